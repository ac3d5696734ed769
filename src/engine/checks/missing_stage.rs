//! `missing-stage` at work (its parameters: `rules/check/missing_stage.rs`).

use super::{first_line, Env, Gap};
use crate::rules::check::missing_stage::MissingStage;

pub(super) fn run(env: &Env, k: &MissingStage) -> Vec<Gap> {
    let MissingStage {
        stage,
        empty_message,
    } = k;
    let d = env.draft;
    if d.covers_stage(*stage, env.pack) {
        return Vec::new();
    }
    // A heading with nothing under it: the words are missing, not the heading
    // (`empty-section` says so, or this check's `empty_message`).
    if let Some(h) = d.stage_first[*stage as usize] {
        let Some(message) = empty_message else {
            return Vec::new();
        };
        let heading = &d.headings[h as usize];
        let mut gap = Gap::new(first_line(d.text, heading.range.clone()))
            .var("stage", env.pack.stage(*stage).heading.clone());
        gap.message = Some(message.clone());
        gap.fixable = false;
        return vec![gap];
    }
    vec![Gap::new(env.doc_range()).var("stage", env.pack.stage(*stage).heading.clone())]
}
