//! The catalogue's "Decisions on edge cases", one test each, through the public engine API.

use mlsd::engine::draft::Draft;
use mlsd::engine::{lint, Finding, RuleSetting, Settings};
use mlsd::rules::Level;
use mlsd::Pack;

fn pack() -> Pack {
    Pack::builtin().expect("built-in pack")
}

fn findings(text: &str) -> Vec<Finding> {
    lint(text, &pack(), &Settings::default()).findings
}

fn rules(text: &str) -> Vec<String> {
    findings(text).into_iter().map(|f| f.rule).collect()
}

fn hits<'a>(text: &'a str, rule: &str) -> Vec<&'a str> {
    findings(text)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| &text[f.range])
        .collect()
}

fn stages_of(text: &str) -> Vec<Vec<String>> {
    let p = pack();
    let d = Draft::parse(text, &p);
    d.headings
        .iter()
        .map(|h| h.effective.iter().map(|s| p.stage(s).id.clone()).collect())
        .collect()
}

#[test]
fn headings_map_to_stages_after_stripping_decoration() {
    let text = "# Design a ranker\n\n## 2) Data sources\n\n## Step 3: **Feature engineering**\n\n## Part II – Model 🚀\n\n## 5. Training & Evaluation:\n\nServing\n-------\n\n## Clarifying questions\n";
    assert_eq!(
        stages_of(text),
        vec![
            vec![],
            vec!["data".to_string()],
            vec!["features".to_string()],
            vec!["model".to_string()],
            vec!["training".to_string(), "evaluation".to_string()],
            vec!["serving".to_string()],
            vec!["clarify".to_string()],
        ]
    );
}

#[test]
fn unrecognised_subheadings_inherit_their_parent_stage() {
    let text =
        "# T\n\n## Data\n\n### Labels and sampling plan\n\n### Odds and ends\n\n## Zebra notes\n";
    let s = stages_of(text);
    assert_eq!(s[2], vec!["data".to_string()]);
    assert_eq!(s[3], vec!["data".to_string()]);
    assert!(s[4].is_empty(), "a sibling heading does not inherit");
}

#[test]
fn aliases_match_words_not_substrings() {
    // "metadata" contains "data" but is not the data stage.
    let s = stages_of("# T\n\n## Metadata\n\n## Modeling\n");
    assert!(s[1].is_empty());
    assert_eq!(s[2], vec!["model".to_string()]);
}

#[test]
fn multi_stage_heading_counts_words_once_in_totals_and_once_per_stage() {
    let p = pack();
    let text = "# T\n\n## Training and evaluation\n\none two three four five\n";
    let d = Draft::parse(text, &p);
    let training = p.stage_id("training").unwrap() as usize;
    let evaluation = p.stage_id("evaluation").unwrap() as usize;
    // Heading words (3) + paragraph words (5).
    assert_eq!(d.stage_words[training], 8);
    assert_eq!(d.stage_words[evaluation], 8);
    assert_eq!(d.words, 1 + 3 + 5);
}

#[test]
fn vague_term_counts_inflected_forms_and_skips_questions() {
    let text = "# T\n\nWe need it fast on a big model. How fast must it be? We load it quickly.\n";
    assert_eq!(
        hits(text, "vague-term"),
        vec!["fast", "big model", "quickly"]
    );
    // A comparative compares; it is not a claim of its own.
    assert!(hits(
        "# T\n\nWe serve it faster than the old ranker.\n",
        "vague-term"
    )
    .is_empty());
}

#[test]
fn any_quantity_in_the_sentence_suppresses_vague_term() {
    for s in [
        "It must be fast: p99 under 80ms.",
        "Scoring must be fast for 10K QPS.",
        "Retrain weekly so it stays fast.",
        "It must be fast enough for ten million users.",
        "It must be fast, under 3.5 s.",
    ] {
        let text = format!("# T\n\n{s}\n");
        assert!(hits(&text, "vague-term").is_empty(), "{s}");
    }
}

#[test]
fn one_versions_levels_and_bare_percentiles_are_not_quantities() {
    for s in [
        "One model must be fast.",
        "The v2 model must be fast.",
        "At L5 the model must be fast.",
        "The F1 model must be fast.",
        // A percentile names a metric; its value is what quantifies.
        "It must be fast at p99.",
        "It must stay fast within the p99 latency budget.",
    ] {
        let text = format!("# T\n\n{s}\n");
        assert_eq!(hits(&text, "vague-term"), vec!["fast"], "{s}");
    }
    assert!(hits("# T\n\nIt must be fast: p99 under 80 ms.\n", "vague-term").is_empty());
}

