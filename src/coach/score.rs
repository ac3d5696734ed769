//! The scorecard: six dimensions graded from what the answer says (evidence) and from the
//! rules that fired, an overall score, and the three fixes worth most. All weights, bars
//! and evidence come from the pack's scorecard data; nothing here names a rule.

use super::layout::{layout, Layout};
use crate::engine::checks::effective_severity;
use crate::engine::draft::Draft;
use crate::engine::{Finding, Report, Settings, Severity};
use crate::pack::{StageId, StageSet};
use crate::rules::scorecard::{level_index, Criterion, Dimension, ScoreModel, Signal, Test};
use crate::rules::Pack;
use crate::text_index::{floor_char_boundary, LineLookup};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// Prose words from which a signal the sections cannot show counts as unknown (half
/// credit) rather than absent.
const UNKNOWN_MIN_WORDS: usize = 100;

/// Longest quoted line (bytes); longer ones are cut with an ellipsis.
const QUOTE_MAX: usize = 240;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Missing,
    Weak,
    Good,
    Great,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Missing => "missing",
            Grade::Weak => "weak",
            Grade::Good => "good",
            Grade::Great => "great",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A quoted line that earned credit (1-based line, trimmed text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub line: u32,
    pub text: String,
}

/// A rule that fired in a dimension, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub rule: Arc<str>,
    /// The line of its first finding; none for a finding about the whole answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionCard {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub grade: Grade,
    pub score: u32,
    pub evidence: Vec<Evidence>,
    pub missing: Vec<Missing>,
    /// The heaviest thing the answer does not yet show (a criterion with less than half its
    /// credit).
    #[serde(skip)]
    pub gap: Option<Arc<str>>,
    /// The bars this dimension is held to at the draft's level.
    #[serde(skip)]
    pub bars: (u32, u32),
}

/// One of the changes worth most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixFirst {
    pub rule: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The stage where the missing piece belongs (a stage id), for a whole-answer finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    pub how: String,
    /// The dimension it raises.
    #[serde(skip)]
    pub dimension: Arc<str>,
    /// The stage's heading, for people.
    #[serde(skip)]
    pub stage_heading: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub overall: u32,
    pub grade: Grade,
    pub level: String,
    pub dimensions: Vec<DimensionCard>,
    pub fix_first: Vec<FixFirst>,
    /// The bars of the overall score at this level.
    #[serde(skip)]
    pub bars: (u32, u32),
    /// A stage may run this many times its budget before its time counts against it.
    #[serde(skip)]
    pub time_slack: f64,
}

impl Scorecard {
    /// A card with nothing on it (no dimensions), for callers that asked for none.
    pub fn empty(level: crate::pack::Level) -> Scorecard {
        Scorecard {
            overall: 0,
            grade: Grade::Missing,
            level: level.to_string(),
            dimensions: Vec::new(),
            fix_first: Vec::new(),
            bars: (0, 0),
            time_slack: 1.0,
        }
    }
}

/// How a dimension fared, before it becomes a card.
struct Reading {
    /// Evidence credit 0–1, `None` when no criterion applies.
    evidence: Option<f64>,
    /// Share of the rules' weight that passes, `None` when no rule applies.
    rules: Option<f64>,
    /// Source offsets of the lines to quote, best first.
    quotes: Vec<usize>,
    /// The heaviest criterion that earned less than half its credit.
    gap: Option<(f64, usize)>,
}

/// Everything the criteria and rules look at, gathered once per draft.
struct Facts<'a, 'd> {
    draft: &'a Draft<'d>,
    pack: &'a Pack,
    report: &'a Report,
    model: &'a ScoreModel,
    lay: &'a Layout,
    /// Per rule of the pack: its severity for this draft when it counts (see [`severity`]);
    /// filled for the rules the scorecard maps.
    severity: Vec<Option<Severity>>,
    /// (rule position, finding index), sorted: the findings of each rule.
    fired: Vec<(usize, usize)>,
    /// The sentences criteria may count (headings never do): the scorecard's
    /// vocabularies each holds as bits, its stages, whether it is a question, its index.
    sentences: Vec<Countable>,
    by_bit: BitLists,
}

const BITS: usize = crate::rules::scorecard::MAX_SCORECARD_VOCABS;

/// For each vocabulary bit, the countable sentences holding it (positions in
/// `Facts::sentences`, ascending), packed in one array.
struct BitLists {
    /// `starts[b]..starts[b + 1]` is bit `b`'s part of `items`.
    starts: [u32; BITS + 1],
    items: Vec<u32>,
}

