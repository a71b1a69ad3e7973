//! The 意见采纳情况汇总表: every opinion received with its disposition, the
//! counts of bodies and opinions, and the rule 逾期反馈或不反馈，视为无修改意见
//! with the bodies it applies to — as Markdown, CSV, XLSX, HTML and DOCX.
//!
//! [`build`] turns the consultation, its replies and decisions into a
//! [`Report`] judged at one instant; the renderers turn a report into bytes.
//! Official documents are always Chinese, whatever `--lang` says.

use std::collections::HashMap;
use std::fmt::Write as _;

use askama::Template;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use crate::consultation::Consultation;
use crate::deadline::{chinese_date, chinese_weekday};
use crate::decision::Decision;
use crate::docx::{
    CellAlign, OfficialDocument, OfficialPara, OfficialRun, OfficialTable, Orientation, ParaKind,
};
use crate::error::{Error, Result};
use crate::opinion::{Disposition, Edit, OpinionView};
use crate::reply::ReplyRecord;
use crate::status::State;
use crate::workspace::Workspace;

/// The rule every 征求意见函 states, applied by the report.
pub const RULE: &str = "逾期反馈或不反馈，视为无修改意见";

/// The table's columns, as printed.
pub const COLUMNS: [&str; 6] = ["序号", "单位", "条款", "意见内容", "采纳情况", "理由或说明"];

/// The report as of one instant.
#[derive(Debug, Clone)]
pub struct Report {
    /// 《…》征求意见采纳情况汇总表.
    pub title: String,
    /// The draft's title without （征求意见稿）.
    pub draft_title: String,
    /// Who signs it (the issuer's full name).
    pub issuer: String,
    /// 2023年5月26日（周五）下班前.
    pub deadline: String,
    /// The instant it is judged at.
    pub now: DateTime<FixedOffset>,
    /// 2023年5月29日（周一）9:00.
    pub as_of: String,
    /// 2023年5月29日: the date it is signed.
    pub date: String,
    /// Whether the deadline has passed.
    pub closed: bool,
    pub bodies: BodyCounts,
    pub opinions: OpinionCounts,
    /// Bodies with no reply after the deadline (deemed no objection).
    pub silent: Vec<String>,
    /// Bodies whose only replies came after the deadline (deemed no objection).
    pub late: Vec<String>,
    /// On-time opinions first, then late ones; numbered 1, 2, … throughout.
    pub rows: Vec<Row>,
}

/// How many consulted bodies are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodyCounts {
    pub total: usize,
    pub replied: usize,
    pub no_objection: usize,
    pub late: usize,
    /// Without any reply (pending or silent).
    pub unreplied: usize,
}

/// How many opinions have each disposition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpinionCounts {
    pub total: usize,
    pub adopted: usize,
    pub partially_adopted: usize,
    pub not_adopted: usize,
    pub noted: usize,
    pub pending: usize,
}

/// One opinion's line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 序号, from 1.
    pub number: usize,
    pub department: String,
    /// 第5条 (第五条 for a draft labelled 第X条), or 总体 for a general
    /// opinion.
    pub clause: String,
    /// The clause's number, None for a general opinion.
    pub clause_number: Option<u32>,
    pub text: String,
    /// 采纳 / 部分采纳 / 不采纳 / 已知悉 / 待定.
    pub disposition: &'static str,
    /// The reason given, else what was adopted.
    pub reason: String,
    /// Received after the deadline.
    pub late: bool,
    pub id: String,
    /// 2023-05-24 16:20, in the consultation's time zone.
    pub received: String,
}

impl Report {
    /// The on-time rows.
    pub fn on_time(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| !r.late)
    }

    /// The late rows.
    pub fn late_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.late)
    }
}

// ---------------------------------------------------------------------------
// Building.

/// The report of the workspace as of `now`.
pub fn load(ws: &Workspace, now: DateTime<FixedOffset>) -> Result<Report> {
    let replies: Vec<ReplyRecord> = crate::reply::load_all(ws.root())?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let decisions = crate::decision::load_all(ws.root())?;
    let mut report = build(ws.consultation(), &replies, &decisions, now);
    let consulted = ws.load_draft(&ws.consultation().consulting)?;
    report.cite_clauses(crate::clause_style::ClauseStyle::of_draft(&consulted));
    Ok(report)
}

