//! `consult report`: the 意见采纳情况汇总表 in every format, read back and
//! checked — Markdown counts and rows, CSV parsed, XLSX and DOCX unzipped
//! and their XML checked, HTML free of external resources — and bad
//! input failing with exit 2 and nothing written.

use std::io::{Cursor, Read};

use serde_json::Value;

use crate::harness::Ws;

/// After the deadline (2023-05-26 17:30).
const AFTER: &str = "2023-05-29 09:00";

/// The counts sentence for the workspace of [`consulted`] at [`AFTER`].
const COUNTS_AFTER: &str = "征求意见单位25个，反馈意见的3个，无修改意见1个，逾期反馈1个，未反馈20个；共收到意见5条，其中采纳1条、部分采纳1条、不采纳1条、已知悉1条、待定1条。";

/// The talent office's reply (in the example), plus: 市发改委 (two opinions,
/// one with a comma, quotes and a line break, one general), 市卫健委 (one),
/// 市教育局 (no objection), 市外办 (late). Then decisions: adopt, reject,
/// note, partial; the late opinion stays pending.
fn consulted() -> Ws {
    let ws = Ws::example();
    let fgw = "---\ndepartment: 发改委\nreceived: 2023-05-25 10:00\nopinions:\n  - clause: 第二条\n    text: |-\n      建议提高支持额度, 将\"最高1000万元\"改为“最高1500万元”\n      另请研究资金来源\n    edits:\n      - {op: replace, from: 最高1000万元, to: 最高1500万元}\n  - text: 总体同意，建议加强统筹\n---\n";
    let files = [
        ws.write("in/fgw.md", fgw),
        ws.write(
            "in/wjw.md",
            "---\ndepartment: 市卫健委\nreceived: 2023-05-25 11:00\n---\n第七条：建议将“市卫健委”修改为“市卫生健康委”。\n",
        ),
        ws.write(
            "in/jy.md",
            "---\ndepartment: 市教育局\nreceived: 2023-05-25 09:00\n---\n无修改意见\n",
        ),
        ws.write(
            "in/wb.md",
            "---\ndepartment: 市外办\nreceived: 2023-05-27 10:00\n---\n第3条：建议删除“独角兽培育企业、”。\n",
        ),
    ];
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    ws.run(&args).ok();
    let id = |department: &str, clause: Value| opinion_id(&ws, department, clause);
    let talent = id("市委组织部（人才办）", Value::from(5));
    let raise = id("市发改委", Value::from(2));
    let general = id("市发改委", Value::Null);
    let rename = id("市卫生健康委", Value::from(7));
    ws.run(&[
        "decide",
        &talent,
        "adopt",
        "--reason",
        "市人社局负责人才评价",
    ])
    .ok();
    ws.run(&[
        "decide",
        &raise,
        "reject",
        "--reason",
        "资金已统筹安排, 暂不调整",
    ])
    .ok();
    ws.run(&["decide", &general, "note"]).ok();
    ws.run(&[
        "decide",
        &rename,
        "partial",
        "--replace",
        "市卫健委",
        "市卫生健康委",
    ])
    .ok();
    ws
}

