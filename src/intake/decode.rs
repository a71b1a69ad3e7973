//! Bytes to text: the encodings replies really arrive in.
//!
//! Departments send UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools, and
//! GBK/GB18030 from older office software. [`decode_text`] tries, in order:
//! a byte-order mark, valid UTF-8, UTF-16 without a BOM (recognised by its
//! NUL bytes and proved by reading it in both byte orders), then detection with a Chinese hint (chardetng),
//! and normalises line ends to `\n`. UTF-8 cut inside a character, or
//! damaged in a file otherwise UTF-8, is refused naming the byte, never
//! read as another encoding. What is not text — empty input, random
//! bytes, archives, NUL bytes, mostly control or undecodable characters — is
//! refused with a [`DecodeError`] that says why.

use std::fmt;

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from a file, and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, line ends normalised to `\n`, without a BOM.
    pub text: String,
    /// The encoding's name: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`, `gb18030`, `Big5`, …
    pub encoding: &'static str,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// No bytes at all, or only white space.
    Empty,
    /// A UTF-32 byte-order mark: an encoding no office tool writes for replies.
    Utf32,
    /// UTF-16 without a BOM in `encoding` by its NUL bytes and most of its
    /// characters, but not readable as it (an odd number of bytes, a
    /// broken unit, control characters).
    Utf16 { encoding: &'static str },
    /// Binary data (an archive, an image, NUL bytes, …); the reason says which.
    Binary { reason: String },
    /// UTF-8 but for a byte at `at` (offset from the file's start): the
    /// file ends inside a character (`at_end`, cut short), or a byte of
    /// an otherwise UTF-8 file is damaged (`byte`).
    BrokenUtf8 { at: usize, byte: u8, at_end: bool },
    /// Decoded, but too many characters are control or replacement
    /// characters; `first` is the offset and value of the first byte the
    /// encoding cannot read, when there is one (not UTF-8 only).
    NotText {
        encoding: &'static str,
        bad: usize,
        total: usize,
        first: Option<(usize, u8)>,
    },
    /// Read as `encoding` (not UTF-8), but the byte at `at` (offset from
    /// the file's start, value `byte`) is not a character in it: a damaged
    /// byte, a broken UTF-16 unit, or a part in another encoding (tester5 H1).
    Undecodable {
        encoding: &'static str,
        at: usize,
        byte: u8,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            DecodeError::Empty => crate::t!("文件为空", "the file is empty"),
            DecodeError::Utf32 => crate::t!(
                "文件是 UTF-32 编码，不支持；请另存为 UTF-8",
                "the file is UTF-32, which is not supported; save it as UTF-8"
            ),
            DecodeError::Utf16 { encoding } => crate::t!(
                "看似没有字节顺序标记（BOM）的 {0} 文本（NUL 字节的位置与 UTF-16 相符），但无法按 {0} 读出（字节数为奇数或有损坏的字符）；请另存为 UTF-8，如 `iconv -f {0} -t UTF-8 原文件 > 新文件.md`",
                "looks like {0} text without a byte-order mark (its NUL bytes are where UTF-16 puts them), but cannot be read as {0} (an odd number of bytes, or damaged characters); save it as UTF-8, e.g. `iconv -f {0} -t UTF-8 FILE > NEW.md`",
                encoding
            ),
            DecodeError::Binary { reason } => {
                crate::t!("不是文本文件（{}）", "not a text file ({})", reason)
            }
            DecodeError::BrokenUtf8 {
                at, at_end: true, ..
            } => crate::t!(
                "UTF-8 编码在第 {} 字节处无效（文件在一个字符中间结束，可能被截断了）；请找回完整的文件",
                "invalid UTF-8 at byte {} (the file ends inside a character: it was probably cut short); get the whole file again",
                at
            ),
            DecodeError::BrokenUtf8 { at, byte, .. } => crate::t!(
                "UTF-8 编码在第 {0} 字节处无效（字节 0x{1:02X}），文件其余部分是 UTF-8：文件可能已损坏；请找回完好的文件或另存为 UTF-8",
                "invalid UTF-8 at byte {0} (byte 0x{1:02X}) in a file otherwise UTF-8: it is probably damaged; get a sound copy or save it as UTF-8 again",
                at,
                byte
            ),
            DecodeError::NotText {
                encoding,
                bad,
                total,
                first,
            } => {
                let text = crate::t!(
                    "不像文本：按 {0} 解码后 {2} 个字符中有 {1} 个是控制字符或无法解码的字符",
                    "does not look like text: read as {0}, {1} of {2} characters are control or undecodable characters",
                    encoding,
                    bad,
                    total
                );
                match first {
                    Some((at, byte)) => crate::t!(
                        "{0}（第一个无法解码的是第 {1} 字节，0x{2:02X}）",
                        "{0} (the first undecodable one at byte {1}, byte 0x{2:02X})",
                        text,
                        at,
                        byte
                    ),
                    None => text,
                }
            }
            DecodeError::Undecodable { encoding, at, byte } => crate::t!(
                "按 {0} 读取，第 {1} 字节（0x{2:02X}）不是 {0} 字符：文件可能已损坏，或有一部分是别的编码；请用文本编辑器打开，改正或删去该处的字符，再另存为 UTF-8",
                "read as {0}, the byte at {1} (byte 0x{2:02X}) is not a character in {0}: the file is probably damaged, or part of it is in another encoding; open it in a text editor, correct or delete the character there, and save it as UTF-8",
                encoding,
                at,
                byte
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for DecodeError {}

/// The place of a decode error in `bytes` (the file as read): the file
/// with the 1-based line of the bad byte (LF, CR LF and a lone CR each end
/// a line) for damaged UTF-8 and for 8-bit encodings, where a line-end
/// byte is never part of a character; the file alone for UTF-16 and for
/// errors about the whole file (tester6 L10); a NUL byte's line too
/// (tester7 L10).
pub fn error_position(
    path: &std::path::Path,
    bytes: &[u8],
    e: &DecodeError,
) -> crate::error::Position {
    use crate::error::Position;
    let at = match e {
        DecodeError::BrokenUtf8 { at, .. } => *at,
        DecodeError::Undecodable { encoding, at, .. } if !encoding.starts_with("UTF-16") => *at,
        // A NUL byte (the one binary reason that is not a format's signature).
        DecodeError::Binary { .. } if magic_reason(bytes).is_none() => {
            match memchr::memchr(0, bytes) {
                Some(at) => at,
                None => return Position::file(path),
            }
        }
        _ => return Position::file(path),
    };
    let before = bytes.get(..at).unwrap_or(bytes);
    let lf = memchr::memchr_iter(b'\n', before).count();
    let lone_cr = memchr::memchr_iter(b'\r', before)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    Position::at(path, lf + lone_cr + 1, None)
}

/// Read `bytes` as text in whatever encoding they are in.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::Utf32);
    }
    let (text, encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            // A UTF-8 BOM says UTF-8: a byte that is not is never replaced silently.
            if encoding == UTF_8
                && let Err(e) = std::str::from_utf8(rest)
            {
                return Err(broken(rest, &e, bom_len));
            }
            let (text, _) = encoding.decode_without_bom_handling(rest);
            (text.into_owned(), encoding, bom_len)
        }
        None => {
            let (text, encoding) = decode_without_bom(bytes)?;
            (text, encoding, 0)
        }
    };
    let body = bytes.get(bom_len..).unwrap_or_default();
    // Any byte the encoding cannot read is refused naming it, never
    // replaced by U+FFFD (tester5 H1): the UTF-8 path refuses before here.
    let first = (encoding != UTF_8 && text.contains('\u{FFFD}'))
        .then(|| first_undecodable(body, encoding))
        .flatten()
        .map(|at| (bom_len + at, body.get(at).copied().unwrap_or_default()));
    // Text with a few undecodable bytes is damaged text, and says where;
    // mostly undecodable bytes are no text at all (check_text).
    if let Some((at, byte)) = first
        && bad_chars(&text) * 10 <= text.chars().count()
    {
        return Err(DecodeError::Undecodable {
            encoding: encoding.name(),
            at,
            byte,
        });
    }
    check_text(&text, encoding.name(), first)?;
    Ok(Decoded {
        text: normalize_newlines(&text),
        encoding: encoding.name(),
    })
}

