//! What a rule's weak examples pin (`at`, `fixed`), checked against the engine: the one
//! check shared by the built-in pack's test (`rule_examples.rs`) and the README's examples
//! (`rules_readme.rs`).
//!
//! Include with `#[path = "support/pinned.rs"] mod pinned;`.
#![allow(dead_code)] // each test file uses a part of it

use mlsd::engine::fix::fix_all;
use mlsd::rules::Rule;
use mlsd::text_index::{Encoding, TextIndex};
use mlsd::{lint, Pack, Settings};
use std::collections::HashSet;

/// How many pins a rule's examples hold, and the ones the engine does not honour.
#[derive(Debug, Default)]
pub struct Pins {
    pub at: usize,
    pub fixed: usize,
    pub failures: Vec<String>,
}

/// Settings under which only `rule` runs (`mlsd check --select RULE`).
pub fn only(rule: &str) -> Settings {
    Settings {
        select: Some(HashSet::from([rule.to_string()])),
        ..Settings::default()
    }
}

/// Where each finding of `rule` starts in `text`: 1-based line and column in characters,
/// as `mlsd check` prints `file:line:col`.
pub fn starts(pack: &Pack, text: &str, rule: &str) -> Vec<(u32, u32)> {
    let index = TextIndex::new(text);
    lint(text, pack, &Settings::default())
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let p = index.position(text, f.range.start, Encoding::Utf32);
            (p.line + 1, p.col + 1)
        })
        .collect()
}

/// The text after the rule's own safe fixes (`mlsd check --fix --select RULE`).
pub fn fixed(pack: &Pack, text: &str, rule: &str) -> String {
    fix_all(text, pack, &only(rule), false).0
}

/// Checks every `at` and `fixed` of the rule's weak examples; `name` prefixes failures.
pub fn check(pack: &Pack, rule: &Rule, name: &str) -> Pins {
    let mut pins = Pins::default();
    for (i, example) in rule.weak.iter().enumerate() {
        let n = i + 1;
        if let Some((line, col)) = example.at {
            pins.at += 1;
            let got = starts(pack, &example.text, &rule.id);
            if !got.contains(&(line, col)) {
                let got: Vec<String> = got.iter().map(|(l, c)| format!("{l}:{c}")).collect();
                pins.failures.push(format!(
                    "{name}: weak example {n} pins a finding at {line}:{col}, but its findings \
                     start at [{}]",
                    got.join(", ")
                ));
            }
        }
        if let Some(want) = &example.fixed {
            pins.fixed += 1;
            let got = fixed(pack, &example.text, &rule.id);
            if &got != want {
                pins.failures.push(format!(
                    "{name}: weak example {n}: its safe fixes give\n--- expected (fixed)\n{want}\
                     \n--- actual\n{got}\n---"
                ));
            }
        }
    }
    pins
}
