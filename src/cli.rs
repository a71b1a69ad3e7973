//! The command line: clap derive types for every command of the contract.
//!
//! These are parsed into a [`crate::config::Config`] before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

/// consult — 征求意见: replies, deadlines, dispositions, redlines and the official summary.
#[derive(Debug, Parser)]
#[command(name = "consult", version = env!("CONSULT_VERSION"), about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options valid before or after the subcommand.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Workspace folder (default: nearest folder upward holding consult.yaml)
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Evaluate as of TIME (RFC 3339, or `YYYY-MM-DD HH:MM` in the consultation's time zone)
    #[arg(long, global = true, value_name = "TIME")]
    pub now: Option<String>,
    /// Language of messages and human-readable output (default from LANG)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Colour: auto (not into a pipe; NO_COLOR honoured), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Tables at full width: long texts are not wrapped to the terminal (`COLUMNS` sets the width)
    #[arg(long, global = true)]
    pub wide: bool,
    /// No progress bar on stderr
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workspace (git init, consult.yaml, drafts/, comments/)
    Init {
        /// Folder to create (default: current folder)
        dir: Option<PathBuf>,
        /// Write the embedded Suzhou example consultation
        #[arg(long)]
        example: bool,
    },
    /// Show a draft's structure: clauses, responsible units, sources, funding
    Show {
        /// Version (default: the version under consultation)
        version: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every consulted body's reply state
    Status {
        #[arg(long)]
        json: bool,
        /// Print only the bodies with no reply, one name a line
        #[arg(long)]
        missing: bool,
    },
    /// Record replies (Markdown with front matter, text, .eml, .docx)
    Ingest(IngestArgs),
    /// List opinions
    Opinions {
        #[arg(long)]
        json: bool,
        /// Only opinions on this clause
        #[arg(long, value_name = "N")]
        clause: Option<u32>,
        /// Only opinions of this department
        #[arg(long, value_name = "NAME")]
        department: Option<String>,
        /// Withdrawn opinions too
        #[arg(long)]
        all: bool,
    },
    /// Record a disposition on an opinion
    Decide(DecideArgs),
    /// Apply adopted edits to produce the next version
    Revise {
        #[arg(long, value_name = "V")]
        from: Option<String>,
        #[arg(long, value_name = "V")]
        to: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
    /// Redline between two versions
    Diff(DiffArgs),
    /// 意见采纳情况汇总表
    Report {
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Lint the draft against the consultation
    Check {
        /// Version (default: the latest)
        version: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The 征求意见函, or a reminder to the silent bodies
    Letter {
        #[arg(long)]
        remind: bool,
        #[arg(long, value_enum, default_value_t = LetterFormat::Md)]
        format: LetterFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A version as an official document
    Export {
        version: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long, value_name = "V")]
        redline_from: Option<String>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Take a draft written elsewhere in as drafts/VERSION.md
    Import {
        file: PathBuf,
        #[arg(long = "as", value_name = "VERSION")]
        as_version: String,
    },
    /// The consultation's history from git
    Log {
        #[arg(long)]
        json: bool,
    },
    /// The web application over this workspace (or every workspace under --root)
    Serve(ServeArgs),
    /// Share the consultation through a git server: fetch, merge, push
    Sync {
        /// The remote (default: the branch's upstream, else origin)
        #[arg(long, value_name = "NAME")]
        remote: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the workspace (locks, strays, basis, originals, conflicts) and say how to fix it
    Doctor {
        /// Repair what is safe to repair, one commit per repair
        #[arg(long)]
        fix: bool,
        #[arg(long)]
        json: bool,
    },
    /// Correct the reading of an opinion, or a reply's department or receipt time
    Amend(AmendArgs),
    /// Mark an opinion as not an opinion (a greeting, a duplicate), or withdraw a whole reply recorded by mistake
    Withdraw {
        /// Opinion id or a unique prefix of it; or a reply id (8 hex digits, as ingest prints it) to withdraw the whole reply — an exact reply id wins over an opinion prefix
        id: String,
        /// Why it is not an opinion (required)
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// A shell completion script, from these definitions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page (roff) of consult, or of one command
    Man {
        /// A command (e.g. status): its own page, consult-COMMAND(1)
        command: Option<String>,
    },
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Serve every workspace found under DIR (a home page lists them)
    #[arg(long, value_name = "DIR", conflicts_with = "add_user")]
    pub root: Option<PathBuf>,
    /// Address to listen on (default 127.0.0.1); any non-loopback address needs --users
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Port (default 8080, or the next free one)
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Users file (NAME:ARGON2-HASH lines); when given, every page needs a sign-in
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// Open the browser at the URL
    #[arg(long)]
    pub open: bool,
    /// Add (or replace) user NAME in the users file; the password is read from the terminal, or from stdin
    #[arg(long, value_name = "NAME")]
    pub add_user: Option<String>,
}

#[derive(Debug, Args)]
pub struct AmendArgs {
    /// Opinion id (or unique prefix), or a reply's 8-hex id
    pub id: String,
    /// The clause it is about
    #[arg(long, value_name = "N", conflicts_with_all = ["general", "new_clause"])]
    pub clause: Option<u32>,
    /// About the draft as a whole
    #[arg(long, conflicts_with = "new_clause")]
    pub general: bool,
    /// Proposes a clause the draft does not have
    #[arg(long)]
    pub new_clause: bool,
    /// The opinion's text as it should read
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Proposed edit: replace FROM with TO (replaces the edits read)
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub replace: Vec<String>,
    /// Proposed edit: delete TEXT
    #[arg(long, value_name = "TEXT")]
    pub delete: Vec<String>,
    #[arg(long = "add-unit", value_name = "X")]
    pub add_unit: Vec<String>,
    #[arg(long = "remove-unit", value_name = "X")]
    pub remove_unit: Vec<String>,
    /// The opinion proposes no edit
    #[arg(long)]
    pub no_edits: bool,
    /// The department's reason for the opinion
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Reply: the department that sent it
    #[arg(long, value_name = "NAME")]
    pub department: Option<String>,
    /// Reply: when it was received (RFC 3339 or `YYYY-MM-DD HH:MM`)
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The department that sent the reply (any listed name or alias)
    #[arg(long, value_name = "NAME")]
    pub department: Option<String>,
    /// When the reply was received (RFC 3339 or `YYYY-MM-DD HH:MM`)
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    /// Read and report, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write the records but do not commit
    #[arg(long)]
    pub no_commit: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DecideArgs {
    /// Opinion id or a unique prefix of it
    pub id: String,
    /// adopt | partial | reject | note
    pub disposition: String,
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// What is actually adopted: replace FROM with TO
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub replace: Vec<String>,
    #[arg(long = "add-unit", value_name = "X")]
    pub add_unit: Vec<String>,
    #[arg(long = "remove-unit", value_name = "X")]
    pub remove_unit: Vec<String>,
    /// What is actually adopted: delete TEXT
    #[arg(long, value_name = "TEXT")]
    pub delete: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// From: a version (v1), a file path, or REV:PATH (default: the version under consultation)
    pub from: Option<String>,
    /// To (default: the latest version)
    pub to: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Term)]
    pub format: DiffFormat,
    #[arg(long, value_enum, default_value_t = DiffBy::Char)]
    pub by: DiffBy,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Term,
    Unified,
    Html,
    Json,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffBy {
    Char,
    Word,
    Line,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Xlsx,
    Html,
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    Md,
    Txt,
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Txt,
    Md,
    Html,
    Docx,
}
