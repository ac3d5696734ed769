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
//! - [`actions`], [`completion`], [`hover`], [`symbols`] — the features.

pub mod actions;
pub mod analysis;
pub mod backend;
pub mod completion;
pub mod convert;
pub mod documents;
pub mod hover;
pub mod scheduler;
pub mod settings;
pub mod state;
pub mod symbols;
pub mod workspace;

pub use backend::Backend;

use crate::rules::Pack;
use std::io::{Read, Write};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Notify;
use tower::Service;
use tower_lsp::jsonrpc::Request;
use tower_lsp::{ClientSocket, LspService, Server};

/// The custom request returning the server's copy of a document.
pub const DOCUMENT_TEXT: &str = "mlsd/documentText";

/// The service and its client socket, over a given (shared) built-in pack.
pub fn service(pack: Arc<Pack>) -> (LspService<Backend>, ClientSocket) {
    LspService::build(move |client| Backend::new(client, pack.clone()))
        .custom_method(DOCUMENT_TEXT, Backend::document_text)
        .finish()
}

/// Serves one session over `input`/`output` until `exit` or end of input. Returns the
/// process exit code: 0 when `shutdown` came first, 1 otherwise (LSP's rule).
pub async fn serve<I, O>(pack: Arc<Pack>, input: I, output: O) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = service(pack);
    let state = service.inner().state().clone();
    // tower-lsp 0.20 notices `exit` only when the next message arrives; stop right away.
    let exited = Arc::new(Notify::new());
    let watched = ExitWatch {
        inner: service,
        exited: exited.clone(),
    };
    tokio::select! {
        _ = Server::new(input, output, socket).serve(watched) => {}
        _ = exited.notified() => {}
    }
    if state.was_shut_down() {
        0
    } else {
        1
    }
}

/// Passes requests through and signals when the `exit` notification goes by.
struct ExitWatch<S> {
    inner: S,
    exited: Arc<Notify>,
}

impl<S: Service<Request>> Service<Request> for ExitWatch<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let exit = req.method() == "exit";
        let fut = self.inner.call(req);
        if exit {
            self.exited.notify_one();
        }
        fut
    }
}

/// `mlsd server`: the session over stdin/stdout. Plain threads move bytes between the
/// standard streams and the runtime, so a closed stdin ends the session at once and
/// nothing waits on a blocked read at exit.
pub fn run_stdio() -> i32 {
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
                            break;
                        }
                    }
                }
            }
            let _ = done_tx.send(());
        });

    let code = rt.block_on(serve(pack, server_in, server_out));
    // The server's output half is dropped: let the writer drain what is left.
    let _ = done_rx.recv_timeout(Duration::from_millis(500));
    rt.shutdown_timeout(Duration::from_millis(100));
    code
}
