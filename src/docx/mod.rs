//! Word .docx reading and writing.
//!
//! [`read_docx`] opens a .docx safely — the zip caps of [`limits`] before
//! anything is inflated; no DOCTYPE, no entity but XML's own; caps on
//! nesting, paragraphs, changes and comments so memory stays linear in the
//! input — and returns a [`DocxDocument`]:
//! the body as paragraphs and tables, each paragraph's text as it reads with
//! all tracked changes accepted, rejected, or all shown; the comments with
//! their anchors and reply threads; and every tracked change with the text
//! of the paragraph around it. [`write_docx`] writes an official document
//! (GB/T 9704 layout) with real tracked changes.
//!
//! The core returns values and never prints; every failure is a
//! [`DocxError`], which [`DocxError::into_error`] turns into the crate's
//! [`Error`](crate::Error) naming the file.

mod comments;
pub mod limits;
pub mod markdown;
mod numbering;
mod read;
mod rels;
mod styles;
#[cfg(test)]
pub(crate) mod testing;
pub mod title_lines;
mod write;
mod xml;

use std::path::Path;

pub use limits::Limits;
pub use read::{read_docx, read_docx_with};
pub use write::{
    CellAlign, OfficialDocument, OfficialPara, OfficialRun, OfficialTable, Orientation, ParaKind,
    RunChange, write_docx,
};

/// Which text of a paragraph with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Every change accepted: insertions kept, deletions dropped.
    Accepted,
    /// Every change rejected: the original text.
    Rejected,
    /// Everything in the markup: inserted and deleted text both.
    All,
}

/// A .docx read by [`read_docx`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DocxDocument {
    /// The body in order: paragraphs and tables.
    pub blocks: Vec<DocxBlock>,
    /// The comments in the order of word/comments.xml.
    pub comments: Vec<Comment>,
    /// Every tracked change of the body in document order.
    pub revisions: Vec<Revision>,
    /// Title, author and dates from docProps/core.xml.
    pub properties: Properties,
    /// Footnotes and endnotes (word/footnotes.xml, word/endnotes.xml), in
    /// that order; their tracked changes are in `revisions` too.
    pub notes: Vec<Note>,
}

/// A footnote or an endnote.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Note {
    /// `footnote` or `endnote`.
    pub kind: String,
    /// w:id as written.
    pub id: String,
    /// Index of the body paragraph holding its reference mark.
    pub reference: Option<usize>,
    /// Its paragraphs (indices continue after the body's).
    pub paragraphs: Vec<Para>,
}

impl Note {
    /// The note's text in `view`, paragraphs joined with `\n`.
    pub fn text(&self, view: View) -> String {
        join_lines(&self.paragraphs, view).join("\n")
    }
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocxBlock {
    Paragraph(Para),
    /// Rows of cells; each cell holds its paragraphs (a table nested in a
    /// cell is flattened into that cell's paragraphs).
    Table(Vec<Vec<Cell>>),
}

/// One table cell.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Cell {
    pub paragraphs: Vec<Para>,
}

/// One paragraph of the body (or of a table cell, or of a text box).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Para {
    /// Position among all paragraphs of the document, tables included
    /// (the index used by comments and revisions).
    pub index: usize,
    /// The paragraph style id (w:pStyle), e.g. "1" or "Heading1".
    pub style: Option<String>,
    /// The outline level (0 = top), from the paragraph or its style.
    pub outline_level: Option<u8>,
    /// Automatic numbering (w:numPr), from the paragraph or its style.
    pub numbering: Option<Numbering>,
    /// The text in runs, each with its tracked-change marks.
    pub runs: Vec<Run>,
    /// A tracked change of the paragraph mark itself.
    pub mark: Option<MarkChange>,
    /// w14:paraId, when Word wrote one.
    pub para_id: Option<String>,
    /// True for a paragraph inside a table cell.
    pub in_table: bool,
}

/// Automatic numbering of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Numbering {
    /// w:numId (never 0: 0 means "no numbering" and gives `None`).
    pub num_id: u32,
    /// w:ilvl, 0 = top level.
    pub level: u8,
    /// The number as Word would show it ("一、", "1.", "（二）"), when
    /// word/numbering.xml defines the list; `None` for bullets or unknown lists.
    pub label: Option<String>,
    /// The w:numFmt of the level ("decimal", "chineseCounting", "bullet" …).
    pub format: Option<String>,
}

/// A tracked change of a paragraph mark: an inserted mark splits a
/// paragraph, a deleted one joins it to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkChange {
    Inserted(usize),
    Deleted(usize),
}

/// A stretch of text with the same tracked-change marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    pub text: String,
    /// Index into [`DocxDocument::revisions`] of the insertion (or move
    /// destination) this text is in.
    pub inserted: Option<usize>,
    /// Index of the deletion (or move source) this text is in.
    pub deleted: Option<usize>,
}

