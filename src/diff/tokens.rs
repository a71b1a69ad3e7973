//! The units a redline cuts Chinese text into, so that a change reads as a
//! phrase a clerk would mark by hand:
//!
//! - a number with its sign, thousands separators, decimals, percent and
//!   range or ratio (`300`, `-1.5`, `10%～30%`, `1:1`) — one token;
//! - the unit right after a number (`万元`, `元`, `个`, `年`) — one token;
//! - a date (`2023年5月26日`, `5月26日`, `2023-05-26`) — one token;
//! - a title in 《》 — one token;
//! - each organisation's name in a list separated by `、` or `，`
//!   (`市发改委`, `各县级市（区）人民政府<管委会>`) — one token;
//! - a run of Latin letters, a run of white space — one token;
//! - anything else one character at a time, so small edits stay small.
//!
//! Tokens are byte ranges that tile the input exactly.

use std::ops::Range;

use crate::draft::unit_lists::VERBS;

/// Units that may follow a number, longest first where one is a prefix of
/// another.
const UNITS: &[&str] = &[
    "个百分点",
    "平方公里",
    "平方米",
    "立方米",
    "万千瓦",
    "万平方米",
    "万美元",
    "个工作日",
    "工作日",
    "个月",
    "万元",
    "亿元",
    "千元",
    "百万元",
    "万人",
    "万户",
    "周岁",
    "人次",
    "小时",
    "分钟",
    "公里",
    "千米",
    "公顷",
    "美元",
    "元",
    "万",
    "亿",
    "个",
    "年",
    "月",
    "日",
    "天",
    "周",
    "倍",
    "人",
    "名",
    "家",
    "项",
    "項",
    "次",
    "亩",
    "米",
    "台",
    "套",
    "件",
    "岁",
    "户",
    "所",
    "批",
    "条",
    "條",
    "款",
    "期",
    "篇",
    "间",
    "张",
    "座",
    "吨",
    "份",
    "类",
    "级",
    "星",
    "分",
];

/// Ends of a name that make a `，`-separated item an organisation.
const ORG_ENDS: &[&str] = &[
    "局", "委", "办", "部", "厅", "府", "会", "司", "院", "中心", "集团", "银行", "公司", "所",
    "处", "室", "站", "队", "馆", "社",
];

/// Whether `name` ends with an organisation word ([`ORG_ENDS`]); the list
/// is searched only after a last character one of its words ends with.
fn ends_as_org(name: &str) -> bool {
    name.chars()
        .next_back()
        .is_some_and(|c| ORG_LAST.contains(&c))
        && ORG_ENDS.iter().any(|e| name.ends_with(e))
}

/// The bytes of the organisation word ([`ORG_ENDS`], the first listed)
/// `text` starts with; the list is searched only after a first character
/// one of its words starts with.
fn org_word_len(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    if !ORG_FIRST.contains(&first) {
        return None;
    }
    ORG_ENDS
        .iter()
        .find(|e| text.starts_with(**e))
        .map(|e| e.len())
}

/// The last characters of the words of [`ORG_ENDS`].
const ORG_LAST: [char; 19] = [
    '局', '委', '办', '部', '厅', '府', '会', '司', '院', '心', '团', '行', '所', '处', '室', '站',
    '队', '馆', '社',
];

/// The first characters of the words of [`ORG_ENDS`].
const ORG_FIRST: [char; 20] = [
    '局', '委', '办', '部', '厅', '府', '会', '司', '院', '中', '集', '银', '公', '所', '处', '室',
    '站', '队', '馆', '社',
];

/// What a token is: the kinds a redline must never cut inside
/// ([`Kind::is_solid`]) and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number with sign, separators, decimals, percent, range or ratio.
    Number,
    /// The unit right after a number (`万元`, `年`, `个月`).
    Unit,
    /// A date (`2023年5月26日`, `2023-05-26`).
    Date,
    /// A 《》 title.
    Title,
    /// A number in Chinese numerals of two characters or more (`十五`).
    Numeral,
    /// A run of Latin letters (and digits after them).
    Latin,
    /// An organisation's name in a list.
    Item,
    /// A preposition leading a listed name (`由` in `由市科技局、`).
    Lead,
    /// A run of white space.
    Space,
    /// Any other single character.
    Char,
}

