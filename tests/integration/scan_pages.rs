//! Issue 14, more page formats through the binary: a multi-page TIFF scan
//! read page by page (every frame, not the first only), and a PDF whose
//! Chinese text is in a Type0 font with Identity-H encoding, readable only
//! through its ToUnicode map (what Word/WPS exports with TrueType fonts).

use std::process::Command;

use crate::harness::Ws;
use crate::scan_corpus::{self, LETTERS};

const RECEIVED: &str = "2023-05-24 10:00";

fn has(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn opinions_of(json: &serde_json::Value) -> Vec<String> {
    json[0]["opinions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o["text"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A two-page letter scanned to one TIFF (two frames; the signature and
/// the third opinion are on page 2): both pages are read. Made twice: 8-bit
/// gray, and 1-bit CCITT G4 (a fax-style office scanner's output).
#[test]
fn multi_page_tiff_reads_every_page() {
    let Some(corpus) = scan_corpus::corpus("multi_page_tiff_reads_every_page") else {
        return;
    };
    let letter = &LETTERS[2];
    assert_eq!(letter.break_after, Some(2), "the two-page letter");
    let pages: Vec<String> = (1..=2)
        .map(|n| {
            corpus
                .dir
                .join(format!("{}-page-{n}.png", letter.key))
                .display()
                .to_string()
        })
        .collect();
    let dir = tempfile::tempdir().expect("tmp");
    for (name, options) in [
        ("gray.tif", &["-colorspace", "Gray", "-depth", "8"][..]),
        ("g4.tif", &["-monochrome", "-compress", "Group4"][..]),
    ] {
        let tif = dir.path().join(name);
        let out = Command::new("convert")
            .args(&pages)
            .args(options)
            .arg(&tif)
            .output()
            .expect("convert");
        assert!(out.status.success(), "{out:?}");
        let frames = Command::new("identify")
            .arg(&tif)
            .output()
            .expect("identify");
        assert_eq!(
            String::from_utf8_lossy(&frames.stdout).lines().count(),
            2,
            "a two-frame TIFF"
        );
        let ws = Ws::example();
        let file = tif.display().to_string();
        let json = ws
            .run(&["ingest", "--json", &file, "--received", RECEIVED])
            .ok()
            .json();
        assert_eq!(json[0]["department"], letter.department, "{name}");
        let got = opinions_of(&json);
        assert_eq!(got.len(), letter.opinions.len(), "{name}: {got:?}");
        let cer = scan_corpus::cer(&letter.opinions.join("\n"), &got.join("\n"));
        assert!(cer <= 0.05, "{name}: CER {cer} {got:?}");
        assert!(got[2].contains("充分"), "page 2's opinion: {got:?}");
        let ocr = std::fs::read_dir(ws.join("comments/originals"))
            .expect("originals")
            .flatten()
            .find(|e| e.file_name().to_string_lossy().ends_with(".ocr.txt"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .expect("OCR text kept");
        assert!(ocr.contains("特此函复"), "page 2 read: {ocr}");
    }
}

/// A PDF written here with its Chinese text in a Type0 font, Identity-H
/// encoding, CIDFontType2 descendant, not embedded: the page content holds
/// only glyph ids, so the text can come only from the ToUnicode map.
fn type0_pdf(lines: &[(f32, f32, &str)]) -> Vec<u8> {
    let mut chars: Vec<char> = lines.iter().flat_map(|(_, _, t)| t.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let cid = |c: char| chars.iter().position(|&d| d == c).map_or(0, |i| i + 1);
    let mut content = String::new();
    for (x, y, text) in lines {
        let hex: String = text.chars().map(|c| format!("{:04X}", cid(c))).collect();
        content.push_str(&format!("BT /F1 16 Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"));
    }
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for block in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for &c in block {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", cid(c), c as u32));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let stream = |s: &str| format!("<< /Length {} >>\nstream\n{s}endstream", s.len());
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        stream(&content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>".to_string(),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>".to_string(),
        stream(&cmap),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Issue 14 item 1: a letter whose CJK text is a Type0/Identity-H font
/// (pdffonts: `CID TrueType  Identity-H`) is read through its ToUnicode
/// map: department, both opinions and their edits.
#[test]
fn type0_identity_h_pdf_is_read_through_to_unicode() {
    for tool in ["pdftotext", "pdfinfo", "pdfimages", "pdffonts"] {
        if !has(tool) {
            println!("SKIP: type0_identity_h_pdf: {tool} is not installed");
            eprintln!("SKIP: type0_identity_h_pdf: {tool} is not installed");
            return;
        }
    }
    let letter = &LETTERS[1];
    let mut lines: Vec<(f32, f32, String)> = vec![
        (
            132.0,
            760.0,
            "关于对《若干政策（征求意见稿）》的反馈意见".into(),
        ),
        (80.0, 720.0, "市科技局：".into()),
        (112.0, 690.0, letter.intro.into()),
    ];
    for (i, o) in letter.opinions.iter().enumerate() {
        // Opinions wrapped as a page wraps them: 48 columns after the
        // indent, 52 on the lines under it (a Chinese character is two).
        let text = format!("{}. {o}", i + 1);
        let mut parts: Vec<String> = vec![String::new()];
        let mut width = 0;
        for c in text.chars() {
            let w = if c.is_ascii() { 1 } else { 2 };
            let limit = if parts.len() == 1 { 48 } else { 52 };
            if width + w > limit {
                parts.push(String::new());
                width = 0;
            }
            width += w;
            parts.last_mut().expect("a part").push(c);
        }
        for (j, part) in parts.into_iter().enumerate() {
            let x = if j == 0 { 112.0 } else { 80.0 };
            let y = 660.0 - 24.0 * (lines.len() - 3) as f32;
            lines.push((x, y, part));
        }
    }
    let y = 660.0 - 24.0 * (lines.len() - 3) as f32;
    lines.push((112.0, y, "特此函复。".into()));
    lines.push((360.0, y - 60.0, letter.signature.into()));
    lines.push((380.0, y - 90.0, "2023年5月24日".into()));
    let borrowed: Vec<(f32, f32, &str)> =
        lines.iter().map(|(x, y, t)| (*x, *y, t.as_str())).collect();
    let dir = tempfile::tempdir().expect("tmp");
    let pdf = dir.path().join("type0.pdf");
    std::fs::write(&pdf, type0_pdf(&borrowed)).expect("pdf");
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    println!("{fonts}");
    assert!(
        fonts.contains("CID TrueType") && fonts.contains("Identity-H"),
        "{fonts}"
    );
    assert!(
        !std::fs::read(&pdf)
            .expect("pdf")
            .windows("市".len())
            .any(|w| w == "市".as_bytes()),
        "no UTF-8 text in the file: only glyph ids"
    );
    let ws = Ws::example();
    let file = pdf.display().to_string();
    let json = ws
        .run(&["ingest", "--json", &file, "--received", RECEIVED])
        .ok()
        .json();
    assert_eq!(json[0]["department"], letter.department);
    assert_eq!(json[0]["no_objection"], false);
    let got = opinions_of(&json);
    assert_eq!(got, letter.opinions, "read through ToUnicode");
    let edits = &json[0]["opinions"][0]["edits"][0];
    assert_eq!(edits["op"], "replace", "{edits}");
    assert_eq!(json[0]["opinions"][1]["edits"][0]["unit"], "市人社局");
}

/// A ruled 反馈意见表 with 原文 and 修改为 columns and cells centred
/// vertically (LibreOffice's HTML import centres them), exported to PDF:
/// the rows are rebuilt from word positions — the reason cell's first line
/// above the row's 序号 line stays in its row — and a row saying 无 gives no
/// opinion.
#[test]
fn ruled_form_with_centred_cells_in_a_text_pdf_gives_one_opinion_a_row() {
    for tool in ["soffice", "pdftotext", "pdfinfo", "pdfimages"] {
        if !has(tool) {
            println!("SKIP: ruled_form_with_centred_cells: {tool} is not installed");
            eprintln!("SKIP: ruled_form_with_centred_cells: {tool} is not installed");
            return;
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    let row = |cells: [&str; 5]| {
        let tds: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
        format!("<tr>{tds}</tr>")
    };
    let html = format!(
        r#"<html><head><meta charset="utf-8"><style>body{{font-family:"Noto Serif CJK SC";font-size:14pt}} td{{border:1px solid #000;padding:4px}}</style></head><body>
<p>市科技局：</p><p>　　现将我局《反馈意见表》报送如下：</p>
<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%">
<tr><th width="8%">序号</th><th width="12%">条款</th><th width="28%">原文</th><th width="30%">修改为</th><th width="22%">理由</th></tr>
{}{}{}</table>
<p>　　特此函复。</p><p style="text-align:right">苏州市工业和信息化局</p><p style="text-align:right">2023年5月24日</p></body></html>"#,
        row([
            "1",
            "第四条",
            "给予最高1000万元建设经费支持",
            "给予最高2000万元建设经费支持",
            "与省级政策衔接，避免标准偏低"
        ]),
        row([
            "2",
            "第五条",
            "市科技局、市财政局",
            "市科技局、市财政局、市人社局",
            "人才认定由人社部门负责"
        ]),
        row(["3", "第七条", "无", "无", "无"]),
    );
    std::fs::write(dir.path().join("form.html"), html).expect("html");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = Command::new("timeout")
        .args([
            "-k",
            "5",
            "180",
            "soffice",
            "--headless",
            "--norestore",
            &profile,
        ])
        .args(["--convert-to", "pdf:writer_web_pdf_Export", "--outdir", "."])
        .arg("form.html")
        .current_dir(dir.path())
        .output()
        .expect("soffice");
    let pdf = dir.path().join("form.pdf");
    assert!(pdf.exists(), "LibreOffice made no PDF: {out:?}");
    let ws = Ws::example();
    let file = pdf.display().to_string();
    let json = ws
        .run(&["ingest", "--json", &file, "--received", RECEIVED])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市工信局");
    let opinions = json[0]["opinions"].as_array().cloned().unwrap_or_default();
    let got: Vec<(i64, &str, &str)> = opinions
        .iter()
        .map(|o| {
            (
                o["clause"].as_i64().unwrap_or(0),
                o["text"].as_str().unwrap_or(""),
                o["opinion_reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                4,
                "建议将“给予最高1000万元建设经费支持”修改为“给予最高2000万元建设经费支持”",
                "与省级政策衔接，避免标准偏低"
            ),
            (
                5,
                "建议将“市科技局、市财政局”修改为“市科技局、市财政局、市人社局”",
                "人才认定由人社部门负责"
            ),
        ],
        "one opinion a row, 理由 as its reason, the 无 row none"
    );
    assert!(opinions.iter().all(|o| o["source"] == "table"));
    scanned_ruled_form(dir.path(), &pdf);
}

/// The same ruled form scanned (200 dpi, turned 0.8°, noise, JPEG 75): the
/// rules are found and erased, each cell read on its own; the two opinions
/// come out with their clauses and reasons.
fn scanned_ruled_form(dir: &std::path::Path, pdf: &std::path::Path) {
    if !has("pdftoppm") || !has("tesseract") || !has("convert") {
        println!("SKIP: scanned ruled form: pdftoppm, tesseract or convert is not installed");
        return;
    }
    let pdf = pdf.display().to_string();
    let run = |program: &str, args: &[&str]| {
        let out = Command::new(program)
            .args(args)
            .current_dir(dir)
            .output()
            .expect(program);
        assert!(out.status.success(), "{program}: {out:?}");
    };
    run("pdftoppm", &["-r", "200", "-png", &pdf, "page"]);
    // The page with the table: the one with the most ink (largest PNG).
    let page = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("page"))
        .max_by_key(|e| e.metadata().map_or(0, |m| m.len()))
        .expect("a page")
        .path()
        .display()
        .to_string();
    run(
        "convert",
        &[
            "-seed",
            "14",
            &page,
            "-background",
            "white",
            "-rotate",
            "0.8",
            "-attenuate",
            "0.3",
            "+noise",
            "Gaussian",
            "-quality",
            "75",
            "scan.jpg",
        ],
    );
    let ws = Ws::example();
    let file = dir.join("scan.jpg").display().to_string();
    let json = ws
        .run(&["ingest", "--json", &file, "--received", RECEIVED])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市工信局");
    let opinions = json[0]["opinions"].as_array().cloned().unwrap_or_default();
    let texts: Vec<&str> = opinions
        .iter()
        .map(|o| o["text"].as_str().unwrap_or(""))
        .collect();
    println!("scanned ruled form: {texts:?}");
    assert!(opinions.len() >= 2, "{texts:?}");
    let want = [
        (
            4,
            "建议将“给予最高1000万元建设经费支持”修改为“给予最高2000万元建设经费支持”",
            "与省级政策衔接，避免标准偏低",
        ),
        (
            5,
            "建议将“市科技局、市财政局”修改为“市科技局、市财政局、市人社局”",
            "人才认定由人社部门负责",
        ),
    ];
    let wanted: Vec<&str> = want.iter().map(|w| w.1).collect();
    let cer = scan_corpus::cer(&wanted.join("\n"), &texts[..2].join("\n"));
    println!("scanned ruled form: opinion CER {:.1}%", cer * 100.0);
    assert!(cer <= 0.03, "CER {cer}: {texts:?}");
    for (o, (clause, _, why)) in opinions.iter().zip(want) {
        assert_eq!(o["clause"], clause, "{o}");
        let got = o["opinion_reason"].as_str().unwrap_or("");
        assert!(scan_corpus::cer(why, got) <= 0.1, "reason {got}");
    }
}
