//! Compiled vocabularies: every term of every vocabulary is matched in one pass.
//!
//! Terms are case-folded (ASCII) and hyphen-folded ("low-latency" = "low latency"); one
//! Aho-Corasick automaton finds them all, walked from each word start (every term is a
//! whole word), and a whole-word check drops hits that end inside a longer word.
//! Case-sensitive terms ride in the same automaton (folded) and are checked against the
//! original spelling. Folding is byte-for-byte, so offsets into the folded text are offsets
//! into the original. The automaton is a compact NFA, built when first needed (or ahead, on
//! a spare core, by [`Matcher::warm`]).
//!
//! Regex patterns do not scan the text themselves. Each match of a pattern must start at
//! a word start (hits are whole words), so a pattern runs *anchored*, only where it can
//! begin: the literal prefixes of a pattern (`recall`, `p0`…`p9`, `users`…, taken from its
//! syntax tree) ride along in the same Aho-Corasick pass as triggers, and a pattern that
//! begins with a digit is tried at each number. Only a pattern with neither (rare) scans
//! the text on its own. One regex per pattern keeps each automaton small: a single
//! multi-pattern regex over all of them grows a lazy DFA whose states multiply.

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored as AcAnchored, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::sync::OnceLock;

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

/// Where a pattern can start.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Trigger {
    /// At one of these literals (every match begins with one).
    Literals(Vec<Vec<u8>>),
    /// At an ASCII digit that starts a number.
    Digit,
    /// Anywhere: the pattern scans the text itself.
    Anywhere,
}

#[derive(Debug, Clone)]
struct Pattern {
    hir: Hir,
    /// Compiled on first use: a short draft triggers few patterns, and compiling all of
    /// them would dominate start-up. `None` if it does not compile (only possible for a
    /// pattern [`Matcher::new`] was told to trust without compiling).
    regex: OnceLock<Option<Regex>>,
    owners: Vec<VocabId>,
    trigger: Trigger,
}

impl Pattern {
    fn regex(&self) -> Option<&Regex> {
        self.regex.get_or_init(|| compile(&self.hir).ok()).as_ref()
    }
}

fn compile(hir: &Hir) -> Result<Regex, String> {
    Regex::builder()
        .configure(Regex::config().nfa_size_limit(Some(REGEX_SIZE_LIMIT)))
        .build_from_hir(hir)
        .map_err(|e| e.to_string())
}

/// The automaton of every string: a contiguous NFA, about a millisecond to build and ~1 MB.
/// A DFA was tried beside it: walked from word starts it is no faster (its ~9 MB table
/// misses the cache on most steps) and takes tens of milliseconds to build.
#[derive(Debug, Clone, Default)]
struct Automata {
    keys: Vec<Vec<u8>>,
    nfa: OnceLock<Option<NFA>>,
}

impl Automata {
    /// Builds the automaton now rather than at the first scan.
    fn warm(&self) {
        if !self.keys.is_empty() {
            self.nfa.get_or_init(|| build_nfa(&self.keys));
        }
    }

    fn each_match(&self, text: &str, found: impl FnMut(usize, usize, usize)) {
        if self.keys.is_empty() {
            return;
        }
        if let Some(nfa) = self.nfa.get_or_init(|| build_nfa(&self.keys)) {
            each_word_match(nfa, text, found);
        }
    }
}

/// What one string of the automaton stands for.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// Vocabularies holding it as a (folded) term.
    owners: Vec<VocabId>,
    /// Vocabularies holding it as an exact term, with the exact spelling to check.
    exact: Vec<(VocabId, Box<str>)>,
    /// Patterns it may start.
    triggers: Vec<u32>,
    /// A single ASCII digit: where a number, and so the digit patterns, may start.
    digit: bool,
}