impl Report {
    /// Cite every row's clause in `style` (as the consulted draft labels
    /// its clauses).
    pub fn cite_clauses(&mut self, style: crate::clause_style::ClauseStyle) {
        for row in &mut self.rows {
            if let Some(n) = row.clause_number {
                row.clause = style.cite(n);
            }
        }
    }
}

/// The report of `replies` and `decisions` as of `now`: replies received
/// after `now` have not arrived yet.
pub fn build(
    consultation: &Consultation,
    replies: &[ReplyRecord],
    decisions: &HashMap<String, Decision>,
    now: DateTime<FixedOffset>,
) -> Report {
    let arrived: Vec<ReplyRecord> = replies
        .iter()
        .filter(|r| r.withdrawn.is_none() && r.received_at().is_some_and(|t| t <= now))
        .cloned()
        .collect();
    let status = crate::status::compute(consultation, &arrived, now);
    let mut opinions = crate::ledger::collect(&arrived, consultation);
    opinions.retain(|o| !o.withdrawn);
    crate::decision::apply(&mut opinions, decisions);
    let names_of = |state: State| -> Vec<String> {
        status
            .departments
            .iter()
            .filter(|d| d.state == state)
            .map(|d| d.name.clone())
            .collect()
    };
    let c = &status.counts;
    let tz = consultation.timezone;
    let local_now = now.with_timezone(&tz).fixed_offset();
    let draft_title = strip_draft_mark(&consultation.title);
    Report {
        title: format!("《{draft_title}》征求意见采纳情况汇总表"),
        draft_title,
        issuer: issuer_name(consultation),
        deadline: consultation.deadline_chinese(),
        now: local_now,
        as_of: chinese_moment(local_now),
        date: chinese_date(local_now),
        closed: status.closed,
        bodies: BodyCounts {
            total: c.total,
            replied: c.replied,
            no_objection: c.no_objection,
            late: c.late,
            unreplied: c.pending + c.silent,
        },
        opinions: count_opinions(&opinions),
        silent: names_of(State::Silent),
        late: names_of(State::Late),
        rows: rows(consultation, opinions),
    }
}

/// The name a document is signed with: the issuer's full name, else its short name.
pub fn issuer_name(consultation: &Consultation) -> String {
    consultation
        .issuer_full_name
        .clone()
        .unwrap_or_else(|| consultation.issuer.clone())
}

/// The title without a trailing （征求意见稿） (any bracket width, any spacing).
pub fn strip_draft_mark(title: &str) -> String {
    let trimmed = title.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        let Some(rest) = trimmed.strip_suffix(close) else {
            continue;
        };
        let rest = rest.trim_end();
        let Some(inner) = rest.strip_suffix("征求意见稿") else {
            continue;
        };
        if let Some(before) = inner.trim_end().strip_suffix(open) {
            let before = before.trim_end();
            if !before.is_empty() {
                return before.to_string();
            }
        }
    }
    trimmed.to_string()
}

/// `2023年5月29日（周一）9:00`.
pub fn chinese_moment(t: DateTime<FixedOffset>) -> String {
    format!(
        "{}（{}）{}:{:02}",
        chinese_date(t),
        chinese_weekday(t),
        t.hour(),
        t.minute()
    )
}

fn count_opinions(opinions: &[OpinionView]) -> OpinionCounts {
    let mut counts = OpinionCounts::default();
    for o in opinions {
        counts.total += 1;
        match o.disposition {
            Disposition::Adopted => counts.adopted += 1,
            Disposition::PartiallyAdopted => counts.partially_adopted += 1,
            Disposition::NotAdopted => counts.not_adopted += 1,
            Disposition::Noted => counts.noted += 1,
            Disposition::Pending => counts.pending += 1,
        }
    }
    counts
}

