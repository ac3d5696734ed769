//! Building fixes and applying them.
//!
//! Insertions go at line starts of the body, never inside the front matter, and use the
//! draft's own line ending. Applying works like ruff's fix loop: apply the fixes that do
//! not touch each other, lint again, repeat until nothing applies — so two sections
//! inserted at one place still end up in interview order, and a second run is a no-op.

use super::draft::Draft;
use super::finding::{Edit, Fix};
use super::{lint, Settings};
use crate::rules::{Pack, Scope, StageId};

/// The line ending a text mostly uses (`\r\n`, `\r` or `\n`); `\n` when it has none.
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// Heading level the draft uses for its stage sections (2 when it has none).
fn stage_heading_level(draft: &Draft) -> u8 {
    let mut counts = [0usize; 7];
    for h in draft.headings.iter().filter(|h| !h.stages.is_empty()) {
        counts[h.level as usize] += 1;
    }
    (1..=6u8)
        .max_by_key(|&l| (counts[l as usize], std::cmp::Reverse(l)))
        .filter(|&l| counts[l as usize] > 0)
        .unwrap_or(2)
}

fn at_line_start(text: &str, pos: usize) -> bool {
    pos == 0 || matches!(text.as_bytes().get(pos - 1), Some(b'\n' | b'\r'))
}

/// An insertion at the very end of the text, after a blank line.
fn append_at_end(text: &str, body: String, nl: &str) -> Edit {
    let mut prefix = String::new();
    if !text.is_empty() && !text.ends_with(['\n', '\r']) {
        prefix.push_str(nl);
    }
    let trimmed = text.trim_end_matches(['\n', '\r']);
    let blank_before = text.len() - trimmed.len() >= 2 * nl.len() || trimmed.is_empty();
    if !blank_before {
        prefix.push_str(nl);
    }
    let body = body.trim_end_matches(['\n', '\r']).to_string() + nl;
    Edit {
        range: text.len()..text.len(),
        new_text: prefix + &body,
    }
}

/// Safe fix: insert a missing stage's section (its budget for an interview of
/// `interview_minutes`) before the first section of a later stage (same or higher level), or
/// at the end of the draft.
pub fn insert_stage_section(
    draft: &Draft,
    pack: &Pack,
    stage: StageId,
    problem_type: &str,
    interview_minutes: u32,
) -> Fix {
    let text = draft.text;
    let nl = line_ending(text);
    let level = stage_heading_level(draft);
    let section = super::skeleton::cached_stage_section(
        pack,
        stage,
        problem_type,
        level,
        nl,
        interview_minutes,
    );
    let before = draft.headings.iter().find(|h| {
        !h.stages.is_empty()
            && h.level <= level
            && h.stages.iter().all(|s| s > stage)
            && h.range.start >= draft.front_matter.body_start
            && at_line_start(text, h.range.start)
    });
    let edit = match before {
        Some(h) => Edit {
            range: h.range.start..h.range.start,
            new_text: section,
        },
        None => append_at_end(text, section, nl),
    };
    Fix {
        title: format!("Add the “{}” section", pack.stage(stage).heading),
        safe: true,
        edits: vec![edit],
    }
}

/// An edit adding `line` at the end of a stage's section (or of the draft).
pub fn append_line(draft: &Draft, _pack: &Pack, scope: Scope, line: &str) -> Edit {
    let text = draft.text;
    let nl = line_ending(text);
    let first = scope.and_then(|s| draft.stage_first[s as usize]);
    if let Some(first) = first {
        let level = draft.headings[first as usize].level;
        let next = draft.headings[first as usize + 1..]
            .iter()
            .find(|h| h.level <= level && at_line_start(text, h.range.start));
        if let Some(h) = next {
            return Edit {
                range: h.range.start..h.range.start,
                new_text: format!("{line}{nl}{nl}"),
            };
        }
    }
    append_at_end(text, line.to_string(), nl)
}

