//! What the scorecard costs, beside a baseline measured in the same run: one thread,
//! release build, rounds interleaved so that drift on a shared machine hits both alike.
//!
//! - check: `lint` with the built-in pack;
//! - check + scorecard: the same pack, `coach::assess_draft` (lint, layout, scorecard);
//! - and, for the record, `lint` with the pack without `rules/scorecard.toml` (what the
//!   scorecard's own vocabulary adds to the shared automaton).
//!
//! Then the same at the command line: `mlsd check --format json --all` with and without
//! `--no-score`.
//!
//! `cargo bench --bench scorecard [-- DIR|FILE ...]` (default: `../shared/corpus/real`,
//! `tests/fixtures/labelled` and a 5 MB draft built from them). The cost must stay within
//! 10% of the baseline; the figure is printed per set.

use mlsd::coach;
use mlsd::engine::draft::Draft;
use mlsd::rules::{PackBuilder, BUILTIN_FILES};
use mlsd::{lint, Pack, Settings};
use std::path::PathBuf;
use std::time::Instant;

#[path = "support/files.rs"]
mod files;
use files::read_set;

/// The built-in pack without the scorecard's file.
fn baseline_pack() -> Pack {
    let mut b = PackBuilder::empty();
    for (name, text) in BUILTIN_FILES {
        if !name.ends_with("scorecard.toml") {
            b.add_file(name, text);
        }
    }
    b.build().expect("pack without the scorecard")
}

fn measure(name: &str, texts: &[String], base: &Pack, full: &Pack) -> f64 {
    let settings = Settings::default();
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        println!("{name}: no Markdown");
        return 0.0;
    }
    let plain = |pack: &Pack| {
        for t in texts {
            std::hint::black_box(lint(t, pack, &settings));
        }
    };
    let coached = |pack: &Pack| {
        for t in texts {
            let draft = Draft::parse(t, pack);
            std::hint::black_box(coach::assess_draft(&draft, pack, &settings));
        }
    };
    // Warm up both packs past the automaton's second tier (built after 256 KB of text).
    let mut scanned = 0;
    while scanned < 1_000_000 {
        plain(base);
        coached(full);
        scanned += bytes;
    }
    let rounds = (60_000_000 / bytes).clamp(3, 100);
    plain(full);
    // Rounds interleave the three, and each keeps its fastest round: the least disturbed
    // measurement of each on a shared machine.
    let (mut t_base, mut t_vocab, mut t_full) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds * 3 {
        let s = Instant::now();
        plain(base);
        t_base = t_base.min(s.elapsed().as_secs_f64());
        let s = Instant::now();
        plain(full);
        t_vocab = t_vocab.min(s.elapsed().as_secs_f64());
        let s = Instant::now();
        coached(full);
        t_full = t_full.min(s.elapsed().as_secs_f64());
    }
    let (t_base, t_vocab, t_full) = (
        t_base * rounds as f64,
        t_vocab * rounds as f64,
        t_full * rounds as f64,
    );
    // Where the card's time goes: the findings' layout, then the scorecard itself.
    let parsed: Vec<(Draft, mlsd::Report)> = texts
        .iter()
        .map(|t| {
            let d = Draft::parse(t, full);
            let r = mlsd::engine::lint_draft(&d, full, &settings);
            (d, r)
        })
        .collect();
    let (mut t_layout, mut t_card) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..5 {
        let s = Instant::now();
        for _ in 0..rounds {
            for (d, r) in &parsed {
                std::hint::black_box(coach::layout(d, full, &r.findings));
            }
        }
        t_layout = t_layout.min(s.elapsed().as_secs_f64());
        let s = Instant::now();
        for _ in 0..rounds {
            for (d, r) in &parsed {
                std::hint::black_box(coach::scorecard(d, r, full, &settings));
            }
        }
        t_card = t_card.min(s.elapsed().as_secs_f64());
    }
    println!(
        "  layout {:.1}% of check, layout + scorecard {:.1}%",
        t_layout / t_base * 100.0,
        t_card / t_base * 100.0
    );
    let mb = (bytes * rounds) as f64 / 1e6;
    // The card against a check with the same pack; the scorecard's own vocabulary against
    // the pack without it (different automata, so that figure is the noisier one).
    let cost = (t_full - t_vocab) / t_vocab * 100.0;
    println!(
        "{name}: {} files, {:.2} MB × {rounds}: check {:.1} MB/s, check + scorecard {:.1} MB/s: the scorecard costs {cost:+.1}% of the check; (its vocabulary in the automaton: {:+.1}%, pack without it {:.1} MB/s)",
        texts.len(),
        bytes as f64 / 1e6,
        mb / t_vocab,
        mb / t_full,
        (t_vocab - t_base) / t_base * 100.0,
        mb / t_base,
    );
    cost
}

