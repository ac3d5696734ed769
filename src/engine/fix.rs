//! Building fixes and applying them.
//!
//! Insertions go at line starts of the body, never inside the front matter, and use the
//! draft's own line ending. Applying works like ruff's fix loop: apply the fixes that do
//! not touch each other, lint again, repeat until nothing applies — so two sections
//! inserted at one place still end up in interview order, and a second run is a no-op.

use super::draft::Draft;
use super::finding::{Edit, Fix};
use super::{lint, Settings};
use crate::pack::StageId;
use crate::rules::{Pack, Scope};

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
    Fix {
        title: format!("Add the “{}” section", pack.stage(stage).heading),
        safe: true,
        edits: vec![section_edit(
            draft,
            pack,
            stage,
            problem_type,
            interview_minutes,
            None,
        )],
    }
}

/// The edit inserting a missing stage's skeleton section (and `line` under its prompts)
/// at its place in interview order.
fn section_edit(
    draft: &Draft,
    pack: &Pack,
    stage: StageId,
    problem_type: &str,
    interview_minutes: u32,
    line: Option<&str>,
) -> Edit {
    let text = draft.text;
    let nl = line_ending(text);
    let level = stage_heading_level(draft);
    let mut section = super::skeleton::cached_stage_section(
        pack,
        stage,
        problem_type,
        level,
        nl,
        interview_minutes,
    );
    if let Some(line) = line {
        section.push_str(line);
        section.push_str(nl);
        section.push_str(nl);
    }
    let before = draft.headings.iter().find(|h| {
        !h.stages.is_empty()
            && h.level <= level
            && h.stages.iter().all(|s| s > stage)
            && h.range.start >= draft.front_matter.body_start
            && at_line_start(text, h.range.start)
    });
    match before {
        Some(h) => Edit {
            range: h.range.start..h.range.start,
            new_text: section,
        },
        None => append_at_end(text, section, nl),
    }
}

/// Where a fix's line goes (see [`append_line`]).
#[derive(Debug, Clone, Copy)]
pub struct LinePlace<'a> {
    /// The stages the line belongs in, by preference (a fix's `stages`).
    pub stages: &'a [StageId],
    /// Without `stages`: the check's stage.
    pub scope: Scope,
    /// For a section that has to be created: its skeleton's variant and budget.
    pub problem_type: &'a str,
    pub interview_minutes: u32,
}

/// An edit adding `line` to the draft: at the end of the first of `place.stages` the draft
/// has; when it has none of them, in a new section of the first one, inserted at its place
/// in interview order; without `stages`, at the end of the `scope` stage's section, or of
/// the draft.
pub fn append_line(draft: &Draft, pack: &Pack, place: LinePlace, line: &str) -> Edit {
    let present = place.stages.iter().copied().find(|s| draft.has_stage(*s));
    if let (None, Some(&stage)) = (present, place.stages.first()) {
        return section_edit(
            draft,
            pack,
            stage,
            place.problem_type,
            place.interview_minutes,
            Some(line),
        );
    }
    let scope = present.or(place.scope);
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
    let (out, applied) = apply_edits_tracked(text, edits);
    (out, applied.len())
}

/// One applied edit: the range it replaced in the old text and the length of its new text.
#[derive(Debug, Clone)]
struct Applied {
    old: std::ops::Range<usize>,
    new_len: usize,
}

/// [`apply_edits`], also saying which edits were applied (in text order).
fn apply_edits_tracked(text: &str, edits: &[Edit]) -> (String, Vec<Applied>) {
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
    let mut applied = Vec::new();
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
        applied.push(Applied {
            old: e.range.clone(),
            new_len: e.new_text.len(),
        });
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Where a range of the old text stands after `applied` (text order): text inserted right
/// at its start goes before it, text inserted right at its end after it.
fn shift(r: &std::ops::Range<usize>, applied: &[Applied]) -> std::ops::Range<usize> {
    let mut start = r.start as isize;
    let mut end = r.end as isize;
    for a in applied {
        let delta = a.new_len as isize - a.old.len() as isize;
        if a.old.end <= r.start {
            start += delta;
        }
        if a.old.end < r.end || (a.old.end == r.end && !a.old.is_empty() && a.old.start < r.end) {
            end += delta;
        }
    }
    let start = start.max(0) as usize;
    start..(end.max(0) as usize).max(start)
}

/// The ranges of `new` (the text after `applied`) that `applied` inserted, without the
/// blank lines around them: a section appended after a blank line starts at its heading,
/// where the next section may still go.
fn inserted_ranges(new: &str, applied: &[Applied]) -> Vec<std::ops::Range<usize>> {
    let mut delta = 0isize;
    let mut out = Vec::with_capacity(applied.len());
    for a in applied {
        let start = (a.old.start as isize + delta).max(0) as usize;
        let inserted = new.get(start..start + a.new_len).unwrap_or("");
        let lead = inserted.len() - inserted.trim_start().len();
        let core = inserted.trim();
        if !core.is_empty() {
            out.push(start + lead..start + lead + core.len());
        }
        delta += a.new_len as isize - a.old.len() as isize;
    }
    out
}

/// Whether an edit would change text inside `r` (an insertion strictly inside it, or a
/// replacement overlapping it); an insertion at its very start or end only touches it.
fn lands_inside(e: &Edit, r: &std::ops::Range<usize>) -> bool {
    if e.range.is_empty() {
        r.start < e.range.start && e.range.start < r.end
    } else {
        e.range.start < r.end && r.start < e.range.end
    }
}

/// A fix [`fix_all_detailed`] applied: its rule, its title, and where its text stands in
/// the fixed text (the first edit's, for a fix of several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub rule: String,
    pub title: String,
    pub range: std::ops::Range<usize>,
}