/// The table: on time before late, each in the order of the list of
/// bodies, then of receipt.
fn rows(consultation: &Consultation, mut opinions: Vec<OpinionView>) -> Vec<Row> {
    let order: HashMap<&str, usize> = consultation
        .bodies
        .iter()
        .enumerate()
        .map(|(i, b)| (b.name.as_str(), i))
        .collect();
    let rank = |o: &OpinionView| {
        order
            .get(o.department.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    };
    // Stable: opinions arrive in receipt order.
    opinions.sort_by_key(|o| (o.late, rank(o)));
    opinions
        .into_iter()
        .enumerate()
        .map(|(i, o)| Row {
            number: i + 1,
            clause: o
                .clause
                .map_or_else(|| "总体".to_string(), |n| format!("第{n}条")),
            clause_number: o.clause,
            disposition: o.disposition.chinese(),
            reason: reason(&o),
            received: crate::printer::short_time(&o.received),
            department: o.department,
            text: o.text,
            late: o.late,
            id: o.id,
        })
        .collect()
}

/// The reason given; for an adopted opinion without one, what was adopted.
fn reason(o: &OpinionView) -> String {
    if let Some(reason) = o.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        return reason.to_string();
    }
    // As `revise` applies them: a partial adoption adopts only the edits
    // staff stated.
    let edits = match (o.disposition, &o.adopted_edits) {
        (Disposition::Adopted | Disposition::PartiallyAdopted, Some(stated)) => stated,
        (Disposition::Adopted, None) => &o.edits,
        _ => return String::new(),
    };
    edits.iter().map(edit_zh).collect::<Vec<_>>().join("；")
}

/// An edit in the words of an official document.
fn edit_zh(edit: &Edit) -> String {
    match edit {
        Edit::AddUnit { unit } => format!("责任单位增加{unit}"),
        Edit::RemoveUnit { unit } => format!("责任单位删除{unit}"),
        Edit::Replace { from, to } => format!("将“{from}”修改为“{to}”"),
        Edit::Delete { text } => format!("删除“{text}”"),
    }
}

// ---------------------------------------------------------------------------
// The sentences every format shares.

/// 征求意见单位25个，反馈意见的1个，…；共收到意见3条，其中采纳1条、….
pub fn counts_sentence(r: &Report) -> String {
    let (b, o) = (&r.bodies, &r.opinions);
    format!(
        "征求意见单位{}个，反馈意见的{}个，无修改意见{}个，逾期反馈{}个，未反馈{}个；\
         共收到意见{}条，其中采纳{}条、部分采纳{}条、不采纳{}条、已知悉{}条、待定{}条。",
        b.total,
        b.replied,
        b.no_objection,
        b.late,
        b.unreplied,
        o.total,
        o.adopted,
        o.partially_adopted,
        o.not_adopted,
        o.noted,
        o.pending
    )
}

/// When the figures were taken, and the deadline.
pub fn as_of_sentence(r: &Report) -> String {
    let state = if r.closed {
        "已截止"
    } else {
        "尚未截止"
    };
    format!(
        "以上情况统计截至{}。反馈截止时间为{}，征求意见{}。",
        r.as_of, r.deadline, state
    )
}

/// The rule applied, and to whom: one sentence, then the two lists.
pub fn rule_sentences(r: &Report) -> Vec<String> {
    if !r.closed {
        return vec![format!(
            "按照“{RULE}”的要求，截止后仍未反馈的单位视为无修改意见；目前尚未截止，暂无视为无修改意见的单位。"
        )];
    }
    let total = r.silent.len() + r.late.len();
    let mut out = vec![format!(
        "按照“{RULE}”的要求，以下{total}个单位视为无修改意见："
    )];
    out.push(format!(
        "未反馈的（{}个）：{}。",
        r.silent.len(),
        names(&r.silent)
    ));
    out.push(format!(
        "逾期反馈的（{}个）：{}。",
        r.late.len(),
        names(&r.late)
    ));
    if r.late_rows().next().is_some() {
        out.push("逾期反馈的意见在第二部分单独列出，供参考。".to_string());
    }
    out
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "无".to_string()
    } else {
        list.join("、")
    }
}

/// The headings of the two parts of the table.
const ON_TIME_HEADING: &str = "一、按期反馈的意见";
const LATE_HEADING: &str = "二、逾期反馈的意见";

/// A row's six printed cells.
fn cells(row: &Row) -> [String; 6] {
    [
        row.number.to_string(),
        row.department.clone(),
        row.clause.clone(),
        row.text.clone(),
        row.disposition.to_string(),
        row.reason.clone(),
    ]
}

// ---------------------------------------------------------------------------
// Markdown.

/// The report as Markdown.
pub fn to_markdown(r: &Report) -> String {
    let mut out = format!("# {}\n\n", r.title);
    let _ = writeln!(out, "{}\n", counts_sentence(r));
    let _ = writeln!(out, "{}\n", as_of_sentence(r));
    let rule = rule_sentences(r);
    if let Some((first, rest)) = rule.split_first() {
        let _ = writeln!(out, "{first}\n");
        for line in rest {
            let _ = writeln!(out, "- {line}");
        }
        if !rest.is_empty() {
            out.push('\n');
        }
    }
    markdown_section(&mut out, ON_TIME_HEADING, r.on_time());
    markdown_section(&mut out, LATE_HEADING, r.late_rows());
    let _ = write!(out, "{}\n\n{}\n", r.issuer, r.date);
    out
}

