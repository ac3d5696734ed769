//! Completion: the whole interview skeleton per problem type in a (nearly) empty draft;
//! stage headings after `#` at a line start; front-matter keys and values; questions from
//! the question bank; metric names (ML and business) in prose. Snippets with tab stops
//! when the client supports them, plain text otherwise.

use super::analysis::Analysis;
use super::convert::LineMap;
use crate::engine::fix::line_ending;
use crate::engine::front_matter::{self, KEYS};
use crate::engine::skeleton::{self, SkeletonOptions};
use crate::pack::{Level, StageId, PROBLEM_TYPES};
use crate::rules::Pack;
use std::ops::Range;
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, InsertTextFormat,
    MarkupContent, MarkupKind, Position, TextEdit,
};

/// Escapes text for a snippet body.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A snippet as plain text: placeholders keep their default, bare tab stops vanish.
pub fn plain(snippet: &str) -> String {
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = String::with_capacity(snippet.len());
    plain_into(&chars, &mut 0, &mut out, false);
    out
}

fn plain_into(c: &[char], i: &mut usize, out: &mut String, nested: bool) {
    while *i < c.len() {
        match c[*i] {
            '\\' if *i + 1 < c.len() => {
                out.push(c[*i + 1]);
                *i += 2;
            }
            '}' if nested => {
                *i += 1;
                return;
            }
            '$' if *i + 1 < c.len() && c[*i + 1].is_ascii_digit() => {
                *i += 1;
                while *i < c.len() && c[*i].is_ascii_digit() {
                    *i += 1;
                }
            }
            '$' if *i + 1 < c.len() && c[*i + 1] == '{' => {
                *i += 2;
                while *i < c.len() && c[*i].is_ascii_digit() {
                    *i += 1;
                }
                match c.get(*i) {
                    Some(':') => {
                        *i += 1;
                        plain_into(c, i, out, true);
                    }
                    Some('|') => {
                        // A choice: keep the first option.
                        *i += 1;
                        let mut first = true;
                        while *i < c.len() && c[*i] != '|' {
                            if c[*i] == ',' {
                                first = false;
                            } else if first {
                                out.push(c[*i]);
                            }
                            *i += 1;
                        }
                        *i += 2; // `|}`
                    }
                    _ => *i += 1, // `}`
                }
            }
            ch => {
                out.push(ch);
                *i += 1;
            }
        }
    }
}

struct Ctx<'a> {
    a: &'a Analysis,
    map: LineMap<'a>,
    offset: usize,
    line_start: usize,
    /// The line up to the cursor.
    prefix: &'a str,
    snippets: bool,
}

impl Ctx<'_> {
    fn item(
        &self,
        label: String,
        kind: CompletionItemKind,
        detail: Option<String>,
        snippet: String,
        replace: Range<usize>,
    ) -> CompletionItem {
        let (format, text) = if self.snippets {
            (InsertTextFormat::SNIPPET, snippet)
        } else {
            (InsertTextFormat::PLAIN_TEXT, plain(&snippet))
        };
        CompletionItem {
            label,
            kind: Some(kind),
            detail,
            insert_text_format: Some(format),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                self.map.range(&replace),
                text,
            ))),
            ..CompletionItem::default()
        }
    }

    /// Start of the word (letters, digits, `-`, `_`) that ends at the cursor.
    fn word_start(&self) -> usize {
        let mut start = self.offset;
        for (i, c) in self.prefix.char_indices().rev() {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                start = self.line_start + i;
            } else {
                break;
            }
        }
        start
    }
}

/// Completion at `pos`. `trigger` is the trigger character that opened the list, if any:
/// `#` only completes headings and `:` only front-matter values.
pub fn completion(
    a: &Analysis,
    pos: Position,
    snippets: bool,
    trigger: Option<&str>,
) -> Vec<CompletionItem> {
    if !a.markdown {
        return Vec::new();
    }
    let text = a.text();
    let map = a.map();
    let offset = map.offset(pos);
    let line_start = map.line_range(map.line_of(offset)).start;
    let Some(prefix) = text.get(line_start..offset.max(line_start)) else {
        return Vec::new();
    };
    let ctx = Ctx {
        a,
        map,
        offset,
        line_start,
        prefix,
        snippets,
    };
    let fm = front_matter::parse(text);
    if fm.range.start < line_start && offset < fm.body_start {
        // Inside the front matter (its first line is the opening `---`).
        if (!a.enabled && !a.near_empty()) || trigger == Some("#") {
            return Vec::new();
        }
        return front_matter_items(&ctx, text.get(fm.range.clone()).unwrap_or(""));
    }
    if offset < fm.body_start || trigger == Some(":") {
        return Vec::new();
    }
    let mut items = Vec::new();
    let near_empty = a.near_empty();
    if trigger.is_none() && near_empty && prefix.chars().all(|c| c.is_alphanumeric() || c == '-') {
        let has_title = a.draft().title().is_some();
        items.extend(skeleton_items(&ctx, fm.body_start > 0, has_title));
    }
    if !a.enabled && !near_empty {
        return items;
    }
    let trimmed = prefix.trim_start_matches(' ');
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if prefix.len() - trimmed.len() <= 3 && (1..=6).contains(&hashes) {
        let rest = &trimmed[hashes..];
        // `##`, `## `, `## Da`: no second word yet.
        if rest.is_empty() || (rest.starts_with(' ') && !rest.trim_start().contains(' ')) {
            items.extend(heading_items(&ctx, hashes));
            return items;
        }
    }
    // Metric names while writing prose (not on an empty line: that is where the skeleton
    // or a heading goes; not after a `#` typed mid-line).
    let writing = !prefix.trim().is_empty() && !prefix.trim_start().starts_with('#');
    if a.enabled && trigger.is_none() && writing {
        items.extend(metric_items(&ctx));
    }
    items
}

