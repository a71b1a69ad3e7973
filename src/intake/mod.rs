//! Replies in every form they arrive in: read a file into a [`Parsed`]
//! reply (format by content), then resolve it against the consultation into
//! a [`ReplyRecord`] — department, receipt time, opinions with clauses and
//! proposed edits. Nothing here writes; `ingest` does.

pub mod controls;
pub mod convert;
pub mod copy;
pub mod decode;
pub mod docx_reply;
pub mod edits;
pub mod eml;
pub mod form;
pub mod forward;
pub mod freetext;
pub mod grid;
pub mod letter;
pub mod line_finder;
pub mod locate;
pub mod media;
pub mod non_reply;
pub mod ocr;
pub mod pages;
pub mod pdf;
pub mod reading_cache;
pub mod received;
pub mod ruled;
#[cfg(test)]
mod scaling_tests;
pub mod sender;
pub mod tools;

pub use letter::letter_names;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::consultation::Consultation;
use crate::draft::Draft;
use crate::error::{Error, Position, Result};
use crate::opinion::{Edit, OpinionSource};
use crate::reply::{ReplyRecord, Source};
use crate::t;

/// The largest reply file read (20 MB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// How a reply file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Email,
    Docx,
    /// A PDF's text layer.
    Pdf,
    /// A scan or photo (image file or image-only PDF) read by OCR.
    Ocr,
    /// Converted by LibreOffice: old Word, WPS, RTF, OpenDocument.
    Doc,
    Wps,
    Rtf,
    Odt,
}

impl Format {
    pub fn key(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Email => "email",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Ocr => "ocr",
            Format::Doc => "doc",
            Format::Wps => "wps",
            Format::Rtf => "rtf",
            Format::Odt => "odt",
        }
    }
}

/// Where a department name was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSource {
    FrontMatter,
    Prefix,
    /// The signature above the date at the end of a letter, or a lone
    /// `单位名：` line at its top (only used when it names a listed body).
    Letter,
    /// One of two or more bodies named in a joint signature
    /// (`市卫健委　市文广旅局`, `市卫健委、市文广旅局`, or two signature lines).
    Joint,
    /// A `反馈单位：` / `填报单位：` line.
    Label,
    /// The title line: 市交通运输局关于…的意见, 市交通运输局对…的意见.
    Title,
    Sender,
    /// The sender of the original of a forwarded e-mail.
    Forwarded,
    /// The signature of a letter attached to an e-mail.
    Attachment,
    CommentPrefix,
    CommentAuthor,
}

/// An opinion as read, before it is checked against the draft.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawOpinion {
    pub clause: Option<u32>,
    pub text: String,
    pub edits: Vec<Edit>,
    pub quoted: Vec<String>,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
    /// Where it was read; `None` is running text.
    pub source: Option<OpinionSource>,
    /// The reason the department gave (理由：…, 以体现…), kept apart.
    pub reason: Option<String>,
    /// It proposes a clause the draft does not have (建议增加一条…).
    pub new_clause: bool,
    /// A Word comment's author.
    pub author: Option<String>,
    /// The text a Word comment is anchored to.
    pub anchor: Option<String>,
}

/// A reply as read from one file, independent of any workspace.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub format: Option<Format>,
    pub encoding: Option<String>,
    /// Department names found, in order of precedence.
    pub names: Vec<(String, NameSource, Option<usize>)>,
    /// A receipt time with its offset (e-mail Date header).
    pub received_at: Option<DateTime<FixedOffset>>,
    /// A receipt time in the consultation's zone (front matter), with its line.
    pub received_local: Option<(String, usize)>,
    pub channel: Option<String>,
    pub no_objection: bool,
    pub opinions: Vec<RawOpinion>,
    /// Attachments of an e-mail: (name, bytes).
    pub attachments: Vec<(String, Vec<u8>)>,
    /// The text as Markdown (a .docx with its tracked changes rejected), to
    /// compare with the consulted draft in case it is an edited copy of it.
    pub copy_text: Option<String>,
    /// The e-mail's Date header as written (for CST and for errors).
    pub date_header: Option<String>,
    /// A forwarded e-mail: the original's header block as read.
    pub forward: Option<forward::Forward>,
    /// Remarks made while reading (kept in the record's warnings).
    pub warnings: Vec<String>,
    /// The text OCR read from a scan or photo (kept beside the original).
    pub ocr_text: Option<String>,
    /// Opinions were read by OCR (here or in an attachment): their
    /// proposed edits are marked for confirmation.
    pub ocr_read: bool,
}

