//! Replies that are not text or .docx: PDFs, scans and photos, and old or
//! other word-processor files. The format is told by content (`%PDF-`,
//! JPEG/PNG/TIFF magic, OLE2 for .doc/.wps, `{\rtf`, an ODF zip's
//! `mimetype`), never by the file name alone; the text found goes through
//! the same letter reader as a .txt reply (a converted file through the
//! .docx reader).
//!
//! OCR never decides silently: [`ocr_department`] takes a department only
//! when a name read is a listed name or alias exactly.

use std::path::Path;

use crate::consultation::{Consultation, Resolved};
use crate::error::{Error, Position, Result};
use crate::intake::{Format, NameSource, Parsed, convert, ocr, pages, pdf, reading_cache};
use crate::t;

/// A non-text reply format, told by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Pdf,
    Image,
    /// An OLE2 file: .doc, or .wps when so named.
    Ole {
        wps: bool,
    },
    Rtf,
    Odt,
}

/// The media a file's bytes are, if any of these.
pub fn sniff(bytes: &[u8], path: &Path) -> Option<Media> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Media::Pdf);
    }
    let image_magic: [&[u8]; 4] = [b"\xFF\xD8\xFF", b"\x89PNG\r\n\x1A\n", b"II*\0", b"MM\0*"];
    if image_magic.iter().any(|m| bytes.starts_with(m)) {
        return Some(Media::Image);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        let wps = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("wps"));
        return Some(Media::Ole { wps });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(Media::Rtf);
    }
    if bytes.starts_with(b"PK\x03\x04")
        && bytes.get(30..38) == Some(b"mimetype")
        && head
            .windows(39)
            .any(|w| w == b"application/vnd.oasis.opendocument.text")
    {
        return Some(Media::Odt);
    }
    None
}

/// Read a reply of one of these media (a file read before in this
/// process is not read again: [`reading_cache`]).
pub fn parse(media: Media, bytes: &[u8], path: &Path) -> Result<Parsed> {
    reading_cache::read_once(bytes, path, || read(media, bytes, path))
}

fn read(media: Media, bytes: &[u8], path: &Path) -> Result<Parsed> {
    match media {
        Media::Pdf => parse_pdf(bytes, path),
        Media::Image => {
            let images = ocr::decode_pages(bytes, path)?;
            let texts = ocr::read_pages(images, path)?;
            ocr_parsed(&texts, path)
        }
        Media::Ole { wps } => converted(bytes, if wps { "wps" } else { "doc" }, path),
        Media::Rtf => converted(bytes, "rtf", path),
        Media::Odt => converted(bytes, "odt", path),
    }
}

fn parse_pdf(bytes: &[u8], path: &Path) -> Result<Parsed> {
    let read = pdf::read(bytes, path)?;
    if !read.ocr_pages.is_empty() {
        return ocr_parsed(&read.pages, path);
    }
    let text = pages::join_pages(&read.pages);
    let mut parsed = crate::intake::parse_text(&text, path)?;
    parsed.format = Some(Format::Pdf);
    Ok(parsed)
}

fn ocr_parsed(texts: &[String], path: &Path) -> Result<Parsed> {
    let clean: Vec<String> = texts.iter().map(|t| pages::drop_specks(t)).collect();
    let text = pages::repair_salutation(&pages::join_pages(&clean));
    if text.chars().filter(|c| !c.is_whitespace()).count() < 4 {
        return Err(Error::input(
            Position::file(path),
            crate::i18n::tr("OCR 没有识别出文字", "OCR found no text in it"),
        )
        .with_hint(crate::i18n::tr(
            "请对方重新扫描（建议 300 dpi、黑白或灰度）",
            "ask for a new scan (300 dpi, black and white or gray works best)",
        )));
    }
    let mut parsed = crate::intake::parse_text(&text, path)?;
    parsed.format = Some(Format::Ocr);
    parsed.ocr_text = Some(text);
    parsed.ocr_read = true;
    Ok(parsed)
}

fn converted(bytes: &[u8], ext: &str, path: &Path) -> Result<Parsed> {
    let docx = convert::to_docx(bytes, ext, path)?;
    let mut parsed = crate::intake::docx_reply::parse(&docx, path)?;
    parsed.format = Some(match ext {
        "wps" => Format::Wps,
        "rtf" => Format::Rtf,
        "odt" => Format::Odt,
        _ => Format::Doc,
    });
    Ok(parsed)
}

/// The department of a reply read by OCR: the first name read that is a
/// listed name or alias exactly (spacing and bracket width aside). Any
/// other case is an error quoting what was read and the nearest listed
/// names; staff then give `--department`.
pub fn ocr_department(parsed: &Parsed, path: &Path, consultation: &Consultation) -> Result<String> {
    for (name, _, _) in &parsed.names {
        if let Some(Resolved::Body(body)) = consultation.lookup(name) {
            return Ok(body.name.clone());
        }
    }
    let read: Vec<&str> = parsed
        .names
        .iter()
        .filter(|(name, source, _)| {
            *source != NameSource::Prefix || consultation.lookup(name).is_none()
        })
        .filter(|(name, _, _)| !matches!(consultation.lookup(name), Some(Resolved::Issuer)))
        .map(|(name, _, _)| name.as_str())
        .collect();
    let mut close: Vec<&str> = Vec::new();
    for name in &read {
        for c in consultation.closest_listed(name, 3) {
            if !close.contains(&c) {
                close.push(c);
            }
        }
    }
    let message = if read.is_empty() {
        crate::i18n::tr(
            "OCR 识别的文字中找不到来函单位",
            "no sending department found in the OCR'd text",
        )
        .to_string()
    } else {
        t!(
            "OCR 识别出的单位名“{}”不是名单中的单位或别名，不能据此确定来函单位",
            "the OCR'd name “{}” is not a listed name or alias; the department is not taken from it",
            read.join("”“")
        )
    };
    let hint = if close.is_empty() {
        crate::i18n::tr(
            "对照原件，用 --department 指定来函单位",
            "check the original and give the department with --department",
        )
        .to_string()
    } else {
        t!(
            "最接近的：{}；对照原件后用 --department 指定",
            "closest listed: {}; check the original and give --department",
            close.join("、")
        )
    };
    Err(Error::input(Position::file(path), message).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        let p = Path::new("x");
        assert_eq!(sniff(b"%PDF-1.7\n", p), Some(Media::Pdf));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0", p), Some(Media::Image));
        assert_eq!(sniff(b"\x89PNG\r\n\x1A\nxxxx", p), Some(Media::Image));
        assert_eq!(sniff(b"II*\0xxxx", p), Some(Media::Image));
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest";
        assert_eq!(sniff(ole, p), Some(Media::Ole { wps: false }));
        assert_eq!(
            sniff(ole, Path::new("a.WPS")),
            Some(Media::Ole { wps: true })
        );
        assert_eq!(sniff(b"{\\rtf1\\ansi", p), Some(Media::Rtf));
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend([0u8; 26]);
        odt.extend(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(sniff(&odt, p), Some(Media::Odt));
        assert_eq!(sniff(b"PK\x03\x04word/document.xml", p), None);
        assert_eq!(sniff("市外办：无意见".as_bytes(), p), None);
    }
}
