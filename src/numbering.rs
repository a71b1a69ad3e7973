//! Clause numbers as Chinese documents write them: `1.` `1．` `1、` `一、`
//! `第一条` `（一）` `①`, Chinese numerals, and references to clauses in
//! free text (第五点, 第5条, 关于第三条, …).
//!
//! Everything here works on byte offsets of the text it is given and never
//! slices inside a character.

use std::ops::Range;

/// How a clause number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelStyle {
    /// `1.` `1．` `1、`
    Arabic,
    /// `一、`
    Chinese,
    /// `第一条`
    Article,
    /// `（一）` `(一)` `（1）`
    Paren,
    /// `①`
    Circled,
}

/// A clause number at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub style: LabelStyle,
    pub number: u32,
    /// Bytes from the start of the paragraph to the end of the label,
    /// punctuation included (leading white space included too).
    pub len: usize,
    /// The label as written: `1.`, `一、`, `第一条`, `（一）`, `①`.
    pub text: String,
}

/// A reference to a clause in free text (第五点, 第5条, a leading 五、 …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseRef {
    pub number: u32,
    /// Byte range of the reference in the text.
    pub range: Range<usize>,
}

/// The value of a digit written `0`–`9`, `０`–`９` or `零`–`九`.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' | '兩' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn unit_value(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// A character that can be part of a number (Arabic or Chinese).
fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some() || c == '万'
}

/// Parse a number written in Arabic digits (`12`, `１２`) or Chinese
/// numerals (`十`, `十二`, `二十`, `一百零五`). `None` for anything else.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(is_arabic_digit) {
        return s
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit_value(c)?));
    }
    parse_chinese(s)
}

/// Chinese numerals from 万 up (`一万`, `一万零一`, `二十万三千`): the part
/// before 万 (1–9 999) times 10 000, plus the part after it — empty, a
/// 千 number, or 零 and a smaller one. `一万二` (colloquial 12 000) is
/// refused rather than guessed, as `一百五` is (tester8 M3: clauses from
/// 第一万条 on were not seen as clauses).
fn parse_wan(s: &str) -> Option<u32> {
    let (high, low) = s.split_once('万')?;
    let high = parse_chinese(high).filter(|h| (1..=9999).contains(h))?;
    let low = match (low, low.strip_prefix('零')) {
        ("", _) => 0,
        (_, Some(small)) => parse_chinese(small).filter(|l| (1..1000).contains(l))?,
        _ => parse_chinese(low).filter(|l| (1000..=9999).contains(l))?,
    };
    high.checked_mul(10_000)?.checked_add(low)
}

/// Chinese numerals with units: each unit smaller than the one before,
/// a digit before a unit optional (十二), 零 only as a filler (一百零五);
/// from 万 up, [`parse_wan`].
fn parse_chinese(s: &str) -> Option<u32> {
    if s.contains('万') {
        return parse_wan(s);
    }
    let mut numeral = Numeral::new();
    for c in s.chars() {
        numeral.push(c)?;
    }
    numeral.value()
}

/// A Chinese numeral under 万 read a character at a time, by the rules
/// of [`parse_chinese`] (which reads a whole one with it, and
/// [`cjk_article`] a label's as it goes).
struct Numeral {
    total: u32,
    pending: Option<u32>,
    /// The last unit (十, 百, 千) read; `u32::MAX` before the first.
    last_unit: u32,
    zero_seen: bool,
}

impl Numeral {
    fn new() -> Numeral {
        Numeral {
            total: 0,
            pending: None,
            last_unit: u32::MAX,
            zero_seen: false,
        }
    }

    /// Read `c`: None when it is not a digit or unit under 万 written in
    /// Chinese, or breaks the rules.
    fn push(&mut self, c: char) -> Option<()> {
        if let Some(unit) = unit_value(c) {
            let d = self.pending.take().unwrap_or(1);
            if unit >= self.last_unit || d == 0 {
                return None;
            }
            self.total += d * unit;
            self.last_unit = unit;
            return Some(());
        }
        if is_arabic_digit(c) {
            return None;
        }
        match digit_value(c)? {
            0 if self.pending.is_some() || self.zero_seen => None,
            0 => {
                self.zero_seen = true;
                Some(())
            }
            d => self.pending.replace(d).is_none().then_some(()),
        }
    }

