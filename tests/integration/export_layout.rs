//! Issue 11 item 4 for `consult export --format docx` and the Word redline
//! (`--redline-from`): the .docx rendered by LibreOffice → PDF → text per
//! page (pdftotext), checked as a clerk reads the printout: title lines
//! never end or start inside a word, the subtitle centred under the title
//! (in the redline too), each heading on the page of the table or paragraph
//! after it, the last page holding body text, no short line stretched.

use crate::harness::Ws;
use crate::office::{rendered_pages, title_lines_of};

/// The example's title, as printed.
const EXAMPLE_TITLE: &str = "关于进一步支持国家生物药技术创新中心、国家第三代半导体技术创新中心（苏州）、国家新一代人工智能创新发展试验区的若干政策";

/// `n` (1–100) in Chinese numerals: 七, 十二, 二十三, 一百.
fn chinese(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        100 => "一百".to_string(),
        1..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
    }
}

/// Chapters in the regulation of [`regulation`].
const CHAPTERS: usize = 40;

/// Every `TABLE_EVERY`th chapter ends with a table.
const TABLE_EVERY: usize = 7;

/// A regulation labelled 第X条 in chapters headed by plain lines (第一章
/// 第一部分, the way drafts are typed): chapter c holds 1 + c mod 4
/// one-line clauses, so chapters are 2, 3, 4, 5 lines long and over
/// 22-line pages their headings fall at every height of the page — on the
/// last line of some page unless kept with the text after them. Every
/// [`TABLE_EVERY`]th chapter ends with a Markdown heading 附表N over a
/// table. `edited`: the revised text (another subtitle, one amount in a
/// clause and one in 附表1).
fn regulation(edited: bool) -> String {
    let subtitle = if edited {
        "（送审稿）"
    } else {
        "（征求意见稿）"
    };
    let mut md = format!("# 苏州市促进科技创新若干规定\n\n{subtitle}\n\n");
    let mut k = 0;
    for c in 1..=CHAPTERS {
        md.push_str(&format!("{}\n\n", chapter_heading(c)));
        for _ in 0..1 + c % 4 {
            k += 1;
            let amount = if edited && k == 3 { "250" } else { "300" };
            md.push_str(&format!(
                "第{}条　本章事项给予最高{amount}万元补助。\n\n",
                chinese(k)
            ));
        }
        if c % TABLE_EVERY == 0 {
            let n = c / TABLE_EVERY;
            let amount = if edited && n == 1 { 350 } else { 300 };
            md.push_str(&format!(
                "## 附表{n}\n\n| 序号 | 项目 | 金额 |\n|---|---|---|\n| 1 | 研发补助 | {amount}万元 |\n| 2 | 人才奖励 | 200万元 |\n\n"
            ));
        }
    }
    md.push_str("本规定自发布之日起施行。\n");
    md
}

fn chapter_heading(c: usize) -> String {
    format!("第{}章　第{}部分", chinese(c), chinese(c))
}

/// A workspace (the example's list and settings) whose drafts are the
/// regulation as v1 and its edited text as v2.
fn regulation_workspace() -> Ws {
    let ws = Ws::example();
    ws.write("drafts/v1.md", regulation(false));
    ws.write("drafts/v2.md", regulation(true));
    ws
}

/// White space removed.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The title lines of page 1 without the subtitle line under them; each
/// line break at a sense boundary of `title`.
fn assert_title_lines(page: &str, title: &str, subtitle: &str) {
    let mut lines = title_lines_of(page);
    assert_eq!(lines.last().map(String::as_str), Some(subtitle), "{page}");
    lines.pop();
    assert_eq!(lines.concat(), title, "title lines {lines:?}");
    let mut at = 0;
    for line in &lines[..lines.len().saturating_sub(1)] {
        at += line.chars().count();
        assert!(
            consult::docx::title_lines::is_sense_boundary(title, at),
            "the title breaks inside a word after “{line}”: {lines:?}"
        );
    }
}

/// The subtitle line is centred: indented far more than a body line's two
/// characters (pdftotext -layout keeps the indentation as spaces).
fn assert_centred(page: &str, subtitle_part: &str) {
    let line = page
        .lines()
        .find(|l| l.contains(subtitle_part))
        .unwrap_or_else(|| panic!("no {subtitle_part}:\n{page}"));
    let indent = line.len() - line.trim_start().len();
    assert!(indent >= 8, "not centred: {line:?}\n{page}");
}

/// No line is stretched across the page: no run of four or more single
/// characters each set apart by spaces (“联 系 人 ： 黎”).
fn assert_nothing_stretched(pages: &[String]) {
    for line in pages.iter().flat_map(|p| p.lines()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let longest = words
            .split(|w| w.chars().count() > 1)
            .map(<[&str]>::len)
            .max()
            .unwrap_or(0);
        assert!(longest < 4, "stretched line: {line:?}");
    }
}

/// The last page holds body text, not only a page number (and signature).
fn assert_last_page_has_body(pages: &[String], body: &str) {
    let last = squeeze(pages.last().expect("pages"));
    assert!(last.contains(body), "last page: {last}");
}

