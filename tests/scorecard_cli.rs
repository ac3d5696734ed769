//! The scorecard at the command line: the grouped human report and its options (`--quiet`,
//! `--no-score`, `--profile`, colours), `--format html` with `--output`, and bad input.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[path = "support/sandbox.rs"]
mod sandbox;

fn mlsd_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut m = sandbox::Mlsd::new(args).cwd(dir).env_remove("NO_COLOR");
    for (k, v) in env {
        m = m.env(k, v);
    }
    let r = m.run();
    (r.code, r.stdout, r.stderr)
}

fn mlsd(args: &[&str]) -> (i32, String, String) {
    mlsd_in(&repo(), args, &[])
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let (_, out, err) = mlsd(&all);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"))
}

#[test]
fn the_weak_example_is_grouped_with_the_card_and_three_fixes() {
    let (code, out, _) = mlsd(&["check", "--color", "never", "examples/weak.md"]);
    assert_eq!(code, 1);
    let report = json(&["examples/weak.md"]);
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let block_at = lines
        .iter()
        .position(|l| *l == "examples/weak.md missing from this answer")
        .expect("the missing block");
    let block: Vec<&str> = lines[block_at + 1..]
        .iter()
        .take_while(|l| l.starts_with("  "))
        .copied()
        .collect();
    // One line per whole-answer finding, none repeated, no excerpt.
    let headlines = lines
        .iter()
        .filter(|l| l.starts_with("examples/weak.md:"))
        .count();
    assert_eq!(headlines + block.len(), diagnostics.len(), "{out}");
    assert!(block.iter().all(|l| !l.contains(" | ")));
    // The title line is never echoed as an excerpt.
    assert!(
        !out.contains(" 6 | # Design a system to detect fraudulent product reviews"),
        "{out}"
    );
    // The card: headline, six dimensions, fix first with at most three lines.
    let card_at = lines
        .iter()
        .position(|l| l.starts_with("examples/weak.md score "))
        .expect("the card");
    for (i, d) in [
        "framing",
        "data",
        "modeling",
        "integration",
        "tradeoffs",
        "communication",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            lines[card_at + 1 + i].starts_with(&format!("  {d} ")),
            "{}",
            lines[card_at + 1 + i]
        );
    }
    assert_eq!(lines[card_at + 7], "fix first");
    let fixes = lines[card_at + 8..]
        .iter()
        .take_while(|l| l.starts_with("  ") && l.contains(". "))
        .count();
    assert!((1..=3).contains(&fixes), "{out}");
    assert!(out.ends_with("in 1 file.\n"));
}

#[test]
fn quiet_no_score_and_profile() {
    let report = json(&["examples/weak.md"]);
    let n = report["files"][0]["diagnostics"].as_array().unwrap().len();
    // --quiet: the old one line per finding, then the summary; no card.
    let (_, quiet, _) = mlsd(&["check", "--quiet", "examples/weak.md"]);
    assert_eq!(quiet.lines().count(), n + 1, "{quiet}");
    assert!(!quiet.contains("score ") && !quiet.contains(" | "));
    // --no-score: no card in human output, none in JSON.
    let (_, plain, _) = mlsd(&["check", "--no-score", "examples/weak.md"]);
    assert!(!plain.contains("examples/weak.md score "), "{plain}");
    assert!(plain.contains("missing from this answer"));
    let j = json(&["--no-score", "examples/weak.md"]);
    assert!(j["files"][0].get("scorecard").is_none());
    assert!(j["files"][0].get("profile").is_some());
    // --profile: the card stands where the rubric line stood; with --no-score, the rubric.
    let (_, profile, _) = mlsd(&["check", "--profile", "examples/weak.md"]);
    assert!(
        profile.contains("  score ") && !profile.contains("rubric"),
        "{profile}"
    );
    assert_eq!(
        profile.matches(" score ").count(),
        1,
        "the card once: {profile}"
    );
    let (_, rubric, _) = mlsd(&["check", "--profile", "--no-score", "examples/weak.md"]);
    assert!(
        rubric.contains("rubric") && !rubric.contains("  score "),
        "{rubric}"
    );
}

