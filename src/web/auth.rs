//! Users, sessions and sign-in.
//!
//! Users live in a text file of `NAME:HASH` lines, HASH an argon2id PHC
//! string (`consult serve --add-user NAME` writes it). A session is a
//! cookie `s1.<user hex>.<expiry>.<nonce>.<mac>`, signed with HMAC-SHA256
//! under a key drawn at start-up, sent HttpOnly and SameSite=Strict. On a
//! loopback bind without `--users` every visitor gets an anonymous session
//! (it still carries the CSRF nonce).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::t;

/// How long a session lasts, in seconds (12 hours).
pub const SESSION_SECONDS: i64 = 12 * 3600;
/// The session cookie's name.
pub const COOKIE: &str = "consult_session";

/// The users of `--users`: name → argon2 PHC hash.
#[derive(Debug, Clone, Default)]
pub struct Users {
    pub hashes: BTreeMap<String, String>,
}

impl Users {
    /// Read a users file; a malformed line is an error naming the line.
    pub fn load(path: &Path) -> Result<Users> {
        let text = crate::files::read_text(path)?;
        let mut hashes = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, hash)) = line.split_once(':') else {
                return Err(Error::input(
                    crate::error::Position::at(path, i + 1, None),
                    tr("不是 NAME:HASH 行", "not a NAME:HASH line"),
                )
                .with_hint(tr(
                    "用 consult serve --add-user NAME --users FILE 添加用户",
                    "add users with consult serve --add-user NAME --users FILE",
                )));
            };
            if PasswordHash::new(hash).is_err() {
                return Err(Error::input(
                    crate::error::Position::at(path, i + 1, None),
                    t!(
                        "用户 {} 的口令散列无法识别",
                        "user {}: the password hash is not understood",
                        name
                    ),
                ));
            }
            hashes.insert(name.to_string(), hash.to_string());
        }
        Ok(Users { hashes })
    }

    /// Whether `password` is `name`'s password.
    pub fn verify(&self, name: &str, password: &str) -> bool {
        let Some(hash) = self.hashes.get(name) else {
            // Spend the same work on unknown names.
            let _ = hash_password("x");
            return false;
        };
        PasswordHash::new(hash).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    }
}

/// An argon2id PHC string for `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    random(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::usage(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::usage(e.to_string()))
}

/// Fill `buf` from the operating system's random source.
pub fn random(buf: &mut [u8]) {
    // The OS source failing is not something to carry on from.
    getrandom::fill(buf).expect("the operating system's random source failed");
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The default users file: `$XDG_CONFIG_HOME/consult/users` (or `~/.config/…`).
pub fn default_users_file() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("consult").join("users")
}

/// `consult serve --add-user NAME [--users FILE]`.
pub fn add_user_command(name: &str, file: Option<&Path>, out: &mut dyn Write) -> Result<i32> {
    if name.is_empty() || name.contains([':', '\n', '\r']) || name.chars().any(char::is_control) {
        return Err(Error::usage(t!(
            "用户名“{}”不可用：不能为空，不能含冒号或控制字符",
            "user name “{}” is not usable: it must be non-empty, without colons or control characters",
            name
        )));
    }
    let path = file.map_or_else(default_users_file, Path::to_path_buf);
    let password = read_password()?;
    if password.chars().count() < 8 {
        return Err(Error::usage(tr(
            "口令至少 8 个字符",
            "the password needs at least 8 characters",
        )));
    }
    let mut lines: Vec<String> = if path.exists() {
        Users::load(&path)?;
        crate::files::read_text(&path)?
            .lines()
            .filter(|l| l.split_once(':').is_none_or(|(n, _)| n != name))
            .map(str::to_string)
            .collect()
    } else {
        vec!["# consult serve users: NAME:ARGON2-HASH".to_string()]
    };
    lines.push(format!("{name}:{}", hash_password(&password)?));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(tr("无法创建目录", "failed to create"), parent, e))?;
    }
    crate::files::write_atomic_private(&path, (lines.join("\n") + "\n").as_bytes())?;
    crate::printer::line(
        out,
        &t!(
            "已写入用户 {}（{}）",
            "user {} written to {}",
            name,
            path.display()
        ),
    )?;
    Ok(0)
}

/// The password: from the terminal without echo, or the first line of stdin.
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    if tty {
        eprint!("{}", tr("口令：", "password: "));
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if tty {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.map_err(|e| Error::io(tr("无法读取", "failed to read"), "<stdin>", e))?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// A verified session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The signed-in user (`None`: anonymous, on a loopback bind without users).
    pub user: Option<String>,
    /// Random per session; the CSRF token is derived from it.
    pub nonce: String,
}

type HmacSha256 = Hmac<Sha256>;

pub(super) fn mac(key: &[u8; 32], data: &[&[u8]]) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for d in data {
        m.update(d);
        m.update(&[0]);
    }
    m
}

/// A new session for `user`, and its cookie value.
pub fn new_session(key: &[u8; 32], user: Option<&str>, now: i64) -> (Session, String) {
    let mut nonce = [0u8; 16];
    random(&mut nonce);
    let session = Session {
        user: user.map(str::to_string),
        nonce: hex(&nonce),
    };
    let user_hex = hex(user.unwrap_or("").as_bytes());
    let expiry = (now + SESSION_SECONDS).to_string();
    let body = format!("s1.{user_hex}.{expiry}.{}", session.nonce);
    let sig = hex(&mac(key, &[body.as_bytes()]).finalize().into_bytes());
    (session, format!("{body}.{sig}"))
}

/// The session a cookie value stands for, if its signature holds and it has not expired.
pub fn verify_session(key: &[u8; 32], value: &str, now: i64) -> Option<Session> {
    let (body, sig) = value.rsplit_once('.')?;
    let sig = unhex(sig)?;
    mac(key, &[body.as_bytes()]).verify_slice(&sig).ok()?;
    let mut parts = body.split('.');
    let (version, user_hex, expiry, nonce) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if version != "s1" || parts.next().is_some() || expiry.parse::<i64>().ok()? < now {
        return None;
    }
    let user = String::from_utf8(unhex(user_hex)?).ok()?;
    Some(Session {
        user: (!user.is_empty()).then_some(user),
        nonce: nonce.to_string(),
    })
}

/// The `Set-Cookie` value for a session cookie.
pub fn cookie_header(value: &str) -> String {
    format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECONDS}")
}

/// The `Set-Cookie` value ending the session.
pub fn clear_cookie_header() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_cookie_verifies_and_a_tampered_one_does_not() {
        let key = [7u8; 32];
        let (s, value) = new_session(&key, Some("张三"), 1000);
        let back = verify_session(&key, &value, 1000).unwrap();
        assert_eq!(back.user.as_deref(), Some("张三"));
        assert_eq!(back.nonce, s.nonce);
        let tampered = value.replacen("s1.", "s1.00", 1);
        assert!(verify_session(&key, &tampered, 1000).is_none());
        assert!(verify_session(&[8u8; 32], &value, 1000).is_none());
        assert!(verify_session(&key, &value, 1000 + SESSION_SECONDS + 1).is_none());
    }

    #[test]
    fn a_password_hash_verifies() {
        let hash = hash_password("correct horse").unwrap();
        let users = Users {
            hashes: [("li".to_string(), hash)].into(),
        };
        assert!(users.verify("li", "correct horse"));
        assert!(!users.verify("li", "wrong"));
        assert!(!users.verify("wang", "correct horse"));
    }
}
