//! The draft's arithmetic: the figures it states (read by [`super::quantity::read_figures`]),
//! what they imply (derived figures for inlay hints and `--profile`), and where they
//! contradict each other (`inconsistent-numbers`):
//!
//! - the same request rate stated twice with values far apart;
//! - per-stage latencies that add up past the stated end-to-end budget;
//! - a stated request rate far from the one the draft's own users and habits imply.
//!
//! Only what the draft states is used; the one assumption (the peak factor) is pack data and
//! is shown wherever it is used. Precision first: a figure qualified as a peak, a share of one
//! machine or an alternative is left out of every comparison.

use super::draft::Draft;
use super::quantity::{read_figures, Bound, Figure};
use crate::rules::numbers::{Numbers, PhraseList, Quantity};
use crate::text::number::short;
use std::ops::Range;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// A figure of the draft, placed.
#[derive(Debug, Clone)]
pub struct Stated {
    pub figure: Figure,
    pub block: u32,
    pub sentence: u32,
    /// The heading whose section holds it.
    pub section: Option<u32>,
    /// Columns of the table it is a cell of (0: not in a table).
    pub table_cols: u16,
    /// Source range of the figure as written.
    pub source: Range<usize>,
    /// Lowercased text of its sentence before the figure, from the end of the previous figure
    /// in the sentence (at most a few words).
    pub before: String,
    /// Lowercased text of its sentence after the figure (a few words).
    pub after: String,
    /// Lowercased text of its whole sentence.
    pub sentence_text: std::sync::Arc<str>,
    /// Lowercased noun the figure counts ("reviews"), or empty.
    pub noun_text: String,
}

impl Stated {
    /// The figure as written in the draft.
    pub fn shown<'t>(&self, draft: &Draft<'t>) -> &'t str {
        draft.text.get(self.source.clone()).unwrap_or("").trim()
    }
}

/// How far before and after a figure its qualifiers are looked for (bytes).
const BEFORE: usize = 40;
const AFTER: usize = 30;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

fn has_any(hay: &str, phrases: &PhraseList) -> bool {
    phrases.any_in(hay)
}

/// Every figure of the draft's prose (headings included), in document order.
pub fn stated(draft: &Draft, numbers: &Numbers) -> Vec<Stated> {
    let mut out = Vec::new();
    for (bi, block) in draft.blocks.iter().enumerate() {
        let bi = bi as u32;
        let text = draft.block_text(bi);
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut prev_end = 0;
        let mut last_sentence: Option<(Range<usize>, std::sync::Arc<str>)> = None;
        for f in read_figures(text, numbers) {
            let sentence = (block.sentences.start..block.sentences.end)
                .find(|&s| {
                    let r = &draft.sentences[s as usize].range;
                    (r.start as usize) <= f.range.start && f.range.start < r.end as usize
                })
                .unwrap_or(block.sentences.start);
            let (s_start, s_end) = draft
                .sentences
                .get(sentence as usize)
                .filter(|s| s.block == bi)
                .map_or((0, text.len()), |s| {
                    (
                        s.range.start as usize,
                        (s.range.end as usize).min(text.len()),
                    )
                });
            let from = floor_boundary(
                text,
                f.range
                    .start
                    .saturating_sub(BEFORE)
                    .max(s_start)
                    .max(prev_end.min(f.range.start)),
            );
            let to = ceil_boundary(text, (f.range.end + AFTER).min(s_end.max(f.range.end)));
            let before = text.get(from..f.range.start).unwrap_or("").to_lowercase();
            let after = text.get(f.range.end..to).unwrap_or("").to_lowercase();
            // Figures of one sentence share its lowercased text.
            let span = s_start.min(f.range.start)..s_end.max(f.range.end);
            let sentence_text = match &last_sentence {
                Some((r, t)) if *r == span => t.clone(),
                _ => {
                    let t: std::sync::Arc<str> =
                        text.get(span.clone()).unwrap_or("").to_lowercase().into();
                    last_sentence = Some((span, t.clone()));
                    t
                }
            };
            prev_end = f.range.end;
            let noun_text = f
                .noun
                .as_ref()
                .and_then(|n| text.get(n.clone()))
                .unwrap_or("")
                .to_lowercase();
            out.push(Stated {
                noun_text,
                source: draft.source_range(bi, f.range.clone()),
                figure: f,
                block: bi,
                sentence,
                section: block.section,
                table_cols: if block.table_row > 0 {
                    block.table_cols
                } else {
                    0
                },
                before,
                after,
                sentence_text,
            });
        }
    }
    out
}

