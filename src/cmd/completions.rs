//! `consult completions SHELL` and `consult man [COMMAND]`: shell completion
//! scripts (clap_complete) and roff man pages (clap_mangen) generated from
//! the same clap definitions as the parser ([`crate::cmd::help::command`]).

use std::io::Write;

use crate::error::{Error, Result};
use crate::i18n::{lang, tr};
use crate::t;

/// Write the completion script of `shell` for the `consult` binary.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = crate::cmd::help::command(lang());
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "consult", &mut buf);
    write(out, &buf)
}

/// Write the man page (roff) of consult, or of one of its commands
/// (named `consult-COMMAND`, section 1).
///
/// Errors: an unknown command name is a usage error listing the names.
pub fn man(command: Option<&str>, out: &mut dyn Write) -> Result<()> {
    // No `help` subcommand on the page: there is no consult-help(1) to see.
    let mut cmd = crate::cmd::help::command_unbuilt(lang()).disable_help_subcommand(true);
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => subcommand(&cmd, name)?,
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .map_err(|e| Error::io("failed to write", "<stdout>", e))?;
    write(out, &buf)
}

/// The subcommand `name` as a stand-alone page `consult-NAME`.
fn subcommand(cmd: &clap::Command, name: &str) -> Result<clap::Command> {
    match cmd.find_subcommand(name) {
        Some(sub) => {
            let full = format!("consult-{}", sub.get_name());
            let version = cmd.get_version().unwrap_or_default().to_string();
            Ok(sub
                .clone()
                .name(full.clone())
                .bin_name(full)
                .version(version))
        }
        _ => {
            let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
            Err(
                Error::usage(t!("没有名为 “{}” 的命令", "there is no command “{}”", name))
                    .with_hint(format!(
                        "{}{}",
                        tr("可用的命令：", "the commands are: "),
                        names.join(", ")
                    )),
            )
        }
    }
}

fn write(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .map_err(|e| Error::io("failed to write", "<stdout>", e))
}
