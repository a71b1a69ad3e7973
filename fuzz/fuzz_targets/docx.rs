//! Fuzz target `docx`: any bytes through the .docx reader. The first byte
//! picks how the rest is used: as a whole .docx (zip), or as one XML part
//! (document, comments, commentsExtended, styles, numbering, core
//! properties) packed into a zip around it, so the fuzzer reaches the XML
//! walk without having to discover the zip format first. The reader may
//! refuse the input but must never panic, hang or run out of memory.
#![no_main]

use std::io::{Cursor, Write};

use consult::docx::{View, read_docx};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

/// A minimal body to go with a fuzzed part other than the document.
const DOCUMENT: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body><w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:commentRangeStart w:id="0"/><w:r><w:t>x</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p></w:body></w:document>"#;

const PARTS: [&str; 6] = [
    "word/document.xml",
    "word/comments.xml",
    "word/commentsExtended.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "docProps/core.xml",
];

/// A stored (uncompressed) zip of these parts.
fn package(parts: &[(&str, &[u8])]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        zip.start_file(*name, options).ok()?;
        zip.write_all(content).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fn exercise(bytes: &[u8]) {
    let Ok(doc) = read_docx(bytes) else {
        return;
    };
    for view in [View::Accepted, View::Rejected, View::All] {
        let _ = doc.plain_text(view);
    }
    let _ = doc.threads();
    let paragraphs = doc.paragraphs();
    for (i, p) in paragraphs.iter().enumerate() {
        assert_eq!(p.index, i, "paragraph indices are positions");
    }
    let n = paragraphs.len();
    let pointers = doc.revisions.iter().map(|r| r.paragraph);
    for i in pointers
        .chain(doc.comments.iter().map(|c| c.paragraph))
        .flatten()
    {
        assert!(
            i < n,
            "a revision or comment points past the last paragraph"
        );
    }
    for p in &paragraphs {
        for run in &p.runs {
            let marks = run.inserted.into_iter().chain(run.deleted);
            for r in marks {
                assert!(
                    r < doc.revisions.len(),
                    "a run points past the last revision"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match PARTS.get(usize::from(mode % 8)) {
        None => exercise(rest),
        Some(&"word/document.xml") => {
            if let Some(zip) = package(&[("word/document.xml", rest)]) {
                exercise(&zip);
            }
        }
        Some(&part) => {
            if let Some(zip) = package(&[("word/document.xml", DOCUMENT.as_bytes()), (part, rest)])
            {
                exercise(&zip);
            }
        }
    }
});
