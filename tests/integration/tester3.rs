//! Defects a third fresh tester found (/work/notes/tester3.md H2, M3, M4,
//! M5, L5, L8, L11),
//! each pinned through the binary.

use crate::harness::Ws;

/// 市发改委's reply asking to delete clause 8 of the example, ingested;
/// the opinion's id.
fn delete_clause_8(ws: &Ws) -> String {
    fgw_opinion(ws, "in/fgw8.txt", "第八条：建议删除本条。")
}

/// A reply of 市发改委 holding `opinion`, written to `name` and ingested;
/// the id of its first opinion.
fn fgw_opinion(ws: &Ws, name: &str, opinion: &str) -> String {
    let file = ws.write(
        name,
        format!("{opinion}\n\n苏州市发展和改革委员会\n2023年5月25日\n"),
    );
    let json = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 10:00",
            "--json",
        ])
        .ok()
        .json();
    json[0]["opinions"][0]["id"].as_str().unwrap().to_string()
}

/// Clause `n` of `show VERSION --json`.
fn clause(ws: &Ws, version: &str, n: u64) -> serde_json::Value {
    let json = ws.run(&["show", version, "--json"]).ok().json();
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["number"] == n)
        .cloned()
        .unwrap_or(serde_json::Value::Null)
}

#[test]
fn t3_h2_deleting_a_clauses_whole_text_deletes_it_with_its_field_lines() {
    // The first paragraph alone (the tester's command), the whole text as
    // show --json gives it, and the first paragraph replaced by nothing.
    for how in ["first", "whole", "replace"] {
        let ws = Ws::example();
        let id = delete_clause_8(&ws);
        let text = clause(&ws, "v1", 8)["text"].as_str().unwrap().to_string();
        let first = text.lines().next().unwrap();
        let mut args = vec!["decide", &id, "partial", "--reason", "删除本条"];
        args.extend(match how {
            "first" => vec!["--delete", first],
            "whole" => vec!["--delete", &text],
            _ => vec!["--replace", first, ""],
        });
        ws.run(&args).ok();
        ws.run(&["revise"]).ok();
        deleted_clause_8_alone(&ws);
    }
}

/// v2 is v1 without clause 8 and its field lines: clause 7's funding and
/// the total unchanged (clause 8's was 0), nothing left over.
fn deleted_clause_8_alone(ws: &Ws) {
    let v1 = ws.run(&["show", "v1", "--json"]).ok().json();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    assert!(clause(ws, "v2", 8).is_null(), "{v2}");
    assert_eq!(
        clause(ws, "v2", 7)["funding_wan"],
        clause(ws, "v1", 7)["funding_wan"],
        "{v2}"
    );
    assert_eq!(v2["funding_total_wan"], v1["funding_total_wan"], "{v2}");
    let source = ws.read("drafts/v2.md");
    assert!(!source.contains("支持创新产品推广应用"), "{source}");
    assert_eq!(
        source.matches("新增资金测算").count() + 1,
        ws.read("drafts/v1.md").matches("新增资金测算").count(),
        "{source}"
    );
    assert!(source.contains("万元\n\n9."), "{source}");
    let check = ws.run(&["check", "--json"]).json().to_string();
    assert!(!check.contains("_repeated"), "{check}");
}

#[test]
fn t3_h2_deleting_a_clauses_number_but_not_its_text_is_refused() {
    let ws = Ws::example();
    let id = delete_clause_8(&ws);
    let before = ws.snapshot();
    for (lang, needles) in [
        ("zh", ["会去掉第8条的序号", "要删除整条，写出该条全文"]),
        (
            "en",
            [
                "takes away the number of clause 8",
                "to delete the whole clause, give its whole text",
            ],
        ),
    ] {
        ws.run(&[
            "--lang",
            lang,
            "decide",
            &id,
            "partial",
            "--delete",
            "8.支持创新产品推广应用。",
        ])
        .fails_with(&needles);
    }
    // Replacing the start of the clause by text without its number: the same.
    ws.run(&[
        "--lang",
        "zh",
        "decide",
        &id,
        "partial",
        "--replace",
        "8.支持创新产品推广应用。",
        "支持创新产品推广应用。",
    ])
    .fails_with(&["会去掉第8条的序号", "保留序号"]);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn t3_h2_check_reports_a_clause_with_two_funding_or_source_lines() {
    let ws = Ws::example();
    let v1 = ws.read("drafts/v1.md");
    let doubled = v1.replacen(
        "新增资金测算：1000万元",
        "新增资金测算：1000万元\n\n新增资金测算：0万元\n\n政策来源：《丙》",
        1,
    );
    assert_ne!(v1, doubled);
    ws.write("drafts/v1.md", doubled);
    let run = ws.run(&["--lang", "zh", "check"]).code_is(1);
    let out = run.stdout();
    assert!(
        out.contains("警告 [funding_repeated]")
            && out.contains("有多行“新增资金测算”，各行金额相加计入该条"),
        "{out}"
    );
    assert!(out.contains("警告 [sources_repeated]"), "{out}");
    let json = ws.run(&["check", "--json"]).code_is(1).json();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "funding_repeated")
        .cloned()
        .unwrap_or_default();
    // tester6 H2: the lines are added up, so a warning, not an error.
    assert_eq!(found["severity"], "warning", "{json}");
    // The line of the second funding line, where the reader should look.
    let line = found["line"].as_u64().unwrap() as usize;
    assert_eq!(
        ws.read("drafts/v1.md").lines().nth(line - 1),
        Some("新增资金测算：0万元"),
        "{json}"
    );
}