/// The front matter of a hand-written reply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    department: Option<String>,
    #[serde(default)]
    received: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    no_objection: Option<bool>,
    #[serde(default)]
    opinions: Option<Vec<FrontOpinion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontOpinion {
    #[serde(default)]
    clause: Option<ClauseValue>,
    text: String,
    #[serde(default)]
    edits: Vec<Edit>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ClauseValue {
    Number(u32),
    Text(String),
}

/// Read a reply file's bytes. `path` is only used in messages.
pub fn parse_reply(bytes: &[u8], path: &Path) -> Result<Parsed> {
    if bytes.is_empty() {
        return Err(Error::input(
            Position::file(path),
            t!("文件为空", "the file is empty"),
        ));
    }
    if let Some(media) = media::sniff(bytes, path) {
        return media::parse(media, bytes, path);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return parse_docx(bytes, path);
    }
    if eml::looks_like_email(bytes) {
        return parse_email(bytes, path);
    }
    let decoded = decode::decode_text(bytes).map_err(|e| {
        Error::input(
            decode::error_position(path, bytes, &e),
            t!("无法读取为文本：{}", "cannot read as text: {}", e),
        )
        .with_hint(read_hint(&e))
    })?;
    let mut parsed = parse_text(&decoded.text, path)?;
    parsed.encoding = Some(decoded.encoding.to_string());
    Ok(parsed)
}

/// How to mend a reply that cannot be read as text: for a damaged byte,
/// what `diff` says (where and how to mend it, tester7 L10); else the
/// formats taken.
fn read_hint(e: &decode::DecodeError) -> String {
    crate::diff::source::damage_hint(e).unwrap_or_else(|| {
        crate::i18n::tr(
            "支持的格式：Markdown、纯文本（UTF-8、UTF-16、GBK/GB18030）、.eml、.docx",
            "supported: Markdown, plain text (UTF-8, UTF-16, GBK/GB18030), .eml, .docx",
        )
        .to_string()
    })
}

/// Read a text reply: optional YAML front matter, then free text.
pub fn parse_text(text: &str, path: &Path) -> Result<Parsed> {
    let mut parsed = Parsed::default();
    let (front, body, body_line) = split_front_matter(text, path)?;
    let mut front_opinions = None;
    parsed.format = Some(if front.is_some() {
        Format::Markdown
    } else {
        Format::Text
    });
    if let Some((yaml, first_line)) = front {
        let fm: FrontMatter = crate::yaml::parse(yaml, path, first_line)?;
        if let Some(d) = fm.department {
            let line = line_of_key(yaml, "department").map(|l| l + first_line - 1);
            parsed.names.push((d, NameSource::FrontMatter, line));
        }
        if let Some(r) = fm.received {
            let line = line_of_key(yaml, "received").map_or(first_line, |l| l + first_line - 1);
            parsed.received_local = Some((r, line));
        }
        parsed.channel = fm.channel;
        parsed.no_objection = fm.no_objection.unwrap_or(false);
        if let Some(list) = fm.opinions {
            front_opinions = Some(front_matter_opinions(list, path, first_line)?);
        }
    }
    parsed.copy_text = Some(body.to_string());
    let form = form::read(body);
    let free = freetext::extract(&form.rest);
    if let Some(prefix) = free.department_prefix.clone() {
        parsed
            .names
            .push((prefix, NameSource::Prefix, Some(body_line)));
    }
    parsed.names.extend(letter::sender_lines(body, body_line));
    parsed.names.extend(letter_names(&form.rest, body_line));
    match front_opinions {
        Some(list) => parsed.opinions = list,
        None => {
            let table_said_nothing = form.found && form.opinions.is_empty();
            parsed.no_objection |=
                free.no_objection || (table_said_nothing && free.items.is_empty());
            parsed.opinions = form.opinions;
            parsed
                .opinions
                .extend(free.items.into_iter().map(raw_from_item));
            let texts: Vec<&str> = parsed.opinions.iter().map(|o| o.text.as_str()).collect();
            let lines = line_finder::lines_of(body, &texts);
            for (opinion, line) in parsed.opinions.iter_mut().zip(lines) {
                opinion.line = line.map(|l| l + body_line - 1);
            }
        }
    }
    Ok(parsed)
}

fn raw_from_item(item: freetext::Item) -> RawOpinion {
    RawOpinion {
        clause: item.clause,
        text: item.text,
        edits: item.edits,
        quoted: item.quoted,
        line: None,
        source: None,
        reason: item.reason,
        new_clause: item.new_clause,
        ..RawOpinion::default()
    }
}

fn front_matter_opinions(
    list: Vec<FrontOpinion>,
    path: &Path,
    first_line: usize,
) -> Result<Vec<RawOpinion>> {
    list.into_iter()
        .map(|o| {
            let clause = match o.clause {
                None => None,
                Some(ClauseValue::Number(n)) => Some(n),
                Some(ClauseValue::Text(s)) => Some(clause_from_text(&s).ok_or_else(|| {
                    Error::input(
                        Position::at(path, first_line, None),
                        t!("无法识别的条款“{}”", "unrecognised clause “{}”", s),
                    )
                    .with_hint(crate::i18n::tr(
                        "写成数字（5）或“第五条”",
                        "write a number (5) or 第五条",
                    ))
                })?),
            };
            let quoted = freetext::extract(&o.text)
                .items
                .into_iter()
                .flat_map(|i| i.quoted)
                .collect();
            Ok(RawOpinion {
                clause,
                text: o.text,
                edits: o.edits,
                quoted,
                line: Some(first_line),
                source: Some(OpinionSource::FrontMatter),
                ..RawOpinion::default()
            })
        })
        .collect()
}

fn clause_from_text(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    crate::numbering::clause_refs(s)
        .first()
        .map(|r| r.number)
        .or_else(|| crate::numbering::parse_chinese_numeral(s))
}

/// Front matter with its first line, the body, and the body's first line.
type Split<'a> = (Option<(&'a str, usize)>, &'a str, usize);

