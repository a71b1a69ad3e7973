//! A workspace: the folder holding consult.yaml, drafts/ and comments/.
//!
//! Finds the workspace, loads the consultation and drafts, writes files
//! atomically, and serialises concurrent runs with a lock in the git folder.

use std::path::{Path, PathBuf};

use crate::consultation::Consultation;
use crate::draft::Draft;
use crate::error::{Error, Result};
use crate::store::Store;

pub use crate::files::{check_output, read_text, write_atomic, write_atomic_with};
use crate::t;

/// The name of the consultation file.
pub const CONFIG: &str = "consult.yaml";

/// An opened workspace.
pub struct Workspace {
    root: PathBuf,
    consultation: Consultation,
}

pub use crate::transaction::{Lock, Transaction};

impl Workspace {
    /// Open the workspace at `dir`, or the nearest folder upward of the
    /// current one holding consult.yaml.
    pub fn open(dir: Option<&Path>) -> Result<Workspace> {
        let root = find_root(dir)?;
        refuse_links(&root)?;
        let path = root.join(CONFIG);
        let text = read_text(&path)?;
        let consultation = Consultation::parse(&text, &path)?;
        Ok(Workspace { root, consultation })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn consultation(&self) -> &Consultation {
        &self.consultation
    }

    pub fn drafts_dir(&self) -> PathBuf {
        self.root.join("drafts")
    }

    pub fn comments_dir(&self) -> PathBuf {
        self.root.join("comments")
    }

    /// The file of a version: `v1` → drafts/v1.md.
    pub fn draft_path(&self, version: &str) -> PathBuf {
        self.drafts_dir().join(format!("{version}.md"))
    }

    /// Every version in drafts/, in natural order (v1, v2, …, v10).
    pub fn versions(&self) -> Vec<String> {
        let mut versions: Vec<String> = std::fs::read_dir(self.drafts_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.strip_suffix(".md").map(str::to_string)
            })
            .filter(|v| !v.starts_with('.'))
            .collect();
        versions.sort_by_key(|v| version_key(v));
        versions
    }

    /// The newest version.
    pub fn latest_version(&self) -> Option<String> {
        self.versions().pop()
    }

    /// Check that `version` exists.
    pub fn require_version(&self, version: &str) -> Result<PathBuf> {
        let path = self.draft_path(version);
        if path.is_file() {
            return Ok(path);
        }
        let known = self.versions();
        Err(Error::usage(t!(
            "没有版本 {}：找不到 {}",
            "no version {}: {} does not exist",
            version,
            path.display()
        ))
        .with_hint(t!(
            "现有版本：{}",
            "existing versions: {}",
            if known.is_empty() {
                "—".to_string()
            } else {
                known.join(", ")
            }
        )))
    }

    /// Read and parse a version.
    pub fn load_draft(&self, version: &str) -> Result<Draft> {
        let path = self.require_version(version)?;
        Ok(Draft::parse(&read_text(&path)?))
    }

    /// The version under consultation, parsed.
    pub fn consulting_draft(&self) -> Result<Draft> {
        self.load_draft(&self.consultation.consulting)
    }

    /// The git repository (created when there is none).
    pub fn store(&self) -> Result<Store> {
        Store::open_or_init(&self.root)
    }

    /// Take the workspace lock (waits a bounded time for other consult
    /// processes). Writing commands use [`Workspace::begin`], which takes it.
    pub fn lock(&self, store: &Store) -> Result<Lock> {
        crate::transaction::take_lock(store)
    }

    /// Start a change of the workspace: the one write path of every
    /// writing command (see [`Transaction`]).
    pub fn begin(&self) -> Result<Transaction<'_>> {
        Transaction::begin(self)
    }
}

/// A symbolic link at consult.yaml or anywhere under the workspace's
/// folders is never followed, for reading or for writing: exit 2 naming it.
pub fn refuse_links(root: &Path) -> Result<()> {
    if let Some(link) = first_link(root) {
        return Err(Error::usage(t!(
            "工作区中有符号链接：{}（consult 不跟随链接读写，以免读写工作区以外的文件）；未写入任何内容",
            "the workspace holds a symbolic link: {} (consult never follows links, so as not to read or write outside the workspace); nothing was written",
            link.display()
        ))
        .with_hint(crate::i18n::tr(
            "删除该链接，换成文件本身（git checkout 可恢复已提交的文件）",
            "replace the link with the file itself (git checkout restores committed files)",
        )));
    }
    Ok(())
}

