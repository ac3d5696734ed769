//! LSP latency and memory through the real protocol: `mlsd server` as a subprocess over
//! stdio. For a 3,000-word and a 30,000-word draft (built from `examples/strong.md` and
//! `examples/weak.md`), types 1,000 single-character edits, each waiting for the
//! `publishDiagnostics` of its version, and prints p50/p99/max edit → publish latency;
//! prints the time from spawning the server to the first diagnostics of an opened draft;
//! then the resident memory (VmRSS from /proc/PID/status) with 1 and with 100 open
//! 3,000-word drafts, each in a fresh server.
//!
//! Run: `cargo bench --bench lsp_latency` (use the release build: `cargo bench` does).
//! Options: `-- --edits N --drafts N --starts N`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TYPED: &str = "We also keep a shadow copy of the ranker and compare its lists with the live one before each release so that a bad model never reaches users. ";

struct Server {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<(Instant, Value)>,
    next_id: i64,
}

fn send(stdin: &Mutex<ChildStdin>, msg: &Value) {
    let body = msg.to_string();
    let mut w = stdin.lock().unwrap_or_else(|e| e.into_inner());
    let _ = write!(w, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = w.flush();
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mlsd"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mlsd server");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        let w = stdin.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut r) {
                let t = Instant::now();
                // Answer the server's own requests.
                if let (Some(id), Some(method)) =
                    (msg.get("id"), msg.get("method").and_then(Value::as_str))
                {
                    let result = match method {
                        "workspace/configuration" => json!([{"enable": "always"}]),
                        _ => Value::Null,
                    };
                    send(&w, &json!({"jsonrpc": "2.0", "id": id, "result": result}));
                    continue;
                }
                if tx.send((t, msg)).is_err() {
                    break;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            next_id: 1,
        };
        s.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {
                "workspace": {"configuration": true}},
                "initializationOptions": {"enable": "always"}}),
        );
        s.notify("initialized", json!({}));
        s
    }

    fn notify(&self, method: &str, params: Value) {
        send(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        );
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        send(
            &self.stdin,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        loop {
            let (_, msg) = self
                .rx
                .recv_timeout(Duration::from_secs(30))
                .expect("response");
            if msg.get("id") == Some(&json!(id)) {
                return msg;
            }
        }
    }

    /// Waits for publishDiagnostics of `uri` at `version`; returns when it arrived and how
    /// many diagnostics it carried.
    fn wait_publish(&self, uri: &str, version: i64) -> (Instant, usize) {
        loop {
            let (t, msg) = self
                .rx
                .recv_timeout(Duration::from_secs(30))
                .expect("publishDiagnostics");
            let p = &msg["params"];
            if msg["method"] == "textDocument/publishDiagnostics"
                && p["uri"] == uri
                && p["version"] == version
            {
                return (t, p["diagnostics"].as_array().map_or(0, Vec::len));
            }
        }
    }

    /// Waits until `n` distinct documents have had a publish.
    fn wait_all(&self, n: usize) {
        let mut seen = std::collections::HashSet::new();
        while seen.len() < n {
            let (_, msg) = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("publishDiagnostics");
            if msg["method"] == "textDocument/publishDiagnostics" {
                seen.insert(msg["params"]["uri"].to_string());
            }
        }
    }

    fn rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// A draft of at least 3,000 words (see [`draft_of`]).
fn large_draft(tag: usize) -> String {
    draft_of(tag, 3000)
}

/// A draft of at least `words` words: strong.md, its body again until long enough, and the
/// weak example's body at the end so that there are findings to publish.
fn draft_of(tag: usize, words: usize) -> String {
    let body = |s: &'static str| {
        let at = s.match_indices("---\n").nth(1).map_or(0, |(i, _)| i + 4);
        &s[at..]
    };
    let strong = include_str!("../examples/strong.md");
    let weak = body(include_str!("../examples/weak.md"));
    let mut text = strong.replacen("# ", &format!("# Draft {tag}: "), 1);
    let (strong_body, weak_words) = (body(strong), weak.split_whitespace().count());
    let mut count = text.split_whitespace().count();
    while count + weak_words < words {
        text.push('\n');
        text.push_str(strong_body);
        count += strong_body.split_whitespace().count();
    }
    text.push('\n');
    text.push_str(weak.replace("# ", "## ").as_str());
    text
}

