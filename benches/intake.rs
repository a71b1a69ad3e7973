//! Intake at scale: 1000 replies from 1000 bodies ingested in one call, and
//! `status` over 1000 bodies — the whole `consult` process timed, in a
//! temporary workspace generated here.
//!
//! Run: `cargo bench --bench intake` (prints min / median / max of each).
//! Targets (issue 3): ingest ≤ 5 s, status ≤ 50 ms on a 2-core machine.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/round.rs"]
mod round;
use round::{BODIES, report};

const RUNS: usize = 5;

fn main() {
    let exe = env!("CARGO_BIN_EXE_consult");
    let mut ingest = Vec::new();
    let mut status = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = round::workspace(dir.path(), "", |i| {
            let c = 1 + i % 10;
            if i % 10 == 0 {
                "经研究，我单位无修改意见。".to_string()
            } else {
                format!("第{c}条：建议将“最高{c}00万元”修改为“最高{c}50万元”。\n")
            }
        });
        ingest.push(time(
            exe,
            dir.path(),
            &[&["ingest".to_string()], files.as_slice()].concat(),
        ));
        for _ in 0..3 {
            status.push(time(
                exe,
                dir.path(),
                &[
                    "status".into(),
                    "--json".into(),
                    "--now".into(),
                    "2023-05-29 09:00".into(),
                ],
            ));
        }
    }
    report(
        &format!("ingest {BODIES} replies (one call)"),
        &mut ingest,
        Duration::from_secs(5),
    );
    report(
        &format!("status over {BODIES} bodies"),
        &mut status,
        Duration::from_millis(50),
    );
}

fn time(exe: &str, dir: &Path, args: &[String]) -> Duration {
    let start = Instant::now();
    let status = Command::new(exe)
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run consult");
    let elapsed = start.elapsed();
    assert!(status.success(), "consult {:?} failed", args.first());
    elapsed
}
