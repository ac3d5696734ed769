//! Parsed pack files compiled into a [`Pack`], one step per table kind: vocabularies (and
//! the matcher), stages, the other tables, rules (each check through the kind registry in
//! `check/`), then the scorecard. Every error names its file, line and column.

use super::check::{self, At};
use super::schema::{ExampleSpec, PackFile, RuleSpec};
use super::{
    normalize_level_name, numbers, scorecard, Budget, Company, Example, GlossaryEntry, Ladder,
    Level, Pack, PackError, ProblemType, Question, Rule, Skeleton, Stage, StageId, StageSet,
    ALLOWED_VOCAB, DEFAULT_BUDGET_INTERVIEW_MINUTES, INTERVIEW_MINUTES, MAX_PATTERN_LEN,
    PROBLEM_TYPES,
};
use crate::pack::Severity;
use crate::text::terms::{Matcher, VocabDef, VocabId};
use crate::text_index::{column_width, Encoding, TextIndex};
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;

/// One source file of the pack, kept so that errors can point into it.
pub(super) struct Source {
    pub name: String,
    pub text: String,
    /// One of the files embedded in the binary (its patterns are compiled by the tests).
    pub builtin: bool,
}

impl Source {
    fn err(&self, span: Range<usize>, message: String) -> PackError {
        PackError::at(&self.name, &self.text, Some(span), message)
    }

    /// An error at `needle` inside the table at `within` (or the table when it is absent).
    fn err_at(&self, within: &Range<usize>, needle: &str, message: String) -> PackError {
        self.err(locate(self, within, needle), message)
    }
}

type Files<'a> = [(&'a Source, PackFile)];

pub(super) fn compile(
    files: Vec<(&Source, PackFile)>,
    extra_terms: &[(String, Vec<String>, String)],
    allowed: &[String],
) -> Result<Pack, PackError> {
    let (vocabs, vocab_index, matcher) = compile_vocabs(&files, extra_terms, allowed)?;
    // The term automaton is built on a second thread while the rest compiles here: the
    // first draft needs it, and start-up is most of what a one-file check spends.
    let pack = std::thread::scope(|scope| {
        let _ = std::thread::Builder::new().spawn_scoped(scope, || matcher.warm());
        compile_rest(&files, vocabs, vocab_index)
    })?;
    Ok(Pack { matcher, ..pack })
}

/// Everything after the vocabularies (the matcher is put in by the caller).
fn compile_rest(
    files: &Files,
    vocabs: Vec<VocabDef>,
    vocab_index: HashMap<String, VocabId>,
) -> Result<Pack, PackError> {
    let stages = compile_stages(files, &vocab_index)?;
    let mut tables = Tables::default();
    for (src, file) in files {
        tables.add_file(src, file, &vocab_index, &stages)?;
    }
    let rules = compile_rules(files, &vocab_index, &stages)?;
    let scorecard = compile_scorecard(files, &rules, &vocab_index, &stages)?;
    let numbers = compile_numbers(files, &tables.problem_types, &stages)?;
    let rule_index = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    let level_names = level_names(&tables.ladders, &tables.ladder_files)?;
    let (heading_aliases, heading_alias_starts) = heading_aliases(&stages);
    Ok(Pack {
        heading_aliases,
        heading_alias_starts,
        section_cache: Default::default(),
        scorecard,
        numbers,
        rules,
        rule_index,
        vocabs,
        vocab_index,
        stages,
        budgets: tables.budgets,
        budget_interview_minutes: tables.budget_interview_minutes,
        ladders: tables.ladders,
        level_names,
        problem_types: tables.problem_types,
        companies: tables.companies,
        skeletons: tables.skeletons,
        questions: tables.questions,
        glossary: tables.glossary,
        matcher: Matcher::default(),
    })
}

// ---------------------------------------------------------------------------------------
// 1. Vocabularies (merged by name, in file order), then extras from the config.

/// Where each pattern was written: (vocab, pattern index) → (file, span).
type PatternOrigin = HashMap<(usize, usize), (usize, Range<usize>)>;

