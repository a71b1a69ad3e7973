//! Times and deadlines: reading the times staff write, and saying them the
//! way an official letter does.
//!
//! Every local time is read in the consultation's time zone, never the
//! machine's: the same input gives the same instant on any computer. A local
//! time that does not exist in the zone (skipped by a daylight-saving change)
//! or that exists twice is an error, never a guess.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Weekday,
};
use chrono_tz::Tz;

use crate::t;

/// Local date-and-time forms accepted besides RFC 3339.
const LOCAL_FORMATS: [&str; 10] = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
];

/// Forms with an explicit offset besides strict RFC 3339 (seconds left out).
const OFFSET_FORMATS: [&str; 2] = ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"];

/// Date-only forms (deadlines only).
const DATE_FORMATS: [&str; 3] = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"];

/// A receipt time: RFC 3339 (its offset kept), or `YYYY-MM-DD HH:MM[:SS]`,
/// `YYYY-MM-DDTHH:MM`, `YYYY/MM/DD HH:MM` in the zone `tz`. A bare date is
/// an error: a reply's receipt time must say when in the day it came.
/// `--received TIME` as [`parse_time`] reads it; an unreadable time is a
/// usage error quoting it, with the forms that work.
pub fn parse_received(text: &str, tz: Tz) -> crate::Result<DateTime<FixedOffset>> {
    parse_time(text, tz).map_err(|e| {
        crate::Error::usage(t!(
            "--received “{}” 无法识别：{}",
            "--received “{}” not understood: {}",
            text,
            e
        ))
        .with_hint(crate::i18n::tr(
            "写成 2023-05-24 16:20 或 RFC 3339",
            "write 2023-05-24 16:20 or RFC 3339",
        ))
    })
}

pub fn parse_time(s: &str, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    if let Some(dt) = parse_with_offset(s) {
        return Ok(dt);
    }
    if let Some(naive) = parse_local(s) {
        return localise(naive, tz);
    }
    if parse_date(s).is_some() {
        return Err(t!(
            "时间“{}”只有日期，缺少钟点（如 {} 16:20）",
            "time “{}” is a date without a time of day (write e.g. {} 16:20)",
            s,
            s
        ));
    }
    Err(unreadable(s))
}

/// A deadline: a bare date means `end_of_business` that day; anything else
/// is read as by [`parse_time`].
pub fn parse_deadline(
    s: &str,
    end_of_business: NaiveTime,
    tz: Tz,
) -> Result<DateTime<FixedOffset>, String> {
    match parse_date(s.trim()) {
        Some(date) => localise(date.and_time(end_of_business), tz),
        None => parse_time(s, tz),
    }
}

/// A time of day `HH:MM` or `HH:MM:SS` (end of business).
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, String> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| {
            t!(
                "无法识别的钟点“{}”（应为 HH:MM，如 17:30）",
                "unreadable time of day “{}” (expected HH:MM, e.g. 17:30)",
                s
            )
        })
}

fn unreadable(s: &str) -> String {
    t!(
        "无法识别的时间“{}”（应为 2023-05-24 16:20 或 RFC 3339，如 2023-05-24T16:20:00+08:00）",
        "unreadable time “{}” (expected 2023-05-24 16:20, or RFC 3339 such as 2023-05-24T16:20:00+08:00)",
        s
    )
}

fn parse_with_offset(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok().or_else(|| {
        OFFSET_FORMATS
            .iter()
            .find_map(|f| DateTime::parse_from_str(s, f).ok())
    })
}

fn parse_local(s: &str) -> Option<NaiveDateTime> {
    LOCAL_FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// The instant a local time in `tz` names, with that zone's offset.
pub fn localise(naive: NaiveDateTime, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(dt.fixed_offset()),
        LocalResult::None => Err(t!(
            "{} 在时区 {} 中不存在（夏令时调整跳过了这段时间）",
            "{} does not exist in the time zone {} (skipped by a daylight-saving change)",
            naive.format("%Y-%m-%d %H:%M"),
            tz.name()
        )),
        LocalResult::Ambiguous(a, b) => Err(t!(
            "{} 在时区 {} 中出现两次，请写明偏移（{} 或 {}）",
            "{} occurs twice in the time zone {}: give the offset ({} or {})",
            naive.format("%Y-%m-%d %H:%M"),
            tz.name(),
            a.fixed_offset().to_rfc3339(),
            b.fixed_offset().to_rfc3339()
        )),
    }
}

