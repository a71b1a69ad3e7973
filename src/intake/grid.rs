//! Feedback-form tables (反馈意见表) rebuilt from where the words sit on a
//! page: the word boxes of a text PDF (`pdftotext -bbox`) or of a scan
//! (Tesseract's TSV) come cell by cell, in no useful order; here they are
//! put back into rows, so the form reader ([`super::form`]) sees one row a
//! line (as a Markdown pipe row) and gives one opinion a row, 理由 as its
//! reason.
//!
//! How: words are grouped into visual lines (by their vertical centre); a
//! line whose words are column labels (序号, 条款, 原文, 修改意见, 理由 …,
//! as the Word-table reader classifies them) starts a table; the lines
//! below belong to it while every pair of neighbouring labels keeps a free
//! vertical strip between them (a gutter) and no line is far below the
//! last one. Each word goes to the column between its gutters; a line with
//! text in the serial column (else the first column) starts a row, other
//! lines continue the cells of the row above (wrapped cell text). The rest
//! of the page is written top to bottom, one visual line a line.
//!
//! Units are the caller's (PDF points or pixels); only ratios to the median
//! word height are used.

use super::docx_reply::{Column, classify, header};

/// One word (or run of characters) on a page, with its box; y grows down.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Word {
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// A visual line: words at the same height, left to right.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
    y0: f32,
    y1: f32,
}

/// The narrowest gutter between two columns, in word heights.
const MIN_GUTTER: f32 = 0.15;
/// The widest gap inside one header label, in word heights (OCR splits
/// 修改意见 into 修改 / 意见).
const LABEL_GAP: f32 = 0.8;
/// Words further apart than this (in word heights) are separate header cells.
const CELL_GAP: f32 = 0.3;
/// A line further below the table than this (in word heights) ends it.
const MAX_LINE_GAP: f32 = 2.5;

/// The page's text, top to bottom, with each feedback table written as
/// pipe rows (`| 序号 | 条款 | 修改意见 | 理由 |`, one row a line); `None`
/// when the page holds no feedback table (the caller keeps its own text).
pub fn page_text(words: Vec<Word>) -> Option<String> {
    merged_text(words.clone(), words)
}

/// Like [`page_text`] from two readings of one page in the same
/// coordinates: the tables from `table_words`, the lines outside them from
/// `text_words` (OCR reads a table best as one block, the rest of a letter
/// best with its own layout analysis). `None` when `table_words` hold no
/// feedback table.
pub fn merged_text(text_words: Vec<Word>, table_words: Vec<Word>) -> Option<String> {
    let tables = tables(table_words);
    if tables.is_empty() {
        return None;
    }
    Some(placed(text_words, &tables))
}

/// The page's text with a table read elsewhere (cell by cell between its
/// rules) put in place of the lines between `y0` and `y1`; `None` unless its
/// first row is a feedback table's header and another row says something.
pub fn with_table(
    text_words: Vec<Word>,
    y0: f32,
    y1: f32,
    rows: Vec<Vec<String>>,
) -> Option<String> {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let labels: Vec<String> = rows.first()?.iter().map(|c| c.replace(' ', "")).collect();
    header(&[labels])?;
    if rows.len() < 2 {
        return None;
    }
    Some(placed(text_words, &[Table { y0, y1, rows }]))
}

/// Text lines of `text_words` outside the tables, top to bottom, each
/// table's pipe rows where it stands.
fn placed(text_words: Vec<Word>, tables: &[Table]) -> String {
    let text_words = usable(text_words);
    let h = median_height(&text_words).unwrap_or(1.0);
    let mut out: Vec<String> = Vec::new();
    let mut next = tables.iter().peekable();
    let mut last_y1: Option<f32> = None;
    for line in lines(text_words, h) {
        let cy = (line.y0 + line.y1) / 2.0;
        if tables.iter().any(|t| cy >= t.y0 && cy <= t.y1) {
            continue;
        }
        while let Some(t) = next.next_if(|t| t.y0 < line.y0) {
            out.push(String::new());
            out.extend(t.rows.iter().map(|r| pipe_row(r)));
            out.push(String::new());
        }
        if last_y1.is_some_and(|y| line.y0 - y > 1.5 * h) {
            out.push(String::new());
        }
        last_y1 = Some(line.y1);
        out.push(line_text(&line.words));
    }
    for t in next {
        out.push(String::new());
        out.extend(t.rows.iter().map(|r| pipe_row(r)));
    }
    out.join("\n")
}

