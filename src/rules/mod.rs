//! The rule pack: TOML files (built in, plus workspace ones) read, validated and compiled.
//!
//! Loading never panics: every problem becomes a [`PackError`] naming the file, line and
//! column. Rule ids live in the data, never in Rust.

pub mod check;
pub mod numbers;
pub mod schema;
pub mod scorecard;

pub use crate::pack::{
    normalize_level_name, Budget, Level, Stage, StageId, StageSet, PROBLEM_TYPES,
};
use crate::text::terms::{Matcher, VocabDef, VocabId};
use crate::text_index::{Encoding, TextIndex};
pub use check::{Check, Scope, KINDS};
use schema::PackFile;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::pack::Severity;

/// The built-in pack, embedded at build time. A test checks every `rules/*.toml` is listed.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "rules/lexicon.toml",
        include_str!("../../rules/lexicon.toml"),
    ),
    ("rules/stages.toml", include_str!("../../rules/stages.toml")),
    ("rules/types.toml", include_str!("../../rules/types.toml")),
    ("rules/levels.toml", include_str!("../../rules/levels.toml")),
    (
        "rules/companies.toml",
        include_str!("../../rules/companies.toml"),
    ),
    (
        "rules/skeletons.toml",
        include_str!("../../rules/skeletons.toml"),
    ),
    (
        "rules/structure.toml",
        include_str!("../../rules/structure.toml"),
    ),
    (
        "rules/quantification.toml",
        include_str!("../../rules/quantification.toml"),
    ),
    ("rules/model.toml", include_str!("../../rules/model.toml")),
    (
        "rules/evaluation.toml",
        include_str!("../../rules/evaluation.toml"),
    ),
    ("rules/draft.toml", include_str!("../../rules/draft.toml")),
    ("rules/data.toml", include_str!("../../rules/data.toml")),
    (
        "rules/operations.toml",
        include_str!("../../rules/operations.toml"),
    ),
    (
        "rules/seniority.toml",
        include_str!("../../rules/seniority.toml"),
    ),
    (
        "rules/communication.toml",
        include_str!("../../rules/communication.toml"),
    ),
    ("rules/lenses.toml", include_str!("../../rules/lenses.toml")),
    ("rules/bank.toml", include_str!("../../rules/bank.toml")),
    (
        "rules/numbers.toml",
        include_str!("../../rules/numbers.toml"),
    ),
    (
        "rules/figures.toml",
        include_str!("../../rules/figures.toml"),
    ),
    (
        "rules/scorecard.toml",
        include_str!("../../rules/scorecard.toml"),
    ),
];

/// Longest regex pattern a rule file may give. Compiling is linear in the pattern, but a
/// megabytes-long one takes seconds at every start-up and is never what its author meant.
pub const MAX_PATTERN_LEN: usize = 4096;

/// Vocabulary filled from the `allow` setting: phrases the writer has accepted.
pub const ALLOWED_VOCAB: &str = "allowed";

/// Interview lengths accepted anywhere (front matter, config, flags, rule files).
pub const INTERVIEW_MINUTES: std::ops::RangeInclusive<u32> = 1..=600;

/// The interview length budgets are written for when no `[interview]` table says.
const DEFAULT_BUDGET_INTERVIEW_MINUTES: u32 = 60;

/// A company's level names and the levels they stand for.
#[derive(Debug, Clone)]
pub struct Ladder {
    pub name: String,
    /// (name as the data spells it, level), by level, in the data's order within one.
    pub levels: Vec<(String, Level)>,
}

#[derive(Debug, Clone)]
pub struct ProblemType {
    pub id: String,
    pub vocab: Option<VocabId>,
}