/// The vocabularies, their index by name, and the matcher built from them.
type Vocabs = (Vec<VocabDef>, HashMap<String, VocabId>, Matcher);

fn compile_vocabs(
    files: &Files,
    extra_terms: &[(String, Vec<String>, String)],
    allowed: &[String],
) -> Result<Vocabs, PackError> {
    let mut vocabs: Vec<VocabDef> = Vec::new();
    let mut vocab_index: HashMap<String, VocabId> = HashMap::new();
    let mut pattern_origin = PatternOrigin::new();
    for (fi, (src, file)) in files.iter().enumerate() {
        for (name, spec) in &file.vocab {
            let vi = vocab_slot(&mut vocabs, &mut vocab_index, name)
                .ok_or_else(|| src.err(spec.span(), "too many vocabularies".into()))?;
            let spec = spec.get_ref();
            let v = &mut vocabs[vi];
            if !spec.summary.is_empty() {
                v.summary = spec.summary.clone();
            }
            v.terms.extend(spec.terms.iter().cloned());
            v.exact.extend(spec.exact.iter().cloned());
            for p in &spec.patterns {
                if p.get_ref().len() > MAX_PATTERN_LEN {
                    return Err(src.err(
                        p.span(),
                        format!(
                            "pattern of vocabulary `{name}` is {} bytes long; a pattern may have at most {MAX_PATTERN_LEN} (list words as `terms` instead)",
                            p.get_ref().len()
                        ),
                    ));
                }
                pattern_origin.insert((vi, v.patterns.len()), (fi, p.span()));
                v.patterns.push(p.get_ref().clone());
            }
        }
    }
    for (name, terms, origin) in extra_terms {
        let Some(&i) = vocab_index.get(name) else {
            return Err(PackError {
                file: origin.clone(),
                line: 0,
                column: 0,
                message: format!(
                    "[vocab] names unknown vocabulary `{name}`; known: {}",
                    sorted_keys(&vocab_index)
                ),
            });
        };
        vocabs[i as usize].terms.extend(terms.iter().cloned());
    }
    add_allowed(&mut vocabs, &mut vocab_index, allowed);
    let matcher = compile_matcher(files, &vocabs, &pattern_origin)?;
    Ok((vocabs, vocab_index, matcher))
}

/// The index of vocabulary `name`, added when new; `None` when there are too many.
fn vocab_slot(
    vocabs: &mut Vec<VocabDef>,
    index: &mut HashMap<String, VocabId>,
    name: &str,
) -> Option<usize> {
    if let Some(&i) = index.get(name) {
        return Some(i as usize);
    }
    if vocabs.len() >= VocabId::MAX as usize {
        return None;
    }
    index.insert(name.to_string(), vocabs.len() as VocabId);
    vocabs.push(VocabDef {
        name: name.to_string(),
        ..Default::default()
    });
    Some(vocabs.len() - 1)
}

/// The `allowed` vocabulary, filled from the setting of that name.
fn add_allowed(
    vocabs: &mut Vec<VocabDef>,
    vocab_index: &mut HashMap<String, VocabId>,
    allowed: &[String],
) {
    let allowed_id = match vocab_index.get(ALLOWED_VOCAB) {
        Some(&i) => i,
        None => {
            vocab_index.insert(ALLOWED_VOCAB.into(), vocabs.len() as VocabId);
            vocabs.push(VocabDef {
                name: ALLOWED_VOCAB.into(),
                summary: "Phrases the writer has allowed".into(),
                ..Default::default()
            });
            (vocabs.len() - 1) as VocabId
        }
    };
    vocabs[allowed_id as usize]
        .terms
        .extend(allowed.iter().cloned());
}

