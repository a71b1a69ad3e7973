//! How clauses are cited: as the draft labels them. A draft written
//! 第一条、第二条… is cited 第七条; a draft whose items are labelled
//! 一、 二、 … is cited 第七点, as offices cite such items (“建议第五点
//! 责任单位加上市人社局”), never 第7条; a draft numbered 1. 2. … is cited in
//! one consistent form, 第7条. Official outputs (report, 对照表, redlines,
//! letters) and the CLI use the same rule.

use crate::diff::describe::chinese_number;
use crate::draft::Draft;

/// The style the consulted draft of `ws` labels its clauses in (Arabic when
/// that draft cannot be read). Each workspace has its own: `serve --root`
/// serves several in one process, so the style is never kept process-wide.
pub fn of_workspace(ws: &crate::workspace::Workspace) -> ClauseStyle {
    ws.consulting_draft()
        .map(|d| ClauseStyle::of_draft(&d))
        .unwrap_or_default()
}

/// Clause `n` of `draft` in a message: 第七条 / 第7条 in Chinese (as the
/// draft labels its clauses), `clause 7` in English.
pub fn cite(draft: &Draft, n: u32) -> String {
    ClauseStyle::of_draft(draft).cite_local(n)
}

/// The citation form of a draft's clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClauseStyle {
    /// 第七条 (the draft's labels are 第X条).
    Chinese,
    /// 第七点 (the draft's labels are 一、 二、 …).
    Point,
    /// 第7条 (any other numbering).
    #[default]
    Arabic,
}

impl ClauseStyle {
    /// The style of a clause label (`第七条`, `7.`, `七、`).
    pub fn of_label(label: &str) -> ClauseStyle {
        let l = label.trim();
        let numbering = crate::numbering::clause_label(l).map(|found| found.style);
        if numbering == Some(crate::numbering::LabelStyle::Chinese) {
            return ClauseStyle::Point;
        }
        let inner = l
            .strip_prefix('第')
            .and_then(|rest| rest.strip_suffix(crate::numbering::ARTICLE_WORDS))
            .unwrap_or_default();
        // 第七条 is cited 第七条; 第7条 is cited 第7条.
        if !inner.is_empty()
            && !inner
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            ClauseStyle::Chinese
        } else {
            ClauseStyle::Arabic
        }
    }

    /// The style most of `draft`'s clause labels have (Arabic when it has
    /// no clauses, or no style has more than half of them).
    pub fn of_draft(draft: &Draft) -> ClauseStyle {
        let count = |style: ClauseStyle| {
            draft
                .clauses
                .iter()
                .filter(|c| ClauseStyle::of_label(&c.label) == style)
                .count()
        };
        [ClauseStyle::Chinese, ClauseStyle::Point]
            .into_iter()
            .find(|style| count(*style) * 2 > draft.clauses.len())
            .unwrap_or_default()
    }

    /// Clause `n` cited in this style: 第七条, 第七点 or 第7条.
    pub fn cite(self, n: u32) -> String {
        match self {
            ClauseStyle::Chinese => format!("第{}条", chinese_number(n)),
            ClauseStyle::Point => format!("第{}点", chinese_number(n)),
            ClauseStyle::Arabic => format!("第{n}条"),
        }
    }

    /// Clause `n` for the process language: as [`cite`](Self::cite) in
    /// Chinese, `clause 7` in English.
    pub fn cite_local(self, n: u32) -> String {
        match crate::i18n::lang() {
            crate::i18n::Lang::Zh => self.cite(n),
            _ => format!("clause {n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_decide_the_style() {
        assert_eq!(ClauseStyle::of_label("第七条"), ClauseStyle::Chinese);
        assert_eq!(ClauseStyle::of_label("7."), ClauseStyle::Arabic);
        // 一、 二、 items are cited 第七点, as offices cite them.
        assert_eq!(ClauseStyle::of_label("七、"), ClauseStyle::Point);
        assert_eq!(ClauseStyle::of_label("十二、"), ClauseStyle::Point);
        assert_eq!(ClauseStyle::of_label("（七）"), ClauseStyle::Arabic);
        // A draft that writes 第7条 is cited 第7条, not 第七条.
        assert_eq!(ClauseStyle::of_label("第7条"), ClauseStyle::Arabic);
        assert_eq!(ClauseStyle::of_label("第１２条"), ClauseStyle::Arabic);
        assert_eq!(ClauseStyle::Chinese.cite(7), "第七条");
        assert_eq!(ClauseStyle::Chinese.cite(12), "第十二条");
        assert_eq!(ClauseStyle::Arabic.cite(7), "第7条");
        assert_eq!(ClauseStyle::Point.cite(3), "第三点");
        assert_eq!(ClauseStyle::Point.cite(12), "第十二点");
    }
}
