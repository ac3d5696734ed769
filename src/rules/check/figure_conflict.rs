//! `figure-conflict`: two figures of the draft contradict each other by at least `min` times.

use super::{shown, CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct FigureConflict {
    /// `min`: how many times apart two values must be.
    pub ratio: f64,
    /// `compare`: which figures are set against each other.
    pub compare: FigureCompare,
}

/// What a `figure-conflict` check compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureCompare {
    /// The same request rate stated twice.
    Restated,
    /// Per-stage latencies summed against the end-to-end budget.
    StageSum,
    /// A stated request rate against the one daily users × a per-user habit imply.
    DerivedRate,
}

pub const KIND: KindInfo = KindInfo {
    name: "figure-conflict",
    params: &["min", "compare"],
    vars: &["first", "second", "first_line", "second_line", "derived"],
    summary: "Two figures of the draft contradict each other by at least `min` times (a rate restated, stages over the budget, a rate against its inputs).",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    let compare = match p.get::<String>("compare")?.as_deref() {
        None | Some("restated") => FigureCompare::Restated,
        Some("stage-sum") => FigureCompare::StageSum,
        Some("derived-rate") => FigureCompare::DerivedRate,
        Some(other) => {
            return Err(p.invalid(
                "compare",
                format!("parameter `compare` of `figure-conflict` is `restated`, `stage-sum` or `derived-rate`, not `{other}`"),
            ))
        }
    };
    let ratio = match p.positive("min")? {
        r if r > 1.0 => r,
        r => {
            return Err(p.invalid(
                "min",
                format!(
                    "parameter `min` of `figure-conflict` is a ratio above 1, not {}",
                    shown(r)
                ),
            ))
        }
    };
    Ok(CheckKind::FigureConflict(FigureConflict { ratio, compare }))
}
