//! `terms-imply` at work (its parameters: `rules/check/terms_imply.rs`).

use super::{Env, Gap};
use crate::rules::check::terms_imply::TermsImply;

pub(super) fn run(env: &Env, k: &TermsImply) -> Vec<Gap> {
    let TermsImply {
        when,
        require,
        scope,
    } = k;
    let d = env.draft;
    let Some(first) = env.hits(when, *scope).into_iter().next() else {
        return Vec::new();
    };
    if env.any_hit(require, *scope, false) {
        return Vec::new();
    }
    let mut gap = Gap::new(d.hit_source(&first)).var("term", d.hit_text(&first));
    gap.scope = d.sentences[first.sentence as usize].stages.iter().next();
    vec![gap]
}
