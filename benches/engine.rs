//! Engine throughput: `lint()` with the whole built-in pack over a folder of Markdown
//! (default `../shared/corpus/real`) or one file, one thread.
//!
//! - `cargo bench --bench engine [-- DIR|FILE]`: MB/s, then the cost of each stage of the
//!   draft model and of each check kind.
//! - `cargo bench --bench engine -- --scaling [DIR]`: one draft of 1, 10 and 100 MB built
//!   from the corpus; time must grow linearly (the ratios are printed).

use mlsd::engine::draft::Draft;
use mlsd::engine::prose;
use mlsd::text::terms;
use mlsd::{lint, Pack, Settings};
use std::path::PathBuf;
use std::time::Instant;

#[path = "support/files.rs"]
mod files;
use files::markdown_files;

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/real"));
    let mut files = Vec::new();
    if dir.is_file() {
        files.push(dir.clone());
    } else {
        markdown_files(&dir, &mut files);
    }
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        eprintln!("no Markdown under {}", dir.display());
        return;
    }
    let pack = Pack::builtin().expect("built-in pack");
    let settings = Settings::default();
    if std::env::args().any(|a| a == "--scaling") {
        scaling(&texts, &pack, &settings);
        return;
    }
    // Warm up, then time enough rounds for a stable figure.
    let mut findings = 0;
    for t in &texts {
        findings += lint(t, &pack, &settings).findings.len();
    }
    // MLSD_BENCH_ROUNDS=1 under `valgrind --tool=callgrind` gives repeatable instruction counts.
    let rounds = std::env::var("MLSD_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or((200_000_000 / bytes).clamp(3, 200));
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            std::hint::black_box(lint(t, &pack, &settings));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    // MLSD_BENCH_STAGES=0 skips the per-stage breakdown (for profilers).
    if std::env::var("MLSD_BENCH_STAGES").map_or(true, |v| v != "0") {
        stages(&texts, &pack, rounds);
    }
    println!(
        "engine: {} files, {:.2} MB, {} findings; {} rounds in {:.3} s = {:.1} MB/s on one thread",
        texts.len(),
        bytes as f64 / 1e6,
        findings,
        rounds,
        secs,
        mb / secs
    );
}

