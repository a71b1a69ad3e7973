//! Placing opinions in the draft: each opinion's clause (by its reference,
//! or by the one clause holding its quoted text), its kind (`clause`,
//! `general`, `new_clause`), the edits that fit that clause, and the
//! sender's self-references (我局, 本单位, 我支队) in unit edits.
//!
//! A reference to a clause the draft lacks (第十一条 in a ten-clause draft)
//! or a proposal to add a clause (建议增加一条) is a `new_clause` opinion
//! with a warning — never a refusal of the reply. One sentence proposing
//! edits in several clauses becomes one opinion per clause.

use crate::consultation::Consultation;
use crate::draft::{Clause, Draft};
use crate::opinion::{Edit, OpinionKind, OpinionRecord, OpinionSource};
use crate::t;

use super::RawOpinion;

/// Check one opinion against the draft (see the module doc). Warnings are
/// kept on the opinion and, prefixed with its id, in `warnings`.
pub fn check_opinion(
    raw: &RawOpinion,
    id: &str,
    draft: &Draft,
    consultation: &Consultation,
    warnings: &mut Vec<String>,
) -> OpinionRecord {
    let mut record_warnings = Vec::new();
    let (raw, removed) = super::controls::strip(raw);
    let raw = &raw;
    if !removed.is_empty() {
        record_warnings.push(t!(
            "意见中的控制字符已删去（不会写入草案）：{}",
            "control characters removed from the opinion (they would never reach the draft): {}",
            super::controls::describe(&removed)
        ));
    }
    let missing = raw.clause.filter(|&n| draft.clause(n).is_none());
    let new_clause = raw.new_clause || missing.is_some();
    let clause_number = match raw.clause {
        _ if new_clause => None,
        Some(n) => Some(n),
        None => attach_by_quote(raw, draft),
    };
    if let Some(n) = missing {
        record_warnings.push(t!(
            "意见提到{}，草案只有{}条，按新增条款记录",
            "the opinion refers to {}, which the draft (of {} clauses) does not have; recorded as a new clause",
            crate::clause_style::cite(draft, n),
            draft.clauses.len()
        ));
    } else if new_clause {
        record_warnings.push(
            crate::i18n::tr(
                "意见建议新增条款，按新增条款记录",
                "the opinion proposes a new clause; recorded as such",
            )
            .to_string(),
        );
    }
    let edits = match clause_number.and_then(|n| draft.clause(n)) {
        Some(clause) => raw
            .edits
            .iter()
            .map(|e| unit_deleted(e, clause, &raw.text))
            .map(|e| as_the_draft_writes(&e, clause, consultation))
            .filter(|e| edit_fits(e, draft, clause, &mut record_warnings))
            .collect(),
        None => {
            if !raw.edits.is_empty() {
                record_warnings.push(
                    crate::i18n::tr(
                        "意见没有对应草案中的条款，修改建议仅作文字记录",
                        "the opinion is not about a clause of the draft; its edits are kept as text only",
                    )
                    .to_string(),
                );
            }
            Vec::new()
        }
    };
    for w in &record_warnings {
        warnings.push(format!("{id}: {w}"));
    }
    let kind = if new_clause {
        OpinionKind::NewClause
    } else if clause_number.is_some() {
        OpinionKind::Clause
    } else {
        OpinionKind::General
    };
    OpinionRecord {
        id: id.to_string(),
        clause: clause_number,
        text: raw.text.clone(),
        edits,
        warnings: record_warnings,
        kind: Some(kind),
        source: Some(raw.source.unwrap_or(OpinionSource::Text)),
        opinion_reason: raw.reason.clone(),
        author: raw.author.clone(),
        anchor: raw.anchor.clone(),
        ..OpinionRecord::default()
    }
}

/// `责任单位中的“市外办”删除`: deleting a responsible unit's name is removing the unit.
fn unit_deleted(edit: &Edit, clause: &Clause, text: &str) -> Edit {
    match edit {
        Edit::Delete { text: t }
            if text.contains("责任单位") && clause.responsible_units.iter().any(|u| u == t) =>
        {
            Edit::RemoveUnit { unit: t.clone() }
        }
        other => other.clone(),
    }
}

/// A unit edit naming a listed body the clause writes another way
/// (市卫生健康委 for the draft's 市卫健委) names it as the draft writes it,
/// so that revise finds it.
fn as_the_draft_writes(edit: &Edit, clause: &Clause, consultation: &Consultation) -> Edit {
    let Edit::RemoveUnit { unit } = edit else {
        return edit.clone();
    };
    let wanted = consultation.canonical(unit);
    let written = clause
        .responsible_units
        .iter()
        .find(|u| wanted.is_some() && consultation.canonical(u) == wanted);
    match written {
        Some(u) => Edit::RemoveUnit { unit: u.clone() },
        None => edit.clone(),
    }
}

/// Words a department uses for itself: 我局, 我单位, 本单位, 我支队 ….
const SELF_WORDS: [&str; 24] = [
    "我单位",
    "本单位",
    "我局",
    "本局",
    "我委",
    "本委",
    "我办",
    "本办",
    "我部",
    "本部",
    "我院",
    "本院",
    "我中心",
    "本中心",
    "我支队",
    "本支队",
    "我队",
    "我厅",
    "我处",
    "我司",
    "本公司",
    "我公司",
    "我集团",
    "本集团",
];

