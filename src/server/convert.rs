//! LSP types ↔ the engine's: positions and ranges (the arithmetic is
//! [`crate::text_index`]'s; here only LSP's `Position`/`Range` wrap its `LineCol`), the
//! negotiated encoding, severities. Every conversion clamps: a column past the end of a
//! line means the end of its content, a line past the end means the end of the text, a
//! column inside a character snaps to its start.
//!
//! Findings become diagnostics here too, with their fixes serialised into `data` so that a
//! quick fix needs neither a cache nor a re-lint.

use crate::engine::{Edit, Finding, Fix, Severity};
use crate::text_index::{self, Encoding, LineCol, PositionMap};
use ropey::Rope;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use tower_lsp::lsp_types::{
    ClientCapabilities, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Position, PositionEncodingKind,
    Range as LspRange, TextEdit, Url,
};

/// The diagnostic `source`.
pub const SOURCE: &str = "mlsd";

/// UTF-8 when the client offers it (LSP 3.17 `general.positionEncodings`), else UTF-16.
pub fn negotiate(caps: &ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// Char index into a rope of an LSP position, clamped (see the module docs).
pub fn rope_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    text_index::rope_char(rope, line_col(pos), enc)
}

fn line_col(p: Position) -> LineCol {
    LineCol {
        line: p.line,
        col: p.character,
    }
}

/// Applies one content change to a rope: a range replaces that range, no range replaces
/// the whole text. Reversed ranges are put in order. Never panics.
pub fn apply_change(rope: &mut Rope, range: Option<LspRange>, text: &str, enc: Encoding) {
    match range {
        None => *rope = Rope::from_str(text),
        Some(r) => {
            let a = rope_char(rope, r.start, enc);
            let b = rope_char(rope, r.end, enc);
            let (a, b) = if b < a { (b, a) } else { (a, b) };
            if a < b {
                let _ = rope.try_remove(a..b);
            }
            if !text.is_empty() {
                let _ = rope.try_insert(a, text);
            }
        }
    }
}

/// A linted text with its positions, for turning byte ranges into LSP ranges and back.
pub struct LineMap<'t> {
    pub text: &'t str,
    pub enc: Encoding,
    map: PositionMap<'t>,
}

impl<'t> LineMap<'t> {
    pub fn new(text: &'t str, enc: Encoding) -> Self {
        LineMap {
            text,
            enc,
            map: PositionMap::new(text, enc),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let lc = self.map.position(offset);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, r: &Range<usize>) -> LspRange {
        LspRange::new(self.position(r.start), self.position(r.end.max(r.start)))
    }

    pub fn offset(&self, p: Position) -> usize {
        self.map.offset(line_col(p))
    }

    /// Byte range of an LSP range (ordered, clamped).
    pub fn offsets(&self, r: LspRange) -> Range<usize> {
        let a = self.offset(r.start);
        let b = self.offset(r.end);
        a.min(b)..a.max(b)
    }

    /// Byte range of a line's content (no terminator); clamped to the last line.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        self.map.line_range(line)
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.map.line_of(offset)
    }

    pub fn text_edit(&self, e: &Edit) -> TextEdit {
        TextEdit::new(self.range(&e.range), e.new_text.clone())
    }

    /// The whole text's range.
    pub fn full_range(&self) -> LspRange {
        LspRange::new(Position::new(0, 0), self.position(self.text.len()))
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// One serialised fix in a diagnostic's `data`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FixData {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// A diagnostic's `data`: the version it was linted at, and its fixes in LSP terms.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DiagnosticData {
    pub version: i32,
    pub fixes: Vec<FixData>,
}

pub fn fix_data(fix: &Fix, map: &LineMap) -> FixData {
    FixData {
        title: fix.title.clone(),
        safe: fix.safe,
        edits: fix.edits.iter().map(|e| map.text_edit(e)).collect(),
    }
}

/// The documentation link of a rule: `{rule}` in the base is replaced, otherwise the id is
/// appended as a path segment.
pub fn docs_href(base: &str, rule: &str) -> Option<Url> {
    let s = if base.contains("{rule}") {
        base.replace("{rule}", rule)
    } else {
        format!("{}/{rule}", base.trim_end_matches('/'))
    };
    Url::parse(&s).ok()
}

/// A finding as an LSP diagnostic.
pub fn diagnostic(
    f: &Finding,
    map: &LineMap,
    uri: &Url,
    version: i32,
    docs_base: Option<&str>,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(&r.range)),
            message: r.message.clone(),
        })
        .collect();
    let data = (!f.fixes.is_empty()).then(|| {
        let d = DiagnosticData {
            version,
            fixes: f.fixes.iter().map(|x| fix_data(x, map)).collect(),
        };
        serde_json::to_value(d).unwrap_or_default()
    });
    Diagnostic {
        range: map.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.clone())),
        code_description: docs_base
            .and_then(|b| docs_href(b, &f.rule))
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data,
    }
}

