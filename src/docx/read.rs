//! The .docx reader: one streaming walk over the main part (found through
//! the package relationships, [`super::rels`]), continued over the
//! footnotes and endnotes parts, and the same walk over the comments part,
//! that keeps paragraphs, tables, runs with their tracked-change marks,
//! notes, comment anchors and revisions.
//!
//! Text is taken only from w:t, w:delText and equation text (m:t) inside
//! paragraphs, plus w:tab, w:br and w:cr; field instructions (w:instrText, and anything between a
//! field's begin and separate) are not text, field results are. Hyperlinks,
//! smart tags, custom XML and content controls (w:sdtContent) are read
//! through; of mc:AlternateContent only the first branch is read; property
//! elements are skipped except for what they say about style, numbering,
//! outline level and tracked changes.

use std::collections::HashMap;

use super::comments::{self, CommentMeta};
use super::limits::{Limits, Package};
use super::numbering::{Counter, Definitions};
use super::styles::Styles;
use super::xml::{Ev, Ns, Parser, Tag, decode};
use super::{
    Cell, DocxBlock, DocxDocument, DocxError, MarkChange, Numbering, Para, Properties, Revision,
    RevisionKind, Run, View,
};

/// Read a .docx from its bytes.
pub fn read_docx(bytes: &[u8]) -> Result<DocxDocument, DocxError> {
    read_docx_with(bytes, Limits::default())
}

/// Read a .docx under other caps than the defaults.
pub fn read_docx_with(bytes: &[u8], limits: Limits) -> Result<DocxDocument, DocxError> {
    let mut package = Package::open(bytes, limits)?;
    let parts = super::rels::parts(&mut package)?;
    let document = package.required(&parts.main)?;
    let styles = optional(&mut package, &parts.styles, Styles::parse)?.unwrap_or_default();
    let numbering =
        optional(&mut package, &parts.numbering, Definitions::parse)?.unwrap_or_default();
    let comments_xml = package.part(&parts.comments)?;
    let extended = package.part(&parts.comments_extended)?;
    let core = package.part("docProps/core.xml")?;
    let footnotes = package.part(&parts.footnotes)?;
    let endnotes = package.part(&parts.endnotes)?;

    let text = decode(&document, &parts.main)?;
    let mut body = Walker::new(&styles);
    body.walk(&mut Parser::new(&text, &parts.main))?;
    let body_blocks = body.blocks.len();
    for (bytes, name) in [(footnotes, &parts.footnotes), (endnotes, &parts.endnotes)] {
        if let Some(bytes) = bytes {
            let text = decode(&bytes, name)?;
            body.walk(&mut Parser::new(&text, name))?;
        }
    }
    let mut doc = body.finish(&numbering)?;
    let metas = std::mem::take(&mut body.notes);
    let refs = std::mem::take(&mut body.note_refs);
    doc.notes = split_notes(&mut doc.blocks, body_blocks, metas, &refs);

    if let Some(bytes) = comments_xml {
        let text = decode(&bytes, "word/comments.xml")?;
        let mut walker = Walker::new(&styles);
        walker.walk(&mut Parser::new(&text, "word/comments.xml"))?;
        let metas = std::mem::take(&mut walker.comments);
        let parsed = walker.finish(&Definitions::default())?;
        let extended = match extended {
            Some(bytes) => {
                let text = decode(&bytes, "word/commentsExtended.xml")?;
                comments::parse_extended(&text)?
            }
            None => HashMap::new(),
        };
        doc.comments = comments::assemble(metas, &parsed.blocks, &body.anchors, &extended);
    }
    if let Some(bytes) = core {
        let text = decode(&bytes, "docProps/core.xml")?;
        doc.properties = properties(&text)?;
    }
    Ok(doc)
}

/// Parse a part with `parse` when the package has it.
fn optional<T>(
    package: &mut Package,
    name: &str,
    parse: impl Fn(&str) -> Result<T, DocxError>,
) -> Result<Option<T>, DocxError> {
    match package.part(name)? {
        Some(bytes) => Ok(Some(parse(&decode(&bytes, name)?)?)),
        None => Ok(None),
    }
}

/// Where a comment is anchored in the body, as offsets into the walk's text.
#[derive(Debug, Default, Clone)]
pub struct Anchor {
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// Paragraph (serial) of the range start.
    pub paragraph: Option<usize>,
    /// Paragraph (serial) of the w:commentReference.
    pub reference: Option<usize>,
    pub text: String,
}

/// What an open element is, for the walk.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Frame {
    /// Read through (w:body, w:hyperlink, w:sdtContent, unknown elements…).
    Plain,
    Para,
    /// A run: where its text starts and the format change it carries.
    Run {
        start: usize,
        format: Option<usize>,
    },
    /// w:t or w:delText: text is collected.
    Text,
    /// A tracked change around content; `inserted` for w:ins/w:moveTo.
    Change {
        index: usize,
        start: usize,
        inserted: bool,
    },
    PPr,
    NumPr,
    /// The paragraph mark's properties (w:pPr/w:rPr).
    MarkRPr,
    RunRPr,
    Table,
    Row,
    Cell,
    TrPr,
    /// mc:AlternateContent: whether a branch was taken already.
    Alternate {
        taken: bool,
    },
    /// A w:comment of comments.xml.
    Comment,
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct ParaBuilder {
    para: Para,
    num: Option<(u32, u8)>,
    /// Paragraphs of text boxes inside this one, placed after it.
    deferred: Vec<DocxBlock>,
}

/// A table being read.
#[derive(Debug, Default)]
struct TableBuilder {
    rows: Vec<Vec<Cell>>,
    /// How many paragraphs were open when the table started.
    para_depth: usize,
}

