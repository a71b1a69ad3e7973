//! `consult diff` end to end: clause alignment (insertion, deletion, move,
//! renumbering), semantic deltas, every format, REV:PATH, provenance and
//! bad input, through the real binary.

use serde_json::Value;

use crate::harness::Ws;

/// A draft written the way the Suzhou draft is, from (body, units, source,
/// funding) per clause; numbered 1., 2., … in order.
fn draft(clauses: &[(&str, &str, &str, u32)]) -> String {
    let mut md = String::from(
        "# 关于支持科技创新的若干政策\n\n（征求意见稿）\n\n为深入实施创新驱动发展战略，制定如下政策。\n\n",
    );
    for (i, (body, units, source, wan)) in clauses.iter().enumerate() {
        md.push_str(&format!("{}.{body}（责任单位：{units}）\n\n", i + 1));
        if !source.is_empty() {
            md.push_str(&format!("政策来源：{source}\n\n"));
        }
        md.push_str(&format!("新增资金测算：{wan}万元\n\n"));
    }
    md.push_str("本政策自发布之日起实施，有效期为三年。\n");
    md
}

const A: (&str, &str, &str, u32) = (
    "支持区域协同联动创新。强化市域统筹协调，共同为溢出产业项目提供落地要素保障。",
    "市科技局、市工信局",
    "《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕6号）",
    0,
);
const B: (&str, &str, &str, u32) = (
    "支持创新载体布局建设。对获批的国家新一代人工智能开放创新平台给予最高1000万元建设经费支持。",
    "市科技局、市发改委",
    "",
    1000,
);
const C: (&str, &str, &str, u32) = (
    "支持关键核心技术攻关。对承担国家科技重大专项的单位，给予最高300万元的研发费资助。",
    "市科技局、市外办，各县级市（区）人民政府<管委会>",
    "《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕6号）",
    2000,
);
const D: (&str, &str, &str, u32) = (
    "支持引进高端人才团队。对引进的顶尖人才、重大创新创业团队和领军人才给予重点倾斜支持。",
    "市委组织部、市科技局",
    "",
    0,
);
const NEW: (&str, &str, &str, u32) = (
    "支持数据要素市场培育。建设公共数据开放平台，推动数据资源依法有序流通。",
    "市大数据局",
    "",
    500,
);

/// Run `diff a.md b.md --format json` on two drafts in an empty folder.
fn diff_json(old: &str, new: &str, extra: &[&str]) -> Value {
    let ws = Ws::empty();
    ws.write("a.md", old);
    ws.write("b.md", new);
    let mut args = vec!["diff", "a.md", "b.md", "--format", "json"];
    args.extend_from_slice(extra);
    ws.run(&args).ok().json()
}

/// The clause entries (part = clause) as (from, to, change).
fn changes(json: &Value) -> Vec<(Option<u64>, Option<u64>, String)> {
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["part"] == "clause")
        .map(|c| {
            (
                c["from_number"].as_u64(),
                c["to_number"].as_u64(),
                c["change"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The old and the new text of an entry, rebuilt from its segments.
fn sides(entry: &Value) -> (String, String) {
    let mut old = String::new();
    let mut new = String::new();
    for s in entry["segments"].as_array().unwrap() {
        let text = s["text"].as_str().unwrap();
        match s["op"].as_str().unwrap() {
            "equal" => {
                old.push_str(text);
                new.push_str(text);
            }
            "delete" => old.push_str(text),
            "insert" => new.push_str(text),
            op => panic!("unknown op {op}"),
        }
    }
    (old, new)
}

fn entry(json: &Value, to: u64) -> &Value {
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["part"] == "clause" && c["to_number"] == to)
        .unwrap_or_else(|| panic!("no clause {to} in {json:#}"))
}

fn ch(from: Option<u64>, to: Option<u64>, change: &str) -> (Option<u64>, Option<u64>, String) {
    (from, to, change.to_string())
}

#[test]
fn an_inserted_clause_renumbers_but_does_not_modify_the_rest() {
    let json = diff_json(&draft(&[A, B, C, D]), &draft(&[A, NEW, B, C, D]), &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(None, Some(2), "inserted"),
            ch(Some(2), Some(3), "unchanged"),
            ch(Some(3), Some(4), "unchanged"),
            ch(Some(4), Some(5), "unchanged"),
        ]
    );
    let inserted = entry(&json, 2);
    assert_eq!(inserted["units_added"], serde_json::json!(["市大数据局"]));
    assert_eq!(inserted["funding_to_wan"], 500);
    assert_eq!(inserted["funding_from_wan"], Value::Null);
    assert_eq!(json["funding_total_from_wan"], 3000);
    assert_eq!(json["funding_total_to_wan"], 3500);
    let (old, new) = sides(entry(&json, 3));
    assert!(old.starts_with("2.支持创新载体布局建设"), "{old}");
    assert!(new.starts_with("3.支持创新载体布局建设"), "{new}");
}

#[test]
fn a_deleted_clause_is_deleted_and_the_rest_unchanged() {
    let json = diff_json(&draft(&[A, B, C, D]), &draft(&[A, C, D]), &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(Some(2), None, "deleted"),
            ch(Some(3), Some(2), "unchanged"),
            ch(Some(4), Some(3), "unchanged"),
        ]
    );
    let deleted = &json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["change"] == "deleted")
        .unwrap();
    assert_eq!(
        deleted["units_removed"],
        serde_json::json!(["市科技局", "市发改委"])
    );
    assert_eq!(deleted["funding_from_wan"], 1000);
    let (old, new) = sides(deleted);
    assert!(old.contains("最高1000万元"));
    assert_eq!(new, "");
    assert_eq!(json["funding_total_to_wan"], 2000);
}

#[test]
fn a_moved_clause_is_moved() {
    let json = diff_json(&draft(&[A, B, C, D]), &draft(&[A, C, D, B]), &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(Some(3), Some(2), "unchanged"),
            ch(Some(4), Some(3), "unchanged"),
            ch(Some(2), Some(4), "moved"),
        ]
    );
}

#[test]
fn renumbering_alone_is_not_a_modification() {
    // Same clauses, numbered 一、二、 instead of 1. 2.
    let old = draft(&[A, B, C]);
    let new = old
        .replace("1.支持", "一、支持")
        .replace("2.支持", "二、支持")
        .replace("3.支持", "三、支持");
    let json = diff_json(&old, &new, &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(Some(2), Some(2), "unchanged"),
            ch(Some(3), Some(3), "unchanged"),
        ]
    );
    let (o, n) = sides(entry(&json, 2));
    assert!(o.starts_with("2.") && n.starts_with("二、"), "{o} / {n}");
}

#[test]
fn every_semantic_delta() {
    let c2 = (
        "支持关键核心技术攻关。对承担国家科技重大专项的单位，给予最高500万元的研发费资助。",
        "市科技局、市人社局，各县级市（区）人民政府（管委会）",
        "《苏州市促进企业利用资本市场实现高质量发展的实施意见》",
        2500,
    );
    let json = diff_json(&draft(&[A, B, C]), &draft(&[A, B, c2]), &[]);
    let c = entry(&json, 3);
    assert_eq!(c["change"], "modified");
    assert_eq!(c["units_added"], serde_json::json!(["市人社局"]));
    // （管委会） and <管委会> are the same name.
    assert_eq!(c["units_removed"], serde_json::json!(["市外办"]));
    assert_eq!(c["funding_from_wan"], 2000);
    assert_eq!(c["funding_to_wan"], 2500);
    assert_eq!(
        c["sources_added"],
        serde_json::json!(["《苏州市促进企业利用资本市场实现高质量发展的实施意见》"])
    );
    assert_eq!(
        c["sources_removed"],
        serde_json::json!([
            "《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕6号）"
        ])
    );
    assert_eq!(c["opinions"], serde_json::json!([]));
    assert_eq!(json["funding_total_from_wan"], 3000);
    assert_eq!(json["funding_total_to_wan"], 3500);
    // 300 → 500 shows the number whole.
    let changed: Vec<&str> = c["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] != "equal")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(
        changed.windows(2).any(|w| w == ["300", "500"]),
        "{changed:?}"
    );
    // The other clauses are untouched.
    assert_eq!(entry(&json, 1)["change"], "unchanged");
    assert_eq!(entry(&json, 2)["change"], "unchanged");
}

