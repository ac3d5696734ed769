//! The open documents: one rope per document, its version, and the lint bookkeeping the
//! scheduler needs. Everything happens under one `std::sync::Mutex`, taken and released
//! synchronously — never held across an `.await` — so a `didChange` handler applies its
//! edits before its first `.await`, in the order the client sent them.
//!
//! Each document version (generation) has one analysis slot: the first request or lint
//! that needs the analysis builds it off the runtime, and every other one of that
//! generation shares it. A change starts a new, empty slot. Only the analyses of the
//! [`KEEP_ANALYSES`] documents used last are kept: a parsed draft holds about three copies
//! of its text, and a hundred open drafts must not cost a hundred of them. An evicted
//! document's next request builds its analysis again.

use super::analysis::Analysis;
use super::convert::apply_change;
use crate::text_index::Encoding;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
    /// Tells an open document from an earlier one with the same URI.
    pub id: u64,
    /// Bumped by every change to the text or to what linting depends on (settings).
    pub generation: u64,
    /// A lint task is running for this document (at most one is).
    pub linting: bool,
    /// The analysis of this generation, once someone built it.
    analysis: Slot,
}

/// Where the analysis of one generation is built once and then shared.
pub type Slot = Arc<OnceLock<Arc<Analysis>>>;

/// A copy of a document's state, for work off the async runtime.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Url,
    pub text: SharedText,
    pub version: i32,
    pub language_id: String,
    pub id: u64,
    pub generation: u64,
}

/// A version's text, copied once out of the rope and then shared, never copied again (the
/// parsed draft keeps the same `Arc`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct SharedText(Arc<str>);

impl SharedText {
    pub fn arc(&self) -> &Arc<str> {
        &self.0
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

/// What the scheduler learns when a lint ends.
#[derive(Debug, PartialEq, Eq)]
pub enum LintState {
    /// The linted generation is still the newest.
    Current,
    /// The text or settings changed meanwhile: lint again.
    Stale,
    /// The document was closed (or closed and opened again: `reopened`).
    Gone { reopened: bool },
}

#[derive(Debug, Default)]
pub struct Documents {
    inner: Mutex<Inner>,
}

/// How many documents keep their analysis between requests.
pub const KEEP_ANALYSES: usize = 8;

#[derive(Debug, Default)]
struct Inner {
    docs: HashMap<Url, Document>,
    next_id: u64,
    /// The documents whose analysis was reached last, most recent first.
    recent: std::collections::VecDeque<Url>,
}

impl Inner {
    /// Marks `uri` used; the analysis of a document that falls off the list is dropped.
    fn used(&mut self, uri: &Url) {
        if self.recent.front() == Some(uri) {
            return;
        }
        self.recent.retain(|u| u != uri);
        self.recent.push_front(uri.clone());
        while self.recent.len() > KEEP_ANALYSES {
            if let Some(old) = self.recent.pop_back() {
                if let Some(d) = self.docs.get_mut(&old) {
                    d.analysis = Slot::default();
                }
            }
        }
    }
}

impl Documents {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere must not take the documents down with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Opens (or reopens) a document. Returns its id: the caller starts its lint task.
    pub fn open(&self, uri: Url, text: &str, version: i32, language_id: String) -> u64 {
        let mut inner = self.lock();
        inner.next_id += 1;
        let id = inner.next_id;
        inner.docs.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                language_id,
                id,
                generation: 0,
                linting: true,
                analysis: Slot::default(),
            },
        );
        id
    }

    /// Applies changes in order, each against the text the previous one left. Returns
    /// `None` for an unknown document, else `Some(Some(id))` when the caller must start a
    /// lint task for the document `id` (none is running).
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> Option<Option<u64>> {
        let mut inner = self.lock();
        let doc = inner.docs.get_mut(uri)?;
        for c in changes {
            apply_change(&mut doc.rope, c.range, &c.text, enc);
        }
        doc.version = version;
        Some(doc.touch())
    }

    /// The version of an open document.
    pub fn version(&self, uri: &Url) -> Option<i32> {
        self.lock().docs.get(uri).map(|d| d.version)
    }

    /// The URIs of the open documents.
    pub fn uris(&self) -> Vec<Url> {
        self.lock().docs.keys().cloned().collect()
    }

    pub fn close(&self, uri: &Url) -> Option<Document> {
        let mut inner = self.lock();
        inner.recent.retain(|u| u != uri);
        inner.docs.remove(uri)
    }

    pub fn snapshot(&self, uri: &Url) -> Option<Snapshot> {
        self.handle(uri).map(Handle::snapshot)
    }

    /// What it takes to reach the current generation's analysis: the rope (a cheap,
    /// shared clone; it becomes text only if the analysis is built) and the slot.
    pub fn handle(&self, uri: &Url) -> Option<Handle> {
        let mut inner = self.lock();
        inner.docs.get(uri)?;
        inner.used(uri);
        let d = inner.docs.get(uri)?;
        Some(Handle {
            uri: uri.clone(),
            rope: d.rope.clone(),
            version: d.version,
            language_id: d.language_id.clone(),
            id: d.id,
            generation: d.generation,
            slot: d.analysis.clone(),
        })
    }

    /// Marks every document stale (settings or config changed); returns the URIs that need
    /// a new lint task.
    pub fn touch_all(&self) -> Vec<(Url, u64)> {
        let mut inner = self.lock();
        inner
            .docs
            .iter_mut()
            .filter_map(|(uri, d)| d.touch().map(|id| (uri.clone(), id)))
            .collect()
    }

    /// Where a lint of document `id` at `generation` stands now.
    pub fn state(&self, uri: &Url, id: u64, generation: u64) -> LintState {
        self.check(uri, id, generation, false)
    }

