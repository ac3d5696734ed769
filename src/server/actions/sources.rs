//! Source actions: fix all, add all missing sections, insert the skeleton. Each works from
//! the current snapshot and comes back as minimal, versioned edits.

use super::edits::{minimal_edits, workspace_edit};
use super::{ADD_SECTIONS, FIX_ALL, SKELETON};
use crate::engine::draft::Draft;
use crate::engine::fix::{apply_edits, fix_all, insert_stage_section, line_ending};
use crate::engine::skeleton::{self, SkeletonOptions};
use crate::engine::{resolve_context, Settings};
use crate::pack::StageId;
use crate::rules::Pack;
use crate::server::analysis::Analysis;
use crate::server::state::ClientInfo;
use serde::{Deserialize, Serialize};
use tower_lsp::lsp_types::{CodeActionKind, Url, WorkspaceEdit};

/// What a source action does; travels in `CodeAction.data` until resolved.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    FixAll,
    AddSections,
    Skeleton,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolveData {
    pub uri: Url,
    pub source: Source,
}

impl Source {
    pub fn kind(self) -> CodeActionKind {
        CodeActionKind::new(match self {
            Source::FixAll => FIX_ALL,
            Source::AddSections => ADD_SECTIONS,
            Source::Skeleton => SKELETON,
        })
    }

    pub(super) fn title(self) -> &'static str {
        match self {
            Source::FixAll => "Fix all safe mlsd findings",
            Source::AddSections => "Add all missing sections",
            Source::Skeleton => "Insert interview skeleton",
        }
    }

    /// The document's new text, or `None` when there is nothing to do.
    pub fn apply(self, a: &Analysis) -> Option<String> {
        let text = a.text();
        let new = match self {
            Source::FixAll => fix_all(text, a.pack(), &a.settings, false).0,
            Source::AddSections => add_missing_sections(text, a.pack(), &a.settings),
            // Only into an (almost) empty draft: a skeleton under a written answer would
            // repeat its sections.
            Source::Skeleton if !a.near_empty() => return None,
            Source::Skeleton => insert_skeleton(&a.draft(), a.pack(), &a.settings),
        };
        (new != text).then_some(new)
    }
}

/// Every stage the draft lacks, each inserted where the engine's fix puts it, in
/// interview order.
pub fn add_missing_sections(text: &str, pack: &Pack, settings: &Settings) -> String {
    let mut cur = text.to_string();
    for i in 0..pack.stages.len() {
        let id = i as StageId;
        let next = {
            let draft = Draft::parse(&cur, pack);
            if draft.has_stage(id) {
                continue;
            }
            let ctx = resolve_context(&draft, pack, settings);
            let fix = insert_stage_section(&draft, pack, id, &ctx.problem_type, ctx.minutes);
            apply_edits(&cur, &fix.edits).0
        };
        cur = next;
    }
    cur
}

/// The skeleton (`engine::skeleton`) for a (nearly) empty draft: front matter, title and
/// the words already written are kept; the stages follow.
pub fn insert_skeleton(draft: &Draft, pack: &Pack, settings: &Settings) -> String {
    let text = draft.text;
    let nl = line_ending(text);
    let fm = &draft.front_matter;
    let ctx = resolve_context(draft, pack, settings);
    let title = draft.title().map(|h| h.text.clone());
    let question = fm.question.clone().or(title.clone());
    let opts = SkeletonOptions {
        problem_type: Some(&ctx.problem_type),
        level: Some(ctx.level),
        company: fm.company.as_deref(),
        question: question.as_deref(),
        minutes: Some(ctx.minutes),
    };
    if text.trim().is_empty() {
        return skeleton::render(pack, &opts, nl);
    }
    let mut out = String::new();
    let body_start = fm.body_start.min(text.len());
    if fm.range.is_empty() {
        out.push_str(&skeleton::front_matter(&opts, nl));
        out.push_str(nl);
    } else {
        out.push_str(&text[..body_start]);
        if !out.ends_with(['\n', '\r']) {
            out.push_str(nl);
        }
    }
    let rest = match draft.title() {
        Some(h) => {
            let end = h.range.end.min(text.len()).max(body_start);
            out.push_str(text[body_start..end].trim_end());
            text[end..].to_string()
        }
        None => {
            let rendered = skeleton::render(pack, &opts, nl);
            let title_line = rendered
                .split(nl)
                .find(|l| l.starts_with("# "))
                .unwrap_or("# Design an ML system")
                .to_string();
            out.push_str(&title_line);
            text[body_start..].to_string()
        }
    };
    out.push_str(nl);
    out.push_str(nl);
    let rest = rest.trim();
    if !rest.is_empty() {
        out.push_str(rest);
        out.push_str(nl);
        out.push_str(nl);
    }
    for i in 0..pack.stages.len() {
        out.push_str(&skeleton::stage_section(
            pack,
            i as StageId,
            &ctx.problem_type,
            2,
            nl,
            ctx.minutes,
        ));
    }
    while out.ends_with(&format!("{nl}{nl}")) {
        out.truncate(out.len() - nl.len());
    }
    out
}

/// A source action's edit, computed now.
pub fn source_edit(a: &Analysis, source: Source, info: &ClientInfo) -> Option<WorkspaceEdit> {
    let new = source.apply(a)?;
    let map = a.map();
    let edits = minimal_edits(a.text(), &new)
        .iter()
        .map(|e| map.text_edit(e))
        .collect();
    Some(workspace_edit(
        info,
        &a.snap.uri,
        Some(a.snap.version),
        edits,
    ))
}

/// Which source actions fit this draft now.
pub fn offered_sources(a: &Analysis) -> Vec<Source> {
    let mut out = Vec::new();
    if a.enabled {
        let (safe, missing) = a.with_report(|_, r| {
            (
                r.findings.iter().any(|f| f.fixes.iter().any(|x| x.safe)),
                !r.profile.missing_stages.is_empty(),
            )
        });
        if safe {
            out.push(Source::FixAll);
        }
        if missing {
            out.push(Source::AddSections);
        }
    }
    if a.near_empty() {
        out.push(Source::Skeleton);
    }
    out
}
