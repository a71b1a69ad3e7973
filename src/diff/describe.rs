//! Words for an entry of a diff, shared by the renderers: its heading
//! (`第5条`, `clause 5 → 6`, `序言`) and its deltas in plain language
//! (the 修改说明 of the 修改对照表).

use crate::i18n::tr;
use crate::t;

use super::model::{Change, ClauseDiff, Part, format_wan};

/// 1 → 一, 12 → 十二, 105 → 一百零五 (up to 9999).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    if n < 10 {
        return digit(n).to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n.is_multiple_of(10) {
                ""
            } else {
                digit(n % 10)
            }
        );
    }
    let mut out = String::new();
    let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut zero = false;
    let mut started = false;
    for (value, name) in units {
        let d = n / value % 10;
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push_str(digit(d));
        out.push_str(name);
        started = true;
    }
    out
}

/// The name of a part in Chinese (official documents).
fn part_zh(part: Part) -> &'static str {
    match part {
        Part::Title => "标题",
        Part::Preamble => "序言",
        Part::Clause => "条款",
        Part::Section => "小标题",
        Part::Closing => "结尾",
        Part::Paragraph => "段落",
    }
}

/// The name of a part in the process language.
fn part_local(part: Part) -> &'static str {
    match part {
        Part::Title => tr("标题", "title"),
        Part::Preamble => tr("序言", "preamble"),
        Part::Clause => tr("条款", "clause"),
        Part::Section => tr("小标题", "section heading"),
        Part::Closing => tr("结尾", "closing"),
        Part::Paragraph => tr("段落", "paragraph"),
    }
}

/// `第五条`, `第五条（原第四条）`, `原第六条` — for official documents.
pub fn heading_zh(c: &ClauseDiff<'_>) -> String {
    let art = |n: u32| format!("第{}条", chinese_number(n));
    match (c.from_number, c.to_number) {
        (Some(a), Some(b)) if a == b => art(b),
        (Some(a), Some(b)) => format!("{}（原{}）", art(b), art(a)),
        (None, Some(b)) => art(b),
        (Some(a), None) => format!("原{}", art(a)),
        (None, None) => part_zh(c.part).to_string(),
    }
}

/// `第5条`, `第5条 → 第6条`, `clause 5 → 6`, `preamble` — for people.
pub fn heading_local(c: &ClauseDiff<'_>) -> String {
    let one = |n: u32| t!("第{}条", "clause {}", n);
    match (c.from_number, c.to_number) {
        (Some(a), Some(b)) if a == b => one(b),
        (Some(a), Some(b)) => t!("第{}条 → 第{}条", "clause {} → {}", a, b),
        (None, Some(b)) => one(b),
        (Some(a), None) => one(a),
        (None, None) => part_local(c.part).to_string(),
    }
}

/// The deltas of an entry as short lines in the process language.
pub fn delta_lines(c: &ClauseDiff<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let list = |v: &[&str]| v.join(tr("、", ", "));
    if !c.units_added.is_empty() || !c.units_removed.is_empty() {
        out.push(t!(
            "责任单位：{}",
            "responsible units: {}",
            plus_minus(&c.units_added, &c.units_removed)
        ));
    }
    if c.funding_changed() {
        out.push(t!(
            "新增资金：{} → {} 万元",
            "funding: {} → {} (10k yuan)",
            wan_or_dash(c.funding_from_wan),
            wan_or_dash(c.funding_to_wan)
        ));
    }
    if !c.sources_added.is_empty() || !c.sources_removed.is_empty() {
        out.push(t!(
            "政策来源：{}",
            "sources: {}",
            plus_minus(&c.sources_added, &c.sources_removed)
        ));
    }
    if !c.opinions.is_empty() {
        out.push(t!(
            "依据意见：{}",
            "opinions: {}",
            list(&c.opinions.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    out
}

fn plus_minus(added: &[&str], removed: &[&str]) -> String {
    let mut parts: Vec<String> = added.iter().map(|u| format!("+{u}")).collect();
    parts.extend(removed.iter().map(|u| format!("-{u}")));
    parts.join(" ")
}

fn wan_or_dash(v: Option<f64>) -> String {
    v.map(format_wan).unwrap_or_else(|| "—".to_string())
}

/// The 修改说明 of an entry (always Chinese).
pub fn explanation_zh(c: &ClauseDiff<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    match c.change {
        Change::Inserted => parts.push(format!(
            "新增{}",
            if c.part == Part::Clause {
                "条款"
            } else {
                part_zh(c.part)
            }
        )),
        Change::Deleted => parts.push(format!(
            "删除{}",
            if c.part == Part::Clause {
                "条款"
            } else {
                part_zh(c.part)
            }
        )),
        Change::Moved => {
            let from = c
                .from_number
                .map(|n| format!("（原第{}条）", chinese_number(n)))
                .unwrap_or_default();
            parts.push(format!("调整条款位置{from}"));
        }
        Change::Unchanged if c.renumbered() => parts.push("条款序号调整".to_string()),
        _ => {}
    }
    if !c.units_added.is_empty() {
        parts.push(format!("责任单位增加{}", c.units_added.join("、")));
    }
    if !c.units_removed.is_empty() {
        parts.push(format!("责任单位删除{}", c.units_removed.join("、")));
    }
    if c.funding_changed() && c.change != Change::Inserted && c.change != Change::Deleted {
        parts.push(format!(
            "新增资金测算由{}调整为{}",
            wan_or_none_zh(c.funding_from_wan),
            wan_or_none_zh(c.funding_to_wan)
        ));
    }
    if !c.sources_added.is_empty() {
        parts.push(format!("政策来源增加{}", c.sources_added.join("、")));
    }
    if !c.sources_removed.is_empty() {
        parts.push(format!("政策来源删除{}", c.sources_removed.join("、")));
    }
    let only_deltas = !c.has_deltas() || wording_changed_beyond_deltas(c);
    if matches!(c.change, Change::Modified | Change::Moved) && c.text_changed() && only_deltas {
        parts.push("文字修改".to_string());
    }
    if !c.opinions.is_empty() {
        parts.push(format!("依据意见 {}", c.opinions.join("、")));
    }
    if parts.is_empty() {
        parts.push("无修改".to_string());
    }
    parts.join("；")
}

fn wan_or_none_zh(v: Option<f64>) -> String {
    v.map(|x| format!("{}万元", format_wan(x)))
        .unwrap_or_else(|| "无".to_string())
}

/// Whether the text changed in places the deltas do not explain: some
/// inserted or deleted text that is not a unit, source or amount.
fn wording_changed_beyond_deltas(c: &ClauseDiff<'_>) -> bool {
    use super::model::Op;
    let explained: Vec<&str> = c
        .units_added
        .iter()
        .chain(&c.units_removed)
        .chain(&c.sources_added)
        .chain(&c.sources_removed)
        .copied()
        .collect();
    c.segments.iter().filter(|s| s.op != Op::Equal).any(|s| {
        let core = s
            .text
            .trim_matches(|ch: char| "、，,；;".contains(ch) || ch.is_whitespace());
        let in_funding_line = core.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
        !core.is_empty() && !in_funding_line && !explained.iter().any(|e| e.contains(core))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 5, 10, 11, 20, 21, 100, 105, 110, 1001]
            .iter()
            .map(|&n| chinese_number(n))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "五",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零五",
                "一百一十",
                "一千零一"
            ]
        );
    }
}