/// The offset in `bytes` of the first byte sequence `encoding` cannot
/// read (a damaged byte, an unpaired UTF-16 surrogate), if any.
fn first_undecodable(bytes: &[u8], encoding: &'static Encoding) -> Option<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = vec![0u8; 64 * 1024];
    let mut pos = 0;
    loop {
        let rest = bytes.get(pos..).unwrap_or_default();
        let (result, read, _) = decoder.decode_to_utf8_without_replacement(rest, &mut out, true);
        pos += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(len, extra) => {
                return Some(pos.saturating_sub(usize::from(len) + usize::from(extra)));
            }
        }
    }
}

/// Whether `bytes` are plainly not text: a known binary format (ZIP/.docx,
/// PDF, OLE/.doc, images) or NUL bytes that are not UTF-16.
pub fn looks_binary(bytes: &[u8]) -> bool {
    binary_reason(bytes).is_some()
}

/// Decode bytes that carry no BOM.
fn decode_without_bom(bytes: &[u8]) -> Result<(String, &'static Encoding), DecodeError> {
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Ok((text.into_owned(), encoding));
    }
    if let Some(reason) = binary_reason(bytes) {
        if magic_reason(bytes).is_none()
            && let Some(encoding) = utf16_pattern(bytes)
        {
            // Whole units, one of them broken: refused naming its byte.
            let at = bytes
                .len()
                .is_multiple_of(2)
                .then(|| first_undecodable(bytes, encoding));
            if let Some(at) = at.flatten() {
                return Err(DecodeError::Undecodable {
                    encoding: encoding.name(),
                    at,
                    byte: bytes.get(at).copied().unwrap_or_default(),
                });
            }
            return Err(DecodeError::Utf16 {
                encoding: encoding.name(),
            });
        }
        return Err(DecodeError::Binary { reason });
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_owned(), UTF_8)),
        Err(e) if e.error_len().is_none() || mostly_utf8(sample(bytes)) => {
            return Err(broken(bytes, &e, 0));
        }
        Err(e) => e,
    };
    // The encoding is told from the first lines that are not plain ASCII
    // (up to SAMPLE bytes): a 7 MB GBK draft is then detected in
    // milliseconds, not seconds, and a Big5 draft whose first pages are
    // ASCII is told by its Chinese, not by its ASCII (tester4 L3).
    let sample = sample(bytes);
    let whole = sample.len() == bytes.len();
    let (text, encoding) = best_decoding(sample, whole);
    // UTF-8 explains the bytes at least as well as any Chinese encoding (a
    // lone 0xE7 before a line end, a stray byte in UTF-8 text): the file is
    // damaged UTF-8, never an 8-bit code page's text (tester4 L2).
    let unlikely = unlikely_chars(&text);
    if unlikely > 0 && broken_places(sample) <= unlikely {
        return Err(broken(bytes, &utf8_error, 0));
    }
    if whole {
        return Ok((text.into_owned(), encoding));
    }
    let (all, _) = encoding.decode_without_bom_handling(bytes);
    // The whole reads as well as the sample (one pass over it, no more,
    // for a long draft): the sample's characters are part of the whole.
    let in_all = unlikely_chars(&all);
    if in_all == unlikely {
        return Ok((all.into_owned(), encoding));
    }
    // The rest reads worse than the sample: the guess is checked against
    // the whole file, and another Chinese encoding is taken only if it
    // reads all of it cleanly. Otherwise the bytes past the sample that the
    // guess cannot read (a damaged tail, a part pasted in another
    // encoding) are refused by [`decode_text`] naming the guess and the
    // byte (tester4 M3, tester5 H1).
    for other in [GB18030, BIG5].into_iter().filter(|&e| e != encoding) {
        let (text, _) = other.decode_without_bom_handling(bytes);
        if unlikely_chars(&text) == 0 {
            return Ok((text.into_owned(), other));
        }
    }
    Ok((all.into_owned(), encoding))
}

