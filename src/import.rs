//! `consult import FILE --as VERSION`: a draft written elsewhere taken in
//! as drafts/VERSION.md.
//!
//! A .docx becomes Markdown paragraph by paragraph ([`docx_markdown`]):
//! headings from outline levels and title styles, Word's automatic
//! numbering written out (`1.`, `一、`), tables as GFM tables, tracked
//! changes accepted. A .md file is taken as it is (UTF-8 byte for byte,
//! GBK, GB18030, Big5 or UTF-16 decoded as `diff` decodes it); a .txt in
//! any encoding becomes one paragraph a line ([`text_markdown`]).
//! Markdown punctuation in the text is escaped so that the draft reads back
//! as the same text. [`import`] writes the version atomically under the
//! workspace lock and commits it; it refuses a version that exists.

use std::path::{Path, PathBuf};

use crate::docx::{DocxDocument, View};
use crate::draft::Draft;
use crate::error::{Error, Position, Result};
use crate::i18n::tr;
use crate::t;
use crate::workspace::Workspace;

pub use crate::docx::markdown::{
    Markdown, docx_markdown, escape_inline, escape_line, text_markdown,
};

/// The largest file imported (20 MB, as for replies).
pub const MAX_FILE_BYTES: u64 = crate::intake::MAX_FILE_BYTES;

/// What a file was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub markdown: String,
    /// `docx`, `markdown` or `text`.
    pub format: &'static str,
    /// The text encoding of a .txt.
    pub encoding: Option<&'static str>,
    /// What was left behind (tracked changes accepted, comments dropped).
    pub notes: Vec<String>,
}

/// What [`import`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub version: String,
    /// drafts/VERSION.md.
    pub path: PathBuf,
    pub format: &'static str,
    pub encoding: Option<&'static str>,
    /// Number of numbered clauses found in the imported draft.
    pub clauses: usize,
    /// Things to tell the user (no clauses found, …).
    pub warnings: Vec<String>,
}

/// Import `file` as drafts/`version`.md and commit it.
pub fn import(ws: &Workspace, file: &Path, version: &str) -> Result<Imported> {
    check_version_name(version)?;
    refuse_existing(ws, version)?;
    let bytes = read_limited(file)?;
    let converted = to_markdown(&bytes, file)?;
    let draft = Draft::parse(&converted.markdown);
    let mut warnings = converted.notes.clone();
    if draft.clauses.is_empty() {
        warnings.push(t!(
            "{} 中没有可识别的条款（如 1. 一、 第一条）",
            "{} has no recognisable clauses (such as 1. 一、 第一条)",
            file.display()
        ));
    }
    let mut tx = ws.begin()?;
    refuse_existing(ws, version)?;
    let path = ws.draft_path(version);
    tx.put(path.clone(), converted.markdown.into_bytes());
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let message = format!("import: {version} from {name}");
    let tag = tx.store().version_tag(ws.root(), version)?;
    tx.commit(&message, Some(&tag))?;
    Ok(Imported {
        version: version.to_string(),
        path,
        format: converted.format,
        encoding: converted.encoding,
        clauses: draft.clauses.len(),
        warnings,
    })
}

/// A version name is a plain file name: letters, digits, `.`, `-`, `_`,
/// not starting with a dot.
pub fn check_version_name(version: &str) -> Result<()> {
    let ok = !version.is_empty()
        && version.len() <= 64
        && !version.starts_with('.')
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        return Ok(());
    }
    Err(Error::usage(t!(
        "版本名“{}”不可用",
        "“{}” cannot be a version name",
        version
    ))
    .with_hint(tr(
        "版本名只用字母、数字、. - _，如 v2",
        "use letters, digits, . - _ only, such as v2",
    )))
}

fn refuse_existing(ws: &Workspace, version: &str) -> Result<()> {
    let path = ws.draft_path(version);
    if !path.exists() {
        return Ok(());
    }
    Err(Error::usage(t!(
        "版本 {} 已存在（{}），未导入",
        "version {} exists already ({}); nothing imported",
        version,
        path.display()
    ))
    .with_hint(t!(
        "换一个版本名，如 --as {}",
        "pick another name, such as --as {}",
        crate::revise::next_version(&ws.latest_version().unwrap_or_default())
            .unwrap_or_else(|| "v2".to_string())
    )))
}

