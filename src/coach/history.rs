//! The practice history's data: one attempt per recorded draft, one JSON line each; how
//! titles become question keys; parsing a history's bytes (with a warning per bad line);
//! UTC time without a date library. Pure: the store that reads and appends the file is
//! `crate::store`, whose rules are:
//! - **Appends** take an exclusive advisory lock on `history.lock` (beside the data file),
//!   open `history.jsonl` only once the lock is held, write one whole line with a single
//!   `write`, and `fsync` it. Many processes recording at once each add their line.
//! - **Reading** never changes the file: a torn or corrupt line is skipped with a warning
//!   naming the file and line; a line from a newer schema version is skipped with a warning.
//! - **Forgetting** rewrites the file through a temporary file and a rename under the same
//!   lock, so a crash leaves the old file whole and a writer waiting for the lock appends
//!   to the new file (it opens the path after taking the lock). Unreadable lines are kept
//!   byte for byte, except with `--all`.
//!
//! Nothing here leaves the machine, and the draft's text is never stored (only a hash).

use super::Assessment;
use crate::engine::draft::Draft;
use crate::rules::Pack;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The schema version each line carries (`"v"`).
pub const SCHEMA_VERSION: u32 = 1;
/// The data file, in the data folder.
pub const FILE_NAME: &str = "history.jsonl";
/// The lock file, in the data folder (its content is irrelevant).
pub const LOCK_NAME: &str = "history.lock";
/// Recording the same draft for the same question again within this many seconds is a no-op.
pub const DUPLICATE_WINDOW_SECS: i64 = 600;

/// One dimension's score in an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub id: String,
    pub score: u32,
}

/// The fired rule ids: kept as the JSON text they were read from until asked for (only
/// the recent attempts' are), so loading a long history does not build thousands of
/// strings nobody reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rules(Box<serde_json::value::RawValue>);

impl Rules {
    pub fn new(ids: &[String]) -> Rules {
        let raw = serde_json::value::to_raw_value(ids)
            .or_else(|_| serde_json::value::RawValue::from_string("[]".into()));
        match raw {
            Ok(r) => Rules(r),
            // `[]` always parses; this arm is never taken.
            Err(_) => Rules(Box::default()),
        }
    }

    /// The ids (none when the field is not a list of strings).
    pub fn ids(&self) -> Vec<String> {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

impl PartialEq for Rules {
    fn eq(&self, other: &Rules) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for Rules {}

/// One recorded attempt: what the scorecard said about one draft at one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub v: u32,
    /// When it was recorded: RFC 3339, UTC (`2026-12-07T01:30:00Z`).
    pub time: String,
    /// The question's key: the bank question's id when the title matches one, else the
    /// normalised title.
    pub question: String,
    /// The title as written (first `#` heading, else the front matter's `question`).
    pub title: String,
    /// The bank question's id, when the title is a bank question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    #[serde(rename = "type")]
    pub problem_type: String,
    pub level: String,
    /// Interview length in minutes.
    pub minutes: u32,
    pub words: usize,
    pub overall: u32,
    pub grade: String,
    /// The six dimensions, in the scorecard's order.
    pub dimensions: Vec<DimensionScore>,
    /// The ids of the rules that fired, sorted, each once.
    pub rules: Rules,
    /// A hash of the draft's text (`fnv1a64:` and 16 hex digits).
    pub hash: String,
}

impl Attempt {
    /// Seconds since the Unix epoch of [`Attempt::time`] (`None` when it does not parse).
    pub fn unix(&self) -> Option<i64> {
        parse_rfc3339(&self.time)
    }

    pub fn dimension(&self, id: &str) -> Option<u32> {
        self.dimensions.iter().find(|d| d.id == id).map(|d| d.score)
    }

    /// Whether the attempt was good or great overall.
    pub fn good(&self) -> bool {
        matches!(self.grade.as_str(), "good" | "great")
    }
}

/// Lowercase, spaces collapsed, trailing `?` `.` `!` dropped: how titles are compared.
pub fn normalise_question(title: &str) -> String {
    let joined = title.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches(['?', '.', '!', ' ']).to_lowercase()
}

/// A bank question's id: its title as a slug (`design-the-news-feed-ranking-system`).
pub fn bank_id(title: &str) -> String {
    let mut s = String::new();
    for c in normalise_question(title).chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// The bank question whose title is `title` (normalised), if any.
pub fn bank_match<'p>(pack: &'p Pack, title: &str) -> Option<&'p crate::rules::Question> {
    let n = normalise_question(title);
    pack.questions
        .iter()
        .find(|q| normalise_question(&q.title) == n)
}

/// 64-bit FNV-1a of the text, as `fnv1a64:` and 16 hex digits.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// The attempt a draft's assessment makes, recorded at `time` (RFC 3339).
pub fn attempt(draft: &Draft, pack: &Pack, a: &Assessment, text: &str, time: String) -> Attempt {
    let title = draft
        .title()
        .map(|h| h.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| draft.front_matter.question.clone())
        .unwrap_or_default();
    let title = if title.trim().is_empty() {
        "(untitled)".to_string()
    } else {
        title.trim().to_string()
    };
    let bank = bank_match(pack, &title).map(|q| bank_id(&q.title));
    let question = bank.clone().unwrap_or_else(|| normalise_question(&title));
    let mut rules: Vec<String> = a.report.findings.iter().map(|f| f.rule.clone()).collect();
    rules.sort();
    rules.dedup();
    let p = &a.report.profile;
    Attempt {
        v: SCHEMA_VERSION,
        time,
        question,
        title,
        bank,
        problem_type: p.problem_type.clone(),
        level: p.level.clone(),
        minutes: p.interview_minutes,
        words: p.words,
        overall: a.scorecard.overall,
        grade: a.scorecard.grade.as_str().to_string(),
        dimensions: a
            .scorecard
            .dimensions
            .iter()
            .map(|d| DimensionScore {
                id: d.id.to_string(),
                score: d.score,
            })
            .collect(),
        rules: Rules::new(&rules),
        hash: content_hash(text),
    }
}

/// The attempts of a history file and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub attempts: Vec<Attempt>,
    /// One per skipped line: `FILE:LINE: why`.
    pub warnings: Vec<String>,
}

