//! `consult revise`: apply the adopted edits to a version and write the
//! next one, each change linked to the opinions behind it.
//!
//! Every edit is located in the Markdown source before anything is written.
//! Two edits touching the same text, or an edit whose text is no longer
//! there, is a conflict: the whole revision is refused, naming the opinions
//! and their departments.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::clause_style::ClauseStyle;
use crate::draft::{Clause, Draft};
use crate::error::{Error, Result};
use crate::opinion::{Disposition, Edit, OpinionView};
use crate::t;
use crate::workspace::{Transaction, Workspace};

mod list_span;

/// The folder of provenance files, relative to the workspace.
pub const DIR: &str = "revisions";

/// revisions/<to>.yaml: which opinions changed which clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub from: String,
    pub to: String,
    pub changes: Vec<ClauseChange>,
}

/// The opinions behind one clause's change (`clause` numbers the new version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseChange {
    pub clause: u32,
    pub opinions: Vec<String>,
}

/// A revision ready to write.
#[derive(Debug, Clone)]
pub struct Plan {
    pub from: String,
    pub to: String,
    pub old_source: String,
    pub new_source: String,
    pub provenance: Provenance,
    /// The opinions applied: (id, department).
    pub applied: Vec<(String, String)>,
}

/// One replacement in the source, and the opinions behind it.
#[derive(Debug, Clone)]
struct Op {
    range: Range<usize>,
    text: String,
    clause: u32,
    opinions: Vec<(String, String)>,
}

/// The version after `v`: v1 → v2.
pub fn next_version(v: &str) -> Option<String> {
    let digits = v.len() - v.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let (prefix, n) = v.split_at(v.len() - digits);
    n.parse::<u64>().ok().map(|n| format!("{prefix}{}", n + 1))
}

