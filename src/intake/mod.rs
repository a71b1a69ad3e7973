//! Replies in every form they arrive in: read a file into a [`Parsed`]
//! reply (format by content), then resolve it against the consultation into
//! a [`ReplyRecord`] — department, receipt time, opinions with clauses and
//! proposed edits. Nothing here writes; `ingest` does.

pub mod convert;
pub mod decode;
pub mod docx_reply;
pub mod eml;
pub mod freetext;
pub mod media;
pub mod ocr;
pub mod pages;
pub mod pdf;
pub mod tools;

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::consultation::{Consultation, Resolved};
use crate::draft::{Clause, Draft};
use crate::error::{Error, Position, Result};
use crate::opinion::{Edit, OpinionRecord};
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
    Sender,
    CommentPrefix,
    CommentAuthor,
}

/// An opinion as read, before it is checked against the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawOpinion {
    pub clause: Option<u32>,
    pub text: String,
    pub edits: Vec<Edit>,
    pub quoted: Vec<String>,
    /// 1-based line in the file, where known.
    pub line: Option<usize>,
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
            Position::file(path),
            t!("无法读取为文本：{}", "cannot read as text: {}", e),
        )
        .with_hint(crate::i18n::tr(
            "支持的格式：Markdown、纯文本（UTF-8、UTF-16、GBK/GB18030）、.eml、.docx",
            "supported: Markdown, plain text (UTF-8, UTF-16, GBK/GB18030), .eml, .docx",
        ))
    })?;
    let mut parsed = parse_text(&decoded.text, path)?;
    parsed.encoding = Some(decoded.encoding.to_string());
    Ok(parsed)
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
    let free = freetext::extract(body);
    if let Some(prefix) = free.department_prefix.clone() {
        parsed
            .names
            .push((prefix, NameSource::Prefix, Some(body_line)));
    }
    parsed.names.extend(letter_names(body, body_line));
    match front_opinions {
        Some(list) => parsed.opinions = list,
        None => {
            parsed.no_objection |= free.no_objection;
            parsed.opinions = free
                .items
                .into_iter()
                .map(|item| raw_from_item(item, body, body_line))
                .collect();
        }
    }
    Ok(parsed)
}

fn raw_from_item(item: freetext::Item, body: &str, body_line: usize) -> RawOpinion {
    let line = line_in(body, &item.text).map(|l| l + body_line - 1);
    RawOpinion {
        clause: item.clause,
        text: item.text,
        edits: item.edits,
        quoted: item.quoted,
        line,
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

/// The 1-based line where `needle` (or its first line) starts in `hay`.
fn line_in(hay: &str, needle: &str) -> Option<usize> {
    let first: String = needle
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(12)
        .collect();
    if first.is_empty() {
        return None;
    }
    hay.find(&first)
        .map(|at| hay[..at].matches('\n').count() + 1)
}

fn parse_email(bytes: &[u8], path: &Path) -> Result<Parsed> {
    let email = eml::parse_email(bytes).map_err(|e| {
        Error::input(
            Position::file(path),
            t!("无法读取邮件：{}", "cannot read the e-mail: {}", e),
        )
    })?;
    let mut parsed = parse_text(&email.body, path)?;
    parsed.format = Some(Format::Email);
    parsed.channel.get_or_insert_with(|| "邮件".to_string());
    if let Some(name) = email.from_name.filter(|n| !n.trim().is_empty()) {
        parsed
            .names
            .push((name.trim().to_string(), NameSource::Sender, None));
    }
    parsed.received_at = email.date;
    for a in email.attachments {
        let name = a.name.clone();
        if let Some(sub) = attachment_reply(&a.bytes, &name) {
            parsed.opinions.extend(sub.opinions);
            parsed.no_objection |= sub.no_objection && parsed.opinions.is_empty();
            parsed.ocr_read |= sub.ocr_read;
        }
        parsed.attachments.push((name, a.bytes));
    }
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
}

/// Resolve a parsed reply against the consultation and the draft under
/// consultation into a record. Fails (never guesses) when the department
/// or the receipt time cannot be established, or when an opinion points at
/// a clause the draft does not have.
pub fn to_record(
    parsed: &Parsed,
    bytes: &[u8],
    path: &Path,
    consultation: &Consultation,
    draft: &Draft,
    overrides: &Overrides,
) -> Result<ReplyRecord> {
    let department = resolve_department(parsed, path, consultation, overrides)?;
    let received = resolve_received(parsed, path, consultation, overrides)?;
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
    let mut warnings = Vec::new();
    let mut opinions = Vec::new();
    for (i, raw) in parsed.opinions.iter().enumerate() {
        let mut record =
            check_opinion(raw, &format!("{id}-{}", i + 1), draft, path, &mut warnings)?;
        if parsed.ocr_read && !record.edits.is_empty() {
            let w = ocr::confirm_warning();
            warnings.push(format!("{}: {w}", record.id));
            record.warnings.push(w);
        }
        opinions.push(record);
    }
    let no_objection = parsed.no_objection && opinions.is_empty();
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
        forwarded_by: None,
        opinions,
        warnings,
    })
}

