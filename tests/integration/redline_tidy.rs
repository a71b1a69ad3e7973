//! Redline tidy-up (tester4 M1, tester3 L14, tester4 L6): a name added to
//! a 、 list anywhere reads as one insertion, a number whose unit changes
//! is replaced whole, and a moved clause whose text changed is said to be
//! edited in the summary and the 对照表's 注.

use serde_json::Value;

use crate::harness::Ws;

/// `consult diff a.md b.md --format FORMAT` of two one-clause drafts.
fn diff_one(old: &str, new: &str, format: &str) -> String {
    let ws = Ws::empty();
    ws.write(
        "a.md",
        format!("# 规定\n\n第1条　{old}\n第2条　其他不变的内容条款。\n"),
    );
    ws.write(
        "b.md",
        format!("# 规定\n\n第1条　{new}\n第2条　其他不变的内容条款。\n"),
    );
    ws.run(&["diff", "a.md", "b.md", "--format", format])
        .ok()
        .stdout()
}

/// Clause 1's equal+delete segments are its old text and equal+insert
/// its new text; the clause-1 segments as `[-…-]{+…+}`.
fn clause_one_redline(json: &Value, old: &str, new: &str) -> String {
    let c = &json["clauses"][1];
    let segs = c["segments"].as_array().unwrap();
    let side = |skip: &str| -> String {
        segs.iter()
            .filter(|s| s["op"] != skip)
            .map(|s| s["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(side("insert"), format!("第1条　{old}"), "{c}");
    assert_eq!(side("delete"), format!("第1条　{new}"), "{c}");
    segs.iter()
        .map(|s| {
            let t = s["text"].as_str().unwrap();
            match s["op"].as_str().unwrap() {
                "delete" => format!("[-{t}-]"),
                "insert" => format!("{{+{t}+}}"),
                _ => t.to_string(),
            }
        })
        .collect()
}

/// tester4 M1: a name added to a 、 list (or a 和/会同 phrase) outside a
/// 责任单位 parenthesis is redlined as the name inserted, not as the
/// clause's start replaced; the 修改说明 names just the added name.
#[test]
fn t4_m1_a_name_added_to_a_list_outside_the_units_is_one_insertion() {
    let cases = [
        (
            "本规定由市科技局负责解释。",
            "本规定由市科技局、市财政局负责解释。",
            "市科技局{+、市财政局+}负责解释",
            "增加“、市财政局”",
        ),
        (
            "由市科技局和市财政局负责。",
            "由市科技局、市教育局和市财政局负责。",
            "市科技局{+、市教育局+}和市财政局",
            "增加“、市教育局”",
        ),
        (
            "市科技局、市财政局负责。",
            "市科技局会同市财政局负责。",
            "市科技局[-、-]{+会同+}市财政局",
            "将“、”修改为“会同”",
        ),
        (
            "责任单位为市科技局。",
            "责任单位为市科技局、市财政局。",
            "责任单位为市科技局{+、市财政局+}。",
            "增加“、市财政局”",
        ),
    ];
    for (old, new, redline, why) in cases {
        let term = diff_one(old, new, "term");
        assert!(term.contains(redline), "{old} → {new}:\n{term}");
        let table = diff_one(old, new, "table");
        assert!(
            table.contains(&format!("| {why} |")),
            "{old} → {new}:\n{table}"
        );
        let json: Value = serde_json::from_str(&diff_one(old, new, "json")).unwrap();
        assert!(
            clause_one_redline(&json, old, new).contains(redline),
            "{old} → {new}: {json}"
        );
    }
}

/// tester4 M1: the tidy-up never cuts a number, a percentage, a date, a
/// 《》 title or a name listed on both sides.
#[test]
fn t4_m1_the_tidy_up_keeps_numbers_dates_titles_and_names_whole() {
    for (old, new, redline) in [
        ("每人最高300元。", "每人最高250元。", "最高[-300-]{+250+}元"),
        (
            "每人最高300元。",
            "每人最高3000元。",
            "最高[-300-]{+3000+}元",
        ),
        ("比例为15%。", "比例为30%。", "比例为[-15%-]{+30%+}。"),
        (
            "于2023年5月26日前反馈。",
            "于2023年5月6日前反馈。",
            "于[-2023年5月26日-]{+2023年5月6日+}前",
        ),
        (
            "依据《若干措施》执行。",
            "依据《若干措施细则》执行。",
            "依据[-《若干措施》-]{+《若干措施细则》+}执行",
        ),
        (
            "由市科技局、市工信局负责。",
            "由市财政局、市工信局负责。",
            "由[-市科技局-]{+市财政局+}、市工信局",
        ),
    ] {
        let json: Value = serde_json::from_str(&diff_one(old, new, "json")).unwrap();
        let got = clause_one_redline(&json, old, new);
        assert!(got.contains(redline), "{old} → {new}: {got}");
    }
}

/// tester5 M1: the last name of a 、 list, which a verb follows, is
/// replaced whole too (it was cut to 市[-教育-]{+人社+}局), in the redline
/// and in the 修改说明.
#[test]
fn t5_m1_the_last_name_of_a_list_is_replaced_whole() {
    for (old, new, redline) in [
        (
            "由市科技局、市教育局负责。",
            "由市科技局、市人社局负责。",
            "、[-市教育局-]{+市人社局+}负责",
        ),
        (
            "由市科技局、市教育局负责。",
            "由市教育局、市科技局负责。",
            "由[-市科技局、市教育局-]{+市教育局、市科技局+}负责",
        ),
    ] {
        let json: Value = serde_json::from_str(&diff_one(old, new, "json")).unwrap();
        let got = clause_one_redline(&json, old, new);
        assert!(got.contains(redline), "{old} → {new}: {got}");
    }
    let table = diff_one(
        "由市科技局、市教育局负责。",
        "由市科技局、市人社局负责。",
        "table",
    );
    assert!(table.contains("将“市教育局”修改为“市人社局”"), "{table}");
}

/// tester3 L14: a number whose unit changes (3年 → 3个月) is replaced
/// whole, and the 修改说明 quotes both whole.
#[test]
fn t3_l14_a_number_whose_unit_changes_is_replaced_whole() {
    let (old, new) = ("资助期限3年。", "资助期限3个月。");
    let term = diff_one(old, new, "term");
    assert!(term.contains("资助期限[-3年-]{+3个月+}。"), "{term}");
    let table = diff_one(old, new, "table");
    assert!(table.contains("| 将“3年”修改为“3个月” |"), "{table}");
    let json: Value = serde_json::from_str(&diff_one(old, new, "json")).unwrap();
    assert_eq!(
        clause_one_redline(&json, old, new),
        "第1条　资助期限[-3年-]{+3个月+}。"
    );
    // A changed number with the same unit is still the number alone.
    let term = diff_one("资助期限3年。", "资助期限5年。", "term");
    assert!(term.contains("资助期限[-3-]{+5+}年。"), "{term}");
}

/// tester4's fr0.md → fr1.md: 第一条 moved to the end with 并纳税 added.
fn moved_and_edited(format: &str, lang: &str) -> String {
    let body = [
        "市科技局负责组织实施本办法的各项工作。",
        "对新认定的高新技术企业给予一次性奖励30万元。",
        "对企业研发投入按照15%给予补助，最高不超过500万元。",
        "鼓励金融机构为科技企业提供信用贷款。",
        "各区应当安排专项资金配套支持。",
    ];
    let numbers = ["一", "二", "三", "四", "五", "六", "七"];
    let first = "本办法所称科技企业，是指在本市依法登记注册的企业。";
    let last = "本办法自发布之日起施行，有效期五年。";
    let draft = |clauses: Vec<String>| {
        let mut md = String::from("# 规定\n\n");
        for (n, c) in numbers.iter().zip(clauses) {
            md.push_str(&format!("第{n}条　{c}\n"));
        }
        md
    };
    let mut old = vec![first.to_string()];
    old.extend(body.iter().map(|s| s.to_string()));
    old.push(last.to_string());
    let mut new: Vec<String> = body.iter().map(|s| s.to_string()).collect();
    new.push(first.replace("注册的", "注册并纳税的"));
    new.push(last.to_string());
    let ws = Ws::empty();
    ws.write("a.md", draft(old));
    ws.write("b.md", draft(new));
    ws.run(&["--lang", lang, "diff", "a.md", "b.md", "--format", format])
        .ok()
        .stdout()
}

/// tester4 L6: a moved clause whose text also changed is counted once, as
/// moved (the counts still add up), and the summary line, the 对照表's 注
/// and the HTML 修改概要 say that it was also edited; the JSON summary
/// fields keep their names and meaning.
#[test]
fn t4_l6_a_moved_and_edited_clause_is_said_to_be_edited() {
    let term = moved_and_edited("term", "en");
    // tester9 L8: "1 parts modified" — counts now follow their words.
    assert!(!term.contains("parts modified"), "{term}");
    assert!(
        term.contains(
            "modified 0, inserted 0, deleted 0, moved 1 (1 of them also edited), unchanged 7"
        ),
        "{term}"
    );
    let term = moved_and_edited("term", "zh");
    assert!(
        term.contains("移动 1 处（其中同时修改文字 1 处）"),
        "{term}"
    );
    let table = moved_and_edited("table", "zh");
    assert!(
        table.contains("调整位置 1 处（其中 1 处同时修改了文字）；未列出的部分未作修改"),
        "{table}"
    );
    assert!(
        table.contains("| 调整条款位置（原第一条）；增加“并纳税” |"),
        "{table}"
    );
    let html = moved_and_edited("html", "zh");
    assert!(html.contains("<td>1（其中同时修改文字 1）</td>"), "{html}");
    let json: Value = serde_json::from_str(&moved_and_edited("json", "zh")).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"unchanged": 7, "modified": 0, "inserted": 0, "deleted": 0, "moved": 1, "renumbered": 5})
    );
    let moved: Vec<&Value> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "moved")
        .collect();
    assert_eq!(moved.len(), 1);
    assert!(
        moved[0]["segments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["op"] == "insert" && s["text"] == "并纳税"),
        "{}",
        moved[0]
    );
}

/// A clause moved with its text unchanged says nothing about edits.
#[test]
fn t4_l6_a_clause_moved_unedited_says_nothing_of_edits() {
    let ws = Ws::empty();
    ws.write("a.md", "# 规定\n\n第一条　甲条款的内容在这里。\n第二条　乙条款的内容在这里。\n第三条　丙条款的内容在这里。\n第四条　丁条款的内容在这里。\n");
    ws.write("b.md", "# 规定\n\n第一条　乙条款的内容在这里。\n第二条　丙条款的内容在这里。\n第三条　丁条款的内容在这里。\n第四条　甲条款的内容在这里。\n");
    let table = ws
        .run(&["diff", "a.md", "b.md", "--format", "table"])
        .ok()
        .stdout();
    assert!(table.contains("调整位置 1 处；未列出的部分"), "{table}");
    let term = ws
        .run(&["--lang", "en", "diff", "a.md", "b.md"])
        .ok()
        .stdout();
    assert!(term.contains(" moved 1, "), "{term}");
}