/// `Default` is the matcher of no vocabulary: it finds nothing.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Every term, exact term (folded) and pattern trigger: one pass finds them all.
    automata: Automata,
    entries: Vec<Entry>,
    patterns: Vec<Pattern>,
    digit_patterns: Vec<u32>,
    /// All digit patterns in one anchored check: most numbers start none of them, and one
    /// search says so for all at once. Built on first use, like the patterns.
    digit_hirs: Vec<Hir>,
    digit_gate: OnceLock<Option<Regex>>,
}

/// Size cap on one compiled pattern, so a hostile rule file cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl Matcher {
    /// Compiles every pattern now, so that each one that fails is reported.
    pub fn new(vocabs: &[VocabDef]) -> Result<Matcher, PatternError> {
        Matcher::with_trusted(vocabs, |_, _| false)
    }

    /// Like [`Matcher::new`], but the patterns for which `trusted(vocab, pattern)` holds
    /// (the built-in pack's, which its tests compile) are only parsed now and compiled
    /// when first used.
    pub fn with_trusted(
        vocabs: &[VocabDef],
        trusted: impl Fn(usize, usize) -> bool,
    ) -> Result<Matcher, PatternError> {
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        // Key → its index (a linear search here made start-up quadratic in the terms).
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut entry = |key: Vec<u8>| -> usize {
            *index.entry(key).or_insert_with_key(|key| {
                keys.push(key.clone());
                entries.push(Entry::default());
                keys.len() - 1
            })
        };
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut pattern_owners: Vec<Vec<VocabId>> = Vec::new();
        let mut pattern_origin: Vec<(usize, usize)> = Vec::new();
        let mut term_entries: Vec<(usize, VocabId)> = Vec::new();
        let mut exact_entries: Vec<(usize, VocabId, Box<str>)> = Vec::new();
        for (vi, v) in vocabs.iter().enumerate() {
            let id = vi as VocabId;
            for t in &v.terms {
                let t = normalise_term(t);
                if t.is_empty() {
                    continue;
                }
                // Real text often has the typographic apostrophe ("don’t"): match both.
                if t.contains('\'') {
                    term_entries.push((entry(t.replace('\'', "\u{2019}").into_bytes()), id));
                }
                term_entries.push((entry(t.into_bytes()), id));
            }
            for t in &v.exact {
                let t = t.trim();
                if !t.is_empty() {
                    let key = fold_for_matching(t).into_bytes();
                    exact_entries.push((entry(key), id, t.into()));
                }
            }
            for (pi, p) in v.patterns.iter().enumerate() {
                let before = pattern_texts.len();
                add_owned(&mut pattern_texts, &mut pattern_owners, p.clone(), id);
                if pattern_texts.len() > before {
                    pattern_origin.push((vi, pi));
                }
            }
        }
        let mut patterns = Vec::with_capacity(pattern_texts.len());
        let mut digit_patterns = Vec::new();
        let mut trigger_entries: Vec<(usize, u32)> = Vec::new();
        let mut digit_hirs: Vec<Hir> = Vec::new();
        for (i, (text, owners)) in pattern_texts.into_iter().zip(pattern_owners).enumerate() {
            let (vocab, pattern) = pattern_origin[i];
            let error = |message: String| PatternError {
                vocab,
                pattern,
                message,
            };
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(&text)
                .map_err(|e| error(e.to_string()))?;
            let regex = OnceLock::new();
            if !trusted(vocab, pattern) {
                let _ = regex.set(Some(compile(&hir).map_err(error)?));
            }
            // Triggers are read from an ASCII reading of the pattern (`\d` = `[0-9]`):
            // numbers in prose use ASCII digits, and a Unicode class is too big to list.
            let ascii = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(&text)
                .unwrap_or_else(|_| hir.clone());
            let trigger = trigger_of(&ascii);
            match &trigger {
                Trigger::Literals(lits) => {
                    for lit in lits {
                        trigger_entries.push((entry(lit.clone()), i as u32));
                    }
                }
                Trigger::Digit => {
                    digit_patterns.push(i as u32);
                    digit_hirs.push(hir.clone());
                }
                Trigger::Anywhere => {}
            }
            patterns.push(Pattern {
                hir,
                regex,
                owners,
                trigger,
            });
        }
        // Numbers are found by the same pass: each digit is a string of the automaton.
        let digit_entries: Vec<usize> = if digit_patterns.is_empty() {
            Vec::new()
        } else {
            (b'0'..=b'9').map(|d| entry(vec![d])).collect()
        };
        for (e, id) in term_entries {
            if !entries[e].owners.contains(&id) {
                entries[e].owners.push(id);
            }
        }
        for (e, id, spelling) in exact_entries {
            if !entries[e]
                .exact
                .iter()
                .any(|(v, s)| *v == id && *s == spelling)
            {
                entries[e].exact.push((id, spelling));
            }
        }
        for (e, p) in trigger_entries {
            entries[e].triggers.push(p);
        }
        for e in digit_entries {
            entries[e].digit = true;
        }
        Ok(Matcher {
            automata: Automata {
                keys,
                ..Default::default()
            },
            entries,
            patterns,
            digit_patterns,
            digit_hirs,
            digit_gate: OnceLock::new(),
        })
    }

    fn digit_gate(&self) -> Option<&Regex> {
        self.digit_gate
            .get_or_init(|| {
                if self.digit_hirs.is_empty() {
                    return None;
                }
                let limit = REGEX_SIZE_LIMIT.saturating_mul(self.digit_hirs.len());
                Regex::builder()
                    .configure(Regex::config().nfa_size_limit(Some(limit)))
                    .build_many_from_hir(&self.digit_hirs)
                    .ok()
            })
            .as_ref()
    }

    /// Builds the automaton the first small draft needs (a millisecond or two), so that a
    /// caller with a spare core can do it while it prepares the rest.
    pub fn warm(&self) {
        self.automata.warm();
    }

    /// Appends every whole-word hit in `original` (and its `folded` twin) to `out`.
    pub fn scan(&self, original: &str, folded: &str, out: &mut Vec<RawHit>) {
        let mut starts = Vec::with_capacity(folded.len() / 200 + 4);
        self.scan_terms(original, folded, out, &mut starts);
        self.scan_patterns(folded, &mut starts, out);
    }

    /// The terms (folded and exact) in one pass; collects where patterns may start as
    /// `(pattern, offset)`.
    pub fn scan_terms(
        &self,
        original: &str,
        folded: &str,
        out: &mut Vec<RawHit>,
        starts: &mut Vec<(u32, usize)>,
    ) {
        // Every match the walk reports starts a word: only its end remains to be checked.
        self.automata.each_match(folded, |pid, start, end| {
            let e = &self.entries[pid];
            if (!e.owners.is_empty() || !e.exact.is_empty()) && ends_word(folded, start, end) {
                push_hits(&e.owners, start, end, out);
                for (vocab, spelling) in &e.exact {
                    if original.get(start..end) == Some(&**spelling) {
                        out.push(RawHit {
                            vocab: *vocab,
                            start,
                            end,
                        });
                    }
                }
            }
            if !e.triggers.is_empty() {
                starts.extend(e.triggers.iter().map(|&p| (p, start)));
            }
            if e.digit {
                let gated = self.digit_gate().is_some_and(|gate| {
                    let window = start..window_end(folded, start);
                    !gate.is_match(Input::new(folded).range(window).anchored(Anchored::Yes))
                });
                if !gated {
                    starts.extend(self.digit_patterns.iter().map(|&p| (p, start)));
                }
            }
        });
    }

    /// How many strings the automaton reports in `folded` at word starts, whole words or
    /// not (for benchmarks: the cost of the term pass grows with it).
    pub fn raw_matches(&self, folded: &str) -> usize {
        let mut n = 0;
        self.automata.each_match(folded, |_, _, _| n += 1);
        n
    }

    /// The regex patterns: anchored at the collected `starts`, plus the patterns that
    /// scan on their own. Like a left-to-right search, one pattern's matches never
    /// overlap each other.
    pub fn scan_patterns(&self, folded: &str, starts: &mut [(u32, usize)], out: &mut Vec<RawHit>) {
        starts.sort_unstable();
        let mut current = u32::MAX;
        let mut free_from = 0;
        for &(p, at) in starts.iter() {
            if p != current {
                current = p;
                free_from = 0;
            }
            if at < free_from {
                continue;
            }
            let pattern = &self.patterns[p as usize];
            let input = Input::new(folded)
                .range(at..window_end(folded, at))
                .anchored(Anchored::Yes);
            // Anchored: the match starts at `at`, so only its end is searched for.
            let Some(regex) = pattern.regex() else {
                continue;
            };
            if let Some(m) = regex.search_half(&input) {
                let end = m.offset();
                if at < end && is_whole_word(folded, at, end) {
                    free_from = end;
                    push_hits(&pattern.owners, at, end, out);
                }
            }
        }
        for pattern in &self.patterns {
            if pattern.trigger != Trigger::Anywhere {
                continue;
            }
            let Some(regex) = pattern.regex() else {
                continue;
            };
            for m in regex.find_iter(folded) {
                if m.start() < m.end() && is_whole_word(folded, m.start(), m.end()) {
                    push_hits(&pattern.owners, m.start(), m.end(), out);
                }
            }
        }
    }
}

