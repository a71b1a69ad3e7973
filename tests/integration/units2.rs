//! 责任单位 as tester5 found them wrong: a clause of several paragraphs
//! read only its last paragraph's units (H4); `revise` removing
//! `市人社局（牵头）` left `（牵头）` behind and an emptied list left
//! `配合单位：` or `（责任单位：）` (H3). Each through the real binary.

use crate::diff::git;
use crate::harness::Ws;

/// tester5's u6.md / u7.md: a unit added in the first of two paragraphs.
const U6: &str = "# 办法\n\n第一条　支持研发。\n\n（一）研发。（责任单位：市科技局）\n\n（二）人才。（责任单位：市人社局）\n";
const U7: &str = "# 办法\n\n第一条　支持研发。\n\n（一）研发。（责任单位：市科技局、市财政局）\n\n（二）人才。（责任单位：市人社局）\n";

/// The example with a second paragraph in clause 1 naming 市人社局 (not
/// consulted), committed.
fn two_paragraph_clause() -> Ws {
    let ws = Ws::example();
    let file = ws.join("drafts/v1.md");
    let draft = std::fs::read_to_string(&file).expect("draft");
    let old = "人民政府<管委会>）\n\n新增资金测算：0万元";
    assert!(draft.contains(old));
    let new = "人民政府<管委会>）\n\n支持人才集聚。（责任单位：市人社局）\n\n新增资金测算：0万元";
    std::fs::write(&file, draft.replacen(old, new, 1)).expect("write");
    git(&ws, &["commit", "-qam", "two paragraphs"]);
    ws
}

#[test]
fn h4_check_and_show_read_the_units_of_every_paragraph() {
    let ws = two_paragraph_clause();
    let shown = ws.run(&["show", "v1", "--json"]).ok().json();
    assert_eq!(
        shown["clauses"][0]["responsible_units"],
        serde_json::json!([
            "市科技局",
            "市工信局",
            "市发改委",
            "各县级市（区）人民政府<管委会>",
            "市人社局"
        ]),
        "{shown}"
    );
    let check = ws.run(&["--lang", "zh", "check", "v1"]).stdout();
    assert!(
        check.contains("[unit_not_consulted] 第1条的责任单位市人社局不在征求意见范围内"),
        "{check}"
    );
    // The first paragraph's units are still checked (written 市文广旅游局 in
    // clause 7 as before).
    assert!(
        check.contains("第1、2、3、4、5、6、7、8、9、10条写作"),
        "{check}"
    );
}

#[test]
fn h4_diff_sees_a_unit_added_in_an_earlier_paragraph() {
    let ws = Ws::empty();
    ws.write("u6.md", U6);
    ws.write("u7.md", U7);
    // The same drafts with Markdown emphasis: read by the full parser, not
    // the quick plain reader. Both must find the added unit.
    ws.write("m6.md", U6.replace("支持研发", "**支持研发**"));
    ws.write("m7.md", U7.replace("支持研发", "**支持研发**"));
    for (old, new) in [("u6.md", "u7.md"), ("m6.md", "m7.md")] {
        let json = ws.run(&["diff", old, new, "--format", "json"]).ok().json();
        let clause = &json["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|p| p["part"] == "clause")
            .cloned()
            .unwrap_or_else(|| panic!("{json}"));
        assert_eq!(
            clause["units_added"],
            serde_json::json!(["市财政局"]),
            "{json}"
        );
        assert_eq!(clause["units_removed"], serde_json::json!([]), "{json}");
        let term = ws
            .run(&["diff", old, new, "--color", "never"])
            .ok()
            .stdout();
        assert!(term.contains("» responsible units: +市财政局"), "{term}");
        let table = ws
            .run(&["diff", old, new, "--format", "table"])
            .ok()
            .stdout();
        assert!(table.contains("| 责任单位增加市财政局 |"), "{table}");
    }
    // A unit removed from the first paragraph while another paragraph still
    // names it is not removed from the clause.
    ws.write(
        "u8.md",
        U7.replace("（责任单位：市人社局）", "（责任单位：市人社局、市财政局）"),
    );
    let json = ws
        .run(&["diff", "u8.md", "u6.md", "--format", "json"])
        .ok()
        .json();
    let text = json.to_string();
    assert!(text.contains(r#""units_removed":["市财政局"]"#), "{text}");
    let json = ws
        .run(&["diff", "u8.md", "u7.md", "--format", "json"])
        .ok()
        .json();
    let text = json.to_string();
    assert!(!text.contains(r#""units_removed":[""#), "{text}");
}
