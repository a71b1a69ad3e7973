//! `consult ingest`: hand-written replies, free text, no objection, records
//! and originals, one commit per ingest, duplicates, and every bad input
//! failing with exit 2 and nothing written.

use crate::harness::Ws;

#[test]
fn front_matter_reply_is_recorded_with_its_original_and_one_commit() {
    let ws = Ws::example();
    let commits = ws.commits();
    let body = "---\ndepartment: 市卫健委\nreceived: 2023-05-25 11:00\nchannel: 书面\n---\n第七条：建议将“市卫健委”修改为“市卫生健康委”。\n";
    let file = ws.write("in/卫健委.md", body);
    let run = ws.run(&["ingest", file.to_str().unwrap(), "--json"]).ok();
    let entry = &run.json()[0];
    assert_eq!(entry["department"], "市卫生健康委");
    assert_eq!(entry["received"], "2023-05-25T11:00:00+08:00");
    assert_eq!(entry["late"], false);
    assert_eq!(entry["no_objection"], false);
    assert_eq!(entry["duplicate"], false);
    let op = &entry["opinions"][0];
    assert_eq!(op["clause"], 7);
    assert_eq!(op["department"], "市卫生健康委");
    assert_eq!(op["disposition"], "pending");
    assert_eq!(
        op["edits"][0],
        serde_json::json!({"op": "replace", "from": "市卫健委", "to": "市卫生健康委"})
    );
    assert_eq!(ws.commits(), commits + 1, "one commit per ingest");
    assert!(
        !ws.git_status().contains("comments/"),
        "everything committed"
    );
    // The original is kept byte for byte.
    let originals = std::fs::read_dir(ws.join("comments/originals")).unwrap();
    let kept = originals
        .flatten()
        .any(|e| std::fs::read(e.path()).unwrap() == body.as_bytes());
    assert!(kept, "original not kept byte for byte");
}

#[test]
fn the_seed_comment_as_free_text_with_department_prefix() {
    let ws = Ws::example();
    let file = ws.write("reply.txt", "市外办：建议第五点责任单位加上市人社局");
    let run = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 09:00",
            "--json",
        ])
        .ok();
    let entry = &run.json()[0];
    assert_eq!(entry["department"], "市外办");
    let op = &entry["opinions"][0];
    assert_eq!(op["clause"], 5);
    assert_eq!(op["text"], "建议第五点责任单位加上市人社局");
    assert_eq!(
        op["edits"],
        serde_json::json!([{"op": "add_unit", "unit": "市人社局"}])
    );
}

#[test]
fn department_from_the_command_line() {
    let ws = Ws::example();
    let file = ws.write("r.md", "第9条：建议删除“专利池运营、”。");
    let run = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "市市场监管局",
            "--received",
            "2023-05-25 09:00",
            "--json",
        ])
        .ok();
    assert_eq!(run.json()[0]["department"], "市市场监管局");
    assert_eq!(run.json()[0]["opinions"][0]["edits"][0]["op"], "delete");
}

