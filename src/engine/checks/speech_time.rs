//! `speech-time` at work (its parameters: `rules/check/speech_time.rs`).

use super::{Env, Gap};
use crate::rules::check::speech_time::SpeechTime;

pub(super) fn run(env: &Env, _k: &SpeechTime) -> Vec<Gap> {
    let d = env.draft;
    let minutes = env.minutes(d.words);
    if minutes <= env.ctx.minutes as f64 {
        return Vec::new();
    }
    vec![Gap::new(env.doc_range())
        .var("minutes", format!("{minutes:.0}"))
        .var("limit", env.ctx.minutes.to_string())]
}
