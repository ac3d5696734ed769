//! Progress over time: what the recorded attempts say, per question and per scorecard
//! dimension. Pure: attempts in, a summary out (the CLI renders it as text, JSON or HTML).

use super::history::Attempt;
use crate::rules::Pack;
use serde::Serialize;
use std::collections::HashMap;

/// How many recent attempts the recurring misses and the "last" means look at.
pub const RECENT: usize = 10;
/// How many recent attempts a dimension's "last 5 mean" averages.
pub const LAST_MEAN: usize = 5;
/// How many of the latest scores a sparkline shows.
pub const SPARK_MAX: usize = 30;
/// Recurring misses shown.
const MISSES_SHOWN: usize = 5;

/// One attempt as progress shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Point<'a> {
    pub time: &'a str,
    pub overall: u32,
    pub grade: &'a str,
}

/// One question's attempts.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionProgress<'a> {
    /// The question's key (bank id or normalised title).
    pub question: &'a str,
    /// The latest attempt's title.
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<&'a str>,
    pub attempts: Vec<Point<'a>>,
    pub best: u32,
    /// Last score minus first.
    pub change: i64,
}

/// One dimension across all questions.
#[derive(Debug, Clone, Serialize)]
pub struct DimensionProgress {
    pub id: String,
    pub name: String,
    /// Its score per attempt, oldest first (attempts without it are left out).
    pub scores: Vec<u32>,
    pub first: u32,
    pub last: u32,
    pub best: u32,
    /// Mean of the last five scores, one decimal.
    pub last5_mean: f64,
}

/// A rule that keeps firing.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub rule: String,
    /// Of the last `of` attempts, how many it fired in.
    pub count: usize,
    pub of: usize,
    /// The rule's summary (empty when the pack no longer has the rule).
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Weakest {
    pub id: String,
    pub name: String,
    pub last5_mean: f64,
}

/// The whole progress view (borrowing the attempts).
#[derive(Debug, Clone, Serialize)]
pub struct Progress<'a> {
    /// Attempts shown (after `--since` / `--question`).
    pub attempts: usize,
    /// Every attempt, oldest first: the overall chart.
    pub timeline: Vec<TimelinePoint<'a>>,
    /// Questions, most recently practised first.
    pub questions: Vec<QuestionProgress<'a>>,
    /// Dimensions in the scorecard's order.
    pub dimensions: Vec<DimensionProgress>,
    /// The dimension with the lowest last-5 mean.
    pub weakest: Option<Weakest>,
    /// Rules firing in at least half of the last ten attempts (most frequent first).
    pub recurring: Vec<Miss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelinePoint<'a> {
    pub time: &'a str,
    pub question: &'a str,
    pub overall: u32,
    pub grade: &'a str,
}

fn mean(xs: &[u32]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    let m = xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len() as f64;
    (m * 10.0).round() / 10.0
}

/// Sorts attempts oldest first (stable: equal times keep file order).
pub fn sort_by_time(attempts: &mut [Attempt]) {
    attempts.sort_by_cached_key(|a| a.unix().unwrap_or(i64::MIN));
}

