//! `consult decide`: record a disposition on one opinion, with the edits
//! actually adopted where staff state them; one file and one commit each.

use crate::decision::{self, Decision};
use crate::draft::Clause;
use crate::error::{Error, Result};
use crate::opinion::{Disposition, Edit, OpinionView};
use crate::t;
use crate::workspace::Workspace;

/// What `decide` was asked.
pub struct Request<'a> {
    pub id: &'a str,
    pub disposition: &'a str,
    pub reason: Option<&'a str>,
    /// FROM TO pairs.
    pub replace: &'a [String],
    pub add_units: &'a [String],
    pub remove_units: &'a [String],
    /// Texts to delete (`--delete`).
    pub delete: &'a [String],
}

/// What was recorded.
#[derive(Debug, Clone)]
pub struct Decided {
    pub opinion: OpinionView,
    pub disposition: Disposition,
    pub reason: Option<String>,
    pub edits: Option<Vec<Edit>>,
    /// The decision it replaced, if any.
    pub previous: Option<Disposition>,
}

/// 不采纳 needs a reason (a rule of the round, the same in the CLI and the
/// web app): none, or only whitespace, is an error and nothing is written.
fn needs_reason(request: &Request<'_>, disposition: Disposition) -> Result<()> {
    let given = request.reason.is_some_and(|r| !r.trim().is_empty());
    if disposition != Disposition::NotAdopted || given {
        return Ok(());
    }
    Err(Error::usage(t!(
        "不采纳须说明理由（意见 {}）；未做任何修改",
        "not adopting needs a reason (opinion {}); nothing was changed",
        request.id
    ))
    .with_hint(t!(
        "写明理由：consult decide {} reject --reason \"…\"",
        "give it: consult decide {} reject --reason \"…\"",
        request.id
    )))
}

/// Record the decision of `request`: everything that decides what is
/// written is read under the workspace lock; one file, one commit.
pub fn decide(ws: &Workspace, request: &Request<'_>) -> Result<Decided> {
    let disposition = decision::parse_disposition(request.disposition)?;
    needs_reason(request, disposition)?;
    let stated = stated_edits(request)?;
    let mut tx = ws.begin()?;
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    let opinion = decision::find(&opinions, request.id)?.clone();
    if opinion.withdrawn {
        return Err(Error::usage(t!(
            "意见 {} 已撤回（不是意见），不能再作处理",
            "opinion {} was withdrawn (not an opinion) and cannot be decided",
            opinion.id
        ))
        .with_hint(t!(
            "撤回理由见 amendments/{}.yaml；如需恢复，删除该文件中的 withdrawn 一行并提交",
            "the reason is in amendments/{}.yaml; to restore it, remove its withdrawn line and commit",
            opinion.id
        )));
    }
    if !stated.is_empty() {
        check_stated(ws, &opinion, disposition, &stated)?;
    } else if matches!(disposition, Disposition::Adopted) {
        check_proposed(ws, &opinion)?;
    }
    crate::revision_use::refuse_change(ws, &opinion, disposition, &stated)?;
    let previous = (opinion.disposition != Disposition::Pending).then_some(opinion.disposition);
    let record = Decision {
        opinion: opinion.id.clone(),
        disposition,
        reason: request
            .reason
            .map(str::to_string)
            .filter(|r| !r.trim().is_empty()),
        edits: (!stated.is_empty()).then(|| stated.clone()),
        by: tx.store().author_name(),
    };
    let path = decision::path(ws.root(), &opinion.id);
    let text = format!(
        "# consult decision: {} {}\n{}",
        opinion.department,
        disposition.chinese(),
        crate::yaml::to_string(&record)?
    );
    tx.put(path, text.into_bytes());
    let mut message = format!(
        "decide: {} {}（{}）",
        opinion.id,
        disposition.chinese(),
        opinion.department
    );
    if let Some(prev) = previous {
        message.push_str(&format!("，原为{}", prev.chinese()));
    }
    if let Some(reason) = &record.reason {
        message.push_str(&format!("\n\n理由：{reason}"));
    }
    tx.commit(&message, None)?;
    Ok(Decided {
        opinion,
        disposition,
        reason: record.reason,
        edits: record.edits,
        previous,
    })
}

