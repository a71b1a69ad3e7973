//! eml (OWNER: intake helper)
