//! A tolerant reader of the draft's YAML front matter: only the flat `key: value` lines
//! mlsd cares about. Anything it cannot read becomes a problem to report, never an error.

use crate::pack::{Level, PROBLEM_TYPES};
use crate::rules::Pack;
use std::ops::Range;

/// The keys mlsd reads; other keys (title, tags …) belong to other tools and are ignored.
pub const KEYS: [&str; 5] = ["level", "company", "type", "minutes", "question"];

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The whole block, delimiters included (empty when there is none).
    pub range: Range<usize>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    pub level: Option<Level>,
    /// The `level` value as written, when it is a ladder's name (`E5`) rather than L3–L6.
    pub level_written: Option<String>,
    pub company: Option<String>,
    pub problem_type: Option<String>,
    pub minutes: Option<u32>,
    pub question: Option<String>,
    /// The `company:` line, where the company lens points.
    pub company_line: Option<Range<usize>>,
    /// Whether any mlsd key is present (the server's `enable = "auto"` looks at this).
    pub has_mlsd_key: bool,
    pub problems: Vec<FrontMatterProblem>,
}

/// Something wrong in the front matter: where (the offending line) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterProblem {
    pub range: Range<usize>,
    pub detail: String,
}

/// Interview lengths accepted for `minutes`.
const MINUTES: std::ops::RangeInclusive<u32> = 1..=600;

impl FrontMatter {
    /// Whether the front matter marks the file as an interview answer: it names the level,
    /// the question, the problem type or the interview length. (A company alone does not:
    /// case-study notes name companies too.)
    pub fn marks_an_answer(&self) -> bool {
        self.level.is_some()
            || self.question.is_some()
            || self.problem_type.is_some()
            || self.minutes.is_some()
    }
}

/// Reads the front matter; `level` takes L3–L6 only. [`parse_for`] also takes the pack's
/// ladder names (`E5`, `senior`): what linting uses.
pub fn parse(text: &str) -> FrontMatter {
    parse_with(text, None)
}

/// Reads the front matter with the pack's level names.
pub fn parse_for(text: &str, pack: &Pack) -> FrontMatter {
    parse_with(text, Some(pack))
}

fn parse_with(text: &str, pack: Option<&Pack>) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter::new(text, bom);
    let Some(first) = lines.next() else {
        fm.body_start = bom;
        return fm;
    };
    if text[first.content.clone()].trim_end() != "---" {
        fm.body_start = bom;
        return fm;
    }
    let mut entries = Vec::new();
    let mut closed = None;
    for line in lines.by_ref() {
        let content = &text[line.content.clone()];
        let trimmed = content.trim_end();
        if trimmed == "---" || trimmed == "..." {
            closed = Some(line.full.end);
            break;
        }
        entries.push(line);
    }
    let Some(end) = closed else {
        // No closing delimiter: not front matter. The body is everything.
        fm.body_start = bom;
        fm.problems.push(FrontMatterProblem {
            range: first.content.clone(),
            detail: "front matter opened with `---` is never closed; add a `---` line after it"
                .into(),
        });
        return fm;
    };
    fm.range = first.full.start..end;
    fm.body_start = end;
    for line in entries {
        read_entry(text, line.content, &mut fm, pack);
    }
    fm
}

