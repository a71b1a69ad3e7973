//! Lint a draft against the consultation: responsible units that were not
//! consulted or are written differently from the list, numbering gaps,
//! clauses without a funding line (when the draft uses funding lines),
//! clauses with two 新增资金测算 or 政策来源 lines, doubled separators.
//! Findings of one kind for one name are one finding listing the clauses;
//! each has a severity, and consult.yaml `checks:` can switch kinds off or
//! change their severity.

use serde::Serialize;

use crate::consultation::{Consultation, Resolved};
use crate::draft::Draft;
use crate::settings::{CheckLevel, Severity};
use crate::t;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A responsible unit that is not on the consultation list.
    UnitNotConsulted,
    /// A responsible unit written differently from the list.
    UnitAlias,
    /// Clause numbers that skip or go backwards.
    NumberingGap,
    /// The same clause number twice.
    NumberingDuplicate,
    /// A clause without `新增资金测算`.
    FundingMissing,
    /// A clause whose `新增资金测算` line gives no amount that can be read
    /// (`待定`, `另行测算`): not counted in the total (tester7 H1).
    FundingUnread,
    /// A separator written twice (`、、`, `，，`), as a deleted list item
    /// leaves it.
    DoubledSeparator,
    /// A clause with two or more `新增资金测算` lines (added up).
    FundingRepeated,
    /// A clause with two or more `政策来源` lines.
    SourcesRepeated,
    /// A unit list with no unit in it: `（责任单位：）`, `；配合单位：）`.
    EmptyUnitList,
}

/// One finding: one kind for one name (or one numbering fault), listing
/// every clause it was seen in.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: Kind,
    /// `error`, `warning` or `info`: only errors and warnings make `check`
    /// exit 1.
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The listed name the unit stands for (for `unit_alias`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    /// The first clause it was seen in.
    pub clause: Option<u32>,
    /// Every clause it was seen in, in draft order.
    pub clauses: Vec<u32>,
    /// Line in the draft (of the first clause).
    pub line: usize,
    pub message: String,
}

impl Kind {
    /// The JSON and `checks:` key (`funding_missing`, …).
    pub fn key(self) -> &'static str {
        match self {
            Kind::UnitNotConsulted => "unit_not_consulted",
            Kind::UnitAlias => "unit_alias",
            Kind::NumberingGap => "numbering_gap",
            Kind::NumberingDuplicate => "numbering_duplicate",
            Kind::FundingMissing => "funding_missing",
            Kind::FundingUnread => "funding_unread",
            Kind::DoubledSeparator => "doubled_separator",
            Kind::FundingRepeated => "funding_repeated",
            Kind::SourcesRepeated => "sources_repeated",
            Kind::EmptyUnitList => "empty_unit_list",
        }
    }
}

/// Whether any finding makes `check` exit 1 (an error or a warning).
pub fn fails(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity != Severity::Info)
}

/// Every finding on `draft`, one per kind and name, in order of first
/// appearance; kinds switched off in consult.yaml `checks:` left out, and
/// severities as set there.
///
/// Defaults: a unit not consulted and a repeated clause number are errors;
/// a numbering gap, a name written differently from the list and a clause
/// without a funding line (only checked when some clause of the draft has
/// one) are warnings; a clause with two 新增资金测算 lines is an error, with
/// two 政策来源 lines a warning; a name that differs from the list only in bracket
/// width or white space is info.
pub fn check(consultation: &Consultation, draft: &Draft) -> Vec<Finding> {
    let mut raw = Vec::new();
    let style = crate::clause_style::ClauseStyle::of_draft(draft);
    let mut expected = 1;
    let uses_funding = draft.clauses.iter().any(|c| c.funding_wan.is_some());
    let funding = consultation.checks.get(Kind::FundingMissing.key());
    let check_funding = match funding {
        Some(CheckLevel::Off) => false,
        Some(CheckLevel::At(_)) => true,
        None => uses_funding,
    };
    for clause in &draft.clauses {
        numbering(&mut raw, clause.number, &mut expected, clause.line, style);
        doubled_separators(&mut raw, draft, clause);
        repeated_fields(&mut raw, clause);
        empty_unit_lists(&mut raw, draft, clause);
        for unit in &clause.responsible_units {
            if let Some(f) = unit_finding(consultation, unit, clause.number, clause.line) {
                raw.push(f);
            }
        }
        if check_funding && clause.funding_wan.is_none() {
            // A line is there, but its amount cannot be read: said so,
            // not as a missing line.
            let kind = if clause.funding_note.is_some() {
                Kind::FundingUnread
            } else {
                Kind::FundingMissing
            };
            raw.push(finding(
                kind,
                Severity::Warning,
                None,
                None,
                clause.number,
                clause.line,
            ));
        }
    }
    let mut out = group(raw);
    for f in &mut out {
        f.message = message(f, style);
    }
    apply_settings(out, consultation)
}

