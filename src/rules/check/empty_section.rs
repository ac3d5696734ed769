//! `empty-section`: a stage's heading stands with nothing under it, and nothing else covers the stage.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct EmptySection;

pub const KIND: KindInfo = KindInfo {
    name: "empty-section",
    params: &[],
    vars: &["stage"],
    summary: "A stage's heading stands with nothing under it, and nothing else covers the stage.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::EmptySection(EmptySection))
}
