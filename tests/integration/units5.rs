//! tester5's L4 and L6 findings, each through the real binary: 责任单位 in
//! other layouts (L4), a GBK .md that `import` refused while `diff` read it
//! (L6a), text written with HTML entities (L6b), a numbering gap said in
//! Arabic digits in a draft labelled 一、 (L6c), and 1./2. items inside a
//! 一、 draft's sections.

use crate::diff::git;
use crate::harness::Ws;

/// One clause per layout; every clause names 市科技局 (the issuer) and
/// 市人社局 (not consulted), and 市教育局 (consulted) in all but the last.
const LAYOUTS: &str = "# 某某措施\n\n（征求意见稿）\n\n\
一、支持研发。（市科技局牵头，市教育局、市人社局配合）\n\n\
二、支持人才。\n\n责任部门：市科技局、市教育局、市人社局\n\n\
三、支持载体。\n\n牵头单位：市科技局；配合单位：市教育局、市人社局\n\n\
四、支持平台。（责任单位:市科技局、市教育局、市人社局）\n\n\
五、支持园区。（责任单位：市科技局　市教育局　市人社局）\n\n\
六、支持金融。（责任单位：市科技局；市教育局；市人社局）\n\n\
七、支持应用。（责任单位：市科技局、市人社局）\n";

/// Clauses whose prose only looks like a unit list.
const PROSE: &str = "# 某某措施\n\n\
一、支持研发。（由市人社局牵头）\n\n\
二、支持人才。市人社局牵头，市外办配合。\n\n\
三、支持载体。（本项工作由市人社局牵头组织实施）\n\n\
四、支持平台。各责任部门：要加强协作。\n";

/// The example workspace consulting `draft`, committed.
fn consulting(draft: &str) -> Ws {
    let ws = Ws::example();
    ws.write("drafts/v1.md", draft);
    git(&ws, &["commit", "-qam", "draft"]);
    ws
}

/// `body` (opinions, one a line) as a reply of 市教育局, each opinion
/// adopted, then revised: drafts/v2.md.
fn adopt_and_revise(ws: &Ws, body: &str) -> String {
    let reply = ws.write(
        "in/r1.md",
        format!("---\ndepartment: 市教育局\nreceived: 2023-05-25 10:00\n---\n{body}"),
    );
    let json = ws
        .run(&["ingest", reply.to_str().unwrap(), "--json"])
        .ok()
        .json();
    for o in json[0]["opinions"].as_array().expect("opinions") {
        ws.run(&["decide", o["id"].as_str().expect("id"), "adopt"])
            .ok();
    }
    ws.run(&["revise"]).ok();
    ws.read("drafts/v2.md")
}

fn units(show: &serde_json::Value, i: usize) -> serde_json::Value {
    show["clauses"][i]["responsible_units"].clone()
}

#[test]
fn t5_l4_other_layouts_are_read_as_responsible_units() {
    let ws = consulting(LAYOUTS);
    let show = ws.run(&["show", "v1", "--json"]).ok().json();
    let three = serde_json::json!(["市科技局", "市教育局", "市人社局"]);
    for i in 0..6 {
        assert_eq!(units(&show, i), three, "clause {}: {show}", i + 1);
    }
    assert_eq!(units(&show, 6), serde_json::json!(["市科技局", "市人社局"]));
    // check: every clause names 市人社局, which was not consulted, as the
    // canonical （责任单位：…） does; the full-width-space list is not one name.
    let zh = ws.run(&["--lang", "zh", "check", "v1"]).code_is(1).stdout();
    assert!(
        zh.contains("[unit_not_consulted] 第一点、第二点、第三点、第四点、第五点、第六点、第七点的责任单位市人社局不在征求意见范围内"),
        "{zh}"
    );
    assert!(!zh.contains("市教育局　"), "{zh}");
    // The title stops before the bracket, as before （责任单位：…）.
    assert_eq!(show["clauses"][0]["title"], "支持研发", "{show}");
}