fn opinions(ws: &Ws) -> Vec<Value> {
    ws.run(&["opinions", "--json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn opinion_id(ws: &Ws, department: &str, clause: Value) -> String {
    opinions(ws)
        .iter()
        .find(|o| o["department"] == department && o["clause"] == clause)
        .unwrap_or_else(|| panic!("no opinion of {department} on {clause}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn disposition_zh(key: &str) -> &'static str {
    match key {
        "adopted" => "采纳",
        "partially_adopted" => "部分采纳",
        "not_adopted" => "不采纳",
        "noted" => "已知悉",
        _ => "待定",
    }
}

/// Markdown table rows (`| 1 | … |`) under the heading that starts with `heading`.
fn md_rows(md: &str, heading: &str) -> Vec<Vec<String>> {
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading}\n{md}"));
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn markdown_has_the_counts_the_rule_and_every_row() {
    let ws = consulted();
    let md = ws.run(&["report", "--now", AFTER]).ok().stdout();
    assert!(
        md.starts_with("# 《关于进一步支持国家生物药技术创新中心"),
        "{md}"
    );
    let title = md.lines().next().unwrap();
    assert!(
        title.ends_with("若干政策》征求意见采纳情况汇总表"),
        "（征求意见稿） stripped: {title}"
    );
    assert!(md.contains(COUNTS_AFTER), "{md}");
    assert!(md.contains("“逾期反馈或不反馈，视为无修改意见”"), "{md}");
    assert!(md.contains("以下21个单位视为无修改意见"), "{md}");
    let silent = md
        .lines()
        .find(|l| l.contains("未反馈的（20个）："))
        .unwrap_or_else(|| panic!("{md}"));
    for name in [
        "市大数据局",
        "张家港市人民政府",
        "苏州高新区管委会（虎丘区）",
    ] {
        assert!(silent.contains(name), "{silent}");
    }
    for replied in ["市发改委", "市教育局", "市外办", "市委组织部"] {
        assert!(
            !silent.contains(replied),
            "{replied} is not silent: {silent}"
        );
    }
    assert!(md.contains("逾期反馈的（1个）：市外办。"), "{md}");

    let on_time = md_rows(&md, "一、");
    let late = md_rows(&md, "二、");
    assert_eq!(on_time.len(), 4, "{md}");
    assert_eq!(late.len(), 1, "{md}");
    let all = opinions(&ws);
    for row in on_time.iter().chain(&late) {
        assert_eq!(row.len(), 6, "{row:?}");
        let text = row[3].replace("<br>", "\n");
        let o = all
            .iter()
            .find(|o| o["text"] == text.as_str())
            .unwrap_or_else(|| panic!("row {row:?} is no opinion"));
        assert!(row[1].starts_with(o["department"].as_str().unwrap()));
        assert_eq!(row[4], disposition_zh(o["disposition"].as_str().unwrap()));
    }
    // Under the 逾期 heading, the name is not marked 逾期 a second time.
    assert_eq!(late[0][1], "市外办");
    assert_eq!(late[0][2], "第3条");
    let numbers: Vec<&str> = on_time.iter().chain(&late).map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"]);
    let general = on_time
        .iter()
        .find(|r| r[3].starts_with("总体同意"))
        .unwrap();
    assert_eq!(general[2], "总体");
    let talent = on_time
        .iter()
        .find(|r| r[1] == "市委组织部（人才办）")
        .unwrap();
    assert_eq!(
        (talent[4].as_str(), talent[5].as_str()),
        ("采纳", "市人社局负责人才评价")
    );
    let partial = on_time.iter().find(|r| r[1] == "市卫生健康委").unwrap();
    assert_eq!(partial[4], "部分采纳");
    assert!(
        partial[5].contains("市卫生健康委"),
        "what was adopted: {partial:?}"
    );

    // -o writes the same bytes, atomically, and prints nothing.
    std::fs::create_dir_all(ws.join("out")).unwrap();
    let run = ws
        .run(&["report", "--now", AFTER, "-o", "out/report.md"])
        .ok();
    assert_eq!(run.stdout(), "");
    assert_eq!(ws.read("out/report.md"), md);
}

#[test]
fn before_the_deadline_nobody_is_deemed_and_later_replies_have_not_arrived() {
    let ws = consulted();
    let md = ws
        .run(&["report", "--now", "2023-05-25 10:30"])
        .ok()
        .stdout();
    // By then: the talent office, 市教育局 (no objection) and 市发改委.
    assert!(
        md.contains(
            "征求意见单位25个，反馈意见的2个，无修改意见1个，逾期反馈0个，未反馈22个；共收到意见3条"
        ),
        "{md}"
    );
    assert!(md.contains("尚未截止"), "{md}");
    assert!(!md.contains("未反馈的（"), "{md}");
    assert!(
        !md.contains("市外办"),
        "the late reply has not arrived: {md}"
    );
    assert!(!md.contains("市卫生健康委"), "received at 11:00: {md}");
    assert!(md_rows(&md, "二、").is_empty());
}

/// A CSV parser after RFC 4180 (quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn csv_has_a_bom_one_header_and_a_row_per_opinion() {
    let ws = consulted();
    let bytes = ws
        .run(&["report", "--format", "csv", "--now", AFTER])
        .ok()
        .output
        .stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "序号",
            "单位",
            "条款",
            "意见内容",
            "采纳情况",
            "理由或说明",
            "是否逾期",
            "意见编号",
            "收到时间"
        ]
    );
    let all = opinions(&ws);
    assert_eq!(rows.len(), 1 + all.len(), "{rows:?}");
    for row in &rows[1..] {
        assert_eq!(row.len(), 9, "{row:?}");
        let o = all.iter().find(|o| o["id"] == row[7].as_str()).unwrap();
        assert_eq!(row[1], o["department"].as_str().unwrap());
        assert_eq!(
            row[3],
            o["text"].as_str().unwrap(),
            "text read back exactly"
        );
        assert_eq!(row[4], disposition_zh(o["disposition"].as_str().unwrap()));
        let late = if o["late"] == true { "是" } else { "否" };
        assert_eq!(row[6], late);
    }
    // The field with a comma, quotes and a line break survived quoting.
    let raise = rows.iter().find(|r| r[2] == "第2条").unwrap();
    assert!(raise[3].contains(", 将\"最高1000万元\"") && raise[3].contains('\n'));
    assert_eq!(raise[5], "资金已统筹安排, 暂不调整");
    // On time first, the late one last.
    assert_eq!(rows.last().unwrap()[6], "是");
    assert_eq!(rows.last().unwrap()[1], "市外办");
}

/// The parts of a zip archive as text.
fn unzip(path: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            parts.insert(entry.name().to_string(), text);
        }
    }
    parts
}

