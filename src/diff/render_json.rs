//! `diff --format json`: the DraftDiff written as compact JSON, streamed
//! straight from the borrowed diff, one clause per line.
//!
//! The shape (fields, names, order) is the `Serialize` form of
//! [`DraftDiff`]; only the white space differs from pretty printing. On a
//! 10 MB draft pretty printing wrote ~50 MB, mostly indentation and field
//! names over 65 000 unchanged clauses; one line per clause writes about
//! half and is still read line by line (`grep '"change":"modified"'`).
//!
//! The bytes are written by hand (the escaping is serde_json's: `"`, `\`
//! and control characters only), one buffered line per clause; the test
//! `hand_written_json_is_serde_json` holds them equal to
//! `serde_json::to_writer` of the same values.

use std::borrow::Borrow;
use std::io::{self, Write};
use std::sync::{OnceLock, mpsc};

use super::compare::{self, Pair};
use super::in_order::{self, InOrder, render_in_order};
use super::inline::By;
use super::model::{Change, ClauseDiff, DraftDiff, Op, Summary};
use super::units::{Escapes, Side, Unit};

/// Write `diff` as JSON to `w`: the header fields, then `"clauses"` with
/// one clause per line; ends with a newline. Errors: those of `w`.
pub fn write(diff: &DraftDiff<'_>, w: &mut dyn Write) -> io::Result<()> {
    write_clauses(diff, diff.clauses.iter(), w)
}

/// [`write`] for the diff of two sides without opinions, each clause
/// redlined just before it is written: the clauses are never all held at
/// once (on a 10 MB draft, 65 000 entries less in memory), and pieces of
/// [`PIECE`] clauses are redlined and written on two threads
/// ([`InOrder`]). On long sides the second thread is started before the
/// sides are paired and counts half the summary too. The same bytes as
/// `write(&compare(old, new, by))`.
pub fn write_sides(old: &Side, new: &Side, by: By, w: &mut dyn Write) -> io::Result<()> {
    // What is worked out as the sides are written, kept here so that the
    // helper, started before any of it, may be given parts of it.
    let pairs = OnceLock::new();
    let same = OnceLock::new();
    let pieces: OnceLock<Vec<JsonPiece<'_>>> = OnceLock::new();
    let render = |k: usize, out: &mut Vec<u8>| {
        let piece = pieces.get().and_then(|p| p.get(k)).copied();
        render_piece(piece.unwrap_or_default(), k, by, out)
    };
    let job = OnceLock::new();
    let cells = Cells {
        pairs: &pairs,
        same: &same,
        pieces: &pieces,
        render: &render,
        job: &job,
    };
    if old.units.len() + new.units.len() < HELPER_FROM {
        return write_on(old, new, &cells, None, w);
    }
    // The helper starts now, while the sides are paired (its start, 0.15
    // ms on a two-CPU machine, is then no longer on the way): it is given
    // half the summary, then pieces to render.
    let (tasks, inbox) = mpsc::channel::<Task<'_>>();
    std::thread::scope(|s| {
        crate::helper_thread::spawn(s, move || {
            while let Ok(task) = crate::helper_thread::recv_soon(&inbox) {
                task.run();
            }
        });
        write_on(old, new, &cells, Some(tasks), w)
    })
}

/// Sides with fewer units than this are written without a helper started
/// ahead (it would cost more than it saves).
const HELPER_FROM: usize = 4 * PIECE;

/// The pairs of one piece, and whether each pair's units are the same.
type JsonPiece<'a> = (&'a [Pair<'a>], &'a [bool]);

/// Where [`write_sides`] keeps what it works out (see there).
struct Cells<'c, 'a> {
    pairs: &'c OnceLock<Vec<Pair<'a>>>,
    same: &'c OnceLock<Vec<bool>>,
    pieces: &'c OnceLock<Vec<JsonPiece<'c>>>,
    render: &'c (dyn Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync),
    job: &'c OnceLock<InOrder<'c>>,
}

