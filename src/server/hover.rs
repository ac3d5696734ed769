//! Hover: on a stage heading, what the stage should cover, its time budget against the
//! draft's estimate, and what the draft's level adds; on a finding, the rule's explanation
//! (the same `engine::explain` that `mlsd rule` prints) and, on a vague claim, typical
//! published figures of its kind; on a glossary term, its definition.

use super::analysis::Analysis;
use super::symbols::{budget, heading_at, minutes, title_summary};
use crate::engine::draft::Draft;
use crate::engine::explain::{explain, typical_figures};
use crate::engine::Report;
use crate::pack::Level;
use crate::rules::{GlossaryEntry, Pack, Rule};
use std::ops::Range;
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// Findings explained in full in one hover; the rest get a line each.
const MAX_EXPLAINED: usize = 3;

pub fn hover(a: &Analysis, pos: Position) -> Option<Hover> {
    if !a.enabled {
        return None;
    }
    let map = a.map();
    let text = a.text();
    let off = map.offset(pos);
    let pack = a.pack();
    a.with_report(|draft, report| {
        let mut parts: Vec<String> = Vec::new();
        let mut range: Option<Range<usize>> = None;
        if let Some((i, r)) = heading_at(draft, text, off) {
            if let Some(md) = heading_hover(draft, report, pack, i) {
                parts.push(md);
                range = Some(r);
            }
        }
        // The narrowest findings first; past a few, one line each (a title can carry many).
        let mut here: Vec<&crate::engine::Finding> = report
            .findings
            .iter()
            .filter(|f| f.range.start <= off && off <= f.range.end)
            .collect();
        here.sort_by_key(|f| f.range.len());
        let mut seen: Vec<&str> = Vec::new();
        let mut brief: Vec<String> = Vec::new();
        for f in here {
            let Some(rule) = pack.rule(&f.rule) else {
                continue;
            };
            if seen.contains(&f.rule.as_str()) {
                continue;
            }
            seen.push(&f.rule);
            if seen.len() <= MAX_EXPLAINED {
                parts.push(explain(rule));
                // A vague claim of a known kind: what others have published for it.
                if let Some(figures) = f.category.as_deref().and_then(|c| {
                    typical_figures(&pack.numbers, &report.context.problem_type, Some(c), 4)
                }) {
                    parts.push(figures);
                }
                range.get_or_insert(f.range.clone());
            } else {
                brief.push(format!(
                    "- `{}` — {} (`mlsd rule {}`)",
                    rule.id, rule.summary, rule.id
                ));
            }
        }
        if !brief.is_empty() {
            parts.push(format!("Also here:\n\n{}", brief.join("\n")));
        }
        if let Some((entry, r)) =
            glossary_at(&pack.glossary, text, &map.line_range(map.line_of(off)), off)
        {
            parts.push(glossary_hover(entry));
            range.get_or_insert(r);
        }
        (!parts.is_empty()).then(|| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: range.map(|r| map.range(&r)),
        })
    })
}

fn heading_hover(draft: &Draft, report: &Report, pack: &Pack, i: usize) -> Option<String> {
    let h = draft.headings.get(i)?;
    let mut out = Vec::new();
    if draft.headings.iter().position(|x| x.level == 1) == Some(i) {
        out.push(format!("**{}**\n\n{}", h.text, title_summary(report)));
    }
    let wpm = report.context.words_per_minute;
    for s in h.stages.iter() {
        let (Some(stage), Some(prof)) = (
            pack.stages.get(s as usize),
            report.profile.stages.get(s as usize),
        ) else {
            continue;
        };
        let mut md = format!(
            "### {}\n\n{}\n\n**Cover:** {}\n\n",
            stage.heading, stage.guidance, stage.prompt
        );
        let shared = if prof.budget_shared_with.is_empty() {
            String::new()
        } else {
            format!(" together with {}", prof.budget_shared_with.join(", "))
        };
        let draft_time = format!(
            "this draft ≈ {} min ({} words at {} words/min)",
            minutes(prof.minutes),
            prof.words,
            budget(wpm)
        );
        match prof.budget_minutes {
            Some(b) => md.push_str(&format!(
                "**Time:** budget ≈ {} min{shared} · {draft_time}",
                budget(b)
            )),
            None => md.push_str(&format!("**Time:** {draft_time}")),
        }
        out.push(md);
    }
    if !h.stages.is_empty() {
        out.push(level_adds(
            pack,
            report.context.level,
            &report.context.problem_type,
        ));
    }
    (!out.is_empty()).then(|| out.join("\n\n"))
}

