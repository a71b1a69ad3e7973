//! The diff as one self-contained HTML file (no external font, script,
//! style or image: it works offline and prints on A4), and the 修改对照表
//! as HTML. Both are official documents, so always in Chinese.

use askama::Template;

use super::describe::{explanation_zh, heading_zh};
use super::model::{Change, ClauseDiff, DraftDiff, Op, Part, Segment, Summary, format_wan, shown};

/// A segment as the templates see it: `op` is `eq`, `del` or `ins`.
pub struct Seg<'a> {
    pub op: &'static str,
    pub text: &'a str,
}

/// A row of the summary of changes.
pub struct DeltaRow {
    pub anchor: String,
    pub heading: String,
    pub change: &'static str,
    pub change_zh: &'static str,
    pub explanation: String,
}

/// One clause in both views.
pub struct ClauseView<'a> {
    pub anchor: String,
    pub heading: String,
    pub title: &'a str,
    pub change: &'static str,
    pub change_zh: &'static str,
    pub inline: Vec<Seg<'a>>,
    pub old: Vec<Seg<'a>>,
    pub new: Vec<Seg<'a>>,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct Page<'a> {
    doc_title: String,
    from: &'a str,
    to: &'a str,
    summary: &'a Summary,
    funding_from: String,
    funding_to: String,
    funding_delta: String,
    deltas: Vec<DeltaRow>,
    warnings: &'a [String],
    clauses: Vec<ClauseView<'a>>,
    /// The format changes in words (empty when none).
    format: String,
}

/// A row of the 修改对照表.
pub struct TableRow<'a> {
    pub heading: String,
    pub old: Vec<Seg<'a>>,
    pub new: Vec<Seg<'a>>,
    pub explanation: String,
}

#[derive(Template)]
#[template(path = "diff_table.html")]
struct TablePage<'a> {
    doc_title: String,
    from: &'a str,
    to: &'a str,
    rows: Vec<TableRow<'a>>,
    footnote: String,
    /// The format changes in words (empty when none).
    format: String,
}

/// The document's title: the new title, else the old one.
pub fn doc_title(diff: &DraftDiff<'_>) -> String {
    diff.clauses
        .iter()
        .find(|c| c.part == Part::Title)
        .and_then(|c| c.new.or(c.old))
        .map(|u| u.text.to_string())
        .unwrap_or_else(|| "草案".to_string())
}

fn segs<'a>(segments: &[Segment<'a>], keep: Option<Op>) -> Vec<Seg<'a>> {
    segments
        .iter()
        .filter(|s| keep.is_none_or(|k| s.op == Op::Equal || s.op == k))
        .map(|s| Seg {
            op: match s.op {
                Op::Equal => "eq",
                Op::Delete => "del",
                Op::Insert => "ins",
            },
            text: s.text,
        })
        .collect()
}

fn anchor(k: usize) -> String {
    format!("c{k}")
}

fn funding_delta(from: f64, to: f64) -> String {
    let d = to - from;
    if d > 0.0 {
        format!("增加 {} 万元", format_wan(d))
    } else if d < 0.0 {
        format!("减少 {} 万元", format_wan(-d))
    } else {
        "无变化".to_string()
    }
}

fn explanation(c: &ClauseDiff<'_>) -> String {
    if c.change == Change::Unchanged && !c.renumbered() && c.opinions.is_empty() {
        String::new()
    } else {
        explanation_zh(c)
    }
}

/// The diff as an HTML page: summary of deltas, then inline and
/// side-by-side views.
pub fn page(diff: &DraftDiff<'_>) -> Result<String, askama::Error> {
    let deltas = diff
        .clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.change != Change::Unchanged || !c.opinions.is_empty())
        .map(|(k, c)| DeltaRow {
            anchor: anchor(k),
            heading: heading_zh(c),
            change: c.change.key(),
            change_zh: c.change.chinese(),
            explanation: explanation_zh(c),
        })
        .collect();
    let clauses = diff
        .clauses
        .iter()
        .enumerate()
        .map(|(k, c)| ClauseView {
            anchor: anchor(k),
            heading: heading_zh(c),
            title: c.title,
            change: c.change.key(),
            change_zh: c.change.chinese(),
            inline: segs(&shown(&c.segments), None),
            old: segs(&shown(&c.segments), Some(Op::Delete)),
            new: segs(&shown(&c.segments), Some(Op::Insert)),
            explanation: explanation(c),
        })
        .collect();
    Page {
        doc_title: doc_title(diff),
        from: &diff.from,
        to: &diff.to,
        summary: &diff.summary,
        funding_from: format_wan(diff.funding_total_from_wan),
        funding_to: format_wan(diff.funding_total_to_wan),
        funding_delta: funding_delta(diff.funding_total_from_wan, diff.funding_total_to_wan),
        deltas,
        warnings: &diff.warnings,
        clauses,
        format: super::describe::FormatChanges::of(diff).zh(),
    }
    .render()
}

/// The rows of the 修改对照表: every entry that changed.
pub fn table_rows<'a>(diff: &DraftDiff<'a>) -> Vec<TableRow<'a>> {
    diff.clauses
        .iter()
        .filter(|c| c.change != Change::Unchanged)
        .map(|c| TableRow {
            heading: heading_zh(c),
            old: segs(&shown(&c.segments), Some(Op::Delete)),
            new: segs(&shown(&c.segments), Some(Op::Insert)),
            explanation: explanation_zh(c),
        })
        .collect()
}

/// The note under the 修改对照表.
pub fn table_footnote(diff: &DraftDiff<'_>) -> String {
    let s = &diff.summary;
    let moved_edited = if s.moved_edited > 0 {
        format!("（其中 {} 处同时修改了文字）", s.moved_edited)
    } else {
        String::new()
    };
    let mut note = format!(
        "注：共修改 {} 处、新增 {} 处、删除 {} 处、调整位置 {} 处{moved_edited}；未列出的部分未作修改",
        s.modified, s.inserted, s.deleted, s.moved
    );
    if s.renumbered > 0 {
        note.push_str(&format!("（其中 {} 条仅序号调整）", s.renumbered));
    }
    let format = super::describe::FormatChanges::of(diff);
    if !format.is_empty() {
        note.push_str(&format!("；另有格式调整：{}，条文文字未改", format.zh()));
    }
    if diff.funding_total_from_wan == diff.funding_total_to_wan {
        note.push_str(&format!(
            "。新增资金测算合计 {} 万元，无变化。",
            format_wan(diff.funding_total_to_wan)
        ));
    } else {
        note.push_str(&format!(
            "。新增资金测算合计由 {} 万元调整为 {} 万元。",
            format_wan(diff.funding_total_from_wan),
            format_wan(diff.funding_total_to_wan)
        ));
    }
    note
}

/// The 修改对照表 as an HTML page.
pub fn table_page(diff: &DraftDiff<'_>) -> Result<String, askama::Error> {
    TablePage {
        doc_title: doc_title(diff),
        from: &diff.from,
        to: &diff.to,
        rows: table_rows(diff),
        footnote: table_footnote(diff),
        format: super::describe::FormatChanges::of(diff).zh(),
    }
    .render()
}
