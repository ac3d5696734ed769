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
