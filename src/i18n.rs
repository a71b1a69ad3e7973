//! Messages in Chinese and English.
//!
//! The language is chosen once per process (`--lang`, else `LANG`); every
//! human-readable message is written with [`tr`] or the [`t!`](crate::t)
//! macro, which pick the Chinese or the English text. Official documents
//! (report, letter, 对照表) are always Chinese and do not go through here.

use std::sync::OnceLock;

/// A language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

impl Lang {
    /// The language the environment asks for: zh when `LANG` (or
    /// `LC_ALL`/`LC_MESSAGES`) starts with `zh`, else en.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// Set the process language; the first call wins.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

thread_local! {
    /// A language set for this thread by [`with_lang`] (one web request).
    static THREAD_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language of this thread's [`with_lang`], else the process language
/// (English until set).
pub fn lang() -> Lang {
    THREAD_LANG
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| *LANG.get().unwrap_or(&Lang::En))
}

/// Run `f` with messages on this thread in `lang` (the web application
/// answers each request in the language its reader asked for).
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let previous = THREAD_LANG.with(|l| l.replace(Some(lang)));
    let result = f();
    THREAD_LANG.with(|l| l.set(previous));
    result
}

/// Pick the text of the process language.
pub fn tr(zh: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `t!("中文 {}", "English {}", args…)`: a formatted message in the process language.
#[macro_export]
macro_rules! t {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Zh => format!($zh $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}
