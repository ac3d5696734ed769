//! `figure-conflict` at work (its parameters: `rules/check/figure_conflict.rs`): two
//! figures that cannot both hold, one finding on each line (the message names both). The
//! comparisons themselves live in `engine::figures`.

use super::{Env, Gap};
use crate::engine::figures as fig;
use crate::rules::check::figure_conflict::{FigureCompare, FigureConflict};
use crate::text::number::short;
use std::ops::Range;

pub(super) fn run(env: &Env, k: &FigureConflict) -> Vec<Gap> {
    let d = env.draft;
    let numbers = &env.pack.numbers;
    let all = fig::stated_once(d, numbers);
    if all.len() < 2 {
        return Vec::new();
    }
    // Lines are only needed for a conflict, which most drafts do not have.
    let line = |r: &Range<usize>| (d.lines().line_of(r.start) + 1).to_string();
    let found = match k.compare {
        FigureCompare::Restated => {
            fig::restated_rates(all, numbers, k.ratio).map(|(a, b)| Conflict {
                first: a.source.clone(),
                second: b.source.clone(),
                first_text: a.shown(d).to_string(),
                second_text: b.shown(d).to_string(),
                derived: String::new(),
            })
        }
        FigureCompare::StageSum => fig::stages_over_budget(all, numbers)
            .filter(|(_, budget, sum)| *sum >= budget.figure.hi * k.ratio)
            .and_then(|(stages, budget, sum)| {
                let last = stages.last()?;
                let shown: Vec<String> = stages
                    .iter()
                    .map(|s| format!("{} (line {})", s.shown(d), line(&s.source)))
                    .collect();
                Some(Conflict {
                    first: last.source.clone(),
                    second: budget.source.clone(),
                    first_text: shown.join(" + "),
                    second_text: budget.shown(d).to_string(),
                    derived: format!("{} ms", short(sum)),
                })
            }),
        FigureCompare::DerivedRate => {
            fig::rate_against_inputs(d, all, numbers, k.ratio).map(|(input, stated, derived)| {
                // "100M DAU × 20 times a day", the users' line named when it is another.
                let users = derived
                    .inputs
                    .iter()
                    .find(|r| **r != input.source)
                    .map(|r| {
                        let text = d.text.get(r.clone()).unwrap_or("").trim();
                        if line(r) == line(&input.source) {
                            format!("{text} × ")
                        } else {
                            format!("{text} (line {}) × ", line(r))
                        }
                    })
                    .unwrap_or_default();
                Conflict {
                    first: input.source.clone(),
                    second: stated.source.clone(),
                    first_text: format!("{users}{}", input.shown(d)),
                    second_text: stated.shown(d).to_string(),
                    derived: short(derived.value),
                }
            })
        }
    };
    let Some(c) = found else {
        return Vec::new();
    };
    let gap = |r: &Range<usize>| {
        Gap::new(r.clone())
            .var("first", c.first_text.clone())
            .var("second", c.second_text.clone())
            .var("first_line", line(&c.first))
            .var("second_line", line(&c.second))
            .var("derived", c.derived.clone())
    };
    let mut gaps = vec![gap(&c.first)];
    if line(&c.first) != line(&c.second) {
        gaps.push(gap(&c.second));
    }
    gaps
}

/// Two figures in conflict: where each stands and how the message shows it.
struct Conflict {
    first: Range<usize>,
    second: Range<usize>,
    first_text: String,
    second_text: String,
    derived: String,
}
