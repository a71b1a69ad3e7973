//! Deleting a whole clause: `decide ID partial --delete "<the clause's
//! text>"` (建议删除本条). A deletion of the clause's whole text — its
//! paragraphs with or without its `政策来源`/`新增资金测算` lines — takes
//! the clause away with those lines; a deletion that takes the clause's
//! number but leaves some of its text is refused, since what it left would
//! be read as part of the clause before (its funding line that clause's).

use std::ops::Range;

use crate::clause_style::ClauseStyle;
use crate::draft::{Clause, Draft};
use crate::error::Error;
use crate::t;

/// What a `--delete` text takes from its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Text inside the clause; its number stays.
    Inside,
    /// The whole clause, field lines included.
    WholeClause,
    /// The number (label) and only part of the text.
    Label,
}

/// What replacing `from` by `to` in `clause` takes from it; an empty `to`
/// is a deletion. A deletion of the clause's whole text is the whole
/// clause; texts are compared line by line with white space trimmed, so
/// the text `show --json` gives, the first paragraph alone (when it is the
/// clause's only paragraph besides its field lines) or the source's lines
/// all read the same. A change at the clause's start that leaves it
/// starting with a label of its style keeps the number; any other takes it.
pub fn replaced(clause: &Clause, from: &str, to: &str) -> Reach {
    let wanted = lines(from);
    if wanted.is_empty() {
        return Reach::Inside;
    }
    let deletes = to.trim_matches(crate::draft::is_space).is_empty();
    let all: Vec<&str> = clause.blocks.iter().map(|b| b.text.as_str()).collect();
    let body: Vec<&str> = clause
        .blocks
        .iter()
        .filter(|b| !is_field(&b.text))
        .map(|b| b.text.as_str())
        .collect();
    if deletes && (wanted == lines(&all.join("\n")) || wanted == lines(&body.join("\n"))) {
        return Reach::WholeClause;
    }
    let whole = clause.text();
    let first = all.first().copied().unwrap_or("").trim_start();
    let at_start = whole.trim_start().starts_with(wanted.as_str())
        && whole.matches(wanted.as_str()).count() == 1;
    if at_start && !keeps_label(clause, first, &wanted, to) {
        return Reach::Label;
    }
    Reach::Inside
}

/// Whether the clause's first paragraph, `from` (its start) replaced by
/// `to`, still starts with a label of the clause's style.
fn keeps_label(clause: &Clause, first: &str, from: &str, to: &str) -> bool {
    let rest = first.get(from.len()..).unwrap_or("");
    let style = crate::numbering::clause_label(first).map(|l| l.style);
    let after = crate::numbering::clause_label(&format!("{to}{rest}")).map(|l| l.style);
    !clause.label.is_empty() && after.is_some() && after == style
}

/// The bytes of `draft`'s source that deleting `clause` removes, and the
/// text put in their place: the clause and the blank lines after it; the
/// blank lines before it instead when nothing follows (the file keeps one
/// final newline).
pub fn span(draft: &Draft, clause: &Clause) -> (Range<usize>, String) {
    let source = draft.source();
    let after = &source[clause.range.end..];
    let end = source.len() - after.trim_start_matches(char::is_whitespace).len();
    if end < source.len() {
        return (clause.range.start..end, String::new());
    }
    let before = &source[..clause.range.start];
    let start = before.trim_end_matches(char::is_whitespace).len();
    let rest = if start == 0 { "" } else { "\n" };
    (start..end, rest.to_string())
}

/// The refusal of an edit that takes `clause`'s number but not all its
/// text: deleting `from` (`to` empty) or replacing it by `to`; `id` is the
/// opinion's.
pub fn refuse_label(clause: &Clause, from: &str, to: &str, style: ClauseStyle, id: &str) -> Error {
    let first = clause.blocks.first().map_or("", |b| b.text.as_str());
    let cited = style.cite_local(clause.number);
    let message = if to.is_empty() {
        t!(
            "删除“{}”会去掉{}的序号而留下该条其余文字（及其政策来源、新增资金测算），这些文字会并入上一条；未写入任何内容",
            "deleting “{}” takes away the number of {} but leaves the rest of its text (and its 政策来源 and 新增资金测算 lines), which would become part of the clause before; nothing was written",
            from,
            cited
        )
    } else {
        t!(
            "将“{}”改为“{}”会去掉{}的序号，该条文字（及其政策来源、新增资金测算）会并入上一条；未写入任何内容",
            "replacing “{}” by “{}” takes away the number of {}, so its text (and its 政策来源 and 新增资金测算 lines) would become part of the clause before; nothing was written",
            from,
            to,
            cited
        )
    };
    Error::usage(message).with_hint(t!(
        "保留序号；要删除整条，写出该条全文（consult show --json 中该条的 text，或其各段正文），其政策来源、新增资金测算随之删除：consult decide {} partial --delete “{}……”",
        "keep the number; to delete the whole clause, give its whole text (the clause's text in consult show --json, or all its paragraphs); its 政策来源 and 新增资金测算 lines go with it: consult decide {} partial --delete \"{}…\"",
        id,
        crate::terminal::visible(&first.chars().take(20).collect::<String>())
    ))
}

/// A `政策来源：` or `新增资金测算：` line.
fn is_field(text: &str) -> bool {
    crate::draft::field_value(text, crate::draft::SOURCES).is_some()
        || crate::draft::field_value(text, crate::draft::FUNDING).is_some()
}

/// The text's non-blank lines, trimmed, joined with newlines.
fn lines(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_matches(crate::draft::is_space))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRAFT: &str = "# 若干政策\n\n1.第一条。给予最高300万元。\n\n政策来源：《甲》\n\n新增资金测算：1000万元\n\n2.第二条。给予补贴。（责任单位：市科技局）\n\n政策来源：《乙》\n\n新增资金测算：0万元\n\n3.第三条。\n";

    #[test]
    fn whole_text_with_or_without_fields_is_the_clause() {
        let draft = Draft::parse(DRAFT);
        let two = &draft.clauses[1];
        let first = "2.第二条。给予补贴。（责任单位：市科技局）";
        assert_eq!(replaced(two, first, ""), Reach::WholeClause);
        assert_eq!(replaced(two, &two.text(), ""), Reach::WholeClause);
        assert_eq!(
            replaced(
                two,
                &format!("  {first}\n\n政策来源：《乙》\n\n新增资金测算：0万元\n"),
                ""
            ),
            Reach::WholeClause
        );
        assert_eq!(replaced(two, "2.第二条。", ""), Reach::Label);
        assert_eq!(replaced(two, "给予补贴。", ""), Reach::Inside);
        assert_eq!(replaced(two, "", ""), Reach::Inside);
        assert_eq!(replaced(two, "2.第二条。", "第二条。"), Reach::Label);
        assert_eq!(replaced(two, "2.第二条。", "2.第贰条。"), Reach::Inside);
        assert_eq!(replaced(two, first, "2.新的条文。"), Reach::Inside);
    }

    #[test]
    fn the_span_takes_the_blank_lines_after() {
        let draft = Draft::parse(DRAFT);
        let cut = |n: usize| {
            let (range, with) = span(&draft, &draft.clauses[n]);
            let mut s = DRAFT.to_string();
            s.replace_range(range, &with);
            s
        };
        assert_eq!(
            cut(1),
            "# 若干政策\n\n1.第一条。给予最高300万元。\n\n政策来源：《甲》\n\n新增资金测算：1000万元\n\n3.第三条。\n"
        );
        assert!(cut(2).ends_with("新增资金测算：0万元\n"), "{}", cut(2));
    }
}
