//! A large UTF-8 draft file mapped into memory instead of read: the page
//! cache's own pages are the text, so a 10 MB draft costs neither a 10 MB
//! copy nor a page fault for each 4 KiB of it (the kernel maps a file's
//! cached pages sixteen at a time). `diff` on a 10 MB pair read its two
//! drafts in 9–12 ms; mapped, in 3 ms (issue 11 item 7).
//!
//! Only a regular file of at least [`MAP_FROM`] bytes that is UTF-8 as it
//! is — no BOM, not a binary format by its first bytes, not white space
//! alone — is mapped; anything else is read as before ([`Mapped::open`]
//! says `None`). A mapped file the quick reader refuses (a NUL or other
//! control byte, Markdown, odd line ends) is read again the usual way, so
//! every check of a read file applies to it.
//!
//! As ripgrep does, the mapping assumes the file is not cut short or
//! rewritten in place while `diff` runs (tens of milliseconds): editors
//! and Word save by writing a new file and renaming it, which leaves the
//! mapped one as it was.

use std::fs::File;
use std::path::Path;

use memmap2::{Mmap, MmapOptions};

use crate::intake::decode::looks_binary;

/// Files from this size on are mapped (smaller ones read as fast).
pub const MAP_FROM: u64 = 256 * 1024;

/// A mapped file whose bytes were checked to be UTF-8 when it was opened.
pub struct Mapped {
    map: Mmap,
}

impl Mapped {
    /// Map `path` when it is a regular file of [`MAP_FROM`] bytes or more
    /// (and under 4 GiB, as the quick reader's offsets are) holding UTF-8;
    /// `None` otherwise, and on any error (the caller then reads the file
    /// and says what is wrong with it).
    pub fn open(path: &Path) -> Option<Mapped> {
        let file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() < MAP_FROM || meta.len() > u64::from(u32::MAX) {
            return None;
        }
        // SAFETY: the mapping is read-only and private, and lives as long
        // as `Mapped`. Its bytes are checked to be UTF-8 just below; they
        // stay so unless another program cuts or rewrites the file in
        // place during the run, the risk every tool that maps files
        // (ripgrep among them) takes — see the module's note.
        let map = unsafe { MmapOptions::new().map_copy_read_only(&file) }.ok()?;
        let bytes: &[u8] = &map;
        let plain = !looks_binary(bytes.get(..16).unwrap_or(bytes))
            && !bytes.starts_with("\u{feff}".as_bytes())
            && !bytes.iter().all(u8::is_ascii_whitespace)
            && simdutf8::basic::from_utf8(bytes).is_ok();
        plain.then_some(Mapped { map })
    }

    /// The file's text.
    pub fn as_str(&self) -> &str {
        // SAFETY: `open` checked that these bytes are UTF-8, and the
        // mapping is read-only (see `open` on other programs).
        unsafe { std::str::from_utf8_unchecked(&self.map) }
    }
}
