//! The answer profile: the figures a coach glances at — stages covered, the data share,
//! numbers per 500 words, speaking minutes per stage against the budgets, and how much of
//! the rubric (the applicable rules) the draft already passes.

use super::checks::effective_severity;
use super::draft::Draft;
use super::{Context, Finding, Settings};
use crate::pack::{StageId, StageSet};
use crate::rules::check::CheckKind;
use crate::rules::Pack;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageProfile {
    pub id: String,
    pub heading: String,
    pub present: bool,
    pub words: usize,
    pub numbers: usize,
    /// Estimated speaking minutes for the stage's sections.
    pub minutes: f64,
    /// Minutes budgeted for the stage's budget group (shared with `budget_shared_with`).
    pub budget_minutes: Option<f64>,
    pub budget_shared_with: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rubric {
    /// Rules that apply at this level and problem type (and are not switched off).
    pub applicable: usize,
    /// Of those, the rules with no finding.
    pub passing: usize,
    pub coverage: f64,
}

/// A figure the draft implies from figures it states (DAU × visits a day → QPS; per day →
/// per second; items × size → storage), with its inputs and assumptions in `label`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DerivedFigure {
    pub kind: super::figures::DerivedKind,
    /// 1-based line of the last input.
    pub line: usize,
    pub label: String,
    /// Per second for rates, bytes for storage.
    pub value: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Profile {
    pub level: String,
    pub problem_type: String,
    pub problem_type_declared: bool,
    pub company: Option<String>,
    pub words: usize,
    /// Estimated speaking minutes for the whole draft.
    pub minutes: f64,
    pub interview_minutes: u32,
    pub words_per_minute: f64,
    pub stages_covered: usize,
    pub stages_total: usize,
    pub missing_stages: Vec<String>,
    /// Share of the solution's words in the stages the pack's `share` check measures
    /// (data and features); `None` when the draft has no solution words yet.
    pub data_share: Option<f64>,
    pub data_share_aim: Option<(f64, f64)>,
    pub numbers: usize,
    pub numbers_per_500_words: f64,
    pub stages: Vec<StageProfile>,
    pub rubric: Rubric,
    /// Figures the draft's own figures imply (empty when it states no inputs).
    pub derived: Vec<DerivedFigure>,
}

/// Words and numbers of a heading's section, its sub-sections included.
pub fn section_stats(draft: &Draft, heading: usize) -> (usize, usize) {
    let Some(h) = draft.headings.get(heading) else {
        return (0, 0);
    };
    let end = draft.headings[heading + 1..]
        .iter()
        .position(|x| x.level <= h.level)
        .map_or(draft.headings.len(), |i| heading + 1 + i);
    let mut words = 0;
    let mut numbers = 0;
    for b in &draft.blocks {
        if b.section
            .is_some_and(|s| (s as usize) >= heading && (s as usize) < end)
        {
            words += b.words as usize;
            numbers += draft.sentences[b.sentences.start as usize..b.sentences.end as usize]
                .iter()
                .map(|s| s.quantities as usize)
                .sum::<usize>();
        }
    }
    (words, numbers)
}

/// Stages, words and numbers of each block, gathered once: the per-stage sums below then
/// touch each block, not each sentence, once per stage.
fn block_tallies(draft: &Draft) -> Vec<(StageSet, usize, usize)> {
    draft
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let numbers = draft.sentences[b.sentences.start as usize..b.sentences.end as usize]
                .iter()
                .map(|s| s.quantities as usize)
                .sum::<usize>();
            (draft.stages_of_block(i as u32), b.words as usize, numbers)
        })
        .collect()
}

fn words_and_numbers_in(tallies: &[(StageSet, usize, usize)], stages: StageSet) -> (usize, usize) {
    tallies
        .iter()
        .filter(|(set, _, _)| set.intersects(stages))
        .fold((0, 0), |(w, n), (_, bw, bn)| (w + bw, n + bn))
}

impl Profile {
    /// The data share as one percentage ("18%"), rounded the same way everywhere it is shown
    /// (the CLI's profile, the editor's lens and hover).
    pub fn data_share_text(&self) -> Option<String> {
        self.data_share.map(percent)
    }

    /// The share strong answers give data ("aim 30–40%", or "aim 35%" for one figure).
    pub fn data_share_aim_text(&self) -> Option<String> {
        self.data_share_aim.map(|(lo, hi)| {
            let (lo, hi) = (percent(lo), percent(hi));
            if lo == hi {
                format!("aim {lo}")
            } else {
                format!("aim {}–{hi}", lo.trim_end_matches('%'))
            }
        })
    }
}

/// A share as a whole percentage, halves rounded away from zero.
fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round())
}

