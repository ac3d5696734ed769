//! Sentences and words of prose.
//!
//! Words follow Unicode word segmentation (UAX #29), so each CJK ideograph is a word; pure
//! ASCII text, with typographic punctuation, takes a fast path that property tests hold
//! equal to the general one.
//! Sentences end at `.`, `!`, `?` (and their full-width forms) followed by a space or the
//! end, and at the end of a block (heading, list item, table cell, paragraph) — never
//! inside a decimal (`3.5`), a version (`v1.2`) or after an abbreviation (`e.g.`, `vs.`).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Words that end in a period without ending a sentence.
// Not "ms": "p99 under 50 ms. then we cache it" ends a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "vs", "etc", "cf", "approx", "incl", "excl", "esp", "al", "dr", "mr",
    "mrs", "prof", "fig", "resp", "approx.", "avg", "est", "ca", "min", "max", "mins", "sec",
    "secs", "hr", "hrs", "dept", "inc", "ltd", "corp", "vol", "eq", "no", "nos", "jr", "sr", "st",
    "ver", "wrt", "w.r.t",
];

/// Splits a block's text into sentence ranges (byte offsets into `text`).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    sentences_into(text, &mut out);
    out
}

/// [`sentences`] into a buffer the caller reuses (one allocation per draft, not per block).
pub fn sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let out = &mut *out;
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Jump to the next possible terminator (full-width ones start with 0xE3 or 0xEF).
        let next = if ascii {
            memchr::memchr3(b'.', b'!', b'?', &bytes[i..])
        } else {
            bytes[i..]
                .iter()
                .position(|b| matches!(b, b'.' | b'!' | b'?' | 0xE3 | 0xEF))
        };
        let Some(step) = next else { break };
        i += step;
        let b = bytes[i];
        let (is_term, width) = match b {
            b'.' | b'!' | b'?' => (true, 1),
            0xE3 if text[i..].starts_with('。') => (true, 3),
            0xEF if text[i..].starts_with('！') || text[i..].starts_with('？') => (true, 3),
            _ => (false, 1),
        };
        if !is_term {
            i += 1;
            continue;
        }
        let full_width = width == 3;
        // Swallow a run of terminators and closing quotes/brackets/emphasis.
        let mut j = i + width;
        while j < bytes.len()
            && matches!(
                bytes[j],
                b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' | b'*' | b'_'
            )
        {
            j += 1;
        }
        for closer in ['”', '’', '」', '』', '）'] {
            if text[j..].starts_with(closer) {
                j += closer.len_utf8();
            }
        }
        let at_end = j >= bytes.len();
        let followed_by_space = at_end || bytes[j].is_ascii_whitespace();
        if !(followed_by_space || full_width) {
            i = j.max(i + 1);
            continue;
        }
        if b == b'.' && !at_end && !period_ends_sentence(text, i, j) {
            i = j;
            continue;
        }
        push_trimmed(text, start..j, out);
        start = j;
        i = j;
    }
    push_trimmed(text, start..text.len(), out);
}

/// A period at `dot` (sentence candidate ending at `after`) ends the sentence unless it
/// closes an abbreviation or the next word starts in lowercase.
fn period_ends_sentence(text: &str, dot: usize, after: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    let dotted_initials = word.contains('.')
        && word.split('.').all(|seg| {
            (1..=2).contains(&seg.len()) && seg.bytes().all(|c| c.is_ascii_alphabetic())
        });
    let initial = word.len() == 1 && word.bytes().all(|c| c.is_ascii_alphabetic());
    let abbreviation =
        word.len() <= 7 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    if abbreviation || dotted_initials || initial {
        return false;
    }
    // A lowercase word after the period continues the sentence after a short unknown
    // word (an abbreviation we do not list); after a longer one, people who write in
    // lowercase start their next sentence ("out of stock. it has to be fast").
    // A unit after a number ("50 ms.") ends one too.
    let next = text[after..].trim_start().chars().next();
    let unit = before[..word_start]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit());
    !next.is_some_and(|c| c.is_lowercase()) || word.chars().count() >= 3 || unit
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// True for a sentence that asks: it ends in `?` (closing quotes and emphasis aside).
pub fn is_question(sentence: &str) -> bool {
    let t = sentence.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '*' | '_' | '”' | '’' | '）')
    });
    t.ends_with('?') || t.ends_with('？')
}

