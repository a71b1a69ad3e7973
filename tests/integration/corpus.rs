//! The accuracy corpus (tests/corpus/replies/): replies written the way
//! departments write them — formal 复函 in many frames, numbered letters,
//! 原则同意 with suggestions, polarity and self-reference, reasons, new
//! clauses, forms (tabs, aligned columns, Markdown, HTML mail), forwarded
//! mail (Chinese and Outlook), RFC 2047 words split inside a character
//! (GBK and UTF-8, B and Q), CST dates, bad input — each with its expected
//! record in `NAME.expect.json`.
//!
//! One table test reads every reply through the binary (`ingest --dry-run
//! --json` on the example workspace), compares field by field (department,
//! received, late, no_objection, forwarded_by; per opinion clause, kind,
//! edits, opinion_reason, source; for bad input the exit code and each
//! quoted part of the message), prints the accuracy and fails below 100 %.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Ws, project_dir};

fn corpus_dir() -> PathBuf {
    project_dir().join("tests/corpus/replies")
}

/// Every reply of the corpus with its expected record, by name.
fn replies() -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(corpus_dir()).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".expect.json") {
            continue;
        }
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let expect = corpus_dir().join(format!("{stem}.expect.json"));
        let text = std::fs::read_to_string(&expect)
            .unwrap_or_else(|e| panic!("{}: {e}", expect.display()));
        let value: Value = serde_json::from_str(&text).expect("expected record is JSON");
        out.push((path, value));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Field comparisons of one reply: (right, total, what was wrong).
#[derive(Default)]
struct Score {
    right: usize,
    total: usize,
    wrong: Vec<String>,
}

impl Score {
    fn check(&mut self, field: &str, want: &Value, got: &Value) {
        self.total += 1;
        if want == got {
            self.right += 1;
        } else {
            self.wrong.push(format!("{field}: want {want}, got {got}"));
        }
    }
}

fn score(ws: &Ws, file: &Path, expect: &Value) -> Score {
    let mut args = vec![
        "ingest".to_string(),
        file.display().to_string(),
        "--dry-run".into(),
        "--json".into(),
    ];
    for a in expect["args"].as_array().expect("args") {
        args.push(a.as_str().expect("arg").to_string());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ws.run(&refs);
    let mut s = Score::default();
    if let Some(needles) = expect.get("error") {
        s.check("exit", &Value::from(2), &Value::from(run.code()));
        let err = run.stderr();
        for n in needles.as_array().expect("error needles") {
            let found = err.contains(n.as_str().unwrap_or(""));
            s.check(
                &format!("message quotes {n}"),
                &Value::Bool(true),
                &Value::Bool(found),
            );
        }
        return s;
    }
    s.check("exit", &Value::from(0), &Value::from(run.code()));
    if run.code() != 0 {
        s.wrong.push(run.stderr());
        return s;
    }
    let got = run.json()[0].clone();
    for field in [
        "department",
        "received",
        "late",
        "no_objection",
        "forwarded_by",
    ] {
        if let Some(want) = expect.get(field) {
            s.check(field, want, &got[field]);
        }
    }
    let want_ops = expect["opinions"].as_array().expect("opinions");
    let got_ops = got["opinions"].as_array().cloned().unwrap_or_default();
    s.check(
        "opinion count",
        &Value::from(want_ops.len()),
        &Value::from(got_ops.len()),
    );
    for (i, want) in want_ops.iter().enumerate() {
        let got = got_ops.get(i).cloned().unwrap_or(Value::Null);
        for (field, value) in want.as_object().expect("opinion") {
            s.check(&format!("opinion {} {field}", i + 1), value, &got[field]);
        }
    }
    s
}

#[test]
fn accuracy_corpus_reads_every_reply_right() {
    let ws = Ws::example();
    let replies = replies();
    assert!(
        replies.len() >= 60,
        "the corpus has {} replies",
        replies.len()
    );
    let (mut right, mut total, mut opinions) = (0, 0, 0);
    let mut report = String::new();
    for (file, expect) in &replies {
        let s = score(&ws, file, expect);
        right += s.right;
        total += s.total;
        opinions += expect["opinions"].as_array().map_or(0, Vec::len);
        let name = file.file_name().unwrap().to_string_lossy();
        let mark = if s.wrong.is_empty() { "ok " } else { "BAD" };
        report.push_str(&format!("{mark} {:>2}/{:<2} {name}\n", s.right, s.total));
        for w in &s.wrong {
            report.push_str(&format!("        {w}\n"));
        }
    }
    let percent = 100.0 * right as f64 / total as f64;
    report.push_str(&format!(
        "corpus: {} replies, {opinions} opinions expected, {right}/{total} fields right ({percent:.1} %)\n",
        replies.len()
    ));
    println!("{report}");
    assert_eq!(right, total, "accuracy below 100 %:\n{report}");
}
