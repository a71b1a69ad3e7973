//! The one integration-test binary: every feature driven end to end through
//! the real `consult` binary on temporary workspaces.

mod check;
mod consultation;
mod crash;
mod diff;
mod docx;
mod harness;
mod hostile;
mod ingest;
mod init;
mod intake;
mod letter;
mod opinions;
mod report;
mod revise;
mod safety;
mod show;
mod status;
mod team;
mod word;
