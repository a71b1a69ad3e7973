//! The request context, the common page frame, replies and errors.
//!
//! Every handler is `async fn(...) -> Response` that hands a plain
//! synchronous closure to [`run`]: it checks the session (sign-in when
//! `--users` is given, the CSRF token on a POST), then runs the closure on
//! a blocking thread with the reader's language and the signed-in user as
//! commit author, and turns its [`Reply`] or [`Fail`] into a response.
//! Errors shown never carry a server path or a stack trace.

use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::i18n::{self, Lang};
use crate::workspace::Workspace;

use super::auth::{self, COOKIE, Session};
use super::state::App;

/// What a handler knows about the request.
pub struct Ctx {
    pub app: App,
    pub lang: Lang,
    pub session: Session,
    pub csrf: String,
    /// The request path (for the language switch).
    pub path: String,
    set_cookie: Option<String>,
}

impl Ctx {
    pub fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// Open the workspace `key`, or 404.
    pub fn workspace(&self, key: &str) -> Result<Workspace, Fail> {
        match self.app.open(key) {
            None => Err(Fail::NotFound),
            Some(r) => r.map_err(Fail::Core),
        }
    }

    /// The page frame for a page of workspace `ws` (or none: `site` empty).
    pub fn chrome(&self, site: &str, ws: Option<&Workspace>, active: &'static str) -> Chrome {
        Chrome {
            zh: self.zh(),
            user: self.session.user.clone(),
            csrf: self.csrf.clone(),
            site: site.to_string(),
            site_title: ws
                .map(|w| w.consultation().title.clone())
                .unwrap_or_default(),
            active,
            head: ws.map(super::state::head).unwrap_or_default(),
            notice: None,
            error: None,
            path: self.path.clone(),
            root_mode: self.app.root_mode,
            login: self.app.needs_login(),
        }
    }
}

/// The frame around every page: navigation, language switch, messages.
pub struct Chrome {
    pub zh: bool,
    pub user: Option<String>,
    pub csrf: String,
    /// The workspace key ("" outside a workspace).
    pub site: String,
    pub site_title: String,
    /// Which navigation item is current.
    pub active: &'static str,
    /// The workspace's HEAD when the page was made (stale-form check).
    pub head: String,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub path: String,
    pub root_mode: bool,
    pub login: bool,
}

/// The navigation items: (key, path under the workspace, Chinese, English).
pub const NAV: [(&str, &str, &str, &str); 7] = [
    ("dashboard", "", "概况", "Overview"),
    ("intake", "intake", "登记反馈", "Record replies"),
    ("opinions", "opinions", "意见处理", "Opinions"),
    ("revise", "revise", "修订", "Revise"),
    ("documents", "documents", "文件", "Documents"),
    ("history", "history", "历史", "History"),
    ("check", "check", "检查", "Check"),
];

impl Chrome {
    /// Pick the text of the page's language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        if self.zh { zh } else { en }
    }

    /// The URL prefix of the workspace's pages.
    pub fn base(&self) -> String {
        format!("/c/{}", url_part(&self.site))
    }

    /// The language-switch link to `lang`.
    pub fn lang_link(&self, lang: &str) -> String {
        format!("/lang/{lang}?back={}", url_part(&self.path))
    }

    pub fn nav(&self) -> Vec<NavItem> {
        NAV.iter()
            .map(|(key, sub, zh, en)| NavItem {
                href: format!("{}/{sub}", self.base()),
                label: self.t(zh, en),
                current: *key == self.active,
            })
            .collect()
    }

    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    pub fn with_error(mut self, error: Option<String>) -> Self {
        self.error = error;
        self
    }
}

