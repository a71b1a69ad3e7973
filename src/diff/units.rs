//! What the diff compares: a draft flattened into units — the title, the
//! preamble, each clause, the closing — or, for a draft without
//! recognisable clauses, its paragraphs.
//!
//! A unit's text is a [`Text`]: a slice of its draft's source shared by
//! every unit of the side (or a string of its own when the text was put
//! together from several blocks). The [`Draft`] it came from is dropped as
//! soon as the units are built, so two large drafts are never held twice.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use crate::draft::{Block, Clause, Draft};
use crate::numbering;

use super::align::hash;
use super::mapped::Mapped;
use super::model::Part;

/// A piece of text: a byte range of a shared string (a draft's source),
/// so a 10 MB draft's 65 000 clauses cost no copy of their text.
///
/// Sixteen bytes: the range is two `u32`s (a side's source is under
/// 4 GiB: `diff` refuses a larger draft), which made a unit 72 bytes
/// instead of 88 (a 1 MB draft's units are a third of its page faults).
#[derive(Clone)]
pub struct Text {
    all: Arc<Backing>,
    start: u32,
    end: u32,
}

/// The string a side's texts are slices of: text in memory, or a large
/// UTF-8 draft file mapped ([`Mapped`]: read by the kernel's page cache
/// instead of copied, a third of the time at 10 MB).
pub enum Backing {
    Owned(String),
    Mapped(Mapped),
}

impl Deref for Backing {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Backing::Owned(text) => text,
            Backing::Mapped(map) => map.as_str(),
        }
    }
}

impl Backing {
    /// The text as an owned string (a copy of a mapped file).
    pub fn into_string(self) -> String {
        match self {
            Backing::Owned(text) => text,
            Backing::Mapped(map) => map.as_str().to_string(),
        }
    }
}

impl Text {
    /// `range` of `all` (an empty text when it is not on char boundaries).
    /// (Or when they are past 4 GiB, which no side's source is.)
    pub fn shared(all: &Arc<Backing>, range: Range<usize>) -> Text {
        let (start, end) = match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) if all.get(range).is_some() => (start, end),
            _ => (0, 0),
        };
        Text {
            all: Arc::clone(all),
            start,
            end,
        }
    }

    /// The bytes of the backing string this text is.
    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        self.all.get(self.range()).unwrap_or_default()
    }

    /// The bytes `within` of this text (an empty text when they are not
    /// on char boundaries).
    pub fn part(&self, within: Range<usize>) -> Text {
        let range = self.range();
        let start = range.start.saturating_add(within.start);
        let end = range.start.saturating_add(within.end);
        if end > range.end || start > end {
            return Text::default();
        }
        Text::shared(&self.all, start..end)
    }

    /// Whether both texts are slices of the same string (no copy between them).
    pub fn shares(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.all, &other.all)
    }

    /// The part of this text that `sub` (a slice of it) is; an owned copy
    /// when `sub` is not inside it.
    pub fn slice(&self, sub: &str) -> Text {
        let base = self.all.as_ptr() as usize;
        let at = (sub.as_ptr() as usize).wrapping_sub(base);
        let range = at..at.wrapping_add(sub.len());
        if at >= self.range().start && range.end <= self.range().end {
            Text::shared(&self.all, range)
        } else {
            Text::from(sub.to_string())
        }
    }
}

