//! The scorecard in the editor: a code lens on the title line ("Score 62 · framing good ·
//! data weak · …") and the command `mlsd.showScorecard`, which answers the card as
//! Markdown from the same renderer as `mlsd check`. Both come from one analysis of the
//! document's current snapshot, the one its diagnostics come from.

use super::analysis::Analysis;
use crate::coach::{self, render};
use serde_json::{json, Value};
use tower_lsp::lsp_types::{CodeLens, Command, Range as LspRange, Url};

pub const CMD_SHOW_SCORECARD: &str = "mlsd.showScorecard";

/// What `mlsd.showScorecard` was asked about: a document, maybe at a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub uri: Url,
    pub version: Option<i32>,
}

/// Reads the command's arguments: `[uri]`, `[uri, version]` or `[{"uri", "version"?}]`.
pub fn request(args: &[Value]) -> Result<Request, String> {
    let first = args
        .first()
        .ok_or("expected the document URI as the first argument")?;
    let (uri, version) = match first {
        Value::String(s) => (s.as_str(), args.get(1).and_then(Value::as_i64)),
        Value::Object(o) => (
            o.get("uri").and_then(Value::as_str).unwrap_or_default(),
            o.get("version").and_then(Value::as_i64),
        ),
        _ => return Err("expected the document URI as the first argument".into()),
    };
    let uri = Url::parse(uri).map_err(|e| format!("`{uri}` is not a URI: {e}"))?;
    Ok(Request {
        uri,
        version: version.and_then(|v| i32::try_from(v).ok()),
    })
}

/// The scorecard of the analysed document as Markdown, or why there is none.
pub fn scorecard_markdown(a: &Analysis, version: Option<i32>) -> Result<String, String> {
    if let Some(v) = version {
        if v != a.snap.version {
            return Err(format!(
                "the scorecard was asked for version {v} of {}, but the document is now at version {}; ask again",
                a.snap.uri, a.snap.version
            ));
        }
    }
    if !a.enabled {
        return Err(format!(
            "{} is not linted as an mlsd draft (add front matter such as `level: L5`, or set \"enable\": \"always\")",
            a.snap.uri
        ));
    }
    if a.pack().scorecard.is_empty() {
        return Err("the rule pack in force has no scorecard dimensions".into());
    }
    Ok(render::card_markdown(&a.assessment().scorecard))
}

/// The score lens on the title's range: clicking it runs `mlsd.showScorecard` for this
/// version of the document.
pub fn lens(a: &Analysis, card: &coach::Scorecard, range: LspRange) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command {
            title: render::lens_title(card),
            command: CMD_SHOW_SCORECARD.to_string(),
            arguments: Some(vec![json!(a.snap.uri.to_string()), json!(a.snap.version)]),
        }),
        data: None,
    }
}