/// Built-in patterns compile when first used (start-up); any other is compiled now so
/// that an error names its file and line.
fn compile_matcher(
    files: &Files,
    vocabs: &[VocabDef],
    pattern_origin: &PatternOrigin,
) -> Result<Matcher, PackError> {
    let trusted = |vocab: usize, pattern: usize| {
        pattern_origin
            .get(&(vocab, pattern))
            .and_then(|(fi, _)| files.get(*fi))
            .is_some_and(|(src, _)| src.builtin)
    };
    Matcher::with_trusted(vocabs, trusted).map_err(|e| {
        let (fi, span) = pattern_origin
            .get(&(e.vocab, e.pattern))
            .cloned()
            .unwrap_or((0, 0..0));
        let (src, _) = &files[fi.min(files.len().saturating_sub(1))];
        src.err(
            span,
            format!(
                "pattern of vocabulary `{}` does not compile: {}",
                vocabs[e.vocab].name,
                e.message.lines().last().unwrap_or("").trim()
            ),
        )
    })
}

// ---------------------------------------------------------------------------------------
// 2. Stages.

fn compile_stages(
    files: &Files,
    vocab_index: &HashMap<String, VocabId>,
) -> Result<Vec<Stage>, PackError> {
    let mut stages: Vec<Stage> = Vec::new();
    for (src, file) in files {
        for spec in &file.stage {
            let stage = compile_stage(src, spec, vocab_index)?;
            match stages.iter().position(|x| x.id == stage.id) {
                Some(i) => stages[i] = stage,
                None if stages.len() >= 32 => {
                    return Err(src.err(spec.span(), "at most 32 stages".into()))
                }
                None => stages.push(stage),
            }
        }
    }
    Ok(stages)
}

