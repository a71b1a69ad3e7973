//! `consult serve` security, over HTTP against the real binary: CSRF,
//! upload limits, sign-in, the non-loopback refusal, escaping, 404s, and
//! errors that name no server path. Each refusal is shown to write nothing.

use crate::harness::Ws;
use crate::serve::{Server, md_reply};

#[test]
fn a_post_without_the_csrf_token_is_403_and_writes_nothing() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let page = c.get("/c/_/opinions");
    let head = page.field("head");
    let id = page.field("id");
    let before = ws.snapshot();
    for csrf in [None, Some("00"), Some("not-hex")] {
        let mut fields = vec![
            ("head", head.as_str()),
            ("id", id.as_str()),
            ("disposition", "adopt"),
        ];
        if let Some(t) = csrf {
            fields.push(("csrf", t));
        }
        let r = c.post_form("/c/_/opinions/decide", &fields);
        assert_eq!(r.status, 403, "{csrf:?}: {}", r.body);
    }
    // A token of another session does not count either.
    let mut other = server.client();
    let other_token = other.get("/c/_/opinions").field("csrf");
    let r = c.post_form(
        "/c/_/opinions/decide",
        &[
            ("csrf", &other_token),
            ("head", &head),
            ("id", &id),
            ("disposition", "adopt"),
        ],
    );
    assert_eq!(r.status, 403);
    let r = c.post_files("/c/_/intake/upload", &[], &[("a.md", b"x")]);
    assert_eq!(r.status, 403);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn an_oversize_upload_is_413_and_writes_nothing() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    let csrf = c.get("/c/_/intake").field("csrf");
    let before = ws.snapshot();
    let big = vec![b'a'; 20 * 1024 * 1024 + 1];
    let r = c.post_files(
        "/c/_/intake/upload",
        &[("csrf", &csrf)],
        &[("big.txt", &big)],
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(r.body.contains("20 MB"), "{}", r.body);
    // Tester (stop 9): the alert was in the server's language (English under
    // LANG=C), not the reader's.
    assert!(r.body.contains("过大：上限 20 MB"), "{}", r.body);
    // A request announcing more than the per-request limit is refused
    // before its body is read.
    let status = raw_status(
        &server.url,
        &format!(
            "POST /c/_/intake/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n",
            c.cookie.clone().unwrap(),
            65 * 1024 * 1024
        ),
    );
    assert_eq!(status, 413);
    assert_eq!(before, ws.snapshot());
}

#[test]
fn a_non_loopback_bind_without_users_is_refused_with_exit_2() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["serve", "--bind", "0.0.0.0", "--port", "0"])
        .fails_with(&["--bind 0.0.0.0", "--users"]);
    ws.run(&["serve", "--bind", "not-an-address"])
        .fails_with(&["not-an-address"]);
    assert_eq!(before, ws.snapshot());
}

