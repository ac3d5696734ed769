//! `term-order`: the first term of one vocabulary comes before any term of another.

use super::{CheckKind, CompileError, KindInfo, Params, Scope};
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct TermOrder {
    pub first: Vec<VocabId>,
    pub before: Vec<VocabId>,
    pub scope: Scope,
}

pub const KIND: KindInfo = KindInfo {
    name: "term-order",
    params: &["first", "before", "scope"],
    vars: &["term"],
    summary: "The first term of one vocabulary comes before any term of another.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    // The scope resolves first, as the error order of the pack has always been.
    let scope = p.scope()?;
    Ok(CheckKind::TermOrder(TermOrder {
        first: p.vocabs("first")?,
        before: p.vocabs("before")?,
        scope,
    }))
}
