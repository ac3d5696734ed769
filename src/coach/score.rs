//! The scorecard: six dimensions graded from what the answer says (evidence) and from the
//! rules that fired, an overall score, and the three fixes worth most. All weights, bars
//! and evidence come from the pack's scorecard data; nothing here names a rule.

use super::layout::{layout, Layout};
use crate::engine::checks::effective_severity;
use crate::engine::draft::Draft;
use crate::engine::{Finding, Report, Settings};
use crate::rules::check::CheckKind;
use crate::rules::scorecard::{level_index, Criterion, Dimension, ScoreModel, Signal, Test};
use crate::rules::{Pack, StageId};
use crate::text_index::{floor_char_boundary, TextIndex};
use serde::Serialize;
use std::fmt;

/// Longest quoted line (characters); longer ones are cut with an ellipsis.
const QUOTE_MAX: usize = 160;

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
    pub rule: String,
    /// The line of its first finding; none for a finding about the whole answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionCard {
    pub id: String,
    pub name: String,
    pub grade: Grade,
    pub score: u32,
    pub evidence: Vec<Evidence>,
    pub missing: Vec<Missing>,
    /// What the answer does not yet show, heaviest first (criteria with no credit).
    #[serde(skip)]
    pub gaps: Vec<String>,
    /// The bars this dimension is held to at the draft's level.
    #[serde(skip)]
    pub bars: (u32, u32),
}

/// One of the changes worth most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixFirst {
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The stage where the missing piece belongs (a stage id), for a whole-answer finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    pub how: String,
    /// The dimension it raises.
    #[serde(skip)]
    pub dimension: String,
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
    /// Factor from the pack's stage budgets to this interview's length.
    #[serde(skip)]
    pub budget_scale: f64,
    /// A stage may run this many times its budget before its time counts against it.
    #[serde(skip)]
    pub time_slack: f64,
}

/// How a dimension fared, before it becomes a card.
struct Reading {
    /// Evidence credit 0–1, `None` when no criterion applies.
    evidence: Option<f64>,
    /// Share of the rules' weight that passes, `None` when no rule applies.
    rules: Option<f64>,
    quotes: Vec<usize>,
    gaps: Vec<(f64, String)>,
}

/// Everything the criteria look at, gathered once per draft.
struct Facts<'a, 'd> {
    draft: &'a Draft<'d>,
    pack: &'a Pack,
    report: &'a Report,
    model: &'a ScoreModel,
}

