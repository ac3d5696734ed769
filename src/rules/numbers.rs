//! The numbers data (`rules/numbers.toml`, `rules/figures.toml`, and the same tables in a
//! workspace rule file): units as people write them, the words that qualify a figure, the
//! categories of vague claims with what each asks for, and the typical published figures
//! per problem type. Read and validated here like the rest of the pack; `engine::quantity`
//! and `engine::figures` use it.

use crate::text::number::parse_amount;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// What a unit measures. A closed set: the reader and the derivations know each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// Milliseconds.
    Latency,
    /// Requests per second.
    Rate,
    /// Daily active users.
    Users,
    Bytes,
    /// A count per day ("2M reviews/day", "20 times a day").
    PerDay,
    Percent,
    /// US dollars.
    Money,
}

impl Quantity {
    pub const ALL: [(&'static str, Quantity); 7] = [
        ("latency", Quantity::Latency),
        ("rate", Quantity::Rate),
        ("users", Quantity::Users),
        ("bytes", Quantity::Bytes),
        ("per-day", Quantity::PerDay),
        ("percent", Quantity::Percent),
        ("money", Quantity::Money),
    ];

    fn parse(s: &str) -> Option<Quantity> {
        Quantity::ALL.iter().find(|(n, _)| *n == s).map(|(_, q)| *q)
    }
}

// ---------------------------------------------------------------------------------------
// TOML schema
// ---------------------------------------------------------------------------------------

/// `[numbers]`: every key optional; a later file replaces the keys it gives.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersSpec {
    pub peak_factor: Option<Spanned<f64>>,
    pub categorised: Option<Vec<String>>,
    pub derived_rate: Option<String>,
    pub derived_per_second: Option<String>,
    pub derived_storage: Option<String>,
    pub derived_note: Option<String>,
    pub rate_qualifiers: Option<Vec<String>>,
    pub user_nouns: Option<Vec<String>>,
    pub per_user: Option<Vec<String>>,
    pub habit_nouns: Option<Vec<String>>,
    pub latency_stages: Option<Vec<String>>,
    pub latency_budget: Option<Vec<String>>,
    pub latency_target: Option<Vec<String>>,
    pub latency_not_summed: Option<Vec<String>>,
    pub average_words: Option<Vec<String>>,
}

/// `[[unit]]`: spellings of one unit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    pub quantity: String,
    pub factor: f64,
    pub words: Vec<String>,
}

/// `[[claim_category]]`: one kind of vague claim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimCategorySpec {
    pub id: String,
    /// What the claim is missing, after "give": "a latency budget".
    pub asks: String,
    /// What the quick fix inserts: "p99 < __ ms".
    pub placeholder: String,
    /// Words of a flagged phrase that put it in this category.
    #[serde(default)]
    pub words: Vec<String>,
    /// The category of a phrase that names none of the categories' words.
    #[serde(default)]
    pub fallback: bool,
    /// Another placeholder for phrases with some words ("users" asks for daily users, not
    /// a request rate): `[[claim_category.alternative]]`.
    #[serde(default)]
    pub alternative: Vec<AlternativeSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeSpec {
    pub words: Vec<String>,
    pub placeholder: String,
}

/// `[figures]`: the units a typical figure may be given in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresSpec {
    #[serde(default)]
    pub units: Vec<String>,
    /// The line that introduces typical figures wherever they are shown.
    #[serde(default)]
    pub intro: Option<String>,
    /// The skeleton's line of figures: `{figures}` stands for them.
    #[serde(default)]
    pub skeleton_line: Option<String>,
    /// Which categories' figures a stage's skeleton section shows, by stage id.
    #[serde(default)]
    pub in_skeleton: BTreeMap<String, Vec<String>>,
}

/// `[[figure]]`: one typical published figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    pub problem_type: String,
    pub category: String,
    pub quantity: String,
    pub range: String,
    pub unit: String,
    pub source: SourceSpec,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub title: String,
    pub org: String,
    pub year: u16,
}