/// Unit edits naming the sender by 我局/本单位/… name it by its listed name.
pub fn self_reference(raw: &RawOpinion, department: &str) -> RawOpinion {
    let mut out = raw.clone();
    let rename = |unit: &mut String| {
        if SELF_WORDS.contains(&unit.as_str()) {
            *unit = department.to_string();
        }
    };
    for edit in &mut out.edits {
        match edit {
            Edit::AddUnit { unit } | Edit::RemoveUnit { unit } => rename(unit),
            _ => {}
        }
    }
    out
}

/// The text an edit needs to find in a clause, if any.
fn edit_text(edit: &Edit) -> Option<&str> {
    match edit {
        Edit::Replace { from, .. } => Some(from),
        Edit::Delete { text } => Some(text),
        _ => None,
    }
}

/// The one clause holding `text`.
fn holder(text: &str, draft: &Draft) -> Option<u32> {
    let holders: Vec<u32> = draft
        .clauses
        .iter()
        .filter(|c| c.text().contains(text))
        .map(|c| c.number)
        .collect();
    match holders.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// An opinion with no clause reference whose edits' texts lie in different
/// clauses becomes one opinion per clause (each with the part of the text
/// that proposes it); anything else is returned as it is.
pub fn split_by_location(raw: &RawOpinion, draft: &Draft) -> Vec<RawOpinion> {
    if raw.clause.is_some() || raw.new_clause || raw.edits.len() < 2 {
        return vec![raw.clone()];
    }
    let mut groups: Vec<(Option<u32>, Vec<Edit>)> = Vec::new();
    for edit in &raw.edits {
        let at = edit_text(edit).and_then(|t| holder(t, draft));
        match groups.iter_mut().find(|(c, _)| at.is_some() && *c == at) {
            Some((_, edits)) => edits.push(edit.clone()),
            None => groups.push((at, vec![edit.clone()])),
        }
    }
    let located = groups.iter().filter(|(c, _)| c.is_some()).count();
    if located < 2 {
        return vec![raw.clone()];
    }
    // Unlocated edits go with the first located group.
    let mut pieces: Vec<(u32, Vec<Edit>)> = Vec::new();
    let mut loose: Vec<Edit> = Vec::new();
    for (clause, edits) in groups {
        match clause {
            Some(n) => pieces.push((n, edits)),
            None => loose.extend(edits),
        }
    }
    if let Some(first) = pieces.first_mut() {
        first.1.extend(loose);
    }
    pieces
        .into_iter()
        .map(|(clause, edits)| {
            let quoted: Vec<String> = edits
                .iter()
                .filter_map(edit_text)
                .map(String::from)
                .collect();
            RawOpinion {
                clause: Some(clause),
                text: part_of(&raw.text, &quoted),
                edits,
                quoted,
                ..raw.clone()
            }
        })
        .collect()
}

/// The comma-separated parts of `text` that mention one of `needles`
/// (the whole text when none does).
fn part_of(text: &str, needles: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for c in text.chars() {
        current.push(c);
        match c {
            '“' | '《' | '（' => depth += 1,
            '”' | '》' | '）' => depth = (depth - 1).max(0),
            '，' | '；' | '。' if depth == 0 => parts.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    let kept: String = parts
        .iter()
        .filter(|p| needles.iter().any(|n| p.contains(n.as_str())))
        .map(|p| p.as_str())
        .collect();
    let kept = kept.trim_end_matches(['，', '；']).trim();
    let kept = ["并", "同时", "另外", "另"]
        .iter()
        .fold(kept, |k, w| k.strip_prefix(w).unwrap_or(k));
    if kept.is_empty() {
        text.to_string()
    } else {
        kept.to_string()
    }
}

fn attach_by_quote(raw: &RawOpinion, draft: &Draft) -> Option<u32> {
    for q in raw.quoted.iter().filter(|q| !q.trim().is_empty()) {
        let holders: Vec<&Clause> = draft
            .clauses
            .iter()
            .filter(|c| c.text().contains(q.as_str()))
            .collect();
        if let [only] = holders.as_slice() {
            return Some(only.number);
        }
    }
    None
}

fn edit_fits(edit: &Edit, draft: &Draft, clause: &Clause, warnings: &mut Vec<String>) -> bool {
    let cited = || crate::clause_style::cite(draft, clause.number);
    let text = clause.text();
    let units: Vec<String> = clause
        .responsible_units
        .iter()
        .map(|u| crate::names::normalise(u))
        .collect();
    let warn =
        match edit {
            Edit::Replace { from, .. } | Edit::Delete { text: from }
                if !text.contains(from.as_str()) =>
            {
                Some(t!(
                    "{}中没有“{}”，修改建议仅作文字记录",
                    "{} has no “{}”; the edit is kept as text only",
                    cited(),
                    from
                ))
            }
            Edit::AddUnit { unit } if units.contains(&crate::names::normalise(unit)) => Some(t!(
                "{}的责任单位已有{}",
                "{} already lists {}",
                cited(),
                unit
            )),
            Edit::RemoveUnit { unit } if !units.contains(&crate::names::normalise(unit)) => Some(
                t!("{}的责任单位中没有{}", "{} does not list {}", cited(), unit),
            ),
            _ => None,
        };
    match warn {
        Some(w) => {
            warnings.push(w);
            false
        }
        None => true,
    }
}
