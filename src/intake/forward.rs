//! Forwarded e-mail: a reply that reached the office through someone else.
//!
//! A clerk often forwards a department's mail to the archive address. The
//! forward carries the original under a header block — Chinese clients
//! write “-------- 原始邮件 --------” or “-------- 转发邮件信息 --------” with
//! 发件人/发送时间/发送日期/主题, Outlook writes “-----Original Message-----”
//! or a bare From:/Sent: block. [`split`] finds that block, reads the
//! original's sender and time, and returns the forwarder's note and the
//! original's body apart: the department and the receipt time are the
//! original's; the forward's own Date is only when it was passed on.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// The original of a forwarded e-mail, as its header block gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Forward {
    /// The original sender's display name (苏州市发展和改革委员会).
    pub sender: Option<String>,
    /// The original's time as written in the block (发送日期：2023-05-26 16:50).
    pub time_text: Option<String>,
    /// That time read: the local time and, when the block gives one, its offset.
    pub time: Option<(NaiveDateTime, Option<FixedOffset>)>,
    /// The 1-based line of the block's first line in the body.
    pub line: usize,
    /// The original's body (its own quoted history cut off).
    pub body: String,
    /// Who forwarded it (the outer mail's sender).
    pub forwarded_by: Option<String>,
}

/// Split a mail body at a forwarded original. `subject` is the outer mail's
/// subject (转发：…, Fwd: …). Returns the forwarder's note and the original,
/// or `None` when the body holds no forwarded original (a reply's quoted
/// history is not a forward: its subject and separator do not say so).
pub fn split(body: &str, subject: Option<&str>) -> Option<(String, Forward)> {
    let lines: Vec<&str> = body.lines().collect();
    let start = (0..lines.len())
        .find(|&i| lines.get(i).is_some_and(|l| is_separator(l)) || header_block(&lines, i))?;
    let separator = lines.get(start).copied().unwrap_or("");
    let note: String = lines.get(..start).unwrap_or_default().join("\n");
    let says_forward = is_forward_subject(subject.unwrap_or(""))
        || separator.contains("转发")
        || separator.to_ascii_lowercase().contains("forward")
        || note.contains("转发");
    if !says_forward {
        return None;
    }
    let mut forward = Forward {
        line: start + 1,
        ..Forward::default()
    };
    let mut i = if is_separator(separator) {
        start + 1
    } else {
        start
    };
    while let Some(line) = lines.get(i) {
        let t = line.trim().trim_start_matches('*').trim();
        if t.is_empty() {
            i += 1;
            if forward.sender.is_some() || forward.time_text.is_some() {
                break;
            }
            continue;
        }
        let Some((key, value)) = field(t) else { break };
        if is_key(key, &["发件人", "From", "寄件者"]) {
            forward.sender = sender_name(value);
        } else if is_key(
            key,
            &["发送时间", "发送日期", "日期", "时间", "Sent", "Date"],
        ) {
            forward.time_text = Some(value.to_string());
            forward.time = parse_time(value);
        }
        i += 1;
    }
    let rest = lines.get(i..).unwrap_or_default().join("\n");
    forward.body = super::eml::cut_quoted(&rest);
    Some((note, forward))
}

/// `-------- 原始邮件 --------`, `-----Original Message-----`, `---------- Forwarded message ---------`.
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    (t.starts_with("--") || t.starts_with("——") || t.starts_with("__"))
        && (["原始邮件", "转发", "邮件原件"]
            .iter()
            .any(|k| t.contains(k))
            || ["original message", "forwarded message"]
                .iter()
                .any(|k| lower.contains(k)))
}

/// A bare header block: 发件人:/From: and, within four lines, a time.
fn header_block(lines: &[&str], i: usize) -> bool {
    let is = |line: &str, keys: &[&str]| {
        field(line.trim().trim_start_matches('*').trim()).is_some_and(|(k, _)| is_key(k, keys))
    };
    lines.get(i).is_some_and(|l| is(l, &["发件人", "From"]))
        && lines
            .iter()
            .skip(i + 1)
            .take(4)
            .any(|l| is(l, &["发送时间", "发送日期", "Sent", "Date", "日期"]))
}

/// 转发：…, Fwd: …, FW: ….
fn is_forward_subject(subject: &str) -> bool {
    let s = subject.trim().to_ascii_lowercase();
    s.starts_with("转发") || s.starts_with("fwd") || s.starts_with("fw:") || s.starts_with("fw：")
}

/// `key: value` or `key：value`.
fn field(line: &str) -> Option<(&str, &str)> {
    let at = line.find([':', '：'])?;
    let key = line.get(..at)?.trim();
    let colon = line.get(at..)?.chars().next()?.len_utf8();
    let value = line.get(at + colon..)?.trim();
    (key.chars().count() <= 12).then_some((key, value))
}

fn is_key(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// The display name of `"名称" <addr>`, `名称<addr>`, `名称 [mailto:addr]`;
/// the address when there is no name.
fn sender_name(value: &str) -> Option<String> {
    let name = value
        .split(['<', '['])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '“', '”', '\''])
        .trim();
    if !name.is_empty() {
        return Some(name.to_string());
    }
    let addr = value.trim().trim_matches(['<', '>', '[', ']']);
    (!addr.is_empty()).then(|| addr.to_string())
}

