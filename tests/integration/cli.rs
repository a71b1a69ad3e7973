//! The command line as users of good tools expect (issue 13): tables that
//! fit the terminal, completions and man pages, a progress bar on a
//! terminal only, help with examples and exit codes, --version.

use unicode_width::UnicodeWidthStr;

use crate::harness::Ws;

/// A long opinion with CJK text, quotes and digits.
const LONG: &str = "建议将“最高1000万元”修改为“最高1500万元”。这是一条比较长的意见，用来检验在窄终端里表格能否在单元格内换行，而不会撑破边框或把整行折到下一行。";

/// The example workspace with several replies, one of them long.
fn workspace_with_replies() -> Ws {
    let ws = Ws::example();
    let departments = [
        "市发改委",
        "市教育局",
        "市工信局",
        "市交通局",
        "市外办",
        "市金融监管局",
    ];
    let mut files = Vec::new();
    for (i, d) in departments.iter().enumerate() {
        let name = format!("in/r{i}.md");
        ws.write(
            &name,
            format!("---\ndepartment: {d}\nreceived: 2023-05-25 1{i}:00\n---\n第二条：{LONG}\n"),
        );
        files.push(name);
    }
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(String::as_str));
    ws.run(&args).ok();
    ws
}

/// Every line of `text` is at most `width` display columns (CJK double),
/// and the lines of each table are all equally wide (a table broken by the
/// terminal would not be).
fn assert_fits(text: &str, width: usize, what: &str) {
    let mut table_width = None;
    for line in text.lines() {
        let w = line.width();
        assert!(
            w <= width,
            "{what}: a line of {w} columns > {width}:\n{line}\n---\n{text}"
        );
        let boxed = line.starts_with(['┌', '│', '╞', '├', '└']);
        if boxed {
            let first = *table_width.get_or_insert(w);
            assert_eq!(w, first, "{what}: uneven table line:\n{line}\n---\n{text}");
        } else {
            table_width = None;
        }
    }
}

#[test]
fn status_and_opinions_fit_60_100_and_160_columns() {
    let ws = workspace_with_replies();
    for width in [60usize, 100, 160] {
        let columns = width.to_string();
        for lang in ["en", "zh"] {
            let env = [("COLUMNS", columns.as_str())];
            let status = ws
                .run_env(
                    &["status", "--now", "2023-05-29 09:00", "--lang", lang],
                    &env,
                )
                .ok();
            assert_fits(
                &status.stdout(),
                width,
                &format!("status at {width} ({lang})"),
            );
            assert!(
                status.stdout().contains("市金融监管局"),
                "{}",
                status.stdout()
            );
            let opinions = ws.run_env(&["opinions", "--lang", lang], &env).ok();
            assert_fits(
                &opinions.stdout(),
                width,
                &format!("opinions at {width} ({lang})"),
            );
            assert!(
                opinions.stdout().contains("7160df06-1"),
                "{}",
                opinions.stdout()
            );
        }
    }
    // Narrower terminals take more lines: the long texts wrap in their cells.
    let lines = |w: &str| {
        ws.run_env(&["opinions"], &[("COLUMNS", w)])
            .ok()
            .stdout()
            .lines()
            .count()
    };
    assert!(lines("60") > lines("100") && lines("100") > lines("160"));
}

#[test]
fn below_60_columns_one_record_a_line_replaces_the_tables() {
    let ws = workspace_with_replies();
    for lang in ["en", "zh"] {
        let env = [("COLUMNS", "40")];
        let status = ws
            .run_env(
                &["status", "--now", "2023-05-29 09:00", "--lang", lang],
                &env,
            )
            .ok()
            .stdout();
        assert_fits(&status, 40, "status at 40");
        assert!(!status.contains('│') && status.contains("25. "), "{status}");
        assert!(status.contains("* "), "{status}");
        let opinions = ws
            .run_env(&["opinions", "--lang", lang], &env)
            .ok()
            .stdout();
        assert_fits(&opinions, 40, "opinions at 40");
        assert!(
            !opinions.contains('│') && opinions.contains("7160df06-1 · "),
            "{opinions}"
        );
    }
}

#[test]
fn into_a_pipe_tables_are_120_columns_and_json_is_unchanged() {
    let ws = workspace_with_replies();
    let status = ws.run(&["status", "--now", "2023-05-29 09:00"]).ok();
    assert_fits(&status.stdout(), 120, "status into a pipe");
    let opinions = ws.run(&["opinions"]).ok();
    assert_fits(&opinions.stdout(), 120, "opinions into a pipe");
    let wide_json = ws.run(&["opinions", "--json"]).ok().json();
    let narrow_json = ws
        .run_env(&["opinions", "--json"], &[("COLUMNS", "60")])
        .ok()
        .json();
    assert_eq!(wide_json, narrow_json);
    assert_eq!(wide_json[1]["text"], format!("第二条：{LONG}"));
}

