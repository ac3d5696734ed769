//! Seniority gating for every level-gated rule, problem-type gating, and the catalogue's
//! rule ids as a public interface.

use mlsd::engine::{lint, Settings};
use mlsd::rules::Level;
use mlsd::Pack;

/// The rule ids of the catalogue, exactly.
const CATALOGUE: &[&str] = &[
    "vague-term",
    "inconsistent-numbers",
    "few-numbers",
    "missing-latency-target",
    "missing-clarification",
    "missing-framing",
    "missing-data",
    "missing-features",
    "missing-model",
    "missing-evaluation",
    "missing-serving",
    "missing-monitoring",
    "missing-interviewer-questions",
    "model-before-data",
    "deploy-and-done",
    "missing-diagram",
    "missing-labeling",
    "data-share-low",
    "missing-data-risks",
    "missing-baseline",
    "complex-first",
    "hype-justification",
    "unjustified-choice",
    "missing-iteration",
    "missing-business-metric",
    "missing-offline-metric",
    "missing-online-test",
    "missing-rollout",
    "missing-fallback",
    "missing-drift-monitoring",
    "missing-retraining-trigger",
    "missing-alerting",
    "missing-skew-check",
    "missing-tradeoffs",
    "missing-multistage",
    "missing-evolution",
    "missing-org-plan",
    "missing-cross-functional",
    "missing-first-priority",
    "few-clarifying-questions",
    "monologue",
    "infra-heavy",
    "over-time",
    "missing-class-imbalance",
    "company-focus",
    "invalid-front-matter",
    "unknown-rule-id",
];

#[test]
fn every_catalogue_id_is_in_the_pack() {
    let pack = Pack::builtin().unwrap();
    let missing: Vec<&&str> = CATALOGUE.iter().filter(|id| !pack.has_rule(id)).collect();
    assert!(
        missing.is_empty(),
        "catalogue ids missing from the pack: {missing:?}"
    );
}

#[test]
fn the_catalogue_file_lists_no_id_we_lack() {
    // The shared catalogue sits beside the repository on developer machines and in CI.
    let Ok(text) = std::fs::read_to_string("../shared/guidance/rules-catalogue.md") else {
        return;
    };
    let pack = Pack::builtin().unwrap();
    let mut ids = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        if let Some(id) = line[3..].split('`').next() {
            ids.push(id.to_string());
        }
    }
    assert!(ids.len() >= 40, "parsed {} ids", ids.len());
    for id in ids {
        assert!(pack.has_rule(&id), "catalogue id `{id}` is not in the pack");
        assert!(
            CATALOGUE.contains(&id.as_str()),
            "`{id}` missing from the CATALOGUE list here"
        );
    }
}

fn at(level: Level) -> Settings {
    Settings {
        forced_level: Some(level),
        ..Settings::default()
    }
}

#[test]
fn every_level_gated_rule_follows_its_levels_on_its_own_examples() {
    let pack = Pack::builtin().unwrap();
    let gated: Vec<_> = pack
        .rules
        .iter()
        .filter(|r| r.min_level.is_some() || !r.severity_from.is_empty())
        .collect();
    assert_eq!(gated.len(), 15, "the catalogue gates 15 rules by level");
    for rule in gated {
        let weak = &rule.weak[0].text;
        let mut seen = Vec::new();
        for level in Level::ALL {
            let report = lint(weak, &pack, &at(level));
            let got = report
                .findings
                .iter()
                .find(|f| f.rule == rule.id)
                .map(|f| f.severity);
            assert_eq!(got, rule.severity_at(level), "{} at {level}", rule.id);
            seen.push(got);
        }
        assert_ne!(seen[0], seen[3], "{}: L3 and L6 should differ", rule.id);
    }
}

