//! `monologue`: too many words pass without a check-in with the interviewer.

use super::{CheckKind, CompileError, KindInfo, Params};
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct Monologue {
    /// `terms`: the words of a check-in.
    pub check_ins: Vec<VocabId>,
    pub max_minutes: f64,
}

pub const KIND: KindInfo = KindInfo {
    name: "monologue",
    params: &["terms", "max_minutes"],
    vars: &["words", "minutes"],
    summary: "Too many words pass without a check-in with the interviewer.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::Monologue(Monologue {
        check_ins: p.opt_vocabs("terms")?,
        max_minutes: p.positive("max_minutes")?,
    }))
}
