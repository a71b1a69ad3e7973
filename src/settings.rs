//! The paperwork settings of consult.yaml (added 2026-11-30):
//! `letter_title` (a template with `{title}`), `revised_subtitle` (the
//! subtitle of revised versions, e.g. 修改稿 or 送审稿) and `checks` (which
//! `check` kinds apply and at what severity). Read strictly: an unknown
//! placeholder, a value that is not a string, an unknown check kind or level
//! is an error naming the file, line and value.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Position, Result};
use crate::t;

/// The letter title used when consult.yaml sets none.
pub const DEFAULT_LETTER_TITLE: &str = "关于征求《{title}》意见的函";

/// The placeholders a title template may use.
pub const PLACEHOLDERS: &[&str] = &["title"];

/// How much a `check` finding matters; only errors and warnings make
/// `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What consult.yaml says about one check kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckLevel {
    /// Not checked at all.
    Off,
    /// Checked at this severity.
    At(Severity),
}

/// The `checks:` map: check kind (`funding_missing`, …) → level. Kinds
/// not named keep their default.
pub type Checks = BTreeMap<String, CheckLevel>;

/// The check kinds `checks:` may name.
pub const CHECK_KINDS: &[&str] = &[
    "unit_not_consulted",
    "unit_alias",
    "numbering_gap",
    "numbering_duplicate",
    "funding_missing",
    "funding_unread",
    "doubled_separator",
    "funding_repeated",
    "sources_repeated",
    "empty_unit_list",
];

/// The raw `checks:` map as written.
pub type RawChecks = Spanned<BTreeMap<String, Spanned<String>>>;

/// A title template checked for placeholders: `{title}` only.
pub fn title_template(path: &Path, value: &Spanned<String>, key: &str) -> Result<String> {
    let text = value.value.trim();
    let at = position(path, value);
    if text.is_empty() {
        return Err(Error::input(at, t!("“{}”的值是空的", "“{}” is empty", key)));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(bad_placeholder(at, key, &rest[open..]));
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(bad_placeholder(at, key, &format!("{{{name}}}")));
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(bad_placeholder(at, key, "}"));
    }
    Ok(text.to_string())
}

fn bad_placeholder(at: Position, key: &str, found: &str) -> Error {
    Error::input(
        at,
        t!(
            "“{}”中有未知的占位符“{}”",
            "“{}” has an unknown placeholder “{}”",
            key,
            found
        ),
    )
    .with_hint(t!(
        "只能用 {{title}}（征求意见稿标题），如 关于征求《{{title}}》意见的函",
        "only {{title}} (the draft's title) may be used, e.g. 关于征求《{{title}}》意见的函"
    ))
}

/// Fill a title template.
pub fn fill(template: &str, title: &str) -> String {
    template.replace("{title}", title)
}

/// Read the `checks:` map.
pub fn checks(path: &Path, raw: &RawChecks) -> Result<Checks> {
    let mut out = Checks::new();
    for (kind, level) in &raw.value {
        if !CHECK_KINDS.contains(&kind.as_str()) {
            return Err(Error::input(
                position(path, level),
                t!("未知的检查项“{}”", "unknown check kind “{}”", kind),
            )
            .with_hint(t!(
                "可用的检查项：{}",
                "check kinds: {}",
                CHECK_KINDS.join(", ")
            )));
        }
        out.insert(kind.clone(), check_level(path, level, kind)?);
    }
    Ok(out)
}

fn check_level(path: &Path, level: &Spanned<String>, kind: &str) -> Result<CheckLevel> {
    match level.value.trim() {
        "off" | "no" | "false" | "关闭" => Ok(CheckLevel::Off),
        "error" | "错误" => Ok(CheckLevel::At(Severity::Error)),
        "warning" | "警告" | "on" | "true" => Ok(CheckLevel::At(Severity::Warning)),
        "info" | "提示" => Ok(CheckLevel::At(Severity::Info)),
        _ => Err(Error::input(
            position(path, level),
            t!(
                "检查项“{}”的级别无效",
                "invalid level for check kind “{}”",
                kind
            ),
        )
        .with_hint(t!(
            "写 off、error、warning 或 info，如 funding_missing: off",
            "write off, error, warning or info, e.g. funding_missing: off"
        ))),
    }
}

fn position<T>(path: &Path, span: &Spanned<T>) -> Position {
    let loc = span.referenced;
    Position::at(path, loc.line() as usize, Some(loc.column() as usize))
}
