//! The words unit lists hang on — `单位` and `部门` (the end of every role
//! name, `责任单位`, `牵头部门` …) and `牵头` — found in one pass over a
//! text.
//!
//! Three `memmem` searches (one a word) cost 2 instructions a byte on a
//! Chinese draft: the pair of bytes such a searcher watches for is chosen
//! for English text, and Chinese text is full of it. Here one pass looks
//! at the second byte of each of the word's two characters (`8D`/`BD`,
//! `83`/`97`, `89`/`A4`), sixteen places at a time with SSE2 compares on
//! x86-64 (its baseline), and checks the whole six bytes only where both
//! match.

/// Which of the three words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListWord {
    /// `单位`.
    Unit,
    /// `部门`.
    Dept,
    /// `牵头`.
    Lead,
}

/// The three words' UTF-8 bytes (each two characters of three bytes).
const WORDS: [([u8; 6], ListWord); 3] = [
    ([0xE5, 0x8D, 0x95, 0xE4, 0xBD, 0x8D], ListWord::Unit),
    ([0xE9, 0x83, 0xA8, 0xE9, 0x97, 0xA8], ListWord::Dept),
    ([0xE7, 0x89, 0xB5, 0xE5, 0xA4, 0xB4], ListWord::Lead),
];

/// The word starting at byte `at` of `bytes`, if one does.
fn word_at(bytes: &[u8], at: usize) -> Option<ListWord> {
    let six = bytes.get(at..at + 6)?;
    WORDS
        .iter()
        .find(|(word, _)| word.as_slice() == six)
        .map(|&(_, w)| w)
}

/// Every place one of the three words starts in `bytes`, in order (byte
/// offsets), with the word.
pub(crate) fn list_words(bytes: &[u8]) -> Vec<(usize, ListWord)> {
    let mut out = Vec::new();
    let done = scan(bytes, &mut out);
    let rest = done..bytes.len();
    out.extend(rest.filter_map(|k| word_at(bytes, k).map(|w| (k, w))));
    out
}

/// The words starting before the offset returned, added to `out` in
/// order; the places from that offset on are left to the caller. AVX2
/// where the CPU has it (32 starts a step), else SSE2 (16).
#[cfg(target_arch = "x86_64")]
fn scan(bytes: &[u8], out: &mut Vec<(usize, ListWord)>) -> usize {
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (just checked).
        unsafe { scan_avx2(bytes, out) }
    } else {
        // SAFETY: SSE2 is part of every x86-64 CPU (the target's baseline).
        unsafe { scan_sse2(bytes, out) }
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn scan(_: &[u8], _: &mut Vec<(usize, ListWord)>) -> usize {
    0
}

/// The second bytes of the words' two characters: a start is looked at
/// whole only when its bytes 1 and 4 are one of these pairs.
const SECONDS: [(u8, u8); 3] = [(0x8D, 0xBD), (0x83, 0x97), (0x89, 0xA4)];

/// Check the starts `at + k` whose bit `k` is set in `marks`.
fn check(bytes: &[u8], at: usize, mut marks: u32, out: &mut Vec<(usize, ListWord)>) {
    while marks != 0 {
        let start = at + marks.trailing_zeros() as usize;
        if let Some(w) = word_at(bytes, start) {
            out.push((start, w));
        }
        marks &= marks - 1;
    }
}

/// [`scan`] sixteen starts at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn scan_sse2(bytes: &[u8], out: &mut Vec<(usize, ListWord)>) -> usize {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let [u, d, l] = SECONDS.map(|(b1, b4)| {
        (
            _mm_set1_epi8(b1.cast_signed()),
            _mm_set1_epi8(b4.cast_signed()),
        )
    });
    let mut at = 0;
    // Starts `at..at + 16` need bytes up to `at + 20`.
    while at + 20 <= bytes.len() {
        // SAFETY: unaligned loads of bytes `at + 1..at + 17` and
        // `at + 4..at + 20`, within `bytes` (checked above).
        let (x1, x4) = unsafe {
            let p = bytes.as_ptr().add(at);
            (
                _mm_loadu_si128(p.add(1).cast()),
                _mm_loadu_si128(p.add(4).cast()),
            )
        };
        let hit = |(b1, b4)| _mm_and_si128(_mm_cmpeq_epi8(x1, b1), _mm_cmpeq_epi8(x4, b4));
        let any = _mm_or_si128(_mm_or_si128(hit(u), hit(d)), hit(l));
        check(bytes, at, _mm_movemask_epi8(any).cast_unsigned(), out);
        at += 16;
    }
    at
}

