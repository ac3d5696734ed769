//! `topic-time` at work (its parameters: `rules/check/topic_time.rs`).

use super::{Env, Gap};
use crate::rules::check::topic_time::TopicTime;

pub(super) fn run(env: &Env, k: &TopicTime) -> Vec<Gap> {
    let TopicTime {
        terms,
        max_minutes,
        compare_stage,
    } = k;
    let d = env.draft;
    let sentences = env.sentences_with(terms);
    let words: usize = sentences
        .iter()
        .map(|&i| d.sentences[i as usize].words as usize)
        .sum();
    let minutes = env.minutes(words);
    let compare = compare_stage
        .filter(|s| d.has_stage(*s))
        .map(|s| d.stage_words[s as usize]);
    let too_long = minutes > *max_minutes;
    let beyond_stage = compare.is_some_and(|w| words > w);
    if !(too_long || beyond_stage) || words == 0 {
        return Vec::new();
    }
    vec![Gap::new(env.doc_range())
        .var("minutes", format!("{minutes:.1}"))
        .var("words", words.to_string())
        .var("limit", format!("{max_minutes}"))
        .var("compare_words", compare.unwrap_or(0).to_string())]
}
