//! `term-order` at work (its parameters: `rules/check/term_order.rs`).

use super::{Env, Gap};
use crate::rules::check::term_order::TermOrder;

pub(super) fn run(env: &Env, k: &TermOrder) -> Vec<Gap> {
    let TermOrder {
        first,
        before,
        scope,
    } = k;
    let d = env.draft;
    if !env.scope_exists(*scope) {
        return Vec::new();
    }
    let Some(f) = env.hits(first, *scope).into_iter().next() else {
        return Vec::new();
    };
    let b = env.hits(before, *scope).into_iter().next();
    if b.is_some_and(|b| (b.block, b.start) <= (f.block, f.start)) {
        return Vec::new();
    }
    vec![Gap::new(d.hit_source(&f)).var("term", d.hit_text(&f))]
}
