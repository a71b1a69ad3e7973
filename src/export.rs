//! `consult export VERSION --format docx|html [--redline-from V]`: a version
//! as an official document, or a redline between two versions.
//!
//! [`official_document`] lays a draft out for the .docx writer (title, the
//! （征求意见稿） line, preamble, clauses, closing); [`html_page`] gives one
//! self-contained page in the same layout. [`redline_document`] compares two
//! versions with the diff engine, character by character inside clauses,
//! and turns every inserted or deleted stretch into a tracked change, so
//! that accepting all changes in Word gives the new version and rejecting
//! all gives the old one. A moved clause is deleted at its old place and
//! inserted at its new one. [`redline_html`] is the diff's HTML redline.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::diff::{Change, ClauseDiff, Op, Part, Segment, Side};
use crate::docx::{OfficialDocument, OfficialPara, OfficialRun, ParaKind, RunChange};
use crate::draft::{Block, BlockKind, Draft};
use crate::error::Result;
use crate::workspace::Workspace;

/// An export to .docx or HTML.
pub struct Request<'a> {
    /// The version exported (its name).
    pub version: &'a str,
    pub draft: &'a Draft,
    /// .docx, else HTML.
    pub docx: bool,
    /// Show the changes from this version.
    pub redline_from: Option<&'a str>,
    /// The date of the document and of its changes.
    pub now: DateTime<FixedOffset>,
    /// The output file (named in errors).
    pub output: Option<&'a Path>,
}

/// The exported bytes and the warnings to show.
pub fn render(ws: &Workspace, request: &Request<'_>) -> Result<(Vec<u8>, Vec<String>)> {
    let stamp = Stamp {
        author: ws.consultation().issuer.clone(),
        date: request.now,
    };
    let to = (request.version, request.draft.source());
    let from = match request.redline_from {
        Some(v) => {
            let text = crate::files::read_text(&ws.require_version(v)?)?;
            let draft = with_revised_subtitle(ws, v, Draft::parse_owned(text));
            Some((v, draft.source().to_string()))
        }
        None => None,
    };
    let docx = |doc: &OfficialDocument| {
        crate::docx::write_docx(doc)
            .map_err(|e| e.into_error(request.output.unwrap_or(Path::new("-"))))
    };
    Ok(match (request.docx, &from) {
        (true, Some((v, src))) => {
            let (doc, warnings) = redline_document((v, src), to, &stamp);
            (docx(&doc)?, warnings)
        }
        (true, None) => (docx(&official_document(request.draft, &stamp))?, Vec::new()),
        (false, Some((v, src))) => redline_html((v, src), to),
        (false, None) => (html_page(request.draft).into_bytes(), Vec::new()),
    })
}

/// The subtitle of a revised version when consult.yaml sets none.
pub const DEFAULT_REVISED_SUBTITLE: &str = "修改稿";

