//! `term-without` at work (its parameters: `rules/check/term_without.rs`).

use super::{Env, Gap};
use crate::engine::draft::{Block, Hit};
use crate::engine::prose;
use crate::rules::check::term_without::ClaimContext;
use crate::rules::check::term_without::TermWithout;
use crate::text::terms::VocabId;

pub(super) fn run(env: &Env, k: &TermWithout) -> Vec<Gap> {
    let TermWithout {
        terms,
        scope,
        unless,
        unless_quantity,
        window,
        skip_questions,
        claim,
    } = k;
    let d = env.draft;
    let companions = env.sentences_with(unless);
    let mut gaps = Vec::new();
    for h in env.hits(terms, *scope) {
        let s = &d.sentences[h.sentence as usize];
        // Headings are labels and link text names a cited work: neither is a
        // claim of the writer's that needs support.
        if (*skip_questions && s.is_question)
            || env.is_allowed(&h)
            || d.blocks[h.block as usize].is_heading
            || d.in_link(&h)
            || !is_claim(env, &h, claim)
        {
            continue;
        }
        let last = (h.sentence as usize + window).min(d.sentences.len() - 1) as u32;
        let in_window = |i: &u32| *i >= h.sentence && *i <= last;
        if *unless_quantity
            && ((h.sentence..=last).any(|i| d.sentences[i as usize].quantities > 0)
                || (claim.quantity_in_block && block_has_quantity(env, h.block)))
        {
            continue;
        }
        let pos = companions.partition_point(|i| *i < h.sentence);
        if companions.get(pos).is_some_and(in_window) {
            continue;
        }
        let gap = Gap::new(d.hit_source(&h)).var("term", d.hit_text(&h));
        gaps.push(with_category(env, &h, gap));
    }
    gaps
}

/// A hit of a categorised vocabulary (`[numbers] categorised`) says which kind of figure
/// it lacks: its category, what that asks for and the fix's placeholder.
fn with_category(env: &Env, h: &Hit, gap: Gap) -> Gap {
    let n = &env.pack.numbers;
    if !n
        .categorised
        .iter()
        .any(|v| env.pack.vocab_id(v) == Some(h.vocab))
    {
        return gap;
    }
    let phrase = env.draft.hit_text(h);
    let Some(c) = n.category_of(phrase) else {
        return gap;
    };
    let mut gap = gap
        .var("category", c.id.clone())
        .var("asks", c.asks.clone())
        .var("placeholder", c.placeholder_for(phrase));
    gap.category = Some(c.id.clone());
    gap
}

/// Whether a term is a claim the writer makes about the design, as `claim` reads it:
/// not a comparison, a condition, a negation, a quotation, a name or a cell of a
/// comparison table, and said in the voice of a requirement or a decision.
fn is_claim(env: &Env, h: &Hit, claim: &ClaimContext) -> bool {
    let d = env.draft;
    let block = &d.blocks[h.block as usize];
    if claim
        .max_table_columns
        .is_some_and(|max| block.table_row > 0 && usize::from(block.table_cols) > max)
    {
        return false;
    }
    // A guide (see `reader_rate`) makes no claims about a design of its own.
    let reader_rate = reader_rate(env, claim);
    if reader_rate >= claim.guidance_rate {
        return false;
    }
    let sentence = &d.sentences[h.sentence as usize];
    let text = d.block_text(h.block);
    // What precedes the term in its sentence, at most a few hundred bytes back: enough
    // for a quotation, a name or a condition, and linear on a 5 MB one-line draft.
    let mut s_start =
        (sentence.range.start as usize).max((h.start as usize).saturating_sub(CONTEXT_BYTES));
    while !text.is_char_boundary(s_start) && s_start < h.start as usize {
        s_start += 1;
    }
    let before = text.get(s_start..h.start as usize).unwrap_or("");
    let after_end = (h.end as usize + CONTEXT_BYTES).min(sentence.range.end as usize);
    let mut after_end = after_end.max(h.end as usize);
    while !text.is_char_boundary(after_end) && after_end > h.end as usize {
        after_end -= 1;
    }
    if claim.skip_quoted && is_quoted(before, text.get(h.end as usize..after_end).unwrap_or("")) {
        return false;
    }
    if claim.skip_names && is_name(before, d.hit_text(h)) {
        return false;
    }
    let in_sentence = |v: &[VocabId]| {
        v.iter()
            .any(|&id| env.hits_in_sentence(id, h.sentence).next().is_some())
    };
    if in_sentence(&claim.exempt_sentence) {
        return false;
    }
    if !claim.exempt_before.is_empty() {
        let words_before = prose::word_count(before);
        let exempt = claim
            .exempt_before
            .iter()
            .flat_map(|&id| env.hits_in_sentence(id, h.sentence))
            .filter(|x| x.end <= h.start)
            .any(|x| {
                let gap = text.get(x.end as usize..h.start as usize).unwrap_or("");
                prose::word_count(gap) < claim.exempt_before_words && words_before > 0
            });
        if exempt {
            return false;
        }
    }
    if (claim.claims.is_empty() && claim.claim_stages.is_empty())
        || (claim.claims_in_answers && d.is_answer())
    {
        return true;
    }
    let stages_claim = reader_rate < claim.stage_claims_below
        && claim
            .claim_stages
            .iter()
            .any(|&st| sentence.stages.contains(st));
    stages_claim || in_sentence(&claim.claims)
}

