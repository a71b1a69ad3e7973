//! The failures of issue 10, each pinned: the basis never committed, stale
//! git locks that wedged every later command, a revision planned outside
//! the lock, hostile trees (symbolic links, a deleted original swept into a
//! commit, a detached HEAD, a bare repository, two workspaces in one
//! repository), terminal injection, an empty --replace.

use std::path::Path;
use std::process::Stdio;

use crate::crash::{assert_sound, git};
use crate::harness::Ws;

const ORIGINAL: &str =
    "comments/originals/7160df061196cbddfe1d259fcabcee49005eefb34ac5a5bb6be6507d5a0b487c.md";

fn reply(dir: &Path, name: &str, department: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("---\ndepartment: {department}\nreceived: 2023-05-25 10:00\n---\n{text}\n"),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

fn plain_reply(dir: &Path) -> String {
    reply(
        dir,
        "r.md",
        "市教育局",
        "第2条：建议将“各县级市（区）人民政府<管委会>”修改为“各县级市（区）人民政府（管委会）”。",
    )
}

fn head_has(ws: &Ws, rel: &str) -> bool {
    git(ws.path(), &["cat-file", "-e", &format!("HEAD:{rel}")])
        .status
        .success()
}

#[test]
fn i10_config_and_draft_edits_are_committed_before_the_first_record() {
    let ws = Ws::example();
    let config = ws
        .read("consult.yaml")
        .replace("市科学技术局", "市科学技术局（改）");
    ws.write("consult.yaml", &config);
    let draft = ws.read("drafts/v1.md") + "\n补充说明。\n";
    ws.write("drafts/v1.md", &draft);
    let status = ws.run(&["status", "--now", "2023-05-29 09:00"]).ok();
    assert!(
        status.stderr().contains("uncommitted edits"),
        "{}",
        status.stderr()
    );
    let doctor = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(doctor["findings"][0]["kind"], "uncommitted_basis");
    let inbox = tempfile::tempdir().unwrap();
    let commits = ws.commits();
    let run = ws.run(&["ingest", &plain_reply(inbox.path())]).ok();
    assert!(run.stderr().contains("basis"), "{}", run.stderr());
    assert_eq!(ws.commits(), commits + 2, "basis commit, then the ingest");
    let log = git(ws.path(), &["log", "--format=%s", "-2"]);
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.lines().nth(1).unwrap().starts_with("basis:"), "{log}");
    let show = git(ws.path(), &["show", "HEAD~1:consult.yaml"]);
    assert_eq!(String::from_utf8_lossy(&show.stdout), config);
    assert!(ws.git_status().is_empty(), "{}", ws.git_status());
    ws.run(&["doctor"]).ok();
}

/// A consult.lock naming a dead process, as a kill -9 leaves it.
fn dead_holder(ws: &Ws) {
    ws.write(".git/consult.lock", "4194303");
}

#[test]
fn i10_stale_git_locks_of_a_killed_consult_are_removed() {
    for command in ["ingest", "import"] {
        let ws = Ws::example();
        let inbox = tempfile::tempdir().unwrap();
        dead_holder(&ws);
        ws.write(".git/index.lock", "");
        ws.write(".git/refs/heads/master.lock", "");
        let commits = ws.commits();
        let file = if command == "ingest" {
            plain_reply(inbox.path())
        } else {
            let p = inbox.path().join("v2.md");
            std::fs::write(&p, ws.read("drafts/v1.md")).unwrap();
            p.to_str().unwrap().to_string()
        };
        let mut args = vec![command, file.as_str()];
        if command == "import" {
            args.extend(["--as", "v2"]);
        }
        let run = ws.run(&args).ok();
        assert!(run.stderr().contains("index.lock"), "{}", run.stderr());
        assert_eq!(ws.commits(), commits + 1);
        assert!(ws.git_status().is_empty(), "{command}: {}", ws.git_status());
        assert_sound(&ws);
    }
}

