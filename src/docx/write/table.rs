//! Tables and page layout for the .docx writer: a table's column widths
//! (relative weights scaled to the text width, so the grid always sums to
//! it), per-column alignment (text columns flush left, short ones centred),
//! a bold header row repeated at the top of every page (w:tblHeader), and
//! the page orientation of a section (A4 portrait or landscape, same
//! GB/T 9704 margins).

use std::fmt::Write as _;

use super::{OfficialRun, RunChange, Stamp, paragraph_with, whole_change};

/// A table with its layout.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OfficialTable {
    /// Rows of cells, each cell its runs.
    pub rows: Vec<Vec<Vec<OfficialRun>>>,
    /// Relative column widths (weights, scaled to the text width). A
    /// column without one gets the mean of the others; none at all: equal.
    pub widths: Vec<u32>,
    /// Alignment of each column's cells; a column without one is centred.
    pub align: Vec<CellAlign>,
    /// Whether the first row is a header: bold, repeated on every page.
    pub header: bool,
}

/// How the text of a column's cells is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CellAlign {
    /// Centred (numbers, short words such as 采纳).
    #[default]
    Centre,
    /// Flush left (running text such as an opinion).
    Left,
}

/// The orientation of the pages of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    /// A4 upright: the GB/T 9704 page.
    #[default]
    Portrait,
    /// A4 on its side, for wide tables such as the 汇总表.
    Landscape,
}

impl OfficialTable {
    /// A table of `rows` with equal, centred columns and no header row.
    pub fn new(rows: Vec<Vec<Vec<OfficialRun>>>) -> Self {
        OfficialTable {
            rows,
            ..OfficialTable::default()
        }
    }

    /// With these relative column widths.
    pub fn with_widths(mut self, widths: impl Into<Vec<u32>>) -> Self {
        self.widths = widths.into();
        self
    }

    /// With these column alignments.
    pub fn with_align(mut self, align: impl Into<Vec<CellAlign>>) -> Self {
        self.align = align.into();
        self
    }

    /// With the first row as a bold header repeated on every page.
    pub fn with_header(mut self) -> Self {
        self.header = true;
        self
    }
}

// Page sizes and margins, in twips.
const A4_SHORT: u32 = 11906; // 210 mm
const A4_LONG: u32 = 16838; // 297 mm
pub(super) const MARGIN_TOP: u32 = 2098; // 37 mm
pub(super) const MARGIN_BOTTOM: u32 = 1984; // 35 mm
pub(super) const MARGIN_LEFT: u32 = 1587; // 28 mm
pub(super) const MARGIN_RIGHT: u32 = 1474; // 26 mm

impl Orientation {
    /// Page width and height.
    fn page(self) -> (u32, u32) {
        match self {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        }
    }

    /// The width of the text between the margins.
    pub(super) fn text_width(self) -> u32 {
        self.page().0 - MARGIN_LEFT - MARGIN_RIGHT
    }

