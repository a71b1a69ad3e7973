//! Word automatic numbering made explicit: the definitions of
//! word/numbering.xml and the counters that turn a paragraph's
//! (numId, ilvl) into the label Word shows, such as "一、", "（二）" or "3.".

use std::collections::HashMap;

use super::DocxError;
use super::xml::{Ev, Ns, Parser};

/// Levels a list may have (w:ilvl 0 to 8).
const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: Option<String>,
    text: Option<String>,
    legal: bool,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a w:startOverride value.
    start_override: HashMap<u8, u32>,
}

/// The list definitions of a document.
#[derive(Debug, Default)]
pub struct Definitions {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<u32, Num>,
}

/// Which element of numbering.xml the parser is in.
#[derive(Clone, Copy, PartialEq)]
enum In {
    Other,
    Abstract,
    Lvl,
    Num,
    Override,
}

impl Definitions {
    /// Parse word/numbering.xml.
    pub fn parse(text: &str) -> Result<Definitions, DocxError> {
        let mut parser = Parser::new(text, "word/numbering.xml");
        let mut defs = Definitions::default();
        let mut stack: Vec<In> = Vec::new();
        let mut abstract_id = String::new();
        let mut level: u8 = 0;
        let mut num_id: u32 = 0;
        loop {
            let tag = match parser.next()? {
                Ev::Eof => break,
                Ev::Text(_) => continue,
                Ev::End => {
                    stack.pop();
                    continue;
                }
                Ev::Start(tag) => tag,
            };
            let parent = stack.last().copied().unwrap_or(In::Other);
            let val = parser.w(&tag, "val");
            let number = val.as_deref().and_then(|v| v.trim().parse::<u32>().ok());
            let mut here = In::Other;
            match (parent, tag.ns, tag.local()) {
                (In::Other, Ns::W, b"abstractNum") => {
                    abstract_id = parser.w(&tag, "abstractNumId").unwrap_or_default();
                    here = In::Abstract;
                }
                (In::Abstract, Ns::W, b"lvl") => {
                    level = ilvl(&parser, &tag);
                    here = In::Lvl;
                }
                (In::Lvl, Ns::W, name) => {
                    let levels = defs.abstracts.entry(abstract_id.clone()).or_default();
                    if levels.len() < LEVELS {
                        levels.resize(LEVELS, Level::default());
                    }
                    if let Some(l) = levels.get_mut(usize::from(level)) {
                        match name {
                            b"start" => l.start = number,
                            b"numFmt" => l.format = val,
                            b"lvlText" => l.text = val,
                            b"isLgl" => l.legal = val.as_deref() != Some("0"),
                            _ => {}
                        }
                    }
                }
                (In::Other, Ns::W, b"num") => {
                    num_id = parser
                        .w(&tag, "numId")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    defs.nums.insert(num_id, Num::default());
                    here = In::Num;
                }
                (In::Num, Ns::W, b"abstractNumId") => {
                    if let Some(num) = defs.nums.get_mut(&num_id) {
                        num.abstract_id = val.unwrap_or_default();
                    }
                }
                (In::Num, Ns::W, b"lvlOverride") => {
                    level = ilvl(&parser, &tag);
                    here = In::Override;
                }
                (In::Override, Ns::W, b"startOverride") => {
                    if let (Some(num), Some(n)) = (defs.nums.get_mut(&num_id), number) {
                        num.start_override.insert(level, n);
                    }
                }
                _ => {}
            }
            stack.push(here);
        }
        Ok(defs)
    }

    fn level(&self, num_id: u32, ilvl: u8) -> Option<(&Num, &Level)> {
        let num = self.nums.get(&num_id)?;
        let level = self
            .abstracts
            .get(&num.abstract_id)?
            .get(usize::from(ilvl))?;
        Some((num, level))
    }
}

fn ilvl(parser: &Parser, tag: &super::xml::Tag) -> u8 {
    parser
        .w(tag, "ilvl")
        .and_then(|v| v.trim().parse::<u8>().ok())
        .filter(|&l| usize::from(l) < LEVELS)
        .unwrap_or(0)
}

/// Counts list items in document order.
#[derive(Debug, Default)]
pub struct Counter {
    /// Per abstract list: the current value of each level (None = not yet used).
    counts: HashMap<String, [Option<u32>; LEVELS]>,
    /// Lists (numIds) whose start overrides were applied.
    started: std::collections::HashSet<u32>,
}

