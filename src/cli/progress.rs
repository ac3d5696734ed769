//! `mlsd check --record` / `mlsd practice`, `mlsd progress` and `mlsd next`: the practice
//! history on the command line. The store and the reasoning live in the coach
//! (`coach::history`, `coach::progress`, `coach::next`); this file finds the data folder,
//! reads the user's config and renders.

use super::args::{ColorChoice, NextArgs, ProgressArgs, ProgressFormat};
use super::check::{Fatal, EXIT_ERROR, EXIT_OK};
use super::report::html::escape;
use crate::coach::history::{self, Attempt, Loaded};
use crate::coach::next;
use crate::coach::progress::{self, sparkline, Progress};
use crate::rules::Pack;
use crate::store::{self, Appended, Forget, UserConfig};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The user config (see [`store::UserConfig`]); unreadable or invalid → an error naming it.
pub fn user_config() -> Result<UserConfig, Fatal> {
    store::user_config().map_err(|e| Fatal(e.0))
}

/// The history folder (see [`store::data_dir`]).
pub fn data_dir(flag: Option<&Path>, user: &UserConfig) -> Result<PathBuf, Fatal> {
    store::data_dir(flag, user).map_err(|e| Fatal(e.0))
}

/// Appends the attempts of a `check --record` run, after its report was printed. Says
/// what it did on stderr; a store error → the message (naming the path) and exit 2.
pub fn record(attempts: &[(String, Attempt)], dir: &Path) -> i32 {
    let mut code = EXIT_OK;
    let mut err = std::io::stderr().lock();
    for (file, a) in attempts {
        match store::append(dir, a) {
            Ok(Appended::Added(path)) => {
                let _ = writeln!(
                    err,
                    "mlsd: recorded {file}: “{}” {} ({}) in {}",
                    a.title,
                    a.overall,
                    a.grade,
                    path.display()
                );
            }
            Ok(Appended::Duplicate { seconds_ago }) => {
                let _ = writeln!(
                    err,
                    "mlsd: not recorded {file}: the same draft of “{}” was recorded {} ago (`mlsd progress` shows it)",
                    a.title,
                    ago(seconds_ago)
                );
            }
            Err(e) => {
                let _ = writeln!(err, "mlsd: error: cannot record {file}: {e}");
                code = EXIT_ERROR;
            }
        }
    }
    code
}

fn ago(secs: i64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min", secs / 60)
    }
}

fn builtin_pack() -> Result<Pack, Fatal> {
    // The built-in pack: the bank and the dimensions do not depend on the folder.
    Pack::builtin().map_err(|e| Fatal(format!("built-in rule pack: {e}")))
}

fn warn_all(loaded: &Loaded) {
    let mut err = std::io::stderr().lock();
    const SHOWN: usize = 20;
    for w in loaded.warnings.iter().take(SHOWN) {
        let _ = writeln!(err, "mlsd: warning: {w}");
    }
    if loaded.warnings.len() > SHOWN {
        let _ = writeln!(
            err,
            "mlsd: warning: … and {} more lines skipped",
            loaded.warnings.len() - SHOWN
        );
    }
}

fn load(dir: &Path) -> Result<Loaded, Fatal> {
    let loaded = store::load(dir).map_err(|e| Fatal(e.0))?;
    warn_all(&loaded);
    Ok(loaded)
}

/// `--since`: `30d`, `2w`, `12h` or a date `YYYY-MM-DD`; Unix seconds of the start.
fn since(text: &str, now: i64) -> Result<i64, Fatal> {
    let t = text.trim();
    if let Some(day) = history::parse_date(t) {
        return Ok(day * 86_400);
    }
    let bad = || {
        Fatal(format!(
            "--since {text}: use a span such as 30d, 2w or 12h, or a date YYYY-MM-DD"
        ))
    };
    let (num, unit) = t.split_at(t.len().saturating_sub(1));
    let n: i64 = num.parse().map_err(|_| bad())?;
    let secs = match unit {
        "d" => 86_400,
        "w" => 7 * 86_400,
        "h" => 3600,
        _ => return Err(bad()),
    };
    if !(0..=100_000).contains(&n) {
        return Err(bad());
    }
    Ok(now - n * secs)
}

