//! The ledger: every opinion of the workspace with its department, its
//! lateness and the decision recorded on it — what `opinions`, `decide`,
//! `revise` and `report` all read.

use crate::opinion::{Disposition, OpinionView};

/// Every opinion of `replies` in receipt order, judged against the deadline.
pub fn collect(
    replies: &[crate::reply::ReplyRecord],
    consultation: &crate::consultation::Consultation,
) -> Vec<OpinionView> {
    let deadline = consultation.deadline();
    replies
        .iter()
        .flat_map(|reply| {
            let late = reply.received_at().is_some_and(|t| t > deadline);
            let received = reply
                .received_at()
                .map_or_else(|| reply.received.clone(), |t| consultation.local(t));
            reply.opinions.iter().map(move |o| OpinionView {
                id: o.id.clone(),
                department: reply.department.clone(),
                clause: o.clause,
                text: o.text.clone(),
                late,
                disposition: Disposition::Pending,
                reason: None,
                edits: o.edits.clone(),
                adopted_edits: None,
                reply: reply.id.clone(),
                received: received.clone(),
                warnings: o.warnings.clone(),
                kind: o.kind(),
                source: o.source.unwrap_or_default(),
                author: o.author.clone(),
                anchor: o.anchor.clone(),
                opinion_reason: o.opinion_reason.clone(),
                amended: o.amended,
                withdrawn: o.withdrawn,
            })
        })
        .collect()
}

/// Every opinion of the workspace at `root` with its recorded decision.
pub fn load(
    root: &std::path::Path,
    consultation: &crate::consultation::Consultation,
) -> crate::Result<Vec<OpinionView>> {
    let replies: Vec<_> = crate::reply::load_all(root)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let mut list = collect(&replies, consultation);
    crate::decision::apply(&mut list, &crate::decision::load_all(root)?);
    for conflict in crate::decision::conflicts(root)? {
        if let Some(o) = list.iter_mut().find(|o| o.id == conflict.opinion) {
            o.warnings.push(crate::t!(
                "两个副本的处理意见冲突：{}；用 consult decide 定夺",
                "two clones decided differently: {}; settle it with consult decide",
                conflict.describe()
            ));
        }
    }
    Ok(list)
}
