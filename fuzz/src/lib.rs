//! Shared pieces of the fuzz targets: input generators biased toward what drafts and rule
//! files look like, and the invariants every target asserts.

use arbitrary::{Result, Unstructured};
use mlsd::engine::Report;
use mlsd::{Pack, Settings};
use std::sync::OnceLock;

/// The built-in pack, compiled once per process.
pub fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| Pack::builtin().expect("the built-in pack compiles"))
}

/// Every short one-line string of the built-in rule files: vocabulary terms, stage
/// headings and aliases, problem types, rule ids, levels. Pulled from the embedded TOML at
/// run time so the fuzzer follows the pack as it changes.
pub fn words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        fn walk(v: &toml::Value, out: &mut Vec<String>) {
            match v {
                toml::Value::String(s) if !s.is_empty() && s.len() <= 40 && !s.contains('\n') => {
                    out.push(s.clone())
                }
                toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                toml::Value::Table(t) => t.iter().for_each(|(k, x)| {
                    out.push(k.clone());
                    walk(x, out)
                }),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (_, text) in mlsd::rules::BUILTIN_FILES {
            if let Ok(v) = text.parse::<toml::Value>() {
                walk(&v, &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    })
}

const LINE_BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];
const ODD: [&str; 16] = [
    "🚀",
    "数据",
    "排序模型",
    "e\u{301}",
    "é",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "\u{85}",
    "\t",
    "\0",
    "\u{fffd}",
    "👩‍👩‍👧",
    "𝔘",
    "ß",
    "İ",
];
const WORDS_MISC: [&str; 14] = [
    "p99",
    "10 ms",
    "50K QPS",
    "1.5 s",
    "0.85",
    "AUC",
    "10x",
    "~",
    "≈ N unit",
    "100M users",
    "L5",
    "TODO",
    "how many?",
    "1e9",
];

fn pick<'a>(u: &mut Unstructured, xs: &'a [&'a str]) -> Result<&'a str> {
    Ok(*u.choose(xs)?)
}

fn word(u: &mut Unstructured) -> Result<String> {
    let w = words();
    Ok(match u.int_in_range(0..=9u8)? {
        0..=5 if !w.is_empty() => u.choose(w)?.clone(),
        6 => pick(u, &ODD)?.to_string(),
        7 => pick(u, &WORDS_MISC)?.to_string(),
        8 => {
            let w = if w.is_empty() {
                "fast".to_string()
            } else {
                u.choose(w)?.clone()
            };
            match u.int_in_range(0..=2u8)? {
                0 => w.to_uppercase(),
                1 => w.replace(' ', "-"),
                _ => w.replace(' ', "\n"),
            }
        }
        _ => raw(u)?,
    })
}

/// Up to 12 arbitrary bytes as lossy UTF-8.
fn raw(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(0..=12usize)?;
    let bytes = u.bytes(n.min(u.len()))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn phrase(u: &mut Unstructured) -> Result<String> {
    let n = u.int_in_range(0..=8u8)?;
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&word(u)?);
    }
    if u.ratio(1, 3)? {
        s.push_str(pick(u, &[".", "?", "!", ":", ",", "", "…", "。"])?);
    }
    Ok(s)
}

/// A Markdown draft built from random blocks: front matter (well-formed, broken or
/// unterminated), headings of both styles, lists, quotes, fences, tables, links, HTML and
/// suppression comments, prose full of the pack's words, emoji, CJK, and every line-break
/// style, mixed.
pub fn draft(u: &mut Unstructured) -> Result<String> {
    let nl_mode = u.int_in_range(0..=3u8)?;
    let mut out = String::new();
    let blocks = u.int_in_range(0..=40u8)?;
    for _ in 0..blocks {
        if u.is_empty() {
            break;
        }
        let nl = match nl_mode {
            0..=2 => LINE_BREAKS[nl_mode as usize],
            _ => pick(u, &LINE_BREAKS)?,
        };
        match u.int_in_range(0..=17u8)? {
            0 => {
                out.push_str("---");
                out.push_str(nl);
                let keys = [
                    "level", "type", "company", "minutes", "question", "title", "x",
                ];
                for _ in 0..u.int_in_range(0..=4u8)? {
                    let k = pick(u, &keys)?;
                    let v = match u.int_in_range(0..=4u8)? {
                        0 => pick(u, &["L3", "L4", "L5", "L6", "7", "\"lots\"", "[1, 2]", ""])?
                            .to_string(),
                        1 => u.int_in_range(0..=1000u32)?.to_string(),
                        _ => word(u)?,
                    };
                    out.push_str(&format!("{k}: {v}{nl}"));
                }
                if u.ratio(7, 8)? {
                    out.push_str(pick(u, &["---", "...", "--- ", "----"])?);
                    out.push_str(nl);
                }
            }
            1 | 2 => {
                let level = u.int_in_range(1..=7usize)?;
                out.push_str(&"#".repeat(level));
                out.push(' ');
                if u.ratio(1, 3)? {
                    out.push_str(&format!("{}. ", u.int_in_range(1..=9u8)?));
                }
                out.push_str(&phrase(u)?);
                out.push_str(nl);
            }
            3 => {
                out.push_str(&phrase(u)?);
                out.push_str(nl);
                out.push_str(pick(u, &["===", "---", "=", "- - -"])?);
                out.push_str(nl);
            }
            4..=7 => {
                for _ in 0..u.int_in_range(1..=4u8)? {
                    out.push_str(&phrase(u)?);
                    out.push(' ');
                }
                out.push_str(nl);
                if u.ratio(1, 2)? {
                    out.push_str(nl);
                }
            }
            8 => {
                for _ in 0..u.int_in_range(1..=5u8)? {
                    let depth = u.int_in_range(0..=4usize)?;
                    out.push_str(&"  ".repeat(depth));
                    out.push_str(pick(u, &["- ", "* ", "1. ", "+ ", "- [ ] ", "2) "])?);
                    out.push_str(&phrase(u)?);
                    out.push_str(nl);
                }
            }
            9 => {
                let depth = u.int_in_range(1..=6usize)?;
                out.push_str(&"> ".repeat(depth));
                out.push_str(&phrase(u)?);
                out.push_str(nl);
            }
            10 => {
                let fence = pick(u, &["```", "~~~", "````"])?;
                out.push_str(fence);
                out.push_str(pick(u, &["", "mermaid", "python", "text"])?);
                out.push_str(nl);
                out.push_str(&phrase(u)?);
                out.push_str(nl);
                if u.ratio(3, 4)? {
                    out.push_str(fence);
                    out.push_str(nl);
                }
            }
            11 => {
                let cols = u.int_in_range(1..=4usize)?;
                let row = |u: &mut Unstructured| -> Result<String> {
                    let mut r = String::from("|");
                    for _ in 0..cols {
                        r.push(' ');
                        r.push_str(&word(u)?);
                        r.push_str(" |");
                    }
                    Ok(r)
                };
                out.push_str(&row(u)?);
                out.push_str(nl);
                out.push('|');
                out.push_str(&"---|".repeat(cols));
                out.push_str(nl);
                for _ in 0..u.int_in_range(0..=3u8)? {
                    out.push_str(&row(u)?);
                    out.push_str(nl);
                }
            }
            12 => {
                let w = word(u)?;
                let target = word(u)?;
                out.push_str(&match u.int_in_range(0..=3u8)? {
                    0 => format!("[{w}](http://x.y/{target}) "),
                    1 => format!("![{w}]({target}) "),
                    2 => format!("<https://{target}> "),
                    _ => format!("[{w}][{target}] "),
                });
            }
            13 => {
                let ids = words();
                let id = if ids.is_empty() {
                    "vague-term".to_string()
                } else {
                    u.choose(ids)?.clone()
                };
                out.push_str(&match u.int_in_range(0..=4u8)? {
                    0 => format!("<!-- mlsd-disable-line {id} -->"),
                    1 => format!("<!-- mlsd-disable-next-line {id} -->{nl}"),
                    2 => format!("<!-- mlsd-disable {id} -->{nl}"),
                    3 => format!("<!-- mlsd-enable {id} -->{nl}"),
                    _ => pick(u, &["<!--", "-->", "<!-- mlsd-disable", "<div>", "</div>"])?
                        .to_string(),
                });
            }
            14 => out.push_str(pick(u, &ODD)?),
            15 => out.push_str(&format!("`{}` **{}** _{}_ ", word(u)?, word(u)?, word(u)?)),
            16 => out.push_str(nl),
            _ => {
                let n = u.int_in_range(0..=32usize)?;
                let bytes = u.bytes(n.min(u.len()))?;
                out.push_str(&String::from_utf8_lossy(bytes));
            }
        }
    }
    Ok(out)
}

/// Settings the CLI or an editor could produce.
pub fn settings(u: &mut Unstructured) -> Result<Settings> {
    use mlsd::engine::RuleSetting;
    use mlsd::rules::Level;
    let mut s = Settings::default();
    if u.ratio(1, 2)? {
        return Ok(s);
    }
    s.level = *u.choose(&Level::ALL)?;
    if u.ratio(1, 4)? {
        s.forced_level = Some(*u.choose(&Level::ALL)?);
    }
    s.minutes = u.int_in_range(1..=600)?;
    if u.ratio(1, 4)? {
        s.forced_minutes = Some(u.int_in_range(1..=600)?);
    }
    s.words_per_minute = f64::from(u.int_in_range(30..=600u32)?);
    let ids: Vec<&str> = pack().rules.iter().map(|r| r.id.as_str()).collect();
    for _ in 0..u.int_in_range(0..=3u8)? {
        let id = u.choose(&ids)?.to_string();
        let setting = match u.int_in_range(0..=4u8)? {
            0 => RuleSetting::Off,
            n => RuleSetting::Severity(mlsd::engine::Severity::ALL[n as usize - 1]),
        };
        s.rules.insert(id, setting);
    }
    if u.ratio(1, 5)? {
        let mut sel = std::collections::HashSet::new();
        sel.insert(u.choose(&ids)?.to_string());
        s.select = Some(sel);
    }
    if u.ratio(1, 5)? {
        s.ignore.insert(u.choose(&ids)?.to_string());
    }
    Ok(s)
}

/// Structured or raw: a first byte below 0x20 asks for a generated draft, anything else is
/// taken as the text itself (lossy UTF-8), so Markdown seed files stay meaningful.
pub fn input_text(data: &[u8]) -> (String, Settings) {
    match data.first() {
        Some(&b) if b < 0x20 => {
            let mut u = Unstructured::new(&data[1..]);
            let text = draft(&mut u).unwrap_or_default();
            let settings = settings(&mut u).unwrap_or_default();
            (text, settings)
        }
        _ => (
            String::from_utf8_lossy(data).into_owned(),
            Settings::default(),
        ),
    }
}

/// Every finding, related location and fix edit lies inside the text on char boundaries;
/// findings come sorted; fix edits never touch the front matter.
pub fn check_report(text: &str, report: &Report) {
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let body_start = mlsd::engine::front_matter::parse(text).body_start;
    assert!(body_start <= text.len() && text.is_char_boundary(body_start));
    let mut last = 0;
    for f in &report.findings {
        assert!(ok(&f.range), "finding range {:?} in {:?}", f, text);
        assert!(f.range.start >= last, "findings out of order");
        last = f.range.start;
        assert!(!f.message.is_empty(), "empty message: {f:?}");
        for r in &f.related {
            assert!(ok(&r.range), "related range {:?} in {:?}", r, text);
        }
        for fx in &f.fixes {
            for e in &fx.edits {
                assert!(ok(&e.range), "edit {:?} of {} in {:?}", e, f.rule, text);
                assert!(
                    e.range.start >= body_start,
                    "edit {e:?} inside the front matter of {text:?}"
                );
            }
        }
    }
}

/// `--fix` (and `--fix --unsafe-fixes`) twice equals once, and keeps every character of
/// the original in order (fixes only insert).
pub fn check_fix(text: &str, settings: &Settings, unsafe_fixes: bool) {
    use mlsd::engine::fix::fix_all;
    let (once, _) = fix_all(text, pack(), settings, unsafe_fixes);
    let (twice, n) = fix_all(&once, pack(), settings, unsafe_fixes);
    assert_eq!(
        n, 0,
        "second fix run applied {n} fixes to {once:?} (from {text:?})"
    );
    assert_eq!(twice, once);
    assert!(
        is_subsequence(text, &once),
        "fixing {text:?} lost text: {once:?}"
    );
}

pub fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.chars();
    small.chars().all(|c| rest.any(|d| d == c))
}

