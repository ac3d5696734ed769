//! Start-up: what `mlsd check` spends on a tiny draft, and where.
//!
//! `cargo bench --bench startup [-- RUNS]` prints
//! - spawn → exit wall time (median and best of RUNS, default 60) of `mlsd --version`,
//!   `mlsd check` on a 150-byte draft, and ripgrep on the same file when `rg` is on PATH
//!   (the floor: a process that reads a file and runs one regex), interleaved;
//! - in process, median of RUNS: the typed TOML parse of the built-in rule files, the rest
//!   of `Pack::builtin()` (validation and compilation), the first `lint` of the tiny draft
//!   on a fresh pack (it builds what it needs lazily) and a second one.

use mlsd::rules::schema::PackFile;
use mlsd::rules::BUILTIN_FILES;
use mlsd::{lint, Pack, Settings};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TINY: &str = "# Design a feed ranker\n\n## Clarify\n\nWho are the users? It should be fast and scale to many users.\n";

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    let dir = std::env::temp_dir().join(format!("mlsd-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let tiny = dir.join("tiny.md");
    std::fs::write(&tiny, TINY).expect("write tiny draft");
    let bin = env!("CARGO_BIN_EXE_mlsd");
    let tiny_s = tiny.to_string_lossy().to_string();

    let mut cmds: Vec<(&str, Vec<String>)> = vec![
        ("mlsd --version", vec![bin.into(), "--version".into()]),
        (
            "mlsd check tiny.md",
            vec![bin.into(), "check".into(), tiny_s.clone()],
        ),
    ];
    if Command::new("rg").arg("--version").output().is_ok() {
        cmds.push((
            "rg -i 'fast|scale' tiny.md",
            vec![
                "rg".into(),
                "-i".into(),
                "fast|scale".into(),
                tiny_s.clone(),
            ],
        ));
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cmds.len()];
    for _ in 0..runs {
        for (i, (_, argv)) in cmds.iter().enumerate() {
            let start = Instant::now();
            let status = Command::new(&argv[0])
                .args(&argv[1..])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let took = start.elapsed();
            if status.is_ok() {
                times[i].push(took);
            }
        }
    }
    println!("spawn → exit, {runs} runs each (interleaved):");
    for ((name, _), t) in cmds.iter().zip(&mut times) {
        println!(
            "  {name:<28} median {:6.2} ms   best {:6.2} ms",
            ms(median(t)),
            ms(t.iter().min().copied().unwrap_or_default())
        );
    }

    let settings = Settings::default();
    let (mut parse, mut whole, mut first, mut second) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let start = Instant::now();
        for (_, text) in BUILTIN_FILES {
            std::hint::black_box(toml::from_str::<PackFile>(text).expect("built-in file parses"));
        }
        parse.push(start.elapsed());
        let start = Instant::now();
        let pack = Pack::builtin().expect("built-in pack");
        whole.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(lint(TINY, &pack, &settings));
        first.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(lint(TINY, &pack, &settings));
        second.push(start.elapsed());
    }
    let (p, w) = (median(&mut parse), median(&mut whole));
    println!("in process, median of {runs}:");
    println!(
        "  TOML parse of the built-in files  {:6.2} ms  ({} files, {} KB)",
        ms(p),
        BUILTIN_FILES.len(),
        BUILTIN_FILES.iter().map(|(_, t)| t.len()).sum::<usize>() / 1000
    );
    println!(
        "  validate + compile                {:6.2} ms",
        ms(w.saturating_sub(p))
    );
    println!("  Pack::builtin() in all            {:6.2} ms", ms(w));
    println!(
        "  first lint of the tiny draft      {:6.2} ms",
        ms(median(&mut first))
    );
    println!(
        "  second lint                       {:6.2} ms",
        ms(median(&mut second))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn median(t: &mut [Duration]) -> Duration {
    t.sort_unstable();
    t.get(t.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
