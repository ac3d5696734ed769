//! The analysed snapshot of one document version: its text, the configuration in force,
//! the resolved settings, whether it is a draft at all, and — each computed once, when
//! first needed — the parsed draft, the findings and the scorecard. One is built per
//! version (`documents::Handle::analysis`) and shared by the lint and every request of that
//! version. Built and used off the async runtime (`spawn_blocking`); every feature module
//! works from one of these.

use super::convert::{self, LineMap};
use super::documents::Snapshot;
use super::settings::{EditorSettings, Enable};
use super::workspace::{Resolved, Workspace};
use crate::coach;
use crate::config::{self, Layer};
use crate::engine::draft::{Draft, OwnedDraft};
use crate::engine::{lint_draft, Report, Settings};
use crate::rules::Pack;
use crate::text_index::Encoding;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
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
    draft: OnceLock<OwnedDraft>,
    report: OnceLock<Report>,
    assessment: OnceLock<coach::Assessment>,
    /// Drafts parsed by this server (`mlsd/test/parses` reads it).
    parses: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Analysis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analysis")
            .field("uri", &self.snap.uri.as_str())
            .field("version", &self.snap.version)
            .field("generation", &self.snap.generation)
            .finish_non_exhaustive()
    }
}

impl Analysis {
    pub fn new(
        snap: Snapshot,
        ws: &Workspace,
        editor: Arc<EditorSettings>,
        enc: Encoding,
        parses: Arc<AtomicUsize>,
    ) -> Self {
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
            draft: OnceLock::new(),
            report: OnceLock::new(),
            assessment: OnceLock::new(),
            parses,
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

    /// The parsed draft (parsed on first use, once).
    pub fn draft(&self) -> Draft<'_> {
        self.draft
            .get_or_init(|| {
                self.parses.fetch_add(1, Ordering::Relaxed);
                OwnedDraft::parse(self.snap.text.arc().clone(), self.pack())
            })
            .draft()
    }

    /// The findings (linted on first use, once).
    pub fn report(&self) -> &Report {
        self.report
            .get_or_init(|| lint_draft(&self.draft(), self.pack(), &self.settings))
    }

    /// The findings with their layout and the scorecard (graded on first use, once).
    pub fn assessment(&self) -> &coach::Assessment {
        self.assessment.get_or_init(|| {
            coach::assess_report(
                &self.draft(),
                self.pack(),
                &self.settings,
                self.report().clone(),
            )
        })
    }

    /// Hands the draft and its findings to `f`.
    pub fn with_report<T>(&self, f: impl FnOnce(&Draft, &Report) -> T) -> T {
        f(&self.draft(), self.report())
    }

    /// Hands the draft and the verdict to `f`.
    pub fn with_assessment<T>(&self, f: impl FnOnce(&Draft, &coach::Assessment) -> T) -> T {
        f(&self.draft(), self.assessment())
    }

    /// The diagnostics to publish: none for a document that is not a draft.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        if !self.enabled {
            return Vec::new();
        }
        let report = self.report();
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
        let draft = self.draft();
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
