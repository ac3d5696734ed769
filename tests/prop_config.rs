//! The rule-pack builder and the workspace-config loader on arbitrary TOML built from
//! their own tables and keys, with values often of the wrong type or out of range: each
//! returns a pack or an error that names the file with a line and column, never a panic;
//! a pack that builds lints without breaking the report invariants. `PROPTEST_CASES` sets
//! the case count (proptest's default, 256, otherwise).

use mlsd::config::Config;
use mlsd::rules::{PackBuilder, KINDS};
use mlsd::{lint, Settings};
use proptest::prelude::*;
use std::path::Path;

const HEADERS: [&str; 14] = [
    "[[rule]]",
    "[[rule.check]]",
    "[rule.check.fix]",
    "[[stage]]",
    "[[budget]]",
    "[[problem_type]]",
    "[[company]]",
    "[[skeleton]]",
    "[[question]]",
    "[[glossary]]",
    "[rules]",
    "[vocab.vague]",
    "[vocab.fuzz]",
    "[[vocab.x]]",
];

const KEYS: [&str; 40] = [
    "aliases",
    "all_of",
    "allow",
    "append_line",
    "before",
    "compare_stage",
    "exact",
    "exclude",
    "first",
    "fix",
    "heading",
    "id",
    "include",
    "insert_after",
    "kind",
    "level",
    "max",
    "max_minutes",
    "message",
    "min",
    "min_level",
    "minutes",
    "patterns",
    "per_words",
    "problem_types",
    "require",
    "rule_files",
    "safe",
    "scope",
    "severity",
    "severity_from",
    "stage",
    "stages",
    "strong",
    "summary",
    "terms",
    "title",
    "weak",
    "why",
    "words_per_minute",
];

fn scalar() -> impl Strategy<Value = String> {
    let kinds: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    prop_oneof![
        prop::sample::select(vec![
            "error",
            "warning",
            "off",
            "document",
            "L3",
            "L6",
            "L9",
            "fast",
            "data",
            "model",
            "vague-term",
            "🚀数据",
            "",
        ])
        .prop_map(quoted),
        prop::sample::select(kinds).prop_map(quoted),
        "\\PC{0,10}".prop_map(|s| quoted(&s)),
        prop::sample::select(vec![
            "'(a+)+$'",
            "'('",
            "'[z-a]'",
            "'\\p{Han}+'",
            "'a{4294967295}'",
            "nan",
            "-inf",
            "-1",
            "0",
            "1e308",
            "9223372036854775807",
            "true",
            "[]",
            "{}",
            "\"r.toml\"",
            "\"../outside.toml\"",
            "\"/etc/passwd\"",
            "\"[\"",
        ])
        .prop_map(str::to_string),
        (-5i64..700).prop_map(|n| n.to_string()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(2, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..3).prop_map(
                |v| {
                    let kv: Vec<String> = v.iter().map(|(k, x)| format!("{k} = {x}")).collect();
                    format!("{{ {} }}", kv.join(", "))
                }
            ),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(HEADERS.to_vec()).prop_map(str::to_string),
        6 => (prop::sample::select(KEYS.to_vec()), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => "\\PC{0,16}".prop_map(|s| format!("# {s}")),
        1 => "\\PC{0,16}",
    ]
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.into()).to_string()
}

fn string_list() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "fast",
                "big data",
                "p99",
                "feature store",
                "数据",
                "🚀",
                "a-b",
                "",
                " ",
                "x",
                "(",
                "\\b",
                "L5",
            ])
            .prop_map(str::to_string),
            "\\PC{0,6}",
        ],
        0..4,
    )
    .prop_map(|v| {
        format!(
            "[{}]",
            v.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ")
        )
    })
}

/// Names a check refers to: vocabularies and stages, real or not.
fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "vague",
        "fz",
        "quantity",
        "allowed",
        "data",
        "model",
        "serving",
        "questions",
        "document",
        "nope",
        "",
    ])
    .prop_map(quoted)
}

fn names() -> impl Strategy<Value = String> {
    prop::collection::vec(name(), 0..3).prop_map(|v| format!("[{}]", v.join(", ")))
}

/// A value of (mostly) the right type for a check parameter.
fn param_value(key: &str) -> BoxedStrategy<String> {
    let number = prop_oneof![
        8 => (0i32..400).prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec!["0.5", "1e9", "nan", "inf", "-1", "\"x\""]).prop_map(str::to_string),
    ];
    match key {
        "unless_quantity" | "skip_questions" | "questions_only" => {
            any::<bool>().prop_map(|b| b.to_string()).boxed()
        }
        "window" | "min" | "max" | "per_words" | "max_minutes" | "stage_factor" => number.boxed(),
        "scope" | "stage" | "compare_stage" => name().boxed(),
        "all_of" => prop::collection::vec(names(), 0..3)
            .prop_map(|v| format!("[{}]", v.join(", ")))
            .boxed(),
        "fix" => prop::sample::select(vec![
            "{ title = \"t\", insert_after = \" (≈ N)\" }",
            "{ title = \"t\", append_line = \"- more\", safe = true }",
            "{ title = \"t\" }",
            "{ insert_after = 3 }",
        ])
        .prop_map(str::to_string)
        .boxed(),
        _ => prop_oneof![4 => names(), 1 => string_list()].boxed(),
    }
}

