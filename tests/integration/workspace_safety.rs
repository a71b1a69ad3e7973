//! Workspace safety (tester2's defects): a decision a version was made from
//! cannot silently change; a reply recorded by mistake can be withdrawn
//! whole; symbolic links are never followed as inputs; `-o` never writes
//! into the workspace's own records.

use std::process::Command;

use crate::harness::Ws;

fn git(ws: &Ws, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(ws.path())
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// tester2 #1: adopt, revise, then reject is refused (exit 2, nothing
/// written); re-adopting is allowed.
#[test]
fn t2_1_decision_used_by_revise_cannot_change() {
    let ws = Ws::example();
    ws.run(&["decide", "7160", "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let before = ws.snapshot();
    ws.run(&["decide", "7160", "reject", "--reason", "经研究不增加"])
        .fails_with(&[
            "7160df06-1",
            "was used to make v2",
            "git revert",
            "nothing was written",
        ]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["decide", "7160", "partial", "--add-unit", "市外办"])
        .fails_with(&["v2"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["decide", "7160", "adopt"]).ok();
    let report = ws.run(&["report"]).ok().stdout();
    assert!(!report.contains("不采纳 | 经研究不增加"), "{report}");
    // Correcting the reading (its edits) is refused the same way; a
    // correction of the text alone is not (revise applies the edits).
    let before = ws.snapshot();
    ws.run(&["amend", "7160df06-1", "--add-unit", "市财政局"])
        .fails_with(&["7160df06-1", "was used to make v2", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&[
        "amend",
        "7160df06-1",
        "--text",
        "建议第五点责任单位增加市人社局",
    ])
    .ok();
}

/// tester2 #1: a mismatch made before the fix (by hand here) is a doctor
/// finding.
#[test]
fn t2_1_doctor_reports_a_decision_changed_after_revise() {
    let ws = Ws::example();
    ws.run(&["decide", "7160", "adopt"]).ok();
    ws.run(&["revise"]).ok();
    ws.write(
        "decisions/7160df06-1.yaml",
        "opinion: 7160df06-1\ndisposition: not_adopted\nreason: 经研究不增加\n",
    );
    git(&ws, &["commit", "-qam", "old decide"]);
    let json = ws.run(&["doctor", "--json"]).code_is(1).json();
    let findings = json["findings"].as_array().unwrap();
    let found = findings
        .iter()
        .find(|f| f["kind"] == "decision_after_revision")
        .unwrap_or_else(|| panic!("{json}"));
    let message = found["message"].as_str().unwrap();
    assert!(
        message.contains("7160df06-1") && message.contains("v2"),
        "{message}"
    );
}

/// tester2 #3: a reply recorded by mistake is withdrawn whole by its reply
/// id: one commit of amendments/<id>.yaml; the body is back to not
/// replied (reminded, not counted as 无修改意见); its opinions are out of
/// the report but listed by `opinions --all`; the original stays.
#[test]
fn t2_3_a_reply_recorded_by_mistake_is_withdrawn_whole() {
    let ws = Ws::example();
    let file = ws.write("in/wrong.txt", "hello world test\n");
    let file = file.to_str().unwrap();
    let run = ws
        .run(&[
            "ingest",
            file,
            "--department",
            "市外办",
            "--received",
            "2023-05-25 10:00",
        ])
        .ok();
    let id = run.stdout().split('[').nth(1).unwrap()[..8].to_string();
    let commits = ws.commits();
    ws.run(&["withdraw", &id, "--reason", "误登记"])
        .ok()
        .stdout_has(&[&id, "市外办"]);
    assert_eq!(ws.commits(), commits + 1);
    assert_eq!(
        ws.git_status().trim(),
        "?? in/",
        "only the input is untracked"
    );
    assert!(ws.join(&format!("amendments/{id}.yaml")).is_file());
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-25 12:00"])
        .ok()
        .json();
    let body = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市外办")
        .unwrap()
        .clone();
    assert_eq!(body["replies"], 0, "{body}");
    assert_eq!(body["opinions"], 0, "{body}");
    let letter = ws
        .run(&["letter", "--remind", "--now", "2023-05-25 12:00"])
        .ok()
        .stdout();
    assert!(letter.contains("市外办"), "{letter}");
    let report = ws.run(&["report"]).ok().stdout();
    assert!(!report.contains("hello world"), "{report}");
    let all = ws.run(&["opinions", "--all", "--json"]).ok().stdout();
    assert!(all.contains("hello world"), "{all}");
    let shown = ws.run(&["opinions", "--json"]).ok().stdout();
    assert!(!shown.contains("hello world"), "{shown}");
    let log = ws.run(&["log"]).ok().stdout();
    assert!(log.contains(&id), "{log}");
    let before = ws.snapshot();
    ws.run(&["withdraw", &id, "--reason", "again"])
        .fails_with(&[&id, "withdrawn already"]);
    assert_eq!(before, ws.snapshot());
}

/// tester2 #3: a reply whose adopted opinion made an existing version
/// cannot be withdrawn (exit 2, nothing written).
#[test]
fn t2_3_withdrawing_a_reply_a_version_used_is_refused() {
    let ws = Ws::example();
    ws.run(&["decide", "7160", "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let before = ws.snapshot();
    ws.run(&["withdraw", "7160df06", "--reason", "误登记"])
        .fails_with(&["7160df06-1", "v2", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
}

/// tester2 #3: `ingest` and `import` refuse an input file that is a
/// symbolic link (exit 2, naming link and target; nothing written).
#[cfg(unix)]
#[test]
fn t2_3_symlinked_input_is_refused() {
    let ws = Ws::example();
    let outside = tempfile::tempdir().unwrap();
    let link = outside.path().join("link.txt");
    std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
    let draft = outside.path().join("v9.md");
    std::fs::write(&draft, ws.read("drafts/v1.md")).unwrap();
    let draft_link = outside.path().join("v9link.md");
    std::os::unix::fs::symlink(&draft, &draft_link).unwrap();
    let before = ws.snapshot();
    let link = link.to_str().unwrap();
    ws.run(&[
        "ingest",
        link,
        "--department",
        "市外办",
        "--received",
        "2023-05-25 10:00",
    ])
    .fails_with(&[
        "link.txt is a symbolic link (to /etc/passwd)",
        "pass the file itself",
    ]);
    ws.run(&[
        "ingest",
        link,
        "--department",
        "市外办",
        "--received",
        "2023-05-25 10:00",
        "--dry-run",
    ])
    .fails_with(&["symbolic link"]);
    ws.run(&["import", draft_link.to_str().unwrap(), "--as", "v9"])
        .fails_with(&["v9link.md is a symbolic link", "v9.md"]);
    assert_eq!(before, ws.snapshot());
    // the file itself is accepted
    ws.run(&["import", draft.to_str().unwrap(), "--as", "v9"])
        .ok();
}

/// tester2 #4: `-o` into the workspace's own records is refused (exit 2,
/// nothing written), however the path is spelled; elsewhere it writes.
#[test]
fn t2_4_output_into_the_workspace_records_is_refused() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["report", "-o", "decisions"])
        .fails_with(&["decisions/", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["decide", "7160", "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let before = ws.snapshot();
    let refused: [&[&str]; 9] = [
        &["report", "-o", "drafts/v1.md"],
        &["report", "--format", "docx", "-o", "drafts/v1.md"],
        &["report", "-o", "./drafts/../drafts/v1.md"],
        &["letter", "-o", "consult.yaml"],
        &["diff", "v1", "v2", "-o", ".git/HEAD"],
        &["report", "-o", "decisions/../amendments"],
        &["export", "v1", "--format", "html", "-o", "comments/x.html"],
        &["letter", "-o", "revisions/v2.yaml"],
        &["diff", "v1", "v2", "-o", "amendments"],
    ];
    for args in refused {
        ws.run(args).fails_with(&[
            "points into the workspace's own records",
            "nothing was written",
        ]);
    }
    assert_eq!(before, ws.snapshot());
    ws.run(&["report", "-o", "summary.md"]).ok();
    assert!(ws.read("summary.md").contains("汇总表"));
}

/// tester2 #4: the workspace is found from the output's folder (a `diff`
/// of two files run elsewhere), through a symbolically linked folder.
#[cfg(unix)]
#[test]
fn t2_4_output_through_a_link_or_from_outside_is_refused() {
    let ws = Ws::example();
    let outside = tempfile::tempdir().unwrap();
    let a = outside.path().join("a.md");
    std::fs::write(&a, ws.read("drafts/v1.md")).unwrap();
    let linked = outside.path().join("dl");
    std::os::unix::fs::symlink(ws.join("drafts"), &linked).unwrap();
    let before = ws.snapshot();
    for target in [
        ws.join("drafts/v1.md"),
        linked.join("v1.md"),
        linked.join("new.md"),
    ] {
        let out = ws
            .std_cmd()
            .current_dir(outside.path())
            .args(["diff", a.to_str().unwrap(), a.to_str().unwrap(), "-o"])
            .arg(&target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target:?}: {stderr}");
        assert!(stderr.contains("drafts/"), "{stderr}");
    }
    assert_eq!(before, ws.snapshot());
}
