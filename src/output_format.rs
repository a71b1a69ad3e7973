//! `-o FILE` against `--format`: a file named for one of the command's
//! formats must get that format (tester9 M1: `report -o 汇总表.xlsx`
//! wrote the Markdown default into a .xlsx that Excel cannot open, with
//! exit 0). The format is not guessed from the name: a clash is refused,
//! exit 2, before anything is written, with the `--format` that
//! the name asks for.

use std::path::Path;

use clap::ValueEnum;

use crate::cli::{DiffFormat, ExportFormat, LetterFormat, ReportFormat};
use crate::error::{Error, Result};
use crate::t;

/// Refuse a `report` written to a file named for another of its formats
/// (exit 2: a usage error naming the file and the `--format` to add).
/// Called once the output's place is checked (a place the workspace keeps,
/// an input overwritten: those errors come first).
pub fn report(output: Option<&Path>, format: ReportFormat) -> Result<()> {
    clash(output, format, report_extensions)
}

/// [`report`] for `letter`.
pub fn letter(output: Option<&Path>, format: LetterFormat) -> Result<()> {
    clash(output, format, letter_extensions)
}

/// [`report`] for `export`.
pub fn export(output: Option<&Path>, format: ExportFormat) -> Result<()> {
    clash(output, format, export_extensions)
}

/// [`report`] for `diff`.
pub fn diff(output: Option<&Path>, format: DiffFormat) -> Result<()> {
    clash(output, format, diff_extensions)
}

/// The extensions that name each format (lower case, without the dot).
fn report_extensions(f: ReportFormat) -> &'static [&'static str] {
    match f {
        ReportFormat::Md => &["md", "markdown"],
        ReportFormat::Csv => &["csv"],
        ReportFormat::Xlsx => &["xlsx"],
        ReportFormat::Html => &["html", "htm"],
        ReportFormat::Docx => &["docx"],
    }
}

fn letter_extensions(f: LetterFormat) -> &'static [&'static str] {
    match f {
        LetterFormat::Md => &["md", "markdown"],
        LetterFormat::Txt => &["txt"],
        LetterFormat::Docx => &["docx"],
    }
}

fn export_extensions(f: ExportFormat) -> &'static [&'static str] {
    match f {
        ExportFormat::Txt => &["txt"],
        ExportFormat::Md => &["md", "markdown"],
        ExportFormat::Html => &["html", "htm"],
        ExportFormat::Docx => &["docx"],
    }
}

/// A diff's 对照表 (`table`) is HTML into a .html file. No diff format
/// claims .md or .txt: a redline's text is at home in either.
fn diff_extensions(f: DiffFormat) -> &'static [&'static str] {
    match f {
        DiffFormat::Term => &[],
        DiffFormat::Unified => &["diff", "patch"],
        DiffFormat::Html | DiffFormat::Table => &["html", "htm"],
        DiffFormat::Json => &["json"],
    }
}

/// The clash of `output`'s extension with `format`, as an error.
fn clash<F: ValueEnum + Copy>(
    output: Option<&Path>,
    format: F,
    extensions: fn(F) -> &'static [&'static str],
) -> Result<()> {
    let Some(path) = output else {
        return Ok(());
    };
    let Some(ext) = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    else {
        return Ok(());
    };
    if extensions(format).contains(&ext.as_str()) {
        return Ok(());
    }
    let Some(wanted) = F::value_variants()
        .iter()
        .find(|f| extensions(**f).contains(&ext.as_str()))
    else {
        return foreign(path, &ext, name(format));
    };
    Err(Error::usage(t!(
        "-o {} 是 .{} 文件，但输出格式是 {}；未写入任何内容",
        "-o {} is a .{} file but the format is {}; nothing was written",
        path.display(),
        ext,
        name(format)
    ))
    .with_hint(t!(
        "加上 --format {}，或换一个与格式相符的文件名",
        "add --format {}, or name the file for the format",
        name(*wanted)
    )))
}

/// Extensions of documents that none of a command's text formats belongs
/// in (a format that writes one of them claims it first): Word, Excel,
/// PDF, OpenDocument, archives, images, and CSV, which only `report`
/// writes.
const DOCUMENTS: &[&str] = &[
    "docx", "doc", "rtf", "odt", "xlsx", "xls", "ods", "csv", "pptx", "ppt", "pdf", "zip", "png",
    "jpg", "jpeg",
];