fn use_color(choice: ColorChoice) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => !no_color,
        ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
    }
}

fn write_out(text: &str, output: Option<&Path>) -> Result<(), Fatal> {
    match output {
        Some(p) => std::fs::write(p, text)
            .map_err(|e| Fatal(format!("--output {}: cannot write: {e}", p.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Fatal(format!("cannot write output: {e}")))
                }
                _ => Ok(()),
            }
        }
    }
}

/// `mlsd progress`.
pub fn progress(args: &ProgressArgs) -> Result<i32, Fatal> {
    let user = user_config()?;
    let dir = data_dir(args.data_dir.as_deref(), &user)?;
    let file = store::file_in(&dir);
    if args.r#where {
        write_out(&format!("{}\n", file.display()), None)?;
        return Ok(EXIT_OK);
    }
    if let Some(which) = &args.forget {
        let which = match (which.as_str(), args.all) {
            (_, true) => Forget::All,
            (q, false) if !q.trim().is_empty() => Forget::Question(q),
            _ => {
                return Err(Fatal(
                    "--forget needs a question (its title) or --all".into(),
                ))
            }
        };
        let all = matches!(which, Forget::All);
        let gone = store::forget(&dir, which).map_err(|e| Fatal(e.0))?;
        let mut msg = format!(
            "mlsd: forgot {} attempt{}",
            gone.attempts,
            if gone.attempts == 1 { "" } else { "s" }
        );
        if gone.unreadable > 0 {
            let _ = write!(msg, " and {} unreadable line(s)", gone.unreadable);
        }
        if gone.attempts == 0 && !all {
            msg.push_str(" (no attempt has that question; `mlsd progress` lists them)");
        }
        let _ = writeln!(msg, " in {}", file.display());
        eprint!("{msg}");
        return Ok(EXIT_OK);
    }
    let now = history::now_unix();
    let from = args.since.as_deref().map(|s| since(s, now)).transpose()?;
    let loaded = load(&dir)?;
    let needle = args
        .question
        .as_deref()
        .map(history::normalise_question)
        .filter(|s| !s.is_empty());
    let attempts: Vec<Attempt> = loaded
        .attempts
        .into_iter()
        .filter(|a| from.is_none_or(|f| a.unix().is_some_and(|t| t >= f)))
        .filter(|a| {
            needle.as_deref().is_none_or(|n| {
                a.question.contains(n) || history::normalise_question(&a.title).contains(n)
            })
        })
        .collect();
    let pack = builtin_pack()?;
    let p = progress::progress(&attempts, &pack);
    let text = match args.format {
        ProgressFormat::Human => human(&p, &file, use_color(args.color) && args.output.is_none()),
        ProgressFormat::Json => {
            #[derive(serde::Serialize)]
            struct Report<'a> {
                version: u32,
                file: String,
                skipped_lines: usize,
                progress: &'a Progress<'a>,
            }
            let v = Report {
                version: 1,
                file: file.display().to_string(),
                skipped_lines: loaded.warnings.len(),
                progress: &p,
            };
            let mut s = serde_json::to_string_pretty(&v)
                .map_err(|e| Fatal(format!("cannot render JSON: {e}")))?;
            s.push('\n');
            s
        }
        ProgressFormat::Html => html(&p),
    };
    write_out(&text, args.output.as_deref())?;
    Ok(EXIT_OK)
}

fn date(time: &str) -> &str {
    time.get(0..10).unwrap_or(time)
}

struct Paint(bool);

impl Paint {
    fn grade(&self, grade: &str) -> String {
        let code = match grade {
            "great" => "1;32",
            "good" => "32",
            "weak" => "33",
            _ => "31",
        };
        self.code(code, grade)
    }
    fn code(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.code("1", s)
    }
}

/// Attempts per question listed in the terminal (the sparkline shows up to [`SPARK_MAX`]).
const LISTED: usize = 5;
use progress::SPARK_MAX;

