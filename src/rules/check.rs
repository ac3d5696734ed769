//! The closed set of check kinds, compiled from their TOML parameters.
//!
//! Each kind accepts only its own parameters; a parameter of another kind, a missing one,
//! an unknown vocabulary or stage, or a `{placeholder}` the kind does not fill is an error
//! at load time, never a silent no-op at lint time.

use super::schema::{CheckSpec, FixSpec};
use super::{Stage, StageId};
use crate::text::terms::VocabId;
use std::collections::HashMap;

/// Every kind, with its parameters and the placeholders its messages may use.
pub const KINDS: &[KindInfo] = &[
    KindInfo {
        name: "term-without",
        params: &[
            "terms",
            "scope",
            "unless",
            "unless_quantity",
            "window",
            "skip_questions",
            "claims",
            "claim_stages",
            "exempt_before",
            "exempt_before_words",
            "exempt_sentence",
            "quantity_in_block",
            "skip_quoted",
            "skip_names",
            "max_table_columns",
            "claims_in_answers",
            "guidance_voice",
            "guidance_rate",
            "stage_claims_below",
        ],
        // `category`, `asks`, `placeholder`: for words of a categorised vocabulary
        // (`[numbers] categorised`, rules/numbers.toml).
        vars: &["term", "category", "asks", "placeholder"],
        summary: "A term stands in a sentence that lacks a quantity or a companion term.",
    },
    KindInfo {
        name: "term-present",
        params: &["terms", "scope", "unless_after"],
        vars: &["term"],
        summary: "A term appears (optionally: with nothing from another vocabulary after it).",
    },
    KindInfo {
        name: "missing-stage",
        params: &["stage", "empty_message"],
        vars: &["stage"],
        summary: "The draft has no section for a stage.",
    },
    KindInfo {
        name: "lacks-terms",
        params: &[
            "terms",
            "all_of",
            "scope",
            "questions_only",
            "unless_anywhere",
        ],
        vars: &["stage"],
        summary: "A scope (document or stage) holds none of some vocabularies.",
    },
    KindInfo {
        name: "terms-imply",
        params: &["when", "require", "scope"],
        vars: &["term"],
        summary: "One vocabulary appears but another, which it calls for, does not.",
    },
    KindInfo {
        name: "stage-order",
        params: &["stage", "after_any_of"],
        vars: &["stage"],
        summary: "A stage's first section comes before every section of some other stages.",
    },
    KindInfo {
        name: "term-order",
        params: &["first", "before", "scope"],
        vars: &["term"],
        summary: "The first term of one vocabulary comes before any term of another.",
    },
    KindInfo {
        name: "share",
        params: &["stages", "min", "max"],
        vars: &["share", "min", "max"],
        summary: "Some stages hold too small a share of the solution's words.",
    },
    KindInfo {
        name: "density",
        params: &["min", "per_words", "min_total", "min_words"],
        vars: &["count", "per", "min", "words", "need"],
        summary: "Too few quantities per N words of prose, or fewer than `min_total` in all.",
    },
    KindInfo {
        name: "question-count",
        params: &["scope", "min"],
        vars: &["count", "min", "stage"],
        summary: "A stage asks fewer questions than it should.",
    },
    KindInfo {
        name: "monologue",
        params: &["terms", "max_minutes"],
        vars: &["words", "minutes"],
        summary: "Too many words pass without a check-in with the interviewer.",
    },
    KindInfo {
        name: "speech-time",
        params: &[],
        vars: &["minutes", "limit"],
        summary: "The whole draft takes longer to say than the interview lasts.",
    },
    KindInfo {
        name: "stage-time",
        params: &["stage_factor"],
        vars: &["stage", "minutes", "budget"],
        summary: "A stage takes much longer to say than its time budget.",
    },
    KindInfo {
        name: "topic-time",
        params: &["terms", "max_minutes", "compare_stage"],
        vars: &["minutes", "words", "limit", "compare_words"],
        summary: "Sentences on one topic take too long, or longer than a stage.",
    },
    KindInfo {
        name: "company-focus",
        params: &[],
        vars: &["company", "focus"],
        summary: "The draft never touches what the named company listens for.",
    },
    KindInfo {
        name: "empty-section",
        params: &[],
        vars: &["stage"],
        summary:
            "A stage's heading stands with nothing under it, and nothing else covers the stage.",
    },
    KindInfo {
        name: "figure-conflict",
        params: &["min", "compare"],
        vars: &["first", "second", "first_line", "second_line", "derived"],
        summary: "Two figures of the draft contradict each other by at least `min` times (a rate restated, stages over the budget, a rate against its inputs).",
    },
    KindInfo {
        name: "no-diagram",
        params: &[],
        vars: &[],
        summary: "The draft has no diagram.",
    },
    KindInfo {
        name: "front-matter",
        params: &[],
        vars: &["detail"],
        summary: "Front matter that cannot be read or holds a bad value.",
    },
    KindInfo {
        name: "suppression",
        params: &[],
        vars: &["id"],
        summary: "A suppression comment names a rule id the pack does not have.",
    },
];