/// Work out the revision; `None` when nothing adopted changes the text.
pub fn plan(
    ws: &Workspace,
    opinions: &[OpinionView],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<Plan>> {
    let consulting = ws.consultation().consulting.clone();
    let from = from.map_or_else(|| consulting.clone(), str::to_string);
    let draft = ws.load_draft(&from)?;
    let to = match to {
        Some(to) => to.to_string(),
        None => next_version(&from).ok_or_else(|| {
            Error::usage(t!(
                "无法推出 {} 的下一版本名",
                "cannot tell what comes after {}",
                from
            ))
            .with_hint(crate::i18n::tr("用 --to 指定", "name it with --to"))
        })?,
    };
    if ws.draft_path(&to).exists() {
        return Err(Error::usage(t!(
            "版本 {} 已存在（{}）",
            "version {} exists already ({})",
            to,
            ws.draft_path(&to).display()
        ))
        .with_hint(t!(
            "在 {0} 上应用此后的处理意见：consult revise --from {0}；或用 --to 指定新的版本名，例如 --to {1}",
            "to apply the decisions made since on top of {0}: consult revise --from {0}; or name a new version with --to, e.g. --to {1}",
            to,
            ws.latest_version()
                .and_then(|v| next_version(&v))
                .unwrap_or_else(|| "v2".into())
        )));
    }
    // On a later version: what its revisions applied already is in it, and
    // the opinions' clause numbers (the consulted version's) are followed
    // to where those clauses are now (tester7 M3).
    let done = applied_before(ws, &from, &consulting)?;
    let live: Vec<OpinionView> = opinions
        .iter()
        .filter(|o| !o.withdrawn && !done.contains(&o.id))
        .cloned()
        .collect();
    let numbers = if from == consulting {
        None
    } else {
        Some(Renumbering {
            map: renumbering(&ws.load_draft(&consulting)?, &draft),
            consulting: consulting.clone(),
            from: from.clone(),
        })
    };
    let ops = operations(&draft, &live, numbers.as_ref())?;
    if ops.is_empty() {
        return Ok(None);
    }
    let new_source = apply(draft.source(), &ops);
    let mut by_clause: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut applied = Vec::new();
    for op in &ops {
        for (id, dept) in &op.opinions {
            let list = by_clause.entry(op.clause).or_default();
            if !list.contains(id) {
                list.push(id.clone());
            }
            if !applied.iter().any(|(a, _): &(String, String)| a == id) {
                applied.push((id.clone(), dept.clone()));
            }
        }
    }
    let changes = by_clause
        .into_iter()
        .map(|(clause, opinions)| ClauseChange { clause, opinions })
        .collect();
    Ok(Some(Plan {
        provenance: Provenance {
            from: from.clone(),
            to: to.clone(),
            changes,
        },
        from,
        to,
        old_source: draft.source().to_string(),
        new_source,
        applied,
    }))
}

/// Revise under the workspace lock: the opinions, decisions and the draft
/// are read, the plan made and written, committed and tagged, all while
/// holding it — two revisions at once make one new version, and a decision
/// recorded meanwhile is honoured. `None` when nothing adopted changes the
/// text (nothing written).
pub fn revise(ws: &Workspace, from: Option<&str>, to: Option<&str>) -> Result<Option<Plan>> {
    let tx = ws.begin()?;
    refuse_conflicted_decisions(ws)?;
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    let Some(plan) = plan(ws, &opinions, from, to)? else {
        return Ok(None);
    };
    write(tx, &plan)?;
    Ok(Some(plan))
}

/// Decisions two clones made differently must be settled first.
fn refuse_conflicted_decisions(ws: &Workspace) -> Result<()> {
    let conflicts = crate::decision::conflicts(ws.root())?;
    let Some(first) = conflicts.first() else {
        return Ok(());
    };
    Err(Error::usage(t!(
        "{} 条意见的处理有冲突，例如 {}；未生成新版本",
        "{} opinions have conflicting decisions, e.g. {}; no new version written",
        conflicts.len(),
        first.describe()
    ))
    .with_hint(t!(
        "先用 consult decide {} … 定夺",
        "settle it first with consult decide {} …",
        first.opinion
    )))
}

/// Write the new version and its provenance, commit and tag.
fn write(mut tx: Transaction<'_>, plan: &Plan) -> Result<Vec<PathBuf>> {
    let ws = tx.workspace();
    let draft_path = ws.draft_path(&plan.to);
    let prov_path = ws.root().join(DIR).join(format!("{}.yaml", plan.to));
    let prov = format!(
        "# consult revision: {} → {}\n{}",
        plan.from,
        plan.to,
        crate::yaml::to_string(&plan.provenance)?
    );
    let tag = tx.store().version_tag(ws.root(), &plan.to)?;
    tx.put(draft_path, plan.new_source.clone().into_bytes());
    tx.put(prov_path, prov.into_bytes());
    let mut message = format!(
        "revise: {} → {}（采纳意见{}条）\n\n",
        plan.from,
        plan.to,
        plan.applied.len()
    );
    for change in &plan.provenance.changes {
        message.push_str(&format!(
            "clause {}: {}\n",
            change.clause,
            change.opinions.join(", ")
        ));
    }
    tx.commit(&message, Some(&tag))
}

/// The opinions the revisions that led from the consulted version to
/// `from` applied: read from `revisions/<v>.yaml`, following each record's
/// `from` back (a version made by hand, with no record, ends the chain).
/// Errors: a record that cannot be read ([`crate::diff::provenance::record`]).
fn applied_before(ws: &Workspace, from: &str, consulting: &str) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let mut at = from.to_string();
    let mut seen = vec![at.clone()];
    while at != consulting {
        let Some(record) = crate::diff::provenance::record(ws.root(), &at)? else {
            break;
        };
        for id in record.changes.iter().flat_map(|c| &c.opinions) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        if seen.contains(&record.from) {
            break;
        }
        seen.push(record.from.clone());
        at = record.from;
    }
    Ok(ids)
}

/// Where the consulted version's clauses are in a later version: clause
/// number there → clause number here, as the diff pairs them (a deleted
/// clause has none).
struct Renumbering {
    map: BTreeMap<u32, u32>,
    consulting: String,
    from: String,
}

/// The pairs of clause numbers between `old` and `new` ([`Renumbering`]).
fn renumbering(old: &Draft, new: &Draft) -> BTreeMap<u32, u32> {
    use crate::diff::Part;
    let (a, b) = (
        crate::diff::side("old", old.source()),
        crate::diff::side("new", new.source()),
    );
    crate::diff::compare::pairs(&a, &b)
        .into_iter()
        .filter_map(|(o, n, _)| match (o, n) {
            (Some(o), Some(n)) if o.part == Part::Clause && n.part == Part::Clause => {
                Some((o.number?, n.number?))
            }
            _ => None,
        })
        .collect()
}