#[test]
fn t5_l4_diff_sees_units_added_and_removed_in_every_layout() {
    let ws = Ws::empty();
    let new = LAYOUTS
        .replace("市人社局配合", "市人社局、市外办配合")
        .replace(
            "责任部门：市科技局、市教育局、市人社局",
            "责任部门：市科技局、市人社局",
        )
        .replace(
            "配合单位：市教育局、市人社局",
            "配合单位：市教育局、市人社局、市外办",
        )
        .replace("（责任单位:市科技局、市教育局、", "（责任单位:市科技局、")
        .replace("市教育局　市人社局）", "市教育局　市人社局　市外办）")
        .replace("市科技局；市教育局；市人社局", "市科技局；市人社局");
    ws.write("a.md", LAYOUTS);
    ws.write("b.md", &new);
    // With emphasis: read by the full Markdown parser, not the quick reader.
    ws.write("ma.md", LAYOUTS.replace("支持研发", "**支持研发**"));
    ws.write("mb.md", new.replace("支持研发", "**支持研发**"));
    let want = [
        (1, "市外办", true),
        (2, "市教育局", false),
        (3, "市外办", true),
        (4, "市教育局", false),
        (5, "市外办", true),
        (6, "市教育局", false),
    ];
    for (old, new) in [("a.md", "b.md"), ("ma.md", "mb.md")] {
        let json = ws.run(&["diff", old, new, "--format", "json"]).ok().json();
        let clauses = json["clauses"].as_array().expect("clauses").clone();
        for (n, unit, added) in want {
            let c = clauses
                .iter()
                .find(|c| c["to_number"] == n)
                .unwrap_or_else(|| panic!("clause {n}: {json}"));
            let (key, other) = if added {
                ("units_added", "units_removed")
            } else {
                ("units_removed", "units_added")
            };
            assert_eq!(c[key], serde_json::json!([unit]), "{old} clause {n}: {c}");
            assert_eq!(c[other], serde_json::json!([]), "{old} clause {n}: {c}");
        }
    }
}

#[test]
fn t5_l4_revise_adds_and_removes_in_the_layout_the_clause_uses() {
    let ws = consulting(
        "# 某某措施\n\n\
一、支持研发。（市科技局牵头，市财政局、市教育局配合）\n\n\
二、支持人才。（市科技局牵头）\n\n\
三、支持载体。\n\n责任部门：市教育局、市财政局\n\n\
四、支持平台。（责任单位：市教育局　市财政局）\n\n\
五、支持金融。（责任单位：市教育局；市财政局）\n\n\
六、支持园区。（市科技局牵头，市教育局配合）\n",
    );
    let v2 = adopt_and_revise(
        &ws,
        "\
1. 建议第一点责任单位增加市工信局。\n\
2. 建议第二点责任单位增加市工信局。\n\
3. 建议第三点责任单位增加市工信局。\n\
4. 建议第四点责任单位增加市工信局。\n\
5. 建议第五点责任单位增加市工信局。\n\
6. 建议第六点删除“市教育局”。\n\
7. 建议第一点删除“市财政局”。\n",
    );
    for line in [
        "一、支持研发。（市科技局牵头，市教育局、市工信局配合）",
        "二、支持人才。（市科技局牵头，市工信局配合）",
        "责任部门：市教育局、市财政局、市工信局",
        "四、支持平台。（责任单位：市教育局　市财政局　市工信局）",
        "五、支持金融。（责任单位：市教育局；市财政局；市工信局）",
        "六、支持园区。（市科技局牵头）",
    ] {
        assert!(v2.lines().any(|l| l == line), "{line}\n{v2}");
    }
    let show = ws.run(&["show", "v2", "--json"]).ok().json();
    assert_eq!(
        units(&show, 0),
        serde_json::json!(["市科技局", "市教育局", "市工信局"])
    );
    assert_eq!(units(&show, 5), serde_json::json!(["市科技局"]));
}

