//! `consult init`: blank and example workspaces, refusal to overwrite.

use crate::harness::Ws;

#[test]
fn init_example_writes_a_committed_working_workspace() {
    let ws = Ws::empty();
    ws.run(&["init", "suzhou", "--example"]).ok();
    let dir = ws.join("suzhou");
    for f in ["consult.yaml", "drafts/v1.md"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let records = std::fs::read_dir(dir.join("comments")).unwrap().count();
    assert!(records >= 2, "the talent office's reply and its original");
    let log = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(log.stdout.is_empty(), "everything committed");
    let run = ws
        .run(&[
            "-C",
            "suzhou",
            "status",
            "--json",
            "--now",
            "2023-05-29 09:00",
        ])
        .ok();
    assert_eq!(run.json()["counts"]["total"], 25);
}

#[test]
fn init_example_matches_the_repository_example() {
    let ws = Ws::example();
    for f in ["consult.yaml", "drafts/v1.md"] {
        let ours = std::fs::read(crate::harness::project_dir().join(f)).unwrap();
        assert_eq!(
            std::fs::read(ws.join(f)).unwrap(),
            ours,
            "{f} differs from the repository's"
        );
    }
}

#[test]
fn init_blank_workspace_is_usable() {
    let ws = Ws::empty();
    ws.run(&["init", "new"]).ok();
    ws.run(&["-C", "new", "status", "--json"]).ok();
    ws.run(&["-C", "new", "show", "--json"]).ok();
}

#[test]
fn init_refuses_an_existing_workspace_and_writes_nothing() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["init", ".", "--example"])
        .fails_with(&["consult.yaml"]);
    ws.run(&["init", "."]).fails_with(&["consult.yaml"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn commands_outside_a_workspace_say_how_to_make_one() {
    let ws = Ws::empty();
    ws.run(&["status"])
        .fails_with(&["consult.yaml", "consult init"]);
    ws.run(&["-C", "nowhere", "status"])
        .fails_with(&["consult.yaml"]);
}
