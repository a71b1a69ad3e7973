//! What to compare: FROM and TO as the user names them — a version (`v1`
//! = drafts/v1.md), a file path, or `REV:PATH` read from git — and the
//! defaults (FROM = the version under consultation, TO = the latest).
//!
//! Two file paths need no workspace. Every bad name is an error that says
//! what exists instead.

use std::path::{Path, PathBuf};

use crate::draft::Draft;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::intake::decode::{DecodeError, decode_text, error_position, looks_binary, tidy_breaks};
use crate::store::Store;
use crate::t;
use crate::workspace::Workspace;

use super::mapped::Mapped;
use super::read_utf8::{Read8, read_utf8};
use super::units::{Backing, Side};

/// One side of the comparison, resolved but not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A version of the workspace (`v1`) and its file.
    Version { name: String, path: PathBuf },
    /// A file on disk.
    File(PathBuf),
    /// A file at a git revision: `REV:PATH`.
    Rev {
        repo: PathBuf,
        rev: String,
        path: String,
    },
}

/// FROM and TO, and the workspace root when one was needed.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub from: (String, Source),
    pub to: (String, Source),
    pub root: Option<PathBuf>,
}

impl Inputs {
    /// Both version names, when both sides are versions of the workspace.
    pub fn versions(&self) -> Option<(&str, &str)> {
        match (&self.from.1, &self.to.1) {
            (Source::Version { name: a, .. }, Source::Version { name: b, .. }) => Some((a, b)),
            _ => None,
        }
    }
}

/// Opens the workspace only when something needs it.
struct LazyWs<'d> {
    dir: Option<&'d Path>,
    ws: Option<Workspace>,
}

impl LazyWs<'_> {
    fn get(&mut self) -> Result<&Workspace> {
        if self.ws.is_none() {
            self.ws = Some(Workspace::open(self.dir)?);
        }
        self.ws
            .as_ref()
            .ok_or_else(|| Error::usage("workspace not open"))
    }
}

/// Resolve FROM and TO.
pub fn resolve(dir: Option<&Path>, from: Option<&str>, to: Option<&str>) -> Result<Inputs> {
    let mut ws = LazyWs { dir, ws: None };
    let from_name = match from {
        Some(f) => f.to_string(),
        None => ws.get()?.consultation().consulting.clone(),
    };
    let to_name = match to {
        Some(t) => t.to_string(),
        None => latest(ws.get()?)?,
    };
    let from_src = classify(&mut ws, &from_name)?;
    let to_src = classify(&mut ws, &to_name)?;
    Ok(Inputs {
        from: (from_name, from_src),
        to: (to_name, to_src),
        root: ws.ws.as_ref().map(|w| w.root().to_path_buf()),
    })
}

fn latest(ws: &Workspace) -> Result<String> {
    ws.latest_version().ok_or_else(|| {
        Error::usage(t!(
            "{} 中没有任何版本",
            "there is no version in {}",
            ws.drafts_dir().display()
        ))
        .with_hint(tr(
            "用 `consult import FILE --as v1` 导入草案",
            "take a draft in with `consult import FILE --as v1`",
        ))
    })
}

/// Decide what `arg` names.
fn classify(ws: &mut LazyWs<'_>, arg: &str) -> Result<Source> {
    if arg.is_empty() {
        return Err(Error::usage(tr("版本名为空", "empty version name")));
    }
    // `-` (standard input) is not read: a draft is compared from a file
    // or a version, and a pipe would leave nothing to show the user where
    // a line is (tester8 L10: it was taken for a version name and the
    // error spoke of consult.yaml).
    if arg == "-" {
        return Err(Error::usage(tr(
            "diff 不从标准输入读草案（`-`）",
            "diff does not read a draft from standard input (`-`)",
        ))
        .with_hint(tr(
            "先把草案存成文件，再 `consult diff 旧稿.md 新稿.md`",
            "save the draft to a file first, then `consult diff OLD.md NEW.md`",
        )));
    }
    let as_path = Path::new(arg);
    if std::fs::symlink_metadata(as_path).is_ok() {
        return file(as_path);
    }
    if let Some((rev, path)) = arg.split_once(':')
        && !rev.is_empty()
    {
        return git(ws, rev, path);
    }
    if looks_like_path(arg) {
        return file(as_path);
    }
    let w = ws.get()?;
    let path = w.require_version(arg)?;
    Ok(Source::Version {
        name: arg.to_string(),
        path,
    })
}

