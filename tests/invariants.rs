//! Invariants from `src/lib.rs`: a pure engine, a complete embedded pack, docs that list
//! every rule, and a linter that never panics and keeps its ranges inside the text.

use mlsd::rules::BUILTIN_FILES;
use mlsd::{lint, Pack, Settings};
use proptest::prelude::*;
use std::path::Path;

fn rs_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_engine_is_pure() {
    let mut files = Vec::new();
    rs_files(Path::new("src/engine"), &mut files);
    assert!(files.len() >= 10);
    let banned = [
        "std::fs",
        "tokio",
        "tower_lsp",
        "lsp_types",
        "println!",
        "eprintln!",
        "std::io::stdout",
        "std::process",
    ];
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for b in banned {
            assert!(
                !text.contains(b),
                "{} uses {b}: the engine must stay pure",
                f.display()
            );
        }
    }
}

#[test]
fn no_rule_id_is_hard_coded_in_src() {
    let pack = Pack::builtin().unwrap();
    let mut files = Vec::new();
    rs_files(Path::new("src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Test modules may name rules; production code may not.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        // A few rules share their name with their check kind (`monologue`); kind names are
        // Rust's to know.
        let not_kinds = pack
            .rules
            .iter()
            .filter(|r| !mlsd::rules::KINDS.iter().any(|k| k.name == r.id));
        for r in not_kinds {
            assert!(
                !code.contains(&format!("\"{}\"", r.id)),
                "{} names rule `{}`",
                f.display(),
                r.id
            );
        }
    }
}

#[test]
fn every_rules_toml_file_is_embedded() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| format!("rules/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = BUILTIN_FILES.iter().map(|(n, _)| n.to_string()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

#[test]
fn readme_rule_table_is_current() {
    let pack = Pack::builtin().unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("<!-- rules:start").expect("rules:start marker");
    let body_start = readme[start..].find("-->").unwrap() + start + 3;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let table = readme[body_start..end].trim();
    assert_eq!(
        table,
        mlsd::cli::commands::rules_table(&pack).trim(),
        "README.md's rule table is stale: regenerate it with `mlsd rule --all --format markdown`"
    );
    for r in &pack.rules {
        assert!(table.contains(&format!("`{}`", r.id)));
    }
}

/// Markdown-ish input biased toward structure, vocabulary and tricky characters.
fn drafty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\nlevel: L5\ntype: ranking\n---\n".to_string()),
        Just("---\nlevel: 7\n".to_string()),
        Just("# Design a feed ranker\n".to_string()),
        Just("## Data\n".to_string()),
        Just("## 3. Model & Training\n".to_string()),
        Just("Serving\n=====\n".to_string()),
        Just("The system needs to be fast. ".to_string()),
        Just("p99 under 80 ms for 10K QPS. ".to_string()),
        Just("- how fast?\n".to_string()),
        Just("> quote **big** `code`\n".to_string()),
        Just("```mermaid\nA-->B\n```\n".to_string()),
        Just("<!-- mlsd-disable-line vague-term nope -->".to_string()),
        Just("<!-- mlsd-disable".to_string()),
        Just("| a | fast |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("[link](http://x.y/fast) ".to_string()),
        Just("🚀数据 e\u{301} ".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("AUC 0.85 and CTR. ".to_string()),
        Just("\u{feff}".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn lint_never_panics_and_ranges_stay_on_char_boundaries(text in drafty()) {
        let pack = Pack::builtin().unwrap();
        let report = lint(&text, &pack, &Settings::default());
        for f in &report.findings {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len(), "{:?}", f);
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            for fx in &f.fixes {
                for e in &fx.edits {
                    prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start));
                    prop_assert!(e.range.start >= report_body_start(&text), "edit inside front matter: {:?}", e);
                }
            }
        }
    }

    #[test]
    fn safe_fixes_converge_and_keep_other_text(text in drafty()) {
        let pack = Pack::builtin().unwrap();
        let settings = Settings::default();
        let (once, _) = mlsd::engine::fix::fix_all(&text, &pack, &settings, false);
        let (twice, n) = mlsd::engine::fix::fix_all(&once, &pack, &settings, false);
        prop_assert_eq!(n, 0);
        prop_assert_eq!(&twice, &once);
        // Safe fixes only insert: the original text is a subsequence of the result.
        let mut rest = once.as_str();
        for ch in text.chars() {
            match rest.find(ch) {
                Some(i) => rest = &rest[i + ch.len_utf8()..],
                None => prop_assert!(false, "character {ch:?} lost"),
            }
        }
    }

    #[test]
    fn lint_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let pack = Pack::builtin().unwrap();
        let _ = lint(&text, &pack, &Settings::default());
    }
}

fn report_body_start(text: &str) -> usize {
    mlsd::engine::front_matter::parse(text).body_start
}