impl Kind {
    /// Whether a redline must show this token whole (never cut inside it).
    pub fn is_solid(self) -> bool {
        matches!(
            self,
            Kind::Number | Kind::Unit | Kind::Date | Kind::Title | Kind::Numeral | Kind::Latin
        )
    }
}

/// The token ranges of `text[range]`; `text` before `range` is read only
/// to know what precedes the first token.
pub fn tokens(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_token(text, range, |r, _| out.push(r));
    out
}

/// The tokens of `text[range]` with their kinds (the same cut as
/// [`tokens`]).
pub fn kinded_tokens(text: &str, range: Range<usize>) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    each_token(text, range, |r, k| out.push((r, k)));
    out
}

/// Call `emit` with each token of `text[range]` and its kind, in order.
fn each_token(text: &str, range: Range<usize>, mut emit: impl FnMut(Range<usize>, Kind)) {
    let mut pos = range.start;
    let end = range.end.min(text.len());
    let mut after_lead = false;
    while pos < end {
        let rest = text.get(pos..end).unwrap_or_default();
        let mut before = text.get(..pos).and_then(|s| s.chars().next_back());
        if std::mem::take(&mut after_lead) {
            // Right after a preposition that leads a listed name (由|市科技局、):
            // the name may start here.
            before = Some('、');
        }
        if before.is_none_or(is_item_start)
            && let Some(lead) = lead_of_item(rest)
        {
            emit(pos..pos + lead, Kind::Lead);
            pos += lead;
            after_lead = true;
            continue;
        }
        let (len, kind) = first_token(rest, before);
        let len = next_boundary(rest, len.clamp(1, rest.len().max(1)));
        emit(pos..pos + len, kind);
        pos += len;
    }
}

/// `len` moved forward to a character boundary of `s`.
fn next_boundary(s: &str, mut len: usize) -> usize {
    while len < s.len() && !s.is_char_boundary(len) {
        len += 1;
    }
    len
}

/// The byte length and kind of the first token of `s`, given the
/// character before.
fn first_token(s: &str, before: Option<char>) -> (usize, Kind) {
    let Some(first) = s.chars().next() else {
        return (0, Kind::Char);
    };
    if first == '《'
        && let Some(n) = title_len(s)
    {
        return (n, Kind::Title);
    }
    if is_digit(first) || (is_sign(first) && s[first.len_utf8()..].starts_with(is_digit)) {
        if !before.is_some_and(|c| is_latin(c) || is_digit(c))
            && let Some(n) = date_len(s)
        {
            return (n, Kind::Date);
        }
        return (number_len(s), Kind::Number);
    }
    if first.is_whitespace() {
        return (run(s, char::is_whitespace), Kind::Space);
    }
    // A number in Chinese numerals (十五, 二十五, 一百零五): whole, so
    // 十五 → 二十五 reads ~~十五~~二十五, not {+二+}.
    let numeral = run(s, is_chinese_numeral);
    if numeral > first.len_utf8() {
        return (numeral, Kind::Numeral);
    }
    if is_latin(first) {
        return (
            run(s, |c| is_latin(c) || c == '_' || is_digit(c)),
            Kind::Latin,
        );
    }
    if before.is_none_or(is_item_start)
        && let Some(n) = item_len(s, before)
    {
        return (n, Kind::Item);
    }
    // Units only after a number: the list is searched only there.
    if before.is_some_and(|c| is_digit(c) || matches!(c, '%' | '％' | '‰'))
        && let Some(unit) = UNITS.iter().find(|u| s.starts_with(**u))
    {
        return (unit.len(), Kind::Unit);
    }
    (first.len_utf8(), Kind::Char)
}

fn run(s: &str, keep: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|(_, c)| !keep(*c))
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

/// A character of a number written in Chinese numerals.
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
    )
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '＋' | '－')
}