#[test]
fn wide_shows_every_text_whole_on_one_line() {
    let ws = workspace_with_replies();
    let out = ws
        .run_env(&["opinions", "--wide"], &[("COLUMNS", "60")])
        .ok()
        .stdout();
    assert!(out.lines().any(|l| l.contains(LONG)), "{out}");
    assert!(out.lines().any(|l| l.width() > 160), "{out}");
}

#[test]
fn log_and_ingest_lines_wrap_on_a_terminal_and_stay_whole_into_a_pipe() {
    let ws = Ws::example();
    ws.write(
        "r.md",
        format!("---\ndepartment: 市外办\nreceived: 2023-05-25 10:00\n---\n第二条：{LONG}\n"),
    );
    let out = ws
        .run_env(&["ingest", "r.md", "--dry-run"], &[("COLUMNS", "60")])
        .ok()
        .stdout();
    assert_fits(&out, 60, "ingest at 60");
    let piped = ws.run(&["ingest", "r.md", "--dry-run"]).ok().stdout();
    assert!(piped.lines().any(|l| l.contains(LONG)), "{piped}");
    let log = ws.run_env(&["log"], &[("COLUMNS", "40")]).ok().stdout();
    assert_fits(&log, 40, "log at 40");
}

/// The subcommands of the clap definition (as the binary is built from it).
fn subcommands() -> Vec<String> {
    consult::cmd::help::command(consult::i18n::Lang::En)
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// The commands of the contract (DESIGN.md) that exist today; the ones
/// added later are covered through [`subcommands`].
const CONTRACT: &[&str] = &[
    "init",
    "show",
    "status",
    "ingest",
    "opinions",
    "decide",
    "revise",
    "diff",
    "report",
    "check",
    "letter",
    "export",
    "import",
    "log",
    "completions",
    "man",
];

/// `word` occurs in `text` with no letter, digit, `-` or `_` either side.
fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let apart =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
        apart(before) && apart(after)
    })
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let names = subcommands();
    for c in CONTRACT {
        assert!(
            names.iter().any(|n| n == c),
            "the contract's {c} is not a subcommand: {names:?}"
        );
    }
    let ws = Ws::empty();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = ws.run(&["completions", shell]).ok().stdout();
        for name in &names {
            assert!(mentions(&script, name), "{shell} completions lack {name}");
        }
        assert!(
            mentions(&script, "--lang") || mentions(&script, "lang"),
            "{shell}"
        );
    }
    ws.run(&["completions", "tcsh"]).code_is(2);
}

#[test]
fn the_man_page_names_every_subcommand_and_each_has_its_own() {
    let ws = Ws::empty();
    let page = ws.run(&["man"]).ok().stdout();
    assert!(page.contains(".TH consult 1"), "{page}");
    for name in subcommands() {
        assert!(
            page.contains(&format!("consult\\-{name}(1)")),
            "the man page lacks {name}"
        );
        let own = ws.run(&["man", &name]).ok().stdout();
        assert!(own.contains(&format!(".TH consult-{name} 1")), "{own}");
        assert!(own.contains("Exit codes"), "consult man {name}: {own}");
    }
    ws.run(&["man", "nosuch"]).fails_with(&["nosuch", "status"]);
}

/// Regression (tester, stop 8): the page listed consult-help(1), a page
/// that does not exist.
#[test]
fn the_man_page_lists_no_help_page_that_does_not_exist() {
    let ws = Ws::empty();
    let page = ws.run(&["man"]).ok().stdout();
    assert!(!page.contains("consult\\-help(1)"), "{page}");
    ws.run(&["man", "help"]).fails_with(&["help", "status"]);
}