/// `2023年5月26日`.
pub fn chinese_date(d: impl Datelike) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `周五`.
pub fn chinese_weekday(d: impl Datelike) -> String {
    let name = match d.weekday() {
        Weekday::Mon => "一",
        Weekday::Tue => "二",
        Weekday::Wed => "三",
        Weekday::Thu => "四",
        Weekday::Fri => "五",
        Weekday::Sat => "六",
        Weekday::Sun => "日",
    };
    format!("周{name}")
}

/// `2023年5月26日（周五）下班前`, the date as seen in the deadline's own offset.
pub fn chinese_deadline(dt: DateTime<FixedOffset>) -> String {
    format!("{}（{}）下班前", chinese_date(dt), chinese_weekday(dt))
}

/// Like [`chinese_deadline`], but a deadline that is not at end of business
/// names its hour: `2023年5月26日（周五）12:00前`.
pub fn chinese_deadline_at(dt: DateTime<FixedOffset>, end_of_business: NaiveTime) -> String {
    if dt.time() == end_of_business {
        return chinese_deadline(dt);
    }
    format!(
        "{}（{}）{}前",
        chinese_date(dt),
        chinese_weekday(dt),
        dt.format("%H:%M")
    )
}

/// How long from `from` until `to`: "还剩2天3小时" / "2 days 3 hours left",
/// or, once `to` has passed, "已逾期1天" / "overdue by 1 day".
pub fn describe_remaining(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> String {
    let seconds = to.signed_duration_since(from).num_seconds();
    let span = span_text(seconds.unsigned_abs());
    if seconds >= 0 {
        t!("还剩{}", "{} left", span)
    } else {
        t!("已逾期{}", "overdue by {}", span)
    }
}

/// `2天3小时` / `2 days 3 hours`: the two largest units (minutes under a day).
fn span_text(seconds: u64) -> String {
    span_in(seconds, crate::i18n::lang())
}

/// [`span_text`] in a given language (official letters are always Chinese).
pub fn span_in(seconds: u64, lang: crate::i18n::Lang) -> String {
    let minutes = seconds / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(unit(days, "天", "day", lang));
        if hours > 0 {
            parts.push(unit(hours, "小时", "hour", lang));
        }
    } else if hours > 0 {
        parts.push(unit(hours, "小时", "hour", lang));
        if mins > 0 {
            parts.push(unit(mins, "分钟", "minute", lang));
        }
    } else {
        parts.push(unit(mins, "分钟", "minute", lang));
    }
    let separator = match lang {
        crate::i18n::Lang::Zh => "",
        crate::i18n::Lang::En => " ",
    };
    parts.join(separator)
}

