//! `empty-section` at work (its parameters: `rules/check/empty_section.rs`).

use super::{first_line, Env, Gap};
use crate::pack::StageId;
use crate::rules::check::empty_section::EmptySection;

pub(super) fn run(env: &Env, _k: &EmptySection) -> Vec<Gap> {
    let d = env.draft;
    (0..env.pack.stages.len() as StageId)
        .filter(|&st| d.stage_first[st as usize].is_some() && !d.covers_stage(st, env.pack))
        .filter_map(|st| {
            let h = d.stage_first[st as usize]?;
            let heading = &d.headings[h as usize];
            let mut gap = Gap::new(first_line(d.text, heading.range.clone()))
                .var("stage", env.pack.stage(st).heading.clone());
            gap.scope = Some(st);
            Some(gap)
        })
        .collect()
}