fn markdown_section<'a>(out: &mut String, heading: &str, rows: impl Iterator<Item = &'a Row>) {
    let _ = writeln!(out, "## {heading}\n");
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        out.push_str("无。\n\n");
        return;
    }
    let _ = writeln!(out, "| {} |", COLUMNS.join(" | "));
    let _ = writeln!(out, "|---:|---|---|---|---|---|");
    for row in rows {
        let line: Vec<String> = cells(row).iter().map(|c| markdown_cell(c)).collect();
        let _ = writeln!(out, "| {} |", line.join(" | "));
    }
    out.push('\n');
}

/// A table cell: pipes escaped, line breaks as `<br>`.
fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("&lt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// CSV.

/// The CSV header: the printed columns, then 是否逾期, the opinion's id and
/// its receipt time.
pub const CSV_HEADER: [&str; 9] = [
    "序号",
    "单位",
    "条款",
    "意见内容",
    "采纳情况",
    "理由或说明",
    "是否逾期",
    "意见编号",
    "收到时间",
];

/// The report as CSV: UTF-8 with a BOM (so Excel reads it as UTF-8), one
/// header row, one row per opinion, RFC 4180 quoting and CRLF line ends.
pub fn to_csv(r: &Report) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    csv_line(&mut out, CSV_HEADER.iter().map(|s| s.to_string()));
    for row in &r.rows {
        let fields = [
            row.number.to_string(),
            row.department.clone(),
            row.clause.clone(),
            row.text.clone(),
            row.disposition.to_string(),
            row.reason.clone(),
            if row.late { "是" } else { "否" }.to_string(),
            row.id.clone(),
            row.received.clone(),
        ];
        csv_line(&mut out, fields.into_iter());
    }
    out.into_bytes()
}

fn csv_line(out: &mut String, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields.map(|f| csv_field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// One field: a text Excel would run as a formula (= + - @ first) gets a
/// leading apostrophe; a field holding a comma, quote or line break is
/// quoted, its quotes doubled.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

// ---------------------------------------------------------------------------
// XLSX.

/// The XLSX sheets' names.
pub const SHEET_TABLE: &str = "汇总表";
pub const SHEET_COUNTS: &str = "统计";

/// Widths of the 汇总表 columns, in Excel's character units (a Chinese
/// character is two): the least and the most.
const XLSX_WIDTHS: [(f64, f64); 9] = [
    (6.0, 8.0),
    (12.0, 28.0),
    (8.0, 10.0),
    (30.0, 60.0),
    (10.0, 12.0),
    (20.0, 40.0),
    (9.0, 10.0),
    (12.0, 16.0),
    (17.0, 18.0),
];

/// The report as an Excel workbook: 汇总表 (one row per opinion, a bold
/// filled frozen header with a filter) and 统计 (counts, the rule, the
/// bodies deemed to have no objection).
pub fn to_xlsx(r: &Report) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{DocProperties, Workbook};
    let mut book = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(&r.title)
        .set_author(&r.issuer)
        .set_company(&r.issuer);
    if let Some(time) = excel_time(r.now) {
        properties = properties.set_creation_datetime(&time);
    }
    book.set_properties(&properties);
    table_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    counts_sheet(book.add_worksheet(), r).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::usage(crate::t!(
        "写 .xlsx 失败：{}",
        "failed to write the .xlsx: {}",
        e
    ))
}

/// The creation time in UTC (so the same report gives the same bytes).
fn excel_time(t: DateTime<FixedOffset>) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let t = t.to_utc();
    let year = u16::try_from(t.year()).ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
        .ok()
}

/// The cell formats of both sheets.
struct Formats {
    header: rust_xlsxwriter::Format,
    cell: rust_xlsxwriter::Format,
    centre: rust_xlsxwriter::Format,
    late: rust_xlsxwriter::Format,
    late_centre: rust_xlsxwriter::Format,
    note: rust_xlsxwriter::Format,
}

