//! A small LSP client for the protocol tests: the server runs in-process over
//! `tokio::io::duplex` (like typos-lsp's harness), every message is JSON-RPC with
//! Content-Length framing. The client answers the server's requests, records
//! notifications, and — at `finish` — asserts that every request got exactly one response.
//!
//! Position helpers here are an independent reference (code points, UTF-8/UTF-16 units),
//! not the server's own conversion code.
#![cfg(feature = "server")]
#![allow(dead_code)]

use mlsd::Pack;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::Notify;

/// Guards against hangs only; never a timing assertion.
pub const WAIT: Duration = Duration::from_secs(60);

pub fn pack() -> Arc<Pack> {
    static PACK: OnceLock<Arc<Pack>> = OnceLock::new();
    PACK.get_or_init(|| Arc::new(Pack::builtin().expect("built-in pack")))
        .clone()
}

/// How the test client presents itself.
#[derive(Clone)]
pub struct Opts {
    /// The built-in pack the server uses (the shared one when None).
    pub pack: Option<Arc<Pack>>,
    /// `general.positionEncodings` (None: not sent).
    pub encodings: Option<Vec<&'static str>>,
    pub init_options: Value,
    /// The answer to `workspace/configuration` (None: the client does not support it).
    pub config: Option<Value>,
    pub snippets: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub resolve: bool,
    pub hierarchical: bool,
    pub watch_dynamic: bool,
    /// `publishDiagnostics.dataSupport`.
    pub data_support: bool,
    /// A workspace folder (a temporary one when None).
    pub root: Option<PathBuf>,
    /// `textDocument.diagnostic`: the client supports pull diagnostics.
    pub pull: bool,
    /// Serve with the test-only methods (`mlsd/test/...`) registered.
    pub test_methods: bool,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            pack: None,
            encodings: None,
            init_options: json!({"enable": "always"}),
            config: None,
            snippets: true,
            document_changes: false,
            create_files: false,
            resolve: false,
            hierarchical: true,
            watch_dynamic: false,
            data_support: true,
            root: None,
            pull: false,
            test_methods: false,
        }
    }
}

#[derive(Default)]
struct Inbox {
    responses: HashMap<i64, Vec<Value>>,
    stray_responses: Vec<Value>,
    notifications: Vec<Value>,
    server_requests: Vec<Value>,
    eof: bool,
}

type Writer = Arc<tokio::sync::Mutex<Box<dyn AsyncWrite + Unpin + Send>>>;

pub struct Client {
    writer: Writer,
    inbox: Arc<Mutex<Inbox>>,
    notify: Arc<Notify>,
    next_id: AtomicI64,
    sent: Mutex<Vec<i64>>,
    server: Option<tokio::task::JoinHandle<i32>>,
    pub config: Arc<Mutex<Option<Value>>>,
    pub enc: String,
    pub init: Value,
    pub root: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

async fn write_frame(w: &Writer, msg: &Value) {
    let body = msg.to_string();
    let mut w = w.lock().await;
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    // The server may be gone (after exit): writes then fail, which tests check otherwise.
    let _ = w.write_all(frame.as_bytes()).await;
    let _ = w.flush().await;
}

impl Client {
    /// Starts an in-process server and initializes it.
    pub async fn start(opts: Opts) -> Client {
        let (client_io, server_io) = tokio::io::duplex(1 << 20);
        let (sr, sw) = tokio::io::split(server_io);
        let p = opts.pack.clone().unwrap_or_else(pack);
        let server = if opts.test_methods {
            tokio::spawn(mlsd::server::serve_with_test_methods(p, sr, sw))
        } else {
            tokio::spawn(mlsd::server::serve(p, sr, sw))
        };
        let (cr, cw) = tokio::io::split(client_io);
        let mut c = Client::over(Box::new(cr), Box::new(cw), opts.config.clone());
        c.server = Some(server);
        c.initialize(opts).await;
        c
    }

