//! Issue 11 item 3: one clause style, per workspace. Messages, pages and
//! papers cite clauses as the draft being worked on labels them — 第七条 in
//! a draft written 第X条, 第7条 in a draft numbered “7.” — never as some
//! other workspace of the same process (`serve --root`) does.

use crate::harness::Ws;
use crate::serve::Server;

pub const NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Relabel the example's consulted draft 1. … 10. as 第一条 … 第十条 and
/// commit it, so the workspace `dir` of `ws` is clean and its style is
/// 第X条.
pub fn relabel_chinese(ws: &Ws, dir: &str) {
    relabel(ws, dir, |n, rest| format!("第{}条　{rest}", NUMBERS[n - 1]));
    let shown = ws.run(&["show", "v1", "--json", "-C", dir]).ok().json();
    assert_eq!(shown["clauses"][6]["label"], "第七条", "{shown}");
}

/// Relabel the example's consulted draft's clauses 1. … 10. with
/// `label(number, text after the label)` and commit it, so the workspace
/// `dir` of `ws` is clean.
pub fn relabel(ws: &Ws, dir: &str, label: impl Fn(usize, &str) -> String) {
    let file = ws.join(dir).join("drafts/v1.md");
    let draft = std::fs::read_to_string(&file).expect("draft");
    let relabelled: Vec<String> = draft
        .lines()
        .map(|l| {
            let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
            match (digits.parse::<usize>(), l[digits.len()..].strip_prefix('.')) {
                (Ok(n @ 1..=10), Some(rest)) if !digits.is_empty() => label(n, rest),
                _ => l.to_string(),
            }
        })
        .collect();
    std::fs::write(&file, relabelled.join("\n") + "\n").expect("write");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(ws.join(dir))
            .output()
            .expect("git");
        assert!(out.status.success(), "{out:?}");
    };
    git(&["add", "drafts/v1.md"]);
    git(&["commit", "-q", "-m", "relabelled"]);
}

/// Two replies on clause 7 changing the same words differently; returns
/// the two opinion ids.
fn two_clashing_opinions(ws: &Ws) -> (String, String) {
    let reply = |file: &str, dept: &str, to: &str| {
        let body = format!(
            "---\ndepartment: {dept}\nreceived: 2023-05-25 10:00\n---\n第七条：建议将“最高200万元的奖励”修改为“{to}”。\n"
        );
        let path = ws.write(file, body);
        ws.run(&["ingest", path.to_str().unwrap(), "--json"])
            .ok()
            .json()[0]["opinions"][0]["id"]
            .as_str()
            .expect("opinion id")
            .to_string()
    };
    (
        reply("in/a.md", "市发改委", "最高300万元的奖励"),
        reply("in/b.md", "市工信局", "最高100万元的奖励"),
    )
}

/// decide and revise errors on clause 7, in Chinese and English, with
/// nothing written; `cited` is how the draft's style cites clause 7.
fn errors_cite(ws: &Ws, cited: &str, other: &str) {
    let (a, b) = two_clashing_opinions(ws);
    let before = ws.snapshot();
    let bad_replace = |lang: &str| {
        let args = ["--lang", lang, "decide", &a, "partial", "--replace"];
        ws.run(&[&args[..], &["没有的文字", "别的"]].concat())
            .code_is(2)
            .stderr()
    };
    let err = bad_replace("zh");
    assert!(err.contains(&format!("{cited}中没有“没有的文字”")), "{err}");
    assert!(!err.contains(other), "{err}");
    let err = bad_replace("en");
    assert!(err.contains("clause 7 has no “没有的文字”"), "{err}");
    assert_eq!(ws.snapshot(), before, "nothing written");

    ws.run(&["decide", &a, "adopt"]).ok();
    ws.run(&["decide", &b, "adopt"]).ok();
    let before = ws.snapshot();
    let run = ws.run(&["--lang", "zh", "revise"]).code_is(2);
    let err = run.stderr();
    assert!(err.contains(&format!("修改冲突：{cited}中")), "{err}");
    assert!(!err.contains(other), "{err}");
    assert_eq!(ws.snapshot(), before, "nothing written");

    // The CLI lists cite the same way (narrow table: the clause under the id).
    let list = ws
        .run_env(
            &["--lang", "zh", "opinions", "--clause", "7"],
            &[("COLUMNS", "80")],
        )
        .ok()
        .stdout();
    assert!(list.contains(&format!("│ {cited}")), "{list}");
    assert!(!list.contains(&format!("│ {other}")), "{list}");
}

#[test]
fn decide_and_revise_errors_cite_di_qi_tiao_in_a_di_x_tiao_draft() {
    let ws = Ws::example();
    relabel_chinese(&ws, ".");
    errors_cite(&ws, "第七条", "第7条");
}

#[test]
fn decide_and_revise_errors_cite_di_7_tiao_in_a_numbered_draft() {
    let ws = Ws::example();
    errors_cite(&ws, "第7条", "第七条");
}

#[test]
fn serve_root_pages_cite_each_workspace_in_its_own_style() {
    let root = Ws::empty();
    root.run(&["init", "甲轮", "--example"]).ok();
    root.run(&["init", "乙轮", "--example"]).ok();
    relabel_chinese(&root, "甲轮");
    let server = Server::start(&root, &["--root", "."]);
    let mut c = server.client();
    let jia = "/c/%E7%94%B2%E8%BD%AE";
    let yi = "/c/%E4%B9%99%E8%BD%AE";
    // Alternate the two workspaces: nothing of one may stick to the other.
    for _ in 0..2 {
        for (site, cited, other) in [(jia, "第五条", "第5条"), (yi, "第5条", "第五条")] {
            let page = c.get(&format!("{site}/opinions"));
            assert_eq!(page.status, 200, "{}", page.body);
            // The card's clause and the clause filter's option.
            assert!(
                page.body.matches(cited).count() >= 2,
                "{site} {cited}:\n{}",
                page.body
            );
            assert!(!page.body.contains(other), "{site} {other}:\n{}", page.body);
            // A decision the clause cannot take: the error cites the
            // clause in this workspace's style, nothing is written.
            let before = root.snapshot();
            let fields = [
                ("csrf", page.field("csrf")),
                ("head", page.field("head")),
                ("id", "7160df06-1".to_string()),
                ("disposition", "partial".to_string()),
                ("replace_from", "没有的文字".to_string()),
                ("replace_to", "别的".to_string()),
                ("reason", "部分采纳".to_string()),
            ];
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = c.post_form(&format!("{site}/opinions/decide"), &fields);
            assert_eq!(r.status, 422, "{}", r.body);
            assert!(
                r.body.contains(&format!("{cited}中没有“没有的文字”")),
                "{site}: {}",
                r.body
            );
            assert_eq!(root.snapshot(), before, "nothing written");
        }
    }
}
