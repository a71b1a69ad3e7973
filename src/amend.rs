//! `consult amend`: staff correct the machine's reading of one opinion
//! (clause, kind, text, edits, reason) or of one reply (department, receipt
//! time). The correction goes to `amendments/<id>.yaml` — the reply record
//! and the original stay as they were — in one commit.

use chrono::DateTime;

use crate::amendment::{self, Amendment};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::opinion::{Edit, OpinionKind, OpinionView};
use crate::reply::ReplyRecord;
use crate::t;
use crate::workspace::Workspace;

/// What `amend` was asked.
#[derive(Debug, Default)]
pub struct Request<'a> {
    /// An opinion id (or unique prefix), or a reply's 8-hex id.
    pub id: &'a str,
    pub clause: Option<u32>,
    pub general: bool,
    pub new_clause: bool,
    pub text: Option<&'a str>,
    /// FROM TO pairs.
    pub replace: &'a [String],
    pub delete: &'a [String],
    pub add_units: &'a [String],
    pub remove_units: &'a [String],
    pub no_edits: bool,
    pub reason: Option<&'a str>,
    /// Reply: the department (any listed name or alias).
    pub department: Option<&'a str>,
    /// Reply: the receipt time as typed (RFC 3339 or `YYYY-MM-DD HH:MM`).
    pub received: Option<&'a str>,
    /// The clock a corrected receipt time must not be later than
    /// (`--now`); `None` is the system clock.
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Request<'_> {
    fn for_reply(&self) -> bool {
        self.department.is_some() || self.received.is_some()
    }

    fn for_opinion(&self) -> bool {
        self.clause.is_some()
            || self.general
            || self.new_clause
            || self.text.is_some()
            || self.has_edits()
            || self.no_edits
            || self.reason.is_some()
    }

    fn has_edits(&self) -> bool {
        !(self.replace.is_empty()
            && self.delete.is_empty()
            && self.add_units.is_empty()
            && self.remove_units.is_empty())
    }
}

/// What was corrected.
#[derive(Debug, Clone)]
pub enum Amended {
    /// An opinion: as read before and as corrected now.
    Opinion {
        before: Box<OpinionView>,
        after: Box<OpinionView>,
    },
    /// A reply: its id, and (department, received) before and after.
    Reply {
        id: String,
        before: (String, String),
        after: (String, String),
    },
}

/// Record the correction asked by `request`.
pub fn amend(ws: &Workspace, request: &Request<'_>) -> Result<Amended> {
    match (request.for_reply(), request.for_opinion()) {
        (true, true) => Err(Error::usage(tr(
            "--department、--received 用于更正整份反馈，不能与更正单条意见的选项同时使用",
            "--department and --received correct a whole reply; they do not go with the options that correct one opinion",
        ))),
        (true, false) => amend_reply(ws, request),
        (false, true) => amend_opinion(ws, request),
        (false, false) => Err(Error::usage(tr("没有要更正的内容", "nothing to amend"))
            .with_hint(tr(
                "意见：--clause N、--general、--new-clause、--text、--replace、--delete、--add-unit、--remove-unit、--no-edits、--reason；反馈：--department、--received",
                "an opinion: --clause N, --general, --new-clause, --text, --replace, --delete, --add-unit, --remove-unit, --no-edits, --reason; a reply: --department, --received",
            ))),
    }
}

// ---------------------------------------------------------------------------
// One opinion.

fn amend_opinion(ws: &Workspace, request: &Request<'_>) -> Result<Amended> {
    let tx = ws.begin()?;
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    let before = crate::decision::find(&opinions, request.id)?.clone();
    let correction = opinion_correction(ws, &before, request)?;
    let mut stored = amendment::load(ws.root(), &before.id)?.unwrap_or_else(|| Amendment {
        target: before.id.clone(),
        ..Amendment::default()
    });
    stored.merge(correction);
    let after = corrected(&before, &stored);
    if same_reading(&before, &after) {
        return Err(same_as_now());
    }
    crate::revision_use::refuse_reading_change(ws, &before, &after)?;
    let path = amendment::path(ws.root(), &before.id);
    let text = format!(
        "# consult amendment: {} 意见更正\n{}",
        before.department,
        crate::yaml::to_string(&stored)?
    );
    let message = format!(
        "amend: {}（{}）更正意见\n\n{}",
        before.id,
        before.department,
        changes(&before, &after, crate::clause_style::of_workspace(ws)).join("\n")
    );
    crate::decide::record_file(tx, &path, &text, &message)?;
    Ok(Amended::Opinion {
        before: Box::new(before),
        after: Box::new(after),
    })
}

