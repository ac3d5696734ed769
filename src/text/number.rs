//! Reading a written amount the way people type it: digits with thousands separators and a
//! decimal part (`1,000`, `1.5`), a magnitude glued or apart (`10k`, `10 K`, `1.5M`, `3 B`,
//! `2 million`) and a range (`50–100`, `50-100`, `1 to 2M`). No units here: which words are
//! units is pack data (`rules/numbers.toml`), read by `engine::quantity`.
//!
//! Values are `f64` and checked finite: no input overflows or panics.

/// An amount as written: `lo..=hi` (equal unless a range), and where it ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub lo: f64,
    pub hi: f64,
    /// Byte offset just past the amount (past its magnitude, if any).
    pub end: usize,
    /// Whether a magnitude (`k`, `million`) was read.
    pub scaled: bool,
}

/// Digits longer than this are not an amount anyone writes (and could lose precision).
const MAX_DIGITS: usize = 24;

/// Magnitude words read after a space, lowercased; the single letters only as written
/// (`10 K`, `3 B`, `5 M`; a lone lowercase `m` is more often metres or minutes).
const MAGNITUDE_WORDS: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("mln", 1e6),
    ("bn", 1e9),
];
const SPACED_LETTERS: &[(&str, f64)] = &[("K", 1e3), ("k", 1e3), ("M", 1e6), ("B", 1e9)];
/// Letters glued to the digits (`10k`, `1.5M`, `3B`, `2bn`).
const GLUED: &[(&str, f64)] = &[
    ("bn", 1e9),
    ("mn", 1e6),
    ("k", 1e3),
    ("K", 1e3),
    ("m", 1e6),
    ("M", 1e6),
    ("b", 1e9),
    ("B", 1e9),
];

fn boundary(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && c != '_')
}

/// The plain number starting at `at` (an ASCII digit): `1,000,000`, `1.5`, `42`. Returns its
/// value and end.
pub fn read_number(text: &str, at: usize) -> Option<(f64, usize)> {
    let b = text.as_bytes();
    if !b.get(at)?.is_ascii_digit() {
        return None;
    }
    let mut digits = String::new();
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            digits.push(c as char);
            i += 1;
        } else if c == b','
            && b.get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && !digits.contains('.')
        {
            // A thousands separator: exactly three digits follow.
            i += 1;
        } else if c == b'.' && !digits.contains('.') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            digits.push('.');
            i += 1;
        } else {
            break;
        }
        if digits.len() > MAX_DIGITS {
            return None;
        }
    }
    let v: f64 = digits.parse().ok()?;
    v.is_finite().then_some((v, i))
}

/// A magnitude at `at`: glued letters (`k`, `M`, `bn`) or, after spaces, a capital letter or a
/// word (`K`, `million`). Returns the factor and the end.
pub fn read_magnitude(text: &str, at: usize) -> Option<(f64, usize)> {
    let rest = text.get(at..)?;
    for (s, f) in GLUED {
        if rest.starts_with(s) && boundary(text, at + s.len()) {
            return Some((*f, at + s.len()));
        }
    }
    let spaced = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    if spaced.len() == rest.len() {
        return None;
    }
    let start = at + (rest.len() - spaced.len());
    for (s, f) in SPACED_LETTERS {
        if spaced.starts_with(s) && boundary(text, start + s.len()) {
            return Some((*f, start + s.len()));
        }
    }
    let word_len = spaced
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(spaced.len());
    let word = spaced[..word_len].to_ascii_lowercase();
    MAGNITUDE_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, f)| (*f, start + word_len))
}