const TOML_HEADERS: [&str; 16] = [
    "[[rule]]",
    "[[rule.check]]",
    "[rule.check.fix]",
    "[[stage]]",
    "[[budget]]",
    "[[problem_type]]",
    "[[company]]",
    "[[skeleton]]",
    "[[question]]",
    "[[glossary]]",
    "[rules]",
    "[vocab]",
    "[vocab.vague]",
    "[vocab.fuzz]",
    "[rule]",
    "[[vocab.x]]",
];
const TOML_KEYS: [&str; 60] = [
    "after_any_of",
    "aliases",
    "all_of",
    "allow",
    "append_line",
    "before",
    "budget",
    "check",
    "company",
    "compare_stage",
    "definition",
    "exact",
    "exclude",
    "extra",
    "first",
    "fix",
    "focus",
    "glossary",
    "guidance",
    "heading",
    "id",
    "include",
    "insert_after",
    "kind",
    "lesson",
    "level",
    "max",
    "max_minutes",
    "message",
    "min",
    "min_level",
    "minutes",
    "name",
    "outside_solution",
    "patterns",
    "per_words",
    "problem_type",
    "problem_types",
    "prompt",
    "questions_only",
    "require",
    "rule_files",
    "rules",
    "safe",
    "scope",
    "severity",
    "severity_from",
    "skip_questions",
    "stage",
    "stage_factor",
    "stages",
    "strong",
    "summary",
    "terms",
    "title",
    "unless",
    "unless_after",
    "unless_quantity",
    "weak",
    "when",
];
const TOML_ODD_VALUES: [&str; 24] = [
    "\"(a+)+$\"",
    "'\\b(fast|slow)\\b'",
    "'('",
    "'[z-a]'",
    "'\\p{Han}+'",
    "'(?i)x{1000}{1000}'",
    "'a{4294967295}'",
    "''",
    "\"\\u0000\"",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "9223372036854775807",
    "-9223372036854775808",
    "true",
    "[]",
    "[[]]",
    "{}",
    "\"r.toml\"",
    "\"../outside.toml\"",
    "\"**/*.md\"",
];

