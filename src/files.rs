//! Files in and out: read UTF-8 text naming the file and line on failure,
//! write atomically (temporary file, then rename), and check `-o` paths.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::t;

/// Read a UTF-8 text file, naming the file in any error.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(crate::i18n::tr("无法读取", "failed to read"), path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let prefix = &e.as_bytes()[..offset];
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::input(
            crate::error::Position::at(path, line, None),
            t!(
                "不是 UTF-8 文本（第 {} 字节）",
                "not UTF-8 text (at byte {})",
                offset
            ),
        )
        .with_hint(crate::i18n::tr(
            "请另存为 UTF-8 编码",
            "save the file as UTF-8",
        ))
    })
}

/// The entries of one of the workspace's record folders (decisions/,
/// amendments/, comments/): `None` when it does not exist yet. A path
/// there that is a file (`report -o decisions` in an old version, a copy
/// gone wrong) is an input error naming the path and how to fix it, in the
/// user's language; any other failure is an I/O error naming the path.
pub fn record_folder(dir: &Path) -> Result<Option<std::fs::ReadDir>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => Ok(Some(entries)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) if dir.is_file() => Err(not_a_folder(dir)),
        Err(e) => Err(Error::io(
            crate::i18n::tr("无法读取", "failed to read"),
            dir,
            e,
        )),
    }
}

/// A path where consult keeps a folder (decisions/, revisions/, …) is a
/// file: the error naming the path and how to fix it.
fn not_a_folder(dir: &Path) -> Error {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Error::input(
        crate::error::Position::file(dir),
        t!(
            "这里应是 consult 存放记录的文件夹（{}/），却是一个文件",
            "this should be the folder consult keeps its records in ({}/), but it is a file",
            name
        ),
    )
    .with_hint(t!(
        "把该文件改名或移出工作区（例如 mv {} {}.txt），再重新运行；未写入任何内容",
        "rename it or move it out of the workspace (e.g. mv {} {}.txt) and run the command again; nothing was written",
        name,
        name
    ))
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// then renamed over the target, so a reader (or a process killed midway)
/// sees the old file or the new one, never part of one. Like git's own
/// object writes, it does not fsync: that costs milliseconds per file and
/// 1000-reply batches must take seconds, not minutes.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of a file only its owner may read or write (mode 0600
/// on Unix from the moment it exists: the users file of `consult serve`,
/// whose password hashes are nobody else's business — tester16 L6).
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_as(path, Private::Yes, |w| w.write_all(bytes))
}

/// Whether a file written atomically is its owner's alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Private {
    Yes,
    No,
}

/// [`write_atomic`], streaming: `body` writes the content (buffered).
pub fn write_atomic_with(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    write_atomic_as(path, Private::No, body)
}

fn write_atomic_as(
    path: &Path,
    private: Private,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if is_device_or_pipe(path) {
        // `-o /dev/null`, `-o /dev/stdout`, a named pipe: written to as it
        // is. Renaming a file over it would replace the device itself.
        let written = (|| -> std::io::Result<()> {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
            body(&mut w)?;
            w.flush()
        })();
        return written
            .map_err(|e| Error::io(crate::i18n::tr("无法写入", "failed to write"), path, e));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| match dir.ancestors().find(|a| a.is_file()) {
        Some(file) => not_a_folder(file),
        None => Error::io(crate::i18n::tr("无法创建目录", "failed to create"), dir, e),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, create(&tmp, private)?);
        body(&mut w)?;
        w.flush()?;
        drop(w);
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(crate::i18n::tr("无法写入", "failed to write"), path, e)
    })
}

/// A new file at `path` (truncated if there is one), mode 0600 when
/// `private` on Unix.
fn create(path: &Path, private: Private) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private == Private::Yes {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Whether `path` is a device, a named pipe or a socket (not a file, a
/// folder or a link).
fn is_device_or_pipe(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| {
        let t = m.file_type();
        !t.is_file() && !t.is_dir() && !t.is_symlink()
    })
}

/// An input file (`ingest`, `import`) must be the file itself: a symbolic
/// link is never followed (it could point anywhere, e.g. /etc/passwd).
/// Error (exit 2) naming the link and its target.
pub fn refuse_link(path: &Path) -> Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "?".to_string());
    Err(Error::input(
        crate::error::Position::file(path),
        t!(
            "{} 是符号链接（指向 {}）：consult 不跟随链接；未写入任何内容",
            "{} is a symbolic link (to {}): consult never follows links; nothing was written",
            path.display(),
            target
        ),
    )
    .with_hint(crate::i18n::tr(
        "请直接给出文件本身（例如复制一份再导入）",
        "pass the file itself (e.g. copy it first)",
    )))
}