/// The scorecard of a linted draft.
pub fn scorecard(draft: &Draft, report: &Report, pack: &Pack, settings: &Settings) -> Scorecard {
    let lay = layout(draft, pack, &report.findings);
    scorecard_with(draft, report, pack, settings, &lay)
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
    let facts = Facts {
        draft,
        pack,
        report,
        model,
    };
    let index = TextIndex::new(draft.text);
    let line_of = |offset: usize| index.line_of(offset) as u32 + 1;
    let quote = |offset: usize| -> Evidence {
        let line = index.line_of(offset);
        let range = index.line_range(draft.text, line);
        let text = draft.text.get(range).unwrap_or("").trim();
        Evidence {
            line: line as u32 + 1,
            text: cut(text, QUOTE_MAX),
        }
    };
    // Findings per rule, in order.
    let mut by_rule: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, f) in report.findings.iter().enumerate() {
        by_rule.entry(f.rule.as_str()).or_default().push(i);
    }
    let bars = model.bars[li];
    let mut cards = Vec::with_capacity(model.dimensions.len());
    let mut candidates: Vec<(f64, usize, FixFirst)> = Vec::new();
    let mut weighted = 0.0;
    let mut weights = 0.0;
    for (di, dim) in model.dimensions.iter().enumerate() {
        let reading = read_dimension(&facts, dim, settings, &by_rule, lay);
        let s = dim.evidence_share.unwrap_or(model.evidence_share);
        let score = match (reading.evidence, reading.rules) {
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

        // The rules that fired here, heaviest first, each with its how-to.
        let mut fired: Vec<(f64, &str, &[usize])> = dim
            .rules
            .iter()
            .filter_map(|r| {
                let hits = by_rule.get(r.rule.as_str())?;
                Some((r.weight, r.rule.as_str(), hits.as_slice()))
            })
            .collect();
        fired.sort_by(|a, b| b.0.total_cmp(&a.0));
        let rule_total: f64 = dim
            .rules
            .iter()
            .filter(|r| applies(pack, &r.rule, settings, report, draft))
            .map(|r| r.weight)
            .sum();
        let mut missing = Vec::new();
        for (weight, rule, hits) in &fired {
            let first = &report.findings[hits[0]];
            let place = lay.places.get(hits[0]).copied();
            let document = place.is_some_and(|p| p.document);
            let line = (!document).then(|| line_of(first.range.start));
            let how = how_to(first, hits.len(), document);
            missing.push(Missing {
                rule: rule.to_string(),
                line,
                how: how.clone(),
            });
            if *weight <= 0.0 || rule_total <= 0.0 {
                continue;
            }
            // Worth: the dimension's weight × what the level expects of it × how far it is
            // below `good` × the rule's weight in it.
            let distance = ((good - score as f64).max(0.0) / 100.0) + 0.02;
            let worth = dim.weight * expect * distance * weight;
            let stage = match place {
                Some(p) if p.document => super::layout::rule_stage(pack, rule),
                Some(p) => p.stage,
                None => None,
            };
            candidates.push((
                worth,
                di,
                FixFirst {
                    rule: rule.to_string(),
                    line,
                    stage: stage.map(|s| pack.stage(s).id.clone()),
                    how,
                    dimension: dim.id.clone(),
                    stage_heading: stage.map(|s| pack.stage(s).heading.clone()),
                },
            ));
        }
        let mut gaps = reading.gaps;
        gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut quotes: Vec<usize> = reading.quotes;
        quotes.dedup();
        let mut evidence: Vec<Evidence> = Vec::new();
        for q in quotes {
            let e = quote(q);
            if !evidence.iter().any(|x| x.line == e.line) {
                evidence.push(e);
            }
            if evidence.len() >= model.evidence_lines {
                break;
            }
        }
        evidence.sort_by_key(|e| e.line);
        cards.push(DimensionCard {
            id: dim.id.clone(),
            name: dim.name.clone(),
            grade,
            score,
            evidence,
            missing,
            gaps: gaps.into_iter().map(|(_, w)| w).collect(),
            bars: (good.round() as u32, great.round() as u32),
        });
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
        fix_first: pick_fixes(candidates),
        bars: (bars.good.round() as u32, bars.great.round() as u32),
        budget_scale: budget_scale(model, report.profile.interview_minutes),
        time_slack: model.time_slack,
    }
}

/// The three fixes worth most: the best of each dimension first, then the next best.
fn pick_fixes(mut candidates: Vec<(f64, usize, FixFirst)>) -> Vec<FixFirst> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<FixFirst> = Vec::new();
    let mut used_dims: Vec<usize> = Vec::new();
    for (_, di, c) in &candidates {
        if out.len() == 3 {
            break;
        }
        if !used_dims.contains(di) {
            used_dims.push(*di);
            out.push(c.clone());
        }
    }
    for (_, _, c) in candidates {
        if out.len() == 3 {
            break;
        }
        if !out.iter().any(|x| x.rule == c.rule) {
            out.push(c);
        }
    }
    out
}

/// Whether a rule counts for this draft: it runs at the draft's level and type, and it is
/// not a rule about a stage's content when that stage is absent (the missing stage is then
/// the one finding, as a reviewer would raise it).
fn applies(pack: &Pack, rule: &str, settings: &Settings, report: &Report, draft: &Draft) -> bool {
    severity(pack, rule, settings, report, draft).is_some()
}

