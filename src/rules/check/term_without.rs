//! `term-without`: a term stands in a sentence that lacks a quantity or a companion term.

use super::{CheckKind, CompileError, KindInfo, Params, Scope, MAX_WINDOW};
use crate::pack::StageId;
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct TermWithout {
    pub terms: Vec<VocabId>,
    pub scope: Scope,
    pub unless: Vec<VocabId>,
    pub unless_quantity: bool,
    pub window: usize,
    pub skip_questions: bool,
    pub claim: ClaimContext,
}

pub const KIND: KindInfo = KindInfo {
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
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    // The scope resolves first, as the error order of the pack has always been.
    let scope = p.scope()?;
    Ok(CheckKind::TermWithout(TermWithout {
        terms: p.vocabs("terms")?,
        scope,
        unless: p.opt_vocabs("unless")?,
        unless_quantity: p.flag("unless_quantity")?,
        window: match p.get("window")?.unwrap_or(0) {
            w @ 0..=MAX_WINDOW => w,
            w => {
                return Err(p.invalid(
                    "window",
                    format!("parameter `window` counts sentences around the term: 0 to {MAX_WINDOW}, not {w}"),
                ))
            }
        },
        skip_questions: p.flag("skip_questions")?,
        claim: claim_context(p)?,
    }))
}

fn claim_context(p: &Params) -> Result<ClaimContext, CompileError> {
    Ok(ClaimContext {
        claims: p.opt_vocabs("claims")?,
        claim_stages: p.opt_stages("claim_stages")?,
        exempt_before: p.opt_vocabs("exempt_before")?,
        exempt_before_words: match p.get("exempt_before_words")?.unwrap_or(6) {
            w @ 1..=MAX_WINDOW => w,
            w => {
                return Err(p.invalid(
                    "exempt_before_words",
                    format!("parameter `exempt_before_words` counts words before the term: 1 to {MAX_WINDOW}, not {w}"),
                ))
            }
        },
        exempt_sentence: p.opt_vocabs("exempt_sentence")?,
        quantity_in_block: p.flag("quantity_in_block")?,
        skip_quoted: p.flag("skip_quoted")?,
        skip_names: p.flag("skip_names")?,
        max_table_columns: p.get("max_table_columns")?,
        claims_in_answers: p.flag("claims_in_answers")?,
        guidance_voice: p.opt_vocabs("guidance_voice")?,
        stage_claims_below: match p.get("stage_claims_below")?.unwrap_or(f64::INFINITY) {
            r if r > 0.0 => r,
            r => {
                return Err(p.invalid(
                    "stage_claims_below",
                    format!("parameter `stage_claims_below` counts words per 1,000: above 0, not {r}"),
                ))
            }
        },
        guidance_rate: match p.get("guidance_rate")?.unwrap_or(5.0) {
            r if r > 0.0 && r <= 1000.0 => r,
            r => {
                return Err(p.invalid(
                    "guidance_rate",
                    format!("parameter `guidance_rate` counts words per 1,000: above 0 and at most 1000, not {r}"),
                ))
            }
        },
    })
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
