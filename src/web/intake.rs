//! 登记反馈: upload one or many reply files, see the machine's reading of
//! each before anything is written (ingest's dry run, file by file),
//! correct the department or the receipt time, then confirm — one call to
//! `ingest::ingest_each`, one commit, the whole batch or nothing.

use std::collections::HashMap;
use std::path::PathBuf;

use askama::Template;
use axum::extract::{Form, Multipart, Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::ingest::{self, Outcome};
use crate::intake::Overrides;
use crate::workspace::Workspace;

use super::page::{self, Chrome, Ctx, Fail, Reply, Req, url_part};
use super::uploads::{self, Batch, MAX_FILE_BYTES};

#[derive(Template)]
#[template(path = "web/intake.html")]
struct UploadPage<'a> {
    c: &'a Chrome,
    max_mb: u64,
}

/// `GET /c/{site}/intake`.
pub async fn page(req: Req, Path(site): Path<String>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let c = ctx.chrome(&site, Some(&ws), "intake");
        Ok(Reply::Html(
            UploadPage {
                c: &c,
                max_mb: MAX_FILE_BYTES / 1024 / 1024,
            }
            .render()?,
        ))
    })
    .await
}

/// An upload read off the wire.
struct Received {
    csrf: String,
    batch: Option<String>,
    files: Vec<(String, Vec<u8>)>,
    /// Set when a file or the request went over its limit.
    too_large: Option<String>,
}

/// Messages (too large) in `lang`: the future runs outside any
/// [`crate::i18n::with_lang`], so the language is passed in.
async fn read_multipart(
    mut mp: Multipart,
    header_csrf: Option<String>,
    lang: crate::i18n::Lang,
) -> Result<Received, Fail> {
    let mut got = Received {
        csrf: header_csrf.unwrap_or_default(),
        batch: None,
        files: Vec::new(),
        too_large: None,
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                got.too_large = Some(crate::i18n::with_lang(lang, request_limit_message));
                break;
            }
            Err(e) => return Err(Fail::Bad(e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "csrf" => got.csrf = field.text().await.unwrap_or_default(),
            "batch" => got.batch = field.text().await.ok().filter(|t| !t.is_empty()),
            "file" => {
                let file_name = field.file_name().unwrap_or("reply").to_string();
                if let Some(bytes) = read_file(field, &file_name, &mut got.too_large, lang).await? {
                    if !bytes.is_empty() || !file_name.is_empty() {
                        got.files.push((file_name, bytes));
                    }
                } else {
                    break;
                }
            }
            _ => {}
        }
    }
    Ok(got)
}

/// A file field's bytes, or `None` (with `too_large` set) past the limits.
async fn read_file(
    mut field: axum::extract::multipart::Field<'_>,
    name: &str,
    too_large: &mut Option<String>,
    lang: crate::i18n::Lang,
) -> Result<Option<Vec<u8>>, Fail> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    *too_large = Some(crate::i18n::with_lang(lang, || {
                        crate::t!(
                            "文件“{}”过大：上限 {} MB。未做任何修改。",
                            "file “{}” is too large: the limit is {} MB. Nothing was changed.",
                            uploads::sanitise(name),
                            MAX_FILE_BYTES / 1024 / 1024
                        )
                    }));
                    return Ok(None);
                }
            }
            Ok(None) => return Ok(Some(bytes)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                *too_large = Some(crate::i18n::with_lang(lang, request_limit_message));
                return Ok(None);
            }
            Err(e) => return Err(Fail::Bad(e.body_text())),
        }
    }
}

fn request_limit_message() -> String {
    crate::t!(
        "一次上传过大：上限 {} MB。未做任何修改。",
        "the upload is too large: the limit is {} MB per request. Nothing was changed.",
        uploads::MAX_REQUEST_BYTES / 1024 / 1024
    )
}

