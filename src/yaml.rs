//! YAML in and out (serde-saphyr), with errors that name the file, line and
//! column, and hard limits so that a YAML bomb fails fast.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_saphyr::options::AliasLimits;
use serde_saphyr::{Budget, Options};

use crate::error::{Error, Position, Result};
use crate::t;

/// The parser options every YAML read uses: duplicate keys are errors,
/// alias expansion and document size are bounded.
pub fn options() -> Options {
    Options {
        budget: Some(Budget {
            max_aliases: 1_000,
            max_nodes: 200_000,
            max_depth: 64,
            ..Budget::default()
        }),
        alias_limits: AliasLimits {
            max_total_replayed_events: 20_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
        ..Options::default()
    }
}

/// Parse `text` (read from `path`, whose line 1 is `first_line` in the
/// file: front matter starts below its `---`) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path, first_line: usize) -> Result<T> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let (line, column) = match e.location() {
            Some(loc) => (
                Some(loc.line() as usize + first_line.saturating_sub(1)),
                Some(loc.column() as usize),
            ),
            None => (None, None),
        };
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        let line = unknown_field_line(&message, text)
            .map(|l| l + first_line - 1)
            .or(line);
        let column = if line.is_some() && message.starts_with("unknown field") {
            Some(1)
        } else {
            column
        };
        let position = Position {
            file: Some(path.to_path_buf()),
            line,
            column,
        };
        Error::input(
            position,
            t!("YAML 无法读取：{}", "invalid YAML: {}", message),
        )
    })
}

/// serde reports an unknown field at its mapping; find the key's own line.
fn unknown_field_line(message: &str, text: &str) -> Option<usize> {
    let rest = message.strip_prefix("unknown field `")?;
    let key = &rest[..rest.find('`')?];
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix(key)
                .is_some_and(|after| after.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Write `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> Result<String> {
    serde_saphyr::to_string(value).map_err(|e| Error::usage(format!("failed to write YAML: {e}")))
}
