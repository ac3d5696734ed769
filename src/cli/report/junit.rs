//! `--format junit`: JUnit XML for CI test-report viewers.
//!
//! One `<testsuite>` per file. Each finding is a failing `<testcase>`; a clean file has
//! one passing testcase named `mlsd`; a file that could not be linted has one testcase
//! with an `<error>`.

use super::{position, FileOutcome, FileStatus};
use std::io;

/// Whether XML 1.0 allows the character at all (even escaped).
fn is_xml_char(ch: char) -> bool {
    matches!(ch,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Escape text content; characters XML 1.0 cannot hold are dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().filter(|c| is_xml_char(*c)) {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // kept as a reference so a parser does not turn CRLF into LF
            '\r' => out.push_str("&#13;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escape an attribute value (double-quoted); line breaks and tabs become character
/// references so attribute-value normalization keeps them.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().filter(|c| is_xml_char(*c)) {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(ch),
        }
    }
    out
}

struct Suite {
    tests: usize,
    failures: usize,
    errors: usize,
    body: String,
}

fn suite(file: &FileOutcome) -> Suite {
    let class = escape_attr(&file.path);
    let mut body = String::new();
    match &file.status {
        FileStatus::Linted(linted) if linted.findings.is_empty() => {
            body.push_str(&format!(
                "    <testcase name=\"mlsd\" classname=\"{class}\"/>\n"
            ));
            Suite {
                tests: 1,
                failures: 0,
                errors: 0,
                body,
            }
        }
        FileStatus::Linted(linted) => {
            for finding in &linted.findings {
                let at = position(linted, finding.range.start);
                let (line, column) = (at.line, at.column);
                body.push_str(&format!(
                    "    <testcase name=\"{} at {line}:{column}\" classname=\"{class}\">\n",
                    escape_attr(&finding.rule)
                ));
                body.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    escape_attr(&finding.rule),
                    escape_attr(&finding.message),
                    escape_text(&format!(
                        "{} at {}:{line}:{column}: {}",
                        finding.severity, file.path, finding.message
                    ))
                ));
                body.push_str("    </testcase>\n");
            }
            Suite {
                tests: linted.findings.len(),
                failures: linted.findings.len(),
                errors: 0,
                body,
            }
        }
        FileStatus::Failed(message) => {
            body.push_str(&format!(
                "    <testcase name=\"mlsd\" classname=\"{class}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
                escape_attr(message)
            ));
            Suite {
                tests: 1,
                failures: 0,
                errors: 1,
                body,
            }
        }
    }
}

pub fn write_junit(out: &mut dyn io::Write, files: &[FileOutcome]) -> io::Result<()> {
    let suites: Vec<Suite> = files.iter().map(suite).collect();
    let tests: usize = suites.iter().map(|s| s.tests).sum();
    let failures: usize = suites.iter().map(|s| s.failures).sum();
    let errors: usize = suites.iter().map(|s| s.errors).sum();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"mlsd\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    )?;
    for (file, s) in files.iter().zip(&suites) {
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            escape_attr(&file.path),
            s.tests,
            s.failures,
            s.errors
        )?;
        out.write_all(s.body.as_bytes())?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted, range_of};
    use super::*;
    use crate::pack::Severity;

    fn render(files: &[FileOutcome]) -> String {
        let mut out = Vec::new();
        write_junit(&mut out, files).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Every `&…;` in the output is one of the references the writer emits, and no raw
    /// `<`/`>` or quote appears inside attribute values or text.
    fn assert_well_formed_references(xml: &str) {
        let mut rest = xml;
        while let Some(i) = rest.find('&') {
            let tail = &rest[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#9;", "&#10;", "&#13;"]
                    .iter()
                    .any(|r| tail.starts_with(r)),
                "bad reference at {:?}",
                &tail[..tail.len().min(10)]
            );
            rest = &tail[1..];
        }
    }

    #[test]
    fn structure_and_counts() {
        let text = "# Plan\r\nThe 🚀 model 数据 is fast\r\n";
        let out = render(&[
            linted(
                "q1.md",
                text,
                vec![
                    finding(
                        "vague-speed",
                        Severity::Warning,
                        "quantify",
                        range_of(text, "fast"),
                    ),
                    finding("cjk", Severity::Hint, "h", range_of(text, "数据")),
                ],
            ),
            linted("clean.md", "ok\n", vec![]),
            failed("gone.md", "No such file"),
        ]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        assert_eq!(
            lines[1],
            "<testsuites name=\"mlsd\" tests=\"4\" failures=\"2\" errors=\"1\">"
        );
        assert!(out.contains(
            "  <testsuite name=\"q1.md\" tests=\"2\" failures=\"2\" errors=\"0\">\n    \
             <testcase name=\"vague-speed at 2:19\" classname=\"q1.md\">\n      \
             <failure type=\"vague-speed\" message=\"quantify\">warning at q1.md:2:19: quantify</failure>\n    \
             </testcase>\n"
        ), "{out}");
        assert!(out.contains("<testcase name=\"cjk at 2:13\" classname=\"q1.md\">"));
        assert!(
            out.contains(
                "  <testsuite name=\"clean.md\" tests=\"1\" failures=\"0\" errors=\"0\">\n    \
             <testcase name=\"mlsd\" classname=\"clean.md\"/>\n  </testsuite>\n"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "  <testsuite name=\"gone.md\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
             <testcase name=\"mlsd\" classname=\"gone.md\">\n      \
             <error message=\"No such file\"/>\n    </testcase>\n  </testsuite>\n"
            ),
            "{out}"
        );
        assert!(out.ends_with("</testsuites>\n"));
        assert_eq!(out.matches("<testsuite ").count(), 3);
        assert_eq!(out.matches("<testcase ").count(), 4);
    }

    #[test]
    fn escapes_markup_and_strips_illegal_chars() {
        let text = "abc";
        let message = "use <b> & \"quotes\" 'n' \u{1}bell\u{7}\u{FFFE}\nline2\ttab";
        let out = render(&[linted(
            "R&D <1>.md",
            text,
            vec![finding("r<&>", Severity::Error, message, 0..1)],
        )]);
        assert!(
            out.contains("<testsuite name=\"R&amp;D &lt;1&gt;.md\""),
            "{out}"
        );
        assert!(out.contains(
            "message=\"use &lt;b&gt; &amp; &quot;quotes&quot; &apos;n&apos; bell&#10;line2&#9;tab\""
        ), "{out}");
        assert!(out.contains(
            ">error at R&amp;D &lt;1&gt;.md:1:1: use &lt;b&gt; &amp; &quot;quotes&quot; &apos;n&apos; bell\nline2\ttab</failure>"
        ), "{out}");
        assert!(out.contains("type=\"r&lt;&amp;&gt;\""));
        assert!(!out.contains('\u{1}') && !out.contains('\u{7}') && !out.contains('\u{FFFE}'));
        assert_well_formed_references(&out);
    }

    #[test]
    fn failed_message_is_escaped() {
        let out = render(&[failed("a.md", "bad <utf-8> & \u{0}more")]);
        assert!(
            out.contains("<error message=\"bad &lt;utf-8&gt; &amp; more\"/>"),
            "{out}"
        );
        assert!(out.contains("tests=\"1\" failures=\"0\" errors=\"1\">\n  <testsuite"));
    }
}
