//! How clauses are cited and read, as fresh testers found them wrong:
//! drafts labelled 一、 二、 cited 第三点 (tester4 L9), the numbering gap
//! after clause 1 is deleted (tester4 L7), 责任单位 in other layouts
//! (tester4 L8, tester3 L13) and a change of numbering style only
//! (tester3 L1). Each through the real binary.

use crate::clause_style::{NUMBERS, relabel};
use crate::diff::git;
use crate::harness::Ws;

/// Relabel the example's consulted draft 1. … 10. as 一、 … 十、 and commit
/// it, so the workspace is clean and its clauses are labelled 一、.
fn relabel_yi(ws: &Ws) {
    relabel(ws, ".", |n, rest| format!("{}、{rest}", NUMBERS[n - 1]));
    let shown = ws.run(&["show", "v1", "--json"]).ok().json();
    assert_eq!(shown["clauses"][6]["label"], "七、", "{shown}");
}

/// tester4's yi0.md / yi1.md: clause 二、 moved to 三、 and its amount
/// changed.
const YI0: &str = "# 规定\n\n一、总体要求。\n二、支持企业发展，给予最高300万元。\n三、保障措施。\n";
const YI1: &str = "# 规定\n\n一、总体要求。\n二、保障措施。\n三、支持企业发展，给予最高500万元。\n";

