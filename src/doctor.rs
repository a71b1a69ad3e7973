//! `consult doctor [--fix]`: check the workspace and say what is wrong and
//! how to fix it.
//!
//! Checks: a detached HEAD; git lock files (stale when the consult process
//! that held the workspace lock died); an unfinished run's journal and
//! temporary files; uncommitted edits to the round's basis (consult.yaml,
//! the version under consultation); originals missing or altered; two
//! records of one original; decisions two clones made differently;
//! decisions for an opinion that does not exist; git conflict markers in
//! any other file of the workspace; a record folder that is a file.
//!
//! `--fix` repairs what is safe, each repair one commit (or no commit
//! where the repair only removes git's or consult's scratch files or puts
//! a file back as HEAD has it). Conflict markers outside decisions are
//! never guessed at: `--fix` then refuses (exit 2) and writes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::store::Store;
use crate::t;
use crate::transaction::{self, FOLDERS};
use crate::workspace::{CONFIG, Workspace};

/// One thing found.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// detached_head, merge_in_progress, git_lock, stray, uncommitted_basis, missing_original,
    /// altered_original, duplicate_record, conflicting_decision,
    /// orphaned_decision, conflict_markers, decision_after_revision,
    /// not_a_folder.
    pub kind: &'static str,
    /// The file concerned, relative to the workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub message: String,
    /// How to fix it.
    pub fix: String,
    /// Repaired by this run (`--fix`).
    pub fixed: bool,
}

/// What doctor found (and fixed).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// Findings not repaired.
    pub fn open(&self) -> usize {
        self.findings.iter().filter(|f| !f.fixed).count()
    }
}

/// Examine `ws`; with `fix`, repair what is safe.
pub fn doctor(ws: &Workspace, fix: bool) -> Result<Report> {
    let store = Store::open(ws.root())?;
    let mut findings = Vec::new();
    if store.head_detached() {
        findings.push(finding(
            "detached_head",
            None,
            tr(
                "git 处于分离 HEAD 状态：consult 不会在此写入",
                "git is on a detached HEAD: consult writes nothing here",
            ),
            tr(
                "git switch 分支名（或 git switch -c 新分支名）",
                "git switch BRANCH (or git switch -c NEW-BRANCH)",
            ),
        ));
    }
    if store.git_dir().join("MERGE_HEAD").exists() {
        findings.push(finding(
            "merge_in_progress",
            None,
            tr("git 合并尚未完成（有冲突）：consult 不会在此写入", "a git merge is in progress (stopped on conflicts): consult writes nothing until it is finished"),
            tr(
                "git add 冲突的文件并 git commit，或 git merge --abort 后改用 consult sync",
                "git add the conflicted files and git commit, or git merge --abort and use consult sync",
            ),
        ));
    }
    let markers = conflict_markers(ws)?;
    if fix && !markers.is_empty() {
        return Err(Error::usage(t!(
            "{} 含有 git 冲突标记：doctor --fix 不猜测如何合并；未写入任何内容",
            "{} holds git conflict markers: doctor --fix does not guess how to merge; nothing was written",
            markers.join(", ")
        ))
        .with_hint(tr(
            "手工编辑这些文件，删去 <<<<<<< ======= >>>>>>> 并保留正确内容，git commit 后再运行 consult doctor",
            "edit those files by hand, keep the right text without <<<<<<< ======= >>>>>>>, git commit, then run consult doctor again",
        )));
    }
    for path in &markers {
        findings.push(finding(
            "conflict_markers",
            Some(path.clone()),
            &t!(
                "{} 含有 git 冲突标记",
                "{} holds git conflict markers",
                path
            ),
            tr("手工编辑并 git commit", "edit it by hand and git commit"),
        ));
    }
    // The other checks read these folders: reported alone until fixed.
    let misplaced = not_folders(ws);
    if !misplaced.is_empty() {
        findings.extend(misplaced);
        return Ok(Report { findings });
    }
    locks_and_strays(ws, &store, fix, &mut findings)?;
    basis(ws, &store, fix, &mut findings)?;
    originals(ws, &store, fix, &mut findings)?;
    ocr_texts(ws, &store, fix, &mut findings)?;
    duplicates(ws, &store, fix, &mut findings)?;
    decisions(ws, &mut findings)?;
    decisions_after_revision(ws, &mut findings)?;
    amendments(ws, &mut findings)?;
    Ok(Report { findings })
}

