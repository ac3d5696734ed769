//! "Does this text state a number?" — the digit part. Number words and cadences
//! ("ten", "million", "daily") are a vocabulary in the pack (`quantity`), so they stay data.
//!
//! A token that starts with a digit is a quantity: `100ms`, `10K`, `3.5%`, `0.85`, `2x`,
//! `40M`, `1/3`. A token that starts with letters is a name (`F1`, `GPT4`, `H100`, `S3`),
//! not a quantity — except the cut-off forms `top10`, `k10`. A percentile is a metric's
//! name: "p99 latency" states no value until a number follows it ("p99 under 80 ms").
//! Version and level labels (`v2`, `L5`) are never quantities.

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