/// Largest `window` (sentences around a term) a check may ask for.
pub const MAX_WINDOW: usize = 100;
/// Largest `min` of a `question-count` check.
const MAX_QUESTIONS: f64 = 1000.0;

/// Placeholders every message may use.
pub const COMMON_VARS: &[&str] = &["level", "rule"];

#[derive(Debug)]
pub struct KindInfo {
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub vars: &'static [&'static str],
    pub summary: &'static str,
}

/// Document (`None`) or one stage.
pub type Scope = Option<StageId>;

#[derive(Debug, Clone)]
pub enum CheckKind {
    TermWithout {
        terms: Vec<VocabId>,
        scope: Scope,
        unless: Vec<VocabId>,
        unless_quantity: bool,
        window: usize,
        skip_questions: bool,
        claim: ClaimContext,
    },
    TermPresent {
        terms: Vec<VocabId>,
        scope: Scope,
        unless_after: Vec<VocabId>,
    },
    MissingStage {
        stage: StageId,
        /// The message when the stage's heading is there with nothing under it.
        empty_message: Option<String>,
    },
    LacksTerms {
        /// Every group must be matched; a group is matched by any of its vocabularies.
        groups: Vec<Vec<VocabId>>,
        scope: Scope,
        questions_only: bool,
        /// The check passes when any of these appears anywhere in the draft.
        unless_anywhere: Vec<VocabId>,
    },
    TermsImply {
        when: Vec<VocabId>,
        require: Vec<VocabId>,
        scope: Scope,
    },
    StageOrder {
        stage: StageId,
        after_any_of: Vec<StageId>,
    },
    TermOrder {
        first: Vec<VocabId>,
        before: Vec<VocabId>,
        scope: Scope,
    },
    Share {
        stages: Vec<StageId>,
        min: f64,
        max: Option<f64>,
    },
    Density {
        min: f64,
        per_words: f64,
        /// However short the draft, it needs this many in all once it has `min_words`.
        min_total: u32,
        min_words: usize,
    },
    QuestionCount {
        scope: StageId,
        min: usize,
    },
    Monologue {
        check_ins: Vec<VocabId>,
        max_minutes: f64,
    },
    SpeechTime,
    StageTime {
        factor: f64,
    },
    TopicTime {
        terms: Vec<VocabId>,
        max_minutes: f64,
        compare_stage: Option<StageId>,
    },
    CompanyFocus,
    EmptySection,
    FigureConflict {
        ratio: f64,
        compare: FigureCompare,
    },
    NoDiagram,
    FrontMatter,
    Suppression,
}

/// What a `figure-conflict` check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureCompare {
    /// The same request rate stated twice.
    Restated,
    /// Per-stage latencies summed against the end-to-end budget.
    StageSum,
    /// A stated request rate against the one daily users × a per-user habit imply.
    DerivedRate,
}

/// When a term is a claim of the writer's that needs a figure (all empty: always).
#[derive(Debug, Clone, Default)]
pub struct ClaimContext {
    /// The sentence must hold one of these (we, should, must …) unless it sits in one of
    /// `claim_stages`.
    pub claims: Vec<VocabId>,
    pub claim_stages: Vec<StageId>,
    /// A hit of these within `exempt_before_words` words before the term exempts it
    /// (conditions and negations: "if", "no need for").
    pub exempt_before: Vec<VocabId>,
    pub exempt_before_words: usize,
    /// A hit of these anywhere in the sentence exempts it (comparisons: "than", "but").
    pub exempt_sentence: Vec<VocabId>,
    /// A quantity anywhere in the term's block (list item, paragraph) or table row counts.
    pub quantity_in_block: bool,
    /// Terms inside quotation marks are cited, not claimed.
    pub skip_quoted: bool,
    /// Capitalised terms inside a sentence are names ("Simple Online and Realtime Tracking").
    pub skip_names: bool,
    /// Tables with more columns than this compare options; their cells are not claims.
    pub max_table_columns: Option<usize>,
    /// In a draft whose front matter marks it as an interview answer, every sentence
    /// speaks for the design, so `claims` is not needed there.
    pub claims_in_answers: bool,
    /// A document that is not an answer and uses these words (you, your) at least
    /// `guidance_rate` times per 1,000 words teaches its reader (a tutorial, a book
    /// summary, a pattern catalogue): it makes no claims about a design of its own.
    pub guidance_voice: Vec<VocabId>,
    pub guidance_rate: f64,
    /// `claim_stages` hold only in a document that addresses its reader less often than
    /// this per 1,000 words (an answer: always).
    pub stage_claims_below: f64,
}

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
        use CheckKind::*;
        match self.kind {
            TermWithout { .. } => "term-without",
            TermPresent { .. } => "term-present",
            MissingStage { .. } => "missing-stage",
            LacksTerms { .. } => "lacks-terms",
            TermsImply { .. } => "terms-imply",
            StageOrder { .. } => "stage-order",
            TermOrder { .. } => "term-order",
            Share { .. } => "share",
            Density { .. } => "density",
            QuestionCount { .. } => "question-count",
            Monologue { .. } => "monologue",
            SpeechTime => "speech-time",
            StageTime { .. } => "stage-time",
            TopicTime { .. } => "topic-time",
            CompanyFocus => "company-focus",
            EmptySection => "empty-section",
            FigureConflict { .. } => "figure-conflict",
            NoDiagram => "no-diagram",
            FrontMatter => "front-matter",
            Suppression => "suppression",
        }
    }
}