#[test]
fn json_segments_rebuild_the_clause_texts_of_show() {
    let ws = Ws::example();
    let v1 = ws.read("drafts/v1.md");
    let v2 = v1
        .replace("市外办，各县级市", "市外办、市人社局，各县级市")
        .replace("给予最高300万元的研发费资助", "给予最高500万元的研发费资助");
    ws.write("drafts/v2.md", &v2);
    let json = ws.run(&["diff", "--format", "json"]).ok().json();
    assert_eq!(json["from"], "v1");
    assert_eq!(json["to"], "v2");
    assert_eq!(json["funding_total_from_wan"], 10000);
    assert_eq!(json["funding_total_to_wan"], 10000);
    let show1 = ws.run(&["show", "v1", "--json"]).ok().json();
    let show2 = ws.run(&["show", "v2", "--json"]).ok().json();
    let text_of = |show: &Value, n: u64| {
        show["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["number"] == n)
            .map(|c| c["text"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut seen = 0;
    for c in json["clauses"].as_array().unwrap() {
        if c["part"] != "clause" {
            continue;
        }
        let (old, new) = sides(c);
        assert_eq!(old, text_of(&show1, c["from_number"].as_u64().unwrap()));
        assert_eq!(new, text_of(&show2, c["to_number"].as_u64().unwrap()));
        seen += 1;
    }
    assert_eq!(seen, 10);
    let modified: Vec<u64> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "modified")
        .map(|c| c["to_number"].as_u64().unwrap())
        .collect();
    assert_eq!(modified, [4, 5]);
    let five = entry(&json, 5);
    assert_eq!(five["units_added"], serde_json::json!(["市人社局"]));
    let inserted: Vec<&str> = five["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] == "insert")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["、市人社局"]);
}

#[test]
fn provenance_lists_the_opinions_behind_a_change() {
    let ws = Ws::example();
    let v2 = ws
        .read("drafts/v1.md")
        .replace("市外办，各县级市", "市外办、市人社局，各县级市");
    ws.write("drafts/v2.md", &v2);
    ws.write(
        "revisions/v2.yaml",
        "from: v1\nto: v2\nchanges:\n  - clause: 5\n    opinions: [\"a1b2c3d4-1\"]\n",
    );
    let json = ws
        .run(&["diff", "v1", "v2", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        entry(&json, 5)["opinions"],
        serde_json::json!(["a1b2c3d4-1"])
    );
    assert_eq!(entry(&json, 4)["opinions"], serde_json::json!([]));
    // The same versions as files: no provenance.
    let json = ws
        .run(&["diff", "drafts/v1.md", "drafts/v2.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(entry(&json, 5)["opinions"], serde_json::json!([]));
    // A malformed record is an error naming the file.
    ws.write(
        "revisions/v2.yaml",
        "from: v1\nto: v2\nchanges:\n  - clause: 5\n    opinion: [x]\n",
    );
    ws.run(&["diff", "v1", "v2", "--format", "json"])
        .fails_with(&["v2.yaml"]);
}

#[test]
fn term_output_without_colour_into_a_pipe_and_with_colour_when_asked() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A, C]));
    ws.write(
        "b.md",
        draft(&[A, (C.0.replace("300", "500").leak(), C.1, C.2, C.3)]),
    );
    let plain = ws.run(&["diff", "a.md", "b.md"]).ok().stdout();
    assert!(plain.contains("[-300-]{+500+}"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let coloured = ws
        .run(&["diff", "a.md", "b.md", "--color", "always"])
        .ok()
        .stdout();
    assert!(coloured.contains("\u{1b}[31m300\u{1b}[0m"), "{coloured}");
    assert!(coloured.contains("\u{1b}[32m500\u{1b}[0m"), "{coloured}");
    let no_color = ws
        .run_env(&["diff", "a.md", "b.md"], &[("NO_COLOR", "1")])
        .ok()
        .stdout();
    assert!(!no_color.contains('\u{1b}'));
}

#[test]
fn unified_output() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A, B, C]));
    ws.write("b.md", draft(&[A, NEW, B, C]));
    let out = ws
        .run(&["diff", "a.md", "b.md", "--format", "unified"])
        .ok()
        .stdout();
    assert!(out.starts_with("--- a.md\n+++ b.md\n"), "{out}");
    assert!(out.contains("\n+2.支持数据要素市场培育"), "{out}");
    assert!(out.contains("@@ -"), "{out}");
    // Only the inserted clause is shown: renumbered clauses are unchanged.
    assert_eq!(out.matches("@@ -").count(), 1, "{out}");
    assert!(
        !out.lines()
            .any(|l| l.starts_with("-") && !l.starts_with("---")),
        "{out}"
    );
}

#[test]
fn by_word_and_by_line() {
    let c2 = (C.0.replace("300", "500").leak() as &str, C.1, C.2, C.3);
    let json = diff_json(&draft(&[C]), &draft(&[c2]), &["--by", "word"]);
    let changed: Vec<String> = entry(&json, 1)["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] != "equal")
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(changed, ["300", "500"]);
    let json = diff_json(&draft(&[C]), &draft(&[c2]), &["--by", "line"]);
    let segs = entry(&json, 1)["segments"].as_array().unwrap().clone();
    let del = segs.iter().find(|s| s["op"] == "delete").unwrap()["text"]
        .as_str()
        .unwrap();
    let ins = segs.iter().find(|s| s["op"] == "insert").unwrap()["text"]
        .as_str()
        .unwrap();
    // The whole line (after the unchanged label) is replaced.
    assert!(
        del.starts_with("支持关键核心技术攻关") && del.ends_with("）\n"),
        "{del:?}"
    );
    assert_eq!(del.replace("300", "500"), ins);
}

/// The attributes of every tag of an HTML text, checked for balance of
/// the non-void elements: a small parser, enough to check structure.
fn parse_html(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    const VOID: [&str; 6] = ["meta", "br", "input", "link", "img", "hr"];
    let mut tags = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unclosed tag");
        let inside = &rest[..end];
        rest = &rest[end + 1..];
        if inside.starts_with('!') {
            continue;
        }
        if let Some(name) = inside.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(open, name.trim(), "mismatched </{name}>");
            continue;
        }
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let mut attrs = Vec::new();
        let mut a = &inside[name.len()..];
        while let Some(eq) = a.find('=') {
            let key = a[..eq].split_whitespace().last().unwrap_or("").to_string();
            let after = &a[eq + 1..];
            let (value, tail) = if let Some(v) = after.strip_prefix('"') {
                let close = v.find('"').expect("unclosed attribute");
                (&v[..close], &v[close + 1..])
            } else {
                let close = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..close], &after[close..])
            };
            attrs.push((key, value.to_string()));
            a = tail;
        }
        if name == "style" {
            let close = rest.find("</style>").expect("unclosed style");
            let css = &rest[..close];
            assert!(!css.contains("url("), "CSS loads a resource");
            assert!(!css.contains("@import"), "CSS imports");
            assert!(!css.contains("//"), "CSS names a URL");
            rest = &rest[close..];
        }
        if !VOID.contains(&name.as_str()) && !inside.ends_with('/') {
            stack.push(name.clone());
        }
        tags.push((name, attrs));
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    tags
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "http://", "https://", "<script", "<link", "<img", "<iframe", "src=",
    ] {
        assert!(!html.contains(needle), "HTML contains {needle}");
    }
    let tags = parse_html(html);
    for (name, attrs) in &tags {
        for (key, value) in attrs {
            assert_ne!(key, "src", "<{name}> loads {value}");
            if key == "href" {
                assert!(value.starts_with('#'), "<{name}> links out to {value}");
            }
            assert!(!value.contains("//"), "<{name} {key}={value}>");
        }
    }
}

#[test]
fn html_is_one_self_contained_file() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A, B, C]));
    ws.write(
        "b.md",
        draft(&[A, NEW, (C.0, "市科技局、市人社局", C.2, 2500)]),
    );
    let html = ws
        .run(&["diff", "a.md", "b.md", "--format", "html"])
        .ok()
        .stdout();
    assert_self_contained(&html);
    // Summary of deltas at the top, then the two views.
    let summary = html.find("修改概要").unwrap();
    let inline = html.find("逐条标注").unwrap();
    let side = html.find("左右对照").unwrap();
    assert!(summary < inline && inline < side);
    assert!(html.contains("责任单位增加市人社局"), "{html}");
    assert!(html.contains("新增资金测算由2000万元调整为2500万元"));
    assert!(html.contains("<ins>"));
    assert!(html.contains("<del>"));
    assert!(html.contains("@page"));
    assert!(html.contains("仿宋"));
    // Draft text is escaped.
    assert!(!html.contains("<管委会>"));
    // -o writes the same file, nothing on stdout.
    let run = ws.run(&[
        "diff",
        "a.md",
        "b.md",
        "--format",
        "html",
        "-o",
        "out/redline.html",
    ]);
    assert_eq!(
        run.code(),
        2,
        "the folder out/ does not exist: {}",
        run.stderr()
    );
    std::fs::create_dir(ws.join("out")).unwrap();
    let run = ws
        .run(&[
            "diff",
            "a.md",
            "b.md",
            "--format",
            "html",
            "-o",
            "out/redline.html",
        ])
        .ok();
    assert_eq!(run.stdout(), "");
    assert_eq!(ws.read("out/redline.html"), html);
    let leftovers: Vec<_> = std::fs::read_dir(ws.join("out"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn table_is_the_comparison_table_in_markdown_and_html() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A, B, C]));
    let c2 = (
        C.0.replace("300", "500").leak() as &str,
        "市科技局、市外办、市人社局，各县级市（区）人民政府<管委会>",
        C.2,
        C.3,
    );
    ws.write("b.md", draft(&[A, B, c2]));
    let md = ws
        .run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        md.contains("| 条款 | 原条文 | 修改后条文 | 修改说明 |"),
        "{md}"
    );
    // The draft numbers its clauses 1. 2. 3.: cited 第3条, as everywhere else.
    assert!(md.contains("| 第3条 |"), "{md}");
    assert!(md.contains("将“300万元”修改为“500万元”"), "{md}");
    assert!(md.contains("责任单位增加市人社局"), "{md}");
    assert!(md.contains("<b>、市人社局</b>"), "{md}");
    // One row per changed clause: header, rule, one row.
    assert_eq!(
        md.lines().filter(|l| l.starts_with("| ")).count(),
        3,
        "{md}"
    );
    ws.run(&[
        "diff",
        "a.md",
        "b.md",
        "--format",
        "table",
        "-o",
        "table.html",
    ])
    .ok();
    let html = ws.read("table.html");
    assert_self_contained(&html);
    assert!(html.contains("修改对照表"));
    assert!(html.contains("<th>原条文</th><th>修改后条文</th><th>修改说明</th>"));
    ws.run(&[
        "diff", "a.md", "b.md", "--format", "table", "-o", "table.md",
    ])
    .ok();
    assert_eq!(ws.read("table.md"), md);
}