/// The amount at `at`: a number, its magnitude, and a second number after `-`, `–`, `—` or
/// `to` (`1–2M` reads the magnitude for both ends).
pub fn read_amount(text: &str, at: usize) -> Option<Amount> {
    let (v, end) = read_number(text, at)?;
    let (f, end, scaled) = match read_magnitude(text, end) {
        Some((f, e)) => (f, e, true),
        None => (1.0, end, false),
    };
    let mut out = Amount {
        lo: v * f,
        hi: v * f,
        end,
        scaled,
    };
    // A range: "50–100", "50 - 100", "50 to 100".
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    let after_dash = ["–", "—", "-", "to "]
        .iter()
        .find_map(|d| trimmed.strip_prefix(d))
        .map(|s| s.trim_start_matches(' '));
    if let Some(second) = after_dash {
        let at2 = text.len() - second.len();
        if let Some((v2, e2)) = read_number(text, at2) {
            let (f2, e2, scaled2) = match read_magnitude(text, e2) {
                Some((f, e)) => (f, e, true),
                None => (f, e2, scaled),
            };
            let lo = if scaled { v * f } else { v * f2 };
            let hi = v2 * f2;
            if hi.is_finite() && lo <= hi {
                out = Amount {
                    lo,
                    hi,
                    end: e2,
                    scaled: scaled || scaled2,
                };
            }
        }
    }
    (out.lo.is_finite() && out.hi.is_finite()).then_some(out)
}

/// A whole string read as one amount (`"100–1000"`, `"750M"`, `"0.17"`), else `None`.
pub fn parse_amount(s: &str) -> Option<(f64, f64)> {
    let s = s.trim();
    let a = read_amount(s, 0)?;
    (a.end == s.len()).then_some((a.lo, a.hi))
}

/// A figure shown the way people write it: `23k`, `1.2M`, `3B`, `450`, `0.5`.
pub fn short(v: f64) -> String {
    let (x, suffix) = if v >= 1e12 {
        (v / 1e12, "T")
    } else if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let digits = if x >= 10.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{digits}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> Option<(f64, f64)> {
        parse_amount(s)
    }

    #[test]
    fn magnitudes_glued_and_apart() {
        assert_eq!(amount("10k"), Some((1e4, 1e4)));
        assert_eq!(amount("10 K"), Some((1e4, 1e4)));
        assert_eq!(amount("1.5M"), Some((1.5e6, 1.5e6)));
        assert_eq!(amount("3 B"), Some((3e9, 3e9)));
        assert_eq!(amount("2 million"), Some((2e6, 2e6)));
        assert_eq!(amount("2bn"), Some((2e9, 2e9)));
        assert_eq!(amount("1,000,000"), Some((1e6, 1e6)));
        assert_eq!(amount("0.17"), Some((0.17, 0.17)));
        // A lone lowercase m apart from the digits is not a million.
        assert_eq!(amount("5 m"), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(amount("50–100"), Some((50.0, 100.0)));
        assert_eq!(amount("50 - 100"), Some((50.0, 100.0)));
        assert_eq!(amount("50 to 100"), Some((50.0, 100.0)));
        assert_eq!(amount("1–2M"), Some((1e6, 2e6)));
        assert_eq!(amount("500k–2M"), Some((5e5, 2e6)));
        assert_eq!(amount("1M–100M"), Some((1e6, 1e8)));
        // A reversed pair is not a range: only the first number is read.
        assert_eq!(
            read_amount("100–50", 0).map(|a| (a.lo, a.end)),
            Some((100.0, 3))
        );
    }

    #[test]
    fn separators_and_decimals() {
        assert_eq!(read_number("1,5 units", 0), Some((1.0, 1)));
        assert_eq!(read_number("3.5%", 0), Some((3.5, 3)));
        assert_eq!(read_number("2.", 0), Some((2.0, 1)));
        assert_eq!(read_number("x", 0), None);
        assert_eq!(read_number(&"9".repeat(400), 0), None);
    }

    #[test]
    fn short_figures() {
        assert_eq!(short(23_148.0), "23k");
        assert_eq!(short(69_444.0), "69k");
        assert_eq!(short(500e9), "500B");
        assert_eq!(short(23.15), "23");
        assert_eq!(short(1.5e6), "1.5M");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(4.0), "4");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_stays_finite(s in "[0-9kKmMbB.,\\- –to]{0,24}", at in 0usize..24) {
            if s.is_char_boundary(at.min(s.len())) {
                if let Some(a) = read_amount(&s, at.min(s.len())) {
                    proptest::prop_assert!(a.lo.is_finite() && a.hi.is_finite());
                    proptest::prop_assert!(a.lo <= a.hi);
                    proptest::prop_assert!(a.end <= s.len());
                }
            }
        }
    }
}
