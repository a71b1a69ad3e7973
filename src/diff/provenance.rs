//! Provenance: which opinions lie behind each change of a version.
//!
//! `consult revise` writes `revisions/<to>.yaml` beside drafts/ when it
//! produces a version:
//!
//! ```yaml
//! from: v1
//! to: v2
//! changes:
//!   - clause: 5            # the clause's number in the TO version
//!     opinions: ["a1b2c3d4-1"]
//! ```
//!
//! A diff from exactly that FROM to that TO lists those opinion ids on the
//! clause; any other diff leaves the lists empty.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Position, Result};
use crate::t;

use super::model::{Change, DraftDiff, Part};

/// The record `revise` leaves for a version it produced.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub changes: Vec<RevisedClause>,
}

/// One clause changed by `revise`, and the opinions behind it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisedClause {
    /// The clause's number in the TO version.
    pub clause: u32,
    #[serde(default)]
    pub opinions: Vec<String>,
}

/// Opinion ids by clause number (in the TO version).
pub type Opinions = BTreeMap<u32, Vec<String>>;

/// The file recording how version `to` was made.
pub fn path(root: &Path, to: &str) -> PathBuf {
    root.join("revisions").join(format!("{to}.yaml"))
}

/// The opinions behind the changes from `from` to `to`: empty when no
/// record exists or it records another FROM.
pub fn load(root: &Path, from: &str, to: &str) -> Result<Opinions> {
    let Some(rev) = record(root, to)? else {
        return Ok(Opinions::new());
    };
    if rev.from != from {
        return Ok(Opinions::new());
    }
    let mut out = Opinions::new();
    for change in rev.changes {
        let ids = out.entry(change.clause).or_default();
        for id in change.opinions {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(out)
}

/// The record of how version `to` was made; `None` when there is none
/// (a version made by hand). Errors: the file cannot be read, is not a
/// record, or records another version than its name says.
pub fn record(root: &Path, to: &str) -> Result<Option<Revision>> {
    let file = path(root, to);
    if !file.is_file() {
        return Ok(None);
    }
    let text = crate::files::read_text(&file)?;
    let rev: Revision = crate::yaml::parse(&text, &file, 1)?;
    if rev.to != to {
        return Err(Error::input(
            Position::file(&file),
            t!(
                "记录的版本是 {}，但文件名表示 {}",
                "records version {} but its name says {}",
                rev.to,
                to
            ),
        )
        .with_hint(t!(
            "把 to: 改为 {}，或把文件改名",
            "set to: {} or rename the file",
            to
        )));
    }
    Ok(Some(rev))
}

/// Fill each clause's `opinions` from the record.
pub fn apply(diff: &mut DraftDiff<'_>, opinions: &Opinions) {
    if opinions.is_empty() {
        return;
    }
    // A deleted clause is recorded under its old number (revise does not
    // renumber), unless a clause of the new version has that number.
    let numbers: std::collections::BTreeSet<u32> =
        diff.clauses.iter().filter_map(|c| c.to_number).collect();
    for c in &mut diff.clauses {
        let number = match (c.to_number, c.change) {
            (Some(n), _) => Some(n),
            (None, Change::Deleted) => c.from_number.filter(|n| !numbers.contains(n)),
            (None, _) => None,
        };
        if c.part == Part::Clause
            && let Some(n) = number
            && let Some(ids) = opinions.get(&n)
        {
            c.opinions = ids.clone();
        }
    }
}

/// Each opinion's note as official papers write it, by id:
/// `采纳市委组织部（人才办）意见`, `部分采纳市发改委意见`.
pub type Notes = BTreeMap<String, String>;

/// The notes of every opinion of the workspace at `root` (its department
/// and the decision recorded on it).
pub fn notes(root: &Path) -> Result<Notes> {
    let consultation = crate::consultation::Consultation::load(&root.join("consult.yaml"))?;
    let list = crate::ledger::load(root, &consultation)?;
    Ok(list
        .into_iter()
        .map(|o| (o.id, note(o.disposition, &o.department)))
        .collect())
}

/// `采纳市发改委意见`; an undecided opinion is cited as `市发改委意见`.
pub fn note(disposition: crate::opinion::Disposition, department: &str) -> String {
    use crate::opinion::Disposition;
    match disposition {
        Disposition::Pending => format!("{department}意见"),
        d => format!("{}{department}意见", d.chinese()),
    }
}

/// Fill each clause's `opinion_notes` from its opinion ids (an id with no
/// note is left out; each note once).
pub fn apply_notes(diff: &mut DraftDiff<'_>, notes: &Notes) {
    for c in &mut diff.clauses {
        let mut out: Vec<String> = Vec::new();
        for id in &c.opinions {
            if let Some(n) = notes.get(id)
                && !out.contains(n)
            {
                out.push(n.clone());
            }
        }
        c.opinion_notes = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let revs = dir.path().join("revisions");
        std::fs::create_dir_all(&revs).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(revs.join("v2.yaml"), yaml).unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    #[test]
    fn reads_the_opinions_of_a_matching_revision() {
        let dir = ws(
            "from: v1\nto: v2\nchanges:\n  - clause: 5\n    opinions: [\"a1b2c3d4-1\", \"ffee0011-2\"]\n  - clause: 7\n    opinions: []\n",
        );
        let got = load(dir.path(), "v1", "v2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got.get(&5).map(Vec::len), Some(2));
        assert_eq!(
            got.get(&5).and_then(|v| v.first()).map(String::as_str),
            Some("a1b2c3d4-1")
        );
        assert_eq!(got.get(&7).map(Vec::len), Some(0));
    }

    #[test]
    fn another_from_gives_nothing() {
        let dir = ws("from: v1\nto: v2\nchanges: [{clause: 5, opinions: [x]}]\n");
        assert!(
            load(dir.path(), "v0", "v2")
                .unwrap_or_else(|e| panic!("{e}"))
                .is_empty()
        );
    }

    #[test]
    fn no_file_gives_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            load(dir.path(), "v1", "v2")
                .unwrap_or_else(|e| panic!("{e}"))
                .is_empty()
        );
    }

    #[test]
    fn unknown_fields_are_errors_with_the_file_and_line() {
        let dir = ws("from: v1\nto: v2\nchanges:\n  - clause: 5\n    opinion: [x]\n");
        let err = load(dir.path(), "v1", "v2")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("v2.yaml"), "{err}");
        assert!(err.contains(":5") || err.contains("opinion"), "{err}");
    }
}
