//! Letter anatomy: the parts of a reply that are the letter around its
//! opinions — title line (关于…的反馈意见 / …的复函 / 市交通运输局对…的意见),
//! salutation (市科技局： / 黎晓婷同志：), acknowledgement (…收悉 / 来函收悉),
//! lead-in (经研究，提出如下意见：), closing (特此函复 / 此复 / 以上意见供参考),
//! signature, date (2023年5月25日, 二〇二三年五月二十五日), contact line and
//! seal notes. None of these is an opinion.
//!
//! [`is_furniture`] tells a whole line of the letter; [`strip_courtesy`]
//! removes courtesy clauses inside a sentence (“来函收悉，我局无修改意见。”
//! → “我局无修改意见。”); [`sender_lines`] and [`letter_names`] give the
//! names a letter offers for its sender (a `反馈单位：` line, the title
//! line, the signature).

use super::NameSource;
use super::freetext::{is_unit_name, strip_punct, trim};
use crate::numbering;

/// A line that is part of the letter, not of its opinions.
pub fn is_furniture(line: &str) -> bool {
    is_furniture_part(line) || is_furniture_parts(line)
}

/// Signature, date and contact run together in one paragraph
/// (`苏州市农业农村局 2023年5月24日 （联系人：周敏）`): every part is furniture.
fn is_furniture_parts(line: &str) -> bool {
    let parts: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2 && parts.iter().all(|p| is_furniture_part(p))
}

fn is_furniture_part(line: &str) -> bool {
    is_label(line)
        || is_section_heading(line)
        || is_distribution(line)
        || is_greeting(line)
        || is_attachment_note(line)
        || is_title(line)
        || is_salutation(line)
        || is_closing(line)
        || is_contact(line)
        || is_date(line)
        || is_signature(line)
        || is_intro(line)
        || is_lead_in(line)
        || is_seal(line)
}

/// A line that only leads in the opinions under it: `建议：`,
/// `意见如下：`, `具体意见如下：`, `修改意见：`.
fn is_lead_in(line: &str) -> bool {
    const LEADS: [&str; 12] = [
        "建议",
        "意见",
        "意见如下",
        "建议如下",
        "具体意见",
        "具体意见如下",
        "具体建议",
        "修改意见",
        "修改意见如下",
        "修改建议",
        "我局建议",
        "我们建议",
    ];
    trim(line).ends_with(['：', ':']) && LEADS.contains(&strip_punct(line).as_str())
}

/// `关于…的反馈意见`, `市委人才办关于…的意见`, `反馈意见`.
fn is_title(line: &str) -> bool {
    let core = strip_punct(&strip_brackets(line));
    const ALONE: [&str; 9] = [
        "反馈意见",
        "意见反馈",
        "修改意见",
        "意见",
        "回复",
        "复函",
        "意见反馈表",
        "征求意见反馈表",
        "反馈意见表",
    ];
    if ALONE.contains(&core.as_str()) {
        return true;
    }
    const ENDS: [&str; 8] = [
        "意见",
        "复函",
        "回复",
        "反馈",
        "的函",
        "说明",
        "意见表",
        "建议",
    ];
    let Some((sender, _)) = title_sender(&core) else {
        return false;
    };
    (sender.is_empty() || is_unit_name(sender))
        && ENDS.iter().any(|e| core.ends_with(e))
        && !core.contains("建议将")
        && numbering::clause_refs(&core).is_empty()
        && core.chars().count() <= 80
}

/// `市科技局：`, `尊敬的市科技局：`.
fn is_salutation(line: &str) -> bool {
    let Some(name) = line.strip_suffix('：').or_else(|| line.strip_suffix(':')) else {
        return false;
    };
    let name = trim(name);
    let name = name.strip_prefix("尊敬的").unwrap_or(name);
    // 葛老师好：, 张主任，您好：
    let name = ["，您好", "，你好", "您好", "你好", "好"]
        .iter()
        .find_map(|g| name.strip_suffix(g))
        .filter(|n| !n.is_empty())
        .unwrap_or(name);
    is_unit_name(name) || is_person(name) || ["各位领导", "领导", "您好"].contains(&name)
}

