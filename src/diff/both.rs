//! The two drafts of a `diff`, read at once: FROM on a helper thread, TO
//! on the calling one.
//!
//! A helper thread may begin late: on a loaded two-CPU machine it waited
//! 1–4 ms for a CPU in most runs of a 1 MB diff, and the caller, done
//! with TO in 3.5 ms, waited for it. So FROM is taken by whichever thread
//! comes to it first: the caller reads it too when the helper has not
//! begun it by the time TO is read, and then does not wait for the
//! helper, which finds it taken and ends. The caller never finishes later
//! than by waiting: the helper, had it begun FROM after that moment,
//! would have ended later still.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use crate::error::{Error, Result};
use crate::i18n::tr;

use super::source::Source;
use super::units::Side;

/// What the two threads share: FROM, and its claim.
struct Shared {
    from: (String, Source),
    from_taken: AtomicBool,
}

impl Shared {
    /// Claim FROM: true for the first thread to ask only.
    fn take_from(&self) -> bool {
        !self.from_taken.swap(true, Ordering::AcqRel)
    }

    fn read_from(&self) -> Result<Side> {
        read(&self.from)
    }
}

/// Read FROM and TO (each a side with its alignment keys worked out).
pub fn read_both(from: &(String, Source), to: &(String, Source)) -> (Result<Side>, Result<Side>) {
    let shared = Arc::new(Shared {
        from: from.clone(),
        from_taken: AtomicBool::new(false),
    });
    let (done, arrived) = mpsc::channel();
    let helper = Arc::clone(&shared);
    crate::helper_thread::spawn_detached(move || {
        if helper.take_from() {
            let _ = done.send(helper.read_from());
        }
    });
    let new = read(to);
    let old = if shared.take_from() {
        shared.read_from()
    } else {
        arrived
            .recv()
            .unwrap_or_else(|_| Err(Error::usage(tr("读取草案失败", "failed to read the draft"))))
    };
    (old, new)
}

/// One side read, its body's alignment keys worked out on the reading
/// thread ([`Side::with_keys_ahead`]).
fn read((name, source): &(String, Source)) -> Result<Side> {
    source.load(name).map(Side::with_keys_ahead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &std::path::Path, name: &str, text: &str) -> (String, Source) {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        (name.to_string(), Source::File(path))
    }

    fn alone((name, source): &(String, Source)) -> Side {
        source
            .load(name)
            .map(Side::with_keys_ahead)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn both_sides_read_at_once_are_each_side_read_alone() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<String> = (1..=300)
            .map(|n| format!("第{n}条　对符合条件的企业给予最高{n}万元资助。"))
            .collect();
        let from = file(
            dir.path(),
            "a.md",
            &format!("# 办法\n\n{}\n", lines.join("\n")),
        );
        let to = file(
            dir.path(),
            "b.md",
            &format!("# 办法\n\n{}\n", lines[1..].join("\n")),
        );
        for _ in 0..20 {
            let (old, new) = read_both(&from, &to);
            assert_eq!(old.ok(), Some(alone(&from)));
            assert_eq!(new.ok(), Some(alone(&to)));
        }
    }

    #[test]
    fn a_side_that_cannot_be_read_is_its_own_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let to = file(dir.path(), "b.md", "# 办法\n\n第1条　内容。\n");
        let missing = ("a.md".to_string(), Source::File(dir.path().join("a.md")));
        let (old, new) = read_both(&missing, &to);
        assert!(old.is_err());
        assert_eq!(new.ok(), Some(alone(&to)));
        let (old, new) = read_both(&to, &missing);
        assert_eq!(old.ok(), Some(alone(&to)));
        assert!(new.is_err());
    }
}
