//! Department names: the normal form names are compared in, and the
//! closest listed names to suggest when a name is unknown.
//!
//! Replies and drafts write the same body in many ways: full-width or
//! half-width brackets, 〈〉 or <> for （）, stray spaces, full-width digits.
//! [`normalise`] removes exactly those differences; anything else (市卫健委
//! for 市卫生健康委) must be an explicit alias in consult.yaml.

/// The normal form of a name: every bracket of （）()〈〉<>【】[] becomes one
/// pair `()`, white space (including the ideographic space U+3000) and
/// zero-width characters are removed, and full-width ASCII letters and digits
/// become half-width.
pub fn normalise(name: &str) -> String {
    name.chars().filter_map(normal_char).collect()
}

/// One character in normal form, or `None` when it is dropped.
fn normal_char(c: char) -> Option<char> {
    match c {
        '（' | '(' | '〈' | '<' | '【' | '[' | '＜' | '［' => Some('('),
        '）' | ')' | '〉' | '>' | '】' | ']' | '＞' | '］' => Some(')'),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        c if c.is_whitespace() => None,
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(u32::from(c) - 0xFEE0).or(Some(c))
        }
        c => Some(c),
    }
}

/// Standard abbreviations of official names, long form first, applied in
/// this order: 苏州工业园区管理委员会 and 苏州工业园区管委会, 市人民政府办公室
/// and 市政府办, 市市场监督管理局 and 市市场监管局, 市卫生健康委员会 and
/// 市卫生健康委 each come to the same short form.
const SHORT_FORMS: [(&str, &str); 9] = [
    ("人民政府办公室", "政府办"),
    ("管理委员会", "管委会"),
    ("监督管理局", "监管局"),
    ("委员会", "委"),
    ("办公室", "办"),
    ("人民政府", "政府"),
    ("集团有限公司", "集团"),
    ("有限责任公司", "公司"),
    ("有限公司", "公司"),
];

/// `name` in normal form with the standard long forms of [`SHORT_FORMS`]
/// abbreviated (管理委员会 → 管委会, 人民政府办公室 → 政府办, …). Two names
/// with the same short form are the long and the short way of writing one
/// name; nothing else (no fuzzy matching) is changed.
pub fn short_form(name: &str) -> String {
    SHORT_FORMS
        .iter()
        .fold(normalise(name), |n, (long, short)| n.replace(long, short))
}

/// The place a full official name starts with: 苏州 for 苏州市科学技术局
/// (the characters before the first 市, two to four of them, after an
/// optional 中共). `None` when the name does not start that way.
pub fn locality_of(full_name: &str) -> Option<String> {
    let name = full_name.trim();
    let name = name.strip_prefix("中共").unwrap_or(name);
    let at = name.find('市')?;
    let place = name.get(..at)?;
    let count = place.chars().count();
    ((2..=4).contains(&count) && place.chars().all(|c| !c.is_ascii())).then(|| place.to_string())
}

/// `name` with the consultation's `locality` removed from its front, as a
/// listed short name would be written: 苏州市工业和信息化局 → 市工业和信息化局,
/// 中共苏州市委组织部 → 市委组织部, 苏州工业园区 → 工业园区 is not done (only
/// `<locality>市…`). A leading 中共 goes with it. `None` when nothing is
/// removed.
pub fn strip_locality(name: &str, locality: &str) -> Option<String> {
    let name = name.trim();
    let without_party = name.strip_prefix("中共").unwrap_or(name);
    let rest = without_party.strip_prefix(locality)?;
    rest.starts_with('市')
        .then(|| rest.to_string())
        .filter(|r| r.chars().count() >= 2)
}

/// Edit distance (insertions, deletions, substitutions) between two strings,
/// counted in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let left = row.get(j).copied().unwrap_or(usize::MAX - 1);
            let cost = diagonal + usize::from(ca != *cb);
            let best = cost.min(above + 1).min(left + 1);
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// Length in characters of the longest substring the two strings share.
pub fn longest_common_substring(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous = vec![0usize; b.len() + 1];
    let mut best = 0;
    for ca in a.chars() {
        let mut current = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == *cb {
                let run = previous.get(j).copied().unwrap_or(0) + 1;
                if let Some(cell) = current.get_mut(j + 1) {
                    *cell = run;
                }
                best = best.max(run);
            }
        }
        previous = current;
    }
    best
}

