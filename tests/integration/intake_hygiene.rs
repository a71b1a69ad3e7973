//! Small intake defects the hostile tester found (tester.md §6, §7, §9),
//! each pinned through the binary: control characters in a letter's
//! proposed text, a file that is not a reply, receipt times that cannot be
//! right (before 1901, shifted by the zone's old local mean time; in the
//! future), and trailing spaces in ingest's lines.

use crate::harness::Ws;

/// A 复函 from 市外办 on clause 5 whose proposed text carries a terminal
/// escape sequence (ESC ] 0 ; pwned BEL) and a right-to-left override
/// (U+202E); long enough (over 150 characters) to be read as text.
fn letter_with_controls() -> String {
    "市外办关于征求意见稿的意见\n\n市科技局：\n　　经研究，现将我办意见反馈如下。第五条：建议将“出入境等方面”修改为“出入境、签证等方面\u{1b}]0;pwned\u{7}”，以更好服务外籍人才\u{202e}。我办将积极配合做好外籍人才服务相关工作，确保各项政策落实到位，进一步优化国际化营商环境，提升苏州对外籍高层次人才的吸引力。\n\n市外办\n2023年5月25日\n".to_string()
}

/// `consult ingest FILE ARGS… --json` on `ws`, expected to succeed: its JSON.
fn ingest_json(ws: &Ws, file: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["ingest", file];
    all.extend_from_slice(args);
    all.push("--json");
    ws.run(&all).ok().json()
}

#[test]
fn esc_in_a_letters_replacement_text_never_reaches_the_draft() {
    let ws = Ws::example();
    let file = ws.write("in/esc.txt", letter_with_controls());
    let path = file.to_str().unwrap();
    let run = ws
        .run(&["ingest", path, "--received", "2023-05-25 09:00", "--json"])
        .ok();
    let json = run.json();
    let opinion = &json[0]["opinions"][0];
    assert_eq!(opinion["edits"][0]["to"], "出入境、签证等方面", "{json}");
    let text = opinion["text"].as_str().unwrap();
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    let warnings = json[0]["warnings"].to_string();
    for name in ["U+001B (ESC)", "U+0007 (BEL)", "U+202E (RLO)"] {
        assert!(warnings.contains(name), "{name}: {warnings}");
    }
    // The original is kept byte for byte, controls and all.
    let originals = std::fs::read_dir(ws.join("comments/originals")).unwrap();
    let kept = originals
        .flatten()
        .map(|e| std::fs::read(e.path()).unwrap())
        .any(|bytes| bytes == letter_with_controls().as_bytes());
    assert!(kept, "the original is kept as received");
    let id = opinion["id"].as_str().unwrap().to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(v2.contains("出入境、签证等方面"), "{v2}");
    assert!(
        !v2.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "controls in the draft"
    );
}

#[test]
fn esc_typed_in_a_decide_replacement_is_refused_with_nothing_written() {
    let ws = Ws::example();
    let before = ws.snapshot();
    let run = ws
        .run(&[
            "--lang",
            "zh",
            "decide",
            "7160",
            "partial",
            "--replace",
            "市外办",
            "市外办\u{1b}[31m",
        ])
        .code_is(2);
    let err = run.stderr();
    assert!(
        err.contains("U+001B (ESC)") && err.contains("未写入任何内容"),
        "{err}"
    );
    assert_eq!(ws.snapshot(), before, "nothing written");
}

#[test]
fn etc_passwd_ingested_with_a_department_is_warned_as_not_a_reply() {
    let ws = Ws::example();
    let passwd: String = [
        "root:x:0:0:root:/root:/bin/bash",
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
        "bin:x:2:2:bin:/bin:/usr/sbin/nologin",
        "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
    ]
    .map(|l| format!("{l}\n"))
    .concat();
    let file = ws.write("in/passwd", passwd);
    let path = file.to_str().unwrap();
    let args = [
        "ingest",
        path,
        "--department",
        "市外办",
        "--received",
        "2023-05-25 09:00",
    ];
    let zh = ws
        .run(&[&["--lang", "zh"][..], &args[..], &["--dry-run", "--json"]].concat())
        .ok();
    let warnings = zh.json()[0]["warnings"].to_string();
    assert!(warnings.contains("不像反馈意见"), "{warnings}");
    // Not refused: recorded, with the warning on stderr.
    let en = ws.run(&[&["--lang", "en"][..], &args[..]].concat()).ok();
    assert!(
        en.stderr().contains("does not look like a reply"),
        "{}",
        en.stderr()
    );
    // A real general opinion is not questioned.
    let reply = ws.write(
        "in/fgw.md",
        "---\ndepartment: 市发改委\nreceived: 2023-05-25 10:00\n---\n总体同意，建议加强统筹。\n",
    );
    let run = ws.run(&["ingest", reply.to_str().unwrap()]).ok();
    assert!(!run.stderr().contains("reply"), "{}", run.stderr());
}