fn add_user(ws: &Ws, name: &str, password: &str) -> std::path::PathBuf {
    use std::io::Write;
    let users = ws.join("../users-file");
    let mut child = ws
        .std_cmd()
        .args([
            "serve",
            "--add-user",
            name,
            "--users",
            users.to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    users
}

#[test]
fn with_users_every_page_needs_a_sign_in_and_commits_carry_the_user() {
    let ws = Ws::example();
    let users = add_user(&ws, "li.ming", "correct horse battery");
    let text = std::fs::read_to_string(&users).unwrap();
    assert!(text.contains("li.ming:$argon2id$"), "{text}");
    assert!(!text.contains("correct horse"));
    // Any address, once users are given: 0.0.0.0 binds, the test talks to 127.0.0.1.
    let mut server = Server::start(
        &ws,
        &["--bind", "0.0.0.0", "--users", users.to_str().unwrap()],
    );
    server.url = server.url.replace("0.0.0.0", "127.0.0.1");
    let mut c = server.client();
    let r = c.get("/c/_/");
    assert_eq!(r.status, 303);
    assert!(r.location.unwrap().starts_with("/login"));
    assert_eq!(c.get("/c/_/documents/report.md").status, 303);
    let login = c.get("/login");
    let csrf = login.field("csrf");
    let before = ws.snapshot();
    let r = c.post_form(
        "/c/_/opinions/decide",
        &[("csrf", &csrf), ("id", "x"), ("disposition", "adopt")],
    );
    assert_eq!(r.status, 401);
    let r = c.post_form(
        "/login",
        &[("csrf", &csrf), ("user", "li.ming"), ("password", "wrong")],
    );
    assert_eq!(r.status, 401);
    assert_eq!(before, ws.snapshot());
    let r = c.post_form(
        "/login",
        &[
            ("csrf", &csrf),
            ("user", "li.ming"),
            ("password", "correct horse battery"),
            ("next", "/c/_/"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let cookie = r.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let page = c.get("/c/_/opinions");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("li.ming"));
    let r = c.post_form(
        "/c/_/opinions/decide",
        &[
            ("csrf", &page.field("csrf")),
            ("head", &page.field("head")),
            ("id", &page.field("id")),
            ("disposition", "adopt"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let log = crate::serve::log(&ws);
    assert!(log[0].starts_with("li.ming|decide:"), "{log:?}");
}

#[test]
fn hostile_text_in_a_reply_is_escaped_everywhere_it_is_shown() {
    let ws = Ws::example();
    let reply = md_reply(
        "市外办",
        "2023-05-25 09:00",
        "第二条：建议<script>alert(1)</script>删除“<img src=x onerror=alert(2)>”。",
    );
    let file = ws.write("in/hostile.md", reply);
    ws.run(&["ingest", file.to_str().unwrap()]).ok();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    for path in ["/c/_/opinions", "/c/_/", "/c/_/history"] {
        let page = c.get(path);
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("<script>alert"), "{path}");
        assert!(!page.body.contains("<img src=x"), "{path}");
    }
    let page = c.get("/c/_/opinions");
    assert!(page.body.contains("&#60;script&#62;") || page.body.contains("&lt;script&gt;"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
}

#[test]
fn unknown_urls_are_404_without_listing_and_errors_name_no_server_path() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let mut c = server.client();
    for path in [
        "/nope",
        "/assets/",
        "/assets/../consult.yaml",
        "/assets/app.css.map",
        "/c/other/",
        "/c/_/versions/v9",
        "/c/_/documents/report.exe",
        "/c/_/intake/0123456789abcdef",
        "/.git/config",
        "/c/_/comments/",
    ] {
        let r = c.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("departments:"), "{path}");
        assert!(!r.body.contains("Index of"), "{path}");
    }
    let root = ws.path().canonicalize().unwrap().display().to_string();
    // A refusal of the core (no revised version yet) names no server folder.
    let r = c.get("/c/_/documents/table.html");
    assert_eq!(r.status, 400);
    assert!(!r.body.contains(&root));
    // An embedded asset is served, with a script the CSP allows.
    assert_eq!(c.get("/assets/app.js").status, 200);
}

/// Send `head` on a raw connection; the status of the answer.
fn raw_status(url: &str, head: &str) -> u16 {
    use std::io::{Read, Write};
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut buf = [0u8; 64];
    let n = s.read(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    text.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn without_users_only_loopback_host_names_are_answered() {
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let status = |host: &str| {
        raw_status(
            &server.url,
            &format!("GET /c/_/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    // DNS rebinding: another site's name pointing at 127.0.0.1 is refused.
    assert_eq!(status("evil.example:8080"), 403);
    assert_eq!(status("127.0.0.1:8080"), 200);
    assert_eq!(status("localhost:8080"), 200);
    assert_eq!(status("[::1]:8080"), 200);
}

/// Stop 8 note: the sign-in had no limit on guessing. After five wrong
/// passwords for one name, even the right one is refused (429) for a while;
/// other users sign in as before.
#[test]
fn wrong_passwords_in_a_row_lock_that_user_name_for_a_while() {
    let ws = Ws::example();
    add_user(&ws, "li.ming", "correct horse battery");
    let users = add_user(&ws, "wang.fang", "staple paper clip");
    let server = Server::start(&ws, &["--users", users.to_str().unwrap()]);
    let mut c = server.client();
    let csrf = c.get("/login").field("csrf");
    let login = |c: &mut crate::serve::Client, user: &str, password: &str| {
        c.post_form(
            "/login",
            &[("csrf", &csrf), ("user", user), ("password", password)],
        )
    };
    for _ in 0..5 {
        assert_eq!(login(&mut c, "li.ming", "guess").status, 401);
    }
    let r = login(&mut c, "li.ming", "correct horse battery");
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(
        r.body.contains("口令错误次数过多") || r.body.contains("Too many wrong passwords"),
        "{}",
        r.body
    );
    assert!(
        r.header("set-cookie")
            .is_none_or(|c| !c.contains("session"))
    );
    assert_eq!(login(&mut c, "wang.fang", "staple paper clip").status, 303);
}

/// tester16 L6: the users file was written `-rw-r--r--`, its password
/// hashes readable by every user of the machine; it is the owner's alone,
/// whether made or rewritten.
#[test]
#[cfg(unix)]
fn t16_l6_the_users_file_is_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Ws::example();
    let users = add_user(&ws, "li.ming", "correct horse battery");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&users), 0o600);
    std::fs::set_permissions(&users, std::fs::Permissions::from_mode(0o644)).unwrap();
    add_user(&ws, "wang.fang", "another long password");
    assert_eq!(mode(&users), 0o600);
    assert!(
        std::fs::read_to_string(&users)
            .unwrap()
            .contains("wang.fang:$argon2id$")
    );
}
