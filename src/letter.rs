//! Letters: the 征求意见函 that sends the draft out, and the 催办函 to
//! the bodies that have not replied (a 函: they are peers, not subordinates) — built from consult.yaml and the reply
//! states at one instant, written as Markdown, plain text or Word.
//!
//! Official documents are always Chinese, whatever `--lang` says.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::consultation::Consultation;
use crate::deadline::chinese_date;
use crate::docx::{OfficialDocument, OfficialPara, ParaKind};
use crate::error::{Error, Result};
use crate::report::{RULE, chinese_moment, issuer_name};
use crate::status::{State, Status};

/// Above this many addressees a letter is addressed to 各有关单位.
pub const MAX_NAMED_ADDRESSEES: usize = 40;

/// A letter, ready to be written in any format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub title: String,
    /// 主送机关, ending in a full-width colon.
    pub addressees: String,
    pub paragraphs: Vec<String>,
    /// The attachments' names, in order (附件：1.… 2.…).
    pub attachments: Vec<String>,
    /// The issuing body's full name.
    pub signature: String,
    /// 2023年5月22日.
    pub date: String,
    /// Attachments printed after the letter.
    pub appendices: Vec<Appendix>,
    /// When it was made (the document's date).
    pub made: DateTime<FixedOffset>,
}

/// An attachment printed with the letter (附件1 征求意见单位名单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// 附件1.
    pub label: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

// ---------------------------------------------------------------------------
// The 征求意见函.

/// The 征求意见函 of `consultation`, dated `now`.
pub fn invitation(consultation: &Consultation, now: DateTime<FixedOffset>) -> Letter {
    let c = consultation;
    let now = local(c, now);
    let issuer = issuer_name(c);
    let mut body = format!(
        "我局草拟了《{}》，请结合部门职能，认真研究提出修改意见，并于{}书面反馈至{}，备注联系人和电话。{}。",
        c.title,
        c.deadline_chinese(),
        c.issuer,
        RULE
    );
    body.push_str(&contact_sentence(c));
    Letter {
        title: crate::settings::fill(
            c.letter_title
                .as_deref()
                .unwrap_or(crate::settings::DEFAULT_LETTER_TITLE),
            &c.title,
        ),
        addressees: addressees(c),
        paragraphs: vec![body],
        attachments: vec!["征求意见单位名单".to_string(), c.title.clone()],
        signature: issuer,
        date: chinese_date(now),
        appendices: vec![body_list(c)],
        made: now,
    }
}

/// The addressees as the seed letter writes them: the single bodies joined
/// by 、, then the groups after a comma — or 各有关单位 when there are none
/// or too many to name.
pub fn addressees(c: &Consultation) -> String {
    let singles: Vec<&str> = c
        .bodies
        .iter()
        .filter(|b| b.group.is_none())
        .map(|b| b.name.as_str())
        .collect();
    let groups: Vec<&str> = c.groups.iter().map(|g| g.name.as_str()).collect();
    if singles.is_empty() && groups.is_empty()
        || singles.len() + groups.len() > MAX_NAMED_ADDRESSEES
    {
        return "各有关单位：".to_string();
    }
    let parts: Vec<String> = [singles.join("、"), groups.join("、")]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    format!("{}：", parts.join("，"))
}

/// 附件1: the bodies consulted, with each group's members.
fn body_list(c: &Consultation) -> Appendix {
    let mut list = addressees(c);
    list.pop();
    if list == "各有关单位" {
        list = c
            .bodies
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join("、");
    }
    let mut paragraphs = vec![list];
    for g in c.groups.iter().filter(|g| !g.members.is_empty()) {
        paragraphs.push(format!(
            "其中，{}包括：{}，共{}个。",
            g.name,
            g.members.join("、"),
            g.members.len()
        ));
    }
    Appendix {
        label: "附件1".to_string(),
        title: "征求意见单位名单".to_string(),
        paragraphs,
    }
}

