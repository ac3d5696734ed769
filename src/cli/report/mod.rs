//! Output formats of `mlsd check`: human, json, sarif, github, junit, plus statistics.
//!
//! Every writer takes the same list of per-file outcomes, in the stable order the CLI
//! decided, and writes to any `io::Write`. Positions are converted with `text_index` only.

pub mod diff;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

pub use diff::write_unified_diff;
pub use github::write_github;
pub use html::write_html;
pub use human::write_human;
pub use json::write_json;
pub use junit::write_junit;
pub use sarif::write_sarif;
pub use statistics::{summary_counts, write_statistics, Counts};

use crate::engine::finding::{Finding, Severity};
use crate::text_index::{floor_char_boundary, Column, Encoding, TextIndex};
use serde::Serialize;
use std::cell::Cell;
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
// One value per file, moved once into the report: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum FileStatus {
    Linted(Linted),
    /// The file could not be linted (unreadable, missing, binary, invalid UTF-8 …).
    Failed(String),
}

#[derive(Debug)]
pub struct Linted {
    /// The text, or after [`Linted::keep_only_needed_lines`] only its lines the report
    /// shows or measures.
    source: Source,
    pub index: TextIndex,
    /// Sorted by range start, then rule id.
    pub findings: Vec<Finding>,
    /// The answer profile (JSON always includes it; human output with `--profile`).
    pub profile: Option<Box<crate::engine::profile::Profile>>,
    /// The scorecard (human, JSON and HTML output).
    pub scorecard: Option<Box<crate::coach::Scorecard>>,
    /// Line findings and whole-answer findings in interview order.
    pub layout: Option<Box<crate::coach::Layout>>,
    /// The last positions converted (one slot for range starts, one for range ends), so
    /// that many findings on one long line cost one pass over it, not one pass each.
    cursors: [Cell<Option<Column>>; 2],
}

/// What a report keeps of a linted text.
#[derive(Debug)]
enum Source {
    Whole(String),
    /// The text's length and the content (terminator left out) of the lines that hold an
    /// offset the report converts, sorted by line. A run over many files then holds a few
    /// lines per finding until the report is written, not every file whole.
    Lines {
        len: usize,
        lines: Vec<(usize, Range<usize>, String)>,
    },
}

impl Linted {
    pub fn new(
        text: String,
        findings: Vec<Finding>,
        profile: Option<Box<crate::engine::profile::Profile>>,
    ) -> Linted {
        Linted {
            index: TextIndex::new(&text),
            source: Source::Whole(text),
            findings,
            profile,
            scorecard: None,
            layout: None,
            cursors: [Cell::new(None), Cell::new(None)],
        }
    }

    /// Adds the coach's verdict: the findings' layout and the scorecard.
    pub fn with_coach(
        mut self,
        layout: crate::coach::Layout,
        scorecard: Option<crate::coach::Scorecard>,
    ) -> Linted {
        self.layout = Some(Box::new(layout));
        self.scorecard = scorecard.map(Box::new);
        self
    }

    /// The whole text, while it is still kept (see [`Linted::keep_only_needed_lines`]).
    pub fn text(&self) -> Option<&str> {
        match &self.source {
            Source::Whole(t) => Some(t),
            Source::Lines { .. } => None,
        }
    }

    /// Drops every line of the text that no finding or fix edit starts or ends on: every
    /// report format converts only those offsets and shows only those lines.
    pub fn keep_only_needed_lines(&mut self) {
        let Source::Whole(text) = &self.source else {
            return;
        };
        let mut offsets: Vec<usize> = Vec::new();
        for f in &self.findings {
            offsets.extend([f.range.start, f.range.end.max(f.range.start)]);
            for fix in &f.fixes {
                for e in &fix.edits {
                    offsets.extend([e.range.start, e.range.end.max(e.range.start)]);
                }
            }
        }
        let mut wanted: Vec<usize> = offsets
            .into_iter()
            .map(|o| {
                self.index
                    .line_of(floor_char_boundary(text, o.min(text.len())))
            })
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let lines = wanted
            .into_iter()
            .map(|line| {
                let bounds = self.index.line_range(text, line);
                let content = text[bounds.clone()].to_string();
                (line, bounds, content)
            })
            .collect();
        self.source = Source::Lines {
            len: text.len(),
            lines,
        };
    }

    /// `offset` clamped to the text and moved back to a character boundary.
    fn floor(&self, offset: usize) -> usize {
        match &self.source {
            Source::Whole(text) => floor_char_boundary(text, offset.min(text.len())),
            Source::Lines { len, .. } => {
                let offset = offset.min(*len);
                match self.line(self.index.line_of(offset)) {
                    Some((bounds, content)) if offset > bounds.start && offset < bounds.end => {
                        bounds.start + floor_char_boundary(content, offset - bounds.start)
                    }
                    // At a line's edges or in its terminator (ASCII): a boundary already.
                    _ => offset,
                }
            }
        }
    }

    /// A line's content range in the text and its content (terminator left out).
    fn line(&self, line: usize) -> Option<(Range<usize>, &str)> {
        match &self.source {
            Source::Whole(text) => {
                let bounds = self.index.line_range(text, line);
                let content = text.get(bounds.clone())?;
                Some((bounds, content))
            }
            Source::Lines { lines, .. } => {
                let i = lines.binary_search_by_key(&line, |(l, _, _)| *l).ok()?;
                let (_, bounds, content) = &lines[i];
                Some((bounds.clone(), content.as_str()))
            }
        }
    }
}