pub fn git(ws: &Ws, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(ws.path())
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rev_path_reads_through_git() {
    let ws = Ws::empty();
    git(&ws, &["init", "-q"]);
    ws.write("draft.md", draft(&[A, B]));
    git(&ws, &["add", "draft.md"]);
    git(&ws, &["commit", "-q", "-m", "first"]);
    ws.write("draft.md", draft(&[A, B, NEW]));
    git(&ws, &["commit", "-q", "-am", "second"]);
    let json = ws
        .run(&[
            "diff",
            "HEAD~1:draft.md",
            "HEAD:draft.md",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(json["from"], "HEAD~1:draft.md");
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(Some(2), Some(2), "unchanged"),
            ch(None, Some(3), "inserted"),
        ]
    );
    // A revision against the working file.
    ws.write("draft.md", draft(&[A]));
    let json = ws
        .run(&["diff", "HEAD:draft.md", "draft.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["summary"]["deleted"], 2);
    ws.run(&["diff", "HEAD~5:draft.md", "draft.md"])
        .fails_with(&["HEAD~5"]);
    ws.run(&["diff", "HEAD:nope.md", "draft.md"])
        .fails_with(&["nope.md"]);
    ws.run(&["diff", "HEAD:", "draft.md"]).fails_with(&["HEAD"]);
}

#[test]
fn rev_path_in_a_workspace_takes_version_names() {
    let ws = Ws::example();
    let v2 = ws
        .read("drafts/v1.md")
        .replace("市外办，各县级市", "市外办、市人社局，各县级市");
    ws.write("drafts/v1.md", &v2);
    let json = ws
        .run(&["diff", "HEAD:v1", "v1", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["summary"]["modified"], 1);
    assert_eq!(
        entry(&json, 5)["units_added"],
        serde_json::json!(["市人社局"])
    );
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["diff", "v1", "v9", "-o", "x.html"])
        .fails_with(&["v9", "v1"]);
    ws.run(&["diff", "v7"]).fails_with(&["v7", "v1"]);
    ws.run(&["diff", "v1", "missing.md"])
        .fails_with(&["missing.md"]);
    ws.run(&["diff", "v1", "drafts"]).fails_with(&["drafts"]);
    std::fs::write(
        ws.join("blob.md"),
        b"PK\x03\x04\x14\x00\x00\x00binary\x00\x00\xff",
    )
    .unwrap();
    let before_blob = ws.snapshot();
    ws.run(&[
        "diff", "v1", "blob.md", "-o", "out.json", "--format", "json",
    ])
    .fails_with(&["blob.md"]);
    assert_eq!(ws.snapshot(), before_blob);
    ws.run(&["diff", "v1", "v1", "-o", "drafts"])
        .fails_with(&["drafts"]);
    std::fs::remove_file(ws.join("blob.md")).unwrap();
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn two_paths_need_no_workspace_but_versions_do() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A]));
    ws.run(&["diff", "a.md", "a.md"]).ok();
    ws.run(&["diff", "v1", "a.md"]).code_is(2);
    ws.run(&["diff"]).code_is(2);
}

#[test]
fn a_draft_without_clauses_is_compared_by_paragraph_with_a_warning() {
    let ws = Ws::empty();
    ws.write(
        "a.txt",
        "第一段说明文字。\n\n第二段说明文字。\n\n第三段说明文字。\n",
    );
    ws.write(
        "b.txt",
        "第一段说明文字。\n\n第二段说明文字，有所修改。\n\n第三段说明文字。\n",
    );
    let run = ws.run(&["diff", "a.txt", "b.txt", "--format", "json"]).ok();
    assert!(run.stderr().contains("a.txt"), "{}", run.stderr());
    assert!(
        run.stderr().to_lowercase().contains("warning"),
        "{}",
        run.stderr()
    );
    let json = run.json();
    let parts: Vec<(&str, &str)> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["part"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert!(parts.contains(&("paragraph", "modified")), "{parts:?}");
    assert_eq!(
        parts.iter().filter(|p| p.1 == "modified").count(),
        1,
        "{parts:?}"
    );
}

#[test]
fn identical_versions_are_all_unchanged() {
    let ws = Ws::example();
    let json = ws
        .run(&["diff", "v1", "v1", "--format", "json"])
        .ok()
        .json();
    for c in json["clauses"].as_array().unwrap() {
        assert_eq!(c["change"], "unchanged");
        assert!(
            c["segments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["op"] == "equal")
        );
    }
    let out = ws.run(&["diff", "v1", "v1"]).ok().stdout();
    assert!(out.contains("same text"), "{out}");
}

#[test]
fn defaults_are_the_consulted_version_and_the_latest() {
    let ws = Ws::example();
    ws.write(
        "drafts/v2.md",
        ws.read("drafts/v1.md").replace("给予便利", "提供便利"),
    );
    let v3 = ws
        .read("drafts/v1.md")
        .replace("市外办，各县级市", "市外办、市人社局，各县级市");
    ws.write("drafts/v3.md", &v3);
    let json = ws.run(&["diff", "--format", "json"]).ok().json();
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("v1"), Some("v3"))
    );
    let json = ws.run(&["diff", "v2", "--format", "json"]).ok().json();
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("v2"), Some("v3"))
    );
}

/// tester3 H1: of two clauses worded alike standing together, the one a
/// department edited is the one reported, in place — not its neighbour
/// as moved, and no clause renumbered.
#[test]
fn t3_h1_an_edit_to_one_of_two_clauses_worded_alike_stays_in_place() {
    let same = "对新认定的企业，每人每月给予最高300元交通补贴。";
    let last = "本办法适用于本市行政区域内的科技企业。";
    let old = format!("# 规定\n\n第1条　{same}\n第2条　{same}\n第3条　{last}\n");
    let new = old.replacen("300元", "250元", 1);
    let json = diff_json(&old, &new, &[]);
    assert_eq!(
        changes(&json),
        [
            (Some(1), Some(1), "modified".to_string()),
            (Some(2), Some(2), "unchanged".to_string()),
            (Some(3), Some(3), "unchanged".to_string()),
        ]
    );
    assert_eq!(json["summary"]["moved"], 0);
    assert_eq!(json["summary"]["renumbered"], 0);
    let five = (1..=5)
        .map(|n| format!("第{n}条　{same}\n"))
        .collect::<String>();
    let edited = five.replace(
        "第3条　对新认定的企业，每人每月给予最高300元",
        "第3条　对新认定的企业，每人每月给予最高250元",
    );
    let json = diff_json(&five, &edited, &[]);
    let want: Vec<_> = (1..=5)
        .map(|n| {
            (
                Some(n),
                Some(n),
                if n == 3 { "modified" } else { "unchanged" }.to_string(),
            )
        })
        .collect();
    assert_eq!(changes(&json), want);
}

/// tester3 H1: in a run of 第N条　（删除） placeholders, filling in one of
/// them is that clause rewritten in place (one row of the 修改对照表), not
/// a new clause and the next one deleted.
#[test]
fn t3_h1_filling_in_one_of_a_run_of_deleted_placeholders_is_one_modified_row() {
    let numerals = ["一", "二", "三", "四", "五", "六", "七"];
    let old: String = std::iter::once("# 条例\n\n".to_string())
        .chain(numerals.iter().enumerate().map(|(k, n)| {
            if (2..6).contains(&k) {
                format!("第{n}条　（删除）\n")
            } else {
                format!("第{n}条　本条例所称科技企业，是指在本市依法登记的企业。\n")
            }
        }))
        .collect();
    let new = old.replace("第四条　（删除）", "第四条　（删除，内容并入第二条）");
    let ws = Ws::empty();
    ws.write("a.md", &old);
    ws.write("b.md", &new);
    let table = ws
        .run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| 第") || l.starts_with("| 原"))
        .collect();
    assert_eq!(rows.len(), 1, "{table}");
    assert!(
        rows[0].starts_with("| 第四条 | 第四条　（删除） |"),
        "{table}"
    );
    assert!(
        !table.contains("新增条款") && !table.contains("删除条款"),
        "{table}"
    );
}

