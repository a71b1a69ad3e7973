//! Inline redline inside two aligned texts, in three passes:
//!
//! 1. lines (paragraphs), then sentences inside replaced lines — so a long
//!    clause is never diffed character by character as a whole;
//! 2. tokens inside replaced sentences ([`super::tokens`]): a number with
//!    its sign, percent and range, the unit after it, a date, a 《》 title,
//!    an item of a 、 list, a Latin word — each whole; every other CJK
//!    character and punctuation mark on its own (`--by char` and
//!    `--by word`); nothing finer than lines (`--by line`);
//! 3. a semantic clean-up: a short equal island between two edits, no
//!    longer than the edit on either side, is folded into them, so that a
//!    rewritten sentence reads as one replaced span while
//!    “最高300万元”→“最高500万元” shows the number whole: 300→500;
//! 4. a lossless tidy-up ([`tidy`]): the text an edit's two sides start or
//!    end with is given back to the equal text, and an insertion or a
//!    deletion is slid to where it starts and ends on token boundaries —
//!    never cutting a number, unit, date, 《》 title or Latin word, nor a
//!    name listed on both sides — so 市科技局 → 市科技局、市财政局 reads
//!    `市科技局{+、市财政局+}`; an edit that starts with a number's unit
//!    takes the number with it (`[-3年-]{+3个月+}`).
//!
//! Every segment is a slice of the old or the new text: the equal and
//! deleted segments concatenate to the old text and the equal and inserted
//! segments to the new one, exactly. No time limit is used.

use std::cell::OnceCell;
use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::model::{Op, Segment};
use super::tokens::{Kind, kinded_tokens, tokens};

/// How fine the redline goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// Meaningful units whole (numbers, units, dates, titles, list items,
    /// Latin words); other CJK characters and punctuation one by one.
    #[default]
    Char,
    /// The same cut as `Char` (kept for the `--by word` flag).
    Word,
    /// Whole lines only.
    Line,
}

/// The redline of `old` against `new`.
pub fn redline<'a>(old: &'a str, new: &'a str, by: By) -> Vec<Segment<'a>> {
    if old == new {
        return one(Op::Equal, old);
    }
    let mut pieces = Vec::new();
    diff_lines(old, new, 0..old.len(), 0..new.len(), by, &mut pieces);
    let sides = Sides {
        old,
        new,
        old_cuts: OnceCell::new(),
        new_cuts: OnceCell::new(),
    };
    let tokens = (by != By::Line).then_some(&sides);
    let mut groups = cleanup(group(old, new, &pieces), tokens);
    if let Some(sides) = tokens {
        groups = tidy(sides, groups);
    }
    segments(old, new, &groups)
}

/// The redline of two clauses whose labels (`5.` → `6.`) are diffed apart
/// from their bodies, so a renumbering shows as one replaced label.
pub fn redline_labelled<'a>(
    old: &'a str,
    old_label: usize,
    new: &'a str,
    new_label: usize,
    by: By,
) -> Vec<Segment<'a>> {
    let (Some((ol, ob)), Some((nl, nb))) = (split(old, old_label), split(new, new_label)) else {
        return redline(old, new, by);
    };
    let body = redline(ob, nb, by);
    if ol != nl {
        let mut out = one(Op::Delete, ol);
        out.extend(one(Op::Insert, nl));
        out.extend(body);
        return out;
    }
    // Same label: join it to the body's first equal run (both are slices
    // of `old`, one after the other).
    let mut out = one(Op::Equal, ol);
    let mut rest = body.into_iter().peekable();
    if let Some(first) = rest.next_if(|s| s.op == Op::Equal)
        && let Some(joined) = old.get(..ol.len() + first.text.len())
    {
        out = vec![Segment {
            op: Op::Equal,
            text: joined,
        }];
    } else if ol.is_empty() {
        out.clear();
    }
    out.extend(rest);
    out
}

fn split(text: &str, at: usize) -> Option<(&str, &str)> {
    Some((text.get(..at)?, text.get(at..)?))
}

/// All of `text` as one segment (none when empty).
pub fn one(op: Op, text: &str) -> Vec<Segment<'_>> {
    if text.is_empty() {
        Vec::new()
    } else {
        vec![Segment { op, text }]
    }
}

/// A diff result before clean-up: ranges in the old and the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
}

/// Byte ranges of the units of `text[range]` cut by `cut`.
fn units(text: &str, range: Range<usize>, cut: fn(&str) -> usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let rest = text.get(pos..range.end).unwrap_or_default();
        let len = cut(rest).clamp(1, rest.len().max(1));
        out.push(pos..pos + len);
        pos += len;
    }
    out
}

