//! Word in, Word out, through the binary: .docx replies (a comment thread,
//! tracked changes, a letter, a 反馈意见表, a .docx attached to an e-mail),
//! `import` of drafts from .docx/.md/.txt, `export` to .docx and HTML with
//! tracked-change redlines — checked by independent readers where they are
//! installed: pandoc reads each export to the text of `export --format txt`
//! (and, with --track-changes=accept/reject, a redline to the new and the
//! old version), LibreOffice converts it to PDF. Hostile files are refused
//! with exit 2 and nothing written.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::DateTime;
use consult::docx::{OfficialDocument, OfficialPara, OfficialRun, ParaKind, write_docx};
use serde_json::{Value, json};

use crate::harness::{Ws, project_dir, shared_dir};

const RECEIVED: &str = "2023-05-24 16:20";

fn v1() -> String {
    std::fs::read_to_string(project_dir().join("drafts/v1.md")).expect("drafts/v1.md")
}

/// The draft's paragraphs (the title's `# ` dropped), as typed in Word.
fn v1_lines() -> Vec<String> {
    v1().lines()
        .map(|l| l.trim().trim_start_matches("# ").to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn ingest(ws: &Ws, file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["ingest", path_str(file), "--received", RECEIVED, "--json"];
    args.extend_from_slice(extra);
    ws.run(&args).ok().json()
}

fn opinions(reply: &Value) -> Vec<Value> {
    reply["opinions"].as_array().cloned().unwrap_or_default()
}

// ------------------------------------------------------------ Word-like files

const W_NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14 w15""#
);
const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A package as Word writes one: content types, relationships, the body,
/// and optional comments (with commentsExtended) and numbering parts.
fn word_package(body: &str, comments: Option<(&str, &str)>, numbering: Option<&str>) -> Vec<u8> {
    let mut types = format!(
        r#"{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>"#
    );
    let mut rels = format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    let mut parts = Vec::new();
    if let Some((comments, extended)) = comments {
        types += &format!(
            r#"<Override PartName="/word/comments.xml" ContentType="{MAIN}.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="{MAIN}.commentsExtended+xml"/>"#
        );
        rels += &format!(
            r#"<Relationship Id="rId1" Type="{REL}/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>"#
        );
        parts.push((
            "word/comments.xml",
            format!("{DECL}<w:comments {W_NS}>{comments}</w:comments>"),
        ));
        parts.push((
            "word/commentsExtended.xml",
            format!("{DECL}<w15:commentsEx {W_NS}>{extended}</w15:commentsEx>"),
        ));
    }
    if let Some(numbering) = numbering {
        types += &format!(
            r#"<Override PartName="/word/numbering.xml" ContentType="{MAIN}.numbering+xml"/>"#
        );
        rels +=
            &format!(r#"<Relationship Id="rId3" Type="{REL}/numbering" Target="numbering.xml"/>"#);
        parts.push((
            "word/numbering.xml",
            format!("{DECL}<w:numbering {W_NS}>{numbering}</w:numbering>"),
        ));
    }
    types += "</Types>";
    rels += "</Relationships>";
    let document = format!(
        r#"{DECL}<w:document {W_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let package_rels = format!(
        r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let mut all = vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", package_rels),
        ("word/_rels/document.xml.rels", rels),
        ("word/document.xml", document),
    ];
    all.extend(parts);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in all {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

/// The draft as Word paragraphs; `special` rewrites a paragraph's content.
fn draft_body(special: impl Fn(&str) -> Option<String>) -> String {
    v1_lines()
        .iter()
        .map(|line| para(&special(line).unwrap_or_else(|| run(line))))
        .collect()
}

/// A comment on `anchor` inside the paragraph starting with `starts`.
fn commented(line: &str, starts: &str, anchor: &str, id: u32) -> Option<String> {
    if !line.starts_with(starts) {
        return None;
    }
    let (head, tail) = line.split_once(anchor)?;
    Some(format!(
        r#"{}<w:commentRangeStart w:id="{id}"/>{}<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>{}"#,
        run(head),
        run(anchor),
        run(tail)
    ))
}

fn comment(id: u32, author: &str, para_id: &str, text: &str) -> String {
    format!(
        r#"<w:comment w:id="{id}" w:author="{author}" w:date="2023-05-24T10:00:00Z" w:initials="x"><w:p w14:paraId="{para_id}"><w:r><w:annotationRef/></w:r>{}</w:p></w:comment>"#,
        run(text)
    )
}

/// The seed's case: gxc's comment on clause 5's responsible units.
pub(crate) fn seed_comment_docx() -> Vec<u8> {
    let units = "（责任单位：市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>）";
    let body = draft_body(|line| commented(line, "5.", units, 0));
    let comments = comment(
        0,
        "gxc",
        "1A2B3C4D",
        "市委人才办：建议第五点责任单位加上市人社局",
    );
    word_package(
        &body,
        Some((
            &comments,
            r#"<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>"#,
        )),
        None,
    )
}

fn date() -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2023-05-24T16:00:00+08:00").expect("date")
}

/// A document from the .docx writer with these paragraphs.
fn written(author: &str, title: &str, paragraphs: Vec<OfficialPara>) -> Vec<u8> {
    write_docx(&OfficialDocument {
        title: title.to_string(),
        subtitle: None,
        paragraphs,
        author: author.to_string(),
        date: date(),
    })
    .expect("write_docx")
}

fn body(text: &str) -> OfficialPara {
    OfficialPara::new(ParaKind::Body, text)
}

// ---------------------------------------------------------------- replies

#[test]
fn the_seed_comment_is_the_talent_office_asking_for_a_unit_in_clause_5() {
    let ws = Ws::example();
    let file = ws.write("市委人才办反馈.docx", seed_comment_docx());
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(reply["department"], "市委组织部（人才办）");
    assert_eq!(reply["received"], "2023-05-24T16:20:00+08:00");
    assert_eq!(reply["late"], false);
    let ops = opinions(reply);
    assert_eq!(ops.len(), 1, "{ops:?}");
    assert_eq!(ops[0]["clause"], 5);
    assert_eq!(ops[0]["text"], "建议第五点责任单位加上市人社局");
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "add_unit", "unit": "市人社局"}])
    );
    // Recorded with the original kept byte for byte.
    let stored = ws.run(&["opinions", "--json", "--clause", "5"]).ok().json();
    assert!(
        stored
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["text"] == "建议第五点责任单位加上市人社局")
    );
    let status = ws.git_status();
    assert!(
        !status.contains("comments/"),
        "everything committed: {status}"
    );
}