pub struct NavItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// Percent-encode one path or query part.
pub fn url_part(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a handler answers.
pub enum Reply {
    Html(String),
    /// A page with another status (e.g. a stale form, 409).
    HtmlStatus(StatusCode, String),
    /// 303 See Other to a local path.
    Redirect(String),
    /// A download (or, `inline`, a preview shown in a frame).
    File {
        name: String,
        /// The name for clients that take only ASCII (`report.docx`).
        ascii: String,
        mime: &'static str,
        bytes: Vec<u8>,
        inline: bool,
    },
    /// A small plain or JSON answer.
    Text(&'static str, String),
    /// 303 See Other setting a cookie (sign-in, sign-out, language).
    RedirectWithCookie(String, String),
}

/// Why a request failed.
pub enum Fail {
    NotFound,
    Unauthorized,
    Forbidden(String),
    TooLarge(String),
    /// A refusal of the core (bad input): its message, paths removed.
    Core(crate::Error),
    /// A refusal of the form (a required field missing, …).
    Bad(String),
}

impl From<crate::Error> for Fail {
    fn from(e: crate::Error) -> Self {
        Fail::Core(e)
    }
}

impl From<askama::Error> for Fail {
    fn from(e: askama::Error) -> Self {
        Fail::Bad(format!("template: {e}"))
    }
}

#[derive(Template)]
#[template(path = "web/error.html")]
struct ErrorPage<'a> {
    c: &'a Chrome,
    status: u16,
    title: &'a str,
    message: String,
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The reader's language: the `lang` cookie (the reader's own choice),
/// else `serve --lang` (`default`, the office's choice), else
/// Accept-Language, else Chinese.
pub fn lang_of(headers: &HeaderMap, default: Option<Lang>) -> Lang {
    match cookie(headers, "lang").as_deref() {
        Some("en") => return Lang::En,
        Some("zh") => return Lang::Zh,
        _ => {}
    }
    if let Some(lang) = default {
        return lang;
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .find(|t| !t.is_empty() && t != "*");
    match first {
        Some(t) if t.starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Whether a request may go ahead without a sign-in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The sign-in page itself and assets.
    Public,
    /// A page: needs a sign-in when users are configured.
    Page,
}

/// The parts of a request every handler needs: the state, the headers
/// (cookies, language) and the path (for the language switch).
pub struct Req {
    pub app: App,
    pub headers: HeaderMap,
    pub path: String,
}

impl axum::extract::FromRequestParts<App> for Req {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &App,
    ) -> Result<Self, Self::Rejection> {
        Ok(Req {
            app: state.clone(),
            headers: parts.headers.clone(),
            path: parts.uri.to_string(),
        })
    }
}

impl Req {
    /// A page (sign-in required when users are configured), no CSRF token.
    pub async fn page<F>(self, work: F) -> Response
    where
        F: FnOnce(&Ctx) -> Result<Reply, Fail> + Send + 'static,
    {
        run(self.app, self.headers, self.path, Access::Page, None, work).await
    }

    /// A state-changing POST of a page: needs the CSRF token.
    pub async fn post<F>(self, csrf: String, work: F) -> Response
    where
        F: FnOnce(&Ctx) -> Result<Reply, Fail> + Send + 'static,
    {
        run(
            self.app,
            self.headers,
            self.path,
            Access::Page,
            Some(csrf),
            work,
        )
        .await
    }

    /// The sign-in page, the language switch, 404s: no sign-in needed.
    pub async fn public<F>(self, csrf: Option<String>, work: F) -> Response
    where
        F: FnOnce(&Ctx) -> Result<Reply, Fail> + Send + 'static,
    {
        run(
            self.app,
            self.headers,
            self.path,
            Access::Public,
            csrf,
            work,
        )
        .await
    }
}

/// Check the session (and the CSRF token of a POST: `csrf` is `Some`), then
/// run `work` on a blocking thread in the reader's language, as the user.
pub async fn run<F>(
    app: App,
    headers: HeaderMap,
    path: String,
    access: Access,
    csrf: Option<String>,
    work: F,
) -> Response
where
    F: FnOnce(&Ctx) -> Result<Reply, Fail> + Send + 'static,
{
    let now = unix_now();
    let lang = lang_of(&headers, app.lang);
    let found = cookie(&headers, COOKIE).and_then(|v| auth::verify_session(&app.key, &v, now));
    let (session, set_cookie) = match found {
        Some(s) => (s, None),
        None => {
            let (s, v) = auth::new_session(&app.key, None, now);
            (s, Some(auth::cookie_header(&v)))
        }
    };
    let ctx = Ctx {
        csrf: super::csrf::token(&app.key, &session),
        app,
        lang,
        session,
        path,
        set_cookie,
    };
    if !ctx.app.needs_login() && !loopback_host(&headers) {
        // Without sign-in the server answers only to its loopback names,
        // so another site cannot reach it by DNS rebinding.
        return respond(
            &ctx,
            Err(Fail::Forbidden(
                "this server answers to 127.0.0.1 / localhost only".into(),
            )),
        );
    }
    let signed_out = ctx.app.needs_login() && ctx.session.user.is_none();
    if access == Access::Page && signed_out {
        if csrf.is_some() {
            return respond(&ctx, Err(Fail::Unauthorized));
        }
        return respond(
            &ctx,
            Ok(Reply::Redirect(format!(
                "/login?next={}",
                url_part(&ctx.path)
            ))),
        );
    }
    if let Some(token) = &csrf
        && !super::csrf::valid(&ctx.app.key, &ctx.session, token)
    {
        let message = i18n::with_lang(lang, || {
            crate::i18n::tr(
                "表单已失效（缺少或错误的安全令牌），未做任何修改。请刷新页面后重试。",
                "the form is not valid (missing or wrong security token); nothing was changed. Reload the page and try again.",
            )
            .to_string()
        });
        return respond(&ctx, Err(Fail::Forbidden(message)));
    }
    let task = tokio::task::spawn_blocking(move || {
        i18n::with_lang(lang, || {
            let result = match ctx.session.user.clone() {
                Some(user) => {
                    crate::store::with_author(&user, &format!("{user}@consult.local"), || {
                        work(&ctx)
                    })
                }
                None => work(&ctx),
            };
            respond(&ctx, result)
        })
    });
    task.await
        .unwrap_or_else(|_| (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response())
}

/// Whether the Host header names this machine's loopback (127.0.0.1,
/// `localhost`, `[::1]`, any port).
pub fn loopback_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Turn a handler's result into a response (error pages included).
pub fn respond(ctx: &Ctx, result: Result<Reply, Fail>) -> Response {
    let mut response = match result {
        Ok(reply) => reply_response(reply),
        Err(fail) => fail_response(ctx, fail),
    };
    if let Some(cookie) = &ctx.set_cookie
        && let Ok(v) = HeaderValue::from_str(cookie)
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn reply_response(reply: Reply) -> Response {
    match reply {
        Reply::Html(body) => html(StatusCode::OK, body),
        Reply::HtmlStatus(status, body) => html(status, body),
        Reply::Redirect(to) => {
            let to = if to.starts_with('/') && !to.starts_with("//") {
                to
            } else {
                "/".into()
            };
            (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
        }
        Reply::RedirectWithCookie(to, cookie) => {
            let mut r = reply_response(Reply::Redirect(to));
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().append(header::SET_COOKIE, v);
            }
            r
        }
        Reply::Text(mime, body) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, mime)], body).into_response()
        }
        Reply::File {
            name,
            ascii,
            mime,
            bytes,
            inline,
        } => {
            let disposition = format!(
                "{}; filename=\"{}\"; filename*=UTF-8''{}",
                if inline { "inline" } else { "attachment" },
                ascii_file_name(&ascii),
                url_part(&name)
            );
            let mut r = (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, mime.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response();
            if inline {
                // A document shown in a frame: its own styles, no script at all.
                r.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
                    ),
                );
            }
            r
        }
    }
}

