//! `consult ingest`: read reply files, resolve them, and record them — the
//! whole batch or nothing.
//!
//! Every file is read and checked before anything is written. Then, under
//! the workspace lock, the originals are stored (content-addressed), one
//! record per reply is written atomically, and one git commit is made last,
//! so a process killed at any moment leaves a consistent workspace.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Position, Result};
use crate::intake::{self, Overrides};
use crate::opinion::OpinionView;
use crate::reply::{self, ReplyRecord};
use crate::t;
use crate::transaction::Transaction;
use crate::workspace::Workspace;

/// What ingest did with one file (the `ingest --json` entry).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub file: String,
    pub department: String,
    pub received: String,
    pub late: bool,
    pub no_objection: bool,
    pub duplicate: bool,
    /// The reply's id.
    pub reply: String,
    /// How the reply was read (the record's `source.format`: text, docx,
    /// pdf, ocr, doc, …).
    pub format: String,
    /// Who forwarded the e-mail (department and received are the original's).
    pub forwarded_by: Option<String>,
    /// The reply's opinions, in the `opinions --json` shape.
    pub opinions: Vec<OpinionView>,
    pub warnings: Vec<String>,
}

/// Options of one ingest.
pub struct Request<'a> {
    pub files: &'a [PathBuf],
    pub overrides: Overrides,
    pub dry_run: bool,
    pub commit: bool,
}

/// A file read and resolved, ready to write.
struct Prepared {
    path: PathBuf,
    bytes: Vec<u8>,
    record: ReplyRecord,
    attachments: Vec<(String, Vec<u8>)>,
    /// The text OCR read, kept beside the original.
    ocr_text: Option<String>,
}

/// Ingest the files of `request`; returns one outcome per file.
pub fn ingest(ws: &Workspace, request: &Request<'_>) -> Result<Vec<Outcome>> {
    ingest_each(ws, request, &[], &|_, _| {})
}

/// [`ingest`], calling `on_file(index, path)` as each file is read (for a progress bar).
pub fn ingest_with_progress(
    ws: &Workspace,
    request: &Request<'_>,
    on_file: &dyn Fn(usize, &Path),
) -> Result<Vec<Outcome>> {
    ingest_each(ws, request, &[], on_file)
}

/// Like [`ingest_with_progress`], with corrections for single files:
/// `per_file[i]` (where given) overrides `request.overrides` for
/// `request.files[i]` — the web application's intake, where staff correct
/// each file's reading.
pub fn ingest_each(
    ws: &Workspace,
    request: &Request<'_>,
    per_file: &[Overrides],
    on_file: &dyn Fn(usize, &Path),
) -> Result<Vec<Outcome>> {
    let prepared = prepare(ws, request, per_file, on_file)?;
    if request.dry_run {
        let recorded = recorded_replies(ws.root())?;
        same_department(&prepared, &recorded)?;
        return Ok(outcomes(ws, &prepared, &recorded));
    }
    let mut tx = ws.begin()?;
    let recorded = recorded_replies(ws.root())?;
    same_department(&prepared, &recorded)?;
    let stored: std::collections::HashMap<String, String> = recorded
        .iter()
        .map(|(sha, r)| (sha.clone(), r.source.stored.clone()))
        .collect();
    let known: HashSet<String> = stored.keys().cloned().collect();
    let result = outcomes(ws, &prepared, &recorded);
    adopt_strays(ws, &mut tx)?;
    let mut seen = known.clone();
    for p in &prepared {
        if seen.insert(p.record.source.sha256.clone()) {
            stage(ws, &mut tx, p)?;
        } else if let Some(path) = stored.get(&p.record.source.sha256) {
            restore_original(ws, &mut tx, p, path);
        }
    }
    if request.commit {
        let message = commit_message(&prepared, &known);
        tx.commit(&message, None)?;
    } else {
        tx.write_only()?;
    }
    Ok(result)
}

