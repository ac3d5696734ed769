//! Protocol tests for `mlsd server`: JSON-RPC to an in-process server over
//! `tokio::io::duplex`. Every test ends with shutdown/exit, which checks that each request
//! got exactly one response. Rule ids are looked up from the pack by check kind, so the
//! tests follow the pack's data rather than its current wording.
#![cfg(feature = "server")]

#[path = "support/lsp_harness.rs"]
mod harness;

use harness::*;
use mlsd::config::{self, Layer};
use mlsd::engine::explain::explain;
use mlsd::engine::fix::fix_all;
use mlsd::engine::skeleton::{self, SkeletonOptions};
use mlsd::rules::check::CheckKind;
use mlsd::rules::{GlossaryEntry, Level, Question, PROBLEM_TYPES};
use mlsd::{lint, Settings};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

const WEAK: &str = "# Design a feed ranker

We will use a transformer model. The system needs to be fast and scalable.

## Model

We train a big transformer on user clicks and deploy it. It should be scalable too.

## Serving

The model runs behind an API.
";

const UNICODE: &str = "# Ranker 🚀 design

## Model

🚀 数据 ranking must be fast and scalable for every user.
数据 🚀🚀 Retraining should be fast.
";

const SYMBOLS: &str = "# Design a feed ranker

## Clarify

Who are the users?

## Data

Impressions and clicks.

### Labels

A click within the session.

## Model

Gradient boosted trees first.
";

// ---------------------------------------------------------------------------------------
// Rules by what they check (never by a hard-coded id).

fn missing_stage_rule(stage: &str) -> String {
    let p = pack();
    let sid = p.stage_id(stage).expect("stage");
    p.rules
        .iter()
        .find(|r| {
            r.checks
                .iter()
                .any(|c| matches!(&c.kind, CheckKind::MissingStage(m) if m.stage == sid))
        })
        .expect("a missing-stage rule")
        .id
        .clone()
}

/// The `term-without` rule whose fix puts a placeholder after the term (vague words).
fn vague_rule() -> String {
    pack()
        .rules
        .iter()
        .find(|r| {
            r.checks.iter().any(|c| {
                c.kind_name() == "term-without"
                    && c.fix.as_ref().is_some_and(|f| f.insert_after.is_some())
            })
        })
        .expect("a term-without rule with a placeholder fix")
        .id
        .clone()
}

fn is_missing_stage_rule(id: &str) -> bool {
    pack().rule(id).is_some_and(|r| {
        r.checks
            .iter()
            .any(|c| matches!(c.kind, CheckKind::MissingStage(_)))
    })
}

fn engine_codes(text: &str, settings: &Settings) -> BTreeSet<String> {
    lint(text, &pack(), settings)
        .findings
        .iter()
        .map(|f| f.rule.clone())
        .collect()
}

fn code_set(p: &Value) -> BTreeSet<String> {
    codes(p).into_iter().collect()
}

/// (rule, severity, message) of each finding, as the engine reports them.
fn engine_findings(text: &str, settings: &Settings) -> Vec<(String, i64, String)> {
    let mut v: Vec<(String, i64, String)> = lint(text, &pack(), settings)
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.severity as i64, f.message.clone()))
        .collect();
    v.sort();
    v
}

/// (code, severity, message) of each published diagnostic.
fn findings(p: &Value) -> Vec<(String, i64, String)> {
    let mut v: Vec<(String, i64, String)> = p["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_i64().unwrap_or(0),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Diagnostics of `code` on the line of `needle`.
fn on_line(p: &Value, text: &str, needle: &str, code: &str, enc: &str) -> usize {
    let line = find_range(text, needle, 0, enc)["start"]["line"].clone();
    p["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == code && d["range"]["start"]["line"] == line)
        .count()
}

fn has_diag_at(p: &Value, code: &str, r: &Value) -> bool {
    p["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|d| d["code"] == code && &d["range"] == r)
}

async fn code_actions(
    c: &Client,
    uri: &str,
    diags: Vec<Value>,
    only: Option<Vec<&str>>,
) -> Vec<Value> {
    let r = diags.first().map(|d| d["range"].clone()).unwrap_or(
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}),
    );
    let mut ctx = json!({"diagnostics": diags, "triggerKind": 1});
    if let Some(only) = only {
        ctx["only"] = json!(only);
    }
    let res = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": r, "context": ctx}),
        )
        .await;
    res.as_array().cloned().unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], part: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains(part)))
        .unwrap_or_else(|| {
            let titles: Vec<_> = actions.iter().map(|a| a["title"].clone()).collect();
            panic!("no action titled “{part}” among {titles:?}")
        })
}

/// Applies an action's edit for `uri` locally and sends it as one didChange; returns the
/// new text and its publish.
async fn apply_action(
    c: &Client,
    uri: &str,
    text: &str,
    action: &Value,
    version: i64,
) -> (String, Value) {
    let edits = edits_for(&action["edit"], uri);
    assert!(!edits.is_empty(), "action has no edits for {uri}: {action}");
    let new = apply_edits(text, &edits, &c.enc);
    assert_ne!(new, text, "action changes nothing: {action}");
    let p = c
        .change_and_wait(uri, version, json!([{"text": new}]))
        .await;
    assert_eq!(c.text(uri).await.1, new);
    (new, p)
}

fn settings_at(level: Level) -> Settings {
    config::settings(
        &Layer::default(),
        &Layer {
            level: Some(level),
            ..Layer::default()
        },
        &Layer::default(),
    )
}

