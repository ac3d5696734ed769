//! The server's document store under random `didChange` sequences (ranged changes with
//! positions in or out of range, in either order, full replacements, several per
//! notification, close and reopen) in every position encoding: its text and version equal
//! a reference `String` model after every notification.
#![no_main]
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mlsd::server::documents::Documents;
use mlsd::text_index::Encoding;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

const PIECES: [&str; 14] = [
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
];

fn piece(u: &mut Unstructured) -> arbitrary::Result<String> {
    let mut s = String::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        if u.ratio(1, 6)? {
            let n = u.int_in_range(0..=8usize)?;
            s.push_str(&String::from_utf8_lossy(u.bytes(n.min(u.len()))?));
        } else {
            s.push_str(u.choose(&PIECES)?);
        }
    }
    Ok(s)
}

fn pos(u: &mut Unstructured, text: &str) -> arbitrary::Result<(u32, u32)> {
    let lines = text.matches(['\n', '\r']).count() as u32 + 1;
    let line = if u.ratio(1, 10)? {
        u.int_in_range(0..=u32::MAX)?
    } else {
        u.int_in_range(0..=lines)?
    };
    let col = if u.ratio(1, 10)? {
        u.int_in_range(0..=u32::MAX)?
    } else {
        u.int_in_range(0..=40)?
    };
    Ok((line, col))
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let enc = *u.choose(&[Encoding::Utf8, Encoding::Utf16, Encoding::Utf32])?;
    let docs = Documents::default();
    let uri = Url::parse("file:///fuzz/d.md").expect("uri");
    let mut model = if u.ratio(1, 2)? {
        mlsd_fuzz::draft(&mut u)?
    } else {
        piece(&mut u)?
    };
    docs.open(uri.clone(), &model, 1, "markdown".into());
    let mut version = 1;
    for _ in 0..u.int_in_range(0..=24u8)? {
        if u.is_empty() {
            break;
        }
        if u.ratio(1, 24)? {
            assert!(docs.close(&uri).is_some());
            assert!(docs.snapshot(&uri).is_none());
            assert!(docs.change(&uri, version + 1, Vec::new(), enc).is_none());
            model = piece(&mut u)?;
            version = 1;
            docs.open(uri.clone(), &model, version, "markdown".into());
            continue;
        }
        let mut changes = Vec::new();
        for _ in 0..u.int_in_range(1..=4u8)? {
            let text = piece(&mut u)?;
            let range = if u.ratio(1, 12)? {
                None
            } else {
                Some((pos(&mut u, &model)?, pos(&mut u, &model)?))
            };
            model = mlsd_fuzz::model_change(&model, range, &text, enc);
            changes.push(TextDocumentContentChangeEvent {
                range: range
                    .map(|(a, b)| Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))),
                range_length: None,
                text,
            });
        }
        version += 1;
        assert!(docs.change(&uri, version, changes, enc).is_some());
        let snap = docs.snapshot(&uri).expect("open document");
        assert_eq!(snap.version, version);
        assert_eq!(snap.text, model, "{enc:?}");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