#[test]
fn a_comment_thread_is_one_opinion_and_a_listed_author_names_the_sender() {
    let ws = Ws::example();
    let body = draft_body(|line| commented(line, "7.", "市文广旅游局", 3));
    let comments = [
        comment(
            3,
            "市卫健委",
            "00000001",
            "建议将“市文广旅游局”修改为“市文广旅局”",
        ),
        comment(4, "李四", "00000002", "同意，另请核对其他单位名称"),
    ]
    .concat();
    let extended = r#"<w15:commentEx w15:paraId="00000001" w15:done="0"/><w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="0"/>"#;
    let file = ws.write(
        "thread.docx",
        word_package(&body, Some((&comments, extended)), None),
    );
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(
        reply["department"], "市卫生健康委",
        "from the comment's author"
    );
    let ops = opinions(reply);
    assert_eq!(ops.len(), 1, "one thread, one opinion: {ops:?}");
    assert_eq!(ops[0]["clause"], 7);
    let text = ops[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("建议将“市文广旅游局”修改为“市文广旅局”"),
        "{text}"
    );
    assert!(text.contains("李四") && text.contains("另请核对"), "{text}");
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "市文广旅游局", "to": "市文广旅局"}])
    );
}

#[test]
fn an_unlisted_comment_author_needs_department() {
    let ws = Ws::example();
    let body = draft_body(|line| commented(line, "3.", "市金融监管局", 0));
    let comments = comment(0, "Administrator", "00000001", "建议删除");
    let file = ws.write(
        "anon.docx",
        word_package(
            &body,
            Some((&comments, r#"<w15:commentEx w15:paraId="00000001"/>"#)),
            None,
        ),
    );
    let before = ws.snapshot();
    let out = ws.run(&["ingest", path_str(&file), "--received", RECEIVED]);
    assert_eq!(out.code(), 2, "{}", out.stderr());
    assert!(out.stderr().contains("anon.docx"), "{}", out.stderr());
    assert_eq!(before, ws.snapshot());
    // With --department: a comment saying 删除 on some text deletes it.
    let reply = &ingest(&ws, &file, &["--department", "市金融监管局"])[0];
    let ops = opinions(reply);
    assert_eq!(ops[0]["clause"], 3);
    let edit = &ops[0]["edits"][0];
    assert!(edit["op"] == "delete" || edit["op"] == "replace", "{edit}");
}

/// Clause 5 with 市人社局 inserted, clause 4's 300 replaced by 500, by the
/// talent office (an alias), written with the .docx writer's tracked runs.
pub(crate) fn tracked_docx() -> Vec<u8> {
    let lines = v1_lines();
    let mut paragraphs = Vec::new();
    for line in lines.iter().skip(1) {
        let runs = if line.starts_with("5.") {
            let (head, tail) = line.split_once("市外办").unwrap();
            vec![
                OfficialRun::plain(format!("{head}市外办")),
                OfficialRun::inserted("、市人社局"),
                OfficialRun::plain(tail),
            ]
        } else if line.starts_with("4.") {
            let (head, tail) = line.split_once("300万元的研发费").unwrap();
            vec![
                OfficialRun::plain(head.to_string()),
                OfficialRun::deleted("300"),
                OfficialRun::inserted("500"),
                OfficialRun::plain(format!("万元的研发费{tail}")),
            ]
        } else {
            vec![OfficialRun::plain(line.clone())]
        };
        paragraphs.push(OfficialPara {
            kind: ParaKind::Body,
            runs,
        });
    }
    written("市委人才办", &lines[0], paragraphs)
}

#[test]
fn tracked_changes_become_replace_edits_that_revise_applies() {
    let ws = Ws::example();
    let file = ws.write("tracked.docx", tracked_docx());
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(
        reply["department"], "市委组织部（人才办）",
        "from the changes' author"
    );
    let ops = opinions(reply);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0]["clause"], 4);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "replace", "from": "300", "to": "500"}])
    );
    let text = ops[0]["text"].as_str().unwrap();
    assert!(text.starts_with("修订（市委人才办，2023-05-24）"), "{text}");
    assert!(text.contains("将“300”改为“500”"), "{text}");
    assert_eq!(ops[1]["clause"], 5);
    assert_eq!(
        ops[1]["edits"],
        json!([{"op": "replace", "from": "市外办", "to": "市外办、市人社局"}])
    );
    // Adopting both gives v2 with both changes.
    for op in &ops {
        ws.run(&["decide", op["id"].as_str().unwrap(), "adopt"])
            .ok();
    }
    ws.run(&["revise"]).ok();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    assert!(
        v2["clauses"][3]["text"]
            .as_str()
            .unwrap()
            .contains("给予最高500万元的研发费资助")
    );
    assert_eq!(
        v2["clauses"][4]["responsible_units"],
        json!([
            "市委组织部",
            "市科技局",
            "市外办",
            "市人社局",
            "各县级市（区）人民政府<管委会>"
        ])
    );
}