/// The likeliest Chinese reading of `sample` (chardetng's guess with a
/// Chinese hint, GB18030 or Big5: whichever reads with the fewest unlikely
/// characters). An 8-bit code page is never a candidate: no office here
/// writes one, and any byte reads as some letter in it.
fn best_decoding(sample: &[u8], whole: bool) -> (std::borrow::Cow<'_, str>, &'static Encoding) {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, whole);
    let guess = detector.guess(Some(b"cn"), false);
    let guess = if guess.is_single_byte() {
        GB18030
    } else {
        guess
    };
    // The Chinese hint favours GBK; Big5 wins when GBK decodes it worse.
    let decodings = [guess, GB18030, BIG5].map(|encoding| {
        let (text, _) = encoding.decode_without_bom_handling(sample);
        (unlikely_chars(&text), text, encoding)
    });
    let [first, rest @ ..] = decodings;
    let (_, text, encoding) = rest
        .into_iter()
        .fold(first, |best, d| if d.0 < best.0 { d } else { best });
    (text, encoding)
}

/// Places where `bytes` are not UTF-8: runs of invalid bytes.
fn broken_places(bytes: &[u8]) -> usize {
    let mut places = 0;
    for (i, chunk) in bytes.utf8_chunks().enumerate() {
        let starts_a_run = i == 0 || !chunk.valid().is_empty();
        places += usize::from(!chunk.invalid().is_empty() && starts_a_run);
    }
    places
}

