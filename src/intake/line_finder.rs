//! Where opinions start in a reply body: the line of the first occurrence
//! of each opinion's opening words, found for all opinions in one pass over
//! the body (Aho-Corasick), so a reply of many opinions stays linear
//! instead of searching the whole body again for every opinion.

use aho_corasick::AhoCorasick;

/// The opening words an opinion is found by: the first 12 characters of
/// its first line (`None` when that is empty).
fn opening(text: &str) -> Option<String> {
    let first: String = text.lines().next()?.chars().take(12).collect();
    (!first.is_empty()).then_some(first)
}

/// For each of `texts`, the 1-based line of `hay` where the first
/// occurrence of its opening words starts (`None` when absent or empty).
/// Same answer as searching `hay` from the start for each text, in time
/// linear in `hay` plus the texts' openings.
pub fn lines_of(hay: &str, texts: &[&str]) -> Vec<Option<usize>> {
    let openings: Vec<Option<String>> = texts.iter().map(|t| opening(t)).collect();
    let mut patterns: Vec<&str> = openings.iter().flatten().map(String::as_str).collect();
    patterns.sort_unstable();
    patterns.dedup();
    let firsts = first_occurrences(hay, &patterns);
    let newlines: Vec<usize> = hay.match_indices('\n').map(|(i, _)| i).collect();
    openings
        .iter()
        .map(|o| {
            let p = patterns.binary_search(&o.as_deref()?).ok()?;
            let at = firsts.get(p).copied().flatten()?;
            Some(newlines.partition_point(|&n| n < at) + 1)
        })
        .collect()
}

/// The byte offset of the leftmost occurrence of each pattern in `hay`.
fn first_occurrences(hay: &str, patterns: &[&str]) -> Vec<Option<usize>> {
    let mut firsts = vec![None; patterns.len()];
    if patterns.is_empty() {
        return firsts;
    }
    let Ok(ac) = AhoCorasick::new(patterns) else {
        return patterns.iter().map(|p| hay.find(p)).collect();
    };
    let mut missing = patterns.len();
    // Overlapping matches come in order of their end; for one pattern
    // (one length) that is also the order of their start.
    for m in ac.find_overlapping_iter(hay) {
        let slot = &mut firsts[m.pattern().as_usize()];
        if slot.is_none() {
            *slot = Some(m.start());
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    firsts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-search-per-opinion definition this module replaces.
    fn line_in(hay: &str, needle: &str) -> Option<usize> {
        let first = opening(needle)?;
        hay.find(&first)
            .map(|at| hay[..at].matches('\n').count() + 1)
    }

    #[test]
    fn same_lines_as_searching_each_opinion() {
        let hay =
            "前言\n一、建议将“甲”改为“乙”。\n二、建议删除。\n建议将“甲”改为“乙”。\n\n三、同上\n";
        let texts = [
            "建议将“甲”改为“乙”。",
            "二、建议删除。\n理由：重复",
            "同上",
            "不在其中",
            "",
            "建议",
            "建议将“甲”改为“乙”。再多写几个字",
        ];
        let expected: Vec<_> = texts.iter().map(|t| line_in(hay, t)).collect();
        assert_eq!(lines_of(hay, &texts), expected);
        assert_eq!(expected[0], Some(2));
    }

    #[test]
    fn many_opinions_in_a_long_body_one_pass() {
        // 20 000 opinions: one search each from the start would be
        // quadratic; the answer must still be each opinion's own line.
        let body: String = (0..20_000)
            .map(|i| format!("意见{i:05}：建议修改。\n"))
            .collect();
        let texts: Vec<String> = (0..20_000)
            .map(|i| format!("意见{i:05}：建议修改。"))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let lines = lines_of(&body, &refs);
        assert!(lines.iter().enumerate().all(|(i, l)| *l == Some(i + 1)));
    }
}
