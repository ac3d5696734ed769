//! `stage-order` at work (its parameters: `rules/check/stage_order.rs`).

use super::{first_line, Env, Gap};
use crate::rules::check::stage_order::StageOrder;

pub(super) fn run(env: &Env, k: &StageOrder) -> Vec<Gap> {
    let StageOrder {
        stage,
        after_any_of,
    } = k;
    let d = env.draft;
    let Some(first) = d.stage_first[*stage as usize] else {
        return Vec::new();
    };
    let preceded = after_any_of
        .iter()
        .any(|s| d.stage_first[*s as usize].is_some_and(|h| h < first));
    if preceded {
        return Vec::new();
    }
    let h = &d.headings[first as usize];
    vec![Gap::new(first_line(d.text, h.range.clone())).var("stage", h.text.clone())]
}