    /// The number read.
    fn value(self) -> Option<u32> {
        match self.pending {
            // A trailing digit is units unless it follows 零 or nothing;
            // 一百五 (=150) is colloquial: refused rather than guessed.
            Some(_) if self.last_unit != u32::MAX && !self.zero_seen && self.last_unit > 10 => None,
            Some(d) => Some(self.total + d),
            None => Some(self.total),
        }
    }
}

/// The byte length of the run of numeral characters at the start of `s`.
fn numeral_run(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_numeral_char(c))
        .map_or(s.len(), |(i, _)| i)
}

/// The byte length of the run of Arabic digits at the start of `s`.
fn digit_run(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_arabic_digit(c))
        .map_or(s.len(), |(i, _)| i)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// What may stand before a label at a paragraph's start: white space, and
/// the invisible zero-width space, joiners and word joiner (U+200B–U+200D,
/// U+2060) that text pasted from web pages carries (tester14 M2: `​第2条`
/// was not a label, and clause 2 ran into clause 1).
fn is_lead(c: char) -> bool {
    is_space(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}')
}

/// The value of a circled number `①`–`⑳`, `㉑`–`㉟`, `㊱`–`㊿`.
fn circled_value(c: char) -> Option<u32> {
    let u = c as u32;
    match u {
        0x2460..=0x2473 => Some(u - 0x2460 + 1),
        0x3251..=0x325F => Some(u - 0x3251 + 21),
        0x32B1..=0x32BF => Some(u - 0x32B1 + 36),
        _ => None,
    }
}

/// The clause number a paragraph begins with, if any: `1.` `1．` `1、`
/// (not `3.5亿`, not `2023年`), `一、`, `第一条`, `（一）`, `(1)`, `①`.
/// Leading white space is skipped.
pub fn clause_label(paragraph: &str) -> Option<Label> {
    let (style, number, start, end) = label_at(paragraph)?;
    Some(Label {
        style,
        number,
        len: end,
        text: paragraph.get(start..end)?.to_string(),
    })
}

