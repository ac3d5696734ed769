//! Memory over speed, chosen once by a long-lived process.
//!
//! The language server keeps many drafts open for hours, and each draft is short: it does
//! not hand a long draft's reading to a second thread (each thread keeps its own malloc
//! arena of retained memory). The command line keeps the default: speed.

use std::sync::atomic::{AtomicBool, Ordering};

static LEAN: AtomicBool = AtomicBool::new(false);

/// From now on, this process prefers small memory to the last per cent of speed.
pub fn choose_lean() {
    LEAN.store(true, Ordering::Relaxed);
}

pub fn is_lean() -> bool {
    LEAN.load(Ordering::Relaxed)
}
