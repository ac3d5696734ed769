//! The engine: `&str` in, [`Report`] out. Pure — no I/O, no LSP, no terminal — and it
//! never fails: odd input becomes findings or is ignored.

pub mod checks;
pub mod draft;
pub mod explain;
pub mod figures;
pub mod finding;
pub mod fix;
pub mod front_matter;
pub mod profile;
pub mod prose;
pub mod quantity;
pub mod skeleton;
pub mod stage_map;
pub mod suppress;

use crate::pack::Level;
use crate::rules::Pack;
use draft::Draft;
pub use finding::{Edit, Finding, Fix, Related, Severity};
use std::collections::{HashMap, HashSet};

/// A rule's severity as settings override it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

/// Settings resolved from defaults, `.mlsd.toml` and editor settings. The draft's front
/// matter sits above them and `forced_*` (command-line flags) above that.
#[derive(Debug, Clone)]
pub struct Settings {
    pub level: Level,
    pub forced_level: Option<Level>,
    pub words_per_minute: f64,
    pub minutes: u32,
    pub forced_minutes: Option<u32>,
    pub rules: HashMap<String, RuleSetting>,
    /// Only these rules run (`--select`); level gating still applies.
    pub select: Option<HashSet<String>>,
    /// These rules never run (`--ignore`).
    pub ignore: HashSet<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            level: Level::DEFAULT,
            forced_level: None,
            words_per_minute: 150.0,
            minutes: 60,
            forced_minutes: None,
            rules: HashMap::new(),
            select: None,
            ignore: HashSet::new(),
        }
    }
}

/// What the engine decided about a draft before checking it.
#[derive(Debug, Clone)]
pub struct Context {
    pub level: Level,
    pub problem_type: String,
    /// Whether the type came from front matter (else it was inferred).
    pub problem_type_declared: bool,
    pub minutes: u32,
    pub words_per_minute: f64,
    /// Index into `pack.companies` when front matter names a known company.
    pub company: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// Sorted by start offset, then rule id.
    pub findings: Vec<Finding>,
    pub context: Context,
    /// Prose words of the draft.
    pub words: usize,
    pub profile: profile::Profile,
}

/// Lints one draft. Never panics, never fails.
pub fn lint(text: &str, pack: &Pack, settings: &Settings) -> Report {
    let draft = Draft::parse(text, pack);
    lint_draft(&draft, pack, settings)
}

pub fn lint_draft(draft: &Draft, pack: &Pack, settings: &Settings) -> Report {
    let context = resolve_context(draft, pack, settings);
    let mut findings = checks::run_all(draft, pack, settings, &context);
    let suppressions = suppress::Suppressions::parse(draft, pack);
    findings.extend(suppressions.unknown_id_findings(draft, pack, settings, &context));
    findings.retain(|f| !suppressions.silences(draft, f));
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    findings.dedup_by(|a, b| a.rule == b.rule && a.range == b.range && a.message == b.message);
    let profile = profile::profile(draft, pack, settings, &context, &findings);
    Report {
        findings,
        context,
        words: draft.words,
        profile,
    }
}

pub fn resolve_context(draft: &Draft, pack: &Pack, settings: &Settings) -> Context {
    let fm = &draft.front_matter;
    let level = settings.forced_level.or(fm.level).unwrap_or(settings.level);
    let company = fm.company.as_ref().and_then(|c| {
        let c = c.trim().to_lowercase();
        pack.companies.iter().position(|co| co.aliases.contains(&c))
    });
    // The draft's own length, else the usual length at the company it names.
    let minutes = settings
        .forced_minutes
        .or(fm.minutes)
        .or_else(|| company.and_then(|i| pack.companies[i].minutes))
        .unwrap_or(settings.minutes);
    let (problem_type, declared) = match &fm.problem_type {
        Some(t) => (t.clone(), true),
        None => (infer_draft_type(draft, pack), false),
    };
    Context {
        level,
        problem_type,
        problem_type_declared: declared,
        minutes,
        words_per_minute: settings.words_per_minute,
        company,
    }
}

/// The problem type of a draft whose front matter declares none: from its title and its
/// `question`.
fn infer_draft_type(draft: &Draft, pack: &Pack) -> String {
    let mut texts: Vec<&str> = Vec::new();
    if let Some(h) = draft.title() {
        texts.push(&h.text);
    }
    if let Some(q) = &draft.front_matter.question {
        texts.push(q);
    }
    infer_problem_type(&texts, pack)
}

/// The problem type a question's words name: the type whose vocabulary appears first in the
/// main clause of the first text that names one ("dynamic pricing suggestions for hosts":
/// pricing comes first; "click-through rate prediction for a sponsored-search platform": the
/// platform after "for" does not count), ties in pack order, else `other`. The one inference
/// behind `mlsd check` (title and `question`), `mlsd new --question` and the bank's test.
pub fn infer_problem_type(texts: &[&str], pack: &Pack) -> String {
    for t in texts {
        let folded = crate::text::terms::fold_for_matching(t);
        let mut hits = Vec::new();
        pack.matcher.scan(t, &folded, &mut hits);
        let main_end = main_clause_end(&folded);
        // "predict" says little on its own ("predict which users will churn" is a
        // classification): it decides only when nothing more specific is named.
        let generic = |h: &crate::text::terms::RawHit| {
            folded
                .get(h.start..h.end)
                .is_some_and(|w| GENERIC_TYPE_WORDS.contains(&w))
        };
        let best = |limit: usize, allow_generic: bool| {
            pack.problem_types
                .iter()
                .enumerate()
                .filter_map(|(order, pt)| {
                    let v = pt.vocab?;
                    hits.iter()
                        .filter(|h| {
                            h.vocab == v && h.start < limit && (allow_generic || !generic(h))
                        })
                        .map(|h| (h.start, order))
                        .min()
                })
                .min()
        };
        let found = best(main_end, false)
            .or_else(|| best(usize::MAX, false))
            .or_else(|| best(usize::MAX, true));
        if let Some((_, order)) = found {
            return pack.problem_types[order].id.clone();
        }
    }
    "other".to_string()
}

/// Words that name a task only loosely: any problem type predicts something.
const GENERIC_TYPE_WORDS: &[&str] = &[
    "predict",
    "predicts",
    "prediction",
    "predictions",
    "estimate",
];

/// Where the main clause of a title ends: at the first " for ", " on ", " at ", " in " or
/// " of " after its first word (the rest names the platform or the audience).
fn main_clause_end(folded: &str) -> usize {
    [" for ", " on ", " at ", " in ", " of ", " across "]
        .iter()
        .filter_map(|w| folded.find(w))
        .min()
        .unwrap_or(folded.len())
}
