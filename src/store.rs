//! A narrow wrapper around `git2::Repository`: the workspace's history.
//!
//! consult commits exactly the paths a command wrote (never what the user
//! happened to stage), reads files at revisions for `diff REV:PATH`, and
//! lists commits for `log`.

use std::path::{Path, PathBuf};

use git2::{IndexEntry, IndexTime, Oid, Repository, Signature};

use crate::error::{Error, Result};
use crate::t;

thread_local! {
    /// The commit author set by [`with_author`] (name, e-mail).
    static AUTHOR: std::cell::RefCell<Option<(String, String)>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `f` with every commit made on this thread authored (and committed)
/// by `name <email>` — how the web application records the signed-in user
/// as the author of the same commits the command line makes.
pub fn with_author<R>(name: &str, email: &str, f: impl FnOnce() -> R) -> R {
    let previous = AUTHOR.with(|a| a.replace(Some((name.to_string(), email.to_string()))));
    let result = f();
    AUTHOR.with(|a| *a.borrow_mut() = previous);
    result
}

/// The git repository holding a workspace.
pub struct Store {
    repo: Repository,
}

/// One commit, as `log` shows it.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: String,
    pub time: chrono::DateTime<chrono::FixedOffset>,
    pub author: String,
    pub summary: String,
    pub message: String,
}

impl Store {
    /// Open the repository whose work tree contains `root`.
    pub fn open(root: &Path) -> Result<Store> {
        let repo = Repository::discover(root).map_err(|e| {
            Error::usage(t!(
                "{} 不在 git 仓库中：{}",
                "{} is not inside a git repository: {}",
                root.display(),
                e.message()
            ))
        })?;
        Ok(Store { repo })
    }

    /// Open the repository at `root`, creating one there if there is none.
    pub fn open_or_init(root: &Path) -> Result<Store> {
        match Repository::discover(root) {
            Ok(repo) if repo.workdir().is_some() => Ok(Store { repo }),
            _ => Ok(Store {
                repo: Repository::init(root)?,
            }),
        }
    }

    /// Refuse to make a workspace at `root` when git there is a bare
    /// repository (no work tree: files would be written and then fail to
    /// commit) or on a detached HEAD.
    pub fn check_init_target(root: &Path) -> Result<()> {
        let Ok(repo) = Repository::discover(root) else {
            return Ok(());
        };
        if repo.is_bare() {
            return Err(Error::usage(t!(
                "{} 在裸仓库 {} 中（没有工作区目录）；未写入任何内容",
                "{} is inside the bare repository {} (it has no work tree); nothing was written",
                root.display(),
                repo.path().display()
            ))
            .with_hint(t!(
                "先克隆出工作副本：git clone {} 工作目录，再在其中 consult init",
                "clone a working copy first: git clone {} DIR, then consult init there",
                repo.path().display()
            )));
        }
        if repo.head_detached().unwrap_or(false) {
            return Err(Error::usage(crate::i18n::tr(
                "git 处于分离 HEAD 状态：在此提交会在切换分支后丢失；未写入任何内容",
                "git is on a detached HEAD: commits made here vanish on checkout; nothing was written",
            ))
            .with_hint(crate::i18n::tr(
                "先切换到分支：git switch main（或 git switch -c 新分支名）",
                "switch to a branch first: git switch main (or git switch -c NEW-BRANCH)",
            )));
        }
        Ok(())
    }

    /// Open the repository whose work tree is exactly `root`, or create one there.
    pub fn init_at(root: &Path) -> Result<Store> {
        match Repository::open(root) {
            Ok(repo) => Ok(Store { repo }),
            Err(_) => Ok(Store {
                repo: Repository::init(root)?,
            }),
        }
    }

