//! Intake at scale: 1000 replies from 1000 bodies ingested in one call, and
//! `status` over 1000 bodies — the whole `consult` process timed, in a
//! temporary workspace generated here.
//!
//! Run: `cargo bench --bench intake` (prints min / median / max of each).
//! Targets (issue 3): ingest ≤ 5 s, status ≤ 50 ms on a 2-core machine.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BODIES: usize = 1000;
const RUNS: usize = 5;

fn main() {
    let exe = env!("CARGO_BIN_EXE_consult");
    let mut ingest = Vec::new();
    let mut status = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = workspace(dir.path());
        ingest.push(time(
            exe,
            dir.path(),
            &[&["ingest".to_string()], files.as_slice()].concat(),
        ));
        for _ in 0..3 {
            status.push(time(
                exe,
                dir.path(),
                &[
                    "status".into(),
                    "--json".into(),
                    "--now".into(),
                    "2023-05-29 09:00".into(),
                ],
            ));
        }
    }
    report(
        &format!("ingest {BODIES} replies (one call)"),
        &mut ingest,
        Duration::from_secs(5),
    );
    report(
        &format!("status over {BODIES} bodies"),
        &mut status,
        Duration::from_millis(50),
    );
}

/// A consultation of 1000 bodies, a 10-clause draft and one reply per body
/// (free text, a clause reference and a proposed edit; every tenth says
/// no objection). Returns the reply files.
fn workspace(root: &Path) -> Vec<String> {
    let mut yaml = String::from(
        "title: 压力测试\nissuer: 市科技局\ndeadline: 2023-05-26\ntimezone: Asia/Shanghai\ndepartments:\n",
    );
    for i in 0..BODIES {
        yaml.push_str(&format!(
            "  - name: 测试单位{i:04}局\n    aliases: [测试{i:04}]\n"
        ));
    }
    std::fs::write(root.join("consult.yaml"), yaml).expect("write consult.yaml");
    std::fs::create_dir_all(root.join("drafts")).expect("mkdir");
    let mut draft = String::from("# 压力测试政策\n\n");
    for c in 1..=10 {
        draft.push_str(&format!(
            "{c}.支持第{c}项工作。对符合条件的单位给予最高{c}00万元支持。（责任单位：市科技局、测试单位{c:04}局）\n\n新增资金测算：{c}00万元\n\n"
        ));
    }
    std::fs::write(root.join("drafts/v1.md"), draft).expect("write draft");
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "init"]);
    let replies = root.join("in");
    std::fs::create_dir_all(&replies).expect("mkdir");
    (0..BODIES)
        .map(|i| {
            let c = 1 + i % 10;
            let body = if i % 10 == 0 {
                "经研究，我单位无修改意见。".to_string()
            } else {
                format!("第{c}条：建议将“最高{c}00万元”修改为“最高{c}50万元”。\n")
            };
            let text = format!(
                "---\ndepartment: 测试{i:04}\nreceived: 2023-05-2{} 1{}:{:02}\n---\n{body}",
                i % 6,
                i % 7,
                i % 60
            );
            let path = replies.join(format!("{i:04}.md"));
            std::fs::write(&path, text).expect("write reply");
            path.display().to_string()
        })
        .collect()
}

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@localhost")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@localhost")
        .status()
        .expect("git")
        .success();
    assert!(ok, "git {args:?}");
}

fn time(exe: &str, dir: &Path, args: &[String]) -> Duration {
    let start = Instant::now();
    let status = Command::new(exe)
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run consult");
    let elapsed = start.elapsed();
    assert!(status.success(), "consult {:?} failed", args.first());
    elapsed
}

fn report(what: &str, samples: &mut [Duration], target: Duration) {
    samples.sort();
    let median = samples[samples.len() / 2];
    println!(
        "{what}: min {:.1} ms, median {:.1} ms, max {:.1} ms (target ≤ {} ms: {})",
        ms(samples[0]),
        ms(median),
        ms(samples[samples.len() - 1]),
        target.as_millis(),
        if median <= target { "met" } else { "NOT met" }
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
