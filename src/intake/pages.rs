//! Page text as PDF extraction and OCR give it, made into the plain text a
//! letter reader expects: running headers, footers and page numbers
//! dropped, lines wrapped by the page joined back into paragraphs, and the
//! stray spaces and half-width punctuation between Chinese characters
//! (which OCR and PDF text layers add) put right.

/// Join pages (one string each) into one text: headers, footers and page
/// numbers dropped, wrapped lines joined, CJK spacing tidied.
pub fn join_pages(pages: &[String]) -> String {
    let lines: Vec<Vec<String>> = pages
        .iter()
        .map(|p| {
            let mut lines: Vec<String> = p.lines().map(|l| tidy_line(l.trim())).collect();
            lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
            while lines.first().is_some_and(String::is_empty) {
                lines.remove(0);
            }
            while lines.last().is_some_and(String::is_empty) {
                lines.pop();
            }
            lines
        })
        .collect();
    let running = running_lines(&lines);
    let mut out: Vec<String> = Vec::new();
    for page in &lines {
        let n = page.len();
        for (i, line) in page.iter().enumerate() {
            let edge = i < 2 || i + 2 >= n;
            if edge && !line.is_empty() && (is_page_number(line) || running.contains(&shape(line)))
            {
                continue;
            }
            out.push(line.clone());
        }
    }
    reflow(&out)
}

