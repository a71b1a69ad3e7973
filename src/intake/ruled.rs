//! Ruled tables (a 反馈意见表 with borders) in a scanned page, read cell
//! by cell: the table rules found while cleaning the page ([`Rule`], from
//! [`super::ocr::without_rules`]) give the column and row lines; each cell
//! between them is cut out and read on its own (all cells of a page in one
//! Tesseract run, `--psm 6`), so text that the page's layout analysis
//! mixes across cells — vertically centred cells, rule remnants read as
//! `｜` — stays in its cell. The rows then go to the form reader through
//! [`super::grid::with_table`].

use image::{GrayImage, Luma};

/// A dark run found on a page: from (`x`, `y`), `len` pixels across or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub x: u32,
    pub y: u32,
    pub len: u32,
    pub across: bool,
}

/// A line of the table: its position across its thickness (`from..=to`)
/// and its extent along it (`start..end`).
#[derive(Debug, Clone, Copy)]
struct Line {
    from: u32,
    to: u32,
    start: u32,
    end: u32,
}

/// The grid of a ruled table: column lines left to right, row lines top to
/// bottom (each as its thickness `from..=to`).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub columns: Vec<(u32, u32)>,
    pub rows: Vec<(u32, u32)>,
}

impl Grid {
    /// The cells, row by row: (x0, y0, x1, y1) inside the lines.
    pub fn cells(&self) -> Vec<Vec<(u32, u32, u32, u32)>> {
        self.rows
            .windows(2)
            .map(|r| {
                self.columns
                    .windows(2)
                    .map(|c| {
                        (
                            c[0].1 + 3,
                            r[0].1 + 3,
                            c[1].0.saturating_sub(3),
                            r[1].0.saturating_sub(3),
                        )
                    })
                    .collect()
            })
            .collect()
    }

    /// The table's top and bottom.
    pub fn extent(&self) -> (u32, u32) {
        (
            self.rows.first().map_or(0, |r| r.0),
            self.rows.last().map_or(0, |r| r.1),
        )
    }
}

/// Rules of one direction joined into lines (neighbouring pixel rows or
/// columns of a thick rule, or a rule broken by noise).
fn lines(rules: &[Rule], across: bool) -> Vec<Line> {
    let mut runs: Vec<Line> = rules
        .iter()
        .filter(|r| r.across == across)
        .map(|r| {
            let (at, start) = if across { (r.y, r.x) } else { (r.x, r.y) };
            Line {
                from: at,
                to: at,
                start,
                end: start + r.len,
            }
        })
        .collect();
    // Bands of neighbouring pixel rows (columns); in each, pieces with
    // small gaps between them make one line.
    runs.sort_by_key(|l| l.from);
    let mut bands: Vec<Vec<Line>> = Vec::new();
    for run in runs {
        match bands.last_mut() {
            Some(band) if band.iter().any(|l| run.from <= l.to + 2) => band.push(run),
            _ => bands.push(vec![run]),
        }
    }
    let mut out: Vec<Line> = Vec::new();
    for mut band in bands {
        band.sort_by_key(|l| l.start);
        let first = out.len();
        for run in band {
            match out[first..].last_mut() {
                Some(l) if run.start <= l.end + 40 => {
                    l.from = l.from.min(run.from);
                    l.to = l.to.max(run.to);
                    l.end = l.end.max(run.end);
                }
                _ => out.push(run),
            }
        }
    }
    out
}

/// The ruled table of a page, if its rules make one: at least three
/// column lines (sharing the longest one's height by half) and three row
/// lines across half the table's width within it.
pub fn find(rules: &[Rule]) -> Option<Grid> {
    let downs = lines(rules, false);
    let longest = downs.iter().max_by_key(|l| l.end - l.start)?;
    let (top, bottom) = (longest.start, longest.end);
    let overlap = |l: &Line| l.end.min(bottom).saturating_sub(l.start.max(top));
    let mut columns: Vec<Line> = downs
        .iter()
        .filter(|l| overlap(l) * 2 >= bottom - top)
        .copied()
        .collect();
    columns.sort_by_key(|l| l.from);
    let (left, right) = (columns.first()?.from, columns.last()?.to);
    let mut rows: Vec<Line> = lines(rules, true)
        .into_iter()
        .filter(|l| l.from + 8 >= top && l.to <= bottom + 8)
        .filter(|l| {
            (l.end.min(right) as i64 - l.start.max(left) as i64) * 2 >= (right - left) as i64
        })
        .collect();
    rows.sort_by_key(|l| l.from);
    let spaced = |ls: &[Line]| -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for l in ls {
            match out.last_mut() {
                Some(last) if l.from <= last.1 + 12 => last.1 = last.1.max(l.to),
                _ => out.push((l.from, l.to)),
            }
        }
        out
    };
    let grid = Grid {
        columns: spaced(&columns),
        rows: spaced(&rows),
    };
    (grid.columns.len() >= 3 && grid.rows.len() >= 3).then_some(grid)
}

/// A cell cut out of the page with a white margin (Tesseract reads text
/// touching the edge poorly); `None` for a cell too small to hold text.
pub fn cell_image(page: &GrayImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> Option<GrayImage> {
    if x1 <= x0 + 8 || y1 <= y0 + 8 || x1 > page.width() || y1 > page.height() {
        return None;
    }
    let margin = 16;
    let mut cell = GrayImage::from_pixel(x1 - x0 + 2 * margin, y1 - y0 + 2 * margin, Luma([255]));
    image::imageops::replace(
        &mut cell,
        &*image::imageops::crop_imm(page, x0, y0, x1 - x0, y1 - y0),
        i64::from(margin),
        i64::from(margin),
    );
    Some(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rules as `without_rules` reports them: a box of 4 columns × 3 rows,
    /// each rule 3 pixels thick.
    fn box_rules() -> Vec<Rule> {
        let mut rules = Vec::new();
        for x in [100, 300, 600, 900] {
            for t in 0..3 {
                rules.push(Rule {
                    x: x + t,
                    y: 200,
                    len: 400,
                    across: false,
                });
            }
        }
        for y in [200, 300, 450, 597] {
            for t in 0..3 {
                rules.push(Rule {
                    x: 100,
                    y: y + t,
                    len: 803,
                    across: true,
                });
            }
        }
        rules
    }

    #[test]
    fn a_ruled_box_gives_its_grid_and_cells() {
        let grid = find(&box_rules()).expect("a grid");
        assert_eq!(
            grid.columns,
            vec![(100, 102), (300, 302), (600, 602), (900, 902)]
        );
        assert_eq!(
            grid.rows,
            vec![(200, 202), (300, 302), (450, 452), (597, 599)]
        );
        let cells = grid.cells();
        assert_eq!(cells.len(), 3);
        assert_eq!(cells[0][0], (105, 205, 297, 297));
        assert_eq!(grid.extent(), (200, 599));
    }

    #[test]
    fn two_lines_are_no_table() {
        let rules = vec![
            Rule {
                x: 100,
                y: 100,
                len: 800,
                across: true,
            },
            Rule {
                x: 100,
                y: 100,
                len: 300,
                across: false,
            },
        ];
        assert_eq!(find(&rules), None);
    }
}
