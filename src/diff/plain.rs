//! The quick reading of a plain draft: text typed one paragraph a line,
//! with no Markdown in it but `#` headings — the usual shape of a long
//! regulation (`第N条　…` on each line).
//!
//! [`side`] gives exactly the [`Side`] that [`Side::from_draft`] gives for
//! the same source after [`Draft::parse`](crate::draft::Draft::parse), but
//! without running pulldown-cmark and without copying the text: every
//! unit's text is a slice of the source ([`Text`]). A source with anything
//! Markdown could read otherwise (emphasis, lists, tables, indents, HTML,
//! escapes, line-edge white space, …) is not plain: [`side`] hands it back
//! and the caller takes the full path. The test
//! `plain_side_is_the_parsed_side` holds the two paths equal.

use std::ops::Range;
use std::sync::Arc;

use crate::draft::{
    FUNDING, SOURCES, add_funding, add_units, attachment_item, field_value, is_closing_line,
    is_space, is_white, lines_apart, opens_attachments, parse_funding, short_tail, split_top,
    title_span, title_without_units, units_of, units_places,
};
use crate::numbering::{LabelStyle, division_heading, is_cross_reference, label_at};

use super::model::Part;
use super::units::{Backing, Escapes, Fields, Side, Text, Unit, label_len};

/// One line of a plain source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Blank,
    /// An ATX heading (`# 标题`): its level and its text's byte range.
    Heading(u8, usize, usize),
    /// A line of paragraph text: its byte range.
    Text(usize, usize),
}

/// A block of the draft: a heading or a paragraph's part. Its text is
/// bytes `start..end` of the source, or, when lines were joined, a string
/// of its own (`own` is then 1 + its index in [`Blocks::own`]). Twelve
/// bytes: a 10 MB draft has 65 000 blocks a side.
#[derive(Debug, Clone, Copy)]
struct Block {
    start: u32,
    end: u32,
    own: u32,
    heading: bool,
}

/// The blocks of a plain source, and the texts of joined lines.
#[derive(Default)]
struct Blocks {
    list: Vec<Block>,
    own: Vec<String>,
}

/// The side of a plain draft; `Err(source)` when the source is not plain.
pub fn side(name: &str, source: String) -> Result<Side, String> {
    side_of(name, Backing::Owned(source)).map_err(Backing::into_string)
}

/// [`side`] of any [`Backing`] (a mapped file too); `Err(source)` when
/// the source is not plain.
pub fn side_of(name: &str, source: Backing) -> Result<Side, Backing> {
    let Some(blocks) = blocks(&source) else {
        return Err(source);
    };
    let all = Arc::new(source);
    Ok(Reader::new(&all, &blocks).side(name))
}

/// The blocks of a plain source, or None when it is not plain (or longer
/// than 4 GiB, which the byte offsets of a block cannot say).
fn blocks(source: &str) -> Option<Blocks> {
    u32::try_from(source.len()).ok()?;
    let newlines = line_ends(source.as_bytes())?;
    let mut blocks = Blocks::default();
    // The paragraph being read: its last line (for the soft-break rule).
    let mut open: Option<(usize, usize)> = None;
    let mut at = 0;
    let ends = newlines.iter().map(|&at| at as usize).chain([source.len()]);
    for end in ends {
        let raw = source.get(at..end)?;
        let line = line(raw, at)?;
        at = end + 1;
        match line {
            Line::Blank => open = None,
            Line::Heading(_, s, e) => {
                open = None;
                blocks.push(s, e, true);
            }
            Line::Text(s, e) => {
                let joined = match open {
                    Some((ps, pe)) if !blocks.list.is_empty() => {
                        // Plain lines have no white space at either end.
                        let (before, after) = (source.get(ps..pe)?, source.get(s..e)?);
                        !lines_apart(before, after) && blocks.join_last(source, s..e).is_some()
                    }
                    _ => false,
                };
                if !joined {
                    blocks.push(s, e, false);
                }
                open = Some((s, e));
            }
        }
    }
    Some(blocks)
}

impl Blocks {
    /// A block of source bytes `start..end` (within 4 GiB: checked once
    /// for the whole source).
    fn push(&mut self, start: usize, end: usize, heading: bool) {
        self.list.push(Block {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            own: 0,
            heading,
        });
    }

    /// A paragraph wrapped mid-sentence: the next line joins the last
    /// block, with a space between two ASCII characters (as the Markdown
    /// reader joins them).
    fn join_last(&mut self, source: &str, next: Range<usize>) -> Option<()> {
        let next = source.get(next)?;
        let block = self.list.last_mut()?;
        if block.own == 0 {
            let text = source.get(block.start as usize..block.end as usize)?;
            self.own.push(text.to_string());
            block.own = u32::try_from(self.own.len()).ok()?;
        }
        let text = self.own.get_mut(block.own as usize - 1)?;
        let ascii_before = text.chars().next_back().is_some_and(|c| c.is_ascii());
        let ascii_after = next.chars().next().is_some_and(|c| c.is_ascii());
        if ascii_before && ascii_after {
            text.push(' ');
        }
        text.push_str(next);
        Some(())
    }