/// The skeleton per problem type; without the parts the draft already has (its front
/// matter, its title).
fn skeleton_items(ctx: &Ctx, has_front_matter: bool, has_title: bool) -> Vec<CompletionItem> {
    let a = ctx.a;
    let nl = line_ending(a.text());
    // Level and length as the draft's front matter (or its company) sets them.
    let context = crate::engine::resolve_context(&a.draft(), a.pack(), &a.settings);
    PROBLEM_TYPES
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let opts = SkeletonOptions {
                problem_type: Some(t),
                level: Some(context.level),
                minutes: Some(context.minutes),
                ..SkeletonOptions::default()
            };
            let mut body = skeleton::render(a.pack(), &opts, nl);
            if has_front_matter {
                let fm = skeleton::front_matter(&opts, nl);
                body = body.get(fm.len()..).unwrap_or("").trim_start().to_string();
            }
            if has_title {
                let lines: Vec<&str> = body.split(nl).collect();
                let kept: Vec<&str> = match lines.iter().position(|l| l.starts_with("# ")) {
                    // The title and the blank line after it go.
                    Some(i) => lines[..i]
                        .iter()
                        .chain(lines.iter().skip(i + 2))
                        .copied()
                        .collect(),
                    None => lines,
                };
                body = kept.join(nl);
            }
            let mut item = ctx.item(
                format!("ML system design skeleton ({t})"),
                CompletionItemKind::SNIPPET,
                Some("mlsd: every stage in interview order, with prompts and time budgets".into()),
                skeleton_snippet(&body, nl),
                ctx.word_start()..ctx.offset,
            );
            item.filter_text = Some(format!("skeleton {t}"));
            item.sort_text = Some(format!("0{i}"));
            item
        })
        .collect()
}

/// The skeleton with tab stops: the level, the title, then each stage's prompt.
pub fn skeleton_snippet(body: &str, nl: &str) -> String {
    let mut out = Vec::new();
    let mut stop = 3;
    let mut after_heading = false;
    let mut title_done = false;
    for line in body.split(nl) {
        if let Some(v) = line.strip_prefix("level: ") {
            out.push(format!("level: ${{1:{}}}", escape(v)));
        } else if let (Some(t), false) = (line.strip_prefix("# "), title_done) {
            title_done = true;
            out.push(format!("# ${{2:{}}}", escape(t)));
        } else if after_heading && line.starts_with("<!--") {
            out.push(format!("${{{stop}:{}}}", escape(line)));
            stop += 1;
            after_heading = false;
            continue;
        } else {
            out.push(escape(line));
        }
        if line.starts_with("##") {
            after_heading = true;
        }
    }
    let mut s = out.join(nl);
    s.push_str("$0");
    s
}

fn front_matter_items(ctx: &Ctx, block: &str) -> Vec<CompletionItem> {
    let pack = ctx.a.pack();
    let prefix = ctx.prefix;
    match prefix.find(':') {
        None => {
            let present: Vec<&str> = block
                .lines()
                .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
                .collect();
            KEYS.iter()
                .filter(|k| !present.contains(k))
                .map(|k| {
                    let default = match *k {
                        "level" => ctx.a.settings.level.to_string(),
                        "type" => "other".to_string(),
                        "minutes" => ctx.a.settings.minutes.to_string(),
                        "company" => "Company".to_string(),
                        _ => "Design a …".to_string(),
                    };
                    ctx.item(
                        (*k).to_string(),
                        CompletionItemKind::PROPERTY,
                        Some("mlsd front matter".into()),
                        format!("{k}: ${{1:{}}}", escape(&default)),
                        ctx.line_start..ctx.offset,
                    )
                })
                .collect()
        }
        Some(colon) => {
            let key = prefix[..colon].trim();
            let after = &prefix[colon + 1..];
            let value_start = ctx.line_start + colon + 1 + (after.len() - after.trim_start().len());
            let range = value_start..ctx.offset;
            let values: Vec<(String, Option<String>)> = match key {
                "level" => Level::ALL.iter().map(|l| (l.to_string(), None)).collect(),
                "type" => PROBLEM_TYPES
                    .iter()
                    .map(|t| (t.to_string(), None))
                    .collect(),
                "minutes" => [45, 60].iter().map(|m| (m.to_string(), None)).collect(),
                "company" => pack
                    .companies
                    .iter()
                    .map(|c| (c.name.clone(), Some(c.focus.clone())))
                    .collect(),
                "question" => pack
                    .questions
                    .iter()
                    .map(|q| (q.title.clone(), Some(q.company.clone())))
                    .collect(),
                _ => Vec::new(),
            };
            values
                .into_iter()
                .map(|(v, detail)| {
                    ctx.item(
                        v.clone(),
                        CompletionItemKind::VALUE,
                        detail,
                        escape(&v),
                        range.clone(),
                    )
                })
                .collect()
        }
    }
}

