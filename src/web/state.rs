//! The one state every request handler shares: the workspaces served, the
//! users, the session key and the intake's temporary store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Timelike};

use crate::error::{Error, Result};
use crate::workspace::Workspace;

use super::auth::Users;
use super::uploads::Uploads;

/// Shared, read-mostly state of the server (cloned as an `Arc`).
pub struct AppState {
    /// Workspace key (its folder name, or `_` for a single workspace) → root.
    pub sites: BTreeMap<String, PathBuf>,
    /// Whether `--root` was given (the home page lists the workspaces).
    pub root_mode: bool,
    /// Users of `--users`; `None` means no sign-in (loopback only).
    pub users: Option<Users>,
    /// The key signing session cookies and CSRF tokens (random per start).
    pub key: [u8; 32],
    pub uploads: Uploads,
    /// `--now`, as given (read in each consultation's zone).
    pub now: Option<String>,
    /// Failed sign-ins by user name.
    pub logins: super::throttle::Throttle,
    /// `--lang`, when given: the pages' language unless the reader chose
    /// another (the `lang` cookie); else the browser's Accept-Language.
    pub lang: Option<crate::i18n::Lang>,
}

/// The state as handlers get it.
pub type App = Arc<AppState>;

impl AppState {
    /// The root of the workspace with `key`, if it is one served.
    pub fn site(&self, key: &str) -> Option<&Path> {
        self.sites.get(key).map(PathBuf::as_path)
    }

    /// Open the workspace with `key` (read afresh: the CLI may have changed it).
    pub fn open(&self, key: &str) -> Option<Result<Workspace>> {
        self.site(key).map(|root| Workspace::open(Some(root)))
    }

    /// `--now` or the clock, for `ws`.
    pub fn now(&self, ws: &Workspace) -> Result<DateTime<FixedOffset>> {
        match &self.now {
            Some(text) => crate::deadline::parse_time(text, ws.consultation().timezone)
                .map_err(|e| Error::usage(format!("--now “{text}”: {e}"))),
            None => Ok(chrono::Utc::now()
                .with_nanosecond(0)
                .unwrap_or_else(chrono::Utc::now)
                .fixed_offset()),
        }
    }

    /// Whether a sign-in is required.
    pub fn needs_login(&self) -> bool {
        self.users.is_some()
    }
}

/// The HEAD commit of the workspace (empty before the first commit).
pub fn head(ws: &Workspace) -> String {
    ws.store()
        .and_then(|s| s.head_id())
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Find the workspaces under `root`: the folder itself when it holds
/// consult.yaml, else its sub-folders (one and two levels down) that do.
pub fn discover(root: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    if root.join(crate::workspace::CONFIG).is_file() {
        found.push(("_".to_string(), root.to_path_buf()));
        return found;
    }
    let mut dirs: Vec<PathBuf> = read_dirs(root);
    dirs.sort();
    for dir in dirs {
        if dir.join(crate::workspace::CONFIG).is_file() {
            found.push((key_of(&dir, root), dir));
        } else {
            let mut inner = read_dirs(&dir);
            inner.sort();
            for d in inner {
                if d.join(crate::workspace::CONFIG).is_file() {
                    found.push((key_of(&d, root), d));
                }
            }
        }
    }
    found
}

fn read_dirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// A URL-safe key for a workspace folder: its path below `root`, with `/`
/// written as `~` and anything but letters, digits, CJK, `-` and `_` dropped.
fn key_of(dir: &Path, root: &Path) -> String {
    let rel = dir.strip_prefix(root).unwrap_or(dir);
    let key: String = rel
        .to_string_lossy()
        .chars()
        .map(|c| if c == '/' { '~' } else { c })
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '~'))
        .collect();
    if key.is_empty() { "_".into() } else { key }
}