struct Walker<'s> {
    styles: &'s Styles,
    blocks: Vec<DocxBlock>,
    revisions: Vec<Revision>,
    /// All text read, paragraphs ended by `\n`: anchors and revision texts
    /// are ranges of it.
    all_text: String,
    anchors: HashMap<String, Anchor>,
    /// comments.xml only: each comment with its range of `blocks`.
    comments: Vec<CommentMeta>,
    frames: Vec<Frame>,
    paras: Vec<ParaBuilder>,
    tables: Vec<TableBuilder>,
    /// Open insertions and deletions (indices into `revisions`).
    inserts: Vec<usize>,
    deletes: Vec<usize>,
    /// Open complex fields: true while in the instruction part.
    fields: Vec<bool>,
    next_serial: usize,
    /// Bytes of text copied out (revision texts, anchors, paragraph texts).
    copied: usize,
    /// Set when a cap of [`Walker`] was passed: the reason.
    too_complex: Option<String>,
    /// Footnotes and endnotes read: (kind, id, first block).
    notes: Vec<(String, String, usize)>,
    /// Paragraph serial of each note reference mark, by (kind, id).
    note_refs: HashMap<(String, String), usize>,
}

/// Most paragraphs a document may have (a 1,000-page one has about 30,000).
const MAX_PARAGRAPHS: usize = 300_000;
/// Most tracked changes.
const MAX_REVISIONS: usize = 200_000;
/// Most comments, and most comment anchors in the body.
const MAX_COMMENTS: usize = 100_000;
/// Most bytes of text copied into revisions and anchors: keeps memory
/// linear in the input even when changes and anchors overlap.
const MAX_COPIED: usize = 128 * 1024 * 1024;

impl<'s> Walker<'s> {
    fn new(styles: &'s Styles) -> Self {
        Walker {
            styles,
            blocks: Vec::new(),
            revisions: Vec::new(),
            all_text: String::new(),
            anchors: HashMap::new(),
            comments: Vec::new(),
            frames: Vec::new(),
            paras: Vec::new(),
            tables: Vec::new(),
            inserts: Vec::new(),
            deletes: Vec::new(),
            fields: Vec::new(),
            next_serial: 0,
            copied: 0,
            too_complex: None,
            notes: Vec::new(),
            note_refs: HashMap::new(),
        }
    }

    fn walk(&mut self, parser: &mut Parser) -> Result<(), DocxError> {
        loop {
            match parser.next()? {
                Ev::Eof => break,
                Ev::Text(text) => {
                    if self.frames.last() == Some(&Frame::Text) {
                        self.push_text(&text);
                    }
                }
                Ev::End => self.end(),
                Ev::Start(tag) => {
                    if let Some(frame) = self.start(parser, &tag)? {
                        self.frames.push(frame);
                    } else {
                        parser.skip()?;
                    }
                }
            }
            if let Some(reason) = self.too_complex.take() {
                return Err(DocxError::TooComplex(reason));
            }
        }
        if !self.frames.is_empty() {
            return Err(parser.unclosed());
        }
        Ok(())
    }

    /// Handle a start tag: the frame to push, or `None` to skip the element.
    fn start(&mut self, parser: &Parser, tag: &Tag) -> Result<Option<Frame>, DocxError> {
        let parent = self.frames.last().copied().unwrap_or(Frame::Plain);
        let frame = match parent {
            Frame::PPr => self.in_ppr(parser, tag),
            Frame::NumPr => {
                self.in_numpr(parser, tag);
                None
            }
            Frame::MarkRPr => {
                self.in_mark_rpr(parser, tag);
                None
            }
            Frame::RunRPr => {
                if tag.is(Ns::W, "rPrChange") {
                    let index = self.revision(parser, tag, RevisionKind::Format, false);
                    if let Some(Frame::Run { format, .. }) = self.frames.iter_mut().rev().nth(1) {
                        *format = Some(index);
                    }
                }
                None
            }
            Frame::TrPr => {
                if let Some(inserted) = change_sense(tag) {
                    self.revision(parser, tag, RevisionKind::TableRow, inserted);
                }
                None
            }
            Frame::Alternate { taken } => {
                if let Some(Frame::Alternate { taken: t }) = self.frames.last_mut() {
                    *t = true;
                }
                (!taken).then_some(Frame::Plain)
            }
            _ => self.in_content(parser, tag, parent),
        };
        Ok(frame)
    }

