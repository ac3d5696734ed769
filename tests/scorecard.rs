//! The scorecard: its data (`rules/scorecard.toml`) maps every rule to exactly one of the
//! six dimensions and is validated like the rest of the pack; a workspace rule file can
//! adjust it; the card stays in range on any input; fix first names at most three changes.

use mlsd::coach::{self, Grade};
use mlsd::rules::scorecard::DIMENSIONS;
use mlsd::rules::{PackBuilder, PackError, BUILTIN_FILES};
use mlsd::{Pack, Settings};
use proptest::prelude::*;
use std::collections::HashMap;

fn builtin() -> Pack {
    Pack::builtin().expect("built-in pack")
}

fn load(text: &str) -> Result<Pack, PackError> {
    let mut b = PackBuilder::builtin();
    b.add_file("team.toml", text);
    b.build()
}

fn err(text: &str) -> PackError {
    load(text).expect_err("the file should not load")
}

/// Every rule of the built-in pack sits in exactly one dimension (counted in the TOML
/// itself, so a rule listed twice cannot hide behind the loader's "later wins").
#[test]
fn every_rule_belongs_to_exactly_one_dimension() {
    let pack = builtin();
    let text = BUILTIN_FILES
        .iter()
        .find(|(n, _)| n.ends_with("scorecard.toml"))
        .map(|(_, t)| *t)
        .expect("scorecard.toml is built in");
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    for d in value["dimension"].as_array().expect("[[dimension]]") {
        let id = d["id"].as_str().unwrap().to_string();
        for rule in d["rules"].as_table().expect("rules table").keys() {
            seen.entry(rule.clone()).or_default().push(id.clone());
        }
    }
    for r in &pack.rules {
        let dims = seen.get(&r.id).cloned().unwrap_or_default();
        assert_eq!(
            dims.len(),
            1,
            "rule `{}` is in {} dimensions ({:?}); it must be in exactly one",
            r.id,
            dims.len(),
            dims
        );
    }
    for rule in seen.keys() {
        assert!(
            pack.has_rule(rule),
            "the scorecard names `{rule}`, which no rule file defines"
        );
    }
    let ids: Vec<&str> = pack.scorecard.dimensions.iter().map(|d| &*d.id).collect();
    assert_eq!(ids, DIMENSIONS);
    for d in &pack.scorecard.dimensions {
        assert!(!d.evidence.is_empty(), "{}: evidence earns credit", d.id);
        assert!(!d.name.is_empty());
    }
}

#[test]
fn an_unknown_rule_id_names_file_and_line() {
    let e = err("[[dimension]]\nid = \"data\"\n\n[dimension.rules]\nmissing-dtaa = 2\n");
    assert_eq!((e.file.as_str(), e.line), ("team.toml", 5), "{e}");
    assert!(e.message.contains("unknown rule id `missing-dtaa`"), "{e}");
}

#[test]
fn an_unknown_dimension_names_file_and_line() {
    let e = err("\n[[dimension]]\nid = \"charisma\"\n");
    assert_eq!((e.file.as_str(), e.line), ("team.toml", 3), "{e}");
    assert!(e.message.contains("unknown dimension `charisma`"), "{e}");
    assert!(e.message.contains("framing, data, modeling"), "{e}");
}