    fn over(
        reader: Box<dyn tokio::io::AsyncRead + Unpin + Send>,
        writer: Box<dyn AsyncWrite + Unpin + Send>,
        config: Option<Value>,
    ) -> Client {
        let writer: Writer = Arc::new(tokio::sync::Mutex::new(writer));
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let notify = Arc::new(Notify::new());
        let config = Arc::new(Mutex::new(config));
        tokio::spawn(read_loop(
            reader,
            writer.clone(),
            inbox.clone(),
            notify.clone(),
            config.clone(),
        ));
        Client {
            writer,
            inbox,
            notify,
            next_id: AtomicI64::new(1),
            sent: Mutex::new(Vec::new()),
            server: None,
            config,
            enc: "utf-16".into(),
            init: Value::Null,
            root: PathBuf::new(),
            _tmp: None,
        }
    }

    async fn initialize(&mut self, opts: Opts) {
        let (root, tmp) = match &opts.root {
            Some(r) => (r.clone(), None),
            None => {
                let t = tempfile::tempdir().expect("tempdir");
                (t.path().to_path_buf(), Some(t))
            }
        };
        self.root = root.clone();
        self._tmp = tmp;
        let root_uri = url(&root);
        let mut general = json!({});
        if let Some(e) = &opts.encodings {
            general["positionEncodings"] = json!(e);
        }
        let mut workspace = json!({
            "workspaceFolders": true, "applyEdit": true,
            "configuration": opts.config.is_some(),
            "workspaceEdit": {"documentChanges": opts.document_changes},
            "didChangeWatchedFiles": {"dynamicRegistration": opts.watch_dynamic},
        });
        if opts.create_files {
            workspace["workspaceEdit"]["resourceOperations"] = json!(["create"]);
        }
        let mut code_action = json!({"codeActionLiteralSupport": {"codeActionKind": {"valueSet":
            ["", "quickfix", "refactor", "source", "source.fixAll"]}}, "dataSupport": true});
        if opts.resolve {
            code_action["resolveSupport"] = json!({"properties": ["edit"]});
        }
        let mut caps = json!({
            "general": general,
            "workspace": workspace,
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true,
                                       "codeDescriptionSupport": true, "dataSupport": opts.data_support},
                "codeAction": code_action,
                "completion": {"completionItem": {"snippetSupport": opts.snippets}},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": opts.hierarchical},
                "hover": {"contentFormat": ["markdown"]},
            },
        });
        if opts.pull {
            caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
            caps["workspace"]["diagnostic"] = json!({"refreshSupport": true});
        }
        let res = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "capabilities": caps,
                       "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                       "initializationOptions": opts.init_options}),
            )
            .await;
        self.enc = res["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap_or("utf-16")
            .to_string();
        self.init = res;
        self.notify("initialized", json!({})).await;
    }

    pub fn uri(&self, name: &str) -> String {
        url(&self.root.join(name))
    }

    pub async fn notify(&self, method: &str, params: Value) {
        let mut msg = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        write_frame(&self.writer, &msg).await;
    }

    /// Sends a request and returns the whole response message.
    pub async fn request_raw(&self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response(id).await
    }

    /// Sends a request without waiting for its response; returns its id.
    pub async fn send_request(&self, method: &str, params: Value) -> i64 {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.sent.lock().unwrap().push(id);
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        write_frame(&self.writer, &msg).await;
        id
    }

    /// Waits for the (first) response to request `id`.
    pub async fn response(&self, id: i64) -> Value {
        self.wait(&format!("response to request {id}"), |ib| {
            ib.responses.get(&id).and_then(|r| r.first().cloned())
        })
        .await
    }

    /// Writes raw bytes to the server (for malformed frames).
    pub async fn write_raw(&self, bytes: &[u8]) {
        let mut w = self.writer.lock().await;
        let _ = w.write_all(bytes).await;
        let _ = w.flush().await;
    }

    /// Responses that carry no request id (e.g. a parse error's `"id": null`).
    pub fn stray_responses(&self) -> Vec<Value> {
        self.inbox.lock().unwrap().stray_responses.clone()
    }

    /// Forgets the stray responses (after a test checked them).
    pub fn clear_stray_responses(&self) {
        self.inbox.lock().unwrap().stray_responses.clear();
    }

    /// Sends a request; panics on an error response.
    pub async fn request(&self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params).await;
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Waits until `pred` finds something in the inbox.
    async fn wait<T>(&self, what: &str, pred: impl Fn(&Inbox) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let ib = self.inbox.lock().unwrap();
                if let Some(t) = pred(&ib) {
                    return t;
                }
                assert!(!ib.eof, "server closed its output while waiting for {what}");
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("gave up waiting for {what}");
            }
        }
    }

    /// Index for `since` arguments: only later notifications count.
    pub fn mark(&self) -> usize {
        self.inbox.lock().unwrap().notifications.len()
    }

    /// Waits until at least `n` notifications of `method` since `since` match `pred`
    /// (for messages sent from separate tasks, whose order is not fixed).
    pub async fn wait_notifications(
        &self,
        since: usize,
        method: &str,
        n: usize,
        pred: impl Fn(&Value) -> bool,
    ) {
        let m = method.to_string();
        self.wait(&format!("{n} notifications {method}"), move |ib| {
            let found = ib
                .notifications
                .get(since..)
                .into_iter()
                .flatten()
                .filter(|x| x["method"] == m.as_str() && pred(&x["params"]))
                .count();
            (found >= n).then_some(())
        })
        .await
    }

    pub fn notifications_since(&self, since: usize, method: &str) -> Vec<Value> {
        let ib = self.inbox.lock().unwrap();
        ib.notifications[since.min(ib.notifications.len())..]
            .iter()
            .filter(|n| n["method"] == method)
            .map(|n| n["params"].clone())
            .collect()
    }

    pub fn server_requests(&self, method: &str) -> Vec<Value> {
        let ib = self.inbox.lock().unwrap();
        ib.server_requests
            .iter()
            .filter(|n| n["method"] == method)
            .map(|n| n["params"].clone())
            .collect()
    }

    /// Waits for a server request of `method` beyond the first `seen` ones.
    pub async fn wait_server_request(&self, method: &str, seen: usize) -> Value {
        let m = method.to_string();
        self.wait(&format!("server request {method}"), move |ib| {
            ib.server_requests
                .iter()
                .filter(|n| n["method"] == m.as_str())
                .nth(seen)
                .map(|n| n["params"].clone())
        })
        .await
    }

    /// Waits for a notification after `since` matching `pred`.
    pub async fn wait_notification(
        &self,
        since: usize,
        method: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let m = method.to_string();
        self.wait(&format!("notification {method}"), move |ib| {
            ib.notifications
                .get(since..)
                .into_iter()
                .flatten()
                .find(|n| n["method"] == m.as_str() && pred(&n["params"]))
                .map(|n| n["params"].clone())
        })
        .await
    }

    /// Waits for publishDiagnostics of `uri` with `version` (after `since`).
    pub async fn wait_publish(&self, since: usize, uri: &str, version: Option<i64>) -> Value {
        let uri = uri.to_string();
        self.wait_notification(since, "textDocument/publishDiagnostics", move |p| {
            p["uri"] == uri.as_str() && version.is_none_or(|v| p["version"] == v)
        })
        .await
    }

    pub async fn open(&self, uri: &str, text: &str, version: i64) -> Value {
        let m = self.mark();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
        )
        .await;
        self.wait_publish(m, uri, Some(version)).await
    }

    pub async fn change(&self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// Changes and waits for the publish of that version.
    pub async fn change_and_wait(&self, uri: &str, version: i64, changes: Value) -> Value {
        let m = self.mark();
        self.change(uri, version, changes).await;
        self.wait_publish(m, uri, Some(version)).await
    }

    /// The server's copy of a document.
    pub async fn text(&self, uri: &str) -> (i64, String) {
        let r = self
            .request("mlsd/documentText", json!({"textDocument": {"uri": uri}}))
            .await;
        (
            r["version"].as_i64().unwrap_or(-1),
            r["text"].as_str().unwrap_or("").to_string(),
        )
    }

    /// shutdown + exit; checks that every request got exactly one response; returns the
    /// server's exit code.
    pub async fn finish(self) -> i32 {
        let r = self.request_raw("shutdown", Value::Null).await;
        assert_eq!(r.get("result"), Some(&Value::Null), "shutdown: {r}");
        self.notify("exit", Value::Null).await;
        self.finish_after_exit().await
    }

    /// Waits for the server to end (the caller sent `exit`); checks the responses.
    pub async fn finish_after_exit(mut self) -> i32 {
        let code = match self.server.take() {
            Some(h) => tokio::time::timeout(WAIT, h)
                .await
                .expect("server ends after exit")
                .expect("server task"),
            None => 0,
        };
        self.wait("end of output", |ib| ib.eof.then_some(())).await;
        self.assert_one_response_each();
        code
    }

    pub fn assert_one_response_each(&self) {
        let ib = self.inbox.lock().unwrap();
        let sent = self.sent.lock().unwrap();
        for id in sent.iter() {
            let n = ib.responses.get(id).map_or(0, Vec::len);
            assert_eq!(n, 1, "request {id} got {n} responses");
        }
        for id in ib.responses.keys() {
            assert!(sent.contains(id), "response to unknown request {id}");
        }
        assert!(
            ib.stray_responses.is_empty(),
            "responses without a request: {:?}",
            ib.stray_responses
        );
    }
}