/// Request rates stated for the whole system: not a peak, not one machine's share.
pub fn system_rates<'a>(
    all: &'a [Stated],
    numbers: &'a Numbers,
) -> impl Iterator<Item = &'a Stated> {
    all.iter().filter(|s| {
        s.figure.quantity == Some(Quantity::Rate)
            && s.figure.bound != Some(Bound::AtLeast)
            && !has_any(&s.before, &numbers.rate_qualifiers)
            && !has_any(&s.after, &numbers.rate_qualifiers)
    })
}

/// A figure of one user's habit: its sentence says "per user", "each user" …, or "each"
/// follows it ("2 home loads/day each").
fn is_per_user(s: &Stated, numbers: &Numbers) -> bool {
    has_any(&s.sentence_text, &numbers.per_user) || s.after.trim_start().starts_with("each")
}

/// What a figure counts, singular and lowercased ("transaction" for "transactions per
/// second"; empty for a plain QPS).
fn noun(s: &Stated) -> String {
    s.noun_text.trim_end_matches('s').to_string()
}

/// A figure in a table of three or more columns is one option's or one row's value (tiers,
/// batch sizes, models compared), not a statement about the design as a whole.
fn in_comparison_table(s: &Stated) -> bool {
    s.table_cols >= 3
}

/// The first pair of system request rates that differ by at least `ratio` times. Two rates
/// in one sentence are compared on purpose ("from 5k to 50k QPS"), never a slip.
pub fn restated_rates(all: &[Stated], numbers: &Numbers, ratio: f64) -> Option<(Stated, Stated)> {
    let rates: Vec<&Stated> = system_rates(all, numbers)
        .filter(|s| !in_comparison_table(s))
        .collect();
    for (i, a) in rates.iter().enumerate() {
        for b in &rates[i + 1..] {
            if (a.block, a.sentence) == (b.block, b.sentence) || noun(a) != noun(b) {
                continue;
            }
            // Compare the nearest ends of two ranges.
            let (lo, hi) = if a.figure.hi <= b.figure.lo {
                (a.figure.hi, b.figure.lo)
            } else if b.figure.hi <= a.figure.lo {
                (b.figure.hi, a.figure.lo)
            } else {
                continue;
            };
            if lo > 0.0 && hi >= lo * ratio {
                return Some(((*a).clone(), (*b).clone()));
            }
        }
    }
    None
}

/// Daily users, stated once (the first figure that is not qualified).
fn daily_users<'a>(all: &'a [Stated], numbers: &Numbers) -> Option<&'a Stated> {
    all.iter().find(|s| {
        s.figure.quantity == Some(Quantity::Users)
            && s.figure.lo >= 1.0
            && !has_any(&s.before, &numbers.rate_qualifiers)
    })
}

/// A habit of each user that reaches the system: "each opens the feed ~20 times a day".
fn per_user_habit<'a>(draft: &Draft, all: &'a [Stated], numbers: &Numbers) -> Option<&'a Stated> {
    all.iter().find(|s| {
        let Some(noun) = &s.figure.noun else {
            return false;
        };
        let noun = draft
            .block_text(s.block)
            .get(noun.clone())
            .unwrap_or("")
            .to_lowercase();
        s.figure.quantity == Some(Quantity::PerDay)
            && numbers
                .habit_nouns
                .phrases
                .iter()
                .any(|h| noun == *h || noun.ends_with(&format!(" {h}")))
            && is_per_user(s, numbers)
            && s.figure.hi <= 10_000.0
    })
}

