//! Paragraph styles of word/styles.xml: what a paragraph inherits from its
//! style — the outline level (explicit, or from a "heading N" / "标题 N"
//! name) and automatic numbering — following w:basedOn.

use std::collections::HashMap;

use super::DocxError;
use super::xml::{Ev, Ns, Parser};

/// Deepest w:basedOn chain followed (guards against cycles).
const MAX_CHAIN: usize = 20;

#[derive(Debug, Default, Clone)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
}

/// The paragraph styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default: Option<String>,
}

impl Styles {
    /// Parse word/styles.xml.
    pub fn parse(text: &str) -> Result<Styles, DocxError> {
        let mut parser = Parser::new(text, "word/styles.xml");
        let mut styles = Styles::default();
        // Which element we are in: 0 = elsewhere, 1 = a paragraph w:style,
        // 2 = its w:pPr, 3 = its w:numPr.
        let mut depth_kind: Vec<u8> = Vec::new();
        let mut current: Option<(String, Style)> = None;
        loop {
            match parser.next()? {
                Ev::Eof => break,
                Ev::Text(_) => {}
                Ev::End => {
                    if depth_kind.pop() == Some(1)
                        && let Some((id, style)) = current.take()
                    {
                        styles.styles.insert(id, style);
                    }
                }
                Ev::Start(tag) => {
                    let parent = depth_kind.last().copied().unwrap_or(0);
                    let mut kind = 0;
                    if tag.is(Ns::W, "style") && parent == 0 {
                        let paragraph = parser.w(&tag, "type").as_deref() == Some("paragraph");
                        if let (true, Some(id)) = (paragraph, parser.w(&tag, "styleId")) {
                            if parser.w(&tag, "default").as_deref() == Some("1") {
                                styles.default = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                            kind = 1;
                        }
                    } else if let Some((_, style)) = current.as_mut() {
                        let val = parser.w(&tag, "val");
                        match (parent, tag.ns, tag.local()) {
                            (1, Ns::W, b"name") => style.name = val,
                            (1, Ns::W, b"basedOn") => style.based_on = val,
                            (1, Ns::W, b"pPr") => kind = 2,
                            (2, Ns::W, b"outlineLvl") => {
                                style.outline = val.and_then(|v| v.parse().ok())
                            }
                            (2, Ns::W, b"numPr") => kind = 3,
                            (3, Ns::W, b"numId") => style.num_id = val.and_then(|v| v.parse().ok()),
                            (3, Ns::W, b"ilvl") => style.ilvl = val.and_then(|v| v.parse().ok()),
                            _ => {}
                        }
                    }
                    if kind == 0 && parent == 0 && current.is_none() && !tag.is(Ns::W, "styles") {
                        parser.skip()?;
                        continue;
                    }
                    depth_kind.push(kind);
                }
            }
        }
        Ok(styles)
    }

    /// The style id a paragraph with `style` (or none) has.
    pub fn effective<'a>(&'a self, style: Option<&'a str>) -> Option<&'a str> {
        style.or(self.default.as_deref())
    }

    /// The chain of styles from `id` up its w:basedOn ancestors.
    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = self.styles.get_key_value(id).map(|(k, _)| k.as_str());
        std::iter::from_fn(move || {
            let style = self.styles.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// The outline level a paragraph of style `id` inherits (0 = top).
    pub fn outline_level(&self, id: &str) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.outline {
                return (level < 9).then_some(level);
            }
            if let Some(level) = style.name.as_deref().and_then(heading_level) {
                return Some(level);
            }
        }
        None
    }

    /// The numbering (numId, ilvl) a paragraph of style `id` inherits.
    pub fn numbering(&self, id: &str) -> Option<(u32, u8)> {
        self.chain(id)
            .find_map(|s| s.num_id.map(|n| (n, s.ilvl.unwrap_or(0))))
    }
}

/// The level of a built-in heading style name: "heading 1" → 0, "标题 2" → 1.
fn heading_level(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
      <w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:basedOn w:val="1"/>
        <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
      <w:style w:type="paragraph" w:styleId="Body"><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
    </w:styles>"#;

    #[test]
    fn outline_levels_come_from_names_and_inheritance() {
        let styles = Styles::parse(STYLES).unwrap();
        assert_eq!(styles.outline_level("1"), Some(0));
        assert_eq!(styles.outline_level("Clause"), Some(0));
        assert_eq!(styles.outline_level("a"), None);
        assert_eq!(styles.outline_level("Body"), None);
        assert_eq!(styles.outline_level("Loop"), None);
        assert_eq!(styles.outline_level("missing"), None);
        assert_eq!(styles.effective(None), Some("a"));
    }

    #[test]
    fn numbering_is_inherited() {
        let styles = Styles::parse(STYLES).unwrap();
        assert_eq!(styles.numbering("Clause"), Some((7, 1)));
        assert_eq!(styles.numbering("1"), None);
    }

    #[test]
    fn heading_names() {
        assert_eq!(heading_level("Heading 3"), Some(2));
        assert_eq!(heading_level("标题 1"), Some(0));
        assert_eq!(heading_level("heading"), None);
        assert_eq!(heading_level("Normal"), None);
    }
}
