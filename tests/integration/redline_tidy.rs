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
