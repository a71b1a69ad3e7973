//! The consultation's history, read from git: ingests, decisions,
//! revisions and other changes to the workspace's files, newest first.

use serde::Serialize;

use crate::error::Result;
use crate::workspace::Workspace;

/// One event of the history.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub time: String,
    /// init, ingest, decide, revise, import, amend, withdraw, sync, doctor,
    /// basis (consult.yaml and the consulted draft committed before a
    /// record), or edit (any other change to the workspace).
    pub kind: String,
    pub summary: String,
    pub author: String,
    /// Workspace files the commit changed.
    pub files: Vec<String>,
}

const PREFIXES: [&str; 10] = [
    "init", "ingest", "decide", "revise", "import", "amend", "withdraw", "basis", "sync", "doctor",
];
const FOLDERS: [&str; 6] = [
    "amendments/",
    "consult.yaml",
    "drafts/",
    "comments/",
    "decisions/",
    "revisions/",
];

/// Commits that changed the workspace, newest first.
pub fn history(ws: &Workspace) -> Result<Vec<Entry>> {
    let store = crate::store::Store::open(ws.root())?;
    let prefix = store.workdir_prefix(ws.root())?;
    let mut entries = Vec::new();
    for commit in store.log()? {
        let files: Vec<String> = store
            .changed_paths(&commit.id)?
            .into_iter()
            .filter_map(|p| p.strip_prefix(&prefix).map(str::to_string))
            .filter(|p| FOLDERS.iter().any(|f| p.starts_with(f)))
            .collect();
        if files.is_empty() {
            continue;
        }
        let kind = PREFIXES
            .iter()
            .find(|k| commit.summary.starts_with(&format!("{k}:")))
            .map_or("edit", |k| k);
        entries.push(Entry {
            time: commit
                .time
                .with_timezone(&ws.consultation().timezone)
                .fixed_offset()
                .to_rfc3339(),
            id: commit.id,
            kind: kind.to_string(),
            summary: commit.summary,
            author: commit.author,
            files,
        });
    }
    Ok(entries)
}
