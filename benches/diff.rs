//! Benchmark of `consult diff` on generated Chinese drafts.
//!
//! `cargo bench --bench diff` generates drafts of 1 MB and 10 MB written the
//! way the Suzhou draft is (numbered clauses with 责任单位, 政策来源 and
//! 新增资金测算), edits 1% and 10% of their clauses (amounts, responsible
//! units, rewritten and added sentences, funding; one clause inserted near
//! the start so that every later clause is renumbered), and times the
//! library's parse + diff + JSON rendering (one thread; the CLI reads the
//! two drafts on two threads), next to git's word diff of the same pair
//! run as a process, and their ratio.
//!
//! It also runs the other usual shape: a regulation written one clause per
//! line (第N条 …), clause texts repeating as they do in long regulations,
//! 2% of the clauses edited (a number, a phrase, a list item).
//!
//! And a regulation as offices write one (tester11's drafts): clauses
//! labelled in Chinese numerals (第一百二十三条), a chapter heading every 500
//! clauses, a 责任单位 list in one clause of eight, an 附件 line, the
//! sender and the date; 2% of the clauses edited as above.
//!
//! `cargo bench --bench diff -- gen DIR MB PERCENT [lines|reg]` only writes
//! the pair of drafts to DIR/a.md and DIR/b.md (for scripts/bench-diff.sh).
//!
//! `cargo bench --bench diff -- race RUNS OUT -- A… -- B…` runs the two
//! commands in turn, RUNS times each, each in OUT's folder with its
//! standard output going to the new file OUT (removed before the clock
//! starts), and prints the
//! median wall time of each in milliseconds and the ratio of the medians
//! (for scripts/bench-diff.sh: no shell, `date` or `time` process in the
//! timed span, which added 5–13 ms to both sides).

use std::hint::black_box;
use std::time::{Duration, Instant};

use consult::diff::describe::chinese_number;
use consult::diff::render_json::write_sides;
use consult::diff::{By, sides_from_markdown};

/// Characters the generated text is made of (common in policy documents).
const POOL: &str = "支持创新发展企业项目平台建设科技人才产业资金政策推动加快加强完善服务体系机制重点领域研究开发技术成果转化应用示范区域协同合作园区载体培育引进团队资助奖励补贴给予最高按照相关规定实施管理部门单位机构组织开展提升能力水平质量国际合作交流数字经济智能制造生物医药新材料能源环境保护";

const UNITS: [&str; 8] = [
    "市科技局",
    "市工信局",
    "市发改委",
    "市财政局",
    "市教育局",
    "市商务局",
    "市金融监管局",
    "市市场监管局",
];

/// A small deterministic generator (PCG-like LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sentence(rng: &mut Rng, pool: &[char]) -> String {
    let len = 14 + rng.below(30);
    let mut s: String = (0..len)
        .map(|_| pool.get(rng.below(pool.len())).copied().unwrap_or('策'))
        .collect();
    if rng.below(3) == 0 {
        s.push_str(&format!("，给予最高{}万元资助", (1 + rng.below(9)) * 100));
    }
    s.push('。');
    s
}

fn clause(rng: &mut Rng, pool: &[char], n: usize) -> String {
    let title: String = (0..8)
        .map(|_| pool.get(rng.below(pool.len())).copied().unwrap_or('策'))
        .collect();
    let mut body = format!("{n}.支持{title}。");
    for _ in 0..(8 + rng.below(8)) {
        body.push_str(&sentence(rng, pool));
    }
    let units: Vec<&str> = (0..(2 + rng.below(3)))
        .map(|_| {
            UNITS
                .get(rng.below(UNITS.len()))
                .copied()
                .unwrap_or("市科技局")
        })
        .collect();
    body.push_str(&format!(
        "（责任单位：{}，各县级市（区）人民政府<管委会>）",
        units.join("、")
    ));
    format!(
        "{body}\n\n政策来源：《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕{}号）\n\n新增资金测算：{}万元\n\n",
        1 + rng.below(90),
        rng.below(5) * 1000
    )
}

/// The clauses of a draft of about `bytes` bytes.
fn clauses(bytes: usize, seed: u64) -> Vec<String> {
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut size = 0;
    while size < bytes {
        let c = clause(&mut rng, &pool, out.len() + 1);
        size += c.len();
        out.push(c);
    }
    out
}

