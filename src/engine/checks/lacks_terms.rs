//! `lacks-terms` at work (its parameters: `rules/check/lacks_terms.rs`).

use super::{Env, Gap};
use crate::rules::check::lacks_terms::LacksTerms;

pub(super) fn run(env: &Env, k: &LacksTerms) -> Vec<Gap> {
    let LacksTerms {
        groups,
        scope,
        questions_only,
        unless_anywhere,
    } = k;
    if !env.scope_exists(*scope) || env.any_hit(unless_anywhere, None, false) {
        return Vec::new();
    }
    if groups
        .iter()
        .all(|g| env.any_hit(g, *scope, *questions_only))
    {
        return Vec::new();
    }
    let mut gap = Gap::new(env.stage_range(*scope)).var("stage", env.stage_name(*scope));
    gap.scope = *scope;
    vec![gap]
}
