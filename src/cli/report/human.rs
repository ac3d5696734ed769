//! `--format human` (the default): one headline per finding, the source line with a
//! gutter and carets under the range, and a summary line.
//!
//! ```text
//! answer.md:2:19 warning vague-speed quantify "fast"
//!  2 | The 🚀 model 数据 is fast
//!    |                      ^^^^
//! ```

use super::{position, summary_counts, Counts, FileOutcome, FileStatus, HumanOptions, Linted};
use crate::engine::finding::{Finding, Severity};
use crate::text_index::floor_char_boundary;
use std::io;
use unicode_width::UnicodeWidthChar;

/// Terminal tab stops assumed when a tab lies inside an underlined range.
const TAB_STOP: usize = 8;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[31m",
        Severity::Warning => "\x1b[33m",
        Severity::Info => "\x1b[34m",
        Severity::Hint => "\x1b[36m",
    }
}

/// Wraps text in ANSI codes only when colors are on.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn paint(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

pub fn write_human(
    out: &mut dyn io::Write,
    files: &[FileOutcome],
    opts: HumanOptions,
) -> io::Result<()> {
    let paint = Paint(opts.color);
    for file in files {
        match &file.status {
            FileStatus::Failed(message) => writeln!(
                out,
                "{}: {}: {}",
                file.path,
                paint.paint(severity_color(Severity::Error), "error"),
                message
            )?,
            FileStatus::Linted(linted) if opts.quiet => {
                for finding in &linted.findings {
                    write_headline(out, &file.path, linted, finding, paint)?;
                }
            }
            FileStatus::Linted(linted) => write_file(out, &file.path, linted, opts, paint)?,
        }
    }
    writeln!(out, "{}", summary_line(&summary_counts(files)))
}

/// One file, grouped: line findings with their excerpts, then what the answer lacks as a
/// whole (one line each, in interview order), then the scorecard.
fn write_file(
    out: &mut dyn io::Write,
    path: &str,
    linted: &Linted,
    opts: HumanOptions,
    paint: Paint,
) -> io::Result<()> {
    let card = linted.scorecard.as_deref().filter(|_| opts.score);
    let Some(layout) = &linted.layout else {
        for finding in &linted.findings {
            write_finding(out, path, linted, finding, paint)?;
        }
        if let (true, Some(p)) = (opts.profile, linted.profile.as_deref()) {
            write_profile(out, path, p, card, paint)?;
        }
        return Ok(());
    };
    // Findings on one source line share its excerpt.
    let mut group: Vec<&Finding> = Vec::new();
    let mut group_line = None;
    for &i in &layout.lines {
        let Some(finding) = linted.findings.get(i) else {
            continue;
        };
        let line = position(linted, finding.range.start).line;
        if group_line != Some(line) && !group.is_empty() {
            write_line_group(out, path, linted, &group, paint)?;
            group.clear();
        }
        group_line = Some(line);
        group.push(finding);
    }
    if !group.is_empty() {
        write_line_group(out, path, linted, &group, paint)?;
    }
    if !layout.document.is_empty() {
        writeln!(
            out,
            "{} {}",
            paint.paint(BOLD, path),
            paint.paint(BOLD, "missing from this answer")
        )?;
        let width = layout
            .document
            .iter()
            .filter_map(|&i| layout.stage_of(i))
            .map(|h| h.chars().count())
            .max()
            .unwrap_or(0);
        for &i in &layout.document {
            let Some(f) = linted.findings.get(i) else {
                continue;
            };
            let stage = layout.stage_of(i).unwrap_or_default();
            // A section's finding keeps its line; a whole-answer one has none worth naming.
            let at = match layout.places.get(i) {
                Some(p) if p.section => format!(" (line {})", position(linted, f.range.start).line),
                _ => String::new(),
            };
            writeln!(
                out,
                "  {stage:<width$}  {} {} {}{at}",
                paint.paint(severity_color(f.severity), f.severity.as_str()),
                paint.paint(BOLD, &f.rule),
                f.message
            )?;
        }
        writeln!(out)?;
    }
    if opts.profile {
        if let Some(p) = linted.profile.as_deref() {
            return write_profile(out, path, p, card, paint);
        }
    }
    if let Some(card) = card {
        write_card(out, path, card, paint)?;
    }
    Ok(())
}