/// The progress view of `attempts` (any order). Dimension names come from the pack.
pub fn progress<'a>(attempts: &'a [Attempt], pack: &Pack) -> Progress<'a> {
    let mut sorted: Vec<&'a Attempt> = attempts.iter().collect();
    // Already in order (the usual case: appended in time order) → no sort.
    let keys: Vec<i64> = sorted
        .iter()
        .map(|a| a.unix().unwrap_or(i64::MIN))
        .collect();
    if !keys.windows(2).all(|w| w[0] <= w[1]) {
        let mut order: Vec<usize> = (0..sorted.len()).collect();
        order.sort_by_key(|&i| keys[i]);
        sorted = order.into_iter().map(|i| &attempts[i]).collect();
    }

    // Questions, by key, ordered by their latest attempt (newest first).
    let mut by_q: HashMap<&str, usize> = HashMap::new();
    let mut questions: Vec<QuestionProgress> = Vec::new();
    for a in &sorted {
        let i = *by_q.entry(a.question.as_str()).or_insert_with(|| {
            questions.push(QuestionProgress {
                question: &a.question,
                title: &a.title,
                bank: a.bank.as_deref(),
                attempts: Vec::new(),
                best: 0,
                change: 0,
            });
            questions.len() - 1
        });
        let q = &mut questions[i];
        q.title = &a.title;
        q.attempts.push(Point {
            time: &a.time,
            overall: a.overall,
            grade: &a.grade,
        });
    }
    for q in &mut questions {
        q.best = q.attempts.iter().map(|p| p.overall).max().unwrap_or(0);
        if let (Some(f), Some(l)) = (q.attempts.first(), q.attempts.last()) {
            q.change = i64::from(l.overall) - i64::from(f.overall);
        }
    }
    questions.reverse();

    // Dimensions: the pack's order, then any the history has that the pack does not.
    let mut ids: Vec<(String, String)> = pack
        .scorecard
        .dimensions
        .iter()
        .map(|d| (d.id.to_string(), d.name.to_string()))
        .collect();
    for a in &sorted {
        for d in &a.dimensions {
            if !ids.iter().any(|(id, _)| *id == d.id) {
                ids.push((d.id.clone(), d.id.clone()));
            }
        }
    }
    let mut dimensions = Vec::new();
    for (k, (id, name)) in ids.into_iter().enumerate() {
        // The usual case: the dimension at the same place in every attempt.
        let scores: Vec<u32> = sorted
            .iter()
            .filter_map(|a| match a.dimensions.get(k) {
                Some(d) if d.id == id => Some(d.score),
                _ => a.dimension(&id),
            })
            .collect();
        let (Some(&first), Some(&last)) = (scores.first(), scores.last()) else {
            continue;
        };
        let best = scores.iter().copied().max().unwrap_or(0);
        let last5_mean = mean(&scores[scores.len().saturating_sub(LAST_MEAN)..]);
        dimensions.push(DimensionProgress {
            id,
            name,
            scores,
            first,
            last,
            best,
            last5_mean,
        });
    }
    let weakest = dimensions
        .iter()
        .min_by(|a, b| a.last5_mean.total_cmp(&b.last5_mean))
        .map(|d| Weakest {
            id: d.id.clone(),
            name: d.name.clone(),
            last5_mean: d.last5_mean,
        });

    // Recurring misses in the last ten attempts.
    let recent = &sorted[sorted.len().saturating_sub(RECENT)..];
    let mut counts: HashMap<String, usize> = HashMap::new();
    for a in recent {
        for r in a.rules.ids() {
            *counts.entry(r).or_default() += 1;
        }
    }
    let of = recent.len();
    let mut recurring: Vec<Miss> = counts
        .into_iter()
        .filter(|&(_, c)| of > 0 && c * 2 >= of && c >= 2.min(of))
        .map(|(rule, count)| Miss {
            summary: pack
                .rules
                .iter()
                .find(|r| r.id == rule)
                .map(|r| r.summary.clone())
                .unwrap_or_default(),
            rule,
            count,
            of,
        })
        .collect();
    recurring.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    recurring.truncate(MISSES_SHOWN);

    Progress {
        attempts: sorted.len(),
        timeline: sorted
            .iter()
            .map(|a| TimelinePoint {
                time: &a.time,
                question: &a.question,
                overall: a.overall,
                grade: &a.grade,
            })
            .collect(),
        questions,
        dimensions,
        weakest,
        recurring,
    }
}

/// A sparkline of 0–100 scores: one block character each.
pub fn sparkline(scores: impl IntoIterator<Item = u32>) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .into_iter()
        .map(|s| BARS[(s.min(100) as usize * 7 + 50) / 100])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_spans_the_blocks() {
        assert_eq!(sparkline([0, 50, 100]), "▁▅█");
        assert_eq!(sparkline([]), "");
        assert_eq!(sparkline([250]), "█");
    }
}
