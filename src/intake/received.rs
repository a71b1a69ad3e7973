//! When a reply was received: front matter, `--received`, a forwarded
//! original's time, or the e-mail's Date header — never a guess.
//!
//! A Date whose zone is the name `CST` means China Standard Time in a
//! consultation kept in a Chinese zone (+08:00), not US Central; a Date
//! that cannot be read is an error quoting it; a forwarded mail counts from
//! the original's time (in the consultation's zone unless the block gives
//! an offset), and one whose original has no readable time is an error.

use std::path::Path;

use chrono::{DateTime, FixedOffset, TimeZone};

use crate::consultation::Consultation;
use crate::error::{Error, Position, Result};
use crate::t;

use super::{Overrides, Parsed, forward::Forward};

/// The receipt time of a reply, with its offset.
pub fn resolve(
    parsed: &Parsed,
    path: &Path,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Result<DateTime<FixedOffset>> {
    let at = read(parsed, path, consultation, overrides)?;
    let position = match &parsed.received_local {
        Some((_, line)) => Position::at(path, *line, None),
        None => Position::file(path),
    };
    check_plausible(at, consultation, latest_clock(overrides.now))
        .map_err(|(message, hint)| Error::input(position, message).with_hint(hint))?;
    Ok(at)
}

/// The clock a receipt time is checked against: the real clock, or `--now`
/// when that is later. A `--now` before a receipt does not refuse it (status
/// as of that `--now` simply does not count it yet); a receipt after the
/// real clock is refused whatever `--now` says.
pub fn latest_clock(now: Option<DateTime<FixedOffset>>) -> DateTime<FixedOffset> {
    let real = chrono::Utc::now().fixed_offset();
    now.map_or(real, |n| n.max(real))
}

/// How far a receipt time may lie ahead of the clock (a sender's clock
/// running fast, the clerk's clock slow).
const CLOCK_SLACK_MINUTES: i64 = 10;

/// How long before the deadline a receipt time is still plausible: a round
/// is open for weeks, not years.
const BEFORE_DEADLINE_DAYS: i64 = 366;

/// A receipt time that cannot be right, refused rather than recorded
/// (exit 2): later than `now` ([`latest_clock`]) plus
/// [`CLOCK_SLACK_MINUTES`] — a reply cannot have arrived in the future, so
/// 2032 typed for 2023 is caught — or more than a year
/// ([`BEFORE_DEADLINE_DAYS`]) before both the round's deadline and `now`,
/// e.g. 2013 typed for 2023, or 1899 (where the zone's old local mean time
/// would shift the typed time by minutes). (Both: a placeholder deadline
/// years ahead does not make today's receipts implausible.) `Err` holds the message and the hint; the typed
/// wall time is quoted as typed.
pub fn check_plausible(
    at: DateTime<FixedOffset>,
    consultation: &Consultation,
    now: DateTime<FixedOffset>,
) -> std::result::Result<(), (String, String)> {
    let typed = at.format("%Y-%m-%d %H:%M").to_string();
    let deadline = consultation.deadline();
    if at > now + chrono::Duration::minutes(CLOCK_SLACK_MINUTES) {
        let clock = now
            .with_timezone(&consultation.timezone)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        return Err((
            t!(
                "收到时间 {} 晚于现在（{}）：反馈不可能在将来收到；未写入任何内容",
                "receipt time {} is later than now ({}): a reply cannot arrive in the future; nothing was written",
                typed,
                clock
            ),
            crate::i18n::tr(
                "检查年份和日期是否输错（如把 2023 写成 2032）",
                "check the year and the date for a typing error (2032 for 2023)",
            )
            .to_string(),
        ));
    }
    let year = chrono::Duration::days(BEFORE_DEADLINE_DAYS);
    if at < deadline - year && at < now - year {
        return Err((
            t!(
                "收到时间 {} 比征求意见截止时间（{}）早一年以上，应是输错了；未写入任何内容",
                "receipt time {} is over a year before the deadline ({}): a typing error; nothing was written",
                typed,
                deadline.format("%Y-%m-%d %H:%M")
            ),
            crate::i18n::tr(
                "检查年份是否输错（如把 2023 写成 2013）",
                "check the year for a typing error (2013 for 2023)",
            )
            .to_string(),
        ));
    }
    Ok(())
}

/// The receipt time as the reply or the command line gives it.
fn read(
    parsed: &Parsed,
    path: &Path,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Result<DateTime<FixedOffset>> {
    if let Some((text, line)) = &parsed.received_local {
        let at = crate::deadline::parse_time(text, consultation.timezone).map_err(|e| {
            Error::input(
                Position::at(path, *line, None),
                t!(
                    "收到时间“{}”无法识别：{}",
                    "receipt time “{}” not understood: {}",
                    text,
                    e
                ),
            )
            .with_hint(crate::i18n::tr(
                "写成 2023-05-24 16:20（征求意见的时区）或 RFC 3339",
                "write 2023-05-24 16:20 (the consultation's zone) or RFC 3339",
            ))
        })?;
        if let Some(flag) = overrides.received
            && flag != at
        {
            return Err(Error::input(
                Position::at(path, *line, None),
                t!(
                    "前置信息的收到时间 {} 与 --received {} 不一致",
                    "the front matter's receipt time {} differs from --received {}",
                    at.to_rfc3339(),
                    flag.to_rfc3339()
                ),
            ));
        }
        return Ok(at);
    }
    if let Some(flag) = overrides.received {
        return Ok(flag);
    }
    if let Some(forward) = &parsed.forward {
        return forwarded(forward, path, consultation);
    }
    if let Some(at) = parsed.received_at {
        return Ok(china_standard_time(at, parsed, consultation));
    }
    if let Some(header) = &parsed.date_header {
        return Err(Error::input(
            Position::file(path),
            t!(
                "无法识别邮件的 Date 头“{}”",
                "cannot read the e-mail's Date header “{}”",
                header
            ),
        )
        .with_hint(crate::i18n::tr(
            "用 --received \"2023-05-26 17:45\" 给出收到时间",
            "give the receipt time with --received \"2023-05-26 17:45\"",
        )));
    }
    Err(Error::input(
        Position::file(path),
        crate::i18n::tr("没有收到时间", "no receipt time"),
    )
    .with_hint(crate::i18n::tr(
        "用 --received \"2023-05-24 16:20\" 给出，或在前置信息中写 received:",
        "give it with --received \"2023-05-24 16:20\", or write received: in front matter",
    )))
}

/// A forwarded mail: the original's time.
fn forwarded(
    forward: &Forward,
    path: &Path,
    consultation: &Consultation,
) -> Result<DateTime<FixedOffset>> {
    let position = Position::at(path, forward.line, None);
    let Some((local, offset)) = forward.time else {
        let message = match &forward.time_text {
            Some(text) => t!(
                "转发的邮件中原邮件的时间“{}”无法识别",
                "the forwarded original's time “{}” cannot be read",
                text
            ),
            None => crate::i18n::tr(
                "转发的邮件中没有原邮件的发送时间",
                "the forwarded mail does not give the original's time",
            )
            .to_string(),
        };
        return Err(Error::input(position, message).with_hint(crate::i18n::tr(
            "用 --received \"2023-05-26 16:50\" 给出原邮件的收到时间（转发时间不算）",
            "give the original's receipt time with --received \"2023-05-26 16:50\" (the forward's time does not count)",
        )));
    };
    let at = match offset {
        Some(offset) => offset.from_local_datetime(&local).single(),
        None => consultation
            .timezone
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.fixed_offset()),
    };
    at.ok_or_else(|| {
        Error::input(
            position,
            t!(
                "原邮件的时间 {} 在 {} 时区不存在",
                "the original's time {} does not exist in {}",
                local,
                consultation.timezone.name()
            ),
        )
    })
}

/// Whether the zone of a Date header is written as the name `CST`.
fn zone_is_cst(parsed: &Parsed) -> bool {
    parsed.date_header.as_deref().is_some_and(names_cst)
}

/// Whether a Date header's zone is the name `CST` (alone, not a comment
/// after a numeric offset).
pub fn names_cst(header: &str) -> bool {
    let mut tokens = header.split_whitespace().rev();
    let last = tokens.next().unwrap_or("");
    let before = tokens.next().unwrap_or("");
    last.eq_ignore_ascii_case("CST") && !before.starts_with(['+', '-'])
}

/// Zones in which `CST` is China Standard Time.
fn is_china_zone(consultation: &Consultation) -> bool {
    matches!(
        consultation.timezone.name(),
        "Asia/Shanghai"
            | "Asia/Chongqing"
            | "Asia/Chungking"
            | "Asia/Harbin"
            | "Asia/Urumqi"
            | "PRC"
            | "Asia/Macau"
            | "Asia/Hong_Kong"
            | "Asia/Taipei"
    )
}

/// A Date read with `CST`: the same wall-clock time at +08:00 in a
/// consultation kept in a Chinese zone.
fn china_standard_time(
    at: DateTime<FixedOffset>,
    parsed: &Parsed,
    consultation: &Consultation,
) -> DateTime<FixedOffset> {
    if !(zone_is_cst(parsed) && is_china_zone(consultation)) {
        return at;
    }
    FixedOffset::east_opt(8 * 3600)
        .and_then(|o| o.from_local_datetime(&at.naive_local()).single())
        .unwrap_or(at)
}

/// A note for the record when `CST` was read as China Standard Time, or
/// left as US Central time outside China.
pub fn zone_warning(
    parsed: &Parsed,
    consultation: &Consultation,
    overrides: &Overrides,
) -> Option<String> {
    if overrides.received.is_some() || parsed.forward.is_some() || !zone_is_cst(parsed) {
        return None;
    }
    Some(if is_china_zone(consultation) {
        crate::i18n::tr(
            "Date 头的时区 CST 按中国标准时间（+08:00）理解",
            "the Date header's zone CST was read as China Standard Time (+08:00)",
        )
        .to_string()
    } else {
        crate::i18n::tr(
            "Date 头的时区 CST 按美国中部时间理解；如不对，请用 --received 给出",
            "the Date header's zone CST was read as US Central time; if wrong, give --received",
        )
        .to_string()
    })
}
