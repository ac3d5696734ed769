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
    // The layers below the engine (text, pack model) are pure too.
    for dir in ["src/engine", "src/pack", "src/text"] {
        rs_files(Path::new(dir), &mut files);
    }
    assert!(files.len() >= 15);
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

/// Short one-line strings of the built-in rule files (vocabulary terms, stage headings and
/// aliases, problem types, rule ids), so drafts hit the pack's words whatever it holds.
fn pack_words() -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) if !s.is_empty() && s.len() <= 40 && !s.contains('\n') => {
                out.push(s.clone())
            }
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, x)| {
                out.push(k.clone());
                walk(x, out)
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (_, text) in BUILTIN_FILES {
        walk(
            &toml::Value::Table(text.parse::<toml::Table>().unwrap()),
            &mut out,
        );
    }
    out.sort();
    out.dedup();
    out
}

fn pack() -> &'static Pack {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    PACK.get_or_init(|| Pack::builtin().unwrap())
}

/// A line break of any of the three kinds.
fn nl() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["\n", "\r\n", "\r"])
}

/// Prose: the pack's words, numbers, emoji, CJK, combining marks, arbitrary text.
fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => prop::sample::select(pack_words()),
        1 => prop::sample::select(vec![
            "p99", "10 ms", "50K QPS", "0.85", "AUC", "🚀", "数据", "e\u{301}", "\u{feff}",
            "\u{200b}", "\u{2028}", "\t", "\0", "ß", "L5", "how many?", "≈ N unit",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ];
    prop::collection::vec(word, 0..8).prop_map(|v| v.join(" "))
}

/// One Markdown block biased toward structure, vocabulary and tricky characters.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\nlevel: L5\ntype: ranking\n---\n".to_string()),
        Just("---\nlevel: 7\n".to_string()),
        Just("---\r\nminutes: \"lots\"\r\ncompany: meta\r\n---\r\n".to_string()),
        (
            prop::sample::select(vec!["level", "type", "company", "minutes", "x"]),
            words(),
            nl()
        )
            .prop_map(|(k, v, nl)| format!("---{nl}{k}: {v}{nl}---{nl}")),
        Just("# Design a feed ranker\n".to_string()),
        Just("## 3. Model & Training\n".to_string()),
        Just("Serving\n=====\n".to_string()),
        (1usize..8, words(), nl()).prop_map(|(l, w, nl)| format!("{} {w}{nl}", "#".repeat(l))),
        (words(), nl()).prop_map(|(w, nl)| format!("{w}.{nl}{nl}")),
        words().prop_map(|w| format!("{w}? ")),
        (
            0usize..4,
            prop::sample::select(vec!["- ", "* ", "1. ", "- [ ] "]),
            words(),
            nl()
        )
            .prop_map(|(d, m, w, nl)| format!("{}{m}{w}{nl}", "  ".repeat(d))),
        (1usize..5, words(), nl()).prop_map(|(d, w, nl)| format!("{}{w}{nl}", "> ".repeat(d))),
        (
            prop::sample::select(vec!["```", "~~~"]),
            words(),
            nl(),
            any::<bool>()
        )
            .prop_map(|(f, w, nl, closed)| format!(
                "{f}mermaid{nl}{w}{nl}{}",
                if closed { f } else { "" }
            )),
        (words(), words(), nl())
            .prop_map(|(a, b, nl)| format!("| {a} | {b} |{nl}|---|---|{nl}| 1 | {b} |{nl}")),
        (words(), words()).prop_map(|(a, b)| format!("[{a}](http://x.y/{b}) ")),
        (
            prop::sample::select(
                pack()
                    .rules
                    .iter()
                    .map(|r| r.id.clone())
                    .collect::<Vec<_>>()
            ),
            nl()
        )
            .prop_map(|(id, nl)| format!("<!-- mlsd-disable-line {id} -->{nl}")),
        Just("<!-- mlsd-disable-line vague-term nope -->".to_string()),
        Just("<!-- mlsd-disable".to_string()),
        Just("🚀数据 e\u{301} ".to_string()),
        nl().prop_map(str::to_string),
        Just("\u{feff}".to_string()),
        "\\PC{0,12}",
    ]
}

fn drafty() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 0..30).prop_map(|v| v.concat())
}

/// Settings as config files, editors and flags set them.
fn settings() -> impl Strategy<Value = Settings> {
    use mlsd::engine::{RuleSetting, Severity};
    use mlsd::rules::Level;
    let ids: Vec<String> = pack().rules.iter().map(|r| r.id.clone()).collect();
    let level = prop::sample::select(Level::ALL.to_vec());
    let setting = prop_oneof![
        Just(RuleSetting::Off),
        prop::sample::select(Severity::ALL.to_vec()).prop_map(RuleSetting::Severity),
    ];
    (
        level.clone(),
        prop::option::of(level),
        1u32..600,
        prop::option::of(1u32..600),
        30u32..600,
        prop::collection::hash_map(prop::sample::select(ids.clone()), setting, 0..4),
        prop::option::of(prop::collection::hash_set(
            prop::sample::select(ids.clone()),
            1..3,
        )),
        prop::collection::hash_set(prop::sample::select(ids), 0..3),
    )
        .prop_map(
            |(level, forced_level, minutes, forced_minutes, wpm, rules, select, ignore)| Settings {
                level,
                forced_level,
                minutes,
                forced_minutes,
                words_per_minute: f64::from(wpm),
                rules,
                select,
                ignore,
            },
        )
}

