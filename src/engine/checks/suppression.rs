//! `suppression` at work (its parameters: `rules/check/suppression.rs`).

use super::{Env, Gap};
use crate::rules::check::suppression::Suppression;

pub(super) fn run(_env: &Env, _k: &Suppression) -> Vec<Gap> {
    // Reported by the suppression pass, which knows the comments.
    Vec::new()
}
