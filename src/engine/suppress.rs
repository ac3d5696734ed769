//! Suppression comments, markdownlint style (rule ids optional; none means all rules):
//! `<!-- mlsd-disable ID… -->` and `<!-- mlsd-enable ID… -->` from their line on,
//! `<!-- mlsd-disable-line ID… -->` for the line it ends, `<!-- mlsd-disable-next-line ID… -->`
//! for the next line (blank or not), `<!-- mlsd-disable-file ID… -->` for the whole file.
//! Comments inside code do not count. An id the pack lacks is itself reported.

use super::checks::effective_severity;
use super::draft::Draft;
use super::finding::Finding;
use super::{Context, Settings};
use crate::rules::check::{render, CheckKind};
use crate::rules::Pack;
use crate::text_index::TextIndex;
use regex::Regex;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The comment syntax lives here only: the parser below, and [`comment`] for everyone who
/// writes one (quick fixes, rule docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
    DisableFile,
}

impl Directive {
    pub fn name(self) -> &'static str {
        match self {
            Directive::Disable => "disable",
            Directive::Enable => "enable",
            Directive::DisableLine => "disable-line",
            Directive::DisableNextLine => "disable-next-line",
            Directive::DisableFile => "disable-file",
        }
    }

    fn from_name(name: &str) -> Option<Directive> {
        [
            Directive::Disable,
            Directive::Enable,
            Directive::DisableLine,
            Directive::DisableNextLine,
            Directive::DisableFile,
        ]
        .into_iter()
        .find(|d| d.name() == name)
    }
}

/// The comment a writer adds: `<!-- mlsd-disable-line RULE -->` and the like.
pub fn comment(directive: Directive, rule: &str) -> String {
    format!("<!-- mlsd-{} {rule} -->", directive.name())
}

#[derive(Debug, Clone)]
struct Comment {
    directive: Directive,
    /// Line of the comment (0-based).
    line: usize,
    /// Rule ids named, with their ranges; empty means every rule.
    ids: Vec<(String, Range<usize>)>,
}

#[derive(Debug, Default)]
pub struct Suppressions<'d> {
    comments: Vec<Comment>,
    /// The draft's own line index (built once per parse).
    index: Option<&'d TextIndex>,
}

fn comment_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A literal, fixed pattern: compiling it cannot fail.
        Regex::new(r"<!--[ \t]*mlsd-(disable-file|disable-next-line|disable-line|disable|enable)((?:[ \t,]+[A-Za-z0-9_-]+)*)[ \t]*-->")
            .unwrap_or_else(|_| unreachable!("fixed pattern"))
    })
}

impl<'d> Suppressions<'d> {
    pub fn parse(draft: &'d Draft, _pack: &Pack) -> Suppressions<'d> {
        let text = draft.text;
        if !text.contains("mlsd-") {
            return Suppressions::default();
        }
        let index = draft.lines();
        let mut comments = Vec::new();
        for caps in comment_regex().captures_iter(text) {
            let Some(all) = caps.get(0) else { continue };
            let inside_code = draft
                .code
                .iter()
                .any(|c| c.start <= all.start() && all.end() <= c.end);
            if inside_code || all.start() < draft.front_matter.body_start {
                continue;
            }
            let Some(directive) = caps.get(1).and_then(|m| Directive::from_name(m.as_str())) else {
                continue;
            };
            let mut ids = Vec::new();
            if let Some(list) = caps.get(2) {
                let base = list.start();
                let s = list.as_str();
                let mut i = 0;
                for part in s.split([' ', '\t', ',']) {
                    let start = base + i;
                    i += part.len() + 1;
                    if !part.is_empty() {
                        ids.push((part.to_string(), start..start + part.len()));
                    }
                }
            }
            comments.push(Comment {
                directive,
                line: index.line_of(all.start()),
                ids,
            });
        }
        Suppressions {
            comments,
            index: Some(index),
        }
    }

    /// Whether a finding is silenced by a comment.
    pub fn silences(&self, draft: &Draft, f: &Finding) -> bool {
        let Some(index) = self.index else {
            return false;
        };
        if self.comments.is_empty() {
            return false;
        }
        let _ = draft;
        let line = index.line_of(f.range.start);
        let names = |c: &Comment| c.ids.is_empty() || c.ids.iter().any(|(id, _)| *id == f.rule);
        let mut all_off = false;
        let mut off: HashSet<&str> = HashSet::new();
        let mut on_despite_all: HashSet<&str> = HashSet::new();
        for c in &self.comments {
            match c.directive {
                Directive::DisableFile if names(c) => return true,
                Directive::DisableLine if c.line == line && names(c) => return true,
                Directive::DisableNextLine if c.line + 1 == line && names(c) => return true,
                Directive::Disable | Directive::Enable if c.line <= line => {
                    let disable = c.directive == Directive::Disable;
                    if c.ids.is_empty() {
                        all_off = disable;
                        off.clear();
                        on_despite_all.clear();
                    } else {
                        for (id, _) in &c.ids {
                            if disable {
                                off.insert(id);
                                on_despite_all.remove(id.as_str());
                            } else {
                                off.remove(id.as_str());
                                if all_off {
                                    on_despite_all.insert(id);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        (all_off && !on_despite_all.contains(f.rule.as_str())) || off.contains(f.rule.as_str())
    }

    /// Findings for ids that name no rule of the pack, from every rule of kind
    /// `suppression` (each with its own message and severity).
    pub fn unknown_id_findings(
        &self,
        _draft: &Draft,
        pack: &Pack,
        settings: &Settings,
        ctx: &Context,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let unknown: Vec<&(String, std::ops::Range<usize>)> = self
            .comments
            .iter()
            .flat_map(|c| &c.ids)
            .filter(|(id, _)| !pack.has_rule(id))
            .collect();
        if unknown.is_empty() {
            return out;
        }
        for rule in &pack.rules {
            let Some(severity) = effective_severity(rule, settings, ctx) else {
                continue;
            };
            for check in rule
                .checks
                .iter()
                .filter(|c| matches!(c.kind, CheckKind::Suppression(_)))
            {
                for (id, range) in &unknown {
                    let vars = [
                        ("id", id.clone()),
                        ("level", ctx.level.to_string()),
                        ("rule", rule.id.clone()),
                    ];
                    out.push(Finding {
                        rule: rule.id.clone(),
                        severity,
                        message: render(&check.message, &vars),
                        range: range.clone(),
                        fixes: Vec::new(),
                        related: Vec::new(),
                        category: None,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What quick fixes and rule docs write is what the parser reads back.
    #[test]
    fn written_comments_parse_back() {
        for d in [
            Directive::Disable,
            Directive::Enable,
            Directive::DisableLine,
            Directive::DisableNextLine,
            Directive::DisableFile,
        ] {
            let c = comment(d, "some-rule");
            let caps = comment_regex().captures(&c).expect("parsed");
            assert_eq!(caps.get(0).map(|m| m.as_str()), Some(c.as_str()));
            let name = caps.get(1).map_or("", |m| m.as_str());
            assert_eq!(Directive::from_name(name), Some(d));
            assert_eq!(caps.get(2).map(|m| m.as_str().trim()), Some("some-rule"));
        }
    }
}
