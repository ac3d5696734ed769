//! `speech-time`: the whole draft takes longer to say than the interview lasts.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct SpeechTime;

pub const KIND: KindInfo = KindInfo {
    name: "speech-time",
    params: &[],
    vars: &["minutes", "limit"],
    summary: "The whole draft takes longer to say than the interview lasts.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::SpeechTime(SpeechTime))
}