/// `特此函复。`, `此复`, `以上意见供参考。`, `谢谢！`.
fn is_closing(line: &str) -> bool {
    let core = strip_punct(line);
    const WHOLE: [&str; 12] = [
        "此复",
        "此致",
        "敬礼",
        "此致敬礼",
        "谢谢",
        "妥否请酌",
        "请酌",
        "供参考",
        "仅供参考",
        "请予研究",
        "请予采纳",
        "专此函复",
    ];
    WHOLE.contains(&core.as_str())
        || (core.starts_with("特此") && core.chars().count() <= 8)
        || (core.starts_with("以上意见") && core.chars().count() <= 14)
}

/// `联系人：张三`, `联系电话：65227947`, `（联系人：…）`.
fn is_contact(line: &str) -> bool {
    const WORDS: [&str; 14] = [
        "联系人",
        "联系电话",
        "联系方式",
        "办公电话",
        "电话",
        "手机",
        "传真",
        "电子邮箱",
        "邮箱",
        "E-mail",
        "Email",
        "经办人",
        "联系地址",
        "地址",
    ];
    let t = line.trim_start_matches(['（', '(']);
    is_phone_number(line)
        || WORDS.iter().any(|w| {
            t.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(['：', ':', ' ', '\u{3000}']))
        })
}

/// A line that is only a telephone number: `68001234`, `0512-68001234`,
/// `(0512) 6800 1234`, `13912345678`.
fn is_phone_number(line: &str) -> bool {
    let digits = line.chars().filter(char::is_ascii_digit).count();
    (7..=16).contains(&digits)
        && line.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '-' | '－' | '—' | ' ' | '(' | ')' | '（' | '）' | '+')
        })
}

/// A line of a mail's sign-off under the sender's name: the unit (or one
/// of its offices, 苏州市工业和信息化局规划处) or a contact line.
pub fn is_sign_off(line: &str) -> bool {
    let line = trim(line);
    is_signature(line) || is_contact(line) || is_office(line)
}

/// A unit's office: 苏州市工业和信息化局规划处, 市交通局办公室.
fn is_office(line: &str) -> bool {
    ["处", "科", "室", "办公室", "中心"].iter().any(|end| {
        line.strip_suffix(end).is_some_and(|unit| {
            (1..=3).any(|n| {
                let cut = unit.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
                is_unit_name(&unit[..cut])
            }) || is_unit_name(unit)
        })
    }) && line.chars().count() <= 30
}

/// A sentence that only points to the attachment: 我局意见见附件反馈表,
/// 反馈表见附件, 详见附件, 请查收.
fn is_attachment_pointer(core: &str) -> bool {
    let count = core.chars().count();
    let points = ["见附件", "附件请查收", "附件为", "详见附"]
        .iter()
        .any(|w| core.contains(w));
    let receipt = ["请查收", "请查阅", "请审阅", "请收阅", "敬请查收"].contains(&core);
    receipt
        || (points
            && count <= 20
            && !core.contains('“')
            && !["建议", "删", "改为", "修改为", "增加", "第"]
                .iter()
                .any(|w| core.contains(w)))
}

/// `2023年5月24日`, `2023-05-24`, `二〇二三年五月二十四日`.
pub(crate) fn is_date(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(['（', '）', '(', ')']);
    let numeral = is_date_numeral;
    let digits = t.chars().filter(|&c| numeral(c)).count();
    let parts_ok = t
        .chars()
        .all(|c| numeral(c) || matches!(c, '年' | '月' | '日' | '号' | '-' | '.' | '/'));
    let shaped = (t.contains('年') && t.contains('月')) || t.matches(['-', '.', '/']).count() == 2;
    parts_ok && shaped && digits >= 4
}

/// A unit name alone on a line (the signature), with or without （盖章）
/// or the date after it.
pub(crate) fn is_signature(line: &str) -> bool {
    let t = without_date(trim(line));
    let t = t
        .strip_suffix("（盖章）")
        .or_else(|| t.strip_suffix("(盖章)"))
        .unwrap_or(t);
    is_unit_name(trim(t))
}

