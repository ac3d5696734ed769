//! Rendered stage sections kept with the pack: the engine fills it, the pack owns it (one
//! cache per compiled pack, dropped with it).

use super::StageId;
use std::collections::HashMap;
use std::sync::Mutex;

/// Stage sections by (stage, problem type, heading level, line ending, interview minutes).
/// A draft missing five stages gets five "add the section" fixes on every lint, and the
/// sections are the same from draft to draft.
#[derive(Debug, Default)]
pub struct SectionCache(Mutex<HashMap<SectionKey, String>>);

/// (stage, problem type, heading level, line ending, interview minutes).
pub type SectionKey = (StageId, String, u8, String, u32);

impl Clone for SectionCache {
    fn clone(&self) -> Self {
        SectionCache::default()
    }
}

impl SectionCache {
    pub fn get(&self, key: &SectionKey) -> Option<String> {
        self.0.lock().ok()?.get(key).cloned()
    }

    /// Bounded: problem types come from drafts, so cap what a hostile workspace could add.
    pub fn insert(&self, key: SectionKey, section: String) {
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() < 4096 {
                cache.insert(key, section);
            }
        }
    }
}
