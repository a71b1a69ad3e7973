//! Edited copies: a department sends the consulted draft back with its
//! edits typed straight into the text (.txt, .md, .docx), or with tracked
//! changes and direct edits both. Each changed clause is one opinion with
//! replace/delete edits and source edited_copy; an unchanged copy gives no
//! opinions and says that nothing differs.

use serde_json::{Value, json};

use crate::harness::Ws;

const RECEIVED: &str = "2023-05-25 10:00";

/// v1 with clause 4's 300 made 500 (typed over, no tracked change).
fn edit_a(v1: &str) -> String {
    v1.replace("最高300万元的研发费资助", "最高500万元的研发费资助")
}

/// … and 市交通局 taken out of clause 7's units.
fn edit_b(text: &str) -> String {
    text.replace("、市交通局", "")
}

fn ingest(ws: &Ws, file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["ingest", file, "--dry-run", "--json"];
    args.extend_from_slice(extra);
    ws.run(&args).ok().json()[0].clone()
}

fn by_dept() -> Vec<&'static str> {
    vec!["--department", "市发改委", "--received", RECEIVED]
}

/// The two opinions the edits make, in clause order.
fn assert_two_edits(reply: &Value) {
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 2, "{reply}");
    let four = ops.iter().find(|o| o["clause"] == 4).expect("clause 4");
    assert_eq!(
        four["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    assert_eq!(four["source"], "edited_copy");
    let seven = ops.iter().find(|o| o["clause"] == 7).expect("clause 7");
    assert_eq!(
        seven["edits"],
        json!([{"op": "delete", "text": "市交通局、"}])
    );
    assert!(
        reply["warnings"].to_string().contains("edited copy"),
        "{reply}"
    );
}

#[test]
fn edited_copy_txt_is_one_opinion_per_changed_clause_and_revises() {
    let ws = Ws::example();
    let copy = edit_b(&edit_a(&ws.read("drafts/v1.md")));
    let f = ws.write("in/返回稿.txt", copy);
    let file = f.to_str().unwrap();
    let reply = ingest(&ws, file, &by_dept());
    assert_two_edits(&reply);
    assert_eq!(reply["opinions"][0]["source"], "edited_copy");

    ws.run(&[
        "ingest",
        file,
        "--department",
        "市发改委",
        "--received",
        RECEIVED,
    ])
    .ok();
    let list = ws
        .run(&["opinions", "--json", "--department", "市发改委"])
        .ok()
        .json();
    for o in list.as_array().unwrap() {
        ws.run(&["decide", o["id"].as_str().unwrap(), "adopt"]).ok();
    }
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("最高500万元的研发费资助"), "{v2}");
    assert!(!v2.contains("市交通局"), "{v2}");
}

#[test]
fn edited_copy_md_with_front_matter() {
    let ws = Ws::example();
    let copy = edit_b(&edit_a(&ws.read("drafts/v1.md")));
    let f = ws.write(
        "in/copy.md",
        format!("---\ndepartment: 市发改委\nreceived: {RECEIVED}\n---\n{copy}"),
    );
    let reply = ingest(&ws, f.to_str().unwrap(), &[]);
    assert_eq!(reply["department"], "市发改委");
    assert_two_edits(&reply);
}

