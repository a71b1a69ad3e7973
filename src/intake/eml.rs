//! E-mail replies (.eml, MIME): who sent them, when, and what they say.
//!
//! Departments often answer by e-mail. [`parse_email`] reads one with
//! mail-parser and returns the sender's display name (RFC 2047 encoded words
//! decoded), the Date header with its own offset, the body as plain text
//! (text/plain preferred, else text/html converted), with quoted history and
//! signatures cut off, and the attachments. [`looks_like_email`] tells an
//! e-mail from a plain text reply by its header block.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::{MessageParser, MessagePart, MimeHeaders, PartType};

/// One e-mail, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Email {
    /// The sender's display name, decoded (`=?GB2312?B?…?=` → 市委人才办).
    pub from_name: Option<String>,
    /// The sender's address.
    pub from_address: Option<String>,
    /// The Date header, with the offset it was written with.
    pub date: Option<DateTime<FixedOffset>>,
    /// The Date header as written, when present (to name it in an error
    /// when it could not be read).
    pub date_header: Option<String>,
    pub subject: Option<String>,
    /// The body as plain text, `\n` line ends, quoted history and
    /// signature cut off (for a forward: the forwarder's note).
    pub body: String,
    /// A forwarded original under the forwarder's note.
    pub forward: Option<super::forward::Forward>,
    pub attachments: Vec<Attachment>,
}

/// A file attached to an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name as sent (decoded), or `attachment-N` when it has none.
    pub name: String,
    /// `type/subtype`, lower case.
    pub content_type: String,
    /// The content: decoded bytes; for text parts, the text in UTF-8
    /// (mail-parser decodes the declared charset).
    pub bytes: Vec<u8>,
}

/// Headers that mark the start of an e-mail.
const MAIL_HEADERS: [&str; 14] = [
    "from",
    "date",
    "mime-version",
    "subject",
    "to",
    "cc",
    "received",
    "return-path",
    "message-id",
    "content-type",
    "x-mailer",
    "sender",
    "reply-to",
    "delivered-to",
];

/// Of those, the ones only an e-mail has.
const STRONG_HEADERS: [&str; 5] = ["from", "date", "mime-version", "received", "message-id"];

/// Whether `bytes` start like an e-mail: a block of `Name: value` header
/// lines with at least two known mail headers, one of them From, Date,
/// MIME-Version, Received or Message-ID.
pub fn looks_like_email(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(bytes.get(..8192).unwrap_or(bytes));
    let mut lines = head.lines().skip_while(|l| l.trim().is_empty()).peekable();
    // An mbox "From sender date" separator may come first.
    if lines.peek().is_some_and(|l| l.starts_with("From ")) {
        lines.next();
    }
    let mut known: Vec<String> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if known.is_empty() {
                return false;
            }
            continue;
        }
        let Some(name) = header_name(line) else {
            return false;
        };
        if MAIL_HEADERS.contains(&name.as_str()) && !known.contains(&name) {
            known.push(name);
        }
    }
    known.len() >= 2 && known.iter().any(|n| STRONG_HEADERS.contains(&n.as_str()))
}

/// The lower-cased name of a `Name: value` header line.
fn header_name(line: &str) -> Option<String> {
    let (name, _) = line.split_once(':')?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| name.to_ascii_lowercase())
}

/// Read an e-mail. Fails when `bytes` have no mail headers at all.
pub fn parse_email(bytes: &[u8]) -> Result<Email, String> {
    let no_headers = || {
        crate::t!(
            "不是电子邮件：开头没有邮件头（From:、Date:、MIME-Version: 等）",
            "not an e-mail: no mail headers (From:, Date:, MIME-Version:, …) at the start"
        )
    };
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(no_headers)?;
    if message.headers().is_empty() {
        return Err(no_headers());
    }
    let sender = message
        .from()
        .or_else(|| message.sender())
        .and_then(|a| a.first());
    // Encoded words split inside a character are joined before decoding.
    let from_name = message
        .header_raw("From")
        .filter(|raw| raw.contains("=?"))
        .and_then(|raw| display_name(&decode_words(raw)))
        .or_else(|| sender.and_then(|a| clean(a.name())));
    let subject = message
        .header_raw("Subject")
        .filter(|raw| raw.contains("=?"))
        .and_then(|raw| clean(Some(&decode_words(raw))))
        .or_else(|| clean(message.subject()));
    let whole = body_text(&message);
    let from_address = sender.and_then(|a| clean(a.address()));
    let (body, forward) = match super::forward::split(&whole, subject.as_deref()) {
        Some((note, mut forward)) => {
            forward.forwarded_by = from_name.clone().or_else(|| from_address.clone());
            (cut_quoted(&note), Some(forward))
        }
        None => (cut_quoted(&whole), None),
    };
    Ok(Email {
        from_name,
        from_address,
        date: message.date().and_then(to_chrono),
        date_header: message.header_raw("Date").and_then(|d| clean(Some(d))),
        subject,
        body,
        forward,
        attachments: attachments(&message),
    })
}