/// What a derived figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DerivedKind {
    /// Daily users × a per-user habit → an average request rate (and its peak).
    RequestRate,
    /// A per-day count → per second.
    PerSecond,
    /// A count × a size → storage.
    Storage,
}

/// A figure the draft implies but does not state.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub kind: DerivedKind,
    /// Where it is shown: the end of the last input figure (source offset).
    pub at: usize,
    /// The inputs (source ranges).
    pub inputs: Vec<Range<usize>>,
    /// The derived value (per second; bytes).
    pub value: f64,
    /// The label, with its inputs and assumptions.
    pub label: String,
}

fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// A count with what it counts: "2M new posts", "500M items".
fn counted(draft: &Draft, s: &Stated) -> String {
    let f = &s.figure;
    let amount = if f.lo == f.hi {
        short(f.lo)
    } else {
        format!("{}–{}", short(f.lo), short(f.hi))
    };
    let noun = f
        .noun
        .as_ref()
        .and_then(|n| draft.block_text(s.block).get(n.clone()))
        .unwrap_or("");
    if noun.is_empty() {
        amount
    } else {
        format!("{amount} {noun}")
    }
}

/// Bytes the way people write them: `500 GB`, `1.2 TB`.
pub fn bytes(v: f64) -> String {
    let units = [
        (1e15, "PB"),
        (1e12, "TB"),
        (1e9, "GB"),
        (1e6, "MB"),
        (1e3, "KB"),
    ];
    for (f, u) in units {
        if v >= f {
            return format!("{} {u}", short(v / f));
        }
    }
    format!("{} B", short(v))
}

/// The average request rate the draft's users and habits imply, with the derived figure.
fn implied_rate(draft: &Draft, all: &[Stated], numbers: &Numbers) -> Option<(Derived, Stated)> {
    let users = daily_users(all, numbers)?;
    let habit = per_user_habit(draft, all, numbers)?;
    let avg = users.figure.lo * (habit.figure.lo + habit.figure.hi) / 2.0 / SECONDS_PER_DAY;
    if !avg.is_finite() || avg <= 0.0 {
        return None;
    }
    let last = if users.source.end >= habit.source.end {
        users
    } else {
        habit
    };
    let label = fill(
        &numbers.derived_rate,
        &[
            ("average", short(avg)),
            ("users", short(users.figure.lo)),
            ("per_user", short((habit.figure.lo + habit.figure.hi) / 2.0)),
            ("peak", short(avg * numbers.peak_factor)),
            ("factor", short(numbers.peak_factor)),
        ],
    );
    Some((
        Derived {
            kind: DerivedKind::RequestRate,
            at: last.source.end,
            inputs: vec![users.source.clone(), habit.source.clone()],
            value: avg,
            label,
        },
        habit.clone(),
    ))
}

/// Everything the draft implies, in document order of where it is shown.
pub fn derived(draft: &Draft, numbers: &Numbers) -> Vec<Derived> {
    derived_from(draft, stated_once(draft, numbers), numbers)
}

/// [`stated`], read once per parsed draft and kept with it.
pub fn stated_once<'a>(draft: &'a Draft, numbers: &Numbers) -> &'a [Stated] {
    draft.figures.get_or_init(|| stated(draft, numbers))
}