/// The clause of `draft` an opinion on clause `cited` (of the consulted
/// version) is about now.
fn clause_now(
    o: &OpinionView,
    cited: u32,
    numbers: Option<&Renumbering>,
    style: ClauseStyle,
) -> Result<u32> {
    let Some(r) = numbers else {
        return Ok(cited);
    };
    r.map.get(&cited).copied().ok_or_else(|| {
        conflict(t!(
            "意见 {}（{}）针对 {} 的{}，{} 中已没有这一条",
            "opinion {} ({}) is on {}'s {}, which {} no longer has",
            o.id,
            o.department,
            r.consulting,
            style.cite_local(cited),
            r.from
        ))
    })
}

/// Every replacement the adopted opinions make, checked for conflicts.
fn operations(
    draft: &Draft,
    opinions: &[OpinionView],
    numbers: Option<&Renumbering>,
) -> Result<Vec<Op>> {
    let style = ClauseStyle::of_draft(draft);
    let mut ops = Vec::new();
    let mut unit_edits: BTreeMap<u32, Vec<(Edit, &OpinionView)>> = BTreeMap::new();
    for o in opinions {
        if !matches!(
            o.disposition,
            Disposition::Adopted | Disposition::PartiallyAdopted
        ) {
            continue;
        }
        let edits = effective(o);
        let Some(cited) = o.clause else { continue };
        if edits.is_empty() {
            continue;
        }
        let number = clause_now(o, cited, numbers, style)?;
        let clause = draft.clause(number).ok_or_else(|| {
            conflict(t!(
                "意见 {}（{}）针对{}，但该版本中没有这一条",
                "opinion {} ({}) is on {}, which this version does not have",
                o.id,
                o.department,
                style.cite_local(number)
            ))
        })?;
        for edit in edits {
            match edit {
                Edit::Replace { from, to } => ops.push(edit_op(draft, clause, from, to, o)?),
                Edit::Delete { text } if removes_a_unit(draft, clause, text) => {
                    let unit = text.clone();
                    let edit = Edit::RemoveUnit { unit };
                    unit_edits.entry(number).or_default().push((edit, o));
                }
                Edit::Delete { text } => ops.push(edit_op(draft, clause, text, "", o)?),
                Edit::AddUnit { .. } | Edit::RemoveUnit { .. } => {
                    unit_edits
                        .entry(number)
                        .or_default()
                        .push((edit.clone(), o));
                }
            }
        }
    }
    for (number, edits) in unit_edits {
        if let Some(clause) = draft.clause(number) {
            ops.extend(units_ops(draft, clause, &edits)?);
        }
    }
    ops.sort_by_key(|op| (op.range.start, op.range.end));
    for pair in ops.windows(2) {
        if pair[0].range.end > pair[1].range.start {
            return Err(overlap(&pair[0], &pair[1], style));
        }
    }
    Ok(ops)
}

/// The edits `revise` applies for a decided opinion: those stated, else
/// all it proposes when adopted, else none.
pub fn effective(o: &OpinionView) -> &[Edit] {
    match (&o.adopted_edits, o.disposition) {
        (Some(stated), _) => stated,
        (None, Disposition::Adopted) => &o.edits,
        _ => &[],
    }
}

/// A replacement or deletion (`to` empty): of text inside the clause, or
/// of the whole clause with its field lines ([`crate::clause_deletion`]);
/// one that takes the clause's number and leaves the rest is a conflict.
fn edit_op(draft: &Draft, clause: &Clause, from: &str, to: &str, o: &OpinionView) -> Result<Op> {
    use crate::clause_deletion::{self as deletion, Reach};
    match deletion::replaced(clause, from, to) {
        Reach::Inside => text_op(draft, clause, from, to, o),
        Reach::WholeClause => {
            let (range, text) = deletion::span(draft, clause);
            Ok(Op {
                range,
                text,
                clause: clause.number,
                opinions: vec![(o.id.clone(), o.department.clone())],
            })
        }
        Reach::Label => Err(deletion::refuse_label(
            clause,
            from,
            to,
            ClauseStyle::of_draft(draft),
            &o.id,
        )),
    }
}