/// Diff the units of two ranges; call `deeper` on every replaced region.
fn diff_units(
    old: &str,
    new: &str,
    ou: &[Range<usize>],
    nu: &[Range<usize>],
    out: &mut Vec<Piece>,
    mut deeper: impl FnMut(Range<usize>, Range<usize>, &mut Vec<Piece>),
) {
    let os: Vec<&str> = ou
        .iter()
        .map(|r| old.get(r.clone()).unwrap_or_default())
        .collect();
    let ns: Vec<&str> = nu
        .iter()
        .map(|r| new.get(r.clone()).unwrap_or_default())
        .collect();
    for op in capture_diff_slices(Algorithm::Myers, &os, &ns) {
        let (tag, o, n) = op.as_tag_tuple();
        let orange = span(ou, o);
        let nrange = span(nu, n);
        match tag {
            DiffTag::Equal => out.push(Piece {
                equal: true,
                old: orange,
                new: nrange,
            }),
            DiffTag::Replace => deeper(orange, nrange, out),
            _ => out.push(Piece {
                equal: false,
                old: orange,
                new: nrange,
            }),
        }
    }
}

/// The byte range covered by units `idx` (an empty range at the right
/// place when `idx` is empty).
fn span(units: &[Range<usize>], idx: Range<usize>) -> Range<usize> {
    let fallback = units.first().map(|r| r.start).unwrap_or(0);
    if idx.is_empty() {
        let at = units
            .get(idx.start)
            .map(|r| r.start)
            .or_else(|| units.last().map(|r| r.end))
            .unwrap_or(fallback);
        return at..at;
    }
    let start = units.get(idx.start).map(|r| r.start).unwrap_or(fallback);
    let end = units.get(idx.end - 1).map(|r| r.end).unwrap_or(start);
    start..end
}

fn diff_lines(
    old: &str,
    new: &str,
    o: Range<usize>,
    n: Range<usize>,
    by: By,
    out: &mut Vec<Piece>,
) {
    let ou = units(old, o.clone(), line_len);
    let nu = units(new, n.clone(), line_len);
    if ou.is_empty() || nu.is_empty() {
        out.push(Piece {
            equal: false,
            old: o,
            new: n,
        });
        return;
    }
    diff_units(old, new, &ou, &nu, out, |o, n, out| {
        if by == By::Line {
            out.push(Piece {
                equal: false,
                old: o,
                new: n,
            });
        } else {
            diff_sentences(old, new, o, n, by, out);
        }
    });
}

fn diff_sentences(
    old: &str,
    new: &str,
    o: Range<usize>,
    n: Range<usize>,
    by: By,
    out: &mut Vec<Piece>,
) {
    let ou = units(old, o, sentence_len);
    let nu = units(new, n, sentence_len);
    diff_units(old, new, &ou, &nu, out, |o, n, out| {
        diff_tokens(old, new, o, n, by, out);
    });
}

fn diff_tokens(
    old: &str,
    new: &str,
    o: Range<usize>,
    n: Range<usize>,
    by: By,
    out: &mut Vec<Piece>,
) {
    let _ = by;
    let ou = tokens(old, o.clone());
    let nu = tokens(new, n.clone());
    if ou.is_empty() || nu.is_empty() {
        out.push(Piece {
            equal: false,
            old: o,
            new: n,
        });
        return;
    }
    diff_units(old, new, &ou, &nu, out, |o, n, out| {
        out.push(Piece {
            equal: false,
            old: o,
            new: n,
        });
    });
}

/// A line with its `\n`.
fn line_len(s: &str) -> usize {
    s.find('\n').map(|i| i + 1).unwrap_or(s.len())
}

/// A sentence: up to and including 。！？；!?; (and closing quotes or
/// brackets right after), or to the end of the line.
fn sentence_len(s: &str) -> usize {
    let mut end = None;
    for (i, c) in s.char_indices() {
        match end {
            None => {
                if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
                    end = Some(i + c.len_utf8());
                } else if c == '\n' {
                    return i + 1;
                }
            }
            Some(e) => {
                if matches!(c, '”' | '’' | '」' | '』' | '）' | ')') {
                    end = Some(i + c.len_utf8());
                } else {
                    return e;
                }
            }
        }
    }
    end.unwrap_or(s.len())
}

/// A run of equal text, or an edit (deleted and inserted ranges, either
/// possibly empty), with lengths in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Group {
    Equal {
        old: Range<usize>,
        new: Range<usize>,
        chars: usize,
    },
    Edit {
        old: Range<usize>,
        new: Range<usize>,
        del: usize,
        ins: usize,
        /// Only white space or character widths differ: never folded into
        /// a neighbouring edit, so it can be shown as a format change.
        format: bool,
    },
}

/// Merge the pieces into alternating equal and edit groups.
fn group(old: &str, new: &str, pieces: &[Piece]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for p in pieces {
        if p.old.is_empty() && p.new.is_empty() {
            continue;
        }
        let g = if p.equal {
            Group::Equal {
                old: p.old.clone(),
                new: p.new.clone(),
                chars: count(old, &p.old),
            }
        } else {
            Group::Edit {
                old: p.old.clone(),
                new: p.new.clone(),
                del: count(old, &p.old),
                ins: count(new, &p.new),
                format: super::model::same_wording(
                    old.get(p.old.clone()).unwrap_or_default(),
                    new.get(p.new.clone()).unwrap_or_default(),
                ),
            }
        };
        push(&mut out, g);
    }
    out
}

fn count(text: &str, r: &Range<usize>) -> usize {
    text.get(r.clone()).map(|s| s.chars().count()).unwrap_or(0)
}