    fn get(&self, i: usize) -> Option<&Block> {
        self.list.get(i)
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// Block `i`'s source bytes, when its text is a slice of the source.
    fn range(&self, i: usize) -> Option<Range<usize>> {
        self.get(i)
            .filter(|b| b.own == 0)
            .map(|b| b.start as usize..b.end as usize)
    }
}

/// Read one line (starting at byte `at`) if it is plain.
fn line(raw: &str, at: usize) -> Option<Line> {
    if raw.is_empty() {
        return Some(Line::Blank);
    }
    if let Some(rest) = raw.strip_prefix('#') {
        let hashes = 1 + rest.len() - rest.trim_start_matches('#').len();
        let content = raw.get(hashes..)?.strip_prefix(' ')?;
        let level = u8::try_from(hashes).ok().filter(|l| *l <= 6)?;
        plain_text(content)?;
        let start = at + raw.len() - content.len();
        return Some(Line::Heading(level, start, at + raw.len()));
    }
    // A BOM at a line's start is dropped by the line-end pass the caller
    // runs on a source that is not plain as it is.
    if starts_block(raw) || raw.starts_with('\u{feff}') {
        return None;
    }
    plain_text(raw)?;
    Some(Line::Text(at, at + raw.len()))
}

/// Whether a line's start could open something other than a paragraph:
/// a quote, a list, a rule, a setext underline, a table, HTML, a fence.
fn starts_block(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    if matches!(
        bytes.first(),
        Some(b'>' | b'-' | b'+' | b'=' | b'<' | b'*' | b'_' | b'|' | b'`' | b'~')
    ) {
        return true;
    }
    // An ordered list marker: 1–9 digits, `.` or `)`, then a space or the end.
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && matches!(bytes.get(digits + 1), None | Some(b' '))
}

/// Whether a line's text (a heading's after its `# `) is plain as far as
/// its ends go: not empty, no white space at either end. Its bytes are
/// checked for the whole source at once ([`line_ends`]).
fn plain_text(text: &str) -> Option<()> {
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    (!is_white(first) && !is_white(last)).then_some(())
}

/// Whether every byte of a source is one Markdown reads as text: no
/// emphasis, code, link, escape, entity, strike or pipe marks, no control
/// character but LF, `#` only in the run that opens a line (a heading's,
/// checked line by line in [`line`]), `<` only before a non-ASCII
/// character; and no line end but LF (no NEL, U+2028 or U+2029: the
/// caller makes them LF and reads the source again).
///
/// One pass over the source, not one per line: on a 10 MB regulation of
/// 65 000 lines the per-line checks took about 650 instructions a line,
/// most of them starting and ending the searches of each short line. The
/// pass gives the line ends (LF) it meets, in order; None when the source
/// is not plain. The source is less than 4 GiB (the caller checks).
fn line_ends(bytes: &[u8]) -> Option<Vec<u32>> {
    // Every byte but LF (a line end, gathered by `look` below).
    let plain_at = |i: usize| {
        let b = bytes.get(i).copied().unwrap_or(0);
        match b {
            b'#' => i == 0 || matches!(bytes.get(i - 1), Some(b'\n' | b'#')),
            b'<' => bytes.get(i + 1).is_some_and(|n| *n >= 0x80),
            _ => b >= 0x20 && !SPECIAL[usize::from(b)],
        }
    };
    // Thirty-two bytes at a time: a mask of the ASCII bytes that are not
    // digits (few in Chinese text) from vector compares
    // ([`ascii_but_digits`]); only those bytes are looked at.
    let mut ends = Vec::with_capacity(bytes.len() / 64);
    let mut look = |i: usize| {
        if bytes.get(i) == Some(&b'\n') {
            ends.push(u32::try_from(i).unwrap_or(u32::MAX));
            true
        } else {
            plain_at(i)
        }
    };
    let mut at = 0;
    for run in bytes.as_chunks::<RUN>().0 {
        let mut marks = ascii_but_digits(run);
        while marks != 0 {
            if !look(at + marks.trailing_zeros() as usize) {
                return None;
            }
            marks &= marks - 1;
        }
        at += RUN;
    }
    if !(at..bytes.len()).all(look) {
        return None;
    }
    // NEL is C2 85, U+2028 and U+2029 are E2 80 A8 and E2 80 A9; their
    // lead bytes are rare in Chinese text: one SIMD search.
    let line_end_at = |i: usize| {
        matches!(
            bytes.get(i..).unwrap_or_default(),
            [0xC2, 0x85, ..] | [0xE2, 0x80, 0xA8 | 0xA9, ..]
        )
    };
    (!memchr::memchr2_iter(0xC2, 0xE2, bytes).any(line_end_at)).then_some(ends)
}

/// Bytes [`line_ends`] looks at together.
const RUN: usize = 32;

/// Bit `k` set for each byte `run[k]` that is ASCII but not a digit: two
/// SSE2 compares a half.
#[cfg(target_arch = "x86_64")]
fn ascii_but_digits(run: &[u8; RUN]) -> u32 {
    let (low, high) = run.split_at(RUN / 2);
    // SAFETY: SSE2 is part of every x86-64 CPU (the target's baseline).
    unsafe { ascii_but_digits_sse2(low) | ascii_but_digits_sse2(high) << 16 }
}

/// [`ascii_but_digits`] of the first 16 bytes of `bytes` (0 when shorter).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn ascii_but_digits_sse2(bytes: &[u8]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_set1_epi8,
        _mm_sub_epi8,
    };
    let Some(bytes) = bytes.first_chunk::<16>() else {
        return 0;
    };
    // SAFETY: an unaligned load of the 16 bytes of a 16-byte array.
    let v = unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) };
    // The byte minus b'0' is at most 9 (as unsigned) only for a digit.
    let from_0 = _mm_sub_epi8(v, _mm_set1_epi8(0x30));
    let digit = _mm_cmpeq_epi8(_mm_min_epu8(from_0, _mm_set1_epi8(9)), from_0);
    let non_ascii = _mm_movemask_epi8(v).cast_unsigned();
    let digits = _mm_movemask_epi8(digit).cast_unsigned();
    !(non_ascii | digits) & 0xFFFF
}