    /// Ends the lint task of document `id` unless something changed since `generation`, in
    /// which case the task goes on (`Stale`) or learns the document is gone.
    pub fn finish(&self, uri: &Url, id: u64, generation: u64) -> LintState {
        self.check(uri, id, generation, true)
    }

    fn check(&self, uri: &Url, id: u64, generation: u64, finish: bool) -> LintState {
        let mut inner = self.lock();
        match inner.docs.get_mut(uri) {
            None => LintState::Gone { reopened: false },
            Some(d) if d.id != id => LintState::Gone { reopened: true },
            Some(d) if d.generation != generation => LintState::Stale,
            Some(d) => {
                if finish {
                    d.linting = false;
                }
                LintState::Current
            }
        }
    }

    /// Ends the lint task of document `id` whatever changed (its lint failed).
    pub fn stop(&self, uri: &Url, id: u64) {
        if let Some(d) = self.lock().docs.get_mut(uri) {
            if d.id == id {
                d.linting = false;
            }
        }
    }
}

/// One generation of a document, for work off the async runtime.
pub struct Handle {
    uri: Url,
    rope: Rope,
    version: i32,
    language_id: String,
    id: u64,
    generation: u64,
    slot: Slot,
}

impl Handle {
    /// Which open document this is (a reopened one has a new id).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The generation's text, copied out of the rope (linear in its length).
    pub fn snapshot(self) -> Snapshot {
        Snapshot {
            uri: self.uri,
            text: SharedText(self.rope.to_string().into()),
            version: self.version,
            language_id: self.language_id,
            id: self.id,
            generation: self.generation,
        }
    }

    /// The generation's analysis: built by `build` if nobody has yet, else the one built
    /// (a caller arriving meanwhile waits for it). Blocking: call off the runtime.
    pub fn analysis(self, build: impl FnOnce(Snapshot) -> Analysis) -> Arc<Analysis> {
        let slot = self.slot.clone();
        slot.get_or_init(|| Arc::new(build(self.snapshot())))
            .clone()
    }
}

impl Document {
    /// Records a change; `Some(id)` when no lint task runs yet (the caller starts one).
    fn touch(&mut self) -> Option<u64> {
        self.generation += 1;
        self.analysis = Slot::default();
        (!std::mem::replace(&mut self.linting, true)).then_some(self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn uri() -> Url {
        Url::parse("file:///d.md").unwrap_or_else(|_| unreachable!())
    }

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn only_the_documents_used_last_keep_their_analysis() {
        let docs = Documents::default();
        let u =
            |i: usize| Url::parse(&format!("file:///d{i}.md")).unwrap_or_else(|_| unreachable!());
        for i in 0..=KEEP_ANALYSES {
            docs.open(u(i), "# t\n", 1, "markdown".into());
        }
        let slot = |i: usize| docs.handle(&u(i)).map(|h| h.slot).unwrap_or_default();
        let first = slot(0);
        // Used again before falling off: the same slot.
        for i in 1..KEEP_ANALYSES {
            slot(i);
        }
        assert!(Arc::ptr_eq(&first, &slot(0)));
        // KEEP_ANALYSES others used since: its slot was dropped, a new one stands in.
        for i in 1..=KEEP_ANALYSES {
            slot(i);
        }
        assert!(!Arc::ptr_eq(&first, &slot(0)));
        // Closing forgets the document.
        docs.close(&u(0));
        assert!(docs.handle(&u(0)).is_none());
        assert_eq!(docs.lock().recent.len(), KEEP_ANALYSES - 1);
        assert!(!docs.lock().recent.contains(&u(0)));
    }

    #[test]
    fn changes_in_one_notification_apply_in_sequence() {
        let docs = Documents::default();
        assert_eq!(docs.open(uri(), "ab\ncd", 1, "markdown".into()), 1);
        let spawn = docs.change(
            &uri(),
            2,
            vec![
                change(0, 2, 0, 2, "X"),
                change(0, 3, 1, 0, ""),
                change(9, 0, 9, 0, "!"),
            ],
            Encoding::Utf16,
        );
        // a lint task is already running (open started one): no second one
        assert_eq!(spawn, Some(None));
        let s = docs.snapshot(&uri()).unwrap_or_else(|| unreachable!());
        assert_eq!((&*s.text, s.version), ("abXcd!", 2));
        assert_eq!(
            docs.change(
                &Url::parse("file:///other.md").unwrap_or_else(|_| unreachable!()),
                2,
                vec![],
                Encoding::Utf16
            ),
            None
        );
    }

    #[test]
    fn lint_bookkeeping_tracks_generations_and_reopening() {
        let docs = Documents::default();
        let id = docs.open(uri(), "a", 1, "markdown".into());
        let s1 = docs.snapshot(&uri()).unwrap_or_else(|| unreachable!());
        docs.change(&uri(), 2, vec![change(0, 1, 0, 1, "b")], Encoding::Utf8);
        assert_eq!(docs.finish(&uri(), id, s1.generation), LintState::Stale);
        let s2 = docs.snapshot(&uri()).unwrap_or_else(|| unreachable!());
        assert_eq!(docs.finish(&uri(), id, s2.generation), LintState::Current);
        // the task ended: the next change asks for a new one
        assert_eq!(
            docs.change(&uri(), 3, vec![], Encoding::Utf8),
            Some(Some(id))
        );
        docs.close(&uri());
        assert_eq!(
            docs.state(&uri(), id, s2.generation),
            LintState::Gone { reopened: false }
        );
        docs.open(uri(), "a", 1, "markdown".into());
        assert_eq!(
            docs.state(&uri(), id, s2.generation),
            LintState::Gone { reopened: true }
        );
    }
}
