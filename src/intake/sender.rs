//! Who sent a reply: the department named by each source a reply offers
//! (front matter, `--department`, a leading `单位名：`, a `反馈单位：` line,
//! the title line, the signature, the e-mail sender, a forwarded original's
//! sender, an attached letter's signature, a Word comment), resolved against
//! the listed bodies (aliases, bracket widths and the consultation's
//! locality prefix — never a fuzzy guess).
//!
//! Explicit sources win: front matter, then `--department` (both given and
//! different: an error). Otherwise every source that names a listed body is
//! asked: one body → that one; two different bodies → an error naming each
//! source and what it says; none → an error quoting the names found and the
//! nearest listed names.

use std::path::Path;

use crate::consultation::{Consultation, Resolved};
use crate::error::{Error, Position, Result};
use crate::t;

use super::{NameSource, Overrides, Parsed};

impl NameSource {
    /// What the source is, for messages (`落款` / `signature`).
    pub fn describe(&self) -> &'static str {
        let (zh, en) = match self {
            NameSource::FrontMatter => ("前置信息", "front matter"),
            NameSource::Prefix => ("开头的“单位名：”", "leading “name：”"),
            NameSource::Letter => ("落款", "signature"),
            NameSource::Joint => ("联合落款", "joint signature"),
            NameSource::Label => ("“反馈单位：”一栏", "“反馈单位：” line"),
            NameSource::Title => ("标题", "title line"),
            NameSource::Sender => ("邮件发件人", "e-mail sender"),
            NameSource::Forwarded => ("转发的原邮件发件人", "forwarded original's sender"),
            NameSource::Attachment => ("附件落款", "attached letter's signature"),
            NameSource::CommentPrefix => ("批注开头", "comment prefix"),
            NameSource::CommentAuthor => ("批注作者", "comment author"),
        };
        crate::i18n::tr(zh, en)
    }
}

/// The listed name of the body that sent the reply.
pub fn resolve_department(
    parsed: &Parsed,
    path: &Path,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Result<String> {
    let front = parsed.names.iter().find(|n| n.1 == NameSource::FrontMatter);
    match (front, &overrides.department) {
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
            Ok(a)
        }
        (Some((name, _, line)), None) => resolve_name(name, path, *line, consultation),
        (None, Some(flag)) => resolve_name(flag, Path::new("--department"), None, consultation),
        (None, None) => from_the_reply(parsed, path, consultation),
    }
}

/// When `--department` overrides what the reply itself says: a note naming
/// each source that names another listed body.
pub fn overridden(
    parsed: &Parsed,
    department: &str,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Option<String> {
    overrides.department.as_ref()?;
    let others: Vec<String> = parsed
        .names
        .iter()
        .filter_map(|(name, source, _)| match consultation.lookup(name) {
            Some(Resolved::Body(body)) if body.name != department => Some(t!(
                "{}写的是“{}”",
                "the {} says “{}”",
                source.describe(),
                name
            )),
            _ => None,
        })
        .collect();
    (!others.is_empty()).then(|| {
        t!(
            "按 --department 记为{}，但{}",
            "recorded as {} by --department, but {}",
            department,
            others.join(crate::i18n::tr("；", "; "))
        )
    })
}

/// A joint signature that also names a body not on the consultation list
/// (苏州市工业和信息化局 with 苏州市统计局): a note naming each such
/// co-signer and the listed body the reply is recorded for. `None` when
/// every co-signer is listed (or the signature is not joint).
pub fn unlisted_cosigners(
    parsed: &Parsed,
    department: &str,
    consultation: &Consultation,
) -> Option<String> {
    let mut unlisted: Vec<String> = Vec::new();
    for (name, source, _) in &parsed.names {
        let listed = matches!(consultation.lookup(name), Some(Resolved::Body(_)));
        let quoted = format!("“{name}”");
        if *source == NameSource::Joint && !listed && !unlisted.contains(&quoted) {
            unlisted.push(quoted);
        }
    }
    (!unlisted.is_empty()).then(|| {
        t!(
            "落款中的{}不在征求意见单位名单中，本回复只记为{}的意见；如需另行登记，请在 consult.yaml 中列出该单位",
            "the signature also names {}, which is not on the consultation list; the reply is recorded for {} only (list that body in consult.yaml to record it as well)",
            unlisted.join(crate::i18n::tr("、", ", ")),
            department
        )
    })
}

/// A name found, the source it came from and the body it names.
struct Found<'a> {
    written: &'a str,
    source: &'a NameSource,
    line: Option<usize>,
    body: String,
}