#[test]
fn fix_placeholder_is_not_a_quantity() {
    let text = "# T\n\nThe system needs to be fast (p99 < __ ms).\n";
    assert_eq!(hits(text, "vague-term"), vec!["fast"]);
}

#[test]
fn sentences_never_split_in_decimals_versions_or_abbreviations() {
    // The quantity "3.5" belongs to the sentence of "fast"; "e.g." does not end it.
    let text = "# T\n\nIt is fast, e.g. under 3.5 ms in v1.2 of the API.\n";
    assert!(hits(text, "vague-term").is_empty());
    // A list item ends a sentence: the number in the next item does not help.
    let text = "# T\n\n- it must be fast\n- 100 ms\n";
    assert_eq!(hits(text, "vague-term"), vec!["fast"]);
}

/// People who write in lowercase start sentences in lowercase: after a whole word and a
/// period a new sentence begins, so an earlier condition ("whenever") does not reach into
/// it, and a unit ("50 ms.") is not a title's abbreviation. An abbreviation still does not
/// end a sentence.
#[test]
fn lowercase_sentences_after_a_period_are_sentences() {
    let text = "---\nlevel: L5\n---\n\nthe app calls it whenever an item is out of stock. it has to be super fast.\n";
    assert_eq!(hits(text, "vague-term"), vec!["super fast"]);
    let text = "# Design a T\n\n## Serving\n\nscoring takes 50 ms. the rest must be fast.\n";
    assert_eq!(hits(text, "vague-term"), vec!["fast"]);
    let text = "# Design a T\n\n## Serving\n\nit must be fast, approx. under 40 ms end to end.\n";
    assert!(hits(text, "vague-term").is_empty());
}

#[test]
fn model_before_data_fires_when_neither_clarify_nor_data_precede_model() {
    assert!(rules("# T\n\n## Model\n\nTrees.\n").contains(&"model-before-data".to_string()));
    assert!(rules("# T\n\n## Model\n\nTrees.\n\n## Data\n\nLogs.\n")
        .contains(&"model-before-data".to_string()));
    assert!(
        !rules("# T\n\n## Clarifying questions\n\nWho?\n\n## Model\n\nTrees.\n")
            .contains(&"model-before-data".to_string())
    );
    assert!(!rules("# T\n\n## Data\n\nLogs.\n").contains(&"model-before-data".to_string()));
}

#[test]
fn stage_scoped_rules_stay_silent_when_the_stage_is_absent() {
    let r = rules("# Design a ranker\n\nNothing here yet.\n");
    assert!(r.contains(&"missing-serving".to_string()));
    assert!(!r.contains(&"missing-latency-target".to_string()));
    assert!(!r.contains(&"missing-baseline".to_string()));
}

#[test]
fn document_findings_sit_on_the_title_or_first_body_line() {
    let text = "---\nlevel: L4\n---\n\nIntro line.\n\n# Design a ranker\n";
    let f = findings(text);
    let missing = f.iter().find(|f| f.rule == "missing-data").unwrap();
    assert_eq!(&text[missing.range.clone()], "# Design a ranker");
    let text = "---\nlevel: L4\n---\n\nIntro line.\n";
    let f = findings(text);
    let missing = f.iter().find(|f| f.rule == "missing-data").unwrap();
    assert_eq!(&text[missing.range.clone()], "Intro line.");
}

#[test]
fn prose_excludes_code_comments_front_matter_and_links() {
    let text = "---\nquestion: make it fast\n---\n# T\n\n```\nfast\n```\n\n`fast` <!-- fast --> [docs](https://fast.example/fast) <https://big.example>\n";
    assert!(hits(text, "vague-term").is_empty());
    // Link text is prose (vocabularies see it), though a vague word there is not a claim.
    let p = pack();
    let d = Draft::parse("# T\n\nSee [a fast service](x).\n", &p);
    assert!(d.prose.contains("a fast service"));
    assert_eq!(d.links.len(), 1);
    assert!(hits("# T\n\nSee [a fast service](x).\n", "vague-term").is_empty());
}

#[test]
fn vocabulary_precision_map_and_recall_need_context() {
    // "map" in lowercase is not the MAP metric; in capitals it is.
    let no_metric = "# T\n\n## Evaluation\n\nWe map users to items and recall the last session.\n";
    assert!(rules(no_metric).contains(&"missing-offline-metric".to_string()));
    let metric = "# T\n\n## Evaluation\n\nMAP over the top results.\n";
    assert!(!rules(metric).contains(&"missing-offline-metric".to_string()));
    let recall = "# T\n\n## Evaluation\n\nRecall@10 on held-out sessions.\n";
    assert!(!rules(recall).contains(&"missing-offline-metric".to_string()));
}