// ---------------------------------------------------------------------------------------
// Lifecycle and capabilities

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_negotiates_the_encoding_and_advertises_every_feature() {
    for (offer, want) in [
        (Some(vec!["utf-8", "utf-16"]), "utf-8"),
        (Some(vec!["utf-32", "utf-8"]), "utf-8"),
        (Some(vec!["utf-16"]), "utf-16"),
        (None, "utf-16"),
    ] {
        let c = Client::start(Opts {
            encodings: offer.clone(),
            ..Opts::default()
        })
        .await;
        assert_eq!(c.enc, want, "offered {offer:?}");
        let caps = &c.init["capabilities"];
        assert_eq!(caps["textDocumentSync"]["change"], 2);
        assert_eq!(caps["textDocumentSync"]["openClose"], true);
        let kinds = caps["codeActionProvider"]["codeActionKinds"].to_string();
        for k in [
            "quickfix",
            "source.fixAll.mlsd",
            "source.addMissingSections.mlsd",
            "source.insertSkeleton.mlsd",
        ] {
            assert!(kinds.contains(k), "{k} missing in {kinds}");
        }
        assert!(caps["completionProvider"]["triggerCharacters"]
            .to_string()
            .contains('#'));
        for cap in [
            "hoverProvider",
            "documentSymbolProvider",
            "codeLensProvider",
            "inlayHintProvider",
        ] {
            assert!(!caps[cap].is_null(), "{cap} not advertised");
        }
        // diagnostics are pushed; pull is not advertised unless asked for
        assert!(caps["diagnosticProvider"].is_null());
        let cmds = caps["executeCommandProvider"]["commands"].to_string();
        for cmd in [
            "mlsd.insertSkeleton",
            "mlsd.fixAll",
            "mlsd.showRule",
            "mlsd.showScorecard",
            "mlsd.showProgress",
        ] {
            assert!(cmds.contains(cmd), "{cmd} missing");
        }
        assert_eq!(c.init["serverInfo"]["name"], "mlsd");
        assert_eq!(c.finish().await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_without_shutdown_is_exit_code_one() {
    let c = Client::start(Opts::default()).await;
    c.notify("exit", Value::Null).await;
    // `finish` would send shutdown first; here the session just ends.
    let code = c.finish_after_exit().await;
    assert_eq!(code, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_watcher_is_registered_when_the_client_allows_it() {
    let c = Client::start(Opts {
        watch_dynamic: true,
        ..Opts::default()
    })
    .await;
    let reg = c.wait_server_request("client/registerCapability", 0).await;
    let r = &reg["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    assert!(r["registerOptions"].to_string().contains(".mlsd.toml"));
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Text sync and diagnostics

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_follow_open_change_and_close_with_versions() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("weak.md");
    let vague = vague_rule();
    let p = c.open(&uri, WEAK, 5).await;
    assert_eq!(p["version"], 5);
    assert_eq!(code_set(&p), engine_codes(WEAK, &Settings::default()));
    for d in p["diagnostics"].as_array().expect("list") {
        assert_eq!(d["source"], "mlsd");
        assert!(d["code"].is_string());
        assert!(
            (1..=4).contains(&d["severity"].as_i64().unwrap_or(0)),
            "{d}"
        );
        assert!(
            d.get("codeDescription").is_none(),
            "no docs URL configured: {d}"
        );
        assert!(!d["message"].as_str().unwrap_or("").is_empty());
    }
    // severities are the engine's
    let report = lint(WEAK, &pack(), &Settings::default());
    for f in &report.findings {
        let d = p["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["code"] == f.rule.as_str())
            .expect("diagnostic for each finding");
        let _ = d;
    }
    let sev: BTreeSet<(String, i64)> = report
        .findings
        .iter()
        .map(|f| (f.rule.clone(), f.severity as i64))
        .collect();
    let got: BTreeSet<(String, i64)> = p["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(sev, got);
    assert!(has_diag_at(
        &p,
        &vague,
        &find_range(WEAK, "fast", 0, &c.enc)
    ));

    // pull diagnostics give the same items; an unchanged result id answers "unchanged"
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(pulled["kind"], "full");
    assert_eq!(pulled["items"], p["diagnostics"]);
    let again = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": pulled["resultId"]}),
        )
        .await;
    assert_eq!(again["kind"], "unchanged");

    // an incremental change: "fast and " goes
    let r = find_range(WEAK, "fast and ", 0, &c.enc);
    let q = c
        .change_and_wait(&uri, 6, json!([{"range": r, "text": ""}]))
        .await;
    let now = WEAK.replacen("fast and ", "", 1);
    assert_eq!(c.text(&uri).await, (6, now.clone()));
    assert_eq!(on_line(&q, &now, "The system needs", &vague, &c.enc), 1);
    assert!(has_diag_at(
        &q,
        &vague,
        &find_range(&now, "scalable", 0, &c.enc)
    ));

    // close clears them
    let m = c.mark();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    let cleared = c.wait_publish(m, &uri, None).await;
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_ends_in_the_right_text_and_never_publishes_stale_results() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("burst.md");
    let text = "# Burst test\n\n## Serving\n\nLatency must be fast.\n\nThe store is scalable.\n";
    c.open(&uri, text, 1).await;
    let typed = "We keep one table per region and copy it each night. Reads go to the nearest copy, writes go to the primary. 🚀 数据 done. ";
    let at = text.find("The store").expect("anchor");
    let at = text[..at].chars().count();
    let mut model = text.to_string();
    let m = c.mark();
    let mut v = 1;
    for (i, ch) in typed.chars().enumerate() {
        let pos = to_pos(&model, at + i, &c.enc);
        let change = json!({"range": {"start": pos, "end": pos}, "text": ch.to_string()});
        model = apply_change(&model, &change, &c.enc);
        v += 1;
        c.change(&uri, v, json!([change])).await;
    }
    // then delete "fast" one character at a time
    for k in 0..4 {
        let i = model.find("Latency must be ").expect("anchor") + 16 + 3 - k;
        let start = model[..i].chars().count();
        let change = json!({"range": range(&model, start, start + 1, &c.enc), "text": ""});
        model = apply_change(&model, &change, &c.enc);
        v += 1;
        c.change(&uri, v, json!([change])).await;
    }
    let last = c.wait_publish(m, &uri, Some(v)).await;
    assert_eq!(c.text(&uri).await, (v, model.clone()));
    // versions never go backwards; the last publish is the newest text's
    let pubs = c.notifications_since(m, "textDocument/publishDiagnostics");
    let versions: Vec<i64> = pubs.iter().filter_map(|p| p["version"].as_i64()).collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert!(
        versions.len() < 100,
        "edits were not coalesced: {} lints",
        versions.len()
    );
    // the same diagnostics as a fresh open of the final text
    let fresh = c.open(&c.uri("fresh.md"), &model, 1).await;
    assert_eq!(strip(&last), strip(&fresh));
    assert_eq!(
        on_line(&last, &model, "Latency must be", &vague_rule(), &c.enc),
        0
    );
    assert_eq!(c.finish().await, 0);
}

/// Diagnostics without what differs between two documents (URIs and versions in data).
fn strip(p: &Value) -> Value {
    let mut d = p["diagnostics"].clone();
    for x in d.as_array_mut().into_iter().flatten() {
        if let Some(data) = x.get_mut("data") {
            data["version"] = Value::Null;
        }
        if let Some(rel) = x
            .get_mut("relatedInformation")
            .and_then(Value::as_array_mut)
        {
            for r in rel {
                r["location"]["uri"] = Value::Null;
            }
        }
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_in_one_notification_apply_in_sequence_and_full_text_replaces() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("multi.md");
    c.open(&uri, "# T\n\nab\ncd\n", 1).await;
    let changes = json!([
        {"range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 2}}, "text": "X"},
        // against the text after the first change: removes "X\nc"
        {"range": {"start": {"line": 2, "character": 2}, "end": {"line": 3, "character": 1}}, "text": ""},
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "🚀"},
    ]);
    c.change_and_wait(&uri, 2, changes).await;
    assert_eq!(c.text(&uri).await.1, "🚀# T\n\nabd\n");
    let p = c.change_and_wait(&uri, 3, json!([{"text": WEAK}])).await;
    assert_eq!(c.text(&uri).await, (3, WEAK.to_string()));
    assert_eq!(code_set(&p), engine_codes(WEAK, &Settings::default()));
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emoji_cjk_combining_and_crlf_ranges_are_exact_in_both_encodings() {
    for offer in [Some(vec!["utf-8", "utf-16"]), None] {
        for crlf in [false, true] {
            let c = Client::start(Opts {
                encodings: offer.clone(),
                ..Opts::default()
            })
            .await;
            let enc = c.enc.clone();
            let vague = vague_rule();
            let base = UNICODE.replace("every user", "e\u{301}very user");
            let text = if crlf {
                base.replace('\n', "\r\n")
            } else {
                base
            };
            let uri = c.uri("u.md");
            let p = c.open(&uri, &text, 1).await;
            for (needle, n) in [("fast", 0), ("scalable", 0), ("fast", 1)] {
                let r = find_range(&text, needle, n, &enc);
                assert!(
                    has_diag_at(&p, &vague, &r),
                    "{enc} crlf={crlf}: no {needle}#{n} at {r}: {p}"
                );
            }
            let r = find_range(&text, "fast and ", 0, &enc);
            let q = c
                .change_and_wait(&uri, 2, json!([{"range": r, "text": ""}]))
                .await;
            let now = text.replacen("fast and ", "", 1);
            assert_eq!(c.text(&uri).await.1, now);
            assert!(has_diag_at(
                &q,
                &vague,
                &find_range(&now, "scalable", 0, &enc)
            ));
            assert!(has_diag_at(&q, &vague, &find_range(&now, "fast", 0, &enc)));
            assert_eq!(on_line(&q, &now, "ranking must be", &vague, &enc), 1);
            assert_eq!(c.finish().await, 0);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_positions_clamp_and_the_change_still_applies() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("clamp.md");
    let text = "# T\r\n\r\nhéllo 🚀\r\nend";
    c.open(&uri, text, 1).await;
    let mut model = text.to_string();
    let changes = [
        json!({"range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 5}}, "text": "A"}),
        json!({"range": {"start": {"line": 2, "character": 999}, "end": {"line": 2, "character": 1000}}, "text": "B"}),
        // inside the surrogate pair of 🚀 (UTF-16 column 7)
        json!({"range": {"start": {"line": 2, "character": 7}, "end": {"line": 2, "character": 7}}, "text": "C"}),
        // reversed
        json!({"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 0}}, "text": "D"}),
    ];
    for (i, ch) in changes.iter().enumerate() {
        model = apply_change(&model, ch, "utf-16");
        let v = i as i64 + 2;
        let p = c.change_and_wait(&uri, v, json!([ch])).await;
        assert_eq!(p["version"], v);
        assert_eq!(c.text(&uri).await, (v, model.clone()));
    }
    assert_eq!(model, "D\r\n\r\nhéllo C🚀B\r\nendA");
    // hover far outside the text answers without error
    let h = c
        .request_raw(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 400, "character": 400}}),
        )
        .await;
    assert!(h.get("error").is_none());
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_documents_get_empty_answers() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("never-opened.md");
    let td = json!({"uri": uri});
    let pos = json!({"line": 0, "character": 0});
    let r0 = json!({"start": pos, "end": pos});
    assert_eq!(
        c.request(
            "textDocument/hover",
            json!({"textDocument": td, "position": pos})
        )
        .await,
        Value::Null
    );
    let comp = c
        .request(
            "textDocument/completion",
            json!({"textDocument": td, "position": pos}),
        )
        .await;
    assert_eq!(comp["items"], json!([]));
    assert_eq!(
        c.request("textDocument/documentSymbol", json!({"textDocument": td}))
            .await,
        json!([])
    );
    assert_eq!(
        c.request("textDocument/codeLens", json!({"textDocument": td}))
            .await,
        json!([])
    );
    assert_eq!(
        c.request(
            "textDocument/inlayHint",
            json!({"textDocument": td, "range": r0})
        )
        .await,
        json!([])
    );
    assert_eq!(
        c.request(
            "textDocument/codeAction",
            json!({"textDocument": td, "range": r0, "context": {"diagnostics": []}})
        )
        .await,
        json!([])
    );
    let d = c
        .request("textDocument/diagnostic", json!({"textDocument": td}))
        .await;
    assert_eq!(
        (d["kind"].clone(), d["items"].clone()),
        (json!("full"), json!([]))
    );
    assert_eq!(
        c.request("mlsd/documentText", json!({"textDocument": td}))
            .await,
        Value::Null
    );
    // a change or close for it is ignored
    c.change(&uri, 2, json!([{"text": "x"}])).await;
    c.notify("textDocument/didClose", json!({"textDocument": td}))
        .await;
    // an unknown method is an error, an unknown $/ notification is ignored
    let r = c.request_raw("mlsd/doesNotExist", json!({})).await;
    assert_eq!(r["error"]["code"], -32601);
    c.notify("$/mlsdUnknown", json!({})).await;
    // the server still works
    let p = c.open(&c.uri("after.md"), WEAK, 1).await;
    assert!(!codes(&p).is_empty());
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Code actions

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_quick_fix_applies_and_the_relint_addresses_its_finding() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("fixes.md");
    let p = c.open(&uri, WEAK, 1).await;
    let mut version = 1;
    let mut tried = 0;
    for d in p["diagnostics"].as_array().expect("list").clone() {
        let Some(fixes) = d["data"]["fixes"].as_array() else {
            continue;
        };
        let code = d["code"].as_str().unwrap_or("").to_string();
        // back to the weak draft, with the same diagnostics
        version += 1;
        c.change_and_wait(&uri, version, json!([{"text": WEAK}]))
            .await;
        let actions = code_actions(&c, &uri, vec![with_version(&d, version)], None).await;
        for fx in fixes {
            let action = titled(&actions, fx["title"].as_str().unwrap_or("?"));
            assert_eq!(action["kind"], "quickfix");
            version += 1;
            let (new, q) = apply_action(&c, &uri, WEAK, action, version).await;
            tried += 1;
            assert_eq!(q["version"], version, "relinted");
            if fx["safe"] == true {
                // A safe fix silences its finding (the pack's convergence rule).
                let before = codes(&p).iter().filter(|x| **x == code).count();
                let after = codes(&q).iter().filter(|x| **x == code).count();
                assert!(
                    after < before,
                    "{code}: “{}” left it in place:\n{new}",
                    fx["title"]
                );
            } else {
                // A placeholder fix leaves words for the writer: they are in the text.
                let inserted = fx["edits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .all(|e| new.contains(e["newText"].as_str().unwrap_or("").trim()));
                assert!(inserted, "{code}: “{}” not applied:\n{new}", fx["title"]);
            }
            version += 1;
            c.change_and_wait(&uri, version, json!([{"text": WEAK}]))
                .await;
        }
    }
    assert!(tried >= 3, "only {tried} fixes found");
    assert_eq!(c.finish().await, 0);
}

/// A diagnostic whose data names another lint version (the text is the same).
fn with_version(d: &Value, version: i64) -> Value {
    let mut d = d.clone();
    if d.get("data").is_some() {
        d["data"]["version"] = json!(version);
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fixes_are_versioned_and_never_land_in_front_matter() {
    let c = Client::start(Opts {
        document_changes: true,
        ..Opts::default()
    })
    .await;
    let uri = c.uri("fm.md");
    let text = "---\nlevel: L5\ntype: ranking\n---\n# Design a feed ranker\n\n## Model\n\nA ranker with trees.\n";
    let p = c.open(&uri, text, 3).await;
    let missing = missing_stage_rule("data");
    let d = diag(&p, &missing);
    let actions = code_actions(&c, &uri, vec![d.clone()], Some(vec!["quickfix"])).await;
    let fix = titled(&actions, "Data");
    let dc = &fix["edit"]["documentChanges"][0];
    assert_eq!(dc["textDocument"]["version"], 3, "{fix}");
    for e in dc["edits"].as_array().expect("edits") {
        assert!(
            e["range"]["start"]["line"].as_u64().unwrap_or(0) >= 4,
            "edit inside front matter: {e}"
        );
    }
    let (new, q) = apply_action(&c, &uri, text, fix, 4).await;
    assert!(new.starts_with("---\nlevel: L5\ntype: ranking\n---\n"));
    assert!(!has_code(&q, &missing));
    // "disable in this file" goes right after the front matter
    let d = diag(&q, &missing_stage_rule("features"));
    let actions = code_actions(&c, &uri, vec![d.clone()], None).await;
    let disable = titled(&actions, "in this file");
    let (after, q2) = apply_action(&c, &uri, &new, disable, 5).await;
    let code = d["code"].as_str().unwrap_or("");
    assert!(
        after.starts_with(&format!(
            "---\nlevel: L5\ntype: ranking\n---\n<!-- mlsd-disable-file {code} -->\n"
        )),
        "{after}"
    );
    assert!(!has_code(&q2, code));
    assert_eq!(c.finish().await, 0);
}

/// Issue 23, item 8: the editor's "Add a fallback line" put the line at the end of the
/// draft (under the last section); it belongs in the serving section.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_line_lands_in_the_stage_it_belongs_to() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("fallback.md");
    let text = "---\nlevel: L5\ntype: classification\n---\n# Design a fraud detector\n\n## Model\n\nGradient-boosted trees score each payment.\n\n## Serving and deployment\n\nPayments are scored online.\n\n## Monitoring\n\nPSI on the inputs, daily.\n";
    let p = c.open(&uri, text, 1).await;
    let d = diag(&p, "missing-fallback");
    let actions = code_actions(&c, &uri, vec![d], Some(vec!["quickfix"])).await;
    let fix = titled(&actions, "fallback");
    let (new, _) = apply_action(&c, &uri, text, fix, 2).await;
    let fallback = new.find("Fallback:").expect("the fallback line");
    let serving = new.find("## Serving and deployment").unwrap();
    let monitoring = new.find("## Monitoring").unwrap();
    assert!(serving < fallback && fallback < monitoring, "{new}");
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_drops_data_still_gets_quick_fixes() {
    let c = Client::start(Opts {
        data_support: false,
        ..Opts::default()
    })
    .await;
    let uri = c.uri("nodata.md");
    let p = c.open(&uri, WEAK, 1).await;
    let mut d = diag(&p, &missing_stage_rule("data"));
    d.as_object_mut().map(|o| o.remove("data"));
    let actions = code_actions(&c, &uri, vec![d], Some(vec!["quickfix"])).await;
    let (_, q) = apply_action(&c, &uri, WEAK, titled(&actions, "Data"), 2).await;
    assert!(!has_code(&q, &missing_stage_rule("data")));
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_rule_on_a_line_or_in_the_file_silences_it() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("disable.md");
    let vague = vague_rule();
    let p = c.open(&uri, WEAK, 1).await;
    let d = p["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == vague.as_str())
        .cloned()
        .expect("a vague term");
    let actions = code_actions(&c, &uri, vec![d.clone()], None).await;
    let (new, q) = apply_action(&c, &uri, WEAK, titled(&actions, "on this line"), 2).await;
    assert!(
        new.contains(&format!(
            "fast and scalable. <!-- mlsd-disable-line {vague} -->\n"
        )),
        "{new}"
    );
    assert_eq!(on_line(&q, &new, "The system needs", &vague, &c.enc), 0);
    assert!(has_code(&q, &vague), "other lines keep theirs");
    let actions = code_actions(&c, &uri, vec![diag(&q, &vague)], None).await;
    let (_, q) = apply_action(&c, &uri, &new, titled(&actions, "in this file"), 3).await;
    assert!(!has_code(&q, &vague));
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowing_a_phrase_edits_or_creates_the_workspace_config() {
    let vague = vague_rule();
    // 1. No config yet, the client can create files: CreateFile + edit.
    let ws = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(ws.path().join(".git")).expect("git dir");
    let c = Client::start(Opts {
        root: Some(ws.path().to_path_buf()),
        document_changes: true,
        create_files: true,
        ..Opts::default()
    })
    .await;
    let uri = c.uri("draft.md");
    let p = c.open(&uri, WEAK, 1).await;
    let d = diag(&p, &vague);
    let phrase = range_text(WEAK, &d["range"], &c.enc);
    let actions = code_actions(&c, &uri, vec![d.clone()], None).await;
    let allow = titled(&actions, "in this workspace");
    let ops = allow["edit"]["documentChanges"]
        .as_array()
        .expect("operations");
    assert_eq!(ops[0]["kind"], "create");
    let cfg_uri = ops[0]["uri"].as_str().expect("uri").to_string();
    assert!(cfg_uri.ends_with("/.mlsd.toml"));
    let content = apply_edits("", &edits_for(&allow["edit"], &cfg_uri), &c.enc);
    let cfg = ws.path().join(".mlsd.toml");
    std::fs::write(&cfg, &content).expect("write config");
    let m = c.mark();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": cfg_uri, "type": 1}]}),
    )
    .await;
    let q = c.wait_publish(m, &uri, Some(1)).await;
    let left: Vec<String> = q["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["code"] == vague.as_str())
        .map(|x| range_text(WEAK, &x["range"], &c.enc))
        .collect();
    assert!(
        !left.contains(&phrase),
        "“{phrase}” still flagged: {left:?}"
    );
    assert!(!left.is_empty(), "other phrases stay flagged");
    // not offered for findings of other kinds
    let other = diag(&q, &missing_stage_rule("data"));
    let actions = code_actions(&c, &uri, vec![other], None).await;
    assert!(actions.iter().all(|a| !a["title"]
        .as_str()
        .unwrap_or("")
        .contains("in this workspace")));

    // 2. The config exists: the edit extends its list.
    let d = q["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|x| x["code"] == vague.as_str())
        .cloned()
        .expect("another vague term");
    let phrase2 = range_text(WEAK, &d["range"], &c.enc);
    let actions = code_actions(&c, &uri, vec![d], None).await;
    let allow = titled(&actions, "in this workspace");
    let cfg_uri2 = url(&cfg.canonicalize().expect("canonical"));
    let edits = edits_for(&allow["edit"], &cfg_uri2);
    assert!(!edits.is_empty(), "{allow}");
    let updated = apply_edits(&content, &edits, &c.enc);
    let table: toml::Table = toml::from_str(&updated).expect("still TOML");
    let list = table["allow"].as_array().expect("allow list");
    assert!(list.iter().any(|v| v.as_str() == Some(phrase.as_str())));
    assert!(list.iter().any(|v| v.as_str() == Some(phrase2.as_str())));
    assert_eq!(c.finish().await, 0);

    // 3. A client that cannot create files gets a command; the server writes the file.
    let ws = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(ws.path().join(".git")).expect("git dir");
    let c = Client::start(Opts {
        root: Some(ws.path().to_path_buf()),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("draft.md");
    let p = c.open(&uri, WEAK, 1).await;
    let d = diag(&p, &vague);
    let actions = code_actions(&c, &uri, vec![d.clone()], None).await;
    let allow = titled(&actions, "in this workspace");
    assert_eq!(allow["command"]["command"], "mlsd.allowPhrase");
    let m = c.mark();
    c.request(
        "workspace/executeCommand",
        json!({"command": "mlsd.allowPhrase", "arguments": allow["command"]["arguments"]}),
    )
    .await;
    let written = std::fs::read_to_string(ws.path().join(".mlsd.toml")).expect("config written");
    assert!(written.contains(&format!("\"{phrase}\"")), "{written}");
    let q = c.wait_publish(m, &uri, Some(1)).await;
    assert!(q["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|x| x["code"] != vague.as_str() || range_text(WEAK, &x["range"], &c.enc) != phrase));
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_is_the_engines_safe_set_as_minimal_edits() {
    for resolve in [false, true] {
        let c = Client::start(Opts {
            resolve,
            ..Opts::default()
        })
        .await;
        let uri = c.uri("all.md");
        c.open(&uri, WEAK, 1).await;
        let actions = code_actions(&c, &uri, vec![], Some(vec!["source.fixAll"])).await;
        assert!(actions.iter().all(|a| a["kind"]
            .as_str()
            .is_some_and(|k| k.starts_with("source.fixAll"))));
        let mut action = titled(&actions, "Fix all").clone();
        assert_eq!(action["kind"], "source.fixAll.mlsd");
        if resolve {
            assert!(action.get("edit").is_none(), "computed lazily");
            action = c.request("codeAction/resolve", action).await;
        }
        let edits = edits_for(&action["edit"], &uri);
        let expected = fix_all(WEAK, &pack(), &Settings::default(), false).0;
        assert_eq!(apply_edits(WEAK, &edits, &c.enc), expected);
        // Each edit touches its own few lines, never the whole document.
        let lines = WEAK.lines().count() as u64;
        for e in &edits {
            let span = e["range"]["end"]["line"].as_u64().unwrap_or(u64::MAX)
                - e["range"]["start"]["line"].as_u64().unwrap_or(0);
            assert!(span < lines / 2, "not a minimal edit: {e}");
        }
        let (_, q) = apply_action(&c, &uri, WEAK, &action, 2).await;
        assert!(code_set(&q).iter().all(|c| !is_missing_stage_rule(c)));
        assert_eq!(c.finish().await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_all_missing_sections_and_the_skeleton_are_source_actions() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("sections.md");
    let p = c.open(&uri, WEAK, 1).await;
    assert!(code_set(&p).iter().any(|c| is_missing_stage_rule(c)));
    let actions = code_actions(&c, &uri, vec![], Some(vec!["source"])).await;
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap_or("").contains("skeleton")),
        "not offered for a written draft"
    );
    let (new, q) = apply_action(
        &c,
        &uri,
        WEAK,
        titled(&actions, "Add all missing sections"),
        2,
    )
    .await;
    assert!(
        code_set(&q).iter().all(|c| !is_missing_stage_rule(c)),
        "{:?}",
        codes(&q)
    );
    // stages in interview order
    let p = pack();
    let positions: Vec<usize> = p
        .stages
        .iter()
        .filter_map(|s| new.find(&format!("## {}", s.heading)))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]) || positions.len() < 2);

    // an empty draft gets the skeleton
    let empty = c.uri("empty.md");
    c.open(&empty, "", 1).await;
    let actions = code_actions(&c, &empty, vec![], None).await;
    let (new, _) = apply_action(
        &c,
        &empty,
        "",
        titled(&actions, "Insert interview skeleton"),
        2,
    )
    .await;
    let opts = SkeletonOptions {
        problem_type: Some("other"),
        level: Some(Level::DEFAULT),
        minutes: Some(60),
        ..SkeletonOptions::default()
    };
    assert_eq!(new, skeleton::render(&pack(), &opts, "\n"));
    // a nearly empty one keeps its front matter and title
    let near = c.uri("near.md");
    let text = "---\nlevel: L5\n---\n# Design a fraud detector\n\nFor card payments.\n";
    c.open(&near, text, 1).await;
    let actions = code_actions(&c, &near, vec![], None).await;
    let (new, _) = apply_action(&c, &near, text, titled(&actions, "skeleton"), 2).await;
    assert!(
        new.starts_with(
            "---\nlevel: L5\n---\n# Design a fraud detector\n\nFor card payments.\n\n## "
        ),
        "{new}"
    );
    for s in &pack().stages {
        assert!(new.contains(&format!("## {}", s.heading)), "{new}");
    }
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_apply_edits_and_show_rules() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("cmd.md");
    c.open(&uri, WEAK, 1).await;
    let answer = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.fixAll", "arguments": [uri]}),
        )
        .await;
    assert_eq!(answer, json!({"edit": true}));
    let req = c.wait_server_request("workspace/applyEdit", 0).await;
    let new = apply_edits(WEAK, &edits_for(&req["edit"], &uri), &c.enc);
    assert_eq!(new, fix_all(WEAK, &pack(), &Settings::default(), false).0);
    // nothing to fix: the answer says so and no edit is sent
    let done = c.uri("done.md");
    c.open(&done, &new, 1).await;
    let answer = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.fixAll", "arguments": [done]}),
        )
        .await;
    assert_eq!(answer, json!({"edit": false}));
    assert_eq!(c.server_requests("workspace/applyEdit").len(), 1);

    let empty = c.uri("empty.md");
    c.open(&empty, "", 1).await;
    c.request(
        "workspace/executeCommand",
        json!({"command": "mlsd.insertSkeleton", "arguments": [empty]}),
    )
    .await;
    let req = c.wait_server_request("workspace/applyEdit", 1).await;
    let new = apply_edits("", &edits_for(&req["edit"], &empty), &c.enc);
    assert!(new.starts_with("---\n") && new.contains("\n## "), "{new}");
    // a written draft gets no second skeleton
    let answer = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.insertSkeleton", "arguments": [uri]}),
        )
        .await;
    assert_eq!(answer, json!({"edit": false}));
    assert_eq!(c.server_requests("workspace/applyEdit").len(), 2);

    let id = vague_rule();
    let shown = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.showRule", "arguments": [id]}),
        )
        .await;
    let rule_explained = explain(pack().rule(&id).expect("rule"));
    assert_eq!(shown, Value::String(rule_explained));
    let bad = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "mlsd.showRule", "arguments": ["no-such-rule"]}),
        )
        .await;
    assert!(bad.get("error").is_some());
    let bad = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "mlsd.nope", "arguments": []}),
        )
        .await;
    assert!(bad.get("error").is_some());
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Completion

async fn complete(c: &Client, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .await;
    r["items"].as_array().cloned().unwrap_or_default()
}

async fn complete_triggered(
    c: &Client,
    uri: &str,
    line: u32,
    character: u32,
    ch: &str,
) -> Vec<Value> {
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character},
                   "context": {"triggerKind": 2, "triggerCharacter": ch}}),
        )
        .await;
    r["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

fn new_text(item: &Value) -> String {
    item["textEdit"]["newText"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skeleton_completes_an_empty_draft_as_snippet_or_plain_text() {
    for snippets in [true, false] {
        let c = Client::start(Opts {
            snippets,
            ..Opts::default()
        })
        .await;
        let uri = c.uri("empty.md");
        c.open(&uri, "", 1).await;
        let items = complete(&c, &uri, 0, 0).await;
        for t in PROBLEM_TYPES {
            let item = items
                .iter()
                .find(|i| {
                    i["label"]
                        .as_str()
                        .is_some_and(|l| l.contains("skeleton") && l.contains(t))
                })
                .unwrap_or_else(|| panic!("no skeleton for {t}: {:?}", labels(&items)));
            let body = new_text(item);
            let rendered = skeleton::render(
                &pack(),
                &SkeletonOptions {
                    problem_type: Some(t),
                    level: Some(Level::DEFAULT),
                    minutes: Some(60),
                    ..SkeletonOptions::default()
                },
                "\n",
            );
            if snippets {
                assert_eq!(item["insertTextFormat"], 2);
                assert!(
                    body.contains("${1:") && body.contains("${2:") && body.contains("${3:"),
                    "{body}"
                );
                assert!(body.matches("\n## ").count() >= 3);
            } else {
                assert_eq!(item["insertTextFormat"], 1);
                assert_eq!(body, rendered, "plain text is the skeleton itself");
            }
        }
        // a draft with front matter and a title gets only the stages
        let near = c.uri("near.md");
        c.open(
            &near,
            "---\nlevel: L5\n---\n# Design a fraud detector\n\n",
            1,
        )
        .await;
        let items = complete(&c, &near, 5, 0).await;
        let body = new_text(items.first().expect("skeleton items"));
        assert!(body.starts_with("## "), "{body}");
        assert!(!body.contains("---") && !body.contains("\n# "), "{body}");
        assert_eq!(c.finish().await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headings_front_matter_questions_and_metrics_complete() {
    let mut custom = (*pack()).clone();
    custom.questions.push(Question {
        company: "Acme".into(),
        title: "Design a widget recommender".into(),
        problem_type: Some("recommendation".into()),
        type_reason: None,
    });
    let c = Client::start(Opts {
        pack: Some(Arc::new(custom.clone())),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("complete.md");
    let text = "---\nlevel: \ntype: \n\n---\n# Design a feed ranker\n\n## Model\n\nWe track nd\n\n#\n\nIn C#\n";
    c.open(&uri, text, 1).await;
    // stage headings after `#` at a line start, missing stages first
    let items = complete(&c, &uri, 11, 1).await;
    for s in &custom.stages {
        assert!(labels(&items).contains(&s.heading), "{} missing", s.heading);
    }
    let data = items
        .iter()
        .find(|i| {
            i["label"]
                == custom.stages[custom.stage_id("data").expect("data") as usize]
                    .heading
                    .as_str()
        })
        .expect("data item");
    assert!(new_text(data).starts_with("## "), "{data}");
    let model = items
        .iter()
        .find(|i| {
            i["label"]
                == custom.stages[custom.stage_id("model").expect("model") as usize]
                    .heading
                    .as_str()
        })
        .expect("model item");
    assert!(
        data["sortText"].as_str() < model["sortText"].as_str(),
        "missing stages sort first"
    );
    // typed as a trigger character: the same; in the middle of a line: nothing
    assert_eq!(
        labels(&complete_triggered(&c, &uri, 11, 1, "#").await),
        labels(&items)
    );
    assert!(complete_triggered(&c, &uri, 13, 5, "#").await.is_empty());
    // questions from the bank as titles after a single `#`
    assert!(labels(&items).contains(&"Design a widget recommender".to_string()));
    // front matter values and keys
    let lv = complete(&c, &uri, 1, 7).await;
    assert_eq!(labels(&lv), vec!["L3", "L4", "L5", "L6"]);
    let ty = complete(&c, &uri, 2, 6).await;
    assert_eq!(
        labels(&ty),
        PROBLEM_TYPES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let keys = complete(&c, &uri, 3, 0).await;
    for k in ["company", "minutes", "question"] {
        assert!(
            labels(&keys).contains(&k.to_string()),
            "{k}: {:?}",
            labels(&keys)
        );
    }
    assert!(
        !labels(&keys).contains(&"level".to_string()),
        "keys already present are not offered"
    );
    // metric names in prose
    let metrics = complete(&c, &uri, 9, 11).await;
    let ml = custom.vocab_id("ml-metric").expect("ml-metric vocab");
    let expected: Vec<&String> = custom.vocabs[ml as usize]
        .terms
        .iter()
        .filter(|t| t.starts_with("nd"))
        .collect();
    assert!(!expected.is_empty());
    for t in expected {
        assert!(
            labels(&metrics).contains(t),
            "{t} missing: {:?}",
            labels(&metrics)
        );
    }
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Hover, outline, lens

fn hover_text(h: &Value) -> String {
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

async fn hover(c: &Client, uri: &str, line: u32, character: u32) -> Value {
    c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_explains_stages_findings_and_glossary_terms() {
    let mut custom = (*pack()).clone();
    custom.glossary.push(GlossaryEntry {
        terms: vec!["widget score".into()],
        definition: "How much a widget pleases (test entry).".into(),
    });
    let c = Client::start(Opts {
        pack: Some(Arc::new(custom.clone())),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("hover.md");
    let text = "---\nlevel: L5\n---\n# Design a feed ranker\n\n## Data\n\nWe log impressions and clicks and the widget score. It must be fast.\n";
    c.open(&uri, text, 1).await;
    let h = hover(&c, &uri, 5, 4).await;
    let t = hover_text(&h);
    let data = custom.stage(custom.stage_id("data").expect("data"));
    assert!(
        t.contains(&data.guidance) && t.contains(&data.prompt),
        "{t}"
    );
    assert!(t.contains("budget") && t.contains("this draft"), "{t}");
    assert!(t.contains("At L5"), "{t}");
    // the rules that start or rise at L5 are listed
    for r in &custom.rules {
        let adds =
            r.min_level == Some(Level::L5) || r.severity_from.iter().any(|(l, _)| *l == Level::L5);
        let applies = r.problem_types.is_empty();
        if adds && applies {
            assert!(
                t.contains(&format!("`{}`", r.id)),
                "{} missing from {t}",
                r.id
            );
        }
    }
    assert_eq!(h["range"]["start"]["line"], 5);
    // a finding: the rule's explanation, the same text `mlsd rule` prints
    let r = find_range(text, "fast", 0, &c.enc);
    let h = hover(
        &c,
        &uri,
        r["start"]["line"].as_u64().unwrap_or(0) as u32,
        r["start"]["character"].as_u64().unwrap_or(0) as u32 + 1,
    )
    .await;
    let rule = custom.rule(&vague_rule()).expect("rule");
    assert!(
        hover_text(&h).contains(&explain(rule)),
        "{}",
        hover_text(&h)
    );
    // a glossary term
    let r = find_range(text, "widget score", 0, &c.enc);
    let h = hover(
        &c,
        &uri,
        r["start"]["line"].as_u64().unwrap_or(0) as u32,
        r["start"]["character"].as_u64().unwrap_or(0) as u32 + 2,
    )
    .await;
    assert!(hover_text(&h).contains("How much a widget pleases"), "{h}");
    // the built-in glossary, whatever its wording
    if let Some(g) = pack().glossary.first() {
        let term = &g.terms[0];
        let doc = format!("# Design a feed ranker\n\n## Data\n\nWe use {term} here.\n");
        let u2 = c.uri("gloss.md");
        c.open(&u2, &doc, 1).await;
        let r = find_range(&doc, term, 0, &c.enc);
        let h = hover(
            &c,
            &u2,
            r["start"]["line"].as_u64().unwrap_or(0) as u32,
            r["start"]["character"].as_u64().unwrap_or(0) as u32,
        )
        .await;
        assert!(hover_text(&h).contains(&g.definition), "{h}");
    }
    // nothing to say on plain prose
    let h = hover(&c, &uri, 7, 1).await;
    assert!(h.is_null() || !hover_text(&h).is_empty());
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outline_is_the_heading_tree_with_stage_coverage() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("symbols.md");
    c.open(&uri, SYMBOLS, 1).await;
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let tree = |s: &Value| -> Vec<(String, Vec<String>)> {
        s.as_array()
            .into_iter()
            .flatten()
            .map(|x| {
                (
                    x["name"].as_str().unwrap_or("").to_string(),
                    x["children"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|y| y["name"].as_str().unwrap_or("").to_string())
                        .collect(),
                )
            })
            .collect()
    };
    assert_eq!(
        tree(&syms),
        vec![(
            "Design a feed ranker".to_string(),
            vec![
                "Clarify".to_string(),
                "Data".to_string(),
                "Model".to_string()
            ]
        )]
    );
    let title = &syms[0];
    let data = &title["children"][1];
    assert_eq!(
        tree(&data["children"]),
        vec![("Labels".to_string(), vec![])]
    );
    let report = lint(SYMBOLS, &pack(), &Settings::default());
    let detail = title["detail"].as_str().unwrap_or("");
    for m in &report.profile.missing_stages {
        assert!(
            detail.contains(m.as_str()),
            "title detail {detail:?} lacks {m}"
        );
    }
    let d = data["detail"].as_str().unwrap_or("");
    assert!(
        d.starts_with("data · ")
            && d.contains(" words · ")
            && d.contains(" numbers · ≈ ")
            && d.ends_with(" min"),
        "{d}"
    );
    // selection ranges sit on the heading lines
    assert_eq!(data["selectionRange"]["start"]["line"], 6);
    assert_eq!(data["range"]["start"]["line"], 6);
    assert!(data["range"]["end"]["line"].as_u64() >= Some(12));
    assert_eq!(c.finish().await, 0);

    // a client without hierarchical support gets a flat list
    let c = Client::start(Opts {
        hierarchical: false,
        ..Opts::default()
    })
    .await;
    let uri = c.uri("symbols.md");
    c.open(&uri, SYMBOLS, 1).await;
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let flat: Vec<(String, String)> = syms
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["name"].as_str().unwrap_or("").into(),
                s["containerName"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(flat.len(), 5);
    assert!(flat.contains(&("Labels".into(), "Data".into())));
    assert_eq!(c.finish().await, 0);
}

/// Issue 23, item 2: the code lens and inlay hint budgets scale with the draft's `minutes`
/// (the Model budget is 8 of 60 minutes, so 6 of 45).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lens_and_hint_budgets_follow_the_interview_length() {
    let c = Client::start(Opts::default()).await;
    let text = format!("---\nminutes: 45\n---\n{SYMBOLS}");
    let model_line = text.lines().position(|l| l == "## Model").unwrap() as u64;
    for (name, minutes) in [("l45.md", 45), ("l60.md", 60)] {
        let uri = c.uri(name);
        c.open(
            &uri,
            &text.replace("minutes: 45", &format!("minutes: {minutes}")),
            1,
        )
        .await;
        let lenses = c
            .request(
                "textDocument/codeLens",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        let model = lenses
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l["range"]["start"]["line"] == model_line)
            .map(|l| l["command"]["title"].as_str().unwrap_or("").to_string())
            .unwrap_or_default();
        let want = if minutes == 45 {
            " of 6 min"
        } else {
            " of 8 min"
        };
        assert!(model.ends_with(want), "{minutes}: {model:?}");
        let end = to_pos(&text, text.chars().count(), &c.enc);
        let hints = c
            .request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}))
            .await;
        assert!(
            hints
                .as_array()
                .into_iter()
                .flatten()
                .any(|h| h["label"].as_str().unwrap_or("").ends_with(want)),
            "{minutes}: {hints}"
        );
    }
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_lenses_and_inlay_hints_show_the_time_per_stage() {
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("lens.md");
    c.open(&uri, SYMBOLS, 1).await;
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let lenses = lenses.as_array().cloned().unwrap_or_default();
    let report = lint(SYMBOLS, &pack(), &Settings::default());
    // Two lenses on the title: the score (its own test below) and the summary.
    let title = lenses
        .iter()
        .filter(|l| l["range"]["start"]["line"] == 0)
        .find(|l| l["command"]["command"] != "mlsd.showScorecard")
        .expect("title lens");
    let t = title["command"]["title"].as_str().unwrap_or("");
    let p = &report.profile;
    assert!(
        t.starts_with(&format!(
            "{}/{} stages · missing: ",
            p.stages_covered, p.stages_total
        )),
        "{t}"
    );
    assert!(t.contains(&format!(" · {} · ≈ ", p.level)), "{t}");
    let stage_lines: Vec<u64> = lenses
        .iter()
        .filter(|l| l["range"]["start"]["line"] != 0)
        .map(|l| {
            let t = l["command"]["title"].as_str().unwrap_or("");
            assert!(
                t.starts_with("≈ ") && t.ends_with(" min") && t.contains(" of "),
                "{t}"
            );
            l["range"]["start"]["line"].as_u64().unwrap_or(0)
        })
        .collect();
    assert_eq!(
        stage_lines,
        vec![2, 6, 10, 14],
        "Clarify, Data, Labels (a data alias), Model"
    );
    let end = to_pos(SYMBOLS, SYMBOLS.chars().count(), &c.enc);
    let hints = c
        .request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}))
        .await;
    let hint_labels: Vec<String> = hints
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| h["label"].as_str().unwrap_or("").to_string())
        .collect();
    let lens_labels: Vec<String> = lenses
        .iter()
        .filter(|l| l["range"]["start"]["line"] != 0)
        .map(|l| l["command"]["title"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(hint_labels, lens_labels);
    assert_eq!(c.finish().await, 0);
}

/// Issue 24: on a vague claim of a known kind the hover adds typical published figures of
/// that kind for the draft's problem type, with their sources and the line saying they are
/// not requirements; figures the draft's own figures imply are inlay hints after the last
/// input, the same ones the engine derives, and nowhere else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vague_claims_hover_with_typical_figures_and_derived_figures_are_hints() {
    use mlsd::engine::{draft::Draft, figures};
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("numbers.md");
    let text = "---\nlevel: L5\ntype: ranking\n---\n# Design a feed ranker\n\n## Requirements\n\nWe expect 100M DAU, and each user opens the feed about 20 times a day.\n\n## Serving\n\nRanking must be fast.\n";
    c.open(&uri, text, 1).await;
    let p = pack();
    let r = find_range(text, "fast", 0, &c.enc);
    let h = hover(
        &c,
        &uri,
        r["start"]["line"].as_u64().unwrap_or(0) as u32,
        r["start"]["character"].as_u64().unwrap_or(0) as u32 + 1,
    )
    .await;
    let t = hover_text(&h);
    let latency: Vec<_> = p.numbers.figures_for("ranking", Some("latency")).collect();
    assert!(!latency.is_empty(), "the table has ranking latency figures");
    assert!(t.contains(&p.numbers.figures_intro), "{t}");
    for f in latency.iter().take(4) {
        assert!(
            t.contains(&f.source.title) && t.contains(&f.amount()),
            "{t}"
        );
    }
    // only the claim's own kind
    for f in p.numbers.figures_for("ranking", Some("scale")) {
        assert!(!t.contains(&f.quantity), "{t}");
    }
    // a finding of another rule explains itself without figures
    let h = hover(&c, &uri, 4, 3).await;
    assert!(!hover_text(&h).contains(&p.numbers.figures_intro));

    let end = to_pos(text, text.chars().count(), &c.enc);
    let hints = c
        .request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": end}}))
        .await;
    let draft = Draft::parse(text, &p);
    let want: Vec<String> = figures::derived(&draft, &p.numbers)
        .into_iter()
        .map(|d| d.label)
        .collect();
    assert!(want.iter().any(|l| l.contains("QPS")), "{want:?}");
    let got: Vec<(u64, String)> = hints
        .as_array()
        .into_iter()
        .flatten()
        .filter(|h| !h["label"].as_str().unwrap_or("").ends_with(" min"))
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap_or(0),
                h["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>(),
        want,
        "{hints}"
    );
    assert!(got.iter().all(|(line, _)| *line == 8), "{got:?}");
    // a range that ends before the inputs gets none of them
    let early = c
        .request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}}))
        .await;
    assert!(
        early
            .as_array()
            .into_iter()
            .flatten()
            .all(|h| h["label"].as_str().unwrap_or("").ends_with(" min")),
        "{early}"
    );
    assert_eq!(c.finish().await, 0);
}

/// The score lens sits on the title line with the same figures as the engine's
/// scorecard of that text; clicking it runs `mlsd.showScorecard`, whose Markdown is the
/// CLI's renderer's; an unknown document, a stale version or a document that is not a
/// draft is a clear error, and the session goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_score_lens_and_the_scorecard_command() {
    use mlsd::coach::{self, render};
    let c = Client::start(Opts::default()).await;
    let uri = c.uri("score.md");
    c.open(&uri, WEAK, 1).await;
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let lenses = lenses.as_array().cloned().unwrap_or_default();
    let score = lenses
        .iter()
        .find(|l| l["command"]["command"] == "mlsd.showScorecard")
        .expect("score lens");
    assert_eq!(score["range"]["start"]["line"], 0, "on the title line");
    let card = coach::assess(WEAK, &pack(), &Settings::default()).scorecard;
    let title = score["command"]["title"].as_str().unwrap_or("");
    assert_eq!(title, render::lens_title(&card));
    assert!(
        title.starts_with(&format!("Score {} · framing ", card.overall)),
        "{title}"
    );
    assert_eq!(title.matches(" · ").count(), 6, "six dimensions: {title}");
    assert_eq!(score["command"]["arguments"], json!([uri, 1]));

    // Clicking it: the Markdown of the one renderer.
    let args = score["command"]["arguments"].clone();
    let md = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.showScorecard", "arguments": args}),
        )
        .await;
    assert_eq!(md, Value::String(render::card_markdown(&card)));
    let md = md.as_str().unwrap_or("");
    assert!(md.starts_with("### Scorecard"), "{md}");
    for d in &card.dimensions {
        assert!(md.contains(&format!("  {} ", d.id)), "{md}");
    }

    // After an edit the lens follows, and the old version is stale.
    let p = c.change_and_wait(&uri, 2, json!([{"text": SYMBOLS}])).await;
    assert_eq!(p["version"], 2);
    let stale = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "mlsd.showScorecard", "arguments": [uri, 1]}),
        )
        .await;
    let msg = stale["error"]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("version 1") && msg.contains("version 2"),
        "{stale}"
    );
    let fresh = c
        .request(
            "workspace/executeCommand",
            json!({"command": "mlsd.showScorecard", "arguments": [{"uri": uri}]}),
        )
        .await;
    let card2 = coach::assess(SYMBOLS, &pack(), &Settings::default()).scorecard;
    assert_eq!(fresh, Value::String(render::card_markdown(&card2)));

    // Unknown document, no URI, a URI that is not one: errors, never a panic.
    let never = c.uri("never-opened.md");
    for args in [json!([never]), json!([]), json!([42]), json!(["not a uri"])] {
        let r = c
            .request_raw(
                "workspace/executeCommand",
                json!({"command": "mlsd.showScorecard", "arguments": args}),
            )
            .await;
        assert_eq!(r["error"]["code"], -32602, "{args}: {r}");
        assert!(
            !r["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("panic"),
            "{r}"
        );
    }
    let r = c
        .request_raw(
            "workspace/executeCommand",
            json!({"command": "mlsd.showScorecard", "arguments": [never]}),
        )
        .await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not open"),
        "{r}"
    );

    // The session goes on.
    let p = c.open(&c.uri("after.md"), WEAK, 1).await;
    assert!(!codes(&p).is_empty());
    assert_eq!(c.finish().await, 0);
}

// ---------------------------------------------------------------------------------------
// Configuration

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_level_setting_changes_findings_from_every_source() {
    // The weak example (without its front matter, which would override the editor's
    // level) and the weak examples of every level-gated rule. Severities and messages
    // (which may name the level) are compared, not just rule ids.
    let weak = include_str!("../examples/weak.md");
    let mut body = weak.splitn(3, "---\n").nth(2).unwrap_or(weak).to_string();
    for r in &pack().rules {
        if r.min_level.is_some() || !r.severity_from.is_empty() {
            for w in &r.weak {
                body.push_str("\n\n");
                body.push_str(w.text.trim_start_matches("---"));
            }
        }
    }
    let body = body.as_str();
    let at_l3 = engine_findings(body, &settings_at(Level::L3));
    let at_l6 = engine_findings(body, &settings_at(Level::L6));
    let gated = pack()
        .rules
        .iter()
        .any(|r| r.min_level.is_some() || !r.severity_from.is_empty());
    if gated {
        assert_ne!(at_l3, at_l6, "findings must differ between L3 and L6");
    }

    // initializationOptions, then didChangeConfiguration (nested and bare)
    let c = Client::start(Opts {
        init_options: json!({"enable": "always", "level": "L3"}),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("level.md");
    let p = c.open(&uri, body, 1).await;
    assert_eq!(findings(&p), at_l3);
    let m = c.mark();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mlsd": {"enable": "always", "level": "L6"}}}),
    )
    .await;
    assert_eq!(findings(&c.wait_publish(m, &uri, Some(1)).await), at_l6);
    let m = c.mark();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"enable": "always", "level": "L3", "colour": "blue"}}),
    )
    .await;
    assert_eq!(findings(&c.wait_publish(m, &uri, Some(1)).await), at_l3);
    // another tool's settings change nothing: L3 stays
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"otherTool": {"level": "L6"}}}),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    )
    .await;
    assert_eq!(findings(&c.open(&uri, body, 1).await), at_l3);
    // the unknown key was logged, not fatal
    let log = c
        .wait_notification(0, "window/logMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.contains("colour"))
        })
        .await;
    assert_eq!(log["type"], 2);
    // a rule switched off
    let vague = vague_rule();
    let m = c.mark();
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"mlsd": {"enable": "always", "level": "L3", "rules": {vague.clone(): "off"}}}})).await;
    let q = c.wait_publish(m, &uri, Some(1)).await;
    assert!(!has_code(&q, &vague));
    // never: nothing
    let m = c.mark();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mlsd": {"enable": "never"}}}),
    )
    .await;
    assert_eq!(
        c.wait_publish(m, &uri, Some(1)).await["diagnostics"],
        json!([])
    );
    // {} means defaults: "auto", and this draft has no front matter: not a draft
    let m = c.mark();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mlsd": {}}}),
    )
    .await;
    assert_eq!(
        c.wait_publish(m, &uri, Some(1)).await["diagnostics"],
        json!([])
    );
    assert_eq!(c.finish().await, 0);

    // options wrapped as {"mlsd": ...} count too; a client without an `mlsd` section
    // answers the configuration pull with null, which keeps the options in force
    let c = Client::start(Opts {
        init_options: json!({"mlsd": {"enable": "always", "level": "L6"}}),
        config: Some(Value::Null),
        ..Opts::default()
    })
    .await;
    c.wait_server_request("workspace/configuration", 0).await;
    // one round trip, so the answer to the pull has been handled
    c.request_raw("mlsd/unknownProbe", json!({})).await;
    let uri = c.uri("level.md");
    let p = c.open(&uri, body, 1).await;
    assert_eq!(findings(&p), at_l6);
    assert_eq!(c.finish().await, 0);

    // workspace/configuration, pulled when the client supports it
    let c = Client::start(Opts {
        init_options: json!({"enable": "always", "level": "L3"}),
        config: Some(json!({"enable": "always", "level": "L3"})),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("level.md");
    let p = c.open(&uri, body, 1).await;
    assert_eq!(findings(&p), at_l3);
    *c.config.lock().unwrap() = Some(json!({"enable": "always", "level": "L6"}));
    let m = c.mark();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    )
    .await;
    assert_eq!(findings(&c.wait_publish(m, &uri, Some(1)).await), at_l6);
    assert!(c.server_requests("workspace/configuration").len() >= 2);
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_links_and_severity_overrides_come_from_settings() {
    let vague = vague_rule();
    let c = Client::start(Opts {
        init_options: json!({"enable": "always", "docsBaseUrl": "https://example.com/rules/{rule}.html",
                             "rules": {vague.clone(): "error"}}),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("docs.md");
    let p = c.open(&uri, WEAK, 1).await;
    let d = diag(&p, &vague);
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["codeDescription"]["href"],
        format!("https://example.com/rules/{vague}.html")
    );
    assert_eq!(c.finish().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_mode_lints_drafts_only_and_follows_the_workspace_config() {
    let ws = tempfile::tempdir().expect("tmp");
    let root = ws.path();
    std::fs::create_dir(root.join(".git")).expect("git");
    std::fs::create_dir_all(root.join("answers")).expect("dir");
    std::fs::create_dir_all(root.join("notes")).expect("dir");
    let c = Client::start(Opts {
        root: Some(root.to_path_buf()),
        init_options: json!({}),
        ..Opts::default()
    })
    .await;
    // a README of an ordinary repository: never flagged
    let readme = c.uri("README.md");
    let p = c
        .open(
            &readme,
            "# My project\n\nIt is fast and scalable. Install it with cargo.\n",
            1,
        )
        .await;
    assert_eq!(p["diagnostics"], json!([]));
    assert_eq!(
        c.request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": readme}})
        )
        .await,
        json!([])
    );
    // front matter with an mlsd key makes a draft
    let draft = c.uri("draft.md");
    let p = c
        .open(&draft, &format!("---\nlevel: L5\n---\n{WEAK}"), 1)
        .await;
    assert!(has_code(&p, &vague_rule()));
    // a config whose globs cover a file makes it a draft
    std::fs::write(
        root.join(".mlsd.toml"),
        "include = [\"answers/**\"]\nlevel = \"L6\"\n",
    )
    .expect("config");
    let m = c.mark();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c.uri(".mlsd.toml"), "type": 1}]}),
    )
    .await;
    let _ = c.wait_publish(m, &draft, Some(1)).await;
    let a = c.uri("answers/a.md");
    let p = c.open(&a, WEAK, 1).await;
    assert_eq!(code_set(&p), engine_codes(WEAK, &settings_at(Level::L6)));
    let n = c.uri("notes/b.md");
    assert_eq!(c.open(&n, WEAK, 1).await["diagnostics"], json!([]));
    // a broken config is shown, and the last good one stays in force
    std::fs::write(
        root.join(".mlsd.toml"),
        "include = [\"answers/**\"\nlevel = \n",
    )
    .expect("config");
    let m = c.mark();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": c.uri(".mlsd.toml"), "type": 2}]}),
    )
    .await;
    let shown = c.wait_notification(m, "window/showMessage", |_| true).await;
    assert_eq!(shown["type"], 1);
    assert!(
        shown["message"]
            .as_str()
            .unwrap_or("")
            .contains(".mlsd.toml"),
        "{shown}"
    );
    let p = c.wait_publish(m, &a, Some(1)).await;
    assert_eq!(code_set(&p), engine_codes(WEAK, &settings_at(Level::L6)));
    assert_eq!(c.finish().await, 0);
}

