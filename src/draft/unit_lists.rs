//! The lists of units a clause names, in the layouts drafts use:
//! `（责任单位：A、B）`, `（牵头单位：A；责任单位：B、C）`,
//! `（责任单位：A；配合单位：B）`, `A（牵头）、B`, a block that starts
//! `责任单位：…`, and more than one such bracket in one block; the role
//! may be called 部门 (`责任部门：`, `牵头部门：`), the colon may be ASCII,
//! and names may be separated by 、 ， ； or a full-width space
//! (`市科技局　市财政局`). A bracket that says who leads and who helps in
//! words, `（市科技局牵头，市财政局、市人社局配合）`, is a list too
//! ([`verb_frames`]; tester5 L4) — only when every part of it is names
//! followed by such a word, so prose is never read as units. Every unit
//! named in them (牵头, 责任, 配合 …) is one of the clause's responsible
//! units, each once, in the order written (tester3 L13, tester4 L8).

use super::list_words::{ListWord, list_words};
use super::{UNITS, is_space, matching_close, split_top};

/// The role names a unit list is given under. 责任单位 (责任部门) is the
/// list staff edit (where `revise` adds a unit); the others split it by
/// role. Each is four characters (12 bytes), ending 单位 or 部门.
const ROLES: [&str; 12] = [
    UNITS,
    "牵头单位",
    "配合单位",
    "协办单位",
    "参与单位",
    "协助单位",
    "责任部门",
    "牵头部门",
    "配合部门",
    "协办部门",
    "参与部门",
    "协助部门",
];

/// The role names of the list `revise` adds a unit to.
const MAIN_ROLES: [&str; 2] = [UNITS, "责任部门"];

/// Notes after a unit's name that are not part of it: `市财政局（牵头）`.
const NOTES: [&str; 8] = [
    "（牵头）",
    "(牵头)",
    "（配合）",
    "(配合)",
    "（协办）",
    "(协办)",
    "（参与）",
    "(参与)",
];

/// The words after the names in a bracket like `（市科技局牵头，市财政局
/// 配合）`; 牵头 must be one of them.
pub(crate) const VERBS: [&str; 6] = ["牵头", "配合", "负责", "协办", "参与", "协助"];

/// What separates the names of one list.
const NAME_SEPS: [char; 6] = ['、', '，', ',', '；', ';', '\u{3000}'];

/// Where a role name (`责任单位`, `牵头部门`, …) starts in `text`, in order
/// (byte offsets).
pub(crate) fn role_places(text: &str) -> impl Iterator<Item = usize> + '_ {
    list_words(text.as_bytes())
        .into_iter()
        .filter(|&(_, w)| w != ListWord::Lead)
        .filter_map(|(at, _)| role_at(text, at))
}

/// [`ROLES`] as twelve-byte arrays: compared in a few instructions each,
/// where twelve string compares (a library call each) took 0.3 ms of a
/// 1 MB draft's reading at its 2 700 `有关部门`.
const ROLE_BYTES: [[u8; 12]; 12] = {
    let mut out = [[0u8; 12]; 12];
    let mut r = 0;
    while r < ROLES.len() {
        let bytes = ROLES[r].as_bytes();
        let mut k = 0;
        while k < 12 {
            out[r][k] = bytes[k];
            k += 1;
        }
        r += 1;
    }
    out
};

/// Where the role name ending in the `单位`/`部门` at byte `at` starts,
/// if one does: every role name is two characters (6 bytes) before it.
/// (A match starts with a role name's first byte, a character's start.)
fn role_at(text: &str, at: usize) -> Option<usize> {
    let start = at.checked_sub(6)?;
    let word: &[u8; 12] = text.as_bytes().get(start..at + 6)?.try_into().ok()?;
    ROLE_BYTES.contains(word).then_some(start)
}

/// Where every unit list of `text` may start, in order: each role name,
/// and the first name of each bracket whose names lead to a 牵头
/// ([`frame_start`]). A superset of what [`unit_lists`] reads (a bracket
/// need not be closed yet), for finding quickly the blocks that name units
/// and whether a place is inside a list.
pub(crate) fn places(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = list_words(text.as_bytes())
        .into_iter()
        .filter_map(|(at, w)| match w {
            ListWord::Lead => frame_start(text, at),
            ListWord::Unit | ListWord::Dept => role_at(text, at),
        })
        .collect();
    // A bracket's 牵头 after a nested one's gives an earlier start.
    out.sort_unstable();
    out.dedup();
    out
}