#[test]
fn bad_values_in_the_scorecard_data_are_errors_with_a_line() {
    for (text, line, needle) in [
        ("[scorecard]\nevidence_share = 2\n", 2, "evidence_share"),
        ("[scorecard]\nbars.L9 = { good = 1, great = 2 }\n", 2, "unknown level `L9`"),
        ("[scorecard.bars.L5]\ngood = 90\ngreat = 10\n", 1, "good ≤ great"),
        (
            "[scorecard]\nseverity_weights = { fatal = 1 }\n",
            2,
            "unknown severity `fatal`",
        ),
        (
            "[[dimension]]\nid = \"data\"\n[[dimension.evidence]]\nwhat = \"x\"\nterms = [\"no-such-vocab\"]\n",
            5,
            "unknown vocabulary `no-such-vocab`",
        ),
        (
            "[[dimension]]\nid = \"data\"\n[[dimension.evidence]]\nwhat = \"x\"\nsignal = \"charm\"\n",
            5,
            "unknown signal `charm`",
        ),
        (
            "[[dimension]]\nid = \"data\"\n[[dimension.evidence]]\nwhat = \"x\"\nterms = [\"drift\"]\nsignal = \"time\"\n",
            3,
            "exactly one of",
        ),
        (
            "[[dimension]]\nid = \"data\"\nstages = [\"dataa\"]\n",
            3,
            "unknown stage `dataa`",
        ),
        (
            "[[dimension]]\nid = \"data\"\n[dimension.rules]\nmissing-data = \"lots\"\n",
            4,
            "give a weight",
        ),
        (
            "[[dimension]]\nid = \"data\"\n[dimension.rules]\nmissing-data = 1\n[[dimension]]\nid = \"framing\"\n[dimension.rules]\nmissing-data = 1\n",
            8,
            "already in dimension `data`",
        ),
    ] {
        let e = err(text);
        assert_eq!(e.file, "team.toml", "{text}: {e}");
        assert_eq!(e.line, line, "{text}: {e}");
        assert!(e.message.contains(needle), "{text}: {e}");
    }
}

/// A workspace rule file moves a rule to another dimension, changes a weight or a bar,
/// and adds its own rule to a dimension.
#[test]
fn a_workspace_rule_file_adjusts_the_scorecard() {
    let pack = load(
        r##"
[scorecard.bars.L5]
good = 70
great = 90

[[rule]]
id = "team-no-cost"
severity = "warning"
summary = "No cost estimate"
message = "Say what serving costs"
why = "Money matters"
weak = ["# T\n\nwords"]
strong = ["# T\n\ncost"]
[[rule.check]]
kind = "lacks-terms"
terms = ["business-metric"]

[[dimension]]
id = "integration"
[dimension.rules]
team-no-cost = 2
missing-diagram = 5
"##,
    )
    .expect("loads");
    let model = &pack.scorecard;
    let (dim, rule) = model.rule("team-no-cost").expect("mapped");
    assert_eq!((&*dim.id, rule.weight), ("integration", 2.0));
    let (dim, rule) = model.rule("missing-diagram").expect("mapped");
    assert_eq!((&*dim.id, rule.weight), ("integration", 5.0), "moved");
    let communication = model
        .dimensions
        .iter()
        .find(|d| &*d.id == "communication")
        .unwrap();
    assert!(communication
        .rules
        .iter()
        .all(|r| &*r.rule != "missing-diagram"));
    let text = "---\nlevel: L5\n---\n# Design a feed\n\n## Data\n\nClicks.\n";
    let card = coach::assess(text, &pack, &Settings::default()).scorecard;
    assert_eq!(card.bars, (70, 90));
}

/// Nothing about the card is hard to read back: six dimensions in order, scores in range,
/// at most three fixes, each fix a rule that fired.
fn check_card(text: &str, settings: &Settings) {
    let pack = builtin();
    let a = coach::assess(text, &pack, settings);
    let card = &a.scorecard;
    let ids: Vec<&str> = card.dimensions.iter().map(|d| &*d.id).collect();
    assert_eq!(ids, DIMENSIONS);
    assert!(card.overall <= 100);
    for d in &card.dimensions {
        assert!(d.score <= 100, "{}: {}", d.id, d.score);
        for e in &d.evidence {
            assert!(e.line >= 1);
            assert!(!e.text.contains('\n') && !e.text.contains('\r'));
        }
        for m in &d.missing {
            assert!(a.report.findings.iter().any(|f| *f.rule == *m.rule));
        }
    }
    assert!(card.fix_first.len() <= 3);
    for f in &card.fix_first {
        assert!(a.report.findings.iter().any(|x| *x.rule == *f.rule));
    }
    let json = serde_json::to_value(card).expect("serializes");
    assert_eq!(json["dimensions"].as_array().map(Vec::len), Some(6));
}

