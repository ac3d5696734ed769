//! `mlsd rule`, `mlsd new`, `mlsd completions` and `mlsd schema`.

use super::args::{Cli, CompletionsArgs, NewArgs, RuleArgs, RuleFormat, SchemaArgs};
use super::check::{Fatal, EXIT_OK};
use crate::config;
use crate::engine::explain;
use crate::engine::skeleton::{self, SkeletonOptions};
use crate::pack::PROBLEM_TYPES;
use crate::rules::Pack;
use clap::CommandFactory;
use std::io::Write;

fn pack() -> Result<Pack, Fatal> {
    // The workspace's rules count too: `mlsd rule` explains what `mlsd check` would run.
    let cwd = std::path::Path::new(".");
    match config::discover(cwd) {
        Some(p) => config::Config::load(&p)
            .map(|c| (*c.pack).clone())
            .map_err(|e| Fatal(format!("config error: {e}"))),
        None => Pack::builtin().map_err(|e| Fatal(format!("built-in rule pack: {e}"))),
    }
}

fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

pub fn rule(args: &RuleArgs) -> Result<i32, Fatal> {
    let pack = pack()?;
    if args.all {
        if args.format == RuleFormat::Json {
            let list: Vec<serde_json::Value> = pack
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "severity": r.severity.as_str(), "applies": explain::applicability(r),
                        "summary": r.summary, "kinds": r.kinds(),
                    })
                })
                .collect();
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            ));
            return Ok(EXIT_OK);
        }
        if args.format == RuleFormat::Markdown {
            print(&rules_table(&pack));
            return Ok(EXIT_OK);
        }
        let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
        let mut s = String::new();
        for r in &pack.rules {
            s.push_str(&format!(
                "{:<width$}  {:<7}  {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
        s.push_str(&format!(
            "\n{} rules. `mlsd rule ID` explains one.\n",
            pack.rules.len()
        ));
        print(&s);
        return Ok(EXIT_OK);
    }
    let id = args.id.as_deref().unwrap_or_default();
    let rule = pack.rule(id).ok_or_else(|| {
        Fatal(format!(
            "unknown rule id `{id}`{} (see `mlsd rule --all`)",
            config::suggest(&pack, id)
        ))
    })?;
    let mut out = explain::explain(rule);
    if let Some(t) = &args.problem_type {
        out.push_str("\n\n");
        out.push_str(&figures_section(&pack, t, args.category.as_deref())?);
    }
    print(&format!("{out}\n"));
    Ok(EXIT_OK)
}

/// `mlsd rule ID --type T [--category C]`: the typical figures, or a message saying why
/// there are none.
fn figures_section(
    pack: &Pack,
    problem_type: &str,
    category: Option<&str>,
) -> Result<String, Fatal> {
    let types: Vec<&str> = pack.problem_types.iter().map(|p| p.id.as_str()).collect();
    if !types.contains(&problem_type) {
        return Err(Fatal(format!(
            "unknown problem type `{problem_type}` (known: {})",
            types.join(", ")
        )));
    }
    if let Some(c) = category {
        if pack.numbers.category(c).is_none() {
            let known: Vec<&str> = pack
                .numbers
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            return Err(Fatal(format!(
                "unknown claim category `{c}` (known: {})",
                known.join(", ")
            )));
        }
    }
    Ok(
        explain::typical_figures(&pack.numbers, problem_type, category, usize::MAX)
            .unwrap_or_else(|| {
                format!(
                    "No typical figures for {problem_type}{} in the table yet (rules/figures.toml).",
                    category.map_or(String::new(), |c| format!(" ({c})"))
                )
            }),
    )
}

/// The rule list as a Markdown table: id, when it applies, summary.
pub fn rules_table(pack: &Pack) -> String {
    let mut s = String::from("| rule | severity | what it catches |\n|---|---|---|\n");
    for r in &pack.rules {
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            r.id,
            explain::applicability(r),
            r.summary.replace('|', "\\|")
        ));
    }
    s
}

/// The bank question a `--question` text names: an exact title match, else the only title
/// containing the text (case-insensitive).
fn bank_question<'p>(pack: &'p Pack, text: &str) -> Option<&'p crate::rules::Question> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    if let Some(q) = pack
        .questions
        .iter()
        .find(|q| q.title.to_lowercase() == needle)
    {
        return Some(q);
    }
    let mut hits = pack
        .questions
        .iter()
        .filter(|q| q.title.to_lowercase().contains(&needle));
    match (hits.next(), hits.next()) {
        (Some(q), None) => Some(q),
        _ => None,
    }
}

fn list_questions(pack: &Pack) -> String {
    let mut s = String::new();
    let mut companies: Vec<&str> = Vec::new();
    for q in &pack.questions {
        if !companies.contains(&q.company.as_str()) {
            companies.push(&q.company);
        }
    }
    for c in companies {
        let name = pack
            .companies
            .iter()
            .find(|x| x.id == c)
            .map_or(c, |x| x.name.as_str());
        s.push_str(&format!("{name}\n"));
        for q in pack.questions.iter().filter(|q| q.company == c) {
            let ty = q.problem_type.as_deref().unwrap_or("other");
            s.push_str(&format!("  {}  ({ty})\n", q.title));
        }
    }
    s
}

/// What `mlsd new` says on stderr about a question the bank does not hold.
fn not_in_bank_note(question: &str, problem_type: &str, has_company: bool) -> String {
    let ty = if problem_type == "other" {
        "its words name no problem type, so `type: other` \
         (pass --type recommendation|ranking|classification|prediction if one fits)"
            .to_string()
    } else {
        format!("`type: {problem_type}`, inferred from its words as `mlsd check` does")
    };
    let company = if has_company {
        ""
    } else {
        "; add --company to coach for a company's focus"
    };
    format!(
        "mlsd: “{}” is not in the question bank (`mlsd new --list-questions`): {ty}{company}",
        question.trim()
    )
}

