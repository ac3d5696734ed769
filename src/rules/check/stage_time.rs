//! `stage-time`: a stage takes much longer to say than its time budget.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct StageTime {
    /// `stage_factor`: how many times its budget a stage may take.
    pub factor: f64,
}

pub const KIND: KindInfo = KindInfo {
    name: "stage-time",
    params: &["stage_factor"],
    vars: &["stage", "minutes", "budget"],
    summary: "A stage takes much longer to say than its time budget.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::StageTime(StageTime {
        factor: p.positive("stage_factor")?,
    }))
}