#[test]
fn bad_input_gets_a_card_never_a_panic() {
    let settings = Settings::default();
    let empty = coach::assess("", &builtin(), &settings).scorecard;
    assert_eq!(empty.grade, Grade::Missing);
    assert!(empty.dimensions.iter().all(|d| d.grade == Grade::Missing));
    let title = coach::assess("# Design a feed ranker\n", &builtin(), &settings).scorecard;
    assert!(title.dimensions.iter().all(|d| d.grade == Grade::Missing));
    for text in [
        "",
        "# Design a feed ranker\n",
        "---\nlevel: L9\n---\n# Design a feed\n\nWe use a model.\n",
        "---\nlevel: [\n---\n",
        "# T\r\n\r\n## Data\r\n\r\nWe log 10M clicks a day.\r\n",
        "# 设计推荐系统\n\n## 数据\n\n我们每天有一千万次点击。\n\n## 模型\n\n先用逻辑回归。\n",
        "\u{feff}# 🚀\n\n\u{0}\u{7}",
    ] {
        check_card(text, &settings);
    }
    // Five megabytes of answer on one line, and in many lines.
    let line = "We log 10M clicks a day and the ranker must be fast. ".repeat(100_000);
    check_card(&line, &settings);
    let many = "## Data\n\nWe have lots of data, about 10M rows.\n\n".repeat(120_000);
    check_card(&many, &settings);
}

/// An unknown level in the front matter is a finding, and the card uses the default level.
#[test]
fn an_unknown_level_falls_back_to_the_default_level() {
    let text = "---\nlevel: L9\n---\n# Design a feed ranker\n\n## Data\n\nClicks.\n";
    let a = coach::assess(text, &builtin(), &Settings::default());
    assert_eq!(a.scorecard.level, "L4");
    assert!(a.report.findings.iter().any(|f| f.message.contains("L9")));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_input_gets_a_card_in_range(text in "\\PC{0,600}") {
        check_card(&text, &Settings::default());
    }

    #[test]
    fn any_markdown_like_input_gets_a_card_in_range(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("# Design a recommender\n".to_string()),
                Just("## Data\n".to_string()),
                Just("## Model\n".to_string()),
                Just("## Serving\n".to_string()),
                Just("- Which users? How many?\n".to_string()),
                Just("We log 10M impressions per day; labels are clicks.\n".to_string()),
                Just("Start with logistic regression because it is cheap, then GBDT.\n".to_string()),
                Just("p99 under 50 ms; fall back to popular items when the model is down.\n".to_string()),
                Just("Trade-off: recall vs precision.\n".to_string()),
                Just("---\nlevel: L6\n---\n".to_string()),
                Just("```mermaid\nA-->B\n```\n".to_string()),
                "\\PC{0,40}\n",
            ],
            0..40,
        ),
        level in 3u8..=6,
    ) {
        let text = parts.concat();
        let settings = Settings {
            forced_level: mlsd::rules::Level::parse(&format!("L{level}")),
            ..Settings::default()
        };
        check_card(&text, &settings);
    }
}

/// The coach is pure like the engine and sits below the faces: no I/O, no LSP or async
/// types, no import of `cli` or `server`.
#[test]
fn the_coach_is_pure_and_imports_downward_only() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/coach");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("src/coach") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        for banned in [
            "std::fs",
            "tokio",
            "tower_lsp",
            "lsp_types",
            "println!",
            "eprintln!",
            "std::io",
            "std::process",
            "crate::cli",
            "crate::server",
            "crate::config",
        ] {
            assert!(
                !text.contains(banned),
                "{} uses {banned}: the coach must stay pure and below cli/server",
                path.display()
            );
        }
    }
    assert!(files >= 3);
}
