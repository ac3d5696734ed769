//! The Markdown inputs of the benches: every `.md`/`.markdown` file under the given paths,
//! read in a stable order.
// Each bench includes this file and uses what it needs of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md" || x == "markdown") {
            out.push(p);
        }
    }
}

/// The text of every Markdown file under `paths`, sorted by path.
pub fn read_set(paths: &[PathBuf]) -> Vec<String> {
    let mut files = Vec::new();
    for p in paths {
        markdown_files(p, &mut files);
    }
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}
