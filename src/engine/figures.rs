//! Figures a candidate states for one quantity, read as numbers with their units, so that
//! two statements of the same quantity can be compared ("5k QPS" in the requirements,
//! "50k QPS" in serving). Only request rates for now: they are the figure most often
//! restated, and a tenfold slip in them changes the whole design.

use super::draft::Draft;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// One stated request rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Requests per second.
    pub per_second: f64,
    /// Source range of the figure as written.
    pub range: Range<usize>,
}

fn rate_pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:~|≈|about |around |roughly )?(\d+(?:[.,]\d+)?)\s?(k|m|b|thousand|million|billion)?\s?(?:qps|rps|req/s|requests per second|queries per second|requests/s)\b( per [a-z]+| each| peak| at peak| average| avg)?",
        )
        .ok()
    })
    .as_ref()
}

/// The number a magnitude word or suffix multiplies by.
fn scale(suffix: &str) -> f64 {
    match suffix.to_ascii_lowercase().as_str() {
        "k" | "thousand" => 1e3,
        "m" | "million" => 1e6,
        "b" | "billion" => 1e9,
        _ => 1.0,
    }
}

/// Request rates stated for the whole system, in document order. A rate qualified as per
/// machine, per shard or at peak is a different quantity and is left out.
pub fn rates(draft: &Draft) -> Vec<Rate> {
    let Some(re) = rate_pattern() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (bi, _) in draft.blocks.iter().enumerate() {
        let text = draft.block_text(bi as u32);
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        for c in re.captures_iter(text) {
            if c.get(3).is_some() {
                continue;
            }
            let (Some(whole), Some(num)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let Ok(n) = num.as_str().replace(',', "").parse::<f64>() else {
                continue;
            };
            let per_second = n * c.get(2).map_or(1.0, |s| scale(s.as_str()));
            if !per_second.is_finite() || per_second <= 0.0 {
                continue;
            }
            out.push(Rate {
                per_second,
                range: draft.source_range(bi as u32, whole.start()..whole.end()),
            });
        }
    }
    out
}

/// The first pair of stated rates that differ by at least `ratio` times.
pub fn conflicting_rates(draft: &Draft, ratio: f64) -> Option<(Rate, Rate)> {
    let rates = rates(draft);
    for (i, a) in rates.iter().enumerate() {
        for b in &rates[i + 1..] {
            let (lo, hi) = if a.per_second <= b.per_second {
                (a.per_second, b.per_second)
            } else {
                (b.per_second, a.per_second)
            };
            if hi >= lo * ratio {
                return Some((a.clone(), b.clone()));
            }
        }
    }
    None
}