/// Read a time as mail clients write it in a forward's header block:
/// RFC 2822 (with its offset), `2023-05-26 16:50`, `2023/5/26 16:50:00`,
/// `2023年5月26日(星期五) 下午4:50`, `Friday, May 26, 2023 4:50 PM`.
pub fn parse_time(text: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let text = text.trim();
    // `CST` in a Chinese mail is China Standard Time: read the wall-clock
    // time in the consultation's zone (chrono would take it as US Central).
    if let Some(rest) = text
        .strip_suffix("CST")
        .or_else(|| text.strip_suffix("(CST)"))
    {
        let rest = rest.trim();
        for format in [
            "%a, %d %b %Y %H:%M:%S",
            "%d %b %Y %H:%M:%S",
            "%a, %d %b %Y %H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(rest, format) {
                return Some((t, None));
            }
        }
    }
    let rfc = text.strip_suffix("(CST)").map_or(text, str::trim);
    if let Ok(t) = DateTime::parse_from_rfc2822(rfc) {
        return Some((t.naive_local(), Some(*t.offset())));
    }
    if let Some(t) = english(text) {
        return Some((t, None));
    }
    chinese(text).map(|t| (t, None))
}

/// `Friday, May 26, 2023 4:50 PM`, `May 26, 2023 16:50`.
fn english(text: &str) -> Option<NaiveDateTime> {
    let text = text.replace(" at ", " ");
    let text = text.as_str();
    let body = match text.split_once(", ") {
        Some((day, rest)) if day.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => text,
    };
    for format in [
        "%B %d, %Y %I:%M %p",
        "%B %d, %Y %I:%M:%S %p",
        "%B %d, %Y %H:%M",
        "%B %d, %Y %H:%M:%S",
        "%d %B %Y %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(body, format) {
            return Some(t);
        }
    }
    None
}

/// `2023-05-26 16:50`, `2023/5/26 16:50:00`, `2023年5月26日（星期五） 下午4:50`.
fn chinese(text: &str) -> Option<NaiveDateTime> {
    let mut s = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = i32::max(depth - 1, 0),
            _ if depth > 0 => {}
            '年' | '月' | '/' | '.' => s.push('-'),
            '日' | '号' | 'T' => s.push(' '),
            '：' => s.push(':'),
            _ => s.push(c),
        }
    }
    for day in [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
        "星期天",
    ] {
        s = s.replace(day, " ");
    }
    for day in ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] {
        s = s.replace(day, " ");
    }
    let afternoon = s.contains("下午") || s.contains("晚上");
    for w in ["上午", "下午", "晚上", "中午", "凌晨"] {
        s = s.replace(w, " ");
    }
    let mut parts = s.split_whitespace();
    let date = parts.next()?;
    let time = parts.next()?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    let time = if afternoon && time.format("%H").to_string().parse::<u32>().ok()? < 12 {
        time + chrono::Duration::hours(12)
    } else {
        time
    };
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn times_as_clients_write_them() {
        for (text, want) in [
            ("2023-05-26 16:50", "2023-05-26 16:50"),
            ("2023/5/26 16:50:00", "2023-05-26 16:50"),
            ("2023年5月26日(星期五) 下午4:50", "2023-05-26 16:50"),
            ("2023年5月26日（周五） 16:50", "2023-05-26 16:50"),
            ("Friday, May 26, 2023 4:50 PM", "2023-05-26 16:50"),
            ("Fri, May 26, 2023 at 4:50 PM", "2023-05-26 16:50"),
        ] {
            assert_eq!(parse_time(text).map(|t| t.0), Some(at(want)), "{text}");
        }
        let (t, offset) = parse_time("Fri, 26 May 2023 16:50:00 +0800").unwrap();
        assert_eq!(t, at("2023-05-26 16:50"));
        assert_eq!(offset.map(|o| o.local_minus_utc()), Some(8 * 3600));
        assert_eq!(parse_time("星期五 五月"), None);
        let (t, offset) = parse_time("Fri, 26 May 2023 15:05:00 CST").unwrap();
        assert_eq!((t, offset), (at("2023-05-26 15:05"), None));
        let (t, offset) = parse_time("Fri, 26 May 2023 15:05:00 +0800 (CST)").unwrap();
        assert_eq!(t, at("2023-05-26 15:05"));
        assert!(offset.is_some());
    }

    #[test]
    fn a_chinese_forward_block_is_read() {
        let body = "转发，请登记。\n\n-------- 转发邮件信息 --------\n发件人：\"苏州市发展和改革委员会\" <fgw@example.cn>\n发送日期：2023-05-26 16:50\n主题：反馈意见\n\n第四条：建议删除“X”。\n";
        let (note, f) = split(body, None).unwrap();
        assert_eq!(note.trim(), "转发，请登记。");
        assert_eq!(f.sender.as_deref(), Some("苏州市发展和改革委员会"));
        assert_eq!(f.time.map(|t| t.0), Some(at("2023-05-26 16:50")));
        assert_eq!(f.body.trim(), "第四条：建议删除“X”。");
    }

    #[test]
    fn a_reply_history_is_not_a_forward() {
        let body = "无意见。\n\n-----原始邮件-----\n发件人: 市科技局\n发送时间: 2023-05-20 10:00\n\n请反馈。\n";
        assert!(split(body, Some("回复：征求意见")).is_none());
        assert!(split(body, Some("Fw: 征求意见")).is_some());
    }
}