/// One warning per doubled separator (`、、`, `，，`) in `clause`.
fn doubled_separators(findings: &mut Vec<Finding>, draft: &Draft, clause: &crate::draft::Clause) {
    // As the draft reads: `、&#12289;` is doubled too (tester5 L6b).
    let body = crate::markdown_text::reads_as(&draft.source()[clause.range.clone()]);
    for twice in ["、、", "，，"] {
        if body.contains(twice) {
            findings.push(finding(
                Kind::DoubledSeparator,
                Severity::Warning,
                Some(twice),
                None,
                clause.number,
                clause.line,
            ));
        }
    }
}

/// One warning per unit list of `clause` that names no unit
/// (`（责任单位：）`, tester5 H3), naming its role (`责任单位`).
fn empty_unit_lists(findings: &mut Vec<Finding>, draft: &Draft, clause: &crate::draft::Clause) {
    let source = draft.source();
    for r in &clause.unit_ranges {
        let names = source.get(r.clone()).unwrap_or_default();
        if !names
            .trim_matches(|c| crate::draft::is_space(c) || c == '*')
            .is_empty()
        {
            continue;
        }
        let before = source.get(..r.start).unwrap_or_default();
        let before = before.trim_end_matches(crate::draft::is_space);
        let before = before.trim_end_matches(['：', ':']).trim_end();
        let role: String = before
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        findings.push(finding(
            Kind::EmptyUnitList,
            Severity::Warning,
            Some(&role),
            None,
            clause.number,
            clause.line,
        ));
    }
}

/// A clause with a field line twice: a warning for 新增资金测算 (every
/// line counts, so a line that belongs to another clause puts its amount
/// in the wrong clause) and for 政策来源 — as a clause's lines left under
/// the clause before it read.
fn repeated_fields(findings: &mut Vec<Finding>, clause: &crate::draft::Clause) {
    use crate::draft::{FUNDING, SOURCES, field_value};
    // The line of the second such field: where the reader should look.
    let second = |name: &str| {
        clause
            .blocks
            .iter()
            .filter(|b| field_value(&b.text, name).is_some())
            .nth(1)
            .map(|b| b.line)
    };
    for (name, kind, severity) in [
        (FUNDING, Kind::FundingRepeated, Severity::Warning),
        (SOURCES, Kind::SourcesRepeated, Severity::Warning),
    ] {
        if let Some(line) = second(name) {
            findings.push(finding(kind, severity, None, None, clause.number, line));
        }
    }
}

fn finding(
    kind: Kind,
    severity: Severity,
    unit: Option<&str>,
    listed: Option<&str>,
    clause: u32,
    line: usize,
) -> Finding {
    Finding {
        kind,
        severity,
        unit: unit.map(str::to_string),
        listed: listed.map(str::to_string),
        clause: Some(clause),
        clauses: vec![clause],
        line,
        message: String::new(),
    }
}

/// One finding per kind and name; numbering findings stay one each.
fn group(raw: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in raw {
        let numbering = matches!(f.kind, Kind::NumberingGap | Kind::NumberingDuplicate);
        let same = out
            .iter_mut()
            .find(|g| !numbering && g.kind == f.kind && g.unit == f.unit && g.listed == f.listed);
        match same {
            Some(g) => {
                for c in f.clauses {
                    if !g.clauses.contains(&c) {
                        g.clauses.push(c);
                    }
                }
            }
            None => out.push(f),
        }
    }
    out
}

/// Severities from consult.yaml `checks:`; kinds switched off removed.
fn apply_settings(findings: Vec<Finding>, consultation: &Consultation) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|mut f| match consultation.checks.get(f.kind.key()) {
            Some(CheckLevel::Off) => None,
            Some(CheckLevel::At(s)) => {
                f.severity = *s;
                Some(f)
            }
            None => Some(f),
        })
        .collect()
}

/// The clauses as the message lists them: 第5条 or 第1、2、4条 (第一条、第二条
/// for a draft labelled 第X条, 第一点、第二点 for one labelled 一、); `clauses
/// 1, 2, 4` in English.
fn clause_list(clauses: &[u32], style: crate::clause_style::ClauseStyle) -> String {
    use crate::clause_style::ClauseStyle;
    let list: Vec<String> = clauses.iter().map(u32::to_string).collect();
    if crate::i18n::lang() != crate::i18n::Lang::Zh {
        let word = if clauses.len() > 1 {
            "clauses"
        } else {
            "clause"
        };
        return format!("{word} {}", list.join(", "));
    }
    match style {
        ClauseStyle::Chinese | ClauseStyle::Point => clauses
            .iter()
            .map(|n| style.cite(*n))
            .collect::<Vec<_>>()
            .join("、"),
        ClauseStyle::Arabic => format!("第{}条", list.join("、")),
    }
}