/// 联系人：葛运东，电话：65227947，邮箱：67226455@qq.com。 (the parts given).
fn contact_sentence(c: &Consultation) -> String {
    let contact = &c.contact;
    let parts: Vec<String> = [
        ("联系人", &contact.name),
        ("电话", &contact.phone),
        ("邮箱", &contact.email),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}：{}", v.trim()))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{}。", parts.join("，"))
    }
}

fn local(c: &Consultation, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    t.with_timezone(&c.timezone).fixed_offset()
}

// ---------------------------------------------------------------------------
// The 催办函.

/// The bodies without a reply in `status` (pending or silent), by name.
pub fn missing(status: &Status) -> Vec<String> {
    status
        .departments
        .iter()
        .filter(|d| matches!(d.state, State::Pending | State::Silent))
        .map(|d| d.name.clone())
        .collect()
}

/// The 催办函 to the bodies without a reply as of `now` (the deadline as a
/// date and time; once it has passed, the rule that then applies); None
/// when every body has replied.
pub fn reminder(
    consultation: &Consultation,
    status: &Status,
    now: DateTime<FixedOffset>,
) -> Option<Letter> {
    let c = consultation;
    let names = missing(status);
    if names.is_empty() {
        return None;
    }
    let now = local(c, now);
    let due = deadline_moment(c);
    let opening = format!("我局前期就《{}》向你单位征求意见。", c.title);
    let body = if now <= c.deadline() {
        format!(
            "{opening}截至{}，我局尚未收到你单位的书面反馈。请抓紧研究，于{due}前书面反馈至{}，备注联系人和电话。{}。",
            chinese_moment(now),
            c.issuer,
            RULE
        )
    } else {
        format!(
            "{opening}反馈截止时间（{due}）已过，截至{}，我局尚未收到你单位的书面反馈。按照征求意见函“{}”的要求，你单位视为无修改意见；如确有修改意见，请尽快书面反馈至{}，备注联系人和电话。",
            chinese_moment(now),
            RULE,
            c.issuer
        )
    };
    let mut paragraphs = vec![body, "特此函告。".to_string()];
    let contact = contact_sentence(c);
    if !contact.is_empty() {
        paragraphs.push(contact);
    }
    Some(Letter {
        title: format!("关于请尽快反馈《{}》修改意见的函", c.title),
        addressees: format!("{}：", names.join("、")),
        paragraphs,
        attachments: Vec::new(),
        signature: issuer_name(c),
        date: chinese_date(now),
        appendices: Vec::new(),
        made: now,
    })
}

/// The deadline as a date and a time: 2023年5月26日（周五）17:30.
fn deadline_moment(c: &Consultation) -> String {
    chinese_moment(local(c, c.deadline()))
}

/// `1天8小时` / `2小时20分钟` / `5分钟`: the two largest units (minutes
/// only under a day), always in Chinese.
pub fn chinese_span(seconds: u64) -> String {
    crate::deadline::span_in(seconds, crate::i18n::Lang::Zh)
}

// ---------------------------------------------------------------------------
// Formats.

/// Indent of a body paragraph in plain text: two full-width spaces.
const INDENT: &str = "\u{3000}\u{3000}";

/// The attachment lines: 附件：1.… then 2.… aligned under 1.
fn attachment_lines(letter: &Letter) -> Vec<String> {
    letter
        .attachments
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let lead = if i == 0 {
                "附件："
            } else {
                "\u{3000}\u{3000}\u{3000}"
            };
            format!("{lead}{}.{name}", i + 1)
        })
        .collect()
}