/// [`write_sides`]: pair, count, write the header, then the pieces (with
/// the helper given `tasks`, if there is one).
fn write_on<'c>(
    old: &'c Side,
    new: &'c Side,
    cells: &Cells<'c, 'c>,
    tasks: Option<mpsc::Sender<Task<'c>>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let pairs = cells.pairs.get_or_init(|| compare::pairs(old, new));
    let mut head = compare::header(old, new);
    let (summary, same) = summary_on_two(pairs, tasks.as_ref());
    head.summary = summary;
    let same = cells.same.get_or_init(|| same);
    let mut out = Vec::new();
    header(&mut out, &head)?;
    w.write_all(&out)?;
    let pieces = cells
        .pieces
        .get_or_init(|| pairs.chunks(PIECE).zip(same.chunks(PIECE)).collect());
    match tasks {
        Some(tasks) if pieces.len() > 1 => {
            let job = cells
                .job
                .get_or_init(|| InOrder::new(pieces.len(), cells.render));
            let (done, arrived) = mpsc::channel();
            // Were the helper gone, the writer renders every piece itself.
            let _ = tasks.send(Task::Render(job, done));
            drop(tasks);
            job.write(&arrived, w)?;
        }
        _ => render_in_order(pieces.len(), cells.render, w)?,
    }
    w.write_all(b"\n]}\n")
}

/// Render piece `k` (`pairs`, and whether each pair's units are the same)
/// into `out`, an empty buffer.
fn render_piece(
    (pairs, same): JsonPiece<'_>,
    k: usize,
    by: By,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    // A buffer too small for this piece is replaced, not grown: growing
    // copies what it held (nothing: it was emptied) into fresh pages. A
    // quarter more than the estimate lets the next pieces, a little
    // longer or with an edited clause, fit.
    let need = piece_bytes(pairs);
    if out.capacity() < need {
        *out = Vec::with_capacity(need + need / 4);
    }
    for (i, (&(o, n, moved), &same)) in pairs.iter().zip(same).enumerate() {
        let first = k == 0 && i == 0;
        out.extend_from_slice(if first { b"\n" } else { b",\n" });
        match (o, n) {
            (Some(o), Some(n)) if same => same_clause(out, o, n, moved)?,
            _ => clause(out, &compare::entry_counted(o, n, moved, by, same))?,
        }
    }
    Ok(())
}

/// What the helper of [`write_sides`] is given to do.
enum Task<'a> {
    /// Count these pairs; send back their summary and which are the same.
    Summary(&'a [Pair<'a>], mpsc::Sender<(Summary, Vec<bool>)>),
    /// Render pieces beside the writer.
    Render(&'a InOrder<'a>, mpsc::Sender<in_order::Piece>),
}

impl Task<'_> {
    fn run(self) {
        match self {
            Task::Summary(pairs, back) => {
                let _ = back.send(compare::summary_alone(pairs));
            }
            Task::Render(job, done) => job.help(done),
        }
    }
}

/// Pairs from which the summary is counted on both threads when a helper
/// is there.
const SPLIT_SUMMARY_FROM: usize = 2 * PIECE;

/// The summary of `pairs` and which pairs are the same: the second half
/// counted by the helper when there is one.
fn summary_on_two<'a>(
    pairs: &'a [Pair<'a>],
    tasks: Option<&mpsc::Sender<Task<'a>>>,
) -> (Summary, Vec<bool>) {
    let Some(tasks) = tasks.filter(|_| pairs.len() >= SPLIT_SUMMARY_FROM) else {
        return compare::summary(pairs);
    };
    let (first, second) = pairs.split_at(pairs.len() / 2);
    let (back, answer) = mpsc::channel();
    if tasks.send(Task::Summary(second, back)).is_err() {
        return compare::summary(pairs);
    }
    let (mut sum, mut same) = compare::summary_alone(first);
    let (rest, rest_same) =
        crate::helper_thread::recv_soon(&answer).unwrap_or_else(|_| compare::summary_alone(second));
    sum.add(&rest);
    same.extend(rest_same);
    (sum, same)
}

/// Clauses rendered at a time by one thread of [`write_sides`]: about
/// 40 KB of JSON. The few buffers the two threads take turns with are
/// touched once each; with pieces of 256 clauses (150 KB) they were 150 of
/// a 1 MB diff's 940 page faults (now 790 in all). The pieces go to
/// standard output as they are, not copied through a buffer.
const PIECE: usize = 64;