/// Number of words (UAX #29) in `text`.
pub fn word_count(text: &str) -> usize {
    fast_word_count(text).unwrap_or_else(|| text.unicode_words().count())
}

/// Character classes of the fast word counter: 0 other, 1 letter, 2 digit, 3 `_`.
const fn ascii_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphabetic() {
            1
        } else if b.is_ascii_digit() {
            2
        } else if b == b'_' {
            3
        } else {
            0
        };
        i += 1;
    }
    t
}
static CLASS: [u8; 256] = ascii_classes();
const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
/// A non-ASCII character the fast path does not know: count with full UAX #29.
const UNKNOWN: u8 = 4;
/// `’` and `‘`: they join letters and digits like `'` and `.` (MidNumLet).
const MID_NUM_LET: u8 = 5;
/// A Han ideograph: a word of its own, glued to nothing (UAX #29 breaks around it).
const IDEOGRAPH: u8 = 6;
/// Full-width `，` and `；` join digits (MidNum); full-width `：` joins letters (MidLetter).
const MID_NUM: u8 = 7;
const MID_LETTER: u8 = 8;

/// Class of a non-ASCII character. Prose is mostly ASCII plus typographic punctuation
/// (curly quotes, dashes, ellipses, arrows, emoji): those are word breaks in UAX #29
/// (class Other), so they keep a draft on the fast path. Anything else is UNKNOWN.
fn wide_class(c: char) -> u8 {
    match c {
        '\u{2018}' | '\u{2019}' => MID_NUM_LET,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => IDEOGRAPH,
        // CJK and full-width punctuation.
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{FF01}'
        | '\u{FF08}'
        | '\u{FF09}'
        | '\u{FF1F}' => OTHER,
        '\u{FF0C}' | '\u{FF1B}' => MID_NUM,
        '\u{FF1A}' => MID_LETTER,
        '\u{00A0}'
        | '\u{00A7}'
        | '\u{00A9}'
        | '\u{00AB}'
        | '\u{00AE}'
        | '\u{00B0}'
        | '\u{00B1}'
        | '\u{00BB}'
        | '\u{00D7}'
        | '\u{00F7}'
        | '\u{2010}'..='\u{2015}'
        | '\u{201C}'..='\u{201E}'
        | '\u{2020}'..='\u{2022}'
        | '\u{2026}'
        | '\u{2030}'
        | '\u{2032}'
        | '\u{2033}'
        | '\u{20AC}'
        | '\u{00A3}'
        | '\u{2122}'
        | '\u{2190}'..='\u{21FF}'
        | '\u{2200}'..='\u{22FF}'
        | '\u{2500}'..='\u{25FF}'
        | '\u{2600}'..='\u{26FF}'
        | '\u{2705}'
        | '\u{2713}'..='\u{2717}'
        | '\u{274C}'
        | '\u{1F300}'..='\u{1F5FF}'
        | '\u{1F600}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}' => OTHER,
        _ => UNKNOWN,
    }
}

/// The class and byte length of the non-ASCII character at `i`.
#[cold]
#[inline(never)]
fn wide_class_at(text: &str, i: usize) -> (u8, usize) {
    match text.get(i..).and_then(|t| t.chars().next()) {
        Some(c) => (wide_class(c), c.len_utf8()),
        None => (UNKNOWN, 1),
    }
}

