//! tester5's reading defects: one damaged byte in a GBK, Big5 or UTF-16
//! draft (H1), and a BOM, U+0085 or U+2028 before a clause label (M5).

use crate::harness::Ws;
use crate::tester4_decode::rebuilt_clauses;

/// A draft of `n` clauses, `第N条　…` (or 條 for traditional text).
fn draft(n: usize, traditional: bool) -> String {
    let (tiao, body) = if traditional {
        ("條", "為了規範管理，制定本辦法，給予支持。")
    } else {
        ("条", "为了规范管理，制定本办法，给予支持。")
    };
    let clauses: String = (1..=n)
        .map(|i| format!("第{i}{tiao}　{body}\n\n"))
        .collect();
    format!("# 办法\n\n{clauses}")
}

/// `text` in `encoding` with `damage` put in right after the first
/// `after`: the bytes, and the offset of the damage.
fn damaged(
    text: &str,
    encoding: &'static encoding_rs::Encoding,
    after: &str,
    damage: &[u8],
) -> (Vec<u8>, usize) {
    let cut = text.find(after).unwrap() + after.len();
    let encode = |s: &str| -> Vec<u8> {
        if encoding == encoding_rs::UTF_16LE {
            s.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else {
            encoding.encode(s).0.into_owned()
        }
    };
    let mut bytes = encode(&text[..cut]);
    let at = bytes.len();
    bytes.extend_from_slice(damage);
    bytes.extend(encode(&text[cut..]));
    (bytes, at)
}

/// A damaged file: its name, bytes, the offset of the damage (when the
/// test knows it), the encoding it is read as and the damaged byte.
type Case = (&'static str, Vec<u8>, Option<usize>, &'static str, u8);

/// tester5 H1: a GBK, Big5 or UTF-16 draft with one damaged byte (or a
/// UTF-8 line appended to GBK) is refused by `diff`, `import` and `ingest`
/// — exit 2, naming the file, the encoding it was read as and the byte —
/// never read with U+FFFD; nothing is written. A sound file still reads.
#[test]
fn t5_h1_one_damaged_byte_in_gbk_big5_or_utf16_is_refused_naming_it() {
    let ws = Ws::example();
    let simplified = draft(30, false);
    let traditional = draft(30, true);
    ws.write("base.md", &simplified);
    let long = draft(6000, false);
    assert!(long.len() > 256 * 1024);
    let (gbk_tail, _) = damaged(&draft(3, false), encoding_rs::GBK, "", b"");
    let mut gbk_tail = gbk_tail;
    let tail_at = gbk_tail.len();
    gbk_tail.extend_from_slice("第四条　附则。\n".as_bytes());
    let cases: Vec<Case> = vec![
        {
            let (b, at) = damaged(&simplified, encoding_rs::GBK, "第5", b"\xFF");
            ("gbk30_ff", b, Some(at), "GBK", 0xFF)
        },
        {
            let (b, at) = damaged(&traditional, encoding_rs::BIG5, "為了規", b"\xFF");
            ("b5_30_ff", b, Some(at), "Big5", 0xFF)
        },
        {
            // A lone low surrogate (DC00) inside the text.
            let (b, at) = damaged(&traditional, encoding_rs::UTF_16LE, "給", b"\x00\xDC");
            ("u16_30_bad_nobom", b.clone(), Some(at), "UTF-16LE", 0x00)
        },
        {
            let (b, at) = damaged(&traditional, encoding_rs::UTF_16LE, "給", b"\x00\xDC");
            let with_bom = [&b"\xFF\xFE"[..], &b].concat();
            ("u16_30_bad", with_bom, Some(at + 2), "UTF-16LE", 0x00)
        },
        {
            let (b, at) = damaged(&long, encoding_rs::GBK, "第5999条　为了", b"\xFF");
            ("biggbk_bad", b, Some(at), "GBK", 0xFF)
        },
        ("gbk_u8tail", gbk_tail, None, "GBK", 0),
    ];
    let commits = ws.commits();
    let before = ws.snapshot();
    for (name, bytes, at, encoding, byte) in &cases {
        let file = ws.write(&format!("in/{name}.md"), bytes);
        let file = file.to_str().unwrap();
        let read_as = format!("read as {encoding}, the byte at ");
        let mut needles = vec![format!("{name}."), read_as.clone()];
        if let Some(at) = at {
            needles.push(format!("the byte at {at} (byte 0x{byte:02X})"));
        } else {
            // The appended UTF-8 line is where GBK fails.
            let run = ws.run(&["--lang", "en", "diff", "base.md", file]);
            let err = run.stderr();
            let at: usize = err
                .split("the byte at ")
                .nth(1)
                .and_then(|s| s.split(' ').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{err}"));
            assert!(at >= tail_at, "{err}");
        }
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        ws.run(&["--lang", "en", "diff", "base.md", file])
            .code_is(2)
            .fails_with(&needles)
            .fails_with(&["save it as UTF-8", "iconv"]);
        ws.run(&["--lang", "zh", "diff", file, "base.md"])
            .code_is(2)
            .fails_with(&[&format!("按 {encoding} 读取，第 ")]);
        let txt = ws.write(&format!("in/{name}.txt"), bytes);
        let txt = txt.to_str().unwrap();
        ws.run(&["--lang", "en", "import", txt, "--as", "v2"])
            .code_is(2)
            .fails_with(&needles);
        ws.run(&[
            "--lang",
            "en",
            "ingest",
            txt,
            "--received",
            "2023-05-25 10:00",
        ])
        .code_is(2)
        .fails_with(&needles);
        std::fs::remove_file(ws.join(&format!("in/{name}.md"))).unwrap();
        std::fs::remove_file(ws.join(&format!("in/{name}.txt"))).unwrap();
    }
    assert_eq!(before, ws.snapshot(), "a refusal wrote something");
    assert_eq!(commits, ws.commits(), "a refusal committed something");
    // The sound files read as they are.
    ws.write("s.md", &simplified);
    ws.write("t.md", &traditional);
    for (file, text, encoding) in [
        ("gbk.md", &simplified, encoding_rs::GBK),
        ("big5.md", &traditional, encoding_rs::BIG5),
        ("u16.md", &traditional, encoding_rs::UTF_16LE),
    ] {
        let (bytes, _) = damaged(text, encoding, "", b"");
        ws.write(file, &bytes);
        let same = if encoding == encoding_rs::GBK {
            "s.md"
        } else {
            "t.md"
        };
        ws.run(&["diff", same, file])
            .ok()
            .stdout_has(&["same text"]);
    }
}

/// tester5 M5: a UTF-8 BOM starting a line (two BOM files joined), and
/// NEL (U+0085), U+2028 or U+2029 before a clause label, are a line start
/// — the label after them is seen — in `diff` (UTF-8, and UTF-16 through
/// the decoder) and `import` (.md and .txt); the JSON segments rebuild the
/// texts, and no U+FEFF/U+0085/U+2028 is left in them.
#[test]
fn t5_m5_a_bom_nel_or_line_separator_before_a_label_starts_a_line() {
    let ws = Ws::example();
    let one = "第一条　为了规范管理，制定本办法。";
    let two = "第二条　本办法自发布之日起施行。";
    ws.write("u.md", format!("# 办法\n\n{one}\n{two}\n"));
    let joined = [
        (
            "bommid.md",
            format!("\u{FEFF}# 办法\n\n{one}\n\u{FEFF}{two}\n"),
        ),
        ("nel.md", format!("# 办法\n\n{one}\u{85}{two}\n")),
        ("ls.md", format!("# 办法\n\n{one}\u{2028}{two}\n")),
        ("ps.md", format!("# 办法\n\n{one}\u{2029}{two}\n")),
    ];
    for (name, text) in &joined {
        ws.write(name, text);
        ws.run(&["--lang", "en", "diff", "u.md", name])
            .ok()
            .stdout_has(&["same text", "unchanged 3"]);
        // Through the decoder: the same text in UTF-16LE with a BOM.
        let u16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                text.trim_start_matches('\u{FEFF}')
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let u16_name = format!("u16_{name}");
        ws.write(&u16_name, &u16);
        ws.run(&["--lang", "en", "diff", "u.md", &u16_name])
            .ok()
            .stdout_has(&["same text"]);
    }
    // A changed second clause after U+2028: segments rebuild both texts.
    ws.write(
        "ls2.md",
        format!("# 办法\n\n{one}\u{2028}第二条　本办法自2024年1月1日起施行。\n"),
    );
    let json = ws
        .run(&["diff", "ls.md", "ls2.md", "--format", "json"])
        .ok()
        .json();
    let clauses = rebuilt_clauses(&json);
    assert_eq!(clauses.len(), 2, "{json}");
    assert_eq!(clauses[0], (one.to_string(), one.to_string()), "{json}");
    assert_eq!(
        clauses[1],
        (
            two.to_string(),
            "第二条　本办法自2024年1月1日起施行。".to_string()
        ),
        "{json}"
    );
    let all = json.to_string();
    assert!(!all.contains(['\u{FEFF}', '\u{85}', '\u{2028}']), "{all}");
    // import keeps both labels (a .md and a .txt alike).
    for (file, version) in [("bommid.md", "v2"), ("ls.md", "v3")] {
        ws.run(&["import", file, "--as", version]).ok();
        let shown = ws.run(&["show", version, "--json"]).ok().json();
        let labels: Vec<&str> = shown["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, ["第一条", "第二条"], "{shown}");
    }
    let txt = ws.write("in/nel.txt", &joined[1].1);
    ws.run(&["import", txt.to_str().unwrap(), "--as", "v4"])
        .ok();
    let shown = ws.run(&["show", "v4", "--json"]).ok().json();
    assert_eq!(shown["clauses"].as_array().unwrap().len(), 2, "{shown}");
}
