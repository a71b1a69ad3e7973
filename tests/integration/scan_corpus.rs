//! The corpus of PDFs, scans, photos and old Word files the scan tests
//! read, made once per test-binary run from letters written here:
//! each letter as .odt (written by the test), a text PDF and a .doc
//! exported by LibreOffice, a scanned PDF (pdftoppm, a red seal drawn over
//! the signature, slight rotation, noise, JPEG compression, wrapped into a
//! PDF) and a photo (.jpg, turned the other way, more noise).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// One letter of the corpus and what a right reading records.
pub struct Letter {
    pub key: &'static str,
    /// The listed department that sent it.
    pub department: &'static str,
    /// The name signed at the end (a listed name or alias).
    pub signature: &'static str,
    pub no_objection: bool,
    /// Opinions as the reader records them (item numbers dropped).
    pub opinions: &'static [&'static str],
    /// Running text before the opinions.
    pub intro: &'static str,
    /// Rows of a feedback form (条款, 修改意见, 理由) instead of numbered items.
    pub form: &'static [(&'static str, &'static str, &'static str)],
    /// Items after which a page break comes (two-page letters).
    pub break_after: Option<usize>,
    /// Resolution the scan is made at.
    pub dpi: u32,
}

pub const LETTERS: [Letter; 4] = [
    Letter {
        key: "waiban-no-objection",
        department: "市外办",
        signature: "苏州市人民政府外事办公室",
        no_objection: true,
        opinions: &[],
        intro: "经研究，我办对《若干政策（征求意见稿）》无修改意见。",
        form: &[],
        break_after: None,
        dpi: 200,
    },
    Letter {
        key: "gongxin-two-opinions",
        department: "市工信局",
        signature: "苏州市工业和信息化局",
        no_objection: false,
        opinions: &[
            "建议将第2条中的“给予最高1000万元建设经费支持”修改为“给予最高2000万元建设经费支持”。",
            "第3条责任单位加上市人社局。",
        ],
        intro: "经研究，现将我局意见反馈如下：",
        form: &[],
        break_after: None,
        dpi: 300,
    },
    Letter {
        key: "weijian-two-pages",
        department: "市卫生健康委",
        signature: "苏州市卫生健康委员会",
        no_objection: false,
        opinions: &[
            "建议将第1条中的“遴选并表彰一批人工智能特色产业集聚区”修改为“遴选一批人工智能特色产业集聚区”。",
            "第2条责任单位加上市卫生健康委。",
            "建议删去第1条中的“充分”。",
        ],
        intro: "经研究，现将我委意见反馈如下：",
        form: &[],
        break_after: Some(2),
        dpi: 200,
    },
    Letter {
        key: "jiaoyu-form",
        department: "市教育局",
        signature: "苏州市教育局",
        no_objection: false,
        opinions: &[
            "建议将“推动AI应用与产业发展深度融合”修改为“推动人工智能应用与产业发展深度融合”",
            "建议责任单位加上市教育局",
        ],
        intro: "现将《反馈意见表》报送如下：",
        form: &[
            (
                "第1条",
                "建议将“推动AI应用与产业发展深度融合”修改为“推动人工智能应用与产业发展深度融合”",
                "表述统一",
            ),
            ("第2条", "建议责任单位加上市教育局", "涉及高校"),
        ],
        break_after: None,
        dpi: 150,
    },
];

/// The forms each letter is made in.
pub const FORMS: [&str; 5] = ["pdf", "odt", "doc", "scan.pdf", "photo.jpg"];

/// The generated files, in a folder that lives as long as the test binary.
pub struct Corpus {
    pub dir: PathBuf,
}

impl Corpus {
    /// The file of `letter` in `form` (one of [`FORMS`]).
    pub fn file(&self, letter: &Letter, form: &str) -> PathBuf {
        self.dir.join(format!("{}.{form}", letter.key))
    }

    /// A PDF that needs a password to open (LibreOffice's export).
    pub fn encrypted_pdf(&self) -> PathBuf {
        self.dir
            .join("encrypted")
            .join(format!("{}.pdf", LETTERS[0].key))
    }

    /// A PDF of one empty page: no text, no images.
    pub fn blank_pdf(&self) -> PathBuf {
        self.dir.join("blank.pdf")
    }
}

