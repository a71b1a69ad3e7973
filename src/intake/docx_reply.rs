//! Replies sent as Word files: a .docx read into a [`Parsed`] reply.
//!
//! A department answers in one of three ways, and [`parse`] tells them
//! apart by what the file holds:
//!
//! - **the draft marked up**: each comment thread (a comment and its
//!   replies) is one opinion on the clause its anchor falls in (or the
//!   clause its text names); a leading `单位名：` names the sender, and so
//!   do a `反馈单位：…` line and an author that is a listed body. Tracked changes are grouped per
//!   paragraph into one opinion whose edits reproduce them: a deletion next
//!   to an insertion is a `replace`, a deletion alone a `delete`, an
//!   insertion alone a `replace` of the text before it — each with enough
//!   context to be unique in its clause;
//! - **a 反馈意见表**: a table headed 序号/条款/原文/修改意见/理由 (or the
//!   like) gives one opinion per row;
//! - **a letter**: anything else is read as free text.
//!
//! To know which clause a paragraph is in, the document is turned into
//! Markdown as it read before the changes (the draft the department saw)
//! and parsed as a draft. A comment's date is when it was written, not when
//! the reply was received, so no receipt time comes from the file.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::Path;

use crate::docx::markdown::docx_markdown;
use crate::docx::{
    Comment, DocxBlock, DocxDocument, Para, Revision, RevisionKind, View, read_docx,
};
use crate::draft::Draft;
use crate::error::Result;
use crate::intake::freetext;
use crate::intake::{Format, NameSource, Parsed, RawOpinion};
use crate::opinion::{Edit, OpinionSource};

/// Read a .docx reply. `path` is only used in messages.
pub fn parse(bytes: &[u8], path: &Path) -> Result<Parsed> {
    let doc = read_docx(bytes).map_err(|e| e.into_error(path))?;
    parse_document(&doc, path)
}

/// Read an opened .docx as a reply.
pub fn parse_document(doc: &DocxDocument, path: &Path) -> Result<Parsed> {
    let clauses = ClauseMap::new(doc);
    let mut parsed = Parsed {
        format: Some(Format::Docx),
        copy_text: Some(clauses.markdown.clone()),
        ..Parsed::default()
    };
    let threads = doc.threads();
    let changed = changed_paragraphs(doc);
    if !threads.is_empty() || !changed.is_empty() {
        let mut authors = Vec::new();
        let mut all_no_objection = true;
        for thread in &threads {
            let mut comments = vec![&thread.root];
            comments.extend(thread.replies.iter());
            if let Some(opinion) = comment_opinion(&comments, &clauses, &mut parsed.names) {
                all_no_objection = false;
                parsed.opinions.push(opinion);
            }
            authors.extend(comments.iter().map(|c| c.author.clone()));
        }
        for para in changed {
            let (opinion, who) = revision_opinion(para, doc, &clauses);
            authors.extend(who);
            if let Some(opinion) = opinion {
                all_no_objection = false;
                parsed.opinions.push(opinion);
            }
        }
        parsed.no_objection = all_no_objection && !threads.is_empty();
        parsed.names.extend(unit_lines(doc));
        push_authors(&mut parsed.names, authors);
        return Ok(parsed);
    }
    if let Some(rows) = feedback_table(doc) {
        parsed.no_objection = rows.is_empty();
        parsed.opinions = rows;
        parsed.names.extend(unit_lines(doc));
        let text = non_table_text(doc);
        parsed.names.extend(crate::intake::letter_names(&text, 1));
        return Ok(parsed);
    }
    let text = letter_text(doc);
    let mut letter = crate::intake::parse_text(&text, path)?;
    letter.format = Some(Format::Docx);
    letter.encoding = None;
    letter.copy_text = parsed.copy_text;
    letter.names.extend(unit_lines(doc));
    Ok(letter)
}

/// Authors as names, each once, blanks left out; used only when they
/// resolve to a listed body.
fn push_authors(names: &mut Vec<(String, NameSource, Option<usize>)>, authors: Vec<String>) {
    for author in authors {
        let author = author.trim().to_string();
        if author.is_empty() || names.iter().any(|(n, _, _)| *n == author) {
            continue;
        }
        names.push((author, NameSource::CommentAuthor, None));
    }
}

// ---------------------------------------------------------------------------
// Paragraphs to clauses

/// The document as the draft it was before the changes: which clause each
/// paragraph is in, and each clause's text.
struct ClauseMap<'a> {
    /// Every paragraph by its index.
    paras: HashMap<usize, &'a Para>,
    /// Paragraph index → byte offset of its block in the Markdown.
    offsets: HashMap<usize, usize>,
    draft: Draft,
    /// The document as Markdown, every tracked change rejected.
    markdown: String,
    /// The text of each clause (the first of a number).
    texts: HashMap<u32, String>,
    /// Bytes that may still be searched to make edits unique (a hostile
    /// file with thousands of changes in one huge clause costs no more).
    budget: Cell<usize>,
}

/// Bytes searched at most, in all, to make edits unique.
const SEARCH_BUDGET: usize = 256 * 1024 * 1024;

impl<'a> ClauseMap<'a> {
    fn new(doc: &'a DocxDocument) -> ClauseMap<'a> {
        let markdown = docx_markdown(doc, View::Rejected);
        let draft = Draft::parse(&markdown.text);
        let offsets = markdown
            .paragraphs
            .iter()
            .map(|(i, r)| (*i, r.start))
            .collect();
        let mut texts = HashMap::new();
        for c in &draft.clauses {
            texts.entry(c.number).or_insert_with(|| c.text());
        }
        ClauseMap {
            paras: doc.paragraphs().into_iter().map(|p| (p.index, p)).collect(),
            offsets,
            draft,
            markdown: markdown.text,
            texts,
            budget: Cell::new(SEARCH_BUDGET),
        }
    }

    /// The number of the clause paragraph `index` is in.
    fn clause_of(&self, index: usize) -> Option<u32> {
        let at = *self.offsets.get(&index)?;
        let clauses = &self.draft.clauses;
        let after = clauses.partition_point(|c| c.range.start <= at);
        let c = clauses.get(after.checked_sub(1)?)?;
        (at < c.range.end.max(c.range.start + 1)).then_some(c.number)
    }

    /// The text of clause `number`, where an edit's words must be unique.
    fn scope(&self, number: Option<u32>) -> Option<Scope<'_>> {
        Some(Scope {
            text: self.texts.get(&number?)?,
            budget: &self.budget,
        })
    }
}