#[test]
fn a_letter_docx_is_read_as_free_text() {
    let ws = Ws::example();
    let doc = written(
        "user",
        "市教育局关于《若干政策（征求意见稿）》的反馈意见",
        vec![
            body("市科技局："),
            body("经研究，提出以下意见："),
            body("1.第五点：建议责任单位加上市人社局。"),
            body("2.第七条：建议将“市文广旅游局”修改为“市文广旅局”。"),
            OfficialPara::new(ParaKind::Signature, "市教育局"),
            OfficialPara::new(ParaKind::Date, "2023年5月24日"),
        ],
    );
    let file = ws.write("letter.docx", doc);
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(reply["department"], "市教育局", "from the signature");
    let ops = opinions(reply);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0]["clause"], 5);
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "add_unit", "unit": "市人社局"}])
    );
    assert_eq!(ops[1]["clause"], 7);
    assert_eq!(
        ops[1]["edits"],
        json!([{"op": "replace", "from": "市文广旅游局", "to": "市文广旅局"}])
    );

    let no = written(
        "user",
        "复函",
        vec![
            body("市科技局："),
            body("我委对该政策无修改意见。"),
            body("市发改委"),
        ],
    );
    let file = ws.write("no.docx", no);
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(reply["department"], "市发改委");
    assert_eq!(reply["no_objection"], true);
    assert_eq!(opinions(reply).len(), 0);
}

