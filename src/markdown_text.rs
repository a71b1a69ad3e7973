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

/// Where in raw Markdown `source` the text `text` is, as a reader of the
/// draft sees it: a backslash escape (`\&`) and an entity or character
/// reference (`&amp;`, `&nbsp;`, `&#12289;`) count as the character they
/// stand for (tester5 L6b: an opinion quoting “支持&奖励” finds
/// `支持&amp;奖励`). Byte ranges of `source`, in order, not overlapping.
pub fn find_read(source: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    if text.is_empty() {
        return Vec::new();
    }
    let (read, pieces) = read_pieces(source);
    let piece_at = |t: usize| pieces.binary_search_by_key(&t, |(r, _)| *r).ok();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (t, _) in read.match_indices(text) {
        let Some(first) = piece_at(t) else { continue };
        let end = t + text.len();
        let last_end = match piece_at(end) {
            Some(k) => pieces.get(k).map(|(_, r)| r.start),
            None if end == read.len() => Some(source.len()),
            None => None,
        };
        let (Some((_, from)), Some(to)) = (pieces.get(first), last_end) else {
            continue;
        };
        if out.last().is_none_or(|prev| prev.end <= from.start) {
            out.push(from.start..to);
        }
    }
    out
}

/// The text raw Markdown `source` reads as, inline: backslash escapes and
/// entity and character references (`&amp;`, `&nbsp;`) decoded, as every
/// reader of the draft has it (tester5 L6b). For showing a piece of source
/// (a 责任单位 list) as the text it reads as.
pub fn reads_as(source: &str) -> String {
    read_pieces(source).0
}

/// [`reads_as`], and for each piece of the text read (its start) the
/// source bytes it is read from.
#[allow(clippy::type_complexity)]
fn read_pieces(source: &str) -> (String, Vec<(usize, std::ops::Range<usize>)>) {
    let mut read = String::with_capacity(source.len());
    let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut at = 0;
    while let Some(c) = source.get(at..).and_then(|r| r.chars().next()) {
        let rest = source.get(at..).unwrap_or_default();
        let (len, reads) = match c {
            '\\' => match rest.chars().nth(1).filter(|n| ACTIVE.contains(n)) {
                Some(n) => (1 + n.len_utf8(), n.to_string()),
                None => (1, c.to_string()),
            },
            '&' => reference(rest).unwrap_or((1, c.to_string())),
            _ => (c.len_utf8(), c.to_string()),
        };
        pieces.push((read.len(), at..at + len));
        read.push_str(&reads);
        at += len;
    }
    (read, pieces)
}

/// The entity or character reference `rest` starts with (`&amp;`,
/// `&nbsp;`, `&#12289;`, `&#x3001;`): its length and the text it reads
/// as, as CommonMark (pulldown-cmark) reads it.
fn reference(rest: &str) -> Option<(usize, String)> {
    let semi = rest.bytes().take(34).position(|b| b == b';')?;
    let name = rest.get(1..semi)?;
    let ok = match name.strip_prefix('#') {
        Some(num) => {
            let digits = num.strip_prefix(['x', 'X']).unwrap_or(num);
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => {
            name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        }
    };
    if !ok {
        return None;
    }
    let written = rest.get(..=semi)?;
    let reads: String = pulldown_cmark::Parser::new(written)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    (reads != written && !reads.is_empty()).then_some((written.len(), reads))
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

    #[test]
    fn t5_l6_nbsp_text_is_found_as_it_reads() {
        let source = "给予支持&amp;奖励&nbsp;100万元，市科技局&#12289;市财政局\\&c";
        let at = |text: &str| {
            find_read(source, text)
                .into_iter()
                .map(|r| source[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(at("支持&奖励"), ["支持&amp;奖励"]);
        assert_eq!(at("奖励\u{a0}100万元"), ["奖励&nbsp;100万元"]);
        assert_eq!(at("市科技局、市财政局"), ["市科技局&#12289;市财政局"]);
        assert_eq!(at("&c"), ["\\&c"]);
        // Half an entity is not a character of the text.
        assert!(at("amp").is_empty());
        assert!(find_read("&notanentity;", "&notanentity;").len() == 1);
    }
}
