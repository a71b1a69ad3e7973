//! The one integration-test binary: every feature driven end to end through
//! the real `consult` binary on temporary workspaces.

mod cases_text;
mod check;
mod cli;
mod consultation;
mod corpus;
mod diff;
mod docx;
mod harness;
mod ingest;
mod init;
mod intake;
mod letter;
mod opinions;
mod report;
mod revise;
mod safety;
mod serve;
mod serve_browser;
mod serve_home;
mod serve_intake;
mod serve_opinions;
mod serve_revise;
mod serve_security;
mod show;
mod status;
mod word;
