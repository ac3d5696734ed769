//! The arithmetic coach on whole drafts: `tests/fixtures/numbers/right.md` states figures
//! that agree (no `inconsistent-numbers` finding, the derived figures in the profile);
//! `wrong.md` has a per-stage sum over the budget and a QPS its own inputs cannot give
//! (a finding on each of the two lines of each slip).

use mlsd::{lint, Pack, Settings};
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/numbers")
            .join(name),
    )
    .unwrap()
}

fn lines_of(text: &str, rule: &str) -> Vec<usize> {
    let pack = Pack::builtin().unwrap();
    let r = lint(text, &pack, &Settings::default());
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| text[..f.range.start].matches('\n').count() + 1)
        .collect()
}

#[test]
fn right_arithmetic_has_no_finding_and_shows_what_it_implies() {
    let text = fixture("right.md");
    assert!(lines_of(&text, "inconsistent-numbers").is_empty());
    let pack = Pack::builtin().unwrap();
    let r = lint(&text, &pack, &Settings::default());
    let labels: Vec<&str> = r.profile.derived.iter().map(|d| d.label.as_str()).collect();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with("≈ 23k QPS average") && l.contains("3× peak")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.starts_with("≈ 23/s")), "{labels:?}");
}

#[test]
fn wrong_arithmetic_is_flagged_on_both_lines() {
    let text = fixture("wrong.md");
    let pack = Pack::builtin().unwrap();
    let r = lint(&text, &pack, &Settings::default());
    let found: Vec<(usize, &str)> = r
        .findings
        .iter()
        .filter(|f| f.rule == "inconsistent-numbers")
        .map(|f| {
            (
                text[..f.range.start].matches('\n').count() + 1,
                f.message.as_str(),
            )
        })
        .collect();
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    // The QPS (line 12) against the users and visits (line 5); the stages (lines 10, 11)
    // against the budget (line 6).
    assert_eq!(lines, vec![5, 6, 11, 12], "{found:?}");
    let rate = found.iter().find(|(l, _)| *l == 12).unwrap().1;
    assert!(
        rate.contains("2k QPS (line 12)") && rate.contains("(line 5)"),
        "{rate}"
    );
    assert!(rate.contains("23k"), "{rate}");
    let stages = found.iter().find(|(l, _)| *l == 6).unwrap().1;
    assert!(
        stages.contains("30 ms (line 10) + 60 ms (line 11)") && stages.contains("50 ms (line 6)"),
        "{stages}"
    );
}

#[test]
fn the_slip_is_a_warning_from_l5() {
    let text = format!("---\nlevel: L5\n---\n{}", fixture("wrong.md"));
    let pack = Pack::builtin().unwrap();
    let r = lint(&text, &pack, &Settings::default());
    assert!(r
        .findings
        .iter()
        .filter(|f| f.rule == "inconsistent-numbers")
        .all(|f| f.severity == mlsd::engine::Severity::Warning));
}

fn mlsd(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mlsd"))
        .args(args)
        .output()
        .unwrap()
}

/// `mlsd rule vague-term --type T` prints the rule and then every typical figure of T with
/// its source under the line saying they are not requirements; `--category` narrows them
/// to one kind; an unknown type or category is an error naming the known ones.
#[test]
fn rule_with_a_type_lists_its_typical_figures_with_sources() {
    let pack = Pack::builtin().unwrap();
    let n = &pack.numbers;
    for t in ["ranking", "recommendation", "classification", "prediction"] {
        let out = mlsd(&["rule", "vague-term", "--type", t]);
        assert!(out.status.success());
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(s.contains(&n.figures_intro), "{s}");
        let rows: Vec<_> = n.figures_for(t, None).collect();
        assert!(rows.len() >= 5, "{t}: {} rows", rows.len());
        for f in rows {
            assert!(
                s.contains(&format!("{}: **{}**", f.quantity, f.amount()))
                    && s.contains(&f.source.title),
                "{t}: {} missing from\n{s}",
                f.quantity
            );
        }
    }
    let out = mlsd(&[
        "rule",
        "vague-term",
        "--type",
        "ranking",
        "--category",
        "latency",
    ]);
    let s = String::from_utf8_lossy(&out.stdout);
    for f in n.figures_for("ranking", None) {
        assert_eq!(
            s.contains(&f.quantity),
            f.category == "latency",
            "{}",
            f.quantity
        );
    }
    for bad in [
        vec!["rule", "vague-term", "--type", "video"],
        vec![
            "rule",
            "vague-term",
            "--type",
            "ranking",
            "--category",
            "speed",
        ],
    ] {
        let out = mlsd(&bad);
        assert_eq!(out.status.code(), Some(2));
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(
            e.contains("known:") && e.contains(bad[bad.len() - 1]),
            "{e}"
        );
    }
}

/// A skeleton's sections named in `[figures] in_skeleton` carry typical figures of the
/// type, in a comment (so an untouched skeleton states no figure of its own).
#[test]
fn skeletons_show_typical_figures_in_comments_only() {
    let pack = Pack::builtin().unwrap();
    let n = &pack.numbers;
    assert!(!n.in_skeleton.is_empty());
    let out = mlsd(&["new", "--type", "ranking"]);
    let s = String::from_utf8_lossy(&out.stdout).to_string();
    let mut shown = 0;
    for cats in n.in_skeleton.values() {
        for c in cats {
            for f in n.figures_for("ranking", Some(c)).take(2) {
                let line = s
                    .lines()
                    .find(|l| l.contains(&f.brief()))
                    .unwrap_or_else(|| panic!("{} missing from\n{s}", f.brief()));
                assert!(line.starts_with("<!--") && line.ends_with("-->"), "{line}");
                shown += 1;
            }
        }
    }
    assert!(shown >= 2, "{s}");
    let r = lint(&s, &pack, &Settings::default());
    assert_eq!(r.profile.numbers, 0);
    assert!(r.profile.derived.is_empty());
}

/// Each kind of vague claim asks for its own figure: the finding's category, message and
/// quick fix come from its `[[claim_category]]`, and a claim about people (“lots of
/// users”) asks for daily users where one about load asks for a request rate.
#[test]
fn each_kind_of_vague_claim_asks_for_its_own_figure() {
    let pack = Pack::builtin().unwrap();
    let n = &pack.numbers;
    let cases = [
        ("It must be fast.", "latency"),
        ("It should handle lots of traffic.", "scale"),
        ("It should handle lots of users.", "scale"),
        ("We retrain regularly.", "cadence"),
    ];
    let mut placeholders = Vec::new();
    for (sentence, category) in cases {
        let text = format!("---\nlevel: L5\ntype: ranking\n---\n# Design a feed ranker\n\n## Serving\n\n{sentence}\n");
        let r = lint(&text, &pack, &Settings::default());
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "vague-term")
            .unwrap_or_else(|| panic!("no vague-term on {sentence}"));
        assert_eq!(f.category.as_deref(), Some(category), "{sentence}");
        let c = n.category(category).unwrap();
        let phrase = &text[f.range.clone()];
        let placeholder = c.placeholder_for(phrase);
        assert!(f.message.contains(&c.asks), "{}", f.message);
        let fix = f.fixes.first().expect("a fix");
        assert!(
            fix.edits.iter().any(|e| e.new_text.contains(placeholder)),
            "{sentence}: {:?}",
            fix.edits
        );
        placeholders.push(placeholder.to_string());
    }
    assert_ne!(
        placeholders[1], placeholders[2],
        "users ask for DAU, traffic for QPS"
    );
}
