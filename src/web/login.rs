//! Sign-in, sign-out and the language switch.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::Response;
use serde::Deserialize;

use super::auth;
use super::page::{self, Chrome, Fail, Reply, Req};

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage<'a> {
    c: &'a Chrome,
    next: String,
    failed: bool,
    /// Seconds to wait before the next attempt (too many wrong passwords).
    wait: Option<u64>,
}

#[derive(Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// A local path to go back to (anything else becomes `/`).
fn local(path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        path.to_string()
    } else {
        "/".into()
    }
}

/// `GET /login`.
pub async fn page(req: Req, Query(q): Query<Next>) -> Response {
    req.public(None, move |ctx| {
        if !ctx.app.needs_login() {
            return Ok(Reply::Redirect("/".into()));
        }
        let c = ctx.chrome("", None, "");
        Ok(Reply::Html(
            LoginPage {
                c: &c,
                next: local(&q.next),
                failed: false,
                wait: None,
            }
            .render()?,
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`: a new session for the user when the password holds.
pub async fn submit(req: Req, Form(f): Form<LoginForm>) -> Response {
    req.public(Some(f.csrf.clone()), move |ctx| {
        let Some(users) = &ctx.app.users else {
            return Ok(Reply::Redirect("/".into()));
        };
        let now = std::time::Instant::now();
        if let Some(wait) = ctx.app.logins.wait(&f.user, now) {
            return failed_page(ctx, &f.next, Some(wait.as_secs().max(1)));
        }
        if users.verify(&f.user, &f.password) {
            ctx.app.logins.succeeded(&f.user);
            let (_, value) = auth::new_session(&ctx.app.key, Some(&f.user), page::unix_now());
            return Ok(Reply::RedirectWithCookie(
                local(&f.next),
                auth::cookie_header(&value),
            ));
        }
        ctx.app.logins.failed(&f.user, now);
        failed_page(ctx, &f.next, None)
    })
    .await
}

/// The sign-in page again: 401 after a wrong password, 429 while `wait`.
fn failed_page(ctx: &page::Ctx, next: &str, wait: Option<u64>) -> Result<Reply, Fail> {
    let c = ctx.chrome("", None, "");
    let body = LoginPage {
        c: &c,
        next: local(next),
        failed: wait.is_none(),
        wait,
    }
    .render()?;
    let status = match wait {
        Some(_) => axum::http::StatusCode::TOO_MANY_REQUESTS,
        None => axum::http::StatusCode::UNAUTHORIZED,
    };
    Ok(Reply::HtmlStatus(status, body))
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(req: Req, Form(f): Form<CsrfOnly>) -> Response {
    req.public(Some(f.csrf), |ctx| {
        let to = if ctx.app.needs_login() { "/login" } else { "/" };
        Ok(Reply::RedirectWithCookie(
            to.into(),
            auth::clear_cookie_header(),
        ))
    })
    .await
}

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    back: String,
}

/// `GET /lang/{zh|en}?back=PATH`: remember the language, go back.
pub async fn lang(req: Req, Path(code): Path<String>, Query(q): Query<Back>) -> Response {
    req.public(None, move |_| {
        if code != "zh" && code != "en" {
            return Err(Fail::NotFound);
        }
        Ok(Reply::RedirectWithCookie(
            local(&q.back),
            format!("lang={code}; Path=/; SameSite=Strict; Max-Age=31536000"),
        ))
    })
    .await
}