/// The letter as plain text, laid out like the seed letter.
pub fn to_text(letter: &Letter) -> String {
    let mut out = format!("{}\n\n{}\n", letter.title, letter.addressees);
    for p in &letter.paragraphs {
        let _ = writeln!(out, "{INDENT}{p}");
    }
    let attachments = attachment_lines(letter);
    if !attachments.is_empty() {
        out.push('\n');
        for line in attachments {
            let _ = writeln!(out, "{INDENT}{line}");
        }
    }
    let _ = write!(out, "\n{}\n{}\n", letter.signature, letter.date);
    for a in &letter.appendices {
        let _ = write!(out, "\n\n{}\n\n{}\n\n", a.label, a.title);
        for p in &a.paragraphs {
            let _ = writeln!(out, "{INDENT}{p}");
        }
    }
    out
}

/// The letter as Markdown.
pub fn to_markdown(letter: &Letter) -> String {
    let mut out = format!("# {}\n\n{}\n\n", letter.title, letter.addressees);
    for p in &letter.paragraphs {
        let _ = write!(out, "{INDENT}{p}\n\n");
    }
    let attachments = attachment_lines(letter);
    if !attachments.is_empty() {
        let lines: Vec<String> = attachments.iter().map(|l| format!("{INDENT}{l}")).collect();
        let _ = write!(out, "{}\n\n", lines.join("\\\n"));
    }
    let _ = writeln!(out, "{}\\\n{}", letter.signature, letter.date);
    for a in &letter.appendices {
        let _ = write!(out, "\n---\n\n{}\n\n## {}\n\n", a.label, a.title);
        for p in &a.paragraphs {
            let _ = write!(out, "{INDENT}{p}\n\n");
        }
    }
    out
}

/// The letter as an official Word document (GB/T 9704 layout): the
/// 主送机关 flush left, a blank line before the 附件 list and before the
/// signature, the signature and date right-aligned; each attachment on a
/// new page, its 附件1 label in 黑体 at the margin and its title centred.
pub fn to_docx(letter: &Letter) -> Result<Vec<u8>> {
    let body = |text: &str| OfficialPara::new(ParaKind::Body, text);
    let blank = || body("");
    let mut paragraphs = vec![OfficialPara::new(ParaKind::FlushLeft, &letter.addressees)];
    // Short lines (特此函告。, the contact line) are never stretched.
    paragraphs.extend(letter.paragraphs.iter().map(|p| {
        let short = p.starts_with("联系人") || p.chars().count() <= 12;
        OfficialPara::new(
            if short {
                ParaKind::Short
            } else {
                ParaKind::Body
            },
            p,
        )
    }));
    let attachments = attachment_lines(letter);
    if !attachments.is_empty() {
        paragraphs.push(blank());
        // Wrapped 附件 lines hang under the item's text.
        paragraphs.extend(
            attachments
                .iter()
                .map(|l| OfficialPara::new(ParaKind::Hanging, l)),
        );
    }
    paragraphs.push(blank());
    paragraphs.push(OfficialPara::new(ParaKind::Signature, &letter.signature));
    paragraphs.push(OfficialPara::new(ParaKind::Date, &letter.date));
    for a in &letter.appendices {
        paragraphs.push(OfficialPara::marker(ParaKind::PageBreak));
        paragraphs.push(OfficialPara::new(ParaKind::Label, &a.label));
        paragraphs.push(OfficialPara::new(ParaKind::CentredTitle, &a.title));
        paragraphs.extend(a.paragraphs.iter().map(|p| body(p)));
    }
    let doc = OfficialDocument {
        title: letter.title.clone(),
        subtitle: None,
        paragraphs,
        author: letter.signature.clone(),
        date: letter.made,
    };
    crate::docx::write_docx(&doc).map_err(|e| Error::usage(e.to_string()))
}

