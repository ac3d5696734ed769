//! `question-count`: a stage asks fewer questions than it should.

use super::{shown, At, CheckKind, CompileError, KindInfo, Params};
use crate::pack::StageId;

/// Largest `min` of a `question-count` check.
const MAX_QUESTIONS: f64 = 1000.0;

#[derive(Debug, Clone)]
pub struct QuestionCount {
    pub scope: StageId,
    pub min: usize,
}

pub const KIND: KindInfo = KindInfo {
    name: "question-count",
    params: &["scope", "min"],
    vars: &["count", "min", "stage"],
    summary: "A stage asks fewer questions than it should.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    let scope = p.scope()?.ok_or_else(|| {
        (
            At::Rule,
            "kind `question-count` needs a stage as `scope`".to_string(),
        )
    })?;
    let min = match p.positive("min")? {
        m if m.fract() == 0.0 && m <= MAX_QUESTIONS => m as usize,
        m => {
            return Err(p.invalid(
                "min",
                format!(
                "parameter `min` is a whole number of questions from 1 to {MAX_QUESTIONS}, not {}",
                shown(m)
            ),
            ))
        }
    };
    Ok(CheckKind::QuestionCount(QuestionCount { scope, min }))
}
