//! Package relationships (OPC): which part is the main document, and where
//! its styles, numbering, comments, footnotes and endnotes are. A package
//! may name its main part anything (word/main.xml is valid); the
//! conventional names are used only when the relationships say nothing.

use super::DocxError;
use super::limits::Package;
use super::xml::{Ev, Ns, Parser, decode};

/// The parts of a WordprocessingML package, as paths inside the zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub main: String,
    pub styles: String,
    pub numbering: String,
    pub comments: String,
    pub comments_extended: String,
    pub footnotes: String,
    pub endnotes: String,
}

/// Relationship type suffixes (after the last `/`) and the default file
/// name of each related part.
const RELATED: [(&str, &str); 6] = [
    ("styles", "styles.xml"),
    ("numbering", "numbering.xml"),
    ("comments", "comments.xml"),
    ("commentsExtended", "commentsExtended.xml"),
    ("footnotes", "footnotes.xml"),
    ("endnotes", "endnotes.xml"),
];

/// Find the parts from `_rels/.rels` and the main part's relationships.
pub fn parts(package: &mut Package) -> Result<Parts, DocxError> {
    let root = relationships(package, "_rels/.rels")?;
    let main = root
        .iter()
        .find(|(kind, _)| kind == "officeDocument")
        .map_or_else(|| "word/document.xml".to_string(), |(_, t)| resolve("", t));
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let related = relationships(package, &rels_path)?;
    let find = |kind: &str, default: &str| {
        related
            .iter()
            .find(|(k, _)| k == kind)
            .map_or_else(|| resolve(dir, default), |(_, t)| resolve(dir, t))
    };
    let [
        styles,
        numbering,
        comments,
        comments_extended,
        footnotes,
        endnotes,
    ] = RELATED.map(|(kind, default)| find(kind, default));
    Ok(Parts {
        main,
        styles,
        numbering,
        comments,
        comments_extended,
        footnotes,
        endnotes,
    })
}

/// (type suffix, target) of each internal relationship of a .rels part;
/// empty when the part is missing.
fn relationships(package: &mut Package, name: &str) -> Result<Vec<(String, String)>, DocxError> {
    let Some(bytes) = package.part(name)? else {
        return Ok(Vec::new());
    };
    let text = decode(&bytes, name)?;
    let mut parser = Parser::new(&text, name);
    let mut out = Vec::new();
    loop {
        match parser.next()? {
            Ev::Eof => break,
            Ev::Start(tag) if tag.local() == b"Relationship" => {
                let external = parser
                    .attr(&tag, Ns::Other, "TargetMode")
                    .is_some_and(|m| m.eq_ignore_ascii_case("External"));
                let kind = parser.attr(&tag, Ns::Other, "Type").unwrap_or_default();
                let target = parser.attr(&tag, Ns::Other, "Target").unwrap_or_default();
                if !external && !target.is_empty() {
                    let suffix = kind.rsplit('/').next().unwrap_or_default().to_string();
                    out.push((suffix, target));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `target` relative to the folder `dir` (absolute when it starts with
/// `/`), `.` and `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_main_part_folder() {
        assert_eq!(resolve("", "word/main.xml"), "word/main.xml");
        assert_eq!(resolve("", "/word/main.xml"), "word/main.xml");
        assert_eq!(resolve("word", "notes/fn.xml"), "word/notes/fn.xml");
        assert_eq!(resolve("word", "../custom/x.xml"), "custom/x.xml");
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
    }
}
