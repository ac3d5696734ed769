//! The fix loop (`engine::fix`): what one pass applies, where it puts it, and what it reports
//! (issue 23, items 6–8).

use mlsd::engine::fix::{fix_all, fix_all_detailed};
use mlsd::rules::PackBuilder;
use mlsd::{Pack, Settings};

/// A workspace rule whose fix line holds a vague word ("fast"): before, `--unsafe-fixes` put a
/// number placeholder inside the inserted placeholder.
const RECOVERY_RULE: &str = r##"
[[rule]]
id = "team-recovery"
severity = "warning"
summary = "No recovery plan"
message = "Say how the system recovers"
why = "Interviewers ask what happens when it breaks."
weak = ["# T\n\n## Serving and deployment\n\nScored online.\n"]
strong = ["# T\n\n## Serving and deployment\n\nOn a timeout the fallback serves popular items.\n"]
[[rule.check]]
kind = "lacks-terms"
terms = ["fallback"]
fix = { title = "Add a recovery line", append_line = "Recovery: (≈ how fast users get answers again).", stages = ["serving"] }
"##;

fn team_pack() -> Pack {
    let mut b = PackBuilder::builtin();
    b.add_file("team.toml", RECOVERY_RULE);
    b.build().expect("team pack")
}

const DRAFT: &str = "# Design a feed ranker\n\n## Model\n\nTrees rank 500 posts.\n\n## Serving and deployment\n\nScored online in 50 ms.\n\n## Questions for the interviewer\n\n- How do you ship?\n";

/// Only the team rule and the vague-word rule (whose placeholder fix would land in the line).
fn team_settings(pack: &Pack) -> Settings {
    let vague = pack
        .rules
        .iter()
        .find(|r| {
            r.checks
                .iter()
                .any(|c| c.fix.as_ref().is_some_and(|f| f.insert_after.is_some()))
        })
        .expect("a rule with an insert_after fix");
    Settings {
        select: Some(["team-recovery".to_string(), vague.id.clone()].into()),
        ..Settings::default()
    }
}

#[test]
fn a_fix_line_is_not_fixed_again_in_the_same_pass() {
    let pack = team_pack();
    let settings = team_settings(&pack);
    let (fixed, _) = fix_all(DRAFT, &pack, &settings, true);
    let line = fixed
        .lines()
        .find(|l| l.starts_with("Recovery:"))
        .unwrap_or_else(|| panic!("no recovery line:\n{fixed}"));
    assert_eq!(
        line, "Recovery: (≈ how fast users get answers again).",
        "{fixed}"
    );
    // The line went into the serving section, before the questions.
    assert!(
        fixed.find("Recovery:") < fixed.find("## Questions"),
        "{fixed}"
    );
    // Words the writer wrote are still fixed: the vague word outside the inserted text.
    let vague = DRAFT.replace("Trees rank 500 posts.", "Trees are fast.");
    let (fixed, _) = fix_all(&vague, &pack, &settings, true);
    assert!(fixed.contains("Trees are fast (p99 < __ ms)."), "{fixed}");
}

#[test]
fn every_applied_fix_is_reported_with_its_rule_and_place_in_the_result() {
    let pack = Pack::builtin().unwrap();
    let weak = include_str!("../examples/weak.md");
    let out = fix_all_detailed(weak, &pack, &Settings::default(), false);
    assert_eq!(
        out.text,
        fix_all(weak, &pack, &Settings::default(), false).0
    );
    assert!(!out.applied.is_empty());
    for a in &out.applied {
        assert!(pack.has_rule(&a.rule), "{}", a.rule);
        let inserted = &out.text[a.range.clone()];
        assert!(!inserted.trim().is_empty(), "{a:?}");
        // The range is where the fix's text now stands: a stage section starts with its
        // heading.
        if a.title.starts_with("Add the “") {
            let heading = a
                .title
                .trim_start_matches("Add the “")
                .trim_end_matches("” section");
            assert!(
                inserted.trim_start().starts_with(&format!("## {heading}")),
                "{a:?}: {inserted:?}"
            );
        }
    }
    let mut starts: Vec<usize> = out.applied.iter().map(|a| a.range.start).collect();
    starts.sort_unstable();
    starts.dedup();
    assert_eq!(starts.len(), out.applied.len(), "distinct places");
}
