//! `mlsd server`: the language server, a thin adapter over the engine (no guidance logic
//! and no rule ids here). tower-lsp 0.20 over stdio; stdout carries only the protocol,
//! logs go to stderr and `window/logMessage`.
//!
//! - [`backend`] — the `LanguageServer` impl: one short handler per request.
//! - [`documents`] — ropes, versions, ordered application of edits (std mutex, no await).
//! - [`scheduler`] — lint coalescing: one task per document, lint in `spawn_blocking`,
//!   publish only the newest.
//! - [`convert`] — positions and encodings (UTF-8/UTF-16), findings ↔ diagnostics.
//! - [`analysis`] — a snapshot with its config, settings and "is it a draft?".
//! - [`workspace`] — `.mlsd.toml` discovery, caching, reloading.
//! - [`settings`] — the editor settings JSON → the editor config layer.
//! - [`liveness`] — the client process named in `processId`: its death ends the session.
//! - [`actions`], [`completion`], [`hover`], [`symbols`], [`score`] — the features.

pub mod actions;
pub mod analysis;
pub mod backend;
pub mod completion;
pub mod convert;
pub mod documents;
pub mod hover;
pub mod liveness;
pub mod numbers;
pub mod practice;
pub mod scheduler;
pub mod score;
pub mod settings;
pub mod state;
pub mod symbols;
pub mod workspace;

pub use backend::Backend;
use state::State;

use crate::rules::Pack;
use std::future::Future;
use std::io::{Read, Write};
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower::Service;
use tower_lsp::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp::lsp_types::MessageType;
use tower_lsp::{ClientSocket, LspService, Server};

/// The custom request returning the server's copy of a document.
pub const DOCUMENT_TEXT: &str = "mlsd/documentText";

/// Test-only methods, registered by [`service_with_test_methods`] (the in-process test
/// harness) and never by `mlsd server`, so no editor can reach them.
#[doc(hidden)]
pub mod test_methods {
    /// A request whose handler panics (`{"in": "analysis", "uri": ...}`: inside the
    /// analysis of a document).
    pub const PANIC: &str = "mlsd/test/panic";
    /// A notification whose handler panics.
    pub const PANIC_NOTIFICATION: &str = "mlsd/test/panicNotification";
    /// A request answered after `{"ms": N}` milliseconds.
    pub const SLEEP: &str = "mlsd/test/sleep";
    /// The URIs of the open documents.
    pub const OPEN_DOCUMENTS: &str = "mlsd/test/openDocuments";
    /// How many drafts this server has parsed (one per analysed document version).
    pub const PARSES: &str = "mlsd/test/parses";
}

/// The service and its client socket, over a given (shared) built-in pack.
pub fn service(pack: Arc<Pack>) -> (LspService<Backend>, ClientSocket) {
    LspService::build(move |client| Backend::new(client, pack.clone()))
        .custom_method(DOCUMENT_TEXT, Backend::document_text)
        .finish()
}

/// [`service`] plus the [`test_methods`]: for the in-process protocol tests only.
#[doc(hidden)]
pub fn service_with_test_methods(pack: Arc<Pack>) -> (LspService<Backend>, ClientSocket) {
    LspService::build(move |client| Backend::new(client, pack.clone()))
        .custom_method(DOCUMENT_TEXT, Backend::document_text)
        .custom_method(test_methods::PANIC, Backend::test_panic)
        .custom_method(
            test_methods::PANIC_NOTIFICATION,
            Backend::test_panic_notification,
        )
        .custom_method(test_methods::SLEEP, Backend::test_sleep)
        .custom_method(test_methods::OPEN_DOCUMENTS, Backend::test_open_documents)
        .custom_method(test_methods::PARSES, Backend::test_parses)
        .finish()
}

/// Serves one session over `input`/`output` until `exit` or end of input. Returns the
/// process exit code: 0 when `shutdown` came first, 1 otherwise (LSP's rule).
pub async fn serve<I, O>(pack: Arc<Pack>, input: I, output: O) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    serve_service(service(pack), input, output, std::future::pending()).await
}

/// [`serve`] with the [`test_methods`] registered: for the in-process protocol tests only.
#[doc(hidden)]
pub async fn serve_with_test_methods<I, O>(pack: Arc<Pack>, input: I, output: O) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    serve_service(
        service_with_test_methods(pack),
        input,
        output,
        std::future::pending(),
    )
    .await
}

