//! The practice history's store: the JSON Lines file in the data folder, read and appended
//! under an advisory lock (see `coach::history` for the rules it keeps). The one module of
//! the practice history that touches the disk; it sits beside `cli` and `server`, above the
//! pure coach.

use crate::coach::history::{
    normalise_question, parse, read_line, Attempt, Line, Loaded, DUPLICATE_WINDOW_SECS, FILE_NAME,
    LOCK_NAME,
};
use serde::Deserialize;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How much of the end of the file the duplicate check reads.
const TAIL_BYTES: u64 = 64 * 1024;

/// A problem with the store, naming the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> StoreError {
    let why = match e.raw_os_error() {
        Some(28) => "no space left on the device".to_string(),
        Some(30) => "read-only file system".to_string(),
        _ if e.kind() == std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    StoreError(format!("{what} {}: {why}", path.display()))
}

/// The user's own config (`config.toml` in mlsd's config folder, e.g.
/// `~/.config/mlsd/config.toml`; `MLSD_CONFIG_DIR` overrides the folder). Not the
/// workspace's `.mlsd.toml`: whether to record is the user's choice, not a repository's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Record every `mlsd check` of a draft (default false).
    #[serde(default)]
    pub record: bool,
    /// Where the history lives (else `MLSD_DATA_DIR`, else the platform's data folder).
    #[serde(default)]
    pub data_dir: Option<PathBuf>,
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "mlsd")
}

/// The user config's path.
pub fn user_config_path() -> Option<PathBuf> {
    env_path("MLSD_CONFIG_DIR")
        .or_else(|| project_dirs().map(|d| d.config_dir().to_path_buf()))
        .map(|d| d.join("config.toml"))
}

/// Reads the user config; none → defaults; unreadable or invalid → an error naming it.
/// The CLI and the language server read it the same way.
pub fn user_config() -> Result<UserConfig, StoreError> {
    let Some(path) = user_config_path() else {
        return Ok(UserConfig::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserConfig::default()),
        Err(e) => return Err(StoreError(format!("{}: cannot read: {e}", path.display()))),
    };
    toml::from_str(&text).map_err(|e| {
        StoreError(format!(
            "{}: {} (keys: record = true|false, data_dir = \"PATH\")",
            path.display(),
            e.message()
        ))
    })
}

/// The history folder: `--data-dir`, else `MLSD_DATA_DIR`, else the user config's
/// `data_dir`, else the platform's data folder (`~/.local/share/mlsd` on Linux).
pub fn data_dir(flag: Option<&Path>, user: &UserConfig) -> Result<PathBuf, StoreError> {
    flag.map(Path::to_path_buf)
        .or_else(|| env_path("MLSD_DATA_DIR"))
        .or_else(|| user.data_dir.clone())
        .or_else(|| project_dirs().map(|d| d.data_dir().to_path_buf()))
        .ok_or_else(|| {
            StoreError(
                "cannot find a data folder for the practice history (no home folder); \
                 set MLSD_DATA_DIR or pass --data-dir"
                    .into(),
            )
        })
}

/// The data file in folder `dir`.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Holds the exclusive (or shared) lock until dropped.
struct Locked(File);

impl Drop for Locked {
    fn drop(&mut self) {
        let _ = fs4::FileExt::unlock(&self.0);
    }
}

fn lock(dir: &Path, exclusive: bool) -> Result<Locked, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, &e))?;
    let path = dir.join(LOCK_NAME);
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .read(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, &e))?;
    let r = if exclusive {
        fs4::FileExt::lock(&f)
    } else {
        fs4::FileExt::lock_shared(&f)
    };
    r.map_err(|e| io_error("cannot lock", &path, &e))?;
    Ok(Locked(f))
}

/// What [`append`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The line was added; the file's path.
    Added(PathBuf),
    /// The same draft was recorded for the same question this many seconds ago.
    Duplicate { seconds_ago: i64 },
}

