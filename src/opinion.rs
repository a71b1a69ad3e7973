//! Opinions: what a department proposes, the edits it implies, and the
//! disposition staff give it.

use serde::{Deserialize, Serialize};

/// A proposed (or adopted) change to the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// Add a unit to the clause's 责任单位.
    AddUnit { unit: String },
    /// Remove a unit from the clause's 责任单位.
    RemoveUnit { unit: String },
    /// Replace text `from` with `to`.
    Replace { from: String, to: String },
    /// Delete `text`.
    Delete { text: String },
}

impl Edit {
    /// A one-line description, in the process language.
    pub fn describe(&self) -> String {
        match self {
            Edit::AddUnit { unit } => crate::t!("责任单位增加{}", "add unit {}", unit),
            Edit::RemoveUnit { unit } => crate::t!("责任单位删除{}", "remove unit {}", unit),
            Edit::Replace { from, to } => {
                crate::t!("将“{}”改为“{}”", "replace “{}” with “{}”", from, to)
            }
            Edit::Delete { text } => crate::t!("删除“{}”", "delete “{}”", text),
        }
    }
}

/// What staff decided on an opinion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    #[default]
    Pending,
    Adopted,
    PartiallyAdopted,
    NotAdopted,
    Noted,
}

impl Disposition {
    /// The word used in official documents.
    pub fn chinese(self) -> &'static str {
        match self {
            Disposition::Pending => "待定",
            Disposition::Adopted => "采纳",
            Disposition::PartiallyAdopted => "部分采纳",
            Disposition::NotAdopted => "不采纳",
            Disposition::Noted => "已知悉",
        }
    }

    /// The JSON name (`partially_adopted`, …).
    pub fn key(self) -> &'static str {
        match self {
            Disposition::Pending => "pending",
            Disposition::Adopted => "adopted",
            Disposition::PartiallyAdopted => "partially_adopted",
            Disposition::NotAdopted => "not_adopted",
            Disposition::Noted => "noted",
        }
    }
}

/// What an opinion is about: one clause of the draft, the draft as a whole,
/// or a clause the draft does not have yet (建议增加一条, 第十一条 of a
/// 10-clause draft).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OpinionKind {
    #[default]
    Clause,
    General,
    NewClause,
}

/// Where in the reply an opinion was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OpinionSource {
    /// Running text of a letter, e-mail or note.
    #[default]
    Text,
    /// One row of a feedback form (反馈意见表).
    Table,
    /// A Word comment.
    Comment,
    /// A Word tracked change.
    Revision,
    /// An edit typed straight into a returned copy of the draft.
    EditedCopy,
    /// The `opinions:` list of a Markdown reply's front matter.
    FrontMatter,
}

/// One opinion as recorded in a reply: where it points and what it proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OpinionRecord {
    /// Stable id: the reply's id, a dash and the opinion's 1-based index.
    pub id: String,
    /// The clause number, or None for a general opinion.
    #[serde(default)]
    pub clause: Option<u32>,
    pub text: String,
    #[serde(default)]
    pub edits: Vec<Edit>,
    /// Problems found while reading it (e.g. an edit whose text is not in the clause).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// clause, general or new_clause; absent in older records (then derived
    /// from `clause`: a number means `clause`, none means `general`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OpinionKind>,
    /// Where in the reply it was read from; absent in older records (`text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<OpinionSource>,
    /// A Word comment's author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The text a Word comment is anchored to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The reason the department gave (理由：…), kept apart from the edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion_reason: Option<String>,
    /// Staff corrected the reading (set when loaded, from amendments/; never stored here).
    #[serde(skip)]
    pub amended: bool,
    /// Staff marked it as not an opinion (set when loaded, from amendments/; never stored here).
    #[serde(skip)]
    pub withdrawn: bool,
}

impl OpinionRecord {
    /// The kind, derived from `clause` when the record does not say.
    pub fn kind(&self) -> OpinionKind {
        self.kind.unwrap_or(if self.clause.is_some() {
            OpinionKind::Clause
        } else {
            OpinionKind::General
        })
    }
}

/// An opinion as listed by `opinions`: the record with its department,
/// lateness and disposition.
#[derive(Debug, Clone, Serialize, Default)]
pub struct OpinionView {
    pub id: String,
    pub department: String,
    pub clause: Option<u32>,
    pub text: String,
    pub late: bool,
    pub disposition: Disposition,
    pub reason: Option<String>,
    pub edits: Vec<Edit>,
    /// The edits staff stated as actually adopted (`decide --replace …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted_edits: Option<Vec<Edit>>,
    /// The reply it came in.
    pub reply: String,
    pub received: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// clause, general or new_clause.
    pub kind: OpinionKind,
    /// Where in the reply it was read from.
    pub source: OpinionSource,
    /// A Word comment's author, else None.
    pub author: Option<String>,
    /// The text a Word comment is anchored to, else None.
    pub anchor: Option<String>,
    /// The reason the department gave, kept apart from the edit.
    pub opinion_reason: Option<String>,
    /// Staff corrected the machine's reading (`consult amend`).
    pub amended: bool,
    /// Staff marked it as not an opinion (`consult withdraw`).
    pub withdrawn: bool,
}