fn toml_string(u: &mut Unstructured) -> Result<String> {
    let s = match u.int_in_range(0..=5u8)? {
        0..=2 => word(u)?,
        3 => pick(
            u,
            &[
                "error", "warning", "info", "hint", "off", "document", "L3", "L5", "L6",
            ],
        )?
        .to_string(),
        4 => u.choose(mlsd::rules::KINDS)?.name.to_string(),
        _ => phrase(u)?,
    };
    Ok(toml::Value::String(s).to_string())
}

fn toml_value(u: &mut Unstructured, depth: u8) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=3 => toml_string(u)?,
        4 => pick(u, &TOML_ODD_VALUES)?.to_string(),
        5 => u.int_in_range(-5..=700i64)?.to_string(),
        6 => format!("{}", f64::from(u.int_in_range(-100..=1000i32)?) / 10.0),
        7 | 8 if depth < 3 => {
            let n = u.int_in_range(0..=5u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(toml_value(u, depth + 1)?);
            }
            format!("[{}]", items.join(", "))
        }
        9 if depth < 3 => {
            let n = u.int_in_range(0..=3u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(format!(
                    "{} = {}",
                    pick(u, &TOML_KEYS)?,
                    toml_value(u, depth + 1)?
                ));
            }
            format!("{{ {} }}", items.join(", "))
        }
        _ => "true".to_string(),
    })
}

