//! Arbitrary TOML into the rule-pack builder and the workspace-config loader: an `Err` with
//! a message, or a pack that lints without breaking the report invariants. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mlsd::config::Config;
use mlsd::rules::PackBuilder;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A folder holding `r.toml`, so `rule_files = ["r.toml"]` resolves (its text comes from the
/// input through the `read` callback, not from disk).
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mlsd-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("r.toml"), "").expect("temp rule file");
        dir
    })
}

const DRAFTS: [&str; 3] = [
    include_str!("../../examples/weak.md"),
    include_str!("../../tests/fixtures/crlf.md"),
    "---\nlevel: L6\n---\n# Design 🚀\r\n## Data\rWe will be fast and scalable. p99 10 ms\n",
];

fn lint_with(pack: &mlsd::Pack) {
    for d in DRAFTS {
        let report = mlsd::lint(d, pack, &mlsd::Settings::default());
        mlsd_fuzz::check_report(d, &report);
    }
}

fuzz_target!(|data: &[u8]| {
    let (config, rules) = mlsd_fuzz::toml_input(data);
    // The rule file alone (the built-in pack plus the rule file is what `Config` builds
    // below when the config names `r.toml`; building the whole pack twice would halve the
    // speed).
    let mut b = PackBuilder::empty();
    b.add_file("fuzz.toml", &rules);
    match b.build() {
        Ok(pack) => lint_with(&pack),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    let loaded = Config::from_text("fuzz.mlsd.toml", &config, root(), |_| Ok(rules.clone()));
    match loaded {
        Ok(c) => {
            lint_with(&c.pack);
            let _ = c.covers(&root().join("a.md"));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
