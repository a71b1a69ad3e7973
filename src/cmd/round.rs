//! The commands on the round and its workspace: `init`, `show`, `status`,
//! `check`, `log`, `sync` and `doctor` — each parses nothing, calls the
//! library and hands the result to the printer.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::Global;
use crate::error::Result;
use crate::printer;
use crate::status::State;
use crate::t;
use crate::workspace::Workspace;

use super::{now, write_all};

pub(super) fn init(target: Option<&Path>, example: bool, out: &mut dyn Write) -> Result<i32> {
    let root = target.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let written = crate::init::init(&root, example)?;
    printer::line(
        out,
        &t!(
            "已在 {} 新建工作区（{} 个文件）",
            "created a workspace in {} ({} files)",
            root.display(),
            written
        ),
    )?;
    Ok(0)
}

pub(super) fn show(
    dir: Option<&Path>,
    version: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let version = version.map_or_else(|| ws.consultation().consulting.clone(), str::to_string);
    let draft = ws.load_draft(&version)?;
    if json {
        printer::json(out, &crate::show::show_json(&draft, &version))?;
    } else {
        write_all(
            out,
            &crate::terminal::visible(&crate::show::show_text(&draft, &version)),
        )?;
    }
    Ok(0)
}

pub(super) fn status(g: &Global, json: bool, missing: bool, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(g.dir.as_deref())?;
    let now = now(g, &ws)?;
    let replies: Vec<_> = crate::reply::load_all(ws.root())?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let status = crate::status::compute(ws.consultation(), &replies, now);
    for warning in crate::doctor::warnings(&ws) {
        crate::terminal::notice(&warning);
    }
    if missing {
        for d in status
            .departments
            .iter()
            .filter(|d| matches!(d.state, State::Pending | State::Silent))
        {
            printer::line(out, &d.name)?;
        }
    } else if json {
        printer::json(out, &status)?;
    } else {
        printer::status(
            out,
            &ws.consultation().title,
            &status,
            printer::use_color(g.color),
        )?;
    }
    Ok(0)
}

pub(super) fn check(
    dir: Option<&Path>,
    version: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let version = match version {
        Some(v) => v.to_string(),
        None => ws
            .latest_version()
            .unwrap_or_else(|| ws.consultation().consulting.clone()),
    };
    let draft = ws.load_draft(&version)?;
    let findings = crate::check::check(ws.consultation(), &draft);
    if json {
        printer::json(
            out,
            &serde_json::json!({ "version": version, "findings": findings }),
        )?;
    } else {
        printer::findings(out, &format!("drafts/{version}.md"), &findings)?;
    }
    Ok(if crate::check::fails(&findings) { 1 } else { 0 })
}

pub(super) fn log(dir: Option<&Path>, json: bool, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let entries = crate::history::history(&ws)?;
    if json {
        printer::json(out, &entries)?;
    } else {
        printer::history(out, &entries)?;
    }
    Ok(0)
}

pub(super) fn sync(
    dir: Option<&Path>,
    remote: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let done = crate::sync::sync(&ws, remote)?;
    if json {
        printer::json(out, &done)?;
    } else {
        printer::synced(out, &done)?;
    }
    Ok(0)
}

/// Exit 1 when something is found and not repaired.
pub(super) fn doctor(
    dir: Option<&Path>,
    fix: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let report = crate::doctor::doctor(&ws, fix)?;
    if json {
        printer::json(out, &report)?;
    } else {
        printer::doctor(out, &report)?;
    }
    Ok(if report.open() == 0 { 0 } else { 1 })
}
