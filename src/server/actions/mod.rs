//! Code actions and the edits behind the commands.
//!
//! Quick fixes come from the diagnostic's `data` (the engine's fixes, serialised at lint
//! time), so they need no re-lint. Per diagnostic there are also "disable on this line",
//! "disable in this file" and — for findings of a `term-without` check — "allow this phrase
//! in this workspace". Source actions (fix all, add all missing sections, insert the
//! skeleton) work from the current snapshot and come back as minimal, versioned edits.
//!
//! One file per job: [`quick_fixes`], [`sources`] (fix all, missing sections, skeleton),
//! [`allow`] (allow a phrase), [`edits`] (the LSP edits they all return).

mod allow;
mod edits;
mod quick_fixes;
mod sources;

use allow::allow_action;
pub use allow::{allow_edit, allow_target, allowable, new_config_text, write_allow, AllowTarget};
pub use edits::{minimal_edits, workspace_edit};
use quick_fixes::{disable_actions, fixes_for};
pub use sources::{
    add_missing_sections, insert_skeleton, offered_sources, source_edit, ResolveData, Source,
};

use super::analysis::Analysis;
use super::convert;
use super::state::ClientInfo;
use tower_lsp::lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic};

pub const FIX_ALL: &str = "source.fixAll.mlsd";
pub const ADD_SECTIONS: &str = "source.addMissingSections.mlsd";
pub const SKELETON: &str = "source.insertSkeleton.mlsd";

pub const CMD_FIX_ALL: &str = "mlsd.fixAll";
pub const CMD_ADD_SECTIONS: &str = "mlsd.addMissingSections";
pub const CMD_SKELETON: &str = "mlsd.insertSkeleton";
pub const CMD_SHOW_RULE: &str = "mlsd.showRule";
pub const CMD_ALLOW: &str = "mlsd.allowPhrase";

fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.as_ref().is_none_or(|list| {
        list.iter().any(|k| {
            let k = k.as_str();
            kind.as_str() == k || kind.as_str().starts_with(&format!("{k}."))
        })
    })
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
