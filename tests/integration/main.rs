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
mod scan_corpus;
mod scans;
mod show;
mod status;
mod word;
