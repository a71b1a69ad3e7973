//! Proposed edits read from a proposal's wording: quotes, then every
//! phrasing that names an edit — 将“A”修改为“B” (and 应为, 改成, 表述为,
//! 调整为, 修改成 …), “A”建议改为B, 市交通局改为市交通运输局, 由200万元提高到
//! 300万元, 在“A”后增加“B”, 删除“A”, 增加X为责任单位, 将X列为责任单位,
//! and their opposites (建议不将X列为, X不宜作为, 将X从责任单位中删除,
//! 责任单位不包括X). A unit's parenthetical reason (市水务局（涉及用水价格）)
//! is not part of its name.

use std::ops::Range;

use super::freetext::{is_punct, is_unit_name, trim};
use crate::numbering;
use crate::opinion::Edit;

// ---------------------------------------------------------------------------
// Quotes

/// A quoted string: its text and the byte range of the quote marks and text.
#[derive(Debug, Clone)]
pub(crate) struct Quote {
    pub(crate) inner: String,
    pub(crate) range: Range<usize>,
}

/// Opening and closing quote marks.
const QUOTE_PAIRS: [(char, char); 7] = [
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('‘', '’'),
    ('"', '"'),
    ('\'', '\''),
    ('＂', '＂'),
];

/// Every quoted string, in order (not nested).
pub(crate) fn quotes(text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut pos = 0;
    // Closing marks not found after some point are not searched again
    // (keeps many unclosed quotes linear).
    let mut exhausted: Vec<char> = Vec::new();
    while let Some(rest) = text.get(pos..) {
        let Some((i, open)) = rest
            .char_indices()
            .find(|(_, c)| QUOTE_PAIRS.iter().any(|(o, _)| o == c))
        else {
            break;
        };
        let start = pos + i;
        let inner_start = start + open.len_utf8();
        let close = QUOTE_PAIRS
            .iter()
            .find(|(o, _)| *o == open)
            .map_or(open, |(_, c)| *c);
        let found = if exhausted.contains(&close) {
            None
        } else {
            text.get(inner_start..)
                .and_then(|after| after.find(close).map(|j| inner_start + j))
        };
        match found {
            Some(end) => {
                out.push(Quote {
                    inner: trim(text.get(inner_start..end).unwrap_or("")).to_owned(),
                    range: start..end + close.len_utf8(),
                });
                pos = end + close.len_utf8();
            }
            None => {
                exhausted.push(close);
                pos = inner_start;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Edits

/// Words that turn “A” into “B”.
const REPLACE_WORDS: [&str; 24] = [
    "应修改为",
    "应改为",
    "应调整为",
    "应当为",
    "应为",
    "宜改为",
    "修改为",
    "修改成",
    "改为",
    "改成",
    "调整为",
    "调整成",
    "变更为",
    "更改为",
    "更改成",
    "替换为",
    "替换成",
    "更正为",
    "修订为",
    "修正为",
    "表述为",
    "改写为",
    "统一为",
    "更换为",
];

/// Words that add units.
const ADD_VERBS: [&str; 11] = [
    "加上", "增加", "增列", "添加", "新增", "补充", "增补", "加入", "增设", "追加", "明确",
];

/// Words that remove units or text.
const REMOVE_VERBS: [&str; 10] = [
    "删除", "删去", "删掉", "去掉", "去除", "移除", "移出", "剔除", "拿掉", "取消",
];

/// After 将X: words that make X a unit.
const LIST_AS: [&str; 10] = [
    "增列为",
    "增加为",
    "增补为",
    "补充为",
    "确定为",
    "列为",
    "纳入",
    "列入",
    "作为",
    "加入",
];

const UNIT: &str = "责任单位";

/// Builds an AddUnit or RemoveUnit edit.
type MakeEdit = fn(String) -> Edit;

/// An edit found: where its phrase starts, the edit, and the phrase's bytes.
type Found = (usize, Edit, Range<usize>);

/// The edits a text proposes, in order of appearance.
pub(crate) fn edits(text: &str, quotes: &[Quote]) -> Vec<Edit> {
    let mut found: Vec<Found> = Vec::new();
    found.extend(replacements(text, quotes));
    found.extend(unit_edits(text));
    found.extend(deletions(text, quotes, &found));
    found.sort_by_key(|(pos, _, _)| *pos);
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .map(|(_, edit, _)| edit)
        .filter(|edit| seen.insert(edit_key(edit)))
        .collect()
}

/// A key that is equal for equal edits (Edit has no Hash).
fn edit_key(edit: &Edit) -> (u8, String, String) {
    match edit {
        Edit::AddUnit { unit } => (0, unit.clone(), String::new()),
        Edit::RemoveUnit { unit } => (1, unit.clone(), String::new()),
        Edit::Replace { from, to } => (2, from.clone(), to.clone()),
        Edit::Delete { text } => (3, text.clone(), String::new()),
    }
}

/// 将“A”修改为“B” (and “A”改为“B”); 在“A”后增加“B” → “A” becomes “AB”.
fn replacements(text: &str, quotes: &[Quote]) -> Vec<Found> {
    let mut out = Vec::new();
    for pair in quotes.windows(2) {
        let [a, b] = pair else { continue };
        let between = trim(text.get(a.range.end..b.range.start).unwrap_or(""));
        if a.inner.is_empty() || between.chars().count() > 8 || between.contains(['。', '；', ';'])
        {
            continue;
        }
        let before = text.get(..a.range.start).unwrap_or("");
        let edit = if REPLACE_WORDS.iter().any(|w| between.ends_with(w)) {
            Edit::Replace {
                from: a.inner.clone(),
                to: b.inner.clone(),
            }
        } else if let Some(to) = insertion(before, between, &a.inner, &b.inner) {
            Edit::Replace {
                from: a.inner.clone(),
                to,
            }
        } else {
            continue;
        };
        out.push((a.range.start, edit, a.range.start..b.range.end));
    }
    out.extend(unquoted_replacement(text, quotes));
    out.extend(unit_renamed(text));
    out.extend(amount_changed(text));
    out
}

/// `市交通局建议改为市交通运输局` with no quotes: both sides names of units.
fn unit_renamed(text: &str) -> Option<Found> {
    for word in REPLACE_WORDS {
        let Some(at) = text.find(word) else { continue };
        let before = text.get(..at)?;
        let before = before.strip_suffix("建议").unwrap_or(before);
        let from: String = before
            .chars()
            .rev()
            .take_while(|&c| !is_punct(c) && !"中的将把".contains(c))
            .collect::<Vec<char>>()
            .into_iter()
            .rev()
            .collect();
        let rest = text.get(at + word.len()..)?;
        let to: String = rest.chars().take_while(|&c| !is_punct(c)).collect();
        if is_unit_name(&from) && is_unit_name(&to) && from != to {
            let start = before.rfind(from.as_str()).unwrap_or(0);
            return Some((
                start,
                Edit::Replace {
                    from,
                    to: to.clone(),
                },
                start..at + word.len() + to.len(),
            ));
        }
    }
    None
}

/// The first `chars` characters of `s` (bounds the searches made from
/// every occurrence of a word, so that long texts stay linear).
fn window(s: &str, chars: usize) -> &str {
    s.char_indices()
        .nth(chars)
        .map_or(s, |(i, _)| s.get(..i).unwrap_or(s))
}

/// `由200万元提高到300万元`, `从30%调整为20%` → replace the amount.
fn amount_changed(text: &str) -> Option<Found> {
    const VERBS: [&str; 9] = [
        "提高", "提升", "增加", "调整", "降低", "下调", "上调", "减少", "调高",
    ];
    for (pos, c) in text
        .char_indices()
        .filter(|(_, c)| matches!(c, '由' | '从'))
    {
        let after = window(text.get(pos + c.len_utf8()..)?, 40);
        let Some((at, verb)) = VERBS
            .iter()
            .filter_map(|v| after.find(v).map(|i| (i, *v)))
            .min_by_key(|(i, _)| *i)
        else {
            continue;
        };
        let from = after.get(..at)?;
        let tail = after.get(at + verb.len()..)?;
        let Some(tail) = ["到", "至", "为"].iter().find_map(|w| tail.strip_prefix(w)) else {
            continue;
        };
        let to: String = tail.chars().take_while(|&c| !is_punct(c)).collect();
        let short = |s: &str| (1..=12).contains(&s.chars().count()) && !s.chars().any(is_punct);
        let numeric = |s: &str| s.chars().any(|c| c.is_ascii_digit());
        if short(from) && short(&to) && numeric(from) && numeric(&to) {
            let end = text.len() - tail.len() + to.len();
            return Some((
                pos,
                Edit::Replace {
                    from: from.to_string(),
                    to,
                },
                pos..end,
            ));
        }
    }
    None
}

/// “A”建议改为B（no quotes around B）: B runs to the next punctuation.
fn unquoted_replacement(text: &str, quotes: &[Quote]) -> Option<Found> {
    let a = quotes.last()?;
    if a.inner.is_empty() {
        return None;
    }
    let after = text.get(a.range.end..)?;
    let (at, word) = REPLACE_WORDS
        .iter()
        .filter_map(|w| after.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))?;
    let between = after.get(..at)?;
    if between.chars().count() > 6 || between.chars().any(is_punct) {
        return None;
    }
    let rest = after.get(at + word.len()..)?;
    let rest = rest.trim_start_matches(['：', ':']);
    if rest.starts_with(|c: char| is_quote_mark(c)) {
        return None;
    }
    let end = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, '，' | '。' | '；' | ',' | ';' | '\n'))
        .map_or(rest.len(), |(i, _)| i);
    let to = trim(rest.get(..end)?);
    if to.is_empty() || to.chars().count() > 100 {
        return None;
    }
    Some((
        a.range.start,
        Edit::Replace {
            from: a.inner.clone(),
            to: to.to_string(),
        },
        a.range.start..text.len() - rest.len() + end,
    ))
}

/// 在“A”后(面)增加“B” → AB; 在“A”前(面)增加“B” → BA.
fn insertion(before: &str, between: &str, a: &str, b: &str) -> Option<String> {
    if !trim(before).ends_with('在') || b.is_empty() {
        return None;
    }
    let verb = |rest: &str| {
        ADD_VERBS
            .iter()
            .chain(&["插入", "加"])
            .any(|v| trim(rest).starts_with(v))
    };
    for (side, after) in [
        ("后面", true),
        ("之后", true),
        ("后", true),
        ("前面", false),
        ("之前", false),
        ("前", false),
    ] {
        if let Some(rest) = between.strip_prefix(side)
            && verb(rest)
        {
            return Some(if after {
                format!("{a}{b}")
            } else {
                format!("{b}{a}")
            });
        }
    }
    None
}

/// 删除/删去“A”, “A”删除 → Delete, unless the quote names a removed unit
/// or is part of a replacement.
fn deletions(text: &str, quotes: &[Quote], taken: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut last_deleted: Option<usize> = None;
    let taken = Spans::new(taken);
    for q in quotes {
        let overlaps = taken.overlaps(&q.range);
        if overlaps || q.inner.is_empty() {
            continue;
        }
        let before = trim(text.get(..q.range.start).unwrap_or(""));
        let after = trim(text.get(q.range.end..).unwrap_or(""));
        let after = ["一词", "字样", "等字", "这句话", "一句", "的表述", "表述"]
            .iter()
            .find_map(|w| after.strip_prefix(w))
            .unwrap_or(after);
        let verb_before = delete_verb_before(before);
        let verb_after = REMOVE_VERBS.iter().any(|v| trim(after).starts_with(v));
        let listed = last_deleted.is_some_and(|end| {
            matches!(
                trim(text.get(end..q.range.start).unwrap_or("x")),
                "、" | "和" | "及" | "，"
            )
        });
        if verb_before || verb_after || listed {
            out.push((
                q.range.start,
                Edit::Delete {
                    text: q.inner.clone(),
                },
                q.range.clone(),
            ));
            last_deleted = Some(q.range.end);
        }
    }
    out
}

/// The byte ranges of edits already found, to ask in O(log n) whether a
/// quote overlaps one of them (long replies have thousands of each).
struct Spans {
    /// Ranges sorted by start, each with the largest end up to it.
    sorted: Vec<(usize, usize)>,
}

impl Spans {
    fn new(found: &[Found]) -> Spans {
        let mut ranges: Vec<(usize, usize)> =
            found.iter().map(|(_, _, r)| (r.start, r.end)).collect();
        ranges.sort_unstable();
        let mut max_end = 0;
        let sorted = ranges
            .into_iter()
            .map(|(start, end)| {
                max_end = max_end.max(end);
                (start, max_end)
            })
            .collect();
        Spans { sorted }
    }

    /// Whether some range starts before `r` ends and ends after `r` starts.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.sorted.partition_point(|&(start, _)| start < r.end);
        before_end > 0
            && self
                .sorted
                .get(before_end - 1)
                .is_some_and(|&(_, max_end)| max_end > r.start)
    }
}