#[test]
fn complex_first_counts_trees_and_logistic_regression_as_baselines() {
    let text = "# T\n\n## Model\n\nLogistic regression first, then a transformer.\n";
    assert!(hits(text, "complex-first").is_empty());
    let text = "# T\n\n## Model\n\nA transformer first, then logistic regression.\n";
    assert_eq!(hits(text, "complex-first"), vec!["transformer"]);
}

#[test]
fn front_matter_bad_values_are_reported_and_defaults_used() {
    let text = "---\nlevel: 7\nminutes: \"lots\"\ntype: video\n---\n# T\n";
    let p = pack();
    let report = lint(text, &p, &Settings::default());
    let bad: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "invalid-front-matter")
        .map(|f| &text[f.range.clone()])
        .collect();
    assert_eq!(bad, vec!["level: 7", "minutes: \"lots\"", "type: video"]);
    assert_eq!(report.context.level, Level::L4);
    assert_eq!(report.context.minutes, 60);
    let msg = &report
        .findings
        .iter()
        .find(|f| f.rule == "invalid-front-matter")
        .unwrap()
        .message;
    assert!(msg.contains("L3, L4, L5 or L6"), "{msg}");
}

#[test]
fn level_precedence_front_matter_over_config_flag_over_all() {
    let p = pack();
    let text = "---\nlevel: L5\n---\n# T\n";
    let mut s = Settings {
        level: Level::L3,
        ..Settings::default()
    };
    assert_eq!(lint(text, &p, &s).context.level, Level::L5);
    s.forced_level = Some(Level::L6);
    assert_eq!(lint(text, &p, &s).context.level, Level::L6);
    assert_eq!(
        lint(
            "# T\n",
            &p,
            &Settings {
                level: Level::L3,
                ..Settings::default()
            }
        )
        .context
        .level,
        Level::L3
    );
}

#[test]
fn problem_type_inference_order_and_front_matter_wins() {
    let p = pack();
    let s = Settings::default();
    let ty = |t: &str| lint(t, &p, &s).context.problem_type;
    assert_eq!(
        ty("# Design a system to recommend videos in the feed\n"),
        "recommendation"
    );
    assert_eq!(ty("# Design the news feed ranking\n"), "ranking");
    assert_eq!(ty("# Design a fraud detection system\n"), "classification");
    assert_eq!(ty("# Predict which users will churn\n"), "classification");
    assert_eq!(ty("# Design an ETA prediction system\n"), "prediction");
    assert_eq!(ty("# Design a chat app\n"), "other");
    assert_eq!(
        ty("---\ntype: ranking\n---\n# Design a fraud detector\n"),
        "ranking"
    );
    assert_eq!(
        ty("---\nquestion: Design a spam filter\n---\n# My answer\n"),
        "classification"
    );
}

#[test]
fn suppression_comments_follow_markdownlint() {
    let text = "# Design T\n\nIt is fast. <!-- mlsd-disable-line vague-term -->\nIt is rapid.\n<!-- mlsd-disable-next-line -->\nIt is responsive.\n<!-- mlsd-disable vague-term -->\nIt is quick.\n<!-- mlsd-enable vague-term -->\nIt is slow.\n\n```\n<!-- mlsd-disable-file -->\n```\n";
    assert_eq!(hits(text, "vague-term"), vec!["rapid", "slow"]);
    let file = "<!-- mlsd-disable-file vague-term -->\n# Design T\n\nIt is fast.\n";
    assert!(hits(file, "vague-term").is_empty());
    assert!(rules(file).contains(&"missing-data".to_string()));
}

#[test]
fn unknown_ids_in_suppression_comments_are_reported_at_the_id() {
    let text = "# Design T\n\nIt is fast. <!-- mlsd-disable-line vague-terms, missing-data -->\n";
    let f = findings(text);
    let unknown: Vec<&str> = f
        .iter()
        .filter(|f| f.rule == "unknown-rule-id")
        .map(|f| &text[f.range.clone()])
        .collect();
    assert_eq!(unknown, vec!["vague-terms"]);
    // The typo silences nothing.
    assert_eq!(hits(text, "vague-term"), vec!["fast"]);
}

