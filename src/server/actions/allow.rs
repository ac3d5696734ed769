//! "Allow this phrase in this workspace": the quick fix for `term-without` findings and
//! the command that writes `.mlsd.toml` for clients that cannot create files by an edit.

use super::edits::workspace_edit;
use super::CMD_ALLOW;
use crate::engine::fix::{apply_edits, line_ending};
use crate::engine::Edit;
use crate::rules::Pack;
use crate::server::analysis::Analysis;
use crate::server::convert::{self, LineMap};
use crate::server::state::{ClientInfo, State};
use std::path::PathBuf;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, CreateFile, CreateFileOptions,
    Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range as LspRange, ResourceOp,
    TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};

/// The check kind whose findings may be allowed workspace-wide.
pub(super) const ALLOWABLE_KIND: &str = "term-without";

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
        Some(s) => Some((s.text.to_string(), Some(s.version))),
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

/// Whether findings of `rule` may be allowed as phrases (it has a `term-without` check).
pub fn allowable(pack: &Pack, rule: &str) -> bool {
    pack.rule(rule)
        .is_some_and(|r| r.checks.iter().any(|c| c.kind_name() == ALLOWABLE_KIND))
}

pub(super) fn allow_action(
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
pub(super) fn toml_string(s: &str) -> String {
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
    use crate::engine::fix::apply_edits;

    fn apply(old: &str, edits: &[Edit]) -> String {
        apply_edits(old, edits).0
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
