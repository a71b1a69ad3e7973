//! `consult serve` at scale: a 1000-body workspace with 2000 opinions, the
//! real binary serving on a loopback port. Times the overview and the
//! opinions page as the client sees them (request to last byte, over
//! loopback: an upper bound on server time), then 50 concurrent clients on
//! the overview, counting errors.
//!
//! Run: `cargo bench --bench serve` (release build).
//! Targets (issue 12): overview ≤ 100 ms, opinions ≤ 200 ms, 50 concurrent
//! clients without errors. Also prints the server's CPU time per request
//! (from /proc), which a loaded machine does not inflate as it does wall time.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/round.rs"]
mod round;
use round::{ms, report};

const RUNS: usize = 21;
const CLIENTS: usize = 50;
const PER_CLIENT: usize = 10;

fn main() {
    let exe = env!("CARGO_BIN_EXE_consult");
    let dir = tempfile::tempdir().expect("temp dir");
    let files = round::workspace(dir.path(), "，并给予场地保障", |i| {
        let c = 1 + i % 10;
        let d = 1 + (i + 3) % 10;
        format!(
            "第{c}条：建议将“最高{c}00万元”修改为“最高{c}50万元”。\n\n第{d}条：建议删除“并给予场地保障”。\n"
        )
    });
    let ok = Command::new(exe)
        .arg("-C")
        .arg(dir.path())
        .arg("ingest")
        .args(&files)
        .stdout(Stdio::null())
        .status()
        .expect("ingest")
        .success();
    assert!(ok, "ingest failed");
    let mut server = Command::new(exe)
        .arg("-C")
        .arg(dir.path())
        .args(["serve", "--port", "0", "--now", "2023-05-29 09:00"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line[line.find("http://").unwrap()..]
        .trim()
        .trim_end_matches('/')
        .to_string();
    let agent = ureq::AgentBuilder::new().build();
    let get = |agent: &ureq::Agent, path: &str| -> (u16, usize) {
        match agent.get(&format!("{base}{path}")).call() {
            Ok(r) => {
                let status = r.status();
                let mut body = Vec::new();
                r.into_reader().read_to_end(&mut body).unwrap();
                (status, body.len())
            }
            Err(ureq::Error::Status(s, _)) => (s, 0),
            Err(_) => (0, 0),
        }
    };
    for (what, path, target) in [
        ("overview of 1000 bodies", "/c/_/", 100),
        ("opinions page, 2000 opinions", "/c/_/opinions", 200),
    ] {
        let (status, bytes) = get(&agent, path);
        assert_eq!(status, 200, "{path}");
        let cpu_before = cpu_ticks(server.id());
        let mut samples: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                let (s, _) = get(&agent, path);
                assert_eq!(s, 200);
                t.elapsed()
            })
            .collect();
        let cpu = cpu_ticks(server.id()).saturating_sub(cpu_before) as f64 * 10.0 / RUNS as f64;
        report(
            &format!("{what} ({} KB)", bytes / 1024),
            &mut samples,
            Duration::from_millis(target),
        );
        println!("  server CPU time per request (user+system, /proc): {cpu:.0} ms");
    }
    let start = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let base = base.clone();
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new().build();
                (0..PER_CLIENT)
                    .filter(|_| {
                        agent
                            .get(&format!("{base}/c/_/"))
                            .call()
                            .map(|r| {
                                let ok = r.status() == 200;
                                let mut sink = Vec::new();
                                ok && r.into_reader().read_to_end(&mut sink).is_ok()
                            })
                            .unwrap_or(false)
                    })
                    .count()
            })
        })
        .collect();
    let ok: usize = handles.into_iter().map(|h| h.join().unwrap_or(0)).sum();
    let total = CLIENTS * PER_CLIENT;
    println!(
        "{CLIENTS} concurrent clients × {PER_CLIENT} overviews: {ok}/{total} answered 200, {} errors, {:.0} ms in all ({:.1} requests/s)",
        total - ok,
        ms(start.elapsed()),
        total as f64 / start.elapsed().as_secs_f64()
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// The server's user+system CPU time in clock ticks (1/100 s), from /proc.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of stat; here 11 and 12 after the name.
    field(11) + field(12)
}