// ---------------------------------------------------------------------------------------
// Compiled
// ---------------------------------------------------------------------------------------

/// One spelling of a unit, lowercased.
#[derive(Debug, Clone)]
pub struct UnitWord {
    pub word: String,
    pub quantity: Quantity,
    pub factor: f64,
}

#[derive(Debug, Clone)]
pub struct ClaimCategory {
    pub id: String,
    pub asks: String,
    pub placeholder: String,
    /// Lowercased, each padded with a space on both sides.
    pub words: Vec<String>,
    /// (words, placeholder): a phrase with one of the words takes that placeholder.
    pub alternatives: Vec<(Vec<String>, String)>,
}

impl ClaimCategory {
    /// The placeholder a flagged phrase's fix inserts.
    pub fn placeholder_for(&self, phrase: &str) -> &str {
        let padded = padded_words(phrase);
        self.alternatives
            .iter()
            .find(|(words, _)| words.iter().any(|w| padded.contains(w.as_str())))
            .map_or(&self.placeholder, |(_, p)| p)
    }
}

/// A phrase lowercased, hyphens as spaces, words single-spaced and padded with a space on
/// each side, for whole-word lookups.
fn padded_words(phrase: &str) -> String {
    let folded: String = phrase
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' { ' ' } else { c })
        .collect();
    format!(
        " {} ",
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

impl TypicalFigure {
    /// "candidates scored per request: 1500 candidates (Twitter Engineering, 2023)".
    pub fn brief(&self) -> String {
        format!(
            "{}: {} ({}, {})",
            self.quantity,
            self.amount(),
            self.source.org,
            self.source.year
        )
    }

    /// The range and its unit, "1 day" rather than "1 days".
    pub fn amount(&self) -> String {
        let one = self.low == 1.0 && self.high == 1.0;
        let unit = match self.unit.strip_suffix('s') {
            Some(u) if one && u.len() > 1 && u.chars().all(char::is_alphabetic) => u,
            _ => &self.unit,
        };
        format!("{} {unit}", self.range)
    }
}

/// A typical published figure.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct TypicalFigure {
    pub problem_type: String,
    pub category: String,
    pub quantity: String,
    pub range: String,
    pub low: f64,
    pub high: f64,
    pub unit: String,
    pub source: SourceSpec,
    pub note: String,
}

/// Lowercased phrases looked up in short lowercased texts, as whole words, by one automaton
/// (a figure's context is checked against every list for every figure). The automaton is
/// built on first use: most drafts never need most lists, and start-up should not pay for
/// them.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    pub phrases: Vec<String>,
    automaton: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl PhraseList {
    pub fn new(phrases: Vec<String>) -> PhraseList {
        let phrases: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        PhraseList {
            phrases,
            automaton: std::sync::OnceLock::new(),
        }
    }

    fn automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.automaton
            .get_or_init(|| aho_corasick::AhoCorasick::new(&self.phrases).ok())
            .as_ref()
    }

    /// Every whole-word occurrence in `hay`: (start, phrase).
    pub fn find_in<'a>(&'a self, hay: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.automaton()
            .into_iter()
            .flat_map(move |ac| ac.find_overlapping_iter(hay))
            .filter_map(move |m| {
                let phrase = self.phrases.get(m.pattern().as_usize())?;
                whole_word(hay, m.start(), m.end()).then_some((m.start(), phrase.as_str()))
            })
    }

    /// Whether any phrase occurs in `hay` as whole words.
    pub fn any_in(&self, hay: &str) -> bool {
        self.find_in(hay).next().is_some()
    }

    pub fn contains(&self, phrase: &str) -> bool {
        self.phrases.iter().any(|p| p == phrase)
    }
}