/// The correction `request` makes to `opinion`, checked against the
/// version under consultation.
fn opinion_correction(
    ws: &Workspace,
    opinion: &OpinionView,
    request: &Request<'_>,
) -> Result<Amendment> {
    let draft = ws.consulting_draft()?;
    let (kind, clause) = match (request.clause, request.general, request.new_clause) {
        (Some(n), false, false) => {
            if draft.clause(n).is_none() {
                return Err(Error::usage(t!(
                    "{} 中没有{}",
                    "{} has no {}",
                    ws.consultation().consulting,
                    crate::clause_style::cite(&draft, n)
                ))
                .with_hint(t!(
                    "条款编号见 consult show；草案没有的条款用 --new-clause",
                    "see the clause numbers with consult show; a clause the draft lacks takes --new-clause",
                )));
            }
            (Some(OpinionKind::Clause), Some(n))
        }
        (None, true, false) => (Some(OpinionKind::General), None),
        (None, false, true) => (Some(OpinionKind::NewClause), None),
        (None, false, false) => (None, opinion.clause),
        _ => {
            return Err(Error::usage(tr(
                "--clause、--general、--new-clause 只能选一个",
                "give only one of --clause, --general and --new-clause",
            )));
        }
    };
    let edits = stated_edits(request)?;
    let in_force = edits.clone().unwrap_or_else(|| opinion.edits.clone());
    if edits.is_some() || kind.is_some() {
        check_edits(ws, &draft, clause, &in_force, edits.is_some())?;
    }
    let text = match request.text {
        Some(t) if t.trim().is_empty() => {
            return Err(
                Error::usage(tr("--text 不能为空", "--text must not be empty")).with_hint(tr(
                    "不是意见的内容请用 consult withdraw ID --reason …",
                    "for something that is not an opinion use consult withdraw ID --reason …",
                )),
            );
        }
        other => other.map(|t| t.trim().to_string()),
    };
    Ok(Amendment {
        target: opinion.id.clone(),
        kind,
        clause: kind.and(clause),
        text,
        edits,
        opinion_reason: request
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        ..Amendment::default()
    })
}

/// The edits stated on the command line: None when none was stated,
/// Some(empty) for `--no-edits`.
fn stated_edits(request: &Request<'_>) -> Result<Option<Vec<Edit>>> {
    if request.no_edits {
        if request.has_edits() {
            return Err(Error::usage(tr(
                "--no-edits 不能与 --replace、--delete、--add-unit、--remove-unit 同时使用",
                "--no-edits does not go with --replace, --delete, --add-unit or --remove-unit",
            )));
        }
        return Ok(Some(Vec::new()));
    }
    if !request.has_edits() {
        return Ok(None);
    }
    let mut edits = Vec::new();
    for pair in request.replace.chunks(2) {
        let [from, to] = pair else {
            return Err(Error::usage(tr(
                "--replace 需要两个值：FROM TO",
                "--replace takes two values: FROM TO",
            )));
        };
        if from.is_empty() {
            return Err(Error::usage(tr(
                "--replace 的原文（FROM）不能为空",
                "--replace FROM must not be empty",
            ))
            .with_hint(tr(
                "在条文中增加文字，请替换其前后的一段原文",
                "to insert text, replace a piece of the clause next to where it goes",
            )));
        }
        edits.push(Edit::Replace {
            from: from.clone(),
            to: to.clone(),
        });
    }
    for text in request.delete {
        if text.is_empty() {
            return Err(Error::usage(tr(
                "--delete 的文字不能为空",
                "--delete TEXT must not be empty",
            )));
        }
        edits.push(Edit::Delete { text: text.clone() });
    }
    let unit = |u: &String| u.trim().to_string();
    edits.extend(
        request
            .add_units
            .iter()
            .map(|u| Edit::AddUnit { unit: unit(u) }),
    );
    edits.extend(
        request
            .remove_units
            .iter()
            .map(|u| Edit::RemoveUnit { unit: unit(u) }),
    );
    Ok(Some(edits))
}