/// A salutation OCR ended with `；` or `;` (`市科技局；`) ends with `：`
/// again: a short line among the first three that ends so.
pub fn repair_salutation(text: &str) -> String {
    let mut seen = 0;
    text.lines()
        .map(|l| {
            let t = l.trim();
            if t.is_empty() {
                return l.to_string();
            }
            seen += 1;
            match t.strip_suffix(['；', ';']) {
                Some(name) if seen <= 3 && name.chars().count() <= 15 => format!("{name}："),
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// OCR text without specks: lines of one character, and lines with no
/// Chinese character and no digit (noise and seal edges read as `下`, `ee`
/// or `FPL PRS`; a Chinese letter has no line of Latin letters alone).
pub fn drop_specks(text: &str) -> String {
    text.lines()
        .filter(|l| l.chars().filter(|c| !c.is_whitespace()).count() >= 2)
        .filter(|l| l.chars().any(|c| is_cjk(c) || c.is_ascii_digit()))
        .map(|l| repair_date(l).unwrap_or_else(|| without_stray_mark(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A signature OCR ended with a stray mark after a space (`苏州市教育局 ，`:
/// a speck of the seal) without it, so the name reads as a name again.
/// Only after a body's name ending (局, 办, 委 …).
fn without_stray_mark(line: &str) -> String {
    let t = line.trim_end();
    let Some(mark) = t.chars().last().filter(|c| "，,、.。·'`".contains(*c)) else {
        return line.to_string();
    };
    let rest = &t[..t.len() - mark.len_utf8()];
    let name = rest.trim_end();
    if rest.len() > name.len()
        && name.ends_with(['局', '办', '委', '院', '厅', '会', '部', '室', '司', '处'])
    {
        return name.to_string();
    }
    line.to_string()
}

/// A date line OCR garbled with a stray character or two (`2023人年5月24日`,
/// `&023年5月24日`: a seal's remnant) kept as its numbers and 年月日 only,
/// so the letter reader still sees the closing date (the receipt time never
/// comes from it).
pub fn repair_date(line: &str) -> Option<String> {
    let mut t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    // `2023年5月24哩`: the closing 日 itself misread.
    let mut rev = t.chars().rev();
    if let (Some(last), Some(before)) = (rev.next(), rev.next())
        && last != '日'
        && before.is_ascii_digit()
        && t.contains('年')
        && t.contains('月')
    {
        t.pop();
        t.push('日');
    }
    if t.chars().count() > 16 || !t.ends_with('日') || !t.contains('年') {
        return None;
    }
    let groups: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if let [y, m, d] = groups.as_slice()
        && y.len() == 4
        && m.len() <= 2
        && d.len() <= 2
    {
        return Some(format!("{y}年{m}月{d}日"));
    }
    if !t.contains('月') {
        return None;
    }
    let kept: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '年' | '月' | '日'))
        .collect();
    let stray = t.chars().count() - kept.chars().count();
    let digits = kept.chars().filter(char::is_ascii_digit).count();
    (stray <= 2 && digits >= 4 && kept.starts_with(|c: char| c.is_ascii_digit())).then_some(kept)
}

/// Lines at the top or bottom of two or more pages that read the same once
/// digits are ignored: running headers and footers.
fn running_lines(pages: &[Vec<String>]) -> Vec<String> {
    if pages.len() < 2 {
        return Vec::new();
    }
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for page in pages {
        let n = page.len();
        let mut seen = std::collections::HashSet::new();
        for (i, line) in page.iter().enumerate() {
            if !line.is_empty() && (i < 2 || i + 2 >= n) && seen.insert(shape(line)) {
                *counts.entry(shape(line)).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .map(|(s, _)| s)
        .collect()
}

/// A line with its digits replaced, so "第 1 页" and "第 2 页" match.
fn shape(line: &str) -> String {
    line.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Page numbers as printed: `3`, `- 3 -`, `—3—`, `第3页`, `第 3 页 共 5 页`,
/// `3/5`, `Page 3 of 5`.
pub fn is_page_number(line: &str) -> bool {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_matches(|c| matches!(c, '-' | '—' | '–' | '·' | '_'));
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest: String = s
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect::<String>()
        .to_lowercase();
    matches!(
        rest.as_str(),
        "" | "/" | "第页" | "第页共页" | "共页第页" | "page" | "pageof" | "页"
    )
}

/// Whether a character is Chinese (CJK ideographs and CJK punctuation).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Spaces next to a Chinese character dropped; half-width punctuation
/// next to one made full-width; straight quotes around Chinese made curly.
pub fn tidy_line(line: &str) -> String {
    let chars: Vec<char> = curly_quotes(line).chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = chars[..i].iter().rev().find(|c| !c.is_whitespace());
        let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        let near_cjk = prev.is_some_and(|&p| is_cjk(p)) || next.is_some_and(|&n| is_cjk(n));
        if c.is_whitespace() {
            if !near_cjk && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            continue;
        }
        out.push(if near_cjk { full_width(c, prev) } else { c });
    }
    out.trim().to_string()
}

/// The full-width form of punctuation written beside Chinese text. A full
/// stop after a digit stays (it numbers an item: `1.`).
fn full_width(c: char, prev: Option<&char>) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        '.' if prev.is_some_and(|&p| is_cjk(p)) => '。',
        c => c,
    }
}

/// Straight double quotes, alternating open and close.
fn curly_quotes(line: &str) -> String {
    let mut open = true;
    line.chars()
        .map(|c| match c {
            '"' => {
                let q = if open { '“' } else { '”' };
                open = !open;
                q
            }
            c => c,
        })
        .collect()
}

/// Join lines the page wrapped: a line joins the one before when that one
/// is nearly as long as the longest line and ends mid-sentence, and this
/// one does not start a new item or end like a salutation (`市科技局：`).
/// Blank lines end paragraphs and are dropped; table rows stay as they are.
pub fn reflow(lines: &[String]) -> String {
    let width = lines
        .iter()
        .filter(|l| !is_table_row(l))
        .map(|l| display_width(l))
        .max()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        if line.is_empty() {
            open = false;
            continue;
        }
        if is_table_row(line) {
            out.push(line.clone());
            open = false;
            continue;
        }
        let salutation = line.ends_with(['：', ':']) && display_width(line) <= 40;
        let after_title = out.len() == 1;
        match out.last_mut() {
            Some(last) if open && !after_title && !starts_item(line) && !salutation => {
                last.push_str(line)
            }
            _ => out.push(line.clone()),
        }
        let last = out.last().map_or("", |s| s.as_str());
        open = display_width(line) * 10 >= width * 8 && !ends_sentence(last) && width >= 20;
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// A table row as [`super::grid`] writes it (`| 1 | 第3条 | … |`): kept
/// as one line, never joined.
fn is_table_row(line: &str) -> bool {
    line.starts_with('|') && line.ends_with('|') && line.matches('|').count() >= 3
}

/// Width in columns: Chinese characters count two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['。', '；', '：', '！', '？', ':', ';'])
}

/// A line that starts an item or a part of a letter: `1.`, `（一）`, `一、`,
/// `第三条`, `附件`, a date.
fn starts_item(line: &str) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    let numerals = "一二三四五六七八九十";
    let after_digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if after_digits.len() < line.len() && after_digits.starts_with(['.', '．', '、', ')', '）'])
    {
        return true;
    }
    if first == '（' || first == '(' || first == '第' {
        return true;
    }
    let head: String = line.chars().take(4).collect();
    (numerals.contains(first) && head.contains('、')) || head.starts_with("附件")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stray_mark_after_a_signature_is_dropped() {
        assert_eq!(without_stray_mark("苏州 市 教育 局 ，"), "苏州 市 教育 局");
        assert_eq!(without_stray_mark("苏州市教育局，"), "苏州市教育局，");
        assert_eq!(without_stray_mark("建议增加 ，"), "建议增加 ，");
    }

    #[test]
    fn page_numbers_are_recognised() {
        for s in [
            "3",
            "- 3 -",
            "—3—",
            "第3页",
            "第 3 页 共 5 页",
            "3/5",
            "Page 3 of 5",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["第三条", "2023年5月24日", "1. 建议", "市外办"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn spaces_between_chinese_go_and_punctuation_becomes_full_width() {
        assert_eq!(tidy_line("市 外 办 :"), "市外办：");
        assert_eq!(tidy_line("2023 年 5 月 24 日"), "2023年5月24日");
        assert_eq!(
            tidy_line("1. 将 \"最高 1000 万元\" 修改为 \"最高 2000 万元\" ."),
            "1.将“最高1000万元”修改为“最高2000万元”。"
        );
        assert_eq!(tidy_line("see page 3 of it"), "see page 3 of it");
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let pages = vec![
            "市工信局文件\n关于意见的复函\n市科技局：\n- 1 -\n".to_string(),
            "市工信局文件\n特此函复。\n第 2 页\n".to_string(),
        ];
        assert_eq!(
            join_pages(&pages),
            "关于意见的复函\n市科技局：\n特此函复。\n"
        );
    }

    #[test]
    fn garbled_dates_are_repaired() {
        assert_eq!(
            repair_date("2023人年5月24日").as_deref(),
            Some("2023年5月24日")
        );
        assert_eq!(
            repair_date("2023 年 5 月 24 日").as_deref(),
            Some("2023年5月24日")
        );
        assert_eq!(
            repair_date("2023年5果-24日").as_deref(),
            Some("2023年5月24日")
        );
        assert_eq!(
            repair_date("&023年5月24日").as_deref(),
            Some("023年5月24日")
        );
        assert_eq!(repair_date("第3条责任单位加上市人社局。"), None);
    }

    #[test]
    fn specks_are_dropped() {
        assert_eq!(
            drop_specks("市外办\nee\n - \n2023年\nFPL PRS"),
            "市外办\n2023年"
        );
    }

    #[test]
    fn wrapped_lines_are_joined() {
        let lines: Vec<String> = [
            "关于意见的复函",
            "1. 建议将第二条中的“最高1000万元”修改为“最高",
            "2000万元”。",
            "2. 建议删去第三条中的“原则上”。",
            "特此函复。",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            reflow(&lines),
            "关于意见的复函\n1. 建议将第二条中的“最高1000万元”修改为“最高2000万元”。\n2. 建议删去第三条中的“原则上”。\n特此函复。\n"
        );
    }
}
