//! The command dispatcher: parse the command line, run the command, print
//! its result, map errors to exit codes. The only place that decides what
//! goes to stdout and stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Timelike};

use crate::cli::{Cli, Command, DecideArgs, ExportFormat, Global, IngestArgs};
use crate::error::{Error, Result};
use crate::i18n::{self, Lang, tr};
use crate::printer;
use crate::status::State;
use crate::t;
use crate::workspace::Workspace;

/// Parse `args` and run the command; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    i18n::set_lang(crate::help::lang_of_args(&args));
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            return usage_error(&e);
        }
    };
    i18n::set_lang(cli.global.lang.unwrap_or_else(Lang::from_env));
    crate::table::set_width(crate::table::Width::detect(cli.global.wide));
    let mut out = std::io::stdout().lock();
    let result = dispatch(&cli, &mut out);
    let _ = out.flush();
    match result {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => 0,
        Err(e) => {
            let text = e.to_string();
            eprintln!(
                "{}: {}",
                tr("错误", "error"),
                crate::terminal::visible(&text)
            );
            e.exit_code()
        }
    }
}

/// Print a parse error (or help/version, which clap reports the same way)
/// in the language of messages; 2 for an error, 0 for help and version.
fn usage_error(e: &clap::Error) -> i32 {
    if !e.use_stderr() {
        let _ = e.print();
        return 0;
    }
    let text = crate::usage_error::render(e, i18n::lang());
    eprint!("{}", crate::terminal::visible(&text));
    2
}

/// Parse with the help of [`crate::help::command`] (examples and exit codes
/// in the process language).
fn parse(args: Vec<std::ffi::OsString>) -> std::result::Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let mut cmd = crate::help::command(i18n::lang());
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

fn dispatch(cli: &Cli, out: &mut dyn Write) -> Result<i32> {
    let g = &cli.global;
    let dir = g.dir.as_deref();
    match &cli.command {
        Command::Init {
            dir: target,
            example,
        } => init(target.as_deref().or(dir), *example, out),
        Command::Show { version, json } => show(dir, version.as_deref(), *json, out),
        Command::Status { json, missing } => status(g, *json, *missing, out),
        Command::Ingest(args) => ingest(g, args, out),
        Command::Opinions {
            json,
            clause,
            department,
            all,
        } => opinions(dir, *json, *clause, department.as_deref(), *all, out),
        Command::Check { version, json } => check(dir, version.as_deref(), *json, out),
        Command::Export {
            version,
            format,
            redline_from,
            output,
        } => export(
            g,
            version,
            *format,
            redline_from.as_deref(),
            output.as_deref(),
            out,
        ),
        Command::Diff(args) => crate::diff::run(dir, args, printer::use_color(g.color), out),
        Command::Log { json } => log(dir, *json, out),
        Command::Decide(args) => decide(dir, args, out),
        Command::Revise { from, to, dry_run } => revise(
            dir,
            from.as_deref(),
            to.as_deref(),
            *dry_run,
            printer::use_color(g.color),
            out,
        ),
        Command::Report { format, output } => report(g, *format, output.as_deref(), out),
        Command::Letter {
            remind,
            format,
            output,
        } => letter(g, *remind, *format, output.as_deref(), out),
        Command::Import { file, as_version } => import(dir, file, as_version, out),
        Command::Serve(args) => crate::web::serve(g, args, out),
        Command::Sync { remote, json } => sync(dir, remote.as_deref(), *json, out),
        Command::Doctor { fix, json } => doctor(dir, *fix, *json, out),
        Command::Amend(args) => amend(dir, args, out),
        Command::Withdraw { id, reason } => withdraw(dir, id, reason.as_deref(), out),
        Command::Completions { shell } => crate::completions::completions(*shell, out).map(|()| 0),
        Command::Man { command } => crate::completions::man(command.as_deref(), out).map(|()| 0),
    }
}

/// `--now`, or the clock.
fn now(g: &Global, ws: &Workspace) -> Result<DateTime<FixedOffset>> {
    match &g.now {
        Some(text) => crate::deadline::parse_time(text, ws.consultation().timezone).map_err(|e| {
            Error::usage(t!(
                "--now “{}” 无法识别：{}",
                "--now “{}” not understood: {}",
                text,
                e
            ))
            .with_hint(tr(
                "写成 RFC 3339（2023-05-29T09:00:00+08:00）或 2023-05-29 09:00",
                "write RFC 3339 (2023-05-29T09:00:00+08:00) or 2023-05-29 09:00",
            ))
        }),
        None => Ok(chrono::Utc::now()
            .with_nanosecond(0)
            .unwrap_or_else(chrono::Utc::now)
            .fixed_offset()),
    }
}

