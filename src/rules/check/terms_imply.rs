//! `terms-imply`: one vocabulary appears but another, which it calls for, does not.

use super::{CheckKind, CompileError, KindInfo, Params, Scope};
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct TermsImply {
    pub when: Vec<VocabId>,
    pub require: Vec<VocabId>,
    pub scope: Scope,
}

pub const KIND: KindInfo = KindInfo {
    name: "terms-imply",
    params: &["when", "require", "scope"],
    vars: &["term"],
    summary: "One vocabulary appears but another, which it calls for, does not.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    // The scope resolves first, as the error order of the pack has always been.
    let scope = p.scope()?;
    Ok(CheckKind::TermsImply(TermsImply {
        when: p.vocabs("when")?,
        require: p.vocabs("require")?,
        scope,
    }))
}