fn cells(texts: &[&str]) -> Vec<Vec<OfficialRun>> {
    texts.iter().map(|t| vec![OfficialRun::plain(*t)]).collect()
}

#[test]
fn a_feedback_table_gives_one_opinion_per_row() {
    let ws = Ws::example();
    let table = ParaKind::Table(vec![
        cells(&["序号", "条款", "原文", "修改意见", "理由"]),
        cells(&[
            "1",
            "第五条",
            "",
            "责任单位增加市人社局",
            "人才职称评定由市人社局负责",
        ]),
        cells(&["2", "7", "市文广旅游局", "改为市文广旅局", "与部门名称一致"]),
        cells(&["3", "第九条", "", "无", ""]),
        cells(&["4", "", "", "建议第十条增加对活动的绩效评价", ""]),
    ]);
    let doc = written(
        "user",
        "征求意见反馈表",
        vec![
            body("反馈单位：市发改委"),
            OfficialPara {
                kind: table,
                runs: Vec::new(),
            },
            body("联系人：王五  电话：65220000"),
        ],
    );
    let file = ws.write("反馈意见表.docx", doc);
    let reply = &ingest(&ws, &file, &[])[0];
    assert_eq!(reply["department"], "市发改委");
    let ops = opinions(reply);
    assert_eq!(ops.len(), 3, "the 无 row is no opinion: {ops:?}");
    assert_eq!(ops[0]["clause"], 5);
    assert_eq!(ops[0]["text"], "责任单位增加市人社局");
    assert_eq!(ops[0]["opinion_reason"], "人才职称评定由市人社局负责");
    assert_eq!(ops[0]["source"], "table");
    assert_eq!(
        ops[0]["edits"],
        json!([{"op": "add_unit", "unit": "市人社局"}])
    );
    assert_eq!(ops[1]["clause"], 7);
    assert_eq!(
        ops[1]["edits"],
        json!([{"op": "replace", "from": "市文广旅游局", "to": "市文广旅局"}])
    );
    assert_eq!(ops[2]["clause"], 10, "from the opinion's own text");
}

/// Base64 with line breaks, for a MIME attachment.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_docx_attached_to_an_email_is_read_with_it() {
    let ws = Ws::example();
    let eml = format!(
        "From: =?UTF-8?B?5biC5Lqk6YCa5bGA?= <jt@example.com>\r\nDate: Thu, 25 May 2023 09:15:00 +0800\r\nSubject: reply\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n意见见附件。\r\n--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"reply.docx\"\r\nContent-Disposition: attachment; filename=\"reply.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        base64(&tracked_docx())
    );
    let file = ws.write("mail.eml", eml);
    let reply = &ws.run(&["ingest", path_str(&file), "--json"]).ok().json()[0];
    assert_eq!(reply["department"], "市交通局", "from the sender");
    assert_eq!(reply["received"], "2023-05-25T09:15:00+08:00");
    let ops = opinions(reply);
    let edits: Vec<&Value> = ops
        .iter()
        .flat_map(|o| o["edits"].as_array().unwrap())
        .collect();
    assert!(
        edits.contains(&&json!({"op": "replace", "from": "300", "to": "500"})),
        "{ops:?}"
    );
}

// ----------------------------------------------------------- hostile files

fn word_fixture(name: &str) -> PathBuf {
    project_dir().join("tests/fixtures/word").join(name)
}

