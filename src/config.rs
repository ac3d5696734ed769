//! Configuration: `.mlsd.toml` discovery and loading, and the layering of settings.
//!
//! Precedence, lowest to highest: built-in defaults < `.mlsd.toml` < editor settings <
//! the draft's front matter < command-line flags. The front-matter step happens in the
//! engine (it reads the draft); here the other layers become a [`Settings`].
//!
//! A workspace config only adds data — rule files, vocabulary, severities — and may only
//! name rule files inside its own folder tree.

use crate::engine::{RuleSetting, Settings, Severity};
use crate::pack::Level;
use crate::rules::{Pack, PackBuilder, PackError};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const CONFIG_FILE: &str = ".mlsd.toml";

/// The `.mlsd.toml` schema. Unknown keys are errors.
///
/// The `JsonSchema` derive feeds `mlsd schema` (the JSON Schema editors use for completion
/// and checks); the `schema_with` helpers in [`file_schema`] describe the `Spanned` fields.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "mlsd configuration (.mlsd.toml)",
    description = "Workspace settings for mlsd, the linter and language server for ML system design interview answers. Unknown keys are errors."
)]
pub struct ConfigFile {
    // `schemars(default, skip_serializing_if)`: optional in the schema, without a `null` default.
    /// Default seniority level for drafts whose front matter names none: L3, L4, L5 or L6,
    /// or a company ladder's name for one (E5, L7, SDE II, senior; rules/levels.toml).
    #[schemars(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "file_schema::level")]
    pub level: Option<Spanned<String>>,
    /// Speaking rate for time estimates, in words per minute (30 to 600; default 150).
    #[schemars(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "file_schema::words_per_minute")]
    pub words_per_minute: Option<Spanned<f64>>,
    /// Interview length in minutes (1 to 600; default 60).
    #[schemars(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "file_schema::minutes")]
    pub minutes: Option<Spanned<i64>>,
    /// Per-rule severity, or "off". Keys are rule ids (`mlsd rule --all` lists them).
    #[serde(default)]
    #[schemars(schema_with = "file_schema::rules")]
    pub rules: BTreeMap<String, Spanned<String>>,
    /// Extra rule files, relative to this file and inside its folder tree.
    #[serde(default)]
    #[schemars(schema_with = "file_schema::strings")]
    pub rule_files: Vec<Spanned<String>>,
    /// Extra terms for vocabularies of the rule pack, e.g. `vague = ["snappy"]`.
    #[serde(default)]
    pub vocab: BTreeMap<String, Vec<String>>,
    /// Phrases that are never flagged.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Globs (relative to this file) for Markdown files that are drafts even without mlsd
    /// front matter: folder walks and editors lint them (default: only files whose front
    /// matter has an mlsd key).
    #[serde(default)]
    #[schemars(schema_with = "file_schema::strings")]
    pub include: Vec<Spanned<String>>,
    /// Globs (relative to this file) for Markdown files a folder walk skips (named files are
    /// still linted).
    #[serde(default)]
    #[schemars(schema_with = "file_schema::strings")]
    pub exclude: Vec<Spanned<String>>,
}

/// JSON Schema pieces for [`ConfigFile`]'s fields that `toml::Spanned` wraps; they mirror
/// the checks in [`Config::from_text`].
pub mod file_schema {
    use schemars::{json_schema, Schema, SchemaGenerator};

    /// The values `[rules]` accepts.
    pub const RULE_SETTINGS: [&str; 5] = ["off", "error", "warning", "info", "hint"];

    pub fn level(_: &mut SchemaGenerator) -> Schema {
        // `Level::parse` also takes `l5` and surrounding spaces; the enum is for completion.
        // `mlsd schema` adds the built-in ladders' names to the enum.
        json_schema!({
            "type": "string",
            "anyOf": [
                { "enum": ["L3", "L4", "L5", "L6"] },
                { "pattern": "^\\s*[lL][3-6]\\s*$" }
            ]
        })
    }

    pub fn words_per_minute(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 30, "maximum": 600, "default": 150 })
    }

    pub fn minutes(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 1, "maximum": 600, "default": 60 })
    }

    /// A rule setting: `"off"` or a severity.
    pub fn rule_setting(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": RULE_SETTINGS })
    }

    pub fn rules(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": rule_setting(generator),
        })
    }

    pub fn strings(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": { "type": "string" } })
    }
}

