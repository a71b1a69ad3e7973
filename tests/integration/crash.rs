//! Kill loops: ingest, decide, revise and import each killed (SIGKILL) at
//! pseudo-random moments 30 times. After the next run the workspace must be
//! sound: `git fsck` clean, no git lock file left and consult's lock empty,
//! HEAD's tree clean in the workspace's folders, every reply recorded
//! once, every version committed and tagged or absent.
//!
//! The kill moments are spread over one uncut run's duration, measured
//! first on this machine, so the loop hits every phase on a fast or a
//! loaded machine alike; nothing asserts a time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::Ws;

const KILLS: u64 = 30;

/// A small deterministic generator (xorshift64*).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git")
}

fn text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

/// Run `args` to the end, timing it (to spread the kills over a run).
/// Recoveries it reports are counted on stderr (`--nocapture` shows them).
fn timed(ws: &Ws, args: &[String]) -> Duration {
    let started = Instant::now();
    let out = ws.std_cmd().args(args).output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in err.lines().filter(|l| l.starts_with("note:")) {
        eprintln!("{}: {line}", args[0]);
    }
    started.elapsed()
}

/// Start `args` and kill it after `delay`.
fn kill_after(ws: &Ws, args: &[String], delay: Duration) {
    let mut child = ws
        .std_cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// The invariant after a completed run.
pub fn assert_sound(ws: &Ws) {
    let fsck = git(ws.path(), &["fsck", "--no-progress", "--no-dangling"]);
    assert!(fsck.status.success(), "git fsck: {}", text(&fsck));
    let git_dir = ws.join(".git");
    let mut locks = Vec::new();
    find_locks(&git_dir, &mut locks);
    assert!(locks.is_empty(), "lock files left: {locks:?}");
    let holder = std::fs::read_to_string(git_dir.join("consult.lock")).unwrap_or_default();
    assert!(
        holder.is_empty(),
        "consult.lock still names a holder: {holder}"
    );
    let status = git(
        ws.path(),
        &[
            "status",
            "--porcelain",
            "--",
            "consult.yaml",
            "comments",
            "decisions",
            "drafts",
            "revisions",
        ],
    );
    assert!(
        String::from_utf8_lossy(&status.stdout).trim().is_empty(),
        "HEAD's tree is not clean:\n{}",
        text(&status)
    );
    // Every reply once.
    let mut hashes = std::collections::HashSet::new();
    for e in std::fs::read_dir(ws.join("comments")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".yaml") {
            let yaml = std::fs::read_to_string(e.path()).unwrap();
            let sha = yaml
                .lines()
                .find_map(|l| l.trim().strip_prefix("sha256: "))
                .expect("sha256")
                .to_string();
            assert!(hashes.insert(sha.clone()), "{sha} recorded twice");
        }
    }
    // Every version committed and tagged.
    for e in std::fs::read_dir(ws.join("drafts")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(version) = name.strip_suffix(".md") else {
            continue;
        };
        assert!(!name.starts_with('.'), "temporary file {name} left");
        if version == "v1" {
            continue;
        }
        let tag = git(
            ws.path(),
            &["rev-parse", "--verify", "-q", &format!("consult/{version}")],
        );
        assert!(tag.status.success(), "{version} is not tagged");
        let at_tag = git(
            ws.path(),
            &["show", &format!("consult/{version}:drafts/{version}.md")],
        );
        assert_eq!(
            at_tag.stdout,
            std::fs::read(e.path()).unwrap(),
            "{version} differs from its tag"
        );
    }
    for e in std::fs::read_dir(ws.join("revisions"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().to_string();
        let version = name.trim_end_matches(".yaml");
        assert!(
            ws.join(&format!("drafts/{version}.md")).is_file(),
            "revisions/{name} without its version"
        );
    }
}

fn find_locks(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            find_locks(&p, out);
        } else if p.extension().is_some_and(|x| x == "lock")
            && p.file_name().is_some_and(|n| n != "consult.lock")
        {
            out.push(p);
        }
    }
}

const BODIES: [&str; 10] = [
    "市大数据局",
    "市发改委",
    "市教育局",
    "市工信局",
    "市生态环境局",
    "市交通局",
    "市农业农村局",
    "市文广旅局",
    "市卫生健康委",
    "市外办",
];