fn looks_like_path(arg: &str) -> bool {
    arg.contains('/')
        || arg.contains('\\')
        || [".md", ".txt", ".markdown"]
            .iter()
            .any(|ext| arg.to_ascii_lowercase().ends_with(ext))
}

/// A file path: it must exist and not be a folder.
fn file(path: &Path) -> Result<Source> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::usage(t!(
            "{} 是文件夹，不是文件",
            "{} is a folder, not a file",
            path.display()
        ))
        .with_hint(tr(
            "请给出草案文件，如 drafts/v1.md",
            "name a draft file such as drafts/v1.md",
        ))),
        Ok(_) => Ok(Source::File(path.to_path_buf())),
        Err(e) => Err(Error::io(tr("无法读取", "failed to read"), path, e).into_usage_hint()),
    }
}

/// `REV:PATH`: PATH relative to the repository's top folder; a bare
/// version name (`HEAD~1:v1`) means drafts/v1.md.
fn git(ws: &mut LazyWs<'_>, rev: &str, path: &str) -> Result<Source> {
    let path = path.trim_start_matches("./");
    if path.is_empty() {
        return Err(
            Error::usage(t!("“{}:” 缺少文件路径", "“{}:” names no file", rev)).with_hint(tr(
                "写成 REV:PATH，如 HEAD~1:drafts/v1.md",
                "write REV:PATH, such as HEAD~1:drafts/v1.md",
            )),
        );
    }
    let path = if path.contains('/') || path.contains('.') {
        path.to_string()
    } else {
        format!("drafts/{path}.md")
    };
    let repo = match ws.get() {
        Ok(w) => w.root().to_path_buf(),
        Err(_) => match ws.dir {
            Some(d) => d.to_path_buf(),
            None => std::env::current_dir()
                .map_err(|e| Error::io("failed to read the current folder", ".", e))?,
        },
    };
    // Fail now, before anything is read, if the revision or file is missing.
    Store::open(&repo)?.read_file_at(rev, &path)?;
    Ok(Source::Rev {
        repo,
        rev: rev.to_string(),
        path,
    })
}

impl Source {
    /// Read the text (any common encoding; binary refused), line ends made LF.
    pub fn read(&self, name: &str) -> Result<String> {
        Ok(lf(self.read_as_is(name)?))
    }

    /// The file mapped, when it is a file worth mapping ([`Mapped::open`]).
    /// Refuse a draft file that is not a regular file or is 4 GiB or
    /// more, before it is opened: no 4 GiB read to refuse it after, and no
    /// endless device (`/dev/zero`) or named pipe opened at all (opening
    /// a pipe waits for a writer).
    fn check_file(&self, name: &str) -> Result<()> {
        let (Source::Version { path, .. } | Source::File(path)) = self else {
            return Ok(());
        };
        // `/dev/null` reads as an empty draft, as in `git diff`.
        let null = || std::fs::canonicalize(path).is_ok_and(|p| p == Path::new("/dev/null"));
        if let Ok(meta) = std::fs::metadata(path)
            && !null()
        {
            regular_file(&meta, name)?;
            within_limit(meta.len(), name)?;
        }
        Ok(())
    }

    fn mapped(&self) -> Option<Mapped> {
        match self {
            Source::Version { path, .. } | Source::File(path) => Mapped::open(path),
            Source::Rev { .. } => None,
        }
    }

    /// [`Source::read`] with UTF-8 line ends as they are (CR, NEL, U+2028
    /// …): white space alone is empty and the BOM is dropped.
    /// Errors: those of reading, and a draft of 4 GiB or more (a unit's
    /// text is a `u32` range of its side's source: [`Text`](super::units::Text)).
    fn read_as_is(&self, name: &str) -> Result<String> {
        match self {
            Source::Version { path, .. } | Source::File(path) => {
                self.check_file(name)?;
                read_file_as_is(path)
            }
            Source::Rev { repo, rev, path } => {
                let text =
                    to_text_as_is(Store::open(repo)?.read_file_at(rev, path)?, Path::new(name))?;
                within_limit(text.len() as u64, name)?;
                Ok(text)
            }
        }
    }

