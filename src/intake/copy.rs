//! Edited copies: a reply that is the consulted draft itself, sent back
//! with edits typed straight into it (no tracked changes, or tracked
//! changes and direct edits both). It is recognised by clause alignment —
//! most of the draft's clauses are found in it, nearly unchanged — never by
//! its file name, and compared with the consulted version by the diff
//! engine: each changed clause is one opinion whose `replace` / `delete`
//! edits reproduce the changes, each `from` unique in its clause. A new
//! number alone is no change; a moved clause is an opinion saying where it
//! went, with its text edits if its text changed too.

use crate::diff::{By, Change, Op, Part};
use crate::draft::Draft;
use crate::intake::RawOpinion;
use crate::opinion::{Edit, OpinionSource};

/// Least share of the draft's clauses that must be found in a copy.
const ALIGNED_SHARE: f64 = 0.6;
/// Least similarity (shared characters / longer text) of an aligned clause.
const SIMILAR: f64 = 0.6;

/// What a copy's comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// One opinion per changed clause, inserted or deleted clause.
    pub opinions: Vec<RawOpinion>,
    /// Clauses of the draft found in the copy, and the draft's clauses.
    pub aligned: usize,
    pub clauses: usize,
}

/// Compare `copy` (Markdown or plain text) with the consulted `draft`:
/// `None` when it is not a copy of it.
pub fn read(draft: &Draft, copy: &str) -> Option<Copy> {
    // A copy holds most of the draft: a short letter is not compared at all.
    if copy.len() * 2 < draft.source().len() {
        return None;
    }
    let (old, new, _) =
        crate::diff::sides_from_markdown(("consulted", draft.source()), ("reply", copy));
    let diff = crate::diff::diff_sides(&old, &new, By::Char);
    let clauses = diff
        .clauses
        .iter()
        .filter(|c| c.part == Part::Clause && c.old.is_some())
        .count();
    let aligned = diff
        .clauses
        .iter()
        .filter(|c| c.part == Part::Clause && c.old.is_some() && c.new.is_some())
        .filter(|c| similarity(&c.segments) >= SIMILAR)
        .count();
    if clauses < 2 || (aligned as f64) < ALIGNED_SHARE * clauses as f64 {
        return None;
    }
    let style = crate::clause_style::ClauseStyle::of_draft(draft);
    let label = |number: Option<u32>| number.map_or_else(|| "?".to_string(), |n| style.cite(n));
    let mut opinions = Vec::new();
    let clauses_in_order: Vec<_> = diff
        .clauses
        .iter()
        .filter(|c| c.part == Part::Clause)
        .collect();
    for (i, c) in clauses_in_order.iter().enumerate() {
        match (c.change, c.old, c.new) {
            (Change::Unchanged, _, _) => {}
            (change, Some(old), Some(new)) => {
                // Renumbering alone is not a modification: the labels are
                // left out of what the copy changed.
                let body = body_segments(&c.segments, old, new);
                let segments: Vec<_> = body
                    .iter()
                    .map(|(op, text)| crate::diff::Segment { op: *op, text })
                    .collect();
                let moved = (change == Change::Moved)
                    .then(|| moved_before(&label, old.number, &clauses_in_order[i + 1..]));
                let edited = segments.iter().any(|s| s.op != Op::Equal);
                let opinion = match (edited, moved) {
                    (true, moved) => {
                        let mut o =
                            changed_clause(label(old.number), old.number, &old.text, &segments);
                        if let Some(moved) = moved {
                            o.text = format!("{moved}；{}", o.text);
                        }
                        o
                    }
                    (false, Some(moved)) => RawOpinion {
                        clause: old.number,
                        text: moved,
                        source: Some(OpinionSource::EditedCopy),
                        ..RawOpinion::default()
                    },
                    (false, None) => continue,
                };
                opinions.push(opinion);
            }
            (_, Some(old), None) => opinions.push(RawOpinion {
                clause: old.number,
                text: format!("修改稿删去了{}：{}", label(old.number), old.text),
                source: Some(OpinionSource::EditedCopy),
                ..RawOpinion::default()
            }),
            (_, None, Some(new)) => opinions.push(RawOpinion {
                text: format!("修改稿新增：{}", new.text),
                new_clause: true,
                source: Some(OpinionSource::EditedCopy),
                ..RawOpinion::default()
            }),
            _ => {}
        }
    }
    Some(Copy {
        opinions,
        aligned,
        clauses,
    })
}