/// Every heading line is on the page of what follows it: its page holds
/// text after it (a heading is never a page's last line).
fn assert_headings_kept_with_next(pages: &[String], headings: &[String]) {
    for heading in headings {
        let page = pages
            .iter()
            .find(|p| p.lines().any(|l| squeeze(l) == *heading))
            .unwrap_or_else(|| panic!("no heading {heading}"));
        let after: String = page
            .lines()
            .skip_while(|l| squeeze(l) != *heading)
            .skip(1)
            .filter(|l| !l.trim().starts_with('—'))
            .collect();
        assert!(
            after.trim().chars().count() > 4,
            "{heading} is the last line of its page:\n{page}"
        );
    }
}

/// The regulation's headings as pdftotext prints them (white space
/// removed): 附表N and the chapter lines.
fn regulation_headings() -> Vec<String> {
    let mut headings: Vec<String> = (1..=CHAPTERS / TABLE_EVERY)
        .map(|k| format!("附表{k}"))
        .collect();
    headings.extend((1..=CHAPTERS).map(|c| squeeze(&chapter_heading(c))));
    headings
}

fn assert_tables_under_headings(pages: &[String]) {
    for k in 1..=CHAPTERS / TABLE_EVERY {
        let heading = format!("附表{k}");
        let page = pages
            .iter()
            .map(|p| squeeze(p))
            .find(|p| p.contains(&heading))
            .unwrap_or_else(|| panic!("no {heading}"));
        assert!(
            page.contains(&format!("{heading}序号项目金额")),
            "{heading}: the table's header is not under it on its page:\n{page}"
        );
    }
}

#[test]
fn word_layout_export_title_breaks_at_sense_boundaries_and_last_page_has_body() {
    let ws = Ws::example();
    ws.run(&["export", "v1", "--format", "docx", "-o", "v1.docx"])
        .ok();
    let Some(pages) = rendered_pages(&ws.join("v1.docx")) else {
        return;
    };
    assert_title_lines(&pages[0], EXAMPLE_TITLE, "（征求意见稿）");
    assert_centred(&pages[0], "（征求意见稿）");
    assert_nothing_stretched(&pages);
    assert_last_page_has_body(&pages, "按就高不重复原则实施。");
}

#[test]
fn word_layout_export_keeps_headings_with_their_tables_and_text() {
    let ws = regulation_workspace();
    ws.run(&["export", "v1", "--format", "docx", "-o", "规定.docx"])
        .ok();
    let Some(pages) = rendered_pages(&ws.join("规定.docx")) else {
        return;
    };
    assert!(pages.len() >= 3, "a long regulation: {} pages", pages.len());
    assert_title_lines(&pages[0], "苏州市促进科技创新若干规定", "（征求意见稿）");
    assert_tables_under_headings(&pages);
    assert_headings_kept_with_next(&pages, &regulation_headings());
    assert_nothing_stretched(&pages);
    assert_last_page_has_body(&pages, "本规定自发布之日起施行。");
}

#[test]
fn word_layout_redline_keeps_the_subtitle_centred_and_headings_with_tables() {
    let ws = regulation_workspace();
    ws.run(&[
        "export",
        "v2",
        "--format",
        "docx",
        "--redline-from",
        "v1",
        "-o",
        "修订.docx",
    ])
    .ok();
    let bytes = std::fs::read(ws.join("修订.docx")).unwrap();
    let document = crate::docx::docx_part(&bytes, "word/document.xml");
    // The changed subtitle is the subtitle paragraph, with its changes.
    let subtitle = crate::docx::paragraph_holding(&document, "送审");
    assert!(
        subtitle.contains(r#"<w:pStyle w:val="GongwenSubtitle"/>"#),
        "{subtitle}"
    );
    assert!(subtitle.contains("<w:ins ") && subtitle.contains("<w:del "));
    // Tables stay tables (not tab-separated lines), the changed cell tracked.
    let tables = crate::docx::tables(&document);
    assert_eq!(tables.len(), CHAPTERS / TABLE_EVERY, "{document}");
    assert!(tables[0].1[1].contains("<w:ins ") && tables[0].1[1].contains("350"));
    let Some(pages) = rendered_pages(&ws.join("修订.docx")) else {
        return;
    };
    let title = title_lines_of(&pages[0]);
    assert_eq!(title[0], "苏州市促进科技创新若干规定", "{title:?}");
    assert!(
        title[1].contains("送审"),
        "subtitle under the title: {title:?}"
    );
    assert_centred(&pages[0], "送审");
    assert_tables_under_headings(&pages);
    assert_headings_kept_with_next(&pages, &regulation_headings());
    assert_nothing_stretched(&pages);
    assert_last_page_has_body(&pages, "本规定自发布之日起施行。");
}

#[test]
fn word_layout_redline_of_the_example_title_and_subtitle() {
    let ws = Ws::example();
    ws.run(&["decide", "7160", "adopt"]).ok();
    ws.run(&["revise"]).ok();
    ws.run(&[
        "export",
        "v2",
        "--format",
        "docx",
        "--redline-from",
        "v1",
        "-o",
        "v2-修订.docx",
    ])
    .ok();
    let Some(pages) = rendered_pages(&ws.join("v2-修订.docx")) else {
        return;
    };
    // pdftotext prints the struck 征求意见 and the inserted 修改 both.
    let title = title_lines_of(&pages[0]);
    let subtitle = title.last().expect("lines").clone();
    assert!(subtitle.contains("修改稿"), "{title:?}");
    assert_title_lines(&pages[0], EXAMPLE_TITLE, &subtitle);
    assert_centred(&pages[0], "修改");
    assert_nothing_stretched(&pages);
    assert_last_page_has_body(&pages, "按就高不重复原则实施。");
}
