//! tester4's reading defects (L2, L3, L4) and UTF-16 without a BOM: how
//! `diff`, `import` and `ingest` read a file's bytes as text.

use crate::harness::Ws;

/// tester4 L2: a lone 0xE7 or 0xC3 followed by a line end, or a stray one
/// inside UTF-8 text, is damaged UTF-8 — refused naming the file and the
/// byte, never read as an 8-bit code page's letter (į, Ă) or as GBK.
#[test]
fn t4_l2_a_lone_lead_byte_before_a_line_end_is_invalid_utf8() {
    let ws = Ws::example();
    let base = "# 苏州市某某管理办法\n\n第1条　为了规范管理，制定本办法。\n";
    ws.write("base.md", base);
    // midbad.md: a UTF-8 clause with a stray 0xE7 before 。.
    let mut midbad = "# 规定\n\n第1条　甲".as_bytes().to_vec();
    let mid = midbad.len();
    midbad.push(0xE7);
    midbad.extend_from_slice("。\n".as_bytes());
    let files: Vec<(&str, Vec<u8>, usize, u8)> = vec![
        ("e7nl.md", b"\xE7\n".to_vec(), 0, 0xE7),
        ("c3nl.md", b"\xC3\n".to_vec(), 0, 0xC3),
        ("e7mid.md", b"# x\n\n1.\xE7\n".to_vec(), 7, 0xE7),
        ("midbad.md", midbad, mid, 0xE7),
    ];
    let before = ws.snapshot();
    for (name, bytes, at, byte) in files {
        let file = ws.write(&format!("in/{name}"), &bytes);
        let file = file.to_str().unwrap();
        ws.run(&["--lang", "en", "diff", "base.md", file])
            .code_is(2)
            .fails_with(&[
                name,
                &format!("invalid UTF-8 at byte {at} (byte 0x{byte:02X})"),
                &format!("correct or delete the character at byte {at}"),
            ]);
        ws.run(&["--lang", "zh", "diff", file, "base.md"])
            .code_is(2)
            .fails_with(&[&format!("UTF-8 编码在第 {at} 字节处无效")]);
        // import (as .txt: any encoding is read) and ingest refuse it alike.
        let txt = ws.write(&format!("in/{name}.txt"), &bytes);
        let txt = txt.to_str().unwrap();
        ws.run(&["--lang", "en", "import", txt, "--as", "v2"])
            .code_is(2)
            .fails_with(&[&format!("invalid UTF-8 at byte {at}")]);
        ws.run(&[
            "--lang",
            "en",
            "ingest",
            txt,
            "--received",
            "2023-05-25 10:00",
        ])
        .code_is(2)
        .fails_with(&[&format!("invalid UTF-8 at byte {at}")]);
        std::fs::remove_file(ws.join(&format!("in/{name}"))).unwrap();
        std::fs::remove_file(ws.join(&format!("in/{name}.txt"))).unwrap();
    }
    assert_eq!(before, ws.snapshot(), "a refusal wrote something");
    // GBK is still GBK.
    let (gbk, _, _) = encoding_rs::GBK.encode(base);
    ws.write("gbk.md", gbk.as_ref());
    ws.run(&["diff", "base.md", "gbk.md"])
        .ok()
        .stdout_has(&["same text"]);
}

/// A draft of `ascii_lines` lines of plain ASCII, then traditional clauses.
fn traditional_draft(ascii_lines: usize, subsidy: &str) -> String {
    let ascii = "Note: reference line in plain ASCII for the record only.\n".repeat(ascii_lines);
    format!(
        "{ascii}第1條　對新認定的企業，每人每月給予最高{subsidy}元交通補貼。\n第2條　本辦法由市科技局負責解釋。\n"
    )
}

