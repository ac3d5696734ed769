//! "Does this text state a number?" — the digit part. Number words and cadences
//! ("ten", "million", "daily") are a vocabulary in the pack (`quantity`), so they stay data.
//!
//! A token that starts with a digit is a quantity: `100ms`, `10K`, `3.5%`, `0.85`, `2x`,
//! `40M`, `1/3`. A token that starts with letters is a name (`F1`, `GPT4`, `H100`, `S3`),
//! not a quantity — except the cut-off forms `top10`, `k10`. A percentile is a metric's
//! name: "p99 latency" states no value until a number follows it ("p99 under 80 ms").
//! Version and level labels (`v2`, `L5`) are never quantities.
//!
//! [`read_figures`] goes further for the arithmetic (derived figures, `inconsistent-numbers`):
//! it reads each digit quantity as an amount with its unit, the way people write them
//! (`10k QPS`, `50–100 ms`, `~2M reviews/day`, `< 80 ms`, `100 M DAU`). It reads only what
//! the counter above counts, so it can never change what the counting rules decide.

use crate::rules::numbers::{Numbers, Quantity};
use crate::text::number::read_amount;
use std::ops::Range;

/// Letter prefixes after which digits still state an amount.
const NUMERIC_PREFIXES: &[&str] = &["top", "k", "n", "x"];

/// Ranges of digit quantities in `text`.
pub fn digit_quantities(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    each_digit_quantity(text, |r| out.push(r));
    out
}

/// How many digit quantities `text` holds (what a sentence needs, without a list).
pub fn count_digit_quantities(text: &str) -> usize {
    let mut n = 0;
    each_digit_quantity(text, |_| n += 1);
    n
}

fn each_digit_quantity(text: &str, mut found: impl FnMut(Range<usize>)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Most prose holds no digit: jump to the next one eight bytes at a time.
        match next_digit(b, i) {
            Some(d) => i = d,
            None => return,
        }
        // The alphanumeric token around this digit.
        let mut start = i;
        while start > 0 && b[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        let mut end = i;
        while end < b.len()
            && (b[end].is_ascii_alphanumeric()
                || (matches!(b[end], b'.' | b',')
                    && end + 1 < b.len()
                    && b[end + 1].is_ascii_digit()
                    && end > 0
                    && b[end - 1].is_ascii_digit()))
        {
            end += 1;
        }
        let prefix = &text[start..i];
        let glued_to_word = start > 0
            && !b[start - 1].is_ascii()
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let counts = if prefix.is_empty() {
            !glued_to_word
        } else {
            NUMERIC_PREFIXES.contains(&prefix.to_ascii_lowercase().as_str())
        };
        if counts {
            found(start..end);
        }
        i = end.max(i + 1);
    }
}

/// How a figure is hedged or bounded by the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `<`, `under`, `within`, `up to`.
    AtMost,
    /// `>`, `over`, `at least`.
    AtLeast,
}

/// One amount read with its unit, in a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// From the first digit to the end of the unit (or of the noun it counts).
    pub range: Range<usize>,
    /// In the quantity's base unit (ms, per second, bytes, per day); `lo == hi` unless a range.
    pub lo: f64,
    pub hi: f64,
    /// `None`: a bare count ("500M items").
    pub quantity: Option<Quantity>,
    /// `~`, `≈`, `about`, `roughly` before it.
    pub approx: bool,
    pub bound: Option<Bound>,
    /// The noun a count or a daily figure counts ("reviews" in "2M reviews/day").
    pub noun: Option<Range<usize>>,
}

const APPROX: &[&str] = &[
    "~",
    "≈",
    "about",
    "around",
    "roughly",
    "approximately",
    "approx.",
    "approx",
    "circa",
    "est.",
    "some",
];
const AT_MOST: &[&str] = &[
    "<=",
    "≤",
    "<",
    "under",
    "below",
    "within",
    "less than",
    "at most",
    "up to",
    "no more than",
];
const AT_LEAST: &[&str] = &[">=", "≥", ">", "over", "above", "at least", "more than"];

