//! consult: run a 征求意见 round — record replies against departments,
//! judge deadlines exactly, decide on opinions, produce the next version of
//! the draft with a redline, and write the official paperwork.
//!
//! The library does the work and returns values; [`run`] parses the command
//! line, calls the core, hands results to the printers and maps errors to
//! exit codes. `main.rs` only calls [`run`].

pub mod cli;
pub mod error;
pub mod i18n;

pub mod amend;
pub mod amendment;
pub mod check;
pub mod clause_deletion;
pub mod clause_style;
pub mod cmd;
pub mod conflict;
pub mod consultation;
pub mod deadline;
pub mod decide;
pub mod decision;
pub mod diff;
pub mod doctor;
pub mod docx;
pub mod draft;
pub mod example;
pub mod export;
pub mod files;
pub mod heap_growth;
pub mod helper_thread;
pub mod history;
pub mod import;
pub mod ingest;
pub mod init;
pub mod intake;
pub mod ledger;
pub mod letter;
pub mod markdown_text;
pub mod names;
pub mod numbering;
pub mod opinion;
pub mod output_format;
pub mod prefault;
pub mod printer;
pub mod reply;
pub mod report;
pub mod revise;
pub mod revision_use;
pub mod settings;
pub mod show;
pub mod status;
pub mod store;
pub mod sync;
pub mod table;
pub mod terminal;
pub mod transaction;
pub mod web;
pub mod withdraw;
pub mod workspace;
pub mod yaml;

pub use error::{Error, Result};

/// Run consult with these command-line arguments; returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    cmd::run(args)
}
