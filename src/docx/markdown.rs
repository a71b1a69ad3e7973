//! A Word document as Markdown, paragraph by paragraph: headings from
//! outline levels, Word's automatic numbering written out, tables as GFM
//! tables, and where each Word paragraph went (so a comment's anchor can be
//! found in the parsed draft). Used by `import` and by .docx replies.

use std::ops::Range;

use super::{DocxBlock, DocxDocument, Para, View};

/// A .docx body as Markdown, with where each Word paragraph went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown {
    pub text: String,
    /// For every paragraph index of the document (table cells included):
    /// the byte range of its block in `text`. A paragraph empty in the view
    /// gets the range of the block before it.
    pub paragraphs: Vec<(usize, Range<usize>)>,
}

impl Markdown {
    /// The byte range of the block holding paragraph `index`.
    pub fn range_of(&self, index: usize) -> Option<Range<usize>> {
        self.paragraphs
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, r)| r.clone())
    }
}

/// Plain text as Markdown: every non-empty line a paragraph, escaped.
pub fn text_markdown(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(trim_space).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&escape_line(line));
        out.push('\n');
    }
    out
}

/// Trim white space, ideographic spaces included.
pub(crate) fn trim_space(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// A .docx body as Markdown, paragraphs read in `view`.
pub fn docx_markdown(doc: &DocxDocument, view: View) -> Markdown {
    let mut writer = MdWriter::default();
    let mut pending: Vec<&Para> = Vec::new();
    for block in &doc.blocks {
        match block {
            DocxBlock::Paragraph(p) => {
                pending.push(p);
                if !p.joins_next(view) {
                    writer.paragraph(&pending, view);
                    pending.clear();
                }
            }
            DocxBlock::Table(rows) => {
                if !pending.is_empty() {
                    writer.paragraph(&pending, view);
                    pending.clear();
                }
                writer.table(rows, view);
            }
        }
    }
    if !pending.is_empty() {
        writer.paragraph(&pending, view);
    }
    Markdown {
        text: writer.out,
        paragraphs: writer.map,
    }
}

#[derive(Default)]
struct MdWriter {
    out: String,
    map: Vec<(usize, Range<usize>)>,
    last: Range<usize>,
    seen_title: bool,
}

impl MdWriter {
    /// Write one paragraph (several, when tracked paragraph marks join them).
    fn paragraph(&mut self, paras: &[&Para], view: View) {
        let Some(first) = paras.first() else {
            return;
        };
        let text: String = paras.iter().map(|p| p.text(view)).collect();
        let text = with_label(first, &text);
        let lines: Vec<&str> = text
            .split(['\n', '\r', '\u{b}', '\u{2028}', '\u{2029}'])
            .map(trim_space)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            for p in paras {
                self.map.push((p.index, self.last.clone()));
            }
            return;
        }
        let heading = self.heading_level(first);
        // A title broken into lines (GB/T 9704 titles are) is one heading.
        let joined;
        let lines = if heading.is_some() && lines.len() > 1 {
            joined = join_title_lines(&lines);
            vec![joined.as_str()]
        } else {
            lines
        };
        let start = self.start_block();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.push_str(line_break(heading.is_some(), line));
            }
            if let Some(level) = heading {
                self.out.push_str(&"#".repeat(level));
                self.out.push(' ');
                self.out.push_str(&escape_inline(line));
            } else {
                self.out.push_str(&escape_line(line));
            }
        }
        self.out.push('\n');
        self.finish_block(start, paras);
    }

    /// The Markdown heading level of a paragraph, if it is a heading.
    fn heading_level(&mut self, p: &Para) -> Option<usize> {
        let style = p.style.as_deref().unwrap_or_default().to_ascii_lowercase();
        let title_style = style.contains("title") && !style.contains("subtitle");
        if title_style && !self.seen_title {
            self.seen_title = true;
            return Some(1);
        }
        match p.outline_level {
            Some(n) if n < 9 => Some((usize::from(n) + 1).min(6)),
            _ => None,
        }
    }

    fn table(&mut self, rows: &[Vec<crate::docx::Cell>], view: View) {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|c| cell_text(c, view)).collect())
            .collect();
        let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
        let paras: Vec<&Para> = rows
            .iter()
            .flatten()
            .flat_map(|c| c.paragraphs.iter())
            .collect();
        if columns == 0 || cells.iter().flatten().all(|c| c.is_empty()) {
            for p in paras {
                self.map.push((p.index, self.last.clone()));
            }
            return;
        }
        let start = self.start_block();
        for (i, row) in cells.iter().enumerate() {
            self.out.push('|');
            for c in 0..columns {
                let text = row.get(c).map_or("", String::as_str);
                self.out.push(' ');
                self.out.push_str(&escape_inline(text));
                self.out.push_str(" |");
            }
            self.out.push('\n');
            if i == 0 {
                self.out.push('|');
                self.out.push_str(&" --- |".repeat(columns));
                self.out.push('\n');
            }
        }
        self.finish_block(start, &paras);
    }

    fn start_block(&mut self) -> usize {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.len()
    }

    fn finish_block(&mut self, start: usize, paras: &[&Para]) {
        let end = self.out.len().saturating_sub(1).max(start);
        self.last = start..end;
        for p in paras {
            self.map.push((p.index, start..end));
        }
    }
}

