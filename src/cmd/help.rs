//! Help that teaches: the clap command of [`crate::cli::Cli`] with, at the
//! end of every subcommand's `--help`, one or two real examples and the exit
//! codes, in the language of `--lang` (else `LANG`).
//!
//! The same command feeds the parser, the shell completions and the man
//! pages ([`crate::completions`]), so all three say the same thing.

use std::ffi::OsString;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::i18n::Lang;

/// The language asked for on the command line (`--lang zh`, `--lang=en`),
/// before the command line is parsed; else the environment's ([`Lang::from_env`]).
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.to_string()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match value.as_deref() {
            Some("zh") => return Lang::Zh,
            Some("en") => return Lang::En,
            _ => {}
        }
    }
    Lang::from_env()
}

/// The clap command of consult with examples and exit codes in `lang`
/// after every subcommand's help, and the exit codes after the main help.
pub fn command(lang: Lang) -> clap::Command {
    let cmd = command_unbuilt(lang);
    if lang == Lang::Zh {
        chinese_help_command(cmd)
    } else {
        cmd
    }
}

/// [`command`] before it is built: without clap's `help` subcommand, which
/// may still be disabled (man pages do).
pub fn command_unbuilt(lang: Lang) -> clap::Command {
    let mut cmd = Cli::command().after_help(exit_codes(lang, None));
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let text = after_help(&name, lang);
        let about = (lang == Lang::Zh).then(|| about_zh(&name)).flatten();
        cmd = cmd.mut_subcommand(&name, |c| {
            let c = argument_help(fill_missing_help(c, lang), &name, lang);
            let c = if lang == Lang::Zh {
                chinese_flags(c, false)
            } else {
                c
            };
            match about {
                Some(about) => c.after_help(text).about(about),
                None => c.after_help(text),
            }
        });
    }
    if lang == Lang::Zh {
        for (id, help) in GLOBAL_ZH {
            if cmd.get_arguments().any(|a| a.get_id() == *id) {
                cmd = cmd.mut_arg(*id, |a| a.help(*help));
            }
        }
        cmd = cmd.about("征求意见：登记反馈、判断期限、处理意见、生成修改稿与对照、撰写汇总表");
        cmd = chinese_headings(chinese_flags(cmd, true));
    }
    cmd
}

/// `cmd`'s subcommand `name` with every argument's help from
/// [`ARG_HELP`]: the Chinese one under `zh`, the English one where the
/// definition has none. Done before the command is built (clap indexes
/// arguments when it builds).
fn argument_help(mut c: clap::Command, name: &str, lang: Lang) -> clap::Command {
    for (command, id, en, zh) in ARG_HELP {
        let Some(arg) = c.get_arguments().find(|a| a.get_id() == *id) else {
            continue;
        };
        if *command != name {
            continue;
        }
        let missing = arg.get_help().is_none_or(|h| h.to_string().is_empty());
        if lang == Lang::Zh {
            c = c.mut_arg(*id, |a| a.help(*zh));
        } else if missing {
            c = c.mut_arg(*id, |a| a.help(*en));
        }
    }
    c
}

/// clap's own -h/--help (and -V/--version when `version`) replaced by the
/// same flags with Chinese help.
fn chinese_flags(cmd: clap::Command, version: bool) -> clap::Command {
    use clap::{Arg, ArgAction};
    let cmd = cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助"),
    );
    if !version {
        return cmd;
    }
    cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本"),
    )
}

/// The built-in `help` subcommand's line in Chinese: `cmd` is built here
/// (the subcommand exists only then); only the subcommand's description is
/// changed afterwards, never an argument.
fn chinese_help_command(mut cmd: clap::Command) -> clap::Command {
    const ABOUT: &str = "显示本帮助，或指定命令的帮助";
    cmd.build();
    if cmd.find_subcommand("help").is_none() {
        return cmd;
    }
    cmd.mut_subcommand("help", |h| {
        let h = h.about(ABOUT);
        if h.find_subcommand("help").is_some() {
            h.mut_subcommand("help", |hh| hh.about(ABOUT))
        } else {
            h
        }
    })
}

