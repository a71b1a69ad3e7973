//! Reading a draft that is UTF-8 (nearly every draft) in one pass: the
//! file is read in 128 KiB chunks, each chunk checked with SIMD
//! ([`simdutf8`], about ten times the speed of `str::from_utf8` on Chinese
//! text) and appended to one string. The bytes are never checked twice and
//! never held twice.
//!
//! Anything else — another encoding, a NUL byte, a binary format's
//! signature — hands back every byte read, for the full decoding path
//! ([`super::source::to_text`]) to decode or refuse.

use std::io::{self, Read};

/// Bytes read and checked at a time: small enough to stay in the cache
/// and to cost few fresh pages (a 1 MiB buffer cost 256 page faults per
/// file, a tenth of reading a 1 MB draft).
const CHUNK: usize = 128 << 10;

/// What a file held: its text, when it is UTF-8 without NUL bytes, or else
/// all its bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Read8 {
    Text(String),
    Bytes(Vec<u8>),
}

/// Read all of `reader` (`size` bytes expected, a hint). The first chunk is
/// also given to `refuse`: when it says so (a binary signature), the bytes
/// are handed back unchecked. Errors: those of `reader`.
pub fn read_utf8(
    mut reader: impl Read,
    size: usize,
    refuse: impl Fn(&[u8]) -> bool,
) -> io::Result<Read8> {
    let mut text = String::with_capacity(size);
    let mut buf = vec![0u8; CHUNK];
    // Bytes at the start of `buf` carried over from the last chunk: the
    // beginning of a character cut by the chunk's end.
    let mut held = 0;
    let mut first = true;
    loop {
        let n = read_some(&mut reader, buf.get_mut(held..).unwrap_or_default())?;
        let end = held + n;
        let chunk = buf.get(..end).unwrap_or_default();
        if n == 0 {
            if held == 0 {
                return Ok(Read8::Text(text));
            }
            return rest(text, chunk, reader);
        }
        if (first && refuse(chunk)) || memchr::memchr(0, chunk).is_some() {
            return rest(text, chunk, reader);
        }
        first = false;
        let cut = end - incomplete_tail(chunk);
        match simdutf8::basic::from_utf8(chunk.get(..cut).unwrap_or_default()) {
            Ok(s) => text.push_str(s),
            Err(_) => return rest(text, chunk, reader),
        }
        buf.copy_within(cut..end, 0);
        held = end - cut;
    }
}

/// Fill as much of `buf` as one read gives, retrying when interrupted.
fn read_some(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Not UTF-8 after all: the text read so far, `chunk` and the rest of
/// `reader`, as bytes.
fn rest(text: String, chunk: &[u8], mut reader: impl Read) -> io::Result<Read8> {
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(chunk);
    reader.read_to_end(&mut bytes)?;
    Ok(Read8::Bytes(bytes))
}

/// How many bytes at the end of `chunk` begin a UTF-8 character that the
/// chunk does not finish (0 to 3).
fn incomplete_tail(chunk: &[u8]) -> usize {
    for back in 1..=3.min(chunk.len()) {
        let Some(&b) = chunk.get(chunk.len() - back) else {
            return 0;
        };
        if b & 0xC0 == 0x80 {
            continue; // a continuation byte: look further back
        }
        let len = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        return if len > back { back } else { 0 };
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives at most `step` bytes a call, to cut characters.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            let (head, tail) = self.bytes.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(head);
            self.bytes = tail;
            Ok(n)
        }
    }

    fn read(bytes: &[u8], step: usize) -> Read8 {
        read_utf8(Trickle { bytes, step }, 0, |_| false).unwrap_or(Read8::Bytes(Vec::new()))
    }

    #[test]
    fn characters_cut_by_any_read_are_joined() {
        let text = "第一条　支持创新😀。\n市科技局、市财政局\n".repeat(40);
        for step in 1..12 {
            assert_eq!(read(text.as_bytes(), step), Read8::Text(text.clone()));
        }
    }

    #[test]
    fn text_longer_than_a_chunk_is_read_whole() {
        let text = "对年度考核优秀的给予10%～30%的奖励。\n".repeat(CHUNK / 20);
        assert!(text.len() > 2 * CHUNK);
        assert_eq!(read(text.as_bytes(), usize::MAX), Read8::Text(text.clone()));
    }

    #[test]
    fn anything_but_utf8_comes_back_as_every_byte() {
        let (gbk, _, _) = encoding_rs::GBK.encode("第一条 支持创新。");
        let long_then_bad = [
            "第一条".repeat(CHUNK).into_bytes(),
            gbk.clone().into_owned(),
        ]
        .concat();
        let cut_at_end = "第一条".as_bytes()[..7].to_vec();
        for bytes in [
            gbk.into_owned(),
            b"text\x00more".to_vec(),
            long_then_bad,
            cut_at_end,
        ] {
            for step in [1, 5, usize::MAX] {
                assert_eq!(read(&bytes, step), Read8::Bytes(bytes.clone()));
            }
        }
    }

    #[test]
    fn a_refused_first_chunk_comes_back_unchecked() {
        let got = read_utf8(&b"PK\x03\x04 rest"[..], 0, |c| c.starts_with(b"PK"));
        assert_eq!(got.ok(), Some(Read8::Bytes(b"PK\x03\x04 rest".to_vec())));
    }
}