/// Read and resolve every file; the first bad one fails the whole batch.
fn prepare(
    ws: &Workspace,
    request: &Request<'_>,
    per_file: &[Overrides],
    on_file: &dyn Fn(usize, &Path),
) -> Result<Vec<Prepared>> {
    let draft = ws.consulting_draft()?;
    let consultation = ws.consultation();
    request
        .files
        .iter()
        .enumerate()
        .map(|(i, path)| {
            on_file(i, path);
            let overrides = match per_file.get(i) {
                Some(o) => Overrides {
                    department: o
                        .department
                        .clone()
                        .or_else(|| request.overrides.department.clone()),
                    received: o.received.or(request.overrides.received),
                    now: request.overrides.now,
                },
                None => request.overrides.clone(),
            };
            let bytes = read_reply_file(path)?;
            let parsed = intake::parse_reply(&bytes, path)?;
            let record =
                intake::to_record(&parsed, &bytes, path, consultation, &draft, &overrides)?;
            Ok(Prepared {
                path: path.clone(),
                bytes,
                record,
                attachments: parsed.attachments,
                ocr_text: parsed.ocr_text,
            })
        })
        .collect()
}

/// Read a reply file: it must be a readable regular file (not a symbolic
/// link) of at most 20 MB.
pub fn read_reply_file(path: &Path) -> Result<Vec<u8>> {
    crate::files::refuse_link(path)?;
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(crate::i18n::tr("无法读取", "failed to read"), path, e))?;
    if meta.is_dir() {
        return Err(Error::input(
            Position::file(path),
            crate::i18n::tr("这是一个目录，不是文件", "this is a folder, not a file"),
        )
        .with_hint(crate::i18n::tr(
            "请列出目录中的文件",
            "name the files inside it",
        )));
    }
    if meta.len() > intake::MAX_FILE_BYTES {
        return Err(Error::input(
            Position::file(path),
            t!(
                "文件过大（{} 字节，上限 20 MB）",
                "the file is too large ({} bytes; the limit is 20 MB)",
                meta.len()
            ),
        ));
    }
    std::fs::read(path)
        .map_err(|e| Error::io(crate::i18n::tr("无法读取", "failed to read"), path, e))
}

/// Every reply already recorded, by its original's SHA-256.
fn recorded_replies(root: &Path) -> Result<HashMap<String, ReplyRecord>> {
    Ok(reply::load_all(root)?
        .into_iter()
        .map(|(_, r)| (r.source.sha256.clone(), r))
        .collect())
}

/// A reply's identity is its original: the same bytes already recorded
/// (or earlier in this batch) for another department are refused (exit 2)
/// rather than dropped as a duplicate, which would leave this department
/// "silent".
fn same_department(prepared: &[Prepared], recorded: &HashMap<String, ReplyRecord>) -> Result<()> {
    let mut first: HashMap<&str, &ReplyRecord> =
        recorded.iter().map(|(sha, r)| (sha.as_str(), r)).collect();
    for p in prepared {
        let r = &p.record;
        match first.get(r.source.sha256.as_str()) {
            Some(earlier) if earlier.department != r.department => {
                return Err(other_department(&p.path, earlier, &r.department));
            }
            Some(_) => {}
            None => {
                first.insert(&r.source.sha256, r);
            }
        }
    }
    Ok(())
}

fn other_department(path: &Path, earlier: &ReplyRecord, department: &str) -> Error {
    Error::input(
        Position::file(path),
        t!(
            "与回复 {} 的原件完全相同，该回复已记为{}的反馈，不能再记为{}的反馈",
            "is byte for byte the original of reply {}, already recorded for {}; it cannot also be recorded for {}",
            earlier.id,
            earlier.department,
            department
        ),
    )
    .with_hint(t!(
        "若先前的记录有误，改正它：consult amend {} --department {}；若这确是{}另发的相同回复，请在文件开头加前置信息（两行 --- 之间写 department: {}）或加一行写明来函单位后再收录（内容不同即为另一份回复）",
        "if the first record is wrong, correct it: consult amend {} --department {}; if this really is {}'s own identical reply, add a front-matter header (department: {} between two --- lines) or a line naming the sender, then ingest it (different bytes make a separate reply)",
        earlier.id,
        department,
        department,
        department
    ))
}