/// [`scan`] thirty-two starts at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn scan_avx2(bytes: &[u8], out: &mut Vec<(usize, ListWord)>) -> usize {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8,
    };
    let [u, d, l] = SECONDS.map(|(b1, b4)| {
        (
            _mm256_set1_epi8(b1.cast_signed()),
            _mm256_set1_epi8(b4.cast_signed()),
        )
    });
    let mut at = 0;
    // Starts `at..at + 32` need bytes up to `at + 36`.
    while at + 36 <= bytes.len() {
        // SAFETY: unaligned loads of bytes `at + 1..at + 33` and
        // `at + 4..at + 36`, within `bytes` (checked above).
        let (x1, x4) = unsafe {
            let p = bytes.as_ptr().add(at);
            (
                _mm256_loadu_si256(p.add(1).cast()),
                _mm256_loadu_si256(p.add(4).cast()),
            )
        };
        let hit = |(b1, b4)| _mm256_and_si256(_mm256_cmpeq_epi8(x1, b1), _mm256_cmpeq_epi8(x4, b4));
        let any = _mm256_or_si256(_mm256_or_si256(hit(u), hit(d)), hit(l));
        check(bytes, at, _mm256_movemask_epi8(any).cast_unsigned(), out);
        at += 32;
    }
    at
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every start, checked one by one.
    fn slowly(bytes: &[u8]) -> Vec<(usize, ListWord)> {
        (0..bytes.len())
            .filter_map(|k| word_at(bytes, k).map(|w| (k, w)))
            .collect()
    }

    /// [`list_words`] by the SSE2 pass (the one taken without AVX2).
    fn by_sse2(bytes: &[u8]) -> Vec<(usize, ListWord)> {
        let mut out = Vec::new();
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of every x86-64 CPU.
        let done = unsafe { scan_sse2(bytes, &mut out) };
        #[cfg(not(target_arch = "x86_64"))]
        let done = 0;
        out.extend((done..bytes.len()).filter_map(|k| word_at(bytes, k).map(|w| (k, w))));
        out
    }

    #[test]
    fn the_words_are_found_at_every_place_of_a_run_and_in_the_tail() {
        let filler = "市科技局会同有关";
        for word in ["单位", "部门", "牵头"] {
            for before in 0..40 {
                let text = format!("{}{word}{}", "a".repeat(before), filler);
                let found = list_words(text.as_bytes());
                assert_eq!(found, slowly(text.as_bytes()), "{text}");
                assert_eq!(by_sse2(text.as_bytes()), found, "{text}");
                assert_eq!(found.len(), 1, "{text}");
                assert_eq!(found.first().map(|f| f.0), Some(before), "{text}");
            }
        }
    }

    #[test]
    fn near_misses_are_not_words() {
        // 单价 shares 单's bytes, 位于 starts with 位; 部分/门口 likewise.
        let text = "单价位于部分门口牵引头部单 位部\u{3000}门";
        assert!(list_words(text.as_bytes()).is_empty());
        assert_eq!(
            list_words("（市科技局牵头，责任单位：市财政局；配合部门：市人社局）".as_bytes())
                .into_iter()
                .map(|(_, w)| w)
                .collect::<Vec<_>>(),
            [ListWord::Lead, ListWord::Unit, ListWord::Dept]
        );
    }

    proptest! {
        #[test]
        fn one_pass_finds_what_a_byte_by_byte_look_finds(
            parts in proptest::collection::vec(
                prop_oneof!["单位", "部门", "牵头", "单", "位", "部", "门", "牵", "头", "市", "a", "，", "\n"],
                0..80,
            )
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(list_words(text.as_bytes()), slowly(text.as_bytes()));
            prop_assert_eq!(by_sse2(text.as_bytes()), slowly(text.as_bytes()));
        }
    }
}