    /// A child of w:pPr.
    fn in_ppr(&mut self, parser: &Parser, tag: &Tag) -> Option<Frame> {
        if tag.ns != Ns::W {
            return None;
        }
        match tag.local() {
            b"pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.para.style = parser.w(tag, "val");
                }
                None
            }
            b"outlineLvl" => {
                let level = parser
                    .w(tag, "val")
                    .and_then(|v| v.trim().parse::<u8>().ok());
                if let Some(p) = self.paras.last_mut() {
                    p.para.outline_level = level.filter(|&l| l < 9);
                }
                None
            }
            b"numPr" => Some(Frame::NumPr),
            b"rPr" => Some(Frame::MarkRPr),
            b"pPrChange" => {
                self.revision(parser, tag, RevisionKind::Format, false);
                None
            }
            _ => None,
        }
    }

    /// A child of w:numPr.
    fn in_numpr(&mut self, parser: &Parser, tag: &Tag) {
        let value = parser
            .w(tag, "val")
            .and_then(|v| v.trim().parse::<u32>().ok());
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let (num, level) = p.num.unwrap_or((u32::MAX, 0));
        match (tag.ns, tag.local(), value) {
            (Ns::W, b"numId", Some(n)) => p.num = Some((n, level)),
            (Ns::W, b"ilvl", Some(l)) => p.num = Some((num, u8::try_from(l.min(8)).unwrap_or(0))),
            _ => {}
        }
    }

    /// A child of the paragraph mark's w:rPr: a mark inserted or deleted.
    fn in_mark_rpr(&mut self, parser: &Parser, tag: &Tag) {
        if tag.is(Ns::W, "rPrChange") {
            self.revision(parser, tag, RevisionKind::Format, false);
            return;
        }
        let Some(inserted) = change_sense(tag) else {
            return;
        };
        let index = self.revision(parser, tag, RevisionKind::ParagraphMark, inserted);
        if let Some(p) = self.paras.last_mut() {
            p.para.mark = Some(if inserted {
                MarkChange::Inserted(index)
            } else {
                MarkChange::Deleted(index)
            });
        }
    }

    /// An element of content: body, paragraph, run or table level.
    fn in_content(&mut self, parser: &Parser, tag: &Tag, parent: Frame) -> Option<Frame> {
        match tag.ns {
            Ns::W => {}
            Ns::Mc if tag.local() == b"AlternateContent" => {
                return Some(Frame::Alternate { taken: false });
            }
            // An equation's text (m:t) is text of its paragraph; tracked
            // changes around it (w:ins/w:del, inside or outside m:r) mark it.
            Ns::M if tag.local() == b"t" && !self.paras.is_empty() => return Some(Frame::Text),
            _ => return Some(Frame::Plain),
        }
        let in_para = !self.paras.is_empty();
        match tag.local() {
            b"p" => {
                self.open_para(parser, tag);
                Some(Frame::Para)
            }
            b"pPr" if parent == Frame::Para => Some(Frame::PPr),
            b"r" => Some(Frame::Run {
                start: self.all_text.len(),
                format: None,
            }),
            b"rPr" if matches!(parent, Frame::Run { .. }) => Some(Frame::RunRPr),
            b"t" | b"delText" if in_para => Some(Frame::Text),
            b"tab" | b"ptab" if in_para => self.literal("\t"),
            b"br" if in_para && is_page_or_column_break(parser, tag) => Some(Frame::Plain),
            b"br" | b"cr" if in_para => self.literal("\n"),
            b"noBreakHyphen" if in_para => self.literal("-"),
            b"sym" if in_para => {
                let c = parser
                    .w(tag, "char")
                    .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                    .and_then(char::from_u32)
                    .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c));
                if let Some(c) = c {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
                None
            }
            b"fldChar" => {
                self.field_char(parser.w(tag, "fldCharType").as_deref());
                None
            }
            b"ins" | b"moveTo" => Some(self.change(parser, tag, true)),
            b"del" | b"moveFrom" => Some(self.change(parser, tag, false)),
            b"commentRangeStart" => {
                let paragraph = self.current_paragraph();
                let start = self.all_text.len();
                let anchor = self.anchor(parser, tag);
                anchor.start = Some(start);
                anchor.paragraph = Some(paragraph);
                None
            }
            b"commentRangeEnd" => {
                let end = self.all_text.len();
                self.anchor(parser, tag).end = Some(end);
                None
            }
            b"commentReference" => {
                let paragraph = self.current_paragraph();
                self.anchor(parser, tag).reference = Some(paragraph);
                None
            }
            kind @ (b"footnote" | b"endnote") if self.paras.is_empty() => {
                // Separators (w:type="separator", …) are layout, not notes.
                if parser.w(tag, "type").is_some_and(|t| t != "normal") {
                    return None;
                }
                let kind = String::from_utf8_lossy(kind).into_owned();
                let id = parser.w(tag, "id").unwrap_or_default();
                self.notes.push((kind, id, self.blocks.len()));
                Some(Frame::Plain)
            }
            kind @ (b"footnoteReference" | b"endnoteReference") => {
                let kind = String::from_utf8_lossy(kind)
                    .trim_end_matches("Reference")
                    .to_string();
                let id = parser.w(tag, "id").unwrap_or_default();
                let paragraph = self.current_paragraph();
                self.note_refs.insert((kind, id), paragraph);
                None
            }
            b"tbl" => {
                self.tables.push(TableBuilder {
                    rows: Vec::new(),
                    para_depth: self.paras.len(),
                });
                Some(Frame::Table)
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows.push(Vec::new());
                }
                Some(Frame::Row)
            }
            b"tc" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(Cell::default());
                }
                Some(Frame::Cell)
            }
            b"trPr" => Some(Frame::TrPr),
            b"comment" => {
                self.comments
                    .push(comments::meta(parser, tag, self.blocks.len()));
                self.limit(self.comments.len() > MAX_COMMENTS, "comments", MAX_COMMENTS);
                Some(Frame::Comment)
            }
            b"instrText" | b"delInstrText" | b"sectPr" | b"tblPr" | b"tblGrid" | b"tcPr"
            | b"tblPrEx" | b"sdtPr" | b"sdtEndPr" | b"fldData" | b"rPr" | b"pPr"
            | b"customXmlPr" | b"smartTagPr" | b"object" => None,
            _ => Some(Frame::Plain),
        }
    }

    /// Emit fixed text (a tab, a break) and skip the element.
    fn literal(&mut self, text: &str) -> Option<Frame> {
        self.push_text(text);
        None
    }

    fn open_para(&mut self, parser: &Parser, tag: &Tag) {
        let serial = self.next_serial;
        self.limit(serial >= MAX_PARAGRAPHS, "paragraphs", MAX_PARAGRAPHS);
        self.next_serial += 1;
        let para = Para {
            index: serial,
            para_id: parser.attr(tag, Ns::W14, "paraId"),
            in_table: !self.tables.is_empty(),
            ..Para::default()
        };
        self.paras.push(ParaBuilder {
            para,
            ..ParaBuilder::default()
        });
    }

    /// The serial of the paragraph open now, or of the next one to open.
    fn current_paragraph(&self) -> usize {
        self.paras
            .last()
            .map(|p| p.para.index)
            .unwrap_or(self.next_serial)
    }

    fn anchor(&mut self, parser: &Parser, tag: &Tag) -> &mut Anchor {
        let id = parser.w(tag, "id").unwrap_or_default();
        let full = self.anchors.len() >= MAX_COMMENTS && !self.anchors.contains_key(&id);
        self.limit(full, "comment anchors", MAX_COMMENTS);
        self.anchors.entry(id).or_default()
    }

    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => self.fields.push(true),
            Some("separate") => {
                if let Some(top) = self.fields.last_mut() {
                    *top = false;
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// Record a tracked change and return its index.
    fn revision(
        &mut self,
        parser: &Parser,
        tag: &Tag,
        kind: RevisionKind,
        inserted: bool,
    ) -> usize {
        let paragraph = match kind {
            RevisionKind::TableRow => self.next_serial,
            _ => self.current_paragraph(),
        };
        self.revisions.push(Revision {
            kind,
            inserted,
            id: parser.w(tag, "id").unwrap_or_default(),
            author: parser.w(tag, "author").unwrap_or_default(),
            date: parser.w(tag, "date"),
            text: String::new(),
            paragraph: Some(paragraph),
            accepted: String::new(),
            rejected: String::new(),
        });
        self.limit(
            self.revisions.len() > MAX_REVISIONS,
            "tracked changes",
            MAX_REVISIONS,
        );
        self.revisions.len() - 1
    }

    /// Note that the cap `what` (`limit`) was passed when `passed`.
    fn limit(&mut self, passed: bool, what: &str, limit: usize) {
        if passed && self.too_complex.is_none() {
            self.too_complex = Some(format!("more than {limit} {what}"));
        }
    }

    /// Count `bytes` of text copied out, against [`MAX_COPIED`].
    fn charge(&mut self, bytes: usize) {
        self.copied = self.copied.saturating_add(bytes);
        let over = self.copied > MAX_COPIED;
        self.limit(
            over,
            "bytes of text in changes and comment anchors",
            MAX_COPIED,
        );
    }

    /// Open a w:ins/w:del/w:moveTo/w:moveFrom around content.
    fn change(&mut self, parser: &Parser, tag: &Tag, inserted: bool) -> Frame {
        let moved = tag.local().starts_with(b"move");
        let kind = match (moved, inserted) {
            (false, true) => RevisionKind::Insert,
            (false, false) => RevisionKind::Delete,
            (true, true) => RevisionKind::MoveTo,
            (true, false) => RevisionKind::MoveFrom,
        };
        let index = self.revision(parser, tag, kind, inserted);
        if inserted {
            self.inserts.push(index);
        } else {
            self.deletes.push(index);
        }
        Frame::Change {
            index,
            start: self.all_text.len(),
            inserted,
        }
    }

    /// Add text to the open paragraph, with the open changes' marks.
    fn push_text(&mut self, text: &str) {
        if text.is_empty() || self.fields.iter().any(|&instruction| instruction) {
            return;
        }
        let inserted = self.inserts.last().copied();
        let deleted = self.deletes.last().copied();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        self.all_text.push_str(text);
        match p.para.runs.last_mut() {
            Some(run) if run.inserted == inserted && run.deleted == deleted => {
                run.text.push_str(text)
            }
            _ => p.para.runs.push(Run {
                text: text.to_string(),
                inserted,
                deleted,
            }),
        }
    }

    fn end(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Para => self.close_para(),
            Frame::Run {
                start,
                format: Some(index),
            } => {
                let text = self.all_text.get(start..).unwrap_or_default().to_string();
                self.charge(text.len());
                if let Some(r) = self.revisions.get_mut(index) {
                    r.text = text;
                }
            }
            Frame::Change {
                index,
                start,
                inserted,
            } => {
                let stack = if inserted {
                    &mut self.inserts
                } else {
                    &mut self.deletes
                };
                stack.pop();
                let text = self.all_text.get(start..).unwrap_or_default();
                let text = text.trim_end_matches('\n').to_string();
                self.charge(text.len());
                if let Some(r) = self.revisions.get_mut(index) {
                    r.text = text;
                }
            }
            Frame::Table => {
                if let Some(table) = self.tables.pop() {
                    self.place(DocxBlock::Table(table.rows));
                }
            }
            Frame::Comment => {
                let end = self.blocks.len();
                if let Some(meta) = self.comments.last_mut() {
                    meta.blocks.end = end;
                }
            }
            _ => {}
        }
    }

    fn close_para(&mut self) {
        let Some(builder) = self.paras.pop() else {
            return;
        };
        self.all_text.push('\n');
        let mut para = builder.para;
        let style = self.styles.effective(para.style.as_deref());
        if para.outline_level.is_none() {
            para.outline_level = style.and_then(|s| self.styles.outline_level(s));
        }
        let num = builder
            .num
            .or_else(|| style.and_then(|s| self.styles.numbering(s)));
        para.numbering = num
            .filter(|&(id, _)| id != 0 && id != u32::MAX)
            .map(|(num_id, level)| Numbering {
                num_id,
                level,
                label: None,
                format: None,
            });
        self.place(DocxBlock::Paragraph(para));
        for block in builder.deferred {
            self.place(block);
        }
    }

    /// Put a finished block where it belongs: the innermost table's current
    /// cell, after the paragraph holding its text box, or the body.
    fn place(&mut self, block: DocxBlock) {
        let depth = self.paras.len();
        if let Some(table) = self.tables.last_mut().filter(|t| t.para_depth == depth) {
            if table.rows.is_empty() {
                table.rows.push(Vec::new());
            }
            if let Some(row) = table.rows.last_mut() {
                if row.is_empty() {
                    row.push(Cell::default());
                }
                if let Some(cell) = row.last_mut() {
                    flatten_into(block, &mut cell.paragraphs);
                }
            }
        } else if let Some(parent) = self.paras.last_mut() {
            parent.deferred.push(block);
        } else {
            self.blocks.push(block);
        }
    }

    /// The document: indices made positions, numbering labelled, each
    /// revision given its paragraph's texts.
    fn finish(&mut self, defs: &Definitions) -> Result<DocxDocument, DocxError> {
        let mut blocks = std::mem::take(&mut self.blocks);
        let mut serial_to_index = HashMap::new();
        let mut counter = Counter::default();
        let mut texts = Vec::new();
        for_each_para(&mut blocks, |p| {
            serial_to_index.insert(p.index, texts.len());
            p.index = texts.len();
            if let Some(n) = p.numbering.as_mut()
                && let Some((label, format)) = counter.next(defs, n.num_id, n.level)
            {
                n.label = label;
                n.format = format;
            }
            texts.push((p.text(View::Accepted), p.text(View::Rejected)));
        });
        let mut revisions = std::mem::take(&mut self.revisions);
        for r in &mut revisions {
            r.paragraph = r.paragraph.and_then(|s| serial_to_index.get(&s).copied());
            if let Some((accepted, rejected)) = r.paragraph.and_then(|i| texts.get(i)) {
                self.copied = self.copied.saturating_add(accepted.len() + rejected.len());
                r.accepted = accepted.clone();
                r.rejected = rejected.clone();
            }
            if self.copied > MAX_COPIED {
                break;
            }
        }
        for serial in self.note_refs.values_mut() {
            *serial = serial_to_index.get(serial).copied().unwrap_or(usize::MAX);
        }
        for anchor in self.anchors.values_mut() {
            anchor.paragraph = anchor
                .paragraph
                .and_then(|s| serial_to_index.get(&s).copied());
            anchor.reference = anchor
                .reference
                .and_then(|s| serial_to_index.get(&s).copied());
            if let (Some(start), Some(end)) = (anchor.start, anchor.end) {
                let text = self.all_text.get(start..end.max(start)).unwrap_or_default();
                self.copied = self.copied.saturating_add(text.len());
                if self.copied > MAX_COPIED {
                    break;
                }
                anchor.text = text.trim_matches('\n').to_string();
            }
        }
        if self.copied > MAX_COPIED {
            return Err(DocxError::TooComplex(format!(
                "more than {MAX_COPIED} bytes of text in changes and comment anchors"
            )));
        }
        Ok(DocxDocument {
            blocks,
            comments: Vec::new(),
            revisions,
            properties: Properties::default(),
            notes: Vec::new(),
        })
    }
}