impl Run {
    /// True when this run is part of the text in `view`.
    pub fn visible(&self, view: View) -> bool {
        match view {
            View::Accepted => self.deleted.is_none(),
            View::Rejected => self.inserted.is_none(),
            View::All => true,
        }
    }
}

impl Para {
    /// The paragraph's text in `view`.
    pub fn text(&self, view: View) -> String {
        self.runs
            .iter()
            .filter(|r| r.visible(view))
            .map(|r| r.text.as_str())
            .collect()
    }

    /// True when this paragraph joins the next one in `view` (its mark was
    /// deleted and the change accepted, or inserted and rejected).
    pub fn joins_next(&self, view: View) -> bool {
        matches!(
            (self.mark, view),
            (Some(MarkChange::Deleted(_)), View::Accepted)
                | (Some(MarkChange::Inserted(_)), View::Rejected)
        )
    }
}

impl Cell {
    /// The cell's text in `view`, paragraphs joined with `\n`.
    pub fn text(&self, view: View) -> String {
        join_lines(&self.paragraphs, view).join("\n")
    }
}

/// A comment of word/comments.xml.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Comment {
    /// w:id, unique within the document.
    pub id: String,
    pub author: String,
    pub initials: Option<String>,
    /// w:date as written. Word writes local time with a `Z` suffix.
    pub date: Option<String>,
    /// The comment's text, paragraphs joined with `\n`.
    pub text: String,
    /// The commented text (between commentRangeStart and commentRangeEnd,
    /// across paragraphs joined with `\n`), deleted text included; empty for
    /// a comment on a point.
    pub anchor: String,
    /// Index of the paragraph where the anchor starts (or, for a comment on
    /// a point, where its reference is).
    pub paragraph: Option<usize>,
    /// The id of the comment this one replies to (commentsExtended.xml).
    pub parent: Option<String>,
    /// Marked resolved (w15:done="1").
    pub done: bool,
}

/// A comment and its replies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Thread {
    pub root: Comment,
    /// Replies in the order of comments.xml, replies to replies included.
    pub replies: Vec<Comment>,
}

/// What a tracked change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// w:ins around text.
    Insert,
    /// w:del around text.
    Delete,
    /// w:moveFrom: the old place of moved text (dropped when accepted).
    MoveFrom,
    /// w:moveTo: the new place of moved text (kept when accepted).
    MoveTo,
    /// A paragraph mark inserted or deleted (w:ins/w:del in the mark's w:rPr).
    ParagraphMark,
    /// A table row inserted or deleted (w:ins/w:del in w:trPr).
    TableRow,
    /// A formatting change (w:rPrChange, w:pPrChange); the text is unchanged.
    Format,
}

/// One tracked change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Revision {
    pub kind: RevisionKind,
    /// For `ParagraphMark` and `TableRow`: true when inserted, false when
    /// deleted; for the others: true for `Insert`/`MoveTo`.
    pub inserted: bool,
    /// w:id as written.
    pub id: String,
    pub author: String,
    /// w:date as written (Word writes local time with a `Z` suffix).
    pub date: Option<String>,
    /// Everything between the change's tags, deleted text included (for a
    /// `Format` change: the text of the run whose format changed).
    pub text: String,
    /// Index of the paragraph the change starts in.
    pub paragraph: Option<usize>,
    /// That paragraph's text with every change accepted.
    pub accepted: String,
    /// That paragraph's text with every change rejected.
    pub rejected: String,
}

/// Document properties from docProps/core.xml.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Properties {
    pub title: Option<String>,
    pub creator: Option<String>,
    pub last_modified_by: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

impl DocxDocument {
    /// Every paragraph in document order, table cells included.
    pub fn paragraphs(&self) -> Vec<&Para> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                DocxBlock::Paragraph(p) => out.push(p),
                DocxBlock::Table(rows) => {
                    for cell in rows.iter().flatten() {
                        out.extend(cell.paragraphs.iter());
                    }
                }
            }
        }
        out
    }

    /// The paragraph with this index.
    pub fn paragraph(&self, index: usize) -> Option<&Para> {
        self.paragraphs().into_iter().find(|p| p.index == index)
    }

    /// The text in `view`, one paragraph a line (table cells too, in order).
    /// Paragraph-mark changes join paragraphs as Word does; paragraphs
    /// empty in this view are left out.
    pub fn plain_text(&self, view: View) -> String {
        let mut lines = Vec::new();
        let mut run: Vec<&Para> = Vec::new();
        for block in &self.blocks {
            match block {
                DocxBlock::Paragraph(p) => run.push(p),
                DocxBlock::Table(rows) => {
                    lines.extend(join_lines(run.drain(..), view));
                    for cell in rows.iter().flatten() {
                        lines.extend(join_lines(&cell.paragraphs, view));
                    }
                }
            }
        }
        lines.extend(join_lines(run, view));
        lines.join("\n")
    }

    /// The comments grouped into threads: each comment without a (known)
    /// parent is a root; replies, and replies to replies, join its thread.
    pub fn threads(&self) -> Vec<Thread> {
        comments::threads(&self.comments)
    }
}