/// tester3 L4: a draft's control characters (an ESC colour sequence, BEL,
/// DEL) never reach the terminal from `term` or `unified`: they are shown
/// as \u{..}.
#[test]
fn t3_l4_control_characters_in_a_draft_never_reach_the_terminal() {
    for format in ["term", "unified"] {
        let out = diff_with_control_characters(format);
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {out:?}"
        );
        assert!(out.contains("\\u{1b}[31m"), "{format}: {out}");
    }
}

/// tester3 L3: funding sums in the JSON are to the yuan — 0.1 + 0.2 万元
/// is 0.3, not 0.30000000000000004.
#[test]
fn t3_l3_funding_totals_in_json_have_no_float_artefacts() {
    let draft = |b: &str| {
        format!(
            "# 政策\n\n1.支持甲。（责任单位：市科技局）\n\n新增资金测算：0.1万元\n\n2.支持乙。（责任单位：市工信局）\n\n新增资金测算：{b}万元\n"
        )
    };
    let ws = Ws::empty();
    ws.write("a.md", draft("0.2"));
    ws.write("b.md", draft("0.7"));
    let out = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .stdout();
    assert!(
        out.contains("\"funding_total_from_wan\":0.3,\"funding_total_to_wan\":0.8"),
        "{}",
        out.lines().next().unwrap_or_default()
    );
}

/// tester3 M1: when clauses 2 and 4 trade places, 2 and 4 are reported
/// moved and clause 3, which kept its place and text, is not; a draft that
/// writes 第2条 is cited 第2条 in the 修改对照表.
#[test]
fn t3_m1_two_clauses_trading_places_are_the_moved_ones() {
    let body = |c: char| c.to_string().repeat(5);
    let draft = |order: [char; 5]| -> String {
        let mut md = String::from("# 规定\n\n");
        for (k, c) in order.iter().enumerate() {
            md.push_str(&format!("第{}条　{}。\n", k + 1, body(*c)));
        }
        md
    };
    let old = draft(['甲', '乙', '丙', '丁', '戊']);
    let new = draft(['甲', '丁', '丙', '乙', '戊']);
    let json = diff_json(&old, &new, &[]);
    let moved: Vec<_> = changes(&json)
        .into_iter()
        .filter(|c| c.2 == "moved")
        .map(|c| (c.0, c.1))
        .collect();
    assert_eq!(moved, [(Some(4), Some(2)), (Some(2), Some(4))]);
    let unchanged = changes(&json).iter().filter(|c| c.2 == "unchanged").count();
    assert_eq!(unchanged, 3, "{}", json["summary"]);
    let ws = Ws::empty();
    ws.write("a.md", &old);
    ws.write("b.md", &new);
    let table = ws
        .run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(table.contains("| 第2条（原第4条） |"), "{table}");
    assert!(
        !table.contains("第三条") && !table.contains("| 第3条"),
        "{table}"
    );
}

/// tester3 M2: a phrase that joins names (会同市财政局、市教育局) inserted
/// after a name reads as one insertion; a second name added to a list of
/// one (（责任单位：市科技局）) reads as `、市财政局` inserted.
#[test]
fn t3_m2_an_inserted_phrase_with_a_list_reads_as_one_insertion() {
    let ws = Ws::empty();
    ws.write("a.md", "# 规定\n\n第1条　市科技局负责组织实施本办法的各项工作。\n第2条　加强。（责任单位：市科技局）\n");
    ws.write("b.md", "# 规定\n\n第1条　市科技局会同市财政局、市教育局负责组织实施本办法的各项工作。\n第2条　加强。（责任单位：市科技局、市财政局）\n");
    ws.run(&["diff", "a.md", "b.md"]).ok().stdout_has(&[
        "市科技局{+会同市财政局、市教育局+}负责",
        "（责任单位：市科技局{+、市财政局+}）",
    ]);
}

/// tester3 L5: a second BOM at the start of a draft is not text.
#[test]
fn t3_l5_a_second_bom_is_not_in_the_title() {
    let json = diff_json(
        "\u{feff}\u{feff}# 规定\n\n第1条　甲。\n",
        "# 规定\n\n第1条　乙。\n",
        &[],
    );
    assert_eq!(json["clauses"][0]["part"], "title");
    assert_eq!(
        json["clauses"][0]["change"], "unchanged",
        "{}",
        json["clauses"][0]
    );
}

/// tester4 H1: a clause inserted before clauses worded alike renumbers
/// them; none of them is reported moved.
#[test]
fn t4_h1_a_clause_inserted_before_clauses_worded_alike_moves_nothing() {
    let same = "对新认定的企业，每人每月给予最高300元交通补贴。";
    let old = format!("# 规定\n\n第1条　{same}\n第2条　{same}\n第3条　本办法适用于本市。\n");
    let new = format!(
        "# 规定\n\n第1条　市科技局负责组织实施本办法的各项工作。\n第2条　{same}\n第3条　{same}\n第4条　本办法适用于本市。\n"
    );
    let json = diff_json(&old, &new, &[]);
    assert_eq!(json["summary"]["moved"], 0, "{}", json["summary"]);
    assert_eq!(json["summary"]["inserted"], 1, "{}", json["summary"]);
    assert_eq!(json["summary"]["renumbered"], 3, "{}", json["summary"]);
}

/// tester4 M2: a number in Chinese numerals is redlined whole.
#[test]
fn t4_m2_a_number_in_chinese_numerals_is_redlined_whole() {
    let ws = Ws::empty();
    ws.write(
        "a.md",
        "# 规定\n\n第1条　应当在十五个工作日内办结，依照本办法第十条规定处理。\n",
    );
    ws.write(
        "b.md",
        "# 规定\n\n第1条　应当在二十五个工作日内办结，依照本办法第十二条规定处理。\n",
    );
    ws.run(&["diff", "a.md", "b.md"])
        .ok()
        .stdout_has(&["[-十五-]{+二十五+}个工作日", "第[-十-]{+十二+}条"]);
}

/// tester4 L1: the 修改对照表 on stdout shows a draft's control characters
/// as \u{..} too.
#[test]
fn t4_l1_the_table_never_sends_control_characters_to_the_terminal() {
    let out = diff_with_control_characters("table");
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(out.contains("\\u{1b}"), "{out}");
}

/// `diff --format FORMAT` of two drafts holding an ESC colour sequence,
/// BEL and DEL: its standard output.
fn diff_with_control_characters(format: &str) -> String {
    let ws = Ws::empty();
    ws.write(
        "a.md",
        "# 规定\n\n第1条　甲\u{1b}[31m红\u{7}乙\u{7f}。\n第2条　丙。\n",
    );
    ws.write(
        "b.md",
        "# 规定\n\n第1条　甲\u{1b}[31m绿\u{7}乙\u{7f}。\n第2条　丙。\n",
    );
    ws.run(&["diff", "a.md", "b.md", "--format", format])
        .ok()
        .stdout()
}

/// `-o` naming a device or a named pipe (`-o /dev/null`) writes into it;
/// the atomic write's rename must never replace the device itself (it
/// did: /dev/null became a regular file).
#[test]
fn output_into_a_named_pipe_writes_into_it_and_keeps_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let ws = Ws::empty();
    ws.write("a.md", "# 规定\n\n第1条　甲。\n");
    ws.write("b.md", "# 规定\n\n第1条　乙。\n");
    let fifo = ws.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("SKIP: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap_or_default())
    };
    ws.run(&[
        "diff",
        "a.md",
        "b.md",
        "--format",
        "json",
        "-o",
        fifo.to_str().unwrap(),
    ])
    .ok();
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the named pipe was replaced: {kind:?}");
    let got = reader.join().unwrap_or_default();
    assert!(
        got.contains("\"clauses\":[") && got.ends_with("]}\n"),
        "{got}"
    );
}

