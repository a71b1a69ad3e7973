//! Revision diffs (OWNER: diff helper).