/// A 《…》 title on one line, at most 80 characters.
fn title_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (n, (i, c)) in s.char_indices().enumerate() {
        match c {
            '《' => depth += 1,
            '》' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + c.len_utf8());
                }
            }
            '\n' => return None,
            _ if n > 80 => return None,
            _ => {}
        }
    }
    None
}

/// Digits (ASCII or full width) at the start of `s`: their byte length and
/// count.
fn digits(s: &str) -> (usize, usize) {
    let mut len = 0;
    let mut count = 0;
    for c in s.chars() {
        if !is_digit(c) {
            break;
        }
        len += c.len_utf8();
        count += 1;
    }
    (len, count)
}

/// A date: `2023年5月26日`, `2023年5月`, `5月26日`, `2023-05-26`,
/// `2023.5.26`, `2023/5/26` (a year or a month alone is a number with its
/// unit).
fn date_len(s: &str) -> Option<usize> {
    let (y, yc) = digits(s);
    if yc == 0 {
        return None;
    }
    if yc == 4
        && let Some(sep) = s[y..]
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '.' | '/'))
    {
        let m_at = y + sep.len_utf8();
        let (m, mc) = digits(&s[m_at..]);
        let d_at = m_at + m;
        if (1..=2).contains(&mc) && s[d_at..].starts_with(sep) {
            let (d, dc) = digits(&s[d_at + sep.len_utf8()..]);
            if (1..=2).contains(&dc) {
                return Some(d_at + sep.len_utf8() + d);
            }
        }
        return None;
    }
    let mut at = 0;
    let mut parts = 0;
    if yc == 4 && s[y..].starts_with('年') {
        at = y + '年'.len_utf8();
        parts = 1;
    }
    for mark in ['月', '日'] {
        let (n, nc) = digits(&s[at..]);
        if !(1..=2).contains(&nc) || !s[at + n..].starts_with(mark) {
            break;
        }
        at += n + mark.len_utf8();
        parts += 1;
    }
    (parts >= 2).then_some(at)
}

/// A number: sign, digits with `,` thousands and one decimal point, then
/// `%`/`‰`, then optionally a range (`～`, `~`, `-`, `—`, `至`, `到`) or a
/// ratio (`:`, `：`) to another number.
fn number_len(s: &str) -> usize {
    let mut end = plain_number(s);
    if let Some(c) = s[end..].chars().next()
        && matches!(c, '～' | '~' | '-' | '—' | '－' | '至' | '到' | ':' | '：')
    {
        let at = end + c.len_utf8();
        let more = plain_number(&s[at..]);
        if more > 0 && s[at..].starts_with(is_digit) {
            end = at + more;
        }
    }
    end
}

/// Sign, digits, `,` thousands, one decimal part, then a percent sign.
fn plain_number(s: &str) -> usize {
    let mut end = 0;
    if let Some(c) = s.chars().next().filter(|c| is_sign(*c)) {
        end = c.len_utf8();
    }
    let (n, nc) = digits(&s[end..]);
    if nc == 0 {
        return 0;
    }
    end += n;
    loop {
        let rest = &s[end..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        let after = &rest[c.len_utf8()..];
        let (n, nc) = digits(after);
        let ok = match c {
            ',' => nc == 3 && !after[n..].starts_with(is_digit),
            '.' | '．' => nc > 0 && !after[n..].starts_with(['.', '．']),
            _ => false,
        };
        if !ok {
            break;
        }
        end += c.len_utf8() + n;
        if c != ',' {
            break;
        }
    }
    if let Some(c) = s[end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '%' | '％' | '‰'))
    {
        end += c.len_utf8();
    }
    end
}

/// A character after which a list item may start.
fn is_item_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | ',' | '：' | ':' | '（' | '(' | '；' | ';' | '。' | '\n' | ' ' | '　'
    )
}

/// Characters that end a list item (outside brackets).
fn is_item_end(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | ',' | '。' | '；' | ';' | '：' | ':' | '\n' | '）' | ')' | '！' | '？'
    )
}

