//! The consultation: consult.yaml read strictly into who issues the draft,
//! who is consulted (bodies, groups of bodies, their aliases), the deadline
//! and the time zone it is judged in.
//!
//! Reading is strict: an unknown key, a malformed value, a name listed for
//! two bodies is an error naming the file, the line, the column and the
//! value, with a hint. YAML anchors and aliases are bounded, so a "billion
//! laughs" file fails at once instead of eating memory.
//!
//! Department names are matched exactly, then in normal form
//! ([`names::normalise`]: bracket widths, white space), then by alias.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveTime};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::deadline;
use crate::error::{Error, Position, Result};
use crate::names::{self, normalise};
use crate::t;

/// consult.yaml larger than this is refused before parsing (bytes).
pub const MAX_BYTES: usize = 256 * 1024;

/// The default time zone.
pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

/// The default end of business.
pub const DEFAULT_END_OF_BUSINESS: &str = "17:30";

/// The default version under consultation.
pub const DEFAULT_CONSULTING: &str = "v1";

/// Whom to reply to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A consulted body, tracked on its own (a group's members included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub name: String,
    pub aliases: Vec<String>,
    /// The group this body is a member of.
    pub group: Option<String>,
}

/// A group of consulted bodies written as one name in drafts and letters
/// (各县级市（区）人民政府（管委会）); each member is tracked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub aliases: Vec<String>,
    /// The members' names, in file order.
    pub members: Vec<String>,
}

