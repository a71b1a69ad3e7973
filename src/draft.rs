//! Drafts: a version of the policy text as CommonMark, read into clauses.
//!
//! [`Draft::parse`] reads the Markdown with pulldown-cmark into blocks
//! (headings, paragraphs, list items, tables) of plain text, each with its
//! byte range and line in the source, then groups the blocks into a title, a
//! preamble, numbered clauses and a closing (DESIGN.md "Drafts"). Within a
//! clause it reads the responsible units (`（责任单位：…）`), the sources
//! (`政策来源：…`) and the funding (`新增资金测算：N万元`).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::numbering::{Label, LabelStyle, clause_label, division_heading, is_cross_reference};

mod list_words;
pub(crate) mod unit_lists;

/// What kind of Markdown block a [`Block`] was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    Table,
    Other,
}

/// One block of the draft: its plain text (inline Markdown flattened) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Byte range in the Markdown source.
    pub range: Range<usize>,
    /// 1-based line in the Markdown source.
    pub line: usize,
}

/// A numbered clause (条款) of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The number as written (1 for `1.`, `一、`, `第一条`).
    pub number: u32,
    /// The label as written: `1.`, `一、`, `第一条`.
    pub label: String,
    /// Text after the label up to the first 。 (without it).
    pub title: String,
    /// The clause's blocks in order; the first starts with the label.
    pub blocks: Vec<Block>,
    /// From `（责任单位：…）`, split on 、 and ，, a trailing 等 dropped from each.
    pub responsible_units: Vec<String>,
    /// Byte range in the source of the text inside `（责任单位：…）`.
    pub units_range: Option<Range<usize>>,
    /// Byte ranges in the source of every unit list the units come from
    /// (牵头单位, 责任单位, 配合单位 …), in order; `units_range` is one.
    pub unit_ranges: Vec<Range<usize>>,
    /// From `政策来源：…`, split on 、 outside brackets.
    pub sources: Vec<String>,
    /// From `新增资金测算：N万元`: the sum of every such line of the
    /// clause (a clause with sub-items may give one a line; none is
    /// dropped), `None` when no line gives an amount.
    pub funding_wan: Option<f64>,
    /// Text after the amount (`在原路径统筹安排`); the notes of several
    /// lines joined with `；`.
    pub funding_note: Option<String>,
    /// Byte range of the whole clause in the source.
    pub range: Range<usize>,
    /// 1-based line of the clause's first block.
    pub line: usize,
}

impl Clause {
    /// The clause's text: its blocks' texts joined with newlines.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A parsed draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The first heading's text, else the first paragraph's.
    pub title: String,
    /// Blocks before the first clause (after the title).
    pub preamble: Vec<Block>,
    pub clauses: Vec<Clause>,
    /// Blocks between two clauses that belong to neither: a section
    /// heading without a clause number, text after a thematic break.
    pub between: Vec<Block>,
    /// Blocks after the last clause.
    pub closing: Vec<Block>,
    /// The title's block (not in the preamble).
    title_block: Option<Block>,
    /// Every block in source order, the title's included: put together on
    /// first use, so a diff of two 10 MB drafts holds no third copy.
    blocks: std::sync::OnceLock<Vec<Block>>,
    source: String,
}

/// The Markdown options every reader of drafts uses.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

impl Draft {
    /// Read a Markdown draft. Never fails: a text without clauses has all
    /// its blocks in the preamble.
    pub fn parse(source: &str) -> Draft {
        Draft::parse_owned(source.to_string())
    }

    /// [`Draft::parse`], keeping the given string as the source (no copy:
    /// a 10 MB draft is read in 10 MB less).
    pub fn parse_owned(source: String) -> Draft {
        let items = {
            let pieces = read_pieces(&source);
            let lines = LineIndex::new(&source);
            let mut items = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Rule => items.push(Item::Rule),
                    Piece::Block(raw) => {
                        for part in split_lines(raw).into_iter().filter(|p| !p.is_blank()) {
                            items.push(Item::Block(part.into_parsed(&lines)));
                        }
                    }
                }
            }
            items
        };
        assemble(items, source)
    }

    /// The Markdown source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every block in source order, the title's included.
    pub fn blocks(&self) -> &[Block] {
        self.blocks.get_or_init(|| {
            let mut all: Vec<Block> = self.title_block.iter().cloned().collect();
            all.extend(self.preamble.iter().cloned());
            all.extend(self.clauses.iter().flat_map(|c| c.blocks.iter().cloned()));
            all.extend(self.between.iter().cloned());
            all.extend(self.closing.iter().cloned());
            all.sort_by_key(|b| b.range.start);
            all
        })
    }

    /// The clause with this number.
    pub fn clause(&self, number: u32) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.number == number)
    }

    /// Sum of the clauses' funding, in 万元.
    pub fn funding_total_wan(&self) -> f64 {
        self.clauses.iter().filter_map(|c| c.funding_wan).sum()
    }

    /// The official plain text: every block's text on its own line(s), in
    /// source order, starting with the title; table rows tab-separated.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for block in self.blocks() {
            out.push_str(&block.text);
            out.push('\n');
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Reading Markdown into raw blocks.

/// A piece of flattened text and the source bytes it came from.
#[derive(Debug, Clone)]
struct Seg {
    text: Range<usize>,
    src: Range<usize>,
}

/// A soft line break inside a block: where in the text, where in the source.
#[derive(Debug, Clone)]
struct Break {
    at: usize,
    src: Range<usize>,
    /// A line break that always separates blocks (in an indented block).
    hard: bool,
}

/// Which event closes the block being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    Paragraph,
    Heading,
    Table,
    Code,
    Indented,
    Html,
    Item,
    Loose,
}

/// A block while it is being read.
#[derive(Debug, Clone)]
struct Raw {
    kind: BlockKind,
    text: String,
    segs: Vec<Seg>,
    breaks: Vec<Break>,
    range: Range<usize>,
    closer: Closer,
    soft_pending: bool,
    /// A list item's block holding its number alone so far (`1.`): its
    /// first paragraph goes on in it.
    marker_only: bool,
}

enum Piece {
    Block(Raw),
    Rule,
}

impl Raw {
    fn new(kind: BlockKind, start: usize, closer: Closer) -> Raw {
        Raw {
            kind,
            text: String::new(),
            segs: Vec::new(),
            breaks: Vec::new(),
            range: start..start,
            closer,
            soft_pending: false,
            marker_only: false,
        }
    }