#[test]
fn colours_follow_the_terminal_and_no_color() {
    let (_, always, _) = mlsd(&["check", "--color", "always", "examples/weak.md"]);
    assert!(always.contains("\x1b[33mweak"), "the grade is coloured");
    let (_, off, _) = mlsd_in(
        &repo(),
        &["check", "--color", "always", "examples/weak.md"],
        &[("NO_COLOR", "1")],
    );
    assert!(!off.contains('\x1b'));
    // Not a terminal (a pipe): no colour by default.
    let (_, piped, _) = mlsd(&["check", "examples/weak.md"]);
    assert!(!piped.contains('\x1b'));
}

#[test]
fn html_goes_to_output_and_several_drafts_share_one_page() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("report.html");
    let page_s = page.to_string_lossy().to_string();
    let (code, out, err) = mlsd(&[
        "check",
        "--format",
        "html",
        "--output",
        &page_s,
        "examples/weak.md",
        "examples/strong.md",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "--output leaves stdout empty");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<tr class=\"dimension\"").count(), 12);
    assert_eq!(html.matches("class=\"summary-row\"").count(), 2);
    for banned in [
        "<script", "http://", "https://", "<link", "@import", "src=\"",
    ] {
        assert!(!html.contains(banned), "self-contained: no {banned}");
    }
    // --no-score leaves the card out of the page too.
    let (_, html2, _) = mlsd(&[
        "check",
        "--format",
        "html",
        "--no-score",
        "examples/weak.md",
    ]);
    assert!(!html2.contains("class=\"dimension\""));
    assert!(html2.contains("id=\"f0-L12\""));
    // A folder that cannot be written is a clear error, exit 2.
    let (code, _, err) = mlsd(&[
        "check",
        "--format",
        "html",
        "--output",
        "/nonexistent-dir/report.html",
        "examples/weak.md",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--output /nonexistent-dir/report.html"),
        "{err}"
    );
}

#[test]
fn bad_input_gets_a_card_or_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let files = [
        ("empty.md", "".to_string()),
        ("title.md", "# Design a feed ranker\n".to_string()),
        (
            "level.md",
            "---\nlevel: L9\n---\n# Design a feed ranker\n\n## Data\n\nClicks.\n".to_string(),
        ),
        (
            "crlf.md",
            "---\r\nlevel: L5\r\n---\r\n# Design a feed ranker\r\n\r\n## Data\r\n\r\nWe log 10M clicks a day.\r\n"
                .to_string(),
        ),
        (
            "cjk.md",
            "---\nlevel: L4\n---\n# 设计推荐系统\n\n## 数据\n\n我们每天有一千万次点击。\n".to_string(),
        ),
        (
            "big.md",
            format!(
                "---\nlevel: L5\n---\n# Design a feed ranker\n\n{}",
                "We log 10M clicks a day; the ranker must be fast. ".repeat(100_000)
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let (code, out, err) = mlsd_in(
        tmp.path(),
        &[
            "check", "--format", "json", "--all", "empty.md", "title.md", "level.md", "crlf.md",
            "cjk.md", "big.md",
        ],
        &[],
    );
    assert!(code == 0 || code == 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    for f in v["files"].as_array().unwrap() {
        let card = &f["scorecard"];
        assert_eq!(card["dimensions"].as_array().map(Vec::len), Some(6), "{f}");
        assert!(card["overall"].as_u64().unwrap() <= 100);
        for d in card["dimensions"].as_array().unwrap() {
            assert!(d["score"].as_u64().unwrap() <= 100);
        }
        assert!(card["fix_first"].as_array().unwrap().len() <= 3);
    }
    let by_path = |p: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_path("empty.md")["scorecard"]["grade"], "missing");
    assert_eq!(by_path("title.md")["scorecard"]["grade"], "missing");
    assert_eq!(by_path("level.md")["scorecard"]["level"], "L4");
    // Human output of the same: a card for each, no panic.
    let (_, human, _) = mlsd_in(
        tmp.path(),
        &[
            "check", "--all", "empty.md", "title.md", "cjk.md", "crlf.md",
        ],
        &[],
    );
    assert_eq!(human.matches(" score ").count(), 4, "{human}");
    assert!(!human.contains('\r'));
}
