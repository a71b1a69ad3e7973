//! Defects a second fresh tester found that the last round left open
//! (tester2.md #11, #12), each pinned through the binary.

use crate::harness::Ws;

/// A formal 复函 from 市工信局 signed jointly with `cosigner` on the line
/// below (title, salutation, 收悉, two opinions, 落款, date, contact line).
fn joint_reply(cosigner_line: &str) -> String {
    format!(
        "关于对《若干政策（征求意见稿）》意见的复函\n\n苏州市科学技术局：\n    你局《关于对〈若干政策（征求意见稿）〉征求意见的函》收悉。经认真研究，现提出如下意见：\n    一、第四条“最高300万元”建议改为“最高500万元”。\n    二、第七条责任单位建议增加“市人社局”。\n    特此函复。\n\n{cosigner_line}\n2023年5月25日\n\n（联系人：王五，电话：68001234）\n"
    )
}

/// `consult --lang LANG ingest FILE --received "2023-05-25 12:00" EXTRA…`.
fn ingest(ws: &Ws, lang: &str, file: &std::path::Path, extra: &[&str]) -> crate::harness::Run {
    let file = file.to_str().unwrap();
    let mut args = vec![
        "--lang",
        lang,
        "ingest",
        file,
        "--received",
        "2023-05-25 12:00",
    ];
    args.extend_from_slice(extra);
    ws.run(&args)
}

#[test]
fn t2_12_joint_signature_with_an_unlisted_cosigner_is_warned() {
    for signature in [
        "苏州市工业和信息化局\n苏州市统计局",
        "苏州市工业和信息化局　苏州市统计局",
    ] {
        let ws = Ws::example();
        let file = ws.write("in/joint.txt", joint_reply(signature));
        let json = ingest(&ws, "zh", &file, &["--json"]).ok().json();
        assert_eq!(json[0]["department"], "市工信局", "{json}");
        assert_eq!(json[0]["opinions"].as_array().unwrap().len(), 2, "{json}");
        let warnings = json[0]["warnings"].to_string();
        assert!(
            warnings.contains("“苏州市统计局”不在征求意见单位名单中"),
            "{warnings}"
        );
        assert!(warnings.contains("只记为市工信局的意见"), "{warnings}");
        let stored = ws.read(&format!(
            "comments/{}",
            std::fs::read_dir(ws.join("comments"))
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .find(|n| n.starts_with(json[0]["reply"].as_str().unwrap()) && n.ends_with(".yaml"))
                .expect("the reply's record")
        ));
        assert!(stored.contains("苏州市统计局"), "{stored}");
    }
}

#[test]
fn t2_12_joint_signature_with_an_unlisted_cosigner_warns_in_english_too() {
    let ws = Ws::example();
    let file = ws.write(
        "in/joint.txt",
        joint_reply("苏州市工业和信息化局\n苏州市统计局"),
    );
    let run = ingest(&ws, "en", &file, &["--dry-run"]).ok();
    let err = run.stderr();
    assert!(
        err.contains("“苏州市统计局”, which is not on the consultation list")
            && err.contains("recorded for 市工信局 only"),
        "{err}"
    );
}

#[test]
fn t2_12_joint_signature_of_two_listed_bodies_is_refused_naming_both() {
    let ws = Ws::example();
    let file = ws.write(
        "in/joint.txt",
        joint_reply("苏州市工业和信息化局　苏州市教育局"),
    );
    let before = ws.snapshot();
    ingest(&ws, "zh", &file, &[]).fails_with(&[
        "落款有两个单位",
        "--department 市工信局 或 --department 市教育局",
    ]);
    assert_eq!(ws.snapshot(), before, "a refused reply wrote something");
    // Saying which body it is recorded for still names the other one.
    let json = ingest(&ws, "zh", &file, &["--department", "市教育局", "--json"])
        .ok()
        .json();
    assert_eq!(json[0]["department"], "市教育局");
    assert!(
        json[0]["warnings"]
            .to_string()
            .contains("苏州市工业和信息化局"),
        "{json}"
    );
}

#[test]
fn t2_12_single_listed_signature_gets_no_cosigner_warning() {
    let ws = Ws::example();
    let file = ws.write("in/one.txt", joint_reply("苏州市工业和信息化局"));
    let json = ingest(&ws, "zh", &file, &["--json"]).ok().json();
    assert_eq!(json[0]["department"], "市工信局");
    assert!(
        !json[0]["warnings"].to_string().contains("名单中"),
        "{json}"
    );
}

