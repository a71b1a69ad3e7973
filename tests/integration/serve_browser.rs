//! The whole Suzhou round in a real browser: Debian's Chromium driven over
//! WebDriver (chromedriver), against the real `consult serve` on a free
//! loopback port, signed in as a user. Prints `SKIP:` when chromium or
//! chromedriver is absent.
//!
//! Steps: sign in; the overview lists 25 bodies; drop in the talent
//! office's commented .docx and a GBK letter (through the page's own file
//! input and upload script); the letter has no receipt time, so it is typed
//! in and read again; confirm; adopt one opinion and reject another with a
//! reason; revise; download the 汇总表 as xlsx and docx and open both; the
//! history shows every step with the user as author.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::Ws;
use crate::serve::Server;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    fn start(downloads: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let until = Instant::now() + Duration::from_secs(30);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN",
                         format!("--user-data-dir={}", profile.path().display())],
                "prefs": {"download.default_directory": downloads.display().to_string(),
                          "download.prompt_for_download": false, "intl.accept_languages": "zh-CN,zh"}
            }
        }}});
        let mut b = Browser {
            driver,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session").to_string();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let r = self.agent.request(method, &url);
        let r = match body {
            Some(b) => r
                .set("Content-Type", "application/json")
                .send_string(&b.to_string()),
            None => r.call(),
        };
        let text = match r {
            Ok(r) => r.into_string().unwrap(),
            Err(ureq::Error::Status(_, r)) => {
                panic!("{method} {path}: {}", r.into_string().unwrap())
            }
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let v: Value = serde_json::from_str(&text).unwrap();
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.call("GET", &self.s("/url"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn source(&self) -> String {
        self.call("GET", &self.s("/source"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}\n{}", self.source()))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/click")),
            Some(json!({})),
        );
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/clear")),
            Some(json!({})),
        );
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }

    /// Wait until the page's URL contains `part`.
    fn wait_url(&self, part: &str) -> String {
        let until = Instant::now() + Duration::from_secs(30);
        loop {
            let url = self.url();
            if url.contains(part) {
                return url;
            }
            assert!(
                Instant::now() < until,
                "waited for {part}, at {url}:\n{}",
                self.source()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn wait_file(dir: &Path, ext: &str) -> Vec<u8> {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(p) = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
        {
            std::thread::sleep(Duration::from_millis(200));
            return std::fs::read(p).unwrap();
        }
        assert!(Instant::now() < until, "no .{ext} downloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn zip_has(bytes: &[u8], part: &str, needle: &str) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    zip.by_name(part)
        .expect(part)
        .read_to_string(&mut s)
        .unwrap();
    assert!(s.contains(needle), "{part} lacks {needle}");
}

fn git(ws: &Ws, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(ws.path())
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn suzhou_round_in_chromium() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        println!(
            "SKIP: {CHROMIUM} or {CHROMEDRIVER} is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    }
    // The example consultation without its recorded reply: the round starts empty.
    let ws = Ws::example();
    git(&ws, &["rm", "-q", "-r", "comments"]);
    git(&ws, &["commit", "-q", "-m", "start with no reply"]);
    let users = ws.join("../browser-users");
    let mut add = ws
        .std_cmd()
        .args([
            "serve",
            "--add-user",
            "wang.fang",
            "--users",
            users.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    add.stdin
        .take()
        .unwrap()
        .write_all(b"suzhou-2023-round\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let server = Server::start(&ws, &["--users", users.to_str().unwrap()]);
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path());
    let url = &server.url;

    // Sign in.
    b.go(&format!("{url}/c/_/"));
    b.wait_url("/login");
    b.type_in("input[name=user]", "wang.fang");
    b.type_in("input[name=password]", "suzhou-2023-round");
    b.click("form[action='/login'] button");
    b.wait_url("/c/_/");
    let page = b.source();
    assert_eq!(
        page.matches("data-body=").count(),
        25,
        "the overview lists 25 bodies"
    );

    // Upload the talent office's .docx comment and a GBK letter.
    let files = tempfile::tempdir().unwrap();
    let docx = files.path().join("市委人才办反馈.docx");
    std::fs::write(&docx, crate::word::seed_comment_docx()).unwrap();
    let letter = "市科技局：\n\n    经研究，我局提出如下意见：\n    一、第二条建议将“最高1000万元”修改为“最高1500万元”。\n\n市文广旅局\n2023年5月25日\n";
    let gbk = files.path().join("文广旅局回函.txt");
    std::fs::write(&gbk, encoding_rs::GBK.encode(letter).0).unwrap();
    b.go(&format!("{url}/c/_/intake"));
    let input = b.find("#files");
    b.call(
        "POST",
        &b.s(&format!("/element/{input}/value")),
        Some(json!({"text": format!("{}\n{}", docx.display(), gbk.display())})),
    );
    b.click("#upload-form button.primary");
    b.wait_url("/intake/");
    let preview = b.source();
    assert_eq!(
        preview.matches("没有收到时间").count(),
        2,
        "neither file carries its receipt time"
    );
    let before = ws.commits();
    b.type_in("input[name=received_0]", "2023-05-24 16:20");
    b.type_in("input[name=received_1]", "2023-05-25 15:00");
    b.click("button[value=preview]");
    let preview = b.wait_source("name=\"dept_1\" value=\"市文广旅局\"");
    assert!(!preview.contains("class=\"file bad\""), "{preview}");
    assert!(
        preview.contains("建议第五点责任单位加上市人社局"),
        "{preview}"
    );
    assert!(
        preview.contains("name=\"dept_0\" value=\"市委组织部（人才办）\""),
        "{preview}"
    );
    assert!(
        preview.contains("name=\"dept_1\" value=\"市文广旅局\""),
        "{preview}"
    );
    assert_eq!(ws.commits(), before, "nothing recorded before confirming");
    b.click("button[value=confirm]");
    b.wait_url("done=ingest");
    assert_eq!(ws.commits(), before + 1, "one ingest commit");
    let page = b.source();
    assert!(
        page.contains("2023-05-24 16:20"),
        "the talent office replied on time"
    );

    // Adopt the talent office's opinion; reject the letter's with a reason.
    b.go(&format!("{url}/c/_/opinions?department=%E5%B8%82%E5%A7%94%E7%BB%84%E7%BB%87%E9%83%A8%EF%BC%88%E4%BA%BA%E6%89%8D%E5%8A%9E%EF%BC%89"));
    b.click("article.opinion button[value=adopt]");
    b.wait_url("decided=");
    b.go(&format!("{url}/c/_/opinions?clause=2"));
    b.type_in("article.opinion input[name=reason]", "资金规模已统筹安排");
    b.click("article.opinion button[value=reject]");
    b.wait_url("decided=");
    let json = ws.run(&["opinions", "--json"]).ok().json();
    let dispositions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["disposition"].as_str().unwrap())
        .collect();
    assert!(
        dispositions.contains(&"adopted") && dispositions.contains(&"not_adopted"),
        "{dispositions:?}"
    );

    // Revise.
    b.go(&format!("{url}/c/_/revise"));
    assert!(b.source().contains("<iframe"));
    b.click("form[action$='/revise'] button.primary");
    b.wait_url("/versions/v2");
    assert!(ws.read("drafts/v2.md").contains("市人社局"));

    // Download the 汇总表 and open it.
    b.go(&format!("{url}/c/_/documents"));
    b.click("a[data-doc='report.xlsx']");
    zip_has(
        &wait_file(downloads.path(), "xlsx"),
        "xl/sharedStrings.xml",
        "市委组织部（人才办）",
    );
    b.click("a[data-doc='report.docx']");
    zip_has(
        &wait_file(downloads.path(), "docx"),
        "word/document.xml",
        "不采纳",
    );

    // The history: each step, with the user as author.
    b.go(&format!("{url}/c/_/history"));
    let history = b.source();
    for kind in ["ingest", "decide", "revise"] {
        assert!(history.contains(&format!("data-kind=\"{kind}\"")), "{kind}");
    }
    assert_eq!(
        history.matches("class=\"author\">wang.fang<").count(),
        4,
        "{history}"
    );

    // The command line changes the workspace while the page is open: the
    // page says so (its script compares the workspace's HEAD).
    let notice = b.find("#changed");
    let shown = |b: &Browser| {
        b.call("GET", &b.s(&format!("/element/{notice}/displayed")), None) == json!(true)
    };
    assert!(!shown(&b));
    // An opinion v2 did not apply (an adopted one may no longer change).
    let id = json
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["disposition"] != "adopted" && o["disposition"] != "partially_adopted")
        .expect("an opinion v2 did not apply")["id"]
        .as_str()
        .unwrap()
        .to_string();
    ws.run(&["decide", &id, "note"]).ok();
    let until = Instant::now() + Duration::from_secs(30);
    while !shown(&b) {
        assert!(Instant::now() < until, "the page did not notice the change");
        std::thread::sleep(Duration::from_millis(250));
    }
}

impl Browser {
    /// The viewport as PNG bytes.
    fn screenshot(&self) -> Vec<u8> {
        let v = self.call("GET", &self.s("/screenshot"), None);
        base64_decode(v.as_str().expect("a screenshot"))
    }

    /// Wait until the page's source contains `needle`.
    fn wait_source(&self, needle: &str) -> String {
        let until = Instant::now() + Duration::from_secs(90);
        loop {
            let source = self.source();
            if source.contains(needle) {
                return source;
            }
            assert!(Instant::now() < until, "waited for {needle}:\n{source}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// A photographed letter with two opinions dropped into 登记反馈 in
/// Chromium: the preview shows it read by OCR, its opinions and the
/// “read by OCR: confirm” mark on the edit read; the receipt time is typed, the reading
/// confirmed; the opinions page carries the marks. The preview is kept as
/// a screenshot (copied to `$CONSULT_SCREENSHOTS/serve-intake-scan-desktop.png`
/// when that folder is given).
#[test]
fn photographed_letter_upload_in_chromium() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        println!(
            "SKIP: {CHROMIUM} or {CHROMEDRIVER} is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let Some(corpus) = crate::scan_corpus::corpus("photographed_letter_upload_in_chromium") else {
        return;
    };
    let ws = Ws::example();
    let server = Server::start(&ws, &[]);
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path());
    let url = &server.url;
    let files = tempfile::tempdir().unwrap();
    let photo = files.path().join("工信局来函（手机拍照）.jpg");
    std::fs::copy(
        corpus.file(&crate::scan_corpus::LETTERS[1], "photo.jpg"),
        &photo,
    )
    .unwrap();
    b.go(&format!("{url}/c/_/intake"));
    let input = b.find("#files");
    b.call(
        "POST",
        &b.s(&format!("/element/{input}/value")),
        Some(json!({"text": photo.display().to_string()})),
    );
    b.click("#upload-form button.primary");
    b.wait_url("/intake/");
    let preview = b.wait_source("没有收到时间");
    assert!(preview.contains("“收到时间”栏"), "{preview}");
    let before = ws.commits();
    b.type_in("input[name=received_0]", "2023-05-24 11:00");
    b.click("button[value=preview]");
    let preview = b.wait_source("name=\"dept_0\" value=\"市工信局\"");
    assert!(preview.contains("data-format=\"ocr\""), "{preview}");
    assert!(
        preview.contains("责任单位增加市人社局</div><div class=\"ocr-confirm\">⚠ OCR 识别，待核对"),
        "the OCR'd edit is marked: {preview}"
    );
    assert!(!preview.contains("class=\"file bad\""), "{preview}");
    let png = b.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    if let Some(dir) = std::env::var_os("CONSULT_SCREENSHOTS") {
        let to = Path::new(&dir).join("serve-intake-scan-desktop.png");
        std::fs::write(&to, &png).unwrap();
        println!("screenshot: {}", to.display());
    }
    assert_eq!(ws.commits(), before, "nothing recorded before confirming");
    b.click("button[value=confirm]");
    b.wait_url("done=ingest");
    assert_eq!(ws.commits(), before + 1, "one ingest commit");
    b.go(&format!("{url}/c/_/opinions?clause=3"));
    let page = b.wait_source("市工信局");
    assert!(page.contains("OCR 识别，待核对"), "{page}");
}

/// Standard base64 (WebDriver's screenshots) to bytes.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = ALPHABET.iter().position(|&a| a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