/// The terminal view.
pub fn human(p: &Progress, file: &Path, color: bool) -> String {
    let paint = Paint(color);
    let mut s = String::new();
    if p.attempts == 0 {
        let _ = writeln!(
            s,
            "No attempts recorded yet (history: {}).\n\nRecord one with `mlsd check --record DRAFT.md` (or `mlsd practice DRAFT.md`); `mlsd next` suggests a question.",
            file.display()
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{} attempt{} on {} question{}",
        p.attempts,
        if p.attempts == 1 { "" } else { "s" },
        p.questions.len(),
        if p.questions.len() == 1 { "" } else { "s" }
    );
    for q in &p.questions {
        let n = q.attempts.len();
        let change = if n > 1 {
            format!(", {:+} since the first", q.change)
        } else {
            String::new()
        };
        let spark = sparkline(
            q.attempts[n.saturating_sub(SPARK_MAX)..]
                .iter()
                .map(|a| a.overall),
        );
        let _ = writeln!(
            s,
            "\n{}  {spark}\n  {n} attempt{}, best {}{change}",
            paint.bold(q.title),
            if n == 1 { "" } else { "s" },
            q.best
        );
        if n > LISTED {
            let _ = writeln!(s, "  … {} earlier", n - LISTED);
        }
        for a in &q.attempts[n.saturating_sub(LISTED)..] {
            let _ = writeln!(
                s,
                "  {}  {:>3}  {}",
                date(a.time),
                a.overall,
                paint.grade(a.grade)
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        paint.bold("Dimensions (first → last, best, mean of the last 5)")
    );
    let width = p
        .dimensions
        .iter()
        .map(|d| d.name.len())
        .max()
        .unwrap_or(10);
    for d in &p.dimensions {
        let n = d.scores.len();
        let _ = writeln!(
            s,
            "  {:<width$}  {:>3} → {:<3}  best {:>3}  mean {:>5.1}  {}",
            d.name,
            d.first,
            d.last,
            d.best,
            d.last5_mean,
            sparkline(d.scores[n.saturating_sub(SPARK_MAX)..].iter().copied())
        );
    }
    if let Some(w) = &p.weakest {
        let _ = writeln!(
            s,
            "\nWeakest dimension: {} (mean {:.1} over the last {} attempts)",
            paint.bold(&w.name),
            w.last5_mean,
            p.attempts.min(progress::LAST_MEAN)
        );
    }
    if !p.recurring.is_empty() {
        let _ = writeln!(s, "\nStill missing in your recent answers:");
        for m in &p.recurring {
            let what = if m.summary.is_empty() {
                String::new()
            } else {
                format!(": {}", lower_first(&m.summary))
            };
            let _ = writeln!(
                s,
                "  {} in {} of your last {} answers{what}",
                paint.code("36", &m.rule),
                m.count,
                m.of
            );
        }
    }
    let _ = writeln!(s, "\n`mlsd next` suggests what to practise next.");
    s
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

const CSS: &str = r#"
:root { color-scheme: light; --fg: #1d232b; --muted: #5b6573; --line: #d9dee5;
  --weak: #b54708; --good: #067647; --great: #05603a; --missing: #b42318; --plot: #3e6bd8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 26px 0 8px;
  border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.grade-missing { color: var(--missing); } .grade-weak { color: var(--weak); }
.grade-good { color: var(--good); } .grade-great { color: var(--great); }
.dims { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
.dim { border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.dim h3 { font-size: 14px; margin: 0 0 4px; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: var(--muted); }
.rule { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
"#;

/// Dimension charts mark each attempt with a point up to this many attempts (beyond, the
/// line alone: 10,000 points in a 300-pixel chart say nothing more).
const DIM_POINTS_MAX: usize = 200;

/// A line chart of 0–100 scores: one `<circle class="{class}">` per score (with its
/// tooltip) when `points`.
/// A coordinate to one decimal, written with integer arithmetic: a chart of 10,000 points
/// writes 20,000 of them, and float formatting was most of the page's cost.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = (self.0 * 10.0).round();
        if !t.is_finite() || t.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let t = t as i64;
        let sign = if t < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}{}.{}",
            t.unsigned_abs() / 10,
            t.unsigned_abs() % 10
        )
    }
}

fn chart(
    scores: &[u32],
    tip: &dyn Fn(usize) -> String,
    (w, h): (f64, f64),
    class: &str,
    label: &str,
    points: bool,
) -> String {
    let (left, right, top, bottom) = (28.0, 8.0, 8.0, 18.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let n = scores.len();
    let x = |i: usize| {
        if n <= 1 {
            left + pw / 2.0
        } else {
            left + pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |s: u32| top + ph * (1.0 - f64::from(s.min(100)) / 100.0);
    let mut svg = format!(
        r#"<svg class="{class}-chart" role="img" aria-label="{}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">"#,
        escape(label)
    );
    for g in [0u32, 50, 100] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d9dee5"/><text x="2" y="{:.1}">{g}</text>"##,
            w - right,
            y(g) + 4.0,
            y = y(g)
        );
    }
    if n > 1 {
        svg.push_str(r##"<polyline fill="none" stroke="#3e6bd8" stroke-width="2" points=""##);
        for (i, s) in scores.iter().enumerate() {
            let _ = write!(svg, "{},{} ", Tenths(x(i)), Tenths(y(*s)));
        }
        svg.push_str(r#""/>"#);
    }
    let r = if n > 100 { 1.5 } else { 3.5 };
    for (i, s) in scores.iter().enumerate().filter(|_| points) {
        let _ = write!(
            svg,
            r##"<circle class="{class}" cx="{}" cy="{}" r="{r}" fill="#3e6bd8" data-score="{s}"><title>{}</title></circle>"##,
            Tenths(x(i)),
            Tenths(y(*s)),
            escape(&tip(i))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The HTML page: self-contained (inline CSS and SVG, no script).
pub fn html(p: &Progress) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>mlsd practice progress</title><style>{CSS}</style></head><body>\n\
         <h1>Practice progress</h1>\n<p class=\"muted\">{} attempts on {} questions · generated by mlsd {}; nothing here left your machine</p>\n",
        p.attempts,
        p.questions.len(),
        env!("CARGO_PKG_VERSION")
    );
    if p.attempts == 0 {
        s.push_str("<p>No attempts recorded yet. Record one with <code>mlsd check --record DRAFT.md</code>.</p>\n</body></html>\n");
        return s;
    }
    s.push_str("<h2>Overall score per attempt</h2>\n");
    let overall: Vec<u32> = p.timeline.iter().map(|t| t.overall).collect();
    let tip = |i: usize| {
        let t = &p.timeline[i];
        format!(
            "{} · {} · {} ({})",
            date(t.time),
            t.question,
            t.overall,
            t.grade
        )
    };
    s.push_str(&chart(
        &overall,
        &tip,
        (900.0, 220.0),
        "point",
        "overall score per attempt",
        true,
    ));
    if let Some(w) = &p.weakest {
        let _ = write!(
            s,
            "\n<p class=\"weakest\">Weakest dimension: <strong>{}</strong> (mean {:.1} over the last {} attempts)</p>\n",
            escape(&w.name),
            w.last5_mean,
            p.attempts.min(progress::LAST_MEAN)
        );
    }
    if !p.recurring.is_empty() {
        s.push_str("<h2>Still missing in your recent answers</h2>\n<ul class=\"recurring\">\n");
        for m in &p.recurring {
            let _ = writeln!(
                s,
                "<li><span class=\"rule\">{}</span> in {} of your last {} answers{}</li>",
                escape(&m.rule),
                m.count,
                m.of,
                if m.summary.is_empty() {
                    String::new()
                } else {
                    format!(": {}", escape(&lower_first(&m.summary)))
                }
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2>Dimensions</h2>\n<div class=\"dims\">\n");
    for d in &p.dimensions {
        let tip = |i: usize| format!("{}: {}", d.name, d.scores[i]);
        let _ = writeln!(
            s,
            "<div class=\"dim\" data-dimension=\"{}\"><h3>{}</h3><div class=\"muted\">{} → {} · best {} · last-5 mean {:.1}</div>{}</div>",
            escape(&d.id),
            escape(&d.name),
            d.first,
            d.last,
            d.best,
            d.last5_mean,
            chart(
                &d.scores,
                &tip,
                (300.0, 110.0),
                "dim-point",
                &d.name,
                d.scores.len() <= DIM_POINTS_MAX
            )
        );
    }
    s.push_str("</div>\n<h2>Questions</h2>\n<table class=\"questions\"><thead><tr><th>question</th><th class=\"num\">attempts</th><th class=\"num\">best</th><th class=\"num\">last</th><th>last grade</th><th>last attempt</th></tr></thead><tbody>\n");
    for q in &p.questions {
        let last = q.attempts.last();
        let grade = last.map_or("", |a| a.grade);
        let _ = writeln!(
            s,
            "<tr class=\"question\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"grade-{g}\">{g}</td><td>{}</td></tr>",
            escape(q.title),
            q.attempts.len(),
            q.best,
            last.map_or(0, |a| a.overall),
            escape(last.map_or("", |a| date(a.time))),
            g = escape(grade)
        );
    }
    s.push_str("</tbody></table>\n</body></html>\n");
    s
}

/// `mlsd next`.
pub fn next(args: &NextArgs) -> Result<i32, Fatal> {
    let user = user_config()?;
    let dir = data_dir(args.data_dir.as_deref(), &user)?;
    let today = match &args.today {
        Some(t) => history::parse_date(t.trim())
            .ok_or_else(|| Fatal(format!("--today {t}: use a date YYYY-MM-DD")))?,
        None => history::now_unix().div_euclid(86_400),
    };
    let loaded = load(&dir)?;
    let pack = builtin_pack()?;
    let p = progress::progress(&loaded.attempts, &pack);
    let pick = next::pick(
        &pack,
        &loaded.attempts,
        p.weakest.as_ref().map(|w| w.id.as_str()),
        today,
    )
    .ok_or_else(|| Fatal("the question bank is empty".into()))?;
    let q = pick.question;
    let company = pack
        .companies
        .iter()
        .find(|c| c.id == q.company)
        .map_or(q.company.as_str(), |c| c.name.as_str());
    let mut s = format!(
        "Next: {}  ({company} · {})\n  mlsd new --question {} > answer.md\n",
        q.title,
        q.problem_type.as_deref().unwrap_or("other"),
        shell_quote(&q.title)
    );
    if args.why {
        let _ = writeln!(s, "Why: {}", next::why(&pick));
    }
    if loaded.attempts.is_empty() {
        s.push_str(
            "Then record it with `mlsd check --record answer.md` (or `mlsd practice answer.md`): \
             `mlsd next` steers by your weakest dimension and brings questions back for review.\n",
        );
    }
    write_out(&s, None)?;
    Ok(EXIT_OK)
}

/// Single quotes for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The JSON Schema of `mlsd progress --format json` (a definition in `mlsd schema --output`).
pub fn schema() -> serde_json::Value {
    use serde_json::json;
    let grade = json!({"type": "string", "enum": ["missing", "weak", "good", "great"]});
    let score = json!({"type": "integer", "minimum": 0, "maximum": 100});
    json!({
        "type": "object",
        "description": "The report of `mlsd progress --format json` (version 1).",
        "required": ["version", "file", "skipped_lines", "progress"],
        "additionalProperties": false,
        "properties": {
            "version": {"const": 1},
            "file": {"type": "string", "description": "The history file (JSON Lines)."},
            "skipped_lines": {"type": "integer", "minimum": 0, "description": "Lines skipped as unreadable or from a newer mlsd (stderr names each)."},
            "progress": {
                "type": "object",
                "required": ["attempts", "timeline", "questions", "dimensions", "weakest", "recurring"],
                "additionalProperties": false,
                "properties": {
                    "attempts": {"type": "integer", "minimum": 0, "description": "Attempts shown (after --since and --question)."},
                    "timeline": {
                        "type": "array",
                        "description": "Every attempt shown, oldest first.",
                        "items": {
                            "type": "object",
                            "required": ["time", "question", "overall", "grade"],
                            "additionalProperties": false,
                            "properties": {
                                "time": {"type": "string", "description": "RFC 3339, UTC."},
                                "question": {"type": "string"},
                                "overall": score,
                                "grade": grade
                            }
                        }
                    },
                    "questions": {
                        "type": "array",
                        "description": "Per question (the bank question's id, else the normalised title), the most recently practised first.",
                        "items": {
                            "type": "object",
                            "required": ["question", "title", "attempts", "best", "change"],
                            "additionalProperties": false,
                            "properties": {
                                "question": {"type": "string"},
                                "title": {"type": "string"},
                                "bank": {"type": "string", "description": "The bank question's id."},
                                "attempts": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["time", "overall", "grade"],
                                        "additionalProperties": false,
                                        "properties": {"time": {"type": "string"}, "overall": score, "grade": grade}
                                    }
                                },
                                "best": score,
                                "change": {"type": "integer", "description": "Last overall score minus the first."}
                            }
                        }
                    },
                    "dimensions": {
                        "type": "array",
                        "description": "The scorecard's dimensions across all questions.",
                        "items": {
                            "type": "object",
                            "required": ["id", "name", "scores", "first", "last", "best", "last5_mean"],
                            "additionalProperties": false,
                            "properties": {
                                "id": {"type": "string"},
                                "name": {"type": "string"},
                                "scores": {"type": "array", "items": score},
                                "first": score,
                                "last": score,
                                "best": score,
                                "last5_mean": {"type": "number", "minimum": 0, "maximum": 100}
                            }
                        }
                    },
                    "weakest": {
                        "description": "The dimension with the lowest mean over the last 5 attempts.",
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["id", "name", "last5_mean"],
                                "additionalProperties": false,
                                "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "last5_mean": {"type": "number"}}
                            }
                        ]
                    },
                    "recurring": {
                        "type": "array",
                        "description": "Rules that fired in at least half of the last 10 attempts.",
                        "items": {
                            "type": "object",
                            "required": ["rule", "count", "of", "summary"],
                            "additionalProperties": false,
                            "properties": {
                                "rule": {"type": "string"},
                                "count": {"type": "integer", "minimum": 1},
                                "of": {"type": "integer", "minimum": 1},
                                "summary": {"type": "string"}
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Where `check` records, when it does: `--record`, `mlsd practice`, or `record = true` in
/// the user config. An unreadable user config is an error only when it matters.
pub fn record_dir(args: &super::args::CheckArgs, practice: bool) -> Result<Option<PathBuf>, Fatal> {
    let asked = practice || args.record;
    let user = match user_config() {
        Ok(u) => u,
        Err(e) if asked => return Err(e),
        Err(Fatal(e)) => {
            eprintln!("mlsd: warning: {e}; not recording");
            return Ok(None);
        }
    };
    if !asked && !user.record {
        return Ok(None);
    }
    if args.diff {
        return Err(Fatal(
            "--record with --diff: --diff changes nothing, so there is nothing to record".into(),
        ));
    }
    data_dir(args.data_dir.as_deref(), &user).map(Some)
}

/// The attempt of a linted draft, from its assessment when there is one (else assessed
/// here: the same scorecard `check` shows).
pub fn attempt(
    draft: &crate::engine::draft::Draft,
    pack: &Pack,
    settings: &crate::engine::Settings,
    assessed: Option<&crate::coach::Assessment>,
) -> Attempt {
    let time = history::now_rfc3339();
    match assessed {
        Some(a) => history::attempt(draft, pack, a, draft.text, time),
        None => {
            let a = crate::coach::assess_draft(draft, pack, settings);
            history::attempt(draft, pack, &a, draft.text, time)
        }
    }
}

#[cfg(test)]
mod chart_tests {
    use super::Tenths;

    /// The fast coordinate writer agrees with `{:.1}` away from exact halves.
    #[test]
    fn tenths_match_one_decimal_formatting() {
        for i in 0..20_000 {
            let v = f64::from(i) * 0.0737 - 300.0;
            let t = (v * 100.0).round() as i64;
            if t % 10 == 5 || t % 10 == -5 {
                continue; // a tie: the two round it differently, both fine for a chart
            }
            assert_eq!(
                Tenths(v).to_string(),
                format!("{v:.1}").replace("-0.0", "0.0"),
                "{v}"
            );
        }
        assert_eq!(Tenths(f64::NAN).to_string(), "NaN");
    }
}
