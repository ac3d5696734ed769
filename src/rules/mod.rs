//! The rule pack: TOML files (built in, plus workspace ones) read, validated and compiled.
//!
//! Loading never panics: every problem becomes a [`PackError`] naming the file, line and
//! column. Rule ids live in the data, never in Rust.

pub mod check;
mod compile;
pub mod numbers;
pub mod schema;
pub mod scorecard;

pub use crate::pack::{
    normalize_level_name, Budget, Level, Stage, StageId, StageSet, PROBLEM_TYPES,
};
use crate::text::terms::{Matcher, VocabDef, VocabId};
use crate::text_index::{Encoding, TextIndex};
pub use check::{Check, Scope, KINDS};
use compile::Source;
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

/// A weak example of a rule: the draft, and optionally where the rule's finding starts and
/// what the rule's safe fixes make of it (`tests/rule_examples.rs` holds the rule to both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    /// (line, column) where a finding of the rule starts, both 1-based, the column in
    /// characters: the `file:line:col` that `mlsd check` prints.
    pub at: Option<(u32, u32)>,
    /// The whole draft after the rule's safe fixes (`mlsd check --fix --select RULE`).
    pub fixed: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub why: String,
    /// Drafts that trigger the rule (a test checks each, and the places they pin).
    pub weak: Vec<Example>,
    /// Drafts that leave it silent.
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
        // The later files (about half the bytes) are parsed on a second thread: reading the
        // TOML is a good part of start-up.
        let total: usize = self.sources.iter().map(|s| s.text.len()).sum();
        let (mut split, mut tail) = (self.sources.len(), 0);
        while split > 1 {
            let len = self.sources[split - 1].text.len();
            if (tail + len) * 2 > total {
                break;
            }
            tail += len;
            split -= 1;
        }
        let (head, rest) = self.sources.split_at(split);
        let (mut files, rest) = std::thread::scope(|scope| {
            let other = (!rest.is_empty() && total >= PARALLEL_PARSE_BYTES)
                .then(|| std::thread::Builder::new().spawn_scoped(scope, || parse_sources(rest)))
                .and_then(Result::ok);
            let files = parse_sources(head);
            let rest = match other {
                Some(handle) => handle.join().unwrap_or_else(|_| parse_sources(rest)),
                None => parse_sources(rest),
            };
            (files, rest)
        });
        files.extend(rest);
        let files = files.into_iter().collect::<Result<Vec<_>, _>>()?;
        compile::compile(files, &self.extra_terms, &self.allowed)
    }
}

/// Below this many bytes of TOML a second thread costs more than it saves.
const PARALLEL_PARSE_BYTES: usize = 32 * 1024;

type ParsedSource<'a> = Result<(&'a Source, PackFile), PackError>;

fn parse_sources(sources: &[Source]) -> Vec<ParsedSource<'_>> {
    sources
        .iter()
        .map(|src| {
            toml::from_str::<PackFile>(&src.text)
                .map(|parsed| (src, parsed))
                .map_err(|e| PackError::at(&src.name, &src.text, e.span(), toml_message(&e)))
        })
        .collect()
}

/// toml's message without its own multi-line excerpt (we print file:line:col instead).
pub fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().replace('\n', " ")
}

pub fn valid_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
