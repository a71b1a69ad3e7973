//! The one write path of every writing command: a [`Transaction`].
//!
//! [`Transaction::begin`] refuses a detached HEAD, takes the workspace lock
//! (waiting a bounded time for a live holder), removes git lock files left
//! by a consult process that died holding the lock, and recovers what a
//! killed run left behind. The command then reads and checks everything that decides what it writes —
//! under the lock — and states its files with [`Transaction::put`] and
//! [`Transaction::remove`]. [`Transaction::commit`] writes an intent
//! journal (`.git/consult-journal.json`: each path and the SHA-256 of its
//! new content), writes the files atomically, commits exactly those paths
//! and tags last. After the commit nothing fails: a tag or index update
//! that cannot be made is a notice, never exit 2.
//!
//! Recovery reads the journal of a dead run: when every file it names has
//! its new content, the commit (and tag) is completed; otherwise the files
//! it did write are put back as HEAD has them. Temporary files of dead
//! processes (`.NAME.PID.tmp`) are removed anywhere in the workspace.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::store::Store;
use crate::t;
use crate::terminal::notice;
use crate::workspace::{CONFIG, Workspace, write_atomic};

/// The folders a workspace keeps its records in.
pub const FOLDERS: [&str; 5] = ["comments", "decisions", "drafts", "revisions", "amendments"];

/// The journal's file name in the git folder.
const JOURNAL: &str = "consult-journal.json";

/// The lock file's name in the git folder.
const LOCK: &str = "consult.lock";

/// Held while a command writes to the workspace: an exclusive lock on
/// `.git/consult.lock`, which holds the holder's PID while held and is
/// emptied on a clean release. Released on drop.
pub struct Lock {
    file: File,
    /// The PID found in the lock file on taking it: its holder died
    /// without releasing it (killed).
    pub dead_holder: Option<u32>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// The intent of one commit, written before its files.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    pid: u32,
    message: String,
    tag: Option<String>,
    files: Vec<Planned>,
}

/// One file of a journal: its path relative to the repository's work tree
/// and the SHA-256 of its new content (`None`: removed).
#[derive(Debug, Serialize, Deserialize)]
struct Planned {
    path: String,
    sha256: Option<String>,
    /// The SHA-256 of what was on disk before (`None`: absent), so that a
    /// file the run would not have changed is never "taken back".
    #[serde(default)]
    before: Option<String>,
}

/// A change to the workspace in the making. See the module docs.
pub struct Transaction<'w> {
    ws: &'w Workspace,
    store: Store,
    _lock: Lock,
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Position of each path in `files`.
    index: std::collections::HashMap<PathBuf, usize>,
}