/// `POST /c/{site}/intake/upload` (multipart: csrf, batch?, file…): keep
/// the files in the temporary store; answer the batch token (script) or
/// go to the preview (plain form).
pub async fn upload(req: Req, Path(site): Path<String>, mp: Multipart) -> Response {
    let header_csrf = req
        .headers
        .get(super::csrf::HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let script = req.headers.get("x-requested-with").is_some();
    let lang = page::lang_of(&req.headers, req.app.lang);
    let announced = req
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > uploads::MAX_REQUEST_BYTES as u64) {
        // Refused before the body is read (and before anything is stored).
        let csrf = header_csrf.unwrap_or_default();
        let message = crate::i18n::with_lang(lang, request_limit_message);
        return req.post(csrf, move |_| Err(Fail::TooLarge(message))).await;
    }
    let received = read_multipart(mp, header_csrf, lang).await;
    let csrf = received
        .as_ref()
        .map(|r| r.csrf.clone())
        .unwrap_or_default();
    req.post(csrf, move |ctx| {
        let got = received?;
        if let Some(message) = got.too_large {
            return Err(Fail::TooLarge(message));
        }
        ctx.app.site(&site).ok_or(Fail::NotFound)?;
        if got.files.is_empty() {
            return Err(Fail::Bad(
                crate::i18n::tr("没有选择文件。", "no file chosen.").into(),
            ));
        }
        let store = &ctx.app.uploads;
        let token = got
            .batch
            .filter(|t| store.get(t, &site, &ctx.session.nonce).is_some())
            .unwrap_or_else(|| store.create(&site, &ctx.session.nonce));
        for (name, bytes) in &got.files {
            store.add(&token, name, bytes)?;
        }
        if script {
            Ok(Reply::Text("text/plain; charset=utf-8", token))
        } else {
            Ok(Reply::Redirect(format!(
                "/c/{}/intake/{token}",
                url_part(&site)
            )))
        }
    })
    .await
}

/// One opinion as the preview shows it.
pub struct OpinionLine {
    /// The clause as the draft labels it (第七条 / 第7条 / clause 7); empty
    /// for a general opinion.
    pub clause: String,
    pub text: String,
    pub edits: Vec<String>,
    pub source: &'static str,
    pub author: String,
    /// Its proposed edits were read by OCR: staff confirm them against the original.
    pub ocr_confirm: bool,
}

/// One file of the preview.
pub struct FileView {
    pub index: usize,
    pub name: String,
    pub size_kb: u64,
    pub error: Option<String>,
    pub department: String,
    pub received: String,
    pub late: bool,
    pub no_objection: bool,
    pub duplicate: bool,
    pub opinions: Vec<OpinionLine>,
    pub warnings: Vec<String>,
    /// How the file was read (`ocr`, `pdf`, `docx`, …; empty when unread).
    pub format: String,
    /// The format as staff call it (OCR 识别, PDF, …).
    pub format_label: &'static str,
    /// The department could not be taken from the file: staff must give it.
    pub dept_missing: bool,
    /// What the form fields show (staff's corrections, else the reading).
    pub dept_value: String,
    pub received_value: String,
    /// The machine's reading (empty once corrected): a field differing from it is a correction.
    pub dept_read: String,
    pub received_read: String,
    pub reply: String,
}

#[derive(Template)]
#[template(path = "web/intake_preview.html")]
struct PreviewPage<'a> {
    c: &'a Chrome,
    token: String,
    files: Vec<FileView>,
    all_ok: bool,
    /// The listed bodies' names, offered in the department field.
    bodies: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct PreviewQuery {
    stale: Option<u8>,
}

/// `GET /c/{site}/intake/{token}`: the reading of every file, nothing written.
pub async fn preview(
    req: Req,
    Path((site, token)): Path<(String, String)>,
    Query(q): Query<PreviewQuery>,
) -> Response {
    req.page(move |ctx| {
        let notice = q.stale.map(|_| stale_notice());
        render_preview(ctx, &site, &token, notice, None, StatusCode::OK)
    })
    .await
}

fn stale_notice() -> String {
    crate::i18n::tr(
        "工作区在你打开此页后已被更改。下面是重新识别的结果，尚未登记，请确认后再提交。",
        "the workspace changed after you opened this page. This is the reading again; nothing was recorded — check and confirm again.",
    )
    .to_string()
}