/// A feedback table found on a page: its vertical extent and rows.
struct Table {
    y0: f32,
    y1: f32,
    rows: Vec<Vec<String>>,
}

fn usable(words: Vec<Word>) -> Vec<Word> {
    words
        .into_iter()
        .filter(|w| !w.text.trim().is_empty() && w.x1 > w.x0 && w.y1 > w.y0)
        .collect()
}

/// The feedback tables among a page's words, top to bottom.
fn tables(words: Vec<Word>) -> Vec<Table> {
    let words = usable(words);
    let Some(h) = median_height(&words) else {
        return Vec::new();
    };
    let lines = lines(words, h);
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match table(&lines, i, h) {
            Some((end, rows)) => {
                found.push(Table {
                    y0: lines[i].y0,
                    y1: lines[end - 1].y1,
                    rows,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Whether a page's text may hold a feedback table's header (a cheap test
/// before the word boxes are fetched): a label that locates (序号, 条款,
/// 原文 …) and one that says (意见, 建议, 修改为 …).
pub fn may_hold_table(text: &str) -> bool {
    let has = |keys: &[&str]| keys.iter().any(|k| text.contains(k));
    has(&["意见", "建议", "修改为", "修改后"])
        && has(&[
            "序号", "编号", "条款", "条目", "章节", "原文", "条文", "位置", "页码",
        ])
}

fn median_height(words: &[Word]) -> Option<f32> {
    let mut hs: Vec<f32> = words.iter().map(|w| w.y1 - w.y0).collect();
    hs.sort_by(f32::total_cmp);
    hs.get(hs.len() / 2).copied()
}

/// Words grouped into visual lines, top to bottom; a word's right edge is
/// clipped at the next word's left (OCR boxes sometimes run on).
fn lines(mut words: Vec<Word>, h: f32) -> Vec<Line> {
    words.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut groups: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match groups.last_mut() {
            Some(g) if w.cy() - g.iter().map(Word::cy).sum::<f32>() / g.len() as f32 <= 0.5 * h => {
                g.push(w)
            }
            _ => groups.push(vec![w]),
        }
    }
    groups
        .into_iter()
        .map(|mut g| {
            g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            for i in 1..g.len() {
                let next = g[i].x0;
                if next > g[i - 1].x0 && g[i - 1].x1 > next {
                    g[i - 1].x1 = next;
                }
            }
            Line {
                y0: g.iter().map(|w| w.y0).fold(f32::MAX, f32::min),
                y1: g.iter().map(|w| w.y1).fold(f32::MIN, f32::max),
                words: g,
            }
        })
        .collect()
}

/// Words joined into a line of text (spaces next to Chinese are tidied
/// later by [`super::pages::tidy_line`]).
fn line_text(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| w.text.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn pipe_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "｜")).collect();
    format!("| {} |", cells.join(" | "))
}

/// A header cell: its text and extent.
#[derive(Debug, Clone)]
struct Label {
    text: String,
    x0: f32,
    x1: f32,
}

/// The header labels of a line, if it reads as a feedback table's header.
fn labels(line: &Line, h: f32) -> Option<Vec<Label>> {
    let text: String = line.words.iter().map(|w| w.text.trim()).collect();
    let chars = text.chars().count();
    if line.words.len() < 2 || chars > 40 || text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut cells: Vec<Label> = Vec::new();
    for w in &line.words {
        match cells.last_mut() {
            Some(c) if w.x0 - c.x1 < CELL_GAP * h => {
                c.text.push_str(w.text.trim());
                c.x1 = w.x1;
            }
            _ => cells.push(Label {
                text: w.text.trim().to_string(),
                x0: w.x0,
                x1: w.x1,
            }),
        }
    }
    merge_partial_labels(&mut cells, h);
    let texts: Vec<String> = cells.iter().map(|c| c.text.clone()).collect();
    let short = texts.iter().all(|t| t.chars().count() <= 12);
    (cells.len() >= 2 && short && header(&[texts]).is_some()).then_some(cells)
}

/// Parts of a label OCR split (修改 / 意见, 条 / 款) joined: a cell that is
/// no label joins a close neighbour when together they are one.
fn merge_partial_labels(cells: &mut Vec<Label>, h: f32) {
    let is_label = |t: &str| classify(t).is_some();
    let mut i = 0;
    while i < cells.len() {
        if is_label(&cells[i].text) {
            i += 1;
            continue;
        }
        let left = i
            .checked_sub(1)
            .filter(|&l| cells[i].x0 - cells[l].x1 < LABEL_GAP * h)
            .filter(|&l| is_label(&format!("{}{}", cells[l].text, cells[i].text)));
        let right = Some(i + 1)
            .filter(|&r| r < cells.len())
            .filter(|&r| cells[r].x0 - cells[i].x1 < LABEL_GAP * h)
            .filter(|&r| is_label(&format!("{}{}", cells[i].text, cells[r].text)));
        if let Some(l) = left {
            let cell = cells.remove(i);
            cells[l].text.push_str(&cell.text);
            cells[l].x1 = cell.x1;
        } else if right.is_some() {
            let cell = cells.remove(i);
            cells[i].text.insert_str(0, &cell.text);
            cells[i].x0 = cell.x0;
            i += 1;
        } else {
            i += 1;
        }
    }
}

/// The table whose header is line `start`: the index after its last line
/// and its rows (header first), cells per column.
fn table(lines: &[Line], start: usize, h: f32) -> Option<(usize, Vec<Vec<String>>)> {
    let labels = labels(&lines[start], h)?;
    let mut end = start + 1;
    while let Some(line) = lines.get(end) {
        if line.y0 - lines[end - 1].y1 > MAX_LINE_GAP * h
            || gutters(&labels, &lines[start + 1..=end], h).is_none()
            || !continues(&labels, &lines[start + 1..=end], h)
        {
            break;
        }
        end += 1;
    }
    // The header's own words are left out: a centred label, or one OCR
    // read with a stray mark, may reach past its column's body text.
    let bounds = gutters(&labels, &lines[start + 1..end], h)?;
    let rows = rows(&lines[start..end], &bounds, h)?;
    Some((end, rows))
}

/// Whether the last of `body` (the lines under the header) may belong to
/// the table: a line that starts a row (text in the serial column, else
/// the first) does; a line continuing the cells above must start each of
/// its cells no further left than that column's text above (cells are
/// written from their left edge; `特此函复。` under a table starts
/// elsewhere).
fn continues(labels: &[Label], body: &[Line], h: f32) -> bool {
    let (Some((line, above)), Some(bounds)) = (body.split_last(), gutters(labels, body, h)) else {
        return true;
    };
    let texts: Vec<String> = labels.iter().map(|l| l.text.clone()).collect();
    let anchor = header(&[texts])
        .and_then(|(_, cols)| cols.iter().position(|c| *c == Some(Column::Serial)))
        .unwrap_or(0);
    let column = |w: &Word| bounds.iter().filter(|&&b| w.cx() > b).count();
    if line.words.iter().any(|w| column(w) == anchor) {
        return true;
    }
    // Lone marks (OCR specks such as `，`) say nothing about edges.
    let inked = |w: &&Word| w.text.chars().any(char::is_alphanumeric);
    let mut seen: Vec<usize> = Vec::new();
    line.words.iter().filter(inked).all(|w| {
        let k = column(w);
        if seen.contains(&k) {
            return true;
        }
        seen.push(k);
        let edge = above
            .iter()
            .flat_map(|l| &l.words)
            .filter(inked)
            .filter(|a| column(a) == k)
            .map(|a| a.x0)
            .fold(f32::MAX, f32::min);
        // No text above in this column: nothing to hold it to.
        edge == f32::MAX || w.x0 >= edge - 0.5 * h
    })
}

/// For each pair of neighbouring labels, the middle of the widest strip
/// between their centres that no word of `lines` touches; `None` when a
/// pair has none (a line runs across the columns: not a table line).
fn gutters(labels: &[Label], lines: &[Line], h: f32) -> Option<Vec<f32>> {
    labels
        .windows(2)
        .map(|pair| {
            let (from, to) = (
                (pair[0].x0 + pair[0].x1) / 2.0,
                (pair[1].x0 + pair[1].x1) / 2.0,
            );
            let mut spans: Vec<(f32, f32)> = lines
                .iter()
                .flat_map(|l| &l.words)
                .filter(|w| w.x1 > from && w.x0 < to)
                .map(|w| (w.x0.max(from), w.x1.min(to)))
                .collect();
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut best: Option<(f32, f32)> = None;
            let mut at = from;
            for (x0, x1) in spans.into_iter().chain([(to, to)]) {
                if x0 - at > best.map_or(0.0, |(a, b)| b - a) {
                    best = Some((at, x0));
                }
                at = at.max(x1);
            }
            best.filter(|(a, b)| b - a >= MIN_GUTTER * h)
                .map(|(a, b)| (a + b) / 2.0)
        })
        .collect()
}

/// A line's text per column.
fn cells_of(line: &Line, bounds: &[f32]) -> Vec<String> {
    let mut cells: Vec<Vec<&str>> = vec![Vec::new(); bounds.len() + 1];
    for w in &line.words {
        let column = bounds.iter().filter(|&&b| w.cx() > b).count();
        cells[column].push(w.text.trim());
    }
    cells.into_iter().map(|c| c.join(" ")).collect()
}

/// Lines made into rows. Each line with text in the serial column (else
/// the first) anchors a row. A column's text is cut into blocks where the
/// lines are further apart than a cell's line spacing; a block goes to the
/// row whose anchor line lies within it (cells aligned to the top, or
/// centred: `与省级政策衔 / 接，避免… / 低` around `1`), to the anchor
/// above it when none does (the header, above the first), and a block
/// holding several anchors (rows packed tight, top-aligned) is cut at each
/// anchor line. `None` without a body row.
fn rows(lines: &[Line], bounds: &[f32], h: f32) -> Option<Vec<Vec<String>>> {
    let grid: Vec<Vec<String>> = lines.iter().map(|l| cells_of(l, bounds)).collect();
    let (_, columns) = header(&grid[..1])?;
    let serial = columns
        .iter()
        .position(|c| *c == Some(Column::Serial))
        .unwrap_or(0);
    let anchors: Vec<usize> = (1..grid.len())
        .filter(|&i| !grid[i][serial].is_empty())
        .collect();
    if anchors.is_empty() {
        return None;
    }
    let width = grid[0].len();
    let mut rows: Vec<Vec<String>> = vec![vec![String::new(); width]; anchors.len() + 1];
    let cy = |i: usize| (lines[i].y0 + lines[i].y1) / 2.0;
    // The row of line `i` when cut at anchor lines: 0 is the header.
    let row_at = |i: usize| anchors.iter().rposition(|&a| a <= i).map_or(0, |a| a + 1);
    for k in 0..width {
        rows[0][k] = grid[0][k].clone();
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        for i in (1..grid.len()).filter(|&i| !grid[i][k].is_empty()) {
            match blocks.last_mut() {
                Some(b)
                    if b.last()
                        .is_some_and(|&p| lines[i].y0 - lines[p].y1 <= 0.8 * h) =>
                {
                    b.push(i)
                }
                _ => blocks.push(vec![i]),
            }
        }
        for block in blocks {
            let (top, bottom) = (lines[block[0]].y0, lines[block[block.len() - 1]].y1);
            let inside: Vec<usize> = (0..anchors.len())
                .filter(|&a| (top..=bottom).contains(&cy(anchors[a])))
                .collect();
            for &i in &block {
                let row = match inside.as_slice() {
                    [one] => one + 1,
                    [] => anchors
                        .iter()
                        .rposition(|&a| cy(a) < top)
                        .map_or(0, |a| a + 1),
                    _ => row_at(i),
                };
                let cell = &mut rows[row][k];
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&grid[i][k]);
            }
        }
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x0: f32, y0: f32, x1: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            y0,
            x1,
            y1: y0 + 20.0,
        }
    }

    /// The corpus form as pdftotext -bbox gives it (points), in the
    /// scrambled order it comes in.
    fn form_words() -> Vec<Word> {
        vec![
            w(
                "关于对《若干政策（征求意见稿）》的反馈意见",
                132.6,
                74.1,
                468.6,
            ),
            w("市科技局：", 79.5, 122.7, 159.5),
            w("现将《反馈意见表》报送如下：", 110.7, 157.2, 334.7),
            w("序号", 79.5, 191.7, 111.5),
            w("条款", 120.9, 191.7, 152.9),
            w("修改意见", 190.0, 191.7, 254.0),
            w("1", 79.5, 223.9, 87.0),
            w("建议将“推动", 190.0, 223.9, 286.0),
            w("AI", 289.2, 223.9, 307.2),
            w("应用与产业发展深", 310.4, 223.9, 438.4),
            w("表述统一", 452.6, 223.9, 516.6),
            w("第1条", 120.9, 223.9, 166.8),
            w("理由", 452.6, 191.7, 484.6),
            w("度融合”修改为“推动人工智能应用", 190.0, 258.4, 446.0),
            w("与产业发展深度融合”", 190.0, 292.9, 350.0),
            w("2", 79.5, 325.1, 88.4),
            w("第2条", 120.9, 325.1, 168.2),
            w("建议责任单位加上市教育局", 190.0, 325.1, 382.0),
            w("涉及高校", 452.6, 325.1, 516.6),
            w("特此函复。", 110.7, 357.3, 190.7),
            w("苏州市教育局", 383.3, 426.3, 479.3),
        ]
    }

    #[test]
    fn a_form_read_cell_by_cell_gives_one_row_a_line() {
        let text = page_text(form_words()).expect("a table");
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], "关于对《若干政策（征求意见稿）》的反馈意见");
        assert_eq!(lines[2], "现将《反馈意见表》报送如下：");
        assert_eq!(lines[3], "| 序号 | 条款 | 修改意见 | 理由 |");
        assert_eq!(
            lines[4],
            "| 1 | 第1条 | 建议将“推动 AI 应用与产业发展深 度融合”修改为“推动人工智能应用 与产业发展深度融合” | 表述统一 |"
        );
        assert_eq!(
            lines[5],
            "| 2 | 第2条 | 建议责任单位加上市教育局 | 涉及高校 |"
        );
        assert_eq!(lines[6], "特此函复。");
        assert_eq!(lines[7], "苏州市教育局");
    }

    #[test]
    fn ocr_split_labels_are_joined() {
        let mut words = vec![
            w("序", 300.0, 100.0, 320.0),
            w("号", 322.0, 100.0, 342.0),
            w("条", 400.0, 100.0, 420.0),
            w("款", 424.0, 100.0, 444.0),
            w("修改", 520.0, 100.0, 560.0),
            w("意见", 570.0, 100.0, 610.0),
            w("理由", 900.0, 100.0, 940.0),
        ];
        words.extend([
            w("1", 300.0, 140.0, 310.0),
            w("第3条", 400.0, 140.0, 450.0),
            w("建议删除", 520.0, 140.0, 600.0),
            w("重复", 900.0, 140.0, 940.0),
        ]);
        let text = page_text(words).expect("a table");
        assert!(
            text.contains("| 序 号 | 条 款 | 修改 意见 | 理由 |"),
            "{text}"
        );
        assert!(text.contains("| 1 | 第3条 | 建议删除 | 重复 |"), "{text}");
    }

    #[test]
    fn running_text_has_no_table() {
        let words = vec![
            w("经研究，我局意见如下：", 80.0, 100.0, 300.0),
            w("1. 建议将第二条修改。", 80.0, 130.0, 300.0),
        ];
        assert_eq!(page_text(words), None);
    }
}
