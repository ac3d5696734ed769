//! One analysed snapshot per document version: the lint and every request of one version
//! share one parse of the draft; an edit makes exactly one more. Counted by the test-only
//! `mlsd/test/parses` request (in-process server).
#![cfg(feature = "server")]

#[path = "support/lsp_harness.rs"]
mod harness;

use harness::*;
use serde_json::{json, Value};

const DRAFT: &str = "---
level: L5
---
# Design a feed ranker

We will use a transformer model. The system needs to be fast and scalable.

## Model

We train a big transformer on user clicks and deploy it.
";

async fn parses(c: &Client) -> u64 {
    c.request("mlsd/test/parses", json!({}))
        .await
        .as_u64()
        .unwrap_or(u64::MAX)
}

/// Every per-document request the server answers from its analysis.
async fn every_request(c: &Client, uri: &str, text: &str) {
    let doc = json!({ "uri": uri });
    let at = find_range(text, "transformer", 0, "utf-16");
    let whole = range(text, 0, text.chars().count(), "utf-16");
    let requests: [(&str, Value); 6] = [
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": at["start"]}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/codeLens", json!({"textDocument": doc})),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": at, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": whole["end"]}),
        ),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": whole}),
        ),
    ];
    for (method, params) in requests {
        c.request(method, params).await; // fails the test on an error response
    }
}

#[tokio::test]
async fn one_parse_per_version_shared_by_the_lint_and_every_request() {
    let c = Client::start(Opts {
        test_methods: true,
        ..Opts::default()
    })
    .await;
    let uri = c.uri("draft.md");
    let published = c.open(&uri, DRAFT, 1).await;
    assert!(!codes(&published).is_empty(), "the draft has findings");
    every_request(&c, &uri, DRAFT).await;
    every_request(&c, &uri, DRAFT).await;
    assert_eq!(parses(&c).await, 1, "version 1: one parse");

    let edited = DRAFT.replace("fast and scalable", "serving 2,000 requests per second");
    c.change_and_wait(&uri, 2, json!([{ "text": edited.clone() }]))
        .await;
    every_request(&c, &uri, &edited).await;
    assert_eq!(parses(&c).await, 2, "version 2: one more parse");
    assert_eq!(c.finish().await, 0);
}
