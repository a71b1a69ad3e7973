//! Words for an entry of a diff, shared by the renderers: its heading
//! (`第5条`, `clause 5 → 6`, `序言`) and its deltas in plain language
//! (the 修改说明 of the 修改对照表).

use crate::i18n::tr;
use crate::t;

use crate::clause_style::ClauseStyle;

use super::model::{Change, ClauseDiff, Part, format_wan};

/// 1 → 一, 12 → 十二, 105 → 一百零五, 10 001 → 一万零一, 12 300 → 一万二千三百
/// (up to 99 999 999; larger numbers in Arabic digits).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if (10_000..100_000_000).contains(&n) {
        let (high, low) = (n / 10_000, n % 10_000);
        let low = match low {
            0 => String::new(),
            // 一万零一十五: the 十 keeps its 一 after 零.
            10..=19 => format!("零一{}", chinese_number(low)),
            1..=999 => format!("零{}", chinese_number(low)),
            _ => chinese_number(low),
        };
        return format!("{}万{low}", chinese_number(high));
    }
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

/// The citation style of an entry: as its clause is labelled (the new
/// one, else the old one).
pub fn style(c: &ClauseDiff<'_>) -> ClauseStyle {
    c.new
        .or(c.old)
        .map(|u| ClauseStyle::of_label(u.label()))
        .unwrap_or_default()
}

/// `第五条`, `第五条（原第四条）`, `原第六条` — for official documents,
/// in the draft's own style (第5条 for a draft numbered 5.).
pub fn heading_zh(c: &ClauseDiff<'_>) -> String {
    let style = style(c);
    let art = |n: u32| style.cite(n);
    match (c.from_number, c.to_number) {
        (Some(a), Some(b)) if a == b => art(b),
        (Some(a), Some(b)) => format!("{}（原{}）", art(b), art(a)),
        (None, Some(b)) => art(b),
        (Some(a), None) => format!("原{}", art(a)),
        (None, None) => part_zh(c.part).to_string(),
    }
}

/// `第5条`, `第五条 → 第六条`, `clause 5 → 6`, `preamble` — for people,
/// in the draft's own style.
pub fn heading_local(c: &ClauseDiff<'_>) -> String {
    let style = style(c);
    let one = |n: u32| style.cite_local(n);
    match (c.from_number, c.to_number) {
        (Some(a), Some(b)) if a == b => one(b),
        (Some(a), Some(b)) => match crate::i18n::lang() {
            crate::i18n::Lang::Zh => format!("{} → {}", style.cite(a), style.cite(b)),
            _ => format!("clause {a} → {b}"),
        },
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
                .map(|n| format!("（原{}）", style(c).cite(n)))
                .unwrap_or_default();
            parts.push(format!("调整条款位置{from}"));
        }
        Change::Unchanged if c.renumbered() => parts.push("条款序号调整".to_string()),
        _ => {}
    }
    let whole = matches!(c.change, Change::Inserted | Change::Deleted);
    if whole {
        // A whole clause in or out: its deltas are its contents.
        if let (Change::Inserted, Some(wan)) = (c.change, c.funding_to_wan) {
            parts.push(format!("新增资金测算{}万元", format_wan(wan)));
        }
        // A deleted clause takes its funding out of the total: said, as an
        // inserted one's is (tester7).
        if let (Change::Deleted, Some(wan)) = (c.change, c.funding_from_wan)
            && wan != 0.0
        {
            parts.push(format!("相应减少新增资金测算{}万元", format_wan(wan)));
        }
    } else {
        if !c.units_added.is_empty() {
            parts.push(format!("责任单位增加{}", c.units_added.join("、")));
        }
        if !c.units_removed.is_empty() {
            parts.push(format!("责任单位删除{}", c.units_removed.join("、")));
        }
        if c.funding_changed() {
            parts.push(format!(
                "新增资金测算由{}调整为{}",
                wan_or_none_zh(c.funding_from_wan),
                wan_or_none_zh(c.funding_to_wan)
            ));
        }
        match (c.sources_removed.as_slice(), c.sources_added.as_slice()) {
            // One source for another (a new year's 文号): one replacement.
            ([was], [now]) => parts.push(format!("政策来源由{was}改为{now}")),
            (removed, added) => {
                if !added.is_empty() {
                    parts.push(format!("政策来源增加{}", added.join("、")));
                }
                if !removed.is_empty() {
                    parts.push(format!("政策来源删除{}", removed.join("、")));
                }
            }
        }
    }
    if matches!(c.change, Change::Modified | Change::Moved) && c.text_changed() {
        parts.extend(wording_zh(c));
    }
    if !c.opinion_notes.is_empty() {
        parts.push(c.opinion_notes.join("；"));
    } else if !c.opinions.is_empty() {
        parts.push(format!("依据意见 {}", c.opinions.join("、")));
    }
    if parts.is_empty() {
        parts.push("无修改".to_string());
    }
    parts.join("；")
}