/// A front-matter reply from 市外办 received at `received`.
fn reply_received(ws: &Ws, received: &str) -> String {
    let file = ws.write(
        "in/wb.md",
        format!("---\ndepartment: 市外办\nreceived: {received}\n---\n第五条：建议删除“市外办”。\n"),
    );
    file.to_str().unwrap().to_string()
}

#[test]
fn receipt_time_before_1901_is_refused_not_shifted_by_local_mean_time() {
    let ws = Ws::example();
    let path = reply_received(&ws, "1899-05-25 10:00");
    let letter = ws.write("in/x.txt", letter_with_controls());
    let before = ws.snapshot();
    let run = ws.run(&["--lang", "zh", "ingest", &path]).code_is(2);
    let err = run.stderr();
    // The typed time, never 09:59 (Shanghai's LMT is +08:05:43).
    assert!(err.contains("1899-05-25 10:00"), "{err}");
    assert!(err.contains("wb.md:3"), "names the line: {err}");
    assert!(err.contains("早一年以上"), "{err}");
    // 2013 typed for 2023, on the command line.
    let run = ws
        .run(&[
            "ingest",
            letter.to_str().unwrap(),
            "--received",
            "2013-05-25 10:00",
        ])
        .code_is(2);
    assert!(
        run.stderr().contains("2013-05-25 10:00"),
        "{}",
        run.stderr()
    );
    assert_eq!(ws.snapshot(), before, "nothing written");
}

#[test]
fn receipt_time_after_the_clock_is_refused_as_a_typo() {
    let ws = Ws::example();
    let path = reply_received(&ws, "2099-05-25 10:00");
    let before = ws.snapshot();
    let run = ws.run(&["--lang", "en", "ingest", &path]).code_is(2);
    let err = run.stderr();
    assert!(
        err.contains("2099-05-25 10:00") && err.contains("later than now"),
        "{err}"
    );
    assert_eq!(ws.snapshot(), before, "nothing written");
    // A --now before the receipt does not refuse it (status as of that
    // --now does not count it yet): only the real clock makes a time future.
    let path = reply_received(&ws, "2023-05-25 10:00");
    ws.run(&["ingest", &path, "--now", "2023-05-25 09:00", "--dry-run"])
        .ok();
    // Correcting a reply's receipt time to the future is refused too.
    let path = reply_received(&ws, "2023-05-25 10:00");
    let ingested = ingest_json(&ws, &path, &[]);
    let id = ingested[0]["reply"].as_str().expect("reply id").to_string();
    let before = ws.snapshot();
    ws.run(&["amend", &id, "--received", "2099-05-25 10:00"])
        .code_is(2);
    ws.run(&[
        "amend",
        &id,
        "--received",
        "2099-05-25 11:00",
        "--now",
        "2099-05-25 10:30",
    ])
    .code_is(2);
    assert_eq!(ws.snapshot(), before, "nothing written");
}

#[test]
fn ingest_lines_end_without_a_trailing_space() {
    let ws = Ws::example();
    let path = reply_received(&ws, "2023-05-25 10:00");
    for lang in ["zh", "en"] {
        let out = ws
            .run(&["--lang", lang, "ingest", &path, "--dry-run"])
            .ok()
            .stdout();
        assert!(out.contains("[") && out.contains("]"), "{out}");
        for line in out.lines() {
            assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
        }
    }
}

/// Tester §7: a letter pasted from Word carries vertical tabs (Word's
/// manual line break); five in a short letter made it "not text". They are
/// line breaks.
#[test]
fn vertical_tabs_from_word_are_line_breaks_not_junk() {
    let ws = Ws::example();
    let file = ws.write(
        "in/vt.txt",
        "市科技局：\u{b}第五条：建议删除“市外办”。\u{b}\u{b}市外办\u{b}2023年5月25日\u{b}",
    );
    let run = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 09:00",
            "--dry-run",
            "--json",
        ])
        .ok();
    let json = run.json();
    assert_eq!(json[0]["department"], "市外办", "{json}");
    let opinion = &json[0]["opinions"][0];
    assert_eq!(opinion["clause"], 5, "{json}");
    assert_eq!(opinion["text"], "第五条：建议删除“市外办”。", "{json}");
}

