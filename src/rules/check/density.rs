//! `density`: too few quantities per N words of prose, or fewer than `min_total` in all.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct Density {
    pub min: f64,
    pub per_words: f64,
    /// However short the draft, it needs this many in all once it has `min_words`.
    pub min_total: u32,
    pub min_words: usize,
}

pub const KIND: KindInfo = KindInfo {
    name: "density",
    params: &["min", "per_words", "min_total", "min_words"],
    vars: &["count", "per", "min", "words", "need"],
    summary: "Too few quantities per N words of prose, or fewer than `min_total` in all.",
    compile,
};

fn compile(p: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::Density(Density {
        min: p.positive("min")?,
        per_words: p.positive("per_words")?,
        min_total: p.get("min_total")?.unwrap_or(0),
        min_words: p.get("min_words")?.unwrap_or(0),
    }))
}
