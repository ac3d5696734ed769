//! Every output format of `mlsd check` on the drafts in `tests/fixtures/`: snapshots of the
//! exact output, plus structural checks of the machine-readable ones.
//!
//! Runs happen inside the fixtures folder with relative paths, so no snapshot holds a
//! machine-specific path. `tests/fixtures/.mlsd.toml` stops config discovery there.
//!
//! The fixtures:
//! - `weak.md`: front matter, emoji and CJK text on the lines with findings (columns count
//!   Unicode scalar values, carets count display width).
//! - `crlf.md`: CRLF line endings (a `\r` is never a column and never echoed).
//! - `suppressed.md`: every kind of suppression comment, one with an unknown rule id.

use mlsd::Pack;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

const FIXTURES: [&str; 3] = ["weak.md", "crlf.md", "suppressed.md"];

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Mlsd, Run};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(name)).expect("fixture")
}

fn mlsd(args: &[&str]) -> Run {
    Mlsd::new(args)
        .cwd(fixtures_dir())
        .env_remove("NO_COLOR")
        .run()
}

/// `mlsd check --format FORMAT <fixtures>`; findings exit 1.
fn check(format: &str) -> String {
    let mut args = vec!["check", "--format", format];
    if format == "human" {
        args.extend(["--color", "never"]);
    }
    args.extend(FIXTURES);
    let r = mlsd(&args);
    assert_eq!(r.code, 1, "{format}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{format}: {}", r.stderr);
    r.stdout
}

/// The same, with a missing file after one fixture: exit 2.
fn check_with_missing(format: &str) -> Run {
    let mut args = vec!["check", "--format", format];
    if format == "human" {
        args.extend(["--color", "never"]);
    }
    args.extend(["suppressed.md", "missing.md"]);
    let r = mlsd(&args);
    assert_eq!(r.code, 2, "{format}: {}", r.stderr);
    r
}

/// SARIF names the tool version; keep snapshots valid across releases.
fn redact_version(sarif: &str) -> String {
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert_eq!(sarif.matches(&version).count(), 1, "one tool version");
    sarif.replace(&version, "\"version\": \"[version]\"")
}

// ---------------------------------------------------------------------------------------
// Fixture sanity
// ---------------------------------------------------------------------------------------

#[test]
fn fixtures_are_what_the_tests_assume() {
    let crlf = std::fs::read(fixtures_dir().join("crlf.md")).unwrap();
    let lf = crlf.iter().filter(|b| **b == b'\n').count();
    let crlf_count = crlf.windows(2).filter(|w| w == b"\r\n").count();
    assert!(
        lf > 5 && lf == crlf_count,
        "crlf.md must be CRLF only (checkout converted it?)"
    );
    let weak = fixture("weak.md");
    assert!(!weak.contains('\r'));
    assert!(weak.contains('🚀') && weak.contains("投稿"));
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

#[test]
fn human_snapshot() {
    let out = check("human");
    assert!(!out.contains('\x1b'), "--color never");
    assert!(!out.contains('\r'), "CR is never echoed");
    insta::assert_snapshot!("human", out);
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", check("json"));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", redact_version(&check("sarif")));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", check("github"));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit", check("junit"));
}

