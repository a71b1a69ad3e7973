//! decide → revise → diff → check → log on the example: the talent
//! office's opinion adopted gives v2 with 市人社局 in clause 5, linked to the
//! opinion; partial, reject, conflicts and bad input.

use crate::harness::Ws;

fn talent_id(ws: &Ws) -> String {
    ws.run(&["opinions", "--json"]).ok().json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn reply(ws: &Ws, name: &str, department: &str, body: &str) -> Vec<String> {
    let path = ws.write(
        name,
        format!("---\ndepartment: {department}\nreceived: 2023-05-25 10:00\n---\n{body}\n"),
    );
    let json = ws
        .run(&["ingest", path.to_str().unwrap(), "--json"])
        .ok()
        .json();
    json[0]["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_suzhou_case_end_to_end() {
    let ws = Ws::example();
    let id = talent_id(&ws);
    let commits = ws.commits();
    ws.run(&[
        "decide",
        &id[..6],
        "adopt",
        "--reason",
        "市人社局负责人才评价",
    ])
    .ok();
    assert_eq!(ws.commits(), commits + 1, "a decision is one commit");
    let op = &ws.run(&["opinions", "--json"]).ok().json()[0];
    assert_eq!(op["disposition"], "adopted");
    assert_eq!(op["reason"], "市人社局负责人才评价");

    ws.run(&["revise"]).ok().stdout_has(&["v2"]);
    assert_eq!(ws.commits(), commits + 2, "a revision is one commit");
    let v1 = ws.run(&["show", "v1", "--json"]).ok().json();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    for n in 0..10 {
        let (a, b) = (&v1["clauses"][n], &v2["clauses"][n]);
        if n == 4 {
            assert_ne!(a["text"], b["text"]);
            let units: Vec<&str> = b["responsible_units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap())
                .collect();
            assert_eq!(
                units,
                [
                    "市委组织部",
                    "市科技局",
                    "市外办",
                    "市人社局",
                    "各县级市（区）人民政府<管委会>"
                ]
            );
        } else {
            assert_eq!(a, b, "clause {} changed", n + 1);
        }
    }
    let diff = ws
        .run(&["diff", "v1", "v2", "--format", "json"])
        .ok()
        .json();
    let changed: Vec<&serde_json::Value> = diff["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] != "unchanged")
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["from_number"], 5);
    assert_eq!(changed[0]["units_added"], serde_json::json!(["市人社局"]));
    assert_eq!(changed[0]["opinions"], serde_json::json!([id]));
    let check = ws.run(&["check", "--json"]).code_is(1).json();
    assert!(
        check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "unit_not_consulted"
                && f["unit"] == "市人社局"
                && f["clause"] == 5)
    );
    let log = ws.run(&["log", "--json"]).ok().json();
    let kinds: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["revise", "decide", "init"]);
    let text = ws.run(&["log"]).ok().stdout();
    assert!(
        text.lines().next().unwrap().contains("revise"),
        "newest first: {text}"
    );
    assert!(ws.git_status().is_empty(), "{}", ws.git_status());
    let tags = std::process::Command::new("git")
        .arg("tag")
        .current_dir(ws.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&tags.stdout).contains("consult/v2"));
}

#[test]
fn dry_run_shows_the_redline_and_writes_nothing() {
    let ws = Ws::example();
    let id = talent_id(&ws);
    ws.run(&["decide", &id, "adopt"]).ok();
    let before = ws.snapshot();
    let out = ws.run(&["revise", "--dry-run"]).ok().stdout();
    assert!(out.contains("市人社局"), "{out}");
    assert_eq!(before, ws.snapshot());
}

#[test]
fn rejected_and_noted_opinions_change_nothing() {
    let ws = Ws::example();
    let id = talent_id(&ws);
    ws.run(&["decide", &id, "reject", "--reason", "职责不涉及"])
        .ok();
    let before = ws.snapshot();
    ws.run(&["revise"]).ok().stdout_has(&["no new version"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["decide", &id, "note"]).ok();
    ws.run(&["revise"]).ok();
    assert!(!ws.join("drafts/v2.md").exists());
    // Changing a decision is allowed and recorded.
    let log = ws.run(&["log", "--json"]).ok().json();
    assert_eq!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "decide")
            .count(),
        2
    );
}

#[test]
fn partial_adoption_applies_only_the_stated_edit() {
    let ws = Ws::example();
    let ids = reply(
        &ws,
        "r.md",
        "市发改委",
        "第四条：建议将“最高300万元的研发费资助”修改为“最高500万元的研发费资助”，并将“分别给予最高1000万元和200万元”改为“分别给予最高2000万元和300万元”。",
    );
    ws.run(&[
        "decide",
        &ids[0],
        "partial",
        "--replace",
        "最高300万元",
        "最高400万元",
        "--reason",
        "提高至400万元",
    ])
    .ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("给予最高400万元的研发费资助"), "{v2}");
    assert!(v2.contains("分别给予最高1000万元和200万元"));
    let diff = ws
        .run(&["diff", "v1", "v2", "--format", "json"])
        .ok()
        .json();
    let c4 = diff["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["from_number"] == 4)
        .unwrap();
    assert_eq!(c4["change"], "modified");
    assert_eq!(c4["opinions"], serde_json::json!([ids[0]]));
    let op = ws.run(&["opinions", "--json", "--clause", "4"]).ok().json();
    assert_eq!(op[0]["disposition"], "partially_adopted");
}