/// What a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<'a> {
    Body(&'a Body),
    Group(&'a Group),
    /// The issuing body (市科技局): never "not consulted".
    Issuer,
}

/// A consultation as read from consult.yaml.
#[derive(Debug, Clone)]
pub struct Consultation {
    /// The file it was read from.
    pub path: PathBuf,
    pub title: String,
    /// The issuing body's short name (市科技局).
    pub issuer: String,
    pub issuer_aliases: Vec<String>,
    /// The issuing body's full name for letters (苏州市科学技术局).
    pub issuer_full_name: Option<String>,
    /// The consultation's own place (苏州): names written with it in front
    /// (苏州市工业和信息化局, 中共苏州市委组织部) match once it is removed.
    /// From `locality:`, else derived from `issuer_full_name`.
    pub locality: Option<String>,
    pub contact: Contact,
    pub timezone: Tz,
    pub end_of_business: NaiveTime,
    /// The version out for comments (`v1` for drafts/v1.md).
    pub consulting: String,
    /// Every tracked body, group members included, in file order.
    pub bodies: Vec<Body>,
    pub groups: Vec<Group>,
    /// The letter title template (`{title}` for the draft's title), if set.
    pub letter_title: Option<String>,
    /// The subtitle of revised versions (修改稿, 送审稿), if set.
    pub revised_subtitle: Option<String>,
    /// Which check kinds apply and at what severity (`checks:`).
    pub checks: crate::settings::Checks,
    deadline: DateTime<FixedOffset>,
}

// ---------------------------------------------------------------------------
// The file as written.

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsultation {
    title: Text,
    issuer: Text,
    #[serde(default)]
    issuer_aliases: Vec<Text>,
    #[serde(default)]
    issuer_full_name: Option<Text>,
    #[serde(default)]
    locality: Option<Text>,
    #[serde(default)]
    contact: Option<RawContact>,
    #[serde(default)]
    timezone: Option<Text>,
    deadline: Text,
    #[serde(default)]
    end_of_business: Option<Text>,
    #[serde(default)]
    consulting: Option<Text>,
    departments: Vec<Spanned<RawDepartment>>,
    #[serde(default)]
    letter_title: Option<Text>,
    #[serde(default)]
    revised_subtitle: Option<Text>,
    #[serde(default)]
    checks: Option<crate::settings::RawChecks>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    #[serde(default)]
    name: Option<Text>,
    #[serde(default)]
    phone: Option<Text>,
    #[serde(default)]
    email: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    #[serde(default)]
    name: Option<Text>,
    #[serde(default)]
    group: Option<Text>,
    #[serde(default)]
    aliases: Vec<Text>,
    #[serde(default)]
    members: Option<Spanned<Vec<Spanned<RawMember>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMember {
    name: Text,
    #[serde(default)]
    aliases: Vec<Text>,
}

// ---------------------------------------------------------------------------
// Reading.

impl Consultation {
    /// Read consult.yaml at `path`.
    pub fn load(path: &Path) -> Result<Consultation> {
        let text = crate::files::read_text(path)?;
        Consultation::parse(&text, path)
    }

    /// Parse the text of consult.yaml (read from `path`, named in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Consultation> {
        if text.len() > MAX_BYTES {
            return Err(Error::input(
                Position::file(path),
                t!(
                    "文件过大（{} 字节，上限 {} 字节）",
                    "file too large ({} bytes, at most {})",
                    text.len(),
                    MAX_BYTES
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(
                Error::input(Position::file(path), t!("文件是空的", "the file is empty"))
                    .with_hint(t!(
                        "用 `consult init --example` 生成一个示例",
                        "run `consult init --example` for a working example"
                    )),
            );
        }
        let raw: RawConsultation = serde_saphyr::from_str_with_options(text, yaml_options())
            .map_err(|e| yaml_error(&e, text, path))?;
        Reader { path }.build(raw)
    }
}

/// Parser options: the crate's YAML limits, tightened (consult.yaml is a
/// few kilobytes; anchors and aliases are hardly ever needed in it).
fn yaml_options() -> serde_saphyr::Options {
    let mut options = crate::yaml::options();
    if let Some(budget) = options.budget.as_mut() {
        budget.max_aliases = budget.max_aliases.min(200);
        budget.max_anchors = budget.max_anchors.min(200);
        budget.max_nodes = budget.max_nodes.min(50_000);
        budget.max_depth = budget.max_depth.min(32);
        // Not max_documents = 1: serde-saphyr then silently drops a second
        // document instead of refusing it.
    }
    let limits = &mut options.alias_limits;
    limits.max_total_replayed_events = limits.max_total_replayed_events.min(10_000);
    limits.max_alias_expansions_per_anchor = limits.max_alias_expansions_per_anchor.min(200);
    limits.max_replay_stack_depth = limits.max_replay_stack_depth.min(8);
    options.with_snippet = false;
    options
}

/// Turns the raw file into a checked consultation.
struct Reader<'p> {
    path: &'p Path,
}

/// A name or alias already read, for the duplicate check.
struct Seen<'r> {
    owner: usize,
    owner_name: &'r str,
    line: usize,
}

impl Reader<'_> {
    fn at(&self, span: &Spanned<impl Sized>) -> Position {
        let loc = span.referenced;
        Position::at(self.path, loc.line() as usize, Some(loc.column() as usize))
    }

    /// A non-empty, trimmed text value.
    fn text(&self, value: &Text, key: &str) -> Result<String> {
        let s = value.value.trim();
        if s.is_empty() {
            return Err(Error::input(
                self.at(value),
                t!("“{}”的值是空的", "“{}” is empty", key),
            ));
        }
        Ok(s.to_string())
    }

    fn texts(&self, values: &[Text], key: &str) -> Result<Vec<String>> {
        values.iter().map(|v| self.text(v, key)).collect()
    }

    fn optional(&self, value: &Option<Text>) -> String {
        value
            .as_ref()
            .map(|v| v.value.trim().to_string())
            .unwrap_or_default()
    }

    fn build(&self, raw: RawConsultation) -> Result<Consultation> {
        let timezone = self.timezone(raw.timezone.as_ref())?;
        let end_of_business = self.end_of_business(raw.end_of_business.as_ref())?;
        let deadline = deadline::parse_deadline(&raw.deadline.value, end_of_business, timezone)
            .map_err(|message| {
                Error::input(self.at(&raw.deadline), message).with_hint(t!(
                    "写成 2023-05-26（当日下班时间截止）或 \"2023-05-26 17:30\"",
                    "write 2023-05-26 (closes at end of business) or \"2023-05-26 17:30\""
                ))
            })?;
        let contact = raw.contact.as_ref().map(|c| Contact {
            name: self.optional(&c.name),
            phone: self.optional(&c.phone),
            email: self.optional(&c.email),
        });
        let (bodies, groups) = self.departments(&raw.departments)?;
        let issuer_full_name = match &raw.issuer_full_name {
            Some(v) => Some(self.text(v, "issuer_full_name")?),
            None => None,
        };
        let locality = match &raw.locality {
            Some(v) => Some(self.text(v, "locality")?),
            None => issuer_full_name.as_deref().and_then(names::locality_of),
        };
        let consultation = Consultation {
            path: self.path.to_path_buf(),
            title: self.text(&raw.title, "title")?,
            issuer: self.text(&raw.issuer, "issuer")?,
            issuer_aliases: self.texts(&raw.issuer_aliases, "issuer_aliases")?,
            issuer_full_name,
            locality,
            contact: contact.unwrap_or_default(),
            timezone,
            end_of_business,
            consulting: self.consulting(raw.consulting.as_ref())?,
            bodies,
            groups,
            letter_title: match &raw.letter_title {
                Some(v) => Some(crate::settings::title_template(
                    self.path,
                    v,
                    "letter_title",
                )?),
                None => None,
            },
            revised_subtitle: match &raw.revised_subtitle {
                Some(v) => Some(self.text(v, "revised_subtitle")?),
                None => None,
            },
            checks: match &raw.checks {
                Some(c) => crate::settings::checks(self.path, c)?,
                None => Default::default(),
            },
            deadline,
        };
        self.check_unique(&raw)?;
        Ok(consultation)
    }

    fn timezone(&self, value: Option<&Text>) -> Result<Tz> {
        let Some(value) = value else {
            return DEFAULT_TIMEZONE
                .parse()
                .map_err(|_| Error::usage("Asia/Shanghai is not a time zone"));
        };
        let name = value.value.trim();
        name.parse::<Tz>().map_err(|_| {
            let zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
            let close = names::closest(name, &zones, 2);
            let hint = if close.is_empty() {
                t!(
                    "使用 IANA 时区名，如 {}",
                    "use an IANA zone name such as {}",
                    DEFAULT_TIMEZONE
                )
            } else {
                t!(
                    "使用 IANA 时区名；最接近的：{}",
                    "use an IANA zone name; closest: {}",
                    close.join(", ")
                )
            };
            Error::input(
                self.at(value),
                t!("未知的时区“{}”", "unknown time zone “{}”", name),
            )
            .with_hint(hint)
        })
    }

    fn end_of_business(&self, value: Option<&Text>) -> Result<NaiveTime> {
        let text = value.map_or(DEFAULT_END_OF_BUSINESS, |v| v.value.as_str());
        deadline::parse_time_of_day(text).map_err(|message| {
            let position = value.map_or_else(|| Position::file(self.path), |v| self.at(v));
            Error::input(position, message).with_hint(t!("写成 \"17:30\"", "write it as \"17:30\""))
        })
    }

    fn consulting(&self, value: Option<&Text>) -> Result<String> {
        let Some(value) = value else {
            return Ok(DEFAULT_CONSULTING.to_string());
        };
        let version = self.text(value, "consulting")?;
        let bad = version.starts_with('.')
            || version
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '/' | '\\' | ':'));
        if bad {
            return Err(Error::input(
                self.at(value),
                t!("版本名“{}”无效", "invalid version name “{}”", version),
            )
            .with_hint(t!(
                "写版本名，如 v1（对应 drafts/v1.md）",
                "write a version name such as v1 (for drafts/v1.md)"
            )));
        }
        Ok(version)
    }

    fn departments(&self, raw: &[Spanned<RawDepartment>]) -> Result<(Vec<Body>, Vec<Group>)> {
        let mut bodies = Vec::new();
        let mut groups = Vec::new();
        for entry in raw {
            let dept = &entry.value;
            match (&dept.name, &dept.group) {
                (Some(_), Some(group)) => {
                    return Err(Error::input(
                        self.at(group),
                        t!(
                            "同一项里既有 name 又有 group",
                            "an entry has both name and group"
                        ),
                    )
                    .with_hint(t!(
                        "单个单位写 name；一组单位写 group 并列出 members",
                        "write name for one body, or group with its members"
                    )));
                }
                (Some(name), None) => {
                    if let Some(members) = &dept.members {
                        return Err(Error::input(
                            self.at(members),
                            t!(
                                "单位“{}”不是一组，不能有 members",
                                "body “{}” is not a group and cannot have members",
                                name.value
                            ),
                        )
                        .with_hint(t!("把 name: 改为 group:", "write group: instead of name:")));
                    }
                    bodies.push(Body {
                        name: self.text(name, "name")?,
                        aliases: self.texts(&dept.aliases, "aliases")?,
                        group: None,
                    });
                }
                (None, Some(group)) => {
                    let (group, members) = self.group(group, dept)?;
                    bodies.extend(members);
                    groups.push(group);
                }
                (None, None) => {
                    return Err(Error::input(
                        self.at(entry),
                        t!(
                            "这一项缺少 name（单位）或 group（一组单位）",
                            "this entry has neither name (a body) nor group (a group of bodies)"
                        ),
                    )
                    .with_hint("- name: 市教育局"));
                }
            }
        }
        Ok((bodies, groups))
    }

    fn group(&self, name: &Text, dept: &RawDepartment) -> Result<(Group, Vec<Body>)> {
        let group_name = self.text(name, "group")?;
        let members = dept
            .members
            .as_ref()
            .map(|m| m.value.as_slice())
            .unwrap_or_default();
        if members.is_empty() {
            return Err(Error::input(
                self.at(name),
                t!(
                    "单位组“{}”没有成员",
                    "group “{}” has no members",
                    group_name
                ),
            )
            .with_hint(t!(
                "在 members: 下列出成员，如 - name: 张家港市人民政府",
                "list them under members:, e.g. - name: 张家港市人民政府"
            )));
        }
        let mut bodies = Vec::new();
        for member in members {
            bodies.push(Body {
                name: self.text(&member.value.name, "name")?,
                aliases: self.texts(&member.value.aliases, "aliases")?,
                group: Some(group_name.clone()),
            });
        }
        let group = Group {
            name: group_name,
            aliases: self.texts(&dept.aliases, "aliases")?,
            members: bodies.iter().map(|b| b.name.clone()).collect(),
        };
        Ok((group, bodies))
    }

    /// Every name and alias, in normal form, belongs to one body, group or
    /// the issuer (repeating one's own name as an alias is harmless).
    fn check_unique(&self, raw: &RawConsultation) -> Result<()> {
        let mut seen: std::collections::HashMap<String, Seen<'_>> =
            std::collections::HashMap::new();
        for (text, owner, owner_name) in listed_names(raw) {
            let key = normalise(&text.value);
            if let Some(first) = seen.get(&key).filter(|s| s.owner != owner) {
                return Err(Error::input(
                    self.at(text),
                    t!(
                        "名称“{}”重复：第 {} 行已用于“{}”",
                        "name “{}” is listed twice: line {} already uses it for “{}”",
                        text.value.trim(),
                        first.line,
                        first.owner_name
                    ),
                )
                .with_hint(t!(
                    "每个名称和别名只能属于一个单位（比较时不计括号全角半角和空格）",
                    "each name and alias may belong to one body only (compared ignoring bracket widths and spaces)"
                )));
            }
            seen.entry(key).or_insert(Seen {
                owner,
                owner_name,
                line: text.referenced.line() as usize,
            });
        }
        Ok(())
    }
}