/// What `status` mentions: uncommitted basis, missing or altered originals
/// (the checks that change what status counts), as messages.
pub fn warnings(ws: &Workspace) -> Vec<String> {
    let Ok(store) = Store::open(ws.root()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let _ = basis(ws, &store, false, &mut found);
    let mut messages: Vec<String> = found
        .into_iter()
        .map(|f| format!("{} ({})", f.message, f.fix))
        .collect();
    // git's own status (its stat cache, no hashing): committed originals
    // missing or changed on disk.
    let originals = ws.root().join(crate::reply::ORIGINALS);
    for path in store.uncommitted_under(&originals).unwrap_or_default() {
        if !matches!(store.head_bytes(&path), Ok(Some(_))) {
            continue;
        }
        let name = rel(ws, &path);
        messages.push(if path.exists() {
            t!(
                "原件 {} 被改动过（consult doctor --fix 从 git 恢复）",
                "the original {} has been altered (consult doctor --fix restores it from git)",
                name
            )
        } else {
            t!(
                "原件 {} 不见了（consult doctor --fix 从 git 恢复，或重新 ingest）",
                "the original {} is missing (consult doctor --fix restores it from git, or ingest it again)",
                name
            )
        });
    }
    messages
}

/// A record folder (comments/, decisions/, drafts/, revisions/,
/// amendments/) that is a file: every command that writes there refuses,
/// so doctor names it with the `mv` that fixes it (never done by `--fix`:
/// the file may be someone's work).
fn not_folders(ws: &Workspace) -> Vec<Finding> {
    FOLDERS
        .iter()
        .filter(|f| {
            std::fs::symlink_metadata(ws.root().join(f)).is_ok_and(|m| m.is_file())
        })
        .map(|f| {
            finding(
                "not_a_folder",
                Some(f.to_string()),
                &t!(
                    "{0} 应是 consult 存放记录的文件夹（{0}/），却是一个文件：写入这里的命令（revise、decide 等）都会拒绝",
                    "{0} should be the folder consult keeps its records in ({0}/), but it is a file: the commands that write there (revise, decide, …) refuse",
                    f
                ),
                &t!(
                    "mv {0} {0}.txt（或移出工作区），再运行 consult doctor 检查其余各项",
                    "mv {0} {0}.txt (or move it out of the workspace), then run consult doctor again for the other checks",
                    f
                ),
            )
        })
        .collect()
}

fn finding(kind: &'static str, path: Option<String>, message: &str, fix: &str) -> Finding {
    Finding {
        kind,
        path,
        message: message.to_string(),
        fix: fix.to_string(),
        fixed: false,
    }
}

fn rel(ws: &Workspace, path: &Path) -> String {
    path.strip_prefix(ws.root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Git lock files, an unfinished run's journal, temporary files.
fn locks_and_strays(
    ws: &Workspace,
    store: &Store,
    fix: bool,
    out: &mut Vec<Finding>,
) -> Result<()> {
    let git_locks = transaction::git_lock_files(store.git_dir());
    let journal = store.git_dir().join("consult-journal.json");
    let mut temps = Vec::new();
    transaction::stray_temporaries(ws.root(), false, &mut temps);
    for f in FOLDERS {
        transaction::stray_temporaries(&ws.root().join(f), true, &mut temps);
    }
    if git_locks.is_empty() && !journal.exists() && temps.is_empty() {
        return Ok(());
    }
    // Taking the lock tells a dead holder from a live one; a live one means
    // a consult command runs now: report only.
    let lock = if fix {
        Some(transaction::take_lock(store)?)
    } else {
        None
    };
    let dead = lock.as_ref().and_then(|l| l.dead_holder);
    for path in &git_locks {
        let mut f = finding(
            "git_lock",
            Some(rel(ws, path)),
            &t!(
                "git 锁文件 {} 存在",
                "the git lock file {} exists",
                rel(ws, path)
            ),
            tr(
                "若没有 git 或 consult 命令在运行，consult doctor --fix 删除它",
                "if no git or consult command is running, consult doctor --fix removes it",
            ),
        );
        if fix && dead.is_some() {
            f.fixed = std::fs::remove_file(path).is_ok();
        }
        out.push(f);
    }
    for path in &temps {
        out.push(finding(
            "stray",
            Some(rel(ws, path)),
            &t!(
                "中断的命令留下的临时文件 {}",
                "a temporary file left by an interrupted run: {}",
                rel(ws, path)
            ),
            tr(
                "consult doctor --fix（或任一写入命令）删除它",
                "consult doctor --fix (or any writing command) removes it",
            ),
        ));
    }
    if journal.exists() {
        out.push(finding(
            "stray",
            Some(rel(ws, &journal)),
            tr(
                "有一条命令被中断，其提交未完成",
                "a command was interrupted before its commit",
            ),
            tr(
                "consult doctor --fix（或任一写入命令）补全或撤回它",
                "consult doctor --fix (or any writing command) completes or takes it back",
            ),
        ));
    }
    if fix && lock.is_some() {
        let ws_temps = temps.len();
        let had_journal = journal.exists();
        transaction::recover(ws, store)?;
        let n = out.len();
        for f in &mut out[n - ws_temps - usize::from(had_journal)..] {
            f.fixed = true;
        }
    }
    Ok(())
}

/// consult.yaml or the consulted version edited and not committed.
fn basis(ws: &Workspace, store: &Store, fix: bool, out: &mut Vec<Finding>) -> Result<()> {
    let pending: Vec<PathBuf> = transaction::basis_paths(ws)
        .into_iter()
        .filter(|p| p.is_file() && store.is_uncommitted(p).unwrap_or(false))
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = pending.iter().map(|p| rel(ws, p)).collect();
    let mut f = finding(
        "uncommitted_basis",
        Some(names.join(", ")),
        &t!(
            "征求意见依据有未提交的修改：{}（其他副本看不到）",
            "the round's basis has uncommitted edits: {} (other clones do not see them)",
            names.join(", ")
        ),
        tr(
            "consult doctor --fix 提交（下一条写入命令也会先提交）",
            "consult doctor --fix commits them (the next writing command does too, first)",
        ),
    );
    if fix {
        let tx = ws.begin()?;
        tx.commit_pending_basis()?;
        f.fixed = true;
    }
    out.push(f);
    Ok(())
}

/// Every record's original must be on disk with its hash.
fn originals(ws: &Workspace, store: &Store, fix: bool, out: &mut Vec<Finding>) -> Result<()> {
    for (_, record) in crate::reply::load_all(ws.root())? {
        let mut sources = vec![record.source.clone()];
        sources.extend(record.attachments.iter().cloned());
        for source in sources {
            let path = ws.root().join(&source.stored);
            let (kind, message) = match std::fs::read(&path) {
                Err(_) => (
                    "missing_original",
                    t!(
                        "回复 {} 的原件 {} 不见了",
                        "the original {1} of reply {0} is missing",
                        record.id,
                        source.stored
                    ),
                ),
                Ok(bytes) if crate::reply::sha256_hex(&bytes) != source.sha256 => (
                    "altered_original",
                    t!(
                        "回复 {} 的原件 {} 被改动过",
                        "the original {1} of reply {0} has been altered",
                        record.id,
                        source.stored
                    ),
                ),
                Ok(_) => continue,
            };
            let mut f = finding(
                kind,
                Some(source.stored.clone()),
                &message,
                tr(
                    "consult doctor --fix 从 git 恢复；或重新 ingest 原文件",
                    "consult doctor --fix restores it from git; or ingest the original file again",
                ),
            );
            if fix
                && let Some(bytes) = store.head_bytes(&path)?
                && crate::reply::sha256_hex(&bytes) == source.sha256
            {
                crate::files::write_atomic(&path, &bytes)?;
                store.refresh_index(std::slice::from_ref(&path))?;
                f.fixed = true;
            }
            out.push(f);
        }
    }
    Ok(())
}

/// The OCR text kept beside a scanned original (`source.ocr_text`) must be
/// on disk: it is what the record was read from. `--fix` restores it from
/// git's last commit.
fn ocr_texts(ws: &Workspace, store: &Store, fix: bool, out: &mut Vec<Finding>) -> Result<()> {
    for (_, record) in crate::reply::load_all(ws.root())? {
        let mut sources = vec![record.source.clone()];
        sources.extend(record.attachments.iter().cloned());
        for stored in sources.into_iter().filter_map(|s| s.ocr_text) {
            let path = ws.root().join(&stored);
            if path.is_file() {
                continue;
            }
            let mut f = finding(
                "missing_ocr_text",
                Some(stored.clone()),
                &t!(
                    "回复 {} 的 OCR 识别文本 {} 不见了",
                    "the OCR text {1} of reply {0} is missing",
                    record.id,
                    stored
                ),
                tr(
                    "consult doctor --fix 从 git 恢复",
                    "consult doctor --fix restores it from git",
                ),
            );
            if fix && let Some(bytes) = store.head_bytes(&path)? {
                crate::files::write_atomic(&path, &bytes)?;
                store.refresh_index(std::slice::from_ref(&path))?;
                f.fixed = true;
            }
            out.push(f);
        }
    }
    Ok(())
}

/// Amendments (amendments/<id>.yaml) of no reply or opinion: a correction
/// that corrects nothing (its target was removed, or the file was copied in
/// from another round).
fn amendments(ws: &Workspace, out: &mut Vec<Finding>) -> Result<()> {
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (_, record) in crate::reply::load_all(ws.root())? {
        known.extend(record.opinions.iter().map(|o| o.id.clone()));
        known.insert(record.id);
    }
    let mut orphans: Vec<String> = crate::amendment::load_all(ws.root())?
        .into_keys()
        .filter(|id| !known.contains(id))
        .collect();
    orphans.sort();
    for id in orphans {
        let path = rel(ws, &crate::amendment::path(ws.root(), &id));
        out.push(finding(
            "orphaned_amendment",
            Some(path.clone()),
            &t!(
                "{} 更正的是 {}，但没有这份反馈或这条意见",
                "{} corrects {}, which is no reply or opinion",
                path,
                id
            ),
            tr(
                "查看 git log 该文件的来历；确属多余可 git rm 删除",
                "see where it came from (git log on the file); if it is stray, git rm it",
            ),
        ));
    }
    Ok(())
}

/// Two record files of one original (an old time-stamped name beside a
/// hash name): the later receipt is removed by `--fix`, one commit.
fn duplicates(ws: &Workspace, _store: &Store, fix: bool, out: &mut Vec<Finding>) -> Result<()> {
    let mut by_hash: HashMap<String, Vec<(PathBuf, crate::reply::ReplyRecord)>> = HashMap::new();
    for entry in std::fs::read_dir(ws.comments_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || !name.ends_with(".yaml") || !path.is_file() {
            continue;
        }
        let text = crate::files::read_text(&path)?;
        if crate::conflict::has_markers(&text) {
            continue;
        }
        let record: crate::reply::ReplyRecord = crate::yaml::parse(&text, &path, 1)?;
        by_hash
            .entry(record.source.sha256.clone())
            .or_default()
            .push((path, record));
    }
    let mut groups: Vec<_> = by_hash.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_by(|a, b| a[0].0.cmp(&b[0].0));
    for mut group in groups {
        group.sort_by(|a, b| (a.1.received_at(), &a.0).cmp(&(b.1.received_at(), &b.0)));
        let names: Vec<String> = group.iter().map(|(p, _)| rel(ws, p)).collect();
        let mut f = finding(
            "duplicate_record",
            Some(names.join(", ")),
            &t!(
                "同一原件（回复 {}）有 {} 份记录：{}",
                "one original (reply {}) has {} records: {}",
                group[0].1.id,
                group.len(),
                names.join(", ")
            ),
            tr(
                "consult doctor --fix 保留收到最早的一份",
                "consult doctor --fix keeps the earliest receipt",
            ),
        );
        if fix {
            let mut tx = ws.begin()?;
            for (path, _) in &group[1..] {
                tx.remove(path.clone());
            }
            tx.commit(
                &format!("doctor: 删除重复记录（回复 {}）", group[0].1.id),
                None,
            )?;
            f.fixed = true;
        }
        out.push(f);
    }
    Ok(())
}

/// Decisions made differently in two clones, and decisions of no opinion.
fn decisions(ws: &Workspace, out: &mut Vec<Finding>) -> Result<()> {
    for c in crate::decision::conflicts(ws.root())? {
        out.push(finding(
            "conflicting_decision",
            Some(rel(ws, &c.path)),
            &t!(
                "两个副本的处理意见冲突，{}",
                "two clones decided differently — {}",
                c.describe()
            ),
            &t!(
                "consult decide {} … 定夺",
                "settle it with consult decide {} …",
                c.opinion
            ),
        ));
    }
    let opinions: std::collections::HashSet<String> =
        crate::ledger::load(ws.root(), ws.consultation())?
            .into_iter()
            .map(|o| o.id)
            .collect();
    let mut orphans: Vec<String> = crate::decision::load_all(ws.root())?
        .into_keys()
        .filter(|id| !opinions.contains(id))
        .collect();
    orphans.sort();
    for id in orphans {
        let path = rel(ws, &crate::decision::path(ws.root(), &id));
        out.push(finding(
            "orphaned_decision",
            Some(path.clone()),
            &t!(
                "{} 是对意见 {} 的处理，但没有这条意见",
                "{} decides opinion {}, which does not exist",
                path,
                id
            ),
            tr(
                "查看 git log 该文件的来历；确属多余可 git rm 删除",
                "see where it came from (git log on the file); if it is stray, git rm it",
            ),
        ));
    }
    Ok(())
}

/// Opinions a version was made from that are no longer adopted (decided
/// otherwise, or withdrawn, after `revise` used them).
fn decisions_after_revision(ws: &Workspace, out: &mut Vec<Finding>) -> Result<()> {
    for o in crate::ledger::load(ws.root(), ws.consultation())? {
        if !crate::revision_use::current_edits(&o).is_empty() {
            continue;
        }
        for version in crate::revision_use::versions_using(ws, &o.id) {
            let state = if o.withdrawn {
                "已撤回".to_string()
            } else {
                o.disposition.chinese().to_string()
            };
            out.push(finding(
                "decision_after_revision",
                Some(rel(ws, &crate::decision::path(ws.root(), &o.id))),
                &t!(
                    "意见 {}（{}）已用于生成 {}，但现在的处理是{}：汇总表与 {} 不一致",
                    "opinion {} ({}) was used to make {}, but is now {}: the summary and {} contradict each other",
                    o.id,
                    o.department,
                    version,
                    state,
                    version
                ),
                &t!(
                    "恢复原处理（git log 该处理文件），或在 {} 之后的版本中手工改回并记录",
                    "restore the earlier decision (see git log of the decision file), or undo the change by hand in the version after {}",
                    version
                ),
            ));
        }
    }
    Ok(())
}

/// Files of the workspace other than decisions that hold conflict markers.
fn conflict_markers(ws: &Workspace) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut files = vec![ws.root().join(CONFIG)];
    for f in FOLDERS.iter().filter(|f| **f != crate::decision::DIR) {
        collect(&ws.root().join(f), &mut files);
    }
    for path in files {
        if path.starts_with(ws.root().join(crate::reply::ORIGINALS)) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path)
            && crate::conflict::has_markers(&text)
        {
            found.push(rel(ws, &path));
        }
    }
    Ok(found)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
