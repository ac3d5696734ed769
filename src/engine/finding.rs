//! What linting produces: findings with byte ranges, optional fixes, and the report.

use std::ops::Range;

pub use crate::pack::Severity;

/// One text replacement: `range` (bytes of the linted text) becomes `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A fix for one finding. `safe` fixes need no words from the writer and converge, so
/// `mlsd check --fix` applies them; the others are editor quick fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<Edit>,
}

/// Another place a finding points at (LSP relatedInformation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub range: Range<usize>,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
    /// The kind of claim a vague word makes (latency, scale, …: `[[claim_category]]`).
    pub category: Option<String>,
}