async fn read_loop(
    reader: Box<dyn tokio::io::AsyncRead + Unpin + Send>,
    writer: Writer,
    inbox: Arc<Mutex<Inbox>>,
    notify: Arc<Notify>,
    config: Arc<Mutex<Option<Value>>>,
) {
    let mut r = BufReader::new(reader);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            match r.read_line(&mut line).await {
                Ok(0) | Err(_) => {
                    inbox.lock().unwrap().eof = true;
                    notify.notify_waiters();
                    return;
                }
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                len = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.expect("Content-Length header")];
        if r.read_exact(&mut body).await.is_err() {
            inbox.lock().unwrap().eof = true;
            notify.notify_waiters();
            return;
        }
        let msg: Value = serde_json::from_slice(&body).expect("server sends JSON");
        let method = msg
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_string);
        match (msg.get("id").cloned(), method) {
            (Some(id), Some(method)) => {
                let result = match method.as_str() {
                    "workspace/configuration" => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        let c = config.lock().unwrap().clone().unwrap_or(Value::Null);
                        Value::Array(vec![c; n])
                    }
                    "workspace/applyEdit" => json!({"applied": true}),
                    _ => Value::Null,
                };
                inbox.lock().unwrap().server_requests.push(msg.clone());
                write_frame(
                    &writer,
                    &json!({"jsonrpc": "2.0", "id": id, "result": result}),
                )
                .await;
            }
            (None, Some(_)) => inbox.lock().unwrap().notifications.push(msg),
            (id, None) => {
                let mut ib = inbox.lock().unwrap();
                match id.and_then(|i| i.as_i64()) {
                    Some(i) => ib.responses.entry(i).or_default().push(msg),
                    None => ib.stray_responses.push(msg),
                }
            }
        }
        notify.notify_waiters();
    }
}

