//! Per-diagnostic quick fixes: the engine's fixes (read back from the diagnostic's `data`)
//! and "disable on this line" / "disable in this file".

use super::edits::workspace_edit;
use crate::engine::fix::line_ending;
use crate::engine::suppress::{self, Directive};
use crate::engine::Edit;
use crate::server::analysis::Analysis;
use crate::server::convert;
use crate::server::state::ClientInfo;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, WorkspaceEdit,
};

pub(super) fn quick_fix(
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
pub(super) fn fixes_for(
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

pub(super) fn disable_actions(
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
