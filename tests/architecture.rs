//! The layers of `ARCHITECTURE.md`, enforced: a module may import only from layers below
//! its own. Reads every `src/**/*.rs` and follows `crate::…` (and root-reaching `super::…`)
//! paths outside `#[cfg(test)]` modules; tests may build fixtures from any layer.

use std::path::{Path, PathBuf};

/// Top-level modules, lowest layer first. Modules on one line are peers: they may not
/// import each other either. A new top-level module must be placed here.
const LAYERS: &[&[&str]] = &[
    &["text_index", "text"],
    &["pack"],
    &["rules"],
    &["engine"],
    &["config"],
    &["coach"],
    &["store"],
    &["cli", "server"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Module path of a file under `src`: `engine/draft.rs` → `["engine", "draft"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code a layer check reads: no comments, no `#[cfg(test)] mod … { … }` blocks
/// (rustfmt closes a top-level module with a lone `}`).
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" && lines.peek().is_some_and(|n| n.contains("mod ")) {
            let opener = lines.next().unwrap_or_default();
            if opener.trim_end().ends_with('{') {
                let indent = &opener[..opener.len() - opener.trim_start().len()];
                let closer = format!("{indent}}}");
                for l in lines.by_ref() {
                    if l.trim_end() == closer {
                        break;
                    }
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or_default();
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Top-level modules a file's code names, with the line they are named on.
fn imported_modules(code: &str, depth: usize) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = [rest.find("crate::"), rest.find("super::")]
            .into_iter()
            .flatten()
            .min()
        {
            let after_start = &rest[i..];
            let (supers, tail) = if let Some(t) = after_start.strip_prefix("crate::") {
                (None, t)
            } else {
                let mut t = after_start;
                let mut k = 0;
                while let Some(s) = t.strip_prefix("super::") {
                    t = s;
                    k += 1;
                }
                (Some(k), t)
            };
            // Not an identifier boundary (e.g. `mlsd_crate::`): skip.
            let boundary = rest[..i]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric() && c != '_');
            let reaches_root = supers.is_none_or(|k| k == depth);
            if boundary && reaches_root {
                for name in first_segments(tail) {
                    found.push((name, n + 1));
                }
            }
            let consumed = after_start.len() - tail.len();
            rest = &rest[i + consumed.max(1)..];
        }
    }
    found
}

/// `engine::x` → `["engine"]`; `{engine::x, rules}` → `["engine", "rules"]`.
fn first_segments(tail: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = tail.strip_prefix('{') {
        let mut depth = 0;
        let mut names = Vec::new();
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    names.push(ident(&group[start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    names.push(ident(&group[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        names.retain(|n| !n.is_empty() && n != "self");
        names
    } else {
        vec![ident(tail)]
    }
}

/// Every import that points up or sideways, as `file:line: a -> b`.
fn violations(file: &str, module: &[String], text: &str) -> Vec<String> {
    let Some(own) = module.first().and_then(|m| layer_of(m)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (target, line) in imported_modules(&production_code(text), module.len()) {
        if target == module[0] {
            continue;
        }
        match layer_of(&target) {
            Some(l) if l < own => {}
            Some(_) => out.push(format!("{file}:{line}: {} -> {target}", module[0])),
            // Crate-root items (`crate::lint`, `crate::Pack`) are re-exports from below.
            None => {}
        }
    }
    out
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&root, &mut files);
    let mut bad = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        let module = module_path(rel);
        // The crate root and the binary sit above every layer.
        if matches!(module.as_slice(), [m] if m == "lib" || m == "main") {
            continue;
        }
        assert!(
            layer_of(&module[0]).is_some(),
            "src/{}: module `{}` has no layer; place it in LAYERS and ARCHITECTURE.md",
            rel.display(),
            module[0]
        );
        let text = std::fs::read_to_string(f).unwrap();
        bad.extend(violations(&rel.display().to_string(), &module, &text));
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} files read");
    assert!(
        bad.is_empty(),
        "imports against the layers:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_layer_named_in_the_code_map_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            root.join(format!("{module}.rs")).exists() || root.join(module).is_dir(),
            "layer module {module} is gone"
        );
    }
}

#[test]
fn the_check_catches_upward_and_sideways_imports() {
    let m = |p: &str| module_path(Path::new(p));
    let text = "use crate::server::x;\nuse crate::{text::terms, coach::Card};\n";
    assert_eq!(
        violations("engine/a.rs", &m("engine/a.rs"), text),
        [
            "engine/a.rs:1: engine -> server",
            "engine/a.rs:2: engine -> coach"
        ]
    );
    // `super::super::` from `rules/a/b.rs` is the crate root.
    let up = "    let x = super::super::super::engine::lint;\n";
    assert_eq!(violations("rules/a/b.rs", &m("rules/a/b.rs"), up).len(), 1);
    assert!(violations("rules/a.rs", &m("rules/a.rs"), "use super::check;").is_empty());
    // Peers may not lean on each other; lower layers and tests may be used freely.
    assert_eq!(
        violations("cli/a.rs", &m("cli/a.rs"), "use crate::server::x;").len(),
        1
    );
    assert!(violations("cli/a.rs", &m("cli/a.rs"), "use crate::engine::x;").is_empty());
    let test_only = "#[cfg(test)]\nmod tests {\n    use crate::server::x;\n}\n";
    assert!(violations("text/a.rs", &m("text/a.rs"), test_only).is_empty());
    let comment = "// see crate::server::x\n";
    assert!(violations("text/a.rs", &m("text/a.rs"), comment).is_empty());
}
