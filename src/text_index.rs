//! The one place where byte offsets become line/column positions and back.
//!
//! The engine speaks UTF-8 byte offsets into the exact text it linted. Front ends speak
//! lines and columns: the CLI in 1-based Unicode scalar values, LSP in 0-based UTF-8 or
//! UTF-16 code units (negotiated). Line breaks are `\n`, `\r\n` and a lone `\r`, the three
//! LSP knows. Every conversion clamps instead of panicking: a column past the end of a line
//! means the end of that line (before its terminator), a line past the end means the end of
//! the text, and an offset inside a multi-byte character snaps back to its start.
//!
//! Everything that turns offsets into positions lives here: [`TextIndex`] (line starts),
//! [`PositionMap`] (many positions on long lines, for the server), [`Column`] (columns
//! resumed along a line, for the CLI reports), [`LineLookup`] (line numbers of a few
//! offsets in one pass, for the scorecard) and, with the server, [`rope_char`] (LSP
//! positions into ropey char indices).

use std::cell::RefCell;
use std::collections::HashMap;
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

/// Width of one character in the given encoding's units.
pub fn char_width(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// The smallest char boundary at or above `i`.
pub fn ceil_char_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i.min(s.len())
}

/// A text with its line index and a column memo for long lines: positions in any order
/// cost at most [`CHECKPOINT`] bytes of counting each, however long their line (a 5 MB
/// single line with 100,000s of findings stays linear).
#[derive(Debug)]
pub struct PositionMap<'t> {
    text: &'t str,
    index: TextIndex,
    encoding: Encoding,
    /// Per long line, the column at every [`CHECKPOINT`] bytes (built on first use).
    checkpoints: RefCell<HashMap<usize, Vec<(usize, usize)>>>,
}

/// Bytes between two column checkpoints of a long line.
pub const CHECKPOINT: usize = 1024;

impl<'t> PositionMap<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        PositionMap {
            text,
            index: TextIndex::new(text),
            encoding,
            checkpoints: RefCell::new(HashMap::new()),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Same as [`TextIndex::position`], memoised on long lines.
    pub fn position(&self, offset: usize) -> LineCol {
        let text = self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.index.line_of(offset);
        let range = self.index.line_range(text, line);
        if self.encoding == Encoding::Utf8 || range.len() <= CHECKPOINT {
            return self.index.position(text, offset, self.encoding);
        }
        // An offset inside a `\r\n` terminator sits at the end of the line's content.
        let upto = offset.clamp(range.start, range.end);
        let mut all = self.checkpoints.borrow_mut();
        let marks = all.entry(line).or_insert_with(|| {
            let mut marks = vec![(range.start, 0)];
            let mut at = range.start;
            let mut col = 0;
            while at + CHECKPOINT < range.end {
                let next = ceil_char_boundary(text, at + CHECKPOINT);
                col += column_width(&text[at..next], self.encoding);
                at = next;
                marks.push((at, col));
            }
            marks
        });
        let (at, col) = match marks.binary_search_by_key(&upto, |m| m.0) {
            Ok(i) => marks[i],
            Err(i) => marks[i.saturating_sub(1)],
        };
        let col = col + column_width(&text[at..upto], self.encoding);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Same as [`TextIndex::offset`].
    pub fn offset(&self, pos: LineCol) -> usize {
        self.index.offset(self.text, pos, self.encoding)
    }

    /// Byte range of a line's content (no terminator); clamped to the last line.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        self.index.line_range(self.text, line)
    }

    pub fn line_of(&self, offset: usize) -> usize {
        self.index.line_of(offset)
    }
}

/// A column reached on a line: counting the next position on the same line resumes from
/// it, so findings sorted by offset on a long line cost one pass over it, not one each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub line: usize,
    /// Byte offset in the text (on the line, terminator excluded).
    pub offset: usize,
    /// Zero-based column in the encoding it was counted in.
    pub column: usize,
}