/// For the `牵头` at byte `lead` of `text`: where the names of the bracket
/// it ends start (just after `（`), when everything from the bracket to it
/// is names and, before them, other `names+word` parts (`（市财政局配合，
/// 市科技局牵头`).
fn frame_start(text: &str, lead: usize) -> Option<usize> {
    let before = text.get(..lead)?;
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            '）' | ')' | '>' | '〉' => depth += 1,
            '（' | '(' | '<' | '〈' if depth > 0 => depth -= 1,
            '（' | '(' => {
                let start = i + c.len_utf8();
                let inner = before.get(start..)?;
                return lead_parts(inner).then_some(start);
            }
            '。' | '：' | ':' | '\n' => return None,
            _ => {}
        }
        if before.len() - i > 600 {
            return None;
        }
    }
    None
}

/// Whether `inner` (from the names after `（` up to a `牵头`) is names,
/// after any number of complete `names+word` parts.
fn lead_parts(inner: &str) -> bool {
    let parts = split_parts(inner);
    let Some((last, done)) = parts.split_last() else {
        return false;
    };
    are_names(inner.get(last.clone()).unwrap_or_default())
        && done.iter().all(|p| {
            let part = inner.get(p.clone()).unwrap_or_default();
            VERBS
                .iter()
                .find_map(|v| part.trim_end_matches(is_space).strip_suffix(v))
                .is_some_and(are_names)
        })
}

/// The byte ranges of the parts of a bracket's text, split on ，；,;
/// outside nested brackets.
fn split_parts(inner: &str) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '（' | '(' | '<' | '〈' => depth += 1,
            '）' | ')' | '>' | '〉' => depth = depth.saturating_sub(1),
            '，' | '；' | ',' | ';' if depth == 0 => {
                parts.push(from..i);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(from..inner.len());
    parts
}

/// Whether `text` is a list of unit names and nothing else: each name
/// (split on 、 or a full-width space) short, ending like a body's name
/// (局, 委, 办, 政府, 部门 …, or a bracket), with no word of running
/// text (由, 工作, 按照 …) and no digit.
fn are_names(text: &str) -> bool {
    let names = split_top(text, &['、', '\u{3000}']);
    !names.is_empty() && names.iter().all(|n| is_name(n))
}

fn is_name(name: &str) -> bool {
    const PROSE: [&str; 8] = ["由", "工作", "按照", "根据", "其中", "会同", "要", "将"];
    let name = drop_etc(drop_note(name.to_string()));
    let count = name.chars().count();
    let ends = crate::intake::freetext::UNIT_SUFFIXES
        .iter()
        .chain(&["部门", "单位", "政府"])
        .any(|s| name.ends_with(s))
        || name.ends_with(['）', ')', '>', '〉']);
    (2..=30).contains(&count)
        && ends
        && !name.starts_with('第')
        && !PROSE.iter().any(|w| name.contains(w))
        && !name
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || "。：:，,；;！？“”\"".contains(c))
}

/// One list of units in a block's text: the byte range of the names
/// (after the colon, up to the `；` or `）` that ends it), and whether it
/// is the 责任单位 list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listed {
    pub start: usize,
    pub end: usize,
    pub main: bool,
}

/// Whether `line` starts with a role name and its colon (`责任单位：…`,
/// `牵头部门:…`): a line of its own, never part of the line before.
pub(crate) fn starts_list(line: &str) -> bool {
    let line = line.trim_start_matches(is_space);
    line.get(..UNITS.len())
        .is_some_and(|role| ROLES.contains(&role))
        && after_colon(line, 0).is_some()
}

/// Where the names after the role name at `at` start: after its colon
/// (`：` or `:`, spaces allowed before it); `None` when no colon follows.
fn after_colon(text: &str, at: usize) -> Option<usize> {
    let after = text.get(at + UNITS.len()..)?;
    let trimmed = after.trim_start_matches(is_space);
    let colon = trimmed.chars().next().filter(|c| matches!(c, '：' | ':'))?;
    Some(at + UNITS.len() + (after.len() - trimmed.len()) + colon.len_utf8())
}

