//! Accuracy on drafts nobody on the team wrote: `tests/fixtures/labelled/` holds 48 answers
//! labelled by meaning before mlsd ran on them (see its README). For every rule the test
//! counts the drafts where it fired and was deserved (TP), fired and was not (FP), and
//! stayed silent where it was deserved (FN); `unsure` labels are not scored. It also
//! scores `vague-term` by line against the labelled vague claims, and counts warnings on
//! the strong drafts. It prints every figure, then fails if one falls under its floor.
//!
//! The floors are the goals, which the figures in README ("How accurate is it")
//! meet: a change that makes mlsd less accurate than that on this set fails here.
//!
//! `tests/fixtures/holdout/` holds 12 more, written and labelled the same way after the
//! rules were last tuned, and never used to tune them: it shows how mlsd does on voices it
//! has not met. Its floors are guards just under what it measured when it arrived (README
//! gives the figures); do not tune rules against it, or it stops measuring anything.

use mlsd::engine::Severity;
use mlsd::{lint, Pack, Settings};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Floors {
    precision: f64,
    recall: f64,
    vague_line_precision: f64,
    vague_line_recall: f64,
    strong_warnings: usize,
}

/// The goals: precision 0.90, recall 0.85, vague-claim line recall 0.80, at most 2 warnings
/// per strong draft (measured 0.909 / 0.860 / 0.811 / 2).
const GOALS: Floors = Floors {
    precision: 0.90,
    recall: 0.85,
    vague_line_precision: 0.90,
    vague_line_recall: 0.80,
    strong_warnings: 2,
};

/// The held-out set measured 0.892 / 0.829 / vague lines 0.917 and 0.880 / at most 1 warning
/// on its first run; these guards sit just under that.
const HOLDOUT_GUARDS: Floors = Floors {
    precision: 0.88,
    recall: 0.82,
    vague_line_precision: 0.90,
    vague_line_recall: 0.85,
    strong_warnings: 2,
};

struct Labelled {
    name: String,
    text: String,
    tier: String,
    rules: BTreeMap<String, String>,
    vague: Vec<String>,
}

fn fixtures(set: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(set)
}

fn load(dir: &Path) -> Vec<Labelled> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("labelled folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".labels.toml"))
        .collect();
    paths.sort();
    for p in paths {
        let labels: toml::Value =
            toml::from_str(&std::fs::read_to_string(&p).expect("labels")).expect("labels parse");
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_end_matches(".labels.toml").to_string())
            .expect("name");
        let text = std::fs::read_to_string(p.with_file_name(format!("{name}.md"))).expect("draft");
        let rules = labels["rules"]
            .as_table()
            .expect("[rules]")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("label").to_string()))
            .collect();
        let vague = labels
            .get("vague")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|v| v["text"].as_str().expect("vague text").to_string())
                    .collect()
            })
            .unwrap_or_default();
        out.push(Labelled {
            name,
            text,
            tier: labels["tier"].as_str().expect("tier").to_string(),
            rules,
            vague,
        });
    }
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[test]
fn labelled_drafts_meet_the_accuracy_goals() {
    let drafts = load(&fixtures("labelled"));
    assert!(drafts.len() >= 30, "only {} labelled drafts", drafts.len());
    score("labelled drafts", &drafts, &GOALS);
}

#[test]
fn held_out_drafts_stay_above_their_guards() {
    let drafts = load(&fixtures("holdout"));
    assert_eq!(drafts.len(), 12, "the held-out set has 12 drafts");
    score("held-out drafts", &drafts, &HOLDOUT_GUARDS);
}

/// Prints every figure for the set, then fails if one falls under its floor.
fn score(set: &str, drafts: &[Labelled], floors: &Floors) {
    let pack = Pack::builtin().expect("built-in pack");
    let mut per_rule: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let (mut vtp, mut vfp, mut vfn) = (0usize, 0usize, 0usize);
    let mut strong_warnings = Vec::new();
    let mut problems = Vec::new();
    for d in drafts {
        let report = lint(&d.text, &pack, &Settings::default());
        let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
        for rule in &fired {
            if !d.rules.contains_key(*rule) {
                // A rule added after the labels were written: shown, not scored.
                println!("{}: `{rule}` fired (no label)", d.name);
            }
        }
        for (rule, label) in &d.rules {
            if !pack.has_rule(rule) || label == "unsure" {
                continue;
            }
            let slot = per_rule.entry(rule.clone()).or_default();
            match (fired.contains(rule.as_str()), label.as_str()) {
                (true, "deserved") => slot[0] += 1,
                (true, "not") => slot[1] += 1,
                (false, "deserved") => slot[2] += 1,
                _ => {}
            }
        }
        let lines: Vec<&str> = d.text.split('\n').collect();
        let mut want = BTreeSet::new();
        for v in &d.vague {
            let at: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].contains(v.as_str()))
                .collect();
            assert_eq!(
                at.len(),
                1,
                "{}: vague text {v:?} is not on exactly one line",
                d.name
            );
            want.insert(at[0] + 1);
        }
        let got: BTreeSet<usize> = report
            .findings
            .iter()
            .filter(|f| f.rule == "vague-term")
            .map(|f| line_of(&d.text, f.range.start))
            .collect();
        vtp += want.intersection(&got).count();
        vfp += got.difference(&want).count();
        vfn += want.difference(&got).count();
        if d.tier == "strong" {
            let warnings = report
                .findings
                .iter()
                .filter(|f| f.severity.at_least(Severity::Warning))
                .count();
            strong_warnings.push((d.name.clone(), warnings));
        }
    }
    let (tp, fp, fnn) = per_rule
        .values()
        .fold((0, 0, 0), |a, s| (a.0 + s[0], a.1 + s[1], a.2 + s[2]));
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            1.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    let (precision, recall) = (ratio(tp, fp), ratio(tp, fnn));
    let (vprec, vrec) = (ratio(vtp, vfp), ratio(vtp, vfn));
    println!("{set}: {}", drafts.len());
    println!(
        "rule decisions: TP {tp} FP {fp} FN {fnn}: precision {precision:.3}, recall {recall:.3}"
    );
    println!(
        "vague-term lines: TP {vtp} FP {vfp} FN {vfn}: precision {vprec:.3}, recall {vrec:.3}"
    );
    println!("warnings on strong drafts: {strong_warnings:?}");
    println!("{:<32} {:>3} {:>3} {:>3}", "rule", "TP", "FP", "FN");
    for (rule, [a, b, c]) in &per_rule {
        if a + b + c > 0 {
            println!("{rule:<32} {a:>3} {b:>3} {c:>3}");
        }
    }
    let f = floors;
    if precision < f.precision {
        problems.push(format!(
            "{set}: rule precision {precision:.3} < {}",
            f.precision
        ));
    }
    if recall < f.recall {
        problems.push(format!("{set}: rule recall {recall:.3} < {}", f.recall));
    }
    if vprec < f.vague_line_precision {
        problems.push(format!(
            "{set}: vague-term line precision {vprec:.3} < {}",
            f.vague_line_precision
        ));
    }
    if vrec < f.vague_line_recall {
        problems.push(format!(
            "{set}: vague-term line recall {vrec:.3} < {}",
            f.vague_line_recall
        ));
    }
    for (name, n) in &strong_warnings {
        if *n > f.strong_warnings {
            problems.push(format!(
                "{name}: {n} warnings on a strong draft (at most {})",
                f.strong_warnings
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