fn document(clauses: &[String]) -> String {
    let mut doc = String::from(
        "# 关于进一步支持科技创新的若干政策\n\n（征求意见稿）\n\n为深入贯彻落实创新驱动发展战略，制定如下政策。\n\n",
    );
    // Numbered by position (so an insertion renumbers every later clause);
    // `1.` as in the Suzhou draft up to 999 clauses, `第1000条` beyond.
    let article = clauses.len() > 999;
    for (i, c) in clauses.iter().enumerate() {
        let body = c.split_once('.').map(|(_, b)| b).unwrap_or(c);
        if article {
            doc.push_str(&format!("第{}条 {body}", i + 1));
        } else {
            doc.push_str(&format!("{}.{body}", i + 1));
        }
    }
    doc.push_str("本政策自发布之日起实施，有效期为三年。\n");
    doc
}

/// Edit `percent`% of the clauses in four ways, and insert one clause.
fn edit(clauses: &[String], percent: usize, seed: u64) -> Vec<String> {
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = Rng(seed ^ 0x5eed);
    let mut out = clauses.to_vec();
    for (k, i) in edited_at(clauses.len(), percent).enumerate() {
        let Some(c) = out.get_mut(i) else { continue };
        *c = match k % 4 {
            0 if c.contains("00万元资助") => c.replacen("00万元资助", "50万元资助", 1),
            1 => c.replacen("，各县级市", "、市人社局，各县级市", 1),
            2 => {
                // Rewrite the second sentence.
                let mut parts: Vec<String> = c.split('。').map(str::to_string).collect();
                if let Some(p) = parts.get_mut(1) {
                    *p = sentence(&mut rng, &pool).trim_end_matches('。').to_string();
                }
                parts.join("。")
            }
            _ => c.replacen("新增资金测算：", "新增资金测算：1", 1),
        };
    }
    out.insert(out.len().min(3), clause(&mut rng, &pool, 0));
    out
}

/// The pair of drafts: about `mb` MB, `percent`% of clauses edited.
fn pair(mb: usize, percent: usize) -> (String, String) {
    let base = clauses(mb * 1_000_000, 42 + mb as u64);
    let edited = edit(&base, percent, 7 + percent as u64);
    (document(&base), document(&edited))
}

/// Sentences long regulations repeat from clause to clause.
const STOCK: [&str; 12] = [
    "市科技局会同有关部门做好相关工作",
    "各县级市（区）人民政府<管委会>应当按照本规定落实配套资金",
    "对符合条件的企业给予最高300万元资助",
    "具体办法由市科技局会同市财政局另行制定",
    "资助资金按照1:1比例由市、区两级财政共同承担",
    "对新认定的高新技术企业给予一次性奖励",
    "鼓励社会资本参与重大科技基础设施建设",
    "支持高校、科研院所与企业共建新型研发机构",
    "研发费用加计扣除比例为15%",
    "对年度考核优秀的给予10%～30%的奖励",
    "违反本规定的，由有关部门依法予以处理",
    "本规定自2024年1月1日起施行",
];

/// A draft written one clause per line (第N条 …), its sentences drawn
/// from a small stock so clause texts repeat as in long regulations.
fn line_clauses(bytes: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    let mut size = 0;
    while size < bytes {
        let n = 1 + rng.below(4);
        let body: Vec<&str> = (0..n)
            .map(|_| STOCK.get(rng.below(STOCK.len())).copied().unwrap_or("。"))
            .collect();
        let c = format!("{}。", body.join("；"));
        size += c.len() + 12;
        out.push(c);
    }
    out
}

fn line_document(clauses: &[String]) -> String {
    let mut doc = String::from("# 苏州市科技创新促进条例\n\n（征求意见稿）\n\n");
    for (i, c) in clauses.iter().enumerate() {
        doc.push_str(&format!("第{}条　{c}\n", i + 1));
    }
    doc
}

/// Which of `len` clauses [`line_edit`] edits: `percent`% of them (at
/// least one), spread evenly.
fn edited_at(len: usize, percent: usize) -> impl Iterator<Item = usize> {
    let count = (len * percent / 100).max(1);
    let step = (len / count).max(1);
    (0..len).step_by(step).take(count)
}

