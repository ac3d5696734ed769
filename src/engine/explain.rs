//! One explanation of a rule, in Markdown, for `mlsd rule ID` and for hover.

use crate::pack::Level;
use crate::rules::numbers::{Numbers, TypicalFigure};
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
        let _ = writeln!(s, "{}\n", fenced(&w.text));
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

/// Typical published figures for one problem type as Markdown: the intro line (they are
/// not requirements), then one bullet per figure with its source, grouped by category
/// when `category` is `None`. `None` when the table has no figure for them.
pub fn typical_figures(
    numbers: &Numbers,
    problem_type: &str,
    category: Option<&str>,
    limit: usize,
) -> Option<String> {
    let mut rows: Vec<&TypicalFigure> = numbers.figures_for(problem_type, category).collect();
    // In the order the categories are defined, the table's order within each.
    let order = |f: &&TypicalFigure| numbers.categories.iter().position(|c| c.id == f.category);
    rows.sort_by_key(order);
    rows.truncate(limit);
    if rows.is_empty() {
        return None;
    }
    let mut s = String::new();
    let what = category.map_or(String::new(), |c| format!(" — {c}"));
    let _ = writeln!(s, "**Typical figures for {problem_type}{what}**\n");
    let _ = writeln!(s, "{}\n", numbers.figures_intro);
    let mut last: Option<&str> = None;
    for f in rows {
        if category.is_none() && last != Some(f.category.as_str()) {
            let _ = writeln!(
                s,
                "{}{}:\n",
                if last.is_some() { "\n" } else { "" },
                f.category
            );
            last = Some(&f.category);
        }
        let _ = writeln!(
            s,
            "- {}: **{}** — *{}*, {}, {}",
            f.quantity,
            f.amount(),
            f.source.title,
            f.source.org,
            f.source.year
        );
    }
    Some(s.trim_end().to_string())
}
