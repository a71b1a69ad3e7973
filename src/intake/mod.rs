//! Replies in every form they arrive in.

pub mod decode;
pub mod eml;
pub mod freetext;
