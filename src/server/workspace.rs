//! Workspace configuration: which `.mlsd.toml` governs a document (found with
//! [`config::discover`] from the document's folder, cached per folder and per config path),
//! reloaded when the watcher reports a change. A config that fails to load is reported once
//! and the last good one stays in force. Blocking (file system): call it off the runtime.

use crate::config::{self, Config, Layer, CONFIG_FILE};
use crate::rules::Pack;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use tower_lsp::lsp_types::Url;

/// The configuration in force for one document.
#[derive(Clone)]
pub struct Resolved {
    pub pack: Arc<Pack>,
    /// The `.mlsd.toml` layer (empty without a config).
    pub layer: Layer,
    pub config: Option<Arc<Config>>,
    /// A config file that failed to load just now (to show the writer), with the error.
    pub error: Option<String>,
}

pub struct Workspace {
    builtin: Arc<Pack>,
    roots: RwLock<Vec<PathBuf>>,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    /// Folder → the config file `discover` finds from it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    configs: HashMap<PathBuf, Entry>,
}

struct Entry {
    good: Option<Arc<Config>>,
    /// The file changed since it was loaded.
    stale: bool,
}

impl Workspace {
    pub fn new(builtin: Arc<Pack>) -> Self {
        Workspace {
            builtin,
            roots: RwLock::new(Vec::new()),
            cache: Mutex::new(Cache::default()),
        }
    }

    fn cache(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn builtin(&self) -> &Arc<Pack> {
        &self.builtin
    }

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        *self.roots.write().unwrap_or_else(|e| e.into_inner()) = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The configuration for a document (builtin defaults when none is found).
    pub fn resolve(&self, uri: &Url) -> Resolved {
        let none = Resolved {
            pack: self.builtin.clone(),
            layer: Layer::default(),
            config: None,
            error: None,
        };
        let Some(path) = self.config_path(uri) else {
            return none;
        };
        let mut cache = self.cache();
        let entry = cache.configs.entry(path.clone()).or_insert(Entry {
            good: None,
            stale: true,
        });
        let mut error = None;
        if entry.stale {
            entry.stale = false;
            match Config::load(&path) {
                Ok(c) => entry.good = Some(Arc::new(c)),
                Err(e) => {
                    let kept = if entry.good.is_some() {
                        "the last good configuration stays in force"
                    } else {
                        "using the defaults"
                    };
                    error = Some(format!("mlsd: {e} ({kept})"));
                }
            }
        }
        match &entry.good {
            Some(c) => Resolved {
                pack: c.pack.clone(),
                layer: c.layer.clone(),
                config: Some(c.clone()),
                error,
            },
            None => Resolved { error, ..none },
        }
    }

    /// The `.mlsd.toml` that governs a document, if any.
    pub fn config_path(&self, uri: &Url) -> Option<PathBuf> {
        let file = uri.to_file_path().ok()?;
        let dir = file.parent()?.to_path_buf();
        let mut cache = self.cache();
        if let Some(found) = cache.discovered.get(&dir) {
            return found.clone();
        }
        let found = config::discover(&dir);
        cache.discovered.insert(dir, found.clone());
        found
    }

    /// Where a new workspace `.mlsd.toml` for this document goes: the one in force, else
    /// the workspace folder holding the document, else the document's folder.
    pub fn config_target(&self, uri: &Url) -> Option<PathBuf> {
        if let Some(p) = self.config_path(uri) {
            return Some(p);
        }
        let file = uri.to_file_path().ok()?;
        let root = self
            .roots()
            .into_iter()
            .filter(|r| file.starts_with(r))
            .max_by_key(|r| r.components().count());
        Some(
            root.unwrap_or(file.parent()?.to_path_buf())
                .join(CONFIG_FILE),
        )
    }

    /// A watched file changed. Returns whether open drafts need a new lint.
    pub fn file_changed(&self, path: &Path) -> bool {
        let mut cache = self.cache();
        let is_config = path.file_name().is_some_and(|n| n == CONFIG_FILE);
        if is_config {
            // Created or deleted files change what `discover` finds.
            cache.discovered.clear();
        }
        let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let mut hit = is_config;
        for (cfg_path, entry) in cache.configs.iter_mut() {
            let rule_file = entry.good.as_ref().is_some_and(|c| {
                c.rule_files
                    .iter()
                    .any(|r| r == path || r.canonicalize().is_ok_and(|r| r == canon))
            });
            let same = cfg_path == path || cfg_path.canonicalize().is_ok_and(|c| c == canon);
            if same || rule_file {
                entry.stale = true;
                hit = true;
            }
        }
        hit
    }

    /// Forgets every cached lookup and marks every config for reloading.
    pub fn invalidate_all(&self) {
        let mut cache = self.cache();
        cache.discovered.clear();
        for e in cache.configs.values_mut() {
            e.stale = true;
        }
    }
}