#[test]
fn missing_file_snapshots() {
    for format in ["human", "json", "github", "junit"] {
        let r = check_with_missing(format);
        insta::assert_snapshot!(format!("missing_file_{format}"), r.stdout);
        if format != "human" {
            assert_eq!(
                r.stderr, "mlsd: error: missing.md: no such file or folder\n",
                "{format}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// JSON structure
// ---------------------------------------------------------------------------------------

fn json_report() -> Value {
    serde_json::from_str(&check("json")).expect("valid JSON")
}

fn pos(v: &Value) -> (usize, usize) {
    (
        v["line"].as_u64().unwrap() as usize,
        v["column"].as_u64().unwrap() as usize,
    )
}

/// The characters of a fixture between two 1-based (line, column) positions on one line,
/// `end` exclusive. Lines are split on `\n` with the `\r` removed.
fn slice_chars(text: &str, start: (usize, usize), end: (usize, usize)) -> String {
    assert_eq!(start.0, end.0, "single-line range");
    let line = text
        .split('\n')
        .nth(start.0 - 1)
        .unwrap()
        .trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    assert!(start.1 >= 1 && start.1 <= end.1 && end.1 <= chars.len() + 1);
    chars[start.1 - 1..end.1 - 1].iter().collect()
}

#[test]
fn json_shape_and_version() {
    let v = json_report();
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths, FIXTURES,
        "files in command-line order, relative paths"
    );
    for f in files {
        for d in f["diagnostics"].as_array().unwrap() {
            for key in ["rule", "severity", "message", "range", "fixes"] {
                assert!(d.get(key).is_some(), "{key} in {d}");
            }
            let (s, e) = (pos(&d["range"]["start"]), pos(&d["range"]["end"]));
            assert!(s.0 >= 1 && s.1 >= 1, "1-based: {d}");
            assert!(s <= e, "start before end: {d}");
            assert!(["error", "warning", "info", "hint"].contains(&d["severity"].as_str().unwrap()));
        }
    }
}

#[test]
fn json_columns_count_unicode_chars_and_end_is_exclusive() {
    let v = json_report();
    let weak_text = fixture("weak.md");
    let weak = &v["files"][0];
    assert_eq!(weak["path"], "weak.md");
    let diags = weak["diagnostics"].as_array().unwrap();

    // "fast" comes after an emoji (4 bytes, 1 char) and CJK (3 bytes each).
    let line9 = weak_text.lines().nth(8).unwrap();
    assert!(line9.contains('🚀') && line9.contains("投稿"));
    let byte_at = line9.find("fast").unwrap();
    let column = line9[..byte_at].chars().count() + 1;
    assert_eq!(column, 37, "the fixture's arithmetic");
    let fast = diags
        .iter()
        .find(|d| d["rule"] == "vague-term" && d["message"].as_str().unwrap().contains("fast"))
        .expect("a vague-term finding on fast");
    assert_eq!(pos(&fast["range"]["start"]), (9, column));
    assert_eq!(pos(&fast["range"]["end"]), (9, column + "fast".len()));
    // Its unsafe fix inserts right after the word: at the exclusive end.
    let edit = &fast["fixes"][0]["edits"][0];
    assert_eq!(fast["fixes"][0]["safe"], false);
    assert_eq!(edit["new_text"], " (p99 < __ ms)");
    // A speed word is a latency claim: the JSON says so, and only vague findings carry one.
    assert_eq!(fast["category"], "latency");
    assert!(diags
        .iter()
        .filter(|d| d["rule"] != "vague-term")
        .all(|d| d.get("category").is_none()));
    assert_eq!(edit["range"]["start"], fast["range"]["end"]);
    assert_eq!(edit["range"]["end"], fast["range"]["end"]);

    // Whole-title findings end one past the title's last char (emoji and CJK in it).
    let title = weak_text.lines().nth(4).unwrap();
    let clarify = diags
        .iter()
        .find(|d| d["rule"] == "missing-clarification")
        .unwrap();
    assert_eq!(pos(&clarify["range"]["start"]), (5, 1));
    assert_eq!(
        pos(&clarify["range"]["end"]),
        (5, title.chars().count() + 1)
    );

    // In the CRLF file the `\r` is not a column.
    let crlf = &v["files"][1];
    let crlf_title_chars = "# Design a fraud detector".chars().count();
    let c = crlf["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-clarification")
        .unwrap();
    assert_eq!(pos(&c["range"]["end"]), (1, crlf_title_chars + 1));
}

#[test]
fn json_term_findings_point_at_their_term() {
    // Every finding that quotes a “term” spans exactly that term in the source.
    let v = json_report();
    let mut checked = 0;
    for (i, f) in v["files"].as_array().unwrap().iter().enumerate() {
        let text = fixture(FIXTURES[i]);
        for d in f["diagnostics"].as_array().unwrap() {
            let msg = d["message"].as_str().unwrap();
            let Some(rest) = msg.strip_prefix('“') else {
                continue;
            };
            let term = rest.split('”').next().unwrap();
            let got = slice_chars(&text, pos(&d["range"]["start"]), pos(&d["range"]["end"]));
            assert_eq!(got.to_lowercase(), term.to_lowercase(), "{d}");
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} term findings");
}

#[test]
fn json_summary_counts_match_diagnostics() {
    let v = json_report();
    let mut per: BTreeMap<String, u64> = BTreeMap::new();
    let mut total = 0;
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            *per.entry(d["severity"].as_str().unwrap().to_string())
                .or_default() += 1;
            total += 1;
        }
    }
    let s = &v["summary"];
    assert_eq!(s["files"], FIXTURES.len());
    for sev in ["error", "warning", "info", "hint"] {
        assert_eq!(
            s[sev].as_u64().unwrap(),
            per.get(sev).copied().unwrap_or(0),
            "{sev}"
        );
    }
    let summed: u64 = ["error", "warning", "info", "hint"]
        .iter()
        .map(|k| s[*k].as_u64().unwrap())
        .sum();
    assert_eq!(summed, total);
    assert!(
        per.get("info").copied().unwrap_or(0) >= 1,
        "the unknown-rule-id info"
    );
    assert!(per.get("hint").copied().unwrap_or(0) >= 1);
}

#[test]
fn json_suppressions_leave_only_the_badly_named_one() {
    let v = json_report();
    let supp = &v["files"][2];
    assert_eq!(supp["path"], "suppressed.md");
    let got: Vec<(String, (usize, usize))> = supp["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                pos(&d["range"]["start"]),
            )
        })
        .collect();
    let text = fixture("suppressed.md");
    let line = text
        .lines()
        .position(|l| l.contains("vague-terms"))
        .unwrap()
        + 1;
    let l = text.lines().nth(line - 1).unwrap();
    let cheap = l.find("slow").unwrap() + 1;
    let id = l.find("vague-terms").unwrap() + 1;
    assert_eq!(
        got,
        [
            ("vague-term".to_string(), (line, cheap)),
            ("unknown-rule-id".to_string(), (line, id)),
        ]
    );
}

