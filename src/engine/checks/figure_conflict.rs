//! `figure-conflict` at work (its parameters: `rules/check/figure_conflict.rs`).

use super::{Env, Gap};
use crate::rules::check::figure_conflict::FigureConflict;

pub(super) fn run(env: &Env, k: &FigureConflict) -> Vec<Gap> {
    let FigureConflict { ratio } = k;
    let d = env.draft;
    let Some((a, b)) = crate::engine::figures::conflicting_rates(d, *ratio) else {
        return Vec::new();
    };
    let index = crate::text_index::TextIndex::new(d.text);
    let shown = |r: &std::ops::Range<usize>| {
        d.text.get(r.clone()).unwrap_or("").trim().to_string()
    };
    vec![Gap::new(b.range.clone())
        .var("first", shown(&a.range))
        .var("second", shown(&b.range))
        .var("first_line", (index.line_of(a.range.start) + 1).to_string())
        .var(
            "second_line",
            (index.line_of(b.range.start) + 1).to_string(),
        )]

}