fn pct(sorted: &[f64], q: f64) -> f64 {
    let k = ((q / 100.0 * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[k]
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(default)
}

/// Types `edits` characters at the end of a draft of `words` words; prints the edit →
/// publishDiagnostics latencies and, for scale, the engine alone on the final text.
fn latency(words: usize, edits: usize) {
    let server = Server::start();
    let uri = "file:///bench/large.md";
    let mut text = draft_of(0, words);
    let words = text.split_whitespace().count();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let findings = server.wait_publish(uri, 1).1;
    let mut lat = Vec::with_capacity(edits);
    let typed: Vec<char> = TYPED.chars().collect();
    // The end of the text: its last line and that line's length in UTF-16 units.
    let mut line = text.split('\n').count() - 1;
    let mut col: usize = text
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.encode_utf16().count());
    for i in 0..edits {
        let ch = typed[i % typed.len()];
        let version = i as i64 + 2;
        let t0 = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                                 "end": {"line": line, "character": col}},
                                       "text": ch.to_string()}]}),
        );
        let (t1, _) = server.wait_publish(uri, version);
        lat.push((t1 - t0).as_secs_f64() * 1000.0);
        text.push(ch);
        if ch == '\n' {
            (line, col) = (line + 1, 0);
        } else {
            col += ch.len_utf16();
        }
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    // For scale: the engine alone on the same text, in this process.
    let pack = mlsd::Pack::builtin().expect("built-in pack");
    let mut engine: Vec<f64> = (0..200)
        .map(|_| {
            let t = Instant::now();
            let _ = mlsd::lint(&text, &pack, &mlsd::Settings::default());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    engine.sort_by(|a, b| a.total_cmp(b));
    println!(
        "edit -> publishDiagnostics, {words}-word draft ({findings} diagnostics), {edits} edits: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(&lat, 50.0),
        pct(&lat, 99.0),
        lat.last().copied().unwrap_or(0.0)
    );
    println!(
        "engine lint() alone on that draft: p50 {:.2} ms, p99 {:.2} ms",
        pct(&engine, 50.0),
        pct(&engine, 99.0)
    );
    server.stop();
}

/// Resident memory of a fresh server with `drafts` open 3,000-word drafts.
fn memory(drafts: usize) {
    let server = Server::start();
    let before = server.rss_kb();
    for i in 0..drafts {
        let uri = format!("file:///bench/draft-{i:03}.md");
        server.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": large_draft(i)}}),
        );
    }
    server.wait_all(drafts);
    match (before, server.rss_kb()) {
        (Some(b), Some(a)) => println!(
            "resident memory: {:.1} MB with {drafts} open drafts ({:.1} MB after initialize)",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        ),
        _ => println!("resident memory: /proc not available"),
    }
    server.stop();
}

/// Time from spawning the server to the first diagnostics of a draft opened right after
/// `initialize` (the editor's view of start-up), over `starts` fresh servers.
fn start_up(starts: usize) {
    let text = large_draft(0);
    let mut times: Vec<f64> = (0..starts)
        .map(|_| {
            let t0 = Instant::now();
            let server = Server::start();
            let uri = "file:///bench/first.md";
            server.notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
            );
            let (t1, _) = server.wait_publish(uri, 1);
            server.stop();
            (t1 - t0).as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "spawn -> first publishDiagnostics of a 3,000-word draft, {starts} starts: p50 {:.2} ms, max {:.2} ms",
        pct(&times, 50.0),
        times.last().copied().unwrap_or(0.0)
    );
}

fn main() {
    let edits = arg("--edits", 1000);
    let drafts = arg("--drafts", 100);
    let starts = arg("--starts", 20);
    latency(3000, edits);
    latency(30_000, edits);
    start_up(starts);
    memory(1);
    memory(drafts);
}