fn main() {
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    let base = baseline_pack();
    let full = Pack::builtin().expect("built-in pack");
    // MLSD_BENCH_CARD_ONLY=N: only the scorecard, N rounds (for profilers).
    if let Some(n) = std::env::var("MLSD_BENCH_CARD_ONLY")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let settings = Settings::default();
        let texts = read_set(&args);
        let parsed: Vec<(Draft, mlsd::Report)> = texts
            .iter()
            .map(|t| {
                let d = Draft::parse(t, &full);
                let r = mlsd::engine::lint_draft(&d, &full, &settings);
                (d, r)
            })
            .collect();
        let s = Instant::now();
        // MLSD_BENCH_LINT=1: time the plain check instead (the same texts), to compare.
        let lint_instead = std::env::var_os("MLSD_BENCH_LINT").is_some();
        for _ in 0..n {
            if lint_instead {
                for t in &texts {
                    std::hint::black_box(lint(t, &full, &settings));
                }
                continue;
            }
            for (d, r) in &parsed {
                std::hint::black_box(coach::scorecard(d, r, &full, &settings));
            }
        }
        println!(
            "{:.2} µs per {}",
            s.elapsed().as_secs_f64() * 1e6 / (n * parsed.len().max(1)) as f64,
            if lint_instead { "check" } else { "scorecard" }
        );
        return;
    }
    let mut worst: f64 = 0.0;
    if !args.is_empty() {
        worst = worst.max(measure("given", &read_set(&args), &base, &full));
    } else {
        let corpus = read_set(&[PathBuf::from("../shared/corpus/real")]);
        let labelled = read_set(&[PathBuf::from("tests/fixtures/labelled")]);
        worst = worst.max(measure("corpus (real write-ups)", &corpus, &base, &full));
        worst = worst.max(measure("labelled drafts", &labelled, &base, &full));
        // One 5 MB draft from the same text.
        let source: String = corpus.iter().chain(&labelled).cloned().collect();
        if !source.is_empty() {
            let mut big = String::with_capacity(5_000_000 + source.len());
            while big.len() < 5_000_000 {
                big.push_str(&source);
            }
            worst = worst.max(measure("one 5 MB draft", &[big], &base, &full));
        }
    }
    // The same at the command line: `mlsd check --format json` with and without the card.
    let dirs: Vec<PathBuf> = if args.is_empty() {
        vec![
            PathBuf::from("../shared/corpus/real"),
            PathBuf::from("tests/fixtures/labelled"),
        ]
    } else {
        args.clone()
    };
    for dir in dirs.iter().filter(|d| d.exists()) {
        let run = |extra: &[&str]| {
            let s = Instant::now();
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_mlsd"))
                .args([
                    "check",
                    "--format",
                    "json",
                    "--exit-zero",
                    "--no-ignore",
                    "--all",
                ])
                .args(extra)
                .arg(dir)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("run mlsd");
            assert!(out.success());
            s.elapsed().as_secs_f64()
        };
        let (mut plain, mut card) = (f64::INFINITY, f64::INFINITY);
        run(&[]);
        for _ in 0..15 {
            plain = plain.min(run(&["--no-score"]));
            card = card.min(run(&[]));
        }
        let cost = (card - plain) / plain * 100.0;
        println!(
            "mlsd check --format json {}: {:.1} ms with --no-score, {:.1} ms with the scorecard: {cost:+.1}%",
            dir.display(),
            plain * 1e3,
            card * 1e3
        );
    }
    println!(
        "worst scorecard cost {worst:+.1}% of check ({})",
        if worst <= 10.0 {
            "within the 10% budget"
        } else {
            "OVER the 10% budget"
        }
    );
}
