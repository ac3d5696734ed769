//! Compiled vocabularies: every term of every vocabulary is matched in one pass.
//!
//! Terms are case-folded (ASCII) and hyphen-folded ("low-latency" = "low latency"); one
//! Aho-Corasick automaton finds them all, overlapping, and a whole-word check drops hits
//! inside longer words. Case-sensitive terms get a second automaton; regex patterns (few)
//! run one by one. Folding is byte-for-byte, so offsets into the folded text are offsets
//! into the original.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex as MultiRegex;

pub type VocabId = u16;

/// One vocabulary as the pack defines it.
#[derive(Debug, Clone, Default)]
pub struct VocabDef {
    pub name: String,
    pub summary: String,
    pub terms: Vec<String>,
    pub exact: Vec<String>,
    pub patterns: Vec<String>,
}

/// A whole-word match of one vocabulary, in the coordinates of the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawHit {
    pub vocab: VocabId,
    pub start: usize,
    pub end: usize,
}

/// A pattern that does not compile: which vocabulary, which pattern, why.
#[derive(Debug)]
pub struct PatternError {
    pub vocab: usize,
    pub pattern: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    folded: Option<AhoCorasick>,
    folded_owners: Vec<Vec<VocabId>>,
    exact: Option<AhoCorasick>,
    exact_owners: Vec<Vec<VocabId>>,
    /// All patterns in one multi-pattern regex (one pass per text), with their owners.
    patterns: Option<MultiRegex>,
    pattern_owners: Vec<Vec<VocabId>>,
}

/// Size cap on one compiled pattern, so a hostile rule file cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Matcher {
    pub fn new(vocabs: &[VocabDef]) -> Result<Matcher, PatternError> {
        let mut folded_terms: Vec<String> = Vec::new();
        let mut folded_owners: Vec<Vec<VocabId>> = Vec::new();
        let mut exact_terms: Vec<String> = Vec::new();
        let mut exact_owners: Vec<Vec<VocabId>> = Vec::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut pattern_owners: Vec<Vec<VocabId>> = Vec::new();
        for (vi, v) in vocabs.iter().enumerate() {
            let id = vi as VocabId;
            for t in &v.terms {
                let t = normalise_term(t);
                if !t.is_empty() {
                    add_owned(&mut folded_terms, &mut folded_owners, t, id);
                }
            }
            for t in &v.exact {
                let t = t.trim().to_string();
                if !t.is_empty() {
                    add_owned(&mut exact_terms, &mut exact_owners, t, id);
                }
            }
            for (pi, p) in v.patterns.iter().enumerate() {
                // Compile alone first, so an error names its own pattern.
                regex::RegexBuilder::new(p)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| PatternError {
                        vocab: vi,
                        pattern: pi,
                        message: e.to_string(),
                    })?;
                add_owned(&mut pattern_texts, &mut pattern_owners, p.clone(), id);
            }
        }
        let patterns = if pattern_texts.is_empty() {
            None
        } else {
            let limit = REGEX_SIZE_LIMIT.saturating_mul(pattern_texts.len());
            // Patterns need no `\b` (matches are checked for whole words afterwards), which
            // keeps them on the fast lazy DFA: a Unicode `\b` would not be.
            let built = MultiRegex::builder()
                .configure(
                    MultiRegex::config()
                        .nfa_size_limit(Some(limit))
                        .hybrid_cache_capacity(8 << 20),
                )
                .build_many(&pattern_texts)
                .map_err(|e| PatternError {
                    vocab: 0,
                    pattern: 0,
                    message: e.to_string(),
                })?;
            Some(built)
        };
        Ok(Matcher {
            folded: build_automaton(&folded_terms),
            folded_owners,
            exact: build_automaton(&exact_terms),
            exact_owners,
            patterns,
            pattern_owners,
        })
    }

    /// Appends every whole-word hit in `original` (and its `folded` twin) to `out`.
    pub fn scan(&self, original: &str, folded: &str, out: &mut Vec<RawHit>) {
        self.scan_terms(original, folded, out);
        self.scan_patterns(folded, out);
    }

    /// The literal terms (folded and exact) only.
    pub fn scan_terms(&self, original: &str, folded: &str, out: &mut Vec<RawHit>) {
        if let Some(ac) = &self.folded {
            for m in ac.find_overlapping_iter(folded) {
                if is_whole_word(folded, m.start(), m.end()) {
                    for &vocab in &self.folded_owners[m.pattern().as_usize()] {
                        out.push(RawHit {
                            vocab,
                            start: m.start(),
                            end: m.end(),
                        });
                    }
                }
            }
        }
        if let Some(ac) = &self.exact {
            for m in ac.find_overlapping_iter(original) {
                if is_whole_word(original, m.start(), m.end()) {
                    for &vocab in &self.exact_owners[m.pattern().as_usize()] {
                        out.push(RawHit {
                            vocab,
                            start: m.start(),
                            end: m.end(),
                        });
                    }
                }
            }
        }
    }

    /// The regex patterns only.
    pub fn scan_patterns(&self, folded: &str, out: &mut Vec<RawHit>) {
        if let Some(re) = &self.patterns {
            for m in re.find_iter(folded) {
                if m.start() < m.end() && is_whole_word(folded, m.start(), m.end()) {
                    for &vocab in &self.pattern_owners[m.pattern().as_usize()] {
                        out.push(RawHit {
                            vocab,
                            start: m.start(),
                            end: m.end(),
                        });
                    }
                }
            }
        }
    }
}