    /// Append text that came from `src` in the source.
    fn push(&mut self, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        self.marker_only = false;
        if self.soft_pending {
            self.soft_pending = false;
            let ascii_before = self.text.chars().next_back().is_some_and(|c| c.is_ascii());
            let ascii_after = text.chars().next().is_some_and(|c| c.is_ascii());
            if ascii_before && ascii_after {
                self.text.push(' ');
            }
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.range.end = self.range.end.max(src.end);
        self.segs.push(Seg {
            text: start..self.text.len(),
            src,
        });
    }

    fn soft_break(&mut self, src: Range<usize>, hard: bool) {
        self.line_break(src, hard);
        self.soft_pending = true;
    }

    /// A line break at the end of the text so far, where [`split_lines`]
    /// may cut the block.
    fn line_break(&mut self, src: Range<usize>, hard: bool) {
        self.breaks.push(Break {
            at: self.text.len(),
            src,
            hard,
        });
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn into_parsed(self, lines: &LineIndex) -> Parsed {
        let block = Block {
            kind: self.kind,
            text: self.text.trim_end().to_string(),
            line: lines.line(self.range.start),
            range: self.range,
        };
        Parsed {
            block,
            segs: self.segs,
        }
    }
}

/// The reader's state: the block being read, the lists it is in, the
/// table row and cell it is at.
struct Reader<'a> {
    source: &'a str,
    open: Option<Raw>,
    lists: Vec<bool>,
    cells: usize,
    pieces: Vec<Piece>,
    /// The links being read: each one's address and where its text starts
    /// in the open block's text.
    links: Vec<(String, usize)>,
}

/// Read the source into blocks and thematic breaks.
fn read_pieces(source: &str) -> Vec<Piece> {
    let mut reader = Reader {
        source,
        open: None,
        lists: Vec::new(),
        cells: 0,
        pieces: Vec::new(),
        links: Vec::new(),
    };
    // Byte-order marks are not text (a second one too, left by a tool that
    // added its own): parse after them, keep source offsets.
    let body = source.trim_start_matches('\u{feff}');
    let offset = source.len() - body.len();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        reader.event(event, range.start + offset..range.end + offset);
    }
    reader.flush();
    reader.pieces
}

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) if self.in_indented() => self.indented_text(&t, range),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.text(&t, range)
            }
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::FootnoteReference(_) => {
                let raw = self.source.get(range.clone()).unwrap_or("").to_string();
                self.text(&raw, range)
            }
            Event::SoftBreak => {
                if let Some(open) = &mut self.open {
                    open.soft_break(range, false);
                }
            }
            // A hard break (two spaces or `\` before the line end) keeps
            // its line end in the text, and splits the block where a soft
            // break would: a clause on the next line stays a clause of its
            // own (tester8 H2).
            Event::HardBreak => {
                self.text("\n", range.end..range.end);
                if let Some(open) = &mut self.open {
                    open.line_break(range, false);
                }
            }
            Event::Rule => {
                self.flush();
                self.pieces.push(Piece::Rule);
            }
            Event::TaskListMarker(done) => {
                self.text(if done { "[x] " } else { "[ ] " }, range.start..range.start)
            }
        }
    }

    /// A link's address goes into the text after the link's words, in
    /// brackets (`详见办事指南（http://…）`): a changed address is a changed
    /// clause, and a printed paper keeps it (tester8 H1: it was dropped).
    /// An address the words already say (`<http://…>`) is not repeated.
    fn end_link(&mut self, range: Range<usize>) {
        let Some((url, at)) = self.links.pop() else {
            return;
        };
        let shown = self
            .open
            .as_ref()
            .and_then(|o| o.text.get(at..))
            .unwrap_or("");
        let bare = url.strip_prefix("mailto:").unwrap_or(&url);
        if url.is_empty() || shown.ends_with(bare) {
            return;
        }
        self.text(&format!("（{url}）"), range.end..range.end);
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.open_paragraph(range),
            Tag::Heading { level, .. } => {
                self.open_new(BlockKind::Heading(level as u8), range, Closer::Heading)
            }
            Tag::Table(_) => {
                self.open_new(BlockKind::Table, range, Closer::Table);
            }
            Tag::TableHead | Tag::TableRow => {
                self.cells = 0;
                if let Some(open) = &mut self.open
                    && !open.text.is_empty()
                {
                    open.push("\n", range.start..range.start);
                }
            }
            Tag::TableCell => {
                if self.cells > 0 {
                    self.text("\t", range.start..range.start);
                }
                self.cells += 1;
            }
            // Text indented by four spaces is a paragraph typed with an
            // indent (common in Chinese drafts), not program code.
            Tag::CodeBlock(CodeBlockKind::Indented) => {
                self.open_new(BlockKind::Paragraph, range, Closer::Indented)
            }
            Tag::CodeBlock(_) => self.open_new(BlockKind::Other, range, Closer::Code),
            Tag::HtmlBlock => self.open_new(BlockKind::Other, range, Closer::Html),
            Tag::List(first) => {
                self.flush();
                self.lists.push(first.is_some());
            }
            Tag::Item => {
                self.open_new(BlockKind::ListItem, range.clone(), Closer::Item);
                if self.lists.last() == Some(&true) {
                    self.item_marker(range);
                }
            }
            Tag::Link { dest_url, .. } => {
                let at = self.open.as_ref().map_or(0, |o| o.text.len());
                self.links.push((dest_url.to_string(), at));
            }
            Tag::Strikethrough => {
                let marks = tildes(self.source.get(range.start..).unwrap_or(""));
                self.text(&marks, range.start..range.start + marks.len());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph => self.close(Closer::Paragraph, range),
            TagEnd::Heading(_) => self.close(Closer::Heading, range),
            TagEnd::Table => self.close(Closer::Table, range),
            TagEnd::CodeBlock if self.in_indented() => self.close(Closer::Indented, range),
            TagEnd::CodeBlock => self.close(Closer::Code, range),
            TagEnd::HtmlBlock => self.close(Closer::Html, range),
            TagEnd::Item => self.close(Closer::Item, range),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Link => self.end_link(range),
            TagEnd::Strikethrough => {
                let before = self.source.get(..range.end).unwrap_or("");
                let n = before.len() - before.trim_end_matches('~').len();
                let marks = "~".repeat(n);
                self.text(&marks, range.end - n..range.end);
            }
            _ => {}
        }
    }

    /// A paragraph: the first one of a list item continues the item's
    /// block (after its number, in a list with blank lines between its
    /// items: `1. 支持研发。` is one block `1.支持研发。`, tester12 H1);
    /// any other starts a block of its own.
    fn open_paragraph(&mut self, range: Range<usize>) {
        if let Some(open) = &mut self.open
            && open.closer == Closer::Item
            && (open.is_blank() || open.marker_only)
        {
            open.closer = Closer::Paragraph;
            return;
        }
        self.open_new(BlockKind::Paragraph, range, Closer::Paragraph);
    }

    fn open_new(&mut self, kind: BlockKind, range: Range<usize>, closer: Closer) {
        self.flush();
        self.open = Some(Raw::new(kind, range.start, closer));
    }

    /// The number of an ordered list item as its text's label: `1.`.
    fn item_marker(&mut self, range: Range<usize>) {
        let src = self.source.get(range.clone()).unwrap_or("");
        let lead = src.len() - src.trim_start().len();
        let digits: String = src
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return;
        }
        let start = range.start + lead;
        let marker = format!("{digits}.");
        self.text(&marker, start..start + marker.len());
        if let Some(open) = &mut self.open {
            open.marker_only = true;
        }
    }

    fn in_indented(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.closer == Closer::Indented)
    }

    /// The text of an indented block: each line a block of its own.
    fn indented_text(&mut self, text: &str, range: Range<usize>) {
        let verbatim = self.source.get(range.clone()) == Some(text);
        let Some(open) = &mut self.open else {
            return;
        };
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let start = if verbatim {
                range.start + at
            } else {
                range.start
            };
            let end = if verbatim {
                start + body.len()
            } else {
                range.end
            };
            open.push(body, start..end);
            if line.ends_with('\n') {
                open.soft_break(end..end + line.len() - body.len(), true);
            }
            at += line.len();
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        if self.open.is_none() {
            self.open = Some(Raw::new(BlockKind::Paragraph, range.start, Closer::Loose));
        }
        if let Some(open) = &mut self.open {
            open.push(text, range);
        }
    }

    fn close(&mut self, closer: Closer, range: Range<usize>) {
        if let Some(open) = &mut self.open
            && open.closer == closer
        {
            open.range.end = open.range.end.max(range.end);
            if matches!(closer, Closer::Code | Closer::Html | Closer::Indented) {
                let trimmed = open.text.trim_end_matches(['\n', '\r']).len();
                open.text.truncate(trimmed);
            }
            self.flush();
        }
    }

    fn flush(&mut self) {
        if let Some(open) = self.open.take()
            && !open.is_blank()
        {
            self.pieces.push(Piece::Block(open));
        }
    }
}

/// The run of `~` at the start of `s`.
fn tildes(s: &str) -> String {
    s.chars().take_while(|&c| c == '~').collect()
}

/// Split a paragraph at the soft line breaks that end a line of its own,
/// so a draft typed one paragraph a line without blank lines (as the seed
/// is) reads the same as one typed with blank lines, while a paragraph
/// wrapped in the middle of a sentence stays whole.
fn split_lines(raw: Raw) -> Vec<Raw> {
    let cuts: Vec<Break> = (0..raw.breaks.len())
        .filter(|&i| is_cut(&raw.text, &raw.breaks, i))
        .filter_map(|i| raw.breaks.get(i).cloned())
        .collect();
    if cuts.is_empty() {
        return vec![raw];
    }
    let mut parts: Vec<Raw> = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    let mut src_from = raw.range.start;
    for (i, cut) in cuts.iter().enumerate() {
        let kind = if i == 0 {
            raw.kind.clone()
        } else {
            BlockKind::Paragraph
        };
        parts.push(part(&raw, kind, from..cut.at, src_from..cut.src.start));
        let skip = raw
            .text
            .get(cut.at..)
            .map_or(0, |t| t.len() - t.trim_start().len());
        from = cut.at + skip;
        src_from = cut.src.end;
    }
    parts.push(part(
        &raw,
        BlockKind::Paragraph,
        from..raw.text.len(),
        src_from..raw.range.end,
    ));
    parts
}

/// The part of a block between text offsets `text` (source `src`), with
/// the segments and breaks that fall in it.
fn part(raw: &Raw, kind: BlockKind, text: Range<usize>, src: Range<usize>) -> Raw {
    let mut out = Raw::new(kind, src.start, raw.closer);
    out.range.end = src.end;
    out.text = raw.text.get(text.clone()).unwrap_or("").to_string();
    let inside = |at: usize| text.start <= at && at < text.end;
    let first = raw.segs.partition_point(|s| s.text.start < text.start);
    for seg in raw.segs.get(first..).unwrap_or(&[]) {
        if !inside(seg.text.start) {
            break;
        }
        if out.segs.is_empty() && text.start > 0 {
            out.range.start = seg.src.start;
        }
        out.segs.push(Seg {
            text: seg.text.start - text.start..seg.text.end.min(text.end) - text.start,
            src: seg.src.clone(),
        });
    }
    let first = raw.breaks.partition_point(|b| b.at <= text.start);
    for b in raw.breaks.get(first..).unwrap_or(&[]) {
        if !inside(b.at) {
            break;
        }
        out.breaks.push(Break {
            at: b.at - text.start,
            src: b.src.clone(),
            hard: b.hard,
        });
    }
    out
}

