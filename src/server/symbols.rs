//! The outline and the time lens: document symbols (the real heading tree, each stage with
//! its coverage), code lenses on stage headings and the title, inlay hints with the same
//! per-stage figure. All figures come from `engine::profile`.

use super::analysis::Analysis;
use crate::engine::draft::{Draft, Heading};
use crate::engine::profile::section_stats;
use crate::engine::Report;
use crate::rules::Pack;
use std::ops::Range;
use tower_lsp::lsp_types::{
    CodeLens, Command, DocumentSymbol, DocumentSymbolResponse, InlayHint, InlayHintLabel, Location,
    Range as LspRange, SymbolInformation, SymbolKind,
};

/// The time figures of one heading that names stages.
#[derive(Debug, Clone, PartialEq)]
pub struct StageFigures {
    pub stages: Vec<String>,
    pub words: usize,
    pub numbers: usize,
    pub minutes: f64,
    /// The budgets of the stages' budget groups, summed (each group once).
    pub budget: Option<f64>,
}

/// One decimal ("2.7").
pub fn minutes(x: f64) -> String {
    format!("{x:.1}")
}

/// A budget as written in the pack: "5", "2.5".
pub fn budget(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

pub fn figures(
    draft: &Draft,
    pack: &Pack,
    report: &Report,
    heading: usize,
) -> Option<StageFigures> {
    let h = draft.headings.get(heading)?;
    if h.stages.is_empty() {
        return None;
    }
    let (words, numbers) = section_stats(draft, heading);
    let wpm = report.context.words_per_minute.max(1.0);
    let interview = report.context.minutes;
    let mut groups: Vec<usize> = Vec::new();
    for s in h.stages.iter() {
        if let Some(g) = pack.budgets.iter().position(|b| b.stages.contains(s)) {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    Some(StageFigures {
        stages: h
            .stages
            .iter()
            .filter_map(|s| pack.stages.get(s as usize).map(|st| st.id.clone()))
            .collect(),
        words,
        numbers,
        minutes: ((words as f64 / wpm) * 10.0).round() / 10.0,
        budget: (!groups.is_empty()).then(|| {
            groups
                .iter()
                .map(|g| pack.budget_for(&pack.budgets[*g], interview))
                .sum()
        }),
    })
}

/// "≈ 3.2 of 5 min" (or "≈ 3.2 min" without a budget).
pub fn time_label(f: &StageFigures) -> String {
    match f.budget {
        Some(b) => format!("≈ {} of {} min", minutes(f.minutes), budget(b)),
        None => format!("≈ {} min", minutes(f.minutes)),
    }
}

/// "data · 412 words · 6 numbers · ≈ 2.7 of 5 min".
pub fn stage_detail(f: &StageFigures) -> String {
    format!(
        "{} · {} words · {} numbers · {}",
        f.stages.join(" + "),
        f.words,
        f.numbers,
        time_label(f)
    )
}

/// "8/11 stages · missing: features, monitoring · data 24% (aim 30–40%) · L5 · ≈ 41 min".
pub fn title_summary(report: &Report) -> String {
    let p = &report.profile;
    let mut parts = vec![format!("{}/{} stages", p.stages_covered, p.stages_total)];
    if !p.missing_stages.is_empty() {
        parts.push(format!("missing: {}", p.missing_stages.join(", ")));
    }
    if let Some(share) = p.data_share_text() {
        let aim = p
            .data_share_aim_text()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        parts.push(format!("data {share}{aim}"));
    }
    parts.push(p.level.clone());
    parts.push(format!("≈ {} min", p.minutes.round()));
    parts.join(" · ")
}

/// The title's outline detail: the stages still missing, so the outline is a checklist.
fn title_detail(report: &Report) -> String {
    let p = &report.profile;
    if p.missing_stages.is_empty() {
        format!(
            "{}/{} stages · all present",
            p.stages_covered, p.stages_total
        )
    } else {
        format!(
            "{}/{} stages · missing: {}",
            p.stages_covered,
            p.stages_total,
            p.missing_stages.join(", ")
        )
    }
}

/// Index of the title heading (the first H1).
fn title_index(draft: &Draft) -> Option<usize> {
    draft.headings.iter().position(|h| h.level == 1)
}

/// The heading's own range, without trailing line breaks.
fn heading_range(text: &str, h: &Heading) -> Range<usize> {
    let end = h.range.end.min(text.len());
    let start = h.range.start.min(end);
    let trimmed = text[start..end].trim_end_matches(['\n', '\r']).len();
    start..start + trimmed
}

/// The heading's section: from the heading to the next heading of the same or a higher
/// level, trailing blank lines left out.
fn section_range(text: &str, draft: &Draft, i: usize) -> Range<usize> {
    let h = &draft.headings[i];
    let end = draft.headings[i + 1..]
        .iter()
        .find(|x| x.level <= h.level)
        .map_or(text.len(), |x| x.range.start);
    let own = heading_range(text, h);
    let end = end.clamp(own.end, text.len());
    let trimmed = text[own.end..end].trim_end().len();
    own.start..own.end + trimmed
}

fn name(h: &Heading) -> String {
    if h.text.trim().is_empty() {
        "(empty heading)".to_string()
    } else {
        h.text.clone()
    }
}

fn detail(draft: &Draft, pack: &Pack, report: &Report, i: usize) -> String {
    let mut parts = Vec::new();
    if title_index(draft) == Some(i) {
        parts.push(title_detail(report));
    }
    match figures(draft, pack, report, i) {
        Some(f) => parts.push(stage_detail(&f)),
        None if title_index(draft) != Some(i) => {
            let (w, n) = section_stats(draft, i);
            parts.push(format!("{w} words · {n} numbers"));
        }
        None => {}
    }
    parts.join(" · ")
}

#[allow(deprecated)]
pub fn document_symbols(a: &Analysis, hierarchical: bool) -> DocumentSymbolResponse {
    if !a.enabled {
        return DocumentSymbolResponse::Nested(Vec::new());
    }
    a.with_report(|draft, report| {
        let map = a.map();
        let text = a.text();
        // (level, symbol) stack: a heading closes every open one of the same or a deeper level.
        let mut roots: Vec<DocumentSymbol> = Vec::new();
        let mut stack: Vec<(u8, DocumentSymbol)> = Vec::new();
        fn attach(
            roots: &mut Vec<DocumentSymbol>,
            stack: &mut [(u8, DocumentSymbol)],
            s: DocumentSymbol,
        ) {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(s),
                None => roots.push(s),
            }
        }
        for (i, h) in draft.headings.iter().enumerate() {
            while stack.last().is_some_and(|(l, _)| *l >= h.level) {
                if let Some((_, s)) = stack.pop() {
                    attach(&mut roots, &mut stack, s);
                }
            }
            let kind = if h.level == 1 {
                SymbolKind::MODULE
            } else if h.stages.is_empty() {
                SymbolKind::STRING
            } else {
                SymbolKind::NAMESPACE
            };
            stack.push((
                h.level,
                DocumentSymbol {
                    name: name(h),
                    detail: Some(detail(draft, a.pack(), report, i)),
                    kind,
                    tags: None,
                    deprecated: None,
                    range: map.range(&section_range(text, draft, i)),
                    selection_range: map.range(&heading_range(text, h)),
                    children: None,
                },
            ));
        }
        while let Some((_, s)) = stack.pop() {
            attach(&mut roots, &mut stack, s);
        }
        if hierarchical {
            DocumentSymbolResponse::Nested(roots)
        } else {
            let mut flat = Vec::new();
            flatten(&roots, None, &a.snap.uri, &mut flat);
            DocumentSymbolResponse::Flat(flat)
        }
    })
}

#[allow(deprecated)]
fn flatten(
    syms: &[DocumentSymbol],
    container: Option<&str>,
    uri: &tower_lsp::lsp_types::Url,
    out: &mut Vec<SymbolInformation>,
) {
    for s in syms {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: s.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), s.range),
            container_name: container.map(str::to_string),
        });
        if let Some(children) = &s.children {
            flatten(children, Some(&s.name), uri, out);
        }
    }
}

