//! decode (OWNER: intake helper)
