//! tester5's draft-structure defects, through the real binary on temp
//! files: plain chapter lines (H2), cross-references opening a paragraph
//! (M4), a closing block after the last clause (M2).

use serde_json::Value;

use crate::harness::Ws;

/// `diff a.md b.md --format json` in an empty folder.
fn diff_json(old: &str, new: &str) -> Value {
    let ws = Ws::empty();
    ws.write("a.md", old);
    ws.write("b.md", new);
    ws.run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json()
}

/// Every entry as (part, from, to, change).
fn rows(json: &Value) -> Vec<(String, Option<u64>, Option<u64>, String)> {
    json["clauses"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["part"].as_str().unwrap_or_default().to_string(),
                c["from_number"].as_u64(),
                c["to_number"].as_u64(),
                c["change"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The entries that are not `unchanged`, as [`rows`] gives them.
fn changed(json: &Value) -> Vec<(String, Option<u64>, Option<u64>, String)> {
    rows(json)
        .into_iter()
        .filter(|r| r.3 != "unchanged")
        .collect()
}

fn row(
    part: &str,
    from: Option<u64>,
    to: Option<u64>,
    change: &str,
) -> (String, Option<u64>, Option<u64>, String) {
    (part.to_string(), from, to, change.to_string())
}

const CH2: &str = "# 苏州市某某管理办法\n\n第一章　总则\n\n第一条　为了规范科技项目管理，制定本办法。\n\n第二条　本办法适用于市级项目。\n\n第二章　附则\n\n第三条　本办法自发布之日起施行。\n";

/// tester5 H2: a plain `第二章　附则` line (no `#`) is a section heading:
/// inserting a chapter before it leaves 第一条 and 第二条 unchanged, gives
/// one inserted section row and 第二章→第三章 as a modified section.
#[test]
fn t5_h2_a_plain_chapter_line_is_a_section_heading() {
    let ch3 = CH2.replace(
        "第二条　本办法适用于市级项目。\n\n第二章　附则",
        "第二章　项目管理\n\n第二条　本办法适用于市级项目。\n\n第三章　附则",
    );
    let json = diff_json(CH2, &ch3);
    let found = rows(&json);
    assert_eq!(
        found,
        [
            row("title", None, None, "unchanged"),
            row("preamble", None, None, "unchanged"),
            row("clause", Some(1), Some(1), "unchanged"),
            row("section", None, None, "inserted"),
            row("clause", Some(2), Some(2), "unchanged"),
            row("section", None, None, "modified"),
            row("clause", Some(3), Some(3), "unchanged"),
        ],
        "{json}"
    );
    // The same without blank lines, and a chapter with no title.
    let tight = |s: &str| s.replace("\n\n", "\n").replace("　附则", "");
    let json = diff_json(&tight(CH2), &tight(&ch3));
    let changed = changed(&json);
    assert_eq!(
        changed,
        [
            row("section", None, None, "inserted"),
            row("section", None, None, "modified")
        ],
        "{json}"
    );
    let ws = Ws::empty();
    ws.write("a.md", CH2);
    ws.write("b.md", &ch3);
    ws.run(&["--lang", "zh", "diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout_has(&[
            "| 小标题 | — | <b>第二章　项目管理</b> | 新增小标题 |",
            "第<b>三</b>章　附则",
        ]);
}

const XR0: &str = "# 办法\n\n第一条　总则。\n\n第二条　适用范围。\n\n第三条　符合下列条件的企业可以申请：\n\n第二条规定的企业，可以申请奖励。\n\n第四条　施行。\n";

/// tester5 M4: a paragraph opening with a cross-reference (`第二条规定的
/// 企业，…`) inside 第三条 is part of 第三条: the diff modifies 第三条 and
/// `check` finds no numbering duplicate.
#[test]
fn t5_m4_a_cross_reference_paragraph_is_not_a_clause() {
    let json = diff_json(XR0, &XR0.replace("奖励", "补助"));
    let changed = changed(&json);
    assert_eq!(
        changed,
        [row("clause", Some(3), Some(3), "modified")],
        "{json}"
    );
    assert_eq!(json["summary"]["unchanged"], 4, "{json}");
    let ws = Ws::example();
    ws.write("drafts/v2.md", XR0);
    let run = ws.run(&["check", "v2", "--json"]);
    let json = run.json();
    assert!(json["findings"].is_array(), "{json}");
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert!(!kinds.iter().any(|k| k.starts_with("numbering")), "{json}");
}

const CL1: &str = "# 苏州市某某管理办法\n\n第一条　为了规范管理，制定本办法。\n第二条　本办法自发布之日起施行。\n\n苏州市科学技术局\n2026年11月1日\n";

/// tester5 M2: the 落款 and date after the last clause are the closing
/// part (one line each): a new signing date is a change to the closing,
/// 第二条 is unchanged — with or without a blank line between them.
#[test]
fn t5_m2_a_signature_block_after_the_last_clause_is_the_closing() {
    for old in [CL1.to_string(), CL1.replace("局\n2026", "局\n\n2026")] {
        let new = old.replace("2026年11月1日", "2026年12月1日");
        let json = diff_json(&old, &new);
        let changed = changed(&json);
        assert_eq!(changed, [row("closing", None, None, "modified")], "{json}");
        let closing = json["clauses"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["part"] == "closing"))
            .map(|c| c["segments"].clone())
            .unwrap_or_default();
        let old_text: String = closing
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|s| s["op"] != "insert")
            .filter_map(|s| s["text"].as_str())
            .collect();
        assert_eq!(old_text, "苏州市科学技术局\n2026年11月1日", "{json}");
    }
    let ws = Ws::empty();
    ws.write("a.md", CL1);
    ws.write("b.md", CL1.replace("11月", "12月"));
    let table = ws
        .run(&["--lang", "zh", "diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(!table.contains("| 第二条"), "{table}");
    assert!(table.contains("| 结尾 |"), "{table}");
}
