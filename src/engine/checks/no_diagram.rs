//! `no-diagram` at work (its parameters: `rules/check/no_diagram.rs`).

use super::{Env, Gap};
use crate::rules::check::no_diagram::NoDiagram;

pub(super) fn run(env: &Env, _k: &NoDiagram) -> Vec<Gap> {
    let d = env.draft;
    if !d.diagrams.is_empty() || d.words == 0 {
        return Vec::new();
    }
    vec![Gap::new(env.doc_range())]
}
