//! The Word layer: the .docx reader on the real-world corpus of
//! `../shared/corpus/docx` (counts against its manifest, text against
//! pandoc's readings), on hostile input (each refused fast), and the
//! official-document writer checked by reading its output back — with our
//! reader, and with pandoc and LibreOffice when they are installed.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use consult::docx::{
    DocxDocument, DocxError, Limits, RevisionKind, View, read_docx, read_docx_with,
};

// ---------------------------------------------------------------- corpus

/// The corpus folder, or `None` (with a visible skip line) when ../shared is absent.
fn corpus() -> Option<PathBuf> {
    let dir = crate::harness::shared_dir().map(|shared| shared.join("corpus/docx"));
    if dir.as_ref().is_some_and(|d| d.is_dir()) {
        dir
    } else {
        eprintln!(
            "SKIP: {}/../shared/corpus/docx is absent; corpus tests not run",
            env!("CARGO_MANIFEST_DIR")
        );
        None
    }
}

/// The manifest: one JSON object per corpus file (derived files included).
fn manifest(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// Where a manifest entry's file is: the corpus folder or derived_lo74/.
fn corpus_path(dir: &Path, file: &str) -> PathBuf {
    let direct = dir.join(file);
    if direct.exists() {
        direct
    } else {
        dir.join("derived_lo74").join(file)
    }
}

fn read_corpus(dir: &Path, file: &str) -> DocxDocument {
    let path = corpus_path(dir, file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_docx(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_corpus_file_reads() {
    let Some(dir) = corpus() else { return };
    let mut files = Vec::new();
    for sub in [dir.clone(), dir.join("derived_lo74")] {
        for entry in std::fs::read_dir(&sub).expect("corpus dir").flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "docx") {
                files.push(path);
            }
        }
    }
    assert_eq!(
        files.len(),
        30,
        "26 originals and 4 LibreOffice round-trips"
    );
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let doc = read_docx(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains("NEGCTRL") && !name.contains("comment_in_delete_in_insert") {
            assert!(!doc.plain_text(View::All).is_empty(), "{name}: no text");
        }
    }
}

fn count(doc: &DocxDocument, kind: RevisionKind, inserted: bool) -> u64 {
    doc.revisions
        .iter()
        .filter(|r| r.kind == kind && r.inserted == inserted)
        .count() as u64
}

#[test]
fn corpus_counts_agree_with_the_manifest() {
    let Some(dir) = corpus() else { return };
    let entries = manifest(&dir);
    assert_eq!(entries.len(), 30);
    let mut summary = Vec::new();
    for entry in &entries {
        let file = entry["file"].as_str().expect("file");
        let want = |field: &str| {
            entry[field]
                .as_u64()
                .unwrap_or_else(|| panic!("{file}: {field}"))
        };
        let doc = read_corpus(&dir, file);

        // Comments, replies (comments with a parent), resolved comments.
        let replies = doc.comments.iter().filter(|c| c.parent.is_some()).count() as u64;
        let done = doc.comments.iter().filter(|c| c.done).count() as u64;
        assert_eq!(
            doc.comments.len() as u64,
            want("comments"),
            "{file}: comments"
        );
        assert_eq!(replies, want("replies"), "{file}: replies");
        assert_eq!(done, want("done"), "{file}: done");
        let threads = doc.threads();
        assert_eq!(
            threads.len() as u64,
            want("comments") - want("replies"),
            "{file}: threads"
        );
        let in_threads: usize = threads.iter().map(|t| 1 + t.replies.len()).sum();
        assert_eq!(
            in_threads,
            doc.comments.len(),
            "{file}: every comment in one thread"
        );

        // Tracked changes. The manifest tells a "run" from a "mark" by the
        // XML's spelling: a self-closing <w:ins/> is a mark, an open-close
        // <w:ins>…</w:ins> a run. We tell them by position: w:ins/w:del in a
        // paragraph mark's w:rPr or in w:trPr is a mark, elsewhere a run.
        // Word writes marks self-closing, so the two rules agree on Word's
        // files; LibreOffice writes empty marks as <w:ins></w:ins>, so for
        // its files only the totals (run + mark) agree.
        let ins_runs = count(&doc, RevisionKind::Insert, true);
        let del_runs = count(&doc, RevisionKind::Delete, false);
        let ins_marks = count(&doc, RevisionKind::ParagraphMark, true)
            + count(&doc, RevisionKind::TableRow, true);
        let del_marks = count(&doc, RevisionKind::ParagraphMark, false)
            + count(&doc, RevisionKind::TableRow, false);
        let libreoffice = entry["application"]
            .as_str()
            .unwrap_or("")
            .contains("LibreOffice");
        if libreoffice {
            assert_eq!(
                ins_runs + ins_marks,
                want("ins_run") + want("ins_mark"),
                "{file}: ins"
            );
            assert_eq!(
                del_runs + del_marks,
                want("del_run") + want("del_mark"),
                "{file}: del"
            );
        } else {
            assert_eq!(ins_runs, want("ins_run"), "{file}: ins runs");
            assert_eq!(del_runs, want("del_run"), "{file}: del runs");
            assert_eq!(ins_marks, want("ins_mark"), "{file}: ins marks");
            assert_eq!(del_marks, want("del_mark"), "{file}: del marks");
        }
        let moves =
            count(&doc, RevisionKind::MoveFrom, false) + count(&doc, RevisionKind::MoveTo, true);
        assert_eq!(moves, want("move"), "{file}: moves");
        let formats = doc
            .revisions
            .iter()
            .filter(|r| r.kind == RevisionKind::Format)
            .count();
        assert_eq!(formats as u64, want("fmt_change"), "{file}: format changes");

        summary.push(format!(
            "{file}: {} comments ({} threads, {replies} replies, {done} done), ins {ins_runs}+{ins_marks}, del {del_runs}+{del_marks}, moves {moves}, formats {formats}",
            doc.comments.len(),
            threads.len()
        ));
    }
    eprintln!("corpus summary:\n  {}", summary.join("\n  "));
}

/// The paragraphs of a pandoc `-t native` file: the text of its Str, Space,
/// SoftBreak and LineBreak inlines, comment bodies (Span "comment-start")
/// left out, one string per Para/Plain/Header.
fn pandoc_paragraphs(native: &str) -> Vec<String> {
    let tokens = tokenize(native);
    let mut pos = 0;
    let mut terms = Vec::new();
    while pos < tokens.len() {
        terms.push(parse_term(&tokens, &mut pos));
        if matches!(tokens.get(pos), Some(Tok::Punct(','))) {
            pos += 1;
        }
    }
    let mut paragraphs = Vec::new();
    for term in &terms {
        collect_blocks(term, &mut paragraphs);
    }
    paragraphs
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Punct(char),
}

#[derive(Debug, Clone)]
enum Node {
    Word(String),
    Str(String),
    List(Vec<Vec<Node>>),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' | '(' | ')' | ',' => tokens.push(Tok::Punct(c)),
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('&') | None => {}
                            Some(d) if d.is_ascii_digit() => {
                                let mut n = d.to_digit(10).unwrap();
                                while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                                    n = n * 10 + d;
                                    chars.next();
                                }
                                s.push(char::from_u32(n).expect("char code"));
                            }
                            Some(other) => s.push(other),
                        },
                        _ => s.push(c),
                    }
                }
                tokens.push(Tok::Str(s));
            }
            c if c.is_whitespace() => {}
            _ => {
                let mut w = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "[](),\"".contains(n) {
                        break;
                    }
                    w.push(n);
                    chars.next();
                }
                tokens.push(Tok::Word(w));
            }
        }
    }
    tokens
}