/// Every subcommand argument's help: (command, argument id, English —
/// used where the definition has none, Chinese).
const ARG_HELP: &[(&str, &str, &str, &str)] = &[
    (
        "init",
        "dir",
        "Folder to create (default: current folder)",
        "要新建的目录（默认：当前目录）",
    ),
    (
        "init",
        "example",
        "Write the embedded Suzhou example consultation",
        "写入内置的苏州示例征求意见",
    ),
    (
        "show",
        "version",
        "Version (default: the version under consultation)",
        "版本（默认：正在征求意见的版本）",
    ),
    (
        "status",
        "missing",
        "Print only the bodies with no reply, one name a line",
        "只列出尚未反馈的单位，每行一个",
    ),
    (
        "ingest",
        "files",
        "Reply files (.md, .txt, .eml, .docx, .pdf, images)",
        "反馈文件（.md、.txt、.eml、.docx、.pdf、图片）",
    ),
    (
        "ingest",
        "department",
        "The department that sent the reply (any listed name or alias)",
        "来函单位（名单中的名称或别名）",
    ),
    (
        "ingest",
        "received",
        "When the reply was received (RFC 3339 or `YYYY-MM-DD HH:MM`)",
        "收到时间（RFC 3339 或 YYYY-MM-DD HH:MM）",
    ),
    (
        "ingest",
        "dry_run",
        "Read and report, write nothing",
        "只读取并报告，不写入任何内容",
    ),
    (
        "ingest",
        "no_commit",
        "Write the records but do not commit",
        "写入记录，但不提交",
    ),
    (
        "opinions",
        "clause",
        "Only opinions on this clause",
        "只列出该条的意见",
    ),
    (
        "opinions",
        "department",
        "Only opinions of this department",
        "只列出该单位的意见",
    ),
    (
        "opinions",
        "all",
        "Withdrawn opinions too",
        "包括已标记为非意见的",
    ),
    (
        "decide",
        "id",
        "Opinion id or a unique prefix of it",
        "意见编号或其唯一前缀",
    ),
    (
        "decide",
        "disposition",
        "adopt | partial | reject | note",
        "adopt（采纳）| partial（部分采纳）| reject（不采纳）| note（已知悉）",
    ),
    (
        "decide",
        "replace",
        "What is actually adopted: replace FROM with TO",
        "实际采纳的内容：把 FROM 改为 TO",
    ),
    (
        "decide",
        "add_unit",
        "What is actually adopted: add unit X to the clause's 责任单位",
        "实际采纳的内容：责任单位增加 X",
    ),
    (
        "decide",
        "remove_unit",
        "What is actually adopted: remove unit X from the clause's 责任单位",
        "实际采纳的内容：责任单位删去 X",
    ),
    (
        "decide",
        "delete",
        "What is actually adopted: delete TEXT",
        "实际采纳的内容：删去 TEXT",
    ),
    (
        "diff",
        "from",
        "From: a version (v1), a file path, or REV:PATH (default: the version under consultation)",
        "起始：版本（v1）、文件路径或 REV:PATH（默认：正在征求意见的版本）",
    ),
    (
        "diff",
        "to",
        "To (default: the latest version)",
        "目标（默认：最新版本）",
    ),
    (
        "diff",
        "by",
        "Compare by character, word or line",
        "比较的单位：字（char）、词（word）或行（line）",
    ),
    (
        "check",
        "version",
        "Version (default: the latest)",
        "版本（默认：最新版本）",
    ),
    (
        "import",
        "file",
        "The draft to take in (.md, .docx, .txt)",
        "要导入的稿子（.md、.docx、.txt）",
    ),
    (
        "import",
        "as_version",
        "The version name to give it, e.g. v2",
        "导入后的版本名，如 v2",
    ),
    (
        "serve",
        "root",
        "Serve every workspace found under DIR (a home page lists them)",
        "服务 DIR 下找到的所有工作区（首页列出）",
    ),
    (
        "serve",
        "bind",
        "Address to listen on (default 127.0.0.1); any non-loopback address needs --users",
        "监听地址（默认 127.0.0.1）；非本机地址须同时给出 --users",
    ),
    (
        "serve",
        "port",
        "Port (default 8080, or the next free one)",
        "端口（默认 8080，被占用时取下一个空闲端口）",
    ),
    (
        "serve",
        "users",
        "Users file (NAME:ARGON2-HASH lines); when given, every page needs a sign-in",
        "用户文件（每行 NAME:ARGON2-HASH）；给出时每个页面都须登录",
    ),
    (
        "serve",
        "open",
        "Open the browser at the URL",
        "在浏览器中打开该地址",
    ),
    (
        "serve",
        "add_user",
        "Add (or replace) user NAME in the users file; the password is read from the terminal, or from stdin",
        "在用户文件中添加（或替换）用户 NAME；密码从终端读取，或从标准输入读取",
    ),
    (
        "sync",
        "remote",
        "The remote (default: the branch's upstream, else origin)",
        "远程仓库（默认：当前分支的上游，否则 origin）",
    ),
    (
        "doctor",
        "fix",
        "Repair what is safe to repair, one commit per repair",
        "修复可安全修复的问题，每项修复一个提交",
    ),
    (
        "amend",
        "id",
        "Opinion id (or unique prefix), or a reply's 8-hex id",
        "意见编号（或唯一前缀），或一份反馈的 8 位十六进制编号",
    ),
    (
        "amend",
        "clause",
        "The clause it is about",
        "意见针对的条款",
    ),
    (
        "amend",
        "general",
        "About the draft as a whole",
        "针对草稿整体",
    ),
    (
        "amend",
        "new_clause",
        "Proposes a clause the draft does not have",
        "提出草稿中没有的新增条款",
    ),
    (
        "amend",
        "text",
        "The opinion's text as it should read",
        "意见应有的文字",
    ),
    (
        "amend",
        "replace",
        "Proposed edit: replace FROM with TO (replaces the edits read)",
        "建议的修改：把 FROM 改为 TO（取代识别出的修改）",
    ),
    (
        "amend",
        "delete",
        "Proposed edit: delete TEXT",
        "建议的修改：删除 TEXT",
    ),
    (
        "amend",
        "add_unit",
        "Proposed edit: add unit X to the clause's 责任单位",
        "建议的修改：责任单位增加 X",
    ),
    (
        "amend",
        "remove_unit",
        "Proposed edit: remove unit X from the clause's 责任单位",
        "建议的修改：责任单位删去 X",
    ),
    (
        "amend",
        "no_edits",
        "The opinion proposes no edit",
        "该意见没有提出具体修改",
    ),
    (
        "amend",
        "reason",
        "The department's reason for the opinion",
        "来函单位提出该意见的理由",
    ),
    (
        "amend",
        "department",
        "Reply: the department that sent it",
        "反馈：来函单位",
    ),
    (
        "amend",
        "received",
        "Reply: when it was received (RFC 3339 or `YYYY-MM-DD HH:MM`)",
        "反馈：收到时间（RFC 3339 或 YYYY-MM-DD HH:MM）",
    ),
    (
        "withdraw",
        "id",
        "Opinion id or a unique prefix of it",
        "意见编号或其唯一前缀",
    ),
    (
        "withdraw",
        "reason",
        "Why it is not an opinion (required)",
        "为什么不是意见（必填）",
    ),
    (
        "completions",
        "shell",
        "The shell: bash, zsh, fish, elvish or powershell",
        "shell 类型：bash、zsh、fish、elvish 或 powershell",
    ),
    (
        "man",
        "command",
        "A command (e.g. status): its own page, consult-COMMAND(1)",
        "某个命令（如 status）：单独生成 consult-COMMAND(1)",
    ),
];

