//! The draft's arithmetic in the editor: each figure its own figures imply (DAU × visits a
//! day → QPS with the assumed peak; per day → per second; items × size → storage) as an
//! inlay hint after the last input. The figures come from `engine::figures`.

use super::analysis::Analysis;
use tower_lsp::lsp_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range as LspRange};

/// Derived figures whose input ends inside `range`.
pub fn inlay_hints(a: &Analysis, range: LspRange) -> Vec<InlayHint> {
    if !a.enabled {
        return Vec::new();
    }
    a.with_report(|draft, _| {
        let map = a.map();
        let want = map.offsets(range);
        let numbers = &a.pack().numbers;
        crate::engine::figures::derived(draft, numbers)
            .into_iter()
            .filter(|d| want.start <= d.at && d.at <= want.end)
            .map(|d| InlayHint {
                position: map.position(d.at),
                label: InlayHintLabel::String(d.label),
                kind: None,
                text_edits: None,
                tooltip: (!numbers.derived_note.is_empty())
                    .then(|| InlayHintTooltip::String(numbers.derived_note.clone())),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect()
    })
}
