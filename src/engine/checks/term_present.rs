//! `term-present` at work (its parameters: `rules/check/term_present.rs`).

use super::{Env, Gap};
use crate::rules::check::term_present::TermPresent;

pub(super) fn run(env: &Env, k: &TermPresent) -> Vec<Gap> {
    let TermPresent {
        terms,
        scope,
        unless_after,
    } = k;
    let d = env.draft;
    let after = env.hits(unless_after, None);
    env.hits(terms, *scope)
        .into_iter()
        .filter(|h| !env.is_allowed(h))
        .filter(|h| {
            !after
                .iter()
                .any(|a| (a.block, a.start) > (h.block, h.start))
        })
        .map(|h| Gap::new(d.hit_source(&h)).var("term", d.hit_text(&h)))
        .collect()
}
