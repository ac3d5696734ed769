//! `density` at work (its parameters: `rules/check/density.rs`).

use super::{Env, Gap};
use crate::rules::check::density::Density;

pub(super) fn run(env: &Env, k: &Density) -> Vec<Gap> {
    let Density {
        min,
        per_words,
        min_total,
        min_words,
    } = k;
    let d = env.draft;
    if d.words == 0 || d.words < *min_words {
        return Vec::new();
    }
    let count: u32 = d.sentences.iter().map(|s| s.quantities).sum();
    let by_length = (min * d.words as f64 / per_words).floor() as u32;
    let need = by_length.max(*min_total);
    if count >= need {
        return Vec::new();
    }
    vec![Gap::new(env.doc_range())
        .var("need", need.to_string())
        .var("count", count.to_string())
        .var("per", format!("{per_words}"))
        .var("min", format!("{min}"))
        .var("words", d.words.to_string())]
}