/// Write one workspace file and commit exactly it through the workspace's
/// one write path: `tx` was begun ([`Workspace::begin`]: lock, recovery)
/// before the caller read what decides the file; then basis, journal,
/// atomic write, commit last. The path every staff record takes (decide,
/// amend, withdraw).
pub fn record_file(
    mut tx: crate::transaction::Transaction<'_>,
    path: &std::path::Path,
    text: &str,
    message: &str,
) -> Result<()> {
    tx.put(path.to_path_buf(), text.as_bytes().to_vec());
    tx.commit(message, None)?;
    Ok(())
}

fn stated_edits(request: &Request<'_>) -> Result<Vec<Edit>> {
    let mut typed = request
        .replace
        .iter()
        .chain(request.add_units)
        .chain(request.remove_units)
        .chain(request.delete);
    if let Some(text) = typed.find(|t| t.chars().any(crate::intake::controls::is_unwanted)) {
        let found = crate::intake::controls::found(text);
        return Err(Error::usage(t!(
            "修改内容“{}”含控制字符 {}，不能写入草案；未写入任何内容",
            "the edit text “{}” holds control characters {}, which must not reach the draft; nothing was written",
            crate::terminal::visible(text),
            crate::intake::controls::describe(&found)
        ))
        .with_hint(crate::i18n::tr(
            "重新输入修改内容（不要从终端或 PDF 粘贴控制字符）",
            "type the text again (without control characters pasted from a terminal or a PDF)",
        )));
    }
    if let Some(pair) = request.replace.chunks(2).find(|p| p[0].is_empty()) {
        return Err(Error::usage(t!(
            "--replace 的原文为空（--replace \"\" \"{}\"）：无法确定改哪里；未写入任何内容",
            "--replace with an empty FROM (--replace \"\" \"{}\") names no text to change; nothing was written",
            pair.get(1).map_or("", String::as_str)
        ))
        .with_hint(crate::i18n::tr(
            "照抄条文中要替换的原文作为 FROM",
            "give the clause's text to be replaced as FROM",
        )));
    }
    if request.delete.iter().any(String::is_empty) {
        return Err(Error::usage(crate::i18n::tr(
            "--delete 的文字为空（--delete \"\"）：没有要删除的文字；未写入任何内容",
            "--delete with an empty text (--delete \"\") names no text to delete; nothing was written",
        ))
        .with_hint(crate::i18n::tr(
            "照抄条文中要删除的原文",
            "give the clause's text to be deleted",
        )));
    }
    let mut edits: Vec<Edit> = request
        .replace
        .chunks(2)
        .filter_map(|pair| match pair {
            [from, to] => Some(Edit::Replace {
                from: from.clone(),
                to: to.clone(),
            }),
            _ => None,
        })
        .collect();
    edits.extend(
        request
            .delete
            .iter()
            .map(|t| Edit::Delete { text: t.clone() }),
    );
    edits.extend(
        request
            .add_units
            .iter()
            .map(|u| Edit::AddUnit { unit: u.clone() }),
    );
    edits.extend(
        request
            .remove_units
            .iter()
            .map(|u| Edit::RemoveUnit { unit: u.clone() }),
    );
    Ok(edits)
}

/// Stated edits go with adopt or partial, on an opinion about a clause, and
/// must fit that clause of the version under consultation.
fn check_stated(
    ws: &Workspace,
    opinion: &OpinionView,
    disposition: Disposition,
    edits: &[Edit],
) -> Result<()> {
    if !matches!(
        disposition,
        Disposition::Adopted | Disposition::PartiallyAdopted
    ) {
        return Err(Error::usage(crate::i18n::tr(
            "--replace、--delete、--add-unit、--remove-unit 只能与 adopt 或 partial 一起使用",
            "--replace, --delete, --add-unit and --remove-unit go with adopt or partial only",
        )));
    }
    let Some(number) = opinion.clause else {
        return Err(Error::usage(t!(
            "意见 {} 没有指明条款，无法指定修改内容",
            "opinion {} names no clause, so no edit can be stated",
            opinion.id
        )));
    };
    let draft = ws.consulting_draft()?;
    let style = crate::clause_style::ClauseStyle::of_draft(&draft);
    let clause = draft.clause(number).ok_or_else(|| {
        Error::usage(t!(
            "{}不在 {} 中",
            "{} is not in {}",
            style.cite_local(number),
            ws.consultation().consulting
        ))
    })?;
    edits.iter().try_for_each(|e| {
        fits(clause, e, style)?;
        once(&draft, clause, e, style, &opinion.id)?;
        keeps_number(clause, e, style, &opinion.id)
    })?;
    apart(clause, edits, style, &opinion.id)?;
    all_proposed(opinion, disposition, edits)
}