/// One layer of settings (config file, editor, command line); `None` = not set here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub level: Option<Level>,
    pub words_per_minute: Option<f64>,
    pub minutes: Option<u32>,
    pub rules: HashMap<String, RuleSetting>,
}

/// A loaded configuration: its layer, the pack it builds, and which drafts it covers.
#[derive(Debug)]
pub struct Config {
    /// The config file, if one was found or given.
    pub path: Option<PathBuf>,
    /// The folder globs are relative to.
    pub root: PathBuf,
    pub layer: Layer,
    /// The `level` as written, when it is a ladder's name (`senior`) rather than L3–L6.
    pub level_written: Option<String>,
    pub pack: Arc<Pack>,
    pub rule_files: Vec<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: Option<GlobSet>,
}

impl Config {
    /// Defaults only: the built-in pack, every Markdown file.
    pub fn builtin(root: &Path) -> Result<Config, PackError> {
        Ok(Config {
            path: None,
            root: root.to_path_buf(),
            layer: Layer::default(),
            level_written: None,
            pack: Arc::new(Pack::builtin()?),
            rule_files: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            include_set: None,
            exclude_set: None,
        })
    }

    /// Loads a config file from disk (rule files read relative to it).
    pub fn load(path: &Path) -> Result<Config, PackError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PackError {
            file: name.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read config: {e}"),
        })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Config::from_text(&name, &text, &root, |p| std::fs::read_to_string(p))
    }

    /// Loads a config from its text; `read` fetches rule files (so tests need no disk).
    pub fn from_text(
        name: &str,
        text: &str,
        root: &Path,
        read: impl Fn(&Path) -> std::io::Result<String>,
    ) -> Result<Config, PackError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| {
            PackError::at(name, text, span, message)
        };
        let file: ConfigFile =
            toml::from_str(text).map_err(|e| err(e.span(), crate::rules::toml_message(&e)))?;

        let mut layer = Layer::default();
        if let Some(w) = &file.words_per_minute {
            let v = *w.get_ref();
            if !(v.is_finite() && (30.0..=600.0).contains(&v)) {
                return Err(err(
                    Some(w.span()),
                    format!("`words_per_minute = {v}` is out of range; use 30 to 600"),
                ));
            }
            layer.words_per_minute = Some(v);
        }
        if let Some(m) = &file.minutes {
            let v = *m.get_ref();
            if !(1..=600).contains(&v) {
                return Err(err(
                    Some(m.span()),
                    format!("`minutes = {v}` is out of range; use 1 to 600"),
                ));
            }
            layer.minutes = Some(v as u32);
        }

        // Rule files: inside the config's folder tree only.
        let mut builder = PackBuilder::builtin();
        let mut rule_files = Vec::new();
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        for rf in &file.rule_files {
            let rel = Path::new(rf.get_ref());
            let joined = if rel.is_absolute() {
                rel.to_path_buf()
            } else {
                root.join(rel)
            };
            let canon = joined.canonicalize().map_err(|e| {
                err(
                    Some(rf.span()),
                    format!("rule file `{}` cannot be opened: {e}", rf.get_ref()),
                )
            })?;
            if !canon.starts_with(&canon_root) {
                return Err(err(
                    Some(rf.span()),
                    format!("rule file `{}` lies outside the config's folder ({}); only files inside it are read", rf.get_ref(), canon_root.display()),
                ));
            }
            let body = read(&canon).map_err(|e| {
                err(
                    Some(rf.span()),
                    format!("rule file `{}` cannot be read: {e}", rf.get_ref()),
                )
            })?;
            builder.add_file(&joined.display().to_string(), &body);
            rule_files.push(joined);
        }
        for (vocab, terms) in &file.vocab {
            builder.extend_vocab(vocab, terms.clone(), name);
        }
        builder.allow(file.allow.clone());
        let pack = builder.build()?;

        // The level, with the pack's ladder names (rule files may add ladders).
        let mut level_written = None;
        if let Some(l) = &file.level {
            let (level, alias) = pack.level_name(l.get_ref()).ok_or_else(|| {
                err(
                    Some(l.span()),
                    format!(
                        "`level = \"{}\"` is not a level; use {}",
                        l.get_ref(),
                        pack.levels_accepted()
                    ),
                )
            })?;
            layer.level = Some(level);
            level_written = alias.map(|_| l.get_ref().trim().to_string());
        }

        // Severities, checked against the final pack.
        for (id, value) in &file.rules {
            let span = locate_key(text, id).or(Some(value.span()));
            if !pack.has_rule(id) {
                return Err(err(
                    span,
                    format!("unknown rule id `{id}` in [rules]{}", suggest(&pack, id)),
                ));
            }
            layer.rules.insert(
                id.clone(),
                parse_rule_setting(value.get_ref()).ok_or_else(|| {
                    err(Some(value.span()), format!("`{id} = \"{}\"`: use \"off\", \"error\", \"warning\", \"info\" or \"hint\"", value.get_ref()))
                })?,
            );
        }

        let globs = |list: &[Spanned<String>]| -> Result<Option<GlobSet>, PackError> {
            if list.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in list {
                b.add(Glob::new(g.get_ref()).map_err(|e| {
                    err(Some(g.span()), format!("bad glob `{}`: {e}", g.get_ref()))
                })?);
            }
            b.build()
                .map(Some)
                .map_err(|e| err(None, format!("bad globs: {e}")))
        };
        Ok(Config {
            path: Some(PathBuf::from(name)),
            root: root.to_path_buf(),
            layer,
            level_written,
            pack: Arc::new(pack),
            rule_files,
            include: file.include.iter().map(|g| g.get_ref().clone()).collect(),
            exclude: file.exclude.iter().map(|g| g.get_ref().clone()).collect(),
            include_set: globs(&file.include)?,
            exclude_set: globs(&file.exclude)?,
        })
    }

    /// Whether this config's globs take a file in: not `exclude`d, and `include`d when
    /// include globs are given.
    pub fn covers(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self.exclude_set.as_ref().is_some_and(|s| s.is_match(&rel)) {
            return false;
        }
        self.include_set.as_ref().is_none_or(|s| s.is_match(&rel))
    }

    /// Whether the `exclude` globs name a file.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude_set
            .as_ref()
            .is_some_and(|s| s.is_match(self.relative(path)))
    }

    /// A path relative to the config's folder: globs are, whatever folder mlsd runs from.
    fn relative(&self, path: &Path) -> PathBuf {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let rel = abs.strip_prefix(&root).unwrap_or(path);
        rel.strip_prefix("./").unwrap_or(rel).to_path_buf()
    }

    /// Whether include/exclude globs were given (the server's `enable = "auto"` uses it).
    pub fn has_globs(&self) -> bool {
        self.include_set.is_some() || self.exclude_set.is_some()
    }
}

