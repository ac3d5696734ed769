//! The scorecard's data (`rules/scorecard.toml` and any `[[dimension]]` / `[scorecard]`
//! table of a workspace rule file): the six dimensions, which rules and what evidence count
//! for each, and the grade bars per level. Read and validated here like the rest of the
//! pack (every problem names its file and line); `coach` computes the card from it.
//!
//! The dimension ids are a closed set, like the check kinds: the JSON output names them.

use super::{Level, Rule, Stage, StageId, StageSet};
use crate::text::terms::VocabId;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// The dimensions, in the order every output lists them.
pub const DIMENSIONS: [&str; 6] = [
    "framing",
    "data",
    "modeling",
    "integration",
    "tradeoffs",
    "communication",
];

/// Profile signals a criterion can test.
pub const SIGNALS: &[(&str, &str)] = &[
    (
        "data-share",
        "the data and features share of the solution reaches the pack's aim",
    ),
    (
        "numbers",
        "numbers per 500 words reach `min`, and twice `min` numbers in all",
    ),
    (
        "time",
        "present stages stay within `time_slack` × their budget for the interview length",
    ),
    ("diagram", "the draft holds a diagram"),
    ("order", "the stages present come in interview order"),
    ("breadth", "share of the solution's stages that are present"),
];

// ---------------------------------------------------------------------------------------
// TOML schema
// ---------------------------------------------------------------------------------------

/// `[scorecard]`: every key optional; a later file replaces the keys it gives.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardSpec {
    pub evidence_share: Option<Spanned<f64>>,
    pub evidence_lines: Option<Spanned<i64>>,
    pub repeat_full: Option<Spanned<i64>>,
    pub time_slack: Option<Spanned<f64>>,
    /// How much a rule's weight counts at the severity it has at the draft's level.
    #[serde(default)]
    pub severity_weights: Option<Spanned<BTreeMap<String, f64>>>,
    /// The rules' part of a score never divides by less than this much weight.
    pub rules_floor: Option<Spanned<f64>>,
    #[serde(default)]
    pub bars: BTreeMap<String, Spanned<BarsSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarsSpec {
    pub good: f64,
    pub great: f64,
}

/// `[[dimension]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionSpec {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub stages: Option<Vec<String>>,
    #[serde(default)]
    pub expect: Option<BTreeMap<String, f64>>,
    /// This dimension's share of evidence in its score (else `[scorecard] evidence_share`).
    #[serde(default)]
    pub evidence_share: Option<f64>,
    /// Rule id → weight, or `{ weight = W, stage = "id" }`.
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    pub evidence: Vec<Spanned<EvidenceSpec>>,
}

/// `[[dimension.evidence]]`: one thing that earns credit; exactly one of `terms`,
/// `section` and `signal`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpec {
    pub what: String,
    #[serde(default)]
    pub terms: Option<Vec<String>>,
    #[serde(default)]
    pub section: Option<Vec<String>>,
    #[serde(default)]
    pub signal: Option<String>,
    /// With `terms`: count only sentences in these stages.
    #[serde(default)]
    pub stages: Option<Vec<String>>,
    /// With `terms` (or alone with `stages`): count only questions.
    #[serde(default)]
    pub questions: Option<bool>,
    /// With `terms` or `questions`: the sentence must also hold one of these vocabularies.
    #[serde(default)]
    pub with: Option<Vec<String>>,
    /// With `terms` or `questions`: a sentence holding one of these does not count.
    #[serde(default)]
    pub except: Option<Vec<String>>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub min_words: Option<i64>,
    #[serde(default)]
    pub weight: Option<f64>,
    /// The criterion counts from this level up.
    #[serde(default)]
    pub from: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Compiled model
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bars {
    pub good: f64,
    pub great: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    DataShare,
    Numbers,
    Time,
    Diagram,
    Order,
    Breadth,
}

