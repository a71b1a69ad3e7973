//! The official paperwork: `report` (意见采纳情况汇总表) and `letter` (the
//! 征求意见函 or the reminder).

use std::io::Write;
use std::path::Path;

use crate::cli::Global;
use crate::error::Result;
use crate::i18n::tr;
use crate::printer;
use crate::workspace::Workspace;

use super::{check_output_folder, emit, now, require_output};

pub(super) fn report(
    g: &Global,
    format: crate::cli::ReportFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if crate::report::is_binary(format) {
        require_output(output, "report", &format!("{format:?}").to_lowercase())?;
    }
    let ws = Workspace::open(g.dir.as_deref())?;
    let now = now(g, &ws)?;
    check_output_folder(output)?;
    crate::output_format::report(output, format)?;
    let report = crate::report::load(&ws, now)?;
    emit(&crate::report::render(&report, format)?, output, out)
}

pub(super) fn letter(
    g: &Global,
    remind: bool,
    format: crate::cli::LetterFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    if format == crate::cli::LetterFormat::Docx {
        require_output(output, "letter", "docx")?;
    }
    let ws = Workspace::open(g.dir.as_deref())?;
    let now = now(g, &ws)?;
    check_output_folder(output)?;
    crate::output_format::letter(output, format)?;
    let c = ws.consultation();
    let letter = if remind {
        let replies: Vec<_> = crate::reply::load_all(ws.root())?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        let status = crate::status::compute(c, &replies, now);
        match crate::letter::reminder(c, &status, now) {
            Some(letter) => letter,
            None => {
                printer::line(
                    out,
                    tr(
                        "所有单位均已反馈，无需催办。",
                        "every body has replied: no reminder needed.",
                    ),
                )?;
                return Ok(0);
            }
        }
    } else {
        crate::letter::invitation(c, now)
    };
    emit(&crate::letter::render(&letter, format)?, output, out)
}