/// How close `candidate` is to `name` (both in normal form), or `None` when
/// it is not reasonably close. Higher is closer.
fn closeness(name: &str, candidate: &str) -> Option<usize> {
    let edits = levenshtein(name, candidate);
    let shared = longest_common_substring(name, candidate);
    let longest = name.chars().count().max(candidate.chars().count());
    let shortest = name.chars().count().min(candidate.chars().count());
    // Close: at most a third of the characters edited, or at least three
    // characters in a row shared that make up half of the shorter name.
    let few_edits = edits * 3 <= longest;
    let shares_a_part = shared >= 3 && shared * 2 >= shortest;
    if edits == 0 || shortest == 0 || !(few_edits || shares_a_part) {
        return None;
    }
    // Half for the characters left unedited, half for how much of the
    // shorter name is found whole in the other (in thousandths).
    Some(500 * (longest - edits) / longest + 500 * shared / shortest)
}

/// The `n` candidates closest to `name`, best first; only reasonably close
/// ones (a few edits away, or sharing a good part), never `name` itself.
/// Ties keep the candidates' order.
pub fn closest<'a>(name: &str, candidates: &[&'a str], n: usize) -> Vec<&'a str> {
    let wanted = normalise(name);
    let mut scored: Vec<(usize, usize, &'a str)> = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        if scored.iter().any(|(_, _, seen)| seen == candidate) {
            continue;
        }
        if let Some(score) = closeness(&wanted, &normalise(candidate)) {
            scored.push((score, index, candidate));
        }
    }
    scored.sort_by_key(|&(score, index, _)| (std::cmp::Reverse(score), index));
    scored.into_iter().take(n).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locality_comes_from_the_full_name_and_is_removed_from_names() {
        assert_eq!(locality_of("苏州市科学技术局").as_deref(), Some("苏州"));
        assert_eq!(locality_of("中共苏州市委组织部").as_deref(), Some("苏州"));
        assert_eq!(locality_of("科学技术局"), None);
        assert_eq!(
            strip_locality("苏州市工业和信息化局", "苏州").as_deref(),
            Some("市工业和信息化局")
        );
        assert_eq!(
            strip_locality("中共苏州市委组织部", "苏州").as_deref(),
            Some("市委组织部")
        );
        assert_eq!(strip_locality("苏州工业园区管委会", "苏州"), None);
        assert_eq!(strip_locality("无锡市工信局", "苏州"), None);
    }

    #[test]
    fn long_and_short_official_forms_have_one_short_form() {
        for (long, short) in [
            ("苏州工业园区管理委员会", "苏州工业园区管委会"),
            ("市人民政府办公室", "市政府办"),
            ("市市场监督管理局", "市市场监管局"),
            ("市卫生健康委员会", "市卫生健康委"),
            ("吴中区人民政府", "吴中区政府"),
            ("苏州市大数据集团有限公司", "苏州市大数据集团"),
            ("苏州高新区管理委员会（虎丘区）", "苏州高新区管委会(虎丘区)"),
        ] {
            assert_eq!(short_form(long), short_form(short), "{long} / {short}");
        }
    }

    #[test]
    fn different_names_keep_different_short_forms() {
        for (a, b) in [
            ("苏州工业园区经济发展委员会", "苏州工业园区管委会"),
            ("市委办公室", "市政府办公室"),
            ("市卫生健康委员会", "市卫健委"),
            ("市场监督管理局", "市市场监管局"),
        ] {
            assert_ne!(short_form(a), short_form(b), "{a} / {b}");
        }
    }

    #[test]
    fn brackets_of_every_width_become_one_pair() {
        assert_eq!(
            normalise("各县级市（区）人民政府<管委会>"),
            "各县级市(区)人民政府(管委会)"
        );
        assert_eq!(
            normalise("各县级市（区）人民政府（管委会）"),
            normalise("各县级市(区)人民政府〈管委会〉")
        );
        assert_eq!(normalise("【市科技局】"), normalise("[市科技局]"));
        assert_eq!(normalise("＜市科技局＞"), "(市科技局)");
        assert_eq!(normalise("［市科技局］"), "(市科技局)");
    }

    #[test]
    fn book_title_marks_are_not_brackets() {
        assert_eq!(normalise("《政策》"), "《政策》");
    }

    #[test]
    fn white_space_of_every_kind_is_removed() {
        assert_eq!(normalise(" 市 科技局\u{3000}\t\n"), "市科技局");
        assert_eq!(normalise("市\u{200B}科技局\u{FEFF}"), "市科技局");
    }

    #[test]
    fn full_width_letters_and_digits_become_half_width() {
        assert_eq!(normalise("ＡＩ中心１号ｂ"), "AI中心1号b");
        assert_eq!(normalise("AI中心1号"), "AI中心1号");
    }

    #[test]
    fn other_characters_are_kept() {
        assert_eq!(normalise("市卫健委"), "市卫健委");
        assert_ne!(normalise("市卫健委"), normalise("市卫生健康委"));
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn levenshtein_counts_characters_not_bytes() {
        assert_eq!(levenshtein("市人设局", "市人社局"), 1);
        assert_eq!(levenshtein("", "市科技局"), 4);
        assert_eq!(levenshtein("市科技局", ""), 4);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("市科技局", "市科技局"), 0);
    }

    #[test]
    fn longest_common_substring_in_characters() {
        assert_eq!(
            longest_common_substring("高新区", "苏州高新区管委会（虎丘区）"),
            3
        );
        assert_eq!(longest_common_substring("市外办", "市教育局"), 1);
        assert_eq!(longest_common_substring("", "市教育局"), 0);
    }

    const LISTED: [&str; 8] = [
        "市大数据局",
        "市委组织部（人才办）",
        "市人社局",
        "市教育局",
        "市外办",
        "市科技局",
        "苏州工业园区管委会",
        "苏州高新区管委会（虎丘区）",
    ];

    #[test]
    fn a_typo_suggests_the_listed_name() {
        assert_eq!(closest("市人设局", &LISTED, 3).first(), Some(&"市人社局"));
        assert_eq!(closest("市科技厅", &LISTED, 3).first(), Some(&"市科技局"));
    }

    #[test]
    fn a_shared_part_suggests_the_listed_name() {
        assert_eq!(
            closest("苏州工业园区", &LISTED, 3),
            vec!["苏州工业园区管委会"]
        );
        assert_eq!(
            closest("高新区管委会", &LISTED, 3).first(),
            Some(&"苏州高新区管委会（虎丘区）")
        );
    }

    #[test]
    fn unrelated_names_are_not_suggested() {
        assert!(closest("市财政局", &["市外办", "苏创投集团"], 3).is_empty());
        assert!(closest("xyz", &LISTED, 3).is_empty());
        assert!(closest("", &LISTED, 3).is_empty());
    }

    #[test]
    fn sharing_only_the_city_prefix_is_not_close() {
        let found = closest("市人设局", &["市外办", "市大数据局", "苏创投集团"], 3);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_name_itself_is_not_suggested() {
        assert!(closest("市科技局", &["市科技局"], 3).is_empty());
        assert!(closest("市科技局", &["市科技局 "], 3).is_empty());
    }

    #[test]
    fn best_first_and_at_most_n() {
        let found = closest("市科技局", &["市科学技术局", "市科技厅", "市科技"], 2);
        assert_eq!(found.len(), 2);
        assert!(
            found.iter().all(|c| *c == "市科技厅" || *c == "市科技"),
            "{found:?}"
        );
        assert!(closest("市科技厅", &LISTED, 0).is_empty());
    }

    #[test]
    fn duplicate_candidates_are_suggested_once() {
        assert_eq!(
            closest("市科技厅", &["市科技局", "市科技局"], 3),
            vec!["市科技局"]
        );
    }
}