impl Column {
    /// The column of `offset` on `line`, whose content is `content` starting at byte
    /// `start`, counted from the nearest earlier of `known` on that line (else the line
    /// start). `offset` must be a char boundary; one inside the terminator means the end.
    pub fn on_line(
        line: usize,
        start: usize,
        content: &str,
        offset: usize,
        known: impl IntoIterator<Item = Column>,
        encoding: Encoding,
    ) -> Column {
        let upto = offset.clamp(start, start + content.len());
        let base = known
            .into_iter()
            .filter(|c| c.line == line && c.offset >= start && c.offset <= upto)
            .max_by_key(|c| c.offset);
        let (from, col) = base.map_or((start, 0), |c| (c.offset, c.column));
        let between = content.get(from - start..upto - start).unwrap_or("");
        Column {
            line,
            offset: upto,
            column: col + column_width(between, encoding),
        }
    }
}

/// 1-based line numbers of a few offsets, found in one pass over the text (line breaks as
/// [`TextIndex`] counts them: `\n`, `\r\n`, a lone `\r`) without building a full index.
#[derive(Debug, Default)]
pub struct LineLookup {
    offsets: Vec<usize>,
    lines: Vec<u32>,
}

impl LineLookup {
    pub fn with_capacity(offsets: usize) -> LineLookup {
        LineLookup {
            offsets: Vec::with_capacity(offsets),
            lines: Vec::new(),
        }
    }

    /// Asks for the line of `offset` (answered after [`LineLookup::resolve`]).
    pub fn want(&mut self, offset: usize) {
        self.offsets.push(offset);
    }

    pub fn resolve(&mut self, text: &str) {
        self.offsets.sort_unstable();
        self.offsets.dedup();
        let bytes = text.as_bytes();
        let last = self.offsets.last().map_or(0, |&o| o.min(bytes.len()));
        self.lines = Vec::with_capacity(self.offsets.len());
        if memchr::memchr(b'\r', &bytes[..last]).is_none() {
            // Only `\n` breaks: count them between the offsets.
            let mut line = 1u32;
            let mut pos = 0usize;
            for &o in &self.offsets {
                let o = o.min(last);
                let n = memchr::memchr_iter(b'\n', &bytes[pos..o]).count();
                line = line.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
                pos = o;
                self.lines.push(line);
            }
            return;
        }
        // Where each line break ends (a `\r\n` is one break, ending after the `\n`).
        let mut breaks = memchr::memchr2_iter(b'\n', b'\r', &bytes[..last]).filter_map(|at| {
            if bytes[at] == b'\n' && at > 0 && bytes[at - 1] == b'\r' {
                None
            } else if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                Some(at + 2)
            } else {
                Some(at + 1)
            }
        });
        let mut next = breaks.next();
        let mut line = 1u32;
        for &o in &self.offsets {
            while next.is_some_and(|end| end <= o) {
                line = line.saturating_add(1);
                next = breaks.next();
            }
            self.lines.push(line);
        }
    }

    /// The 1-based line of an offset asked for (1 for one that was not).
    pub fn line(&self, offset: usize) -> u32 {
        match self.offsets.binary_search(&offset) {
            Ok(i) => self.lines.get(i).copied().unwrap_or(1),
            Err(_) => 1,
        }
    }
}

