//! `no-diagram`: the draft has no diagram.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct NoDiagram;

pub const KIND: KindInfo = KindInfo {
    name: "no-diagram",
    params: &[],
    vars: &[],
    summary: "The draft has no diagram.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::NoDiagram(NoDiagram))
}
