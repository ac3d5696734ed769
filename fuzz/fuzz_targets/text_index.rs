//! `text_index`: byte offset ↔ line/column in UTF-8, UTF-16 and UTF-32 units. Offsets on
//! char boundaries round-trip (but inside a `\r\n`, which maps to the line end); any
//! position maps to a char boundary inside the text, equal to a naive reference model and
//! to the server's rope conversion; lines match a reference split on `\n`, `\r\n`, `\r`.
#![no_main]
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mlsd::server::convert::rope_char;
use mlsd::text_index::{column_width, floor_char_boundary, Encoding, LineCol, TextIndex};
use tower_lsp::lsp_types::Position;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let text = if u.ratio(2, 3)? {
        mlsd_fuzz::draft(&mut u)?
    } else {
        let n = u.int_in_range(0..=256usize)?;
        String::from_utf8_lossy(u.bytes(n.min(u.len()))?).into_owned()
    };
    let idx = TextIndex::new(&text);

    // Lines against a reference split.
    let mut reference = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            reference.push(start..i);
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    reference.push(start..b.len());
    assert_eq!(idx.line_count(), reference.len());
    for (n, r) in reference.iter().enumerate() {
        assert_eq!(idx.line_range(&text, n), *r);
        assert_eq!(idx.line_of(r.start), n);
    }
    assert_eq!(
        idx.line_range(&text, usize::MAX),
        reference[reference.len() - 1]
    );

    // Char boundaries round-trip in every encoding and positions grow with offsets: every
    // boundary of a short text, a spread of them in a long one (the checks cost a line
    // walk each).
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(o, _)| o)
        .chain([text.len()])
        .collect();
    let step = (boundaries.len() / 512).max(1);
    for enc in ENCODINGS {
        let mut prev = LineCol { line: 0, col: 0 };
        for &off in boundaries.iter().step_by(step) {
            let pos = idx.position(&text, off, enc);
            assert!(pos >= prev, "{off}: {pos:?} < {prev:?}");
            prev = pos;
            let line = idx.line_range(&text, pos.line as usize);
            let in_crlf = off > 0 && b.get(off) == Some(&b'\n') && b[off - 1] == b'\r';
            if in_crlf {
                assert_eq!(idx.offset(&text, pos, enc), line.end);
            } else {
                assert_eq!(idx.offset(&text, pos, enc), off, "{enc:?} {pos:?}");
                assert_eq!(pos.col as usize, column_width(&text[line.start..off], enc));
            }
        }
    }

    // Random offsets and positions, in range or not.
    let rope = ropey::Rope::from_str(&text);
    for _ in 0..u.int_in_range(0..=32u8)? {
        let enc = *u.choose(&ENCODINGS)?;
        let off = u.int_in_range(0..=text.len() + 8)?;
        let clamped = floor_char_boundary(&text, off.min(text.len()));
        assert_eq!(
            idx.position(&text, off, enc),
            idx.position(&text, clamped, enc)
        );
        let line = if u.ratio(1, 8)? {
            u.arbitrary::<u32>()?
        } else {
            u.int_in_range(0..=idx.line_count() as u32 + 1)?
        };
        let col = if u.ratio(1, 8)? {
            u.arbitrary::<u32>()?
        } else {
            u.int_in_range(0..=120u32)?
        };
        let got = idx.offset(&text, LineCol { line, col }, enc);
        assert!(got <= text.len() && text.is_char_boundary(got));
        let want = mlsd_fuzz::char_to_byte(&text, mlsd_fuzz::model_char(&text, line, col, enc));
        assert_eq!(got, want, "{enc:?} ({line}, {col}) in {text:?}");
        let rope_byte = rope.char_to_byte(rope_char(&rope, Position::new(line, col), enc));
        assert_eq!(rope_byte, want, "rope: {enc:?} ({line}, {col}) in {text:?}");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