fn resolve_department(
    parsed: &Parsed,
    path: &Path,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Result<String> {
    let front = parsed.names.iter().find(|n| n.1 == NameSource::FrontMatter);
    if parsed.format == Some(Format::Ocr) && front.is_none() && overrides.department.is_none() {
        return media::ocr_department(parsed, path, consultation);
    }
    let chosen = match (front, &overrides.department) {
        (Some((name, _, line)), Some(flag)) => {
            let a = resolve_name(name, path, *line, consultation)?;
            let b = resolve_name(flag, Path::new("--department"), None, consultation)?;
            if a != b {
                return Err(Error::input(
                    Position {
                        file: Some(path.to_path_buf()),
                        line: *line,
                        column: None,
                    },
                    t!(
                        "前置信息写的是“{}”，--department 给的是“{}”",
                        "the front matter says “{}” but --department says “{}”",
                        a,
                        b
                    ),
                )
                .with_hint(crate::i18n::tr("去掉其中一个", "drop one of them")));
            }
            return Ok(a);
        }
        (Some((name, _, line)), None) => return resolve_name(name, path, *line, consultation),
        (None, Some(flag)) => {
            return resolve_name(flag, Path::new("--department"), None, consultation);
        }
        (None, None) => first_listed(&parsed.names, consultation).or_else(|| {
            parsed
                .names
                .iter()
                .find(|n| !matches!(n.1, NameSource::Letter | NameSource::CommentAuthor))
        }),
    };
    match chosen {
        Some((name, _, line)) => resolve_name(name, path, *line, consultation),
        None => Err(Error::input(
            Position::file(path),
            crate::i18n::tr(
                "无法确定来函单位",
                "cannot tell which department sent this reply",
            ),
        )
        .with_hint(crate::i18n::tr(
            "用 --department 指定，或在前置信息中写 department:",
            "name it with --department, or write department: in front matter",
        ))),
    }
}

/// The first name the reply gives that is a listed body (a salutation to
/// the issuer or a stray prefix is passed over).
fn first_listed<'a>(
    names: &'a [(String, NameSource, Option<usize>)],
    consultation: &Consultation,
) -> Option<&'a (String, NameSource, Option<usize>)> {
    names
        .iter()
        .find(|(name, _, _)| matches!(consultation.lookup(name), Some(Resolved::Body(_))))
}

/// Names a letter gives for its sender: a lone `单位名：` first line and the
/// signature line above the closing date.
pub fn letter_names(body: &str, body_line: usize) -> Vec<(String, NameSource, Option<usize>)> {
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (i + body_line, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut names = Vec::new();
    if let Some((line, first)) = lines.first()
        && let Some(name) = first.strip_suffix('：').or_else(|| first.strip_suffix(':'))
        && is_name_like(name)
    {
        names.push((name.to_string(), NameSource::Letter, Some(*line)));
    }
    let mut tail = lines
        .iter()
        .rev()
        .skip_while(|(_, l)| is_date_line(l) || is_contact_line(l));
    if let Some((line, sig)) = tail.next()
        && is_name_like(sig)
    {
        names.push((sig.to_string(), NameSource::Letter, Some(*line)));
    }
    names
}

fn is_name_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n) && !s.contains(['。', '，', '；', '、', '“', '”', '：', ':'])
}

fn is_contact_line(s: &str) -> bool {
    ["联系人", "电话", "手机", "邮箱", "传真", "地址", "附件"]
        .iter()
        .any(|k| s.starts_with(k) || s.contains(&format!("{k}：")) || s.contains(&format!("{k}:")))
}

fn is_date_line(s: &str) -> bool {
    let digits = s
        .chars()
        .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    let has_date = (s.contains('年') && s.contains('月'))
        || s.matches('-').count() == 2
        || s.matches('/').count() == 2;
    (digits >= 4 || s.contains('〇') || s.contains('二')) && has_date && s.chars().count() <= 20
}

/// Resolve a name to a listed body's name; groups and the issuer are errors.
fn resolve_name(
    name: &str,
    path: &Path,
    line: Option<usize>,
    consultation: &Consultation,
) -> Result<String> {
    let position = Position {
        file: Some(path.to_path_buf()),
        line,
        column: None,
    };
    match consultation.resolve(name) {
        Ok(Resolved::Body(body)) => Ok(body.name.clone()),
        Ok(Resolved::Group(group)) => Err(Error::input(
            position,
            t!(
                "“{}”是一组单位，不是单个单位",
                "“{}” is a group, not one body",
                name
            ),
        )
        .with_hint(t!(
            "请写明是哪一个成员：{}",
            "name the member: {}",
            group.members.join("、")
        ))),
        Ok(Resolved::Issuer) => Err(Error::input(
            position,
            t!(
                "“{}”是发文单位，不是征求意见对象",
                "“{}” is the issuer, not a consulted body",
                name
            ),
        )),
        Err(e) => Err(match e {
            Error::Input { message, hint, .. } => Error::Input {
                position,
                message,
                hint,
            },
            other => other,
        }),
    }
}

