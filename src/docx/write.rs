//! The .docx writer: an official document in the GB/T 9704 layout (A4;
//! margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
//! 方正小标宋简体 二号 centred; body in 仿宋_GB2312 三号 with a two-character
//! first-line indent on a fixed 28.95 pt line; headings in 黑体; page
//! numbers "— 1 —" in 四号宋体, odd pages right and even pages left, one
//! character in from the edge), with real tracked changes: inserted text in
//! w:ins, deleted text in w:del/w:delText, each with author, date and id,
//! so that accepting all changes gives the new text and rejecting all the
//! old. A paragraph (or table row) that is wholly inserted or deleted has
//! its mark (or row) tracked too, so it appears or vanishes entirely.
//!
//! Beyond body text and headings it writes what official paperwork needs:
//! a flush-left line (主送机关), the 附件1 label and its centred title, a
//! page break, tables with column widths, flush-left text columns and a
//! repeated bold header row ([`table`]), and landscape sections for wide
//! tables.

mod table;

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};
use zip::write::SimpleFileOptions;

use super::DocxError;
pub use table::{CellAlign, OfficialTable, Orientation};
use table::{MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, TableView};

/// A document to write.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialDocument {
    pub title: String,
    /// A line under the title, such as "（征求意见稿）".
    pub subtitle: Option<String>,
    pub paragraphs: Vec<OfficialPara>,
    /// The author of the document and of its tracked changes (the issuer).
    pub author: String,
    /// When the document and its changes were made.
    pub date: DateTime<FixedOffset>,
}

/// One paragraph (or table) of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialPara {
    pub kind: ParaKind,
    /// The text (unused for a table, whose cells hold their own runs).
    pub runs: Vec<OfficialRun>,
}

/// What a paragraph is, which decides its layout.
#[derive(Debug, Clone, PartialEq)]
pub enum ParaKind {
    /// A heading (一、…): 黑体, on the outline.
    Heading,
    /// Body text: 仿宋_GB2312, first line indented two characters.
    Body,
    /// The issuing body's name at the end, right-aligned.
    Signature,
    /// The date at the end, right-aligned four characters in.
    Date,
    /// A table: rows of cells, each cell its runs; equal centred columns.
    Table(Vec<Vec<Vec<OfficialRun>>>),
    /// Body text at the margin, no first-line indent, wrapped lines at the
    /// margin too: the 主送机关 line.
    FlushLeft,
    /// 黑体 at the margin: the 附件1 line at the head of an attachment.
    Label,
    /// A centred title in 方正小标宋简体 二号 with a blank line above and
    /// below: an attachment's title.
    CentredTitle,
    /// The next paragraph (or table) starts a new page (w:br w:type="page").
    PageBreak,
    /// The pages from here on have this orientation: a new section on a
    /// new page. Before any other paragraph it sets the first section, the
    /// title's; the orientation already in force changes nothing.
    Layout(Orientation),
    /// A table with column widths, alignments and a header row.
    Grid(OfficialTable),
    /// A short body line (a contact line): indented like body text but
    /// aligned left, never stretched across the line.
    Short,
    /// An item of the 附件 list: `附件：1.…` or `　　　2.…`; wrapped lines
    /// hang under the item's text, not at the margin.
    Hanging,
    /// The subtitle line （征求意见稿） centred under the title, as
    /// [`OfficialDocument::subtitle`] is written, but with runs: a redline's
    /// changed subtitle carries its tracked changes and stays centred.
    Subtitle,
}

/// A stretch of text, possibly a tracked change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialRun {
    pub text: String,
    pub change: RunChange,
}

/// Whether a run is a tracked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunChange {
    #[default]
    None,
    Insert,
    Delete,
}

impl OfficialRun {
    /// Unchanged text.
    pub fn plain(text: impl Into<String>) -> Self {
        OfficialRun {
            text: text.into(),
            change: RunChange::None,
        }
    }

    /// Text inserted (kept when changes are accepted).
    pub fn inserted(text: impl Into<String>) -> Self {
        OfficialRun {
            text: text.into(),
            change: RunChange::Insert,
        }
    }

    /// Text deleted (kept only when changes are rejected).
    pub fn deleted(text: impl Into<String>) -> Self {
        OfficialRun {
            text: text.into(),
            change: RunChange::Delete,
        }
    }
}

impl OfficialPara {
    /// A paragraph of this kind with one unchanged run.
    pub fn new(kind: ParaKind, text: impl Into<String>) -> Self {
        OfficialPara {
            kind,
            runs: vec![OfficialRun::plain(text)],
        }
    }

    /// A table with its layout.
    pub fn table(table: OfficialTable) -> Self {
        OfficialPara::marker(ParaKind::Grid(table))
    }

    /// A paragraph kind without text of its own: a page break, a layout.
    pub fn marker(kind: ParaKind) -> Self {
        OfficialPara {
            kind,
            runs: Vec::new(),
        }
    }
}