fn heading_items(ctx: &Ctx, hashes: usize) -> Vec<CompletionItem> {
    let a = ctx.a;
    let pack = a.pack();
    let text = a.text();
    let nl = line_ending(text);
    let draft = a.draft();
    let context = crate::engine::resolve_context(&draft, pack, &a.settings);
    let problem_type = context.problem_type.clone();
    let level = if hashes == 1 { 2 } else { hashes as u8 };
    let range = ctx.line_start..ctx.offset;
    let mut items: Vec<CompletionItem> = (0..pack.stages.len())
        .map(|i| {
            let id = i as StageId;
            let stage = pack.stage(id);
            let section =
                skeleton::stage_section(pack, id, &problem_type, level, nl, context.minutes);
            let mut item = ctx.item(
                stage.heading.clone(),
                CompletionItemKind::MODULE,
                Some(format!("stage: {}", stage.id)),
                stage_snippet(&section, nl),
                range.clone(),
            );
            item.documentation = Some(markdown(&format!("{}\n\n{}", stage.guidance, stage.prompt)));
            // Missing stages first, then interview order.
            let present = draft.has_stage(id);
            item.sort_text = Some(format!("{}{i:02}", u8::from(present)));
            item.filter_text = Some(format!("{} {}", "#".repeat(hashes), stage.heading));
            item
        })
        .collect();
    if hashes == 1 {
        items.extend(question_items(ctx, pack, range));
    }
    items
}

/// A stage section with its first prompt comment as the tab stop.
fn stage_snippet(section: &str, nl: &str) -> String {
    let mut done = false;
    let lines: Vec<String> = section
        .split(nl)
        .map(|l| {
            if !done && l.starts_with("<!--") {
                done = true;
                format!("${{1:{}}}", escape(l))
            } else {
                escape(l)
            }
        })
        .collect();
    lines.join(nl) + "$0"
}

fn question_items(ctx: &Ctx, pack: &Pack, range: Range<usize>) -> Vec<CompletionItem> {
    pack.questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut item = ctx.item(
                q.title.clone(),
                CompletionItemKind::TEXT,
                Some(format!("question asked at {}", q.company)),
                format!("# {}", escape(&q.title)),
                range.clone(),
            );
            item.filter_text = Some(format!("# {}", q.title));
            item.sort_text = Some(format!("2{i:04}"));
            item
        })
        .collect()
}

fn metric_items(ctx: &Ctx) -> Vec<CompletionItem> {
    let pack = ctx.a.pack();
    let start = ctx.word_start();
    let typed = ctx
        .a
        .text()
        .get(start..ctx.offset)
        .unwrap_or("")
        .to_lowercase();
    let mut items = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (vocab, what) in [
        ("ml-metric", "ML metric"),
        ("business-metric", "business metric"),
    ] {
        let Some(v) = pack
            .vocab_id(vocab)
            .and_then(|id| pack.vocabs.get(id as usize))
        else {
            continue;
        };
        for term in v.terms.iter().chain(&v.exact) {
            if !term.to_lowercase().starts_with(&typed) || !seen.insert(term.clone()) {
                continue;
            }
            let mut item = ctx.item(
                term.clone(),
                CompletionItemKind::VALUE,
                Some(what.to_string()),
                escape(term),
                start..ctx.offset,
            );
            item.sort_text = Some(format!("5{term}"));
            items.push(item);
        }
    }
    items
}

fn markdown(s: &str) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: s.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain("level: ${1:L4}\n# ${2:A \\$5 \\} title}$0"),
            "level: L4\n# A $5 } title"
        );
        assert_eq!(plain("${1|a,b|} x $1 ${2}"), "a x  ");
        assert_eq!(plain(&escape("a $1 {b} \\")), "a $1 {b} \\");
    }

    #[test]
    fn skeleton_snippet_has_tab_stops_and_escapes() {
        let body = "---\nlevel: L4\n---\n\n# Design $x\n\n## Data\n\n<!-- a } b -->\n";
        let s = skeleton_snippet(body, "\n");
        assert!(s.contains("level: ${1:L4}"), "{s}");
        assert!(s.contains("# ${2:Design \\$x}"), "{s}");
        assert!(s.contains("${3:<!-- a \\} b -->}"), "{s}");
        assert_eq!(plain(&s), body);
    }
}
