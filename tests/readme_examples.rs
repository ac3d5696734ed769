//! README.md's examples of output are the real output (issue 23, item 13): each sits between
//! `<!-- example:NAME:start … -->` and `<!-- example:NAME:end -->` and is generated here from
//! the binary. A stale example fails the test; `MLSD_UPDATE_README=1 cargo test --test
//! readme_examples` rewrites README.md.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the repository root, as the README's commands are written.
fn mlsd(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mlsd"))
        .args(args)
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .output()
        .expect("run mlsd");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
    )
}

/// Keys in the order mlsd writes them (serde_json's map here sorts them).
const KEY_ORDER: &[&str] = &[
    "version", "files", "path", "rule", "severity", "message", "range", "start", "end", "line",
    "column", "fixes", "title", "safe", "edits", "new_text", "summary", "error", "warning", "info",
    "hint",
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

/// The "What a finding looks like" example: the first vague-term finding on the line that
/// says the system "needs to be fast", as `mlsd check examples/weak.md` prints it.
fn finding_example() -> String {
    let (code, out) = mlsd(&["check", "--color", "never", "examples/weak.md"]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(" vague-term “fast”"))
        .unwrap_or_else(|| panic!("no vague-term finding on “fast” in:\n{out}"));
    format!("```text\n{}\n```\n", lines[at..at + 3].join("\n"))
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
        "\nThat is `mlsd check --format json examples/weak.md` cut down to one of its {} diagnostics\nand without the file's `\"profile\"` (below).\n",
        all.len()
    ));
    s
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
    want = with_region(&want, "json", &json_example());
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
