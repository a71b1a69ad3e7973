//! Amendments: staff's corrections of the machine's reading — one file per
//! opinion or reply under amendments/ (merge-friendly, like decisions/),
//! applied when records are loaded so that every reader (status, opinions,
//! report, revise, diff provenance, letter --remind) sees the corrected
//! reading. The reply records and the originals are never modified.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::opinion::{Edit, OpinionKind, OpinionRecord};
use crate::reply::ReplyRecord;

/// The folder of amendments, relative to the workspace.
pub const DIR: &str = "amendments";

/// A correction as recorded in `amendments/<opinion or reply id>.yaml`.
/// Every field left out keeps the machine's reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The opinion id (`a1b2c3d4-2`) or reply id (`a1b2c3d4`) corrected.
    pub target: String,
    /// Reply: the listed name of the body that really sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Reply: the real receipt time (RFC 3339 with offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
    /// Opinion: clause, general or new_clause; with it `clause` is the
    /// clause number (none for general and new_clause).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OpinionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<u32>,
    /// Opinion: the text as staff read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Opinion: the proposed edits replacing the machine's (empty = none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<Edit>>,
    /// Opinion: the department's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion_reason: Option<String>,
    /// Opinion: why it is not an opinion (`consult withdraw`); reply: why
    /// the whole reply was recorded by mistake. Present means withdrawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
}

impl Amendment {
    /// Lay `newer` over this amendment: the fields it sets win.
    pub fn merge(&mut self, newer: Amendment) {
        let Amendment {
            target: _,
            department,
            received,
            kind,
            clause,
            text,
            edits,
            opinion_reason,
            withdrawn,
        } = newer;
        if kind.is_some() {
            self.kind = kind;
            self.clause = clause;
        }
        self.department = department.or(self.department.take());
        self.received = received.or(self.received.take());
        self.text = text.or(self.text.take());
        self.edits = edits.or(self.edits.take());
        self.opinion_reason = opinion_reason.or(self.opinion_reason.take());
        self.withdrawn = withdrawn.or(self.withdrawn.take());
    }

    /// Whether it corrects the reading (anything besides withdrawing).
    pub fn corrects(&self) -> bool {
        self.department.is_some()
            || self.received.is_some()
            || self.kind.is_some()
            || self.text.is_some()
            || self.edits.is_some()
            || self.opinion_reason.is_some()
    }

    fn apply_to_opinion(&self, o: &mut OpinionRecord) {
        if let Some(kind) = self.kind {
            o.kind = Some(kind);
            o.clause = if kind == OpinionKind::Clause {
                self.clause
            } else {
                None
            };
        }
        if let Some(text) = &self.text {
            o.text.clone_from(text);
        }
        if let Some(edits) = &self.edits {
            o.edits.clone_from(edits);
        }
        if let Some(reason) = &self.opinion_reason {
            o.opinion_reason = Some(reason.clone());
        }
        o.amended |= self.corrects();
        o.withdrawn |= self.withdrawn.is_some();
    }

    fn apply_to_reply(&self, r: &mut ReplyRecord) {
        if let Some(reason) = &self.withdrawn {
            r.withdrawn = Some(reason.clone());
            for o in &mut r.opinions {
                o.withdrawn = true;
            }
        }
        if let Some(department) = &self.department {
            r.department.clone_from(department);
        }
        if let Some(received) = &self.received {
            r.received.clone_from(received);
        }
    }
}

/// The path of a target's amendment file.
pub fn path(root: &Path, target: &str) -> PathBuf {
    root.join(DIR).join(format!("{target}.yaml"))
}

/// The amendment recorded for `target`, if any.
pub fn load(root: &Path, target: &str) -> Result<Option<Amendment>> {
    let file = path(root, target);
    if !file.is_file() {
        return Ok(None);
    }
    let text = crate::files::read_text(&file)?;
    Ok(Some(crate::yaml::parse(&text, &file, 1)?))
}

/// Every recorded amendment, by target id.
pub fn load_all(root: &Path) -> Result<HashMap<String, Amendment>> {
    let dir = root.join(DIR);
    let Some(entries) = crate::files::record_folder(&dir)? else {
        return Ok(HashMap::new());
    };
    let mut out = HashMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || !name.ends_with(".yaml") {
            continue;
        }
        let file = entry.path();
        let text = crate::files::read_text(&file)?;
        let amendment: Amendment = crate::yaml::parse(&text, &file, 1)?;
        out.insert(amendment.target.clone(), amendment);
    }
    Ok(out)
}

/// Apply `amendments` to the records read from comments/: replies get
/// their corrected department and receipt time, opinions their corrected
/// reading and the `amended` / `withdrawn` marks.
pub fn apply_all(records: &mut [(PathBuf, ReplyRecord)], amendments: &HashMap<String, Amendment>) {
    if amendments.is_empty() {
        return;
    }
    for (_, r) in records {
        if let Some(a) = amendments.get(&r.id) {
            a.apply_to_reply(r);
        }
        for o in &mut r.opinions {
            if let Some(a) = amendments.get(&o.id) {
                a.apply_to_opinion(o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_amendment_keeps_what_it_does_not_set() {
        let mut a = Amendment {
            target: "x-1".into(),
            text: Some("甲".into()),
            kind: Some(OpinionKind::Clause),
            clause: Some(4),
            ..Amendment::default()
        };
        a.merge(Amendment {
            target: "x-1".into(),
            withdrawn: Some("重复".into()),
            ..Amendment::default()
        });
        assert_eq!(a.text.as_deref(), Some("甲"));
        assert_eq!(a.clause, Some(4));
        assert_eq!(a.withdrawn.as_deref(), Some("重复"));
        a.merge(Amendment {
            target: "x-1".into(),
            kind: Some(OpinionKind::General),
            ..Amendment::default()
        });
        assert_eq!(a.clause, None);
    }

    #[test]
    fn withdrawing_alone_is_not_a_correction() {
        let mut o = OpinionRecord {
            id: "x-1".into(),
            clause: Some(2),
            text: "您好".into(),
            ..OpinionRecord::default()
        };
        let a = Amendment {
            target: "x-1".into(),
            withdrawn: Some("问候语".into()),
            ..Amendment::default()
        };
        a.apply_to_opinion(&mut o);
        assert!(o.withdrawn && !o.amended);
        assert_eq!(o.clause, Some(2));
    }
}