/// Push a group, joining it with the last one when of the same kind.
fn push(out: &mut Vec<Group>, g: Group) {
    match (out.last_mut(), g) {
        (
            Some(Group::Equal { old, new, chars }),
            Group::Equal {
                old: o,
                new: n,
                chars: c,
            },
        ) => {
            old.end = o.end;
            new.end = n.end;
            *chars += c;
        }
        (
            Some(Group::Edit {
                old,
                new,
                del,
                ins,
                format,
            }),
            Group::Edit {
                old: o,
                new: n,
                del: d,
                ins: i,
                format: f,
            },
        ) => {
            old.end = o.end;
            new.end = n.end;
            *del += d;
            *ins += i;
            *format = *format && f;
        }
        (_, g) => out.push(g),
    }
}

/// Fold every equal island that is no longer than the edit on either side
/// of it into those edits, until none is left (one pass with a stack) —
/// but not one between two figures each replaced by another (`sides`:
/// the texts' tokens, when cut at tokens): `300万元、500万元` →
/// `250万元、600万元` shows two numbers changed, not one span (tester10 M4).
fn cleanup(groups: Vec<Group>, sides: Option<&Sides<'_>>) -> Vec<Group> {
    let mut stack: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups {
        push(&mut stack, g);
        while fold_top(&mut stack, sides) {}
    }
    stack
}

/// If the stack ends with edit, short equal, edit: fold them into one edit.
fn fold_top(stack: &mut Vec<Group>, sides: Option<&Sides<'_>>) -> bool {
    let n = stack.len();
    if n < 3 {
        return false;
    }
    let (Some(a), Some(e), Some(b)) = (stack.get(n - 3), stack.get(n - 2), stack.get(n - 1)) else {
        return false;
    };
    let (
        Group::Edit {
            old: ao,
            new: an,
            del: ad,
            ins: ai,
            format: af,
        },
        Group::Equal { chars, .. },
        Group::Edit {
            old: bo,
            new: bn,
            del: bd,
            ins: bi,
            format: bf,
        },
    ) = (a, e, b)
    else {
        return false;
    };
    if *af || *bf || *chars > *ad.max(ai) || *chars > *bd.max(bi) {
        return false;
    }
    if sides.is_some_and(|s| s.figure_for_figure(ao, an) && s.figure_for_figure(bo, bn)) {
        return false;
    }
    let folded = Group::Edit {
        old: ao.start..bo.end,
        new: an.start..bn.end,
        del: ad + chars + bd,
        ins: ai + chars + bi,
        format: false,
    };
    stack.truncate(n - 3);
    stack.push(folded);
    true
}

/// The tokens of one text, to ask where a redline may cut it.
struct Cuts {
    tokens: Vec<(Range<usize>, Kind)>,
}

impl Cuts {
    fn of(text: &str) -> Cuts {
        Cuts {
            tokens: kinded_tokens(text, 0..text.len()),
        }
    }

    /// The token holding byte `at` (start ≤ at < end).
    fn holding(&self, at: usize) -> Option<&(Range<usize>, Kind)> {
        let i = self.tokens.partition_point(|(r, _)| r.end <= at);
        self.tokens.get(i).filter(|(r, _)| r.start <= at)
    }

    /// The kind of the token strictly around byte `at` (none when a token
    /// starts there).
    fn inside(&self, at: usize) -> Option<Kind> {
        self.holding(at)
            .filter(|(r, _)| r.start < at)
            .map(|(_, k)| *k)
    }

    /// The kind of the token starting at byte `at`.
    fn starting(&self, at: usize) -> Option<Kind> {
        self.holding(at)
            .filter(|(r, _)| r.start == at)
            .map(|(_, k)| *k)
    }

    /// The start of the number token ending at byte `at`.
    fn number_ending(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|(r, _)| r.end < at);
        self.tokens
            .get(i)
            .filter(|(r, k)| r.end == at && *k == Kind::Number)
            .map(|(r, _)| r.start)
    }
}

/// Both texts, and their tokens worked out when first asked for.
struct Sides<'a> {
    old: &'a str,
    new: &'a str,
    old_cuts: OnceCell<Cuts>,
    new_cuts: OnceCell<Cuts>,
}

impl<'a> Sides<'a> {
    fn cuts(&self, new_side: bool) -> &Cuts {
        if new_side {
            self.new_cuts.get_or_init(|| Cuts::of(self.new))
        } else {
            self.old_cuts.get_or_init(|| Cuts::of(self.old))
        }
    }

