//! README.md's examples of output are the real output (issue 23, item 13): each sits between
//! `<!-- example:NAME:start … -->` and `<!-- example:NAME:end -->` and is generated here from
//! the binary. A stale example fails the test; `MLSD_UPDATE_README=1 cargo test --test
//! readme_examples` rewrites README.md.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "support/sandbox.rs"]
mod sandbox;

/// Runs the binary from the repository root, as the README's commands are written.
fn mlsd(args: &[&str]) -> (i32, String) {
    let r = sandbox::Mlsd::new(args)
        .cwd(repo())
        .env_remove("NO_COLOR")
        .run();
    (r.code, r.stdout)
}

/// Keys in the order mlsd writes them (serde_json's map here sorts them).
const KEY_ORDER: &[&str] = &[
    "version", "files", "path", "rule", "severity", "message", "range", "start", "end", "line",
    "column", "stage", "text", "how", "fixes", "title", "safe", "edits", "new_text", "summary",
    "error", "warning", "info", "hint",
];

/// JSON on one line, with a space after `:` and `,` (as the README prints nested values).
fn compact(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("[{}]", a.iter().map(compact).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let mut entries: Vec<(&String, &Value)> = o.iter().collect();
            entries.sort_by_key(|(k, _)| {
                KEY_ORDER
                    .iter()
                    .position(|x| x == k)
                    .unwrap_or(KEY_ORDER.len())
            });
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), compact(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// `mlsd check --color never examples/weak.md`, as the README's examples quote it.
fn weak_report() -> String {
    let (code, out) = mlsd(&["check", "--color", "never", "examples/weak.md"]);
    assert_eq!(code, 1, "{out}");
    out
}

/// The line-findings example: the findings on the line that says the system "needs to be
/// fast", with the line and its carets, as `mlsd check examples/weak.md` prints them.
fn finding_example() -> String {
    let out = weak_report();
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(" vague-term “fast”"))
        .unwrap_or_else(|| panic!("no vague-term finding on “fast” in:\n{out}"));
    // The group: headlines of that line back to the first, then the excerpt and carets.
    let prefix = lines[at].split(' ').next().unwrap_or("");
    let line_prefix = prefix.rsplit_once(':').map_or(prefix, |(l, _)| l);
    let mut start = at;
    while start > 0 && lines[start - 1].starts_with(&format!("{line_prefix}:")) {
        start -= 1;
    }
    let end = lines[at..]
        .iter()
        .position(|l| l.is_empty())
        .map_or(lines.len(), |i| at + i);
    format!("```text\n{}\n```\n", lines[start..end].join("\n"))
}

/// The block of the report that starts with the line starting with `head`, up to the next
/// empty line.
fn block(out: &str, head: &str) -> String {
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(head))
        .unwrap_or_else(|| panic!("no line starting with {head:?} in:\n{out}"));
    let end = lines[start..]
        .iter()
        .position(|l| l.is_empty())
        .map_or(lines.len(), |i| start + i);
    format!("```text\n{}\n```\n", lines[start..end].join("\n"))
}

/// The "missing from this answer" block of examples/weak.md.
fn missing_example() -> String {
    block(&weak_report(), "examples/weak.md missing from this answer")
}

/// The scorecard of examples/weak.md.
fn card_example() -> String {
    block(&weak_report(), "examples/weak.md score ")
}

