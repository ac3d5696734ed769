//! `front-matter` at work (its parameters: `rules/check/front_matter.rs`).

use super::{Env, Gap};
use crate::rules::check::front_matter::FrontMatter;

pub(super) fn run(env: &Env, _k: &FrontMatter) -> Vec<Gap> {
    let d = env.draft;
    d.front_matter
        .problems
        .iter()
        .map(|p| Gap::new(p.range.clone()).var("detail", p.detail.clone()))
        .collect()
}