/// Appends one attempt to the history in `dir` (created when missing), unless the same
/// draft for the same question was recorded within [`DUPLICATE_WINDOW_SECS`].
pub fn append(dir: &Path, attempt: &Attempt) -> Result<Appended, StoreError> {
    let mut line = serde_json::to_vec(attempt)
        .map_err(|e| StoreError(format!("cannot encode the attempt: {e}")))?;
    line.push(b'\n');
    let _lock = lock(dir, true)?;
    let path = file_in(dir);
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, &e))?;
    if let Some(now) = attempt.unix() {
        if let Some(ago) = recent_duplicate(&mut f, attempt, now) {
            return Ok(Appended::Duplicate { seconds_ago: ago });
        }
    }
    // One write for the whole line (O_APPEND): a short write is reported, and the torn
    // line it leaves is skipped with a warning when read.
    let n = f
        .write(&line)
        .map_err(|e| io_error("cannot write to", &path, &e))?;
    if n != line.len() {
        return Err(StoreError(format!(
            "cannot write to {}: only {n} of {} bytes written (disk full?)",
            path.display(),
            line.len()
        )));
    }
    f.sync_data()
        .map_err(|e| io_error("cannot sync", &path, &e))?;
    Ok(Appended::Added(path))
}

/// Seconds since the same hash and question were recorded, when that was within the window.
fn recent_duplicate(f: &mut File, attempt: &Attempt, now: i64) -> Option<i64> {
    let len = f.metadata().ok()?.len();
    let from = len.saturating_sub(TAIL_BYTES);
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut buf = Vec::new();
    f.take(TAIL_BYTES).read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf);
    for line in text.lines().rev() {
        let Ok(a) = serde_json::from_str::<Attempt>(line) else {
            continue;
        };
        if a.hash == attempt.hash && a.question == attempt.question {
            let ago = now - a.unix()?;
            return (0..DUPLICATE_WINDOW_SECS).contains(&ago).then_some(ago);
        }
    }
    None
}

/// Reads the history in `dir` (no file: empty). Takes a shared lock when it can, so a
/// forget in progress is not seen half-done; never writes the data file.
pub fn load(dir: &Path) -> Result<Loaded, StoreError> {
    let path = file_in(dir);
    if !path.exists() {
        return Ok(Loaded::default());
    }
    // A read-only folder cannot hold a lock file: read without it.
    let _lock = lock(dir, false).ok();
    let bytes = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    Ok(parse(&bytes, &path))
}

/// Which attempts [`forget`] removes.
pub enum Forget<'a> {
    All,
    /// Attempts whose question key or normalised title is this (normalised).
    Question(&'a str),
}

/// What [`forget`] removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub attempts: usize,
    /// Unreadable lines dropped (only with `Forget::All`).
    pub unreadable: usize,
}

/// Removes attempts: the kept lines go to a temporary file beside the data file, which is
/// synced and renamed over it, all under the exclusive lock.
pub fn forget(dir: &Path, which: Forget) -> Result<Forgotten, StoreError> {
    let path = file_in(dir);
    if !path.exists() {
        return Ok(Forgotten {
            attempts: 0,
            unreadable: 0,
        });
    }
    let _lock = lock(dir, true)?;
    let bytes = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    let key = match &which {
        Forget::All => String::new(),
        Forget::Question(q) => normalise_question(q),
    };
    let mut kept: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut gone = Forgotten {
        attempts: 0,
        unreadable: 0,
    };
    for raw in bytes.split_inclusive(|&b| b == b'\n') {
        let body = raw.strip_suffix(b"\n").unwrap_or(raw);
        if body.iter().all(u8::is_ascii_whitespace) {
            kept.extend_from_slice(raw);
            continue;
        }
        let drop = match (read_line(body), &which) {
            (Line::Attempt(_), Forget::All) => {
                gone.attempts += 1;
                true
            }
            (_, Forget::All) => {
                gone.unreadable += 1;
                true
            }
            (Line::Attempt(a), Forget::Question(_)) => {
                let hit = a.question == key
                    || normalise_question(&a.title) == key
                    || a.bank.as_deref() == Some(key.as_str());
                if hit {
                    gone.attempts += 1;
                }
                hit
            }
            _ => false,
        };
        if !drop {
            kept.extend_from_slice(raw);
        }
    }
    if gone.attempts == 0 && gone.unreadable == 0 {
        return Ok(gone);
    }
    let tmp = dir.join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(&kept)?;
        f.sync_all()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error("cannot write", &tmp, &e));
    }
    if let Err(e) = std::fs::rename(&tmp, &path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error("cannot replace", &path, &e));
    }
    // The rename itself survives a crash once the folder is synced (Unix only).
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(gone)
}
