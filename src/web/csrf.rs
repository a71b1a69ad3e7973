//! CSRF tokens: every state-changing request is a POST carrying the
//! session's token (a form field, or the `X-CSRF-Token` header for the
//! upload script). The token is an HMAC of the session's nonce under the
//! server key, so it cannot be made without the cookie the browser keeps
//! HttpOnly and SameSite=Strict.

use super::auth::{Session, hex, mac, unhex};
use hmac::Mac;

/// The form field and header carrying the token.
pub const FIELD: &str = "csrf";
pub const HEADER: &str = "x-csrf-token";

/// The CSRF token of a session.
pub fn token(key: &[u8; 32], session: &Session) -> String {
    hex(&mac(key, &[b"csrf", session.nonce.as_bytes()])
        .finalize()
        .into_bytes())
}

/// Whether `token` is the session's CSRF token (compared in constant time).
pub fn valid(key: &[u8; 32], session: &Session, token: &str) -> bool {
    unhex(token).is_some_and(|t| {
        mac(key, &[b"csrf", session.nonce.as_bytes()])
            .verify_slice(&t)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_bound_to_its_session() {
        let key = [3u8; 32];
        let (a, _) = super::super::auth::new_session(&key, None, 0);
        let (b, _) = super::super::auth::new_session(&key, None, 0);
        let t = token(&key, &a);
        assert!(valid(&key, &a, &t));
        assert!(!valid(&key, &b, &t));
        assert!(!valid(&key, &a, ""));
        assert!(!valid(&key, &a, "zz"));
    }
}
