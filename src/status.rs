//! Reply states: who replied, who replied late, who is silent — judged at a
//! given instant in the consultation's time zone.
//!
//! A body's state comes from its newest reply received by the deadline; a
//! reply after the deadline never changes an on-time state. Replies
//! received after `now` have not arrived yet.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::consultation::Consultation;
use crate::reply::ReplyRecord;

/// The reply state of one body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Replied,
    NoObjection,
    Late,
    Pending,
    Silent,
}

impl State {
    /// Deemed to have no objection under the rule 逾期反馈或不反馈，视为无修改意见.
    pub fn deemed_no_objection(self) -> bool {
        matches!(self, State::Late | State::Silent)
    }

    pub fn key(self) -> &'static str {
        match self {
            State::Replied => "replied",
            State::NoObjection => "no_objection",
            State::Late => "late",
            State::Pending => "pending",
            State::Silent => "silent",
        }
    }

    /// The state in the process language.
    pub fn label(self) -> &'static str {
        use crate::i18n::tr;
        match self {
            State::Replied => tr("已反馈意见", "replied"),
            State::NoObjection => tr("无修改意见", "no objection"),
            State::Late => tr("逾期反馈", "late"),
            State::Pending => tr("尚未反馈", "pending"),
            State::Silent => tr("未反馈", "silent"),
        }
    }
}

/// One body's line of the status.
#[derive(Debug, Clone, Serialize)]
pub struct BodyStatus {
    pub name: String,
    pub group: Option<String>,
    pub state: State,
    /// The receipt time of the reply that decides the state (for `late`, the first late reply).
    pub received: Option<String>,
    /// Opinions received from this body so far (on time and late).
    pub opinions: usize,
    pub deemed_no_objection: bool,
    /// Replies received from this body so far.
    pub replies: usize,
}

/// How many bodies are in each state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub total: usize,
    pub replied: usize,
    pub no_objection: usize,
    pub late: usize,
    pub pending: usize,
    pub silent: usize,
}

/// The status of the whole consultation at one instant.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub deadline: String,
    /// The time zone every time here is judged and written in.
    pub timezone: String,
    pub now: String,
    pub closed: bool,
    pub departments: Vec<BodyStatus>,
    pub counts: Counts,
}

/// Judge every consulted body's state at `now`.
pub fn compute(
    consultation: &Consultation,
    replies: &[ReplyRecord],
    now: DateTime<FixedOffset>,
) -> Status {
    let deadline = consultation.deadline();
    let mut counts = Counts::default();
    let mut by_body: HashMap<&str, Vec<(&ReplyRecord, DateTime<FixedOffset>)>> = HashMap::new();
    for reply in replies.iter().filter(|r| r.withdrawn.is_none()) {
        if let Some(t) = reply.received_at().filter(|t| *t <= now) {
            by_body
                .entry(reply.department.as_str())
                .or_default()
                .push((reply, t));
        }
    }
    let departments: Vec<BodyStatus> = consultation
        .bodies
        .iter()
        .map(|body| {
            let arrived = by_body.remove(body.name.as_str()).unwrap_or_default();
            let line = judge(&arrived, deadline, now, consultation);
            let status = BodyStatus {
                name: body.name.clone(),
                group: body.group.clone(),
                state: line.0,
                received: line.1,
                opinions: arrived.iter().map(|(r, _)| live_opinions(r)).sum(),
                deemed_no_objection: line.0.deemed_no_objection(),
                replies: arrived.len(),
            };
            count(&mut counts, status.state);
            status
        })
        .collect();
    Status {
        deadline: consultation.local(deadline),
        timezone: consultation.timezone.name().to_string(),
        now: consultation.local(now),
        closed: now > deadline,
        departments,
        counts,
    }
}

fn judge(
    arrived: &[(&ReplyRecord, DateTime<FixedOffset>)],
    deadline: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    consultation: &Consultation,
) -> (State, Option<String>) {
    // A reply whose every opinion staff withdrew (a duplicate, a greeting)
    // says nothing when the body sent another reply in time.
    let newest = |emptied_too: bool| {
        arrived
            .iter()
            .filter(|(_, t)| *t <= deadline)
            .filter(|(r, _)| emptied_too || !emptied(r))
            .max_by_key(|(r, t)| (*t, r.id.clone()))
    };
    let on_time = newest(false).or_else(|| newest(true));
    if let Some((reply, t)) = on_time {
        let state = if says_no_objection(reply) {
            State::NoObjection
        } else {
            State::Replied
        };
        return (state, Some(consultation.local(*t)));
    }
    if let Some((_, t)) = arrived.iter().min_by_key(|(_, t)| *t) {
        return (State::Late, Some(consultation.local(*t)));
    }
    let state = if now > deadline {
        State::Silent
    } else {
        State::Pending
    };
    (state, None)
}

/// Opinions of `reply` not withdrawn by staff.
fn live_opinions(reply: &ReplyRecord) -> usize {
    reply.opinions.iter().filter(|o| !o.withdrawn).count()
}

/// Every opinion read from `reply` was withdrawn.
fn emptied(reply: &ReplyRecord) -> bool {
    !reply.opinions.is_empty() && live_opinions(reply) == 0
}

/// A reply says it has no objection when it was read so and has no
/// opinion, or when staff withdrew every opinion read from it (a greeting,
/// a courtesy line: nothing was proposed).
fn says_no_objection(reply: &ReplyRecord) -> bool {
    let live = live_opinions(reply);
    live == 0 && (reply.no_objection || !reply.opinions.is_empty())
}

fn count(counts: &mut Counts, state: State) {
    counts.total += 1;
    match state {
        State::Replied => counts.replied += 1,
        State::NoObjection => counts.no_objection += 1,
        State::Late => counts.late += 1,
        State::Pending => counts.pending += 1,
        State::Silent => counts.silent += 1,
    }
}