/// About the bytes of the JSON of `pairs` when their clauses are the same
/// on both sides (an edited clause takes more): the buffer a piece is
/// rendered into is made that large at once. Grown from empty, its
/// copies on the way were a third of a 1 MB diff's page faults.
fn piece_bytes(pairs: &[compare::Pair<'_>]) -> usize {
    /// The fixed fields of an unchanged entry (`"part":…,"segments":[…]`).
    const ENTRY: usize = 440;
    pairs
        .iter()
        .map(|&(o, n, _)| {
            let unit = n.or(o).map_or(0, |u| u.text.len() + u.title.len());
            ENTRY + unit
        })
        .sum()
}

/// The header of `head`, then `clauses`.
fn write_clauses<'a, C: Borrow<ClauseDiff<'a>>>(
    head: &DraftDiff<'_>,
    clauses: impl Iterator<Item = C>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(1 << 16);
    header(&mut line, head)?;
    for (i, c) in clauses.enumerate() {
        line.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        clause(&mut line, c.borrow())?;
        if line.len() >= 1 << 15 {
            w.write_all(&line)?;
            line.clear();
        }
    }
    line.extend_from_slice(b"\n]}\n");
    w.write_all(&line)
}

/// The fields before the clauses, up to `"clauses":[`.
fn header(line: &mut Vec<u8>, head: &DraftDiff<'_>) -> io::Result<()> {
    line.extend_from_slice(b"{\"from\":");
    string(line, &head.from);
    line.extend_from_slice(b",\"to\":");
    string(line, &head.to);
    line.extend_from_slice(b",\"funding_total_from_wan\":");
    wan(line, head.funding_total_from_wan)?;
    line.extend_from_slice(b",\"funding_total_to_wan\":");
    wan(line, head.funding_total_to_wan)?;
    line.extend_from_slice(b",\"summary\":");
    summary(line, &head.summary);
    line.extend_from_slice(b",\"clauses\":[");
    Ok(())
}

fn summary(out: &mut Vec<u8>, s: &Summary) {
    let fields = [
        ("{\"unchanged\":", s.unchanged),
        (",\"modified\":", s.modified),
        (",\"inserted\":", s.inserted),
        (",\"deleted\":", s.deleted),
        (",\"moved\":", s.moved),
        (",\"renumbered\":", s.renumbered),
    ];
    for (name, n) in fields {
        out.extend_from_slice(name.as_bytes());
        number(out, n as u64);
    }
    out.push(b'}');
}

/// One clause, compact, in the field order of [`ClauseDiff`].
fn clause(out: &mut Vec<u8>, c: &ClauseDiff<'_>) -> io::Result<()> {
    out.extend_from_slice(b"{\"part\":\"");
    out.extend_from_slice(part(c).as_bytes());
    out.extend_from_slice(b"\",\"from_number\":");
    opt_number(out, c.from_number);
    out.extend_from_slice(b",\"to_number\":");
    opt_number(out, c.to_number);
    let text = |out: &mut Vec<u8>, s: &str| unit_text(out, s, [c.old, c.new]);
    out.extend_from_slice(b",\"title\":");
    text(out, c.title);
    out.extend_from_slice(b",\"change\":\"");
    out.extend_from_slice(c.change.key().as_bytes());
    out.extend_from_slice(b"\",\"units_added\":");
    strings(out, &c.units_added);
    out.extend_from_slice(b",\"units_removed\":");
    strings(out, &c.units_removed);
    out.extend_from_slice(b",\"funding_from_wan\":");
    opt_wan(out, c.funding_from_wan)?;
    out.extend_from_slice(b",\"funding_to_wan\":");
    opt_wan(out, c.funding_to_wan)?;
    out.extend_from_slice(b",\"sources_added\":");
    strings(out, &c.sources_added);
    out.extend_from_slice(b",\"sources_removed\":");
    strings(out, &c.sources_removed);
    out.extend_from_slice(b",\"opinions\":");
    strings(out, &c.opinions);
    out.extend_from_slice(b",\"opinion_notes\":");
    strings(out, &c.opinion_notes);
    out.extend_from_slice(b",\"format_only\":");
    out.extend_from_slice(if c.format_only { b"true" } else { b"false" });
    out.extend_from_slice(b",\"segments\":[");
    for (i, s) in c.segments.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(match s.op {
            Op::Equal => b"{\"op\":\"equal\",\"text\":",
            Op::Delete => b"{\"op\":\"delete\",\"text\":",
            Op::Insert => b"{\"op\":\"insert\",\"text\":",
        });
        text(out, s.text);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// [`clause`] of the entry of two units that are the same (what
/// [`compare::entry_counted`] makes of them), written from the units: no
/// entry is made, and the fields that such an entry always has empty go
/// out as one run of bytes. Most clauses of a long draft are written so;
/// `streamed_json_is_the_whole_diff_written` holds the bytes equal.
fn same_clause(out: &mut Vec<u8>, o: &Unit, n: &Unit, moved: bool) -> io::Result<()> {
    let change = if moved {
        Change::Moved
    } else {
        Change::Unchanged
    };
    out.extend_from_slice(b"{\"part\":\"");
    out.extend_from_slice(part_name(n.part).as_bytes());
    out.extend_from_slice(b"\",\"from_number\":");
    opt_number(out, o.number);
    out.extend_from_slice(b",\"to_number\":");
    opt_number(out, n.number);
    out.extend_from_slice(b",\"title\":");
    unit_text(out, n.title.as_str(), [Some(o), Some(n)]);
    match (change, o.funding_wan(), n.funding_wan()) {
        // Most clauses of a long draft: one run of bytes from here on.
        (Change::Unchanged, None, None) => out.extend_from_slice(UNCHANGED_WITHOUT_FUNDING),
        (_, from, to) => {
            out.extend_from_slice(b",\"change\":\"");
            out.extend_from_slice(change.key().as_bytes());
            out.extend_from_slice(
                b"\",\"units_added\":[],\"units_removed\":[],\"funding_from_wan\":",
            );
            opt_wan(out, from)?;
            out.extend_from_slice(b",\"funding_to_wan\":");
            opt_wan(out, to)?;
            out.extend_from_slice(SAME_AFTER_FUNDING);
        }
    }
    if !o.text.is_empty() {
        out.extend_from_slice(b"{\"op\":\"equal\",\"text\":");
        unit_text(out, o.text.as_str(), [Some(o), Some(n)]);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    Ok(())
}

/// The fields of an unchanged entry after its title, up to its segments,
/// when neither side has funding.
const UNCHANGED_WITHOUT_FUNDING: &[u8] = b",\"change\":\"unchanged\",\"units_added\":[],\"units_removed\":[],\"funding_from_wan\":null,\"funding_to_wan\":null,\"sources_added\":[],\"sources_removed\":[],\"opinions\":[],\"opinion_notes\":[],\"format_only\":false,\"segments\":[";

/// The fields of an entry whose two units are the same, after its funding
/// up to its segments.
const SAME_AFTER_FUNDING: &[u8] = b",\"sources_added\":[],\"sources_removed\":[],\"opinions\":[],\"opinion_notes\":[],\"format_only\":false,\"segments\":[";

/// A text of one of `units` as a JSON string: texts read as plain lines
/// need only `"` escaped, and those of a plain draft without `"` nothing.
fn unit_text(out: &mut Vec<u8>, s: &str, units: [Option<&Unit>; 2]) {
    // `s` is a slice of one unit's text at most (the two are read from
    // two sources).
    let owner = units.into_iter().flatten().find(|u| within(u, s));
    match owner.map_or(Escapes::Unknown, |u| u.escapes) {
        Escapes::Nothing => {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        }
        Escapes::QuotesAtMost => quotes_escaped(out, s),
        Escapes::Unknown => string(out, s),
    }
}

/// The part's JSON name (its serde name).
fn part(c: &ClauseDiff<'_>) -> &'static str {
    part_name(c.part)
}

/// A part's JSON name (its serde name).
fn part_name(p: super::model::Part) -> &'static str {
    use super::model::Part;
    match p {
        Part::Title => "title",
        Part::Preamble => "preamble",
        Part::Clause => "clause",
        Part::Section => "section",
        Part::Closing => "closing",
        Part::Paragraph => "paragraph",
    }
}

fn strings<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s.as_ref());
    }
    out.push(b']');
}