fn unit(n: u64, zh: &str, en: &str, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh => format!("{n}{zh}"),
        crate::i18n::Lang::En if n == 1 => format!("{n} {en}"),
        crate::i18n::Lang::En => format!("{n} {en}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;
    use chrono_tz::Asia::Shanghai;

    fn eob() -> NaiveTime {
        NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn rfc(r: Result<DateTime<FixedOffset>, String>) -> String {
        r.map(|dt| dt.to_rfc3339())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn rfc3339_keeps_its_offset() {
        let dt = parse_time("2023-05-24T16:20:00-04:00", Shanghai);
        assert_eq!(rfc(dt), "2023-05-24T16:20:00-04:00");
        assert_eq!(
            rfc(parse_time("2023-05-24T08:20:00Z", Shanghai)),
            "2023-05-24T08:20:00+00:00"
        );
        assert_eq!(
            rfc(parse_time("2023-05-24T16:20+08:00", New_York)),
            "2023-05-24T16:20:00+08:00"
        );
    }

    #[test]
    fn local_forms_are_read_in_the_consultation_zone() {
        for s in [
            "2023-05-24 16:20",
            "2023-05-24 16:20:00",
            "2023-05-24T16:20",
            "2023-05-24T16:20:00",
            "2023/05/24 16:20",
            "2023/5/24 16:20",
            "2023年5月24日 16:20",
            "  2023-05-24 16:20\n",
        ] {
            assert_eq!(
                rfc(parse_time(s, Shanghai)),
                "2023-05-24T16:20:00+08:00",
                "{s}"
            );
        }
        assert_eq!(
            rfc(parse_time("2023-05-24 16:20", New_York)),
            "2023-05-24T16:20:00-04:00"
        );
    }

    #[test]
    fn a_bare_date_is_no_receipt_time() {
        let err = parse_time("2023-05-24", Shanghai).unwrap_err();
        assert!(err.contains("2023-05-24"), "{err}");
    }

    #[test]
    fn garbage_is_an_error_naming_the_value() {
        for s in [
            "",
            "yesterday",
            "2023-13-01 10:00",
            "2023-02-30 10:00",
            "2023-05-24 25:00",
        ] {
            let err = parse_time(s, Shanghai).unwrap_err();
            assert!(err.contains(s.trim()), "{s}: {err}");
        }
    }

    #[test]
    fn a_deadline_date_means_end_of_business() {
        let dt = parse_deadline("2023-05-26", eob(), Shanghai);
        assert_eq!(rfc(dt), "2023-05-26T17:30:00+08:00");
        let dt = parse_deadline("2023/5/26", eob(), Shanghai);
        assert_eq!(rfc(dt), "2023-05-26T17:30:00+08:00");
        let dt = parse_deadline("2023-05-26 12:00", eob(), Shanghai);
        assert_eq!(rfc(dt), "2023-05-26T12:00:00+08:00");
        let dt = parse_deadline("2023-05-26T17:30:00+08:00", eob(), New_York);
        assert_eq!(rfc(dt), "2023-05-26T17:30:00+08:00");
        assert!(parse_deadline("next friday", eob(), Shanghai).is_err());
    }

    #[test]
    fn a_skipped_local_time_is_an_error() {
        // 2023-03-12 02:00 → 03:00 in New York.
        let err = parse_time("2023-03-12 02:30", New_York).unwrap_err();
        assert!(
            err.contains("2023-03-12 02:30") && err.contains("America/New_York"),
            "{err}"
        );
        let early = NaiveTime::from_hms_opt(2, 30, 0).unwrap_or_default();
        assert!(parse_deadline("2023-03-12", early, New_York).is_err());
        assert_eq!(
            rfc(parse_time("2023-03-12 03:30", New_York)),
            "2023-03-12T03:30:00-04:00"
        );
    }

    #[test]
    fn a_repeated_local_time_is_an_error() {
        // 2023-11-05 02:00 → 01:00 in New York: 01:30 happens twice.
        let err = parse_time("2023-11-05 01:30", New_York).unwrap_err();
        assert!(err.contains("-04:00") && err.contains("-05:00"), "{err}");
        let ok = parse_time("2023-11-05T01:30:00-05:00", New_York);
        assert_eq!(rfc(ok), "2023-11-05T01:30:00-05:00");
    }

    #[test]
    fn time_of_day() {
        assert_eq!(parse_time_of_day("17:30"), Ok(eob()));
        assert_eq!(parse_time_of_day(" 17:30:00 "), Ok(eob()));
        for bad in ["25:00", "17.30", "", "下班"] {
            assert!(parse_time_of_day(bad).is_err(), "{bad}");
        }
    }

    /// Runs in child processes with several TZ values (see below).
    #[test]
    fn deadline_instants_are_fixed() {
        let dt = parse_deadline("2023-05-26", eob(), Shanghai);
        assert_eq!(rfc(dt), "2023-05-26T17:30:00+08:00");
        let dt = parse_time("2023-05-24 16:20", Shanghai);
        assert_eq!(rfc(dt), "2023-05-24T16:20:00+08:00");
        let deadline = at("2023-05-26T17:30:00+08:00");
        assert_eq!(chinese_deadline(deadline), "2023年5月26日（周五）下班前");
    }

    #[test]
    fn the_machine_time_zone_does_not_matter() {
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        for tz in [
            "America/Los_Angeles",
            "Pacific/Kiritimati",
            "UTC",
            "Asia/Shanghai",
        ] {
            let out = std::process::Command::new(&exe)
                .args(["--exact", "deadline::tests::deadline_instants_are_fixed"])
                .env("TZ", tz)
                .output()
                .unwrap_or_else(|e| panic!("run {}: {e}", exe.display()));
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "TZ={tz}\n{stdout}");
            assert!(stdout.contains("1 passed"), "TZ={tz}\n{stdout}");
        }
    }

    #[test]
    fn chinese_dates_and_weekdays() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 26).unwrap_or_default();
        assert_eq!(chinese_date(d), "2023年5月26日");
        assert_eq!(chinese_weekday(d), "周五");
        let sunday = NaiveDate::from_ymd_opt(2023, 5, 28).unwrap_or_default();
        assert_eq!(chinese_weekday(sunday), "周日");
        let monday = NaiveDate::from_ymd_opt(2023, 5, 22).unwrap_or_default();
        assert_eq!(chinese_weekday(monday), "周一");
    }

    #[test]
    fn the_date_is_the_one_in_the_deadlines_own_offset() {
        // 2023-05-26 20:00 in Shanghai is still the 26th, though UTC is the 26th at 12:00
        // and Los Angeles the 26th at 05:00; 2023-05-27 01:00 in Shanghai is the 27th.
        let dt = at("2023-05-27T01:00:00+08:00");
        assert_eq!(chinese_deadline(dt), "2023年5月27日（周六）下班前");
    }

    #[test]
    fn a_deadline_off_end_of_business_names_its_hour() {
        let noon = at("2023-05-26T12:00:00+08:00");
        assert_eq!(
            chinese_deadline_at(noon, eob()),
            "2023年5月26日（周五）12:00前"
        );
        let close = at("2023-05-26T17:30:00+08:00");
        assert_eq!(
            chinese_deadline_at(close, eob()),
            "2023年5月26日（周五）下班前"
        );
    }

    fn either(text: String, zh: &str, en: &str) {
        assert!(
            text == zh || text == en,
            "{text:?} is neither {zh:?} nor {en:?}"
        );
    }

    #[test]
    fn remaining_time_in_the_two_largest_units() {
        let deadline = at("2023-05-26T17:30:00+08:00");
        let from = at("2023-05-24T14:30:00+08:00");
        either(
            describe_remaining(from, deadline),
            "还剩2天3小时",
            "2 days 3 hours left",
        );
        let from = at("2023-05-24T17:30:00+08:00");
        either(describe_remaining(from, deadline), "还剩2天", "2 days left");
        let from = at("2023-05-26T15:10:00+08:00");
        either(
            describe_remaining(from, deadline),
            "还剩2小时20分钟",
            "2 hours 20 minutes left",
        );
        let from = at("2023-05-26T17:29:00+08:00");
        either(
            describe_remaining(from, deadline),
            "还剩1分钟",
            "1 minute left",
        );
        either(
            describe_remaining(deadline, deadline),
            "还剩0分钟",
            "0 minutes left",
        );
    }

    #[test]
    fn overdue_time() {
        let deadline = at("2023-05-26T17:30:00+08:00");
        let from = at("2023-05-27T18:30:00+08:00");
        either(
            describe_remaining(from, deadline),
            "已逾期1天1小时",
            "overdue by 1 day 1 hour",
        );
        // Offsets do not matter: the same instant written in UTC.
        let from = at("2023-05-26T10:30:00Z");
        either(
            describe_remaining(from, deadline),
            "已逾期1小时",
            "overdue by 1 hour",
        );
    }
}

