//! Editor settings: one JSON shape, read the same way from `initializationOptions`,
//! `workspace/didChangeConfiguration` (`settings.mlsd`, or the bare object) and
//! `workspace/configuration` (section `mlsd`):
//!
//! ```json
//! {"enable": "auto", "level": "L5", "wordsPerMinute": 150, "minutes": 60,
//!  "rules": {"some-rule": "off"}, "docsBaseUrl": "https://…/rules/{rule}",
//!  "recordOnSave": false}
//! ```
//!
//! `"pullDiagnostics": true` (read at `initialize` only) switches diagnostics from push to
//! pull for clients that support it; by default they are pushed and pull is not advertised,
//! because clients that get both show every finding twice.
//!
//! Missing keys, `null` and `{}` mean defaults. Unknown keys and bad values are reported
//! as warnings (the server logs them) and otherwise ignored. The result is the *editor*
//! layer of [`crate::config`].

use crate::config::{parse_rule_setting, Layer};
use crate::rules::Pack;
use serde_json::Value;

/// Which Markdown documents are drafts to lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Enable {
    /// A document whose front matter has an mlsd key, or one a workspace `.mlsd.toml`
    /// covers with its include/exclude globs.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    pub enable: Enable,
    pub layer: Layer,
    pub docs_base_url: Option<String>,
    /// Diagnostics by pull (`textDocument/diagnostic`) instead of push. Read at
    /// `initialize` only: it decides the capabilities.
    pub pull_diagnostics: bool,
    /// Record an attempt in the practice history on each `didSave` of a draft (off unless
    /// the user turns it on: the history is opt-in).
    pub record_on_save: bool,
}

const KEYS: [&str; 8] = [
    "enable",
    "pullDiagnostics",
    "recordOnSave",
    "level",
    "wordsPerMinute",
    "minutes",
    "rules",
    "docsBaseUrl",
];

/// The mlsd object inside a `didChangeConfiguration` payload: `settings.mlsd` when present,
/// else the payload itself when it looks like our shape; `None` when it carries nothing.
pub fn from_change_payload(settings: &Value) -> Option<&Value> {
    match settings {
        Value::Object(map) => match map.get("mlsd") {
            Some(v) => Some(v),
            None if map.keys().any(|k| KEYS.contains(&k.as_str())) => Some(settings),
            None => None,
        },
        _ => None,
    }
}