/// `draft` as a revised version is exported: when `version` was produced
/// by `revise` (it has a `revisions/<version>.yaml` record), its subtitle
/// line （征求意见稿） becomes consult.yaml's `revised_subtitle` (default
/// 修改稿) — a revised version never carries the consulted version's
/// subtitle. Other drafts are returned unchanged.
pub fn with_revised_subtitle(ws: &Workspace, version: &str, draft: Draft) -> Draft {
    let consultation = ws.consultation();
    let revised = crate::diff::provenance::path(ws.root(), version).is_file();
    if version == consultation.consulting || !revised {
        return draft;
    }
    let revised = consultation
        .revised_subtitle
        .as_deref()
        .unwrap_or(DEFAULT_REVISED_SUBTITLE);
    let source = draft.source();
    let mut out = String::with_capacity(source.len());
    let mut done = false;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if !done && i < 8 && is_subtitle(t) && t.contains("征求意见稿") {
            out.push_str(&line.replacen("征求意见稿", revised, 1));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if done { Draft::parse(&out) } else { draft }
}

/// Who wrote the document and when (the issuer, now).
#[derive(Debug, Clone)]
pub struct Stamp {
    pub author: String,
    pub date: DateTime<FixedOffset>,
}

/// A draft laid out as an official document.
pub fn official_document(draft: &Draft, stamp: &Stamp) -> OfficialDocument {
    let blocks = draft.blocks();
    let title_at = title_index(draft);
    let mut rest: Vec<&Block> = blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_at)
        .map(|(_, b)| b)
        .collect();
    let subtitle = match (title_at, rest.first()) {
        (Some(t), Some(first))
            if is_subtitle(&first.text) && title_at_is_before(blocks, t, first) =>
        {
            let s = first.text.clone();
            rest.remove(0);
            Some(s)
        }
        _ => None,
    };
    OfficialDocument {
        title: title_at.map(|_| draft.title.clone()).unwrap_or_default(),
        subtitle,
        paragraphs: rest.into_iter().map(official_para).collect(),
        author: stamp.author.clone(),
        date: stamp.date,
    }
}

/// Where the title block is among the draft's blocks.
fn title_index(draft: &Draft) -> Option<usize> {
    if draft.title.is_empty() {
        return None;
    }
    let blocks = draft.blocks();
    blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Heading(_)) && b.text == draft.title)
        .or_else(|| blocks.iter().position(|b| b.text == draft.title))
}

/// Whether `block` comes right after the title (the subtitle line must).
fn title_at_is_before(blocks: &[Block], title: usize, block: &Block) -> bool {
    blocks
        .get(title + 1)
        .is_some_and(|b| std::ptr::eq(b, block))
}

/// `（征求意见稿）`, `(送审稿)`: a short bracketed line under the title.
fn is_subtitle(text: &str) -> bool {
    let t = text.trim();
    let open = t.starts_with('（') || t.starts_with('(');
    let close = t.ends_with('）') || t.ends_with(')');
    open && close && t.chars().count() <= 30 && !t.contains(['。', '\n'])
}

/// A plain line heading a part of the draft, as drafts are typed: 第一章
/// 总则, 第二节 …, 一、总体要求 — short, with no sentence punctuation. It is
/// written as a heading (黑体, kept on the page of the text after it),
/// never left alone at the foot of a page. 第X条 lines are clauses.
fn is_heading_line(text: &str) -> bool {
    const NUMERALS: &str = "〇零一二三四五六七八九十百千两0123456789０１２３４５６７８９";
    let t = text.trim();
    if t.chars().count() > 30 || t.contains(['。', '；', ';', '，', ',', '：', '\n']) {
        return false;
    }
    let rest = t.trim_start_matches(|c| NUMERALS.contains(c));
    let numbered = rest.len() < t.len();
    if numbered && rest.starts_with('、') {
        return rest.chars().count() > 1;
    }
    let Some(after) = t.strip_prefix('第') else {
        return false;
    };
    let rest = after.trim_start_matches(|c| NUMERALS.contains(c));
    rest.len() < after.len() && rest.starts_with(['章', '节', '编'])
}

fn official_para(block: &Block) -> OfficialPara {
    match block.kind {
        BlockKind::Heading(_) => OfficialPara::new(ParaKind::Heading, block.text.clone()),
        BlockKind::Paragraph if is_heading_line(&block.text) => {
            OfficialPara::new(ParaKind::Heading, block.text.clone())
        }
        BlockKind::Table => OfficialPara {
            kind: ParaKind::Table(
                block
                    .text
                    .split('\n')
                    .map(|row| {
                        row.split('\t')
                            .map(|c| vec![OfficialRun::plain(c)])
                            .collect()
                    })
                    .collect(),
            ),
            runs: Vec::new(),
        },
        _ => OfficialPara::new(ParaKind::Body, block.text.clone()),
    }
}

// ---------------------------------------------------------------------------
// Redline