/// The edits in force must fit the clause the opinion will point at; an
/// opinion with no clause carries none.
fn check_edits(
    ws: &Workspace,
    draft: &crate::draft::Draft,
    clause: Option<u32>,
    edits: &[Edit],
    stated: bool,
) -> Result<()> {
    if edits.is_empty() {
        return Ok(());
    }
    let Some(number) = clause else {
        return Err(Error::usage(tr(
            "没有指明条款的意见不能带修改内容",
            "an opinion that names no clause cannot carry edits",
        ))
        .with_hint(if stated {
            tr("用 --clause N 指明条款", "name the clause with --clause N")
        } else {
            tr(
                "加上 --no-edits 去掉原有的修改内容，或用 --clause N 指明条款",
                "add --no-edits to drop the edits read, or name the clause with --clause N",
            )
        }));
    };
    let style = crate::clause_style::ClauseStyle::of_draft(draft);
    let clause = draft.clause(number).ok_or_else(|| {
        Error::usage(t!(
            "{} 中没有{}",
            "{} has no {}",
            ws.consultation().consulting,
            style.cite_local(number)
        ))
    })?;
    for edit in edits {
        if let Edit::AddUnit { unit } = edit {
            let want = crate::names::normalise(unit);
            if clause
                .responsible_units
                .iter()
                .any(|u| crate::names::normalise(u) == want)
            {
                return Err(Error::usage(t!(
                    "{}的责任单位已有{}",
                    "{} lists {} already",
                    style.cite_local(clause.number),
                    unit
                )));
            }
        }
        crate::decide::fits(clause, edit, style).map_err(|e| {
            if stated {
                e
            } else {
                e.with_hint(tr(
                    "原有的修改内容与新条款不符：用 --replace/--delete 重新写明，或加 --no-edits",
                    "the edits read do not fit that clause: restate them with --replace/--delete, or add --no-edits",
                ))
            }
        })?;
    }
    Ok(())
}

/// `before` with the whole stored amendment applied.
fn corrected(before: &OpinionView, stored: &Amendment) -> OpinionView {
    let mut after = before.clone();
    if let Some(kind) = stored.kind {
        after.kind = kind;
        after.clause = stored.clause;
    }
    if let Some(text) = &stored.text {
        after.text.clone_from(text);
    }
    if let Some(edits) = &stored.edits {
        after.edits.clone_from(edits);
    }
    if stored.opinion_reason.is_some() {
        after.opinion_reason.clone_from(&stored.opinion_reason);
    }
    after.amended = true;
    after
}

fn same_reading(a: &OpinionView, b: &OpinionView) -> bool {
    (a.kind, a.clause, &a.text, &a.edits, &a.opinion_reason)
        == (b.kind, b.clause, &b.text, &b.edits, &b.opinion_reason)
}

fn same_as_now() -> Error {
    Error::usage(tr(
        "与现有读法相同，没有要更正的内容",
        "that is the current reading already: nothing to amend",
    ))
    .with_hint(tr(
        "用 consult opinions --json 查看现有读法",
        "see the current reading with consult opinions --json",
    ))
}

/// Lines naming what differs between two readings of an opinion, clauses
/// cited in `style` (the consulted draft's).
pub fn changes(
    before: &OpinionView,
    after: &OpinionView,
    style: crate::clause_style::ClauseStyle,
) -> Vec<String> {
    let clause = |o: &OpinionView| match (o.kind, o.clause) {
        (OpinionKind::NewClause, _) => tr("新增条款", "new clause").to_string(),
        (_, Some(n)) => style.cite_local(n),
        (_, None) => tr("总体意见", "general").to_string(),
    };
    let edits = |o: &OpinionView| {
        if o.edits.is_empty() {
            tr("（无）", "(none)").to_string()
        } else {
            o.edits
                .iter()
                .map(Edit::describe)
                .collect::<Vec<_>>()
                .join("；")
        }
    };
    let mut lines = Vec::new();
    let mut diff = |label: &str, old: String, new: String| {
        if old != new {
            lines.push(format!("  {label}{}{old} → {new}", tr("：", ": ")));
        }
    };
    diff(tr("条款", "clause"), clause(before), clause(after));
    diff(tr("意见", "text"), before.text.clone(), after.text.clone());
    diff(tr("建议修改", "edits"), edits(before), edits(after));
    let reason = |o: &OpinionView| {
        o.opinion_reason
            .clone()
            .unwrap_or_else(|| tr("（无）", "(none)").to_string())
    };
    diff(tr("理由", "reason"), reason(before), reason(after));
    lines
}