/// tester3 L8 (fourth point): `adopt` with only some of the proposed
/// edits was recorded as 采纳 though the next version leaves the rest out.
#[test]
fn t3_l8_adopting_part_of_the_proposed_edits_is_refused_and_points_to_partial() {
    let ws = Ws::example();
    let ids = reply(
        &ws,
        "r.md",
        "市教育局",
        "第四条：建议将“最高300万元”修改为“最高500万元”，并在责任单位中增加市财政局。",
    );
    let before = ws.snapshot();
    let commits = ws.commits();
    ws.run(&["decide", &ids[0], "adopt", "--add-unit", "市财政局"])
        .fails_with(&["最高300万元", "partial"]);
    assert_eq!(before, ws.snapshot(), "nothing written");
    assert_eq!(commits, ws.commits());
    // Part of it is 部分采纳; all of it, stated or not, is 采纳.
    ws.run(&["decide", &ids[0], "partial", "--add-unit", "市财政局"])
        .ok();
    let all = [
        "--add-unit",
        "市财政局",
        "--replace",
        "最高300万元",
        "最高500万元",
    ];
    ws.run(&[&["decide", ids[0].as_str(), "adopt"][..], &all[..]].concat())
        .ok();
    ws.run(&["decide", &ids[0], "adopt"]).ok();
    let op = ws.run(&["opinions", "--json", "--clause", "4"]).ok().json();
    assert_eq!(op[0]["disposition"], "adopted");
}

