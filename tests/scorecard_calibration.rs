//! Calibration of the scorecard on the labelled drafts (`tests/fixtures/labelled/`): drafts
//! written and labelled by people who never saw mlsd's rules, each with its tier (weak,
//! medium, strong) and the dimensions an interviewer would call weakest and strongest.
//!
//! Order: every strong draft scores above every weak one, and each question's drafts score
//! in tier order. Diagnosis: every strong draft is good or great on at least five
//! dimensions, and on at least two thirds of the weak and medium drafts the lowest-scored
//! dimension is one the labels call weakest. The figures are printed (`cargo test --test
//! scorecard_calibration -- --nocapture`).
//!
//! `MLSD_LABELLED_DIR` points the test at another folder of labelled drafts.

use mlsd::coach::{self, Grade};
use mlsd::{Pack, Settings};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
struct Labels {
    tier: String,
    level: String,
    #[serde(rename = "type")]
    problem_type: String,
    weakest: Vec<String>,
    #[serde(default)]
    strongest: Vec<String>,
}

struct Scored {
    id: String,
    question: String,
    labels: Labels,
    overall: u32,
    grade: Grade,
    dims: Vec<(String, u32, Grade)>,
}

fn tier_rank(t: &str) -> u8 {
    match t {
        "weak" => 0,
        "medium" => 1,
        "strong" => 2,
        other => panic!("unknown tier {other}"),
    }
}

fn labelled_dir() -> PathBuf {
    match std::env::var_os("MLSD_LABELLED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labelled"),
    }
}

fn score_all() -> Vec<Scored> {
    let pack = Pack::builtin().expect("built-in pack");
    let dir = labelled_dir();
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".labels.toml"))
        .collect();
    entries.sort();
    for labels_path in entries {
        let name = labels_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".labels.toml")
            .to_string();
        let labels: Labels = toml::from_str(&std::fs::read_to_string(&labels_path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", labels_path.display()));
        let draft = std::fs::read_to_string(dir.join(format!("{name}.md")))
            .unwrap_or_else(|e| panic!("{name}.md: {e}"));
        // The draft's own front matter sets its level, as `mlsd check` would read it.
        let card = coach::assess(&draft, &pack, &Settings::default()).scorecard;
        assert_eq!(
            card.level, labels.level,
            "{name}: the front matter and the labels disagree on the level"
        );
        let question = name
            .rsplit_once('-')
            .map_or(name.as_str(), |(q, _)| q)
            .to_string();
        out.push(Scored {
            id: name,
            question,
            labels,
            overall: card.overall,
            grade: card.grade,
            dims: card
                .dimensions
                .iter()
                .map(|d| (d.id.to_string(), d.score, d.grade))
                .collect(),
        });
    }
    out
}

/// The dimensions with the lowest score (ties all count).
fn lowest(s: &Scored) -> Vec<&str> {
    let min = s.dims.iter().map(|d| d.1).min().unwrap_or(0);
    s.dims
        .iter()
        .filter(|d| d.1 == min)
        .map(|d| d.0.as_str())
        .collect()
}

fn good_or_better(s: &Scored) -> usize {
    s.dims.iter().filter(|d| d.2 >= Grade::Good).count()
}