/// A TOML document of the pack's and config's own tables and keys, with values that are
/// often of the wrong type or out of range.
pub fn toml_doc(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=30u8)? {
        if u.is_empty() {
            break;
        }
        match u.int_in_range(0..=9u8)? {
            0 | 1 => out.push_str(pick(u, &TOML_HEADERS)?),
            2..=7 => {
                let key = if u.ratio(1, 6)? {
                    let ids: Vec<&str> = pack().rules.iter().map(|r| r.id.as_str()).collect();
                    u.choose(&ids)?.to_string()
                } else {
                    pick(u, &TOML_KEYS)?.to_string()
                };
                out.push_str(&format!("{key} = {}", toml_value(u, 0)?));
            }
            8 => out.push_str(&format!("# {}", phrase(u)?)),
            _ => {
                let n = u.int_in_range(0..=16usize)?;
                out.push_str(&String::from_utf8_lossy(u.bytes(n.min(u.len()))?));
            }
        }
        out.push_str(pick(u, &["\n", "\n", "\r\n", "\n\n"])?);
    }
    Ok(out)
}

/// (config text, rule-file text). A first byte below 0x20 asks for generated TOML (the
/// config then names the rule file `r.toml` half the time); otherwise the input is both.
pub fn toml_input(data: &[u8]) -> (String, String) {
    match data.first() {
        Some(&b) if b < 0x20 => {
            let mut u = Unstructured::new(&data[1..]);
            let mut config = toml_doc(&mut u).unwrap_or_default();
            let rules = toml_doc(&mut u).unwrap_or_default();
            if b & 1 == 1 {
                config = format!("rule_files = [\"r.toml\"]\n{config}");
            }
            (config, rules)
        }
        _ => {
            let text = String::from_utf8_lossy(data).into_owned();
            (text.clone(), text)
        }
    }
}

