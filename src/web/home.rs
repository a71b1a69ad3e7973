//! The start page: with `--root`, every consultation served (title,
//! deadline, how many replied, late, silent); with one workspace, straight
//! to its overview. Also the 404 page.

use askama::Template;
use axum::extract::Path;
use axum::response::Response;

use super::page::{self, Chrome, Ctx, Fail, Reply, Req, url_part};

/// One consultation on the start page.
pub struct Site {
    pub href: String,
    pub title: String,
    pub deadline: String,
    pub replied: usize,
    pub late: usize,
    pub silent: usize,
    pub pending: usize,
    pub total: usize,
    /// Why it could not be read (consult.yaml broken), paths removed.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "web/home.html")]
struct HomePage<'a> {
    c: &'a Chrome,
    sites: Vec<Site>,
}

/// `GET /`.
pub async fn page(req: Req) -> Response {
    req.page(|ctx| {
        if !ctx.app.root_mode {
            return Ok(Reply::Redirect("/c/_/".into()));
        }
        let sites = ctx.app.sites.keys().map(|key| site(ctx, key)).collect();
        let c = ctx.chrome("", None, "");
        Ok(Reply::Html(HomePage { c: &c, sites }.render()?))
    })
    .await
}

fn site(ctx: &Ctx, key: &str) -> Site {
    let href = format!("/c/{}/", url_part(key));
    let summary = ctx.workspace(key).and_then(|ws| {
        let now = ctx.app.now(&ws)?;
        let replies: Vec<_> = crate::reply::load_all(ws.root())?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let status = crate::status::compute(ws.consultation(), &replies, now);
        Ok((ws, status))
    });
    match summary {
        Ok((ws, s)) => Site {
            href,
            title: ws.consultation().title.clone(),
            deadline: page::short_time(&ws.consultation().local(ws.consultation().deadline())),
            replied: s.counts.replied + s.counts.no_objection,
            late: s.counts.late,
            silent: s.counts.silent,
            pending: s.counts.pending,
            total: s.counts.total,
            error: None,
        },
        Err(fail) => Site {
            href,
            title: key.to_string(),
            deadline: String::new(),
            replied: 0,
            late: 0,
            silent: 0,
            pending: 0,
            total: 0,
            error: Some(match fail {
                Fail::Core(e) => page::public_message(ctx, &e),
                _ => "—".into(),
            }),
        },
    }
}

/// `GET /c/{site}`: to the overview.
pub async fn to_site(req: Req, Path(site): Path<String>) -> Response {
    req.page(move |ctx| {
        ctx.app.site(&site).ok_or(Fail::NotFound)?;
        Ok(Reply::Redirect(format!("/c/{}/", url_part(&site))))
    })
    .await
}

/// Any other URL: 404, without listing anything.
pub async fn not_found(req: Req) -> Response {
    req.public(None, |_| Err(Fail::NotFound)).await
}
