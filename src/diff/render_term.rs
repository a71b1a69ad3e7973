//! The diff for a terminal: each changed clause with its heading, its
//! redline (red and green with colour, `[-…-]{+…+}` without) and its
//! deltas, then a summary. Unchanged clauses are counted, not shown.

use std::io::{self, Write};

use crate::i18n::tr;
use crate::t;
use crate::terminal::{shortened, visible};

use super::describe::{FormatChanges, delta_lines, heading_local};
use super::model::{Change, ClauseDiff, DraftDiff, Op, Segment, format_wan, shown};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Write the diff for a terminal.
pub fn write(diff: &DraftDiff<'_>, color: bool, w: &mut dyn Write) -> io::Result<()> {
    let paint = |code: &'static str| if color { code } else { "" };
    writeln!(
        w,
        "{}{} → {}{}",
        paint(BOLD),
        visible(&diff.from),
        visible(&diff.to),
        paint(RESET)
    )?;
    for c in diff
        .clauses
        .iter()
        .filter(|c| c.change != Change::Unchanged)
    {
        writeln!(w)?;
        writeln!(
            w,
            "{}{}{}{}  [{}]",
            paint(BOLD),
            heading_local(c),
            if c.title.is_empty() {
                String::new()
            } else {
                format!(" {}", visible(&shortened(c.title, TITLE_CHARS)))
            },
            paint(RESET),
            c.change.local(),
        )?;
        if c.change == Change::Moved && !c.text_changed() {
            writeln!(
                w,
                "  {}{}{}",
                paint(DIM),
                tr("（文字未变）", "(text unchanged)"),
                paint(RESET)
            )?;
        } else if matches!(c.change, Change::Inserted | Change::Deleted) {
            write_segments(w, &shown(&c.segments), color, "  ")?;
        } else {
            write_segments(w, &elide(&shown(&c.segments)), color, "  ")?;
        }
        for line in delta_lines(c) {
            let line = visible(&line);
            writeln!(w, "  {}» {line}{}", paint(DIM), paint(RESET))?;
        }
    }
    writeln!(w)?;
    write_summary(diff, w)
}

/// Characters of a clause's title shown in its heading: a clause written
/// as one long sentence has it all as its title, and its heading repeated
/// the whole clause above its redline (tester10 M6).
const TITLE_CHARS: usize = 30;

/// The counts and the funding totals.
fn write_summary(diff: &DraftDiff<'_>, w: &mut dyn Write) -> io::Result<()> {
    let s = &diff.summary;
    let format = FormatChanges::of(diff);
    if !s.any_change() && format.is_empty() {
        writeln!(
            w,
            "{}",
            tr(
                "两个版本的内容相同。",
                "The two versions have the same text."
            )
        )?;
    } else if !s.any_change() {
        // Same wording, another format (tester3 L1): said, not hidden.
        writeln!(
            w,
            "{}",
            t!(
                "两个版本的文字相同，仅格式调整：{}。",
                "The two versions have the same wording; only the format changed: {}.",
                visible(&format.local())
            )
        )?;
    }
    let moved_edited = if s.moved_edited > 0 {
        t!(
            "（其中同时修改文字 {} 处）",
            " ({} of them also edited)",
            s.moved_edited
        )
    } else {
        String::new()
    };
    writeln!(
        w,
        "{}",
        t!(
            "修改 {} 处，新增 {} 处，删除 {} 处，移动 {} 处{}，未修改 {} 处（其中仅序号变化 {} 处）",
            "modified {}, inserted {}, deleted {}, moved {}{}, unchanged {} ({} of them renumbered only)",
            s.modified,
            s.inserted,
            s.deleted,
            s.moved,
            moved_edited,
            s.unchanged,
            s.renumbered
        )
    )?;
    if s.any_change() && !format.is_empty() {
        writeln!(
            w,
            "{}",
            t!(
                "另有格式调整：{}。",
                "Format changes besides: {}.",
                visible(&format.local())
            )
        )?;
    }
    writeln!(w, "{}", funding_line(diff))
}

/// The funding totals of both versions, or the one total and that it did
/// not change (not “0 → 0”: tester10 L, issue 11 item 5).
fn funding_line(diff: &DraftDiff<'_>) -> String {
    let (from, to) = (
        format_wan(diff.funding_total_from_wan),
        format_wan(diff.funding_total_to_wan),
    );
    if from == to {
        t!(
            "新增资金合计：{} 万元，无变化",
            "funding total: {} (10k yuan), unchanged",
            from
        )
    } else {
        t!(
            "新增资金合计：{} → {} 万元",
            "funding total: {} → {} (10k yuan)",
            from,
            to
        )
    }
}

/// The segments, every line indented, with colour or with markers.
pub fn write_segments(
    w: &mut dyn Write,
    segs: &[Segment<'_>],
    color: bool,
    indent: &str,
) -> io::Result<()> {
    let mut at_line_start = true;
    for s in segs {
        let (open, close) = match (s.op, color) {
            (Op::Equal, _) => ("", ""),
            (Op::Delete, true) => (RED, RESET),
            (Op::Insert, true) => (GREEN, RESET),
            (Op::Delete, false) => ("[-", "-]"),
            (Op::Insert, false) => ("{+", "+}"),
        };
        let pieces: Vec<&str> = s.text.split('\n').collect();
        for (k, piece) in pieces.iter().enumerate() {
            if at_line_start {
                w.write_all(indent.as_bytes())?;
            }
            let last = k + 1 == pieces.len();
            if !piece.is_empty() {
                // A draft's control characters never reach the terminal.
                write!(w, "{open}{}{close}", visible(piece))?;
            } else if s.op != Op::Equal && !last {
                // A line break that was deleted or inserted.
                write!(w, "{open}↵{close}")?;
            }
            at_line_start = false;
            if !last {
                w.write_all(b"\n")?;
                at_line_start = true;
            }
        }
    }
    if !at_line_start {
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Characters of unchanged text kept on each side of an edit.
const CONTEXT: usize = 40;

/// The segments with the middle of long unchanged runs replaced by `…`.
pub fn elide<'a>(segs: &[Segment<'a>]) -> Vec<Segment<'a>> {
    let mut out = Vec::with_capacity(segs.len() + 2);
    let last = segs.len().saturating_sub(1);
    for (k, s) in segs.iter().enumerate() {
        if s.op != Op::Equal {
            out.push(*s);
            continue;
        }
        let keep_head = if k > 0 { CONTEXT } else { 0 };
        let keep_tail = if k < last { CONTEXT } else { 0 };
        let n = s.text.chars().count();
        if n <= keep_head + keep_tail + 1 {
            out.push(*s);
            continue;
        }
        let head_end = byte_at(s.text, keep_head);
        let tail_start = byte_at(s.text, n - keep_tail);
        if let Some(head) = s.text.get(..head_end).filter(|h| !h.is_empty()) {
            out.push(Segment {
                op: Op::Equal,
                text: head,
            });
        }
        out.push(Segment {
            op: Op::Equal,
            text: "…",
        });
        if let Some(tail) = s.text.get(tail_start..).filter(|t| !t.is_empty()) {
            out.push(Segment {
                op: Op::Equal,
                text: tail,
            });
        }
    }
    out
}

/// The byte offset of character `n` of `text`.
fn byte_at(text: &str, n: usize) -> usize {
    text.char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

/// A one-line description of a clause, for listings.
pub fn one_line(c: &ClauseDiff<'_>) -> String {
    format!("{} [{}]", heading_local(c), c.change.local())
}
