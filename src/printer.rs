//! The printer layer: turns results into text for people (tables, in the
//! process language, coloured when asked) or JSON for programs, written to
//! any `impl Write`. The core never prints; this module does.

use std::io::{IsTerminal, Write};

use comfy_table::{Cell, Color, Table, presets};
use serde::Serialize;

use crate::check::Finding;
use crate::clause_style::ClauseStyle;
use crate::cli::ColorChoice;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::status::{State, Status};
use crate::t;

/// Whether to colour stdout: `always`, `never`, or on `auto` only into a
/// terminal and when NO_COLOR is unset or empty.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Write `value` as pretty JSON and a newline.
/// (serde_json escapes control characters as JSON does.)
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::usage(e.to_string()))?;
    writeln!(out, "{text}").map_err(|e| Error::io("failed to write", "<stdout>", e))
}

/// Write one line, control characters made visible ([`crate::terminal::visible`]).
pub fn line(out: &mut dyn Write, text: &str) -> Result<()> {
    let text = crate::terminal::visible(text);
    writeln!(out, "{text}").map_err(|e| Error::io("failed to write", "<stdout>", e))
}

/// A table styled for the terminal (or plain).
pub fn table(color: bool) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    crate::table::fit(&mut table);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

fn state_color(state: State) -> Color {
    match state {
        State::Replied => Color::Green,
        State::NoObjection => Color::Cyan,
        State::Late => Color::Yellow,
        State::Pending => Color::Blue,
        State::Silent => Color::Red,
    }
}

pub use crate::deadline::short_time;

/// The status as a table with a header and a summary line.
pub fn status(out: &mut dyn Write, title: &str, status: &Status, color: bool) -> Result<()> {
    wrapped(out, title, 0)?;
    let closed = if status.closed {
        tr("已截止", "closed")
    } else {
        tr("未截止", "open")
    };
    wrapped(
        out,
        &t!(
            "截止时间：{}（{}）；评估时间：{}（{}）",
            "Deadline: {} ({}); as of {} ({})",
            short_time(&status.deadline),
            closed,
            short_time(&status.now),
            status.timezone
        ),
        0,
    )?;
    if crate::table::tables_fit() {
        // Cells are made visible one by one: the table keeps its colours.
        let table = status_table(status, color).to_string();
        writeln!(out, "{table}").map_err(|e| Error::io("failed to write", "<stdout>", e))?;
    } else {
        status_lines(out, status)?;
    }
    if !crate::table::at_least_width(80) && status.counts.late + status.counts.silent > 0 {
        line(out, tr("* 视为无修改意见", "* deemed to have no objection"))?;
    }
    let c = &status.counts;
    wrapped(
        out,
        &t!(
            "共{}个单位：已反馈意见{}，无修改意见{}，逾期反馈{}，尚未反馈{}，未反馈{}；视为无修改意见{}。",
            "{} bodies: {} replied, {} no objection, {} late, {} pending, {} silent; {} deemed to have no objection.",
            c.total,
            c.replied,
            c.no_objection,
            c.late,
            c.pending,
            c.silent,
            c.late + c.silent
        ),
        0,
    )
}

/// Write `text` wrapped to the output width, continuation lines indented
/// by `indent` columns.
pub fn wrapped(out: &mut dyn Write, text: &str, indent: usize) -> Result<()> {
    for l in crate::table::wrap(&crate::terminal::visible(text), indent) {
        line(out, &l)?;
    }
    Ok(())
}

/// The status below [`crate::table::TABLE_MIN`] columns: one body a line
/// (wrapped), `*` after the state of those deemed to have no objection.
fn status_lines(out: &mut dyn Write, status: &Status) -> Result<()> {
    for (i, d) in status.departments.iter().enumerate() {
        let sep = tr("，", ", ");
        let mut text = t!(
            "{:>2}. {}：{}",
            "{:>2}. {}: {}",
            i + 1,
            d.name,
            d.state.label()
        );
        if d.deemed_no_objection {
            text.push_str(" *");
        }
        if let Some(received) = &d.received {
            text.push_str(&format!("{sep}{}", short_time(received)));
        }
        if d.opinions > 0 {
            text.push_str(&t!("，{}条意见", ", {} opinions", d.opinions));
        }
        wrapped(out, &text, 4)?;
    }
    Ok(())
}

