//! `mlsd server` as a process over stdio: the lifecycle as an editor sees it — exit codes,
//! end of input, a malformed frame, the client process dying, stdout closed mid-response,
//! memory over many open/close cycles — and a stdout that carries nothing but the protocol.
#![cfg(feature = "server")]

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// Guards against hangs only.
const WAIT: Duration = Duration::from_secs(30);

struct Proc {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    stderr: std::path::PathBuf,
    _dir: tempfile::TempDir,
    next_id: i64,
    /// Ids of the requests sent, and how many responses each got so far.
    responses: std::cell::RefCell<std::collections::HashMap<i64, usize>>,
}

fn frame(msg: &Value) -> Vec<u8> {
    let body = msg.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads frames until EOF; panics on anything that is not a frame (stdout is the protocol).
/// A frame longer than `cut` bytes is read only in part, and then the reader closes its
/// end of the pipe: the client vanished mid-response.
fn read_frames_until(r: impl Read, tx: std::sync::mpsc::Sender<Value>, cut: usize) {
    let mut r = BufReader::new(r);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let v = line
                .strip_prefix("Content-Length:")
                .unwrap_or_else(|| panic!("stdout carries a non-protocol line: {line:?}"));
            len = v.trim().parse::<usize>().ok();
        }
        let len = len.expect("Content-Length");
        if len > cut {
            let mut part = vec![0; 1000];
            let _ = r.read_exact(&mut part);
            return;
        }
        let mut buf = vec![0; len];
        if r.read_exact(&mut buf).is_err() {
            return;
        }
        let msg: Value = serde_json::from_slice(&buf).expect("stdout frames hold JSON");
        if tx.send(msg).is_err() {
            return;
        }
    }
}

impl Proc {
    fn start(args: &[&str]) -> Proc {
        Proc::start_with(args, Value::Null, usize::MAX)
    }

    /// Starts `mlsd server`, naming `process_id` as the client process; stdout is read
    /// frame by frame until a frame exceeds `cut` bytes (then it is closed).
    fn start_with(args: &[&str], process_id: Value, cut: usize) -> Proc {
        Proc::start_full(args, process_id, cut, json!({"enable": "always"}))
    }

