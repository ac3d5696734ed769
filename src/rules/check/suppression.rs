//! `suppression`: a suppression comment names a rule id the pack does not have.
//!
//! Reported by the suppression pass (`engine::suppress`), which knows the comments.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct Suppression;

pub const KIND: KindInfo = KindInfo {
    name: "suppression",
    params: &[],
    vars: &["id"],
    summary: "A suppression comment names a rule id the pack does not have.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::Suppression(Suppression))
}
