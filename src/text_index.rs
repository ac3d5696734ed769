//! The one place where byte offsets become line/column positions and back.
//!
//! The engine speaks UTF-8 byte offsets into the exact text it linted. Front ends speak
//! lines and columns: the CLI in 1-based Unicode scalar values, LSP in 0-based UTF-8 or
//! UTF-16 code units (negotiated). Line breaks are `\n`, `\r\n` and a lone `\r`, the three
//! LSP knows. Every conversion clamps instead of panicking: a column past the end of a line
//! means the end of that line (before its terminator), a line past the end means the end of
//! the text, and an offset inside a multi-byte character snaps back to its start.

use std::ops::Range;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (what the CLI and JSON output show).
    Utf32,
}

/// A zero-based line/column position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of one text; cheap to build (one pass over the bytes).
#[derive(Debug, Clone)]
pub struct TextIndex {
    /// Byte offset of the first byte of each line; always starts with 0.
    line_starts: Vec<usize>,
    len: usize,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        TextIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of a line's content, without its terminator; clamped to the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let line = line.min(self.line_starts.len() - 1);
        let start = self.line_starts[line];
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Zero-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Position of a byte offset. Offsets past the end or inside a character are clamped.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let range = self.line_range(text, line);
        // An offset inside a `\r\n` terminator sits at the end of the line's content.
        let upto = offset.clamp(range.start, range.end);
        let col = column_width(&text[range.start..upto], encoding);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Byte offset of a position, clamped as LSP asks: a line past the end means the end of
    /// the text, a column past the end of the line means the end of its content, and a
    /// column inside a character (e.g. between UTF-16 surrogates) snaps to its start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let content = &text[range.clone()];
        let want = pos.col as usize;
        match encoding {
            Encoding::Utf8 => range.start + floor_char_boundary(content, want.min(content.len())),
            Encoding::Utf16 | Encoding::Utf32 => {
                let mut units = 0usize;
                for (i, ch) in content.char_indices() {
                    let w = if encoding == Encoding::Utf16 {
                        ch.len_utf16()
                    } else {
                        1
                    };
                    if units + w > want {
                        return range.start + i;
                    }
                    units += w;
                }
                range.end
            }
        }
    }
}

/// Width of `s` in the given encoding's units.
pub fn column_width(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().map(char::len_utf16).sum()
            }
        }
        Encoding::Utf32 => {
            if s.is_ascii() {
                s.len()
            } else {
                s.chars().count()
            }
        }
    }
}

/// The largest char boundary at or below `i` (stable stand-in for `str::floor_char_boundary`).
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn emoji_and_cjk_columns_differ_per_encoding() {
        let text = "ab\n🚀 数据 fast\n";
        let idx = TextIndex::new(text);
        let off = text.find("fast").unwrap();
        assert_eq!(idx.position(text, off, Encoding::Utf8), lc(1, 12));
        assert_eq!(idx.position(text, off, Encoding::Utf16), lc(1, 6));
        assert_eq!(idx.position(text, off, Encoding::Utf32), lc(1, 5));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            assert_eq!(idx.offset(text, idx.position(text, off, enc), enc), off);
        }
    }

    #[test]
    fn all_three_line_breaks_count() {
        let text = "a\r\nb\rc\nd";
        let idx = TextIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_range(text, 0), 0..1);
        assert_eq!(&text[idx.line_range(text, 1)], "b");
        assert_eq!(&text[idx.line_range(text, 3)], "d");
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "héllo\r\nworld";
        let idx = TextIndex::new(text);
        // column past the end of a CRLF line: end of content, before the terminator
        assert_eq!(idx.offset(text, lc(0, 99), Encoding::Utf16), "héllo".len());
        // line past the end: end of text
        assert_eq!(idx.offset(text, lc(9, 0), Encoding::Utf16), text.len());
        // UTF-8 column inside 'é' snaps to its start
        assert_eq!(idx.offset(text, lc(0, 2), Encoding::Utf8), 1);
        // offset inside the terminator maps to the line end
        assert_eq!(idx.position(text, 7, Encoding::Utf8), lc(0, 6));
    }

    #[test]
    fn surrogate_middle_snaps_to_char_start() {
        let text = "x🚀y";
        let idx = TextIndex::new(text);
        assert_eq!(idx.offset(text, lc(0, 2), Encoding::Utf16), 1);
        assert_eq!(idx.offset(text, lc(0, 3), Encoding::Utf16), 5);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Text biased toward the hard cases: emoji, CJK, combining marks, all line breaks.
        fn tricky_text() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just("a".to_string()),
                    Just("🚀".to_string()),
                    Just("数据".to_string()),
                    Just("e\u{301}".to_string()),
                    Just("\r\n".to_string()),
                    Just("\n".to_string()),
                    Just("\r".to_string()),
                    Just(" ".to_string()),
                    "\\PC{0,3}",
                ],
                0..40,
            )
            .prop_map(|parts| parts.concat())
        }

        fn encodings() -> impl Strategy<Value = Encoding> {
            prop_oneof![
                Just(Encoding::Utf8),
                Just(Encoding::Utf16),
                Just(Encoding::Utf32)
            ]
        }

        proptest! {
            #[test]
            fn char_boundaries_round_trip(text in tricky_text(), enc in encodings()) {
                let idx = TextIndex::new(&text);
                for (off, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                    let pos = idx.position(&text, off, enc);
                    let back = idx.offset(&text, pos, enc);
                    // Offsets inside a \r\n terminator map to the line end; all others round-trip.
                    let in_terminator = text.as_bytes().get(off) == Some(&b'\n') && off > 0 && text.as_bytes()[off - 1] == b'\r';
                    if !in_terminator {
                        prop_assert_eq!(back, off);
                    }
                }
            }

            #[test]
            fn any_position_maps_inside_the_text(text in tricky_text(), line in 0u32..50, col in 0u32..200, enc in encodings()) {
                let idx = TextIndex::new(&text);
                let off = idx.offset(&text, LineCol { line, col }, enc);
                prop_assert!(off <= text.len());
                prop_assert!(text.is_char_boundary(off));
                let pos = idx.position(&text, off, enc);
                prop_assert!(pos.line as usize <= idx.line_count());
            }

            #[test]
            fn lines_match_a_reference_split(text in tricky_text()) {
                let idx = TextIndex::new(&text);
                // Reference: split on \r\n, \n or \r.
                let mut reference = Vec::new();
                let mut cur = String::new();
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '\r' => { if chars.peek() == Some(&'\n') { chars.next(); } reference.push(std::mem::take(&mut cur)); }
                        '\n' => reference.push(std::mem::take(&mut cur)),
                        c => cur.push(c),
                    }
                }
                reference.push(cur);
                prop_assert_eq!(idx.line_count(), reference.len());
                for (i, line) in reference.iter().enumerate() {
                    prop_assert_eq!(&text[idx.line_range(&text, i)], line.as_str());
                }
            }
        }
    }
}