impl BitLists {
    fn new(sentences: &[Countable]) -> BitLists {
        let bits = BITS;
        let mut starts = [0u32; BITS + 1];
        for s in sentences {
            let mut m = s.mask;
            while m != 0 {
                let b = m.trailing_zeros() as usize;
                starts[b + 1] += 1;
                m &= m - 1;
            }
        }
        for b in 0..bits {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts;
        let mut items = vec![0u32; starts[bits] as usize];
        for (k, s) in sentences.iter().enumerate() {
            let mut m = s.mask;
            while m != 0 {
                let b = m.trailing_zeros() as usize;
                items[fill[b] as usize] = k as u32;
                fill[b] += 1;
                m &= m - 1;
            }
        }
        BitLists { starts, items }
    }

    fn of(&self, bit: usize) -> &[u32] {
        match (self.starts.get(bit), self.starts.get(bit + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A sentence as the criteria test it.
#[derive(Clone, Copy)]
struct Countable {
    mask: u128,
    stages: u32,
    question: bool,
    index: u32,
}

impl Facts<'_, '_> {
    /// Indices of the findings of the rule at `pos`, in order.
    fn findings_of(&self, pos: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.fired.partition_point(|&(r, _)| r < pos);
        self.fired[from..]
            .iter()
            .take_while(move |&&(r, _)| r == pos)
            .map(|&(_, i)| i)
    }
}

/// The scorecard of a linted draft.
pub fn scorecard(draft: &Draft, report: &Report, pack: &Pack, settings: &Settings) -> Scorecard {
    let lay = layout(draft, pack, &report.findings);
    scorecard_with(draft, report, pack, settings, &lay)
}

/// A fired rule that could be one of the fixes: its worth, dimension, rule entry and first
/// finding.
struct Candidate {
    worth: f64,
    dim: usize,
    rule: usize,
    finding: usize,
    how: usize,
}

/// [`scorecard`] with the findings' layout already computed.
pub fn scorecard_with(
    draft: &Draft,
    report: &Report,
    pack: &Pack,
    settings: &Settings,
    lay: &Layout,
) -> Scorecard {
    let model = &pack.scorecard;
    let level = report.context.level;
    let li = level_index(level);
    let present = present_stages(draft, pack);
    let mut severity_of = vec![None; pack.rules.len()];
    for r in model.dimensions.iter().flat_map(|d| &d.rules) {
        if let Some(slot) = severity_of.get_mut(r.index) {
            *slot = severity(pack, r.index, settings, report, present);
        }
    }
    let mut fired: Vec<(usize, usize)> = (0..report.findings.len())
        .filter_map(|i| {
            let pos = match lay.rules.get(i) {
                Some(p) => *p,
                None => pack.rule_position(&report.findings[i].rule),
            };
            pos.map(|p| (p, i))
        })
        .collect();
    fired.sort_unstable();
    // The countable sentences with the scorecard's vocabularies each holds (only those
    // vocabularies' hits are read), then, per vocabulary bit, the sentences holding it.
    // Every sentence with its bits (headings kept here, so a hit's sentence index is its
    // place), then the headings dropped.
    let mut sentences: Vec<Countable> = draft
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| Countable {
            mask: 0,
            stages: s.stages.0,
            question: s.is_question,
            index: i as u32,
        })
        .collect();
    for &(vocab, bit) in &model.vocab_bits {
        for h in draft.hits_of(vocab) {
            if let Some(c) = sentences.get_mut(h.sentence as usize) {
                c.mask |= 1u128 << bit;
            }
        }
    }
    sentences.retain(|c| {
        draft
            .sentences
            .get(c.index as usize)
            .and_then(|s| draft.blocks.get(s.block as usize))
            .is_some_and(|b| !b.is_heading)
    });
    let by_bit = BitLists::new(&sentences);
    let facts = Facts {
        draft,
        pack,
        report,
        model,
        lay,
        severity: severity_of,
        fired,
        sentences,
        by_bit,
    };
    // Line numbers are found at the end, in one pass over the text.
    let mut lines = LineLookup::with_capacity(facts.fired.len() + 4 * model.dimensions.len());
    let bars = model.bars[li];
    let mut cards = Vec::with_capacity(model.dimensions.len());
    let mut quotes_of: Vec<Vec<usize>> = Vec::with_capacity(model.dimensions.len());
    // Per card: (rule, first finding, how) of each fired rule.
    let mut fired_of: Vec<Vec<(usize, usize, String)>> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(facts.fired.len());
    let mut fired_scratch: Vec<(f64, usize, usize, usize)> = Vec::with_capacity(16);
    let mut earned: Vec<(u32, u32, usize)> = Vec::with_capacity(64);
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for (di, dim) in model.dimensions.iter().enumerate() {
        let reading = read_dimension(&facts, dim, &mut earned);
        let s = dim.evidence_share.unwrap_or(model.evidence_share);
        let score = match (reading.evidence, reading.rules) {
            // Nothing in the answer earns credit: the rules that stayed quiet say little.
            (Some(e), Some(r)) if e <= 0.0 => (1.0 - s) * r * 0.5,
            (Some(e), Some(r)) => s * e + (1.0 - s) * r,
            (Some(e), None) => e,
            (None, Some(r)) => r,
            (None, None) => 0.0,
        };
        let score = to_score(score);
        let expect = dim.expect[li];
        let good = (bars.good * expect).min(100.0);
        let great = (bars.great * expect).min(100.0).max(good);
        let grade = if reading.evidence == Some(0.0) {
            Grade::Missing
        } else if score as f64 >= great {
            Grade::Great
        } else if score as f64 >= good {
            Grade::Good
        } else {
            Grade::Weak
        };
        weighted += dim.weight * expect * score as f64;
        weights += dim.weight * expect;

        // The rules that fired here, heaviest first, each with its how-to; each a
        // candidate fix worth the dimension's weight × what the level expects of it × how
        // far it is below `good` × the rule's weight in it.
        let fired = &mut fired_scratch;
        fired.clear();
        for (ri, r) in dim.rules.iter().enumerate() {
            let mut hits = facts.findings_of(r.index);
            if let Some(first) = hits.next() {
                fired.push((r.weight, ri, first, 1 + hits.count()));
            }
        }
        fired.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let distance = ((good - score as f64).max(0.0) / 100.0) + 0.02;
        let mut entries = Vec::with_capacity(fired.len());
        for &(weight, ri, first, count) in fired.iter() {
            let document = lay.places.get(first).is_some_and(|p| p.document);
            let finding = &report.findings[first];
            if !document {
                lines.want(finding.range.start);
            }
            entries.push((ri, first, how_to(finding, count, document)));
            if weight > 0.0 && facts.severity[dim.rules[ri].index].is_some() {
                candidates.push(Candidate {
                    worth: dim.weight * expect * distance * weight,
                    dim: di,
                    rule: ri,
                    finding: first,
                    how: entries.len() - 1,
                });
            }
        }
        fired_of.push(entries);
        for &q in &reading.quotes {
            lines.want(q);
        }
        quotes_of.push(reading.quotes);
        cards.push(DimensionCard {
            id: dim.id.clone(),
            name: dim.name.clone(),
            grade,
            score,
            evidence: Vec::new(),
            missing: Vec::new(),
            gap: reading
                .gap
                .and_then(|(_, c)| dim.evidence.get(c))
                .map(|c| c.what.clone()),
            bars: (good.round() as u32, great.round() as u32),
        });
    }
    // Fix first: the best candidate of each dimension, then the next best.
    candidates.sort_by(|a, b| b.worth.total_cmp(&a.worth).then(a.dim.cmp(&b.dim)));
    let mut picked: Vec<&Candidate> = Vec::new();
    for c in &candidates {
        if picked.len() < 3 && !picked.iter().any(|p| p.dim == c.dim) {
            picked.push(c);
        }
    }
    for c in &candidates {
        if picked.len() < 3 && !picked.iter().any(|p| std::ptr::eq(*p, c)) {
            picked.push(c);
        }
    }

    lines.resolve(draft.text);
    let line_of = |offset: usize| lines.line(offset);
    let fix_first = picked
        .iter()
        .map(|c| {
            let dim = &model.dimensions[c.dim];
            let rule = &dim.rules[c.rule];
            let place = lay.places.get(c.finding).copied();
            let document = place.is_some_and(|p| p.document);
            let stage = match place {
                Some(p) if p.document => pack
                    .scorecard
                    .rule_facts
                    .get(rule.index)
                    .and_then(|f| f.stage),
                Some(p) => p.stage,
                None => None,
            };
            FixFirst {
                rule: rule.rule.clone(),
                line: (!document).then(|| line_of(report.findings[c.finding].range.start)),
                stage: stage.map(|s| pack.stage(s).id.clone()),
                how: fired_of[c.dim][c.how].2.clone(),
                dimension: dim.id.clone(),
                stage_heading: stage.map(|s| pack.stage(s).heading.clone()),
            }
        })
        .collect();
    for (di, card) in cards.iter_mut().enumerate() {
        let dim = &model.dimensions[di];
        card.missing = std::mem::take(&mut fired_of[di])
            .into_iter()
            .map(|(ri, first, how)| {
                let document = lay.places.get(first).is_some_and(|p| p.document);
                Missing {
                    rule: dim.rules[ri].rule.clone(),
                    line: (!document).then(|| line_of(report.findings[first].range.start)),
                    how,
                }
            })
            .collect();
        let mut evidence: Vec<Evidence> = Vec::new();
        for &q in &quotes_of[di] {
            let line = line_of(q);
            if evidence.iter().any(|x| x.line == line) {
                continue;
            }
            evidence.push(Evidence {
                line,
                text: cut(line_text(draft.text, q).trim(), QUOTE_MAX),
            });
            if evidence.len() >= model.evidence_lines {
                break;
            }
        }
        evidence.sort_by_key(|e| e.line);
        card.evidence = evidence;
    }
    let overall = if weights > 0.0 {
        to_score(weighted / weights / 100.0)
    } else {
        0
    };
    let grade = if cards.is_empty() || cards.iter().all(|c| c.grade == Grade::Missing) {
        Grade::Missing
    } else if overall as f64 >= bars.great {
        Grade::Great
    } else if overall as f64 >= bars.good {
        Grade::Good
    } else {
        Grade::Weak
    };
    Scorecard {
        overall,
        grade,
        level: level.to_string(),
        dimensions: cards,
        fix_first,
        bars: (bars.good.round() as u32, bars.great.round() as u32),
        time_slack: model.time_slack,
    }
}

/// The line of `text` that holds `offset`, without its line break.
fn line_text(text: &str, offset: usize) -> &str {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let bytes = text.as_bytes();
    let start = memchr::memrchr2(b'\n', b'\r', &bytes[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr2(b'\n', b'\r', &bytes[offset..]).map_or(text.len(), |i| offset + i);
    text.get(start..end).unwrap_or("")
}

/// The severity a rule has for this draft, when it counts at all: it runs at the draft's
/// level and type, and it is not a rule about a stage's content when that stage is absent
/// (the missing stage is then the one finding, as a reviewer would raise it).
fn severity(
    pack: &Pack,
    pos: usize,
    settings: &Settings,
    report: &Report,
    present: StageSet,
) -> Option<Severity> {
    let r = pack.rules.get(pos)?;
    let sev = effective_severity(r, settings, &report.context)?;
    let stage_bound = pack
        .scorecard
        .rule_facts
        .get(pos)
        .and_then(|f| f.confined_to)
        .is_some_and(|set| !set.intersects(present));
    (!stage_bound).then_some(sev)
}

/// The stages the answer discusses in substance (a section with words, or enough of its
/// evidence anywhere), as the engine reads them.
fn present_stages(draft: &Draft, pack: &Pack) -> StageSet {
    let mut set = StageSet::default();
    for i in 0..pack.stages.len().min(32) {
        if draft.covers_stage(i as StageId, pack) {
            set.insert(i as StageId);
        }
    }
    set
}

/// A finding's message as a how-to; a rule that fired on several lines says how many.
fn how_to(first: &Finding, count: usize, document: bool) -> String {
    if count > 1 && !document {
        format!("{} (and {} more like it)", first.message, count - 1)
    } else {
        first.message.clone()
    }
}

fn to_score(x: f64) -> u32 {
    if x.is_finite() {
        (x * 100.0).round().clamp(0.0, 100.0) as u32
    } else {
        0
    }
}

/// `s` cut to at most `max` bytes (on a character boundary) with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    format!("{}…", &s[..floor_char_boundary(s, max)])
}

fn read_dimension(
    facts: &Facts<'_, '_>,
    dim: &Dimension,
    earned: &mut Vec<(u32, u32, usize)>,
) -> Reading {
    let level = facts.report.context.level;
    let keep = facts.model.evidence_lines.max(1);
    let mut credit = 0.0;
    let mut weight = 0.0;
    earned.clear();
    let mut gap: Option<(f64, usize)> = None;
    for (ci, c) in dim.evidence.iter().enumerate() {
        if c.from.is_some_and(|from| level < from) || c.weight <= 0.0 {
            continue;
        }
        let before = earned.len();
        let got = facts.criterion(c, keep, ci as u32, earned);
        let got = if got.is_finite() {
            got.clamp(0.0, 1.0)
        } else {
            0.0
        };
        credit += got * c.weight;
        weight += c.weight;
        let lack = c.weight * (1.0 - got);
        if got < 0.5 && gap.is_none_or(|(g, _)| lack > g) {
            gap = Some((lack, ci));
        }
        if got <= 0.0 {
            earned.truncate(before);
        }
    }
    // Quote the first line of each criterion that earned credit, then their next lines.
    earned.sort_unstable();
    let mut quotes: Vec<usize> = Vec::with_capacity(earned.len());
    for &(_, _, l) in earned.iter() {
        if !quotes.contains(&l) {
            quotes.push(l);
        }
    }
    let mut total = 0.0;
    let mut lost = 0.0;
    for r in &dim.rules {
        let Some(sev) = facts.severity.get(r.index).copied().flatten() else {
            continue;
        };
        if r.weight <= 0.0 {
            continue;
        }
        let weight = r.weight * facts.model.severity_weights[sev as usize - 1];
        total += weight;
        let mut n = 0usize;
        let mut on_lines = false;
        for i in facts.findings_of(r.index) {
            n += 1;
            on_lines |= facts
                .lay
                .places
                .get(i)
                .is_none_or(|p| !p.document && !p.section);
        }
        if n == 0 {
            continue;
        }
        // A finding about the answer or a section costs the rule's whole weight; a rule
        // that fires line by line costs more the more lines it fires on.
        let full = f64::from(facts.model.repeat_full.max(1));
        lost += if on_lines {
            weight * ((1.0 + n as f64) / (1.0 + full)).min(1.0)
        } else {
            weight
        };
    }
    let total = if total > 0.0 {
        total.max(facts.model.rules_floor)
    } else {
        0.0
    };
    Reading {
        evidence: (weight > 0.0).then(|| credit / weight),
        rules: (total > 0.0).then(|| 1.0 - lost / total),
        quotes,
        gap,
    }
}

impl Facts<'_, '_> {
    /// Credit 0–1 for one criterion; the source offsets of (up to `keep` of) the lines that
    /// earned it go to `earned` as (rank, criterion `ci`, offset), in document order.
    fn criterion(
        &self,
        c: &Criterion,
        keep: usize,
        ci: u32,
        earned: &mut Vec<(u32, u32, usize)>,
    ) -> f64 {
        let d = self.draft;
        match &c.test {
            Test::Terms {
                vocabs,
                stages,
                questions,
                with,
                masks,
                ..
            } => {
                let (all_terms, all_with, all_stages) =
                    (vocabs.is_empty(), with.is_empty(), stages.is_empty());
                let mut count = 0usize;
                // The first sentences (document order) that count: the smallest indices.
                let mut first: [u32; 8] = [u32::MAX; 8];
                let passes = |s: &Countable| {
                    (all_terms || s.mask & masks.any != 0)
                        && (all_with || s.mask & masks.with != 0)
                        && s.mask & masks.except == 0
                        && (s.question || !*questions)
                        && (all_stages || s.stages & stages.0 != 0)
                };
                let mut take = |s: &Countable| {
                    count += 1;
                    // Insert into the sorted few smallest.
                    let mut x = s.index;
                    for slot in first.iter_mut() {
                        if x < *slot {
                            std::mem::swap(slot, &mut x);
                        }
                    }
                };
                if all_terms {
                    for s in self.sentences.iter().filter(|s| passes(s)) {
                        take(s);
                    }
                } else {
                    // Only the sentences holding one of the vocabularies; a sentence holding
                    // several counts at its lowest one.
                    let mut bits = masks.any;
                    while bits != 0 {
                        let bit = bits.trailing_zeros();
                        let lower = masks.any & ((1u128 << bit) - 1);
                        for &k in self.by_bit.of(bit as usize) {
                            if let Some(s) = self.sentences.get(k as usize) {
                                if s.mask & lower == 0 && passes(s) {
                                    take(s);
                                }
                            }
                        }
                        bits &= bits - 1;
                    }
                }
                // The source offset of each quoted sentence's first character.
                for (rank, &i) in first[..count.min(keep).min(first.len())].iter().enumerate() {
                    if let Some(s) = d.sentences.get(i as usize) {
                        let at = d.to_source(s.block, s.range.start as usize, false);
                        earned.push((rank as u32, ci, at));
                    }
                }
                ratio(count as f64, c.min)
            }
            Test::Section { stages, min_words } => {
                let mut words = 0usize;
                let mut first: Option<usize> = None;
                for (i, b) in d.blocks.iter().enumerate() {
                    if b.is_heading || !d.stages_of_block(i as u32).intersects(*stages) {
                        continue;
                    }
                    words += b.words as usize;
                    if first.is_none() && b.words > 0 {
                        first = Some(d.block_start(i as u32));
                    }
                }
                if let Some(at) = first {
                    earned.push((0, ci, at));
                }
                ratio(words as f64, *min_words as f64)
            }
            Test::Signal(signal) => self.signal(*signal, c.min),
        }
    }

    fn signal(&self, signal: Signal, min: f64) -> f64 {
        let p = &self.report.profile;
        let d = self.draft;
        // What the sections cannot show (no heading names a stage) is neither credit nor
        // blame: an answer of some length gets half.
        let unknown = if d.words >= UNKNOWN_MIN_WORDS {
            0.5
        } else {
            0.0
        };
        match signal {
            Signal::DataShare => match (p.data_share, p.data_share_aim) {
                (Some(share), Some((lo, _))) => ratio(share, lo),
                _ => unknown,
            },
            Signal::Numbers => {
                if d.words == 0 {
                    0.0
                } else {
                    // Dense enough, and enough of them: "throughout" is more than one figure
                    // in a short answer.
                    ratio(p.numbers_per_500_words, min).min(ratio(p.numbers as f64, 2.0 * min))
                }
            }
            Signal::Diagram => {
                if d.diagrams.is_empty() {
                    0.0
                } else {
                    1.0
                }
            }
            Signal::Time => self.time_signal().unwrap_or(unknown),
            Signal::Order => {
                let firsts: Vec<u32> = d.stage_first.iter().filter_map(|x| *x).collect();
                match firsts.len() {
                    0 | 1 => unknown,
                    n => {
                        let ordered = firsts.windows(2).filter(|w| w[0] <= w[1]).count();
                        ordered as f64 / (n - 1) as f64
                    }
                }
            }
            Signal::Breadth => {
                // Stages the answer discusses in substance, under a heading or not.
                let solution = self.pack.solution_stages();
                let total = solution.iter().count();
                let covered = solution
                    .iter()
                    .filter(|&s| d.covers_stage(s, self.pack))
                    .count();
                if total == 0 {
                    0.0
                } else {
                    covered as f64 / total as f64
                }
            }
        }
    }

    /// How the speaking time is shared among the stages, against how their budgets share
    /// the interview: 1 minus the share of time that budget groups take beyond
    /// `time_slack` × their share of the budget; lowered when the whole answer runs over
    /// the interview.
    fn time_signal(&self) -> Option<f64> {
        let p = &self.report.profile;
        let budget_total: f64 = self.pack.budgets.iter().map(|b| b.minutes).sum();
        let spoken: Vec<f64> = self
            .pack
            .budgets
            .iter()
            .map(|b| {
                p.stages
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| b.stages.contains(*i as StageId))
                    .map(|(_, s)| s.minutes)
                    .sum::<f64>()
            })
            .collect();
        let spoken_total: f64 = spoken.iter().sum();
        if spoken_total <= 0.0 || budget_total <= 0.0 {
            return None;
        }
        let excess: f64 = self
            .pack
            .budgets
            .iter()
            .zip(&spoken)
            .map(|(b, m)| {
                let share = m / spoken_total;
                let allowed = b.minutes / budget_total * self.model.time_slack;
                (share - allowed).max(0.0)
            })
            .sum();
        let mut got = 1.0 - excess;
        let interview = f64::from(p.interview_minutes);
        if p.minutes > interview && p.minutes > 0.0 {
            got *= interview / p.minutes;
        }
        Some(got)
    }
}

/// `got / need` clamped to 0–1 (a need of 0 is always met).
fn ratio(got: f64, need: f64) -> f64 {
    if need <= 0.0 {
        return 1.0;
    }
    (got / need).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut_on_character_boundaries() {
        let long = "数据".repeat(200);
        let q = cut(&long, 10);
        assert_eq!(q, "数据数…");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(line_text("a\r\nbc\rd", 4), "bc");
        assert_eq!(line_text("a\r\nbc\rd", 1), "a");
        assert_eq!(line_text("é", 1), "é");
    }
}
