//! The external programs reading PDFs, scans and old Word files need
//! (poppler's `pdftotext`/`pdfinfo`/`pdftoppm`/`pdfimages`, Tesseract,
//! LibreOffice), run with a time limit in a private temporary folder.
//!
//! A missing program is an input error (exit 2) that names the exact
//! `apt-get install` command; a program that runs past its time limit is
//! killed with its whole process group (LibreOffice forks) and reported.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Position, Result};
use crate::t;

/// One external program and the Debian packages that provide it.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub program: &'static str,
    /// Debian packages, space-separated, as given to `apt-get install`.
    pub packages: &'static str,
}

pub const PDFTOTEXT: Tool = Tool {
    program: "pdftotext",
    packages: "poppler-utils",
};
pub const PDFINFO: Tool = Tool {
    program: "pdfinfo",
    packages: "poppler-utils",
};
pub const PDFTOPPM: Tool = Tool {
    program: "pdftoppm",
    packages: "poppler-utils",
};
pub const PDFIMAGES: Tool = Tool {
    program: "pdfimages",
    packages: "poppler-utils",
};
pub const TESSERACT: Tool = Tool {
    program: "tesseract",
    packages: "tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng",
};
pub const SOFFICE: Tool = Tool {
    program: "soffice",
    packages: "libreoffice-writer-nogui",
};

/// What a finished program left: its exit status, stdout and stderr.
#[derive(Debug)]
pub struct Ran {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Tool {
    /// The exit-2 error for a missing program, naming the install command.
    pub fn missing(&self, path: &Path) -> Error {
        Error::input(
            Position::file(path),
            t!(
                "读取此文件需要 {}，但本机没有安装",
                "reading this file needs {}, which is not installed",
                self.program
            ),
        )
        .with_hint(t!(
            "安装：sudo apt-get install -y {}",
            "install it: sudo apt-get install -y {}",
            self.packages
        ))
    }

    /// Run the program with `args` in `dir`, killing it (and its children)
    /// after `limit`. `path` is the reply file, for messages.
    pub fn run(&self, args: &[&str], dir: &Path, limit: Duration, path: &Path) -> Result<Ran> {
        let out = dir.join(format!(".{}.out", self.program));
        let err = dir.join(format!(".{}.err", self.program));
        let open =
            |p: &Path| std::fs::File::create(p).map_err(|e| Error::io("failed to create", p, e));
        let mut command = Command::new(self.program);
        command
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(open(&out)?)
            .stderr(open(&err)?)
            .env("OMP_THREAD_LIMIT", "1");
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(self.missing(path)),
            Err(e) => return Err(Error::io("failed to run", Path::new(self.program), e)),
        };
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > limit => {
                    kill_group(&mut child);
                    return Err(self.timed_out(limit, path));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => return Err(Error::io("failed to wait for", Path::new(self.program), e)),
            }
        };
        Ok(Ran {
            success: status.success(),
            stdout: std::fs::read(&out).unwrap_or_default(),
            stderr: String::from_utf8_lossy(&std::fs::read(&err).unwrap_or_default()).into_owned(),
        })
    }

    fn timed_out(&self, limit: Duration, path: &Path) -> Error {
        Error::input(
            Position::file(path),
            t!(
                "{} 处理此文件超过 {} 秒，已中止",
                "{} took more than {} seconds on this file and was stopped",
                self.program,
                limit.as_secs()
            ),
        )
        .with_hint(crate::i18n::tr(
            "文件可能损坏或过于复杂；请对方重新导出或另存后再发送",
            "the file may be damaged or too complex; ask the sender to export or save it again",
        ))
    }
}

/// Kill a child and every process it started (its process group).
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let group = format!("-{}", child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A private temporary folder, removed with everything in it when dropped.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new, empty folder under the system's temporary folder.
    pub fn new() -> Result<Scratch> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!("consult-{}-{n}-{nanos}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(Scratch { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io("failed to create", &path, e)),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write `bytes` to `name` inside the folder; returns the file's path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let p = self.path.join(name);
        std::fs::write(&p, bytes).map_err(|e| Error::io("failed to write", &p, e))?;
        Ok(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_names_the_install_command() {
        let tool = Tool {
            program: "consult-no-such-program",
            packages: "consult-pkg",
        };
        let dir = Scratch::new().unwrap();
        let err = tool
            .run(&[], dir.path(), Duration::from_secs(1), Path::new("x.pdf"))
            .unwrap_err();
        let text = format!("{err}");
        assert!(text.contains("consult-no-such-program"), "{text}");
        assert!(text.contains("apt-get install -y consult-pkg"), "{text}");
    }

    #[test]
    fn a_slow_program_is_killed() {
        let tool = Tool {
            program: "sleep",
            packages: "coreutils",
        };
        let dir = Scratch::new().unwrap();
        let err = tool
            .run(
                &["30"],
                dir.path(),
                Duration::from_millis(200),
                Path::new("x"),
            )
            .unwrap_err();
        // Stopped at its limit, not run to its end (30 s): the error says so.
        assert!(format!("{err}").contains("sleep"), "{err}");
        assert!(format!("{err}").contains("was stopped"), "{err}");
    }

    #[test]
    fn scratch_folders_are_removed() {
        let dir = Scratch::new().unwrap();
        let kept = dir.path().to_path_buf();
        dir.write("a.txt", b"x").unwrap();
        drop(dir);
        assert!(!kept.exists());
    }
}