pub fn derived_from(draft: &Draft, all: &[Stated], numbers: &Numbers) -> Vec<Derived> {
    let mut out = Vec::new();
    let rate = implied_rate(draft, all, numbers);
    let habit_at = rate.as_ref().map(|(_, h)| h.source.clone());
    if let Some((d, _)) = rate {
        out.push(d);
    }
    for (i, s) in all.iter().enumerate() {
        let f = &s.figure;
        // Per day → per second, for counts of events (not users, not one user's habit).
        if f.quantity == Some(Quantity::PerDay)
            && f.lo >= SECONDS_PER_DAY / 10.0
            && habit_at.as_ref() != Some(&s.source)
            && !is_per_user(s, numbers)
        {
            let v = (f.lo + f.hi) / 2.0 / SECONDS_PER_DAY;
            out.push(Derived {
                kind: DerivedKind::PerSecond,
                at: s.source.end,
                inputs: vec![s.source.clone()],
                value: v,
                label: fill(
                    &numbers.derived_per_second,
                    &[("rate", short(v)), ("per_day", counted(draft, s))],
                ),
            });
        }
        // A count × a size in one sentence: "500M items × 1 KB", "500M items of 1 KB each".
        if f.quantity == Some(Quantity::Bytes) && f.lo == f.hi {
            let Some(count) = all[..i].iter().rev().find(|c| {
                c.block == s.block && c.sentence == s.sentence && c.figure.quantity.is_none()
            }) else {
                continue;
            };
            if count.figure.noun.is_none()
                || count.figure.lo < 2.0
                || count.figure.lo != count.figure.hi
            {
                continue;
            }
            let between = draft
                .block_text(s.block)
                .get(count.figure.range.end..s.figure.range.start)
                .unwrap_or("")
                .to_lowercase();
            let joined = between.len() <= 24
                && (["×", "*", " x ", " of ", " at ", "each", " per "]
                    .iter()
                    .any(|j| between.contains(j)));
            if !joined {
                continue;
            }
            let total = count.figure.lo * f.lo;
            if !total.is_finite() {
                continue;
            }
            out.push(Derived {
                kind: DerivedKind::Storage,
                at: s.source.end,
                inputs: vec![count.source.clone(), s.source.clone()],
                value: total,
                label: fill(
                    &numbers.derived_storage,
                    &[
                        ("total", bytes(total)),
                        ("count", counted(draft, count)),
                        ("each", bytes(f.lo)),
                    ],
                ),
            });
        }
    }
    out.sort_by_key(|d| d.at);
    out
}

/// A stated request rate at least `ratio` times from the one the draft's inputs imply:
/// (the input it was derived from, the stated rate, the implied average).
pub fn rate_against_inputs(
    draft: &Draft,
    all: &[Stated],
    numbers: &Numbers,
    ratio: f64,
) -> Option<(Stated, Stated, Derived)> {
    let Some((d, habit)) = implied_rate(draft, all, numbers) else {
        return per_day_against_rate(draft, all, numbers, ratio);
    };
    let stated = system_rates(all, numbers)
        .filter(|r| r.noun_text.is_empty() && !in_comparison_table(r))
        .find(|r| far_from(r, d.value, numbers, ratio));
    match stated {
        Some(r) => Some((habit, r.clone(), d)),
        None => per_day_against_rate(draft, all, numbers, ratio),
    }
}

/// Whether a stated rate is `ratio` times below the average, or above it: above the average
/// itself when the writer calls the rate an average, else above the assumed peak.
fn far_from(r: &Stated, avg: f64, numbers: &Numbers, ratio: f64) -> bool {
    let average =
        has_any(&r.after, &numbers.average_words) || has_any(&r.before, &numbers.average_words);
    let top = if average {
        avg
    } else {
        avg * numbers.peak_factor
    };
    avg > 0.0 && (r.figure.hi * ratio <= avg || r.figure.lo >= top * ratio)
}

/// "1 million transactions per day, so about 1000 per second": a daily count and a rate
/// of the same thing (or a plain QPS) stated after it in the same paragraph or list item,
/// at least `ratio` times from what the day gives (or its peak).
fn per_day_against_rate(
    draft: &Draft,
    all: &[Stated],
    numbers: &Numbers,
    ratio: f64,
) -> Option<(Stated, Stated, Derived)> {
    for (j, rate) in all.iter().enumerate() {
        if rate.figure.quantity != Some(Quantity::Rate)
            || in_comparison_table(rate)
            || has_any(&rate.before, &numbers.rate_qualifiers)
            || has_any(&rate.after, &numbers.rate_qualifiers)
        {
            continue;
        }
        // The nearest daily count before it in the same paragraph or list item.
        let Some(day) = all[..j]
            .iter()
            .rev()
            .take_while(|d| d.block == rate.block)
            .find(|d| {
                d.figure.quantity == Some(Quantity::PerDay)
                    && d.figure.lo >= SECONDS_PER_DAY / 10.0
                    && !is_per_user(d, numbers)
            })
        else {
            continue;
        };
        if !(rate.noun_text.is_empty() || noun(rate) == noun(day)) {
            continue;
        }
        let avg = (day.figure.lo + day.figure.hi) / 2.0 / SECONDS_PER_DAY;
        if far_from(rate, avg, numbers, ratio) {
            let derived = Derived {
                kind: DerivedKind::PerSecond,
                at: day.source.end,
                inputs: vec![day.source.clone()],
                value: avg,
                label: fill(
                    &numbers.derived_per_second,
                    &[("rate", short(avg)), ("per_day", counted(draft, day))],
                ),
            };
            return Some((day.clone(), rate.clone(), derived));
        }
    }
    None
}

