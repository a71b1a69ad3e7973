//! Embeds the example workspace (consult.yaml, drafts/, comments/ of the
//! repository root: the Suzhou consultation) into the binary, so that
//! `consult init --example` works anywhere; and names the git commit the
//! binary is built from (`CONSULT_VERSION`: "0.1.0 (commit abc1234)", or
//! "0.1.0 (commit unknown)" outside a git checkout, e.g. from a tarball);
//! and links the binary position-dependent, and statically where it can
//! ([`link_static`]), which starts faster.

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
    link_static();
}

/// Link the `consult` binary statically on Linux with glibc, when the C
/// toolchain has the static libraries (Debian's libc6-dev and zlib1g-dev
/// have them): no dynamic loader, no five libraries to map and bind at
/// each start. A 1 MB `diff` took 0.88–0.92 of the time of the dynamically
/// linked binary (three paired runs of 101), `consult --version` 0.78.
///
/// Only the binary is linked so. cargo cannot give the binary alone
/// `-C target-feature=+crt-static` (given to every crate, it fails the
/// proc-macro crates), and without it rustc names the shared libraries
/// (`-lc`, `-lgcc_s`, …) after `-Bdynamic`. So the binary's link searches
/// first a folder of our own where each of those names is a one-line
/// linker script naming the static library instead (`libgcc_eh.a` for
/// the shared unwinder); with `-static` the result has no loader.
///
/// Linked dynamically, as before, elsewhere, when a static library is
/// missing, or when `CONSULT_LINK=dynamic` is set.
fn link_static() {
    println!("cargo:rerun-if-env-changed=CONSULT_LINK");
    println!("cargo:rerun-if-env-changed=CC");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let wanted = std::env::var("CONSULT_LINK").map_or(true, |v| v != "dynamic");
    if !(wanted && target_os == "linux" && target_env == "gnu") {
        return;
    }
    // The names rustc links on linux-gnu (std, libc, libgit2's zlib), and
    // the static library each stands for.
    let names = [
        ("c", "libc.a"),
        ("m", "libm.a"),
        ("rt", "librt.a"),
        ("dl", "libdl.a"),
        ("util", "libutil.a"),
        ("pthread", "libpthread.a"),
        ("z", "libz.a"),
        ("gcc_s", "libgcc_eh.a"),
    ];
    let Some(found) = names
        .iter()
        .map(|(name, lib)| static_lib(lib).map(|path| (name, path)))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let dir = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("static-link");
    std::fs::create_dir_all(&dir).expect("create the static-link folder");
    for (name, path) in found {
        let script = format!("INPUT({})\n", path.display());
        std::fs::write(dir.join(format!("lib{name}.so")), script).expect("write a linker script");
    }
    println!("cargo:rustc-link-arg-bins=-L{}", dir.display());
    println!("cargo:rustc-link-arg-bins=-static");
}

/// Where the C compiler (`CC`, else `cc`) finds the static library
/// `name`; None when it does not (it then prints the bare name).
fn static_lib(name: &str) -> Option<PathBuf> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let out = std::process::Command::new(cc)
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (path.is_absolute() && path.exists()).then_some(path)
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
