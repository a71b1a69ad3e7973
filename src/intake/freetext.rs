//! Opinions from free text: what a department wrote, read as opinions with
//! clause references and proposed edits.
//!
//! A reply in free text is a letter: a title, a salutation (市科技局：), the
//! opinions — numbered (1. 一、 （一） ① 第一条) or in paragraphs — a closing
//! (特此函复), a signature and a date. [`extract`] drops the letter
//! furniture, takes a leading `单位名：` as the sender, splits the rest into
//! opinions, finds each opinion's clause (第五点, 第5条, 五、, …) and the
//! edits its usual phrasing proposes (将“A”修改为“B”, 增加X为责任单位,
//! 删除“A”, …), and recognises a reply that only says it has no objection.

use super::edits::{edits, is_quote_mark, quotes};
use super::letter::{is_furniture, strip_courtesy};
use crate::numbering::{self, LabelStyle};
use crate::opinion::Edit;

/// What a free-text reply says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FreeText {
    /// The sender named by a leading `单位名：` (市委人才办：建议……).
    pub department_prefix: Option<String>,
    /// The reply only says it has no objection (无修改意见, 同意, …).
    pub no_objection: bool,
    pub items: Vec<Item>,
}

/// One opinion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    /// The first clause the opinion refers to, if any.
    pub clause: Option<u32>,
    /// The opinion as written (list numbering and sender prefix removed).
    pub text: String,
    /// The edits its phrasing proposes.
    pub edits: Vec<Edit>,
    /// Every quoted string in it (to find the clause an opinion without a
    /// clause reference is about).
    pub quoted: Vec<String>,
    /// The reason given with it (理由：…, …，以体现…).
    pub reason: Option<String>,
    /// It proposes a clause of its own (建议增加一条…).
    pub new_clause: bool,
}

/// Read a free-text reply.
pub fn extract(text: &str) -> FreeText {
    let mut lines = content_lines(text);
    let department_prefix = take_prefix(&mut lines);
    let whole: String = lines.iter().map(|l| l.text.as_str()).collect();
    if lines.is_empty() || is_no_objection(&whole) {
        let no_objection = !lines.is_empty() || department_prefix.is_some();
        return FreeText {
            department_prefix,
            no_objection,
            items: Vec::new(),
        };
    }
    let items = items(&groups(&lines));
    let substantive: Vec<Item> = items
        .iter()
        .filter(|item| !is_no_objection(&without_refs(&item.text)))
        .cloned()
        .collect();
    let no_objection = items.iter().all(|item| is_no_objection(&item.text));
    FreeText {
        department_prefix,
        no_objection,
        items: if no_objection {
            Vec::new()
        } else {
            substantive
        },
    }
}

// ---------------------------------------------------------------------------
// Lines and letter furniture

/// A line of content.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    /// A blank line came before it.
    blank_before: bool,
    /// It is a Markdown bullet (`- `, `* `, `• `): an item of its own.
    bullet: bool,
    /// It continues the line before (修改为：…, 理由：…).
    continues: bool,
    /// Letter furniture (a contact line, a signature) stood between it and
    /// the line before: it starts a new item, never continues the last one.
    after_furniture: bool,
}

/// Lines that continue the one before: the second half of a
/// “原文：A / 修改为：B” layout, or the reason under a proposal.
const CONTINUATIONS: [&str; 9] = [
    "修改为",
    "修改后",
    "建议修改为",
    "建议改为",
    "改为",
    "理由",
    "修改理由",
    "原因",
    "说明",
];

fn is_continuation(line: &str) -> bool {
    CONTINUATIONS.iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.starts_with(['：', ':']))
    })
}

/// The lines that carry content: trimmed, Markdown markers removed, letter
/// furniture dropped.
fn content_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    let mut after_furniture = false;
    let raws: Vec<&str> = text.lines().collect();
    for (i, raw) in raws.iter().enumerate() {
        let (line, bullet) = strip_markdown(raw);
        if line.is_empty() {
            blank_before = !lines.is_empty();
            continue;
        }
        if is_furniture(&line)
            || signs_off(&line, &raws[i + 1..])
            || closes_with_joint_signature(&line, &raws[i + 1..])
        {
            after_furniture = !lines.is_empty();
            continue;
        }
        let line = strip_courtesy(&line);
        if line.is_empty() || is_furniture(&line) {
            after_furniture = after_furniture || (!line.is_empty() && !lines.is_empty());
            continue;
        }
        lines.push(Line {
            continues: is_continuation(&line),
            text: line,
            blank_before,
            bullet,
            after_furniture,
        });
        blank_before = false;
        after_furniture = false;
    }
    // A person's name closing a mail's signature block (张三 above 综合处).
    while lines.last().is_some_and(|l| is_signed_name(&l.text)) && lines.len() > 1 {
        lines.pop();
    }
    lines
}

/// A short line of two to four Chinese characters that is no statement:
/// the writer's name in a signature block.
/// A person's name over a sign-off (王五 / 苏州市工业和信息化局 / 68001234):
/// the next line with text is the unit, its office or a contact line.
fn signs_off(line: &str, rest: &[&str]) -> bool {
    is_signed_name(line)
        && rest
            .iter()
            .map(|r| trim(r))
            .find(|r| !r.is_empty())
            .is_some_and(super::letter::is_sign_off)
}

/// A joint signature written with 、 (市工信局、市统计局) with only letter
/// furniture after it (date, contact, seal) and no other signature: the
/// letter's signature, not a list of units in an opinion (a list followed
/// by the letter's own signature stays an opinion's line).
fn closes_with_joint_signature(line: &str, rest: &[&str]) -> bool {
    super::letter::is_joint_signature(line)
        && rest.iter().all(|r| {
            let (r, _) = strip_markdown(r);
            r.is_empty() || (is_furniture(&r) && !super::letter::is_signature(&r))
        })
}

