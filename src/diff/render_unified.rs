//! The diff as a unified diff of the drafts' plain text (every block on
//! its own line, as `export --format txt` writes it): one hunk per changed
//! clause, headed by the clause, with all of the clause's lines as context.

use std::io::{self, Write};

use similar::{Algorithm, DiffTag, capture_diff_slices};

use crate::terminal::visible;

use super::describe::heading_local;
use super::model::{Change, DraftDiff};

/// Write the diff as a unified diff.
pub fn write(diff: &DraftDiff<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "--- {}", visible(&diff.from))?;
    writeln!(w, "+++ {}", visible(&diff.to))?;
    // Line numbers in each side's plain text. Entries come in the new
    // order, so a moved clause's old line is taken from where it was.
    let old_starts = old_line_starts(diff);
    let mut new_line = 1usize;
    for (k, c) in diff.clauses.iter().enumerate() {
        let old = c.old_text();
        let new = c.new_text();
        let old_lines: Vec<&str> = if c.old.is_some() {
            old.split('\n').collect()
        } else {
            Vec::new()
        };
        let new_lines: Vec<&str> = if c.new.is_some() {
            new.split('\n').collect()
        } else {
            Vec::new()
        };
        let old_line = old_starts.get(k).copied().unwrap_or(1);
        let this_new = new_line;
        new_line += new_lines.len();
        if c.change == Change::Unchanged {
            continue;
        }
        writeln!(
            w,
            "@@ -{} +{} @@ {} {}",
            range(old_line, old_lines.len()),
            range(this_new, new_lines.len()),
            heading_local(c),
            c.change.local()
        )?;
        for op in capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines) {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for line in old_lines.get(o).unwrap_or_default() {
                    writeln!(w, " {}", visible(line))?;
                }
                continue;
            }
            for line in old_lines.get(o).unwrap_or_default() {
                writeln!(w, "-{}", visible(line))?;
            }
            for line in new_lines.get(n).unwrap_or_default() {
                writeln!(w, "+{}", visible(line))?;
            }
        }
    }
    Ok(())
}

/// `start,count` as unified diffs write it (an empty side starts one
/// line earlier).
fn range(start: usize, count: usize) -> String {
    if count == 0 {
        format!("{},0", start.saturating_sub(1))
    } else {
        format!("{start},{count}")
    }
}

/// For each entry, the first line of its old text in the old plain text
/// (entries with no old text get the line where it would have been).
fn old_line_starts(diff: &DraftDiff<'_>) -> Vec<usize> {
    // Old texts in old order: sort entries by the old unit's address.
    let mut with_old: Vec<(usize, usize, usize)> = diff
        .clauses
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            c.old
                .map(|u| (u as *const _ as usize, k, c.old_text().split('\n').count()))
        })
        .collect();
    with_old.sort();
    let mut starts = vec![0usize; diff.clauses.len()];
    let mut line = 1;
    for (_, k, n) in with_old {
        if let Some(s) = starts.get_mut(k) {
            *s = line;
        }
        line += n;
    }
    // Entries without old text: the line after the previous entry's old text.
    let mut next = 1;
    for (k, c) in diff.clauses.iter().enumerate() {
        if let Some(s) = starts.get_mut(k) {
            if c.old.is_some() {
                next = *s + c.old_text().split('\n').count();
            } else {
                *s = next;
            }
        }
    }
    starts
}
