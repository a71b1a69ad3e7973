//! How wide human output may be: the width every table and wrapped line is
//! laid out to, chosen once per process.
//!
//! The width is, in order: unlimited with `--wide` (full texts, tables as
//! wide as their content); the `COLUMNS` environment variable when it holds
//! a number of columns; the terminal's width when stdout is a terminal;
//! [`PIPE_WIDTH`] (120) into a pipe or file. Widths are display columns as
//! `unicode-width` counts them: a CJK character takes two.

use std::io::IsTerminal;
use std::sync::OnceLock;

use comfy_table::{ColumnConstraint, ContentArrangement, Table};
use unicode_width::UnicodeWidthChar;

/// The width of output into a pipe or a file, in columns.
pub const PIPE_WIDTH: u16 = 120;

/// The narrowest width output is laid out to; a narrower `COLUMNS` is raised to it.
pub const MIN_WIDTH: u16 = 20;

/// Below this many columns, tables give way to wrapped lines (one record a line).
pub const TABLE_MIN: usize = 60;

/// The width human output is laid out to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// At most this many columns (a terminal's, or `COLUMNS`).
    Columns(u16),
    /// Into a pipe or file: tables at [`PIPE_WIDTH`], plain lines unwrapped.
    Pipe,
    /// As wide as the content (`--wide`).
    Unlimited,
}

static WIDTH: OnceLock<Width> = OnceLock::new();

impl Width {
    /// The width for this process: `--wide`, else `COLUMNS`, else the
    /// terminal's width, else [`PIPE_WIDTH`].
    pub fn detect(wide: bool) -> Width {
        if wide {
            return Width::Unlimited;
        }
        std::env::var("COLUMNS")
            .ok()
            .and_then(|v| v.trim().parse::<u16>().ok())
            .filter(|&c| c > 0)
            .or_else(terminal_columns)
            .map_or(Width::Pipe, |c| Width::Columns(c.max(MIN_WIDTH)))
    }

    /// The column count, if limited.
    pub fn columns(self) -> Option<usize> {
        match self {
            Width::Columns(c) => Some(usize::from(c)),
            Width::Pipe => Some(usize::from(PIPE_WIDTH)),
            Width::Unlimited => None,
        }
    }
}

/// The width of the terminal stdout writes to, if it is one.
fn terminal_columns() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    console::Term::stdout()
        .size_checked()
        .map(|(_, cols)| cols)
        .filter(|&c| c > 0)
}

/// Set the process width; the first call wins.
pub fn set_width(width: Width) {
    let _ = WIDTH.set(width);
}

/// The process width ([`Width::Pipe`] until set).
pub fn width() -> Width {
    *WIDTH.get().unwrap_or(&Width::Pipe)
}

/// Lay `table` out to the process width: columns shrink and long texts wrap
/// inside their cells; with `--wide`, nothing wraps.
pub fn fit(table: &mut Table) {
    match width() {
        Width::Columns(c) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(c);
        }
        Width::Pipe => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(PIPE_WIDTH);
        }
        Width::Unlimited => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
}

/// Keep these columns (by index) as wide as their content: they never wrap
/// (ids, dates, states, counts); the other columns take the shrinking.
pub fn keep(table: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// Give column `i` at least the width of its widest text in `texts`, up to
/// `cap` display columns, so that a name does not wrap while there is room
/// (its padding is added here).
pub fn at_least<'a>(
    table: &mut Table,
    i: usize,
    texts: impl IntoIterator<Item = &'a str>,
    cap: usize,
) {
    let widest = texts.into_iter().map(display_width).max().unwrap_or(0);
    let columns = u16::try_from(widest.min(cap) + 2).unwrap_or(u16::MAX);
    if let Some(column) = table.column_mut(i) {
        column.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
            columns,
        )));
    }
}

/// Whether tables fit the process width ([`TABLE_MIN`] columns or more).
pub fn tables_fit() -> bool {
    at_least_width(TABLE_MIN)
}

/// Whether the process width is at least `columns` (always with `--wide`).
pub fn at_least_width(columns: usize) -> bool {
    width().columns().is_none_or(|c| c >= columns)
}

