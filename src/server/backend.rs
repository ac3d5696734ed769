//! The `LanguageServer` implementation: each handler adapts one request to a feature
//! module and nothing more. Text-sync handlers never `.await` before their edit is applied
//! (tower-lsp runs handlers concurrently); work on text runs in `spawn_blocking`; requests
//! to the client (configuration, registration, applyEdit) run in spawned tasks, never
//! awaited inside a handler.

use super::actions::{self, ResolveData, Source};
use super::state::{ClientInfo, State};
use super::{completion, convert, hover, liveness, practice, scheduler, score, settings, symbols};
use crate::engine::explain::explain;
use crate::rules::Pack;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

pub struct Backend {
    state: Arc<State>,
    /// Settings warnings from `initialize`, logged once the client can hear them.
    early_warnings: Mutex<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub text_document: TextDocumentIdentifier,
}

impl Backend {
    pub fn new(client: Client, pack: Arc<Pack>) -> Self {
        Backend {
            state: Arc::new(State::new(client, pack)),
            early_warnings: Mutex::new(Vec::new()),
        }
    }

    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// `mlsd/documentText`: the server's copy of a document (for tests and debugging).
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<Value> {
        Ok(match self.state.docs.snapshot(&params.text_document.uri) {
            Some(s) => json!({"version": s.version, "text": s.text}),
            None => Value::Null,
        })
    }

    /// Test-only (registered by [`super::service_with_test_methods`], never by
    /// `mlsd server`): panics in the handler, or inside the analysis of a document
    /// (`{"in": "analysis", "uri": ...}`), so tests can see the panic guard at work.
    #[doc(hidden)]
    pub async fn test_panic(&self, params: Value) -> Result<Value> {
        if params["in"] == "analysis" {
            let uri = params["uri"]
                .as_str()
                .and_then(|u| Url::parse(u).ok())
                .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
            let r: Option<()> = self
                .state
                .analyze(&uri, |_| panic!("test-only panic inside an analysis"))
                .await;
            return Ok(json!(r.is_some()));
        }
        panic!("test-only panic inside a handler")
    }

    /// Test-only notification: panics inside a notification handler.
    #[doc(hidden)]
    pub async fn test_panic_notification(&self, _: Value) {
        panic!("test-only panic inside a notification handler")
    }

    /// Test-only: answers after `{"ms": N}` milliseconds (a request to cancel mid-flight).
    #[doc(hidden)]
    pub async fn test_sleep(&self, params: Value) -> Result<Value> {
        let ms = params["ms"].as_u64().unwrap_or(0).min(600_000);
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        Ok(json!("slept"))
    }

    /// Test-only: the URIs of the open documents.
    #[doc(hidden)]
    pub async fn test_open_documents(&self, _: Value) -> Result<Value> {
        let mut uris: Vec<String> = self.state.docs.uris().iter().map(Url::to_string).collect();
        uris.sort();
        Ok(json!(uris))
    }

    /// Test-only: how many drafts this server has parsed.
    #[doc(hidden)]
    pub async fn test_parses(&self, _: Value) -> Result<Value> {
        Ok(json!(self.state.parses()))
    }

    /// Applies an editor-settings object; relints when they changed.
    fn apply_settings(state: &Arc<State>, value: &Value) -> Vec<String> {
        let (s, warnings) = settings::parse(value, state.workspace.builtin());
        if state.set_editor(s) {
            scheduler::relint_all(state);
            tokio::spawn(refresh_views(state.clone()));
        }
        warnings
    }
}

async fn log_warnings(state: &State, warnings: Vec<String>) {
    for w in warnings {
        state
            .log(MessageType::WARNING, format!("settings: {w}"))
            .await;
    }
}

