//! The commands on replies and opinions: `ingest`, `opinions`, `decide`,
//! `amend` and `withdraw` — each calls the library and hands the result to
//! the printer.

use std::io::Write;
use std::path::Path;

use crate::cli::{DecideArgs, Global, IngestArgs};
use crate::error::Result;
use crate::i18n::tr;
use crate::printer;
use crate::workspace::Workspace;

use super::now;

pub(super) fn ingest(g: &Global, args: &IngestArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(g.dir.as_deref())?;
    let tz = ws.consultation().timezone;
    let received = args
        .received
        .as_deref()
        .map(|text| crate::deadline::parse_received(text, tz))
        .transpose()?;
    let clock = g.now.as_ref().map(|_| now(g, &ws)).transpose()?;
    let request = crate::ingest::Request {
        files: &args.files,
        overrides: crate::intake::Overrides {
            department: args.department.clone(),
            received,
            now: clock,
        },
        dry_run: args.dry_run,
        commit: !args.no_commit,
    };
    let progress = crate::cmd::progress::Progress::new(args.files.len(), !args.json && !g.quiet);
    let outcomes =
        crate::ingest::ingest_with_progress(&ws, &request, &|i, path| progress.file(i, path));
    progress.finish();
    let outcomes = outcomes?;
    if args.json {
        printer::json(out, &outcomes)?;
    } else {
        printer::ingested(
            out,
            &outcomes,
            args.dry_run,
            crate::clause_style::of_workspace(&ws),
        )?;
    }
    for o in &outcomes {
        for w in &o.warnings {
            let text = format!("{}: {w}", o.file);
            eprintln!(
                "{}: {}",
                tr("警告", "warning"),
                crate::terminal::visible(&text)
            );
        }
    }
    Ok(0)
}

pub(super) fn opinions(
    dir: Option<&Path>,
    json: bool,
    clause: Option<u32>,
    department: Option<&str>,
    all: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let department = match department {
        Some(name) => Some(
            ws.consultation()
                .resolve(name)
                .map(|r| ws.consultation().name_of(&r).to_string())
                .map_err(|e| e.in_file("--department"))?,
        ),
        None => None,
    };
    let list: Vec<_> = crate::ledger::load(ws.root(), ws.consultation())?
        .into_iter()
        .filter(|o| clause.is_none_or(|c| o.clause == Some(c)))
        .filter(|o| department.as_deref().is_none_or(|d| o.department == d))
        .filter(|o| all || !o.withdrawn)
        .collect();
    if json {
        printer::json(out, &list)?;
    } else {
        printer::opinions(out, &list, crate::clause_style::of_workspace(&ws))?;
    }
    Ok(0)
}

pub(super) fn decide(dir: Option<&Path>, args: &DecideArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let request = crate::decide::Request {
        id: &args.id,
        disposition: &args.disposition,
        reason: args.reason.as_deref(),
        replace: &args.replace,
        add_units: &args.add_unit,
        remove_units: &args.remove_unit,
        delete: &args.delete,
    };
    let done = crate::decide::decide(&ws, &request)?;
    printer::decided(out, &done)?;
    Ok(0)
}

pub(super) fn amend(g: &Global, args: &crate::cli::AmendArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(g.dir.as_deref())?;
    let clock = g.now.as_ref().map(|_| now(g, &ws)).transpose()?;
    let request = crate::amend::Request {
        id: &args.id,
        clause: args.clause,
        general: args.general,
        new_clause: args.new_clause,
        text: args.text.as_deref(),
        replace: &args.replace,
        delete: &args.delete,
        add_units: &args.add_unit,
        remove_units: &args.remove_unit,
        no_edits: args.no_edits,
        reason: args.reason.as_deref(),
        department: args.department.as_deref(),
        received: args.received.as_deref(),
        now: clock,
    };
    let done = crate::amend::amend(&ws, &request)?;
    printer::amended(out, &done, crate::clause_style::of_workspace(&ws))?;
    Ok(0)
}

pub(super) fn withdraw(
    dir: Option<&Path>,
    id: &str,
    reason: Option<&str>,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    match crate::withdraw::withdraw(&ws, id, reason)? {
        crate::withdraw::Withdrawn::Opinion(opinion) => printer::withdrawn(out, &opinion)?,
        crate::withdraw::Withdrawn::Reply {
            id,
            department,
            opinions,
        } => printer::reply_withdrawn(out, &id, &department, opinions)?,
    }
    Ok(0)
}
