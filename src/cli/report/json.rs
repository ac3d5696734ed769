//! `--format json`: the stable machine-readable report (version 1).
//!
//! ```text
//! {"version": 1,
//!  "files": [{"path": …, "diagnostics": [{"rule", "severity", "message",
//!             "range": {"start": {"line", "column"}, "end": …},
//!             "fixes": [{"title", "safe", "edits": [{"range", "new_text"}]}]}]}
//!            "profile": {…}, "scorecard": {"overall", "grade", "level", "dimensions", "fix_first"}}
//!            | {"path": …, "error": message}],
//!  "summary": {"files", "error", "warning", "info", "hint"}}
//! ```
//!
//! Lines and columns are 1-based, columns count Unicode scalar values, `end` is exclusive.

use super::{span, summary_counts, FileOutcome, FileStatus, Linted, Span};
use crate::engine::finding::{Finding, Severity};
use serde::Serialize;
use std::io;

/// Version of the JSON contract; bump on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<Vec<JsonDiagnostic<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    /// The answer profile (an addition compatible with `"version": 1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a crate::engine::profile::Profile>,
    /// The scorecard (an addition compatible with `"version": 1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    scorecard: Option<&'a crate::coach::Scorecard>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    range: Span,
    fixes: Vec<JsonFix<'a>>,
    /// The kind of figure a vague claim lacks (`vague-term`); absent on other findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: Span,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

