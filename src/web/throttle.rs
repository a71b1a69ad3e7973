//! Sign-in throttling: after [`FREE_FAILURES`] wrong passwords in a row for
//! one user name, further attempts for that name are refused (HTTP 429,
//! without checking the password) for a wait that doubles with each further
//! failure, from [`FIRST_WAIT`] up to [`LONGEST_WAIT`]. A right password
//! clears the count. Counted per user name, so guessing one user's password
//! cannot lock out the others; names are capped at [`MAX_NAMES`] so a flood
//! of made-up names cannot grow memory. Monotonic time (`Instant`), not
//! `--now`: this is the server's protection, not the round's calendar.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords allowed in a row before the first wait.
pub const FREE_FAILURES: u32 = 5;
/// The first wait after [`FREE_FAILURES`] failures.
pub const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait.
pub const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// User names tracked at once (the oldest are forgotten beyond it).
pub const MAX_NAMES: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed sign-ins by user name.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Failures>>,
}

impl Throttle {
    /// How long `name` must still wait at `now` before a password is
    /// checked; `None` when an attempt may be made.
    pub fn wait(&self, name: &str, now: Instant) -> Option<Duration> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let f = map.get(name)?;
        let until = f.last + wait_after(f.count)?;
        (until > now).then(|| until - now)
    }

    /// Count a wrong password for `name` at `now`.
    pub fn failed(&self, name: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_NAMES && !map.contains_key(name) {
            let oldest = map
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
        let f = map.entry(name.to_string()).or_insert(Failures {
            count: 0,
            last: now,
        });
        f.count = f.count.saturating_add(1);
        f.last = now;
    }

    /// A right password for `name`: its count starts again.
    pub fn succeeded(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(name);
    }
}

/// The wait after `count` failures in a row (none up to FREE_FAILURES).
fn wait_after(count: u32) -> Option<Duration> {
    let over = count.checked_sub(FREE_FAILURES)?;
    let factor = 1u32 << over.min(10);
    Some((FIRST_WAIT * factor).min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_the_wait_doubles_up_to_the_cap() {
        let t = Throttle::default();
        let start = Instant::now();
        for i in 0..FREE_FAILURES {
            assert_eq!(t.wait("甲", start), None, "attempt {i}");
            t.failed("甲", start);
        }
        assert_eq!(t.wait("甲", start), Some(FIRST_WAIT));
        assert_eq!(t.wait("乙", start), None, "another user is not locked");
        assert_eq!(t.wait("甲", start + FIRST_WAIT), None);
        t.failed("甲", start + FIRST_WAIT);
        assert_eq!(t.wait("甲", start + FIRST_WAIT), Some(FIRST_WAIT * 2));
        for _ in 0..20 {
            t.failed("甲", start);
        }
        assert_eq!(t.wait("甲", start), Some(LONGEST_WAIT));
        t.succeeded("甲");
        assert_eq!(t.wait("甲", start), None);
    }

    #[test]
    fn made_up_names_do_not_grow_without_bound() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..MAX_NAMES + 50 {
            t.failed(&format!("u{i}"), now + Duration::from_millis(i as u64));
        }
        assert_eq!(t.failures.lock().unwrap().len(), MAX_NAMES);
        assert!(
            t.failures
                .lock()
                .unwrap()
                .contains_key(&format!("u{}", MAX_NAMES + 49))
        );
    }
}
