//! A check's parameters as its kind reads them: typed, resolved against the pack's
//! vocabularies and stages, with errors that point at the key or value in the rule file.

use super::{shown, stage, vocab, At, CompileError, KindInfo, Names, Scope};
use crate::pack::StageId;
use crate::text::terms::VocabId;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use toml::Spanned;

pub struct Params<'a> {
    info: &'a KindInfo,
    values: &'a BTreeMap<String, Spanned<toml::Value>>,
    names: &'a Names<'a>,
}

impl<'a> Params<'a> {
    pub(super) fn new(
        info: &'a KindInfo,
        values: &'a BTreeMap<String, Spanned<toml::Value>>,
        names: &'a Names<'a>,
    ) -> Self {
        Params {
            info,
            values,
            names,
        }
    }

    /// The error for a parameter the kind cannot do without.
    pub fn need(&self, key: &str) -> CompileError {
        (
            At::Rule,
            format!("kind `{}` needs parameter `{key}`", self.info.name),
        )
    }

    /// An error pointing at a parameter's key.
    pub fn invalid(&self, key: &str, message: String) -> CompileError {
        (At::Text(key.to_string()), message)
    }

    /// An optional value of type `T`. Reading a key the kind does not declare is a bug in
    /// the kind's file, reported (never ignored) so the declared list stays the truth.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, CompileError> {
        if !self.info.params.contains(&key) {
            return Err((
                At::Rule,
                format!(
                    "kind `{}` reads parameter `{key}` it does not declare",
                    self.info.name
                ),
            ));
        }
        let Some(v) = self.values.get(key) else {
            return Ok(None);
        };
        v.get_ref().clone().try_into().map(Some).map_err(|e| {
            (
                At::Span(v.span()),
                format!("parameter `{key}`: {}", super::super::toml_message(&e)),
            )
        })
    }

    pub fn flag(&self, key: &str) -> Result<bool, CompileError> {
        Ok(self.get(key)?.unwrap_or(false))
    }

    /// Vocabularies, at least one.
    pub fn vocabs(&self, key: &str) -> Result<Vec<VocabId>, CompileError> {
        let list: Vec<String> = self.get(key)?.ok_or_else(|| self.need(key))?;
        self.vocab_list(&list, || {
            format!("parameter `{key}` must name at least one vocabulary")
        })
    }

    /// Vocabularies, possibly none.
    pub fn opt_vocabs(&self, key: &str) -> Result<Vec<VocabId>, CompileError> {
        let list: Vec<String> = self.get(key)?.unwrap_or_default();
        list.iter().map(|v| vocab(v, self.names)).collect()
    }

    /// A non-empty list of vocabulary names, resolved (`empty` words the error).
    pub fn vocab_list(
        &self,
        list: &[String],
        empty: impl FnOnce() -> String,
    ) -> Result<Vec<VocabId>, CompileError> {
        if list.is_empty() {
            return Err((At::Rule, empty()));
        }
        list.iter().map(|v| vocab(v, self.names)).collect()
    }

    pub fn stage(&self, key: &str) -> Result<StageId, CompileError> {
        self.opt_stage(key)?.ok_or_else(|| self.need(key))
    }

    pub fn opt_stage(&self, key: &str) -> Result<Option<StageId>, CompileError> {
        match self.get::<String>(key)? {
            Some(s) => Ok(Some(stage(&s, self.names)?)),
            None => Ok(None),
        }
    }

    pub fn stages(&self, key: &str) -> Result<Vec<StageId>, CompileError> {
        let list: Vec<String> = self.get(key)?.ok_or_else(|| self.need(key))?;
        list.iter().map(|s| stage(s, self.names)).collect()
    }

    pub fn opt_stages(&self, key: &str) -> Result<Vec<StageId>, CompileError> {
        let list: Vec<String> = self.get(key)?.unwrap_or_default();
        list.iter().map(|s| stage(s, self.names)).collect()
    }

    /// `scope`: `document` (the default) or a stage.
    pub fn scope(&self) -> Result<Scope, CompileError> {
        match self.get::<String>("scope")? {
            None => Ok(None),
            Some(s) if s == "document" => Ok(None),
            Some(s) => Ok(Some(stage(&s, self.names)?)),
        }
    }

    /// A required number above 0 and below 1e9.
    pub fn positive(&self, key: &str) -> Result<f64, CompileError> {
        let v: f64 = self.get(key)?.ok_or_else(|| self.need(key))?;
        if v.is_finite() && v > 0.0 && v < 1e9 {
            Ok(v)
        } else {
            Err(self.invalid(
                key,
                format!(
                    "parameter `{key}` must be a positive number below 1e9, not {}",
                    shown(v)
                ),
            ))
        }
    }

    /// An optional share between 0 and 1.
    pub fn fraction(&self, key: &str) -> Result<Option<f64>, CompileError> {
        match self.get::<f64>(key)? {
            None => Ok(None),
            Some(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
            Some(x) => Err(self.invalid(
                key,
                format!(
                    "parameter `{key}` is a share between 0 and 1, not {}",
                    shown(x)
                ),
            )),
        }
    }

    /// Checks a template (a second message) against the kind's placeholders.
    pub fn template(&self, key: &str) -> Result<Option<String>, CompileError> {
        match self.get::<String>(key)? {
            Some(m) => {
                super::check_placeholders(&m, self.info)?;
                Ok(Some(m))
            }
            None => Ok(None),
        }
    }
}