/// A list item: the text up to the next separator (brackets inside kept
/// whole), when a `、` is on either side of it, or a `，` is and the item
/// is an organisation's name. At most 24 characters.
fn item_len(s: &str, before: Option<char>) -> Option<usize> {
    let mut depth = 0i32;
    let mut end = None;
    let mut after = None;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n > 24 {
            return None;
        }
        match c {
            '（' | '(' | '<' | '〈' | '《' => depth += 1,
            '）' | ')' | '>' | '〉' | '》' if depth > 0 => depth -= 1,
            _ if depth == 0 && is_item_end(c) => {
                end = Some(i);
                after = Some(c);
                break;
            }
            _ => {}
        }
    }
    let end = end.unwrap_or(s.len());
    // The last item of a list that goes on (市农业农村局等): the name is
    // the item, 等 a token after it, so a name added before 等 or the
    // item removed with its 、 reads as one clean change.
    let end = match s[..end].strip_suffix('等') {
        Some(name) if name.chars().count() >= 2 => name.len(),
        _ => end,
    };
    // A name and its role in words (`市财政局配合` in `责任单位：市科技局
    // 牵头，市财政局配合`): the name is the item, the word a token after it
    // (tester15 M3: `市[-财政-]{+人社+}局配合`).
    let end = match VERBS.iter().find_map(|v| s[..end].strip_suffix(v)) {
        Some(name) if ends_as_org(strip_brackets(name)) => name.len(),
        _ => end,
    };
    let end = match listed_name(s, before, end) {
        Some(name) => name,
        None => end,
    };
    let item = &s[..end];
    if !item.starts_with(char::is_alphanumeric)
        || item.chars().count() < 2
        || item.chars().any(|c| is_digit(c) || c.is_whitespace())
    {
        return None;
    }
    let listed = |c: Option<char>| c == Some('、');
    let comma = |c: Option<char>| matches!(c, Some('，' | ','));
    let org = ends_as_org(strip_brackets(item));
    // Only names of organisations are items, and not with a leading
    // preposition (由市科技局、…: the name starts after 由), nor two names
    // joined by one (市科技局会同市财政局、: a phrase, not a name).
    if !org || lead_len(item).is_some() || joins_names(item) {
        return None;
    }
    let short = item.chars().count() <= 16;
    // The one name of a list after a colon: （责任单位：市科技局）.
    let colon = matches!(before, Some('：' | ':'))
        && matches!(
            after,
            None | Some('）' | ')' | '、' | '，' | ',' | '。' | '；' | ';')
        );
    if (short && (listed(before) || listed(after) || colon))
        || (org && (comma(before) || comma(after)))
    {
        Some(end)
    } else {
        None
    }
}

/// The last name of a 、 list that a verb follows (`市科技局、市教育局负责`):
/// the text up to the end of its organisation word (`市教育局`), when the
/// text up to the separator (`市教育局负责`) is not a name itself. None
/// when `s` does not follow a 、 or has no organisation word within 16
/// characters.
fn listed_name(s: &str, before: Option<char>, end: usize) -> Option<usize> {
    if before != Some('、') {
        return None;
    }
    let head = s.get(..end)?;
    if ends_as_org(strip_brackets(head)) {
        return None;
    }
    let org_end_at = |at: usize| head.get(at..).and_then(org_word_len).map(|len| at + len);
    let mut name = None;
    for (n, (at, c)) in head.char_indices().enumerate() {
        if n >= 16 || matches!(c, '（' | '(' | '<' | '〈' | '《') {
            break;
        }
        match (name, org_end_at(at)) {
            // An organisation word right after the last: 科研院所.
            (Some(e), Some(next)) if e == at => name = Some(next),
            (Some(_), _) => break,
            (None, Some(next)) if n > 0 => name = Some(next),
            _ => {}
        }
    }
    name.filter(|&e| e < end)
}

/// Whether `item` is two names joined by a preposition (市科技局会同市财政局,
/// 市科技局和市财政局): a lead word right after an organisation's name.
fn joins_names(item: &str) -> bool {
    item.char_indices()
        .skip(1)
        .any(|(at, _)| lead_len(&item[at..]).is_some() && ends_as_org(&item[..at]))
}

/// Prepositions that may lead a listed name: 由市科技局、市工信局负责.
const LEADS: &[&str] = &[
    "由", "会同", "和", "与", "及", "对", "向", "将", "请", "经", "在",
];