/// Serves until `exit`, end of input, the death of the client process, or `stop`.
async fn serve_service<I, O>(
    (service, socket): (LspService<Backend>, ClientSocket),
    input: I,
    output: O,
    stop: impl Future<Output = ()>,
) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let state = service.inner().state().clone();
    let guarded = Guard {
        inner: service,
        state: state.clone(),
    };
    // tower-lsp 0.20 notices `exit` only when the next message arrives; the guard ends the
    // session right away.
    tokio::select! {
        _ = Server::new(input, output, socket).serve(guarded) => {}
        _ = state.session_ended() => {}
        _ = stop => {}
    }
    if state.was_shut_down() {
        0
    } else {
        1
    }
}

/// Wraps the service: ends the session when the `exit` notification goes by, and catches
/// a panic in any handler, so that its request gets an InternalError and the session goes
/// on (without it, the panic would unwind through tower-lsp's serve loop and end the
/// session for every document).
struct Guard<S> {
    inner: S,
    state: Arc<State>,
}

impl<S> Service<Request> for Guard<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = CatchPanic<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let exit = req.method() == "exit";
        let id = req.id().cloned();
        let method = req.method().to_string();
        let fut = Box::pin(self.inner.call(req));
        if exit {
            self.state.end_session();
        }
        CatchPanic {
            fut,
            id,
            method,
            state: self.state.clone(),
        }
    }
}

/// A handler's future that turns a panic into an InternalError response.
struct CatchPanic<F> {
    fut: Pin<Box<F>>,
    id: Option<Id>,
    method: String,
    state: Arc<State>,
}

impl<F, E> Future for CatchPanic<F>
where
    F: Future<Output = Result<Option<Response>, E>>,
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let fut = &mut this.fut;
        match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(payload) => {
                let what = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                let msg = format!("internal error in {}: {what}", this.method);
                let state = this.state.clone();
                let log = msg.clone();
                tokio::spawn(async move { state.log(MessageType::ERROR, log).await });
                // The panicked future is never polled again: this one is Ready now.
                Poll::Ready(Ok(this.id.take().map(|id| {
                    Response::from_error(
                        id,
                        Error {
                            code: ErrorCode::InternalError,
                            message: msg.into(),
                            data: None,
                        },
                    )
                })))
            }
        }
    }
}

/// `mlsd server`: the session over stdin/stdout. Plain threads move bytes between the
/// standard streams and the runtime, so a closed stdin ends the session at once and
/// nothing waits on a blocked read at exit.
pub fn run_stdio() -> i32 {
    crate::text::lean::choose_lean();
    let pack = match Pack::builtin() {
        Ok(p) => Arc::new(p),
        Err(e) => {
            eprintln!("mlsd: built-in rule pack: {e}");
            return 2;
        }
    };
    // One async worker and one lint thread: lints are short (a 3,000-word draft takes well
    // under a millisecond), and each extra thread keeps its own malloc arena of retained
    // memory (≈ 4 MB per thread with 100 drafts open).
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(1)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mlsd: cannot start the runtime: {e}");
            return 2;
        }
    };
    let handle = rt.handle().clone();
    let (server_in, mut stdin_tx) = tokio::io::duplex(64 * 1024);
    let (mut stdout_rx, server_out) = tokio::io::duplex(64 * 1024);

    let h = handle.clone();
    let _reader = std::thread::Builder::new()
        .name("mlsd-stdin".into())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match stdin.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if h.block_on(stdin_tx.write_all(&buf[..n])).is_err() {
                    break;
                }
            }
            // Dropping the writer tells the server its input ended.
            let _ = h.block_on(stdin_tx.shutdown());
        });
    let h = handle.clone();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    // A client that closed our stdout hears nothing more: the session ends.
    let stdout_gone = Arc::new(tokio::sync::Notify::new());
    let gone = stdout_gone.clone();
    let _writer = std::thread::Builder::new()
        .name("mlsd-stdout".into())
        .spawn(move || {
            let mut stdout = std::io::stdout().lock();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match h.block_on(stdout_rx.read(&mut buf)) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if stdout
                            .write_all(&buf[..n])
                            .and_then(|_| stdout.flush())
                            .is_err()
                        {
                            eprintln!("mlsd: stdout is closed; ending the session");
                            gone.notify_one();
                            break;
                        }
                    }
                }
            }
            let _ = done_tx.send(());
        });

    let stop = async move { stdout_gone.notified().await };
    let code = rt.block_on(serve_service(service(pack), server_in, server_out, stop));
    // The server's output half is dropped: let the writer drain what is left.
    let _ = done_rx.recv_timeout(Duration::from_millis(500));
    rt.shutdown_timeout(Duration::from_millis(100));
    code
}