fn unescape(xml: &str) -> String {
    xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The strings of sharedStrings.xml, in order.
fn shared_strings(xml: &str) -> Vec<String> {
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|rest| unescape(rest.split("</t>").next().unwrap_or("")))
                .collect()
        })
        .collect()
}

#[test]
fn xlsx_has_chinese_sheets_a_frozen_styled_header_and_a_row_per_opinion() {
    let ws = consulted();
    ws.run(&[
        "report",
        "--format",
        "xlsx",
        "-o",
        "汇总.xlsx",
        "--now",
        AFTER,
    ])
    .ok();
    let parts = unzip(&ws.join("汇总.xlsx"));
    let workbook = &parts["xl/workbook.xml"];
    assert!(workbook.contains(r#"<sheet name="汇总表""#), "{workbook}");
    assert!(workbook.contains(r#"<sheet name="统计""#), "{workbook}");
    let strings = shared_strings(&parts["xl/sharedStrings.xml"]);
    for header in [
        "序号",
        "单位",
        "条款",
        "意见内容",
        "采纳情况",
        "理由或说明",
        "是否逾期",
    ] {
        assert!(
            strings.iter().any(|s| s == header),
            "{header} in {strings:?}"
        );
    }
    let all = opinions(&ws);
    for o in &all {
        let text = o["text"].as_str().unwrap();
        assert!(strings.iter().any(|s| s == text), "{text} in {strings:?}");
    }
    let sheet = &parts["xl/worksheets/sheet1.xml"];
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "frozen header: {sheet}"
    );
    let last = 1 + all.len();
    assert!(
        sheet.contains(&format!(r#"<autoFilter ref="A1:I{last}"/>"#)),
        "{sheet}"
    );
    assert_eq!(
        sheet.matches("<row ").count(),
        last,
        "a row per opinion + header"
    );
    assert!(sheet.contains("<cols>") && sheet.contains(r#"customWidth="1""#));
    // The widest column is the opinion text, wider than two columns of digits.
    let width = |col: usize| -> f64 {
        let tag = format!(r#"<col min="{col}" max="{col}" width=""#);
        let rest = sheet.split(&tag).nth(1).expect("column width");
        rest.split('"').next().unwrap().parse().unwrap()
    };
    assert!(width(4) > width(2) && width(2) > width(1), "CJK widths");
    // Header cells use a bold, filled style.
    let styles = &parts["xl/styles.xml"];
    assert!(styles.contains("<b/>"), "bold header");
    assert!(styles.contains(r#"patternType="solid""#), "filled header");
    assert!(styles.contains(r#"wrapText="1""#), "wrapped text");
    // 统计: the counts and the bodies deemed to have no objection.
    let counts = &parts["xl/worksheets/sheet2.xml"];
    assert!(counts.contains("<v>25</v>") && counts.contains("<v>20</v>"));
    for s in [
        "视为无修改意见的单位",
        "逾期反馈或不反馈，视为无修改意见",
        "市大数据局",
    ] {
        assert!(strings.iter().any(|x| x == s), "{s}");
    }
    // Same input, same bytes.
    ws.run(&[
        "report",
        "--format",
        "xlsx",
        "-o",
        "again.xlsx",
        "--now",
        AFTER,
    ])
    .ok();
    assert_eq!(
        std::fs::read(ws.join("汇总.xlsx")).unwrap(),
        std::fs::read(ws.join("again.xlsx")).unwrap()
    );
}

/// The text of each w:tr of document.xml, cells joined by a tab.
fn docx_rows(document: &str) -> Vec<String> {
    document
        .split("<w:tr>")
        .skip(1)
        .map(|tr| {
            let tr = tr.split("</w:tr>").next().unwrap_or("");
            tr.split("<w:tc>")
                .skip(1)
                .map(|tc| {
                    tc.split("<w:t xml:space=\"preserve\">")
                        .skip(1)
                        .map(|t| unescape(t.split("</w:t>").next().unwrap_or("")))
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

#[test]
fn docx_is_an_official_document_with_both_tables() {
    let ws = consulted();
    ws.run(&[
        "report",
        "--format",
        "docx",
        "-o",
        "汇总.docx",
        "--now",
        AFTER,
    ])
    .ok();
    let parts = unzip(&ws.join("汇总.docx"));
    let document = &parts["word/document.xml"];
    // The title is printed in lines (w:br) broken at sense boundaries.
    let unbroken = document.replace(r#"</w:t><w:br/><w:t xml:space="preserve">"#, "");
    assert!(unbroken.contains("若干政策》征求意见采纳情况汇总表"));
    assert!(document.contains(r#"<w:pStyle w:val="GongwenTitle"/>"#));
    assert!(document.contains(COUNTS_AFTER), "counts paragraph");
    assert!(document.contains("逾期反馈或不反馈，视为无修改意见"));
    assert_eq!(document.matches("<w:tbl>").count(), 2, "on time, late");
    let rows = docx_rows(document);
    let all = opinions(&ws);
    assert_eq!(
        rows.len(),
        2 + all.len(),
        "two header rows + one per opinion"
    );
    assert_eq!(rows[0], "序号\t单位\t条款\t意见内容\t采纳情况\t理由或说明");
    assert!(
        rows.iter().any(|r| r.starts_with("5\t市外办\t第3条\t")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("\t总体\t总体同意，建议加强统筹\t已知悉")),
        "{rows:?}"
    );
    assert!(
        document.contains("<w:br/>"),
        "the line break in an opinion kept"
    );
    assert!(
        document.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#),
        "A4 landscape"
    );
    let styles = &parts["word/styles.xml"];
    assert!(styles.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#));
    assert!(parts["docProps/core.xml"].contains("苏州市科学技术局"));
}

#[test]
fn html_is_one_self_contained_page() {
    let ws = consulted();
    let html = ws
        .run(&["report", "--format", "html", "--now", AFTER])
        .ok()
        .stdout();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("若干政策》征求意见采纳情况汇总表</h1>"));
    assert!(html.contains(COUNTS_AFTER));
    for external in [
        "http:", "https:", "src=", "<link", "@import", "url(", "<script", "//cdn",
    ] {
        assert!(!html.contains(external), "{external} in the page");
    }
    assert!(html.contains("@media print") && html.contains("@page"));
    let all = opinions(&ws);
    let data_rows = html.matches("<td class=\"no\">").count();
    assert_eq!(data_rows, all.len());
    assert_eq!(html.matches("<tr class=\"late\">").count(), 1);
    assert!(html.contains("&#34;最高1000万元&#34;") || html.contains("&quot;最高1000万元&quot;"));
    assert!(!html.contains("\"最高1000万元\""), "quotes escaped");
}

#[test]
fn binary_formats_need_an_output_file() {
    let ws = consulted();
    for format in ["xlsx", "docx"] {
        let before = ws.snapshot();
        ws.run(&["report", "--format", format, "--now", AFTER])
            .fails_with(&["-o"]);
        assert_eq!(ws.snapshot(), before, "{format}: nothing written");
    }
}

#[test]
fn an_output_folder_that_does_not_exist_is_refused() {
    let ws = consulted();
    for format in ["md", "csv", "xlsx", "html", "docx"] {
        let before = ws.snapshot();
        let target = format!("missing/report.{format}");
        ws.run(&["report", "--format", format, "-o", &target, "--now", AFTER])
            .fails_with(&["missing"]);
        assert_eq!(ws.snapshot(), before, "{format}: nothing written");
        assert!(!ws.join("missing").exists(), "the folder is not created");
    }
    let before = ws.snapshot();
    ws.run(&["report", "--now", "next week"])
        .fails_with(&["next week"]);
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn the_report_is_chinese_whatever_the_language() {
    let ws = consulted();
    let en = ws
        .run(&["report", "--lang", "en", "--now", AFTER])
        .ok()
        .stdout();
    let zh = ws
        .run(&["report", "--lang", "zh", "--now", AFTER])
        .ok()
        .stdout();
    assert_eq!(en, zh);
    // The same instant written with another offset gives the same report.
    let utc = ws
        .run(&["report", "--now", "2023-05-29T01:00:00Z"])
        .ok()
        .stdout();
    assert_eq!(utc, zh);
}

/// The 汇总表 as Word lays it out: A4 landscape, each part a table whose
/// columns are weighted (序号, 条款, 采纳情况 narrow; 单位 medium; 意见内容
/// and 理由或说明 wide) and sum to the text width, with a bold header row
/// repeated on every page and the running-text columns flush left — read
/// back by our reader, pandoc and LibreOffice.
#[test]
fn docx_report_is_landscape_with_weighted_columns() {
    use crate::docx::{
        LANDSCAPE_TEXT_WIDTH, docx_part, pandoc_plain, pdf_pages, style_definition, tables,
    };
    let ws = consulted();
    ws.run(&[
        "report",
        "--format",
        "docx",
        "-o",
        "汇总.docx",
        "--now",
        AFTER,
    ])
    .ok();
    let file = ws.join("汇总.docx");
    let bytes = std::fs::read(&file).unwrap();
    let document = docx_part(&bytes, "word/document.xml");
    let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 1, "one section, title included");
    assert!(sections[0].contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape""#));

    let tables = tables(&document);
    assert_eq!(tables.len(), 2, "on time, late");
    for (widths, rows) in &tables {
        let [number, department, clause, text, disposition, reason] = widths[..] else {
            panic!("six columns: {widths:?}");
        };
        assert_eq!(widths.iter().sum::<u32>(), LANDSCAPE_TEXT_WIDTH);
        assert!(number < clause && clause < disposition && disposition < department);
        assert!(department < reason && reason < text, "{widths:?}");
        assert!(rows[0].starts_with("<w:trPr><w:tblHeader/></w:trPr>"));
        assert_eq!(rows[0].matches("GongwenTableHeader").count(), 6);
        for row in &rows[1..] {
            assert!(!row.contains("tblHeader"));
            let styles: Vec<&str> = row
                .split(r#"<w:pStyle w:val=""#)
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
                .collect();
            assert_eq!(
                styles,
                [
                    "GongwenTable",
                    "GongwenTable",
                    "GongwenTable",
                    "GongwenTableText",
                    "GongwenTable",
                    "GongwenTableText"
                ]
            );
        }
    }
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(style_definition(&styles, "GongwenTableHeader").contains("<w:b/>"));

    let read = consult::docx::read_docx(&bytes).expect("our reader reads the report");
    let read_tables: Vec<_> = read
        .blocks
        .iter()
        .filter_map(|b| match b {
            consult::docx::DocxBlock::Table(rows) => Some(rows),
            _ => None,
        })
        .collect();
    assert_eq!(read_tables.len(), 2);
    let header: Vec<String> = read_tables[0][0]
        .iter()
        .map(|c| c.text(consult::docx::View::All))
        .collect();
    assert_eq!(
        header,
        ["序号", "单位", "条款", "意见内容", "采纳情况", "理由或说明"]
    );
    assert_eq!(
        read_tables.iter().map(|t| t.len() - 1).sum::<usize>(),
        opinions(&ws).len()
    );

    if let Some(text) = pandoc_plain(&file) {
        for needle in [
            COUNTS_AFTER,
            "序号 单位 条款 意见内容 采纳情况 理由或说明",
            "市外办",
        ] {
            assert!(text.contains(needle), "{needle}\n{text}");
        }
    }
    if let Some(pages) = pdf_pages(&file) {
        assert!(pages.iter().all(|p| p.landscape()), "{pages:?}");
        assert!(pages[0].text.contains("征求意见采纳情况汇总表"));
        let with_table = pages
            .iter()
            .filter(|p| p.text.contains("序号单位条款意见内容采纳情况理由或说明"))
            .count();
        assert!(with_table >= 1, "{pages:?}");
    }
}

/// The report's title as printed.
fn report_title() -> String {
    "《关于进一步支持国家生物药技术创新中心、国家第三代半导体技术创新中心（苏州）、国家新一代人工智能创新发展试验区的若干政策》征求意见采纳情况汇总表".to_string()
}

#[test]
fn word_layout_the_table_starts_on_page_1_under_its_heading() {
    let ws = consulted();
    ws.run(&[
        "report",
        "--format",
        "docx",
        "-o",
        "汇总.docx",
        "--now",
        AFTER,
    ])
    .ok();
    let Some(pages) = crate::office::rendered_pages(&ws.join("汇总.docx")) else {
        return;
    };
    let squeeze = |p: &str| p.split_whitespace().collect::<String>();
    let first = squeeze(&pages[0]);
    assert!(
        first.contains("一、按期反馈的意见序号单位条款意见内容采纳情况理由或说明"),
        "the heading, then the table's header, on page 1:\n{}",
        pages[0]
    );
    // The title: balanced lines broken at sense boundaries.
    crate::office::assert_title_breaks_at_sense_boundaries(&pages[0], &report_title());
    // The last page holds body text, not just the signature and date.
    let last = squeeze(pages.last().unwrap());
    let rest = last
        .replace("苏州市科学技术局", "")
        .replace("2023年5月29日", "")
        .replace(|c: char| c == '—' || c.is_ascii_digit(), "");
    assert!(rest.chars().count() > 10, "last page: {last}");
    // No double 逾期 marks: the late heading names it once.
    assert!(!first.contains("（逾期）") && !last.contains("（逾期）"));
}