/// How long to wait for a lock held by a live process: `CONSULT_LOCK_WAIT`
/// seconds, 120 by default.
fn lock_wait() -> Duration {
    let secs = std::env::var("CONSULT_LOCK_WAIT")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

impl<'w> Transaction<'w> {
    /// Start a change of `ws`: see the module docs. Errors (exit 2) on a
    /// detached HEAD, a lock not freed in time, or a git lock file held by
    /// another live git process.
    pub fn begin(ws: &'w Workspace) -> Result<Transaction<'w>> {
        let store = ws.store()?;
        refuse_detached(&store)?;
        refuse_merge_in_progress(&store)?;
        let lock = take_lock(&store)?;
        clear_git_locks(&store, lock.dead_holder)?;
        recover(ws, &store)?;
        Ok(Transaction {
            ws,
            store,
            _lock: lock,
            files: Vec::new(),
            index: std::collections::HashMap::new(),
        })
    }

    /// The repository.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The workspace.
    pub fn workspace(&self) -> &Workspace {
        self.ws
    }

    /// Write `bytes` to `path` at commit (a later statement of the same
    /// path replaces an earlier one).
    pub fn put(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.state(path, Some(bytes));
    }

    /// Remove `path` at commit.
    pub fn remove(&mut self, path: PathBuf) {
        self.state(path, None);
    }

    fn state(&mut self, path: PathBuf, bytes: Option<Vec<u8>>) {
        match self.index.get(&path) {
            Some(&i) => self.files[i].1 = bytes,
            None => {
                self.index.insert(path.clone(), self.files.len());
                self.files.push((path, bytes));
            }
        }
    }

    /// The paths stated so far.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(p, _)| p.clone()).collect()
    }

    /// Commit the round's basis first when consult.yaml or the version
    /// under consultation has uncommitted edits (a commit of its own); then
    /// write the stated files atomically, commit exactly them with
    /// `message`, then tag HEAD `tag`. Nothing stated: nothing done. An
    /// error before the commit puts every file back as it was; nothing
    /// after the commit is an error.
    pub fn commit(self, message: &str, tag: Option<&str>) -> Result<Vec<PathBuf>> {
        if self.files.is_empty() {
            return Ok(Vec::new());
        }
        self.commit_basis()?;
        // Found before writing: just-written files look "racily clean" to
        // git and would be read again in full.
        let others = uncommitted_in_workspace(self.ws, &self.store).unwrap_or_default();
        let journal = Journal {
            pid: std::process::id(),
            message: message.to_string(),
            tag: tag.map(str::to_string),
            files: self
                .files
                .iter()
                .map(|(p, bytes)| {
                    Ok(Planned {
                        path: self.store.relative(p)?,
                        sha256: bytes.as_deref().map(crate::reply::sha256_hex),
                        before: std::fs::read(p).ok().map(|b| crate::reply::sha256_hex(&b)),
                    })
                })
                .collect::<Result<_>>()?,
        };
        let journal_path = self.store.git_dir().join(JOURNAL);
        let text = serde_json::to_vec_pretty(&journal).map_err(|e| Error::usage(e.to_string()))?;
        write_atomic(&journal_path, &text)?;
        let paths = self.paths();
        if let Err(e) = self.write_and_commit(message) {
            put_back(&self.store, &journal);
            let _ = std::fs::remove_file(&journal_path);
            return Err(e);
        }
        finish(&self.store, &paths, tag);
        let _ = std::fs::remove_file(&journal_path);
        self.mention_others(others, &paths);
        Ok(paths)
    }

    /// Write the stated files atomically and commit nothing (`ingest
    /// --no-commit`): the next writing command that owns them commits them.
    pub fn write_only(self) -> Result<Vec<PathBuf>> {
        for (path, bytes) in &self.files {
            match bytes {
                Some(bytes) => write_atomic(path, bytes)?,
                None => {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        Ok(self.paths())
    }

    fn write_and_commit(&self, message: &str) -> Result<()> {
        for (path, bytes) in &self.files {
            match bytes {
                Some(bytes) => write_atomic(path, bytes)?,
                None => match std::fs::remove_file(path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(tr("无法删除", "failed to remove"), path, e)),
                },
            }
        }
        self.store.commit_tree(&self.paths(), message)?;
        Ok(())
    }

    /// Commit consult.yaml and the version under consultation when either
    /// differs from HEAD, in a commit of their own, with a notice (`sync`
    /// does this before it merges; [`Transaction::commit`] before its own).
    pub fn commit_pending_basis(&self) -> Result<()> {
        self.commit_basis()
    }

    fn commit_basis(&self) -> Result<()> {
        let basis = basis_paths(self.ws);
        let mut pending = Vec::new();
        for path in &basis {
            if path.is_file() && self.store.is_uncommitted(path)? {
                pending.push(path.clone());
            }
        }
        if pending.is_empty() {
            return Ok(());
        }
        let names = self.names(&pending);
        let message = format!(
            "basis: 征求意见依据 {names}\n\nThe round's basis, committed before any reply, decision or revision is recorded."
        );
        // Journalled like any commit: a kill before the index is refreshed
        // is finished by the next run.
        let journal = Journal {
            pid: std::process::id(),
            message: message.clone(),
            tag: None,
            files: pending
                .iter()
                .map(|p| {
                    let sha = std::fs::read(p).ok().map(|b| crate::reply::sha256_hex(&b));
                    Ok(Planned {
                        path: self.store.relative(p)?,
                        sha256: sha.clone(),
                        before: sha,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let journal_path = self.store.git_dir().join(JOURNAL);
        let text = serde_json::to_vec_pretty(&journal).map_err(|e| Error::usage(e.to_string()))?;
        write_atomic(&journal_path, &text)?;
        if let Err(e) = self.store.commit_tree(&pending, &message) {
            let _ = std::fs::remove_file(&journal_path);
            return Err(e);
        }
        finish(&self.store, &pending, None);
        let _ = std::fs::remove_file(&journal_path);
        notice(&t!(
            "已先提交征求意见依据（{}），各副本据此判断反馈",
            "committed the round's basis first ({}), so every clone judges replies against it",
            names
        ));
        Ok(())
    }

    /// Mention uncommitted changes in the workspace's folders that this
    /// command left alone.
    fn mention_others(&self, others: Vec<PathBuf>, committed: &[PathBuf]) {
        let others: Vec<PathBuf> = others
            .into_iter()
            .filter(|p| !committed.contains(p))
            .collect();
        if others.is_empty() {
            return;
        }
        let mut names = self.names(&others[..others.len().min(5)]);
        if others.len() > 5 {
            names.push_str(&format!(" … (+{})", others.len() - 5));
        }
        notice(&t!(
            "以下未提交的修改不属于本命令，未动：{}",
            "uncommitted changes not made by this command were left alone: {}",
            names
        ));
    }

    fn names(&self, paths: &[PathBuf]) -> String {
        paths
            .iter()
            .map(|p| {
                p.strip_prefix(self.ws.root())
                    .unwrap_or(p)
                    .display()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// consult.yaml and the file of the version under consultation.
pub fn basis_paths(ws: &Workspace) -> Vec<PathBuf> {
    vec![
        ws.root().join(CONFIG),
        ws.draft_path(&ws.consultation().consulting),
    ]
}

/// Files of the workspace's folders and consult.yaml that differ from HEAD.
pub fn uncommitted_in_workspace(ws: &Workspace, store: &Store) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for folder in FOLDERS {
        let dir = ws.root().join(folder);
        if dir.is_dir() || !store.head_files_under(&dir)?.is_empty() {
            out.extend(store.uncommitted_under(&dir)?);
        }
    }
    let config = ws.root().join(CONFIG);
    if store.is_uncommitted(&config)? {
        out.push(config);
    }
    Ok(out)
}

/// Tag, then bring the index up to date; failures are notices.
fn finish(store: &Store, paths: &[PathBuf], tag: Option<&str>) {
    if let Some(tag) = tag
        && !store.has_tag(tag)
        && let Err(e) = store.tag_head(tag)
    {
        notice(&t!(
            "已提交，但无法打标签 {}：{}",
            "committed, but the tag {} could not be made: {}",
            tag,
            e
        ));
    }
    if let Err(e) = store.refresh_index(paths) {
        notice(&t!(
            "已提交，但 git 索引未能更新（{}）；`git status` 可能显示差异，运行 `git reset -q` 即可",
            "committed, but the git index could not be updated ({}); `git status` may show differences until `git reset -q`",
            e
        ));
    }
}

/// Put every file of `journal` that the run changed and that has its new
/// content back as HEAD has it.
fn put_back(store: &Store, journal: &Journal) -> Vec<PathBuf> {
    let Some(workdir) = store.work_tree().map(Path::to_path_buf) else {
        return Vec::new();
    };
    let mut undone = Vec::new();
    for planned in &journal.files {
        let path = workdir.join(&planned.path);
        if planned.before == planned.sha256 || !has_content(&path, planned.sha256.as_deref()) {
            continue;
        }
        let restored = match store.head_bytes(&path) {
            Ok(Some(bytes)) => write_atomic(&path, &bytes).is_ok(),
            Ok(None) => std::fs::remove_file(&path).is_ok() || !path.exists(),
            Err(_) => false,
        };
        if restored {
            undone.push(path);
        }
    }
    undone
}

/// Whether `path` holds the content of hash `sha256` (`None`: is absent).
fn has_content(path: &Path, sha256: Option<&str>) -> bool {
    match (std::fs::read(path), sha256) {
        (Ok(bytes), Some(want)) => crate::reply::sha256_hex(&bytes) == want,
        (Err(_), None) => !path.exists(),
        _ => false,
    }
}

/// Whether HEAD's tree holds the content of `planned`.
fn committed(store: &Store, path: &Path, sha256: Option<&str>) -> bool {
    match (store.head_bytes(path), sha256) {
        (Ok(Some(bytes)), Some(want)) => crate::reply::sha256_hex(&bytes) == want,
        (Ok(None), None) => true,
        _ => false,
    }
}

/// Finish or undo what a dead run left: its journal and temporary files.
/// Returns what was done, for `doctor`.
pub fn recover(ws: &Workspace, store: &Store) -> Result<Vec<String>> {
    let mut done = Vec::new();
    done.extend(remove_temporaries(ws, store));
    let journal_path = store.git_dir().join(JOURNAL);
    let Ok(text) = std::fs::read(&journal_path) else {
        return Ok(done);
    };
    let Ok(journal) = serde_json::from_slice::<Journal>(&text) else {
        let _ = std::fs::remove_file(&journal_path);
        return Ok(done);
    };
    let Some(workdir) = store.work_tree().map(Path::to_path_buf) else {
        return Ok(done);
    };
    let paths: Vec<PathBuf> = journal
        .files
        .iter()
        .map(|f| workdir.join(&f.path))
        .collect();
    let whole = journal
        .files
        .iter()
        .zip(&paths)
        .all(|(f, p)| has_content(p, f.sha256.as_deref()));
    let first_line = journal.message.lines().next().unwrap_or("").to_string();
    if whole {
        let in_head = journal
            .files
            .iter()
            .zip(&paths)
            .all(|(f, p)| committed(store, p, f.sha256.as_deref()));
        if !in_head {
            store.commit_tree(
                &paths,
                &format!(
                    "{}\n\n(completed after an interrupted run)",
                    journal.message
                ),
            )?;
        }
        finish(store, &paths, journal.tag.as_deref());
        let message = t!(
            "上次中断的命令已补全提交：{}",
            "completed the commit of an interrupted run: {}",
            first_line
        );
        notice(&message);
        done.push(message);
    } else {
        let undone = put_back(store, &journal);
        let message = if undone.is_empty() {
            t!(
                "上次中断的命令尚未写入任何文件，已放弃：{}",
                "an interrupted run had written nothing yet; it was dropped: {}",
                first_line
            )
        } else {
            t!(
                "上次中断的命令未写完，已撤回其写入的 {} 个文件：{}",
                "an interrupted run had not finished; its {} files written were taken back: {}",
                undone.len(),
                first_line
            )
        };
        notice(&message);
        done.push(message);
    }
    let _ = ws;
    std::fs::remove_file(&journal_path)
        .map_err(|e| Error::io(tr("无法删除", "failed to remove"), &journal_path, e))?;
    Ok(done)
}

/// Remove `.NAME.PID.tmp` files of processes no longer running, in the
/// workspace's folders and the git folder.
fn remove_temporaries(ws: &Workspace, store: &Store) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs: Vec<PathBuf> = FOLDERS.iter().map(|f| ws.root().join(f)).collect();
    stray_temporaries(ws.root(), false, &mut found);
    stray_temporaries(store.git_dir(), false, &mut found);
    for dir in dirs.drain(..) {
        stray_temporaries(&dir, true, &mut found);
    }
    let mut done = Vec::new();
    for path in found {
        if std::fs::remove_file(&path).is_ok() {
            let message = t!(
                "已删除中断留下的临时文件 {}",
                "removed a temporary file left by an interrupted run: {}",
                path.strip_prefix(ws.root()).unwrap_or(&path).display()
            );
            notice(&message);
            done.push(message);
        }
    }
    done
}

/// Temporary files of dead processes below `dir`.
pub fn stray_temporaries(dir: &Path, recurse: bool, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() && recurse {
            stray_temporaries(&path, true, found);
        } else if kind.is_file()
            && let Some(pid) = temporary_pid(&entry.file_name().to_string_lossy())
            && !alive(pid)
        {
            found.push(path);
        }
    }
}

/// The PID in a temporary file's name `.NAME.PID.tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    rest.rsplit('.').next()?.parse().ok()
}

/// Whether process `pid` runs (Linux: /proc; elsewhere assumed running
/// unless it is this process's own PID never).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return proc.join(pid.to_string()).exists();
    }
    true
}

/// A detached HEAD: commits would land nowhere.
fn refuse_detached(store: &Store) -> Result<()> {
    if !store.head_detached() {
        return Ok(());
    }
    Err(Error::usage(tr(
        "git 处于分离 HEAD 状态：在此提交会在切换分支后丢失，未写入任何内容",
        "git is on a detached HEAD: commits made here vanish on checkout; nothing was written",
    ))
    .with_hint(tr(
        "先切换到分支：git switch main（或 git switch -c 新分支名 保留当前位置）",
        "switch to a branch first: git switch main (or git switch -c NEW-BRANCH to keep this point)",
    )))
}

/// A `git merge` stopped on conflicts: a commit on HEAD now would leave the
/// merge half done.
pub fn refuse_merge_in_progress(store: &Store) -> Result<()> {
    if !store.git_dir().join("MERGE_HEAD").exists() {
        return Ok(());
    }
    Err(Error::usage(tr(
        "git 合并尚未完成（有冲突）：现在提交会让合并只完成一半；未写入任何内容",
        "a git merge is in progress (stopped on conflicts): a commit now would leave it half done; nothing was written",
    ))
    .with_hint(tr(
        "git add 冲突的 consult 文件并 git commit（consult 读得懂两边，decide 可定夺冲突的处理意见）；或 git merge --abort 后改用 consult sync",
        "git add the conflicted consult files and git commit (consult reads both sides; decide settles a conflicting decision), or git merge --abort and use consult sync",
    )))
}

/// Take `.git/consult.lock`, waiting up to [`lock_wait`] for a live holder.
pub fn take_lock(store: &Store) -> Result<Lock> {
    let path = store.git_dir().join(LOCK);
    let mut file = File::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(tr("无法创建锁文件", "failed to create the lock"), &path, e))?;
    if file.try_lock().is_err() {
        let holder = read_pid(&mut file);
        notice(&t!(
            "工作区正被另一 consult 进程（PID {}）使用，等待其完成…",
            "the workspace is in use by another consult process (PID {}); waiting…",
            holder.map_or_else(|| "?".to_string(), |p| p.to_string())
        ));
        let started = Instant::now();
        let wait = lock_wait();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            if file.try_lock().is_ok() {
                break;
            }
            if started.elapsed() >= wait {
                return Err(Error::usage(t!(
                    "工作区被 consult 进程（PID {}）占用，等待 {} 秒后放弃；未写入任何内容",
                    "the workspace is locked by consult process {} ; gave up after {} s; nothing was written",
                    holder.map_or_else(|| "?".to_string(), |p| p.to_string()),
                    wait.as_secs()
                ))
                .with_hint(tr(
                    "等该进程结束后重试（CONSULT_LOCK_WAIT 可调整等待秒数）",
                    "try again when it has finished (CONSULT_LOCK_WAIT sets the wait in seconds)",
                )));
            }
        }
    }
    let dead_holder = read_pid(&mut file).filter(|&p| p != std::process::id());
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(Lock { file, dead_holder })
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// git's lock files in the git folder: index, HEAD, packed-refs, config, refs.
pub fn git_lock_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock"]
        .iter()
        .map(|n| git_dir.join(n))
        .filter(|p| p.exists())
        .collect();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "lock") {
                out.push(p);
            }
        }
    }
    walk(&git_dir.join("refs"), &mut out);
    out
}

/// git lock files left by a consult process that died holding our lock are
/// removed (with a notice); others belong to a live git command and are
/// waited for, then refused.
fn clear_git_locks(store: &Store, dead_holder: Option<u32>) -> Result<()> {
    let locks = git_lock_files(store.git_dir());
    if locks.is_empty() {
        return Ok(());
    }
    if let Some(pid) = dead_holder {
        for lock in locks {
            if std::fs::remove_file(&lock).is_ok() {
                notice(&t!(
                    "已删除被终止的 consult 进程（PID {0}）留下的 git 锁 {1}",
                    "removed the git lock {1} left by a consult process that was killed (PID {0})",
                    pid,
                    lock.display()
                ));
            }
        }
        return Ok(());
    }
    let started = Instant::now();
    let wait = lock_wait().min(Duration::from_secs(30));
    let mut left = locks;
    while !left.is_empty() && started.elapsed() < wait {
        std::thread::sleep(Duration::from_millis(50));
        left.retain(|p| p.exists());
    }
    match left.first() {
        None => Ok(()),
        Some(lock) => Err(Error::usage(t!(
            "git 锁文件 {} 存在：另一个 git 命令可能正在运行；未写入任何内容",
            "the git lock file {} exists: another git command may be running; nothing was written",
            lock.display()
        ))
        .with_hint(tr(
            "等该命令结束；若确认没有 git 命令在运行，运行 consult doctor --fix 或删除该文件",
            "wait for it to finish; if no git command is running, run consult doctor --fix or delete the file",
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names() {
        assert_eq!(temporary_pid(".v2.md.1234.tmp"), Some(1234));
        assert_eq!(temporary_pid(".consult-journal.json.77.tmp"), Some(77));
        assert_eq!(temporary_pid("v2.md"), None);
        assert_eq!(temporary_pid(".x.tmp"), None);
    }
}
