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

/// One opinion as recorded in a reply: where it points and what it proposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// An opinion as listed by `opinions`: the record with its department,
/// lateness and disposition.
#[derive(Debug, Clone, Serialize)]
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
}