/// The .docx redline from `from` to `to` (each a name and its Markdown),
/// and the diff's warnings.
pub fn redline_document(
    from: (&str, &str),
    to: (&str, &str),
    stamp: &Stamp,
) -> (OfficialDocument, Vec<String>) {
    let kinds = block_kinds(&[from.1, to.1]);
    let (old, new, warnings) = crate::diff::sides_from_markdown(from, to);
    let diff = crate::diff::diff_sides(&old, &new, crate::diff::By::Char);
    let mut doc = OfficialDocument {
        title: String::new(),
        subtitle: None,
        paragraphs: Vec::new(),
        author: stamp.author.clone(),
        date: stamp.date,
    };
    // The subtitle line goes under the title line; a changed title is a
    // paragraph of its own, and so is the subtitle after it.
    let mut subtitle_allowed = true;
    for entry in in_document_order(&diff.clauses, &old) {
        let paras = match entry {
            Placed::Entry(c) if c.part == Part::Title => {
                subtitle_allowed = title(&mut doc, c);
                continue;
            }
            Placed::Entry(c) if c.change == Change::Moved => {
                whole(c.new.map(|u| u.text.as_str()), RunChange::Insert)
            }
            Placed::Entry(c) => paragraphs(&c.segments),
            Placed::MovedFrom(c) => whole(c.old.map(|u| u.text.as_str()), RunChange::Delete),
        };
        let preamble = matches!(entry, Placed::Entry(c) if c.part == Part::Preamble);
        push_paragraphs(&mut doc, paras, preamble, subtitle_allowed, &kinds);
    }
    (doc, warnings)
}

/// An entry of the redline in the order it appears in the document.
#[derive(Clone, Copy)]
enum Placed<'d, 'a> {
    Entry(&'d ClauseDiff<'a>),
    /// The old place of a moved clause.
    MovedFrom(&'d ClauseDiff<'a>),
}

/// The diff's entries, with each moved clause also deleted at its old
/// place: before the first unmoved entry that came after it in the old
/// version.
fn in_document_order<'d, 'a>(entries: &'d [ClauseDiff<'a>], old: &Side) -> Vec<Placed<'d, 'a>> {
    let old_index = |c: &ClauseDiff<'_>| {
        c.old
            .and_then(|u| old.units.iter().position(|o| std::ptr::eq(o, u)))
    };
    let mut moved: Vec<(usize, &'d ClauseDiff<'a>)> = entries
        .iter()
        .filter(|c| c.change == Change::Moved)
        .filter_map(|c| old_index(c).map(|i| (i, c)))
        .collect();
    moved.sort_by_key(|(i, _)| *i);
    let mut pending = moved.into_iter().peekable();
    let mut out = Vec::with_capacity(entries.len() + 4);
    for entry in entries {
        if entry.change != Change::Moved
            && let Some(at) = old_index(entry)
        {
            while let Some((_, m)) = pending.next_if(|(i, _)| *i < at) {
                out.push(Placed::MovedFrom(m));
            }
        }
        if entry.part == Part::Closing {
            out.extend(pending.by_ref().map(|(_, m)| Placed::MovedFrom(m)));
        }
        out.push(Placed::Entry(entry));
    }
    out.extend(pending.map(|(_, m)| Placed::MovedFrom(m)));
    out
}

/// The title: plain when unchanged; a changed title is written as a
/// tracked heading paragraph (the writer's title line takes no changes).
/// Returns whether the title line holds the title.
fn title(doc: &mut OfficialDocument, entry: &ClauseDiff<'_>) -> bool {
    if entry.segments.iter().all(|s| s.op == Op::Equal) {
        doc.title = entry.new_text();
        return true;
    }
    for runs in paragraphs(&entry.segments) {
        doc.paragraphs.push(OfficialPara {
            kind: ParaKind::Heading,
            runs,
        });
    }
    false
}

