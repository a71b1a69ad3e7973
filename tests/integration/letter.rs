//! `consult letter`: the 征求意见函 with the deadline, contact, rule,
//! addressees and attachments; `--remind`, the 催办通知 to the bodies
//! without a reply as of `--now`, before and after the deadline; every
//! format; bad input failing with exit 2 and nothing written.

use std::io::{Cursor, Read};

use crate::harness::Ws;

const DEADLINE: &str = "2023年5月26日（周五）下班前";
const RULE: &str = "逾期反馈或不反馈，视为无修改意见";
const CONTACT: &str = "联系人：葛运东，电话：65227947，邮箱：67226455@qq.com。";
const TITLE: &str = "关于进一步支持国家生物药技术创新中心、国家第三代半导体技术创新中心（苏州）、国家新一代人工智能创新发展试验区的若干政策（征求意见稿）";
const ADDRESSEES: &str = "市大数据局、市委组织部（人才办）、市发改委、市教育局、市工信局、市生态环境局、市交通局、市农业农村局、市文广旅局、市卫生健康委、市外办、市市场监管局、市金融监管局、市大数据集团、苏创投集团，各县级市（区）人民政府（管委会）：";

/// The addressee line of a reminder (the line ending in ：), split into names.
fn reminded(text: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.ends_with('：') && !l.starts_with('#'))
        .unwrap_or_else(|| panic!("no addressee line\n{text}"));
    line.trim_end_matches('：')
        .split('、')
        .map(str::to_string)
        .collect()
}

#[test]
fn the_letter_fills_in_deadline_contact_rule_addressees_and_attachments() {
    let ws = Ws::example();
    let txt = ws
        .run(&["letter", "--format", "txt", "--now", "2023-05-22 10:00"])
        .ok()
        .stdout();
    let mut lines = txt.lines();
    assert_eq!(
        lines.next(),
        Some(format!("关于对《{TITLE}》征求意见的函").as_str())
    );
    assert!(txt.contains(&format!("\n{ADDRESSEES}\n")), "{txt}");
    assert!(
        txt.contains(&format!(
            "并于{DEADLINE}书面反馈至市科技局，备注联系人和电话。{RULE}。"
        )),
        "{txt}"
    );
    assert!(txt.contains(CONTACT), "{txt}");
    assert!(txt.contains(&format!("我局草拟了《{TITLE}》")), "{txt}");
    assert!(txt.contains("附件：1.征求意见单位名单\n"), "{txt}");
    assert!(txt.contains(&format!("2.{TITLE}\n")), "{txt}");
    assert!(
        txt.contains("\n苏州市科学技术局\n2023年5月22日\n"),
        "signature and --now date: {txt}"
    );
    // 附件1 lists the group's members.
    let appendix = txt.split("附件1").nth(1).expect("附件1 printed");
    for member in ["张家港市人民政府", "苏州高新区管委会（虎丘区）"] {
        assert!(appendix.contains(member), "{appendix}");
    }
    assert!(appendix.contains("共10个"), "{appendix}");
}

#[test]
fn markdown_is_the_default_and_minus_o_writes_the_same() {
    let ws = Ws::example();
    let md = ws
        .run(&["letter", "--now", "2023-05-22 10:00"])
        .ok()
        .stdout();
    assert!(
        md.starts_with(&format!("# 关于对《{TITLE}》征求意见的函\n")),
        "{md}"
    );
    assert!(md.contains(ADDRESSEES) && md.contains(DEADLINE) && md.contains(CONTACT));
    let run = ws
        .run(&["letter", "--now", "2023-05-22 10:00", "-o", "函.md"])
        .ok();
    assert_eq!(run.stdout(), "");
    assert_eq!(ws.read("函.md"), md);
    // The date follows --now, read in the consultation's time zone.
    let md = ws
        .run(&["letter", "--now", "2023-05-22T20:00:00Z"])
        .ok()
        .stdout();
    assert!(
        md.contains("2023年5月23日"),
        "Shanghai is already on the 23rd: {md}"
    );
}