/// The tools the corpus and the readers need, or the first one missing.
pub fn missing_tool() -> Option<&'static str> {
    ["soffice", "pdftoppm", "pdftotext", "tesseract", "convert"]
        .into_iter()
        .find(|t| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The corpus, made on first use; `None` (after a visible SKIP line) when
/// a tool is missing.
pub fn corpus(test: &str) -> Option<&'static Corpus> {
    static CORPUS: OnceLock<Option<Corpus>> = OnceLock::new();
    if let Some(tool) = missing_tool() {
        println!("SKIP: {test}: {tool} is not installed");
        eprintln!("SKIP: {test}: {tool} is not installed");
        return None;
    }
    CORPUS.get_or_init(|| Some(make())).as_ref()
}

fn make() -> Corpus {
    let dir = std::env::temp_dir().join(format!("consult-scan-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("corpus dir");
    for letter in &LETTERS {
        std::fs::write(dir.join(format!("{}.odt", letter.key)), odt(letter)).expect("odt");
    }
    let odts: Vec<String> = LETTERS.iter().map(|l| format!("{}.odt", l.key)).collect();
    std::fs::write(dir.join("blank.odt"), odt_from(String::new())).expect("odt");
    let mut with_blank = odts.clone();
    with_blank.push("blank.odt".to_string());
    soffice(&dir, "pdf", &with_blank);
    soffice(&dir, "doc", &odts);
    let encrypt = r#"pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}"#;
    std::fs::create_dir_all(dir.join("encrypted")).expect("dir");
    soffice(
        &dir.join("encrypted"),
        encrypt,
        &[format!("../{}", odts[0])],
    );
    for letter in &LETTERS {
        for ext in ["pdf", "doc"] {
            let from = dir.join(format!("{}.{ext}", letter.key));
            assert!(from.exists(), "LibreOffice made no {}", from.display());
        }
    }
    // The scans (ImageMagick, one core each) made as many at a time as
    // there are cores.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..cores().min(LETTERS.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(letter) = LETTERS.get(i) else { break };
                    scan(&dir, letter);
                }
            });
        }
    });
    remove_at_exit(&dir);
    Corpus { dir }
}

/// The machine's cores (the most readers or image tools run at once).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Remove the corpus folder when the test process exits (a `static` is
/// never dropped), and the folders earlier runs left behind (their
/// process gone).
fn remove_at_exit(dir: &Path) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let _ = DIR.set(dir.to_path_buf());
    extern "C" fn remove() {
        if let Some(dir) = DIR.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    unsafe extern "C" {
        fn atexit(f: extern "C" fn()) -> i32;
    }
    // SAFETY: atexit is the C library's; `remove` takes no arguments and
    // does not unwind (remove_dir_all's errors are ignored).
    unsafe {
        atexit(remove);
    }
    let Some(parent) = dir.parent() else { return };
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = name.strip_prefix("consult-scan-corpus-") else {
            continue;
        };
        let alive = Path::new("/proc").join(pid).exists();
        if !alive && pid.parse::<u32>().is_ok() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn soffice(dir: &Path, to: &str, files: &[String]) {
    let short: String = to.chars().take(3).collect();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile-{short}",
        dir.display()
    );
    let status = Command::new("timeout")
        .args([
            "-k",
            "5",
            "180",
            "soffice",
            "--headless",
            "--norestore",
            &profile,
        ])
        .args(["--convert-to", to, "--outdir", "."])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("soffice");
    assert!(status.status.success(), "{status:?}");
}

// ---------------------------------------------------------------------------
// Writing the letters as OpenDocument text.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(style: &str, text: &str) -> String {
    format!(
        r#"<text:p text:style-name="{style}">{}</text:p>"#,
        esc(text)
    )
}

/// The letter's body paragraphs in content.xml.
fn body(letter: &Letter) -> String {
    let mut xml = String::new();
    xml.push_str(&para("Title", "关于对《若干政策（征求意见稿）》的反馈意见"));
    xml.push_str(&para("P", "市科技局："));
    xml.push_str(&para("Indent", letter.intro));
    if letter.form.is_empty() {
        for (i, o) in letter.opinions.iter().enumerate() {
            let style = if letter.break_after == Some(i) {
                "Break"
            } else {
                "Indent"
            };
            xml.push_str(&para(style, &format!("{}. {o}", i + 1)));
        }
    } else {
        xml.push_str(&form_table(letter.form));
    }
    xml.push_str(&para("Indent", "特此函复。"));
    xml.push_str(&para("P", ""));
    xml.push_str(&para("Right", letter.signature));
    xml.push_str(&para("Right", "2023年5月24日"));
    xml
}

