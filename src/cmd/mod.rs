//! The command-line front end: parse the command line (clap, with the
//! examples and exit codes of [`help`]), run the command, print its result
//! through the printer layer, map errors to exit codes. The only place that
//! decides what goes to stdout and stderr. One file per family of commands:
//! [`round`] (init, show, status, check, log, sync, doctor), [`replies`]
//! (ingest, opinions, decide, amend, withdraw), [`versions`] (revise,
//! export, import) and [`papers`] (report, letter); `diff` and `serve` have
//! their own modules ([`crate::diff`], [`crate::web`] — the second front end).

pub mod completions;
pub mod help;
mod papers;
pub mod progress;
mod replies;
mod round;
pub mod usage_error;
mod versions;

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Timelike};

use crate::cli::{Cli, Command, Global};
use crate::error::{Error, Result};
use crate::i18n::{self, Lang, tr};
use crate::printer;
use crate::t;
use crate::workspace::Workspace;

/// Parse `args` and run the command; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    i18n::set_lang(help::lang_of_args(&args));
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            return usage_error(&e);
        }
    };
    // A command runs and ends; the web server runs on, and keeps no more
    // freed memory than malloc keeps by default.
    if !matches!(cli.command, Command::Serve(_)) {
        crate::heap_growth::widen();
    }
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
    let text = usage_error::render(e, i18n::lang());
    eprint!("{}", crate::terminal::visible(&text));
    2
}

/// Parse with the help of [`help::command`] (examples and exit codes
/// in the process language).
///
/// The arguments are first parsed with the bare definitions, which parse
/// the same (the help only adds text and the same -h/-V flags): building
/// every subcommand's examples and Chinese help was 0.6 of the 2.1 million
/// instructions of a whole `diff` of two one-line drafts. Only when that
/// fails — an error, or help and version, which clap reports as errors —
/// is the full command built, so every message is the full command's.
///
/// A `diff` is first parsed by a command that defines `diff` alone
/// ([`quick_diff`]): the bare definitions of all thirty commands were
/// still half of a small diff's instructions and about 0.5 ms of a 1 MB
/// diff's 8.
fn parse(args: Vec<std::ffi::OsString>) -> std::result::Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    if let Some(cli) = quick_diff(&args) {
        return Ok(cli);
    }
    if let Ok(matches) = Cli::command().try_get_matches_from(args.iter())
        && let Ok(cli) = Cli::from_arg_matches(&matches)
    {
        return Ok(cli);
    }
    let mut cmd = help::command(i18n::lang());
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// `args` parsed by the global options and `diff` alone, when they are a
/// `diff` that parses so; None for anything else (another command, an
/// error, help), which [`parse`] then parses with every command. A command
/// line that parses here parses the same with every command: `diff`'s
/// definition and the global options are the same ones.
fn quick_diff(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::{Args, FromArgMatches};
    if !args.iter().skip(1).any(|a| a == "diff") {
        return None;
    }
    let diff = crate::cli::DiffArgs::augment_args(clap::Command::new("diff"));
    let cmd = Global::augment_args(clap::Command::new("consult"))
        .subcommand(diff)
        .subcommand_required(true);
    let matches = cmd.try_get_matches_from(args).ok()?;
    let ("diff", sub) = matches.subcommand()? else {
        return None;
    };
    Some(Cli {
        global: Global::from_arg_matches(&matches).ok()?,
        command: Command::Diff(crate::cli::DiffArgs::from_arg_matches(sub).ok()?),
    })
}

fn dispatch(cli: &Cli, out: &mut dyn Write) -> Result<i32> {
    let g = &cli.global;
    check_now(g)?;
    let dir = g.dir.as_deref();
    match &cli.command {
        Command::Init {
            dir: target,
            example,
        } => round::init(target.as_deref().or(dir), *example, out),
        Command::Show { version, json } => round::show(dir, version.as_deref(), *json, out),
        Command::Status { json, missing } => round::status(g, *json, *missing, out),
        Command::Ingest(args) => replies::ingest(g, args, out),
        Command::Opinions {
            json,
            clause,
            department,
            all,
        } => replies::opinions(dir, *json, *clause, department.as_deref(), *all, out),
        Command::Check { version, json } => round::check(dir, version.as_deref(), *json, out),
        Command::Export {
            version,
            format,
            redline_from,
            output,
        } => versions::export(
            g,
            version,
            *format,
            redline_from.as_deref(),
            output.as_deref(),
            out,
        ),
        Command::Diff(args) => {
            if let Some(output) = &args.output {
                crate::workspace::refuse_output_over_inputs(
                    output,
                    &[args.from.as_deref(), args.to.as_deref()],
                )?;
            }
            crate::diff::run(dir, args, printer::use_color(g.color), out)
        }
        Command::Log { json } => round::log(dir, *json, out),
        Command::Decide(args) => replies::decide(dir, args, out),
        Command::Revise { from, to, dry_run } => versions::revise(
            dir,
            from.as_deref(),
            to.as_deref(),
            *dry_run,
            printer::use_color(g.color),
            out,
        ),
        Command::Report { format, output } => papers::report(g, *format, output.as_deref(), out),
        Command::Letter {
            remind,
            format,
            output,
        } => papers::letter(g, *remind, *format, output.as_deref(), out),
        Command::Import { file, as_version } => versions::import(dir, file, as_version, out),
        Command::Serve(args) => crate::web::serve(g, args, out),
        Command::Sync { remote, json } => round::sync(dir, remote.as_deref(), *json, out),
        Command::Doctor { fix, json } => round::doctor(dir, *fix, *json, out),
        Command::Amend(args) => replies::amend(g, args, out),
        Command::Withdraw { id, reason } => replies::withdraw(dir, id, reason.as_deref(), out),
        Command::Completions { shell } => completions::completions(*shell, out).map(|()| 0),
        Command::Man { command } => completions::man(command.as_deref(), out).map(|()| 0),
    }
}

