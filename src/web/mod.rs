//! `consult serve`: the web application — a second front end over the same
//! core as the command line.
//!
//! No rule lives here: every page reads through the library functions the
//! CLI uses (status, ledger, report, revise, …) and every action calls the
//! same function and makes the same commit, authored by the signed-in user.
//! One concern per file: [`server`] (start-up, router, headers), [`state`]
//! (the one shared state), [`auth`] (users, sessions, sign-in), [`throttle`]
//! (wrong passwords slowed down), [`csrf`],
//! [`page`] (the request context, rendering, errors), [`assets`], [`svg`]
//! (charts drawn on the server), [`uploads`] (the intake's temporary store)
//! and one file per page.

pub mod assets;
pub mod auth;
pub mod check;
pub mod csrf;
pub mod dashboard;
pub mod documents;
pub mod history;
pub mod home;
pub mod intake;
pub mod login;
pub mod opinions;
pub mod page;
pub mod revise;
pub mod server;
pub mod state;
pub mod svg;
pub mod throttle;
pub mod uploads;

use std::io::Write;

use crate::cli::{Global, ServeArgs};
use crate::error::Result;

/// Run `consult serve` (or `serve --add-user`); returns the exit code.
pub fn serve(g: &Global, args: &ServeArgs, out: &mut dyn Write) -> Result<i32> {
    if let Some(name) = &args.add_user {
        return auth::add_user_command(name, args.users.as_deref(), out);
    }
    server::run(g, args, out)
}
