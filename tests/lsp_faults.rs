//! Faults and bad input, in-process: the server over `tokio::io::duplex` (the harness
//! checks at `finish` that every request got exactly one response). After each fault the
//! server must still answer a hover and publish correct diagnostics ([`assert_serving`]).
//! The process-level faults (end of input, the client process dying, stdout closed,
//! memory over many cycles) are in `lsp_process.rs`.
#![cfg(feature = "server")]

#[path = "support/lsp_harness.rs"]
mod harness;

use harness::*;
use mlsd::engine::explain::explain;
use mlsd::{lint, Settings};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const WEAK: &str = "# Design a feed ranker

We will use a transformer model. The system needs to be fast and scalable.

## Model

We train a big transformer on user clicks and deploy it. It should be scalable too.
";

fn opts() -> Opts {
    Opts {
        test_methods: true,
        ..Opts::default()
    }
}

fn engine_codes(text: &str) -> BTreeSet<String> {
    lint(text, &pack(), &Settings::default())
        .findings
        .iter()
        .map(|f| f.rule.clone())
        .collect()
}

fn code_set(p: &Value) -> BTreeSet<String> {
    codes(p).into_iter().collect()
}

/// The server still works: a fresh document gets the engine's findings, and a hover on a
/// finding explains its rule.
async fn assert_serving(c: &Client, name: &str) {
    let uri = c.uri(&format!("serving-{name}.md"));
    let p = c.open(&uri, WEAK, 1).await;
    let published = code_set(&p);
    assert!(
        !published.is_empty(),
        "{name}: no findings on the weak draft"
    );
    assert_eq!(published, engine_codes(WEAK), "{name}: diagnostics");
    let d = &p["diagnostics"][0];
    let code = d["code"].as_str().unwrap_or_default();
    let pack = pack();
    let rule = pack
        .rule(code)
        .unwrap_or_else(|| panic!("{name}: unknown rule {code}"));
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": d["range"]["start"]}),
        )
        .await;
    let shown = h["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        shown.contains(&explain(rule)),
        "{name}: hover on {code} does not explain it: {shown}"
    );
    // and an edit is linted again: removing the weak sentence drops its findings
    let fixed = WEAK.replace(
        "The system needs to be fast and scalable.",
        "The system serves 2,000 requests per second at a p99 of 80 ms.",
    );
    let p = c
        .change_and_wait(&uri, 2, json!([{"text": fixed.clone()}]))
        .await;
    assert_eq!(code_set(&p), engine_codes(&fixed), "{name}: after an edit");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
}

async fn open_documents(c: &Client) -> Value {
    c.request("mlsd/test/openDocuments", json!({})).await
}