impl Signal {
    fn parse(s: &str) -> Option<Signal> {
        Some(match s {
            "data-share" => Signal::DataShare,
            "numbers" => Signal::Numbers,
            "time" => Signal::Time,
            "diagram" => Signal::Diagram,
            "order" => Signal::Order,
            "breadth" => Signal::Breadth,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub enum Test {
    /// Sentences holding any of `vocabs` (in `stages` when not empty; questions only when
    /// `questions`); with no vocabularies, every (question) sentence in `stages` counts.
    Terms {
        vocabs: Vec<VocabId>,
        stages: StageSet,
        questions: bool,
        /// The sentence must also hold one of these (when not empty).
        with: Vec<VocabId>,
        /// A sentence holding one of these does not count.
        except: Vec<VocabId>,
        /// The three lists as bits of [`ScoreModel::vocab_bit`] (filled after compiling).
        masks: TermMasks,
    },
    /// Prose words in the sections of `stages`.
    Section {
        stages: StageSet,
        min_words: usize,
    },
    Signal(Signal),
}

/// A terms criterion's vocabularies as bit masks over the vocabularies the scorecard reads,
/// so a sentence is tested with three `&`s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TermMasks {
    pub any: u128,
    pub with: u128,
    pub except: u128,
}

/// Most vocabularies the scorecard's criteria may read (one bit each per sentence).
pub const MAX_SCORECARD_VOCABS: usize = 128;

#[derive(Debug, Clone)]
pub struct Criterion {
    pub what: Arc<str>,
    pub weight: f64,
    /// Sentences needed for full credit (terms), or the signal's threshold.
    pub min: f64,
    pub from: Option<Level>,
    pub test: Test,
}

#[derive(Debug, Clone)]
pub struct DimRule {
    pub rule: Arc<str>,
    /// Its position in the pack's `rules`.
    pub index: usize,
    pub weight: f64,
    /// Where a missing piece for this rule belongs, when the data says so.
    pub stage: Option<StageId>,
}

#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub weight: f64,
    pub stages: Vec<StageId>,
    /// Expectation per level (index: `level_index`).
    pub expect: [f64; 4],
    /// Share of evidence in the score, when the dimension sets its own.
    pub evidence_share: Option<f64>,
    pub rules: Vec<DimRule>,
    pub evidence: Vec<Criterion>,
}

/// The compiled scorecard data. Empty (no dimensions) when the pack has none.
#[derive(Debug, Clone)]
pub struct ScoreModel {
    pub dimensions: Vec<Dimension>,
    pub bars: [Bars; 4],
    pub evidence_share: f64,
    pub evidence_lines: usize,
    pub repeat_full: u32,
    pub time_slack: f64,
    /// Weight factor per severity: error, warning, info, hint.
    pub severity_weights: [f64; 4],
    pub rules_floor: f64,
    /// Rule id → (dimension, index in its `rules`).
    pub by_rule: HashMap<String, (usize, usize)>,
    /// Per vocabulary of the pack: its bit in [`TermMasks`], or `None` when no criterion
    /// reads it.
    pub vocab_bit: Vec<Option<u8>>,
    /// The vocabularies the criteria read, with their bits.
    pub vocab_bits: Vec<(VocabId, u8)>,
    /// Every rule id with its position in the pack's `rules`, under a cheap hash (a
    /// finding's rule is looked up once per finding and report).
    pub rule_ids: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    /// The stage ids, shared by every layout.
    pub stage_ids: std::sync::Arc<[String]>,
    /// Per rule of the pack (by position): how its findings are placed in a report.
    pub rule_facts: Vec<RuleFacts>,
}

/// What the checks of one rule say about where its findings belong, worked out once per
/// pack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleFacts {
    /// A check may report on the answer as a whole (on the document's own line).
    pub document: bool,
    /// Stages whose sections a check inspects as a whole (its finding sits on the heading).
    pub sections: StageSet,
    /// Where its missing piece belongs: the scorecard data's stage, else its check's, else
    /// the first stage of its dimension.
    pub stage: Option<StageId>,
    /// When every check is confined to a stage: those stages (the rule says nothing when
    /// none of them is present).
    pub confined_to: Option<StageSet>,
}

impl RuleFacts {
    fn of(rule: &Rule, mapped: Option<(&Dimension, &DimRule)>) -> RuleFacts {
        use super::check::CheckKind as K;
        let mut facts = RuleFacts::default();
        let mut confined = StageSet::default();
        let mut all_confined = !rule.checks.is_empty();
        let mut check_stage = None;
        for c in &rule.checks {
            let k = &c.kind;
            facts.document |= matches!(
                k,
                K::MissingStage(_)
                    | K::LacksTerms(_)
                    | K::Share(_)
                    | K::Density(_)
                    | K::SpeechTime(_)
                    | K::TopicTime(_)
                    | K::CompanyFocus(_)
                    | K::NoDiagram(_)
                    | K::QuestionCount(_)
            );
            match k {
                K::LacksTerms(l) => {
                    if let Some(s) = l.scope {
                        facts.sections.insert(s)
                    }
                }
                K::QuestionCount(q) => facts.sections.insert(q.scope),
                _ => {}
            }
            let stage = match k {
                K::MissingStage(m) => Some(m.stage),
                K::LacksTerms(l) => l.scope,
                K::QuestionCount(q) => Some(q.scope),
                K::Share(s) => s.stages.first().copied(),
                _ => None,
            };
            check_stage = check_stage.or(stage);
            let scope = match k {
                K::TermWithout(t) => t.scope,
                K::TermPresent(t) => t.scope,
                K::LacksTerms(l) => l.scope,
                K::TermsImply(t) => t.scope,
                K::TermOrder(t) => t.scope,
                K::QuestionCount(q) => Some(q.scope),
                _ => None,
            };
            match scope {
                Some(s) => confined.insert(s),
                None => all_confined = false,
            }
        }
        facts.confined_to = all_confined.then_some(confined);
        facts.stage = mapped
            .and_then(|(_, r)| r.stage)
            .or(check_stage)
            .or_else(|| mapped.and_then(|(d, _)| d.stages.first().copied()));
        facts
    }
}

impl Default for ScoreModel {
    fn default() -> Self {
        ScoreModel {
            dimensions: Vec::new(),
            bars: [Bars {
                good: 60.0,
                great: 80.0,
            }; 4],
            evidence_share: 0.6,
            evidence_lines: 3,
            repeat_full: 3,
            time_slack: 1.5,
            severity_weights: [1.0; 4],
            rules_floor: 0.0,
            by_rule: HashMap::new(),
            vocab_bit: Vec::new(),
            vocab_bits: Vec::new(),
            rule_ids: HashMap::default(),
            stage_ids: std::sync::Arc::from(Vec::new()),
            rule_facts: Vec::new(),
        }
    }
}

/// FNV-1a: a fast hash for the short, trusted keys of the pack's own tables.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Index of a level in the per-level arrays.
pub fn level_index(level: Level) -> usize {
    match level {
        Level::L3 => 0,
        Level::L4 => 1,
        Level::L5 => 2,
        Level::L6 => 3,
    }
}

impl ScoreModel {
    pub fn is_empty(&self) -> bool {
        self.dimensions.is_empty()
    }

