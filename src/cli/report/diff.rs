//! Unified diffs (`mlsd check --diff`): what `--fix` would change, three lines of context.
//!
//! Lines keep their own terminators, so a CRLF text shows `\r\n` line ends in the diff; a
//! line without a terminator at the end of a text gets `\ No newline at end of file`.

use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, TextDiff};
use std::io;

const CONTEXT: usize = 3;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";

/// Split a line into its content and its terminator (`\r\n`, `\n`, `\r` or nothing).
fn split_terminator(line: &str) -> (&str, &str) {
    if let Some(content) = line.strip_suffix("\r\n") {
        (content, "\r\n")
    } else if let Some(content) = line.strip_suffix('\n') {
        (content, "\n")
    } else if let Some(content) = line.strip_suffix('\r') {
        (content, "\r")
    } else {
        (line, "")
    }
}

fn write_colored(out: &mut dyn io::Write, color: Option<&str>, text: &str) -> io::Result<()> {
    match color {
        Some(code) => write!(out, "{code}{text}{RESET}"),
        None => out.write_all(text.as_bytes()),
    }
}

/// The paths of the `---` and `+++` lines: git's `a/` and `b/` before a relative path (for
/// `patch -p1` / `git apply`), the path as it is when absolute (for `patch -p0`; `a//abs`
/// would name no file at all).
fn header_paths(path: &str) -> (String, String) {
    let absolute = std::path::Path::new(path).is_absolute() || path.starts_with('/');
    if absolute {
        (path.to_string(), path.to_string())
    } else {
        (format!("a/{path}"), format!("b/{path}"))
    }
}

/// Write a unified diff of `old` → `new` for `path`; nothing when they are equal.
pub fn write_unified_diff(
    out: &mut dyn io::Write,
    path: &str,
    old: &str,
    new: &str,
    color: bool,
) -> io::Result<()> {
    if old == new {
        return Ok(());
    }
    let pick = |code: &'static str| if color { Some(code) } else { None };
    let diff = TextDiff::from_lines(old, new);
    let (a, b) = header_paths(path);
    write_colored(out, pick(BOLD), &format!("--- {a}"))?;
    out.write_all(b"\n")?;
    write_colored(out, pick(BOLD), &format!("+++ {b}"))?;
    out.write_all(b"\n")?;
    for group in diff.grouped_ops(CONTEXT) {
        if group.is_empty() {
            continue;
        }
        write_colored(out, pick(CYAN), &UnifiedHunkHeader::new(&group).to_string())?;
        out.write_all(b"\n")?;
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, code) = match change.tag() {
                    ChangeTag::Equal => (" ", None),
                    ChangeTag::Delete => ("-", pick(RED)),
                    ChangeTag::Insert => ("+", pick(GREEN)),
                };
                let (content, terminator) = split_terminator(change.value());
                write_colored(out, code, &format!("{sign}{content}"))?;
                match terminator {
                    "" => out.write_all(b"\n\\ No newline at end of file\n")?,
                    // a lone CR cannot end a diff line: keep it and add the LF
                    "\r" => out.write_all(b"\r\n")?,
                    other => out.write_all(other.as_bytes())?,
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(old: &str, new: &str, color: bool) -> String {
        let mut out = Vec::new();
        write_unified_diff(&mut out, "docs/a.md", old, new, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn crlf_lines_keep_their_carriage_returns() {
        let old = "l1\r\nl2\r\nl3\r\nl4\r\nfast\r\nl6\r\nl7\r\nl8\r\nl9\r\n";
        let new = "l1\r\nl2\r\nl3\r\nl4\r\np99 < 50 ms\r\nl6\r\nl7\r\nl8\r\nl9\r\n";
        let out = render(old, new, false);
        assert_eq!(
            out,
            "--- a/docs/a.md\n+++ b/docs/a.md\n@@ -2,7 +2,7 @@\n \
             l2\r\n l3\r\n l4\r\n-fast\r\n+p99 < 50 ms\r\n l6\r\n l7\r\n l8\r\n"
        );
    }

    #[test]
    fn absolute_paths_get_no_a_b_prefix() {
        let mut out = Vec::new();
        write_unified_diff(&mut out, "/tmp/w/answer.md", "x\n", "y\n", false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("--- /tmp/w/answer.md\n+++ /tmp/w/answer.md\n"),
            "{out}"
        );
        assert!(!out.contains("//"), "{out}");
    }

    #[test]
    fn equal_texts_print_nothing() {
        assert_eq!(render("same\r\n", "same\r\n", false), "");
        assert_eq!(render("same\r\n", "same\r\n", true), "");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let out = render("a\nb", "a\nc", false);
        assert_eq!(
            out,
            "--- a/docs/a.md\n+++ b/docs/a.md\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn separate_hunks_beyond_context() {
        let old: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 2\n", "LINE 2\n")
            .replace("line 19\n", "LINE 19\n");
        let out = render(&old, &new, false);
        let hunks: Vec<&str> = out.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(hunks, vec!["@@ -1,5 +1,5 @@", "@@ -16,5 +16,5 @@"]);
    }

    #[test]
    fn color_wraps_lines_before_their_terminator() {
        let out = render("keep\r\nold\r\n", "keep\r\nnew\r\n", true);
        assert!(out.starts_with("\x1b[1m--- a/docs/a.md\x1b[0m\n\x1b[1m+++ b/docs/a.md\x1b[0m\n"));
        assert!(out.contains("\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n"));
        assert!(out.contains("\x1b[31m-old\x1b[0m\r\n"), "{out:?}");
        assert!(out.contains("\x1b[32m+new\x1b[0m\r\n"), "{out:?}");
        assert!(out.contains(" keep\r\n"));
    }
}
