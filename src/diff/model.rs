//! The result of comparing two drafts: one entry per aligned clause (or
//! pseudo-clause: title, preamble, closing, plain paragraph) with its change
//! kind, its semantic deltas and its inline redline.
//!
//! Every text in the result borrows from the compared drafts, so a diff of
//! two 10 MB drafts costs little more memory than the drafts themselves. The
//! types serialise to the `diff --format json` shape of DESIGN.md.

use serde::{Serialize, Serializer};

use super::units::Unit;

/// One piece of an inline redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of text with what happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Segment<'a> {
    pub op: Op,
    pub text: &'a str,
}

/// What happened to a clause between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Same text (a new number alone is not a change).
    Unchanged,
    /// Same place in the order, different text.
    Modified,
    /// Only in the new version.
    Inserted,
    /// Only in the old version.
    Deleted,
    /// Out of its old order (its text may have changed too).
    Moved,
}

impl Change {
    /// The Chinese name used in official output.
    pub fn chinese(self) -> &'static str {
        match self {
            Change::Unchanged => "未修改",
            Change::Modified => "修改",
            Change::Inserted => "新增",
            Change::Deleted => "删除",
            Change::Moved => "移动",
        }
    }

    /// The name in the process language.
    pub fn local(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            Change::Unchanged => tr("未修改", "unchanged"),
            Change::Modified => tr("修改", "modified"),
            Change::Inserted => tr("新增", "inserted"),
            Change::Deleted => tr("删除", "deleted"),
            Change::Moved => tr("移动", "moved"),
        }
    }

    /// The JSON key (`unchanged`, `modified`, …).
    pub fn key(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Modified => "modified",
            Change::Inserted => "inserted",
            Change::Deleted => "deleted",
            Change::Moved => "moved",
        }
    }
}

/// Which part of a draft an entry compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The document's title.
    Title,
    /// The text before the first clause.
    Preamble,
    /// A numbered clause.
    Clause,
    /// A block between two clauses that belongs to neither (a section
    /// heading such as `一、总体要求`).
    Section,
    /// The text after the last clause.
    Closing,
    /// A paragraph of a draft without recognisable clauses.
    Paragraph,
}

/// One aligned clause (or pseudo-clause) of the two versions.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseDiff<'a> {
    pub part: Part,
    pub from_number: Option<u32>,
    pub to_number: Option<u32>,
    /// The clause's title (the new one, else the old one).
    pub title: &'a str,
    pub change: Change,
    pub units_added: Vec<&'a str>,
    pub units_removed: Vec<&'a str>,
    #[serde(serialize_with = "wan_opt")]
    pub funding_from_wan: Option<f64>,
    #[serde(serialize_with = "wan_opt")]
    pub funding_to_wan: Option<f64>,
    pub sources_added: Vec<&'a str>,
    pub sources_removed: Vec<&'a str>,
    /// Ids of the opinions behind this change (from `revisions/<to>.yaml`).
    pub opinions: Vec<String>,
    /// The same opinions as official papers cite them, by whose they were
    /// and what was decided (采纳市委组织部（人才办）意见), in order, once each.
    pub opinion_notes: Vec<String>,
    /// The texts differ only in white space or in full- against half-width
    /// punctuation: a format change, not a modification.
    pub format_only: bool,
    pub segments: Vec<Segment<'a>>,
    /// The old clause, if any.
    #[serde(skip)]
    pub old: Option<&'a Unit>,
    /// The new clause, if any.
    #[serde(skip)]
    pub new: Option<&'a Unit>,
}

impl<'a> ClauseDiff<'a> {
    /// The old text: the equal and deleted segments.
    pub fn old_text(&self) -> String {
        self.side_text(Op::Delete)
    }

    /// The new text: the equal and inserted segments.
    pub fn new_text(&self) -> String {
        self.side_text(Op::Insert)
    }

    fn side_text(&self, keep: Op) -> String {
        self.segments
            .iter()
            .filter(|s| s.op == Op::Equal || s.op == keep)
            .map(|s| s.text)
            .collect()
    }

    /// Whether the text (label aside) changed.
    pub fn text_changed(&self) -> bool {
        match (self.old, self.new) {
            (Some(o), Some(n)) => !same_wording(o.body(), n.body()),
            _ => true,
        }
    }

    /// Whether only the number changed.
    pub fn renumbered(&self) -> bool {
        self.from_number.is_some() && self.to_number.is_some() && self.from_number != self.to_number
    }

    /// Whether any semantic delta is present.
    pub fn has_deltas(&self) -> bool {
        !self.units_added.is_empty()
            || !self.units_removed.is_empty()
            || !self.sources_added.is_empty()
            || !self.sources_removed.is_empty()
            || self.funding_changed()
    }

    /// Whether the funding differs between the versions.
    pub fn funding_changed(&self) -> bool {
        match (self.funding_from_wan, self.funding_to_wan) {
            (Some(a), Some(b)) => a != b,
            (None, None) => false,
            _ => true,
        }
    }
}

