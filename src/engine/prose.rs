//! Sentences and words of prose.
//!
//! Words follow Unicode word segmentation (UAX #29), so each CJK ideograph is a word; pure
//! ASCII text takes a fast path that a property test holds equal to the general one.
//! Sentences end at `.`, `!`, `?` (and their full-width forms) followed by a space or the
//! end, and at the end of a block (heading, list item, table cell, paragraph) — never
//! inside a decimal (`3.5`), a version (`v1.2`) or after an abbreviation (`e.g.`, `vs.`).

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// Words that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "vs", "etc", "cf", "approx", "incl", "esp", "al", "dr", "mr", "mrs",
    "ms", "prof", "fig", "resp", "approx.", "avg", "est", "ca",
];

/// Splits a block's text into sentence ranges (byte offsets into `text`).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let mut out = Vec::new();
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
        push_trimmed(text, start..j, &mut out);
        start = j;
        i = j;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// A period at `dot` (sentence candidate ending at `after`) ends the sentence unless it
/// closes an abbreviation or the next word starts in lowercase.
fn period_ends_sentence(text: &str, dot: usize, after: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = before[word_start..].to_ascii_lowercase();
    let dotted_initials = word.contains('.')
        && word.split('.').all(|seg| {
            (1..=2).contains(&seg.len()) && seg.chars().all(|c| c.is_ascii_alphabetic())
        });
    let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_alphabetic());
    if ABBREVIATIONS.contains(&word.as_str()) || dotted_initials || initial {
        return false;
    }
    let next = text[after..].trim_start().chars().next();
    !next.is_some_and(|c| c.is_lowercase())
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
    if text.is_ascii() {
        ascii_word_count(text.as_bytes())
    } else {
        text.unicode_words().count()
    }
}

/// Character classes of the ASCII word counter: 0 other, 1 letter, 2 digit, 3 `_`.
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
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 3;

/// UAX #29 word count for ASCII: runs of letters, digits and `_` holding a letter or digit,
/// where a single `.`, `'` or `:` between two letters, or `.`, `'`, `,`, `;` between two
/// digits, does not break.
fn ascii_word_count(b: &[u8]) -> usize {
    let mut count = 0;
    let mut in_word = false;
    let mut has_alnum = false;
    let mut i = 0;
    while i < b.len() {
        let c = CLASS[b[i] as usize];
        if c != 0 {
            if !in_word {
                in_word = true;
                has_alnum = false;
            }
            if c != UNDERSCORE && !has_alnum {
                has_alnum = true;
                count += 1;
            }
            i += 1;
            continue;
        }
        if in_word && i > 0 && i + 1 < b.len() {
            let prev = CLASS[b[i - 1] as usize];
            let next = CLASS[b[i + 1] as usize];
            let joins = match b[i] {
                b'.' | b'\'' => {
                    (prev == LETTER && next == LETTER) || (prev == DIGIT && next == DIGIT)
                }
                b':' => prev == LETTER && next == LETTER,
                b',' | b';' => prev == DIGIT && next == DIGIT,
                _ => false,
            };
            if joins {
                i += 1;
                continue;
            }
        }
        in_word = false;
        i += 1;
    }
    count
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
            prop_assert_eq!(ascii_word_count(s.as_bytes()), s.unicode_words().count());
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
