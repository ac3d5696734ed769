//! Stages of an interview answer as the pack names them, and sets of them.

use crate::text::terms::VocabId;

/// Up to 32 stages, as a bit set.
pub type StageId = u8;
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StageSet(pub u32);

impl StageSet {
    pub fn single(id: StageId) -> StageSet {
        StageSet(1 << id)
    }
    pub fn contains(self, id: StageId) -> bool {
        self.0 & (1 << id) != 0
    }
    pub fn insert(&mut self, id: StageId) {
        self.0 |= 1 << id;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn intersects(self, other: StageSet) -> bool {
        self.0 & other.0 != 0
    }
    pub fn iter(self) -> impl Iterator<Item = StageId> {
        (0..32u8).filter(move |i| self.0 & (1 << i) != 0)
    }
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub id: String,
    pub heading: String,
    pub prompt: String,
    pub guidance: String,
    /// Normalised alias word sequences, longest first.
    pub aliases: Vec<Vec<String>>,
    pub outside_solution: bool,
    /// Vocabularies whose hits show the stage is discussed (coverage by content).
    pub evidence: Vec<VocabId>,
    /// Distinct sentences of evidence that cover the stage without a heading for it.
    pub min_evidence: usize,
    /// The same in a draft with no section headings at all, where a stage's whole
    /// discussion may be one sentence of one paragraph.
    pub min_evidence_unsectioned: usize,
    /// A hit of this vocabulary at most `evidence_unless_words` words before an evidence
    /// hit, in its sentence, cancels it (a dismissal: "no need for feature engineering").
    pub evidence_unless_before: Option<VocabId>,
    pub evidence_unless_words: usize,
    /// Questions in the closing part that cover the stage (see the pack's `StageSpec`).
    pub closing_questions: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Budget {
    pub stages: StageSet,
    /// Minutes in an interview of `Pack::budget_interview_minutes`.
    pub minutes: f64,
}
