//! The one error type of consult, and its mapping to exit codes.
//!
//! Every failure the tool reports is an [`Error`]. Errors about input carry
//! the file, the line and column where known, the offending value inside the
//! message, and a hint on how to fix it. `main` maps every error to exit
//! code 2 (bad usage or bad input: nothing was written).

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in which file a problem was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Position {
    pub fn file(path: impl AsRef<Path>) -> Self {
        Position {
            file: Some(path.as_ref().to_path_buf()),
            line: None,
            column: None,
        }
    }

    pub fn at(path: impl AsRef<Path>, line: usize, column: Option<usize>) -> Self {
        Position {
            file: Some(path.as_ref().to_path_buf()),
            line: Some(line),
            column,
        }
    }

    pub fn none() -> Self {
        Position::default()
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        Ok(())
    }
}

/// Every error consult reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad command-line usage (unknown version, conflicting flags, …).
    #[error("{message}{}", hint_suffix(.hint))]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// Bad input in a file: a malformed consult.yaml, reply or draft.
    #[error("{position}{message}{}", hint_suffix(.hint))]
    Input {
        position: Position,
        message: String,
        hint: Option<String>,
    },
    /// An operating-system error on a path.
    #[error("{action} {}: {source}", .path.display())]
    Io {
        action: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A git failure.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

fn hint_suffix(hint: &Option<String>) -> String {
    match hint {
        Some(h) => format!("\n  {}: {h}", crate::i18n::tr("提示", "hint")),
        None => String::new(),
    }
}

impl Error {
    /// A usage error with a message.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// An input error at a position.
    pub fn input(position: Position, message: impl Into<String>) -> Self {
        Error::Input {
            position,
            message: message.into(),
            hint: None,
        }
    }

    /// Attach (or replace) the hint of a usage or input error.
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        match &mut self {
            Error::Usage { hint, .. } | Error::Input { hint, .. } => *hint = Some(text.into()),
            _ => {}
        }
        self
    }

    /// Give an input error without a file the file it came from.
    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        if let Error::Input { position, .. } = &mut self
            && position.file.is_none()
        {
            position.file = Some(path.as_ref().to_path_buf());
        }
        self
    }

    /// An I/O error on a path, with what was being done (e.g. "failed to read").
    pub fn io(action: impl Into<String>, path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            action: action.into(),
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// Whether this is a write to a closed pipe (`consult status | head`):
    /// not an error worth reporting.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The process exit code for this error. Every error is 2: the command
    /// did not do its work and wrote nothing.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

/// The result type of consult.
pub type Result<T, E = Error> = std::result::Result<T, E>;
