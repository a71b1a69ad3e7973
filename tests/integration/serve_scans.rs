//! Scans, photos, PDFs and old Word files through the web app's upload
//! (登记反馈, issue 14 done-when): the real `consult serve` on a free
//! port, the scan corpus of `scan_corpus.rs`. The reading is shown before
//! anything is written (department, no objection, read by OCR, the OCR
//! confirmation marks); confirming records the batch in one commit with the
//! original byte for byte and the OCR text beside it; an OCR'd name that is
//! not listed exactly is not guessed; bad PDFs are refused on the page.

use crate::harness::Ws;
use crate::scan_corpus::{self, LETTERS};
use crate::serve::{Client, Page, Server};

fn upload(c: &mut Client, files: &[(&str, &[u8])]) -> String {
    let csrf = c.get("/c/_/intake").field("csrf");
    let r = c.post_files("/c/_/intake/upload", &[("csrf", &csrf)], files);
    assert_eq!(r.status, 303, "{}", r.body);
    r.location.expect("the preview's address")
}

/// Post the preview form with `action` and these fields (the page's
/// csrf, head and `*_read_*` fields added).
fn post(c: &mut Client, url: &str, page: &Page, action: &str, fields: &[(&str, &str)]) -> Page {
    let mut all: Vec<(String, String)> = vec![
        ("csrf".into(), page.field("csrf")),
        ("head".into(), page.field("head")),
        ("action".into(), action.into()),
    ];
    for (k, v) in fields {
        let read = k.replacen('_', "_read_", 1);
        all.push(((*k).into(), (*v).into()));
        if page.body.contains(&format!("name=\"{read}\"")) {
            all.push((read.clone(), page.field(&read)));
        }
    }
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post_form(url, &pairs)
}

/// Type the receipt times (and departments) and read again; the new preview.
fn correct(c: &mut Client, url: &str, page: &Page, fields: &[(&str, &str)]) -> Page {
    let r = post(c, url, page, "preview", fields);
    assert_eq!(r.status, 303, "{}", r.body);
    let page = c.get(url);
    assert_eq!(page.status, 200, "{}", page.body);
    page
}

fn confirm(c: &mut Client, url: &str, page: &Page, fields: &[(&str, &str)]) -> Page {
    let r = post(c, url, page, "confirm", fields);
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.location.as_deref().unwrap_or("").contains("done=ingest"),
        "{:?}",
        r.location
    );
    r
}

