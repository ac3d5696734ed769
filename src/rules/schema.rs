//! The TOML schema of rule-pack files, as serde reads it. Public interface: workspace rule
//! files use it, and `rules/README.md` documents it. Unknown keys are errors.
//!
//! One file may hold any of the top-level tables; the built-in pack splits them by topic.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Named vocabularies: `[vocab.NAME]`.
    #[serde(default)]
    pub vocab: BTreeMap<String, Spanned<VocabSpec>>,
    /// Stages of an answer, in interview order: `[[stage]]`.
    #[serde(default)]
    pub stage: Vec<Spanned<StageSpec>>,
    /// The interview the budgets are written for: `[interview]`.
    #[serde(default)]
    pub interview: Option<Spanned<InterviewSpec>>,
    /// Time budgets for groups of stages: `[[budget]]`.
    #[serde(default)]
    pub budget: Vec<Spanned<BudgetSpec>>,
    /// Company ladders' level names: `[[ladder]]`.
    #[serde(default)]
    pub ladder: Vec<Spanned<LadderSpec>>,
    /// Problem types in inference order: `[[problem_type]]`.
    #[serde(default)]
    pub problem_type: Vec<Spanned<ProblemTypeSpec>>,
    /// Company lens: `[[company]]`.
    #[serde(default)]
    pub company: Vec<Spanned<CompanySpec>>,
    /// Answer skeleton variants: `[[skeleton]]`.
    #[serde(default)]
    pub skeleton: Vec<Spanned<SkeletonSpec>>,
    /// Question bank: `[[question]]`.
    #[serde(default)]
    pub question: Vec<Spanned<QuestionSpec>>,
    /// Glossary entries for hover: `[[glossary]]`.
    #[serde(default)]
    pub glossary: Vec<Spanned<GlossarySpec>>,
    /// Rules: `[[rule]]`.
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
    /// Scorecard settings: `[scorecard]` (see `rules/scorecard.toml`).
    #[serde(default)]
    pub scorecard: Option<super::scorecard::ScorecardSpec>,
    /// Scorecard dimensions: `[[dimension]]`.
    #[serde(default)]
    pub dimension: Vec<Spanned<super::scorecard::DimensionSpec>>,
    /// Numbers settings: `[numbers]` (see `rules/numbers.toml`).
    #[serde(default)]
    pub numbers: Option<super::numbers::NumbersSpec>,
    /// Units as people write them: `[[unit]]`.
    #[serde(default)]
    pub unit: Vec<Spanned<super::numbers::UnitSpec>>,
    /// Kinds of vague claims and what each asks for: `[[claim_category]]`.
    #[serde(default)]
    pub claim_category: Vec<Spanned<super::numbers::ClaimCategorySpec>>,
    /// The units typical figures are given in: `[figures]` (see `rules/figures.toml`).
    #[serde(default)]
    pub figures: Option<super::numbers::FiguresSpec>,
    /// Typical published figures: `[[figure]]`.
    #[serde(default)]
    pub figure: Vec<Spanned<super::numbers::FigureSpec>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabSpec {
    #[serde(default)]
    pub summary: String,
    /// Case-insensitive words or phrases; a hyphen matches a space and vice versa.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Case-sensitive words (e.g. `MAP`, which is a metric only in capitals).
    #[serde(default)]
    pub exact: Vec<String>,
    /// Regular expressions matched against the lowercased prose, whole words only.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub id: String,
    /// Heading used when the stage's section is inserted.
    pub heading: String,
    /// What the stage should cover, one line (skeleton prompt and hover).
    pub prompt: String,
    /// Longer guidance for hover.
    #[serde(default)]
    pub guidance: String,
    /// Heading words that name this stage (matched on normalised words).
    pub aliases: Vec<String>,
    /// True for stages that are not part of the solution (clarify, deep-dive, questions).
    #[serde(default)]
    pub outside_solution: bool,
    /// Vocabularies whose hits show the stage is discussed, wherever it is.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Distinct sentences with evidence that cover the stage without its heading.
    #[serde(default)]
    pub min_evidence: Option<usize>,
    /// The same in a draft without section headings (default: `min_evidence`).
    #[serde(default)]
    pub min_evidence_unsectioned: Option<usize>,
    /// A vocabulary (negations, dismissals) whose hit a few words before an evidence hit
    /// cancels it: "no feature engineering needed" does not discuss features.
    #[serde(default)]
    pub evidence_unless_before: Option<String>,
    /// How many words before the evidence hit `evidence_unless_before` reaches (default 5).
    #[serde(default)]
    pub evidence_unless_words: Option<usize>,
    /// The closing part of the draft (its last section, or its last two blocks when it has
    /// no sections) covers the stage when at least this many of its sentences, and at least
    /// half of them, are questions.
    #[serde(default)]
    pub closing_questions: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewSpec {
    /// The interview length, in minutes, that the `[[budget]]` figures are written for; they
    /// are scaled to a draft's own length.
    pub minutes: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSpec {
    pub stages: Vec<String>,
    pub minutes: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderSpec {
    /// Whose ladder (shown beside a level written with one of its names).
    pub name: String,
    /// The ladder's names for each level.
    #[serde(default, rename = "L3")]
    pub l3: Vec<Spanned<String>>,
    #[serde(default, rename = "L4")]
    pub l4: Vec<Spanned<String>>,
    #[serde(default, rename = "L5")]
    pub l5: Vec<Spanned<String>>,
    #[serde(default, rename = "L6")]
    pub l6: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemTypeSpec {
    pub id: String,
    /// Vocabulary whose terms in the title or `question` imply this type.
    #[serde(default)]
    pub vocab: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanySpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What interviewers there listen for, in words for the message.
    pub focus: String,
    /// The usual length of its ML system design round, in minutes: the default interview
    /// length of a draft naming this company (its own `minutes` wins).
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Vocabularies whose terms show the draft touched that focus.
    pub vocab: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkeletonSpec {
    /// Problem type this variant is for; `default` for all others.
    pub problem_type: String,
    /// Extra lines per stage id, added under that stage's prompt.
    #[serde(default)]
    pub extra: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSpec {
    pub company: String,
    pub title: String,
    #[serde(default)]
    pub problem_type: Option<String>,
    /// Why `problem_type` is not the type the title's words imply (a deliberate exception;
    /// a test checks every other question against the inference `mlsd check` uses).
    #[serde(default)]
    pub type_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossarySpec {
    pub terms: Vec<String>,
    pub definition: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub severity: String,
    pub summary: String,
    pub message: String,
    pub why: String,
    /// Drafts that must trigger the rule: each a string, or a table that also pins where
    /// the finding starts and what the rule's safe fixes make of the draft.
    pub weak: Vec<Spanned<ExampleSpec>>,
    /// Drafts that must not trigger it.
    pub strong: Vec<String>,
    /// The rule is silent below this level.
    #[serde(default)]
    pub min_level: Option<String>,
    /// Severity by level: the entry with the highest level at or below the draft's wins.
    #[serde(default)]
    pub severity_from: BTreeMap<String, String>,
    /// The rule applies only to these problem types.
    #[serde(default)]
    pub problem_types: Vec<String>,
    /// Where the lesson asks for this (traceability, shown by `mlsd rule`).
    #[serde(default)]
    pub lesson: Vec<String>,
    /// One or more checks; the rule fires when any of them does.
    #[serde(rename = "check")]
    pub checks: Vec<CheckSpec>,
}

/// A `weak` example as written: a plain string, or a table
/// `{ text = "…", at = "LINE:COL", fixed = "…" }`.
#[derive(Debug, Clone, Default)]
pub struct ExampleSpec {
    pub text: String,
    /// Where a finding of the rule starts: "LINE:COL", 1-based, the column in characters
    /// (as `mlsd check` prints it). Checked for syntax when the pack compiles.
    pub at: Option<Spanned<String>>,
    /// The whole draft after the rule's safe fixes (`mlsd check --fix --select RULE`).
    pub fixed: Option<String>,
    /// Written as a table (not a plain string).
    pub table: bool,
}

/// The table form of a `weak` example; unknown keys are errors like everywhere else.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleTable {
    text: String,
    #[serde(default)]
    at: Option<Spanned<String>>,
    #[serde(default)]
    fixed: Option<String>,
}

impl<'de> Deserialize<'de> for ExampleSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExampleVisitor)
    }
}

/// A string is the draft alone; a table is read as [`ExampleTable`] straight from the file
/// (not buffered, as an untagged enum would), so its errors keep their key and place.
struct ExampleVisitor;

impl<'de> serde::de::Visitor<'de> for ExampleVisitor {
    type Value = ExampleSpec;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a draft (string) or a table { text, at, fixed }")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ExampleSpec, E> {
        Ok(ExampleSpec {
            text: v.to_string(),
            ..ExampleSpec::default()
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ExampleSpec, A::Error> {
        let t = ExampleTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(ExampleSpec {
            text: t.text,
            at: t.at,
            fixed: t.fixed,
            table: true,
        })
    }
}

/// One check. `kind` picks the behaviour; the other keys are its parameters, and each kind
/// accepts only its own (`rules/check/` declares them; see `rules/README.md`). The
/// parameters are kept as written, with their places, for the kind to read.
#[derive(Debug, Default)]
pub struct CheckSpec {
    pub kind: String,
    pub message: Option<String>,
    pub fix: Option<FixSpec>,
    pub params: BTreeMap<String, Spanned<toml::Value>>,
}

impl<'de> Deserialize<'de> for CheckSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(CheckVisitor)
    }
}

/// Reads `kind`, `message` and `fix` by name and keeps every other key as a parameter
/// (each value read straight from the file, so errors inside `fix` keep their place).
struct CheckVisitor;

impl<'de> serde::de::Visitor<'de> for CheckVisitor {
    type Value = CheckSpec;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a check table")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<CheckSpec, A::Error> {
        let mut spec = CheckSpec::default();
        let mut kind = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "kind" => kind = Some(map.next_value()?),
                "message" => spec.message = Some(map.next_value()?),
                "fix" => spec.fix = Some(map.next_value()?),
                _ => {
                    let value = map.next_value()?;
                    spec.params.insert(key, value);
                }
            }
        }
        spec.kind = kind.ok_or_else(|| serde::de::Error::missing_field("kind"))?;
        Ok(spec)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixSpec {
    pub title: String,
    /// Text inserted right after the finding's range.
    #[serde(default)]
    pub insert_after: Option<String>,
    /// A line appended at the end of the check's stage section (for `lacks-terms` and
    /// `question-count` with a stage `scope`, and `terms-imply`: the stage of the first
    /// term), else at the end of the draft.
    #[serde(default)]
    pub append_line: Option<String>,
    /// The stages an `append_line` belongs in, by preference: it goes at the end of the
    /// first one the draft has, else into that first stage's section, inserted at its place
    /// in interview order. Without it, the check's stage (as above) decides.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Whether `--fix` may apply it without `--unsafe-fixes`.
    #[serde(default)]
    pub safe: bool,
}
