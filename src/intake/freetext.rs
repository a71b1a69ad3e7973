//! freetext (OWNER: intake helper)