/// The files the last commit holds.
fn last_commit_files(ws: &Ws) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["show", "--name-only", "--format=", "HEAD"])
        .current_dir(ws.path())
        .output()
        .expect("git show");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn section<'a>(page: &'a Page, file: &str) -> &'a str {
    let at = page
        .body
        .find(&format!("data-file=\"{file}\""))
        .unwrap_or_else(|| panic!("no {file} on the page:\n{}", page.body));
    let at = page.body[..at].rfind("<section").unwrap_or(at);
    let rest = &page.body[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

/// Done-when 1 through the web: the stamped, scanned no-objection 复函 is
/// read (市外办, no objection, read by OCR) before anything is written, and
/// confirming records it in one commit: the original byte for byte under
/// comments/originals/, the OCR text beside it, the record.
#[test]
fn stamped_scanned_fuhan_uploaded_is_previewed_then_recorded_with_its_ocr_text() {
    let Some(corpus) = scan_corpus::corpus("stamped_scanned_fuhan_uploaded") else {
        return;
    };
    let scan = std::fs::read(corpus.file(&LETTERS[0], "scan.pdf")).expect("scan");
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let before = ws.snapshot();
    let commits = ws.commits();
    let url = upload(&mut c, &[("外办复函.pdf", &scan)]);
    let page = c.get(&url);
    // A scan carries no receipt time: the page asks for its field.
    assert!(page.body.contains("没有收到时间"), "{}", page.body);
    assert!(page.body.contains("“收到时间”栏"), "{}", page.body);
    assert!(!page.body.contains("--received"), "{}", page.body);
    let page = correct(&mut c, &url, &page, &[("received_0", "2023-05-24 10:00")]);
    let file = section(&page, "外办复函.pdf");
    assert!(!file.contains("role=\"alert\""), "{file}");
    assert!(file.contains("name=\"dept_0\" value=\"市外办\""), "{file}");
    assert!(file.contains("state no_objection"), "{file}");
    assert!(file.contains("data-format=\"ocr\""), "{file}");
    assert_eq!(before, ws.snapshot(), "a preview writes nothing");
    confirm(&mut c, &url, &page, &[("received_0", "2023-05-24 10:00")]);
    assert_eq!(ws.commits(), commits + 1, "one commit");
    assert_eq!(ws.git_status(), "", "everything written is committed");
    let committed = last_commit_files(&ws);
    let original = committed
        .iter()
        .find(|f| f.starts_with("comments/originals/") && f.ends_with(".pdf"))
        .unwrap_or_else(|| panic!("no original committed: {committed:?}"));
    assert_eq!(
        std::fs::read(ws.join(original)).expect("kept"),
        scan,
        "byte for byte"
    );
    let ocr = original.replace(".pdf", ".ocr.txt");
    assert!(committed.contains(&ocr), "{committed:?}");
    assert!(ws.read(&ocr).contains("无修改意见"), "{}", ws.read(&ocr));
    let record = committed
        .iter()
        .find(|f| f.ends_with(".yaml"))
        .expect("a record");
    let record = ws.read(record);
    assert!(record.contains("format: ocr"), "{record}");
    assert!(record.contains("department: 市外办"), "{record}");
    assert!(record.contains(".ocr.txt"), "{record}");
}

/// Done-when 2 through the web: the photographed letter's two opinions are
/// shown with their edits marked “read by OCR: confirm”; once confirmed,
/// the opinions page shows the mark too.
#[test]
fn photographed_letter_uploaded_shows_two_opinions_marked_for_confirmation() {
    let Some(corpus) = scan_corpus::corpus("photographed_letter_uploaded") else {
        return;
    };
    let photo = std::fs::read(corpus.file(&LETTERS[1], "photo.jpg")).expect("photo");
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let commits = ws.commits();
    let url = upload(&mut c, &[("工信局来函.jpg", &photo)]);
    let page = c.get(&url);
    let page = correct(&mut c, &url, &page, &[("received_0", "2023-05-24 11:00")]);
    let file = section(&page, "工信局来函.jpg");
    assert!(!file.contains("role=\"alert\""), "{file}");
    assert!(
        file.contains("name=\"dept_0\" value=\"市工信局\""),
        "{file}"
    );
    assert!(file.contains("data-format=\"ocr\""), "{file}");
    assert_eq!(file.matches("<div class=\"opinion\">").count(), 2, "{file}");
    assert!(file.contains("第2条") && file.contains("第3条"), "{file}");
    assert!(file.contains("市人社局"), "{file}");
    assert!(
        file.contains("class=\"ocr-confirm\">⚠ OCR 识别，待核对"),
        "the OCR'd edits are marked: {file}"
    );
    assert!(file.contains("请对照原件核对后再采纳"), "{file}");
    assert_eq!(ws.commits(), commits);
    confirm(&mut c, &url, &page, &[("received_0", "2023-05-24 11:00")]);
    assert_eq!(ws.commits(), commits + 1);
    let opinions = c.get("/c/_/opinions?clause=3");
    assert_eq!(opinions.status, 200);
    assert!(opinions.body.contains("市工信局"), "{}", opinions.body);
    assert!(
        opinions
            .body
            .contains("class=\"ocr-confirm\">⚠ OCR 识别，待核对"),
        "{}",
        opinions.body
    );
}

/// An OCR'd signature that is no listed name or alias is not guessed: the
/// department field stays empty and is asked for, the name read is quoted
/// with the nearest listed ones, nothing is written; the clerk picks the
/// department and the reply is recorded for it.
#[test]
fn ocr_name_not_listed_exactly_is_asked_for_on_the_page() {
    let Some(corpus) = scan_corpus::corpus("ocr_name_not_listed_exactly_on_the_page") else {
        return;
    };
    let ws = Ws::example();
    let yaml = ws
        .read("consult.yaml")
        .replace("市工业和信息化局, 苏州市工业和信息化局, ", "");
    ws.write("consult.yaml", yaml);
    let ok = std::process::Command::new("git")
        .args(["commit", "-qam", "drop an alias"])
        .current_dir(ws.path())
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .status()
        .expect("git")
        .success();
    assert!(ok);
    let scan = std::fs::read(corpus.file(&LETTERS[1], "scan.pdf")).expect("scan");
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let before = ws.snapshot();
    let url = upload(&mut c, &[("工信局扫描件.pdf", &scan)]);
    let page = c.get(&url);
    let file = section(&page, "工信局扫描件.pdf");
    assert!(file.contains("“苏州市工业和信息化局”"), "{file}");
    assert!(file.contains("最接近的"), "{file}");
    assert!(file.contains("“反馈单位”栏"), "{file}");
    assert!(!file.contains("--department"), "{file}");
    assert!(
        file.contains("name=\"dept_0\" value=\"\" list=\"bodies\" class=\"missing\""),
        "the department is asked for, not guessed: {file}"
    );
    assert!(page.body.contains("<option value=\"市工信局\">"));
    assert!(page.body.contains("value=\"confirm\" disabled"));
    assert_eq!(before, ws.snapshot(), "nothing written");
    let fields = [("dept_0", "市工信局"), ("received_0", "2023-05-24 11:00")];
    let page = correct(&mut c, &url, &page, &fields);
    let file = section(&page, "工信局扫描件.pdf");
    assert!(!file.contains("role=\"alert\""), "{file}");
    assert!(
        file.contains("name=\"dept_0\" value=\"市工信局\""),
        "{file}"
    );
    assert_eq!(file.matches("<div class=\"opinion\">").count(), 2, "{file}");
    confirm(&mut c, &url, &page, &fields);
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-25 12:00"])
        .ok()
        .json();
    let gongxin = status["departments"]
        .as_array()
        .expect("departments")
        .iter()
        .find(|d| d["name"] == "市工信局")
        .expect("市工信局")
        .clone();
    assert_eq!(gongxin["state"], "replied", "{gongxin}");
}

/// A text PDF, an old Word .doc and an OpenDocument .odt uploaded together
/// are read (by poppler and LibreOffice) and recorded in one commit.
#[test]
fn text_pdf_doc_and_odt_uploads_are_read_and_recorded() {
    let Some(corpus) = scan_corpus::corpus("text_pdf_doc_and_odt_uploads") else {
        return;
    };
    let read = |i: usize, form: &str| std::fs::read(corpus.file(&LETTERS[i], form)).expect(form);
    let (pdf, doc, odt) = (read(1, "pdf"), read(2, "doc"), read(0, "odt"));
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let commits = ws.commits();
    let url = upload(
        &mut c,
        &[
            ("工信局.pdf", &pdf),
            ("卫健委.doc", &doc),
            ("外办.odt", &odt),
        ],
    );
    let page = c.get(&url);
    let fields = [
        ("received_0", "2023-05-24 09:00"),
        ("received_1", "2023-05-24 09:10"),
        ("received_2", "2023-05-24 09:20"),
    ];
    let page = correct(&mut c, &url, &page, &fields);
    assert!(!page.body.contains("role=\"alert\""), "{}", page.body);
    let expect = [
        ("工信局.pdf", "pdf", "市工信局", 2),
        ("卫健委.doc", "doc", "市卫生健康委", 3),
        ("外办.odt", "odt", "市外办", 0),
    ];
    for (name, format, department, opinions) in expect {
        let file = section(&page, name);
        assert!(
            file.contains(&format!("data-format=\"{format}\"")),
            "{file}"
        );
        assert!(file.contains(&format!("value=\"{department}\"")), "{file}");
        assert_eq!(
            file.matches("<div class=\"opinion\">").count(),
            opinions,
            "{file}"
        );
        assert!(!file.contains("ocr-confirm"), "not read by OCR: {file}");
    }
    confirm(&mut c, &url, &page, &fields);
    assert_eq!(ws.commits(), commits + 1, "one commit for the batch");
    assert_eq!(ws.git_status(), "");
    let committed = last_commit_files(&ws);
    for ext in [".pdf", ".doc", ".odt"] {
        assert!(
            committed
                .iter()
                .any(|f| f.starts_with("comments/originals/") && f.ends_with(ext)),
            "{ext}: {committed:?}"
        );
    }
}

/// An encrypted PDF and a truncated one: each refused beside its name with
/// a clear message, the batch cannot be confirmed, nothing is written.
#[test]
fn encrypted_and_truncated_pdf_uploads_are_refused_on_the_page() {
    let Some(corpus) = scan_corpus::corpus("encrypted_and_truncated_pdf_uploads") else {
        return;
    };
    let encrypted = std::fs::read(corpus.encrypted_pdf()).expect("encrypted");
    let whole = std::fs::read(corpus.file(&LETTERS[1], "pdf")).expect("pdf");
    let truncated = &whole[..whole.len() / 2];
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let before = ws.snapshot();
    let url = upload(&mut c, &[("加密.pdf", &encrypted), ("截断.pdf", truncated)]);
    let page = c.get(&url);
    let enc = section(&page, "加密.pdf");
    assert!(enc.contains("class=\"file bad\""), "{enc}");
    assert!(enc.contains("PDF 已加密，需要密码"), "{enc}");
    let cut = section(&page, "截断.pdf");
    assert!(cut.contains("class=\"file bad\""), "{cut}");
    assert!(cut.contains("%%EOF"), "{cut}");
    assert!(page.body.contains("value=\"confirm\" disabled"));
    assert!(!page.body.contains(ws.path().to_str().unwrap()));
    // A confirm sent anyway (the button is disabled) writes nothing.
    let r = post(
        &mut c,
        &url,
        &page,
        "confirm",
        &[("received_0", "2023-05-24 09:00")],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("未登记"), "{}", r.body);
    assert_eq!(before, ws.snapshot(), "nothing written");
}