    /// The folder git keeps its data in (for the workspace lock).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    fn workdir(&self) -> Result<&Path> {
        self.repo
            .workdir()
            .ok_or_else(|| Error::usage("bare repositories are not workspaces"))
    }

    /// `path` relative to the work tree, with `/` separators (errors when outside it).
    pub fn relative(&self, path: &Path) -> Result<String> {
        let workdir = canonical(self.workdir()?);
        let full = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io("failed to read the current folder", ".", e))?
                .join(path)
        };
        let full = canonical_parent(&full);
        let rel = full.strip_prefix(&workdir).map_err(|_| {
            Error::usage(t!(
                "{} 不在仓库 {} 中",
                "{} is outside the repository {}",
                path.display(),
                workdir.display()
            ))
        })?;
        Ok(rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"))
    }

    /// Commit exactly `paths` (files written or removed) on HEAD with
    /// `message`; other staged or unstaged changes are left alone. The
    /// index is brought up to date for those paths afterwards.
    pub fn commit_paths(&self, paths: &[PathBuf], message: &str) -> Result<Oid> {
        let oid = self.commit_tree(paths, message)?;
        self.refresh_index(paths)?;
        Ok(oid)
    }

    /// Make the commit of [`Store::commit_paths`] without touching the
    /// index: objects, then HEAD's branch moves (the last step). When the
    /// paths already are as HEAD has them, no commit is made and HEAD's id
    /// is returned.
    pub fn commit_tree(&self, paths: &[PathBuf], message: &str) -> Result<Oid> {
        let parent = self.head_commit()?;
        let mut index = git2::Index::new()?;
        if let Some(parent) = &parent {
            index.read_tree(&parent.tree()?)?;
        }
        for path in paths {
            let rel = self.relative(path)?;
            if path.is_file() {
                let bytes =
                    std::fs::read(path).map_err(|e| Error::io("failed to read", path, e))?;
                let mut entry = blob_entry(&rel, bytes.len());
                entry.id = self.repo.blob(&bytes)?;
                index.add(&entry)?;
            } else {
                let _ = index.remove_path(Path::new(&rel));
            }
        }
        let tree_id = index.write_tree_to(&self.repo)?;
        if let Some(parent) = &parent
            && parent.tree_id() == tree_id
        {
            return Ok(parent.id());
        }
        let tree = self.repo.find_tree(tree_id)?;
        let sig = self.signature()?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        Ok(self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?)
    }

    /// Stage `paths` as they are on disk (removed when absent), so that the
    /// index agrees with the commit just made.
    pub fn refresh_index(&self, paths: &[PathBuf]) -> Result<()> {
        let mut real = self.repo.index()?;
        for path in paths {
            let rel = self.relative(path)?;
            if path.is_file() {
                real.add_path(Path::new(&rel))?;
            } else {
                let _ = real.remove_path(Path::new(&rel));
            }
        }
        real.write()?;
        Ok(())
    }

    /// Whether HEAD is detached (commits there vanish on checkout).
    pub fn head_detached(&self) -> bool {
        self.repo.head_detached().unwrap_or(false)
    }

    /// The name of HEAD's branch (`master`, `main` …), if on one.
    pub fn branch(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        head.shorthand().map(str::to_string).or_else(|| {
            let target = self.repo.find_reference("HEAD").ok()?;
            target
                .symbolic_target()
                .and_then(|t| t.strip_prefix("refs/heads/"))
                .map(str::to_string)
        })
    }

    /// The work tree (`None` for a bare repository).
    pub fn work_tree(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The bytes of `path` in HEAD's tree, `None` when absent there.
    pub fn head_bytes(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        let Some(commit) = self.head_commit()? else {
            return Ok(None);
        };
        let rel = self.relative(path)?;
        let tree = commit.tree()?;
        let Ok(entry) = tree.get_path(Path::new(&rel)) else {
            return Ok(None);
        };
        Ok(entry
            .to_object(&self.repo)?
            .peel_to_blob()
            .ok()
            .map(|b| b.content().to_vec()))
    }

    /// Whether `path` on disk differs from HEAD (untracked, edited or removed).
    pub fn is_uncommitted(&self, path: &Path) -> Result<bool> {
        let on_disk = match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("failed to read", path, e)),
        };
        Ok(self.head_bytes(path)? != on_disk)
    }

    /// Whether tag `name` exists.
    pub fn has_tag(&self, name: &str) -> bool {
        self.repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
    }

    /// Paths of HEAD's tree below the folder `dir` (absolute).
    pub fn head_files_under(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let Some(commit) = self.head_commit()? else {
            return Ok(Vec::new());
        };
        let workdir = self.workdir()?.to_path_buf();
        let rel = self.relative(dir)?;
        let tree = commit.tree()?;
        let Ok(entry) = tree.get_path(Path::new(&rel)) else {
            return Ok(Vec::new());
        };
        let Ok(sub) = entry.to_object(&self.repo)?.peel_to_tree() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        sub.walk(git2::TreeWalkMode::PreOrder, |parent, e| {
            if e.kind() == Some(git2::ObjectType::Blob) {
                out.push(workdir.join(&rel).join(parent).join(e.name().unwrap_or("")));
            }
            git2::TreeWalkResult::Ok
        })?;
        Ok(out)
    }

    fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.repo.head() {
            Ok(head) => Ok(Some(head.peel_to_commit()?)),
            Err(e)
                if e.code() == git2::ErrorCode::UnbornBranch
                    || e.code() == git2::ErrorCode::NotFound =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The name commits are made under (git's user.name or GIT_AUTHOR_NAME).
    pub fn author_name(&self) -> Option<String> {
        self.signature()
            .ok()
            .and_then(|s| s.name().map(str::to_string))
    }

    /// The name and e-mail address commits are made under: the same for
    /// the commits `git` makes for consult (`sync`'s merge), so that one
    /// without user.name or user.email of its own makes them as consult's
    /// do (tester16 M1: git refused, "Committer identity unknown").
    pub fn identity(&self) -> Option<(String, String)> {
        let sig = self.signature().ok()?;
        Some((sig.name()?.to_string(), sig.email()?.to_string()))
    }

    /// As git does: GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL override user.name
    /// and user.email.
    fn signature(&self) -> Result<Signature<'static>> {
        if let Some((name, email)) = AUTHOR.with(|a| a.borrow().clone()) {
            return Ok(Signature::now(&name, &email)?);
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let configured = self.repo.signature().ok();
        if let Some(name) = env("GIT_AUTHOR_NAME") {
            let email = env("GIT_AUTHOR_EMAIL")
                .or_else(|| {
                    configured
                        .as_ref()
                        .and_then(|s| s.email().map(str::to_string))
                })
                .unwrap_or_else(|| "consult@localhost".into());
            return Ok(Signature::now(&name, &email)?);
        }
        if let Some(sig) = configured {
            return Ok(sig.to_owned());
        }
        let name = std::env::var("GIT_AUTHOR_NAME").unwrap_or_else(|_| "consult".into());
        let email =
            std::env::var("GIT_AUTHOR_EMAIL").unwrap_or_else(|_| "consult@localhost".into());
        Ok(Signature::now(&name, &email)?)
    }

    /// The id of HEAD's commit (hex), or `None` before the first commit.
    pub fn head_id(&self) -> Result<Option<String>> {
        Ok(self.head_commit()?.map(|c| c.id().to_string()))
    }

    /// The tag of `version` for the workspace at `root`: `consult/v2` at
    /// the top of the repository, `consult/<folder>/v2` in a sub-folder, so
    /// two workspaces in one repository never clash.
    pub fn version_tag(&self, root: &Path, version: &str) -> Result<String> {
        let prefix = self.workdir_prefix(root)?;
        Ok(format!("consult/{prefix}{version}"))
    }

    /// Tag HEAD (lightweight) with `name`, replacing nothing.
    pub fn tag_head(&self, name: &str) -> Result<()> {
        let head = self
            .head_commit()?
            .ok_or_else(|| Error::usage("nothing committed yet"))?;
        self.repo.tag_lightweight(name, head.as_object(), false)?;
        Ok(())
    }

    /// The bytes of `path` (relative to the work tree) at revision `rev`.
    pub fn read_file_at(&self, rev: &str, path: &str) -> Result<Vec<u8>> {
        let object = self.repo.revparse_single(rev).map_err(|_| {
            Error::usage(t!("没有这个 git 版本：{}", "no such git revision: {}", rev)).with_hint(
                t!("用 `git log` 查看可用的版本", "see `git log` for revisions"),
            )
        })?;
        let tree = object.peel_to_tree()?;
        let rel = path.trim_start_matches("./");
        let entry = tree.get_path(Path::new(rel)).map_err(|_| {
            Error::usage(t!(
                "版本 {} 中没有文件 {}",
                "revision {} has no file {}",
                rev,
                rel
            ))
        })?;
        let blob = entry
            .to_object(&self.repo)?
            .peel_to_blob()
            .map_err(|_| Error::usage(t!("{}:{} 不是文件", "{}:{} is not a file", rev, rel)))?;
        Ok(blob.content().to_vec())
    }

    /// Files below `dir` that are untracked or differ from HEAD (absolute paths).
    pub fn uncommitted_under(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let workdir = self.workdir()?.to_path_buf();
        let rel = self.relative(dir)?;
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .pathspec(if rel.is_empty() { "." } else { rel.as_str() });
        let statuses = self.repo.statuses(Some(&mut opts))?;
        Ok(statuses
            .iter()
            .filter(|s| !s.status().is_ignored())
            .filter_map(|s| s.path().map(|p| workdir.join(p)))
            .collect())
    }

    /// The workspace folder relative to the work tree, as a path prefix
    /// ("" at the top, else "sub/dir/").
    pub fn workdir_prefix(&self, root: &Path) -> Result<String> {
        let rel = self.relative(&root.join("x"))?;
        Ok(rel.strip_suffix('x').unwrap_or("").to_string())
    }

    /// Commits on HEAD, newest first.
    pub fn log(&self) -> Result<Vec<CommitInfo>> {
        if self.head_commit()?.is_none() {
            return Ok(Vec::new());
        }
        let mut walk = self.repo.revwalk()?;
        walk.push_head()?;
        walk.set_sorting(git2::Sort::TIME | git2::Sort::TOPOLOGICAL)?;
        let mut out = Vec::new();
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            out.push(commit_info(&commit));
        }
        Ok(out)
    }

    /// Paths changed by a commit (relative, `/`-separated).
    pub fn changed_paths(&self, id: &str) -> Result<Vec<String>> {
        let commit = self.repo.find_commit(Oid::from_str(id)?)?;
        let tree = commit.tree()?;
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree()?),
            Err(_) => None,
        };
        let diff = self
            .repo
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect())
    }
}

fn commit_info(commit: &git2::Commit<'_>) -> CommitInfo {
    let time = commit.time();
    let offset = chrono::FixedOffset::east_opt(time.offset_minutes() * 60)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
    let when = chrono::DateTime::from_timestamp(time.seconds(), 0)
        .unwrap_or_default()
        .with_timezone(&offset);
    CommitInfo {
        id: commit.id().to_string(),
        time: when,
        author: commit.author().name().unwrap_or("").to_string(),
        summary: commit.summary().unwrap_or("").to_string(),
        message: commit.message().unwrap_or("").to_string(),
    }
}

fn blob_entry(path: &str, len: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: len as u32,
        id: Oid::zero(),
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Canonicalise a path whose last component may not exist.
fn canonical_parent(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => canonical(parent).join(name),
        _ => canonical(path),
    }
}