impl Counter {
    /// Count one paragraph numbered (num_id, ilvl) and return its label
    /// and number format; `None` for an undefined list.
    pub fn next(
        &mut self,
        defs: &Definitions,
        num_id: u32,
        ilvl: u8,
    ) -> Option<(Option<String>, Option<String>)> {
        let (num, level) = defs.level(num_id, ilvl)?;
        let levels = defs.abstracts.get(&num.abstract_id)?;
        let counts = self.counts.entry(num.abstract_id.clone()).or_default();
        if self.started.insert(num_id) {
            for (&l, &start) in &num.start_override {
                if let Some(c) = counts.get_mut(usize::from(l)) {
                    *c = Some(start.saturating_sub(1));
                }
            }
        }
        let i = usize::from(ilvl);
        let start = level.start.unwrap_or(1);
        let value = match counts.get(i).copied().flatten() {
            Some(n) => n.saturating_add(1),
            None => start,
        };
        if let Some(c) = counts.get_mut(i) {
            *c = Some(value);
        }
        for deeper in counts.iter_mut().skip(i + 1) {
            *deeper = None;
        }
        let format = level.format.clone();
        if format.as_deref() == Some("bullet") {
            return Some((None, format));
        }
        let label = level.text.as_deref().map(|pattern| {
            expand(pattern, |l| {
                let def = levels.get(l)?;
                let n = counts
                    .get(l)
                    .copied()
                    .flatten()
                    .unwrap_or(def.start.unwrap_or(1));
                let fmt = if level.legal {
                    "decimal"
                } else {
                    def.format.as_deref().unwrap_or("decimal")
                };
                Some(format_number(n, fmt))
            })
        });
        Some((label, format))
    }
}

/// Replace %1 … %9 in a w:lvlText pattern with the numbers of those levels.
fn expand(pattern: &str, number: impl Fn(usize) -> Option<String>) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        let digit = chars.peek().and_then(|d| d.to_digit(10));
        match (c, digit) {
            ('%', Some(d @ 1..=9)) => {
                chars.next();
                out.push_str(&number(d as usize - 1).unwrap_or_default());
            }
            _ => out.push(c),
        }
    }
    out
}

/// `n` written in the w:numFmt `format` (decimal for formats not known).
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n, &SIMPLE),
        "chineseLegalSimplified" => chinese(n, &LEGAL),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
                    [d as usize - '0' as usize]
            })
            .collect(),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => char::from_u32(0x2474 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => char::from_u32(0x2488 + n - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        _ => n.to_string(),
    }
}

/// The digits and units of a Chinese counting system.
struct Numerals {
    digits: [char; 10],
    units: [char; 3],
}

const SIMPLE: Numerals = Numerals {
    digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'],
    units: ['十', '百', '千'],
};

const LEGAL: Numerals = Numerals {
    digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'],
    units: ['拾', '佰', '仟'],
};

/// `n` (1 to 9999) in Chinese numerals: 十一, 二十, 一百零五; beyond, decimal.
fn chinese(n: u32, numerals: &Numerals) -> String {
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = [
        Some(numerals.units[2]),
        Some(numerals.units[1]),
        Some(numerals.units[0]),
        None,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (d, unit) in digits.iter().zip(units) {
        if *d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push(numerals.digits[0]);
            zero_pending = false;
        }
        // 十一 rather than 一十一 when ten is the leading unit.
        let leading_ten = out.is_empty() && *d == 1 && unit == Some(numerals.units[0]);
        if !leading_ten || numerals.digits[1] != '一' {
            out.push(numerals.digits[*d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in table {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

/// A, B, … Z, AA, BB, … as Word counts letters.
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(100) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// The `n`-th item of a closed set of characters (甲乙丙… 癸, 子丑寅… 亥);
/// past its end, the number in Arabic digits (甲 … 癸, 11, 12, …), as
/// LibreOffice 7.4 numbers a Word list in `ideographTraditional` /
/// `ideographZodiac` (checked by converting a 25-item list to text).
fn cycle(n: u32, items: &str) -> String {
    n.checked_sub(1)
        .and_then(|i| items.chars().nth(i as usize))
        .map_or_else(|| n.to_string(), |c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ];
        for (n, text) in cases {
            assert_eq!(format_number(n, "chineseCounting"), text, "{n}");
        }
        assert_eq!(format_number(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        // Past the ten stems and the twelve branches: Arabic digits, as
        // LibreOffice shows such a list (not 甲 again).
        assert_eq!(format_number(10, "ideographTraditional"), "癸");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
        assert_eq!(format_number(21, "ideographTraditional"), "21");
        assert_eq!(format_number(12, "ideographZodiac"), "亥");
        assert_eq!(format_number(13, "ideographZodiac"), "13");
        assert_eq!(format_number(3, "decimalEnclosedCircleChinese"), "③");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
        assert_eq!(format_number(0, "chineseCounting"), "0");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF06C;"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    #[test]
    fn counters_follow_levels_and_overrides() {
        let defs = Definitions::parse(NUMBERING).unwrap();
        let mut counter = Counter::default();
        let mut label = |num, lvl| counter.next(&defs, num, lvl).and_then(|(l, _)| l);
        assert_eq!(label(1, 0).as_deref(), Some("一、"));
        assert_eq!(label(1, 1).as_deref(), Some("（一）"));
        assert_eq!(label(1, 1).as_deref(), Some("（二）"));
        assert_eq!(label(1, 2).as_deref(), Some("一.1."));
        assert_eq!(label(1, 0).as_deref(), Some("二、"));
        assert_eq!(label(1, 1).as_deref(), Some("（一）"));
        assert_eq!(label(2, 0).as_deref(), Some("五、"));
        assert_eq!(label(3, 0), None);
        assert_eq!(label(9, 0), None);
    }
}