/// Split `---\n…\n---\n` front matter off.
fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok((None, text, 1));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((Some((yaml, 2)), body, i + 3));
        }
        offset += line.len();
    }
    Err(Error::input(
        Position::at(path, 1, Some(1)),
        t!(
            "前置信息以 --- 开始但没有结束的 ---",
            "front matter opened with --- is never closed"
        ),
    )
    .with_hint(crate::i18n::tr(
        "在前置信息后加一行 ---",
        "add a line --- after the front matter",
    )))
}

/// The 1-based line of a top-level key in YAML text.
fn line_of_key(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
        .map(|i| i + 1)
}

/// How deep e-mails attached to e-mails are followed.
const MAX_MAIL_DEPTH: usize = 3;

fn parse_email(bytes: &[u8], path: &Path) -> Result<Parsed> {
    parse_email_at(bytes, path, 0)
}

fn parse_email_at(bytes: &[u8], path: &Path, depth: usize) -> Result<Parsed> {
    let email = eml::parse_email(bytes).map_err(|e| {
        Error::input(
            Position::file(path),
            t!("无法读取邮件：{}", "cannot read the e-mail: {}", e),
        )
    })?;
    let attached = (email.forward.is_none() && depth < MAX_MAIL_DEPTH)
        .then(|| attached_original(&email, path, depth))
        .flatten();
    if let Some(original) = attached {
        return forwarded_as_attachment(email, original, path);
    }
    let mut parsed = match &email.forward {
        Some(forward) => forwarded(&email, forward, path)?,
        None => {
            let mut parsed = parse_text(&email.body, path)?;
            if let Some(name) = email.from_name.as_ref().filter(|n| !n.trim().is_empty()) {
                parsed
                    .names
                    .push((name.trim().to_string(), NameSource::Sender, None));
            }
            parsed
        }
    };
    parsed.format = Some(Format::Email);
    parsed.channel.get_or_insert_with(|| "邮件".to_string());
    parsed.received_at = email.date;
    parsed.date_header = email.date_header.clone();
    for a in email.attachments {
        let name = a.name.clone();
        if let Some(sub) = attachment_reply(&a.bytes, &name) {
            parsed.opinions.extend(sub.opinions);
            parsed.no_objection |= sub.no_objection && parsed.opinions.is_empty();
            parsed.ocr_read |= sub.ocr_read;
            keep_longer(&mut parsed.copy_text, sub.copy_text);
            parsed
                .names
                .extend(sub.names.into_iter().map(|(n, source, _)| match source {
                    NameSource::CommentPrefix | NameSource::CommentAuthor => (n, source, None),
                    _ => (n, NameSource::Attachment, None),
                }));
        }
        parsed.attachments.push((name, a.bytes));
    }
    Ok(parsed)
}

