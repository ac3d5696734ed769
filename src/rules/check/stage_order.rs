//! `stage-order`: a stage's first section comes before every section of some other stages.

use super::{CheckKind, CompileError, KindInfo, Params};
use crate::pack::StageId;

#[derive(Debug, Clone)]
pub struct StageOrder {
    pub stage: StageId,
    pub after_any_of: Vec<StageId>,
}

pub const KIND: KindInfo = KindInfo {
    name: "stage-order",
    params: &["stage", "after_any_of"],
    vars: &["stage"],
    summary: "A stage's first section comes before every section of some other stages.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::StageOrder(StageOrder {
        stage: p.stage("stage")?,
        after_any_of: p.stages("after_any_of")?,
    }))
}