fn outcomes(
    ws: &Workspace,
    prepared: &[Prepared],
    recorded: &HashMap<String, ReplyRecord>,
) -> Vec<Outcome> {
    let deadline = ws.consultation().deadline();
    let mut seen: HashMap<&str, &ReplyRecord> =
        recorded.iter().map(|(sha, r)| (sha.as_str(), r)).collect();
    prepared
        .iter()
        .map(|p| {
            // A duplicate is shown as it is recorded, not as this run read it.
            let sha = p.record.source.sha256.as_str();
            let duplicate = seen.contains_key(sha);
            let r = *seen.entry(sha).or_insert(&p.record);
            let late = r.received_at().is_some_and(|t| t > deadline);
            Outcome {
                file: p.path.display().to_string(),
                department: r.department.clone(),
                received: r
                    .received_at()
                    .map_or_else(|| r.received.clone(), |t| ws.consultation().local(t)),
                late,
                no_objection: r.no_objection,
                duplicate,
                reply: r.id.clone(),
                format: r.source.format.clone(),
                forwarded_by: r.forwarded_by.clone(),
                opinions: crate::ledger::collect(std::slice::from_ref(r), ws.consultation()),
                warnings: r.warnings.clone(),
            }
        })
        .collect()
}

/// State one reply's files: originals (byte for byte, restoring an altered
/// one), then the record.
fn stage(ws: &Workspace, tx: &mut Transaction<'_>, p: &Prepared) -> Result<()> {
    tx.put(ws.root().join(&p.record.source.stored), p.bytes.clone());
    for (source, (_, data)) in p.record.attachments.iter().zip(&p.attachments) {
        tx.put(ws.root().join(&source.stored), data.clone());
    }
    if let (Some(stored), Some(text)) = (&p.record.source.ocr_text, &p.ocr_text) {
        tx.put(ws.root().join(stored), text.clone().into_bytes());
    }
    let text = format!(
        "# consult reply record: {}\n{}",
        p.record.department,
        crate::yaml::to_string(&p.record)?
    );
    tx.put(
        ws.comments_dir().join(p.record.file_name()),
        text.into_bytes(),
    );
    Ok(())
}

/// A reply recorded already: its original (`stored`, relative to the
/// workspace) is put back when it is missing or altered on disk
/// (re-ingesting the same bytes restores it).
fn restore_original(ws: &Workspace, tx: &mut Transaction<'_>, p: &Prepared, stored: &str) {
    let path = ws.root().join(stored);
    if std::fs::read(&path).ok().as_deref() != Some(p.bytes.as_slice()) {
        tx.put(path, p.bytes.clone());
    }
}

/// Reply records left uncommitted in comments/ (by `ingest --no-commit`):
/// new files that read as records whose original is present and whole are
/// ingest's own, and are committed with this batch. Anything else is left
/// alone (and mentioned at commit).
fn adopt_strays(ws: &Workspace, tx: &mut Transaction<'_>) -> Result<()> {
    let store = tx.store();
    let mut adopt = Vec::new();
    for path in store.uncommitted_under(&ws.comments_dir())? {
        let is_record = path.parent() == Some(ws.comments_dir().as_path())
            && path.extension().is_some_and(|e| e == "yaml");
        if !is_record || store.head_bytes(&path)?.is_some() {
            continue;
        }
        let Ok(text) = crate::files::read_text(&path) else {
            continue;
        };
        let Ok(record) = crate::yaml::parse::<ReplyRecord>(&text, &path, 1) else {
            continue;
        };
        let original = ws.root().join(&record.source.stored);
        let Ok(bytes) = std::fs::read(&original) else {
            continue;
        };
        if reply::sha256_hex(&bytes) == record.source.sha256 {
            adopt.push((original, bytes));
            adopt.push((path, text.into_bytes()));
        }
    }
    for (path, bytes) in adopt {
        tx.put(path, bytes);
    }
    Ok(())
}

fn commit_message(prepared: &[Prepared], known: &HashSet<String>) -> String {
    let new: Vec<&ReplyRecord> = prepared
        .iter()
        .map(|p| &p.record)
        .filter(|r| !known.contains(&r.source.sha256))
        .collect();
    let mut message = match new.as_slice() {
        [one] => format!("ingest: {} 反馈意见 ({})", one.department, one.id),
        many => format!("ingest: {} replies", many.len()),
    };
    message.push_str("\n\n");
    for r in new {
        message.push_str(&format!(
            "reply {} from {} received {} ({} opinions)\n",
            r.id,
            r.department,
            r.received,
            r.opinions.len()
        ));
    }
    message
}