pub fn url(p: &std::path::Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(p)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", p.display()))
}

// ---------------------------------------------------------------------------------------
// Reference position model (code points; LSP line breaks \n, \r\n, \r).

fn unit_len(c: char, enc: &str) -> usize {
    match enc {
        "utf-8" => c.len_utf8(),
        "utf-16" => c.len_utf16(),
        _ => 1,
    }
}

/// Char offsets of line starts.
pub fn line_starts(chars: &[char]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\r' => {
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
                starts.push(i + 1);
            }
            '\n' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn content_end(chars: &[char], starts: &[usize], line: usize) -> usize {
    let mut end = starts.get(line + 1).copied().unwrap_or(chars.len());
    while end > starts[line] && matches!(chars[end - 1], '\r' | '\n') {
        end -= 1;
    }
    end
}

/// LSP position → char offset, clamped as LSP asks.
pub fn to_offset(text: &str, pos: &Value, enc: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let starts = line_starts(&chars);
    let line = pos["line"].as_u64().unwrap_or(0) as usize;
    let col = pos["character"].as_u64().unwrap_or(0) as usize;
    if line >= starts.len() {
        return chars.len();
    }
    let end = content_end(&chars, &starts, line);
    let mut i = starts[line];
    let mut acc = 0;
    while i < end {
        let w = unit_len(chars[i], enc);
        if acc + w > col {
            break;
        }
        acc += w;
        i += 1;
    }
    i
}

