//! 意见处理 in the browser, over HTTP: the same decisions as `consult
//! decide` (one commit each), a rejection needs a reason, a stale form
//! applies nothing, filters narrow the list.

use crate::harness::Ws;
use crate::serve::{Server, md_reply};

fn decide(
    c: &mut crate::serve::Client,
    page: &crate::serve::Page,
    id: &str,
    fields: &[(&str, &str)],
) -> crate::serve::Page {
    let csrf = page.field("csrf");
    let head = page.field("head");
    let mut all = vec![("csrf", csrf.as_str()), ("head", head.as_str()), ("id", id)];
    all.extend_from_slice(fields);
    c.post_form("/c/_/opinions/decide", &all)
}

#[test]
fn adopt_partial_reject_and_noted_are_the_commits_decide_makes() {
    let ws = Ws::example();
    let file = ws.write(
        "in/fgw.md",
        md_reply(
            "市发改委",
            "2023-05-25 09:00",
            "第二条：建议将“最高1000万元”修改为“最高1500万元”。\n\n第三条：建议删除。\n\n第四条：请补充说明。",
        ),
    );
    ws.run(&["ingest", file.to_str().unwrap()]).ok();
    let ids: Vec<String> = ws
        .run(&["opinions", "--json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 3, "{ids:?}");
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let commits = ws.commits();
    // Rejecting without a reason: refused, nothing written.
    let page = c.get("/c/_/opinions");
    let before = ws.snapshot();
    let r = decide(
        &mut c,
        &page,
        &ids[1],
        &[("disposition", "reject"), ("reason", " ")],
    );
    assert_eq!(r.status, 422);
    assert!(r.body.contains("不采纳须说明理由"), "{}", r.body);
    assert_eq!(before, ws.snapshot());
    for (i, fields) in [
        (0, vec![("disposition", "adopt")]),
        (
            1,
            vec![("disposition", "reject"), ("reason", "与现行规定不符")],
        ),
        (2, vec![("disposition", "note")]),
        (
            3,
            vec![
                ("disposition", "partial"),
                ("replace_from", "最高300万元"),
                ("replace_to", "最高400万元"),
                ("reason", "部分采纳"),
            ],
        ),
    ] {
        if i >= ids.len() {
            continue;
        }
        let page = c.get("/c/_/opinions");
        let r = decide(&mut c, &page, &ids[i], &fields);
        assert_eq!(r.status, 303, "{i}: {}", r.body);
    }
    let json = ws.run(&["opinions", "--json"]).ok().json();
    let by_id = |id: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(&ids[0])["disposition"], "adopted");
    assert_eq!(by_id(&ids[1])["disposition"], "not_adopted");
    assert_eq!(by_id(&ids[1])["reason"], "与现行规定不符");
    assert_eq!(by_id(&ids[2])["disposition"], "noted");
    let decided = ids.len().min(4);
    assert_eq!(ws.commits(), commits + decided, "one commit per decision");
    assert!(crate::serve::log(&ws)[0].contains("decide:"));
    // Filters: by disposition.
    let page = c.get("/c/_/opinions?disposition=not_adopted");
    assert_eq!(
        page.body.matches("data-opinion=").count(),
        1,
        "{}",
        page.body
    );
}

#[test]
fn a_stale_decision_form_applies_nothing_and_shows_the_new_state() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/opinions");
    let id = page.field("id");
    // The command line decides first.
    ws.run(&["decide", &id, "note"]).ok();
    let before = ws.snapshot();
    let r = decide(&mut c, &page, &id, &[("disposition", "adopt")]);
    assert_eq!(r.status, 303);
    let to = r.location.unwrap();
    assert!(to.contains("stale=1"), "{to}");
    assert_eq!(before, ws.snapshot(), "nothing applied");
    let page = c.get(&to);
    assert!(page.body.contains("已被更改"));
    assert!(
        page.body.contains("data-disposition=\"noted\""),
        "{}",
        page.body
    );
    // The same form sent twice: the second is stale too, so nothing is applied twice.
    let fresh = c.get("/c/_/opinions");
    assert_eq!(
        decide(&mut c, &fresh, &id, &[("disposition", "adopt")]).status,
        303
    );
    let after_one = ws.commits();
    let r = decide(&mut c, &fresh, &id, &[("disposition", "adopt")]);
    assert!(r.location.unwrap().contains("stale=1"));
    assert_eq!(ws.commits(), after_one);
}

#[test]
fn english_follows_accept_language_and_the_switch() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    c.lang = "en-GB,en;q=0.9";
    let page = c.get("/c/_/opinions");
    assert!(page.body.contains(">Opinions<"), "{}", page.body);
    assert!(page.body.contains("Adopt"));
    let r = c.get("/lang/zh?back=/c/_/opinions");
    assert_eq!(r.status, 303);
    assert!(r.header("set-cookie").unwrap().starts_with("lang=zh"));
}

/// Tester's defect 8: the opinions page previewed an added unit at the end
/// of the list (after 各县级市…<管委会>) while revise puts it before the
/// county group; the preview now comes from revise's own rule.
#[test]
fn an_added_unit_is_previewed_where_revise_puts_it() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/opinions");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("市外办<ins>、市人社局</ins>，各县级市"),
        "{}",
        page.body
    );
}
