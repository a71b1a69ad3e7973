//! The one integration-test binary: every feature driven end to end through
//! the real `consult` binary on temporary workspaces.

mod harness;
mod docx;
mod show;
mod check;
mod ingest;
mod init;
mod opinions;
mod status;
mod consultation;
mod safety;
mod revise;
mod intake;
mod diff;