    fn text(&self, new_side: bool) -> &'a str {
        if new_side { self.new } else { self.old }
    }

    /// Whether an edit may start or end at byte `o` of the old text and
    /// `n` of the new: not inside a number, unit, date, title or Latin
    /// word on either side, nor inside a listed name on both.
    fn may_cut(&self, o: usize, n: usize) -> bool {
        let (ok, nk) = (self.cuts(false).inside(o), self.cuts(true).inside(n));
        let solid = ok.is_some_and(Kind::is_solid) || nk.is_some_and(Kind::is_solid);
        let listed_both = ok == Some(Kind::Item) && nk == Some(Kind::Item);
        !(solid || listed_both)
    }

    /// Whether bytes `o` of the old text and `n` of the new are each one
    /// figure (a number, a date, a numeral in Chinese): one figure
    /// replaced by another.
    fn figure_for_figure(&self, o: &Range<usize>, n: &Range<usize>) -> bool {
        self.one_figure(false, o) && self.one_figure(true, n)
    }

    fn one_figure(&self, new_side: bool, r: &Range<usize>) -> bool {
        !r.is_empty()
            && self.cuts(new_side).holding(r.start).is_some_and(|(t, k)| {
                t == r && matches!(k, Kind::Number | Kind::Date | Kind::Numeral)
            })
    }

    fn equal(&self, o: Range<usize>, n: Range<usize>) -> Group {
        Group::Equal {
            chars: count(self.old, &o),
            old: o,
            new: n,
        }
    }

    fn edit(&self, o: Range<usize>, n: Range<usize>) -> Group {
        Group::Edit {
            del: count(self.old, &o),
            ins: count(self.new, &n),
            old: o,
            new: n,
            format: false,
        }
    }
}

/// Lossless tidy-up of the groups (the texts they rebuild stay the same):
/// the common start and end of each edit's two sides become equal text
/// where a cut is allowed ([`Sides::may_cut`]); an insertion or deletion
/// is slid to the place where it starts and ends on token boundaries; an
/// edit starting with the unit after an unchanged number takes the number.
fn tidy(sides: &Sides<'_>, groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::with_capacity(groups.len() + 2);
    for g in groups {
        match g {
            Group::Edit {
                old: o,
                new: n,
                format: false,
                ..
            } => trim(sides, o, n, &mut out),
            g => push(&mut out, g),
        }
    }
    for i in 0..out.len() {
        slide(sides, &mut out, i);
        take_number(sides, &mut out, i);
    }
    let mut joined = Vec::with_capacity(out.len());
    for g in out {
        let empty = match &g {
            Group::Equal { old, .. } => old.is_empty(),
            Group::Edit { old, new, .. } => old.is_empty() && new.is_empty(),
        };
        if !empty {
            push(&mut joined, g);
        }
    }
    joined
}

/// Byte length of the common start of `a` and `b`.
fn common_start(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Byte length of the common end of `a` and `b`.
fn common_end(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Push the edit `o`→`n` with its common start and end given back to
/// equal text where a cut is allowed.
fn trim(sides: &Sides<'_>, o: Range<usize>, n: Range<usize>, out: &mut Vec<Group>) {
    let a = sides.old.get(o.clone()).unwrap_or_default();
    let b = sides.new.get(n.clone()).unwrap_or_default();
    let mut head = common_start(a, b);
    while head > 0 && !sides.may_cut(o.start + head, n.start + head) {
        head = a.floor_char_boundary(head - 1);
    }
    let (a_rest, b_rest) = (
        a.get(head..).unwrap_or_default(),
        b.get(head..).unwrap_or_default(),
    );
    let mut tail = common_end(a_rest, b_rest);
    while tail > 0 && !sides.may_cut(o.end - tail, n.end - tail) {
        tail = a_rest.len() - a_rest.ceil_char_boundary(a_rest.len() - tail + 1);
    }
    let (os, ns) = (o.start + head, n.start + head);
    let (oe, ne) = (o.end - tail, n.end - tail);
    if head > 0 {
        push(out, sides.equal(o.start..os, n.start..ns));
    }
    push(out, sides.edit(os..oe, ns..ne));
    if tail > 0 {
        push(out, sides.equal(oe..o.end, ne..n.end));
    }
}

/// The old and new ranges of a group.
fn ranges(g: &Group) -> (Range<usize>, Range<usize>) {
    match g {
        Group::Equal { old, new, .. } | Group::Edit { old, new, .. } => (old.clone(), new.clone()),
    }
}

/// Move group `i`'s ranges by `d` bytes on both sides: its end (`at_end`)
/// or its start.
fn shift(g: &mut Group, d: isize, at_end: bool) {
    let (Group::Equal { old, new, .. } | Group::Edit { old, new, .. }) = g;
    for r in [old, new] {
        if at_end {
            r.end = r.end.saturating_add_signed(d);
        } else {
            r.start = r.start.saturating_add_signed(d);
        }
    }
}

/// Slide the insertion or deletion at `i` between its equal neighbours to
/// the place whose ends fall best on token boundaries (first place on a
/// tie, so the diff's own choice stands when nothing is better).
fn slide(sides: &Sides<'_>, groups: &mut [Group], i: usize) {
    let Some(Group::Edit { old: o, new: n, .. }) = groups.get(i) else {
        return;
    };
    if o.is_empty() == n.is_empty() {
        return;
    }
    let new_side = o.is_empty();
    let (r, at) = if new_side {
        (n.clone(), o.start)
    } else {
        (o.clone(), n.start)
    };
    let text = sides.text(new_side);
    let side_of = |g: &Group| {
        let (o, n) = ranges(g);
        if new_side { n } else { o }
    };
    let lo = match i.checked_sub(1).and_then(|k| groups.get(k)) {
        Some(g @ Group::Equal { .. }) => side_of(g).start,
        _ => r.start,
    };
    let hi = match groups.get(i + 1) {
        Some(g @ Group::Equal { .. }) => side_of(g).end,
        _ => r.end,
    };
    let mut start = r.start;
    while start > lo {
        let (Some(c), Some(d)) = (
            text.get(lo..start).and_then(|t| t.chars().next_back()),
            text.get(..r.end - (r.start - start))
                .and_then(|t| t.chars().next_back()),
        ) else {
            break;
        };
        if c != d {
            break;
        }
        start -= c.len_utf8();
    }
    let len = r.len();
    let mut best: Option<(i32, usize)> = None;
    let mut s = start;
    loop {
        let d = s as isize - r.start as isize;
        let score = place_score(sides, new_side, s, s + len, at.saturating_add_signed(d));
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, s));
        }
        let (Some(c), Some(e)) = (
            text.get(s..).and_then(|t| t.chars().next()),
            text.get(s + len..hi).and_then(|t| t.chars().next()),
        ) else {
            break;
        };
        if c != e {
            break;
        }
        s += c.len_utf8();
    }
    let Some((score, s)) = best else { return };
    let here = place_score(sides, new_side, r.start, r.end, at);
    if s == r.start || score <= here {
        return;
    }
    let d = s as isize - r.start as isize;
    if let Some(g) = groups.get_mut(i) {
        shift(g, d, false);
        shift(g, d, true);
    }
    if let Some(g) = i.checked_sub(1).and_then(|k| groups.get_mut(k)) {
        shift(g, d, true);
    }
    if let Some(g) = groups.get_mut(i + 1) {
        shift(g, d, false);
    }
}