/// tester6 H1: a clause line ending in ，and a `责任单位：` line under it
/// were read as one line, so a unit added to the list was not reported
/// and the segments lost the line break.
#[test]
fn t6_h1_a_units_line_after_a_line_ending_in_a_comma_stays_its_own_line() {
    let old = "# 措施\n\n1.支持研发创新，对符合条件的企业，\n责任单位：市科技局、市财政局\n新增资金测算：100万元\n\n2.支持人才引进。（责任单位：市人社局）\n";
    let new = "# 措施\n\n1.支持研发创新，对符合条件的企业给予奖励，\n责任单位：市科技局、市财政局、市商务局\n新增资金测算：100万元\n\n2.支持人才引进。（责任单位：市人社局）\n";
    let json = diff_json(old, new, &[]);
    let first = entry(&json, 1);
    assert_eq!(
        first["units_added"],
        serde_json::json!(["市商务局"]),
        "{json}"
    );
    assert_eq!(first["units_removed"], serde_json::json!([]), "{json}");
    let (was, now) = sides(first);
    assert_eq!(
        was,
        "1.支持研发创新，对符合条件的企业，\n责任单位：市科技局、市财政局\n新增资金测算：100万元"
    );
    assert_eq!(
        now,
        "1.支持研发创新，对符合条件的企业给予奖励，\n责任单位：市科技局、市财政局、市商务局\n新增资金测算：100万元"
    );
    let ws = Ws::empty();
    ws.write("a.md", old);
    ws.write("b.md", new);
    let table = ws
        .run(&["--lang", "zh", "diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(table.contains("责任单位增加市商务局"), "{table}");
    assert!(table.contains("企业，<br>责任单位"), "{table}");
}

/// tester6 H2: with two 新增资金测算 lines in one clause only the last
/// counted, so changing the first read as 无变化.
#[test]
fn t6_h2_every_funding_line_of_a_clause_counts() {
    let clause = |first: u32| {
        format!(
            "# 措施\n\n1.支持研发创新。（责任单位：市科技局）\n新增资金测算：{first}万元\n新增资金测算：200万元\n\n2.支持人才引进。（责任单位：市人社局）\n新增资金测算：50万元\n"
        )
    };
    let json = diff_json(&clause(100), &clause(150), &[]);
    assert_eq!(json["funding_total_from_wan"], 350, "{json}");
    assert_eq!(json["funding_total_to_wan"], 400, "{json}");
    let first = entry(&json, 1);
    assert_eq!(first["funding_from_wan"], 300, "{json}");
    assert_eq!(first["funding_to_wan"], 350, "{json}");
    let ws = Ws::empty();
    ws.write("a.md", clause(100));
    ws.write("b.md", clause(150));
    let table = ws
        .run(&["--lang", "zh", "diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        table.contains("新增资金测算由300万元调整为350万元")
            && table.contains("合计由 350 万元调整为 400 万元"),
        "{table}"
    );
}

/// tester6 L10: a damaged byte was named by its offset only; the message
/// now names the line too (as every other input error does), in diff and
/// in import, for damaged UTF-8 and for GBK; nothing is written.
#[test]
fn t6_l10_a_damaged_byte_is_named_with_its_line() {
    let ws = Ws::example();
    let good = "# 措施\r\n\r\n1.支持研发。\r\n2.支持人才\u{FFFF}。\r\n";
    let mut utf8 = good.replace('\u{FFFF}', "").into_bytes();
    let cut = utf8.len() - "。\r\n".len();
    utf8.insert(cut, 0xE7);
    ws.write("in/utf8.md", &utf8);
    let plain = good.replace('\u{FFFF}', "");
    let (gbk, _, _) = encoding_rs::GBK.encode(&plain);
    let mut gbk = gbk.to_vec();
    let cut = gbk.len() - "\r\n".len();
    gbk.splice(cut..cut, [0xFF, 0xFF]);
    ws.write("in/gbk.md", &gbk);
    ws.write("ok.md", &plain);
    let before = ws.snapshot();
    for file in ["in/utf8.md", "in/gbk.md"] {
        let want = format!("{file}:4:");
        ws.run(&["diff", "ok.md", file, "-o", "out.json", "--format", "json"])
            .code_is(2)
            .fails_with(&[want.as_str()]);
        ws.run(&["import", file, "--as", "bad"])
            .code_is(2)
            .fails_with(&[want.as_str()]);
    }
    assert_eq!(before, ws.snapshot());
}

/// tester7 L10: a diff against an empty file read as every clause deleted
/// with no word that the file is empty; now a warning says so (the diff
/// itself is still made: a draft against nothing).
#[test]
fn t7_l10_an_empty_file_is_said_to_be_empty() {
    let ws = Ws::empty();
    ws.write("a.md", "# 措施\n\n1.支持研发。\n");
    ws.write("empty.md", "");
    let run = ws.run(&["--lang", "zh", "diff", "a.md", "empty.md"]).ok();
    assert!(
        run.stderr()
            .contains("警告: empty.md 是空的（没有任何文字）"),
        "{}",
        run.stderr()
    );
    let run = ws.run(&["--lang", "en", "diff", "a.md", "a.md"]).ok();
    assert!(!run.stderr().contains("empty"), "{}", run.stderr());
}

/// tester7 M5: a short clause extended at the same number read as one
/// clause deleted and one inserted when the clause before it was edited
/// too (no unchanged neighbour).
#[test]
fn t7_m5_a_clause_rewritten_in_place_is_modified_whatever_its_neighbours() {
    let old = "第一条　对认定的企业给予奖励。\n\n第二条　本办法自发布之日起施行。\n";
    let new = "第一条　对认定的企业给予奖励，奖励资金由市、区两级财政按照现行财政体制分担。\n\n第二条　本办法自2024年1月1日起施行，有效期至2026年12月31日。\n";
    let json = diff_json(old, new, &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "modified"),
            ch(Some(2), Some(2), "modified")
        ],
        "{json}"
    );
    // Two clauses replaced by two unlike ones with nothing paired around
    // them stay deleted and inserted.
    let json = diff_json(
        "第一条　甲乙丙丁戊己庚。\n\n第二条　子丑寅卯辰巳午。\n",
        "第一条　天地玄黄宇宙洪荒。\n\n第二条　日月盈昃辰宿列张。\n",
        &[],
    );
    assert!(changes(&json).iter().all(|c| c.2 != "modified"), "{json}");
}

/// tester7 L10: a NUL byte was named by its offset only, and `ingest` of a
/// reply with a damaged byte gave the list of formats instead of how to
/// mend it; both now name the line, and ingest gives diff's hint. Nothing
/// is written.
#[test]
fn t7_l10_a_nul_byte_has_a_line_and_ingest_says_how_to_mend_a_damaged_byte() {
    let ws = Ws::example();
    ws.write("ok.md", "1.支持甲。\n\n2.支持乙。\n");
    ws.write(
        "in/nul.md",
        b"1.\xe6\x94\xaf\xe6\x8c\x81\xe7\x94\xb2\xe3\x80\x82\n\n2.\x00\n",
    );
    ws.write(
        "in/b2.txt",
        b"\xe6\x97\xa0\xe4\xbf\xae\xe6\x94\xb9\xe6\x84\x8f\xe8\xa7\x81\n\xff\n",
    );
    let before = ws.snapshot();
    ws.run(&["--lang", "zh", "diff", "ok.md", "in/nul.md"])
        .code_is(2)
        .fails_with(&["in/nul.md:3:", "NUL"]);
    ws.run(&[
        "--lang",
        "zh",
        "ingest",
        "in/b2.txt",
        "--department",
        "市发改委",
        "--received",
        "2023-05-25 10:00",
    ])
    .code_is(2)
    .fails_with(&["in/b2.txt:2:", "改正或删去第 16 字节处的字符"]);
    assert_eq!(before, ws.snapshot());
}

/// tester8 H2: two spaces (or a `\\`) at the end of a line made a Markdown
/// hard line break, and the next line's clause was read into the clause
/// before it: 第二条 was gone as a clause and its edit read as an edit of
/// 第一条. A hard break now splits the lines as a plain line end does.
#[test]
fn t8_h2_a_hard_line_break_keeps_the_next_clause_its_own() {
    for end in ["  ", "\\"] {
        let old = format!("第一条　总则。{end}\n第二条　内容。\n");
        let new = format!("第一条　总则。{end}\n第二条　内容改。\n");
        let json = diff_json(&old, &new, &[]);
        assert_eq!(
            changes(&json),
            [
                ch(Some(1), Some(1), "unchanged"),
                ch(Some(2), Some(2), "modified")
            ],
            "{end:?}: {json}"
        );
    }
    // A sentence wrapped with a hard break mid-way stays one clause.
    let json = diff_json(
        "第一条　对认定的企业  \n给予奖励。\n",
        "第一条　对认定的企业  \n给予补助。\n",
        &[],
    );
    assert_eq!(changes(&json), [ch(Some(1), Some(1), "modified")], "{json}");
}

/// tester8 H1: a link's address was dropped from the clause text, so a
/// changed address (or reference definition) read as no change at all.
/// The address now follows the link's words in brackets.
#[test]
fn t8_h1_a_changed_link_address_is_a_changed_clause() {
    let old = "第一条　详见[办事指南](http://a.gov.cn/1)。\n\n第二条　乙。\n";
    let new = old.replace("http://a.gov.cn/1", "http://b.gov.cn/2");
    let json = diff_json(old, &new, &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "modified"),
            ch(Some(2), Some(2), "unchanged")
        ],
        "{json}"
    );
    assert!(json.to_string().contains("办事指南（http://"), "{json}");
    // A reference definition changed.
    let old = "第一条　详见[指南][g]。\n\n[g]: http://a.gov.cn\n";
    let new = old.replace("http://a.gov.cn", "http://b.gov.cn");
    let json = diff_json(old, &new, &[]);
    assert_eq!(changes(&json), [ch(Some(1), Some(1), "modified")], "{json}");
    // An address written as the link's words is not repeated.
    let json = diff_json(
        "第一条　见<http://a.gov.cn>。\n",
        "第一条　见<http://a.gov.cn>。\n",
        &[],
    );
    assert!(!json.to_string().contains("（http"), "{json}");
}

