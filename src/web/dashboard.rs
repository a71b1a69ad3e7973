//! 概况: the deadline and time left (in the consultation's zone), counts
//! per state, the two charts, and every body's line (group members under
//! their group) — all from `status::compute`, the function behind
//! `consult status`.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;

use crate::status::Status;

use super::page::{self, Chrome, Ctx, Reply, Req, url_part};

/// One line of the table: a group heading or a body.
pub struct Row {
    pub group_heading: Option<String>,
    pub name: String,
    pub member: bool,
    pub state_key: &'static str,
    pub state_label: &'static str,
    pub received: String,
    pub opinions: usize,
    pub deemed: bool,
    pub href: String,
}

#[derive(Template)]
#[template(path = "web/dashboard.html")]
struct DashboardPage<'a> {
    c: &'a Chrome,
    deadline: String,
    deadline_words: String,
    timezone: String,
    now: String,
    remaining: String,
    closed: bool,
    status: Status,
    states_svg: String,
    timeline_svg: String,
    rows: Vec<Row>,
}

/// What a redirect to the overview reports.
#[derive(Deserialize, Default)]
pub struct Flash {
    pub done: Option<String>,
    pub n: Option<usize>,
}

/// The message of a finished action (`?done=ingest&n=2`).
pub fn flash_message(f: &Flash) -> Option<String> {
    let n = f.n.unwrap_or(0);
    match f.done.as_deref()? {
        "ingest" => Some(crate::t!("已登记 {} 份反馈。", "{} replies recorded.", n)),
        "stale" => Some(crate::i18n::tr(
            "工作区在你打开此页后已被更改。下面是最新状态，你的操作未执行。",
            "the workspace changed after you opened the page. This is the new state; your action was not applied.",
        ).to_string()),
        _ => None,
    }
}

/// `GET /c/{site}/`.
pub async fn page(req: Req, Path(site): Path<String>, Query(flash): Query<Flash>) -> Response {
    req.page(move |ctx| render(ctx, &site, &flash)).await
}

fn render(ctx: &Ctx, site: &str, flash: &Flash) -> Result<Reply, page::Fail> {
    let ws = ctx.workspace(site)?;
    let c = ws.consultation();
    let now = ctx.app.now(&ws)?;
    let replies: Vec<_> = crate::reply::load_all(ws.root())?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let status = crate::status::compute(c, &replies, now);
    let received: Vec<_> = replies
        .iter()
        .filter_map(|r| r.received_at())
        .filter(|t| *t <= now)
        .map(|t| t.with_timezone(&c.timezone).fixed_offset())
        .collect();
    let deadline = c.deadline();
    let base = format!("/c/{}", url_part(site));
    let chrome = ctx
        .chrome(site, Some(&ws), "dashboard")
        .with_notice(flash_message(flash));
    let page = DashboardPage {
        c: &chrome,
        deadline: page::short_time(&c.local(deadline)),
        deadline_words: c.deadline_chinese(),
        timezone: c.timezone.name().to_string(),
        now: page::short_time(&c.local(now)),
        remaining: crate::deadline::describe_remaining(now, deadline),
        closed: status.closed,
        states_svg: super::svg::states(&status.counts),
        timeline_svg: super::svg::timeline(
            &received,
            deadline.with_timezone(&c.timezone).fixed_offset(),
            now.with_timezone(&c.timezone).fixed_offset(),
            status.counts.total,
        ),
        rows: rows(&status, &base),
        status,
    };
    Ok(Reply::Html(page.render()?))
}

/// The table's lines: each group's heading before its first member.
fn rows(status: &Status, base: &str) -> Vec<Row> {
    let mut last_group: Option<&str> = None;
    let mut rows = Vec::new();
    for d in &status.departments {
        let heading = match d.group.as_deref() {
            Some(g) if last_group != Some(g) => Some(g.to_string()),
            _ => None,
        };
        last_group = d.group.as_deref();
        rows.push(Row {
            group_heading: heading,
            name: d.name.clone(),
            member: d.group.is_some(),
            state_key: d.state.key(),
            state_label: d.state.label(),
            received: d
                .received
                .as_deref()
                .map(page::short_time)
                .unwrap_or_default(),
            opinions: d.opinions,
            deemed: d.deemed_no_objection,
            href: format!("{base}/opinions?department={}", url_part(&d.name)),
        });
    }
    rows
}

/// `GET /c/{site}/head`: the workspace's HEAD commit (the script compares it).
pub async fn head(req: Req, Path(site): Path<String>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        Ok(Reply::Text(
            "text/plain; charset=utf-8",
            super::state::head(&ws),
        ))
    })
    .await
}
