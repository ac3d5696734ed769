//! The server's shared state: documents, workspace configuration, editor settings and what
//! the client said it can do. Handlers and background tasks share it through an `Arc`.

use super::analysis::Analysis;
use super::documents::{Documents, Handle};
use super::settings::EditorSettings;
use super::workspace::Workspace;
use crate::rules::Pack;
use crate::text_index::Encoding;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use tokio::sync::Notify;
use tower_lsp::lsp_types::{ClientCapabilities, MessageType, Url};
use tower_lsp::Client;

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Copy)]
pub struct ClientInfo {
    pub enc: Encoding,
    pub snippets: bool,
    pub config_pull: bool,
    pub watch_dynamic: bool,
    pub document_changes: bool,
    pub create_files: bool,
    pub hierarchical_symbols: bool,
    pub resolve_code_actions: bool,
    /// The client keeps a diagnostic's `data` for code actions.
    pub diagnostic_data: bool,
    pub code_lens_refresh: bool,
    pub inlay_hint_refresh: bool,
    /// The client supports pull diagnostics (whether they are used is the editor settings'
    /// call: see [`ClientInfo::pull`]).
    pub pull_support: bool,
    /// Diagnostics travel by pull: the client supports it and the settings asked for it.
    pub pull: bool,
}

impl ClientInfo {
    pub fn from_caps(caps: &ClientCapabilities) -> Self {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        let edit = ws.and_then(|w| w.workspace_edit.as_ref());
        ClientInfo {
            enc: super::convert::negotiate(caps),
            snippets: td
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            config_pull: ws.and_then(|w| w.configuration).unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| {
                    ops.contains(&tower_lsp::lsp_types::ResourceOperationKind::Create)
                }),
            hierarchical_symbols: td
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            resolve_code_actions: td
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            diagnostic_data: td
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.data_support)
                .unwrap_or(false),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            pull_support: td.is_some_and(|t| t.diagnostic.is_some()),
            pull: false,
        }
    }
}

impl Default for ClientInfo {
    fn default() -> Self {
        ClientInfo::from_caps(&ClientCapabilities::default())
    }
}

pub struct State {
    pub client: Client,
    pub docs: Documents,
    pub workspace: Arc<Workspace>,
    editor: RwLock<Arc<EditorSettings>>,
    info: OnceLock<ClientInfo>,
    shutdown: AtomicBool,
    /// Signalled when the session must end without waiting for more input (`exit`, the
    /// client process died).
    ended: Notify,
    /// Drafts parsed, for the test that proves one parse per version.
    parses: Arc<AtomicUsize>,
}

impl State {
    pub fn new(client: Client, pack: Arc<Pack>) -> Self {
        State {
            client,
            docs: Documents::default(),
            workspace: Arc::new(Workspace::new(pack)),
            editor: RwLock::new(Arc::new(EditorSettings::default())),
            info: OnceLock::new(),
            shutdown: AtomicBool::new(false),
            ended: Notify::new(),
            parses: Arc::default(),
        }
    }

    pub fn set_info(&self, info: ClientInfo) {
        let _ = self.info.set(info);
    }

    pub fn info(&self) -> ClientInfo {
        self.info.get().copied().unwrap_or_default()
    }

    pub fn encoding(&self) -> Encoding {
        self.info().enc
    }

    pub fn editor(&self) -> Arc<EditorSettings> {
        self.editor
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the editor settings; true when they changed.
    pub fn set_editor(&self, s: EditorSettings) -> bool {
        let mut cur = self.editor.write().unwrap_or_else(|e| e.into_inner());
        if **cur == s {
            return false;
        }
        *cur = Arc::new(s);
        true
    }

    pub fn set_shutdown(&self) {
        self.shutdown.store(true, Ordering::SeqCst);
    }

    pub fn was_shut_down(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    /// Asks [`serve`](super::serve) to end the session now.
    pub fn end_session(&self) {
        // `notify_one` keeps a permit when nobody waits yet, so the signal is never lost.
        self.ended.notify_one();
    }

    /// Resolves once [`State::end_session`] was called.
    pub async fn session_ended(&self) {
        self.ended.notified().await
    }

    /// Drafts parsed so far by this server.
    pub fn parses(&self) -> usize {
        self.parses.load(Ordering::Relaxed)
    }

    /// The analysis of a document version: the shared one when it was built already, else
    /// built now. Blocking: call off the runtime.
    pub fn analysis_blocking(&self, handle: Handle) -> Arc<Analysis> {
        let (ws, editor, enc) = (self.workspace.clone(), self.editor(), self.encoding());
        let parses = self.parses.clone();
        handle.analysis(|snap| Analysis::new(snap, &ws, editor, enc, parses))
    }

    /// Runs `f` on the analysis of the document's current version, off the runtime.
    /// `None` for an unknown document.
    pub async fn analyze<T, F>(self: &Arc<Self>, uri: &Url, f: F) -> Option<T>
    where
        T: Send + 'static,
        F: FnOnce(&Analysis) -> T + Send + 'static,
    {
        let handle = self.docs.handle(uri)?;
        let state = self.clone();
        match tokio::task::spawn_blocking(move || f(&state.analysis_blocking(handle))).await {
            Ok(v) => Some(v),
            // A panic is raised again in the handler, whose request then gets an
            // InternalError from the panic guard around every handler (`super::Guard`).
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => {
                self.log(MessageType::ERROR, format!("analysis failed: {e}"))
                    .await;
                None
            }
        }
    }

    /// Logs to the client (`window/logMessage`); errors also to stderr (clients such as
    /// Neovim file every stderr line as an error). Stdout is the protocol.
    pub async fn log(&self, typ: MessageType, msg: impl std::fmt::Display) {
        if typ == MessageType::ERROR {
            let msg = msg.to_string();
            match msg.starts_with("mlsd: ") {
                true => eprintln!("{msg}"),
                false => eprintln!("mlsd: {msg}"),
            }
            return self.client.log_message(typ, msg).await;
        }
        self.client.log_message(typ, msg).await;
    }
}