impl From<String> for Text {
    /// The whole string (texts are made from sources under 4 GiB; a longer
    /// string would keep only its first 4 GiB).
    fn from(text: String) -> Text {
        let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let all = Arc::new(Backing::Owned(text));
        let end = if all.is_char_boundary(end as usize) {
            end
        } else {
            0
        };
        Text { all, start: 0, end }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from(String::new())
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One comparable piece of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub part: Part,
    /// The clause number (None for pseudo-clauses).
    pub number: Option<u32>,
    /// The clause title (text after the label up to the first 。).
    pub title: Text,
    /// The full text, label included (blocks joined with `\n`).
    pub text: Text,
    /// Bytes at the start of `text` that are the clause label (`5.`):
    /// [`Unit::label_len`].
    label_len: u32,
    /// 责任单位, 政策来源 and 新增资金测算, which most clauses of a long
    /// draft do not have: behind one pointer, so a unit without them is
    /// small (a 10 MB draft has 65 000 units).
    pub fields: Option<Box<Fields>>,
    /// The hash alignment pairs bodies by ([`super::align::hash`] of
    /// [`Unit::body`]), computed when the unit is made: on the thread that
    /// read the draft.
    pub key: u64,
    /// What its text is known to need escaped in JSON.
    pub escapes: Escapes,
}

/// What a unit's text is known to need escaped in JSON: a hint found while
/// reading, not part of what the unit is (any two hints are equal, so
/// units read two ways still compare equal).
#[derive(Debug, Clone, Copy, Default)]
pub enum Escapes {
    /// Not known: every character is looked at.
    #[default]
    Unknown,
    /// No control character and no backslash (one line of a plain
    /// draft): at most `"` is escaped.
    QuotesAtMost,
    /// Not even `"` (one line of a plain draft that has none): written
    /// as it is.
    Nothing,
}

impl PartialEq for Escapes {
    fn eq(&self, _: &Escapes) -> bool {
        true
    }
}

impl Unit {
    /// A pseudo-clause (title, preamble, closing, paragraph) with this text.
    pub fn plain(part: Part, text: Text) -> Unit {
        let key = hash(text.as_bytes());
        Unit {
            key,
            part,
            number: None,
            title: Text::default(),
            text,
            label_len: 0,
            fields: None,
            escapes: Escapes::Unknown,
        }
    }

    /// A clause with this number and full text (label found by itself).
    pub fn clause(number: u32, text: String) -> Unit {
        let label_len = label_len(&text, "");
        Unit {
            key: body_key(&text, label_len),
            part: Part::Clause,
            number: Some(number),
            title: title_of(text.get(label_len..).unwrap_or_default()).into(),
            text: text.into(),
            label_len: u32::try_from(label_len).unwrap_or(0),
            fields: None,
            escapes: Escapes::Unknown,
        }
    }

    /// A clause from its parts: number, title, label length and text.
    pub fn clause_parts(number: u32, title: Text, label_len: usize, text: Text) -> Unit {
        Unit {
            key: body_key(&text, label_len),
            part: Part::Clause,
            number: Some(number),
            title,
            text,
            label_len: u32::try_from(label_len).unwrap_or(0),
            fields: None,
            escapes: Escapes::Unknown,
        }
    }

    /// The responsible units (责任单位) the clause names.
    pub fn responsible_units(&self) -> &[String] {
        self.fields.as_deref().map_or(&[], |f| &f.responsible_units)
    }

    /// The policy sources (政策来源) the clause names.
    pub fn sources(&self) -> &[String] {
        self.fields.as_deref().map_or(&[], |f| &f.sources)
    }

    /// The new funding (新增资金测算) in 万元, if the clause says.
    pub fn funding_wan(&self) -> Option<f64> {
        self.fields.as_deref().and_then(|f| f.funding_wan)
    }

    /// The fields, made empty first when the unit has none.
    pub fn fields_mut(&mut self) -> &mut Fields {
        self.fields.get_or_insert_with(Box::default)
    }

    /// The label as written (`5.`), empty for pseudo-clauses.
    pub fn label(&self) -> &str {
        self.text.get(..self.label_len()).unwrap_or_default()
    }

    /// The key of the whole text, label included ([`Unit::key`] mixed
    /// with the label's hash): clauses that kept their number and wording
    /// are paired first. Worked out when asked for, on the thread that
    /// gathers a side's keys, not kept in the unit (8 bytes less each of a
    /// 10 MB draft's 130 000 units).
    pub fn whole(&self) -> u64 {
        whole_key(self.key, self.label())
    }

    /// Bytes at the start of `text` that are the clause label (`5.`).
    pub fn label_len(&self) -> usize {
        self.label_len as usize
    }

    /// The text after the label: what alignment compares.
    pub fn body(&self) -> &str {
        self.text.get(self.label_len()..).unwrap_or(&self.text)
    }