#[test]
fn l9_yi_er_san_drafts_are_cited_di_san_dian_in_the_table_and_terminal() {
    let ws = Ws::empty();
    ws.write("yi0.md", YI0);
    ws.write("yi1.md", YI1);
    let table = ws
        .run(&["diff", "yi0.md", "yi1.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(table.contains("| 第三点（原第二点） |"), "{table}");
    assert!(table.contains("调整条款位置（原第二点）"), "{table}");
    assert!(
        !table.contains("第3条") && !table.contains("第2条"),
        "{table}"
    );
    let term = ws
        .run(&[
            "--lang", "zh", "diff", "yi0.md", "yi1.md", "--color", "never",
        ])
        .ok()
        .stdout();
    assert!(term.contains("第二点 → 第三点"), "{term}");
    let html = ws
        .run(&["diff", "yi0.md", "yi1.md", "--format", "html"])
        .ok()
        .stdout();
    assert!(html.contains("第三点（原第二点）"), "{html}");
}

#[test]
fn l9_yi_er_san_workspace_cites_di_qi_dian_in_report_errors_and_lists() {
    let ws = Ws::example();
    relabel_yi(&ws);
    // The 汇总表 cites the talent office's opinion on clause 5 as 第五点.
    let report = ws.run(&["report"]).ok().stdout();
    assert!(report.contains("| 第五点 |"), "{report}");
    assert!(!report.contains("第5条"), "{report}");
    // An opinion on 第七点 is read, and errors on it cite 第七点.
    let reply = ws.write(
        "in/a.md",
        "---\ndepartment: 市发改委\nreceived: 2023-05-25 10:00\n---\n第七点：建议将“最高200万元的奖励”修改为“最高300万元的奖励”。\n",
    );
    let id = ws
        .run(&["ingest", reply.to_str().unwrap(), "--json"])
        .ok()
        .json()[0]["opinions"][0]["id"]
        .as_str()
        .expect("opinion id")
        .to_string();
    let before = ws.snapshot();
    let err = ws
        .run(&[
            "--lang",
            "zh",
            "decide",
            &id,
            "partial",
            "--replace",
            "没有的文字",
            "别的",
        ])
        .code_is(2)
        .stderr();
    assert!(err.contains("第七点中没有“没有的文字”"), "{err}");
    assert!(!err.contains("第7条"), "{err}");
    assert_eq!(ws.snapshot(), before, "nothing written");
    let list = ws
        .run_env(
            &["--lang", "zh", "opinions", "--clause", "7"],
            &[("COLUMNS", "80")],
        )
        .ok()
        .stdout();
    assert!(list.contains("│ 第七点"), "{list}");
    // The wide table's 条款 column too (tester5 L6: it said 7).
    let wide = ws
        .run_env(
            &["--lang", "zh", "opinions", "--clause", "7"],
            &[("COLUMNS", "160")],
        )
        .ok()
        .stdout();
    assert!(wide.contains("┆ 第七点 ┆"), "{wide}");
    // check cites the draft's items the same way.
    let check = ws.run(&["--lang", "zh", "check"]).stdout();
    assert!(check.contains("第七点写作“市卫健委”"), "{check}");
    assert!(!check.contains("第7条"), "{check}");
}

#[test]
fn l7_check_after_clause_1_is_deleted_says_the_numbering_starts_at_2() {
    let ws = Ws::example();
    let file = ws.join("drafts/v1.md");
    let draft = std::fs::read_to_string(&file).expect("draft");
    let without_1: Vec<&str> = draft.lines().filter(|l| !l.starts_with("1.")).collect();
    assert_eq!(without_1.len() + 1, draft.lines().count());
    std::fs::write(&file, without_1.join("\n") + "\n").expect("write");
    let zh = ws.run(&["--lang", "zh", "check"]).code_is(1).stdout();
    assert!(
        zh.contains("[numbering_gap] 条款编号从2开始，而不是从1开始"),
        "{zh}"
    );
    assert!(!zh.contains("从0跳到"), "{zh}");
    let en = ws.run(&["--lang", "en", "check"]).code_is(1).stdout();
    assert!(
        en.contains("[numbering_gap] clause numbering starts at 2, not at 1"),
        "{en}"
    );
    assert!(!en.contains("from 0"), "{en}");
    let json = ws
        .run(&["--lang", "en", "check", "--json"])
        .code_is(1)
        .json();
    let gap = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == "numbering_gap")
        .cloned()
        .expect("a numbering_gap finding");
    assert_eq!(gap["clause"], 2, "{gap}");
    // A gap further on still says where it jumps from.
    let draft = std::fs::read_to_string(&file).expect("draft");
    let without_4: Vec<&str> = draft.lines().filter(|l| !l.starts_with("4.")).collect();
    std::fs::write(&file, without_4.join("\n") + "\n").expect("write");
    let en = ws.run(&["--lang", "en", "check"]).code_is(1).stdout();
    assert!(en.contains("clause numbers jump from 3 to 5"), "{en}");
}

/// Clause texts before and after, in the 责任单位 layouts tester3 (L13)
/// and tester4 (L8) found misread.
const LAYOUTS_OLD: &str = "# 规定\n\n1.支持研发。（牵头单位：市科技局；责任单位：市财政局）\n2.支持人才。（责任单位：市科技局）\n3.支持载体。（责任单位：市科技局、市财政局）\n4.支持平台。（责任单位：市科技局）\n5.支持应用。（责任单位：市科技局）\n";
const LAYOUTS_NEW: &str = "# 规定\n\n1.支持研发。（牵头单位：市科技局；责任单位：市财政局、市教育局）\n2.支持人才。（责任单位：市科技局；配合单位：市财政局）\n3.支持载体。（责任单位：市科技局（牵头）、市财政局）\n4.支持平台。（责任单位：市科技局）其他。（责任单位：市外办）\n5.支持应用。（牵头单位：市科技局；责任单位：市科技局、市财政局）\n";

#[test]
fn l8_l13_units_under_lead_and_partner_layouts_are_read_in_diff() {
    let ws = Ws::empty();
    ws.write("a.md", LAYOUTS_OLD);
    ws.write("b.md", LAYOUTS_NEW);
    let json = ws
        .run(&["diff", "a.md", "b.md", "--format", "json"])
        .ok()
        .json();
    let units = |n: u64| {
        let c = json["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|c| c["to_number"] == n)
            .cloned()
            .expect("clause");
        (c["units_added"].clone(), c["units_removed"].clone())
    };
    let list = |v: &[&str]| serde_json::json!(v);
    // 牵头单位 and 责任单位 both read; the unit added to the 责任单位 list.
    assert_eq!(units(1), (list(&["市教育局"]), list(&[])), "{json}");
    // 配合单位 is its own list, not part of the name 市科技局.
    assert_eq!(units(2), (list(&["市财政局"]), list(&[])), "{json}");
    // （牵头） is a note, not part of the name: nothing added or removed.
    assert_eq!(units(3), (list(&[]), list(&[])), "{json}");
    // A second （责任单位：…） adds to the first, it does not replace it.
    assert_eq!(units(4), (list(&["市外办"]), list(&[])), "{json}");
    // tester3's case: 市科技局 stays, 市财政局 is added.
    assert_eq!(units(5), (list(&["市财政局"]), list(&[])), "{json}");
    let table = ws
        .run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    let row = |n: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("| {n} |")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        row("第1条").ends_with("| 责任单位增加市教育局 |"),
        "{table}"
    );
    assert!(
        row("第2条").ends_with("| 责任单位增加市财政局 |"),
        "{table}"
    );
    assert!(!table.contains("增加“、市教育局”"), "{table}");
}

/// The example with clause 1's units rewritten `（牵头单位：…；责任单位：…；
/// 配合单位：…` (`layout` replaces `（责任单位：市科技局、市工信局、市发改委，`),
/// committed.
fn lead_layout(layout: &str) -> Ws {
    let ws = Ws::example();
    let file = ws.join("drafts/v1.md");
    let draft = std::fs::read_to_string(&file).expect("draft");
    let old = "（责任单位：市科技局、市工信局、市发改委，";
    assert!(draft.contains(old));
    std::fs::write(&file, draft.replacen(old, layout, 1)).expect("write");
    git(&ws, &["commit", "-qam", "牵头单位 layout"]);
    ws
}

#[test]
fn l8_l13_a_workspace_reads_lead_units_and_revise_adds_to_the_responsible_list() {
    let ws = lead_layout("（牵头单位：市科技局；责任单位：市工信局（牵头）、市发改委；配合单位：");
    let shown = ws.run(&["show", "v1", "--json"]).ok().json();
    assert_eq!(
        shown["clauses"][0]["responsible_units"],
        serde_json::json!([
            "市科技局",
            "市工信局",
            "市发改委",
            "各县级市（区）人民政府<管委会>"
        ]),
        "{shown}"
    );
    assert_eq!(
        shown["clauses"][0]["title"], "支持区域协同联动创新",
        "{shown}"
    );
    let reply = ws.write(
        "in/r.md",
        "---\ndepartment: 市教育局\nreceived: 2023-05-25 10:00\n---\n第1条：建议责任单位增加市外办。\n",
    );
    let opinion = ws
        .run(&["ingest", reply.to_str().unwrap(), "--json"])
        .ok()
        .json()[0]["opinions"][0]
        .clone();
    assert_eq!(opinion["edits"][0]["op"], "add_unit", "{opinion}");
    let id = opinion["id"].as_str().expect("id").to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(
        v2.contains(
            "（牵头单位：市科技局；责任单位：市工信局（牵头）、市发改委、市外办；配合单位："
        ),
        "{v2}"
    );
    let table = ws
        .run(&["diff", "v1", "v2", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        table.contains("| 责任单位增加市外办；采纳市教育局意见 |"),
        "{table}"
    );
}

/// tester3's s1.md: a 第X条 draft.
const S1: &str = "# 测试办法\n\n第一条　为了规范管理，制定本办法。\n\n第二条　对企业给予最高300万元奖励。\n\n第三条　本办法自发布之日起施行。\n";
/// tester3's s2.md: the same text, labelled 第1条.
const S2: &str = "# 测试办法\n第1条　为了规范管理，制定本办法。\n第2条　对企业给予最高300万元奖励。\n第3条　本办法自发布之日起施行。\n";

#[test]
fn l1_a_numbering_style_change_alone_is_reported_as_a_format_change() {
    let ws = Ws::empty();
    ws.write("s1.md", S1);
    ws.write("s2.md", S2);
    let zh = ws
        .run(&["--lang", "zh", "diff", "s1.md", "s2.md", "--color", "never"])
        .ok()
        .stdout();
    assert!(
        zh.contains("两个版本的文字相同，仅格式调整：条款序号写法由“第一条”改为“第1条”（3条）。"),
        "{zh}"
    );
    assert!(!zh.contains("两个版本的内容相同"), "{zh}");
    let en = ws
        .run(&["--lang", "en", "diff", "s1.md", "s2.md", "--color", "never"])
        .ok()
        .stdout();
    assert!(
        en.contains("only the format changed: the clause numbering style changed from “第一条” to “第1条” (3 clauses)"),
        "{en}"
    );
    assert!(!en.contains("The two versions have the same text"), "{en}");
    let table = ws
        .run(&["diff", "s1.md", "s2.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        table.contains("| — | — | — | 两个版本条文文字相同，仅格式调整：条款序号写法由“第一条”改为“第1条”（3条） |"),
        "{table}"
    );
    assert!(!table.contains("无修改"), "{table}");
    assert!(
        table.contains("另有格式调整：条款序号写法由“第一条”改为“第1条”（3条）"),
        "{table}"
    );
    let html = ws
        .run(&["diff", "s1.md", "s2.md", "--format", "html"])
        .ok()
        .stdout();
    assert!(
        html.contains(
            "两个版本条文文字相同，仅格式调整：条款序号写法由“第一条”改为“第1条”（3条）。"
        ),
        "{html}"
    );
    assert!(!html.contains("两个版本内容相同"), "{html}");
    // The HTML 修改对照表 (`-o *.html`) says it in its row and its note.
    ws.run(&[
        "diff", "s1.md", "s2.md", "--format", "table", "-o", "t.html",
    ])
    .ok();
    let page = ws.read("t.html");
    assert!(
        page.contains(
            "两个版本条文文字相同，仅格式调整：条款序号写法由“第一条”改为“第1条”（3条）。"
        ),
        "{page}"
    );
    assert!(!page.contains("无修改"), "{page}");
    // JSON keeps its fields: unchanged, counted as such, marked format_only.
    let json = ws
        .run(&["diff", "s1.md", "s2.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["summary"]["modified"], 0, "{json}");
    assert_eq!(json["summary"]["unchanged"], 4, "{json}");
    let clauses: Vec<&serde_json::Value> = json["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| c["part"] == "clause")
        .collect();
    assert_eq!(clauses.len(), 3);
    for c in clauses {
        assert_eq!(c["change"], "unchanged", "{c}");
        assert_eq!(c["format_only"], true, "{c}");
    }
}

#[test]
fn l1_relabelled_as_arabic_points_and_beside_a_real_edit() {
    let ws = Ws::empty();
    ws.write("s1.md", S1);
    // → 1. 2. 3.: the full-width space after 第一条 goes with the label.
    ws.write(
        "dot.md",
        "# 测试办法\n1.为了规范管理，制定本办法。\n2.对企业给予最高300万元奖励。\n3.本办法自发布之日起施行。\n",
    );
    let zh = ws
        .run(&[
            "--lang", "zh", "diff", "s1.md", "dot.md", "--color", "never",
        ])
        .ok()
        .stdout();
    assert!(
        zh.contains("两个版本的文字相同，仅格式调整：条款序号写法由“第一条”改为“1.”（3条）。"),
        "{zh}"
    );
    // A real edit besides: reported, and the style change said after it.
    ws.write(
        "edit.md",
        "# 测试办法\n第1条　为了规范管理，制定本办法。\n第2条　对企业给予最高500万元奖励。\n第3条　本办法自发布之日起施行。\n",
    );
    let zh = ws
        .run(&[
            "--lang", "zh", "diff", "s1.md", "edit.md", "--color", "never",
        ])
        .ok()
        .stdout();
    assert!(zh.contains("[-300-]{+500+}"), "{zh}");
    assert!(
        zh.contains("另有格式调整：条款序号写法由“第一条”改为“第1条”（3条）。"),
        "{zh}"
    );
    // The same text in the same style: nothing to say.
    let same = ws
        .run(&["--lang", "zh", "diff", "s1.md", "s1.md"])
        .ok()
        .stdout();
    assert!(same.contains("两个版本的内容相同。"), "{same}");
    assert!(!same.contains("格式调整"), "{same}");
}

#[test]
fn l8_l13_revise_removes_a_unit_from_the_list_that_names_it() {
    let ws = lead_layout(
        "（牵头单位：市科技局；责任单位：市工信局（牵头）、市发改委；配合单位：市外办，",
    );
    for (n, (department, text)) in [
        ("市教育局", "建议责任单位增加市人社局"),
        // Listed under 配合单位.
        ("市外办", "建议将市外办从责任单位中删除"),
        // Listed as 市工信局（牵头）.
        ("市工信局", "建议将市工信局从责任单位中删除"),
    ]
    .into_iter()
    .enumerate()
    {
        let reply = ws.write(
            &format!("in/r{n}.md"),
            format!(
                "---\ndepartment: {department}\nreceived: 2023-05-25 10:00\n---\n第1条：{text}。\n"
            ),
        );
        let json = ws
            .run(&["ingest", reply.to_str().unwrap(), "--json"])
            .ok()
            .json();
        let id = json[0]["opinions"][0]["id"]
            .as_str()
            .expect("id")
            .to_string();
        ws.run(&["decide", &id, "adopt"]).ok();
    }
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(
        v2.contains("（牵头单位：市科技局；责任单位：市发改委、市人社局；配合单位：各县级市（区）人民政府<管委会>）"),
        "{v2}"
    );
    let table = ws
        .run(&["diff", "v1", "v2", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        table.contains("| 责任单位增加市人社局；责任单位删除市工信局、市外办；"),
        "{table}"
    );
}
