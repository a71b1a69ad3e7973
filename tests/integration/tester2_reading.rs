//! Reading defects a second fresh tester found (tester2.md #2, #5, #7, #8,
//! #11), each pinned through the binary.

use crate::harness::Ws;

/// tester2 #2: 市交通局's reply “第七条“市交通局”删去。” (no 、 in the quote).
const DELETE_FROM_LIST: &str = "市科技局：\n    经研究，现反馈如下：\n    1.第四条“最高300万元”改为“最高500万元”\n    2.第七条“市交通局”删去。\n\n苏州市交通运输局办公室\n";

fn ingest(ws: &Ws, name: &str, text: &str, dept: &str) -> serde_json::Value {
    let file = ws.write(name, text);
    ws.run(&[
        "ingest",
        file.to_str().unwrap(),
        "--department",
        dept,
        "--received",
        "2023-05-25 12:00",
        "--json",
    ])
    .ok()
    .json()
}

#[test]
fn t2_02_deleting_a_name_from_a_list_leaves_no_double_dunhao() {
    let ws = Ws::example();
    let json = ingest(&ws, "in/t4.txt", DELETE_FROM_LIST, "市交通局");
    let opinions = json[0]["opinions"].as_array().unwrap();
    let id = opinions
        .iter()
        .find(|o| o["text"].as_str().unwrap().contains("第七条"))
        .expect("a clause-7 opinion")["id"]
        .as_str()
        .unwrap()
        .to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(!v2.contains("、、"), "{v2}");
    assert!(v2.contains("市金融监管局、市生态环境局"), "{v2}");
    assert!(!v2.contains("市交通局"), "{v2}");
    let check = ws.run(&["--lang", "zh", "check", "v2", "--json"]).json();
    assert!(!check.to_string().contains("doubled_separator"), "{check}");
}

#[test]
fn t2_02_check_warns_of_a_doubled_dunhao_in_a_draft() {
    let ws = Ws::example();
    let v1 = ws.read("drafts/v1.md");
    let doubled = v1.replacen("市金融监管局、", "市金融监管局、、", 1);
    assert_ne!(doubled, v1, "the example lists 市金融监管局");
    ws.write("drafts/v1.md", doubled);
    let run = ws.run(&["--lang", "zh", "check", "--json"]).code_is(1);
    let json = run.json();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "doubled_separator")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(found["severity"], "warning");
    assert!(
        found["message"].as_str().unwrap().contains("、、"),
        "{found}"
    );
}

/// A mail from 市交通局 with `body` as its text and a Word reply attached
/// (300 → 500 in clause 4).
fn mail_with_form(body: &str) -> String {
    use crate::word::{base64, tracked_docx};
    format!(
        "From: =?UTF-8?B?5biC5Lqk6YCa5bGA?= <jt@example.com>\r\nDate: Thu, 25 May 2023 09:15:00 +0800\r\nSubject: reply\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"reply.docx\"\r\nContent-Disposition: attachment; filename=\"reply.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        body.replace('\n', "\r\n"),
        base64(&tracked_docx())
    )
}