/// Pulls `workspace/configuration` (section `mlsd`) and applies it.
async fn pull_configuration(state: Arc<State>) {
    let items = vec![ConfigurationItem {
        scope_uri: None,
        section: Some("mlsd".into()),
    }];
    match state.client.configuration(items).await {
        Ok(values) => {
            // A client without an `mlsd` section answers null: the settings it gave in
            // `initializationOptions` stay in force.
            let v = values.into_iter().next().unwrap_or(Value::Null);
            if v.is_null() {
                return;
            }
            let warnings = Backend::apply_settings(&state, &v);
            log_warnings(&state, warnings).await;
        }
        Err(e) => {
            state
                .log(
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await
        }
    }
}

async fn register_watchers(state: Arc<State>) {
    let watchers = ["**/.mlsd.toml", "**/*.toml"]
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let reg = Registration {
        id: "mlsd-config-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    };
    if let Err(e) = state.client.register_capability(vec![reg]).await {
        state
            .log(
                MessageType::WARNING,
                format!("cannot watch .mlsd.toml: {e}"),
            )
            .await;
    }
}

/// Asks the client to re-request lenses and hints (their figures follow the settings).
async fn refresh_views(state: Arc<State>) {
    let info = state.info();
    if info.code_lens_refresh {
        let _ = state.client.code_lens_refresh().await;
    }
    if info.inlay_hint_refresh {
        let _ = state.client.inlay_hint_refresh().await;
    }
}

fn uri_arg(args: &[Value], i: usize) -> Option<Url> {
    match args.get(i)? {
        Value::String(s) => Url::parse(s).ok(),
        v => v
            .get("uri")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
    }
}

fn capabilities(info: &ClientInfo) -> ServerCapabilities {
    let sources: Vec<CodeActionKind> = [Source::FixAll, Source::AddSections, Source::Skeleton]
        .iter()
        .map(|s| s.kind())
        .collect();
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(info.enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(
                [
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                    CodeActionKind::SOURCE,
                ]
                .into_iter()
                .chain(sources)
                .collect(),
            ),
            resolve_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["#".into(), ":".into()]),
            resolve_provider: Some(false),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        // Push or pull, never both: clients keep the two apart and would show each finding
        // twice.
        diagnostic_provider: info.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("mlsd".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: [
                actions::CMD_FIX_ALL,
                actions::CMD_ADD_SECTIONS,
                actions::CMD_SKELETON,
                actions::CMD_SHOW_RULE,
                actions::CMD_ALLOW,
                score::CMD_SHOW_SCORECARD,
                practice::CMD_SHOW_PROGRESS,
            ]
            .iter()
            .map(|c| c.to_string())
            .collect(),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut info = ClientInfo::from_caps(&params.capabilities);
        // The options may come bare or wrapped as `{"mlsd": {...}}`, like a settings change.
        let opts = params
            .initialization_options
            .as_ref()
            .map(|o| settings::from_change_payload(o).unwrap_or(o));
        info.pull = info.pull_support
            && opts.is_some_and(|o| {
                settings::parse(o, self.state.workspace.builtin())
                    .0
                    .pull_diagnostics
            });
        self.state.set_info(info);
        if let Some(pid) = params.process_id {
            tokio::spawn(liveness::watch(self.state.clone(), pid));
        }
        let mut roots: Vec<_> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        #[allow(deprecated)]
        if let Some(p) = params.root_uri.and_then(|u| u.to_file_path().ok()) {
            roots.push(p);
        }
        self.state.workspace.set_roots(roots);
        if let Some(opts) = opts {
            let w = Self::apply_settings(&self.state, opts);
            self.early_warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(w);
        }
        Ok(InitializeResult {
            capabilities: capabilities(&info),
            server_info: Some(ServerInfo {
                name: "mlsd".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let info = self.state.info();
        if info.watch_dynamic {
            tokio::spawn(register_watchers(self.state.clone()));
        }
        if info.config_pull {
            tokio::spawn(pull_configuration(self.state.clone()));
        }
        let warnings = std::mem::take(
            &mut *self
                .early_warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        log_warnings(&self.state, warnings).await;
        self.state
            .log(
                MessageType::INFO,
                format!(
                    "mlsd {} ready (positions in {:?})",
                    env!("CARGO_PKG_VERSION"),
                    info.enc
                ),
            )
            .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.set_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let id = self
            .state
            .docs
            .open(d.uri.clone(), &d.text, d.version, d.language_id);
        scheduler::start(&self.state, d.uri, id);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied before any `.await`: edits keep the order the client sent them in.
        let uri = params.text_document.uri;
        let enc = self.state.encoding();
        let v = params.text_document.version;
        let before = self.state.docs.version(&uri);
        match self.state.docs.change(&uri, v, params.content_changes, enc) {
            Some(start) => {
                if let Some(id) = start {
                    scheduler::start(&self.state, uri.clone(), id);
                }
                // The client's text is the truth, so the change applies and its version is
                // the one diagnostics carry; only the protocol slip is reported.
                if before.is_some_and(|b| v <= b) {
                    let msg = format!(
                        "{uri}: version {v} after version {}: versions must increase",
                        before.unwrap_or_default()
                    );
                    self.state.log(MessageType::WARNING, msg).await;
                }
            }
            None => {
                let msg = format!("{uri}: change for a document that is not open; ignored");
                self.state.log(MessageType::WARNING, msg).await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(doc) = self.state.docs.close(&uri) {
            if !doc.linting && !self.state.info().pull {
                self.state
                    .client
                    .publish_diagnostics(uri, Vec::new(), None)
                    .await;
            }
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.state.editor().record_on_save {
            // Recording reads, locks and fsyncs the history: off the handler, so a slow disk
            // never holds up the next request.
            tokio::spawn(record_on_save(self.state.clone(), uri.clone()));
        }
        self.files_changed(vec![uri]).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match settings::from_change_payload(&params.settings) {
            Some(v) => {
                let warnings = Self::apply_settings(&self.state, v);
                log_warnings(&self.state, warnings).await;
            }
            None if self.state.info().config_pull => {
                tokio::spawn(pull_configuration(self.state.clone()));
            }
            // A payload without our section (another tool's settings, `null`) changes
            // nothing: the settings in force stay.
            None => {}
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.files_changed(params.changes.into_iter().map(|c| c.uri).collect())
            .await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let mut roots = self.state.workspace.roots();
        let gone: Vec<_> = params
            .event
            .removed
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        roots.retain(|r| !gone.contains(r));
        roots.extend(
            params
                .event
                .added
                .iter()
                .filter_map(|f| f.uri.to_file_path().ok()),
        );
        self.state.workspace.set_roots(roots);
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let pos = p.position;
        Ok(self
            .state
            .analyze(&p.text_document.uri, move |a| hover::hover(a, pos))
            .await
            .flatten())
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let (pos, snippets) = (p.position, self.state.info().snippets);
        let trigger = params.context.and_then(|c| c.trigger_character);
        let items = self
            .state
            .analyze(&p.text_document.uri, move |a| {
                completion::completion(a, pos, snippets, trigger.as_deref())
            })
            .await
            .unwrap_or_default();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let hierarchical = self.state.info().hierarchical_symbols;
        let r = self
            .state
            .analyze(&params.text_document.uri, move |a| {
                symbols::document_symbols(a, hierarchical)
            })
            .await;
        Ok(Some(
            r.unwrap_or(DocumentSymbolResponse::Nested(Vec::new())),
        ))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let r = self
            .state
            .analyze(&params.text_document.uri, symbols::code_lenses)
            .await;
        Ok(Some(r.unwrap_or_default()))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let range = params.range;
        let r = self
            .state
            .analyze(&params.text_document.uri, move |a| {
                let mut hints = symbols::inlay_hints(a, range);
                hints.extend(super::numbers::inlay_hints(a, range));
                hints
            })
            .await;
        Ok(Some(r.unwrap_or_default()))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let r = self
            .state
            .analyze(&params.text_document.uri, |a| {
                (
                    a.diagnostics(),
                    format!("{}-{}", a.snap.id, a.snap.generation),
                )
            })
            .await;
        let report = match r {
            Some((_, id)) if params.previous_result_id.as_ref() == Some(&id) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: id,
                    },
                })
            }
            r => {
                let (items, result_id) = match r {
                    Some((items, id)) => (items, Some(id)),
                    None => (Vec::new(), None),
                };
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id,
                        items,
                    },
                })
            }
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (info, state) = (self.state.info(), self.state.clone());
        let ctx = params.context;
        let r = self
            .state
            .analyze(&params.text_document.uri, move |a| {
                let target = actions::allow_target(&state, a, &ctx.diagnostics);
                actions::code_actions(a, &ctx.diagnostics, &ctx.only, &info, target.as_ref())
            })
            .await;
        Ok(Some(r.unwrap_or_default()))
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let data = action
            .data
            .clone()
            .and_then(|d| serde_json::from_value::<ResolveData>(d).ok());
        let Some(data) = data else { return Ok(action) };
        let info = self.state.info();
        let edit = self
            .state
            .analyze(&data.uri, move |a| {
                actions::source_edit(a, data.source, &info)
            })
            .await
            .flatten();
        action.edit = Some(edit.unwrap_or_default());
        Ok(action)
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let args = params.arguments;
        let source = match params.command.as_str() {
            actions::CMD_SHOW_RULE => return self.show_rule(&args).await,
            actions::CMD_ALLOW => return self.allow_phrase(&args).await,
            score::CMD_SHOW_SCORECARD => return self.show_scorecard(&args).await,
            practice::CMD_SHOW_PROGRESS => return self.show_progress(args).await,
            actions::CMD_FIX_ALL => Source::FixAll,
            actions::CMD_ADD_SECTIONS => Source::AddSections,
            actions::CMD_SKELETON => Source::Skeleton,
            other => return Err(Error::invalid_params(format!("unknown command `{other}`"))),
        };
        let uri =
            uri_arg(&args, 0).ok_or_else(|| Error::invalid_params("expected a document URI"))?;
        let info = self.state.info();
        let edit = self
            .state
            .analyze(&uri, move |a| actions::source_edit(a, source, &info))
            .await
            .flatten();
        // The answer says whether an edit is on its way, so a client can report
        // "nothing to do".
        let sent = edit.is_some();
        if let Some(edit) = edit {
            let state = self.state.clone();
            tokio::spawn(async move {
                if let Err(e) = state.client.apply_edit(edit).await {
                    state
                        .log(MessageType::WARNING, format!("applyEdit failed: {e}"))
                        .await;
                }
            });
        }
        Ok(Some(json!({ "edit": sent })))
    }
}

impl Backend {
    async fn files_changed(&self, uris: Vec<Url>) {
        let ws = self.state.workspace.clone();
        let paths: Vec<_> = uris.iter().filter_map(|u| u.to_file_path().ok()).collect();
        if paths.is_empty() {
            return;
        }
        let hit = tokio::task::spawn_blocking(move || {
            // Every path is looked at (no short circuit): each may invalidate a cache.
            let hits: Vec<bool> = paths.iter().map(|p| ws.file_changed(p)).collect();
            hits.contains(&true)
        })
        .await
        .unwrap_or(false);
        if hit {
            scheduler::relint_all(&self.state);
            tokio::spawn(refresh_views(self.state.clone()));
        }
    }

    async fn show_rule(&self, args: &[Value]) -> Result<Option<Value>> {
        let id = args
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let pack = match uri_arg(args, 1) {
            Some(uri) => {
                let ws = self.state.workspace.clone();
                tokio::task::spawn_blocking(move || ws.resolve(&uri).pack)
                    .await
                    .unwrap_or_else(|_| self.state.workspace.builtin().clone())
            }
            None => self.state.workspace.builtin().clone(),
        };
        let Some(rule) = pack.rule(&id) else {
            return Err(Error::invalid_params(format!("unknown rule id `{id}`")));
        };
        let summary = format!("{}: {}", rule.id, rule.summary);
        self.state
            .client
            .show_message(MessageType::INFO, summary)
            .await;
        Ok(Some(Value::String(explain(rule))))
    }

    /// `mlsd.showScorecard [uri, version?]`: the card as Markdown; an unknown document, a
    /// version that is no longer current or a document that is not a draft is an error.
    async fn show_scorecard(&self, args: &[Value]) -> Result<Option<Value>> {
        let req = score::request(args).map_err(Error::invalid_params)?;
        let uri = req.uri.clone();
        let answer = self
            .state
            .analyze(&req.uri, move |a| score::scorecard_markdown(a, req.version))
            .await
            .ok_or_else(|| {
                Error::invalid_params(format!(
                    "{uri} is not open: open the draft, then ask for its scorecard"
                ))
            })?;
        answer
            .map(|md| Some(Value::String(md)))
            .map_err(Error::invalid_params)
    }

    /// A command that failed: the user sees why (a message), the client gets the error.
    async fn command_failed(&self, e: String) -> Error {
        self.state
            .client
            .show_message(MessageType::ERROR, format!("mlsd: {e}"))
            .await;
        Error::invalid_params(e)
    }

    /// `mlsd.showProgress [question?]`: the practice history as Markdown.
    async fn show_progress(&self, args: Vec<Value>) -> Result<Option<Value>> {
        let pack = self.state.workspace.builtin().clone();
        let answer = tokio::task::spawn_blocking(move || practice::show(&args, &pack))
            .await
            .unwrap_or_else(|e| Err(e.to_string()));
        match answer {
            Ok(md) => Ok(Some(Value::String(md))),
            Err(e) => Err(self.command_failed(e).await),
        }
    }

    async fn allow_phrase(&self, args: &[Value]) -> Result<Option<Value>> {
        let uri =
            uri_arg(args, 0).ok_or_else(|| Error::invalid_params("expected a document URI"))?;
        let phrase = args
            .get(1)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if phrase.trim().is_empty() {
            return Err(Error::invalid_params("expected a phrase"));
        }
        let state = self.state.clone();
        let written =
            tokio::task::spawn_blocking(move || actions::write_allow(&state, &uri, &phrase))
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
        match written {
            Ok(path) => {
                self.files_changed(Url::from_file_path(&path).into_iter().collect())
                    .await;
                Ok(Some(Value::String(path.display().to_string())))
            }
            Err(e) => Err(self.command_failed(e).await),
        }
    }
}

/// Records the saved document as a practice attempt (with `recordOnSave` on) and logs what
/// happened; a store error (read-only disk, a bad user config) is shown to the user once.
async fn record_on_save(state: Arc<State>, uri: Url) {
    let Some(attempt) = state.analyze(&uri, practice::attempt).await.flatten() else {
        return;
    };
    let done = tokio::task::spawn_blocking(move || practice::record(&attempt))
        .await
        .unwrap_or_else(|e| Err(e.to_string()));
    match done {
        Ok(msg) => state.log(MessageType::INFO, msg).await,
        Err(e) => {
            let msg = format!("mlsd: cannot record the attempt: {e}");
            state.log(MessageType::ERROR, &msg).await;
            state.client.show_message(MessageType::ERROR, msg).await;
        }
    }
}
