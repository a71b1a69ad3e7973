//! 文件: the paperwork to download — the 汇总表 (md, csv, xlsx, html,
//! docx), the 修改对照表, the Word redline, the letter and the reminder —
//! each made by the same library function as `consult report`, `diff
//! --format table`, `export --redline-from`, `letter` and `letter --remind`.
//! HTML ones can be previewed in a frame.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use serde::Deserialize;

use crate::cli::{LetterFormat, ReportFormat};
use crate::workspace::Workspace;

use super::page::{Chrome, Ctx, Fail, Reply, Req};

/// One downloadable document.
pub struct Doc {
    /// The URL name (`report.xlsx`).
    pub key: &'static str,
    pub label: &'static str,
    pub html: bool,
}

/// Every document, in the page's language.
fn docs() -> Vec<Doc> {
    use crate::i18n::tr;
    let d = |key, label, html| Doc { key, label, html };
    vec![
        d(
            "report.docx",
            tr("意见采纳情况汇总表（Word）", "Summary of opinions (Word)"),
            false,
        ),
        d(
            "report.xlsx",
            tr("意见采纳情况汇总表（Excel）", "Summary of opinions (Excel)"),
            false,
        ),
        d(
            "report.html",
            tr("意见采纳情况汇总表（网页）", "Summary of opinions (HTML)"),
            true,
        ),
        d(
            "report.csv",
            tr("意见采纳情况汇总表（CSV）", "Summary of opinions (CSV)"),
            false,
        ),
        d(
            "report.md",
            tr(
                "意见采纳情况汇总表（Markdown）",
                "Summary of opinions (Markdown)",
            ),
            false,
        ),
        d(
            "table.html",
            tr("修改对照表（网页）", "Table of changes (HTML)"),
            true,
        ),
        d(
            "redline.docx",
            tr("修订稿（Word 修订模式）", "Redline (Word tracked changes)"),
            false,
        ),
        d(
            "redline.html",
            tr("修订对照（网页）", "Redline (HTML)"),
            true,
        ),
        d(
            "letter.docx",
            tr("征求意见函（Word）", "Letter (Word)"),
            false,
        ),
        d(
            "letter.md",
            tr("征求意见函（Markdown）", "Letter (Markdown)"),
            false,
        ),
        d(
            "reminder.docx",
            tr("催办函（Word）", "Reminder (Word)"),
            false,
        ),
        d(
            "reminder.md",
            tr("催办函（Markdown）", "Reminder (Markdown)"),
            false,
        ),
    ]
}

#[derive(Template)]
#[template(path = "web/documents.html")]
struct DocumentsPage<'a> {
    c: &'a Chrome,
    docs: Vec<Doc>,
    preview: String,
}

#[derive(Deserialize, Default)]
pub struct DocQuery {
    #[serde(default)]
    preview: String,
    #[serde(default)]
    inline: String,
}

/// `GET /c/{site}/documents`.
pub async fn page(req: Req, Path(site): Path<String>, Query(q): Query<DocQuery>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let docs = docs();
        let preview = docs
            .iter()
            .find(|d| d.html && d.key == q.preview)
            .map(|d| d.key.to_string())
            .unwrap_or_default();
        let c = ctx.chrome(&site, Some(&ws), "documents");
        Ok(Reply::Html(
            DocumentsPage {
                c: &c,
                docs,
                preview,
            }
            .render()?,
        ))
    })
    .await
}

/// `GET /c/{site}/documents/{name}` (`?inline=1`: shown in a frame).
pub async fn download(
    req: Req,
    Path((site, name)): Path<(String, String)>,
    Query(q): Query<DocQuery>,
) -> Response {
    req.page(move |ctx| make(ctx, &site, &name, !q.inline.is_empty()))
        .await
}