#[test]
fn every_help_ends_with_examples_and_exit_codes_in_the_language_asked() {
    let ws = Ws::empty();
    for name in subcommands() {
        let en = ws.run(&[name.as_str(), "--help"]).ok().stdout();
        assert!(en.contains("Examples:\n  # "), "{name} --help:\n{en}");
        let tail = en
            .trim_end()
            .rsplit("Exit codes:")
            .next()
            .unwrap_or_default();
        assert!(
            en.contains("Exit codes:")
                && tail.contains("0  success")
                && tail.contains("2  bad usage"),
            "{name}:\n{en}"
        );
        assert!(
            en.contains(&format!("consult {name}")),
            "{name}: no example of itself\n{en}"
        );
        let zh = ws
            .run(&["--lang", "zh", name.as_str(), "--help"])
            .ok()
            .stdout();
        assert!(
            zh.contains("示例：") && zh.contains("退出码："),
            "{name} --help in zh:\n{zh}"
        );
        assert!(
            zh.contains("用法：") && zh.contains("选项：") && !zh.contains("Usage:"),
            "{name}:\n{zh}"
        );
        let zh_env = ws
            .run_env(&[name.as_str(), "-h"], &[("LANG", "zh_CN.UTF-8")])
            .ok()
            .stdout();
        assert!(
            zh_env.contains("退出码："),
            "{name} -h with LANG=zh_CN:\n{zh_env}"
        );
    }
    let check = ws.run(&["check", "--help"]).ok().stdout();
    assert!(
        check.contains("1  ran and found something to report"),
        "{check}"
    );
    let main = ws.run(&["--help"]).ok().stdout();
    assert!(main.contains("Exit codes:"), "{main}");
    let zh = ws.run(&["--lang", "zh", "--help"]).ok().stdout();
    assert!(
        zh.contains("各单位的反馈情况") && zh.contains("退出码："),
        "{zh}"
    );
    assert!(zh.contains("工作区目录"), "{zh}");
}

#[test]
fn version_names_the_version_and_the_commit() {
    let out = Ws::empty().run(&["--version"]).ok().stdout();
    let expected = format!("consult {} (commit ", env!("CARGO_PKG_VERSION"));
    assert!(out.starts_with(&expected), "{out}");
    let commit = out
        .trim_end()
        .trim_start_matches(&expected)
        .trim_end_matches(')');
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{out}"
    );
}