    /// Like [`Proc::start_with`], with these initialization options. The practice history
    /// and the user config live in the test's own folder (`data`, `config`), never the
    /// real user's.
    fn start_full(args: &[&str], process_id: Value, cut: usize, options: Value) -> Proc {
        let dir = tempfile::tempdir().expect("tmp");
        let stderr = dir.path().join("stderr");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mlsd"))
            .args(args)
            .current_dir(dir.path())
            .env("MLSD_DATA_DIR", dir.path().join("data"))
            .env("MLSD_CONFIG_DIR", dir.path().join("config"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("mlsd server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || read_frames_until(stdout, tx, cut));
        let stdin = child.stdin.take();
        let mut p = Proc {
            child,
            stdin,
            rx,
            stderr,
            _dir: dir,
            next_id: 1,
            responses: Default::default(),
        };
        let root = tower_lsp::lsp_types::Url::from_file_path(p._dir.path())
            .expect("uri")
            .to_string();
        let r = p.request(
            "initialize",
            json!({"processId": process_id, "rootUri": root, "capabilities": {},
                   "initializationOptions": options}),
        );
        assert!(r["result"]["capabilities"].is_object(), "{r}");
        p.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        p
    }

    fn send(&mut self, msg: &Value) {
        self.write(&frame(msg));
    }

    fn write(&mut self, bytes: &[u8]) {
        if let Some(w) = self.stdin.as_mut() {
            let _ = w.write_all(bytes);
            let _ = w.flush();
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.responses.borrow_mut().insert(id, 0);
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        self.send(&msg);
        self.wait(|m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {method}"))
    }

    /// The next message matching `pred`, or None when stdout closed.
    fn wait(&self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => {
                    self.count(&m);
                    if pred(&m) {
                        return Some(m);
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
                Err(e) => panic!("waiting for the server: {e}"),
            }
        }
    }

    fn open_weak(&mut self) {
        let uri = "file:///tmp/mlsd-process-test/weak.md";
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1,
            "text": "# Design a feed ranker\n\nIt must be fast and scalable.\n"}}}),
        );
        let p = self
            .wait(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 1
            })
            .expect("diagnostics");
        assert!(!p["params"]["diagnostics"]
            .as_array()
            .expect("list")
            .is_empty());
    }

    /// Waits for the process to end (a guard against hangs, not a timing assertion).
    fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn stderr_text(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    fn count(&self, m: &Value) {
        if m.get("method").is_none() {
            let id = m["id"].as_i64().unwrap_or(-1);
            *self.responses.borrow_mut().entry(id).or_default() += 1;
        }
    }

    /// After the process ended: every request got exactly one response, and no response
    /// came for anything else.
    fn assert_one_response_each(&self) {
        while let Ok(m) = self.rx.recv_timeout(WAIT) {
            self.count(&m);
        }
        for (id, n) in self.responses.borrow().iter() {
            assert_eq!(*n, 1, "request {id} got {n} responses");
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until the process has ended but is not reaped yet (a zombie), and returns
    /// the CPU time it used in all (clock ticks); None without /proc.
    fn cpu_ticks_at_exit(&mut self) -> Option<u64> {
        let deadline = Instant::now() + WAIT;
        loop {
            let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
            if stat_field(&stat, 0).as_deref() == Some("Z") {
                return cpu_ticks(self.pid());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    }

    fn open(&mut self, uri: &str, text: &str, version: i64) -> Value {
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": version, "text": text}}}),
        );
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
        .expect("diagnostics")["params"]
            .clone()
    }

    fn close(&mut self, uri: &str) {
        self.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
                          "params": {"textDocument": {"uri": uri}}}));
    }

    /// The server still works: a fresh document gets the engine's findings, and a hover on
    /// a finding explains its rule.
    fn assert_serving(&mut self, tag: &str) {
        let uri = format!("file:///tmp/mlsd-process-test/serving-{tag}.md");
        let p = self.open(&uri, WEAK, 1);
        let published: BTreeSet<String> = p["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect();
        let pack = mlsd::Pack::builtin().expect("built-in pack");
        let expected: BTreeSet<String> = mlsd::lint(WEAK, &pack, &mlsd::Settings::default())
            .findings
            .iter()
            .map(|f| f.rule.clone())
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(published, expected, "{tag}");
        let d = &p["diagnostics"][0];
        let rule = pack
            .rule(d["code"].as_str().unwrap_or_default())
            .expect("rule");
        let h = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": d["range"]["start"]}),
        );
        let shown = h["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(
            shown.contains(&mlsd::engine::explain::explain(rule)),
            "{tag}: {h}"
        );
        self.close(&uri);
    }
}

const WEAK: &str =
    "# Design a feed ranker\n\nWe will use a transformer model. It must be fast and scalable.\n";

/// Field `i` after the command name in /proc/PID/stat (0: the state letter).
fn stat_field(stat: &str, i: usize) -> Option<String> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(i).map(str::to_string)
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let user: u64 = stat_field(&stat, 11)?.parse().ok()?;
    let system: u64 = stat_field(&stat, 12)?.parse().ok()?;
    Some(user + system)
}

/// One second of CPU in clock ticks (`getconf CLK_TCK`; 100 on Linux).
fn ticks_per_second() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100)
}

#[test]
fn shutdown_then_exit_ends_with_code_zero() {
    let mut p = Proc::start(&["server"]);
    p.open_weak();
    let r = p.request("shutdown", Value::Null);
    assert_eq!(r.get("result"), Some(&Value::Null), "{r}");
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
    assert!(!p.stderr_text().contains("panicked"));
    p.assert_one_response_each();
}