/// `现将我单位意见反馈如下：`, `提出以下意见：`.
fn is_intro(line: &str) -> bool {
    let mut core = strip_punct(&without_parentheticals(line));
    // 提出以下几点修改建议 → 提出以下: drop what may follow 如下/以下/下列.
    loop {
        let before = core.len();
        for tail in ["意见", "建议", "修改", "具体", "的", "供参考"] {
            if let Some(rest) = core.strip_suffix(tail) {
                core = rest.to_string();
            }
        }
        // 两点, 几点, 3点.
        if let Some(rest) = core.strip_suffix('点')
            && rest
                .ends_with(|c: char| "一二两三四五六七八九十几".contains(c) || c.is_ascii_digit())
        {
            let cut = rest.char_indices().last().map_or(0, |(i, _)| i);
            core = rest.get(..cut).unwrap_or("").to_string();
        }
        if core.len() == before {
            break;
        }
    }
    ["如下", "以下", "下列"].iter().any(|e| core.ends_with(e))
        && core.chars().count() <= 40
        && numbering::clause_refs(line).is_empty()
}

/// `反馈人：张三（市发改委）`, `联系人：李四（苏州市教育局）` → the unit in brackets.
fn person_unit(line: &str) -> Option<String> {
    let rest = ["反馈人", "联系人", "经办人", "填报人", "填表人"]
        .iter()
        .find_map(|k| line.strip_prefix(k))?;
    let rest = rest.trim_start().strip_prefix(['：', ':'])?;
    let open = rest.find(['（', '('])?;
    let inner = rest.get(open..)?.trim_start_matches(['（', '(']);
    let close = inner.find(['）', ')'])?;
    let name = trim(inner.get(..close)?);
    is_unit_name(name).then(|| name.to_string())
}

/// A line with （…） and (…) asides removed: 反馈如下（详见附件）→ 反馈如下.
fn without_parentheticals(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `（盖章）`, `（此页无正文）`.
fn is_seal(line: &str) -> bool {
    let core = strip_punct(line);
    ["盖章", "印章", "此页无正文", "公章"].contains(&core.as_str())
}

/// `黎晓婷同志`, `张主任`, `王处长`: a person addressed by name and title.
fn is_person(name: &str) -> bool {
    const TITLES: [&str; 12] = [
        "同志", "先生", "女士", "主任", "处长", "科长", "局长", "老师", "部长", "书记", "领导",
        "经理",
    ];
    let count = name.chars().count();
    (2..=8).contains(&count)
        && name.chars().all(is_cjk_char)
        && TITLES.iter().any(|t| name.ends_with(t))
}

fn is_cjk_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// `一、总体意见`, `二、具体修改意见`: headings over the opinions.
fn is_section_heading(line: &str) -> bool {
    let rest = match numbering::clause_label(line) {
        Some(label) => line.get(label.len..).unwrap_or(""),
        None => line,
    };
    const HEADINGS: [&str; 10] = [
        "总体意见",
        "具体意见",
        "具体修改意见",
        "具体建议",
        "意见建议",
        "修改建议",
        "其他意见",
        "一般性意见",
        "主要意见",
        "有关意见",
    ];
    HEADINGS.contains(&strip_punct(rest).as_str())
}

/// `抄送：…`, `抄报：…`, `印发：…` — the distribution lines of a letter.
fn is_distribution(line: &str) -> bool {
    ["抄送", "抄报", "主送", "印发", "发送"].iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
    })
}

/// Praise that is not a proposal: 该政策措施针对性强、切实可行.
fn is_praise(segment: &str) -> bool {
    const PRAISE: [&str; 16] = [
        "针对性强",
        "切实可行",
        "可操作性强",
        "操作性强",
        "科学合理",
        "符合实际",
        "内容全面",
        "很有必要",
        "十分必要",
        "措施有力",
        "思路清晰",
        "结构合理",
        "较为完善",
        "比较完善",
        "总体可行",
        "务实可行",
    ];
    const NOT: [&str; 10] = ["不", "未", "欠", "缺", "但", "需", "应", "建议", "请", "第"];
    PRAISE.iter().any(|p| segment.contains(p)) && !NOT.iter().any(|n| segment.contains(n))
}

/// `你好！`, `您好：`.
fn is_greeting(line: &str) -> bool {
    ["你好", "您好", "各位好", "领导好", "大家好"].contains(&strip_punct(line).as_str())
}