/// Run `consult ARGS` in `ws` on a pseudo-terminal (util-linux `script`);
/// None when `script` is not installed.
fn on_a_pty(ws: &Ws, args: &str) -> Option<String> {
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if script.is_err() {
        println!("SKIP: `script` (util-linux) is not installed: no pseudo-terminal");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("consult");
    let line = format!("'{}' {args}", bin.display());
    let mut script = std::process::Command::new("script");
    script
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(ws.path())
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("TERM", "xterm")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    let out = script.output().expect("run script");
    assert!(
        out.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(String::from_utf8_lossy(&out.stdout).to_string())
}

/// Six reply files in `ws` (more than a few).
fn six_replies(ws: &Ws) -> String {
    let departments = [
        "市发改委",
        "市教育局",
        "市工信局",
        "市交通局",
        "市外办",
        "市金融监管局",
    ];
    let mut names = Vec::new();
    for (i, d) in departments.iter().enumerate() {
        let name = format!("r{i}.md");
        ws.write(
            &name,
            format!("---\ndepartment: {d}\nreceived: 2023-05-25 1{i}:00\n---\n第二条：{LONG}\n"),
        );
        names.push(name);
    }
    names.join(" ")
}

#[test]
fn an_ingest_of_many_files_shows_a_progress_bar_on_a_terminal_only() {
    let ws = Ws::example();
    let files = six_replies(&ws);
    let Some(tty) = on_a_pty(&ws, &format!("ingest {files} --dry-run")) else {
        return;
    };
    assert!(
        tty.contains("ingest [") && tty.contains("/6"),
        "no progress bar on a terminal:\n{tty}"
    );
    assert!(tty.contains("r5.md: 市金融监管局"), "{tty}");
    let quiet = on_a_pty(&ws, &format!("ingest {files} --dry-run --quiet")).unwrap_or_default();
    assert!(!quiet.contains("/6"), "--quiet shows a bar:\n{quiet}");
    let json = on_a_pty(&ws, &format!("ingest {files} --dry-run --json")).unwrap_or_default();
    assert!(!json.contains("/6"), "--json shows a bar:\n{json}");
    let three = on_a_pty(&ws, "ingest r0.md r1.md r2.md --dry-run").unwrap_or_default();
    assert!(!three.contains("/3"), "a bar for three files:\n{three}");
    let args: Vec<&str> = ["ingest"].into_iter().chain(files.split(' ')).collect();
    let piped = ws.run(&args).ok();
    assert!(
        !piped.stderr().contains("ingest [") && !piped.stderr().contains("/6"),
        "{}",
        piped.stderr()
    );
    assert_eq!(
        piped
            .stdout()
            .lines()
            .filter(|l| l.starts_with('r'))
            .count(),
        6
    );
}

#[test]
fn a_control_character_in_an_opinion_is_made_visible_before_the_table_is_laid_out() {
    let ws = Ws::example();
    ws.write(
        "r.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-25 10:00\n---\n第二条：建议\u{1b}[31m删除“大科学装置等”，这是一条用来检验表格排版的较长意见。\n",
    );
    ws.run(&["ingest", "r.md"]).ok();
    for width in ["60", "100"] {
        let out = ws
            .run_env(&["opinions"], &[("COLUMNS", width)])
            .ok()
            .stdout();
        assert!(!out.contains('\u{1b}'), "{out}");
        assert_fits(
            &out,
            width.parse().unwrap(),
            "opinions with a control character",
        );
    }
    // Since intake strips control characters (tester §9), the escape
    // sequence never reached the recorded text at all.
    let wide = ws.run(&["opinions", "--wide"]).ok().stdout();
    assert!(wide.contains("建议删除“大科学装置等”"), "{wide}");
}

/// Regression (stop 8 note): clap's parse errors were English under
/// `--lang zh`; a control character in a bad argument reached the terminal.
#[test]
fn usage_errors_are_chinese_under_lang_zh_and_escape_controls() {
    let ws = Ws::empty();
    let run = ws
        .run(&["--lang", "zh", "status", "--bogus"])
        .fails_with(&["错误：无法识别的参数 “--bogus”", "用法：consult status"]);
    assert!(!run.stderr().contains("error:"), "{}", run.stderr());
    ws.run(&["--lang", "zh", "stauts"])
        .fails_with(&["没有名为 “stauts” 的命令", "“status”"]);
    ws.run(&["--lang", "en", "status", "--bogus"])
        .fails_with(&["unexpected argument '--bogus'"]);
    let run = ws
        .run(&["--lang", "zh", "status", "--x\u{1b}[2J"])
        .fails_with(&["错误"]);
    assert!(!run.stderr().contains('\u{1b}'), "{:?}", run.stderr());
}

/// tester9 M2: `--now` that is no time was refused by status and report
/// but ran diff, show and check. Every command refuses it, exit 2, with
/// the same message and hint, and writes nothing.
#[test]
fn t9_m2_a_now_that_is_no_time_is_refused_by_every_command() {
    let ws = Ws::example();
    let before = ws.snapshot();
    for args in [
        &["diff", "v1", "v1", "--now", "yesterday", "-o", "out.json"][..],
        &["--now", "2023-13-45", "diff", "v1", "v1"],
        &["--now", "yesterday", "show"],
        &["check", "--now", "yesterday"],
        &["--lang", "en", "status", "--now", "soon"],
    ] {
        let run = ws.run(args).code_is(2);
        let err = run.stderr();
        assert!(
            err.contains("--now") && err.contains("RFC 3339"),
            "{args:?}: {err}"
        );
        assert_eq!(ws.snapshot(), before, "{args:?} wrote something");
    }
    ws.run(&["diff", "v1", "v1", "--now", "2023-05-29 09:00"])
        .ok();
    ws.run(&["--now", "2023-05-29T09:00:00+08:00", "show"]).ok();
}

/// tester9 L3: `diff v1 v2 -o -` made a file named `-` in the workspace.
/// `-o -` is refused (exit 2, nothing written) with the way to standard
/// output; `-o ./-` still names such a file on purpose.
#[test]
fn t9_l3_output_dash_is_refused_not_a_file_named_dash() {
    let ws = Ws::example();
    let before = ws.snapshot();
    for args in [&["diff", "v1", "v1", "-o", "-"][..], &["report", "-o", "-"]] {
        let run = ws.run(args).code_is(2);
        assert!(run.stderr().contains("-o -"), "{args:?}: {}", run.stderr());
        assert_eq!(ws.snapshot(), before, "{args:?} wrote something");
    }
    ws.run(&["diff", "v1", "v1", "-o", "./-"]).ok();
    assert!(ws.join("-").is_file());
}

/// tester9 M1: `report -o 汇总表.xlsx` wrote the Markdown default into a
/// .xlsx (exit 0) and `diff -o d.html` a terminal redline. A file named
/// for another format of the command is refused, exit 2, nothing written,
/// with the --format to add; with it, the file is that format.
#[test]
fn t9_m1_an_output_named_for_another_format_is_refused() {
    let ws = Ws::example();
    let before = ws.snapshot();
    for (args, wanted) in [
        (&["report", "-o", "汇总表.xlsx"][..], "--format xlsx"),
        (&["diff", "v1", "v1", "-o", "d.html"], "--format html"),
        (&["letter", "-o", "函.docx"], "--format docx"),
    ] {
        let run = ws.run(args).code_is(2);
        assert!(run.stderr().contains(wanted), "{args:?}: {}", run.stderr());
        assert_eq!(ws.snapshot(), before, "{args:?} wrote something");
    }
    ws.run(&["report", "--format", "xlsx", "-o", "汇总表.xlsx"])
        .ok();
    let bytes = std::fs::read(ws.join("汇总表.xlsx")).unwrap_or_default();
    assert!(bytes.starts_with(b"PK"), "not an xlsx (zip)");
}