/// The longer text is the one that may be an edited copy of the draft (a
/// mail's short cover note, or the draft attached to it).
fn keep_longer(kept: &mut Option<String>, other: Option<String>) {
    if other.as_ref().map_or(0, String::len) > kept.as_ref().map_or(0, String::len) {
        *kept = other;
    }
}

/// The original of a mail forwarded as an attachment (message/rfc822, .eml).
fn attached_original(email: &eml::Email, path: &Path, depth: usize) -> Option<Parsed> {
    let part = email
        .attachments
        .iter()
        .find(|a| a.content_type == "message/rfc822" || a.name.to_lowercase().ends_with(".eml"))?;
    parse_email_at(&part.bytes, path, depth + 1).ok()
}

/// A mail whose reply is an attached original: department and time are
/// the original's, the outer sender forwarded it, the outer note counts
/// only where it proposes something.
fn forwarded_as_attachment(email: eml::Email, original: Parsed, path: &Path) -> Result<Parsed> {
    let cst = original
        .date_header
        .as_deref()
        .is_some_and(received::names_cst);
    let forward = forward::Forward {
        sender: None,
        time_text: original.date_header.clone(),
        time: original
            .received_at
            .map(|d| (d.naive_local(), (!cst).then(|| *d.offset()))),
        line: 1,
        body: String::new(),
        forwarded_by: email
            .from_name
            .clone()
            .or_else(|| email.from_address.clone()),
    };
    let mut parsed = forwarded(&email, &forward, path)?;
    parsed.names = original
        .names
        .into_iter()
        .map(|(n, source, line)| match source {
            NameSource::Sender => (n, NameSource::Forwarded, line),
            other => (n, other, line),
        })
        .collect();
    parsed.opinions.extend(original.opinions);
    parsed.no_objection = original.no_objection && parsed.opinions.is_empty();
    parsed.format = Some(Format::Email);
    parsed.channel = Some("邮件".to_string());
    parsed.received_at = email.date;
    parsed.date_header = email.date_header;
    parsed.attachments = email
        .attachments
        .into_iter()
        .map(|a| (a.name, a.bytes))
        .collect();
    Ok(parsed)
}