/// `反馈单位：市市场监管局`, `填报单位（盖章）：…` — the sender, not an opinion.
fn is_label(line: &str) -> bool {
    super::docx_reply::unit_value(line).is_some()
        || [
            "填报日期",
            "反馈日期",
            "填报人",
            "填表人",
            "反馈人",
            "审核人",
            "负责人",
            "签发人",
            "日期",
        ]
        .iter()
        .any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start().starts_with(['：', ':']))
        })
}

/// `见附件。`, `详见附件`, `意见见附件`, `请查收`, `附件：反馈意见.docx`.
fn is_attachment_note(line: &str) -> bool {
    let core = strip_punct(line);
    [
        "见附件",
        "详见附件",
        "意见见附件",
        "具体意见见附件",
        "请查收",
        "请查阅",
        "请见附件",
        "附件请查收",
    ]
    .contains(&core.as_str())
        || line.starts_with("附件：")
        || line.starts_with("附件:")
}

/// The sender and the rest of a title: `市交通运输局关于…的意见`,
/// `市交通运输局对《…》的意见`; the sender is empty for `关于…的意见`.
fn title_sender(core: &str) -> Option<(&str, &str)> {
    if let Some(at) = core.find("关于") {
        return Some((core.get(..at)?, core.get(at..)?));
    }
    // 市大数据集团反馈意见, 市外办的意见, 市发改委反馈意见表.
    for end in [
        "征求意见反馈表",
        "的反馈意见表",
        "反馈意见表",
        "的意见反馈表",
        "意见反馈表",
        "的意见表",
        "意见表",
        "的反馈意见",
        "反馈意见",
        "的修改意见",
        "修改意见",
        "的意见",
        "意见",
        "的复函",
        "复函",
    ] {
        if let Some(sender) = core.strip_suffix(end)
            && is_unit_name(sender)
            && !sender.starts_with(['我', '本', '该'])
        {
            return Some((sender, core.get(sender.len()..)?));
        }
    }
    // 对…的意见: the sender before 对 must be a unit's name.
    let at = core.find('对')?;
    let sender = core.get(..at)?;
    let title = core.get(at..)?;
    let is_title = title.contains("的") && !title.contains("无");
    (!sender.is_empty()
        && is_unit_name(sender)
        && !sender.starts_with(['我', '本', '该'])
        && is_title)
        .then_some((sender, title))
}

/// Names a letter gives for its sender besides the signature: a
/// `反馈单位：` / `填报单位：` line and the title line's sender.
pub fn sender_lines(body: &str, body_line: usize) -> Vec<(String, NameSource, Option<usize>)> {
    let mut names = Vec::new();
    let mut seen_content = 0;
    for (i, raw) in body.lines().enumerate() {
        let line = trim(raw);
        if line.is_empty() {
            continue;
        }
        let at = Some(i + body_line);
        if let Some(name) = super::docx_reply::unit_value(line) {
            names.push((name, NameSource::Label, at));
            continue;
        }
        if let Some(name) = person_unit(line) {
            names.push((name, NameSource::Label, at));
            continue;
        }
        seen_content += 1;
        if seen_content <= 3 && is_title(line) {
            let core = strip_punct(&strip_brackets(line));
            if let Some((sender, _)) = title_sender(&core)
                && !sender.is_empty()
            {
                names.push((sender.to_string(), NameSource::Title, at));
            }
        }
    }
    names
}