fn text_op(draft: &Draft, clause: &Clause, from: &str, to: &str, o: &OpinionView) -> Result<Op> {
    let body = &draft.source()[clause.range.clone()];
    let cited = || ClauseStyle::of_draft(draft).cite_local(clause.number);
    // Text an earlier revise wrote is escaped in the source (\<b\>).
    let mut hits: Vec<usize> = body.match_indices(from).map(|(i, _)| i).collect();
    let escaped = crate::markdown_text::escape(from);
    let (mut written_len, quoted) = (None, from);
    let from = if hits.is_empty() && escaped != from {
        hits = body.match_indices(&escaped).map(|(i, _)| i).collect();
        escaped.as_str()
    } else {
        from
    };
    // Written with entities (`支持&amp;奖励`, `&nbsp;`): found as it reads
    // (tester5 L6b).
    if hits.is_empty() {
        let found = crate::markdown_text::find_read(body, quoted);
        if let [one] = found.as_slice() {
            written_len = Some(one.len());
        }
        hits = found.into_iter().map(|r| r.start).collect();
    }
    let start = match hits.as_slice() {
        [one] => clause.range.start + one,
        [] => {
            return Err(conflict(t!(
                "意见 {}（{}）要修改的“{}”在{}中已不存在",
                "opinion {} ({}): “{}” is no longer in {}",
                o.id,
                o.department,
                quoted,
                cited()
            )));
        }
        many => {
            return Err(conflict(t!(
                "意见 {}（{}）要修改的“{}”在{}中出现{}次，无法确定改哪一处",
                "opinion {} ({}): “{}” occurs {} times in {}; which one is meant is unclear",
                o.id,
                o.department,
                quoted,
                cited(),
                many.len()
            ))
            .with_hint(crate::i18n::tr(
                "用 decide ID partial --replace 写出更长、唯一的原文",
                "state a longer, unique text with decide ID partial --replace",
            )));
        }
    };
    let mut range = start..start + written_len.unwrap_or(from.len());
    if to.is_empty() {
        range = with_list_separator(draft.source(), range);
    }
    Ok(Op {
        range,
        text: crate::markdown_text::escape(to),
        clause: clause.number,
        opinions: vec![(o.id.clone(), o.department.clone())],
    })
}

/// A deleted item of a 、-list takes one separator with it, the way the
/// diff tokens and remove_unit edits read lists: `、X、` → `、`,
/// `（责任单位：X、` → `（责任单位：`, `、X）` → `）`, `、X，` → `，`.
/// `range` (bytes of `source`) is returned unchanged when X is not a whole
/// item or already carries its separator.
fn with_list_separator(source: &str, range: Range<usize>) -> Range<usize> {
    let text = &source[range.clone()];
    if text.is_empty() || text.starts_with('、') || text.ends_with('、') {
        return range;
    }
    let before = source[..range.start].chars().next_back();
    let after = source[range.end..].chars().next();
    let ends_item = |c: Option<char>| {
        matches!(
            c,
            Some('、' | '，' | ',' | '）' | ')' | '。' | '；' | ';') | None
        )
    };
    let starts_item = |c: Option<char>| matches!(c, Some('：' | ':' | '（' | '(' | '\n') | None);
    if before == Some('、') && ends_item(after) {
        range.start - '、'.len_utf8()..range.end
    } else if after == Some('、') && starts_item(before) {
        range.start..range.end + '、'.len_utf8()
    } else {
        range
    }
}

/// The clause's unit list `edit` changes (see [`list_range`]) as written
/// and as it reads after `edit`, the
/// way `revise` rewrites it (where an added unit goes, which separator goes
/// with a removed one). `None` when the clause has no list, the edit is not
/// a unit edit, or the unit to remove is not listed. Used by previews (the
/// web app's opinions page) so they show what revise will do.
pub fn units_preview(draft: &Draft, clause: &Clause, edit: &Edit) -> Option<(String, String)> {
    let mut range = list_range(draft, clause, edit)?;
    if let Edit::AddUnit { .. } = edit {
        range = helpers_after_lead(draft.source(), range);
    }
    let old = draft.source().get(range.clone())?.to_string();
    let mut units = UnitList::parse(&old);
    match edit {
        Edit::AddUnit { unit } => units.add(unit),
        Edit::RemoveUnit { unit } if units.remove(unit) => {}
        _ => return None,
    }
    let mut new = units.render();
    if range.is_empty() {
        new = format!("，{new}配合");
    }
    let text = crate::markdown_text::reads_as;
    Some((text(&old), text(&new)))
}

