//! What `revise` takes out of the draft when it removes the last unit of a
//! list (tester5 H3): the list's role name with it, so no empty
//! `；配合单位：` or `（责任单位：）` is left. A field of a bracket with other
//! fields goes with one separator (`（牵头单位：A；责任单位：B；配合单位：）`
//! → `（牵头单位：A；责任单位：B）`); a bracket left with no field goes whole
//! (`支持平台建设。（责任单位：）` → `支持平台建设。`). A list written outside
//! a bracket (a block `责任单位：…`) keeps its role name; `check` warns
//! about it.

use std::ops::Range;

use super::Op;
use crate::draft::is_space;

/// The source range to take out when the unit list whose names are at
/// `names` (bytes of `source`) is emptied: the names, their role name and
/// colon, and one separator or the bracket around them. `names` itself
/// when the list is not a field of a bracket.
pub(super) fn emptied(source: &str, names: Range<usize>) -> Range<usize> {
    let Some(role) = role_start(source.get(..names.start).unwrap_or_default()) else {
        return emptied_part(source, names);
    };
    let lead = source
        .get(..role)
        .unwrap_or_default()
        .trim_end_matches(is_space);
    let rest = source.get(names.end..).unwrap_or_default();
    let trail = rest.trim_start_matches(is_space);
    let next_at = names.end + (rest.len() - trail.len());
    let prev = lead.chars().next_back();
    let next = trail.chars().next();
    let len = |c: char| c.len_utf8();
    match (prev, next) {
        // `；配合单位：` after another field: it goes with its separator.
        (Some(c @ ('；' | ';' | '，' | ',')), _) => lead.len() - len(c)..names.end,
        // `（责任单位：）`: the whole bracket.
        (Some(o @ ('（' | '(')), Some(c @ ('）' | ')'))) => lead.len() - len(o)..next_at + len(c),
        // The first field, `（牵头单位：；责任单位：…）`: it goes with the separator after it.
        (Some('（' | '('), Some(c @ ('；' | ';' | '，' | ','))) => role..next_at + len(c),
        _ => names,
    }
}

/// [`emptied`] for a part of `（市科技局牵头，市财政局配合）` (tester5 L4):
/// the names with the word after them (`配合`) and one separator, or the
/// whole bracket when it had no other part. `names` itself when no such
/// word follows.
fn emptied_part(source: &str, names: Range<usize>) -> Range<usize> {
    let after = source.get(names.end..).unwrap_or_default();
    let Some(word) = crate::draft::unit_lists::VERBS
        .iter()
        .find(|v| after.starts_with(**v))
    else {
        return names;
    };
    let word_end = names.end + word.len();
    let lead = source.get(..names.start).unwrap_or_default();
    let rest = source.get(word_end..).unwrap_or_default();
    let len = |c: char| c.len_utf8();
    match (lead.chars().next_back(), rest.chars().next()) {
        (Some(c @ ('；' | ';' | '，' | ',')), _) => names.start - len(c)..word_end,
        (Some(o @ ('（' | '(')), Some(c @ ('）' | ')'))) => {
            names.start - len(o)..word_end + len(c)
        }
        (Some('（' | '('), Some(c @ ('；' | ';' | '，' | ','))) => {
            names.start..word_end + len(c)
        }
        _ => names,
    }
}

/// Where the role name before a list's names starts: `before` ends with
/// `XX单位：` (spaces allowed around the colon).
fn role_start(before: &str) -> Option<usize> {
    let b = before.trim_end_matches(is_space);
    let b = b.strip_suffix(['：', ':'])?.trim_end_matches(is_space);
    let b = b.strip_suffix("单位").or_else(|| b.strip_suffix("部门"))?;
    let mut chars = b.char_indices().rev();
    chars.next()?;
    chars.next().map(|(at, _)| at)
}

/// `ops` sorted, with emptied lists of one bracket that overlap (their
/// shared separator) or touch joined into one; a join that leaves only the bracket
/// takes the bracket too (`（牵头单位：；责任单位：）` → nothing).
pub(super) fn merge_emptied(source: &str, mut ops: Vec<Op>) -> Vec<Op> {
    ops.sort_by_key(|op| (op.range.start, op.range.end));
    let mut out: Vec<Op> = Vec::new();
    for op in ops {
        match out.last_mut() {
            Some(prev)
                if prev.range.end >= op.range.start
                    && prev.text.trim().is_empty()
                    && op.text.trim().is_empty() =>
            {
                prev.range.end = prev.range.end.max(op.range.end);
                for o in op.opinions {
                    if !prev.opinions.contains(&o) {
                        prev.opinions.push(o);
                    }
                }
                prev.range = bracket_around(source, prev.range.clone());
            }
            _ => out.push(op),
        }
    }
    out
}

/// `range` widened to the bracket around it when only the bracket is left
/// outside it: `（` + range + `）`.
fn bracket_around(source: &str, range: Range<usize>) -> Range<usize> {
    let before = source.get(..range.start).unwrap_or_default();
    let after = source.get(range.end..).unwrap_or_default();
    match (before.chars().next_back(), after.chars().next()) {
        (Some(o @ ('（' | '(')), Some(c @ ('）' | ')'))) => {
            range.start - o.len_utf8()..range.end + c.len_utf8()
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(source: &str, names: &str) -> String {
        let at = source.find(names).expect("names");
        let r = emptied(source, at..at + names.len());
        format!("{}{}", &source[..r.start], &source[r.end..])
    }

    #[test]
    fn an_emptied_field_goes_with_its_role_and_one_separator() {
        let s = "甲。（牵头单位：市科技局；责任单位：市财政局；配合单位：市工信局）";
        assert_eq!(
            cut(s, "市工信局"),
            "甲。（牵头单位：市科技局；责任单位：市财政局）"
        );
        assert_eq!(
            cut(s, "市科技局"),
            "甲。（责任单位：市财政局；配合单位：市工信局）"
        );
        assert_eq!(
            cut(s, "市财政局"),
            "甲。（牵头单位：市科技局；配合单位：市工信局）"
        );
        assert_eq!(
            cut("甲。（责任单位：市教育局）乙。", "市教育局"),
            "甲。乙。"
        );
        // Not in a bracket: the role name stays.
        assert_eq!(cut("责任单位：市教育局", "市教育局"), "责任单位：");
    }
}