/// tester8 M3: clause labels from 第一万条 on were not read as labels, so
/// every clause after 第九千九百九十九条 was folded into it, without a
/// warning. Numbers with 万 are read (and written) now.
#[test]
fn t8_m3_clauses_from_the_ten_thousandth_are_clauses() {
    let old =
        "第九千九百九十九条　甲。\n第一万条　乙。\n第一万零一条　丙。\n第一万二千三百条　丁。\n";
    let new = old.replace("乙。", "乙改。");
    let json = diff_json(old, &new, &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(9999), Some(9999), "unchanged"),
            ch(Some(10000), Some(10000), "modified"),
            ch(Some(10001), Some(10001), "unchanged"),
            ch(Some(12300), Some(12300), "unchanged")
        ],
        "{json}"
    );
}

/// tester8 L10: `diff - b.md` was taken for a version named `-` and the
/// error spoke of a missing consult.yaml; it now says that standard input
/// is not read and how to go on. Exit 2, nothing written.
#[test]
fn t8_l10_a_dash_is_refused_as_standard_input() {
    let ws = Ws::example();
    ws.write("b.md", "第一条　甲。\n");
    let before = ws.snapshot();
    let run = ws.run(&["--lang", "en", "diff", "-", "b.md"]).code_is(2);
    assert!(run.stderr().contains("standard input"), "{}", run.stderr());
    assert!(!run.stderr().contains("consult.yaml"), "{}", run.stderr());
    assert!(
        run.stderr().contains("save the draft to a file"),
        "{}",
        run.stderr()
    );
    let run = ws.run(&["--lang", "zh", "diff", "b.md", "-"]).code_is(2);
    assert!(run.stderr().contains("标准输入"), "{}", run.stderr());
    assert_eq!(ws.snapshot(), before);
}

/// A draft of 4 GiB or more is refused before it is read (a unit's text
/// is a 32-bit range of its draft): exit 2, the draft and its size named,
/// a hint, nothing written. The draft is a sparse file outside the
/// workspace (no 4 GiB is written or read).
#[test]
fn a_draft_of_4_gib_is_refused_before_it_is_read() {
    let ws = Ws::example();
    ws.write("a.md", "第一条　甲。\n");
    let far = tempfile::tempdir().ok();
    let Some(huge) = far.as_ref().map(|d| d.path().join("huge.md")) else {
        return;
    };
    let made = std::fs::File::create(&huge).and_then(|f| f.set_len(u64::from(u32::MAX) + 1));
    assert!(made.is_ok(), "{made:?}");
    let huge = huge.to_string_lossy().to_string();
    let before = ws.snapshot();
    let run = ws
        .run(&[
            "--lang", "en", "diff", "a.md", &huge, "--format", "json", "-o", "out.json",
        ])
        .fails_with(&[
            "too large",
            "4294967296 bytes",
            "huge.md",
            "split the draft",
        ]);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    ws.run(&["--lang", "zh", "diff", &huge, "a.md"])
        .fails_with(&["过大", "4 GiB", "分为几册"]);
    assert_eq!(ws.snapshot(), before);
}

/// tester10 H5: `diff a.md /dev/zero` read without end (5 GB in 10 s); a
/// device or a named pipe is now refused before it is opened: exit 2, the
/// name, a hint, nothing written.
#[test]
fn t10_h5_a_device_or_a_pipe_is_refused_before_it_is_read() {
    let ws = Ws::example();
    ws.write("a.md", "第一条　甲。\n");
    let before = ws.snapshot();
    for device in ["/dev/zero", "/dev/urandom"] {
        if std::path::Path::new(device).exists() {
            ws.run(&["--lang", "en", "diff", "a.md", device, "--format", "json"])
                .fails_with(&[device, "not a regular file", "save the draft to a file"]);
        }
    }
    let far = tempfile::tempdir().ok();
    let fifo = far.as_ref().map(|d| d.path().join("pipe.md"));
    let made = fifo.as_ref().and_then(|f| {
        std::process::Command::new("mkfifo")
            .arg(f)
            .status()
            .ok()
            .filter(|s| s.success())
    });
    if let (Some(fifo), Some(_)) = (fifo, made) {
        let fifo = fifo.to_string_lossy().to_string();
        ws.run(&["--lang", "zh", "diff", &fifo, "a.md"])
            .fails_with(&["不是普通文件", "存成文件"]);
    }
    // /dev/null is still an empty draft, as in `git diff`.
    if std::path::Path::new("/dev/null").exists() {
        let run = ws
            .run(&["diff", "/dev/null", "a.md", "--format", "json"])
            .ok();
        assert!(run.stdout().contains("inserted"), "{}", run.stdout());
    }
    assert_eq!(ws.snapshot(), before);
}

/// tester10 (Low): the terminal summary said “funding total: 0 → 0” and
/// “新增资金合计：10000 → 10000 万元” when the funding did not change; it
/// now says the one total and that it did not change (issue 11 item 5),
/// and still shows both totals when they differ.
#[test]
fn t10_unchanged_funding_total_reads_unchanged_in_the_terminal() {
    let ws = Ws::empty();
    ws.write("a.md", draft(&[A, B, C]));
    let reworded = (
        "支持创新载体布局建设。对获批的国家新一代人工智能开放创新平台给予最高1200万元建设经费支持。",
        B.1,
        B.2,
        B.3,
    );
    ws.write("b.md", draft(&[A, reworded, C]));
    let zh = ws.run(&["--lang", "zh", "diff", "a.md", "b.md"]).ok();
    assert!(
        zh.stdout().contains("新增资金合计：3000 万元，无变化"),
        "{}",
        zh.stdout()
    );
    assert!(!zh.stdout().contains("3000 → 3000"), "{}", zh.stdout());
    let en = ws.run(&["--lang", "en", "diff", "a.md", "b.md"]).ok();
    assert!(
        en.stdout()
            .contains("funding total: 3000 (10k yuan), unchanged"),
        "{}",
        en.stdout()
    );
    let more = (B.0, B.1, B.2, 1500);
    ws.write("c.md", draft(&[A, more, C]));
    let changed = ws.run(&["--lang", "zh", "diff", "a.md", "c.md"]).ok();
    assert!(
        changed.stdout().contains("新增资金合计：3000 → 3500 万元"),
        "{}",
        changed.stdout()
    );
}

/// tester10 (Low): the HTML redline, the HTML 修改对照表 and the HTML
/// 汇总表 ended without a final newline (the template engine drops one);
/// each page now ends with exactly one.
#[test]
fn t10_html_pages_end_with_one_newline() {
    let ws = Ws::example();
    ws.write("a.md", draft(&[A, B]));
    ws.write("b.md", draft(&[A, C]));
    let html = ws
        .run(&["diff", "a.md", "b.md", "--format", "html"])
        .ok()
        .stdout();
    ws.run(&["diff", "a.md", "b.md", "--format", "table", "-o", "t.html"])
        .ok();
    let table = ws.read("t.html");
    let report = ws.run(&["report", "--format", "html"]).ok().stdout();
    for (name, page) in [("redline", html), ("对照表", table), ("汇总表", report)] {
        assert!(page.trim_end().ends_with("</html>"), "{name}: {page}");
        assert!(
            page.ends_with("</html>\n") && !page.ends_with("\n\n"),
            "{name} ends {:?}",
            page.get(page.len().saturating_sub(12)..)
        );
    }
}

