//! `consult withdraw`: staff mark an opinion as not an opinion (a
//! greeting, a courtesy line, a duplicate). It leaves the counts, the
//! report and revise, stays listed with `opinions --all` and in the log.
//! Recorded in `amendments/<id>.yaml` with its reason, in one commit.
//!
//! Given a reply id (the 8 hex digits `ingest` prints), the whole reply is
//! withdrawn — a reply recorded by mistake: the body goes back to not
//! replied, its opinions leave the counts and the report (still listed by
//! `opinions --all`); the record and the original stay in git. An exact
//! reply id wins over an opinion id prefix.

use crate::amendment::{self, Amendment};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::opinion::OpinionView;
use crate::t;
use crate::workspace::Workspace;

/// What was withdrawn.
#[derive(Debug, Clone)]
pub enum Withdrawn {
    /// One opinion, as it was read.
    Opinion(Box<OpinionView>),
    /// A whole reply: its id, department and how many opinions it held.
    Reply {
        id: String,
        department: String,
        opinions: usize,
    },
}

/// Withdraw the reply whose id is exactly `id`, else the opinion `id` (or
/// unique prefix), for `reason`. Errors (exit 2, nothing written): no
/// reason, no such id, withdrawn already, or an opinion a version was made
/// from.
pub fn withdraw(ws: &Workspace, id: &str, reason: Option<&str>) -> Result<Withdrawn> {
    let reason = needs_reason(reason)?;
    let tx = ws.begin()?;
    let replies = crate::reply::load_all(ws.root())?;
    if let Some((_, reply)) = replies.into_iter().find(|(_, r)| r.id == id) {
        return withdraw_reply(ws, tx, reply, reason);
    }
    withdraw_opinion(ws, tx, id, reason).map(|o| Withdrawn::Opinion(Box::new(o)))
}

fn needs_reason(reason: Option<&str>) -> Result<&str> {
    reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            Error::usage(tr(
                "撤回意见须说明理由（--reason）",
                "withdrawing an opinion needs a reason (--reason)",
            ))
            .with_hint(tr(
                "例如 --reason \"问候语，不是意见\"",
                "e.g. --reason \"a greeting, not an opinion\"",
            ))
        })
}

/// Refuse to withdraw `o` when an existing version applied its edits.
fn refuse_used(ws: &Workspace, o: &OpinionView) -> Result<()> {
    crate::revision_use::refuse_change(ws, o, crate::opinion::Disposition::Pending, &[])
}

fn withdraw_reply(
    ws: &Workspace,
    tx: crate::transaction::Transaction<'_>,
    reply: crate::reply::ReplyRecord,
    reason: &str,
) -> Result<Withdrawn> {
    if reply.withdrawn.is_some() {
        return Err(Error::usage(t!(
            "反馈 {} 已经撤回",
            "reply {} is withdrawn already",
            reply.id
        )));
    }
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    for o in opinions.iter().filter(|o| o.reply == reply.id) {
        refuse_used(ws, o)?;
    }
    let heading = format!("{} 撤回整份反馈", reply.department);
    let message = format!(
        "withdraw: 反馈 {}（{}）误登记，整份撤回（意见{}条）\n\n原件：{}\n理由：{reason}",
        reply.id,
        reply.department,
        reply.opinions.len(),
        reply.source.stored
    );
    record(ws, tx, &reply.id, reason, &heading, &message)?;
    Ok(Withdrawn::Reply {
        id: reply.id,
        department: reply.department,
        opinions: reply.opinions.len(),
    })
}

fn withdraw_opinion(
    ws: &Workspace,
    tx: crate::transaction::Transaction<'_>,
    id: &str,
    reason: &str,
) -> Result<OpinionView> {
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    let opinion = crate::decision::find(&opinions, id)?.clone();
    if opinion.withdrawn {
        return Err(Error::usage(t!(
            "意见 {} 已经撤回",
            "opinion {} is withdrawn already",
            opinion.id
        )));
    }
    refuse_used(ws, &opinion)?;
    let heading = format!("{} 撤回意见", opinion.department);
    let message = format!(
        "withdraw: {}（{}）不是意见\n\n意见：{}\n理由：{reason}",
        opinion.id, opinion.department, opinion.text
    );
    record(ws, tx, &opinion.id, reason, &heading, &message)?;
    Ok(opinion)
}

/// Mark `target` (an opinion or reply id) withdrawn for `reason` in
/// amendments/<target>.yaml, keeping its other corrections; one commit.
fn record(
    ws: &Workspace,
    tx: crate::transaction::Transaction<'_>,
    target: &str,
    reason: &str,
    heading: &str,
    message: &str,
) -> Result<()> {
    let mut stored = amendment::load(ws.root(), target)?.unwrap_or_else(|| Amendment {
        target: target.to_string(),
        ..Amendment::default()
    });
    stored.withdrawn = Some(reason.to_string());
    let path = amendment::path(ws.root(), target);
    let text = format!(
        "# consult amendment: {heading}\n{}",
        crate::yaml::to_string(&stored)?
    );
    crate::decide::record_file(tx, &path, &text, message)
}
