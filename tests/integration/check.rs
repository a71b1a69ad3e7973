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