/// The rule id of a diagnostic from this server.
pub fn rule_of(d: &Diagnostic) -> Option<&str> {
    if d.source.as_deref().is_some_and(|s| s != SOURCE) {
        return None;
    }
    match &d.code {
        Some(NumberOrString::String(s)) => Some(s),
        _ => None,
    }
}

pub fn data_of(d: &Diagnostic) -> Option<DiagnosticData> {
    d.data
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Related;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn positions_wrap_the_text_index() {
        let text = "a🚀b\r\nc";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(text.find('b').unwrap()), pos(0, 3));
        assert_eq!(map.offset(pos(1, 9)), text.len());
        let rope = Rope::from_str(text);
        assert_eq!(rope_char(&rope, pos(0, 3), Encoding::Utf16), 2);
    }

    #[test]
    fn changes_apply_in_place_and_reversed_ranges_are_ordered() {
        let mut rope = Rope::from_str("hello\nworld");
        apply_change(
            &mut rope,
            Some(LspRange::new(pos(1, 5), pos(1, 0))),
            "🚀",
            Encoding::Utf16,
        );
        assert_eq!(rope.to_string(), "hello\n🚀");
        apply_change(&mut rope, None, "new", Encoding::Utf16);
        assert_eq!(rope.to_string(), "new");
        apply_change(
            &mut rope,
            Some(LspRange::new(pos(7, 0), pos(9, 9))),
            "!",
            Encoding::Utf8,
        );
        assert_eq!(rope.to_string(), "new!");
    }

    #[test]
    fn diagnostics_carry_code_source_related_and_fixes() {
        let text = "# T\n\nfast 🚀 thing\n";
        let map = LineMap::new(text, Encoding::Utf16);
        let at = text.find("thing").unwrap_or(0);
        let f = Finding {
            rule: "some-rule".into(),
            severity: Severity::Warning,
            message: "m".into(),
            range: at..at + 5,
            fixes: vec![Fix {
                title: "t".into(),
                safe: false,
                edits: vec![Edit {
                    range: at + 5..at + 5,
                    new_text: " (≈ N)".into(),
                }],
            }],
            related: vec![Related {
                range: 0..3,
                message: "title".into(),
            }],
            category: None,
        };
        let uri = Url::parse("file:///x.md").unwrap_or_else(|_| unreachable!());
        let d = diagnostic(&f, &map, &uri, 7, None);
        assert_eq!(d.range, LspRange::new(pos(2, 8), pos(2, 13)));
        assert_eq!(d.source.as_deref(), Some(SOURCE));
        assert!(d.code_description.is_none());
        assert_eq!(d.related_information.as_ref().map(Vec::len), Some(1));
        let data = data_of(&d).unwrap_or_else(|| unreachable!());
        assert_eq!(data.version, 7);
        assert_eq!(data.fixes[0].edits[0].range.start, pos(2, 13));
        let d = diagnostic(&f, &map, &uri, 7, Some("https://example.com/rules/"));
        assert_eq!(
            d.code_description.map(|c| c.href.to_string()),
            Some("https://example.com/rules/some-rule".to_string())
        );
        assert_eq!(
            docs_href("https://e.com/r#{rule}", "x").map(|u| u.to_string()),
            Some("https://e.com/r#x".into())
        );
    }
}
