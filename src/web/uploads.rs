//! The intake's temporary store: uploaded reply files kept on the server,
//! keyed by a random token, until staff confirm (one ingest) or discard.
//!
//! A file's name is kept only as the name ingest records (sanitised to one
//! plain component); where it is stored is chosen here
//! (`<private temp dir>/<token>/<n>/<name>`), never by the browser. A batch
//! belongs to the session that uploaded it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Per-file limit: the ingest limit (20 MB).
pub const MAX_FILE_BYTES: u64 = crate::intake::MAX_FILE_BYTES;
/// Per-request limit of an upload.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;
/// Files in one batch.
pub const MAX_FILES: usize = 100;
/// A batch left alone this long is removed.
const MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// One uploaded file and the corrections staff typed for it.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// The file's name as uploaded, sanitised.
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
    /// Department typed by staff (overrides the reading).
    pub department: Option<String>,
    /// Receipt time typed by staff (overrides the reading).
    pub received: Option<String>,
}

/// Files uploaded together, waiting for confirmation.
#[derive(Debug, Clone)]
pub struct Batch {
    pub site: String,
    /// The nonce of the session that owns it.
    pub owner: String,
    pub files: Vec<StoredFile>,
    created: Instant,
}

/// The store.
pub struct Uploads {
    base: PathBuf,
    batches: Mutex<HashMap<String, Batch>>,
}

impl Uploads {
    /// A store in a new private folder under the system's temp folder.
    pub fn new() -> Result<Uploads> {
        let mut r = [0u8; 8];
        super::auth::random(&mut r);
        let base = std::env::temp_dir().join(format!("consult-serve-{}", super::auth::hex(&r)));
        create_private(&base)?;
        Ok(Uploads {
            base,
            batches: Mutex::new(HashMap::new()),
        })
    }

    /// The store's folder (removed from error messages).
    pub fn base(&self) -> &Path {
        &self.base
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Batch>> {
        self.batches.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new empty batch for `site` owned by session `owner`; its token.
    pub fn create(&self, site: &str, owner: &str) -> String {
        let mut t = [0u8; 16];
        super::auth::random(&mut t);
        let token = super::auth::hex(&t);
        let mut batches = self.lock();
        let old: Vec<String> = batches
            .iter()
            .filter(|(_, b)| b.created.elapsed() > MAX_AGE)
            .map(|(k, _)| k.clone())
            .collect();
        for k in old {
            batches.remove(&k);
            let _ = std::fs::remove_dir_all(self.base.join(&k));
        }
        batches.insert(
            token.clone(),
            Batch {
                site: site.to_string(),
                owner: owner.to_string(),
                files: Vec::new(),
                created: Instant::now(),
            },
        );
        token
    }

    /// The batch `token` if it belongs to `site` and session `owner`.
    pub fn get(&self, token: &str, site: &str, owner: &str) -> Option<Batch> {
        self.lock()
            .get(token)
            .filter(|b| b.site == site && b.owner == owner)
            .cloned()
    }

    /// Add a file's bytes to batch `token`; fails when the batch is full.
    pub fn add(&self, token: &str, name: &str, bytes: &[u8]) -> Result<()> {
        let mut batches = self.lock();
        let batch = batches
            .get_mut(token)
            .ok_or_else(|| Error::usage("upload batch expired"))?;
        if batch.files.len() >= MAX_FILES {
            return Err(Error::usage(crate::t!(
                "一次最多上传 {} 个文件",
                "at most {} files in one upload",
                MAX_FILES
            )));
        }
        let dir = self.base.join(token).join(batch.files.len().to_string());
        create_private(&dir)?;
        let name = sanitise(name);
        let path = dir.join(&name);
        std::fs::write(&path, bytes).map_err(|e| Error::io("failed to write", &path, e))?;
        batch.files.push(StoredFile {
            name,
            path,
            size: bytes.len() as u64,
            department: None,
            received: None,
        });
        Ok(())
    }

    /// Record staff's corrections for the files of batch `token`.
    pub fn correct(&self, token: &str, corrections: Vec<(Option<String>, Option<String>)>) {
        if let Some(batch) = self.lock().get_mut(token) {
            for (file, (dept, received)) in batch.files.iter_mut().zip(corrections) {
                file.department = dept;
                file.received = received;
            }
        }
    }

    /// Forget batch `token` and remove its files.
    pub fn remove(&self, token: &str) {
        self.lock().remove(token);
        let _ = std::fs::remove_dir_all(self.base.join(token));
    }
}

impl Drop for Uploads {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn create_private(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("failed to create", dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// A browser-sent file name as one plain file-name component: the last
/// part after any `/` or `\`, without control characters or `<>:"|?*`,
/// no leading dots, at most 100 characters; `reply` when nothing is left.
pub fn sanitise(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control() && !"<>:\"|?*".contains(*c))
        .collect();
    let clean = clean.trim().trim_start_matches('.');
    let mut out: String = clean
        .chars()
        .rev()
        .take(100)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if out.is_empty() {
        out = "reply".into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_one_plain_component() {
        assert_eq!(sanitise("../../etc/passwd"), "passwd");
        assert_eq!(sanitise("..\\..\\x.docx"), "x.docx");
        assert_eq!(sanitise("..."), "reply");
        assert_eq!(sanitise("a\u{0}b<>.txt"), "ab.txt");
        assert_eq!(sanitise("人才办意见.docx"), "人才办意见.docx");
    }
}