/// `--now`, or the clock.
fn now(g: &Global, ws: &Workspace) -> Result<DateTime<FixedOffset>> {
    match &g.now {
        Some(text) => crate::deadline::parse_time(text, ws.consultation().timezone)
            .map_err(|e| now_not_understood(text, &e)),
        None => Ok(chrono::Utc::now()
            .with_nanosecond(0)
            .unwrap_or_else(chrono::Utc::now)
            .fixed_offset()),
    }
}

/// A `--now` that is no time at all is refused by every command, also by
/// those that read no clock (diff, show, check), before anything runs
/// (tester9 M2: `diff --now yesterday` ran). Read in UTC here: the form
/// does not depend on the zone; the commands that use the time read it
/// again in the consultation's.
fn check_now(g: &Global) -> Result<()> {
    match &g.now {
        Some(text) => crate::deadline::parse_time(text, chrono_tz::UTC)
            .map(|_| ())
            .map_err(|e| now_not_understood(text, &e)),
        None => Ok(()),
    }
}

/// The error for a `--now` that is not understood.
fn now_not_understood(text: &str, why: &str) -> Error {
    Error::usage(t!(
        "--now “{}” 无法识别：{}",
        "--now “{}” not understood: {}",
        text,
        why
    ))
    .with_hint(tr(
        "写成 RFC 3339（2023-05-29T09:00:00+08:00）或 2023-05-29 09:00",
        "write RFC 3339 (2023-05-29T09:00:00+08:00) or 2023-05-29 09:00",
    ))
}

fn write_all(out: &mut dyn Write, text: &str) -> Result<()> {
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io("failed to write", "<stdout>", e))
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::FromArgMatches;

    /// The full parse, with every command and its help.
    fn full(args: &[&str]) -> Option<Cli> {
        let matches = help::command(Lang::En).try_get_matches_from(args).ok()?;
        Cli::from_arg_matches(&matches).ok()
    }

    fn quick(args: &[&str]) -> Option<Cli> {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        quick_diff(&args)
    }

    #[test]
    fn a_diff_parses_alone_as_it_does_with_every_command() {
        let lines: [&[&str]; 10] = [
            &["consult", "diff", "a.md", "b.md", "--format", "json"],
            &["consult", "diff"],
            &["consult", "diff", "v1"],
            &["consult", "-C", "ws", "diff", "v1", "v2", "--by", "word"],
            &[
                "consult", "--lang", "en", "diff", "a", "b", "-o", "out.html",
            ],
            &[
                "consult", "diff", "a", "b", "--lang", "zh", "--color", "never", "--wide",
            ],
            &["consult", "diff", "diff", "b", "--format=table", "-q"],
            &[
                "consult",
                "--now",
                "2026-01-01 09:00",
                "diff",
                "HEAD:d.md",
                "d.md",
            ],
            &["consult", "diff", "--", "-a.md", "b.md"],
            &[
                "consult", "diff", "a", "b", "--format", "unified", "--dir", "x",
            ],
        ];
        for args in lines {
            let quick = quick(args).unwrap_or_else(|| panic!("{args:?} parses alone"));
            let full = full(args).unwrap_or_else(|| panic!("{args:?} parses"));
            assert_eq!(format!("{quick:?}"), format!("{full:?}"), "{args:?}");
        }
    }

    #[test]
    fn anything_but_a_diff_that_parses_is_left_to_the_full_parse() {
        let lines: [&[&str]; 8] = [
            &["consult", "status"],
            &["consult", "-C", "diff", "status"],
            &["consult", "diff", "a", "b", "-h"],
            &["consult", "diff", "--help"],
            &["consult", "diff", "a", "b", "-V"],
            &["consult", "diff", "a", "b", "--format", "pdf"],
            &["consult", "diff", "a", "b", "c"],
            &["consult", "opinions", "--department", "diff"],
        ];
        for args in lines {
            assert!(quick(args).is_none(), "{args:?}");
        }
    }
}