fn batch_of(ctx: &Ctx, site: &str, token: &str) -> Result<Batch, Fail> {
    ctx.app
        .uploads
        .get(token, site, &ctx.session.nonce)
        .ok_or(Fail::NotFound)
}

fn render_preview(
    ctx: &Ctx,
    site: &str,
    token: &str,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Reply, Fail> {
    let ws = ctx.workspace(site)?;
    let batch = batch_of(ctx, site, token)?;
    let mut seen = std::collections::HashSet::new();
    let files: Vec<FileView> = batch
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut view = read_one(ctx, &ws, i, f);
            if view.error.is_none() && !seen.insert(view.reply.clone()) {
                view.duplicate = true;
            }
            view
        })
        .collect();
    let all_ok = files.iter().all(|f| f.error.is_none());
    let c = ctx
        .chrome(site, Some(&ws), "intake")
        .with_notice(notice)
        .with_error(error);
    let bodies = ws
        .consultation()
        .bodies
        .iter()
        .map(|b| b.name.clone())
        .collect();
    let body = PreviewPage {
        c: &c,
        token: token.to_string(),
        files,
        all_ok,
        bodies,
    }
    .render()?;
    Ok(Reply::HtmlStatus(status, body))
}

/// The overrides staff typed for a file (a time that does not parse is an error).
fn overrides(ws: &Workspace, f: &uploads::StoredFile) -> Result<Overrides, Fail> {
    Ok(Overrides {
        department: f.department.clone(),
        received: match &f.received {
            Some(t) => Some(page::form_time(ws, t)?),
            None => None,
        },
        // The system clock: a receipt typed later than it is refused.
        now: None,
    })
}

/// Ingest's dry run of one file.
fn read_one(ctx: &Ctx, ws: &Workspace, index: usize, f: &uploads::StoredFile) -> FileView {
    let mut view = FileView {
        index,
        name: f.name.clone(),
        size_kb: f.size.div_ceil(1024),
        error: None,
        department: String::new(),
        received: String::new(),
        late: false,
        no_objection: false,
        duplicate: false,
        opinions: Vec::new(),
        warnings: Vec::new(),
        format: String::new(),
        format_label: "",
        dept_missing: false,
        dept_value: f.department.clone().unwrap_or_default(),
        received_value: f.received.clone().unwrap_or_default(),
        dept_read: String::new(),
        received_read: String::new(),
        reply: String::new(),
    };
    let outcome = overrides(ws, f).and_then(|o| {
        let files = [f.path.clone()];
        let request = ingest::Request {
            files: &files,
            overrides: o,
            dry_run: true,
            commit: false,
        };
        ingest::ingest(ws, &request).map_err(Fail::Core)
    });
    match outcome {
        Ok(mut list) if !list.is_empty() => fill(
            &mut view,
            list.remove(0),
            crate::clause_style::of_workspace(ws),
        ),
        Ok(_) => {}
        Err(Fail::Core(e)) => {
            view.dept_missing = view.dept_value.is_empty() && asks_for(&e, "--department");
            view.error = Some(page::public_message(ctx, &for_the_form(e)));
        }
        Err(Fail::Bad(m)) => view.error = Some(m),
        Err(_) => view.error = Some("—".into()),
    }
    view
}

/// How a reply was read, as the page names it.
fn format_label(format: &str) -> &'static str {
    use crate::i18n::tr;
    match format {
        "ocr" => tr("OCR 识别（扫描件或照片）", "read by OCR (scan or photo)"),
        "pdf" => tr("PDF 文字层", "PDF text"),
        "docx" => tr("Word 文档", "Word document"),
        "doc" | "wps" | "rtf" | "odt" => tr(
            "经 LibreOffice 转换的文档",
            "document converted by LibreOffice",
        ),
        "email" => tr("电子邮件", "e-mail"),
        _ => tr("文本", "text"),
    }
}

