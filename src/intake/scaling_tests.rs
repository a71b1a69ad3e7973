//! Every reply reader scales linearly: each adversarial shape (long runs of
//! quotes, thousands of numbered items, one long line, long 第…、第… chains,
//! runs of spaces, deeply nested HTML, 10k table rows, unclosed tags) is
//! read at n and 8n bytes in the same process, and the 8n run must take
//! less than 8 × 4 the time (half of quadratic's 64) of the n run (minimum of a few runs, so a
//! loaded machine does not fail it; no absolute time is asserted).

use std::path::Path;
use std::time::{Duration, Instant};

/// How much slower 8n may be than n: linear is 8, quadratic 64.
const MAX_RATIO: f64 = 8.0 * 4.0;
const RUNS: usize = 5;

fn fill(size: usize, unit: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < size {
        out.push_str(&unit(i));
        i += 1;
    }
    out
}

fn min_time(input: &[u8], read: &impl Fn(&[u8])) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            read(input);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Assert that reading `make(8n)` takes under `MAX_RATIO` × reading `make(n)`.
fn assert_linear(name: &str, n: usize, make: impl Fn(usize) -> String, read: impl Fn(&[u8])) {
    let small = make(n);
    let large = make(8 * n);
    let t1 = min_time(small.as_bytes(), &read).max(Duration::from_micros(200));
    let t8 = min_time(large.as_bytes(), &read);
    let ratio = t8.as_secs_f64() / t1.as_secs_f64();
    eprintln!("{name}: n {t1:?}, 8n {t8:?}, ratio {ratio:.1}");
    assert!(
        ratio < MAX_RATIO,
        "{name}: 8n took {ratio:.1}× n ({t1:?} → {t8:?})"
    );
}

fn read_reply(bytes: &[u8]) {
    let _ = super::parse_reply(bytes, Path::new("reply.md"));
}

const N: usize = 16_000;

fn eml(html: &str) -> String {
    format!(
        "From: a@b.cn\nTo: c@d.cn\nSubject: =?UTF-8?B?5Y+N6aaI?=\nDate: Sat, 20 May 2023 10:00:00 +0800\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n{html}"
    )
}

#[test]
fn many_quoted_replacements_read_linearly() {
    assert_linear(
        "replacements",
        N,
        |n| {
            fill(n, |i| {
                format!(
                    "第{}条：建议将“最高{}00万元”修改为“最高{}50万元”。\n",
                    1 + i % 10,
                    i % 10,
                    i % 10
                )
            })
        },
        read_reply,
    );
}

#[test]
fn thousands_of_numbered_items_read_linearly() {
    assert_linear(
        "numbered",
        N,
        |n| {
            fill(n, |i| {
                format!(
                    "{}. 建议第{}条增加“支持第{i}项工作”的表述。\n",
                    i + 1,
                    1 + i % 10
                )
            })
        },
        read_reply,
    );
}

#[test]
fn one_long_line_reads_linearly() {
    assert_linear(
        "one line",
        N,
        |n| fill(n, |i| format!("建议将“支持{i}”修改为“鼓励{i}”；")),
        read_reply,
    );
}

#[test]
fn long_runs_of_quotes_read_linearly() {
    assert_linear(
        "quotes",
        N,
        |n| {
            fill(n, |i| {
                if i % 50 == 0 {
                    "“a”\n".into()
                } else {
                    "“".into()
                }
            })
        },
        read_reply,
    );
    assert_linear(
        "quote pairs",
        N,
        |n| fill(n, |_| "“”‘’「」".into()),
        read_reply,
    );
}

#[test]
fn long_ordinal_chains_read_linearly() {
    // 第一、第二、… never closed by 条: each 第 used to re-read the chain.
    assert_linear(
        "ordinals",
        N,
        |n| fill(n, |_| "第一、第二、".into()),
        read_reply,
    );
    assert_linear(
        "ordinal refs",
        4 * N,
        |n| fill(n, |_| "第一、第二、".into()),
        |b| {
            let _ = crate::numbering::clause_refs(std::str::from_utf8(b).unwrap_or(""));
        },
    );
}

#[test]
fn runs_of_spaces_read_linearly() {
    assert_linear(
        "spaces",
        N,
        |n| fill(n, |_| format!("第五条{}五、建议\n", " ".repeat(200))),
        read_reply,
    );
    assert_linear(
        "spaced digits",
        N,
        |n| format!("苏州市教育局{}年5月", fill(n, |_| " 1".into())),
        read_reply,
    );
}

#[test]
fn deeply_nested_html_reads_linearly() {
    assert_linear(
        "nested html",
        8 * N,
        |n| {
            let depth = n / 11;
            eml(&format!(
                "{}第一条：建议将“支持”修改为“鼓励”。{}",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ))
        },
        read_reply,
    );
}

#[test]
fn ten_thousand_table_rows_read_linearly() {
    // 8n is about 10 000 rows.
    assert_linear(
        "table rows",
        N,
        |n| {
            eml(&format!(
                "<table>{}</table>",
                fill(n, |i| format!(
                    "<tr><td>{i}</td><td>第{}条</td><td>建议将“最高{}00万元”修改为“最高{}50万元”</td></tr>",
                    1 + i % 10,
                    i % 10,
                    i % 10
                ))
            ))
        },
        read_reply,
    );
}

#[test]
fn unclosed_tags_read_linearly() {
    // One long line of words and spaces: was quadratic (38 s at 125 KB).
    assert_linear(
        "unclosed tags",
        N,
        |n| {
            eml(&fill(n, |i| {
                if i % 3 == 0 {
                    "<!-- x ".into()
                } else {
                    "<p>建议<b".into()
                }
            }))
        },
        read_reply,
    );
    assert_linear(
        "html to text",
        4 * N,
        |n| {
            fill(n, |i| {
                if i % 3 == 0 {
                    "<!-- x ".into()
                } else {
                    "<p>建议<b".into()
                }
            })
        },
        |b| {
            let _ = super::eml::html_to_text(std::str::from_utf8(b).unwrap_or(""));
        },
    );
}