#[test]
fn t5_l4_prose_is_not_read_as_a_unit_list() {
    let ws = consulting(PROSE);
    let show = ws.run(&["show", "v1", "--json"]).ok().json();
    for i in 0..4 {
        assert_eq!(units(&show, i), serde_json::json!([]), "{show}");
    }
    let zh = ws.run(&["--lang", "zh", "check", "v1"]).stdout();
    assert!(!zh.contains("unit_not_consulted"), "{zh}");
}

const PLAIN: &str =
    "# 某某措施\n\n一、支持研发。给予最高300万元。（责任单位：市教育局）\n\n二、支持人才。\n";

#[test]
fn t5_l6_import_gbk_md_is_read_as_diff_reads_it() {
    let ws = Ws::example();
    let (gbk, _, _) = encoding_rs::GBK.encode(PLAIN);
    let (big5, _, _) = encoding_rs::BIG5.encode(PLAIN);
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(PLAIN.encode_utf16().flat_map(u16::to_le_bytes));
    ws.write("in/utf8.md", PLAIN);
    ws.write("in/gbk.md", &gbk);
    ws.write("in/big5.md", &big5);
    ws.write("in/u16.md", &u16);
    ws.run(&["import", "in/utf8.md", "--as", "u8"]).ok();
    for (file, version) in [
        ("in/gbk.md", "gbk"),
        ("in/big5.md", "big5"),
        ("in/u16.md", "u16"),
    ] {
        // diff reads it as the same text, and import takes it.
        ws.run(&["diff", "in/utf8.md", file])
            .ok()
            .stdout_has(&["The two versions have the same text."]);
        ws.run(&["import", file, "--as", version]).ok();
        ws.run(&["diff", "u8", version])
            .ok()
            .stdout_has(&["The two versions have the same text."]);
    }
    assert_eq!(ws.read("drafts/gbk.md"), PLAIN);
    // Damaged bytes: refused as diff refuses them, naming the encoding and
    // the byte; nothing written.
    let mut bad = gbk.to_vec();
    bad.extend_from_slice(b"\xff\xff");
    ws.write("in/bad.md", &bad);
    let at = gbk.len().to_string();
    let diff = ws
        .run(&["diff", "in/utf8.md", "in/bad.md"])
        .fails_with(&["GBK", &at])
        .stderr();
    let before = ws.snapshot();
    let import = ws
        .run(&["import", "in/bad.md", "--as", "bad"])
        .fails_with(&["in/bad.md", "GBK", &at, "0xFF"])
        .stderr();
    assert_eq!(ws.snapshot(), before);
    assert!(!ws.join("drafts/bad.md").exists());
    assert_eq!(
        import.lines().next(),
        diff.lines().next(),
        "{import}\n{diff}"
    );
    // A .txt damaged the same way is refused the same way.
    ws.write("in/bad.txt", &bad);
    let before = ws.snapshot();
    ws.run(&["import", "in/bad.txt", "--as", "bad"])
        .fails_with(&["GBK", &at]);
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn t5_l6_nbsp_and_entities_read_as_their_characters_everywhere() {
    let with = "# 某某措施\n\n一、支持研发。给予支持&amp;奖励&nbsp;300万元&#12290;（责任单位：市教育局）\n\n二、支持人才。\n";
    let ws = consulting(with);
    // diff and show read the characters.
    ws.write(
        "read.md",
        "# 某某措施\n\n一、支持研发。给予支持&奖励\u{a0}300万元。（责任单位：市教育局）\n\n二、支持人才。\n",
    );
    ws.run(&["diff", "drafts/v1.md", "read.md"])
        .ok()
        .stdout_has(&["The two versions have the same text."]);
    let show = ws.run(&["show", "v1", "--json"]).ok().json();
    assert_eq!(
        show["clauses"][0]["text"],
        "一、支持研发。给予支持&奖励\u{a0}300万元。（责任单位：市教育局）"
    );
    // An opinion quoting the text as it reads is applied by revise (it
    // was refused: “支持\&奖励” is no longer in clause 1).
    let v2 = adopt_and_revise(
        &ws,
        "\
1. 建议第一点将“支持&奖励”改为“支持和奖励”。\n\
2. 建议第一点将“300万元。”改为“500万元。”。\n",
    );
    assert!(
        v2.contains("一、支持研发。给予支持和奖励&nbsp;500万元。（责任单位：市教育局）"),
        "{v2}"
    );
}

#[test]
fn t5_l6_check_gap_style_follows_the_drafts_labels() {
    let ws = Ws::example();
    ws.write(
        "drafts/p.md",
        "# 某某措施\n\n一、甲。\n\n二、乙。\n\n四、丙。\n\n五、丁。\n\n七、戊。\n",
    );
    ws.write(
        "drafts/a.md",
        "# 某某办法\n\n第二条　甲。\n\n第三条　乙。\n\n第五条　丙。\n",
    );
    let zh = ws.run(&["--lang", "zh", "check", "p"]).code_is(1).stdout();
    assert!(
        zh.contains("drafts/p.md:7: 警告 [numbering_gap] 条款编号从第二点跳到第四点"),
        "{zh}"
    );
    assert!(
        zh.contains("[numbering_gap] 条款编号从第五点跳到第七点"),
        "{zh}"
    );
    assert!(!zh.contains("从2跳到4"), "{zh}");
    let en = ws.run(&["--lang", "en", "check", "p"]).code_is(1).stdout();
    assert!(en.contains("clause numbers jump from 二 to 四"), "{en}");
    let json = ws
        .run(&["--lang", "zh", "check", "p", "--json"])
        .code_is(1)
        .json();
    let gaps: Vec<_> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "numbering_gap")
        .map(|f| (f["clause"].clone(), f["message"].clone()))
        .collect();
    assert_eq!(
        gaps,
        [
            (
                serde_json::json!(4),
                serde_json::json!("条款编号从第二点跳到第四点")
            ),
            (
                serde_json::json!(7),
                serde_json::json!("条款编号从第五点跳到第七点")
            ),
        ]
    );
    let zh = ws.run(&["--lang", "zh", "check", "a"]).code_is(1).stdout();
    assert!(
        zh.contains("[numbering_gap] 条款编号从第二条开始，而不是从第一条开始"),
        "{zh}"
    );
    assert!(
        zh.contains("[numbering_gap] 条款编号从第三条跳到第五条"),
        "{zh}"
    );
}

