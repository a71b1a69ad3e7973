//! The word/ cases of 2026-11-30 (tests/fixtures/cases/word/, copied from
//! ../shared/cases/2026-11-30/word/): each read by `ingest --dry-run --json`
//! and `import --as`, through the binary, with the right result of the
//! cases' README.

use serde_json::{Value, json};

use crate::harness::{Ws, project_dir};

fn case(name: &str) -> String {
    project_dir()
        .join("tests/fixtures/cases/word")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// `ingest FILE --dry-run --json --department 市发改委 --received …`: the one reply.
fn ingest(ws: &Ws, name: &str) -> Value {
    let file = case(name);
    let before = ws.snapshot();
    let json = ws
        .run(&[
            "ingest",
            &file,
            "--dry-run",
            "--json",
            "--department",
            "市发改委",
            "--received",
            "2023-05-25 10:00",
        ])
        .ok()
        .json();
    assert_eq!(ws.snapshot(), before, "--dry-run wrote something");
    json[0].clone()
}

/// `import FILE --as v9`: the Markdown written and stderr.
fn import(ws: &Ws, name: &str) -> (String, String) {
    let run = ws.run(&["import", &case(name), "--as", "v9"]).ok();
    (ws.read("drafts/v9.md"), run.stderr())
}

#[test]
fn alt_main_path() {
    let ws = Ws::example();
    let reply = ingest(&ws, "alt_main_path.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(ops[0]["clause"], 4);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    assert_eq!(ops[0]["source"], "revision");
    let (md, _) = import(&ws, "alt_main_path.docx");
    assert!(md.contains("给予最高500万元的研发费资助"), "{md}");
}

#[test]
fn comment_gaiwei_reason() {
    let ws = Ws::example();
    let reply = ingest(&ws, "comment_gaiwei_reason.docx");
    let o = &reply["opinions"][0];
    assert_eq!(reply["opinions"].as_array().unwrap().len(), 1, "{reply}");
    assert_eq!(o["clause"], 4);
    assert_eq!(
        o["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    assert_eq!(o["opinion_reason"], "财力可承受");
    assert_eq!(o["source"], "comment");
    assert_eq!(o["author"], "李四");
    assert_eq!(o["anchor"], "300");

    // Recorded, the author and anchor stay in the record and in opinions --json.
    ws.run(&[
        "ingest",
        &case("comment_gaiwei_reason.docx"),
        "--department",
        "市发改委",
        "--received",
        "2023-05-25 10:00",
    ])
    .ok();
    let list = ws
        .run(&["opinions", "--json", "--department", "市发改委"])
        .ok()
        .json();
    assert_eq!(list[0]["author"], "李四");
    assert_eq!(list[0]["anchor"], "300");
    assert_eq!(list[0]["opinion_reason"], "财力可承受");
}

#[test]
fn footnote_tracked_ins() {
    let ws = Ws::example();
    let reply = ingest(&ws, "footnote_tracked_ins.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    let text = ops[0]["text"].as_str().unwrap();
    assert!(text.contains("脚注") && text.contains("市级财政"), "{text}");
    assert_eq!(ops[0]["clause"], 4, "the clause holding the footnote mark");
    assert_eq!(ops[0]["source"], "revision");
    let (_, stderr) = import(&ws, "footnote_tracked_ins.docx");
    assert!(
        stderr.contains("footnote 1") && stderr.contains("资金来源为市级财政"),
        "the warning names what was left out: {stderr}"
    );
}

#[test]
fn math_tracked() {
    let ws = Ws::example();
    let reply = ingest(&ws, "math_tracked.docx");
    let ops = reply["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{reply}");
    assert_eq!(ops[0]["clause"], 9);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "20", "to": "30"}])
    );
    let (md, _) = import(&ws, "math_tracked.docx");
    assert!(md.contains("补贴=费用×30%"), "{md}");
}

#[test]
fn soft_line_break() {
    let ws = Ws::example();
    let (md, _) = import(&ws, "soft_line_break.docx");
    assert!(!md.contains("\n\n对"), "split into two paragraphs: {md:?}");
    let show = ws.run(&["show", "v9", "--json"]).ok().json();
    let clauses = show["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1, "{show}");
    let text = clauses[0]["text"].as_str().unwrap();
    assert!(
        text.contains("支持关键核心技术攻关。\n对“一区两中心”"),
        "one paragraph with its line break: {text:?}"
    );
    let txt = ws.run(&["export", "v9", "--format", "txt"]).ok().stdout();
    assert!(txt.contains("攻关。\n对"), "{txt}");
}

/// A .docx of `items` paragraphs numbered by one list in `format`.
fn numbered_list(format: &str, items: usize) -> Vec<u8> {
    use std::io::Write;
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let paras: String = (1..=items)
        .map(|i| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>item{i}</w:t></w:r></w:p>"#
            )
        })
        .collect();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{paras}<w:sectPr/></w:body></w:document>"#),
        ),
        (
            "word/numbering.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The labels `item1`, `item2`, … carry in `text`, in order.
fn labels(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            let at = l.find("item")?;
            Some(l[..at].trim_start_matches('\u{feff}').to_string())
        })
        .collect()
}

#[test]
fn ideograph_traditional_past_ten_as_libreoffice_numbers_it() {
    let ws = Ws::example();
    for (format, expected) in [
        ("ideographTraditional", ["甲、", "癸、", "11、", "21、"]),
        ("ideographZodiac", ["子、", "酉、", "戌、", "21、"]),
    ] {
        let file = ws.write(&format!("in/{format}.docx"), numbered_list(format, 25));
        ws.run(&["import", file.to_str().unwrap(), "--as", format])
            .ok();
        let ours = labels(&ws.read(&format!("drafts/{format}.md")));
        assert_eq!(ours.len(), 25, "{ours:?}");
        let picked = [&ours[0], &ours[9], &ours[10], &ours[20]];
        let want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        let got: Vec<String> = picked.iter().map(|s| s.to_string()).collect();
        if format == "ideographZodiac" {
            assert_eq!(ours[11], "亥、");
            assert_eq!(ours[12], "13、");
        }
        assert_eq!(got, want, "{format}: {ours:?}");
        let Some(theirs) = libreoffice_text(&file) else {
            return;
        };
        assert_eq!(labels(&theirs), ours, "{format}: LibreOffice numbers it so");
    }
}

/// LibreOffice's plain-text rendering of `file`, or None (with a SKIP
/// line) when soffice is not installed. One retry: soffice can exit 0
/// without writing when another conversion runs.
fn libreoffice_text(file: &std::path::Path) -> Option<String> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("soffice"))
            .find(|p| p.is_file())
    });
    let Some(soffice) = found else {
        eprintln!("SKIP: LibreOffice (soffice) is not installed; its numbering is not compared");
        return None;
    };
    let out = tempfile::tempdir().expect("temp dir");
    let profile = tempfile::tempdir().expect("temp dir");
    let txt = out
        .path()
        .join(file.with_extension("txt").file_name().expect("name"));
    let mut message = String::new();
    for _ in 0..2 {
        let run = std::process::Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "txt:Text",
                "--outdir",
            ])
            .arg(out.path())
            .arg(file)
            .output()
            .expect("start soffice");
        if let Ok(text) = std::fs::read_to_string(&txt) {
            return Some(text);
        }
        message = String::from_utf8_lossy(&run.stderr).into_owned();
    }
    panic!("soffice wrote no {}: {message}", txt.display());
}