fn fail_response(ctx: &Ctx, fail: Fail) -> Response {
    let c = ctx.chrome("", None, "");
    let (status, title, message) = match fail {
        Fail::NotFound => (
            StatusCode::NOT_FOUND,
            c.t("页面不存在", "Not found"),
            c.t("没有这个页面。", "There is no such page.").to_string(),
        ),
        Fail::Unauthorized => (
            StatusCode::UNAUTHORIZED,
            c.t("需要登录", "Sign-in required"),
            c.t(
                "请先登录。未做任何修改。",
                "Please sign in first. Nothing was changed.",
            )
            .to_string(),
        ),
        Fail::Forbidden(m) => (StatusCode::FORBIDDEN, c.t("不允许", "Forbidden"), m),
        Fail::TooLarge(m) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            c.t("文件过大", "Too large"),
            m,
        ),
        Fail::Core(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            c.t("无法完成", "Could not be done"),
            public_message(ctx, &e),
        ),
        Fail::Bad(m) => (
            StatusCode::BAD_REQUEST,
            c.t("无法完成", "Could not be done"),
            m,
        ),
    };
    let page = ErrorPage {
        c: &c,
        status: status.as_u16(),
        title,
        message,
    };
    html(status, page.render().unwrap_or_else(|_| title.to_string()))
}

