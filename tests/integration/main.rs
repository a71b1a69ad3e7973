//! The one integration-test binary: every feature driven end to end through
//! the real `consult` binary on temporary workspaces.

mod harness;
