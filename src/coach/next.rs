//! What to practise next: a bank question chosen from the history and the date.
//!
//! - Questions already answered come back on a spaced schedule: the next review is
//!   [`INTERVALS`] days after an attempt; a good-or-better attempt moves the question to
//!   the next interval, a weak (or missing) one resets it to the first.
//! - Among the questions due for review and the never-seen ones, those whose problem type
//!   exercises the current weakest dimension come first: the types the pack's
//!   type-specific rules of that dimension name, else (when it has none) the type on which
//!   the history scores that dimension lowest (of two or more types). Then reviews before new questions, the most
//!   overdue first; new questions of the least practised problem type first; then bank
//!   order. Nothing random: the same history and date give the same pick.

use super::history::{bank_id, Attempt};
use crate::rules::{Pack, Question};
use std::collections::HashMap;

/// Days until the next review, by step.
pub const INTERVALS: [i64; 5] = [1, 3, 7, 14, 30];

/// A question's place on the schedule after its attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Index into [`INTERVALS`].
    pub step: usize,
    /// Day number of the last attempt.
    pub last_day: i64,
    /// Day number the review is due.
    pub due: i64,
}

/// The schedule after attempts (day number, good-or-better), oldest first.
pub fn schedule(attempts: impl IntoIterator<Item = (i64, bool)>) -> Option<Schedule> {
    let mut s: Option<Schedule> = None;
    for (day, good) in attempts {
        let step = match (s, good) {
            (Some(prev), true) => (prev.step + 1).min(INTERVALS.len() - 1),
            _ => 0,
        };
        s = Some(Schedule {
            step,
            last_day: day,
            due: day + INTERVALS[step],
        });
    }
    s
}

/// Why a question was picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// No history: the first question.
    FirstQuestion,
    /// Due for review (days overdue, the interval it was on).
    Review { overdue: i64, interval: i64 },
    /// Never answered.
    New,
    /// Nothing due and nothing new: the review coming up soonest (in days).
    Soonest { in_days: i64 },
}

/// How a problem type exercises the weakest dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fit {
    /// This many of the dimension's rules apply to this type only.
    Rules(usize),
    /// The history's lowest mean score in the dimension is on this type.
    Lowest(f64),
}

/// The pick.
#[derive(Debug, Clone)]
pub struct Pick<'p> {
    pub question: &'p Question,
    pub id: String,
    pub reason: Reason,
    /// The weakest dimension (id, name) when the pick exercises it, and how.
    pub exercises: Option<(String, String, Fit)>,
    /// The weakest dimension (id, name), whatever the pick.
    pub weakest: Option<(String, String)>,
    /// The last attempt's overall score on this question, when there is one.
    pub last_score: Option<u32>,
}

/// How many of a dimension's rules are specific to problem type `ty`.
fn type_weight(pack: &Pack, dimension: &str, ty: &str) -> usize {
    pack.scorecard
        .dimensions
        .iter()
        .filter(|d| &*d.id == dimension)
        .flat_map(|d| d.rules.iter())
        .filter_map(|r| pack.rules.get(r.index))
        .filter(|r| r.problem_types.iter().any(|t| t == ty))
        .count()
}

