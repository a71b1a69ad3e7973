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