/// The bytes of the preposition ([`LEADS`], the first listed) `s` starts
/// with; the list is searched only after a first character one of them
/// starts with.
fn lead_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if !LEAD_FIRST.contains(&first) {
        return None;
    }
    LEADS.iter().find(|l| s.starts_with(**l)).map(|l| l.len())
}

/// The first characters of [`LEADS`].
const LEAD_FIRST: [char; 11] = [
    '由', '会', '和', '与', '及', '对', '向', '将', '请', '经', '在',
];

/// The length of a preposition leading a list item (`由` in
/// `由市科技局、`), when what follows it is an item.
fn lead_of_item(s: &str) -> Option<usize> {
    let lead = lead_len(s)?;
    let rest = &s[lead..];
    item_len(rest, Some('、')).filter(|_| {
        // The item must really be in a list: a 、 or ， right after it.
        let end = item_end(rest);
        rest[end..].starts_with(['、', '，', ','])
    })?;
    Some(lead)
}

/// Where an item starting at `s` would end (the next separator outside
/// brackets, or the end).
fn item_end(s: &str) -> usize {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '<' | '〈' | '《' => depth += 1,
            '）' | ')' | '>' | '〉' | '》' if depth > 0 => depth -= 1,
            _ if depth == 0 && is_item_end(c) => return i,
            _ => {}
        }
    }
    s.len()
}

