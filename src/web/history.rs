//! 历史: the consultation's log (`history::history`, as `consult log`),
//! each entry with its author and links to what changed.

use askama::Template;
use axum::extract::Path;
use axum::response::Response;

use super::page::{self, Chrome, Reply, Req, url_part};

/// One changed file, linked where the application has a page for it.
pub struct FileLink {
    pub name: String,
    pub href: Option<String>,
}

/// One entry of the page.
pub struct Line {
    pub id: String,
    pub time: String,
    pub kind: String,
    pub summary: String,
    pub author: String,
    pub files: Vec<FileLink>,
}

#[derive(Template)]
#[template(path = "web/history.html")]
struct HistoryPage<'a> {
    c: &'a Chrome,
    lines: Vec<Line>,
}

/// `GET /c/{site}/history`.
pub async fn page(req: Req, Path(site): Path<String>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let base = format!("/c/{}", url_part(&site));
        let lines = crate::history::history(&ws)?
            .into_iter()
            .map(|e| Line {
                id: e.id.chars().take(8).collect(),
                time: page::short_time(&e.time),
                kind: e.kind,
                summary: e.summary,
                author: e.author,
                files: e.files.iter().map(|f| link(&base, f)).collect(),
            })
            .collect();
        let c = ctx.chrome(&site, Some(&ws), "history");
        Ok(Reply::Html(HistoryPage { c: &c, lines }.render()?))
    })
    .await
}

fn link(base: &str, file: &str) -> FileLink {
    let href = if let Some(v) = file
        .strip_prefix("drafts/")
        .and_then(|f| f.strip_suffix(".md"))
    {
        Some(format!("{base}/versions/{}", url_part(v)))
    } else if file.starts_with("decisions/") || file.starts_with("comments/") {
        Some(format!("{base}/opinions"))
    } else {
        None
    };
    FileLink {
        name: file.to_string(),
        href,
    }
}