/// Whether `hay[start..end]` stands as whole words: no letter or digit glued to an end
/// that is itself a letter or digit.
fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let inner = &hay[start..end];
    let edge_start =
        !inner.starts_with(char::is_alphanumeric) || !word(hay[..start].chars().next_back());
    let edge_end = !inner.ends_with(char::is_alphanumeric) || !word(hay[end..].chars().next());
    edge_start && edge_end
}

#[derive(Debug, Clone, Default)]
pub struct Numbers {
    pub peak_factor: f64,
    /// Vocabularies whose flagged words carry a claim category.
    pub categorised: Vec<String>,
    /// Templates of the derived figures: `{average}`, `{users}`, `{per_user}`, `{peak}`,
    /// `{factor}`; `{rate}`, `{per_day}`; `{total}`, `{count}`, `{each}`.
    pub derived_rate: String,
    pub derived_per_second: String,
    pub derived_storage: String,
    /// The editor tooltip of a derived figure.
    pub derived_note: String,
    pub rate_qualifiers: PhraseList,
    pub user_nouns: PhraseList,
    pub per_user: PhraseList,
    pub habit_nouns: PhraseList,
    pub latency_stages: PhraseList,
    pub latency_budget: PhraseList,
    pub latency_target: PhraseList,
    pub latency_not_summed: PhraseList,
    /// Words beside a rate that call it an average, not a peak ("avg", "mean").
    pub average_words: PhraseList,
    /// Longest spelling first.
    pub units: Vec<UnitWord>,
    /// Indices into `units` by the lowercased first byte of the spelling, longest first:
    /// a figure's unit is looked up among the few that can start where it stands.
    pub units_by_first: Vec<Vec<u32>>,
    pub categories: Vec<ClaimCategory>,
    /// Index into `categories` of the fallback.
    pub fallback_category: Option<usize>,
    pub figure_units: Vec<String>,
    pub figures: Vec<TypicalFigure>,
    /// The line introducing typical figures (they are published figures, not requirements).
    pub figures_intro: String,
    /// The skeleton's line of figures (`{figures}`).
    pub skeleton_line: String,
    /// Stage id → the categories whose figures its skeleton section shows.
    pub in_skeleton: BTreeMap<String, Vec<String>>,
}

impl Numbers {
    /// The category of a flagged phrase: the first with one of its words in the phrase
    /// (whole words; a hyphen is a space), else the fallback.
    pub fn category_of(&self, phrase: &str) -> Option<&ClaimCategory> {
        let padded = padded_words(phrase);
        self.categories
            .iter()
            .find(|c| c.words.iter().any(|w| padded.contains(w.as_str())))
            .or_else(|| self.fallback_category.and_then(|i| self.categories.get(i)))
    }

    pub fn category(&self, id: &str) -> Option<&ClaimCategory> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The typical figures of one problem type (all of them when `category` is `None`).
    pub fn figures_for<'a>(
        &'a self,
        problem_type: &'a str,
        category: Option<&'a str>,
    ) -> impl Iterator<Item = &'a TypicalFigure> + 'a {
        self.figures.iter().filter(move |f| {
            f.problem_type == problem_type && category.is_none_or(|c| f.category == c)
        })
    }
}

/// The numbers tables of one file.
pub struct FileTables<'a> {
    pub numbers: Option<&'a NumbersSpec>,
    pub units: &'a [Spanned<UnitSpec>],
    pub categories: &'a [Spanned<ClaimCategorySpec>],
    pub figures: Option<&'a FiguresSpec>,
    pub figure_rows: &'a [Spanned<FigureSpec>],
}

/// An error: (file index, span, message).
pub type CompileError = (usize, Option<Range<usize>>, String);

fn lower(v: &[String]) -> Vec<String> {
    v.iter().map(|s| s.trim().to_lowercase()).collect()
}