/// Whether the error's hint asks for a command-line option (`--department`, `--received`).
fn asks_for(e: &crate::Error, option: &str) -> bool {
    matches!(e, crate::Error::Input { hint: Some(h), .. } if h.contains(option))
}

/// The error with a hint naming the page's fields instead of the command
/// line's `--received` and `--department` (the nearest listed names kept).
fn for_the_form(e: crate::Error) -> crate::Error {
    // A message naming the option (前置信息的收到时间 … 与 --received …
    // 不一致) names the field the clerk typed the time into instead.
    let e = match e {
        crate::Error::Input {
            position,
            message,
            hint,
        } if message.contains("--received") => crate::Error::Input {
            position,
            message: message.replace(
                "--received",
                crate::i18n::tr("“收到时间”栏的", "the Received field's"),
            ),
            hint,
        },
        e => e,
    };
    let crate::Error::Input {
        hint: Some(hint), ..
    } = &e
    else {
        return e;
    };
    if hint.contains("--received") {
        let text = crate::i18n::tr(
            "在上面的“收到时间”栏填写（如 2023-05-24 16:20），再点“按修改重新识别”",
            "fill in the Received field above (e.g. 2023-05-24 16:20), then click “Read again with the corrections”",
        );
        return e.with_hint(text);
    }
    if hint.contains("--department") {
        let nearest = hint
            .split(['；', ';'])
            .next()
            .filter(|first| !first.contains("--department"))
            .map(|first| format!("{first}{}", crate::i18n::tr("；", "; ")))
            .unwrap_or_default();
        let text = crate::i18n::tr(
            "对照原件，在上面的“反馈单位”栏填写或选择名单中的单位，再点“按修改重新识别”",
            "check the original, type or pick a listed department in the Department field above, then click “Read again with the corrections”",
        );
        return e.with_hint(format!("{nearest}{text}"));
    }
    e
}

fn fill(view: &mut FileView, o: Outcome, style: crate::clause_style::ClauseStyle) {
    view.department = o.department;
    view.received = page::short_time(&o.received);
    view.late = o.late;
    view.no_objection = o.no_objection;
    view.duplicate = o.duplicate;
    view.warnings = o.warnings;
    view.format_label = format_label(&o.format);
    view.format = o.format;
    view.opinions = o
        .opinions
        .iter()
        .map(|op| OpinionLine {
            clause: op.clause.map(|n| style.cite_local(n)).unwrap_or_default(),
            text: op.text.clone(),
            edits: op
                .edits
                .iter()
                .map(crate::opinion::Edit::describe)
                .collect(),
            source: super::opinions::source_label(op.source),
            author: op.author.clone().unwrap_or_default(),
            ocr_confirm: op
                .warnings
                .iter()
                .any(|w| crate::intake::ocr::is_confirm_warning(w)),
        })
        .collect();
    view.reply = o.reply;
    if view.dept_value.is_empty() {
        view.dept_value = view.department.clone();
        view.dept_read = view.department.clone();
    }
    if view.received_value.is_empty() {
        view.received_value = view.received.clone();
        view.received_read = view.received.clone();
    }
}