/// What a fix pass made of a text.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    /// In the order they were applied.
    pub applied: Vec<AppliedFix>,
}

/// Applies fixes one at a time, re-linting after each, until none applies (at most
/// `MAX_FIXES`). A fix is kept only if no rule gains findings and, for a safe fix, its
/// own rule loses one; otherwise it is undone (say, a section that would land inside an
/// unclosed code fence). With `include_unsafe`, fixes that leave placeholders for the
/// writer are applied too, but never twice: a placeholder already in the text is not
/// inserted again. Text a fix inserted is never changed by another fix of the same pass
/// (no placeholder inside a placeholder). Returns the text and the number of fixes applied.
pub fn fix_all(
    text: &str,
    pack: &Pack,
    settings: &Settings,
    include_unsafe: bool,
) -> (String, usize) {
    let out = fix_all_detailed(text, pack, settings, include_unsafe);
    let n = out.applied.len();
    (out.text, n)
}

/// [`fix_all`], saying which fixes it applied and where.
pub fn fix_all_detailed(
    text: &str,
    pack: &Pack,
    settings: &Settings,
    include_unsafe: bool,
) -> FixOutcome {
    const MAX_FIXES: usize = 256;
    let mut current = text.to_string();
    let mut applied_fixes: Vec<AppliedFix> = Vec::new();
    // Text inserted by this pass, as ranges of `current`.
    let mut inserted: Vec<std::ops::Range<usize>> = Vec::new();
    // Fixes tried on the current text: (rule, text under the finding, fix title).
    let mut tried: Vec<(String, String, String)> = Vec::new();
    let mut report = lint(&current, pack, settings);
    while applied_fixes.len() < MAX_FIXES {
        let touches_inserted = |fx: &Fix| {
            fx.edits
                .iter()
                .any(|e| inserted.iter().any(|r| lands_inside(e, r)))
        };
        let next = report.findings.iter().find_map(|f| {
            f.fixes
                .iter()
                .filter(|fx| fx.safe || (include_unsafe && !already_applied(&current, fx)))
                .filter(|fx| !touches_inserted(fx))
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
        let title = fx.title.clone();
        let (candidate, applied) = apply_edits_tracked(&current, &fx.edits);
        tried.push(key);
        if applied.is_empty() || candidate == current {
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
        // A section's heading settles "missing" even while the section is still empty
        // (that finding carries no fix): count the findings the fix could address.
        let fixable_count = |findings: &[super::Finding], id: &str| {
            findings
                .iter()
                .filter(|f| f.rule == id && f.fixes.iter().any(|x| x.safe == safe))
                .count()
        };
        let own_drops =
            fixable_count(&after_report.findings, &rule) < fixable_count(&report.findings, &rule);
        if gains || (safe && !own_drops) {
            continue; // does not converge here: leave the text as it was
        }
        for r in inserted.iter_mut() {
            *r = shift(r, &applied);
        }
        for a in applied_fixes.iter_mut() {
            a.range = shift(&a.range, &applied);
        }
        let new_ranges = inserted_ranges(&candidate, &applied);
        if let Some(first) = new_ranges.first() {
            applied_fixes.push(AppliedFix {
                rule,
                title,
                range: first.clone(),
            });
        }
        inserted.extend(new_ranges);
        current = candidate;
        report = after_report;
        // The text changed, so fixes that failed before may work now.
        tried.clear();
    }
    FixOutcome {
        text: current,
        applied: applied_fixes,
    }
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
    fn ranges_follow_the_edits_around_them() {
        let text = "abcdef";
        // "cd" was inserted earlier; now text goes in before it, right at its start, right
        // at its end and after it.
        let edits = [ins(1, "X"), ins(2, "YY"), ins(4, "Z"), ins(6, "W")];
        let (out, applied) = apply_edits_tracked(text, &edits);
        assert_eq!(out, "aXbYYcdZefW");
        let cd = shift(&(2..4), &applied);
        assert_eq!(&out[cd], "cd");
        let new: Vec<&str> = inserted_ranges(&out, &applied)
            .into_iter()
            .map(|r| &out[r])
            .collect();
        assert_eq!(new, ["X", "YY", "Z", "W"]);
        assert!(lands_inside(&ins(3, "!"), &(2..4)));
        assert!(!lands_inside(&ins(2, "!"), &(2..4)));
        assert!(!lands_inside(&ins(4, "!"), &(2..4)));
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