fn compile_stage(
    src: &Source,
    spec: &Spanned<super::schema::StageSpec>,
    vocab_index: &HashMap<String, VocabId>,
) -> Result<Stage, PackError> {
    let span = spec.span();
    let s = spec.get_ref();
    if s.id.trim().is_empty() {
        return Err(src.err(span, "stage id is empty".into()));
    }
    let mut aliases: Vec<Vec<String>> = s
        .aliases
        .iter()
        .map(|a| crate::text::words::heading_words(a))
        .filter(|w| !w.is_empty())
        .collect();
    aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let evidence = s
        .evidence
        .iter()
        .map(|name| {
            vocab_index.get(name).copied().ok_or_else(|| {
                src.err_at(
                    &span,
                    name,
                    format!(
                        "stage `{}` names unknown evidence vocabulary `{name}`",
                        s.id
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let min_evidence = s.min_evidence.unwrap_or(2);
    if !(1..=100).contains(&min_evidence) {
        return Err(src.err(
            span,
            format!("stage `{}`: min_evidence must be 1 to 100", s.id),
        ));
    }
    let min_evidence_unsectioned = s.min_evidence_unsectioned.unwrap_or(min_evidence);
    if !(1..=min_evidence).contains(&min_evidence_unsectioned) {
        return Err(src.err(
            span,
            format!(
                "stage `{}`: min_evidence_unsectioned must be 1 to min_evidence ({min_evidence})",
                s.id
            ),
        ));
    }
    let evidence_unless_before = match &s.evidence_unless_before {
        None => None,
        Some(name) => Some(vocab_index.get(name).copied().ok_or_else(|| {
            src.err_at(
                &span,
                name,
                format!(
                    "stage `{}` names unknown vocabulary `{name}` in `evidence_unless_before`",
                    s.id
                ),
            )
        })?),
    };
    let evidence_unless_words = s.evidence_unless_words.unwrap_or(5);
    if !(1..=20).contains(&evidence_unless_words) {
        return Err(src.err(
            span,
            format!("stage `{}`: evidence_unless_words must be 1 to 20", s.id),
        ));
    }
    if s.closing_questions.is_some_and(|n| !(1..=20).contains(&n)) {
        return Err(src.err(
            span,
            format!("stage `{}`: closing_questions must be 1 to 20", s.id),
        ));
    }
    Ok(Stage {
        id: s.id.clone(),
        heading: s.heading.clone(),
        prompt: s.prompt.clone(),
        guidance: s.guidance.clone(),
        aliases,
        outside_solution: s.outside_solution,
        evidence,
        min_evidence,
        min_evidence_unsectioned,
        evidence_unless_before,
        evidence_unless_words,
        closing_questions: s.closing_questions,
    })
}

/// Every stage alias with its stage, longest first, and the aliases by first word.
#[allow(clippy::type_complexity)]
fn heading_aliases(stages: &[Stage]) -> (Vec<(Vec<String>, StageId)>, HashMap<String, Vec<usize>>) {
    let mut aliases: Vec<(Vec<String>, StageId)> = stages
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.aliases.iter().map(move |a| (a.clone(), i as StageId)))
        .collect();
    aliases.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
    let mut starts: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (alias, _)) in aliases.iter().enumerate() {
        if let Some(first) = alias.first() {
            starts.entry(first.clone()).or_default().push(i);
        }
    }
    (aliases, starts)
}

// ---------------------------------------------------------------------------------------
// 3. The other tables: interview, budgets, ladders, problem types, companies, skeletons,
// questions, glossary. Later files replace earlier entries of the same name.

struct Tables {
    budgets: Vec<Budget>,
    budget_interview_minutes: u32,
    ladders: Vec<Ladder>,
    /// The file each ladder comes from (for errors).
    ladder_files: Vec<String>,
    problem_types: Vec<ProblemType>,
    companies: Vec<Company>,
    skeletons: Vec<Skeleton>,
    questions: Vec<Question>,
    glossary: Vec<GlossaryEntry>,
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            budgets: Vec::new(),
            budget_interview_minutes: DEFAULT_BUDGET_INTERVIEW_MINUTES,
            ladders: Vec::new(),
            ladder_files: Vec::new(),
            problem_types: Vec::new(),
            companies: Vec::new(),
            skeletons: Vec::new(),
            questions: Vec::new(),
            glossary: Vec::new(),
        }
    }
}

/// What a table entry resolves its names against.
struct Lookup<'a> {
    src: &'a Source,
    vocab_index: &'a HashMap<String, VocabId>,
    stages: &'a [Stage],
}

impl Lookup<'_> {
    fn vocab(&self, name: &str, span: &Range<usize>) -> Result<VocabId, PackError> {
        self.vocab_index.get(name).copied().ok_or_else(|| {
            self.src.err_at(
                span,
                name,
                format!(
                    "unknown vocabulary `{name}`; known: {}",
                    sorted_keys(self.vocab_index)
                ),
            )
        })
    }

    fn stage(&self, name: &str, span: &Range<usize>) -> Result<StageId, PackError> {
        self.stages
            .iter()
            .position(|s| s.id == name)
            .map(|i| i as StageId)
            .ok_or_else(|| {
                let known: Vec<&str> = self.stages.iter().map(|s| s.id.as_str()).collect();
                self.src.err_at(
                    span,
                    name,
                    format!("unknown stage `{name}`; known: {}", known.join(", ")),
                )
            })
    }
}

impl Tables {
    fn add_file(
        &mut self,
        src: &Source,
        file: &PackFile,
        vocab_index: &HashMap<String, VocabId>,
        stages: &[Stage],
    ) -> Result<(), PackError> {
        let names = Lookup {
            src,
            vocab_index,
            stages,
        };
        if let Some(spec) = &file.interview {
            let m = spec.get_ref().minutes;
            if !INTERVIEW_MINUTES.contains(&m) {
                return Err(src.err(
                    spec.span(),
                    format!("[interview] minutes must be a whole number from 1 to 600, not {m}"),
                ));
            }
            self.budget_interview_minutes = m;
        }
        for spec in &file.budget {
            self.budget(spec, &names)?;
        }
        for spec in &file.ladder {
            self.ladder(spec, src)?;
        }
        for spec in &file.problem_type {
            self.problem_type(spec, &names)?;
        }
        for spec in &file.company {
            self.company(spec, &names)?;
        }
        for spec in &file.skeleton {
            self.skeleton(spec, &names)?;
        }
        self.questions.extend(file.question.iter().map(|spec| {
            let q = spec.get_ref();
            Question {
                company: q.company.clone(),
                title: q.title.clone(),
                problem_type: q.problem_type.clone(),
                type_reason: q.type_reason.clone(),
            }
        }));
        self.glossary.extend(file.glossary.iter().map(|spec| {
            let g = spec.get_ref();
            GlossaryEntry {
                terms: g.terms.clone(),
                definition: g.definition.clone(),
            }
        }));
        Ok(())
    }

