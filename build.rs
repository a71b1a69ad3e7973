//! Embeds the example workspace (consult.yaml, drafts/, comments/ of the
//! repository root: the Suzhou consultation) into the binary, so that
//! `consult init --example` works anywhere; and names the git commit the
//! binary is built from (`CONSULT_VERSION`: "0.1.0 (commit abc1234)", or
//! "0.1.0 (commit unknown)" outside a git checkout, e.g. from a tarball);
//! and links the binary position-dependent, which starts faster.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let mut files = Vec::new();
    for top in ["consult.yaml", "drafts", "comments"] {
        println!("cargo:rerun-if-changed={top}");
        collect(&root, &root.join(top), &mut files);
    }
    files.sort();
    let mut code = String::from(
        "/// The example workspace's files: (relative path, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        code.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("example_files.rs");
    std::fs::write(out, code).expect("write example_files.rs");
    version(&root);
    // A position-dependent binary: no 58 000 relocations to apply and no
    // 1.5 MB of relocated tables to copy at each start (2.6 ms → 1.6 ms
    // for `consult --version`; a 1 MB diff takes 13 ms in all).
    println!("cargo:rustc-link-arg-bins=-no-pie");
}

/// Set `CONSULT_VERSION` to the package version and the short commit of
/// HEAD when `root` is the top of a git checkout (a `CONSULT_GIT_COMMIT`
/// variable set by a packager wins); "unknown" otherwise. Never fails.
fn version(root: &Path) {
    println!("cargo:rerun-if-env-changed=CONSULT_GIT_COMMIT");
    let commit = std::env::var("CONSULT_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git_commit(root))
        .unwrap_or_else(|| "unknown".to_string());
    let package = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rustc-env=CONSULT_VERSION={package} (commit {commit})");
}

/// The short hash of HEAD, if `root` is the top of a git work tree; also
/// asks cargo to rebuild when HEAD or the branch it points to moves.
fn git_commit(root: &Path) -> Option<String> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    let same = std::fs::canonicalize(&top).ok()? == std::fs::canonicalize(root).ok()?;
    if !same {
        return None;
    }
    for rel in ["HEAD", "packed-refs"] {
        watch(root, rel);
    }
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        watch(root, &branch);
    }
    git(root, &["rev-parse", "--short", "HEAD"])
}

/// Rebuild when this file of the git folder changes (if it exists).
fn watch(root: &Path, rel: &str) {
    if let Some(path) = git(
        root,
        &["rev-parse", "--path-format=absolute", "--git-path", rel],
    ) && Path::new(&path).exists()
    {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// Run git in `root`; its trimmed stdout when it succeeds and is not empty.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn collect(root: &Path, path: &Path, files: &mut Vec<(String, String)>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.starts_with('.') || name == ".gitkeep" {
                collect(root, &entry.path(), files);
            }
        }
    } else if path.is_file() {
        let rel = path.strip_prefix(root).expect("inside root");
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, path.display().to_string()));
    }
}
