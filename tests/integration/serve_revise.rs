//! 修订, 文件, 历史 and 检查 in the browser, over HTTP: the redline before
//! confirming, one revise commit, the new version's page; the paperwork
//! downloads (xlsx and docx are real zip packages); the history names the
//! user; the check findings.

use std::io::Read;

use crate::harness::Ws;
use crate::serve::Server;

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn revise_shows_the_redline_then_writes_the_next_version() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/revise");
    assert!(page.body.contains("没有已采纳"), "{}", page.body);
    let ops = c.get("/c/_/opinions");
    let id = ops.field("id");
    let r = c.post_form(
        "/c/_/opinions/decide",
        &[
            ("csrf", &ops.field("csrf")),
            ("head", &ops.field("head")),
            ("id", &id),
            ("disposition", "adopt"),
        ],
    );
    assert_eq!(r.status, 303);
    let page = c.get("/c/_/revise");
    assert!(page.body.contains("<b>v2</b>"), "{}", page.body);
    let preview = c.get("/c/_/revise/preview");
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("市人社局"),
        "the redline shows the adopted unit"
    );
    assert!(
        preview
            .header("content-security-policy")
            .unwrap()
            .contains("sandbox")
    );
    assert!(
        !ws.join("drafts/v2.md").exists(),
        "a preview writes nothing"
    );
    let commits = ws.commits();
    let r = c.post_form(
        "/c/_/revise",
        &[("csrf", &page.field("csrf")), ("head", &page.field("head"))],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/c/_/versions/v2"));
    assert_eq!(ws.commits(), commits + 1);
    assert!(ws.read("drafts/v2.md").contains("市人社局"));
    let v2 = c.get("/c/_/versions/v2");
    assert!(v2.body.contains("/c/_/versions/v2/redline?from=v1"));
    let redline = c.get("/c/_/versions/v2/redline?from=v1");
    assert!(redline.body.contains("市人社局"));
    // Confirming the same page again is stale: no v3 appears.
    let r = c.post_form(
        "/c/_/revise",
        &[("csrf", &page.field("csrf")), ("head", &page.field("head"))],
    );
    assert!(r.location.unwrap().contains("stale=1"));
    assert!(!ws.join("drafts/v3.md").exists());

    // The paperwork.
    for (name, part, needle) in [
        ("report.xlsx", "xl/sharedStrings.xml", "市委组织部"),
        ("report.docx", "word/document.xml", "意见采纳情况"),
        ("redline.docx", "word/document.xml", "w:ins"),
        ("letter.docx", "word/document.xml", "征求意见"),
    ] {
        let r = c.get(&format!("/c/_/documents/{name}"));
        assert_eq!(r.status, 200, "{name}");
        assert!(
            r.header("content-disposition")
                .unwrap()
                .starts_with("attachment"),
            "{name}"
        );
        // Tester's defect 9: a real ASCII fallback name (not a bare "docx").
        let disposition = r.header("content-disposition").unwrap();
        assert!(
            disposition.contains(&format!("filename=\"{name}\"")),
            "{disposition}"
        );
        assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
        let xml = zip_part(&r.bytes, part);
        assert!(xml.contains(needle), "{name}: {needle}");
    }
    for name in [
        "report.md",
        "report.csv",
        "report.html",
        "table.html",
        "redline.html",
        "reminder.md",
    ] {
        let r = c.get(&format!("/c/_/documents/{name}"));
        assert_eq!(r.status, 200, "{name}: {}", r.body);
    }
    let inline = c.get("/c/_/documents/report.html?inline=1");
    assert!(
        inline
            .header("content-disposition")
            .unwrap()
            .starts_with("inline")
    );
    assert!(
        c.get("/c/_/documents?preview=table.html")
            .body
            .contains("<iframe")
    );
}

#[test]
fn history_and_check_pages_show_the_log_and_the_findings() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/history");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-kind=\"init\""), "{}", page.body);
    assert!(page.body.contains("drafts/v1.md"), "{}", page.body);
    let check = c.get("/c/_/check");
    assert_eq!(check.status, 200);
    assert!(check.body.contains("drafts/v1.md"));
}

#[test]
fn conflicting_adopted_opinions_are_shown_before_revise_and_nothing_is_written() {
    let ws = Ws::example();
    for (name, dept, to) in [
        ("a", "市发改委", "最高1500万元"),
        ("b", "市教育局", "最高2000万元"),
    ] {
        let file = ws.write(
            &format!("in/{name}.md"),
            crate::serve::md_reply(
                dept,
                "2023-05-25 09:00",
                &format!("第二条：建议将“最高1000万元”修改为“{to}”。"),
            ),
        );
        ws.run(&["ingest", file.to_str().unwrap()]).ok();
    }
    let json = ws.run(&["opinions", "--json", "--clause", "2"]).ok().json();
    for o in json.as_array().unwrap() {
        ws.run(&["decide", o["id"].as_str().unwrap(), "adopt"]).ok();
    }
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let before = ws.snapshot();
    let page = c.get("/c/_/revise");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("修改冲突"), "{}", page.body);
    assert!(page.body.contains("市发改委") && page.body.contains("市教育局"));
    assert!(
        !page.body.contains("确认修订"),
        "no confirm button while they conflict"
    );
    let form = c.get("/c/_/opinions");
    let r = c.post_form(
        "/c/_/revise",
        &[("csrf", &form.field("csrf")), ("head", &form.field("head"))],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(before, ws.snapshot());
}