/// A moved clause as an opinion with no edit (there is no edit that moves
/// a clause): 修改稿将第9条移至第8条之前, the clause it now stands before
/// named by its number in the consulted draft, or 移至末尾.
fn moved_before(
    label: &dyn Fn(Option<u32>) -> String,
    number: Option<u32>,
    after: &[&crate::diff::ClauseDiff<'_>],
) -> String {
    let next = after.iter().find(|c| c.old.is_some() && c.new.is_some());
    match next {
        Some(next) => format!(
            "修改稿将{}移至{}之前",
            label(number),
            label(next.old.and_then(|o| o.number))
        ),
        None => format!("修改稿将{}移至末尾", label(number)),
    }
}

/// A clause's segments with the labels taken out of the comparison: the
/// old label kept as equal text, the label characters of either side
/// dropped from the changes, so a new number alone changes nothing
/// (9. → 8. is no edit). Rebuilds the old text, and the old label followed
/// by the new body.
fn body_segments(
    segments: &[crate::diff::Segment<'_>],
    old: &crate::diff::Unit,
    new: &crate::diff::Unit,
) -> Vec<(Op, String)> {
    let old_label = old.text.get(..old.label_len()).unwrap_or("");
    let new_label = new.text.get(..new.label_len()).unwrap_or("");
    let (old_len, new_len) = (old_label.chars().count(), new_label.chars().count());
    let mut out: Vec<(Op, String)> = Vec::new();
    let mut push = |op: Op, ch: char| match out.last_mut() {
        Some((last, text)) if *last == op => text.push(ch),
        _ => out.push((op, ch.to_string())),
    };
    if !old_label.is_empty() {
        old_label.chars().for_each(|ch| push(Op::Equal, ch));
    }
    let (mut at_old, mut at_new) = (0, 0);
    for s in segments {
        for ch in s.text.chars() {
            let in_old = at_old < old_len;
            let in_new = at_new < new_len;
            let op = match s.op {
                Op::Equal => {
                    at_old += 1;
                    at_new += 1;
                    match (in_old, in_new) {
                        (false, false) => Some(Op::Equal),
                        (true, false) => Some(Op::Insert),
                        (false, true) => Some(Op::Delete),
                        (true, true) => None,
                    }
                }
                Op::Delete => {
                    at_old += 1;
                    (!in_old).then_some(Op::Delete)
                }
                Op::Insert => {
                    at_new += 1;
                    (!in_new).then_some(Op::Insert)
                }
            };
            if let Some(op) = op {
                push(op, ch);
            }
        }
    }
    out
}

/// Shared characters over the longer of the two texts.
fn similarity(segments: &[crate::diff::Segment<'_>]) -> f64 {
    let count = |keep: &dyn Fn(Op) -> bool| -> usize {
        segments
            .iter()
            .filter(|s| keep(s.op))
            .map(|s| s.text.chars().count())
            .sum()
    };
    let equal = count(&|op| op == Op::Equal);
    let old = equal + count(&|op| op == Op::Delete);
    let new = equal + count(&|op| op == Op::Insert);
    if old.max(new) == 0 {
        return 1.0;
    }
    equal as f64 / old.max(new) as f64
}

/// One opinion for a clause whose text the copy changed.
fn changed_clause(
    cited: String,
    number: Option<u32>,
    old: &str,
    segments: &[crate::diff::Segment<'_>],
) -> RawOpinion {
    let mut changes: Vec<(usize, usize, String)> = Vec::new();
    let mut at = 0;
    let mut open: Option<(usize, usize, String)> = None;
    for s in segments {
        let len = s.text.chars().count();
        match s.op {
            Op::Equal => {
                changes.extend(open.take());
                at += len;
            }
            Op::Delete => {
                let c = open.get_or_insert((at, at, String::new()));
                c.1 += len;
                at += len;
            }
            Op::Insert => {
                open.get_or_insert((at, at, String::new()))
                    .2
                    .push_str(s.text);
            }
        }
    }
    changes.extend(open);
    let chars: Vec<char> = old.chars().collect();
    let changes: Vec<_> = changes
        .into_iter()
        .map(|c| whole_numbers(&chars, leftmost(&chars, trim_common(&chars, c))))
        .collect();
    let edits = crate::intake::docx_reply::edits_for(old, &changes);
    let described: Vec<String> = edits.iter().map(describe).collect();
    RawOpinion {
        clause: number,
        text: format!("修改稿{}：{}", cited, described.join("；")),
        quoted: edits.iter().filter_map(from_of).collect(),
        edits,
        source: Some(OpinionSource::EditedCopy),
        ..RawOpinion::default()
    }
}

/// A change less the characters its two sides share at the start and at
/// the end (the redline cuts whole list items and numbers, so 由市科技局、
/// → 由 is the deletion of 市科技局、); numbers are widened again after.
fn trim_common(
    old: &[char],
    (mut start, mut end, to): (usize, usize, String),
) -> (usize, usize, String) {
    let mut to: Vec<char> = to.chars().collect();
    let end_ok = end.min(old.len());
    end = end_ok;
    while start < end && !to.is_empty() && old[start] == to[0] {
        start += 1;
        to.remove(0);
    }
    while start < end && to.last() == Some(&old[end - 1]) {
        end -= 1;
        to.pop();
    }
    (start, end, to.into_iter().collect())
}

/// A pure deletion slid to the equivalent place that deletes a whole list
/// item with its separator (市科技局、市交通局、市教育局 less 局、市交通 is
/// less 市交通局、), else as far left as it goes; a pure insertion slid left
/// likewise.
fn leftmost(old: &[char], (start, end, to): (usize, usize, String)) -> (usize, usize, String) {
    if to.is_empty() && end > start && end <= old.len() {
        let (mut l, mut e) = (start, end);
        while l > 0 && old[l - 1] == old[e - 1] {
            l -= 1;
            e -= 1;
        }
        let len = end - start;
        let mut right = start;
        while right + len < old.len() && old[right] == old[right + len] {
            right += 1;
        }
        let item = |s: usize| {
            let last = old[s + len - 1];
            let before = s.checked_sub(1).map(|i| old[i]);
            last == '、' && before.is_none_or(|c| "、：:（(，,".contains(c))
        };
        let leading = |s: usize| {
            old[s] == '、' && old.get(s + len).is_none_or(|c| "）)，,。；等".contains(*c))
        };
        let best = (l..=right)
            .find(|&s| item(s))
            .or_else(|| (l..=right).find(|&s| leading(s)))
            .unwrap_or(l);
        return (best, best + len, to);
    }
    if start == end && start <= old.len() {
        let mut start = start;
        let mut to: Vec<char> = to.chars().collect();
        while start > 0 && to.last() == Some(&old[start - 1]) {
            to.rotate_right(1);
            start -= 1;
        }
        return (start, start, to.into_iter().collect());
    }
    (start, end, to)
}

/// A change inside a number widened to the whole number (300 → 500, never
/// 3 → 5).
fn whole_numbers(
    old: &[char],
    (mut start, mut end, mut to): (usize, usize, String),
) -> (usize, usize, String) {
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    loop {
        let from_first = old.get(start).copied().filter(|_| start < end);
        let edge = from_first.is_some_and(numeric) || to.chars().next().is_some_and(numeric);
        match start.checked_sub(1).and_then(|i| old.get(i)) {
            Some(&c) if c.is_ascii_digit() && edge => {
                start -= 1;
                to.insert(0, c);
            }
            _ => break,
        }
    }
    loop {
        let from_last = end
            .checked_sub(1)
            .and_then(|i| old.get(i))
            .copied()
            .filter(|_| start < end);
        let edge = from_last.is_some_and(numeric) || to.chars().last().is_some_and(numeric);
        match old.get(end) {
            Some(&c) if c.is_ascii_digit() && edge => {
                to.push(c);
                end += 1;
            }
            _ => break,
        }
    }
    // A percentage is one number with its sign: 将“20%”改为“30%”, not
    // “的20”改为“的30” (tester7 M7).
    let from_digit = end > start && old.get(end - 1).is_some_and(char::is_ascii_digit);
    let to_digit = to.chars().next_back().is_some_and(|c| c.is_ascii_digit());
    if let Some(&sign) = old.get(end).filter(|c| matches!(c, '%' | '％' | '‰'))
        && (from_digit || to_digit)
    {
        to.push(sign);
        end += 1;
    }
    (start, end, to)
}

fn from_of(edit: &Edit) -> Option<String> {
    match edit {
        Edit::Replace { from, .. } | Edit::Delete { text: from } => Some(from.clone()),
        _ => None,
    }
}

/// The edit in official Chinese, whatever the process language.
fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Replace { from, to } => format!("将“{from}”改为“{to}”"),
        Edit::Delete { text } => format!("删除“{text}”"),
        Edit::AddUnit { unit } => format!("责任单位增加{unit}"),
        Edit::RemoveUnit { unit } => format!("责任单位删除{unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "# 标题\n\n1. 第一条内容，给予最高300万元资助。\n\n2. 第二条内容，由市科技局、市工信局负责。\n\n3. 第三条内容不变。\n";

    #[test]
    fn a_changed_number_is_one_replace_of_the_number() {
        let draft = Draft::parse(DRAFT);
        let copy = DRAFT.replace("300", "500");
        let got = read(&draft, &copy).expect("a copy");
        assert_eq!(got.opinions.len(), 1);
        assert_eq!(got.opinions[0].clause, Some(1));
        assert_eq!(
            got.opinions[0].edits,
            vec![Edit::Replace {
                from: "300".into(),
                to: "500".into()
            }]
        );
    }

    #[test]
    fn an_unchanged_copy_has_no_opinions_and_a_letter_is_no_copy() {
        let draft = Draft::parse(DRAFT);
        let same = read(&draft, DRAFT).expect("a copy");
        assert!(same.opinions.is_empty());
        assert_eq!((same.aligned, same.clauses), (3, 3));
        assert!(read(&draft, "市科技局：\n\n来函收悉，我局无修改意见。\n").is_none());
        assert!(read(&draft, "1. 建议第一条改为500万元。\n").is_none());
    }

    #[test]
    fn a_deletion_is_a_delete_unique_in_its_clause() {
        let draft = Draft::parse(DRAFT);
        let copy = DRAFT.replace("市科技局、", "");
        let got = read(&draft, &copy).expect("a copy");
        assert_eq!(got.opinions[0].clause, Some(2));
        let Edit::Delete { text } = &got.opinions[0].edits[0] else {
            panic!("{:?}", got.opinions[0].edits);
        };
        assert_eq!(text, "市科技局、");
        assert_eq!(DRAFT.matches(text.as_str()).count(), 1);
    }
}