/// A term: atoms side by side (a constructor and its arguments) up to a
/// comma or a closing bracket.
fn parse_term(tokens: &[Tok], pos: &mut usize) -> Vec<Node> {
    let mut term = Vec::new();
    while let Some(tok) = tokens.get(*pos) {
        match tok {
            Tok::Punct(',' | ']' | ')') => break,
            Tok::Punct(_) => {
                *pos += 1;
                let mut items = Vec::new();
                loop {
                    match tokens.get(*pos) {
                        Some(Tok::Punct(']' | ')')) | None => {
                            *pos += 1;
                            break;
                        }
                        Some(Tok::Punct(',')) => *pos += 1,
                        _ => items.push(parse_term(tokens, pos)),
                    }
                }
                term.push(Node::List(items));
            }
            Tok::Word(w) => {
                term.push(Node::Word(w.clone()));
                *pos += 1;
            }
            Tok::Str(s) => {
                term.push(Node::Str(s.clone()));
                *pos += 1;
            }
        }
    }
    term
}

fn collect_blocks(term: &[Node], out: &mut Vec<String>) {
    match term {
        [Node::Word(w), Node::List(items)] if w == "Para" || w == "Plain" => {
            let mut text = String::new();
            for item in items {
                collect_inlines(item, &mut text);
            }
            out.push(text);
        }
        [Node::Word(w), Node::Word(_), _, Node::List(items)] if w == "Header" => {
            let mut text = String::new();
            for item in items {
                collect_inlines(item, &mut text);
            }
            out.push(text);
        }
        _ => {
            for node in term {
                if let Node::List(items) = node {
                    for item in items {
                        collect_blocks(item, out);
                    }
                }
            }
        }
    }
}

fn collect_inlines(term: &[Node], out: &mut String) {
    match term {
        [Node::Word(w), Node::Str(s)] if w == "Str" => out.push_str(s),
        [Node::Word(w)] if w == "Space" || w == "SoftBreak" => out.push(' '),
        [Node::Word(w)] if w == "LineBreak" => out.push('\n'),
        [Node::Word(w), Node::List(attr), Node::List(_)] if w == "Span" && is_comment(attr) => {}
        _ => {
            for node in term {
                if let Node::List(items) = node {
                    for item in items {
                        collect_inlines(item, out);
                    }
                }
            }
        }
    }
}

/// Whether a Span's attributes ("", [classes], [pairs]) hold "comment-start".
fn is_comment(attr: &[Vec<Node>]) -> bool {
    attr.iter().any(|term| {
        term.iter().any(|node| match node {
            Node::List(classes) => classes
                .iter()
                .any(|c| matches!(c.as_slice(), [Node::Str(s)] if s == "comment-start")),
            _ => false,
        })
    })
}

/// Lines with white space collapsed, empty ones dropped; with `strip`, all
/// white space removed.
fn normalise<S: AsRef<str>>(lines: impl IntoIterator<Item = S>, strip: bool) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| {
            let words: Vec<&str> = l.as_ref().split_whitespace().collect();
            words.join(if strip { "" } else { " " })
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn native_parser_reads_pandoc_syntax() {
    let native = r#"[Para [Str "A\233",Space,Span ("",["comment-start"],[("id","0")]) [Str "hidden"],Str "b\"c\\",LineBreak,Str "d"]
        ,Header 1 ("x",[],[]) [Str "H"]]"#;
    assert_eq!(pandoc_paragraphs(native), ["Aé b\"c\\\nd", "H"]);
}

#[test]
fn corpus_text_agrees_with_pandoc() {
    let Some(dir) = corpus() else { return };
    let oracles = dir.join("oracles/pandoc");
    // (docx, native, view): which reading each oracle file is (README.md).
    let cases = [
        ("pandoc__comments.docx", "comments.native", View::All),
        (
            "pandoc__comments.docx",
            "comments_no_comments.native",
            View::Accepted,
        ),
        (
            "pandoc__comments.docx",
            "comments_no_comments.native",
            View::Rejected,
        ),
        (
            "pandoc__track_changes_insertion.docx",
            "track_changes_insertion_accept.native",
            View::Accepted,
        ),
        (
            "pandoc__track_changes_insertion.docx",
            "track_changes_insertion_reject.native",
            View::Rejected,
        ),
        (
            "pandoc__track_changes_insertion.docx",
            "track_changes_insertion_all.native",
            View::All,
        ),
        (
            "pandoc__track_changes_deletion.docx",
            "track_changes_deletion_accept.native",
            View::Accepted,
        ),
        (
            "pandoc__track_changes_deletion.docx",
            "track_changes_deletion_reject.native",
            View::Rejected,
        ),
        (
            "pandoc__track_changes_deletion.docx",
            "track_changes_deletion_all.native",
            View::All,
        ),
        (
            "pandoc__track_changes_move.docx",
            "track_changes_move_accept.native",
            View::Accepted,
        ),
        (
            "pandoc__track_changes_move.docx",
            "track_changes_move_reject.native",
            View::Rejected,
        ),
        (
            "pandoc__track_changes_move.docx",
            "track_changes_move_all.native",
            View::All,
        ),
        (
            "pandoc__paragraph_insertion_deletion.docx",
            "paragraph_insertion_deletion_accept.native",
            View::Accepted,
        ),
        (
            "pandoc__paragraph_insertion_deletion.docx",
            "paragraph_insertion_deletion_reject.native",
            View::Rejected,
        ),
        (
            "pandoc__paragraph_insertion_deletion.docx",
            "paragraph_insertion_deletion_all.native",
            View::All,
        ),
        (
            "pandoc__track_changes_scrubbed_metadata.docx",
            "track_changes_scrubbed_metadata.native",
            View::All,
        ),
    ];
    for (file, native, view) in cases {
        let doc = read_corpus(&dir, file);
        let expected =
            pandoc_paragraphs(&std::fs::read_to_string(oracles.join(native)).expect(native));
        assert!(!expected.is_empty(), "{native}: nothing parsed");
        // When a paragraph mark is deleted Word joins the two paragraphs as
        // they are; pandoc puts a space between them. So for a document with
        // paragraph-mark changes white space is ignored altogether.
        let strip = doc
            .revisions
            .iter()
            .any(|r| r.kind == RevisionKind::ParagraphMark);
        let ours = normalise(doc.plain_text(view).lines(), strip);
        assert_eq!(
            ours,
            normalise(&expected, strip),
            "{file} {view:?} vs {native}"
        );
    }
}