fn message(f: &Finding, style: crate::clause_style::ClauseStyle) -> String {
    let at = clause_list(&f.clauses, style);
    let unit = f.unit.as_deref().unwrap_or_default();
    let listed = f.listed.as_deref().unwrap_or_default();
    match f.kind {
        Kind::UnitNotConsulted => t!(
            "{}的责任单位{}不在征求意见范围内",
            "{}: responsible unit {} was not consulted",
            at,
            unit
        ),
        Kind::UnitAlias => t!(
            "{}写作“{}”，名单中为“{}”",
            "{}: “{}” is listed as “{}”",
            at,
            unit,
            listed
        ),
        Kind::FundingMissing => t!(
            "{}没有“新增资金测算”",
            "{} has no 新增资金测算 (funding) line",
            at
        ),
        Kind::FundingUnread => t!(
            "{}的“新增资金测算”读不出金额，未计入合计；请写成“N万元”（或“N元”“N亿元”），说明写在金额之后，如“0万元，在原路径统筹安排”",
            "{}: no amount can be read from its 新增资金测算 (funding) line, so it is not in the total: write it as “N万元” (or N元, N亿元), with any note after the amount, e.g. “0万元，在原路径统筹安排”",
            at
        ),
        Kind::NumberingDuplicate => t!(
            "{}的编号重复或倒序：前面已有同一编号或更大的编号",
            "{}: its number repeats or goes backwards (a clause before it has the same number or a larger one)",
            at
        ),
        Kind::DoubledSeparator => t!(
            "{}中有重复的标点“{}”",
            "{}: the punctuation “{}” is doubled",
            at,
            unit
        ),
        Kind::FundingRepeated => t!(
            "{}有多行“新增资金测算”，各行金额相加计入该条；若有一行属于另一条，请把它移回其条款",
            "{} has more than one 新增资金测算 (funding) line; their amounts are added up for the clause: if one of them belongs to another clause, move it back to that clause",
            at
        ),
        Kind::SourcesRepeated => t!(
            "{}有多行“政策来源”；请合并为一行，或把不属于该条的一行移回其条款",
            "{} has more than one 政策来源 (policy source) line: make it one line, or move the one that belongs to another clause back to it",
            at
        ),
        Kind::EmptyUnitList => t!(
            "{}的“{}”中没有列出单位：请补上单位，或删去“{}：”",
            "{}: no unit is listed under “{}”: add the units, or take out “{}：”",
            at,
            unit,
            unit
        ),
        Kind::NumberingGap => f.message.clone(),
    }
}

/// A gap or a repeat in the clause numbers, said in the draft's own
/// numbering (tester5 L6c): 从第二点跳到第四点 in a draft labelled 一、
/// (二 to 四 in English), 从第二条跳到第四条 in one labelled 第X条, 从2跳到4
/// in one labelled 1.
fn numbering(
    findings: &mut Vec<Finding>,
    number: u32,
    expected: &mut u32,
    line: usize,
    style: crate::clause_style::ClauseStyle,
) {
    if number != *expected {
        let (kind, severity) = if number < *expected {
            (Kind::NumberingDuplicate, Severity::Error)
        } else {
            (Kind::NumberingGap, Severity::Warning)
        };
        let mut f = finding(kind, severity, None, None, number, line);
        let (from, to, first) = (
            label_number(expected.saturating_sub(1), style),
            label_number(number, style),
            label_number(1, style),
        );
        f.message = if *expected == 1 {
            // The first clause (e.g. after clause 1 is deleted): there is
            // no clause 0 to jump from.
            t!(
                "条款编号从{}开始，而不是从{}开始",
                "clause numbering starts at {}, not at {}",
                to,
                first
            )
        } else {
            t!(
                "条款编号从{}跳到{}",
                "clause numbers jump from {} to {}",
                from,
                to
            )
        };
        findings.push(f);
    }
    // A repeated number leaves the count where it was, so the clauses
    // after it are not all reported too (tester7 M4).
    if number >= *expected {
        *expected = number + 1;
    }
}

/// Clause number `n` as the draft's labels write it, for a numbering
/// message: 第二点 / 第二条 / 2 in Chinese; 二 / 2 in English.
fn label_number(n: u32, style: crate::clause_style::ClauseStyle) -> String {
    use crate::clause_style::ClauseStyle;
    match (style, crate::i18n::lang()) {
        (ClauseStyle::Arabic, _) => n.to_string(),
        (_, crate::i18n::Lang::Zh) => style.cite(n),
        _ => crate::diff::describe::chinese_number(n),
    }
}

fn unit_finding(
    consultation: &Consultation,
    unit: &str,
    clause: u32,
    line: usize,
) -> Option<Finding> {
    let listed = match consultation.lookup(unit) {
        None => {
            return Some(finding(
                Kind::UnitNotConsulted,
                Severity::Error,
                Some(unit),
                None,
                clause,
                line,
            ));
        }
        Some(Resolved::Issuer) => return None,
        Some(Resolved::Body(b)) => b.name.clone(),
        Some(Resolved::Group(g)) => g.name.clone(),
    };
    if listed == unit {
        return None;
    }
    // Only bracket widths or white space differ: a habit, not a mistake.
    let severity = if crate::names::normalise(&listed) == crate::names::normalise(unit) {
        Severity::Info
    } else {
        Severity::Warning
    };
    Some(finding(
        Kind::UnitAlias,
        severity,
        Some(unit),
        Some(&listed),
        clause,
        line,
    ))
}