/// Whether the soft break `i` separates two blocks: the next line starts
/// a clause, a sub-item or a field (`政策来源：`, `新增资金测算：`,
/// `责任单位：`: tester6 H1, never joined to a line ending in ，); or the
/// line before is a field or ends a sentence (。！？；); or either line is
/// a bracketed note such as `（征求意见稿）`.
fn is_cut(text: &str, breaks: &[Break], i: usize) -> bool {
    let at = |j: usize| breaks.get(j).map(|b| b.at);
    let (Some(here), prev) = (at(i), i.checked_sub(1).and_then(at)) else {
        return false;
    };
    if breaks.get(i).is_some_and(|b| b.hard) {
        return true;
    }
    let before = text
        .get(prev.unwrap_or(0)..here)
        .unwrap_or("")
        .trim_matches(is_space);
    let after = text
        .get(here..at(i + 1).unwrap_or(text.len()))
        .unwrap_or("")
        .trim_matches(is_space);
    lines_apart(before, after)
}

/// Whether two lines of a paragraph (white space trimmed) are two blocks:
/// the rule of [`is_cut`] on the line `before` a soft break and the line
/// `after` it.
pub(crate) fn lines_apart(before: &str, after: &str) -> bool {
    // Cheapest test first (a pure `or`: the order changes no result).
    ends_sentence(before)
        || is_bracketed(before)
        || is_bracketed(after)
        || is_field(before)
        || starts_own_line(after)
        || division_heading(before)
}

/// Whether a line starting with `text` starts a block of its own.
fn starts_own_line(text: &str) -> bool {
    clause_label(text).is_some()
        || is_field(text)
        || unit_lists::starts_list(text)
        || division_heading(text)
        || is_date_line(text)
}

fn is_field(line: &str) -> bool {
    field_value(line, SOURCES).is_some() || field_value(line, FUNDING).is_some()
}

fn ends_sentence(line: &str) -> bool {
    // Closing quotes and brackets are passed over, one character at a time
    // from the end (a `trim_end_matches` with a set of characters was 40
    // instructions a line).
    let mut rest = line;
    while let Some(c) = rest.chars().next_back() {
        if !matches!(c, '”' | '’' | '」' | '』' | '》' | '）' | ')') {
            return matches!(c, '。' | '！' | '？' | '；' | '!' | '?');
        }
        rest = rest.get(..rest.len() - c.len_utf8()).unwrap_or_default();
    }
    false
}

/// A whole line in brackets: `（征求意见稿）`, `（试行）`.
fn is_bracketed(line: &str) -> bool {
    line.starts_with(['（', '('])
        && line.ends_with(['）', ')'])
        && matching_close(line, 0)
            == Some(line.len() - line.chars().next_back().map_or(0, char::len_utf8))
}

/// 1-based line numbers of byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

// ---------------------------------------------------------------------------
// Grouping blocks into title, preamble, clauses and closing.

/// A block with the map from its text back to the source.
struct Parsed {
    block: Block,
    segs: Vec<Seg>,
}

enum Item {
    Block(Parsed),
    Rule,
}

pub(crate) const SOURCES: &str = "政策来源";
pub(crate) const FUNDING: &str = "新增资金测算";
const UNITS: &str = "责任单位";

/// Where the next blocks go while grouping.
enum Place {
    Preamble,
    Clause,
    Outside,
    /// From an 附件 line after the clauses on ([`is_attachment_line`]):
    /// the closing, numbered lines and all.
    Closing,
}

fn assemble(items: Vec<Item>, source: String) -> Draft {
    // Each block's label, found once (the parse's hottest lookup on long
    // drafts written one clause per line).
    let (title_at, top, title_block, mut labels, items_from) = {
        let blocks: Vec<&Block> = items
            .iter()
            .filter_map(|i| match i {
                Item::Block(p) => Some(&p.block),
                Item::Rule => None,
            })
            .collect();
        let labels: Vec<Option<Label>> = blocks.iter().map(|b| clause_label(&b.text)).collect();
        let title_at = title_index(&blocks, &labels);
        let top = top_style(&blocks, &labels, title_at);
        let title_block = title_at.and_then(|i| blocks.get(i)).map(|b| (*b).clone());
        let items_from = short_tail(blocks.len(), |i| {
            blocks.get(i).is_some_and(|b| {
                matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
                    && attachment_item(&b.text)
            })
        });
        (title_at, top, title_block, labels, items_from)
    };
    let mut draft = Draft {
        title: title_block
            .as_ref()
            .map(|b| b.text.clone())
            .unwrap_or_default(),
        preamble: Vec::new(),
        clauses: Vec::new(),
        between: Vec::new(),
        closing: Vec::new(),
        title_block,
        blocks: std::sync::OnceLock::new(),
        source,
    };
    let mut groups: Vec<(Label, Vec<Parsed>)> = Vec::new();
    let mut outside: Vec<Block> = Vec::new();
    let mut place = Place::Preamble;
    let mut index = 0;
    for item in items {
        let parsed = match item {
            Item::Rule => {
                if matches!(place, Place::Clause) {
                    place = Place::Outside;
                }
                continue;
            }
            Item::Block(parsed) => parsed,
        };
        let this = index;
        index += 1;
        if Some(this) == title_at {
            continue;
        }
        let block = &parsed.block;
        let found = labels.get_mut(this).and_then(Option::take);
        // A labelled block never starts with 附件; only short items follow
        // the attachments' line (not clauses: tester13 H2, H3).
        if found.is_none()
            && matches!(place, Place::Clause | Place::Outside)
            && matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && opens_attachments(&block.text, this, items_from)
        {
            place = Place::Closing;
        }
        if matches!(place, Place::Closing) {
            outside.push(parsed.block);
            continue;
        }
        let ends_clause = found.is_none()
            && match block.kind {
                BlockKind::Heading(_) => true,
                BlockKind::Paragraph => division_heading(&block.text),
                _ => false,
            };
        let previous = groups.last().map(|(l, _)| l.number);
        let label = found.filter(|l| {
            can_start_clause(block)
                && Some(l.style) == top
                && !is_cross_reference(&block.text, l.style, l.number, l.len, previous)
        });
        if let Some(label) = label {
            if matches!(place, Place::Outside) {
                draft.between.append(&mut outside);
            }
            groups.push((label, vec![parsed]));
            place = Place::Clause;
            continue;
        }
        match place {
            Place::Clause if !ends_clause => {
                if let Some((_, group)) = groups.last_mut() {
                    group.push(parsed);
                }
            }
            Place::Clause | Place::Outside => {
                place = Place::Outside;
                outside.push(parsed.block);
            }
            Place::Preamble => draft.preamble.push(parsed.block),
            Place::Closing => outside.push(parsed.block),
        }
    }
    if let Some((_, last)) = groups.last_mut() {
        draft.closing = after_funding(last);
        let mut signed = closing_tail(last);
        signed.append(&mut draft.closing);
        draft.closing = signed;
    }
    draft.closing.append(&mut outside);
    draft.clauses = groups
        .into_iter()
        .map(|(label, blocks)| make_clause(label, blocks))
        .collect();
    draft
}

/// The title: the first heading without a clause number before the first
/// clause-numbered block, else the first such paragraph.
fn title_index(blocks: &[&Block], labels: &[Option<Label>]) -> Option<usize> {
    let before: Vec<(usize, &Block)> = blocks
        .iter()
        .copied()
        .enumerate()
        .take_while(|(i, b)| !(can_start_clause(b) && labels.get(*i).is_some_and(Option::is_some)))
        .collect();
    before
        .iter()
        .find(|(_, b)| matches!(b.kind, BlockKind::Heading(_)))
        .or_else(|| before.iter().find(|(_, b)| b.kind == BlockKind::Paragraph))
        .map(|(i, _)| *i)
}

fn can_start_clause(block: &Block) -> bool {
    matches!(
        block.kind,
        BlockKind::Heading(_) | BlockKind::Paragraph | BlockKind::ListItem
    )
}

/// The top-level numbering style: that of the first numbered block;
/// `（一）` and `①` only when no other style occurs.
fn top_style(
    blocks: &[&Block],
    labels: &[Option<Label>],
    title_at: Option<usize>,
) -> Option<LabelStyle> {
    let styles: Vec<LabelStyle> = blocks
        .iter()
        .copied()
        .enumerate()
        .filter(|&(i, b)| Some(i) != title_at && can_start_clause(b))
        .filter_map(|(i, _)| labels.get(i)?.as_ref().map(|l| l.style))
        .collect();
    let minor = |s: &LabelStyle| matches!(s, LabelStyle::Paren | LabelStyle::Circled);
    styles
        .iter()
        .find(|s| !minor(s))
        .or_else(|| styles.first())
        .copied()
}