fn read_entry(text: &str, range: Range<usize>, fm: &mut FrontMatter, pack: Option<&Pack>) {
    let line = &text[range.clone()];
    // Nested values, list items and comments are other tools' business.
    if line.starts_with(' ') || line.starts_with('\t') || line.trim_start().starts_with('#') {
        return;
    }
    let Some(colon) = line.find(':') else { return };
    let key = line[..colon].trim();
    if !KEYS.contains(&key) {
        return;
    }
    fm.has_mlsd_key = true;
    let raw = line[colon + 1..].trim();
    let value = unquote(strip_comment(raw));
    let mut problem = |detail: String| {
        fm.problems.push(FrontMatterProblem {
            range: range.clone(),
            detail,
        })
    };
    match key {
        "level" => {
            let found = match pack {
                Some(p) => p.level_name(value).map(|(l, alias)| (l, alias.is_some())),
                None => Level::parse(value).map(|l| (l, false)),
            };
            match found {
                Some((l, alias)) => {
                    fm.level = Some(l);
                    fm.level_written = alias.then(|| value.to_string());
                }
                None => problem(format!(
                    "`level: {value}` is not a level; use {} (using the default instead)",
                    pack.map_or_else(|| Level::ACCEPTED.to_string(), Pack::levels_accepted)
                )),
            }
        }
        "type" => {
            let v = value.to_ascii_lowercase();
            if PROBLEM_TYPES.contains(&v.as_str()) {
                fm.problem_type = Some(v);
            } else {
                problem(format!(
                    "`type: {value}` is not a problem type; use one of {} (inferring it instead)",
                    PROBLEM_TYPES.join(", ")
                ));
            }
        }
        "minutes" => match value.parse::<u32>() {
            Ok(m) if MINUTES.contains(&m) => fm.minutes = Some(m),
            _ => problem(format!(
                "`minutes: {value}` is not an interview length; use a whole number of minutes from {} to {} (using 60 instead)",
                MINUTES.start(),
                MINUTES.end()
            )),
        },
        "company" => {
            if value.is_empty() {
                problem("`company` is empty; name the company or remove the line".into());
            } else {
                fm.company = Some(value.to_string());
                fm.company_line = Some(range.clone());
            }
        }
        "question" if !value.is_empty() => fm.question = Some(value.to_string()),
        _ => {}
    }
}

fn strip_comment(v: &str) -> &str {
    if v.starts_with('"') || v.starts_with('\'') {
        return v;
    }
    match v.find(" #") {
        Some(i) => v[..i].trim_end(),
        None => v,
    }
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

struct Line {
    /// The line without its terminator.
    content: Range<usize>,
    /// The line with its terminator.
    full: Range<usize>,
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str, start: usize) -> Self {
        LineIter { text, pos: start }
    }
}

impl Iterator for LineIter<'_> {
    type Item = Line;
    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.text.len() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        let content = start..i;
        if i < bytes.len() {
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        self.pos = i;
        Some(Line {
            content,
            full: start..i,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys_and_ignores_others() {
        let text = "---\nlevel: L5\ntitle: x\ncompany: \"Netflix\"\ntype: Ranking\nminutes: 45 # short\n---\n# T\n";
        let fm = parse(text);
        assert_eq!(fm.level, Some(Level::L5));
        assert_eq!(fm.company.as_deref(), Some("Netflix"));
        assert_eq!(fm.problem_type.as_deref(), Some("ranking"));
        assert_eq!(fm.minutes, Some(45));
        assert!(fm.problems.is_empty());
        assert_eq!(&text[fm.body_start..], "# T\n");
    }

    #[test]
    fn bad_values_are_problems_on_their_line() {
        let text = "---\r\nlevel: 7\r\nminutes: \"lots\"\r\ntype: video\r\n---\r\nbody";
        let fm = parse(text);
        assert_eq!(fm.level, None);
        assert_eq!(fm.problems.len(), 3);
        assert_eq!(&text[fm.problems[0].range.clone()], "level: 7");
        assert!(fm.problems[1].detail.contains("minutes"));
        assert_eq!(&text[fm.body_start..], "body");
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let text = "---\nlevel: L5\n# Title\n";
        let fm = parse(text);
        assert_eq!(fm.body_start, 0);
        assert_eq!(fm.level, None);
        assert_eq!(fm.problems.len(), 1);
    }

    #[test]
    fn bom_and_no_front_matter() {
        let fm = parse("\u{feff}# Title");
        assert_eq!(fm.body_start, 3);
        assert!(fm.problems.is_empty());
        assert_eq!(parse("").body_start, 0);
    }
}