/// The display name of an address header (`名称 <addr>`), unquoted.
fn display_name(header: &str) -> Option<String> {
    let name = match header.find('<') {
        Some(at) => header.get(..at).unwrap_or(""),
        None if header.contains('@') => "",
        None => header,
    };
    clean(Some(name))
}

/// Decode RFC 2047 encoded words (`=?charset?B|Q?…?=`). Adjacent encoded
/// words of the same charset (only white space between them) are joined
/// as bytes before the charset is decoded, so a multi-byte character split
/// across two words (as some clients write) comes out whole.
pub fn decode_words(raw: &str) -> String {
    let unfolded: String = raw.replace("\r\n", "\n").replace('\n', "");
    let mut out = String::new();
    let mut pending: Option<(String, Vec<u8>)> = None;
    let mut rest = unfolded.as_str();
    while !rest.is_empty() {
        match encoded_word(rest) {
            Some((charset, bytes, len)) => {
                match &mut pending {
                    Some((cs, buf)) if cs.eq_ignore_ascii_case(&charset) => buf.extend(bytes),
                    _ => {
                        flush(&mut out, pending.take());
                        pending = Some((charset, bytes));
                    }
                }
                rest = rest.get(len..).unwrap_or("");
                // White space between two encoded words is dropped.
                let trimmed = rest.trim_start_matches([' ', '\t']);
                if pending.is_some() && encoded_word(trimmed).is_some() {
                    rest = trimmed;
                }
            }
            None => {
                flush(&mut out, pending.take());
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    flush(&mut out, pending.take());
    out
}

/// Append decoded bytes in their charset.
fn flush(out: &mut String, pending: Option<(String, Vec<u8>)>) {
    let Some((charset, bytes)) = pending else {
        return;
    };
    let charset = charset.split('*').next().unwrap_or("");
    let encoding =
        encoding_rs::Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    out.push_str(&encoding.decode_without_bom_handling(&bytes).0);
}

/// An encoded word at the start of `s`: its charset, its bytes and its length.
fn encoded_word(s: &str) -> Option<(String, Vec<u8>, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let text = rest.get(..end)?;
    if charset.is_empty() || text.contains(char::is_whitespace) {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => {
            let compact: Vec<u8> = text.bytes().filter(|b| *b != b'=').collect();
            mail_parser::decoders::base64::base64_decode(&pad(&compact))?
        }
        "Q" | "q" => q_decode(text),
        _ => return None,
    };
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    Some((charset.to_string(), bytes, len))
}

/// Base64 padded to a multiple of four.
fn pad(b64: &[u8]) -> Vec<u8> {
    let mut v = b64.to_vec();
    while !v.len().is_multiple_of(4) {
        v.push(b'=');
    }
    v
}

/// The Q encoding: `_` is a space, `=XX` a byte.
fn q_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'='),
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

/// Trimmed and without surrounding quotes; None when nothing is left.
fn clean(text: Option<&str>) -> Option<String> {
    let text = text?.trim().trim_matches('"').trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A mail-parser date as a chrono date with the same offset.
fn to_chrono(date: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let sign = if date.tz_before_gmt { -1 } else { 1 };
    let seconds = sign * (i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60);
    let offset = FixedOffset::east_opt(seconds)?;
    let naive = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?
    .and_hms_opt(
        u32::from(date.hour),
        u32::from(date.minute),
        u32::from(date.second),
    )?;
    offset.from_local_datetime(&naive).single()
}

/// The body: the first text/plain body part, else the first HTML body
/// converted to text; `\n` line ends.
fn body_text(message: &mail_parser::Message<'_>) -> String {
    let plain = message
        .text_bodies()
        .find(|part| matches!(part.body, PartType::Text(_)));
    if let Some(part) = plain {
        let text = part_text(message, part);
        let has_html = message
            .html_bodies()
            .any(|p| matches!(p.body, PartType::Html(_)));
        if !(has_html && is_html_placeholder(&text)) {
            return normalize_newlines(&text);
        }
    }
    let html = message
        .html_bodies()
        .chain(message.text_bodies())
        .find_map(|part| match &part.body {
            PartType::Html(html) => Some(html_to_text(html)),
            _ => None,
        });
    normalize_newlines(&html.unwrap_or_default())
}

/// A plain part that only says the mail is in HTML (“此邮件不支持HTML”,
/// “Your mail client does not support HTML”).
fn is_html_placeholder(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    t.chars().count() <= 200
        && [
            "不支持html",
            "notsupporthtml",
            "doesnotsupporthtml",
            "无法显示html",
            "htmlformat",
            "请使用支持html",
            "viewthisemailinabrowser",
            "html格式",
        ]
        .iter()
        .any(|k| t.contains(k))
}

/// A text part's text. mail-parser decodes the declared charset; a part
/// that declares none and is not UTF-8 is decoded again from its raw bytes
/// with charset detection (GBK without a label is common).
fn part_text<'a>(message: &'a mail_parser::Message<'_>, part: &'a MessagePart<'_>) -> Cow<'a, str> {
    let PartType::Text(text) = &part.body else {
        return Cow::Borrowed("");
    };
    let declared = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .is_some();
    if declared || !text.contains('\u{FFFD}') {
        return Cow::Borrowed(text.as_ref());
    }
    match raw_part_bytes(message, part).and_then(|b| super::decode::decode_text(&b).ok()) {
        Some(decoded) => Cow::Owned(decoded.text),
        None => Cow::Borrowed(text.as_ref()),
    }
}

/// A part's body bytes with the transfer encoding undone.
fn raw_part_bytes(message: &mail_parser::Message<'_>, part: &MessagePart<'_>) -> Option<Vec<u8>> {
    let start = usize::try_from(part.raw_body_offset()).ok()?;
    let end = usize::try_from(part.raw_end_offset()).ok()?;
    let raw = message.raw_message().get(start..end)?;
    let encoding = part
        .content_transfer_encoding()
        .unwrap_or("")
        .to_ascii_lowercase();
    match encoding.as_str() {
        "base64" => {
            let compact: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            mail_parser::decoders::base64::base64_decode(&compact)
        }
        "quoted-printable" => mail_parser::decoders::quoted_printable::quoted_printable_decode(raw),
        _ => Some(raw.to_vec()),
    }
}

/// The attachments, named and typed.
fn attachments(message: &mail_parser::Message<'_>) -> Vec<Attachment> {
    message
        .attachments()
        .enumerate()
        .map(|(i, part)| Attachment {
            name: clean(part.attachment_name()).unwrap_or_else(|| format!("attachment-{}", i + 1)),
            content_type: content_type(part),
            // As sent, byte for byte (transfer encoding undone, charset kept).
            bytes: raw_part_bytes(message, part).unwrap_or_else(|| part.contents().to_vec()),
        })
        .collect()
}

/// `type/subtype` of a part, lower case (`application/octet-stream` when absent).
fn content_type(part: &MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
            None => ct.ctype().to_ascii_lowercase(),
        },
        None => "application/octet-stream".to_owned(),
    }
}

/// CRLF and lone CR become LF.
fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Cut quoted history and signatures: everything from a "-----原始邮件-----"
/// or "-----Original Message-----" line, an "On … wrote:" / "… 写道：" line,
/// an Outlook header block (发件人:/From: followed by 发送时间:/Sent:), or a
/// "-- " signature line; lines starting with ">" and "发自我的iPhone"-style
/// lines are dropped.
pub(crate) fn cut_quoted(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let end = (0..lines.len())
        .find(|&i| starts_history(&lines, i))
        .unwrap_or(lines.len());
    let mut kept: Vec<&str> = lines
        .iter()
        .take(end)
        .filter(|l| !is_quote_or_device_line(l))
        .copied()
        .collect();
    // A rule of underscores or dashes above the cut belongs to the history.
    while kept.last().is_some_and(|l| is_rule(l)) {
        kept.pop();
    }
    let text = kept.join("\n");
    let text = text.trim_matches('\n').trim_end();
    if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    }
}