#[derive(Debug, Clone)]
pub struct Company {
    pub id: String,
    pub name: String,
    /// Lowercased names this company goes by (its id and name included).
    pub aliases: Vec<String>,
    pub focus: String,
    pub vocab: Vec<VocabId>,
    /// The usual interview length there (a draft naming the company defaults to it).
    pub minutes: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Skeleton {
    pub problem_type: String,
    pub extra: HashMap<String, Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub company: String,
    pub title: String,
    pub problem_type: Option<String>,
    /// Why `problem_type` differs from the type the title implies, when it does on purpose.
    pub type_reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub terms: Vec<String>,
    pub definition: String,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub why: String,
    pub weak: Vec<String>,
    pub strong: Vec<String>,
    pub min_level: Option<Level>,
    /// Ascending by level.
    pub severity_from: Vec<(Level, Severity)>,
    pub problem_types: Vec<String>,
    pub lesson: Vec<String>,
    pub checks: Vec<Check>,
    /// Where it was defined (file name), for `mlsd rule` and errors.
    pub source: String,
}

impl Rule {
    /// Severity at a level, or `None` when the rule is silent at that level.
    pub fn severity_at(&self, level: Level) -> Option<Severity> {
        if self.min_level.is_some_and(|min| level < min) {
            return None;
        }
        let mut sev = self.severity;
        for (from, s) in &self.severity_from {
            if level >= *from {
                sev = *s;
            }
        }
        Some(sev)
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        self.checks.iter().map(|c| c.kind_name()).collect()
    }
}

/// The compiled pack. Cheap to share (`Arc`) between threads.
#[derive(Debug, Clone)]
pub struct Pack {
    pub rules: Vec<Rule>,
    rule_index: HashMap<String, usize>,
    pub vocabs: Vec<VocabDef>,
    vocab_index: HashMap<String, VocabId>,
    pub stages: Vec<Stage>,
    pub budgets: Vec<Budget>,
    /// The interview length the budgets are written for (`[interview] minutes`).
    pub budget_interview_minutes: u32,
    pub ladders: Vec<Ladder>,
    /// Normalised level name → (level, ladder index, name as spelt).
    level_names: HashMap<String, (Level, usize, String)>,
    pub problem_types: Vec<ProblemType>,
    pub companies: Vec<Company>,
    pub skeletons: Vec<Skeleton>,
    pub questions: Vec<Question>,
    pub glossary: Vec<GlossaryEntry>,
    pub matcher: Matcher,
    /// Every stage alias with its stage, longest first (heading matching order).
    pub heading_aliases: Vec<(Vec<String>, StageId)>,
    /// First word of an alias → the aliases (indices above) that start with it, in order:
    /// a heading only tries the aliases its own words can start.
    pub heading_alias_starts: std::collections::HashMap<String, Vec<usize>>,
    /// Stage sections already rendered for missing-stage fixes.
    pub section_cache: crate::pack::SectionCache,
    /// The scorecard's dimensions, evidence and bars (`rules/scorecard.toml`).
    pub scorecard: scorecard::ScoreModel,
    /// Units, claim categories and typical figures (`rules/numbers.toml`, `rules/figures.toml`).
    pub numbers: numbers::Numbers,
}

impl Pack {
    /// The built-in pack. It is validated by the test suite, so failure here is a build bug;
    /// callers still get an error, never a panic.
    pub fn builtin() -> Result<Pack, PackError> {
        PackBuilder::builtin().build()
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rule_index.get(id).map(|&i| &self.rules[i])
    }

    /// Where a rule sits in `rules`.
    pub fn rule_position(&self, id: &str) -> Option<usize> {
        self.rule_index.get(id).copied()
    }

    pub fn has_rule(&self, id: &str) -> bool {
        self.rule_index.contains_key(id)
    }

    pub fn vocab_id(&self, name: &str) -> Option<VocabId> {
        self.vocab_index.get(name).copied()
    }

    pub fn stage_id(&self, id: &str) -> Option<StageId> {
        self.stages
            .iter()
            .position(|s| s.id == id)
            .map(|i| i as StageId)
    }

    /// A budget group's minutes in an interview of `interview_minutes`: the pack's figure as
    /// written for an interview of `budget_interview_minutes`, else scaled to the nearest
    /// half minute (a figure under a minute to the hundredth, never zero).
    pub fn budget_for(&self, budget: &Budget, interview_minutes: u32) -> f64 {
        let reference = self.budget_interview_minutes.max(1);
        if interview_minutes == reference {
            return budget.minutes;
        }
        let scaled = budget.minutes * f64::from(interview_minutes) / f64::from(reference);
        if scaled >= 1.0 {
            (scaled * 2.0).round() / 2.0
        } else {
            ((scaled * 100.0).round() / 100.0).max(0.01)
        }
    }