/// An error's message as the browser may see it: the server's folders
/// removed (workspace paths become relative, any other absolute path its
/// file name).
pub fn public_message(ctx: &Ctx, e: &crate::Error) -> String {
    scrub(&ctx.app, &e.to_string())
}

/// `name` kept to ASCII letters, digits, `.`, `-` and `_` (a header's
/// plain `filename=`); a stem with nothing left becomes `download`
/// (`汇总表.docx` → `download.docx`).
pub fn ascii_file_name(name: &str) -> String {
    let keep = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            .collect()
    };
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (keep(stem), keep(ext)),
        None => (keep(name), String::new()),
    };
    let stem = stem.trim_start_matches('.');
    let stem = if stem.chars().any(|c| c.is_ascii_alphanumeric()) {
        stem
    } else {
        "download"
    };
    if ext.is_empty() {
        stem.to_string()
    } else {
        format!("{stem}.{ext}")
    }
}

/// Remove server paths from `text`.
pub fn scrub(app: &super::state::AppState, text: &str) -> String {
    let mut text = without_upload_dirs(text, &app.uploads.base().display().to_string());
    let mut prefixes: Vec<String> = app
        .sites
        .values()
        .map(|p| p.display().to_string())
        .collect();
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in prefixes {
        text = text.replace(&format!("{p}/"), "").replace(&p, ".");
    }
    text.split(' ')
        .map(|word| {
            if word.starts_with('/') && word.len() > 1 {
                std::path::Path::new(word)
                    .file_name()
                    .map_or_else(|| "…".to_string(), |n| n.to_string_lossy().to_string())
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with every `<uploads>/<token>/<n>/` removed (an uploaded file
/// is named by its own name only).
fn without_upload_dirs(text: &str, base: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(base) {
        out.push_str(&rest[..at]);
        let after = &rest[at + base.len()..];
        let mut cut = after;
        for _ in 0..3 {
            match cut.find('/') {
                Some(i) if !cut[..i].contains(char::is_whitespace) => cut = &cut[i + 1..],
                _ => break,
            }
        }
        rest = cut;
    }
    out.push_str(rest);
    out
}

/// Read a time typed into a form, in the consultation's zone.
pub fn form_time(
    ws: &Workspace,
    text: &str,
) -> Result<chrono::DateTime<chrono::FixedOffset>, Fail> {
    crate::deadline::parse_time(text.trim(), ws.consultation().timezone).map_err(|e| {
        Fail::Bad(crate::t!(
            "时间“{}”无法识别：{}。写成 2023-05-24 16:20",
            "time “{}” not understood: {}. Write 2023-05-24 16:20",
            text,
            e
        ))
    })
}

pub use crate::deadline::short_time;

/// The stale-form check: `Some(notice)` when HEAD moved since the form's page.
pub fn stale(ws: &Workspace, form_head: &str) -> Option<String> {
    (super::state::head(ws) != form_head).then(|| {
        crate::i18n::tr(
            "工作区在你打开此页后已被更改（可能是其他人或命令行）。下面是最新状态，你的操作未执行，请确认后重试。",
            "the workspace changed after you opened this page (someone else, or the command line). This is the new state; your action was not applied — check and try again.",
        )
        .to_string()
    })
}

#[cfg(test)]
mod ascii_name_tests {
    use super::ascii_file_name;

    #[test]
    fn download_names_keep_an_ascii_stem_and_extension() {
        assert_eq!(ascii_file_name("report.docx"), "report.docx");
        assert_eq!(ascii_file_name("v1-v2.html"), "v1-v2.html");
        assert_eq!(ascii_file_name("意见采纳情况汇总表.docx"), "download.docx");
        assert_eq!(ascii_file_name("\"a\";b.md"), "ab.md");
        assert_eq!(ascii_file_name("汇总表"), "download");
    }
}