/// How well an insertion (or deletion) at `s..e` of one side, meeting
/// the other side at `at`, falls on token boundaries: one point for each
/// end on a boundary; never inside a solid token.
fn place_score(sides: &Sides<'_>, new_side: bool, s: usize, e: usize, at: usize) -> i32 {
    let here = sides.cuts(new_side);
    let there = sides.cuts(!new_side);
    let solid = |c: &Cuts, x: usize| c.inside(x).is_some_and(Kind::is_solid);
    if solid(here, s) || solid(here, e) || solid(there, at) {
        return -1;
    }
    [here.inside(s), here.inside(e), there.inside(at)]
        .iter()
        .filter(|k| k.is_none())
        .count() as i32
}

/// An edit at `i` that starts with the unit after an unchanged number
/// (3年 → 3个月) takes the number: `[-3年-]{+3个月+}`.
fn take_number(sides: &Sides<'_>, groups: &mut [Group], i: usize) {
    let (Some(Group::Equal { old: eo, .. }), Some(Group::Edit { old: o, new: n, .. })) =
        (i.checked_sub(1).and_then(|k| groups.get(k)), groups.get(i))
    else {
        return;
    };
    let after_number = sides
        .old
        .get(..o.start)
        .and_then(|t| t.chars().next_back())
        .is_some_and(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '%' | '％' | '‰')
        });
    if !after_number {
        return;
    }
    let unit = |new_side: bool, r: &Range<usize>| {
        r.is_empty() || sides.cuts(new_side).starting(r.start) == Some(Kind::Unit)
    };
    if !(unit(false, o) && unit(true, n)) {
        return;
    }
    let Some(start) = sides.cuts(false).number_ending(o.start) else {
        return;
    };
    if start < eo.start {
        return;
    }
    let d = start as isize - o.start as isize;
    if let Some(g) = groups.get_mut(i) {
        shift(g, d, false);
    }
    if let Some(g) = groups.get_mut(i - 1) {
        shift(g, d, true);
    }
}