    /// A level as written anywhere a level is accepted: `L3`–`L6`, or a ladder's name for
    /// one (`E5`, `SDE II`, `senior`).
    pub fn parse_level(&self, s: &str) -> Option<Level> {
        self.level_name(s).map(|(l, _)| l)
    }

    /// The level a text names and, for a ladder's name, `(ladder, name as spelt)`.
    pub fn level_name(&self, s: &str) -> Option<(Level, Option<(&str, &str)>)> {
        if let Some(l) = Level::parse(s) {
            return Some((l, None));
        }
        let (level, ladder, name) = self.level_names.get(&normalize_level_name(s))?;
        let ladder = self.ladders.get(*ladder).map_or("", |l| l.name.as_str());
        Some((*level, Some((ladder, name.as_str()))))
    }

    /// What a level may be, for messages: "L3, L4, L5 or L6, or a ladder's name for one
    /// (E5, L7, SDE II, …)".
    pub fn levels_accepted(&self) -> String {
        let examples: Vec<&str> = self
            .ladders
            .iter()
            .filter_map(|l| {
                l.levels
                    .iter()
                    .find(|(_, lv)| *lv == Level::L5)
                    .or(l.levels.first())
            })
            .map(|(n, _)| n.as_str())
            .take(4)
            .collect();
        if examples.is_empty() {
            Level::ACCEPTED.to_string()
        } else {
            format!(
                "{}, or a ladder's name for one ({}, …)",
                Level::ACCEPTED,
                examples.join(", ")
            )
        }
    }

    pub fn stage(&self, id: StageId) -> &Stage {
        &self.stages[id as usize]
    }