/// Text wholly inserted or deleted, one paragraph a line.
fn whole(text: Option<&str>, change: RunChange) -> Vec<Vec<OfficialRun>> {
    text.unwrap_or_default()
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            vec![OfficialRun {
                text: l.to_string(),
                change,
            }]
        })
        .collect()
}

/// Segments split into paragraphs at their line breaks, as tracked runs.
fn paragraphs(segments: &[Segment<'_>]) -> Vec<Vec<OfficialRun>> {
    let mut out = Vec::new();
    let mut current: Vec<OfficialRun> = Vec::new();
    for seg in segments {
        let change = match seg.op {
            Op::Equal => RunChange::None,
            Op::Insert => RunChange::Insert,
            Op::Delete => RunChange::Delete,
        };
        for (i, piece) in seg.text.split('\n').enumerate() {
            if i > 0 {
                out.push(std::mem::take(&mut current));
            }
            if piece.is_empty() {
                continue;
            }
            match current.last_mut() {
                Some(last) if last.change == change => last.text.push_str(piece),
                _ => current.push(OfficialRun {
                    text: piece.to_string(),
                    change,
                }),
            }
        }
    }
    out.push(current);
    out.retain(|p| !p.is_empty());
    out
}

/// The text of runs as it reads with changes accepted (or rejected).
fn side_text(runs: &[OfficialRun], accepted: bool) -> String {
    let hidden = if accepted {
        RunChange::Delete
    } else {
        RunChange::Insert
    };
    runs.iter()
        .filter(|r| r.change != hidden)
        .map(|r| r.text.as_str())
        .collect()
}

/// Add paragraphs; in the preamble, a （征求意见稿） line first becomes the
/// subtitle: the document's own when unchanged under an unchanged title
/// (`title_line`), else a centred subtitle paragraph carrying its tracked
/// changes (never an indented body line).
fn push_paragraphs(
    doc: &mut OfficialDocument,
    paras: Vec<Vec<OfficialRun>>,
    preamble: bool,
    title_line: bool,
    kinds: &HashMap<String, BlockKind>,
) {
    for (i, runs) in paras.into_iter().enumerate() {
        let new = side_text(&runs, true);
        let unchanged = runs.iter().all(|r| r.change == RunChange::None);
        if title_line
            && preamble
            && i == 0
            && unchanged
            && doc.subtitle.is_none()
            && is_subtitle(&new)
        {
            doc.subtitle = Some(new);
            continue;
        }
        let old = side_text(&runs, false);
        if [&new, &old].iter().any(|t| is_table_row(t, kinds)) {
            push_row(doc, &runs);
            continue;
        }
        if preamble && i == 0 && doc.subtitle.is_none() && is_subtitle(&new) && is_subtitle(&old) {
            doc.paragraphs.push(OfficialPara {
                kind: ParaKind::Subtitle,
                runs,
            });
            continue;
        }
        let heading = [&new, &old].iter().any(|t| {
            matches!(kinds.get(t.as_str()), Some(BlockKind::Heading(_)))
                || (kinds.get(t.as_str()) == Some(&BlockKind::Paragraph) && is_heading_line(t))
        });
        doc.paragraphs.push(OfficialPara {
            kind: if heading {
                ParaKind::Heading
            } else {
                ParaKind::Body
            },
            runs,
        });
    }
}

/// The kind of every block text of these drafts, and each row of their
/// tables (cells joined by tabs) as [`BlockKind::Table`].
fn block_kinds(sources: &[&str]) -> HashMap<String, BlockKind> {
    let mut kinds = HashMap::new();
    for source in sources {
        for b in Draft::parse(source).blocks() {
            if b.kind == BlockKind::Table {
                for row in b.text.split('\n') {
                    kinds.insert(row.to_string(), BlockKind::Table);
                }
            }
            kinds
                .entry(b.text.clone())
                .or_insert_with(|| b.kind.clone());
        }
    }
    kinds
}

/// Whether `text` is a row of one of the drafts' tables.
fn is_table_row(text: &str, kinds: &HashMap<String, BlockKind>) -> bool {
    text.contains('\t') && kinds.get(text) == Some(&BlockKind::Table)
}

/// Add a table row (its runs, cells parted by tabs) to the table the
/// redline ends with, or start one: a table stays a table, its changes
/// tracked in the cells.
fn push_row(doc: &mut OfficialDocument, runs: &[OfficialRun]) {
    let mut cells: Vec<Vec<OfficialRun>> = vec![Vec::new()];
    for run in runs {
        for (i, piece) in run.text.split('\t').enumerate() {
            if i > 0 {
                cells.push(Vec::new());
            }
            if !piece.is_empty() {
                cells.last_mut().expect("a cell").push(OfficialRun {
                    text: piece.to_string(),
                    change: run.change,
                });
            }
        }
    }
    match doc.paragraphs.last_mut() {
        Some(OfficialPara {
            kind: ParaKind::Table(rows),
            ..
        }) => rows.push(cells),
        _ => doc.paragraphs.push(OfficialPara {
            kind: ParaKind::Table(vec![cells]),
            runs: Vec::new(),
        }),
    }
}

/// The HTML redline (`consult diff --format html`) of two versions.
pub fn redline_html(from: (&str, &str), to: (&str, &str)) -> (Vec<u8>, Vec<String>) {
    let (old, new, warnings) = crate::diff::sides_from_markdown(from, to);
    let diff = crate::diff::diff_sides(&old, &new, crate::diff::By::Char);
    let mut buf = Vec::new();
    // Writing into memory cannot fail but for the template, which the diff
    // module's tests cover; an error leaves the page empty.
    if let Err(e) = crate::diff::render(&diff, crate::cli::DiffFormat::Html, false, false, &mut buf)
    {
        return (Vec::new(), vec![e.to_string()]);
    }
    (buf, warnings)
}

// ---------------------------------------------------------------------------
// HTML

/// The draft as one self-contained HTML page in the official layout.
pub fn html_page(draft: &Draft) -> String {
    let doc = official_document(
        draft,
        &Stamp {
            author: String::new(),
            date: DateTime::default(),
        },
    );
    let mut body = String::new();
    if !doc.title.is_empty() {
        body.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    }
    if let Some(s) = &doc.subtitle {
        body.push_str(&format!("<p class=\"subtitle\">{}</p>\n", escape(s)));
    }
    for para in &doc.paragraphs {
        let text: String = para.runs.iter().map(|r| r.text.as_str()).collect();
        match &para.kind {
            ParaKind::Heading => body.push_str(&format!("<h2>{}</h2>\n", escape(&text))),
            ParaKind::Table(rows) => body.push_str(&html_table(rows)),
            _ => body.push_str(&format!("<p>{}</p>\n", escape(&text))),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"consult {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main class=\"page\">\n{body}</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&draft.title)
    )
}

fn html_table(rows: &[Vec<Vec<OfficialRun>>]) -> String {
    let mut out = String::from("<table>\n");
    for (i, row) in rows.iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        out.push_str("<tr>");
        for cell in row {
            let text: String = cell.iter().map(|r| r.text.as_str()).collect();
            out.push_str(&format!("<{tag}>{}</{tag}>", escape(&text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// GB/T 9704 on screen and in print: A4, margins 37/26/35/28 mm, title in
/// 方正小标宋简体 22 pt, body in 仿宋_GB2312 16 pt on a 28.95 pt line.
const CSS: &str = r#"@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #eee; }
body { margin: 0; }
.page { box-sizing: content-box; width: 156mm; min-height: 225mm; margin: 10mm auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; color: #000; box-shadow: 0 0 3mm rgba(0,0,0,.25);
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", serif;
  font-size: 16pt; line-height: 28.95pt; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "STZhongsong", "SimSun", serif;
  font-size: 22pt; font-weight: normal; line-height: 1.4; text-align: center; margin: 0 0 0.5em; }
.subtitle { font-family: "楷体_GB2312", "KaiTi", "STKaiti", serif; text-align: center; text-indent: 0; margin-bottom: 28.95pt; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h2 { font-family: "黑体", "SimHei", "STHeiti", sans-serif; font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
table { border-collapse: collapse; margin: 0.5em auto; font-size: 14pt; line-height: 1.5; }
th, td { border: 1px solid #000; padding: 2pt 6pt; text-align: center; font-weight: normal; }
@media print { html { background: none; } .page { margin: 0; padding: 0; width: auto; min-height: 0; box-shadow: none; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::{View, read_docx, write_docx};

    const V1: &str = include_str!("../drafts/v1.md");

    fn stamp() -> Stamp {
        Stamp {
            author: "市科技局".into(),
            date: DateTime::parse_from_rfc3339("2023-05-29T09:30:00+08:00").unwrap_or_default(),
        }
    }

    fn squeeze(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn read(doc: &OfficialDocument) -> crate::docx::DocxDocument {
        read_docx(&write_docx(doc).unwrap_or_default()).unwrap_or_default()
    }

    #[test]
    fn the_official_text_is_the_txt_export() {
        let draft = Draft::parse(V1);
        let doc = official_document(&draft, &stamp());
        assert_eq!(doc.subtitle.as_deref(), Some("（征求意见稿）"));
        assert!(doc.title.ends_with("的若干政策"));
        let back = read(&doc);
        assert_eq!(
            squeeze(&back.plain_text(View::All)),
            squeeze(&draft.to_text())
        );
    }

    #[test]
    fn headings_and_tables_keep_their_kind() {
        let md =
            "# 标题\n\n## 一、总则\n\n1.甲。\n\n| 单位 | 金额 |\n| --- | --- |\n| 市科技局 | 1 |\n";
        let doc = official_document(&Draft::parse(md), &stamp());
        assert_eq!(doc.subtitle, None);
        assert_eq!(doc.paragraphs[0].kind, ParaKind::Heading);
        assert_eq!(doc.paragraphs[1].kind, ParaKind::Body);
        let ParaKind::Table(rows) = &doc.paragraphs[2].kind else {
            panic!("not a table: {:?}", doc.paragraphs[2]);
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1][0], vec![OfficialRun::plain("市科技局")]);
        let page = html_page(&Draft::parse(md));
        assert!(page.contains("<h1>标题</h1>") && page.contains("<h2>一、总则</h2>"));
        assert!(page.contains("<th>单位</th>") && page.contains("<td>市科技局</td>"));
    }

    fn v2() -> String {
        V1.replace(
            "市外办，各县级市（区）人民政府<管委会>）",
            "市外办、市人社局，各县级市（区）人民政府<管委会>）",
        )
        .replace("给予最高300万元的研发费资助", "给予最高500万元的研发费资助")
        .replace("\n\n新增资金测算：0万元\n\n6.", "\n\n6.")
    }

    fn redline_texts(from: &str, to: &str) -> (String, String) {
        let (doc, _) = redline_document(("v1", from), ("v2", to), &stamp());
        let back = read(&doc);
        (
            back.plain_text(View::Accepted),
            back.plain_text(View::Rejected),
        )
    }

    #[test]
    fn accepting_gives_the_new_text_and_rejecting_the_old() {
        let new = v2();
        let (accepted, rejected) = redline_texts(V1, &new);
        assert_eq!(squeeze(&accepted), squeeze(&Draft::parse(&new).to_text()));
        assert_eq!(squeeze(&rejected), squeeze(&Draft::parse(V1).to_text()));
        // Whole paragraphs appear and vanish as paragraphs.
        let old_lines: Vec<String> = Draft::parse(V1)
            .to_text()
            .lines()
            .map(str::to_string)
            .collect();
        let new_lines: Vec<String> = Draft::parse(&new)
            .to_text()
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(accepted.lines().collect::<Vec<_>>(), new_lines);
        assert_eq!(rejected.lines().collect::<Vec<_>>(), old_lines);
    }

    #[test]
    fn changes_are_character_level_and_stamped() {
        let (doc, _) = redline_document(("v1", V1), ("v2", &v2()), &stamp());
        let changed: Vec<(&str, RunChange)> = doc
            .paragraphs
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| r.change != RunChange::None)
            .map(|r| (r.text.as_str(), r.change))
            .collect();
        assert_eq!(
            changed,
            [
                ("300", RunChange::Delete),
                ("500", RunChange::Insert),
                ("、市人社局", RunChange::Insert),
                ("新增资金测算：0万元", RunChange::Delete),
            ]
        );
        let back = read(&doc);
        assert!(back.revisions.iter().all(|r| r.author == "市科技局"));
    }

    #[test]
    fn moved_inserted_and_deleted_clauses() {
        let md = "# 题\n\n1.甲甲甲甲甲甲甲甲。\n\n2.乙乙乙乙乙乙乙乙。\n\n3.丙丙丙丙丙丙丙丙。\n\n4.丁丁丁丁丁丁丁丁。\n\n结尾。\n";
        for to in [
            "# 题\n\n1.丙丙丙丙丙丙丙丙。\n\n2.甲甲甲甲甲甲甲甲。\n\n3.乙乙乙乙乙乙乙乙。\n\n4.丁丁丁丁丁丁丁丁。\n\n结尾。\n",
            "# 题\n\n1.甲甲甲甲甲甲甲甲。\n\n2.新新新新新新新新。\n\n3.乙乙乙乙乙乙乙乙。\n\n4.丁丁丁丁丁丁丁丁。\n\n结尾。\n",
            "# 新题\n\n（送审稿）\n\n1.甲甲甲甲甲甲甲甲。\n\n2.丁丁丁丁丁丁丁丁。\n",
        ] {
            let (accepted, rejected) = redline_texts(md, to);
            assert_eq!(
                squeeze(&accepted),
                squeeze(&Draft::parse(to).to_text()),
                "{to}"
            );
            assert_eq!(
                squeeze(&rejected),
                squeeze(&Draft::parse(md).to_text()),
                "{to}"
            );
        }
        // A new title over the same subtitle: both stay in order.
        let from = "# 旧题\n\n（征求意见稿）\n\n1.甲。\n";
        let to = "# 新的题目\n\n（征求意见稿）\n\n1.甲。\n";
        let (accepted, rejected) = redline_texts(from, to);
        assert_eq!(accepted, "新的题目\n（征求意见稿）\n1.甲。");
        assert_eq!(rejected, "旧题\n（征求意见稿）\n1.甲。");
    }

    #[test]
    fn subtitles() {
        assert!(is_subtitle("（征求意见稿）"));
        assert!(is_subtitle("(送审稿)"));
        assert!(!is_subtitle("（一）支持。"));
        assert!(!is_subtitle("征求意见稿"));
    }
}

#[cfg(test)]
mod heading_line_tests {
    use super::is_heading_line;

    #[test]
    fn part_headings_typed_as_plain_lines() {
        for heading in [
            "第一章　总则",
            "第十二章 附则",
            "第二节　资金管理",
            "一、总体要求",
            "十、保障措施",
        ] {
            assert!(is_heading_line(heading), "{heading}");
        }
        for not in [
            "第一条　为了促进科技创新，制定本规定。",
            "第三条",
            "一、加强领导。各地要高度重视。",
            "（一）企业；",
            "新增资金测算：2000万元",
            "第一章是总则，规定了目的。",
            "一、",
        ] {
            assert!(!is_heading_line(not), "{not}");
        }
    }
}
