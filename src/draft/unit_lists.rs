//! The lists of units a clause names, in the layouts drafts use:
//! `（责任单位：A、B）`, `（牵头单位：A；责任单位：B、C）`,
//! `（责任单位：A；配合单位：B）`, `A（牵头）、B`, a block that starts
//! `责任单位：…`, and more than one such bracket in one block. Every unit
//! named in them (牵头, 责任, 配合 …) is one of the clause's responsible
//! units, each once, in the order written (tester3 L13, tester4 L8).

use super::{UNITS, is_space, matching_close, split_top};

/// The role names a unit list is given under. 责任单位 is the list staff
/// edit (where `revise` adds a unit); the others split it by role.
const ROLES: [&str; 6] = [
    UNITS,
    "牵头单位",
    "配合单位",
    "协办单位",
    "参与单位",
    "协助单位",
];

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

/// The searcher for `单位` (the end of every role name), built once.
static UNIT_WORD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("单位"));

/// Where a role name (`责任单位`, `牵头单位`, …) starts in `text`, in order
/// (byte offsets).
pub(crate) fn role_places(text: &str) -> impl Iterator<Item = usize> + '_ {
    // Every role name is two characters (6 bytes) before 单位.
    UNIT_WORD.find_iter(text.as_bytes()).filter_map(move |at| {
        let start = at.checked_sub(6)?;
        let word = text.get(start..at + "单位".len())?;
        ROLES.contains(&word).then_some(start)
    })
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
            let main = text.get(role..).is_some_and(|t| t.starts_with(UNITS));
            out.push(Listed {
                start,
                end: field_end.max(start),
                main,
            });
        }
        role = next_role;
    }
}

/// The units named in `lists` of `text`: split on 、 ， ； outside
/// brackets, a trailing 等 and a role note (`（牵头）`) dropped from each,
/// each name once, in order.
pub(crate) fn names(text: &str, lists: &[Listed]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lists {
        let inner = text.get(l.start..l.end).unwrap_or_default();
        for unit in split_top(inner, &['、', '，', ',', '；', ';']) {
            // A note left alone (`（牵头）`) names no unit.
            if NOTES.contains(&unit.as_str()) {
                continue;
            }
            let unit = drop_etc(drop_note(unit));
            if !unit.is_empty() && !out.contains(&unit) {
                out.push(unit);
            }
        }
    }
    out
}

/// `市财政局（牵头）` → `市财政局`.
pub(super) fn drop_note(unit: String) -> String {
    match NOTES.iter().find_map(|n| unit.strip_suffix(n)) {
        Some(name) if !name.trim_end().is_empty() => name.trim_end().to_string(),
        _ => unit,
    }
}

/// `市农业农村局等` → `市农业农村局` (a lone `等` stays).
fn drop_etc(unit: String) -> String {
    match unit.strip_suffix('等') {
        Some(stripped) if !stripped.trim_end().is_empty() => stripped.trim_end().to_string(),
        _ => unit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<String> {
        names(text, &unit_lists(text))
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
}