/// How often a document that is not an answer addresses its reader, per 1,000 words
/// (0 for an answer). Said often, the document teaches rather than answers a question
/// (a tutorial, a book summary, a pattern catalogue).
fn reader_rate(env: &Env, claim: &ClaimContext) -> f64 {
    let d = env.draft;
    if claim.guidance_voice.is_empty() || d.words == 0 || d.is_answer() {
        return 0.0;
    }
    let said: usize = claim
        .guidance_voice
        .iter()
        .map(|&id| d.hits_by_vocab.get(id as usize).map_or(0, Vec::len))
        .sum();
    said as f64 * 1000.0 / d.words as f64
}

/// Whether a block (or the table row it is a cell of) states any quantity.
fn block_has_quantity(env: &Env, block: u32) -> bool {
    let d = env.draft;
    let b = &d.blocks[block as usize];
    let in_block = |b: &Block| {
        d.sentences[b.sentences.start as usize..b.sentences.end as usize]
            .iter()
            .any(|s| s.quantities > 0)
    };
    if b.table_row == 0 {
        // A paragraph is many claims; a list item or a table cell is one.
        return b.list_item > 0 && in_block(b);
    }
    // Cells of one row are neighbouring blocks.
    let row = b.table_row;
    let i = block as usize;
    let lo = d.blocks[..i]
        .iter()
        .rposition(|x| x.table_row != row)
        .map_or(0, |p| p + 1);
    let hi = d.blocks[i..]
        .iter()
        .position(|x| x.table_row != row)
        .map_or(d.blocks.len(), |p| i + p);
    d.blocks[lo..hi].iter().any(in_block)
}

/// How far around a term its sentence is read for quotations, names and conditions.
const CONTEXT_BYTES: usize = 300;

/// Whether the text right before and after a term holds an open quotation around it.
fn is_quoted(before: &str, after: &str) -> bool {
    let opens = before.matches(['"', '“', '”']).count();
    let straight_open = before.matches('"').count() % 2 == 1;
    let curly_open = before.rfind('“') > before.rfind('”');
    let closes = after.contains(['"', '”']);
    opens > 0 && (straight_open || curly_open) && closes
}

/// A capitalised term inside a sentence, after another capitalised word, is part of a
/// name ("Simple Online and Realtime Tracking", "the Fast Fourier Transform").
fn is_name(before: &str, term: &str) -> bool {
    let starts_upper = term.chars().next().is_some_and(char::is_uppercase);
    let mut words = before.split_whitespace().rev();
    let prev = words.next();
    let mid_sentence = before.trim().chars().any(char::is_alphanumeric);
    starts_upper
        && mid_sentence
        && prev.is_some_and(|w| {
            let label = w.ends_with([':', '-', '–', '—', '|', '>']);
            !label
                && (w.chars().next().is_some_and(char::is_uppercase)
                    || matches!(w, "and" | "of" | "for" | "the"))
        })
}
