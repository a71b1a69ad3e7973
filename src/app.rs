//! The command dispatcher: parse the command line, run the command, print
//! its result, map errors to exit codes. The only place that writes to the
//! terminal.

use std::io::Write;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::i18n::{self, Lang};

/// Parse `args` and run the command; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    i18n::set_lang(cli.global.lang.unwrap_or_else(Lang::from_env));
    let mut out = std::io::stdout().lock();
    match dispatch(&cli, &mut out) {
        Ok(code) => {
            let _ = out.flush();
            code
        }
        Err(e) => {
            let _ = out.flush();
            eprintln!("{}: {e}", i18n::tr("错误", "error"));
            e.exit_code()
        }
    }
}

fn dispatch(cli: &Cli, _out: &mut dyn Write) -> Result<i32> {
    match &cli.command {
        _ => Err(Error::usage("not yet implemented")),
    }
}