/// `cmd` and its subcommands with Chinese section headings (clap's own
/// `-h`/`-V` texts stay English).
fn chinese_headings(mut cmd: clap::Command) -> clap::Command {
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}\n\n");
    if cmd.has_subcommands() {
        template.push_str("命令：\n{subcommands}\n\n");
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str("参数：\n{positionals}\n\n");
    }
    template.push_str("选项：\n{options}{after-help}");
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, chinese_headings);
    }
    cmd.help_template(template)
}

/// Common options that may be declared without a description:
/// (argument id, English, Chinese).
const COMMON: &[(&str, &str, &str)] = &[
    (
        "json",
        "JSON for programs (the contract's shape)",
        "以 JSON 输出（供程序使用）",
    ),
    (
        "output",
        "Write to FILE (atomically) instead of stdout",
        "写入 FILE（原子写入），而不是标准输出",
    ),
    ("format", "Output format", "输出格式"),
    (
        "dry_run",
        "Show what would be done; write nothing",
        "只显示将做什么，不写入任何内容",
    ),
    ("from", "From this version", "起始版本"),
    ("to", "To this version", "目标版本"),
    ("reason", "The reason, in words", "理由"),
    (
        "version",
        "A version, e.g. v1 (drafts/v1.md)",
        "版本，如 v1（drafts/v1.md）",
    ),
    ("file", "The file", "文件"),
    (
        "redline_from",
        "With tracked changes against version V",
        "带对照版本 V 的修订痕迹",
    ),
    (
        "remind",
        "A reminder to the bodies still without a reply",
        "给尚未反馈单位的催办通知",
    ),
];