fn docx_document(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut text = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn docx_letter_and_reminder() {
    let ws = Ws::example();
    ws.run(&[
        "letter",
        "--format",
        "docx",
        "-o",
        "函.docx",
        "--now",
        "2023-05-22 10:00",
    ])
    .ok();
    let document = docx_document(&ws.join("函.docx"));
    for needle in [
        "征求意见的函",
        DEADLINE,
        ADDRESSEES,
        CONTACT,
        "附件：1.征求意见单位名单",
        "苏州市科学技术局",
        "2023年5月22日",
        r#"<w:pStyle w:val="GongwenTitle"/>"#,
        r#"<w:pStyle w:val="GongwenSignature"/>"#,
    ] {
        assert!(document.contains(needle), "{needle}");
    }
    ws.run(&[
        "letter",
        "--remind",
        "--format",
        "docx",
        "-o",
        "催办.docx",
        "--now",
        "2023-05-25 09:00",
    ])
    .ok();
    let document = docx_document(&ws.join("催办.docx"));
    assert!(document.contains("2023年5月26日（周五）17:30前") && document.contains("市大数据局、"));
    assert!(document.contains("关于请尽快反馈") && !document.contains("还剩"));
}

#[test]
fn a_reminder_before_the_deadline_names_the_24_and_the_time_left() {
    let ws = Ws::example();
    let text = ws
        .run(&["letter", "--remind", "--now", "2023-05-25 09:00"])
        .ok()
        .stdout();
    let names = reminded(&text);
    assert_eq!(names.len(), 24, "{names:?}");
    assert!(
        !names.iter().any(|n| n == "市委组织部（人才办）"),
        "it replied"
    );
    for n in [
        "市大数据局",
        "苏创投集团",
        "张家港市人民政府",
        "苏州工业园区管委会",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
    }
    assert!(text.contains("2023年5月26日（周五）17:30前"), "{text}");
    assert!(text.contains("截至2023年5月25日（周四）9:00"), "{text}");
    // A 函 to peers, the deadline as a date and time, no countdown.
    assert!(
        text.starts_with(&format!("# 关于请尽快反馈《{TITLE}》修改意见的函\n")),
        "{text}"
    );
    assert!(!text.contains("通知"), "{text}");
    assert!(
        text.contains("请抓紧研究，于2023年5月26日（周五）17:30前书面反馈至市科技局"),
        "{text}"
    );
    assert!(!text.contains("还剩") && !text.contains("已逾期"), "{text}");
    assert!(text.contains("特此函告。"), "{text}");
    assert!(text.contains(RULE) && text.contains(CONTACT), "{text}");
    // Before the talent office's reply came in (2023-05-24 16:20), all 25.
    let early = ws
        .run(&["letter", "--remind", "--now", "2023-05-24 16:00"])
        .ok()
        .stdout();
    assert_eq!(reminded(&early).len(), 25);
    assert!(early.contains("17:30前书面反馈"), "{early}");
}

#[test]
fn a_reminder_after_the_deadline_says_it_has_passed() {
    let ws = Ws::example();
    let text = ws
        .run(&[
            "letter",
            "--remind",
            "--format",
            "txt",
            "--now",
            "2023-05-29 09:00",
        ])
        .ok()
        .stdout();
    assert_eq!(reminded(&text).len(), 24);
    assert!(
        text.contains("反馈截止时间（2023年5月26日（周五）17:30）已过"),
        "{text}"
    );
    assert!(text.contains("你单位视为无修改意见"), "{text}");
    assert!(text.contains(RULE) && text.contains(CONTACT));
    assert!(!text.contains("已逾期"), "{text}");
    assert!(!text.contains("还剩"), "{text}");
}

#[test]
fn a_body_that_replied_is_no_longer_reminded() {
    let ws = Ws::example();
    let reply = ws.write(
        "in/jy.md",
        "---\ndepartment: 苏州市教育局\nreceived: 2023-05-25 09:00\n---\n无修改意见\n",
    );
    ws.run(&["ingest", reply.to_str().unwrap()]).ok();
    let after = ws
        .run(&["letter", "--remind", "--now", "2023-05-25 10:00"])
        .ok()
        .stdout();
    let names = reminded(&after);
    assert_eq!(names.len(), 23, "{names:?}");
    assert!(!names.iter().any(|n| n == "市教育局"));
    // As of a moment before that reply arrived, it is still reminded.
    let before = ws
        .run(&["letter", "--remind", "--now", "2023-05-25 08:59"])
        .ok()
        .stdout();
    assert!(reminded(&before).iter().any(|n| n == "市教育局"));
    // A late reply counts too: after the deadline the body is no longer silent.
    let late = ws.write(
        "in/wb.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-27 10:00\n---\n无修改意见\n",
    );
    ws.run(&["ingest", late.to_str().unwrap()]).ok();
    let names = reminded(
        &ws.run(&["letter", "--remind", "--now", "2023-05-29 09:00"])
            .ok()
            .stdout(),
    );
    assert_eq!(names.len(), 22, "{names:?}");
    assert!(!names.iter().any(|n| n == "市外办"));
}

#[test]
fn nobody_to_remind_writes_nothing() {
    let ws = Ws::example();
    let names = reminded(
        &ws.run(&["letter", "--remind", "--now", "2023-05-25 10:00"])
            .ok()
            .stdout(),
    );
    let files: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            ws.write(
                &format!("in/{i}.md"),
                format!("---\ndepartment: {name}\nreceived: 2023-05-25 09:00\n---\n无修改意见\n"),
            )
        })
        .collect();
    let mut args = vec!["ingest"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    ws.run(&args).ok();
    let before = ws.snapshot();
    let run = ws
        .run(&[
            "letter",
            "--remind",
            "--now",
            "2023-05-29 09:00",
            "-o",
            "催办.md",
        ])
        .ok();
    assert!(run.stdout().contains("no reminder"), "{}", run.stdout());
    assert_eq!(ws.snapshot(), before, "nothing written");
}