/// Bit `k` set for each byte `run[k]` that is ASCII but not a digit.
#[cfg(not(target_arch = "x86_64"))]
fn ascii_but_digits(run: &[u8; RUN]) -> u32 {
    let mut marks = 0u32;
    for (k, &b) in run.iter().enumerate() {
        marks |= u32::from(b < 0x80 && !b.is_ascii_digit()) << k;
    }
    marks
}

/// ASCII bytes that Markdown may read as markup inside a line.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let marks = b"\\`*_[]&~|#\x7f";
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
};

/// Grouping blocks into title, preamble, clauses and closing: the rules of
/// `draft::assemble`, on blocks that borrow the source. The units are made
/// as the blocks are read, each clause when the next one starts.
struct Reader<'a> {
    all: &'a Arc<Backing>,
    blocks: &'a Blocks,
    /// Where `责任单位` is in the source (found in one pass): a block
    /// without it needs no search for responsible units.
    units_places: Vec<usize>,
    /// Whether the source has a `"` anywhere (one SIMD search): a line of
    /// a source without one is written to JSON as it is.
    quotes: bool,
}

/// A block's clause label: style, number, and where it is in the text.
#[derive(Debug, Clone, Copy)]
struct Mark {
    style: LabelStyle,
    number: u32,
    start: usize,
    end: usize,
}

/// A clause while it is read: its label and its blocks (one run of them).
struct Group {
    label: Mark,
    blocks: Range<usize>,
}

/// What is read so far of a side: its units, and the blocks that wait
/// for what comes next to know what they are.
struct Assembly {
    units: Vec<Unit>,
    preamble: Vec<usize>,
    /// Whether the preamble's unit is made (at the first clause).
    preamble_done: bool,
    /// Blocks after a clause that are not part of it: sections when a
    /// clause follows, else the closing.
    outside: Vec<usize>,
    /// The clause being read.
    open: Option<Group>,
    clauses: usize,
}