    fn from_clause(clause: Clause) -> Unit {
        let text = clause.text();
        let label_len = label_len(&text, &clause.label);
        Unit {
            key: body_key(&text, label_len),
            part: Part::Clause,
            number: Some(clause.number),
            title: clause.title.into(),
            text: text.into(),
            label_len: u32::try_from(label_len).unwrap_or(0),
            fields: Fields::boxed(Fields {
                responsible_units: clause.responsible_units,
                sources: clause.sources,
                funding_wan: clause.funding_wan,
            }),
            escapes: Escapes::Unknown,
        }
    }
}

/// The fields of a clause most clauses do not have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub responsible_units: Vec<String>,
    pub sources: Vec<String>,
    pub funding_wan: Option<f64>,
}

impl Fields {
    /// The fields behind a pointer; None when all are empty.
    pub fn boxed(fields: Fields) -> Option<Box<Fields>> {
        (fields != Fields::default()).then(|| Box::new(fields))
    }
}

/// The key of a text whose first `label_len` bytes are its label.
fn body_key(text: &str, label_len: usize) -> u64 {
    hash(text.get(label_len..).unwrap_or(text).as_bytes())
}

/// The key of a whole text: the body's key mixed with the label's hash.
fn whole_key(body: u64, label: &str) -> u64 {
    if label.is_empty() {
        return body;
    }
    (hash(label.as_bytes()).rotate_left(29) ^ body).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Unit {
    /// The unit, marked [`Escapes::QuotesAtMost`] when its text is one
    /// line (its lines are known to hold no control character and no
    /// backslash).
    pub(super) fn one_plain_line(mut self) -> Unit {
        if memchr::memchr(b'\n', self.text.as_bytes()).is_none() {
            self.escapes = Escapes::QuotesAtMost;
        }
        self
    }
}

/// The bytes of the label at the start of `text`: `label` when the text
/// starts with it, else whatever label [`numbering::clause_label`] finds.
pub(super) fn label_len(text: &str, label: &str) -> usize {
    if !label.is_empty() && text.starts_with(label) {
        return label.len();
    }
    match numbering::clause_label(text) {
        Some(found) if text.is_char_boundary(found.len) && found.len <= text.len() => found.len,
        _ => 0,
    }
}

/// Text up to the first 。 (without it), at most one line.
fn title_of(body: &str) -> String {
    let line = body.lines().next().unwrap_or_default();
    let end = line.find('。').unwrap_or(line.len());
    line.get(..end).unwrap_or_default().trim().to_string()
}

/// One side of a comparison: a draft reduced to units.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// FROM or TO as the user named it.
    pub name: String,
    pub title: String,
    pub units: Vec<Unit>,
    pub funding_total_wan: f64,
    /// The draft has text but no recognisable clause.
    pub clauseless: bool,
    /// The body's alignment keys, worked out ahead on the thread that
    /// read the side ([`Side::with_keys_ahead`]); none on a side made
    /// otherwise, whose keys the pairing works out itself.
    pub keys_ahead: KeysAhead,
}

/// A side's body keys worked out ahead: the body's units (`run`, indices
/// of [`Side::units`]), each one's [`Unit::key`] and [`Unit::whole`].
/// A hint, not part of what a side is: any two compare equal.
#[derive(Debug, Clone, Default)]
pub struct KeysAhead(pub Option<Box<Keys>>);

/// The keys of a body run (see [`KeysAhead`]).
#[derive(Debug, Clone)]
pub struct Keys {
    pub run: std::ops::Range<usize>,
    pub keys: Vec<u64>,
    pub whole: Vec<u64>,
}

impl PartialEq for KeysAhead {
    fn eq(&self, _: &KeysAhead) -> bool {
        true
    }
}

impl Side {
    /// Reduce a draft to clause units (title, preamble, clauses, closing).
    pub fn from_draft(name: &str, mut draft: Draft) -> Side {
        let funding_total_wan = draft.funding_total_wan();
        let title = std::mem::take(&mut draft.title);
        let preamble = std::mem::take(&mut draft.preamble);
        let clauses = std::mem::take(&mut draft.clauses);
        let between = std::mem::take(&mut draft.between);
        let closing = std::mem::take(&mut draft.closing);
        drop(draft);
        let clauseless = clauses.is_empty() && (!preamble.is_empty() || !closing.is_empty());
        let mut units = Vec::with_capacity(clauses.len() + 3);
        if !title.is_empty() {
            units.push(Unit::plain(Part::Title, title.clone().into()));
        }
        if !preamble.is_empty() {
            units.push(Unit::plain(Part::Preamble, join(&preamble).into()));
        }
        let mut body: Vec<(usize, Unit)> = clauses
            .into_iter()
            .map(|c| (c.range.start, Unit::from_clause(c)))
            .collect();
        body.extend(
            between
                .into_iter()
                .map(|b| (b.range.start, Unit::plain(Part::Section, b.text.into()))),
        );
        body.sort_by_key(|(at, _)| *at);
        units.extend(body.into_iter().map(|(_, u)| u));
        if !closing.is_empty() {
            units.push(Unit::plain(Part::Closing, join(&closing).into()));
        }
        Side {
            name: name.to_string(),
            title,
            units,
            funding_total_wan,
            clauseless,
            keys_ahead: KeysAhead::default(),
        }
    }