#[test]
fn no_objection_replies_are_recognised() {
    let ws = Ws::example();
    for (i, text) in ["无修改意见", "我局无意见。", "同意"].iter().enumerate() {
        let file = ws.write(&format!("n{i}.md"), text);
        let run = ws
            .run(&[
                "ingest",
                file.to_str().unwrap(),
                "--department",
                "市教育局",
                "--received",
                "2023-05-25 09:00",
                "--json",
            ])
            .ok();
        assert_eq!(run.json()[0]["no_objection"], true, "{text}");
        assert_eq!(run.json()[0]["opinions"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn opinions_in_front_matter() {
    let ws = Ws::example();
    let text = "---\ndepartment: 市发改委\nreceived: 2023-05-25 10:00\nopinions:\n  - clause: 第二条\n    text: 建议提高支持额度\n    edits:\n      - {op: replace, from: 最高1000万元, to: 最高1500万元}\n  - text: 总体同意\n---\n";
    let file = ws.write("fm.md", text);
    let json = ws
        .run(&["ingest", file.to_str().unwrap(), "--json"])
        .ok()
        .json();
    let ops = json[0]["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0]["clause"], 2);
    assert_eq!(ops[0]["edits"][0]["to"], "最高1500万元");
    assert_eq!(ops[1]["clause"], serde_json::Value::Null);
}

#[test]
fn an_opinion_without_clause_attaches_to_the_one_clause_quoting_it() {
    let ws = Ws::example();
    let file = ws.write(
        "q.md",
        "建议将“每年补贴金额最高不超过500万元”修改为“每年补贴金额最高不超过800万元”。",
    );
    let json = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "市大数据局",
            "--received",
            "2023-05-25 09:00",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json[0]["opinions"][0]["clause"], 9);
}

#[test]
fn an_edit_whose_text_is_not_in_the_clause_is_kept_as_text_with_a_warning() {
    let ws = Ws::example();
    let file = ws.write("w.md", "第一条：建议将“不存在的文字”修改为“别的文字”。");
    let run = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "市大数据局",
            "--received",
            "2023-05-25 09:00",
            "--json",
        ])
        .ok();
    let op = &run.json()[0]["opinions"][0];
    assert_eq!(op["clause"], 1);
    assert_eq!(op["edits"].as_array().unwrap().len(), 0);
    assert!(run.stderr().contains("不存在的文字"), "{}", run.stderr());
}

#[test]
fn the_same_bytes_twice_are_a_duplicate_and_add_nothing() {
    let ws = Ws::example();
    let original = std::fs::read_dir(ws.join("comments/originals"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let file = ws.write("t.md", std::fs::read(original).unwrap());
    let json = ws
        .run(&["ingest", file.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(
        json[0]["duplicate"], true,
        "the example already holds this reply"
    );
    let commits = ws.commits();
    let before = ws.snapshot();
    ws.run(&["ingest", file.to_str().unwrap()]).ok();
    assert_eq!(ws.commits(), commits);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let ws = Ws::example();
    let file = ws.write(
        "in/x.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n无意见\n",
    );
    let before = ws.snapshot();
    let run = ws
        .run(&["ingest", file.to_str().unwrap(), "--dry-run", "--json"])
        .ok();
    assert_eq!(run.json()[0]["department"], "市外办");
    assert_eq!(before, ws.snapshot());
}

#[test]
fn no_commit_writes_the_records_but_does_not_commit() {
    let ws = Ws::example();
    let commits = ws.commits();
    let file = ws.write(
        "in/x.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n无意见\n",
    );
    ws.run(&["ingest", file.to_str().unwrap(), "--no-commit"])
        .ok();
    assert_eq!(ws.commits(), commits);
    assert!(ws.git_status().contains("comments/"));
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["counts"]["no_objection"], 1);
}

// ---- bad input: exit 2, a message naming file, line and value, nothing written

fn assert_rejected(ws: &Ws, args: &[&str], needles: &[&str]) {
    let before = ws.snapshot();
    ws.run(args).fails_with(needles);
    assert_eq!(before, ws.snapshot(), "something was written");
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let ws = Ws::example();
    let file = ws.write(
        "bad.md",
        "---\ndepartment: 市外办\nreceived: [2023\n---\n无意见\n",
    );
    assert_rejected(
        &ws,
        &["ingest", file.to_str().unwrap()],
        &["bad.md:", "YAML"],
    );
    let unknown = ws.write(
        "unknown.md",
        "---\ndepartment: 市外办\nrecieved: 2023-05-25 09:00\n---\n无意见\n",
    );
    assert_rejected(
        &ws,
        &["ingest", unknown.to_str().unwrap()],
        &["unknown.md:3", "recieved"],
    );
    let open = ws.write("open.md", "---\ndepartment: 市外办\n无意见\n");
    assert_rejected(
        &ws,
        &["ingest", open.to_str().unwrap()],
        &["open.md:1", "---"],
    );
}

#[test]
fn unknown_department_suggests_the_closest_names() {
    let ws = Ws::example();
    let file = ws.write(
        "u.md",
        "---\ndepartment: 市外事局\nreceived: 2023-05-25 09:00\n---\n无意见\n",
    );
    assert_rejected(
        &ws,
        &["ingest", file.to_str().unwrap()],
        &["u.md:2", "市外事局", "市外办"],
    );
    let flag = ws.write("f.md", "无意见");
    assert_rejected(
        &ws,
        &[
            "ingest",
            flag.to_str().unwrap(),
            "--department",
            "市科技厅",
            "--received",
            "2023-05-25 09:00",
        ],
        &["--department", "市科技厅"],
    );
}

#[test]
fn a_group_or_the_issuer_is_not_a_department_that_replies() {
    let ws = Ws::example();
    let file = ws.write("g.md", "无意见");
    assert_rejected(
        &ws,
        &[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "各县级市（区）人民政府（管委会）",
            "--received",
            "2023-05-25 09:00",
        ],
        &["张家港市"],
    );
    assert_rejected(
        &ws,
        &[
            "ingest",
            file.to_str().unwrap(),
            "--department",
            "市科技局",
            "--received",
            "2023-05-25 09:00",
        ],
        &["市科技局"],
    );
}

#[test]
fn a_reply_without_department_or_receipt_time_is_refused() {
    let ws = Ws::example();
    let file = ws.write(
        "nodept.md",
        "第五条：建议删除“特别重大的团队按“一事一议”予以支持，”。",
    );
    assert_rejected(
        &ws,
        &[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 09:00",
        ],
        &["nodept.md", "--department"],
    );
    let notime = ws.write("notime.md", "---\ndepartment: 市外办\n---\n无意见\n");
    assert_rejected(
        &ws,
        &["ingest", notime.to_str().unwrap()],
        &["notime.md", "--received"],
    );
    let badtime = ws.write(
        "badtime.md",
        "---\ndepartment: 市外办\nreceived: 5月25日\n---\n无意见\n",
    );
    assert_rejected(
        &ws,
        &["ingest", badtime.to_str().unwrap()],
        &["badtime.md:3", "5月25日"],
    );
}

/// A clause the draft lacks is a new-clause proposal, never a refusal.
#[test]
fn a_reply_to_a_clause_that_does_not_exist_is_a_new_clause_opinion() {
    let ws = Ws::example();
    let file = ws.write(
        "c.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n第十二条：建议增加国际合作奖励。\n",
    );
    let run = ws
        .run(&["ingest", file.to_str().unwrap(), "--dry-run", "--json"])
        .ok();
    let reply = &run.json()[0];
    let op = &reply["opinions"][0];
    assert_eq!(op["kind"], "new_clause");
    assert!(op["clause"].is_null());
    assert!(
        reply["warnings"][0].as_str().unwrap().contains("12"),
        "{reply}"
    );
}

#[test]
fn files_that_are_not_replies_are_refused() {
    let ws = Ws::example();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let r = ws.write("random.bin", random);
    assert_rejected(
        &ws,
        &[
            "ingest",
            r.to_str().unwrap(),
            "--department",
            "市外办",
            "--received",
            "2023-05-25 09:00",
        ],
        &["random.bin"],
    );
    let empty = ws.write("empty.md", "");
    assert_rejected(
        &ws,
        &[
            "ingest",
            empty.to_str().unwrap(),
            "--department",
            "市外办",
            "--received",
            "2023-05-25 09:00",
        ],
        &["empty.md"],
    );
    std::fs::create_dir_all(ws.join("folder")).unwrap();
    assert_rejected(
        &ws,
        &[
            "ingest",
            "folder",
            "--department",
            "市外办",
            "--received",
            "2023-05-25 09:00",
        ],
        &["folder"],
    );
    assert_rejected(
        &ws,
        &[
            "ingest",
            "missing.md",
            "--department",
            "市外办",
            "--received",
            "2023-05-25 09:00",
        ],
        &["missing.md"],
    );
}

#[test]
fn one_bad_file_in_a_batch_writes_nothing_and_names_the_file() {
    let ws = Ws::example();
    let good = ws.write(
        "good.md",
        "---\ndepartment: 市外办\nreceived: 2023-05-25 09:00\n---\n无意见\n",
    );
    let bad = ws.write(
        "bad.md",
        "---\ndepartment: 市外事局\nreceived: 2023-05-25 09:00\n---\n无意见\n",
    );
    assert_rejected(
        &ws,
        &["ingest", good.to_str().unwrap(), bad.to_str().unwrap()],
        &["bad.md"],
    );
}

#[test]
fn a_gbk_letter_names_its_sender_in_the_signature() {
    let ws = Ws::example();
    let letter = "市科技局：\r\n    经研究，我委意见如下：\r\n1. 第四条：建议将“最高300万元的研发费资助”修改为“最高500万元的研发费资助”。\r\n2. 第七条责任单位加上市数据局。\r\n特此函复。\r\n市发改委\r\n2023年5月25日\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(letter);
    let file = ws.write("发改委反馈.txt", gbk.as_ref());
    let json = ws
        .run(&[
            "ingest",
            file.to_str().unwrap(),
            "--received",
            "2023-05-25 15:10",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市发改委");
    let ops = json[0]["opinions"].as_array().unwrap();
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0]["clause"], 4);
    assert_eq!(ops[0]["edits"][0]["to"], "最高500万元的研发费资助");
    assert_eq!(
        ops[1]["edits"][0],
        serde_json::json!({"op": "add_unit", "unit": "市数据局"})
    );
}

/// Tester defect 1: a bare "无修改意见" from two bodies has the same bytes.
/// The second department is refused (exit 2, nothing written, the fix
/// named) instead of dropped as a duplicate and left "silent".
#[test]
fn identical_replies_from_two_departments_are_refused_not_dropped() {
    let ws = Ws::example();
    let file = ws.write("in/jyj.txt", "无修改意见\n");
    let path = file.to_str().unwrap();
    let first = ws
        .run(&[
            "ingest",
            path,
            "--department",
            "市教育局",
            "--received",
            "2023-05-25 10:00",
            "--json",
        ])
        .ok();
    let id = first.json()[0]["reply"].as_str().unwrap().to_string();
    let before = ws.snapshot();
    let commits = ws.commits();
    for dry in [false, true] {
        let mut args = vec![
            "ingest",
            path,
            "--department",
            "市工信局",
            "--received",
            "2023-05-25 11:00",
        ];
        if dry {
            args.push("--dry-run");
        }
        let run = ws.run(&args).code_is(2);
        let err = run.stderr();
        for want in [
            "jyj.txt",
            id.as_str(),
            "市教育局",
            "市工信局",
            "consult amend",
            "department:",
        ] {
            assert!(err.contains(want), "missing {want}: {err}");
        }
    }
    assert_eq!(ws.commits(), commits, "nothing committed");
    assert_eq!(before, ws.snapshot(), "nothing written");
    // The same department again is still a duplicate, shown as recorded.
    let again = ws
        .run(&[
            "ingest",
            path,
            "--department",
            "市教育局",
            "--received",
            "2023-05-25 12:00",
        ])
        .ok();
    assert!(
        again.stdout().contains("市教育局 2023-05-25 10:00"),
        "{}",
        again.stdout()
    );
    assert!(again.stdout().contains("duplicate"), "{}", again.stdout());
    // A copy under another name, its sender named in front matter: recorded.
    let own = ws.write(
        "in/gx.md",
        "---\ndepartment: 市工信局\nreceived: 2023-05-25 11:00\n---\n无修改意见\n",
    );
    let json = ws
        .run(&["ingest", own.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市工信局");
    assert_eq!(json[0]["duplicate"], false);
}

/// Tester defect 3: a signature naming two listed bodies (on one line, with
/// a full-width space or 、, or on two lines) is refused, quoting them,
/// instead of one body picked silently; --department records it.
#[test]
fn letters_signed_by_two_departments_are_refused_not_guessed() {
    let ws = Ws::example();
    let letters = [
        ("two.txt", "市卫健委　市文广旅局"),
        ("two2.txt", "市卫健委\n市文广旅局"),
        ("two3.txt", "市卫健委、市文广旅局"),
    ];
    for (name, signature) in letters {
        ws.write(
            &format!("in/{name}"),
            format!("市科技局：\n　　我局无意见。\n\n{signature}\n2023年5月25日\n"),
        );
    }
    let before = ws.snapshot();
    for (name, _) in letters {
        let file = ws.join(&format!("in/{name}"));
        let run = ws
            .run(&[
                "ingest",
                file.to_str().unwrap(),
                "--received",
                "2023-05-25 09:00",
            ])
            .code_is(2);
        let err = run.stderr();
        for want in [name, "two bodies", "市卫健委", "市文广旅局", "--department"] {
            assert!(err.contains(want), "{name}: missing {want}: {err}");
        }
    }
    assert_eq!(before, ws.snapshot(), "nothing written");
    // One body followed by a date is unchanged; --department settles a joint one.
    let one = ws.write(
        "in/one.txt",
        "市科技局：\n　　我局无意见。\n\n市卫健委\n2023年5月25日\n",
    );
    let json = ws
        .run(&[
            "ingest",
            one.to_str().unwrap(),
            "--received",
            "2023-05-25 09:00",
            "--dry-run",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市卫生健康委");
    let joint = ws.join("in/two.txt");
    let json = ws
        .run(&[
            "ingest",
            joint.to_str().unwrap(),
            "--received",
            "2023-05-25 09:00",
            "--department",
            "市文广旅局",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市文广旅局");
}

/// Tester defect 4: `decide … reject` without a reason (none, or blank) is
/// refused by the core — exit 2, nothing written, the fix named — as the
/// web app refuses it.
#[test]
fn decide_reject_without_a_reason_is_refused() {
    let ws = Ws::example();
    let id = ws.run(&["opinions", "--json"]).ok().json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = ws.snapshot();
    let commits = ws.commits();
    for args in [
        vec!["decide", id.as_str(), "reject"],
        vec!["decide", id.as_str(), "reject", "--reason", "  "],
        vec!["--lang", "zh", "decide", id.as_str(), "不采纳"],
    ] {
        let run = ws.run(&args).code_is(2);
        let err = run.stderr();
        assert!(err.contains("--reason"), "{err}");
        assert!(
            err.contains("needs a reason") || err.contains("不采纳须说明理由"),
            "{err}"
        );
    }
    assert_eq!(ws.commits(), commits);
    assert_eq!(before, ws.snapshot(), "nothing written");
    ws.run(&["decide", &id, "reject", "--reason", "不宜"]).ok();
    assert_eq!(ws.commits(), commits + 1);
}

/// Tester defect 7 (brief item 5): the Chinese "not text" message put the
/// two numbers the wrong way round ("2 个字符中有 91 个").
#[test]
fn not_text_message_in_chinese_counts_bad_of_total() {
    let ws = Ws::example();
    let body = format!(
        "市外办：第五条建议删除“市外办”。{}\n",
        "\u{1b}\u{7}".repeat(10)
    );
    let file = ws.write("in/ctl.txt", body);
    let path = file.to_str().unwrap();
    let args = ["ingest", path, "--received", "2023-05-25 09:00"];
    let zh = ws
        .run(&[&["--lang", "zh"][..], &args[..]].concat())
        .code_is(2);
    assert!(
        zh.stderr().contains("38 个字符中有 20 个"),
        "{}",
        zh.stderr()
    );
    let en = ws
        .run(&[&["--lang", "en"][..], &args[..]].concat())
        .code_is(2);
    assert!(
        en.stderr().contains("20 of 38 characters"),
        "{}",
        en.stderr()
    );
}
