//! `missing-stage`: the draft has no section for a stage.

use super::{CheckKind, CompileError, KindInfo, Params};
use crate::pack::StageId;

#[derive(Debug, Clone)]
pub struct MissingStage {
    pub stage: StageId,
    /// The message when the stage's heading is there with nothing under it.
    pub empty_message: Option<String>,
}

pub const KIND: KindInfo = KindInfo {
    name: "missing-stage",
    params: &["stage", "empty_message"],
    vars: &["stage"],
    summary: "The draft has no section for a stage.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::MissingStage(MissingStage {
        stage: p.stage("stage")?,
        empty_message: p.template("empty_message")?,
    }))
}