/// Picks the next question for `today` (a day number, see
/// [`super::history::parse_date`]). `weakest` is the dimension to work on (id), if known.
/// `None` only when the bank is empty.
pub fn pick<'p>(
    pack: &'p Pack,
    attempts: &[Attempt],
    weakest: Option<&str>,
    today: i64,
) -> Option<Pick<'p>> {
    let weakest_named = weakest.map(|id| {
        let name = pack
            .scorecard
            .dimensions
            .iter()
            .find(|d| &*d.id == id)
            .map_or(id.to_string(), |d| d.name.to_string());
        (id.to_string(), name)
    });
    // Attempts per bank question, oldest first.
    let mut sorted: Vec<&Attempt> = attempts.iter().filter(|a| a.bank.is_some()).collect();
    sorted.sort_by_cached_key(|a| a.unix().unwrap_or(i64::MIN));
    let mut per_q: HashMap<&str, Vec<(i64, bool, u32)>> = HashMap::new();
    for a in &sorted {
        if let (Some(b), Some(t)) = (a.bank.as_deref(), a.unix()) {
            per_q
                .entry(b)
                .or_default()
                .push((t.div_euclid(86_400), a.good(), a.overall));
        }
    }
    // Attempts per problem type (every attempt counts, bank or not).
    let mut per_type: HashMap<&str, usize> = HashMap::new();
    for a in attempts {
        *per_type.entry(a.problem_type.as_str()).or_default() += 1;
    }
    // How each type exercises the weakest dimension: the pack's rules, else the history.
    let pack_fits = weakest.is_some_and(|w| {
        pack.questions
            .iter()
            .any(|q| type_weight(pack, w, q.problem_type.as_deref().unwrap_or("other")) > 0)
    });
    let lowest: Option<(String, f64)> = match weakest {
        Some(w) if !pack_fits => {
            let mut sums: Vec<(&str, u64, u64)> = Vec::new();
            for a in attempts {
                if let Some(s) = a.dimension(w) {
                    match sums.iter_mut().find(|x| x.0 == a.problem_type) {
                        Some(x) => {
                            x.1 += u64::from(s);
                            x.2 += 1;
                        }
                        None => sums.push((a.problem_type.as_str(), u64::from(s), 1)),
                    }
                }
            }
            sums.sort_by_key(|x| x.0);
            // "Lowest" needs two types to compare.
            if sums.len() < 2 {
                sums.clear();
            }
            sums.iter()
                .map(|&(t, sum, n)| (t.to_string(), sum as f64 / n as f64))
                .min_by(|a, b| a.1.total_cmp(&b.1))
        }
        _ => None,
    };
    let fit_of = |ty: &str| -> Option<Fit> {
        let w = weakest?;
        if pack_fits {
            let n = type_weight(pack, w, ty);
            return (n > 0).then_some(Fit::Rules(n));
        }
        match &lowest {
            Some((t, mean)) if t == ty => Some(Fit::Lowest((mean * 10.0).round() / 10.0)),
            _ => None,
        }
    };

    struct Cand<'p> {
        q: &'p Question,
        id: String,
        pos: usize,
        fit: Option<Fit>,
        reason: Reason,
        last_score: Option<u32>,
    }
    let mut cands: Vec<Cand> = Vec::new();
    for (pos, q) in pack.questions.iter().enumerate() {
        let id = bank_id(&q.title);
        let ty = q.problem_type.as_deref().unwrap_or("other");
        let fit = fit_of(ty);
        let reason = match per_q.get(id.as_str()) {
            None if attempts.is_empty() => Reason::FirstQuestion,
            None => Reason::New,
            Some(list) => {
                let Some(s) = schedule(list.iter().map(|&(d, g, _)| (d, g))) else {
                    continue;
                };
                if s.due <= today {
                    Reason::Review {
                        overdue: today - s.due,
                        interval: INTERVALS[s.step],
                    }
                } else {
                    Reason::Soonest {
                        in_days: s.due - today,
                    }
                }
            }
        };
        let last_score = per_q.get(id.as_str()).and_then(|l| l.last()).map(|x| x.2);
        cands.push(Cand {
            q,
            id,
            pos,
            fit,
            reason,
            last_score,
        });
    }
    let open = cands
        .iter()
        .any(|c| !matches!(c.reason, Reason::Soonest { .. }));
    // Sort key, smallest first.
    let key = |c: &Cand| -> (i64, i64, i64, i64, usize) {
        let fit = -i64::from(c.fit.is_some());
        match &c.reason {
            Reason::Review { overdue, .. } => (fit, 0, -overdue, 0, c.pos),
            Reason::New | Reason::FirstQuestion => {
                let ty = c.q.problem_type.as_deref().unwrap_or("other");
                let seen = per_type.get(ty).copied().unwrap_or(0) as i64;
                (fit, 1, seen, 0, c.pos)
            }
            Reason::Soonest { in_days } => (0, 2, *in_days, fit, c.pos),
        }
    };
    let best = cands
        .iter()
        .filter(|c| !open || !matches!(c.reason, Reason::Soonest { .. }))
        .min_by_key(|c| key(c))?;
    let exercises = match (&weakest_named, best.fit) {
        (Some((id, name)), Some(f)) => Some((id.clone(), name.clone(), f)),
        _ => None,
    };
    Some(Pick {
        question: best.q,
        id: best.id.clone(),
        reason: best.reason.clone(),
        exercises,
        weakest: weakest_named,
        last_score: best.last_score,
    })
}

/// `--why`: the choice in one line.
pub fn why(p: &Pick) -> String {
    let ty = p.question.problem_type.as_deref().unwrap_or("other");
    let focus = match (&p.exercises, &p.weakest) {
        (Some((_, name, Fit::Rules(_))), _) => {
            format!("; {ty} questions exercise {name}, your weakest dimension")
        }
        (Some((_, name, Fit::Lowest(mean))), _) => format!(
            "; {name} is your weakest dimension, and it scores lowest on your {ty} answers (mean {mean:.1})"
        ),
        (None, Some((_, name))) => {
            format!("; {name} is your weakest dimension, but no question open today exercises it more than another")
        }
        _ => String::new(),
    };
    let last = p
        .last_score
        .map(|s| format!(", last score {s}"))
        .unwrap_or_default();
    match &p.reason {
        Reason::FirstQuestion => format!(
            "no attempts recorded yet, so nothing to steer by: the bank's first question ({ty})"
        ),
        Reason::Review { overdue, interval } => {
            let when = match overdue {
                0 => "today".to_string(),
                1 => "1 day ago".to_string(),
                n => format!("{n} days ago"),
            };
            format!("due for review (the {interval}-day interval ended {when}{last}){focus}")
        }
        Reason::New => format!("not answered yet{focus}"),
        Reason::Soonest { in_days } => format!(
            "every bank question is answered and none is due: this one's review comes soonest (in {in_days} day{}{last})",
            if *in_days == 1 { "" } else { "s" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_advance_on_good_and_reset_on_weak() {
        assert_eq!(schedule([]), None);
        let s = schedule([(10, true)]).unwrap();
        assert_eq!((s.step, s.due), (0, 11));
        let s = schedule([(10, true), (11, true)]).unwrap();
        assert_eq!((s.step, s.due), (1, 14));
        let s = schedule([(10, true), (11, true), (14, true)]).unwrap();
        assert_eq!((s.step, s.due), (2, 21));
        let s = schedule([
            (0, true),
            (1, true),
            (4, true),
            (11, true),
            (25, true),
            (55, true),
        ]);
        assert_eq!(
            s.unwrap().due,
            85,
            "the last interval is 30 days and stays there"
        );
        let s = schedule([(10, true), (11, true), (14, false)]).unwrap();
        assert_eq!((s.step, s.due), (0, 15), "a weak attempt resets to 1 day");
        let s = schedule([(10, false)]).unwrap();
        assert_eq!(s.due, 11);
    }
}