/// The severity a rule has for this draft, when it counts at all (see [`applies`]).
fn severity(
    pack: &Pack,
    rule: &str,
    settings: &Settings,
    report: &Report,
    draft: &Draft,
) -> Option<crate::engine::Severity> {
    let r = pack.rule(rule)?;
    let sev = effective_severity(r, settings, &report.context)?;
    let stage_bound = !r.checks.is_empty()
        && r.checks
            .iter()
            .all(|c| check_scope(&c.kind).is_some_and(|s| !draft.has_stage(s)));
    (!stage_bound).then_some(sev)
}

/// The stage a check is confined to, if any.
fn check_scope(kind: &CheckKind) -> Option<StageId> {
    match kind {
        CheckKind::TermWithout { scope, .. }
        | CheckKind::TermPresent { scope, .. }
        | CheckKind::LacksTerms { scope, .. }
        | CheckKind::TermsImply { scope, .. }
        | CheckKind::TermOrder { scope, .. } => *scope,
        CheckKind::QuestionCount { scope, .. } => Some(*scope),
        _ => None,
    }
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

/// `s` cut to `max` characters with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", &s[..floor_char_boundary(s, i)]),
    }
}

fn read_dimension(
    facts: &Facts<'_, '_>,
    dim: &Dimension,
    settings: &Settings,
    by_rule: &std::collections::HashMap<&str, Vec<usize>>,
    lay: &Layout,
) -> Reading {
    let level = facts.report.context.level;
    let mut credit = 0.0;
    let mut weight = 0.0;
    let mut quotes: Vec<usize> = Vec::new();
    let mut per_criterion: Vec<Vec<usize>> = Vec::new();
    let mut gaps = Vec::new();
    for c in &dim.evidence {
        if c.from.is_some_and(|from| level < from) || c.weight <= 0.0 {
            continue;
        }
        let (got, lines) = facts.criterion(c);
        let got = if got.is_finite() {
            got.clamp(0.0, 1.0)
        } else {
            0.0
        };
        credit += got * c.weight;
        weight += c.weight;
        if got < 0.5 {
            gaps.push((c.weight * (1.0 - got), c.what.clone()));
        }
        if got > 0.0 {
            per_criterion.push(lines);
        }
    }
    // Quote the first line of each criterion that earned credit, then their next lines.
    let mut round = 0;
    while quotes.len() < facts.model.evidence_lines.max(1) * 2 {
        let mut any = false;
        for lines in &per_criterion {
            if let Some(&l) = lines.get(round) {
                any = true;
                if !quotes.contains(&l) {
                    quotes.push(l);
                }
            }
        }
        if !any {
            break;
        }
        round += 1;
    }
    let mut total = 0.0;
    let mut lost = 0.0;
    for r in &dim.rules {
        if r.weight <= 0.0 {
            continue;
        }
        let Some(sev) = severity(facts.pack, &r.rule, settings, facts.report, facts.draft) else {
            continue;
        };
        let weight = r.weight * facts.model.severity_weights[sev as usize - 1];
        total += weight;
        let hits = by_rule.get(r.rule.as_str()).map_or(&[][..], Vec::as_slice);
        if hits.is_empty() {
            continue;
        }
        // A finding about the answer or a section costs the rule's whole weight; a rule
        // that fires line by line costs more the more lines it fires on.
        let on_lines = hits
            .iter()
            .any(|&i| lay.places.get(i).is_none_or(|p| !p.document && !p.section));
        let n = hits.len() as f64;
        let full = f64::from(facts.model.repeat_full.max(1));
        lost += if on_lines {
            weight * ((1.0 + n) / (1.0 + full)).min(1.0)
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
        gaps,
    }
}

impl Facts<'_, '_> {
    /// Credit 0–1 for one criterion, and the source offsets of the lines that earned it
    /// (in document order).
    fn criterion(&self, c: &Criterion) -> (f64, Vec<usize>) {
        let d = self.draft;
        match &c.test {
            Test::Terms {
                vocabs,
                stages,
                questions,
                with,
                except,
            } => {
                let mut sentences: Vec<u32> = Vec::new();
                let holding = |vs: &[crate::engine::terms::VocabId]| -> Vec<u32> {
                    let mut v: Vec<u32> = vs
                        .iter()
                        .flat_map(|&id| d.hits_of(id).map(|h| h.sentence))
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                let with_set = holding(with);
                let except_set = holding(except);
                let in_scope = |si: u32| -> bool {
                    if (!with.is_empty() && with_set.binary_search(&si).is_err())
                        || except_set.binary_search(&si).is_ok()
                    {
                        return false;
                    }
                    let Some(s) = d.sentences.get(si as usize) else {
                        return false;
                    };
                    let heading = d.blocks.get(s.block as usize).is_some_and(|b| b.is_heading);
                    !heading
                        && (stages.is_empty() || s.stages.intersects(*stages))
                        && (!questions || s.is_question)
                };
                if vocabs.is_empty() {
                    sentences.extend((0..d.sentences.len() as u32).filter(|&i| in_scope(i)));
                } else {
                    for &v in vocabs {
                        sentences.extend(d.hits_of(v).map(|h| h.sentence).filter(|&i| in_scope(i)));
                    }
                    sentences.sort_unstable();
                    sentences.dedup();
                }
                let got = ratio(sentences.len() as f64, c.min);
                let offsets = sentences
                    .iter()
                    .take(8)
                    .filter_map(|&i| d.sentences.get(i as usize))
                    .map(|s| d.sentence_source(s).start)
                    .collect();
                (got, offsets)
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
                (
                    ratio(words as f64, *min_words as f64),
                    first.into_iter().collect(),
                )
            }
            Test::Signal(signal) => (self.signal(*signal, c.min), Vec::new()),
        }
    }

    fn signal(&self, signal: Signal, min: f64) -> f64 {
        let p = &self.report.profile;
        let d = self.draft;
        match signal {
            Signal::DataShare => match (p.data_share, p.data_share_aim) {
                (Some(share), Some((lo, _))) => ratio(share, lo),
                _ => 0.0,
            },
            Signal::Numbers => {
                if d.words == 0 {
                    0.0
                } else {
                    ratio(p.numbers_per_500_words, min)
                }
            }
            Signal::Diagram => {
                if d.diagrams.is_empty() {
                    0.0
                } else {
                    1.0
                }
            }
            Signal::Time => self.time_signal(),
            Signal::Order => {
                let firsts: Vec<u32> = d.stage_first.iter().filter_map(|x| *x).collect();
                match firsts.len() {
                    0 => 0.0,
                    1 => 1.0,
                    n => {
                        let ordered = firsts.windows(2).filter(|w| w[0] <= w[1]).count();
                        ordered as f64 / (n - 1) as f64
                    }
                }
            }
            Signal::Breadth => {
                let solution = self.pack.solution_stages();
                let total = solution.iter().count();
                let present = solution.iter().filter(|&s| d.has_stage(s)).count();
                if total == 0 {
                    0.0
                } else {
                    present as f64 / total as f64
                }
            }
        }
    }

    /// How the speaking time is shared among the stages, against how their budgets share
    /// the interview: 1 minus the share of time that budget groups take beyond
    /// `time_slack` × their share of the budget; lowered when the whole answer runs over
    /// the interview.
    fn time_signal(&self) -> f64 {
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
            return 0.0;
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
        got
    }
}

/// How much the pack's stage budgets stretch for an interview of `minutes`.
pub fn budget_scale(model: &ScoreModel, minutes: u32) -> f64 {
    let base = model.budget_interview_minutes;
    if base > 0.0 && minutes > 0 {
        f64::from(minutes) / base
    } else {
        1.0
    }
}

/// `got / need` clamped to 0–1 (a need of 0 is always met).
fn ratio(got: f64, need: f64) -> f64 {
    if need <= 0.0 {
        return 1.0;
    }
    (got / need).clamp(0.0, 1.0)
}