/// [`clause_label`] without the copy of the label: its style, number and
/// where the label is (`start..end`, leading white space before `start`).
pub fn label_at(paragraph: &str) -> Option<(LabelStyle, u32, usize, usize)> {
    let first = *paragraph.as_bytes().first()?;
    // Only these bytes start white space (ASCII, NEL and NBSP, U+1680,
    // U+2000–U+205F, U+3000): any other paragraph starts where it starts.
    let may_be_space = matches!(first, 0x09..=0x0d | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
    if !may_be_space
        && let Some((style, number, len)) =
            ascii_article(paragraph).or_else(|| cjk_article(paragraph))
    {
        return Some((style, number, 0, len));
    }
    let start = if may_be_space {
        paragraph.len() - paragraph.trim_start_matches(is_lead).len()
    } else {
        0
    };
    let rest = paragraph.get(start..)?;
    // Most paragraphs start with a character no label starts with.
    if !rest.chars().next().is_some_and(may_start_label) {
        return None;
    }
    let (style, number, len) = article(rest)
        .or_else(|| arabic(rest))
        .or_else(|| chinese(rest))
        .or_else(|| paren(rest))
        .or_else(|| circled(rest))?;
    if number == 0 || rest.get(..len).is_none() {
        return None;
    }
    Some((style, number, start, start + len))
}

/// Whether a label may start with `c` (第, a digit or numeral, a bracket,
/// a circled number): the styles [`label_at`] tries, in one test.
fn may_start_label(c: char) -> bool {
    c == '第' || c == '（' || c == '(' || is_numeral_char(c) || circled_value(c).is_some()
}

type Found = (LabelStyle, u32, usize);

/// The word ending an article label: 条, or 條 in traditional characters.
pub const ARTICLE_WORDS: [char; 2] = ['条', '條'];

/// `第一条`, `第1条` (also traditional `第一條`).
fn article(s: &str) -> Option<Found> {
    let after = s.strip_prefix('第')?;
    let n = numeral_run(after);
    let number = parse_chinese_numeral(after.get(..n)?)?;
    let word = after.get(n..)?.chars().next()?;
    if !ARTICLE_WORDS.contains(&word) {
        return None;
    }
    Some((
        LabelStyle::Article,
        number,
        '第'.len_utf8() + n + word.len_utf8(),
    ))
}

/// `第12条` (ASCII digits, the usual label of a long regulation) read
/// byte by byte: what [`article`] gives for it, or None for anything else
/// (which [`article`] then reads).
fn ascii_article(s: &str) -> Option<Found> {
    const DI: &[u8] = "第".as_bytes();
    let bytes = s.as_bytes();
    if !bytes.starts_with(DI) {
        return None;
    }
    let after = bytes.get(DI.len()..)?;
    let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let word = after.get(digits..digits + 3)?;
    if !["条".as_bytes(), "條".as_bytes()].contains(&word) {
        return None;
    }
    // At most nine digits: no overflow; read by hand (`parse` was a third
    // of this function's instructions).
    let number = after
        .get(..digits)?
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    (number > 0).then_some((LabelStyle::Article, number, DI.len() + digits + 3))
}

/// `第一百二十三条` (Chinese numerals under 万, the usual label of a
/// regulation) read in one pass: what [`article`] gives for it, or None
/// for anything else — 万, Arabic digits, a numeral [`parse_chinese`]
/// refuses, another word than 条 — which [`article`] then reads. On a
/// 1 MB regulation so labelled, reading the labels took 18 M instructions
/// (a run of numerals found, then parsed, character by character).
fn cjk_article(s: &str) -> Option<Found> {
    let after = s.strip_prefix('第')?;
    let mut numeral = Numeral::new();
    for (at, c) in after.char_indices() {
        if ARTICLE_WORDS.contains(&c) {
            let number = numeral.value().filter(|&n| n > 0)?;
            let len = '第'.len_utf8() + at + c.len_utf8();
            return Some((LabelStyle::Article, number, len));
        }
        numeral.push(c)?;
    }
    None
}

/// `1.` `1．` `1、`, at most three digits, not followed by a digit.
fn arabic(s: &str) -> Option<Found> {
    let n = digit_run(s);
    if n == 0 || s.get(..n)?.chars().count() > 3 {
        return None;
    }
    let after = s.get(n..)?;
    let punct = after
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '．' | '、'))?;
    let tail = after.get(punct.len_utf8()..)?;
    if tail.chars().next().is_some_and(is_arabic_digit) {
        return None;
    }
    let number = parse_chinese_numeral(s.get(..n)?)?;
    Some((LabelStyle::Arabic, number, n + punct.len_utf8()))
}

/// `一、` (also `一．`).
fn chinese(s: &str) -> Option<Found> {
    let n = numeral_run(s);
    let word = s.get(..n)?;
    if n == 0 || word.chars().any(is_arabic_digit) {
        return None;
    }
    let punct = s
        .get(n..)?
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '．'))?;
    let number = parse_chinese_numeral(word)?;
    Some((LabelStyle::Chinese, number, n + punct.len_utf8()))
}

/// `（一）` `(一)` `（1）`.
fn paren(s: &str) -> Option<Found> {
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner = s.get(open.len_utf8()..)?;
    let n = numeral_run(inner);
    let number = parse_chinese_numeral(inner.get(..n)?)?;
    let close = inner
        .get(n..)?
        .chars()
        .next()
        .filter(|c| matches!(c, '）' | ')'))?;
    Some((
        LabelStyle::Paren,
        number,
        open.len_utf8() + n + close.len_utf8(),
    ))
}

/// `①`.
fn circled(s: &str) -> Option<Found> {
    let c = s.chars().next()?;
    Some((LabelStyle::Circled, circled_value(c)?, c.len_utf8()))
}