fn log_messages(c: &Client, since: usize) -> Vec<String> {
    c.notifications_since(since, "window/logMessage")
        .iter()
        .filter_map(|p| p["message"].as_str().map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Positions, unknown and closed documents, versions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_positions_in_every_request_are_answered() {
    let c = Client::start(opts()).await;
    let uri = c.uri("range.md");
    let text = "# T\r\n\r\nhéllo 🚀 fast\r\nend";
    c.open(&uri, text, 1).await;
    let max = u32::MAX;
    let positions = [
        json!({"line": 10_000, "character": 10_000}),
        json!({"line": 2, "character": max}),
        json!({"line": max, "character": max}),
        // inside the surrogate pair of 🚀
        json!({"line": 2, "character": 7}),
    ];
    let td = json!({"uri": uri});
    for pos in &positions {
        let far = json!({"start": pos, "end": pos});
        let reversed = json!({"start": pos, "end": {"line": 0, "character": 0}});
        for (method, params) in [
            (
                "textDocument/hover",
                json!({"textDocument": td, "position": pos}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": td, "position": pos}),
            ),
            (
                "textDocument/inlayHint",
                json!({"textDocument": td, "range": far}),
            ),
            (
                "textDocument/inlayHint",
                json!({"textDocument": td, "range": reversed}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": td, "range": reversed, "context": {"diagnostics": [
                    {"range": far, "message": "x", "code": "no-such-rule", "source": "mlsd"}]}}),
            ),
        ] {
            let r = c.request_raw(method, params).await;
            assert!(r.get("error").is_none(), "{method} at {pos}: {r}");
        }
    }
    // a change at u32::MAX lands at the end of the text, as LSP clamps
    let mut model = text.to_string();
    let ch = json!({"range": {"start": {"line": max, "character": max},
                              "end": {"line": max, "character": max}}, "text": "!"});
    model = apply_change(&model, &ch, &c.enc);
    c.change_and_wait(&uri, 2, json!([ch])).await;
    assert_eq!(c.text(&uri).await, (2, model));
    assert_serving(&c, "ranges").await;
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_for_unknown_or_closed_documents_are_ignored_and_reported() {
    let c = Client::start(opts()).await;
    let uri = c.uri("closed.md");
    c.open(&uri, WEAK, 1).await;
    let m = c.mark();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    // its diagnostics are cleared
    let cleared = c
        .wait_notification(m, "textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
        })
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
    let m = c.mark();
    c.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0},
                          "end": {"line": 0, "character": 1}}, "text": "X"}]),
    )
    .await;
    c.change(
        &uri,
        3,
        json!([{"text": "full text for a closed document"}]),
    )
    .await;
    let never = c.uri("never-opened.md");
    c.change(&never, 1, json!([{"text": "x"}])).await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": never}}),
    )
    .await;
    // nothing was brought back to life
    assert_eq!(
        c.request("mlsd/documentText", json!({"textDocument": {"uri": uri}}))
            .await,
        Value::Null
    );
    assert_eq!(open_documents(&c).await, json!([]));
    // each ignored change is reported in the log
    c.wait_notifications(m, "window/logMessage", 3, |p| {
        p["message"]
            .as_str()
            .is_some_and(|s| s.contains("not open"))
    })
    .await;
    let ignored = log_messages(&c, m)
        .iter()
        .filter(|s| s.contains("not open"))
        .count();
    assert_eq!(ignored, 3, "{:?}", log_messages(&c, m));
    // opened again, the document starts from its new text only
    let p = c.open(&uri, "# Fresh\n\nIt must be fast.\n", 1).await;
    assert_eq!(code_set(&p), engine_codes("# Fresh\n\nIt must be fast.\n"));
    assert_eq!(
        c.text(&uri).await,
        (1, "# Fresh\n\nIt must be fast.\n".into())
    );
    assert_serving(&c, "closed").await;
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_going_backwards_still_applies_and_is_reported() {
    let c = Client::start(opts()).await;
    let uri = c.uri("versions.md");
    c.open(&uri, WEAK, 5).await;
    let m = c.mark();
    let text = "# Design a feed ranker\n\nIt must be fast.\n";
    // lower, then equal: the client's text is what the server keeps
    let p = c.change_and_wait(&uri, 3, json!([{"text": text}])).await;
    assert_eq!(code_set(&p), engine_codes(text));
    assert_eq!(c.text(&uri).await, (3, text.to_string()));
    let text2 = format!("{text}\nMore.\n");
    let p = c.change_and_wait(&uri, 3, json!([{"text": text2}])).await;
    assert_eq!(p["version"], 3);
    assert_eq!(code_set(&p), engine_codes(&text2));
    assert_eq!(c.text(&uri).await, (3, text2.clone()));
    let warnings: Vec<String> = log_messages(&c, m)
        .into_iter()
        .filter(|s| s.contains("versions must increase"))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].contains("version 3 after version 5"),
        "{warnings:?}"
    );
    // a later, higher version is quiet again
    let m = c.mark();
    c.change_and_wait(&uri, 4, json!([{"text": WEAK}])).await;
    assert!(!log_messages(&c, m)
        .iter()
        .any(|s| s.contains("versions must increase")));
    assert_serving(&c, "versions").await;
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// The protocol itself

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_body_gets_an_error_answer_and_ends_the_session_cleanly() {
    // tower-lsp 0.20 stops reading at the first frame it cannot decode: the session ends
    // there (exit code 1, no shutdown), after an error answer with `"id": null`.
    let cases: [(&[u8], i64); 4] = [
        // not JSON: Parse error
        (b"Content-Length: 9\r\n\r\n{not json", -32700),
        // JSON, but not a JSON-RPC message: Invalid Request
        (b"Content-Length: 13\r\n\r\n{\"jsonrpc\":1}", -32600),
        // invalid UTF-8 in the body
        (b"Content-Length: 4\r\n\r\n\"\xff\xfe\"", -32700),
        // a length that is not a number
        (b"Content-Length: many\r\n\r\n{}", -32700),
    ];
    for (raw, code) in cases {
        let c = Client::start(opts()).await;
        assert_serving(&c, "before").await;
        c.write_raw(raw).await;
        let deadline = tokio::time::Instant::now() + WAIT;
        while c.stray_responses().is_empty() {
            assert!(tokio::time::Instant::now() < deadline, "no error answer");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let stray = c.stray_responses();
        assert_eq!(stray.len(), 1, "{stray:?}");
        assert_eq!(stray[0]["error"]["code"], code, "{stray:?}");
        assert_eq!(stray[0]["id"], Value::Null);
        c.clear_stray_responses();
        // every request sent before got its one answer; the session ended by itself
        assert_eq!(c.finish_after_exit().await, 1);
    }
    // and the next session serves as ever
    let c = Client::start(opts()).await;
    assert_serving(&c, "after").await;
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_are_method_not_found() {
    let c = Client::start(opts()).await;
    for (method, params) in [
        ("mlsd/doesNotExist", json!({})),
        ("textDocument/doesNotExist", Value::Null),
        ("workspace/symbolz", json!([1, 2])),
    ] {
        let r = c.request_raw(method, params).await;
        assert_eq!(r["error"]["code"], -32601, "{method}: {r}");
    }
    // wrong params for a known method: Invalid params, not a crash
    let r = c
        .request_raw("textDocument/hover", json!({"textDocument": 7}))
        .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // unknown notifications are dropped silently
    c.notify("$/mlsdUnknown", json!({})).await;
    c.notify("mlsd/unknownNotification", json!({"x": 1})).await;
    assert_serving(&c, "unknown").await;
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_cancelled_mid_flight_gets_exactly_one_cancelled_response() {
    let c = Client::start(opts()).await;
    let slow = c
        .send_request("mlsd/test/sleep", json!({"ms": 600_000}))
        .await;
    c.notify("$/cancelRequest", json!({"id": slow})).await;
    let r = c.response(slow).await;
    assert_eq!(r["error"]["code"], -32800, "{r}");
    // cancelling a finished request, or an unknown one, changes nothing
    let quick = c.send_request("mlsd/test/sleep", json!({"ms": 0})).await;
    assert_eq!(c.response(quick).await["result"], "slept");
    c.notify("$/cancelRequest", json!({"id": quick})).await;
    c.notify("$/cancelRequest", json!({"id": 987_654})).await;
    // a cancelled request among others: the others are answered
    let uri = c.uri("cancel.md");
    c.open(&uri, WEAK, 1).await;
    let a = c
        .send_request("mlsd/test/sleep", json!({"ms": 600_000}))
        .await;
    let b = c
        .send_request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    c.notify("$/cancelRequest", json!({"id": a})).await;
    assert_eq!(c.response(a).await["error"]["code"], -32800);
    assert!(c.response(b).await["result"].is_array());
    assert_serving(&c, "cancel").await;
    // `finish` checks that no request got a second response
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_in_a_handler_is_an_internal_error_and_the_server_goes_on() {
    let c = Client::start(opts()).await;
    let uri = c.uri("panic.md");
    c.open(&uri, WEAK, 1).await;
    let m = c.mark();
    let r = c.request_raw("mlsd/test/panic", json!({})).await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|s| s.contains("test-only panic inside a handler")),
        "{r}"
    );
    // a panic inside the analysis (off the runtime, in spawn_blocking) too
    let r = c
        .request_raw("mlsd/test/panic", json!({"in": "analysis", "uri": uri}))
        .await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    // a panicking notification has no answer, and takes nothing down
    c.notify("mlsd/test/panicNotification", json!({})).await;
    // the client hears about each panic in the log (each log is sent on its own task, so
    // wait for all three rather than assume their order)
    for needle in [
        "inside a handler",
        "inside an analysis",
        "panicNotification",
    ] {
        c.wait_notification(m, "window/logMessage", |p| {
            p["message"].as_str().is_some_and(|s| s.contains(needle))
        })
        .await;
    }
    let logged = log_messages(&c, m)
        .iter()
        .filter(|s| s.contains("internal error in mlsd/test/panic"))
        .count();
    assert_eq!(logged, 3, "{:?}", log_messages(&c, m));
    // the document opened before the panics still works
    let text = "# Design a feed ranker\n\nIt must be fast.\n";
    let p = c.change_and_wait(&uri, 2, json!([{"text": text}])).await;
    assert_eq!(code_set(&p), engine_codes(text));
    assert_eq!(c.text(&uri).await, (2, text.to_string()));
    assert_serving(&c, "panic").await;
    // and again, after the server served in between
    let r = c.request_raw("mlsd/test/panic", json!({})).await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    assert_serving(&c, "panic-again").await;
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_open_close_cycles_leave_no_document_behind() {
    let c = Client::start(opts()).await;
    let uris: Vec<String> = (0..10).map(|i| c.uri(&format!("cycle-{i}.md"))).collect();
    // sent without waiting: opens, closes and lint tasks overlap
    for i in 0..10_000 {
        let uri = &uris[i % uris.len()];
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": WEAK}}),
        )
        .await;
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    }
    assert_eq!(open_documents(&c).await, json!([]));
    // a last cycle per document: once its final close is heard, the last word on it is an
    // empty list (no stale lint of an earlier cycle lands after the close)
    for uri in &uris {
        c.open(uri, WEAK, 999).await;
        let m = c.mark();
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
        let p = c.wait_publish(m, uri, None).await;
        assert_eq!(p["diagnostics"], json!([]), "{uri}");
    }
    assert_eq!(open_documents(&c).await, json!([]));
    for uri in &uris {
        let last = c
            .notifications_since(0, "textDocument/publishDiagnostics")
            .into_iter()
            .rfind(|p| p["uri"] == uri.as_str());
        assert_eq!(
            last.map(|p| p["diagnostics"].clone()),
            Some(json!([])),
            "{uri}"
        );
    }
    assert_serving(&c, "cycles").await;
    assert_eq!(open_documents(&c).await, json!([]));
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Bad input (the server side of the bad-input matrix)

/// Every diagnostic range lies inside the text: lines exist, columns fall within their
/// line and on a character boundary (never inside a UTF-16 surrogate pair or a UTF-8
/// sequence), start before end.
fn assert_ranges_inside(name: &str, text: &str, p: &Value, enc: &str) {
    let chars: Vec<char> = text.chars().collect();
    let starts = line_starts(&chars);
    // per line: the unit offsets of its character boundaries (0 first, line length last)
    let bounds: Vec<Vec<usize>> = (0..starts.len())
        .map(|line| {
            let mut end = starts.get(line + 1).copied().unwrap_or(chars.len());
            while end > starts[line] && matches!(chars[end - 1], '\r' | '\n') {
                end -= 1;
            }
            let mut acc = 0;
            let mut v = vec![0];
            for c in &chars[starts[line]..end] {
                acc += match enc {
                    "utf-8" => c.len_utf8(),
                    "utf-16" => c.len_utf16(),
                    _ => 1,
                };
                v.push(acc);
            }
            v
        })
        .collect();
    for d in p["diagnostics"].as_array().into_iter().flatten() {
        let r = &d["range"];
        let mut ends = Vec::new();
        for end in ["start", "end"] {
            let line = r[end]["line"].as_u64().unwrap_or(u64::MAX) as usize;
            let col = r[end]["character"].as_u64().unwrap_or(u64::MAX) as usize;
            assert!(line < starts.len(), "{name}: line {line} outside: {d}");
            assert!(
                bounds[line].binary_search(&col).is_ok(),
                "{name}: column {col} outside its line or inside a character: {d}"
            );
            ends.push((line, col));
        }
        assert!(ends[0] <= ends[1], "{name}: reversed range: {d}");
    }
}

fn bad_inputs() -> Vec<(&'static str, String)> {
    let weak_line = "It must be fast and scalable. ";
    vec![
        ("empty", String::new()),
        ("only front matter", "---\nlevel: L5\nminutes: 45\n---\n".into()),
        (
            "unterminated front matter",
            "---\nlevel: L5\nminutes: 45\n# Design a feed ranker\n\nIt must be fast.\n".into(),
        ),
        (
            "wrong-typed front matter",
            "---\nlevel: 7\nminutes: \"lots\"\n---\n# Design a feed ranker\n\nIt must be fast.\n"
                .into(),
        ),
        // plain words with a vague claim every 64 KB: findings far out on one line
        ("5 MB single line", {
            let chunk = format!("{}{weak_line}", "plain words here ".repeat(64 * 1024 / 17));
            chunk.repeat(5 * 1024 * 1024 / chunk.len())
        }),
        (
            "100,000 headings",
            (0..100_000).map(|i| format!("# H{i}\n")).collect(),
        ),
        // each line one level deeper than the last, 10,000 levels at the end
        ("10,000-deep list", nested(10_000, "- ")),
        ("10,000-deep blockquote", nested(10_000, ">")),
        ("10,000-deep mixed", nested(10_000, "> - ")),
        (
            "NUL bytes",
            "# Design\0 a ranker\n\n\0It must be fast.\0\n".into(),
        ),
        (
            "BOM",
            "\u{feff}---\nlevel: L5\n---\n# Design a feed ranker\n\nIt must be fast.\n".into(),
        ),
        (
            "lone CR",
            "# Design a feed ranker\r\rIt must be fast.\r## Model\r\rA big model. It is scalable.\r"
                .into(),
        ),
        (
            "mixed CRLF and LF",
            "# Design a feed ranker\r\n\nIt must be fast.\r\n## Model\n\r\nIt is scalable.\r\n"
                .into(),
        ),
        (
            "emoji and CJK",
            "# 推荐系统 🚀 design\n\n## Model\n\n数据 🚀🚀👩‍👩‍👧 must be fast and scalable. e\u{301}\n"
                .into(),
        ),
    ]
}

/// A short ramp of ever deeper lines, then one line `n` levels deep.
fn nested(n: usize, unit: &str) -> String {
    let mut s: String = (1..=20).map(|i| format!("{}x\n", unit.repeat(i))).collect();
    s.push_str(&unit.repeat(n));
    s.push_str("deepest item: it must be fast\n");
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_documents_publish_ranges_inside_them_and_hover_still_answers() {
    for enc in ["utf-16", "utf-8"] {
        let c = Client::start(Opts {
            encodings: Some(vec![if enc == "utf-8" { "utf-8" } else { "utf-16" }]),
            ..opts()
        })
        .await;
        assert_eq!(c.enc, enc);
        for (i, (name, text)) in bad_inputs().into_iter().enumerate() {
            // the large inputs once, in UTF-16, with one hover and no edit: the engine runs
            // unoptimised in tests (each lint of 5 MB takes seconds)
            let large = text.len() > 1 << 20;
            if large && enc == "utf-8" {
                continue;
            }
            let uri = c.uri(&format!("bad-{i}.md"));
            let t = std::time::Instant::now();
            let p = c.open(&uri, &text, 1).await;
            eprintln!(
                "{enc} {name}: {} diagnostics, first publish after {:?}",
                p["diagnostics"].as_array().map_or(0, Vec::len),
                t.elapsed()
            );
            assert_ranges_inside(name, &text, &p, enc);
            if !large {
                assert_eq!(code_set(&p), engine_codes(&text), "{name}");
            }
            // hover at the start, in the middle and past the end
            let mid = to_pos(&text, text.chars().count() / 2, enc);
            let positions = match large {
                true => vec![mid],
                false => vec![
                    json!({"line": 0, "character": 0}),
                    mid,
                    json!({"line": 1_000_000, "character": 3}),
                ],
            };
            for pos in positions {
                let r = c
                    .request_raw(
                        "textDocument/hover",
                        json!({"textDocument": {"uri": uri}, "position": pos}),
                    )
                    .await;
                assert!(r.get("error").is_none(), "{name}: hover: {r}");
            }
            if large {
                c.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri}}),
                )
                .await;
                continue;
            }
            // an edit at the very end is applied and linted
            let end = to_pos(&text, text.chars().count(), enc);
            let ch = json!({"range": {"start": end, "end": end}, "text": "\nIt is scalable."});
            let edited = apply_change(&text, &ch, enc);
            let p = c.change_and_wait(&uri, 2, json!([ch])).await;
            assert_ranges_inside(name, &edited, &p, enc);
            assert!(c.text(&uri).await.1 == edited, "{name}: text after edit");
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
            assert_serving(&c, name).await;
        }
        assert_eq!(c.finish().await, 0);
    }
}