fn in_text(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Every character of `small`, in order, somewhere in `big`.
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.chars();
    small.chars().all(|c| rest.any(|d| d == c))
}

fn check_fix_converges(
    text: &str,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Result<(), TestCaseError> {
    // The entry point `mlsd check --fix [--unsafe-fixes]` uses.
    let (once, _) = mlsd::engine::fix::fix_all(text, pack(), settings, unsafe_fixes);
    let (twice, n) = mlsd::engine::fix::fix_all(&once, pack(), settings, unsafe_fixes);
    prop_assert_eq!(n, 0, "a second --fix run applied fixes to {:?}", once);
    prop_assert_eq!(&twice, &once);
    // Fixes only insert: the original text is a subsequence of the result.
    prop_assert!(
        is_subsequence(text, &once),
        "fixing {:?} lost text: {:?}",
        text,
        once
    );
    Ok(())
}

/// Edits anywhere, of any size, some out of range or inside a character.
fn edits_for(len: usize) -> impl Strategy<Value = Vec<mlsd::engine::Edit>> {
    let edit = (0..len + 3, 0usize..6, "\\PC{0,4}").prop_map(|(start, span, new_text)| {
        mlsd::engine::Edit {
            range: start..start + span,
            new_text,
        }
    });
    prop::collection::vec(edit, 0..6)
}

proptest! {
    // Case count: PROPTEST_CASES (proptest reads it), else 256.

    #[test]
    fn lint_never_panics_and_ranges_stay_on_char_boundaries(text in drafty(), settings in settings()) {
        let report = lint(&text, pack(), &settings);
        let body = report_body_start(&text);
        let mut last = 0;
        for f in &report.findings {
            prop_assert!(in_text(&text, &f.range), "{:?}", f);
            prop_assert!(f.range.start >= last, "findings out of order");
            last = f.range.start;
            for r in &f.related {
                prop_assert!(in_text(&text, &r.range), "related {:?}", r);
            }
            for fx in &f.fixes {
                for e in &fx.edits {
                    prop_assert!(in_text(&text, &e.range), "edit {:?}", e);
                    prop_assert!(e.range.start >= body, "edit inside front matter: {:?}", e);
                }
            }
        }
    }

    #[test]
    fn safe_fixes_converge_and_keep_other_text(text in drafty()) {
        check_fix_converges(&text, &Settings::default(), false)?;
    }

    #[test]
    fn unsafe_fixes_converge_and_keep_other_text(text in drafty(), settings in settings()) {
        check_fix_converges(&text, &settings, true)?;
    }

    #[test]
    fn applying_edits_keeps_text_outside_their_ranges(
        (text, edits) in "\\PC{0,40}".prop_flat_map(|t| { let n = t.len(); (Just(t), edits_for(n)) })
    ) {
        let (out, n) = mlsd::engine::fix::apply_edits(&text, &edits);
        let valid: Vec<&mlsd::engine::Edit> = edits.iter().filter(|e| in_text(&text, &e.range)).collect();
        prop_assert!(n <= valid.len());
        // Bytes no valid edit covers, in runs cut at every edit's ends (an insertion may
        // land between two of them): each run survives, in order.
        let mut covered = vec![false; text.len()];
        let mut cut = vec![false; text.len() + 1];
        for e in &valid {
            covered[e.range.clone()].iter_mut().for_each(|c| *c = true);
            cut[e.range.start] = true;
            cut[e.range.end] = true;
        }
        let mut rest = out.as_str();
        let mut i = 0;
        while i < text.len() {
            if covered[i] { i += 1; continue; }
            let j = (i + 1..text.len()).find(|&j| covered[j] || cut[j]).unwrap_or(text.len());
            let run = &text[i..j];
            let at = rest.find(run);
            prop_assert!(at.is_some(), "{:?} lost from {:?} -> {:?}", run, text, out);
            rest = &rest[at.unwrap_or(0) + run.len()..];
            i = j;
        }
        // Disjoint edits that do not touch each other all apply, as if from the back.
        let mut sorted = valid.clone();
        sorted.sort_by_key(|e| e.range.start);
        let apart = sorted.windows(2).all(|w| w[0].range.end < w[1].range.start);
        if apart {
            prop_assert_eq!(n, valid.len());
            let mut expect = text.clone();
            for e in sorted.iter().rev() {
                expect.replace_range(e.range.clone(), &e.new_text);
            }
            prop_assert_eq!(out, expect);
        }
    }

    #[test]
    fn lint_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = lint(&text, pack(), &Settings::default());
    }
}

fn report_body_start(text: &str) -> usize {
    mlsd::engine::front_matter::parse(text).body_start
}
