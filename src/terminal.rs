//! Text bound for a terminal: control characters made visible, and the one
//! channel for notices (stderr).
//!
//! A reply's text, a department's name or a file name may carry ESC/OSC
//! sequences, C1 controls or bidi overrides. Raw, they would recolour,
//! retitle or reorder the user's terminal. [`visible`] writes each one as
//! `\u{1b}`; the printer layer passes every human line through it. JSON is
//! not passed through it: serde_json escapes controls as JSON does.

use std::borrow::Cow;

/// `text` cut after `chars` characters, with “…” when something was cut
/// (for a title or an opinion quoted on one line).
pub fn shortened(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

/// `text` with every control character other than newline, tab and the
/// CR of a CRLF line end, every C1 control and every bidi control written
/// as `\u{XX}` (lower-case hex).
pub fn visible(text: &str) -> Cow<'_, str> {
    let crlf_only = |t: &str| {
        t.match_indices('\r')
            .all(|(i, _)| t[i + 1..].starts_with('\n'))
    };
    if !text.chars().any(|c| c != '\r' && hidden(c)) && crlf_only(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal raw.
fn hidden(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        // C0, DEL and C1 (U+0080–U+009F) are all `is_control`.
        c if c.is_control() => true,
        // Bidi marks, embeddings, overrides and isolates.
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Tell the user something on stderr (a recovery, a commit made on their
/// behalf, a wait for a lock), prefixed 提醒/note, made [`visible`].
pub fn notice(text: &str) {
    eprintln!("{}: {}", crate::i18n::tr("提醒", "note"), visible(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(visible("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(visible("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(visible("\u{202e}abc"), "\\u{202e}abc");
        assert_eq!(visible("\u{2066}\u{2069}"), "\\u{2066}\\u{2069}");
        assert_eq!(visible("a\rb"), "a\\u{d}b");
        assert_eq!(visible("a\r\nb"), "a\r\nb");
        assert_eq!(visible("a\r\r\n"), "a\\u{d}\r\n");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "第1条：市发改委\n\t意见。《办法》";
        assert!(matches!(visible(text), Cow::Borrowed(_)));
        assert_eq!(visible(text), text);
    }
}
