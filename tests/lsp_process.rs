//! `mlsd server` as a process over stdio: the lifecycle as an editor sees it — exit codes,
//! end of input, a malformed frame — and a stdout that carries nothing but the protocol.
#![cfg(feature = "server")]

use serde_json::{json, Value};
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
}

fn frame(msg: &Value) -> Vec<u8> {
    let body = msg.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads frames until EOF; panics on anything that is not a frame (stdout is the protocol).
fn read_frames(r: impl Read, tx: std::sync::mpsc::Sender<Value>) {
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
        let mut buf = vec![0; len.expect("Content-Length")];
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
        let dir = tempfile::tempdir().expect("tmp");
        let stderr = dir.path().join("stderr");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mlsd"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("mlsd server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || read_frames(stdout, tx));
        let stdin = child.stdin.take();
        let mut p = Proc {
            child,
            stdin,
            rx,
            stderr,
            _dir: dir,
            next_id: 1,
        };
        let root = tower_lsp::lsp_types::Url::from_file_path(p._dir.path())
            .expect("uri")
            .to_string();
        let r = p.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {},
                                               "initializationOptions": {"enable": "always"}}),
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
                Ok(m) if pred(&m) => return Some(m),
                Ok(_) => {}
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
}

#[test]
fn exit_without_shutdown_ends_with_code_one() {
    let mut p = Proc::start(&["server", "--stdio"]);
    p.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.exit_status().code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_server() {
    let mut p = Proc::start(&["server"]);
    p.open_weak();
    drop(p.stdin.take());
    let status = p.exit_status();
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
    assert!(!p.stderr_text().contains("panicked"), "{}", p.stderr_text());
}

#[test]
fn malformed_frames_end_the_session_without_a_panic_or_a_hang() {
    for raw in [
        &b"Content-Length: 9\r\n\r\n{not json"[..],
        &b"Content-Length: 10\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"$/x\",\"params\":{}}\r\n"[..],
        &b"Content-Length: nope\r\n\r\n{}"[..],
    ] {
        let mut p = Proc::start(&["server"]);
        p.open_weak();
        p.write(raw);
        // Either the session goes on (a hover is answered) or it ends; it never hangs.
        p.send(
            &json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": "file:///tmp/mlsd-process-test/weak.md"},
            "position": {"line": 0, "character": 2}}}),
        );
        let _answered = p.wait(|m| m["id"] == 99).is_some();
        drop(p.stdin.take());
        p.exit_status();
        assert!(!p.stderr_text().contains("panicked"), "{}", p.stderr_text());
    }
}