/// Move the blocks read from the notes parts (those after `body_blocks`)
/// into their notes; `refs` gives each reference mark's paragraph index.
fn split_notes(
    blocks: &mut Vec<DocxBlock>,
    body_blocks: usize,
    metas: Vec<(String, String, usize)>,
    refs: &HashMap<(String, String), usize>,
) -> Vec<super::Note> {
    let tail = blocks.split_off(body_blocks.min(blocks.len()));
    let mut notes = Vec::new();
    let mut rest = tail.into_iter().enumerate().peekable();
    for (i, (kind, id, _)) in metas.iter().enumerate() {
        let end = metas.get(i + 1).map_or(usize::MAX, |m| m.2);
        let mut paragraphs = Vec::new();
        while let Some((_, block)) = rest.next_if(|(j, _)| body_blocks + j < end) {
            flatten_into(block, &mut paragraphs);
        }
        for p in &mut paragraphs {
            p.in_table = false;
        }
        notes.push(super::Note {
            reference: refs
                .get(&(kind.clone(), id.clone()))
                .copied()
                .filter(|&i| i != usize::MAX),
            kind: kind.clone(),
            id: id.clone(),
            paragraphs,
        });
    }
    notes
}

/// Whether a w:ins/w:moveTo (true) or w:del/w:moveFrom (false) tag.
fn change_sense(tag: &Tag) -> Option<bool> {
    if tag.ns != Ns::W {
        return None;
    }
    match tag.local() {
        b"ins" | b"moveTo" => Some(true),
        b"del" | b"moveFrom" => Some(false),
        _ => None,
    }
}