impl<'a> Reader<'a> {
    fn new(all: &'a Arc<Backing>, blocks: &'a Blocks) -> Reader<'a> {
        Reader {
            all,
            blocks,
            units_places: units_places(all),
            quotes: memchr::memchr(b'"', all.as_bytes()).is_some(),
        }
    }

    fn text(&self, i: usize) -> &str {
        match self.blocks.get(i) {
            Some(b) if b.own == 0 => self
                .all
                .get(b.start as usize..b.end as usize)
                .unwrap_or_default(),
            Some(b) => self
                .blocks
                .own
                .get(b.own as usize - 1)
                .map_or("", String::as_str),
            None => "",
        }
    }

    fn heading(&self, i: usize) -> bool {
        self.blocks.get(i).is_some_and(|b| b.heading)
    }

    /// Block `i`'s clause label, if it starts with one.
    fn label(&self, i: usize) -> Option<Mark> {
        label_at(self.text(i)).map(|(style, number, start, end)| Mark {
            style,
            number,
            start,
            end,
        })
    }

    /// Block `i`'s text as a [`Text`] of its own (titles, sections and
    /// the like are short; a copy lets the source go when no clause text
    /// is a slice of it).
    fn own(&self, i: usize) -> Text {
        Text::from(self.text(i).to_string())
    }

    /// The blocks' texts joined with newlines: a slice of the source when
    /// they are whole lines one after the other.
    fn joined(&self, blocks: Range<usize>) -> Text {
        let mut span: Option<Range<usize>> = None;
        for i in blocks.clone() {
            span = match (span, self.blocks.range(i)) {
                (None, Some(r)) => Some(r),
                (Some(s), Some(r)) if s.end + 1 == r.start => Some(s.start..r.end),
                _ => {
                    let texts: Vec<&str> = blocks.map(|i| self.text(i)).collect();
                    return Text::from(texts.join("\n"));
                }
            };
        }
        span.map_or_else(Text::default, |r| Text::shared(self.all, r))
    }

    /// The blocks' texts joined with newlines, as a string of its own.
    fn own_joined(&self, blocks: &[usize]) -> Text {
        let texts: Vec<&str> = blocks.iter().map(|&i| self.text(i)).collect();
        Text::from(texts.join("\n"))
    }

    /// Whether block `i` may hold `责任单位` (a joined block always may).
    fn may_hold_units(&self, i: usize) -> bool {
        match self.blocks.range(i) {
            Some(r) => {
                let k = self.units_places.partition_point(|&at| at < r.start);
                self.units_places.get(k).is_some_and(|&at| at < r.end)
            }
            None => true,
        }
    }

    /// The title: the first heading before the first numbered block, else
    /// the first paragraph there.
    fn title_index(&self) -> Option<usize> {
        let mut paragraph = None;
        for i in 0..self.blocks.len() {
            if self.label(i).is_some() {
                break;
            }
            if self.heading(i) {
                return Some(i);
            }
            paragraph = paragraph.or(Some(i));
        }
        paragraph
    }

    /// The top-level numbering style (see `draft::top_style`): the first
    /// style that is not a minor one, else the first style.
    fn top_style(&self, title_at: Option<usize>) -> Option<LabelStyle> {
        let minor = |s: LabelStyle| matches!(s, LabelStyle::Paren | LabelStyle::Circled);
        let mut first = None;
        for i in (0..self.blocks.len()).filter(|&i| Some(i) != title_at) {
            if let Some(style) = self.label(i).map(|l| l.style) {
                if !minor(style) {
                    return Some(style);
                }
                first = first.or(Some(style));
            }
        }
        first
    }

    fn side(self, name: &str) -> Side {
        let title_at = self.title_index();
        let top = self.top_style(title_at);
        let title = title_at.map(|i| self.own(i)).unwrap_or_default();
        // Where the run of short lines at the end starts (`draft::assemble`).
        let items_from = short_tail(self.blocks.len(), |i| {
            !self.heading(i) && attachment_item(self.text(i))
        });
        let mut units = Vec::with_capacity(self.blocks.len() + 3);
        // Made present at once: page by page, these were a third of a
        // 1 MB diff's page faults.
        crate::prefault::spare(&mut units);
        let mut a = Assembly {
            units,
            preamble: Vec::new(),
            preamble_done: false,
            outside: Vec::new(),
            open: None,
            clauses: 0,
        };
        if !title.is_empty() {
            a.units
                .push(Unit::plain(Part::Title, title.clone()).one_plain_line());
        }
        let mut place = Place::Preamble;
        for i in 0..self.blocks.len() {
            if Some(i) == title_at {
                continue;
            }
            let found = if place == Place::Closing {
                None
            } else {
                self.label(i)
            };
            // A labelled block never starts with 附件; only short items
            // follow the attachments' line.
            if found.is_none()
                && matches!(place, Place::Clause | Place::Outside)
                && !self.heading(i)
                && opens_attachments(self.text(i), i, items_from)
            {
                place = Place::Closing;
            }
            if place == Place::Closing {
                a.outside.push(i);
                continue;
            }
            let ends_clause =
                found.is_none() && (self.heading(i) || division_heading(self.text(i)));
            let previous = a.open.as_ref().map(|g| g.label.number);
            let label = found.filter(|l| {
                Some(l.style) == top
                    && !is_cross_reference(self.text(i), l.style, l.number, l.end, previous)
            });
            if let Some(label) = label {
                self.start_clause(&mut a, label, i);
                place = Place::Clause;
                continue;
            }
            match place {
                Place::Clause if !ends_clause => {
                    // A clause's blocks follow one another (the title
                    // comes before the first clause).
                    if let Some(g) = a.open.as_mut() {
                        g.blocks.end = i + 1;
                    }
                }
                Place::Clause | Place::Outside => {
                    place = Place::Outside;
                    a.outside.push(i);
                }
                Place::Closing => a.outside.push(i),
                Place::Preamble => a.preamble.push(i),
            }
        }
        self.finish(a, name, title)
    }

    /// A clause starts at block `i`: the one before is made, then the
    /// preamble (before the first clause) or the sections between.
    fn start_clause(&self, a: &mut Assembly, label: Mark, i: usize) {
        if let Some(g) = a.open.take() {
            a.units.push(self.clause(&g));
        }
        if !a.preamble_done {
            a.preamble_done = true;
            if !a.preamble.is_empty() {
                a.units.push(
                    Unit::plain(Part::Preamble, self.own_joined(&a.preamble)).one_plain_line(),
                );
            }
        }
        for k in std::mem::take(&mut a.outside) {
            a.units
                .push(Unit::plain(Part::Section, self.own(k)).one_plain_line());
        }
        a.clauses += 1;
        a.open = Some(Group {
            label,
            blocks: i..i + 1,
        });
    }

    /// The last clause (without the blocks after its funding line), the
    /// closing, and the side.
    fn finish(&self, mut a: Assembly, name: &str, title: Text) -> Side {
        let mut closing = Vec::new();
        if let Some(mut g) = a.open.take() {
            closing = self.after_funding(&mut g.blocks);
            let mut signed = self.closing_tail(&mut g.blocks);
            signed.append(&mut closing);
            closing = signed;
            a.units.push(self.clause(&g));
        }
        closing.append(&mut a.outside);
        if !a.preamble_done && !a.preamble.is_empty() {
            a.units
                .push(Unit::plain(Part::Preamble, self.own_joined(&a.preamble)).one_plain_line());
        }
        if !closing.is_empty() {
            a.units
                .push(Unit::plain(Part::Closing, self.own_joined(&closing)).one_plain_line());
        }
        // Summed as `Draft::funding_total_wan` sums.
        let funding_total_wan = a
            .units
            .iter()
            .filter(|u| u.part == Part::Clause)
            .filter_map(|u| u.funding_wan())
            .sum();
        Side {
            name: name.to_string(),
            title: title.to_string(),
            clauseless: a.clauses == 0 && (!a.preamble.is_empty() || !closing.is_empty()),
            units: a.units,
            funding_total_wan,
            keys_ahead: super::units::KeysAhead::default(),
        }
    }

    /// Take a trailing run of closing lines (落款 and date) out of the
    /// last clause, as `draft::closing_tail` does; its first block stays.
    fn closing_tail(&self, blocks: &mut Range<usize>) -> Vec<usize> {
        let run = (blocks.start + 1..blocks.end)
            .rev()
            .take_while(|&i| !self.heading(i) && is_closing_line(self.text(i)))
            .count();
        let cut = blocks.end - run;
        let tail = (cut..blocks.end).collect();
        blocks.end = cut;
        tail
    }

    /// Take the blocks after the last clause's funding line out of it.
    fn after_funding(&self, blocks: &mut Range<usize>) -> Vec<usize> {
        let funding = blocks
            .clone()
            .rposition(|i| field_value(self.text(i), FUNDING).is_some());
        match funding {
            Some(k) if k > 0 => {
                let cut = blocks.start + k + 1;
                let after = (cut..blocks.end).collect();
                blocks.end = cut;
                after
            }
            _ => Vec::new(),
        }
    }

    /// A clause's unit, as `Unit::from_clause` makes it from the parsed clause.
    fn clause(&self, group: &Group) -> Unit {
        let text = self.joined(group.blocks.clone());
        let first = self.text(group.blocks.start);
        let rest = trim_space_start(first.get(group.label.end..).unwrap_or_default());
        let units_first = self.may_hold_units(group.blocks.start);
        let title = if units_first {
            title_span(rest)
        } else {
            title_without_units(rest)
        };
        let label = first
            .get(group.label.start..group.label.end)
            .unwrap_or_default();
        // The clause text starts with its first block's text: the title is
        // at the same bytes in both.
        let title = match (title.as_ptr() as usize)
            .checked_sub(first.as_ptr() as usize)
            .filter(|at| at + title.len() <= first.len())
        {
            Some(at) => text.part(at..at + title.len()),
            None => Text::from(title.to_string()),
        };
        let mut unit = Unit::clause_parts(group.label.number, title, label_len(&text, label), text);
        unit.fields = self.fields(group, units_first);
        // One block is one line (joined lines are joined without a line
        // end), and a plain source has no control character or backslash.
        unit.escapes = match (group.blocks.len() == 1, self.quotes) {
            (true, true) => Escapes::QuotesAtMost,
            (true, false) => Escapes::Nothing,
            (false, _) => Escapes::Unknown,
        };
        unit
    }

    /// A clause's 责任单位, 政策来源 and 新增资金测算, as the parsed clause
    /// has them; None when it has none (most clauses: nothing is made).
    /// `units_first`: whether the first block may hold units.
    fn fields(&self, group: &Group, units_first: bool) -> Option<Box<Fields>> {
        let mut fields: Option<Box<Fields>> = None;
        for i in group.blocks.clone() {
            let t = self.text(i);
            let may_hold_units = if i == group.blocks.start {
                units_first
            } else {
                self.may_hold_units(i)
            };
            // Every paragraph's units count, each once, in order (tester5 H4).
            if may_hold_units && let Some(units) = units_of(t) {
                add_units(&mut fields.get_or_insert_default().responsible_units, units);
            }
            // A block that starts with its clause's label starts with
            // neither white space nor a field's name.
            if i == group.blocks.start && group.label.start == 0 {
                continue;
            }
            if let Some(value) = field_value(t, SOURCES) {
                let sources = &mut fields.get_or_insert_default().sources;
                sources.extend(split_top(value, &['、']));
            }
            if let Some(value) = field_value(t, FUNDING) {
                add_funding(
                    &mut fields.get_or_insert_default().funding_wan,
                    parse_funding(value).0,
                );
            }
        }
        fields.filter(|f| **f != Fields::default())
    }
}