/// Every name and alias in the file, with the number of what it names (0
/// the issuer, then each body and group in file order) and that one's name.
fn listed_names(raw: &RawConsultation) -> Vec<(&Text, usize, &str)> {
    let mut names = Vec::new();
    let issuer_aliases = raw.issuer_full_name.iter().chain(&raw.issuer_aliases);
    push_names(&mut names, 0, &raw.issuer, issuer_aliases);
    let mut owner = 0;
    for entry in &raw.departments {
        let dept = &entry.value;
        for name in dept.name.iter().chain(&dept.group) {
            owner += 1;
            push_names(&mut names, owner, name, &dept.aliases);
        }
        for member in dept.members.iter().flat_map(|m| &m.value) {
            owner += 1;
            push_names(&mut names, owner, &member.value.name, &member.value.aliases);
        }
    }
    names
}

fn push_names<'r>(
    names: &mut Vec<(&'r Text, usize, &'r str)>,
    owner: usize,
    name: &'r Text,
    aliases: impl IntoIterator<Item = &'r Text>,
) {
    let owner_name = name.value.trim();
    names.push((name, owner, owner_name));
    names.extend(aliases.into_iter().map(|alias| (alias, owner, owner_name)));
}

// ---------------------------------------------------------------------------
// YAML errors.

/// A serde-saphyr error as an input error naming the file, line, column and
/// value, in the user's language where the message is known.
fn yaml_error(e: &serde_saphyr::Error, text: &str, path: &Path) -> Error {
    let inner = e.without_snippet();
    let message = strip_location(&inner.to_string());
    let (line, column) = match inner.location() {
        Some(loc) => (loc.line() as usize, loc.column() as usize),
        None => (0, 0),
    };
    let position = |line: usize, column: usize| {
        if line == 0 {
            Position::file(path)
        } else {
            Position::at(path, line, Some(column))
        }
    };
    if matches!(inner, serde_saphyr::Error::Budget { .. }) || message.starts_with("alias ") {
        return Error::input(
            position(line, column),
            t!(
                "文件过于复杂：锚点和别名（& 和 *）展开超出限制",
                "too complex: anchors and aliases (& and *) expand beyond the limits"
            ),
        )
        .with_hint(t!(
            "不要用 & 和 *，把每个名称直接写出",
            "write every name out instead of using & and *"
        ));
    }
    if let Some(key) = between(&message, "unknown field `", "`") {
        let allowed = allowed_keys(&message);
        let (line, column) = find_key(text, line, column, key).unwrap_or((line, column));
        let mut hint = t!("可用的键：{}", "allowed keys: {}", allowed.join(", "));
        if let Some(close) = names::closest(key, &allowed, 1).first() {
            hint.push_str(&t!("（是不是“{}”？）", " (did you mean “{}”?)", close));
        }
        return Error::input(
            position(line, column),
            t!("未知的键“{}”", "unknown key “{}”", key),
        )
        .with_hint(hint);
    }
    if let Some(key) = between(&message, "missing field `", "`") {
        return Error::input(
            position(line, column),
            t!("缺少必填的键“{}”", "missing required key “{}”", key),
        )
        .with_hint(t!("在这一层加上 {}: …", "add `{}: …` at this level", key));
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        return Error::input(
            position(line, column),
            t!("键“{}”出现了两次", "key “{}” appears twice", key.trim()),
        )
        .with_hint(t!("删去其中一个", "remove one of them"));
    }
    let source_line = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    Error::input(
        position(line, column),
        t!(
            "YAML 格式有误：{}：“{}”",
            "malformed YAML: {}: “{}”",
            explain(&message),
            source_line
        ),
    )
    .with_hint(t!(
        "检查缩进、冒号后的空格和引号；列表写成 [甲, 乙]；含冒号或 # 的值加引号",
        "check the indentation, the space after each colon and the quotes; write lists as [a, b]; quote values containing a colon or #"
    ))
}