#[test]
fn t5_l6_items_in_sections_are_not_clauses() {
    let draft = "# 某某措施\n\n一、支持研发。\n\n1.给予研发补助。\n\n2.给予人才补助。（责任单位：市教育局）\n\n二、支持人才。\n\n1.引进人才。\n\n三、支持平台。（责任单位：市人社局）\n";
    let ws = consulting(draft);
    let show = ws.run(&["show", "v1", "--json"]).ok().json();
    let labels: Vec<_> = show["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| c["label"].clone())
        .collect();
    assert_eq!(labels, ["一、", "二、", "三、"], "{show}");
    assert_eq!(units(&show, 0), serde_json::json!(["市教育局"]));
    // No numbering finding for the items' 1. 2. 1.
    let zh = ws.run(&["--lang", "zh", "check", "v1"]).stdout();
    assert!(!zh.contains("numbering"), "{zh}");
    ws.write("b.md", draft.replace("给予人才补助", "给予人才奖励"));
    let json = ws
        .run(&["diff", "drafts/v1.md", "b.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["summary"]["modified"], 1, "{json}");
    // revise: an opinion on 第二点 edits the section's item, not clause 2's
    // namesake item 2. of the first section.
    let v2 = adopt_and_revise(&ws, "1. 建议第二点将“引进人才”改为“引进高端人才”。\n");
    assert!(v2.contains("二、支持人才。\n\n1.引进高端人才。"), "{v2}");
    assert!(v2.contains("2.给予人才补助。"), "{v2}");
}