pub fn new(args: &NewArgs) -> Result<i32, Fatal> {
    let pack = pack()?;
    if args.list_questions {
        print(&list_questions(&pack));
        return Ok(EXIT_OK);
    }
    let level = match &args.level {
        Some(l) => Some(pack.parse_level(l).ok_or_else(|| {
            Fatal(format!(
                "--level {l}: not a level; use {}",
                pack.levels_accepted()
            ))
        })?),
        None => None,
    };
    if let Some(t) = &args.problem_type {
        if !PROBLEM_TYPES.contains(&t.as_str()) {
            return Err(Fatal(format!(
                "--type {t}: use one of {}",
                PROBLEM_TYPES.join(", ")
            )));
        }
    }
    if let Some(m) = args.minutes {
        if !(1..=600).contains(&m) {
            return Err(Fatal(format!("--minutes {m}: use 1 to 600")));
        }
    }
    // A question from the bank brings its company and problem type along.
    let banked = args
        .question
        .as_deref()
        .and_then(|q| bank_question(&pack, q));
    let company = args.company.clone().or_else(|| {
        banked
            .and_then(|q| pack.companies.iter().find(|c| c.id == q.company))
            .map(|c| c.name.clone())
    });
    // The interview length: --minutes, else the company's usual length (companies.toml).
    let minutes = args.minutes.or_else(|| {
        let name = company.as_deref()?.trim().to_lowercase();
        pack.companies
            .iter()
            .find(|c| c.aliases.contains(&name))
            .and_then(|c| c.minutes)
    });
    // The type: --type, else the bank's, else what `check` infers from the question's words.
    let inferred = match (&args.problem_type, banked, args.question.as_deref()) {
        (None, None, Some(q)) => {
            let t = crate::engine::infer_problem_type(&[q], &pack);
            eprintln!("{}", not_in_bank_note(q, &t, args.company.is_some()));
            Some(t)
        }
        _ => None,
    };
    let opts = SkeletonOptions {
        problem_type: args
            .problem_type
            .as_deref()
            .or_else(|| banked.and_then(|q| q.problem_type.as_deref()))
            .or(inferred.as_deref()),
        level,
        company: company.as_deref(),
        question: banked
            .map(|q| q.title.as_str())
            .or(args.question.as_deref()),
        minutes,
    };
    print(&skeleton::render(&pack, &opts, "\n"));
    Ok(EXIT_OK)
}

/// `mlsd completions SHELL`: the completion script on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<i32, Fatal> {
    // Into a buffer first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mlsd", &mut script);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&script);
    let _ = out.flush();
    Ok(EXIT_OK)
}

/// `mlsd schema`: the JSON Schema of `.mlsd.toml` on stdout; `--output`: the schema of
/// `mlsd check --format json`.
pub fn schema(args: &SchemaArgs) -> Result<i32, Fatal> {
    let schema = if args.output {
        super::output_schema::output_schema()
    } else {
        config_schema()?
    };
    let text = serde_json::to_string_pretty(&schema)
        .map_err(|e| Fatal(format!("cannot render the schema: {e}")))?;
    print(&format!("{text}\n"));
    Ok(EXIT_OK)
}

/// The JSON Schema (draft-07, which taplo and VS Code read) of `.mlsd.toml`: derived from
/// [`config::ConfigFile`], with the built-in rule ids and vocabularies listed for completion.
/// Rule files can add rules and vocabularies, so other keys stay allowed there.
pub fn config_schema() -> Result<serde_json::Value, Fatal> {
    use serde_json::{json, Map, Value};
    // Only the built-in pack: the schema must not depend on the folder it is printed in.
    let pack = Pack::builtin().map_err(|e| Fatal(format!("built-in rule pack: {e}")))?;
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<config::ConfigFile>()
        .to_value();

    let setting = json!({ "type": "string", "enum": config::file_schema::RULE_SETTINGS });
    let rules: Map<String, Value> = pack
        .rules
        .iter()
        .map(|r| {
            let mut s = setting.clone();
            s["description"] = json!(format!(
                "{} Default: {}.",
                r.summary,
                explain::applicability(r)
            ));
            (r.id.clone(), s)
        })
        .collect();
    let vocabs: Map<String, Value> = pack
        .vocabs
        .iter()
        .filter(|v| v.name != crate::rules::ALLOWED_VOCAB)
        .map(|v| {
            let description = if v.summary.is_empty() {
                format!("Extra terms for the `{}` vocabulary.", v.name)
            } else {
                format!("Extra terms for `{}`: {}", v.name, v.summary)
            };
            let s = json!({
                "type": "array",
                "items": { "type": "string" },
                "description": description,
            });
            (v.name.clone(), s)
        })
        .collect();
    // Level names of the built-in ladders (as spelt there; mlsd itself also takes other
    // casing and spacing, which the enum cannot say).
    if let Some(Value::Array(levels)) = schema.pointer_mut("/properties/level/anyOf/0/enum") {
        for ladder in &pack.ladders {
            for (name, _) in &ladder.levels {
                let name = json!(name);
                if !levels.contains(&name) {
                    levels.push(name);
                }
            }
        }
    }
    if let Some(p) = schema.pointer_mut("/properties/rules") {
        p["properties"] = Value::Object(rules);
    }
    if let Some(p) = schema.pointer_mut("/properties/vocab") {
        p["properties"] = Value::Object(vocabs);
    }
    schema["$comment"] = json!(
        "Generated by `mlsd schema` from mlsd's config types and built-in rule pack; do not edit by hand."
    );
    Ok(schema)
}