fn is_signed_name(line: &str) -> bool {
    let count = line.chars().count();
    (2..=4).contains(&count)
        && line.chars().all(is_cjk)
        && !is_no_objection(line)
        && numbering::clause_refs(line).is_empty()
        && !NOT_IN_NAMES.iter().any(|w| line.contains(w))
}

/// Trim, drop heading marks, bullets and bold marks; say whether it was a bullet.
fn strip_markdown(line: &str) -> (String, bool) {
    let t = trim(line);
    let t = trim(t.trim_start_matches('#'));
    let bullet = ["- ", "* ", "+ ", "• ", "·", "•"]
        .iter()
        .find_map(|b| t.strip_prefix(b));
    let t = bullet.map_or(t, trim);
    (t.replace("**", ""), bullet.is_some())
}

/// Trim white space, the ideographic space included.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// Punctuation and white space removed.
pub(crate) fn strip_punct(s: &str) -> String {
    s.chars().filter(|&c| !is_punct(c)).collect()
}

pub(crate) fn is_punct(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{3000}'
                | '，'
                | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '…'
                | '—'
                | '·'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '「'
                | '」'
                | '『'
                | '』'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '（'
                | '）'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '～'
        )
}

/// Suffixes that end the names of government bodies and companies.
pub(crate) const UNIT_SUFFIXES: [&str; 30] = [
    "局",
    "委",
    "办",
    "部",
    "院",
    "府",
    "会",
    "区",
    "市",
    "县",
    "镇",
    "街道",
    "集团",
    "公司",
    "中心",
    "厅",
    "所",
    "处",
    "室",
    "站",
    "署",
    "行",
    "社",
    "馆",
    "队",
    "小组",
    "科",
    "学校",
    "大学",
    "（管委会）",
];

/// Words that make a phrase an opinion rather than a name.
const NOT_IN_NAMES: [&str; 16] = [
    "建议",
    "增加",
    "加上",
    "删除",
    "删去",
    "修改",
    "改为",
    "责任单位",
    "意见",
    "补充",
    "调整",
    "关于",
    "同意",
    "请",
    "应",
    "将",
];

