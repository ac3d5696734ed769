//! How a draft's headings were read as interview stages, and which stages its text covers:
//! what `mlsd check --show-stages` prints, so a writer can see why a section was missed.

use super::draft::{Draft, ReadAs, MIN_SECTION_WORDS};
use crate::pack::{StageId, StageSet};
use crate::rules::Pack;

/// One heading and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingReading {
    /// Byte offset of the heading in the draft.
    pub offset: usize,
    pub level: u8,
    pub text: String,
    /// The stages its section counts for.
    pub stages: Vec<String>,
    /// Why, in a few words.
    pub why: String,
}

/// One stage and whether the answer covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCoverage {
    pub stage: String,
    /// Words in sections read as this stage (headings aside).
    pub section_words: usize,
    /// Sentences anywhere holding evidence for it, and how many cover it without a section.
    pub evidence: u32,
    pub evidence_needed: usize,
    pub covered: bool,
}

fn names(set: StageSet, pack: &Pack) -> Vec<String> {
    set.iter().map(|s| pack.stage(s).id.clone()).collect()
}

pub fn headings(draft: &Draft, pack: &Pack) -> Vec<HeadingReading> {
    draft
        .headings
        .iter()
        .map(|h| {
            let why = match h.read_as {
                ReadAs::Title => "the title: it names the question".to_string(),
                ReadAs::Alias => "its words name the stage".to_string(),
                ReadAs::Content { hits, next } => format!(
                    "no stage named; its section reads as this stage ({hits} sentences of evidence, next best {next})"
                ),
                ReadAs::Unnamed if !h.effective.is_empty() => {
                    "no stage named: part of the section above".to_string()
                }
                ReadAs::Unnamed => {
                    "no stage named and no stage dominates its section: counts for the whole answer only"
                        .to_string()
                }
            };
            HeadingReading {
                offset: h.range.start,
                level: h.level,
                text: h.text.clone(),
                stages: names(h.effective, pack),
                why,
            }
        })
        .collect()
}

pub fn coverage(draft: &Draft, pack: &Pack) -> Vec<StageCoverage> {
    (0..pack.stages.len())
        .map(|i| {
            let id = i as StageId;
            let stage = pack.stage(id);
            StageCoverage {
                stage: stage.id.clone(),
                section_words: draft.stage_body_words.get(i).copied().unwrap_or(0),
                evidence: draft.stage_evidence.get(i).copied().unwrap_or(0),
                evidence_needed: if stage.evidence.is_empty() && stage.closing_questions.is_none() {
                    0
                } else if draft.is_unsectioned() {
                    stage.min_evidence_unsectioned
                } else {
                    stage.min_evidence
                },
                covered: draft.covers_stage(id, pack),
            }
        })
        .collect()
}

/// The words a section needs before its heading alone covers a stage.
pub const SECTION_WORDS_NEEDED: usize = MIN_SECTION_WORDS;