fn lens(range: LspRange, title: String) -> CodeLens {
    CodeLens {
        range,
        // No command to run: the title is the information.
        command: Some(Command {
            title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}

/// A lens on the title (the draft's summary) and one on each stage heading (its time).
pub fn code_lenses(a: &Analysis) -> Vec<CodeLens> {
    if !a.enabled {
        return Vec::new();
    }
    a.with_assessment(|draft, assessed| {
        let report = &assessed.report;
        let map = a.map();
        let text = a.text();
        let mut out = Vec::new();
        let title = match title_index(draft) {
            Some(t) => map.range(&heading_range(text, &draft.headings[t])),
            None => {
                let at = draft.front_matter.body_start.min(text.len());
                map.range(&(at..at))
            }
        };
        if !a.pack().scorecard.is_empty() {
            out.push(super::score::lens(a, &assessed.scorecard, title));
        }
        out.push(lens(title, title_summary(report)));
        for (i, h) in draft.headings.iter().enumerate() {
            if let Some(f) = figures(draft, a.pack(), report, i) {
                out.push(lens(map.range(&heading_range(text, h)), time_label(&f)));
            }
        }
        out
    })
}

/// The per-stage figure at the end of each stage heading inside `range`.
pub fn inlay_hints(a: &Analysis, range: LspRange) -> Vec<InlayHint> {
    if !a.enabled {
        return Vec::new();
    }
    a.with_report(|draft, report| {
        let map = a.map();
        let text = a.text();
        let want = map.offsets(range);
        draft
            .headings
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let own = heading_range(text, h);
                if own.end < want.start || own.start > want.end {
                    return None;
                }
                let f = figures(draft, a.pack(), report, i)?;
                Some(InlayHint {
                    position: map.position(own.end),
                    label: InlayHintLabel::String(time_label(&f)),
                    kind: None,
                    text_edits: None,
                    tooltip: None,
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
            })
            .collect()
    })
}

/// For hover: the byte range of the heading at `offset`, with its index.
pub fn heading_at(draft: &Draft, text: &str, offset: usize) -> Option<(usize, Range<usize>)> {
    draft.headings.iter().enumerate().find_map(|(i, h)| {
        let r = heading_range(text, h);
        (r.start <= offset && offset <= r.end).then_some((i, r))
    })
}