/// A paragraph's text with its automatic number written out.
/// What goes before `next`, a line after a line break (w:br, Shift+Enter)
/// of the same Word paragraph: a Markdown hard break, so the paragraph
/// stays one (as Word and LibreOffice show it) — except before a line that
/// starts a clause (`2.`, `第二条`, `（一）`), which begins a new paragraph so
/// the clause is still found; heading lines stay one a line.
fn line_break(heading: bool, next: &str) -> &'static str {
    if heading {
        "\n"
    } else if crate::numbering::clause_label(next).is_some() {
        "\n\n"
    } else {
        "\\\n"
    }
}

fn with_label(p: &Para, text: &str) -> String {
    let label = p
        .numbering
        .as_ref()
        .and_then(|n| n.label.as_deref())
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match label {
        Some(label) if !trim_space(text).starts_with(label) => {
            format!("{label}{}", trim_space(text))
        }
        _ => text.to_string(),
    }
}

/// A cell's text on one line: its paragraphs joined with a space.
fn cell_text(cell: &crate::docx::Cell, view: View) -> String {
    cell.paragraphs
        .iter()
        .map(|p| with_label(p, &p.text(view)))
        .flat_map(|t| {
            t.split(['\n', '\r'])
                .map(|l| trim_space(l).to_string())
                .collect::<Vec<_>>()
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A paragraph's line with Markdown punctuation escaped, including what
/// would make it a heading, quote, list or rule at the start of a line.
/// Spaces and tabs at its start are left out: four of them or a tab would
/// make the line code, where the escapes are read as the text's own
/// backslashes (tester14 H1); a paragraph's line is read without them.
pub fn escape_line(line: &str) -> String {
    let body = escape_inline(line.trim_start_matches([' ', '\t']));
    let first = body.chars().next();
    if matches!(first, Some('#' | '>' | '+' | '-' | '=' | '*')) {
        return format!("\\{body}");
    }
    // `1. ` or `1) ` would start an ordered list.
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &body[digits..];
        let mut chars = rest.chars();
        if let Some(mark @ ('.' | ')')) = chars.next()
            && chars.next().is_none_or(|c| c == ' ' || c == '\t')
        {
            return format!("{}\\{mark}{}", &body[..digits], &rest[1..]);
        }
    }
    body
}

/// Text with the characters Markdown would read as markup escaped.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => true,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The lines of a broken title as one: joined directly between Chinese
/// characters, with a space between Latin words.
fn join_title_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().next_back()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}
