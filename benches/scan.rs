//! Reading a 2-page scan: `consult ingest --dry-run` on the image-only PDF
//! of the two-page letter from the generated scan corpus (200 dpi, red seal,
//! rotation, noise, JPEG) — the whole process timed, OCR of both pages
//! included. Target (issue 14): ≤ 10 s on 2 cores.
//!
//! Run: `cargo bench --bench scan` (needs soffice, poppler-utils,
//! tesseract-ocr-chi-sim and imagemagick; prints SKIP otherwise). It
//! prints min / median / max and the file, for timing again with
//! `/usr/bin/time -v target/release/consult ingest --dry-run … FILE` (or
//! `hyperfine`).

#[path = "../tests/integration/scan_corpus.rs"]
#[allow(dead_code)]
mod scan_corpus;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn main() {
    if let Some(tool) = scan_corpus::missing_tool() {
        println!("SKIP: scan bench: {tool} is not installed");
        return;
    }
    let Some(corpus) = scan_corpus::corpus("scan bench") else {
        return;
    };
    let letter = &scan_corpus::LETTERS[2];
    let file = corpus.file(letter, "scan.pdf");
    let exe = env!("CARGO_BIN_EXE_consult");
    let ws = tempfile::tempdir().expect("temp dir");
    let init = Command::new(exe)
        .args(["init", ".", "--example"])
        .current_dir(ws.path())
        .stdout(Stdio::null())
        .status()
        .expect("init");
    assert!(init.success());
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(exe)
                .args(["ingest", "--dry-run", "--received", "2023-05-24 10:00"])
                .arg(&file)
                .current_dir(ws.path())
                .output()
                .expect("ingest");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "2-page scan ({}): min {:.2?} median {:.2?} max {:.2?} over {RUNS} runs",
        file.display(),
        times[0],
        times[RUNS / 2],
        times[RUNS - 1]
    );
    println!("workspace kept for timing again: {}", ws.keep().display());
}