fn form_table(rows: &[(&str, &str, &str)]) -> String {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string">{}</table:table-cell>"#,
            para("P", t)
        )
    };
    let mut xml = String::from(
        r#"<table:table table:name="反馈意见表" table:style-name="Tbl"><table:table-column table:style-name="C1"/><table:table-column table:style-name="C2"/><table:table-column table:style-name="C3"/><table:table-column table:style-name="C2"/>"#,
    );
    xml.push_str("<table:table-row>");
    for h in ["序号", "条款", "修改意见", "理由"] {
        xml.push_str(&cell(h));
    }
    xml.push_str("</table:table-row>");
    for (i, (clause, opinion, reason)) in rows.iter().enumerate() {
        xml.push_str("<table:table-row>");
        for t in [&(i + 1).to_string(), *clause, *opinion, *reason] {
            xml.push_str(&cell(t));
        }
        xml.push_str("</table:table-row>");
    }
    xml.push_str("</table:table>");
    xml
}

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3""#;

fn content(letter: &Letter) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:automatic-styles>
<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="16cm" table:align="margins"/></style:style>
<style:style style:name="C1" style:family="table-column"><style:table-column-properties style:column-width="1.5cm"/></style:style>
<style:style style:name="C2" style:family="table-column"><style:table-column-properties style:column-width="2.5cm"/></style:style>
<style:style style:name="C3" style:family="table-column"><style:table-column-properties style:column-width="9.5cm"/></style:style>
</office:automatic-styles><office:body><office:text>{}</office:text></office:body></office:document-content>"#,
        body(letter)
    )
}

fn styles() -> String {
    let text = r#"<style:text-properties fo:font-size="16pt" style:font-size-asian="16pt" style:font-name-asian="Noto Serif CJK SC" fo:font-family="Noto Serif CJK SC" style:font-family-asian="Noto Serif CJK SC"/>"#;
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}><office:styles>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:line-height="150%"/>{text}</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.5cm"/></style:style>
<style:style style:name="Indent" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-indent="1.1cm"/></style:style>
<style:style style:name="Break" style:family="paragraph" style:parent-style-name="Indent"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="Right" style:family="paragraph" style:parent-style-name="P"><style:paragraph-properties fo:text-align="end" fo:margin-right="1.5cm"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="12pt"/></style:style>
</office:styles><office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2.5cm" fo:margin-bottom="2cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm"/></style:footer-style></style:page-layout>
</office:automatic-styles><office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Footer">- <text:page-number text:select-page="current">1</text:page-number> -</text:p></style:footer></style:master-page>
</office:master-styles></office:document-styles>"#
    )
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;

/// The letter as an .odt file.
pub fn odt(letter: &Letter) -> Vec<u8> {
    odt_from(content(letter))
}

/// An .odt file with this content.xml (an empty string: an empty document).
fn odt_from(content_xml: String) -> Vec<u8> {
    let content_xml = if content_xml.is_empty() {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:text><text:p/></office:text></office:body></office:document-content>"#
        )
    } else {
        content_xml
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.text")
        .expect("zip");
    for (name, text) in [
        ("META-INF/manifest.xml", MANIFEST.to_string()),
        ("content.xml", content_xml),
        ("styles.xml", styles()),
    ] {
        zip.start_file(name, deflated).expect("zip");
        zip.write_all(text.as_bytes()).expect("zip");
    }
    zip.finish().expect("zip").into_inner()
}

// ---------------------------------------------------------------------------
// Scans and photos.

fn run(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where the signature is: (page, x, y) in points, from pdftotext -bbox.
fn signature_at(dir: &Path, letter: &Letter) -> (usize, f64, f64) {
    let out = Command::new("pdftotext")
        .args(["-bbox", &format!("{}.pdf", letter.key), "-"])
        .current_dir(dir)
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout);
    let mut page = 0;
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        if line.contains(&format!(">{}</word>", letter.signature)) {
            let num = |key: &str| -> f64 {
                let at = line.find(&format!("{key}=\"")).expect("bbox") + key.len() + 2;
                line[at..]
                    .split('"')
                    .next()
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0.0)
            };
            return (
                page,
                (num("xMin") + num("xMax")) / 2.0,
                (num("yMin") + num("yMax")) / 2.0,
            );
        }
    }
    panic!("signature of {} not found in its PDF", letter.key);
}

