//! Word .docx reading and writing (OWNER: docx helper).