/// tester4 L3: a Big5 draft whose first 256 KB are plain ASCII is read as
/// Big5 (not GBK mojibake), and traditional 第1條 / 第一條 are clause labels
/// in `diff` and in the draft `import` reads.
#[test]
fn t4_l3_big5_after_ascii_pages_is_big5_and_tiao_is_a_clause() {
    let ws = Ws::example();
    let utf8 = traditional_draft(6000, "300");
    assert!(utf8.len() > 256 * 1024);
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&utf8);
    assert!(!unmappable);
    ws.write("b5u.md", &utf8);
    ws.write("big5.md", big5.as_ref());
    let changed = traditional_draft(6000, "500");
    let (changed, _, _) = encoding_rs::BIG5.encode(&changed);
    ws.write("big5b.md", changed.as_ref());
    let same = ws.run(&["--lang", "en", "diff", "b5u.md", "big5.md"]).ok();
    assert!(same.stdout().contains("same text"), "{}", same.stdout());
    assert!(
        !same.stderr().contains("no recognisable clauses"),
        "{}",
        same.stderr()
    );
    let json = ws
        .run(&["diff", "b5u.md", "big5b.md", "--format", "json"])
        .ok()
        .json();
    let modified: Vec<&serde_json::Value> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "modified")
        .collect();
    assert_eq!(modified.len(), 1, "{json}");
    assert_eq!(modified[0]["part"], "clause", "{json}");
    assert_eq!(modified[0]["from_number"], 1, "{json}");
    let rebuilt = |op: &str| -> String {
        modified[0]["segments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["op"] == "equal" || s["op"] == op)
            .map(|s| s["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(
        rebuilt("insert"),
        "第1條　對新認定的企業，每人每月給予最高500元交通補貼。"
    );
    // 第一條 in a short UTF-8 draft, and the Big5 draft taken in by import.
    ws.write(
        "t1.md",
        "# 辦法\n\n第一條　為了規範管理。\n\n第二條　本辦法自發布之日起施行。\n",
    );
    ws.write(
        "t2.md",
        "# 辦法\n\n第一條　為了規範管理，制定本辦法。\n\n第二條　本辦法自發布之日起施行。\n",
    );
    ws.run(&["--lang", "en", "diff", "t1.md", "t2.md"])
        .ok()
        .stdout_has(&["clause 1", "[modified]", "{+，制定本辦法+}"]);
    let file = ws.write("in/big5.txt", big5.as_ref());
    ws.run(&["import", file.to_str().unwrap(), "--as", "v2"])
        .ok();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    let labels: Vec<&str> = v2["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["第1條", "第2條"], "{v2}");
}

/// The clause segments of a `diff --format json` run: the old text
/// (equal + delete) and the new (equal + insert) they rebuild.
pub fn rebuilt_clauses(json: &serde_json::Value) -> Vec<(String, String)> {
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["part"] == "clause")
        .map(|c| {
            let join = |op: &str| -> String {
                c["segments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["op"] == "equal" || s["op"] == op)
                    .map(|s| s["text"].as_str().unwrap())
                    .collect()
            };
            (join("delete"), join("insert"))
        })
        .collect()
}

/// tester4 L4: a lone CR inside a line is a line break, as LF is (and as
/// CRLF and CR line ends are): inside a paragraph it is a soft break,
/// joined like one made by LF, so the JSON segments rebuild both clause
/// texts exactly — in UTF-8 and GBK, and in a draft `import` takes in. A
/// vertical tab (Word's manual line break) reads the same way.
#[test]
fn t4_l4_a_lone_cr_inside_a_line_is_a_line_break() {
    let ws = Ws::example();
    let lf = "# 规定\n\n第1条　甲乙\n丙丁。\n";
    ws.write("lf1.md", lf);
    ws.write("cr1.md", "# 规定\n\n第1条　甲乙\r丙丁。\n");
    ws.write("cr2.md", "# 规定\n\n第1条　甲乙\r丙丁戊。\n");
    ws.write("vt1.md", "# 规定\n\n第1条　甲乙\u{b}丙丁。\n");
    let (gbk, _, _) = encoding_rs::GBK.encode("# 规定\n\n第1条　甲乙\r丙丁戊。\n");
    ws.write("gbk2.md", gbk.as_ref());
    // Old Mac line ends: CR alone between every line.
    ws.write("mac.md", "# 规定\r\r第1条　甲乙。\r第2条　丙丁。\r");
    ws.write("unix.md", "# 规定\n\n第1条　甲乙。\n第2条　丙丁。\n");
    for (a, b) in [
        ("lf1.md", "cr1.md"),
        ("lf1.md", "vt1.md"),
        ("unix.md", "mac.md"),
    ] {
        ws.run(&["--lang", "en", "diff", a, b])
            .ok()
            .stdout_has(&["same text"]);
    }
    for to in ["cr2.md", "gbk2.md"] {
        let json = ws
            .run(&["diff", "cr1.md", to, "--format", "json"])
            .ok()
            .json();
        assert!(!json.to_string().contains("\\r"), "{json}");
        assert_eq!(
            rebuilt_clauses(&json),
            [(
                "第1条　甲乙丙丁。".to_string(),
                "第1条　甲乙丙丁戊。".to_string()
            )],
            "{json}"
        );
    }
    let mac = ws
        .run(&["diff", "unix.md", "mac.md", "--format", "json"])
        .ok()
        .json();
    assert_eq!(rebuilt_clauses(&mac).len(), 2, "{mac}");
    // A draft taken in by import reads the same.
    ws.run(&["import", "cr1.md", "--as", "v2"]).ok();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    assert_eq!(v2["clauses"][0]["text"], "第1条　甲乙丙丁。", "{v2}");
    ws.run(&["--lang", "en", "diff", "v2", "lf1.md"])
        .ok()
        .stdout_has(&["same text"]);
}

/// UTF-16 without a BOM (LE and BE): a draft whose 　 and 最 put NULs in
/// the other half of their units from its ASCII's is read by `diff`,
/// `import` and `ingest`; one cut to an odd number of bytes is refused
/// naming UTF-16LE and how to convert it, nothing written.
#[test]
fn utf16_without_bom_is_read_or_refused_naming_the_encoding() {
    let ws = Ws::example();
    let draft = "# 苏州市某某管理办法\n\n第1条　为了规范管理，制定本办法。\n第2条　对新认定的企业，每人每月给予最高300元交通补贴。\n第3条　本办法自发布之日起施行。\n";
    let utf16 = |big_endian: bool| -> Vec<u8> {
        draft
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    ws.write("base.md", draft);
    ws.write("le.md", utf16(false));
    ws.write("be.md", utf16(true));
    for file in ["le.md", "be.md"] {
        ws.run(&["--lang", "en", "diff", "base.md", file])
            .ok()
            .stdout_has(&["same text"]);
    }
    let le = utf16(false);
    ws.write("in/draft.txt", &le);
    ws.run(&["import", "in/draft.txt", "--as", "v2"]).ok();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    let texts: Vec<&str> = v2["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, draft.lines().skip(2).collect::<Vec<_>>(), "{v2}");
    // Cut to an odd length: refused naming the encoding, nothing written.
    ws.write("odd.md", &le[..le.len() - 1]);
    ws.write("in/odd.txt", &le[..le.len() - 1]);
    let before = ws.snapshot();
    ws.run(&["--lang", "en", "diff", "base.md", "odd.md"])
        .code_is(2)
        .fails_with(&[
            "odd.md",
            "looks like UTF-16LE text without a byte-order mark",
            "iconv -f UTF-16LE -t UTF-8",
        ]);
    ws.run(&["--lang", "en", "import", "in/odd.txt", "--as", "v3"])
        .code_is(2)
        .fails_with(&["in/odd.txt", "UTF-16LE"]);
    ws.run(&[
        "--lang",
        "en",
        "ingest",
        "in/odd.txt",
        "--received",
        "2023-05-25 10:00",
    ])
    .code_is(2)
    .fails_with(&["UTF-16LE"]);
    assert_eq!(before, ws.snapshot(), "a refusal wrote something");
    // A reply in UTF-16BE without a BOM is read.
    let reply = "第一条：建议将“最高300万元”修改为“最高500万元”。\n\n苏州市发展和改革委员会\n2023年5月25日\n";
    let bytes: Vec<u8> = reply.encode_utf16().flat_map(u16::to_be_bytes).collect();
    ws.write("in/reply.txt", bytes);
    let json = ws
        .run(&[
            "ingest",
            "in/reply.txt",
            "--received",
            "2023-05-25 10:00",
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json[0]["opinions"][0]["clause"], 1, "{json}");
    assert!(
        json[0]["opinions"][0]["text"]
            .as_str()
            .unwrap()
            .contains("最高500万元"),
        "{json}"
    );
}
