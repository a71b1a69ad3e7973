//! `consult check`: units not consulted or written differently, numbering
//! gaps, missing funding; exit 1 when there are findings.

use crate::harness::Ws;

fn kinds(json: &serde_json::Value) -> Vec<(String, Option<String>, Option<u64>)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["unit"].as_str().map(str::to_string),
                f["clause"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn the_example_draft_writes_names_differently_from_the_list() {
    let ws = Ws::example();
    let run = ws.run(&["check", "--json"]).code_is(1);
    let found = kinds(&run.json());
    let alias = |unit: &str, clause: u64| {
        (
            "unit_alias".to_string(),
            Some(unit.to_string()),
            Some(clause),
        )
    };
    assert!(found.contains(&alias("市委组织部", 5)), "{found:?}");
    assert!(found.contains(&alias("市文广旅游局", 7)));
    assert!(found.contains(&alias("市卫健委", 7)));
    assert!(found.contains(&alias("各县级市（区）人民政府<管委会>", 1)));
    assert!(
        found.iter().all(|f| f.1.as_deref() != Some("市科技局")),
        "the issuer is never reported"
    );
    assert!(
        found.iter().all(|f| f.0 != "unit_not_consulted"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.0 != "funding_missing" && f.0 != "numbering_gap")
    );
    for f in run.json()["findings"].as_array().unwrap() {
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn units_not_consulted_gaps_and_missing_funding() {
    let ws = Ws::example();
    ws.write(
        "drafts/v2.md",
        "# 标题\n\n1.第一条。内容。（责任单位：市科技局、市人社局）\n\n新增资金测算：0万元\n\n\
         3.第三条。内容。（责任单位：市卫健委）\n",
    );
    let run = ws.run(&["check", "v2", "--json"]).code_is(1);
    let found = kinds(&run.json());
    assert!(
        found.contains(&(
            "unit_not_consulted".into(),
            Some("市人社局".into()),
            Some(1)
        )),
        "{found:?}"
    );
    assert!(found.contains(&("unit_alias".into(), Some("市卫健委".into()), Some(3))));
    assert!(
        found
            .iter()
            .any(|f| f.0 == "numbering_gap" && f.2 == Some(3))
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "funding_missing" && f.2 == Some(3))
    );
    let text = ws.run(&["check", "v2"]).code_is(1).stdout();
    assert!(
        text.contains("drafts/v2.md:3:") && text.contains("市人社局"),
        "{text}"
    );
}

#[test]
fn a_clean_draft_exits_0() {
    let ws = Ws::example();
    ws.write(
        "drafts/v2.md",
        "# 标题\n\n1.第一条。内容。（责任单位：市科技局、市委组织部（人才办）、市文广旅局）\n\n新增资金测算：0万元\n",
    );
    let run = ws.run(&["check", "v2", "--json"]).ok();
    assert_eq!(run.json()["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn check_of_a_missing_version_is_exit_2() {
    let ws = Ws::example();
    ws.run(&["check", "v7"])
        .fails_with(&["v7", "drafts/v7.md", "v1"]);
}

/// A regulation written 第X条 with no funding lines and one naming habit
/// repeated in every clause.
fn regulation(clauses: usize) -> String {
    let mut md = String::from("# 苏州市科技创新促进条例\n\n（征求意见稿）\n\n");
    let numbers = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ];
    for n in numbers.iter().take(clauses) {
        md.push_str(&format!(
            "第{n}条　市科技局会同有关部门做好相关工作。（责任单位：市科技局，各县级市（区）人民政府<管委会>）\n\n"
        ));
    }
    md
}

#[test]
fn check_is_noisy_one_finding_per_name_listing_the_clauses() {
    let ws = Ws::example();
    ws.write("drafts/v2.md", regulation(12));
    let run = ws.run(&["check", "v2", "--json"]);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["kind"], "unit_alias");
    assert_eq!(f["unit"], "各县级市（区）人民政府<管委会>");
    assert_eq!(f["severity"], "info");
    assert_eq!(f["clause"], 1);
    assert_eq!(
        f["clauses"],
        serde_json::json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    );
    assert!(!f["message"].as_str().unwrap().is_empty());
    // Only info: exit 0.
    assert_eq!(run.code(), 0, "{}", run.stdout());
}

#[test]
fn check_is_noisy_no_funding_missing_on_a_draft_without_funding_lines() {
    let ws = Ws::example();
    ws.write("drafts/v2.md", regulation(11));
    let json = ws.run(&["check", "v2", "--json"]).json();
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.contains(&"funding_missing"), "{kinds:?}");

    // A draft that uses funding lines is checked for them: one finding.
    ws.write(
        "drafts/v3.md",
        "# 标题\n\n1.甲。（责任单位：市科技局）\n\n新增资金测算：0万元\n\n\
         2.乙。（责任单位：市科技局）\n\n3.丙。（责任单位：市科技局）\n",
    );
    let run = ws.run(&["check", "v3", "--json"]).code_is(1);
    let json = run.json();
    let f = &json["findings"][0];
    assert_eq!(f["kind"], "funding_missing");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["clauses"], serde_json::json!([2, 3]));
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    let text = ws.run(&["check", "v3"]).code_is(1).stdout();
    assert!(
        text.contains("warning [funding_missing] clauses 2, 3"),
        "{text}"
    );

    // … unless consult.yaml switches the check off.
    let yaml = ws.read("consult.yaml") + "\nchecks:\n  funding_missing: off\n";
    ws.write("consult.yaml", yaml);
    let run = ws.run(&["check", "v3", "--json"]).code_is(0);
    assert_eq!(run.json()["findings"], serde_json::json!([]));
}