/// Where a reference by 第…点/条/项 ends: the level word after the number
/// (simplified or traditional: 點 條 項).
const LEVEL_WORDS: [char; 6] = ['点', '条', '项', '點', '條', '項'];

/// Every reference to a clause in free text, in order: 第五点, 第5点,
/// 第5条, 第五条, 第三项, 第五、六条 (both), and a clause label (五、,
/// （五）, `5.`) at the start of a line or of an item (after 。；;).
/// 款 (a sub-level) and 第…章/部分 are not clause references.
pub fn clause_refs(text: &str) -> Vec<ClauseRef> {
    let mut refs = Vec::new();
    let mut pos = 0;
    // A 第 before this byte sits inside a chain (第一、第二、…) already read
    // to its failing end: read from it, the same chain fails at the same
    // place, so it is not read again (a long chain stays linear).
    let mut failed_until = 0;
    while let Some(rest) = text.get(pos..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '第' && pos >= failed_until {
            match ordinal_refs(text, pos) {
                Ok((found, end)) => {
                    refs.extend(found);
                    pos = end;
                    continue;
                }
                Err(fail) => failed_until = fail,
            }
        }
        // Spaces first: `at_item_start` looks back over a run of spaces,
        // which at every space of a long run would be quadratic.
        if !is_space(c)
            && at_item_start(text, pos)
            && let Some(label) = clause_label(rest)
        {
            let start = pos + label.len - label.text.len();
            refs.push(ClauseRef {
                number: label.number,
                range: start..pos + label.len,
            });
            pos += label.len;
            continue;
        }
        pos += c.len_utf8();
    }
    refs
}

/// Whether `pos` starts a line or an item: the start of the text, or only
/// white space since a line break or a 。；; .
fn at_item_start(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("");
    match before.trim_end_matches(is_space).chars().next_back() {
        None => true,
        Some(c) => {
            matches!(c, '。' | '；' | ';' | '：' | ':')
                || before
                    .get(before.trim_end_matches(is_space).len()..)
                    .is_some_and(|gap| gap.contains('\n'))
        }
    }
}

/// `第` at `pos` followed by numbers (joined by 、 和 及 与 ，) and a level
/// word: the references and the byte where the match ends; or, when there
/// is no match, the byte where reading stopped (every 第 before it belongs
/// to the failed chain).
fn ordinal_refs(text: &str, pos: usize) -> Result<(Vec<ClauseRef>, usize), usize> {
    let mut at = pos + '第'.len_utf8();
    let mut numbers = Vec::new();
    loop {
        let rest = text.get(at..).ok_or(at)?;
        let n = numeral_run(rest);
        let number = rest.get(..n).and_then(parse_chinese_numeral).ok_or(at)?;
        let start = if numbers.is_empty() { pos } else { at };
        numbers.push((number, start, at + n));
        at += n;
        let next = text.get(at..).and_then(|r| r.chars().next()).ok_or(at)?;
        if LEVEL_WORDS.contains(&next) {
            at += next.len_utf8();
            break;
        }
        if !matches!(next, '、' | '和' | '及' | '与' | '與' | '，' | ',') {
            return Err(at);
        }
        at += next.len_utf8();
        // 第五、第六条: a repeated 第 is fine.
        if text.get(at..).ok_or(at)?.starts_with('第') {
            at += '第'.len_utf8();
        }
    }
    let last = numbers.len().saturating_sub(1);
    let refs = numbers
        .into_iter()
        .enumerate()
        .filter(|&(_, (number, _, _))| number > 0)
        .map(|(i, (number, start, end))| ClauseRef {
            number,
            range: start..if i == last { at } else { end },
        })
        .collect();
    Ok((refs, at))
}

/// The words a division of a regulation ends with: 第二编, 第二章,
/// 第二节, 第二部分 (traditional 編 and 節 too).
const DIVISION_WORDS: [&str; 6] = ["编", "編", "章", "节", "節", "部分"];