/// A formal 复函 signed by `signature` alone.
fn signed_reply(signature: &str) -> String {
    format!(
        "关于对《若干政策（征求意见稿）》意见的复函\n\n苏州市科学技术局：\n    你局来函收悉。经研究，现提出如下意见：\n    一、第四条“最高300万元”建议改为“最高500万元”。\n    特此函复。\n\n{signature}\n2023年5月25日\n\n（联系人：李四，电话：66680000）\n"
    )
}

#[test]
fn t2_12_guanli_weiyuanhui_is_the_listed_guanweihui() {
    let ws = Ws::example();
    for (file, signature, listed) in [
        ("in/yq.txt", "苏州工业园区管理委员会", "苏州工业园区管委会"),
        (
            "in/gx.txt",
            "苏州高新区管理委员会",
            "苏州高新区管委会（虎丘区）",
        ),
    ] {
        let path = ws.write(file, signed_reply(signature));
        let json = ingest(&ws, "zh", &path, &["--json"]).ok().json();
        assert_eq!(json[0]["department"], listed, "{signature}: {json}");
    }
    // The long form also works as --department.
    let path = ws.write(
        "in/plain.txt",
        "市科技局：\n    第四条“最高300万元”改为“最高500万元”。\n",
    );
    let flag = ["--department", "苏州工业园区管理委员会", "--json"];
    let json = ingest(&ws, "zh", &path, &flag).ok().json();
    assert_eq!(json[0]["department"], "苏州工业园区管委会", "{json}");
}

#[test]
fn t2_12_a_near_but_different_body_is_still_refused_with_a_suggestion() {
    let ws = Ws::example();
    for (signature, nearest) in [
        ("苏州工业园区经济发展委员会", "苏州工业园区管委会"),
        ("苏州工业园区管理委员会办公室", "苏州工业园区管委会"),
        ("苏州市吴中区人民政府办公室", "吴中区人民政府"),
    ] {
        let path = ws.write("in/near.txt", signed_reply(signature));
        let before = ws.snapshot();
        ingest(&ws, "zh", &path, &[]).fails_with(&[signature, "最接近的已列出单位：", nearest]);
        assert_eq!(ws.snapshot(), before, "{signature}: something was written");
    }
}

/// tester2 #12: raw HTML and Markdown in an adopted opinion.
const HTML_REPLY: &str = "市科技局：\n    1.第四条“最高300万元”改为“最高500万元<b>（含</b>&amp; *配套* \\\\ _资金_ [注](x)<script>alert(1)</script>）”。\n    2.第七条责任单位增加“市<i>人社</i>局”。\n\n苏州市交通运输局\n";
const HTML_LITERAL: &str =
    "最高500万元<b>（含</b>&amp; *配套* \\\\ _资金_ [注](x)<script>alert(1)</script>）";

#[test]
fn t2_12_raw_html_from_an_adopted_opinion_is_inert_in_the_draft() {
    let ws = Ws::example();
    let file = ws.write("in/html.txt", HTML_REPLY);
    let json = ingest(&ws, "zh", &file, &["--department", "市交通局", "--json"])
        .ok()
        .json();
    for o in json[0]["opinions"].as_array().unwrap() {
        ws.run(&["decide", o["id"].as_str().unwrap(), "adopt"]).ok();
    }
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    for raw in [
        "<b>", "</b>", "<script>", "<i>", " &amp;", "*配套*", "[注](x)",
    ] {
        assert!(!v2.contains(raw), "{raw} is raw in drafts/v2.md");
    }
    assert!(
        v2.contains("\\<script\\>") && v2.contains("\\&amp;"),
        "{v2}"
    );
    // Every reader shows the literal characters the department wrote.
    let show = ws.run(&["show", "v2", "--json"]).ok().json();
    let clause4 = show["clauses"][3]["text"].as_str().unwrap();
    assert!(clause4.contains(HTML_LITERAL), "{clause4}");
    let units = show["clauses"][6]["responsible_units"].to_string();
    assert!(units.contains("市<i>人社</i>局"), "{units}");
    let diff = ws.run(&["diff", "v1", "v2"]).ok().stdout();
    assert!(
        diff.contains(&HTML_LITERAL["最高".len()..]) && diff.contains("市<i>人社</i>局"),
        "{diff}"
    );
    ws.run(&["export", "v2", "--format", "txt", "-o", "v2.txt"])
        .ok();
    assert!(ws.read("v2.txt").contains(HTML_LITERAL));
    ws.run(&["export", "v2", "--format", "html", "-o", "v2.html"])
        .ok();
    let html = ws.read("v2.html");
    assert!(
        !html.contains("<script>alert") && !html.contains("<b>（含"),
        "raw HTML in export"
    );
    assert!(html.contains("alert(1)"), "the text is kept");
}