#[test]
fn hostile_docx_files_are_refused_fast_and_nothing_is_written() {
    let ws = Ws::example();
    for (name, needle) in [
        ("bomb.docx", "bomb"),
        ("doctype.docx", "DOCTYPE"),
        ("missing.docx", "word/document.xml"),
        ("truncated.docx", "zip"),
        ("old.doc", ".doc"),
    ] {
        let file = word_fixture(name);
        for args in [
            vec![
                "ingest",
                path_str(&file),
                "--department",
                "市教育局",
                "--received",
                RECEIVED,
            ],
            vec!["import", path_str(&file), "--as", "v2"],
        ] {
            let before = ws.snapshot();
            let out = ws.run(&args);
            assert_eq!(out.code(), 2, "{args:?}: {}", out.stderr());
            let err = out.stderr();
            assert!(
                err.contains(name) && err.contains(needle),
                "{args:?}: {err}"
            );
            assert!(!err.contains("root:"), "an entity was resolved: {err}");
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(before, ws.snapshot(), "{args:?} wrote something");
        }
    }
    // Text named .docx is not a .docx to import.
    let before = ws.snapshot();
    let file = word_fixture("renamed.docx");
    ws.run(&["import", path_str(&file), "--as", "v2"])
        .fails_with(&["renamed.docx", "zip"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn every_corpus_file_ingests_without_a_panic() {
    let Some(dir) = shared_dir().map(|s| s.join("corpus/docx")) else {
        eprintln!(
            "SKIP every_corpus_file_ingests_without_a_panic: ../shared/corpus/docx is absent"
        );
        return;
    };
    let ws = Ws::example();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.extend(
        std::fs::read_dir(dir.join("derived_lo74"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "docx")),
    );
    assert!(!files.is_empty());
    let mut read = 0;
    for file in &files {
        let out = ws.run(&[
            "ingest",
            path_str(file),
            "--department",
            "市教育局",
            "--received",
            RECEIVED,
            "--dry-run",
            "--json",
        ]);
        assert!(
            matches!(out.code(), 0 | 2) && !out.stderr().contains("panicked"),
            "{}: exit {} {}",
            file.display(),
            out.code(),
            out.stderr()
        );
        read += usize::from(out.code() == 0);
    }
    eprintln!("corpus: {read} of {} files ingest (dry run)", files.len());
}

// ------------------------------------------------------------------ import

fn clauses_of(ws: &Ws, version: &str) -> Value {
    let show = ws.run(&["show", version, "--json"]).ok().json();
    let clauses: Vec<Value> = show["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!([
                c["number"],
                c["title"],
                c["responsible_units"],
                c["sources"],
                c["funding_wan"]
            ])
        })
        .collect();
    json!({"title": show["title"], "total": show["funding_total_wan"], "clauses": clauses})
}