/// Give the options of `cmd` declared without a description the common one.
fn fill_missing_help(mut cmd: clap::Command, lang: Lang) -> clap::Command {
    for (id, en, zh) in COMMON {
        let missing = cmd
            .get_arguments()
            .any(|a| a.get_id() == *id && a.get_help().is_none());
        if missing {
            let help = if lang == Lang::Zh { *zh } else { *en };
            cmd = cmd.mut_arg(*id, |a| a.help(help));
        }
    }
    cmd
}

/// The global options' help in Chinese (by argument id).
const GLOBAL_ZH: &[(&str, &str)] = &[
    (
        "dir",
        "工作区目录（默认：向上最近的含 consult.yaml 的目录）",
    ),
    (
        "now",
        "按此时刻评估（RFC 3339，或征求意见时区的 YYYY-MM-DD HH:MM）",
    ),
    ("lang", "提示信息和表格的语言（默认取自 LANG）"),
    (
        "color",
        "颜色：auto（不输出到管道；遵从 NO_COLOR）、always、never",
    ),
    (
        "wide",
        "表格按内容全宽显示，长文字不按终端宽度换行（COLUMNS 可指定宽度）",
    ),
    ("quiet", "不在 stderr 显示进度条"),
];

/// A subcommand's one-line description in Chinese (None: not translated;
/// the English one stays).
pub fn about_zh(name: &str) -> Option<&'static str> {
    Some(match name {
        "init" => "新建工作区（git 仓库、consult.yaml、drafts/、comments/）",
        "show" => "显示草稿结构：条款、责任单位、政策来源、资金",
        "status" => "各单位的反馈情况",
        "ingest" => "登记反馈（带 YAML 前言的 Markdown、纯文本、.eml、.docx）",
        "opinions" => "列出意见",
        "decide" => "对一条意见作出处理（采纳、部分采纳、不采纳、已知悉）",
        "revise" => "应用采纳的修改，生成下一稿",
        "diff" => "两稿之间的修订对照",
        "report" => "意见采纳情况汇总表",
        "check" => "对照征求意见名单检查草稿",
        "letter" => "征求意见函，或给未反馈单位的催办通知",
        "export" => "把一稿输出为公文格式",
        "import" => "把别处写好的稿子导入为 drafts/VERSION.md",
        "log" => "本次征求意见的历史（来自 git）",
        "amend" => "更正机器对一条意见或一份反馈的识别",
        "withdraw" => "把一条意见标记为非意见，或整份撤回误登记的反馈（反馈编号优先）",
        "doctor" => "检查工作区并修复可安全修复的问题",
        "sync" => "与远程仓库同步（fetch、合并、push）",
        "serve" => "网页版：在浏览器中办理本工作区（或 --root 下的各个工作区）",
        "completions" => "生成命令补全脚本",
        "man" => "生成手册页（roff）",
        _ => return None,
    })
}

