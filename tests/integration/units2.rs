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

/// tester5's ws3 draft: 牵头/责任/配合 fields, a unit written with its
/// （牵头） note, a unit in two brackets of one clause, a one-unit list.
const WS3_V1: &str = "# 某某措施\n\n（征求意见稿）\n\n一、支持企业研发。（牵头单位：市科技局；责任单位：市财政局；配合单位：市工信局）\n\n新增资金测算：300万元\n\n二、支持人才引进。（责任单位：市人社局（牵头）、市财政局）\n\n新增资金测算：0万元\n\n三、支持载体建设。（责任单位：市教育局）各县级市（区）按1:1配套。（责任单位：市财政局、市教育局）\n\n新增资金测算：100万元\n\n四、支持平台建设。（责任单位：市教育局）\n\n新增资金测算：0万元\n\n五、支持应用推广。（牵头单位：市科技局；责任单位：市工信局）\n\n新增资金测算：0万元\n";

/// The example workspace consulting [`WS3_V1`], with every opinion of one
/// reply (`第N点：text` lines) ingested and adopted, then revised.
fn ws3_revised(opinions: &[&str]) -> Ws {
    let ws = Ws::example();
    ws.write("drafts/v1.md", WS3_V1);
    git(&ws, &["commit", "-qam", "ws3 draft"]);
    let body: String = opinions
        .iter()
        .enumerate()
        .map(|(i, o)| format!("{}. {o}\n", i + 1))
        .collect();
    let reply = ws.write(
        "in/r1.md",
        format!("---\ndepartment: 市教育局\nreceived: 2023-05-25 10:00\n---\n{body}"),
    );
    let json = ws
        .run(&["ingest", reply.to_str().unwrap(), "--json"])
        .ok()
        .json();
    let listed = json[0]["opinions"].as_array().expect("opinions").clone();
    assert_eq!(listed.len(), opinions.len(), "{json}");
    for o in &listed {
        let id = o["id"].as_str().expect("id");
        ws.run(&["decide", id, "adopt"]).ok();
    }
    ws.run(&["revise"]).ok();
    ws
}

#[test]
fn h3_revise_removes_a_unit_with_its_note_and_drops_an_emptied_list() {
    let ws = ws3_revised(&[
        "建议第一点删去“市工信局”。",
        "建议第二点删除“市人社局”。",
        // In two brackets of one clause: gone from both (tester5 L5).
        "建议第三点删除“市教育局”。",
        "建议第四点删除“市教育局”。",
        // Every field of the bracket emptied: the bracket goes.
        "建议第五点删除“市科技局”。",
        "建议第五点删除“市工信局”。",
    ]);
    let v2 = ws.read("drafts/v2.md");
    for line in [
        "一、支持企业研发。（牵头单位：市科技局；责任单位：市财政局）\n",
        "二、支持人才引进。（责任单位：市财政局）\n",
        "三、支持载体建设。各县级市（区）按1:1配套。（责任单位：市财政局）\n",
        "四、支持平台建设。\n",
        "五、支持应用推广。\n",
    ] {
        assert!(v2.contains(line), "{line}\n{v2}");
    }
    assert!(!v2.contains("（牵头）") && !v2.contains("：）"), "{v2}");
    let table = ws
        .run(&["--lang", "zh", "diff", "v1", "v2", "--format", "table"])
        .ok()
        .stdout();
    assert!(
        table.contains("| 责任单位删除市人社局；采纳市教育局意见 |"),
        "{table}"
    );
    assert!(
        table.contains("| 责任单位删除市教育局；采纳市教育局意见 |"),
        "{table}"
    );
    // No （牵头） left over as a unit: nothing reads as added.
    assert!(!table.contains("责任单位增加"), "{table}");
    let term = ws
        .run(&["--lang", "zh", "diff", "v1", "v2", "--color", "never"])
        .ok()
        .stdout();
    assert!(term.contains("» 责任单位：-市人社局\n"), "{term}");
    let check = ws.run(&["--lang", "zh", "check", "v2"]).stdout();
    assert!(
        !check.contains("（牵头）") && !check.contains("empty_unit_list"),
        "{check}"
    );
}

#[test]
fn h3_check_warns_about_an_empty_unit_list() {
    let ws = Ws::example();
    ws.write(
        "drafts/e.md",
        "# 某某措施\n\n一、支持企业研发。（牵头单位：市科技局；配合单位：）\n\n二、支持平台建设。（责任单位：）\n\n三、支持人才。（责任单位：市科技局）\n",
    );
    let before = ws.snapshot();
    let zh = ws.run(&["--lang", "zh", "check", "e"]).code_is(1).stdout();
    assert!(
        zh.contains("drafts/e.md:3: 警告 [empty_unit_list] 第一点的“配合单位”中没有列出单位：请补上单位，或删去“配合单位：”"),
        "{zh}"
    );
    assert!(
        zh.contains("drafts/e.md:5: 警告 [empty_unit_list] 第二点的“责任单位”中没有列出单位"),
        "{zh}"
    );
    let en = ws.run(&["--lang", "en", "check", "e"]).code_is(1).stdout();
    assert!(
        en.contains("warning [empty_unit_list] clause 2: no unit is listed under “责任单位”"),
        "{en}"
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn l5_a_remove_unit_opinion_takes_the_unit_out_of_every_list_naming_it() {
    let ws = ws3_revised(&["第三点：建议将市教育局从责任单位中删除。"]);
    let v2 = ws.read("drafts/v2.md");
    assert!(
        v2.contains("三、支持载体建设。各县级市（区）按1:1配套。（责任单位：市财政局）\n"),
        "{v2}"
    );
    let json = ws.run(&["show", "v2", "--json"]).ok().json();
    assert_eq!(
        json["clauses"][2]["responsible_units"],
        serde_json::json!(["市财政局"]),
        "{json}"
    );
}
