//! `consult serve --root DIR`: every workspace under DIR on one start page
//! (title, deadline, replied, late, silent), each at its own address.

use crate::harness::Ws;
use crate::serve::Server;

#[test]
fn the_start_page_lists_every_consultation_under_the_root() {
    let root = Ws::empty();
    root.run(&["init", "甲轮", "--example"]).ok();
    root.run(&["init", "乙轮", "--example"]).ok();
    std::fs::create_dir_all(root.join("not-a-workspace")).unwrap();
    let server = Server::start(&root, &["--root", "."]);
    let mut c = server.client();
    let home = c.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.body.matches("href=\"/c/").count(), 2, "{}", home.body);
    assert!(home.body.contains("2023-05-26 17:30"));
    assert!(
        home.body.contains("1 / 25"),
        "one body replied in the example: {}",
        home.body
    );
    let key = "/c/%E7%94%B2%E8%BD%AE/";
    assert!(home.body.contains(key), "{}", home.body);
    let page = c.get(key);
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("data-body=").count(), 25);
    assert_eq!(c.get("/c/not-a-workspace/").status, 404);
}

#[test]
fn a_root_without_workspaces_is_refused_with_exit_2() {
    let root = Ws::empty();
    root.run(&["serve", "--root", ".", "--port", "0"])
        .fails_with(&["consult init"]);
}

/// Tester (stop 9) §12: `serve --lang zh` was ignored — a browser asking
/// for English got English pages. The office's `--lang` wins over the
/// browser's Accept-Language; the reader's own switch (the `lang` cookie)
/// wins over both.
#[test]
fn serve_lang_wins_over_the_browser_and_the_readers_switch_wins_over_it() {
    let ws = Ws::example();
    let server = Server::start(&ws, &["--lang", "zh"]);
    let mut c = server.client();
    c.lang = "en-US";
    let page = c.get("/c/_/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>概况</h1>"), "{}", page.body);
    c.cookie = Some("lang=en".into());
    let page = c.get("/c/_/");
    assert!(page.body.contains("<h1>Overview</h1>"), "{}", page.body);
    // Without --lang the browser decides, as before.
    let plain = Server::start(&ws, &[]);
    let mut c = plain.client();
    c.lang = "en-US";
    assert!(c.get("/c/_/").body.contains("<h1>Overview</h1>"));
}