/// An RFC 3339 time as people read it in tables and messages:
/// `2023-05-24 16:20`, with seconds (`2023-05-26 17:30:59`) whenever they are
/// not zero, so a reply shown at the deadline minute is never judged late
/// by a reader without seeing why. Unparsable input is returned as given.
pub fn short_time(rfc3339: &str) -> String {
    use chrono::Timelike;
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            // Seconds, and their fraction, whenever they are there: they
            // may be what makes a reply late (17:30:00.500 after 17:30:00).
            let format = if t.nanosecond() != 0 {
                "%Y-%m-%d %H:%M:%S%.f"
            } else if t.second() != 0 {
                "%Y-%m-%d %H:%M:%S"
            } else {
                "%Y-%m-%d %H:%M"
            };
            t.format(format).to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}

#[cfg(test)]
mod short_time_tests {
    #[test]
    fn seconds_are_shown_when_they_decide() {
        assert_eq!(
            super::short_time("2023-05-26T17:30:00+08:00"),
            "2023-05-26 17:30"
        );
        assert_eq!(
            super::short_time("2023-05-26T17:30:59+08:00"),
            "2023-05-26 17:30:59"
        );
        assert_eq!(super::short_time("not a time"), "not a time");
        // Tester (stop 9) §12: 17:30:00.5 was shown 17:30:00 next to 逾期.
        assert_eq!(
            super::short_time("2023-05-26T17:30:00.5+08:00"),
            "2023-05-26 17:30:00.500"
        );
    }

    #[test]
    fn a_fraction_of_a_second_is_read_in_local_times() {
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().unwrap();
        let t = super::parse_time("2023-05-26 17:30:59.999", tz).unwrap();
        assert_eq!(t.to_rfc3339(), "2023-05-26T17:30:59.999+08:00");
        assert!(super::parse_time("2023-05-26 17:30:59.", tz).is_err());
    }
}
