//! `mlsd rule` and `mlsd new`.

use super::args::{NewArgs, RuleArgs, RuleFormat};
use super::check::{Fatal, EXIT_OK};
use crate::config;
use crate::engine::explain;
use crate::engine::skeleton::{self, SkeletonOptions};
use crate::rules::{Level, Pack, PROBLEM_TYPES};
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
    print(&format!("{}\n", explain::explain(rule)));
    Ok(EXIT_OK)
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

pub fn new(args: &NewArgs) -> Result<i32, Fatal> {
    let pack = pack()?;
    let level =
        match &args.level {
            Some(l) => Some(Level::parse(l).ok_or_else(|| {
                Fatal(format!("--level {l}: not a level; use {}", Level::ACCEPTED))
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
    let opts = SkeletonOptions {
        problem_type: args.problem_type.as_deref(),
        level,
        company: args.company.as_deref(),
        question: args.question.as_deref(),
        minutes: args.minutes,
    };
    print(&skeleton::render(&pack, &opts, "\n"));
    Ok(EXIT_OK)
}
