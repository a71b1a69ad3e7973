//! A progress bar on stderr for long batches (an ingest of many files):
//! shown only on a terminal, for more than [`FEW`] items, and never with
//! `--json` or `--quiet` (the caller says so with `wanted`).

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::tr;

/// Batches of at most this many items show no bar.
pub const FEW: usize = 3;

/// A progress bar, or nothing when it is not to be shown.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` items, shown when `wanted`, `total` > [`FEW`] and
    /// stderr is a terminal.
    pub fn new(total: usize, wanted: bool) -> Progress {
        let shown = wanted && total > FEW && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(tr("登记", "ingest"));
            bar
        });
        Progress { bar }
    }

    /// Item `index` (from 0), the file `path`, is being worked on.
    pub fn file(&self, index: usize, path: &Path) {
        if let Some(bar) = &self.bar {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let name = crate::terminal::visible(&name).into_owned();
            bar.set_position(index as u64);
            bar.set_message(name);
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
