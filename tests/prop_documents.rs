//! The server's document store (`server::documents`) and its position conversion, without
//! the protocol around them, so they take many cases: random `didChange` sequences in every
//! position encoding — ranged changes in or out of range and in either order, full
//! replacements, several per notification, close and reopen — must leave the store's text
//! and version equal to a naive reference model, and the rope's position conversion must
//! agree with `text_index` and with that model. `PROPTEST_CASES` sets the case count
//! (proptest's default, 256, otherwise).
#![cfg(feature = "server")]

use mlsd::server::convert::rope_char;
use mlsd::server::documents::Documents;
use mlsd::text_index::{Encoding, LineCol, TextIndex};
use proptest::prelude::*;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

const PIECES: [&str; 16] = [
    "a",
    "fast ",
    "🚀",
    "数据",
    "e\u{301}",
    "\r\n",
    "\n",
    "\r",
    " scalable",
    "## Data\n",
    "10 ms ",
    "é",
    "",
    "---\nlevel: L5\n---\n",
    "\u{2028}",
    "\u{85}",
];

fn piece() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => prop::sample::select(PIECES.to_vec()).prop_map(str::to_string),
            1 => "\\PC{0,4}",
        ],
        0..5,
    )
    .prop_map(|v| v.concat())
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])
}

/// Mostly near the text, sometimes far out of range.
fn position() -> impl Strategy<Value = (u32, u32)> {
    let small = (0u32..12, 0u32..40);
    prop_oneof![
        9 => small,
        1 => (any::<u32>(), any::<u32>()),
    ]
}

/// Two (line, column) positions, as a change's range gives them.
type Span = ((u32, u32), (u32, u32));

#[derive(Debug, Clone)]
enum Step {
    Change(Vec<(Option<Span>, String)>),
    Reopen(String),
}

fn step() -> impl Strategy<Value = Step> {
    let change = (
        prop_oneof![
            12 => (position(), position()).prop_map(Some),
            1 => Just(None),
        ],
        piece(),
    );
    prop_oneof![
        20 => prop::collection::vec(change, 1..4).prop_map(Step::Change),
        1 => piece().prop_map(Step::Reopen),
    ]
}

/// Reference: the char index of an LSP position, walking a `Vec<char>` (lines end at
/// `\n`, `\r\n` or `\r`; past a line's end means its content end; past the last line the
/// text's end).
fn model_char(text: &str, (line, col): (u32, u32), enc: Encoding) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < chars.len() {
        if chars[i] == '\n' || chars[i] == '\r' {
            lines.push((start, i));
            if chars[i] == '\r' && chars.get(i + 1) == Some(&'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines.push((start, chars.len()));
    let Some(&(s, e)) = lines.get(line as usize) else {
        return chars.len();
    };
    let mut acc = 0usize;
    for (k, c) in chars[s..e].iter().enumerate() {
        let w = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if acc + w > col as usize {
            return s + k;
        }
        acc += w;
    }
    e
}

fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

fn model_change(text: &str, range: Option<Span>, new: &str, enc: Encoding) -> String {
    let Some((a, b)) = range else {
        return new.to_string();
    };
    let (a, b) = (model_char(text, a, enc), model_char(text, b, enc));
    let (a, b) = (char_to_byte(text, a.min(b)), char_to_byte(text, a.max(b)));
    format!("{}{}{}", &text[..a], new, &text[b..])
}

fn lsp_range(a: (u32, u32), b: (u32, u32)) -> Range {
    Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))
}

proptest! {
    #[test]
    fn the_store_follows_a_reference_model(
        initial in piece(),
        enc in encoding(),
        steps in prop::collection::vec(step(), 0..16),
    ) {
        let docs = Documents::default();
        let uri = Url::parse("file:///p/d.md").unwrap();
        let mut model = initial;
        let mut version = 1;
        docs.open(uri.clone(), &model, version, "markdown".into());
        for s in steps {
            match s {
                Step::Reopen(text) => {
                    prop_assert!(docs.close(&uri).is_some());
                    prop_assert!(docs.snapshot(&uri).is_none());
                    prop_assert!(docs.change(&uri, version + 1, Vec::new(), enc).is_none());
                    model = text;
                    version = 1;
                    docs.open(uri.clone(), &model, version, "markdown".into());
                }
                Step::Change(changes) => {
                    let mut events = Vec::new();
                    for (range, text) in changes {
                        model = model_change(&model, range, &text, enc);
                        events.push(TextDocumentContentChangeEvent {
                            range: range.map(|(a, b)| lsp_range(a, b)),
                            range_length: None,
                            text,
                        });
                    }
                    version += 1;
                    prop_assert!(docs.change(&uri, version, events, enc).is_some());
                }
            }
            let snap = docs.snapshot(&uri).unwrap();
            prop_assert_eq!(snap.version, version);
            prop_assert_eq!(&snap.text, &model, "{:?}", enc);
        }
    }

    #[test]
    fn rope_positions_agree_with_text_index_and_the_model(
        text in piece(),
        enc in encoding(),
        positions in prop::collection::vec(position(), 1..12),
    ) {
        let rope = ropey::Rope::from_str(&text);
        let idx = TextIndex::new(&text);
        for p in positions {
            let want = char_to_byte(&text, model_char(&text, p, enc));
            let by_rope = rope.char_to_byte(rope_char(&rope, Position::new(p.0, p.1), enc));
            let by_index = idx.offset(&text, LineCol { line: p.0, col: p.1 }, enc);
            prop_assert_eq!(by_rope, want, "rope {:?} {:?} in {:?}", enc, p, text);
            prop_assert_eq!(by_index, want, "text_index {:?} {:?} in {:?}", enc, p, text);
        }
    }
}