/// Tester §9: a line after the contact line (补充：第六条无意见。) was glued
/// onto the last opinion; it is a statement of no objection on clause 6.
#[test]
fn text_after_the_contact_line_is_not_glued_to_the_last_opinion() {
    let ws = Ws::example();
    let file = ws.write(
        "in/glued.txt",
        "市发改委关于《若干措施》的意见\n\n市科技局：\n\n    来函收悉。经研究，提出如下意见：\n    一、第七条责任单位建议增加市大数据局。\n\n联系人：张三，电话：65231234\n\n补充：第六条无意见。\n\n市发改委\n2023年5月24日\n",
    );
    let json = ingest_json(
        &ws,
        file.to_str().unwrap(),
        &["--received", "2023-05-24 10:00", "--dry-run"],
    );
    let opinions = json[0]["opinions"].as_array().unwrap();
    assert_eq!(opinions.len(), 1, "{json}");
    assert_eq!(opinions[0]["clause"], 7);
    assert_eq!(opinions[0]["text"], "第七条责任单位建议增加市大数据局。");
    assert_eq!(json[0]["department"], "市发改委");
}

/// Tester §9: a bare “无修改意见” without --department was refused with the
/// statement quoted as a signature (找到的名称 “无修改意见”（落款）).
#[test]
fn a_bare_no_objection_is_not_taken_for_a_signature() {
    let ws = Ws::example();
    let file = ws.write("in/bare.txt", "无修改意见\n");
    let before = ws.snapshot();
    let run = ws
        .run(&[
            "--lang",
            "zh",
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-24 10:00",
        ])
        .fails_with(&["没有单位名称", "--department"]);
    assert!(!run.stderr().contains("落款"), "{}", run.stderr());
    assert_eq!(ws.snapshot(), before, "nothing written");
    let json = ingest_json(
        &ws,
        file.to_str().unwrap(),
        &["--received", "2023-05-24 10:00", "--department", "市外办"],
    );
    assert_eq!(json[0]["no_objection"], true, "{json}");
}

/// Tester §9: a form row's opinion was only the new wording (最高800万元…),
/// so the report's 意见内容 lacked what it replaces; and the form's title
/// line (市发改委反馈意见表) became a general opinion of its own.
#[test]
fn a_form_row_says_what_becomes_what_and_its_title_is_no_opinion() {
    let ws = Ws::example();
    let file = ws.write(
        "in/form.txt",
        "市发改委反馈意见表\n\n序号\t条款\t原文\t修改意见\t理由\n1\t第二条\t最高1000万元建设经费支持\t最高800万元建设经费支持\t与省级政策衔接\n\n市发改委\n2023年5月24日\n",
    );
    let json = ingest_json(
        &ws,
        file.to_str().unwrap(),
        &["--received", "2023-05-24 10:00"],
    );
    let opinions = json[0]["opinions"].as_array().unwrap();
    assert_eq!(opinions.len(), 1, "{json}");
    assert_eq!(
        opinions[0]["text"],
        "建议将“最高1000万元建设经费支持”修改为“最高800万元建设经费支持”"
    );
    assert_eq!(opinions[0]["opinion_reason"], "与省级政策衔接");
    let report = ws.run(&["report"]).ok().stdout();
    assert!(
        report.contains("建议将“最高1000万元建设经费支持”修改为“最高800万元建设经费支持”"),
        "{report}"
    );
}

/// Tester (stop 9) §9: a Chinese tender notice from the Word corpus gave
/// 316 "opinions" with no word of warning (the non-reply warning looked
/// only at text that is mostly not Chinese).
#[test]
fn a_long_chinese_document_that_is_no_reply_is_warned_about() {
    let Some(shared) = crate::harness::shared_dir() else {
        println!("SKIP: ../shared is not present");
        return;
    };
    let file = shared.join("corpus/docx/docx2python__libreoffice_conversion_zh_NEGCTRL.docx");
    let ws = Ws::example();
    let json = ingest_json(
        &ws,
        file.to_str().unwrap(),
        &[
            "--department",
            "市发改委",
            "--received",
            "2023-05-25 10:00",
            "--dry-run",
        ],
    );
    let warnings = json[0]["warnings"].to_string();
    assert!(
        warnings.contains("does not look like a reply"),
        "{warnings}"
    );
}
