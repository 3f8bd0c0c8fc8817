//! A running `hanbridge serve` spoken to over raw HTTP (for the workbench's tests).

use super::root;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `hanbridge serve --port 0`, stopped with SIGINT when dropped.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The rest of its stderr, line by line.
    pub lines: mpsc::Receiver<String>,
}

impl Server {
    // Waited for when dropped (or in `interrupt`).
    #[allow(clippy::zombie_processes)]
    pub fn start(db: &Path) -> Server {
        Self::start_with(db, &[])
    }

    /// As [`Server::start`], with more arguments of `serve` (`--glossary DIR`).
    #[allow(clippy::zombie_processes)]
    pub fn start_with(db: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("hanbridge"))
            .env_remove("HANBRIDGE_DB")
            .current_dir(root())
            .args(["--db"])
            .arg(db)
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server prints its URL");
            if let Some(rest) = line.split("http://").nth(1) {
                let addr = rest.split('/').next().expect("address").to_string();
                return Server {
                    child,
                    addr,
                    lines: rx,
                };
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends one request; `headers` may replace `Host`. Returns (status, body).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        s.write_all(req.as_bytes()).expect("send");
        let mut raw = String::new();
        s.read_to_string(&mut raw).expect("read");
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("no status in {raw:?}"));
        let body = raw.split_once("\r\n\r\n").map_or("", |x| x.1).to_string();
        (status, body)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, &[], "")
    }

    /// The page token, read from a page.
    pub fn token(&self) -> String {
        let (_, page) = self.get("/");
        page.split("name=\"hanbridge-token\" content=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("token in page")
            .to_string()
    }

    /// POSTs a form as the page's script does (own Origin, the token).
    pub fn post(&self, path: &str, token: &str, body: &str) -> (u16, String) {
        let origin = format!("http://{}", self.addr);
        self.request(
            "POST",
            path,
            &[
                ("Origin", origin.as_str()),
                ("x-hanbridge-token", token),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body,
        )
    }

    /// Stops the server as Ctrl-C does; returns its exit status and its last stderr lines.
    pub fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -INT");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let rest: Vec<String> = self.lines.try_iter().collect();
                return (status, rest.join("\n"));
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on SIGINT"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
