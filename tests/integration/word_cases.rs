//! The word/ cases of 2026-11-30 (tests/fixtures/cases/word/, copied from
//! ../shared/cases/2026-11-30/word/): each read by `ingest --dry-run --json`
//! and `import --as`, through the binary, with the right result of the
//! cases' README.

use serde_json::{Value, json};

use crate::harness::{Ws, project_dir};

fn case(name: &str) -> String {
    project_dir()
        .join("tests/fixtures/cases/word")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// `ingest FILE --dry-run --json --department 市发改委 --received …`: the one reply.
fn ingest(ws: &Ws, name: &str) -> Value {
    let file = case(name);
    let before = ws.snapshot();
    let json = ws
        .run(&[
            "ingest",
            &file,
            "--dry-run",
            "--json",
            "--department",
            "市发改委",
            "--received",
            "2023-05-25 10:00",
        ])
        .ok()
        .json();
    assert_eq!(ws.snapshot(), before, "--dry-run wrote something");
    json[0].clone()
}

/// `import FILE --as v9`: the Markdown written and stderr.
fn import(ws: &Ws, name: &str) -> (String, String) {
    let run = ws.run(&["import", &case(name), "--as", "v9"]).ok();
    (ws.read("drafts/v9.md"), run.stderr())
}

#[test]
fn alt_main_path() {
    let ws = Ws::example();
    let reply = ingest(&ws, "alt_main_path.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(ops[0]["clause"], 4);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    assert_eq!(ops[0]["source"], "revision");
    let (md, _) = import(&ws, "alt_main_path.docx");
    assert!(md.contains("给予最高500万元的研发费资助"), "{md}");
}

#[test]
fn comment_gaiwei_reason() {
    let ws = Ws::example();
    let reply = ingest(&ws, "comment_gaiwei_reason.docx");
    let o = &reply["opinions"][0];
    assert_eq!(reply["opinions"].as_array().unwrap().len(), 1, "{reply}");
    assert_eq!(o["clause"], 4);
    assert_eq!(
        o["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    assert_eq!(o["opinion_reason"], "财力可承受");
    assert_eq!(o["source"], "comment");
    assert_eq!(o["author"], "李四");
    assert_eq!(o["anchor"], "300");

    // Recorded, the author and anchor stay in the record and in opinions --json.
    ws.run(&[
        "ingest",
        &case("comment_gaiwei_reason.docx"),
        "--department",
        "市发改委",
        "--received",
        "2023-05-25 10:00",
    ])
    .ok();
    let list = ws
        .run(&["opinions", "--json", "--department", "市发改委"])
        .ok()
        .json();
    assert_eq!(list[0]["author"], "李四");
    assert_eq!(list[0]["anchor"], "300");
    assert_eq!(list[0]["opinion_reason"], "财力可承受");
}

#[test]
fn footnote_tracked_ins() {
    let ws = Ws::example();
    let reply = ingest(&ws, "footnote_tracked_ins.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    let text = ops[0]["text"].as_str().unwrap();
    assert!(text.contains("脚注") && text.contains("市级财政"), "{text}");
    assert_eq!(ops[0]["clause"], 4, "the clause holding the footnote mark");
    assert_eq!(ops[0]["source"], "revision");
    let (_, stderr) = import(&ws, "footnote_tracked_ins.docx");
    assert!(
        stderr.contains("footnote 1") && stderr.contains("资金来源为市级财政"),
        "the warning names what was left out: {stderr}"
    );
}

#[test]
fn math_tracked() {
    let ws = Ws::example();
    let reply = ingest(&ws, "math_tracked.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(ops[0]["clause"], 9);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "20", "to": "30"}])
    );
    let (md, _) = import(&ws, "math_tracked.docx");
    assert!(md.contains("补贴=费用×30%"), "{md}");
}

#[test]
fn soft_line_break() {
    let ws = Ws::example();
    let (md, _) = import(&ws, "soft_line_break.docx");
    assert!(!md.contains("\n\n对"), "split into two paragraphs: {md:?}");
    let show = ws.run(&["show", "v9", "--json"]).ok().json();
    let clauses = show["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1, "{show}");
    let text = clauses[0]["text"].as_str().unwrap();
    assert!(
        text.contains("支持关键核心技术攻关。\n对“一区两中心”"),
        "one paragraph with its line break: {text:?}"
    );
    let txt = ws.run(&["export", "v9", "--format", "txt"]).ok().stdout();
    assert!(txt.contains("攻关。\n对"), "{txt}");
}