/// The rules that start or get stricter at `level`, with their summaries.
pub fn level_adds(pack: &Pack, level: Level, problem_type: &str) -> String {
    let applies =
        |r: &&Rule| r.problem_types.is_empty() || r.problem_types.iter().any(|t| t == problem_type);
    let lines: Vec<String> = pack
        .rules
        .iter()
        .filter(applies)
        .filter_map(|r| {
            if r.min_level == Some(level) {
                let sev = r
                    .severity_at(level)
                    .map_or("on".to_string(), |s| s.to_string());
                Some(format!(
                    "- `{}` — {} (starts at {level}, {sev})",
                    r.id, r.summary
                ))
            } else {
                r.severity_from
                    .iter()
                    .find(|(l, _)| *l == level)
                    .map(|(_, s)| format!("- `{}` — {} ({s} from {level})", r.id, r.summary))
            }
        })
        .collect();
    if lines.is_empty() {
        format!("**At {level}** (this draft's level) no rule starts or gets stricter.")
    } else {
        format!(
            "**At {level}** (this draft's level) these rules start or get stricter:\n\n{}",
            lines.join("\n")
        )
    }
}

fn glossary_hover(entry: &GlossaryEntry) -> String {
    let names: Vec<String> = entry.terms.iter().map(|t| format!("**{t}**")).collect();
    format!("{} — {}", names.join(", "), entry.definition)
}

/// The glossary entry whose term (the longest, case-insensitive, whole words) covers
/// `offset` on the line `line`.
pub fn glossary_at<'p>(
    glossary: &'p [GlossaryEntry],
    text: &str,
    line: &Range<usize>,
    offset: usize,
) -> Option<(&'p GlossaryEntry, Range<usize>)> {
    let hay = text.get(line.clone())?.to_ascii_lowercase();
    let mut best: Option<(&GlossaryEntry, Range<usize>)> = None;
    for entry in glossary {
        for term in &entry.terms {
            let needle = term.trim().to_ascii_lowercase();
            if needle.is_empty() {
                continue;
            }
            for (i, _) in hay.match_indices(&needle) {
                let (s, e) = (line.start + i, line.start + i + needle.len());
                if !(s <= offset && offset <= e && whole_word(&hay, i, i + needle.len())) {
                    continue;
                }
                if best.as_ref().is_none_or(|(_, r)| r.len() < e - s) {
                    best = Some((entry, s..e));
                }
            }
        }
    }
    best
}

fn whole_word(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_terms_match_whole_words_longest_first() {
        let g = vec![
            GlossaryEntry {
                terms: vec!["feature".into()],
                definition: "one".into(),
            },
            GlossaryEntry {
                terms: vec!["Feature store".into(), "FS".into()],
                definition: "two".into(),
            },
        ];
        let text = "We use a feature store, not features.";
        let line = 0..text.len();
        let at = text.find("store").unwrap_or(0);
        let (e, r) = glossary_at(&g, text, &line, at).unwrap_or_else(|| unreachable!());
        assert_eq!((e.definition.as_str(), &text[r]), ("two", "feature store"));
        let at = text.find("features").unwrap_or(0) + 2;
        assert!(glossary_at(&g, text, &line, at).is_none());
    }
}
