//! Fuzz target `reply`: any bytes, as a reply file could hold them, through
//! every reader of replies — decoding, e-mail, free text and the whole
//! reply parser. None of them may panic, hang or run out of memory.
#![no_main]

use std::path::Path;

use consult::intake::{decode, eml, freetext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::looks_binary(data);
    if let Ok(decoded) = decode::decode_text(data) {
        let _ = freetext::extract(&decoded.text);
    }
    // Free text straight from bytes that happen to be UTF-8.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = freetext::extract(text);
    }
    let _ = eml::looks_like_email(data);
    if let Ok(mail) = eml::parse_email(data) {
        let _ = freetext::extract(&mail.body);
        for attachment in &mail.attachments {
            if let Ok(decoded) = decode::decode_text(&attachment.bytes) {
                let _ = freetext::extract(&decoded.text);
            }
        }
    }
    let _ = consult::intake::parse_reply(data, Path::new("fuzz-input"));
});
