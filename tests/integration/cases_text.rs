//! The text cases of 2026-11-30 (tests/fixtures/cases/text/, copied from
//! ../shared/cases/2026-11-30/text/): each through the binary on the
//! example workspace, with the right result its README gives.

use serde_json::{Value, json};

use crate::harness::{Ws, project_dir};

fn case(name: &str) -> String {
    project_dir()
        .join("tests/fixtures/cases/text")
        .join(name)
        .display()
        .to_string()
}

/// `ingest FILE --dry-run --json ARGS…` → the one reply.
fn read(ws: &Ws, name: &str, args: &[&str]) -> Value {
    let file = case(name);
    let mut all = vec!["ingest", file.as_str(), "--dry-run", "--json"];
    all.extend_from_slice(args);
    ws.run(&all).ok().json()[0].clone()
}

const RECEIVED: [&str; 2] = ["--received", "2023-05-25 10:00"];

fn edits(reply: &Value) -> Vec<(Value, Value)> {
    reply["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["clause"].clone(), o["edits"].clone()))
        .collect()
}

#[test]
fn f01_forwarded_receipt_time() {
    let ws = Ws::example();
    let reply = read(
        &ws,
        "f01_forwarded_receipt_time.eml",
        &["--department", "市发改委"],
    );
    assert_eq!(reply["received"], "2023-05-26T16:50:00+08:00");
    assert_eq!(reply["late"], false);
    assert_eq!(reply["forwarded_by"], "科技局小李");
    assert_eq!(
        edits(&reply),
        [(
            json!(4),
            json!([{"op": "replace", "from": "最高300万元的研发费资助", "to": "最高500万元的研发费资助"}])
        )],
        "no forward-header line is an opinion: {reply}"
    );
}

#[test]
fn f01_forwarded_receipt_time_department_from_the_original() {
    let ws = Ws::example();
    let reply = read(&ws, "f01_forwarded_receipt_time.eml", &[]);
    assert_eq!(reply["department"], "市发改委", "苏州市发展和改革委员会");
}

#[test]
fn f03_date_cst_zone() {
    let ws = Ws::example();
    let reply = read(&ws, "f03_date_cst_zone.eml", &[]);
    assert_eq!(reply["department"], "市教育局");
    assert_eq!(reply["received"], "2023-05-26T17:20:00+08:00");
    assert_eq!(reply["late"], false);
    assert_eq!(reply["no_objection"], true);
    assert!(reply["warnings"][0].as_str().unwrap().contains("CST"));
}

#[test]
fn f04_rfc2047_split_utf8() {
    let ws = Ws::example();
    let reply = read(&ws, "f04_rfc2047_split_utf8.eml", &[]);
    assert_eq!(reply["department"], "市工信局");
    assert_eq!(reply["no_objection"], true);
}

#[test]
fn f06_laihan_shouxi() {
    let ws = Ws::example();
    let reply = read(&ws, "f06_laihan_shouxi.txt", &RECEIVED);
    assert_eq!(reply["department"], "市工信局");
    assert_eq!(reply["no_objection"], true);
    assert_eq!(reply["opinions"], json!([]));
}

/// The state follows: 无修改意见, never 已反馈意见 with 0 opinions.
#[test]
fn f06_laihan_shouxi_is_no_objection_in_status() {
    let ws = Ws::example();
    let file = case("f06_laihan_shouxi.txt");
    ws.run(&["ingest", &file, "--received", "2023-05-25 10:00"])
        .ok();
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    let dept = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市工信局")
        .unwrap()
        .clone();
    assert_eq!(dept["state"], "no_objection", "{dept}");
    assert_eq!(dept["opinions"], 0);
}

#[test]
fn f08_fankui_danwei_label() {
    let ws = Ws::example();
    let reply = read(&ws, "f08_fankui_danwei_label.txt", &RECEIVED);
    assert_eq!(reply["department"], "市市场监管局");
    assert_eq!(
        edits(&reply),
        [(json!(7), json!([{"op": "delete", "text": "市交通局、"}]))]
    );
}

#[test]
fn f10_two_clauses_one_sentence() {
    let ws = Ws::example();
    let reply = read(&ws, "f10_two_clauses_one_sentence.txt", &RECEIVED);
    assert_eq!(
        edits(&reply),
        [
            (
                json!(9),
                json!([{"op": "replace", "from": "加强应对ChatGPT人工智能重大革新", "to": "积极应对生成式人工智能重大变革"}])
            ),
            (json!(2), json!([{"op": "delete", "text": "大科学装置等"}])),
        ]
    );
}

#[test]
fn f11_table_rows_merged() {
    let ws = Ws::example();
    let mut args = RECEIVED.to_vec();
    args.extend(["--department", "市市场监管局"]);
    let reply = read(&ws, "f11_table_rows_merged.txt", &args);
    assert_eq!(
        edits(&reply),
        [
            (
                json!(9),
                json!([{"op": "delete", "text": "市大数据集团、"}])
            ),
            (
                json!(3),
                json!([{"op": "add_unit", "unit": "市市场监管局"}])
            ),
        ],
        "the header row is not an opinion"
    );
    assert_eq!(reply["opinions"][0]["source"], "table");
}

#[test]
fn f12_attachment_signature() {
    let ws = Ws::example();
    let reply = read(&ws, "f12_attachment_signature.eml", &[]);
    assert_eq!(reply["department"], "市生态环境局");
    assert_eq!(
        edits(&reply),
        [(json!(7), json!([{"op": "delete", "text": "市交通局、"}]))]
    );
}

#[test]
fn f14_yingwei_replace() {
    let ws = Ws::example();
    let reply = read(&ws, "f14_yingwei_replace.txt", &RECEIVED);
    assert_eq!(reply["department"], "市卫生健康委");
    assert_eq!(
        edits(&reply),
        [(
            json!(7),
            json!([{"op": "replace", "from": "市文广旅游局", "to": "市文广旅局"}])
        )]
    );
}

#[test]
fn f16_date_localized() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["ingest", &case("f16_date_localized.eml")])
        .fails_with(&["Date", "星期五, 26 五月 2023 17:45:00 +0800", "--received"]);
    assert_eq!(before, ws.snapshot(), "nothing written");
}