/// The status table. From 80 columns of width on, a column says who is
/// deemed to have no objection; below, a `*` after the state does (and a
/// note under the table explains it).
fn status_table(status: &Status, color: bool) -> Table {
    let full = crate::table::at_least_width(80);
    let mut t = table(color);
    let mut header = vec![
        tr("序号", "#"),
        tr("单位", "Department"),
        tr("状态", "State"),
        tr("收到时间", "Received"),
        tr("意见数", "Opinions"),
    ];
    if full {
        header.push(tr("视为无修改意见", "Deemed no objection"));
    }
    t.set_header(header);
    let mut names = Vec::new();
    for (i, d) in status.departments.iter().enumerate() {
        let name = match &d.group {
            Some(_) => format!("  {}", d.name),
            None => d.name.clone(),
        };
        let deemed = if d.deemed_no_objection {
            tr("是", "yes")
        } else {
            ""
        };
        let state = match (full, d.deemed_no_objection) {
            (false, true) => format!("{} *", d.state.label()),
            _ => d.state.label().to_string(),
        };
        let mut row = vec![
            Cell::new(i + 1),
            Cell::new(crate::terminal::visible(&name)),
            Cell::new(state).fg(state_color(d.state)),
            Cell::new(d.received.as_deref().map(short_time).unwrap_or_default()),
            Cell::new(d.opinions),
        ];
        if full {
            row.push(Cell::new(deemed));
        }
        t.add_row(row);
        names.push(name);
    }
    crate::table::keep(&mut t, if full { &[0, 2, 4, 5] } else { &[0, 2, 4] });
    crate::table::at_least(&mut t, 1, names.iter().map(String::as_str), 14);
    crate::table::at_least(&mut t, 3, ["2023-05-24"], 10);
    t
}

/// Write a plain line wrapped like [`wrapped`] on a terminal, whole into a pipe.
pub fn wrapped_plain(out: &mut dyn Write, text: &str, indent: usize) -> Result<()> {
    for l in crate::table::wrap_plain(&crate::terminal::visible(text), indent) {
        line(out, &l)?;
    }
    Ok(())
}