/// The first symbolic link at consult.yaml or under the workspace's folders.
pub fn first_link(root: &Path) -> Option<PathBuf> {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let config = root.join(CONFIG);
    if is_link(&config) {
        return Some(config);
    }
    fn walk(dir: &Path, is_link: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
        if is_link(dir) {
            return Some(dir.to_path_buf());
        }
        for entry in std::fs::read_dir(dir).ok()?.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                return Some(entry.path());
            }
            if kind.is_dir()
                && let Some(found) = walk(&entry.path(), is_link)
            {
                return Some(found);
            }
        }
        None
    }
    crate::transaction::FOLDERS
        .iter()
        .find_map(|f| walk(&root.join(f), &is_link))
}

/// Sort key for version names: v2 before v10.
fn version_key(v: &str) -> (String, u64, String) {
    let digits_at = v.find(|c: char| c.is_ascii_digit()).unwrap_or(v.len());
    let (prefix, rest) = v.split_at(digits_at);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let n = rest[..end].parse().unwrap_or(0);
    (prefix.to_string(), n, rest[end..].to_string())
}

/// The folder holding consult.yaml: `dir` itself, or the nearest upward.
pub fn find_root(dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = dir {
        if dir.join(CONFIG).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(
            Error::usage(t!("{} 中没有 {}", "no {1} in {0}", dir.display(), CONFIG)).with_hint(t!(
                "用 `consult init {}` 新建工作区",
                "create one with `consult init {}`",
                dir.display()
            )),
        );
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::io("failed to read the current folder", ".", e))?;
    for d in cwd.ancestors() {
        if d.join(CONFIG).is_file() {
            return Ok(d.to_path_buf());
        }
    }
    Err(Error::usage(t!(
        "当前目录及其上级目录中都没有 {}",
        "no {} in this folder or any folder above it",
        CONFIG
    ))
    .with_hint(t!(
        "用 `consult init` 新建工作区，或用 -C DIR 指定",
        "create one with `consult init`, or name one with -C DIR"
    )))
}

/// `-o FILE` must not be one of the files being read (`diff A B -o A`
/// would replace draft A by the redline). `inputs` are the command's file
/// arguments as typed (FROM, TO); those naming no existing file (a version
/// name, `REV:PATH`) are passed over — a version's file drafts/vN.md is
/// refused by [`check_output`]. The same file is found through links and
/// other spellings (`./a.md`, `../d/a.md`, a symbolic or hard link).
/// Errors: exit 2, nothing written.
pub fn refuse_output_over_inputs(output: &Path, inputs: &[Option<&str>]) -> Result<()> {
    let Ok(out) = std::fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs.iter().flatten() {
        let Ok(meta) = std::fs::metadata(input) else {
            continue;
        };
        if same_file(output, &out, Path::new(input), &meta) {
            return Err(Error::usage(t!(
                "-o {} 就是要比较的文件 {}：输出会覆盖这份草案；未写入任何内容",
                "-o {} is the file {} being compared: the output would overwrite that draft; nothing was written",
                output.display(),
                input
            ))
            .with_hint(t!(
                "换一个输出文件，例如 -o {}",
                "write to another file, e.g. -o {}",
                other_name(output).display()
            )));
        }
    }
    Ok(())
}

/// Whether two existing paths are one file.
fn same_file(a: &Path, a_meta: &std::fs::Metadata, b: &Path, b_meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if a_meta.dev() == b_meta.dev() && a_meta.ino() == b_meta.ino() {
            return true;
        }
    }
    let _ = (a_meta, b_meta);
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// `a.md` → `a.diff.md` beside it: a name for the output that is not the input.
fn other_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "diff".to_string(), |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}.diff.{}", ext.to_string_lossy()),
        None => format!("{stem}.diff"),
    };
    path.with_file_name(name)
}