#[test]
fn edited_copy_docx_typed_over() {
    let ws = Ws::example();
    ws.write(
        "drafts/edited.md",
        edit_b(&edit_a(&ws.read("drafts/v1.md"))),
    );
    let out = ws.join("in/copy.docx");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    ws.run(&[
        "export",
        "edited",
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let file = out.to_str().unwrap();
    assert_two_edits(&ingest(&ws, file, &by_dept()));
}

#[test]
fn edited_copy_docx_with_tracked_changes_and_direct_edits() {
    let ws = Ws::example();
    let a = edit_a(&ws.read("drafts/v1.md"));
    ws.write("drafts/a.md", &a);
    ws.write("drafts/b.md", edit_b(&a));
    let out = ws.join("in/copy.docx");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    // Typed over: 300 → 500; tracked: 市交通局 deleted.
    ws.run(&[
        "export",
        "b",
        "--format",
        "docx",
        "--redline-from",
        "a",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let file = out.to_str().unwrap();
    let reply = ingest(&ws, file, &by_dept());
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 2, "{reply}");
    let direct = ops
        .iter()
        .find(|o| o["source"] == "edited_copy")
        .expect("direct edit");
    assert_eq!(direct["clause"], 4);
    assert_eq!(
        direct["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    let tracked = ops
        .iter()
        .find(|o| o["source"] == "revision")
        .expect("tracked change");
    assert_eq!(tracked["clause"], 7);
    let deleted = tracked["edits"][0]["text"].as_str().unwrap();
    assert!(deleted.contains("交通局"), "{tracked}");
}

#[test]
fn unchanged_copy_has_no_opinions_and_says_nothing_differs() {
    let ws = Ws::example();
    let f = ws.write("in/原稿.txt", ws.read("drafts/v1.md"));
    let file = f.to_str().unwrap();
    let run = ws
        .run(&[
            "ingest",
            file,
            "--department",
            "市发改委",
            "--received",
            RECEIVED,
            "--dry-run",
        ])
        .ok();
    assert!(
        run.stderr().contains("nothing in it differs"),
        "{}",
        run.stderr()
    );
    let reply = ingest(&ws, file, &by_dept());
    assert_eq!(reply["opinions"], json!([]));
    assert_eq!(reply["no_objection"], true);
}

#[test]
fn a_letter_quoting_two_clauses_is_not_a_copy() {
    let ws = Ws::example();
    let f = ws.write(
        "in/letter.txt",
        "市科技局：\n\n来函收悉。建议将第四条“最高300万元的研发费资助”修改为“最高500万元的研发费资助”。\n\n市发改委\n2023年5月25日\n",
    );
    let file = f.to_str().unwrap();
    let reply = ingest(&ws, file, &by_dept());
    assert!(
        !reply["warnings"].to_string().contains("edited copy"),
        "{reply}"
    );
    let edits = reply["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["edits"].as_array().unwrap().clone())
        .collect::<Vec<_>>();
    assert!(edits.contains(&json!({"op": "replace", "from": "最高300万元的研发费资助", "to": "最高500万元的研发费资助"})), "{reply}");
}

#[test]
fn edited_copy_md_keeps_its_front_matter_opinions() {
    let ws = Ws::example();
    let copy = edit_b(&edit_a(&ws.read("drafts/v1.md")));
    let f = ws.write(
        "in/copy.md",
        format!(
            "---\ndepartment: 市发改委\nreceived: {RECEIVED}\nopinions:\n  - clause: 5\n    text: 建议增加市人社局\n    edits: [{{op: add_unit, unit: 市人社局}}]\n---\n{copy}"
        ),
    );
    let reply = ingest(&ws, f.to_str().unwrap(), &[]);
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 3, "{reply}");
    assert_eq!(ops[0]["source"], "front_matter");
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "add_unit", "unit": "市人社局"}])
    );
}

#[test]
fn edited_copy_with_a_clause_typed_in_is_a_new_clause_opinion() {
    let ws = Ws::example();
    let v1 = ws.read("drafts/v1.md");
    let at = v1.find("\n5.").expect("clause 5");
    let copy = format!(
        "{}\n\n5.支持人工智能伦理研究。对开展人工智能伦理与治理研究的机构给予支持。（责任单位：市科技局）\n{}",
        &v1[..at],
        &v1[at..]
    );
    let f = ws.write("in/copy.txt", copy);
    let file = f.to_str().unwrap();
    let reply = ingest(&ws, file, &by_dept());
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(ops[0]["kind"], "new_clause");
    assert_eq!(ops[0]["clause"], Value::Null);
    assert!(
        ops[0]["text"].as_str().unwrap().contains("人工智能伦理"),
        "{reply}"
    );
}

#[test]
fn edited_copy_attached_to_an_email() {
    let ws = Ws::example();
    let copy = edit_b(&edit_a(&ws.read("drafts/v1.md"))).replace('\n', "\r\n");
    let eml = format!(
        "From: =?UTF-8?B?5biC5Y+R5pS55aeU?= <fgw@example.com>\r\nDate: Thu, 25 May 2023 09:15:00 +0800\r\nSubject: reply\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n修改稿见附件。\r\n--b1\r\nContent-Type: text/plain; charset=utf-8; name=\"copy.txt\"\r\nContent-Disposition: attachment; filename=\"copy.txt\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{copy}\r\n--b1--\r\n"
    );
    let f = ws.write("in/mail.eml", eml);
    let reply = ingest(&ws, f.to_str().unwrap(), &["--department", "市发改委"]);
    assert_eq!(reply["received"], "2023-05-25T09:15:00+08:00");
    assert_two_edits(&reply);
}

/// tester7 M7: an edited copy that makes 20% into 30% gave the edit
/// 将“的20”改为“的30” (the % cut off, a 的 added to make it unique); a
/// percentage is one number with its sign.
#[test]
fn t7_m7_an_edited_percentage_keeps_its_sign() {
    let ws = Ws::example();
    let v1 = ws.read("drafts/v1.md");
    let edited = v1.replace("按实际费用的20%给予补贴", "按实际费用的30%给予补贴");
    assert_ne!(v1, edited);
    ws.write("in/edited.md", edited);
    let reply = ingest(&ws, "in/edited.md", &by_dept());
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "20%", "to": "30%"}]),
        "{reply}"
    );
    assert!(
        ops[0]["text"]
            .as_str()
            .unwrap()
            .contains("将“20%”改为“30%”"),
        "{reply}"
    );
}