/// Two drafts outside any workspace: a.md (clause 2 says 300元) and b.md.
fn two_drafts() -> (Ws, String, String) {
    let ws = Ws::empty();
    let a = "# 某某管理办法\n\n第1条　为了规范管理，制定本办法。\n第2条　每人每月给予最高300元交通补贴。\n";
    let b = "# 某某管理办法\n\n第1条　为了规范管理，制定本办法。\n第2条　每人每月给予最高250元交通补贴。\n";
    ws.write("a.md", a);
    ws.write("sub/b.md", b);
    (ws, a.to_string(), b.to_string())
}

#[test]
fn t3_m4_diff_output_over_an_input_draft_is_refused() {
    let (ws, a, b) = two_drafts();
    std::os::unix::fs::symlink(ws.join("a.md"), ws.join("link.md")).unwrap();
    std::fs::hard_link(ws.join("sub/b.md"), ws.join("hard.md")).unwrap();
    let before = ws.snapshot();
    for (from, to, output, named) in [
        ("a.md", "sub/b.md", "a.md", "a.md"),
        ("a.md", "sub/b.md", "./sub/../sub/b.md", "sub/b.md"),
        ("./a.md", "sub/b.md", "link.md", "./a.md"),
        ("a.md", "sub/b.md", "hard.md", "sub/b.md"),
    ] {
        for format in ["term", "html", "json"] {
            ws.run(&[
                "--lang", "zh", "diff", from, to, "--format", format, "-o", output,
            ])
            .fails_with(&[
                &format!("-o {output} 就是要比较的文件 {named}"),
                "未写入任何内容",
                "换一个输出文件，例如 -o",
            ]);
        }
        ws.run(&["--lang", "en", "diff", from, to, "-o", output])
            .fails_with(&["being compared", "write to another file, e.g. -o"]);
    }
    assert_eq!(before, ws.snapshot());
    assert_eq!(ws.read("a.md"), a);
    assert_eq!(ws.read("sub/b.md"), b);
    // Another file is written as before.
    ws.run(&["diff", "a.md", "sub/b.md", "-o", "a.diff.md"])
        .ok();
    assert!(ws.read("a.diff.md").contains("250"));
}

#[test]
fn t3_m4_diff_output_over_a_versions_file_is_refused() {
    let ws = Ws::example();
    ws.write(
        "other.md",
        ws.read("drafts/v1.md").replace("300万元", "500万元"),
    );
    let before = ws.snapshot();
    for args in [
        ["diff", "v1", "other.md", "-o", "drafts/v1.md"],
        ["diff", "drafts/v1.md", "other.md", "-o", "./drafts/v1.md"],
        ["diff", "v1", "other.md", "-o", "other.md"],
    ] {
        ws.run(&args).fails_with(&["nothing was written"]);
    }
    assert_eq!(before, ws.snapshot());
}

/// A short letter to 市科技局 with one opinion, signed `signature` (on
/// one line) above the date and a contact line.
fn letter_signed(signature: &str) -> String {
    format!(
        "市科技局：\n　　经研究，建议第四条将“最高300万元”修改为“最高500万元”。\n\n{signature}\n2023年5月25日\n\n（联系人：王五，电话：68001234）\n"
    )
}

