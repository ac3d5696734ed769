//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards.
//!
//! One run; the driver lists every rule; regions are 1-based with an exclusive end and
//! columns in Unicode code points (`"columnKind": "unicodeCodePoints"`). Files that could
//! not be linted become tool execution notifications.

use super::{span, FileOutcome, FileStatus, RuleMeta};
use crate::pack::Severity;
use serde::Serialize;
use std::collections::HashMap;
use std::io;

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation<'a>>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    short_description: Message<'a>,
    full_description: Message<'a>,
    help: Message<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message<'a>,
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
    locations: Vec<Location>,
}

/// SARIF `level` of a severity: info and hint are both `note`.
pub fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A path as a relative URI reference: backslashes become slashes and characters a URI
/// path cannot hold are percent-encoded (`:` too, so `a:b.md` is not read as a scheme).
/// A Windows drive path becomes a `file:///C:/…` URI.
pub fn path_to_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if drive {
        (format!("file:///{}:", &path[..1]), &path[2..])
    } else {
        (String::new(), path.as_str())
    };
    let mut uri = prefix;
    for &b in rest.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

fn file_location(path: &str, region: Option<Region>) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: path_to_uri(path),
            },
            region,
        },
    }
}

pub fn write_sarif(
    out: &mut dyn io::Write,
    files: &[FileOutcome],
    rules: &[RuleMeta],
    tool_version: &str,
) -> io::Result<()> {
    let mut rule_index: HashMap<&str, usize> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        rule_index.entry(rule.id.as_str()).or_insert(i);
    }

    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        match &file.status {
            FileStatus::Linted(linted) => {
                for finding in &linted.findings {
                    let s = span(linted, &finding.range);
                    results.push(SarifResult {
                        rule_id: &finding.rule,
                        rule_index: rule_index.get(finding.rule.as_str()).copied(),
                        level: sarif_level(finding.severity),
                        message: Message {
                            text: &finding.message,
                        },
                        locations: vec![file_location(
                            &file.path,
                            Some(Region {
                                start_line: s.start.line,
                                start_column: s.start.column,
                                end_line: s.end.line,
                                end_column: s.end.column,
                            }),
                        )],
                    });
                }
            }
            FileStatus::Failed(message) => notifications.push(Notification {
                level: "error",
                message: Message { text: message },
                locations: vec![file_location(&file.path, None)],
            }),
        }
    }

    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "mlsd",
                    version: tool_version,
                    rules: rules
                        .iter()
                        .map(|rule| ReportingDescriptor {
                            id: &rule.id,
                            short_description: Message {
                                text: &rule.summary,
                            },
                            full_description: Message {
                                text: &rule.summary,
                            },
                            help: Message { text: &rule.why },
                            default_configuration: Configuration {
                                level: sarif_level(rule.severity),
                            },
                        })
                        .collect(),
                },
            },
            invocations: vec![Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted, range_of};
    use super::*;
    use serde_json::{json, Value};

    fn meta(id: &str, severity: Severity) -> RuleMeta {
        RuleMeta {
            id: id.to_string(),
            summary: format!("{id} summary"),
            why: format!("{id} why"),
            severity,
        }
    }

    fn rules() -> Vec<RuleMeta> {
        vec![
            meta("metrics", Severity::Error),
            meta("baseline", Severity::Warning),
            meta("latency", Severity::Info),
            meta("nit", Severity::Hint),
        ]
    }

    fn render(files: &[FileOutcome]) -> Value {
        let mut out = Vec::new();
        write_sarif(&mut out, files, &rules(), "1.2.3").unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    const TEXT: &str = "# Plan\r\nThe 🚀 model 数据 is fast\r\n";

    fn sample() -> Vec<FileOutcome> {
        vec![
            linted(
                "answers\\q1.md",
                TEXT,
                vec![
                    finding(
                        "latency",
                        Severity::Warning,
                        "quantify",
                        range_of(TEXT, "fast"),
                    ),
                    finding("nit", Severity::Hint, "h", range_of(TEXT, "数据")),
                    finding("metrics", Severity::Error, "e", range_of(TEXT, "Plan")),
                    finding("unknown-rule", Severity::Info, "i", 0..1),
                ],
            ),
            linted("clean.md", "ok\n", vec![]),
        ]
    }

    #[test]
    fn header_and_driver_rules() {
        let v = render(&sample());
        assert_eq!(v["$schema"], SARIF_SCHEMA);
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"].as_array().unwrap().len(), 1);
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "mlsd");
        assert_eq!(driver["version"], "1.2.3");
        assert!(driver.get("informationUri").is_none());
        let levels: Vec<&str> = driver["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["defaultConfiguration"]["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["error", "warning", "note", "note"]);
        assert_eq!(
            driver["rules"][1],
            json!({
                "id": "baseline",
                "shortDescription": {"text": "baseline summary"},
                "fullDescription": {"text": "baseline summary"},
                "help": {"text": "baseline why"},
                "defaultConfiguration": {"level": "warning"}
            })
        );
    }

    #[test]
    fn rule_indices_point_at_their_rules() {
        let v = render(&sample());
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 4);
        for r in &results[..3] {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
        assert_eq!(results[0]["ruleIndex"], 2);
        // a rule the driver does not list has no index rather than a wrong one
        assert_eq!(results[3]["ruleId"], "unknown-rule");
        assert!(results[3].get("ruleIndex").is_none());
    }

    #[test]
    fn results_have_levels_and_char_regions() {
        let v = render(&sample());
        let results = &v["runs"][0]["results"];
        // the level follows the finding, not the rule's default
        assert_eq!(results[0]["level"], "warning");
        assert_eq!(results[1]["level"], "note");
        assert_eq!(results[0]["message"]["text"], "quantify");
        let loc = &results[0]["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "answers/q1.md");
        assert_eq!(
            loc["region"],
            json!({"startLine": 2, "startColumn": 19, "endLine": 2, "endColumn": 23})
        );
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["region"],
            json!({"startLine": 2, "startColumn": 13, "endLine": 2, "endColumn": 15})
        );
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], true);
        assert!(inv.get("toolExecutionNotifications").is_none());
    }

    #[test]
    fn failed_files_become_notifications() {
        let mut files = sample();
        files.push(failed("gone.md", "No such file or directory"));
        let v = render(&files);
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        assert_eq!(
            inv["toolExecutionNotifications"],
            json!([{
                "level": "error",
                "message": {"text": "No such file or directory"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": "gone.md"}}}]
            }])
        );
        assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn uris() {
        assert_eq!(path_to_uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(path_to_uri("./x/100%.md"), "./x/100%25.md");
        assert_eq!(path_to_uri("a:b#c?.md"), "a%3Ab%23c%3F.md");
        assert_eq!(path_to_uri("数据.md"), "%E6%95%B0%E6%8D%AE.md");
        assert_eq!(path_to_uri("C:\\work\\a.md"), "file:///C:/work/a.md");
        assert_eq!(path_to_uri("-"), "-");
    }
}