/// Whether a Markdown document is a draft under `enable = "auto"`: the editor's default and
/// the folder walk's. It is when its front matter has an mlsd key (`level`, `company`,
/// `type`, `minutes`, `question`) or the config's `include`/`exclude` globs cover it (only
/// when it has globs: without them nothing is covered).
pub fn is_auto_draft(config: Option<&Config>, path: Option<&Path>, text: &str) -> bool {
    crate::engine::front_matter::parse(text).has_mlsd_key
        || matches!((config, path), (Some(c), Some(p)) if c.has_globs() && c.covers(p))
}

pub fn parse_rule_setting(s: &str) -> Option<RuleSetting> {
    if s == "off" {
        Some(RuleSetting::Off)
    } else {
        Severity::parse(s).map(RuleSetting::Severity)
    }
}

/// " (did you mean `x`?)" for a near-miss rule id, or for a word that is part of ids
/// (a word of one id names it; a word several ids share lists a few of them).
pub fn suggest(pack: &Pack, id: &str) -> String {
    const MAX_LISTED: usize = 4;
    let best = pack
        .rules
        .iter()
        .map(|r| (edit_distance(&r.id, id), &r.id))
        .min_by_key(|(d, _)| *d);
    if let Some((d, r)) = best {
        if d <= 3 {
            return format!(" (did you mean `{r}`?)");
        }
    }
    let needle = id.trim().to_lowercase();
    if needle.chars().count() < 3 {
        return String::new();
    }
    let parts: Vec<&str> = pack
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .filter(|r| r.contains(needle.as_str()))
        .collect();
    match parts.as_slice() {
        [] => String::new(),
        [one] => format!(" (did you mean `{one}`?)"),
        many if many.len() <= MAX_LISTED => {
            let listed: Vec<String> = many.iter().map(|r| format!("`{r}`")).collect();
            format!(" (did you mean one of {}?)", listed.join(", "))
        }
        _ => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Span of a key at the start of a line (for errors about `[rules]` keys).
fn locate_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        for candidate in [key.to_string(), format!("\"{key}\"")] {
            if t.starts_with(&candidate) && t[candidate.len()..].trim_start().starts_with('=') {
                return Some(pos + indent..pos + indent + candidate.len());
            }
        }
        pos += line.len();
    }
    None
}