#[test]
fn exit_without_shutdown_ends_with_code_one() {
    let mut p = Proc::start(&["server", "--stdio"]);
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_server_without_a_busy_loop() {
    let mut p = Proc::start(&["server"]);
    p.open_weak();
    let tick = ticks_per_second();
    // idle: (almost) no CPU while nothing comes in
    if let Some(t0) = cpu_ticks(p.pid()) {
        std::thread::sleep(Duration::from_secs(1));
        let idle = cpu_ticks(p.pid()).unwrap_or(t0) - t0;
        assert!(idle * 5 < tick, "{idle} ticks of CPU in one idle second");
    }
    let before = cpu_ticks(p.pid());
    let t = Instant::now();
    drop(p.stdin.take());
    // ended, and without spinning on the closed input on the way out
    if let (Some(b), Some(after)) = (before, p.cpu_ticks_at_exit()) {
        eprintln!(
            "exit {:?} after stdin closed, {} ticks of CPU meanwhile",
            t.elapsed(),
            after - b
        );
        assert!(
            after - b < tick,
            "{} ticks of CPU after stdin closed",
            after - b
        );
    }
    let status = p.exit_status();
    assert_eq!(
        status.code(),
        Some(1),
        "ended by a signal or oddly: {status:?}"
    );
    assert!(!p.stderr_text().contains("panicked"), "{}", p.stderr_text());
}

#[test]
fn the_client_process_dying_ends_the_server() {
    let Ok(mut client) = Command::new("sleep").arg("600").spawn() else {
        return; // no `sleep` here
    };
    let mut p = Proc::start_with(&["server"], json!(client.id()), usize::MAX);
    p.assert_serving("client-alive");
    let tick = ticks_per_second();
    let t0 = cpu_ticks(p.pid());
    let _ = client.kill();
    let _ = client.wait();
    let t = Instant::now();
    let ticks = p.cpu_ticks_at_exit();
    eprintln!("exit {:?} after the client process died", t.elapsed());
    if let (Some(a), Some(b)) = (t0, ticks) {
        // the watch polls once a second, it does not spin
        assert!(b - a < tick, "{} ticks of CPU while watching", b - a);
    }
    assert_eq!(p.exit_status().code(), Some(1));
    let err = p.stderr_text();
    assert!(err.contains("client process"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_client_process_that_cannot_be_seen_is_not_watched() {
    // a process id that was just freed: no such process (as from another PID namespace)
    let Ok(mut gone) = Command::new("true").spawn() else {
        return;
    };
    let pid = gone.id();
    let _ = gone.wait();
    let mut p = Proc::start_with(&["server"], json!(pid), usize::MAX);
    // longer than the watch's period: the session is still there
    std::thread::sleep(Duration::from_millis(2500));
    p.assert_serving("unseen-client");
    let r = p.request("shutdown", Value::Null);
    assert_eq!(r.get("result"), Some(&Value::Null), "{r}");
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
    p.assert_one_response_each();
}

#[test]
fn stdout_closed_mid_response_ends_the_server_cleanly() {
    // the test client reads 1,000 bytes of the first frame over 1 MB, then closes stdout
    let mut p = Proc::start_with(&["server"], Value::Null, 1 << 20);
    p.assert_serving("before-stdout-closes");
    let uri = "file:///tmp/mlsd-process-test/big.md";
    let text = format!("# Notes\n\n{}\n", "plain words here ".repeat(200_000));
    p.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    p.send(
        &json!({"jsonrpc": "2.0", "id": 500, "method": "mlsd/documentText",
                   "params": {"textDocument": {"uri": uri}}}),
    );
    // later messages go nowhere; the server notices and ends
    p.send(
        &json!({"jsonrpc": "2.0", "id": 501, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}}),
    );
    let status = p.exit_status();
    assert_eq!(status.code(), Some(1), "{status:?}");
    let err = p.stderr_text();
    assert!(err.contains("stdout is closed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn memory_stays_flat_over_ten_thousand_open_close_cycles() {
    let mut p = Proc::start(&["server"]);
    let uris: Vec<String> = (0..100)
        .map(|i| format!("file:///tmp/mlsd-process-test/cycle-{i}.md"))
        .collect();
    let text = format!(
        "{WEAK}\n## Model\n\nA big model. {}\n",
        "More words. ".repeat(200)
    );
    let cycles = |p: &mut Proc, n: usize| {
        for i in 0..n {
            let uri = &uris[i % uris.len()];
            if i % 100 == 99 {
                // a round trip now and then bounds how far the client runs ahead
                let r = p.request("mlsd/documentText", json!({"textDocument": {"uri": uri}}));
                assert!(r.get("error").is_none(), "{r}");
            }
            p.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}));
            p.close(uri);
        }
        // settle: a last open and close of each, waited for (no lint of an earlier cycle
        // publishes after its close)
        for uri in &uris {
            p.open(uri, &text, 999);
            p.close(uri);
            let last = p
                .wait(|m| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == uri.as_str()
                        && m["params"]["version"].is_null()
                })
                .expect("diagnostics cleared");
            assert_eq!(last["params"]["diagnostics"], json!([]));
        }
    };
    cycles(&mut p, 2_000);
    let warm = p.rss_kb();
    cycles(&mut p, 10_000);
    let after = p.rss_kb();
    for uri in &uris {
        let r = p.request("mlsd/documentText", json!({"textDocument": {"uri": uri}}));
        assert_eq!(r["result"], Value::Null, "{uri} is still open");
    }
    if let (Some(w), Some(a)) = (warm, after) {
        eprintln!("RSS {w} kB after warm-up, {a} kB after 10,000 more cycles");
        assert!(a * 10 <= w * 11, "RSS grew from {w} kB to {a} kB");
    }
    p.assert_serving("after-cycles");
    let r = p.request("shutdown", Value::Null);
    assert_eq!(r.get("result"), Some(&Value::Null), "{r}");
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
    p.assert_one_response_each();
}

#[test]
fn malformed_frames_end_the_session_without_a_panic_or_a_hang() {
    // (bytes, the error answered first, if any). tower-lsp 0.20 stops reading at the first
    // frame it cannot decode: the session ends there, cleanly, with exit code 1.
    let cases: [(&[u8], Option<i64>); 5] = [
        // a whole frame whose body is not JSON: a Parse error answer, then the end
        (b"Content-Length: 9\r\n\r\n{not json", Some(-32700)),
        // too short a length: the rest of the body is garbage where a header should be
        (
            b"Content-Length: 10\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"params\":{}}\r\n",
            Some(-32700),
        ),
        (b"Content-Length: nope\r\n\r\n{}", Some(-32700)),
        // too long a length: the server waits for bytes that only the end of input ends
        (b"Content-Length: 100000\r\n\r\n{}", None),
        (b"\x00\xff garbage without any header\r\n\r\n", None),
    ];
    for (raw, error) in cases {
        let name = String::from_utf8_lossy(raw).to_string();
        let mut p = Proc::start(&["server"]);
        p.assert_serving("before-malformed");
        p.write(raw);
        if let Some(code) = error {
            let err = p
                .wait(|m| m["id"].is_null() && m.get("error").is_some())
                .unwrap_or_else(|| panic!("{name}: no error answer"));
            assert_eq!(err["error"]["code"], code, "{name}: {err}");
            // the session ends by itself, stdin still open
            let status = p.exit_status();
            assert_eq!(status.code(), Some(1), "{name}: {status:?}");
        }
        drop(p.stdin.take());
        let status = p.exit_status();
        assert_eq!(status.code(), Some(1), "{name}: {status:?}");
        assert!(!p.stderr_text().contains("panicked"), "{}", p.stderr_text());
    }
}

/// A draft that grades (front matter with a level and a question) at `uri`.
fn practice_draft(words: &str) -> String {
    format!(
        "---\nlevel: L4\nquestion: Design a feed ranker\n---\n# Design a feed ranker\n\n## Clarify\n\nHow many users? {words}\n\n## Data\n\nWe log impressions and clicks.\n"
    )
}

const PRACTICE_URI: &str = "file:///tmp/mlsd-process-test/practice.md";

impl Proc {
    fn open_and_save(&mut self, version: i64, text: &str) {
        let method = if version == 1 {
            "textDocument/didOpen"
        } else {
            "textDocument/didChange"
        };
        let params = if version == 1 {
            json!({"textDocument": {"uri": PRACTICE_URI, "languageId": "markdown",
                   "version": 1, "text": text}})
        } else {
            json!({"textDocument": {"uri": PRACTICE_URI, "version": version},
                   "contentChanges": [{"text": text}]})
        };
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        })
        .expect("diagnostics");
        self.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didSave",
                          "params": {"textDocument": {"uri": PRACTICE_URI}}}));
    }

    fn history_lines(&self) -> usize {
        std::fs::read_to_string(self._dir.path().join("data").join("history.jsonl"))
            .map(|t| t.lines().count())
            .unwrap_or(0)
    }

    /// Waits (a guard against hangs) until the history holds `n` lines.
    fn wait_history(&self, n: usize) {
        let deadline = Instant::now() + WAIT;
        while self.history_lines() < n {
            assert!(
                Instant::now() < deadline,
                "the history never reached {n} lines"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn show_progress(&mut self, args: Value) -> Value {
        self.request(
            "workspace/executeCommand",
            json!({"command": "mlsd.showProgress", "arguments": args}),
        )
    }
}

#[test]
fn saving_records_nothing_unless_record_on_save_is_on() {
    let mut p = Proc::start(&["server"]);
    p.open_and_save(1, &practice_draft("Which regions?"));
    // A request after the save: its answer comes after the save was handled.
    let r = p.show_progress(json!([]));
    let md = r["result"].as_str().unwrap_or_default();
    assert!(md.contains("No attempts recorded yet"), "{r}");
    assert_eq!(p.history_lines(), 0);
    p.request("shutdown", Value::Null);
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
}

#[test]
fn record_on_save_appends_each_new_draft_and_show_progress_lists_them() {
    let mut p = Proc::start_full(
        &["server"],
        Value::Null,
        usize::MAX,
        json!({"enable": "always", "recordOnSave": true}),
    );
    p.open_and_save(1, &practice_draft("Which regions?"));
    p.wait_history(1);
    p.open_and_save(
        2,
        &practice_draft("Which regions? What latency budget, in ms?"),
    );
    p.wait_history(2);
    // Saving the same text again is not a new attempt.
    p.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didSave",
                   "params": {"textDocument": {"uri": PRACTICE_URI}}}));
    p.wait(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("not recorded"))
    })
    .expect("the duplicate save is logged");
    assert_eq!(p.history_lines(), 2);
    let md = p.show_progress(json!([]))["result"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(md.contains("2 attempts on 1 question"), "{md}");
    assert!(md.contains("| Design a feed ranker | 2 |"), "{md}");
    assert!(md.contains("Weakest dimension"), "{md}");
    // A question filter that matches nothing shows the empty view, not an error.
    let none = p.show_progress(json!(["fraud"]));
    assert!(none["result"]
        .as_str()
        .is_some_and(|t| t.contains("No attempts")));
    p.request("shutdown", Value::Null);
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
}

#[test]
fn a_history_that_cannot_be_written_is_reported_and_the_server_carries_on() {
    let mut p = Proc::start_full(
        &["server"],
        Value::Null,
        usize::MAX,
        json!({"enable": "always", "recordOnSave": true}),
    );
    // The data folder's path is taken by a file: the folder cannot be created.
    let data = p._dir.path().join("data");
    std::fs::write(&data, "not a folder").expect("write");
    p.open_and_save(1, &practice_draft("Which regions?"));
    let shown = p
        .wait(|m| m["method"] == "window/showMessage")
        .expect("an error message");
    let text = shown["params"]["message"].as_str().unwrap_or_default();
    assert!(text.contains("cannot record"), "{text}");
    assert!(text.contains(&data.display().to_string()), "{text}");
    assert_eq!(
        std::fs::read_to_string(&data).ok().as_deref(),
        Some("not a folder")
    );
    // Still serving: the next request is answered (no history file there: nothing yet).
    let r = p.show_progress(json!([]));
    assert!(
        r["result"]
            .as_str()
            .is_some_and(|t| t.contains("No attempts")),
        "{r}"
    );
    p.request("shutdown", Value::Null);
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(0));
}