/// Every unit list of `text`, in order: each bracket that opens with a
/// role name, `（牵头单位：…；责任单位：…）`, read as `role：names` fields
/// separated by ；or ，; and a block that starts with a role name, to its
/// end.
pub(crate) fn unit_lists(text: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut read_to = 0usize;
    for at in role_places(text) {
        if at < read_to || after_colon(text, at).is_none() {
            continue;
        }
        let before = text
            .get(..at)
            .unwrap_or_default()
            .trim_end_matches(is_space);
        let end = if before.ends_with(['（', '(']) {
            let open = before.chars().next_back().map_or(0, char::len_utf8);
            matching_close(text, before.len() - open)
        } else if before.is_empty() {
            Some(text.trim_end_matches(|c| is_space(c) || c == '。').len())
        } else {
            None
        };
        if let Some(end) = end.filter(|&end| end > at) {
            fields(text, at, end, &mut out);
            read_to = end;
        }
    }
    let frames = verb_frames(text);
    if !frames.is_empty() {
        out.extend(frames);
        out.sort_by_key(|l| l.start);
    }
    out
}

/// The lists of each bracket of `text` that says in words who leads and
/// who helps: `（市科技局牵头，市财政局、市人社局配合）` (also `负责`,
/// `协办`, `参与`, `协助`), one list per part (the names before the word).
/// Every part must be names and a word, and one of them 牵头; the last
/// part is the main list (where `revise` adds a unit).
fn verb_frames(text: &str) -> Vec<Listed> {
    let mut out = Vec::new();
    let mut read_to = 0usize;
    let leads = list_words(text.as_bytes())
        .into_iter()
        .filter(|&(_, w)| w == ListWord::Lead);
    for (lead, _) in leads {
        if lead < read_to {
            continue;
        }
        let Some(start) = frame_start(text, lead) else {
            continue;
        };
        let open = start
            - text
                .get(..start)
                .and_then(|b| b.chars().next_back())
                .map_or(0, char::len_utf8);
        let Some(close) = matching_close(text, open).filter(|&c| c < text.len()) else {
            continue;
        };
        let inner = text.get(start..close).unwrap_or_default();
        let mut lists = Vec::new();
        for part in split_parts(inner) {
            let words = inner.get(part.clone()).unwrap_or_default();
            let trimmed = words.trim_end_matches(is_space);
            let Some(names) = VERBS.iter().find_map(|v| trimmed.strip_suffix(v)) else {
                lists.clear();
                break;
            };
            if !are_names(names) {
                lists.clear();
                break;
            }
            let lead_space = names.len() - names.trim_start_matches(is_space).len();
            let names_end = names.trim_end_matches(is_space).len();
            lists.push(Listed {
                start: start + part.start + lead_space,
                end: start + part.start + names_end,
                main: false,
            });
        }
        if let Some(last) = lists.last_mut() {
            last.main = true;
            out.append(&mut lists);
            read_to = close;
        }
    }
    out
}

/// The `role：names` fields of `text[from..end]` (which starts with a role
/// name) as lists: a field ends where `；`/`，` is followed by another role
/// name and its colon.
fn fields(text: &str, from: usize, end: usize, out: &mut Vec<Listed>) {
    let inner = text.get(from..end).unwrap_or_default();
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (role at, field end before it)
    for p in role_places(inner).map(|p| from + p).filter(|&p| p > from) {
        let before = text.get(..p).unwrap_or_default().trim_end_matches(is_space);
        let sep = before.chars().next_back().filter(|c| "；;，,".contains(*c));
        if let (Some(sep), Some(_)) = (sep, after_colon(text, p)) {
            starts.push((p, before.len() - sep.len_utf8()));
        }
    }
    let mut role = from;
    for (next_role, field_end) in starts.into_iter().chain([(end, end)]) {
        if let Some(start) = after_colon(text, role) {
            let main = text
                .get(role..)
                .is_some_and(|t| MAIN_ROLES.iter().any(|r| t.starts_with(r)));
            out.push(Listed {
                start,
                end: field_end.max(start),
                main,
            });
        }
        role = next_role;
    }
}

