//! Output formats of `mlsd check`: human, json, sarif, github, junit, plus statistics.
//!
//! Every writer takes the same list of per-file outcomes, in the stable order the CLI
//! decided, and writes to any `io::Write`. Positions are converted with `text_index` only.

pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

pub use diff::write_unified_diff;
pub use github::write_github;
pub use human::write_human;
pub use json::write_json;
pub use junit::write_junit;
pub use sarif::write_sarif;
pub use statistics::{summary_counts, write_statistics, Counts};

use crate::engine::finding::{Finding, Severity};
use crate::text_index::{Encoding, TextIndex};
use serde::Serialize;
use std::ops::Range;

/// What the SARIF writer (and others) need to know about a rule.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub summary: String,
    pub why: String,
    pub severity: Severity,
}

/// One linted text (file or stdin) and what came of it.
#[derive(Debug)]
pub struct FileOutcome {
    /// Path as the user named it (or `--stdin-filename`, or `-`).
    pub path: String,
    pub status: FileStatus,
}

#[derive(Debug)]
pub enum FileStatus {
    Linted(Linted),
    /// The file could not be linted (unreadable, missing, binary, invalid UTF-8 …).
    Failed(String),
}

#[derive(Debug)]
pub struct Linted {
    pub text: String,
    pub index: TextIndex,
    /// Sorted by range start, then rule id.
    pub findings: Vec<Finding>,
    /// The answer profile (JSON always includes it; human output with `--profile`).
    pub profile: Option<Box<crate::engine::profile::Profile>>,
}

/// Options that change how the human format looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Only the summary line and errors (`--quiet`).
    pub quiet: bool,
    /// Print the answer profile under each file (`--profile`).
    pub profile: bool,
}

/// A 1-based line/column position as every output format shows it: columns count Unicode
/// scalar values. Serializes as `{"line": L, "column": C}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A 1-based range with an exclusive `end`. Serializes as `{"start": …, "end": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// The 1-based position of a byte offset of the linted text (clamped like `TextIndex`).
pub fn position(linted: &Linted, offset: usize) -> Position {
    let lc = linted.index.position(&linted.text, offset, Encoding::Utf32);
    Position {
        line: lc.line.saturating_add(1),
        column: lc.col.saturating_add(1),
    }
}

/// The 1-based span of a byte range of the linted text; `end` stays exclusive. A reversed
/// range is read as empty at its start.
pub fn span(linted: &Linted, range: &Range<usize>) -> Span {
    Span {
        start: position(linted, range.start),
        end: position(linted, range.end.max(range.start)),
    }
}

/// Builders shared by the writers' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{FileOutcome, FileStatus, Linted};
    use crate::engine::finding::{Edit, Finding, Fix, Severity};
    use crate::text_index::TextIndex;
    use std::ops::Range;

    pub fn finding(rule: &str, severity: Severity, message: &str, range: Range<usize>) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.to_string(),
            range,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_fix(
        mut f: Finding,
        title: &str,
        safe: bool,
        edits: &[(Range<usize>, &str)],
    ) -> Finding {
        f.fixes.push(Fix {
            title: title.to_string(),
            safe,
            edits: edits
                .iter()
                .map(|(range, new_text)| Edit {
                    range: range.clone(),
                    new_text: new_text.to_string(),
                })
                .collect(),
        });
        f
    }

    pub fn linted(path: &str, text: &str, findings: Vec<Finding>) -> FileOutcome {
        FileOutcome {
            path: path.to_string(),
            status: FileStatus::Linted(Linted {
                text: text.to_string(),
                index: TextIndex::new(text),
                findings,
                profile: None,
            }),
        }
    }

    pub fn failed(path: &str, message: &str) -> FileOutcome {
        FileOutcome {
            path: path.to_string(),
            status: FileStatus::Failed(message.to_string()),
        }
    }

    /// Byte range of the first occurrence of `needle` in `text`.
    pub fn range_of(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).expect("needle in text");
        start..start + needle.len()
    }
}
