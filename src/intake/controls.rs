//! Invisible characters that must never reach a draft: C0 and C1 control
//! characters (ESC, BEL, VT, …; tab and line feed excepted) and the bidi
//! embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069)
//! that make text display in another order than it is stored. A reply
//! pasted from a terminal, Word or a PDF can carry them; in an opinion's
//! proposed replacement text they would be written into the draft by
//! `revise`. Intake removes them from every text of an opinion — a
//! terminal escape sequence (ESC [ 31 m, ESC ] 0 ; title BEL) whole — and
//! says which it removed.

use crate::intake::RawOpinion;
use crate::opinion::Edit;

/// Whether `c` is removed: a control character other than tab and line
/// feed, or a bidi embedding, override or isolate mark.
pub fn is_unwanted(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The unwanted characters of `text`, each once, in order of appearance.
pub fn found(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars().filter(|&c| is_unwanted(c)) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `raw` with the unwanted characters removed from its text, edits,
/// quotes, reason, author and anchor, and the characters removed (each
/// once).
pub fn strip(raw: &RawOpinion) -> (RawOpinion, Vec<char>) {
    let mut removed: Vec<char> = Vec::new();
    let mut clean = |text: &str| -> String {
        for c in found(text) {
            if !removed.contains(&c) {
                removed.push(c);
            }
        }
        without(text)
    };
    let mut out = raw.clone();
    out.text = clean(&raw.text);
    out.quoted = raw.quoted.iter().map(|q| clean(q)).collect();
    out.edits = raw
        .edits
        .iter()
        .map(|e| match e {
            Edit::AddUnit { unit } => Edit::AddUnit { unit: clean(unit) },
            Edit::RemoveUnit { unit } => Edit::RemoveUnit { unit: clean(unit) },
            Edit::Replace { from, to } => Edit::Replace {
                from: clean(from),
                to: clean(to),
            },
            Edit::Delete { text } => Edit::Delete { text: clean(text) },
        })
        .collect();
    out.reason = raw.reason.as_deref().map(&mut clean);
    out.author = raw.author.as_deref().map(&mut clean);
    out.anchor = raw.anchor.as_deref().map(&mut clean);
    (out, removed)
}

/// `text` without terminal escape sequences (CSI `ESC [ … final`, OSC
/// `ESC ] … BEL` or `ESC ] … ESC \\`, and `ESC x` for x an ASCII
/// character from space to `_`), then without any other unwanted
/// character.
pub fn without(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            if !is_unwanted(c) {
                out.push(c);
            }
            continue;
        }
        match chars.next_if(|n| (' '..='_').contains(n)) {
            Some('[') => {
                // Parameters and intermediates, then one final byte @–~.
                for n in chars.by_ref() {
                    if ('@'..='~').contains(&n) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(n) = chars.next() {
                    if n == '\u{7}' {
                        break;
                    }
                    if n == '\u{1b}' {
                        chars.next_if_eq(&'\\');
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The characters named for a message: `U+001B (ESC)、U+202E (RLO)`.
pub fn describe(chars: &[char]) -> String {
    chars
        .iter()
        .map(|&c| match name(c) {
            Some(n) => format!("U+{:04X} ({n})", c as u32),
            None => format!("U+{:04X}", c as u32),
        })
        .collect::<Vec<_>>()
        .join(crate::i18n::tr("、", ", "))
}

fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL",
        '\u{7}' => "BEL",
        '\u{8}' => "BS",
        '\u{B}' => "VT",
        '\u{C}' => "FF",
        '\r' => "CR",
        '\u{1B}' => "ESC",
        '\u{7F}' => "DEL",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_marks_are_removed_and_named() {
        let raw = RawOpinion {
            text: "建议改为“签证\u{1b}]0;x\u{7}”\u{202e}。\n第二行\t完".into(),
            edits: vec![Edit::Replace {
                from: "出入境".into(),
                to: "出入境、签证\u{1b}[31m".into(),
            }],
            ..RawOpinion::default()
        };
        let (clean, removed) = strip(&raw);
        assert_eq!(clean.text, "建议改为“签证”。\n第二行\t完");
        assert_eq!(
            clean.edits,
            [Edit::Replace {
                from: "出入境".into(),
                to: "出入境、签证".into()
            }]
        );
        assert_eq!(removed, ['\u{1b}', '\u{7}', '\u{202e}']);
        assert!(describe(&removed).contains("U+001B (ESC)"));
    }
}
