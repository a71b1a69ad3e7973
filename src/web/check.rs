//! 检查: the findings of `check::check` on the latest version (as `consult
//! check`), each with what to do.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::Response;

use crate::check::{Finding, Kind};

use super::page::{Chrome, Reply, Req};

/// One finding and what to do about it.
pub struct Line {
    pub clause: String,
    pub line: usize,
    pub message: String,
    pub todo: &'static str,
}

#[derive(Template)]
#[template(path = "web/check.html")]
struct CheckPage<'a> {
    c: &'a Chrome,
    version: String,
    lines: Vec<Line>,
    /// `doctor`'s findings on the workspace itself (never repaired here).
    doctor: Vec<crate::doctor::Finding>,
}

fn todo(kind: Kind) -> &'static str {
    use crate::i18n::tr;
    match kind {
        Kind::UnitNotConsulted => tr(
            "该单位未征求意见：补充征求，或在 consult.yaml 中加入该单位",
            "this unit was not consulted: consult it, or add it to consult.yaml",
        ),
        Kind::UnitAlias => tr("统一写成名单中的名称", "write the name as listed"),
        Kind::NumberingGap | Kind::NumberingDuplicate => tr("调整条款序号", "renumber the clauses"),
        Kind::FundingMissing => tr("补上“新增资金测算”", "add the 新增资金测算 line"),
        Kind::FundingUnread => tr("把金额写成“N万元”", "write the amount as “N万元”"),
        Kind::DoubledSeparator => tr("删去多余的标点", "remove the extra punctuation"),
        Kind::FundingRepeated | Kind::SourcesRepeated => tr(
            "若其中一行属于另一条，移回所属条款",
            "if one of the lines belongs to another clause, move it back there",
        ),
        Kind::EmptyUnitList => tr(
            "补上单位，或删去空的单位一项",
            "add the units, or take out the empty list",
        ),
    }
}

/// A finding's row, its clause cited in `style` (the checked draft's).
fn line(f: &Finding, style: crate::clause_style::ClauseStyle) -> Line {
    Line {
        clause: f.clause.map(|n| style.cite_local(n)).unwrap_or_default(),
        line: f.line,
        message: f.message.clone(),
        todo: todo(f.kind),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Fixed {
    #[serde(default)]
    fixed: String,
}

/// `GET /c/{site}/check`: `check` on the latest version and `doctor` on the workspace.
pub async fn page(req: Req, Path(site): Path<String>, Query(q): Query<Fixed>) -> Response {
    req.page(move |ctx| {
        let ws = ctx.workspace(&site)?;
        let version = ws
            .latest_version()
            .unwrap_or_else(|| ws.consultation().consulting.clone());
        let draft = ws.load_draft(&version)?;
        let style = crate::clause_style::ClauseStyle::of_draft(&draft);
        let lines = crate::check::check(ws.consultation(), &draft)
            .iter()
            .map(|f| line(f, style))
            .collect();
        let doctor = crate::doctor::doctor(&ws, false)?.findings;
        let notice = (!q.fixed.is_empty()).then(|| {
            crate::i18n::tr(
                "已修复可安全修复的问题。",
                "what was safe to repair is repaired.",
            )
            .to_string()
        });
        let c = ctx.chrome(&site, Some(&ws), "check").with_notice(notice);
        Ok(Reply::Html(
            CheckPage {
                c: &c,
                version,
                lines,
                doctor,
            }
            .render()?,
        ))
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct FixForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    head: String,
}

/// `POST /c/{site}/check/fix`: `doctor --fix` (each repair its own commit).
pub async fn fix(req: Req, Path(site): Path<String>, Form(form): Form<FixForm>) -> Response {
    req.post(form.csrf, move |ctx| {
        let ws = ctx.workspace(&site)?;
        let base = format!("/c/{}/check", super::page::url_part(&site));
        if super::page::stale(&ws, &form.head).is_some() {
            return Ok(Reply::Redirect(base));
        }
        crate::doctor::doctor(&ws, true)?;
        Ok(Reply::Redirect(format!("{base}?fixed=1")))
    })
    .await
}
