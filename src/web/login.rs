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
        if users.verify(&f.user, &f.password) {
            let (_, value) = auth::new_session(&ctx.app.key, Some(&f.user), page::unix_now());
            return Ok(Reply::RedirectWithCookie(
                local(&f.next),
                auth::cookie_header(&value),
            ));
        }
        let c = ctx.chrome("", None, "");
        let body = LoginPage {
            c: &c,
            next: local(&f.next),
            failed: true,
        }
        .render()?;
        Ok(Reply::HtmlStatus(
            axum::http::StatusCode::UNAUTHORIZED,
            body,
        ))
    })
    .await
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
