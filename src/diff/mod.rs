//! Revision diffs (`consult diff`): clause-aware, Chinese-aware redlines
//! between two versions of a draft.
//!
//! Data flows one way: [`source`] resolves FROM and TO and reads them;
//! [`units`] reduces each draft to comparable units (title, preamble,
//! clauses, closing); [`compare`] aligns them by content ([`align`]),
//! redlines each pair ([`inline`]) and works out the semantic deltas into a
//! [`model::DraftDiff`]; [`provenance`] adds the opinions behind each
//! change; the renderers write term, unified, JSON, HTML or the 修改对照表.
//! Only [`run`] touches files and output.

pub mod align;
pub mod both;
pub mod compare;
pub mod describe;
pub mod in_order;
pub mod inline;
pub mod mapped;
pub mod model;
pub mod plain;
pub mod provenance;
pub mod read_utf8;
pub mod render_html;
pub mod render_json;
pub mod render_table;
pub mod render_term;
pub mod render_unified;
pub mod source;
pub mod tokens;
pub mod units;

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cli::{DiffArgs, DiffBy, DiffFormat};
use crate::error::{Error, Result};
use crate::i18n::tr;

pub use inline::By;
pub use model::{Change, ClauseDiff, DraftDiff, Op, Part, Segment};
pub use units::{Side, Unit};

/// Compare two drafts given as Markdown: the library entry point.
/// Returns the two sides; call [`diff_sides`] on them.
pub fn sides_from_markdown(from: (&str, &str), to: (&str, &str)) -> (Side, Side, Vec<String>) {
    compare::prepare(side(from.0, from.1), side(to.0, to.1))
}

/// The side of one draft: the quick reading when it is plain text
/// ([`plain`]), else the Markdown reading — the same [`Side`] either way.
pub fn side(name: &str, markdown: &str) -> Side {
    plain::side(name, markdown.to_string())
        .unwrap_or_else(|text| Side::from_draft(name, crate::draft::Draft::parse_owned(text)))
}

/// The diff of two prepared sides.
pub fn diff_sides<'a>(old: &'a Side, new: &'a Side, by: By) -> DraftDiff<'a> {
    compare::compare(old, new, by)
}

/// Write a diff as JSON (the `diff --format json` shape), one clause per
/// line ([`render_json`]).
pub fn write_json(diff: &DraftDiff<'_>, w: &mut dyn Write) -> io::Result<()> {
    render_json::write(diff, w)
}

/// `consult diff`: resolve FROM and TO, compare, and write the result to
/// `out` or to `-o FILE`; warnings go to stderr. Made for the command
/// line's one call a process: the JSON path leaves the two drafts' memory
/// to the end of the process instead of freeing it piece by piece.
pub fn run(dir: Option<&Path>, args: &DiffArgs, color: bool, out: &mut dyn Write) -> Result<i32> {
    let mut err = io::stderr();
    run_with(dir, args, color, out, &mut err)
}

/// [`run`] with the warnings written to `warn`.
pub fn run_with(
    dir: Option<&Path>,
    args: &DiffArgs,
    color: bool,
    out: &mut dyn Write,
    warn: &mut dyn Write,
) -> Result<i32> {
    let inputs = source::resolve(dir, args.from.as_deref(), args.to.as_deref())?;
    let opinions = match (inputs.versions(), &inputs.root) {
        (Some((from, to)), Some(root)) => provenance::load(root, from, to)?,
        _ => provenance::Opinions::new(),
    };
    let notes = match &inputs.root {
        Some(root) if !opinions.is_empty() => provenance::notes(root)?,
        _ => provenance::Notes::new(),
    };
    if let Some(path) = &args.output {
        crate::workspace::check_output(path)?;
        crate::output_format::diff(Some(path), args.format)?;
    }
    // The two drafts are read on two threads (a 10 MB pair in half the
    // time).
    let (old, new) = both::read_both(&inputs.from, &inputs.to);
    let (old, new) = (old?, new?);
    let (old, new, warnings) = compare::prepare(old, new);
    for w in &warnings {
        let _ = writeln!(warn, "{}: {w}", tr("警告", "warning"));
    }
    if args.format == DiffFormat::Json && opinions.is_empty() {
        // No opinions to add: each clause is redlined as it is written.
        let by = by(args.by);
        // Written in pieces of its own (`write_sides`): not copied through
        // a buffer on the way to standard output.
        let written = emit(args, out, Buffer::None, |w| {
            render_json::write_sides(&old, &new, by, w)
        });
        // The process ends next: the kernel takes back the two sides' memory
        // at once, where freeing 130 000 units one by one took 4 ms at 10 MB.
        std::mem::forget((old, new));
        return written;
    }
    let mut diff = compare::compare(&old, &new, by(args.by));
    provenance::apply(&mut diff, &opinions);
    provenance::apply_notes(&mut diff, &notes);
    diff.warnings = warnings;
    let html = args.output.as_deref().is_some_and(is_html);
    let color = color && args.output.is_none();
    emit(args, out, Buffer::Lines, |w| {
        render(&diff, args.format, color, html, w)
    })
}