/// Applies non-overlapping edits (earlier ones win; insertions at one point conflict).
/// Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits
        .iter()
        .filter(|e| {
            e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        })
        .collect();
    sorted.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut cursor = 0;
    let mut last_insert: Option<usize> = None;
    let mut applied = 0;
    for e in sorted {
        if e.range.start < cursor || (e.range.is_empty() && last_insert == Some(e.range.start)) {
            continue;
        }
        out.push_str(&text[cursor..e.range.start]);
        out.push_str(&e.new_text);
        cursor = e.range.end;
        if e.range.is_empty() {
            last_insert = Some(e.range.start);
        }
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Applies fixes one at a time, re-linting after each, until none applies (at most
/// `MAX_FIXES`). A fix is kept only if no rule gains findings and, for a safe fix, its
/// own rule loses one; otherwise it is undone (say, a section that would land inside an
/// unclosed code fence). With `include_unsafe`, fixes that leave placeholders for the
/// writer are applied too, but never twice: a placeholder already in the text is not
/// inserted again. Returns the text and the number of fixes applied.
pub fn fix_all(
    text: &str,
    pack: &Pack,
    settings: &Settings,
    include_unsafe: bool,
) -> (String, usize) {
    const MAX_FIXES: usize = 256;
    let mut current = text.to_string();
    let mut applied = 0;
    // Fixes tried on the current text: (rule, text under the finding, fix title).
    let mut tried: Vec<(String, String, String)> = Vec::new();
    let mut report = lint(&current, pack, settings);
    while applied < MAX_FIXES {
        let next = report.findings.iter().find_map(|f| {
            f.fixes
                .iter()
                .filter(|fx| fx.safe || (include_unsafe && !already_applied(&current, fx)))
                .map(|fx| {
                    (
                        f,
                        fx,
                        (
                            f.rule.clone(),
                            current.get(f.range.clone()).unwrap_or("").to_string(),
                            fx.title.clone(),
                        ),
                    )
                })
                .find(|(_, _, key)| !tried.contains(key))
        });
        let Some((finding, fx, key)) = next else {
            break;
        };
        let rule = finding.rule.clone();
        let safe = fx.safe;
        let (candidate, n) = apply_edits(&current, &fx.edits);
        tried.push(key);
        if n == 0 || candidate == current {
            continue;
        }
        let after_report = lint(&candidate, pack, settings);
        // Findings a safe fix would address: these must never grow (adding a section may
        // reveal other findings, such as a missing baseline inside it; that is progress).
        let count = |findings: &[super::Finding], id: &str| {
            findings.iter().filter(|f| f.rule == id).count()
        };
        let fixable = |f: &&super::Finding| f.fixes.iter().any(|x| x.safe);
        let gains = after_report
            .findings
            .iter()
            .filter(fixable)
            .any(|f| count(&after_report.findings, &f.rule) > count(&report.findings, &f.rule));
        let own_drops = count(&after_report.findings, &rule) < count(&report.findings, &rule);
        if gains || (safe && !own_drops) {
            continue; // does not converge here: leave the text as it was
        }
        current = candidate;
        report = after_report;
        applied += 1;
        // The text changed, so fixes that failed before may work now.
        tried.clear();
    }
    (current, applied)
}

/// Whether a placeholder fix is already in the text: an inline insertion already follows
/// its spot, or an inserted line already stands somewhere in the draft.
fn already_applied(text: &str, fx: &Fix) -> bool {
    fx.edits.iter().all(|e| {
        if e.new_text.contains(['\n', '\r']) {
            let t = e.new_text.trim();
            !t.is_empty() && text.contains(t)
        } else {
            text.get(e.range.end..)
                .is_some_and(|rest| rest.starts_with(e.new_text.as_str()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ins(at: usize, t: &str) -> Edit {
        Edit {
            range: at..at,
            new_text: t.into(),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let (out, n) = apply_edits(
            "abcdef",
            &[
                ins(3, "X"),
                Edit {
                    range: 0..2,
                    new_text: "Z".into(),
                },
                Edit {
                    range: 1..4,
                    new_text: "no".into(),
                },
            ],
        );
        assert_eq!(out, "ZcXdef");
        assert_eq!(n, 2);
    }

    #[test]
    fn two_insertions_at_one_point_conflict() {
        let (out, n) = apply_edits("ab", &[ins(1, "X"), ins(1, "Y")]);
        assert_eq!((out.as_str(), n), ("aXb", 1));
    }

    #[test]
    fn detects_line_endings() {
        assert_eq!(line_ending("a\r\nb"), "\r\n");
        assert_eq!(line_ending("a\rb"), "\r");
        assert_eq!(line_ending("ab"), "\n");
    }

    #[test]
    fn append_at_end_adds_a_blank_line() {
        assert_eq!(append_at_end("x", "Y\n".into(), "\n").new_text, "\n\nY\n");
        assert_eq!(append_at_end("x\n", "Y\n".into(), "\n").new_text, "\nY\n");
        assert_eq!(append_at_end("x\n\n", "Y\n".into(), "\n").new_text, "Y\n");
        assert_eq!(append_at_end("", "Y\n".into(), "\n").new_text, "Y\n");
    }
}