/// The scorecard under a file's findings.
fn write_card(
    out: &mut dyn io::Write,
    path: &str,
    card: &crate::coach::Scorecard,
    paint: Paint,
) -> io::Result<()> {
    write!(out, "{} ", paint.paint(BOLD, path))?;
    let text = crate::coach::render::card_text(
        card,
        crate::coach::render::Style {
            color: paint.0,
            markdown: false,
        },
    );
    writeln!(out, "{text}")
}

/// `path:line:col severity rule message` (the one-line form of `--quiet`).
fn write_headline(
    out: &mut dyn io::Write,
    path: &str,
    linted: &Linted,
    finding: &Finding,
    paint: Paint,
) -> io::Result<()> {
    let start = position(linted, finding.range.start);
    writeln!(
        out,
        "{}:{}:{} {} {} {}",
        path,
        start.line,
        start.column,
        paint.paint(severity_color(finding.severity), finding.severity.as_str()),
        paint.paint(BOLD, &finding.rule),
        finding.message
    )
}

/// The answer profile as a short block: level and type, coverage, data share, numbers,
/// time per stage against its budget, rubric coverage.
fn write_profile(
    out: &mut dyn io::Write,
    path: &str,
    p: &crate::engine::profile::Profile,
    card: Option<&crate::coach::Scorecard>,
    paint: Paint,
) -> io::Result<()> {
    let declared = if p.problem_type_declared {
        ""
    } else {
        ", inferred"
    };
    writeln!(
        out,
        "{} {}",
        paint.paint(BOLD, path),
        paint.paint(BOLD, "profile")
    )?;
    let company = p
        .company
        .as_deref()
        .map(|c| format!(" · {c}"))
        .unwrap_or_default();
    writeln!(out, "  {} · {}{declared}{company}", p.level, p.problem_type)?;
    let missing = if p.missing_stages.is_empty() {
        String::new()
    } else {
        format!(" (missing: {})", p.missing_stages.join(", "))
    };
    writeln!(
        out,
        "  stages      {}/{}{missing}",
        p.stages_covered, p.stages_total
    )?;
    if let Some(share) = p.data_share_text() {
        let aim = p
            .data_share_aim_text()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        writeln!(out, "  data share  {share} of the solution{aim}")?;
    }
    writeln!(
        out,
        "  numbers     {} ({} per 500 words)",
        p.numbers, p.numbers_per_500_words
    )?;
    writeln!(
        out,
        "  time        ≈ {} of {} min at {} words per minute",
        p.minutes, p.interview_minutes, p.words_per_minute
    )?;
    for d in &p.derived {
        writeln!(out, "  derived     {} (line {})", d.label, d.line)?;
    }
    for s in p.stages.iter().filter(|s| s.present) {
        let budget = s
            .budget_minutes
            .map(|b| format!(" of {b}"))
            .unwrap_or_default();
        writeln!(
            out,
            "    {:<12} ≈ {}{budget} min · {} words · {} numbers",
            s.id, s.minutes, s.words, s.numbers
        )?;
    }
    // The scorecard stands where the rubric line stood (`--no-score`: the rubric line).
    match card {
        Some(card) => {
            let text = crate::coach::render::card_text(
                card,
                crate::coach::render::Style {
                    color: paint.0,
                    markdown: false,
                },
            );
            for line in text.lines() {
                writeln!(out, "  {line}")?;
            }
            writeln!(out)
        }
        None => writeln!(
            out,
            "  rubric      {}/{} applicable rules pass ({:.0}%)\n",
            p.rubric.passing,
            p.rubric.applicable,
            p.rubric.coverage * 100.0
        ),
    }
}

fn write_finding(
    out: &mut dyn io::Write,
    path: &str,
    linted: &Linted,
    finding: &Finding,
    paint: Paint,
) -> io::Result<()> {
    let color = severity_color(finding.severity);
    write_headline(out, path, linted, finding, paint)?;

    let excerpt = Excerpt::new(linted, finding);
    let number = excerpt.line_number.to_string();
    let gutter = format!(" {number} | ");
    let empty_gutter = format!(" {} | ", " ".repeat(number.len()));
    let (padding, carets) = caret_layout(&excerpt.line, excerpt.start, excerpt.end, gutter.len());
    writeln!(out, "{gutter}{}", excerpt.line)?;
    writeln!(
        out,
        "{empty_gutter}{padding}{}",
        paint.paint(color, &"^".repeat(carets))
    )?;
    writeln!(out)
}