/// Ask every source of the reply itself.
fn from_the_reply(parsed: &Parsed, path: &Path, consultation: &Consultation) -> Result<String> {
    let found: Vec<Found<'_>> = parsed
        .names
        .iter()
        .filter_map(|(name, source, line)| match consultation.lookup(name) {
            Some(Resolved::Body(body)) => Some(Found {
                written: name,
                source,
                line: *line,
                body: body.name.clone(),
            }),
            _ => None,
        })
        .collect();
    // Word comments' authors and prefixes count only when nothing else names a body.
    let weak = |f: &Found<'_>| {
        matches!(
            f.source,
            NameSource::CommentPrefix | NameSource::CommentAuthor
        )
    };
    let found: Vec<Found<'_>> = if found.iter().any(|f| !weak(f)) {
        found.into_iter().filter(|f| !weak(f)).collect()
    } else {
        found
    };
    joint_signature(&found, path)?;
    let Some(first) = found.first() else {
        return Err(nothing_resolves(parsed, path, consultation));
    };
    let differs: Vec<&Found<'_>> = found.iter().filter(|f| f.body != first.body).collect();
    if differs.is_empty() {
        return Ok(first.body.clone());
    }
    let mut said: Vec<String> = Vec::new();
    for f in &found {
        let line = f
            .line
            .map(|l| crate::t!("（第{}行）", " (line {})", l))
            .unwrap_or_default();
        let listed = if f.written == f.body {
            String::new()
        } else {
            t!("（即{}）", " (that is {})", f.body)
        };
        let item = t!(
            "{}{}写的是“{}”{}",
            "the {}{} says “{}”{}",
            f.source.describe(),
            line,
            f.written,
            listed
        );
        if !said.contains(&item) {
            said.push(item);
        }
    }
    Err(Error::input(
        Position::file(path),
        t!(
            "来函单位说法不一：{}",
            "the reply names different departments: {}",
            said.join(crate::i18n::tr("；", "; "))
        ),
    )
    .with_hint(crate::i18n::tr(
        "用 --department 指明是哪个单位",
        "say which one with --department",
    )))
}

/// A signature naming two listed bodies: never pick one silently.
fn joint_signature(found: &[Found<'_>], path: &Path) -> Result<()> {
    let joint: Vec<&Found<'_>> = found
        .iter()
        .filter(|f| *f.source == NameSource::Joint)
        .collect();
    let Some(first) = joint.first() else {
        return Ok(());
    };
    if joint.iter().all(|f| f.body == first.body) {
        return Ok(());
    }
    let quoted: Vec<&str> = joint.iter().map(|f| f.written).collect();
    let mut bodies: Vec<String> = Vec::new();
    for f in &joint {
        let flag = format!("--department {}", f.body);
        if !bodies.contains(&flag) {
            bodies.push(flag);
        }
    }
    let choices = bodies.join(crate::i18n::tr(" 或 ", " or "));
    Err(Error::input(
        Position {
            file: Some(path.to_path_buf()),
            line: first.line,
            column: None,
        },
        t!(
            "落款有两个单位（“{}”），无法确定是哪个单位的回复",
            "the signature names two bodies (“{}”); which one replied cannot be told",
            quoted.join("　")
        ),
    )
    .with_hint(t!(
        "若是联合回复，用 {} 指明记为哪个单位",
        "for a joint reply, say which body to record it for: {}",
        choices
    )))
}

/// Nothing names a listed body: quote what was found and the nearest names.
fn nothing_resolves(parsed: &Parsed, path: &Path, consultation: &Consultation) -> Error {
    let mut candidates: Vec<String> = Vec::new();
    let mut nearest: Vec<&str> = Vec::new();
    for (name, source, _) in &parsed.names {
        let quoted = if matches!(consultation.lookup(name), Some(Resolved::Issuer)) {
            t!(
                "“{}”（{}，是发文单位）",
                "“{}” ({}, the issuer)",
                name,
                source.describe()
            )
        } else {
            t!("“{}”（{}）", "“{}” ({})", name, source.describe())
        };
        if !candidates.contains(&quoted) {
            candidates.push(quoted);
        }
        let local = consultation
            .locality
            .as_deref()
            .and_then(|l| crate::names::strip_locality(name, l))
            .unwrap_or_else(|| name.clone());
        for close in consultation.closest_listed(&local, 3) {
            if close != consultation.issuer && !nearest.contains(&close) {
                nearest.push(close);
            }
        }
    }
    let message = if candidates.is_empty() {
        crate::i18n::tr(
            "无法确定来函单位：回复中没有单位名称",
            "cannot tell which department sent this reply: it names none",
        )
        .to_string()
    } else {
        t!(
            "无法确定来函单位：找到的名称 {} 都不是征求意见的单位",
            "cannot tell which department sent this reply: none of the names found ({}) is a consulted body",
            candidates.join(crate::i18n::tr("、", ", "))
        )
    };
    let hint = if nearest.is_empty() {
        crate::i18n::tr(
            "用 --department 指定，或在前置信息中写 department:",
            "name it with --department, or write department: in front matter",
        )
        .to_string()
    } else {
        t!(
            "最接近的已列出单位：{}；用 --department 指定，或在 consult.yaml 中加别名",
            "nearest listed: {}; name it with --department, or add an alias in consult.yaml",
            nearest.join("、")
        )
    };
    Error::input(Position::file(path), message).with_hint(hint)
}

/// Resolve a name to a listed body's name; groups and the issuer are errors.
pub fn resolve_name(
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
