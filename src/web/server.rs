//! Start-up and the router: which workspaces, which address (loopback
//! unless `--bind` names another, and then `--users` is required), which
//! port (8080 or the next free one), the security headers on every answer.

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cli::{Global, ServeArgs};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::t;

use super::state::{App, AppState};
use super::{
    assets, auth, check, dashboard, documents, history, home, intake, login, opinions, revise,
    uploads,
};

/// The Content-Security-Policy of every page: nothing but this server, no
/// inline script.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

/// `consult serve`: check the options, bind, print the URL, serve until killed.
pub fn run(g: &Global, args: &ServeArgs, out: &mut dyn Write) -> Result<i32> {
    let ip = bind_address(args)?;
    let users = match &args.users {
        Some(path) => Some(auth::Users::load(path)?),
        None if !ip.is_loopback() => {
            return Err(Error::usage(t!(
                "--bind {} 不是本机回环地址：需要用 --users FILE 要求登录",
                "--bind {} is not a loopback address: require a sign-in with --users FILE",
                ip
            ))
            .with_hint(tr(
                "先用 consult serve --add-user NAME --users FILE 添加用户",
                "add users first with consult serve --add-user NAME --users FILE",
            )));
        }
        None => None,
    };
    let (sites, root_mode) = sites(g, args)?;
    let listener = listen(ip, args.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("failed to bind", "<socket>", e))?;
    let state = Arc::new(AppState {
        sites,
        root_mode,
        users,
        key: {
            let mut k = [0u8; 32];
            auth::random(&mut k);
            k
        },
        uploads: uploads::Uploads::new()?,
        now: g.now.clone(),
        logins: Default::default(),
        lang: g.lang,
    });
    let app = router(state.clone());
    let url = url_of(addr);
    crate::printer::line(out, &t!("consult serve：{}", "consult serve: {}", url))?;
    out.flush()
        .map_err(|e| Error::io("failed to write", "<stdout>", e))?;
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("failed to start", "<runtime>", e))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("failed to listen", "<socket>", e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io("failed to listen", "<socket>", e))?;
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::io("failed to serve", "<socket>", e))
    })?;
    Ok(0)
}

fn bind_address(args: &ServeArgs) -> Result<IpAddr> {
    match &args.bind {
        None => Ok(IpAddr::from([127, 0, 0, 1])),
        Some(text) => text.parse().map_err(|_| {
            Error::usage(t!(
                "--bind “{}” 不是 IP 地址",
                "--bind “{}” is not an IP address",
                text
            ))
            .with_hint(tr(
                "如 127.0.0.1 或 0.0.0.0",
                "such as 127.0.0.1 or 0.0.0.0",
            ))
        }),
    }
}

/// The workspaces served: every one under `--root`, or the one of `-C`/the current folder.
fn sites(
    g: &Global,
    args: &ServeArgs,
) -> Result<(std::collections::BTreeMap<String, std::path::PathBuf>, bool)> {
    if let Some(root) = &args.root {
        let root = root
            .canonicalize()
            .map_err(|e| Error::io(tr("无法读取", "failed to read"), root, e))?;
        let found = super::state::discover(&root);
        if found.is_empty() {
            return Err(Error::usage(t!(
                "{} 下没有工作区（含 consult.yaml 的文件夹）",
                "no workspace (a folder with consult.yaml) under {}",
                root.display()
            ))
            .with_hint(tr("用 consult init 新建", "create one with consult init")));
        }
        return Ok((found.into_iter().collect(), true));
    }
    let root = crate::workspace::find_root(g.dir.as_deref())?;
    crate::workspace::Workspace::open(Some(&root))?;
    let root = root.canonicalize().unwrap_or(root);
    Ok(([("_".to_string(), root)].into(), false))
}

/// Bind `port` (default 8080), or the next free one of the following 20.
fn listen(ip: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    let first = port.unwrap_or(8080);
    let tries = if first == 0 { 1 } else { 21 };
    let mut last = None;
    for p in (0..tries).filter_map(|i| first.checked_add(i)) {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(Error::usage(t!(
        "无法在 {} 的端口 {} 起（及其后 20 个）监听：{}",
        "cannot listen on {} port {} (or the next 20): {}",
        ip,
        first,
        last.map(|e| e.to_string()).unwrap_or_default()
    ))
    .with_hint(tr(
        "用 --port 指定其他端口",
        "choose another port with --port",
    )))
}

fn url_of(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

/// Every route, the body limit and the security headers.
pub fn router(state: App) -> Router {
    Router::new()
        .route("/", get(home::page))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/lang/{code}", get(login::lang))
        .route("/assets/{name}", get(assets::serve))
        .route("/c/{site}", get(home::to_site))
        .route("/c/{site}/", get(dashboard::page))
        .route("/c/{site}/head", get(dashboard::head))
        .route("/c/{site}/intake", get(intake::page))
        .route("/c/{site}/intake/upload", post(intake::upload))
        .route(
            "/c/{site}/intake/{token}",
            get(intake::preview).post(intake::confirm),
        )
        .route("/c/{site}/opinions", get(opinions::page))
        .route("/c/{site}/opinions/decide", post(opinions::decide))
        .route("/c/{site}/opinions/amend", post(opinions::amend))
        .route("/c/{site}/opinions/withdraw", post(opinions::withdraw))
        .route("/c/{site}/revise", get(revise::page).post(revise::confirm))
        .route("/c/{site}/revise/preview", get(revise::preview))
        .route("/c/{site}/versions/{version}", get(revise::version))
        .route(
            "/c/{site}/versions/{version}/redline",
            get(revise::version_redline),
        )
        .route("/c/{site}/documents", get(documents::page))
        .route("/c/{site}/documents/{name}", get(documents::download))
        .route("/c/{site}/history", get(history::page))
        .route("/c/{site}/check", get(check::page))
        .route("/c/{site}/check/fix", post(check::fix))
        .fallback(home::not_found)
        .layer(DefaultBodyLimit::max(uploads::MAX_REQUEST_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_router_builds() {
        let state = std::sync::Arc::new(super::AppState {
            sites: Default::default(),
            root_mode: false,
            users: None,
            key: [0; 32],
            uploads: super::uploads::Uploads::new().unwrap(),
            now: None,
            logins: Default::default(),
            lang: None,
        });
        let _ = super::router(state);
    }
}
