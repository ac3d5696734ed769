//! The JSON Schema of `mlsd check --format json` (`mlsd schema --output`, committed at
//! `editors/schema/mlsd-output.schema.json`): it is current, it compiles under an
//! independent validator (boon, which checks it against the draft-07 meta-schema), real
//! output validates against it, and it is closed: a field it does not describe fails.

use serde_json::Value;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "editors/schema/mlsd-output.schema.json";
const REGENERATE: &str = "cargo run -q -- schema --output > editors/schema/mlsd-output.schema.json";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[path = "support/sandbox.rs"]
mod sandbox;

fn mlsd(args: &[&str], dir: &Path) -> (i32, String) {
    let r = sandbox::Mlsd::new(args).cwd(dir).run();
    (r.code, r.stdout)
}

fn schema() -> Value {
    let (code, out) = mlsd(&["schema", "--output"], &repo("."));
    assert_eq!(code, 0);
    serde_json::from_str(&out).expect("the schema is JSON")
}

struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new() -> Validator {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.set_default_draft(boon::Draft::V7);
        let url = "file:///mlsd-output.schema.json";
        compiler.add_resource(url, schema()).expect("resource");
        let index = compiler
            .compile(url, &mut schemas)
            .unwrap_or_else(|e| panic!("the schema does not compile: {e:#}"));
        Validator { schemas, index }
    }

    fn check(&self, v: &Value) -> Result<(), String> {
        self.schemas
            .validate(v, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

#[test]
fn the_committed_schema_is_current() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(repo(SCHEMA_FILE)).expect("committed schema"),
    )
    .expect("JSON");
    assert_eq!(
        committed,
        schema(),
        "{SCHEMA_FILE} is out of date; regenerate it with `{REGENERATE}`"
    );
}

#[test]
fn real_output_validates_and_the_schema_is_closed() {
    let v = Validator::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("empty.md"), "").unwrap();
    std::fs::write(tmp.path().join("title.md"), "# Design a feed ranker\n").unwrap();
    std::fs::write(
        tmp.path().join("odd.md"),
        "---\nlevel: L9\ncompany: Nowhere\n---\n# 设计 🚀\r\n\r\nIt is fast.\r\n",
    )
    .unwrap();
    let labelled = repo("tests/fixtures/labelled");
    let mut runs: Vec<(Vec<String>, PathBuf)> = vec![
        (
            vec!["examples/weak.md".into(), "examples/strong.md".into()],
            repo("."),
        ),
        (
            vec![
                "weak.md".into(),
                "crlf.md".into(),
                "suppressed.md".into(),
                "missing.md".into(),
            ],
            repo("tests/fixtures"),
        ),
        (
            vec!["empty.md".into(), "title.md".into(), "odd.md".into()],
            tmp.path().to_path_buf(),
        ),
    ];
    if labelled.is_dir() {
        runs.push((vec![".".into()], labelled));
    }
    let mut files = 0;
    for (paths, dir) in runs {
        let mut args = vec!["check", "--format", "json"];
        args.extend(paths.iter().map(String::as_str));
        let (code, out) = mlsd(&args, &dir);
        assert!(code <= 2, "{args:?}: exit {code}");
        let value: Value = serde_json::from_str(&out).expect("JSON output");
        if let Err(e) = v.check(&value) {
            panic!(
                "{args:?} in {}: output breaks the schema:\n{e}",
                dir.display()
            );
        }
        for f in value["files"].as_array().unwrap() {
            if f.get("diagnostics").is_some() {
                files += 1;
                let card = &f["scorecard"];
                assert_eq!(card["dimensions"].as_array().map(Vec::len), Some(6), "{f}");
            }
        }
    }
    assert!(files >= 8, "{files} linted files checked");

    // Closed: an undocumented field, a seventh dimension, a score of 101 all fail.
    let (_, out) = mlsd(
        &["check", "--format", "json", "examples/weak.md"],
        &repo("."),
    );
    let good: Value = serde_json::from_str(&out).unwrap();
    let mut extra = good.clone();
    extra["files"][0]["scorecard"]["surprise"] = Value::Bool(true);
    assert!(v.check(&extra).is_err(), "an unknown field must fail");
    let mut big = good.clone();
    big["files"][0]["scorecard"]["dimensions"][0]["score"] = 101.into();
    assert!(v.check(&big).is_err(), "a score over 100 must fail");
    let mut seven = good.clone();
    let d = seven["files"][0]["scorecard"]["dimensions"][0].clone();
    seven["files"][0]["scorecard"]["dimensions"]
        .as_array_mut()
        .unwrap()
        .push(d);
    assert!(v.check(&seven).is_err(), "seven dimensions must fail");
    let mut grade = good;
    grade["files"][0]["scorecard"]["grade"] = "excellent".into();
    assert!(v.check(&grade).is_err(), "an unknown grade must fail");
}