fn resolve_received(
    parsed: &Parsed,
    path: &Path,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Result<DateTime<FixedOffset>> {
    if let Some((text, line)) = &parsed.received_local {
        let at = crate::deadline::parse_time(text, consultation.timezone).map_err(|e| {
            Error::input(
                Position::at(path, *line, None),
                t!(
                    "收到时间“{}”无法识别：{}",
                    "receipt time “{}” not understood: {}",
                    text,
                    e
                ),
            )
            .with_hint(crate::i18n::tr(
                "写成 2023-05-24 16:20（征求意见的时区）或 RFC 3339",
                "write 2023-05-24 16:20 (the consultation's zone) or RFC 3339",
            ))
        })?;
        if let Some(flag) = overrides.received
            && flag != at
        {
            return Err(Error::input(
                Position::at(path, *line, None),
                t!(
                    "前置信息的收到时间 {} 与 --received {} 不一致",
                    "the front matter's receipt time {} differs from --received {}",
                    at.to_rfc3339(),
                    flag.to_rfc3339()
                ),
            ));
        }
        return Ok(at);
    }
    if let Some(at) = overrides.received.or(parsed.received_at) {
        return Ok(at);
    }
    Err(Error::input(
        Position::file(path),
        crate::i18n::tr("没有收到时间", "no receipt time"),
    )
    .with_hint(crate::i18n::tr(
        "用 --received \"2023-05-24 16:20\" 给出，或在前置信息中写 received:",
        "give it with --received \"2023-05-24 16:20\", or write received: in front matter",
    )))
}

/// Check one opinion against the draft: the clause must exist; an opinion
/// without a clause is attached to the one clause holding its quoted text;
/// edits whose text is not in the clause are dropped with a warning.
fn check_opinion(
    raw: &RawOpinion,
    id: &str,
    draft: &Draft,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<OpinionRecord> {
    let clause_number = match raw.clause {
        Some(n) if draft.clause(n).is_none() => {
            let known: Vec<String> = draft.clauses.iter().map(|c| c.number.to_string()).collect();
            return Err(Error::input(
                Position {
                    file: Some(path.to_path_buf()),
                    line: raw.line,
                    column: None,
                },
                t!(
                    "意见指向第{}条，但草案中没有这一条",
                    "the opinion points at clause {}, which the draft does not have",
                    n
                ),
            )
            .with_hint(t!(
                "草案的条款：{}",
                "the draft's clauses: {}",
                known.join(", ")
            )));
        }
        Some(n) => Some(n),
        None => attach_by_quote(raw, draft),
    };
    let mut record_warnings = Vec::new();
    let edits = match clause_number.and_then(|n| draft.clause(n)) {
        Some(clause) => raw
            .edits
            .iter()
            .filter(|e| edit_fits(e, clause, &mut record_warnings))
            .cloned()
            .collect(),
        None => {
            if !raw.edits.is_empty() {
                record_warnings.push(
                    crate::i18n::tr(
                        "意见没有指明条款，修改建议仅作文字记录",
                        "the opinion names no clause; its edits are kept as text only",
                    )
                    .to_string(),
                );
            }
            Vec::new()
        }
    };
    for w in &record_warnings {
        warnings.push(format!("{id}: {w}"));
    }
    Ok(OpinionRecord {
        id: id.to_string(),
        clause: clause_number,
        text: raw.text.clone(),
        edits,
        warnings: record_warnings,
        ..OpinionRecord::default()
    })
}

fn attach_by_quote(raw: &RawOpinion, draft: &Draft) -> Option<u32> {
    for q in raw.quoted.iter().filter(|q| !q.trim().is_empty()) {
        let holders: Vec<&Clause> = draft
            .clauses
            .iter()
            .filter(|c| c.text().contains(q.as_str()))
            .collect();
        if let [only] = holders.as_slice() {
            return Some(only.number);
        }
    }
    None
}

fn edit_fits(edit: &Edit, clause: &Clause, warnings: &mut Vec<String>) -> bool {
    let text = clause.text();
    let units: Vec<String> = clause
        .responsible_units
        .iter()
        .map(|u| crate::names::normalise(u))
        .collect();
    let warn = match edit {
        Edit::Replace { from, .. } | Edit::Delete { text: from }
            if !text.contains(from.as_str()) =>
        {
            Some(t!(
                "第{}条中没有“{}”，修改建议仅作文字记录",
                "clause {} has no “{}”; the edit is kept as text only",
                clause.number,
                from
            ))
        }
        Edit::AddUnit { unit } if units.contains(&crate::names::normalise(unit)) => Some(t!(
            "第{}条的责任单位已有{}",
            "clause {} already lists {}",
            clause.number,
            unit
        )),
        Edit::RemoveUnit { unit } if !units.contains(&crate::names::normalise(unit)) => Some(t!(
            "第{}条的责任单位中没有{}",
            "clause {} does not list {}",
            clause.number,
            unit
        )),
        _ => None,
    };
    match warn {
        Some(w) => {
            warnings.push(w);
            false
        }
        None => true,
    }
}
