//! Revision diffs: clause-aware, Chinese-aware redlines between two
//! versions of a draft (`consult diff`).

pub mod align;
pub mod model;
pub mod units;
pub mod inline;
pub mod compare;