fn head_message(ws: &Ws) -> String {
    let out = Command::new("git")
        .args(["log", "-1", "--format=%s"])
        .current_dir(ws.path())
        .output()
        .expect("git");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn our_docx_export_imports_to_the_same_clauses() {
    let ws = Ws::example();
    let file = ws.join("v1.docx");
    ws.run(&["export", "v1", "--format", "docx", "-o", path_str(&file)])
        .ok();
    ws.run(&["import", path_str(&file), "--as", "v2"])
        .ok()
        .stdout_has(&["v2", "10"]);
    assert_eq!(clauses_of(&ws, "v2"), clauses_of(&ws, "v1"));
    assert_eq!(head_message(&ws), "import: v2 from v1.docx");
    assert!(!ws.git_status().contains("drafts/"), "{}", ws.git_status());
    // The version exists now: a second import is refused, nothing written.
    let before = ws.snapshot();
    ws.run(&["import", path_str(&file), "--as", "v2"])
        .fails_with(&["v2"]);
    assert_eq!(before, ws.snapshot());
    ws.run(&["import", path_str(&file), "--as", "../v3"])
        .fails_with(&["../v3"]);
    assert_eq!(before, ws.snapshot());
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
}

#[test]
fn a_pandoc_docx_imports_to_the_same_clauses() {
    let Some(pandoc) = which("pandoc") else {
        eprintln!("SKIP a_pandoc_docx_imports_to_the_same_clauses: pandoc is not installed");
        return;
    };
    let ws = Ws::example();
    let file = ws.join("pandoc.docx");
    let status = Command::new(pandoc)
        .args(["-f", "commonmark", "-t", "docx", "-o"])
        .arg(&file)
        .arg(ws.join("drafts/v1.md"))
        .status()
        .expect("pandoc");
    assert!(status.success());
    ws.run(&["import", path_str(&file), "--as", "v2"]).ok();
    assert_eq!(clauses_of(&ws, "v2"), clauses_of(&ws, "v1"));
    assert!(
        ws.read("drafts/v2.md").starts_with("# 关于进一步支持"),
        "the title is a heading"
    );
}

#[test]
fn word_numbering_is_written_out() {
    let ws = Ws::example();
    let lines = v1_lines();
    let body: String = lines
        .iter()
        .map(|line| {
            let numbered = line
                .split_once('.')
                .filter(|(n, _)| n.parse::<u32>().is_ok());
            match numbered {
                Some((_, rest)) => format!(
                    r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
                    run(rest)
                ),
                None => para(&run(line)),
            }
        })
        .collect();
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    let file = ws.write("numbered.docx", word_package(&body, None, Some(numbering)));
    ws.run(&["import", path_str(&file), "--as", "v2"]).ok();
    let md = ws.read("drafts/v2.md");
    assert!(md.contains("\n五、支持引进高端人才团队。"), "{md}");
    assert!(md.contains("\n十、支持营造产业生态氛围。"), "{md}");
    assert_eq!(clauses_of(&ws, "v2"), clauses_of(&ws, "v1"));
}

#[test]
fn text_in_any_encoding_and_markdown_import() {
    let ws = Ws::example();
    let txt = ws.run(&["export", "v1", "--format", "txt"]).ok().stdout();
    let gbk = encoding_rs::GBK
        .encode(&txt.replace('\n', "\r\n"))
        .0
        .into_owned();
    let file = ws.write("v1-gbk.txt", gbk);
    ws.run(&["import", path_str(&file), "--as", "v2"])
        .ok()
        .stdout_has(&["text"]);
    assert_eq!(clauses_of(&ws, "v2"), clauses_of(&ws, "v1"));

    let md = "# 题\n\n1.支持甲。（责任单位：市科技局）\n\n新增资金测算：5万元\n";
    let file = ws.write("draft.md", md);
    ws.run(&["import", path_str(&file), "--as", "v3"]).ok();
    assert_eq!(ws.read("drafts/v3.md"), md, "Markdown is taken as it is");
    assert_eq!(head_message(&ws), "import: v3 from draft.md");

    // A GBK .md is read as diff reads it (tester5 L6a); a damaged one is
    // refused naming the encoding, nothing written.
    let file = ws.write("gbk.md", encoding_rs::GBK.encode(md).0);
    ws.run(&["import", path_str(&file), "--as", "v4"]).ok();
    assert_eq!(ws.read("drafts/v4.md"), md);
    let before = ws.snapshot();
    let mut bad = encoding_rs::GBK.encode(md).0.to_vec();
    bad.extend_from_slice(b"\xff\xff");
    let file = ws.write("bad.md", bad);
    let after_write = ws.snapshot();
    ws.run(&["import", path_str(&file), "--as", "v5"])
        .fails_with(&["bad.md", "GBK"]);
    assert_eq!(after_write, ws.snapshot());
    assert_ne!(before, after_write);
    let empty = ws.write("empty.txt", "");
    let after_write = ws.snapshot();
    ws.run(&["import", path_str(&empty), "--as", "v5"])
        .fails_with(&["empty.txt"]);
    assert_eq!(after_write, ws.snapshot());
}

// ------------------------------------------------------------------ export

/// v2 of the example: a unit added (clause 5), an amount changed (clause
/// 4), a paragraph removed (clause 1's funding line), a clause inserted
/// before clause 8 (the later ones renumbered), and the last two clauses
/// swapped.
fn v2_source() -> String {
    let v1 = v1()
        .replace(
            "市外办，各县级市（区）人民政府<管委会>）",
            "市外办、市人社局，各县级市（区）人民政府<管委会>）",
        )
        .replace("给予最高300万元的研发费资助", "给予最高500万元的研发费资助")
        .replacen("\n\n新增资金测算：0万元\n\n2.", "\n\n2.", 1);
    let mut clauses: Vec<Vec<String>> = vec![Vec::new()];
    for p in v1.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let number = p.split_once('.').and_then(|(n, _)| n.parse::<u32>().ok());
        if number.is_some() || p.starts_with("本政策") {
            clauses.push(Vec::new());
        }
        clauses.last_mut().unwrap().push(p.to_string());
    }
    // clauses: [head, 1..10, closing]
    let new = vec![
        "8.支持科技金融试点。开展科技金融试点，给予最高100万元支持。（责任单位：市金融监管局）"
            .to_string(),
    ];
    clauses.insert(8, new);
    clauses.swap(10, 11);
    let mut n = 0;
    let mut out = Vec::new();
    for clause in clauses {
        for (i, p) in clause.into_iter().enumerate() {
            let numbered = p.split_once('.').filter(|(d, _)| d.parse::<u32>().is_ok());
            match numbered {
                Some((_, rest)) if i == 0 => {
                    n += 1;
                    out.push(format!("{n}.{rest}"));
                }
                _ => out.push(p),
            }
        }
    }
    out.join("\n\n") + "\n"
}

