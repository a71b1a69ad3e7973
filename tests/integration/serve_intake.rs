//! 登记反馈 in the browser, over HTTP: upload, the reading before anything
//! is written, corrections, one ingest commit on confirm; per-file errors
//! and duplicates; a failed or stale batch writes nothing.

use crate::harness::Ws;
use crate::serve::{Server, md_reply};

fn upload(c: &mut crate::serve::Client, files: &[(&str, &[u8])]) -> String {
    let csrf = c.get("/c/_/intake").field("csrf");
    let r = c.post_files("/c/_/intake/upload", &[("csrf", &csrf)], files);
    assert_eq!(r.status, 303, "{}", r.body);
    r.location.unwrap()
}

#[test]
fn the_reading_is_shown_first_corrected_then_confirmed_as_one_commit() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let good = md_reply(
        "市卫健委",
        "2023-05-25 11:00",
        "第七条：建议将“市卫健委”修改为“市卫生健康委”。",
    );
    let untimed = "---\ndepartment: 市外办\n---\n无修改意见\n"
        .as_bytes()
        .to_vec();
    let before = ws.snapshot();
    let commits = ws.commits();
    let preview_url = upload(&mut c, &[("卫健委.md", &good), ("外办.md", &untimed)]);
    let preview = c.get(&preview_url);
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("市卫生健康委"), "{}", preview.body);
    assert!(preview.body.contains("建议将"));
    assert!(preview.body.contains("外办.md"));
    assert!(
        preview.body.contains("class=\"file bad\""),
        "the untimed file is refused"
    );
    assert_eq!(before, ws.snapshot(), "a preview writes nothing");
    // Confirming a batch with a bad file writes nothing at all.
    let form = |c: &crate::serve::Client,
                p: &crate::serve::Page,
                action: &'static str,
                received_1: &str| {
        let _ = c;
        vec![
            ("csrf", p.field("csrf")),
            ("head", p.field("head")),
            ("action", action.to_string()),
            ("dept_0", p.field("dept_0")),
            ("dept_read_0", p.field("dept_read_0")),
            ("received_0", p.field("received_0")),
            ("received_read_0", p.field("received_read_0")),
            ("dept_1", "市外办".to_string()),
            ("dept_read_1", String::new()),
            ("received_1", received_1.to_string()),
            ("received_read_1", String::new()),
        ]
    };
    let fields = form(&c, &preview, "confirm", "");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post_form(&preview_url, &pairs);
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(before, ws.snapshot());
    // Staff type the receipt time and read again: now both files are good.
    let fields = form(&c, &preview, "preview", "2023-05-25 09:30");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post_form(&preview_url, &pairs);
    assert_eq!(r.status, 303);
    let preview = c.get(&preview_url);
    assert!(
        !preview.body.contains("class=\"file bad\""),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("2023-05-25 09:30"));
    assert_eq!(before, ws.snapshot());
    let fields = form(&c, &preview, "confirm", "2023-05-25 09:30");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post_form(&preview_url, &pairs);
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.unwrap().contains("done=ingest&n=2"));
    assert_eq!(ws.commits(), commits + 1, "one ingest commit");
    assert!(crate::serve::log(&ws)[0].contains("ingest: 2 replies"));
    let status = ws
        .run(&["status", "--json", "--now", "2023-05-25 12:00"])
        .ok()
        .json();
    let state = |name: &str| {
        status["departments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(state("市卫生健康委"), "replied");
    assert_eq!(state("市外办"), "no_objection");
    // The batch is gone once recorded.
    assert_eq!(c.get(&preview_url).status, 404);
}

#[test]
fn a_file_ingest_refuses_is_shown_beside_it_and_a_duplicate_is_marked() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let reply = md_reply("市发改委", "2023-05-25 10:00", "无意见");
    let file = ws.write("in/发改委.md", &reply);
    ws.run(&["ingest", file.to_str().unwrap()]).ok();
    let unknown = md_reply("市不存在局", "2023-05-25 10:00", "无意见");
    let preview_url = upload(&mut c, &[("dup.md", &reply), ("unknown.md", &unknown)]);
    let page = c.get(&preview_url);
    assert!(page.body.contains("已登记过"), "{}", page.body);
    assert!(page.body.contains("市不存在局"));
    assert!(page.body.contains("class=\"file bad\""));
    assert!(!page.body.contains(ws.path().to_str().unwrap()));
}

#[test]
fn a_stale_confirm_reads_again_and_writes_nothing() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let reply = md_reply("市教育局", "2023-05-25 10:00", "无意见");
    let preview_url = upload(&mut c, &[("教育局.md", &reply)]);
    let page = c.get(&preview_url);
    // Meanwhile someone records another reply on the command line.
    let other = ws.write(
        "in/交通局.md",
        md_reply("市交通局", "2023-05-25 10:05", "无意见"),
    );
    ws.run(&["ingest", other.to_str().unwrap()]).ok();
    let before = ws.snapshot();
    let r = c.post_form(
        &preview_url,
        &[
            ("csrf", &page.field("csrf")),
            ("head", &page.field("head")),
            ("action", "confirm"),
            ("dept_0", "市教育局"),
            ("dept_read_0", "市教育局"),
        ],
    );
    assert_eq!(r.status, 303);
    assert!(r.location.as_deref().unwrap().ends_with("?stale=1"));
    assert_eq!(before, ws.snapshot());
    let page = c.get(r.location.as_deref().unwrap());
    assert!(page.body.contains("已被更改"), "{}", page.body);
}

#[test]
fn a_gbk_letter_is_read_in_the_preview() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let text = "市科技局：\n\n    经研究，我局对《若干政策（征求意见稿）》无修改意见。\n\n市文广旅局\n2023年5月25日\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let preview_url = upload(&mut c, &[("文广旅局回函.txt", &gbk)]);
    let page = c.get(&preview_url);
    // A letter carries no receipt time: the page asks for it, naming the
    // file only (no server folder, no upload token).
    assert!(page.body.contains("没有收到时间"), "{}", page.body);
    // Tester's defect 9: the hint names the page's field, not the CLI's flag.
    assert!(
        page.body.contains("在上面的“收到时间”栏填写"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("--received"), "{}", page.body);
    assert!(
        page.body.contains("role=\"alert\">文广旅局回函.txt:"),
        "{}",
        page.body
    );
    let r = c.post_form(
        &preview_url,
        &[
            ("csrf", &page.field("csrf")),
            ("head", &page.field("head")),
            ("action", "preview"),
            ("received_0", "2023-05-25 15:00"),
        ],
    );
    assert_eq!(r.status, 303);
    let page = c.get(&preview_url);
    assert!(!page.body.contains("class=\"file bad\""), "{}", page.body);
    assert!(
        page.body.contains("name=\"dept_0\" value=\"市文广旅局\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("state no_objection"), "{}", page.body);
}