fn diagnostic<'a>(linted: &Linted, finding: &'a Finding) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: &finding.rule,
        severity: finding.severity,
        message: &finding.message,
        range: span(linted, &finding.range),
        category: finding.category.as_deref(),
        fixes: finding
            .fixes
            .iter()
            .map(|fix| JsonFix {
                title: &fix.title,
                safe: fix.safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| JsonEdit {
                        range: span(linted, &edit.range),
                        new_text: &edit.new_text,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Write the report, pretty-printed with two spaces, followed by a newline.
pub fn write_json(out: &mut dyn io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let counts = summary_counts(files);
    let report = Report {
        version: JSON_VERSION,
        files: files
            .iter()
            .map(|file| match &file.status {
                FileStatus::Linted(linted) => JsonFile {
                    path: &file.path,
                    diagnostics: Some(
                        linted
                            .findings
                            .iter()
                            .map(|f| diagnostic(linted, f))
                            .collect(),
                    ),
                    error: None,
                    profile: linted.profile.as_deref(),
                    scorecard: linted.scorecard.as_deref(),
                },
                FileStatus::Failed(message) => JsonFile {
                    path: &file.path,
                    diagnostics: None,
                    error: Some(message),
                    profile: None,
                    scorecard: None,
                },
            })
            .collect(),
        summary: JsonSummary {
            files: counts.files,
            error: counts.error,
            warning: counts.warning,
            info: counts.info,
            hint: counts.hint,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted, range_of, with_fix};
    use super::*;
    use serde_json::{json, Value};

    fn render(files: &[FileOutcome]) -> (String, Value) {
        let mut out = Vec::new();
        write_json(&mut out, files).unwrap();
        let text = String::from_utf8(out).unwrap();
        let value = serde_json::from_str(&text).unwrap();
        (text, value)
    }

    const TEXT: &str = "# Design\r\nThe 🚀 model 数据 is fast\r\nend";

    fn sample() -> Vec<FileOutcome> {
        let fast = range_of(TEXT, "fast");
        let data = range_of(TEXT, "数据");
        let line2_to_end = range_of(TEXT, "is fast\r\nend");
        vec![
            linted(
                "docs/a.md",
                TEXT,
                vec![
                    with_fix(
                        finding(
                            "vague-speed",
                            Severity::Warning,
                            "quantify \"fast\"",
                            fast.clone(),
                        ),
                        "Replace with a latency",
                        false,
                        &[(fast, "p99 < 50 ms")],
                    ),
                    finding("cjk", Severity::Hint, "h", data),
                    finding("multi", Severity::Error, "e", line2_to_end),
                ],
            ),
            linted("clean.md", "all good\n", vec![]),
            failed("missing.md", "No such file or directory"),
        ]
    }

    #[test]
    fn columns_are_one_based_chars_after_emoji_and_cjk() {
        let (_, v) = render(&sample());
        let d = &v["files"][0]["diagnostics"];
        // "The 🚀 model 数据 is " is 18 chars, so "fast" starts at column 19
        assert_eq!(
            d[0]["range"],
            json!({"start": {"line": 2, "column": 19}, "end": {"line": 2, "column": 23}})
        );
        // "数据" after "The 🚀 model " (12 chars): columns 13..15, end exclusive
        assert_eq!(
            d[1]["range"],
            json!({"start": {"line": 2, "column": 13}, "end": {"line": 2, "column": 15}})
        );
        // a range running over the CRLF ends on line 3, exclusive
        assert_eq!(d[2]["range"]["start"], json!({"line": 2, "column": 16}));
        assert_eq!(d[2]["range"]["end"], json!({"line": 3, "column": 4}));
    }

    #[test]
    fn diagnostic_and_fix_shape() {
        let (_, v) = render(&sample());
        assert_eq!(v["version"], json!(1));
        let d0 = &v["files"][0]["diagnostics"][0];
        assert_eq!(d0["rule"], "vague-speed");
        assert_eq!(d0["severity"], "warning");
        assert_eq!(d0["message"], "quantify \"fast\"");
        assert_eq!(
            d0["fixes"],
            json!([{
                "title": "Replace with a latency",
                "safe": false,
                "edits": [{
                    "range": {"start": {"line": 2, "column": 19}, "end": {"line": 2, "column": 23}},
                    "new_text": "p99 < 50 ms"
                }]
            }])
        );
        assert_eq!(v["files"][0]["diagnostics"][1]["fixes"], json!([]));
        assert_eq!(v["files"][0]["diagnostics"][1]["severity"], "hint");
    }

    #[test]
    fn clean_and_failed_files_are_listed() {
        let (_, v) = render(&sample());
        let files = v["files"].as_array().unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!(files[1], json!({"path": "clean.md", "diagnostics": []}));
        assert_eq!(
            files[2],
            json!({"path": "missing.md", "error": "No such file or directory"})
        );
    }

    #[test]
    fn summary_counts_equal_diagnostics() {
        let (_, v) = render(&sample());
        let s = &v["summary"];
        assert_eq!(
            *s,
            json!({"files": 3, "error": 1, "warning": 1, "info": 0, "hint": 1})
        );
        let mut per = std::collections::HashMap::new();
        for f in v["files"].as_array().unwrap() {
            for d in f["diagnostics"].as_array().into_iter().flatten() {
                *per.entry(d["severity"].as_str().unwrap().to_string())
                    .or_insert(0u64) += 1;
            }
        }
        for sev in ["error", "warning", "info", "hint"] {
            assert_eq!(s[sev].as_u64().unwrap(), per.get(sev).copied().unwrap_or(0));
        }
    }

    #[test]
    fn pretty_with_two_spaces_and_trailing_newline() {
        let (text, _) = render(&[linted("a.md", "x", vec![])]);
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"files\": ["));
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn out_of_range_offsets_clamp_instead_of_panicking() {
        let text = "ab\ncd";
        let (late, early) = (3, 1);
        let (_, v) = render(&[linted(
            "a.md",
            text,
            vec![
                finding("r", Severity::Info, "m", 4..99),
                finding("r", Severity::Info, "m", late..early),
            ],
        )]);
        let d = &v["files"][0]["diagnostics"];
        assert_eq!(d[0]["range"]["end"], json!({"line": 2, "column": 3}));
        // a reversed range reads as empty at its start
        assert_eq!(d[1]["range"]["start"], d[1]["range"]["end"]);
    }
}