/// The segments of the groups: each edit as a deletion then an insertion.
fn segments<'a>(old: &'a str, new: &'a str, groups: &[Group]) -> Vec<Segment<'a>> {
    let mut out = Vec::with_capacity(groups.len() * 2);
    for g in groups {
        match g {
            Group::Equal { old: o, .. } => {
                out.extend(one(Op::Equal, old.get(o.clone()).unwrap_or_default()))
            }
            Group::Edit { old: o, new: n, .. } => {
                out.extend(one(Op::Delete, old.get(o.clone()).unwrap_or_default()));
                out.extend(one(Op::Insert, new.get(n.clone()).unwrap_or_default()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(segs: &[Segment<'_>]) -> String {
        segs.iter()
            .map(|s| match s.op {
                Op::Equal => s.text.to_string(),
                Op::Delete => format!("[-{}-]", s.text),
                Op::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    fn rebuilds(old: &str, new: &str, segs: &[Segment<'_>]) {
        let o: String = segs
            .iter()
            .filter(|s| s.op != Op::Insert)
            .map(|s| s.text)
            .collect();
        let n: String = segs
            .iter()
            .filter(|s| s.op != Op::Delete)
            .map(|s| s.text)
            .collect();
        assert_eq!(o, old);
        assert_eq!(n, new);
    }

    fn check(old: &str, new: &str, by: By) -> String {
        let segs = redline(old, new, by);
        rebuilds(old, new, &segs);
        show(&segs)
    }

    /// tester10 M4: two figures changed with a short run between them
    /// were shown as one replaced span (`[-300万元、500-]{+250万元、600+}`);
    /// each figure replaced by another is now shown on its own.
    #[test]
    fn t10_m4_figures_changed_close_together_are_shown_apart() {
        assert_eq!(
            check(
                "给予最高300万元、500万元资助",
                "给予最高250万元、600万元资助",
                By::Char
            ),
            "给予最高[-300-]{+250+}万元、[-500-]{+600+}万元资助"
        );
        assert_eq!(
            check("比例为15%和20%。", "比例为10%和25%。", By::Char),
            "比例为[-15%-]{+10%+}和[-20%-]{+25%+}。"
        );
        assert_eq!(
            check("第3、5项按300元执行。", "第4、6项按350元执行。", By::Word),
            "第[-3-]{+4+}、[-5-]{+6+}项按[-300-]{+350+}元执行。"
        );
        assert_eq!(
            check(
                "自2024年1月1日至2024年12月31日",
                "自2025年1月1日至2025年12月31日",
                By::Char
            ),
            "自[-2024年1月1日-]{+2025年1月1日+}至[-2024年12月31日-]{+2025年12月31日+}"
        );
        // Characters rewritten around a short equal run still fold.
        assert_eq!(
            check("甲乙丙丁", "戊乙己丁", By::Char),
            "[-甲乙丙-]{+戊乙己+}丁"
        );
        // A figure next to rewritten words: not two figures, so folded.
        assert_eq!(
            check("按3年执行", "分5期执行", By::Char),
            "[-按3年-]{+分5期+}执行"
        );
    }

    #[test]
    fn a_changed_number_is_shown_whole() {
        assert_eq!(
            check(
                "给予最高300万元的研发费资助。",
                "给予最高500万元的研发费资助。",
                By::Char
            ),
            "给予最高[-300-]{+500+}万元的研发费资助。"
        );
        assert_eq!(
            check("每人最高300元。", "每人最高250元。", By::Char),
            "每人最高[-300-]{+250+}元。"
        );
        assert_eq!(
            check("比例由15%提高。", "比例由30%提高。", By::Char),
            "比例由[-15%-]{+30%+}提高。"
        );
        assert_eq!(
            check("按10%～30%给予", "按10%～40%给予", By::Char),
            "按[-10%～30%-]{+10%～40%+}给予"
        );
        assert_eq!(
            check("按1:1配套", "按3:7配套", By::Char),
            "按[-1:1-]{+3:7+}配套"
        );
    }

    #[test]
    fn a_removed_list_item_goes_with_one_separator() {
        let got = check(
            "（责任单位：市政务服务数据管理局、市自然资源局、市住建局）",
            "（责任单位：市自然资源局、市住建局）",
            By::Char,
        );
        assert_eq!(
            got,
            "（责任单位：[-市政务服务数据管理局、-]市自然资源局、市住建局）"
        );
        assert_eq!(
            check("由市科技局、市工信局负责。", "由市工信局负责。", By::Char),
            "由[-市科技局、-]市工信局负责。"
        );
    }

    #[test]
    fn single_character_changes_stay_minimal() {
        assert_eq!(
            check("支持创新载体建设。", "支持创新平台建设。", By::Char),
            "支持创新[-载体-]{+平台+}建设。"
        );
        assert_eq!(
            check("加强应对人工智能", "积极应对人工智能", By::Char),
            "[-加强-]{+积极+}应对人工智能"
        );
    }

    #[test]
    fn dates_and_titles_change_whole() {
        assert_eq!(
            check("于2023年5月26日前反馈", "于2023年6月2日前反馈", By::Char),
            "于[-2023年5月26日-]{+2023年6月2日+}前反馈"
        );
        assert_eq!(
            check("依据《苏州市若干措施》", "依据《苏州市若干政策》", By::Char),
            "依据[-《苏州市若干措施》-]{+《苏州市若干政策》+}"
        );
    }

    #[test]
    fn by_word_replaces_the_whole_number() {
        assert_eq!(
            check("给予最高300万元资助。", "给予最高500万元资助。", By::Word),
            "给予最高[-300-]{+500+}万元资助。"
        );
        assert_eq!(
            check("按1.5倍给予", "按2.5倍给予", By::Word),
            "按[-1.5-]{+2.5+}倍给予"
        );
    }

    #[test]
    fn an_added_unit_is_one_insertion() {
        assert_eq!(
            check(
                "（责任单位：市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>）",
                "（责任单位：市委组织部、市科技局、市外办、市人社局，各县级市（区）人民政府<管委会>）",
                By::Char
            ),
            "（责任单位：市委组织部、市科技局、市外办{+、市人社局+}，各县级市（区）人民政府<管委会>）"
        );
    }

    #[test]
    fn a_rewritten_sentence_is_one_replaced_span() {
        let got = check(
            "支持创新载体布局建设。对新建的重点实验室给予支持。",
            "推动创新平台建设发展。对新建的重点实验室给予支持。",
            By::Char,
        );
        assert_eq!(
            got,
            "[-支持创新载体布局建设-]{+推动创新平台建设发展+}。对新建的重点实验室给予支持。"
        );
    }

    #[test]
    fn latin_words_are_whole_in_char_mode() {
        assert_eq!(
            check(
                "加强应对ChatGPT人工智能",
                "加强应对DeepSeek人工智能",
                By::Char
            ),
            "加强应对[-ChatGPT-]{+DeepSeek+}人工智能"
        );
    }

    #[test]
    fn by_line_replaces_whole_lines() {
        assert_eq!(
            check(
                "甲乙丙\n新增资金测算：0万元",
                "甲乙丁\n新增资金测算：0万元",
                By::Line
            ),
            "[-甲乙丙\n-]{+甲乙丁\n+}新增资金测算：0万元"
        );
    }

    #[test]
    fn unchanged_lines_stay_equal() {
        let old = "第一段。\n政策来源：《甲》\n新增资金测算：1000万元";
        let new = "第一段。\n政策来源：《甲》、《乙》\n新增资金测算：2000万元";
        assert_eq!(
            check(old, new, By::Char),
            "第一段。\n政策来源：《甲》{+、《乙》+}\n新增资金测算：[-1000-]{+2000+}万元"
        );
    }

    #[test]
    fn empty_sides() {
        assert_eq!(check("", "新文本", By::Char), "{+新文本+}");
        assert_eq!(check("旧文本", "", By::Char), "[-旧文本-]");
        assert_eq!(check("", "", By::Char), "");
        assert_eq!(check("同", "同", By::Char), "同");
    }

    #[test]
    fn labels_are_diffed_apart() {
        let segs = redline_labelled("5.支持人才。", 2, "6.支持人才。", 2, By::Char);
        rebuilds("5.支持人才。", "6.支持人才。", &segs);
        assert_eq!(show(&segs), "[-5.-]{+6.+}支持人才。");
    }

    #[test]
    fn t4_m1_a_name_added_to_a_list_outside_the_units_is_one_insertion() {
        assert_eq!(
            check(
                "本规定由市科技局负责解释。",
                "本规定由市科技局、市财政局负责解释。",
                By::Char
            ),
            "本规定由市科技局{+、市财政局+}负责解释。"
        );
        assert_eq!(
            check(
                "由市科技局和市财政局负责。",
                "由市科技局、市教育局和市财政局负责。",
                By::Char
            ),
            "由市科技局{+、市教育局+}和市财政局负责。"
        );
        assert_eq!(
            check(
                "市科技局、市财政局负责。",
                "市科技局会同市财政局负责。",
                By::Char
            ),
            "市科技局[-、-]{+会同+}市财政局负责。"
        );
        assert_eq!(
            check(
                "责任单位为市科技局。",
                "责任单位为市科技局、市财政局。",
                By::Char
            ),
            "责任单位为市科技局{+、市财政局+}。"
        );
        assert_eq!(
            check(
                "本规定由市科技局、市财政局负责解释。",
                "本规定由市科技局负责解释。",
                By::Char
            ),
            "本规定由市科技局[-、市财政局-]负责解释。"
        );
    }

    #[test]
    fn t4_m1_the_tidy_up_never_cuts_a_number_a_date_a_title_or_a_listed_name() {
        for (old, new, want) in [
            ("每人300元。", "每人3000元。", "每人[-300-]{+3000+}元。"),
            ("比例为15%。", "比例为30%。", "比例为[-15%-]{+30%+}。"),
            ("比例为15%。", "比例为5%。", "比例为[-15%-]{+5%+}。"),
            (
                "于2023年5月26日前",
                "于2023年5月6日前",
                "于[-2023年5月26日-]{+2023年5月6日+}前",
            ),
            (
                "依据《若干措施》",
                "依据《若干措施细则》",
                "依据[-《若干措施》-]{+《若干措施细则》+}",
            ),
            (
                "（责任单位：市科技局、市工信局）",
                "（责任单位：市财政局、市工信局）",
                "（责任单位：[-市科技局-]{+市财政局+}、市工信局）",
            ),
        ] {
            assert_eq!(check(old, new, By::Char), want, "{old} → {new}");
        }
        // By line: whole lines still.
        assert_eq!(
            check(
                "本规定由市科技局负责。\n",
                "本规定由市科技局、市财政局负责。\n",
                By::Line
            ),
            "[-本规定由市科技局负责。\n-]{+本规定由市科技局、市财政局负责。\n+}"
        );
    }

    #[test]
    fn t3_l14_a_number_whose_unit_changes_is_replaced_whole() {
        for (old, new, want) in [
            (
                "资助期限3年。",
                "资助期限3个月。",
                "资助期限[-3年-]{+3个月+}。",
            ),
            ("在5个工作日内", "在5个月内", "在[-5个工作日-]{+5个月+}内"),
            ("每人300元。", "每人300万元。", "每人[-300元-]{+300万元+}。"),
            (
                "补贴15%。",
                "补贴15个百分点。",
                "补贴[-15%-]{+15个百分点+}。",
            ),
            // The number changed, the unit not: the number alone.
            ("资助期限3年。", "资助期限5年。", "资助期限[-3-]{+5+}年。"),
        ] {
            assert_eq!(check(old, new, By::Char), want, "{old} → {new}");
        }
    }

    #[test]
    fn sentences_end_after_closing_quotes() {
        assert_eq!(sentence_len("他说“好。”然后"), "他说“好。”".len());
        assert_eq!(sentence_len("没有句号"), "没有句号".len());
        assert_eq!(sentence_len("一行\n二行"), "一行\n".len());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Text from a small alphabet of CJK, digits, Latin, punctuation and
    /// line breaks, so that random texts share a lot.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("支"),
                Just("持"),
                Just("创"),
                Just("新"),
                Just("市"),
                Just("局"),
                Just("、"),
                Just("。"),
                Just("，"),
                Just("3"),
                Just("0"),
                Just("万元"),
                Just("AI"),
                Just(" "),
                Just("\n"),
                Just("（责任单位：市科技局）"),
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    /// An edit script: (position fraction, delete count, inserted text).
    fn edited(base: String) -> impl Strategy<Value = (String, String)> {
        proptest::collection::vec((0.0f64..1.0, 0usize..6, text()), 0..5).prop_map(move |edits| {
            let mut chars: Vec<char> = base.chars().collect();
            for (at, del, ins) in edits {
                let i = ((chars.len() as f64) * at) as usize;
                let end = (i + del).min(chars.len());
                chars.splice(i.min(chars.len())..end, ins.chars());
            }
            (base.clone(), chars.into_iter().collect())
        })
    }

    /// Text of numbers, units, dates and names among CJK words (no 《》:
    /// a 《 spliced in unbalanced makes the rest of the line a title to
    /// the whole text while the sentence split still cuts it).
    fn solid_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("给予"),
                Just("最高"),
                Just("300"),
                Just("3000"),
                Just("15%"),
                Just("10%～30%"),
                Just("万元"),
                Just("年"),
                Just("个月"),
                Just("2023年5月26日"),
                Just("市科技局"),
                Just("、"),
                Just("由"),
                Just("和"),
                Just("。"),
                Just("AI"),
            ],
            0..30,
        )
        .prop_map(|v| v.concat())
    }

    /// `base` and a copy with pieces of [`solid_text`] spliced in.
    fn edited_solid(base: String) -> impl Strategy<Value = (String, String)> {
        proptest::collection::vec((0.0f64..1.0, 0usize..4, solid_text()), 0..4).prop_map(
            move |edits| {
                let mut chars: Vec<char> = base.chars().collect();
                for (at, del, ins) in edits {
                    let i = ((chars.len() as f64) * at) as usize;
                    let end = (i + del).min(chars.len());
                    chars.splice(i.min(chars.len())..end, ins.chars().take(12));
                }
                (base.clone(), chars.into_iter().collect())
            },
        )
    }

    fn by() -> impl Strategy<Value = By> {
        prop_oneof![Just(By::Char), Just(By::Word), Just(By::Line)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn segments_rebuild_both_texts((old, new) in text().prop_flat_map(edited), by in by()) {
            let segs = redline(&old, &new, by);
            let o: String = segs.iter().filter(|s| s.op != Op::Insert).map(|s| s.text).collect();
            let n: String = segs.iter().filter(|s| s.op != Op::Delete).map(|s| s.text).collect();
            prop_assert!(segs.iter().all(|s| !s.text.is_empty()));
            prop_assert_eq!(o, old.clone());
            prop_assert_eq!(n, new.clone());
        }

        #[test]
        fn labelled_segments_rebuild_both_texts(
            (old, new) in text().prop_flat_map(edited),
            a in 1u32..30,
            b in 1u32..30,
        ) {
            let old = format!("{a}.{old}");
            let new = format!("{b}.{new}");
            let ol = a.to_string().len() + 1;
            let nl = b.to_string().len() + 1;
            let segs = redline_labelled(&old, ol, &new, nl, By::Char);
            let o: String = segs.iter().filter(|s| s.op != Op::Insert).map(|s| s.text).collect();
            let n: String = segs.iter().filter(|s| s.op != Op::Delete).map(|s| s.text).collect();
            prop_assert_eq!(o, old.clone());
            prop_assert_eq!(n, new.clone());
        }

        /// No segment starts or ends inside a number, unit, date, title or
        /// Latin word of either text (tester4 M1's tidy-up keeps them whole).
        #[test]
        fn no_cut_inside_a_solid_token((old, new) in solid_text().prop_flat_map(edited_solid)) {
            let segs = redline(&old, &new, By::Char);
            let (old_cuts, new_cuts) = (Cuts::of(&old), Cuts::of(&new));
            let (mut o, mut n) = (0, 0);
            for s in &segs {
                prop_assert!(!old_cuts.inside(o).is_some_and(Kind::is_solid), "{:?} at old {}", segs, o);
                prop_assert!(!new_cuts.inside(n).is_some_and(Kind::is_solid), "{:?} at new {}", segs, n);
                if s.op != Op::Insert { o += s.text.len(); }
                if s.op != Op::Delete { n += s.text.len(); }
            }
        }

        #[test]
        fn a_text_against_itself_is_all_equal(t in text(), by in by()) {
            let segs = redline(&t, &t, by);
            prop_assert!(segs.iter().all(|s| s.op == Op::Equal));
            let joined: String = segs.iter().map(|s| s.text).collect();
            prop_assert_eq!(joined, t.clone());
        }
    }
}