fn number(out: &mut Vec<u8>, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(at..).unwrap_or_default());
}

fn opt_number(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => number(out, u64::from(n)),
        None => out.extend_from_slice(b"null"),
    }
}

/// An amount in 万元 as [`super::model::wan`] serialises it.
fn wan(out: &mut Vec<u8>, value: f64) -> io::Result<()> {
    serde_json::to_writer(out, &Wan(value)).map_err(io::Error::other)
}

fn opt_wan(out: &mut Vec<u8>, value: Option<f64>) -> io::Result<()> {
    match value {
        Some(v) => wan(out, v),
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
    }
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, control
/// characters as `\n`, `\t`, … or `\u00XX`; everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time past text with nothing to escape.
        while let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if needs_escape(w) {
                break;
            }
            i += 8;
        }
        // Then up to eight bytes one by one.
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            let b = bytes.get(i).copied().unwrap_or(b' ');
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
                escape(out, b);
                start = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// Whether `s` is a part of `unit`'s text (what its [`Escapes`] say of).
fn within(unit: &Unit, s: &str) -> bool {
    let whole = unit.text.as_bytes().as_ptr_range();
    let part = s.as_bytes().as_ptr_range();
    whole.start <= part.start && part.end <= whole.end
}

/// [`string`] of a text with no control character and no backslash: only
/// `"` to escape, found with SIMD.
fn quotes_escaped(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for at in memchr::memchr_iter(b'"', bytes) {
        out.extend_from_slice(bytes.get(start..at).unwrap_or_default());
        out.extend_from_slice(b"\\\"");
        start = at + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// The escape of one byte that needs it, as serde_json writes it.
fn escape(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
    }
}

/// Whether any of eight bytes is `"`, `\\` or a control character (the
/// bit tricks test all eight at once; exact, no false answers).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
    below_space || zero_in(w ^ (ONES * u64::from(b'"'))) || zero_in(w ^ (ONES * u64::from(b'\\')))
}