/// The letter in `format`.
pub fn render(letter: &Letter, format: crate::cli::LetterFormat) -> Result<Vec<u8>> {
    use crate::cli::LetterFormat;
    Ok(match format {
        LetterFormat::Md => to_markdown(letter).into_bytes(),
        LetterFormat::Txt => to_text(letter).into_bytes(),
        LetterFormat::Docx => to_docx(letter)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn consultation(departments: &str) -> Consultation {
        let yaml = format!(
            "title: 关于支持人才的若干政策（征求意见稿）\nissuer: 市科技局\ncontact: {{name: 张三, phone: \"123\"}}\ndeadline: 2023-05-26\ndepartments:\n{departments}"
        );
        Consultation::parse(&yaml, Path::new("consult.yaml")).unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn addressees_are_singles_then_groups() {
        let c = consultation("  - name: 市教育局\n  - name: 市外办\n");
        assert_eq!(addressees(&c), "市教育局、市外办：");
        let c = consultation(
            "  - group: 各区政府\n    members:\n      - name: 吴江区\n  - name: 市教育局\n",
        );
        assert_eq!(addressees(&c), "市教育局，各区政府：");
    }

    #[test]
    fn too_many_addressees_are_addressed_generically() {
        let list: String = (0..=MAX_NAMED_ADDRESSEES)
            .map(|i| format!("  - name: 第{i}单位\n"))
            .collect();
        let c = consultation(&list);
        assert_eq!(addressees(&c), "各有关单位：");
        let letter = invitation(&c, at("2023-05-22T10:00:00+08:00"));
        assert!(letter.appendices[0].paragraphs[0].starts_with("第0单位、第1单位"));
    }

    #[test]
    fn contact_names_only_what_is_given() {
        let c = consultation("  - name: 市教育局\n");
        assert_eq!(contact_sentence(&c), "联系人：张三，电话：123。");
        let letter = invitation(&c, at("2023-05-22T10:00:00+08:00"));
        assert!(letter.paragraphs[0].ends_with("视为无修改意见。联系人：张三，电话：123。"));
        assert_eq!(letter.signature, "市科技局", "no full name: the short one");
    }

    #[test]
    fn spans_use_the_two_largest_units() {
        assert_eq!(chinese_span(0), "0分钟");
        assert_eq!(chinese_span(59), "0分钟");
        assert_eq!(chinese_span(60 * 59), "59分钟");
        assert_eq!(chinese_span(60 * 61), "1小时1分钟");
        assert_eq!(chinese_span(3600 * 2), "2小时");
        assert_eq!(chinese_span(3600 * 24), "1天");
        assert_eq!(chinese_span(3600 * 32 + 1800), "1天8小时");
    }

    #[test]
    fn a_reminder_at_the_deadline_instant_still_has_time_left() {
        let c = consultation("  - name: 市教育局\n");
        let status = crate::status::compute(&c, &[], c.deadline());
        let letter = reminder(&c, &status, c.deadline()).unwrap();
        assert!(
            letter.paragraphs[0].contains("请抓紧研究，于2023年5月26日（周五）17:30前书面反馈"),
            "{letter:?}"
        );
        assert!(!letter.paragraphs[0].contains("已过"), "{letter:?}");
        let later = c.deadline() + chrono::Duration::minutes(1);
        let status = crate::status::compute(&c, &[], later);
        let letter = reminder(&c, &status, later).unwrap();
        assert!(
            letter.paragraphs[0].contains("反馈截止时间（2023年5月26日（周五）17:30）已过"),
            "{letter:?}"
        );
        assert!(!letter.paragraphs[0].contains("逾期1分钟"), "{letter:?}");
        assert_eq!(letter.addressees, "市教育局：");
    }

    #[test]
    fn text_and_markdown_carry_the_same_letter() {
        let c = consultation("  - name: 市教育局\n");
        let letter = invitation(&c, at("2023-05-22T10:00:00+08:00"));
        let text = to_text(&letter);
        let md = to_markdown(&letter);
        for needle in [
            "关于征求《关于支持人才的若干政策（征求意见稿）》意见的函",
            "市教育局：",
            "2023年5月26日（周五）下班前",
            "附件：1.征求意见单位名单",
            "2.关于支持人才的若干政策（征求意见稿）",
            "2023年5月22日",
        ] {
            assert!(text.contains(needle), "{needle}\n{text}");
            assert!(md.contains(needle), "{needle}\n{md}");
        }
    }
}