/// tester10 M4: two figures edited close together came out of every
/// format as one replaced span (`[-300万元、500-]{+250万元、600+}`); the
/// JSON segments (which every format is drawn from) now hold each figure
/// replaced on its own, and still rebuild both texts.
#[test]
fn t10_m4_figures_changed_close_together_are_shown_apart_in_every_format() {
    let old = "# 条例\n\n第一条　对企业给予最高300万元、500万元资助，比例为15%和20%。\n";
    let new = "# 条例\n\n第一条　对企业给予最高250万元、600万元资助，比例为10%和25%。\n";
    let json = diff_json(old, new, &[]);
    let clause = &json["clauses"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["change"] == "modified"))
        .cloned()
        .unwrap_or_default();
    let edits: Vec<(String, String)> = clause["segments"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter(|s| s["op"] != "equal")
                .map(|s| {
                    (
                        s["op"].as_str().unwrap_or("").to_string(),
                        s["text"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let want: Vec<(String, String)> = [
        ("delete", "300"),
        ("insert", "250"),
        ("delete", "500"),
        ("insert", "600"),
        ("delete", "15%"),
        ("insert", "10%"),
        ("delete", "20%"),
        ("insert", "25%"),
    ]
    .iter()
    .map(|(o, t)| (o.to_string(), t.to_string()))
    .collect();
    assert_eq!(edits, want, "{clause}");
    let ws = Ws::empty();
    ws.write("a.md", old);
    ws.write("b.md", new);
    ws.run(&["diff", "a.md", "b.md", "--color", "never"])
        .ok()
        .stdout_has(&[
            "[-300-]{+250+}万元、[-500-]{+600+}万元",
            "[-15%-]{+10%+}和[-20%-]{+25%+}",
        ]);
    ws.run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout_has(&[
            "<del>300</del>万元、<del>500</del>万元",
            "<b>250</b>万元、<b>600</b>万元",
        ]);
}

/// tester10 M6: a clause written as one long sentence has it all as its
/// title, and the terminal heading repeated the whole clause above its
/// redline; the heading now shows the title's first 30 characters and “…”.
/// With colour, the heading is reset once, not twice.
#[test]
fn t10_m6_a_long_title_is_cut_in_the_terminal_heading() {
    let long = "对新认定的高新技术企业给予一次性奖励；支持高校、科研院所与企业共建新型研发机构；具体办法由市科技局会同市财政局另行制定";
    let ws = Ws::empty();
    ws.write("a.md", format!("# 条例\n\n第一条　{long}，最高300万元。\n"));
    ws.write("b.md", format!("# 条例\n\n第一条　{long}，最高500万元。\n"));
    let out = ws
        .run(&["--lang", "zh", "diff", "a.md", "b.md", "--color", "never"])
        .ok()
        .stdout();
    let heading = out
        .lines()
        .find(|l| l.starts_with("第一条 "))
        .unwrap_or_default();
    let first_30: String = long.chars().take(30).collect();
    assert_eq!(heading, format!("第一条 {first_30}…  [修改]"), "{out}");
    assert!(out.contains("[-300-]{+500+}"), "{out}");
    let colored = ws
        .run(&["--lang", "zh", "diff", "a.md", "b.md", "--color", "always"])
        .ok()
        .stdout();
    let heading = colored
        .lines()
        .find(|l| l.contains("[修改]"))
        .unwrap_or_default();
    assert_eq!(heading.matches("\u{1b}[0m").count(), 1, "{heading:?}");
    // A short title is shown whole.
    ws.write("c.md", "# 条例\n\n第一条　支持研发。\n");
    ws.write("d.md", "# 条例\n\n第一条　支持研发投入。\n");
    ws.run(&["--lang", "zh", "diff", "c.md", "d.md", "--color", "never"])
        .ok()
        .stdout_has(&["第一条 支持研发投入  [修改]"]);
}

/// tester12 H1: a draft numbered `1. ` with blank lines between its items
/// (a loose Markdown list) read each clause as its number on a line of its
/// own (`1.\n支持研发。…`) with an empty title; now `1.支持研发。…`, as the
/// same list without blank lines reads, titled 支持研发.
#[test]
fn t12_h1_a_numbered_list_with_blank_lines_keeps_each_clause_whole() {
    let old = "关于政策（征求意见稿）\n\n1. 支持研发。（责任单位：市科技局）\n\n新增资金测算：100万元\n\n2. 支持人才。（责任单位：市人社局）\n";
    let new = "关于政策（征求意见稿）\n\n1. 支持研发。（责任单位：市科技局）\n\n新增资金测算：100万元\n\n2. 支持人才。（责任单位：市人社局、市教育局）\n";
    let json = diff_json(old, new, &[]);
    let clauses: Vec<(String, String, String)> = json["clauses"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|c| c["part"] == "clause")
                .map(|c| {
                    (
                        c["title"].as_str().unwrap_or("").to_string(),
                        c["change"].as_str().unwrap_or("").to_string(),
                        sides(c).0,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let want = [
        (
            "支持研发",
            "unchanged",
            "1.支持研发。（责任单位：市科技局）\n新增资金测算：100万元",
        ),
        ("支持人才", "modified", "2.支持人才。（责任单位：市人社局）"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(clauses, want, "{json}");
    assert_eq!(json["clauses"][2]["units_added"][0], "市教育局", "{json}");
    assert_eq!(json["funding_total_from_wan"], 100.0, "{json}");
}

/// tester12 M2 (tester10 H3): `附件：1. 重点项目清单` / `2. 资金测算表`
/// after the last clause read `2.` as a second clause 2 (counted
/// unchanged) and the 附件 line as part of the last clause; now the 附件
/// block, the sender and the date are the closing.
#[test]
fn t12_m2_an_attachment_list_is_not_read_as_clauses() {
    let old = "关于若干措施（征求意见稿）\n\n1. 支持数字基础设施建设。\n\n2. 培育数字经济核心产业。\n\n3. 强化要素保障。（责任单位：市财政局）\n\n新增资金测算：500万元\n\n附件：1. 重点项目清单\n2. 资金测算表\n\n苏州市工业和信息化局\n2023年6月1日\n";
    let new = old.replace("3. 强化", "3. 全面强化");
    let json = diff_json(old, &new, &[]);
    assert_eq!(
        changes(&json),
        [
            ch(Some(1), Some(1), "unchanged"),
            ch(Some(2), Some(2), "unchanged"),
            ch(Some(3), Some(3), "modified"),
        ],
        "{json}"
    );
    let closing = json["clauses"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["part"] == "closing"))
        .map(|c| c["segments"][0]["text"].as_str().unwrap_or("").to_string())
        .unwrap_or_default();
    assert!(
        closing.starts_with("附件：1. 重点项目清单\n2. 资金测算表"),
        "{closing}"
    );
    assert_eq!(json["funding_total_to_wan"], 500.0, "{json}");
}

/// tester14 H1: a `.txt` draft whose lines were indented with a tab or
/// four spaces read as Markdown code, where the escapes that keep its `*`,
/// `_`, backticks, `&` and `|` its own showed as backslashes in the text:
/// the indented copy of a draft was "modified". It reads as written.
#[test]
fn t14_h1_a_txt_draft_indented_with_tabs_or_spaces_reads_as_written() {
    let ws = Ws::empty();
    let lines = [
        "关于若干规定（征求意见稿）",
        "第一条　重点*支持*_AI_与`GPU`，R&D投入｜A|B。",
        "第二条　比例3*4。",
    ];
    let plain = lines.join("\n") + "\n";
    ws.write("a.txt", &plain);
    for (name, indent) in [
        ("tab.txt", "\t"),
        ("four.txt", "    "),
        ("eight.txt", "\t    "),
    ] {
        let indented: String = lines.iter().map(|l| format!("{indent}{l}\n")).collect();
        ws.write(name, &indented);
        let json = ws
            .run(&["diff", "a.txt", name, "--format", "json"])
            .ok()
            .json();
        assert_eq!(json["summary"]["modified"], 0, "{name}: {json}");
        let texts: Vec<(String, String)> = json["clauses"]
            .as_array()
            .map(|c| c.iter().map(sides).collect())
            .unwrap_or_default();
        let all: String = texts.iter().map(|(o, n)| format!("{o}\n{n}\n")).collect();
        assert!(!all.contains('\\'), "{name}: {all}");
        assert!(
            all.contains(lines[1]) && all.contains(lines[2]),
            "{name}: {all}"
        );
    }
}

/// tester14 M2: a zero-width space (U+200B) or word joiner (U+2060) before
/// `第2条`, as text pasted from a web page carries, hid the label: clause 2
/// ran into clause 1 (and at the file's start, clause 1 became a title).
/// Each clause is its own, paired with itself, in .md and .txt alike.
#[test]
fn t14_m2_an_invisible_character_before_a_label_leaves_the_clause_its_own() {
    let ws = Ws::empty();
    let clauses = [
        "第1条　对新认定的高新技术企业给予一次性奖励。",
        "第2条　支持高校、科研院所与企业共建新型研发机构。",
        "第3条　对符合条件的企业给予最高300万元资助。",
    ];
    let clean = clauses.join("\n") + "\n";
    let marked = format!(
        "\u{200B}{}\n\u{200B}{}\n\u{2060}{}\n",
        clauses[0], clauses[1], clauses[2]
    );
    for ext in ["md", "txt"] {
        let (a, b) = (format!("a.{ext}"), format!("b.{ext}"));
        ws.write(&a, &clean);
        ws.write(&b, &marked);
        let json = ws.run(&["diff", &a, &b, "--format", "json"]).ok().json();
        let summary = &json["summary"];
        assert_eq!(summary["modified"], 0, "{ext}: {json}");
        assert_eq!(summary["inserted"], 0, "{ext}: {json}");
        assert_eq!(summary["deleted"], 0, "{ext}: {json}");
        let numbers = clause_numbers(&json, |c| c["part"] == "clause");
        let want: Vec<(Value, Value)> = (1..=3).map(|n| (n.into(), n.into())).collect();
        assert_eq!(numbers, want, "{ext}: {json}");
    }
}

/// The (from_number, to_number) of the entries of a diff's JSON that
/// `keep` keeps, in order.
fn clause_numbers(json: &Value, keep: impl Fn(&Value) -> bool) -> Vec<(Value, Value)> {
    json["clauses"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|c| keep(c))
                .map(|c| (c["from_number"].clone(), c["to_number"].clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// tester15 M3: in `（责任单位：市科技局牵头，市财政局配合）` the units were
/// `市科技局牵头` and `市财政局配合`, so 市财政局 → 市人社局 was reported as
/// `+市人社局配合 -市财政局配合` and redlined `市[-财政-]{+人社+}局配合`. The
/// role word is not part of the name: the units are 市财政局 and 市人社局, and
/// the name is replaced whole.
#[test]
fn t15_m3_a_role_word_after_a_unit_in_a_role_list_is_not_part_of_its_name() {
    let ws = Ws::empty();
    ws.write(
        "a.md",
        "第一条　支持研发（责任单位：市科技局牵头，市财政局配合）\n",
    );
    ws.write(
        "b.md",
        "第一条　支持研发（责任单位：市科技局牵头，市人社局配合）\n",
    );
    let json = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    let clause = &json["clauses"][0];
    assert_eq!(
        clause["units_added"],
        serde_json::json!(["市人社局"]),
        "{json}"
    );
    assert_eq!(
        clause["units_removed"],
        serde_json::json!(["市财政局"]),
        "{json}"
    );
    let changed: Vec<(String, String)> = clause["segments"]
        .as_array()
        .map(|s| {
            s.iter()
                .filter(|s| s["op"] != "equal")
                .map(|s| (s["op"].to_string(), s["text"].to_string()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        changed,
        [
            ("\"delete\"".to_string(), "\"市财政局\"".to_string()),
            ("\"insert\"".to_string(), "\"市人社局\"".to_string())
        ],
        "{json}"
    );
    // A unit added to such a list is added, nothing removed.
    ws.write(
        "c.md",
        "第一条　支持研发（责任单位：市科技局牵头，市财政局、市人社局配合）\n",
    );
    let json = ws
        .run(&["diff", "a.md", "c.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        json["clauses"][0]["units_added"],
        serde_json::json!(["市人社局"]),
        "{json}"
    );
    assert_eq!(
        json["clauses"][0]["units_removed"],
        serde_json::json!([]),
        "{json}"
    );
}

/// tester15 M4: two neighbouring clauses both rewritten in place (here to
/// `（删除）`, as offices mark a deleted clause) read as two deleted and two
/// inserted, where one such clause reads as modified. Clauses left in the
/// same places between unchanged neighbours are modified, in order; a
/// whole draft replaced by unrelated text stays deleted and inserted.
#[test]
fn t15_m4_neighbouring_clauses_rewritten_in_place_are_modified() {
    let ws = Ws::empty();
    ws.write(
        "a.md",
        "第1条　企业研发费用加计扣除比例为50%。\n\
         第2条　对引进的高层次人才，给予439万元安家补贴（责任单位：市人社局、市财政局）。\n\
         第3条　市科技局会同市财政局制定实施细则，报市人民政府批准后实施。\n\
         第4条　本条例自发布之日起施行。\n",
    );
    ws.write(
        "b.md",
        "第1条　企业研发费用加计扣除比例为50%。\n第2条　（删除）\n第3条　（删除）\n\
         第4条　本条例自发布之日起施行。\n",
    );
    let json = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    let summary = &json["summary"];
    assert_eq!(summary["modified"], 2, "{json}");
    assert_eq!(summary["inserted"], 0, "{json}");
    assert_eq!(summary["deleted"], 0, "{json}");
    let numbers = clause_numbers(&json, |c| c["change"] == "modified");
    assert_eq!(
        numbers,
        [(2.into(), 2.into()), (3.into(), 3.into())],
        "{json}"
    );
    // Nothing kept at all: unrelated texts are not paired.
    ws.write("c.md", "第1条　甲乙丙丁。\n第2条　戊己庚辛。\n");
    ws.write("d.md", "第1条　子丑寅卯。\n第2条　辰巳午未。\n");
    let json = ws
        .run(&["diff", "c.md", "d.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["summary"]["modified"], 0, "{json}");
    assert_eq!(json["summary"]["deleted"], 2, "{json}");
}

/// tester15 L6: a clause that opens with its unit list
/// (`第六条　（责任单位：市科技局）支持企业。`) had an empty title. The title
/// is what follows the list's bracket, in the JSON and the terminal.
#[test]
fn t15_l6_a_clause_that_opens_with_its_unit_list_is_titled_by_what_follows() {
    let ws = Ws::empty();
    ws.write("a.md", "第六条　（责任单位：市科技局）支持企业研发。\n");
    ws.write(
        "b.md",
        "第六条　（责任单位：市科技局、市财政局）支持企业研发。\n",
    );
    let json = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["clauses"][0]["title"], "支持企业研发", "{json}");
    assert_eq!(
        json["clauses"][0]["units_added"],
        serde_json::json!(["市财政局"]),
        "{json}"
    );
    let term = ws.run(&["diff", "a.md", "b.md"]).ok().stdout();
    assert!(term.contains("支持企业研发"), "{term}");
}

/// tester15 L7: `（责任单位：见附件1）` was read as a unit named 见附件1, so
/// 附件1 → 附件2 reported a unit added and one removed. A list that points
/// to an attachment names no unit; the redline still shows the change.
#[test]
fn t15_l7_a_list_that_points_to_an_attachment_names_no_unit() {
    let ws = Ws::empty();
    ws.write("a.md", "第三条　支持平台建设（责任单位：见附件1）。\n");
    ws.write("b.md", "第三条　支持平台建设（责任单位：见附件2）。\n");
    let json = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    let clause = &json["clauses"][0];
    assert_eq!(clause["change"], "modified", "{json}");
    assert_eq!(clause["units_added"], serde_json::json!([]), "{json}");
    assert_eq!(clause["units_removed"], serde_json::json!([]), "{json}");
    assert_eq!(clause["title"], "支持平台建设", "{json}");
}

/// tester10 H1 (tester11 confirming): a `.txt` draft was read as Markdown,
/// so `下列事项*应当*公示` against `下列事项应当公示` was "the same text" and
/// `_`, backticks and `&lt;` were lost from clause texts. A .txt is plain
/// text, as `import` reads one: every character is its own; a `.md` is
/// still Markdown.
#[test]
fn t10_h1_a_txt_draft_is_read_as_plain_text() {
    let ws = Ws::empty();
    let lines = [
        "关于若干规定（征求意见稿）",
        "第一条　下列事项*应当*公示。",
        "第二条　代码`a_b`、__init__与&lt;附注&gt;照录，比例3*4。",
        "# 第三条　不是标题。",
        "1. 第四条　不是列表。",
    ];
    let old = lines.join("\n\n") + "\n";
    let new = old.replace("*应当*", "应当");
    ws.write("a.txt", &old);
    ws.write("b.txt", &new);
    let json = ws
        .run(&["diff", "a.txt", "b.txt", "--format", "json"])
        .ok()
        .json();
    let rebuilt: Vec<String> = json["clauses"]
        .as_array()
        .map(|c| c.iter().map(|c| sides(c).0).collect())
        .unwrap_or_default();
    let all = rebuilt.join("\n");
    for line in &lines[1..3] {
        assert!(all.contains(line), "{line} not in {all}");
    }
    assert!(
        all.contains("# 第三条") && all.contains("1. 第四条"),
        "{all}"
    );
    assert_eq!(json["summary"]["modified"], 1, "{json}");
    // The same bytes as .md are Markdown: the emphasis marks are markup.
    ws.write("a.md", &old);
    ws.write("b.md", &new);
    let md = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(md["summary"]["modified"], 0, "{md}");
    // A .txt that is not text is refused, naming it; nothing is written.
    std::fs::write(ws.join("bad.txt"), b"\x00\x01binary\x00\xff\xfe\x00").unwrap();
    let before = ws.snapshot();
    ws.run(&[
        "diff", "a.txt", "bad.txt", "-o", "out.json", "--format", "json",
    ])
    .fails_with(&["bad.txt"]);
    assert_eq!(ws.snapshot(), before);
}

/// tester16 M3: `diff -o x.docx` wrote plain text into a .docx (exit 0)
/// that Word cannot open; a document no format writes is refused, exit 2,
/// nothing written, with the command that makes a Word redline.
#[test]
fn t16_m3_a_diff_into_a_word_or_pdf_file_is_refused() {
    let ws = Ws::example();
    ws.write(
        "a.md",
        "# 办法\n\n第一条　（责任单位：市科技局）支持企业。\n",
    );
    ws.write(
        "b.md",
        "# 办法\n\n第一条　（责任单位：市科技局、市人社局）支持企业。\n",
    );
    let before = ws.snapshot();
    ws.run(&["diff", "a.md", "b.md", "-o", "redline.docx"])
        .fails_with(&["redline.docx", "--redline-from"]);
    ws.run(&["diff", "a.md", "b.md", "--format", "table", "-o", "t.PDF"])
        .fails_with(&["t.PDF"]);
    ws.run_env(
        &["diff", "a.md", "b.md", "-o", "x.xlsx"],
        &[("LANG", "zh_CN.UTF-8")],
    )
    .fails_with(&["x.xlsx", "未写入任何内容"]);
    assert_eq!(ws.snapshot(), before);
    assert!(!ws.join("redline.docx").exists());
    // A text file of any other name is still written.
    ws.run(&["diff", "a.md", "b.md", "-o", "redline.txt"]).ok();
    assert!(ws.read("redline.txt").contains("市人社局"));
}