/// Time of each stage of `lint()` over the same texts, to show which one dominates.
fn stages(texts: &[String], pack: &Pack, rounds: usize) {
    let drafts: Vec<Draft> = texts.iter().map(|t| Draft::parse(t, pack)).collect();
    let proses: Vec<&str> = drafts.iter().map(|d| d.prose.as_str()).collect();
    let folded: Vec<String> = proses.iter().map(|p| terms::fold_for_matching(p)).collect();
    let settings = Settings::default();
    let time = |name: &str, f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        let ms = start.elapsed().as_secs_f64() * 1e3 / rounds as f64;
        println!("  {name:<28} {ms:7.2} ms per pass");
    };
    time("Draft::parse (all of it)", &mut || {
        for t in texts {
            std::hint::black_box(Draft::parse(t, pack));
        }
    });
    time("  fold", &mut || {
        for p in &proses {
            std::hint::black_box(terms::fold_for_matching(p));
        }
    });
    let mut starts: Vec<Vec<(u32, usize)>> = Vec::new();
    let (mut term_hits, mut pattern_starts, mut raw) = (0, 0, 0);
    for (p, f) in proses.iter().zip(&folded) {
        let (mut out, mut st) = (Vec::new(), Vec::new());
        pack.matcher.scan_terms(p, f, &mut out, &mut st);
        raw += pack.matcher.raw_matches(f);
        term_hits += out.len();
        pattern_starts += st.len();
        starts.push(st);
    }
    println!(
        "  per pass: {raw} automaton matches, {term_hits} whole-word term hits, {pattern_starts} pattern starts"
    );
    time("  terms + triggers (one AC)", &mut || {
        let (mut out, mut st) = (Vec::new(), Vec::new());
        for (p, f) in proses.iter().zip(&folded) {
            out.clear();
            st.clear();
            pack.matcher.scan_terms(p, f, &mut out, &mut st);
        }
        std::hint::black_box(out);
    });
    time("  patterns (anchored regex)", &mut || {
        let mut out = Vec::new();
        for (f, st) in folded.iter().zip(&starts) {
            out.clear();
            pack.matcher.scan_patterns(f, &mut st.clone(), &mut out);
        }
        std::hint::black_box(out);
    });
    time("  sentences + words", &mut || {
        for p in &proses {
            for r in prose::sentences(p) {
                std::hint::black_box(prose::word_count(&p[r]));
            }
        }
    });
    time("checks + profile", &mut || {
        for d in &drafts {
            std::hint::black_box(mlsd::engine::lint_draft(d, pack, &settings));
        }
    });
    // Each check kind alone (its rules on, every other rule off), less the cost with all
    // rules off: which kind dominates the checking.
    let off = |keep: &dyn Fn(&str) -> bool| Settings {
        select: Some(
            pack.rules
                .iter()
                .filter(|r| keep(&r.id))
                .map(|r| r.id.clone())
                .collect(),
        ),
        ..Settings::default()
    };
    let none = off(&|_| false);
    let base = per_pass(rounds, &mut || {
        for d in &drafts {
            std::hint::black_box(mlsd::engine::lint_draft(d, pack, &none));
        }
    });
    println!(
        "  checks with every rule off  {base:7.2} ms per pass (context, suppressions, profile)"
    );
    let mut kinds: Vec<&str> = pack
        .rules
        .iter()
        .flat_map(|r| r.checks.iter().map(|c| c.kind_name()))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let ids: Vec<&str> = pack
            .rules
            .iter()
            .filter(|r| r.checks.iter().any(|c| c.kind_name() == kind))
            .map(|r| r.id.as_str())
            .collect();
        let only = off(&|id| ids.contains(&id));
        let ms = per_pass(rounds, &mut || {
            for d in &drafts {
                std::hint::black_box(mlsd::engine::lint_draft(d, pack, &only));
            }
        });
        println!(
            "    {kind:<26} {:7.2} ms per pass ({} rules)",
            (ms - base).max(0.0),
            ids.len()
        );
    }
}

fn per_pass(rounds: usize, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    start.elapsed().as_secs_f64() * 1e3 / rounds as f64
}

/// One draft of 1, 10 and 100 MB (whole corpus documents in a cycle): seconds per MB must
/// stay flat as the draft grows.
fn scaling(texts: &[String], pack: &Pack, settings: &Settings) {
    let mut previous: Option<f64> = None;
    for mb in [1usize, 10, 100] {
        let target = mb * 1_000_000;
        let mut draft = String::with_capacity(target + 100_000);
        for t in texts.iter().cycle() {
            if draft.len() >= target {
                break;
            }
            draft.push_str(t);
            draft.push_str("\n\n");
        }
        let rounds = (100 / mb).max(1);
        // Warm-up (builds the automaton) on the 1 MB draft only.
        if mb == 1 {
            std::hint::black_box(lint(&draft, pack, settings));
        }
        let start = Instant::now();
        let mut findings = 0;
        for _ in 0..rounds {
            findings = lint(&draft, pack, settings).findings.len();
        }
        let secs = start.elapsed().as_secs_f64() / rounds as f64;
        let ratio = previous.map_or(String::new(), |p| {
            format!(", {:.1}x the time of a tenth", secs / p)
        });
        println!(
            "scaling: {:>6.1} MB in one draft: {:8.3} s, {:5.1} MB/s, {} findings{ratio}",
            draft.len() as f64 / 1e6,
            secs,
            draft.len() as f64 / 1e6 / secs,
            findings
        );
        previous = Some(secs);
    }
}
