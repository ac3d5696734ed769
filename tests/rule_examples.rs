//! Every rule's own examples: each `weak` draft must trigger it, each `strong` one must not,
//! a rule with a safe fix must be silenced by applying it to each weak example, and what a
//! weak example pins (where the finding starts, the text its safe fixes give) must hold.

#[path = "support/pinned.rs"]
mod pinned;

use mlsd::engine::fix::fix_all;
use mlsd::{lint, Pack, Settings};

fn fired(pack: &Pack, text: &str, rule: &str) -> bool {
    lint(text, pack, &Settings::default())
        .findings
        .iter()
        .any(|f| f.rule == rule)
}

#[test]
fn every_weak_example_triggers_and_every_strong_one_passes() {
    let pack = Pack::builtin().expect("built-in pack loads");
    let mut failures = Vec::new();
    let mut examples = 0;
    for rule in &pack.rules {
        for (i, weak) in rule.weak.iter().enumerate() {
            examples += 1;
            if !fired(&pack, &weak.text, &rule.id) {
                failures.push(format!(
                    "{}: weak example {} does not trigger it",
                    rule.id,
                    i + 1
                ));
            }
        }
        for (i, strong) in rule.strong.iter().enumerate() {
            examples += 1;
            if fired(&pack, strong, &rule.id) {
                failures.push(format!("{}: strong example {} triggers it", rule.id, i + 1));
            }
        }
    }
    assert!(examples >= 2 * pack.rules.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A safe fix settles its finding: afterwards the rule either stays silent or, where the fix
/// only inserted a heading (a missing section), reports that the section is still empty,
/// with no fix of its own. A second pass changes nothing.
#[test]
fn safe_fixes_settle_their_rule_on_weak_examples() {
    let pack = Pack::builtin().expect("built-in pack loads");
    let settings = Settings::default();
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule in &pack.rules {
        for weak in rule.weak.iter().map(|w| w.text.as_str()) {
            let report = lint(weak, &pack, &settings);
            let has_safe = report
                .findings
                .iter()
                .any(|f| f.rule == rule.id && f.fixes.iter().any(|x| x.safe));
            if !has_safe {
                continue;
            }
            checked += 1;
            let (fixed, applied) = fix_all(weak, &pack, &settings, false);
            assert!(applied > 0);
            let after = lint(&fixed, &pack, &settings);
            let before: Vec<&str> = report
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .map(|f| f.message.as_str())
                .collect();
            for f in after.findings.iter().filter(|f| f.rule == rule.id) {
                if !f.fixes.is_empty() || before.contains(&f.message.as_str()) {
                    failures.push(format!(
                        "{}: still fires the same way after its safe fix:\n{fixed}",
                        rule.id
                    ));
                }
            }
            let (again, n) = fix_all(&fixed, &pack, &settings, false);
            if n != 0 || again != fixed {
                failures.push(format!("{}: a second fix pass changed the text", rule.id));
            }
        }
    }
    assert!(checked > 0, "no rule offered a safe fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every fix a rule declares (`[rules.check.fix]`) is offered on at least one of the
/// rule's weak examples, with the declared safety: a fix cannot silently stop being offered.
#[test]
fn every_declared_fix_is_offered_on_a_weak_example() {
    let pack = Pack::builtin().expect("built-in pack loads");
    let settings = Settings::default();
    let mut declared = 0;
    let mut failures = Vec::new();
    for rule in &pack.rules {
        for spec in rule.checks.iter().filter_map(|c| c.fix.as_ref()) {
            declared += 1;
            // The title up to its first placeholder is fixed text.
            let stem = spec.title.split('{').next().unwrap_or_default();
            let offered = rule.weak.iter().any(|weak| {
                lint(&weak.text, &pack, &settings)
                    .findings
                    .iter()
                    .filter(|f| f.rule == rule.id)
                    .flat_map(|f| &f.fixes)
                    .any(|x| {
                        x.title.starts_with(stem) && x.safe == spec.safe && !x.edits.is_empty()
                    })
            });
            if !offered {
                failures.push(format!(
                    "{}: fix “{}” is offered on no weak example",
                    rule.id, spec.title
                ));
            }
        }
    }
    assert!(declared >= 5, "only {declared} declared fixes found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where a weak example pins its finding (`at = "LINE:COL"`), a finding of the rule starts
/// exactly there; where it pins `fixed`, the rule's safe fixes alone (`--fix --select RULE`)
/// give exactly that text. Every rule pins a place, and every rule that offers a safe fix
/// on a weak example pins what it gives, so neither can drift unnoticed.
#[test]
fn weak_examples_pin_where_the_finding_lands_and_what_the_fix_gives() {
    let pack = Pack::builtin().expect("built-in pack loads");
    let settings = Settings::default();
    let (mut at, mut fixed) = (0, 0);
    let mut failures = Vec::new();
    for rule in &pack.rules {
        let pins = pinned::check(&pack, rule, &rule.id);
        at += pins.at;
        fixed += pins.fixed;
        failures.extend(pins.failures);
        if rule.weak.iter().all(|w| w.at.is_none()) {
            failures.push(format!("{}: no weak example pins `at`", rule.id));
        }
        let offers_safe_fix = rule.weak.iter().any(|w| {
            lint(&w.text, &pack, &settings)
                .findings
                .iter()
                .any(|f| f.rule == rule.id && f.fixes.iter().any(|x| x.safe))
        });
        if offers_safe_fix && rule.weak.iter().all(|w| w.fixed.is_none()) {
            failures.push(format!(
                "{}: offers a safe fix, but no weak example pins `fixed`",
                rule.id
            ));
        }
    }
    assert!(at >= pack.rules.len(), "only {at} weak examples pin `at`");
    assert!(fixed >= 6, "only {fixed} weak examples pin `fixed`");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