/// Reply files outside the workspace: `n` files, numbered from `from`.
fn replies(dir: &Path, from: usize, n: usize) -> Vec<String> {
    (from..from + n)
        .map(|i| {
            let path = dir.join(format!("r{i}.md"));
            let body = BODIES[i % BODIES.len()];
            std::fs::write(
                &path,
                format!(
                    "---\ndepartment: {body}\nreceived: 2023-05-25 10:{:02}\n---\n第{}条：建议将“各县级市（区）人民政府<管委会>”修改为“各县级市（区）人民政府（管委会）”。（第{i}份）\n",
                    i % 60,
                    1 + i % 10
                ),
            )
            .unwrap();
            path.to_str().unwrap().to_string()
        })
        .collect()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn kill_loop_ingest() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let mut batch = 0;
    let mut next = |n: usize| {
        batch += 1;
        let mut a = args(&["ingest"]);
        a.extend(replies(inbox.path(), batch * 10, n));
        a
    };
    let full = timed(&ws, &next(4));
    let mut dice = Dice(0x1234_5678);
    for _ in 0..KILLS {
        let delay = dice.below(full.as_micros() as u64 * 3 / 2 + 1);
        let batch = next(4);
        kill_after(&ws, &batch, Duration::from_micros(delay));
        // The same batch again: completes what was cut, adds nothing twice.
        timed(&ws, &batch);
        assert_sound(&ws);
    }
}

#[test]
fn kill_loop_decide() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let mut a = args(&["ingest"]);
    a.extend(replies(inbox.path(), 0, 6));
    timed(&ws, &a);
    let list = ws.run(&["opinions", "--json"]).ok().json();
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let words = ["adopt", "reject", "note", "partial"];
    let full = timed(&ws, &args(&["decide", &ids[0], "note"]));
    let mut dice = Dice(0x9e37_79b9);
    for i in 0..KILLS as usize {
        let delay = dice.below(full.as_micros() as u64 * 3 / 2 + 1);
        let id = &ids[i % ids.len()];
        let word = words[i % words.len()];
        kill_after(
            &ws,
            &args(&["decide", id, word, "--reason", "理由"]),
            Duration::from_micros(delay),
        );
        timed(
            &ws,
            &args(&["decide", id, words[(i + 1) % 4], "--reason", "再议"]),
        );
        assert_sound(&ws);
    }
}

#[test]
fn kill_loop_revise() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let mut a = args(&["ingest"]);
    a.extend(replies(inbox.path(), 0, 1));
    timed(&ws, &a);
    let list = ws.run(&["opinions", "--json"]).ok().json();
    let id = list[0]["id"].as_str().unwrap().to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    let full = timed(&ws, &args(&["revise", "--to", "v2"]));
    let mut dice = Dice(0x51ed_270b);
    let mut n = 3;
    for _ in 0..KILLS {
        let delay = dice.below(full.as_micros() as u64 * 3 / 2 + 1);
        kill_after(
            &ws,
            &args(&["revise", "--to", &format!("v{n}")]),
            Duration::from_micros(delay),
        );
        // The next run: the cut version is completed or gone.
        let to = format!("v{}", n + 1);
        timed(&ws, &args(&["revise", "--to", &to]));
        assert_sound(&ws);
        n += 2;
    }
}

#[test]
fn kill_loop_import() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let source = inbox.path().join("draft.md");
    std::fs::write(&source, ws.read("drafts/v1.md").replace("苏州", "姑苏")).unwrap();
    let source = source.to_str().unwrap().to_string();
    let full = timed(&ws, &args(&["import", &source, "--as", "v2"]));
    let mut dice = Dice(0x2545_f491);
    let mut n = 3;
    for _ in 0..KILLS {
        let delay = dice.below(full.as_micros() as u64 * 3 / 2 + 1);
        kill_after(
            &ws,
            &args(&["import", &source, "--as", &format!("v{n}")]),
            Duration::from_micros(delay),
        );
        timed(
            &ws,
            &args(&["import", &source, "--as", &format!("v{}", n + 1)]),
        );
        assert_sound(&ws);
        n += 2;
    }
}

#[test]
fn kill_loop_amend() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let mut a = args(&["ingest"]);
    a.extend(replies(inbox.path(), 0, 6));
    timed(&ws, &a);
    let list = ws.run(&["opinions", "--json"]).ok().json();
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let amend = |id: &str, text: &str| args(&["amend", id, "--text", text, "--reason", "更正"]);
    let full = timed(&ws, &amend(&ids[0], "更正前"));
    let mut dice = Dice(0x0bad_5eed);
    for i in 0..KILLS as usize {
        let delay = dice.below(full.as_micros() as u64 * 3 / 2 + 1);
        let id = &ids[i % ids.len()];
        kill_after(
            &ws,
            &amend(id, &format!("更正{i}甲")),
            Duration::from_micros(delay),
        );
        timed(&ws, &amend(id, &format!("更正{i}乙")));
        assert_sound(&ws);
    }
}