/// Push or pull, never both: a client that supports pull still gets pushed diagnostics
/// unless its settings ask for pull; then the capability is advertised and nothing is
/// pushed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_are_pushed_or_pulled_never_both() {
    let c = Client::start(Opts {
        pull: true,
        ..Opts::default()
    })
    .await;
    assert!(c.init["capabilities"]["diagnosticProvider"].is_null());
    let uri = c.uri("push.md");
    let p = c.open(&uri, WEAK, 1).await;
    assert!(has_code(&p, "missing-data"));
    assert_eq!(c.finish().await, 0);

    let c = Client::start(Opts {
        pull: true,
        init_options: json!({"enable": "always", "pullDiagnostics": true}),
        ..Opts::default()
    })
    .await;
    let caps = &c.init["capabilities"];
    assert_eq!(caps["diagnosticProvider"]["identifier"], "mlsd");
    let uri = c.uri("pull.md");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": WEAK}}),
    )
    .await;
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(pulled["kind"], "full");
    let codes: Vec<&str> = pulled["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"missing-data"), "{codes:?}");
    // a settings change asks the client to pull again instead of pushing
    let seen = c.server_requests("workspace/diagnostic/refresh").len();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mlsd": {"enable": "always", "level": "L6"}}}),
    )
    .await;
    c.wait_server_request("workspace/diagnostic/refresh", seen)
        .await;
    assert!(
        c.notifications_since(0, "textDocument/publishDiagnostics")
            .iter()
            .all(|n| n["params"]["uri"] != uri.as_str()),
        "pushed although the client pulls"
    );
    assert_eq!(c.finish().await, 0);
}