fn add_owned(terms: &mut Vec<String>, owners: &mut Vec<Vec<VocabId>>, term: String, id: VocabId) {
    match terms.iter().position(|t| *t == term) {
        Some(i) => {
            if !owners[i].contains(&id) {
                owners[i].push(id);
            }
        }
        None => {
            terms.push(term);
            owners.push(vec![id]);
        }
    }
}

fn build_automaton(terms: &[String]) -> Option<AhoCorasick> {
    if terms.is_empty() {
        return None;
    }
    // A DFA: the fastest kind for overlapping search; the vocabularies are small.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(terms)
        .ok()
}

/// How a term is written for matching: ASCII lowercase, hyphens as spaces, single spaces.
pub fn normalise_term(term: &str) -> String {
    let folded: String = term
        .chars()
        .map(|c| {
            if c == '-' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The matching twin of a prose text: same length, ASCII lowercase, hyphens and line
/// breaks as spaces.
pub fn fold_for_matching(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for b in &mut bytes {
        match *b {
            b'-' | b'\n' | b'\r' | b'\t' => *b = b' ',
            b'A'..=b'Z' => *b += 32,
            _ => {}
        }
    }
    // Only ASCII bytes were changed, into ASCII bytes, so this is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` is not glued to a letter or digit on either side (only
/// checked on a side where the match itself begins or ends with a word character).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let inner = &text[start..end];
    let first_is_word = inner.chars().next().is_some_and(is_word_char);
    let last_is_word = inner.chars().next_back().is_some_and(is_word_char);
    if first_is_word && text[..start].chars().next_back().is_some_and(is_word_char) {
        return false;
    }
    if last_is_word && text[end..].chars().next().is_some_and(is_word_char) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(name: &str, terms: &[&str]) -> VocabDef {
        VocabDef {
            name: name.into(),
            terms: terms.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn hits(m: &Matcher, text: &str) -> Vec<(VocabId, String)> {
        let folded = fold_for_matching(text);
        let mut out = Vec::new();
        m.scan(text, &folded, &mut out);
        out.into_iter()
            .map(|h| (h.vocab, text[h.start..h.end].to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only_case_and_hyphen_folded() {
        let m = Matcher::new(&[vocab("vague", &["fast", "low latency"])]).unwrap();
        assert_eq!(
            hits(&m, "Fast, breakfast and LOW-latency"),
            vec![(0, "Fast".into()), (0, "LOW-latency".into())]
        );
    }

    #[test]
    fn one_term_in_two_vocabularies_reports_both() {
        let m = Matcher::new(&[vocab("a", &["canary"]), vocab("b", &["canary"])]).unwrap();
        assert_eq!(hits(&m, "a canary rollout").len(), 2);
    }

    #[test]
    fn exact_terms_respect_case() {
        let m = Matcher::new(&[VocabDef {
            name: "metric".into(),
            exact: vec!["MAP".into()],
            ..Default::default()
        }])
        .unwrap();
        assert_eq!(hits(&m, "the MAP and the map").len(), 1);
    }

    #[test]
    fn patterns_are_whole_word_and_bad_ones_are_reported() {
        let m = Matcher::new(&[VocabDef {
            name: "lat".into(),
            patterns: vec![r"p\d{2}".into()],
            ..Default::default()
        }])
        .unwrap();
        assert_eq!(hits(&m, "p99 but not xp99"), vec![(0, "p99".into())]);
        let err = Matcher::new(&[VocabDef {
            patterns: vec!["(unclosed".into()],
            ..Default::default()
        }])
        .unwrap_err();
        assert_eq!((err.vocab, err.pattern), (0, 0));
    }

    #[test]
    fn non_ascii_letters_glue_words() {
        let m = Matcher::new(&[vocab("v", &["big"])]).unwrap();
        assert!(hits(&m, "bigé").is_empty());
        assert_eq!(hits(&m, "数据 big").len(), 1);
    }
}