#[test]
fn check_severities_come_from_consult_yaml() {
    let ws = Ws::example();
    let yaml = ws.read("consult.yaml") + "\nchecks:\n  unit_alias: info\n";
    ws.write("consult.yaml", yaml);
    let run = ws.run(&["check", "v1", "--json"]).code_is(0);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["severity"] == "info"));
}

#[test]
fn check_settings_bad_input_is_exit_2_naming_the_line() {
    for (bad, needle) in [
        ("checks:\n  funding_missing: sometimes\n", "funding_missing"),
        ("checks:\n  funding_gone: off\n", "funding_gone"),
    ] {
        let ws = Ws::example();
        let yaml = ws.read("consult.yaml") + "\n" + bad;
        ws.write("consult.yaml", &yaml);
        let before = ws.snapshot();
        let run = ws.run(&["check", "--json"]).code_is(2);
        assert!(run.stderr().contains(needle), "{}", run.stderr());
        assert!(run.stderr().contains("consult.yaml:"), "{}", run.stderr());
        assert_eq!(before, ws.snapshot());
    }
}

/// tester7 H1: funding written in 元, with words before the number, or as
/// several amounts on one line was left out of the total, and check said
/// the line was missing; a line with no amount is `funding_unread`.
#[test]
fn t7_h1_funding_in_yuan_with_words_or_several_amounts_counts() {
    let ws = Ws::example();
    ws.write(
        "drafts/v2.md",
        "# 标题\n\n1.甲。（责任单位：市科技局）\n新增资金测算：100万元\n\n\
         2.乙。（责任单位：市科技局）\n新增资金测算：1500000元\n\n\
         3.丙。（责任单位：市科技局）\n新增资金测算：约300万元/年\n\n\
         4.丁。（责任单位：市科技局）\n新增资金测算：市级100万元，区级50万元\n\n\
         5.戊。（责任单位：市科技局）\n新增资金测算：待定\n",
    );
    let show = ws.run(&["show", "v2", "--json"]).ok().json();
    let wan: Vec<Option<f64>> = show["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["funding_wan"].as_f64())
        .collect();
    assert_eq!(
        wan,
        [Some(100.0), Some(150.0), Some(300.0), Some(150.0), None],
        "{show}"
    );
    assert_eq!(
        show["clauses"][3]["funding_note"],
        "市级100万元，区级50万元"
    );
    let run = ws.run(&["--lang", "zh", "check", "v2"]).code_is(1);
    let out = run.stdout();
    assert!(
        out.contains("警告 [funding_unread] 第5条的“新增资金测算”读不出金额")
            && !out.contains("funding_missing"),
        "{out}"
    );
    let found = kinds(&ws.run(&["check", "v2", "--json"]).code_is(1).json());
    assert!(
        found.contains(&("funding_unread".to_string(), None, Some(5))),
        "{found:?}"
    );
}

/// tester7 M4: one repeated clause number made every later clause a
/// `numbering_duplicate` error; only the repeat is reported, in the
/// draft's own numbering.
#[test]
fn t7_m4_one_repeated_number_is_one_finding() {
    let ws = Ws::example();
    let yaml = ws.read("consult.yaml") + "\nchecks:\n  funding_missing: off\n  unit_alias: off\n";
    ws.write("consult.yaml", yaml);
    ws.write(
        "drafts/v2.md",
        "# 办法\n\n第一条　甲。\n\n第二条　乙。\n\n第二条　丙。\n\n第三条　丁。\n\n第四条　戊。\n\n第二条　己。\n\n第五条　庚。\n",
    );
    let json = ws.run(&["check", "v2", "--json"]).code_is(1).json();
    let found = kinds(&json);
    assert_eq!(
        found,
        [
            ("numbering_duplicate".to_string(), None, Some(2)),
            ("numbering_duplicate".to_string(), None, Some(2)),
        ],
        "{json}"
    );
    let out = ws.run(&["--lang", "zh", "check", "v2"]).code_is(1).stdout();
    assert!(
        out.contains("drafts/v2.md:7: 错误 [numbering_duplicate] 第二条的编号重复或倒序"),
        "{out}"
    );
}