/// The phrase of `words` that `before` ends with (whole word when it is a word).
fn ends_with_word<'w>(before: &str, words: &[&'w str]) -> Option<&'w str> {
    words.iter().copied().find(|w| {
        before.len() >= w.len()
            && before.is_char_boundary(before.len() - w.len())
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
            && (!w.starts_with(|c: char| c.is_ascii_alphabetic())
                || before[..before.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// The unit spelt at `at` (after optional spaces): its entry and end.
fn unit_at<'n>(
    text: &str,
    at: usize,
    numbers: &'n Numbers,
) -> Option<(&'n crate::rules::numbers::UnitWord, usize)> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let glued = trimmed.len() == rest.len();
    let start = at + (rest.len() - trimmed.len());
    let first = usize::from(text.as_bytes().get(start)?.to_ascii_lowercase());
    let candidates = numbers.units_by_first.get(first)?;
    candidates.iter().find_map(|&i| {
        let u = numbers.units.get(i as usize)?;
        let end = start + u.word.len();
        let spelt = text.get(start..end)?;
        if !spelt.eq_ignore_ascii_case(&u.word) {
            return None;
        }
        let word_like = u.word.ends_with(|c: char| c.is_alphanumeric());
        let after = text[end..].chars().next();
        if word_like && after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        // "1000s of users": a plural, not seconds.
        if glued && u.word == "s" && text[end..].starts_with(" of") {
            return None;
        }
        Some((u, end))
    })
}

/// Up to `max` words (letters and hyphens) after `at`: their ends.
fn word_ends(text: &str, at: usize, max: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = at;
    for _ in 0..max {
        let rest = &text[i..];
        let trimmed = rest.trim_start_matches(' ');
        if trimmed.len() == rest.len() && !out.is_empty() {
            break;
        }
        let len = trimmed
            .find(|c: char| !(c.is_alphabetic() || c == '-'))
            .unwrap_or(trimmed.len());
        if len == 0 {
            break;
        }
        i = text.len() - trimmed.len() + len;
        out.push(i);
    }
    out
}

fn is_listed(words: &crate::rules::numbers::PhraseList, phrase: &str) -> bool {
    let p = phrase.trim().to_lowercase();
    words.contains(&p)
}

/// Every figure in `text` with its unit, in order. Only amounts the digit counter counts are
/// read, so a figure is always a counted quantity.
pub fn read_figures(text: &str, numbers: &Numbers) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut covered = 0;
    each_digit_quantity(text, |r| {
        if r.start < covered || !text.as_bytes()[r.start].is_ascii_digit() {
            return;
        }
        let Some(a) = read_amount(text, r.start) else {
            return;
        };
        let mut end = a.end;
        let mut quantity = None;
        let mut factor = 1.0;
        let mut noun = None;
        if let Some((u, e)) = unit_at(text, end, numbers) {
            quantity = Some(u.quantity);
            factor = u.factor;
            end = e;
            // "2M daily reviews": the noun after a per-day word.
            if u.quantity == Quantity::PerDay {
                if let Some(&w) = word_ends(text, end, 1).first() {
                    let n = end..w;
                    if is_listed(&numbers.user_nouns, &text[n.clone()]) {
                        quantity = Some(Quantity::Users);
                    }
                    noun = Some(n);
                    end = w;
                }
            }
        } else {
            // A count of something, perhaps per day: "2M reviews/day", "20 times a day".
            let ends = word_ends(text, end, 3);
            for &w in &ends {
                if let Some((u, e)) = unit_at(text, w, numbers) {
                    // "1000 transactions per second": a rate of what the noun counts.
                    if u.quantity == Quantity::Rate {
                        quantity = Some(Quantity::Rate);
                        noun = Some(end..w);
                        end = e;
                        break;
                    }
                    if u.quantity == Quantity::PerDay {
                        let n = end..w;
                        quantity = Some(if is_listed(&numbers.user_nouns, &text[n.clone()]) {
                            Quantity::Users
                        } else {
                            Quantity::PerDay
                        });
                        noun = Some(n);
                        end = e;
                        break;
                    }
                }
            }
            if quantity.is_none() {
                if let Some(&w) = ends.first() {
                    noun = Some(end..w);
                    end = w;
                }
            }
        }
        let before = text[..r.start].trim_end();
        let mut approx = false;
        let mut bound = None;
        let mut b = before;
        for _ in 0..2 {
            if let Some(w) = ends_with_word(b, APPROX) {
                approx = true;
                b = b[..b.len() - w.len()].trim_end();
            } else if let Some(w) = ends_with_word(b, AT_MOST) {
                bound = Some(Bound::AtMost);
                b = b[..b.len() - w.len()].trim_end();
            } else if let Some(w) = ends_with_word(b, AT_LEAST) {
                bound = Some(Bound::AtLeast);
                b = b[..b.len() - w.len()].trim_end();
            }
        }
        if quantity.is_none() && before.ends_with('$') {
            quantity = Some(Quantity::Money);
        }
        let (lo, hi) = (a.lo * factor, a.hi * factor);
        if !(lo.is_finite() && hi.is_finite()) {
            return;
        }
        covered = end;
        out.push(Figure {
            range: r.start..end,
            lo,
            hi,
            quantity,
            approx,
            bound,
            noun: noun.map(|n| {
                let s = &text[n.clone()];
                let t = s.trim_start();
                n.start + (s.len() - t.len())..n.end
            }),
        });
    });
    out
}

/// Offset of the first ASCII digit in `b[from..]`. Reads eight bytes at a time and tests
/// them all at once ("has a byte between `/` and `:`", valid for bytes below 128; bytes
/// above are masked out).
pub fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = ONES * 0x7F;
    const HIGH: u64 = ONES * 0x80;
    let mut i = from;
    while i + 8 <= b.len() {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_ne_bytes(chunk);
        let low = x & LOW7;
        // Per byte: high bit set when `/` < byte < `:` (and the byte is ASCII).
        let between = (ONES * (127 + b':' as u64)).wrapping_sub(low)
            & !x
            & low.wrapping_add(ONES * (127 - b'/' as u64))
            & HIGH;
        if between != 0 {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: &str) -> Vec<&str> {
        digit_quantities(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn amounts_count() {
        assert_eq!(
            q("p99 under 100ms for 10K QPS, 3.5% of 40M users, 2x faster"),
            vec!["100ms", "10K", "3.5", "40M", "2x"]
        );
        // A metric's name is not its value.
        assert!(q("within the p99 latency budget").is_empty());
        assert_eq!(q("1,000,000 rows"), vec!["1,000,000"]);
    }

    #[test]
    fn the_count_matches_the_list() {
        for t in [
            "p99 under 100ms for 10K QPS",
            "F1 of v2",
            "",
            "1,000 rows and 3.5%",
        ] {
            assert_eq!(count_digit_quantities(t), digit_quantities(t).len(), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn next_digit_finds_the_first_digit(
            bytes in proptest::collection::vec(proptest::sample::select(
                vec![b'a', b' ', b'/', b':', b'0', b'5', b'9', 0x80, 0xAF, 0xB0, 0xB9, 0xFF, b'.']
            ), 0..40),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            let want = bytes[from..].iter().position(u8::is_ascii_digit).map(|p| from + p);
            proptest::prop_assert_eq!(next_digit(&bytes, from), want);
        }
    }

    #[test]
    fn names_and_labels_do_not() {
        assert!(q("F1 of the v2 model at L5 on GPT4 with H100 and S3").is_empty());
        assert!(q("one model").is_empty());
    }
}

#[cfg(test)]
mod reader_tests {
    use super::*;
    use crate::rules::Pack;

    fn figs(t: &str) -> Vec<(String, Option<Quantity>, f64, f64)> {
        let pack = Pack::builtin().unwrap();
        read_figures(t, &pack.numbers)
            .into_iter()
            .map(|f| (t[f.range.clone()].to_string(), f.quantity, f.lo, f.hi))
            .collect()
    }

    fn one(t: &str) -> (Option<Quantity>, f64, f64) {
        let f = figs(t);
        assert_eq!(f.len(), 1, "{t}: {f:?}");
        (f[0].1, f[0].2, f[0].3)
    }

    #[test]
    fn rates_as_people_write_them() {
        for t in [
            "about 10k QPS",
            "10 K QPS",
            "10,000 RPS",
            "10k req/s",
            "10 thousand requests per second",
            "≈10k qps",
        ] {
            assert_eq!(one(t), (Some(Quantity::Rate), 1e4, 1e4), "{t}");
        }
        assert_eq!(one("1.5M QPS"), (Some(Quantity::Rate), 1.5e6, 1.5e6));
        assert_eq!(one("3 B requests per second").2, 3e9);
    }

    #[test]
    fn latencies_ranges_and_bounds() {
        assert_eq!(one("p99 < 80 ms"), (Some(Quantity::Latency), 80.0, 80.0));
        assert_eq!(one("50–100 ms"), (Some(Quantity::Latency), 50.0, 100.0));
        assert_eq!(one("50-100ms"), (Some(Quantity::Latency), 50.0, 100.0));
        assert_eq!(
            one("within 1.5 s"),
            (Some(Quantity::Latency), 1500.0, 1500.0)
        );
        let pack = Pack::builtin().unwrap();
        let f = read_figures("p99 < ~80 ms", &pack.numbers);
        assert_eq!(f[0].bound, Some(Bound::AtMost));
        assert!(f[0].approx);
        let f = read_figures("at least 10k QPS", &pack.numbers);
        assert_eq!(f[0].bound, Some(Bound::AtLeast));
        // The p99 is a name, the 80 is the figure.
        assert_eq!(figs("p99 80ms").len(), 1);
    }

    #[test]
    fn users_and_daily_counts() {
        assert_eq!(one("100 M DAU"), (Some(Quantity::Users), 1e8, 1e8));
        assert_eq!(
            one("100M daily active users"),
            (Some(Quantity::Users), 1e8, 1e8)
        );
        assert_eq!(one("100M users daily").0, Some(Quantity::Users));
        assert_eq!(one("2 M reviews/day"), (Some(Quantity::PerDay), 2e6, 2e6));
        assert_eq!(
            one("2M reviews per day"),
            (Some(Quantity::PerDay), 2e6, 2e6)
        );
        assert_eq!(one("10M events daily"), (Some(Quantity::PerDay), 1e7, 1e7));
        assert_eq!(one("2M daily reviews"), (Some(Quantity::PerDay), 2e6, 2e6));
        assert_eq!(
            one("opens the feed ~20 times a day").0,
            Some(Quantity::PerDay)
        );
        let pack = Pack::builtin().unwrap();
        let t = "2M new reviews per day";
        let f = &read_figures(t, &pack.numbers)[0];
        assert_eq!(f.noun.clone().map(|n| &t[n]), Some("new reviews"));
    }

    #[test]
    fn sizes_counts_and_other_units() {
        let f = figs("500 M items × 1 KB");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].1, f[0].2), (None, 5e8));
        assert_eq!((f[1].1, f[1].2), (Some(Quantity::Bytes), 1e3));
        assert_eq!(one("1.5MB"), (Some(Quantity::Bytes), 1.5e6, 1.5e6));
        assert_eq!(one("3.5%").0, Some(Quantity::Percent));
        assert_eq!(one("$2k per month").0, Some(Quantity::Money));
        // A plural of thousands is not seconds.
        assert_ne!(one("1000s of users").0, Some(Quantity::Latency));
    }

    #[test]
    fn names_are_not_figures() {
        assert!(figs("F1 of the v2 model at L5 on GPT4 with H100").is_empty());
        assert!(figs("top10 results").is_empty());
    }

    proptest::proptest! {
        /// The reader never panics, yields finite ordered values, and reads only what the
        /// digit counter counts (so it cannot change what `few-numbers` or `vague-term`
        /// decide from the count).
        #[test]
        fn reads_only_counted_quantities(s in "(10k|1\\.5M|3 B|~|≈|<|50–100|ms|QPS|RPS|req/s| per day|/day| daily| users| DAU| x | KB|[0-9]{1,30}|,|\\.| |fast|é|p99|top10| to |-)*") {
            let pack = Pack::builtin().unwrap();
            let counted = digit_quantities(&s);
            for f in read_figures(&s, &pack.numbers) {
                proptest::prop_assert!(f.lo.is_finite() && f.hi.is_finite() && f.lo <= f.hi);
                proptest::prop_assert!(f.range.end <= s.len());
                proptest::prop_assert!(
                    counted.iter().any(|r| r.start == f.range.start),
                    "{:?} not counted in {:?}", f, s
                );
            }
        }
    }
}