impl Formats {
    fn new() -> Self {
        use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        let centre = base
            .clone()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let late_fill = 0x00FF_F2CC;
        Formats {
            header: centre.clone().set_bold().set_background_color(0x00D9_E1F2),
            late: base.clone().set_background_color(late_fill),
            late_centre: centre.clone().set_background_color(late_fill),
            cell: base,
            centre,
            note: Format::new()
                .set_font_name("宋体")
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

fn table_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: &Report,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let f = Formats::new();
    sheet.set_name(SHEET_TABLE)?;
    for (col, name) in CSV_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &f.header)?;
    }
    for (i, row) in r.rows.iter().enumerate() {
        let line = (i + 1) as u32;
        let (text, centre) = if row.late {
            (&f.late, &f.late_centre)
        } else {
            (&f.cell, &f.centre)
        };
        sheet.write_number_with_format(line, 0, row.number as f64, centre)?;
        sheet.write_string_with_format(line, 1, &row.department, text)?;
        sheet.write_string_with_format(line, 2, &row.clause, centre)?;
        sheet.write_string_with_format(line, 3, &row.text, text)?;
        sheet.write_string_with_format(line, 4, row.disposition, centre)?;
        sheet.write_string_with_format(line, 5, &row.reason, text)?;
        sheet.write_string_with_format(line, 6, if row.late { "是" } else { "否" }, centre)?;
        sheet.write_string_with_format(line, 7, &row.id, centre)?;
        sheet.write_string_with_format(line, 8, &row.received, centre)?;
    }
    for (col, width) in column_widths(r).into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, r.rows.len() as u32, (CSV_HEADER.len() - 1) as u16)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_header(format!("&C{}", r.title.replace('&', "&&")));
    Ok(())
}

/// Each column as wide as its widest cell (a Chinese character counts two),
/// within its bounds; wrapped text takes care of the rest.
fn column_widths(r: &Report) -> Vec<f64> {
    use unicode_width::UnicodeWidthStr;
    CSV_HEADER
        .iter()
        .enumerate()
        .map(|(col, header)| {
            let widest = r
                .rows
                .iter()
                .map(|row| xlsx_cell_text(row, col))
                .flat_map(|text| text.lines().map(|l| l.width()).collect::<Vec<_>>())
                .chain([header.width()])
                .max()
                .unwrap_or(0);
            let (least, most) = XLSX_WIDTHS.get(col).copied().unwrap_or((8.0, 40.0));
            (widest as f64 + 2.0).clamp(least, most)
        })
        .collect()
}

fn xlsx_cell_text(row: &Row, col: usize) -> String {
    match col {
        0 => row.number.to_string(),
        1 => row.department.clone(),
        2 => row.clause.clone(),
        3 => row.text.clone(),
        4 => row.disposition.to_string(),
        5 => row.reason.clone(),
        6 => "是".to_string(),
        7 => row.id.clone(),
        _ => row.received.clone(),
    }
}

fn counts_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: &Report,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let f = Formats::new();
    sheet.set_name(SHEET_COUNTS)?;
    sheet.write_string_with_format(0, 0, "项目", &f.header)?;
    sheet.write_string_with_format(0, 1, "数量", &f.header)?;
    let (b, o) = (&r.bodies, &r.opinions);
    let counts = [
        ("征求意见单位（个）", b.total),
        ("反馈意见的单位（个）", b.replied),
        ("无修改意见的单位（个）", b.no_objection),
        ("逾期反馈的单位（个）", b.late),
        ("未反馈的单位（个）", b.unreplied),
        ("收到意见（条）", o.total),
        ("采纳（条）", o.adopted),
        ("部分采纳（条）", o.partially_adopted),
        ("不采纳（条）", o.not_adopted),
        ("已知悉（条）", o.noted),
        ("待定（条）", o.pending),
    ];
    let mut line = 1u32;
    for (label, n) in counts {
        sheet.write_string_with_format(line, 0, label, &f.cell)?;
        sheet.write_number_with_format(line, 1, n as f64, &f.centre)?;
        line += 1;
    }
    line += 1;
    let facts = [
        ("统计时间", r.as_of.clone()),
        ("反馈截止", r.deadline.clone()),
        ("适用规则", RULE.to_string()),
    ];
    for (label, value) in facts {
        sheet.write_string_with_format(line, 0, label, &f.cell)?;
        sheet.write_string_with_format(line, 1, &value, &f.cell)?;
        line += 1;
    }
    line += 1;
    sheet.write_string_with_format(line, 0, "视为无修改意见的单位", &f.header)?;
    sheet.write_string_with_format(line, 1, "情况", &f.header)?;
    line += 1;
    let deemed = r
        .silent
        .iter()
        .map(|n| (n, "未反馈"))
        .chain(r.late.iter().map(|n| (n, "逾期反馈")));
    for (name, why) in deemed {
        sheet.write_string_with_format(line, 0, name, &f.cell)?;
        sheet.write_string_with_format(line, 1, why, &f.centre)?;
        line += 1;
    }
    if !r.closed {
        sheet.write_string_with_format(line, 0, "征求意见尚未截止，暂无", &f.note)?;
    }
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 34)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_paper_size(9);
    Ok(())
}

