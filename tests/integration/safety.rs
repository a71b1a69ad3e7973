//! Nothing lost: concurrent ingests, a process killed mid-ingest, and two
//! clones that ingest different replies and merge with a plain `git pull`.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::Ws;

fn reply_file(ws: &Ws, name: &str, department: &str, minute: u32) -> String {
    let text = format!(
        "---\ndepartment: {department}\nreceived: 2023-05-25 10:{minute:02}\n---\n第{}条：建议将“{}”修改为“{}”。\n",
        1 + minute % 10,
        "各县级市（区）人民政府<管委会>",
        "各县级市（区）人民政府（管委会）"
    );
    ws.write(name, text).to_str().unwrap().to_string()
}

fn git(ws_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(ws_dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git")
}

const BODIES: [&str; 6] = [
    "市大数据局",
    "市发改委",
    "市教育局",
    "市工信局",
    "市生态环境局",
    "市交通局",
];

#[test]
fn concurrent_ingests_all_succeed() {
    let ws = Ws::example();
    let commits = ws.commits();
    let children: Vec<_> = BODIES
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let file = reply_file(&ws, &format!("in/{i}.md"), body, i as u32);
            ws.std_cmd()
                .args(["ingest", &file])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(ws.commits(), commits + BODIES.len());
    assert!(
        !ws.git_status().contains("comments/"),
        "{}",
        ws.git_status()
    );
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["counts"]["replied"], 1 + BODIES.len() as u64);
}

#[test]
fn a_process_killed_mid_ingest_leaves_a_consistent_workspace() {
    let ws = Ws::example();
    let names = [
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
        "市市场监管局",
        "市金融监管局",
        "市大数据集团",
        "苏创投集团",
    ];
    let files: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, b)| reply_file(&ws, &format!("in/{i}.md"), b, i as u32))
        .collect();
    for delay_ms in [1u64, 5, 15, 40] {
        let mut child = ws
            .std_cmd()
            .arg("ingest")
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever was on disk at the kill: status works, records parse.
        ws.run(&["status", "--json", "--now", "2023-05-29 09:00"])
            .ok();
        let fsck = git(ws.path(), &["fsck", "--no-progress"]);
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
    }
    // Ingesting again completes the job: every reply once, all committed.
    let mut cmd = ws.cmd();
    let out = cmd.arg("ingest").args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !ws.git_status().contains("comments/"),
        "{}",
        ws.git_status()
    );
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["counts"]["replied"], 1 + names.len() as u64);
    let records = std::fs::read_dir(ws.join("comments"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".yaml"))
        .count();
    assert_eq!(
        records,
        1 + names.len(),
        "one record per reply, no duplicates"
    );
    let leftovers = std::fs::read_dir(ws.join("comments"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .count();
    assert_eq!(leftovers, 0, "temporary files cleaned up");
}

#[test]
fn two_clones_ingest_different_replies_and_merge_without_conflict() {
    let a = Ws::example();
    let parent = Ws::empty();
    let b_dir = parent.join("b");
    let clone = git(
        parent.path(),
        &["clone", "-q", a.path().to_str().unwrap(), "b"],
    );
    assert!(
        clone.status.success(),
        "{}",
        String::from_utf8_lossy(&clone.stderr)
    );
    let fa = reply_file(&a, "../ra.md", "市教育局", 1);
    a.run(&["ingest", &fa]).ok();
    let fb = reply_file(&parent, "rb.md", "市交通局", 2);
    a.run(&["-C", b_dir.to_str().unwrap(), "ingest", &fb]).ok();
    let pull = git(
        &b_dir,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "HEAD"],
    );
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    let json = a
        .run(&[
            "-C",
            b_dir.to_str().unwrap(),
            "status",
            "--json",
            "--now",
            "2023-05-29 09:00",
        ])
        .ok()
        .json();
    assert_eq!(json["counts"]["replied"], 3);
}