/// Whether a paragraph is a division heading written as plain text:
/// `第二章`, `第二章　附则`, `第一节 一般规定`, `第二编`, `第三部分　保障措施`
/// — 第 + a number + 编/章/节/部分, then the end or white space and a
/// short title (at most 30 characters, no sentence punctuation). Not
/// `第二章规定的…` (a reference, no space) nor `第二章　…。` (a sentence).
pub fn division_heading(paragraph: &str) -> bool {
    let text = paragraph.trim_matches(is_space);
    let Some(after) = text.strip_prefix('第') else {
        return false;
    };
    let n = numeral_run(after);
    if after
        .get(..n)
        .and_then(parse_chinese_numeral)
        .is_none_or(|v| v == 0)
    {
        return false;
    }
    let rest = after.get(n..).unwrap_or_default();
    let Some(title) = DIVISION_WORDS.iter().find_map(|w| rest.strip_prefix(w)) else {
        return false;
    };
    if title.is_empty() {
        return true;
    }
    let words = title.trim_start_matches(is_space);
    words.len() < title.len()
        && words.chars().count() <= 30
        && !words.contains(['。', '；', '，', '：', '！', '？', ';', ',', ':', '!', '?'])
}

/// Whether an article label (`第二条`) is a cross-reference opening a
/// paragraph of the clause before, not a new clause: nothing separates
/// it from the text (no white space, no `：` `、` `．` `.`, not the end)
/// and its number does not go forward from the clause before
/// (`第二条规定的企业，…` inside 第三条). `end` is where the label ends in
/// `paragraph`; `previous` the number of the clause being read.
pub fn is_cross_reference(
    paragraph: &str,
    style: LabelStyle,
    number: u32,
    end: usize,
    previous: Option<u32>,
) -> bool {
    let separated = paragraph
        .get(end..)
        .and_then(|rest| rest.chars().next())
        .is_none_or(|c| is_space(c) || matches!(c, '：' | ':' | '、' | '．' | '.'));
    style == LabelStyle::Article && !separated && previous.is_some_and(|p| number <= p)
}

#[cfg(test)]
mod tests {

    /// The one-pass reading of `第一百二十三条` gives what the general
    /// one gives: every number to 99 999 as a regulation writes it, and
    /// every string of up to four characters from the numerals, 条, 章
    /// and a digit (what it does not read, the general one reads).
    #[test]
    fn cjk_article_labels_read_as_article_reads_them() {
        for n in 1..=99_999 {
            let text = format!("第{}条　甲。", crate::diff::describe::chinese_number(n));
            let fast = cjk_article(&text);
            if fast.is_some() {
                assert_eq!(fast, article(&text), "{text}");
            }
            assert_eq!(label_at(&text), general_label_at(&text), "{text}");
            // Under 万, the one-pass reading is the one used.
            if n < 10_000 {
                assert_eq!(fast.map(|f| f.1), Some(n), "{text}");
            }
        }
        let alphabet: Vec<char> = "零〇一二两兩三九十百千万条條章1".chars().collect();
        let mut strings = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..4 {
            level = level
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(level.iter().cloned());
        }
        for s in &strings {
            let text = format!("第{s}条甲");
            if let Some(fast) = cjk_article(&text) {
                assert_eq!(Some(fast), article(&text), "{text}");
            }
            assert_eq!(label_at(&text), general_label_at(&text), "{text}");
        }
    }

    /// [`label_at`] without its quick readings.
    fn general_label_at(text: &str) -> Option<(LabelStyle, u32, usize, usize)> {
        let (style, number, len) = article(text)
            .or_else(|| arabic(text))
            .or_else(|| chinese(text))
            .or_else(|| paren(text))
            .or_else(|| circled(text))?;
        (number > 0).then_some((style, number, 0, len))
    }

    /// The byte-wise reading of `第12条` gives what the general one gives.
    #[test]
    fn ascii_article_labels_read_as_article_reads_them() {
        for text in [
            "第1条　甲。",
            "第12条 乙",
            "第0012條丙",
            "第0条　丁",
            "第4294967296条　戊",
            "第999999999条",
            "第1十条",
            "第1章",
            "第12",
            "第",
            "第１２条",
        ] {
            let general = article(text).filter(|f| f.1 > 0);
            assert_eq!(
                ascii_article(text),
                general.filter(|_| ascii_article(text).is_some()),
                "{text}"
            );
            assert_eq!(
                label_at(text),
                general.map(|(style, n, len)| (style, n, 0, len)),
                "{text}"
            );
        }
    }

