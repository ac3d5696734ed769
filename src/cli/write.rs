//! Writing fixed drafts without ever losing data: a temp file in the same folder, fsync,
//! the original's permissions, then an atomic rename. A file that changed on disk since it
//! was read is left alone. A symlink is written through to its target (the link stays).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// `--fix`'s write: refused when the file's real path (after every symlink) lies outside
/// `roots` (the folders given on the command line), else [`write_atomically`].
pub fn write_fixed(
    path: &Path,
    roots: &[PathBuf],
    original: &[u8],
    new: &str,
) -> Result<(), String> {
    let real = super::inputs::inside_roots(path, roots)?;
    test_hooks::before_write();
    write_atomically(&real, original, new)
}

/// Replaces the file at `path` with `new`, if it still holds `original`.
pub fn write_atomically(path: &Path, original: &[u8], new: &str) -> Result<(), String> {
    let target: PathBuf =
        std::fs::canonicalize(path).map_err(|e| format!("cannot resolve path: {e}"))?;
    let current =
        std::fs::read(&target).map_err(|e| format!("cannot re-read before writing: {e}"))?;
    if current != original {
        return Err("changed on disk while mlsd was reading it; not written (run again)".into());
    }
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot stat: {e}"))?;
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.mlsd-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(new.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        drop(f);
        test_hooks::before_rename();
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write: {e}"));
    }
    Ok(())
}

/// Hooks that let the black-box tests in `tests/fix_safety.rs` act at exact moments of a
/// `--fix` run. They do nothing unless their environment variable is set.
mod test_hooks {
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    /// `MLSD_TEST_PAUSE_BEFORE_WRITE=<folder>`: before re-reading a file to write it, create
    /// `<folder>/paused` and wait (at most 60 s) until `<folder>/resume` exists.
    pub fn before_write() {
        let Some(dir) = std::env::var_os("MLSD_TEST_PAUSE_BEFORE_WRITE").map(PathBuf::from) else {
            return;
        };
        let _ = std::fs::write(dir.join("paused"), b"");
        let started = Instant::now();
        while !dir.join("resume").exists() && started.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `MLSD_TEST_DELAY_BEFORE_RENAME_MS=<n>`: sleep between writing the temporary file and
    /// renaming it over the original (widens the window a kill can land in).
    pub fn before_rename() {
        if let Some(ms) = std::env::var("MLSD_TEST_DELAY_BEFORE_RENAME_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(Duration::from_millis(ms.min(10_000)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        write_atomically(&p, b"old", "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert!(write_atomically(&p, b"old", "newer").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symlinks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"old", "new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