// ---------------------------------------------------------------------------
// One reply.

fn amend_reply(ws: &Workspace, request: &Request<'_>) -> Result<Amended> {
    let tx = ws.begin()?;
    let replies: Vec<ReplyRecord> = crate::reply::load_all(ws.root())?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let reply = find_reply(&replies, request.id)?;
    let c = ws.consultation();
    let department = request
        .department
        .map(|name| resolve_department(ws, name))
        .transpose()?;
    let received = request
        .received
        .map(|text| crate::deadline::parse_received(text, c.timezone))
        .transpose()?;
    if let Some(at) = received {
        let now = crate::intake::received::latest_clock(request.now);
        crate::intake::received::check_plausible(at, c, now)
            .map_err(|(message, hint)| Error::usage(message).with_hint(hint))?;
    }
    let before = (reply.department.clone(), shown(ws, &reply.received));
    let mut stored = amendment::load(ws.root(), &reply.id)?.unwrap_or_else(|| Amendment {
        target: reply.id.clone(),
        ..Amendment::default()
    });
    stored.merge(Amendment {
        target: reply.id.clone(),
        department: department.clone(),
        received: received.map(|t| t.to_rfc3339()),
        ..Amendment::default()
    });
    let after = (
        department.unwrap_or_else(|| reply.department.clone()),
        received.map_or_else(|| before.1.clone(), |t| shown(ws, &t.to_rfc3339())),
    );
    if after == before {
        return Err(same_as_now());
    }
    let path = amendment::path(ws.root(), &reply.id);
    let text = format!(
        "# consult amendment: 反馈 {} 更正\n{}",
        reply.id,
        crate::yaml::to_string(&stored)?
    );
    let mut body = Vec::new();
    if before.0 != after.0 {
        body.push(format!("单位：{} → {}", before.0, after.0));
    }
    if before.1 != after.1 {
        body.push(format!("收到时间：{} → {}", before.1, after.1));
    }
    let message = format!(
        "amend: 反馈 {}（{}）更正\n\n{}",
        reply.id,
        after.0,
        body.join("\n")
    );
    crate::decide::record_file(tx, &path, &text, &message)?;
    Ok(Amended::Reply {
        id: reply.id.clone(),
        before,
        after,
    })
}

/// A receipt time as staff read it: 2023-05-25 11:00 in the consultation's zone.
fn shown(ws: &Workspace, received: &str) -> String {
    DateTime::parse_from_rfc3339(received).map_or_else(
        |_| received.to_string(),
        |t| {
            t.with_timezone(&ws.consultation().timezone)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        },
    )
}

/// The reply whose id is `id` (or the one whose id starts with it).
fn find_reply<'a>(replies: &'a [ReplyRecord], id: &str) -> Result<&'a ReplyRecord> {
    if let Some(exact) = replies.iter().find(|r| r.id == id) {
        return Ok(exact);
    }
    let matches: Vec<&ReplyRecord> = if id.is_empty() {
        Vec::new()
    } else {
        replies.iter().filter(|r| r.id.starts_with(id)).collect()
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(
            Error::usage(t!("没有编号为“{}”的反馈", "no reply has the id “{}”", id)).with_hint(
                tr(
                    "反馈编号是 8 位十六进制数，即意见编号“-”前的部分（consult opinions）",
                    "a reply id is the 8 hex digits before the dash of its opinions' ids (consult opinions)",
                ),
            ),
        ),
        many => Err(Error::usage(t!(
            "编号“{}”不唯一，可能是：{}",
            "the id “{}” is ambiguous: {}",
            id,
            many.iter()
                .map(|r| format!("{} ({})", r.id, r.department))
                .collect::<Vec<_>>()
                .join("; ")
        ))
        .with_hint(tr("写出完整的 8 位编号", "type all 8 digits"))),
    }
}

/// A listed body's name for `name`; a group, the issuer and unknown names
/// are errors (the members, or the nearest listed names, suggested).
fn resolve_department(ws: &Workspace, name: &str) -> Result<String> {
    crate::intake::sender::resolve_name(
        name,
        std::path::Path::new("--department"),
        None,
        ws.consultation(),
    )
}