#[test]
fn f17_zhonggong_prefix() {
    let ws = Ws::example();
    let reply = read(&ws, "f17_zhonggong_prefix.txt", &RECEIVED);
    assert_eq!(reply["department"], "市委组织部（人才办）");
    assert_eq!(
        edits(&reply),
        [(json!(5), json!([{"op": "add_unit", "unit": "市人社局"}]))]
    );
}

// ------------------------------------------------------------- bad input

/// Exit 2, every needle in the message, nothing written (no --dry-run).
fn refused(ws: &Ws, file: &str, args: &[&str], needles: &[&str]) {
    let before = ws.snapshot();
    let mut all = vec!["ingest", file];
    all.extend_from_slice(args);
    ws.run(&all).fails_with(needles);
    assert_eq!(before, ws.snapshot(), "something was written");
}

#[test]
fn department_sources_that_disagree_are_named() {
    let ws = Ws::example();
    let file = ws.write("r.txt", "反馈单位：市教育局\n无意见。\n苏州市农业农村局\n");
    refused(
        &ws,
        file.to_str().unwrap(),
        &RECEIVED,
        &[
            "反馈单位",
            "市教育局",
            "signature",
            "苏州市农业农村局",
            "--department",
        ],
    );
}

#[test]
fn no_resolvable_department_quotes_the_candidates_and_nearest_names() {
    let ws = Ws::example();
    let file = ws.write(
        "r.txt",
        "第五条建议增加市人社局为责任单位。\n苏州市工业信息局\n",
    );
    refused(
        &ws,
        file.to_str().unwrap(),
        &RECEIVED,
        &["苏州市工业信息局", "nearest listed", "市工信局"],
    );
}

#[test]
fn a_forward_whose_original_has_no_time_needs_received() {
    let ws = Ws::example();
    let file = ws.write(
        "fw.eml",
        "From: staff@example.cn\r\nDate: Mon, 29 May 2023 09:00:00 +0800\r\nSubject: Fwd: reply\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n---------- Forwarded message ---------\r\nFrom: 市外办 <wb@example.cn>\r\nSubject: reply\r\n\r\n无意见。\r\n",
    );
    refused(
        &ws,
        file.to_str().unwrap(),
        &[],
        &["fw.eml", "original", "--received"],
    );
    // With --received the forward is read, department from the original.
    let reply = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-26 09:00",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(reply[0]["department"], "市外办");
    assert_eq!(reply[0]["forwarded_by"], "staff@example.cn");
    assert_eq!(reply[0]["no_objection"], true);
}

/// `--department` wins over the reply's own sources, with a warning naming them.
#[test]
fn a_department_flag_against_the_letter_is_warned() {
    let ws = Ws::example();
    let file = ws.write("r.txt", "无修改意见。\n苏州市工业和信息化局\n");
    let reply = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "市发改委",
            "--received",
            "2023-05-25 10:00",
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(reply[0]["department"], "市发改委");
    let warning = reply[0]["warnings"][0].as_str().unwrap();
    assert!(warning.contains("苏州市工业和信息化局"), "{warning}");
}
