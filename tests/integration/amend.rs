//! `consult amend` and `consult withdraw`: staff correct the machine's
//! reading; every reader (status, opinions, report, revise, diff
//! provenance, log) follows the corrected reading; bad input writes nothing.

use crate::harness::Ws;

/// f10's sentence: a replace in clause 9 and a delete in clause 2.
const TWO_CLAUSES: &str = "建议将“加强应对ChatGPT人工智能重大革新”修改为“积极应对生成式人工智能重大变革”，并删除“大科学装置等”。\n吴中区人民政府\n";

fn with_reply() -> (Ws, String) {
    let ws = Ws::example();
    let f = ws.write("in/r.txt", TWO_CLAUSES);
    let json = ws
        .run(&[
            "ingest",
            f.to_str().unwrap(),
            "--received",
            "2023-05-25 10:00",
            "--json",
        ])
        .ok()
        .json();
    let reply = json[0]["reply"].as_str().unwrap().to_string();
    (ws, reply)
}

/// The files the last commit changed.
fn last_commit_files(ws: &Ws) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["show", "--name-only", "--format=", "HEAD"])
        .current_dir(ws.path())
        .output()
        .expect("git");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn opinion<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no opinion {id} in {list}"))
}

#[test]
fn amended_reading_flows_to_report_revise_and_diff_provenance() {
    let (ws, reply) = with_reply();
    let id = format!("{reply}-1");
    let read = ws.run(&["opinions", "--json"]).ok().json();
    assert_eq!(opinion(&read, &id)["clause"], 9, "{read}");
    let record_name = std::fs::read_dir(ws.join("comments"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        // Records are named by the original's full SHA-256 (older ones
        // by time and id).
        .find(|n| n.ends_with(&format!("{reply}.yaml")) || n.starts_with(&reply))
        .unwrap();
    let original = ws.read(&format!("comments/{record_name}"));
    let commits = ws.commits();
    ws.run(&[
        "amend",
        &id,
        "--replace",
        "加强应对ChatGPT人工智能重大革新",
        "积极应对人工智能重大变革",
        "--reason",
        "表述不准确",
        "--lang",
        "zh",
    ])
    .ok()
    .stdout_has(&[
        "已更正",
        "“积极应对人工智能重大变革”",
        "理由：（无） → 表述不准确",
    ]);
    assert_eq!(ws.commits(), commits + 1);
    assert_eq!(
        last_commit_files(&ws),
        vec![format!("amendments/{id}.yaml")]
    );
    assert!(
        !ws.git_status().contains("amendments"),
        "{}",
        ws.git_status()
    );
    // The reply record is untouched; the correction is its own file.
    assert_eq!(ws.read(&format!("comments/{record_name}")), original);
    assert!(ws.join(&format!("amendments/{id}.yaml")).is_file());

    let list = ws.run(&["opinions", "--json"]).ok().json();
    let o = opinion(&list, &id);
    assert_eq!(o["clause"], 9);
    assert_eq!(
        o["edits"],
        serde_json::json!([{"op": "replace", "from": "加强应对ChatGPT人工智能重大革新", "to": "积极应对人工智能重大变革"}])
    );
    assert_eq!(o["opinion_reason"], "表述不准确");
    assert_eq!(o["amended"], true);
    assert_eq!(o["withdrawn"], false);

    // A decision taken before a later amendment stays attached.
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&[
        "amend",
        &id,
        "--text",
        "建议改为“积极应对人工智能重大变革”。",
    ])
    .ok();
    let list = ws.run(&["opinions", "--json"]).ok().json();
    assert_eq!(opinion(&list, &id)["disposition"], "adopted");
    assert_eq!(
        opinion(&list, &id)["text"],
        "建议改为“积极应对人工智能重大变革”。"
    );

    let report = ws
        .run(&["report", "--now", "2023-05-29 09:00"])
        .ok()
        .stdout();
    assert!(
        report.contains("| 第9条 | 建议改为“积极应对人工智能重大变革”。 | 采纳 |"),
        "{report}"
    );

    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("积极应对人工智能重大变革"), "{v2}");
    assert!(
        !v2.contains("生成式"),
        "the machine's reading is not applied: {v2}"
    );
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
    assert_eq!(changed.len(), 1, "{diff}");
    assert_eq!(changed[0]["to_number"], 9);
    assert_eq!(changed[0]["opinions"], serde_json::json!([id]));
}