    /// The same draft as plain paragraphs: every block its own unit (the
    /// title stays the title). For drafts without recognisable clauses.
    pub fn into_paragraphs(self) -> Side {
        let mut units = Vec::new();
        for unit in self.units {
            match unit.part {
                Part::Title => units.push(unit),
                _ => units.extend(
                    unit.text
                        .split('\n')
                        .filter(|p| !p.trim().is_empty())
                        .map(|p| Unit::plain(Part::Paragraph, unit.text.slice(p))),
                ),
            }
        }
        Side {
            units,
            keys_ahead: KeysAhead::default(),
            ..self
        }
    }

    /// The side with its body's alignment keys worked out now (on the
    /// thread that calls this: the one that read the side), so that the
    /// pairing, which runs when both sides are read, only borrows them:
    /// 1.9 M of the 1 MB pair's instructions off the one thread then.
    pub fn with_keys_ahead(mut self) -> Side {
        self.keys_ahead = KeysAhead(body_run(&self.units).map(|run| {
            let body = self.units.get(run.clone()).unwrap_or_default();
            Box::new(Keys {
                keys: body.iter().map(|u| u.key).collect(),
                whole: body.iter().map(Unit::whole).collect(),
                run,
            })
        }));
        self
    }

    /// Whether the side has any clause.
    pub fn has_clauses(&self) -> bool {
        self.units.iter().any(|u| u.part == Part::Clause)
    }
}

/// Where the body of `units` is — after the title and preamble, before
/// the closing — when it is one run of clauses, sections or paragraphs
/// (the order every side is built in); None when it is not.
pub fn body_run(units: &[Unit]) -> Option<std::ops::Range<usize>> {
    let lead = units
        .iter()
        .take(2)
        .take_while(|u| matches!(u.part, Part::Title | Part::Preamble))
        .count();
    let closing = units.last().is_some_and(|u| u.part == Part::Closing);
    let end = units.len() - usize::from(closing && units.len() > lead);
    let run = lead..end;
    units.get(run.clone())?.iter().all(is_body).then_some(run)
}

/// Whether a unit is of a draft's body: a clause, a section, a paragraph.
pub fn is_body(u: &Unit) -> bool {
    matches!(u.part, Part::Clause | Part::Section | Part::Paragraph)
}

fn join(blocks: &[Block]) -> String {
    let mut text = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&b.text);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sizes a long draft's memory is made of: a 1 MB regulation has
    /// 6 500 units a side, each touched once as it is made.
    #[test]
    fn a_text_is_sixteen_bytes_and_a_unit_sixty_four() {
        assert_eq!(std::mem::size_of::<Text>(), 16);
        assert_eq!(std::mem::size_of::<Unit>(), 64);
    }

    #[test]
    fn texts_are_their_ranges() {
        let all = Arc::new(Backing::Owned("第一条　甲。第二条　乙。".to_string()));
        let first = Text::shared(&all, 0..18);
        assert_eq!(first, "第一条　甲。");
        assert_eq!(first.part(12..15), "甲");
        // Not on char boundaries, or past the end: empty.
        assert_eq!(Text::shared(&all, 1..18), "");
        assert_eq!(Text::shared(&all, 0..99), "");
        assert_eq!(first.part(12..99), "");
        assert_eq!(Text::from("乙".to_string()), "乙");
        let unit = Unit::clause(2, "第二条　乙。".to_string());
        assert_eq!(unit.label_len(), "第二条".len());
        assert_eq!(unit.body(), "　乙。");
    }
}