#[test]
fn corpus_comment_and_revision_details() {
    let Some(dir) = corpus() else { return };
    let doc = read_corpus(&dir, "pandoc__comments.docx");
    let c = &doc.comments;
    assert_eq!(c[0].anchor.trim(), "some text to have a comment");
    assert_eq!(
        c[1].anchor, "a new paragraph.\nAnd so",
        "anchor across paragraphs"
    );
    assert_eq!(c[1].paragraph, Some(1));
    assert_eq!(c[2].text, "This one has multiple paragraphs.\n\nSee?");
    assert_eq!(
        c[4].parent.as_deref(),
        Some("3"),
        "nested comment is a reply"
    );
    assert_eq!(c[3].anchor, c[4].anchor);

    let doc = read_corpus(&dir, "mammoth__comments.docx");
    assert_eq!(doc.comments[1].anchor, "", "a comment on a point");
    assert_eq!(doc.comments[1].paragraph, Some(0));

    let doc = read_corpus(&dir, "docx2python__test_file_with_comments.docx");
    let done: Vec<&str> = doc
        .comments
        .iter()
        .filter(|c| c.done)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(done, ["Comment 8 - marked Resolved"]);
    let in_table = doc
        .comments
        .iter()
        .find(|c| c.text == "Comment in a table")
        .unwrap();
    let para = doc.paragraph(in_table.paragraph.unwrap()).unwrap();
    assert!(para.in_table && para.text(View::All).contains("R1C1"));

    // A comment inside a deletion inside an insertion: the text is gone
    // either way, the comment and its anchor are kept.
    let doc = read_corpus(&dir, "docxrs__comment_in_delete_in_insert.docx");
    assert_eq!(doc.comments[0].anchor, "World");
    assert_eq!(doc.plain_text(View::Accepted), "");
    assert_eq!(doc.plain_text(View::Rejected), "");
    assert_eq!(doc.plain_text(View::All), "HelloWorld");

    let doc = read_corpus(&dir, "pandoc__track_changes_deletion.docx");
    let del = &doc.revisions[0];
    assert_eq!(
        (del.kind, del.author.as_str()),
        (RevisionKind::Delete, "eng-dept")
    );
    assert_eq!(del.date.as_deref(), Some("2014-06-25T10:42:00Z"));
    assert_eq!(del.text, "n excessively modified");
    assert_eq!(del.accepted, "This is a text with a deletion.");
    assert_eq!(
        del.rejected,
        "This is a text with an excessively modified deletion."
    );

    // Chinese text from WPS: a deleted table row and its cells.
    let doc = read_corpus(&dir, "poitl__issue636_zh_wps_word.docx");
    assert!(doc.plain_text(View::Rejected).contains("项目委托单位"));
    assert!(!doc.plain_text(View::Accepted).contains("项目委托单位"));
    let han: usize = doc
        .plain_text(View::All)
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    assert!(han >= 50, "{han} Han characters");

    let doc = read_corpus(&dir, "docx2python__libreoffice_conversion_zh_NEGCTRL.docx");
    let text = doc.plain_text(View::All);
    let han = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    assert!(han > 10_000, "{han} Han characters");
    assert!(doc.comments.is_empty() && doc.revisions.is_empty());
}

// ------------------------------------------------------------ bad input

/// A zip with these (name, bytes) entries, written with zip's writer.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn document_xml(text: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    )
}

/// Read `bytes`, asserting it fails; returns the error.
fn refused(bytes: &[u8]) -> DocxError {
    let result = read_docx(bytes);
    match result {
        Ok(doc) => panic!(
            "read although it should not: {:?}",
            doc.plain_text(View::All)
        ),
        Err(e) => e,
    }
}

#[test]
fn not_a_zip_is_refused() {
    for bytes in [
        &b""[..],
        b"hello, this is plain text",
        b"PK",
        "中文".as_bytes(),
    ] {
        let err = refused(bytes);
        assert!(
            matches!(err, DocxError::NotZip(_) | DocxError::Damaged(_)),
            "{err:?}"
        );
        assert!(err.hint().is_some());
    }
    assert!(matches!(refused(b"plain text"), DocxError::NotZip(_)));
}

#[test]
fn truncated_zips_are_refused_at_every_length() {
    let good = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "word/document.xml",
            document_xml(&"征求意见".repeat(200)).as_bytes(),
        ),
    ]);
    assert!(read_docx(&good).is_ok());
    for cut in (1..good.len()).step_by(7) {
        assert!(
            read_docx(&good[..cut]).is_err(),
            "cut at {cut} of {}",
            good.len()
        );
    }
    assert!(matches!(
        refused(&good[..good.len() / 2]),
        DocxError::Damaged(_)
    ));
}

#[test]
fn an_old_doc_is_refused_with_save_as_docx() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(4096, 0);
    let err = refused(&doc);
    assert!(matches!(err, DocxError::LegacyDoc));
    assert!(err.to_string().contains(".doc"), "{err}");
    assert!(err.hint().unwrap().contains(".docx"));
    let error = err.into_error("reply.doc");
    assert_eq!(error.exit_code(), 2);
    let shown = error.to_string();
    assert!(
        shown.contains("reply.doc") && shown.contains(".docx"),
        "{shown}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(document_xml("x").as_bytes()).unwrap();
    for i in 0..1000 {
        zip.start_file(
            format!("word/media/{i}.xml"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let err = refused(&bytes);
    assert!(
        matches!(
            err,
            DocxError::TooManyEntries {
                count: 1001,
                limit: 1000
            }
        ),
        "{err:?}"
    );
}

#[test]
fn missing_parts_are_refused() {
    let bytes = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/styles.xml", b"<x/>"),
    ]);
    let err = refused(&bytes);
    assert!(
        matches!(&err, DocxError::MissingPart(p) if p == "word/document.xml"),
        "{err:?}"
    );
    assert!(err.to_string().contains("word/document.xml"));
}

#[test]
fn doctype_and_external_entities_never_leak_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "LEAKED-SECRET-42").unwrap();
    let url = format!("file://{}", secret.display());
    let attacks = [
        format!(
            r#"<!DOCTYPE d [<!ENTITY x SYSTEM "{url}">]><w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#
        ),
        format!(r#"<!DOCTYPE d [<!ENTITY % p SYSTEM "{url}"> %p;]><w:document {W}/>"#),
        format!(r#"<!DOCTYPE d SYSTEM "{url}"><w:document {W}/>"#),
        format!(
            r#"<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#
        ),
    ];
    for xml in &attacks {
        let err = refused(&zip_of(&[("word/document.xml", xml.as_bytes())]));
        assert!(matches!(err, DocxError::Doctype(_)), "{err:?}");
        assert!(!format!("{err} {err:?}").contains("LEAKED"));
    }
    // Without a DOCTYPE an entity reference is simply undefined.
    let xml = document_xml("&x;");
    let err = refused(&zip_of(&[("word/document.xml", xml.as_bytes())]));
    assert!(matches!(err, DocxError::Xml { .. }), "{err:?}");
}

#[test]
fn a_part_over_the_total_cap_is_refused() {
    let big = document_xml(&"a".repeat(600_000));
    let bytes = zip_of(&[
        ("word/document.xml", big.as_bytes()),
        ("word/styles.xml", big.as_bytes()),
    ]);
    let limits = Limits {
        entries: 10,
        part: 1_000_000,
        total: 1_000_000,
    };
    let err = read_docx_with(&bytes, limits).unwrap_err();
    assert!(
        matches!(err, DocxError::TotalTooLarge { limit: 1_000_000 }),
        "{err:?}"
    );
    let limits = Limits {
        part: 100_000,
        ..limits
    };
    let err = read_docx_with(&bytes, limits).unwrap_err();
    assert!(matches!(err, DocxError::EntryTooLarge { .. }), "{err:?}");
    assert!(read_docx(&bytes).is_ok());
}

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn align(&mut self) {
        if self.n > 0 {
            self.put(0, 8 - self.n);
        }
    }

    fn stored(&mut self, data: &[u8], last: bool) {
        self.put(u64::from(last), 1);
        self.put(0, 2);
        self.align();
        let len = data.len() as u16;
        self.out.extend(len.to_le_bytes());
        self.out.extend((!len).to_le_bytes());
        self.out.extend(data);
    }
}