/// Per-stage latencies that add up past the stated end-to-end budget: (the stages, the
/// budget, their sum in ms).
pub fn stages_over_budget(all: &[Stated], numbers: &Numbers) -> Option<(Vec<Stated>, Stated, f64)> {
    let latency = |s: &&Stated| s.figure.quantity == Some(Quantity::Latency);
    let stage_of = |s: &Stated| {
        // The stage named last before the figure.
        numbers
            .latency_stages
            .find_in(&s.before)
            .max_by_key(|(start, _)| *start)
            .map(|(_, w)| w.to_string())
    };
    // The end-to-end budget: the largest one stated (the most lenient reading).
    let budget = all
        .iter()
        .filter(latency)
        .filter(|s| {
            stage_of(s).is_none()
                && (has_any(&s.before, &numbers.latency_budget)
                    || has_any(&s.after, &numbers.latency_budget)
                    || (s.figure.bound == Some(Bound::AtMost)
                        && has_any(&s.before, &numbers.latency_target)))
        })
        .filter(|s| s.figure.bound != Some(Bound::AtLeast) && !in_comparison_table(s))
        .max_by(|a, b| a.figure.hi.total_cmp(&b.figure.hi))?;
    // Stage figures, grouped by section: the first figure of each stage.
    let mut best: Option<(Vec<Stated>, f64)> = None;
    let mut group: Vec<(String, &Stated)> = Vec::new();
    let mut section = None;
    let flush = |group: &mut Vec<(String, &Stated)>, best: &mut Option<(Vec<Stated>, f64)>| {
        if group.len() >= 2 {
            let sum: f64 = group.iter().map(|(_, s)| s.figure.lo).sum();
            if sum > budget.figure.hi && best.as_ref().is_none_or(|(_, b)| sum > *b) {
                *best = Some((group.iter().map(|(_, s)| (*s).clone()).collect(), sum));
            }
        }
        group.clear();
    };
    for s in all.iter().filter(latency) {
        if s.block == budget.block && s.source == budget.source {
            continue;
        }
        let Some(stage) = stage_of(s) else {
            continue;
        };
        if in_comparison_table(s)
            || has_any(&s.sentence_text, &numbers.latency_not_summed)
            || has_any(&s.before, &numbers.latency_budget)
            || s.figure.bound == Some(Bound::AtLeast)
        {
            continue;
        }
        let sec = s.section;
        if section != Some(sec) {
            flush(&mut group, &mut best);
            section = Some(sec);
        }
        if !group.iter().any(|(g, _)| *g == stage) {
            group.push((stage, s));
        }
    }
    flush(&mut group, &mut best);
    let (stages, sum) = best?;
    Some((stages, budget.clone(), sum))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Pack;

    fn with<T>(text: &str, f: impl FnOnce(&Draft, &[Stated], &Numbers) -> T) -> T {
        let pack = Pack::builtin().unwrap();
        let d = Draft::parse(text, &pack);
        let all = stated(&d, &pack.numbers);
        f(&d, &all, &pack.numbers)
    }

    #[test]
    fn users_times_habit_is_a_request_rate() {
        let t = "# Feed\n\n- 100 M DAU.\n- Each user opens the feed ~20 times a day.\n";
        let d = with(t, derived_from);
        let r = d
            .iter()
            .find(|x| x.kind == DerivedKind::RequestRate)
            .expect("a derived rate");
        assert!((r.value - 1e8 * 20.0 / 86_400.0).abs() < 1.0);
        assert!(r.label.contains("23k QPS average"), "{}", r.label);
        assert!(
            r.label.contains("69k QPS at an assumed 3× peak"),
            "{}",
            r.label
        );
        assert_eq!(r.at, t.find("times a day").unwrap() + "times a day".len());
        // No habit, no rate: the inputs must be stated.
        let d = with("# Feed\n\n- 100 M DAU.\n", |d, all, n| {
            derived_from(d, all, n)
        });
        assert!(d.iter().all(|x| x.kind != DerivedKind::RequestRate));
    }

    #[test]
    fn per_day_is_per_second_and_count_times_size_is_storage() {
        let d = with("# R\n\nWe ingest 2 M reviews/day.\n", |d, all, n| {
            derived_from(d, all, n)
        });
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DerivedKind::PerSecond);
        assert!(d[0].label.starts_with("≈ 23/s"), "{}", d[0].label);
        let d = with("# R\n\nThe index holds 500 M items × 1 KB.\n", derived_from);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DerivedKind::Storage);
        assert!(d[0].label.starts_with("≈ 500 GB"), "{}", d[0].label);
        // Two figures that are not a count and a size of it.
        let d = with("# R\n\n500 M items; the model is 1 KB.\n", |d, all, n| {
            derived_from(d, all, n)
        });
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn restated_rates_far_apart() {
        let t = "# F\n\n## Clarify\n\n- About 5k QPS.\n\n## Serving\n\nIt serves 50k QPS.\n";
        let pair = with(t, |_, all, n| restated_rates(all, n, 10.0));
        let (a, b) = pair.expect("a conflict");
        assert_eq!(&t[a.source.clone()], "5k QPS");
        assert_eq!(&t[b.source.clone()], "50k QPS");
        // A peak and one machine's share are other quantities.
        let t = "# F\n\n- About 5k QPS, 50k QPS at peak.\n- 500 QPS per machine.\n";
        assert!(with(t, |_, all, n| restated_rates(all, n, 10.0)).is_none());
    }

    #[test]
    fn stages_add_up_past_the_budget() {
        let t = "# F\n\n## Requirements\n\n- Latency: p99 < 50 ms end to end.\n\n## Serving\n\n- Retrieval: 30 ms.\n- Ranking: 60 ms.\n";
        let (stages, budget, sum) =
            with(t, |_, all, n| stages_over_budget(all, n)).expect("over budget");
        assert_eq!(stages.len(), 2);
        assert_eq!(budget.figure.hi, 50.0);
        assert_eq!(sum, 90.0);
        let fine = t.replace("60 ms", "15 ms");
        assert!(with(&fine, |_, all, n| stages_over_budget(all, n)).is_none());
        // Stages that run side by side do not add up.
        let parallel = "# F\n\n- p99 < 50 ms end to end.\n- Retrieval 30 ms and ranking 40 ms run in parallel.\n";
        assert!(with(parallel, |_, all, n| stages_over_budget(all, n)).is_none());
    }

    #[test]
    fn stated_rate_far_from_the_inputs() {
        let t = "# F\n\n- 100 M DAU, each opening the feed 20 times a day.\n- So about 2k QPS.\n";
        let c = with(t, |d, all, n| rate_against_inputs(d, all, n, 10.0));
        let (input, stated, d) = c.expect("a slip");
        assert_eq!(&t[stated.source.clone()], "2k QPS");
        assert!(t[input.source.clone()].contains("20 times a day"));
        assert!((d.value - 23_148.0).abs() < 1.0);
        for right in ["23k QPS", "70k QPS"] {
            let ok = t.replace("2k QPS", right);
            assert!(with(&ok, |d, all, n| rate_against_inputs(d, all, n, 10.0)).is_none());
        }
    }
}
