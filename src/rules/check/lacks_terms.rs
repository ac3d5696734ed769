//! `lacks-terms`: a scope (document or stage) holds none of some vocabularies.

use super::{CheckKind, CompileError, KindInfo, Params, Scope};
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct LacksTerms {
    /// Every group must be matched; a group is matched by any of its vocabularies.
    pub groups: Vec<Vec<VocabId>>,
    pub scope: Scope,
    pub questions_only: bool,
    /// The check passes when any of these appears anywhere in the draft.
    pub unless_anywhere: Vec<VocabId>,
}

pub const KIND: KindInfo = KindInfo {
    name: "lacks-terms",
    params: &[
        "terms",
        "all_of",
        "scope",
        "questions_only",
        "unless_anywhere",
    ],
    vars: &["stage"],
    summary: "A scope (document or stage) holds none of some vocabularies.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    // The scope resolves first, as the error order of the pack has always been.
    let scope = p.scope()?;
    let mut groups = Vec::new();
    if p.get::<toml::Value>("terms")?.is_some() {
        groups.push(p.vocabs("terms")?);
    }
    let all_of: Vec<Vec<String>> = p.get("all_of")?.unwrap_or_default();
    for g in &all_of {
        groups.push(p.vocab_list(g, || {
            "an `all_of` group must name at least one vocabulary".into()
        })?);
    }
    if groups.is_empty() {
        return Err(p.need("terms` or `all_of"));
    }
    Ok(CheckKind::LacksTerms(LacksTerms {
        groups,
        scope,
        questions_only: p.flag("questions_only")?,
        unless_anywhere: p.opt_vocabs("unless_anywhere")?,
    }))
}