    /// Read and parse into a side named `name`. A plain draft with LF line
    /// ends (nearly every draft) is read by the quick reader as it is: it
    /// refuses any line [`lf`] would change, so the text is not searched
    /// for odd line ends first (five passes over a 10 MB draft).
    /// A large UTF-8 file is mapped instead of read ([`Mapped`]).
    pub fn load(&self, name: &str) -> Result<Side> {
        self.check_file(name)?;
        let text = match self.mapped() {
            // Not plain: read again as any file is (its checks, its errors).
            Some(map) => match super::plain::side_of(name, Backing::Mapped(map)) {
                Ok(side) => return Ok(side),
                Err(_) => self.read_as_is(name)?,
            },
            None => match super::plain::side(name, self.read_as_is(name)?) {
                Ok(side) => return Ok(side),
                Err(text) => text,
            },
        };
        let text = match tidy_breaks(&text) {
            Some(tidied) => match super::plain::side(name, tidied) {
                Ok(side) => return Ok(side),
                Err(tidied) => tidied,
            },
            None => text,
        };
        let text = if self.is_plain_text_file() {
            literal_lines(&text)
        } else {
            text
        };
        Ok(Side::from_draft(name, Draft::parse_owned(text)))
    }

    /// Whether the draft is a `.txt` file: plain text, not Markdown. Its
    /// `*`, `_`, backticks, `&lt;`, `1. ` and `#` are its own characters,
    /// as `import` reads a .txt (tester11 and tester10 H1: `下列事项*应当*公示`
    /// read as `下列事项应当公示`). A .txt with no such character reads the
    /// same either way (the quick reader above).
    fn is_plain_text_file(&self) -> bool {
        let path = match self {
            Source::Version { path, .. } | Source::File(path) => path.as_path(),
            Source::Rev { path, .. } => Path::new(path.as_str()),
        };
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
    }
}

/// Plain text as Markdown that reads back as the same text, line for
/// line (lines are not made paragraphs: a wrapped line still joins the
/// one before it, as in any draft): each line's Markdown punctuation
/// escaped ([`escape_line`](crate::import::escape_line)).
fn literal_lines(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(crate::import::escape_line).collect();
    lines.join("\n")
}

/// Refuse a draft that is not a regular file (a device such as
/// `/dev/zero` or `/dev/urandom`, a named pipe, a socket): such a source
/// may never end. Folders are refused where the inputs are found.
fn regular_file(meta: &std::fs::Metadata, name: &str) -> Result<()> {
    if meta.is_file() || meta.is_dir() {
        return Ok(());
    }
    Err(Error::usage(t!(
        "“{}”不是普通文件（设备、管道等），diff 不读取",
        "“{}” is not a regular file (a device, a pipe, …): diff does not read it",
        name,
    ))
    .with_hint(tr(
        "请先把草案存成文件，再比较该文件",
        "save the draft to a file and compare that file",
    )))
}

/// Refuse a draft of `size` bytes when it is 4 GiB or more: what `diff`
/// can compare. Errors: exit 2, naming the draft and its size.
fn within_limit(size: u64, name: &str) -> Result<()> {
    if size <= u64::from(u32::MAX) {
        return Ok(());
    }
    Err(Error::usage(t!(
        "草案“{}”过大（{} 字节）：diff 只比较 4 GiB 以下的草案",
        "the draft “{}” is too large ({} bytes): diff compares drafts under 4 GiB",
        name,
        size,
    ))
    .with_hint(tr(
        "请把草案分为几册，分别比较",
        "split the draft into parts and compare each",
    )))
}

/// A file's text: UTF-8 read in one checked pass ([`read_utf8`]), anything
/// else through [`to_text`]; line ends made LF. Errors: the file cannot be
/// read, or is binary.
pub fn read_file(path: &Path) -> Result<String> {
    read_file_as_is(path).map(lf)
}

/// [`read_file`] with UTF-8 line ends as they are ([`start`]).
fn read_file_as_is(path: &Path) -> Result<String> {
    let io_error = |e| Error::io(tr("无法读取", "failed to read"), path, e);
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_or(0, |m| m.len());
    let size = usize::try_from(size).unwrap_or(0);
    match read_utf8(file, size, |head| {
        looks_binary(head.get(..16).unwrap_or(head))
    }) {
        Ok(Read8::Text(text)) => Ok(start(text)),
        Ok(Read8::Bytes(bytes)) => to_text_as_is(bytes, path),
        Err(e) => Err(io_error(e)),
    }
}

/// A UTF-8 draft's line ends (after [`start`]): CRLF, a lone CR and a
/// vertical tab (Word's manual line break, pasted) made LF, as NEL
/// (U+0085) and U+2028/U+2029 are, and a BOM at a line start dropped
/// (tester5 M5) — the line ends [`decode_text`] makes for other
/// encodings. A lone CR inside a line is thus a line break (as CommonMark
/// reads it too), never dropped or kept as a control character (tester4 L4).
fn lf(text: String) -> String {
    tidy_breaks(&text).unwrap_or(text)
}

