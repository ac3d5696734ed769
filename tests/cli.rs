//! Black-box tests of the `mlsd` binary: exit codes, errors, inputs, configuration,
//! fixes and the `rule` / `new` subcommands.
//!
//! Every run happens in its own temporary folder with `HOME` pointing at it, so config
//! discovery (which stops at the home folder) never sees a `.mlsd.toml` outside the test.

use mlsd::Pack;
use serde_json::Value;
use std::path::Path;

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Run, Sandbox};

/// A sandbox whose runs leave colour to the flags under test.
fn sandbox() -> Sandbox {
    Sandbox::new().without_env("NO_COLOR")
}

fn mlsd(args: &[&str]) -> Run {
    sandbox().run(args)
}

/// `(path, rule)` of every diagnostic in a JSON report, in output order.
fn reported(v: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in v["files"].as_array().expect("files array") {
        for d in f["diagnostics"].as_array().into_iter().flatten() {
            out.push((
                f["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn rules_of(v: &Value) -> Vec<String> {
    reported(v).into_iter().map(|(_, r)| r).collect()
}

/// Paths listed in a JSON report, in output order.
fn paths_of(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .expect("files array")
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// The diagnostics of a given rule in a JSON report.
fn diagnostics_of<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().into_iter().flatten())
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn builtin() -> Pack {
    Pack::builtin().expect("built-in pack")
}

/// Ids of the built-in rules that report a missing stage section.
fn missing_stage_rules() -> Vec<String> {
    builtin()
        .rules
        .iter()
        .filter(|r| r.kinds().contains(&"missing-stage"))
        .map(|r| r.id.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Drafts
// ---------------------------------------------------------------------------------------

/// Only a model section, with two vague words.
const WEAK: &str = "# Design a feed ranker\n\n## Model\n\nWe use a fast model on huge data.\n";

/// Passes every built-in rule.
const GOOD: &str = "\
# Design a feed ranker

## Clarifying questions

- How many daily users do we serve? Assume 50M users and 2M new posts per day.
- What latency does the feed tolerate? Assume 200 ms at p99.
- Is success measured by clicks or by long-term retention?
- Which surfaces are in scope, the home feed only?
- Do we have engagement logs already?

## Problem framing

We frame this as a ranking problem: we predict the probability of a click for each post.

## Data

Impression and click logs from the last 30 days, about 3B rows. Labels are implicit: a click
with 10 seconds of dwell is positive. Position bias inflates clicks on top slots, so we log the
slot and correct for it.

## Features

User history counts over 1 h and 24 h, post age in minutes, author follower count, and topic
match scores. Features come from a feature store shared by training and serving.

## Model

v1 is logistic regression on 40 features because it is cheap to serve and easy to debug;
v2 moves to gradient-boosted trees, at the cost of 3x slower training.

## Training

Log loss, retrained daily on a time-based split of 28 days train and 2 days test.

## Evaluation

NDCG at 10 offline; online, 7-day retention and CTR in an A/B test on 5% of users.

## Serving and deployment

A prediction service scores 500 posts with a p99 under 80 ms; a canary takes 1% first. If the
model times out, the feed falls back to posts sorted by recency.

```text
logs -> features -> ranker -> feed
```

## Monitoring

PSI on the top 20 features daily, with an alert above 0.2.

## Questions for the interviewer

- How do you decide what ships?
";

/// GOOD without its questions for the interviewer (and with the clarification section
/// titled "Scope"): only the `missing-interviewer-questions` hint remains.
fn hint_only() -> String {
    let end = GOOD.find("## Questions for the interviewer").unwrap();
    GOOD[..end]
        .trim_end()
        .replace("## Clarifying questions", "## Scope")
        + "\n"
}

/// Only warnings (no error) with the built-in severities.
const WARNINGS_ONLY: &str = WEAK;

/// A model section only, between some prose that `--fix` must keep.
const FIX_ME: &str = "\
---
level: L5
title: Feed ranker
---
# Design a fraud detector

Intro text that must stay exactly as it is.

## Model

Gradient-boosted trees are the baseline.

Trailing words, also kept.
";

// ---------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn weak_draft_exits_1_and_names_its_findings() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let r = s.run(&["check", "--color", "never", "weak.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("vague-term"), "{}", r.stdout);
    assert!(r.stdout.contains("missing-data"), "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("weak.md:5:10") && l.contains("warning vague-term")),
        "headline with path:line:column: {}",
        r.stdout
    );
    assert!(!r.stdout.contains('\x1b'), "no colors when piped/never");
}

#[test]
fn passing_draft_exits_0() {
    let s = sandbox();
    s.write("good.md", GOOD);
    let r = s.run(&["check", "good.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("no problems in 1 file"), "{}", r.stdout);
    let v = s.run(&["check", "--format", "json", "good.md"]).json();
    assert!(rules_of(&v).is_empty(), "{v:#}");
}

#[test]
fn disable_file_comment_makes_a_weak_draft_clean() {
    let s = sandbox();
    s.write("off.md", format!("<!-- mlsd-disable-file -->\n{WEAK}"));
    let r = s.run(&["check", "off.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v = s.run(&["check", "--format", "json", "off.md"]).json();
    assert!(rules_of(&v).is_empty(), "{v:#}");
}

#[test]
fn exit_zero_reports_findings_but_exits_0() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let r = s.run(&["check", "--exit-zero", "--format", "json", "weak.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(rules_of(&r.json()).contains(&"vague-term".to_string()));
}

#[test]
fn exit_zero_does_not_hide_read_errors() {
    let s = sandbox();
    let r = s.run(&["check", "--exit-zero", "missing.md"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn fail_on_error_ignores_warnings() {
    let s = sandbox();
    s.write("weak.md", WARNINGS_ONLY);
    let v = s.run(&["check", "--format", "json", "weak.md"]).json();
    assert_eq!(v["summary"]["error"], 0, "precondition: no errors");
    assert!(v["summary"]["warning"].as_u64().unwrap() > 0);
    let r = s.run(&["check", "--fail-on", "error", "weak.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = s.run(&["check", "--fail-on", "warning", "weak.md"]);
    assert_eq!(r.code, 1, "{r:?}");
}

#[test]
fn fail_on_hint_fails_on_a_lone_hint() {
    let s = sandbox();
    s.write("hint.md", hint_only());
    let r = s.run(&["check", "--format", "json", "hint.md"]);
    let v = r.json();
    assert_eq!(
        rules_of(&v),
        ["missing-interviewer-questions"],
        "precondition: one hint only"
    );
    assert_eq!(
        diagnostics_of(&v, "missing-interviewer-questions")[0]["severity"],
        "hint"
    );
    assert_eq!(r.code, 0, "a hint is below the default --fail-on warning");
    assert_eq!(s.run(&["check", "--fail-on", "info", "hint.md"]).code, 0);
    assert_eq!(s.run(&["check", "--fail-on", "hint", "hint.md"]).code, 1);
}

/// "Clarifying questions" (the heading `mlsd new` itself writes for the clarify stage) must
/// not also count as the "questions for the interviewer" stage, whose aliases include the
/// bare word "questions".
#[test]
fn clarifying_questions_are_not_questions_for_the_interviewer() {
    let s = sandbox();
    let end = GOOD.find("## Questions for the interviewer").unwrap();
    s.write("q.md", &GOOD[..end]);
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--select",
            "missing-interviewer-questions",
            "q.md",
        ])
        .json();
    assert_eq!(
        rules_of(&v),
        ["missing-interviewer-questions"],
        "the draft has no questions for the interviewer"
    );
}

// ---------------------------------------------------------------------------------------
// Exit 2: unreadable inputs and bad configuration
// ---------------------------------------------------------------------------------------

/// Runs `check --format json` and checks the failed file is named with `needle` in both
/// the JSON report and stderr.
fn assert_failed_file(s: &Sandbox, args: &[&str], path: &str, needle: &str) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = s.run(&all);
    assert_eq!(r.code, 2, "{r:?}");
    let v = r.json();
    let file = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in the report: {v:#}"));
    let err = file["error"].as_str().expect("an error message");
    assert!(err.contains(needle), "{err}");
    assert!(file.get("diagnostics").is_none());
    assert!(r.stderr.contains(path), "stderr names {path}: {}", r.stderr);
    assert!(r.stderr.contains(needle), "stderr: {}", r.stderr);
    v
}

#[test]
fn missing_file_exits_2() {
    let s = sandbox();
    assert_failed_file(&s, &["nope.md"], "nope.md", "no such file");
    // The human format names it too (on stdout, with the summary).
    let r = s.run(&["check", "nope.md"]);
    assert_eq!(r.code, 2);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("nope.md"), "{all}");
    assert!(
        r.stdout.contains("1 file could not be checked"),
        "{}",
        r.stdout
    );
}

#[test]
fn invalid_utf8_exits_2() {
    let s = sandbox();
    s.write("latin1.md", b"# Caf\xe9 ranker\n\nfast\n");
    assert_failed_file(&s, &["latin1.md"], "latin1.md", "UTF-8");
    let v = s.run(&["check", "--format", "json", "latin1.md"]).json();
    assert!(
        v["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("offset 5"),
        "the first bad byte's offset: {v:#}"
    );
}

#[test]
fn binary_markdown_exits_2() {
    let s = sandbox();
    s.write("blob.md", b"# T\n\x00\x01\x02\x00 fast\n");
    assert_failed_file(&s, &["blob.md"], "blob.md", "binary");
}

#[test]
fn one_bad_file_in_a_folder_still_reports_the_good_ones() {
    let s = sandbox();
    s.write("answers/a_good.md", GOOD);
    s.write("answers/b_bad.md", b"# T\n\xff\xfe\n");
    s.write("answers/c_weak.md", WEAK);
    let v = assert_failed_file(&s, &["--all", "answers"], "answers/b_bad.md", "UTF-8");
    assert_eq!(
        paths_of(&v),
        ["answers/a_good.md", "answers/b_bad.md", "answers/c_weak.md"]
    );
    assert_eq!(v["files"][0]["diagnostics"], serde_json::json!([]));
    let weak: Vec<String> = reported(&v)
        .into_iter()
        .filter(|(p, _)| p == "answers/c_weak.md")
        .map(|(_, r)| r)
        .collect();
    assert!(weak.contains(&"vague-term".to_string()), "{v:#}");
    assert_eq!(v["summary"]["files"], 3);
}

#[test]
fn config_flag_with_toml_syntax_error_exits_2_with_position() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    s.write(
        "broken.toml",
        "level = \"L5\"\n[rules\nvague-term = \"off\"\n",
    );
    let r = s.run(&["check", "--config", "broken.toml", "weak.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("broken.toml:2:"), "{}", r.stderr);
    let re = regex::Regex::new(r"broken\.toml:(\d+):(\d+)").unwrap();
    let caps = re.captures(&r.stderr).expect("file:line:column");
    assert_eq!(&caps[1], "2");
    assert!(caps[2].parse::<u32>().unwrap() >= 1);
    assert!(
        r.stdout.is_empty(),
        "no report on a config error: {}",
        r.stdout
    );
}

#[test]
fn config_flag_pointing_nowhere_exits_2() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let r = s.run(&["check", "--config", "absent.toml", "weak.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("absent.toml"), "{}", r.stderr);
}

#[test]
fn discovered_config_with_unknown_key_exits_2_naming_key_and_line() {
    let s = sandbox();
    s.write("proj/.mlsd.toml", "level = \"L4\"\n\nlevle = \"L5\"\n");
    s.write("proj/weak.md", WEAK);
    let v = assert_failed_file(&s, &["proj/weak.md"], "proj/weak.md", "levle");
    let err = v["files"][0]["error"].as_str().unwrap();
    assert!(err.contains(".mlsd.toml:3:1"), "{err}");
    // The human format says it as well.
    let r = s.run(&["check", "proj/weak.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains(".mlsd.toml:3:1") && r.stdout.contains("levle"));
}

#[test]
fn discovered_config_with_unknown_rule_id_exits_2() {
    let s = sandbox();
    s.write(
        "proj/.mlsd.toml",
        "# team config\n[rules]\nvague-terms = \"off\"\n",
    );
    s.write("proj/weak.md", WEAK);
    let v = assert_failed_file(&s, &["proj"], "proj/weak.md", "vague-terms");
    let err = v["files"][0]["error"].as_str().unwrap();
    assert!(err.contains(".mlsd.toml:3:1"), "{err}");
    assert!(err.contains("did you mean `vague-term`"), "{err}");
}

#[test]
fn config_with_bad_severity_exits_2() {
    let s = sandbox();
    s.write(".mlsd.toml", "[rules]\nvague-term = \"loud\"\n");
    s.write("weak.md", WEAK);
    let v = assert_failed_file(&s, &["weak.md"], "weak.md", "loud");
    assert!(v["files"][0]["error"]
        .as_str()
        .unwrap()
        .contains(".mlsd.toml:2:"));
}

#[test]
fn unknown_select_and_ignore_ids_are_usage_errors() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    for flag in ["--select", "--ignore"] {
        let r = s.run(&["check", flag, "nope", "weak.md"]);
        assert_eq!(r.code, 2, "{flag}: {r:?}");
        assert!(r.stderr.contains(&format!("{flag} nope")), "{}", r.stderr);
        assert!(r.stderr.contains("unknown rule id"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "no report: {}", r.stdout);

        let r = s.run(&["check", flag, "vague-terms", "weak.md"]);
        assert_eq!(r.code, 2, "{flag}: {r:?}");
        assert!(
            r.stderr.contains("did you mean `vague-term`"),
            "{flag}: {}",
            r.stderr
        );
    }
    // One bad id in a comma list is enough.
    let r = s.run(&["check", "--select", "vague-term,nope", "weak.md"]);
    assert_eq!(r.code, 2, "{r:?}");
}

/// BUG: ids given to --select/--ignore are only checked against the packs of the drafts
/// found, so with nothing to lint a typo passes silently with exit 0.
#[test]
fn unknown_select_id_is_a_usage_error_even_without_drafts() {
    let s = sandbox();
    std::fs::create_dir_all(s.path("empty")).unwrap();
    let r = s.run(&["check", "--select", "nope", "empty"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn bad_level_flag_exits_2() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let r = s.run(&["check", "--level", "L9", "weak.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("L9"), "{}", r.stderr);
    assert!(r.stderr.contains("L3, L4, L5 or L6"), "{}", r.stderr);
}

#[test]
fn unknown_format_is_a_usage_error() {
    let r = mlsd(&["check", "--format", "xml", "."]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("xml"), "{}", r.stderr);
}

#[test]
fn stdin_twice_is_a_usage_error() {
    let s = sandbox();
    let r = s.run_stdin(&["check", "-", "-"], WEAK.as_bytes());
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("only once"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Stdin
// ---------------------------------------------------------------------------------------

#[test]
fn stdin_is_reported_under_stdin_filename() {
    let s = sandbox();
    let r = s.run_stdin(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "answers/x.md",
            "-",
        ],
        WEAK.as_bytes(),
    );
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(paths_of(&v), ["answers/x.md"]);
    assert!(rules_of(&v).contains(&"vague-term".to_string()));
}

#[test]
fn stdin_without_a_name_is_reported_as_dash() {
    let s = sandbox();
    let r = s.run_stdin(&["check", "--format", "json", "-"], WEAK.as_bytes());
    assert_eq!(r.code, 1, "{r:?}");
    let v = r.json();
    assert_eq!(paths_of(&v), ["-"]);
    assert!(rules_of(&v).contains(&"missing-data".to_string()));
}

#[test]
fn stdin_filename_picks_the_config_of_its_folder() {
    let s = sandbox();
    s.write("answers/.mlsd.toml", "[rules]\nvague-term = \"off\"\n");
    let draft = b"# Design a feed ranker\n\nIt is fast.\n";
    let args = ["check", "--format", "json", "--select", "vague-term"];
    let named = [&args[..], &["--stdin-filename", "answers/x.md", "-"]].concat();
    let v = s.run_stdin(&named, draft).json();
    assert!(rules_of(&v).is_empty(), "answers/.mlsd.toml applies: {v:#}");
    let unnamed = [&args[..], &["-"]].concat();
    let v = s.run_stdin(&unnamed, draft).json();
    assert_eq!(
        rules_of(&v),
        ["vague-term"],
        "no config in the current folder"
    );
}

#[test]
fn stdin_with_invalid_utf8_exits_2() {
    let s = sandbox();
    let r = s.run_stdin(&["check", "--format", "json", "-"], b"# T\n\xc3\x28\n");
    assert_eq!(r.code, 2, "{r:?}");
    let v = r.json();
    assert_eq!(v["files"][0]["path"], "-");
    assert!(v["files"][0]["error"].as_str().unwrap().contains("UTF-8"));
}

// ---------------------------------------------------------------------------------------
// Folders
// ---------------------------------------------------------------------------------------

fn folder_tree(s: &Sandbox) {
    for f in [
        "z.md",
        "a/x.md",
        "a/b/y.markdown",
        "a/B/upper.MD",
        "notes.txt",
        "a/readme.rst",
        ".hidden/h.md",
        "a/.secret/s.md",
        "ignored/i.md",
        "a/skip-me.md",
    ] {
        s.write(f, WEAK);
    }
    s.write(".gitignore", "ignored/\nskip-me.md\n");
}

#[test]
fn folder_walk_finds_markdown_and_respects_ignores() {
    let s = sandbox();
    folder_tree(&s);
    let r = s.run(&["check", "--all", "--format", "json", "."]);
    assert_eq!(r.code, 1, "{r:?}");
    let paths = paths_of(&r.json());
    assert_eq!(
        paths,
        ["./a/B/upper.MD", "./a/b/y.markdown", "./a/x.md", "./z.md"],
        "sorted by name per folder; .txt, hidden and .gitignored files skipped"
    );
}

#[test]
fn no_ignore_includes_hidden_and_gitignored_files() {
    let s = sandbox();
    folder_tree(&s);
    let r = s.run(&["check", "--all", "--no-ignore", "--format", "json", "."]);
    let paths = paths_of(&r.json());
    for p in [
        "./.hidden/h.md",
        "./a/.secret/s.md",
        "./ignored/i.md",
        "./a/skip-me.md",
        "./a/x.md",
        "./z.md",
    ] {
        assert!(paths.contains(&p.to_string()), "{p} in {paths:?}");
    }
    assert!(!paths
        .iter()
        .any(|p| p.ends_with(".txt") || p.ends_with(".rst")));
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "walk order is sorted");
}

#[test]
fn folder_output_order_is_stable_across_runs() {
    let s = sandbox();
    for i in 0..12 {
        s.write(&format!("d{}/f{}.md", i % 3, 11 - i), WEAK);
    }
    let first = s.run(&["check", "--all", "--format", "json", "."]);
    let paths = paths_of(&first.json());
    assert_eq!(paths.len(), 12);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for _ in 0..3 {
        let again = s.run(&["check", "--all", "--format", "json", "."]);
        assert_eq!(again.stdout, first.stdout, "byte-identical reports");
    }
}

#[test]
fn named_non_markdown_file_is_linted() {
    let s = sandbox();
    s.write("notes.txt", WEAK);
    let v = s.run(&["check", "--format", "json", "notes.txt"]).json();
    assert_eq!(paths_of(&v), ["notes.txt"]);
    assert!(rules_of(&v).contains(&"vague-term".to_string()));
}

#[test]
fn empty_folder_is_not_an_error() {
    let s = sandbox();
    std::fs::create_dir_all(s.path("empty")).unwrap();
    let r = s.run(&["check", "empty"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("no drafts to check: no Markdown files found"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.is_empty(),
        "no 'All checked' for nothing: {}",
        r.stdout
    );
}

/// Issue 23, item 5: a folder walk linted every Markdown file (READMEs included) while the
/// editors lint drafts only (`enable = auto`). The walk now uses the editors' policy, says
/// what it skipped and why, `--all` lints every Markdown file, named files are always
/// linted, and a folder without drafts says so (exit 0: nothing to lint is not a failure).
#[test]
fn folder_walks_lint_drafts_as_the_editors_do() {
    let s = sandbox();
    s.write("README.md", WEAK);
    s.write("notes/ideas.md", WEAK);
    s.write("answers/feed.md", format!("---\nlevel: L5\n---\n{WEAK}"));
    s.write("answers/plain.md", WEAK);
    let r = s.run(&["check", "--format", "json", "."]);
    assert_eq!(paths_of(&r.json()), ["./answers/feed.md"]);
    assert!(
        r.stderr
            .contains("skipped 3 Markdown files that are not drafts")
            && r.stderr.contains("--all"),
        "{}",
        r.stderr
    );
    let v = s.run(&["check", "--all", "--format", "json", "."]).json();
    assert_eq!(paths_of(&v).len(), 4);
    // Named files are always linted.
    let v = s.run(&["check", "--format", "json", "README.md"]).json();
    assert_eq!(paths_of(&v), ["README.md"]);
    // `.mlsd.toml` include globs make drafts, as in the editors.
    s.write(".mlsd.toml", "include = [\"answers/**\"]\n");
    let v = s.run(&["check", "--format", "json", "."]).json();
    assert_eq!(paths_of(&v), ["./answers/feed.md", "./answers/plain.md"]);
    std::fs::remove_file(s.path(".mlsd.toml")).unwrap();
    // A folder of Markdown without drafts says so, names the way out and exits 0.
    let r = s.run(&["check", "notes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("no drafts to check: skipped 1 Markdown file that is not a draft")
            && r.stderr.contains("mlsd new"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_exclude_skips_walked_files_but_not_named_ones() {
    let s = sandbox();
    s.write(".mlsd.toml", "exclude = [\"drafts/**\"]\n");
    s.write("answers/a.md", WEAK);
    s.write("drafts/d.md", WEAK);
    s.write("drafts/deeper/e.md", WEAK);
    let v = s.run(&["check", "--format", "json", "."]).json();
    assert_eq!(paths_of(&v), ["./answers/a.md"]);

    let v = s.run(&["check", "--format", "json", "drafts/d.md"]).json();
    assert_eq!(
        paths_of(&v),
        ["drafts/d.md"],
        "a named file is always linted"
    );
    assert!(rules_of(&v).contains(&"vague-term".to_string()));

    let v = s
        .run(&["check", "--all", "--no-ignore", "--format", "json", "."])
        .json();
    assert_eq!(
        paths_of(&v),
        ["./answers/a.md", "./drafts/d.md", "./drafts/deeper/e.md"],
        "--no-ignore also lifts `exclude`"
    );
    // Without --all, an excluded file needs its own front matter to count as a draft.
    s.write("drafts/d.md", format!("---\nlevel: L5\n---\n{WEAK}"));
    let v = s
        .run(&["check", "--no-ignore", "--format", "json", "."])
        .json();
    assert_eq!(paths_of(&v), ["./answers/a.md", "./drafts/d.md"]);
}

#[test]
fn config_include_limits_the_walk() {
    let s = sandbox();
    s.write(".mlsd.toml", "include = [\"answers/**\"]\n");
    s.write("answers/a.md", WEAK);
    s.write("README.md", WEAK);
    let v = s.run(&["check", "--format", "json", "."]).json();
    assert_eq!(paths_of(&v), ["./answers/a.md"]);
}

/// BUG: `exclude` globs are matched against the path as typed, stripped of the config's
/// (absolute) folder only when it is a prefix, so walking the project from anywhere but
/// its own folder (`mlsd check proj` from the parent, or `..` from a subfolder) lints the
/// excluded files.
#[test]
fn config_exclude_applies_when_walking_from_another_folder() {
    let s = sandbox();
    s.write("proj/.mlsd.toml", "exclude = [\"drafts/**\"]\n");
    s.write("proj/answers/a.md", WEAK);
    s.write("proj/drafts/d.md", WEAK);
    let v = s.run(&["check", "--format", "json", "proj"]).json();
    assert_eq!(paths_of(&v), ["proj/answers/a.md"]);
    let v = s
        .run_in("proj/answers", &["check", "--format", "json", ".."])
        .json();
    assert_eq!(paths_of(&v), ["../answers/a.md"]);
}

/// BUG: duplicates are removed by exact path, so a file named explicitly and found again in
/// a walk (`a/x.md` vs `./a/x.md`) is linted and reported twice.
#[test]
fn a_file_named_and_walked_is_reported_once() {
    let s = sandbox();
    s.write("a/x.md", WEAK);
    let v = s.run(&["check", "--format", "json", "a/x.md", "."]).json();
    let paths = paths_of(&v);
    assert_eq!(paths.len(), 1, "{paths:?}");
}

// ---------------------------------------------------------------------------------------
// Settings and configuration
// ---------------------------------------------------------------------------------------

/// The `(value, source)` of a line of `--show-settings` output.
fn setting(out: &str, key: &str) -> (String, String) {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{key} ")))
        .unwrap_or_else(|| panic!("no {key} line in:\n{out}"));
    let rest = line.trim_start()[key.len()..].trim_start();
    let (value, source) = rest
        .split_once(" from ")
        .unwrap_or_else(|| panic!("no source on {line:?}"));
    (value.trim().to_string(), source.trim().to_string())
}

#[test]
fn level_precedence_shown_by_show_settings() {
    let s = sandbox();
    let nofm = "# Design a feed ranker\n";
    let fm = "---\nlevel: L5\n---\n# Design a feed ranker\n";
    s.write("bare/nofm.md", nofm);
    s.write("bare/fm.md", fm);
    s.write("cfg/.mlsd.toml", "level = \"L3\"\n");
    s.write("cfg/nofm.md", nofm);
    s.write("cfg/fm.md", fm);
    let cfg = s.path("cfg/.mlsd.toml").display().to_string();

    let cases: &[(&str, &[&str], &str, &str)] = &[
        ("bare/nofm.md", &[], "L4", "default"),
        ("bare/fm.md", &[], "L5", "front matter"),
        (
            "bare/nofm.md",
            &["--level", "L6"],
            "L6",
            "command line (--level)",
        ),
        ("cfg/nofm.md", &[], "L3", &cfg),
        ("cfg/fm.md", &[], "L5", "front matter"),
        (
            "cfg/nofm.md",
            &["--level", "L6"],
            "L6",
            "command line (--level)",
        ),
        (
            "cfg/fm.md",
            &["--level", "L6"],
            "L6",
            "command line (--level)",
        ),
        (
            "cfg/fm.md",
            &["--level", "l4"],
            "L4",
            "command line (--level)",
        ),
    ];
    for (file, extra, level, source) in cases {
        let mut args = vec!["check", "--show-settings", file];
        args.extend_from_slice(extra);
        let r = s.run(&args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert_eq!(
            setting(&r.stdout, "level"),
            (level.to_string(), source.to_string()),
            "{args:?}:\n{}",
            r.stdout
        );
    }
    let r = s.run(&["check", "--show-settings", "cfg/fm.md"]);
    assert!(
        r.stdout.contains(&format!("config file       {cfg}")),
        "{}",
        r.stdout
    );
    let r = s.run(&["check", "--show-settings", "bare/fm.md"]);
    assert!(
        r.stdout.contains("(none found; built-in defaults)"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_settings_shows_rule_overrides_and_their_source() {
    let s = sandbox();
    s.write(
        ".mlsd.toml",
        "[rules]\nvague-term = \"off\"\nmissing-data = \"error\"\n",
    );
    s.write("a.md", WEAK);
    let cfg = s.path(".mlsd.toml").display().to_string();
    let r = s.run(&["check", "--show-settings", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        setting(&r.stdout, "vague-term"),
        ("off".into(), cfg.clone())
    );
    assert_eq!(setting(&r.stdout, "missing-data"), ("error".into(), cfg));
    assert_eq!(
        setting(&r.stdout, "missing-model"),
        ("warning".into(), "default".into())
    );
    let r = s.run(&[
        "check",
        "--show-settings",
        "a.md",
        "--ignore",
        "missing-model",
    ]);
    assert_eq!(
        setting(&r.stdout, "missing-model"),
        ("off".into(), "command line (--ignore)".into())
    );
}

#[test]
fn show_settings_on_a_missing_file_exits_2() {
    let s = sandbox();
    let r = s.run(&["check", "--show-settings", "gone.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("gone.md"), "{}", r.stderr);
}

#[test]
fn config_rules_can_silence_a_rule() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let before = s.run(&["check", "--format", "json", "weak.md"]).json();
    assert!(rules_of(&before).contains(&"vague-term".to_string()));
    s.write(".mlsd.toml", "[rules]\nvague-term = \"off\"\n");
    let after = s.run(&["check", "--format", "json", "weak.md"]).json();
    let rules = rules_of(&after);
    assert!(!rules.contains(&"vague-term".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"missing-data".to_string()),
        "others still run"
    );
}

#[test]
fn config_rules_can_raise_a_rule_to_error() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    s.write(".mlsd.toml", "[rules]\nvague-term = \"error\"\n");
    let r = s.run(&["check", "--format", "json", "weak.md"]);
    let v = r.json();
    let vague = diagnostics_of(&v, "vague-term");
    assert_eq!(vague.len(), 2, "{v:#}");
    assert!(vague.iter().all(|d| d["severity"] == "error"));
    assert_eq!(diagnostics_of(&v, "missing-data")[0]["severity"], "warning");
    assert_eq!(v["summary"]["error"], 2);
    let r = s.run(&["check", "--fail-on", "error", "weak.md"]);
    assert_eq!(r.code, 1, "an error now fails --fail-on error");
}

const ALLOW_DRAFT: &str = "\
# Design a feed ranker

The ranker is blazing fast.

The cache is fast.

The page is zippy.
";

/// `(line, column)` of each vague-term finding.
fn vague_positions(v: &Value) -> Vec<(u64, u64)> {
    diagnostics_of(v, "vague-term")
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn config_allow_silences_a_phrase_but_not_the_word_elsewhere() {
    let s = sandbox();
    s.write("a.md", ALLOW_DRAFT);
    let args = [
        "check",
        "--format",
        "json",
        "--select",
        "vague-term",
        "a.md",
    ];
    let v = s.run(&args).json();
    assert_eq!(
        vague_positions(&v),
        [(3, 23), (5, 14)],
        "both flagged without allow"
    );
    s.write(".mlsd.toml", "allow = [\"blazing fast\"]\n");
    let v = s.run(&args).json();
    assert_eq!(vague_positions(&v), [(5, 14)], "only the bare `fast`");
}

#[test]
fn config_vocab_adds_a_vague_word() {
    let s = sandbox();
    s.write("a.md", ALLOW_DRAFT);
    let args = [
        "check",
        "--format",
        "json",
        "--select",
        "vague-term",
        "a.md",
    ];
    let v = s.run(&args).json();
    assert!(
        !vague_positions(&v).contains(&(7, 13)),
        "zippy is not built in"
    );
    s.write(".mlsd.toml", "[vocab]\nvague = [\"zippy\"]\n");
    let v = s.run(&args).json();
    assert!(vague_positions(&v).contains(&(7, 13)), "{v:#}");
    let zippy = diagnostics_of(&v, "vague-term")
        .into_iter()
        .find(|d| d["range"]["start"]["line"] == 7)
        .unwrap();
    assert!(zippy["message"].as_str().unwrap().contains("zippy"));
    assert_eq!(zippy["range"]["end"]["column"], 18);
}

/// "snappy" is already a built-in vague word, so this mostly checks that repeating a
/// built-in term in `[vocab]` is accepted and harmless; `zippy` above is the real test.
#[test]
fn config_vocab_snappy_is_reported() {
    let s = sandbox();
    s.write(".mlsd.toml", "[vocab]\nvague = [\"snappy\"]\n");
    s.write("a.md", "# Design a feed ranker\n\nThe feed feels snappy.\n");
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--select",
            "vague-term",
            "a.md",
        ])
        .json();
    assert_eq!(vague_positions(&v), [(3, 16)]);
}

#[test]
fn explicit_config_replaces_discovery() {
    let s = sandbox();
    s.write(".mlsd.toml", "[rules]\nvague-term = \"off\"\n");
    s.write("other.toml", "[rules]\nmissing-data = \"off\"\n");
    s.write("weak.md", WEAK);
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--config",
            "other.toml",
            "weak.md",
        ])
        .json();
    let rules = rules_of(&v);
    assert!(rules.contains(&"vague-term".to_string()), "{rules:?}");
    assert!(!rules.contains(&"missing-data".to_string()), "{rules:?}");
}

#[test]
fn select_reports_only_that_rule() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--select",
            "vague-term",
            "weak.md",
        ])
        .json();
    assert_eq!(rules_of(&v), ["vague-term", "vague-term"]);
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--select",
            "vague-term,missing-data",
            "weak.md",
        ])
        .json();
    let mut rules = rules_of(&v);
    rules.sort();
    assert_eq!(rules, ["missing-data", "vague-term", "vague-term"]);
}

#[test]
fn ignore_drops_that_rule_only() {
    let s = sandbox();
    s.write("weak.md", WEAK);
    let all = rules_of(&s.run(&["check", "--format", "json", "weak.md"]).json());
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--ignore",
            "vague-term",
            "weak.md",
        ])
        .json();
    let rules = rules_of(&v);
    let expected: Vec<String> = all.into_iter().filter(|r| r != "vague-term").collect();
    assert!(!expected.is_empty());
    assert_eq!(rules, expected);
}

#[test]
fn suppression_comments_work_end_to_end() {
    let s = sandbox();
    s.write(
        "a.md",
        "# Design a feed ranker\n\nIt is fast. <!-- mlsd-disable-line vague-term -->\n\n\
         <!-- mlsd-disable-next-line vague-term -->\nIt is huge.\n\nIt is quick.\n\n\
         It is slow. <!-- mlsd-disable-line vague-termz -->\n",
    );
    let v = s
        .run(&[
            "check",
            "--format",
            "json",
            "--select",
            "vague-term,unknown-rule-id",
            "a.md",
        ])
        .json();
    let got: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("vague-term".to_string(), 8),
            ("vague-term".to_string(), 10),
            ("unknown-rule-id".to_string(), 10),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// --fix and --diff
// ---------------------------------------------------------------------------------------

fn heading_positions(text: &str, headings: &[&str]) -> Vec<usize> {
    headings
        .iter()
        .map(|h| {
            text.find(&format!("\n{h}\n"))
                .or_else(|| text.find(&format!("\n{h}\r\n")))
                .unwrap_or_else(|| panic!("{h:?} missing from:\n{text}"))
        })
        .collect()
}

#[test]
fn fix_inserts_missing_sections_in_interview_order_and_keeps_the_rest() {
    let s = sandbox();
    s.write("a.md", FIX_ME);
    let r = s.run(&["check", "--fix", "--format", "json", "a.md"]);
    assert_ne!(r.code, 2, "{r:?}");
    let fixed = s.read_string("a.md");
    assert_ne!(fixed, FIX_ME, "the file changed");

    // Every stage heading before `## Model` lands before it, in interview order; the later
    // ones after the trailing prose.
    let pos = heading_positions(
        &fixed,
        &[
            "## Clarifying questions",
            "## Data",
            "## Features",
            "## Model",
            "## Evaluation",
            "## Serving and deployment",
            "## Monitoring",
        ],
    );
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted, "interview order:\n{fixed}");

    // Text outside the inserted sections is kept byte for byte.
    let model_at = FIX_ME.find("## Model").unwrap();
    let (prefix, rest) = FIX_ME.split_at(model_at);
    assert!(fixed.starts_with(prefix), "prefix kept:\n{fixed}");
    let fixed_model = fixed.find("## Model").unwrap();
    assert!(
        fixed[fixed_model..].starts_with(rest),
        "the model section and what follows are kept:\n{fixed}"
    );
    // Inserted text sits only between the prefix and `## Model`, and after the old end.
    let inserted_before = &fixed[prefix.len()..fixed_model];
    let inserted_after = &fixed[fixed_model + rest.len()..];
    for chunk in [inserted_before, inserted_after] {
        for line in chunk.lines().filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with("## ") || line.starts_with("<!--"),
                "only headings and prompts are inserted, got {line:?}"
            );
        }
    }

    // The report describes the fixed file: no more missing-stage findings it could fix.
    let v = r.json();
    let rules = rules_of(&v);
    for id in ["missing-clarification", "missing-data", "missing-features"] {
        assert!(!rules.contains(&id.to_string()), "{id} still reported");
    }

    // A second --fix run changes nothing.
    let r2 = s.run(&["check", "--fix", "a.md"]);
    assert_ne!(r2.code, 2);
    assert_eq!(s.read_string("a.md"), fixed, "second --fix is a no-op");
}

#[test]
fn fix_never_touches_front_matter() {
    let s = sandbox();
    // A YAML comment that looks like a Markdown heading lies inside the front matter.
    let fm = "---\nlevel: L5\n# Model notes: draft\nquestion: Design a feed ranker\n---\n";
    let body = "## Model\n\nGradient-boosted trees are the baseline.\n";
    s.write("a.md", format!("{fm}{body}"));
    let r = s.run(&["check", "--fix", "a.md"]);
    assert_ne!(r.code, 2, "{r:?}");
    let fixed = s.read_string("a.md");
    assert!(fixed.starts_with(fm), "front matter untouched:\n{fixed}");
    assert!(
        fixed[fm.len()..].starts_with("## Clarifying questions"),
        "first insertion right after the front matter:\n{fixed}"
    );
    assert!(fixed.ends_with(body) || fixed.contains(body), "{fixed}");
}

#[test]
fn fix_with_only_front_matter_appends_after_it() {
    let s = sandbox();
    let fm = "---\nlevel: L5\n---\n";
    s.write("a.md", format!("{fm}Just some words."));
    let r = s.run(&["check", "--fix", "--select", "missing-data", "a.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    let fixed = s.read_string("a.md");
    assert!(
        fixed.starts_with(&format!("{fm}Just some words.\n\n## Data\n")),
        "{fixed:?}"
    );
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let s = sandbox();
    let original = FIX_ME.replace('\n', "\r\n");
    s.write("crlf.md", &original);
    let r = s.run(&["check", "--fix", "crlf.md"]);
    assert_ne!(r.code, 2, "{r:?}");
    let fixed = s.read("crlf.md");
    assert_ne!(fixed, original.as_bytes());
    for (i, b) in fixed.iter().enumerate() {
        if *b == b'\n' {
            assert!(i > 0 && fixed[i - 1] == b'\r', "bare LF at byte {i}");
        }
        if *b == b'\r' {
            assert_eq!(fixed.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
    }
    let text = String::from_utf8(fixed.clone()).unwrap();
    heading_positions(&text, &["## Clarifying questions", "## Data", "## Model"]);
    let fm_end = original.find("# Design").unwrap();
    assert!(text.starts_with(&original[..fm_end]));
    // Idempotent too.
    s.run(&["check", "--fix", "crlf.md"]);
    assert_eq!(s.read("crlf.md"), fixed);
}

#[test]
fn fix_keeps_a_byte_order_mark() {
    let s = sandbox();
    let original = format!("\u{feff}{WEAK}");
    s.write("bom.md", &original);
    s.run(&["check", "--fix", "bom.md"]);
    let fixed = s.read_string("bom.md");
    assert!(
        fixed.starts_with("\u{feff}# Design a feed ranker\n"),
        "{fixed:?}"
    );
    assert_eq!(fixed.matches('\u{feff}').count(), 1);
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let s = sandbox();
    s.write("a.md", FIX_ME);
    let r = s.run(&["check", "--diff", "a.md"]);
    assert_eq!(r.code, 1, "changes pending: {r:?}");
    assert!(
        r.stdout.starts_with("--- a/a.md\n+++ b/a.md\n@@ "),
        "{}",
        r.stdout
    );
    for line in ["+## Data", "+## Clarifying questions", " ## Model"] {
        assert!(
            r.stdout.lines().any(|l| l == line),
            "{line:?} in:\n{}",
            r.stdout
        );
    }
    assert!(
        !r.stdout
            .lines()
            .any(|l| l.starts_with('-') && !l.starts_with("---")),
        "only insertions:\n{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("1 file(s) would be changed"),
        "{}",
        r.stderr
    );
    assert_eq!(s.read_string("a.md"), FIX_ME, "file unchanged");
}

/// Issue 23, item 9: an absolute path printed `--- a//tmp/…` (a double slash).
#[test]
fn diff_header_of_an_absolute_path_has_no_double_slash() {
    let s = sandbox();
    let p = s.write("a.md", FIX_ME);
    let abs = p.display().to_string();
    let r = s.run(&["check", "--diff", &abs]);
    assert_eq!(r.code, 1, "{r:?}");
    let head: Vec<&str> = r.stdout.lines().take(2).collect();
    assert_eq!(
        head,
        [format!("--- {abs}"), format!("+++ {abs}")],
        "{}",
        r.stdout
    );
}

#[test]
fn diff_on_a_clean_file_prints_nothing_and_exits_0() {
    let s = sandbox();
    s.write("good.md", GOOD);
    let r = s.run(&["check", "--diff", "good.md"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("0 file(s) would be changed"),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_and_fix_conflict() {
    let s = sandbox();
    s.write("a.md", FIX_ME);
    let r = s.run(&["check", "--diff", "--fix", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(s.read_string("a.md"), FIX_ME);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let s = sandbox();
    let r = s.run_stdin(&["check", "--fix", "-"], WEAK.as_bytes());
    assert_ne!(r.code, 2, "{r:?}");
    let out = &r.stdout;
    assert!(
        out.starts_with("# Design a feed ranker\n\n## Clarifying questions\n"),
        "{out}"
    );
    heading_positions(
        out,
        &[
            "## Clarifying questions",
            "## Data",
            "## Features",
            "## Model",
        ],
    );
    assert!(
        out.contains("\n## Model\n\nWe use a fast model on huge data.\n"),
        "{out}"
    );
    assert!(!out.contains("__"), "no unsafe fix without --unsafe-fixes");
    // The report goes to stderr so that stdout is only the draft.
    assert!(!out.contains("vague-term"), "{out}");
    assert!(r.stderr.contains("vague-term"), "{}", r.stderr);
}

#[test]
fn unsafe_fixes_insert_a_placeholder_after_a_vague_term() {
    let s = sandbox();
    let draft = "# Design a feed ranker\n\nThe system must be fast.\n";
    let r = s.run_stdin(
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--select",
            "vague-term",
            "-",
        ],
        draft.as_bytes(),
    );
    assert_eq!(
        r.stdout,
        "# Design a feed ranker\n\nThe system must be fast (p99 < __ ms).\n"
    );
    // Without --unsafe-fixes nothing changes.
    let r = s.run_stdin(
        &["check", "--fix", "--select", "vague-term", "-"],
        draft.as_bytes(),
    );
    assert_eq!(r.stdout, draft);
    // And on a file.
    s.write("a.md", draft);
    s.run(&[
        "check",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "vague-term",
        "a.md",
    ]);
    assert_eq!(
        s.read_string("a.md"),
        "# Design a feed ranker\n\nThe system must be fast (p99 < __ ms).\n"
    );
}

/// BUG: the placeholder does not silence the finding, and the "fixed once" memory of
/// `fix_all` lives only within one run, so every `--fix --unsafe-fixes` run adds another
/// `(p99 < __ ms)` after the same word.
#[test]
fn unsafe_fixes_twice_do_not_stack_placeholders() {
    let s = sandbox();
    s.write(
        "a.md",
        "# Design a feed ranker\n\nThe system must be fast.\n",
    );
    let args = [
        "check",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "vague-term",
        "a.md",
    ];
    s.run(&args);
    let once = s.read_string("a.md");
    s.run(&args);
    assert_eq!(s.read_string("a.md"), once, "second run must be a no-op");
}

#[test]
fn diff_with_unsafe_fixes_shows_the_placeholder() {
    let s = sandbox();
    s.write(
        "a.md",
        "# Design a feed ranker\n\nThe system must be fast.\n",
    );
    let r = s.run(&[
        "check",
        "--diff",
        "--unsafe-fixes",
        "--select",
        "vague-term",
        "a.md",
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("-The system must be fast.\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("+The system must be fast (p99 < __ ms).\n"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("--unsafe-fixes"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// mlsd rule
// ---------------------------------------------------------------------------------------

#[test]
fn rule_explains_why_and_shows_examples() {
    let pack = builtin();
    let rule = pack.rule("vague-term").expect("vague-term exists");
    let r = mlsd(&["rule", "vague-term"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("vague-term"));
    assert!(r.stdout.contains(&rule.summary), "{}", r.stdout);
    let why_start: String = rule.why.trim().lines().next().unwrap().to_string();
    assert!(r.stdout.contains(&why_start), "why:\n{}", r.stdout);
    for ex in rule.weak.iter().map(|w| &w.text).chain(&rule.strong) {
        for line in ex.lines().filter(|l| !l.trim().is_empty()) {
            assert!(r.stdout.contains(line), "example line {line:?} missing");
        }
    }
    let weak_at = r.stdout.find("Weak").expect("a weak heading");
    let strong_at = r.stdout.find("Strong").expect("a strong heading");
    assert!(weak_at < strong_at);
}

#[test]
fn rule_all_lists_every_builtin_rule() {
    let pack = builtin();
    let ids: Vec<String> = pack.rules.iter().map(|r| r.id.clone()).collect();
    assert!(!ids.is_empty());

    let r = mlsd(&["rule", "--all"]);
    assert_eq!(r.code, 0, "{r:?}");
    let listed: Vec<String> = r
        .stdout
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(listed, ids);
    assert!(
        r.stdout.contains(&format!("{} rules.", ids.len())),
        "{}",
        r.stdout
    );

    let r = mlsd(&["rule", "--all", "--format", "json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v = r.json();
    let json_ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(json_ids, ids);
    for (x, rule) in v.as_array().unwrap().iter().zip(&pack.rules) {
        assert_eq!(x["summary"], rule.summary.as_str());
    }
}

#[test]
fn unknown_rule_exits_2_with_a_suggestion() {
    let r = mlsd(&["rule", "nope"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = mlsd(&["rule", "vague-terms"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("did you mean `vague-term`"),
        "{}",
        r.stderr
    );
}

/// Issue 23, item 13: a part of an id ("vague", "baseline") suggested nothing.
#[test]
fn rule_suggests_the_ids_a_word_is_part_of() {
    let r = mlsd(&["rule", "vague"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("did you mean `vague-term`?"),
        "{}",
        r.stderr
    );
    let r = mlsd(&["rule", "Baseline"]);
    assert!(
        r.stderr.contains("did you mean `missing-baseline`?"),
        "{}",
        r.stderr
    );
    // A word several ids share names them all (a few at most).
    let r = mlsd(&["rule", "fallback"]);
    assert!(r.stderr.contains("`missing-fallback`"), "{}", r.stderr);
    let r = mlsd(&["rule", "monitoring"]);
    assert!(
        r.stderr
            .contains("did you mean one of `missing-monitoring`, `missing-drift-monitoring`?"),
        "{}",
        r.stderr
    );
    let r = mlsd(&["rule", "zzz"]);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn rule_without_an_id_is_a_usage_error() {
    let r = mlsd(&["rule"]);
    assert_eq!(r.code, 2, "{r:?}");
}

#[test]
fn rule_uses_the_discovered_config() {
    // `mlsd rule` uses the discovered config: a broken one is an error there too.
    let s = sandbox();
    s.write(".mlsd.toml", "levle = 1\n");
    let r = s.run(&["rule", "vague-term"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("levle"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// mlsd new
// ---------------------------------------------------------------------------------------

#[test]
fn new_prints_front_matter_and_every_stage_in_order() {
    let r = mlsd(&["new", "--type", "recommendation", "--level", "L5"]);
    assert_eq!(r.code, 0, "{r:?}");
    let out = &r.stdout;
    assert!(out.starts_with("---\n"), "{out}");
    let fm_end = out[4..].find("\n---\n").expect("front matter closes") + 4;
    let fm = &out[..fm_end];
    assert!(fm.lines().any(|l| l == "level: L5"), "{fm}");
    assert!(fm.lines().any(|l| l == "type: recommendation"), "{fm}");

    let pack = builtin();
    let headings: Vec<String> = pack
        .stages
        .iter()
        .map(|s| format!("## {}", s.heading))
        .collect();
    assert!(headings.len() >= 8);
    let hs: Vec<&str> = headings.iter().map(String::as_str).collect();
    let pos = heading_positions(out, &hs);
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted, "stage headings in interview order:\n{out}");
    assert!(pos[0] > fm_end, "headings come after the front matter");
}

#[test]
fn an_untouched_skeleton_covers_no_stage_and_offers_no_section_to_add() {
    let s = sandbox();
    let r = s.run(&["new", "--type", "recommendation", "--level", "L5"]);
    assert_eq!(r.code, 0, "{r:?}");
    let check = s.run_stdin(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "skeleton.md",
            "-",
        ],
        r.stdout.as_bytes(),
    );
    assert_ne!(check.code, 2, "{check:?}");
    let v = check.json();
    let stage_rules = missing_stage_rules();
    assert!(stage_rules.len() >= 8, "{stage_rules:?}");
    let rules = rules_of(&v);
    // Headings with only prompts under them answer nothing: no stage is "missing" (its
    // heading is there), but each is reported as empty at its heading, with no fix.
    for id in &stage_rules {
        assert!(
            !rules.contains(id),
            "{id} reported on the skeleton: {rules:?}"
        );
    }
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let empty: Vec<&serde_json::Value> = diags
        .iter()
        .filter(|d| d["rule"] == "empty-section")
        .collect();
    assert!(empty.len() >= stage_rules.len(), "{rules:?}");
    for d in empty {
        assert!(d["fixes"].as_array().is_none_or(|f| f.is_empty()), "{d}");
    }
    assert!(
        !rules.contains(&"invalid-front-matter".to_string()),
        "the skeleton's front matter is valid: {rules:?}"
    );
    // The draft's front matter is honoured.
    s.write("skeleton.md", &r.stdout);
    let shown = s.run(&["check", "--show-settings", "skeleton.md"]);
    assert_eq!(
        setting(&shown.stdout, "level"),
        ("L5".into(), "front matter".into())
    );
    assert_eq!(
        setting(&shown.stdout, "type"),
        ("recommendation".into(), "front matter".into())
    );
}

#[test]
fn new_rejects_bad_type_level_and_minutes() {
    let r = mlsd(&["new", "--type", "video"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("video"), "{}", r.stderr);
    assert!(
        r.stderr.contains("recommendation"),
        "lists the accepted types"
    );
    assert!(r.stdout.is_empty());
    assert_eq!(mlsd(&["new", "--level", "L9"]).code, 2);
    assert_eq!(mlsd(&["new", "--minutes", "0"]).code, 2);
}

#[test]
fn new_with_question_and_company() {
    let r = mlsd(&[
        "new",
        "--question",
        "Design a spam filter",
        "--company",
        "Acme",
        "--minutes",
        "45",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("Design a spam filter"), "{}", r.stdout);
    assert!(r.stdout.contains("minutes: 45"), "{}", r.stdout);
    assert!(r.stdout.contains("Acme"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------
// Help and version
// ---------------------------------------------------------------------------------------

#[test]
fn help_for_every_subcommand_exits_0() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["help"],
        vec!["check", "--help"],
        vec!["rule", "--help"],
        vec!["new", "--help"],
        vec!["help", "check"],
    ] {
        let r = mlsd(&args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert!(r.stdout.contains("Usage"), "{args:?}: {}", r.stdout);
    }
    let r = mlsd(&["check", "--help"]);
    for flag in [
        "--format",
        "--fix",
        "--diff",
        "--select",
        "--stdin-filename",
    ] {
        assert!(r.stdout.contains(flag), "{flag} documented");
    }
}

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        let r = mlsd(&[flag]);
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(
            r.stdout.trim(),
            format!("mlsd {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let r = mlsd(&[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("Usage"), "{}", r.stderr);
}

#[test]
fn json_carries_the_profile_and_human_prints_it_on_request() {
    let s = sandbox();
    s.write("good.md", GOOD);
    let v = s.run(&["check", "--format", "json", "good.md"]).json();
    let p = &v["files"][0]["profile"];
    assert_eq!(p["stages_total"], 11);
    assert_eq!(p["stages_covered"], 10);
    assert_eq!(p["missing_stages"][0], "deep-dive");
    assert_eq!(p["level"], "L4");
    assert!(p["data_share"].as_f64().unwrap() > 0.2);
    assert_eq!(p["stages"].as_array().unwrap().len(), 11);
    let plain = s.run(&["check", "good.md"]);
    assert!(!plain.stdout.contains("profile"));
    let with = s.run(&["check", "--profile", "good.md"]);
    assert!(with.stdout.contains("good.md profile"), "{}", with.stdout);
    assert!(
        with.stdout
            .contains("stages      10/11 (missing: deep-dive)"),
        "{}",
        with.stdout
    );
    s.write("weak.md", WEAK);
    let weak = s.run(&["check", "--profile", "weak.md"]);
    assert!(weak.stdout.contains("missing: clarify"), "{}", weak.stdout);
}

#[test]
fn new_takes_a_question_from_the_bank() {
    let s = sandbox();
    let r = s.run(&["new", "--question", "discover weekly"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("company: Spotify"), "{}", r.stdout);
    assert!(r.stdout.contains("type: recommendation"));
    assert!(r
        .stdout
        .contains("# Design Spotify Discover Weekly playlist generation"));
    // Free text that is not in the bank is kept as written.
    let r = s.run(&["new", "--question", "Design a parking spot predictor"]);
    assert!(r.stdout.contains("# Design a parking spot predictor"));
    assert!(!r.stdout.contains("company:"));
    let list = s.run(&["new", "--list-questions"]);
    assert_eq!(list.code, 0);
    for company in [
        "Meta",
        "Google",
        "Amazon",
        "Uber/Lyft",
        "Netflix",
        "Spotify",
    ] {
        assert!(list.stdout.contains(company), "{company}");
    }
}

/// Issue 23, item 1: `new --question` wrote `type: other` for a question not in the bank,
/// while `check` infers the type from the same words. One inference serves both, and `new`
/// says when a question is not in the bank.
#[test]
fn new_infers_the_type_of_a_question_as_check_does() {
    let s = sandbox();
    let q = "Design the Facebook Groups recommendation system";
    let r = s.run(&["new", "--question", q]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("type: recommendation"), "{}", r.stdout);
    assert!(
        r.stderr.contains("not in the question bank"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("recommendation"), "{}", r.stderr);
    for q in [
        "Design the Facebook Groups recommendation system",
        "Design a search ranking system for an online store",
        "Design a system that flags fraudulent card payments",
        "Design a model that forecasts hourly demand for bikes",
        "Design a parking spot predictor",
        "Design an image captioning service",
    ] {
        let new = s.run(&["new", "--question", q]);
        let written = new
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("type: "))
            .unwrap_or_else(|| panic!("no type line:\n{}", new.stdout))
            .to_string();
        s.write("title.md", format!("# {q}\n"));
        let v = s.run(&["check", "--format", "json", "title.md"]).json();
        let inferred = v["files"][0]["profile"]["problem_type"].as_str().unwrap();
        assert_eq!(written, inferred, "{q}");
    }
    // A question from the bank is found there and says nothing.
    let r = s.run(&["new", "--question", "discover weekly"]);
    assert!(
        !r.stderr.contains("not in the question bank"),
        "{}",
        r.stderr
    );
}

/// Issue 23, item 3: company level names (`E5`, `L7`, `SDE II`, `senior`) were rejected
/// ("not a level … using the default": judged at L4). They are ladder names in rules/, mapped
/// onto L3–L6, and `--show-settings` shows the mapping.
#[test]
fn company_level_names_are_levels() {
    let s = sandbox();
    s.write(
        "e5.md",
        "---\nlevel: E5\n---\n# Design the Facebook Groups recommendation system\n",
    );
    let v = s.run(&["check", "--format", "json", "e5.md"]).json();
    assert_eq!(v["files"][0]["profile"]["level"], "L5");
    assert!(!rules_of(&v).contains(&"invalid-front-matter".to_string()));
    let shown = s.run(&["check", "--show-settings", "e5.md"]).stdout;
    let (level, source) = setting(&shown, "level");
    assert_eq!(level, "L5");
    assert!(source.contains("E5") && source.contains("Meta"), "{shown}");
    for needle in [
        "level names:",
        "Meta",
        "E7",
        "Google",
        "L7",
        "SDE II",
        "senior",
    ] {
        assert!(shown.contains(needle), "{needle} in:\n{shown}");
    }
    for (flag, level) in [
        ("L7", "L6"),
        ("sde-ii", "L4"),
        ("Senior", "L5"),
        ("e3", "L3"),
    ] {
        let v = s
            .run(&["check", "--format", "json", "--level", flag, "e5.md"])
            .json();
        assert_eq!(v["files"][0]["profile"]["level"], level, "--level {flag}");
    }
    s.write(".mlsd.toml", "level = \"staff\"\n");
    s.write("plain.md", "---\ntype: ranking\n---\n# Design a feed\n");
    let v = s.run(&["check", "--format", "json", "plain.md"]).json();
    assert_eq!(v["files"][0]["profile"]["level"], "L6");
    let r = s.run(&["new", "--level", "E6"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("level: L6\n"), "{}", r.stdout);
    // Not a level anywhere: the message names the ladders' kind of names.
    let r = s.run(&["check", "--level", "E9", "e5.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ladder"), "{}", r.stderr);
}

/// The `≈ N min` budget under each stage heading of a `mlsd new` skeleton, in order.
fn skeleton_budgets(skeleton: &str) -> Vec<f64> {
    skeleton
        .lines()
        .filter_map(|l| l.strip_prefix("<!-- ≈ "))
        .filter_map(|l| l.split(" min").next())
        .map(|m| m.parse::<f64>().unwrap_or_else(|_| panic!("budget {m:?}")))
        .collect()
}

/// Issue 23, item 2: `new --minutes 45` (and 30) printed the 60-minute budgets (7, 5, 5, 8,
/// 5, 5, 2, 15, 5 = 57 min). The budgets scale with the interview length, in `new`, the
/// profile and `over-time`; a company whose loop is 45 minutes carries that as its default.
#[test]
fn budgets_scale_with_the_interview_length() {
    let s = sandbox();
    // One figure per stage; a budget shared by two stages (clarify + framing, training +
    // evaluation) shows under both. Scaled to the half minute.
    for (minutes, want) in [
        (
            "60",
            [7.0, 7.0, 5.0, 5.0, 8.0, 5.0, 5.0, 5.0, 2.0, 15.0, 5.0],
        ),
        (
            "45",
            [5.5, 5.5, 4.0, 4.0, 6.0, 4.0, 4.0, 4.0, 1.5, 11.5, 4.0],
        ),
        (
            "30",
            [3.5, 3.5, 2.5, 2.5, 4.0, 2.5, 2.5, 2.5, 1.0, 7.5, 2.5],
        ),
    ] {
        let b = skeleton_budgets(&s.run(&["new", "--minutes", minutes]).stdout);
        assert_eq!(b, want, "--minutes {minutes}");
    }
    // The profile's budgets follow the draft's minutes.
    s.write(
        "d.md",
        "---\nminutes: 30\n---\n# Design a feed ranker\n\n## Model\n\nTrees.\n",
    );
    let v = s.run(&["check", "--format", "json", "d.md"]).json();
    let stages = v["files"][0]["profile"]["stages"]
        .as_array()
        .unwrap()
        .clone();
    let model = stages.iter().find(|st| st["id"] == "model").unwrap();
    assert_eq!(model["budget_minutes"], 4.0, "8 of 60 minutes is 4 of 30");
    // over-time: a model section of ≈ 10 min (1,500 words at 150 a minute) is more than twice
    // the 4 minutes of a 30-minute interview, not of the 8 of a 60-minute one.
    let long = "We weigh trees against a linear model here. ".repeat(170);
    let draft = |minutes: u32| {
        format!("---\nminutes: {minutes}\n---\n# Design a feed ranker\n\n## Model\n\n{long}\n")
    };
    let over = |minutes: u32| {
        s.write("long.md", draft(minutes));
        let v = s.run(&["check", "--format", "json", "long.md"]).json();
        diagnostics_of(&v, "over-time")
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("Model"))
    };
    assert!(over(30), "10 min of model talk in a 30-minute interview");
    assert!(!over(60), "10 min of model talk in a 60-minute interview");
    // A company's default length (rules/companies.toml), under the draft's own `minutes`.
    let r = s.run(&["new", "--company", "Meta"]);
    assert!(r.stdout.contains("minutes: 45\n"), "{}", r.stdout);
    s.write(
        "meta.md",
        "---\ncompany: Meta\n---\n# Design a feed ranker\n",
    );
    let shown = s.run(&["check", "--show-settings", "meta.md"]).stdout;
    let (m, source) = setting(&shown, "minutes");
    assert_eq!(m, "45");
    assert!(source.contains("Meta"), "{shown}");
    s.write(
        "meta60.md",
        "---\ncompany: Meta\nminutes: 60\n---\n# Design a feed ranker\n",
    );
    let shown = s.run(&["check", "--show-settings", "meta60.md"]).stdout;
    assert_eq!(
        setting(&shown, "minutes"),
        ("60".into(), "front matter".into())
    );
}

/// The `## ` heading a line of `text` sits under.
fn section_of<'t>(text: &'t str, line_prefix: &str) -> &'t str {
    let mut section = "";
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h;
        }
        if line.starts_with(line_prefix) {
            return section;
        }
    }
    panic!("no line starting {line_prefix:?} in:\n{text}")
}

/// Whether a `(≈ …)` placeholder opens inside another one on some line.
fn nested_placeholder(text: &str) -> Option<&str> {
    text.lines().find(|line| {
        let mut open: Vec<bool> = Vec::new();
        let mut rest = *line;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("(≈") {
                if open.iter().any(|p| *p) {
                    return true;
                }
                open.push(true);
            } else if c == '(' {
                open.push(false);
            } else if c == ')' {
                open.pop();
            }
            rest = &rest[c.len_utf8()..];
        }
        false
    })
}

/// Issue 23, items 7 and 8: `--unsafe-fixes` wrote "Fallback: (≈ what users get when the
/// model is slow (≈ N unit), down or wrong)", and inserted lines landed at the end of the
/// draft (the fallback and rollout lines under "Questions for the interviewer"). A fix's text
/// is never fixed again in the same pass, and each line goes into the stage it belongs to.
#[test]
fn inserted_lines_go_to_their_stage_and_are_not_fixed_again() {
    let s = sandbox();
    let weak =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/weak.md"))
            .unwrap();
    s.write("weak.md", &weak);
    let r = s.run(&["check", "--fix", "--unsafe-fixes", "weak.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    let fixed = s.read_string("weak.md");
    assert_eq!(nested_placeholder(&fixed), None, "{fixed}");
    let mut placed = 0;
    for (line, stage) in [
        ("Labels:", "Data"),
        ("Baseline:", "Model"),
        ("Business metric:", "Evaluation"),
        ("Online test:", "Evaluation"),
        ("Latency target:", "Serving"),
        ("Rollout:", "Serving"),
        ("Fallback:", "Serving"),
        ("Drift:", "Monitoring"),
    ] {
        // A rule about a section's content (labels in Data, drift in Monitoring) waits
        // until the inserted section has words in it; the lines that are inserted go to
        // their stage.
        if fixed.lines().any(|l| l.starts_with(line)) {
            placed += 1;
            assert_eq!(section_of(&fixed, line), stage, "{line}\n{fixed}");
        }
    }
    assert!(placed >= 4, "only {placed} lines inserted:\n{fixed}");
    let diff = s.run(&["check", "--diff", "--unsafe-fixes", "weak.md"]);
    assert_eq!(nested_placeholder(&diff.stdout), None, "{}", diff.stdout);

    // No serving section: the fallback line brings its stage's heading, at its place in
    // interview order (after Model, before the questions for the interviewer).
    let draft = "---\nlevel: L5\ntype: recommendation\n---\n# Design a video recommendation system\n\n## Model\n\nTwo towers retrieve 500 candidates.\n\n## Questions for the interviewer\n\n- How do you ship?\n";
    s.write("noserve.md", draft);
    let r = s.run(&[
        "check",
        "--fix",
        "--unsafe-fixes",
        "--select",
        "missing-fallback",
        "noserve.md",
    ]);
    let fixed = s.read_string("noserve.md");
    assert_eq!(r.code, 0, "{r:?}\n{fixed}");
    assert_eq!(
        section_of(&fixed, "Fallback:"),
        "Serving and deployment",
        "{fixed}"
    );
    let pos = |needle: &str| {
        fixed
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{fixed}"))
    };
    assert!(pos("## Model") < pos("## Serving and deployment"));
    assert!(pos("## Serving and deployment") < pos("## Questions for the interviewer"));
    assert!(
        fixed.starts_with(draft.split("## Questions").next().unwrap()),
        "{fixed}"
    );
}

/// Issue 23, item 6: `--fix` said nothing about what it changed. It lists each applied fix
/// (line, rule, what it did) per file, and what is left.
#[test]
fn fix_prints_what_it_applied_and_what_is_left() {
    let s = sandbox();
    s.write("a.md", FIX_ME);
    let r = s.run(&["check", "--fix", "a.md"]);
    assert_eq!(r.code, 1, "{r:?}");
    let fixed = s.read_string("a.md");
    let out = &r.stdout;
    assert!(out.contains("Fixed a.md ("), "{out}");
    // One line per fix: the line where its text now starts, the rule and the fix's title.
    let data_line = fixed.lines().position(|l| l == "## Data").unwrap() + 1;
    let data_rule = missing_stage_rules()
        .into_iter()
        .find(|r| r.ends_with("data"))
        .unwrap();
    let entry = out
        .lines()
        .find(|l| l.contains("Add the “Data” section"))
        .unwrap_or_else(|| panic!("no Data entry in:\n{out}"));
    assert!(entry.contains(&data_rule), "{entry}");
    assert!(
        entry.trim_start().starts_with(&format!("{data_line} ")),
        "line {data_line}: {entry}"
    );
    // What is left: the count matches the report, and placeholder fixes are pointed out.
    let left = s.run(&["check", "--format", "json", "a.md"]).json();
    let n = left["files"][0]["diagnostics"].as_array().unwrap().len();
    assert!(
        out.contains(&format!("{n} problems left")),
        "{n} in:\n{out}"
    );
    assert!(out.contains("--unsafe-fixes"), "{out}");
    // JSON stays JSON: the summary goes to stderr.
    s.write("b.md", FIX_ME);
    let r = s.run(&["check", "--fix", "--format", "json", "b.md"]);
    let _ = r.json();
    assert!(r.stderr.contains("Fixed b.md ("), "{}", r.stderr);
    // Nothing to fix: no per-file block, but the total says so.
    let r = s.run(&["check", "--fix", "a.md"]);
    assert!(!r.stdout.contains("Fixed a.md"), "{}", r.stdout);
    assert!(r.stdout.contains("No fixes applied"), "{}", r.stdout);
}