#[test]
fn json_fix_edits_in_a_crlf_file_use_crlf() {
    let v = json_report();
    let crlf = &v["files"][1];
    let mut seen = 0;
    for d in crlf["diagnostics"].as_array().unwrap() {
        for fx in d["fixes"].as_array().unwrap() {
            for e in fx["edits"].as_array().unwrap() {
                let t = e["new_text"].as_str().unwrap();
                if t.contains('\n') {
                    seen += 1;
                    assert_eq!(
                        t.matches('\n').count(),
                        t.matches("\r\n").count(),
                        "bare LF in {t:?}"
                    );
                }
            }
        }
    }
    assert!(seen >= 3, "section insertions offered");
}

// ---------------------------------------------------------------------------------------
// SARIF, GitHub, JUnit structure (cross-checked against JSON)
// ---------------------------------------------------------------------------------------

/// `(path, rule, start, end)` of each JSON diagnostic, in order.
type Loc = (String, String, (usize, usize), (usize, usize));

fn json_locations() -> Vec<Loc> {
    let v = json_report();
    let mut out = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            out.push((
                f["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                pos(&d["range"]["start"]),
                pos(&d["range"]["end"]),
            ));
        }
    }
    out
}

#[test]
fn sarif_structure() {
    let v: Value = serde_json::from_str(&check("sarif")).expect("valid JSON");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mlsd");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    let pack = Pack::builtin().unwrap();
    let builtin: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, builtin, "driver.rules lists the pack in use");
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        assert!(["error", "warning", "note"]
            .contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }

    let results = run["results"].as_array().unwrap();
    let json = json_locations();
    assert_eq!(results.len(), json.len());
    for (res, (path, rule, start, end)) in results.iter().zip(&json) {
        let id = res["ruleId"].as_str().unwrap();
        assert!(unique.contains(id), "{id} is in driver.rules");
        assert_eq!(id, rule);
        let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], id, "ruleIndex points at its rule");
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], path.as_str());
        let region = &loc["region"];
        let got = (
            (
                region["startLine"].as_u64().unwrap() as usize,
                region["startColumn"].as_u64().unwrap() as usize,
            ),
            (
                region["endLine"].as_u64().unwrap() as usize,
                region["endColumn"].as_u64().unwrap() as usize,
            ),
        );
        assert_eq!(got, (*start, *end), "SARIF region = JSON range for {rule}");
        let level = res["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_reports_a_missing_file_as_a_notification() {
    let r = check_with_missing("sarif");
    let v: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let inv = &v["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing.md"
    );
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no such file"));
    // The good file's results are still there.
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn github_lines_match_json() {
    let out = check("github");
    let json = json_locations();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), json.len());
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=mlsd ([a-z-]+)::(.+)$",
    )
    .unwrap();
    for (line, (path, rule, start, end)) in lines.iter().zip(&json) {
        let c = re
            .captures(line)
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        assert_eq!(&c[2], path);
        let n = |i: usize| c[i].parse::<usize>().unwrap();
        assert_eq!(((n(3), n(4)), (n(5), n(6))), (*start, *end), "{line}");
        assert_eq!(&c[7], rule);
    }
}