/// A raw deflate stream of `prefix`, then `copies` × 258 repeats of its
/// last byte, then `suffix` — a zip bomb's payload. The repeats are one
/// dynamic-Huffman block whose only codes are "copy 258 bytes" and "end",
/// one bit each, with the one distance code (1 back) one bit: 2 bits per
/// 258 bytes, so 1.5 GB takes 1.45 MB. (Compressing 1.5 GB with zip's
/// writer would take minutes in a debug build.)
fn bomb_stream(prefix: &[u8], copies: u64, suffix: &[u8]) -> Vec<u8> {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.stored(prefix, false);
    b.put(0, 1); // not the last block
    b.put(2, 2); // dynamic Huffman codes
    b.put(29, 5); // 286 literal/length codes
    b.put(0, 5); // 1 distance code
    b.put(14, 4); // 18 code-length codes, in the order below
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        b.put(u64::from(symbol == 18 || symbol == 1), 3);
    }
    // Code-length codes: "1" is 0, "18" (a run of 11–138 zeros) is 1.
    b.put(1, 1);
    b.put(138 - 11, 7); // literals 0–137: unused
    b.put(1, 1);
    b.put(118 - 11, 7); // literals 138–255: unused
    b.put(0, 1); // 256 (end of block): 1 bit
    b.put(1, 1);
    b.put(28 - 11, 7); // lengths 257–284: unused
    b.put(0, 1); // 285 (length 258): 1 bit
    b.put(0, 1); // distance code 0 (1 back): 1 bit
    for _ in 0..copies {
        b.put(0b01, 2); // length 258 (code 1), distance 1 (code 0)
    }
    b.put(0, 1); // end of block (code 0)
    b.stored(suffix, true);
    b.align();
    b.out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One entry of a hand-built zip: name, deflated bytes, CRC and the
/// uncompressed size its headers declare.
struct RawEntry {
    name: &'static str,
    deflated: Vec<u8>,
    crc: u32,
    declared: u32,
}