    /// The position of rule `id` in the pack's `rules`.
    pub fn rule_position(&self, id: &str) -> Option<usize> {
        self.rule_ids.get(id).copied()
    }

    /// The dimension and entry of a rule, if the data maps it.
    pub fn rule(&self, id: &str) -> Option<(&Dimension, &DimRule)> {
        let &(d, r) = self.by_rule.get(id)?;
        let dim = self.dimensions.get(d)?;
        Some((dim, dim.rules.get(r)?))
    }
}

// ---------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------

/// One file's scorecard tables, with what errors need to point into it.
pub struct FileTables<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub scorecard: Option<&'a ScorecardSpec>,
    pub dimensions: &'a [Spanned<DimensionSpec>],
}

/// What the scorecard may refer to.
pub struct Names<'a> {
    pub rules: &'a [Rule],
    pub vocab_index: &'a HashMap<String, VocabId>,
    pub stages: &'a [Stage],
}

/// An error: file, byte span, message (the caller turns it into a `PackError`).
pub type Problem = (usize, Option<Range<usize>>, String);

/// The span of `needle` (quoted or bare) inside `within`, else `within`.
fn locate(text: &str, within: &Range<usize>, needle: &str) -> Range<usize> {
    let start = within.start.min(text.len());
    let end = within.end.clamp(start, text.len());
    // Array-of-tables spans may cover only the header: search on to the next table header
    // of the same depth or the end.
    let rest = &text[start..];
    let stop = rest
        .match_indices("\n[[dimension]]")
        .map(|(i, _)| start + i)
        .find(|&i| i >= end)
        .unwrap_or(text.len());
    let hay = text.get(start..stop.max(end)).unwrap_or("");
    for quoted in [
        format!("\"{needle}\""),
        format!("'{needle}'"),
        format!("{needle} ="),
        needle.to_string(),
    ] {
        if let Some(i) = hay.find(&quoted) {
            return start + i..start + i + quoted.len();
        }
    }
    start..end
}

