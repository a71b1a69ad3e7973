//! Reply records: one plain-text YAML file per reply received, under
//! comments/, beside the original files kept byte for byte.
//!
//! A record names the department, the receipt time, the original (by its
//! SHA-256, stored under comments/originals/) and the opinions read from
//! it. Records never share a file, so two clones that ingest different
//! replies merge without conflicts.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::opinion::OpinionRecord;

/// Where originals are kept, relative to the workspace.
pub const ORIGINALS: &str = "comments/originals";

/// One original file kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file name it arrived under.
    pub file: String,
    pub sha256: String,
    /// Where it is kept, relative to the workspace.
    pub stored: String,
    /// How it was read: markdown, text, email, docx; pdf (text layer), ocr
    /// (a scan or photo), doc, wps, rtf, odt (converted by LibreOffice).
    pub format: String,
    /// The text encoding it was decoded from, for text formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Where the text read by OCR is kept beside the original
    /// (comments/originals/<sha256>.ocr.txt), for replies read from a scan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_text: Option<String>,
}

/// A reply as recorded in comments/.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyRecord {
    /// The first 8 hex digits of the original's SHA-256.
    pub id: String,
    /// The listed name of the body that replied.
    pub department: String,
    /// When it was received, with its offset (RFC 3339).
    pub received: String,
    /// How it came: 书面, 邮件, Word 批注 …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The reply says it has no objection.
    #[serde(default)]
    pub no_objection: bool,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Source>,
    /// Who forwarded it, when an e-mail arrived forwarded (department and
    /// received are then the original's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded_by: Option<String>,
    #[serde(default)]
    pub opinions: Vec<OpinionRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Why staff withdrew the whole reply (`consult withdraw REPLY-ID`),
    /// from amendments/<id>.yaml; never stored in the record itself. A
    /// withdrawn reply is as if it never arrived: the body is not replied,
    /// its opinions are withdrawn.
    #[serde(skip)]
    pub withdrawn: Option<String>,
}

impl ReplyRecord {
    /// The receipt time.
    pub fn received_at(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(&self.received).ok()
    }

    /// The record's file name: the original's full SHA-256. A reply's
    /// identity is its original, so two clones recording the same original
    /// write the same file — git merges it, or names the disagreement —
    /// and can never add a second record of it silently. (Records written
    /// before were named `<UTC time>-<id>.yaml`; they are still read.)
    pub fn file_name(&self) -> String {
        format!("{}.yaml", self.source.sha256)
    }
}

/// The SHA-256 of `bytes` in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored path of an original: comments/originals/<sha256>.<ext>.
pub fn original_path(sha256: &str, file_name: &str) -> String {
    let ext = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "bin".to_string());
    format!("{ORIGINALS}/{sha256}.{ext}")
}

/// The stored path of the OCR text of an original: comments/originals/<sha256>.ocr.txt.
pub fn ocr_text_path(sha256: &str) -> String {
    format!("{ORIGINALS}/{sha256}.ocr.txt")
}

/// Every reply record in `comments/`, sorted by receipt time then id.
pub fn load_all(root: &Path) -> Result<Vec<(PathBuf, ReplyRecord)>> {
    let dir = root.join("comments");
    let Some(entries) = crate::files::record_folder(&dir)? else {
        return Ok(Vec::new());
    };
    let paths: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            !name.starts_with('.') && name.ends_with(".yaml")
        })
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    let mut records = read_parallel(&paths)?;
    records.sort_by(|a, b| (a.1.received_at(), &a.0).cmp(&(b.1.received_at(), &b.0)));
    let mut seen = std::collections::HashSet::new();
    records.retain(|(_, r)| seen.insert(r.source.sha256.clone()));
    let amendments = crate::amendment::load_all(root)?;
    crate::amendment::apply_all(&mut records, &amendments);
    records.sort_by(|a, b| (a.1.received_at(), &a.1.id).cmp(&(b.1.received_at(), &b.1.id)));
    Ok(records)
}

/// Read and parse record files on every core (a consultation of 1000
/// bodies has 1000 records; `status` must stay fast).
fn read_parallel(paths: &[PathBuf]) -> Result<Vec<(PathBuf, ReplyRecord)>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = paths.len().div_ceil(threads).max(64);
    let results: Vec<Result<Vec<(PathBuf, ReplyRecord)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| read_record(p)).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::usage("a reader thread failed")))
            })
            .collect()
    });
    let mut records = Vec::with_capacity(paths.len());
    for part in results {
        records.extend(part?);
    }
    Ok(records)
}

fn read_record(path: &Path) -> Result<(PathBuf, ReplyRecord)> {
    let text = crate::files::read_text(path)?;
    if crate::conflict::has_markers(&text) {
        return Ok((path.to_path_buf(), read_conflicted(&text, path)?));
    }
    let record: ReplyRecord = crate::yaml::parse(&text, path, 1)?;
    Ok((path.to_path_buf(), record))
}

/// A record two clones wrote differently for the same original (different
/// receipt times, say): the earlier receipt is taken — the same choice in
/// every clone — with a warning naming both.
fn read_conflicted(text: &str, path: &Path) -> Result<ReplyRecord> {
    let (ours, theirs) = crate::conflict::sides(text);
    let a: ReplyRecord = crate::yaml::parse(&ours, path, 1)?;
    let b: ReplyRecord = crate::yaml::parse(&theirs, path, 1)?;
    Ok(settle(a, b))
}

/// Of two records of one original, the one received first (then the
/// smaller text), warning of the other.
pub fn settle(a: ReplyRecord, b: ReplyRecord) -> ReplyRecord {
    let key = |r: &ReplyRecord| (r.received_at(), r.received.clone(), r.department.clone());
    let (mut keep, other) = if key(&a) <= key(&b) { (a, b) } else { (b, a) };
    if keep != other {
        keep.warnings.push(crate::t!(
            "两个副本记录了同一原件：{}（{}）与 {}（{}）；采用较早的收到时间",
            "two clones recorded this original differently: {} ({}) and {} ({}); the earlier receipt is kept",
            keep.department,
            keep.received,
            other.department,
            other.received
        ));
    }
    keep
}