/// A forwarded e-mail: the original is the reply; the forwarder's note
/// counts only where it proposes something itself.
fn forwarded(email: &eml::Email, forward: &forward::Forward, path: &Path) -> Result<Parsed> {
    let mut parsed = parse_text(&forward.body, path)?;
    if let Some(sender) = &forward.sender {
        parsed
            .names
            .push((sender.clone(), NameSource::Forwarded, Some(forward.line)));
    }
    let note = freetext::extract(&email.body);
    let mut proposals: Vec<RawOpinion> = note
        .items
        .into_iter()
        .filter(|item| !item.edits.is_empty() || item.clause.is_some())
        .map(raw_from_item)
        .collect();
    let texts: Vec<&str> = proposals.iter().map(|o| o.text.as_str()).collect();
    let lines = line_finder::lines_of(&email.body, &texts);
    for (opinion, line) in proposals.iter_mut().zip(lines) {
        opinion.line = line;
    }
    if !proposals.is_empty() {
        parsed.no_objection = false;
    }
    parsed.opinions.splice(0..0, proposals);
    parsed.forward = Some(forward.clone());
    Ok(parsed)
}

/// An attachment read as part of the reply, where its format is supported.
fn attachment_reply(bytes: &[u8], name: &str) -> Option<Parsed> {
    let lower = name.to_lowercase();
    let supported = [
        ".txt",
        ".md",
        ".markdown",
        ".docx",
        ".pdf",
        ".jpg",
        ".jpeg",
        ".png",
        ".tif",
        ".tiff",
        ".doc",
        ".wps",
        ".rtf",
        ".odt",
    ]
    .iter()
    .any(|e| lower.ends_with(e));
    if !supported {
        return None;
    }
    parse_reply(bytes, Path::new(name)).ok()
}

fn parse_docx(bytes: &[u8], path: &Path) -> Result<Parsed> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::input(
            Position::file(path),
            crate::i18n::tr(
                "这是旧版 Word 文档（.doc）",
                "this is an old Word document (.doc)",
            ),
        )
        .with_hint(crate::i18n::tr(
            "请在 Word 中另存为 .docx 后再导入",
            "save it as .docx in Word and ingest that",
        )));
    }
    docx_reply::parse(bytes, path)
}

/// What the command line adds to a reply.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub department: Option<String>,
    pub received: Option<DateTime<FixedOffset>>,
    /// The clock receipt times are checked against (`--now`); `None` is
    /// the system clock. A receipt after it is refused.
    pub now: Option<DateTime<FixedOffset>>,
}