/// 采纳 is the whole opinion: stated edits that leave out some of what it
/// proposes are 部分采纳, never recorded as 采纳 (the report would say
/// 采纳 of a change the next version does not make).
fn all_proposed(opinion: &OpinionView, disposition: Disposition, edits: &[Edit]) -> Result<()> {
    if disposition != Disposition::Adopted {
        return Ok(());
    }
    let missing: Vec<String> = opinion
        .edits
        .iter()
        .filter(|e| !edits.contains(e))
        .map(Edit::describe)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::usage(t!(
        "采纳即采纳意见 {} 提出的全部修改，所列修改少了：{}；未做任何修改",
        "adopting takes every edit opinion {} proposes, and the edits given leave out: {}; nothing was written",
        opinion.id,
        missing.join("；")
    ))
    .with_hint(t!(
        "只采纳其中一部分：consult decide {0} partial（带上采纳的修改）；全部采纳：consult decide {0} adopt（不带修改选项）",
        "to adopt part of it: consult decide {0} partial (with the edits adopted); to adopt all of it: consult decide {0} adopt (without edit options)",
        opinion.id
    )))
}

/// The texts an opinion's stated edits replace or delete do not overlap
/// (the same text twice, a deletion inside a replacement): `revise` could
/// not make both, so they are refused here rather than there. Ranges are
/// byte ranges of the clause text; a whole-clause deletion covers it all.
fn apart(
    clause: &Clause,
    edits: &[Edit],
    style: crate::clause_style::ClauseStyle,
    id: &str,
) -> Result<()> {
    use crate::clause_deletion::{self as deletion, Reach};
    let text = clause.text();
    let mut spans: Vec<(std::ops::Range<usize>, &str)> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::Replace { from, .. } | Edit::Delete { text: from } => {
                let whole = deletion::replaced(clause, from, edit_to(e)) == Reach::WholeClause;
                let start = text.find(from.as_str());
                let range = match (whole, start) {
                    (true, _) | (false, None) => 0..text.len(),
                    (false, Some(at)) => at..at + from.len(),
                };
                Some((range, from.as_str()))
            }
            _ => None,
        })
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    let Some(pair) = spans.windows(2).find(|p| p[0].0.end > p[1].0.start) else {
        return Ok(());
    };
    let (a, b) = (pair[0].1, pair[1].1);
    // The text both cover, to be stated once.
    let union = text
        .get(pair[0].0.start..pair[0].0.end.max(pair[1].0.end))
        .unwrap_or(a);
    Err(Error::usage(t!(
        "{}中“{}”与“{}”的修改重叠：同一意见的两处修改内容改的是同一处文字，revise 无法同时执行；未写入任何内容",
        "in {}, the edits of “{}” and “{}” overlap: two edits of one opinion change the same text, and revise cannot make both; nothing was written",
        style.cite_local(clause.number),
        a,
        b
    ))
    .with_hint(t!(
        "每处文字只写一次：把重叠的修改合成一个，例如 consult decide {} partial --replace “{}” “新的文字”",
        "state each place once, overlapping edits merged into one, e.g. consult decide {} partial --replace \"{}\" \"the new text\"",
        id,
        union
    )))
}

