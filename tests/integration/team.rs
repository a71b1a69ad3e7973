//! Clones and teams: the same reply in two clones, two clones deciding one
//! opinion differently, and a team round through `consult sync` — against
//! a bare repository and against a git server on loopback (`git daemon`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::crash::{assert_sound, git};
use crate::harness::Ws;

/// Run consult in `dir` as `author`.
fn consult(dir: &Path, author: &str, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("consult"))
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("TZ", "America/Los_Angeles")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "staff@example.com")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "staff@example.com")
        .output()
        .expect("consult")
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn reply(dir: &Path, name: &str, department: &str, clause: u32) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "---\ndepartment: {department}\nreceived: 2023-05-25 10:0{clause}\n---\n第{clause}条：建议将“各县级市（区）人民政府<管委会>”修改为“各县级市（区）人民政府（管委会）”。\n"
        ),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// A reply with no receipt time of its own (given with --received).
fn undated(dir: &Path, name: &str, department: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("---\ndepartment: {department}\n---\n第2条：建议将“各县级市（区）人民政府<管委会>”修改为“各县级市（区）人民政府（管委会）”。\n"),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

fn opinion_of(dir: &Path, department: &str) -> String {
    let out = ok(consult(
        dir,
        "x",
        &["opinions", "--json", "--department", department],
    ));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list[0]["id"].as_str().expect("an opinion").to_string()
}

/// A bare repository made from `ws`, set as its `origin`; returns its path.
fn bare_origin(ws: &Ws, parent: &Path) -> PathBuf {
    let bare = parent.join("origin.git");
    let out = git(
        parent,
        &[
            "clone",
            "-q",
            "--bare",
            ws.path().to_str().unwrap(),
            "origin.git",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = git(
        ws.path(),
        &["remote", "add", "origin", bare.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    bare
}

fn clone(url: &str, parent: &Path, name: &str) -> PathBuf {
    let out = git(parent, &["clone", "-q", url, name]);
    assert!(out.status.success(), "{}", stderr(&out));
    parent.join(name)
}

/// The round both clones play; `url` is the shared remote.
fn team_round(a: &Ws, url: &str, parent: &Path) {
    let b = clone(url, parent, "b");
    let inbox = tempfile::tempdir().unwrap();
    let r1 = undated(inbox.path(), "r1.md", "市教育局");
    let r2 = reply(inbox.path(), "r2.md", "市交通局", 3);
    let r3 = reply(inbox.path(), "r3.md", "市工信局", 4);
    // Both clones receive r1 (A by post, B by mail a day later); A also r2, B r3.
    ok(consult(
        a.path(),
        "张三",
        &["ingest", &r1, "--received", "2023-05-25 10:02"],
    ));
    ok(consult(a.path(), "张三", &["ingest", &r2]));
    ok(consult(
        &b,
        "李四",
        &["ingest", &r1, "--received", "2023-05-26 09:00"],
    ));
    ok(consult(&b, "李四", &["ingest", &r3]));
    // The same opinion decided differently.
    let id = opinion_of(a.path(), "市教育局");
    ok(consult(a.path(), "张三", &["decide", &id, "adopt"]));
    ok(consult(
        &b,
        "李四",
        &["decide", &id, "reject", "--reason", "另行规定"],
    ));
    let other = opinion_of(&b, "市工信局");
    ok(consult(&b, "李四", &["decide", &other, "adopt"]));
    ok(consult(a.path(), "张三", &["sync"]));
    let synced = ok(consult(&b, "李四", &["sync"]));
    // The disagreement is named, with both authors; revise refuses until settled.
    let err = stderr(&synced);
    assert!(
        err.contains(&id) && err.contains("张三") && err.contains("李四"),
        "{err}"
    );
    let doctor = consult(&b, "李四", &["doctor"]);
    assert_eq!(doctor.status.code(), Some(1), "{}", stdout(&doctor));
    assert!(
        stdout(&doctor).contains("conflicting_decision"),
        "{}",
        stdout(&doctor)
    );
    let refused = consult(&b, "李四", &["revise"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains(&id), "{}", stderr(&refused));
    // decide settles it; one reply for r1, the earlier receipt.
    ok(consult(&b, "李四", &["decide", &id, "adopt"]));
    ok(consult(&b, "李四", &["sync"]));
    ok(consult(a.path(), "张三", &["sync"]));
    ok(consult(a.path(), "张三", &["revise"]));
    ok(consult(a.path(), "张三", &["sync"]));
    ok(consult(&b, "李四", &["sync"]));
    let now = ["status", "--json", "--now", "2023-05-29 09:00"];
    let sa = stdout(&ok(consult(a.path(), "张三", &now)));
    let sb = stdout(&ok(consult(&b, "李四", &now)));
    assert_eq!(sa, sb, "status differs between the clones");
    let json: serde_json::Value = serde_json::from_str(&sa).unwrap();
    assert_eq!(json["counts"]["replied"], 4, "{sa}");
    let report = ["report", "--now", "2023-05-29 09:00"];
    let ra = stdout(&ok(consult(a.path(), "张三", &report)));
    let rb = stdout(&ok(consult(&b, "李四", &report)));
    assert_eq!(ra, rb, "report differs between the clones");
    assert!(ra.contains("各县级市（区）人民政府（管委会）"), "{ra}");
    assert!(
        b.join("drafts/v2.md").is_file(),
        "v2 reached the second clone"
    );
    let tag = git(&b, &["rev-parse", "--verify", "-q", "consult/v2"]);
    assert!(
        tag.status.success(),
        "the tag consult/v2 reached the second clone"
    );
    let doctor = consult(&b, "李四", &["doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", stdout(&doctor));
    assert_sound(a);
}

#[test]
fn team_round_through_a_bare_repository() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let bare = bare_origin(&a, parent.path());
    team_round(&a, bare.to_str().unwrap(), parent.path());
}

/// `git daemon` on a free loopback port; killed on drop.
struct Daemon {
    child: Child,
    port: u16,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn daemon(base: &Path) -> Option<Daemon> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = Command::new("git")
        .args([
            "daemon",
            "--export-all",
            "--enable=receive-pack",
            "--reuseaddr",
            "--listen=127.0.0.1",
            &format!("--port={port}"),
            &format!("--base-path={}", base.display()),
            base.to_str()?,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let d = Daemon { child, port };
    // Ready when it answers (a watchdog against hangs, not a time limit).
    for _ in 0..600 {
        let probe = git(
            base,
            &["ls-remote", &format!("git://127.0.0.1:{port}/origin.git")],
        );
        if probe.status.success() {
            return Some(d);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn team_round_through_a_git_server_on_loopback() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    bare_origin(&a, parent.path());
    let Some(server) = daemon(parent.path()) else {
        println!("SKIP: git daemon could not be started on loopback");
        return;
    };
    let url = format!("git://127.0.0.1:{}/origin.git", server.port);
    let out = git(a.path(), &["remote", "set-url", "origin", &url]);
    assert!(out.status.success());
    team_round(&a, &url, parent.path());
}

#[test]
fn sync_without_a_remote_is_exit_2_and_writes_nothing() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["sync"])
        .fails_with(&["no remote is configured", "git remote add origin"]);
    ws.run(&["sync", "--remote", "upstream"])
        .fails_with(&["no remote named upstream"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn sync_refused_by_the_remote_says_what_to_do_and_loses_nothing() {
    let ws = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let bare = bare_origin(&ws, parent.path());
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'push refused by policy' >&2\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let inbox = tempfile::tempdir().unwrap();
    let r = reply(inbox.path(), "r.md", "市教育局", 2);
    ws.run(&["ingest", &r]).ok();
    let before = ws.snapshot();
    ws.run(&["sync"]).fails_with(&[
        "refused the push",
        "nothing is lost",
        "run consult sync again",
    ]);
    assert_eq!(before, ws.snapshot(), "nothing changed locally");
}

#[test]
fn the_same_reply_in_two_clones_cannot_merge_silently() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let b = clone(a.path().to_str().unwrap(), parent.path(), "b");
    let inbox = tempfile::tempdir().unwrap();
    let r = undated(inbox.path(), "r.md", "市教育局");
    ok(consult(
        a.path(),
        "张三",
        &["ingest", &r, "--received", "2023-05-25 10:02"],
    ));
    ok(consult(
        &b,
        "李四",
        &["ingest", &r, "--received", "2023-05-26 09:00"],
    ));
    // A plain git pull stops on the one record both wrote.
    let pull = git(
        &b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD"],
    );
    assert!(!pull.status.success(), "merged silently");
    let conflicted = git(&b, &["diff", "--name-only", "--diff-filter=U"]);
    let names = String::from_utf8_lossy(&conflicted.stdout).to_string();
    assert_eq!(names.lines().count(), 1, "{names}");
    assert!(
        names.starts_with("comments/") && names.trim().ends_with(".yaml"),
        "{names}"
    );
    // consult reads the conflicted record as one reply, the earlier receipt,
    // and doctor names the markers (and --fix does not guess).
    let json: serde_json::Value = serde_json::from_slice(
        &ok(consult(
            &b,
            "李四",
            &["status", "--json", "--now", "2023-05-29 09:00"],
        ))
        .stdout,
    )
    .unwrap();
    assert_eq!(json["counts"]["replied"], 2);
    let doctor = consult(&b, "李四", &["doctor", "--json"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert!(
        stdout(&doctor).contains("conflict_markers"),
        "{}",
        stdout(&doctor)
    );
    assert!(
        stdout(&doctor).contains("merge_in_progress"),
        "{}",
        stdout(&doctor)
    );
    // No writing command commits into a half-done merge.
    let before = snapshot(&b);
    let decide = consult(&b, "李四", &["decide", "7160df06-1", "adopt"]);
    assert_eq!(decide.status.code(), Some(2), "{}", stderr(&decide));
    assert!(
        stderr(&decide).contains("merge is in progress"),
        "{}",
        stderr(&decide)
    );
    assert_eq!(before, snapshot(&b), "decide wrote into a half-done merge");
    let fix = consult(&b, "李四", &["doctor", "--fix"]);
    assert_eq!(fix.status.code(), Some(2), "{}", stderr(&fix));
    assert!(stderr(&fix).contains("does not guess"), "{}", stderr(&fix));
    assert_eq!(before, snapshot(&b), "doctor --fix wrote something");
}

#[test]
fn two_clones_deciding_differently_are_named_and_decide_settles_it() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let bare = bare_origin(&a, parent.path());
    let b = clone(bare.to_str().unwrap(), parent.path(), "b");
    let id = opinion_of(a.path(), "市委组织部（人才办）");
    ok(consult(a.path(), "张三", &["decide", &id, "adopt"]));
    ok(consult(
        &b,
        "李四",
        &["decide", &id, "reject", "--reason", "不宜"],
    ));
    ok(consult(a.path(), "张三", &["sync"]));
    ok(consult(&b, "李四", &["sync"]));
    let list = stdout(&ok(consult(&b, "李四", &["opinions", "--json"])));
    assert!(list.contains("张三") && list.contains("李四"), "{list}");
    let report = ok(consult(&b, "李四", &["opinions"]));
    assert!(stdout(&report).contains(&id));
    ok(consult(
        &b,
        "李四",
        &["decide", &id, "partial", "--reason", "商定"],
    ));
    let doctor = consult(&b, "李四", &["doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", stdout(&doctor));
    let json: serde_json::Value =
        serde_json::from_slice(&ok(consult(&b, "李四", &["opinions", "--json"])).stdout).unwrap();
    let o = json
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id.as_str())
        .unwrap();
    assert_eq!(o["disposition"], "partially_adopted");
}

/// Files (outside .git) and HEAD of a clone.
fn snapshot(dir: &Path) -> (Vec<(PathBuf, Vec<u8>)>, String) {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    let head = String::from_utf8_lossy(&git(dir, &["rev-parse", "HEAD"]).stdout).to_string();
    (files, head)
}

/// Tester defect 2: two clones recorded the same original for different
/// departments. sync stops (merge undone, nothing changed locally) naming
/// the reply and both departments; `amend` in one clone settles it.
#[test]
fn sync_moves_a_reply_to_another_department_no_more() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let bare = bare_origin(&a, parent.path());
    let b = clone(bare.to_str().unwrap(), parent.path(), "b");
    let inbox = tempfile::tempdir().unwrap();
    let file = inbox.path().join("jyj.txt");
    std::fs::write(&file, "无修改意见\n").unwrap();
    let file = file.to_str().unwrap();
    let first = ok(consult(
        a.path(),
        "张三",
        &[
            "ingest",
            file,
            "--department",
            "市教育局",
            "--received",
            "2023-05-25 10:00",
            "--json",
        ],
    ));
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let id = json[0]["reply"].as_str().unwrap().to_string();
    ok(consult(a.path(), "张三", &["sync"]));
    ok(consult(
        &b,
        "李四",
        &[
            "ingest",
            file,
            "--department",
            "市工信局",
            "--received",
            "2023-05-24 10:00",
        ],
    ));
    let before = snapshot(&b);
    let sync = consult(&b, "李四", &["sync"]);
    assert_eq!(sync.status.code(), Some(2), "{}", stdout(&sync));
    let err = stderr(&sync);
    for want in [
        id.as_str(),
        "市教育局",
        "2023-05-25 10:00",
        "市工信局",
        "2023-05-24 10:00",
        "consult amend",
        "nothing changed locally",
    ] {
        assert!(err.contains(want), "missing {want}: {err}");
    }
    assert_eq!(before, snapshot(&b), "nothing changed locally");
    let doctor = consult(&b, "李四", &["doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", stdout(&doctor));
    // Settled by amending one clone, then syncing both.
    ok(consult(
        &b,
        "李四",
        &["amend", &id, "--department", "市教育局"],
    ));
    ok(consult(&b, "李四", &["sync"]));
    ok(consult(a.path(), "张三", &["sync"]));
    for dir in [a.path(), b.as_path()] {
        let out = ok(consult(
            dir,
            "x",
            &["status", "--json", "--now", "2023-05-29 09:00"],
        ));
        let status = stdout(&out);
        let json: serde_json::Value = serde_json::from_str(&status).unwrap();
        let rows = json["departments"].as_array().expect(&status);
        let row = |name: &str| {
            rows.iter()
                .find(|r| r["name"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("{name}: {status}"))
        };
        // The earlier receipt is kept, for the department settled on.
        assert_eq!(row("市教育局")["received"], "2023-05-24T10:00:00+08:00");
        assert!(row("市工信局")["received"].is_null(), "{status}");
    }
}

/// consult run with no git identity anywhere: no GIT_* names, a HOME and
/// XDG_CONFIG_HOME without a git configuration, no system one.
fn consult_anonymous(dir: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("consult"))
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env("LANG", "C")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("EMAIL")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("consult")
}

/// tester16 M1: every command worked without a git identity but `sync`,
/// whose merge commit git refused ("Committer identity unknown") with a
/// hint about uncommitted changes; git now makes it as consult's own
/// commits are made (`consult <consult@localhost>`).
#[test]
fn t16_m1_sync_merges_without_a_git_identity() {
    let a = Ws::example();
    let parent = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let bare = bare_origin(&a, parent.path());
    ok(consult(a.path(), "张三", &["sync"]));
    let b = clone(bare.to_str().unwrap(), parent.path(), "b");
    let inbox = tempfile::tempdir().unwrap();
    let r2 = reply(inbox.path(), "r2.md", "市交通局", 3);
    let r3 = reply(inbox.path(), "r3.md", "市工信局", 4);
    ok(consult(a.path(), "张三", &["ingest", &r2]));
    ok(consult(a.path(), "张三", &["sync"]));
    // B's work and A's have parted: the sync needs a merge commit.
    ok(consult_anonymous(&b, home.path(), &["ingest", &r3]));
    let synced = ok(consult_anonymous(&b, home.path(), &["sync"]));
    assert!(stdout(&synced).contains("merged"), "{}", stdout(&synced));
    let who = git(&b, &["log", "-1", "--format=%an <%ae> / %cn <%ce>"]);
    assert_eq!(
        stdout(&who).trim(),
        "consult <consult@localhost> / consult <consult@localhost>"
    );
    // A takes the merge in.
    ok(consult(a.path(), "张三", &["sync"]));
    assert_sound(&a);
}
