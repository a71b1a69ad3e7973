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

    /// `path` relative to the work tree, with `/` separators.
    fn relative(&self, path: &Path) -> Result<String> {
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
    /// `message`; other staged or unstaged changes are left alone.
    pub fn commit_paths(&self, paths: &[PathBuf], message: &str) -> Result<Oid> {
        let parent = self.head_commit()?;
        let mut index = git2::Index::new()?;
        if let Some(parent) = &parent {
            index.read_tree(&parent.tree()?)?;
        }
        let mut real = self.repo.index()?;
        for path in paths {
            let rel = self.relative(path)?;
            if path.is_file() {
                let bytes =
                    std::fs::read(path).map_err(|e| Error::io("failed to read", path, e))?;
                let mut entry = blob_entry(&rel, bytes.len());
                entry.id = self.repo.blob(&bytes)?;
                index.add(&entry)?;
                real.add_path(Path::new(&rel))?;
            } else {
                let _ = index.remove_path(Path::new(&rel));
                let _ = real.remove_path(Path::new(&rel));
            }
        }
        let tree_id = index.write_tree_to(&self.repo)?;
        let tree = self.repo.find_tree(tree_id)?;
        let sig = self.signature()?;
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let oid = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?;
        real.write()?;
        Ok(oid)
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

    fn signature(&self) -> Result<Signature<'static>> {
        if let Some((name, email)) = AUTHOR.with(|a| a.borrow().clone()) {
            return Ok(Signature::now(&name, &email)?);
        }
        if let Ok(sig) = self.repo.signature() {
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
