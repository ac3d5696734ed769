//! `share`: some stages hold too small a share of the solution's words.

use super::{CheckKind, CompileError, KindInfo, Params};
use crate::pack::StageId;

#[derive(Debug, Clone)]
pub struct Share {
    pub stages: Vec<StageId>,
    pub min: f64,
    pub max: Option<f64>,
}

pub const KIND: KindInfo = KindInfo {
    name: "share",
    params: &["stages", "min", "max"],
    vars: &["share", "min", "max"],
    summary: "Some stages hold too small a share of the solution's words.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    let min = p.fraction("min")?.ok_or_else(|| p.need("min"))?;
    let max = p.fraction("max")?;
    Ok(CheckKind::Share(Share {
        stages: p.stages("stages")?,
        min,
        max,
    }))
}
