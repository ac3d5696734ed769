//! The check kinds at work: each kind's file here turns a draft into gaps (a range,
//! message values and maybe a fix); `run_all` wraps them into findings with the rule's
//! severity at the draft's level. The kinds are the registry's (`rules::check`): one file
//! per kind here, the same name as its parameters' file there. No code here knows a rule id.

mod env;

use super::draft::Draft;
use super::finding::{Edit, Finding, Fix};
use super::fix;
use super::{Context, RuleSetting, Settings};
use crate::rules::check::{render, with_kinds, Check, CheckKind, Scope};
use crate::rules::{Pack, Rule};
use env::Env;
use std::ops::Range;

macro_rules! declare_evaluations {
    ($($module:ident => $variant:ident,)*) => {
        $(mod $module;)*

        /// The gaps one check finds in the draft.
        fn run(env: &Env, check: &Check) -> Vec<Gap> {
            match &check.kind {
                $(CheckKind::$variant(k) => $module::run(env, k),)*
            }
        }
    };
}
with_kinds!(declare_evaluations);

/// One thing a check found, before it becomes a finding.
struct Gap {
    range: Range<usize>,
    vars: Vec<(&'static str, String)>,
    /// Where a fix that appends a line should go (a stage), if anywhere.
    scope: Scope,
    /// A message of the check's other case (an empty section), instead of its own.
    message: Option<String>,
    /// Whether the check's fixes apply (an empty section needs words, not a heading).
    fixable: bool,
    /// The kind of claim a vague word makes (`[[claim_category]]`), if categorised.
    category: Option<String>,
}

impl Gap {
    fn new(range: Range<usize>) -> Gap {
        Gap {
            range,
            vars: Vec::new(),
            scope: None,
            message: None,
            fixable: true,
            category: None,
        }
    }
    fn var(mut self, k: &'static str, v: impl Into<String>) -> Gap {
        self.vars.push((k, v.into()));
        self
    }
}

/// Severity a rule has for this draft, or `None` when it does not apply.
pub fn effective_severity(
    rule: &Rule,
    settings: &Settings,
    ctx: &Context,
) -> Option<super::Severity> {
    if settings.ignore.contains(&rule.id) {
        return None;
    }
    if let Some(select) = &settings.select {
        if !select.contains(&rule.id) {
            return None;
        }
    }
    if !rule.problem_types.is_empty() && !rule.problem_types.contains(&ctx.problem_type) {
        return None;
    }
    let at_level = rule.severity_at(ctx.level)?;
    match settings.rules.get(&rule.id) {
        Some(RuleSetting::Off) => None,
        Some(RuleSetting::Severity(s)) => Some(*s),
        None => Some(at_level),
    }
}

pub fn run_all(draft: &Draft, pack: &Pack, settings: &Settings, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let env = Env::new(draft, pack, ctx);
    for rule in &pack.rules {
        let Some(severity) = effective_severity(rule, settings, ctx) else {
            continue;
        };
        for check in &rule.checks {
            for gap in run(&env, check) {
                let mut vars = gap.vars.clone();
                vars.push(("level", ctx.level.to_string()));
                vars.push(("rule", rule.id.clone()));
                let mut fixes = Vec::new();
                if let (CheckKind::MissingStage(m), true) = (&check.kind, gap.fixable) {
                    let stage = m.stage;
                    fixes.push(fix::insert_stage_section(
                        draft,
                        pack,
                        stage,
                        &ctx.problem_type,
                        ctx.minutes,
                    ));
                }
                if let (Some(spec), true) = (&check.fix, gap.fixable) {
                    let place = fix::LinePlace {
                        stages: &check.fix_stages,
                        scope: gap.scope,
                        problem_type: &ctx.problem_type,
                        interview_minutes: ctx.minutes,
                    };
                    if let Some(f) = fix_from_spec(draft, pack, spec, &gap, &vars, place) {
                        fixes.push(f);
                    }
                }
                out.push(Finding {
                    rule: rule.id.clone(),
                    severity,
                    message: render(gap.message.as_deref().unwrap_or(&check.message), &vars),
                    range: gap.range,
                    fixes,
                    related: Vec::new(),
                    category: gap.category,
                });
            }
        }
    }
    out
}

fn fix_from_spec(
    draft: &Draft,
    pack: &Pack,
    spec: &crate::rules::schema::FixSpec,
    gap: &Gap,
    vars: &[(&str, String)],
    place: fix::LinePlace,
) -> Option<Fix> {
    let mut edits = Vec::new();
    if let Some(text) = &spec.insert_after {
        edits.push(Edit {
            range: gap.range.end..gap.range.end,
            new_text: render(text, vars),
        });
    }
    if let Some(line) = &spec.append_line {
        edits.push(fix::append_line(draft, pack, place, &render(line, vars)));
    }
    if edits.is_empty() {
        return None;
    }
    Some(Fix {
        title: render(&spec.title, vars),
        safe: spec.safe,
        edits,
    })
}

/// The first line of a range, without its line break.
pub fn first_line(text: &str, r: Range<usize>) -> Range<usize> {
    let start = r.start.min(text.len());
    let end = r.end.min(text.len()).max(start);
    let slice = &text[start..end];
    let cut = slice.find(['\n', '\r']).unwrap_or(slice.len());
    start..start + slice[..cut].trim_end().len()
}
