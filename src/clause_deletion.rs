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

/// What deleting `text` takes from `clause`. Texts are compared line by
/// line with white space trimmed, so the text `show --json` gives, the
/// first paragraph alone (when it is the clause's only paragraph) or the
/// source's lines all read the same.
pub fn reach(clause: &Clause, text: &str) -> Reach {
    let wanted = lines(text);
    if wanted.is_empty() {
        return Reach::Inside;
    }
    let all: Vec<&str> = clause.blocks.iter().map(|b| b.text.as_str()).collect();
    let body: Vec<&str> = clause
        .blocks
        .iter()
        .filter(|b| !is_field(&b.text))
        .map(|b| b.text.as_str())
        .collect();
    if wanted == lines(&all.join("\n")) || wanted == lines(&body.join("\n")) {
        return Reach::WholeClause;
    }
    let whole = clause.text();
    if whole.trim_start().starts_with(wanted.as_str())
        && whole.matches(wanted.as_str()).count() == 1
    {
        return Reach::Label;
    }
    Reach::Inside
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

/// The refusal of a deletion that takes `clause`'s number but not all its
/// text; `id` is the opinion's.
pub fn refuse_label(clause: &Clause, text: &str, style: ClauseStyle, id: &str) -> Error {
    let first = clause.blocks.first().map_or("", |b| b.text.as_str());
    Error::usage(t!(
        "删除“{}”会去掉{}的序号而留下该条其余文字（及其政策来源、新增资金测算），这些文字会并入上一条；未写入任何内容",
        "deleting “{}” takes away the number of {} but leaves the rest of its text (and its 政策来源 and 新增资金测算 lines), which would become part of the clause before; nothing was written",
        text,
        style.cite_local(clause.number)
    ))
    .with_hint(t!(
        "要删除整条，写出该条全文（consult show --json 中该条的 text，或其各段正文），其政策来源、新增资金测算随之删除：consult decide {} partial --delete “{}……”",
        "to delete the whole clause, give its whole text (the clause's text in consult show --json, or all its paragraphs); its 政策来源 and 新增资金测算 lines go with it: consult decide {} partial --delete \"{}…\"",
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
        assert_eq!(reach(two, first), Reach::WholeClause);
        assert_eq!(reach(two, &two.text()), Reach::WholeClause);
        assert_eq!(
            reach(
                two,
                &format!("  {first}\n\n政策来源：《乙》\n\n新增资金测算：0万元\n")
            ),
            Reach::WholeClause
        );
        assert_eq!(reach(two, "2.第二条。"), Reach::Label);
        assert_eq!(reach(two, "给予补贴。"), Reach::Inside);
        assert_eq!(reach(two, ""), Reach::Inside);
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