#[test]
fn bad_letter_input_fails_and_writes_nothing() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["letter", "--format", "docx", "--now", "2023-05-22 10:00"])
        .fails_with(&["-o"]);
    ws.run(&["letter", "--remind", "--format", "docx"])
        .fails_with(&["-o"]);
    ws.run(&[
        "letter",
        "-o",
        "no/such/folder/函.md",
        "--now",
        "2023-05-22 10:00",
    ])
    .fails_with(&["no/such/folder"]);
    ws.run(&["letter", "--remind", "--now", "someday"])
        .fails_with(&["someday"]);
    ws.run(&["letter", "--format", "pdf"]).code_is(2);
    assert_eq!(ws.snapshot(), before);
    assert!(!ws.join("no").exists());
}

/// The 征求意见函 as Word lays it out (GB/T 9704): the 主送机关 at the
/// margin without an indent, body text indented, signature and date
/// right-aligned; 附件1 after a page break, in 黑体 at the margin, its
/// title centred — read back by our reader, pandoc and LibreOffice (where
/// 附件1 heads a page of its own).
#[test]
fn docx_letter_has_a_flush_left_addressee_and_the_attachment_on_a_new_page() {
    use crate::docx::{docx_part, pandoc_plain, paragraph_holding, pdf_pages, style_definition};
    let ws = Ws::example();
    ws.run(&[
        "letter",
        "--format",
        "docx",
        "-o",
        "函.docx",
        "--now",
        "2023-05-22 10:00",
    ])
    .ok();
    let file = ws.join("函.docx");
    let bytes = std::fs::read(&file).unwrap();
    let document = docx_part(&bytes, "word/document.xml");
    let styles = docx_part(&bytes, "word/styles.xml");

    let addressee = paragraph_holding(&document, ADDRESSEES);
    assert!(
        addressee.contains(r#"<w:pStyle w:val="GongwenFlush"/>"#),
        "{addressee}"
    );
    assert!(!addressee.contains("w:ind"));
    let flush = style_definition(&styles, "GongwenFlush");
    assert!(
        flush.contains(r#"w:firstLineChars="0" w:firstLine="0""#),
        "{flush}"
    );
    let body = paragraph_holding(&document, DEADLINE);
    assert!(body.contains(r#"<w:pStyle w:val="GongwenBody"/>"#));
    assert!(style_definition(&styles, "GongwenBody").contains(r#"w:firstLineChars="200""#));
    for (text, style) in [
        ("苏州市科学技术局", "GongwenSignature"),
        ("2023年5月22日", "GongwenDate"),
    ] {
        let p = paragraph_holding(&document, &format!(">{text}<"));
        assert!(
            p.contains(&format!(r#"<w:pStyle w:val="{style}"/>"#)),
            "{p}"
        );
        assert!(style_definition(&styles, style).contains(r#"<w:jc w:val="right"/>"#));
    }

    assert_eq!(document.matches(r#"<w:br w:type="page"/>"#).count(), 1);
    let label = paragraph_holding(&document, ">附件1<");
    assert!(
        label.contains(
            r#"<w:pStyle w:val="GongwenLabel"/></w:pPr><w:r><w:br w:type="page"/></w:r>"#
        ),
        "{label}"
    );
    let title = paragraph_holding(&document, ">征求意见单位名单<");
    assert!(
        title.contains(r#"<w:pStyle w:val="GongwenAttachmentTitle"/>"#),
        "{title}"
    );
    let title_style = style_definition(&styles, "GongwenAttachmentTitle");
    assert!(title_style.contains(r#"<w:jc w:val="center"/>"#));
    assert!(title_style.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(
        document.find(">附件1<").unwrap() > document.find(">2023年5月22日<").unwrap(),
        "the attachment follows the date"
    );

    let read = consult::docx::read_docx(&bytes).expect("our reader reads the letter");
    let text = read.plain_text(consult::docx::View::All);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = |line: &str| {
        lines
            .iter()
            .position(|l| *l == line)
            .unwrap_or_else(|| panic!("{line}\n{text}"))
    };
    assert!(at(ADDRESSEES) < at("苏州市科学技术局"));
    assert!(at("2023年5月22日") < at("附件1") && at("附件1") + 1 == at("征求意见单位名单"));

    if let Some(plain) = pandoc_plain(&file) {
        for needle in [
            ADDRESSEES,
            "附件：1.征求意见单位名单",
            "附件1",
            "征求意见单位名单",
            CONTACT,
        ] {
            assert!(plain.contains(needle), "{needle}\n{plain}");
        }
    }
    if let Some(pages) = pdf_pages(&file) {
        assert!(pages.iter().all(|p| !p.landscape()), "{pages:?}");
        assert!(pages[0].text.contains("市大数据局、市委组织部"));
        let attachment = pages
            .iter()
            .position(|p| p.text.starts_with("附件1征求意见单位名单"))
            .unwrap_or_else(|| panic!("附件1 heads no page: {pages:?}"));
        assert!(attachment > 0);
        assert!(
            !pages[attachment]
                .text
                .contains("苏州市科学技术局2023年5月22日")
        );
        assert!(
            pages[..attachment]
                .iter()
                .any(|p| p.text.contains("2023年5月22日"))
        );
    }
}

/// consult.yaml without the example's `letter_title` line.
fn without_letter_title(ws: &Ws) -> String {
    ws.read("consult.yaml")
        .lines()
        .filter(|l| !l.starts_with("letter_title:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn letter_title_defaults_to_the_standard_form_and_follows_consult_yaml() {
    let ws = Ws::example();
    // The example keeps the seed letter's own title.
    let txt = ws.run(&["letter", "--format", "txt"]).ok().stdout();
    assert!(
        txt.starts_with(&format!("关于对《{TITLE}》征求意见的函\n")),
        "{txt}"
    );
    // Without the setting: 关于征求《…》意见的函.
    ws.write("consult.yaml", without_letter_title(&ws));
    let txt = ws.run(&["letter", "--format", "txt"]).ok().stdout();
    assert!(
        txt.starts_with(&format!("关于征求《{TITLE}》意见的函\n")),
        "{txt}"
    );
    // Any other wording with {title}.
    let yaml = without_letter_title(&ws) + "letter_title: 关于商请对《{title}》提出意见的函\n";
    ws.write("consult.yaml", yaml);
    let txt = ws.run(&["letter", "--format", "txt"]).ok().stdout();
    assert!(
        txt.starts_with(&format!("关于商请对《{TITLE}》提出意见的函\n")),
        "{txt}"
    );
}

#[test]
fn letter_title_with_an_unknown_placeholder_is_exit_2_and_writes_nothing() {
    let ws = Ws::example();
    let yaml = without_letter_title(&ws) + "letter_title: 关于征求《{name}》意见的函\n";
    ws.write("consult.yaml", &yaml);
    let line = yaml.lines().count();
    let before = ws.snapshot();
    let run = ws
        .run(&["letter", "--format", "docx", "-o", "letter.docx"])
        .code_is(2);
    let err = run.stderr();
    assert!(err.contains("{name}"), "{err}");
    assert!(err.contains(&format!("consult.yaml:{line}")), "{err}");
    assert!(
        err.contains("{title}"),
        "the hint names the placeholder: {err}"
    );
    assert_eq!(before, ws.snapshot());
    assert!(!ws.join("letter.docx").exists());
}

#[test]
fn revised_subtitle_that_is_not_a_string_is_exit_2_and_writes_nothing() {
    for bad in [
        "revised_subtitle: [修改稿, 送审稿]",
        "revised_subtitle:\n  text: 修改稿",
    ] {
        let ws = Ws::example();
        let yaml: String = ws
            .read("consult.yaml")
            .lines()
            .filter(|l| !l.starts_with("revised_subtitle:"))
            .map(|l| format!("{l}\n"))
            .collect();
        ws.write("consult.yaml", yaml + bad + "\n");
        let before = ws.snapshot();
        let run = ws
            .run(&["export", "v1", "--format", "docx", "-o", "v1.docx"])
            .code_is(2);
        assert!(run.stderr().contains("consult.yaml:"), "{}", run.stderr());
        assert_eq!(before, ws.snapshot());
        assert!(!ws.join("v1.docx").exists());
    }
}

#[test]
fn word_layout_letter_title_attachments_and_signature() {
    let ws = Ws::example();
    ws.run(&[
        "letter",
        "--format",
        "docx",
        "-o",
        "函.docx",
        "--now",
        "2023-05-22 10:00",
    ])
    .ok();
    let bytes = std::fs::read(ws.join("函.docx")).unwrap();
    let document = crate::docx::docx_part(&bytes, "word/document.xml");
    // 附件 lines hang under the item's text.
    assert!(document.contains(r#"<w:pStyle w:val="GongwenAttachmentList"/>"#));
    let styles = crate::docx::docx_part(&bytes, "word/styles.xml");
    assert!(crate::docx::style_definition(&styles, "GongwenAttachmentList").contains("w:hanging="));
    let Some(pages) = crate::office::rendered_pages(&ws.join("函.docx")) else {
        return;
    };
    crate::office::assert_title_breaks_at_sense_boundaries(
        &pages[0],
        &format!("关于对《{TITLE}》征求意见的函"),
    );
    // The wrapped 附件2 line starts under the item's text, not at the margin.
    let text = pages.join("\n");
    let item2 = text
        .lines()
        .position(|l| l.trim_start().starts_with("2.关于进一步"))
        .expect("附件 item 2");
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let next = lines[item2 + 1];
    assert!(
        indent(next) > indent(lines[item2]),
        "hanging indent:\n{}\n{next}",
        lines[item2]
    );
    // Letter page 1 is sparse (fixed): the body flows from page 1; it is
    // not carried whole to page 2 with the 附件 list and the signature.
    let squeeze = |p: &str| p.split_whitespace().collect::<String>();
    let first = squeeze(&pages[0]);
    assert!(
        first.contains("我局草拟了") && first.contains("视为无修改意见"),
        "page 1 holds only:\n{}",
        pages[0]
    );
    // The signature is on a page with body text.
    let signed = pages
        .iter()
        .map(|p| squeeze(p))
        .find(|p| p.contains("苏州市科学技术局2023年5月22日"))
        .expect("signature and date");
    assert!(signed.contains("。") || signed.contains("附件"), "{signed}");
}

#[test]
fn word_layout_the_reminder_is_a_han_with_an_unstretched_contact_line() {
    let ws = Ws::example();
    ws.run(&[
        "letter",
        "--remind",
        "--format",
        "docx",
        "-o",
        "催办.docx",
        "--now",
        "2023-05-25 09:00",
    ])
    .ok();
    let Some(pages) = crate::office::rendered_pages(&ws.join("催办.docx")) else {
        return;
    };
    crate::office::assert_title_breaks_at_sense_boundaries(
        &pages[0],
        &format!("关于请尽快反馈《{TITLE}》修改意见的函"),
    );
    let text = pages.join("\n");
    // Not justified-stretched: the characters stay together.
    assert!(text.contains("联系人：葛运东"), "{text}");
    assert!(!text.contains("联 系 人"), "{text}");
    // Tester (stop 9): page 2 held only the contact line, the signature and
    // the date. The closing block (特此函告, contact line) stays with the
    // signature, so the signed page holds the text's last paragraph.
    let signed = pages
        .iter()
        .map(|p| p.split_whitespace().collect::<String>())
        .find(|p| p.contains("苏州市科学技术局2023年5月25日"))
        .expect("signature and date");
    assert!(signed.contains("特此函告"), "signed page: {signed}");
}
