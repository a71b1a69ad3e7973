//! Replies as they really arrive, through the binary: every encoding,
//! e-mail (sender, Date with offset, charsets, attachments), and the bad
//! inputs of the intake issue (exit 2, nothing written).

use crate::harness::{Ws, project_dir};

fn fixture(name: &str) -> String {
    project_dir()
        .join("tests/fixtures/intake")
        .join(name)
        .display()
        .to_string()
}

fn ingest_json(ws: &Ws, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["ingest", "--json"];
    all.extend_from_slice(args);
    ws.run(&all).ok().json()
}

fn assert_rejected(ws: &Ws, args: &[&str], needles: &[&str]) {
    let before = ws.snapshot();
    ws.run(args).fails_with(needles);
    assert_eq!(before, ws.snapshot(), "something was written");
}

#[test]
fn gbk_letter_with_crlf() {
    let ws = Ws::example();
    let json = ingest_json(
        &ws,
        &[
            &fixture("reply-gbk-crlf.txt"),
            "--received",
            "2023-05-24 17:00",
        ],
    );
    let r = &json[0];
    assert_eq!(
        r["department"], "市委组织部（人才办）",
        "from the signature"
    );
    let ops = r["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 3, "{ops:?}");
    assert_eq!(ops[1]["clause"], 5);
    assert_eq!(
        ops[1]["edits"],
        serde_json::json!([{"op": "add_unit", "unit": "市人社局"}, {"op": "add_unit", "unit": "市财政局"}])
    );
    let record = std::fs::read_dir(ws.join("comments"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .find(|t| t.contains("reply-gbk-crlf.txt"))
        .expect("record");
    assert!(
        record.contains("GBK") || record.contains("GB18030"),
        "{record}"
    );
}

#[test]
fn utf16_with_bom_no_objection() {
    let ws = Ws::example();
    let json = ingest_json(
        &ws,
        &[
            &fixture("reply-utf16le-bom.txt"),
            "--received",
            "2023-05-25 09:00",
        ],
    );
    assert_eq!(json[0]["department"], "市外办");
    assert_eq!(json[0]["no_objection"], true);
}

#[test]
fn utf8_with_and_without_bom_and_utf16_be_read_alike() {
    let ws = Ws::example();
    let text = "第九条：建议将“按实际费用的20%给予补贴”修改为“按实际费用的30%给予补贴”。\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let mut be = b"\xFE\xFF".to_vec();
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let files = [
        ws.write("a.txt", text),
        ws.write("b.txt", bom),
        ws.write("c.txt", be),
        ws.write("d.txt", gb.as_ref()),
    ];
    for (f, dept) in files
        .iter()
        .zip(["市大数据局", "市教育局", "市工信局", "市交通局"])
    {
        let json = ingest_json(
            &ws,
            &[
                f.to_str().unwrap(),
                "--department",
                dept,
                "--received",
                "2023-05-25 09:00",
            ],
        );
        let op = &json[0]["opinions"][0];
        assert_eq!(op["clause"], 9, "{f:?}");
        assert_eq!(op["edits"][0]["to"], "按实际费用的30%给予补贴", "{f:?}");
    }
}

#[test]
fn email_sender_and_date_header_decide_department_and_lateness() {
    let ws = Ws::example();
    let json = ingest_json(&ws, &[&fixture("mail-gb2312-base64.eml")]);
    let r = &json[0];
    assert_eq!(r["department"], "市委组织部（人才办）");
    // 09:45 +0000 is 17:45 in Beijing: late for the 17:30 deadline.
    assert_eq!(r["received"], "2023-05-26T17:45:00+08:00");
    assert_eq!(r["late"], true);
    let ops = r["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "the quoted original message is cut: {ops:?}");
    assert_eq!(ops[0]["edits"][0]["unit"], "市人社局");
    let status = ws
        .run(&["status", "--json", "--now", "2023-06-01 09:00"])
        .ok()
        .json();
    let talent = status["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市委组织部（人才办）")
        .unwrap();
    assert_eq!(
        talent["state"], "replied",
        "the on-time reply of the example still decides"
    );
}

#[test]
fn html_quoted_printable_email() {
    let ws = Ws::example();
    let json = ingest_json(&ws, &[&fixture("mail-html-qp.eml")]);
    assert_eq!(json[0]["department"], "市发改委");
    assert_eq!(json[0]["received"], "2023-05-24T16:20:00+08:00");
    assert_eq!(json[0]["opinions"][0]["clause"], 3);
}

#[test]
fn email_attachment_is_read_and_kept_as_evidence() {
    let ws = Ws::example();
    let json = ingest_json(&ws, &[&fixture("mail-attachment.eml")]);
    let r = &json[0];
    assert_eq!(r["department"], "市工信局");
    let ops = r["opinions"].as_array().unwrap();
    assert!(
        ops.iter()
            .any(|o| o["clause"] == 5 && o["edits"][0]["unit"] == "市人社局"),
        "{ops:?}"
    );
    let (gbk, _, _) =
        encoding_rs::GBK.encode("第三条：无修改意见。\r\n第五条：建议增加市人社局为责任单位。\r\n");
    let kept = std::fs::read_dir(ws.join("comments/originals"))
        .unwrap()
        .flatten()
        .any(|e| std::fs::read(e.path()).unwrap() == gbk.as_ref());
    assert!(kept, "the attachment is kept byte for byte");
}

#[test]
fn email_without_date_needs_received() {
    let ws = Ws::example();
    assert_rejected(
        &ws,
        &["ingest", &fixture("mail-no-date.eml")],
        &["mail-no-date.eml", "--received"],
    );
    let json = ingest_json(
        &ws,
        &[
            &fixture("mail-no-date.eml"),
            "--received",
            "2023-05-25 09:00",
        ],
    );
    assert_eq!(json[0]["department"], "市外办");
    assert_eq!(json[0]["no_objection"], true);
}

#[test]
fn random_bytes_empty_files_and_huge_files_are_refused() {
    let ws = Ws::example();
    let common = ["--department", "市外办", "--received", "2023-05-25 09:00"];
    for f in ["random.bin", "empty.txt"] {
        let path = fixture(f);
        let mut args = vec!["ingest", path.as_str()];
        args.extend_from_slice(&common);
        assert_rejected(&ws, &args, &[f]);
    }
    let big = ws.join("big.txt");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(20 * 1024 * 1024 + 1).unwrap();
    let mut args = vec!["ingest", big.to_str().unwrap()];
    args.extend_from_slice(&common);
    assert_rejected(&ws, &args, &["big.txt", "20 MB"]);
}

#[test]
fn a_yaml_bomb_in_front_matter_fails_fast() {
    let ws = Ws::example();
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    bomb.push_str("department: 市外办\nreceived: 2023-05-25 09:00\n---\n无意见\n");
    let file = ws.write("bomb.md", bomb);
    assert_rejected(&ws, &["ingest", file.to_str().unwrap()], &["bomb.md"]);
}
