//! A small, safe layer over quick-xml for the parts of a .docx.
//!
//! Every part goes through [`Parser`]: the bytes are decoded (UTF-8, or
//! UTF-16 with a byte-order mark), a DOCTYPE anywhere is an error, and
//! entity references resolve only to the five predefined XML entities and
//! character references — nothing else is ever expanded or fetched, so no
//! local file can leak into the text. Empty elements come out as a start
//! and an end, so callers only see [`Ev::Start`], [`Ev::End`] and text.

use std::borrow::Cow;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::DocxError;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML main (transitional or strict).
    W,
    W14,
    W15,
    /// Markup compatibility (mc:AlternateContent).
    Mc,
    /// Office Math (OMML: m:oMath, m:r, m:t).
    M,
    /// Dublin Core and the OPC core-properties namespaces (docProps/core.xml).
    Dc,
    DcTerms,
    Cp,
    Other,
}

fn ns_of(result: &ResolveResult) -> Ns {
    let ResolveResult::Bound(ns) = result else {
        return Ns::Other;
    };
    match ns.as_ref() {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.microsoft.com/office/word/2010/wordml" => Ns::W14,
        b"http://schemas.microsoft.com/office/word/2012/wordml" => Ns::W15,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"http://schemas.openxmlformats.org/officeDocument/2006/math"
        | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
        b"http://purl.org/dc/elements/1.1/" => Ns::Dc,
        b"http://purl.org/dc/terms/" => Ns::DcTerms,
        b"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" => Ns::Cp,
        _ => Ns::Other,
    }
}

/// A start tag with its resolved namespace.
pub struct Tag<'i> {
    pub ns: Ns,
    start: BytesStart<'i>,
}

impl Tag<'_> {
    /// True when this is the element `ns:local`.
    pub fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.start.local_name().as_ref() == local.as_bytes()
    }

    /// The local name (without prefix).
    pub fn local(&self) -> &[u8] {
        self.start.local_name().into_inner()
    }
}

/// One event of a part.
pub enum Ev<'i> {
    Start(Tag<'i>),
    End,
    Text(Cow<'i, str>),
    Eof,
}

/// A reader of one part.
pub struct Parser<'i> {
    reader: NsReader<&'i [u8]>,
    part: String,
    /// Elements open now.
    depth: usize,
}

/// Deepest element nesting accepted (Word's stays well under 100).
pub const MAX_DEPTH: usize = 256;

/// The part's bytes as text: UTF-8 (an optional BOM dropped) or UTF-16 with a BOM.
pub fn decode<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, DocxError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        if bad {
            return Err(xml_error(part, 0, "invalid UTF-16"));
        }
        return Ok(Cow::Owned(text.into_owned()));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => Err(xml_error(
            part,
            e.valid_up_to() as u64,
            "invalid UTF-8 (a .docx part must be UTF-8 or UTF-16)",
        )),
    }
}

fn xml_error(part: &str, offset: u64, message: impl Into<String>) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        offset,
        message: message.into(),
    }
}

impl<'i> Parser<'i> {
    /// A parser of `text`, the content of `part` (named in errors).
    pub fn new(text: &'i str, part: &str) -> Self {
        let mut reader = NsReader::from_str(text);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        // The text was decoded to UTF-8 by `decode`; an encoding="UTF-16" in
        // the declaration must not change how quick-xml reads it.
        Parser {
            reader,
            part: part.to_string(),
            depth: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> DocxError {
        xml_error(&self.part, self.reader.error_position(), message)
    }

    /// The error for a part that ends with elements still open.
    pub fn unclosed(&self) -> DocxError {
        self.error("unexpected end of the part (elements left open)")
    }

    /// The next event that matters: start, end, text (entities resolved),
    /// or the end of the part. Comments, processing instructions and the
    /// declaration are skipped; a DOCTYPE is an error.
    pub fn next(&mut self) -> Result<Ev<'i>, DocxError> {
        loop {
            let (ns, event) = match self.reader.read_resolved_event() {
                Ok((result, event)) => (ns_of(&result), event),
                Err(e) => return Err(self.error(e.to_string())),
            };
            return Ok(match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(DocxError::TooComplex(format!(
                            "{}: elements nested more than {MAX_DEPTH} deep",
                            self.part
                        )));
                    }
                    Ev::Start(Tag { ns, start })
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(text) => match text.xml10_content() {
                    Ok(t) => Ev::Text(t),
                    Err(e) => return Err(self.error(e.to_string())),
                },
                Event::CData(data) => match data.decode() {
                    Ok(t) => Ev::Text(t),
                    Err(e) => return Err(self.error(e.to_string())),
                },
                Event::GeneralRef(r) => Ev::Text(Cow::Owned(self.entity(&r)?.to_string())),
                Event::DocType(_) => return Err(DocxError::Doctype(self.part.clone())),
                Event::Eof => Ev::Eof,
                Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            });
        }
    }

    /// The character of `&name;`: a predefined entity or a character
    /// reference. Anything else is an error (no DTD may define entities).
    fn entity(&self, r: &quick_xml::events::BytesRef) -> Result<char, DocxError> {
        let name = String::from_utf8_lossy(r.as_ref()).into_owned();
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(c),
                _ => Err(self.error(format!("bad character reference &{name};"))),
            };
        }
        match name.as_str() {
            "amp" => Ok('&'),
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "quot" => Ok('"'),
            "apos" => Ok('\''),
            _ => Err(self.error(format!("undefined entity &{name}; (never resolved)"))),
        }
    }

    /// Skip the rest of the element whose start tag was just read.
    /// (Through [`Parser::next`], so the depth cap and the DOCTYPE and
    /// entity checks hold inside skipped elements too.)
    pub fn skip(&mut self) -> Result<(), DocxError> {
        let mut open = 0usize;
        loop {
            match self.next()? {
                Ev::Start(_) => open += 1,
                Ev::End if open == 0 => return Ok(()),
                Ev::End => open -= 1,
                Ev::Text(_) => {}
                Ev::Eof => return Err(self.unclosed()),
            }
        }
    }

    /// The value of the attribute `ns:local` of `tag`, entities resolved.
    pub fn attr(&self, tag: &Tag, ns: Ns, local: &str) -> Option<String> {
        for attr in tag.start.attributes().with_checks(false).flatten() {
            let (result, name) = self.reader.resolve_attribute(attr.key);
            if ns_of(&result) == ns && name.as_ref() == local.as_bytes() {
                return attr.unescape_value().ok().map(Cow::into_owned);
            }
        }
        None
    }

    /// The attribute `w:local`.
    pub fn w(&self, tag: &Tag, local: &str) -> Option<String> {
        self.attr(tag, Ns::W, local)
    }
}
