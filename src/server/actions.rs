//! Code actions and the edits behind the commands.
//!
//! Quick fixes come from the diagnostic's `data` (the engine's fixes, serialised at lint
//! time), so they need no re-lint. Per diagnostic there are also "disable on this line",
//! "disable in this file" and — for findings of a `term-without` check — "allow this phrase
//! in this workspace". Source actions (fix all, add all missing sections, insert the
//! skeleton) work from the current snapshot and come back as minimal, versioned edits.

use super::analysis::Analysis;
use super::convert::{self, LineMap};
use super::state::{ClientInfo, State};
use crate::engine::draft::Draft;
use crate::engine::fix::{apply_edits, fix_all, insert_stage_section, line_ending};
use crate::engine::skeleton::{self, SkeletonOptions};
use crate::engine::suppress::{self, Directive};
use crate::engine::{resolve_context, Edit, Settings};
use crate::pack::StageId;
use crate::rules::Pack;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, CreateFile, CreateFileOptions,
    Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range as LspRange, ResourceOp,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

pub const FIX_ALL: &str = "source.fixAll.mlsd";
pub const ADD_SECTIONS: &str = "source.addMissingSections.mlsd";
pub const SKELETON: &str = "source.insertSkeleton.mlsd";

pub const CMD_FIX_ALL: &str = "mlsd.fixAll";
pub const CMD_ADD_SECTIONS: &str = "mlsd.addMissingSections";
pub const CMD_SKELETON: &str = "mlsd.insertSkeleton";
pub const CMD_SHOW_RULE: &str = "mlsd.showRule";
pub const CMD_ALLOW: &str = "mlsd.allowPhrase";

/// The check kind whose findings may be allowed workspace-wide.
const ALLOWABLE_KIND: &str = "term-without";

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

    fn title(self) -> &'static str {
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
            Source::Skeleton => insert_skeleton(text, a.pack(), &a.settings),
        };
        (new != text).then_some(new)
    }
}

/// A workspace edit of one document: versioned when the client takes document changes.
pub fn workspace_edit(
    info: &ClientInfo,
    uri: &Url,
    version: Option<i32>,
    edits: Vec<TextEdit>,
) -> WorkspaceEdit {
    if info.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The edits that turn `old` into `new`: one per changed stretch (a line diff, each hunk
/// trimmed to the characters that differ) — never a whole-document replacement unless
/// everything changed.
pub fn minimal_edits(old: &str, new: &str) -> Vec<Edit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let line_offsets = |slices: &[&str]| {
        let mut v = Vec::with_capacity(slices.len() + 1);
        let mut at = 0;
        v.push(0);
        for s in slices {
            at += s.len();
            v.push(at);
        }
        v
    };
    let old_at = line_offsets(diff.old_slices());
    let new_at = line_offsets(diff.new_slices());
    let mut edits: Vec<Edit> = Vec::new();
    let mut hunk: Option<(Range<usize>, Range<usize>)> = None;
    let flush = |h: Option<(Range<usize>, Range<usize>)>, edits: &mut Vec<Edit>| {
        if let Some((o, n)) = h {
            let (o, n) = trim_common(&old[o.clone()], &new[n.clone()], o, n);
            edits.push(Edit {
                range: o,
                new_text: new[n].to_string(),
            });
        }
    };
    for op in diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        let o = old_at[o.start]..old_at[o.end];
        let n = new_at[n.start]..new_at[n.end];
        if tag == similar::DiffTag::Equal {
            flush(hunk.take(), &mut edits);
        } else {
            hunk = Some(match hunk.take() {
                Some((ho, hn)) => (ho.start..o.end, hn.start..n.end),
                None => (o, n),
            });
        }
    }
    flush(hunk.take(), &mut edits);
    edits
}

