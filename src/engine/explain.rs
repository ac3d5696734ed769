//! One explanation of a rule, in Markdown, for `mlsd rule ID` and for hover.

use crate::pack::Level;
use crate::rules::Rule;
use std::fmt::Write;

/// When a rule applies and how loud it is, in one line ("warning; silent below L5").
pub fn applicability(rule: &Rule) -> String {
    let mut parts = vec![rule.severity.to_string()];
    for (level, sev) in &rule.severity_from {
        parts.push(format!("{sev} from {level}"));
    }
    if let Some(min) = rule.min_level {
        parts.push(format!("only at {min} and above"));
    }
    if !rule.problem_types.is_empty() {
        parts.push(format!("for {} problems", rule.problem_types.join(" and ")));
    }
    parts.join("; ")
}

/// The full documentation of a rule as Markdown.
pub fn explain(rule: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", rule.id);
    let _ = writeln!(s, "{}\n", rule.summary);
    let _ = writeln!(s, "Severity: {}.", applicability(rule));
    let levels: Vec<String> = Level::ALL
        .iter()
        .map(|l| {
            format!(
                "{l} {}",
                rule.severity_at(*l)
                    .map_or("off".to_string(), |s| s.to_string())
            )
        })
        .collect();
    let _ = writeln!(s, "By level: {}.", levels.join(", "));
    let _ = writeln!(s, "Check: {}.\n", rule.kinds().join(", "));
    let _ = writeln!(s, "## Why\n\n{}\n", rule.why);
    let _ = writeln!(s, "## Weak (triggers it)\n");
    for w in &rule.weak {
        let _ = writeln!(s, "{}\n", fenced(w));
    }
    let _ = writeln!(s, "## Strong (passes)\n");
    for w in &rule.strong {
        let _ = writeln!(s, "{}\n", fenced(w));
    }
    if !rule.lesson.is_empty() {
        let _ = writeln!(s, "Covers: {}.\n", rule.lesson.join("; "));
    }
    let silence = super::suppress::comment(super::suppress::Directive::DisableLine, &rule.id);
    let _ = write!(s, "Silence it on one line with `{silence}`.");
    s
}

fn fenced(example: &str) -> String {
    let fence = if example.contains("```") {
        "~~~~"
    } else {
        "```"
    };
    format!("{fence}markdown\n{}\n{fence}", example.trim_end())
}
