//! `consult withdraw`: staff mark an opinion as not an opinion (a
//! greeting, a courtesy line, a duplicate). It leaves the counts, the
//! report and revise, stays listed with `opinions --all` and in the log.
//! Recorded in `amendments/<id>.yaml` with its reason, in one commit.

use crate::amendment::{self, Amendment};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::opinion::OpinionView;
use crate::t;
use crate::workspace::Workspace;

/// Withdraw the opinion `id` (or unique prefix) for `reason`; returns it
/// as it was read.
pub fn withdraw(ws: &Workspace, id: &str, reason: Option<&str>) -> Result<OpinionView> {
    let reason = reason
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
        })?;
    let tx = ws.begin()?;
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    let opinion = crate::decision::find(&opinions, id)?.clone();
    if opinion.withdrawn {
        return Err(Error::usage(t!(
            "意见 {} 已经撤回",
            "opinion {} is withdrawn already",
            opinion.id
        )));
    }
    let mut stored = amendment::load(ws.root(), &opinion.id)?.unwrap_or_else(|| Amendment {
        target: opinion.id.clone(),
        ..Amendment::default()
    });
    stored.withdrawn = Some(reason.to_string());
    let path = amendment::path(ws.root(), &opinion.id);
    let text = format!(
        "# consult amendment: {} 撤回意见\n{}",
        opinion.department,
        crate::yaml::to_string(&stored)?
    );
    let message = format!(
        "withdraw: {}（{}）不是意见\n\n意见：{}\n理由：{reason}",
        opinion.id, opinion.department, opinion.text
    );
    crate::decide::record_file(tx, &path, &text, &message)?;
    Ok(opinion)
}