/// Text as compared across readers: pandoc's table rules dropped, all
/// white space removed.
fn squeeze(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().chars().all(|c| c == '-' || c == ' '))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn export_txt(ws: &Ws, version: &str) -> String {
    ws.run(&["export", version, "--format", "txt"])
        .ok()
        .stdout()
}

fn pandoc_plain(pandoc: &Path, file: &Path, changes: &str) -> String {
    let out = Command::new(pandoc)
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(format!("--track-changes={changes}"))
        .arg(file)
        .output()
        .expect("pandoc");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn with_v2(ws: &Ws) {
    ws.write("drafts/v2.md", v2_source());
    ws.write(
        "drafts/t1.md",
        "# 关于支持的若干政策\n\n（征求意见稿）\n\n## 一、总体要求\n\n1.支持甲。（责任单位：市科技局）\n\n新增资金测算：100万元\n\n| 单位 | 金额（万元） |\n| --- | --- |\n| 市科技局 | 100 |\n\n## 二、保障措施\n\n2.支持乙。（责任单位：市工信局）\n\n本政策自发布之日起实施。\n",
    );
}

#[test]
fn export_formats_and_their_errors() {
    let ws = Ws::example();
    with_v2(&ws);
    let before = ws.snapshot();
    ws.run(&["export", "v1", "--format", "docx"])
        .fails_with(&["-o"]);
    ws.run(&["export", "v1", "--format", "txt", "--redline-from", "v2"])
        .fails_with(&["--redline-from"]);
    ws.run(&[
        "export",
        "v2",
        "--format",
        "docx",
        "--redline-from",
        "v7",
        "-o",
        "x.docx",
    ])
    .fails_with(&["v7"]);
    assert_eq!(before, ws.snapshot());

    let html = ws.run(&["export", "t1", "--format", "html"]).ok().stdout();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "<h1>关于支持的若干政策</h1>",
        "<p class=\"subtitle\">（征求意见稿）</p>",
        "<h2>一、总体要求</h2>",
        "<td>市科技局</td>",
        "仿宋_GB2312",
        "方正小标宋简体",
        "size: A4",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "self-contained"
    );
    ws.run(&["export", "t1", "--format", "html", "-o", "t1.html"])
        .ok();
    assert_eq!(ws.read("t1.html"), html);

    let red = ws
        .run(&["export", "v2", "--format", "html", "--redline-from", "v1"])
        .ok()
        .stdout();
    assert!(red.contains("市人社局") && red.contains("<ins") && red.contains("<del"));

    let file = ws.join("v1.docx");
    ws.run(&["export", "v1", "--format", "docx", "-o", path_str(&file)])
        .ok();
    let doc = consult::docx::read_docx(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        doc.properties.creator.as_deref(),
        Some("市科技局"),
        "the issuer"
    );
    assert!(doc.revisions.is_empty());
}

#[test]
fn the_redline_docx_accepts_to_the_new_version_and_rejects_to_the_old() {
    let ws = Ws::example();
    with_v2(&ws);
    let file = ws.join("redline.docx");
    ws.run(&[
        "export",
        "v2",
        "--format",
        "docx",
        "--redline-from",
        "v1",
        "-o",
        path_str(&file),
        "--now",
        "2023-05-29 09:30",
    ])
    .ok();
    let doc = consult::docx::read_docx(&std::fs::read(&file).unwrap()).unwrap();
    assert!(doc.revisions.len() >= 6, "{}", doc.revisions.len());
    for r in &doc.revisions {
        assert_eq!(r.author, "市科技局");
        assert_eq!(r.date.as_deref(), Some("2023-05-29T09:30:00Z"));
    }
    // Numbers whole: 300 → 500 is one deleted and one inserted number.
    assert!(
        doc.revisions
            .iter()
            .any(|r| r.text == "300" && r.kind == consult::docx::RevisionKind::Delete)
    );
    use consult::docx::View;
    assert_eq!(
        squeeze(&doc.plain_text(View::Accepted)),
        squeeze(&export_txt(&ws, "v2"))
    );
    assert_eq!(
        squeeze(&doc.plain_text(View::Rejected)),
        squeeze(&export_txt(&ws, "v1"))
    );
}