/// A red round seal over the signature, then rotation, noise, JPEG.
fn age(
    dir: &Path,
    png: &str,
    out: &str,
    seal: Option<(f64, f64, f64)>,
    turn: &str,
    noise: &str,
    quality: &str,
) {
    // A fixed seed: the same noise, so the same corpus, on every run.
    let mut args: Vec<String> = vec!["-seed".to_string(), "14".to_string(), png.to_string()];
    if let Some((x, y, r)) = seal {
        let (x, y, r) = (x as i64, y as i64, r as i64);
        let red = "rgb(215,35,45)";
        // Drawn on its own layer and multiplied in, as ink on paper: the
        // black text under the seal stays black.
        args.extend(
            [
                "(",
                "+clone",
                "-alpha",
                "transparent",
                "-fill",
                "none",
                "-stroke",
                red,
                "-strokewidth",
                "9",
                "-draw",
                &format!("circle {x},{y} {},{y}", x + r),
                "-fill",
                red,
                "-stroke",
                "none",
                "-draw",
                &format!(
                    "polygon {x},{} {},{} {},{}",
                    y - r / 4,
                    x + r / 4,
                    y + r / 6,
                    x - r / 4,
                    y + r / 6
                ),
                "-pointsize",
                &(r / 4).to_string(),
                "-draw",
                &format!("text {},{} '公章专用'", x - r / 2, y + r / 2),
                ")",
                "-compose",
                "Multiply",
                "-composite",
                "-compose",
                "Over",
            ]
            .map(String::from),
        );
    }
    args.extend(
        [
            "-background",
            "white",
            "-rotate",
            turn,
            "-attenuate",
            noise,
            "+noise",
            "Gaussian",
            "-quality",
            quality,
            out,
        ]
        .map(String::from),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(dir, "convert", &refs);
}

fn scan(dir: &Path, letter: &Letter) {
    let (sig_page, sx, sy) = signature_at(dir, letter);
    let key = letter.key;
    let dpi = letter.dpi.to_string();
    run(
        dir,
        "pdftoppm",
        &[
            "-r",
            &dpi,
            "-png",
            &format!("{key}.pdf"),
            &format!("{key}-page"),
        ],
    );
    let pages = page_files(dir, key);
    let scale = f64::from(letter.dpi) / 72.0;
    let mut jpegs = Vec::new();
    for (i, png) in pages.iter().enumerate() {
        let r = f64::from(letter.dpi) * 0.8;
        let seal = (i + 1 == sig_page).then_some((sx * scale, sy * scale, r));
        let out = format!("{key}-scan{}.jpg", i + 1);
        age(dir, png, &out, seal, "0.8", "0.3", "75");
        jpegs.push(std::fs::read(dir.join(&out)).expect("jpeg"));
        if i == 0 {
            let photo_seal = (sig_page == 1).then_some((sx * scale, sy * scale, r));
            age(
                dir,
                png,
                &format!("{key}.photo.jpg"),
                photo_seal,
                "-1.7",
                "0.6",
                "60",
            );
        }
    }
    std::fs::write(dir.join(format!("{key}.scan.pdf")), jpeg_pdf(&jpegs)).expect("scan pdf");
}

fn page_files(dir: &Path, key: &str) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(&format!("{key}-page")) && n.ends_with(".png"))
        .collect();
    pages.sort();
    pages
}

fn jpeg_size(jpeg: &[u8]) -> (u32, u32) {
    image::ImageReader::new(std::io::Cursor::new(jpeg))
        .with_guessed_format()
        .expect("a JPEG")
        .into_dimensions()
        .expect("JPEG dimensions")
}

/// A PDF whose pages are the given JPEG images (A4, as a scanner makes them).
pub fn jpeg_pdf(jpegs: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let n = jpegs.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + i * 3)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
    ];
    for (i, jpeg) in jpegs.iter().enumerate() {
        let (w, h) = jpeg_size(jpeg);
        let (img, contents) = (4 + i * 3, 5 + i * 3);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 {img} 0 R >> >> /Contents {contents} 0 R >>"
        ).into_bytes());
        let mut image = format!(
            "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            jpeg.len()
        )
        .into_bytes();
        image.extend_from_slice(jpeg);
        image.extend_from_slice(b"\nendstream");
        objects.push(image);
        let draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q";
        let mut content = format!("<< /Length {} >>\nstream\n", draw.len()).into_bytes();
        content.extend_from_slice(draw);
        content.extend_from_slice(b"\nendstream");
        objects.push(content);
    }
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Character error rate: edit distance over the expected length.
pub fn cer(expected: &str, got: &str) -> f64 {
    let e: Vec<char> = expected.chars().filter(|c| !c.is_whitespace()).collect();
    let g: Vec<char> = got.chars().filter(|c| !c.is_whitespace()).collect();
    let mut row: Vec<usize> = (0..=g.len()).collect();
    for (i, ce) in e.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cg) in g.iter().enumerate() {
            let next = (diag + usize::from(ce != cg))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[g.len()] as f64 / e.len().max(1) as f64
}