/// How [`emit`] writes to standard output.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Buffer {
    /// Through a 64 KiB buffer: for renderers that write line by line.
    Lines,
    /// As the renderer writes: for one that writes large pieces itself.
    None,
}

/// Write with `render` to `-o FILE` (atomically) or to `out`.
fn emit(
    args: &DiffArgs,
    out: &mut dyn Write,
    buffer: Buffer,
    render: impl Fn(&mut dyn Write) -> io::Result<()>,
) -> Result<i32> {
    match &args.output {
        Some(path) => {
            crate::workspace::write_atomic_with(path, |w| render(w))?;
        }
        None => {
            let written = match buffer {
                Buffer::Lines => {
                    let mut w = BufWriter::with_capacity(1 << 16, out);
                    render(&mut w).and_then(|_| w.flush())
                }
                Buffer::None => render(out).and_then(|_| out.flush()),
            };
            match written {
                // The reader went away (`| head`): not an error of ours.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => {
                    other.map_err(|e| Error::io(tr("无法写出", "failed to write"), "stdout", e))?
                }
            }
        }
    }
    Ok(0)
}

fn by(by: DiffBy) -> By {
    match by {
        DiffBy::Char => By::Char,
        DiffBy::Word => By::Word,
        DiffBy::Line => By::Line,
    }
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Write `diff` in `format`; `table_html` picks the HTML 修改对照表.
pub fn render(
    diff: &DraftDiff<'_>,
    format: DiffFormat,
    color: bool,
    table_html: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        DiffFormat::Term => render_term::write(diff, color, w),
        DiffFormat::Unified => render_unified::write(diff, w),
        DiffFormat::Json => write_json(diff, w),
        DiffFormat::Html => {
            let page = render_html::page(diff).map_err(io::Error::other)?;
            w.write_all(page.as_bytes())
        }
        DiffFormat::Table if table_html => {
            let page = render_html::table_page(diff).map_err(io::Error::other)?;
            w.write_all(page.as_bytes())
        }
        DiffFormat::Table => render_table::write(diff, w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = include_str!("../../drafts/v1.md");

    fn v2() -> String {
        V1.replace(
            "市外办，各县级市（区）人民政府<管委会>）",
            "市外办、市人社局，各县级市（区）人民政府<管委会>）",
        )
        .replace("给予最高300万元的研发费资助", "给予最高500万元的研发费资助")
    }

    #[test]
    fn the_canonical_example_adds_one_unit_to_clause_5() {
        let new = v2();
        let (old, new, warnings) = sides_from_markdown(("v1", V1), ("v2", &new));
        assert!(warnings.is_empty());
        let d = diff_sides(&old, &new, By::Char);
        let changed: Vec<_> = d
            .clauses
            .iter()
            .filter(|c| c.change != Change::Unchanged)
            .collect();
        assert_eq!(changed.len(), 2, "{:#?}", d.summary);
        assert_eq!(changed[0].to_number, Some(4));
        assert_eq!(changed[1].to_number, Some(5));
        assert_eq!(changed[1].units_added, ["市人社局"]);
        let ins: Vec<&str> = changed[1]
            .segments
            .iter()
            .filter(|s| s.op == Op::Insert)
            .map(|s| s.text)
            .collect();
        assert_eq!(ins, ["、市人社局"]);
        let del: Vec<&str> = changed[0]
            .segments
            .iter()
            .filter(|s| s.op != Op::Equal)
            .map(|s| s.text)
            .collect();
        assert_eq!(del, ["300", "500"]);
        assert_eq!(d.funding_total_from_wan, 10000.0);
        let mut term = Vec::new();
        render_term::write(&d, false, &mut term).unwrap_or_default();
        let term = String::from_utf8_lossy(&term);
        assert!(term.contains("{+、市人社局+}"), "{term}");
        print!("{term}");
        let mut uni = Vec::new();
        render_unified::write(&d, &mut uni).unwrap_or_default();
        print!("{}", String::from_utf8_lossy(&uni));
        for (format, html, name) in [
            (DiffFormat::Html, false, "/tmp/consult-diff.html"),
            (DiffFormat::Table, true, "/tmp/consult-table.html"),
            (DiffFormat::Table, false, "/tmp/consult-table.md"),
        ] {
            let mut buf = Vec::new();
            render(&d, format, false, html, &mut buf).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(name, &buf).unwrap_or_default();
        }
    }
}