/// Several findings on one source line: their headlines, then the line once with every
/// range underlined (a second caret row when ranges overlap). A line that is cut to a
/// window or holds a tab gets one excerpt per finding instead.
fn write_line_group(
    out: &mut dyn io::Write,
    path: &str,
    linted: &Linted,
    group: &[&Finding],
    paint: Paint,
) -> io::Result<()> {
    let excerpts: Vec<Excerpt> = group.iter().map(|f| Excerpt::new(linted, f)).collect();
    let shared = excerpts.windows(2).all(|w| w[0].line == w[1].line)
        && excerpts
            .first()
            .is_some_and(|e| !e.line.contains('\t') && e.line.len() <= EXCERPT_MAX);
    if group.len() == 1 || !shared {
        for f in group {
            write_finding(out, path, linted, f, paint)?;
        }
        return Ok(());
    }
    for f in group {
        write_headline(out, path, linted, f, paint)?;
    }
    let first = &excerpts[0];
    let number = first.line_number.to_string();
    let gutter = format!(" {number} | ");
    let empty_gutter = format!(" {} | ", " ".repeat(number.len()));
    writeln!(out, "{gutter}{}", first.line)?;
    // Rows of (columns used so far, text).
    let mut rows: Vec<(usize, String)> = Vec::new();
    // Ranges already underlined (the same range twice needs one mark).
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for (f, e) in group.iter().zip(&excerpts) {
        let (padding, carets) = caret_layout(&e.line, e.start, e.end, gutter.len());
        let at = padding.chars().count();
        let marks = paint.paint(severity_color(f.severity), &"^".repeat(carets));
        if placed.contains(&(at, carets)) {
            continue;
        }
        placed.push((at, carets));
        match rows.iter_mut().find(|(used, _)| *used <= at) {
            Some((used, row)) => {
                row.push_str(&" ".repeat(at - *used));
                row.push_str(&marks);
                *used = at + carets;
            }
            None => rows.push((at + carets, format!("{padding}{marks}"))),
        }
    }
    for (_, row) in rows {
        writeln!(out, "{empty_gutter}{row}")?;
    }
    writeln!(out)
}

/// Longest source line shown whole under a finding; a longer one is cut to a window
/// around the range, so a draft that is one multi-megabyte line prints a few hundred bytes
/// per finding, not the whole line each time.
const EXCERPT_MAX: usize = 240;
/// Bytes of context kept before the range when a line is cut.
const EXCERPT_BEFORE: usize = 80;

/// The first line of a finding and where its range lies on it (bytes of the shown line).
struct Excerpt<'a> {
    line_number: usize,
    line: std::borrow::Cow<'a, str>,
    start: usize,
    end: usize,
}

impl<'a> Excerpt<'a> {
    fn new(linted: &'a Linted, finding: &Finding) -> Self {
        let start = linted.floor(finding.range.start);
        let end = linted.floor(finding.range.end).max(start);
        let line_index = linted.index.line_of(start);
        let (bounds, line) = linted.line(line_index).unwrap_or((start..start, ""));
        // A range starting inside a line terminator starts at the end of the line's content.
        let start = start.clamp(bounds.start, bounds.end);
        let end = end.clamp(start, bounds.end);
        let (start, end) = (start - bounds.start, end - bounds.start);
        if line.len() <= EXCERPT_MAX {
            return Excerpt {
                line_number: line_index + 1,
                line: line.into(),
                start,
                end,
            };
        }
        // Cut on character boundaries: some context before the range, the range itself up
        // to the window's size, and an ellipsis where text was left out.
        let from = floor_char_boundary(line, start.saturating_sub(EXCERPT_BEFORE));
        let to = floor_char_boundary(line, (from + EXCERPT_MAX).min(line.len())).max(start);
        let head = if from > 0 { "…" } else { "" };
        let tail = if to < line.len() { "…" } else { "" };
        Excerpt {
            line_number: line_index + 1,
            line: format!("{head}{}{tail}", &line[from..to]).into(),
            start: start - from + head.len(),
            end: end.min(to) - from + head.len(),
        }
    }
}