    /// Stages that make up the solution (all but clarify, deep-dive, questions).
    pub fn solution_stages(&self) -> StageSet {
        let mut set = StageSet::default();
        for (i, s) in self.stages.iter().enumerate() {
            if !s.outside_solution {
                set.insert(i as StageId);
            }
        }
        set
    }
}

/// A problem in a rule-pack or config file, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for PackError {}

impl PackError {
    /// An error at a byte span of a file's text.
    pub fn at(file: &str, text: &str, span: Option<Range<usize>>, message: String) -> PackError {
        let (line, column) = match span {
            Some(span) => {
                let idx = TextIndex::new(text);
                let pos = idx.position(text, span.start, Encoding::Utf32);
                (pos.line as usize + 1, pos.col as usize + 1)
            }
            None => (0, 0),
        };
        PackError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

/// One source file of the pack, kept so that errors can point into it.
struct Source {
    name: String,
    text: String,
    /// One of the files embedded in the binary (its patterns are compiled by the tests).
    builtin: bool,
}

/// Collects pack files and extra data, then compiles them into a [`Pack`].
pub struct PackBuilder {
    sources: Vec<Source>,
    extra_terms: Vec<(String, Vec<String>, String)>,
    allowed: Vec<String>,
}

impl PackBuilder {
    pub fn empty() -> PackBuilder {
        PackBuilder {
            sources: Vec::new(),
            extra_terms: Vec::new(),
            allowed: Vec::new(),
        }
    }

    pub fn builtin() -> PackBuilder {
        let mut b = PackBuilder::empty();
        for (name, text) in BUILTIN_FILES {
            b.add_file(name, text);
            if let Some(src) = b.sources.last_mut() {
                src.builtin = true;
            }
        }
        b
    }

    /// A further rule file; later files extend vocabularies and replace rules by id.
    pub fn add_file(&mut self, name: &str, text: &str) -> &mut Self {
        self.sources.push(Source {
            name: name.to_string(),
            text: text.to_string(),
            builtin: false,
        });
        self
    }

    /// Extra terms for a vocabulary (from `.mlsd.toml`); `origin` names the config file.
    pub fn extend_vocab(&mut self, vocab: &str, terms: Vec<String>, origin: &str) -> &mut Self {
        self.extra_terms
            .push((vocab.to_string(), terms, origin.to_string()));
        self
    }

    /// Phrases the writer allows: findings on them are dropped.
    pub fn allow(&mut self, phrases: Vec<String>) -> &mut Self {
        self.allowed.extend(phrases);
        self
    }

    pub fn build(&self) -> Result<Pack, PackError> {
        let mut files = Vec::new();
        for src in &self.sources {
            let parsed: PackFile = toml::from_str(&src.text)
                .map_err(|e| PackError::at(&src.name, &src.text, e.span(), toml_message(&e)))?;
            files.push((src, parsed));
        }
        compile(files, &self.extra_terms, &self.allowed)
    }
}

/// toml's message without its own multi-line excerpt (we print file:line:col instead).
pub fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().replace('\n', " ")
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

fn compile(
    files: Vec<(&Source, PackFile)>,
    extra_terms: &[(String, Vec<String>, String)],
    allowed: &[String],
) -> Result<Pack, PackError> {
    // 1. Vocabularies (merged by name, in file order), then extras from the config.
    let mut vocabs: Vec<VocabDef> = Vec::new();
    let mut vocab_index: HashMap<String, VocabId> = HashMap::new();
    // For pattern errors: (vocab, pattern index) -> (file, span).
    let mut pattern_origin: HashMap<(usize, usize), (usize, Range<usize>)> = HashMap::new();
    for (fi, (src, file)) in files.iter().enumerate() {
        for (name, spec) in &file.vocab {
            let span = spec.span();
            let spec = spec.get_ref();
            let vi = match vocab_index.get(name) {
                Some(&i) => i as usize,
                None => {
                    if vocabs.len() >= VocabId::MAX as usize {
                        return Err(PackError::at(
                            &src.name,
                            &src.text,
                            Some(span),
                            "too many vocabularies".into(),
                        ));
                    }
                    vocab_index.insert(name.clone(), vocabs.len() as VocabId);
                    vocabs.push(VocabDef {
                        name: name.clone(),
                        ..Default::default()
                    });
                    vocabs.len() - 1
                }
            };
            let v = &mut vocabs[vi];
            if !spec.summary.is_empty() {
                v.summary = spec.summary.clone();
            }
            v.terms.extend(spec.terms.iter().cloned());
            v.exact.extend(spec.exact.iter().cloned());
            for p in &spec.patterns {
                if p.get_ref().len() > MAX_PATTERN_LEN {
                    return Err(PackError::at(
                        &src.name,
                        &src.text,
                        Some(p.span()),
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
        match vocab_index.get(name) {
            Some(&i) => vocabs[i as usize].terms.extend(terms.iter().cloned()),
            None => {
                return Err(PackError {
                    file: origin.clone(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "[vocab] names unknown vocabulary `{name}`; known: {}",
                        sorted_keys(&vocab_index)
                    ),
                })
            }
        }
    }
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
    // Built-in patterns compile when first used (start-up); any other is compiled now so
    // that an error names its file and line.
    let trusted = |vocab: usize, pattern: usize| {
        pattern_origin
            .get(&(vocab, pattern))
            .and_then(|(fi, _)| files.get(*fi))
            .is_some_and(|(src, _)| src.builtin)
    };
    let matcher = Matcher::with_trusted(&vocabs, trusted).map_err(|e| {
        let (fi, span) = pattern_origin
            .get(&(e.vocab, e.pattern))
            .cloned()
            .unwrap_or((0, 0..0));
        let (src, _) = &files[fi.min(files.len().saturating_sub(1))];
        PackError::at(
            &src.name,
            &src.text,
            Some(span),
            format!(
                "pattern of vocabulary `{}` does not compile: {}",
                vocabs[e.vocab].name,
                e.message.lines().last().unwrap_or("").trim()
            ),
        )
    })?;

    // 2. Stages, budgets, problem types, companies, skeletons, questions, glossary.
    let mut stages: Vec<Stage> = Vec::new();
    for (src, file) in &files {
        for spec in &file.stage {
            let span = spec.span();
            let s = spec.get_ref();
            if s.id.trim().is_empty() {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(span),
                    "stage id is empty".into(),
                ));
            }
            let mut aliases: Vec<Vec<String>> = s
                .aliases
                .iter()
                .map(|a| crate::text::words::heading_words(a))
                .filter(|w| !w.is_empty())
                .collect();
            aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
            let mut evidence = Vec::new();
            for name in &s.evidence {
                match vocab_index.get(name) {
                    Some(v) => evidence.push(*v),
                    None => {
                        return Err(PackError::at(
                            &src.name,
                            &src.text,
                            Some(locate(src, &span, name)),
                            format!(
                                "stage `{}` names unknown evidence vocabulary `{name}`",
                                s.id
                            ),
                        ))
                    }
                }
            }
            let min_evidence = s.min_evidence.unwrap_or(2);
            if !(1..=100).contains(&min_evidence) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(span),
                    format!("stage `{}`: min_evidence must be 1 to 100", s.id),
                ));
            }
            let min_evidence_unsectioned = s.min_evidence_unsectioned.unwrap_or(min_evidence);
            if !(1..=min_evidence).contains(&min_evidence_unsectioned) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(span),
                    format!(
                        "stage `{}`: min_evidence_unsectioned must be 1 to min_evidence ({min_evidence})",
                        s.id
                    ),
                ));
            }
            let stage = Stage {
                id: s.id.clone(),
                heading: s.heading.clone(),
                prompt: s.prompt.clone(),
                guidance: s.guidance.clone(),
                aliases,
                outside_solution: s.outside_solution,
                evidence,
                min_evidence,
                min_evidence_unsectioned,
            };
            match stages.iter().position(|x| x.id == s.id) {
                Some(i) => stages[i] = stage,
                None => {
                    if stages.len() >= 32 {
                        return Err(PackError::at(
                            &src.name,
                            &src.text,
                            Some(span),
                            "at most 32 stages".into(),
                        ));
                    }
                    stages.push(stage)
                }
            }
        }
    }
    let stage_of = |name: &str| {
        stages
            .iter()
            .position(|s| s.id == name)
            .map(|i| i as StageId)
    };
    let known_stages = || {
        stages
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };

    let mut budgets: Vec<Budget> = Vec::new();
    let mut budget_interview_minutes = DEFAULT_BUDGET_INTERVIEW_MINUTES;
    let mut ladders: Vec<Ladder> = Vec::new();
    // The file each ladder comes from (for errors).
    let mut ladder_files: Vec<String> = Vec::new();
    let mut problem_types: Vec<ProblemType> = Vec::new();
    let mut companies: Vec<Company> = Vec::new();
    let mut skeletons: Vec<Skeleton> = Vec::new();
    let mut questions: Vec<Question> = Vec::new();
    let mut glossary: Vec<GlossaryEntry> = Vec::new();
    for (src, file) in &files {
        let src: &Source = src;
        let vocab_ref = |name: &str, span: &Range<usize>| -> Result<VocabId, PackError> {
            vocab_index.get(name).copied().ok_or_else(|| {
                PackError::at(
                    &src.name,
                    &src.text,
                    Some(locate(src, span, name)),
                    format!(
                        "unknown vocabulary `{name}`; known: {}",
                        sorted_keys(&vocab_index)
                    ),
                )
            })
        };
        if let Some(spec) = &file.interview {
            let m = spec.get_ref().minutes;
            if !INTERVIEW_MINUTES.contains(&m) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(spec.span()),
                    format!("[interview] minutes must be a whole number from 1 to 600, not {m}"),
                ));
            }
            budget_interview_minutes = m;
        }
        for spec in &file.budget {
            let span = spec.span();
            let b = spec.get_ref();
            let mut set = StageSet::default();
            for s in &b.stages {
                let id = stage_of(s).ok_or_else(|| {
                    PackError::at(
                        &src.name,
                        &src.text,
                        Some(locate(src, &span, s)),
                        format!("unknown stage `{s}`; known: {}", known_stages()),
                    )
                })?;
                set.insert(id);
            }
            if !(b.minutes.is_finite() && b.minutes > 0.0) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(span),
                    "budget minutes must be a positive number".into(),
                ));
            }
            budgets.retain(|x| x.stages != set);
            budgets.push(Budget {
                stages: set,
                minutes: b.minutes,
            });
        }
        for spec in &file.ladder {
            let l = spec.get_ref();
            let mut levels = Vec::new();
            for (level, names) in [
                (Level::L3, &l.l3),
                (Level::L4, &l.l4),
                (Level::L5, &l.l5),
                (Level::L6, &l.l6),
            ] {
                for name in names {
                    let at =
                        |msg: String| PackError::at(&src.name, &src.text, Some(name.span()), msg);
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
            if let Some(i) = ladders.iter().position(|x| x.name == l.name) {
                ladders.remove(i);
                ladder_files.remove(i);
            }
            ladders.push(Ladder {
                name: l.name.clone(),
                levels,
            });
            ladder_files.push(src.name.clone());
        }
        for spec in &file.problem_type {
            let span = spec.span();
            let p = spec.get_ref();
            if !PROBLEM_TYPES.contains(&p.id.as_str()) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(locate(src, &span, &p.id)),
                    format!(
                        "unknown problem type `{}`; accepted: {}",
                        p.id,
                        PROBLEM_TYPES.join(", ")
                    ),
                ));
            }
            let vocab = match &p.vocab {
                Some(v) => Some(vocab_ref(v, &span)?),
                None => None,
            };
            problem_types.retain(|x| x.id != p.id);
            problem_types.push(ProblemType {
                id: p.id.clone(),
                vocab,
            });
        }
        for spec in &file.company {
            let span = spec.span();
            let c = spec.get_ref();
            let vocab = c
                .vocab
                .iter()
                .map(|v| vocab_ref(v, &span))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(m) = c.minutes.filter(|m| !INTERVIEW_MINUTES.contains(m)) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(span),
                    format!(
                        "company `{}`: minutes must be a whole number from 1 to 600, not {m}",
                        c.id
                    ),
                ));
            }
            let mut aliases: Vec<String> =
                c.aliases.iter().map(|a| a.trim().to_lowercase()).collect();
            aliases.push(c.id.to_lowercase());
            aliases.push(c.name.to_lowercase());
            companies.retain(|x| x.id != c.id);
            companies.push(Company {
                id: c.id.clone(),
                name: c.name.clone(),
                aliases,
                focus: c.focus.clone(),
                vocab,
                minutes: c.minutes,
            });
        }
        for spec in &file.skeleton {
            let span = spec.span();
            let s = spec.get_ref();
            if s.problem_type != "default" && !PROBLEM_TYPES.contains(&s.problem_type.as_str()) {
                return Err(PackError::at(
                    &src.name,
                    &src.text,
                    Some(locate(src, &span, &s.problem_type)),
                    format!("unknown problem type `{}`", s.problem_type),
                ));
            }
            for stage in s.extra.keys() {
                if stage_of(stage).is_none() {
                    return Err(PackError::at(
                        &src.name,
                        &src.text,
                        Some(locate(src, &span, stage)),
                        format!("unknown stage `{stage}`; known: {}", known_stages()),
                    ));
                }
            }
            skeletons.retain(|x| x.problem_type != s.problem_type);
            skeletons.push(Skeleton {
                problem_type: s.problem_type.clone(),
                extra: s.extra.clone().into_iter().collect(),
            });
        }
        for spec in &file.question {
            let q = spec.get_ref();
            questions.push(Question {
                company: q.company.clone(),
                title: q.title.clone(),
                problem_type: q.problem_type.clone(),
                type_reason: q.type_reason.clone(),
            });
        }
        for spec in &file.glossary {
            let g = spec.get_ref();
            glossary.push(GlossaryEntry {
                terms: g.terms.clone(),
                definition: g.definition.clone(),
            });
        }
    }

    // 3. Rules.
    let mut rules: Vec<Rule> = Vec::new();
    let ctx = check::Names {
        vocab_index: &vocab_index,
        stages: &stages,
    };
    for (src, file) in &files {
        let src: &Source = src;
        for spec in &file.rule {
            let span = spec.span();
            let r = spec.get_ref();
            let err = |needle: Option<&str>, msg: String| {
                let at = match needle {
                    Some(n) => locate(src, &span, n),
                    None => span.clone(),
                };
                PackError::at(
                    &src.name,
                    &src.text,
                    Some(at),
                    format!("rule `{}`: {msg}", r.id),
                )
            };
            if !valid_rule_id(&r.id) {
                return Err(err(
                    Some(&r.id),
                    "a rule id is lowercase ASCII letters, digits and hyphens".into(),
                ));
            }
            let severity = Severity::parse(&r.severity).ok_or_else(|| {
                err(
                    Some(&r.severity),
                    format!(
                        "unknown severity `{}`; accepted: error, warning, info, hint",
                        r.severity
                    ),
                )
            })?;
            let min_level = match &r.min_level {
                Some(l) => Some(Level::parse(l).ok_or_else(|| {
                    err(
                        Some(l),
                        format!("unknown level `{l}`; accepted: {}", Level::ACCEPTED),
                    )
                })?),
                None => None,
            };
            let mut severity_from = Vec::new();
            for (l, s) in &r.severity_from {
                let level = Level::parse(l).ok_or_else(|| {
                    err(
                        Some(l),
                        format!("unknown level `{l}`; accepted: {}", Level::ACCEPTED),
                    )
                })?;
                let sev = Severity::parse(s).ok_or_else(|| {
                    err(
                        Some(s),
                        format!("unknown severity `{s}`; accepted: error, warning, info, hint"),
                    )
                })?;
                severity_from.push((level, sev));
            }
            severity_from.sort_by_key(|(l, _)| *l);
            for t in &r.problem_types {
                if !PROBLEM_TYPES.contains(&t.as_str()) {
                    return Err(err(
                        Some(t),
                        format!(
                            "unknown problem type `{t}`; accepted: {}",
                            PROBLEM_TYPES.join(", ")
                        ),
                    ));
                }
            }
            if r.summary.trim().is_empty() || r.message.trim().is_empty() || r.why.trim().is_empty()
            {
                return Err(err(
                    None,
                    "summary, message and why must not be empty".into(),
                ));
            }
            if r.weak.is_empty() || r.strong.is_empty() {
                return Err(err(
                    None,
                    "needs at least one `weak` and one `strong` example".into(),
                ));
            }
            if r.checks.is_empty() {
                return Err(err(None, "needs at least one [[rule.check]]".into()));
            }
            let mut checks = Vec::new();
            for c in &r.checks {
                let compiled = check::compile(c, &r.message, &ctx)
                    .map_err(|(needle, msg)| err(needle.as_deref(), msg))?;
                checks.push(compiled);
            }
            let rule = Rule {
                id: r.id.clone(),
                severity,
                summary: r.summary.trim().to_string(),
                message: r.message.trim().to_string(),
                why: r.why.trim().to_string(),
                weak: r.weak.clone(),
                strong: r.strong.clone(),
                min_level,
                severity_from,
                problem_types: r.problem_types.clone(),
                lesson: r.lesson.clone(),
                checks,
                source: src.name.clone(),
            };
            match rules.iter().position(|x| x.id == r.id) {
                Some(i) => rules[i] = rule,
                None => rules.push(rule),
            }
        }
    }
    let scorecard = compile_scorecard(&files, &rules, &vocab_index, &stages)?;
    let numbers = compile_numbers(&files, &problem_types)?;
    let rule_index = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    let level_names = level_names(&ladders, &ladder_files)?;
    let mut heading_aliases: Vec<(Vec<String>, StageId)> = stages
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.aliases.iter().map(move |a| (a.clone(), i as StageId)))
        .collect();
    heading_aliases.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
    let mut heading_alias_starts: std::collections::HashMap<String, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, (alias, _)) in heading_aliases.iter().enumerate() {
        if let Some(first) = alias.first() {
            heading_alias_starts
                .entry(first.clone())
                .or_default()
                .push(i);
        }
    }
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
        budgets,
        budget_interview_minutes,
        ladders,
        level_names,
        problem_types,
        companies,
        skeletons,
        questions,
        glossary,
        matcher,
    })
}

/// The scorecard tables of every file, validated against the rules, vocabularies and stages.
fn compile_scorecard(
    files: &[(&Source, PackFile)],
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
    files: &[(&Source, PackFile)],
    problem_types: &[ProblemType],
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
    numbers::compile(&tables, &types).map_err(|(fi, span, message)| {
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

pub fn valid_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn sorted_keys<V>(map: &HashMap<String, V>) -> String {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys.join(", ")
}
