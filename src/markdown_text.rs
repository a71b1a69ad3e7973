//! Plain text written into a Markdown draft: what a department wrote
//! (`<b>`, `&amp;`, `*`, `[注](x)`) goes into drafts/vN.md escaped, so that
//! no Markdown viewer runs it as HTML or reads it as emphasis or a link,
//! and every reader of the draft (show, diff, export, check) reads back the
//! very characters written.
//!
//! CommonMark lets a backslash escape any ASCII punctuation; [`escape`]
//! puts one before each character that could start markup inside a line
//! (`\` `` ` `` `*` `_` `[` `]` `<` `>` `&` `~` `|` `!` `#` `$`), and
//! [`unescape`] removes them again for display of raw source.

/// The characters [`escape`] puts a backslash before.
const ACTIVE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '|', '!', '#', '$',
];

/// `text` as inline Markdown that reads back as `text`: each character of
/// [`ACTIVE`] gets a backslash before it. Other text (Chinese, digits,
/// full-width punctuation) is unchanged, so an edit without such
/// characters is written exactly as proposed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if ACTIVE.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The inverse of [`escape`] on raw Markdown source: a backslash before a
/// character of [`ACTIVE`] is dropped. For showing a piece of source (a
/// 责任单位 list) as the text it reads as.
pub fn unescape(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && ACTIVE.contains(&next)
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain text pulldown-cmark reads from one Markdown paragraph.
    fn read_back(markdown: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        Parser::new_ext(markdown, crate::draft::markdown_options())
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::Html(t) | Event::InlineHtml(t) => Some(format!("HTML[{t}]")),
                _ => None,
            })
            .collect()
    }

    const HOSTILE: &str = "最高500万元<b>（含</b>&amp; *配套* \\\\ _资金_ [注](x)<script>alert(1)</script> ~~删~~ a|b ![i](y) `c` &#60; $x$";

    #[test]
    fn escaped_text_reads_back_as_written_with_no_html() {
        let escaped = escape(HOSTILE);
        assert!(
            !escaped.contains("<b>") && !escaped.contains("</b>"),
            "{escaped}"
        );
        assert_eq!(
            read_back(&format!("前文{escaped}后文")),
            format!("前文{HOSTILE}后文")
        );
    }

    #[test]
    fn plain_chinese_is_unchanged() {
        let text = "最高500万元（含配套资金）、市人社局，1:1比例；10%～30%。";
        assert_eq!(escape(text), text);
    }

    #[test]
    fn unescape_undoes_escape() {
        assert_eq!(unescape(&escape(HOSTILE)), HOSTILE);
        assert_eq!(
            unescape("各县级市（区）人民政府<管委会>"),
            "各县级市（区）人民政府<管委会>"
        );
        assert_eq!(unescape("a\\b"), "a\\b");
    }
}