/// Whether the text before a quote ends with a delete verb: 删除“A”,
/// 删去其中的“A”, 删去第七条中的“A”.
fn delete_verb_before(before: &str) -> bool {
    let verbs = || REMOVE_VERBS.iter().chain(&["删"]);
    if verbs().any(|v| before.ends_with(v)) {
        return true;
    }
    let Some(head) = ["中的", "里的", "的", "中"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
    else {
        return false;
    };
    // The phrase since the last punctuation, at most 15 characters.
    let phrase: String = head
        .chars()
        .rev()
        .take_while(|&c| !is_punct(c))
        .take(15)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    verbs().any(|v| phrase.contains(v))
}

/// AddUnit and RemoveUnit from every phrasing.
fn unit_edits(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !text.contains(UNIT) {
        return out;
    }
    out.extend(unit_then_verb(text));
    out.extend(verb_then_unit(text));
    out.extend(take_as_unit(text));
    out.extend(negated_units(text));
    out.extend(units_excluded(text));
    out
}

fn add(unit: String) -> Edit {
    Edit::AddUnit { unit }
}

fn remove(unit: String) -> Edit {
    Edit::RemoveUnit { unit }
}

/// 责任单位(中)加上X、Y / 责任单位中删除X.
fn unit_then_verb(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices(UNIT) {
        let after = pos + UNIT.len();
        let rest = text.get(after..).unwrap_or("");
        for (skip, _) in rest.char_indices().take(5) {
            let filler = rest.get(..skip).unwrap_or("");
            if filler.chars().any(|c| is_punct(c) || c == '为') {
                break;
            }
            let tail = rest.get(skip..).unwrap_or("");
            if let Some((verb, make)) = verb_at(tail) {
                let start = after + skip + verb.len();
                let (units, end) = unit_list(text, start);
                out.extend(units.into_iter().map(|u| (pos, make(u), pos..end)));
                break;
            }
        }
    }
    out
}

/// An add or remove verb at the start of `s`, and the edit it makes.
fn verb_at(s: &str) -> Option<(&'static str, MakeEdit)> {
    if let Some(v) = ADD_VERBS.iter().find(|v| s.starts_with(*v)) {
        return Some((v, add as MakeEdit));
    }
    REMOVE_VERBS
        .iter()
        .find(|v| s.starts_with(*v))
        .map(|v| (*v, remove as MakeEdit))
}

/// 增加X为责任单位 / 删除X责任单位 / 删除责任单位中的X.
fn verb_then_unit(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(rest) = text.get(pos..) {
        let Some(c) = rest.chars().next() else { break };
        // Every verb starts with one of these.
        if !matches!(
            c,
            '加' | '增'
                | '添'
                | '新'
                | '补'
                | '追'
                | '明'
                | '删'
                | '去'
                | '移'
                | '剔'
                | '拿'
                | '取'
        ) {
            pos += c.len_utf8();
            continue;
        }
        let found = verb_at(rest).and_then(|(verb, make)| {
            let start = pos + verb.len();
            let is_add = ADD_VERBS.contains(&verb);
            verb_unit_match(text, start, is_add).map(|(units, end)| (units, end, make))
        });
        match found {
            Some((units, end, make)) => {
                out.extend(units.into_iter().map(|u| (pos, make(u), pos..end)));
                pos = end.max(pos + c.len_utf8());
            }
            None => pos += c.len_utf8(),
        }
    }
    out
}

/// After a verb at `start`: the units and where the phrase ends, for
/// `X为责任单位` (add), `X(这一)责任单位` and `责任单位中的X` (remove).
fn verb_unit_match(text: &str, start: usize, is_add: bool) -> Option<(Vec<String>, usize)> {
    let rest = text.get(start..)?;
    if !is_add && let Some(after) = rest.strip_prefix(UNIT) {
        let skip = ["中的", "里的", "中", "里", "的"]
            .iter()
            .find_map(|w| after.strip_prefix(w))
            .unwrap_or(after);
        let at = start + (rest.len() - skip.len());
        let (units, end) = unit_list(text, at);
        return (!units.is_empty()).then_some((units, end));
    }
    let (units, end) = unit_list(text, start);
    if units.is_empty() {
        return None;
    }
    let tail = text.get(end..)?;
    let links: &[&str] = if is_add {
        &["作为", "列为", "成为", "为"]
    } else {
        &["这一", "这个", "的", ""]
    };
    let after = links.iter().find_map(|l| tail.strip_prefix(l))?;
    // 为第五条(的)责任单位: a clause reference may stand before 责任单位.
    let after = match numbering::clause_refs(window(after, 12)).first() {
        Some(r) if r.range.start == 0 => {
            let rest = after.get(r.range.end..).unwrap_or(after);
            rest.strip_prefix('的').unwrap_or(rest)
        }
        _ => after,
    };
    let after = ["共同", "联合", ""]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .unwrap_or(after);
    let after = after.strip_prefix(UNIT)?;
    Some((units, text.len() - after.len()))
}

/// 将X列为/纳入责任单位 (add); 将X从责任单位中删除 (remove).
fn take_as_unit(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices('将') {
        let start = pos + '将'.len_utf8();
        let rest = text.get(start..).unwrap_or("");
        for (i, c) in rest.char_indices().take(40) {
            if is_punct(c)
                && !matches!(
                    c,
                    '、' | '“'
                        | '”'
                        | '「'
                        | '」'
                        | '"'
                        | '\''
                        | '『'
                        | '』'
                        | '‘'
                        | '’'
                        | '（'
                        | '）'
                )
            {
                break;
            }
            let tail = rest.get(i..).unwrap_or("");
            let names = rest.get(..i).unwrap_or("");
            // 建议不将X列为责任单位: the opposite of listing it.
            let negated = NEGATIONS
                .iter()
                .any(|n| text.get(..pos).unwrap_or("").ends_with(n));
            let (edit, end): (MakeEdit, Option<usize>) =
                if let Some(after) = LIST_AS.iter().find_map(|v| tail.strip_prefix(v)) {
                    (
                        if negated { remove } else { add },
                        unit_word_end(text, after, 8),
                    )
                } else if let Some(after) = tail.strip_prefix('从') {
                    (remove, removed_from_units(text, after))
                } else {
                    continue;
                };
            if let Some(end) = end {
                let units = split_units(names);
                out.extend(units.into_iter().map(|u| (pos, edit(u), pos..end)));
            }
            break;
        }
    }
    out
}

/// Words that turn “list X as a responsible unit” around.
const NEGATIONS: [&str; 8] = ["不宜", "不应", "不再", "不必", "无需", "不需", "不要", "不"];

/// `X不宜作为责任单位`, `X不应列为责任单位`, `X不列入责任单位` → RemoveUnit X.
fn negated_units(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices(UNIT) {
        let before = text.get(..pos).unwrap_or("");
        let Some(before) = ["作为", "列为", "列入", "纳入", "担任", "为"]
            .iter()
            .find_map(|v| before.strip_suffix(v))
        else {
            continue;
        };
        let Some(names_end) = NEGATIONS.iter().find_map(|n| before.strip_suffix(n)) else {
            continue;
        };
        // The names: back to the last punctuation (、 and brackets excepted),
        // at most MAX_UNITS_CHARS characters back.
        let start = names_end
            .char_indices()
            .rev()
            .take(MAX_UNITS_CHARS)
            .find(|&(_, c)| is_punct(c) && !matches!(c, '、' | '（' | '）' | '“' | '”'))
            .map(|(i, c)| i + c.len_utf8())
            .or_else(|| {
                names_end
                    .char_indices()
                    .rev()
                    .nth(MAX_UNITS_CHARS - 1)
                    .map(|(i, _)| i)
            })
            .unwrap_or(0);
        let names = names_end.get(start..).unwrap_or("");
        let names = match numbering::clause_refs(names).last() {
            Some(r) => names.get(r.range.end..).unwrap_or(""),
            None => names,
        };
        let names = ["建议", "认为", "其中", "中的", "中", "的", "将"]
            .iter()
            .fold(names, |n, w| n.strip_prefix(w).unwrap_or(n));
        let end = pos + UNIT.len();
        out.extend(
            split_units(names)
                .into_iter()
                .map(|u| (start, remove(u), start..end)),
        );
    }
    out
}

/// `责任单位不包括X`, `责任单位中不含X` → RemoveUnit X.
fn units_excluded(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices(UNIT) {
        let after = pos + UNIT.len();
        let rest = text.get(after..).unwrap_or("");
        let rest = ["中", "里", "应", ""]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
        let Some(tail) = ["不应包括", "不再包括", "不包括", "不应含", "不含"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
        else {
            continue;
        };
        let start = text.len() - tail.len();
        let (units, end) = unit_list(text, start);
        out.extend(units.into_iter().map(|u| (pos, remove(u), pos..end)));
    }
    out
}

/// Where `责任单位` ends if it comes within `within` characters of the
/// start of `after` (a suffix of `text`), with no punctuation before it.
fn unit_word_end(text: &str, after: &str, within: usize) -> Option<usize> {
    let window = after
        .char_indices()
        .nth(within + UNIT.chars().count())
        .map_or(after, |(i, _)| after.get(..i).unwrap_or(after));
    let at = window.find(UNIT)?;
    let gap = after.get(..at)?;
    if gap.chars().count() > within || gap.chars().any(is_punct) {
        return None;
    }
    Some(text.len() - after.len() + at + UNIT.len())
}

/// After 将X从: `(本条)责任单位(中)删除` → where it ends.
fn removed_from_units(text: &str, after: &str) -> Option<usize> {
    let end = unit_word_end(text, after, 4)?;
    let tail = text.get(end..)?;
    let tail = ["中", "里", "名单中", ""]
        .iter()
        .find_map(|w| tail.strip_prefix(w))
        .unwrap_or(tail);
    let verb = REMOVE_VERBS.iter().find(|v| tail.starts_with(*v))?;
    Some(text.len() - tail.len() + verb.len())
}

/// Words that end a unit name in running text.
const UNIT_ENDS: [&str; 11] = [
    "作为", "列为", "成为", "负责", "共同", "牵头", "配合", "参与", "一并", "联合", "为",
];

/// The longest list of units read after a verb, in characters.
const MAX_UNITS_CHARS: usize = 80;

/// The units named from `start`: names separated by 、, ending at
/// punctuation, 为, 的 or the end; quoted names are taken whole.
fn unit_list(text: &str, start: usize) -> (Vec<String>, usize) {
    let rest = text.get(start..).unwrap_or("");
    // Where the list ends: at a stop, else after the last character read.
    let mut end = 0;
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().take(MAX_UNITS_CHARS) {
        let tail = rest.get(i..).unwrap_or("");
        let stops = quote.is_none()
            && ((is_punct(c) && !is_quote_mark(c) && !matches!(c, '、' | '（' | '）' | '(' | ')'))
                || c == '的'
                || tail.starts_with(UNIT)
                || UNIT_ENDS.iter().any(|w| tail.starts_with(w)));
        if stops {
            break;
        }
        quote = match quote {
            Some(close) if c == close => None,
            Some(close) => Some(close),
            None => QUOTE_PAIRS
                .iter()
                .find(|(o, _)| *o == c)
                .map(|(_, close)| *close),
        };
        end = i + c.len_utf8();
    }
    let names = rest.get(..end).unwrap_or("");
    (split_units(names), start + end)
}

/// An opening or closing quote mark.
pub(crate) fn is_quote_mark(c: char) -> bool {
    QUOTE_PAIRS.iter().any(|(o, e)| c == *o || c == *e)
}

/// A unit followed by a parenthetical reason (`市水务局（涉及用水价格）`)
/// is the unit alone; a parenthetical that is part of a name
/// (`市委组织部（人才办）`, `（管委会）`) stays.
fn without_reason(name: &str) -> &str {
    let Some(open) = name.rfind(['（', '(']) else {
        return name;
    };
    if !name.ends_with(['）', ')']) || open == 0 {
        return name;
    }
    let inner = name
        .get(open..)
        .unwrap_or("")
        .trim_matches(['（', '）', '(', ')']);
    let part_of_name = inner.chars().count() <= 6
        && [
            "办", "局", "委", "会", "区", "室", "处", "中心", "集团", "组",
        ]
        .iter()
        .any(|s| inner.ends_with(s));
    if part_of_name {
        name
    } else {
        trim(name.get(..open).unwrap_or(name))
    }
}

/// `市人社局、“市财政局”等` → [市人社局, 市财政局].
fn split_units(names: &str) -> Vec<String> {
    names
        .split('、')
        .map(|n| {
            let n = trim(n);
            let n = ["这一", "这个", "等"]
                .iter()
                .find_map(|w| n.strip_suffix(w))
                .unwrap_or(n);
            let n = n.trim_matches(|c: char| QUOTE_PAIRS.iter().any(|(o, e)| c == *o || c == *e));
            without_reason(trim(n)).to_owned()
        })
        .filter(|n| (1..=30).contains(&n.chars().count()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verb_starts_with_a_listed_character() {
        for verb in ADD_VERBS.iter().chain(&REMOVE_VERBS) {
            let text = format!("{verb}市人社局为责任单位");
            assert!(
                !verb_then_unit(&text).is_empty() || !ADD_VERBS.contains(verb),
                "{verb}"
            );
            let text = format!("{verb}市人社局责任单位");
            assert!(
                !verb_then_unit(&text).is_empty() || ADD_VERBS.contains(verb),
                "{verb}"
            );
        }
    }
}