/// UTF-8 bytes broken at `e` (after `offset` bytes of BOM): the error
/// naming the place. A file valid up to a cut last character is cut UTF-8
/// (no GBK or Big5 text is valid UTF-8 up to its last bytes), even when it
/// is that one cut character alone (a lone 0xE7 is not read as an 8-bit
/// code page's letter).
fn broken(bytes: &[u8], e: &std::str::Utf8Error, offset: usize) -> DecodeError {
    let at = e.valid_up_to();
    DecodeError::BrokenUtf8 {
        at: offset + at,
        byte: bytes.get(at).copied().unwrap_or_default(),
        at_end: e.error_len().is_none(),
    }
}

/// Whether bytes that are not valid UTF-8 still are UTF-8 text with a
/// damaged byte or two: at least eight non-ASCII characters read as UTF-8
/// and one broken place (a run of invalid bytes) at most for twenty of
/// them (in GBK or Big5 text most multi-byte characters are not valid
/// UTF-8, and the few that are stand between broken places).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for (i, chunk) in bytes.utf8_chunks().enumerate() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let starts_a_run = i == 0 || !chunk.valid().is_empty();
        bad += usize::from(!chunk.invalid().is_empty() && starts_a_run);
    }
    good >= 8 && bad * 20 <= good
}

/// Bytes read to tell an encoding, at most.
const SAMPLE: usize = 256 * 1024;

/// The lines of `bytes` from the first one that is not plain ASCII, up to
/// [`SAMPLE`] bytes and cut after a line end (no character cut in two: in
/// GBK and Big5 a byte 0x0A is always a line end and every byte of an
/// ASCII line is a character); all of `bytes` when that is shorter.
fn sample(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let start = memchr::memrchr(b'\n', bytes.get(..first).unwrap_or_default()).map_or(0, |n| n + 1);
    let from = bytes.get(start..).unwrap_or(bytes);
    let Some(head) = from.get(..SAMPLE) else {
        return from;
    };
    match memchr::memrchr(b'\n', head) {
        Some(end) => head.get(..=end).unwrap_or(head),
        None => head,
    }
}

/// Characters a wrong guess produces: undecodable bytes and private-use
/// characters (where GBK puts byte pairs no real text uses).
fn unlikely_chars(text: &str) -> usize {
    text.chars()
        .filter(|&c| c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c))
        .count()
}

/// Why `bytes` are binary, if they are.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some(reason) = magic_reason(bytes) {
        return Some(reason);
    }
    if utf16_without_bom(bytes).is_some() {
        return None;
    }
    let nul = bytes.iter().position(|&b| b == 0)?;
    Some(crate::t!(
        "第 {} 字节是 NUL",
        "a NUL byte at offset {}",
        nul
    ))
}