#[test]
fn junit_counts_match_json() {
    let out = check("junit");
    let json = json_locations();
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    assert!(out.ends_with("</testsuites>\n"));
    let header = out.lines().nth(1).unwrap();
    // Every fixture has findings: one failing test case per finding.
    assert_eq!(
        header,
        format!(
            "<testsuites name=\"mlsd\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            n = json.len()
        )
    );
    assert_eq!(out.matches("<testsuite ").count(), FIXTURES.len());
    assert_eq!(out.matches("<failure ").count(), json.len());
    for (path, rule, start, _) in &json {
        let case = format!(
            "<testcase name=\"{rule} at {}:{}\" classname=\"{path}\">",
            start.0, start.1
        );
        assert!(out.contains(&case), "{case}");
    }
    // Only the five predefined entities, never a raw `<` inside text or attributes.
    for (i, _) in out.match_indices('&') {
        let tail = &out[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#9;", "&#10;", "&#13;"]
                .iter()
                .any(|e| tail.starts_with(e)),
            "bad entity at {:?}",
            &tail[..tail.len().min(12)]
        );
    }
}

/// `--quiet`: one line per finding, exactly the JSON's findings at the JSON's positions.
#[test]
fn quiet_headlines_match_json() {
    let mut args = vec!["check", "--format", "human", "--color", "never", "--quiet"];
    args.extend(FIXTURES);
    let out = mlsd(&args).stdout;
    assert!(!out.contains(" | "), "--quiet prints no excerpts:\n{out}");
    assert!(
        !out.contains("score "),
        "--quiet prints no scorecard:\n{out}"
    );
    let json = json_locations();
    let headlines: Vec<&str> = out
        .lines()
        .filter(|l| FIXTURES.iter().any(|f| l.starts_with(&format!("{f}:"))))
        .collect();
    assert_eq!(headlines.len(), json.len());
    for (h, (path, rule, start, _)) in headlines.iter().zip(&json) {
        assert!(
            h.starts_with(&format!("{path}:{}:{}", start.0, start.1)),
            "{h}"
        );
        assert!(h.contains(&format!(" {rule} ")), "{h}");
    }
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        format!(
            "Found {} problems ({}) in 3 files.",
            json.len(),
            summary_parts(&json_report()["summary"])
        )
    );
}

/// The default, grouped form: every JSON finding is either a headline at its position (a
/// finding on a line) or one line of the file's "missing from this answer" block, with no
/// excerpt and no repeat; then the scorecard.
#[test]
fn human_output_is_grouped_and_covers_every_finding_once() {
    let out = check("human");
    let report = json_report();
    for f in report["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let head = format!("{path} missing from this answer");
        let block: Vec<&str> = out
            .lines()
            .skip_while(|l| *l != head)
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        let mut seen_in_block = std::collections::HashSet::new();
        for line in &block {
            assert!(!line.contains(" | "), "no excerpt in the block: {line}");
            assert!(seen_in_block.insert(*line), "repeated: {line}");
        }
        for d in f["diagnostics"].as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap();
            let message = d["message"].as_str().unwrap();
            let (line, column) = pos(&d["range"]["start"]);
            let headline = format!("{path}:{line}:{column} ");
            let as_headline = out
                .lines()
                .any(|l| l.starts_with(&headline) && l.contains(&format!(" {rule} {message}")));
            let in_block = block
                .iter()
                .any(|l| l.contains(&format!(" {rule} {message}")));
            assert!(
                as_headline != in_block,
                "{path}: `{rule}` at {line}:{column} must show exactly once (headline {as_headline}, block {in_block})"
            );
        }
        let card = format!("{path} score ");
        assert!(
            out.lines().any(|l| l.starts_with(&card)),
            "{path}: no scorecard in\n{out}"
        );
    }
}

fn summary_parts(s: &Value) -> String {
    let mut parts = Vec::new();
    for (key, one, many) in [
        ("error", "error", "errors"),
        ("warning", "warning", "warnings"),
        ("info", "info", "info"),
        ("hint", "hint", "hints"),
    ] {
        let n = s[key].as_u64().unwrap();
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    parts.join(", ")
}

#[test]
fn human_carets_sit_under_the_term_after_wide_chars() {
    use unicode_width::UnicodeWidthStr;
    let out = check("human");
    let lines: Vec<&str> = out.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.contains(" | The 🚀 model ranks 投稿"))
        .expect("the emoji line is echoed");
    let (source, carets) = (lines[src], lines[src + 1]);
    let caret_at = carets.find('^').unwrap();
    let fast_at = source.find("fast").unwrap();
    assert_eq!(
        carets[..caret_at].width(),
        source[..fast_at].width(),
        "carets under `fast`:\n{source}\n{carets}"
    );
    // Other findings on the line get their own marks further right.
    assert!(carets[caret_at..].starts_with("^^^^ "), "{carets}");
}