/// A line that is only a rule (`_____`, `-----`, `=====`) or blank.
fn is_rule(line: &str) -> bool {
    line.trim()
        .chars()
        .all(|c| matches!(c, '_' | '-' | '=' | '—'))
}

/// Whether line `i` starts quoted history or a signature.
fn starts_history(lines: &[&str], i: usize) -> bool {
    let Some(line) = lines.get(i) else {
        return false;
    };
    let t = line.trim().replace("&nbsp;", " ");
    let t = t.as_str();
    let lower = t.to_ascii_lowercase();
    let dashed = t.starts_with("--") || t.starts_with("__") || t.starts_with("——");
    if line.trim_end() == "--" || *line == "-- " {
        return true;
    }
    if dashed
        && ["原始邮件", "邮件原件", "original message", "original"]
            .iter()
            .any(|k| lower.contains(k))
    {
        return true;
    }
    if lower.ends_with("wrote:") && (lower.starts_with("on ") || lower.contains('@')) {
        return true;
    }
    if lower.starts_with("on ")
        && lines
            .get(i + 1)
            .is_some_and(|next| next.trim().to_ascii_lowercase().ends_with("wrote:"))
    {
        return true;
    }
    if t.ends_with("写道：") || t.ends_with("写道:") {
        return true;
    }
    outlook_block(lines, i)
}

