//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations.
//!
//! `::warning file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=mlsd RULE::MESSAGE`

use super::{span, FileOutcome, FileStatus};
use crate::pack::Severity;
use std::io;

/// The workflow command for a severity: info and hint are both `notice`.
pub fn github_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escape a command's message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escape a property value (`file=…`, `title=…`).
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            _ => out.push(ch),
        }
    }
    out
}

pub fn write_github(out: &mut dyn io::Write, files: &[FileOutcome]) -> io::Result<()> {
    for file in files {
        let path = escape_property(&file.path);
        match &file.status {
            FileStatus::Linted(linted) => {
                for finding in &linted.findings {
                    let s = span(linted, &finding.range);
                    writeln!(
                        out,
                        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                        github_level(finding.severity),
                        path,
                        s.start.line,
                        s.start.column,
                        s.end.line,
                        s.end.column,
                        escape_property(&format!("mlsd {}", finding.rule)),
                        escape_data(&finding.message)
                    )?;
                }
            }
            FileStatus::Failed(message) => {
                writeln!(out, "::error file={}::{}", path, escape_data(message))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted, range_of};
    use super::*;

    fn render(files: &[FileOutcome]) -> String {
        let mut out = Vec::new();
        write_github(&mut out, files).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_finding_with_char_columns() {
        let text = "# Plan\r\nThe 🚀 model 数据 is fast\r\n";
        let out = render(&[
            linted(
                "docs/q1.md",
                text,
                vec![
                    finding(
                        "vague-speed",
                        Severity::Warning,
                        "quantify",
                        range_of(text, "fast"),
                    ),
                    finding("cjk", Severity::Hint, "h", range_of(text, "数据")),
                    finding("big", Severity::Error, "e", range_of(text, "Plan")),
                    finding("tip", Severity::Info, "i", range_of(text, "model")),
                ],
            ),
            linted("clean.md", "fine\n", vec![]),
        ]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            vec![
                "::warning file=docs/q1.md,line=2,col=19,endLine=2,endColumn=23,title=mlsd vague-speed::quantify",
                "::notice file=docs/q1.md,line=2,col=13,endLine=2,endColumn=15,title=mlsd cjk::h",
                "::error file=docs/q1.md,line=1,col=3,endLine=1,endColumn=7,title=mlsd big::e",
                "::notice file=docs/q1.md,line=2,col=7,endLine=2,endColumn=12,title=mlsd tip::i",
            ]
        );
    }

    #[test]
    fn escapes_message_and_properties() {
        let text = "abc";
        let out = render(&[linted(
            "we,ird:100%.md",
            text,
            vec![finding(
                "r:x,y",
                Severity::Warning,
                "50% of p99: a, b\r\nnext::line",
                0..3,
            )],
        )]);
        assert_eq!(
            out,
            "::warning file=we%2Cird%3A100%25.md,line=1,col=1,endLine=1,endColumn=4,\
             title=mlsd r%3Ax%2Cy::50%25 of p99: a, b%0D%0Anext::line\n"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn failed_file_is_an_error_line() {
        let out = render(&[failed("a,b.md", "invalid UTF-8\nat byte 3 (100%)")]);
        assert_eq!(
            out,
            "::error file=a%2Cb.md::invalid UTF-8%0Aat byte 3 (100%25)\n"
        );
    }
}