/// Take the blocks after the clause's funding line out of it.
fn after_funding(blocks: &mut Vec<Parsed>) -> Vec<Block> {
    let funding = blocks
        .iter()
        .rposition(|p| field_value(&p.block.text, FUNDING).is_some());
    match funding {
        Some(i) if i > 0 => blocks
            .split_off(i + 1)
            .into_iter()
            .map(|p| p.block)
            .collect(),
        _ => Vec::new(),
    }
}

/// Take a trailing run of closing lines (落款 and date, see
/// [`is_closing_line`]) out of the last clause; its first block stays.
fn closing_tail(blocks: &mut Vec<Parsed>) -> Vec<Block> {
    let run = blocks
        .iter()
        .skip(1)
        .rev()
        .take_while(|p| p.block.kind == BlockKind::Paragraph && is_closing_line(&p.block.text))
        .count();
    blocks
        .split_off(blocks.len() - run)
        .into_iter()
        .map(|p| p.block)
        .collect()
}

/// The line that opens a draft's attachments (附件说明) after its
/// clauses: `附件：1.名单`, `附件:`, `附件2：…`, `附件一：…` — 附件, an
/// optional number, then a colon. When only short items follow it
/// ([`attachment_item`]: the attachments' numbered list, the sender, the
/// date), it and they are the closing, not clauses (tester10 H3, tester12
/// M2: `附件：1. 清单` / `2. 测算表` read `2.` as a clause). A clause that
/// cites one (`附件1所列项目…`) has no colon there; one followed by more
/// clauses (a letter's `附件：1.名单` before the draft itself, tester13 H3)
/// is left where it is.
pub(crate) fn is_attachment_line(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("附件") else {
        return false;
    };
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    rest.starts_with(['：', ':'])
}

/// Where the run of blocks at the end of `0..len` for which `item` holds
/// starts (`len` when the last block is not one).
pub(crate) fn short_tail(len: usize, item: impl Fn(usize) -> bool) -> usize {
    len - (0..len).rev().take_while(|&i| item(i)).count()
}

/// Whether block `at`, with text `text`, opens a draft's attachments: an
/// attachments' line ([`is_attachment_line`]) with only short items after
/// it (`items_from`: where they start, from [`short_tail`] of
/// [`attachment_item`]).
pub(crate) fn opens_attachments(text: &str, at: usize, items_from: usize) -> bool {
    at + 1 >= items_from && is_attachment_line(text)
}

/// A short line that may follow an attachments' line: an attachment's
/// title (`2. 资金测算表`), the sender, the date — 60 characters at most,
/// no sentence (。；), no funding, sources or unit list.
pub(crate) fn attachment_item(text: &str) -> bool {
    text.chars().count() <= 60
        && !text.contains(['。', '；'])
        && !text.contains(FUNDING)
        && !text.contains(SOURCES)
        && unit_lists::places(text).is_empty()
}

/// A line of a closing block (落款): a unit's name alone (with its seal
/// or date after it: `苏州市科学技术局`, `苏州市科学技术局（盖章）`) or a
/// date alone (`2026年11月1日`, `二〇二六年十一月一日`).
pub(crate) fn is_closing_line(text: &str) -> bool {
    text.len() <= 120 && (is_date_line(text) || crate::intake::letter::is_signature(text))
}

/// A date alone on a line (short: checked at every soft break).
fn is_date_line(text: &str) -> bool {
    text.len() <= 48 && crate::intake::letter::is_date(text)
}

fn make_clause(label: Label, parsed: Vec<Parsed>) -> Clause {
    let (units, units_range, unit_ranges) = find_units(&parsed);
    let blocks: Vec<Block> = parsed.into_iter().map(|p| p.block).collect();
    let first = blocks.first();
    let title = first
        .and_then(|b| b.text.get(label.len..))
        .map(|rest| rest.trim_start_matches(is_space))
        .map(clause_title)
        .unwrap_or_default();
    let mut clause = Clause {
        number: label.number,
        label: label.text,
        title,
        responsible_units: units,
        units_range,
        unit_ranges,
        sources: Vec::new(),
        funding_wan: None,
        funding_note: None,
        range: first.map_or(0, |b| b.range.start)..blocks.last().map_or(0, |b| b.range.end),
        line: first.map_or(1, |b| b.line),
        blocks: Vec::new(),
    };
    for block in &blocks {
        if let Some(value) = field_value(&block.text, SOURCES) {
            clause.sources.extend(split_top(value, &['、']));
        }
        if let Some(value) = field_value(&block.text, FUNDING) {
            let (amount, note) = parse_funding(value);
            add_funding(&mut clause.funding_wan, amount);
            if let Some(note) = note {
                match &mut clause.funding_note {
                    Some(all) => {
                        all.push('；');
                        all.push_str(&note);
                    }
                    none => *none = Some(note),
                }
            }
        }
    }
    clause.blocks = blocks;
    clause
}

/// [`char::is_whitespace`], with the characters of Chinese text (CJK
/// ideographs, kana, full-width forms: U+3001 to U+FFFF) answered without
/// a table search: none of them is white space. On a 1 MB regulation the
/// table searches for the two ends of each line were 1.2 M instructions.
pub(crate) fn is_white(c: char) -> bool {
    !('\u{3001}'..='\u{ffff}').contains(&c) && c.is_whitespace()
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// The title in the text after the label: up to the first 。, and never
/// into the `（责任单位：…）`.
fn clause_title(rest: &str) -> String {
    title_span(rest).to_string()
}

/// [`clause_title`] as a slice of `rest`.
pub(crate) fn title_span(rest: &str) -> &str {
    let sentence = first_sentence(rest);
    match list_start(sentence) {
        // A sentence that opens with its unit list (`（责任单位：市科技局）
        // 支持企业。`): the title is what follows the list's bracket, up to
        // the next list (tester15 L6: the title was empty).
        Some(0) => {
            let after = after_bracket(sentence).trim_start_matches(is_space);
            let end = list_start(after).unwrap_or(after.len());
            trim_end_white(after.get(..end).unwrap_or(after))
        }
        end => trim_end_white(
            sentence
                .get(..end.unwrap_or(sentence.len()))
                .unwrap_or(sentence),
        ),
    }
}

/// Where the first `（责任单位`, `（牵头单位`, `（市科技局牵头` … of
/// `sentence` opens (its bracket), found by its role name or names.
fn list_start(sentence: &str) -> Option<usize> {
    unit_lists::places(sentence).into_iter().find_map(|at| {
        let before = sentence.get(..at)?;
        before.strip_suffix(['（', '(']).map(|b| b.len())
    })
}

/// What follows the bracket `text` opens with (empty when it never closes).
fn after_bracket(text: &str) -> &str {
    matching_close(text, 0)
        .and_then(|close| {
            let len = text.get(close..)?.chars().next()?.len_utf8();
            text.get(close + len..)
        })
        .unwrap_or_default()
}

/// `rest` up to its first 。 (without it), all of it when there is none.
pub(crate) fn first_sentence(rest: &str) -> &str {
    // 。 is E3 80 82. The lead byte E3 starts only CJK punctuation (、。《》
    // 「」 and the like) and kana, rare in Chinese text, where the
    // ideographs start E4–E9: one SIMD search for it, then a look at the
    // next two bytes (a memmem searcher cost twice as much on a 10 MB
    // regulation's titles: 16 M instructions against 8 M).
    let bytes = rest.as_bytes();
    let end = memchr::memchr_iter(0xE3, bytes)
        .find(|&at| bytes.get(at + 1..at + 3) == Some(&[0x80, 0x82]))
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// [`title_span`] of a text known to hold no `责任单位`.
pub(crate) fn title_without_units(rest: &str) -> &str {
    trim_end_white(first_sentence(rest))
}

/// `text` without white space at its end ([`str::trim_end`]), said at
/// once when its last character is not white ([`is_white`]): the usual
/// end of a title, where `trim_end` took 40 instructions a clause.
fn trim_end_white(text: &str) -> &str {
    match text.chars().next_back() {
        Some(c) if !is_white(c) => text,
        _ => text.trim_end(),
    }
}

/// Where a unit list's role name (`责任单位`, `牵头部门`, `配合单位` …) is
/// in `text`, or the names of a `（市科技局牵头，…配合）` start: every
/// place, in order. A block with none names no units.
pub(crate) fn units_places(text: &str) -> Vec<usize> {
    unit_lists::places(text)
}

/// The value of a `NAME：value` line (also `NAME:`, `NAME（万元）：`).
pub(crate) fn field_value<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    // Most lines start with neither white space nor the name: said at once.
    let first = text.as_bytes().first().copied().unwrap_or(0);
    let may_be_space = matches!(first, 0x09..=0x0d | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
    if !may_be_space && !text.starts_with(name) {
        return None;
    }
    let rest = text.trim_start_matches(is_space).strip_prefix(name)?;
    let colon = rest.find(['：', ':'])?;
    let between = rest.get(..colon)?;
    if !between.is_empty() && !between.starts_with(['（', '(']) {
        return None;
    }
    let value = rest.get(colon..)?.trim_start_matches(['：', ':']);
    Some(value.trim_matches(is_space))
}

/// Whether `c` opens a bracket: `（(〔[【《<〈{`.
fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '〔' | '[' | '【' | '《' | '<' | '〈' | '{')
}

