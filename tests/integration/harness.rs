//! A small fluent builder that runs the real `consult` binary on temporary
//! workspaces (real git repositories) and checks what it did.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary folder to run consult in.
pub struct Ws {
    dir: TempDir,
}

/// The result of one run.
pub struct Run {
    pub output: Output,
    pub args: Vec<String>,
}

impl Ws {
    /// An empty temporary folder (no workspace yet).
    pub fn empty() -> Ws {
        Ws {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A workspace holding the embedded Suzhou example (`consult init --example`).
    pub fn example() -> Ws {
        let ws = Ws::empty();
        ws.run(&["init", ".", "--example"]).ok();
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write a file (parents created) and return its path.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write");
        p
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The command, run in the workspace with a fixed environment
    /// (LANG=C, TZ far from Shanghai, no colour variables, no COLUMNS).
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The command as a plain `std::process::Command` (to spawn, kill, run concurrently).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("consult"));
        cmd.current_dir(self.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("LANG", "C")
            .env("TZ", "America/Los_Angeles")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com");
        cmd
    }

    /// Run consult with these arguments.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Run consult with these arguments and extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.cmd();
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("run consult");
        Run {
            output,
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Every file of the workspace (outside .git) with its bytes, plus the
    /// HEAD commit: equal snapshots mean nothing was written.
    pub fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        collect(self.path(), self.path(), &mut files);
        let head = std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(self.path())
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Snapshot { files, head }
    }

    /// Number of commits on HEAD.
    pub fn commits(&self) -> usize {
        let out = std::process::Command::new("git")
            .args(["rev-list", "--count", "HEAD"])
            .current_dir(self.path())
            .output()
            .expect("git");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    }

    /// `git status --porcelain` (empty when the tree is clean).
    pub fn git_status(&self) -> String {
        let out = std::process::Command::new("git")
            .args(["status", "--porcelain"])
            .current_dir(self.path())
            .output()
            .expect("git");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
}

/// The files of a workspace and its HEAD.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, Vec<u8>>,
    head: String,
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if p.is_dir() {
            collect(root, &p, files);
        } else {
            let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
            files.insert(rel, std::fs::read(&p).unwrap_or_default());
        }
    }
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).to_string()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).to_string()
    }

    fn describe(&self) -> String {
        format!(
            "consult {:?}\nexit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Assert exit code 0.
    pub fn ok(self) -> Run {
        assert_eq!(self.code(), 0, "{}", self.describe());
        self
    }

    /// Assert this exit code.
    pub fn code_is(self, code: i32) -> Run {
        assert_eq!(self.code(), code, "{}", self.describe());
        self
    }

    /// Assert exit code 2 (bad input) with every one of `needles` in stderr.
    pub fn fails_with(self, needles: &[&str]) -> Run {
        assert_eq!(self.code(), 2, "{}", self.describe());
        let err = self.stderr();
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}\n{}", self.describe());
        }
        self
    }

    /// Assert stdout contains every one of `needles`.
    pub fn stdout_has(self, needles: &[&str]) -> Run {
        let out = self.stdout();
        for n in needles {
            assert!(out.contains(n), "stdout lacks {n:?}\n{}", self.describe());
        }
        self
    }

    /// Parse stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

/// The seed document, if `../shared` is beside the checkout.
pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    p.is_dir().then_some(p)
}

/// The project's own folder (the example workspace).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