/// Adopting an opinion as proposed: each text its edits replace or delete
/// must stand once in its clause, or `revise` could not tell which place is
/// meant — refused now, with the way to say which, rather than at revise.
fn check_proposed(ws: &Workspace, opinion: &OpinionView) -> Result<()> {
    let Some(number) = opinion.clause else {
        return Ok(());
    };
    let draft = ws.consulting_draft()?;
    let style = crate::clause_style::ClauseStyle::of_draft(&draft);
    let Some(clause) = draft.clause(number) else {
        return Ok(());
    };
    opinion.edits.iter().try_for_each(|e| {
        once(&draft, clause, e, style, &opinion.id)?;
        keeps_number(clause, e, style, &opinion.id)
    })
}

/// The text an edit puts in place of the one it changes ("" for a deletion).
fn edit_to(edit: &Edit) -> &str {
    match edit {
        Edit::Replace { to, .. } => to,
        _ => "",
    }
}

/// A deletion takes the whole clause or leaves its number: one that takes
/// the number and only part of the text is refused (see
/// [`crate::clause_deletion`]).
fn keeps_number(
    clause: &Clause,
    edit: &Edit,
    style: crate::clause_style::ClauseStyle,
    id: &str,
) -> Result<()> {
    use crate::clause_deletion::{self as deletion, Reach};
    let (from, to) = match edit {
        Edit::Delete { text } => (text, ""),
        Edit::Replace { from, to } => (from, to.as_str()),
        _ => return Ok(()),
    };
    match deletion::replaced(clause, from, to) {
        Reach::Label => Err(deletion::refuse_label(clause, from, to, style, id)),
        _ => Ok(()),
    }
}

/// The text `edit` replaces or deletes stands at most once in `clause`,
/// unless it deletes a unit named in several of its unit lists (each loses
/// it: tester5 L5).
fn once(
    draft: &crate::draft::Draft,
    clause: &Clause,
    edit: &Edit,
    style: crate::clause_style::ClauseStyle,
    id: &str,
) -> Result<()> {
    let (Edit::Replace { from, .. } | Edit::Delete { text: from }) = edit else {
        return Ok(());
    };
    let count = clause.text().matches(from.as_str()).count();
    let unit =
        matches!(edit, Edit::Delete { .. }) && crate::revise::removes_a_unit(draft, clause, from);
    if count <= 1 || unit {
        return Ok(());
    }
    Err(Error::usage(t!(
        "“{}”在{}中出现{}次，无法确定改哪一处；未写入任何内容",
        "“{0}” occurs {2} times in {1}; which one is meant is unclear; nothing was written",
        from,
        style.cite_local(clause.number),
        count
    ))
    .with_hint(t!(
        "写出更长、唯一的原文：consult decide {} partial --replace “……{}……” “新的文字”",
        "state a longer, unique text: consult decide {} partial --replace \"…{}…\" \"the new text\"",
        id,
        from
    )))
}

/// An edit fits a clause: the text it replaces or deletes is in it, the
/// unit it removes is listed. Messages cite the clause in `style` (its
/// draft's).
pub fn fits(clause: &Clause, edit: &Edit, style: crate::clause_style::ClauseStyle) -> Result<()> {
    let text = clause.text();
    let listed = |unit: &str| {
        let want = crate::names::normalise(unit);
        clause
            .responsible_units
            .iter()
            .any(|u| crate::names::normalise(u) == want)
    };
    match edit {
        Edit::Delete { text: from } | Edit::Replace { from, .. }
            if crate::clause_deletion::replaced(clause, from, edit_to(edit))
                == crate::clause_deletion::Reach::WholeClause =>
        {
            Ok(())
        }
        Edit::Replace { from, .. } | Edit::Delete { text: from }
            if !text.contains(from.as_str()) =>
        {
            Err(Error::usage(t!(
                "{}中没有“{}”",
                "{} has no “{}”",
                style.cite_local(clause.number),
                from
            ))
            .with_hint(crate::i18n::tr(
                "照抄条文中的原文（可用 consult show --json 查看）",
                "copy the text exactly as the clause has it (see consult show --json)",
            )))
        }
        Edit::RemoveUnit { unit } if !listed(unit) => Err(Error::usage(t!(
            "{}的责任单位中没有{}",
            "{} does not list {}",
            style.cite_local(clause.number),
            unit
        ))
        .with_hint(t!(
            "现有责任单位：{}",
            "listed: {}",
            clause.responsible_units.join("、")
        ))),
        _ => Ok(()),
    }
}