/// How far past its start a triggered pattern may match. Patterns with open gaps
/// (`[^.!]*`) would otherwise read to the end of an unpunctuated block from every start:
/// quadratic. A claim spread over more than this is not one phrase anyway.
const PATTERN_WINDOW: usize = 600;

fn window_end(text: &str, at: usize) -> usize {
    let mut end = at.saturating_add(PATTERN_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

fn push_hits(owners: &[VocabId], start: usize, end: usize, out: &mut Vec<RawHit>) {
    out.extend(owners.iter().map(|&vocab| RawHit { vocab, start, end }));
}

/// Where matches of a pattern can begin: its literal prefixes when every match has one
/// that starts with a word character; a number when it begins with a digit class.
fn trigger_of(hir: &Hir) -> Trigger {
    if begins_with_digit(hir) {
        return Trigger::Digit;
    }
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    if let Some(lits) = seq.literals() {
        let bytes: Vec<Vec<u8>> = lits.iter().map(|l| l.as_bytes().to_vec()).collect();
        let usable = !bytes.is_empty()
            && bytes.iter().all(|b| {
                b.first()
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_')
            });
        if usable {
            return Trigger::Literals(bytes);
        }
    }
    Trigger::Anywhere
}

/// True when every match of `hir` begins with a decimal digit.
fn begins_with_digit(hir: &Hir) -> bool {
    match hir.kind() {
        // `\d` and `[0-9]`: a class of digits only. Numbers in prose are written with
        // ASCII digits, which are the triggers.
        HirKind::Class(Class::Unicode(c)) => {
            !c.ranges().is_empty()
                && c.ranges()
                    .iter()
                    .all(|r| r.start().is_numeric() && r.end().is_numeric())
        }
        HirKind::Class(Class::Bytes(c)) => {
            !c.ranges().is_empty()
                && c.ranges()
                    .iter()
                    .all(|r| r.start() >= b'0' && r.end() <= b'9')
        }
        HirKind::Literal(l) => l.0.first().is_some_and(u8::is_ascii_digit),
        HirKind::Capture(c) => begins_with_digit(&c.sub),
        HirKind::Repetition(r) => r.min >= 1 && begins_with_digit(&r.sub),
        HirKind::Concat(v) => v.first().is_some_and(begins_with_digit),
        HirKind::Alternation(v) => v.iter().all(begins_with_digit),
        _ => false,
    }
}

fn add_owned<T: PartialEq>(
    terms: &mut Vec<T>,
    owners: &mut Vec<Vec<VocabId>>,
    term: T,
    id: VocabId,
) {
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

fn build_nfa(terms: &[Vec<u8>]) -> Option<NFA> {
    NFA::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(terms)
        .ok()
}

/// Calls `found(pattern, start, end)` for every occurrence of a string of `aut` in `text`
/// that starts a word (where [`starts_word`] holds: the only occurrences the scan uses),
/// in order of start, then end. Each such position gets an anchored walk that stops as soon
/// as no string continues; positions inside a word get none. A full scan (every position,
/// overlapping) spent most of its time on strings inside longer words ("i" in "this") and
/// on cache misses in a large table; the walk stays in the automaton's first levels.
fn each_word_match<A: Automaton>(aut: &A, text: &str, mut found: impl FnMut(usize, usize, usize)) {
    let Ok(start) = aut.start_state(AcAnchored::Yes) else {
        return;
    };
    let hay = text.as_bytes();
    // Whether the character before `p` continues a word.
    let mut after_word = false;
    let mut p = 0;
    while p < hay.len() {
        let b = hay[p];
        let (is_word, continues, len) = if b.is_ascii() {
            let w = b.is_ascii_alphanumeric() || b == b'_';
            (w, w, 1)
        } else {
            match text.get(p..).and_then(|t| t.chars().next()) {
                Some(c) => (is_word_char(c), continues_word(c), c.len_utf8()),
                None => (false, false, 1),
            }
        };
        if !(is_word && after_word) {
            let mut sid = start;
            for (i, &x) in hay[p..].iter().enumerate() {
                sid = aut.next_state(AcAnchored::Yes, sid, x);
                if aut.is_dead(sid) {
                    break;
                }
                if aut.is_match(sid) {
                    let end = p + i + 1;
                    for k in 0..aut.match_len(sid) {
                        let pid = aut.match_pattern(sid, k);
                        // A state may also hold strings that end here but start later.
                        if aut.pattern_len(pid) == end - p {
                            found(pid.as_usize(), p, end);
                        }
                    }
                }
            }
        }
        after_word = continues;
        p += len;
    }
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

/// One byte of [`fold_for_matching`]: branch-free, so the loop over a text vectorises.
#[inline(always)]
fn fold_byte(b: u8) -> u8 {
    let upper = b.wrapping_sub(b'A') < 26;
    let space = b == b'-' || b == b'\n' || b == b'\r' || b == b'\t';
    let lowered = b | ((upper as u8) << 5);
    if space {
        b' '
    } else {
        lowered
    }
}

/// The matching twin of a prose text: same length, ASCII lowercase, hyphens and line
/// breaks as spaces.
pub fn fold_for_matching(text: &str) -> String {
    let bytes: Vec<u8> = text.bytes().map(fold_byte).collect();
    // Only ASCII bytes were changed, into ASCII bytes, so this is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a neighbouring character continues the word. Chinese, Japanese and Korean text
/// has no spaces, so a Latin word written against it ("要clarify") still stands alone.
fn continues_word(c: char) -> bool {
    is_word_char(c) && !is_cjk(c)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// True when `text[start..end]` is not glued to a letter or digit on either side (only
/// checked on a side where the match itself begins or ends with a word character).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    starts_word(text, start, end) && ends_word(text, start, end)
}

/// True when `text[start..end]` is not glued to a word character on its right.
fn ends_word(text: &str, start: usize, end: usize) -> bool {
    !last_is_word(text, start, end) || !word_char_after(text, end)
}

/// True when `text[start..end]` is not glued to a word character on its left.
///
/// These run for every string the automaton finds, most of them inside longer words ("i"
/// in "this"): ASCII neighbours are judged from the byte alone, anything else decodes.
fn starts_word(text: &str, start: usize, end: usize) -> bool {
    !(first_is_word(text, start, end) && word_char_before(text, start))
}

fn first_is_word(text: &str, start: usize, end: usize) -> bool {
    match text.as_bytes().get(start) {
        Some(&b) if start < end && b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        _ => text
            .get(start..end)
            .and_then(|s| s.chars().next())
            .is_some_and(is_word_char),
    }
}

fn last_is_word(text: &str, start: usize, end: usize) -> bool {
    match end.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        Some(&b) if start < end && b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        _ => text
            .get(start..end)
            .and_then(|s| s.chars().next_back())
            .is_some_and(is_word_char),
    }
}

/// Whether the character before `at` continues a word.
fn word_char_before(text: &str, at: usize) -> bool {
    match at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        None => false,
        Some(&b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => text
            .get(..at)
            .and_then(|s| s.chars().next_back())
            .is_some_and(continues_word),
    }
}

/// Whether the character at `at` continues a word.
fn word_char_after(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => false,
        Some(&b) if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        Some(_) => text
            .get(at..)
            .and_then(|s| s.chars().next())
            .is_some_and(continues_word),
    }
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
    fn a_latin_word_against_cjk_text_stands_alone() {
        let m = Matcher::new(&[vocab("q", &["clarify"])]).unwrap();
        assert_eq!(
            hits(&m, "一定要clarify: scale"),
            vec![(0, "clarify".to_string())]
        );
        assert_eq!(hits(&m, "clarify吧"), vec![(0, "clarify".to_string())]);
        // Latin and other alphabets still glue: no hit inside a longer word.
        assert!(hits(&m, "declarify").is_empty());
        assert!(hits(&m, "éclarify").is_empty());
    }

    #[test]
    fn a_term_with_an_apostrophe_matches_the_typographic_one_too() {
        let m = Matcher::new(&[vocab("neg", &["don't"])]).unwrap();
        assert_eq!(hits(&m, "we don’t cache"), vec![(0, "don’t".to_string())]);
        assert_eq!(hits(&m, "we don't cache"), vec![(0, "don't".to_string())]);
        assert!(hits(&m, "we dont cache").is_empty());
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

    fn pattern_vocab(name: &str, patterns: &[&str]) -> VocabDef {
        VocabDef {
            name: name.into(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn patterns_start_where_they_can() {
        let m = Matcher::new(&[pattern_vocab(
            "v",
            &[
                r"recall\s?@\s?\d+",
                r"\d+\s?ms",
                r"[a-z]+ vs [a-z]+",
                r"p\d{2}",
            ],
        )])
        .unwrap();
        let kinds: Vec<&Trigger> = m.patterns.iter().map(|p| &p.trigger).collect();
        assert!(
            matches!(kinds[0], Trigger::Literals(l) if l.iter().all(|l| l.starts_with(b"recall")))
        );
        assert_eq!(kinds[1], &Trigger::Digit);
        assert_eq!(kinds[2], &Trigger::Anywhere);
        assert!(
            matches!(kinds[3], Trigger::Literals(l) if l.len() >= 10 && l.iter().all(|l| l[0] == b'p' && l[1].is_ascii_digit()))
        );
        assert_eq!(
            hits(&m, "Recall@10 in 40ms, x40ms, cats vs dogs, p99 not xp99"),
            vec![
                (0, "Recall@10".into()),
                (0, "40ms".into()),
                (0, "p99".into()),
                (0, "cats vs dogs".into()),
            ]
        );
    }

    #[test]
    fn two_patterns_on_the_same_words_both_hit() {
        let m = Matcher::new(&[
            pattern_vocab("a", &[r"\d+\s?(ms|s)"]),
            pattern_vocab("b", &[r"\d+\s?ms"]),
        ])
        .unwrap();
        let mut got = hits(&m, "under 100ms");
        got.sort();
        assert_eq!(got, vec![(0, "100ms".into()), (1, "100ms".into())]);
    }

    /// Every whole-word match of each pattern, left to right without overlaps, found by
    /// trying every position: what the triggered search must equal.
    fn brute_force(patterns: &[&str], folded: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let re = Regex::new(p).unwrap();
            let mut at = 0;
            while at <= folded.len() {
                if folded.is_char_boundary(at)
                    && (at == folded.len()
                        || starts_word(
                            folded,
                            at,
                            at + folded[at..].chars().next().map_or(0, char::len_utf8),
                        ))
                {
                    let input = Input::new(folded).range(at..).anchored(Anchored::Yes);
                    if let Some(m) = re.search(&input) {
                        if m.start() < m.end() && is_whole_word(folded, m.start(), m.end()) {
                            out.push((i, m.start(), m.end()));
                            at = m.end();
                            continue;
                        }
                    }
                }
                at += 1;
            }
        }
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        #[test]
        fn triggered_patterns_find_what_trying_everywhere_finds(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "recall", "@", "10", "3.5", "ms", "p99", "xp99", "users", "vs", "cats", "é",
                "数据", "-", ".", " ", "  ", "retrain", "every", "day", "40ms", "v2", "k",
            ]), 0..40)
        ) {
            let patterns = [
                r"recall\s?(@|at)\s?(k|\d+)",
                r"\d+(\.\d+)?\s?(ms|s)",
                r"p\d{2,3}",
                r"[a-z]+ vs [a-z]+",
                r"(users|items)[^.!]*?\d+",
                r"retrain[^.]*(every|daily)",
                r"v[1-4]",
            ];
            let m = Matcher::new(&[VocabDef {
                name: "x".into(),
                patterns: patterns.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            }]).unwrap();
            let text = words.concat();
            let folded = fold_for_matching(&text);
            let mut starts = Vec::new();
            let mut ignored = Vec::new();
            m.scan_terms(&text, &folded, &mut ignored, &mut starts);
            let mut out = Vec::new();
            m.scan_patterns(&folded, &mut starts, &mut out);
            let mut got: Vec<(usize, usize, usize)> = Vec::new();
            for h in &out {
                let i = patterns.iter().position(|p| {
                    let re = Regex::new(p).unwrap();
                    let input = Input::new(folded.as_str()).range(h.start..).anchored(Anchored::Yes);
                    re.search(&input).is_some_and(|mm| mm.end() == h.end)
                }).unwrap();
                got.push((i, h.start, h.end));
            }
            got.sort_unstable();
            got.dedup();
            let mut want = brute_force(&patterns, &folded);
            want.dedup();
            // Several patterns may explain one hit; compare the spans.
            let spans = |v: &[(usize, usize, usize)]| {
                let mut s: Vec<(usize, usize)> = v.iter().map(|x| (x.1, x.2)).collect();
                s.sort_unstable();
                s.dedup();
                s
            };
            proptest::prop_assert_eq!(spans(&got), spans(&want));
        }
    }

    #[test]
    fn a_gap_pattern_reads_no_further_than_its_window() {
        let m = Matcher::new(&[pattern_vocab("v", &[r"retrain[^.]*daily"])]).unwrap();
        let near = format!("retrain {} daily", "x ".repeat(100));
        assert_eq!(hits(&m, &near).len(), 1);
        let far = format!("retrain {} daily", "x ".repeat(PATTERN_WINDOW));
        assert!(hits(&m, &far).is_empty());
        // The window ends on a character boundary.
        let wide = format!("retrain {}", "é".repeat(PATTERN_WINDOW));
        assert!(hits(&m, &wide).is_empty());
    }

    #[test]
    fn folding_lowercases_ascii_and_spaces_breaks_only() {
        for b in 0..=255u8 {
            let want = match b {
                b'-' | b'\n' | b'\r' | b'\t' => b' ',
                b'A'..=b'Z' => b + 32,
                _ => b,
            };
            assert_eq!(fold_byte(b), want, "byte {b}");
        }
        assert_eq!(fold_for_matching("Low-Latency\r\nÉté"), "low latency  Été");
    }

    /// Whole-word judgement by decoding every neighbour: what the byte-level fast path
    /// must agree with.
    fn whole_word_by_chars(text: &str, start: usize, end: usize) -> bool {
        let inner = &text[start..end];
        let first = inner.chars().next().is_some_and(is_word_char);
        let last = inner.chars().next_back().is_some_and(is_word_char);
        if first
            && text[..start]
                .chars()
                .next_back()
                .is_some_and(continues_word)
        {
            return false;
        }
        if last && text[end..].chars().next().is_some_and(continues_word) {
            return false;
        }
        true
    }

    proptest::proptest! {
        #[test]
        fn whole_word_fast_path_agrees_with_decoding(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "i", "this", " ", "é", "数", "_", "9", "’", ".", "-", "I", "\n", "ü", "𝔸",
            ]), 1..12)
        ) {
            let text = parts.concat();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (k, &a) in bounds.iter().enumerate() {
                for &b in &bounds[k + 1..] {
                    proptest::prop_assert_eq!(
                        is_whole_word(&text, a, b),
                        whole_word_by_chars(&text, a, b),
                        "{:?} {}..{}", text, a, b
                    );
                }
            }
        }
    }

    /// Every occurrence of every string, overlapping, by an unanchored scan of every
    /// position: the reference the word-start walk is held to.
    fn each_match<A: Automaton>(aut: &A, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        let Ok(mut sid) = aut.start_state(AcAnchored::No) else {
            return;
        };
        for (i, &b) in hay.iter().enumerate() {
            sid = aut.next_state(AcAnchored::No, sid, b);
            if aut.is_special(sid) && aut.is_match(sid) {
                let end = i + 1;
                for k in 0..aut.match_len(sid) {
                    let pid = aut.match_pattern(sid, k);
                    found(pid.as_usize(), end - aut.pattern_len(pid), end);
                }
            }
        }
    }

    fn word_matches<A: Automaton>(aut: &A, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        each_word_match(aut, text, |p, s, e| out.push((p, s, e)));
        out
    }

    proptest::proptest! {
        #[test]
        fn the_word_start_walk_finds_what_a_full_scan_finds_at_word_starts(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "fast", "low latency", "a/b test", "p99", "100ms", "users", "10", "recall@10",
                "scal", "scalable", "the", " ", ". ", "数据", "é", "-", "canary", "retrain",
                "this", "i", "_", "’", "ünique", "in", "2", "qps", "(", "scale",
            ]), 0..50)
        ) {
            let pack = crate::rules::Pack::builtin().unwrap();
            let keys = &pack.matcher.automata.keys;
            let text = fold_for_matching(&words.concat());
            let nfa = build_nfa(keys).unwrap();
            let mut want = Vec::new();
            each_match(&nfa, text.as_bytes(), |p, s, e| {
                if starts_word(&text, s, e) {
                    want.push((p, s, e));
                }
            });
            want.sort_unstable();
            let mut by_nfa = word_matches(&nfa, &text);
            by_nfa.sort_unstable();
            proptest::prop_assert_eq!(&by_nfa, &want);
        }
    }

    #[test]
    fn every_built_in_pattern_compiles() {
        let pack = crate::rules::Pack::builtin().unwrap();
        assert!(Matcher::new(&pack.vocabs).is_ok());
        assert!(!pack.matcher.patterns.is_empty());
        for p in &pack.matcher.patterns {
            assert!(p.regex().is_some());
        }
    }

    #[test]
    fn non_ascii_letters_glue_words() {
        let m = Matcher::new(&[vocab("v", &["big"])]).unwrap();
        assert!(hits(&m, "bigé").is_empty());
        assert_eq!(hits(&m, "数据 big").len(), 1);
    }
}