/// An Outlook-style quoted header block: 发件人:/From: and, within the
/// next few lines, 发送时间:/Sent:/日期:/Date:.
fn outlook_block(lines: &[&str], i: usize) -> bool {
    let is = |line: &str, names: &[&str]| {
        let t = line.trim().trim_start_matches('*');
        names.iter().any(|n| {
            t.strip_prefix(n)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '：']))
        })
    };
    let Some(line) = lines.get(i) else {
        return false;
    };
    is(line, &["发件人", "From"])
        && lines
            .iter()
            .skip(i + 1)
            .take(4)
            .any(|l| is(l, &["发送时间", "Sent", "日期", "Date", "时间"]))
}

/// A quoted line (">") or a "sent from my phone" line.
fn is_quote_or_device_line(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('>')
        || t.starts_with("发自我的")
        || t.to_ascii_lowercase().starts_with("sent from my")
}

/// HTML to plain text: tags stripped (script, style and head dropped with
/// their content), `<br>` and block ends to line breaks, white space
/// collapsed as a browser does, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    // Inside a table cell, block ends are spaces (a row stays one line).
    let mut in_cell = false;
    while let Some(lt) = rest.find('<') {
        let (text, tail) = rest.split_at(lt);
        if skip_until.is_none() {
            push_text(&mut out, text);
        }
        let Some((tag, after)) = read_tag(tail) else {
            if skip_until.is_none() {
                push_text(&mut out, tail);
            }
            rest = "";
            break;
        };
        rest = after;
        let name = tag_name(tag);
        if let Some(end) = skip_until {
            if name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "head" | "title" => {
                skip_until = Some(closing(&name));
            }
            "br" | "/p" | "p" | "div" | "/div" | "li" | "/li" | "/tr" | "/h1" | "/h2" | "/h3"
            | "/h4" | "/h5" | "/h6" | "/table" | "/ul" | "/ol" | "/blockquote" => {
                out.push(if in_cell { ' ' } else { '\n' });
            }
            // A table row becomes a pipe row (| a | b |) for the form reader.
            "tr" => out.push_str("\n|"),
            "td" | "th" => in_cell = true,
            "/td" | "/th" => {
                in_cell = false;
                out.push_str(" |");
            }
            _ => {}
        }
    }
    if skip_until.is_none() {
        push_text(&mut out, rest);
    }
    tidy_lines(&out)
}

/// The closing tag a skipped element ends with.
fn closing(name: &str) -> &'static str {
    match name {
        "script" => "/script",
        "style" => "/style",
        "title" => "/title",
        _ => "/head",
    }
}

/// Split `<…>` (or a `<!-- … -->` comment) off the start of `s`.
fn read_tag(s: &str) -> Option<(&str, &str)> {
    if let Some(comment) = s.strip_prefix("<!--") {
        let end = comment.find("-->")?;
        return Some(("!--", comment.get(end + 3..)?));
    }
    let end = s.find('>')?;
    Some((s.get(1..end)?, s.get(end + 1..)?))
}