/// A zip of deflated entries, built byte by byte.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(8u16.to_le_bytes()); // deflate
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date 1980-01-01
            v.extend(e.crc.to_le_bytes());
            v.extend((e.deflated.len() as u32).to_le_bytes());
            v.extend(e.declared.to_le_bytes());
            v.extend((e.name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(e.name.as_bytes());
        out.extend(&e.deflated);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend([0u8; 8]); // comment length, disk, internal and external attributes
        central.extend([0u8; 2]);
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A small entry, deflated as one stored block (so its CRC is real).
fn small_entry(name: &'static str, content: &[u8]) -> RawEntry {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.stored(content, true);
    RawEntry {
        name,
        deflated: b.out,
        crc: crc32(content),
        declared: content.len() as u32,
    }
}

/// 1.5 GB of XML (one w:t of 'a's) as a raw deflate stream, and its size.
fn bomb_payload() -> (Vec<u8>, u64) {
    let prefix = format!(r#"<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>a"#);
    let suffix = "</w:t></w:r></w:p></w:body></w:document>";
    let copies = 1_500_000_000 / 258;
    let stream = bomb_stream(prefix.as_bytes(), copies, suffix.as_bytes());
    let size = prefix.len() as u64 + copies * 258 + suffix.len() as u64;
    (stream, size)
}

#[test]
fn the_bomb_stream_is_valid_deflate() {
    // The same construction, small: zip's own reader inflates it exactly.
    let stream = bomb_stream(b"<a>x", 3, b"</a>");
    let entry = RawEntry {
        name: "word/document.xml",
        crc: crc32(&[b"<a>x".as_slice(), &[b'x'; 774], b"</a>"].concat()),
        declared: 4 + 774 + 4,
        deflated: stream,
    };
    let bytes = raw_zip(&[entry]);
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_index(0).unwrap(), &mut text).unwrap();
    assert_eq!(text, format!("<a>x{}</a>", "x".repeat(774)));
}

#[test]
fn a_zip_bomb_fails_fast() {
    let started = Instant::now();
    let (payload, size) = bomb_payload();
    eprintln!(
        "zip bomb: {:.2} MB holding {:.2} GB of XML, built in {:?}",
        payload.len() as f64 / 1e6,
        size as f64 / 1e9,
        started.elapsed()
    );
    assert!(payload.len() < 2_000_000 && size > 1_400_000_000);

    // Honest headers: refused from the declared size, nothing inflated.
    let honest = raw_zip(&[RawEntry {
        name: "word/document.xml",
        deflated: payload.clone(),
        crc: 0,
        declared: size as u32,
    }]);
    let err = refused(&honest);
    assert!(
        matches!(&err, DocxError::EntryTooLarge { name, .. } if name == "word/document.xml"),
        "{err:?}"
    );

    // Lying headers (1 kB declared): inflated through the 64 MB cap only.
    let started = Instant::now();
    let lying = raw_zip(&[RawEntry {
        name: "word/document.xml",
        deflated: payload.clone(),
        crc: 0,
        declared: 1000,
    }]);
    let err = refused(&lying);
    assert!(matches!(err, DocxError::EntryTooLarge { .. }), "{err:?}");
    eprintln!("lying zip bomb refused in {:?}: {err}", started.elapsed());

    // A bomb in a part the reader never needs is never inflated.
    let document = document_xml("正文");
    let aside = raw_zip(&[
        small_entry("word/document.xml", document.as_bytes()),
        RawEntry {
            name: "word/media/huge.xml",
            deflated: payload,
            crc: 0,
            declared: 1000,
        },
    ]);
    let doc = read_docx(&aside).expect("document next to an unread bomb");
    assert_eq!(doc.plain_text(View::Accepted), "正文");
}

// ---------------------------------------------------------------- writer

use consult::docx::{OfficialDocument, OfficialPara, OfficialRun, ParaKind, write_docx};

/// A redline of the seed's clause 5 (市人社局 added, 市外办 dropped), with
/// a new paragraph, a dropped paragraph and a table.
fn redline() -> OfficialDocument {
    OfficialDocument {
        title: "关于进一步支持产业创新集群人才发展的若干政策".into(),
        subtitle: Some("（征求意见稿）".into()),
        paragraphs: vec![
            OfficialPara::new(ParaKind::Heading, "一、支持引进高端人才团队"),
            OfficialPara {
                kind: ParaKind::Body,
                runs: vec![
                    OfficialRun::plain(
                        "5.支持引进高端人才团队。对新引进的顶尖人才团队给予最高5000万元项目资助。（责任单位：市委组织部、市科技局",
                    ),
                    OfficialRun::inserted("、市人社局"),
                    OfficialRun::deleted("、市外办"),
                    OfficialRun::plain("、各县级市（区）人民政府<管委会>）"),
                ],
            },
            OfficialPara {
                kind: ParaKind::Body,
                runs: vec![OfficialRun::inserted(
                    "政策来源：《关于支持产业创新集群建设的若干政策（试行）》",
                )],
            },
            OfficialPara {
                kind: ParaKind::Body,
                runs: vec![OfficialRun::deleted("新增资金测算：0万元。")],
            },
            OfficialPara {
                kind: ParaKind::Table(vec![
                    vec![
                        vec![OfficialRun::plain("条款")],
                        vec![OfficialRun::plain("资金")],
                    ],
                    vec![
                        vec![OfficialRun::plain("第五条")],
                        vec![
                            OfficialRun::deleted("0"),
                            OfficialRun::inserted("1000"),
                            OfficialRun::plain("万元"),
                        ],
                    ],
                ]),
                runs: Vec::new(),
            },
            OfficialPara::new(ParaKind::Signature, "苏州市科学技术局"),
            OfficialPara::new(ParaKind::Date, "2023年5月29日"),
        ],
        author: "市科技局".into(),
        date: chrono::DateTime::parse_from_rfc3339("2023-05-29T09:30:00+08:00").unwrap(),
    }
}

/// The texts the redline must give, accepted and rejected: one line a
/// paragraph, a table row as its cells.
fn redline_texts() -> (Vec<Vec<&'static str>>, Vec<Vec<&'static str>>) {
    // The title (22 characters, 20 to a line) is broken before 的若干政策.
    let head = [
        vec!["关于进一步支持产业创新集群人才发展"],
        vec!["的若干政策"],
        vec!["（征求意见稿）"],
        vec!["一、支持引进高端人才团队"],
    ];
    let accepted = [
        vec![
            "5.支持引进高端人才团队。对新引进的顶尖人才团队给予最高5000万元项目资助。（责任单位：市委组织部、市科技局、市人社局、各县级市（区）人民政府<管委会>）",
        ],
        vec!["政策来源：《关于支持产业创新集群建设的若干政策（试行）》"],
        vec!["条款", "资金"],
        vec!["第五条", "1000万元"],
    ];
    let rejected = [
        vec![
            "5.支持引进高端人才团队。对新引进的顶尖人才团队给予最高5000万元项目资助。（责任单位：市委组织部、市科技局、市外办、各县级市（区）人民政府<管委会>）",
        ],
        vec!["新增资金测算：0万元。"],
        vec!["条款", "资金"],
        vec!["第五条", "0万元"],
    ];
    let tail = [vec!["苏州市科学技术局"], vec!["2023年5月29日"]];
    (
        [&head[..], &accepted, &tail].concat(),
        [&head[..], &rejected, &tail].concat(),
    )
}

/// The lines as our reader gives them: the title's printed lines as one.
fn one_title_line(mut lines: Vec<&'static str>) -> Vec<String> {
    let title = format!("{}{}", lines.remove(0), lines.remove(0));
    std::iter::once(title)
        .chain(lines.into_iter().map(str::to_string))
        .collect()
}

#[test]
fn the_written_redline_reads_back_as_new_and_old() {
    let bytes = write_docx(&redline()).expect("write");
    let doc = read_docx(&bytes).expect("read back");
    let (accepted, rejected) = redline_texts();
    let cells = |rows: Vec<Vec<&'static str>>| one_title_line(rows.concat());
    assert_eq!(
        doc.plain_text(View::Accepted).lines().collect::<Vec<_>>(),
        cells(accepted)
    );
    assert_eq!(
        doc.plain_text(View::Rejected).lines().collect::<Vec<_>>(),
        cells(rejected)
    );
    for r in &doc.revisions {
        assert_eq!(
            (r.author.as_str(), r.date.as_deref()),
            ("市科技局", Some("2023-05-29T09:30:00Z"))
        );
    }
    // The insertion in clause 5, with what the lead needs to make it a
    // replace edit on its clause.
    let ins = doc
        .revisions
        .iter()
        .find(|r| r.kind == RevisionKind::Insert)
        .unwrap();
    assert_eq!(ins.text, "、市人社局");
    assert!(ins.accepted.contains("市科技局、市人社局、各县级市"));
    assert!(ins.rejected.contains("市科技局、市外办、各县级市"));
}

/// Where `program` is on PATH, if anywhere.
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// pandoc's plain-text reading, white space normalised, the rules of its
/// table drawing dropped (a table row reads as its cells side by side).
fn pandoc_text(pandoc: &Path, file: &Path, changes: Option<&str>) -> Vec<String> {
    let mut command = std::process::Command::new(pandoc);
    command.args(["-f", "docx", "-t", "plain", "--wrap=none"]);
    if let Some(changes) = changes {
        command.arg(format!("--track-changes={changes}"));
    }
    let out = command.arg(file).output().expect("run pandoc");
    assert!(
        out.status.success(),
        "pandoc: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines = text
        .lines()
        .filter(|l| !l.chars().all(|c| c == '-' || c == ' '));
    normalise(lines, false)
}

#[test]
fn pandoc_reads_the_written_redline_the_same() {
    let Some(pandoc) = which("pandoc") else {
        eprintln!("SKIP: pandoc is not installed; the pandoc check of the .docx writer is not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("redline.docx");
    std::fs::write(&file, write_docx(&redline()).unwrap()).unwrap();
    let (accepted, rejected) = redline_texts();
    let rows = |rows: Vec<Vec<&str>>| rows.iter().map(|r| r.join(" ")).collect::<Vec<_>>();
    let (accepted, rejected) = (rows(accepted), rows(rejected));
    assert_eq!(
        pandoc_text(&pandoc, &file, None),
        accepted,
        "pandoc -t plain"
    );
    assert_eq!(
        pandoc_text(&pandoc, &file, Some("accept")),
        accepted,
        "--track-changes=accept"
    );
    assert_eq!(
        pandoc_text(&pandoc, &file, Some("reject")),
        rejected,
        "--track-changes=reject"
    );
}

/// Run LibreOffice headless on `file` converting to `format` into `out`
/// (one at a time, a fresh profile, retried once); panics with soffice's
/// own message when it fails.
fn soffice_convert(
    _soffice: &Path,
    _profile: &Path,
    file: &Path,
    format: &str,
    out: &Path,
) -> bool {
    match crate::office::convert(file, format, out) {
        Ok(_) => true,
        Err(e) => panic!("soffice --convert-to {format} {}: {e}", file.display()),
    }
}

#[test]
fn libreoffice_converts_the_written_redline() {
    let Some(soffice) = which("soffice").or_else(|| which("libreoffice")) else {
        eprintln!(
            "SKIP: LibreOffice (soffice) is not installed; the PDF conversion check is not run"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let file = dir.path().join("redline.docx");
    std::fs::write(&file, write_docx(&redline()).unwrap()).unwrap();

    assert!(
        soffice_convert(&soffice, &profile, &file, "pdf", dir.path()),
        "soffice --convert-to pdf failed"
    );
    let pdf = std::fs::read(dir.path().join("redline.pdf")).expect("a PDF was written");
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 1000,
        "{} bytes",
        pdf.len()
    );

    // LibreOffice reads the tracked changes as tracked changes: saved back
    // as .docx, accepting and rejecting still give the new and old texts.
    let again = dir.path().join("lo");
    assert!(
        soffice_convert(&soffice, &profile, &file, "docx", &again),
        "soffice --convert-to docx failed"
    );
    let bytes = std::fs::read(again.join("redline.docx")).expect("a .docx was written");
    let doc = read_docx(&bytes).expect("read LibreOffice's .docx");
    let (accepted, rejected) = redline_texts();
    assert_eq!(
        doc.plain_text(View::Accepted).lines().collect::<Vec<_>>(),
        accepted.concat()
    );
    assert_eq!(
        doc.plain_text(View::Rejected).lines().collect::<Vec<_>>(),
        rejected.concat()
    );
    assert!(doc.revisions.iter().all(|r| r.author == "市科技局"));
}

// -------------------------------------------------------------- fixtures

/// The .docx fixtures in tests/fixtures/docx/, built from drafts/v1.md the
/// way Word writes such files, for the commands' tests (ingest, import):
///
/// - `seed_comment.docx`: the draft with the seed's Word comment on clause
///   5 (author gxc: "市委人才办：建议第五点责任单位加上市人社局");
/// - `seed_tracked.docx`: the draft with tracked changes by 市委组织部: 市人社局
///   inserted into clause 5's units, and in clause 7 市文广旅游局 replaced by
///   市文广旅局 (a deletion next to an insertion);
/// - `seed_numbered.docx`: the draft with its clause numbers as Word
///   automatic numbering ("%1." decimal), for `import`;
/// - `feedback_table.docx`: a 反馈意见表 (序号/条款/原文/修改意见/理由), two rows;
/// - `letter_no_objection.docx`: a reply letter saying 无修改意见.
pub fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let draft = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/drafts/v1.md"))
        .expect("drafts/v1.md");
    let lines: Vec<&str> = draft
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    vec![
        ("seed_comment.docx", seed_comment(&lines)),
        ("seed_tracked.docx", seed_tracked(&lines)),
        ("seed_numbered.docx", seed_numbered(&lines)),
        ("feedback_table.docx", feedback_table()),
        ("letter_no_objection.docx", letter()),
    ]
}

const WORD_NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14 w15""#
);

/// A complete package (content types, relationships, core properties)
/// around a body and the optional comments and numbering parts.
fn word_package(body: &str, comments: Option<(&str, &str)>, numbering: Option<&str>) -> Vec<u8> {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let decl = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
    let mut types = format!(
        r#"{decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
    );
    let mut rels = format!(
        r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    let mut parts: Vec<(String, String)> = Vec::new();
    if let Some((comments, extended)) = comments {
        types += &format!(
            r#"<Override PartName="/word/comments.xml" ContentType="{MAIN}.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="{MAIN}.commentsExtended+xml"/>"#
        );
        rels += &format!(
            r#"<Relationship Id="rId1" Type="{REL}/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/>"#
        );
        parts.push((
            "word/comments.xml".into(),
            format!(r#"{decl}<w:comments {WORD_NS}>{comments}</w:comments>"#),
        ));
        parts.push((
            "word/commentsExtended.xml".into(),
            format!(r#"{decl}<w15:commentsEx {WORD_NS}>{extended}</w15:commentsEx>"#),
        ));
    }
    if let Some(numbering) = numbering {
        types += &format!(
            r#"<Override PartName="/word/numbering.xml" ContentType="{MAIN}.numbering+xml"/>"#
        );
        rels +=
            &format!(r#"<Relationship Id="rId3" Type="{REL}/numbering" Target="numbering.xml"/>"#);
        parts.push((
            "word/numbering.xml".into(),
            format!(r#"{decl}<w:numbering {WORD_NS}>{numbering}</w:numbering>"#),
        ));
    }
    types += "</Types>";
    rels += "</Relationships>";
    let document = format!(
        r#"{decl}<w:document {WORD_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let core = format!(
        r#"{decl}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>gxc</dc:creator><cp:lastModifiedBy>gxc</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2023-05-24T08:20:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2023-05-24T08:20:00Z</dcterms:modified></cp:coreProperties>"#
    );
    let package_rels = format!(
        r#"{decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    );
    let mut all: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), types),
        ("_rels/.rels".into(), package_rels),
        ("docProps/core.xml".into(), core),
        ("word/_rels/document.xml.rels".into(), rels),
        ("word/document.xml".into(), document),
    ];
    all.extend(parts);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2023, 5, 24, 16, 20, 0).unwrap());
    for (name, content) in all {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

fn para(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

/// The draft's lines as paragraphs (the "# " of the title dropped); `clause`
/// gives the body of a paragraph specially when it returns Some.
fn draft_body(lines: &[&str], clause: impl Fn(&str) -> Option<String>) -> String {
    lines
        .iter()
        .map(|line| {
            let line = line.strip_prefix("# ").unwrap_or(line);
            clause(line).unwrap_or_else(|| para(&run(line)))
        })
        .collect()
}

fn seed_comment(lines: &[&str]) -> Vec<u8> {
    let units = "（责任单位：市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>）";
    let body = draft_body(lines, |line| {
        let head = line
            .strip_suffix(units)
            .filter(|_| line.starts_with("5."))?;
        Some(para(&format!(
            r#"{}<w:commentRangeStart w:id="0"/>{}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
            run(head),
            run(units)
        )))
    });
    let comment = r#"<w:comment w:id="0" w:author="gxc" w:date="2023-05-24T16:20:00Z" w:initials="g"><w:p w14:paraId="1A2B3C4D"><w:r><w:annotationRef/></w:r><w:r><w:t>市委人才办：建议第五点责任单位加上市人社局</w:t></w:r></w:p></w:comment>"#;
    let extended = r#"<w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/>"#;
    word_package(&body, Some((comment, extended)), None)
}

fn seed_tracked(lines: &[&str]) -> Vec<u8> {
    let change = |tag: &str, id: u32, text: &str| {
        let t = if tag == "w:del" { "w:delText" } else { "w:t" };
        format!(
            r#"<{tag} w:id="{id}" w:author="市委组织部" w:date="2023-05-24T16:20:00Z"><w:r><{t} xml:space="preserve">{}</{t}></w:r></{tag}>"#,
            escape(text)
        )
    };
    let body = draft_body(lines, |line| {
        if line.starts_with("5.") {
            let (head, tail) = line.split_once("市外办")?;
            return Some(para(&format!(
                "{}{}{}",
                run(&format!("{head}市外办")),
                change("w:ins", 1, "、市人社局"),
                run(tail)
            )));
        }
        if line.starts_with("7.") {
            let (head, tail) = line.split_once("市文广旅游局")?;
            return Some(para(&format!(
                "{}{}{}{}",
                run(head),
                change("w:del", 2, "市文广旅游局"),
                change("w:ins", 3, "市文广旅局"),
                run(tail)
            )));
        }
        None
    });
    word_package(&body, None, None)
}

fn seed_numbered(lines: &[&str]) -> Vec<u8> {
    let body = draft_body(lines, |line| {
        let (number, rest) = line.split_once('.')?;
        number.parse::<u32>().ok()?;
        Some(format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{}</w:p>"#,
            run(rest)
        ))
    });
    let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
    word_package(&body, None, Some(numbering))
}

fn feedback_table() -> Vec<u8> {
    let cell = |text: &str| {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="1600" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
            para(&run(text))
        )
    };
    let row = |cells: &[&str]| {
        format!(
            "<w:tr>{}</w:tr>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let table = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="8000" w:type="dxa"/></w:tblPr><w:tblGrid>{}</w:tblGrid>{}{}{}</w:tbl>"#,
        r#"<w:gridCol w:w="1600"/>"#.repeat(5),
        row(&["序号", "条款", "原文", "修改意见", "理由"]),
        row(&[
            "1",
            "第五条",
            "市外办",
            "责任单位增加市人社局",
            "人才职称评定由市人社局负责"
        ]),
        row(&[
            "2",
            "第七条",
            "市文广旅游局",
            "改为市文广旅局",
            "与部门名称一致"
        ]),
    );
    let body = [
        para(&run("反馈意见表")),
        para(&run("反馈单位：市人社局")),
        table,
        para(&run("联系人：张三  电话：65220000")),
    ]
    .concat();
    word_package(&body, None, None)
}

fn letter() -> Vec<u8> {
    let body = [
        para(&run("市教育局关于《关于进一步支持国家生物药技术创新中心等的若干政策（征求意见稿）》的反馈意见")),
        para(&run("市科技局：")),
        para(&run("经研究，我局对该政策无修改意见。")),
        para(&run("市教育局")),
        para(&run("2023年5月25日")),
    ]
    .concat();
    word_package(&body, None, None)
}

/// The fixture folder; with CONSULT_BLESS=1 the fixtures are rewritten.
#[test]
fn fixtures_are_up_to_date_and_read_as_intended() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docx"));
    let bless = std::env::var_os("CONSULT_BLESS").is_some_and(|v| v == "1");
    for (name, bytes) in fixtures() {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(
            on_disk == bytes,
            "{} is stale: run with CONSULT_BLESS=1",
            path.display()
        );
    }
    let read = |name: &str| read_docx(&std::fs::read(dir.join(name)).unwrap()).unwrap();

    let doc = read("seed_comment.docx");
    let comment = &doc.comments[0];
    assert_eq!(
        (comment.author.as_str(), comment.text.as_str()),
        ("gxc", "市委人才办：建议第五点责任单位加上市人社局")
    );
    assert_eq!(
        comment.anchor,
        "（责任单位：市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>）"
    );
    let anchored = doc.paragraph(comment.paragraph.unwrap()).unwrap();
    assert!(
        anchored
            .text(View::Accepted)
            .starts_with("5.支持引进高端人才团队")
    );
    assert_eq!(doc.threads().len(), 1);

    let doc = read("seed_tracked.docx");
    let kinds: Vec<(RevisionKind, &str)> = doc
        .revisions
        .iter()
        .map(|r| (r.kind, r.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (RevisionKind::Insert, "、市人社局"),
            (RevisionKind::Delete, "市文广旅游局"),
            (RevisionKind::Insert, "市文广旅局")
        ]
    );
    assert!(
        doc.revisions[0]
            .accepted
            .contains("市外办、市人社局，各县级市")
    );
    assert!(doc.revisions[0].rejected.contains("市外办，各县级市"));
    let draft =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/drafts/v1.md")).unwrap();
    let draft_text: Vec<&str> = draft
        .lines()
        .map(|l| l.trim().trim_start_matches("# "))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        doc.plain_text(View::Rejected).lines().collect::<Vec<_>>(),
        draft_text
    );

    let doc = read("seed_numbered.docx");
    let labelled: Vec<String> = doc
        .paragraphs()
        .iter()
        .filter_map(|p| {
            Some(format!(
                "{}{}",
                p.numbering.as_ref()?.label.as_deref()?,
                p.text(View::Accepted)
            ))
        })
        .collect();
    assert_eq!(labelled.len(), 10);
    assert!(
        labelled
            .iter()
            .zip(
                draft_text
                    .iter()
                    .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            )
            .all(|(a, b)| a == b)
    );

    let doc = read("feedback_table.docx");
    let consult::docx::DocxBlock::Table(rows) = &doc.blocks[2] else {
        panic!("no table");
    };
    let header: Vec<String> = rows[0].iter().map(|c| c.text(View::Accepted)).collect();
    assert_eq!(header, ["序号", "条款", "原文", "修改意见", "理由"]);
    assert_eq!(rows.len(), 3);

    assert!(
        read("letter_no_objection.docx")
            .plain_text(View::Accepted)
            .contains("无修改意见")
    );
}

// ------------------------------------------- official paperwork layout

use consult::docx::{CellAlign, OfficialTable, Orientation};

/// The text width of an A4 landscape page between the GB/T 9704 margins
/// (297 mm − 28 mm − 26 mm), in twips.
pub(crate) const LANDSCAPE_TEXT_WIDTH: u32 = 16838 - 1587 - 1474;

/// The part `name` of the .docx `bytes`, as text.
pub(crate) fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(name).expect(name), &mut text).unwrap();
    text
}

/// The first w:p of `document` holding `needle` (its XML, without the tags).
pub(crate) fn paragraph_holding<'a>(document: &'a str, needle: &str) -> &'a str {
    document
        .split("<w:p>")
        .skip(1)
        .map(|p| p.split("</w:p>").next().unwrap_or(""))
        .find(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("no paragraph holds {needle}"))
}

/// The definition of paragraph style `id` in styles.xml.
pub(crate) fn style_definition(styles: &str, id: &str) -> String {
    let start = styles
        .find(&format!(r#"w:styleId="{id}""#))
        .unwrap_or_else(|| panic!("no style {id}"));
    let rest = &styles[start..];
    rest[..rest.find("</w:style>").unwrap()].to_string()
}

/// Each table of `document`: its w:gridCol widths and its rows' XML.
pub(crate) fn tables(document: &str) -> Vec<(Vec<u32>, Vec<&str>)> {
    document
        .split("<w:tbl>")
        .skip(1)
        .map(|t| t.split("</w:tbl>").next().unwrap_or(""))
        .map(|t| {
            let widths = t
                .split(r#"<w:gridCol w:w=""#)
                .skip(1)
                .map(|s| s.split('"').next().unwrap().parse().unwrap())
                .collect();
            let rows = t
                .split("<w:tr>")
                .skip(1)
                .map(|r| r.split("</w:tr>").next().unwrap_or(""))
                .collect();
            (widths, rows)
        })
        .collect()
}

/// pandoc's plain-text reading of `file`, or `None` (with a visible skip
/// line) when pandoc is not installed.
pub(crate) fn pandoc_plain(file: &Path) -> Option<String> {
    let Some(pandoc) = which("pandoc") else {
        eprintln!("SKIP: pandoc is not installed; the pandoc reading is not checked");
        return None;
    };
    Some(pandoc_text(&pandoc, file, None).join("\n"))
}

/// One page of a PDF: its size in points and its text, white space removed.
#[derive(Debug)]
pub(crate) struct PdfPage {
    pub width: f64,
    pub height: f64,
    pub text: String,
}

impl PdfPage {
    pub fn landscape(&self) -> bool {
        self.width > self.height
    }
}

/// The pages of the PDF LibreOffice makes of `file` (read with poppler's
/// pdfinfo and pdftotext), or `None` (with a visible skip line) when
/// LibreOffice or poppler-utils is not installed.
pub(crate) fn pdf_pages(file: &Path) -> Option<Vec<PdfPage>> {
    let Some(soffice) = which("soffice").or_else(|| which("libreoffice")) else {
        eprintln!("SKIP: LibreOffice (soffice) is not installed; the PDF layout is not checked");
        return None;
    };
    if which("pdfinfo").is_none() || which("pdftotext").is_none() {
        eprintln!(
            "SKIP: poppler-utils (pdfinfo, pdftotext) is not installed; the PDF layout is not checked"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    assert!(
        soffice_convert(
            &soffice,
            &dir.path().join("profile"),
            file,
            "pdf",
            dir.path()
        ),
        "soffice --convert-to pdf failed"
    );
    let stem = file.file_stem().unwrap().to_string_lossy();
    let pdf = dir.path().join(format!("{stem}.pdf"));
    let tool = |args: &[&str]| {
        let out = std::process::Command::new(args[0])
            .args(&args[1..])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect(args[0]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // pdfinfo takes no output argument: "-" would be read as a file.
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(&pdf)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let sizes: Vec<(f64, f64)> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let numbers: Vec<f64> = l
                .split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (numbers[0], numbers[1])
        })
        .collect();
    assert!(!sizes.is_empty(), "pdfinfo: {info}");
    Some(
        sizes
            .iter()
            .enumerate()
            .map(|(i, &(width, height))| {
                let n = (i + 1).to_string();
                let text = tool(&["pdftotext", "-f", &n, "-l", &n]);
                PdfPage {
                    width,
                    height,
                    text: text.split_whitespace().collect(),
                }
            })
            .collect(),
    )
}

fn row(cells: &[&str]) -> Vec<Vec<OfficialRun>> {
    cells.iter().map(|c| vec![OfficialRun::plain(*c)]).collect()
}

/// Paperwork with every layout the writer offers: a letter (flush-left
/// addressee, signature, date), 附件1 on a new page under its centred
/// title, then a landscape 汇总表 long enough to run over several pages,
/// then portrait again.
fn paperwork() -> OfficialDocument {
    let mut rows = vec![row(&["序号", "单位", "意见内容", "采纳情况"])];
    for i in 1..=40 {
        let opinion = format!(
            "第{i}条意见：建议将支持对象扩大到新引进的高层次人才团队，并明确资金来源和兑现时限。"
        );
        rows.push(row(&[&i.to_string(), "市发改委", &opinion, "采纳"]));
    }
    let table = OfficialTable::new(rows)
        .with_widths([1, 3, 10, 2])
        .with_align([
            CellAlign::Centre,
            CellAlign::Centre,
            CellAlign::Left,
            CellAlign::Centre,
        ])
        .with_header();
    OfficialDocument {
        title: "关于征求意见的函".into(),
        subtitle: None,
        paragraphs: vec![
            OfficialPara::new(ParaKind::FlushLeft, "市发改委、市教育局、市工信局："),
            OfficialPara::new(ParaKind::Body, "请于2023年5月26日前反馈修改意见。"),
            OfficialPara::new(ParaKind::Signature, "苏州市科学技术局"),
            OfficialPara::new(ParaKind::Date, "2023年5月22日"),
            OfficialPara::marker(ParaKind::PageBreak),
            OfficialPara::new(ParaKind::Label, "附件1"),
            OfficialPara::new(ParaKind::CentredTitle, "征求意见单位名单"),
            OfficialPara::new(ParaKind::Body, "市发改委、市教育局、市工信局"),
            OfficialPara::marker(ParaKind::Layout(Orientation::Landscape)),
            OfficialPara::table(table),
            OfficialPara::marker(ParaKind::Layout(Orientation::Portrait)),
            OfficialPara::new(ParaKind::Body, "表后说明。"),
        ],
        author: "苏州市科学技术局".into(),
        date: chrono::DateTime::parse_from_rfc3339("2023-05-22T10:00:00+08:00").unwrap(),
    }
}

#[test]
fn paperwork_layout_is_in_the_xml_and_reads_back() {
    let bytes = write_docx(&paperwork()).unwrap();
    let document = docx_part(&bytes, "word/document.xml");
    let styles = docx_part(&bytes, "word/styles.xml");

    let addressee = paragraph_holding(&document, "市工信局：");
    assert!(
        addressee.contains(r#"<w:pStyle w:val="GongwenFlush"/>"#),
        "{addressee}"
    );
    assert!(!addressee.contains("w:ind"), "no indent of its own");
    let flush = style_definition(&styles, "GongwenFlush");
    assert!(
        flush.contains(r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#),
        "{flush}"
    );

    let label = paragraph_holding(&document, ">附件1<");
    let brk = label
        .find(r#"<w:br w:type="page"/>"#)
        .expect("a page break");
    assert!(
        brk < label.find(">附件1<").unwrap(),
        "the break comes before 附件1"
    );
    assert!(label.contains(r#"<w:pStyle w:val="GongwenLabel"/>"#));
    assert!(style_definition(&styles, "GongwenLabel").contains(r#"w:eastAsia="黑体""#));
    let title = paragraph_holding(&document, ">征求意见单位名单<");
    assert!(title.contains(r#"<w:pStyle w:val="GongwenAttachmentTitle"/>"#));
    let title_style = style_definition(&styles, "GongwenAttachmentTitle");
    assert!(title_style.contains(r#"<w:jc w:val="center"/>"#));
    assert!(title_style.contains(r#"w:eastAsia="方正小标宋简体""#));

    // Sections: portrait (letter, 附件1), landscape (table), portrait.
    let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 3);
    assert!(sections[0].contains(r#"<w:pgSz w:w="11906" w:h="16838" w:code="9"/>"#));
    assert!(sections[1].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#));
    assert!(sections[2].contains(r#"<w:pgSz w:w="11906" w:h="16838""#));

    let tables = tables(&document);
    assert_eq!(tables.len(), 1);
    let (widths, rows) = &tables[0];
    assert_eq!(widths.iter().sum::<u32>(), LANDSCAPE_TEXT_WIDTH);
    assert!(
        widths[0] < widths[3] && widths[3] < widths[1] && widths[1] < widths[2],
        "{widths:?}"
    );
    assert_eq!(rows.len(), 41);
    assert!(rows[0].starts_with("<w:trPr><w:tblHeader/></w:trPr>"));
    assert!(rows[1..].iter().all(|r| !r.contains("tblHeader")));
    assert!(rows[0].matches("GongwenTableHeader").count() == 4);
    assert!(style_definition(&styles, "GongwenTableHeader").contains("<w:b/>"));
    assert!(
        rows[1].contains("GongwenTableText"),
        "the opinion column is flush left"
    );
    assert!(style_definition(&styles, "GongwenTableText").contains(r#"<w:jc w:val="left"/>"#));

    let read = read_docx(&bytes).expect("our reader reads it");
    let text = read.plain_text(View::All);
    for line in [
        "市发改委、市教育局、市工信局：",
        "征求意见单位名单",
        "第40条意见：建议将支持对象扩大到新引进的高层次人才团队，并明确资金来源和兑现时限。",
        "表后说明。",
    ] {
        assert!(text.lines().any(|l| l.trim() == line), "{line}\n{text}");
    }
    let consult::docx::DocxBlock::Table(read_rows) = read
        .blocks
        .iter()
        .find(|b| matches!(b, consult::docx::DocxBlock::Table(_)))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(read_rows.len(), 41);
    assert_eq!(read_rows[0][2].text(View::All), "意见内容");
}

#[test]
fn pandoc_reads_the_paperwork_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paperwork.docx");
    std::fs::write(&file, write_docx(&paperwork()).unwrap()).unwrap();
    let Some(text) = pandoc_plain(&file) else {
        return;
    };
    for needle in [
        "市发改委、市教育局、市工信局：",
        "附件1",
        "征求意见单位名单",
        "序号 单位 意见内容 采纳情况",
        "表后说明。",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    assert!(text.contains("第40条意见"));
}

#[test]
fn libreoffice_lays_out_the_paperwork() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paperwork.docx");
    std::fs::write(&file, write_docx(&paperwork()).unwrap()).unwrap();
    let Some(pages) = pdf_pages(&file) else {
        return;
    };
    let summary: Vec<String> = pages
        .iter()
        .map(|p| {
            format!(
                "{}x{} {}",
                p.width,
                p.height,
                p.text.chars().take(30).collect::<String>()
            )
        })
        .collect();
    assert!(!pages[0].landscape() && pages[0].text.contains("市工信局："));
    let attachment = pages
        .iter()
        .position(|p| p.text.starts_with("附件1征求意见单位名单"))
        .unwrap_or_else(|| panic!("no page starts with 附件1: {summary:#?}"));
    assert!(
        !pages[..attachment]
            .iter()
            .any(|p| p.text.contains("征求意见单位名单"))
    );
    let table: Vec<&PdfPage> = pages.iter().filter(|p| p.landscape()).collect();
    assert!(table.len() >= 2, "the 40 rows run over pages: {summary:#?}");
    for page in &table {
        assert!(
            page.text.contains("序号单位意见内容采纳情况"),
            "the header repeats: {summary:#?}"
        );
    }
    assert!(table.iter().any(|p| p.text.contains("第40条意见")));
    let last = pages.last().unwrap();
    assert!(
        !last.landscape() && last.text.contains("表后说明。"),
        "{summary:#?}"
    );
}