/// Char index into a rope of a position (LSP's, in `encoding`), clamped like
/// [`TextIndex::offset`]. ropey counts `\n`, `\r\n` and `\r` as line breaks (feature
/// `cr_lines`), as this module does.
#[cfg(feature = "server")]
pub fn rope_char(rope: &ropey::Rope, pos: LineCol, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    let Ok(start) = rope.try_line_to_char(line) else {
        return rope.len_chars();
    };
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let slice = rope.line(line);
    // The line's content, without its terminator (`\n`, `\r\n` or `\r`).
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    let want = pos.col as usize;
    let mut acc = 0usize;
    for (i, c) in slice.chars().take(len).enumerate() {
        let w = char_width(c, encoding);
        if acc + w > want {
            return start + i;
        }
        acc += w;
    }
    start + len
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

    /// The one-pass line lookup agrees with the index on every offset, whatever the line
    /// breaks (`\n`, `\r\n`, a lone `\r`) and wherever the offset falls (inside `\r\n` too).
    #[test]
    fn line_lookup_agrees_with_the_index() {
        for text in [
            "",
            "one line",
            "a\nb\r\nc\rd\n\n\r\r\ne",
            "\r\n\r\n数据\r🚀\n",
            "x\r",
        ] {
            let index = TextIndex::new(text);
            let mut lookup = LineLookup::default();
            for o in 0..=text.len() + 2 {
                lookup.want(o);
            }
            lookup.resolve(text);
            for o in 0..=text.len() + 2 {
                let want = index.line_of(o) as u32 + 1;
                assert_eq!(lookup.line(o), want, "{text:?} at {o}");
            }
        }
    }

    #[test]
    fn long_lines_map_offsets_like_the_index() {
        let line = "ab 🚀 数据 e\u{301} ".repeat(700);
        let text = format!("# T\r\n{line}\r\nshort\n{line}");
        let index = TextIndex::new(&text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let map = PositionMap::new(&text, enc);
            // every byte offset, boundaries or not, in a scrambled order
            for k in 0..=text.len() {
                let off = (k * 7919) % (text.len() + 1);
                assert_eq!(
                    map.position(off),
                    index.position(&text, off, enc),
                    "{enc:?} at {off}"
                );
            }
        }
    }

    #[cfg(feature = "server")]
    #[test]
    fn rope_positions_clamp_and_respect_encodings() {
        let rope = ropey::Rope::from_str("a🚀数b\r\nx😀y\rz\n");
        let at = |line, col, enc| rope_char(&rope, lc(line, col), enc);
        // 'b' is char 3: UTF-16 col 4, UTF-8 col 8.
        assert_eq!(at(0, 4, Encoding::Utf16), 3);
        assert_eq!(at(0, 8, Encoding::Utf8), 3);
        // inside the surrogate pair / the UTF-8 sequence: snaps to the char start
        assert_eq!(at(0, 2, Encoding::Utf16), 1);
        assert_eq!(at(0, 3, Encoding::Utf8), 1);
        // past the end of a CRLF line: end of content; a lone CR ends a line
        assert_eq!(at(0, 99, Encoding::Utf16), 4);
        assert_eq!(at(2, 0, Encoding::Utf16), 10);
        // line past the end, and the empty last line after the final \n: end of text
        assert_eq!(at(99, 0, Encoding::Utf16), rope.len_chars());
        assert_eq!(at(3, 5, Encoding::Utf16), rope.len_chars());
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

            /// Every converter agrees with `TextIndex`: the memoised map, columns resumed
            /// along a line, the one-pass line lookup and (with the server) the rope.
            #[test]
            fn every_converter_agrees_with_the_index(
                text in tricky_text(),
                reps in 1usize..40,
                offsets in prop::collection::vec(0usize..4000, 0..30),
                enc in encodings(),
            ) {
                // Repeated, so that some lines pass the memo's checkpoint length.
                let text = text.repeat(reps);
                let idx = TextIndex::new(&text);
                let map = PositionMap::new(&text, enc);
                let mut sorted: Vec<usize> = offsets.iter().map(|o| o % (text.len() + 1)).collect();
                sorted.sort_unstable();
                let mut lookup = LineLookup::default();
                sorted.iter().for_each(|&o| lookup.want(o));
                lookup.resolve(&text);
                let mut last: Option<Column> = None;
                #[cfg(feature = "server")]
                let rope = ropey::Rope::from_str(&text);
                for &off in &sorted {
                    let want = idx.position(&text, off, enc);
                    prop_assert_eq!(map.position(off), want);
                    prop_assert_eq!(lookup.line(off), want.line + 1);
                    let b = floor_char_boundary(&text, off);
                    let line = idx.line_of(b);
                    let r = idx.line_range(&text, line);
                    let col = Column::on_line(line, r.start, &text[r.clone()], b, last, enc);
                    prop_assert_eq!(col.column as u32, want.col);
                    last = Some(col);
                    #[cfg(feature = "server")]
                    {
                        let at = idx.offset(&text, want, enc);
                        prop_assert_eq!(rope_char(&rope, want, enc), text[..at].chars().count());
                    }
                }
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