/// The units named in `lists` of `text`: split on 、 ， ； or a
/// full-width space outside brackets, a trailing 等, a role note
/// (`（牵头）`) and a role word (`市科技局牵头，市财政局配合` in a
/// `责任单位：` list: tester15 M3) dropped from each, each name once, in
/// order.
pub(crate) fn names(text: &str, lists: &[Listed]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lists {
        let inner = text.get(l.start..l.end).unwrap_or_default();
        for unit in split_top(inner, &NAME_SEPS) {
            // A note left alone (`（牵头）`) names no unit.
            if NOTES.contains(&unit.as_str()) {
                continue;
            }
            let unit = drop_verb(drop_etc(drop_note(unit)));
            if !unit.is_empty() && !refers_elsewhere(&unit) && !out.contains(&unit) {
                out.push(unit);
            }
        }
    }
    out
}

/// `市财政局（牵头）` → `市财政局`.
pub(super) fn drop_note(unit: String) -> String {
    without_end(unit, &NOTES)
}

/// `unit` without the first of `ends` it ends with, unless nothing would
/// be left (a lone `等` or `配合` stays).
fn without_end(unit: String, ends: &[&str]) -> String {
    match ends.iter().find_map(|e| unit.strip_suffix(e)) {
        Some(name) if !name.trim_end().is_empty() => name.trim_end().to_string(),
        _ => unit,
    }
}

/// The word a list's item carries after its name, `等` or a role word of
/// [`VERBS`] (`市人社局配合`), which stays with the list when the name
/// goes: None when the item ends with neither or is nothing else.
pub(crate) fn carried_word(item: &str) -> Option<&'static str> {
    VERBS
        .iter()
        .chain(&ETC)
        .copied()
        .find(|w| item.ends_with(w) && item.len() > w.len())
}

/// Whether a list's text sends the reader elsewhere instead of naming a
/// unit: `见附件1`, `详见附表2` (tester15 L7: read as a unit named 见附件1).
fn refers_elsewhere(unit: &str) -> bool {
    let rest = unit
        .strip_prefix("详见")
        .or_else(|| unit.strip_prefix('见'))
        .unwrap_or_default();
    rest.starts_with("附件") || rest.starts_with("附表")
}

/// `市财政局配合` → `市财政局` (a lone `配合` stays): the words of
/// [`VERBS`], which no unit's name ends with.
pub(super) fn drop_verb(unit: String) -> String {
    without_end(unit, &VERBS)
}

/// `市农业农村局等` → `市农业农村局` (a lone `等` stays).
fn drop_etc(unit: String) -> String {
    without_end(unit, &ETC)
}