/// The text after one subcommand's help: its examples, then the exit codes.
pub fn after_help(name: &str, lang: Lang) -> String {
    let examples = examples(name);
    let mut text = String::new();
    if !examples.is_empty() {
        text.push_str(heading(lang, "示例：", "Examples:"));
        text.push('\n');
        for (command, zh, en) in examples {
            let note = if lang == Lang::Zh { zh } else { en };
            text.push_str(&format!("  # {note}\n  {command}\n"));
        }
        text.push('\n');
    }
    text.push_str(&exit_codes(lang, Some(name)));
    text
}

fn heading(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Zh { zh } else { en }
}

/// The exit codes, with what 1 means for this command (`None`: the main help).
fn exit_codes(lang: Lang, name: Option<&str>) -> String {
    let finds = matches!(name, Some("check" | "doctor"));
    let one = match (lang, name, finds) {
        (Lang::Zh, None, _) => "命令已运行并发现需要报告的问题（check、doctor）",
        (Lang::En, None, _) => "the command ran and found something to report (check, doctor)",
        (Lang::Zh, _, true) => "已运行并发现问题（见输出）",
        (Lang::En, _, true) => "ran and found something to report (see the output)",
        (Lang::Zh, _, false) => "本命令不使用",
        (Lang::En, _, false) => "not used by this command",
    };
    match lang {
        Lang::Zh => {
            format!("退出码：\n  0  成功\n  1  {one}\n  2  用法或输入有误，未写入任何内容\n")
        }
        Lang::En => format!(
            "Exit codes:\n  0  success\n  1  {one}\n  2  bad usage or bad input; nothing was written\n"
        ),
    }
}