/// Lines of consecutive paragraphs in `view`, joining across deleted (or
/// rejected inserted) paragraph marks, empty lines left out.
fn join_lines<'a>(paras: impl IntoIterator<Item = &'a Para>, view: View) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for p in paras {
        let text = p.text(view);
        // A title broken into lines (Shift+Enter, or our GB/T 9704 title
        // lines) is one line of text.
        let style = p.style.as_deref().unwrap_or_default().to_ascii_lowercase();
        if style.contains("title") && !style.contains("subtitle") && text.contains('\n') {
            current.push_str(&text.replace('\n', ""));
        } else {
            current.push_str(&text);
        }
        if !p.joins_next(view) {
            if !current.trim().is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        lines.push(current);
    }
    lines
}

/// Why a .docx could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("{}", crate::t!("不是 .docx 文件（不是 zip 压缩包）：{}", "not a .docx file (not a zip archive): {}", .0))]
    NotZip(String),
    #[error("{}", crate::t!("zip 压缩包不完整或已损坏：{}", "truncated or damaged zip archive: {}", .0))]
    Damaged(String),
    #[error(
        "{}",
        crate::i18n::tr(
            "这是旧版 Word .doc 文件（或加密的文档），不是 .docx",
            "this is an old binary Word .doc file (or an encrypted document), not a .docx"
        )
    )]
    LegacyDoc,
    #[error("{}", crate::t!("zip 压缩包有 {} 个条目，超过上限 {}", "the zip archive has {} entries, more than the limit of {}", .count, .limit))]
    TooManyEntries { count: usize, limit: usize },
    #[error("{}", crate::t!("部件 {} 解压后超过 {} 字节（疑似 zip 炸弹）", "part {} is larger than {} bytes uncompressed (a zip bomb?)", .name, .limit))]
    EntryTooLarge { name: String, limit: u64 },
    #[error("{}", crate::t!("解压后的部件合计超过 {} 字节（疑似 zip 炸弹）", "the parts read exceed {} bytes uncompressed in all (a zip bomb?)", .limit))]
    TotalTooLarge { limit: u64 },
    #[error("{}", crate::t!("缺少部件 {}", "missing part {}", .0))]
    MissingPart(String),
    #[error("{}", crate::t!("部件 {} 含 DOCTYPE 声明，出于安全原因拒绝读取", "part {} has a DOCTYPE declaration, refused for safety", .0))]
    Doctype(String),
    #[error("{}", crate::t!("部件 {} 的 XML 有误（第 {} 字节处）：{}", "bad XML in part {} (at byte {}): {}", .part, .offset, .message))]
    Xml {
        part: String,
        offset: u64,
        message: String,
    },
    #[error("{}", crate::t!("文档过于复杂，出于安全原因拒绝读取：{}", "the document is too complex to read safely: {}", .0))]
    TooComplex(String),
    #[error("{}", crate::t!("写 .docx 失败：{}", "failed to write the .docx: {}", .0))]
    Write(String),
}

impl DocxError {
    /// A suggestion on how to fix the problem, when there is one.
    pub fn hint(&self) -> Option<String> {
        let text = match self {
            DocxError::LegacyDoc => crate::i18n::tr(
                "请在 Word 或 WPS 中打开，另存为 .docx（Word 文档）格式；如有密码请先去除",
                "open it in Word or WPS and save it as .docx (Word Document); remove any password first",
            ),
            DocxError::NotZip(_) | DocxError::Damaged(_) | DocxError::MissingPart(_) => {
                crate::i18n::tr(
                    "请在 Word 或 WPS 中打开并重新另存为 .docx",
                    "open it in Word or WPS and save it again as .docx",
                )
            }
            DocxError::TooComplex(_) => crate::i18n::tr(
                "请在 Word 中接受或拒绝修订、删去多余批注，或拆分文档后再试",
                "accept or reject the tracked changes and remove stray comments in Word, or split the document, then try again",
            ),
            DocxError::Doctype(_) => crate::i18n::tr(
                "Word 不会写 DOCTYPE；请在 Word 中重新另存该文件",
                "Word never writes a DOCTYPE; save the file again from Word",
            ),
            _ => return None,
        };
        Some(text.to_string())
    }

    /// The crate error for this failure on `path` (exit code 2).
    pub fn into_error(self, path: impl AsRef<Path>) -> crate::Error {
        let hint = self.hint();
        let error = crate::Error::input(crate::error::Position::file(path), self.to_string());
        match hint {
            Some(h) => error.with_hint(h),
            None => error,
        }
    }
}