/// `POST /c/{site}/intake/{token}`: `action` = preview (read again with
/// the corrections), confirm (one ingest, one commit) or discard.
pub async fn confirm(
    req: Req,
    Path((site, token)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let csrf = form.get("csrf").cloned().unwrap_or_default();
    req.post(csrf, move |ctx| {
        let ws = ctx.workspace(&site)?;
        let batch = batch_of(ctx, &site, &token)?;
        let base = format!("/c/{}", url_part(&site));
        let action = form.get("action").map_or("preview", String::as_str);
        if action == "discard" {
            ctx.app.uploads.remove(&token);
            return Ok(Reply::Redirect(format!("{base}/intake")));
        }
        ctx.app
            .uploads
            .correct(&token, corrections(&form, batch.files.len()));
        if action != "confirm" {
            return Ok(Reply::Redirect(format!("{base}/intake/{token}")));
        }
        if page::stale(&ws, form.get("head").map_or("", String::as_str)).is_some() {
            return Ok(Reply::Redirect(format!("{base}/intake/{token}?stale=1")));
        }
        let batch = batch_of(ctx, &site, &token)?;
        match record(&ws, &batch) {
            Ok(n) => {
                ctx.app.uploads.remove(&token);
                Ok(Reply::Redirect(format!("{base}/?done=ingest&n={n}")))
            }
            Err(fail) => {
                let message = match fail {
                    Fail::Core(e) => page::public_message(ctx, &e),
                    Fail::Bad(m) => m,
                    _ => "—".into(),
                };
                let message = crate::t!(
                    "未登记：{}（整批均未写入）",
                    "not recorded: {} (nothing of the batch was written)",
                    message
                );
                render_preview(
                    ctx,
                    &site,
                    &token,
                    None,
                    Some(message),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
        }
    })
    .await
}

/// The corrections of the form: a field counts when it differs from the reading.
fn corrections(form: &HashMap<String, String>, n: usize) -> Vec<(Option<String>, Option<String>)> {
    let changed = |field: &str, read: &str| {
        let value = form
            .get(field)
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        let read = form
            .get(read)
            .map(|v| v.trim().to_string())
            .unwrap_or_default();
        (!value.is_empty() && value != read).then_some(value)
    };
    (0..n)
        .map(|i| {
            (
                changed(&format!("dept_{i}"), &format!("dept_read_{i}")),
                changed(&format!("received_{i}"), &format!("received_read_{i}")),
            )
        })
        .collect()
}

/// The one ingest of the batch; returns how many files it held.
fn record(ws: &Workspace, batch: &Batch) -> Result<usize, Fail> {
    let files: Vec<PathBuf> = batch.files.iter().map(|f| f.path.clone()).collect();
    let per_file = batch
        .files
        .iter()
        .map(|f| overrides(ws, f))
        .collect::<Result<Vec<_>, Fail>>()?;
    let request = ingest::Request {
        files: &files,
        overrides: Overrides::default(),
        dry_run: false,
        commit: true,
    };
    ingest::ingest_each(ws, &request, &per_file, &|_, _| {})?;
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Position;

    fn input(hint: &str) -> crate::Error {
        crate::Error::input(Position::file("a.pdf"), "x").with_hint(hint)
    }

    fn hint_of(e: &crate::Error) -> String {
        match e {
            crate::Error::Input { hint, .. } => hint.clone().unwrap_or_default(),
            _ => String::new(),
        }
    }

    #[test]
    fn command_line_hints_become_the_page_fields() {
        let e = for_the_form(input(
            "give it with --received \"2023-05-24 16:20\", or write received: in front matter",
        ));
        assert!(hint_of(&e).contains("Received field"), "{}", hint_of(&e));
        assert!(!hint_of(&e).contains("--received"));
        let e =
            input("closest listed: 市工信局、市教育局; check the original and give --department");
        assert!(asks_for(&e, "--department"));
        let hint = hint_of(&for_the_form(e));
        assert!(
            hint.starts_with("closest listed: 市工信局、市教育局; "),
            "{hint}"
        );
        assert!(hint.contains("Department field") && !hint.contains("--department"));
        let hint = hint_of(&for_the_form(input("name it with --department, or …")));
        assert!(hint.starts_with("check the original"), "{hint}");
        let other = for_the_form(input("ask for a PDF without encryption"));
        assert_eq!(hint_of(&other), "ask for a PDF without encryption");
    }

    /// Tester (stop 9) §11: a front-matter time differing from the one typed
    /// in the page was reported against --received.
    #[test]
    fn a_message_naming_received_names_the_field() {
        let e = crate::Error::input(
            Position::file("a.md"),
            "the front matter's receipt time 1 differs from --received 2",
        );
        let text = for_the_form(e).to_string();
        assert!(
            text.contains("differs from the Received field's 2"),
            "{text}"
        );
        assert!(!text.contains("--received"), "{text}");
    }
}
