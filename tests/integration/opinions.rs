//! `consult opinions`: every opinion with a stable id, filters by clause and
//! department.

use crate::harness::Ws;

#[test]
fn the_example_opinion_in_the_contract_shape() {
    let ws = Ws::example();
    let json = ws.run(&["opinions", "--json"]).ok().json();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), 1);
    let op = &list[0];
    assert_eq!(op["department"], "市委组织部（人才办）");
    assert_eq!(op["clause"], 5);
    assert_eq!(op["text"], "建议第五点责任单位加上市人社局");
    assert_eq!(op["late"], false);
    assert_eq!(op["disposition"], "pending");
    assert_eq!(op["reason"], serde_json::Value::Null);
    assert_eq!(
        op["edits"],
        serde_json::json!([{"op": "add_unit", "unit": "市人社局"}])
    );
    let id = op["id"].as_str().unwrap();
    assert!(!id.is_empty());
    // Stable: the same id on every run and in every copy of the example.
    let again = Ws::example().run(&["opinions", "--json"]).ok().json();
    assert_eq!(again[0]["id"], id);
}

#[test]
fn filters_by_clause_and_department_alias() {
    let ws = Ws::example();
    let f = ws.write("r.md", "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n1. 第二条：建议将“最高1000万元”改为“最高2000万元”。\n2. 第五条：建议增加市外办为责任单位。\n");
    ws.run(&["ingest", f.to_str().unwrap()]).ok();
    let five = ws.run(&["opinions", "--json", "--clause", "5"]).ok().json();
    assert_eq!(five.as_array().unwrap().len(), 2);
    let talent = ws
        .run(&["opinions", "--json", "--department", "人才办"])
        .ok()
        .json();
    assert_eq!(talent.as_array().unwrap().len(), 1);
    let table = ws.run(&["opinions", "--lang", "zh"]).ok().stdout();
    assert!(
        table.contains("市外办") && table.contains("待定"),
        "{table}"
    );
    ws.run(&["opinions", "--department", "市外办局"])
        .fails_with(&["市外办局", "市外办"]);
}
