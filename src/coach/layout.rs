//! Which findings are about a line and which about the whole answer, and where in the
//! interview a whole-answer finding belongs. Every report groups findings this way: line
//! findings with their excerpts, then "missing from this answer" in interview order.

use crate::engine::checks::first_line;
use crate::engine::draft::Draft;
use crate::engine::Finding;
use crate::pack::StageId;
use crate::rules::Pack;
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
    /// The pack's stage ids (`places[i].stage` indexes it).
    pub stage_ids: std::sync::Arc<[String]>,
    /// One entry per finding.
    pub places: Vec<Place>,
    /// Per finding: its rule's position in the pack's `rules`.
    pub rules: Vec<Option<usize>>,
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
    let pos = pack
        .scorecard
        .rule_position(rule)
        .or_else(|| pack.rule_position(rule))?;
    pack.scorecard.rule_facts.get(pos)?.stage
}

pub fn layout(draft: &Draft, pack: &Pack, findings: &[Finding]) -> Layout {
    let doc = document_range(draft);
    let n = findings.len();
    let mut out = Layout {
        lines: Vec::with_capacity(n),
        document: Vec::with_capacity(n.min(64)),
        places: Vec::with_capacity(n),
        rules: Vec::with_capacity(n),
        ..Layout::default()
    };
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
        let pos = pack
            .scorecard
            .rule_position(&f.rule)
            .or_else(|| pack.rule_position(&f.rule));
        out.rules.push(pos);
        let facts = pos
            .and_then(|p| pack.scorecard.rule_facts.get(p))
            .copied()
            .unwrap_or_default();
        let document = facts.document && f.range == doc;
        let section = if document || facts.sections.is_empty() {
            None
        } else {
            facts
                .sections
                .iter()
                .find(|&s| heading_line(s).as_ref() == Some(&f.range))
        };
        let stage = if document { facts.stage } else { section };
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
    let (places, rules) = (&out.places, &out.rules);
    out.document.sort_by_key(|&i| {
        (
            places[i].stage.map_or(u32::MAX, u32::from),
            rules[i].unwrap_or(usize::MAX),
            i,
        )
    });
    out.stage_ids = pack.scorecard.stage_ids.clone();
    out
}

impl Layout {
    /// The id of the stage finding `i` belongs to, if known.
    pub fn stage_of(&self, i: usize) -> Option<&str> {
        let s = self.places.get(i)?.stage?;
        self.stage_ids.get(s as usize).map(String::as_str)
    }
}
