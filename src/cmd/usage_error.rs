//! Command-line usage errors (clap's) in the language of messages.
//!
//! clap writes its parse errors in English. Under `--lang zh` (or a `zh`
//! `LANG`) the common kinds — an unknown argument or command, a missing
//! argument, an invalid value, two arguments that exclude each other — are
//! written in Chinese from the error's own context (the argument, the value,
//! the valid values, clap's suggestion), followed by the usage line and where
//! to read more. Help and version output (not errors) are left to clap.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::i18n::Lang;

/// The text to print for `e` in `lang`: clap's own rendering in English, and
/// for Chinese the translated message, `用法：` and the `--help` pointer.
/// Kinds without a translation keep clap's message after `错误：`.
pub fn render(e: &clap::Error, lang: Lang) -> String {
    let english = e.render().to_string();
    if lang == Lang::En || !e.use_stderr() {
        return english;
    }
    let message = message(e).unwrap_or_else(|| first_line(&english));
    let mut text = format!("错误：{message}\n");
    if let Some(usage) = english.lines().find_map(|l| l.strip_prefix("Usage: ")) {
        text.push_str(&format!("\n用法：{usage}\n"));
    }
    text.push_str(&format!(
        "\n更多信息请运行 “{} --help”。\n",
        command_of(&english)
    ));
    text
}

/// The Chinese message for the kinds a user meets.
fn message(e: &clap::Error) -> Option<String> {
    let arg = text(e, ContextKind::InvalidArg);
    let value = text(e, ContextKind::InvalidValue);
    let line = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数 “{}”", arg?),
        ErrorKind::InvalidSubcommand => {
            format!(
                "没有名为 “{}” 的命令",
                text(e, ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", arg?),
        ErrorKind::InvalidValue => {
            let value = value?;
            if value.is_empty() {
                format!("参数 “{}” 需要一个值", arg?)
            } else {
                format!("参数 “{}” 的值 “{value}” 无效", arg?)
            }
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            format!("参数 “{}” 的值 “{}” 无效{reason}", arg?, value?)
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(e, ContextKind::PriorArg).unwrap_or_default();
            format!("参数 “{}” 不能与 “{prior}” 同时使用", arg?)
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 “{}” 的值个数不对", arg?)
        }
        _ => return None,
    };
    Some(line + &hints(e))
}

/// clap's suggestions and the valid values, as Chinese sentences.
fn hints(e: &clap::Error) -> String {
    let mut out = String::new();
    if let Some(valid) = text(e, ContextKind::ValidValue) {
        out.push_str(&format!("\n  可用的值：{valid}"));
    }
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        if let Some(s) = text(e, kind) {
            out.push_str(&format!("\n  提示：是否想用 “{s}”？"));
        }
    }
    out
}

/// One context value as text (lists joined with 、).
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_line(english: &str) -> String {
    let line = english.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// `consult status` from clap's `Usage: consult status [OPTIONS]` line.
fn command_of(english: &str) -> String {
    english
        .lines()
        .find_map(|l| l.strip_prefix("Usage: "))
        .map(|u| {
            u.split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "consult".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str]) -> clap::Error {
        crate::cmd::help::command(Lang::Zh)
            .try_get_matches_from(args)
            .expect_err("a usage error")
    }

    #[test]
    fn unknown_argument_in_chinese_with_usage_and_pointer() {
        let text = render(&error(&["consult", "status", "--bogus"]), Lang::Zh);
        assert!(text.starts_with("错误：无法识别的参数 “--bogus”"), "{text}");
        assert!(text.contains("用法：consult status"), "{text}");
        assert!(text.contains("“consult status --help”"), "{text}");
        assert!(!text.contains("error:"), "{text}");
    }

    #[test]
    fn english_is_clap_own() {
        let e = error(&["consult", "status", "--bogus"]);
        assert_eq!(render(&e, Lang::En), e.render().to_string());
    }

    #[test]
    fn invalid_value_lists_the_valid_ones() {
        let text = render(&error(&["consult", "--color", "pink", "status"]), Lang::Zh);
        assert!(
            text.contains("参数 “--color <COLOR>” 的值 “pink” 无效"),
            "{text}"
        );
        assert!(text.contains("可用的值：auto、always、never"), "{text}");
    }

    #[test]
    fn unknown_command_suggests_the_near_one() {
        let text = render(&error(&["consult", "stauts"]), Lang::Zh);
        assert!(text.contains("没有名为 “stauts” 的命令"), "{text}");
        assert!(text.contains("是否想用 “status”"), "{text}");
    }
}