pub fn profile(
    draft: &Draft,
    pack: &Pack,
    settings: &Settings,
    ctx: &Context,
    findings: &[Finding],
) -> Profile {
    let wpm = ctx.words_per_minute.max(1.0);
    let tallies = block_tallies(draft);
    let mut stages = Vec::new();
    for (i, s) in pack.stages.iter().enumerate() {
        let id = i as StageId;
        let (words, numbers) = words_and_numbers_in(&tallies, StageSet::single(id));
        let budget = pack.budgets.iter().find(|b| b.stages.contains(id));
        stages.push(StageProfile {
            id: s.id.clone(),
            heading: s.heading.clone(),
            present: draft.has_stage(id),
            words,
            numbers,
            minutes: round1(words as f64 / wpm),
            budget_minutes: budget.map(|b| pack.budget_for(b, ctx.minutes)),
            budget_shared_with: budget
                .map(|b| {
                    b.stages
                        .iter()
                        .filter(|x| *x != id)
                        .map(|x| pack.stage(x).id.clone())
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let missing_stages: Vec<String> = stages
        .iter()
        .filter(|s| !s.present)
        .map(|s| s.id.clone())
        .collect();

    // The data share, as the pack's first `share` check measures it.
    let share_check = pack
        .rules
        .iter()
        .flat_map(|r| &r.checks)
        .find_map(|c| match &c.kind {
            CheckKind::Share(s) => Some((s.stages.clone(), s.min, s.max)),
            _ => None,
        });
    let (data_share, data_share_aim) = match share_check {
        Some((group, min, max)) => {
            let mut set = StageSet::default();
            group.iter().for_each(|s| set.insert(*s));
            let (solution, _) = words_and_numbers_in(&tallies, pack.solution_stages());
            let (part, _) = words_and_numbers_in(&tallies, set);
            let share = (solution > 0).then(|| round2(part as f64 / solution as f64));
            (share, Some((min, max.unwrap_or(min))))
        }
        None => (None, None),
    };

    let numbers: usize = draft.sentences.iter().map(|s| s.quantities as usize).sum();
    let applicable: Vec<&str> = pack
        .rules
        .iter()
        .filter(|r| effective_severity(r, settings, ctx).is_some())
        .map(|r| r.id.as_str())
        .collect();
    let passing = applicable
        .iter()
        .filter(|id| !findings.iter().any(|f| f.rule == **id))
        .count();
    let derived = derived_figures(draft, pack);
    Profile {
        derived,
        level: ctx.level.to_string(),
        problem_type: ctx.problem_type.clone(),
        problem_type_declared: ctx.problem_type_declared,
        company: ctx.company.map(|i| pack.companies[i].name.clone()),
        words: draft.words,
        minutes: round1(draft.words as f64 / wpm),
        interview_minutes: ctx.minutes,
        words_per_minute: ctx.words_per_minute,
        stages_covered: pack.stages.len() - missing_stages.len(),
        stages_total: pack.stages.len(),
        missing_stages,
        data_share,
        data_share_aim,
        numbers,
        numbers_per_500_words: if draft.words == 0 {
            0.0
        } else {
            round1(numbers as f64 * 500.0 / draft.words as f64)
        },
        stages,
        rubric: Rubric {
            applicable: applicable.len(),
            passing,
            coverage: if applicable.is_empty() {
                1.0
            } else {
                round2(passing as f64 / applicable.len() as f64)
            },
        },
    }
}

fn derived_figures(draft: &Draft, pack: &Pack) -> Vec<DerivedFigure> {
    let derived = super::figures::derived(draft, &pack.numbers);
    if derived.is_empty() {
        return Vec::new();
    }
    let index = draft.lines();
    derived
        .into_iter()
        .map(|d| DerivedFigure {
            kind: d.kind,
            line: index.line_of(d.at.saturating_sub(1)) + 1,
            label: d.label,
            value: round2(d.value),
        })
        .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One rounding for every place a share is shown: halves go up (the CLI once printed
    /// 0.125 as "12%" while the editor showed "13%").
    #[test]
    fn shares_round_one_way_and_a_single_aim_is_one_figure() {
        assert_eq!(percent(0.125), "13%");
        assert_eq!(percent(0.3449), "34%");
        let mut p = Profile {
            data_share: Some(0.185),
            data_share_aim: Some((0.3, 0.4)),
            ..crate::engine::lint(
                "# T\n",
                &crate::rules::Pack::builtin().unwrap(),
                &Default::default(),
            )
            .profile
        };
        assert_eq!(p.data_share_text().as_deref(), Some("19%"));
        assert_eq!(p.data_share_aim_text().as_deref(), Some("aim 30–40%"));
        p.data_share_aim = Some((0.35, 0.35));
        assert_eq!(p.data_share_aim_text().as_deref(), Some("aim 35%"));
    }
}