/// The word after the last name of a list that goes on.
const ETC: [&str; 1] = ["等"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_bytes_are_the_role_names() {
        for (bytes, name) in ROLE_BYTES.iter().zip(ROLES) {
            assert_eq!(bytes.as_slice(), name.as_bytes());
        }
        // A role name is found; 有关部门, and a role name cut short, not.
        let text = "（责任单位：市科技局）有关部门配合部门";
        let at = |word: &str| text.find(word).unwrap_or(0) + word.len() - "单位".len();
        assert_eq!(role_at(text, at("责任单位")), text.find("责任单位"));
        assert_eq!(role_at(text, at("有关部门")), None);
        assert_eq!(role_at(text, at("配合部门")), text.find("配合部门"));
        assert_eq!(role_at("部门", 0), None);
    }

    fn units(text: &str) -> Vec<String> {
        names(text, &unit_lists(text))
    }

    /// tester15 L7: `（责任单位：见附件1）` named a unit 见附件1.
    #[test]
    fn a_list_that_points_to_an_attachment_names_no_unit() {
        assert!(units("甲（责任单位：见附件1）").is_empty());
        assert!(units("甲（责任单位：详见附表2）").is_empty());
        assert_eq!(units("甲（责任单位：市科技局、见附件1）"), ["市科技局"]);
        // A name that merely starts with 见 stays.
        assert_eq!(units("甲（责任单位：见义勇为基金会）"), ["见义勇为基金会"]);
    }

    /// tester15 M3: `（责任单位：市科技局牵头，市财政局配合）` named the
    /// units `市科技局牵头` and `市财政局配合`.
    #[test]
    fn role_words_after_names_in_a_role_list_are_not_part_of_them() {
        assert_eq!(
            units("甲（责任单位：市科技局牵头，市财政局、市人社局配合）"),
            ["市科技局", "市财政局", "市人社局"]
        );
        assert_eq!(units("甲（责任单位：市科技局负责）"), ["市科技局"]);
        // A name that merely contains such a word keeps it.
        assert_eq!(units("甲（责任单位：市牵头办公室）"), ["市牵头办公室"]);
    }

    #[test]
    fn lead_and_responsible_units_are_all_read() {
        assert_eq!(
            units("甲。（牵头单位：市科技局；责任单位：市财政局、市教育局）"),
            ["市科技局", "市财政局", "市教育局"]
        );
        assert_eq!(
            units("甲。（牵头单位：市科技局；责任单位：市科技局、市财政局）"),
            ["市科技局", "市财政局"]
        );
        assert_eq!(
            units("甲。（责任单位：市科技局；配合单位：市财政局）"),
            ["市科技局", "市财政局"]
        );
        assert_eq!(
            units("甲。（牵头单位：市科技局，配合单位：市财政局）"),
            ["市科技局", "市财政局"]
        );
    }

    #[test]
    fn notes_and_second_brackets() {
        assert_eq!(
            units("甲。（责任单位：市财政局（牵头）、市科技局）"),
            ["市财政局", "市科技局"]
        );
        assert_eq!(
            units("甲。（责任单位：市科技局）乙。（责任单位：市财政局）"),
            ["市科技局", "市财政局"]
        );
        // 各县级市（区） keeps its brackets.
        assert_eq!(
            units("甲。（责任单位：市科技局，各县级市（区）人民政府<管委会>）"),
            ["市科技局", "各县级市（区）人民政府<管委会>"]
        );
        assert_eq!(
            units("责任单位：市科技局、市工信局。"),
            ["市科技局", "市工信局"]
        );
        // Named in running text, not as a list: no units.
        assert!(units("各责任单位：要加强协作。").is_empty());
    }

    #[test]
    fn the_main_list_is_the_responsible_one() {
        let text = "甲。（牵头单位：市科技局；责任单位：市财政局、市教育局；配合单位：市外办）";
        let lists = unit_lists(text);
        assert_eq!(lists.len(), 3);
        let mains: Vec<_> = lists.iter().filter(|l| l.main).collect();
        assert_eq!(mains.len(), 1);
        assert_eq!(
            text.get(mains[0].start..mains[0].end),
            Some("市财政局、市教育局")
        );
    }

    #[test]
    fn t5_l4_other_layouts_give_the_same_units() {
        let want = ["市科技局", "市财政局"];
        for text in [
            "甲。（责任单位：市科技局、市财政局）",
            "甲。（市科技局牵头，市财政局配合）",
            "甲。（市科技局牵头；市财政局配合）",
            "责任部门：市科技局、市财政局",
            "牵头单位：市科技局；配合单位：市财政局",
            "甲。（责任单位:市科技局、市财政局）",
            "甲。（责任单位：市科技局　市财政局）",
            "甲。（责任单位：市科技局；市财政局）",
            "甲。（牵头部门：市科技局；责任部门：市财政局）",
        ] {
            assert_eq!(units(text), want, "{text}");
        }
        assert_eq!(
            units("甲。（市科技局牵头，市财政局、各县级市（区）人民政府<管委会>配合）"),
            ["市科技局", "市财政局", "各县级市（区）人民政府<管委会>"]
        );
        // The helpers' list is the main one (where revise adds).
        let text = "甲。（市科技局牵头，市财政局、市人社局配合）";
        let lists = unit_lists(text);
        let main: Vec<_> = lists.iter().filter(|l| l.main).collect();
        assert_eq!(
            text.get(main[0].start..main[0].end),
            Some("市财政局、市人社局")
        );
        assert!(places(text).contains(&"甲。（".len()));
    }

    #[test]
    fn t5_l4_prose_is_not_read_as_units() {
        for text in [
            "甲。（由市科技局牵头）",
            "甲。（本项工作由市科技局牵头组织实施）",
            "市科技局牵头，市财政局配合。",
            "甲。（市科技局牵头组织，各地配合）",
            "甲。（2023年起牵头）",
            "甲。（牵头）",
            "各责任部门：要加强协作。",
            "甲。（具体事项各地牵头，市财政局配合实施）",
        ] {
            assert!(units(text).is_empty(), "{text}: {:?}", units(text));
        }
    }
}
