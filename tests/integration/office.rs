//! LibreOffice in tests: every conversion goes through [`convert`], which
//! runs one soffice at a time across the whole test binary (a process-wide
//! mutex) and across test binaries (a lock file), each run with its own
//! fresh user profile, checks that the output file exists, retries once,
//! and otherwise fails with soffice's own output.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
static RUNS: AtomicUsize = AtomicUsize::new(0);

/// The soffice (or libreoffice) program on PATH.
pub fn soffice() -> Option<PathBuf> {
    which("soffice").or_else(|| which("libreoffice"))
}

/// A program on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// Convert `file` to `format` (`pdf`, `docx`) into `out_dir` and return the
/// path of the written file; `Err` holds soffice's own message (after one
/// retry).
pub fn convert(file: &Path, format: &str, out_dir: &Path) -> Result<PathBuf, String> {
    let soffice = soffice().ok_or("soffice is not installed")?;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let lock = File::create(std::env::temp_dir().join("consult-tests-soffice.lock"))
        .map_err(|e| e.to_string())?;
    lock.lock().map_err(|e| e.to_string())?;
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let ext = format.split(':').next().unwrap_or(format);
    let target = out_dir.join(format!("{stem}.{ext}"));
    let mut last = String::new();
    for _ in 0..2 {
        let _ = std::fs::remove_file(&target);
        match run_once(&soffice, file, format, out_dir) {
            Ok(()) if target.is_file() => return Ok(target),
            Ok(()) => last = format!("soffice exited 0 but wrote no {}", target.display()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// One soffice run with a profile of its own; `Err` with its output.
fn run_once(soffice: &Path, file: &Path, format: &str, out_dir: &Path) -> Result<(), String> {
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let n = RUNS.fetch_add(1, Ordering::SeqCst);
    let profile_dir = profile
        .path()
        .join(format!("lo-{}-{n}", std::process::id()));
    let log = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let mut child = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile_dir.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(out_dir)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(log.reopen().map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("start soffice: {e}"))?;
    let started = Instant::now();
    let message = || std::fs::read_to_string(log.path()).unwrap_or_default();
    while started.elapsed() < Duration::from_secs(180) {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(format!("soffice failed ({status}): {}", message()))
            };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    Err(format!("soffice took over 3 minutes: {}", message()))
}

/// The text of each page of `pdf` (pdftotext per page), or `None` when
/// poppler-utils is not installed.
pub fn pdf_page_texts(pdf: &Path) -> Option<Vec<String>> {
    which("pdftotext")?;
    let info = Command::new("pdfinfo").arg(pdf).output().ok()?;
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())?;
    Some(
        (1..=pages)
            .map(|n| {
                let n = n.to_string();
                let out = Command::new("pdftotext")
                    .args(["-layout", "-f", &n, "-l", &n])
                    .arg(pdf)
                    .arg("-")
                    .output()
                    .expect("pdftotext");
                String::from_utf8_lossy(&out.stdout).into_owned()
            })
            .collect(),
    )
}

/// The pages of `file` rendered by LibreOffice, as text laid out by
/// pdftotext (one string a page); `None` with a visible SKIP line when
/// LibreOffice or poppler-utils is missing. Also writes page PNGs next to
/// the PDF when `CONSULT_KEEP_PAGES` names a folder (to look at them).
pub fn rendered_pages(file: &Path) -> Option<Vec<String>> {
    if soffice().is_none() {
        eprintln!(
            "SKIP: LibreOffice (soffice) is not installed; the rendered layout is not checked"
        );
        return None;
    }
    if which("pdftotext").is_none() || which("pdfinfo").is_none() {
        eprintln!("SKIP: poppler-utils is not installed; the rendered layout is not checked");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf =
        convert(file, "pdf", dir.path()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    if let Some(keep) = std::env::var_os("CONSULT_KEEP_PAGES") {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let _ = std::fs::copy(&pdf, Path::new(&keep).join(format!("{stem}.pdf")));
    }
    pdf_page_texts(&pdf)
}

/// The title lines at the top of a rendered first page (up to the first
/// blank line), trimmed.
pub fn title_lines_of(page: &str) -> Vec<String> {
    page.lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<String>())
        .collect()
}

/// Assert the printed title is `title`, broken only at sense boundaries.
pub fn assert_title_breaks_at_sense_boundaries(page: &str, title: &str) {
    let lines = title_lines_of(page);
    assert_eq!(lines.concat(), title, "title lines {lines:?}");
    let mut at = 0;
    for line in &lines[..lines.len().saturating_sub(1)] {
        at += line.chars().count();
        assert!(
            consult::docx::title_lines::is_sense_boundary(title, at),
            "the title breaks inside a word after “{line}”: {lines:?}"
        );
    }
}