#[test]
fn t2_05_mail_cover_lines_signature_and_phone_are_not_opinions() {
    let bodies = [
        "葛老师：\n  我局意见见附件反馈表，请查收。\n\n王五\n苏州市交通运输局\n68001234\n",
        "葛老师：\n  我局意见见附件，请查收。\n",
        "葛老师，您好！反馈表见附件。\n\n--\n王五\n苏州市交通运输局规划处\n电话：68001234\n",
    ];
    for body in bodies {
        let ws = Ws::example();
        let file = ws.write("mail.eml", mail_with_form(body));
        let run = ws
            .run(&["ingest", file.to_str().unwrap(), "--dry-run", "--json"])
            .ok();
        let json = run.json();
        let texts: Vec<&str> = json[0]["opinions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["text"].as_str().unwrap())
            .collect();
        assert!(!texts.is_empty(), "{body}: the attachment's opinions");
        for t in &texts {
            for furniture in ["附件", "请查收", "王五", "68001234", "老师"] {
                assert!(!t.contains(furniture), "{body}: {t} is an opinion");
            }
        }
        assert!(
            json[0]["opinions"].to_string().contains("500"),
            "{body}: {json}"
        );
    }
}

#[test]
fn t2_08_a_lead_in_line_jianyi_is_not_an_opinion() {
    let ws = Ws::example();
    let letter = "市科技局：\n    来函收悉。建议：\n    （一）第4条“最高300万元”改为“最高500万元”；\n    （二）第7条“市交通局、”删去；\n    （三）第十条有关表述请再斟酌。\n\n苏州市交通运输局\n2023年5月25日\n";
    let json = ingest(&ws, "in/t5.txt", letter, "市交通局");
    let opinions = json[0]["opinions"].as_array().unwrap();
    let clauses: Vec<u64> = opinions
        .iter()
        .map(|o| o["clause"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(clauses, [4, 7, 10], "{json}");
    for lead in ["建议：", "意见如下：", "具体意见如下：", "修改意见："] {
        let ws = Ws::example();
        let letter = format!(
            "市科技局：\n    来函收悉。{lead}\n    第4条“最高300万元”改为“最高500万元”。\n\n苏州市交通运输局\n"
        );
        let json = ingest(&ws, "in/lead.txt", &letter, "市交通局");
        let opinions = json[0]["opinions"].as_array().unwrap();
        assert_eq!(opinions.len(), 1, "{lead}: {json}");
        assert_eq!(opinions[0]["clause"], 4, "{lead}: {json}");
    }
}

#[test]
fn t2_07_no_objection_on_clauses_one_to_six_then_a_proposal_on_clause_seven() {
    let ws = Ws::example();
    let letter = "市科技局：\n    来函收悉。我局对第一条至第六条无修改意见。建议第七条删除“市交通局、”，我局不承担该项职责。\n\n苏州市交通运输局\n2023年5月25日\n";
    let json = ingest(&ws, "in/t2.txt", letter, "市交通局");
    let opinions = json[0]["opinions"].as_array().unwrap();
    assert_eq!(opinions.len(), 1, "{json}");
    assert_eq!(opinions[0]["clause"], 7, "{json}");
    assert_eq!(
        opinions[0]["edits"],
        serde_json::json!([{"op": "delete", "text": "市交通局、"}]),
        "{json}"
    );
    let id = opinions[0]["id"].as_str().unwrap().to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("市金融监管局、市生态环境局"), "{v2}");
}

#[test]
fn t2_11_decide_and_withdraw_help_is_chinese_under_lang_zh() {
    let ws = Ws::example();
    let decide = ws.run(&["--lang", "zh", "decide", "--help"]).ok().stdout();
    for zh in [
        "意见编号或其唯一前缀",
        "实际采纳的内容：责任单位增加 X",
        "实际采纳的内容：责任单位删去 X",
        "显示帮助",
    ] {
        assert!(decide.contains(zh), "{zh}: {decide}");
    }
    let withdraw = ws
        .run(&["--lang", "zh", "withdraw", "--help"])
        .ok()
        .stdout();
    assert!(withdraw.contains("为什么不是意见（必填）"), "{withdraw}");
    let top = ws.run(&["--lang", "zh", "--help"]).ok().stdout();
    assert!(top.contains("显示本帮助，或指定命令的帮助"), "{top}");
    for text in [&decide, &withdraw, &top] {
        for english in [
            "Opinion id",
            "Print help",
            "Print this message",
            "Why it is not",
        ] {
            assert!(!text.contains(english), "{english}: {text}");
        }
    }
    let en = ws.run(&["--lang", "en", "decide", "--help"]).ok().stdout();
    assert!(
        en.contains("remove unit X from the clause's 责任单位"),
        "{en}"
    );
    // Parsing is unchanged by the help texts.
    ws.run(&["--lang", "zh", "decide", "7160", "adopt"]).ok();
}

/// tester2 #10: `decide … adopt` accepted an edit whose text stands twice in
/// its clause (删除“最高” in clause 2); only `revise` refused it, later.
/// Now adopt refuses at once, naming the count and how to say which place;
/// partial with a longer, unique text is accepted.
#[test]
fn t2_10_adopting_an_ambiguous_edit_is_refused_at_decide() {
    let ws = Ws::example();
    let file = ws.write(
        "in/zuigao.md",
        "---\ndepartment: 市发改委\nreceived: 2023-05-25 10:00\n---\n第二条：建议删除“最高”二字。\n",
    );
    let json = ws
        .run(&["ingest", file.to_str().unwrap(), "--json"])
        .ok()
        .json();
    let id = json[0]["opinions"][0]["id"].as_str().unwrap().to_string();
    let before = ws.snapshot();
    ws.run(&["decide", &id, "adopt"]).fails_with(&[
        "“最高” occurs 2 times in clause 2",
        "nothing was written",
        "partial --replace",
    ]);
    ws.run(&["decide", &id, "partial", "--replace", "最高", "至多"])
        .fails_with(&["occurs 2 times"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&[
        "decide",
        &id,
        "partial",
        "--replace",
        "最高1000万元",
        "1000万元",
    ])
    .ok();
    ws.run(&["revise"]).ok();
}