#[test]
fn one_draft_reads_differently_at_l3_and_l6() {
    let pack = Pack::builtin().unwrap();
    let draft = "---\ntype: recommendation\n---\n# Design a video recommender\n\n## Data\n\nWatch logs, 30 days.\n\n## Model\n\nGradient-boosted trees score every video.\n";
    let rules = |l| -> Vec<String> {
        lint(draft, &pack, &at(l))
            .findings
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let (l3, l6) = (rules(Level::L3), rules(Level::L6));
    for only_l6 in [
        "missing-multistage",
        "missing-evolution",
        "missing-org-plan",
        "missing-cross-functional",
        "missing-first-priority",
    ] {
        assert!(
            !l3.contains(&only_l6.to_string()) && l6.contains(&only_l6.to_string()),
            "{only_l6}"
        );
    }
    let sev = |l, id: &str| {
        lint(draft, &pack, &at(l))
            .findings
            .into_iter()
            .find(|f| f.rule == id)
            .map(|f| f.severity)
    };
    assert_eq!(
        sev(Level::L3, "missing-online-test"),
        Some(mlsd::engine::Severity::Info)
    );
    assert_eq!(
        sev(Level::L6, "missing-online-test"),
        Some(mlsd::engine::Severity::Warning)
    );
    assert!(lint(draft, &pack, &at(Level::L6))
        .findings
        .iter()
        .any(|f| f.message.contains("L6")));
}

#[test]
fn multistage_is_for_recommendation_and_ranking_only() {
    let pack = Pack::builtin().unwrap();
    let body = "# Design it\n\n## Model\n\nGradient-boosted trees score every item.\n";
    let has = |ty: &str| {
        let text = format!("---\nlevel: L5\ntype: {ty}\n---\n{body}");
        lint(&text, &pack, &Settings::default())
            .findings
            .iter()
            .any(|f| f.rule == "missing-multistage")
    };
    assert!(has("recommendation"));
    assert!(has("ranking"));
    assert!(!has("classification"));
    assert!(!has("prediction"));
}

#[test]
fn company_aliases_resolve() {
    let pack = Pack::builtin().unwrap();
    let company = |c: &str| {
        let text = format!("---\ncompany: {c}\n---\n# T\n");
        lint(&text, &pack, &Settings::default())
            .context
            .company
            .map(|i| pack.companies[i].id.clone())
    };
    assert_eq!(company("Facebook").as_deref(), Some("meta"));
    assert_eq!(company("ByteDance").as_deref(), Some("tiktok"));
    assert_eq!(company("X").as_deref(), Some("twitter"));
    assert_eq!(company("lyft").as_deref(), Some("uber"));
    assert_eq!(company("Acme"), None);
    for name in [
        "Meta",
        "Google",
        "Amazon",
        "Netflix",
        "LinkedIn",
        "Apple",
        "TikTok",
        "Uber",
        "Airbnb",
        "Twitter",
        "Spotify",
        "Pinterest",
    ] {
        assert!(company(name).is_some(), "{name}");
    }
}

#[test]
fn profile_reports_coverage_share_and_time() {
    let pack = Pack::builtin().unwrap();
    let text = std::fs::read_to_string("examples/strong.md").unwrap();
    let p = lint(&text, &pack, &Settings::default()).profile;
    assert_eq!((p.stages_covered, p.stages_total), (11, 11));
    assert!(p.missing_stages.is_empty());
    let share = p.data_share.unwrap();
    assert!((0.3..=0.5).contains(&share), "{share}");
    assert!(p.numbers_per_500_words > 3.0);
    assert_eq!(p.level, "L5");
    assert_eq!(p.rubric.passing, p.rubric.applicable);
    let weak = std::fs::read_to_string("examples/weak.md").unwrap();
    let w = lint(&weak, &pack, &Settings::default()).profile;
    assert!(w.missing_stages.contains(&"data".to_string()));
    assert!(w.rubric.coverage < 0.7);
    let total: f64 = w.stages.iter().map(|s| s.minutes).sum();
    assert!(total > 0.0 && (w.minutes - w.words as f64 / 150.0).abs() < 0.1);
}
