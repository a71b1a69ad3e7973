//! 修订: the redline `revise` would produce (`revise::plan`, shown with the
//! HTML diff view of `consult diff --format html`), then confirm — one call
//! to `revise::write`, one commit; and each version's page with its diff
//! to any earlier version.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::Response;
use serde::Deserialize;

use crate::workspace::Workspace;

use super::page::{self, Chrome, Ctx, Fail, Reply, Req, url_part};

#[derive(Template)]
#[template(path = "web/revise.html")]
struct RevisePage<'a> {
    c: &'a Chrome,
    plan: Option<(String, String)>,
    applied: Vec<(String, String)>,
    nothing: bool,
    versions: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct Stale {
    #[serde(default)]
    stale: String,
}

/// `GET /c/{site}/revise`.
pub async fn page(req: Req, Path(site): Path<String>, Query(q): Query<Stale>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let notice = (!q.stale.is_empty())
            .then(|| page::stale(&ws, ""))
            .flatten();
        let (plan, error) = match plan(&ws) {
            Ok(p) => (p, None),
            Err(e) => (None, Some(page::public_message(ctx, &e))),
        };
        let c = ctx
            .chrome(&site, Some(&ws), "revise")
            .with_notice(notice)
            .with_error(error.clone());
        let page = RevisePage {
            c: &c,
            nothing: plan.is_none() && error.is_none(),
            applied: plan.as_ref().map(|p| p.applied.clone()).unwrap_or_default(),
            plan: plan.map(|p| (p.from, p.to)),
            versions: ws.versions(),
        };
        Ok(Reply::Html(page.render()?))
    })
    .await
}

/// The plan `consult revise` would carry out.
fn plan(ws: &Workspace) -> crate::Result<Option<crate::revise::Plan>> {
    let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
    crate::revise::plan(ws, &opinions, None, None)
}

/// `GET /c/{site}/revise/preview`: the redline of the plan (shown in a frame).
pub async fn preview(req: Req, Path(site): Path<String>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let p = plan(&ws)?.ok_or(Fail::NotFound)?;
        let (bytes, _) =
            crate::export::redline_html((&p.from, &p.old_source), (&p.to, &p.new_source));
        Ok(html_inline(format!("{}-{}.html", p.from, p.to), bytes))
    })
    .await
}

fn html_inline(name: String, bytes: Vec<u8>) -> Reply {
    Reply::File {
        ascii: name.clone(),
        name,
        mime: "text/html; charset=utf-8",
        bytes,
        inline: true,
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    head: String,
}

/// `POST /c/{site}/revise`: `revise::write`, one commit; then the new version's page.
pub async fn confirm(
    req: Req,
    Path(site): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    req.post(form.csrf, move |ctx| {
        let ws = ctx.workspace(&site)?;
        let base = format!("/c/{}", url_part(&site));
        if page::stale(&ws, &form.head).is_some() {
            return Ok(Reply::Redirect(format!("{base}/revise?stale=1")));
        }
        // The same call as `consult revise`: planned and written under the lock.
        let Some(p) = crate::revise::revise(&ws, None, None)? else {
            return Ok(Reply::Redirect(format!("{base}/revise")));
        };
        Ok(Reply::Redirect(format!(
            "{base}/versions/{}",
            url_part(&p.to)
        )))
    })
    .await
}

#[derive(Template)]
#[template(path = "web/version.html")]
struct VersionPage<'a> {
    c: &'a Chrome,
    version: String,
    from: String,
    earlier: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct From {
    #[serde(default)]
    from: String,
}

/// The versions before `v` (in version order), or 404 when `v` is not one.
fn earlier(ws: &Workspace, v: &str) -> Result<Vec<String>, Fail> {
    let all = ws.versions();
    let at = all.iter().position(|x| x == v).ok_or(Fail::NotFound)?;
    Ok(all[..at].to_vec())
}

fn pick_from(earlier: &[String], asked: &str) -> Result<String, Fail> {
    if asked.is_empty() {
        return earlier.last().cloned().ok_or(Fail::NotFound);
    }
    earlier
        .iter()
        .find(|v| *v == asked)
        .cloned()
        .ok_or(Fail::NotFound)
}

/// `GET /c/{site}/versions/{v}?from=V`.
pub async fn version(
    req: Req,
    Path((site, v)): Path<(String, String)>,
    Query(q): Query<From>,
) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let earlier = earlier(&ws, &v)?;
        let from = if earlier.is_empty() {
            String::new()
        } else {
            pick_from(&earlier, &q.from)?
        };
        let c = ctx.chrome(&site, Some(&ws), "revise");
        Ok(Reply::Html(
            VersionPage {
                c: &c,
                version: v,
                from,
                earlier,
            }
            .render()?,
        ))
    })
    .await
}

/// `GET /c/{site}/versions/{v}/redline?from=V`: the HTML redline (in a frame).
pub async fn version_redline(
    req: Req,
    Path((site, v)): Path<(String, String)>,
    Query(q): Query<From>,
) -> Response {
    req.page(move |ctx| redline_of(ctx, &site, &v, &q.from))
        .await
}

fn redline_of(ctx: &Ctx, site: &str, v: &str, from: &str) -> Result<Reply, Fail> {
    let ws = ctx.workspace(site)?;
    let from = pick_from(&earlier(&ws, v)?, from)?;
    let old = crate::files::read_text(&ws.require_version(&from)?)?;
    let new = crate::files::read_text(&ws.require_version(v)?)?;
    let (bytes, _) = crate::export::redline_html((&from, &old), (v, &new));
    Ok(html_inline(format!("{from}-{v}.html"), bytes))
}
