//! The check-kind registry: the closed set of check kinds, each compiled from its TOML
//! parameters by its own file in this folder.
//!
//! A kind's file names it, lists its parameters and the placeholders its messages may
//! use, and compiles its parameters into a value of its own type; its evaluation is the
//! file of the same name in `engine/checks/` (the draft it reads lives above this layer).
//! [`with_kinds!`] is the one list of kinds both sides are generated from: a new kind is
//! one line there plus those two files.
//!
//! Each kind accepts only its own parameters; a parameter of another kind, a missing one,
//! an unknown vocabulary or stage, or a `{placeholder}` the kind does not fill is an error
//! at load time, never a silent no-op at lint time.

mod params;

use super::schema::{CheckSpec, FixSpec};
use super::{Stage, StageId};
use crate::text::terms::VocabId;
pub use params::Params;
use std::collections::HashMap;
use std::ops::Range;

/// Every kind as `module => Variant`, in the order `rules/README.md` documents them.
/// `$callback!` receives the whole list: this module declares the kinds from it, the engine
/// its evaluations.
macro_rules! with_kinds {
    ($callback:ident) => {
        $callback! {
            term_without => TermWithout,
            term_present => TermPresent,
            missing_stage => MissingStage,
            lacks_terms => LacksTerms,
            terms_imply => TermsImply,
            stage_order => StageOrder,
            term_order => TermOrder,
            share => Share,
            density => Density,
            question_count => QuestionCount,
            monologue => Monologue,
            speech_time => SpeechTime,
            stage_time => StageTime,
            topic_time => TopicTime,
            company_focus => CompanyFocus,
            empty_section => EmptySection,
            figure_conflict => FigureConflict,
            no_diagram => NoDiagram,
            front_matter => FrontMatter,
            suppression => Suppression,
        }
    };
}
pub(crate) use with_kinds;

macro_rules! declare_kinds {
    ($($module:ident => $variant:ident,)*) => {
        $(pub mod $module;)*

        /// A compiled check: the kind and its parameters, resolved.
        #[derive(Debug, Clone)]
        pub enum CheckKind {
            $($variant($module::$variant),)*
        }

        /// Every kind, with its parameters and the placeholders its messages may use.
        pub const KINDS: &[KindInfo] = &[$($module::KIND,)*];

        impl CheckKind {
            pub fn info(&self) -> &'static KindInfo {
                match self {
                    $(CheckKind::$variant(_) => &$module::KIND,)*
                }
            }
        }
    };
}
with_kinds!(declare_kinds);

/// Largest `window` (sentences around a term) a check may ask for.
pub const MAX_WINDOW: usize = 100;

/// Placeholders every message may use.
pub const COMMON_VARS: &[&str] = &["level", "rule"];

/// What the registry knows of a kind.
#[derive(Debug)]
pub struct KindInfo {
    pub name: &'static str,
    /// The TOML keys it takes besides `kind`, `message` and `fix`.
    pub params: &'static [&'static str],
    /// The placeholders it fills in messages (besides [`COMMON_VARS`]).
    pub vars: &'static [&'static str],
    pub summary: &'static str,
    /// Its compile step: parameters in, the kind's own value out.
    pub compile: fn(&Params) -> Result<CheckKind, CompileError>,
}

/// Document (`None`) or one stage.
pub type Scope = Option<StageId>;

#[derive(Debug, Clone)]
pub struct Check {
    pub kind: CheckKind,
    /// The check's own message, or the rule's.
    pub message: String,
    pub fix: Option<FixSpec>,
    /// The fix's `stages`, resolved.
    pub fix_stages: Vec<StageId>,
}

impl Check {
    pub fn kind_name(&self) -> &'static str {
        self.kind.info().name
    }
}

/// Names the compiler resolves against.
pub struct Names<'a> {
    pub vocab_index: &'a HashMap<String, VocabId>,
    pub stages: &'a [Stage],
}

/// Where in the rule an error points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// The rule as a whole.
    Rule,
    /// The first place this text appears in the rule (a name, a key).
    Text(String),
    /// A byte range of the file.
    Span(Range<usize>),
}

/// An error: where to point and the message.
pub type CompileError = (At, String);

pub fn compile(c: &CheckSpec, rule_message: &str, names: &Names) -> Result<Check, CompileError> {
    let info = KINDS.iter().find(|k| k.name == c.kind).ok_or_else(|| {
        (
            At::Text(c.kind.clone()),
            format!(
                "unknown check kind `{}`; known: {}",
                c.kind,
                KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    if let Some(p) = c.params.keys().find(|p| !info.params.contains(&p.as_str())) {
        return Err((
            At::Text(p.clone()),
            format!(
                "parameter `{p}` does not apply to kind `{}` (it takes: {})",
                info.name,
                if info.params.is_empty() {
                    "no parameters".to_string()
                } else {
                    info.params.join(", ")
                }
            ),
        ));
    }
    let message = c
        .message
        .clone()
        .unwrap_or_else(|| rule_message.to_string());
    check_placeholders(&message, info)?;
    let fix_stages = match &c.fix {
        Some(fix) => compile_fix(fix, info, names)?,
        None => Vec::new(),
    };
    let params = Params::new(info, &c.params, names);
    Ok(Check {
        kind: (info.compile)(&params)?,
        message,
        fix: c.fix.clone(),
        fix_stages,
    })
}

/// A fix's templates and places checked; its `stages` resolved.
fn compile_fix(
    fix: &FixSpec,
    info: &KindInfo,
    names: &Names,
) -> Result<Vec<StageId>, CompileError> {
    check_placeholders(&fix.title, info)?;
    for text in [&fix.insert_after, &fix.append_line].into_iter().flatten() {
        check_placeholders(text, info)?;
    }
    if fix.insert_after.is_none() && fix.append_line.is_none() {
        return Err((
            At::Rule,
            "a fix needs `insert_after` or `append_line`".into(),
        ));
    }
    if !fix.stages.is_empty() && fix.append_line.is_none() {
        return Err((
            At::Rule,
            "a fix's `stages` say where its `append_line` goes; it has none".into(),
        ));
    }
    fix.stages.iter().map(|s| stage(s, names)).collect()
}

pub(crate) fn vocab(name: &str, names: &Names) -> Result<VocabId, CompileError> {
    names.vocab_index.get(name).copied().ok_or_else(|| {
        let mut known: Vec<&str> = names.vocab_index.keys().map(String::as_str).collect();
        known.sort_unstable();
        (
            At::Text(name.to_string()),
            format!("unknown vocabulary `{name}`; known: {}", known.join(", ")),
        )
    })
}

pub(crate) fn stage(name: &str, names: &Names) -> Result<StageId, CompileError> {
    names
        .stages
        .iter()
        .position(|s| s.id == name)
        .map(|i| i as StageId)
        .ok_or_else(|| {
            (
                At::Text(name.to_string()),
                format!(
                    "unknown stage `{name}`; known: document, {}",
                    names
                        .stages
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
}

/// A number as an error message shows it: short, even when absurd (`1e300`, not 301 digits).
pub(crate) fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Every `{name}` in a template must be one the kind fills.
pub(crate) fn check_placeholders(template: &str, info: &KindInfo) -> Result<(), CompileError> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !info.vars.contains(&name) && !COMMON_VARS.contains(&name) {
            return Err((
                At::Text(format!("{{{name}}}")),
                format!(
                    "placeholder `{{{name}}}` is not filled by kind `{}` (it fills: {})",
                    info.name,
                    info.vars
                        .iter()
                        .chain(COMMON_VARS)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Fills `{name}` placeholders; unknown ones stay as written.
pub fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
