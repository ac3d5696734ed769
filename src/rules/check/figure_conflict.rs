//! `figure-conflict`: the same quantity is stated twice with values at least `min` times apart.

use super::{shown, CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct FigureConflict {
    /// `min`: how many times apart two values must be.
    pub ratio: f64,
}

pub const KIND: KindInfo = KindInfo {
    name: "figure-conflict",
    params: &["min"],
    vars: &["first", "second", "first_line", "second_line"],
    summary: "The same quantity is stated twice with values at least `min` times apart.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    let ratio = match p.positive("min")? {
        r if r > 1.0 => r,
        r => {
            return Err(p.invalid(
                "min",
                format!("parameter `min` of `figure-conflict` is a ratio above 1, not {}", shown(r)),
            ))
        }
    };
    Ok(CheckKind::FigureConflict(FigureConflict { ratio }))
}