/// Resolve a parsed reply against the consultation and the draft under
/// consultation into a record. Fails (never guesses) when the department
/// or the receipt time cannot be established. An opinion that points at a
/// clause the draft does not have is a `new_clause` opinion with a warning.
pub fn to_record(
    parsed: &Parsed,
    bytes: &[u8],
    path: &Path,
    consultation: &Consultation,
    draft: &Draft,
    overrides: &Overrides,
) -> Result<ReplyRecord> {
    let from_front = parsed.names.iter().any(|n| n.1 == NameSource::FrontMatter);
    let department =
        if parsed.format == Some(Format::Ocr) && !from_front && overrides.department.is_none() {
            media::ocr_department(parsed, path, consultation)?
        } else {
            sender::resolve_department(parsed, path, consultation, overrides)?
        };
    let received = received::resolve(parsed, path, consultation, overrides)?;
    let sha = crate::reply::sha256_hex(bytes);
    let id = sha[..8].to_string();
    let ocr_text = parsed
        .ocr_text
        .as_ref()
        .map(|_| crate::reply::ocr_text_path(&sha));
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut warnings = parsed.warnings.clone();
    if let Some(w) = received::zone_warning(parsed, consultation, overrides) {
        warnings.push(w);
    }
    if let Some(w) = sender::overridden(parsed, &department, consultation, overrides) {
        warnings.push(w);
    }
    if let Some(w) = sender::unlisted_cosigners(parsed, &department, consultation) {
        warnings.push(w);
    }
    let copy = as_copy(parsed, draft, consultation, &mut warnings);
    let raws = copy.as_ref().map_or(&parsed.opinions, |c| &c.opinions);
    let mut opinions = Vec::new();
    for raw in raws {
        let raw = locate::self_reference(raw, &department);
        for piece in locate::split_by_location(&raw, draft) {
            let id = format!("{id}-{}", opinions.len() + 1);
            let mut record = locate::check_opinion(&piece, &id, draft, consultation, &mut warnings);
            if parsed.ocr_read && !record.edits.is_empty() {
                let w = ocr::confirm_warning();
                warnings.push(format!("{id}: {w}"));
                record.warnings.push(w);
            }
            opinions.push(record);
        }
    }
    if let Some(w) = non_reply::warning(&opinions) {
        warnings.push(w);
    }
    let unchanged_copy = copy.is_some() && opinions.is_empty();
    let mut no_objection = (parsed.no_objection || unchanged_copy) && opinions.is_empty();
    if opinions.is_empty() && !no_objection {
        // A reply with nothing to decide is never "replied with opinions".
        no_objection = true;
        warnings.push(
            crate::i18n::tr(
                "回复中未读出意见，也未明说无修改意见，按无修改意见记录；如有误请用 consult amend 更正",
                "no opinion was read and the reply does not say it has no objection; recorded as no objection (correct it with consult amend if wrong)",
            )
            .to_string(),
        );
    }
    let attachments = parsed
        .attachments
        .iter()
        .map(|(name, data)| {
            let sha = crate::reply::sha256_hex(data);
            Source {
                stored: crate::reply::original_path(&sha, name),
                file: name.clone(),
                sha256: sha,
                format: "attachment".to_string(),
                encoding: None,
                ocr_text: None,
            }
        })
        .collect();
    Ok(ReplyRecord {
        id,
        department,
        received: received.to_rfc3339(),
        channel: parsed.channel.clone(),
        no_objection,
        source: Source {
            stored: crate::reply::original_path(&sha, &file),
            file,
            sha256: sha,
            format: parsed.format.map_or("text", Format::key).to_string(),
            encoding: parsed.encoding.clone(),
            ocr_text,
        },
        attachments,
        forwarded_by: parsed.forward.as_ref().and_then(|f| f.forwarded_by.clone()),
        opinions,
        warnings,
        withdrawn: None,
    })
}

/// The reply read as an edited copy of the consulted draft, when it is
/// one: its Word comments and tracked changes (and front-matter opinions),
/// then one opinion per clause it changed (what was read as a letter is
/// dropped — it was the draft's own text). A note says how it was read;
/// an unchanged copy says so.
fn as_copy(
    parsed: &Parsed,
    draft: &Draft,
    consultation: &Consultation,
    warnings: &mut Vec<String>,
) -> Option<copy::Copy> {
    let mut found = copy::read(draft, parsed.copy_text.as_deref()?)?;
    let version = &consultation.consulting;
    let mut opinions: Vec<RawOpinion> = parsed
        .opinions
        .iter()
        .filter(|o| {
            matches!(
                o.source,
                Some(OpinionSource::Comment | OpinionSource::Revision | OpinionSource::FrontMatter)
            )
        })
        .cloned()
        .collect();
    if found.opinions.is_empty() && opinions.is_empty() {
        warnings.push(t!(
            "这是征求意见稿（{}）的副本，与原文没有不同：没有修改意见",
            "this is a copy of the draft under consultation ({}) and nothing in it differs: no opinions",
            version
        ));
    } else if !found.opinions.is_empty() {
        warnings.push(t!(
            "按征求意见稿（{}）的修改稿读取（{}/{} 条对齐）：每处改动的条款记为一条意见",
            "read as an edited copy of the draft under consultation ({}; {} of {} clauses aligned): one opinion per changed clause",
            version,
            found.aligned,
            found.clauses
        ));
    }
    opinions.append(&mut found.opinions);
    found.opinions = opinions;
    Some(found)
}