fn finite_in(x: f64, lo: f64, hi: f64) -> bool {
    x.is_finite() && x >= lo && x <= hi
}

/// Reads every file's scorecard tables, in file order, into the model.
pub fn compile(files: &[FileTables<'_>], names: &Names<'_>) -> Result<ScoreModel, Problem> {
    let rule_ids = names
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    let mut model = ScoreModel {
        rule_ids,
        stage_ids: names.stages.iter().map(|s| s.id.clone()).collect(),
        ..ScoreModel::default()
    };
    let mut dims: Vec<Option<Dimension>> = vec![None; DIMENSIONS.len()];
    let mut last_file = 0;
    let stage_of = |name: &str| {
        names
            .stages
            .iter()
            .position(|s| s.id == name)
            .map(|i| i as StageId)
    };
    let known_stages = || {
        names
            .stages
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (fi, f) in files.iter().enumerate() {
        if let Some(s) = f.scorecard {
            last_file = fi;
            let err_at = |r: Range<usize>, msg: String| -> Problem {
                (fi, Some(r), format!("[scorecard] {msg}"))
            };
            if let Some(v) = &s.evidence_share {
                if !finite_in(*v.get_ref(), 0.0, 1.0) {
                    return Err(err_at(
                        v.span(),
                        "`evidence_share` is a number from 0 to 1".into(),
                    ));
                }
                model.evidence_share = *v.get_ref();
            }
            if let Some(v) = &s.evidence_lines {
                if !(0..=50).contains(v.get_ref()) {
                    return Err(err_at(
                        v.span(),
                        "`evidence_lines` is a whole number from 0 to 50".into(),
                    ));
                }
                model.evidence_lines = *v.get_ref() as usize;
            }
            if let Some(v) = &s.repeat_full {
                if !(1..=1000).contains(v.get_ref()) {
                    return Err(err_at(
                        v.span(),
                        "`repeat_full` is a whole number from 1 to 1000".into(),
                    ));
                }
                model.repeat_full = *v.get_ref() as u32;
            }
            if let Some(v) = &s.time_slack {
                if !finite_in(*v.get_ref(), 1.0, 100.0) {
                    return Err(err_at(
                        v.span(),
                        "`time_slack` is a number from 1 to 100".into(),
                    ));
                }
                model.time_slack = *v.get_ref();
            }
            if let Some(v) = &s.severity_weights {
                for (name, x) in v.get_ref() {
                    let Some(sev) = crate::pack::Severity::parse(name) else {
                        return Err(err_at(
                            locate(f.text, &v.span(), name),
                            format!(
                                "unknown severity `{name}` in `severity_weights`; accepted: error, warning, info, hint"
                            ),
                        ));
                    };
                    if !finite_in(*x, 0.0, 10.0) {
                        return Err(err_at(
                            locate(f.text, &v.span(), name),
                            format!("`severity_weights.{name}` is a number from 0 to 10"),
                        ));
                    }
                    model.severity_weights[sev as usize - 1] = *x;
                }
            }
            if let Some(v) = &s.rules_floor {
                if !finite_in(*v.get_ref(), 0.0, 1000.0) {
                    return Err(err_at(
                        v.span(),
                        "`rules_floor` is a number from 0 to 1000".into(),
                    ));
                }
                model.rules_floor = *v.get_ref();
            }
            for (level, bars) in &s.bars {
                let Some(l) = Level::parse(level) else {
                    return Err(err_at(
                        line_of_key(f.text, &bars.span(), level),
                        format!(
                            "unknown level `{level}` in `bars`; accepted: {}",
                            Level::ACCEPTED
                        ),
                    ));
                };
                let b = bars.get_ref();
                if !(finite_in(b.good, 0.0, 100.0) && finite_in(b.great, b.good, 100.0)) {
                    return Err(err_at(
                        bars.span(),
                        format!("bars for {level}: `good` and `great` are scores from 0 to 100, good ≤ great"),
                    ));
                }
                model.bars[level_index(l)] = Bars {
                    good: b.good,
                    great: b.great,
                };
            }
        }
        // Within one file a rule may sit in one dimension only.
        let mut seen_here: HashMap<String, String> = HashMap::new();
        for spec in f.dimensions {
            last_file = fi;
            let span = spec.span();
            let d = spec.get_ref();
            let err = |needle: Option<&str>, msg: String| -> Problem {
                let at = match needle {
                    Some(n) => locate(f.text, &span, n),
                    None => span.clone(),
                };
                (fi, Some(at), format!("dimension `{}`: {msg}", d.id))
            };
            let Some(di) = DIMENSIONS.iter().position(|x| *x == d.id) else {
                return Err((
                    fi,
                    Some(locate(f.text, &span, &d.id)),
                    format!(
                        "unknown dimension `{}`; the dimensions are {}",
                        d.id,
                        DIMENSIONS.join(", ")
                    ),
                ));
            };
            let slot = dims[di].get_or_insert_with(|| Dimension {
                id: Arc::from(d.id.as_str()),
                name: Arc::from(d.id.as_str()),
                weight: 1.0,
                stages: Vec::new(),
                expect: [1.0; 4],
                evidence_share: None,
                rules: Vec::new(),
                evidence: Vec::new(),
            });
            if let Some(n) = &d.name {
                if n.trim().is_empty() {
                    return Err(err(None, "`name` must not be empty".into()));
                }
                slot.name = Arc::from(n.trim());
            }
            if let Some(w) = d.weight {
                if !finite_in(w, 0.0, 100.0) {
                    return Err(err(
                        Some("weight"),
                        "`weight` is a number from 0 to 100".into(),
                    ));
                }
                slot.weight = w;
            }
            if let Some(x) = d.evidence_share {
                if !finite_in(x, 0.0, 1.0) {
                    return Err(err(
                        Some("evidence_share"),
                        "`evidence_share` is a number from 0 to 1".into(),
                    ));
                }
                slot.evidence_share = Some(x);
            }
            if let Some(stages) = &d.stages {
                let mut ids = Vec::new();
                for s in stages {
                    let id = stage_of(s).ok_or_else(|| {
                        err(
                            Some(s),
                            format!("unknown stage `{s}`; known: {}", known_stages()),
                        )
                    })?;
                    ids.push(id);
                }
                slot.stages = ids;
            }
            if let Some(expect) = &d.expect {
                for (level, x) in expect {
                    let l = Level::parse(level).ok_or_else(|| {
                        err(
                            Some(level),
                            format!(
                                "unknown level `{level}` in `expect`; accepted: {}",
                                Level::ACCEPTED
                            ),
                        )
                    })?;
                    if !finite_in(*x, 0.1, 2.0) {
                        return Err(err(
                            Some(level),
                            format!("`expect` for {level} is a number from 0.1 to 2"),
                        ));
                    }
                    slot.expect[level_index(l)] = *x;
                }
            }
            for (rule, value) in &d.rules {
                let at = value.span();
                let rerr = |msg: String| -> Problem {
                    (
                        fi,
                        Some(locate(f.text, &at, rule)),
                        format!("dimension `{}`: {msg}", d.id),
                    )
                };
                let Some(index) = names.rules.iter().position(|r| &r.id == rule) else {
                    let line_span = line_of_key(f.text, &at, rule);
                    return Err((
                        fi,
                        Some(line_span),
                        format!("dimension `{}`: unknown rule id `{rule}`", d.id),
                    ));
                };
                let (weight, stage) = match value.get_ref() {
                    toml::Value::Integer(i) => (*i as f64, None),
                    toml::Value::Float(x) => (*x, None),
                    toml::Value::Table(t) => {
                        for k in t.keys() {
                            if k != "weight" && k != "stage" {
                                return Err(rerr(format!(
                                    "rule `{rule}`: unknown key `{k}`; accepted: weight, stage"
                                )));
                            }
                        }
                        let weight = match t.get("weight") {
                            Some(toml::Value::Integer(i)) => *i as f64,
                            Some(toml::Value::Float(x)) => *x,
                            _ => {
                                return Err(rerr(format!(
                                    "rule `{rule}`: `weight` is required and is a number"
                                )))
                            }
                        };
                        let stage = match t.get("stage") {
                            None => None,
                            Some(toml::Value::String(s)) => Some(stage_of(s).ok_or_else(|| {
                                rerr(format!(
                                    "rule `{rule}`: unknown stage `{s}`; known: {}",
                                    known_stages()
                                ))
                            })?),
                            Some(_) => {
                                return Err(rerr(format!("rule `{rule}`: `stage` is a stage id")))
                            }
                        };
                        (weight, stage)
                    }
                    _ => {
                        return Err(rerr(format!(
                            "rule `{rule}`: give a weight, or {{ weight = W, stage = \"id\" }}"
                        )))
                    }
                };
                if !finite_in(weight, 0.0, 100.0) {
                    return Err(rerr(format!(
                        "rule `{rule}`: the weight is a number from 0 to 100"
                    )));
                }
                if let Some(other) = seen_here.insert(rule.clone(), d.id.clone()) {
                    return Err(rerr(format!(
                        "rule `{rule}` is already in dimension `{other}` in this file; a rule belongs to one dimension"
                    )));
                }
                // A later file moves a rule: drop it from wherever it was.
                for other in dims.iter_mut().flatten() {
                    other.rules.retain(|r| &*r.rule != rule.as_str());
                }
                if let Some(slot) = dims[di].as_mut() {
                    slot.rules.push(DimRule {
                        rule: Arc::from(rule.as_str()),
                        index,
                        weight,
                        stage,
                    });
                }
            }
            for ev in &d.evidence {
                let criterion =
                    criterion(ev, names, &stage_of, &known_stages).map_err(|(needle, msg)| {
                        (
                            fi,
                            Some(match &needle {
                                Some(n) => locate(f.text, &ev.span(), n),
                                None => ev.span(),
                            }),
                            format!(
                                "dimension `{}`, evidence “{}”: {msg}",
                                d.id,
                                ev.get_ref().what
                            ),
                        )
                    })?;
                if let Some(slot) = dims[di].as_mut() {
                    slot.evidence.push(criterion);
                }
            }
        }
    }
    if dims.iter().all(Option::is_none) {
        model.rule_facts = names.rules.iter().map(|r| RuleFacts::of(r, None)).collect();
        return Ok(model);
    }
    let mut out = Vec::with_capacity(DIMENSIONS.len());
    for (i, d) in dims.into_iter().enumerate() {
        match d {
            Some(d) => out.push(d),
            None => {
                return Err((
                    last_file,
                    None,
                    format!(
                        "the scorecard defines no dimension `{}`; it needs all of {}",
                        DIMENSIONS[i],
                        DIMENSIONS.join(", ")
                    ),
                ))
            }
        }
    }
    for (di, d) in out.iter().enumerate() {
        for (ri, r) in d.rules.iter().enumerate() {
            model.by_rule.insert(r.rule.to_string(), (di, ri));
        }
    }
    // One bit per vocabulary the criteria read.
    let mut bits: Vec<Option<u8>> = vec![None; names.vocab_index.len()];
    let mut next = 0usize;
    for d in &mut out {
        for c in &mut d.evidence {
            if let Test::Terms {
                vocabs,
                with,
                except,
                masks,
                ..
            } = &mut c.test
            {
                let mut mask_of = |list: &[VocabId]| -> Result<u128, Problem> {
                    let mut m = 0u128;
                    for &v in list {
                        let slot = bits.get_mut(v as usize).ok_or_else(|| {
                            (
                                last_file,
                                None,
                                "a criterion names an unknown vocabulary".to_string(),
                            )
                        })?;
                        let bit = match *slot {
                            Some(b) => b,
                            None => {
                                if next >= MAX_SCORECARD_VOCABS {
                                    return Err((
                                        last_file,
                                        None,
                                        format!(
                                            "the scorecard's criteria read more than {MAX_SCORECARD_VOCABS} vocabularies"
                                        ),
                                    ));
                                }
                                *slot = Some(next as u8);
                                next += 1;
                                (next - 1) as u8
                            }
                        };
                        m |= 1u128 << bit;
                    }
                    Ok(m)
                };
                *masks = TermMasks {
                    any: mask_of(vocabs)?,
                    with: mask_of(with)?,
                    except: mask_of(except)?,
                };
            }
        }
    }
    model.vocab_bits = bits
        .iter()
        .enumerate()
        .filter_map(|(v, b)| b.map(|b| (v as VocabId, b)))
        .collect();
    model.vocab_bit = bits;
    model.dimensions = out;
    model.rule_facts = names
        .rules
        .iter()
        .map(|r| RuleFacts::of(r, model.rule(&r.id)))
        .collect();
    Ok(model)
}

/// The span of the line that starts with `key` before `value_span` (a table key's line).
fn line_of_key(text: &str, value_span: &Range<usize>, key: &str) -> Range<usize> {
    let end = value_span.start.min(text.len());
    let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..end].trim_start().starts_with(key) {
        let at = line_start + text[line_start..end].find(key).unwrap_or(0);
        return at..at + key.len();
    }
    value_span.clone()
}

type CriterionError = (Option<String>, String);

fn criterion(
    spec: &Spanned<EvidenceSpec>,
    names: &Names<'_>,
    stage_of: &dyn Fn(&str) -> Option<StageId>,
    known_stages: &dyn Fn() -> String,
) -> Result<Criterion, CriterionError> {
    let e = spec.get_ref();
    if e.what.trim().is_empty() {
        return Err((None, "`what` must not be empty".into()));
    }
    let stage_set = |list: &[String]| -> Result<StageSet, CriterionError> {
        let mut set = StageSet::default();
        for s in list {
            let id = stage_of(s).ok_or_else(|| {
                (
                    Some(s.clone()),
                    format!("unknown stage `{s}`; known: {}", known_stages()),
                )
            })?;
            set.insert(id);
        }
        Ok(set)
    };
    let given = [e.terms.is_some(), e.section.is_some(), e.signal.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    let questions = e.questions.unwrap_or(false);
    if given > 1 || (given == 0 && !questions) {
        return Err((
            None,
            "give exactly one of `terms`, `section` and `signal` (or `questions = true`)".into(),
        ));
    }
    let weight = e.weight.unwrap_or(1.0);
    if !finite_in(weight, 0.0, 100.0) {
        return Err((
            Some("weight".into()),
            "`weight` is a number from 0 to 100".into(),
        ));
    }
    let min = e.min.unwrap_or(1.0);
    if !finite_in(min, 0.0, 1_000_000.0) {
        return Err((
            Some("min".into()),
            "`min` is a number from 0 to 1000000".into(),
        ));
    }
    let from = match &e.from {
        Some(l) => Some(Level::parse(l).ok_or_else(|| {
            (
                Some(l.clone()),
                format!("unknown level `{l}`; accepted: {}", Level::ACCEPTED),
            )
        })?),
        None => None,
    };
    let wrong_key = |key: &str, kind: &str| -> CriterionError {
        (
            Some(key.to_string()),
            format!("`{key}` does not go with `{kind}`"),
        )
    };
    let vocab_list = |list: &[String]| -> Result<Vec<VocabId>, CriterionError> {
        list.iter()
            .map(|t| {
                names.vocab_index.get(t).copied().ok_or_else(|| {
                    let mut known: Vec<&str> =
                        names.vocab_index.keys().map(String::as_str).collect();
                    known.sort_unstable();
                    (
                        Some(t.clone()),
                        format!("unknown vocabulary `{t}`; known: {}", known.join(", ")),
                    )
                })
            })
            .collect()
    };
    let kind = if e.section.is_some() {
        "section"
    } else {
        "signal"
    };
    if e.section.is_some() || e.signal.is_some() {
        for (key, set) in [("with", e.with.is_some()), ("except", e.except.is_some())] {
            if set {
                return Err(wrong_key(key, kind));
            }
        }
    }
    let test = if let Some(section) = &e.section {
        if e.stages.is_some() {
            return Err(wrong_key("stages", "section"));
        }
        if questions {
            return Err(wrong_key("questions", "section"));
        }
        let words = e.min_words.unwrap_or(1);
        if !(0..=1_000_000).contains(&words) {
            return Err((
                Some("min_words".into()),
                "`min_words` is a whole number from 0 to 1000000".into(),
            ));
        }
        if section.is_empty() {
            return Err((None, "`section` names at least one stage".into()));
        }
        Test::Section {
            stages: stage_set(section)?,
            min_words: words as usize,
        }
    } else if let Some(signal) = &e.signal {
        for (key, set) in [
            ("stages", e.stages.is_some()),
            ("questions", e.questions.is_some()),
            ("min_words", e.min_words.is_some()),
        ] {
            if set {
                return Err(wrong_key(key, "signal"));
            }
        }
        let s = Signal::parse(signal).ok_or_else(|| {
            (
                Some(signal.clone()),
                format!(
                    "unknown signal `{signal}`; known: {}",
                    SIGNALS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        Test::Signal(s)
    } else {
        if e.min_words.is_some() {
            return Err(wrong_key("min_words", "terms"));
        }
        let vocabs = vocab_list(e.terms.as_deref().unwrap_or(&[]))?;
        if e.terms.is_some() && vocabs.is_empty() {
            return Err((None, "`terms` names at least one vocabulary".into()));
        }
        Test::Terms {
            vocabs,
            stages: stage_set(e.stages.as_deref().unwrap_or(&[]))?,
            questions,
            with: vocab_list(e.with.as_deref().unwrap_or(&[]))?,
            except: vocab_list(e.except.as_deref().unwrap_or(&[]))?,
            masks: TermMasks::default(),
        }
    };
    Ok(Criterion {
        what: Arc::from(e.what.trim()),
        weight,
        min,
        from,
        test,
    })
}