/// `consult --lang zh ingest REL --received … --dry-run --json` of `text`
/// written at REL.
fn dry_ingest(ws: &Ws, rel: &str, text: &str) -> serde_json::Value {
    let file = ws.write(rel, text);
    let args = [
        "--lang",
        "zh",
        "ingest",
        file.to_str().unwrap(),
        "--received",
        "2023-05-25 10:00",
        "--dry-run",
        "--json",
    ];
    ws.run(&args).ok().json()
}

#[test]
fn t3_m3_joint_signature_with_dunhao_is_the_signature_not_an_opinion() {
    let ws = Ws::example();
    for (signature, cosigner) in [
        ("苏州市工业和信息化局、苏州市统计局", "苏州市统计局"),
        ("市工信局、市统计局", "市统计局"),
        ("苏州市工业和信息化局、苏州市统计局（盖章）", "苏州市统计局"),
    ] {
        let json = dry_ingest(&ws, "in/joint.txt", &letter_signed(signature));
        assert_eq!(json[0]["department"], "市工信局", "{signature}: {json}");
        let opinions = json[0]["opinions"].as_array().unwrap();
        assert_eq!(opinions.len(), 1, "{signature}: {json}");
        assert_eq!(opinions[0]["clause"], 4, "{json}");
        let warnings = json[0]["warnings"].to_string();
        assert!(
            warnings.contains(&format!("“{cosigner}”不在征求意见单位名单中"))
                && warnings.contains("只记为市工信局的意见"),
            "{signature}: {warnings}"
        );
    }
}

#[test]
fn t3_m3_a_dunhao_list_of_units_above_the_signature_stays_an_opinion() {
    let ws = Ws::example();
    let json = dry_ingest(
        &ws,
        "in/list.txt",
        "市科技局：\n　　一、第四条将“最高300万元”修改为“最高500万元”。\n　　二、第七条责任单位建议增加：\n市人社局、市财政局\n\n苏州市工业和信息化局\n2023年5月25日\n",
    );
    let text = json[0]["opinions"].to_string();
    assert!(text.contains("市人社局、市财政局"), "{json}");
    assert!(
        !json[0]["warnings"].to_string().contains("名单中"),
        "{json}"
    );
}

