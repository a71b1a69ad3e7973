//! Support for the `consult serve` tests: the real binary started on a free
//! loopback port (killed when dropped), and a small HTTP client that keeps
//! the session cookie and reads the CSRF token and HEAD off each page.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};

use crate::harness::Ws;

/// A running `consult serve`.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// `consult serve --port 0 --now 2023-05-25 10:00 EXTRA…` in `ws`.
    pub fn start(ws: &Ws, extra: &[&str]) -> Server {
        let mut cmd = ws.std_cmd();
        cmd.args(["serve", "--port", "0", "--now", "2023-05-25 10:00"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start consult serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the URL line");
        let Some(at) = line.find("http://") else {
            let mut err = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("no URL printed: {line:?} {err}");
        };
        let url = line[at..].trim().trim_end_matches('/').to_string();
        Server { child, url }
    }

    /// A new client (no cookie yet) speaking `lang` (Accept-Language).
    pub fn client(&self) -> Client {
        Client {
            base: self.url.clone(),
            agent: ureq::AgentBuilder::new().redirects(0).build(),
            cookie: None,
            lang: "zh-CN",
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer.
pub struct Page {
    pub status: u16,
    pub body: String,
    pub bytes: Vec<u8>,
    pub location: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of the first hidden input `name` on the page.
    pub fn field(&self, name: &str) -> String {
        let needle = format!("name=\"{name}\" value=\"");
        let at = self
            .body
            .find(&needle)
            .unwrap_or_else(|| panic!("no field {name} on the page:\n{}", self.body));
        let rest = &self.body[at + needle.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

/// A browser-like client keeping the session cookie.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    pub cookie: Option<String>,
    pub lang: &'static str,
}

impl Client {
    fn finish(&mut self, r: Result<ureq::Response, ureq::Error>) -> Page {
        let resp = match r {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("request failed: {e}"),
        };
        let headers: Vec<(String, String)> = resp
            .headers_names()
            .into_iter()
            .flat_map(|n| {
                resp.all(&n)
                    .into_iter()
                    .map(|v| (n.clone(), v.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (k, v) in &headers {
            if k.eq_ignore_ascii_case("set-cookie") && v.starts_with("consult_session=") {
                let pair = v.split(';').next().unwrap_or("").to_string();
                self.cookie = (!pair.ends_with('=')).then_some(pair);
            }
        }
        let status = resp.status();
        let location = resp.header("location").map(str::to_string);
        let mut bytes = Vec::new();
        resp.into_reader().read_to_end(&mut bytes).expect("body");
        Page {
            status,
            body: String::from_utf8_lossy(&bytes).to_string(),
            bytes,
            location,
            headers,
        }
    }

    fn request(&self, method: &str, path: &str) -> ureq::Request {
        let mut r = self
            .agent
            .request(method, &format!("{}{path}", self.base))
            .set("Accept-Language", self.lang);
        if let Some(c) = &self.cookie {
            r = r.set("Cookie", c);
        }
        r
    }

    pub fn get(&mut self, path: &str) -> Page {
        let r = self.request("GET", path).call();
        self.finish(r)
    }

    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let r = self.request("POST", path).send_form(fields);
        self.finish(r)
    }

    /// POST multipart/form-data: `fields` first, then `files` as `file`.
    pub fn post_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> Page {
        let boundary = "----consulttestboundary7d1f";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let r = self
            .request("POST", path)
            .set(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send_bytes(&body);
        self.finish(r)
    }
}

/// A Markdown reply with front matter.
pub fn md_reply(department: &str, received: &str, body: &str) -> Vec<u8> {
    format!("---\ndepartment: {department}\nreceived: {received}\n---\n{body}\n").into_bytes()
}

/// `git log` of the workspace: "author|summary" lines, newest first.
pub fn log(ws: &Ws) -> Vec<String> {
    let out = std::process::Command::new("git")
        .args(["log", "--format=%an|%s"])
        .current_dir(ws.path())
        .output()
        .expect("git log");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}
