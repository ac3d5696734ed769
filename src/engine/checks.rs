//! The check kinds at work: each turns a draft into gaps (a range, message values and
//! maybe a fix); `run_all` wraps them into findings with the rule's severity at the
//! draft's level. No code here knows a rule id.

use super::draft::{Draft, Hit};
use super::finding::{Edit, Finding, Fix};
use super::fix;
use super::prose;
use super::{Context, RuleSetting, Settings};
use crate::pack::{StageId, StageSet};
use crate::rules::check::{render, Check, CheckKind, ClaimContext, FigureCompare, Scope};
use crate::rules::{Pack, Rule, ALLOWED_VOCAB};
use crate::text::terms::VocabId;
use std::ops::Range;

/// One thing a check found, before it becomes a finding.
struct Gap {
    range: Range<usize>,
    vars: Vec<(&'static str, String)>,
    /// Where a fix that appends a line should go (a stage), if anywhere.
    scope: Scope,
    /// A message of the check's other case (an empty section), instead of its own.
    message: Option<String>,
    /// Whether the check's fixes apply (an empty section needs words, not a heading).
    fixable: bool,
    /// The kind of claim a vague word makes (`[[claim_category]]`), if categorised.
    category: Option<String>,
}

impl Gap {
    fn new(range: Range<usize>) -> Gap {
        Gap {
            range,
            vars: Vec::new(),
            scope: None,
            message: None,
            fixable: true,
            category: None,
        }
    }
    fn var(mut self, k: &'static str, v: impl Into<String>) -> Gap {
        self.vars.push((k, v.into()));
        self
    }
}

/// Severity a rule has for this draft, or `None` when it does not apply.
pub fn effective_severity(
    rule: &Rule,
    settings: &Settings,
    ctx: &Context,
) -> Option<super::Severity> {
    if settings.ignore.contains(&rule.id) {
        return None;
    }
    if let Some(select) = &settings.select {
        if !select.contains(&rule.id) {
            return None;
        }
    }
    if !rule.problem_types.is_empty() && !rule.problem_types.contains(&ctx.problem_type) {
        return None;
    }
    let at_level = rule.severity_at(ctx.level)?;
    match settings.rules.get(&rule.id) {
        Some(RuleSetting::Off) => None,
        Some(RuleSetting::Severity(s)) => Some(*s),
        None => Some(at_level),
    }
}

pub fn run_all(draft: &Draft, pack: &Pack, settings: &Settings, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let env = Env::new(draft, pack, ctx);
    for rule in &pack.rules {
        let Some(severity) = effective_severity(rule, settings, ctx) else {
            continue;
        };
        for check in &rule.checks {
            for gap in env.run(check) {
                let mut vars = gap.vars.clone();
                vars.push(("level", ctx.level.to_string()));
                vars.push(("rule", rule.id.clone()));
                let mut fixes = Vec::new();
                if let (CheckKind::MissingStage { stage, .. }, true) = (&check.kind, gap.fixable) {
                    let stage = *stage;
                    fixes.push(fix::insert_stage_section(
                        draft,
                        pack,
                        stage,
                        &ctx.problem_type,
                        ctx.minutes,
                    ));
                }
                if let (Some(spec), true) = (&check.fix, gap.fixable) {
                    let place = fix::LinePlace {
                        stages: &check.fix_stages,
                        scope: gap.scope,
                        problem_type: &ctx.problem_type,
                        interview_minutes: ctx.minutes,
                    };
                    if let Some(f) = fix_from_spec(draft, pack, spec, &gap, &vars, place) {
                        fixes.push(f);
                    }
                }
                out.push(Finding {
                    rule: rule.id.clone(),
                    severity,
                    message: render(gap.message.as_deref().unwrap_or(&check.message), &vars),
                    range: gap.range,
                    fixes,
                    related: Vec::new(),
                    category: gap.category,
                });
            }
        }
    }
    out
}

fn fix_from_spec(
    draft: &Draft,
    pack: &Pack,
    spec: &crate::rules::schema::FixSpec,
    gap: &Gap,
    vars: &[(&str, String)],
    place: fix::LinePlace,
) -> Option<Fix> {
    let mut edits = Vec::new();
    if let Some(text) = &spec.insert_after {
        edits.push(Edit {
            range: gap.range.end..gap.range.end,
            new_text: render(text, vars),
        });
    }
    if let Some(line) = &spec.append_line {
        edits.push(fix::append_line(draft, pack, place, &render(line, vars)));
    }
    if edits.is_empty() {
        return None;
    }
    Some(Fix {
        title: render(&spec.title, vars),
        safe: spec.safe,
        edits,
    })
}

/// What every check needs at hand.
struct Env<'a, 'd> {
    draft: &'a Draft<'d>,
    pack: &'a Pack,
    ctx: &'a Context,
    /// Spans of allowed phrases as (block, start, end), sorted, and the longest span's
    /// length: "is this hit inside an allowed phrase" is then a binary search, not a scan
    /// of every allowed hit per hit (quadratic on a long draft).
    allowed: Vec<(u32, u32, u32)>,
    allowed_max_len: u32,
}

impl<'a, 'd> Env<'a, 'd> {
    fn new(draft: &'a Draft<'d>, pack: &'a Pack, ctx: &'a Context) -> Self {
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
    fn in_scope(&self, h: &Hit, scope: Scope) -> bool {
        match scope {
            None => true,
            Some(s) if !self.draft.has_stage(s) => true,
            Some(s) => self.draft.sentences[h.sentence as usize].stages.contains(s),
        }
    }

    /// Whether a scope exists in this draft: a stage scope needs the stage covered (a
    /// section with words in it, or enough of its evidence anywhere).
    fn scope_exists(&self, scope: Scope) -> bool {
        scope.is_none_or(|s| self.draft.covers_stage(s, self.pack))
    }

    /// Hits of several vocabularies in document order, overlapping ones merged (longest kept).
    fn hits(&self, vocabs: &[VocabId], scope: Scope) -> Vec<Hit> {
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

    fn is_allowed(&self, h: &Hit) -> bool {
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

    fn any_hit(&self, vocabs: &[VocabId], scope: Scope, questions_only: bool) -> bool {
        vocabs.iter().any(|&v| {
            self.draft.hits_of(v).any(|h| {
                self.in_scope(h, scope)
                    && (!questions_only || self.draft.sentences[h.sentence as usize].is_question)
            })
        })
    }

    /// Sorted sentence indices holding a hit of any of `vocabs`.
    fn sentences_with(&self, vocabs: &[VocabId]) -> Vec<u32> {
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
    fn doc_range(&self) -> Range<usize> {
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
    fn stage_range(&self, scope: Scope) -> Range<usize> {
        match scope.and_then(|s| self.draft.stage_first[s as usize]) {
            Some(h) => first_line(
                self.draft.text,
                self.draft.headings[h as usize].range.clone(),
            ),
            None => self.doc_range(),
        }
    }

    fn stage_name(&self, scope: Scope) -> String {
        match scope {
            Some(s) => self.pack.stage(s).heading.clone(),
            None => "the draft".into(),
        }
    }

    fn minutes(&self, words: usize) -> f64 {
        words as f64 / self.ctx.words_per_minute.max(1.0)
    }

    /// Words of blocks whose section counts for any of `stages` (each block once).
    fn words_in(&self, stages: StageSet) -> usize {
        self.draft
            .blocks
            .iter()
            .enumerate()
            .filter(|(i, _)| self.draft.stages_of_block(*i as u32).intersects(stages))
            .map(|(_, b)| b.words as usize)
            .sum()
    }

    /// Whether a term is a claim the writer makes about the design, as `claim` reads it:
    /// not a comparison, a condition, a negation, a quotation, a name or a cell of a
    /// comparison table, and said in the voice of a requirement or a decision.
    fn is_claim(&self, h: &Hit, claim: &ClaimContext) -> bool {
        let d = self.draft;
        let block = &d.blocks[h.block as usize];
        if claim
            .max_table_columns
            .is_some_and(|max| block.table_row > 0 && usize::from(block.table_cols) > max)
        {
            return false;
        }
        // A guide (see `reader_rate`) makes no claims about a design of its own.
        let reader_rate = self.reader_rate(claim);
        if reader_rate >= claim.guidance_rate {
            return false;
        }
        let sentence = &d.sentences[h.sentence as usize];
        let text = d.block_text(h.block);
        // What precedes the term in its sentence, at most a few hundred bytes back: enough
        // for a quotation, a name or a condition, and linear on a 5 MB one-line draft.
        let mut s_start =
            (sentence.range.start as usize).max((h.start as usize).saturating_sub(CONTEXT_BYTES));
        while !text.is_char_boundary(s_start) && s_start < h.start as usize {
            s_start += 1;
        }
        let before = text.get(s_start..h.start as usize).unwrap_or("");
        let after_end = (h.end as usize + CONTEXT_BYTES).min(sentence.range.end as usize);
        let mut after_end = after_end.max(h.end as usize);
        while !text.is_char_boundary(after_end) && after_end > h.end as usize {
            after_end -= 1;
        }
        if claim.skip_quoted && is_quoted(before, text.get(h.end as usize..after_end).unwrap_or(""))
        {
            return false;
        }
        if claim.skip_names && is_name(before, d.hit_text(h)) {
            return false;
        }
        let in_sentence = |v: &[VocabId]| {
            v.iter()
                .any(|&id| self.hits_in_sentence(id, h.sentence).next().is_some())
        };
        if in_sentence(&claim.exempt_sentence) {
            return false;
        }
        if !claim.exempt_before.is_empty() {
            let words_before = prose::word_count(before);
            let exempt = claim
                .exempt_before
                .iter()
                .flat_map(|&id| self.hits_in_sentence(id, h.sentence))
                .filter(|x| x.end <= h.start)
                .any(|x| {
                    let gap = text.get(x.end as usize..h.start as usize).unwrap_or("");
                    prose::word_count(gap) < claim.exempt_before_words && words_before > 0
                });
            if exempt {
                return false;
            }
        }
        if (claim.claims.is_empty() && claim.claim_stages.is_empty())
            || (claim.claims_in_answers && d.is_answer())
        {
            return true;
        }
        let stages_claim = reader_rate < claim.stage_claims_below
            && claim
                .claim_stages
                .iter()
                .any(|&st| sentence.stages.contains(st));
        stages_claim || in_sentence(&claim.claims)
    }

    /// How often a document that is not an answer addresses its reader, per 1,000 words
    /// (0 for an answer). Said often, the document teaches rather than answers a question
    /// (a tutorial, a book summary, a pattern catalogue).
    fn reader_rate(&self, claim: &ClaimContext) -> f64 {
        let d = self.draft;
        if claim.guidance_voice.is_empty() || d.words == 0 || d.is_answer() {
            return 0.0;
        }
        let said: usize = claim
            .guidance_voice
            .iter()
            .map(|&id| d.hits_by_vocab.get(id as usize).map_or(0, Vec::len))
            .sum();
        said as f64 * 1000.0 / d.words as f64
    }

    /// Hits of one vocabulary in one sentence: a binary search, since hits come in
    /// document order (a linear scan per term made long drafts quadratic).
    fn hits_in_sentence(&self, vocab: VocabId, sentence: u32) -> impl Iterator<Item = &Hit> + '_ {
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

    /// A hit of a categorised vocabulary (`[numbers] categorised`) says which kind of figure
    /// it lacks: its category, what that asks for and the fix's placeholder.
    fn with_category(&self, h: &Hit, gap: Gap) -> Gap {
        let n = &self.pack.numbers;
        if !n
            .categorised
            .iter()
            .any(|v| self.pack.vocab_id(v) == Some(h.vocab))
        {
            return gap;
        }
        let Some(c) = n.category_of(self.draft.hit_text(h)) else {
            return gap;
        };
        let mut gap = gap
            .var("category", c.id.clone())
            .var("asks", c.asks.clone())
            .var("placeholder", c.placeholder.clone());
        gap.category = Some(c.id.clone());
        gap
    }

    /// Whether a block (or the table row it is a cell of) states any quantity.
    fn block_has_quantity(&self, block: u32) -> bool {
        let d = self.draft;
        let b = &d.blocks[block as usize];
        let in_block = |b: &crate::engine::draft::Block| {
            d.sentences[b.sentences.start as usize..b.sentences.end as usize]
                .iter()
                .any(|s| s.quantities > 0)
        };
        if b.table_row == 0 {
            // A paragraph is many claims; a list item or a table cell is one.
            return b.list_item > 0 && in_block(b);
        }
        // Cells of one row are neighbouring blocks.
        let row = b.table_row;
        let i = block as usize;
        let lo = d.blocks[..i]
            .iter()
            .rposition(|x| x.table_row != row)
            .map_or(0, |p| p + 1);
        let hi = d.blocks[i..]
            .iter()
            .position(|x| x.table_row != row)
            .map_or(d.blocks.len(), |p| i + p);
        d.blocks[lo..hi].iter().any(in_block)
    }

    /// `figure-conflict`: two figures that cannot both hold, one finding on each line (the
    /// message names both). See `engine::figures`.
    fn figure_conflict(&self, ratio: f64, compare: FigureCompare) -> Vec<Gap> {
        use super::figures as fig;
        let d = self.draft;
        let numbers = &self.pack.numbers;
        let all = fig::stated(d, numbers);
        if all.len() < 2 {
            return Vec::new();
        }
        let index = crate::text_index::TextIndex::new(d.text);
        let line = |r: &Range<usize>| (index.line_of(r.start) + 1).to_string();
        let (first, second, first_text, second_text, derived) = match compare {
            FigureCompare::Restated => {
                let Some((a, b)) = fig::restated_rates(&all, numbers, ratio) else {
                    return Vec::new();
                };
                let (at, bt) = (a.shown(d).to_string(), b.shown(d).to_string());
                (a.source, b.source, at, bt, String::new())
            }
            FigureCompare::StageSum => {
                let Some((stages, budget, sum)) = fig::stages_over_budget(&all, numbers) else {
                    return Vec::new();
                };
                if sum < budget.figure.hi * ratio {
                    return Vec::new();
                }
                let Some(last) = stages.last() else {
                    return Vec::new();
                };
                let shown: Vec<String> = stages
                    .iter()
                    .map(|s| format!("{} (line {})", s.shown(d), line(&s.source)))
                    .collect();
                let total = format!("{} ms", crate::text::number::short(sum));
                (
                    last.source.clone(),
                    budget.source.clone(),
                    shown.join(" + "),
                    budget.shown(d).to_string(),
                    total,
                )
            }
            FigureCompare::DerivedRate => {
                let Some((input, stated, derived)) =
                    fig::rate_against_inputs(d, &all, numbers, ratio)
                else {
                    return Vec::new();
                };
                let avg = crate::text::number::short(derived.value);
                // "100M DAU × 20 times a day", the users' line named when it is another.
                let users = derived
                    .inputs
                    .iter()
                    .find(|r| **r != input.source)
                    .map(|r| {
                        let text = d.text.get(r.clone()).unwrap_or("").trim();
                        if line(r) == line(&input.source) {
                            format!("{text} × ")
                        } else {
                            format!("{text} (line {}) × ", line(r))
                        }
                    })
                    .unwrap_or_default();
                (
                    input.source.clone(),
                    stated.source.clone(),
                    format!("{users}{}", input.shown(d)),
                    stated.shown(d).to_string(),
                    avg,
                )
            }
        };
        let gap = |r: &Range<usize>| {
            Gap::new(r.clone())
                .var("first", first_text.clone())
                .var("second", second_text.clone())
                .var("first_line", line(&first))
                .var("second_line", line(&second))
                .var("derived", derived.clone())
        };
        let mut gaps = vec![gap(&first)];
        if line(&first) != line(&second) {
            gaps.push(gap(&second));
        }
        gaps
    }

    fn run(&self, check: &Check) -> Vec<Gap> {
        use CheckKind::*;
        let d = self.draft;
        match &check.kind {
            TermWithout {
                terms,
                scope,
                unless,
                unless_quantity,
                window,
                skip_questions,
                claim,
            } => {
                let companions = self.sentences_with(unless);
                let mut gaps = Vec::new();
                for h in self.hits(terms, *scope) {
                    let s = &d.sentences[h.sentence as usize];
                    // Headings are labels and link text names a cited work: neither is a
                    // claim of the writer's that needs support.
                    if (*skip_questions && s.is_question)
                        || self.is_allowed(&h)
                        || d.blocks[h.block as usize].is_heading
                        || d.in_link(&h)
                        || !self.is_claim(&h, claim)
                    {
                        continue;
                    }
                    let last = (h.sentence as usize + window).min(d.sentences.len() - 1) as u32;
                    let in_window = |i: &u32| *i >= h.sentence && *i <= last;
                    if *unless_quantity
                        && ((h.sentence..=last).any(|i| d.sentences[i as usize].quantities > 0)
                            || (claim.quantity_in_block && self.block_has_quantity(h.block)))
                    {
                        continue;
                    }
                    let pos = companions.partition_point(|i| *i < h.sentence);
                    if companions.get(pos).is_some_and(in_window) {
                        continue;
                    }
                    let gap = Gap::new(d.hit_source(&h)).var("term", d.hit_text(&h));
                    gaps.push(self.with_category(&h, gap));
                }
                gaps
            }
            TermPresent {
                terms,
                scope,
                unless_after,
            } => {
                let after = self.hits(unless_after, None);
                self.hits(terms, *scope)
                    .into_iter()
                    .filter(|h| !self.is_allowed(h))
                    .filter(|h| {
                        !after
                            .iter()
                            .any(|a| (a.block, a.start) > (h.block, h.start))
                    })
                    .map(|h| Gap::new(d.hit_source(&h)).var("term", d.hit_text(&h)))
                    .collect()
            }
            MissingStage {
                stage,
                empty_message,
            } => {
                if d.covers_stage(*stage, self.pack) {
                    return Vec::new();
                }
                // A heading with nothing under it: the words are missing, not the heading
                // (`empty-section` says so, or this check's `empty_message`).
                if let Some(h) = d.stage_first[*stage as usize] {
                    let Some(message) = empty_message else {
                        return Vec::new();
                    };
                    let heading = &d.headings[h as usize];
                    let mut gap = Gap::new(first_line(d.text, heading.range.clone()))
                        .var("stage", self.pack.stage(*stage).heading.clone());
                    gap.message = Some(message.clone());
                    gap.fixable = false;
                    return vec![gap];
                }
                vec![Gap::new(self.doc_range())
                    .var("stage", self.pack.stage(*stage).heading.clone())]
            }
            LacksTerms {
                groups,
                scope,
                questions_only,
                unless_anywhere,
            } => {
                if !self.scope_exists(*scope) || self.any_hit(unless_anywhere, None, false) {
                    return Vec::new();
                }
                if groups
                    .iter()
                    .all(|g| self.any_hit(g, *scope, *questions_only))
                {
                    return Vec::new();
                }
                let mut gap =
                    Gap::new(self.stage_range(*scope)).var("stage", self.stage_name(*scope));
                gap.scope = *scope;
                vec![gap]
            }
            TermsImply {
                when,
                require,
                scope,
            } => {
                let Some(first) = self.hits(when, *scope).into_iter().next() else {
                    return Vec::new();
                };
                if self.any_hit(require, *scope, false) {
                    return Vec::new();
                }
                let mut gap = Gap::new(d.hit_source(&first)).var("term", d.hit_text(&first));
                gap.scope = d.sentences[first.sentence as usize].stages.iter().next();
                vec![gap]
            }
            StageOrder {
                stage,
                after_any_of,
            } => {
                let Some(first) = d.stage_first[*stage as usize] else {
                    return Vec::new();
                };
                let preceded = after_any_of
                    .iter()
                    .any(|s| d.stage_first[*s as usize].is_some_and(|h| h < first));
                if preceded {
                    return Vec::new();
                }
                let h = &d.headings[first as usize];
                vec![Gap::new(first_line(d.text, h.range.clone())).var("stage", h.text.clone())]
            }
            TermOrder {
                first,
                before,
                scope,
            } => {
                if !self.scope_exists(*scope) {
                    return Vec::new();
                }
                let Some(f) = self.hits(first, *scope).into_iter().next() else {
                    return Vec::new();
                };
                let b = self.hits(before, *scope).into_iter().next();
                if b.is_some_and(|b| (b.block, b.start) <= (f.block, f.start)) {
                    return Vec::new();
                }
                vec![Gap::new(d.hit_source(&f)).var("term", d.hit_text(&f))]
            }
            Share { stages, min, max } => {
                let solution = self.words_in(self.pack.solution_stages());
                if solution == 0 {
                    return Vec::new();
                }
                let mut group = StageSet::default();
                stages.iter().for_each(|s| group.insert(*s));
                let share = self.words_in(group) as f64 / solution as f64;
                if share >= *min {
                    return Vec::new();
                }
                vec![Gap::new(self.doc_range())
                    .var("share", format!("{:.0}%", share * 100.0))
                    .var("min", format!("{:.0}%", min * 100.0))
                    .var("max", format!("{:.0}%", max.unwrap_or(*min) * 100.0))]
            }
            Density {
                min,
                per_words,
                min_total,
                min_words,
            } => {
                if d.words == 0 || d.words < *min_words {
                    return Vec::new();
                }
                let count: u32 = d.sentences.iter().map(|s| s.quantities).sum();
                let by_length = (min * d.words as f64 / per_words).floor() as u32;
                let need = by_length.max(*min_total);
                if count >= need {
                    return Vec::new();
                }
                vec![Gap::new(self.doc_range())
                    .var("need", need.to_string())
                    .var("count", count.to_string())
                    .var("per", format!("{per_words}"))
                    .var("min", format!("{min}"))
                    .var("words", d.words.to_string())]
            }
            QuestionCount { scope, min } => {
                let scope = Some(*scope);
                if !self.scope_exists(scope) {
                    return Vec::new();
                }
                let count = d
                    .sentences
                    .iter()
                    .filter(|s| s.is_question && self.sentence_in(s, scope))
                    .count();
                if count >= *min {
                    return Vec::new();
                }
                let mut gap = Gap::new(self.stage_range(scope))
                    .var("count", count.to_string())
                    .var("min", min.to_string())
                    .var("stage", self.stage_name(scope));
                gap.scope = scope;
                vec![gap]
            }
            Monologue {
                check_ins,
                max_minutes,
            } => {
                let limit = (max_minutes * self.ctx.words_per_minute).max(1.0) as u32;
                let marked = self.sentences_with(check_ins);
                let mut since = 0u32;
                let mut gaps = Vec::new();
                for (i, s) in d.sentences.iter().enumerate() {
                    if s.is_question || marked.binary_search(&(i as u32)).is_ok() {
                        since = 0;
                        continue;
                    }
                    since += s.words;
                    if since > limit {
                        gaps.push(
                            Gap::new(d.sentence_source(s))
                                .var("words", since.to_string())
                                .var("minutes", format!("{:.0}", self.minutes(since as usize))),
                        );
                        since = 0;
                    }
                }
                gaps
            }
            SpeechTime => {
                let minutes = self.minutes(d.words);
                if minutes <= self.ctx.minutes as f64 {
                    return Vec::new();
                }
                vec![Gap::new(self.doc_range())
                    .var("minutes", format!("{minutes:.0}"))
                    .var("limit", self.ctx.minutes.to_string())]
            }
            StageTime { factor } => {
                let mut gaps = Vec::new();
                for b in &self.pack.budgets {
                    let minutes = self.minutes(self.words_in(b.stages));
                    let budget = self.pack.budget_for(b, self.ctx.minutes);
                    if minutes <= factor * budget {
                        continue;
                    }
                    let first = b.stages.iter().find(|s| d.has_stage(*s));
                    let names: Vec<String> = b
                        .stages
                        .iter()
                        .map(|s| self.pack.stage(s).heading.clone())
                        .collect();
                    gaps.push(
                        Gap::new(self.stage_range(first))
                            .var("stage", names.join(" + "))
                            .var("minutes", format!("{minutes:.1}"))
                            .var("budget", format!("{budget}")),
                    );
                }
                gaps
            }
            TopicTime {
                terms,
                max_minutes,
                compare_stage,
            } => {
                let sentences = self.sentences_with(terms);
                let words: usize = sentences
                    .iter()
                    .map(|&i| d.sentences[i as usize].words as usize)
                    .sum();
                let minutes = self.minutes(words);
                let compare = compare_stage
                    .filter(|s| d.has_stage(*s))
                    .map(|s| d.stage_words[s as usize]);
                let too_long = minutes > *max_minutes;
                let beyond_stage = compare.is_some_and(|w| words > w);
                if !(too_long || beyond_stage) || words == 0 {
                    return Vec::new();
                }
                vec![Gap::new(self.doc_range())
                    .var("minutes", format!("{minutes:.1}"))
                    .var("words", words.to_string())
                    .var("limit", format!("{max_minutes}"))
                    .var("compare_words", compare.unwrap_or(0).to_string())]
            }
            EmptySection => (0..self.pack.stages.len() as StageId)
                .filter(|&st| {
                    d.stage_first[st as usize].is_some() && !d.covers_stage(st, self.pack)
                })
                .filter_map(|st| {
                    let h = d.stage_first[st as usize]?;
                    let heading = &d.headings[h as usize];
                    let mut gap = Gap::new(first_line(d.text, heading.range.clone()))
                        .var("stage", self.pack.stage(st).heading.clone());
                    gap.scope = Some(st);
                    Some(gap)
                })
                .collect(),
            FigureConflict { ratio, compare } => self.figure_conflict(*ratio, *compare),
            CompanyFocus => {
                let Some(ci) = self.ctx.company else {
                    return Vec::new();
                };
                let company = &self.pack.companies[ci];
                if self.any_hit(&company.vocab, None, false) {
                    return Vec::new();
                }
                let range = d
                    .front_matter
                    .company_line
                    .clone()
                    .unwrap_or_else(|| self.doc_range());
                vec![Gap::new(range)
                    .var("company", company.name.clone())
                    .var("focus", company.focus.clone())]
            }
            NoDiagram => {
                if !d.diagrams.is_empty() || d.words == 0 {
                    return Vec::new();
                }
                vec![Gap::new(self.doc_range())]
            }
            FrontMatter => d
                .front_matter
                .problems
                .iter()
                .map(|p| Gap::new(p.range.clone()).var("detail", p.detail.clone()))
                .collect(),
            // Reported by the suppression pass, which knows the comments.
            Suppression => Vec::new(),
        }
    }

    fn sentence_in(&self, s: &super::draft::Sentence, scope: Scope) -> bool {
        scope.is_none_or(|st| !self.draft.has_stage(st) || s.stages.contains(st))
    }
}

/// How far around a term its sentence is read for quotations, names and conditions.
const CONTEXT_BYTES: usize = 300;

/// Whether the text right before and after a term holds an open quotation around it.
fn is_quoted(before: &str, after: &str) -> bool {
    let opens = before.matches(['"', '“', '”']).count();
    let straight_open = before.matches('"').count() % 2 == 1;
    let curly_open = before.rfind('“') > before.rfind('”');
    let closes = after.contains(['"', '”']);
    opens > 0 && (straight_open || curly_open) && closes
}

/// A capitalised term inside a sentence, after another capitalised word, is part of a
/// name ("Simple Online and Realtime Tracking", "the Fast Fourier Transform").
fn is_name(before: &str, term: &str) -> bool {
    let starts_upper = term.chars().next().is_some_and(char::is_uppercase);
    let mut words = before.split_whitespace().rev();
    let prev = words.next();
    let mid_sentence = before.trim().chars().any(char::is_alphanumeric);
    starts_upper
        && mid_sentence
        && prev.is_some_and(|w| {
            let label = w.ends_with([':', '-', '–', '—', '|', '>']);
            !label
                && (w.chars().next().is_some_and(char::is_uppercase)
                    || matches!(w, "and" | "of" | "for" | "the"))
        })
}

/// The first line of a range, without its line break.
pub fn first_line(text: &str, r: Range<usize>) -> Range<usize> {
    let start = r.start.min(text.len());
    let end = r.end.min(text.len()).max(start);
    let slice = &text[start..end];
    let cut = slice.find(['\n', '\r']).unwrap_or(slice.len());
    start..start + slice[..cut].trim_end().len()
}