/// The segments as shown to a reader: a deletion followed by an insertion
/// that differ only in white space or character widths (a format change)
/// shown as the new text, equal. JSON keeps the exact segments.
pub fn shown<'a>(segments: &[Segment<'a>]) -> Vec<Segment<'a>> {
    let mut out = Vec::with_capacity(segments.len());
    let mut i = 0;
    while let Some(s) = segments.get(i) {
        let next = segments.get(i + 1);
        if let Some(n) = next
            && s.op == Op::Delete
            && n.op == Op::Insert
            && same_wording(s.text, n.text)
        {
            out.push(Segment {
                op: Op::Equal,
                text: n.text,
            });
            i += 2;
            continue;
        }
        if matches!(s.op, Op::Delete | Op::Insert) && s.text.trim().is_empty() {
            // White space alone added or removed.
            if s.op == Op::Insert {
                out.push(Segment {
                    op: Op::Equal,
                    text: s.text,
                });
            }
            i += 1;
            continue;
        }
        out.push(*s);
        i += 1;
    }
    out
}

/// Whether two texts read the same: white space aside, and full-width
/// punctuation, letters and digits taken as their half-width forms.
pub fn same_wording(a: &str, b: &str) -> bool {
    a == b || wording(a).eq(wording(b))
}

/// The characters that carry the wording of `text`.
fn wording(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !c.is_whitespace()).map(half_width)
}

/// The half-width form of a full-width character (`，` → `,`, `（` → `(`,
/// `５` → `5`), and `。` → `.`, curly quotes → straight; others unchanged.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '。' => '.',
        '、' => ',',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        _ => c,
    }
}

/// How many clauses had each kind of change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub unchanged: usize,
    pub modified: usize,
    pub inserted: usize,
    pub deleted: usize,
    pub moved: usize,
    /// Clauses whose number alone changed.
    pub renumbered: usize,
    /// Moved clauses whose text changed too (tester4 L6). Each is counted
    /// once, in `moved` (the counts still add up to the entries); the
    /// summary line and the 对照表's 注 say how many of the moved were
    /// also edited. Not a JSON field: a JSON reader sees it as a clause
    /// with `"change":"moved"` and a delete or insert segment.
    #[serde(skip)]
    pub moved_edited: usize,
}

impl Summary {
    /// Add another summary's counts (of other clauses) to these.
    pub fn add(&mut self, other: &Summary) {
        self.unchanged += other.unchanged;
        self.modified += other.modified;
        self.inserted += other.inserted;
        self.deleted += other.deleted;
        self.moved += other.moved;
        self.renumbered += other.renumbered;
        self.moved_edited += other.moved_edited;
    }
}

impl Summary {
    /// Count the entries of a diff.
    pub fn of(clauses: &[ClauseDiff<'_>]) -> Summary {
        let mut s = Summary::default();
        for c in clauses {
            match c.change {
                Change::Unchanged => s.unchanged += 1,
                Change::Modified => s.modified += 1,
                Change::Inserted => s.inserted += 1,
                Change::Deleted => s.deleted += 1,
                Change::Moved => s.moved += 1,
            }
            if c.change == Change::Unchanged && c.renumbered() {
                s.renumbered += 1;
            }
            if c.change == Change::Moved && c.text_changed() {
                s.moved_edited += 1;
            }
        }
        s
    }

    /// Whether anything changed.
    pub fn any_change(&self) -> bool {
        self.modified + self.inserted + self.deleted + self.moved > 0
    }
}

/// The comparison of two drafts.
#[derive(Debug, Clone, Serialize)]
pub struct DraftDiff<'a> {
    /// FROM as given (`v1`, a path, `REV:PATH`).
    pub from: String,
    /// TO as given.
    pub to: String,
    #[serde(serialize_with = "wan")]
    pub funding_total_from_wan: f64,
    #[serde(serialize_with = "wan")]
    pub funding_total_to_wan: f64,
    pub summary: Summary,
    pub clauses: Vec<ClauseDiff<'a>>,
    /// Things the reader should know (a draft without clauses, …); the
    /// caller prints them.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// A sum of money in 万元 as JSON: to the yuan (four decimals, so a sum
/// such as 0.1 + 0.2 is 0.3, not 0.30000000000000004), an integer when
/// whole.
pub(super) fn wan<S: Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    let value = to_the_yuan(*value);
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        s.serialize_i64(value as i64)
    } else {
        s.serialize_f64(value)
    }
}

/// An amount in 万元 rounded to the yuan (0.0001 万元).
fn to_the_yuan(value: f64) -> f64 {
    let rounded = (value * 1e4).round() / 1e4;
    if rounded.is_finite() { rounded } else { value }
}

fn wan_opt<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => wan(v, s),
        None => s.serialize_none(),
    }
}

/// A sum of money in 万元 for people: `1000`, `12.5`.
pub fn format_wan(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
