//! The readings of slow media (scans read by OCR, files converted by
//! LibreOffice, PDFs) kept in memory for the life of the process, so a
//! file read again is not read twice: the web app's intake reads each
//! upload for its preview, again after staff correct the department or the
//! time, and once more on confirm — a scan would take Tesseract seconds
//! each time. The command line reads each file once; there the cache only
//! holds what it read.
//!
//! Keyed by the file's SHA-256, its path (used in messages) and the
//! message language; only successful readings are kept, at most
//! [`CAPACITY`] of them (the oldest dropped first).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Result;
use crate::intake::Parsed;

/// Readings kept.
pub const CAPACITY: usize = 32;

type Key = (String, PathBuf, crate::i18n::Lang);

static CACHE: Mutex<VecDeque<(Key, Parsed)>> = Mutex::new(VecDeque::new());

/// The reading of `bytes` (at `path`) by `read`, or the one kept from an
/// earlier call with the same bytes, path and language.
pub fn read_once(
    bytes: &[u8],
    path: &Path,
    read: impl FnOnce() -> Result<Parsed>,
) -> Result<Parsed> {
    let key: Key = (
        crate::reply::sha256_hex(bytes),
        path.to_path_buf(),
        crate::i18n::lang(),
    );
    let lock = || CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, parsed)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(parsed.clone());
    }
    let parsed = read()?;
    let mut cache = lock();
    if !cache.iter().any(|(k, _)| *k == key) {
        if cache.len() >= CAPACITY {
            cache.pop_front();
        }
        cache.push_back((key, parsed.clone()));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_file_is_read_once_and_errors_are_not_kept() {
        let calls = Cell::new(0);
        let read = || {
            calls.set(calls.get() + 1);
            Ok(Parsed {
                no_objection: true,
                ..Parsed::default()
            })
        };
        let path = Path::new("reading-cache-test-a.pdf");
        let bytes = b"reading cache test: same bytes";
        assert!(read_once(bytes, path, read).unwrap().no_objection);
        assert!(read_once(bytes, path, read).unwrap().no_objection);
        assert_eq!(calls.get(), 1, "the second reading came from the cache");
        read_once(b"reading cache test: other bytes", path, read).unwrap();
        assert_eq!(calls.get(), 2, "other bytes are read");
        read_once(bytes, Path::new("reading-cache-test-b.pdf"), read).unwrap();
        assert_eq!(calls.get(), 3, "another path is read (messages name it)");
        let failing = Path::new("reading-cache-test-c.pdf");
        let fail = || {
            calls.set(calls.get() + 1);
            Err(crate::Error::usage("unreadable"))
        };
        assert!(read_once(bytes, failing, fail).is_err());
        assert!(read_once(bytes, failing, fail).is_err());
        assert_eq!(calls.get(), 5, "a failed reading is tried again");
        // Bounded: the oldest readings go first.
        for i in 0..CAPACITY + 5 {
            let bytes = format!("reading cache capacity test {i}");
            read_once(bytes.as_bytes(), Path::new("cap.pdf"), || {
                Ok(Parsed::default())
            })
            .unwrap();
        }
        assert!(CACHE.lock().unwrap().len() <= CAPACITY);
    }
}