    fn budget(
        &mut self,
        spec: &Spanned<super::schema::BudgetSpec>,
        names: &Lookup,
    ) -> Result<(), PackError> {
        let span = spec.span();
        let b = spec.get_ref();
        let mut set = StageSet::default();
        for s in &b.stages {
            set.insert(names.stage(s, &span)?);
        }
        if !(b.minutes.is_finite() && b.minutes > 0.0) {
            return Err(names
                .src
                .err(span, "budget minutes must be a positive number".into()));
        }
        self.budgets.retain(|x| x.stages != set);
        self.budgets.push(Budget {
            stages: set,
            minutes: b.minutes,
        });
        Ok(())
    }

    fn ladder(
        &mut self,
        spec: &Spanned<super::schema::LadderSpec>,
        src: &Source,
    ) -> Result<(), PackError> {
        let l = spec.get_ref();
        let mut levels = Vec::new();
        for (level, names) in [
            (Level::L3, &l.l3),
            (Level::L4, &l.l4),
            (Level::L5, &l.l5),
            (Level::L6, &l.l6),
        ] {
            for name in names {
                let at = |msg: String| src.err(name.span(), msg);
                if normalize_level_name(name.get_ref()).is_empty() {
                    return Err(at(format!("ladder `{}`: a level name is empty", l.name)));
                }
                if Level::parse(name.get_ref()).is_some_and(|own| own != level) {
                    return Err(at(format!(
                        "ladder `{}`: `{}` is a level of its own and cannot stand for {level}",
                        l.name,
                        name.get_ref()
                    )));
                }
                levels.push((name.get_ref().clone(), level));
            }
        }
        if let Some(i) = self.ladders.iter().position(|x| x.name == l.name) {
            self.ladders.remove(i);
            self.ladder_files.remove(i);
        }
        self.ladders.push(Ladder {
            name: l.name.clone(),
            levels,
        });
        self.ladder_files.push(src.name.clone());
        Ok(())
    }

    fn problem_type(
        &mut self,
        spec: &Spanned<super::schema::ProblemTypeSpec>,
        names: &Lookup,
    ) -> Result<(), PackError> {
        let span = spec.span();
        let p = spec.get_ref();
        if !PROBLEM_TYPES.contains(&p.id.as_str()) {
            return Err(names.src.err_at(
                &span,
                &p.id,
                format!(
                    "unknown problem type `{}`; accepted: {}",
                    p.id,
                    PROBLEM_TYPES.join(", ")
                ),
            ));
        }
        let vocab = match &p.vocab {
            Some(v) => Some(names.vocab(v, &span)?),
            None => None,
        };
        self.problem_types.retain(|x| x.id != p.id);
        self.problem_types.push(ProblemType {
            id: p.id.clone(),
            vocab,
        });
        Ok(())
    }

    fn company(
        &mut self,
        spec: &Spanned<super::schema::CompanySpec>,
        names: &Lookup,
    ) -> Result<(), PackError> {
        let span = spec.span();
        let c = spec.get_ref();
        let vocab = c
            .vocab
            .iter()
            .map(|v| names.vocab(v, &span))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(m) = c.minutes.filter(|m| !INTERVIEW_MINUTES.contains(m)) {
            return Err(names.src.err(
                span,
                format!(
                    "company `{}`: minutes must be a whole number from 1 to 600, not {m}",
                    c.id
                ),
            ));
        }
        let mut aliases: Vec<String> = c.aliases.iter().map(|a| a.trim().to_lowercase()).collect();
        aliases.push(c.id.to_lowercase());
        aliases.push(c.name.to_lowercase());
        self.companies.retain(|x| x.id != c.id);
        self.companies.push(Company {
            id: c.id.clone(),
            name: c.name.clone(),
            aliases,
            focus: c.focus.clone(),
            vocab,
            minutes: c.minutes,
        });
        Ok(())
    }