/// Add a block's paragraphs to a cell (a nested table's cells in order).
fn flatten_into(block: DocxBlock, out: &mut Vec<Para>) {
    match block {
        DocxBlock::Paragraph(mut p) => {
            p.in_table = true;
            out.push(p);
        }
        DocxBlock::Table(rows) => {
            for cell in rows.into_iter().flatten() {
                for mut p in cell.paragraphs {
                    p.in_table = true;
                    out.push(p);
                }
            }
        }
    }
}

/// Call `f` on every paragraph of `blocks` in document order.
fn for_each_para(blocks: &mut [DocxBlock], mut f: impl FnMut(&mut Para)) {
    for block in blocks {
        match block {
            DocxBlock::Paragraph(p) => f(p),
            DocxBlock::Table(rows) => {
                for cell in rows.iter_mut().flatten() {
                    cell.paragraphs.iter_mut().for_each(&mut f);
                }
            }
        }
    }
}

/// Title, creator and dates of docProps/core.xml.
fn properties(text: &str) -> Result<Properties, DocxError> {
    let mut parser = Parser::new(text, "docProps/core.xml");
    let mut props = Properties::default();
    let mut field: Option<&mut Option<String>> = None;
    let mut depth = 0usize;
    loop {
        match parser.next()? {
            Ev::Eof => break,
            Ev::Start(tag) => {
                depth += 1;
                field = match (depth, tag.ns, tag.local()) {
                    (2, Ns::Dc, b"title") => Some(&mut props.title),
                    (2, Ns::Dc, b"creator") => Some(&mut props.creator),
                    (2, Ns::Cp, b"lastModifiedBy") => Some(&mut props.last_modified_by),
                    (2, Ns::DcTerms, b"created") => Some(&mut props.created),
                    (2, Ns::DcTerms, b"modified") => Some(&mut props.modified),
                    _ => None,
                };
            }
            Ev::End => {
                depth = depth.saturating_sub(1);
                field = None;
            }
            Ev::Text(t) => {
                if let Some(slot) = field.as_mut() {
                    slot.get_or_insert_with(String::new).push_str(&t);
                }
            }
        }
    }
    Ok(props)
}

