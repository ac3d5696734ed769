//! Random edit sequences — emoji, CJK, combining marks, all three line breaks, several
//! changes per notification, out-of-range positions, full replacements — in both position
//! encodings. The server's text must equal a reference model, and its diagnostics those of
//! a fresh open of the same text. `PROPTEST_CASES` sets the case count (default 64).
#![cfg(feature = "server")]

#[path = "support/lsp_harness.rs"]
mod harness;

use harness::*;
use proptest::prelude::*;
use serde_json::{json, Value};

const BASES: [&str; 5] = [
    "# Design a feed ranker\n\nWe will use a transformer model. The system needs to be fast and scalable.\n\n## Model\n\nWe train a big transformer on user clicks. It should be scalable too.\n",
    "# Ranker 🚀 design\r\n\r\n## Model\r\n\r\n🚀 数据 ranking must be fast and scalable for e\u{301}very user.\r\n数据 🚀🚀 Retraining should be fast.\r\n",
    "# Mixed\rline one is fast\r\nline two is scalable\nlast",
    "",
    "---\nlevel: L6\ntype: ranking\n---\n# Feed\n\n## Serving\n\nIt must be fast.\n\n```mermaid\nA-->B\n```\n",
];

// Structure as well as words: front-matter fences, headings, list items, code fences and
// suppression comments move what the rules see, so incremental and fresh lints can differ.
const PIECES: [&str; 20] = [
    "a",
    "fast ",
    "🚀",
    "数据",
    "e\u{301}",
    "\r\n",
    "\n",
    "\r",
    " scalable",
    "## Data\n",
    "10 ms ",
    "é",
    "",
    "---\n",
    "```\n",
    "# ",
    "- ",
    "<!-- mlsd-disable-line vague-term -->",
    "level: L3\n",
    "p99 ",
];

#[derive(Debug, Clone)]
enum Change {
    Range {
        a: (u32, u32),
        b: (u32, u32),
        text: String,
    },
    Full(String),
}

fn text_piece() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..4).prop_map(|v| v.concat())
}

fn change() -> impl Strategy<Value = Change> {
    let pos = || (0u32..14, 0u32..90);
    prop_oneof![
        20 => (pos(), pos(), text_piece()).prop_map(|(a, b, text)| Change::Range { a, b, text }),
        1 => (prop::sample::select(BASES.to_vec()), text_piece())
            .prop_map(|(base, extra)| Change::Full(format!("{extra}{base}"))),
    ]
}

fn script() -> impl Strategy<Value = (usize, bool, Vec<Vec<Change>>)> {
    (
        0..BASES.len(),
        any::<bool>(),
        prop::collection::vec(prop::collection::vec(change(), 1..4), 1..12),
    )
}

fn to_json(c: &Change) -> Value {
    match c {
        Change::Range { a, b, text } => json!({
            "range": {"start": {"line": a.0, "character": a.1}, "end": {"line": b.0, "character": b.1}},
            "text": text,
        }),
        Change::Full(text) => json!({"text": text}),
    }
}

/// Diagnostics without what differs between two documents (versions in data, URIs).
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

async fn run(base: usize, utf8: bool, notifications: Vec<Vec<Change>>) -> Result<(), String> {
    let c = Client::start(Opts {
        encodings: utf8.then(|| vec!["utf-8", "utf-16"]),
        ..Opts::default()
    })
    .await;
    let uri = c.uri("p.md");
    let mut model = BASES[base].to_string();
    c.open(&uri, &model, 1).await;
    let m = c.mark();
    let mut version = 1;
    for n in &notifications {
        let changes: Vec<Value> = n.iter().map(to_json).collect();
        for ch in &changes {
            model = apply_change(&model, ch, &c.enc);
        }
        version += 1;
        c.change(&uri, version, Value::Array(changes)).await;
    }
    let last = c.wait_publish(m, &uri, Some(version)).await;
    let (v, text) = c.text(&uri).await;
    if (v, &text) != (version, &model) {
        return Err(format!(
            "{}: server v{v} {text:?} != model v{version} {model:?}",
            c.enc
        ));
    }
    let fresh = c.open(&c.uri("fresh.md"), &model, 1).await;
    if strip(&last) != strip(&fresh) {
        return Err(format!(
            "{}: diagnostics differ from a fresh open of {model:?}:\n{}\n{}",
            c.enc,
            strip(&last),
            strip(&fresh)
        ));
    }
    let code = c.finish().await;
    if code != 0 {
        return Err(format!("exit code {code}"));
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_edits_keep_the_server_text_and_diagnostics_right((base, utf8, notifications) in script()) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let result = rt.block_on(run(base, utf8, notifications));
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}
