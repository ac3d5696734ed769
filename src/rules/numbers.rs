//! The numbers data (`rules/numbers.toml`, `rules/figures.toml`, and the same tables in a
//! workspace rule file): units as people write them, the words that qualify a figure, the
//! categories of vague claims with what each asks for, and the typical published figures
//! per problem type. Read and validated here like the rest of the pack; `engine::quantity`
//! and `engine::figures` use it.

use crate::text::number::parse_amount;
use serde::Deserialize;
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
}

/// `[figures]`: the units a typical figure may be given in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiguresSpec {
    #[serde(default)]
    pub units: Vec<String>,
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
    pub words: Vec<String>,
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
    pub rate_qualifiers: Vec<String>,
    pub user_nouns: Vec<String>,
    pub per_user: Vec<String>,
    pub habit_nouns: Vec<String>,
    pub latency_stages: Vec<String>,
    pub latency_budget: Vec<String>,
    pub latency_target: Vec<String>,
    pub latency_not_summed: Vec<String>,
    /// Longest spelling first.
    pub units: Vec<UnitWord>,
    pub categories: Vec<ClaimCategory>,
    /// Index into `categories` of the fallback.
    pub fallback_category: Option<usize>,
    pub figure_units: Vec<String>,
    pub figures: Vec<TypicalFigure>,
}

impl Numbers {
    /// The category of a flagged phrase: the first with one of its words in the phrase
    /// (whole words; a hyphen is a space), else the fallback.
    pub fn category_of(&self, phrase: &str) -> Option<&ClaimCategory> {
        let folded: String = phrase
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' { ' ' } else { c })
            .collect();
        let padded = format!(
            " {} ",
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        self.categories
            .iter()
            .find(|c| c.words.iter().any(|w| padded.contains(&format!(" {w} "))))
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

/// Compiles every file's numbers tables; `problem_types` are the pack's ids.
pub fn compile(files: &[FileTables<'_>], problem_types: &[&str]) -> Result<Numbers, CompileError> {
    let mut n = Numbers {
        peak_factor: 3.0,
        ..Default::default()
    };
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
            let lists: [(&Option<Vec<String>>, &mut Vec<String>); 8] = [
                (&spec.rate_qualifiers, &mut n.rate_qualifiers),
                (&spec.user_nouns, &mut n.user_nouns),
                (&spec.per_user, &mut n.per_user),
                (&spec.habit_nouns, &mut n.habit_nouns),
                (&spec.latency_stages, &mut n.latency_stages),
                (&spec.latency_budget, &mut n.latency_budget),
                (&spec.latency_target, &mut n.latency_target),
                (&spec.latency_not_summed, &mut n.latency_not_summed),
            ];
            for (given, into) in lists {
                if let Some(v) = given {
                    *into = lower(v);
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
            let cat = ClaimCategory {
                id: spec.id.clone(),
                asks: spec.asks.clone(),
                placeholder: spec.placeholder.clone(),
                words: lower(&spec.words)
                    .into_iter()
                    .map(|w| w.replace('-', " "))
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
        }
    }
    n.units.sort_by_key(|u| std::cmp::Reverse(u.word.len()));
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