/// Padding before the carets and the number of carets for the byte range `start..end` of
/// `line`, whose first character is printed at terminal column `origin`. Tabs before the
/// range are reproduced so the carets line up whatever the tab width; tabs inside it are
/// counted to the next multiple of eight. Wide characters count two columns. There is
/// always at least one caret.
fn caret_layout(line: &str, start: usize, end: usize, origin: usize) -> (String, usize) {
    let mut padding = String::new();
    let mut column = origin;
    let mut carets = 0;
    for (i, ch) in line.char_indices() {
        if i >= end {
            break;
        }
        let width = if ch == '\t' {
            TAB_STOP - column % TAB_STOP
        } else {
            ch.width().unwrap_or(0)
        };
        if i < start {
            if ch == '\t' {
                padding.push('\t');
            } else {
                padding.push_str(&" ".repeat(width));
            }
        } else {
            carets += width;
        }
        column += width;
    }
    (padding, carets.max(1))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `Found 12 problems (1 error, 8 warnings, 2 info, 1 hint) in 3 files.` or
/// `All checked: no problems in 3 files.`, plus how many files could not be checked.
pub fn summary_line(counts: &Counts) -> String {
    let checked = plural(counts.checked(), "file", "files");
    let failed = plural(counts.failed, "file", "files");
    let problems = counts.problems();
    if problems > 0 {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .filter(|s| counts.of(**s) > 0)
            .map(|s| {
                let n = counts.of(*s);
                match s {
                    Severity::Error => plural(n, "error", "errors"),
                    Severity::Warning => plural(n, "warning", "warnings"),
                    Severity::Info => format!("{n} info"),
                    Severity::Hint => plural(n, "hint", "hints"),
                }
            })
            .collect();
        let mut line = format!(
            "Found {} ({}) in {checked}.",
            plural(problems, "problem", "problems"),
            parts.join(", ")
        );
        if counts.failed > 0 {
            line.push_str(&format!(" {failed} could not be checked."));
        }
        line
    } else if counts.failed == 0 {
        format!("All checked: no problems in {checked}.")
    } else {
        format!("No problems in {checked}; {failed} could not be checked.")
    }
}

/// One fix `--fix` applied, for the summary: the line its text starts on in the fixed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedItem {
    pub line: usize,
    pub rule: String,
    pub title: String,
}

/// What `--fix` did to one file and what it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixSummary {
    pub path: String,
    pub fixed: Vec<FixedItem>,
    /// Findings in the fixed file.
    pub left: usize,
    /// Of those, findings with a fix `--fix` does not apply (placeholders) unless
    /// `--unsafe-fixes` is given.
    pub left_unsafe: usize,
}