/// Compiles every file's numbers tables; `problem_types` and `stages` are the pack's ids.
pub fn compile(
    files: &[FileTables<'_>],
    problem_types: &[&str],
    stages: &[&str],
) -> Result<Numbers, CompileError> {
    let mut n = Numbers {
        peak_factor: 3.0,
        ..Default::default()
    };
    // The file that last set each stage's skeleton figures, for errors.
    let mut skeleton_files: BTreeMap<String, usize> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        if let Some(spec) = f.numbers {
            if let Some(p) = &spec.peak_factor {
                let v = *p.get_ref();
                if !(v.is_finite() && (1.0..=100.0).contains(&v)) {
                    return Err((
                        fi,
                        Some(p.span()),
                        format!("`peak_factor` is a ratio between 1 and 100, not {v}"),
                    ));
                }
                n.peak_factor = v;
            }
            for (given, into) in [
                (&spec.derived_rate, &mut n.derived_rate),
                (&spec.derived_per_second, &mut n.derived_per_second),
                (&spec.derived_storage, &mut n.derived_storage),
                (&spec.derived_note, &mut n.derived_note),
            ] {
                if let Some(t) = given {
                    *into = t.clone();
                }
            }
            if let Some(v) = &spec.categorised {
                n.categorised = v.clone();
            }
            let lists: [(&Option<Vec<String>>, &mut PhraseList); 9] = [
                (&spec.rate_qualifiers, &mut n.rate_qualifiers),
                (&spec.user_nouns, &mut n.user_nouns),
                (&spec.per_user, &mut n.per_user),
                (&spec.habit_nouns, &mut n.habit_nouns),
                (&spec.latency_stages, &mut n.latency_stages),
                (&spec.latency_budget, &mut n.latency_budget),
                (&spec.latency_target, &mut n.latency_target),
                (&spec.latency_not_summed, &mut n.latency_not_summed),
                (&spec.average_words, &mut n.average_words),
            ];
            for (given, into) in lists {
                if let Some(v) = given {
                    *into = PhraseList::new(lower(v));
                }
            }
        }
        for u in f.units {
            let spec = u.get_ref();
            let Some(quantity) = Quantity::parse(&spec.quantity) else {
                let known: Vec<&str> = Quantity::ALL.iter().map(|(n, _)| *n).collect();
                return Err((
                    fi,
                    Some(u.span()),
                    format!(
                        "unknown unit quantity `{}` (known: {})",
                        spec.quantity,
                        known.join(", ")
                    ),
                ));
            };
            if !(spec.factor.is_finite() && spec.factor > 0.0) {
                return Err((
                    fi,
                    Some(u.span()),
                    format!(
                        "a unit's `factor` is a positive number, not {}",
                        spec.factor
                    ),
                ));
            }
            for w in lower(&spec.words) {
                if w.is_empty() {
                    continue;
                }
                n.units.retain(|x| x.word != w);
                n.units.push(UnitWord {
                    word: w,
                    quantity,
                    factor: spec.factor,
                });
            }
        }
        for c in f.categories {
            let spec = c.get_ref();
            if spec.placeholder.trim().is_empty() || spec.asks.trim().is_empty() {
                return Err((
                    fi,
                    Some(c.span()),
                    format!(
                        "claim category `{}` needs `asks` and `placeholder`",
                        spec.id
                    ),
                ));
            }
            // Padded with a space each side, as `padded_words` pads the phrase.
            let words = |v: &[String]| -> Vec<String> {
                lower(v)
                    .into_iter()
                    .map(|w| format!(" {} ", w.replace('-', " ")))
                    .collect()
            };
            if spec
                .alternative
                .iter()
                .any(|a| a.placeholder.trim().is_empty())
            {
                return Err((
                    fi,
                    Some(c.span()),
                    format!(
                        "an alternative of claim category `{}` needs a `placeholder`",
                        spec.id
                    ),
                ));
            }
            let cat = ClaimCategory {
                id: spec.id.clone(),
                asks: spec.asks.clone(),
                placeholder: spec.placeholder.clone(),
                words: words(&spec.words),
                alternatives: spec
                    .alternative
                    .iter()
                    .map(|a| (words(&a.words), a.placeholder.clone()))
                    .collect(),
            };
            let at = match n.categories.iter().position(|x| x.id == spec.id) {
                Some(i) => {
                    n.categories[i] = cat;
                    i
                }
                None => {
                    n.categories.push(cat);
                    n.categories.len() - 1
                }
            };
            if spec.fallback {
                n.fallback_category = Some(at);
            }
        }
        if let Some(spec) = f.figures {
            for u in &spec.units {
                if !n.figure_units.contains(u) {
                    n.figure_units.push(u.clone());
                }
            }
            if let Some(intro) = &spec.intro {
                n.figures_intro = intro.clone();
            }
            if let Some(line) = &spec.skeleton_line {
                n.skeleton_line = line.clone();
            }
            for (stage, categories) in &spec.in_skeleton {
                if !stages.contains(&stage.as_str()) {
                    return Err((
                        fi,
                        None,
                        format!(
                            "`[figures] in_skeleton` names unknown stage `{stage}` (known: {})",
                            stages.join(", ")
                        ),
                    ));
                }
                n.in_skeleton.insert(stage.clone(), categories.clone());
                skeleton_files.insert(stage.clone(), fi);
            }
        }
    }
    n.units.sort_by_key(|u| std::cmp::Reverse(u.word.len()));
    n.units_by_first = vec![Vec::new(); 256];
    for (i, u) in n.units.iter().enumerate() {
        if let Some(&b) = u.word.as_bytes().first() {
            n.units_by_first[usize::from(b.to_ascii_lowercase())].push(i as u32);
        }
    }
    for (stage, categories) in &n.in_skeleton {
        if let Some(c) = categories.iter().find(|c| n.category(c).is_none()) {
            return Err((
                skeleton_files.get(stage).copied().unwrap_or(0),
                None,
                format!(
                    "`[figures] in_skeleton` gives stage `{stage}` unknown claim category `{c}`"
                ),
            ));
        }
    }
    // Figures last: they name categories and units of any file.
    for (fi, f) in files.iter().enumerate() {
        for row in f.figure_rows {
            let spec = row.get_ref();
            let err = |m: String| Err((fi, Some(row.span()), m));
            if !problem_types.contains(&spec.problem_type.as_str()) {
                return err(format!(
                    "figure names unknown problem type `{}` (known: {})",
                    spec.problem_type,
                    problem_types.join(", ")
                ));
            }
            if n.category(&spec.category).is_none() {
                return err(format!(
                    "figure names unknown claim category `{}`",
                    spec.category
                ));
            }
            if !n.figure_units.contains(&spec.unit) {
                return err(format!(
                    "figure unit `{}` is not one of `[figures] units` ({})",
                    spec.unit,
                    n.figure_units.join(", ")
                ));
            }
            let Some((low, high)) = parse_amount(&spec.range) else {
                return err(format!(
                    "figure range `{}` is not an amount or a range of amounts (\"100–1000\", \"750M\")",
                    spec.range
                ));
            };
            let s = &spec.source;
            if s.title.trim().is_empty()
                || s.org.trim().is_empty()
                || !(1950..=2100).contains(&s.year)
            {
                return err(
                    "a figure's `source` names its title, organisation and year".to_string()
                );
            }
            if spec.quantity.trim().is_empty() {
                return err("a figure says what was measured (`quantity`)".to_string());
            }
            n.figures.push(TypicalFigure {
                problem_type: spec.problem_type.clone(),
                category: spec.category.clone(),
                quantity: spec.quantity.clone(),
                range: spec.range.clone(),
                low,
                high,
                unit: spec.unit.clone(),
                source: spec.source.clone(),
                note: spec.note.clone(),
            });
        }
    }
    Ok(n)
}