/// A check of a random kind with most of the parameters that kind takes (and now and then
/// one it does not), its message using the placeholders the kind fills.
fn check() -> impl Strategy<Value = String> {
    (0..KINDS.len(), any::<u64>(), any::<bool>()).prop_flat_map(|(k, mask, odd)| {
        let kind = &KINDS[k];
        let mut keys: Vec<&'static str> = kind
            .params
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> (i % 64) & 3 != 0)
            .map(|(_, p)| *p)
            .collect();
        if odd {
            keys.push(["window", "terms", "fix", "stage"][(mask % 4) as usize]);
        }
        keys.sort();
        keys.dedup();
        let values: Vec<BoxedStrategy<String>> = keys.iter().map(|k| param_value(k)).collect();
        let vars = kind.vars.to_vec();
        (
            Just((kind.name, keys)),
            values,
            prop::sample::select(vars.into_iter().chain(["nope"]).collect::<Vec<_>>()),
        )
            .prop_map(|((name, keys), values, var)| {
                let params: Vec<String> = keys
                    .iter()
                    .zip(values)
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                format!(
                    "[[rule.check]]\nkind = {}\nmessage = {}\n{}",
                    quoted(name),
                    quoted(&format!("x {{{var}}}")),
                    params.join("\n")
                )
            })
    })
}

/// A rule file that mostly parses: a vocabulary and a rule whose checks take random
/// parameters, so the pack's own validation (kinds, parameters, stages, regexes,
/// templates) runs, not only TOML's.
fn rule_file() -> impl Strategy<Value = String> {
    let patterns = prop::collection::vec(
        prop_oneof![
            9 => prop::sample::select(vec!["fast(er)?", "\\d+ ?ms", "p\\d{2}", "(a+)+$", "\\p{Han}+"]),
            1 => prop::sample::select(vec!["(", "[z-a]", "x{2,1}"]),
        ]
        .prop_map(quoted),
        0..3,
    )
    .prop_map(|v| format!("[{}]", v.join(", ")));
    let examples = |n| {
        prop::collection::vec(
            prop::sample::select(vec![
                "We will be fast.",
                "数据 🚀 fast",
                "# Data\n\nbig data, p99 10 ms",
                "---\nlevel: L6\n---\nok",
            ])
            .prop_map(quoted),
            n..3,
        )
        .prop_map(|v| format!("[{}]", v.join(", ")))
    };
    (
        string_list(),
        patterns,
        "[a-z]{1,8}(-[a-z]{1,8})?",
        prop::sample::select(vec!["error", "warning", "info", "hint", "error", "bad"]),
        prop::sample::select(vec!["plain", "plain", "at {level}", "{nope"]),
        examples(1),
        examples(1),
        prop::collection::vec(check(), 1..3),
    )
        .prop_map(|(terms, patterns, id, severity, message, weak, strong, checks)| {
            format!(
                "[vocab.fz]\nterms = {terms}\npatterns = {patterns}\n\n[[rule]]\nid = {}\nseverity = {}\nsummary = \"s\"\nmessage = {}\nwhy = \"w\"\nweak = {weak}\nstrong = {strong}\n{}\n",
                quoted(&id),
                quoted(severity),
                quoted(message),
                checks.join("\n")
            )
        })
}

fn toml_doc() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => prop::collection::vec(line(), 0..24).prop_map(|v| v.join("\n")),
        3 => rule_file(),
    ]
}

const DRAFT: &str = "---\nlevel: L6\n---\n# Design 🚀\r\n## Data\rWe will be fast and scalable. p99 10 ms\n- how many users?\n";

fn check_pack(pack: &mlsd::Pack) -> Result<(), TestCaseError> {
    let report = lint(DRAFT, pack, &Settings::default());
    for f in &report.findings {
        prop_assert!(
            f.range.end <= DRAFT.len()
                && DRAFT.is_char_boundary(f.range.start)
                && DRAFT.is_char_boundary(f.range.end)
        );
    }
    Ok(())
}

fn check_error(e: &mlsd::rules::PackError, file: &str, text: &str) -> Result<(), TestCaseError> {
    let shown = e.to_string();
    prop_assert!(shown.contains(file), "{shown}");
    prop_assert!(!e.message.is_empty());
    // A line and column, when given, lie inside the text (1-based).
    if e.file == file && e.line > 0 {
        prop_assert!(
            e.line <= text.split('\n').count() + 1,
            "{shown} for {text:?}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn rule_files_build_or_fail_cleanly(rules in toml_doc(), builtin in any::<bool>()) {
        let mut b = if builtin { PackBuilder::builtin() } else { PackBuilder::empty() };
        b.add_file("fuzz.toml", &rules);
        match b.build() {
            Ok(pack) => check_pack(&pack)?,
            Err(e) => check_error(&e, "fuzz.toml", &rules)?,
        }
    }

    #[test]
    fn configs_load_or_fail_cleanly(config in toml_doc(), rules in toml_doc(), with_rules in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.toml"), "").unwrap();
        let config = if with_rules { format!("rule_files = [\"r.toml\"]\n{config}") } else { config };
        let name = dir.path().join(".mlsd.toml").display().to_string();
        match Config::from_text(&name, &config, dir.path(), |_| Ok(rules.clone())) {
            Ok(c) => {
                check_pack(&c.pack)?;
                let _ = c.covers(Path::new("a.md"));
            }
            Err(e) => {
                let shown = e.to_string();
                prop_assert!(shown.contains(".mlsd.toml") || shown.contains("r.toml"), "{shown}");
            }
        }
    }
}