/// The message without serde-saphyr's trailing " at line N, column M".
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// The text between `start` and the next `end`.
fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The keys serde lists after "expected one of" (or none).
fn allowed_keys(message: &str) -> Vec<&str> {
    let Some(i) = message.find("expected one of ") else {
        return Vec::new();
    };
    message[i + "expected one of ".len()..]
        .split(", ")
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Plain words for serde-saphyr's commonest type errors.
fn explain(message: &str) -> String {
    let known = [
        (
            "expected string scalar",
            t!("此处应为文字", "expected text here"),
        ),
        (
            "expected sequence start",
            t!(
                "此处应为列表，如 [甲, 乙]",
                "expected a list here, such as [a, b]"
            ),
        ),
        (
            "expected mapping start",
            t!("此处应为“键: 值”", "expected `key: value` pairs here"),
        ),
    ];
    for (pattern, plain) in known {
        if message.contains(pattern) {
            return plain;
        }
    }
    message.to_string()
}

/// Where `key` is written as a key in the mapping that starts at
/// (`line`, `column`): first in block style at the same column, else
/// anywhere after that point. Lines and columns count from 1, in characters.
fn find_key(text: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let from = line.max(1);
    for (index, source) in lines.iter().enumerate().skip(from - 1) {
        let Some(byte) = key_at(source, key, column) else {
            continue;
        };
        return Some((index + 1, source[..byte].chars().count() + 1));
    }
    for (index, source) in lines.iter().enumerate().skip(from - 1) {
        let skip_before = if index + 1 == from {
            column.saturating_sub(1)
        } else {
            0
        };
        if let Some(byte) = key_anywhere(source, key, skip_before) {
            return Some((index + 1, source[..byte].chars().count() + 1));
        }
    }
    None
}

/// The byte offset of `key` used as a key at character `column` of `line`.
fn key_at(line: &str, key: &str, column: usize) -> Option<usize> {
    let (byte, _) = line.char_indices().nth(column.checked_sub(1)?)?;
    is_key_here(line, byte, key).then_some(byte)
}

/// The byte offset of the first use of `key` as a key in `line`, at or after
/// character `skip`.
fn key_anywhere(line: &str, key: &str, skip: usize) -> Option<usize> {
    line.char_indices()
        .skip(skip)
        .map(|(byte, _)| byte)
        .find(|&byte| {
            let before = line[..byte].chars().next_back();
            let starts_token =
                before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-'));
            starts_token && is_key_here(line, byte, key)
        })
}

/// Whether `key` (perhaps quoted) followed by `:` starts at `byte`.
fn is_key_here(line: &str, byte: usize, key: &str) -> bool {
    let rest = &line[byte..];
    let unquoted = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_prefix(key)?.strip_prefix('"'))
        .or_else(|| {
            rest.strip_prefix('\'')
                .and_then(|r| r.strip_prefix(key)?.strip_prefix('\''))
        })
        .or_else(|| rest.strip_prefix(key));
    unquoted.is_some_and(|r| r.trim_start().starts_with(':'))
}

// ---------------------------------------------------------------------------
// Questions about the consultation.

impl Consultation {
    /// An instant written in the consultation's zone, RFC 3339.
    pub fn local(&self, t: DateTime<FixedOffset>) -> String {
        t.with_timezone(&self.timezone)
            .fixed_offset()
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
    }

    /// The deadline, in the consultation's zone.
    pub fn deadline(&self) -> DateTime<FixedOffset> {
        self.deadline
    }

    /// The deadline as a letter says it: 2023年5月26日（周五）下班前.
    pub fn deadline_chinese(&self) -> String {
        deadline::chinese_deadline_at(self.deadline, self.end_of_business)
    }