// Layout, in twentieths of a point (twips) and half-points (the page and
// its margins are in [`table`]).
/// The page number's baseline about 7 mm under the text block.
const FOOTER: u32 = 1304; // 23 mm
/// 22 lines a page: a fixed line of 28.95 pt.
const LINE: u32 = 579;
const TITLE_FONT: &str = "方正小标宋简体";
const SUBTITLE_FONT: &str = "楷体_GB2312";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const PAGE_NUMBER_FONT: &str = "宋体";
const SIZE_TITLE: u32 = 44; // 二号, 22 pt
const SIZE_BODY: u32 = 32; // 三号, 16 pt
const SIZE_SMALL: u32 = 28; // 四号, 14 pt

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Write `doc` as a .docx.
pub fn write_docx(doc: &OfficialDocument) -> Result<Vec<u8>, DocxError> {
    let stamp = Stamp::new(doc);
    let parts = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_xml(doc)),
        ("docProps/app.xml", app_xml(doc)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document_xml(doc, &stamp)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/footer1.xml", footer_xml("right", "w:right")),
        ("word/footer2.xml", footer_xml("left", "w:left")),
    ];
    let time = zip_time(&doc.date);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options).map_err(write_error)?;
        zip.write_all(content.as_bytes()).map_err(write_error)?;
    }
    let cursor = zip.finish().map_err(write_error)?;
    Ok(cursor.into_inner())
}

fn write_error(e: impl std::fmt::Display) -> DocxError {
    DocxError::Write(e.to_string())
}

/// The zip timestamp: the document's own date (so output is reproducible).
fn zip_time(date: &DateTime<FixedOffset>) -> zip::DateTime {
    let (y, mo, d) = (date.year(), date.month(), date.day());
    let (h, mi, s) = (date.hour(), date.minute(), date.second());
    u16::try_from(y)
        .ok()
        .and_then(|y| {
            zip::DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8).ok()
        })
        .unwrap_or_default()
}

/// The author, dates and id counter of tracked changes.
struct Stamp {
    author: String,
    /// Word's w:date: local wall time written with a `Z` (as Word does).
    local: String,
    /// The true UTC time (w16du:dateUtc, as Word 2021 and later write).
    utc: String,
    next_id: std::cell::Cell<u32>,
}

impl Stamp {
    fn new(doc: &OfficialDocument) -> Self {
        Stamp {
            author: attr(&doc.author),
            local: doc.date.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            utc: utc(&doc.date),
            next_id: std::cell::Cell::new(1),
        }
    }

    /// The attributes of a w:ins/w:del with a fresh id.
    fn attributes(&self) -> String {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        format!(
            r#"w:id="{id}" w:author="{}" w:date="{}" w16du:dateUtc="{}""#,
            self.author, self.local, self.utc
        )
    }
}

fn utc(date: &DateTime<FixedOffset>) -> String {
    date.with_timezone(&Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Text made safe for XML content: escaped, characters XML 1.0 forbids dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text made safe for an attribute value.
fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace(['\t', '\n', '\r'], " ")
}

fn content_types() -> String {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="{MAIN}.styles+xml"/><Override PartName="/word/settings.xml" ContentType="{MAIN}.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="{MAIN}.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="{MAIN}.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="{MAIN}.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#
    )
}

fn package_rels() -> String {
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#
    )
}

fn document_rels() -> String {
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{REL}/settings" Target="settings.xml"/><Relationship Id="rId3" Type="{REL}/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="{REL}/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="{REL}/footer" Target="footer2.xml"/></Relationships>"#
    )
}

fn core_xml(doc: &OfficialDocument) -> String {
    let date = utc(&doc.date);
    let (title, author) = (text(&doc.title), text(&doc.author));
    format!(
        r#"{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified><dc:language>zh-CN</dc:language></cp:coreProperties>"#
    )
}

fn app_xml(doc: &OfficialDocument) -> String {
    let paragraphs = doc.paragraphs.len() + 1 + usize::from(doc.subtitle.is_some());
    let characters: usize = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.runs)
        .filter(|r| r.change != RunChange::Delete)
        .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum::<usize>()
        + doc.title.chars().count();
    let app = concat!("consult ", env!("CARGO_PKG_VERSION"));
    format!(
        r#"{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><Characters>{characters}</Characters><Application>{app}</Application><DocSecurity>0</DocSecurity><Paragraphs>{paragraphs}</Paragraphs><ScaleCrop>false</ScaleCrop><Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"#
    )
}

fn settings_xml() -> String {
    format!(
        r#"{XML_DECL}<w:settings xmlns:w="{NS_W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#
    )
}

fn font_table_xml() -> String {
    let fonts = [
        (BODY_FONT, "仿宋"),
        (TITLE_FONT, "宋体"),
        (SUBTITLE_FONT, "楷体"),
        (HEADING_FONT, "SimHei"),
        (PAGE_NUMBER_FONT, "SimSun"),
    ];
    let mut out = format!(r#"{XML_DECL}<w:fonts xmlns:w="{NS_W}">"#);
    for (name, alt) in fonts {
        let _ = write!(
            out,
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#
        );
    }
    out.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#);
    out
}

/// w:rFonts for one font, East Asian text included.
fn fonts(name: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{name}" w:eastAsia="{name}" w:hAnsi="{name}" w:cs="{name}" w:hint="eastAsia"/>"#
    )
}

