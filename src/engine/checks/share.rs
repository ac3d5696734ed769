//! `share` at work (its parameters: `rules/check/share.rs`).

use super::{Env, Gap};
use crate::pack::StageSet;
use crate::rules::check::share::Share;

pub(super) fn run(env: &Env, k: &Share) -> Vec<Gap> {
    let Share { stages, min, max } = k;
    let solution = env.words_in(env.pack.solution_stages());
    if solution == 0 {
        return Vec::new();
    }
    let mut group = StageSet::default();
    stages.iter().for_each(|s| group.insert(*s));
    let share = env.words_in(group) as f64 / solution as f64;
    if share >= *min {
        return Vec::new();
    }
    vec![Gap::new(env.doc_range())
        .var("share", format!("{:.0}%", share * 100.0))
        .var("min", format!("{:.0}%", min * 100.0))
        .var("max", format!("{:.0}%", max.unwrap_or(*min) * 100.0))]
}