fn init(target: Option<&Path>, example: bool, out: &mut dyn Write) -> Result<i32> {
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

fn show(dir: Option<&Path>, version: Option<&str>, json: bool, out: &mut dyn Write) -> Result<i32> {
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

fn status(g: &Global, json: bool, missing: bool, out: &mut dyn Write) -> Result<i32> {
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

fn ingest(g: &Global, args: &IngestArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(g.dir.as_deref())?;
    crate::clause_style::remember(&ws);
    let tz = ws.consultation().timezone;
    let received = args
        .received
        .as_deref()
        .map(|text| crate::deadline::parse_received(text, tz))
        .transpose()?;
    let request = crate::ingest::Request {
        files: &args.files,
        overrides: crate::intake::Overrides {
            department: args.department.clone(),
            received,
        },
        dry_run: args.dry_run,
        commit: !args.no_commit,
    };
    let progress = crate::progress::Progress::new(args.files.len(), !args.json && !g.quiet);
    let outcomes =
        crate::ingest::ingest_with_progress(&ws, &request, &|i, path| progress.file(i, path));
    progress.finish();
    let outcomes = outcomes?;
    if args.json {
        printer::json(out, &outcomes)?;
    } else {
        printer::ingested(out, &outcomes, args.dry_run)?;
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

fn opinions(
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
        printer::opinions(out, &list)?;
    }
    Ok(0)
}

fn check(
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

fn export(
    g: &Global,
    version: &str,
    format: ExportFormat,
    redline_from: Option<&str>,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if format == ExportFormat::Docx && output.is_none() {
        return Err(Error::usage(tr(
            "docx 是二进制格式，需要用 -o FILE 指定输出文件",
            "docx is a binary format: name the output file with -o FILE",
        ))
        .with_hint(t!(
            "如 consult export {} --format docx -o {}.docx",
            "such as consult export {} --format docx -o {}.docx",
            version,
            version
        )));
    }
    check_output_folder(output)?;
    let ws = Workspace::open(g.dir.as_deref())?;
    let draft = ws.load_draft(version)?;
    let draft = crate::export::with_revised_subtitle(&ws, version, draft);
    let text_format = crate::show::ExportTextFormat::from_cli(format);
    let bytes = match (text_format, redline_from) {
        (Some(text_format), None) => crate::show::export(&draft, text_format).into_bytes(),
        (Some(_), Some(_)) => {
            return Err(Error::usage(tr(
                "--redline-from 只用于 --format docx 或 html",
                "--redline-from works with --format docx or html only",
            ))
            .with_hint(tr(
                "纯文本的修订对照请用 consult diff",
                "for a plain-text redline use consult diff",
            )));
        }
        (None, redline_from) => {
            let request = crate::export::Request {
                version,
                draft: &draft,
                docx: format == ExportFormat::Docx,
                redline_from,
                now: now(g, &ws)?,
                output,
            };
            let (bytes, warnings) = crate::export::render(&ws, &request)?;
            for w in &warnings {
                eprintln!("{}: {}", tr("警告", "warning"), crate::terminal::visible(w));
            }
            bytes
        }
    };
    emit(&bytes, output, out)
}

fn import(dir: Option<&Path>, file: &Path, version: &str, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let done = crate::import::import(&ws, file, version)?;
    for w in &done.warnings {
        eprintln!("{}: {}", tr("警告", "warning"), crate::terminal::visible(w));
    }
    printer::line(
        out,
        &t!(
            "已导入 {} 为 {}（{}，{} 条）",
            "imported {} as {} ({}, {} clauses)",
            file.display(),
            done.path
                .strip_prefix(ws.root())
                .unwrap_or(&done.path)
                .display(),
            done.format,
            done.clauses
        ),
    )?;
    Ok(0)
}

fn sync(dir: Option<&Path>, remote: Option<&str>, json: bool, out: &mut dyn Write) -> Result<i32> {
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
fn doctor(dir: Option<&Path>, fix: bool, json: bool, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let report = crate::doctor::doctor(&ws, fix)?;
    if json {
        printer::json(out, &report)?;
    } else {
        printer::doctor(out, &report)?;
    }
    Ok(if report.open() == 0 { 0 } else { 1 })
}

fn log(dir: Option<&Path>, json: bool, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let entries = crate::history::history(&ws)?;
    if json {
        printer::json(out, &entries)?;
    } else {
        printer::history(out, &entries)?;
    }
    Ok(0)
}

fn amend(dir: Option<&Path>, args: &crate::cli::AmendArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
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
    };
    let done = crate::amend::amend(&ws, &request)?;
    printer::amended(out, &done)?;
    Ok(0)
}

fn withdraw(
    dir: Option<&Path>,
    id: &str,
    reason: Option<&str>,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let opinion = crate::withdraw::withdraw(&ws, id, reason)?;
    printer::withdrawn(out, &opinion)?;
    Ok(0)
}

fn decide(dir: Option<&Path>, args: &DecideArgs, out: &mut dyn Write) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let request = crate::decide::Request {
        id: &args.id,
        disposition: &args.disposition,
        reason: args.reason.as_deref(),
        replace: &args.replace,
        add_units: &args.add_unit,
        remove_units: &args.remove_unit,
    };
    let done = crate::decide::decide(&ws, &request)?;
    printer::decided(out, &done)?;
    Ok(0)
}

fn revise(
    dir: Option<&Path>,
    from: Option<&str>,
    to: Option<&str>,
    dry_run: bool,
    color: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    crate::clause_style::remember(&ws);
    let planned = if dry_run {
        let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
        crate::revise::plan(&ws, &opinions, from, to)?
    } else {
        crate::revise::revise(&ws, from, to)?
    };
    let Some(plan) = planned else {
        printer::line(
            out,
            tr(
                "没有已采纳且带修改内容的意见：未生成新版本。",
                "no adopted opinion changes the text: no new version written.",
            ),
        )?;
        return Ok(0);
    };
    if dry_run {
        let (old, new, _) = crate::diff::sides_from_markdown(
            (&plan.from, &plan.old_source),
            (&plan.to, &plan.new_source),
        );
        let diff = crate::diff::diff_sides(&old, &new, crate::diff::By::Char);
        let mut buf = Vec::new();
        crate::diff::render(&diff, crate::cli::DiffFormat::Term, color, false, &mut buf)
            .map_err(|e| Error::io("failed to write", "<stdout>", e))?;
        write_all(out, &String::from_utf8_lossy(&buf))?;
        printer::revised(out, &plan, true)?;
        return Ok(0);
    }
    printer::revised(out, &plan, false)?;
    Ok(0)
}

fn write_all(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io("failed to write", "<stdout>", e))
}

// ---------------------------------------------------------------------------
// report and letter: the official paperwork.

fn report(
    g: &Global,
    format: crate::cli::ReportFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if crate::report::is_binary(format) {
        require_output(output, "report", &format!("{format:?}").to_lowercase())?;
    }
    let ws = Workspace::open(g.dir.as_deref())?;
    let now = now(g, &ws)?;
    check_output_folder(output)?;
    let report = crate::report::load(&ws, now)?;
    emit(&crate::report::render(&report, format)?, output, out)
}

fn letter(
    g: &Global,
    remind: bool,
    format: crate::cli::LetterFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if format == crate::cli::LetterFormat::Docx {
        require_output(output, "letter", "docx")?;
    }
    let ws = Workspace::open(g.dir.as_deref())?;
    let now = now(g, &ws)?;
    check_output_folder(output)?;
    let c = ws.consultation();
    let letter = if remind {
        let replies: Vec<_> = crate::reply::load_all(ws.root())?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let status = crate::status::compute(c, &replies, now);
        match crate::letter::reminder(c, &status, now) {
            Some(letter) => letter,
            None => {
                printer::line(
                    out,
                    tr(
                        "所有单位均已反馈，无需催办。",
                        "every body has replied: no reminder needed.",
                    ),
                )?;
                return Ok(0);
            }
        }
    } else {
        crate::letter::invitation(c, now)
    };
    emit(&crate::letter::render(&letter, format)?, output, out)
}

/// A binary format needs `-o FILE`.
fn require_output(output: Option<&Path>, command: &str, format: &str) -> Result<()> {
    if output.is_some() {
        return Ok(());
    }
    Err(Error::usage(t!(
        "{} 格式需要用 -o 指定输出文件",
        "the {} format needs an output file: give -o FILE",
        format
    ))
    .with_hint(format!(
        "consult {command} --format {format} -o FILE.{format}"
    )))
}

/// `-o` must name a file in a folder that exists (it is not created).
fn check_output_folder(output: Option<&Path>) -> Result<()> {
    output.map_or(Ok(()), crate::workspace::check_output)
}

/// Write `bytes` to `output` atomically, or to stdout.
fn emit(bytes: &[u8], output: Option<&Path>, out: &mut dyn Write) -> Result<i32> {
    match output {
        Some(path) => crate::workspace::write_atomic(path, bytes)?,
        None => {
            let text = String::from_utf8_lossy(bytes);
            out.write_all(crate::terminal::visible(&text).as_bytes())
                .map_err(|e| Error::io("failed to write", "<stdout>", e))?
        }
    }
    Ok(0)
}