#[test]
fn t2_11_a_records_folder_that_is_a_file_is_a_clear_error_in_both_languages() {
    for (folder, args) in [
        ("decisions", vec!["decide", "7160", "adopt"]),
        ("decisions", vec!["report"]),
        ("amendments", vec!["decide", "7160", "adopt"]),
        ("comments", vec!["decide", "7160", "adopt"]),
        ("revisions", vec!["revise"]),
    ] {
        let ws = Ws::example();
        if folder == "revisions" {
            ws.run(&["decide", "7160", "adopt"]).ok();
        }
        std::fs::remove_dir_all(ws.join(folder)).ok();
        ws.write(folder, "汇总表\n");
        let before = ws.snapshot();
        for (lang, words) in [
            (
                "zh",
                [
                    "这里应是 consult 存放记录的文件夹",
                    "却是一个文件",
                    "改名或移出工作区",
                ],
            ),
            (
                "en",
                [
                    "should be the folder consult keeps its records in",
                    "but it is a file",
                    "rename it",
                ],
            ),
        ] {
            let mut full = vec!["--lang", lang];
            full.extend_from_slice(&args);
            let run = ws.run(&full).fails_with(&words);
            let err = run.stderr();
            let path = ws.join(folder);
            assert!(err.contains(path.to_str().unwrap()), "{err}");
            assert!(err.contains(&format!("mv {folder} {folder}.txt")), "{err}");
            assert!(!err.contains("os error"), "{err}");
            assert_eq!(
                ws.snapshot(),
                before,
                "{folder} {args:?}: something was written"
            );
        }
    }
}

#[test]
fn t2_10_decide_partial_delete_states_a_deletion() {
    let ws = Ws::example();
    let file = ws.write(
        "in/fugan.txt",
        "市科技局：\n    第二条“最高1000万元建设经费支持”建议删除“最高”二字。\n\n苏州市发展和改革委员会\n",
    );
    let json = ingest(&ws, "zh", &file, &["--json"]).ok().json();
    let id = json[0]["opinions"][0]["id"].as_str().unwrap().to_string();
    let before = ws.snapshot();
    for (text, want) in [("不存在的文字", "没有"), ("最高", "出现2次")] {
        ws.run(&["--lang", "zh", "decide", &id, "partial", "--delete", text])
            .fails_with(&[want]);
        assert_eq!(
            ws.snapshot(),
            before,
            "--delete {text}: something was written"
        );
    }
    ws.run(&[
        "--lang",
        "zh",
        "decide",
        &id,
        "partial",
        "--delete",
        "、大科学装置",
    ])
    .ok()
    .stdout_has(&["部分采纳", "删除“、大科学装置”"]);
    ws.run(&["revise"]).ok();
    let v2 = ws.read("drafts/v2.md");
    assert!(!v2.contains("大科学装置"), "{v2}");
    assert!(v2.contains("重大科技基础设施等建设"), "{v2}");
    let help = ws.run(&["--lang", "zh", "decide", "--help"]).ok().stdout();
    assert!(
        help.contains("--delete <TEXT>") && help.contains("实际采纳的内容：删去 TEXT"),
        "{help}"
    );
}

#[test]
fn t2_12_joint_signature_with_an_unlisted_cosigner_is_warned_in_the_web_preview() {
    let ws = Ws::example();
    let server = crate::serve::Server::start(&ws, &[]);
    let mut c = server.client();
    let reply = format!(
        "---\nreceived: 2023-05-25 12:00\n---\n{}",
        joint_reply("苏州市工业和信息化局\n苏州市统计局")
    );
    let csrf = c.get("/c/_/intake").field("csrf");
    let before = ws.snapshot();
    let r = c.post_files(
        "/c/_/intake/upload",
        &[("csrf", &csrf)],
        &[("联合复函.md", reply.as_bytes())],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = c.get(r.location.as_deref().unwrap());
    assert!(
        page.body.contains("name=\"dept_0\" value=\"市工信局\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("“苏州市统计局”不在征求意见单位名单中"),
        "{}",
        page.body
    );
    assert_eq!(ws.snapshot(), before, "a preview writes nothing");
}
