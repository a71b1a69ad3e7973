//! The embedded assets: one stylesheet and one small script (drag and drop
//! with a progress bar per file; the "workspace changed" notice). Built
//! into the binary, served by the application itself; nothing from outside.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const CSS: &str = include_str!("../../templates/web/app.css");
pub const JS: &str = include_str!("../../templates/web/app.js");

/// `GET /assets/{name}`: the stylesheet, the script, or 404.
pub async fn serve(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (mime, body) = match name.as_str() {
        "app.css" => ("text/css; charset=utf-8", CSS),
        "app.js" => ("text/javascript; charset=utf-8", JS),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}