/// Char offset → LSP position.
pub fn to_pos(text: &str, offset: usize, enc: &str) -> Value {
    let chars: Vec<char> = text.chars().collect();
    let offset = offset.min(chars.len());
    let starts = line_starts(&chars);
    let line = starts.iter().rposition(|s| *s <= offset).unwrap_or(0);
    let col: usize = chars[starts[line]..offset]
        .iter()
        .map(|c| unit_len(*c, enc))
        .sum();
    json!({"line": line, "character": col})
}

pub fn range(text: &str, start: usize, end: usize, enc: &str) -> Value {
    json!({"start": to_pos(text, start, enc), "end": to_pos(text, end, enc)})
}

/// The range of the `n`th occurrence of `needle` (char offsets).
pub fn find_range(text: &str, needle: &str, n: usize, enc: &str) -> Value {
    let byte = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .0;
    let start = text[..byte].chars().count();
    range(text, start, start + needle.chars().count(), enc)
}

pub fn range_text(text: &str, r: &Value, enc: &str) -> String {
    let a = to_offset(text, &r["start"], enc);
    let b = to_offset(text, &r["end"], enc);
    text.chars()
        .skip(a.min(b))
        .take(a.max(b) - a.min(b))
        .collect()
}

/// One content change, as LSP defines it.
pub fn apply_change(text: &str, change: &Value, enc: &str) -> String {
    match change.get("range") {
        None | Some(Value::Null) => change["text"].as_str().unwrap_or("").to_string(),
        Some(r) => {
            let a = to_offset(text, &r["start"], enc);
            let b = to_offset(text, &r["end"], enc);
            let (a, b) = (a.min(b), a.max(b));
            let chars: Vec<char> = text.chars().collect();
            let mut out: String = chars[..a].iter().collect();
            out.push_str(change["text"].as_str().unwrap_or(""));
            out.extend(&chars[b..]);
            out
        }
    }
}

/// TextEdits all relative to the original text (non-overlapping), as LSP defines them.
pub fn apply_edits(text: &str, edits: &[Value], enc: &str) -> String {
    let mut resolved: Vec<(usize, usize, usize, String)> = edits
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let a = to_offset(text, &e["range"]["start"], enc);
            let b = to_offset(text, &e["range"]["end"], enc);
            (a, b, i, e["newText"].as_str().unwrap_or("").to_string())
        })
        .collect();
    resolved.sort_by_key(|r| (r.0, r.2));
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut cur = 0;
    for (a, b, _, new) in resolved {
        assert!(a >= cur, "overlapping edits");
        out.extend(&chars[cur..a]);
        out.push_str(&new);
        cur = b;
    }
    out.extend(&chars[cur..]);
    out
}

/// The TextEdits for `uri` in a WorkspaceEdit (`changes` or `documentChanges`).
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(list) = edit["changes"][uri].as_array() {
        out.extend(list.iter().cloned());
    }
    if let Some(dcs) = edit["documentChanges"].as_array() {
        for dc in dcs {
            if dc["textDocument"]["uri"] == uri {
                out.extend(dc["edits"].as_array().into_iter().flatten().cloned());
            }
        }
    }
    out
}

pub fn codes(publish: &Value) -> Vec<String> {
    publish["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

pub fn has_code(publish: &Value, code: &str) -> bool {
    codes(publish).iter().any(|c| c == code)
}

/// The first diagnostic with `code`.
pub fn diag(publish: &Value, code: &str) -> Value {
    publish["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} diagnostic in {:?}", codes(publish)))
}
