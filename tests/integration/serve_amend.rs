//! Correcting a reading and withdrawing in the browser, over HTTP: the
//! same calls as `consult amend` and `consult withdraw` (one commit each);
//! a decision on a withdrawn opinion is refused with a clear message.

use crate::harness::Ws;
use crate::serve::{Page, Server, md_reply};

fn post(c: &mut crate::serve::Client, page: &Page, path: &str, fields: &[(&str, &str)]) -> Page {
    let csrf = page.field("csrf");
    let head = page.field("head");
    let mut all = vec![("csrf", csrf.as_str()), ("head", head.as_str())];
    all.extend_from_slice(fields);
    c.post_form(path, &all)
}

fn opinion(ws: &Ws, id: &str) -> serde_json::Value {
    let json = ws.run(&["opinions", "--json", "--all"]).ok().json();
    json.as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap()
        .clone()
}

#[test]
fn a_reading_is_corrected_and_a_greeting_withdrawn_then_it_cannot_be_decided() {
    let ws = Ws::example();
    let file = ws.write(
        "in/fgw.md",
        md_reply("市发改委", "2023-05-25 09:00", "第二条：建议将“最高1000万元”修改为“最高1500万元”。\n\n第四条：建议删除“（苏州）”字样。"),
    );
    ws.run(&["ingest", file.to_str().unwrap()]).ok();
    let ids: Vec<String> = ws
        .run(&["opinions", "--json", "--department", "市发改委"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let commits = ws.commits();

    // A correction the library refuses (the edit's text is not in clause 3): shown, nothing written.
    let page = c.get("/c/_/opinions");
    let before = ws.snapshot();
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/amend",
        &[("id", &ids[0]), ("clause", "3")],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("第3条中没有“最高1000万元”"), "{}", r.body);
    assert_eq!(before, ws.snapshot());
    // Correct the first opinion's text.
    let text = "建议将第二条的支持额度提高到1500万元。";
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/amend",
        &[("id", &ids[0]), ("text", text)],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let o = opinion(&ws, &ids[0]);
    assert_eq!(o["text"], text);
    assert_eq!(o["amended"], true);
    assert_eq!(ws.commits(), commits + 1);

    // Nothing changed: refused, nothing written.
    let page = c.get("/c/_/opinions");
    let before = ws.snapshot();
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/amend",
        &[("id", &ids[0]), ("text", text)],
    );
    assert_eq!(r.status, 422);
    assert_eq!(before, ws.snapshot());

    // Withdraw the greeting: a reason is required.
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/withdraw",
        &[("id", &ids[1]), ("reason", "")],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(before, ws.snapshot());
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/withdraw",
        &[("id", &ids[1]), ("reason", "与他处重复")],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(opinion(&ws, &ids[1])["withdrawn"], true);
    assert_eq!(ws.commits(), commits + 2);

    // The page says so and offers no decision; a decision posted anyway is refused clearly.
    let page = c.get("/c/_/opinions?department=%E5%B8%82%E5%8F%91%E6%94%B9%E5%A7%94");
    assert!(page.body.contains("此意见已撤回"), "{}", page.body);
    // Tester's defect 9: the badge says withdrawn, not pending.
    let card = &page.body[page
        .body
        .find(&format!("data-opinion=\"{}\"", ids[1]))
        .unwrap()..];
    let card = &card[..card.find("</article>").unwrap()];
    assert!(
        card.contains("data-disposition=\"withdrawn\">已撤回<"),
        "{card}"
    );
    assert!(!card.contains("data-disposition=\"pending\""), "{card}");
    let before = ws.snapshot();
    let r = post(
        &mut c,
        &page,
        "/c/_/opinions/decide",
        &[("id", &ids[1]), ("disposition", "adopt")],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("撤回"), "{}", r.body);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn the_check_page_shows_doctor_findings_and_repairs_on_request() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/check");
    assert!(page.body.contains("consult doctor"));
    assert!(page.body.contains("工作区正常"), "{}", page.body);
}