/// Finds `.mlsd.toml` from `dir` upward, stopping after a repository root (a folder
/// holding `.git`) or at the home folder.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut cur = Some(start.as_path());
    while let Some(d) = cur {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if d.join(".git").exists() || home.as_deref() == Some(d) {
            return None;
        }
        cur = d.parent();
    }
    None
}

/// Where a setting's value came from (for `--show-settings`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    ConfigFile(String),
    Editor,
    FrontMatter,
    /// The usual interview length at the company the front matter names.
    Company(String),
    Flag(&'static str),
    Inferred,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::ConfigFile(p) => write!(f, "{p}"),
            Source::Editor => f.write_str("editor settings"),
            Source::FrontMatter => f.write_str("front matter"),
            Source::Company(c) => write!(f, "the company ({c}'s usual interview length)"),
            Source::Flag(flag) => write!(f, "command line ({flag})"),
            Source::Inferred => f.write_str("inferred from the title/question"),
        }
    }
}

/// Builds engine settings from the layers below front matter (`config`, `editor`) and the
/// one above it (`flags`).
pub fn settings(config: &Layer, editor: &Layer, flags: &Layer) -> Settings {
    let mut s = Settings {
        level: editor.level.or(config.level).unwrap_or(Level::DEFAULT),
        forced_level: flags.level,
        words_per_minute: flags
            .words_per_minute
            .or(editor.words_per_minute)
            .or(config.words_per_minute)
            .unwrap_or(150.0),
        minutes: editor.minutes.or(config.minutes).unwrap_or(60),
        forced_minutes: flags.minutes,
        ..Settings::default()
    };
    for layer in [config, editor, flags] {
        for (id, v) in &layer.rules {
            s.rules.insert(id.clone(), *v);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, PackError> {
        Config::from_text(".mlsd.toml", text, Path::new("/nonexistent-root"), |_| {
            Ok(String::new())
        })
    }

    #[test]
    fn reads_a_full_config() {
        let c = load("level = \"L5\"\nwords_per_minute = 130\nminutes = 45\nallow = [\"blazing\"]\ninclude = [\"answers/**\"]\n[rules]\nvague-term = \"off\"\nmissing-data = \"error\"\n[vocab]\nvague = [\"snappy\"]\n").unwrap();
        assert_eq!(c.layer.level, Some(Level::L5));
        assert_eq!(c.level_written, None);
        assert_eq!(c.layer.minutes, Some(45));
        assert_eq!(c.layer.rules.get("vague-term"), Some(&RuleSetting::Off));
        assert!(c.covers(Path::new("/nonexistent-root/answers/a.md")));
        assert!(!c.covers(Path::new("/nonexistent-root/notes/a.md")));
    }

    #[test]
    fn a_ladder_name_is_a_level() {
        let c = load("level = \"staff\"\n").unwrap();
        assert_eq!(c.layer.level, Some(Level::L6));
        assert_eq!(c.level_written.as_deref(), Some("staff"));
        let c = load("level = \"E5\"\n").unwrap();
        assert_eq!(c.layer.level, Some(Level::L5));
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = load("level = \"L5\"\n\n[rules]\nvague-terms = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 1));
        assert!(
            e.message.contains("did you mean `vague-term`"),
            "{}",
            e.message
        );
        let e = load("levle = \"L5\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("levle"), "{}", e.message);
        let e = load("level = \"L9\"\n").unwrap_err();
        assert!(e.message.contains("L3, L4, L5 or L6"));
        assert!(e.message.contains("a ladder's name"), "{}", e.message);
        let e = load("[vocab]\nnope = [\"x\"]\n").unwrap_err();
        assert!(e.message.contains("nope"));
    }

    #[test]
    fn layers_stack_in_order() {
        let config = Layer {
            level: Some(Level::L3),
            minutes: Some(45),
            ..Layer::default()
        };
        let editor = Layer {
            level: Some(Level::L5),
            ..Layer::default()
        };
        let flags = Layer {
            level: Some(Level::L6),
            ..Layer::default()
        };
        let s = settings(&config, &editor, &flags);
        assert_eq!(
            (s.level, s.forced_level, s.minutes),
            (Level::L5, Some(Level::L6), 45)
        );
    }
}
