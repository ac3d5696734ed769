//! `--statistics`: how often each rule fired, and the summary counts every format shares.

use super::{FileOutcome, FileStatus};
use crate::pack::Severity;
use std::collections::BTreeMap;
use std::io;

/// Totals over a list of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every file listed, linted or failed.
    pub files: usize,
    /// Files that could not be linted (a subset of `files`).
    pub failed: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub hint: usize,
}

impl Counts {
    /// Number of findings of all severities.
    pub fn problems(&self) -> usize {
        self.error + self.warning + self.info + self.hint
    }

    /// Files that were linted.
    pub fn checked(&self) -> usize {
        self.files.saturating_sub(self.failed)
    }

    pub fn of(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
            Severity::Hint => self.hint,
        }
    }

    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
            Severity::Hint => self.hint += 1,
        }
    }
}

/// Count files and findings by severity.
pub fn summary_counts(files: &[FileOutcome]) -> Counts {
    let mut counts = Counts {
        files: files.len(),
        ..Counts::default()
    };
    for file in files {
        match &file.status {
            FileStatus::Linted(linted) => {
                for finding in &linted.findings {
                    counts.add(finding.severity);
                }
            }
            FileStatus::Failed(_) => counts.failed += 1,
        }
    }
    counts
}

/// One row of the statistics table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: String,
    pub count: usize,
    /// The severity the rule fired with most often (the more severe one on a tie).
    pub severity: Severity,
}

/// Findings per rule id, sorted by count descending, then rule id.
pub fn rule_counts(files: &[FileOutcome]) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for file in files {
        if let FileStatus::Linted(linted) = &file.status {
            for finding in &linted.findings {
                let slot = by_rule.entry(finding.rule.as_str()).or_default();
                slot[severity_slot(finding.severity)] += 1;
            }
        }
    }
    let mut rows: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|(rule, per_severity)| {
            // `Severity::ALL` runs from most to least severe, so on a tie the first wins.
            let mut severity = Severity::ALL[0];
            let mut best = 0;
            for s in Severity::ALL {
                if per_severity[severity_slot(s)] > best {
                    best = per_severity[severity_slot(s)];
                    severity = s;
                }
            }
            RuleCount {
                rule: rule.to_string(),
                count: per_severity.iter().sum(),
                severity,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    rows
}

fn severity_slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
        Severity::Hint => 3,
    }
}

/// The table: right-aligned count, rule id, severity; nothing when there are no findings.
pub fn write_statistics(out: &mut dyn io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let rows = rule_counts(files);
    let count_width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let rule_width = rows
        .iter()
        .map(|r| r.rule.chars().count())
        .max()
        .unwrap_or(0);
    for row in &rows {
        writeln!(
            out,
            "{:>cw$}  {:<rw$}  {}",
            row.count,
            row.rule,
            row.severity,
            cw = count_width,
            rw = rule_width
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted};
    use super::*;

    fn sample() -> Vec<FileOutcome> {
        vec![
            linted(
                "a.md",
                "0123456789",
                vec![
                    finding("metrics", Severity::Warning, "m", 0..1),
                    finding("metrics", Severity::Error, "m", 1..2),
                    finding("metrics", Severity::Warning, "m", 2..3),
                    finding("baseline", Severity::Info, "b", 3..4),
                ],
            ),
            linted(
                "b.md",
                "0123456789",
                vec![
                    finding("zeta", Severity::Hint, "z", 0..1),
                    finding("baseline", Severity::Hint, "b", 1..2),
                    finding("alpha", Severity::Warning, "a", 2..3),
                ],
            ),
            linted("clean.md", "fine", vec![]),
            failed("gone.md", "not found"),
        ]
    }

    #[test]
    fn summary_counts_match_findings() {
        let files = sample();
        let c = summary_counts(&files);
        assert_eq!(c.files, 4);
        assert_eq!(c.failed, 1);
        assert_eq!(c.checked(), 3);
        assert_eq!((c.error, c.warning, c.info, c.hint), (1, 3, 1, 2));
        let all: usize = files
            .iter()
            .map(|f| match &f.status {
                FileStatus::Linted(l) => l.findings.len(),
                FileStatus::Failed(_) => 0,
            })
            .sum();
        assert_eq!(c.problems(), all);
    }

    #[test]
    fn rows_sorted_by_count_then_id_with_majority_severity() {
        let rows = rule_counts(&sample());
        let got: Vec<(&str, usize, Severity)> = rows
            .iter()
            .map(|r| (r.rule.as_str(), r.count, r.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                ("metrics", 3, Severity::Warning),
                // tie between info and hint: the more severe one
                ("baseline", 2, Severity::Info),
                ("alpha", 1, Severity::Warning),
                ("zeta", 1, Severity::Hint),
            ]
        );
    }

    #[test]
    fn table_is_aligned() {
        let mut files = sample();
        let many: Vec<_> = (0..10)
            .map(|i| finding("alpha", Severity::Warning, "a", i..i + 1))
            .collect();
        files.push(linted("c.md", "0123456789", many));
        let mut out = Vec::new();
        write_statistics(&mut out, &files).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "11  alpha     warning",
                " 3  metrics   warning",
                " 2  baseline  info",
                " 1  zeta      hint",
            ]
        );
    }

    #[test]
    fn no_findings_prints_nothing() {
        let mut out = Vec::new();
        write_statistics(&mut out, &[linted("a.md", "x", vec![])]).unwrap();
        assert!(out.is_empty());
    }
}