/// The binary format `bytes` start with the signature of, if any.
fn magic_reason(bytes: &[u8]) -> Option<String> {
    const MAGIC: [(&[u8], &str, &str); 8] = [
        (
            b"PK\x03\x04",
            "ZIP 压缩包（.docx？）",
            "a ZIP archive (a .docx?)",
        ),
        (b"%PDF-", "PDF 文件", "a PDF file"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "旧版 Office 文件（.doc？）",
            "an old Office file (a .doc?)",
        ),
        (b"\x89PNG", "PNG 图片", "a PNG image"),
        (b"\xFF\xD8\xFF", "JPEG 图片", "a JPEG image"),
        (b"GIF8", "GIF 图片", "a GIF image"),
        (b"Rar!", "RAR 压缩包", "a RAR archive"),
        (b"\x1F\x8B", "gzip 压缩文件", "a gzip file"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|(_, zh, en)| crate::i18n::tr(zh, en).to_owned())
}

/// UTF-16 without a BOM, told by its NUL bytes and proved by reading it.
/// ASCII characters (line ends, digits, spaces) put a NUL in one half of
/// their code unit, and a few Chinese ones (U+3000 　, U+6700 最, U+4E00 一)
/// put one in the other half, so the NULs alone do not tell the byte
/// order: the order whose reading has no broken unit, no control
/// character and the fewest characters an office text does not use is
/// taken, when at most one character in fifty is such.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) || memchr::memchr(0, bytes).is_none() {
        return None;
    }
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .filter_map(|encoding| {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if had_errors || bad_chars(&text) > 0 {
                return None;
            }
            let odd = text.chars().filter(|&c| !office_char(c)).count();
            (odd * 50 <= text.chars().count()).then_some((odd, encoding))
        })
        .min_by_key(|&(odd, _)| odd)
        .map(|(_, encoding)| encoding)
}

/// What a UTF-16 file without a BOM that cannot be read as such looks
/// like (cut to an odd number of bytes, a unit damaged): eight NUL bytes
/// or more, and a reading in one byte order (of its even part, damaged
/// units aside) whose characters are nine in ten those of an office text.
fn utf16_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    if memchr::memchr_iter(0, bytes).take(8).count() < 8 {
        return None;
    }
    let even = bytes.get(..bytes.len() & !1).unwrap_or_default();
    [UTF_16LE, UTF_16BE]
        .into_iter()
        .filter_map(|encoding| {
            let (text, _) = encoding.decode_without_bom_handling(even);
            let chars = text.chars().filter(|&c| c != '\u{FFFD}');
            let (total, odd) = chars.fold((0usize, 0usize), |(t, o), c| {
                (t + 1, o + usize::from(!office_char(c)))
            });
            (odd * 10 <= total).then_some((odd, encoding))
        })
        .min_by_key(|&(odd, _)| odd)
        .map(|(_, encoding)| encoding)
}

/// Whether an office text (Chinese, with ASCII and common signs) uses `c`.
/// A UTF-16 text read in the wrong byte order gives other characters:
/// U+0A00 for a line end, U+2000–U+20FF for a space, CJK extension A or
/// private-use characters for a Chinese character.
fn office_char(c: char) -> bool {
    matches!(c,
        '\t'..='\r' | ' '..='~'
        | '\u{A0}'..='\u{17F}'          // Latin-1, Latin Extended-A
        | '\u{391}'..='\u{3C9}'         // Greek letters
        | '\u{401}'..='\u{451}'         // Cyrillic letters
        | '\u{2010}'..='\u{2027}'       // dashes, quotes, …
        | '\u{2030}'..='\u{203B}'       // ‰ ′ ″ ※
        | '\u{2100}'..='\u{2199}'       // ℃ № Ⅰ–Ⅻ ← ↑ → ↓
        | '\u{2200}'..='\u{22FF}'       // mathematical operators
        | '\u{2460}'..='\u{24FF}'       // ① ⑴ ⒈
        | '\u{2500}'..='\u{257F}'       // box drawing
        | '\u{25A0}'..='\u{26FF}'       // ■ ● ◆ ★ ☆
        | '\u{3000}'..='\u{30FF}'       // CJK punctuation, kana
        | '\u{3220}'..='\u{32B0}'       // ㈠ ㊀
        | '\u{338E}'..='\u{33D5}'       // ㎡ ㎏
        | '\u{4E00}'..='\u{9FFF}'       // CJK unified ideographs
        | '\u{FE30}'..='\u{FE4F}'       // CJK compatibility forms
        | '\u{FF01}'..='\u{FFEF}'       // full-width forms
        | '\u{1F300}'..='\u{1FAFF}'     // emoji
        | '\u{20000}'..='\u{3134F}'     // CJK extensions B–G
    )
}

/// Refuse text that is empty or mostly control or replacement characters.
fn check_text(
    text: &str,
    encoding: &'static str,
    first: Option<(usize, u8)>,
) -> Result<(), DecodeError> {
    let text = text.trim_start_matches('\u{FEFF}');
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    let total = text.chars().count();
    let bad = bad_chars(text);
    // One bad character in fifty is more than any real reply has.
    if bad > 0 && (bad * 50 > total || text.contains('\0')) {
        return Err(DecodeError::NotText {
            encoding,
            bad,
            total,
            first,
        });
    }
    Ok(())
}

