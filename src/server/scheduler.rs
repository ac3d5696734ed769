//! Lint coalescing. At most one lint task runs per document. Its job runs in
//! `spawn_blocking` (never on the async runtime) and takes the document's snapshot when it
//! starts; when the lint ends, the task publishes only if that snapshot is still the newest
//! generation, and lints again otherwise. While a lint runs, edits only bump the
//! generation, so a burst of edits costs one lint of the newest text plus at most the one
//! already under way — and a stale result never lands after a newer one, because only the
//! one task publishes for its document.

use super::documents::LintState;
use super::state::State;
use std::sync::Arc;
use tower_lsp::lsp_types::{Diagnostic, MessageType, Url};

/// Starts the lint task of document `id` (the caller learned from [`Documents`] that none
/// runs).
///
/// [`Documents`]: super::documents::Documents
pub fn start(state: &Arc<State>, uri: Url, id: u64) {
    if state.info().pull {
        // The client asks (`textDocument/diagnostic`) when it wants them.
        state.docs.stop(&uri, id);
        return;
    }
    tokio::spawn(run(state.clone(), uri, id));
}

/// Marks every open document stale and starts lint tasks where none runs (settings or
/// configuration changed).
pub fn relint_all(state: &Arc<State>) {
    // In pull mode the client is asked to pull again. (lsp-types 0.94 reads the client's
    // refresh support from a misspelt field, so it is not consulted: pull mode is opted
    // into by the client's own settings.)
    if state.info().pull {
        let state = state.clone();
        tokio::spawn(async move {
            let _ = state
                .client
                .send_request::<tower_lsp::lsp_types::request::WorkspaceDiagnosticRefresh>(())
                .await;
        });
    }
    for (uri, id) in state.docs.touch_all() {
        start(state, uri, id);
    }
}

/// What one lint job found.
enum Job {
    Linted {
        diagnostics: Vec<Diagnostic>,
        config_error: Option<String>,
        generation: u64,
        version: i32,
    },
    /// The document was opened again: the new one has its own task.
    Reopened,
    Closed,
}

async fn run(state: Arc<State>, uri: Url, id: u64) {
    loop {
        // The snapshot is taken when the job starts, not when it is queued: a job waiting
        // behind others lints the newest text, and only running jobs hold a copy of it.
        let (st, u) = (state.clone(), uri.clone());
        let job = tokio::task::spawn_blocking(move || {
            let handle = match st.docs.handle(&u) {
                Some(h) if h.id() == id => h,
                Some(_) => return Job::Reopened,
                None => return Job::Closed,
            };
            let a = st.analysis_blocking(handle);
            Job::Linted {
                diagnostics: a.diagnostics(),
                config_error: a.resolved.error.clone(),
                generation: a.snap.generation,
                version: a.snap.version,
            }
        })
        .await;
        let (diagnostics, generation, version) = match job {
            Ok(Job::Linted {
                diagnostics,
                config_error,
                generation,
                version,
            }) => {
                if let Some(msg) = config_error {
                    state.log(MessageType::ERROR, &msg).await;
                    state.client.show_message(MessageType::ERROR, msg).await;
                }
                (diagnostics, generation, version)
            }
            Ok(Job::Reopened) => return,
            Ok(Job::Closed) => return gone(&state, uri, false).await,
            Err(e) => {
                // Linting does not panic; should it, the document keeps working.
                state.docs.stop(&uri, id);
                let msg = format!("lint of {uri} failed: {e}");
                return state.log(MessageType::ERROR, msg).await;
            }
        };
        match state.docs.state(&uri, id, generation) {
            LintState::Current => {}
            LintState::Stale => continue,
            LintState::Gone { reopened } => return gone(&state, uri, reopened).await,
        }
        state
            .client
            .publish_diagnostics(uri.clone(), diagnostics, Some(version))
            .await;
        match state.docs.finish(&uri, id, generation) {
            LintState::Current => return,
            LintState::Stale => continue,
            LintState::Gone { reopened } => return gone(&state, uri, reopened).await,
        }
    }
}

/// The document closed while its lint ran: clear its diagnostics (unless it was opened
/// again, whose own task publishes).
async fn gone(state: &State, uri: Url, reopened: bool) {
    if !reopened {
        state
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}
