//! Breaking a long 公文 title into lines the way GB/T 9704 asks: at sense
//! boundaries (after 、，；, before the 的若干…, 征求意见…, …的函 tail),
//! never inside a word, as few lines as fit, the lines as even as they
//! can be (a 梯形 or 菱形 block, not a full line and a stub).

/// Line widths are counted in full-width characters: CJK characters and
/// full-width punctuation are 1, ASCII and other narrow characters 1/2.
fn width(c: char) -> u32 {
    if c.is_ascii() { 1 } else { 2 }
}

/// Opening brackets: never the last character of a line.
fn opening(c: char) -> bool {
    matches!(c, '《' | '（' | '(' | '“' | '‘' | '〔' | '【' | '〈' | '<')
}

/// Closing punctuation: never the first character of a line.
fn closing(c: char) -> bool {
    matches!(
        c,
        '》' | '）'
            | ')'
            | '”'
            | '’'
            | '〕'
            | '】'
            | '〉'
            | '>'
            | '、'
            | '，'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
    )
}

/// Words a title line may start with (a good place to break before), with
/// their penalty: lower is better.
const GOOD_STARTS: &[(&str, u32)] = &[
    ("征求意见采纳情况汇总表", 0),
    ("征求意见的函", 0),
    ("征求意见稿", 2),
    ("修改意见的函", 0),
    ("修改对照表", 0),
    ("采纳情况汇总表", 1),
    ("意见的函", 1),
    ("的若干", 1),
    ("的实施意见", 1),
    ("的通知", 1),
    ("的函", 1),
    ("若干政策", 2),
    ("若干措施", 2),
    ("关于", 2),
    ("国家", 3),
    ("进一步", 3),
    ("征求", 3),
];

/// The penalty of breaking before character `i` (`None`: never).
fn penalty(chars: &[char], i: usize) -> Option<u32> {
    let prev = *chars.get(i.checked_sub(1)?)?;
    let next = *chars.get(i)?;
    if closing(next) || opening(prev) {
        return None;
    }
    if matches!(prev, '、' | '，' | '；' | '：' | '。') {
        return Some(0);
    }
    let rest: String = chars[i..].iter().take(12).collect();
    if let Some((_, p)) = GOOD_STARTS.iter().find(|(w, _)| rest.starts_with(w)) {
        return Some(*p);
    }
    if next == '《' {
        return Some(1);
    }
    if matches!(prev, '》' | '）' | ')' | '”') || opening(next) {
        return Some(4);
    }
    if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
        return None;
    }
    if matches!(next, '的' | '和' | '与' | '及') {
        return Some(6);
    }
    // Inside a run of CJK characters: likely inside a word.
    Some(40)
}

/// Whether a title may break before its `at`-th character without cutting
/// a word: after 、，；, before a 《 or a known tail (的若干…, 征求意见…),
/// next to brackets.
pub fn is_sense_boundary(title: &str, at: usize) -> bool {
    let chars: Vec<char> = title.chars().collect();
    penalty(&chars, at).is_some_and(|p| p < 10)
}

/// `title` broken into lines of at most `max_chars` full-width characters
/// (a single line when it fits).
pub fn title_lines(title: &str, max_chars: u32) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let cap = max_chars.max(4) * 2;
    let total: u32 = chars.iter().map(|c| width(*c)).sum();
    if total <= cap || chars.len() < 2 {
        return vec![title.to_string()];
    }
    // best[i]: the cost of laying out chars[..i] ending a line at i, and
    // where that line started.
    let n = chars.len();
    let mut best: Vec<Option<(u64, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        let pen = if end == n {
            Some(0)
        } else {
            penalty(&chars, end)
        };
        let Some(pen) = pen else { continue };
        let mut w = 0u32;
        for start in (0..end).rev() {
            w += width(chars[start]);
            if w > cap {
                break;
            }
            let Some((before, _)) = best[start] else {
                continue;
            };
            let slack = u64::from(cap - w);
            // A line costs less than a break inside a word, more than a
            // break at a sense boundary; then evenness.
            let cost = before + 100_000 + u64::from(pen) * 20_000 + slack * slack;
            if best[end].is_none_or(|(c, _)| cost < c) {
                best[end] = Some((cost, start));
            }
        }
    }
    let mut lines = Vec::new();
    let mut end = n;
    while end > 0 {
        let Some((_, start)) = best[end] else {
            return vec![title.to_string()];
        };
        lines.push(chars[start..end].iter().collect::<String>());
        end = start;
    }
    lines.reverse();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUZHOU: &str = "关于进一步支持国家生物药技术创新中心、国家第三代半导体技术创新中心（苏州）、国家新一代人工智能创新发展试验区的若干政策";

    #[test]
    fn a_short_title_is_one_line() {
        assert_eq!(title_lines("关于征求意见的函", 20), ["关于征求意见的函"]);
    }

    #[test]
    fn titles_break_at_sense_boundaries_never_inside_a_word() {
        let title = format!("《{SUZHOU}》征求意见采纳情况汇总表");
        let lines = title_lines(&title, 28);
        assert_eq!(lines.concat(), title);
        assert!(lines.iter().all(|l| l.chars().count() <= 28), "{lines:?}");
        for l in &lines {
            assert!(
                l.ends_with('、')
                    || l.ends_with('》')
                    || l.ends_with("政策")
                    || l.ends_with("汇总表"),
                "{lines:?}"
            );
        }
        let letter = format!("关于请尽快反馈《{SUZHOU}（征求意见稿）》修改意见的函");
        let lines = title_lines(&letter, 20);
        assert_eq!(lines.concat(), letter);
        assert!(!lines.iter().any(|l| l == "函"), "{lines:?}");
        for l in &lines {
            assert!(
                !l.starts_with(|c: char| closing(c)) && !l.ends_with(|c: char| opening(c)),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn lines_are_balanced() {
        let lines = title_lines("关于印发《苏州市促进科技创新若干措施》的通知", 20);
        assert_eq!(lines, ["关于印发", "《苏州市促进科技创新若干措施》的通知"]);
    }
}