/// An amount in 万元 as the pretty form writes it (whole numbers without
/// a fraction).
struct Wan(f64);

impl serde::Serialize for Wan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::model::wan(&self.0, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_escape_sees_every_byte_that_needs_it() {
        let naive = |w: u64| {
            w.to_le_bytes()
                .iter()
                .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
        };
        for filler in [0x41u8, 0xe4, 0x80, 0xff, 0x21, 0x5d] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = b;
                    let w = u64::from_le_bytes(bytes);
                    assert_eq!(needs_escape(w), naive(w), "{bytes:?}");
                }
            }
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            assert_eq!(needs_escape(x), naive(x), "{x:x}");
        }
    }
    use crate::diff::{By, diff_sides, sides_from_markdown};

    /// What the serde form writes: the header, then one clause a line.
    fn serde_form(diff: &DraftDiff<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        let json = |v: &dyn erased::Ser| v.json();
        out.extend_from_slice(
            format!(
                "{{\"from\":{},\"to\":{},\"funding_total_from_wan\":{},\"funding_total_to_wan\":{},\"summary\":{},\"clauses\":[",
                json(&diff.from),
                json(&diff.to),
                json(&Wan(diff.funding_total_from_wan)),
                json(&Wan(diff.funding_total_to_wan)),
                json(&diff.summary)
            )
            .as_bytes(),
        );
        for (i, c) in diff.clauses.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            let _ = serde_json::to_writer(&mut out, c);
        }
        out.extend_from_slice(b"\n]}\n");
        out
    }

    mod erased {
        /// A value serde_json can write, behind a trait object.
        pub trait Ser {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
            }
        }
    }

    fn hand(diff: &DraftDiff<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = write(diff, &mut out);
        out
    }

    #[test]
    fn hand_written_json_is_serde_json() {
        let v1 = include_str!("../../drafts/v1.md");
        let odd = "1.引号\"与\\反斜杠\u{1}\u{7f}\t。（责任单位：市科技局、市\"财政\"局）\n新增资金测算：12.5万元\n政策来源：《甲》\n";
        let cases = [
            (
                v1.to_string(),
                v1.replace("300万元", "250万元")
                    .replace("市外办，", "市外办、市人社局，"),
            ),
            (v1.to_string(), String::new()),
            (
                odd.to_string(),
                odd.replace("12.5", "0.125").replace("《甲》", "《乙》"),
            ),
            ("甲\r乙\u{8}\u{c}\n".to_string(), "甲乙\n".to_string()),
            // A plain draft (one clause a line) with quotation marks: its
            // texts take the quick escape.
            (
                "# 标题\n\n第1条　称\"创新券\"的奖励。\n第2条　\"乙\"。\n".to_string(),
                "# 标题\n\n第1条　称\"科技券\"的奖励。\n第2条　\"乙\"。\n第3条　\"\"\n".to_string(),
            ),
        ];
        for (a, b) in &cases {
            let (old, new, _) = sides_from_markdown(("a \"x\".md", a), ("b\\.md", b));
            let mut d = diff_sides(&old, &new, By::Char);
            if let Some(c) = d.clauses.first_mut() {
                c.opinions = vec!["b2eb5e0f-3".into()];
                c.opinion_notes = vec!["采纳市委组织部（人才办）意见\n".into()];
            }
            let want = serde_form(&d);
            assert_eq!(
                String::from_utf8_lossy(&hand(&d)),
                String::from_utf8_lossy(&want)
            );
        }
    }

    #[test]
    fn plain_lines_are_marked_escape_free() {
        // Clause 2 is two paragraphs: its text holds a line break.
        let md = "# 标题\n\n第1条　称\"创新券\"。\n第2条　甲。\n\n乙。\n";
        let (side, _, _) = sides_from_markdown(("a", md), ("b", md));
        let free: Vec<bool> = side
            .units
            .iter()
            .map(|u| !matches!(u.escapes, Escapes::Unknown))
            .collect();
        assert_eq!(free, [true, true, false]);
        // Without a quotation mark anywhere, its lines need no escape.
        let md = md.replace('"', "");
        let (side, _, _) = sides_from_markdown(("a", &md), ("b", &md));
        let nothing: Vec<bool> = side
            .units
            .iter()
            .map(|u| matches!(u.escapes, Escapes::Nothing))
            .collect();
        assert_eq!(nothing, [false, true, false]);
    }

    proptest::proptest! {
        #[test]
        fn quotes_escaped_is_serde_json_on_escape_free_text(text in "[\x20-\x5b\x5d-\x7e甲乙。“”\u{2028}]{0,40}") {
            let mut out = Vec::new();
            quotes_escaped(&mut out, &text);
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&out),
                serde_json::to_string(&text).unwrap_or_default()
            );
        }

        #[test]
        fn strings_escape_as_serde_json_does(text in "[\\x00-\\x7f甲乙。“”\\u{2028}]{0,40}") {
            let mut out = Vec::new();
            string(&mut out, &text);
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&out),
                serde_json::to_string(&text).unwrap_or_default()
            );
        }
    }

    #[test]
    fn streamed_json_is_the_whole_diff_written() {
        let v1 = include_str!("../../drafts/v1.md");
        let moved = {
            let mut lines: Vec<&str> = v1.lines().collect();
            if lines.len() > 12 {
                lines.swap(6, 12);
            }
            lines.join("\n")
        };
        for (a, b) in [
            (
                v1.to_string(),
                v1.replace("300万元", "250万元").replacen("5.", "6.", 1),
            ),
            (v1.to_string(), moved),
            (v1.to_string(), String::new()),
            ("甲\n乙\n".to_string(), "1.丙\n".to_string()),
            // Plain lines (escape-free texts) with quotation marks, the
            // same clauses renumbered and moved.
            (
                "# 标题\n\n第1条　称\"创新券\"的奖励。\n第2条　甲。\n第3条　乙\"丙\"。\n".to_string(),
                "# 标题\n\n第1条　新增。\n第2条　称\"创新券\"的奖励。\n第3条　乙\"丙\"。\n第4条　甲。\n".to_string(),
            ),
            // A plain draft without a quotation mark (its lines written as
            // they are) against one with them.
            (
                "# 标题\n\n第1条　甲乙。\n第2条　丙。\n第3条　丁。\n".to_string(),
                "# 标题\n\n第1条　甲乙。\n第2条　称\"丙\"。\n第3条　丁。\n".to_string(),
            ),
        ] {
            let (old, new, _) = sides_from_markdown(("a", &a), ("b", &b));
            let mut streamed = Vec::new();
            let _ = write_sides(&old, &new, By::Char, &mut streamed);
            assert_eq!(streamed, hand(&diff_sides(&old, &new, By::Char)));
            // The same with the body keys worked out ahead (as `diff` does
            // on its reading threads), and after a side with them is made
            // paragraphs (which drops them).
            let (a_keys, b_keys) = (old.clone().with_keys_ahead(), new.clone().with_keys_ahead());
            assert!(a_keys.keys_ahead.0.is_some() || a_keys.units.is_empty());
            let mut ahead = Vec::new();
            let _ = write_sides(&a_keys, &b_keys, By::Char, &mut ahead);
            assert_eq!(ahead, streamed);
            let paragraphs = a_keys.into_paragraphs();
            assert!(paragraphs.keys_ahead.0.is_none());
            let by_paragraph = old.clone().into_paragraphs();
            let mut both = [Vec::new(), Vec::new()];
            let _ = write_sides(&paragraphs, &b_keys, By::Char, &mut both[0]);
            let _ = write_sides(&by_paragraph, &new, By::Char, &mut both[1]);
            assert_eq!(both[0], both[1]);
        }
    }

    /// A regulation of `n` clauses, one a line; clause `k` says `word`
    /// where `edit(k)`.
    fn regulation(n: usize, edit: impl Fn(usize) -> bool) -> String {
        let mut md = String::from("# 条例\n\n");
        for k in 1..=n {
            let word = if edit(k) { "改" } else { "原" };
            md.push_str(&format!(
                "第{k}条　第{}项措施{word}，支持创新（最高{}万元）。\n",
                k % 37,
                k % 11
            ));
        }
        md
    }

    #[test]
    fn long_sides_are_written_with_the_helper_started_ahead_as_on_one_thread() {
        // Above HELPER_FROM units: the helper counts half the summary and
        // renders pieces; edited, inserted and deleted clauses among them.
        let old = regulation(700, |k| k % 50 == 0);
        let mut new = regulation(700, |k| k % 50 == 0 || k % 97 == 3);
        new = new.replacen("第5条　", "第5条　新增一句。", 1);
        new = new.replace("第300条　第4项措施原，支持创新（最高3万元）。\n", "");
        let (old, new, _) = sides_from_markdown(("a", &old), ("b", &new));
        assert!(old.units.len() + new.units.len() >= HELPER_FROM);
        let mut streamed = Vec::new();
        assert!(write_sides(&old, &new, By::Char, &mut streamed).is_ok());
        let whole = hand(&diff_sides(&old, &new, By::Char));
        assert_eq!(
            String::from_utf8_lossy(&streamed),
            String::from_utf8_lossy(&whole)
        );
        let text = String::from_utf8_lossy(&streamed);
        assert!(
            text.contains("\"modified\":"),
            "{}",
            text.get(..300).unwrap_or_default()
        );
        assert!(!text.contains("\"modified\":0"));
        // With the keys worked out ahead, as `diff` reads its sides.
        let (a, b) = (old.with_keys_ahead(), new.with_keys_ahead());
        let mut ahead = Vec::new();
        assert!(write_sides(&a, &b, By::Char, &mut ahead).is_ok());
        assert_eq!(ahead, streamed);
    }

    #[test]
    fn a_failing_writer_stops_the_helper_started_ahead() {
        let md = regulation(600, |_| false);
        let edited = regulation(600, |k| k % 7 == 0);
        let (old, new, _) = sides_from_markdown(("a", &md), ("b", &edited));
        let mut full = crate::diff::in_order::tests::Full { left: 50_000 };
        let got = write_sides(&old, &new, By::Char, &mut full);
        assert_eq!(got.err().map(|e| e.kind()), Some(io::ErrorKind::BrokenPipe));
    }
}
