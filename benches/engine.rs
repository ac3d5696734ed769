//! Engine throughput: `lint()` with the whole built-in pack over a folder of Markdown
//! (default `../shared/corpus/real`), one thread. Run: `cargo bench --bench engine [-- DIR]`.

use mlsd::{lint, Pack, Settings};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "markdown") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus/real"));
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
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
