//! Batch-linter integrations: shell completions (`mlsd completions`), the JSON Schema of
//! `.mlsd.toml` (`mlsd schema`, committed at `editors/schema/mlsd.schema.json`) and the
//! pre-commit hook manifest.

use mlsd::config::Config;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "editors/schema/mlsd.schema.json";
const REGENERATE: &str = "cargo run -q -- schema > editors/schema/mlsd.schema.json";

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Run, Sandbox};

/// `mlsd ARGS` away from the repository (a sandbox that is also `HOME`), so no
/// `.mlsd.toml` is discovered.
fn mlsd(args: &[&str]) -> Run {
    Sandbox::new().run(args)
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

// ---------------------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------------------

#[test]
fn bash_completions_know_the_subcommands_and_flags() {
    let r = mlsd(&["completions", "bash"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    for word in [
        "_mlsd",
        "complete",
        "check",
        "--format",
        "--fail-on",
        "sarif",
    ] {
        assert!(r.stdout.contains(word), "bash completions lack `{word}`");
    }
}

#[test]
fn every_shell_gets_a_script() {
    // The name each generator writes into its script.
    for (shell, marker) in [
        ("bash", "complete -F _mlsd"),
        ("zsh", "#compdef mlsd"),
        ("fish", "complete -c mlsd"),
        ("elvish", "edit:completion:arg-completer[mlsd]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = mlsd(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(
            r.stdout.contains(marker),
            "{shell} completions lack `{marker}`"
        );
        assert!(
            r.stdout.contains("check") && r.stdout.contains("schema"),
            "{shell} completions lack the subcommands"
        );
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let r = mlsd(&["completions", "tcsh"]);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("invalid value 'tcsh'"), "{}", r.stderr);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        assert!(r.stderr.contains(shell), "{}", r.stderr);
    }
    let r = mlsd(&["completions"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("<SHELL>"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// JSON Schema
// ---------------------------------------------------------------------------------------

fn schema() -> Value {
    mlsd::cli::commands::config_schema().unwrap_or_else(|e| panic!("schema: {}", e.0))
}

#[test]
fn committed_schema_is_current() {
    let r = mlsd(&["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let printed: Value = serde_json::from_str(&r.stdout).expect("mlsd schema prints JSON");
    assert_eq!(printed, schema(), "the binary and the library disagree");

    let committed = std::fs::read_to_string(repo(SCHEMA_FILE)).unwrap_or_default();
    // Line endings aside (a Windows checkout), byte for byte.
    if committed.replace("\r\n", "\n") != r.stdout {
        panic!(
            "{SCHEMA_FILE} is missing or out of date with the config types or the rule pack.\n\
             Regenerate it from the repository root with:\n\n    {REGENERATE}\n"
        );
    }
}

#[test]
fn schema_describes_the_config_file() {
    let s = schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(s["type"], "object");
    // `deny_unknown_fields`.
    assert_eq!(s["additionalProperties"], false);
    assert!(
        s.get("required").is_none(),
        "every key is optional: {}",
        s["required"]
    );
    let props = s["properties"].as_object().expect("properties");
    let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "allow",
            "exclude",
            "include",
            "level",
            "minutes",
            "rule_files",
            "rules",
            "vocab",
            "words_per_minute"
        ]
    );
    for (key, p) in props {
        assert!(
            p["description"].as_str().is_some_and(|d| !d.is_empty()),
            "`{key}` has no description"
        );
    }
    // L3–L6, then every built-in ladder's names (rules/levels.toml).
    let levels = props["level"]["anyOf"][0]["enum"].as_array().unwrap();
    assert_eq!(
        levels[..4],
        serde_json::json!(["L3", "L4", "L5", "L6"])
            .as_array()
            .unwrap()[..]
    );
    for name in ["E5", "L7", "SDE II", "senior", "staff"] {
        assert!(levels.contains(&serde_json::json!(name)), "{name}");
    }
    let severities = serde_json::json!(["off", "error", "warning", "info", "hint"]);
    assert_eq!(props["rules"]["additionalProperties"]["enum"], severities);

    // Every built-in rule and vocabulary is offered for completion, with its summary.
    let pack = mlsd::Pack::builtin().expect("built-in pack");
    let rules = props["rules"]["properties"].as_object().expect("rule ids");
    assert_eq!(rules.len(), pack.rules.len());
    for r in &pack.rules {
        let p = &rules[&r.id];
        assert_eq!(p["enum"], severities, "{}", r.id);
        let d = p["description"].as_str().unwrap_or_default();
        assert!(d.contains(&r.summary), "{}: {d}", r.id);
    }
    let vocabs = props["vocab"]["properties"].as_object().expect("vocabs");
    assert!(vocabs.contains_key("vague"), "{:?}", vocabs.keys());
    assert!(!vocabs.contains_key(mlsd::rules::ALLOWED_VOCAB));
}

/// The schema, compiled by an independent validator (which also checks it against the
/// draft-07 meta-schema).
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new() -> Validator {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V7);
        let url = "file:///mlsd.schema.json";
        compiler
            .add_resource(url, schema())
            .expect("schema resource");
        let index = compiler
            .compile(url, &mut schemas)
            .unwrap_or_else(|e| panic!("the schema does not compile: {e:#}"));
        Validator { schemas, index }
    }

    /// `Err` with the validator's message when the TOML text breaks the schema.
    fn check(&self, toml_text: &str) -> Result<(), String> {
        let value: Value = toml::from_str(toml_text).map_err(|e| format!("not TOML: {e}"))?;
        self.schemas
            .validate(&value, self.index)
            .map_err(|e| format!("{e}"))
    }
}

/// What mlsd itself says of a config (rule files are not read: none of the samples has any).
fn mlsd_accepts(toml_text: &str) -> Result<(), String> {
    Config::from_text(
        ".mlsd.toml",
        toml_text,
        Path::new("/nonexistent-root"),
        |_| Ok(String::new()),
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
}

#[test]
fn schema_and_loader_agree() {
    let v = Validator::new();
    let valid = [
        "",
        "# comments only\n",
        "level = \"L5\"\n",
        "level = \"l4\"\n",
        "level = \" L6 \"\n",
        "level = \"L7\"\n",
        "level = \"senior\"\n",
        "level = \"E5\"\n",
        "level = \"SDE II\"\n",
        "words_per_minute = 130\n",
        "words_per_minute = 142.5\n",
        "minutes = 45\n",
        "allow = [\"blazing fast\"]\ninclude = [\"answers/**\"]\nexclude = [\"answers/old/**\"]\n",
        "[rules]\nvague-term = \"off\"\nmissing-data = \"error\"\nmissing-baseline = \"hint\"\n",
        "[vocab]\nvague = [\"snappy\"]\n",
        "rules = { vague-term = \"info\" }\n",
    ];
    for text in valid {
        assert_eq!(v.check(text), Ok(()), "schema rejects {text:?}");
        assert_eq!(mlsd_accepts(text), Ok(()), "mlsd rejects {text:?}");
    }
    let invalid = [
        "levle = \"L5\"\n",
        "level = \"L7X\"\n",
        "level = \"seniorish\"\n",
        "level = 5\n",
        "words_per_minute = 10\n",
        "words_per_minute = 601\n",
        "words_per_minute = \"fast\"\n",
        "minutes = 0\n",
        "minutes = 601\n",
        "minutes = 4.5\n",
        "[rules]\nvague-term = \"loud\"\n",
        "[rules]\nvague-term = \"Error\"\n",
        "[rules]\nvague-term = false\n",
        "allow = \"blazing fast\"\n",
        "include = [1]\n",
        "rule_files = \"team.toml\"\n",
        "[vocab]\nvague = \"snappy\"\n",
        "[server]\nenable = true\n",
    ];
    for text in invalid {
        assert!(v.check(text).is_err(), "schema accepts {text:?}");
        assert!(mlsd_accepts(text).is_err(), "mlsd accepts {text:?}");
    }
    // Names only the loaded pack knows (rule files may add rules and vocabularies) pass the
    // schema; mlsd rejects the unknown ones when it loads the config.
    for text in [
        "[rules]\nvague-terms = \"off\"\n",
        "[vocab]\nnope = [\"x\"]\n",
    ] {
        assert_eq!(v.check(text), Ok(()), "{text:?}");
        assert!(mlsd_accepts(text).is_err(), "{text:?}");
    }
}

/// The `.mlsd.toml` files of this repository and the README's examples follow the schema.
#[test]
fn repository_configs_follow_the_schema() {
    let v = Validator::new();
    let mut checked = 0;
    let fixtures = repo("tests/fixtures/.mlsd.toml");
    let text = std::fs::read_to_string(&fixtures).expect("tests/fixtures/.mlsd.toml");
    assert_eq!(v.check(&text), Ok(()), "{}", fixtures.display());
    checked += 1;

    // README TOML blocks, except rule-file examples (they have `[[...]]` tables).
    let readme = std::fs::read_to_string(repo("README.md")).expect("README.md");
    for block in fenced_blocks(&readme, "toml") {
        if block.contains("[[") {
            continue;
        }
        assert_eq!(v.check(&block), Ok(()), "README block:\n{block}");
        checked += 1;
    }
    assert!(checked >= 2, "no README .mlsd.toml example found");
}

/// The bodies of the ```LANG fenced blocks of a Markdown text.
fn fenced_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(info)) if info.trim() == lang => current = Some(String::new()),
            (Some(body), Some(_)) => {
                blocks.push(std::mem::take(body));
                current = None;
            }
            (Some(body), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

// ---------------------------------------------------------------------------------------
// pre-commit manifest
// ---------------------------------------------------------------------------------------

#[test]
fn pre_commit_manifest_names_the_hooks() {
    // A light check that needs no YAML parser; `editors/ci/test-pre-commit.sh` runs the
    // hooks through pre-commit itself.
    let text = std::fs::read_to_string(repo(".pre-commit-hooks.yaml")).expect("manifest");
    for line in [
        "- id: mlsd",
        "  entry: mlsd check",
        "  language: rust",
        "  types: [markdown]",
        "- id: mlsd-system",
        "  language: system",
    ] {
        assert!(text.lines().any(|l| l == line), "manifest lacks `{line}`");
    }
}