/// The text an edit's words must be unique in, and what may still be
/// spent searching it.
struct Scope<'a> {
    text: &'a str,
    budget: &'a Cell<usize>,
}

impl Scope<'_> {
    /// Whether `needle` occurs exactly once; `None` once the budget is spent.
    fn unique(&self, needle: &str) -> Option<bool> {
        let left = self.budget.get().checked_sub(self.text.len())?;
        self.budget.set(left);
        Some(self.text.matches(needle).take(2).count() == 1)
    }
}

// ---------------------------------------------------------------------------
// Comments

/// One opinion from a comment thread; `None` when it says nothing but
/// "no objection" (or nothing at all).
fn comment_opinion(
    comments: &[&Comment],
    clauses: &ClauseMap,
    names: &mut Vec<(String, NameSource, Option<usize>)>,
) -> Option<RawOpinion> {
    let root = comments.first()?;
    let anchored = root.paragraph.and_then(|p| clauses.clause_of(p));
    let mut texts = Vec::new();
    let mut edits = Vec::new();
    let mut quoted = Vec::new();
    let mut named = None;
    let mut substantive = false;
    for (i, comment) in comments.iter().enumerate() {
        let raw = comment.text.trim();
        if raw.is_empty() {
            continue;
        }
        let free = freetext::extract(raw);
        let body = match &free.department_prefix {
            Some(prefix) => {
                if !names.iter().any(|(n, _, _)| n == prefix) {
                    names.push((prefix.clone(), NameSource::CommentPrefix, None));
                }
                strip_prefix(raw, prefix)
            }
            None => raw.to_string(),
        };
        substantive |= !free.items.is_empty() || !free.no_objection;
        for item in &free.items {
            named = named.or(item.clause);
            edits.extend(item.edits.iter().cloned());
            quoted.extend(item.quoted.iter().cloned());
        }
        texts.push(if i == 0 || comment.author.trim().is_empty() {
            body
        } else {
            format!("回复（{}）：{body}", comment.author.trim())
        });
    }
    if texts.is_empty() || !substantive {
        return None;
    }
    let clause = anchored.or(named);
    let (proposal, reason) = split_reason(texts.first().map(String::as_str).unwrap_or_default());
    if edits.is_empty()
        && !root.anchor.trim().is_empty()
        && let Some(edit) = anchored_edit(root, proposal, clauses, clause)
    {
        edits.push(edit);
    }
    let anchor = root.anchor.trim();
    if !anchor.is_empty() {
        quoted.push(anchor.to_string());
    }
    let author = root.author.trim();
    Some(RawOpinion {
        clause,
        text: texts.join("\n"),
        edits,
        quoted,
        line: None,
        source: Some(OpinionSource::Comment),
        reason,
        author: (!author.is_empty()).then(|| author.to_string()),
        anchor: (!anchor.is_empty()).then(|| anchor.to_string()),
        ..RawOpinion::default()
    })
}

/// A comment's proposal and the reason given after it: “建议改为500。理由：
/// 财力可承受。” → (“建议改为500。”, 财力可承受).
fn split_reason(body: &str) -> (&str, Option<String>) {
    let Some(at) = ["理由：", "理由:", "理由是", "理由为"]
        .iter()
        .filter_map(|m| body.find(m).map(|i| (i, m.len())))
        .min()
    else {
        return (body, None);
    };
    let reason = body[at.0 + at.1..]
        .trim()
        .trim_end_matches(['。', '.', '；', ';'])
        .trim();
    let proposal = body[..at.0].trim_end_matches([' ', '，', ',', '（', '(']);
    (proposal, (!reason.is_empty()).then(|| reason.to_string()))
}