/// `path` named for a document no format of the command writes (tester16
/// M3: `diff -o x.docx` wrote text into a .docx with exit 0): refused,
/// exit 2, before anything is written. Any other name is written.
fn foreign(path: &Path, ext: &str, format: String) -> Result<()> {
    if !DOCUMENTS.contains(&ext) {
        return Ok(());
    }
    let error = Error::usage(t!(
        "-o {} 是 .{} 文件，但输出格式 {} 写的是文本，该文件将无法打开；未写入任何内容",
        "-o {} is a .{} file, but the {} format writes text, which would not open as one; nothing was written",
        path.display(),
        ext,
        format
    ));
    Err(if ext == "docx" || ext == "doc" {
        error.with_hint(crate::i18n::tr(
            "Word 修订稿用 consult export <新版本> --redline-from <旧版本> --format docx -o 修订稿.docx；或换一个文本文件名（.txt、.md）",
            "for a Word redline use consult export <NEW> --redline-from <OLD> --format docx -o redline.docx; or name a text file (.txt, .md)",
        ))
    } else {
        error.with_hint(crate::i18n::tr(
            "换一个文本文件名（.txt、.md）",
            "name a text file (.txt, .md)",
        ))
    })
}

/// A format's name on the command line.
fn name<F: ValueEnum>(format: F) -> String {
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_of(args: &[&str]) -> Result<()> {
        use crate::cli::{Cli, Command};
        use clap::Parser;
        let mut all = vec!["consult"];
        all.extend(args);
        let cli = Cli::try_parse_from(all).unwrap_or_else(|e| panic!("{e}"));
        match &cli.command {
            Command::Report { format, output } => report(output.as_deref(), *format),
            Command::Letter { format, output, .. } => letter(output.as_deref(), *format),
            Command::Export { format, output, .. } => export(output.as_deref(), *format),
            Command::Diff(args) => diff(args.output.as_deref(), args.format),
            _ => Ok(()),
        }
    }

    #[test]
    fn a_file_named_for_another_format_is_refused() {
        for args in [
            &["report", "-o", "r.xlsx"][..],
            &["report", "--format", "csv", "-o", "r.DOCX"],
            &["letter", "-o", "l.docx"],
            &["export", "v2", "--format", "md", "-o", "v2.html"],
            &["diff", "v1", "v2", "-o", "d.html"],
            &["diff", "v1", "v2", "--format", "json", "-o", "d.html"],
            &["diff", "v1", "v2", "--format", "table", "-o", "d.json"],
        ] {
            assert!(check_of(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn t16_m3_text_into_a_document_no_format_writes_is_refused() {
        for args in [
            &["diff", "v1", "v2", "-o", "x.docx"][..],
            &["diff", "v1", "v2", "--format", "table", "-o", "t.DOCX"],
            &["diff", "v1", "v2", "-o", "y.pdf"],
            &["diff", "v1", "v2", "-o", "y.xlsx"],
            &["diff", "v1", "v2", "-o", "x.csv"],
            &["export", "v2", "--format", "md", "-o", "v2.pdf"],
            &["letter", "-o", "l.xlsx"],
        ] {
            assert!(check_of(args).is_err(), "{args:?}");
        }
        // What the command writes is still written.
        for args in [
            &["report", "--format", "csv", "-o", "r.csv"][..],
            &["export", "v2", "--format", "docx", "-o", "v2.docx"],
        ] {
            assert!(check_of(args).is_ok(), "{args:?}");
        }
    }

    #[test]
    fn a_file_named_for_its_format_or_for_none_is_written() {
        for args in [
            &["report", "-o", "r.md"][..],
            &["report", "--format", "xlsx", "-o", "汇总表.xlsx"],
            &["report", "-o", "summary"],
            &["report", "-o", "summary.txt"],
            &["letter", "--format", "docx", "-o", "l.docx"],
            &["export", "v2", "--format", "html", "-o", "v2.htm"],
            &["diff", "v1", "v2", "-o", "d.txt"],
            &["diff", "v1", "v2", "-o", "a.diff.md"],
            &["diff", "v1", "v2", "--format", "table", "-o", "对照表.html"],
            &["diff", "v1", "v2", "--format", "table", "-o", "对照表.md"],
            &["diff", "v1", "v2", "--format", "unified", "-o", "d.patch"],
            &["status"],
        ] {
            assert!(check_of(args).is_ok(), "{args:?}");
        }
    }
}