/// Whether `s` reads as the name of a unit: short, Chinese, ending like a
/// body's name (局, 委, 办, 集团, …, or a closing bracket), and not an
/// opinion (建议…, 第五点).
pub(crate) fn is_unit_name(s: &str) -> bool {
    let count = s.chars().count();
    (2..=24).contains(&count)
        && s.chars().all(|c| is_cjk(c) || "（）()·".contains(c))
        && (UNIT_SUFFIXES.iter().any(|suf| s.ends_with(suf)) || s.ends_with(['）', ')']))
        && !NOT_IN_NAMES.iter().any(|w| s.contains(w))
        && !s.starts_with(['第', '对', '经', '在', '按', '如', '各'])
        && numbering::clause_refs(s).is_empty()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// A leading `单位名：` on the first line: removed and returned.
fn take_prefix(lines: &mut Vec<Line>) -> Option<String> {
    let first = lines.first_mut()?;
    let (at, colon) = first
        .text
        .char_indices()
        .find(|(_, c)| matches!(c, '：' | ':'))?;
    let name = trim(first.text.get(..at)?).to_owned();
    let rest = trim(first.text.get(at + colon.len_utf8()..)?).to_owned();
    if !is_unit_name(&name) {
        return None;
    }
    if rest.is_empty() {
        lines.remove(0);
    } else {
        first.text = rest;
    }
    Some(name)
}

// ---------------------------------------------------------------------------
// No objection

/// Words that may surround a statement of no objection.
const LEADS: [&str; 49] = [
    "经认真研读",
    "经研读",
    "该征求意见稿",
    "该政策",
    "本政策",
    "该文",
    "政策",
    "经认真研究",
    "经研究",
    "经认真审阅",
    "经审阅",
    "经认真审核",
    "经审核",
    "经认真阅读",
    "经核",
    "除上述意见外",
    "除此之外",
    "此外",
    "补充",
    "另",
    "其他",
    "其它",
    "其余",
    "我单位",
    "本单位",
    "我局",
    "我委",
    "我办",
    "我部",
    "我院",
    "我厅",
    "我区",
    "我市",
    "我司",
    "我中心",
    "我们",
    "我处",
    "该文件",
    "该稿",
    "此稿",
    "征求意见稿",
    "本次",
    "内容",
    "表示",
    "均",
    "暂",
    "认为",
    "对此",
    "对",
];

/// Statements of no objection.
const NO_OBJECTION: [&str; 31] = [
    "无任何修改意见",
    "无任何意见",
    "没有任何意见",
    "均无意见",
    "无需修改",
    "没意见",
    "没有不同意见",
    "无其他修改意见",
    "无修改意见",
    "无修改建议",
    "没有修改意见",
    "没有修改建议",
    "无其他意见",
    "无其它意见",
    "没有其他意见",
    "无不同意见",
    "无补充意见",
    "无意见",
    "没有意见",
    "无异议",
    "没有异议",
    "无建议",
    "完全同意",
    "原则同意",
    "原则上同意",
    "表示同意",
    "同意",
    "无",
    "没有",
    "特此函复",
    "此复",
];

/// Words that show an opinion inside a passage skipped as a title.
const OPINION_MARKS: [&str; 14] = [
    "建议", "修改", "改为", "增加", "加上", "删除", "删去", "补充", "调整", "第", "但", "应", "需",
    "请",
];

/// `text` with its clause references removed (第二条：无意见 → ：无意见).
fn without_refs(text: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in numbering::clause_refs(text) {
        out.push_str(text.get(at..r.range.start).unwrap_or(""));
        at = r.range.end.max(at);
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Whether the whole of `text` only says there is no objection.
fn is_no_objection(text: &str) -> bool {
    let mut core = strip_punct(&strip_titles(text));
    for closing in [
        "特此函复",
        "特此复函",
        "特此反馈",
        "特此回复",
        "此复",
        "谢谢",
    ] {
        core = core.replace(closing, "");
    }
    // A statement of no objection is short; a long text has more in it.
    core.chars().count() <= MAX_NO_OBJECTION_CHARS && no_objection_from(&core, false, true)
}

/// The longest text (punctuation removed) read as a statement of no objection.
const MAX_NO_OBJECTION_CHARS: usize = 150;

/// `s` is leads and statements of no objection, at least one statement.
fn no_objection_from(s: &str, seen: bool, may_skip_title: bool) -> bool {
    if s.is_empty() {
        return seen;
    }
    for phrase in NO_OBJECTION {
        if let Some(rest) = s.strip_prefix(phrase)
            && no_objection_from(rest, true, may_skip_title)
        {
            return true;
        }
    }
    for lead in LEADS {
        if let Some(rest) = s.strip_prefix(lead) {
            if no_objection_from(rest, seen, may_skip_title) {
                return true;
            }
            // 对<a title without 《》>无意见: skip the title (once).
            if lead == "对" && may_skip_title {
                return skip_title(rest, seen);
            }
        }
    }
    false
}

/// After 对: a title without 《》, then a statement.
fn skip_title(s: &str, seen: bool) -> bool {
    s.char_indices().skip(1).any(|(i, _)| {
        let (title, rest) = s.split_at(i);
        title.chars().count() <= 60
            && !OPINION_MARKS.iter().any(|m| title.contains(m))
            && !rest.is_empty()
            && no_objection_from(rest, seen, false)
    })
}

/// Remove 《…》 titles.
fn strip_titles(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Items

/// Lines grouped into opinions, before clause resolution.
#[derive(Debug, Clone)]
struct Group {
    text: String,
    label: Option<numbering::Label>,
}

/// Group lines into opinions: a numbered line or a bullet starts an item and
/// the unnumbered lines after it continue it; without numbering, blank-line
/// separated paragraphs (or, with no blank lines, single lines) are items.
fn groups(lines: &[Line]) -> Vec<Group> {
    let numbered = lines
        .iter()
        .any(|l| l.bullet || numbering::clause_label(&l.text).is_some());
    let paragraphs = lines.iter().skip(1).any(|l| l.blank_before);
    let mut groups: Vec<Group> = Vec::new();
    let mut in_item = false;
    for line in lines {
        let label = numbering::clause_label(&line.text);
        let starts = !line.continues
            && (label.is_some()
                || line.bullet
                || line.after_furniture
                || groups.is_empty()
                || (numbered && !in_item)
                || (!numbered && (!paragraphs || line.blank_before)));
        match groups.last_mut() {
            Some(group) if !starts => {
                group.text.push('\n');
                group.text.push_str(&line.text);
            }
            _ => groups.push(Group {
                text: line.text.clone(),
                label: label.clone(),
            }),
        }
        in_item = in_item || label.is_some() || line.bullet;
    }
    groups
}

/// Label styles used as list numbering (1, 2, 3 …, restarting at 1) rather
/// than as clause references (五、 alone, 3. then 5., 第三条).
fn list_styles(groups: &[Group]) -> Vec<LabelStyle> {
    let mut styles: Vec<(LabelStyle, u32, bool)> = Vec::new();
    for label in groups.iter().filter_map(|g| g.label.as_ref()) {
        match styles.iter_mut().find(|(s, _, _)| *s == label.style) {
            Some((_, last, list)) => {
                *list = *list && (label.number == 1 || label.number == *last + 1);
                *last = label.number;
            }
            None => styles.push((label.style, label.number, label.number == 1)),
        }
    }
    styles
        .into_iter()
        .filter(|&(style, _, list)| list && style != LabelStyle::Article)
        .map(|(style, _, _)| style)
        .collect()
}

/// An opinion's text and clause, before edits are read.
struct Draft {
    text: String,
    clause: Option<u32>,
    header: bool,
}

/// Turn groups into items: list numbering removed, clauses found, a clause
/// header (第五点：) joined to what follows it.
fn items(groups: &[Group]) -> Vec<Item> {
    let lists = list_styles(groups);
    let drafts: Vec<Draft> = groups
        .iter()
        .filter_map(|g| {
            let text = match &g.label {
                Some(label) if lists.contains(&label.style) => {
                    trim(g.text.get(label.len..).unwrap_or("")).to_owned()
                }
                _ => g.text.clone(),
            };
            if text.is_empty() {
                return None;
            }
            let refs = numbering::clause_refs(&text);
            // 对第一条至第六条无修改意见。建议第七条…: the proposal's clause.
            let proposal = without_no_objection(&text);
            Some(Draft {
                clause: numbering::clause_refs(&proposal)
                    .first()
                    .or(refs.first())
                    .map(|r| r.number),
                header: is_header(&text, &refs),
                text,
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(draft) = drafts.get(i) {
        i += 1;
        if !draft.header {
            out.push(item(draft.text.clone(), draft.clause));
            continue;
        }
        let start = i;
        while drafts
            .get(i)
            .is_some_and(|d| !d.header && d.clause.is_none())
        {
            i += 1;
        }
        match drafts.get(start..i).unwrap_or_default() {
            [] => out.push(item(draft.text.clone(), draft.clause)),
            [only] => out.push(item(join(&draft.text, &only.text), draft.clause)),
            many => out.extend(many.iter().map(|d| item(d.text.clone(), draft.clause))),
        }
    }
    out.into_iter().flat_map(split_by_refs).collect()
}

/// An item proposing edits in several clauses, each named where its
/// proposal starts (第三条增加…，第五条删除…), becomes one item per clause.
fn split_by_refs(whole: Item) -> Vec<Item> {
    let refs = numbering::clause_refs(&whole.text);
    if refs.len() < 2 {
        return vec![whole];
    }
    let mut cuts: Vec<usize> = vec![0];
    for r in refs.iter().skip(1) {
        let before = whole.text.get(..r.range.start).unwrap_or("");
        let before = trim(before);
        let before = ["并", "另", "同时", "此外", "另外", "并将"]
            .iter()
            .find_map(|w| before.strip_suffix(w))
            .unwrap_or(before);
        if before.ends_with(['，', '；', '。', ';', ',']) {
            let at = whole.text.len() - whole.text.get(r.range.start..).unwrap_or("").len();
            // Cut before the joining word as well.
            let start = whole.text.get(..at).map_or(at, |b| {
                let t = b.trim_end_matches(|c: char| !matches!(c, '，' | '；' | '。' | ';' | ','));
                t.len()
            });
            cuts.push(start);
        }
    }
    if cuts.len() < 2 {
        return vec![whole];
    }
    cuts.push(whole.text.len());
    let pieces: Vec<Item> = cuts
        .windows(2)
        .filter_map(|w| {
            let text = trim(whole.text.get(w[0]..w[1])?)
                .trim_start_matches(['，', '；', '。'])
                .to_string();
            let clause = numbering::clause_refs(&text).first().map(|r| r.number);
            (!text.is_empty()).then(|| item(text, clause.or(whole.clause)))
        })
        .collect();
    if pieces.iter().filter(|p| !p.edits.is_empty()).count() < 2 {
        return vec![whole];
    }
    pieces
}

/// A header and the text under it: `第五点：` + `建议…` → `第五点：建议…`.
fn join(header: &str, body: &str) -> String {
    if header.ends_with(['：', ':']) {
        format!("{header}{body}")
    } else {
        format!("{header}\n{body}")
    }
}

/// Words a clause header may have besides the reference.
const HEADER_WORDS: [&str; 12] = [
    "修改意见",
    "意见",
    "建议",
    "关于",
    "对于",
    "针对",
    "条款",
    "部分",
    "内容",
    "的",
    "对",
    "中",
];

/// Whether `text` is only a clause reference (第五点：, 关于第三条, 五、).
fn is_header(text: &str, refs: &[numbering::ClauseRef]) -> bool {
    if refs.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for r in refs {
        rest.push_str(text.get(at..r.range.start).unwrap_or(""));
        at = r.range.end.max(at);
    }
    rest.push_str(text.get(at..).unwrap_or(""));
    let mut core = strip_punct(&rest);
    for w in HEADER_WORDS {
        core = core.replace(w, "");
    }
    core.is_empty()
}

/// An item with its edits and quotes read.
fn item(text: String, clause: Option<u32>) -> Item {
    let text = without_no_objection(&text);
    let (proposal, reason) = split_reason(&text);
    let quotes = quotes(proposal);
    let mut edits = edits(proposal, &quotes);
    if edits.is_empty() {
        edits.extend(layout_edit(proposal));
    }
    Item {
        clause,
        edits,
        quoted: quotes
            .iter()
            .map(|q| q.inner.clone())
            .filter(|q| !q.is_empty())
            .collect(),
        reason,
        new_clause: proposes_new_clause(proposal),
        text,
    }
}

/// An item's sentences that only say “no objection” (原则同意。, 其他无意见。)
/// are dropped when something else is left.
fn without_no_objection(text: &str) -> String {
    let mut kept = String::new();
    let mut sentence = String::new();
    let mut depth = 0i32;
    let flush = |sentence: &mut String, kept: &mut String| {
        if !is_clauses_no_objection(sentence) || strip_punct(sentence).is_empty() {
            kept.push_str(sentence);
        }
        sentence.clear();
    };
    for c in text.chars() {
        sentence.push(c);
        match c {
            '“' | '《' | '（' => depth += 1,
            '”' | '》' | '）' => depth = (depth - 1).max(0),
            '。' | '；' | '\n' | '！' if depth == 0 => flush(&mut sentence, &mut kept),
            '，' if depth == 0 && sentence.len() < 600 && is_clauses_no_objection(&sentence) => {
                flush(&mut sentence, &mut kept)
            }
            _ => {}
        }
    }
    flush(&mut sentence, &mut kept);
    let kept = trim(&kept).to_string();
    if kept.is_empty() {
        text.to_string()
    } else {
        kept
    }
}

/// No objection, on the whole or on named clauses: 原则同意。,
/// 我局对第一条至第六条无修改意见。, 第二、三条无意见，.
fn is_clauses_no_objection(sentence: &str) -> bool {
    if is_no_objection(sentence) {
        return true;
    }
    let refs = numbering::clause_refs(sentence);
    if refs.is_empty() {
        return false;
    }
    let bare: String = without_refs(sentence)
        .chars()
        .filter(|c| !matches!(c, '至' | '到' | '、' | '和' | '及' | '-' | '—' | '～' | '~'))
        .collect();
    is_no_objection(&bare)
}

/// Markers that start the reason given for a proposal, and whether the
/// marker itself is part of the reason (以体现… is; 理由： is not).
const REASON_MARKS: [(&str, bool); 16] = [
    ("修改理由：", false),
    ("修改理由:", false),
    ("理由：", false),
    ("理由:", false),
    ("理由是", false),
    ("原因：", false),
    ("原因是", false),
    ("主要考虑", true),
    ("，以体现", true),
    ("，以便", true),
    ("，以更好", true),
    ("，以进一步", true),
    ("，以确保", true),
    ("，以突出", true),
    ("，以保持", true),
    ("，因为", true),
];

/// The proposal and the reason given for it.
fn split_reason(text: &str) -> (&str, Option<String>) {
    let found = REASON_MARKS
        .iter()
        .filter_map(|(mark, keep)| text.find(mark).map(|at| (at, *mark, *keep)))
        .min_by_key(|(at, _, _)| *at);
    let Some((at, mark, keep)) = found else {
        return (text, None);
    };
    let proposal = text.get(..at).unwrap_or(text);
    let start = if keep {
        at + mark.find('，').map_or(0, |_| '，'.len_utf8())
    } else {
        at + mark.len()
    };
    let reason = text
        .get(start..)
        .unwrap_or("")
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '，' | '；' | '：' | ':'))
        .to_string();
    let proposal =
        proposal.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '，' | '；'));
    (proposal, (!reason.is_empty()).then_some(reason))
}

/// The “原文：A / 修改为：B” layout → replace A by B (修改为：删除 → delete A).
fn layout_edit(text: &str) -> Option<Edit> {
    let original = field_after(text, &["原文：", "原文:", "原条文：", "原表述："])?;
    let proposed = field_after(
        text,
        &[
            "建议修改为：",
            "修改为：",
            "修改后：",
            "建议改为：",
            "改为：",
            "修改为:",
        ],
    )?;
    let strip = |s: &str| {
        trim(s)
            .trim_end_matches(['。', '；'])
            .trim_matches(|c: char| is_quote_mark(c))
            .to_string()
    };
    let (from, to) = (strip(&original), strip(&proposed));
    if from.is_empty() {
        return None;
    }
    if matches!(to.as_str(), "删除" | "删去" | "删掉") {
        return Some(Edit::Delete { text: from });
    }
    (!to.is_empty()).then_some(Edit::Replace { from, to })
}

/// The text after the first of `keys`, up to the end of its line or the
/// next field (修改为：, 理由：).
fn field_after(text: &str, keys: &[&str]) -> Option<String> {
    let (at, key) = keys
        .iter()
        .filter_map(|k| text.find(k).map(|at| (at, *k)))
        .min_by_key(|(at, _)| *at)?;
    let rest = text.get(at + key.len()..)?;
    let end = [
        "\n",
        "修改为：",
        "建议修改为：",
        "修改后：",
        "改为：",
        "理由：",
        "修改理由：",
    ]
    .iter()
    .filter_map(|stop| rest.find(stop))
    .min()
    .unwrap_or(rest.len());
    Some(rest.get(..end)?.to_string())
}

/// Phrases that propose a clause of its own.
const NEW_CLAUSE: [&str; 12] = [
    "增加一条",
    "新增一条",
    "增设一条",
    "补充一条",
    "增加一款",
    "新增一款",
    "单列一条",
    "增加条款",
    "新增条款",
    "增加一项政策",
    "新增一项政策",
    "另起一条",
];

fn proposes_new_clause(text: &str) -> bool {
    NEW_CLAUSE.iter().any(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Item {
        let ft = extract(text);
        assert_eq!(ft.items.len(), 1, "{text}: {ft:?}");
        ft.items.into_iter().next().unwrap_or_default()
    }

    fn edits_of(text: &str) -> Vec<Edit> {
        one(text).edits
    }

    fn add_unit(u: &str) -> Edit {
        Edit::AddUnit { unit: u.into() }
    }

    fn remove_unit(u: &str) -> Edit {
        Edit::RemoveUnit { unit: u.into() }
    }

    fn replace(a: &str, b: &str) -> Edit {
        Edit::Replace {
            from: a.into(),
            to: b.into(),
        }
    }

    fn delete(a: &str) -> Edit {
        Edit::Delete { text: a.into() }
    }

    #[test]
    fn the_seed_comment() {
        let ft = extract("市委人才办：建议第五点责任单位加上市人社局");
        assert_eq!(ft.department_prefix.as_deref(), Some("市委人才办"));
        assert!(!ft.no_objection);
        assert_eq!(
            ft.items,
            [Item {
                clause: Some(5),
                text: "建议第五点责任单位加上市人社局".into(),
                edits: vec![add_unit("市人社局")],
                quoted: vec![],
                ..Item::default()
            }]
        );
    }

    #[test]
    fn prefixes() {
        let cases = [
            (
                "市委组织部（人才办）：第五点无意见，建议加上市人社局为责任单位",
                Some("市委组织部（人才办）"),
            ),
            ("苏创投集团:建议第三条删去“原则上”", Some("苏创投集团")),
            (
                "市大数据局：建议第五点增加市人社局为责任单位",
                Some("市大数据局"),
            ),
            ("建议：第五点增加市人社局为责任单位", None),
            ("第五点：增加市人社局为责任单位", None),
            ("关于第五点：增加市人社局为责任单位", None),
        ];
        for (text, prefix) in cases {
            assert_eq!(extract(text).department_prefix.as_deref(), prefix, "{text}");
        }
        assert_eq!(
            one("第五点：增加市人社局为责任单位").text,
            "第五点：增加市人社局为责任单位"
        );
    }

    #[test]
    fn replace_phrasings() {
        for word in ["修改为", "改为", "调整为", "修改成", "变更为"] {
            let text = format!("第三条：将“每年”{word}“每两年”。");
            assert_eq!(edits_of(&text), [replace("每年", "每两年")], "{text}");
        }
        for (a, b) in [
            ('“', '”'),
            ('「', '」'),
            ('『', '』'),
            ('"', '"'),
            ('\'', '\''),
            ('‘', '’'),
        ] {
            let text = format!("建议将{a}甲{b}改为{a}乙{b}");
            let item = one(&text);
            assert_eq!(item.edits, [replace("甲", "乙")], "{text}");
            assert_eq!(item.quoted, ["甲", "乙"], "{text}");
        }
        assert_eq!(
            edits_of("第二条中“万元”改为“亿元”"),
            [replace("万元", "亿元")]
        );
    }

    #[test]
    fn insertion_is_a_replacement() {
        assert_eq!(
            edits_of("建议在“科技”后增加“创新”"),
            [replace("科技", "科技创新")]
        );
        assert_eq!(
            edits_of("建议在“科技”前面加上“大力推进”"),
            [replace("科技", "大力推进科技")]
        );
    }

    #[test]
    fn delete_phrasings() {
        assert_eq!(edits_of("建议删除“原则上”。"), [delete("原则上")]);
        assert_eq!(edits_of("建议删去「原则上」"), [delete("原则上")]);
        assert_eq!(edits_of("将“原则上”一词删去"), [delete("原则上")]);
        assert_eq!(edits_of("建议删去第七条中的“原则上”"), [delete("原则上")]);
        assert_eq!(edits_of("删去其中的“原则上”"), [delete("原则上")]);
        assert_eq!(
            edits_of("删除“原则上”、“一般”"),
            [delete("原则上"), delete("一般")]
        );
        // A quote without a verb is only quoted.
        let item = one("“原则上”的表述不够严谨");
        assert!(item.edits.is_empty());
        assert_eq!(item.quoted, ["原则上"]);
    }

    #[test]
    fn add_unit_phrasings() {
        let cases = [
            "增加市人社局为责任单位",
            "加上市人社局为责任单位",
            "补充市人社局为责任单位",
            "增列市人社局为责任单位",
            "添加市人社局为责任单位",
            "增加市人社局作为责任单位",
            "责任单位加上市人社局",
            "责任单位中增加市人社局",
            "责任单位增加市人社局。",
            "建议将市人社局列为责任单位",
            "建议将市人社局纳入责任单位",
            "建议增加“市人社局”为责任单位",
        ];
        for text in cases {
            assert_eq!(edits_of(text), [add_unit("市人社局")], "{text}");
        }
        assert_eq!(
            edits_of("第五点责任单位加上市人社局、市财政局"),
            [add_unit("市人社局"), add_unit("市财政局")]
        );
        assert_eq!(
            edits_of("建议增加市人社局、市财政局为责任单位，并明确分工"),
            [add_unit("市人社局"), add_unit("市财政局")]
        );
        assert_eq!(
            edits_of("建议将市人社局、市财政局列为责任单位"),
            [add_unit("市人社局"), add_unit("市财政局")]
        );
        assert_eq!(
            edits_of("责任单位加上市委组织部（人才办）；"),
            [add_unit("市委组织部（人才办）")]
        );
        // 补充 without 责任单位 is not a unit.
        assert!(edits_of("建议补充相关表述。").is_empty());
    }

    #[test]
    fn remove_unit_phrasings() {
        let cases = [
            "建议删除市人社局责任单位",
            "建议删去市人社局这一责任单位",
            "去掉市人社局责任单位",
            "责任单位中删除市人社局",
            "责任单位去掉市人社局",
            "将市人社局从责任单位中删除",
            "建议将“市人社局”从责任单位中删去",
            "删除责任单位中的市人社局",
        ];
        for text in cases {
            assert_eq!(edits_of(text), [remove_unit("市人社局")], "{text}");
        }
    }

    #[test]
    fn several_edits_in_order() {
        assert_eq!(
            edits_of("第五条：将“每年”改为“每两年”，删除“原则上”，责任单位增加市人社局。"),
            [
                replace("每年", "每两年"),
                delete("原则上"),
                add_unit("市人社局")
            ]
        );
    }

    #[test]
    fn clause_references() {
        let cases = [
            ("第五点：建议责任单位加上市人社局", Some(5)),
            ("建议第5条删去“原则上”", Some(5)),
            ("第五条中“万元”改为“亿元”", Some(5)),
            ("五、建议增加市人社局为责任单位", Some(5)),
            ("（五）建议增加市人社局为责任单位", Some(5)),
            ("关于第三条，建议删去“原则上”", Some(3)),
            ("5. 建议增加市人社局为责任单位", Some(5)),
            ("建议加强宣传。", None),
        ];
        for (text, clause) in cases {
            assert_eq!(one(text).clause, clause, "{text}");
        }
        assert_eq!(one("第三条和第五条都应修改").clause, Some(3));
    }

    #[test]
    fn numbered_items() {
        let text = "市科技局：\n经研究，现将我单位意见反馈如下：\n\
                    1. 第三条：将“每年”改为“每两年”。\n\
                    2、第五点责任单位加上市人社局。\n\
                    3. 建议加强宣传。\n特此函复。\n市委人才办\n2023年5月24日\n";
        let ft = extract(text);
        assert_eq!(ft.department_prefix, None);
        assert!(!ft.no_objection);
        let got: Vec<(Option<u32>, &str)> = ft
            .items
            .iter()
            .map(|i| (i.clause, i.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(3), "第三条：将“每年”改为“每两年”。"),
                (Some(5), "第五点责任单位加上市人社局。"),
                (None, "建议加强宣传。"),
            ]
        );
        assert_eq!(ft.items[1].edits, [add_unit("市人社局")]);
    }

    #[test]
    fn every_list_style() {
        for (a, b) in [
            ("一、", "二、"),
            ("（一）", "（二）"),
            ("①", "②"),
            ("1、", "2、"),
            ("1．", "2．"),
        ] {
            let text = format!("{a}建议加强宣传。\n{b}第五点增加市人社局为责任单位。");
            let ft = extract(&text);
            let got: Vec<(Option<u32>, &str)> = ft
                .items
                .iter()
                .map(|i| (i.clause, i.text.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    (None, "建议加强宣传。"),
                    (Some(5), "第五点增加市人社局为责任单位。")
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn labels_that_are_clause_references() {
        let ft = extract("三、建议删除“原则上”。\n五、建议增加市人社局为责任单位。");
        let got: Vec<Option<u32>> = ft.items.iter().map(|i| i.clause).collect();
        assert_eq!(got, [Some(3), Some(5)]);
        assert_eq!(ft.items[0].text, "三、建议删除“原则上”。");
        let ft =
            extract("第一条：建议删除“原则上”。\n第二条：无意见。\n第三条：加上市人社局为责任单位");
        let got: Vec<Option<u32>> = ft.items.iter().map(|i| i.clause).collect();
        // 第二条：无意见 says there is nothing to decide: not an opinion.
        assert_eq!(got, [Some(1), Some(3)]);
    }

    #[test]
    fn continuation_lines_belong_to_their_item() {
        let ft = extract("1. 关于第三条：\n建议将“每年”改为“每两年”。\n2. 建议加强宣传。");
        assert_eq!(ft.items.len(), 2, "{ft:?}");
        assert_eq!(ft.items[0].clause, Some(3));
        assert_eq!(ft.items[0].edits, [replace("每年", "每两年")]);
    }

    #[test]
    fn header_joins_what_follows() {
        let item = one("第五点：\n建议责任单位加上市人社局。");
        assert_eq!(item.clause, Some(5));
        assert_eq!(item.text, "第五点：建议责任单位加上市人社局。");
        assert_eq!(item.edits, [add_unit("市人社局")]);

        let item = one("关于第三条\n\n将“每年”改为“每两年”。");
        assert_eq!(item.clause, Some(3));
        assert_eq!(item.text, "关于第三条\n将“每年”改为“每两年”。");

        let ft = extract(
            "一、关于第三条\n（一）删除“原则上”。\n（二）将“每年”改为“每两年”。\n二、第五点增加市人社局为责任单位",
        );
        let got: Vec<(Option<u32>, &str)> = ft
            .items
            .iter()
            .map(|i| (i.clause, i.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(3), "删除“原则上”。"),
                (Some(3), "将“每年”改为“每两年”。"),
                (Some(5), "第五点增加市人社局为责任单位")
            ]
        );
    }

    #[test]
    fn paragraphs_are_items() {
        let ft = extract("建议加强宣传。\n\n第五点责任单位加上市人社局。");
        assert_eq!(ft.items.len(), 2);
        let ft = extract("建议加强宣传，\n注重实效。\n\n第五点责任单位加上市人社局。");
        assert_eq!(ft.items.len(), 2, "{ft:?}");
        assert_eq!(ft.items[0].text, "建议加强宣传，\n注重实效。");
        let ft = extract("建议加强宣传。\n第五点责任单位加上市人社局。");
        assert_eq!(ft.items.len(), 2);
    }

    #[test]
    fn furniture_is_dropped() {
        let text = "# 关于《苏州市关于加快推进科技创新的若干措施（征求意见稿）》的反馈意见\n\n\
                    苏州市科学技术局：\n\n第五点责任单位加上市人社局。\n\n以上意见供参考。\n\
                    此复\n联系人：张三，联系电话：65227947\n（联系人：李四）\n\
                    市委组织部（人才办）\n（盖章）\n2023年5月24日\n二〇二三年五月二十四日\n2023-05-24\n";
        let ft = extract(text);
        assert_eq!(ft.items.len(), 1, "{ft:?}");
        assert_eq!(ft.items[0].text, "第五点责任单位加上市人社局。");
        assert_eq!(ft.department_prefix, None);
    }

    #[test]
    fn no_objection_replies() {
        let yes = [
            "无修改意见",
            "无修改意见。",
            "无意见",
            "没有意见。",
            "无异议",
            "同意",
            "同意。",
            "无其他意见",
            "原则同意",
            "我单位无意见。",
            "我局无修改意见，特此函复。",
            "经研究，我委对该稿无修改意见。",
            "经研究，我单位对《苏州市关于加快推进科技创新的若干措施（征求意见稿）》无修改意见。",
            "我局对关于加快推进科技创新的若干措施无修改意见",
            "市科技局：\n经研究，我单位无修改意见。\n特此函复。\n市外办\n2023年5月24日",
            "1. 无意见",
        ];
        for text in yes {
            let ft = extract(text);
            assert!(ft.no_objection, "{text}: {ft:?}");
            assert!(ft.items.is_empty(), "{text}");
        }
        let ft = extract("市外办：无修改意见");
        assert!(ft.no_objection);
        assert_eq!(ft.department_prefix.as_deref(), Some("市外办"));
        let no = [
            "原则同意，建议第五点增加市人社局为责任单位。",
            "同意，但建议删除“原则上”。",
            "我局对第五条有意见",
            "对第三条无意见，建议删除第五条",
            "建议加强宣传",
        ];
        for text in no {
            let ft = extract(text);
            assert!(!ft.no_objection, "{text}: {ft:?}");
            assert!(!ft.items.is_empty(), "{text}");
        }
    }

    #[test]
    fn trailing_no_objection_line_is_not_an_item() {
        let ft = extract("1. 第五点责任单位加上市人社局。\n2. 其他无意见。");
        assert_eq!(ft.items.len(), 1, "{ft:?}");
        assert!(!ft.no_objection);
    }

    #[test]
    fn markdown_bullets() {
        let ft = extract("- 第五点：责任单位加上市人社局\n- 第三条：删除“原则上”");
        let got: Vec<Option<u32>> = ft.items.iter().map(|i| i.clause).collect();
        assert_eq!(got, [Some(5), Some(3)]);
    }

    #[test]
    fn adversarial_inputs_stay_fast() {
        let n = 10_000;
        let inputs = [
            "“".repeat(n),
            "将".repeat(n),
            format!("{}责任单位", "将".repeat(n)),
            "责任单位加上".repeat(n / 4),
            "对".repeat(n),
            "无".repeat(n),
            "删除“".repeat(n / 3),
            "增加市人社局".repeat(n / 6),
            format!("责任单位加上“{}", "甲".repeat(n)),
            "1. 第五点\n".repeat(n / 8),
            "第五点：\n".repeat(n / 5),
        ];
        // Each is read to its end (how the time grows with the size is
        // bounded by the scaling tests, not by a clock).
        for input in &inputs {
            let _ = extract(input);
        }
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(extract(""), FreeText::default());
        assert_eq!(extract("\n\n   \n"), FreeText::default());
        for odd in [
            "“",
            "将“",
            "“”改为“”",
            "责任单位",
            "将",
            "删除“",
            "第",
            "（",
            "①②③",
            "责任单位加上",
        ] {
            let _ = extract(odd);
        }
        assert!(edits_of("责任单位加上").is_empty());
    }
}

/// The fixture files under tests/fixtures/intake/, read end to end.
#[cfg(test)]
mod fixtures {
    use super::*;
    use crate::intake::{decode, eml};

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/intake/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn gbk_letter_with_crlf() {
        let bytes = fixture("reply-gbk-crlf.txt");
        assert!(!eml::looks_like_email(&bytes));
        let decoded = decode::decode_text(&bytes).unwrap();
        assert!(["GBK", "gb18030"].contains(&decoded.encoding));
        assert!(!decoded.text.contains('\r'));
        let ft = extract(&decoded.text);
        assert_eq!(ft.department_prefix, None);
        let got: Vec<(Option<u32>, &[Edit])> = ft
            .items
            .iter()
            .map(|i| (i.clause, i.edits.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some(3),
                    &[Edit::Replace {
                        from: "每年".into(),
                        to: "每两年".into()
                    }][..]
                ),
                (
                    Some(5),
                    &[
                        Edit::AddUnit {
                            unit: "市人社局".into()
                        },
                        Edit::AddUnit {
                            unit: "市财政局".into()
                        }
                    ][..]
                ),
                (
                    Some(7),
                    &[Edit::Delete {
                        text: "原则上".into()
                    }][..]
                ),
            ]
        );
    }

    #[test]
    fn utf16_no_objection() {
        let decoded = decode::decode_text(&fixture("reply-utf16le-bom.txt")).unwrap();
        assert_eq!(decoded.encoding, "UTF-16LE");
        let ft = extract(&decoded.text);
        assert_eq!(ft.department_prefix.as_deref(), Some("市外办"));
        assert!(ft.no_objection && ft.items.is_empty());
    }

    #[test]
    fn gb2312_mail() {
        let bytes = fixture("mail-gb2312-base64.eml");
        assert!(eml::looks_like_email(&bytes));
        let mail = eml::parse_email(&bytes).unwrap();
        assert_eq!(mail.from_name.as_deref(), Some("市委人才办"));
        assert_eq!(
            mail.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2023-05-26T09:45:00+00:00")
        );
        assert_eq!(mail.body, "建议第五点责任单位加上市人社局。\n");
        let ft = extract(&mail.body);
        assert_eq!(ft.items.len(), 1);
        assert_eq!(ft.items[0].clause, Some(5));
    }

    #[test]
    fn html_mail() {
        let mail = eml::parse_email(&fixture("mail-html-qp.eml")).unwrap();
        assert_eq!(mail.from_name.as_deref(), Some("市发改委"));
        let ft = extract(&mail.body);
        assert_eq!(ft.items.len(), 1, "{:?}", mail.body);
        assert_eq!(ft.items[0].clause, Some(3));
        assert_eq!(
            ft.items[0].edits,
            [Edit::Replace {
                from: "每年".into(),
                to: "每两年".into()
            }]
        );
    }

    #[test]
    fn mail_with_attachment() {
        let mail = eml::parse_email(&fixture("mail-attachment.eml")).unwrap();
        assert_eq!(mail.from_name.as_deref(), Some("市工信局"));
        assert_eq!(mail.body, "意见见附件。\n");
        let [attachment] = mail.attachments.as_slice() else {
            panic!("{:?}", mail.attachments);
        };
        assert_eq!(attachment.name, "反馈意见.txt");
        let text = decode::decode_text(&attachment.bytes).unwrap().text;
        let ft = extract(&text);
        let got: Vec<Option<u32>> = ft.items.iter().map(|i| i.clause).collect();
        // 第三条：无修改意见 is not an opinion.
        assert_eq!(got, [Some(5)]);
    }

    #[test]
    fn mail_without_date() {
        let mail = eml::parse_email(&fixture("mail-no-date.eml")).unwrap();
        assert_eq!(mail.date, None);
        assert_eq!(mail.from_name.as_deref(), Some("市外办"));
        assert!(extract(&mail.body).no_objection, "{:?}", mail.body);
    }

    #[test]
    fn not_text() {
        assert!(decode::decode_text(&fixture("random.bin")).is_err());
        assert_eq!(
            decode::decode_text(&fixture("empty.txt")),
            Err(decode::DecodeError::Empty)
        );
    }
}
