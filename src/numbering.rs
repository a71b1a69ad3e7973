//! Clause numbers as Chinese documents write them: `1.` `1．` `1、` `一、`
//! `第一条` `（一）`, Chinese numerals, and references to clauses in
//! free text (第五点, 第5条, 关于第三条, …).
//!
//! OWNER: draft helper.