/// The comment's text after its `单位名：` prefix.
fn strip_prefix(text: &str, prefix: &str) -> String {
    let t = text.trim_start();
    t.strip_prefix(prefix)
        .map(|rest| rest.trim_start_matches([' ', '\u{3000}']))
        .and_then(|rest| rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')))
        .map_or_else(|| t.to_string(), |rest| rest.trim().to_string())
}

/// A comment on some text that says only "改为X" or "删除" proposes that
/// edit of the commented text.
fn anchored_edit(
    root: &Comment,
    body: &str,
    clauses: &ClauseMap,
    clause: Option<u32>,
) -> Option<Edit> {
    let anchor = root.anchor.trim();
    if anchor.contains('\n') {
        return None;
    }
    let scope = clauses.scope(clause)?;
    let proposal = short_proposal(body)?;
    let para = root.paragraph.and_then(|i| clauses.paras.get(&i))?;
    let text: Vec<char> = para.text(View::Rejected).chars().collect();
    let hay: String = text.iter().collect();
    let at = hay.find(anchor)?;
    let start = hay[..at].chars().count();
    let end = start + anchor.chars().count();
    let to = match proposal {
        Proposal::Replace(to) => to,
        Proposal::Delete => String::new(),
    };
    Some(edit_with_context(&text, start, end, &to, &scope))
}

enum Proposal {
    Replace(String),
    Delete,
}

/// `建议改为“X”`, `修改为X。`, `删除`, `建议删去`.
fn short_proposal(body: &str) -> Option<Proposal> {
    let t = body.trim().trim_end_matches(['。', '.', '；', ';']);
    let t = t
        .strip_prefix("建议")
        .unwrap_or(t)
        .trim_start_matches(['：', ':', ' ']);
    if [
        "删除",
        "删去",
        "删掉",
        "删除此句",
        "删除该句",
        "删除此处",
        "删除本句",
    ]
    .contains(&t)
    {
        return Some(Proposal::Delete);
    }
    for lead in [
        "修改为",
        "改为",
        "调整为",
        "更改为",
        "替换为",
        "表述为",
        "修改成",
        "改成",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            let rest = rest.trim_start_matches(['：', ':', ' ']);
            let to = rest
                .trim_start_matches(['“', '"', '「', '‘'])
                .trim_end_matches(['”', '"', '」', '’']);
            if !to.is_empty() && !to.contains(['“', '”', '"']) {
                return Some(Proposal::Replace(to.to_string()));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Tracked changes

/// Paragraphs with a tracked change of their text, in document order,
/// then those of footnotes and endnotes.
fn changed_paragraphs(doc: &DocxDocument) -> Vec<&Para> {
    doc.paragraphs()
        .into_iter()
        .chain(doc.notes.iter().flat_map(|n| n.paragraphs.iter()))
        .filter(|p| p.runs.iter().any(|r| run_op(r).is_some()))
        .collect()
}

/// What a run is in the change: deleted, inserted, or `None` (unchanged,
/// or inserted and deleted again, which no view shows).
fn run_op(run: &crate::docx::Run) -> Option<Op> {
    match (run.inserted, run.deleted) {
        (Some(i), None) if !run.text.is_empty() => Some(Op::Insert(i)),
        (None, Some(d)) if !run.text.is_empty() => Some(Op::Delete(d)),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Insert(usize),
    Delete(usize),
}

/// A stretch of changes between unchanged text.
#[derive(Debug, Default)]
struct Hunk {
    /// Where it starts in the paragraph's original text, in chars.
    start: usize,
    deleted: String,
    inserted: String,
    /// Indices into the document's revisions.
    revisions: Vec<usize>,
}

fn hunks(para: &Para) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let mut pos = 0;
    let mut open = false;
    for run in &para.runs {
        match run_op(run) {
            None => {
                if run.inserted.is_none() && !run.text.is_empty() {
                    pos += run.text.chars().count();
                    open = false;
                }
            }
            Some(op) => {
                if !open {
                    out.push(Hunk {
                        start: pos,
                        ..Hunk::default()
                    });
                    open = true;
                }
                let Some(hunk) = out.last_mut() else {
                    continue;
                };
                match op {
                    Op::Delete(i) => {
                        hunk.deleted.push_str(&run.text);
                        pos += run.text.chars().count();
                        hunk.revisions.push(i);
                    }
                    Op::Insert(i) => {
                        hunk.inserted.push_str(&run.text);
                        hunk.revisions.push(i);
                    }
                }
            }
        }
    }
    out
}

/// One opinion for a paragraph's tracked changes, and their authors.
fn revision_opinion(
    para: &Para,
    doc: &DocxDocument,
    clauses: &ClauseMap,
) -> (Option<RawOpinion>, Vec<String>) {
    let note = doc
        .notes
        .iter()
        .find(|n| n.paragraphs.iter().any(|p| p.index == para.index));
    let clause = match note {
        Some(n) => n.reference.and_then(|r| clauses.clause_of(r)),
        None => clauses.clause_of(para.index),
    };
    let original: Vec<char> = para.text(View::Rejected).chars().collect();
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut changes = Vec::new();
    let mut authors = Vec::new();
    for hunk in hunks(para) {
        let who = stamp(&hunk.revisions, &doc.revisions);
        authors.extend(
            hunk.revisions
                .iter()
                .filter_map(|i| doc.revisions.get(*i))
                .map(|r| r.author.clone()),
        );
        let end = hunk.start + hunk.deleted.chars().count();
        let moved = hunk.revisions.iter().any(|i| {
            doc.revisions
                .get(*i)
                .is_some_and(|r| matches!(r.kind, RevisionKind::MoveFrom | RevisionKind::MoveTo))
        });
        let description = describe(&hunk, &original, end, moved);
        if !(hunk.deleted.is_empty() && original.is_empty()) {
            changes.push(Change {
                start: hunk.start,
                end,
                to: hunk.inserted.clone(),
            });
        }
        parts.push((who, description));
    }
    // Edits outside any clause (or in a note, whose text is not the
    // clause's) could not be applied: they are told in words.
    let edits = match clauses.scope(clause).filter(|_| note.is_none()) {
        Some(scope) => grouped_edits(&original, &changes, &scope),
        None => Vec::new(),
    };
    let quoted = edits
        .iter()
        .filter_map(|e| match e {
            Edit::Replace { from, .. } | Edit::Delete { text: from } => Some(from.clone()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        return (None, authors);
    }
    let same = parts.windows(2).all(|w| w[0].0 == w[1].0);
    let text = if same {
        let who = parts.first().map(|p| p.0.clone()).unwrap_or_default();
        let list: Vec<String> = parts.into_iter().map(|p| p.1).collect();
        format!("修订{who}：{}", list.join("；"))
    } else {
        let list: Vec<String> = parts
            .into_iter()
            .map(|(who, d)| format!("{who}{d}"))
            .collect();
        format!("修订：{}", list.join("；"))
    };
    let text = match note {
        Some(n) => format!("{}{}：{text}", note_word(&n.kind), n.id),
        None => text,
    };
    let opinion = RawOpinion {
        clause,
        text,
        edits,
        quoted,
        line: None,
        source: Some(OpinionSource::Revision),
        ..RawOpinion::default()
    };
    (Some(opinion), authors)
}

/// 脚注 / 尾注.
fn note_word(kind: &str) -> &'static str {
    if kind == "endnote" {
        "尾注"
    } else {
        "脚注"
    }
}

/// `（张三，2023-05-24）` for the first revision of a hunk.
fn stamp(indices: &[usize], revisions: &[Revision]) -> String {
    let Some(r) = indices.first().and_then(|i| revisions.get(*i)) else {
        return String::new();
    };
    let date = r
        .date
        .as_deref()
        .and_then(|d| d.get(..10))
        .filter(|d| d.chars().filter(|c| *c == '-').count() == 2);
    match (r.author.trim(), date) {
        ("", None) => String::new(),
        ("", Some(d)) => format!("（{d}）"),
        (a, None) => format!("（{a}）"),
        (a, Some(d)) => format!("（{a}，{d}）"),
    }
}

/// `将“X”改为“Y”`, `删除“X”`, `在“X”后增加“Y”`.
/// Moved text says 移出/移入 instead of 删除/增加.
fn describe(hunk: &Hunk, original: &[char], end: usize, moved: bool) -> String {
    let (remove, add) = if moved {
        ("移出", "移入")
    } else {
        ("删除", "增加")
    };
    match (hunk.deleted.is_empty(), hunk.inserted.is_empty()) {
        (false, false) => format!("将“{}”改为“{}”", hunk.deleted, hunk.inserted),
        (false, true) => format!("{remove}“{}”", hunk.deleted),
        _ if moved => format!("{add}“{}”", hunk.inserted),
        _ => {
            let before = context_before(original, hunk.start);
            if !before.is_empty() {
                return format!("在“{before}”后增加“{}”", hunk.inserted);
            }
            let after = context_after(original, end);
            if after.is_empty() {
                format!("增加一段“{}”", hunk.inserted)
            } else {
                format!("在“{after}”前增加“{}”", hunk.inserted)
            }
        }
    }
}

/// The most context taken before a bare insertion, in chars.
const CONTEXT: usize = 10;

/// Separators that end the context of an insertion.
fn is_separator(c: char) -> bool {
    "、，,。；;：:（）()“”\"《》！？!?\t\n ".contains(c)
}

/// The text before `at` back to a separator (at most [`CONTEXT`] chars).
fn context_before(text: &[char], at: usize) -> String {
    let at = at.min(text.len());
    let mut start = at;
    while start > 0 && at - start < CONTEXT {
        match text.get(start - 1) {
            Some(c) if !is_separator(*c) || start == at => start -= 1,
            _ => break,
        }
    }
    text.get(start..at).unwrap_or_default().iter().collect()
}

/// The text after `at` up to a separator (at most [`CONTEXT`] chars).
fn context_after(text: &[char], at: usize) -> String {
    let at = at.min(text.len());
    let mut end = at;
    while end < text.len() && end - at < CONTEXT {
        match text.get(end) {
            Some(c) if !is_separator(*c) || end == at => end += 1,
            _ => break,
        }
    }
    text.get(at..end).unwrap_or_default().iter().collect()
}

/// The most context added around a change to make it unique, in chars.
const MAX_CONTEXT: usize = 40;

/// One change of a paragraph: `text[start..end]` (in chars) becomes `to`.
#[derive(Debug, Clone)]
struct Change {
    start: usize,
    end: usize,
    to: String,
}

/// The edit that turns `text[start..end]` into `to`, with as much context
/// around it as makes its `from` occur once in `scope`.
fn edit_with_context(text: &[char], start: usize, end: usize, to: &str, scope: &Scope<'_>) -> Edit {
    let change = Change {
        start,
        end,
        to: to.to_string(),
    };
    let (l, r) = window(text, &change, scope);
    edit_over(text, l, r, &[change])
}

/// The stretch `l..r` around a change whose text occurs once in `scope`: the
/// changed text itself, or (for a bare insertion, or text that occurs more
/// than once) with the words around it.
fn window(text: &[char], change: &Change, scope: &Scope<'_>) -> (usize, usize) {
    let start = change.start.min(text.len());
    let end = change.end.min(text.len()).max(start);
    let (mut l, mut r) = (start, end);
    if start == end {
        // A bare insertion: anchor it on the words before it (or after).
        let before = context_before(text, start).chars().count();
        if before > 0 {
            l = start - before;
        } else {
            r = end + context_after(text, end).chars().count();
        }
    }
    let mut grow_left = true;
    let most = end - start + MAX_CONTEXT;
    loop {
        if l < r && (r - l >= most || scope.unique(&slice(text, l, r)) != Some(false)) {
            break;
        }
        match (l > 0, r < text.len()) {
            (false, false) => break,
            (true, false) => l -= 1,
            (false, true) => r += 1,
            (true, true) if grow_left => l -= 1,
            (true, true) => r += 1,
        }
        grow_left = !grow_left;
    }
    (l, r)
}

fn slice(text: &[char], a: usize, b: usize) -> String {
    text.get(a..b).unwrap_or_default().iter().collect()
}

/// The edit of `text[l..r]` that makes `changes` (in order, inside it).
fn edit_over(text: &[char], l: usize, r: usize, changes: &[Change]) -> Edit {
    let from = slice(text, l, r);
    let mut to = String::new();
    let mut at = l;
    for c in changes {
        let start = c.start.clamp(at, r);
        to.push_str(&slice(text, at, start));
        to.push_str(&c.to);
        at = c.end.clamp(start, r);
    }
    to.push_str(&slice(text, at, r));
    if to.is_empty() {
        Edit::Delete { text: from }
    } else {
        Edit::Replace { from, to }
    }
}

/// The edits that make `changes` — (start, end, replacement), char offsets
/// into `old`, in order — each `from` long enough to occur once in `old`
/// (an edited copy's changes to one clause).
pub(crate) fn edits_for(old: &str, changes: &[(usize, usize, String)]) -> Vec<Edit> {
    let text: Vec<char> = old.chars().collect();
    let budget = Cell::new(SEARCH_BUDGET);
    let scope = Scope {
        text: old,
        budget: &budget,
    };
    let changes: Vec<Change> = changes
        .iter()
        .map(|(start, end, to)| Change {
            start: *start,
            end: *end,
            to: to.clone(),
        })
        .collect();
    grouped_edits(&text, &changes, &scope)
}

/// One edit per group of changes whose windows overlap (two edits of the
/// same words could not both be applied).
fn grouped_edits(text: &[char], changes: &[Change], scope: &Scope<'_>) -> Vec<Edit> {
    let mut groups: Vec<(usize, usize, Vec<Change>)> = Vec::new();
    for change in changes {
        let (l, r) = window(text, change, scope);
        match groups.last_mut() {
            Some((gl, gr, members)) if l < *gr => {
                *gl = (*gl).min(l);
                *gr = (*gr).max(r);
                members.push(change.clone());
            }
            _ => groups.push((l, r, vec![change.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(l, r, members)| edit_over(text, l, r, &members))
        .collect()
}

// ---------------------------------------------------------------------------
// 反馈意见表

/// What a column of a feedback table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Serial,
    Clause,
    Original,
    Opinion,
    Proposed,
    Reason,
}

/// The column a header cell names, if any.
pub(crate) fn classify(header: &str) -> Option<Column> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |keys: &[&str]| keys.iter().any(|k| h.contains(k));
    if h.is_empty() {
        return None;
    }
    if has(&["修改后", "建议修改为", "修改为", "建议改为"]) {
        return Some(Column::Proposed);
    }
    if has(&["理由", "依据", "说明"]) && !has(&["意见", "建议"]) {
        return Some(Column::Reason);
    }
    if has(&["意见", "建议"]) {
        return Some(Column::Opinion);
    }
    if has(&["原文", "原条文", "原表述", "原内容", "条文内容", "原稿"]) {
        return Some(Column::Original);
    }
    if has(&["条款", "条目", "章节", "位置", "页码", "条"]) {
        return Some(Column::Clause);
    }
    if has(&["序号", "编号"]) {
        return Some(Column::Serial);
    }
    None
}

/// The opinions of every feedback table in the document, or `None` when
/// there is no such table. An empty list: the table says nothing.
fn feedback_table(doc: &DocxDocument) -> Option<Vec<RawOpinion>> {
    let mut found = false;
    let mut opinions = Vec::new();
    for block in &doc.blocks {
        let DocxBlock::Table(rows) = block else {
            continue;
        };
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|c| c.text(View::Accepted)).collect())
            .collect();
        let Some((at, columns)) = header(&cells) else {
            continue;
        };
        found = true;
        for row in cells.iter().skip(at + 1) {
            opinions.extend(row_opinion(row, &columns));
        }
    }
    found.then_some(opinions)
}

/// The header row (among the first three) and its columns.
pub(crate) fn header(rows: &[Vec<String>]) -> Option<(usize, Vec<Option<Column>>)> {
    rows.iter().take(3).enumerate().find_map(|(i, row)| {
        let columns: Vec<Option<Column>> = row.iter().map(|c| classify(c)).collect();
        let has = |k: Column| columns.contains(&Some(k));
        let says = has(Column::Opinion) || has(Column::Proposed);
        let locates = has(Column::Clause) || has(Column::Original) || has(Column::Serial);
        (says && locates).then_some((i, columns))
    })
}

pub(crate) fn row_opinion(row: &[String], columns: &[Option<Column>]) -> Option<RawOpinion> {
    let cell = |k: Column| -> String {
        columns
            .iter()
            .zip(row)
            .filter(|(c, _)| **c == Some(k))
            .map(|(_, t)| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (opinion, proposed, original) = (
        cell(Column::Opinion),
        cell(Column::Proposed),
        cell(Column::Original),
    );
    // An original cell saying 无 gives no text to change.
    let original = if is_nothing(&original) {
        String::new()
    } else {
        original
    };
    let reason = cell(Column::Reason);
    let says = if opinion.is_empty() {
        // A row whose 修改为 says 无 proposes nothing.
        if proposed.is_empty() || is_nothing(&proposed) {
            return None;
        }
        if original.is_empty() || original.contains('\n') {
            format!("建议修改为“{proposed}”")
        } else {
            format!("建议将“{original}”修改为“{proposed}”")
        }
    } else {
        opinion.clone()
    };
    if is_nothing(&says) {
        return None;
    }
    let free = freetext::extract(&says);
    let clause =
        clause_number(&cell(Column::Clause)).or_else(|| free.items.iter().find_map(|i| i.clause));
    let mut edits: Vec<Edit> = free.items.iter().flat_map(|i| i.edits.clone()).collect();
    let mut worded = None;
    if !original.is_empty() && !original.contains('\n') {
        if !proposed.is_empty() {
            edits = vec![Edit::Replace {
                from: original.clone(),
                to: proposed.clone(),
            }];
        } else if edits.is_empty() {
            match short_proposal(&opinion) {
                Some(Proposal::Replace(to)) => edits.push(Edit::Replace {
                    from: original.clone(),
                    to,
                }),
                Some(Proposal::Delete) => edits.push(Edit::Delete {
                    text: original.clone(),
                }),
                // 原文 + 修改意见 written as the new wording itself: the
                // text says what becomes what (the report's 意见内容).
                None if is_new_wording(&opinion) => {
                    let to = opinion.trim().trim_end_matches('。').to_string();
                    worded = Some(format!("建议将“{original}”修改为“{to}”"));
                    edits.push(Edit::Replace {
                        from: original.clone(),
                        to,
                    });
                }
                None => {}
            }
        }
    }
    let text = worded.unwrap_or(says);
    let mut quoted: Vec<String> = free.items.into_iter().flat_map(|i| i.quoted).collect();
    if !original.is_empty() {
        quoted.push(original);
    }
    Some(RawOpinion {
        clause,
        text,
        edits,
        quoted,
        line: None,
        source: Some(crate::opinion::OpinionSource::Table),
        reason: (!reason.is_empty()).then_some(reason),
        new_clause: false,
        ..RawOpinion::default()
    })
}

/// An opinion cell that is the new wording itself, not a sentence about it.
fn is_new_wording(text: &str) -> bool {
    const ABOUT: [&str; 10] = [
        "建议", "应", "请", "需", "增加", "删除", "补充", "明确", "修改", "调整",
    ];
    !text.trim().is_empty() && !ABOUT.iter().any(|w| text.contains(w)) && !text.contains('\n')
}

/// A cell that says nothing: 无, 无意见, /, —.
fn is_nothing(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"。.，,".contains(*c))
        .collect();
    matches!(
        t.as_str(),
        "" | "无" | "/" | "—" | "-" | "——" | "暂无" | "无意见"
    ) || freetext::extract(text).no_objection
}

/// A clause cell: `5`, `第五条`, `五`, `第5点`, `（五）`.
fn clause_number(cell: &str) -> Option<u32> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.trim_end_matches(['.', '、', '．']).parse() {
        return Some(n);
    }
    if let Some(r) = crate::numbering::clause_refs(t).first() {
        return Some(r.number);
    }
    if let Some(label) = crate::numbering::clause_label(t) {
        return Some(label.number);
    }
    let core = t
        .trim_start_matches('第')
        .trim_end_matches(['条', '点', '款', '项', '、']);
    crate::numbering::parse_chinese_numeral(core)
}

/// `反馈单位：市人社局`, `单位名称：…`, `填报单位（盖章）：…`, in
/// paragraphs or in a two-cell table row.
fn unit_lines(doc: &DocxDocument) -> Vec<(String, NameSource, Option<usize>)> {
    let mut names = Vec::new();
    let mut add = |name: &str| {
        let name = name.trim();
        if (2..=30).contains(&name.chars().count()) {
            names.push((name.to_string(), NameSource::Letter, None));
        }
    };
    for block in &doc.blocks {
        match block {
            DocxBlock::Paragraph(p) => {
                if let Some(name) = unit_value(&p.text(View::Accepted)) {
                    add(&name);
                }
            }
            DocxBlock::Table(rows) => {
                for row in rows {
                    let texts: Vec<String> = row.iter().map(|c| c.text(View::Accepted)).collect();
                    for (i, t) in texts.iter().enumerate() {
                        if let Some(name) = unit_value(t) {
                            add(&name);
                        } else if is_unit_key(t)
                            && let Some(next) = texts.get(i + 1)
                        {
                            add(next);
                        }
                    }
                }
            }
        }
    }
    names
}

fn is_unit_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("（盖章）", "")
        .replace("(盖章)", "")
        .replace("名称", "");
    const KEYS: [&str; 10] = [
        "单位",
        "反馈单位",
        "填报单位",
        "报送单位",
        "来函单位",
        "回复单位",
        "提出单位",
        "意见单位",
        "反馈意见单位",
        "提出意见单位",
    ];
    KEYS.contains(&k.as_str())
}

/// The value of a `…单位：X` line, cut before a following field.
pub(crate) fn unit_value(line: &str) -> Option<String> {
    let line = line.trim();
    let at = line.find(['：', ':'])?;
    let (key, rest) = line.split_at(at);
    if !is_unit_key(key) {
        return None;
    }
    let rest = rest.get(rest.chars().next()?.len_utf8()..)?.trim();
    let end = ["  ", "\u{3000}", "\t", "联系人", "电话", "日期"]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()
        .unwrap_or(rest.len());
    let name = rest.get(..end)?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

// ---------------------------------------------------------------------------
// Letters

/// The text of a letter: one paragraph a line, a blank line between
/// paragraphs so that each can be an opinion of its own.
fn letter_text(doc: &DocxDocument) -> String {
    doc.plain_text(View::Accepted)
        .lines()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The paragraphs outside tables, one a line.
fn non_table_text(doc: &DocxDocument) -> String {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            DocxBlock::Paragraph(p) => Some(p.text(View::Accepted)),
            DocxBlock::Table(_) => None,
        })
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::testing::{NS, docx, package};

    const V1: &str = include_str!("../../drafts/v1.md");

    /// [`edit_with_context`] with `scope` as the clause text.
    fn ctx(text: &[char], start: usize, end: usize, to: &str, scope: &str) -> Edit {
        let budget = Cell::new(SEARCH_BUDGET);
        let scope = Scope {
            text: scope,
            budget: &budget,
        };
        edit_with_context(text, start, end, to, &scope)
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn replace(from: &str, to: &str) -> Edit {
        Edit::Replace {
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn edits_carry_just_enough_context() {
        let scope = "1.甲乙丙，甲乙丁。";
        let text = chars(scope);
        // 丙 is unique: no context.
        assert_eq!(ctx(&text, 4, 5, "戊", scope), replace("丙", "戊"));
        // The second 甲乙 is not unique: context until it is.
        let e = ctx(&text, 6, 8, "", scope);
        assert_eq!(e, replace("，甲乙", "，"));
        // A unique deletion is a delete.
        assert_eq!(
            ctx(&text, 7, 8, "", "乙"),
            Edit::Delete { text: "乙".into() }
        );
        // A bare insertion is anchored on the words before it…
        assert_eq!(
            ctx(&text, 5, 5, "、己", scope),
            replace("1.甲乙丙", "1.甲乙丙、己")
        );
        // …or, at the start, on the words after it.
        let t = chars("市外办，市科技局");
        assert_eq!(
            ctx(&t, 0, 0, "市人社局、", "市外办，市科技局"),
            replace("市外办", "市人社局、市外办")
        );
        // Out-of-range positions never panic.
        let _ = ctx(&text, 99, 120, "x", scope);
        let _ = ctx(&[], 0, 0, "x", "");
        // With the budget spent, no context is searched for.
        let budget = Cell::new(3);
        let scope = Scope {
            text: scope,
            budget: &budget,
        };
        assert_eq!(
            edit_with_context(&text, 6, 8, "", &scope),
            Edit::Delete {
                text: "甲乙".into()
            }
        );
    }

    #[test]
    fn contexts_stop_at_separators() {
        let t = chars("（责任单位：市委组织部、市外办）");
        assert_eq!(context_before(&t, 15), "市外办");
        assert_eq!(context_after(&t, 6), "市委组织部");
        assert_eq!(context_before(&t, 0), "");
    }

    #[test]
    fn clause_cells() {
        for (cell, n) in [
            ("5", Some(5)),
            ("5.", Some(5)),
            ("第五条", Some(5)),
            ("第5条", Some(5)),
            ("五", Some(5)),
            ("第十点", Some(10)),
            ("（三）", Some(3)),
            ("", None),
            ("总体", None),
        ] {
            assert_eq!(clause_number(cell), n, "{cell}");
        }
    }

    #[test]
    fn columns_and_headers() {
        assert_eq!(classify("修改意见"), Some(Column::Opinion));
        assert_eq!(classify("修改建议"), Some(Column::Opinion));
        assert_eq!(classify("建议修改为"), Some(Column::Proposed));
        assert_eq!(classify("修改理由"), Some(Column::Reason));
        assert_eq!(classify("原 文"), Some(Column::Original));
        assert_eq!(classify("条款"), Some(Column::Clause));
        assert_eq!(classify("序号"), Some(Column::Serial));
        assert_eq!(classify("备注"), None);
        let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let table = rows(&[&["反馈意见表", ""], &["条款", "意见"], &["5", "x"]]);
        assert_eq!(header(&table).map(|h| h.0), Some(1));
        assert!(header(&rows(&[&["姓名", "电话"], &["a", "b"]])).is_none());
    }

    #[test]
    fn short_proposals_and_unit_lines() {
        assert!(
            matches!(short_proposal("建议改为“市人社局”。"), Some(Proposal::Replace(t)) if t == "市人社局")
        );
        assert!(matches!(short_proposal("删除"), Some(Proposal::Delete)));
        assert!(short_proposal("建议将“甲”改为“乙”").is_none());
        assert!(short_proposal("请再研究").is_none());
        assert_eq!(unit_value("反馈单位：市发改委"), Some("市发改委".into()));
        assert_eq!(
            unit_value("填报单位（盖章）：市教育局  联系人：张三"),
            Some("市教育局".into())
        );
        assert_eq!(unit_value("单位名称:市外办"), Some("市外办".into()));
        assert_eq!(unit_value("责任单位：市科技局"), None);
        assert_eq!(unit_value("联系人：张三"), None);
        assert_eq!(
            strip_prefix("市委人才办：建议加上", "市委人才办"),
            "建议加上"
        );
        assert_eq!(strip_prefix("无前缀", "市委人才办"), "无前缀");
    }

    fn p(inner: &str) -> String {
        format!("<w:p>{inner}</w:p>")
    }

    fn r(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    fn change(tag: &str, id: u32, text: &str) -> String {
        let t = if tag == "w:del" || tag == "w:moveFrom" {
            "w:delText"
        } else {
            "w:t"
        };
        format!(
            r#"<{tag} w:id="{id}" w:author="张三" w:date="2023-05-24T09:00:00Z"><w:r><{t}>{text}</{t}></w:r></{tag}>"#
        )
    }

    fn parse_xml(body: &str) -> Parsed {
        let doc = read_docx(&docx(body)).unwrap_or_default();
        parse_document(&doc, Path::new("t.docx")).unwrap_or_default()
    }

    #[test]
    fn tracked_changes_in_one_paragraph_are_one_opinion() {
        let body = [
            p(&r("关于若干政策")),
            p(&r("1.支持甲。（责任单位：市科技局）")),
            p(&format!(
                "{}{}{}{}{}",
                r("2.支持乙，乙方"),
                change("w:del", 1, "乙"),
                change("w:ins", 2, "丙"),
                r("。"),
                change("w:ins", 3, "新增一句。"),
            )),
            p(&change("w:ins", 4, "整段新增。")),
        ]
        .concat();
        let parsed = parse_xml(&body);
        assert_eq!(parsed.format, Some(Format::Docx));
        assert_eq!(parsed.opinions.len(), 2, "{:#?}", parsed.opinions);
        let o = &parsed.opinions[0];
        assert_eq!(o.clause, Some(2));
        assert_eq!(
            o.text,
            "修订（张三，2023-05-24）：将“乙”改为“丙”；在“乙方乙。”后增加“新增一句。”"
        );
        // The two changes share their context: one edit makes both.
        assert_eq!(o.edits, [replace("乙方乙。", "乙方丙。新增一句。")]);
        // A whole new paragraph is told in words, with no edit.
        let o = &parsed.opinions[1];
        assert_eq!(o.clause, Some(2));
        assert_eq!(o.text, "修订（张三，2023-05-24）：增加一段“整段新增。”");
        assert!(o.edits.is_empty());
        assert_eq!(
            parsed.names,
            [("张三".to_string(), NameSource::CommentAuthor, None)]
        );
        assert!(!parsed.no_objection);
    }

    #[test]
    fn moves_say_so() {
        let body = [
            p(&r("1.支持甲。")),
            p(&format!(
                "{}{}",
                r("2.乙"),
                change("w:moveFrom", 1, "移走的话")
            )),
            p(&format!(
                "{}{}",
                r("3.丙"),
                change("w:moveTo", 2, "移走的话")
            )),
        ]
        .concat();
        let parsed = parse_xml(&body);
        let texts: Vec<&str> = parsed.opinions.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "修订（张三，2023-05-24）：移出“移走的话”",
                "修订（张三，2023-05-24）：移入“移走的话”"
            ]
        );
    }

    fn with_comments(body: &str, comments: &str, extended: &str) -> Parsed {
        let bytes = package(&[
            ("word/document.xml", &crate::docx::testing::document(body)),
            (
                "word/comments.xml",
                &format!(r#"<w:comments {NS}>{comments}</w:comments>"#),
            ),
            (
                "word/commentsExtended.xml",
                &format!(r#"<w15:commentsEx {NS}>{extended}</w15:commentsEx>"#),
            ),
        ]);
        let doc = read_docx(&bytes).unwrap_or_default();
        parse_document(&doc, Path::new("c.docx")).unwrap_or_default()
    }

    fn comment(id: u32, author: &str, para: &str, text: &str) -> String {
        format!(
            r#"<w:comment w:id="{id}" w:author="{author}"><w:p w14:paraId="{para}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
        )
    }

    fn anchored(id: u32, before: &str, anchor: &str, after: &str) -> String {
        format!(
            r#"{}<w:commentRangeStart w:id="{id}"/>{}<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>{}"#,
            r(before),
            r(anchor),
            r(after)
        )
    }

    #[test]
    fn the_seed_comment() {
        let lines: Vec<String> = V1
            .lines()
            .map(|l| l.trim_start_matches("# ").to_string())
            .filter(|l| !l.trim().is_empty())
            .collect();
        let units = "（责任单位：市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>）";
        let body: String = lines
            .iter()
            .map(
                |l| match l.strip_suffix(units).filter(|_| l.starts_with("5.")) {
                    Some(head) => p(&anchored(
                        0,
                        head,
                        &units.replace('<', "&lt;").replace('>', "&gt;"),
                        "",
                    )),
                    None => p(&r(&l.replace('<', "&lt;").replace('>', "&gt;"))),
                },
            )
            .collect();
        let parsed = with_comments(
            &body,
            &comment(0, "gxc", "01", "市委人才办：建议第五点责任单位加上市人社局"),
            "",
        );
        assert_eq!(parsed.opinions.len(), 1);
        let o = &parsed.opinions[0];
        assert_eq!(o.clause, Some(5));
        assert_eq!(o.text, "建议第五点责任单位加上市人社局");
        assert_eq!(
            o.edits,
            [Edit::AddUnit {
                unit: "市人社局".into()
            }]
        );
        assert_eq!(
            parsed.names,
            [
                ("市委人才办".to_string(), NameSource::CommentPrefix, None),
                ("gxc".to_string(), NameSource::CommentAuthor, None)
            ]
        );
        assert_eq!(
            parsed.received_at, None,
            "a comment's date is no receipt time"
        );
    }

    #[test]
    fn threads_anchors_and_no_objection() {
        let body = [
            p(&r("关于若干政策")),
            p(&anchored(1, "1.支持甲，", "市外办", "负责。")),
            p(&anchored(3, "2.支持乙，", "市外办", "负责。")),
        ]
        .concat();
        let comments = [
            comment(1, "王五", "01", "建议改为“市人社局”"),
            comment(2, "赵六", "02", "同意"),
            comment(3, "王五", "03", "市发改委：第一条建议再研究"),
        ]
        .concat();
        let extended = r#"<w15:commentEx w15:paraId="01"/><w15:commentEx w15:paraId="02" w15:paraIdParent="01"/><w15:commentEx w15:paraId="03"/>"#;
        let parsed = with_comments(&body, &comments, extended);
        assert_eq!(parsed.opinions.len(), 2, "{:#?}", parsed.opinions);
        let a = &parsed.opinions[0];
        assert_eq!(a.clause, Some(1));
        assert_eq!(a.text, "建议改为“市人社局”\n回复（赵六）：同意");
        // 市外办 is in both clauses but once in clause 1: no context needed.
        assert_eq!(a.edits, [replace("市外办", "市人社局")]);
        // The anchor wins over a clause named in the text.
        let b = &parsed.opinions[1];
        assert_eq!(b.clause, Some(2));
        assert_eq!(b.text, "第一条建议再研究");
        assert_eq!(parsed.names[0].0, "市发改委");

        let only = with_comments(
            &p(&anchored(1, "1.甲", "乙", "")),
            &comment(1, "王五", "01", "无意见"),
            "",
        );
        assert!(only.opinions.is_empty());
        assert!(only.no_objection);
    }

    #[test]
    fn a_docx_without_markup_is_a_letter() {
        let body = [
            p(&r("市科技局：")),
            p(&r("第五点：建议责任单位加上市人社局。")),
            p(&r("市教育局")),
            p(&r("2023年5月24日")),
        ]
        .concat();
        let parsed = parse_xml(&body);
        assert_eq!(parsed.format, Some(Format::Docx));
        assert_eq!(parsed.opinions.len(), 1);
        assert_eq!(parsed.opinions[0].clause, Some(5));
        assert!(parsed.names.iter().any(|n| n.0 == "市教育局"));
        let empty = parse_xml("");
        assert!(empty.opinions.is_empty());
    }

    /// A random Word body from pieces that matter here: clause labels,
    /// repeated words, tracked changes, moves, comment anchors (possibly
    /// unbalanced or across paragraphs), paragraph-mark changes, tables.
    fn random_body(choices: &[(u8, u8)]) -> (String, String) {
        const TEXTS: [&str; 8] = [
            "1.",
            "五、",
            "甲乙",
            "甲",
            "（责任单位：市外办、市科技局）",
            "。",
            "新增资金测算：10万元",
            "市委人才办：建议第五点增加市人社局",
        ];
        let mut body = String::from("<w:p>");
        let mut comments = String::new();
        for (k, &(kind, pick)) in choices.iter().enumerate() {
            let t = TEXTS[usize::from(pick) % TEXTS.len()];
            let id = pick % 4;
            body.push_str(&match kind % 12 {
                0 | 1 => r(t),
                2 => change("w:ins", k as u32, t),
                3 => change("w:del", k as u32, t),
                4 => change("w:moveFrom", k as u32, t),
                5 => change("w:moveTo", k as u32, t),
                6 => format!(r#"<w:commentRangeStart w:id="{id}"/>"#),
                7 => format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#),
                8 => "</w:p><w:p>".to_string(),
                9 => format!(
                    r#"</w:p><w:p><w:pPr><w:rPr><w:del w:id="m{k}" w:author="a"/></w:rPr></w:pPr>{}"#,
                    r(t)
                ),
                10 => format!(
                    "</w:p><w:tbl><w:tr><w:tc><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p>",
                    r("修改意见"),
                    r(t)
                ),
                _ => {
                    comments.push_str(&comment(u32::from(id), "市卫健委", &format!("0{k}"), t));
                    String::new()
                }
            });
        }
        body.push_str("</w:p>");
        (body, comments)
    }

    proptest::proptest! {
        #[test]
        fn no_body_makes_it_panic(choices in proptest::collection::vec((0u8..12, 0u8..8), 0..40)) {
            let (body, comments) = random_body(&choices);
            let _ = with_comments(&body, &comments, "");
            let _ = parse_xml(&body);
        }
    }
}