/// The JSON scorecard example: the real `"scorecard"` of examples/weak.md, each dimension's
/// `evidence` and `missing` cut to their first entry.
fn scorecard_json_example() -> String {
    let (code, out) = mlsd(&["check", "--format", "json", "examples/weak.md"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let card = &v["files"][0]["scorecard"];
    let mut s = String::from("```json\n\"scorecard\": {\n");
    for key in ["overall", "grade", "level"] {
        s.push_str(&format!("  \"{key}\": {},\n", card[key]));
    }
    s.push_str("  \"dimensions\": [\n");
    let dims: Vec<String> = card["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .map(|d| {
            let first = |key: &str| {
                let all = d[key].as_array().cloned().unwrap_or_default();
                Value::Array(all.into_iter().take(1).collect())
            };
            format!(
                "    {{\"id\": {}, \"name\": {}, \"grade\": {}, \"score\": {},\n     \"evidence\": {},\n     \"missing\": {}}}",
                d["id"],
                d["name"],
                d["grade"],
                d["score"],
                compact(&first("evidence")),
                compact(&first("missing"))
            )
        })
        .collect();
    s.push_str(&dims.join(",\n"));
    s.push_str("\n  ],\n  \"fix_first\": [\n");
    let fixes: Vec<String> = card["fix_first"]
        .as_array()
        .expect("fix_first")
        .iter()
        .map(|f| format!("    {}", compact(f)))
        .collect();
    s.push_str(&fixes.join(",\n"));
    s.push_str("\n  ]\n}\n```\n");
    s
}

/// The JSON example: the real report of examples/weak.md with one diagnostic (the one the
/// finding example shows) and without the profile, and a sentence saying so.
fn json_example() -> String {
    let (code, out) = mlsd(&["check", "--format", "json", "examples/weak.md"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let file = &v["files"][0];
    let all = file["diagnostics"].as_array().expect("diagnostics");
    let d = all
        .iter()
        .find(|d| {
            d["rule"] == "vague-term" && d["message"].as_str().unwrap_or("").starts_with("“fast”")
        })
        .expect("the vague-term finding on “fast”");
    let mut s = String::from("```json\n{\n");
    s.push_str(&format!("  \"version\": {},\n", v["version"]));
    s.push_str("  \"files\": [\n    {\n");
    s.push_str(&format!("      \"path\": {},\n", file["path"]));
    s.push_str("      \"diagnostics\": [\n        {\n");
    for key in ["rule", "severity", "message"] {
        s.push_str(&format!("          \"{key}\": {},\n", d[key]));
    }
    s.push_str(&format!("          \"range\": {},\n", compact(&d["range"])));
    s.push_str("          \"fixes\": [\n");
    let fixes: Vec<String> = d["fixes"]
        .as_array()
        .expect("fixes")
        .iter()
        .map(|f| format!("            {}", compact(f)))
        .collect();
    s.push_str(&fixes.join(",\n"));
    s.push_str("\n          ]\n        }\n      ]\n    }\n  ],\n");
    s.push_str(&format!(
        "  \"summary\": {}\n}}\n```\n",
        compact(&v["summary"])
    ));
    s.push_str(&format!(
        "\nThat is `mlsd check --format json examples/weak.md` cut down to one of its {} diagnostics\nand without the file's `\"profile\"` and `\"scorecard\"` (below).\n",
        all.len()
    ));
    s
}

/// `mlsd ARGS` over a copy of the practice-history fixture (the README's progress examples).
fn over_fixture_history(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        repo().join("tests/fixtures/history/schedule.jsonl"),
        tmp.path().join("history.jsonl"),
    )
    .expect("fixture");
    let out = sandbox::Mlsd::new(args)
        .cwd(repo())
        .env("MLSD_DATA_DIR", tmp.path())
        .env("MLSD_CONFIG_DIR", tmp.path().join("config"))
        .run();
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    let shown = args.join(" ");
    format!("```console\n$ mlsd {shown}\n{}```\n", out.stdout)
}

/// `mlsd ARGS` from the repository root as a console block, its exit code checked.
fn console(args: &[&str], code: i32, keep: impl Fn(&str) -> bool) -> String {
    let (got, out) = mlsd(args);
    assert_eq!(got, code, "{args:?}: {out}");
    let kept: Vec<&str> = out.lines().filter(|l| keep(l)).collect();
    assert!(!kept.is_empty(), "{args:?} printed nothing to show: {out}");
    format!(
        "```console\n$ mlsd {}\n{}\n```\n",
        args.join(" "),
        kept.join("\n")
    )
}

/// The typical figures of one problem type and kind (after the rule's explanation).
fn numbers_figures_example() -> String {
    let args = [
        "rule",
        "vague-term",
        "--type",
        "ranking",
        "--category",
        "scale",
    ];
    let (code, out) = mlsd(&args);
    assert_eq!(code, 0, "{out}");
    let from = out
        .find("**Typical figures")
        .expect("the figures follow the rule");
    format!(
        "```console\n$ mlsd {}\n…\n{}```\n",
        args.join(" "),
        &out[from..]
    )
}

/// README.md with the region `name` replaced by `body`.
fn with_region(readme: &str, name: &str, body: &str) -> String {
    let start_tag = format!("<!-- example:{name}:start");
    let end_tag = format!("<!-- example:{name}:end -->");
    let start = readme
        .find(&start_tag)
        .unwrap_or_else(|| panic!("README.md has no {start_tag} … -->"));
    let body_start = start + readme[start..].find("-->\n").expect("end of the start tag") + 4;
    let end = readme[body_start..]
        .find(&end_tag)
        .map(|i| body_start + i)
        .unwrap_or_else(|| panic!("README.md has no {end_tag}"));
    format!("{}{body}{}", &readme[..body_start], &readme[end..])
}

#[test]
fn readme_examples_are_the_real_output() {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let mut want = with_region(&readme, "finding", &finding_example());
    want = with_region(&want, "missing", &missing_example());
    want = with_region(&want, "card", &card_example());
    want = with_region(&want, "json", &json_example());
    want = with_region(&want, "scorecard-json", &scorecard_json_example());
    want = with_region(&want, "numbers-figures", &numbers_figures_example());
    want = with_region(
        &want,
        "numbers-derived",
        &console(
            &[
                "check",
                "--select",
                "inconsistent-numbers",
                "--profile",
                "--no-score",
                "--color",
                "never",
                "tests/fixtures/numbers/right.md",
            ],
            0,
            |l| l.contains(" derived "),
        ),
    );
    want = with_region(
        &want,
        "numbers-conflict",
        &console(
            &[
                "check",
                "--select",
                "inconsistent-numbers",
                "--no-score",
                "--color",
                "never",
                "tests/fixtures/numbers/wrong.md",
            ],
            0,
            |_| true,
        ),
    );
    want = with_region(
        &want,
        "progress",
        &over_fixture_history(&["progress", "--color", "never"]),
    );
    want = with_region(
        &want,
        "next",
        &over_fixture_history(&["next", "--why", "--today", "2026-11-05"]),
    );
    if want == readme {
        return;
    }
    if std::env::var_os("MLSD_UPDATE_README").is_some() {
        std::fs::write(&path, &want).expect("write README.md");
        return;
    }
    let diff: Vec<String> = readme
        .lines()
        .zip(want.lines())
        .filter(|(a, b)| a != b)
        .take(6)
        .map(|(a, b)| format!("- {a}\n+ {b}"))
        .collect();
    panic!(
        "README.md's examples differ from the real output; run\n  MLSD_UPDATE_README=1 cargo test --test readme_examples\n{}",
        diff.join("\n")
    );
}

/// The quick start's claims: the weak example fails, the strong ones pass, and the setup
/// command for a Meta E5 interview writes what the README says it writes.
#[test]
fn readme_quick_start_holds() {
    assert_eq!(mlsd(&["check", "examples/weak.md"]).0, 1);
    for strong in ["examples/strong.md", "examples/strong-recommendation.md"] {
        let (code, out) = mlsd(&["check", strong]);
        assert_eq!(code, 0, "{strong}:\n{out}");
    }
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let cmd = readme
        .lines()
        .find(|l| l.starts_with("mlsd new --question"))
        .expect("the setup command");
    let args: Vec<String> = shell_words(cmd.split(" > ").next().unwrap_or(cmd));
    let args: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let (code, out) = mlsd(&args);
    assert_eq!(code, 0, "{out}");
    for line in [
        "level: L5",
        "type: recommendation",
        "company: Meta",
        "minutes: 45",
    ] {
        assert!(out.lines().any(|l| l == line), "{line} in:\n{out}");
    }
    assert!(
        Path::new(&repo().join("examples/strong-recommendation.md")).exists()
            && readme.contains("examples/strong-recommendation.md"),
        "README links the strong recommendation example"
    );
    // No placeholder for the reader to guess.
    assert!(
        !readme.contains("OWNER"),
        "README still has an OWNER placeholder"
    );
}

/// Splits a command line on spaces, keeping "double-quoted" words whole.
fn shell_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
