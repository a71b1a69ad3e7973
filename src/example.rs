//! The embedded example: the Suzhou consultation of 2023 (the repository's
//! own consult.yaml, drafts/ and comments/), written out by
//! `consult init --example`.

include!(concat!(env!("OUT_DIR"), "/example_files.rs"));
