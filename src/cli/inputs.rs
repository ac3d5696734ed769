//! Which texts a `mlsd check` run lints: named files always, Markdown files found in named
//! folders (respecting .gitignore, hidden folders and the config's include/exclude), and
//! stdin. Reading turns every kind of bad file into a message, never a panic.

use std::path::{Path, PathBuf};

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file named on the command line (linted whatever its extension).
    Named(PathBuf),
    /// A Markdown file found in a folder walk (subject to include/exclude).
    Found(PathBuf),
    /// A path that could not be walked or does not exist, with the reason.
    Missing(PathBuf, String),
    /// A symlink found in a folder walk that mlsd will not read, with the reason (its
    /// target lies outside every folder given, or it is a folder).
    Skipped(PathBuf, String),
    Stdin,
}

impl Input {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Named(p) | Input::Found(p) | Input::Missing(p, _) | Input::Skipped(p, _) => {
                Some(p)
            }
            Input::Stdin => None,
        }
    }
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The folders a run may read through symlinks and write to: every folder named on the
/// command line and the folder holding every file named there (as the user wrote the
/// path, before following a final symlink), all resolved to their real paths.
pub fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            continue;
        }
        let folder = if p.is_dir() {
            p.clone()
        } else {
            match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        if let Ok(real) = folder.canonicalize() {
            if !out.contains(&real) {
                out.push(real);
            }
        }
    }
    out
}

/// The real path of `path` when it lies inside one of `roots`; otherwise why not.
pub fn inside_roots(path: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let real = path
        .canonicalize()
        .map_err(|e| format!("cannot resolve: {}", describe_io(&e)))?;
    if roots.iter().any(|r| real.starts_with(r)) {
        Ok(real)
    } else {
        Err(format!(
            "it resolves to {}, outside the folders given on the command line",
            real.display()
        ))
    }
}

/// Expands the command-line paths, in a stable order (folders sorted by name).
pub fn collect(paths: &[PathBuf], no_ignore: bool) -> Vec<Input> {
    let roots = roots(paths);
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => out.push(Input::Missing(p.clone(), describe_io(&e))),
            Ok(m) if m.is_dir() => walk(p, no_ignore, &roots, &mut out),
            Ok(_) => out.push(Input::Named(p.clone())),
        }
    }
    let mut seen = std::collections::HashSet::new();
    // A file named and also found in a folder is linted once (first mention wins).
    out.retain(|i| match i.path() {
        Some(p) => seen.insert(p.canonicalize().unwrap_or_else(|_| p.to_path_buf())),
        None => true,
    });
    out
}

/// Walks a folder. Symlinks are never followed as folders (so a link loop cannot make the
/// walk endless); a symlinked Markdown file is read only when its real path lies inside the
/// given folders, and a link that cannot be resolved (dangling, or a loop) is an error.
fn walk(root: &Path, no_ignore: bool, roots: &[PathBuf], out: &mut Vec<Input>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .hidden(!no_ignore)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .ignore(!no_ignore)
        .parents(!no_ignore)
        .require_git(false);
    for entry in builder.build() {
        match entry {
            Ok(e) => {
                if !is_markdown(e.path()) {
                    continue;
                }
                let Some(kind) = e.file_type() else { continue };
                if kind.is_file() {
                    out.push(Input::Found(e.into_path()));
                } else if kind.is_symlink() {
                    let path = e.into_path();
                    match std::fs::metadata(&path) {
                        Err(err) => {
                            let why = describe_io(&err);
                            out.push(Input::Missing(path, format!("broken symlink: {why}")));
                        }
                        Ok(m) if m.is_file() => match inside_roots(&path, roots) {
                            Ok(_) => out.push(Input::Found(path)),
                            Err(why) => out
                                .push(Input::Skipped(path, format!("symlink not followed: {why}"))),
                        },
                        // A link to a folder or a device: not a draft, never followed.
                        Ok(_) => {}
                    }
                }
            }
            Err(err) => {
                // An unreadable folder or a broken entry: report it, keep walking.
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => root.to_path_buf(),
                };
                out.push(Input::Missing(path, err.to_string()));
            }
        }
    }
}

/// Reads a draft: bytes must be text (no NUL) and valid UTF-8.
pub fn read_text(bytes: Vec<u8>) -> Result<String, String> {
    // Anywhere in the file, not only at the start: a text holding NUL is not one mlsd
    // should quote in a report or rewrite with --fix.
    if memchr::memchr(0, &bytes).is_some() {
        return Err("binary file (it contains NUL bytes); not linted".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_binary_and_bad_utf8() {
        assert!(read_text(b"ab\0cd".to_vec())
            .unwrap_err()
            .contains("binary"));
        assert!(read_text(b"ab\xffcd".to_vec())
            .unwrap_err()
            .contains("offset 2"));
        assert_eq!(read_text("ok ✓".as_bytes().to_vec()).unwrap(), "ok ✓");
    }

    #[test]
    fn markdown_extensions() {
        assert!(is_markdown(Path::new("a/B.MD")));
        assert!(is_markdown(Path::new("x.markdown")));
        assert!(!is_markdown(Path::new("x.txt")));
    }
}