fn read_limited(file: &Path) -> Result<Vec<u8>> {
    crate::files::refuse_link(file)?;
    let meta = std::fs::metadata(file)
        .map_err(|e| Error::io(tr("无法读取", "failed to read"), file, e))?;
    if !meta.is_file() {
        return Err(Error::input(
            Position::file(file),
            tr("不是文件", "not a file"),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::input(
            Position::file(file),
            t!(
                "文件有 {} 字节，超过上限 {}",
                "the file has {} bytes, more than the limit of {}",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    std::fs::read(file).map_err(|e| Error::io(tr("无法读取", "failed to read"), file, e))
}

/// Read a draft file into Markdown, by content: a zip is a .docx, an OLE
/// file an old .doc (refused), a `.md`/`.markdown` file Markdown (any text encoding),
/// anything else text in any encoding.
pub fn to_markdown(bytes: &[u8], path: &Path) -> Result<Converted> {
    if bytes.is_empty() {
        return Err(Error::input(
            Position::file(path),
            tr("文件为空", "the file is empty"),
        ));
    }
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || is_docx(path) {
        let doc = crate::docx::read_docx(bytes).map_err(|e| e.into_error(path))?;
        return Ok(Converted {
            markdown: docx_markdown(&doc, View::Accepted).text,
            format: "docx",
            encoding: None,
            notes: docx_notes(&doc, path),
        });
    }
    if is_markdown(path) {
        // UTF-8 is kept byte for byte; any other encoding diff reads (GBK,
        // GB18030, Big5, UTF-16) is decoded as diff decodes it (tester5
        // L6a), and what it cannot read is refused as diff refuses it.
        let (text, encoding) = match std::str::from_utf8(bytes) {
            Ok(text) => (std::borrow::Cow::Borrowed(text), "UTF-8"),
            Err(_) => {
                let decoded = crate::intake::decode::decode_text(bytes)
                    .map_err(|e| undecodable(path, bytes, &e))?;
                (std::borrow::Cow::Owned(decoded.text), decoded.encoding)
            }
        };
        // NEL, U+2028/U+2029 or a BOM starting a line would hide the clause
        // label after them: such a draft has its line ends tidied (tester5
        // M5); any other is kept as it is.
        let odd = text.contains(['\u{85}', '\u{2028}', '\u{2029}']) || text.contains("\n\u{FEFF}");
        let tidied = odd
            .then(|| crate::intake::decode::tidy_breaks(&text))
            .flatten();
        return Ok(Converted {
            markdown: tidied.unwrap_or_else(|| text.into_owned()),
            format: "markdown",
            encoding: Some(encoding),
            notes: Vec::new(),
        });
    }
    let decoded =
        crate::intake::decode::decode_text(bytes).map_err(|e| undecodable(path, bytes, &e))?;
    Ok(Converted {
        markdown: text_markdown(&decoded.text),
        format: "text",
        encoding: Some(decoded.encoding),
        notes: Vec::new(),
    })
}

/// A text draft that cannot be read: the message `diff` gives for it
/// (the encoding it was read as and the byte), with diff's hint on how to
/// mend it, or the formats import takes.
fn undecodable(path: &Path, bytes: &[u8], e: &crate::intake::decode::DecodeError) -> Error {
    let hint = crate::diff::source::damage_hint(e).unwrap_or_else(|| {
        tr(
            "支持的格式：.docx、.md 与 .txt（UTF-8、GBK/GB18030、Big5、UTF-16）",
            "supported: .docx, .md and .txt (UTF-8, GBK/GB18030, Big5, UTF-16)",
        )
        .to_string()
    });
    let at = crate::intake::decode::error_position(path, bytes, e);
    Error::input(at, e.to_string()).with_hint(hint)
}

/// What a .docx import leaves behind: its tracked changes are accepted,
/// its comments are not part of the draft.
fn docx_notes(doc: &DocxDocument, path: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let changes = doc
        .revisions
        .iter()
        .filter(|r| r.kind != crate::docx::RevisionKind::Format)
        .count();
    if changes > 0 {
        notes.push(t!(
            "{} 中的 {} 处修订已全部接受",
            "{}: its {} tracked changes were accepted",
            path.display(),
            changes
        ));
    }
    for note in &doc.notes {
        let text = note.text(View::Accepted);
        if text.trim().is_empty() {
            continue;
        }
        notes.push(t!(
            "{} 中的{} {} 未导入正文：{}",
            "{}: its {} {} was not imported into the text: {}",
            path.display(),
            if note.kind == "endnote" {
                crate::i18n::tr("尾注", "endnote")
            } else {
                crate::i18n::tr("脚注", "footnote")
            },
            note.id,
            text.trim()
        ));
    }
    if !doc.comments.is_empty() {
        notes.push(t!(
            "{} 中的 {} 条批注未导入（批注是意见：请用 consult ingest 录入）",
            "{}: its {} comments were not imported (comments are opinions: record them with consult ingest)",
            path.display(),
            doc.comments.len()
        ));
    }
    notes
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn is_docx(path: &Path) -> bool {
    matches!(extension(path).as_str(), "docx" | "doc" | "docm" | "dotx")
}

fn is_markdown(path: &Path) -> bool {
    matches!(extension(path).as_str(), "md" | "markdown")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::markdown::trim_space;
    use crate::docx::{OfficialDocument, OfficialPara, OfficialRun, ParaKind, write_docx};
    use proptest::prelude::*;

    const V1: &str = include_str!("../drafts/v1.md");

    fn texts(md: &str) -> Vec<String> {
        Draft::parse(md)
            .blocks()
            .iter()
            .map(|b| b.text.clone())
            .collect()
    }

    #[test]
    fn escaped_lines_read_back_as_written() {
        for line in [
            "# 不是标题",
            "1. 不是列表",
            "2) 也不是",
            "- 不是列表",
            "> 不是引用",
            "---",
            "===",
            "a*b*c_d_e`f`",
            "[链接](x) ![图](y)",
            "<b>粗</b> <管委会> <http://x>",
            "&amp; &#123; & 与",
            "a\\b ~~删~~ |竖|",
            "1.支持区域协同",
            "12.5万元",
        ] {
            let md = text_markdown(line);
            assert_eq!(texts(&md), [line], "{md}");
        }
    }

    proptest! {
        #[test]
        fn any_line_reads_back(line in "[a-z0-9 #>*_`\\[\\]()<>&;!|~\\-+=.\\\\中文（）：、]{1,30}") {
            let line = trim_space(&line).to_string();
            prop_assume!(!line.is_empty());
            let md = text_markdown(&line);
            let got = texts(&md);
            prop_assert_eq!(got, vec![line.clone()], "{}", md);
        }
    }

    #[test]
    fn text_lines_become_paragraphs() {
        let md = text_markdown("  标题\r\n\n\u{3000}\u{3000}1.第一条。\n2.第二条。\n");
        assert_eq!(md, "标题\n\n1.第一条。\n\n2.第二条。\n");
        let d = Draft::parse(&md);
        assert_eq!(d.title, "标题");
        assert_eq!(d.clauses.len(), 2);
    }

    fn official(title: &str, paragraphs: Vec<OfficialPara>) -> Vec<u8> {
        let doc = OfficialDocument {
            title: title.into(),
            subtitle: Some("（征求意见稿）".into()),
            paragraphs,
            author: "市科技局".into(),
            date: chrono::DateTime::parse_from_rfc3339("2023-05-29T09:30:00+08:00")
                .unwrap_or_default(),
        };
        write_docx(&doc).unwrap_or_default()
    }

    #[test]
    fn a_written_docx_reads_back_as_markdown() {
        let bytes = official(
            "关于支持的若干政策",
            vec![
                OfficialPara::new(ParaKind::Heading, "一、总则"),
                OfficialPara::new(ParaKind::Body, "1.支持甲。（责任单位：市科技局）"),
                OfficialPara {
                    kind: ParaKind::Body,
                    runs: vec![
                        OfficialRun::plain("新增资金测算："),
                        OfficialRun::deleted("100"),
                        OfficialRun::inserted("200"),
                        OfficialRun::plain("万元"),
                    ],
                },
                OfficialPara {
                    kind: ParaKind::Table(vec![
                        vec![
                            vec![OfficialRun::plain("单位")],
                            vec![OfficialRun::plain("金额|元")],
                        ],
                        vec![
                            vec![OfficialRun::plain("市科技局")],
                            vec![OfficialRun::plain("1")],
                        ],
                    ]),
                    runs: Vec::new(),
                },
            ],
        );
        let doc = crate::docx::read_docx(&bytes).unwrap_or_default();
        let md = docx_markdown(&doc, View::Accepted);
        assert_eq!(
            md.text,
            "# 关于支持的若干政策\n\n（征求意见稿）\n\n# 一、总则\n\n1.支持甲。（责任单位：市科技局）\n\n新增资金测算：200万元\n\n| 单位 | 金额\\|元 |\n| --- | --- |\n| 市科技局 | 1 |\n"
        );
        let rejected = docx_markdown(&doc, View::Rejected);
        assert!(rejected.text.contains("新增资金测算：100万元"));
        let d = Draft::parse(&md.text);
        assert_eq!(d.clauses.len(), 1);
        assert_eq!(d.clauses[0].funding_wan, Some(200.0));
        // Every paragraph is mapped; the one holding 1.支持甲 to its block.
        let para = doc
            .paragraphs()
            .into_iter()
            .find(|p| p.text(View::All).starts_with("1.支持甲"))
            .map(|p| p.index)
            .unwrap_or_default();
        let range = md.range_of(para).unwrap_or_default();
        assert_eq!(&md.text[range], "1.支持甲。（责任单位：市科技局）");
        assert_eq!(md.paragraphs.len(), doc.paragraphs().len());
    }

    #[test]
    fn the_seed_draft_survives_docx() {
        let draft = Draft::parse(V1);
        let mut paragraphs = Vec::new();
        for b in draft.blocks().iter().skip(2) {
            paragraphs.push(OfficialPara::new(ParaKind::Body, b.text.clone()));
        }
        let doc = crate::docx::read_docx(&official(&draft.title, paragraphs)).unwrap_or_default();
        let back = Draft::parse(&docx_markdown(&doc, View::Accepted).text);
        assert_eq!(back.title, draft.title);
        assert_eq!(back.clauses.len(), 10);
        for (a, b) in back.clauses.iter().zip(&draft.clauses) {
            assert_eq!(a.text(), b.text());
            assert_eq!(a.responsible_units, b.responsible_units);
            assert_eq!(a.sources, b.sources);
            assert_eq!(a.funding_wan, b.funding_wan);
        }
    }

    #[test]
    fn version_names() {
        for ok in ["v2", "v2.1", "draft_3", "V-10"] {
            assert!(check_version_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".v2", "../v2", "a/b", "v 2", "版本2"] {
            assert!(check_version_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        let p = Path::new("x.md");
        assert!(to_markdown(b"", p).is_err());
        assert!(to_markdown(b"\xff\xfe\xfa", p).is_err());
        assert!(to_markdown(b"PK\x03\x04junk", Path::new("x.docx")).is_err());
        assert!(to_markdown(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], Path::new("x.doc")).is_err());
        assert!(to_markdown(b"not a zip", Path::new("x.docx")).is_err());
        let gbk = encoding_rs::GBK
            .encode("1.支持区域协同联动创新。强化市域统筹协调。\n")
            .0;
        let t = to_markdown(&gbk, Path::new("x.txt")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.markdown, "1.支持区域协同联动创新。强化市域统筹协调。\n");
    }
}
