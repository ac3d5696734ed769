//! `term-present`: a term appears (optionally: with nothing from another vocabulary after it).

use super::{CheckKind, CompileError, KindInfo, Params, Scope};
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct TermPresent {
    pub terms: Vec<VocabId>,
    pub scope: Scope,
    pub unless_after: Vec<VocabId>,
}

pub const KIND: KindInfo = KindInfo {
    name: "term-present",
    params: &["terms", "scope", "unless_after"],
    vars: &["term"],
    summary: "A term appears (optionally: with nothing from another vocabulary after it).",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    // The scope resolves first, as the error order of the pack has always been.
    let scope = p.scope()?;
    Ok(CheckKind::TermPresent(TermPresent {
        terms: p.vocabs("terms")?,
        scope,
        unless_after: p.opt_vocabs("unless_after")?,
    }))
}