/// The source range of the unit list `edit` changes: for a unit to
/// remove, the first list that names it (牵头单位, 责任单位, 配合单位 …);
/// otherwise, or when none names it, the 责任单位 list.
fn list_range(draft: &Draft, clause: &Clause, edit: &Edit) -> Option<std::ops::Range<usize>> {
    list_ranges(draft, clause, edit).into_iter().next()
}

/// The source ranges of the unit lists `edit` changes: for a unit to
/// remove, every list that names it (tester5 L5: `（责任单位：市教育局）…
/// （责任单位：市财政局、市教育局）`); otherwise, or when none names it,
/// the 责任单位 list.
fn list_ranges(draft: &Draft, clause: &Clause, edit: &Edit) -> Vec<std::ops::Range<usize>> {
    if let Edit::RemoveUnit { unit } = edit {
        let naming = naming_lists(draft, clause, unit);
        if !naming.is_empty() {
            return naming;
        }
    }
    clause.units_range.clone().into_iter().collect()
}

/// The clause's unit lists that name `unit` (written `市人社局（牵头）` too).
fn naming_lists(draft: &Draft, clause: &Clause, unit: &str) -> Vec<std::ops::Range<usize>> {
    let names = |r: &std::ops::Range<usize>| {
        draft
            .source()
            .get(r.clone())
            .is_some_and(|t| UnitList::parse(t).position(unit).is_some())
    };
    clause
        .unit_ranges
        .iter()
        .filter(|r| names(r))
        .cloned()
        .collect()
}

/// Whether deleting `text` from `clause` means removing a unit: it is a
/// unit of the clause's unit lists, and every place it stands in the
/// clause is inside such a list (tester5 H3: `删除“市人社局”` where the list
/// says `市人社局（牵头）` removes the note with it, and an emptied list goes).
pub fn removes_a_unit(draft: &Draft, clause: &Clause, text: &str) -> bool {
    let naming = naming_lists(draft, clause, text);
    let body = draft.source().get(clause.range.clone()).unwrap_or_default();
    let inside = |at: usize| {
        let at = clause.range.start + at;
        naming
            .iter()
            .any(|r| r.start <= at && at + text.len() <= r.end)
    };
    !text.trim().is_empty()
        && !naming.is_empty()
        && body.match_indices(text).all(|(at, _)| inside(at))
}

/// All unit edits of one clause: one replacement of each unit list they
/// change; a list they empty is taken out with its role name
/// ([`list_span::emptied`]).
fn units_ops(draft: &Draft, clause: &Clause, edits: &[(Edit, &OpinionView)]) -> Result<Vec<Op>> {
    let cited = || ClauseStyle::of_draft(draft).cite_local(clause.number);
    // Each list changed, with its replacement (its text written at the end).
    let mut lists: Vec<(UnitList, Op)> = Vec::new();
    for (edit, o) in edits {
        let ranges = list_ranges(draft, clause, edit);
        if ranges.is_empty() {
            return Err(conflict(t!(
                "意见 {}（{}）要调整{}的责任单位，但该条没有“（责任单位：…）”",
                "opinion {} ({}) changes the responsible units of {}, which has no （责任单位：…）",
                o.id,
                o.department,
                cited()
            )));
        }
        for range in ranges {
            let range = match edit {
                Edit::AddUnit { .. } => helpers_after_lead(draft.source(), range),
                _ => range,
            };
            let at = match lists.iter().position(|(_, op)| op.range == range) {
                Some(at) => at,
                None => {
                    let units = UnitList::parse(&draft.source()[range.clone()]);
                    let op = Op {
                        range,
                        text: String::new(),
                        clause: clause.number,
                        opinions: Vec::new(),
                    };
                    lists.push((units, op));
                    lists.len() - 1
                }
            };
            let (units, op) = &mut lists[at];
            match edit {
                Edit::AddUnit { unit } => units.add(unit),
                Edit::RemoveUnit { unit } if !units.remove(unit) => {
                    return Err(conflict(t!(
                        "意见 {}（{}）要删去的责任单位{}已不在{}中",
                        "opinion {} ({}): unit {} is no longer listed in {}",
                        o.id,
                        o.department,
                        unit,
                        cited()
                    )));
                }
                _ => {}
            }
            if !op.opinions.iter().any(|(id, _)| id == &o.id) {
                op.opinions.push((o.id.clone(), o.department.clone()));
            }
        }
    }
    let ops = lists.into_iter().map(|(units, op)| {
        let mut text = units.render();
        // Helpers added to `（市科技局牵头）`: `，市财政局配合` after 牵头.
        if op.range.is_empty() && !text.trim().is_empty() {
            text = format!("，{text}配合");
        }
        if text.trim().is_empty() {
            let range = list_span::emptied(draft.source(), op.range.clone());
            let text = String::new();
            Op { range, text, ..op }
        } else {
            Op { text, ..op }
        }
    });
    Ok(list_span::merge_emptied(draft.source(), ops.collect()))
}