/// (command line, what it does in Chinese, in English) for each subcommand
/// of the contract; empty for a name not listed here.
pub fn examples(name: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match name {
        "init" => &[
            (
                "consult init suzhou --example",
                "在 suzhou/ 新建示例工作区（苏州的征求意见）",
                "a workspace in suzhou/ holding the Suzhou example",
            ),
            (
                "consult init round2",
                "在 round2/ 新建空工作区",
                "an empty workspace in round2/",
            ),
        ],
        "show" => &[
            (
                "consult show",
                "征求意见稿的条款、责任单位和资金",
                "the draft's clauses, units and funding",
            ),
            (
                "consult show v2 --json",
                "v2 的结构，JSON 格式",
                "v2's structure as JSON",
            ),
        ],
        "status" => &[
            (
                "consult status --now \"2023-05-29 09:00\"",
                "截至 5 月 29 日 9 时各单位的反馈情况",
                "every body's reply state as of 29 May, 09:00",
            ),
            (
                "consult status --missing",
                "尚未反馈的单位，每行一个",
                "the bodies with no reply, one a line",
            ),
        ],
        "ingest" => &[
            (
                "consult ingest 人才办意见.docx --department 市委人才办 --received \"2023-05-24 16:20\"",
                "登记一份 Word 反馈，写明单位和收到时间",
                "record a Word reply with its department and receipt time",
            ),
            (
                "consult ingest mail/*.eml --dry-run",
                "先看一批邮件会登记成什么，不写入",
                "see what a batch of e-mails would record; write nothing",
            ),
        ],
        "opinions" => &[
            (
                "consult opinions --clause 5",
                "对第五条的全部意见",
                "every opinion on clause 5",
            ),
            (
                "consult opinions --department 市委人才办 --json",
                "一个单位的意见，JSON 格式",
                "one department's opinions as JSON",
            ),
        ],
        "decide" => &[
            (
                "consult decide 7160df06-1 adopt",
                "采纳该意见（编号可只写前几位）",
                "adopt the opinion (any unique prefix of its id will do)",
            ),
            (
                "consult decide 7160 reject --reason \"已在第六条中体现\"",
                "不采纳，并说明理由",
                "reject it, with the reason",
            ),
        ],
        "revise" => &[
            (
                "consult revise --dry-run",
                "预览采纳后的修改，不写入",
                "preview the adopted edits; write nothing",
            ),
            (
                "consult revise --from v1 --to v2",
                "由 v1 生成 drafts/v2.md",
                "write drafts/v2.md from v1",
            ),
        ],
        "diff" => &[
            (
                "consult diff v1 v2",
                "在终端显示两稿的修订对照",
                "the redline between two versions in the terminal",
            ),
            (
                "consult diff v1 v2 --format html -o 修订对照.html",
                "修订对照写成 HTML",
                "the redline as HTML",
            ),
        ],
        "report" => &[
            (
                "consult report",
                "意见采纳情况汇总表（Markdown）",
                "the summary of opinions (Markdown)",
            ),
            (
                "consult report --format xlsx -o 汇总表.xlsx",
                "汇总表写成 Excel",
                "the summary as an Excel workbook",
            ),
        ],
        "check" => &[
            (
                "consult check",
                "检查最新一稿（有问题时退出码为 1）",
                "lint the latest version (exit 1 when something is found)",
            ),
            (
                "consult check v1 --json",
                "检查 v1，JSON 格式",
                "lint v1, as JSON",
            ),
        ],
        "letter" => &[
            (
                "consult letter --format docx -o 征求意见函.docx",
                "填好截止时间的征求意见函",
                "the consultation letter with the deadline filled in",
            ),
            (
                "consult letter --remind --now \"2023-05-25 09:00\"",
                "给尚未反馈的单位的催办函",
                "a reminder to the bodies still silent",
            ),
        ],
        "export" => &[
            (
                "consult export v2 --format docx -o v2.docx",
                "v2 的公文格式 Word 文件",
                "v2 as an official Word document",
            ),
            (
                "consult export v2 --format docx --redline-from v1 -o v2-修订.docx",
                "带修订痕迹的 Word 文件",
                "with tracked changes against v1",
            ),
        ],
        "import" => &[(
            "consult import 修改稿.docx --as v2",
            "把别处写好的稿子导入为 drafts/v2.md",
            "take a draft written elsewhere in as drafts/v2.md",
        )],
        "log" => &[
            (
                "consult log",
                "本次征求意见的历史（登记、处理、修改）",
                "the consultation's history (ingests, decisions, revisions)",
            ),
            (
                "consult log --json",
                "历史，JSON 格式",
                "the history as JSON",
            ),
        ],
        "amend" => &[
            (
                "consult amend 7160df06-1 --clause 5 --add-unit 市人社局",
                "更正机器对一条意见的识别",
                "correct the machine's reading of one opinion",
            ),
            (
                "consult amend 7160df06 --received \"2023-05-24 16:20\"",
                "更正一份反馈的收到时间",
                "correct a whole reply's receipt time",
            ),
        ],
        "withdraw" => &[
            (
                "consult withdraw 7160df06-2 --reason \"问候语，不是意见\"",
                "标记为非意见（不计数、不进汇总表）",
                "mark it as not an opinion (out of counts and the report)",
            ),
            (
                "consult withdraw 7160df06 --reason 误登记",
                "整份撤回误登记的反馈：该单位恢复为未反馈（完整的反馈编号优先于意见编号前缀）",
                "withdraw a reply recorded by mistake: the body is back to not replied (an exact reply id wins over an opinion prefix)",
            ),
        ],
        "doctor" => &[
            (
                "consult doctor",
                "检查工作区（发现问题时退出码为 1）",
                "check the workspace (exit 1 when something is found)",
            ),
            (
                "consult doctor --fix",
                "修复可以安全修复的问题，每项一个提交",
                "repair what is safe, one commit per repair",
            ),
        ],
        "sync" => &[
            (
                "consult sync",
                "与远程仓库交换各人的登记和处理",
                "exchange everyone's work with the git remote",
            ),
            (
                "consult sync --remote origin",
                "指定远程仓库",
                "name the remote",
            ),
        ],
        "serve" => &[
            (
                "consult serve --open",
                "在本机启动网页版并打开浏览器",
                "the web application on this machine, in the browser",
            ),
            (
                "consult serve --add-user 葛运东",
                "添加网页版用户（从终端读取密码）",
                "add a user of the web application (password from the terminal)",
            ),
        ],
        "completions" => &[
            (
                "consult completions bash > ~/.local/share/bash-completion/completions/consult",
                "安装 bash 补全",
                "install the bash completions",
            ),
            (
                "consult completions zsh > ~/.zfunc/_consult",
                "安装 zsh 补全（~/.zfunc 在 fpath 中）",
                "install the zsh completions (~/.zfunc in fpath)",
            ),
        ],
        "man" => &[
            (
                "consult man > consult.1",
                "consult 的手册页",
                "the man page of consult",
            ),
            (
                "consult man status | man -l -",
                "阅读 status 命令的手册页",
                "read the man page of the status command",
            ),
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    /// (command path, argument id, help) of every argument of every
    /// subcommand (clap's own -h/-V included), walked recursively.
    fn every_argument(cmd: &mut clap::Command) -> Vec<(String, String, String)> {
        cmd.build();
        let mut out = Vec::new();
        walk(cmd, cmd.get_name().to_string(), &mut out);
        out
    }

    fn walk(cmd: &clap::Command, path: String, out: &mut Vec<(String, String, String)>) {
        for a in cmd.get_arguments() {
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            out.push((path.clone(), a.get_id().to_string(), help));
        }
        if let Some(about) = cmd.get_about() {
            out.push((path.clone(), "(about)".into(), about.to_string()));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_argument_of_every_command_has_chinese_and_english_help() {
        let zh: Vec<_> = every_argument(&mut command(Lang::Zh))
            .into_iter()
            .filter(|(_, _, help)| help.trim().is_empty() || help.is_ascii())
            .collect();
        assert!(zh.is_empty(), "not in Chinese: {zh:#?}");
        let en: Vec<_> = every_argument(&mut command(Lang::En))
            .into_iter()
            .filter(|(_, _, help)| help.trim().is_empty())
            .collect();
        assert!(en.is_empty(), "no English help: {en:#?}");
    }

    #[test]
    fn lang_is_read_before_parsing() {
        assert_eq!(
            lang_of_args(&args(&["consult", "--lang", "zh", "status"])),
            Lang::Zh
        );
        assert_eq!(
            lang_of_args(&args(&["consult", "status", "--lang=en"])),
            Lang::En
        );
        assert_eq!(
            lang_of_args(&args(&["consult", "status", "--lang=zh", "-h"])),
            Lang::Zh
        );
    }

    /// Split an example's command line as a shell would (double quotes;
    /// stops at a redirection or a pipe).
    fn words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for ch in line.chars() {
            match ch {
                '"' => quoted = !quoted,
                ' ' if !quoted => {
                    if !word.is_empty() {
                        words.push(std::mem::take(&mut word));
                    }
                }
                _ => word.push(ch),
            }
        }
        words.push(word);
        words
            .into_iter()
            .take_while(|w| w != ">" && w != "|")
            .collect()
    }

    #[test]
    fn every_example_parses_with_the_real_definitions() {
        let cmd = command(Lang::En);
        for sub in cmd.get_subcommands() {
            for (line, _, _) in examples(sub.get_name()) {
                let args = words(line);
                assert_eq!(args[1], sub.get_name(), "{line}");
                cmd.clone()
                    .try_get_matches_from(&args)
                    .unwrap_or_else(|e| panic!("{line}: {e}"));
            }
        }
    }

    #[test]
    fn every_subcommand_has_examples() {
        for sub in command(Lang::En).get_subcommands() {
            assert!(!examples(sub.get_name()).is_empty(), "{}", sub.get_name());
        }
    }
}
