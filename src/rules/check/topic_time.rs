//! `topic-time`: sentences on one topic take too long, or longer than a stage.

use super::{CheckKind, CompileError, KindInfo, Params};
use crate::pack::StageId;
use crate::text::terms::VocabId;

#[derive(Debug, Clone)]
pub struct TopicTime {
    pub terms: Vec<VocabId>,
    pub max_minutes: f64,
    pub compare_stage: Option<StageId>,
}

pub const KIND: KindInfo = KindInfo {
    name: "topic-time",
    params: &["terms", "max_minutes", "compare_stage"],
    vars: &["minutes", "words", "limit", "compare_words"],
    summary: "Sentences on one topic take too long, or longer than a stage.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::TopicTime(TopicTime {
        terms: p.vocabs("terms")?,
        max_minutes: p.positive("max_minutes")?,
        compare_stage: p.opt_stage("compare_stage")?,
    }))
}