/// Where a unit added to the list at `range` goes: for the names of a
/// bracket `（市科技局牵头）` that names no helper, the empty place after
/// 牵头 (the unit is written `，市财政局配合` there, not as a second lead);
/// otherwise `range` itself.
fn helpers_after_lead(source: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let after = source.get(range.end..).unwrap_or_default();
    match after.strip_prefix("牵头") {
        Some(rest) if rest.starts_with(['）', ')']) => {
            let at = range.end + "牵头".len();
            at..at
        }
        _ => range,
    }
}

fn apply(source: &str, ops: &[Op]) -> String {
    let mut out = source.to_string();
    for op in ops.iter().rev() {
        out.replace_range(op.range.clone(), &op.text);
    }
    out
}

fn conflict(message: String) -> Error {
    Error::usage(message).with_hint(crate::i18n::tr(
        "用 consult decide 调整处理意见（partial --replace …）后再 revise；未写入任何内容",
        "adjust the decisions (decide … partial --replace …) and revise again; nothing was written",
    ))
}

fn overlap(a: &Op, b: &Op, style: ClauseStyle) -> Error {
    let names = |op: &Op| {
        op.opinions
            .iter()
            .map(|(id, d)| format!("{id}（{d}）"))
            .collect::<Vec<_>>()
            .join("、")
    };
    conflict(t!(
        "修改冲突：{}中，意见 {} 与意见 {} 修改同一处文字",
        "conflict in {}: opinions {} and {} change the same text",
        style.cite_local(a.clause),
        names(a),
        names(b)
    ))
}

/// A 责任单位 list as written: units with the separator before each.
struct UnitList {
    /// (separator before, unit); the first separator is empty.
    items: Vec<(String, String)>,
}

impl UnitList {
    /// Items split on 、 ， ； outside brackets, and on a run of
    /// full-width spaces between two names (`市科技局　市财政局`, tester5
    /// L4).
    fn parse(text: &str) -> UnitList {
        let chars: Vec<char> = text.chars().collect();
        let mut items = Vec::new();
        let mut depth = 0i32;
        let mut sep = String::new();
        let mut cur = String::new();
        let mut i = 0;
        while let Some(&ch) = chars.get(i) {
            i += 1;
            match ch {
                '（' | '(' | '<' | '〈' | '《' | '【' => depth += 1,
                '）' | ')' | '>' | '〉' | '》' | '】' => depth -= 1,
                _ => {}
            }
            if depth == 0 && matches!(ch, '、' | '，' | ',' | '；' | ';') {
                items.push((std::mem::take(&mut sep), std::mem::take(&mut cur)));
                sep.push(ch);
            } else if depth == 0 && ch == '\u{3000}' && !cur.trim().is_empty() {
                let run = chars[i - 1..]
                    .iter()
                    .take_while(|c| **c == '\u{3000}')
                    .count();
                let next = chars.get(i - 1 + run);
                if next.is_some_and(|c| !"、，,；;".contains(*c)) {
                    items.push((std::mem::take(&mut sep), std::mem::take(&mut cur)));
                    sep.extend(std::iter::repeat_n('\u{3000}', run));
                    i += run - 1;
                } else {
                    cur.push(ch);
                }
            } else {
                cur.push(ch);
            }
        }
        items.push((sep, cur));
        UnitList { items }
    }

    fn position(&self, unit: &str) -> Option<usize> {
        let want = crate::names::normalise(unit);
        self.items.iter().position(|(_, u)| {
            let u = crate::draft::unit_name(&crate::markdown_text::reads_as(u));
            let u = crate::names::normalise(&u);
            u == want || u.strip_suffix('等') == Some(want.as_str())
        })
    }