/// A page or column break lays out the page; it is not a line of text.
fn is_page_or_column_break(parser: &Parser, tag: &Tag) -> bool {
    parser
        .w(tag, "type")
        .is_some_and(|t| t == "page" || t == "column")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::testing::{NS, document, docx, package};

    fn read(body: &str) -> DocxDocument {
        read_docx(&docx(body)).unwrap()
    }

    fn texts(doc: &DocxDocument, view: View) -> Vec<String> {
        doc.paragraphs().iter().map(|p| p.text(view)).collect()
    }

    #[test]
    fn page_and_column_breaks_are_not_text() {
        let doc = read(
            r#"<w:p><w:r><w:br w:type="page"/><w:t>附件1</w:t><w:br w:type="column"/><w:t>名单</w:t><w:br w:type="textWrapping"/><w:t>甲</w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc, View::Accepted), ["附件1名单\n甲"]);
    }

    #[test]
    fn run_content_fields_and_wrappers() {
        let doc = read(
            r#"<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t xml:space="preserve">C </w:t></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:fldSimple w:instr="DATE"><w:r><w:t>D</w:t></w:r></w:fldSimple>
            <w:hyperlink r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink>
            <w:smartTag w:uri="u" w:element="place"><w:r><w:t>S</w:t></w:r></w:smartTag>
            <w:sdt><w:sdtPr><w:alias w:val="x"/><w:placeholder><w:docPart w:val="y"/></w:placeholder></w:sdtPr>
              <w:sdtContent><w:r><w:t>T</w:t></w:r></w:sdtContent></w:sdt>
            <mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>one</w:t></w:r></mc:Choice>
              <mc:Fallback><w:r><w:t>one</w:t></w:r></mc:Fallback></mc:AlternateContent>
            <w:r><w:t>&amp;&#x4E2D;&#25991;&lt;</w:t><w:noBreakHyphen/><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:char="2605"/></w:r>
            <m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>"#,
        );
        assert_eq!(texts(&doc, View::All), ["A\tB\nC 7DlinkSTone&中文<-★x"]);
    }

    #[test]
    fn nested_fields_hide_inner_instructions() {
        let doc = read(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>IF </w:instrText>
            <w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText><w:fldChar w:fldCharType="separate"/>
            <w:t>inner</w:t><w:fldChar w:fldCharType="end"/><w:instrText> = 1 </w:instrText>
            <w:fldChar w:fldCharType="separate"/><w:t>result</w:t><w:fldChar w:fldCharType="end"/><w:t>!</w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc, View::All), ["result!"]);
    }

    #[test]
    fn text_boxes_follow_their_paragraph() {
        let doc = read(
            r#"<w:p><w:r><w:t>outer</w:t><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
              <w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing>
              <w:t> end</w:t></w:r></w:p><w:p><w:r><w:t>next</w:t></w:r></w:p>"#,
        );
        assert_eq!(texts(&doc, View::All), ["outer end", "box", "next"]);
        let indices: Vec<usize> = doc.paragraphs().iter().map(|p| p.index).collect();
        assert_eq!(indices, [0, 1, 2]);
    }

    #[test]
    fn tables_keep_rows_and_cells_and_flatten_nested_tables() {
        let doc = read(
            r#"<w:p><w:r><w:t>before</w:t></w:r></w:p>
            <w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>
              <w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>修改意见</w:t></w:r></w:p><w:p><w:r><w:t>second</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
                    <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>n1</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>n2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
            </w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>"#,
        );
        assert_eq!(doc.blocks.len(), 3);
        let DocxBlock::Table(rows) = &doc.blocks[1] else {
            panic!("not a table: {:?}", doc.blocks[1]);
        };
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.text(View::Accepted)).collect())
            .collect();
        assert_eq!(
            cells,
            [vec!["序号", "修改意见\nsecond"], vec!["1", "n1\nn2"]]
        );
        assert!(doc.paragraphs()[1].in_table);
        assert!(!doc.paragraphs()[0].in_table);
        assert_eq!(
            doc.plain_text(View::Accepted),
            "before\n序号\n修改意见\nsecond\n1\nn1\nn2\nafter"
        );
        let indices: Vec<usize> = doc.paragraphs().iter().map(|p| p.index).collect();
        assert_eq!(indices, (0..9).collect::<Vec<_>>());
    }

    #[test]
    fn tracked_changes_give_three_views_and_revisions() {
        let doc = read(
            r#"<w:p><w:r><w:t>责任单位：市科技局</w:t></w:r>
              <w:ins w:id="1" w:author="gxc" w:date="2023-05-24T16:20:00Z"><w:r><w:t>、市人社局</w:t></w:r></w:ins>
              <w:del w:id="2" w:author="gxc" w:date="2023-05-24T16:21:00Z"><w:r><w:delText>、市外办</w:delText></w:r></w:del></w:p>
            <w:p><w:pPr><w:rPr><w:del w:id="3" w:author="gxc" w:date="2023-05-24T16:22:00Z"/></w:rPr></w:pPr>
              <w:moveFrom w:id="4" w:author="a"><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:r><w:t>tail</w:t></w:r></w:p>
            <w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="f"><w:rPr/></w:rPrChange></w:rPr><w:t>next</w:t></w:r>
              <w:moveTo w:id="6" w:author="a"><w:r><w:t>moved</w:t></w:r></w:moveTo></w:p>"#,
        );
        assert_eq!(
            texts(&doc, View::Accepted),
            ["责任单位：市科技局、市人社局", "tail", "nextmoved"]
        );
        assert_eq!(
            texts(&doc, View::Rejected),
            ["责任单位：市科技局、市外办", "movedtail", "next"]
        );
        assert_eq!(
            doc.plain_text(View::Accepted),
            "责任单位：市科技局、市人社局\ntailnextmoved"
        );
        assert_eq!(
            doc.plain_text(View::Rejected),
            "责任单位：市科技局、市外办\nmovedtail\nnext"
        );
        let kinds: Vec<(RevisionKind, &str, Option<usize>)> = doc
            .revisions
            .iter()
            .map(|r| (r.kind, r.text.as_str(), r.paragraph))
            .collect();
        assert_eq!(
            kinds,
            [
                (RevisionKind::Insert, "、市人社局", Some(0)),
                (RevisionKind::Delete, "、市外办", Some(0)),
                (RevisionKind::ParagraphMark, "", Some(1)),
                (RevisionKind::MoveFrom, "moved", Some(1)),
                (RevisionKind::Format, "next", Some(2)),
                (RevisionKind::MoveTo, "moved", Some(2)),
            ]
        );
        let ins = &doc.revisions[0];
        assert_eq!(
            (ins.author.as_str(), ins.date.as_deref()),
            ("gxc", Some("2023-05-24T16:20:00Z"))
        );
        assert_eq!(ins.accepted, "责任单位：市科技局、市人社局");
        assert_eq!(ins.rejected, "责任单位：市科技局、市外办");
        assert_eq!(doc.paragraphs()[1].mark, Some(MarkChange::Deleted(2)));
        assert!(!doc.revisions[2].inserted);
    }

    #[test]
    fn numbering_and_outline_levels_are_made_explicit() {
        let numbering = format!(
            r#"<w:numbering {NS}><w:abstractNum w:abstractNumId="3">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            </w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/>
              <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let body = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>总则</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>目标</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>任务</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>plain</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>保障</w:t></w:r></w:p>"#;
        let bytes = package(&[
            ("word/document.xml", &document(body)),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        let doc = read_docx(&bytes).unwrap();
        let seen: Vec<(Option<String>, Option<u8>, Option<String>)> = doc
            .paragraphs()
            .iter()
            .map(|p| {
                let label = p.numbering.as_ref().and_then(|n| n.label.clone());
                (label, p.outline_level, p.style.clone())
            })
            .collect();
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            seen,
            [
                (s("一、"), Some(0), None),
                (s("（一）"), Some(1), s("2")),
                (s("（二）"), Some(1), s("2")),
                (None, Some(1), s("2")),
                (s("二、"), None, None),
            ]
        );
        let n = doc.paragraphs()[1].numbering.clone().unwrap();
        assert_eq!(
            (n.num_id, n.level, n.format.as_deref()),
            (5, 1, Some("chineseCounting"))
        );
    }

    #[test]
    fn comments_anchors_threads_and_done() {
        let body = r#"<w:p><w:r><w:t>第五条 </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>责任单位</w:t></w:r></w:p>
            <w:p><w:ins w:id="9" w:author="x"><w:commentRangeStart w:id="2"/><w:r><w:t>市外办</w:t></w:r><w:commentRangeEnd w:id="2"/></w:ins>
              <w:r><w:t>等</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
            <w:p><w:r><w:t>point</w:t><w:commentReference w:id="1"/></w:r></w:p>"#;
        let comments = format!(
            r#"<w:comments {NS}>
              <w:comment w:id="0" w:author="gxc" w:initials="g" w:date="2023-05-24T16:20:00Z">
                <w:p w14:paraId="00000001"><w:r><w:annotationRef/></w:r><w:r><w:t>市委人才办：建议第五点责任单位加上市人社局</w:t></w:r></w:p>
                <w:p w14:paraId="00000002"><w:r><w:t>second line</w:t></w:r></w:p></w:comment>
              <w:comment w:id="1" w:author="b"><w:p w14:paraId="00000003"><w:r><w:t>reply</w:t></w:r></w:p></w:comment>
              <w:comment w:id="2" w:author="c"><w:p w14:paraId="00000004"><w:r><w:t>inner</w:t></w:r></w:p></w:comment>
            </w:comments>"#
        );
        let extended = format!(
            r#"<w15:commentsEx {NS}><w15:commentEx w15:paraId="00000002" w15:done="1"/>
              <w15:commentEx w15:paraId="00000003" w15:paraIdParent="00000002" w15:done="0"/>
              <w15:commentEx w15:paraId="00000004" w15:paraIdParent="00000001"/></w15:commentsEx>"#
        );
        let bytes = package(&[
            ("word/document.xml", &document(body)),
            ("word/comments.xml", &comments),
            ("word/commentsExtended.xml", &extended),
        ]);
        let doc = read_docx(&bytes).unwrap();
        let c = &doc.comments;
        assert_eq!(c.len(), 3);
        assert_eq!(
            c[0].text,
            "市委人才办：建议第五点责任单位加上市人社局\nsecond line"
        );
        assert_eq!(c[0].anchor, "责任单位\n市外办等");
        assert_eq!(
            (c[0].paragraph, c[0].done, c[0].parent.as_deref()),
            (Some(0), true, None)
        );
        assert_eq!(
            (c[0].author.as_str(), c[0].initials.as_deref()),
            ("gxc", Some("g"))
        );
        assert_eq!(c[0].date.as_deref(), Some("2023-05-24T16:20:00Z"));
        assert_eq!((c[1].anchor.as_str(), c[1].paragraph), ("", Some(2)));
        assert_eq!(c[1].parent.as_deref(), Some("0"));
        assert_eq!((c[2].anchor.as_str(), c[2].paragraph), ("市外办", Some(1)));
        // 00000001 is not the last paragraph of comment 0: no parent found.
        assert_eq!(c[2].parent, None);
        let threads = doc.threads();
        assert_eq!(threads.len(), 2);
        assert_eq!(threads[0].root.id, "0");
        assert_eq!(threads[0].replies.len(), 1);
    }

    #[test]
    fn strict_namespace_utf16_and_bom_are_read() {
        let strict = r#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>"#;
        let doc = read_docx(&package(&[("word/document.xml", strict)])).unwrap();
        assert_eq!(doc.plain_text(View::All), "严格");

        let xml = document("<w:p><w:r><w:t>十六位</w:t></w:r></w:p>");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(xml.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, &utf16).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(read_docx(&bytes).unwrap().plain_text(View::All), "十六位");

        let bom = format!(
            "\u{FEFF}{}",
            document("<w:p><w:r><w:t>bom</w:t></w:r></w:p>")
        );
        let doc = read_docx(&package(&[("word/document.xml", &bom)])).unwrap();
        assert_eq!(doc.plain_text(View::All), "bom");
    }

    #[test]
    fn doctype_and_unknown_entities_are_refused() {
        let secret = std::env::temp_dir().join("consult-docx-secret.txt");
        std::fs::write(&secret, "TOP-SECRET-CONTENT").unwrap();
        let dtd = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{}">]><w:document {NS}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#,
            secret.display()
        );
        let err = read_docx(&package(&[("word/document.xml", &dtd)])).unwrap_err();
        assert!(matches!(err, DocxError::Doctype(_)), "{err:?}");
        assert!(!format!("{err} {err:?}").contains("TOP-SECRET"));

        let undefined = document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>");
        let err = read_docx(&package(&[("word/document.xml", &undefined)])).unwrap_err();
        assert!(matches!(err, DocxError::Xml { .. }), "{err:?}");
        assert!(err.to_string().contains("xxe"));

        let in_comments = format!(r#"<!DOCTYPE x [<!ENTITY a "b">]><w:comments {NS}/>"#);
        let bytes = package(&[
            ("word/document.xml", &document("")),
            ("word/comments.xml", &in_comments),
        ]);
        assert!(
            matches!(read_docx(&bytes), Err(DocxError::Doctype(p)) if p == "word/comments.xml")
        );
    }

    #[test]
    fn malformed_xml_is_an_error_not_a_panic() {
        for bad in [
            "<w:p><w:r><w:t>open",
            "<w:p></w:r>",
            "<w:p><w:r><w:t>&#0;</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>&#xFFFFFFFF;</w:t></w:r></w:p>",
        ] {
            let bytes = package(&[("word/document.xml", &document(bad))]);
            assert!(read_docx(&bytes).is_err(), "{bad}");
        }
        let bytes = package(&[("word/document.xml", "<w:document>\u{0}\u{1}")]);
        assert!(read_docx(&bytes).is_err());
        let bytes = package(&[("word/document.xml", "")]);
        assert_eq!(read_docx(&bytes).unwrap().blocks, []);
    }

    fn too_complex(bytes: &[u8]) -> String {
        let result = read_docx(bytes);
        match result {
            Err(DocxError::TooComplex(reason)) => reason,
            other => panic!("not refused as too complex: {other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_refused_even_inside_skipped_elements() {
        let deep = |open: &str, close: &str| {
            let inner = format!("{}{}", open.repeat(300), close.repeat(300));
            docx(&format!("<w:p>{inner}</w:p>"))
        };
        assert!(too_complex(&deep("<w:hyperlink>", "</w:hyperlink>")).contains("nested"));
        let skipped = docx(&format!(
            "<w:sectPr>{}{}</w:sectPr>",
            "<w:x>".repeat(300),
            "</w:x>".repeat(300)
        ));
        assert!(too_complex(&skipped).contains("nested"));
        assert!(read_docx(&deep("<w:smartTag>", "</w:smartTag>")[..]).is_err());
        let fine = docx(&format!(
            "<w:p>{}{}</w:p>",
            "<w:hyperlink>".repeat(100),
            "</w:hyperlink>".repeat(100)
        ));
        assert!(read_docx(&fine).is_ok());
    }

    #[test]
    fn too_many_paragraphs_are_refused() {
        let bytes = docx(&"<w:p/>".repeat(MAX_PARAGRAPHS + 1));
        assert!(too_complex(&bytes).contains("paragraphs"));
    }

    #[test]
    fn overlapping_anchors_and_changes_cannot_blow_up_memory() {
        // 2,000 comments all anchored on the same 70 kB: 140 MB of anchors.
        let text = "长".repeat(24_000);
        let starts: String = (0..2000)
            .map(|i| format!(r#"<w:commentRangeStart w:id="{i}"/>"#))
            .collect();
        let ends: String = (0..2000)
            .map(|i| format!(r#"<w:commentRangeEnd w:id="{i}"/>"#))
            .collect();
        let body = format!("<w:p>{starts}<w:r><w:t>{text}</w:t></w:r>{ends}</w:p>");
        assert!(too_complex(&docx(&body)).contains("bytes"));
        // 2,000 changes in one 70 kB paragraph: its texts copied 2,000 times.
        let changes: String = (0..2000)
            .map(|i| format!(r#"<w:ins w:id="{i}"><w:r><w:t>x</w:t></w:r></w:ins>"#))
            .collect();
        let body = format!("<w:p><w:r><w:t>{text}</w:t></w:r>{changes}</w:p>");
        assert!(too_complex(&docx(&body)).contains("bytes"));
        // Tracked changes nested as deep as allowed, each around all the text.
        let body = format!(
            "<w:p>{}<w:r><w:t>{text}</w:t></w:r>{}</w:p>",
            "<w:ins>".repeat(250),
            "</w:ins>".repeat(250)
        );
        assert!(read_docx(&docx(&body)).is_ok());
    }

    const RELS: &str =
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#;

    #[test]
    fn the_main_part_and_its_parts_come_from_the_relationships() {
        let root = format!(
            r#"{RELS}<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/doc/main.xml"/></Relationships>"#
        );
        let main_rels = format!(
            r#"{RELS}<Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="notes/fn.xml"/><Relationship Id="r3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>"#
        );
        let body =
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#;
        let notes = format!(
            r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>注：</w:t></w:r><w:del w:id="7" w:author="A"><w:r><w:delText>旧</w:delText></w:r></w:del></w:p></w:footnote></w:footnotes>"#
        );
        let bytes = package(&[
            ("_rels/.rels", &root),
            ("doc/main.xml", &document(body)),
            ("doc/_rels/main.xml.rels", &main_rels),
            ("doc/notes/fn.xml", &notes),
        ]);
        let doc = read_docx(&bytes).unwrap();
        assert_eq!(texts(&doc, View::All), ["正文"]);
        assert_eq!(doc.notes.len(), 1, "the separator is layout");
        let note = &doc.notes[0];
        assert_eq!((note.kind.as_str(), note.id.as_str()), ("footnote", "2"));
        assert_eq!(note.reference, Some(0));
        assert_eq!(note.text(View::Accepted), "注：");
        assert_eq!(note.text(View::Rejected), "注：旧");
        assert_eq!(doc.revisions.len(), 1);
        assert_eq!(doc.revisions[0].text, "旧");
        assert_eq!(doc.revisions[0].paragraph, Some(1));
    }

    #[test]
    fn equation_text_and_its_tracked_changes() {
        let doc = read(
            r#"<w:p><w:r><w:t>补贴：</w:t></w:r><m:oMath><m:r><m:t>x=</m:t></m:r><m:r><w:del w:id="1" w:author="A"><m:t>20</m:t></w:del></m:r><w:ins w:id="2" w:author="A"><m:r><m:t>30</m:t></m:r></w:ins></m:oMath></w:p>"#,
        );
        assert_eq!(texts(&doc, View::Accepted), ["补贴：x=30"]);
        assert_eq!(texts(&doc, View::Rejected), ["补贴：x=20"]);
        assert_eq!(doc.revisions.len(), 2);
    }
}