/// Reads the settings object (a `level` may be one of the pack's ladder names). Returns the
/// settings and warnings about what was ignored.
pub fn parse(value: &Value, pack: &Pack) -> (EditorSettings, Vec<String>) {
    let mut s = EditorSettings::default();
    let mut warnings = Vec::new();
    let map = match value {
        Value::Null => return (s, warnings),
        Value::Object(map) => map,
        other => {
            warnings.push(format!(
                "settings must be an object, got {other}; using defaults"
            ));
            return (s, warnings);
        }
    };
    for (key, v) in map {
        if v.is_null() {
            continue;
        }
        match key.as_str() {
            "enable" => match v.as_str() {
                Some("auto") => s.enable = Enable::Auto,
                Some("always") => s.enable = Enable::Always,
                Some("never") => s.enable = Enable::Never,
                _ => warnings.push(format!(
                    "`enable`: {v} is not \"auto\", \"always\" or \"never\"; using \"auto\""
                )),
            },
            "level" => match v.as_str().and_then(|l| pack.parse_level(l)) {
                Some(l) => s.layer.level = Some(l),
                None => warnings.push(format!(
                    "`level`: {v} is not a level; use {}",
                    pack.levels_accepted()
                )),
            },
            "wordsPerMinute" => match v.as_f64() {
                Some(w) if w.is_finite() && (30.0..=600.0).contains(&w) => {
                    s.layer.words_per_minute = Some(w)
                }
                _ => warnings.push(format!(
                    "`wordsPerMinute`: {v} is not a number from 30 to 600"
                )),
            },
            "minutes" => match v.as_u64() {
                Some(m) if (1..=600).contains(&m) => s.layer.minutes = Some(m as u32),
                _ => warnings.push(format!(
                    "`minutes`: {v} is not a whole number from 1 to 600"
                )),
            },
            "rules" => match v.as_object() {
                Some(rules) => {
                    for (id, sev) in rules {
                        match sev.as_str().and_then(parse_rule_setting) {
                            Some(r) => {
                                s.layer.rules.insert(id.clone(), r);
                            }
                            None => warnings.push(format!(
                                "`rules.{id}`: {sev} is not \"off\", \"error\", \"warning\", \"info\" or \"hint\""
                            )),
                        }
                    }
                }
                None => warnings.push(format!("`rules`: {v} is not an object")),
            },
            "docsBaseUrl" => match v.as_str() {
                Some(u) if !u.trim().is_empty() => s.docs_base_url = Some(u.trim().to_string()),
                Some(_) => {}
                None => warnings.push(format!("`docsBaseUrl`: {v} is not a string")),
            },
            "pullDiagnostics" => match v.as_bool() {
                Some(b) => s.pull_diagnostics = b,
                None => warnings.push(format!("`pullDiagnostics`: {v} is not true or false")),
            },
            "recordOnSave" => match v.as_bool() {
                Some(b) => s.record_on_save = b,
                None => warnings.push(format!("`recordOnSave`: {v} is not true or false")),
            },
            other => warnings.push(format!("unknown setting `{other}` ignored")),
        }
    }
    (s, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{RuleSetting, Severity};
    use crate::pack::Level;
    use serde_json::json;

    fn parse(value: &Value) -> (EditorSettings, Vec<String>) {
        super::parse(value, &Pack::builtin().unwrap())
    }

    #[test]
    fn a_ladder_name_is_a_level() {
        for (name, level) in [("E5", Level::L5), ("L7", Level::L6), ("SDE II", Level::L4)] {
            let (s, w) = parse(&json!({ "level": name }));
            assert_eq!((s.layer.level, w.len()), (Some(level), 0), "{name}");
        }
        let (s, w) = parse(&json!({ "level": "L9" }));
        assert_eq!(s.layer.level, None);
        assert!(w[0].contains("ladder"), "{w:?}");
    }

    #[test]
    fn empty_and_null_mean_defaults() {
        assert_eq!(parse(&json!({})), (EditorSettings::default(), vec![]));
        assert_eq!(parse(&Value::Null), (EditorSettings::default(), vec![]));
    }

    #[test]
    fn reads_every_key_and_warns_about_the_rest() {
        let (s, w) = parse(&json!({
            "enable": "always", "level": "l6", "wordsPerMinute": 130, "minutes": 45,
            "rules": {"x-rule": "off", "y-rule": "hint", "z-rule": "loud"},
            "docsBaseUrl": "https://example.com/r", "colour": "blue", "recordOnSave": true
        }));
        assert_eq!(s.enable, Enable::Always);
        assert_eq!(s.layer.level, Some(Level::L6));
        assert_eq!(s.layer.words_per_minute, Some(130.0));
        assert_eq!(s.layer.minutes, Some(45));
        assert_eq!(s.layer.rules.get("x-rule"), Some(&RuleSetting::Off));
        assert_eq!(
            s.layer.rules.get("y-rule"),
            Some(&RuleSetting::Severity(Severity::Hint))
        );
        assert_eq!(s.docs_base_url.as_deref(), Some("https://example.com/r"));
        assert!(s.record_on_save);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().any(|m| m.contains("colour")));
    }

    #[test]
    fn payloads_nest_or_not() {
        let nested = json!({"mlsd": {"level": "L3"}});
        assert_eq!(from_change_payload(&nested), Some(&json!({"level": "L3"})));
        let bare = json!({"level": "L3"});
        assert_eq!(from_change_payload(&bare), Some(&bare));
        assert_eq!(from_change_payload(&json!({"other": 1})), None);
        assert_eq!(from_change_payload(&Value::Null), None);
    }
}