    fn skeleton(
        &mut self,
        spec: &Spanned<super::schema::SkeletonSpec>,
        names: &Lookup,
    ) -> Result<(), PackError> {
        let span = spec.span();
        let s = spec.get_ref();
        if s.problem_type != "default" && !PROBLEM_TYPES.contains(&s.problem_type.as_str()) {
            return Err(names.src.err_at(
                &span,
                &s.problem_type,
                format!("unknown problem type `{}`", s.problem_type),
            ));
        }
        for stage in s.extra.keys() {
            names.stage(stage, &span)?;
        }
        self.skeletons.retain(|x| x.problem_type != s.problem_type);
        self.skeletons.push(Skeleton {
            problem_type: s.problem_type.clone(),
            extra: s.extra.clone().into_iter().collect(),
        });
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// 4. Rules; a later file replaces a rule of the same id.

fn compile_rules(
    files: &Files,
    vocab_index: &HashMap<String, VocabId>,
    stages: &[Stage],
) -> Result<Vec<Rule>, PackError> {
    let names = check::Names {
        vocab_index,
        stages,
    };
    let mut rules: Vec<Rule> = Vec::new();
    for (src, file) in files {
        for spec in &file.rule {
            let rule = compile_rule(src, spec, &names)?;
            match rules.iter().position(|x| x.id == rule.id) {
                Some(i) => rules[i] = rule,
                None => rules.push(rule),
            }
        }
    }
    Ok(rules)
}

/// Errors of one rule, prefixed with its id and pointed into its table.
struct RuleErr<'a> {
    src: &'a Source,
    span: Range<usize>,
    id: &'a str,
}

impl RuleErr<'_> {
    fn at(&self, at: At, msg: String) -> PackError {
        let span = match at {
            At::Rule => self.span.clone(),
            At::Text(needle) => locate(self.src, &self.span, &needle),
            At::Span(span) => span,
        };
        self.src.err(span, format!("rule `{}`: {msg}", self.id))
    }

    fn text(&self, needle: &str, msg: String) -> PackError {
        self.at(At::Text(needle.to_string()), msg)
    }
}

