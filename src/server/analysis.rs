//! A document snapshot with everything linting it needs: the configuration in force, the
//! resolved settings, whether it is a draft at all. Built and used off the async runtime
//! (`spawn_blocking`); every feature module works from one of these.

use super::convert::{self, LineMap};
use super::documents::Snapshot;
use super::settings::{EditorSettings, Enable};
use super::workspace::{Resolved, Workspace};
use crate::coach;
use crate::config::{self, Layer};
use crate::engine::draft::Draft;
use crate::engine::{lint_draft, Report, Settings};
use crate::rules::Pack;
use crate::text_index::Encoding;
use std::sync::Arc;
use tower_lsp::lsp_types::{Diagnostic, Url};

/// Prose words under which a draft counts as (nearly) empty: the skeleton is offered.
pub const NEAR_EMPTY_WORDS: usize = 25;

pub struct Analysis {
    pub snap: Snapshot,
    pub resolved: Resolved,
    pub editor: Arc<EditorSettings>,
    pub settings: Settings,
    pub enc: Encoding,
    /// A Markdown document at all.
    pub markdown: bool,
    /// A draft to lint (see [`Enable`]).
    pub enabled: bool,
}

impl Analysis {
    pub fn new(snap: Snapshot, ws: &Workspace, editor: Arc<EditorSettings>, enc: Encoding) -> Self {
        let resolved = ws.resolve(&snap.uri);
        let settings = config::settings(&resolved.layer, &editor.layer, &Layer::default());
        let markdown = is_markdown(&snap.language_id, &snap.uri);
        let enabled = markdown
            && match editor.enable {
                Enable::Never => false,
                Enable::Always => true,
                Enable::Auto => config::is_auto_draft(
                    resolved.config.as_deref(),
                    snap.uri.to_file_path().ok().as_deref(),
                    &snap.text,
                ),
            };
        Analysis {
            snap,
            resolved,
            editor,
            settings,
            enc,
            markdown,
            enabled,
        }
    }

    pub fn pack(&self) -> &Pack {
        &self.resolved.pack
    }

    pub fn text(&self) -> &str {
        &self.snap.text
    }

    pub fn map(&self) -> LineMap<'_> {
        LineMap::new(&self.snap.text, self.enc)
    }

    /// Parses and lints the snapshot, then hands both to `f`.
    pub fn with_report<T>(&self, f: impl FnOnce(&Draft, &Report) -> T) -> T {
        let draft = Draft::parse(&self.snap.text, self.pack());
        let report = lint_draft(&draft, self.pack(), &self.settings);
        f(&draft, &report)
    }

    /// Parses, lints and grades the snapshot, then hands the draft and the verdict to `f`.
    pub fn with_assessment<T>(&self, f: impl FnOnce(&Draft, &coach::Assessment) -> T) -> T {
        let draft = Draft::parse(&self.snap.text, self.pack());
        let assessed = coach::assess_draft(&draft, self.pack(), &self.settings);
        f(&draft, &assessed)
    }

    /// The diagnostics to publish: none for a document that is not a draft.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        if !self.enabled {
            return Vec::new();
        }
        let report = crate::engine::lint(&self.snap.text, self.pack(), &self.settings);
        let map = self.map();
        let base = self.editor.docs_base_url.as_deref();
        report
            .findings
            .iter()
            .map(|f| convert::diagnostic(f, &map, &self.snap.uri, self.snap.version, base))
            .collect()
    }

    /// Whether the skeleton may be offered: a Markdown document (not switched off) that
    /// holds no stage section and next to no prose.
    pub fn near_empty(&self) -> bool {
        if !self.markdown || self.editor.enable == Enable::Never {
            return false;
        }
        let draft = Draft::parse(&self.snap.text, self.pack());
        draft.words <= NEAR_EMPTY_WORDS && draft.headings.iter().all(|h| h.stages.is_empty())
    }
}

/// Markdown by language id, or by file extension when the id says nothing.
pub fn is_markdown(language_id: &str, uri: &Url) -> bool {
    let id = language_id.to_ascii_lowercase();
    if matches!(id.as_str(), "markdown" | "md" | "mdx" | "rmd" | "quarto") {
        return true;
    }
    let path = uri.path().to_ascii_lowercase();
    let by_ext = [".md", ".markdown", ".mdown", ".mkd", ".mkdn"]
        .iter()
        .any(|e| path.ends_with(e));
    by_ext && matches!(id.as_str(), "" | "plaintext" | "text")
}