#[test]
fn withdrawn_opinion_leaves_counts_report_and_revise_but_stays_listed() {
    let ws = Ws::example();
    let id = ws.run(&["opinions", "--json"]).ok().json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    let commits = ws.commits();
    ws.run(&["withdraw", &id[..4], "--reason", "重复意见", "--lang", "zh"])
        .ok()
        .stdout_has(&["已撤回"]);
    assert_eq!(ws.commits(), commits + 1);
    assert_eq!(
        last_commit_files(&ws),
        vec![format!("amendments/{id}.yaml")]
    );
    assert_eq!(ws.git_status(), "");

    assert_eq!(
        ws.run(&["opinions", "--json"]).ok().json(),
        serde_json::json!([])
    );
    let all = ws.run(&["opinions", "--json", "--all"]).ok().json();
    assert_eq!(all[0]["withdrawn"], true);
    assert_eq!(all[0]["amended"], false);
    assert!(
        ws.run(&["opinions", "--all"])
            .ok()
            .stdout()
            .contains("withdrawn")
    );

    let status = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    let talent = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市委组织部（人才办）")
        .unwrap();
    assert_eq!(talent["opinions"], 0);
    assert_eq!(talent["state"], "no_objection", "nothing left was proposed");

    let report = ws
        .run(&["report", "--now", "2023-05-29 09:00"])
        .ok()
        .stdout();
    assert!(report.contains("共收到意见0条"), "{report}");
    assert!(!report.contains("市人社局"), "{report}");
    ws.run(&["revise"]).ok().stdout_has(&["no new version"]);
    assert!(!ws.join("drafts/v2.md").exists());

    let log = ws.run(&["log", "--json"]).ok().json();
    assert_eq!(log[0]["kind"], "withdraw");
    assert!(log[0]["summary"].as_str().unwrap().contains(&id));
}