// ---------------------------------------------------------------------------
// HTML.

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    title: &'a str,
    counts: String,
    as_of: String,
    rule_head: String,
    rule_items: Vec<String>,
    on_time_heading: &'static str,
    late_heading: &'static str,
    columns: [&'static str; 6],
    on_time: Vec<[String; 6]>,
    late: Vec<[String; 6]>,
    issuer: &'a str,
    date: &'a str,
}

/// The report as one self-contained HTML page (no external font, style,
/// script or image), laid out for A4 printing.
pub fn to_html(r: &Report) -> Result<String> {
    let mut rule = rule_sentences(r).into_iter();
    let page = Page {
        title: &r.title,
        counts: counts_sentence(r),
        as_of: as_of_sentence(r),
        rule_head: rule.next().unwrap_or_default(),
        rule_items: rule.collect(),
        on_time_heading: ON_TIME_HEADING,
        late_heading: LATE_HEADING,
        columns: COLUMNS,
        on_time: r.on_time().map(cells).collect(),
        late: r.late_rows().map(cells).collect(),
        issuer: &r.issuer,
        date: &r.date,
    };
    page.render().map_err(|e| {
        Error::usage(crate::t!(
            "生成 HTML 失败：{}",
            "failed to render the HTML: {}",
            e
        ))
    })
}

// ---------------------------------------------------------------------------
// DOCX.

/// The report as an official Word document (GB/T 9704 layout on A4
/// landscape, where the six columns have room).
pub fn to_docx(r: &Report) -> Result<Vec<u8>> {
    let body = |text: String| OfficialPara::new(ParaKind::Body, text);
    let mut paragraphs = vec![
        OfficialPara::marker(ParaKind::Layout(Orientation::Landscape)),
        body(counts_sentence(r)),
        body(as_of_sentence(r)),
    ];
    // The tables right under the counts (the 汇总表 starts on page 1); the
    // bodies deemed to have no objection after them, kept with the
    // signature.
    for (heading, rows) in [
        (ON_TIME_HEADING, r.on_time().collect::<Vec<_>>()),
        (LATE_HEADING, r.late_rows().collect()),
    ] {
        paragraphs.push(OfficialPara::new(ParaKind::Heading, heading));
        if rows.is_empty() {
            paragraphs.push(body("无。".to_string()));
        } else {
            paragraphs.push(docx_table(&rows));
        }
    }
    paragraphs.extend(rule_sentences(r).into_iter().map(body));
    paragraphs.push(OfficialPara::new(ParaKind::Signature, r.issuer.clone()));
    paragraphs.push(OfficialPara::new(ParaKind::Date, r.date.clone()));
    let doc = OfficialDocument {
        title: r.title.clone(),
        subtitle: None,
        paragraphs,
        author: r.issuer.clone(),
        date: r.now,
    };
    crate::docx::write_docx(&doc).map_err(|e| Error::usage(e.to_string()))
}

/// Relative widths of the six columns: 序号, 条款 and 采纳情况 narrow (room
/// for 部分采纳 on one line), 单位 medium, 意见内容 and 理由或说明 wide.
const DOCX_WIDTHS: [u32; 6] = [9, 21, 13, 46, 15, 34];

/// The running-text columns (意见内容, 理由或说明) are flush left.
const DOCX_ALIGN: [CellAlign; 6] = [
    CellAlign::Centre,
    CellAlign::Centre,
    CellAlign::Centre,
    CellAlign::Left,
    CellAlign::Centre,
    CellAlign::Left,
];