/// Names the compiler resolves against.
pub struct Names<'a> {
    pub vocab_index: &'a HashMap<String, VocabId>,
    pub stages: &'a [Stage],
}

/// An error: the offending text to point at (if any) and the message.
pub type CompileError = (Option<String>, String);

fn set_params(c: &CheckSpec) -> Vec<&'static str> {
    let mut v = Vec::new();
    macro_rules! has {
        ($($f:ident),*) => { $( if c.$f.is_some() { v.push(stringify!($f)); } )* };
    }
    has!(
        compare,
        scope,
        stage,
        terms,
        all_of,
        unless,
        unless_quantity,
        unless_after,
        skip_questions,
        claims,
        claim_stages,
        exempt_before,
        exempt_before_words,
        exempt_sentence,
        quantity_in_block,
        skip_quoted,
        skip_names,
        max_table_columns,
        claims_in_answers,
        guidance_voice,
        guidance_rate,
        stage_claims_below,
        unless_anywhere,
        empty_message,
        questions_only,
        window,
        when,
        require,
        after_any_of,
        first,
        before,
        stages,
        min,
        max,
        per_words,
        min_total,
        min_words,
        max_minutes,
        stage_factor,
        compare_stage
    );
    v
}

pub fn compile(c: &CheckSpec, rule_message: &str, names: &Names) -> Result<Check, CompileError> {
    let info = KINDS.iter().find(|k| k.name == c.kind).ok_or_else(|| {
        (
            Some(c.kind.clone()),
            format!(
                "unknown check kind `{}`; known: {}",
                c.kind,
                KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    for p in set_params(c) {
        if !info.params.contains(&p) {
            return Err((
                Some(p.to_string()),
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
    }
    let message = c
        .message
        .clone()
        .unwrap_or_else(|| rule_message.to_string());
    check_placeholders(&message, info)?;
    if let Some(fix) = &c.fix {
        check_placeholders(&fix.title, info)?;
        for text in [&fix.insert_after, &fix.append_line].into_iter().flatten() {
            check_placeholders(text, info)?;
        }
        if fix.insert_after.is_none() && fix.append_line.is_none() {
            return Err((None, "a fix needs `insert_after` or `append_line`".into()));
        }
        if !fix.stages.is_empty() && fix.append_line.is_none() {
            return Err((
                None,
                "a fix's `stages` say where its `append_line` goes; it has none".into(),
            ));
        }
    }
    let fix_stages = c
        .fix
        .iter()
        .flat_map(|f| &f.stages)
        .map(|s| stage(s, names))
        .collect::<Result<Vec<_>, _>>()?;
    let need = |name: &str| -> CompileError {
        (
            None,
            format!("kind `{}` needs parameter `{name}`", info.name),
        )
    };
    let vocabs = |list: &Option<Vec<String>>, name: &str| -> Result<Vec<VocabId>, CompileError> {
        let list = list.as_ref().ok_or_else(|| need(name))?;
        if list.is_empty() {
            return Err((
                None,
                format!("parameter `{name}` must name at least one vocabulary"),
            ));
        }
        list.iter().map(|v| vocab(v, names)).collect()
    };
    let opt_vocabs = |list: &Option<Vec<String>>| -> Result<Vec<VocabId>, CompileError> {
        list.iter().flatten().map(|v| vocab(v, names)).collect()
    };
    let scope = match &c.scope {
        None => None,
        Some(s) if s == "document" => None,
        Some(s) => Some(stage(s, names)?),
    };
    let positive = |v: Option<f64>, name: &str| -> Result<f64, CompileError> {
        let v = v.ok_or_else(|| need(name))?;
        if v.is_finite() && v > 0.0 && v < 1e9 {
            Ok(v)
        } else {
            Err((
                Some(name.to_string()),
                format!(
                    "parameter `{name}` must be a positive number below 1e9, not {}",
                    shown(v)
                ),
            ))
        }
    };
    use CheckKind::*;
    let kind = match info.name {
        "term-without" => TermWithout {
            terms: vocabs(&c.terms, "terms")?,
            scope,
            unless: opt_vocabs(&c.unless)?,
            unless_quantity: c.unless_quantity.unwrap_or(false),
            window: match c.window.unwrap_or(0) {
                w @ 0..=MAX_WINDOW => w,
                w => {
                    return Err((
                        Some("window".into()),
                        format!("parameter `window` counts sentences around the term: 0 to {MAX_WINDOW}, not {w}"),
                    ))
                }
            },
            skip_questions: c.skip_questions.unwrap_or(false),
            claim: ClaimContext {
                claims: opt_vocabs(&c.claims)?,
                claim_stages: c
                    .claim_stages
                    .iter()
                    .flatten()
                    .map(|s| stage(s, names))
                    .collect::<Result<_, _>>()?,
                exempt_before: opt_vocabs(&c.exempt_before)?,
                exempt_before_words: match c.exempt_before_words.unwrap_or(6) {
                    w @ 1..=MAX_WINDOW => w,
                    w => {
                        return Err((
                            Some("exempt_before_words".into()),
                            format!("parameter `exempt_before_words` counts words before the term: 1 to {MAX_WINDOW}, not {w}"),
                        ))
                    }
                },
                exempt_sentence: opt_vocabs(&c.exempt_sentence)?,
                quantity_in_block: c.quantity_in_block.unwrap_or(false),
                skip_quoted: c.skip_quoted.unwrap_or(false),
                skip_names: c.skip_names.unwrap_or(false),
                max_table_columns: c.max_table_columns,
                claims_in_answers: c.claims_in_answers.unwrap_or(false),
                guidance_voice: opt_vocabs(&c.guidance_voice)?,
                stage_claims_below: match c.stage_claims_below.unwrap_or(f64::INFINITY) {
                    r if r > 0.0 => r,
                    r => {
                        return Err((
                            Some("stage_claims_below".into()),
                            format!("parameter `stage_claims_below` counts words per 1,000: above 0, not {r}"),
                        ))
                    }
                },
                guidance_rate: match c.guidance_rate.unwrap_or(5.0) {
                    r if r > 0.0 && r <= 1000.0 => r,
                    r => {
                        return Err((
                            Some("guidance_rate".into()),
                            format!("parameter `guidance_rate` counts words per 1,000: above 0 and at most 1000, not {r}"),
                        ))
                    }
                },
            },
        },
        "term-present" => TermPresent {
            terms: vocabs(&c.terms, "terms")?,
            scope,
            unless_after: opt_vocabs(&c.unless_after)?,
        },
        "missing-stage" => MissingStage {
            stage: stage(c.stage.as_deref().ok_or_else(|| need("stage"))?, names)?,
            empty_message: match &c.empty_message {
                Some(m) => {
                    check_placeholders(m, info)?;
                    Some(m.clone())
                }
                None => None,
            },
        },
        "lacks-terms" => {
            let mut groups = Vec::new();
            if c.terms.is_some() {
                groups.push(vocabs(&c.terms, "terms")?);
            }
            for g in c.all_of.iter().flatten() {
                let g = g
                    .iter()
                    .map(|v| vocab(v, names))
                    .collect::<Result<Vec<_>, _>>()?;
                if g.is_empty() {
                    return Err((
                        None,
                        "an `all_of` group must name at least one vocabulary".into(),
                    ));
                }
                groups.push(g);
            }
            if groups.is_empty() {
                return Err(need("terms` or `all_of"));
            }
            LacksTerms {
                groups,
                scope,
                questions_only: c.questions_only.unwrap_or(false),
                unless_anywhere: opt_vocabs(&c.unless_anywhere)?,
            }
        }
        "terms-imply" => TermsImply {
            when: vocabs(&c.when, "when")?,
            require: vocabs(&c.require, "require")?,
            scope,
        },
        "stage-order" => StageOrder {
            stage: stage(c.stage.as_deref().ok_or_else(|| need("stage"))?, names)?,
            after_any_of: c
                .after_any_of
                .as_ref()
                .ok_or_else(|| need("after_any_of"))?
                .iter()
                .map(|s| stage(s, names))
                .collect::<Result<_, _>>()?,
        },
        "term-order" => TermOrder {
            first: vocabs(&c.first, "first")?,
            before: vocabs(&c.before, "before")?,
            scope,
        },
        "share" => {
            let min = fraction(c.min, "min")?.ok_or_else(|| need("min"))?;
            let max = fraction(c.max, "max")?;
            Share {
                stages: c
                    .stages
                    .as_ref()
                    .ok_or_else(|| need("stages"))?
                    .iter()
                    .map(|s| stage(s, names))
                    .collect::<Result<_, _>>()?,
                min,
                max,
            }
        }
        "density" => Density {
            min: positive(c.min, "min")?,
            per_words: positive(c.per_words, "per_words")?,
            min_total: c.min_total.unwrap_or(0),
            min_words: c.min_words.unwrap_or(0),
        },
        "question-count" => QuestionCount {
            scope: scope.ok_or_else(|| {
                (
                    None,
                    "kind `question-count` needs a stage as `scope`".to_string(),
                )
            })?,
            min: match positive(c.min, "min")? {
                m if m.fract() == 0.0 && m <= MAX_QUESTIONS => m as usize,
                m => {
                    return Err((
                        Some("min".into()),
                        format!("parameter `min` is a whole number of questions from 1 to {MAX_QUESTIONS}, not {}", shown(m)),
                    ))
                }
            },
        },
        "monologue" => Monologue {
            check_ins: opt_vocabs(&c.terms)?,
            max_minutes: positive(c.max_minutes, "max_minutes")?,
        },
        "speech-time" => SpeechTime,
        "stage-time" => StageTime {
            factor: positive(c.stage_factor, "stage_factor")?,
        },
        "topic-time" => TopicTime {
            terms: vocabs(&c.terms, "terms")?,
            max_minutes: positive(c.max_minutes, "max_minutes")?,
            compare_stage: match &c.compare_stage {
                Some(s) => Some(stage(s, names)?),
                None => None,
            },
        },
        "company-focus" => CompanyFocus,
        "empty-section" => EmptySection,
        "figure-conflict" => FigureConflict {
            compare: match c.compare.as_deref() {
                None | Some("restated") => FigureCompare::Restated,
                Some("stage-sum") => FigureCompare::StageSum,
                Some("derived-rate") => FigureCompare::DerivedRate,
                Some(other) => {
                    return Err((
                        Some("compare".into()),
                        format!("parameter `compare` of `figure-conflict` is `restated`, `stage-sum` or `derived-rate`, not `{other}`"),
                    ))
                }
            },
            ratio: match positive(c.min, "min")? {
                r if r > 1.0 => r,
                r => {
                    return Err((
                        Some("min".into()),
                        format!("parameter `min` of `figure-conflict` is a ratio above 1, not {}", shown(r)),
                    ))
                }
            },
        },
        "no-diagram" => NoDiagram,
        "front-matter" => FrontMatter,
        "suppression" => Suppression,
        other => return Err((None, format!("kind `{other}` has no compiler"))),
    };
    Ok(Check {
        kind,
        message,
        fix: c.fix.clone(),
        fix_stages,
    })
}

fn vocab(name: &str, names: &Names) -> Result<VocabId, CompileError> {
    names.vocab_index.get(name).copied().ok_or_else(|| {
        let mut known: Vec<&str> = names.vocab_index.keys().map(String::as_str).collect();
        known.sort_unstable();
        (
            Some(name.to_string()),
            format!("unknown vocabulary `{name}`; known: {}", known.join(", ")),
        )
    })
}

fn stage(name: &str, names: &Names) -> Result<StageId, CompileError> {
    names
        .stages
        .iter()
        .position(|s| s.id == name)
        .map(|i| i as StageId)
        .ok_or_else(|| {
            (
                Some(name.to_string()),
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
fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn fraction(v: Option<f64>, name: &str) -> Result<Option<f64>, CompileError> {
    match v {
        None => Ok(None),
        Some(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
        Some(x) => Err((
            Some(name.to_string()),
            format!(
                "parameter `{name}` is a share between 0 and 1, not {}",
                shown(x)
            ),
        )),
    }
}

/// Every `{name}` in a template must be one the kind fills.
fn check_placeholders(template: &str, info: &KindInfo) -> Result<(), CompileError> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !info.vars.contains(&name) && !COMMON_VARS.contains(&name) {
            return Err((
                Some(format!("{{{name}}}")),
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