/// The lower-case name of a tag, with `/` for a closing tag.
fn tag_name(tag: &str) -> String {
    tag.trim()
        .split(|c: char| c.is_whitespace() || c == '>')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_ascii_lowercase()
}

/// Append text: white space runs become one space, entities decoded.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{3000}' && c != '\u{A0}' {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Decode `&amp;`, `&#20320;`, `&#x4F60;`, `&nbsp;`, quotes and dashes.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let (before, tail) = rest.split_at(amp);
        out.push_str(before);
        // An entity's name is short: look for its ';' nearby only.
        let entity = tail
            .get(1..)
            .and_then(|t| {
                t.char_indices()
                    .take(12)
                    .find(|&(_, c)| c == ';')
                    .map(|(semi, _)| (t, semi))
            })
            .and_then(|(t, semi)| Some((entity_char(t.get(..semi)?)?, semi)));
        match entity {
            Some((c, semi)) => {
                out.push(c);
                rest = tail.get(semi + 2..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity name (without `&` and `;`) stands for.
fn entity_char(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "yen" => '¥',
        _ => return None,
    })
}

/// Trim every line, drop leading/trailing blank lines and collapse runs
/// of blank lines to one.
fn tidy_lines(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 1 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_split_inside_a_character_are_joined() {
        // UTF-8, B: 苏州市工业和信息化局 cut inside 业.
        assert_eq!(
            decode_words(
                "=?utf-8?B?6IuP5bee5biC5bel5A==?=\r\n =?utf-8?B?uJrlkozkv6Hmga/ljJblsYA=?= <a@b>"
            ),
            "苏州市工业和信息化局 <a@b>"
        );
        // UTF-8, Q: 市金融 cut after the first byte of 金.
        assert_eq!(
            decode_words("=?utf-8?Q?=E5=B8=82=E9?= =?utf-8?Q?=87=91=E8=9E=8D?="),
            "市金融"
        );
        // GBK, B: 市外办 = CA D0 CD E2 B0 EC, cut after CA D0 CD.
        assert_eq!(decode_words("=?GBK?B?ytDN?= =?GBK?B?4rDs?="), "市外办");
        // Words in different charsets are decoded apart; plain text stays.
        assert_eq!(
            decode_words("=?utf-8?B?5biC?= =?GBK?B?zeKw7A==?= x"),
            "市外办 x"
        );
    }

    #[test]
    fn an_html_placeholder_is_not_the_body() {
        assert!(is_html_placeholder(
            "此邮件不支持HTML格式，请使用支持HTML的邮件客户端查看。"
        ));
        assert!(is_html_placeholder(
            "Your mail client does not support HTML messages."
        ));
        assert!(!is_html_placeholder("我局无修改意见。"));
    }

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn gb2312(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    fn encoded_word(text: &str) -> String {
        format!("=?GB2312?B?{}?=", b64(&gb2312(text)))
    }

    fn qp(text: &str) -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b' ' {
                    (b as char).to_string()
                } else {
                    format!("={b:02X}")
                }
            })
            .collect()
    }

    const BODY: &str = "第五点：建议责任单位加上市人社局。\n";

    fn gb2312_mail() -> Vec<u8> {
        let mut mail = format!(
            "From: {} <rcb@sz.gov.cn>\r\nTo: kjj@sz.gov.cn\r\nSubject: {}\r\n\
             Date: Fri, 26 May 2023 09:45:00 +0000\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\n",
            encoded_word("市委人才办"),
            encoded_word("关于征求意见的反馈"),
        );
        mail.push_str(&b64(&gb2312(BODY)));
        mail.push_str("\r\n");
        mail.into_bytes()
    }

    #[test]
    fn gb2312_sender_date_and_base64_body() {
        let mail = gb2312_mail();
        assert!(looks_like_email(&mail));
        let email = parse_email(&mail).unwrap();
        assert_eq!(email.from_name.as_deref(), Some("市委人才办"));
        assert_eq!(email.from_address.as_deref(), Some("rcb@sz.gov.cn"));
        assert_eq!(email.subject.as_deref(), Some("关于征求意见的反馈"));
        assert_eq!(email.body, BODY);
        let date = email.date.unwrap();
        assert_eq!(date.to_rfc3339(), "2023-05-26T09:45:00+00:00");
        let beijing = date.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap());
        assert_eq!(beijing.to_rfc3339(), "2023-05-26T17:45:00+08:00");
        assert_eq!(
            email.date_header.as_deref(),
            Some("Fri, 26 May 2023 09:45:00 +0000")
        );
        assert!(email.attachments.is_empty());
    }

    #[test]
    fn negative_and_half_hour_offsets_are_kept() {
        let mail = "From: a@b.cn\r\nDate: Thu, 25 May 2023 21:45:00 -0530\r\n\r\n无意见\r\n";
        let date = parse_email(mail.as_bytes()).unwrap().date.unwrap();
        assert_eq!(date.to_rfc3339(), "2023-05-25T21:45:00-05:30");
    }

    #[test]
    fn quoted_printable_utf8_body() {
        let mail = format!(
            "From: \"=?UTF-8?B?{}?=\" <fgw@sz.gov.cn>\r\nDate: Wed, 24 May 2023 16:20:00 +0800\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n",
            b64("市发改委".as_bytes()),
            qp("将“市发改委”修改为“市发展改革委”。"),
        );
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.from_name.as_deref(), Some("市发改委"));
        assert_eq!(email.body, "将“市发改委”修改为“市发展改革委”。\n");
        assert_eq!(
            email.date.unwrap().to_rfc3339(),
            "2023-05-24T16:20:00+08:00"
        );
    }

    #[test]
    fn gbk_body_without_charset_is_detected() {
        let mut mail = "From: a@b.cn\r\nDate: Wed, 24 May 2023 16:20:00 +0800\r\n\
                        Content-Transfer-Encoding: base64\r\n\r\n"
            .to_owned();
        mail.push_str(&b64(&gb2312("建议第五点责任单位加上市人社局，特此函复。")));
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.body, "建议第五点责任单位加上市人社局，特此函复。\n");
    }

    #[test]
    fn html_only_body() {
        let mail = "From: =?UTF-8?Q?=E5=B8=82=E6=95=99=E8=82=B2=E5=B1=80?= <jyj@sz.gov.cn>\r\n\
             Date: Wed, 24 May 2023 10:00:00 +0800\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/html; charset=utf-8\r\n\r\n\
             <html><head><title>x</title><style>p{color:red}</style></head><body>\
             <p>市科技局：</p><p>1. 将&ldquo;甲&rdquo;改为&ldquo;乙&rdquo;&#12290;</p>\
             <div>2. A &amp; B<br>第二行</div><!-- note --></body></html>\r\n";
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.from_name.as_deref(), Some("市教育局"));
        assert_eq!(
            email.body,
            "市科技局：\n1. 将“甲”改为“乙”。\n2. A & B\n第二行\n"
        );
    }

    #[test]
    fn multipart_with_txt_attachment() {
        let mail = format!(
            "From: {} <gxj@sz.gov.cn>\r\nDate: Thu, 25 May 2023 08:00:00 +0800\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n\
             --XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n意见见附件。\r\n\
             --XYZ\r\nContent-Type: text/plain; charset=GB2312; name=\"{}\"\r\n\
             Content-Disposition: attachment; filename=\"{}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
             --XYZ\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"data.bin\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--XYZ--\r\n",
            encoded_word("市工信局"),
            encoded_word("反馈意见.txt"),
            encoded_word("反馈意见.txt"),
            b64(&gb2312("第三条：无修改意见。")),
            b64(&[0, 1, 2, 255]),
        );
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.from_name.as_deref(), Some("市工信局"));
        assert_eq!(email.body, "意见见附件。\n");
        assert_eq!(email.attachments.len(), 2, "{:?}", email.attachments);
        let txt = &email.attachments[0];
        assert_eq!(txt.name, "反馈意见.txt");
        assert_eq!(txt.content_type, "text/plain");
        assert_eq!(txt.bytes, gb2312("第三条：无修改意见。"), "kept as sent");
        let bin = &email.attachments[1];
        assert_eq!(bin.name, "data.bin");
        assert_eq!(bin.content_type, "application/octet-stream");
        assert_eq!(bin.bytes, [0, 1, 2, 255]);
    }

    #[test]
    fn alternative_prefers_plain_text() {
        let mail = "From: a@b.cn\r\nDate: Thu, 25 May 2023 08:00:00 +0800\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n\
             --B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>网页版</p>\r\n\
             --B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n纯文本版\r\n--B--\r\n";
        assert_eq!(parse_email(mail.as_bytes()).unwrap().body, "纯文本版\n");
    }

    #[test]
    fn no_date_header() {
        let mail =
            "From: 市外办 <wb@sz.gov.cn>\r\nSubject: hi\r\nMIME-Version: 1.0\r\n\r\n无意见\r\n";
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.date, None);
        assert_eq!(email.date_header, None);
        assert_eq!(email.from_name.as_deref(), Some("市外办"));
        assert_eq!(email.body, "无意见\n");
    }

    #[test]
    fn unreadable_date_is_none_but_named() {
        let mail = "From: a@b.cn\r\nDate: sometime next week\r\n\r\n无意见\r\n";
        let email = parse_email(mail.as_bytes()).unwrap();
        assert_eq!(email.date, None);
        assert_eq!(email.date_header.as_deref(), Some("sometime next week"));
    }

    #[test]
    fn quoted_history_and_signatures_are_cut() {
        let cases = [
            "无修改意见。\n\n-----原始邮件-----\n发件人: 市科技局\n请于5月26日前反馈\n",
            "无修改意见。\n------------------&nbsp;原始邮件&nbsp;------------------\n旧内容\n",
            "无修改意见。\n-----Original Message-----\nFrom: x\n",
            "无修改意见。\nOn Wed, May 24, 2023 at 10:00 AM 市科技局 <kjj@sz.gov.cn> wrote:\n> 请反馈\n",
            "无修改意见。\nOn Wed, May 24, 2023 at 10:00 AM 市科技局\n<kjj@sz.gov.cn> wrote:\n> 请反馈\n",
            "无修改意见。\n在 2023年5月24日 10:00，市科技局 写道：\n请反馈\n",
            "无修改意见。\n> 请反馈\n>> 更早\n",
            "无修改意见。\n-- \n张三 市外办 电话 123\n",
            "无修改意见。\n发自我的iPhone\n",
            "无修改意见。\n________________________________\n发件人: 市科技局 <kjj@sz.gov.cn>\n发送时间: 2023年5月24日 10:00\n收件人: 我\n主题: 征求意见\n",
            "无修改意见。\nFrom: kjj@sz.gov.cn\nSent: Wednesday\nTo: me\n",
        ];
        for body in cases {
            assert_eq!(cut_quoted(body), "无修改意见。\n", "{body:?}");
        }
        assert_eq!(cut_quoted("第一段\n\n第二段\n"), "第一段\n\n第二段\n");
    }

    #[test]
    fn looks_like_email_only_for_mail() {
        assert!(looks_like_email(&gb2312_mail()));
        assert!(looks_like_email(
            b"From someone@x Fri May 26 09:45:00 2023\nFrom: a@b\nDate: x\n\nbody"
        ));
        assert!(looks_like_email(
            b"Received: from x\r\n\tby y\r\nMessage-ID: <1@x>\r\n\r\n"
        ));
        assert!(!looks_like_email(
            "市委人才办：建议第五点责任单位加上市人社局".as_bytes()
        ));
        assert!(!looks_like_email(b"---\ndepartment: x\n---\nbody"));
        assert!(!looks_like_email(b"Subject: only a subject\n\nbody"));
        assert!(!looks_like_email(b"Note: this is\nfrom: me\nand more text"));
        assert!(!looks_like_email(b""));
    }

    #[test]
    fn not_an_email_is_an_error() {
        assert!(parse_email(b"").is_err());
    }

    #[test]
    fn adversarial_html_stays_fast() {
        for input in [
            "&".repeat(50_000),
            "<".repeat(50_000),
            "<!--".repeat(20_000),
            "<p>&amp".repeat(10_000),
        ] {
            // Read to its end (growth is bounded by the scaling tests).
            let _ = html_to_text(&input);
        }
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a&amp;b&lt;&#x4F60;&#22909;&bogus;&"),
            "a&b<你好&bogus;&"
        );
        assert_eq!(decode_entities("&#0;&#xFFFFFFFF;"), "&#0;&#xFFFFFFFF;");
    }
}