/// Edit `percent`% of the line clauses: a number, a phrase, a list item.
fn line_edit(clauses: &[String], percent: usize) -> Vec<String> {
    let mut out = clauses.to_vec();
    for (k, i) in edited_at(clauses.len(), percent).enumerate() {
        let Some(c) = out.get_mut(i) else { continue };
        *c = match k % 3 {
            0 if c.contains("300万元") => c.replacen("300万元", "250万元", 1),
            1 if c.contains("高校、") => c.replacen("高校、", "", 1),
            _ => c.replacen("有关部门", "相关部门", 1),
        };
    }
    out
}

/// The pair of one-clause-per-line drafts: about `mb` MB, `percent`% of
/// clauses edited.
fn line_pair(mb: usize, percent: usize) -> (String, String) {
    let base = line_clauses(mb * 1_000_000, 99 + mb as u64);
    let edited = line_edit(&base, percent);
    (line_document(&base), line_document(&edited))
}

/// A regulation's clauses: the one-per-line stock, with a 责任单位 list
/// in one clause of eight.
fn reg_clauses(bytes: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    line_clauses(bytes, seed)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            if i % 8 != 3 {
                return c;
            }
            let units: Vec<&str> = (0..3)
                .map(|k| {
                    UNITS
                        .get((rng.below(UNITS.len()) + k) % UNITS.len())
                        .copied()
                        .unwrap_or("市科技局")
                })
                .collect();
            format!("{c}（责任单位：{}）", units.join("、"))
        })
        .collect()
}

/// A regulation as offices write one (see the module's note).
fn reg_document(clauses: &[String], date: &str) -> String {
    let mut doc = String::from("苏州市科技创新促进条例\n\n（征求意见稿）\n\n");
    for (i, c) in clauses.iter().enumerate() {
        if i % 500 == 0 {
            let chapter = i / 500 + 1;
            doc.push_str(&format!(
                "第{}章　第{chapter}部分\n\n",
                chinese_number(chapter as u32)
            ));
        }
        doc.push_str(&format!("第{}条　{c}\n", chinese_number(i as u32 + 1)));
    }
    doc.push_str(&format!(
        "\n附件：1.申报表、2.承诺书\n\n苏州市科学技术局\n{date}\n"
    ));
    doc
}

/// Edit `percent`% of a regulation's clauses as [`line_edit`] does, every
/// one of them: a clause with no number, list item or phrase to change
/// gets a phrase added at its end.
fn reg_edit(clauses: &[String], percent: usize) -> Vec<String> {
    let mut out = line_edit(clauses, percent);
    for i in edited_at(clauses.len(), percent) {
        if let (Some(c), Some(was)) = (out.get_mut(i), clauses.get(i))
            && c == was
        {
            *c = c.replacen("。", "，并加强监督管理。", 1);
        }
    }
    out
}

/// The pair of regulations: about `mb` MB, `percent`% of clauses edited,
/// the date changed.
fn reg_pair(mb: usize, percent: usize) -> (String, String) {
    // The labels and lists make the text about a sixth longer.
    let base = reg_clauses(mb * 858_000, 7 + mb as u64);
    let edited = reg_edit(&base, percent);
    (
        reg_document(&base, "2026年11月1日"),
        reg_document(&edited, "2026年12月1日"),
    )
}

/// The pair of drafts of `shape` (`para`, `lines` or `reg`).
fn shaped_pair(shape: &str, mb: usize, percent: usize) -> (String, String) {
    match shape {
        "lines" => line_pair(mb, percent),
        "reg" => reg_pair(mb, percent),
        _ => pair(mb, percent),
    }
}

/// Parse, diff and render JSON once; the JSON size.
fn once(a: &str, b: &str) -> usize {
    let (old, new, _) = sides_from_markdown(("a.md", a), ("b.md", b));
    let mut out = Vec::with_capacity(a.len() * 4);
    let _ = write_sides(&old, &new, By::Char, &mut out);
    out.len()
}