/// Control characters other than tab, line ends (NEL U+0085 included),
/// vertical tab (Word's manual line break, pasted) and form feed, and
/// replacement characters (what could not be decoded).
fn bad_chars(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            c == '\u{FFFD}'
                || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0B' | '\x0C' | '\u{85}'))
        })
        .count()
}

/// Byte-order marks at the start dropped (a second one too: a tool that
/// added its own before an existing one), line ends made LF
/// ([`tidy_breaks`]).
fn normalize_newlines(text: &str) -> String {
    let text = text.trim_start_matches('\u{FEFF}');
    tidy_breaks(text).unwrap_or_else(|| text.to_owned())
}

/// Line ends other than LF in `text`: CRLF, a lone CR, a vertical tab
/// (Word's manual line break, pasted), NEL (U+0085) and the line and
/// paragraph separators (U+2028, U+2029) made LF; a byte-order mark at
/// the start of a line (two files joined, each with its BOM) dropped, so
/// the clause label after it is seen (tester5 M5). `None` when there is
/// none of them (the text is then as it is; found by memchr/memmem, no
/// character-by-character pass).
pub fn tidy_breaks(text: &str) -> Option<String> {
    const ODD: [&str; 4] = ["\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}"];
    let bytes = text.as_bytes();
    let odd = memchr::memchr2(b'\r', 0x0B, bytes).is_some()
        || ODD
            .iter()
            .any(|s| memchr::memmem::find(bytes, s.as_bytes()).is_some());
    if !odd {
        return None;
    }
    let text = text
        .replace("\r\n", "\n")
        .replace(['\r', '\x0B', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    if !text.contains("\n\u{FEFF}") {
        return Some(text);
    }
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_start_matches('\u{FEFF}'))
        .collect();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPLY: &str = "市委人才办：\r\n第五点：建议责任单位加上市人社局。\r\n特此函复。\r\n";
    const EXPECTED: &str = "市委人才办：\n第五点：建议责任单位加上市人社局。\n特此函复。\n";

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    /// Bytes that look random but are the same on every run.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn utf8_with_crlf() {
        let d = decode_text(REPLY.as_bytes()).unwrap();
        assert_eq!(d.text, EXPECTED);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_with_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(REPLY.as_bytes());
        let d = decode_text(&bytes).unwrap();
        assert_eq!(d.text, EXPECTED);
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn lone_cr_becomes_lf() {
        let d = decode_text("第一行\r第二行\r".as_bytes()).unwrap();
        assert_eq!(d.text, "第一行\n第二行\n");
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(utf16(REPLY, false));
        let d = decode_text(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (EXPECTED, "UTF-16LE"));

        let mut be = vec![0xFE, 0xFF];
        be.extend(utf16(REPLY, true));
        let d = decode_text(&be).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (EXPECTED, "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let d = decode_text(&utf16(REPLY, false)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (EXPECTED, "UTF-16LE"));
        let d = decode_text(&utf16(REPLY, true)).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (EXPECTED, "UTF-16BE"));
    }

    /// A draft in UTF-16 without a BOM whose 　 (U+3000) and 最 (U+6700)
    /// put NULs in the other half of their units from its ASCII's: read in
    /// either byte order; cut to an odd length, refused naming UTF-16.
    #[test]
    fn utf16_without_bom_with_full_width_spaces_is_read() {
        let draft = "# 苏州市某某管理办法\n\n第一条　为了规范管理，制定本办法。\n\
                     第二条　对新认定的企业，每人每月给予最高300元交通补贴。\n\
                     第三条　本办法自发布之日起施行。\n";
        for (big_endian, name) in [(false, "UTF-16LE"), (true, "UTF-16BE")] {
            let bytes = utf16(draft, big_endian);
            let d = decode_text(&bytes).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (draft, name));
            let cut = &bytes[..bytes.len() - 1];
            assert_eq!(decode_text(cut), Err(DecodeError::Utf16 { encoding: name }));
        }
        // Chinese alone: as many NULs from 　 as from line ends.
        let chinese = "第一条　为了规范管理。\n第二条　本办法自发布之日起施行。\n".repeat(3);
        assert_eq!(decode_text(&utf16(&chinese, false)).unwrap().text, chinese);
        assert_eq!(decode_text(&utf16(&chinese, true)).unwrap().text, chinese);
        // ASCII text with NUL bytes in it is no UTF-16.
        let ascii = b"plain text\0with a NUL\0or two in it, and more words.\n\0".repeat(4);
        assert!(matches!(
            decode_text(&ascii),
            Err(DecodeError::Binary { .. })
        ));
    }

    #[test]
    fn utf32_is_refused() {
        let mut bytes = vec![0xFF, 0xFE, 0, 0];
        bytes.extend(REPLY.chars().flat_map(|c| (c as u32).to_le_bytes()));
        assert_eq!(decode_text(&bytes), Err(DecodeError::Utf32));
        assert_eq!(
            decode_text(&[0, 0, 0xFE, 0xFF, 0, 0, 0, 0x41]),
            Err(DecodeError::Utf32)
        );
    }

    #[test]
    fn gbk_and_gb18030_are_detected() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(REPLY);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the fixture must not be UTF-8"
        );
        let d = decode_text(&gbk).unwrap();
        assert_eq!(d.text, EXPECTED);
        assert!(["GBK", "gb18030"].contains(&d.encoding), "{}", d.encoding);

        // A character outside GBK needs GB18030's four-byte form.
        let text = "第三条：将“𠀀”改为“甲”。";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode_text(&gb).unwrap();
        assert_eq!(d.text, text);
    }

    /// A draft far longer than the sample is told from its first lines and
    /// decoded whole (GBK and Big5 alike).
    #[test]
    fn long_texts_are_told_from_their_first_lines_and_decoded_whole() {
        for (encoding, line) in [
            (
                encoding_rs::GBK,
                "第一条　对新认定的企业，每人每月给予最高300元交通补贴。\n",
            ),
            (
                encoding_rs::BIG5,
                "第一條　對新認定的企業，每人每月給予最高300元交通補貼。\n",
            ),
        ] {
            let text = line.repeat(2 * SAMPLE / line.len() + 7);
            let (bytes, _, unmappable) = encoding.encode(&text);
            assert!(!unmappable && bytes.len() > SAMPLE);
            let d = decode_text(&bytes).unwrap();
            assert_eq!(d.text, text, "{}", encoding.name());
        }
    }

    /// tester4 L3: a Big5 draft whose first pages are ASCII is told by its
    /// Chinese; and one whose first Chinese line is too short to tell is
    /// checked against the rest and read in the encoding that reads it.
    #[test]
    fn big5_after_pages_of_ascii_is_big5() {
        let ascii =
            "Note: reference line in plain ASCII for the record only.\n".repeat(SAMPLE / 50);
        let chinese = "第1條　對新認定的企業，每人每月給予最高300元交通補貼。\n\
                       第2條　本辦法由市科技局負責解釋，自發布之日起施行。\n";
        for text in [
            format!("{ascii}{chinese}"),
            format!("# 辦法\n{ascii}{}", chinese.repeat(40)),
        ] {
            let (big5, _, unmappable) = BIG5.encode(&text);
            assert!(!unmappable && big5.len() > SAMPLE);
            let d = decode_text(&big5).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text.as_str(), "Big5"));
        }
    }

    /// tester4 M3: a byte the encoding cannot read past the sample is
    /// refused, as it would be inside it.
    #[test]
    fn an_undecodable_byte_past_the_sample_is_refused() {
        let line = "第一条　对新认定的企业，每人每月给予最高300元交通补贴。\n";
        let text = line.repeat(2 * SAMPLE / line.len() + 7);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut bytes = gbk.into_owned();
        let at = bytes.len();
        bytes.extend_from_slice(b"\xff\xff\n");
        assert!(matches!(
            decode_text(&bytes),
            Err(DecodeError::Undecodable { at: a, byte: 0xFF, .. }) if a == at
        ));
    }

    #[test]
    fn utf8_cut_inside_a_character_is_refused_with_its_place() {
        let bytes = REPLY.as_bytes();
        let cut = &bytes[..bytes.len() - 3];
        assert_eq!(
            decode_text(cut),
            Err(DecodeError::BrokenUtf8 {
                at: cut.len() - 2,
                byte: cut[cut.len() - 2],
                at_end: true
            })
        );
        // A lone lead byte is no letter of an 8-bit code page.
        assert!(matches!(
            decode_text(&[0xE7]),
            Err(DecodeError::BrokenUtf8 {
                at: 0,
                at_end: true,
                ..
            })
        ));
        // With a BOM, the place counts from the file's start.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(cut);
        assert!(matches!(
            decode_text(&bom),
            Err(DecodeError::BrokenUtf8 { at, at_end: true, .. }) if at == cut.len() + 1
        ));
    }

    #[test]
    fn a_damaged_byte_in_utf8_text_is_refused_with_its_place() {
        let mut bytes = REPLY.repeat(3).into_bytes();
        bytes[10] = 0xFF;
        // 才 (E6 89 8D) at bytes 9..12 lost its second byte: the broken
        // sequence starts at byte 9.
        assert_eq!(
            decode_text(&bytes),
            Err(DecodeError::BrokenUtf8 {
                at: 9,
                byte: 0xE6,
                at_end: false
            })
        );
    }

    /// tester5 M5: NEL, U+2028/U+2029 are line ends and a BOM starting a
    /// line is dropped; a text without them is left as it is.
    #[test]
    fn nel_line_separators_and_a_joined_bom_start_a_line() {
        let text = "甲\u{85}乙\u{2028}丙\u{2029}丁\n\u{FEFF}\u{FEFF}戊\u{FEFF}己\r\n";
        assert_eq!(
            tidy_breaks(text).as_deref(),
            Some("甲\n乙\n丙\n丁\n戊\u{FEFF}己\n")
        );
        assert_eq!(tidy_breaks("第一条　“甲”，乙。\n"), None);
        let d = decode_text("第一条\u{85}第二条。\n".as_bytes()).unwrap();
        assert_eq!(d.text, "第一条\n第二条。\n");
    }

    #[test]
    fn a_second_bom_is_dropped_too() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(REPLY.as_bytes());
        assert_eq!(decode_text(&bytes).unwrap().text, EXPECTED);
    }

    #[test]
    fn short_gbk_is_detected() {
        let (gbk, _, _) = encoding_rs::GBK.encode("无修改意见。");
        assert_eq!(decode_text(&gbk).unwrap().text, "无修改意见。");
    }

    #[test]
    fn big5_is_detected() {
        let text = "市委人才辦：建議第五點責任單位加上市人社局。我們沒有其他意見，特此函復。";
        let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
        assert!(!unmappable);
        let d = decode_text(&big5).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text, "Big5"));
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(decode_text(b""), Err(DecodeError::Empty));
        assert_eq!(decode_text(b" \r\n\t\n"), Err(DecodeError::Empty));
        assert_eq!(decode_text(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
    }

    #[test]
    fn random_bytes_are_refused() {
        for seed in 1..50 {
            let bytes = noise(4096, seed);
            assert!(decode_text(&bytes).is_err(), "seed {seed} was accepted");
            let no_nul: Vec<u8> = bytes.iter().map(|&b| b.max(1)).collect();
            let err = decode_text(&no_nul).unwrap_err();
            assert!(matches!(err, DecodeError::NotText { .. }), "{err:?}");
        }
    }

    #[test]
    fn nul_bytes_are_refused() {
        let err = decode_text(b"abc\0def").unwrap_err();
        assert!(matches!(err, DecodeError::Binary { .. }), "{err:?}");
        assert!(err.to_string().contains('3'), "{err}");
    }

    #[test]
    fn control_characters_are_refused() {
        let mut bytes = "意见".repeat(10).into_bytes();
        bytes.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let err = decode_text(&bytes).unwrap_err();
        assert!(
            matches!(err, DecodeError::NotText { bad: 8, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn archives_are_binary() {
        let docx = b"PK\x03\x04\x14\x00\x06\x00word/document.xml";
        assert!(looks_binary(docx));
        assert!(matches!(decode_text(docx), Err(DecodeError::Binary { .. })));
        assert!(looks_binary(b"%PDF-1.7\n"));
        assert!(!looks_binary(REPLY.as_bytes()));
        assert!(!looks_binary(&utf16(REPLY, false)));
        assert!(looks_binary(b"text\0with nul"));
    }
}