/// What every UTF-8 draft needs before [`lf`]: white space alone is
/// empty, and the BOM is dropped (and a second one an editor may have
/// added, tester3 L5).
fn start(mut text: String) -> String {
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return String::new();
    }
    while text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

/// Bytes to text: UTF-8 taken as it is (BOM dropped, CRLF made LF), other
/// encodings decoded, binary refused.
pub fn to_text(bytes: Vec<u8>, at: &Path) -> Result<String> {
    to_text_as_is(bytes, at).map(lf)
}

/// [`to_text`] with UTF-8 line ends as they are ([`start`]); decoded
/// encodings come with LF line ends.
fn to_text_as_is(bytes: Vec<u8>, at: &Path) -> Result<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    // Fast path: UTF-8 without NUL bytes and without a binary format's
    // signature (checked on the first bytes only) is taken as it is.
    let head = bytes.get(..bytes.len().min(16)).unwrap_or_default();
    if !bytes.contains(&0) && !looks_binary(head) {
        match String::from_utf8(bytes) {
            Ok(text) => return Ok(start(text)),
            Err(e) => return decode(&e.into_bytes(), at),
        }
    }
    decode(&bytes, at)
}

fn decode(bytes: &[u8], at: &Path) -> Result<String> {
    match decode_text(bytes) {
        Ok(d) => Ok(d.text),
        Err(DecodeError::Empty) => Ok(String::new()),
        Err(e) => {
            Err(Error::input(error_position(at, bytes, &e), e.to_string()).with_hint(mend_hint(&e)))
        }
    }
}

/// How to mend a file that could not be read: for a damaged byte or
/// broken UTF-16, where and how (also for `import` and `ingest`, which
/// otherwise name the formats they take); else what diff compares.
pub(crate) fn mend_hint(e: &DecodeError) -> String {
    damage_hint(e).unwrap_or_else(|| {
        tr(
            "diff 比较的是文本草案（.md、.txt）",
            "diff compares text drafts (.md, .txt)",
        )
        .to_string()
    })
}

/// How to mend a damaged byte or broken UTF-16 ([`mend_hint`]); `None`
/// for other faults.
pub(crate) fn damage_hint(e: &DecodeError) -> Option<String> {
    Some(match e {
        DecodeError::BrokenUtf8 {
            at, at_end: false, ..
        } => t!(
            "用文本编辑器打开，改正或删去第 {} 字节处的字符，再另存为 UTF-8",
            "open it in a text editor, correct or delete the character at byte {}, and save it as UTF-8",
            at
        ),
        DecodeError::Undecodable { encoding, at, .. } => t!(
            "`iconv -f {0} -t UTF-8` 会在同一字节（第 {1} 字节）处停下：先改好该处，再转换",
            "`iconv -f {0} -t UTF-8` stops at the same byte ({1}): mend it there first, then convert",
            encoding,
            at
        ),
        DecodeError::Utf16 { encoding } => t!(
            "或在编辑器中以“{0}”打开，另存为“UTF-8”",
            "or open it in an editor as {0} and save it as UTF-8",
            encoding
        ),
        _ => return None,
    })
}

trait UsageHint {
    fn into_usage_hint(self) -> Error;
}

