//! `monologue` at work (its parameters: `rules/check/monologue.rs`).

use super::{Env, Gap};
use crate::rules::check::monologue::Monologue;

pub(super) fn run(env: &Env, k: &Monologue) -> Vec<Gap> {
    let Monologue {
        check_ins,
        max_minutes,
    } = k;
    let d = env.draft;
    let limit = (max_minutes * env.ctx.words_per_minute).max(1.0) as u32;
    let marked = env.sentences_with(check_ins);
    let mut since = 0u32;
    let mut gaps = Vec::new();
    for (i, s) in d.sentences.iter().enumerate() {
        if s.is_question || marked.binary_search(&(i as u32)).is_ok() {
            since = 0;
            continue;
        }
        since += s.words;
        if since > limit {
            gaps.push(
                Gap::new(d.sentence_source(s))
                    .var("words", since.to_string())
                    .var("minutes", format!("{:.0}", env.minutes(since as usize))),
            );
            since = 0;
        }
    }
    gaps
}