#[test]
fn pandoc_reads_every_export_as_the_txt_export() {
    let Some(pandoc) = which("pandoc") else {
        eprintln!("SKIP pandoc_reads_every_export_as_the_txt_export: pandoc is not installed");
        return;
    };
    let ws = Ws::example();
    with_v2(&ws);
    for version in ["v1", "v2", "t1"] {
        let file = ws.join(&format!("{version}.docx"));
        ws.run(&["export", version, "--format", "docx", "-o", path_str(&file)])
            .ok();
        assert_eq!(
            squeeze(&pandoc_plain(&pandoc, &file, "accept")),
            squeeze(&export_txt(&ws, version)),
            "{version}"
        );
    }
    for (from, to) in [("v1", "v2"), ("v2", "v1"), ("v1", "t1")] {
        let file = ws.join(&format!("{from}-{to}.docx"));
        ws.run(&[
            "export",
            to,
            "--format",
            "docx",
            "--redline-from",
            from,
            "-o",
            path_str(&file),
        ])
        .ok();
        assert_eq!(
            squeeze(&pandoc_plain(&pandoc, &file, "accept")),
            squeeze(&export_txt(&ws, to)),
            "{from} → {to}, accepted"
        );
        assert_eq!(
            squeeze(&pandoc_plain(&pandoc, &file, "reject")),
            squeeze(&export_txt(&ws, from)),
            "{from} → {to}, rejected"
        );
    }
}

#[test]
fn libreoffice_converts_the_exports_to_pdf() {
    let Some(soffice) = which("soffice").or_else(|| which("libreoffice")) else {
        eprintln!("SKIP libreoffice_converts_the_exports_to_pdf: LibreOffice is not installed");
        return;
    };
    let ws = Ws::example();
    with_v2(&ws);
    let plain = ws.join("v2.docx");
    let redline = ws.join("redline.docx");
    ws.run(&["export", "v2", "--format", "docx", "-o", path_str(&plain)])
        .ok();
    ws.run(&[
        "export",
        "v2",
        "--format",
        "docx",
        "--redline-from",
        "v1",
        "-o",
        path_str(&redline),
    ])
    .ok();
    let out_dir = ws.join("pdf");
    let _ = soffice;
    for file in [&plain, &redline] {
        if let Err(e) = crate::office::convert(file, "pdf", &out_dir) {
            panic!("soffice --convert-to pdf {}: {e}", file.display());
        }
    }
    for name in ["v2.pdf", "redline.pdf"] {
        let pdf = std::fs::read(out_dir.join(name)).unwrap_or_default();
        assert!(
            pdf.starts_with(b"%PDF") && pdf.len() > 10_000,
            "{name}: {} bytes",
            pdf.len()
        );
    }
}

#[test]
fn importing_a_marked_up_docx_accepts_its_changes_and_leaves_comments() {
    let ws = Ws::example();
    let file = ws.write("tracked.docx", tracked_docx());
    let out = ws.run(&["import", path_str(&file), "--as", "v2"]).ok();
    assert!(
        out.stderr().contains("3 tracked changes were accepted"),
        "{}",
        out.stderr()
    );
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("给予最高500万元的研发费资助") && v2.contains("市外办、市人社局"));
    let file = ws.write("comment.docx", seed_comment_docx());
    let out = ws.run(&["import", path_str(&file), "--as", "v3"]).ok();
    assert!(
        out.stderr().contains("1 comments were not imported"),
        "{}",
        out.stderr()
    );
    assert_eq!(clauses_of(&ws, "v3"), clauses_of(&ws, "v1"));
}
