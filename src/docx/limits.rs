//! Opening a .docx safely: the zip checks made before any XML is read.
//!
//! A reply arrives from outside the office, so the package is distrusted:
//! an old .doc (OLE2) is told apart with a clear message; the zip may hold
//! at most [`MAX_ENTRIES`] entries; only the parts the reader needs are ever
//! inflated, each through a hard cap ([`MAX_PART`], read with `take`, never
//! trusting the sizes in the headers) and all of them together through
//! [`MAX_TOTAL`]. A zip bomb therefore costs at most one capped read.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::DocxError;

/// Most entries a .docx may have (Word writes about 10 to 30).
pub const MAX_ENTRIES: usize = 1000;
/// Largest uncompressed size of one part, in bytes.
pub const MAX_PART: u64 = 64 * 1024 * 1024;
/// Largest uncompressed size of all parts read, in bytes.
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// The caps a package is opened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries in the zip.
    pub entries: usize,
    /// Largest uncompressed part, in bytes.
    pub part: u64,
    /// Largest uncompressed total of the parts read, in bytes.
    pub total: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: MAX_ENTRIES,
            part: MAX_PART,
            total: MAX_TOTAL,
        }
    }
}

/// The magic number of OLE2 compound files (.doc, and encrypted .docx).
const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened .docx package whose parts can be read under the caps.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    read_so_far: u64,
}

impl<'a> Package<'a> {
    /// Open `bytes` as a zip package, checking magic numbers and the entry
    /// count and every entry's declared size.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, DocxError> {
        if bytes.starts_with(&OLE2_MAGIC[..4]) {
            return Err(DocxError::LegacyDoc);
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| open_error(bytes, e))?;
        if archive.len() > limits.entries {
            return Err(DocxError::TooManyEntries {
                count: archive.len(),
                limit: limits.entries,
            });
        }
        let mut package = Package {
            archive,
            limits,
            read_so_far: 0,
        };
        package.check_declared_sizes()?;
        Ok(package)
    }

    /// Reject at once an entry whose header already admits it is too big.
    fn check_declared_sizes(&mut self) -> Result<(), DocxError> {
        for i in 0..self.archive.len() {
            let file = self
                .archive
                .by_index_raw(i)
                .map_err(|e| DocxError::Damaged(e.to_string()))?;
            if file.size() > self.limits.part {
                return Err(DocxError::EntryTooLarge {
                    name: file.name().to_string(),
                    limit: self.limits.part,
                });
            }
        }
        Ok(())
    }

    /// The uncompressed bytes of the part `name`, or `None` when the
    /// package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        let file = match self.archive.by_index(index) {
            Ok(f) => f,
            Err(e) => return Err(DocxError::Damaged(format!("{name}: {e}"))),
        };
        let Limits { part, total, .. } = self.limits;
        let allowed = part.min(total.saturating_sub(self.read_so_far));
        let mut out = Vec::new();
        let read = file.take(allowed + 1).read_to_end(&mut out);
        if let Err(e) = read {
            return Err(DocxError::Damaged(format!("{name}: {e}")));
        }
        let size = out.len() as u64;
        if size > allowed {
            return Err(if allowed < part {
                DocxError::TotalTooLarge { limit: total }
            } else {
                DocxError::EntryTooLarge {
                    name: name.to_string(),
                    limit: part,
                }
            });
        }
        self.read_so_far += size;
        Ok(Some(out))
    }

    /// The part `name`, which must exist.
    pub fn required(&mut self, name: &str) -> Result<Vec<u8>, DocxError> {
        self.part(name)?
            .ok_or_else(|| DocxError::MissingPart(name.to_string()))
    }

    /// The index of the entry named `name` (without a leading slash;
    /// case-insensitive, as part names in OPC are).
    fn index_of(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.archive.index_for_name(name) {
            return Some(i);
        }
        self.archive
            .file_names()
            .find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))
            .and_then(|n| self.archive.index_for_name(n))
    }
}

/// The error for bytes the zip reader refused: damaged when they start
/// like a zip, else not a zip at all.
fn open_error(bytes: &[u8], error: ZipError) -> DocxError {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        DocxError::Damaged(error.to_string())
    } else {
        DocxError::NotZip(error.to_string())
    }
}