/// Options that change how the human format looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Only the summary line and errors (`--quiet`).
    pub quiet: bool,
    /// Print the answer profile under each file (`--profile`).
    pub profile: bool,
    /// Print the scorecard (off with `--no-score`).
    pub score: bool,
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
    position_in_slot(linted, offset, 0)
}

/// [`TextIndex::position`] in UTF-32 columns, resumed from the slot's last position when it
/// lies earlier on the same line: findings come sorted by offset, so a line holding
/// thousands of them is measured once instead of once per finding (which was quadratic
/// on a multi-megabyte single-line draft).
fn position_in_slot(linted: &Linted, offset: usize, slot: usize) -> Position {
    let offset = linted.floor(offset);
    let line = linted.index.line_of(offset);
    let Some((bounds, content)) = linted.line(line) else {
        // A line the report was not meant to need (only after `keep_only_needed_lines`).
        return Position {
            line: u32::try_from(line).unwrap_or(u32::MAX).saturating_add(1),
            column: 1,
        };
    };
    // Resume from the nearest earlier position on this line that either slot holds (a
    // range end far ahead, e.g. a finding spanning the line, leaves the starts' slot fine).
    let known = linted.cursors.iter().filter_map(Cell::get);
    let at = Column::on_line(line, bounds.start, content, offset, known, Encoding::Utf32);
    linted.cursors[slot].set(Some(at));
    let column = at.column;
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX).saturating_add(1),
        column: u32::try_from(column).unwrap_or(u32::MAX).saturating_add(1),
    }
}

/// The 1-based span of a byte range of the linted text; `end` stays exclusive. A reversed
/// range is read as empty at its start.
pub fn span(linted: &Linted, range: &Range<usize>) -> Span {
    Span {
        start: position_in_slot(linted, range.start, 0),
        end: position_in_slot(linted, range.end.max(range.start), 1),
    }
}

/// Builders shared by the writers' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{FileOutcome, FileStatus, Linted};
    use crate::engine::finding::{Edit, Finding, Fix, Severity};
    use std::ops::Range;

    pub fn finding(rule: &str, severity: Severity, message: &str, range: Range<usize>) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.to_string(),
            range,
            fixes: Vec::new(),
            related: Vec::new(),
            category: None,
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
            status: FileStatus::Linted(Linted::new(text.to_string(), findings, None)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeping only the needed lines changes no position and no excerpt: every finding
    /// and edit offset (inside characters, in `\r\n`, past the end) converts as before,
    /// and the human report is byte for byte the same.
    #[test]
    fn keeping_only_needed_lines_changes_no_output() {
        use super::test_support::{finding, with_fix};
        use crate::pack::Severity;
        let text = "ab 数据 c\r\n🚀 x y\n\nlast é line\n".repeat(3) + "tail";
        let mut findings = Vec::new();
        for (i, start) in [
            0usize,
            4,
            5,
            11,
            12,
            13,
            20,
            30,
            44,
            60,
            text.len(),
            text.len() + 5,
        ]
        .into_iter()
        .enumerate()
        {
            let f = finding("r", Severity::Warning, "m", start..start + i % 4);
            findings.push(if i % 3 == 0 {
                with_fix(f, "fix", true, &[(start + 1..start + 7, "x")])
            } else {
                f
            });
        }
        let whole = Linted::new(text.clone(), findings.clone(), None);
        let mut kept = Linted::new(text.clone(), findings.clone(), None);
        kept.keep_only_needed_lines();
        assert!(
            matches!(&kept.source, Source::Lines { lines, .. } if lines.len() < text.lines().count())
        );
        for f in &findings {
            assert_eq!(
                span(&whole, &f.range),
                span(&kept, &f.range),
                "{:?}",
                f.range
            );
            for e in f.fixes.iter().flat_map(|x| &x.edits) {
                assert_eq!(
                    span(&whole, &e.range),
                    span(&kept, &e.range),
                    "{:?}",
                    e.range
                );
            }
        }
        let render = |linted: Linted| {
            let files = [FileOutcome {
                path: "d.md".into(),
                status: FileStatus::Linted(linted),
            }];
            let mut out = Vec::new();
            human::write_human(&mut out, &files, HumanOptions::default()).unwrap();
            json::write_json(&mut out, &files).unwrap();
            String::from_utf8(out).unwrap()
        };
        let mut kept = Linted::new(text.clone(), findings.clone(), None);
        kept.keep_only_needed_lines();
        assert_eq!(render(Linted::new(text, findings, None)), render(kept));
    }

    /// The resumed conversion gives what `TextIndex::position` gives, whatever the order
    /// of the offsets (forward, backward, across lines, inside characters and `\r\n`).
    #[test]
    fn resumed_positions_equal_text_index_positions() {
        let text = "ab 数据 c\r\n🚀 x y\n\nlast é line";
        let linted = Linted::new(text.to_string(), Vec::new(), None);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..=text.len()).rev());
        offsets.extend([3, 40, 1, 9, 9, 2]);
        for (i, &o) in offsets.iter().enumerate() {
            let want = linted.index.position(text, o, Encoding::Utf32);
            let got = position_in_slot(&linted, o, i % 2);
            assert_eq!(
                (got.line - 1, got.column - 1),
                (want.line, want.col),
                "offset {o}"
            );
        }
    }
}