    /// tester5 H2: 第N章/节/编/部分 on a line of its own is a heading.
    #[test]
    fn t5_h2_plain_chapter_lines_are_division_headings() {
        use super::division_heading;
        for yes in [
            "第二章　附则",
            "第二章",
            "第一节 一般规定",
            "第二编　分则",
            "第三部分　保障措施",
            "第十二章　法律责任",
            "　第2章　附则",
        ] {
            assert!(division_heading(yes), "{yes}");
        }
        for no in [
            "第二章规定的企业，可以申请。",
            "第二章　本办法自发布之日起施行。",
            "第二条　附则",
            "第零章",
            "第章",
            "二章　附则",
            "",
        ] {
            assert!(!division_heading(no), "{no}");
        }
    }

    /// tester5 M4: `第二条规定的…` inside 第三条 is a cross-reference.
    #[test]
    fn t5_m4_a_backward_article_without_separator_is_a_cross_reference() {
        use super::{LabelStyle, clause_label, is_cross_reference};
        let cross = |text: &str, previous: Option<u32>| {
            let l = clause_label(text).unwrap_or_else(|| panic!("{text}"));
            is_cross_reference(text, l.style, l.number, l.len, previous)
        };
        assert!(cross("第二条规定的企业，可以申请奖励。", Some(3)));
        assert!(cross("第三条所称企业，是指……", Some(3)));
        assert!(!cross("第二条　适用范围。", Some(3)), "separated: a clause");
        assert!(
            !cross("第四条本办法自发布之日起施行。", Some(3)),
            "goes forward"
        );
        assert!(!cross("第二条规定的企业", None), "no clause before");
        assert!(!cross("第二条：规定", Some(3)));
        assert!(!cross("第二条", Some(3)), "the end separates");
        assert!(!is_cross_reference(
            "2.甲",
            LabelStyle::Arabic,
            2,
            2,
            Some(3)
        ));
    }
    #[test]
    fn clause_refs_is_linear_in_long_runs_of_spaces() {
        let text = format!("第五条{}五、建议", " ".repeat(200_000));
        let refs = super::clause_refs(&text);
        assert_eq!(refs.iter().map(|r| r.number).collect::<Vec<_>>(), [5]);
    }

    use super::*;