impl UsageHint for Error {
    /// A missing file: say what to give instead.
    fn into_usage_hint(self) -> Error {
        match self {
            Error::Io { path, source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                Error::usage(t!(
                    "没有这个文件：{}",
                    "no such file: {}",
                    path.display()
                ))
                .with_hint(tr(
                    "FROM/TO 可以是版本名（v1）、文件路径或 REV:PATH（如 HEAD~1:drafts/v1.md）",
                    "FROM/TO can be a version (v1), a file path, or REV:PATH (such as HEAD~1:drafts/v1.md)",
                ))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_in_any_encoding() {
        let at = Path::new("x.md");
        assert_eq!(
            to_text(b"\xef\xbb\xbfa\r\nb".to_vec(), at).ok(),
            Some("a\nb".into())
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("第一条 支持创新。");
        assert_eq!(
            to_text(gbk.into_owned(), at).ok(),
            Some("第一条 支持创新。".into())
        );
        assert_eq!(to_text(b"  \n".to_vec(), at).ok(), Some(String::new()));
        // A lone CR and a vertical tab are line ends, as in other encodings.
        assert_eq!(
            to_text("甲乙\r丙丁\x0B戊\r\n".as_bytes().to_vec(), at).ok(),
            Some("甲乙\n丙丁\n戊\n".into())
        );
    }

    #[test]
    fn binary_is_refused_with_a_reason() {
        let pdf = to_text(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
            Path::new("a.pdf"),
        );
        assert!(pdf.is_err());
        let nul = to_text(b"text\x00more text and more".to_vec(), Path::new("n.md"));
        assert!(nul.is_err());
    }

    #[test]
    fn binary_is_refused() {
        let err = to_text(
            b"PK\x03\x04\x00\x00binary\x00\x01".to_vec(),
            Path::new("a.docx"),
        );
        assert!(err.is_err());
        let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("a.docx"), "{msg}");
    }

    #[test]
    fn folders_and_missing_files_are_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut ws = LazyWs {
            dir: None,
            ws: None,
        };
        let d = dir.path().to_string_lossy().to_string();
        assert!(classify(&mut ws, &d).is_err());
        let missing = dir.path().join("nope.md").to_string_lossy().to_string();
        let msg = classify(&mut ws, &missing)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("nope.md"), "{msg}");
    }

    /// A draft read as it is (the quick reader refusing any line the
    /// line-end pass would change) gives the side its LF text gives.
    #[test]
    fn drafts_with_odd_line_ends_read_as_their_lf_text() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("d.md");
        let lines = "# 条例\n\n第一条　甲“乙”。\n第二条　丙—丁。\n";
        for text in [
            lines.to_string(),
            lines.replace('\n', "\r\n"),
            lines.replace("甲", "甲\u{2028}"),
            lines.replace("丙", "丙\u{2029}"),
            lines.replace("甲", "甲\u{85}"),
            lines.replace("第二条", "\u{feff}第二条"),
            lines.replace("丙", "丙\u{feff}"),
            format!("\u{feff}\u{feff}{lines}"),
            lines.replace('\n', "\x0b"),
        ] {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            let got = Source::File(path.clone()).load("d.md").ok();
            let lf = lf(start(text.clone()));
            let want = super::super::plain::side("d.md", lf)
                .unwrap_or_else(|lf| Side::from_draft("d.md", Draft::parse_owned(lf)));
            assert_eq!(got, Some(want), "{text:?}");
        }
    }

    /// A draft large enough to be mapped ([`Mapped`]) gives the side its
    /// text read into memory gives, whatever its line ends, BOMs or
    /// Markdown; only plain UTF-8 with none of them is mapped; a damaged
    /// byte is refused as a read file is, naming its line.
    #[test]
    fn a_mapped_draft_reads_as_a_read_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("d.md");
        let clauses: String = (1..=9000)
            .map(|i| format!("第{i}条　甲“乙”，给予300万元。（责任单位：市科技局）\n"))
            .collect();
        let lines = format!("# 条例\n\n{clauses}");
        assert!(lines.len() as u64 > super::super::mapped::MAP_FROM);
        for (text, mapped) in [
            (lines.clone(), true),
            (lines.replace('\n', "\r\n"), true),
            (lines.replace("第8000条", "第8000条\u{2028}"), true),
            (lines.replace("第5条　甲", "第5条　**甲**"), true),
            (format!("\u{feff}{lines}"), false),
            (lines.replace("第7条", "第7\0条"), true),
        ] {
            std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(Mapped::open(&path).is_some(), mapped, "{:?}", &text[..40]);
            let got = Source::File(path.clone()).load("d.md").ok();
            let lf = lf(start(text.clone()));
            let want = super::super::plain::side("d.md", lf)
                .unwrap_or_else(|lf| Side::from_draft("d.md", Draft::parse_owned(lf)));
            if text.contains('\0') {
                // Refused as a read file with a NUL byte is (not text).
                assert_eq!(got, None);
                continue;
            }
            assert_eq!(got, Some(want), "{:?}", &text[..40]);
        }
        let mut damaged = lines.into_bytes();
        let at = damaged.len() - 10;
        damaged.insert(at, 0xE7);
        std::fs::write(&path, &damaged).unwrap_or_else(|e| panic!("{e}"));
        assert!(Mapped::open(&path).is_none());
        let msg = Source::File(path.clone())
            .load("d.md")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.contains("d.md:9002:"), "{msg}");
    }
}