#[test]
fn amended_reply_moves_to_its_department_in_status_and_reminder() {
    let (ws, reply) = with_reply();
    ws.run(&[
        "amend",
        &reply,
        "--department",
        "市工信委",
        "--received",
        "2023-05-26 09:00",
    ])
    .fails_with(&["市工信委"]);
    ws.run(&["amend", &reply, "--department", "市工信局"]).ok();
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-26 12:00"])
        .ok()
        .json();
    let state = |name: &str| {
        status["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(state("市工信局"), "replied");
    assert_eq!(state("吴中区人民政府"), "pending");
    let remind = ws
        .run(&["letter", "--remind", "--now", "2023-05-26 12:00"])
        .ok()
        .stdout();
    assert!(remind.contains("吴中区人民政府"), "{remind}");
    assert!(!remind.contains("市工信局"), "{remind}");
    let list = ws.run(&["opinions", "--json"]).ok().json();
    assert_eq!(
        opinion(&list, &format!("{reply}-1"))["department"],
        "市工信局"
    );

    ws.run(&["amend", &reply, "--received", "2023-05-27 09:00"])
        .ok();
    let list = ws.run(&["opinions", "--json"]).ok().json();
    let o = opinion(&list, &format!("{reply}-1"));
    assert_eq!(o["late"], true);
    assert_eq!(
        o["department"], "市工信局",
        "the earlier correction is kept"
    );
    let log = ws.run(&["log", "--json"]).ok().json();
    assert_eq!(log[0]["kind"], "amend");
}

/// Each bad amend or withdraw: exit 2, a clear message, nothing written.
fn refused(ws: &Ws, args: &[&str], needles: &[&str]) {
    let before = ws.snapshot();
    ws.run(args).fails_with(needles);
    assert_eq!(ws.snapshot(), before, "{args:?} wrote something");
}

#[test]
fn amend_and_withdraw_bad_input_writes_nothing() {
    let (ws, reply) = with_reply();
    let f = ws.write("in/s.md", "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n第五条：建议增加市外办为责任单位。\n");
    ws.run(&["ingest", f.to_str().unwrap()]).ok();
    let id = format!("{reply}-1");
    let zh = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|s| s.to_string())
            .chain(["--lang".into(), "zh".into()])
            .collect()
    };
    let run = |args: &[&str], needles: &[&str]| {
        let args = zh(args);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&ws, &refs, needles);
    };
    run(
        &["amend", "ffffffff-9", "--general"],
        &["没有编号为“ffffffff-9”的意见"],
    );
    run(&["amend", "", "--general"], &["不唯一"]);
    run(&["withdraw", "nothing", "--reason", "x"], &["没有编号"]);
    run(
        &["amend", &id, "--replace", "", "积极"],
        &["--replace 的原文（FROM）不能为空"],
    );
    run(
        &["amend", &id, "--replace", "不在条文中的话", "积极"],
        &["第9条中没有“不在条文中的话”"],
    );
    run(
        &["amend", &id, "--clause", "2"],
        &["第2条中没有“加强应对ChatGPT人工智能重大革新”", "--no-edits"],
    );
    run(
        &["amend", &id, "--clause", "99"],
        &["没有第99条", "--new-clause"],
    );
    run(
        &["amend", &id, "--general"],
        &["没有指明条款的意见不能带修改内容"],
    );
    run(
        &["amend", &id, "--remove-unit", "市人社局"],
        &["第9条的责任单位中没有市人社局"],
    );
    run(&["amend", &id, "--text", "  "], &["--text 不能为空"]);
    run(
        &["amend", &id, "--add-unit", "市科技局"],
        &["第9条的责任单位已有市科技局"],
    );
    run(&["amend", &id], &["没有要更正的内容"]);
    run(&["amend", &id, "--clause", "9"], &["与现有读法相同"]);
    run(
        &["amend", &reply, "--department", "吴中区人民政府"],
        &["与现有读法相同"],
    );
    run(
        &["amend", &reply, "--department", "市工信委"],
        &["未列出的单位“市工信委”", "市工信局"],
    );
    run(
        &["amend", &reply, "--received", "昨天"],
        &["--received “昨天” 无法识别"],
    );
    run(
        &[
            "amend",
            &reply,
            "--department",
            "各县级市（区）人民政府（管委会）",
        ],
        &["一组单位", "吴中区人民政府"],
    );
    run(
        &["amend", "00000000", "--department", "市工信局"],
        &["没有编号为“00000000”的反馈"],
    );
    run(
        &["amend", &id, "--department", "市工信局", "--clause", "2"],
        &["不能与更正单条意见的选项同时使用"],
    );
    run(&["withdraw", &id], &["撤回意见须说明理由（--reason）"]);
    run(&["withdraw", &id, "--reason", " "], &["撤回意见须说明理由"]);
    ws.run(&["withdraw", &id, "--reason", "重复"]).ok();
    run(&["decide", &id, "adopt"], &["已撤回", "不能再作处理"]);
    run(&["withdraw", &id, "--reason", "重复"], &["已经撤回"]);
}

#[test]
fn new_clause_and_general_corrections() {
    let (ws, reply) = with_reply();
    let id = format!("{reply}-1");
    ws.run(&[
        "amend",
        &id,
        "--new-clause",
        "--no-edits",
        "--text",
        "建议增加一条支持人工智能伦理研究。",
    ])
    .ok();
    let list = ws.run(&["opinions", "--json"]).ok().json();
    let o = opinion(&list, &id);
    assert_eq!(o["kind"], "new_clause");
    assert_eq!(o["clause"], serde_json::Value::Null);
    assert_eq!(o["edits"], serde_json::json!([]));
    ws.run(&["amend", &id, "--general"]).ok();
    let list = ws.run(&["opinions", "--json"]).ok().json();
    assert_eq!(opinion(&list, &id)["kind"], "general");
    assert_eq!(
        opinion(&list, &id)["text"],
        "建议增加一条支持人工智能伦理研究。"
    );
}

#[test]
fn withdrawn_duplicate_reply_leaves_the_body_replied() {
    let ws = Ws::example();
    let f = ws.write(
        "in/again.md",
        "---\ndepartment: 市委人才办\nreceived: 2023-05-25 15:00\n---\n第五点：建议责任单位加上市人社局。（补报）\n",
    );
    let json = ws
        .run(&["ingest", f.to_str().unwrap(), "--json"])
        .ok()
        .json();
    let dup = format!("{}-1", json[0]["reply"].as_str().unwrap());
    ws.run(&["withdraw", &dup, "--reason", "与先前意见重复"])
        .ok();
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    let talent = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市委组织部（人才办）")
        .unwrap()
        .clone();
    assert_eq!(talent["state"], "replied", "{talent}");
    assert_eq!(talent["opinions"], 1);
    assert_eq!(talent["received"], "2023-05-24T16:20:00+08:00");
}