/// Check findings, one a line, with the draft's path and line.
pub fn findings(out: &mut dyn Write, path: &str, findings: &[Finding]) -> Result<()> {
    for f in findings {
        let kind = serde_json::to_value(f.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let severity = match f.severity {
            crate::settings::Severity::Error => tr("错误", "error"),
            crate::settings::Severity::Warning => tr("警告", "warning"),
            crate::settings::Severity::Info => tr("提示", "info"),
        };
        wrapped_plain(
            out,
            &format!("{path}:{}: {severity} [{kind}] {}", f.line, f.message),
            4,
        )?;
    }
    let summary = if findings.is_empty() {
        tr("未发现问题。", "no findings.").to_string()
    } else {
        t!("共{}处问题。", "{} findings.", findings.len())
    };
    line(out, &summary)
}

/// What ingest did, one line a file.
/// Clauses are cited in `style` (the consulted draft's).
pub fn ingested(
    out: &mut dyn Write,
    outcomes: &[crate::ingest::Outcome],
    dry_run: bool,
    style: ClauseStyle,
) -> Result<()> {
    for o in outcomes {
        let state = if o.duplicate {
            tr("重复，已忽略", "duplicate, nothing added")
        } else if o.no_objection {
            tr("无修改意见", "no objection")
        } else {
            ""
        };
        let late = if o.late {
            tr("（逾期）", " (late)")
        } else {
            ""
        };
        wrapped_plain(
            out,
            t!(
                "{}：{} {}{}，{}条意见 [{}] {}",
                "{}: {} {}{}, {} opinions [{}] {}",
                o.file,
                o.department,
                short_time(&o.received),
                late,
                o.opinions.len(),
                o.reply,
                state
            )
            .trim_end(),
            2,
        )?;
        if let Some(by) = &o.forwarded_by {
            line(out, &t!("  由 {} 转发", "  forwarded by {}", by))?;
        }
        for op in &o.opinions {
            let clause = match (op.kind, op.clause) {
                (crate::opinion::OpinionKind::NewClause, _) => {
                    tr("新增条款", "new clause").to_string()
                }
                (_, Some(c)) => style.cite_local(c),
                (_, None) => tr("总体", "general").to_string(),
            };
            let edits: Vec<String> = op.edits.iter().map(|e| e.describe()).collect();
            wrapped_plain(
                out,
                format!("  {} {clause}: {} {}", op.id, op.text, edits.join("; ")).trim_end(),
                4,
            )?;
        }
    }
    if dry_run {
        line(
            out,
            tr("（试运行：未写入任何内容）", "(dry run: nothing written)"),
        )?;
    }
    Ok(())
}

/// Opinions as a table: six columns from 100 columns of width on; below,
/// four (the clause under the id, cited in `style`, the proposed edits
/// under the opinion).
pub fn opinions(
    out: &mut dyn Write,
    list: &[crate::opinion::OpinionView],
    style: ClauseStyle,
) -> Result<()> {
    if !crate::table::tables_fit() {
        for o in list {
            opinion_lines(out, o, style)?;
        }
        return line(out, &t!("共{}条意见。", "{} opinions.", list.len()));
    }
    let wide = crate::table::at_least_width(100);
    let mut t = table(false);
    let mut header = vec![tr("编号", "Id"), tr("单位", "Department")];
    if wide {
        header.push(tr("条款", "Clause"));
    }
    header.push(tr("意见", "Opinion"));
    if wide {
        header.push(tr("建议修改", "Proposed edits"));
    }
    header.push(tr("处理", "Disposition"));
    t.set_header(header);
    for o in list {
        t.add_row(opinion_row(o, wide, style));
    }
    let last = if wide { 5 } else { 3 };
    crate::table::keep(&mut t, &[0, last]);
    let departments = list.iter().map(|o| o.department.as_str());
    crate::table::at_least(&mut t, 1, departments, if wide { 20 } else { 12 });
    line(out, &t.to_string())?;
    line(out, &t!("共{}条意见。", "{} opinions.", list.len()))
}

/// One opinion below [`crate::table::TABLE_MIN`] columns: a head line (id,
/// clause, department, disposition), then its text and proposed edits indented.
fn opinion_lines(
    out: &mut dyn Write,
    o: &crate::opinion::OpinionView,
    style: ClauseStyle,
) -> Result<()> {
    let cells = opinion_row(o, false, style);
    let (head, department, body, disposition) = (&cells[0], &cells[1], &cells[2], &cells[3]);
    let head = head.replace('\n', " · ");
    wrapped(out, &format!("{head} · {department} · {disposition}"), 4)?;
    for part in body.lines() {
        wrapped(out, &format!("    {part}"), 4)?;
    }
    Ok(())
}

/// One opinion's cells for [`opinions`].
fn opinion_row(o: &crate::opinion::OpinionView, wide: bool, style: ClauseStyle) -> Vec<String> {
    let late = if o.late {
        tr("（逾期）", " (late)")
    } else {
        ""
    };
    let mut edits: Vec<String> = o.edits.iter().map(|e| e.describe()).collect();
    if o.warnings
        .iter()
        .any(|w| crate::intake::ocr::is_confirm_warning(w))
    {
        edits.push(tr("⚠ OCR 识别，待核对", "⚠ read by OCR: confirm").to_string());
    }
    let disposition = match crate::i18n::lang() {
        crate::i18n::Lang::Zh => o.disposition.chinese().to_string(),
        crate::i18n::Lang::En => o.disposition.key().to_string(),
    };
    let department = format!("{}{late}", crate::terminal::visible(&o.department));
    let edits: Vec<String> = edits
        .iter()
        .map(|e| crate::terminal::visible(e).into_owned())
        .collect();
    let text = crate::terminal::visible(&o.text).into_owned();
    let mark = match (o.withdrawn, o.amended) {
        (true, _) => tr("\n（已撤回）", "\n(withdrawn)"),
        (false, true) => tr("\n（已更正）", "\n(amended)"),
        _ => "",
    };
    if wide {
        // The clause as the draft cites it (第五条, 第三点, 第5条); a bare
        // number in English, the column being headed "Clause".
        let clause = o.clause.map_or_else(
            || "—".to_string(),
            |c| match crate::i18n::lang() {
                crate::i18n::Lang::Zh => style.cite(c),
                crate::i18n::Lang::En => c.to_string(),
            },
        );
        return vec![
            format!("{}{mark}", o.id),
            department,
            clause,
            text,
            edits.join("\n"),
            disposition,
        ];
    }
    let clause = o.clause.map_or_else(
        || tr("总体", "general").to_string(),
        |c| style.cite_local(c),
    );
    let mut text = text;
    for e in &edits {
        text.push_str(&format!("\n→ {e}"));
    }
    vec![
        format!("{}\n{clause}{mark}", o.id),
        department,
        text,
        disposition,
    ]
}

/// A corrected reading (`consult amend`); clauses cited in `style`.
pub fn amended(
    out: &mut dyn Write,
    done: &crate::amend::Amended,
    style: ClauseStyle,
) -> Result<()> {
    match done {
        crate::amend::Amended::Opinion { before, after } => {
            line(
                out,
                &t!(
                    "{}（{}）已更正：",
                    "{} ({}) amended:",
                    after.id,
                    after.department
                ),
            )?;
            for l in crate::amend::changes(before, after, style) {
                line(out, &l)?;
            }
        }
        crate::amend::Amended::Reply { id, before, after } => {
            line(out, &t!("反馈 {} 已更正：", "reply {} amended:", id))?;
            if before.0 != after.0 {
                line(
                    out,
                    &format!(
                        "  {}{}{} → {}",
                        tr("单位", "department"),
                        tr("：", ": "),
                        before.0,
                        after.0
                    ),
                )?;
            }
            if before.1 != after.1 {
                line(
                    out,
                    &format!(
                        "  {}{}{} → {}",
                        tr("收到时间", "received"),
                        tr("：", ": "),
                        before.1,
                        after.1
                    ),
                )?;
            }
        }
    }
    Ok(())
}

/// A withdrawn opinion (`consult withdraw`).
pub fn withdrawn(out: &mut dyn Write, o: &crate::opinion::OpinionView) -> Result<()> {
    line(
        out,
        &t!(
            "{}（{}）已撤回，不计入意见：{}",
            "{} ({}) withdrawn, no longer counted: {}",
            o.id,
            o.department,
            o.text
        ),
    )
}

/// A whole reply withdrawn (`consult withdraw REPLY-ID`).
pub fn reply_withdrawn(
    out: &mut dyn Write,
    id: &str,
    department: &str,
    opinions: usize,
) -> Result<()> {
    line(
        out,
        &t!(
            "反馈 {}（{}）已整份撤回：{}条意见不再计入，该单位恢复为未反馈",
            "reply {} ({}) withdrawn whole: its {} opinions no longer count, the body is back to not replied",
            id,
            department,
            opinions
        ),
    )
}

/// A recorded decision.
pub fn decided(out: &mut dyn Write, d: &crate::decide::Decided) -> Result<()> {
    let word = match crate::i18n::lang() {
        crate::i18n::Lang::Zh => d.disposition.chinese(),
        crate::i18n::Lang::En => d.disposition.key(),
    };
    line(
        out,
        &format!("{}（{}）→ {word}", d.opinion.id, d.opinion.department),
    )?;
    if let Some(prev) = d.previous {
        line(out, &t!("  原处理意见：{}", "  was: {}", prev.chinese()))?;
    }
    if let Some(reason) = &d.reason {
        line(out, &t!("  理由：{}", "  reason: {}", reason))?;
    }
    for e in d.edits.iter().flatten() {
        line(out, &format!("  {}", e.describe()))?;
    }
    Ok(())
}

/// What a revision did (or would do).
pub fn revised(
    out: &mut dyn Write,
    plan: &crate::revise::Plan,
    dry_run: bool,
    style: ClauseStyle,
) -> Result<()> {
    let head = if dry_run {
        t!(
            "将生成 drafts/{}.md（{} → {}）",
            "would write drafts/{}.md ({} → {})",
            plan.to,
            plan.from,
            plan.to
        )
    } else {
        t!(
            "已生成 drafts/{}.md（{} → {}）",
            "wrote drafts/{}.md ({} → {})",
            plan.to,
            plan.from,
            plan.to
        )
    };
    line(out, &head)?;
    for change in &plan.provenance.changes {
        line(
            out,
            &format!(
                "  {}{}{}",
                style.cite_local(change.clause),
                tr("：", ": "),
                change.opinions.join(", ")
            ),
        )?;
    }
    if dry_run {
        line(
            out,
            tr("（试运行：未写入任何内容）", "(dry run: nothing written)"),
        )?;
    }
    Ok(())
}

/// The history, newest first.
pub fn history(out: &mut dyn Write, entries: &[crate::history::Entry]) -> Result<()> {
    for e in entries {
        wrapped_plain(
            out,
            &format!(
                "{} {} {:7} {}",
                &e.id[..8.min(e.id.len())],
                short_time(&e.time),
                e.kind,
                e.summary
            ),
            9,
        )?;
    }
    Ok(())
}

/// What `sync` did.
pub fn synced(out: &mut dyn Write, s: &crate::sync::Synced) -> Result<()> {
    let how = match s.merge.as_str() {
        "up_to_date" => tr("远程没有新的修改", "nothing new on the remote"),
        "fast_forward" => tr(
            "已取回远程的修改（快进）",
            "took the remote's work (fast-forward)",
        ),
        "merged" => tr("已合并远程的修改", "merged the remote's work"),
        _ => tr("远程尚无此分支", "the remote had no such branch yet"),
    };
    line(
        out,
        &t!(
            "已与 {}/{} 同步：{}；已推送。",
            "synced with {}/{}: {}; pushed.",
            s.remote,
            s.branch,
            how
        ),
    )?;
    if !s.tags_fetched.is_empty() {
        line(
            out,
            &t!(
                "  取回版本标签：{}",
                "  tags fetched: {}",
                s.tags_fetched.join(", ")
            ),
        )?;
    }
    for id in &s.settled_replies {
        line(
            out,
            &t!(
                "  回复 {} 在两个副本中记录不同，已取较早的收到时间",
                "  reply {} was recorded differently in two clones; the earlier receipt is kept",
                id
            ),
        )?;
    }
    for id in &s.conflicting_decisions {
        line(
            out,
            &t!(
                "  意见 {} 的处理在两个副本中不同：用 consult decide {} … 定夺",
                "  opinion {} was decided differently in two clones: settle it with consult decide {} …",
                id,
                id
            ),
        )?;
    }
    Ok(())
}

/// What `doctor` found, one finding a line with its fix.
pub fn doctor(out: &mut dyn Write, report: &crate::doctor::Report) -> Result<()> {
    for f in &report.findings {
        let mark = if f.fixed {
            tr("已修复", "fixed")
        } else {
            tr("问题", "problem")
        };
        line(out, &format!("[{mark}] {}: {}", f.kind, f.message))?;
        if !f.fixed {
            line(out, &t!("  处理：{}", "  fix: {}", f.fix))?;
        }
    }
    let summary = if report.findings.is_empty() {
        tr("工作区正常。", "the workspace is sound.").to_string()
    } else {
        t!(
            "共{}项，已修复{}项，待处理{}项。",
            "{} found, {} fixed, {} open.",
            report.findings.len(),
            report.findings.len() - report.open(),
            report.open()
        )
    };
    line(out, &summary)
}