/// `-o FILE` must name a file (not a folder) in a folder that exists, and
/// not one of a consult workspace's own records: anything under `.git/`,
/// `consult.yaml`, or under comments/, decisions/, drafts/, revisions/,
/// amendments/ (or a file taking one of those names). The folder is
/// resolved canonically (`drafts/../drafts`, symbolic links) and the
/// workspace found by walking up to consult.yaml from it. Errors: exit 2,
/// nothing written.
pub fn check_output(path: &Path) -> Result<()> {
    check_output_shape(path)?;
    let Some(place) = protected_place(path) else {
        return Ok(());
    };
    Err(Error::usage(t!(
        "-o {} 指向工作区自身的记录（{}）：输出会覆盖或损坏工作区；未写入任何内容",
        "-o {} points into the workspace's own records ({}): writing there would overwrite or break the workspace; nothing was written",
        path.display(),
        place
    ))
    .with_hint(elsewhere_hint(path)))
}

/// Where else to write `path`'s file: the same name at the workspace's
/// top, or outside it.
fn elsewhere_hint(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "summary.md".into(), |n| n.to_string_lossy().to_string());
    t!(
        "写到工作区根目录或工作区之外的新文件，例如 -o {} 或 -o ../{}",
        "write to a new file at the workspace's top or outside it, e.g. -o {} or -o ../{}",
        name,
        name
    )
}

/// What a workspace keeps that `-o` must never write over.
const PROTECTED: [&str; 7] = [
    ".git",
    "consult.yaml",
    "comments",
    "decisions",
    "drafts",
    "revisions",
    "amendments",
];

/// The protected place `path` would write into (`drafts/`, `.git/`,
/// `consult.yaml` …), if any.
fn protected_place(path: &Path) -> Option<String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(folder).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    if folder.components().any(|c| c.as_os_str() == ".git") {
        return Some(".git/".to_string());
    }
    let root = folder
        .ancestors()
        .find(|dir| dir.join("consult.yaml").is_file())?;
    let rel = folder.strip_prefix(root).ok()?;
    let first = rel
        .components()
        .next()
        .map_or(name, |c| c.as_os_str().to_string_lossy().into_owned());
    PROTECTED
        .contains(&first.as_str())
        .then(|| match first.as_str() {
            "consult.yaml" => first,
            _ => format!("{first}/"),
        })
}

fn check_output_shape(path: &Path) -> Result<()> {
    // `-o -` is standard output in many tools; here it made a file named
    // `-` in the workspace (tester9 L3).
    if path.as_os_str() == "-" {
        return Err(Error::usage(crate::i18n::tr(
            "-o - 会写出一个名为“-”的文件；未写入任何内容",
            "-o - would write a file named “-”; nothing was written",
        ))
        .with_hint(crate::i18n::tr(
            "要输出到屏幕（标准输出）请去掉 -o；确要这个文件名请写 -o ./-",
            "leave out -o to write to standard output; for a file of that name write -o ./-",
        )));
    }
    if path.is_dir() {
        return Err(Error::usage(t!(
            "-o {} 是一个目录，应为文件",
            "-o {} is a folder, not a file",
            path.display()
        ))
        .with_hint(crate::i18n::tr("请给出文件名", "name a file")));
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) if !folder.is_dir() => Err(Error::usage(t!(
            "-o {}：目录 {} 不存在",
            "-o {}: the folder {} does not exist",
            path.display(),
            folder.display()
        ))
        .with_hint(crate::i18n::tr(
            "先创建该目录，或换一个输出路径",
            "create the folder first, or write elsewhere",
        ))),
        _ => Ok(()),
    }
}