/// A line with 《…》 titles removed (so that 对 inside a title is not read).
fn strip_brackets(line: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in line.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Names a letter gives for its sender: a lone `单位名：` first line and the
/// signature line above the closing date (contact and seal lines skipped).
pub fn letter_names(body: &str, body_line: usize) -> Vec<(String, NameSource, Option<usize>)> {
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (i + body_line, trim(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut names = Vec::new();
    if let Some((line, first)) = lines.first()
        && let Some(name) = first.strip_suffix('：').or_else(|| first.strip_suffix(':'))
        && is_name_like(name)
    {
        names.push((name.to_string(), NameSource::Letter, Some(*line)));
    }
    // A signature put at the top, above the date (苏州市教育局 / 2023年5月25日).
    if let [(line, first), (_, second), ..] = lines.as_slice()
        && is_signature(first)
        && is_date(second)
    {
        names.push((
            strip_seal(first).to_string(),
            NameSource::Letter,
            Some(*line),
        ));
    }
    let mut tail = lines.iter().rev().skip_while(|(_, l)| {
        is_date(l) || is_contact(l) || is_seal(l) || is_label(l) || is_distribution(l)
    });
    if let Some((line, sig)) = tail.next() {
        if let Some(parts) = joint_parts(strip_seal(without_date(sig))) {
            names.extend(
                parts
                    .into_iter()
                    .map(|p| (p, NameSource::Joint, Some(*line))),
            );
            return names;
        }
        // Signature, date and contact in one paragraph: the signature part.
        let sig = if is_furniture_parts(sig) {
            sig.split(|c: char| c.is_whitespace() || c == '\u{3000}')
                .find(|p| is_signature(p))
                .unwrap_or(sig)
        } else {
            sig
        };
        let sig = strip_seal(without_date(sig));
        if is_name_like(sig) {
            // A second signature line just above: a joint signature.
            if let Some((above_line, above)) = tail.next()
                && *above_line + 1 == *line
                && is_signature(above)
                && is_name_like(strip_seal(above))
                && !above.ends_with(['：', ':'])
            {
                names.push((
                    strip_seal(above).to_string(),
                    NameSource::Joint,
                    Some(*above_line),
                ));
                names.push((sig.to_string(), NameSource::Joint, Some(*line)));
            } else {
                names.push((sig.to_string(), NameSource::Letter, Some(*line)));
            }
        }
    }
    names
}

/// A joint signature written with 、 on one line (`苏州市工业和信息化局、
/// 苏州市统计局`, a date or seal note after it allowed): two or more unit
/// names and nothing else. Letter furniture where it closes the letter
/// (the caller checks what follows); names joined by white space are
/// furniture anywhere ([`is_furniture`]).
pub fn is_joint_signature(line: &str) -> bool {
    line.contains('、') && joint_parts(strip_seal(without_date(trim(line)))).is_some()
}

/// `市卫健委　市文广旅局`, `市卫健委、市文广旅局` → both names (two or
/// more unit names on one signature line); `None` otherwise.
fn joint_parts(sig: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = sig
        .split(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '、')
        .filter(|p| !p.is_empty())
        .map(strip_seal)
        .collect();
    (parts.len() >= 2 && parts.iter().all(|p| is_name_like(p) && is_signature(p)))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// `苏州市教育局　2023年5月25日` → `苏州市教育局` (a date after the name).
/// The cut is the first white space after which the rest `is_date`; the
/// rests are read in one pass from the end (not one `is_date` each), so a
/// long line of many spaces stays linear.
fn without_date(line: &str) -> &str {
    let mut rest = DateTail::default();
    let mut cut = None;
    for (i, c) in line.char_indices().rev() {
        if c.is_whitespace() || c == '\u{3000}' {
            if rest.is_date() {
                cut = Some(i);
            }
        } else {
            rest.prepend(c);
        }
    }
    match cut {
        Some(i) => trim(line.get(..i).unwrap_or(line)),
        None => line,
    }
}

/// What `is_date` asks of a text, kept for a growing end of a line (its
/// characters other than white space, prepended one at a time).
#[derive(Default)]
struct DateTail {
    /// A character other than a bracket has been seen (so later brackets
    /// are no longer trimmed off the end).
    core_started: bool,
    /// Characters neither of a date nor a bracket.
    others: usize,
    /// Brackets inside the core, and how many of them lead it.
    brackets: usize,
    leading_brackets: usize,
    nian: bool,
    yue: bool,
    separators: usize,
    digits: usize,
}

impl DateTail {
    fn prepend(&mut self, c: char) {
        let bracket = matches!(c, '（' | '）' | '(' | ')');
        if !self.core_started && bracket {
            return;
        }
        self.core_started = true;
        if bracket {
            self.brackets += 1;
            self.leading_brackets += 1;
            return;
        }
        self.leading_brackets = 0;
        if is_date_numeral(c) {
            self.digits += 1;
        } else if matches!(c, '-' | '.' | '/') {
            self.separators += 1;
        } else if c == '年' {
            self.nian = true;
        } else if c == '月' {
            self.yue = true;
        } else if !matches!(c, '日' | '号') {
            self.others += 1;
        }
    }

    /// Same answer as `is_date` on the text prepended so far.
    fn is_date(&self) -> bool {
        self.others == 0
            && self.brackets == self.leading_brackets
            && ((self.nian && self.yue) || self.separators == 2)
            && self.digits >= 4
    }
}

fn is_date_numeral(c: char) -> bool {
    c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c)
}

/// `苏州市工业和信息化局（盖章）` → `苏州市工业和信息化局`.
fn strip_seal(line: &str) -> &str {
    ["（盖章）", "(盖章)", "（章）", "(章)"]
        .iter()
        .find_map(|s| line.strip_suffix(s))
        .map_or(line, trim)
}

fn is_name_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !s.contains(['。', '，', '；', '、', '“', '”', '：', ':'])
        && !STATEMENT_WORDS.iter().any(|w| s.contains(w))
}

/// Words of a statement, never of a body's name: a last line “无修改意见”
/// is what the letter says, not who signed it.
const STATEMENT_WORDS: [&str; 5] = ["意见", "同意", "建议", "异议", "修改"];

/// Courtesy inside a sentence: an acknowledgement (…收悉, 来函收悉), a
/// lead-in (经研究, 现将意见反馈如下：, 提出如下意见：), a closing (特此函复)
/// or thanks. Removed with the punctuation after it; what is left is
/// returned (empty when the line was nothing else).
pub fn strip_courtesy(line: &str) -> String {
    let mut out = String::new();
    for segment in segments(line) {
        if !is_courtesy(&segment) {
            out.push_str(&segment);
        }
    }
    trim(&out).to_string()
}

/// A line cut after each ，。；！：, outside quotes, punctuation kept.
fn segments(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in line.chars() {
        current.push(c);
        match c {
            '“' | '《' | '「' | '（' | '(' => depth += 1,
            '”' | '》' | '」' | '）' | ')' => depth = (depth - 1).max(0),
            '，' | '。' | '；' | '！' | '：' | ',' | ';' | ':' if depth == 0 => {
                out.push(std::mem::take(&mut current));
            }
            _ => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether one segment is only courtesy.
fn is_courtesy(segment: &str) -> bool {
    let core = strip_punct(segment);
    if core.is_empty() {
        return false;
    }
    let count = core.chars().count();
    let acknowledgement = ["收悉", "已收悉", "已收到", "收到"]
        .iter()
        .any(|e| core.ends_with(e))
        && !core.contains("建议")
        && count <= 80;
    const LEADS: [&str; 14] = [
        "经认真研读",
        "经研读",
        "经研究",
        "经认真研究",
        "经我局研究",
        "经我委研究",
        "经我办研究",
        "经我单位研究",
        "经审阅",
        "经认真审阅",
        "经审核",
        "经认真审核",
        "经征求相关处室意见",
        "经研究讨论",
    ];
    let lead = LEADS.contains(&core.as_str());
    let thanks = (core.starts_with("感谢") || core.starts_with("谢谢")) && count <= 20;
    // 我单位已认真学习该文件 / 认真阅读了征求意见稿.
    let studied = ["学习", "研究", "阅读", "审阅", "研读"]
        .iter()
        .any(|w| core.contains(w))
        && ["文件", "该稿", "征求意见稿", "来函", "政策", "草案"]
            .iter()
            .any(|w| core.contains(w))
        && !["建议", "第", "但", "应", "需"]
            .iter()
            .any(|w| core.contains(w))
        && count <= 30;
    let closing = is_closing(segment) && count <= 10;
    acknowledgement
        || studied
        || lead
        || thanks
        || closing
        || is_intro(segment)
        || is_greeting(segment)
        || is_praise(segment)
        || is_attachment_pointer(&core)
        || is_person(&core)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-`is_date`-per-space definition `without_date` replaces.
    fn without_date_by_search(line: &str) -> &str {
        let cut = line
            .char_indices()
            .filter(|&(_, c)| c.is_whitespace() || c == '\u{3000}')
            .map(|(i, _)| i)
            .find(|&i| is_date(trim(line.get(i..).unwrap_or(""))));
        match cut {
            Some(i) => trim(line.get(..i).unwrap_or(line)),
            None => line,
        }
    }

    #[test]
    fn without_date_cuts_where_searching_each_space_cuts() {
        let lines = [
            "苏州市教育局　2023年5月25日",
            "苏州市教育局 2023 年 5 月 25 日",
            "苏州市教育局 （2023年5月25日）",
            "苏州市教育局 (2023-05-25)",
            "苏州市教育局 2023.5.25 (盖章)",
            "苏州市教育局 （ 2023年5月25日",
            "苏州市教育局 2023年(5)月25日",
            "苏州市教育局 2023/05/25/01",
            "苏州市教育局 2023 05 年 月 ",
            "a 1 2 3 4 年 月",
            "（ （ 2023年5月25日 ） ）",
            "2023年5月 25日 附件",
            "单位 十二 年 三 月",
            "",
            "  ",
        ];
        for line in lines {
            assert_eq!(without_date(line), without_date_by_search(line), "{line:?}");
        }
    }

    #[test]
    fn without_date_is_linear_in_a_long_line_of_spaces() {
        // 200 000 spaces between digits: one is_date per space was
        // quadratic (an HTML reply of unclosed tags took 38 s at 125 KB).
        let line = format!("苏州市教育局{}年5月25日", " 1".repeat(200_000));
        assert_eq!(without_date(&line), "苏州市教育局");
        let line = format!("苏州市教育局{}", " 建议".repeat(200_000));
        assert_eq!(without_date(&line), line);
    }

    #[test]
    fn courtesy_inside_a_sentence_is_removed() {
        for (line, left) in [
            ("来函收悉，我局无修改意见。", "我局无修改意见。"),
            (
                "你局《关于征求〈若干政策〉意见的函》（苏科函〔2023〕58号）收悉。经研究，提出如下意见：",
                "",
            ),
            (
                "经研究，建议第五条增加市人社局为责任单位。",
                "建议第五条增加市人社局为责任单位。",
            ),
            ("您好！我办对征求意见稿无意见。", "我办对征求意见稿无意见。"),
            (
                "我局认为该政策措施针对性强、切实可行，无修改意见。",
                "无修改意见。",
            ),
            ("经研究，我局提出以下几点修改建议：", ""),
            ("来函收悉，建议删除“原则上”。", "建议删除“原则上”。"),
        ] {
            assert_eq!(strip_courtesy(line), left, "{line}");
        }
    }

    #[test]
    fn letter_parts_are_furniture_and_opinions_are_not() {
        for line in [
            "苏州市农业农村局关于《若干政策（征求意见稿）》的复函",
            "市交通运输局对《若干政策（征求意见稿）》的意见",
            "市大数据集团反馈意见",
            "市科技局：",
            "黎晓婷同志：",
            "特此函复。",
            "以上意见，请酌。",
            "二〇二三年五月二十五日",
            "（联系人：周敏，电话：68888001）",
            "（此页无正文）",
            "反馈单位：市市场监管局",
            "一、总体意见",
            "抄送：市财政局",
            "见附件。",
            "苏州市农业农村局 2023年5月24日 （联系人：周敏，电话：68888001）",
        ] {
            assert!(is_furniture(line), "{line}");
        }
        for line in [
            "我委对该稿无修改意见。",
            "建议第五条增加市人社局为责任单位。",
            "第七条“市交通局”修改为“市交通运输局”。",
            "关于第三条的意见：建议删除。",
        ] {
            assert!(!is_furniture(line), "{line}");
        }
    }

    #[test]
    fn senders_from_labels_titles_and_signatures() {
        let body = "市交通运输局对《若干政策》的意见\n填报单位：苏州市交通运输局\n无意见。\n苏州市交通运输局（盖章）\n2023年5月25日\n联系人：张三\n抄送：市财政局\n";
        let mut names: Vec<(String, NameSource)> = sender_lines(body, 1)
            .into_iter()
            .chain(letter_names(body, 1))
            .map(|(n, s, _)| (n, s))
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            names,
            [
                ("市交通运输局".to_string(), NameSource::Title),
                ("苏州市交通运输局".to_string(), NameSource::Label),
                ("苏州市交通运输局".to_string(), NameSource::Letter),
            ]
        );
        let top = letter_names("苏州市教育局\n2023年5月25日\n\n市科技局：\n无意见。\n", 1);
        assert_eq!(top.first().map(|n| n.0.as_str()), Some("苏州市教育局"));
    }
}