/// Narrows a replaced stretch to the characters that differ.
fn trim_common(
    o: &str,
    n: &str,
    or: Range<usize>,
    nr: Range<usize>,
) -> (Range<usize>, Range<usize>) {
    let prefix: usize = o
        .chars()
        .zip(n.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (o2, n2) = (&o[prefix..], &n[prefix..]);
    let suffix: usize = o2
        .chars()
        .rev()
        .zip(n2.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (
        or.start + prefix..or.end - suffix,
        nr.start + prefix..nr.end - suffix,
    )
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
pub fn insert_skeleton(text: &str, pack: &Pack, settings: &Settings) -> String {
    let nl = line_ending(text);
    let draft = Draft::parse(text, pack);
    let fm = &draft.front_matter;
    let ctx = resolve_context(&draft, pack, settings);
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

fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.as_ref().is_none_or(|list| {
        list.iter().any(|k| {
            let k = k.as_str();
            kind.as_str() == k || kind.as_str().starts_with(&format!("{k}."))
        })
    })
}

/// Where "allow this phrase" writes, and what the file holds now.
pub struct AllowTarget {
    pub uri: Url,
    /// Text and version when the file is open in the editor; text from disk otherwise;
    /// `None` when it does not exist.
    pub current: Option<(String, Option<i32>)>,
}

/// The allow target for a code-action request, when one of its diagnostics is allowable.
/// Blocking (reads the config from disk when it is not open).
pub fn allow_target(
    state: &State,
    a: &Analysis,
    diagnostics: &[Diagnostic],
) -> Option<AllowTarget> {
    let any = diagnostics
        .iter()
        .filter_map(convert::rule_of)
        .any(|r| allowable(a.pack(), r));
    if !any {
        return None;
    }
    let path = state.workspace.config_target(&a.snap.uri)?;
    let uri = Url::from_file_path(&path).ok()?;
    let current = match state.docs.snapshot(&uri) {
        Some(s) => Some((s.text, Some(s.version))),
        None => std::fs::read_to_string(&path).ok().map(|t| (t, None)),
    };
    Some(AllowTarget { uri, current })
}

/// `mlsd.allowPhrase`: adds the phrase to the workspace config on disk (creating it), for
/// clients that cannot create files through an edit. Returns the file written. Blocking.
pub fn write_allow(state: &State, uri: &Url, phrase: &str) -> Result<PathBuf, String> {
    let path = state
        .workspace
        .config_target(uri)
        .ok_or_else(|| "this document has no folder to hold a .mlsd.toml".to_string())?;
    let new = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let e = allow_edit(&text, phrase).ok_or_else(|| {
                format!("cannot add “{phrase}” to the allow list of {} (already there, or the file does not parse)", path.display())
            })?;
            apply_edits(&text, &[e]).0
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => new_config_text(phrase),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    std::fs::write(&path, new).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// All code actions for a range: per-diagnostic quick fixes and the source actions.
pub fn code_actions(
    a: &Analysis,
    diagnostics: &[Diagnostic],
    only: &Option<Vec<CodeActionKind>>,
    info: &ClientInfo,
    allow_target: Option<&AllowTarget>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for d in diagnostics {
            let Some(rule) = convert::rule_of(d) else {
                continue;
            };
            out.extend(fixes_for(a, d, rule, info));
            out.extend(disable_actions(a, d, rule, info));
            if let Some(t) = allow_target {
                out.extend(allow_action(a, d, rule, info, t));
            }
        }
    }
    for source in offered_sources(a) {
        if !wanted(only, &source.kind()) {
            continue;
        }
        let mut action = CodeAction {
            title: source.title().to_string(),
            kind: Some(source.kind()),
            ..CodeAction::default()
        };
        if info.resolve_code_actions {
            action.data = serde_json::to_value(ResolveData {
                uri: a.snap.uri.clone(),
                source,
            })
            .ok();
        } else {
            match source_edit(a, source, info) {
                Some(edit) => action.edit = Some(edit),
                None => continue,
            }
        }
        out.push(CodeActionOrCommand::CodeAction(action));
    }
    out
}

fn quick_fix(
    title: String,
    d: &Diagnostic,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    })
}

/// The engine's fixes, read back from the diagnostic's `data`. A client that does not keep
/// `data` (no `dataSupport`) gets them from a lint of the current text instead.
fn fixes_for(
    a: &Analysis,
    d: &Diagnostic,
    rule: &str,
    info: &ClientInfo,
) -> Vec<CodeActionOrCommand> {
    let data = match convert::data_of(d) {
        Some(data) => data,
        None if d.data.is_none() && !info.diagnostic_data && a.enabled => {
            a.with_report(|_, report| {
                let map = a.map();
                let fixes = report
                    .findings
                    .iter()
                    .find(|f| f.rule == rule && map.range(&f.range) == d.range)
                    .map(|f| f.fixes.iter().map(|x| convert::fix_data(x, &map)).collect())
                    .unwrap_or_default();
                convert::DiagnosticData {
                    version: a.snap.version,
                    fixes,
                }
            })
        }
        None => return Vec::new(),
    };
    data.fixes
        .into_iter()
        .enumerate()
        .map(|(i, fx)| {
            let edit = workspace_edit(info, &a.snap.uri, Some(data.version), fx.edits);
            quick_fix(fx.title, d, edit, i == 0 && fx.safe)
        })
        .collect()
}

fn disable_actions(
    a: &Analysis,
    d: &Diagnostic,
    rule: &str,
    info: &ClientInfo,
) -> Vec<CodeActionOrCommand> {
    let text = a.text();
    let map = a.map();
    let nl = line_ending(text);
    let fm = crate::engine::front_matter::parse(text);
    let body_start = fm.body_start.min(text.len());
    let mut out = Vec::new();
    let start = map.offset(d.range.start);
    if start >= body_start {
        let line = map.line_range(map.line_of(start));
        let sep = if text[line.clone()].ends_with([' ', '\t']) || line.is_empty() {
            ""
        } else {
            " "
        };
        let edit = Edit {
            range: line.end..line.end,
            new_text: format!("{sep}{}", suppress::comment(Directive::DisableLine, rule)),
        };
        out.push(quick_fix(
            format!("Disable {rule} on this line"),
            d,
            workspace_edit(
                info,
                &a.snap.uri,
                Some(a.snap.version),
                vec![map.text_edit(&edit)],
            ),
            false,
        ));
    }
    let lead = if body_start > 0 && !text[..body_start].ends_with(['\n', '\r']) {
        nl
    } else {
        ""
    };
    let edit = Edit {
        range: body_start..body_start,
        new_text: format!(
            "{lead}{}{nl}",
            suppress::comment(Directive::DisableFile, rule)
        ),
    };
    out.push(quick_fix(
        format!("Disable {rule} in this file"),
        d,
        workspace_edit(
            info,
            &a.snap.uri,
            Some(a.snap.version),
            vec![map.text_edit(&edit)],
        ),
        false,
    ));
    out
}

/// Whether findings of `rule` may be allowed as phrases (it has a `term-without` check).
pub fn allowable(pack: &Pack, rule: &str) -> bool {
    pack.rule(rule)
        .is_some_and(|r| r.checks.iter().any(|c| c.kind_name() == ALLOWABLE_KIND))
}

fn allow_action(
    a: &Analysis,
    d: &Diagnostic,
    rule: &str,
    info: &ClientInfo,
    target: &AllowTarget,
) -> Option<CodeActionOrCommand> {
    if !allowable(a.pack(), rule) {
        return None;
    }
    let map = a.map();
    let phrase = a.text().get(map.offsets(d.range))?.trim().to_string();
    if phrase.is_empty() || phrase.len() > 80 || phrase.contains(['\n', '\r']) {
        return None;
    }
    let title = format!("Allow “{phrase}” in this workspace");
    let edit = match &target.current {
        Some((text, version)) => {
            let e = allow_edit(text, &phrase)?;
            let tmap = LineMap::new(text, a.enc);
            Some(workspace_edit(
                info,
                &target.uri,
                *version,
                vec![tmap.text_edit(&e)],
            ))
        }
        None if info.document_changes && info.create_files => Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: target.uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: target.uri.clone(),
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit::new(
                        LspRange::new(Position::new(0, 0), Position::new(0, 0)),
                        new_config_text(&phrase),
                    ))],
                }),
            ])),
            ..WorkspaceEdit::default()
        }),
        None => None,
    };
    let mut action = CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        ..CodeAction::default()
    };
    match edit {
        Some(e) => action.edit = Some(e),
        // The client cannot create files: the server writes the config itself.
        None => {
            action.command = Some(Command {
                title: action.title.clone(),
                command: CMD_ALLOW.to_string(),
                arguments: Some(vec![
                    serde_json::Value::String(a.snap.uri.to_string()),
                    serde_json::Value::String(phrase),
                ]),
            })
        }
    }
    Some(CodeActionOrCommand::CodeAction(action))
}