/// `text` without the white space at its start ([`is_space`]): the
/// full-width space after a `第N条` label and ASCII spaces looked at as
/// bytes, anything else as characters.
fn trim_space_start(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = match rest.as_bytes() {
            [0xE3, 0x80, 0x80, ..] => rest.get(3..).unwrap_or_default(),
            [b' ' | b'\t', ..] => rest.get(1..).unwrap_or_default(),
            // An ideograph, a digit or a letter: no white space.
            [0xE4..=0xE9, ..] | [b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z', ..] | [] => return rest,
            _ => return rest.trim_start_matches(is_space),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Preamble,
    Clause,
    Outside,
    /// From an 附件 line after the clauses on (`draft::is_attachment_line`).
    Closing,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::draft::Draft;

    /// The side the Markdown reading gives.
    fn parsed(md: &str) -> Side {
        Side::from_draft("d.md", Draft::parse(md))
    }

    /// The quick side, if the source is plain; equal to the parsed one.
    fn check(md: &str) -> bool {
        match side("d.md", md.to_string()) {
            Ok(quick) => {
                assert_eq!(quick, parsed(md), "source:\n{md}");
                true
            }
            Err(back) => {
                assert_eq!(back, md);
                false
            }
        }
    }

    const V1: &str = include_str!("../../drafts/v1.md");
    const SEED: &str = include_str!("../../tests/fixtures/seed.txt");

    const STOCK: [&str; 6] = [
        "市科技局会同有关部门做好相关工作",
        "各县级市（区）人民政府<管委会>应当按照本规定落实配套资金",
        "对符合条件的企业给予最高300万元资助",
        "资助资金按照1:1比例由市、区两级财政共同承担",
        "对年度考核优秀的给予10%～30%的奖励",
        "支持高校、科研院所与企业共建新型研发机构",
    ];

    /// A regulation one clause a line, as the benchmark writes it.
    fn regulation(clauses: usize) -> String {
        let mut md = String::from("# 苏州市科技创新促进条例\n\n（征求意见稿）\n\n");
        for i in 0..clauses {
            let a = STOCK[i % STOCK.len()];
            let b = STOCK[(i * 7 + 3) % STOCK.len()];
            md.push_str(&format!("第{}条　{a}；{b}。\n", i + 1));
        }
        md
    }

    #[test]
    fn plain_side_is_the_parsed_side() {
        assert!(check(&regulation(40)));
        assert!(check(V1), "the Suzhou draft is plain text");
        let at = SEED.find("附件2：").unwrap_or(0);
        check(SEED.get(at..).unwrap_or_default());
        check(SEED);
        for md in [
            "",
            "\n\n",
            "# 标题\n",
            "关于征求意见的函\n\n各有关单位：\n\n请于5月26日前反馈。\n",
            "# 管理办法\n\n第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于全市。\n\n第十条 本办法自2024年1月1日起施行。\n",
            "# 办法\n\n## 第一条 总则\n\n为了规范管理。\n\n## 第二条 适用范围\n\n本办法适用于全市。\n\n## 附则\n\n本办法由市科技局负责解释。\n",
            "# 若干措施\n\n为了……，制定本措施。\n\n一、加强组织领导。各部门要……\n\n（一）建立机制。\n\n（二）明确分工。（责任单位：市发改委、市财政局）\n\n二、强化资金保障。\n\n新增资金测算：12.5万元\n\n三、附则。本措施自印发之日起施行。\n",
            "1.支持研发创新，对符合条件的企业\n给予支持。具体办法另行制定（责任单位：市科技局、\n市财政局）\n新增资金测算：100万元\n",
            "1.支持研发。\n\n责任单位：市科技局、市工信局。\n",
            "（一）甲。\n\n（二）乙。\n",
            "①甲。\n\n②乙。\n\n1.丙。\n\n①丁。\n",
            "1.甲。（责任单位：市科技局，各县级市（区）人民政府<管委会>）\n",
            "标题\n1.a\nb 2\n3 c\n2.d\n新增资金测算：5万元\n附则。\n## 附件\n名单\n",
            "1.甲\n新增资金测算：1万元\n政策来源：《甲、乙》、丙\n新增资金测算：待定\n尾。\n",
            "A\nB\n\nC\nD",
            "1.甲\n## 章\n乙\n2.丙\n",
            "# 办法\n\n第一章　总则\n\n第一条　甲。\n\n第二章　附则\n\n第二条　乙。\n",
            "第一条　甲。\n第二章　附则\n第二条　乙\n第三节\n丙\n",
            "第一条　甲。\n\n第二条　乙：\n\n第一条规定的企业，可以申请。\n\n第三条　丙。\n",
            "第一条　甲\n第一条规定的\n第二条乙\n",
            "# 办法\n\n第一条　甲。\n第二条　乙。\n\n苏州市科学技术局\n2026年11月1日\n",
            "第一条　甲。\n苏州市科学技术局（盖章）\n\n2026年11月1日\n新增资金测算：1万元\n市财政局\n",
            "第一条　甲\n2026年11月1日\n## （一）市财政局\n",
            // An 附件 line after the clauses opens the closing (tester12 M2).
            "1.甲。\n\n2.乙。\n新增资金测算：5万元\n\n附件：1.清单\n2.测算表\n\n苏州市科学技术局\n2026年6月1日\n",
            "第一条　甲。\n附件1：名单\n第二条　乙。\n",
            "第一条　甲。\n附件1所列项目可以申请。\n第二条　乙。\n",
            "第一条　甲。\n## 附件：名单\n第二条　乙。\n",
            "1.甲。\n附件：项目清单\n2.乙。（责任单位：市发改委）\n新增资金测算：200万元\n",
            "1.甲。\n附件：清单\n2.测算表\n3.乙。\n",
        ] {
            check(md);
        }
        for dir in [
            "tests/fixtures/cases/text",
            "/work/shared/cases/2026-11-30/text",
        ] {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    check(&text);
                }
            }
        }
    }

    #[test]
    fn ascii_bytes_but_digits_are_marked() {
        for b in 0..=255u8 {
            for at in 0..RUN {
                let mut run = [0xE4u8; RUN];
                run[(at + 1) % RUN] = b'7';
                run[at] = b;
                let want = u32::from(b < 0x80 && !b.is_ascii_digit()) << at;
                assert_eq!(ascii_but_digits(&run), want, "{b:02x} at {at}");
            }
        }
    }

    #[test]
    fn markdown_is_not_plain() {
        for md in [
            "1. 甲\n",
            "- 甲\n",
            "甲\n---\n",
            "甲\n===\n",
            "**甲**\n",
            "    甲\n",
            "甲  \n乙\n",
            "| a |\n|---|\n",
            "<p>甲</p>\n",
            "甲<b>乙\n",
            "> 甲\n",
            "甲\\\n乙\n",
            "a &amp; b\n",
            "#标题\n",
            "####### 七\n",
            "　甲\n",
            "甲\t乙\n",
            // A heading's closing run, `#` in its text, `<` at a line's end
            // and a source's end (read in one pass over the source).
            "# 标题 #\n",
            "# 标题#二\n",
            "第一条　甲<\n乙\n",
            "第一条　甲<",
            "第一条　甲\u{2028}乙\n",
        ] {
            assert!(side("d.md", md.to_string()).is_err(), "{md:?}");
            check(md);
        }
    }

    /// A mark anywhere in a long line of Chinese text is seen, whether the
    /// 32 bytes around it are otherwise all Chinese or not.
    #[test]
    fn a_mark_is_seen_at_every_place_of_a_run() {
        let line = "第一条　对新认定的高新技术企业给予一次性奖励并支持共建研发机构";
        for mark in ["*", "_", "`", "\\", "&", "\u{1}"] {
            for at in line.char_indices().map(|(i, _)| i) {
                let (a, b) = line.split_at(at);
                let md = format!("{a}{mark}{b}\n");
                assert!(side("d.md", md.clone()).is_err(), "{md:?}");
            }
        }
        assert!(side("d.md", format!("{line}\n")).is_ok());
    }

    #[test]
    fn clause_texts_share_the_source() {
        let md = regulation(3);
        let s = side("d.md", md.clone()).unwrap_or_else(|_| panic!("plain"));
        let clause = s.units.iter().find(|u| u.part == Part::Clause);
        let text = clause.map(|u| u.text.as_str()).unwrap_or_default();
        assert!(md.contains(text) && !text.is_empty());
        assert!(clause.is_some_and(|u| u.text.slice(&u.title) == u.title));
    }

    /// Memory bound by counting: on a long regulation no unit, title or
    /// text, owns a copy — all are slices of the one source — and the
    /// side is a few dozen bytes a clause besides the source.
    #[test]
    fn long_regulation_units_copy_no_text() {
        let md = regulation(2000);
        let s = side("d.md", md).unwrap_or_else(|_| panic!("plain"));
        let clauses: Vec<&Unit> = s.units.iter().filter(|u| u.part == Part::Clause).collect();
        assert_eq!(clauses.len(), 2000);
        let first = &clauses[0].text;
        for u in &clauses {
            assert!(
                u.text.shares(first) && u.title.shares(first),
                "{:?}",
                u.text
            );
            assert!(u.responsible_units().is_empty() && u.sources().is_empty());
        }
        assert!(std::mem::size_of::<Unit>() <= 160);
    }

    /// Work bound by counting: in a 2000-clause regulation with 20
    /// clauses edited, only those 20 entries are split into more than one
    /// segment; every other entry is one `equal` segment that is the clause
    /// text itself (a borrowed slice of the source: nothing tokenised or
    /// copied), so the output grows with the edits, not the draft.
    #[test]
    fn only_the_edited_clauses_are_redlined() {
        let old_md = regulation(2000);
        let new_md: String = old_md
            .lines()
            .enumerate()
            .map(|(i, l)| match i % 100 {
                50 => format!("{}\n", l.replacen("。", "，并报市政府备案。", 1)),
                _ => format!("{l}\n"),
            })
            .collect();
        let old = side("a", old_md).unwrap_or_else(|_| panic!("plain"));
        let new = side("b", new_md).unwrap_or_else(|_| panic!("plain"));
        let d = crate::diff::diff_sides(&old, &new, crate::diff::By::Char);
        assert_eq!(d.summary.modified, 20);
        let split: Vec<_> = d.clauses.iter().filter(|c| c.segments.len() > 1).collect();
        assert_eq!(split.len(), 20);
        for c in d.clauses.iter().filter(|c| c.segments.len() == 1) {
            let (Some(u), Some(seg)) = (c.old, c.segments.first()) else {
                panic!("an unchanged entry has its clause");
            };
            assert!(std::ptr::eq(seg.text, u.text.as_str()));
        }
        let segments: usize = d.clauses.iter().map(|c| c.segments.len()).sum();
        assert!(segments <= d.clauses.len() + 20 * 4, "{segments}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn any_plain_text_reads_as_markdown_does(
            md in "([#]{1,2} |第[一二1-3]条|第[一二]章|市财政局|2026年1月1日|[1-3][.、．]|（[一二]）|①|新增资金测算：|政策来源：|责任单位：|\u{feff})?[甲乙丙。；，、（）()<>《》：:a-c 0-9　万元亿等“”\u{85}\u{2028}\u{2029}\r]{0,12}(\n{1,2}(([#]{1,2} |第[一二1-3]条|第[一二]章|市财政局|2026年1月1日|[1-3][.、]|（[一二]）|新增资金测算：|政策来源：)?[甲乙丙。；，、（）()<>《》：a-c 0-9万元等]{0,12})){0,8}"
        ) {
            check(&md);
        }

        /// Markdown's marks and control characters anywhere on a line,
        /// and `#` and `<` at a line's ends: the source's bytes are checked
        /// in one pass ([`line_ends`]), which must refuse what the
        /// line-by-line reading would (tester-found shapes: `#` mid-line,
        /// `<` at a line's end, a tab).
        #[test]
        fn markup_anywhere_reads_as_markdown_does(
            md in "([#]{1,7} ?|第[一1]条)?[甲乙。<>#*_`~|&\\\\\\[\\]\t 1a]{0,8}(\n{1,2}([#]{1,3} ?)?[甲乙。<>#*_\\\\\\[\\]\t 1a]{0,8}){0,6}"
        ) {
            check(&md);
        }

        /// 责任单位 anywhere in a line, in brackets or not: the quick
        /// reading's one-pass search for it must find what the parser finds.
        #[test]
        fn responsible_units_anywhere_read_as_markdown_does(
            md in "(第[一二1-3]条|[1-3][.、])?[甲乙。，、]{0,4}((（|\\()?责任单位[：:][市甲乙、，]{0,6}(）|\\))?)?[甲。]{0,3}(\n{1,2}(第[一二1-3]条|[1-3][.、])?[甲乙。]{0,4}((（|\\()?责任单位[：:][市甲乙、，]{0,6}(）|\\))?)?[甲。]{0,3}){0,6}"
        ) {
            check(&md);
        }
    }
}