    /// The w:pgSz of a section.
    pub(super) fn page_size(self) -> String {
        let (w, h) = self.page();
        match self {
            Orientation::Portrait => format!(r#"<w:pgSz w:w="{w}" w:h="{h}" w:code="9"/>"#),
            Orientation::Landscape => {
                format!(r#"<w:pgSz w:w="{w}" w:h="{h}" w:orient="landscape" w:code="9"/>"#)
            }
        }
    }
}

/// The widths of `columns` columns in twips from relative `weights`,
/// summing exactly to `total` (the rounding remainder goes to the widest).
pub(super) fn column_widths(weights: &[u32], columns: usize, total: u32) -> Vec<u32> {
    let given: Vec<u64> = weights
        .iter()
        .take(columns)
        .map(|&w| u64::from(w.max(1)))
        .collect();
    let fill = if given.is_empty() {
        1
    } else {
        (given.iter().sum::<u64>() / given.len() as u64).max(1)
    };
    let weights: Vec<u64> = (0..columns)
        .map(|i| given.get(i).copied().unwrap_or(fill))
        .collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut widths: Vec<u32> = weights
        .iter()
        .map(|&w| u32::try_from(u64::from(total) * w / sum).unwrap_or(total))
        .collect();
    let used: u32 = widths.iter().sum();
    let widest = (0..widths.len()).max_by_key(|&i| (weights[i], std::cmp::Reverse(i)));
    if let Some(w) = widest.and_then(|i| widths.get_mut(i)) {
        *w += total.saturating_sub(used);
    }
    widths
}

/// A bordered table `width` twips wide, 1 mm of air above and below the
/// text of each cell; a row whose cells are wholly
/// inserted or deleted is tracked as a row.
pub(super) fn table(t: &TableView<'_>, width: u32, stamp: &Stamp) -> String {
    let columns = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let widths = column_widths(t.widths, columns, width);
    let mut out = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#
    );
    for w in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    let together = t.keep_together && t.rows.len() <= KEEP_TOGETHER_ROWS;
    for (r, row) in t.rows.iter().enumerate() {
        let header = t.header && r == 0;
        // Each row's paragraphs kept with the next row: the table is not
        // broken across pages (the last row ends the chain).
        let keep = together && r + 1 < t.rows.len();
        out.push_str("<w:tr>");
        out.push_str(&row_properties(row, header, t.keep_together, stamp));
        for (i, w) in widths.iter().enumerate() {
            let empty = Vec::new();
            let cell = row.get(i).unwrap_or(&empty);
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>"#
            );
            let style = cell_style(header, t.align.get(i).copied().unwrap_or_default());
            let p = paragraph_with(style, cell, stamp, false);
            out.push_str(&if keep {
                p.replacen("/>", "/><w:keepNext/>", 1)
            } else {
                p
            });
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// A table as the writer reads it: borrowed rows and layout.
pub(super) struct TableView<'a> {
    pub rows: &'a [Vec<Vec<OfficialRun>>],
    pub widths: &'a [u32],
    pub align: &'a [CellAlign],
    pub header: bool,
    /// Whether a short table (up to [`KEEP_TOGETHER_ROWS`] rows) is kept on
    /// one page rather than broken across two.
    pub keep_together: bool,
}

/// The most rows a table kept on one page may have; longer tables break
/// across pages, their header row repeated.
pub(super) const KEEP_TOGETHER_ROWS: usize = 15;

impl<'a> TableView<'a> {
    /// A table of a draft (a Markdown table): equal centred columns, the
    /// first row its header (bold, repeated on every page), kept on one
    /// page when short.
    pub fn plain(rows: &'a [Vec<Vec<OfficialRun>>]) -> Self {
        TableView {
            rows,
            widths: &[],
            align: &[],
            header: true,
            keep_together: true,
        }
    }

    pub fn of(t: &'a OfficialTable) -> Self {
        TableView {
            rows: &t.rows,
            widths: &t.widths,
            align: &t.align,
            header: t.header,
            keep_together: false,
        }
    }
}

/// The w:trPr of a row: not split across pages (`whole`), repeated as a
/// header, tracked when wholly changed.
fn row_properties(row: &[Vec<OfficialRun>], header: bool, whole: bool, stamp: &Stamp) -> String {
    let whole = if whole { "<w:cantSplit/>" } else { "" };
    let repeat = if header { "<w:tblHeader/>" } else { "" };
    let change = match whole_change(row.iter().flatten()) {
        RunChange::None => String::new(),
        RunChange::Insert => format!("<w:ins {}/>", stamp.attributes()),
        RunChange::Delete => format!("<w:del {}/>", stamp.attributes()),
    };
    if whole.is_empty() && repeat.is_empty() && change.is_empty() {
        String::new()
    } else {
        format!("<w:trPr>{whole}{repeat}{change}</w:trPr>")
    }
}

/// The paragraph style of a cell.
fn cell_style(header: bool, align: CellAlign) -> &'static str {
    match (header, align) {
        (true, _) => "GongwenTableHeader",
        (false, CellAlign::Centre) => "GongwenTable",
        (false, CellAlign::Left) => "GongwenTableText",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_weights_and_sum_to_the_total() {
        let widths = column_widths(&[1, 3, 1, 6, 2, 5], 6, 13777);
        assert_eq!(widths.iter().sum::<u32>(), 13777);
        assert!(widths[3] > widths[5] && widths[5] > widths[1] && widths[1] > widths[0]);
        assert_eq!(widths[0], widths[2]);
    }

    #[test]
    fn missing_and_zero_weights_get_a_share() {
        assert_eq!(column_widths(&[], 4, 1000), [250, 250, 250, 250]);
        assert_eq!(column_widths(&[], 3, 1000), [334, 333, 333]);
        let w = column_widths(&[0, 2], 3, 900);
        assert_eq!(w.iter().sum::<u32>(), 900);
        assert!(w.iter().all(|&x| x > 0), "{w:?}");
        let huge = column_widths(&[u32::MAX, u32::MAX], 2, 8845);
        assert_eq!(huge.iter().sum::<u32>(), 8845);
        assert_eq!(column_widths(&[5, 5, 5], 1, 100), [100]);
    }

    #[test]
    fn landscape_is_a4_on_its_side() {
        assert!(
            Orientation::Landscape
                .page_size()
                .contains(r#"w:w="16838" w:h="11906" w:orient="landscape""#)
        );
        assert_eq!(Orientation::Portrait.text_width(), 8845);
        assert_eq!(Orientation::Landscape.text_width(), 13777);
    }
}