/// A paragraph style: id, name, paragraph and run properties.
fn style(id: &str, name: &str, ppr: &str, font: &str, size: u32) -> String {
    style_with(id, name, ppr, font, size, "")
}

/// A paragraph style with more run properties (`rpr`, such as bold).
fn style_with(id: &str, name: &str, ppr: &str, font: &str, size: u32, rpr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="a"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{}{rpr}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#,
        fonts(font)
    )
}

fn styles_xml() -> String {
    let exact = format!(r#"<w:spacing w:line="{LINE}" w:lineRule="exact"/>"#);
    let indent = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;
    let right4 = r#"<w:ind w:rightChars="400" w:right="1280"/>"#;
    let flush = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
    // Table text keeps single spacing: off the 28.95 pt line grid.
    let cell = r#"<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>"#;
    let styles = [
        style(
            "GongwenTitle",
            "公文标题",
            r#"<w:snapToGrid w:val="0"/><w:jc w:val="center"/>"#,
            TITLE_FONT,
            SIZE_TITLE,
        ),
        style(
            "GongwenSubtitle",
            "公文副标题",
            r#"<w:jc w:val="center"/>"#,
            SUBTITLE_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenHeading",
            "公文标题一级",
            &format!(r#"<w:keepNext/>{indent}<w:outlineLvl w:val="0"/>"#),
            HEADING_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenBody",
            "公文正文",
            &format!(r#"{indent}<w:jc w:val="both"/>"#),
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenShort",
            "公文短行",
            &format!(r#"{indent}<w:jc w:val="left"/>"#),
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenAttachmentList",
            "附件说明",
            r#"<w:ind w:leftChars="600" w:left="1920" w:hangingChars="400" w:hanging="1280"/><w:jc w:val="left"/>"#,
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenSignature",
            "发文机关署名",
            &format!(r#"<w:keepNext/>{right4}<w:jc w:val="right"/>"#),
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenDate",
            "成文日期",
            &format!(r#"{right4}<w:jc w:val="right"/>"#),
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenFlush",
            "公文顶格",
            &format!(r#"{flush}<w:jc w:val="both"/>"#),
            BODY_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenLabel",
            "附件标识",
            &format!(r#"<w:keepNext/>{flush}<w:jc w:val="left"/>"#),
            HEADING_FONT,
            SIZE_BODY,
        ),
        style(
            "GongwenAttachmentTitle",
            "附件标题",
            &format!(
                r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="{LINE}" w:after="{LINE}" w:line="{LINE}" w:lineRule="exact"/>{flush}<w:jc w:val="center"/>"#
            ),
            TITLE_FONT,
            SIZE_TITLE,
        ),
        style(
            "GongwenTable",
            "表格文字",
            &format!(r#"{cell}<w:jc w:val="center"/>"#),
            BODY_FONT,
            SIZE_SMALL,
        ),
        style(
            "GongwenTableText",
            "表格文字居左",
            &format!(r#"{cell}<w:jc w:val="left"/>"#),
            BODY_FONT,
            SIZE_SMALL,
        ),
        style_with(
            "GongwenTableHeader",
            "表头",
            &format!(r#"<w:keepNext/>{cell}<w:jc w:val="center"/>"#),
            BODY_FONT,
            SIZE_SMALL,
            "<w:b/><w:bCs/>",
        ),
        style(
            "Footer",
            "footer",
            r#"<w:spacing w:line="240" w:lineRule="auto"/>"#,
            PAGE_NUMBER_FONT,
            SIZE_SMALL,
        ),
    ];
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|side| format!(r#"<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#))
        .collect();
    format!(
        r#"{XML_DECL}<w:styles xmlns:w="{NS_W}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:kern w:val="2"/><w:sz w:val="{SIZE_BODY}"/><w:szCs w:val="{SIZE_BODY}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{exact}</w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/>{exact}<w:jc w:val="both"/></w:pPr></w:style><w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>{}<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/><w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr></w:style></w:styles>"#,
        fonts(BODY_FONT),
        styles.concat()
    )
}

/// A footer with "— PAGE —" aligned to `side`, one character in.
fn footer_xml(side: &str, indent: &str) -> String {
    let run = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    format!(
        r#"{XML_DECL}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind {indent}="280"/><w:jc w:val="{side}"/></w:pPr>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}</w:p></w:ftr>"#,
        run("— "),
        run(" —")
    )
}

fn document_xml(doc: &OfficialDocument, stamp: &Stamp) -> String {
    let mut body = Body::new(stamp);
    // The title's lines, broken at sense boundaries for the width of the
    // first section (landscape when the document starts with it).
    let first = match doc.paragraphs.first().map(|p| &p.kind) {
        Some(ParaKind::Layout(o)) => *o,
        _ => Orientation::Portrait,
    };
    let per_line = first.text_width() / (SIZE_TITLE * 10);
    let lines = super::title_lines::title_lines(&doc.title, per_line);
    let title = [OfficialRun::plain(lines.join("\n"))];
    body.out.push_str(&paragraph("GongwenTitle", &title, stamp));
    let mut paragraphs = doc.paragraphs.as_slice();
    if let Some(subtitle) = &doc.subtitle {
        let runs = [OfficialRun::plain(subtitle.clone())];
        body.out
            .push_str(&paragraph("GongwenSubtitle", &runs, stamp));
    } else if let Some((first, rest)) = paragraphs.split_first()
        && first.kind == ParaKind::Subtitle
    {
        // Right under the title, before the blank line, as a subtitle is.
        body.out
            .push_str(&paragraph("GongwenSubtitle", &first.runs, stamp));
        paragraphs = rest;
    }
    body.out.push_str(&paragraph("GongwenBody", &[], stamp));
    for para in paragraphs {
        body.push(para);
    }
    // Word wants a paragraph, not a table, last in the body.
    if body.out.ends_with("</w:tbl>") {
        body.out.push_str(&paragraph("GongwenBody", &[], stamp));
    }
    let last = body.section_properties();
    format!(
        r#"{XML_DECL}<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w16du="http://schemas.microsoft.com/office/word/2023/wordml/word16du" mc:Ignorable="w16du"><w:body>{}{last}</w:body></w:document>"#,
        body.out
    )
}

/// A line of a letter's closing block before the signature: the closing
/// formula (特此函告。此复。) or the contact line (联系人：…).
fn is_closing_line(runs: &[OfficialRun]) -> bool {
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let short_formula =
        (text.starts_with("特此") || text.starts_with("此复")) && text.chars().count() <= 8;
    short_formula || text.starts_with("联系人") || text.starts_with("（联系人")
}

/// The body being written, with the state the markers change: the
/// orientation in force, a page break waiting for the next paragraph.
struct Body<'a> {
    out: String,
    stamp: &'a Stamp,
    orientation: Orientation,
    /// Whether a paragraph of the document's own has been written.
    started: bool,
    /// Whether the section being written is the first.
    first_section: bool,
    page_break: bool,
    /// Where `<w:keepNext/>` would go in the paragraphs since the last one
    /// with text (that one included): kept with a signature that follows.
    keep: Vec<usize>,
    /// Whether the paragraphs since the last one with text are a 附件 list.
    in_attachments: bool,
    /// Whether the last paragraph with text was a closing-block line.
    in_closing: bool,
}

impl<'a> Body<'a> {
    fn new(stamp: &'a Stamp) -> Self {
        Body {
            out: String::new(),
            stamp,
            orientation: Orientation::Portrait,
            started: false,
            first_section: true,
            page_break: false,
            keep: Vec::new(),
            in_attachments: false,
            in_closing: false,
        }
    }

    fn push(&mut self, para: &OfficialPara) {
        let style = match &para.kind {
            ParaKind::Heading => "GongwenHeading",
            ParaKind::Body => "GongwenBody",
            ParaKind::Signature => "GongwenSignature",
            ParaKind::Date => "GongwenDate",
            ParaKind::FlushLeft => "GongwenFlush",
            ParaKind::Label => "GongwenLabel",
            ParaKind::CentredTitle => "GongwenAttachmentTitle",
            ParaKind::Short => "GongwenShort",
            ParaKind::Hanging => "GongwenAttachmentList",
            ParaKind::Subtitle => "GongwenSubtitle",
            ParaKind::PageBreak => {
                self.page_break = true;
                return;
            }
            ParaKind::Layout(orientation) => {
                self.layout(*orientation);
                return;
            }
            ParaKind::Table(rows) => return self.table(&TableView::plain(rows)),
            ParaKind::Grid(t) => return self.table(&TableView::of(t)),
        };
        let mut p = paragraph(style, &para.runs, self.stamp);
        if std::mem::take(&mut self.page_break) {
            p = p.replacen("</w:pPr>", PAGE_BREAK, 1);
        }
        if para.kind == ParaKind::Signature {
            self.keep_with_signature();
        }
        // The 附件 list belongs to the closing block and stays with the
        // signature after it. The body paragraph before it is not kept
        // whole (that would leave page 1 holding only the title and the
        // addressees): it flows from page 1, and widow control carries its
        // last lines over with the 附件 list when it breaks across pages.
        if para.kind == ParaKind::Hanging {
            if !self.in_attachments {
                self.in_attachments = true;
                self.last_lines_flow();
            }
        } else if para.runs.iter().any(|r| !r.text.trim().is_empty()) {
            // The closing formula (特此函告) and the contact line belong to
            // the closing block: they are kept with the signature together,
            // so a page never holds the signature without the text's last
            // paragraph. (The body paragraph before them is not kept: in
            // LibreOffice a kept paragraph moves whole, which would leave
            // page 1 holding only the title and the addressees.)
            let closing = is_closing_line(&para.runs);
            if !(closing && self.in_closing) {
                self.keep.clear();
            }
            self.in_closing = closing;
            self.in_attachments = false;
        }
        // Right after the w:pStyle, the first empty element.
        let at = self.out.len() + p.find("/>").map_or(0, |i| i + 2);
        self.keep.push(at);
        self.out.push_str(&p);
        self.started = true;
    }

    fn table(&mut self, t: &TableView<'_>) {
        if t.rows.is_empty() {
            return;
        }
        if std::mem::take(&mut self.page_break) {
            let p = paragraph("GongwenBody", &[], self.stamp);
            self.out.push_str(&p.replacen("</w:pPr>", PAGE_BREAK, 1));
        }
        let width = self.orientation.text_width();
        self.out.push_str(&table::table(t, width, self.stamp));
        self.keep.clear();
        self.started = true;
    }

    /// Keep the last paragraph with text before a signature (and the blank
    /// lines after it) on the signature's page, so that the signature never
    /// stands alone on a page.
    fn keep_with_signature(&mut self) {
        for &at in self.keep.iter().rev() {
            if self.out.is_char_boundary(at) {
                self.out.insert_str(at, "<w:keepNext/>");
            }
        }
        self.keep.clear();
    }

    /// Before a 附件 list: the last paragraph with text may break across
    /// pages, keeping at least its last two lines with what follows
    /// (`w:widowControl`); it and the blank lines after it are no longer
    /// kept with the signature.
    fn last_lines_flow(&mut self) {
        if let Some(&at) = self.keep.first()
            && self.out.is_char_boundary(at)
        {
            self.out.insert_str(at, "<w:widowControl/>");
        }
        self.keep.clear();
    }

    /// Turn the pages to `orientation`: end the section so far (on a
    /// tiny empty paragraph) unless nothing of the document's own is in it.
    fn layout(&mut self, orientation: Orientation) {
        if orientation == self.orientation {
            return;
        }
        if self.started {
            let properties = self.section_properties();
            let _ = write!(
                self.out,
                r#"<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{properties}</w:pPr></w:p>"#
            );
            self.first_section = false;
            self.keep.clear();
            // The new section starts on a new page anyway.
            self.page_break = false;
        }
        self.orientation = orientation;
    }

    /// The w:sectPr of the section being written; page numbers start at
    /// 1 in the first section and run on after.
    fn section_properties(&self) -> String {
        let size = self.orientation.page_size();
        let start = if self.first_section {
            r#"<w:pgNumType w:start="1"/>"#
        } else {
            ""
        };
        format!(
            r#"<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>{size}<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="851" w:footer="{FOOTER}" w:gutter="0"/>{start}<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr>"#
        )
    }
}

/// The end of a paragraph's properties followed by a page break run.
const PAGE_BREAK: &str = r#"</w:pPr><w:r><w:br w:type="page"/></w:r>"#;

/// The change every non-empty run of `runs` has, when they all have the same one.
fn whole_change<'a>(runs: impl IntoIterator<Item = &'a OfficialRun>) -> RunChange {
    let mut seen = None;
    for run in runs.into_iter().filter(|r| !r.text.is_empty()) {
        match seen {
            None => seen = Some(run.change),
            Some(c) if c == run.change => {}
            Some(_) => return RunChange::None,
        }
    }
    seen.unwrap_or(RunChange::None)
}

/// A w:p of `style` holding `runs`; a paragraph wholly inserted or deleted
/// has its paragraph mark tracked as well.
fn paragraph(style: &str, runs: &[OfficialRun], stamp: &Stamp) -> String {
    paragraph_with(style, runs, stamp, true)
}

/// A w:p; its mark is tracked only when `track_mark` (a cell's last mark
/// cannot be: the row is tracked instead).
fn paragraph_with(style: &str, runs: &[OfficialRun], stamp: &Stamp, track_mark: bool) -> String {
    let change = if track_mark {
        whole_change(runs)
    } else {
        RunChange::None
    };
    let mark = match change {
        RunChange::None => String::new(),
        RunChange::Insert => format!("<w:rPr><w:ins {}/></w:rPr>", stamp.attributes()),
        RunChange::Delete => format!("<w:rPr><w:del {}/></w:rPr>", stamp.attributes()),
    };
    let mut out = format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{mark}</w:pPr>"#);
    for run in runs.iter().filter(|r| !r.text.is_empty()) {
        out.push_str(&tracked_run(run, stamp));
    }
    out.push_str("</w:p>");
    out
}

/// A w:r for `run`, wrapped in w:ins or w:del when it is a change.
fn tracked_run(run: &OfficialRun, stamp: &Stamp) -> String {
    let deleted = run.change == RunChange::Delete;
    let content = run_content(&run.text, deleted);
    match run.change {
        RunChange::None => format!("<w:r>{content}</w:r>"),
        RunChange::Insert => format!("<w:ins {}><w:r>{content}</w:r></w:ins>", stamp.attributes()),
        RunChange::Delete => format!("<w:del {}><w:r>{content}</w:r></w:del>", stamp.attributes()),
    }
}

/// Run content: text in w:t (w:delText when deleted), tabs and line breaks
/// as w:tab and w:br.
fn run_content(s: &str, deleted: bool) -> String {
    let tag = if deleted { "w:delText" } else { "w:t" };
    let mut out = String::new();
    let mut piece = String::new();
    let flush = |piece: &mut String, out: &mut String| {
        if !piece.is_empty() {
            let _ = write!(
                out,
                r#"<{tag} xml:space="preserve">{}</{tag}>"#,
                text(piece)
            );
            piece.clear();
        }
    };
    for c in s.chars() {
        match c {
            '\t' => {
                flush(&mut piece, &mut out);
                out.push_str("<w:tab/>");
            }
            '\n' => {
                flush(&mut piece, &mut out);
                out.push_str("<w:br/>");
            }
            '\r' => {}
            c => piece.push(c),
        }
    }
    flush(&mut piece, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::{MarkChange, RevisionKind, View, read_docx};

    fn date() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2023-05-29T09:30:00+08:00").unwrap()
    }

    fn sample() -> OfficialDocument {
        OfficialDocument {
            title: "关于进一步支持人才发展的若干政策".into(),
            subtitle: Some("（征求意见稿）".into()),
            paragraphs: vec![
                OfficialPara::new(ParaKind::Heading, "一、总则"),
                OfficialPara {
                    kind: ParaKind::Body,
                    runs: vec![
                        OfficialRun::plain("（责任单位：市委组织部、市科技局"),
                        OfficialRun::inserted("、市人社局"),
                        OfficialRun::deleted("、市外办"),
                        OfficialRun::plain("）"),
                    ],
                },
                OfficialPara {
                    kind: ParaKind::Body,
                    runs: vec![OfficialRun::inserted("新增一段 & <特殊> \"字符\"\t制表")],
                },
                OfficialPara {
                    kind: ParaKind::Body,
                    runs: vec![OfficialRun::deleted("删去的一段")],
                },
                OfficialPara {
                    kind: ParaKind::Table(vec![
                        vec![
                            vec![OfficialRun::plain("序号")],
                            vec![OfficialRun::plain("单位")],
                        ],
                        vec![
                            vec![OfficialRun::plain("1")],
                            vec![OfficialRun::deleted("市外办")],
                        ],
                        vec![
                            vec![OfficialRun::inserted("2")],
                            vec![OfficialRun::inserted("市人社局")],
                        ],
                    ]),
                    runs: Vec::new(),
                },
                OfficialPara::new(ParaKind::Signature, "苏州市科学技术局"),
                OfficialPara::new(ParaKind::Date, "2023年5月29日"),
            ],
            author: "苏州市科学技术局".into(),
            date: date(),
        }
    }

    #[test]
    fn accepting_gives_the_new_text_and_rejecting_the_old() {
        let bytes = write_docx(&sample()).unwrap();
        let doc = read_docx(&bytes).unwrap();
        let head = "关于进一步支持人才发展的若干政策\n（征求意见稿）\n一、总则\n";
        let tail = "苏州市科学技术局\n2023年5月29日";
        assert_eq!(
            doc.plain_text(View::Accepted),
            format!(
                "{head}（责任单位：市委组织部、市科技局、市人社局）\n新增一段 & <特殊> \"字符\"\t制表\n序号\n单位\n1\n2\n市人社局\n{tail}"
            )
        );
        assert_eq!(
            doc.plain_text(View::Rejected),
            format!(
                "{head}（责任单位：市委组织部、市科技局、市外办）\n删去的一段\n序号\n单位\n1\n市外办\n{tail}"
            )
        );
    }

    #[test]
    fn changes_carry_author_date_and_unique_ids() {
        let doc = read_docx(&write_docx(&sample()).unwrap()).unwrap();
        let ids: std::collections::HashSet<&str> =
            doc.revisions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), doc.revisions.len());
        for r in &doc.revisions {
            assert_eq!(r.author, "苏州市科学技术局");
            assert_eq!(r.date.as_deref(), Some("2023-05-29T09:30:00Z"));
        }
        let kinds: Vec<RevisionKind> = doc.revisions.iter().map(|r| r.kind).collect();
        use RevisionKind::*;
        assert_eq!(
            kinds,
            [
                Insert,
                Delete,
                ParagraphMark,
                Insert,
                ParagraphMark,
                Delete,
                Delete,
                TableRow,
                Insert,
                Insert
            ]
        );
        let inserted = doc
            .paragraphs()
            .into_iter()
            .find(|p| p.text(View::All).starts_with("新增"))
            .unwrap();
        assert!(matches!(inserted.mark, Some(MarkChange::Inserted(_))));
        assert_eq!(
            doc.properties.title.as_deref(),
            Some("关于进一步支持人才发展的若干政策")
        );
        assert_eq!(doc.properties.creator.as_deref(), Some("苏州市科学技术局"));
        assert_eq!(
            doc.properties.created.as_deref(),
            Some("2023-05-29T01:30:00Z")
        );
    }

    #[test]
    fn the_layout_follows_gb_t_9704() {
        let bytes = write_docx(&sample()).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut part = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let document = part("word/document.xml");
        assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
        assert!(document.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
        assert!(document.contains("w16du:dateUtc=\"2023-05-29T01:30:00Z\""));
        let styles = part("word/styles.xml");
        for needle in [
            r#"w:eastAsia="方正小标宋简体""#,
            r#"<w:sz w:val="44"/>"#,
            r#"w:eastAsia="仿宋_GB2312""#,
            r#"w:eastAsia="黑体""#,
            r#"w:firstLineChars="200""#,
            r#"<w:spacing w:line="579" w:lineRule="exact"/>"#,
        ] {
            assert!(styles.contains(needle), "{needle}");
        }
        let odd = part("word/footer1.xml");
        assert!(
            odd.contains("— ")
                && odd.contains(" PAGE ")
                && odd.contains(r#"<w:jc w:val="right"/>"#)
        );
        assert!(part("word/footer2.xml").contains(r#"<w:jc w:val="left"/>"#));
        assert!(part("word/settings.xml").contains("<w:evenAndOddHeaders/>"));
        assert!(part("docProps/app.xml").contains("<Application>consult "));
    }

    #[test]
    fn output_is_reproducible_and_text_is_sanitised() {
        let mut doc = sample();
        doc.title = "控制\u{1}字符\u{FFFF}".into();
        doc.author = "a\"b<c>".into();
        let first = write_docx(&doc).unwrap();
        assert_eq!(first, write_docx(&doc).unwrap());
        let read = read_docx(&first).unwrap();
        assert!(read.plain_text(View::All).starts_with("控制字符\n"));
        assert_eq!(read.revisions[0].author, "a\"b<c>");
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut s).unwrap();
        s
    }

    fn cells(texts: &[&str]) -> Vec<Vec<OfficialRun>> {
        texts.iter().map(|t| vec![OfficialRun::plain(*t)]).collect()
    }

    /// A letter-like document: addressee, body, page break, attachment.
    fn letter() -> OfficialDocument {
        OfficialDocument {
            title: "关于征求意见的函".into(),
            subtitle: None,
            paragraphs: vec![
                OfficialPara::new(ParaKind::FlushLeft, "市发改委、市教育局："),
                OfficialPara::new(ParaKind::Body, "请提出修改意见。"),
                OfficialPara::new(ParaKind::Signature, "苏州市科学技术局"),
                OfficialPara::marker(ParaKind::PageBreak),
                OfficialPara::new(ParaKind::Label, "附件1"),
                OfficialPara::new(ParaKind::CentredTitle, "征求意见单位名单"),
                OfficialPara::new(ParaKind::Body, "市发改委、市教育局"),
            ],
            author: "苏州市科学技术局".into(),
            date: date(),
        }
    }

    /// The w:p holding `needle`.
    fn paragraph_of<'a>(document: &'a str, needle: &str) -> &'a str {
        document
            .split("<w:p>")
            .find(|p| p.contains(needle))
            .and_then(|p| p.split("</w:p>").next())
            .unwrap()
    }

    #[test]
    fn addressee_label_title_and_page_break() {
        let bytes = write_docx(&letter()).unwrap();
        let document = part(&bytes, "word/document.xml");
        let addressee = paragraph_of(&document, "市发改委、市教育局：");
        assert!(addressee.contains(r#"w:val="GongwenFlush""#));
        let label = paragraph_of(&document, ">附件1<");
        assert!(
            label.contains(r#"w:val="GongwenLabel"/></w:pPr><w:r><w:br w:type="page"/></w:r>"#),
            "{label}"
        );
        assert_eq!(document.matches(r#"w:type="page""#).count(), 1);
        let title = paragraph_of(&document, "征求意见单位名单");
        assert!(title.contains(r#"w:val="GongwenAttachmentTitle""#));
        let styles = part(&bytes, "word/styles.xml");
        let style = |id: &str| {
            let start = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap();
            let rest = &styles[start..];
            rest[..rest.find("</w:style>").unwrap()].to_string()
        };
        let flush = style("GongwenFlush");
        assert!(
            flush.contains(r#"w:firstLineChars="0" w:firstLine="0""#),
            "{flush}"
        );
        let label = style("GongwenLabel");
        assert!(label.contains(r#"w:eastAsia="黑体""#) && label.contains(r#"w:firstLine="0""#));
        let title = style("GongwenAttachmentTitle");
        assert!(title.contains(r#"<w:jc w:val="center"/>"#));
        assert!(title.contains(r#"w:eastAsia="方正小标宋简体""#));
        let read = read_docx(&bytes).unwrap();
        let text = read.plain_text(View::All);
        assert!(
            text.contains("市发改委、市教育局：\n请提出修改意见。"),
            "{text}"
        );
        assert!(
            text.contains("附件1\n征求意见单位名单\n市发改委、市教育局"),
            "{text}"
        );
    }

    #[test]
    fn a_page_break_before_a_table_or_at_the_end() {
        let mut doc = letter();
        doc.paragraphs = vec![
            OfficialPara::marker(ParaKind::PageBreak),
            OfficialPara::table(OfficialTable::new(vec![cells(&["甲"])])),
            OfficialPara::marker(ParaKind::PageBreak),
        ];
        let document = part(&write_docx(&doc).unwrap(), "word/document.xml");
        assert_eq!(document.matches(r#"<w:br w:type="page"/>"#).count(), 1);
        let at = document.find(r#"<w:br w:type="page"/>"#).unwrap();
        assert!(at < document.find("<w:tbl>").unwrap());
    }

    /// A 汇总表-like document on landscape pages.
    fn summary(orientation: Orientation) -> OfficialDocument {
        let table = OfficialTable::new(vec![
            cells(&["序号", "单位", "意见内容"]),
            cells(&["1", "市发改委", "建议提高支持额度"]),
            vec![
                vec![OfficialRun::inserted("2")],
                vec![OfficialRun::inserted("市外办")],
                vec![OfficialRun::inserted("建议删除")],
            ],
        ])
        .with_widths([1, 3, 8])
        .with_align([CellAlign::Centre, CellAlign::Centre, CellAlign::Left])
        .with_header();
        OfficialDocument {
            title: "汇总表".into(),
            subtitle: None,
            paragraphs: vec![
                OfficialPara::marker(ParaKind::Layout(orientation)),
                OfficialPara::new(ParaKind::Body, "共收到意见2条。"),
                OfficialPara::table(table),
            ],
            author: "苏州市科学技术局".into(),
            date: date(),
        }
    }

    fn grid(document: &str) -> Vec<u32> {
        document
            .split(r#"<w:gridCol w:w=""#)
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn a_grid_has_widths_alignment_and_a_repeated_bold_header() {
        let bytes = write_docx(&summary(Orientation::Landscape)).unwrap();
        let document = part(&bytes, "word/document.xml");
        let widths = grid(&document);
        assert_eq!(widths.len(), 3);
        assert_eq!(widths.iter().sum::<u32>(), 16838 - 1587 - 1474);
        assert!(widths[0] < widths[1] && widths[1] < widths[2], "{widths:?}");
        let rows: Vec<&str> = document.split("<w:tr>").skip(1).collect();
        assert!(rows[0].starts_with("<w:trPr><w:tblHeader/></w:trPr>"));
        assert!(rows[0].contains("GongwenTableHeader"));
        assert!(!rows[1].contains("tblHeader") && rows[1].contains("GongwenTableText"));
        assert!(rows[2].starts_with("<w:trPr><w:ins "), "{}", rows[2]);
        assert_eq!(
            document.matches("<w:sectPr>").count(),
            1,
            "landscape from the start: one section"
        );
        assert!(document.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#));
        let styles = part(&bytes, "word/styles.xml");
        let header = &styles[styles.find(r#"w:styleId="GongwenTableHeader""#).unwrap()..];
        assert!(header[..header.find("</w:style>").unwrap()].contains("<w:b/>"));
        let read = read_docx(&bytes).unwrap();
        assert_eq!(
            read.plain_text(View::Accepted),
            "汇总表\n共收到意见2条。\n序号\n单位\n意见内容\n1\n市发改委\n建议提高支持额度\n2\n市外办\n建议删除"
        );
    }

    #[test]
    fn a_landscape_section_in_the_middle_has_its_own_break() {
        let mut doc = summary(Orientation::Landscape);
        doc.paragraphs.swap(0, 1);
        doc.paragraphs.push(OfficialPara::marker(ParaKind::Layout(
            Orientation::Portrait,
        )));
        doc.paragraphs
            .push(OfficialPara::new(ParaKind::Signature, "苏州市科学技术局"));
        let document = part(&write_docx(&doc).unwrap(), "word/document.xml");
        let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
        assert_eq!(sections.len(), 3, "portrait, landscape, portrait");
        assert!(sections[0].contains(r#"w:w="11906""#) && sections[0].contains("w:start=\"1\""));
        assert!(
            sections[1].contains(r#"w:orient="landscape""#) && !sections[1].contains("w:start")
        );
        assert!(sections[2].contains(r#"w:w="11906""#));
        assert_eq!(
            grid(&document).iter().sum::<u32>(),
            13777,
            "landscape width"
        );
        let portrait = part(
            &write_docx(&summary(Orientation::Portrait)).unwrap(),
            "word/document.xml",
        );
        assert_eq!(grid(&portrait).iter().sum::<u32>(), 8845, "portrait width");
    }

    #[test]
    fn an_empty_document_is_still_valid() {
        let doc = OfficialDocument {
            title: String::new(),
            subtitle: None,
            paragraphs: vec![OfficialPara {
                kind: ParaKind::Table(Vec::new()),
                runs: Vec::new(),
            }],
            author: String::new(),
            date: date(),
        };
        let read = read_docx(&write_docx(&doc).unwrap()).unwrap();
        assert_eq!(read.plain_text(View::All), "");
    }
}