#[test]
fn the_scorecard_orders_and_diagnoses_the_labelled_drafts() {
    let scored = score_all();
    assert!(
        scored.len() >= 12,
        "expected at least 12 labelled drafts in {}, found {}",
        labelled_dir().display(),
        scored.len()
    );

    // The figures.
    println!(
        "\n{:<14} {:<6} {:<3} {:>5} {:<7}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  lowest / labelled weakest",
        "draft", "tier", "lvl", "score", "grade", "fram", "data", "modl", "intg", "trad", "comm"
    );
    for s in &scored {
        let dims: Vec<String> = s.dims.iter().map(|d| format!("{:>4}", d.1)).collect();
        println!(
            "{:<14} {:<6} {:<3} {:>5} {:<7}  {}  {} / {}{}",
            s.id,
            s.labels.tier,
            s.labels.level,
            s.overall,
            s.grade,
            dims.join(" "),
            lowest(s).join("+"),
            s.labels.weakest.join("+"),
            if s.labels.strongest.is_empty() {
                String::new()
            } else {
                format!(
                    "  (strongest: {}; {})",
                    s.labels.strongest.join("+"),
                    s.labels.problem_type
                )
            }
        );
    }

    let mut failures = Vec::new();

    // 1. Every strong draft above every weak one.
    let strong: Vec<&Scored> = scored
        .iter()
        .filter(|s| s.labels.tier == "strong")
        .collect();
    let weak: Vec<&Scored> = scored.iter().filter(|s| s.labels.tier == "weak").collect();
    let min_strong = strong.iter().map(|s| s.overall).min().unwrap_or(100);
    let max_weak = weak.iter().map(|s| s.overall).max().unwrap_or(0);
    println!("\nlowest strong score {min_strong}, highest weak score {max_weak}");
    for s in &strong {
        for w in &weak {
            if s.overall <= w.overall {
                failures.push(format!(
                    "strong {} ({}) does not score above weak {} ({})",
                    s.id, s.overall, w.id, w.overall
                ));
            }
        }
    }

    // 2. Per question, tier order.
    let mut by_question: BTreeMap<&str, Vec<&Scored>> = BTreeMap::new();
    for s in &scored {
        by_question.entry(&s.question).or_default().push(s);
    }
    let mut in_order = 0;
    for (q, mut drafts) in by_question.clone() {
        drafts.sort_by_key(|s| tier_rank(&s.labels.tier));
        let ok = drafts.windows(2).all(|w| w[0].overall < w[1].overall);
        if ok {
            in_order += 1;
        } else {
            let seq: Vec<String> = drafts
                .iter()
                .map(|s| format!("{} {}", s.labels.tier, s.overall))
                .collect();
            failures.push(format!(
                "{q}: scores not in tier order: {}",
                seq.join(" < ")
            ));
        }
    }
    println!("questions in tier order: {in_order}/{}", by_question.len());

    // 3. Every strong draft good or great on at least five dimensions.
    for s in &strong {
        let n = good_or_better(s);
        if n < 5 {
            failures.push(format!(
                "strong {} is good or great on {n} dimensions, not 5",
                s.id
            ));
        }
    }
    println!(
        "strong drafts good or great on >= 5 dimensions: {}/{}",
        strong.iter().filter(|s| good_or_better(s) >= 5).count(),
        strong.len()
    );

    // 4. Diagnosis on the weak and medium drafts.
    let diagnosed: Vec<&Scored> = scored
        .iter()
        .filter(|s| s.labels.tier != "strong")
        .collect();
    let hits = diagnosed
        .iter()
        .filter(|s| {
            lowest(s)
                .iter()
                .any(|d| s.labels.weakest.iter().any(|w| w == d))
        })
        .count();
    let ties = diagnosed.iter().filter(|s| lowest(s).len() > 1).count();
    println!(
        "weak and medium drafts whose lowest dimension is labelled weakest: {hits}/{} ({:.0}%; {ties} with a tie for lowest)",
        diagnosed.len(),
        100.0 * hits as f64 / diagnosed.len().max(1) as f64
    );
    if (hits as f64) < diagnosed.len() as f64 * 2.0 / 3.0 {
        failures.push(format!(
            "diagnosis: {hits}/{} weak and medium drafts have their lowest dimension among the labelled weakest; at least two thirds must",
            diagnosed.len()
        ));
    }

    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The bundled examples: the strong one grades good or great on at least five dimensions
/// and scores above the weak one.
#[test]
fn the_bundled_examples_grade_as_their_names_say() {
    let pack = Pack::builtin().expect("built-in pack");
    let read = |name: &str| {
        std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
        )
        .expect("example")
    };
    let strong = coach::assess(&read("strong.md"), &pack, &Settings::default()).scorecard;
    let weak = coach::assess(&read("weak.md"), &pack, &Settings::default()).scorecard;
    let good = strong
        .dimensions
        .iter()
        .filter(|d| d.grade >= Grade::Good)
        .count();
    assert!(good >= 5, "strong.md: {good} dimensions good or great");
    assert!(strong.overall > weak.overall);
    assert!(weak.grade <= Grade::Weak, "weak.md grades {}", weak.grade);
}
