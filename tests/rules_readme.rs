//! `rules/README.md` is the public reference of the rule-pack format, so its examples must
//! be true: every ```toml block loads on top of the built-in pack, every rule it defines is
//! triggered by each of its `weak` examples and left silent by each of its `strong` ones
//! (and holds to what they pin), and every check kind has its own section.

#[path = "support/pinned.rs"]
mod pinned;

use mlsd::rules::{PackBuilder, KINDS};
use mlsd::{lint, Pack, Settings};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

const README: &str = include_str!("../rules/README.md");

/// A fenced block of the README: its info string, first content line (1-based) and text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

/// Every fenced code block (``` or ~~~, CommonMark rules for closing fences), top level only.
fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize, Block)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |c| trimmed.chars().take_while(|x| *x == c).count());
        match &mut open {
            None => {
                if indent <= 3 && run >= 3 {
                    let c = fence_char.unwrap_or('`');
                    let info = trimmed[run..].trim().to_string();
                    open = Some((
                        c,
                        run,
                        Block {
                            info,
                            line: i + 2,
                            text: String::new(),
                        },
                    ));
                }
            }
            Some((c, n, block)) => {
                let closes = indent <= 3
                    && fence_char == Some(*c)
                    && run >= *n
                    && trimmed[run..].trim().is_empty();
                if closes {
                    if let Some((_, _, b)) = open.take() {
                        out.push(b);
                    }
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "rules/README.md has an unclosed code fence");
    out
}

fn toml_blocks() -> Vec<Block> {
    fenced_blocks(README)
        .into_iter()
        .filter(|b| b.info.split([' ', ',', '{']).next() == Some("toml"))
        .collect()
}

/// Ids of the `[[rule]]` tables a block defines.
fn rule_ids(block: &str) -> Vec<String> {
    let table: toml::Table = toml::from_str(block).expect("a block that loaded is TOML");
    table
        .get("rule")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("id").and_then(|id| id.as_str()).map(str::to_string))
        .collect()
}

/// Whether linting `text` reports `rule`; `Err` when the engine panicked.
fn fires(pack: &Pack, text: &str, rule: &str) -> Result<bool, String> {
    catch_unwind(AssertUnwindSafe(|| {
        lint(text, pack, &Settings::default())
            .findings
            .iter()
            .any(|f| f.rule == rule)
    }))
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into())
    })
}

#[test]
fn every_toml_example_loads_and_its_weak_and_strong_examples_hold() {
    let blocks = toml_blocks();
    assert!(
        blocks.len() >= KINDS.len(),
        "expected at least one ```toml example per check kind, found {}",
        blocks.len()
    );
    let mut failures = Vec::new();
    let mut kinds_shown = BTreeSet::new();
    let mut examples = 0;
    let mut pins = 0;
    for (n, block) in blocks.iter().enumerate() {
        let name = format!("README example {}", n + 1);
        let where_ = format!("{name} (rules/README.md line {})", block.line);
        let mut builder = PackBuilder::builtin();
        builder.add_file(&name, &block.text);
        let pack = match builder.build() {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{where_} does not load: {e}"));
                continue;
            }
        };
        for id in rule_ids(&block.text) {
            let Some(rule) = pack.rule(&id) else {
                failures.push(format!("{where_}: rule `{id}` is not in the built pack"));
                continue;
            };
            kinds_shown.extend(rule.kinds());
            let pinned = pinned::check(&pack, rule, &format!("{where_}: `{id}`"));
            pins += pinned.at + pinned.fixed;
            failures.extend(pinned.failures);
            for (i, weak) in rule.weak.iter().enumerate() {
                examples += 1;
                match fires(&pack, &weak.text, &id) {
                    Ok(true) => {}
                    Ok(false) => failures.push(format!(
                        "{where_}: weak example {} does not trigger `{id}`",
                        i + 1
                    )),
                    Err(p) => failures.push(format!(
                        "{where_}: linting weak example {} of `{id}` panicked (engine bug): {p}",
                        i + 1
                    )),
                }
            }
            for (i, strong) in rule.strong.iter().enumerate() {
                examples += 1;
                match fires(&pack, strong, &id) {
                    Ok(false) => {}
                    Ok(true) => failures.push(format!(
                        "{where_}: strong example {} triggers `{id}`",
                        i + 1
                    )),
                    Err(p) => failures.push(format!(
                        "{where_}: linting strong example {} of `{id}` panicked (engine bug): {p}",
                        i + 1
                    )),
                }
            }
        }
    }
    for kind in KINDS {
        if !kinds_shown.contains(kind.name) {
            failures.push(format!(
                "no README example rule uses check kind `{}`",
                kind.name
            ));
        }
    }
    assert!(examples >= 2 * KINDS.len(), "only {examples} examples ran");
    assert!(
        pins >= 2,
        "the README pins only {pins} places or fixed texts"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_kind_has_a_section() {
    let headings: BTreeSet<&str> = README
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::trim)
        .collect();
    let missing: Vec<&str> = KINDS
        .iter()
        .map(|k| k.name)
        .filter(|name| !headings.contains(format!("`{name}`").as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "rules/README.md lacks a \"### `kind`\" heading for: {}",
        missing.join(", ")
    );
}

#[test]
fn traceability_names_every_builtin_rule() {
    let readme = std::fs::read_to_string("rules/README.md").expect("rules/README.md");
    let section = readme
        .split("## Traceability to the lesson")
        .nth(1)
        .expect("a traceability section");
    let pack = mlsd::Pack::builtin().expect("built-in pack");
    let missing: Vec<&str> = pack
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !section.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from the traceability section: {missing:?}"
    );
}