#[test]
fn two_edits_of_the_same_text_are_a_conflict_naming_both() {
    let ws = Ws::example();
    let a = reply(
        &ws,
        "a.md",
        "市发改委",
        "第四条：建议将“最高300万元”修改为“最高500万元”。",
    );
    let b = reply(
        &ws,
        "b.md",
        "市工信局",
        "第四条：建议将“最高300万元”修改为“最高600万元”。",
    );
    ws.run(&["decide", &a[0], "adopt"]).ok();
    ws.run(&["decide", &b[0], "adopt"]).ok();
    let before = ws.snapshot();
    ws.run(&["revise"])
        .fails_with(&[&a[0], &b[0], "市发改委", "市工信局"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn an_edit_whose_text_is_gone_is_a_conflict() {
    let ws = Ws::example();
    let a = reply(
        &ws,
        "a.md",
        "市发改委",
        "第四条：建议将“最高300万元”修改为“最高500万元”。",
    );
    ws.run(&["decide", &a[0], "adopt"]).ok();
    // The version under consultation is edited by hand meanwhile.
    let v1 = ws
        .read("drafts/v1.md")
        .replace("最高300万元", "最高350万元");
    ws.write("drafts/v1.md", v1);
    let before = ws.snapshot();
    ws.run(&["revise"])
        .fails_with(&[&a[0], "市发改委", "最高300万元"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn bad_decisions_are_exit_2_and_write_nothing() {
    let ws = Ws::example();
    let ids = reply(
        &ws,
        "a.md",
        "市发改委",
        "1. 第四条：建议将“最高300万元”修改为“最高500万元”。\n2. 第六条：建议将“最高2000万元资助”修改为“最高3000万元资助”。",
    );
    let before = ws.snapshot();
    ws.run(&["decide", "ffffffff", "adopt"])
        .fails_with(&["ffffffff"]);
    let prefix = &ids[0][..8];
    ws.run(&["decide", prefix, "adopt"])
        .fails_with(&[&ids[0], &ids[1]]);
    ws.run(&["decide", &ids[0], "approve"])
        .fails_with(&["approve", "adopt"]);
    ws.run(&[
        "decide",
        &ids[0],
        "partial",
        "--replace",
        "最高900万元",
        "最高1万元",
    ])
    .fails_with(&["最高900万元"]);
    ws.run(&[
        "decide",
        &ids[0],
        "reject",
        "--reason",
        "不宜",
        "--add-unit",
        "市人社局",
    ])
    .fails_with(&["--add-unit"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn a_target_version_that_exists_is_refused() {
    let ws = Ws::example();
    let id = talent_id(&ws);
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.write("drafts/v2.md", "# 手工稿\n");
    ws.run(&["-C", ".", "status"]).ok();
    let before = ws.snapshot();
    ws.run(&["revise"]).fails_with(&["v2", "--to"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["revise", "--to", "v3"]).ok();
    assert!(ws.read("drafts/v3.md").contains("市人社局"));
}

/// A unit added to a list that goes on (…、市农业农村局等，…) is written
/// before 等 — 市农业农村局、市人社局等 — and the redline reads as one
/// clean insertion (found by the helper fixing tester2's leftovers).
#[test]
fn a_unit_added_to_a_list_ending_in_deng_goes_before_deng() {
    let ws = Ws::example();
    let ids = reply(&ws, "r7.md", "市教育局", "建议第七条责任单位加上市人社局。");
    ws.run(&["decide", &ids[0], "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = std::fs::read_to_string(ws.path().join("drafts/v2.md")).unwrap();
    assert!(
        v2.contains("市教育局、市农业农村局、市人社局等，各县级市（区）人民政府<管委会>"),
        "{v2}"
    );
    ws.run(&["diff", "v1", "v2"])
        .ok()
        .stdout_has(&["市农业农村局{+、市人社局+}等"]);
}

/// tester7 M3: after v2 was made, `revise --from v2` applied again the
/// opinions already in v2 (a replacement then failed as gone, a unit was
/// recorded twice). It applies only what was decided since, and follows
/// the consulted version's clause numbers to where the clauses are in v2.
#[test]
fn t7_m3_revise_from_a_later_version_applies_only_what_is_new() {
    let ws = Ws::example();
    let talent = talent_id(&ws);
    ws.run(&["decide", &talent, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("市人社局"));
    let late = adopt_late_reply(&ws);
    // Plain revise names the way on.
    ws.run(&["--lang", "zh", "revise"])
        .code_is(2)
        .fails_with(&["版本 v2 已存在", "consult revise --from v2"]);
    ws.run(&["revise", "--from", "v2"]).ok();
    let v3 = ws.read("drafts/v3.md");
    assert_eq!(
        v3,
        v2.replace("最高300万元的一次性补贴", "最高200万元的一次性补贴")
    );
    let record = ws.read("revisions/v3.yaml");
    assert!(
        record.contains(&late[0]) && !record.contains(&talent),
        "{record}"
    );
    // A later version with a clause taken out before clause 10 (made by
    // hand): the opinion on clause 10 goes to what is now clause 9.
    let renumbered: String = (4..=13).fold(v1_without(&ws, "\n3.", "\n4."), |text, n| {
        text.replacen(&format!("\n{n}."), &format!("\n{}.", n - 1), 1)
    });
    ws.write("in/v4.md", &renumbered);
    ws.run(&["import", "in/v4.md", "--as", "v4"]).ok();
    let before = ws.snapshot();
    ws.run(&["revise", "--from", "v4", "--to", "v5"]).ok();
    let v5 = ws.read("drafts/v5.md");
    assert!(
        v5.contains("\n9.") && v5.contains("最高200万元的一次性补贴"),
        "{v5}"
    );
    assert_ne!(before, ws.snapshot());
}

/// `revise --from V` on bad input: an opinion on a clause V no longer has
/// is a conflict naming it, and a revision record that cannot be read is
/// an error naming the file; exit 2 and nothing written either way.
#[test]
fn t7_m3_revise_from_refuses_a_clause_that_is_gone_and_a_broken_record() {
    let ws = Ws::example();
    let late = adopt_late_reply(&ws);
    // v2 by hand: the last clause, 10, taken out (the closing stays).
    ws.write("in/v2.md", v1_without(&ws, "\n10.", "\n本政策"));
    ws.run(&["import", "in/v2.md", "--as", "v2"]).ok();
    let before = ws.snapshot();
    ws.run(&["--lang", "zh", "revise", "--from", "v2"])
        .code_is(2)
        .fails_with(&[&late[0], "v1 的第10条，v2 中已没有这一条"]);
    assert_eq!(before, ws.snapshot());
    ws.write("revisions/v2.yaml", "from: [v1\n");
    let before = ws.snapshot();
    ws.run(&["revise", "--from", "v2"])
        .code_is(2)
        .fails_with(&["revisions/v2.yaml"]);
    assert_eq!(before, ws.snapshot());
}

/// 市卫健委's late reply on clause 10 (300万元 → 200万元), adopted: its
/// opinion ids.
fn adopt_late_reply(ws: &Ws) -> Vec<String> {
    let late = reply(
        ws,
        "in/wjw.md",
        "市卫健委",
        "建议第十条将“最高300万元的一次性补贴”修改为“最高200万元的一次性补贴”。",
    );
    ws.run(&["decide", &late[0], "adopt"]).ok();
    late
}

/// drafts/v1.md without the lines from the one starting `from` (a line
/// end and its start) up to the one starting `to`.
fn v1_without(ws: &Ws, from: &str, to: &str) -> String {
    let v1 = ws.read("drafts/v1.md");
    let start = v1.find(from).unwrap() + 1;
    let end = v1.find(to).unwrap() + 1;
    format!("{}{}", &v1[..start], &v1[end..])
}