/// Wrap `text` to the process width: the first line as is, the following
/// lines after `indent` columns of spaces. Breaks between characters (CJK
/// text has no spaces), preferring a space when there is one; a line of the
/// result is never wider than the width (unless the indent alone is).
pub fn wrap(text: &str, indent: usize) -> Vec<String> {
    match width().columns() {
        Some(columns) => wrap_to(text, columns, indent),
        None => vec![text.to_string()],
    }
}

/// [`wrap`] on a terminal (or with `COLUMNS`); into a pipe, a plain line
/// stays one line, for scripts (`grep`).
pub fn wrap_plain(text: &str, indent: usize) -> Vec<String> {
    match width() {
        Width::Pipe => vec![text.to_string()],
        _ => wrap(text, indent),
    }
}

/// [`wrap`] to an explicit width.
pub fn wrap_to(text: &str, columns: usize, indent: usize) -> Vec<String> {
    let room = columns.saturating_sub(indent).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    let mut limit = columns.max(1);
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        while used + w > limit && !current.is_empty() {
            let (mut line, mut rest) = if ch == ' ' {
                (current.trim_end().to_string(), String::new())
            } else {
                break_at_space(&current, room.saturating_sub(w))
            };
            if rest.is_empty() && is_closing(ch) && line.chars().count() > 1 {
                // 避头：a closing mark never starts a line; take the character before it along.
                if let Some(last) = line.pop() {
                    rest.push(last);
                }
            }
            lines.push(line);
            current = rest;
            used = display_width(&current);
            limit = room;
        }
        if ch == ' ' && current.is_empty() && !lines.is_empty() {
            continue;
        }
        current.push(ch);
        used += w;
    }
    lines.push(current);
    let pad = " ".repeat(indent);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

/// Closing punctuation that must not start a line (CJK line-breaking rules).
fn is_closing(ch: char) -> bool {
    "）)］]】》〉」』，。、；：！？”’…".contains(ch)
}

/// Opening punctuation that must not end a line (CJK line-breaking rules).
fn is_opening(ch: char) -> bool {
    "（(［[【《〈「『“‘".contains(ch)
}

/// Split a full line where a run of Latin letters or digits is not cut:
/// after its last space or wide (CJK) character, when what follows is short
/// (narrower than `tail` columns and 20); else right here.
fn break_at_space(line: &str, tail: usize) -> (String, String) {
    let limit = tail.min(20);
    let mut after = 0;
    for (i, ch) in line.char_indices().rev() {
        let w = ch.width().unwrap_or(0);
        if ch == ' ' || w > 1 {
            if i == 0 && ch == ' ' {
                break;
            }
            let cut = if ch == ' ' || is_opening(ch) {
                i
            } else {
                i + ch.len_utf8()
            };
            if cut == line.len() || cut == 0 {
                break;
            }
            let rest = line[cut..].trim_start_matches(' ');
            if rest.is_empty() || display_width(rest) >= limit {
                break;
            }
            return (line[..cut].trim_end().to_string(), rest.to_string());
        }
        after += w;
        if after >= limit {
            break;
        }
    }
    (line.to_string(), String::new())
}

/// Display columns of `text` (CJK characters count two).
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_counts_cjk_double_and_indents_the_rest() {
        let text = "建议在第五条责任单位中增加市人社局，以便人才政策衔接。";
        let lines = wrap_to(text, 20, 2);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(display_width(l) <= 20, "{l:?}");
        }
        assert!(lines[1].starts_with("  "));
        let joined: String = lines.iter().map(|l| l.trim_start()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn wrap_prefers_spaces_in_latin_text() {
        let lines = wrap_to("one two three four five six", 10, 0);
        assert_eq!(lines, ["one two", "three four", "five six"]);
    }

    #[test]
    fn a_closing_bracket_does_not_start_a_line() {
        let lines = wrap_to("评估时间（Asia/Shanghai）", 24, 0);
        assert_eq!(lines, ["评估时间", "（Asia/Shanghai）"]);
        assert!(!lines.iter().any(|l| l.starts_with('）')), "{lines:?}");
    }

    #[test]
    fn a_number_after_cjk_text_is_not_cut() {
        let lines = wrap_to("市委组织部（人才办）：已反馈意见，2023-05-24", 40, 4);
        assert_eq!(
            lines,
            ["市委组织部（人才办）：已反馈意见，", "    2023-05-24"]
        );
    }

    #[test]
    fn a_short_text_is_one_line() {
        assert_eq!(wrap_to("短", 10, 4), ["短"]);
    }
}
