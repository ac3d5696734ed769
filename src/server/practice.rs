//! The practice history in the editor: with `recordOnSave` on, each save of a draft records
//! an attempt (the same line `mlsd check --record` appends); the command `mlsd.showProgress`
//! answers the progress view as Markdown. The store and the reasoning are the coach's and
//! the store's; this file only finds the data folder and calls them. Both run off the async
//! runtime (they read, lock and fsync a file).

use super::analysis::Analysis;
use crate::coach::{history, progress, render};
use crate::store::{self, Appended};
use serde_json::Value;

pub const CMD_SHOW_PROGRESS: &str = "mlsd.showProgress";

/// The history folder, the way the CLI finds it (`MLSD_DATA_DIR`, the user config's
/// `data_dir`, the platform's data folder).
fn data_dir() -> Result<std::path::PathBuf, String> {
    let user = store::user_config().map_err(|e| e.0)?;
    store::data_dir(None, &user).map_err(|e| e.0)
}

/// The attempt a save records, or `None` for a document that is not a draft.
pub fn attempt(a: &Analysis) -> Option<history::Attempt> {
    if !a.enabled || a.pack().scorecard.is_empty() {
        return None;
    }
    Some(a.with_assessment(|draft, assessed| {
        history::attempt(draft, a.pack(), assessed, a.text(), history::now_rfc3339())
    }))
}

/// Appends the attempt; the message to log says what happened (and where).
pub fn record(attempt: &history::Attempt) -> Result<String, String> {
    let dir = data_dir()?;
    match store::append(&dir, attempt).map_err(|e| e.0)? {
        Appended::Added(path) => Ok(format!(
            "recorded “{}” {} ({}) in {}",
            attempt.title,
            attempt.overall,
            attempt.grade,
            path.display()
        )),
        Appended::Duplicate { .. } => Ok(format!(
            "not recorded: this draft of “{}” was recorded a moment ago",
            attempt.title
        )),
    }
}

/// `mlsd.showProgress [question?]`: the progress view as Markdown, optionally for the
/// questions whose title contains the text.
pub fn show(args: &[Value], pack: &crate::rules::Pack) -> Result<String, String> {
    let dir = data_dir()?;
    let file = store::file_in(&dir);
    let loaded = store::load(&dir).map_err(|e| e.0)?;
    let needle = args
        .first()
        .and_then(Value::as_str)
        .map(history::normalise_question)
        .filter(|s| !s.is_empty());
    let attempts: Vec<history::Attempt> = loaded
        .attempts
        .into_iter()
        .filter(|a| {
            needle.as_deref().is_none_or(|n| {
                a.question.contains(n) || history::normalise_question(&a.title).contains(n)
            })
        })
        .collect();
    let p = progress::progress(&attempts, pack);
    let mut md = render::progress_markdown(&p, &file.display().to_string());
    if !loaded.warnings.is_empty() {
        md.push_str(&format!(
            "\n{} unreadable line(s) in the history were skipped (`mlsd progress` names them).\n",
            loaded.warnings.len()
        ));
    }
    Ok(md)
}