fn make(ctx: &Ctx, site: &str, name: &str, inline: bool) -> Result<Reply, Fail> {
    let ws = ctx.workspace(site)?;
    let now = ctx.app.now(&ws)?;
    let (stem, ext) = name.rsplit_once('.').ok_or(Fail::NotFound)?;
    let bytes = match stem {
        "report" => {
            let report = crate::report::load(&ws, now)?;
            crate::report::render(&report, report_format(ext)?)?
        }
        "table" if ext == "html" => table_html(&ws)?,
        "redline" => redline(&ws, ext, now)?,
        "letter" => {
            let letter = crate::letter::invitation(ws.consultation(), now);
            crate::letter::render(&letter, letter_format(ext)?)?
        }
        "reminder" => {
            let replies: Vec<_> = crate::reply::load_all(ws.root())?
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            let status = crate::status::compute(ws.consultation(), &replies, now);
            let letter =
                crate::letter::reminder(ws.consultation(), &status, now).ok_or_else(|| {
                    Fail::Bad(
                        crate::i18n::tr(
                            "所有单位均已反馈，无需催办。",
                            "every body has replied: no reminder needed.",
                        )
                        .into(),
                    )
                })?;
            crate::letter::render(&letter, letter_format(ext)?)?
        }
        _ => return Err(Fail::NotFound),
    };
    let (mime, html) = mime(ext);
    Ok(Reply::File {
        name: file_name(stem, ext),
        ascii: format!("{stem}.{ext}"),
        mime,
        bytes,
        inline: inline && html,
    })
}

fn report_format(ext: &str) -> Result<ReportFormat, Fail> {
    Ok(match ext {
        "md" => ReportFormat::Md,
        "csv" => ReportFormat::Csv,
        "xlsx" => ReportFormat::Xlsx,
        "html" => ReportFormat::Html,
        "docx" => ReportFormat::Docx,
        _ => return Err(Fail::NotFound),
    })
}

fn letter_format(ext: &str) -> Result<LetterFormat, Fail> {
    Ok(match ext {
        "md" => LetterFormat::Md,
        "docx" => LetterFormat::Docx,
        _ => return Err(Fail::NotFound),
    })
}

fn mime(ext: &str) -> (&'static str, bool) {
    match ext {
        "html" => ("text/html; charset=utf-8", true),
        "md" => ("text/markdown; charset=utf-8", false),
        "csv" => ("text/csv; charset=utf-8", false),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        _ => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        ),
    }
}

fn file_name(stem: &str, ext: &str) -> String {
    let base = match stem {
        "report" => "意见采纳情况汇总表",
        "table" => "修改对照表",
        "redline" => "修订稿",
        "letter" => "征求意见函",
        _ => "催办函",
    };
    format!("{base}.{ext}")
}

/// The version under consultation and the latest, or a message when there is no later one.
fn versions(ws: &Workspace) -> Result<(String, String), Fail> {
    let from = ws.consultation().consulting.clone();
    match ws.latest_version() {
        Some(to) if to != from => Ok((from, to)),
        _ => Err(Fail::Bad(
            crate::i18n::tr(
                "还没有修订后的版本：先在“修订”页生成新版本。",
                "there is no revised version yet: make one on the Revise page first.",
            )
            .into(),
        )),
    }
}

fn table_html(ws: &Workspace) -> Result<Vec<u8>, Fail> {
    let (from, to) = versions(ws)?;
    let old = crate::files::read_text(&ws.require_version(&from)?)?;
    let new = crate::files::read_text(&ws.require_version(&to)?)?;
    let (a, b, _) = crate::diff::sides_from_markdown((&from, &old), (&to, &new));
    let diff = crate::diff::diff_sides(&a, &b, crate::diff::By::Char);
    let mut buf = Vec::new();
    crate::diff::render(&diff, crate::cli::DiffFormat::Table, false, true, &mut buf)
        .map_err(|e| Fail::Bad(e.to_string()))?;
    Ok(buf)
}

fn redline(
    ws: &Workspace,
    ext: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<u8>, Fail> {
    let (from, to) = versions(ws)?;
    let draft = ws.load_draft(&to)?;
    let request = crate::export::Request {
        version: &to,
        draft: &draft,
        docx: match ext {
            "docx" => true,
            "html" => false,
            _ => return Err(Fail::NotFound),
        },
        redline_from: Some(&from),
        now,
        output: None,
    };
    Ok(crate::export::render(ws, &request)?.0)
}