    #[test]
    fn numerals() {
        let cases = [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十三", 23),
            ("两百", 200),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一千零一", 1001),
            ("零", 0),
            ("12", 12),
            ("１２", 12),
            ("〇", 0),
        ];
        for (s, n) in cases {
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
        for bad in ["", "十十", "百十百", "1二", "二二", "abc", "一百五", "零零"] {
            assert_eq!(parse_chinese_numeral(bad), None, "{bad}");
        }
    }

    fn label(s: &str) -> Option<(LabelStyle, u32, String)> {
        clause_label(s).map(|l| (l.style, l.number, l.text))
    }

    #[test]
    fn labels() {
        use LabelStyle::*;
        let cases = [
            ("1.支持区域协同联动创新。", Arabic, 1, "1."),
            ("10.支持营造", Arabic, 10, "10."),
            ("2．支持", Arabic, 2, "2．"),
            ("3、支持", Arabic, 3, "3、"),
            ("１．支持", Arabic, 1, "１．"),
            ("一、总体要求", Chinese, 1, "一、"),
            ("十二、附则", Chinese, 12, "十二、"),
            ("第一条 为了", Article, 1, "第一条"),
            ("第二十三条", Article, 23, "第二十三条"),
            ("第5条 内容", Article, 5, "第5条"),
            ("第一條 為了", Article, 1, "第一條"),
            ("第1條　對新認定的企業", Article, 1, "第1條"),
            ("（一）加强", Paren, 1, "（一）"),
            ("(二)加强", Paren, 2, "(二)"),
            ("（1）加强", Paren, 1, "（1）"),
            ("①加强", Circled, 1, "①"),
            ("⑳加强", Circled, 20, "⑳"),
        ];
        for (s, style, n, text) in cases {
            assert_eq!(label(s), Some((style, n, text.to_string())), "{s}");
        }
    }

    #[test]
    fn not_labels() {
        for s in [
            "3.5亿元用于",
            "2023年5月",
            "2023.5",
            "1234.支持",
            "第三方机构",
            "一区两中心",
            "十分重要、必要",
            "（责任单位：市科技局）",
            "0.支持",
            "本政策自发布之日起实施",
            "",
        ] {
            assert_eq!(label(s), None, "{s}");
        }
    }

    #[test]
    fn label_len_counts_leading_space() {
        let l = clause_label("\u{3000}\u{3000}1.支持").expect("label");
        assert_eq!(l.text, "1.");
        assert_eq!(l.len, "\u{3000}\u{3000}1.".len());
    }

    fn refs(s: &str) -> Vec<(u32, &str)> {
        clause_refs(s)
            .into_iter()
            .map(|r| (r.number, s.get(r.range).unwrap_or("?")))
            .collect()
    }

    #[test]
    fn ordinal_references() {
        assert_eq!(refs("建议第五点责任单位加上市人社局"), [(5, "第五点")]);
        assert_eq!(refs("第5点：建议"), [(5, "第5点")]);
        assert_eq!(refs("建议第5条删去"), [(5, "第5条")]);
        assert_eq!(refs("关于第三条，建议"), [(3, "第三条")]);
        assert_eq!(refs("第十条内容"), [(10, "第十条")]);
        assert_eq!(refs("第三项政策"), [(3, "第三项")]);
        assert_eq!(refs("第１０条"), [(10, "第１０条")]);
        // Traditional characters (tester4 L3).
        assert_eq!(refs("建議第5條刪去"), [(5, "第5條")]);
        assert_eq!(refs("第五點與第六項"), [(5, "第五點"), (6, "第六項")]);
    }

    #[test]
    fn lists_of_references() {
        assert_eq!(refs("第五、六条"), [(5, "第五"), (6, "六条")]);
        assert_eq!(refs("第五、第六条"), [(5, "第五"), (6, "六条")]);
        assert_eq!(refs("第2和第3点"), [(2, "第2"), (3, "3点")]);
    }

    #[test]
    fn sub_levels_are_not_clauses() {
        assert_eq!(refs("第三款"), []);
        assert_eq!(refs("第二章"), []);
        assert_eq!(refs("第三方机构"), []);
        assert_eq!(refs("第一部分"), []);
        assert_eq!(refs("第一条第二款"), [(1, "第一条")]);
    }

    #[test]
    fn leading_labels() {
        assert_eq!(refs("五、建议增加"), [(5, "五、")]);
        assert_eq!(refs("（五）建议增加"), [(5, "（五）")]);
        assert_eq!(refs("5.建议增加"), [(5, "5.")]);
        assert_eq!(
            refs("意见如下：\n1.建议增加\n2、建议删去"),
            [(1, "1."), (2, "2、")]
        );
        assert_eq!(refs("  三、建议"), [(3, "三、")]);
        assert_eq!(refs("意见：1.建议；2.删去"), [(1, "1."), (2, "2.")]);
    }

    #[test]
    fn numbers_inside_sentences_are_not_references() {
        assert_eq!(refs("资金3.5亿元"), []);
        assert_eq!(refs("建议在2023年完成"), []);
        assert_eq!(refs("共5.建议"), []);
        assert_eq!(refs("比例调整为（一）"), []);
        assert_eq!(refs("无修改意见"), []);
    }

    #[test]
    fn mixed() {
        assert_eq!(
            refs("一、关于第三条：建议删去。二、第5点需补充"),
            [(1, "一、"), (3, "第三条"), (2, "二、"), (5, "第5点")]
        );
    }
}