fn compile_rule(
    src: &Source,
    spec: &Spanned<RuleSpec>,
    names: &check::Names,
) -> Result<Rule, PackError> {
    let r = spec.get_ref();
    let err = RuleErr {
        src,
        span: spec.span(),
        id: &r.id,
    };
    if !super::valid_rule_id(&r.id) {
        return Err(err.text(
            &r.id,
            "a rule id is lowercase ASCII letters, digits and hyphens".into(),
        ));
    }
    let default_severity = severity(&r.severity, &err)?;
    let min_level = match &r.min_level {
        Some(l) => Some(level(l, &err)?),
        None => None,
    };
    let mut severity_from = r
        .severity_from
        .iter()
        .map(|(l, s)| Ok((level(l, &err)?, severity(s, &err)?)))
        .collect::<Result<Vec<_>, PackError>>()?;
    severity_from.sort_by_key(|(l, _)| *l);
    if let Some(t) = r
        .problem_types
        .iter()
        .find(|t| !PROBLEM_TYPES.contains(&t.as_str()))
    {
        return Err(err.text(
            t,
            format!(
                "unknown problem type `{t}`; accepted: {}",
                PROBLEM_TYPES.join(", ")
            ),
        ));
    }
    check_rule_text(r, &err)?;
    let weak = r
        .weak
        .iter()
        .enumerate()
        .map(|(i, w)| weak_example(i + 1, w, &err))
        .collect::<Result<Vec<_>, _>>()?;
    let checks = r
        .checks
        .iter()
        .map(|c| check::compile(c, &r.message, names).map_err(|(at, msg)| err.at(at, msg)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Rule {
        id: r.id.clone(),
        severity: default_severity,
        summary: r.summary.trim().to_string(),
        message: r.message.trim().to_string(),
        why: r.why.trim().to_string(),
        weak,
        strong: r.strong.clone(),
        min_level,
        severity_from,
        problem_types: r.problem_types.clone(),
        lesson: r.lesson.clone(),
        checks,
        source: src.name.clone(),
    })
}

fn severity(s: &str, err: &RuleErr) -> Result<Severity, PackError> {
    Severity::parse(s).ok_or_else(|| {
        err.text(
            s,
            format!("unknown severity `{s}`; accepted: error, warning, info, hint"),
        )
    })
}

fn level(l: &str, err: &RuleErr) -> Result<Level, PackError> {
    Level::parse(l).ok_or_else(|| {
        err.text(
            l,
            format!("unknown level `{l}`; accepted: {}", Level::ACCEPTED),
        )
    })
}

/// A weak example, its `at` read as (line, column) and checked against its text.
fn weak_example(
    n: usize,
    spec: &Spanned<ExampleSpec>,
    err: &RuleErr,
) -> Result<Example, PackError> {
    let w = spec.get_ref();
    if w.table && w.at.is_none() && w.fixed.is_none() {
        return Err(err.at(
            At::Span(spec.span()),
            format!(
                "weak example {n}: a table needs `at` or `fixed` (or write the draft as a plain \
                 string)"
            ),
        ));
    }
    let at = match &w.at {
        Some(at) => Some(
            example_position(&w.text, at.get_ref())
                .map_err(|msg| err.at(At::Span(at.span()), format!("weak example {n}: {msg}")))?,
        ),
        None => None,
    };
    Ok(Example {
        text: w.text.clone(),
        at,
        fixed: w.fixed.clone(),
    })
}

/// "LINE:COL" (both 1-based, the column in characters) as a position inside `text`.
fn example_position(text: &str, at: &str) -> Result<(u32, u32), String> {
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let parsed = at
        .split_once(':')
        .and_then(|(l, c)| Some((number(l)?, number(c)?)));
    let Some((line, column)) = parsed else {
        return Err(format!(
            "`at = {at:?}` is not LINE:COL (the 1-based line and column where the finding \
             starts, e.g. \"3:14\")"
        ));
    };
    if line == 0 || column == 0 {
        return Err(format!("`at = {at:?}`: lines and columns count from 1"));
    }
    let index = TextIndex::new(text);
    let lines = index.line_count();
    if line as usize > lines {
        return Err(format!(
            "`at = {at:?}` is past the example's end (it has {lines} line{})",
            if lines == 1 { "" } else { "s" }
        ));
    }
    let range = index.line_range(text, line as usize - 1);
    let chars = text
        .get(range)
        .map_or(0, |l| column_width(l, Encoding::Utf32));
    if column as usize > chars + 1 {
        return Err(format!(
            "`at = {at:?}` is past the end of line {line} (it has {chars} character{})",
            if chars == 1 { "" } else { "s" }
        ));
    }
    Ok((line, column))
}

/// The texts and examples every rule needs.
fn check_rule_text(r: &RuleSpec, err: &RuleErr) -> Result<(), PackError> {
    if r.summary.trim().is_empty() || r.message.trim().is_empty() || r.why.trim().is_empty() {
        return Err(err.at(
            At::Rule,
            "summary, message and why must not be empty".into(),
        ));
    }
    if r.weak.is_empty() || r.strong.is_empty() {
        return Err(err.at(
            At::Rule,
            "needs at least one `weak` and one `strong` example".into(),
        ));
    }
    if r.checks.is_empty() {
        return Err(err.at(At::Rule, "needs at least one [[rule.check]]".into()));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 5. The scorecard and level names, checked against what came before.

/// The scorecard tables of every file, validated against the rules, vocabularies and stages.
fn compile_scorecard(
    files: &Files,
    rules: &[Rule],
    vocab_index: &HashMap<String, VocabId>,
    stages: &[Stage],
) -> Result<scorecard::ScoreModel, PackError> {
    let tables: Vec<scorecard::FileTables<'_>> = files
        .iter()
        .map(|(src, file)| scorecard::FileTables {
            name: &src.name,
            text: &src.text,
            scorecard: file.scorecard.as_ref(),
            dimensions: &file.dimension,
        })
        .collect();
    let names = scorecard::Names {
        rules,
        vocab_index,
        stages,
    };
    scorecard::compile(&tables, &names).map_err(|(fi, span, message)| {
        let (name, text) = tables
            .get(fi)
            .map_or(("(scorecard)", ""), |t| (t.name, t.text));
        PackError::at(name, text, span, message)
    })
}

/// The numbers tables of every file, validated against the problem types.
fn compile_numbers(
    files: &Files,
    problem_types: &[ProblemType],
    stages: &[Stage],
) -> Result<numbers::Numbers, PackError> {
    let tables: Vec<numbers::FileTables<'_>> = files
        .iter()
        .map(|(_, f)| numbers::FileTables {
            numbers: f.numbers.as_ref(),
            units: &f.unit,
            categories: &f.claim_category,
            figures: f.figures.as_ref(),
            figure_rows: &f.figure,
        })
        .collect();
    let types: Vec<&str> = problem_types.iter().map(|p| p.id.as_str()).collect();
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    numbers::compile(&tables, &types, &stage_ids).map_err(|(fi, span, message)| {
        let (name, text) = files.get(fi).map_or(("(numbers)", ""), |(s, _)| {
            (s.name.as_str(), s.text.as_str())
        });
        PackError::at(name, text, span, message)
    })
}

/// Every ladder's names, normalised; one name may not stand for two levels.
fn level_names(
    ladders: &[Ladder],
    files: &[String],
) -> Result<HashMap<String, (Level, usize, String)>, PackError> {
    let mut names: HashMap<String, (Level, usize, String)> = HashMap::new();
    for (i, ladder) in ladders.iter().enumerate() {
        for (name, level) in &ladder.levels {
            let key = normalize_level_name(name);
            if Level::parse(&key).is_some() {
                continue; // `L5 = "L5"`: the level itself, nothing to look up
            }
            if let Some((other, j, spelt)) = names.get(&key) {
                if other != level {
                    return Err(PackError {
                        file: files.get(i).cloned().unwrap_or_default(),
                        line: 0,
                        column: 0,
                        message: format!(
                            "level name `{name}` stands for {level} in ladder `{}` but `{spelt}` for {other} in ladder `{}`",
                            ladder.name, ladders[*j].name
                        ),
                    });
                }
                continue;
            }
            names.insert(key, (*level, i, name.clone()));
        }
    }
    Ok(names)
}

/// The text of one `[[rule]]` (or other) table: toml's span of an array-of-tables entry
/// may cover only its header, so extend it to the next table of the same name.
fn table_extent(src: &Source, span: &Range<usize>) -> Range<usize> {
    let text = &src.text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let header = text[line_start..].lines().next().unwrap_or("").trim();
    let next = if header.starts_with("[[") {
        // The next header with the same name ("[[rule]]"), not its sub-tables.
        text[start..]
            .find(&format!("\n{header}"))
            .map(|i| start + i + 1)
    } else {
        text[start..]
            .match_indices("\n[")
            .map(|(i, _)| start + i + 1)
            .find(|&i| i > span.end.min(text.len()).saturating_sub(1))
    };
    start..next.unwrap_or(text.len()).max(span.end.min(text.len()))
}

/// Where in `src` a quoted value sits inside `within` (for pointing at a bad name).
fn locate(src: &Source, within: &Range<usize>, needle: &str) -> Range<usize> {
    let within = &table_extent(src, within);
    let hay = src.text.get(within.clone()).unwrap_or("");
    for quoted in [
        format!("\"{needle}\""),
        format!("'{needle}'"),
        needle.to_string(),
    ] {
        if let Some(i) = hay.find(&quoted) {
            let start = within.start + i;
            return start..start + quoted.len();
        }
    }
    within.clone()
}

fn sorted_keys<V>(map: &HashMap<String, V>) -> String {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys.join(", ")
}