#[test]
fn settings_turn_rules_off_or_change_severity_and_select_keeps_level_gating() {
    let p = pack();
    let text = "# Design T\n\nIt is fast.\n";
    let mut s = Settings::default();
    s.rules.insert("vague-term".into(), RuleSetting::Off);
    assert!(!lint(text, &p, &s)
        .findings
        .iter()
        .any(|f| f.rule == "vague-term"));
    s.rules.insert(
        "vague-term".into(),
        RuleSetting::Severity(mlsd::engine::Severity::Error),
    );
    let f = lint(text, &p, &s).findings;
    assert_eq!(
        f.iter().find(|f| f.rule == "vague-term").unwrap().severity,
        mlsd::engine::Severity::Error
    );
    let s = Settings {
        select: Some(["vague-term".to_string()].into()),
        ..Settings::default()
    };
    let f = lint(text, &p, &s).findings;
    assert!(f.iter().all(|f| f.rule == "vague-term") && !f.is_empty());
}

#[test]
fn words_cjk_ideographs_count_each() {
    let p = pack();
    let d = Draft::parse("# T\n\n数据很大 model\n", &p);
    assert_eq!(d.words, 1 + 4 + 1);
}

#[test]
fn diagrams_mermaid_ascii_and_images_are_found() {
    let p = pack();
    let count = |t: &str| Draft::parse(t, &p).diagrams.len();
    assert_eq!(count("# T\n\n```mermaid\ngraph LR; A-->B\n```\n"), 1);
    assert_eq!(count("# T\n\n```\n[client] --> [ranker]\n```\n"), 1);
    assert_eq!(count("# T\n\n![pipeline](p.png)\n"), 1);
    assert_eq!(count("# T\n\n```python\nx = f(a) -> b\n```\n"), 0);
}

/// Titles of cited work (link text) and headings are names and labels, not claims: a vague
/// word there is not flagged; the same word in the writer's own sentence is.
#[test]
fn vague_words_in_link_text_and_headings_are_not_claims() {
    let text = "# Design a feed\n\n## Fast retrieval\n\nSee [A Fast Real-Time Ranker](https://example.com/a) for background.\n\nOur ranker must be fast.\n";
    assert_eq!(hits(text, "vague-term"), vec!["fast"]);
    // a quantity still silences the writer's own claim
    let quantified = text.replace("must be fast.", "must be fast: p99 under 50 ms.");
    assert!(hits(&quantified, "vague-term").is_empty());
}

/// Terms that merely contain a vague word name a thing ("fast-moving", "Faster R-CNN",
/// "frequently asked"): they stay quiet.
#[test]
fn names_that_contain_a_vague_word_are_allowed() {
    let text = "# Design a detector\n\n## Model\n\nWe fine-tune Faster R-CNN on fast-moving scenes and answer frequently asked questions.\n";
    assert!(
        hits(text, "vague-term").is_empty(),
        "{:?}",
        hits(text, "vague-term")
    );
}

/// Questions for the interviewer are judged by where they stand: an answer that closes on
/// two questions asks them whatever its last heading says, while clarifying questions at
/// the start, or one question among statements at the end, do not count.
#[test]
fn closing_questions_cover_the_questions_stage_and_opening_ones_do_not() {
    let closes = "# Design a feed ranker\n\n## Scope\n\nWe rank 500 candidates per request in 80 ms.\n\n## Before I stop\n\nHow does your team handle position bias today? And who owns the feature store?\n";
    assert!(!rules(closes).contains(&"missing-interviewer-questions".to_string()));
    let unsectioned = "# Design a feed ranker\n\nWe rank 500 candidates per request in 80 ms with a GBDT ranker.\n\nTwo things I'd ask you: how does your team handle position bias today? And who owns the feature store?\n";
    assert!(!rules(unsectioned).contains(&"missing-interviewer-questions".to_string()));
    let opens = "# Design a feed ranker\n\n## Scope\n\nHow many users are there? What latency do we need?\n\n## Serving\n\nWe rank 500 candidates per request in 80 ms. The ranker is a GBDT.\n";
    assert!(rules(opens).contains(&"missing-interviewer-questions".to_string()));
    let one = "# Design a feed ranker\n\n## Wrap-up\n\nWe rank 500 candidates in 80 ms. Is that budget tight? The GBDT fits it. Caching helps too.\n";
    assert!(rules(one).contains(&"missing-interviewer-questions".to_string()));
}

/// A stage dismissed in so many words is not discussed: "no need for feature
/// engineering" is no evidence of features, while a list of signals is.
#[test]
fn a_dismissed_stage_is_not_covered_by_its_own_words() {
    let dismissed = "# Design a spam filter\n\nWe fine-tune a text encoder on reported comments. There is no need for feature engineering, the encoder learns from the raw text.\n";
    assert!(rules(dismissed).contains(&"missing-features".to_string()));
    let listed = "# Design a spam filter\n\nWe fine-tune a text encoder on reported comments. Features: account age, links per comment, and the sender's report rate.\n";
    assert!(!rules(listed).contains(&"missing-features".to_string()));
}
