//! `stage-time` at work (its parameters: `rules/check/stage_time.rs`).

use super::{Env, Gap};
use crate::rules::check::stage_time::StageTime;

pub(super) fn run(env: &Env, k: &StageTime) -> Vec<Gap> {
    let StageTime { factor } = k;
    let d = env.draft;
    let mut gaps = Vec::new();
    for b in &env.pack.budgets {
        let minutes = env.minutes(env.words_in(b.stages));
        let budget = env.pack.budget_for(b, env.ctx.minutes);
        if minutes <= factor * budget {
            continue;
        }
        let first = b.stages.iter().find(|s| d.has_stage(*s));
        let names: Vec<String> = b
            .stages
            .iter()
            .map(|s| env.pack.stage(s).heading.clone())
            .collect();
        gaps.push(
            Gap::new(env.stage_range(first))
                .var("stage", names.join(" + "))
                .var("minutes", format!("{minutes:.1}"))
                .var("budget", format!("{budget}")),
        );
    }
    gaps
}