    /// What `name` stands for: an exact listed name, then the name in normal
    /// form, then an alias in normal form; failing those, the same with the
    /// consultation's locality removed (苏州市工业和信息化局 → 市工业和信息化局,
    /// 中共苏州市委组织部 → 市委组织部). Never a fuzzy match.
    pub fn lookup(&self, name: &str) -> Option<Resolved<'_>> {
        self.lookup_as_written(name).or_else(|| {
            let locality = self.locality.as_deref()?;
            let local = names::strip_locality(name, locality)?;
            // 苏州市吴中区人民政府 → 市吴中区人民政府, then 吴中区人民政府.
            self.lookup_as_written(&local).or_else(|| {
                let below = local.strip_prefix('市')?;
                (below.chars().count() >= 2)
                    .then(|| self.lookup_as_written(below))
                    .flatten()
            })
        })
    }

    /// [`lookup`](Self::lookup) without removing the locality.
    fn lookup_as_written(&self, name: &str) -> Option<Resolved<'_>> {
        if let Some(found) = self.find(|n| n == name, false) {
            return Some(found);
        }
        let wanted = normalise(name);
        if wanted.is_empty() {
            return None;
        }
        self.find(|n| normalise(n) == wanted, false)
            .or_else(|| self.find(|n| normalise(n) == wanted, true))
            .or_else(|| self.by_short_form(name))
    }

    /// The one listed thing a name or alias of which has the same
    /// [`names::short_form`] as `name` (苏州工业园区管理委员会 for the listed
    /// 苏州工业园区管委会). `None` when none has, when the short form is
    /// under three characters, or when two different things have (never a
    /// guess between two bodies).
    fn by_short_form(&self, name: &str) -> Option<Resolved<'_>> {
        let wanted = names::short_form(name);
        if wanted.chars().count() < 3 {
            return None;
        }
        let same = |n: &str| names::short_form(n) == wanted;
        let mut found: Vec<Resolved<'_>> = Vec::new();
        for body in &self.bodies {
            if same(&body.name) || body.aliases.iter().any(|a| same(a)) {
                found.push(Resolved::Body(body));
            }
        }
        for group in &self.groups {
            if same(&group.name) || group.aliases.iter().any(|a| same(a)) {
                found.push(Resolved::Group(group));
            }
        }
        let issuer = std::iter::once(&self.issuer)
            .chain(&self.issuer_full_name)
            .chain(&self.issuer_aliases)
            .any(|n| same(n));
        if issuer {
            found.push(Resolved::Issuer);
        }
        match found.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// Like [`lookup`](Self::lookup), but an unknown name is an error that
    /// suggests the closest listed names. Add the file with `.in_file(path)`.
    pub fn resolve(&self, name: &str) -> Result<Resolved<'_>, Error> {
        if let Some(found) = self.lookup(name) {
            return Ok(found);
        }
        let error = Error::input(
            Position::none(),
            t!("未列出的单位“{}”", "unknown department “{}”", name),
        );
        let close = self.closest_listed(name, 3);
        if close.is_empty() {
            return Err(error.with_hint(t!(
                "在 consult.yaml 的 departments 中加上该单位，或把它作为已列出单位的别名（aliases）",
                "add it to departments in consult.yaml, or as an alias of a listed body"
            )));
        }
        Err(error.with_hint(t!("最接近的：{}", "closest listed: {}", close.join("、"))))
    }

    /// The listed name `name` stands for (a body's, a group's or the issuer's).
    pub fn canonical(&self, name: &str) -> Option<&str> {
        self.lookup(name).map(|r| self.name_of(&r))
    }

    /// The listed name of what was resolved.
    pub fn name_of<'a>(&'a self, resolved: &Resolved<'a>) -> &'a str {
        match resolved {
            Resolved::Body(body) => &body.name,
            Resolved::Group(group) => &group.name,
            Resolved::Issuer => &self.issuer,
        }
    }

    /// Whether `name` is written exactly as listed: a body's or a group's
    /// name, or the issuer's (short or full) name — not an alias, not a
    /// different bracket width.
    pub fn is_exact_listed_name(&self, name: &str) -> bool {
        self.bodies.iter().any(|b| b.name == name)
            || self.groups.iter().any(|g| g.name == name)
            || self.issuer == name
            || self.issuer_full_name.as_deref() == Some(name)
    }

    /// The group named exactly `name`.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// The members of `group` as bodies, in file order.
    pub fn members<'a>(&'a self, group: &'a Group) -> impl Iterator<Item = &'a Body> + 'a {
        self.bodies
            .iter()
            .filter(move |b| b.group.as_deref() == Some(group.name.as_str()))
    }

    /// The listed names closest to `name` (matching names and aliases; each
    /// reported by its listed name), best first.
    pub fn closest_listed(&self, name: &str, n: usize) -> Vec<&str> {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for body in &self.bodies {
            pairs.extend(
                std::iter::once(&body.name)
                    .chain(&body.aliases)
                    .map(|a| (a.as_str(), body.name.as_str())),
            );
        }
        for group in &self.groups {
            pairs.extend(
                std::iter::once(&group.name)
                    .chain(&group.aliases)
                    .map(|a| (a.as_str(), group.name.as_str())),
            );
        }
        let issuer = self.issuer.as_str();
        pairs.push((issuer, issuer));
        pairs.extend(
            self.issuer_full_name
                .iter()
                .chain(&self.issuer_aliases)
                .map(|a| (a.as_str(), issuer)),
        );
        let candidates: Vec<&str> = pairs.iter().map(|(c, _)| *c).collect();
        let mut listed: Vec<&str> = Vec::new();
        for close in names::closest(name, &candidates, candidates.len()) {
            let Some((_, canonical)) = pairs.iter().find(|(c, _)| *c == close) else {
                continue;
            };
            if !listed.contains(canonical) {
                listed.push(canonical);
            }
        }
        listed.truncate(n);
        listed
    }

    /// The first listed thing one of whose names (or, with `aliases`, one of
    /// whose aliases) satisfies `matches`.
    fn find(&self, matches: impl Fn(&str) -> bool, aliases: bool) -> Option<Resolved<'_>> {
        let hit = |name: &str, list: &[String]| {
            if aliases {
                list.iter().any(|a| matches(a))
            } else {
                matches(name)
            }
        };
        if let Some(body) = self.bodies.iter().find(|b| hit(&b.name, &b.aliases)) {
            return Some(Resolved::Body(body));
        }
        if let Some(group) = self.groups.iter().find(|g| hit(&g.name, &g.aliases)) {
            return Some(Resolved::Group(group));
        }
        let full_name = self
            .issuer_full_name
            .as_deref()
            .is_some_and(|n| !aliases && matches(n));
        if full_name || hit(&self.issuer, &self.issuer_aliases) {
            return Some(Resolved::Issuer);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../consult.yaml");

    fn example() -> Consultation {
        Consultation::parse(EXAMPLE, Path::new("consult.yaml"))
            .unwrap_or_else(|e| panic!("the example does not parse: {e}"))
    }

    /// A small valid file; `departments` is appended.
    const HEAD: &str = "title: 测试\nissuer: 市科技局\ndeadline: 2023-05-26\n";

    fn parse(text: &str) -> Result<Consultation> {
        Consultation::parse(text, Path::new("ws/consult.yaml"))
    }

    /// The error message for `text`, which must fail.
    fn error(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("parsed, but should fail:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    fn assert_has(message: &str, needles: &[&str]) {
        for n in needles {
            assert!(message.contains(n), "{message:?} lacks {n:?}");
        }
    }

    // --- the example ------------------------------------------------------

    #[test]
    fn the_example_has_25_bodies_in_list_order() {
        let c = example();
        let seed_order = [
            "市大数据局",
            "市委组织部（人才办）",
            "市发改委",
            "市教育局",
            "市工信局",
            "市生态环境局",
            "市交通局",
            "市农业农村局",
            "市文广旅局",
            "市卫生健康委",
            "市外办",
            "市市场监管局",
            "市金融监管局",
            "市大数据集团",
            "苏创投集团",
        ];
        let names: Vec<&str> = c.bodies.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names.len(), 25);
        assert_eq!(names.get(..15), Some(&seed_order[..]));
        assert!(c.bodies.iter().take(15).all(|b| b.group.is_none()));
    }

    #[test]
    fn the_example_group_has_its_10_members() {
        let c = example();
        let group_name = "各县级市（区）人民政府（管委会）";
        assert_eq!(c.groups.len(), 1);
        let group = c.group(group_name).unwrap_or_else(|| panic!("no group"));
        assert_eq!(group.members.len(), 10);
        for short in [
            "张家港市",
            "常熟市",
            "太仓市",
            "昆山市",
            "吴江区",
            "吴中区",
            "相城区",
            "姑苏区",
        ] {
            let found = c.lookup(short);
            assert!(
                matches!(found, Some(Resolved::Body(b)) if b.group.as_deref() == Some(group_name)),
                "{short}: {found:?}"
            );
        }
        assert_eq!(
            group.members.get(8).map(String::as_str),
            Some("苏州工业园区管委会")
        );
        assert_eq!(
            group.members.get(9).map(String::as_str),
            Some("苏州高新区管委会（虎丘区）")
        );
        let members: Vec<&str> = c.members(group).map(|b| b.name.as_str()).collect();
        assert_eq!(
            members,
            group.members.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert_eq!(c.bodies.iter().filter(|b| b.group.is_some()).count(), 10);
    }

    #[test]
    fn the_example_facts() {
        let c = example();
        assert!(c.title.starts_with("关于进一步支持国家生物药技术创新中心"));
        assert!(c.title.ends_with("的若干政策（征求意见稿）"));
        assert_eq!(c.issuer, "市科技局");
        assert_eq!(c.issuer_full_name.as_deref(), Some("苏州市科学技术局"));
        assert_eq!(
            c.contact,
            Contact {
                name: "葛运东".into(),
                phone: "65227947".into(),
                email: "67226455@qq.com".into()
            }
        );
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(c.deadline().to_rfc3339(), "2023-05-26T17:30:00+08:00");
        assert_eq!(c.deadline_chinese(), "2023年5月26日（周五）下班前");
        assert_eq!(c.consulting, "v1");
        assert_eq!(c.path, Path::new("consult.yaml"));
    }

    #[test]
    fn every_unit_the_draft_names_resolves() {
        let c = example();
        let units = [
            ("市科技局", "市科技局"),
            ("市工信局", "市工信局"),
            ("市发改委", "市发改委"),
            (
                "各县级市（区）人民政府<管委会>",
                "各县级市（区）人民政府（管委会）",
            ),
            ("市金融监管局", "市金融监管局"),
            ("市委组织部", "市委组织部（人才办）"),
            ("市外办", "市外办"),
            ("市文广旅游局", "市文广旅局"),
            ("市卫健委", "市卫生健康委"),
            ("市交通局", "市交通局"),
            ("市生态环境局", "市生态环境局"),
            ("市教育局", "市教育局"),
            ("市农业农村局", "市农业农村局"),
            ("市大数据局", "市大数据局"),
            ("市市场监管局", "市市场监管局"),
            ("市大数据集团", "市大数据集团"),
            ("苏创投集团", "苏创投集团"),
            ("市委人才办", "市委组织部（人才办）"),
        ];
        for (written, listed) in units {
            assert_eq!(c.canonical(written), Some(listed), "{written}");
        }
        assert_eq!(c.lookup("市财政局"), None);
        assert_eq!(c.lookup("市人社局"), None);
    }

    // --- resolving names ----------------------------------------------------

    #[test]
    fn resolve_by_exact_name() {
        let c = example();
        assert!(matches!(c.resolve("市外办"), Ok(Resolved::Body(b)) if b.name == "市外办"));
    }

    #[test]
    fn resolve_by_normal_form() {
        let c = example();
        for written in [
            "市委组织部(人才办)",
            "市委组织部 （人才办）",
            "市委组织部〈人才办〉",
            "市委组织部【人才办】",
        ] {
            assert_eq!(
                c.canonical(written),
                Some("市委组织部（人才办）"),
                "{written}"
            );
        }
        assert_eq!(
            c.canonical("苏州高新区管委会<虎丘区>"),
            Some("苏州高新区管委会（虎丘区）")
        );
        assert_eq!(c.canonical("\u{3000}市外办 "), Some("市外办"));
    }

    #[test]
    fn resolve_by_alias_in_normal_form() {
        let c = example();
        assert_eq!(c.canonical("市卫健委"), Some("市卫生健康委"));
        assert_eq!(c.canonical(" 市 卫健委\u{3000}"), Some("市卫生健康委"));
        assert_eq!(c.canonical("高新区"), Some("苏州高新区管委会（虎丘区）"));
    }

    #[test]
    fn resolve_after_removing_the_locality() {
        let c = example();
        assert_eq!(c.locality.as_deref(), Some("苏州"));
        assert_eq!(
            c.canonical("中共苏州市委组织部"),
            Some("市委组织部（人才办）")
        );
        assert_eq!(c.canonical("苏州市吴中区人民政府"), Some("吴中区人民政府"));
        assert_eq!(c.canonical("苏州市市场监督管理局"), Some("市市场监管局"));
        assert_eq!(
            c.canonical("无锡市教育局"),
            None,
            "another place is never matched"
        );
        assert_eq!(c.canonical("苏州市人力资源和社会保障局"), None);
    }

    #[test]
    fn locality_defaults_to_the_issuers_full_name() {
        let text = "title: t\nissuer: 市科技局\nissuer_full_name: 无锡市科学技术局\ndeadline: 2023-05-26\ndepartments:\n  - name: 市教育局\n";
        let c = parse(text).unwrap();
        assert_eq!(c.locality.as_deref(), Some("无锡"));
        assert_eq!(c.canonical("无锡市教育局"), Some("市教育局"));
        assert_eq!(c.canonical("苏州市教育局"), None);
    }

    #[test]
    fn resolve_a_group() {
        let c = example();
        for written in [
            "各县级市（区）人民政府（管委会）",
            "各县级市（区）人民政府<管委会>",
            "各县级市(区)人民政府(管委会)",
        ] {
            assert!(
                matches!(c.resolve(written), Ok(Resolved::Group(g)) if g.members.len() == 10),
                "{written}"
            );
        }
    }

    #[test]
    fn resolve_the_issuer() {
        let c = example();
        for written in ["市科技局", "苏州市科学技术局", "科技局", "市科技局 "] {
            assert_eq!(c.resolve(written).ok(), Some(Resolved::Issuer), "{written}");
        }
        assert_eq!(c.name_of(&Resolved::Issuer), "市科技局");
    }

    #[test]
    fn an_unknown_name_suggests_the_closest_listed_ones() {
        let c = example();
        let err = c.resolve("市科技厅").map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("市科技厅"), "{err}");
        let Error::Input { hint, position, .. } = &err else {
            panic!("not an input error: {err:?}");
        };
        assert_eq!(position, &Position::none());
        assert!(
            hint.as_deref().is_some_and(|h| h.contains("市科技局")),
            "{hint:?}"
        );
        let err = c.resolve("市卫建委").map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("市卫生健康委"), "{err}");
    }

    #[test]
    fn a_typo_suggests_a_listed_name_not_its_alias() {
        let text = format!(
            "{HEAD}departments:\n  - name: 市人社局\n    aliases: [市人力资源社会保障局]\n"
        );
        let c = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        let err = c.resolve("市人设局").map(|_| ()).unwrap_err().to_string();
        assert!(err.contains("市人社局"), "{err}");
        let err = c
            .resolve("市人力资源和社会保障局")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(err.contains("市人社局"), "{err}");
    }

    #[test]
    fn an_unknown_name_gets_the_file_from_the_caller() {
        let c = example();
        let err = c
            .resolve("市财政局")
            .map(|_| ())
            .unwrap_err()
            .in_file("comments/x.md");
        assert!(err.to_string().starts_with("comments/x.md: "), "{err}");
        assert!(err.to_string().contains("市财政局"), "{err}");
    }

    #[test]
    fn long_official_forms_find_the_listed_short_name() {
        let c = example();
        for (long, listed) in [
            ("苏州工业园区管理委员会", "苏州工业园区管委会"),
            ("苏州高新区管理委员会", "苏州高新区管委会（虎丘区）"),
            ("苏州市吴中区人民政府", "吴中区人民政府"),
            ("苏州市卫生健康委员会", "市卫生健康委"),
        ] {
            assert_eq!(c.canonical(long), Some(listed), "{long}");
        }
        for near in ["苏州工业园区经济发展委员会", "苏州工业园区管理委员会办公室"]
        {
            assert_eq!(c.lookup(near), None, "{near}");
        }
    }

    #[test]
    fn a_short_form_shared_by_two_bodies_matches_neither() {
        let c = parse(&format!(
            "{HEAD}departments:\n  - name: 市科技管理委员会办公室\n  - name: 市科技管委会办\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(c.lookup("市科技管委会办"), Some(Resolved::Body(b)) if b.name == "市科技管委会办")
        );
        assert_eq!(c.lookup("市科技管理委员会办"), None);
    }

    #[test]
    fn lookup_never_fails() {
        let c = example();
        for name in ["", " ", "（）", "市", "xyz", "市人社局"] {
            assert_eq!(c.lookup(name), None, "{name:?}");
        }
    }

    #[test]
    fn exact_listed_names() {
        let c = example();
        for name in [
            "市委组织部（人才办）",
            "各县级市（区）人民政府（管委会）",
            "市科技局",
            "苏州市科学技术局",
            "张家港市人民政府",
        ] {
            assert!(c.is_exact_listed_name(name), "{name}");
        }
        for name in [
            "市委组织部",
            "市委组织部(人才办)",
            "各县级市（区）人民政府<管委会>",
            "科技局",
            "张家港市",
            "市人社局",
        ] {
            assert!(!c.is_exact_listed_name(name), "{name}");
        }
    }

    // --- defaults -----------------------------------------------------------

    #[test]
    fn defaults_apply() {
        let c = parse(&format!("{HEAD}departments: []\n")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(
            c.end_of_business,
            NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default()
        );
        assert_eq!(c.consulting, "v1");
        assert_eq!(c.deadline().to_rfc3339(), "2023-05-26T17:30:00+08:00");
        assert_eq!(c.contact, Contact::default());
        assert!(c.bodies.is_empty() && c.groups.is_empty());
    }

    #[test]
    fn deadline_forms() {
        for (written, expected) in [
            ("2023-05-26", "2023-05-26T17:30:00+08:00"),
            ("\"2023-05-26\"", "2023-05-26T17:30:00+08:00"),
            ("2023-05-26 12:00", "2023-05-26T12:00:00+08:00"),
            ("\"2023-05-26 12:00\"", "2023-05-26T12:00:00+08:00"),
            ("2023-05-26T12:00:00+01:00", "2023-05-26T12:00:00+01:00"),
        ] {
            let text = format!("title: t\nissuer: i\ndeadline: {written}\ndepartments: []\n");
            let c = parse(&text).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(c.deadline().to_rfc3339(), expected, "{written}");
        }
        let text = "title: t\nissuer: i\ndeadline: 2023-05-26\nend_of_business: \"16:00\"\ntimezone: Europe/London\ndepartments: []\n";
        let c = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.deadline().to_rfc3339(), "2023-05-26T16:00:00+01:00");
        assert_eq!(c.deadline_chinese(), "2023年5月26日（周五）下班前");
        let text = "title: t\nissuer: i\ndeadline: 2023-05-26 12:00\ndepartments: []\n";
        let c = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.deadline_chinese(), "2023年5月26日（周五）12:00前");
    }

    // --- errors: each names the file, line, column and value ----------------

    #[test]
    fn an_unknown_top_level_key() {
        let err = error(&format!("{HEAD}titel: x\ndepartments: []\n"));
        assert_has(
            &err,
            &["ws/consult.yaml:4:1", "titel", "title", "departments"],
        );
    }

    #[test]
    fn an_unknown_key_in_a_department() {
        let text = format!("{HEAD}departments:\n  - name: 市科技局甲\n    aliasse: [a]\n");
        let err = error(&text);
        assert_has(&err, &["ws/consult.yaml:6:5", "aliasse", "aliases", "name"]);
    }

    #[test]
    fn an_unknown_key_after_chinese_text_counts_characters() {
        let text = format!("{HEAD}departments:\n  - name: 市教育局\n    别名: [教育局]\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:5", "别名"]);
    }

    #[test]
    fn an_unknown_key_in_a_group_member() {
        let text = format!(
            "{HEAD}departments:\n  - group: 区县\n    members:\n      - name: 甲区\n        alias: [甲]\n"
        );
        assert_has(&error(&text), &["ws/consult.yaml:8:9", "alias", "aliases"]);
    }

    #[test]
    fn an_unknown_key_in_a_flow_mapping() {
        let text = format!("{HEAD}departments:\n  - {{name: 甲, alias: [乙]}}\n");
        assert_has(&error(&text), &["ws/consult.yaml:5:15", "alias"]);
    }

    #[test]
    fn an_unknown_key_in_the_contact() {
        let text =
            format!("{HEAD}contact:\n  name: 葛运东\n  tel: \"65227947\"\ndepartments: []\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:3", "tel", "phone"]);
    }

    #[test]
    fn an_unknown_key_that_is_also_a_value_elsewhere() {
        // `name` is a key further up (in departments) but unknown at the top.
        let text = format!("{HEAD}departments:\n  - name: 甲\nname: 乙\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:1", "name"]);
    }

    #[test]
    fn malformed_yaml() {
        let text = format!("{HEAD}departments: [\n  - name: 甲\n");
        let err = error(&text);
        assert!(err.contains("ws/consult.yaml:"), "{err}");
        let err = error("title: [\nissuer: x\n");
        assert_has(&err, &["ws/consult.yaml:1:8", "title: ["]);
        let err = error("title: a: b\n");
        assert_has(&err, &["ws/consult.yaml:1:", "title: a: b"]);
    }

    #[test]
    fn a_scalar_where_a_list_belongs() {
        let text = format!("{HEAD}departments:\n  - name: 甲\n    aliases: 乙\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:", "aliases: 乙"]);
    }

    #[test]
    fn a_missing_key() {
        let err = error("title: t\nissuer: i\ndepartments: []\n");
        assert_has(&err, &["ws/consult.yaml:1:1", "deadline"]);
    }

    #[test]
    fn a_repeated_key() {
        let err = error(&format!("{HEAD}title: 又一个\ndepartments: []\n"));
        assert_has(&err, &["ws/consult.yaml:4:1", "title"]);
    }

    #[test]
    fn an_unknown_time_zone() {
        let err = error(&format!("{HEAD}timezone: Asia/Shangai\ndepartments: []\n"));
        assert_has(
            &err,
            &["ws/consult.yaml:4:11", "Asia/Shangai", "Asia/Shanghai"],
        );
        let err = error(&format!("{HEAD}timezone: 北京时间\ndepartments: []\n"));
        assert_has(&err, &["ws/consult.yaml:4:11", "北京时间", "Asia/Shanghai"]);
    }

    #[test]
    fn a_bad_deadline() {
        let err = error("title: t\nissuer: i\ndeadline: 2023-02-30\ndepartments: []\n");
        assert_has(&err, &["ws/consult.yaml:3:11", "2023-02-30"]);
        let err = error("title: t\nissuer: i\ndeadline: 五月底\ndepartments: []\n");
        assert_has(&err, &["ws/consult.yaml:3:11", "五月底"]);
    }

    #[test]
    fn a_deadline_that_does_not_exist_in_its_zone() {
        let text = "title: t\nissuer: i\ntimezone: America/New_York\ndeadline: 2023-03-12 02:30\ndepartments: []\n";
        assert_has(
            &error(text),
            &[
                "ws/consult.yaml:4:11",
                "2023-03-12 02:30",
                "America/New_York",
            ],
        );
        let text = "title: t\nissuer: i\ntimezone: America/New_York\ndeadline: 2023-03-12\nend_of_business: \"02:30\"\ndepartments: []\n";
        assert_has(&error(text), &["ws/consult.yaml:4:11", "2023-03-12 02:30"]);
        let text = "title: t\nissuer: i\ntimezone: America/New_York\ndeadline: 2023-11-05 01:30\ndepartments: []\n";
        assert_has(&error(text), &["ws/consult.yaml:4:11", "-04:00", "-05:00"]);
    }

    #[test]
    fn a_bad_end_of_business() {
        let err = error(&format!("{HEAD}end_of_business: 5pm\ndepartments: []\n"));
        assert_has(&err, &["ws/consult.yaml:4:18", "5pm"]);
    }

    #[test]
    fn a_bad_version() {
        let err = error(&format!("{HEAD}consulting: ../v1\ndepartments: []\n"));
        assert_has(&err, &["ws/consult.yaml:4:13", "../v1"]);
    }

    #[test]
    fn a_name_listed_for_two_bodies() {
        let text = format!(
            "{HEAD}departments:\n  - name: 市卫生健康委\n    aliases: [市卫健委]\n  - name: 市医保局\n    aliases: [市卫健委]\n"
        );
        assert_has(
            &error(&text),
            &["ws/consult.yaml:8:15", "市卫健委", "line 6", "市卫生健康委"],
        );
    }

    #[test]
    fn a_name_listed_twice_in_another_bracket_width() {
        let text = format!(
            "{HEAD}departments:\n  - name: 市委组织部（人才办）\n  - name: 市委组织部(人才办)\n"
        );
        assert_has(
            &error(&text),
            &["ws/consult.yaml:6:11", "市委组织部(人才办)"],
        );
    }

    #[test]
    fn a_body_named_like_the_issuer() {
        let text = format!("{HEAD}departments:\n  - name: 市教育局\n    aliases: [市科技局]\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:15", "市科技局"]);
    }

    #[test]
    fn a_member_named_like_another_body() {
        let text = format!(
            "{HEAD}departments:\n  - name: 昆山市\n  - group: 各县级市\n    members:\n      - name: 昆山市人民政府\n        aliases: [昆山市]\n"
        );
        assert_has(&error(&text), &["ws/consult.yaml:9:19", "昆山市"]);
    }

    #[test]
    fn repeating_ones_own_name_as_an_alias_is_harmless() {
        let text = format!(
            "{HEAD}departments:\n  - group: 各县级市（区）人民政府（管委会）\n    aliases: [各县级市（区）人民政府<管委会>]\n    members:\n      - name: 甲\n"
        );
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn a_group_without_members() {
        let text = format!("{HEAD}departments:\n  - group: 各县级市\n");
        assert_has(&error(&text), &["ws/consult.yaml:5:12", "各县级市"]);
        let text = format!("{HEAD}departments:\n  - group: 各县级市\n    members: []\n");
        assert_has(&error(&text), &["ws/consult.yaml:5:12", "各县级市"]);
    }

    #[test]
    fn an_empty_name() {
        let text = format!("{HEAD}departments:\n  - name: \"\"\n");
        assert_has(&error(&text), &["ws/consult.yaml:5:11", "name"]);
        let text = format!("{HEAD}departments:\n  - name: 甲\n    aliases: [\" \"]\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:15", "aliases"]);
        assert_has(
            &error("title: \"\"\nissuer: i\ndeadline: 2023-05-26\ndepartments: []\n"),
            &["ws/consult.yaml:1:8", "title"],
        );
    }

    #[test]
    fn an_entry_with_neither_or_both_of_name_and_group() {
        let text = format!("{HEAD}departments:\n  - aliases: [甲]\n");
        assert_has(&error(&text), &["ws/consult.yaml:5:5"]);
        let text = format!(
            "{HEAD}departments:\n  - name: 甲\n    group: 乙\n    members: [{{name: 丙}}]\n"
        );
        assert_has(&error(&text), &["ws/consult.yaml:6:12"]);
    }

    #[test]
    fn members_under_a_single_body() {
        let text = format!("{HEAD}departments:\n  - name: 甲\n    members: [{{name: 丙}}]\n");
        assert_has(&error(&text), &["ws/consult.yaml:6:14", "甲"]);
    }

    #[test]
    fn an_empty_or_oversized_file() {
        assert_has(&error(""), &["ws/consult.yaml"]);
        assert_has(&error("\n# 只有注释\n"), &["ws/consult.yaml"]);
        let big = format!("{HEAD}departments: []\n# {}\n", "x".repeat(MAX_BYTES));
        assert_has(&error(&big), &["ws/consult.yaml", &MAX_BYTES.to_string()]);
    }

    #[test]
    fn a_second_document_is_refused() {
        let text = format!("{HEAD}departments: []\n---\n{HEAD}departments: []\n");
        assert!(parse(&text).is_err());
    }

    // --- YAML bombs fail fast -----------------------------------------------

    /// Parse `text`, which must fail (a bomb is refused by its size
    /// limits, not by a clock).
    fn fails_fast(text: &str) -> String {
        match parse(text) {
            Ok(c) => panic!("a bomb parsed: {} bodies", c.bodies.len()),
            Err(e) => e.to_string(),
        }
    }

    /// Refused as too complex (the message names & and *), not by chance.
    fn too_complex(message: &str) {
        assert_has(message, &["ws/consult.yaml:", "&", "*"]);
    }

    #[test]
    fn the_classic_billion_laughs() {
        let mut text = String::from("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 9].join(", ");
            text.push_str(&format!("lol{level}: &a{level} [{refs}]\n"));
        }
        text.push_str(HEAD);
        text.push_str("issuer_aliases: *a9\ndepartments: []\n");
        fails_fast(&text);
        // The same under known keys: refused at the first wrong shape.
        let text = text.replace("lol0:", "title:").replace("lol", "title");
        fails_fast(&text);
    }

    #[test]
    fn aliases_nested_through_groups_members_and_names() {
        // 60 groups × 60 members × 60 aliases of a 1,000-character name:
        // 216,000 names (650 MB) if expanded, from a 10 kB file.
        let long = "长".repeat(1_000);
        let aliases = vec!["*s"; 60].join(", ");
        let mut members = vec!["*m"; 59];
        let first = format!("&m {{name: 成员, aliases: [{aliases}]}}");
        members.insert(0, &first);
        let mut text = format!(
            "{HEAD}departments:\n  - name: &s \"{long}\"\n  - &d\n    group: 组\n    members: [{}]\n",
            members.join(", ")
        );
        for _ in 0..59 {
            text.push_str("  - *d\n");
        }
        too_complex(&fails_fast(&text));
    }

    #[test]
    fn one_long_name_repeated_by_aliases() {
        let long = "长".repeat(40_000);
        let mut text =
            format!("{HEAD}departments:\n  - name: &s \"{long}\"\n  - name: 乙\n    aliases: [");
        text.push_str(&vec!["*s"; 2_000].join(", "));
        text.push_str("]\n");
        too_complex(&fails_fast(&text));
    }

    #[test]
    fn a_few_aliases_are_still_fine() {
        let text = format!(
            "{HEAD}departments:\n  - name: 甲\n    aliases: &common [甲局]\n  - name: 乙\n  - group: 组\n    aliases: [丙]\n    members:\n      - name: 丁\n"
        );
        let c = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.bodies.len(), 3);
    }
}
