//! Which findings are about a line and which about the whole answer, and where in the
//! interview a whole-answer finding belongs. Every report groups findings this way: line
//! findings with their excerpts, then "missing from this answer" in interview order.

use crate::engine::checks::first_line;
use crate::engine::draft::Draft;
use crate::engine::Finding;
use crate::rules::check::CheckKind;
use crate::rules::{Pack, StageId};
use std::ops::Range;

/// Where one finding goes in a grouped report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// About the whole answer (it sits on the title line only for want of a better place).
    pub document: bool,
    /// About what a stage's section lacks (it sits on the section's heading).
    pub section: bool,
    /// The stage it belongs to, when known.
    pub stage: Option<StageId>,
}

/// The findings of a report split in two, as indices into `findings`: line findings in
/// document order, and what the answer lacks — whole-answer findings and what a stage's
/// section lacks — in interview (stage) order, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub lines: Vec<usize>,
    pub document: Vec<usize>,
    /// For each entry of `document`: the id of the stage it belongs to.
    pub document_stages: Vec<Option<String>>,
    /// One entry per finding.
    pub places: Vec<Place>,
    /// Per finding: its rule's position in the pack's `rules`.
    pub rules: Vec<Option<usize>>,
}

/// Check kinds whose findings are about the answer as a whole when they land on the
/// document's own line (the title, or the first line of the body).
fn document_kind(kind: &CheckKind) -> bool {
    matches!(
        kind,
        CheckKind::MissingStage { .. }
            | CheckKind::LacksTerms { .. }
            | CheckKind::Share { .. }
            | CheckKind::Density { .. }
            | CheckKind::SpeechTime
            | CheckKind::TopicTime { .. }
            | CheckKind::CompanyFocus
            | CheckKind::NoDiagram
            | CheckKind::QuestionCount { .. }
    )
}

/// The stage whose section a check inspects as a whole, if it does.
fn section_kind(kind: &CheckKind) -> Option<StageId> {
    match kind {
        CheckKind::LacksTerms { scope, .. } => *scope,
        CheckKind::QuestionCount { scope, .. } => Some(*scope),
        _ => None,
    }
}

/// The stage a check's finding is about, when the check says so.
fn check_stage(kind: &CheckKind) -> Option<StageId> {
    match kind {
        CheckKind::MissingStage { stage, .. } => Some(*stage),
        CheckKind::LacksTerms { scope, .. } => *scope,
        CheckKind::QuestionCount { scope, .. } => Some(*scope),
        CheckKind::Share { stages, .. } => stages.first().copied(),
        _ => None,
    }
}

/// The line a whole-answer finding is put on: the title's first line, else the body's
/// first non-blank line (as the engine does).
pub fn document_range(draft: &Draft) -> Range<usize> {
    if let Some(h) = draft.title() {
        return first_line(draft.text, h.range.clone());
    }
    let text = draft.text;
    let mut pos = draft.front_matter.body_start.min(text.len());
    while pos < text.len() {
        let line = first_line(text, pos..text.len());
        if !text[line.clone()].trim().is_empty() {
            return line;
        }
        match text[pos..].find(['\n', '\r']) {
            Some(i) => pos += i + 1,
            None => break,
        }
    }
    let at = draft.front_matter.body_start.min(text.len());
    at..at
}

/// The stage a rule's missing piece belongs to: the scorecard data's, else its check's,
/// else the first stage of its dimension.
pub fn rule_stage(pack: &Pack, rule: &str) -> Option<StageId> {
    let mapped = pack.scorecard.rule(rule);
    if let Some((_, r)) = mapped {
        if r.stage.is_some() {
            return r.stage;
        }
    }
    pack.rule(rule)
        .and_then(|r| r.checks.iter().find_map(|c| check_stage(&c.kind)))
        .or_else(|| mapped.and_then(|(d, _)| d.stages.first().copied()))
}

pub fn layout(draft: &Draft, pack: &Pack, findings: &[Finding]) -> Layout {
    let doc = document_range(draft);
    let mut out = Layout::default();
    // The heading line of each stage's first section.
    let heading_line = |stage: StageId| {
        draft
            .stage_first
            .get(stage as usize)
            .copied()
            .flatten()
            .and_then(|h| draft.headings.get(h as usize))
            .map(|h| first_line(draft.text, h.range.clone()))
    };
    for (i, f) in findings.iter().enumerate() {
        let pos = pack.rule_position(&f.rule);
        out.rules.push(pos);
        let rule = pos.and_then(|p| pack.rules.get(p));
        let kinds_document = rule.is_some_and(|r| r.checks.iter().any(|c| document_kind(&c.kind)));
        let document = kinds_document && f.range == doc;
        let section = if document {
            None
        } else {
            rule.and_then(|r| {
                r.checks
                    .iter()
                    .filter_map(|c| section_kind(&c.kind))
                    .find(|&s| heading_line(s).as_ref() == Some(&f.range))
            })
        };
        let stage = if document {
            rule_stage(pack, &f.rule)
        } else {
            section
        };
        out.places.push(Place {
            document,
            section: section.is_some(),
            stage,
        });
        if document || section.is_some() {
            // Each finding once: the same rule with the same words says nothing new.
            if !out
                .document
                .iter()
                .any(|&j| findings[j].rule == f.rule && findings[j].message == f.message)
            {
                out.document.push(i);
            }
        } else {
            out.lines.push(i);
        }
    }
    let mut keyed: Vec<(u32, usize, usize)> = out
        .document
        .iter()
        .map(|&i| {
            (
                out.places[i].stage.map_or(u32::MAX, u32::from),
                out.rules[i].unwrap_or(usize::MAX),
                i,
            )
        })
        .collect();
    keyed.sort_unstable();
    out.document = keyed.into_iter().map(|(_, _, i)| i).collect();
    out.document_stages = out
        .document
        .iter()
        .map(|&i| {
            out.places[i]
                .stage
                .and_then(|s| pack.stages.get(s as usize))
                .map(|s| s.id.clone())
        })
        .collect();
    out
}
