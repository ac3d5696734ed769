//! `question-count` at work (its parameters: `rules/check/question_count.rs`).

use super::{Env, Gap};
use crate::rules::check::question_count::QuestionCount;

pub(super) fn run(env: &Env, k: &QuestionCount) -> Vec<Gap> {
    let QuestionCount { scope, min } = k;
    let d = env.draft;
    let scope = Some(*scope);
    if !env.scope_exists(scope) {
        return Vec::new();
    }
    let count = d
        .sentences
        .iter()
        .filter(|s| s.is_question && env.sentence_in(s, scope))
        .count();
    if count >= *min {
        return Vec::new();
    }
    let mut gap = Gap::new(env.stage_range(scope))
        .var("count", count.to_string())
        .var("min", min.to_string())
        .var("stage", env.stage_name(scope));
    gap.scope = scope;
    vec![gap]
}
