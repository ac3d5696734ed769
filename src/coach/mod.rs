//! The coach: what a report means for the candidate. Pure like the engine (text and a
//! report in, a verdict out; no I/O): the scorecard of six dimensions with evidence and
//! fix-first advice (`score`), the grouping of findings into line findings and "missing
//! from this answer" in interview order (`layout`), and the one text renderer of the card
//! that the CLI and the language server share (`render`).
//!
//! `history`, `progress` and `next`: the practice history's data and what it says (the
//! store that reads and appends the file is `crate::store`, above the coach).
//!
//! Imports point down only (`ARCHITECTURE.md`): text → pack → rules → engine → config →
//! coach → cli / server.

pub mod history;
pub mod layout;
pub mod next;
pub mod progress;
pub mod render;
pub mod score;

pub use layout::{layout, Layout, Place};
pub use score::{scorecard, DimensionCard, Evidence, FixFirst, Grade, Missing, Scorecard};

use crate::engine::draft::Draft;
use crate::engine::{lint_draft, Report, Settings};
use crate::rules::Pack;

/// A draft linted and assessed: the engine's report, its layout and the scorecard.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub report: Report,
    pub layout: Layout,
    pub scorecard: Scorecard,
}

/// Lints `text` and grades it. Never panics, never fails.
pub fn assess(text: &str, pack: &Pack, settings: &Settings) -> Assessment {
    let draft = Draft::parse(text, pack);
    assess_draft(&draft, pack, settings)
}

/// [`assess`] on a parsed draft.
pub fn assess_draft(draft: &Draft, pack: &Pack, settings: &Settings) -> Assessment {
    assess_report(draft, pack, settings, lint_draft(draft, pack, settings))
}

/// [`assess_draft`] with the draft's report already at hand.
pub fn assess_report(
    draft: &Draft,
    pack: &Pack,
    settings: &Settings,
    report: Report,
) -> Assessment {
    let layout = layout(draft, pack, &report.findings);
    let scorecard = score::scorecard_with(draft, &report, pack, settings, &layout);
    Assessment {
        report,
        layout,
        scorecard,
    }
}
