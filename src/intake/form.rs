//! Feedback forms (反馈意见表) written as text: Markdown pipe tables, rows
//! of tab-separated cells, columns aligned with spaces, and HTML mail
//! tables (which the e-mail reader turns into pipe rows).
//!
//! A table is recognised by its header row (序号/条款/原文/修改意见/理由 and
//! the like, read with the same column rules as a Word table): each row
//! under it is one opinion (`source: table`); rows saying 无 are none; the
//! 理由 column is the opinion's reason; 原文 + 修改意见 give a replace.
//! [`read`] returns the table's opinions and the text around it.

use crate::opinion::OpinionSource;

use super::RawOpinion;
use super::docx_reply::{Column, header, row_opinion};

/// What the tables of a text say, and the text without them.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// A feedback table was found (an empty `opinions`: it says nothing).
    pub found: bool,
    pub opinions: Vec<RawOpinion>,
    /// The text with the table lines replaced by blank lines.
    pub rest: String,
}

/// How a row's cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Pipes,
    Tabs,
    Spaces,
}

/// Read the feedback tables of `text`.
pub fn read(text: &str) -> Form {
    let lines: Vec<&str> = text.lines().collect();
    let mut form = Form::default();
    let mut rest: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        match table_at(&lines, i) {
            Some((columns, layout)) => {
                form.found = true;
                rest.push(String::new());
                i += 1;
                let width = columns.len();
                while let Some(row) = lines.get(i) {
                    if is_rule_row(row) {
                        rest.push(String::new());
                        i += 1;
                        continue;
                    }
                    let cells = cells(row, layout);
                    if cells.len() < 2 {
                        break;
                    }
                    let cells = fit(cells, width);
                    if let Some(mut opinion) = row_opinion(&cells, &columns) {
                        opinion.source = Some(OpinionSource::Table);
                        form.opinions.push(opinion);
                    }
                    rest.push(String::new());
                    i += 1;
                }
            }
            None => {
                rest.push(plain_pipe_row(line));
                i += 1;
            }
        }
    }
    form.rest = rest.join("\n");
    form
}

/// A header row at line `i`: its columns and layout.
fn table_at(lines: &[&str], i: usize) -> Option<(Vec<Option<Column>>, Layout)> {
    let line = lines.get(i)?;
    let layout = layout(line)?;
    let cells = cells(line, layout);
    // Header cells are short labels, not clause references or opinions.
    let labels = cells.iter().all(|c| {
        c.chars().count() <= 12
            && crate::numbering::clause_refs(c).is_empty()
            && !c.chars().any(|ch| ch.is_ascii_digit())
    });
    if cells.len() < 2 || !labels {
        return None;
    }
    let (_, columns) = header(&[cells])?;
    Some((columns, layout))
}

/// The layout a line's cells are written in, if any.
fn layout(line: &str) -> Option<Layout> {
    let t = line.trim();
    if t.starts_with('|') && t.matches('|').count() >= 3 {
        Some(Layout::Pipes)
    } else if t.contains('\t') {
        Some(Layout::Tabs)
    } else if t.contains("  ") || t.contains('\u{3000}') {
        Some(Layout::Spaces)
    } else {
        None
    }
}

/// A row's cells, trimmed.
fn cells(line: &str, layout: Layout) -> Vec<String> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let parts: Vec<&str> = match layout {
        Layout::Pipes => {
            if !t.starts_with('|') {
                return Vec::new();
            }
            let inner = t.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            inner.split('|').collect()
        }
        Layout::Tabs => t.split('\t').collect(),
        Layout::Spaces => split_spaces(t),
    };
    let cells: Vec<String> = parts
        .into_iter()
        .map(|c| {
            c.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{3000}')
                .to_string()
        })
        .collect();
    if layout == Layout::Spaces {
        cells.into_iter().filter(|c| !c.is_empty()).collect()
    } else {
        cells
    }
}

/// Split on runs of two or more spaces or an ideographic space.
fn split_spaces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut run_start: Option<usize> = None;
    let mut run_len = 0;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            if run_start.is_none() {
                run_start = Some(i);
            }
            run_len += if c == '\u{3000}' { 2 } else { 1 };
        } else {
            if let Some(at) = run_start
                && run_len >= 2
            {
                out.push(line.get(start..at).unwrap_or(""));
                start = i;
            }
            run_start = None;
            run_len = 0;
        }
    }
    out.push(line.get(start..).unwrap_or(""));
    out
}

/// A Markdown separator row (`|---|:--|`).
fn is_rule_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Cells fitted to the header's width: extra cells join the last one.
fn fit(mut cells: Vec<String>, width: usize) -> Vec<String> {
    if width > 0 && cells.len() > width {
        let extra = cells.split_off(width - 1).join(" ");
        cells.push(extra);
    }
    cells
}

/// A pipe row that is not part of a feedback table reads as its cells'
/// text (an HTML layout table, a stray Markdown table).
fn plain_pipe_row(line: &str) -> String {
    if layout(line) != Some(Layout::Pipes) {
        return line.to_string();
    }
    if is_rule_row(line) {
        return String::new();
    }
    cells(line, Layout::Pipes)
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opinion::Edit;

    #[test]
    fn aligned_columns_give_one_opinion_a_row() {
        let form = read(
            "反馈单位：甲\n\n序号  条款  原文  修改意见\n1  第9条  无  建议删除“市大数据集团、”\n2  第3条  无  建议增加市市场监管局为责任单位\n",
        );
        assert!(form.found);
        assert_eq!(form.opinions.len(), 2);
        assert_eq!(form.opinions[0].clause, Some(9));
        assert_eq!(form.opinions[1].clause, Some(3));
        assert_eq!(
            form.opinions[1].edits,
            vec![Edit::AddUnit {
                unit: "市市场监管局".into()
            }]
        );
        assert!(form.rest.contains("反馈单位：甲"));
        assert!(!form.rest.contains("序号"));
    }

    #[test]
    fn markdown_and_tab_tables_with_reasons_and_nothing_rows() {
        let md = "| 序号 | 条款 | 原文 | 修改意见 | 理由 |\n|---|---|---|---|---|\n| 1 | 第四条 | 300万元 | 500万元 | 财力可承受 |\n| 2 | 第六条 | 无 | 无 | 无 |\n";
        let form = read(md);
        assert_eq!(form.opinions.len(), 1);
        let o = &form.opinions[0];
        assert_eq!(o.clause, Some(4));
        assert_eq!(o.reason.as_deref(), Some("财力可承受"));
        assert_eq!(o.source, Some(OpinionSource::Table));
        let tabs = "序号\t条款\t修改意见\n1\t5\t建议删除“市外办、”\n";
        assert_eq!(read(tabs).opinions.len(), 1);
    }

    #[test]
    fn text_without_a_header_row_is_left_alone() {
        let form = read("第五条  建议增加市人社局为责任单位\n");
        assert!(!form.found);
        assert_eq!(form.rest, "第五条  建议增加市人社局为责任单位");
    }
}