/// The format changes of a diff: the texts' wording is the same but the
/// clause labels are written another way (第一条 → 第1条, → 1.), or white
/// space or full-/half-width punctuation differ.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatChanges {
    /// Clauses whose label is written another way, and the first such
    /// label before and after (`第一条`, `第1条`).
    pub relabelled: usize,
    pub example: Option<(String, String)>,
    /// Clauses whose texts differ only in white space or widths.
    pub spacing: usize,
}

impl FormatChanges {
    /// The format changes among the entries of `diff`.
    pub fn of<'a>(diff: &super::model::DraftDiff<'a>) -> FormatChanges {
        let mut out = FormatChanges::default();
        for c in &diff.clauses {
            let (Some(o), Some(n)) = (c.old, c.new) else {
                continue;
            };
            let (from, to) = (o.label().trim(), n.label().trim());
            let relabelled = c.part == Part::Clause && label_shape(from) != label_shape(to);
            if relabelled {
                out.relabelled += 1;
                out.example
                    .get_or_insert_with(|| (from.to_string(), to.to_string()));
            }
            // The space after a label rewritten goes with the label.
            let body = |u: &'a super::units::Unit| match relabelled {
                true => u.body().trim_start_matches(crate::draft::is_space),
                false => u.body(),
            };
            if body(o) != body(n) && super::model::same_wording(o.body(), n.body()) {
                out.spacing += 1;
            }
        }
        out
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.relabelled == 0 && self.spacing == 0
    }

    /// In Chinese (official papers): 条款序号写法由“第一条”改为“第1条”（3条）；
    /// 空格或全半角标点调整（2条）. Empty when there are none.
    pub fn zh(&self) -> String {
        let mut parts = Vec::new();
        if let Some((from, to)) = &self.example {
            parts.push(format!(
                "条款序号写法由“{from}”改为“{to}”（{}条）",
                self.relabelled
            ));
        }
        if self.spacing > 0 {
            parts.push(format!("空格或全半角标点调整（{}条）", self.spacing));
        }
        parts.join("；")
    }

    /// In the process language: as [`zh`](Self::zh) in Chinese.
    pub fn local(&self) -> String {
        if crate::i18n::lang() == crate::i18n::Lang::Zh {
            return self.zh();
        }
        let clauses = |n: usize| format!("{n} clause{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if let Some((from, to)) = &self.example {
            parts.push(format!(
                "the clause numbering style changed from “{from}” to “{to}” ({})",
                clauses(self.relabelled)
            ));
        }
        if self.spacing > 0 {
            parts.push(format!(
                "white space or full-/half-width punctuation changed ({})",
                clauses(self.spacing)
            ));
        }
        parts.join("; ")
    }
}

/// A label with its number made one digit: 第一条 and 第十二条 → 第九条,
/// 第1条 → 第9条, 12. → 9., 三、 → 九、 — two labels of one style have
/// one shape.
fn label_shape(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut last = None;
    for c in label.chars() {
        let class = if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            Some('9')
        } else if "零〇一二三四五六七八九十百千两".contains(c) {
            Some('九')
        } else {
            None
        };
        match class {
            Some(k) if last == Some(k) => {}
            Some(k) => out.push(k),
            None => out.push(c),
        }
        last = class;
    }
    out
}

fn wan_or_none_zh(v: Option<f64>) -> String {
    v.map(|x| format!("{}万元", format_wan(x)))
        .unwrap_or_else(|| "无".to_string())
}