/// The median wall time of `git diff --no-index --word-diff=porcelain
/// --word-diff-regex=.` on the pair written to a temporary folder, or None
/// without git.
fn git_time(a: &str, b: &str, runs: usize) -> Option<Duration> {
    let dir = std::env::temp_dir().join(format!("consult-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    std::fs::write(dir.join("a.md"), a).ok()?;
    std::fs::write(dir.join("b.md"), b).ok()?;
    let run = || {
        std::process::Command::new("git")
            .args([
                "diff",
                "--no-index",
                "--word-diff=porcelain",
                "--word-diff-regex=.",
            ])
            .args([dir.join("a.md"), dir.join("b.md")])
            .stdout(std::process::Stdio::null())
            .status()
    };
    run().ok()?;
    let (_, median) = time(runs, || {
        let _ = run();
    });
    let _ = std::fs::remove_dir_all(&dir);
    Some(median)
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let min = times.first().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    (min, median)
}

fn bench() {
    println!(
        "consult diff: parse both drafts (one thread) + align + redline + JSON (two threads), release build"
    );
    println!("git: `git diff --no-index --word-diff=porcelain --word-diff-regex=.` as a process");
    println!(
        "{:>6} {:>5} {:>8} {:>8} {:>10} {:>10} {:>12} {:>12} {:>10} {:>7}",
        "size",
        "shape",
        "edited",
        "units",
        "min",
        "median",
        "parse only",
        "JSON bytes",
        "git",
        "ratio"
    );
    for (mb, runs) in [(1usize, 21usize), (10, 7)] {
        for (shape, percent) in [("para", 1usize), ("para", 10), ("lines", 2), ("reg", 2)] {
            let (a, b) = shaped_pair(shape, mb, percent);
            let clauses = consult::diff::side("a.md", &a).units.len();
            let json = once(&a, &b);
            let (min, median) = time(runs, || {
                black_box(once(black_box(&a), black_box(&b)));
            });
            let (_, parse) = time(runs, || {
                black_box(consult::diff::side("a.md", black_box(&a)));
                black_box(consult::diff::side("b.md", black_box(&b)));
            });
            let git = git_time(&a, &b, runs);
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "{:>5}M {:>5} {:>7}% {:>8} {:>8.1}ms {:>8.1}ms {:>10.1}ms {:>12} {:>10} {:>7}",
                mb,
                shape,
                percent,
                clauses,
                ms(min),
                ms(median),
                ms(parse),
                json,
                git.map_or("-".into(), |g| format!("{:.1}ms", ms(g))),
                git.map_or("-".into(), |g| format!("{:.2}", ms(median) / ms(g)))
            );
        }
    }
}

/// `race RUNS OUT -- A… -- B…`: "<median A ms> <median B ms> <A/B>".
fn race(args: &[String]) -> Result<String, String> {
    let usage = "usage: race RUNS OUT -- A… -- B…";
    let runs: usize = args.first().and_then(|r| r.parse().ok()).ok_or(usage)?;
    let out = std::path::PathBuf::from(args.get(1).ok_or(usage)?);
    let rest = args.get(2..).ok_or(usage)?;
    let mut commands = rest.split(|a| a == "--").skip(1);
    let (a, b) = (commands.next().ok_or(usage)?, commands.next().ok_or(usage)?);
    if a.is_empty() || b.is_empty() {
        return Err(usage.into());
    }
    let mut times = [Vec::new(), Vec::new()];
    for k in 0..runs {
        // Each goes first in every other pair, so a change in the
        // machine's load weighs on both alike.
        let order = if k % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let command = if i == 0 { a } else { b };
            times[i].push(run_once(command, &out)?);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let (ma, mb) = (median(&mut times[0]), median(&mut times[1]));
    Ok(format!("{ma:.1} {mb:.1} {:.2}", ma / mb))
}

/// One run of `command`, its output to a new `out`: the wall time in ms.
fn run_once(command: &[String], out: &std::path::Path) -> Result<f64, String> {
    let _ = std::fs::remove_file(out);
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let (program, args) = command.split_first().ok_or("an empty command")?;
    let dir = out.parent().unwrap_or(std::path::Path::new("."));
    let t = Instant::now();
    std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(file)
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    Ok(t.elapsed().as_secs_f64() * 1e3)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("race") {
        match race(&args[1..]) {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("gen") {
        let dir = args.get(1).cloned().unwrap_or_else(|| ".".into());
        let mb = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
        let percent = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
        let (a, b) = shaped_pair(args.get(4).map_or("para", String::as_str), mb, percent);
        let dir = std::path::Path::new(&dir);
        if let Err(e) = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(dir.join("a.md"), a))
            .and_then(|_| std::fs::write(dir.join("b.md"), b))
        {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        return;
    }
    bench();
}
