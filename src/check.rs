//! Lint a draft against the consultation: responsible units that were not
//! consulted or are written differently from the list, numbering gaps, and
//! clauses without a funding line.

use serde::Serialize;

use crate::consultation::{Consultation, Resolved};
use crate::draft::Draft;
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
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The listed name the unit stands for (for `unit_alias`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listed: Option<String>,
    pub clause: Option<u32>,
    /// Line in the draft.
    pub line: usize,
    pub message: String,
}

/// Every finding on `draft`, in clause order.
pub fn check(consultation: &Consultation, draft: &Draft) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut expected = 1;
    for clause in &draft.clauses {
        numbering(&mut findings, clause.number, &mut expected, clause.line);
        for unit in &clause.responsible_units {
            if let Some(f) = unit_finding(consultation, unit, clause.number, clause.line) {
                findings.push(f);
            }
        }
        if clause.funding_wan.is_none() {
            findings.push(Finding {
                kind: Kind::FundingMissing,
                unit: None,
                listed: None,
                clause: Some(clause.number),
                line: clause.line,
                message: t!(
                    "第{}条没有“新增资金测算”",
                    "clause {} has no 新增资金测算 (funding) line",
                    clause.number
                ),
            });
        }
    }
    findings
}

fn numbering(findings: &mut Vec<Finding>, number: u32, expected: &mut u32, line: usize) {
    if number != *expected {
        let (kind, message) = if number < *expected {
            (
                Kind::NumberingDuplicate,
                t!(
                    "条款编号{}重复或倒序",
                    "clause number {} repeats or goes backwards",
                    number
                ),
            )
        } else {
            (
                Kind::NumberingGap,
                t!(
                    "条款编号从{}跳到{}",
                    "clause numbers jump from {} to {}",
                    expected.saturating_sub(1),
                    number
                ),
            )
        };
        findings.push(Finding {
            kind,
            unit: None,
            listed: None,
            clause: Some(number),
            line,
            message,
        });
    }
    *expected = number.max(*expected) + 1;
}

fn unit_finding(
    consultation: &Consultation,
    unit: &str,
    clause: u32,
    line: usize,
) -> Option<Finding> {
    let listed = match consultation.lookup(unit) {
        None => {
            return Some(Finding {
                kind: Kind::UnitNotConsulted,
                unit: Some(unit.to_string()),
                listed: None,
                clause: Some(clause),
                line,
                message: t!(
                    "第{}条的责任单位{}不在征求意见范围内",
                    "clause {}: responsible unit {} was not consulted",
                    clause,
                    unit
                ),
            });
        }
        Some(Resolved::Issuer) => return None,
        Some(Resolved::Body(b)) => b.name.clone(),
        Some(Resolved::Group(g)) => g.name.clone(),
    };
    (listed != unit).then(|| Finding {
        kind: Kind::UnitAlias,
        unit: Some(unit.to_string()),
        listed: Some(listed.clone()),
        clause: Some(clause),
        line,
        message: t!(
            "第{}条写作“{}”，名单中为“{}”",
            "clause {}: “{}” is listed as “{}”",
            clause,
            unit,
            listed
        ),
    })
}