/// UAX #29 word count when every non-ASCII character is one [`wide_class`] knows: runs
/// of letters, digits and `_` holding a letter or digit, where a single `.`, `'`, `’` or
/// `:` between two letters, or `.`, `'`, `’`, `,`, `;` between two digits, does not
/// break. `None` when the text needs the full algorithm. Word characters are all ASCII
/// here (any other letter is UNKNOWN), which keeps the inner loop on bytes.
fn fast_word_count(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let n = b.len();
    let mut count = 0;
    let mut i = 0;
    while i < n {
        let byte = b[i];
        if byte >= 0x80 {
            let (c, len) = wide_class_at(text, i);
            match c {
                UNKNOWN => return None,
                IDEOGRAPH => count += 1,
                _ => {}
            }
            i += len;
            continue;
        }
        if CLASS[byte as usize] == OTHER {
            i += 1;
            continue;
        }
        // A run of word characters, possibly joined by single middle marks.
        let mut has_alnum = false;
        loop {
            let run = i;
            while i < n && CLASS[b[i] as usize] != OTHER {
                i += 1;
            }
            if !has_alnum && b[run..i].iter().any(|&c| c != b'_') {
                has_alnum = true;
                count += 1;
            }
            if i >= n {
                return Some(count);
            }
            let mark = b[i];
            // The usual case: a space or other ASCII mark that never joins.
            if mark < 0x80 && !matches!(mark, b'.' | b'\'' | b':' | b',' | b';') {
                break;
            }
            let prev = CLASS[b[i - 1] as usize];
            let (kind, len) = if mark < 0x80 {
                (OTHER, 1)
            } else {
                wide_class_at(text, i)
            };
            if kind == UNKNOWN {
                return None;
            }
            let next = match b.get(i + len) {
                None => OTHER,
                Some(&nb) if nb < 0x80 => CLASS[nb as usize],
                Some(_) => match wide_class_at(text, i + len).0 {
                    UNKNOWN => return None,
                    _ => OTHER,
                },
            };
            let letters = prev == LETTER && next == LETTER;
            let digits = prev == DIGIT && next == DIGIT;
            let joins = if kind == MID_NUM_LET {
                letters || digits
            } else if kind == MID_NUM {
                digits
            } else if kind == MID_LETTER {
                letters
            } else {
                match mark {
                    b'.' | b'\'' => letters || digits,
                    b':' => letters,
                    b',' | b';' => digits,
                    _ => false,
                }
            };
            if !joins {
                // The outer loop steps over the mark.
                break;
            }
            i += len;
        }
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_at_terminators_followed_by_space() {
        assert_eq!(
            split("It is fast. It scales! Why?"),
            vec!["It is fast.", "It scales!", "Why?"]
        );
    }

    #[test]
    fn never_splits_decimals_versions_or_abbreviations() {
        assert_eq!(
            split("AUC of 3.5 in v1.2 is fine."),
            vec!["AUC of 3.5 in v1.2 is fine."]
        );
        assert_eq!(
            split("Use trees, e.g. XGBoost. Then more."),
            vec!["Use trees, e.g. XGBoost.", "Then more."]
        );
        assert_eq!(
            split("Precision vs. Recall matters."),
            vec!["Precision vs. Recall matters."]
        );
        assert_eq!(
            split("The U.S. market is big."),
            vec!["The U.S. market is big."]
        );
    }

    #[test]
    fn full_width_terminators_split_without_space() {
        assert_eq!(
            split("数据很大。模型很快。"),
            vec!["数据很大。", "模型很快。"]
        );
    }

    #[test]
    fn questions() {
        assert!(is_question("How fast must it be?"));
        assert!(is_question("**Scale?**"));
        assert!(!is_question("It must be fast."));
    }

    #[test]
    fn cjk_ideographs_are_words() {
        assert_eq!(word_count("数据 model"), 3);
        assert_eq!(word_count("e.g. 3.5 ms, can't stop"), 5);
    }

    proptest! {
        #[test]
        fn ascii_fast_path_equals_uax29(s in "[a-zA-Z0-9_ .,;:'!?()\\-]{0,60}") {
            prop_assert_eq!(fast_word_count(&s), Some(s.unicode_words().count()));
        }

        /// Typographic punctuation stays on the fast path and counts as UAX #29 does;
        /// characters the fast path does not know fall back, so the count is always right.
        #[test]
        fn word_count_equals_uax29_on_typographic_text(s in "[a-zA-Z0-9_ .,;:'’‘“”—–…•→✓😀 \u{A0}\u{202F}\u{FE0F}\u{200D}é数½·-]{0,60}") {
            prop_assert_eq!(word_count(&s), s.unicode_words().count());
        }

        #[test]
        fn the_fast_path_takes_han_and_cjk_punctuation(s in "[a-z0-9 .,'’数据模型的是㐀鿿、。，：；！？（）「」【】]{0,40}") {
            prop_assert_eq!(fast_word_count(&s), Some(s.unicode_words().count()));
        }

        #[test]
        fn the_fast_path_takes_curly_quotes_and_dashes(s in "[a-z ’“”—–…]{0,40}") {
            prop_assert_eq!(fast_word_count(&s), Some(s.unicode_words().count()));
        }

        #[test]
        fn sentences_are_in_order_and_inside(s in "\\PC{0,80}") {
            let mut last = 0;
            for r in sentences(&s) {
                prop_assert!(r.start >= last && r.end <= s.len() && r.start < r.end);
                prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
                last = r.end;
            }
        }
    }
}