/// Below this many bytes a history is parsed on one thread (starting threads costs more).
const PARALLEL_FROM: usize = 1 << 20;

/// Parses history bytes; `path` names the file in warnings. A long history is cut at line
/// ends into one piece per core, parsed side by side and joined in file order (parsing the
/// JSON is most of what `mlsd progress` spends on a long history).
pub fn parse(bytes: &[u8], path: &Path) -> Loaded {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if bytes.len() < PARALLEL_FROM || threads < 2 {
        return parse_piece(bytes, 0, path);
    }
    // Piece starts: every `len / threads` bytes, moved on to just after the next newline.
    let mut starts = vec![0usize];
    for k in 1..threads {
        let at = bytes.len() * k / threads;
        let from = (*starts.last().unwrap_or(&0)).max(at);
        match memchr::memchr(b'\n', &bytes[from.min(bytes.len())..]) {
            Some(off) if from + off + 1 < bytes.len() => starts.push(from + off + 1),
            _ => break,
        }
    }
    starts.dedup();
    let mut ends: Vec<usize> = starts[1..].to_vec();
    ends.push(bytes.len());
    // Line numbers: each piece starts after the newlines before it.
    let mut first_line = Vec::with_capacity(starts.len());
    let mut seen = 0;
    let mut prev = 0;
    for &s in &starts {
        seen += memchr::memchr_iter(b'\n', &bytes[prev..s]).count();
        first_line.push(seen);
        prev = s;
    }
    let pieces: Vec<Loaded> = std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .zip(&ends)
            .zip(&first_line)
            .map(|((&s, &e), &line)| scope.spawn(move || parse_piece(&bytes[s..e], line, path)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out = Loaded::default();
    out.attempts
        .reserve(pieces.iter().map(|p| p.attempts.len()).sum());
    for p in pieces {
        out.attempts.extend(p.attempts);
        out.warnings.extend(p.warnings);
    }
    out
}

/// Parses the lines of one piece; `first_line` is how many lines of the file come before it.
fn parse_piece(bytes: &[u8], first_line: usize, path: &Path) -> Loaded {
    let mut out = Loaded::default();
    out.attempts
        .reserve(memchr::memchr_iter(b'\n', bytes).count() + 1);
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = first_line + i + 1;
        match read_line(raw) {
            Line::Attempt(a) => out.attempts.push(a),
            Line::Newer(v) => out.warnings.push(format!(
                "{}:{line}: skipped an attempt written by a newer mlsd (schema version {v}; this mlsd reads {SCHEMA_VERSION})",
                path.display(),
            )),
            Line::Bad(why) => out.warnings.push(format!(
                "{}:{line}: skipped a line that is not a valid attempt ({why}); the file is left as it is",
                path.display(),
            )),
        }
    }
    out
}

#[allow(clippy::large_enum_variant)] // one per line, moved once
pub(crate) enum Line {
    Attempt(Attempt),
    Newer(u64),
    Bad(String),
}

pub(crate) fn read_line(raw: &[u8]) -> Line {
    match serde_json::from_slice::<Attempt>(raw) {
        Ok(a) if a.v == SCHEMA_VERSION && a.unix().is_some() => Line::Attempt(a),
        Ok(a) if a.v > SCHEMA_VERSION => Line::Newer(u64::from(a.v)),
        Ok(a) if a.v != SCHEMA_VERSION => Line::Bad(format!("unknown schema version {}", a.v)),
        Ok(a) => Line::Bad(format!("bad time `{}`", a.time)),
        Err(e) => {
            // A newer version may have changed the fields: say so rather than "corrupt".
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(raw) {
                if let Some(n) = v.get("v").and_then(serde_json::Value::as_u64) {
                    if n > u64::from(SCHEMA_VERSION) {
                        return Line::Newer(n);
                    }
                }
            }
            let mut why = e.to_string();
            if e.is_eof() {
                why = "the line is cut short".into();
            }
            Line::Bad(why)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Time, without a date library: UTC only.

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// RFC 3339 UTC of Unix seconds: `2026-12-07T01:30:00Z`.
pub fn format_rfc3339(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// The current time as RFC 3339 UTC.
pub fn now_rfc3339() -> String {
    format_rfc3339(now_unix())
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A `YYYY-MM-DD` date as a day number.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let days_in = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days_in).contains(&d).then(|| days_from_civil(y, m, d))
}

/// Unix seconds of an RFC 3339 time (`Z` or `±HH:MM`, optional fraction).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let date = parse_date(s.get(0..10)?)?;
    let rest = s.get(10..)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (h, mi, se) = (
        rest.get(0..2)?.parse::<i64>().ok()?,
        rest.get(3..5)?.parse::<i64>().ok()?,
        rest.get(6..8)?.parse::<i64>().ok()?,
    );
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut tail = rest.get(8..)?;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        tail = frac.get(digits..)?;
    }
    let offset = match tail {
        "Z" | "z" => 0,
        _ => {
            let sign = match tail.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if tail.len() != 6 || tail.get(3..4)? != ":" {
                return None;
            }
            let oh: i64 = tail.get(1..3)?.parse().ok()?;
            let om: i64 = tail.get(4..6)?.parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(date * 86_400 + h * 3600 + mi * 60 + se - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history long enough to be parsed in pieces reads exactly as it does on one
    /// thread: the same attempts in the same order, and bad lines named by their number.
    #[test]
    fn a_long_history_parsed_in_pieces_reads_as_on_one_thread() {
        let path = Path::new("history.jsonl");
        let one: &[u8] = include_bytes!("../../tests/fixtures/history/schedule.jsonl");
        let good: Vec<&[u8]> = one
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert!(!good.is_empty(), "fixture history");
        let mut bytes = Vec::new();
        let mut n = 0;
        while bytes.len() < 3 * PARALLEL_FROM {
            n += 1;
            match n % 997 {
                0 => bytes.extend_from_slice(b"{not json"),
                500 => bytes.extend_from_slice(b"   "),
                _ => bytes.extend_from_slice(good[n % good.len()]),
            }
            bytes.push(b'\n');
        }
        let whole = parse_piece(&bytes, 0, path);
        let pieces = parse(&bytes, path);
        assert!(whole.warnings.len() >= 3, "{:?}", whole.warnings.len());
        assert_eq!(pieces.warnings, whole.warnings);
        assert_eq!(pieces.attempts.len(), whole.attempts.len());
        let times = |l: &Loaded| {
            l.attempts
                .iter()
                .map(|a| a.time.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(times(&pieces), times(&whole));
        assert!(
            whole.warnings[0].starts_with("history.jsonl:997:"),
            "{}",
            whole.warnings[0]
        );
    }

    #[test]
    fn dates_round_trip() {
        for d in [-1000, 0, 1, 59, 365, 10_957, 20_000, 20_429, 50_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_rfc3339("2026-12-07T01:30:05Z"),
            Some(days_from_civil(2026, 12, 7) * 86_400 + 5405)
        );
        assert_eq!(
            parse_rfc3339("2026-12-07T03:30:05.123+02:00"),
            parse_rfc3339("2026-12-07T01:30:05Z")
        );
        let t = 1_796_000_000;
        assert_eq!(parse_rfc3339(&format_rfc3339(t)), Some(t));
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-12-07",
            "2026-12-07T1:00:00Z",
            "2026-12-07T01:00:00",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn titles_normalise() {
        assert_eq!(
            normalise_question("  Design a  Video recommendation system? "),
            "design a video recommendation system"
        );
        assert_eq!(
            bank_id("Design the News Feed ranking system"),
            "design-the-news-feed-ranking-system"
        );
    }

    #[test]
    fn lines_parse_or_warn() {
        let good = r#"{"v":1,"time":"2026-12-01T10:00:00Z","question":"q","title":"Q","type":"other","level":"L5","minutes":45,"words":10,"overall":40,"grade":"weak","dimensions":[],"rules":[],"hash":"fnv1a64:0"}"#;
        let newer = r#"{"v":7,"when":"later"}"#;
        let text = format!("{good}\n{{\"v\":1,\"ti\n{newer}\n\n{good}\n");
        let l = parse(text.as_bytes(), Path::new("h.jsonl"));
        assert_eq!(l.attempts.len(), 2);
        assert_eq!(l.warnings.len(), 2, "{:?}", l.warnings);
        assert!(
            l.warnings[0].starts_with("h.jsonl:2: "),
            "{}",
            l.warnings[0]
        );
        assert!(l.warnings[1].starts_with("h.jsonl:3: ") && l.warnings[1].contains("newer"));
    }
}
