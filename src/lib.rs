//! # mlsd — code map
//!
//! mlsd coaches ML system design interview answers written in Markdown. One engine, two
//! thin faces. Layers, lowest first (a module imports only from below; `ARCHITECTURE.md`,
//! checked by `tests/architecture.rs`): `text_index`/`text` → `pack` → `rules` → `engine`
//! → `config` → `coach` → `cli`/`server`.
//!
//! - [`text`] — text primitives: vocabulary matching (`terms`), heading words (`words`).
//! - [`pack`] — the pack's data model: stages, levels, problem types, severities.
//! - [`engine`] — PURE: `lint(text, &pack, &settings) -> Report`. Draft model
//!   (`draft`, `front_matter`, `prose`, `quantity`), the check kinds (`checks`),
//!   suppression comments (`suppress`), fixes (`fix`) and rule docs (`explain`).
//! - [`rules`] — the rule pack: `rules/*.toml` embedded at build time, plus workspace files,
//!   validated with file:line:col errors and compiled (one Aho-Corasick automaton for
//!   every vocabulary).
//! - [`coach`] — PURE, above the engine: the scorecard (six dimensions graded from the
//!   evidence in the draft and the rules that fired, `rules/scorecard.toml`), fix-first
//!   advice, the grouping of findings in interview order, and the card's one renderer.
//! - [`config`] — settings: defaults < `.mlsd.toml` < editor settings < front matter <
//!   command-line flags.
//! - [`text_index`] — THE place where byte offsets become lines and columns.
//! - [`cli`] — `mlsd check` and friends: walk, lint in parallel, report, fix.
//! - `server` (feature `server`, on by default) — `mlsd server`, the language server:
//!   tower-lsp over stdio, ropes per document, lint coalescing off the runtime, quick
//!   fixes, completion, hover, outline and time lens. Thin: it adapts the engine.
//!
//! ## Invariants
//!
//! 1. The engine is pure: no `std::fs`, no printing, no LSP or async types under
//!    `src/engine` (a test greps for them).
//! 2. Linting never fails and never panics: `lint` returns a `Report`, not a `Result`.
//! 3. Offsets are UTF-8 byte ranges into the exact text linted; only `text_index` turns
//!    them into positions, and it clamps.
//! 4. Rule ids live in `rules/*.toml`, not in `src/`. Rust implements check kinds.
//! 5. Every rule carries summary, message, why, weak and strong examples; one test runs
//!    them all, holds them to what they pin (where the finding starts; for a rule with a
//!    safe fix, the fixed text), and a fix must silence its rule on each weak example.
//! 6. One explanation (`engine::explain`) serves `mlsd rule` and hover.
//! 7. Quick fixes travel with their diagnostic (`Diagnostic.data`): no cache, no re-lint.
//! 8. The server applies edits in arrival order (under a std mutex, before any `.await`)
//!    and never lints on the async runtime (`spawn_blocking`, one lint per document).

pub mod cli;
pub mod coach;
pub mod config;
pub mod engine;
pub mod pack;
pub mod rules;
#[cfg(feature = "server")]
pub mod server;
pub mod store;
pub mod text;
pub mod text_index;

pub use engine::{lint, Report, Settings};
pub use rules::Pack;