/// Whether `c` closes a bracket: `）)〕]】》>〉}`.
fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '〕' | ']' | '】' | '》' | '>' | '〉' | '}')
}

/// Split `text` on `seps` outside brackets; trim each part, drop empty ones.
pub(crate) fn split_top(text: &str, seps: &[char]) -> Vec<String> {
    let mut parts: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 && seps.contains(&c) {
            parts.push(text.get(start..i).unwrap_or_default());
            start = i + c.len_utf8();
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
        .into_iter()
        .map(|p| {
            p.trim_matches(|c| is_space(c) || c == '。' || c == '；')
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// The responsible units of a clause and where their text is in the source:
/// the units of every block that names any (every `（责任单位：…）`,
/// `（牵头单位：…；责任单位：…）` … in every paragraph, see [`unit_lists`]),
/// each once, in order (tester5 H4); the source range of the last
/// 责任单位 list (else the last list: where `revise` adds a unit); and the
/// source ranges of all the lists.
fn find_units(blocks: &[Parsed]) -> (Vec<String>, Option<Range<usize>>, Vec<Range<usize>>) {
    let mut units = Vec::new();
    let (mut main, mut last, mut all) = (None, None, Vec::new());
    for parsed in blocks {
        let text = &parsed.block.text;
        let lists = unit_lists::unit_lists(text);
        if lists.is_empty() {
            continue;
        }
        add_units(&mut units, unit_lists::names(text, &lists));
        for l in &lists {
            let Some(range) = locate(&parsed.segs, l.start, l.end) else {
                continue;
            };
            if l.main {
                main = Some(range.clone());
            }
            last = Some(range.clone());
            all.push(range);
        }
    }
    (units, main.or(last), all)
}

/// Append the `more` units not yet in `units`, in order.
pub(crate) fn add_units(units: &mut Vec<String>, more: Vec<String>) {
    for unit in more {
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
}

/// The responsible units in one block's text (every unit list in it, see
/// [`unit_lists`]), as [`Clause::responsible_units`] has them; `None` when
/// the block names none.
pub(crate) fn units_of(text: &str) -> Option<Vec<String>> {
    let lists = unit_lists::unit_lists(text);
    (!lists.is_empty()).then(|| unit_lists::names(text, &lists))
}

/// A unit's name as a list writes it, without a role note: `市财政局（牵头）`
/// → `市财政局`.
pub(crate) fn unit_name(written: &str) -> String {
    unit_lists::drop_verb(unit_lists::drop_note(written.trim().to_string()))
}

/// The byte where the bracket opened at `open` closes (nesting counted),
/// or the end of the text when it never closes.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.get(open..)?.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(open + i);
            }
        }
    }
    Some(text.len())
}

/// The source range of the block's text between `start` and `end`.
/// The range reaches from just after the character before `start` (the
/// colon) to the character at `end` (the closing bracket), so Markdown
/// around the units' text is inside it.
fn locate(segs: &[Seg], start: usize, end: usize) -> Option<Range<usize>> {
    let from = source_pos(segs, start, true).or_else(|| source_pos(segs, start, false))?;
    let to = source_pos(segs, end, false).or_else(|| source_pos(segs, end, true))?;
    (from <= to).then_some(from..to)
}

/// The source position of text offset `at` (exact where the text was
/// copied verbatim, else the nearest segment edge).
fn source_pos(segs: &[Seg], at: usize, is_end: bool) -> Option<usize> {
    let seg = segs.iter().find(|s| {
        if is_end {
            s.text.start < at && at <= s.text.end
        } else {
            s.text.start <= at && at < s.text.end
        }
    })?;
    if seg.text.len() == seg.src.len() {
        Some(seg.src.start + (at - seg.text.start))
    } else if is_end {
        Some(seg.src.end)
    } else {
        Some(seg.src.start)
    }
}

/// Add one funding line's `amount` (万元) to a clause's `total`: the
/// clause's funding is the sum of its lines (tester6 H2: a second line
/// was dropped, and a change to it read as 无变化).
pub(crate) fn add_funding(total: &mut Option<f64>, amount: Option<f64>) {
    if let Some(amount) = amount {
        *total = Some(total.unwrap_or(0.0) + amount);
    }
}

/// `N万元，note` → (N, note). Amounts may have decimals and full-width
/// digits; `亿元` counts 10000 万元 and `元` a ten-thousandth (tester7 H1:
/// `1500000元` is 150 万元). A few words before the number (`约`, `预计`,
/// `每年`, `市级` …) and more amounts after it (`市级100万元，区级50万元`,
/// `100万元（市级）；50万元（区级）`) are read too, the amounts added up; the
/// note is then the whole line as written, so nothing it says is lost.
pub(crate) fn parse_funding(value: &str) -> (Option<f64>, Option<String>) {
    let Some(first) = amount_at(value) else {
        return (None, non_empty(value));
    };
    let mut total = first.wan;
    let mut end = first.end;
    let mut more = false;
    while let Some(next) = value.get(end..).and_then(next_amount) {
        total += next.wan;
        end += next.end;
        more = true;
    }
    if first.prefixed || first.in_yuan || more {
        return (Some(total), non_empty(value));
    }
    let note = value
        .get(end..)
        .unwrap_or("")
        .trim_start_matches(|c| is_space(c) || matches!(c, '，' | ',' | '、' | '；' | ';' | '。'));
    (Some(total), non_empty(note))
}

/// One amount read from the start of a funding line.
struct Amount {
    /// In 万元.
    wan: f64,
    /// The byte just after its unit.
    end: usize,
    /// Words came before the number (`约`, `市级`).
    prefixed: bool,
    /// Written in 元.
    in_yuan: bool,
    /// A number with no unit after it.
    bare: bool,
}

/// At most this many characters of words before an amount's number.
const AMOUNT_PREFIX: usize = 6;

/// The amount at the start of `text`: up to [`AMOUNT_PREFIX`] characters
/// of words (no digit or punctuation), a number, then 万元, 亿元 or 元 —
/// or, with no words before it, a number alone (`新增资金测算（万元）：300`).
fn amount_at(text: &str) -> Option<Amount> {
    let text_start = text.len() - text.trim_start_matches(is_space).len();
    let body = text.get(text_start..)?;
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let (prefix_len, _) = body
        .char_indices()
        .take(AMOUNT_PREFIX + 1)
        .find(|&(_, c)| digit(c) || !c.is_alphabetic())?;
    let prefixed = prefix_len > 0;
    let after_prefix = body.get(prefix_len..)?;
    let rest = after_prefix.trim_start_matches(is_space);
    let prefix_len = prefix_len + after_prefix.len() - rest.len();
    let digits_end = rest
        .char_indices()
        .find(|&(_, c)| !(digit(c) || matches!(c, '.' | '．' | ',' | '，')))
        .map_or(rest.len(), |(i, _)| i);
    let number_len = number_text_len(rest, digits_end);
    let number_text: String = rest
        .get(..number_len)?
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            '．' => Some('.'),
            ',' | '，' => None,
            c => Some(c),
        })
        .collect();
    let number = number_text.parse::<f64>().ok()?;
    let after = rest.get(number_len..)?;
    let unit_at = after.len() - after.trim_start_matches(is_space).len();
    let unit_text = after.get(unit_at..)?;
    let (scale, unit_len, in_yuan) = if unit_text.starts_with("万元") {
        (1.0, "万元".len(), false)
    } else if unit_text.starts_with("亿元") {
        (10000.0, "亿元".len(), false)
    } else if unit_text.starts_with('元') {
        (0.0001, '元'.len_utf8(), true)
    } else if unit_text.is_empty() && !prefixed {
        (1.0, 0, false)
    } else {
        return None;
    };
    Some(Amount {
        wan: number * scale,
        end: text_start + prefix_len + number_len + unit_at + unit_len,
        prefixed,
        in_yuan,
        bare: unit_len == 0,
    })
}

