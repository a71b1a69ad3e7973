//! The commands on versions of the draft: `revise`, `export` and `import`.

use std::io::Write;
use std::path::Path;

use crate::cli::{ExportFormat, Global};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::printer;
use crate::t;
use crate::workspace::Workspace;

use super::{check_output_folder, emit, now, write_all};

pub(super) fn revise(
    dir: Option<&Path>,
    from: Option<&str>,
    to: Option<&str>,
    dry_run: bool,
    color: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let planned = if dry_run {
        let opinions = crate::ledger::load(ws.root(), ws.consultation())?;
        crate::revise::plan(&ws, &opinions, from, to)?
    } else {
        crate::revise::revise(&ws, from, to)?
    };
    let Some(plan) = planned else {
        printer::line(
            out,
            tr(
                "没有已采纳且带修改内容的意见：未生成新版本。",
                "no adopted opinion changes the text: no new version written.",
            ),
        )?;
        return Ok(0);
    };
    let style = ws
        .load_draft(&plan.from)
        .map(|d| crate::clause_style::ClauseStyle::of_draft(&d))
        .unwrap_or_default();
    if dry_run {
        let (old, new, _) = crate::diff::sides_from_markdown(
            (&plan.from, &plan.old_source),
            (&plan.to, &plan.new_source),
        );
        let diff = crate::diff::diff_sides(&old, &new, crate::diff::By::Char);
        let mut buf = Vec::new();
        crate::diff::render(&diff, crate::cli::DiffFormat::Term, color, false, &mut buf)
            .map_err(|e| Error::io("failed to write", "<stdout>", e))?;
        write_all(out, &String::from_utf8_lossy(&buf))?;
        printer::revised(out, &plan, true, style)?;
        return Ok(0);
    }
    printer::revised(out, &plan, false, style)?;
    Ok(0)
}

pub(super) fn export(
    g: &Global,
    version: &str,
    format: ExportFormat,
    redline_from: Option<&str>,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if format == ExportFormat::Docx && output.is_none() {
        return Err(Error::usage(tr(
            "docx 是二进制格式，需要用 -o FILE 指定输出文件",
            "docx is a binary format: name the output file with -o FILE",
        ))
        .with_hint(t!(
            "如 consult export {} --format docx -o {}.docx",
            "such as consult export {} --format docx -o {}.docx",
            version,
            version
        )));
    }
    check_output_folder(output)?;
    crate::output_format::export(output, format)?;
    let ws = Workspace::open(g.dir.as_deref())?;
    let draft = ws.load_draft(version)?;
    let draft = crate::export::with_revised_subtitle(&ws, version, draft);
    let text_format = crate::show::ExportTextFormat::from_cli(format);
    let bytes = match (text_format, redline_from) {
        (Some(text_format), None) => crate::show::export(&draft, text_format).into_bytes(),
        (Some(_), Some(_)) => {
            return Err(Error::usage(tr(
                "--redline-from 只用于 --format docx 或 html",
                "--redline-from works with --format docx or html only",
            ))
            .with_hint(tr(
                "纯文本的修订对照请用 consult diff",
                "for a plain-text redline use consult diff",
            )));
        }
        (None, redline_from) => {
            let request = crate::export::Request {
                version,
                draft: &draft,
                docx: format == ExportFormat::Docx,
                redline_from,
                now: now(g, &ws)?,
                output,
            };
            let (bytes, warnings) = crate::export::render(&ws, &request)?;
            for w in &warnings {
                eprintln!("{}: {}", tr("警告", "warning"), crate::terminal::visible(w));
            }
            bytes
        }
    };
    emit(&bytes, output, out)
}

pub(super) fn import(
    dir: Option<&Path>,
    file: &Path,
    version: &str,
    out: &mut dyn Write,
) -> Result<i32> {
    let ws = Workspace::open(dir)?;
    let done = crate::import::import(&ws, file, version)?;
    for w in &done.warnings {
        eprintln!("{}: {}", tr("警告", "warning"), crate::terminal::visible(w));
    }
    printer::line(
        out,
        &t!(
            "已导入 {} 为 {}（{}，{} 条）",
            "imported {} as {} ({}, {} clauses)",
            file.display(),
            done.path
                .strip_prefix(ws.root())
                .unwrap_or(&done.path)
                .display(),
            done.format,
            done.clauses
        ),
    )?;
    Ok(0)
}