/// A name without trailing bracketed parts: `人民政府<管委会>` → `人民政府`.
fn strip_brackets(name: &str) -> &str {
    let mut s = name;
    loop {
        let Some(last) = s.chars().next_back() else {
            return s;
        };
        let open = match last {
            '）' => '（',
            ')' => '(',
            '>' => '<',
            '〉' => '〈',
            _ => return s,
        };
        match s.rfind(open) {
            Some(i) if i > 0 => s = &s[..i],
            _ => return s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(s: &str) -> Vec<&str> {
        tokens(s, 0..s.len()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn numbers_with_units_percent_ranges_and_ratios() {
        assert_eq!(cut("最高300元"), ["最", "高", "300", "元"]);
        assert_eq!(cut("由15%提高"), ["由", "15%", "提", "高"]);
        assert_eq!(cut("按10%～30%给予"), ["按", "10%～30%", "给", "予"]);
        assert_eq!(cut("按1:1配套"), ["按", "1:1", "配", "套"]);
        assert_eq!(cut("5000万元"), ["5000", "万元"]);
        assert_eq!(cut("1,000.5元"), ["1,000.5", "元"]);
        assert_eq!(cut("连续3年"), ["连", "续", "3", "年"]);
    }

    #[test]
    fn dates_and_titles_are_whole() {
        assert_eq!(cut("于2023年5月26日前"), ["于", "2023年5月26日", "前"]);
        assert_eq!(cut("5月26日"), ["5月26日"]);
        assert_eq!(cut("2023-05-26"), ["2023-05-26"]);
        assert_eq!(
            cut("依据《苏州市若干措施》执行"),
            ["依", "据", "《苏州市若干措施》", "执", "行"]
        );
    }

    #[test]
    fn a_phrase_joining_two_names_is_not_one_name_and_a_lone_name_after_a_colon_is() {
        assert_eq!(
            cut("市科技局会同市财政局、市教育局负责"),
            [
                "市",
                "科",
                "技",
                "局",
                "会",
                "同",
                "市",
                "财",
                "政",
                "局",
                "、",
                "市教育局",
                "负",
                "责"
            ]
        );
        assert_eq!(
            cut("（责任单位：市科技局）"),
            ["（", "责", "任", "单", "位", "：", "市科技局", "）"]
        );
        // The last name of a 、 list that a verb follows (tester5 M1).
        assert_eq!(
            cut("由市科技局、市教育局负责"),
            ["由", "市科技局", "、", "市教育局", "负", "责"]
        );
        assert_eq!(
            cut("高校、科研院所与企业"),
            ["高", "校", "、", "科研院所", "与", "企", "业"]
        );
        // 和 inside a name stays in it.
        assert_eq!(
            cut("市住房和城乡建设局、市科技局"),
            ["市住房和城乡建设局", "、", "市科技局"]
        );
    }

    #[test]
    fn t4_m2_numbers_in_chinese_numerals_are_whole() {
        assert_eq!(cut("第十五条"), ["第", "十五", "条"]);
        assert_eq!(cut("第二十五条"), ["第", "二十五", "条"]);
        assert_eq!(cut("第十条"), ["第", "十", "条"]);
    }

    #[test]
    fn a_list_that_goes_on_keeps_its_dengdeng_apart() {
        assert_eq!(
            cut("市教育局、市农业农村局等，各县级市（区）人民政府<管委会>"),
            [
                "市教育局",
                "、",
                "市农业农村局",
                "等",
                "，",
                "各县级市（区）人民政府<管委会>"
            ]
        );
    }

    #[test]
    fn list_items_are_whole() {
        assert_eq!(
            cut("市政务服务数据管理局、市自然资源局"),
            ["市政务服务数据管理局", "、", "市自然资源局"]
        );
        assert_eq!(
            cut("（责任单位：市科技局，各县级市（区）人民政府<管委会>）"),
            [
                "（",
                "责",
                "任",
                "单",
                "位",
                "：",
                "市科技局",
                "，",
                "各县级市（区）人民政府<管委会>",
                "）"
            ]
        );
    }

    #[test]
    fn prose_stays_character_by_character() {
        assert_eq!(
            cut("支持创新，推动发展"),
            ["支", "持", "创", "新", "，", "推", "动", "发", "展"]
        );
    }

    #[test]
    fn t4_m1_kinds_say_which_tokens_are_never_cut() {
        let kinds: Vec<(&str, Kind)> = {
            let s = "于2023年5月6日前按3个月、15%给予《甲》AI支持";
            kinded_tokens(s, 0..s.len())
                .into_iter()
                .map(|(r, k)| (&s[r], k))
                .filter(|(_, k)| k.is_solid())
                .collect()
        };
        assert_eq!(
            kinds,
            [
                ("2023年5月6日", Kind::Date),
                ("3", Kind::Number),
                ("个月", Kind::Unit),
                ("15%", Kind::Number),
                ("《甲》", Kind::Title),
                ("AI", Kind::Latin)
            ]
        );
        assert!(!Kind::Item.is_solid() && !Kind::Char.is_solid());
    }

    #[test]
    fn the_first_and_last_characters_of_organisation_words_and_leads_are_listed() {
        let mut first: Vec<char> = ORG_ENDS.iter().filter_map(|e| e.chars().next()).collect();
        let mut last: Vec<char> = ORG_ENDS
            .iter()
            .filter_map(|e| e.chars().next_back())
            .collect();
        for v in [&mut first, &mut last] {
            v.sort_unstable();
            v.dedup();
        }
        let sorted = |a: &[char]| {
            let mut v = a.to_vec();
            v.sort_unstable();
            v
        };
        assert_eq!(sorted(&ORG_FIRST), first);
        assert_eq!(sorted(&ORG_LAST), last);
        assert!(ends_as_org("市科技局") && ends_as_org("技术中心") && !ends_as_org("中心城区"));
        assert_eq!(org_word_len("中心负责"), Some("中心".len()));
        assert_eq!(org_word_len("中国"), None);
        let mut leads: Vec<char> = LEADS.iter().filter_map(|l| l.chars().next()).collect();
        leads.sort_unstable();
        leads.dedup();
        assert_eq!(sorted(&LEAD_FIRST), leads);
        assert_eq!(lead_len("会同市财政局"), Some("会同".len()));
        assert_eq!(lead_len("会议"), None);
    }

    #[test]
    fn tokens_tile_any_text() {
        for s in [
            "",
            "a",
            "、",
            "《",
            "《未完",
            "1.",
            "-",
            "3:",
            "１２．５％",
            "2023年",
            "x1y2",
        ] {
            let t = tokens(s, 0..s.len());
            let joined: String = t.iter().map(|r| &s[r.clone()]).collect();
            assert_eq!(joined, s);
        }
    }
}
