//! Edits as LSP wants them: a versioned workspace edit of one document, and the minimal
//! edits between two texts (so a source action never replaces the whole document).

use crate::engine::Edit;
use crate::server::state::ClientInfo;
use std::collections::HashMap;
use std::ops::Range;
use tower_lsp::lsp_types::{
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit,
    Url, WorkspaceEdit,
};

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
pub(super) fn trim_common(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fix::apply_edits;

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
}