    /// Add after the last unit before the first ， (the group of
    /// departments), or at the end, with the separator the list uses (、,
    /// ； or full-width spaces); written as escaped Markdown text.
    fn add(&mut self, unit: &str) {
        if self.position(unit).is_some() {
            return;
        }
        if let [(_, only)] = self.items.as_mut_slice()
            && only.trim().is_empty()
        {
            *only = crate::markdown_text::escape(unit);
            return;
        }
        let sep = match self.items.get(1) {
            Some((s, _)) if s != "，" && s != "," => s.clone(),
            _ => "、".to_string(),
        };
        let at = self
            .items
            .iter()
            .skip(1)
            .position(|(sep, _)| sep == "，" || sep == ",")
            .map_or(self.items.len(), |i| i + 1);
        let mut written = crate::markdown_text::escape(unit);
        // A list that goes on (…、市农业农村局等): the new name goes before 等.
        if let Some((_, last)) = at.checked_sub(1).and_then(|i| self.items.get_mut(i))
            && let Some(name) = last.strip_suffix('等').filter(|n| !n.is_empty())
        {
            *last = name.to_string();
            written.push('等');
        }
        self.items.insert(at, (sep, written));
    }

    fn remove(&mut self, unit: &str) -> bool {
        let Some(i) = self.position(unit) else {
            return false;
        };
        let (sep, removed) = self.items.remove(i);
        // The last name of a list that goes on: 等 stays, on the name
        // before; so does the role word of a group of names (`市财政局、
        // 市人社局配合` without 市人社局 is `市财政局配合`, tester15 M3).
        if let Some(tail) = crate::draft::unit_lists::carried_word(&removed)
            && sep == "、"
            && let Some((_, before)) = i.checked_sub(1).and_then(|k| self.items.get_mut(k))
        {
            before.push_str(tail);
        }
        if i == 0 {
            if let Some(first) = self.items.first_mut() {
                first.0.clear();
            }
        } else if (sep == "，" || sep == ",") && i < self.items.len() {
            self.items[i].0 = sep;
        }
        true
    }

