//! The one integration-test binary: every feature driven end to end through
//! the real `consult` binary on temporary workspaces.

mod amend;
mod cases_text;
mod check;
mod cli;
mod consultation;
mod copy;
mod corpus;
mod crash;
mod diff;
mod docx;
mod harness;
mod hostile;
mod ingest;
mod init;
mod intake;
mod letter;
mod office;
mod opinions;
mod redline;
mod report;
mod revise;
mod safety;
mod serve;
mod serve_amend;
mod serve_browser;
mod serve_home;
mod serve_intake;
mod serve_opinions;
mod serve_revise;
mod serve_security;
mod show;
mod status;
mod team;
mod word;
mod word_cases;
