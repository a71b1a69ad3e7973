//! Old and other word-processor files (.doc, .wps, .rtf, .odt) converted to
//! .docx by LibreOffice headless, then read as a .docx reply. The original
//! is kept as received; only the reading goes through the conversion.
//!
//! Each conversion gets its own LibreOffice user profile in a private
//! temporary folder (two conversions sharing a profile block each other)
//! and a time limit, after which LibreOffice and its children are killed.

use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Position, Result};
use crate::intake::tools::{self, Scratch};
use crate::t;

/// LibreOffice's time limit for one file (its first start makes a profile).
const LIMIT: Duration = Duration::from_secs(120);

/// Convert a word-processor file to .docx bytes. `ext` is the file's
/// format (`doc`, `wps`, `rtf`, `odt`), used as the input's extension so
/// LibreOffice picks the right filter.
pub fn to_docx(bytes: &[u8], ext: &str, path: &Path) -> Result<Vec<u8>> {
    if ext == "doc" && !has_word_stream(bytes) {
        return Err(cannot_convert(
            path,
            crate::i18n::tr(
                "OLE 文件中没有 WordDocument 数据流，不是 Word 文档",
                "the OLE file has no WordDocument stream; it is not a Word document",
            ),
        ));
    }
    let dir = Scratch::new()?;
    let input = format!("reply.{ext}");
    dir.write(&input, bytes)?;
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let ran = tools::SOFFICE.run(
        &[
            "--headless",
            "--norestore",
            "--nologo",
            &profile,
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            "out",
            &input,
        ],
        dir.path(),
        LIMIT,
        path,
    )?;
    let out = dir.path().join("out/reply.docx");
    match std::fs::read(&out) {
        Ok(docx) if !docx.is_empty() => Ok(docx),
        _ => Err(cannot_convert(path, &last_line(&ran.stderr))),
    }
}

fn cannot_convert(path: &Path, why: &str) -> Error {
    Error::input(
        Position::file(path),
        t!(
            "LibreOffice 无法转换此文件（{}）",
            "LibreOffice cannot convert this file ({})",
            why
        ),
    )
    .with_hint(crate::i18n::tr(
        "文件可能已损坏；请对方在 Word/WPS 中另存为 .docx 后再发送",
        "the file may be damaged; ask the sender to save it as .docx in Word/WPS",
    ))
}

/// Whether an OLE2 file names a `WordDocument` stream (UTF-16 in its
/// directory), as every Word 97–2003 document does. Excel workbooks and
/// damaged files do not; LibreOffice would otherwise import their bytes
/// as text.
fn has_word_stream(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn last_line(s: &str) -> String {
    let line = s
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output");
    line.trim().chars().take(200).collect()
}