#[test]
fn i10_a_git_lock_of_a_live_git_is_waited_for_then_refused() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    ws.write(".git/index.lock", "");
    let before = ws.snapshot();
    ws.run_env(
        &["ingest", &plain_reply(inbox.path())],
        &[("CONSULT_LOCK_WAIT", "1")],
    )
    .fails_with(&["index.lock", "another git command", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
    assert!(
        ws.join(".git/index.lock").exists(),
        "a live git's lock is left alone"
    );
}

#[test]
fn i10_a_workspace_locked_by_a_live_consult_is_waited_for_then_refused() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(ws.join(".git/consult.lock"))
        .unwrap();
    lock.lock().unwrap();
    let before = ws.snapshot();
    ws.run_env(
        &["ingest", &plain_reply(inbox.path())],
        &[("CONSULT_LOCK_WAIT", "1")],
    )
    .fails_with(&["waiting", "locked by", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
    drop(lock);
    ws.run(&["ingest", &plain_reply(inbox.path())]).ok();
}

#[test]
fn i10_two_revisions_at_once_make_one_version() {
    let ws = Ws::example();
    ws.run(&["decide", "7160df06-1", "adopt"]).ok();
    let children: Vec<_> = (0..2)
        .map(|_| {
            ws.std_cmd()
                .arg("revise")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let results: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let ok = results.iter().filter(|r| r.status.success()).count();
    assert_eq!(ok, 1, "exactly one revision made v2");
    let failed = results.iter().find(|r| !r.status.success()).unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("exists already"));
    let revisions = git(ws.path(), &["log", "--format=%s", "--grep=^revise:"]);
    assert_eq!(
        String::from_utf8_lossy(&revisions.stdout).lines().count(),
        1
    );
    assert_sound(&ws);
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
#[test]
fn i10_symbolic_links_are_never_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "机密").unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let cases: [(&str, bool); 6] = [
        (ORIGINAL, false),
        ("comments", true),
        ("decisions", true),
        ("drafts/v9.md", false),
        ("revisions", true),
        ("consult.yaml", false),
    ];
    for (at, folder) in cases {
        let ws = Ws::example();
        let path = ws.join(at);
        if path.is_dir() {
            std::fs::rename(
                &path,
                outside
                    .path()
                    .join(format!("moved-{}", at.replace('/', "-"))),
            )
            .unwrap();
        } else if path.is_file() {
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if folder {
            let target = outside.path().join(format!("dir-{}", at.replace('/', "-")));
            std::fs::create_dir_all(&target).unwrap();
            link(&target, &path);
        } else {
            link(&outside.path().join("secret.txt"), &path);
        }
        let before = ws.snapshot();
        let head = git(ws.path(), &["rev-parse", "HEAD"]).stdout;
        for args in [
            vec!["ingest", &plain_reply(inbox.path())],
            vec!["decide", "7160df06-1", "adopt"],
            vec!["status"],
        ] {
            ws.run(&args.iter().map(|s| s.as_ref()).collect::<Vec<&str>>())
                .fails_with(&["symbolic link", at.split('/').next().unwrap()]);
        }
        assert_eq!(before, ws.snapshot(), "{at}: something was written");
        assert_eq!(head, git(ws.path(), &["rev-parse", "HEAD"]).stdout);
        let leaked = std::fs::read_dir(outside.path())
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .any(|e| {
                std::fs::read_dir(e.path()).unwrap().next().is_some()
                    && e.file_name().to_string_lossy().starts_with("dir-")
            });
        assert!(!leaked, "{at}: written outside the workspace");
    }
}

#[test]
fn i10_a_deleted_original_is_never_committed_and_reingesting_restores_it() {
    let ws = Ws::example();
    let bytes = std::fs::read(ws.join(ORIGINAL)).unwrap();
    std::fs::remove_file(ws.join(ORIGINAL)).unwrap();
    let inbox = tempfile::tempdir().unwrap();
    let run = ws.run(&["ingest", &plain_reply(inbox.path())]).ok();
    assert!(run.stderr().contains("left alone"), "{}", run.stderr());
    assert!(head_has(&ws, ORIGINAL), "the deletion was committed");
    let status = ws.run(&["status"]).ok();
    assert!(
        status.stderr().contains("is missing"),
        "{}",
        status.stderr()
    );
    let doctor = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(doctor["findings"][0]["kind"], "missing_original");
    // Re-ingesting the same bytes puts it back.
    let again = inbox.path().join("again.md");
    std::fs::write(&again, &bytes).unwrap();
    ws.run(&["ingest", again.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read(ws.join(ORIGINAL)).unwrap(), bytes);
    ws.run(&["doctor"]).ok();
    assert!(ws.git_status().is_empty(), "{}", ws.git_status());
}

#[test]
fn i10_an_altered_original_is_restored_by_doctor_fix() {
    let ws = Ws::example();
    let bytes = std::fs::read(ws.join(ORIGINAL)).unwrap();
    ws.write(ORIGINAL, "篡改");
    let doctor = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(doctor["findings"][0]["kind"], "altered_original");
    ws.run(&["doctor", "--fix"]).ok();
    assert_eq!(std::fs::read(ws.join(ORIGINAL)).unwrap(), bytes);
    ws.run(&["doctor"]).ok();
}

#[test]
fn i10_a_detached_head_is_refused_before_anything_is_written() {
    let ws = Ws::example();
    let out = git(ws.path(), &["checkout", "-q", "--detach"]);
    assert!(out.status.success());
    let inbox = tempfile::tempdir().unwrap();
    let before = ws.snapshot();
    ws.run(&["ingest", &plain_reply(inbox.path())])
        .fails_with(&["detached HEAD", "git switch"]);
    ws.run(&["decide", "7160df06-1", "adopt"])
        .fails_with(&["detached HEAD"]);
    assert_eq!(before, ws.snapshot());
    let doctor = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(doctor["findings"][0]["kind"], "detached_head");
}

#[test]
fn i10_init_in_a_bare_repository_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = git(dir.path(), &["init", "-q", "--bare", "repo.git"]);
    assert!(out.status.success());
    let bare = dir.path().join("repo.git");
    let ws = Ws::empty();
    let before: Vec<_> = std::fs::read_dir(&bare)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    ws.run(&["init", bare.to_str().unwrap()])
        .fails_with(&["bare repository", "git clone"]);
    let after: Vec<_> = std::fs::read_dir(&bare)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn i10_two_workspaces_in_one_repository_tag_apart() {
    let repo = Ws::empty();
    let out = git(repo.path(), &["init", "-q"]);
    assert!(out.status.success());
    for sub in ["a", "b"] {
        let example = Ws::example();
        for rel in [
            "consult.yaml",
            "drafts/v1.md",
            ORIGINAL,
            "comments/20230524T082000Z-7160df06.yaml",
        ] {
            repo.write(
                &format!("{sub}/{rel}"),
                std::fs::read(example.join(rel)).unwrap(),
            );
        }
    }
    let out = git(repo.path(), &["add", "."]);
    assert!(out.status.success());
    let out = git(repo.path(), &["commit", "-qm", "two workspaces"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for sub in ["a", "b"] {
        repo.run(&["-C", sub, "decide", "7160df06-1", "adopt"]).ok();
        repo.run(&["-C", sub, "revise"]).ok();
    }
    let tags = git(repo.path(), &["tag", "--list"]);
    assert_eq!(
        String::from_utf8_lossy(&tags.stdout),
        "consult/a/v2\nconsult/b/v2\n"
    );
}

#[test]
fn i10_control_characters_reach_no_terminal() {
    let ws = Ws::example();
    let inbox = tempfile::tempdir().unwrap();
    let file = reply(
        inbox.path(),
        "evil\u{1b}]0;owned\u{7}.md",
        "市教育局",
        "第2条：建议\u{1b}[31m删去\u{202e}本条。各县级市（区）人民政府应当在本政策发布之日起三个月内制定实施细则，明确责任分工、资金来源和考核办法，并报市科技局备案；市级部门按职责做好指导服务，确保政策落地见效。",
    );
    for args in [
        vec!["ingest", file.as_str()],
        vec!["opinions"],
        vec!["report", "--now", "2023-05-29 09:00"],
        vec!["status", "--now", "2023-05-29 09:00"],
        vec!["log"],
    ] {
        let run = ws.run(&args).ok();
        for (name, text) in [("stdout", run.stdout()), ("stderr", run.stderr())] {
            assert!(
                !text.contains('\u{1b}')
                    && !text.contains('\u{202e}')
                    && !text.contains('\u{9b}')
                    && !text.contains('\u{7}'),
                "{args:?} {name} carries raw control characters: {text:?}"
            );
        }
        // The file name is shown with its escapes visible; the opinion's
        // text had them stripped at intake (tester §9).
        if args[0] == "ingest" {
            assert!(
                run.stdout().contains("\\u{1b}"),
                "{args:?}: {}",
                run.stdout()
            );
        }
        if args[0] == "opinions" {
            assert!(run.stdout().contains("建议删去本条"), "{}", run.stdout());
        }
    }
    let json = ws.run(&["opinions", "--json"]).ok();
    assert!(!json.stdout().contains("\\u001b"), "stripped at intake");
    json.json();
}

#[test]
fn i10_decide_replace_with_an_empty_from_is_refused() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["decide", "7160df06-1", "partial", "--replace", "", "新文字"])
        .fails_with(&["empty FROM", "nothing was written"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn doctor_on_a_sound_workspace_finds_nothing() {
    let ws = Ws::example();
    ws.run(&["doctor"])
        .ok()
        .stdout_has(&["the workspace is sound."]);
    let json = ws.run(&["doctor", "--json"]).ok().json();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn doctor_fix_removes_a_duplicate_record_in_one_commit() {
    let ws = Ws::example();
    // The same original recorded again under the hash name, received later
    // (as an old and a new consult, or a careless copy, would leave it).
    let old = "comments/20230524T082000Z-7160df06.yaml";
    let text = ws
        .read(old)
        .replace("2023-05-24T16:20:00+08:00", "2023-05-26T09:00:00+08:00");
    let sha = ORIGINAL.rsplit('/').next().unwrap().trim_end_matches(".md");
    ws.write(&format!("comments/{sha}.yaml"), &text);
    let out = git(ws.path(), &["add", "."]);
    assert!(out.status.success());
    let out = git(ws.path(), &["commit", "-qm", "copy"]);
    assert!(out.status.success());
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["counts"]["replied"], 1, "one original, one reply");
    let found = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(found["findings"][0]["kind"], "duplicate_record");
    let commits = ws.commits();
    ws.run(&["doctor", "--fix"])
        .ok()
        .stdout_has(&["[fixed] duplicate_record"]);
    assert_eq!(ws.commits(), commits + 1);
    assert!(ws.join(old).is_file(), "the earliest receipt is kept");
    assert!(!ws.join(&format!("comments/{sha}.yaml")).exists());
    ws.run(&["doctor"]).ok();
}

#[test]
fn doctor_names_an_orphaned_decision_and_strays() {
    let ws = Ws::example();
    ws.write(
        "decisions/deadbeef-1.yaml",
        "opinion: deadbeef-1\ndisposition: adopted\n",
    );
    ws.write("comments/.x.yaml.4194303.tmp", "half");
    let found = ws.run(&["doctor", "--json"]).code_is(1).json();
    let kinds: Vec<&str> = found["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"orphaned_decision"), "{kinds:?}");
    assert!(kinds.contains(&"stray"), "{kinds:?}");
    let fixed = ws.run(&["doctor", "--fix"]).code_is(1);
    assert!(
        fixed.stdout().contains("[fixed] stray"),
        "{}",
        fixed.stdout()
    );
    assert!(!ws.join("comments/.x.yaml.4194303.tmp").exists());
    assert!(ws.join("decisions/deadbeef-1.yaml").exists(), "no guessing");
}

#[test]
fn i10_a_command_commits_only_its_own_files() {
    let ws = Ws::example();
    // Someone's unfinished hand edits in the workspace's folders.
    let record = "comments/20230524T082000Z-7160df06.yaml";
    let edited = ws.read(record) + "# 手工备注\n";
    ws.write(record, &edited);
    ws.write("decisions/notes.txt", "草稿");
    let run = ws.run(&["decide", "7160df06-1", "adopt"]).ok();
    assert!(run.stderr().contains("left alone"), "{}", run.stderr());
    let changed = git(ws.path(), &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        String::from_utf8_lossy(&changed.stdout).trim(),
        "decisions/7160df06-1.yaml"
    );
    assert_eq!(ws.read(record), edited, "the edit is left as it was");
    assert!(ws.git_status().contains(record), "{}", ws.git_status());
}

/// Stop 8 note: doctor did not look at amendments/ nor at the OCR text kept
/// beside a scanned original.
#[test]
fn doctor_finds_orphaned_amendments_and_missing_ocr_texts() {
    let ws = Ws::example();
    ws.run(&["withdraw", "7160df06-1", "--reason", "重复意见"])
        .ok();
    ws.run(&["doctor"]).ok();
    let text = std::fs::read_to_string(ws.join("amendments/7160df06-1.yaml")).unwrap();
    ws.write(
        "amendments/0badf00d-9.yaml",
        text.replace("7160df06-1", "0badf00d-9"),
    );
    let record = "comments/20230524T082000Z-7160df06.yaml";
    let yaml = std::fs::read_to_string(ws.join(record)).unwrap();
    let ocr = "comments/originals/7160df06.ocr.txt";
    ws.write(
        record,
        yaml.replacen(
            "  format: markdown",
            &format!("  ocr_text: {ocr}\n  format: markdown"),
            1,
        ),
    );
    ws.write(ocr, "识别文本");
    assert!(git(ws.path(), &["add", "-A"]).status.success());
    assert!(
        git(ws.path(), &["commit", "-qm", "test set-up"])
            .status
            .success()
    );
    std::fs::remove_file(ws.join(ocr)).unwrap();

    let doctor = ws.run(&["doctor", "--json"]).code_is(1).json();
    let kinds: Vec<&str> = doctor["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"orphaned_amendment"), "{doctor}");
    assert!(kinds.contains(&"missing_ocr_text"), "{doctor}");
    ws.run(&["doctor", "--fix"]).code_is(1);
    assert_eq!(std::fs::read_to_string(ws.join(ocr)).unwrap(), "识别文本");
    let after = ws.run(&["doctor", "--json"]).code_is(1).json();
    assert_eq!(after["findings"].as_array().unwrap().len(), 1, "{after}");
    assert_eq!(after["findings"][0]["kind"], "orphaned_amendment");
}