/// A part of the table: a bold header row repeated on every page, then
/// one row per opinion.
fn docx_table(rows: &[&Row]) -> OfficialPara {
    let header = COLUMNS
        .iter()
        .map(|c| vec![OfficialRun::plain(*c)])
        .collect();
    let lines = rows.iter().map(|row| {
        cells(row)
            .into_iter()
            .map(|c| vec![OfficialRun::plain(c)])
            .collect()
    });
    let table = OfficialTable::new(std::iter::once(header).chain(lines).collect())
        .with_widths(DOCX_WIDTHS)
        .with_align(DOCX_ALIGN)
        .with_header();
    OfficialPara::table(table)
}

// ---------------------------------------------------------------------------
// All formats.

/// The report in `format`.
pub fn render(r: &Report, format: crate::cli::ReportFormat) -> Result<Vec<u8>> {
    use crate::cli::ReportFormat;
    Ok(match format {
        ReportFormat::Md => to_markdown(r).into_bytes(),
        ReportFormat::Csv => to_csv(r),
        ReportFormat::Xlsx => to_xlsx(r)?,
        ReportFormat::Html => to_html(r)?.into_bytes(),
        ReportFormat::Docx => to_docx(r)?,
    })
}

/// Whether `format` is binary (and so needs `-o`).
pub fn is_binary(format: crate::cli::ReportFormat) -> bool {
    use crate::cli::ReportFormat;
    matches!(format, ReportFormat::Xlsx | ReportFormat::Docx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draft_mark_is_stripped_in_any_bracket_width() {
        for (title, want) in [
            (
                "关于支持人才的若干政策（征求意见稿）",
                "关于支持人才的若干政策",
            ),
            (
                "关于支持人才的若干政策 (征求意见稿)",
                "关于支持人才的若干政策",
            ),
            (
                "关于支持人才的若干政策（ 征求意见稿 ）  ",
                "关于支持人才的若干政策",
            ),
            ("关于支持人才的若干政策", "关于支持人才的若干政策"),
            ("（征求意见稿）", "（征求意见稿）"),
            ("若干政策（试行）", "若干政策（试行）"),
            ("若干政策征求意见稿）", "若干政策征求意见稿）"),
        ] {
            assert_eq!(strip_draft_mark(title), want, "{title}");
        }
    }

    #[test]
    fn csv_fields_are_quoted_after_rfc_4180() {
        assert_eq!(csv_field("普通文字"), "普通文字");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(csv_field("cr\r\nlf"), "\"cr\r\nlf\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn csv_fields_never_run_as_formulas() {
        assert_eq!(csv_field("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("@cmd"), "'@cmd");
        assert_eq!(csv_field("-2,3"), "\"'-2,3\"");
        assert_eq!(csv_field("建议=改"), "建议=改");
    }

    #[test]
    fn markdown_cells_keep_the_table_intact() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("一\r\n二\n三"), "一<br>二<br>三");
        assert_eq!(markdown_cell("<b>x</b>"), "&lt;b>x&lt;/b>");
        assert_eq!(markdown_cell("  空白  "), "空白");
    }

    #[test]
    fn the_reason_falls_back_to_what_was_adopted() {
        let mut o = OpinionView {
            id: "r-1".into(),
            department: "市外办".into(),
            clause: Some(5),
            text: "建议加上市人社局".into(),
            late: false,
            disposition: Disposition::Adopted,
            reason: None,
            edits: vec![Edit::AddUnit {
                unit: "市人社局".into(),
            }],
            adopted_edits: None,
            reply: "r".into(),
            received: "2023-05-24T16:20:00+08:00".into(),
            ..OpinionView::default()
        };
        assert_eq!(reason(&o), "责任单位增加市人社局");
        o.disposition = Disposition::PartiallyAdopted;
        assert_eq!(reason(&o), "", "nothing stated as adopted");
        o.adopted_edits = Some(vec![Edit::Replace {
            from: "A".into(),
            to: "B".into(),
        }]);
        assert_eq!(reason(&o), "将“A”修改为“B”");
        o.reason = Some("  职责调整  ".into());
        assert_eq!(reason(&o), "职责调整");
        o.reason = None;
        o.disposition = Disposition::NotAdopted;
        assert_eq!(reason(&o), "");
    }

    #[test]
    fn moments_are_written_the_chinese_way() {
        let t = DateTime::parse_from_rfc3339("2023-05-29T09:05:00+08:00").unwrap();
        assert_eq!(chinese_moment(t), "2023年5月29日（周一）9:05");
    }
}
