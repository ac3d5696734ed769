//! What every check needs at hand: the draft, the pack, the context, and the queries
//! several kinds share (hits in a scope, allowed phrases, ranges to report at).

use super::first_line;
use crate::engine::draft::{Draft, Hit, Sentence};
use crate::engine::Context;
use crate::pack::StageSet;
use crate::rules::check::Scope;
use crate::rules::{Pack, ALLOWED_VOCAB};
use crate::text::terms::VocabId;
use std::ops::Range;

/// What every check needs at hand.
pub(super) struct Env<'a, 'd> {
    pub draft: &'a Draft<'d>,
    pub pack: &'a Pack,
    pub ctx: &'a Context,
    /// Spans of allowed phrases as (block, start, end), sorted, and the longest span's
    /// length: "is this hit inside an allowed phrase" is then a binary search, not a scan
    /// of every allowed hit per hit (quadratic on a long draft).
    allowed: Vec<(u32, u32, u32)>,
    allowed_max_len: u32,
}

impl<'a, 'd> Env<'a, 'd> {
    pub(super) fn new(draft: &'a Draft<'d>, pack: &'a Pack, ctx: &'a Context) -> Self {
        let mut allowed: Vec<(u32, u32, u32)> = pack
            .vocab_id(ALLOWED_VOCAB)
            .map(|a| {
                draft
                    .hits_of(a)
                    .map(|x| (x.block, x.start, x.end))
                    .collect()
            })
            .unwrap_or_default();
        allowed.sort_unstable();
        let allowed_max_len = allowed.iter().map(|&(_, s, e)| e - s).max().unwrap_or(0);
        Env {
            draft,
            pack,
            ctx,
            allowed,
            allowed_max_len,
        }
    }

    /// A stage scope is its sections; a stage the answer covers without a section of
    /// its own (a fallback said inside "Architecture") is looked for everywhere.
    pub(super) fn in_scope(&self, h: &Hit, scope: Scope) -> bool {
        match scope {
            None => true,
            Some(s) if !self.draft.has_stage(s) => true,
            Some(s) => self.draft.sentences[h.sentence as usize].stages.contains(s),
        }
    }

    /// Whether a scope exists in this draft: a stage scope needs the stage covered (a
    /// section with words in it, or enough of its evidence anywhere).
    pub(super) fn scope_exists(&self, scope: Scope) -> bool {
        scope.is_none_or(|s| self.draft.covers_stage(s, self.pack))
    }

    /// Hits of several vocabularies in document order, overlapping ones merged (longest kept).
    pub(super) fn hits(&self, vocabs: &[VocabId], scope: Scope) -> Vec<Hit> {
        let mut all: Vec<Hit> = vocabs
            .iter()
            .flat_map(|&v| self.draft.hits_of(v))
            .filter(|h| self.in_scope(h, scope))
            .copied()
            .collect();
        all.sort_by_key(|h| (h.block, h.start, std::cmp::Reverse(h.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(all.len());
        for h in all {
            if let Some(last) = out.last() {
                if last.block == h.block && h.start < last.end {
                    continue;
                }
            }
            out.push(h);
        }
        out
    }

    pub(super) fn is_allowed(&self, h: &Hit) -> bool {
        // Spans starting before the hit ends, walked back while one could still reach it.
        let i = self
            .allowed
            .partition_point(|&(b, s, _)| (b, s) < (h.block, h.end));
        self.allowed[..i]
            .iter()
            .rev()
            .take_while(|&&(b, s, _)| b == h.block && s + self.allowed_max_len > h.start)
            .any(|&(_, s, e)| s < h.end && h.start < e)
    }

    pub(super) fn any_hit(&self, vocabs: &[VocabId], scope: Scope, questions_only: bool) -> bool {
        vocabs.iter().any(|&v| {
            self.draft.hits_of(v).any(|h| {
                self.in_scope(h, scope)
                    && (!questions_only || self.draft.sentences[h.sentence as usize].is_question)
            })
        })
    }

    /// Sorted sentence indices holding a hit of any of `vocabs`.
    pub(super) fn sentences_with(&self, vocabs: &[VocabId]) -> Vec<u32> {
        let mut v: Vec<u32> = vocabs
            .iter()
            .flat_map(|&id| self.draft.hits_of(id))
            .map(|h| h.sentence)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Range of a document-level finding: the title line, else the first line of the body.
    pub(super) fn doc_range(&self) -> Range<usize> {
        if let Some(h) = self.draft.title() {
            return first_line(self.draft.text, h.range.clone());
        }
        let text = self.draft.text;
        let mut pos = self.draft.front_matter.body_start;
        while pos < text.len() {
            let line = first_line(text, pos..text.len());
            if !text[line.clone()].trim().is_empty() {
                return line;
            }
            let next = text[pos..].find(['\n', '\r']).map(|i| pos + i + 1);
            match next {
                Some(n) if n > pos => pos = n,
                _ => break,
            }
        }
        let at = self.draft.front_matter.body_start.min(text.len());
        at..at
    }

    /// Range for a finding about a stage: its first heading line, else the document range.
    pub(super) fn stage_range(&self, scope: Scope) -> Range<usize> {
        match scope.and_then(|s| self.draft.stage_first[s as usize]) {
            Some(h) => first_line(
                self.draft.text,
                self.draft.headings[h as usize].range.clone(),
            ),
            None => self.doc_range(),
        }
    }

    pub(super) fn stage_name(&self, scope: Scope) -> String {
        match scope {
            Some(s) => self.pack.stage(s).heading.clone(),
            None => "the draft".into(),
        }
    }

    pub(super) fn minutes(&self, words: usize) -> f64 {
        words as f64 / self.ctx.words_per_minute.max(1.0)
    }

    /// Words of blocks whose section counts for any of `stages` (each block once).
    pub(super) fn words_in(&self, stages: StageSet) -> usize {
        self.draft
            .blocks
            .iter()
            .enumerate()
            .filter(|(i, _)| self.draft.stages_of_block(*i as u32).intersects(stages))
            .map(|(_, b)| b.words as usize)
            .sum()
    }

    /// Hits of one vocabulary in one sentence: a binary search, since hits come in
    /// document order (a linear scan per term made long drafts quadratic).
    pub(super) fn hits_in_sentence(
        &self,
        vocab: VocabId,
        sentence: u32,
    ) -> impl Iterator<Item = &Hit> + '_ {
        let d = self.draft;
        let list: &[u32] = d
            .hits_by_vocab
            .get(vocab as usize)
            .map_or(&[], |v| v.as_slice());
        let from = list.partition_point(|&i| d.hits[i as usize].sentence < sentence);
        list[from..]
            .iter()
            .map(move |&i| &d.hits[i as usize])
            .take_while(move |x| x.sentence == sentence)
    }

    pub(super) fn sentence_in(&self, s: &Sentence, scope: Scope) -> bool {
        scope.is_none_or(|st| !self.draft.has_stage(st) || s.stages.contains(st))
    }
}
