//! What the numbers coach costs (issue 24), beside a baseline measured in the same run:
//! `lint` with the built-in pack against `lint` with the pack without `rules/numbers.toml`
//! and `rules/figures.toml` (no units: no figure is read, no category given, no
//! `inconsistent-numbers` comparison finds anything). One thread, release build, rounds
//! interleaved so that drift on a shared machine hits both alike; each keeps its fastest.
//!
//! `cargo bench --bench numbers [-- DIR|FILE ...]` (default: `../shared/corpus/real`,
//! `tests/fixtures/labelled` and a 5 MB draft built from them). The cost should stay within
//! 10% of the baseline; the figure is printed per set.

use mlsd::rules::{PackBuilder, BUILTIN_FILES};
use mlsd::{lint, Pack, Settings};
use std::path::PathBuf;
use std::time::Instant;

#[path = "support/files.rs"]
mod files;
use files::read_set;

/// The built-in pack without the numbers' files.
fn baseline_pack() -> Pack {
    let mut b = PackBuilder::empty();
    for (name, text) in BUILTIN_FILES {
        if !name.ends_with("numbers.toml") && !name.ends_with("figures.toml") {
            b.add_file(name, text);
        }
    }
    b.build().expect("pack without the numbers")
}

fn measure(name: &str, texts: &[String], base: &Pack, full: &Pack) -> f64 {
    let settings = Settings::default();
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        println!("{name}: no Markdown");
        return 0.0;
    }
    let run = |pack: &Pack| {
        for t in texts {
            std::hint::black_box(lint(t, pack, &settings));
        }
    };
    let mut scanned = 0;
    while scanned < 1_000_000 {
        run(base);
        run(full);
        scanned += bytes;
    }
    let rounds = (60_000_000 / bytes).clamp(3, 100);
    let (mut t_base, mut t_full) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..rounds * 3 {
        let s = Instant::now();
        run(base);
        t_base = t_base.min(s.elapsed().as_secs_f64());
        let s = Instant::now();
        run(full);
        t_full = t_full.min(s.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    let cost = (t_full - t_base) / t_base * 100.0;
    println!(
        "{name}: {} files, {mb:.2} MB: without the numbers {:.1} MB/s, with them {:.1} MB/s: {cost:+.1}%",
        texts.len(),
        mb / t_base,
        mb / t_full,
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
    let mut worst: f64 = f64::NEG_INFINITY;
    if !args.is_empty() {
        worst = worst.max(measure("given", &read_set(&args), &base, &full));
    } else {
        let corpus = read_set(&[PathBuf::from("../shared/corpus/real")]);
        let labelled = read_set(&[PathBuf::from("tests/fixtures/labelled")]);
        worst = worst.max(measure("corpus (real write-ups)", &corpus, &base, &full));
        worst = worst.max(measure("labelled drafts", &labelled, &base, &full));
        let source: String = corpus.iter().chain(&labelled).cloned().collect();
        if !source.is_empty() {
            let mut big = String::with_capacity(5_000_000 + source.len());
            while big.len() < 5_000_000 {
                big.push_str(&source);
            }
            worst = worst.max(measure("one 5 MB draft", &[big], &base, &full));
        }
    }
    println!(
        "worst: {worst:+.1}% ({})",
        if worst <= 10.0 {
            "within 10%"
        } else {
            "OVER 10%"
        }
    );
}