    fn render(&self) -> String {
        self.items.iter().map(|(s, u)| format!("{s}{u}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An adopted opinion on clause 1 with these edits.
    fn adopted(edits: Vec<Edit>) -> OpinionView {
        OpinionView {
            id: "r-1".into(),
            department: "市教育局".into(),
            clause: Some(1),
            disposition: Disposition::Adopted,
            edits,
            ..OpinionView::default()
        }
    }

    /// The source after applying `edits` to `source`.
    fn revised(source: &str, edits: Vec<Edit>) -> String {
        let draft = Draft::parse(source);
        let ops = operations(&draft, &[adopted(edits)], None).unwrap_or_else(|e| panic!("{e}"));
        apply(draft.source(), &ops)
    }

    const ESCAPED: &str = "# 若干政策\n\n1.第一条。给予最高500万元\\<b\\>（含\\</b\\>资金）。（责任单位：市科技局、市\\<i\\>人社\\</i\\>局）\n";

    #[test]
    fn written_text_is_escaped_markdown() {
        let out = revised(
            "# 若干政策\n\n1.第一条。给予最高300万元。（责任单位：市科技局）\n",
            vec![
                Edit::Replace {
                    from: "300万元".into(),
                    to: "500万元<script>x</script>&amp;*a*".into(),
                },
                Edit::AddUnit {
                    unit: "市<i>人社</i>局".into(),
                },
            ],
        );
        assert!(!out.contains("<script>") && !out.contains("<i>"), "{out}");
        let clause = Draft::parse(&out).clauses[0].text();
        assert!(
            clause.contains("500万元<script>x</script>&amp;*a*"),
            "{clause}"
        );
        assert!(clause.contains("市科技局、市<i>人社</i>局"), "{clause}");
    }

    #[test]
    fn escaped_text_of_an_earlier_revision_is_found_again() {
        let out = revised(
            ESCAPED,
            vec![
                Edit::Replace {
                    from: "<b>（含</b>".into(),
                    to: "（含".into(),
                },
                Edit::AddUnit {
                    unit: "市<i>人社</i>局".into(),
                },
            ],
        );
        assert!(out.contains("最高500万元（含资金）"), "{out}");
        assert_eq!(out.matches("人社").count(), 1, "{out}");
        let out = revised(
            ESCAPED,
            vec![Edit::RemoveUnit {
                unit: "市<i>人社</i>局".into(),
            }],
        );
        assert!(out.contains("（责任单位：市科技局）"), "{out}");
    }

    #[test]
    fn deleted_list_item_takes_one_separator() {
        let cut = |s: &str, x: &str| {
            let at = s.find(x).unwrap();
            let r = super::with_list_separator(s, at..at + x.len());
            format!("{}{}", &s[..r.start], &s[r.end..])
        };
        assert_eq!(
            cut("（责任单位：甲、乙、丙）", "乙"),
            "（责任单位：甲、丙）"
        );
        assert_eq!(
            cut("（责任单位：甲、乙、丙）", "甲"),
            "（责任单位：乙、丙）"
        );
        assert_eq!(
            cut("（责任单位：甲、乙、丙）", "丙"),
            "（责任单位：甲、乙）"
        );
        assert_eq!(cut("甲、乙，各区政府", "乙"), "甲，各区政府");
        assert_eq!(
            cut("（责任单位：甲、乙、丙）", "乙、"),
            "（责任单位：甲、丙）"
        );
        assert_eq!(cut("最高300万元", "300"), "最高万元");
    }

    #[test]
    fn add_goes_before_the_group_after_the_comma() {
        let mut l = UnitList::parse("市委组织部、市科技局、市外办，各县级市（区）人民政府<管委会>");
        l.add("市人社局");
        assert_eq!(
            l.render(),
            "市委组织部、市科技局、市外办、市人社局，各县级市（区）人民政府<管委会>"
        );
        l.add("市人社局");
        assert_eq!(
            l.render(),
            "市委组织部、市科技局、市外办、市人社局，各县级市（区）人民政府<管委会>"
        );
    }

    #[test]
    fn add_to_a_list_that_goes_on_goes_before_dengdeng() {
        let mut l = UnitList::parse("市教育局、市农业农村局等，各县级市（区）人民政府<管委会>");
        l.add("市人社局");
        assert_eq!(
            l.render(),
            "市教育局、市农业农村局、市人社局等，各县级市（区）人民政府<管委会>"
        );
        assert!(l.remove("市人社局"));
        assert_eq!(
            l.render(),
            "市教育局、市农业农村局等，各县级市（区）人民政府<管委会>"
        );
    }

    #[test]
    fn add_without_a_comma_appends() {
        let mut l = UnitList::parse("市工信局");
        l.add("市人社局");
        assert_eq!(l.render(), "市工信局、市人社局");
    }

    #[test]
    fn remove_keeps_the_separators_right() {
        let mut l = UnitList::parse("市科技局、市工信局，各县级市（区）人民政府<管委会>");
        assert!(l.remove("市工信局"));
        assert_eq!(l.render(), "市科技局，各县级市（区）人民政府<管委会>");
        assert!(l.remove("市科技局"));
        assert_eq!(l.render(), "各县级市（区）人民政府<管委会>");
        assert!(!l.remove("市外办"));
        let mut m = UnitList::parse("市科技局、市农业农村局等，各县级市（区）人民政府<管委会>");
        assert!(m.remove("市农业农村局"));
        assert_eq!(m.render(), "市科技局等，各县级市（区）人民政府<管委会>");
        let mut alone = UnitList::parse("市农业农村局等，各县级市（区）人民政府<管委会>");
        assert!(alone.remove("市农业农村局"));
        assert_eq!(alone.render(), "各县级市（区）人民政府<管委会>");
    }

    /// tester15 M3: a 责任单位 list written with role words
    /// (`市科技局牵头，市财政局、市人社局配合`) names 市财政局 and 市人社局;
    /// removing one keeps the word with the group, removing a group's only
    /// name removes the word with it.
    #[test]
    fn remove_from_a_list_with_role_words_keeps_the_word_with_its_group() {
        let mut l = UnitList::parse("市科技局牵头，市财政局、市人社局配合");
        assert!(l.remove("市人社局"));
        assert_eq!(l.render(), "市科技局牵头，市财政局配合");
        assert!(l.remove("市财政局"));
        assert_eq!(l.render(), "市科技局牵头");
        let mut m = UnitList::parse("市科技局牵头，市财政局、市人社局配合");
        assert!(m.remove("市财政局"));
        assert_eq!(m.render(), "市科技局牵头，市人社局配合");
    }

    #[test]
    fn next_versions() {
        assert_eq!(next_version("v1").as_deref(), Some("v2"));
        assert_eq!(next_version("v9").as_deref(), Some("v10"));
        assert_eq!(next_version("draft"), None);
    }
}