/// Another amount after one just read: past a bracketed note (`（市级）`)
/// and a separator (，；、 或 和), the next [`amount_at`]; its `end` counts
/// from the start of `rest`.
fn next_amount(rest: &str) -> Option<Amount> {
    let mut at = 0;
    let trimmed = rest.trim_start_matches(is_space);
    if trimmed.starts_with(['（', '(']) {
        let open = rest.len() - trimmed.len();
        at = matching_close(rest, open)?;
        at += rest.get(at..)?.chars().next()?.len_utf8();
    }
    let tail = rest.get(at..)?;
    let skipped = tail.len()
        - tail
            .trim_start_matches(|c| {
                is_space(c) || matches!(c, '，' | ',' | '、' | '；' | ';' | '和' | '及')
            })
            .len();
    if skipped == 0 && at == 0 {
        return None;
    }
    let start = at + skipped;
    // A number with no unit after an amount is no amount (`，2025`).
    let next = amount_at(rest.get(start..)?).filter(|a| !a.bare)?;
    Some(Amount {
        end: start + next.end,
        ..next
    })
}

/// The length of the number at the start of `value`: `digits_end` without
/// a trailing comma (which separates the note, not thousands).
fn number_text_len(value: &str, digits_end: usize) -> usize {
    value
        .get(..digits_end)
        .map_or(0, |s| s.trim_end_matches(['，', ',']).len())
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim_matches(is_space);
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = include_str!("../drafts/v1.md");
    const SEED: &str = include_str!("../tests/fixtures/seed.txt");
    const COMMENT: &str = "市委人才办：建议第五点责任单位加上市人社局\tComment by gxc: 市委人才办：建议第五点责任单位加上市人社局";

    fn no_space(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The seed's 附件2: from the title line to the end, the comment marker removed.
    fn seed_annex2() -> String {
        let at = SEED.find("附件2：").expect("seed has 附件2") + "附件2：".len();
        SEED.get(at..).unwrap_or("").replace(COMMENT, "")
    }

    #[test]
    fn v1_has_ten_clauses() {
        let d = Draft::parse(V1);
        let numbers: Vec<u32> = d.clauses.iter().map(|c| c.number).collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
        let funding: Vec<Option<f64>> = d.clauses.iter().map(|c| c.funding_wan).collect();
        let expected = [0., 1000., 0., 2000., 0., 3000., 1000., 0., 2000., 1000.];
        assert_eq!(funding, expected.map(Some).to_vec());
        assert_eq!(d.funding_total_wan(), 10000.0);
    }

    #[test]
    fn v1_title_preamble_closing() {
        let d = Draft::parse(V1);
        assert!(d.title.starts_with("关于进一步支持国家生物药技术创新中心"));
        assert!(d.title.ends_with("的若干政策"));
        assert_eq!(d.preamble.len(), 2);
        assert_eq!(d.preamble[0].text, "（征求意见稿）");
        assert!(
            d.preamble[1]
                .text
                .starts_with("为深入贯彻落实党的二十大精神")
        );
        assert_eq!(d.closing.len(), 1);
        assert!(d.closing[0].text.starts_with("本政策自发布之日起实施"));
        assert!(d.closing[0].text.ends_with("按就高不重复原则实施。"));
        assert!(d.between.is_empty());
    }

    #[test]
    fn v1_clause_5() {
        let d = Draft::parse(V1);
        let c = d.clause(5).expect("clause 5");
        assert_eq!(c.label, "5.");
        assert_eq!(c.title, "支持引进高端人才团队");
        assert_eq!(
            c.responsible_units,
            [
                "市委组织部",
                "市科技局",
                "市外办",
                "各县级市（区）人民政府<管委会>"
            ]
        );
        assert_eq!(
            c.sources,
            ["《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕6号）"]
        );
        assert_eq!(c.funding_wan, Some(0.0));
        assert_eq!(c.funding_note, None);
        assert_eq!(c.blocks.len(), 3);
        assert!(!c.text().contains("Comment"));
        let range = c.units_range.clone().expect("units range");
        assert_eq!(
            &V1[range],
            "市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>"
        );
        assert_eq!(
            V1.lines().nth(c.line - 1).map(|l| l.starts_with("5.")),
            Some(true)
        );
    }

    #[test]
    fn v1_other_clauses() {
        let d = Draft::parse(V1);
        let c7 = d.clause(7).expect("clause 7");
        let n = c7.responsible_units.len();
        assert_eq!(
            c7.responsible_units.get(n - 2..),
            Some(
                &[
                    "市农业农村局".to_string(),
                    "各县级市（区）人民政府<管委会>".to_string()
                ][..]
            )
        );
        let c3 = d.clause(3).expect("clause 3");
        assert_eq!(c3.funding_note.as_deref(), Some("在原路径统筹安排"));
        assert_eq!(c3.sources.len(), 2);
        assert_eq!(
            c3.sources[1],
            "《苏州市促进企业利用资本市场实现高质量发展的实施意见（2023～2025 年）》（苏府〔2022〕94号）"
        );
        let c9 = d.clause(9).expect("clause 9");
        assert_eq!(c9.sources.last().map(String::as_str), Some("政策提档升级"));
        assert!(d.clause(1).expect("clause 1").sources.is_empty());
        assert_eq!(d.clause(10).expect("clause 10").blocks.len(), 3);
    }

    #[test]
    fn v1_text_is_the_seed_annex() {
        let d = Draft::parse(V1);
        assert_eq!(no_space(&d.to_text()), no_space(&seed_annex2()));
    }

    #[test]
    fn angle_brackets_are_text() {
        let d = Draft::parse("1.甲。（责任单位：市科技局，各县级市（区）人民政府<管委会>）\n");
        assert_eq!(
            d.clauses[0].responsible_units,
            ["市科技局", "各县级市（区）人民政府<管委会>"]
        );
    }

    fn numbers(d: &Draft) -> Vec<u32> {
        d.clauses.iter().map(|c| c.number).collect()
    }

    #[test]
    fn chinese_numbered_draft_with_sub_items() {
        let md = "# 若干措施\n\n为了……，制定本措施。\n\n一、加强组织领导。各部门要……\n\n（一）建立机制。\n\n（二）明确分工。（责任单位：市发改委、市财政局）\n\n二、强化资金保障。\n\n新增资金测算：12.5万元\n\n三、附则。本措施自印发之日起施行。\n";
        let d = Draft::parse(md);
        assert_eq!(d.title, "若干措施");
        assert_eq!(numbers(&d), [1, 2, 3]);
        let c1 = d.clause(1).expect("clause 1");
        assert_eq!(c1.label, "一、");
        assert_eq!(c1.title, "加强组织领导");
        assert_eq!(c1.blocks.len(), 3);
        assert_eq!(c1.responsible_units, ["市发改委", "市财政局"]);
        assert_eq!(d.clause(2).and_then(|c| c.funding_wan), Some(12.5));
        assert_eq!(d.clause(3).map(|c| c.title.as_str()), Some("附则"));
        assert!(d.closing.is_empty());
    }

    #[test]
    fn article_numbered_draft() {
        let md = "# 管理办法\n\n第一条 为了规范管理，制定本办法。\n\n第二条 本办法适用于全市。\n\n第十条 本办法自2024年1月1日起施行。\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2, 10]);
        assert_eq!(
            d.clause(1).map(|c| c.title.as_str()),
            Some("为了规范管理，制定本办法")
        );
        assert_eq!(d.clause(1).map(|c| c.label.as_str()), Some("第一条"));
        assert_eq!(d.clause(10).map(|c| c.line), Some(7));
    }

    #[test]
    fn heading_clauses_and_sections() {
        let md = "# 办法\n\n## 第一条 总则\n\n为了规范管理。\n\n## 第二条 适用范围\n\n本办法适用于全市。\n\n## 附则\n\n本办法由市科技局负责解释。\n";
        let d = Draft::parse(md);
        assert_eq!(d.title, "办法");
        assert_eq!(numbers(&d), [1, 2]);
        let c1 = d.clause(1).expect("clause 1");
        assert_eq!(c1.title, "总则");
        assert_eq!(c1.blocks[0].kind, BlockKind::Heading(2));
        assert_eq!(c1.text(), "第一条 总则\n为了规范管理。");
        assert_eq!(d.clause(2).map(|c| c.blocks.len()), Some(2));
        let closing: Vec<&str> = d.closing.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(closing, ["附则", "本办法由市科技局负责解释。"]);
    }

    /// tester5 H2: a plain `第二章　附则` line ends the clause before it
    /// and is a section, as `## 第二章　附则` is (also when no blank line
    /// separates it from the clause).
    #[test]
    fn t5_h2_plain_chapter_line_is_a_section() {
        let md =
            "# 办法\n\n第一章　总则\n\n第一条　甲。\n\n第二章　附则\n第二条　乙\n第三节\n丙。\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2]);
        let texts = |b: &[Block]| b.iter().map(|b| b.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&d.preamble), ["第一章　总则"]);
        assert_eq!(texts(&d.between), ["第二章　附则"]);
        assert_eq!(texts(&d.closing), ["第三节", "丙。"]);
        assert_eq!(
            d.clause(1).map(Clause::text).as_deref(),
            Some("第一条　甲。")
        );
        assert_eq!(d.clause(2).map(Clause::text).as_deref(), Some("第二条　乙"));
    }

    /// tester5 M2: 落款 and date after the last clause are the closing,
    /// one block each, also on consecutive lines.
    #[test]
    fn t5_m2_signature_and_date_after_the_last_clause_are_the_closing() {
        let texts = |b: &[Block]| b.iter().map(|b| b.text.clone()).collect::<Vec<_>>();
        for md in [
            "# 办法\n\n第一条　甲。\n第二条　乙。\n\n苏州市科学技术局\n2026年11月1日\n",
            "# 办法\n\n第一条　甲。\n第二条　乙。\n\n苏州市科学技术局\n\n2026年11月1日\n",
        ] {
            let d = Draft::parse(md);
            assert_eq!(numbers(&d), [1, 2]);
            assert_eq!(
                d.clause(2).map(Clause::text).as_deref(),
                Some("第二条　乙。")
            );
            assert_eq!(texts(&d.closing), ["苏州市科学技术局", "2026年11月1日"]);
        }
        let d = Draft::parse("第一条　甲。\n\n第二条　乙：\n\n市科技局负责解释本办法。\n");
        assert!(d.closing.is_empty(), "a sentence is not a 落款");
        let d = Draft::parse("第一条　甲。\n\n二〇二六年十一月一日\n");
        assert_eq!(texts(&d.closing), ["二〇二六年十一月一日"]);
        let d = Draft::parse("第一条　苏州市科学技术局\n");
        assert_eq!(numbers(&d), [1], "the clause's own line stays");
    }

    /// tester12 M2 (tester10 H3): an 附件 line after the clauses opens the
    /// closing: its numbered list is not read as clauses, nor is it part
    /// of the last clause; a clause that cites an 附件 stays a clause.
    #[test]
    fn t12_m2_an_attachment_list_after_the_clauses_is_the_closing() {
        let md = "# 措施\n\n1. 甲。\n\n2. 乙。\n\n新增资金测算：500万元\n\n附件：1. 重点项目清单\n2. 资金测算表\n\n苏州市工业和信息化局\n2023年6月1日\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2]);
        assert_eq!(d.clause(2).map(|c| c.funding_wan), Some(Some(500.0)));
        let closing: Vec<&str> = d.closing.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            closing,
            [
                "附件：1. 重点项目清单",
                "2. 资金测算表",
                "苏州市工业和信息化局",
                "2023年6月1日"
            ]
        );
        let cited = Draft::parse("第一条　甲。\n\n附件1所列项目可以申请。\n\n第二条　乙。\n");
        assert_eq!(numbers(&cited), [1, 2]);
        // tester13 H2: followed by more clauses, an 附件 line ends nothing.
        let middle = Draft::parse(
            "1. 甲。\n\n附件：项目清单\n\n2. 乙。（责任单位：市发改委）\n\n新增资金测算：200万元\n",
        );
        assert_eq!(numbers(&middle), [1, 2]);
        assert_eq!(middle.funding_total_wan(), 200.0);
        // tester13 H3: the seed letter's own 附件 line comes before the
        // draft it sends, whose clauses all stay clauses.
        let letter = Draft::parse(SEED);
        assert!(letter.clauses.len() >= 10, "{}", letter.clauses.len());
        assert_eq!(letter.funding_total_wan(), 10000.0);
        assert!(is_attachment_line("附件一：名单"));
        assert!(is_attachment_line("附件2：征求意见稿"));
        assert!(is_attachment_line("附件:"));
        assert!(!is_attachment_line("附件1所列项目"));
        assert!(!is_attachment_line("附件中的名单"));
    }

    /// tester5 M4: `第二条规定的企业，…` inside 第三条 stays in 第三条.
    #[test]
    fn t5_m4_cross_reference_paragraph_stays_in_its_clause() {
        let md = "# 办法\n\n第一条　总则。\n\n第二条　适用范围。\n\n第三条　符合下列条件的企业可以申请：\n\n第二条规定的企业，可以申请奖励。\n\n第四条　施行。\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2, 3, 4]);
        assert_eq!(d.clause(3).map(|c| c.blocks.len()), Some(2));
    }

    #[test]
    fn section_heading_between_clauses() {
        let md = "# 措施\n\n## 科技创新\n\n1.支持研发。\n\n## 人才\n\n2.支持人才。\n\n---\n\n附件：名单\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2]);
        assert_eq!(
            d.preamble
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>(),
            ["科技创新"]
        );
        assert_eq!(
            d.between
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>(),
            ["人才"]
        );
        assert_eq!(
            d.closing
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>(),
            ["附件：名单"]
        );
        assert_eq!(d.clause(1).map(|c| c.blocks.len()), Some(1));
        assert_eq!(
            no_space(&d.to_text()),
            "措施科技创新1.支持研发。人才2.支持人才。附件：名单"
        );
    }

    #[test]
    fn ordered_list_clauses() {
        let md = "# 政策\n\n1. 支持区域协同。具体如下。（责任单位：市科技局）\n2. 支持载体建设。\n   - 子项甲\n3. 支持人才。\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2, 3]);
        let c1 = d.clause(1).expect("clause 1");
        assert_eq!(c1.label, "1.");
        assert_eq!(c1.title, "支持区域协同");
        assert_eq!(c1.blocks[0].kind, BlockKind::ListItem);
        assert_eq!(c1.responsible_units, ["市科技局"]);
        let range = c1.units_range.clone().expect("range");
        assert_eq!(md.get(range), Some("市科技局"));
        let c2 = d.clause(2).expect("clause 2");
        assert_eq!(c2.text(), "2.支持载体建设。\n子项甲");
        assert_eq!(c2.blocks[1].line, 5);
    }

    #[test]
    fn no_clauses_is_all_preamble() {
        let md = "关于征求意见的函\n\n各有关单位：\n\n请于5月26日前反馈。\n";
        let d = Draft::parse(md);
        assert_eq!(d.title, "关于征求意见的函");
        assert!(d.clauses.is_empty());
        assert_eq!(d.preamble.len(), 2);
        assert!(d.closing.is_empty());
        assert_eq!(d.funding_total_wan(), 0.0);
        assert_eq!(
            d.to_text(),
            "关于征求意见的函\n各有关单位：\n请于5月26日前反馈。\n"
        );
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        for md in [
            "",
            "\n\n",
            "#",
            "1.",
            "（责任单位：",
            "新增资金测算：",
            "1.甲（责任单位：（（（",
            "| a |\n|---|\n| 1.x |",
            "```\n1.code\n```",
            "> 1.引用\n",
        ] {
            let d = Draft::parse(md);
            let _ = d.to_text();
        }
    }

    #[test]
    fn seed_typed_line_by_line() {
        // The 附件2 pasted as it is in the seed: one line per paragraph, no blank lines.
        let annex = seed_annex2();
        let d = Draft::parse(annex.trim());
        assert_eq!(numbers(&d), (1..=10).collect::<Vec<_>>());
        assert_eq!(d.funding_total_wan(), 10000.0);
        assert_eq!(d.clause(5).map(|c| c.blocks.len()), Some(3));
        assert_eq!(d.closing.len(), 1);
        assert_eq!(no_space(&d.to_text()), no_space(&annex));
    }

    #[test]
    fn inline_markdown_is_flattened() {
        let md = "1.支持**重点**项目，比例10%~30%，或1~2年。（责任单位：*市科技局*、市财政局等）\n";
        let d = Draft::parse(md);
        let c = &d.clauses[0];
        assert_eq!(
            c.blocks[0].text,
            "1.支持重点项目，比例10%~30%，或1~2年。（责任单位：市科技局、市财政局等）"
        );
        assert_eq!(c.responsible_units, ["市科技局", "市财政局"]);
        assert_eq!(c.title, "支持重点项目，比例10%~30%，或1~2年");
        let range = c.units_range.clone().expect("range");
        assert_eq!(md.get(range), Some("*市科技局*、市财政局等"));
    }

    #[test]
    fn funding_forms() {
        assert_eq!(parse_funding("0万元"), (Some(0.0), None));
        assert_eq!(parse_funding("1,000万元"), (Some(1000.0), None));
        assert_eq!(parse_funding("２０００万元"), (Some(2000.0), None));
        assert_eq!(parse_funding("0.5亿元"), (Some(5000.0), None));
        assert_eq!(
            parse_funding("0 万元，在原路径统筹安排"),
            (Some(0.0), Some("在原路径统筹安排".into()))
        );
        assert_eq!(parse_funding("待定"), (None, Some("待定".into())));
        // tester7 H1: 元, words before the number, several amounts.
        let whole = |v: &str, wan: f64| (parse_funding(v), (Some(wan), Some(v.to_string())));
        for (v, wan) in [
            ("1500000元", 150.0),
            ("1,500,000元", 150.0),
            ("约300万元/年", 300.0),
            ("预计 0.2亿元", 2000.0),
            ("市级100万元，区级50万元", 150.0),
            ("100万元（市级）；50万元（区级）", 150.0),
            ("每年100万元，共3年", 100.0),
        ] {
            let (got, want) = whole(v, wan);
            assert_eq!(got, want, "{v}");
        }
        assert_eq!(
            parse_funding("100万元，2025年起"),
            (Some(100.0), Some("2025年起".into()))
        );
        assert_eq!(parse_funding("共3年"), (None, Some("共3年".into())));
        assert_eq!(
            parse_funding("在原路径统筹安排"),
            (None, Some("在原路径统筹安排".into()))
        );
        assert_eq!(parse_funding(""), (None, None));
        assert_eq!(
            field_value("新增资金测算（万元）：300", FUNDING),
            Some("300")
        );
        assert_eq!(field_value("政策来源:《甲》", SOURCES), Some("《甲》"));
        assert_eq!(field_value("政策来源于《甲》", SOURCES), None);
    }

    #[test]
    fn sources_split_outside_brackets() {
        assert_eq!(
            split_top(
                "《甲、乙》（苏〔2022〕6号）、政策提档升级、（丙、丁）",
                &['、']
            ),
            ["《甲、乙》（苏〔2022〕6号）", "政策提档升级", "（丙、丁）"]
        );
    }

    #[test]
    fn units_as_their_own_line() {
        let md = "1.支持研发。\n\n责任单位：市科技局、市工信局。\n";
        let d = Draft::parse(md);
        assert_eq!(d.clauses[0].responsible_units, ["市科技局", "市工信局"]);
        assert_eq!(
            d.clauses[0].units_range.clone().and_then(|r| md.get(r)),
            Some("市科技局、市工信局")
        );
    }

    #[test]
    fn tables_are_tab_separated() {
        let md = "# 表\n\n| 序号 | 单位 |\n|---|---|\n| 1 | 市科技局 |\n";
        let d = Draft::parse(md);
        assert_eq!(d.to_text(), "表\n序号\t单位\n1\t市科技局\n");
        assert_eq!(d.preamble[0].kind, BlockKind::Table);
    }

    #[test]
    fn circled_and_paren_top_level_only_when_alone() {
        let d = Draft::parse("（一）甲。\n\n（二）乙。\n");
        assert_eq!(numbers(&d), [1, 2]);
        let d = Draft::parse("①甲。\n\n②乙。\n\n1.丙。\n\n①丁。\n");
        assert_eq!(numbers(&d), [1]);
        assert_eq!(d.clauses[0].blocks.len(), 2);
    }

    #[test]
    fn wrapped_paragraph_stays_whole() {
        let md = "1.支持研发创新，对符合条件的企业\n给予支持。具体办法另行制定（责任单位：市科技局、\n市财政局）\n新增资金测算：100万元\n";
        let d = Draft::parse(md);
        let c = &d.clauses[0];
        assert_eq!(c.blocks.len(), 2);
        assert_eq!(c.title, "支持研发创新，对符合条件的企业给予支持");
        assert_eq!(c.responsible_units, ["市科技局", "市财政局"]);
        let range = c.units_range.clone().expect("range");
        assert_eq!(md.get(range), Some("市科技局、\n市财政局"));
        assert_eq!(c.funding_wan, Some(100.0));
        assert_eq!(c.blocks[1].line, 4);
    }

    /// tester6 H1 and H2, as every command reads a draft.
    #[test]
    fn t6_units_line_after_a_comma_and_two_funding_lines() {
        let md = "1.支持研发，对符合条件的企业，\n责任单位：市科技局、\n市财政局\n新增资金测算：100万元，甲\n新增资金测算：20万元，乙\n";
        let d = Draft::parse(md);
        let c = &d.clauses[0];
        assert_eq!(c.blocks.len(), 4);
        assert_eq!(c.responsible_units, ["市科技局", "市财政局"]);
        assert_eq!(c.funding_wan, Some(120.0));
        assert_eq!(c.funding_note.as_deref(), Some("甲；乙"));
        assert_eq!(d.funding_total_wan(), 120.0);
    }

    #[test]
    fn v1_units_ranges_point_at_the_source() {
        let d = Draft::parse(V1);
        for c in &d.clauses {
            let range = c.units_range.clone().expect("units range");
            let text = V1.get(range.clone()).expect("on char boundaries");
            let whole = unit_lists::Listed {
                start: 0,
                end: text.len(),
                main: true,
            };
            assert_eq!(unit_lists::names(text, &[whole]), c.responsible_units);
            assert_eq!(V1.get(range.end..).map(|r| r.starts_with('）')), Some(true));
        }
    }

    #[test]
    fn long_line_by_line_draft_is_quick() {
        let mut md = String::from("# 标题\n");
        for i in 1..=999 {
            md.push_str(&format!(
                "{i}.支持第{i}项。（责任单位：市科技局）\n新增资金测算：1万元\n"
            ));
        }
        let d = Draft::parse(&md);
        assert_eq!(d.clauses.len(), 999);
        assert_eq!(d.funding_total_wan(), 999.0);
    }

    /// The quick white-space test is `char::is_whitespace`, for every char.
    #[test]
    fn is_white_is_is_whitespace() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_white(c), c.is_whitespace(), "{:x}", c as u32);
        }
    }

    proptest::proptest! {
        /// The quick end tests read as the `str` methods they stand for.
        #[test]
        fn quick_end_tests_read_as_the_str_methods(text in "[。！？；!?”’」』》）)a 　\t\u{0b}\u{85}\u{a0}\u{2028}\u{3000}\u{3001}市科\u{ff09}\u{ffff}]{0,8}") {
            proptest::prop_assert_eq!(trim_end_white(&text), text.trim_end());
            let old = text
                .trim_end_matches(['”', '’', '」', '』', '》', '）', ')'])
                .ends_with(['。', '！', '？', '；', '!', '?']);
            proptest::prop_assert_eq!(ends_sentence(&text), old);
        }

        #[test]
        fn any_text_parses(md in "[1一第条、.．（）()<>*_~`#|\\-\n 　。：责任单位政策来源新增资金测算万元等市局a-z0-9]{0,200}") {
            let d = Draft::parse(&md);
            let _ = d.to_text();
            for c in &d.clauses {
                if let Some(r) = &c.units_range {
                    proptest::prop_assert!(md.get(r.clone()).is_some());
                }
                proptest::prop_assert!(md.get(c.range.clone()).is_some());
            }
        }
    }

    #[test]
    fn indented_text_is_paragraphs() {
        let md = "    1.支持研发。（责任单位：市科技局）\n    新增资金测算：100万元\n\n    2.支持人才。\n";
        let d = Draft::parse(md);
        assert_eq!(numbers(&d), [1, 2]);
        let c = &d.clauses[0];
        assert_eq!(c.blocks.len(), 2);
        assert_eq!(c.funding_wan, Some(100.0));
        assert_eq!(c.responsible_units, ["市科技局"]);
        assert_eq!(
            c.units_range.clone().and_then(|r| md.get(r)),
            Some("市科技局")
        );
        assert_eq!(c.blocks[1].line, 2);
        assert_eq!(
            d.to_text(),
            "1.支持研发。（责任单位：市科技局）\n新增资金测算：100万元\n2.支持人才。\n"
        );
    }

    #[test]
    fn fenced_code_is_not_a_clause() {
        let d = Draft::parse("```\n1.代码\n```\n\n1.条款。\n");
        assert_eq!(numbers(&d), [1]);
        assert_eq!(d.clauses[0].blocks[0].text, "1.条款。");
    }

    #[test]
    fn bom_and_crlf() {
        let md = "\u{feff}# 标题\r\n\r\n1.支持研发。（责任单位：市科技局、市财政局）\r\n新增资金测算：5万元\r\n";
        let d = Draft::parse(md);
        assert_eq!(d.title, "标题");
        let c = &d.clauses[0];
        assert_eq!(c.responsible_units, ["市科技局", "市财政局"]);
        assert_eq!(
            c.units_range.clone().and_then(|r| md.get(r)),
            Some("市科技局、市财政局")
        );
        assert_eq!(c.funding_wan, Some(5.0));
        assert_eq!(c.line, 3);
        assert_eq!(
            d.to_text(),
            "标题\n1.支持研发。（责任单位：市科技局、市财政局）\n新增资金测算：5万元\n"
        );
    }

    #[test]
    fn clause_titles() {
        assert_eq!(clause_title("支持研发（责任单位：市科技局）"), "支持研发");
        assert_eq!(clause_title("支持研发。具体"), "支持研发");
        assert_eq!(clause_title("支持研发"), "支持研发");
        assert_eq!(parse_funding("300"), (Some(300.0), None));
    }
}