/// Reference model of LSP positions: a char index into `text` for (line, col) counted in
/// `enc`'s units, clamped the way LSP asks (past the line's end: the end of its content;
/// past the last line: the end of the text). Deliberately naive: a `Vec<char>` walk.
pub fn model_char(text: &str, line: u32, col: u32, enc: mlsd::text_index::Encoding) -> usize {
    use mlsd::text_index::Encoding;
    let chars: Vec<char> = text.chars().collect();
    // (start, content end) of every line
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            '\r' => {
                lines.push((start, i));
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, chars.len()));
    let Some(&(s, e)) = lines.get(line as usize) else {
        return chars.len();
    };
    let mut acc = 0usize;
    for (k, c) in chars[s..e].iter().enumerate() {
        let w = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
        if acc + w > col as usize {
            return s + k;
        }
        acc += w;
    }
    e
}

/// Byte offset of char index `n` in `text`.
pub fn char_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
}

/// Reference `didChange`: `range` (positions, either order) replaced by `new`, or the whole
/// text when there is no range.
pub fn model_change(
    text: &str,
    range: Option<((u32, u32), (u32, u32))>,
    new: &str,
    enc: mlsd::text_index::Encoding,
) -> String {
    let Some((a, b)) = range else {
        return new.to_string();
    };
    let a = model_char(text, a.0, a.1, enc);
    let b = model_char(text, b.0, b.1, enc);
    let (a, b) = (a.min(b), a.max(b));
    let (a, b) = (char_to_byte(text, a), char_to_byte(text, b));
    format!("{}{}{}", &text[..a], new, &text[b..])
}