/// A TOML string literal.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A new `.mlsd.toml` allowing one phrase.
pub fn new_config_text(phrase: &str) -> String {
    format!("allow = [{}]\n", toml_string(phrase))
}

/// The edit adding `phrase` to the `allow` list of a config's text: into the existing
/// top-level array, or a new `allow = [...]` line at the top. `None` when the file does not
/// parse, already allows the phrase, or the edit would not produce the intended list.
pub fn allow_edit(text: &str, phrase: &str) -> Option<Edit> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let nl = line_ending(text);
    let edit = match table.get("allow") {
        Some(toml::Value::Array(items)) => {
            if items.iter().any(|v| v.as_str() == Some(phrase)) {
                return None;
            }
            let mut at = 0;
            let mut found = None;
            for line in text.split_inclusive('\n') {
                let t = line.trim_start();
                if t.starts_with('[') {
                    break; // top-level keys come before the first table
                }
                if let Some(rest) = t.strip_prefix("allow") {
                    let rest_t = rest.trim_start();
                    if let Some(after_eq) = rest_t.strip_prefix('=') {
                        if let Some(b) = after_eq.find('[') {
                            let col = line.len() - after_eq.len() + b + 1;
                            found = Some(at + col);
                            break;
                        }
                    }
                }
                at += line.len();
            }
            let pos = found?;
            let sep = if items.is_empty() { "" } else { ", " };
            Edit {
                range: pos..pos,
                new_text: format!("{}{sep}", toml_string(phrase)),
            }
        }
        Some(_) => return None,
        None => Edit {
            range: 0..0,
            new_text: format!("allow = [{}]{nl}", toml_string(phrase)),
        },
    };
    // Prove it: the edited file parses and allows the phrase.
    let (after, _) = apply_edits(text, std::slice::from_ref(&edit));
    let t: toml::Table = toml::from_str(&after).ok()?;
    let ok = t
        .get("allow")
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(phrase)));
    ok.then_some(edit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, edits: &[Edit]) -> String {
        apply_edits(old, edits).0
    }

    #[test]
    fn minimal_edits_touch_only_what_changed() {
        let old = "a\nb 🚀 c\nd\ne\n";
        let new = "a\nb 🚀 X c\nd\ne\nf\n";
        let edits = minimal_edits(old, new);
        assert_eq!(apply(old, &edits), new);
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].new_text, "X ");
        assert_eq!(edits[1].new_text, "f\n");
        assert!(minimal_edits(old, old).is_empty());
        assert_eq!(apply("", &minimal_edits("", "x\r\ny")), "x\r\ny");
        assert_eq!(apply("x\r\ny", &minimal_edits("x\r\ny", "")), "");
    }

    #[test]
    fn allow_edits_extend_or_add_the_list() {
        let e = allow_edit("level = \"L5\"\n", "fast").unwrap_or_else(|| unreachable!());
        assert_eq!(
            apply("level = \"L5\"\n", &[e]),
            "allow = [\"fast\"]\nlevel = \"L5\"\n"
        );
        let text = "level = \"L5\"\nallow = [\"quick\"]\n[rules]\n";
        let e = allow_edit(text, "say \"hi\"").unwrap_or_else(|| unreachable!());
        let out = apply(text, &[e]);
        let t: toml::Table = toml::from_str(&out).unwrap_or_default();
        let list: Vec<&str> = t["allow"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(list, ["say \"hi\"", "quick"], "{out}");
        assert!(out.starts_with("level = \"L5\"\nallow = ["), "{out}");
        let text = "allow = []\n";
        let e = allow_edit(text, "fast").unwrap_or_else(|| unreachable!());
        assert_eq!(apply(text, &[e]), "allow = [\"fast\"]\n");
        assert!(allow_edit("allow = [\"fast\"]\n", "fast").is_none());
        assert!(allow_edit("not toml = = =", "fast").is_none());
        assert_eq!(new_config_text("fast"), "allow = [\"fast\"]\n");
    }
}
