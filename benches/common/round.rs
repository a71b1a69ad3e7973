//! The generated round the intake and serve benchmarks share: 1000 bodies
//! with aliases, a 10-clause draft and one reply file per body, in a real
//! git workspace; plus the min / median / max report line. Included by each
//! bench with `#[path = "common/round.rs"] mod round;`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Bodies in the generated round.
pub const BODIES: usize = 1000;

/// Write consult.yaml (BODIES bodies 测试单位NNNN局, alias 测试NNNN), a
/// 10-clause draft whose clause text ends with `clause_tail`, commit both,
/// and write one reply per body under `root/in/` with the front matter's
/// department and a receipt time before the deadline, and `body(i)` as text.
/// Returns the reply files' paths.
pub fn workspace(root: &Path, clause_tail: &str, body: impl Fn(usize) -> String) -> Vec<String> {
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
            "{c}.支持第{c}项工作。对符合条件的单位给予最高{c}00万元支持{clause_tail}。（责任单位：市科技局、测试单位{c:04}局）\n\n新增资金测算：{c}00万元\n\n"
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
            let text = format!(
                "---\ndepartment: 测试{i:04}\nreceived: 2023-05-2{} 1{}:{:02}\n---\n{}",
                i % 6,
                i % 7,
                i % 60,
                body(i)
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

/// Print `what: min …, median …, max … (target ≤ N ms: met|NOT met)`.
pub fn report(what: &str, samples: &mut [Duration], target: Duration) {
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

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