/// An edit inside a clause: byte ranges in the old and the new text.
struct Edit {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// The edits of an entry (each run of deleted and inserted segments).
fn edits(c: &ClauseDiff<'_>) -> Vec<Edit> {
    use super::model::Op;
    let mut out: Vec<Edit> = Vec::new();
    let (mut o, mut n) = (0usize, 0usize);
    let mut open = false;
    for s in &c.segments {
        let len = s.text.len();
        match s.op {
            Op::Equal => {
                o += len;
                n += len;
                open = false;
                continue;
            }
            Op::Delete => o += len,
            Op::Insert => n += len,
        }
        match out.last_mut() {
            Some(e) if open => {
                e.old.end = o;
                e.new.end = n;
            }
            _ => {
                let (os, ns) = match s.op {
                    Op::Delete => (o - len, n),
                    _ => (o, n - len),
                };
                out.push(Edit {
                    old: os..o,
                    new: ns..n,
                });
            }
        }
        open = true;
    }
    out
}

/// The line of `text` around byte `at`.
fn line_at(text: &str, at: usize) -> &str {
    let start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map(|i| at + i)
        .unwrap_or(text.len());
    text.get(start..end).unwrap_or_default()
}

/// Whether byte `at` of `text` lies inside a `（责任单位：…）` (or a
/// `（牵头单位：…；配合单位：…）`, any unit list the draft parser reads).
fn in_units(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    match crate::draft::units_places(before).last().copied() {
        Some(i) => !closed(before.get(i..).unwrap_or_default()),
        None => false,
    }
}

/// Whether `text` closes a bracket it did not open: `市科技局）`, but not
/// `市工信局（牵头）、市发改委` or `各县级市（区）人民政府`.
fn closed(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// Whether the semantic deltas already say what this edit does.
fn explained(c: &ClauseDiff<'_>, e: &Edit, old: &str, new: &str) -> bool {
    let units_changed = !c.units_added.is_empty() || !c.units_removed.is_empty();
    let sources_changed = !c.sources_added.is_empty() || !c.sources_removed.is_empty();
    let check = |text: &str, at: usize| {
        let line = line_at(text, at);
        (c.funding_changed() && line.starts_with("新增资金测算"))
            || (sources_changed && line.starts_with("政策来源"))
            || (units_changed && in_units(text, at))
    };
    // A whole `（责任单位：…）` taken out or put in (revise drops an emptied
    // list with its bracket): the unit counts say it.
    let whole_list = |text: &str, r: &std::ops::Range<usize>| {
        let part = text.get(r.clone()).unwrap_or_default();
        units_changed && part.starts_with(['（', '(']) && crate::draft::units_of(part).is_some()
    };
    let del_ok = e.old.is_empty() || check(old, e.old.start) || whole_list(old, &e.old);
    let ins_ok = e.new.is_empty() || check(new, e.new.start) || whole_list(new, &e.new);
    del_ok && ins_ok
}

fn is_number_char(ch: char) -> bool {
    ch.is_ascii_digit() || ch == '.' || ('０'..='９').contains(&ch)
}

/// Widen an edit that touches a number to the whole number and its unit,
/// so 3→5 in 300万元 reads “300万元”→“500万元”.
fn widen(e: &Edit, old: &str, new: &str) -> (String, String) {
    let del = old.get(e.old.clone()).unwrap_or_default();
    let ins = new.get(e.new.clone()).unwrap_or_default();
    let numeric = del.chars().chain(ins.chars()).any(|ch| ch.is_ascii_digit());
    if !numeric {
        return (del.to_string(), ins.to_string());
    }
    let before = old.get(..e.old.start).unwrap_or_default();
    let after = old.get(e.old.end..).unwrap_or_default();
    let lead_len: usize = before
        .chars()
        .rev()
        .take_while(|ch| is_number_char(*ch))
        .map(char::len_utf8)
        .sum();
    let lead = before.get(before.len() - lead_len..).unwrap_or_default();
    let mut trail_len: usize = after
        .chars()
        .take_while(|ch| is_number_char(*ch))
        .map(char::len_utf8)
        .sum();
    let rest = after.get(trail_len..).unwrap_or_default();
    if let Some(unit) = [
        "万元", "亿元", "元", "%", "％", "倍", "个", "项", "家", "年",
    ]
    .iter()
    .find(|u| rest.starts_with(*u))
    {
        trail_len += unit.len();
    }
    let trail = after.get(..trail_len).unwrap_or_default();
    (format!("{lead}{del}{trail}"), format!("{lead}{ins}{trail}"))
}

/// Edits the deltas do not explain, in words: 将“A”修改为“B”, 增加“X”,
/// 删除“Y”. A long text is quoted by its start (`增加“，奖励资金由市、区两级……”`)
/// and past [`MAX_PHRASES`] the rest are counted (`…等5处文字修改`): the
/// reader still sees what changed (tester7 M6: it said only 文字修改).
fn wording_zh(c: &ClauseDiff<'_>) -> Vec<String> {
    let old = c.old_text();
    let new = c.new_text();
    let label_edit = |e: &Edit| match (c.old, c.new) {
        (Some(o), Some(n)) => e.old.end <= o.label_len() && e.new.end <= n.label_len(),
        _ => false,
    };
    let open: Vec<Edit> = edits(c)
        .into_iter()
        .filter(|e| !label_edit(e) && !explained(c, e, &old, &new))
        .filter(|e| {
            let del = old.get(e.old.clone()).unwrap_or_default();
            let ins = new.get(e.new.clone()).unwrap_or_default();
            !super::model::same_wording(del, ins)
        })
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let phrases: Vec<String> = open
        .iter()
        .map(|e| {
            let (del, ins) = widen(e, &old, &new);
            let (del, ins) = (quote_start(&del), quote_start(&ins));
            match (del.is_empty(), ins.is_empty()) {
                (false, false) => format!("将“{del}”修改为“{ins}”"),
                (true, false) => format!("增加“{ins}”"),
                (false, true) => format!("删除“{del}”"),
                (true, true) => String::new(),
            }
        })
        .filter(|p| !p.is_empty())
        .collect();
    let count = phrases.len();
    let mut shown: Vec<String> = phrases.into_iter().take(MAX_PHRASES).collect();
    if count > MAX_PHRASES
        && let Some(last) = shown.last_mut()
    {
        last.push_str(&format!("等{count}处文字修改"));
    }
    shown
}

/// The wording changes a 修改说明 lists one by one.
const MAX_PHRASES: usize = 3;

/// Characters of a changed text a 修改说明 quotes; a longer one is quoted
/// by its first [`QUOTE_START`] characters (a number at the cut kept
/// whole) and “……”.
const QUOTE_MAX: usize = 20;
const QUOTE_START: usize = 14;

/// `text`, or its start and “……” when it is longer than [`QUOTE_MAX`].
fn quote_start(text: &str) -> String {
    if text.chars().count() <= QUOTE_MAX {
        return text.to_string();
    }
    // At a pause (，、；：) between 8 and QUOTE_MAX characters, else at
    // QUOTE_START characters.
    let pause = text
        .char_indices()
        .take(QUOTE_MAX)
        .skip(8)
        .filter(|&(_, c)| matches!(c, '，' | '、' | '；' | '：'))
        .map(|(i, _)| i)
        .last();
    let mut cut = pause.unwrap_or_else(|| {
        text.char_indices()
            .nth(QUOTE_START)
            .map_or(text.len(), |(i, _)| i)
    });
    // Never inside a number (2024年, 300万元): the digits run on.
    let number = |c: char| c.is_ascii_digit() || matches!(c, '.' | '%' | '％');
    let before_digit = text
        .get(..cut)
        .and_then(|s| s.chars().next_back())
        .is_some_and(number);
    if before_digit {
        cut += text
            .get(cut..)
            .unwrap_or_default()
            .chars()
            .take_while(|&c| number(c))
            .map(char::len_utf8)
            .sum::<usize>();
    }
    if cut >= text.len() {
        return text.to_string();
    }
    format!("{}……", text.get(..cut).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diff::compare::entry;
    use crate::diff::inline::By;
    use crate::diff::units::Unit;

    fn unit(n: u32, body: &str, units: &[&str], wan: f64) -> Unit {
        let mut u = Unit::clause(n, format!("{n}.{body}\n新增资金测算：{wan}万元"));
        u.fields_mut().responsible_units = units.iter().map(|s| s.to_string()).collect();
        u.fields_mut().funding_wan = Some(wan);
        u
    }

    #[test]
    fn explanations() {
        let old = unit(
            4,
            "给予最高300万元资助。（责任单位：市科技局）",
            &["市科技局"],
            1000.0,
        );
        let new = unit(
            4,
            "给予最高500万元资助。（责任单位：市科技局、市人社局）",
            &["市科技局", "市人社局"],
            2000.0,
        );
        let e = entry(Some(&old), Some(&new), false, By::Char);
        assert_eq!(
            explanation_zh(&e),
            "责任单位增加市人社局；新增资金测算由1000万元调整为2000万元；将“300万元”修改为“500万元”"
        );
        let moved = unit(
            7,
            "给予最高300万元资助。（责任单位：市科技局）",
            &["市科技局"],
            1000.0,
        );
        let e = entry(Some(&old), Some(&moved), true, By::Char);
        // A draft numbered 4. is cited 第4条 throughout.
        assert_eq!(explanation_zh(&e), "调整条款位置（原第4条）");
        assert_eq!(heading_zh(&e), "第7条（原第4条）");
        let e = entry(None, Some(&new), false, By::Char);
        assert_eq!(explanation_zh(&e), "新增条款；新增资金测算2000万元");
        let e = entry(Some(&old), None, false, By::Char);
        assert_eq!(explanation_zh(&e), "删除条款；相应减少新增资金测算1000万元");
        assert_eq!(heading_zh(&e), "原第4条");
        let e = entry(Some(&old), Some(&old), false, By::Char);
        assert_eq!(explanation_zh(&e), "无修改");
    }

    /// tester7 M6: four changed amounts, or one long addition, said only
    /// 文字修改; the first three are listed and the rest counted, and a long
    /// text is quoted by its start.
    #[test]
    fn t7_m6_many_or_long_wording_changes_are_still_said() {
        let clause = |s: &str| Unit::clause(1, format!("第一条　{s}"));
        let old = clause("甲给予10万元，乙给予20万元，丙给予30万元，丁给予40万元。");
        let new = clause("甲给予11万元，乙给予21万元，丙给予31万元，丁给予41万元。");
        let e = entry(Some(&old), Some(&new), false, By::Char);
        assert_eq!(
            explanation_zh(&e),
            "将“10万元”修改为“11万元”；将“20万元”修改为“21万元”；将“30万元”修改为“31万元”等4处文字修改"
        );
        let old = clause("本办法自发布之日起施行。");
        let new = clause("本办法自2024年1月1日起施行，有效期至2026年12月31日。");
        let e = entry(Some(&old), Some(&new), false, By::Char);
        assert_eq!(
            explanation_zh(&e),
            "将“发布之日起施行”修改为“2024年1月1日起施行……”"
        );
        assert_eq!(
            quote_start("一二三四五六七八九十一二三四五六七八九十"),
            "一二三四五六七八九十一二三四五六七八九十"
        );
        assert_eq!(
            quote_start("一二三四五六七八九十一二三2024年起至2030年末止的五年内"),
            "一二三四五六七八九十一二三2024……"
        );
    }

    /// tester7: a source replaced by the next year's read as 政策来源增加…；
    /// 政策来源删除…, the addition first; one for one is one replacement.
    #[test]
    fn a_source_replaced_is_one_replacement() {
        let with = |source: &str| {
            let mut u = Unit::clause(3, format!("3.支持研发。\n政策来源：{source}"));
            u.fields_mut().sources = vec![source.to_string()];
            u
        };
        let (old, new) = (with("苏发〔2021〕1号"), with("苏发〔2022〕1号"));
        let e = entry(Some(&old), Some(&new), false, By::Char);
        assert_eq!(
            explanation_zh(&e),
            "政策来源由苏发〔2021〕1号改为苏发〔2022〕1号"
        );
    }

    #[test]
    fn one_clause_style_a_draft_labelled_di_x_tiao_is_cited_so() {
        let old = Unit::clause(4, "第四条　给予支持。".to_string());
        let new = Unit::clause(7, "第七条　给予支持。".to_string());
        let e = entry(Some(&old), Some(&new), true, By::Char);
        assert_eq!(heading_zh(&e), "第七条（原第四条）");
        assert_eq!(explanation_zh(&e), "调整条款位置（原第四条）");
    }

    #[test]
    fn label_shapes_tell_a_numbering_style_change() {
        assert_eq!(label_shape("第一条"), label_shape("第十二条"));
        assert_eq!(label_shape("第1条"), label_shape("第12条"));
        assert_ne!(label_shape("第一条"), label_shape("第1条"));
        assert_ne!(label_shape("第一条"), label_shape("1."));
        assert_eq!(label_shape("三、"), label_shape("十一、"));
        assert_ne!(label_shape("1."), label_shape("1、"));
    }

    #[test]
    fn chinese_numbers_from_wan_up_read_back() {
        for (n, zh) in [
            (10_000, "一万"),
            (10_001, "一万零一"),
            (10_015, "一万零一十五"),
            (10_100, "一万零一百"),
            (12_300, "一万二千三百"),
            (20_000, "二万"),
            (100_000, "十万"),
            (123_456, "十二万三千四百五十六"),
            (99_999_999, "九千九百九十九万九千九百九十九"),
        ] {
            assert_eq!(chinese_number(n), zh);
            assert_eq!(crate::numbering::parse_chinese_numeral(zh), Some(n), "{zh}");
        }
        for n in (1..=120_000).step_by(7) {
            assert_eq!(
                crate::numbering::parse_chinese_numeral(&chinese_number(n)),
                Some(n),
                "{n}"
            );
        }
        for odd in [
            "万",
            "一万二",
            "零万",
            "一万万",
            "一万零",
            "一万一百",
            "十千万",
        ] {
            assert_eq!(crate::numbering::parse_chinese_numeral(odd), None, "{odd}");
        }
    }

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