/// The `--fix` summary: each file's applied fixes (line, rule, what it did), then the totals
/// and what is left.
///
/// ```text
/// Fixed a.md (2 fixes):
///    9  RULE-ID   Add the “Data” section
///   14  RULE-ID   Add the “Features” section
/// Fixed 2 problems in 1 file; 17 problems left, 4 of them with fixes --unsafe-fixes applies.
/// ```
pub fn write_fix_summary(out: &mut dyn io::Write, files: &[FixSummary]) -> io::Result<()> {
    for f in files.iter().filter(|f| !f.fixed.is_empty()) {
        writeln!(
            out,
            "Fixed {} ({}):",
            f.path,
            plural(f.fixed.len(), "fix", "fixes")
        )?;
        let line_w = f
            .fixed
            .iter()
            .map(|x| x.line.to_string().len())
            .max()
            .unwrap_or(1);
        let rule_w = f.fixed.iter().map(|x| x.rule.len()).max().unwrap_or(1);
        for x in &f.fixed {
            writeln!(
                out,
                "  {:>line_w$}  {:<rule_w$}  {}",
                x.line, x.rule, x.title
            )?;
        }
    }
    let fixed: usize = files.iter().map(|f| f.fixed.len()).sum();
    let touched = files.iter().filter(|f| !f.fixed.is_empty()).count();
    let left: usize = files.iter().map(|f| f.left).sum();
    let left_unsafe: usize = files.iter().map(|f| f.left_unsafe).sum();
    let mut line = if fixed == 0 {
        "No fixes applied".to_string()
    } else {
        format!(
            "Fixed {} in {}",
            plural(fixed, "problem", "problems"),
            plural(touched, "file", "files")
        )
    };
    if left == 0 {
        line.push_str("; no problems left.");
    } else {
        line.push_str(&format!("; {} left", plural(left, "problem", "problems")));
        if left_unsafe > 0 {
            line.push_str(&format!(
                ", {left_unsafe} of them with fixes that leave placeholders to fill (--unsafe-fixes applies them)"
            ));
        }
        line.push('.');
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{failed, finding, linted, range_of};
    use super::*;

    fn render(files: &[FileOutcome], color: bool, quiet: bool) -> String {
        let mut out = Vec::new();
        write_human(
            &mut out,
            files,
            HumanOptions {
                color,
                quiet,
                profile: false,
                score: true,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Display width of a whole printed line prefix (tabs to multiples of 8).
    fn columns(s: &str) -> usize {
        let mut col = 0;
        for ch in s.chars() {
            col += if ch == '\t' {
                TAB_STOP - col % TAB_STOP
            } else {
                ch.width().unwrap_or(0)
            };
        }
        col
    }

    fn assert_carets_under(output: &str, needle: &str) {
        let lines: Vec<&str> = output.lines().collect();
        let src = lines
            .iter()
            .position(|l| l.contains(" | ") && l.contains(needle))
            .unwrap();
        let source_line = lines[src];
        let caret_line = lines[src + 1];
        let needle_at = source_line.find(needle).unwrap();
        let caret_at = caret_line.find('^').unwrap();
        assert_eq!(
            columns(&caret_line[..caret_at]),
            columns(&source_line[..needle_at]),
            "carets start under {needle:?}:\n{source_line}\n{caret_line}"
        );
        let count = caret_line[caret_at..].chars().filter(|c| *c == '^').count();
        let needle_columns =
            columns(&source_line[..needle_at + needle.len()]) - columns(&source_line[..needle_at]);
        assert_eq!(count, needle_columns, "caret count for {needle:?}");
    }

    #[test]
    fn headline_has_one_based_char_columns() {
        let text = "# Design\r\nThe 🚀 model 数据 is fast\r\n";
        let out = render(
            &[linted(
                "a.md",
                text,
                vec![finding(
                    "vague-speed",
                    Severity::Warning,
                    "quantify \"fast\"",
                    range_of(text, "fast"),
                )],
            )],
            false,
            false,
        );
        let first = out.lines().next().unwrap();
        assert_eq!(first, "a.md:2:19 warning vague-speed quantify \"fast\"");
        assert!(out.contains(" 2 | The 🚀 model 数据 is fast\n"), "{out}");
        assert!(!out.contains('\r'), "line terminators are not echoed");
        assert_carets_under(&out, "fast");
    }

    #[test]
    fn carets_cover_wide_chars_twice() {
        let text = "The 🚀 model 数据 is fast";
        let out = render(
            &[linted(
                "a.md",
                text,
                vec![finding("cjk", Severity::Info, "m", range_of(text, "数据"))],
            )],
            false,
            false,
        );
        assert_carets_under(&out, "数据");
        assert!(out.contains("^^^^\n"));
        assert!(!out.contains("^^^^^"));
    }

    #[test]
    fn tabs_are_reproduced_in_padding() {
        let text = "- a\n\tx\t🚀 latency\tok\n";
        let out = render(
            &[linted(
                "a.md",
                text,
                vec![finding(
                    "r",
                    Severity::Hint,
                    "m",
                    range_of(text, "latency\tok"),
                )],
            )],
            false,
            false,
        );
        let caret_line = out.lines().nth(2).unwrap();
        assert!(caret_line.starts_with("   | \t \t   ^"), "{caret_line:?}");
        assert_carets_under(&out, "latency\tok");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_range() {
        // 10,000 words on one line, the finding in the middle, a wide character just before.
        let mut text = "word ".repeat(5_000);
        text.push_str("数据 fast ");
        text.push_str(&"word ".repeat(5_000));
        let r = range_of(&text, "fast");
        let out = render(
            &[linted(
                "long.md",
                &text,
                vec![finding("vague-term", Severity::Warning, "m", r.clone())],
            )],
            false,
            false,
        );
        // The headline keeps the real column (characters before the range, plus one).
        let column = text[..r.start].chars().count() + 1;
        assert!(
            out.starts_with(&format!("long.md:1:{column} warning")),
            "{}",
            &out[..80]
        );
        let source = out.lines().nth(1).unwrap();
        assert!(
            source.len() < EXCERPT_MAX + 20,
            "cut: {} bytes",
            source.len()
        );
        assert!(source.contains("…") && source.ends_with('…'), "{source}");
        assert_carets_under(&out, "fast");
    }

    #[test]
    fn caret_layout_edge_cases() {
        // empty range: one caret at the position
        assert_eq!(caret_layout("abc", 1, 1, 0), (" ".to_string(), 1));
        // at the end of the line
        assert_eq!(caret_layout("abc", 3, 3, 0), ("   ".to_string(), 1));
        // a zero-width combining mark alone still gets a caret
        assert_eq!(caret_layout("e\u{301}x", 1, 3, 0), (" ".to_string(), 1));
    }

    #[test]
    fn multi_line_range_underlines_to_end_of_first_line() {
        let text = "alpha beta\r\ngamma\r\n";
        let range = range_of(text, "beta\r\ngam");
        let out = render(
            &[linted(
                "a.md",
                text,
                vec![finding("r", Severity::Error, "m", range)],
            )],
            false,
            false,
        );
        assert!(out.contains(" 1 | alpha beta\n   |       ^^^^\n"), "{out}");
    }

    #[test]
    fn range_starting_in_crlf_points_at_line_end() {
        let text = "ab\r\ncd";
        let out = render(
            &[linted(
                "a.md",
                text,
                vec![finding("r", Severity::Error, "m", 3..4)],
            )],
            false,
            false,
        );
        assert!(
            out.starts_with("a.md:1:3 error r m\n 1 | ab\n   |   ^\n"),
            "{out}"
        );
    }

    #[test]
    fn gutter_widens_with_the_line_number() {
        let mut text = "x\n".repeat(11);
        text.push_str("target\n");
        let out = render(
            &[linted(
                "a.md",
                &text,
                vec![finding(
                    "r",
                    Severity::Error,
                    "m",
                    range_of(&text, "target"),
                )],
            )],
            false,
            false,
        );
        assert!(out.contains("\n 12 | target\n    | ^^^^^^\n"), "{out}");
    }

    #[test]
    fn colors_only_when_asked() {
        let text = "bad words";
        let files = [linted(
            "a.md",
            text,
            vec![finding(
                "rule-x",
                Severity::Error,
                "m",
                range_of(text, "bad"),
            )],
        )];
        let plain = render(&files, false, false);
        assert!(!plain.contains('\x1b'));
        let colored = render(&files, true, false);
        assert!(colored.contains("\x1b[31merror\x1b[0m"), "{colored:?}");
        assert!(colored.contains("\x1b[1mrule-x\x1b[0m"));
        assert!(colored.contains("\x1b[31m^^^\x1b[0m"));
        let warn = render(
            &[linted(
                "a.md",
                text,
                vec![finding("r", Severity::Warning, "m", 0..3)],
            )],
            true,
            false,
        );
        assert!(warn.contains("\x1b[33mwarning\x1b[0m"));
    }

    #[test]
    fn failed_files_and_summary() {
        let text = "one two three";
        let files = vec![
            linted(
                "a.md",
                text,
                vec![
                    finding("r1", Severity::Error, "m", 0..3),
                    finding("r2", Severity::Warning, "m", 4..7),
                    finding("r2", Severity::Warning, "m", 8..13),
                    finding("r3", Severity::Info, "m", 8..13),
                    finding("r3", Severity::Info, "m", 8..13),
                    finding("r4", Severity::Hint, "m", 8..13),
                ],
            ),
            linted("b.md", "fine", vec![]),
            failed("gone.md", "No such file or directory"),
        ];
        let out = render(&files, false, false);
        assert!(out.contains("gone.md: error: No such file or directory\n"));
        assert_eq!(out.matches(" error r1 m").count(), 1);
        assert_eq!(
            out.lines().last().unwrap(),
            "Found 6 problems (1 error, 2 warnings, 2 info, 1 hint) in 2 files. \
             1 file could not be checked."
        );

        // --quiet: one line per finding (no excerpt), errors, the summary.
        let quiet = render(&files, false, true);
        assert_eq!(
            quiet.lines().collect::<Vec<_>>(),
            vec![
                "a.md:1:1 error r1 m",
                "a.md:1:5 warning r2 m",
                "a.md:1:9 warning r2 m",
                "a.md:1:9 info r3 m",
                "a.md:1:9 info r3 m",
                "a.md:1:9 hint r4 m",
                "gone.md: error: No such file or directory",
                "Found 6 problems (1 error, 2 warnings, 2 info, 1 hint) in 2 files. \
                 1 file could not be checked.",
            ]
        );
    }

    #[test]
    fn summary_wording() {
        let c = |files, failed, error, warning, info, hint| Counts {
            files,
            failed,
            error,
            warning,
            info,
            hint,
        };
        assert_eq!(
            summary_line(&c(3, 0, 0, 0, 0, 0)),
            "All checked: no problems in 3 files."
        );
        assert_eq!(
            summary_line(&c(1, 0, 0, 0, 0, 0)),
            "All checked: no problems in 1 file."
        );
        assert_eq!(
            summary_line(&c(1, 0, 0, 1, 0, 0)),
            "Found 1 problem (1 warning) in 1 file."
        );
        assert_eq!(
            summary_line(&c(3, 2, 0, 0, 0, 0)),
            "No problems in 1 file; 2 files could not be checked."
        );
    }
}
