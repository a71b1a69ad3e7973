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