#[test]
fn t3_m3_joint_signature_with_dunhao_in_the_web_preview() {
    let ws = Ws::example();
    let server = crate::serve::Server::start(&ws, &[]);
    let mut c = server.client();
    let reply = format!(
        "---\nreceived: 2023-05-25 10:00\n---\n{}",
        letter_signed("苏州市工业和信息化局、苏州市统计局")
    );
    let csrf = c.get("/c/_/intake").field("csrf");
    let r = c.post_files(
        "/c/_/intake/upload",
        &[("csrf", &csrf)],
        &[("joint.md", reply.as_bytes())],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = c.get(&r.location.unwrap());
    assert_eq!(page.status, 200);
    assert!(page.body.contains("最高500万元"), "{}", page.body);
    assert!(
        page.body.contains("“苏州市统计局”不在征求意见单位名单中"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("总体意见"), "{}", page.body);
}

/// `export v1 --format txt` with clauses 8 and 9 swapped and renumbered
/// (the tester's make_moved.py), as a department would send it back.
fn swapped_8_and_9(ws: &Ws) -> String {
    let txt = ws.run(&["export", "v1", "--format", "txt"]).ok().stdout();
    let lines: Vec<&str> = txt.split('\n').collect();
    let at = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    let (i8, i9, i10) = (at("8."), at("9."), at("10."));
    let mut nine: Vec<String> = lines[i9..i10].iter().map(|l| l.to_string()).collect();
    let mut eight: Vec<String> = lines[i8..i9].iter().map(|l| l.to_string()).collect();
    nine[0] = nine[0].replacen("9.", "8.", 1);
    eight[0] = eight[0].replacen("8.", "9.", 1);
    let mut out: Vec<String> = lines[..i8].iter().map(|l| l.to_string()).collect();
    out.extend(nine);
    out.extend(eight);
    out.extend(lines[i10..].iter().map(|l| l.to_string()));
    out.join("\n")
}

/// `ingest` of an edited copy written at REL, sent by 市生态环境局
/// (`--dry-run` or not): the reply's JSON.
fn ingest_copy(ws: &Ws, rel: &str, text: &str, dry: bool) -> serde_json::Value {
    let file = ws.write(rel, text);
    let mut args = vec![
        "ingest",
        file.to_str().unwrap(),
        "--department",
        "市生态环境局",
        "--received",
        "2023-05-25 10:00",
        "--json",
    ];
    if dry {
        args.push("--dry-run");
    }
    ws.run(&args).ok().json()[0].clone()
}

/// The clause labels of a version, in order (`8.`, `9.` …).
fn labels(ws: &Ws, version: &str) -> Vec<u64> {
    let json = ws.run(&["show", version, "--json"]).ok().json();
    json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["number"].as_u64().unwrap())
        .collect()
}

#[test]
fn t3_m5_a_swap_in_an_edited_copy_is_a_move_not_a_renumbering_edit() {
    let ws = Ws::example();
    let copy = swapped_8_and_9(&ws);
    let json = ingest_copy(&ws, "in/moved.txt", &copy, true);
    let ops = json["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{json}");
    assert_eq!(ops[0]["clause"], 9, "{json}");
    assert_eq!(ops[0]["text"], "修改稿将第9条移至第8条之前", "{json}");
    assert_eq!(ops[0]["edits"], serde_json::json!([]), "{json}");
    // Adopting the move writes no v2 with two clauses numbered 8.
    let json = ingest_copy(&ws, "in/moved.txt", &copy, false);
    let id = json["opinions"][0]["id"].as_str().unwrap().to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    assert!(!ws.join("drafts/v2.md").exists());
}

#[test]
fn t3_m5_a_moved_or_renumbered_clause_keeps_only_its_text_edits() {
    let ws = Ws::example();
    // Clause 9 (资源服务保障) moved before 8, and its 20% made 30%.
    let copy = swapped_8_and_9(&ws).replace("按实际费用的20%给予补贴", "按实际费用的30%给予补贴");
    let json = ingest_copy(&ws, "in/moved.txt", &copy, true);
    let ops = json["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{json}");
    let text = ops[0]["text"].as_str().unwrap();
    assert!(text.starts_with("修改稿将第9条移至第8条之前；"), "{json}");
    let edits = ops[0]["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{json}");
    assert!(edits[0]["to"].as_str().unwrap().contains("30"), "{json}");
    assert!(!edits[0]["from"].as_str().unwrap().contains("9."), "{json}");
    // Adopted and revised: the 30% is in, the numbers stay 1..10 once each.
    let json = ingest_copy(&ws, "in/moved.txt", &copy, false);
    let id = json["opinions"][0]["id"].as_str().unwrap().to_string();
    ws.run(&["decide", &id, "adopt"]).ok();
    ws.run(&["revise"]).ok();
    assert_eq!(labels(&ws, "v2"), (1..=10).collect::<Vec<u64>>());
    assert!(ws.read("drafts/v2.md").contains("按实际费用的30%给予补贴"));

    // A clause inserted at the start renumbers every later one: the edited
    // clause's opinion holds its text edit only, never 9. → 10.
    let ws = Ws::example();
    let txt = ws.run(&["export", "v1", "--format", "txt"]).ok().stdout();
    let mut lines: Vec<String> = Vec::new();
    for l in txt.split('\n') {
        let n: String = l.chars().take_while(char::is_ascii_digit).collect();
        match (n.parse::<u32>(), l[n.len()..].starts_with('.')) {
            (Ok(k), true) if !n.is_empty() => {
                if k == 1 {
                    lines.push("1.新增一条加强组织领导的规定，由市科技局负责。".into());
                    lines.push(String::new());
                }
                lines.push(format!("{}{}", k + 1, &l[n.len()..]));
            }
            _ => lines.push(l.to_string()),
        }
    }
    let copy = lines
        .join("\n")
        .replace("按实际费用的20%给予补贴", "按实际费用的30%给予补贴");
    let json = ingest_copy(&ws, "in/inserted.txt", &copy, true);
    let ops = json["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 2, "{json}");
    let edited = ops.iter().find(|o| o["clause"] == 9).expect("clause 9");
    assert_eq!(edited["edits"].as_array().unwrap().len(), 1, "{json}");
    assert!(!edited["text"].as_str().unwrap().contains("移至"), "{json}");
}

/// 市发改委's opinion on clause 2 of the example, ingested; its id.
fn opinion_on_clause_2(ws: &Ws) -> String {
    fgw_opinion(
        ws,
        "in/fgw2.txt",
        "第二条：建议删除“给予最高1000万元建设经费支持”。",
    )
}

#[test]
fn t3_l8_decide_refuses_an_empty_delete_and_names_delete_among_the_edit_flags() {
    let ws = Ws::example();
    let id = opinion_on_clause_2(&ws);
    let x = "给予最高1000万元建设经费支持";
    let before = ws.snapshot();
    let cases: [(Vec<&str>, &str, &str); 3] = [
        (
            vec!["partial", "--reason", "r", "--delete", ""],
            "--delete 的文字为空",
            "--delete with an empty text",
        ),
        (
            vec!["note", "--delete", x],
            "--replace、--delete、--add-unit、--remove-unit 只能与 adopt 或 partial 一起使用",
            "--replace, --delete, --add-unit and --remove-unit go with adopt or partial only",
        ),
        (
            vec!["reject", "--reason", "r", "--delete", x],
            "--replace、--delete、--add-unit、--remove-unit",
            "--replace, --delete, --add-unit and --remove-unit",
        ),
    ];
    for (args, zh, en) in cases {
        for (lang, needle) in [("zh", zh), ("en", en)] {
            let mut all = vec!["--lang", lang, "decide", &id];
            all.extend(&args);
            ws.run(&all).code_is(2).fails_with(&[needle]);
        }
    }
    assert_eq!(before, ws.snapshot());
}

#[test]
fn t3_l8_overlapping_edits_of_one_opinion_are_refused_at_decide() {
    let ws = Ws::example();
    let id = opinion_on_clause_2(&ws);
    let x = "给予最高1000万元建设经费支持";
    let before = ws.snapshot();
    let cases: [Vec<&str>; 3] = [
        vec!["--delete", x, "--delete", x],
        vec!["--delete", x, "--replace", x, "给予支持"],
        vec![
            "--delete",
            "建设经费支持",
            "--replace",
            "最高1000万元建设",
            "最高500万元建设",
        ],
    ];
    for edits in &cases {
        for (lang, needles) in [
            ("zh", ["的修改重叠", "第2条"]),
            ("en", ["overlap", "clause 2"]),
        ] {
            let mut all = vec!["--lang", lang, "decide", &id, "partial", "--reason", "r"];
            all.extend(edits);
            ws.run(&all).code_is(2).fails_with(&needles);
        }
    }
    assert_eq!(before, ws.snapshot());
    // Two edits side by side do not overlap: decided, and revise makes both.
    ws.run(&[
        "decide",
        &id,
        "partial",
        "--reason",
        "r",
        "--replace",
        "给予最高1000万元",
        "给予最高500万元",
        "--delete",
        "建设经费支持",
    ])
    .ok();
    ws.run(&["revise"]).ok();
    assert!(ws.read("drafts/v2.md").contains("给予最高500万元。"));
}

#[test]
fn t3_l11_doctor_reports_a_record_folder_that_is_a_file() {
    for folder in ["revisions", "decisions", "amendments", "comments"] {
        let ws = Ws::example();
        if ws.join(folder).exists() {
            std::fs::rename(ws.join(folder), ws.join("moved-away")).unwrap();
        }
        ws.write(folder, "x\n");
        let before = ws.snapshot();
        let mv = format!("mv {folder} {folder}.txt");
        ws.run(&["--lang", "en", "doctor"]).code_is(1).stdout_has(&[
            "not_a_folder",
            &format!("{folder} should be the folder"),
            &mv,
        ]);
        ws.run(&["--lang", "zh", "doctor"])
            .code_is(1)
            .stdout_has(&["却是一个文件", &mv]);
        let json = ws.run(&["doctor", "--json"]).code_is(1).json();
        let f = &json["findings"][0];
        assert_eq!(f["kind"], "not_a_folder", "{json}");
        assert_eq!(f["path"], folder, "{json}");
        // --fix never moves someone's file.
        ws.run(&["doctor", "--fix"]).code_is(1);
        assert_eq!(before, ws.snapshot());
    }
    // The fix doctor names works.
    let ws = Ws::example();
    ws.write("revisions", "x\n");
    std::fs::rename(ws.join("revisions"), ws.join("revisions.txt")).unwrap();
    let json = ws.run(&["doctor", "--json"]).ok().json();
    assert!(
        !json["findings"].to_string().contains("not_a_folder"),
        "{json}"
    );
}

#[test]
fn t3_l5_utf8_cut_inside_a_character_is_refused_naming_the_byte() {
    let ws = Ws::example();
    // The tester's cut99.md: a UTF-8 draft cut after the first two bytes of
    // a character that starts at byte 97.
    let draft = "# 苏州市某某管理办法\n\n第1条　为了规范管理，制定本办法。\n\n第2条　本办法适用于本市。\n\n第3条　本办法自发布之日起施行。\n";
    let start = (97..).find(|&i| draft.is_char_boundary(i)).unwrap();
    let bytes = &draft.as_bytes()[..start + 2];
    assert_eq!(std::str::from_utf8(bytes).unwrap_err().valid_up_to(), start);
    ws.write("cut99.md", bytes);
    ws.write("base.md", draft);
    ws.write("onebad.md", [0xE7u8]);
    for file in ["cut99.md", "onebad.md"] {
        let at = if file == "onebad.md" { 0 } else { start };
        ws.run(&["--lang", "en", "diff", file, "base.md"])
            .code_is(2)
            .fails_with(&[&format!(
                "invalid UTF-8 at byte {at} (the file ends inside a character"
            )]);
        ws.run(&["--lang", "zh", "diff", file, "base.md"])
            .code_is(2)
            .fails_with(&[&format!(
                "UTF-8 编码在第 {at} 字节处无效（文件在一个字符中间结束"
            )]);
    }
    // A reply cut short, and one with a damaged byte: refused, nothing written.
    let reply = "第一条：建议将“最高300万元”修改为“最高500万元”。\n\n苏州市发展和改革委员会\n2023年5月25日\n";
    let cut = &reply.as_bytes()[..reply.len() - 2];
    let mut damaged = reply.as_bytes().to_vec();
    damaged[4] = 0xFF; // inside 一 (E4 B8 80, bytes 3..6)
    let cut = ws.write("in/cut.txt", cut);
    let damaged = ws.write("in/damaged.txt", damaged);
    let before = ws.snapshot();
    for (file, needle) in [
        (cut, "(the file ends inside a character"),
        (damaged, "invalid UTF-8 at byte 3 (byte 0xE4)"),
    ] {
        ws.run(&[
            "--lang",
            "en",
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 10:00",
        ])
        .code_is(2)
        .fails_with(&[needle]);
    }
    assert_eq!(before, ws.snapshot());
}

#[test]
fn t3_l5_a_second_bom_is_not_text() {
    let ws = Ws::example();
    let mut bytes = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
    bytes.extend(ws.read("drafts/v1.md").into_bytes());
    let file = ws.write("in/dbom.md", &bytes);
    ws.run(&["import", file.to_str().unwrap(), "--as", "v2"])
        .ok();
    let v2 = ws.run(&["show", "v2", "--json"]).ok().json();
    let v1 = ws.run(&["show", "v1", "--json"]).ok().json();
    assert_eq!(v2["title"], v1["title"]);
    assert!(!v2.to_string().contains('\u{FEFF}'), "{v2}");
    // A reply with two BOMs reads as the same reply without them.
    let reply = "第一条：建议将“最高300万元”修改为“最高500万元”。\n\n苏州市发展和改革委员会\n2023年5月25日\n";
    let mut bytes = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
    bytes.extend(reply.as_bytes());
    let two = ws.write("in/two.txt", &bytes);
    let one = ws.write("in/one.txt", reply);
    let read = |f: &std::path::Path| {
        let json = ws
            .run(&[
                "ingest",
                f.to_str().unwrap(),
                "--received",
                "2023-05-25 10:00",
                "--dry-run",
                "--json",
            ])
            .ok()
            .json();
        let ops = json[0]["opinions"].as_array().unwrap().clone();
        ops.iter()
            .map(|o| (o["clause"].clone(), o["text"].clone(), o["edits"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(read(&two), read(&one));
}

/// tester4 M4: a clause deleted by an adopted opinion is linked to that
/// opinion in `diff` (JSON opinions, the 对照表's 修改说明).
#[test]
fn t4_m4_a_deleted_clause_is_linked_to_the_opinion_that_deleted_it() {
    let ws = Ws::example();
    let id = delete_clause_8(&ws);
    let text = clause(&ws, "v1", 8)["text"].as_str().unwrap().to_string();
    ws.run(&[
        "decide",
        &id,
        "partial",
        "--reason",
        "删除本条",
        "--delete",
        &text,
    ])
    .ok();
    ws.run(&["revise"]).ok();
    let json = ws
        .run(&["diff", "v1", "v2", "--format", "json"])
        .ok()
        .json();
    let deleted: Vec<&serde_json::Value> = json["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "deleted")
        .collect();
    assert_eq!(deleted.len(), 1, "{json}");
    assert_eq!(deleted[0]["from_number"], 8);
    assert_eq!(deleted[0]["opinions"], serde_json::json!([id]), "{json}");
    let table = ws
        .run(&["diff", "v1", "v2", "--format", "table"])
        .ok()
        .stdout();
    assert!(table.contains("删除条款；部分采纳"), "{table}");
}
