//! The practice history: one attempt per recorded draft, appended to a local JSON Lines file.
//!
//! The one part of the coach that touches the disk. The rules it keeps:
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
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The schema version each line carries (`"v"`).
pub const SCHEMA_VERSION: u32 = 1;
/// The data file, in the data folder.
pub const FILE_NAME: &str = "history.jsonl";
/// The lock file, in the data folder (its content is irrelevant).
pub const LOCK_NAME: &str = "history.lock";
/// Recording the same draft for the same question again within this many seconds is a no-op.
pub const DUPLICATE_WINDOW_SECS: i64 = 600;
/// How much of the end of the file the duplicate check reads.
const TAIL_BYTES: u64 = 64 * 1024;

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

/// A problem with the store, naming the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn io_error(what: &str, path: &Path, e: &std::io::Error) -> StoreError {
    let why = match e.raw_os_error() {
        Some(28) => "no space left on the device".to_string(),
        Some(30) => "read-only file system".to_string(),
        _ if e.kind() == std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    StoreError(format!("{what} {}: {why}", path.display()))
}

/// The data file in folder `dir`.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Holds the exclusive (or shared) lock until dropped.
struct Locked(File);

impl Drop for Locked {
    fn drop(&mut self) {
        let _ = fs4::FileExt::unlock(&self.0);
    }
}

fn lock(dir: &Path, exclusive: bool) -> Result<Locked, StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, &e))?;
    let path = dir.join(LOCK_NAME);
    let f = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .read(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, &e))?;
    let r = if exclusive {
        fs4::FileExt::lock(&f)
    } else {
        fs4::FileExt::lock_shared(&f)
    };
    r.map_err(|e| io_error("cannot lock", &path, &e))?;
    Ok(Locked(f))
}

/// What [`append`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The line was added; the file's path.
    Added(PathBuf),
    /// The same draft was recorded for the same question this many seconds ago.
    Duplicate { seconds_ago: i64 },
}

/// Appends one attempt to the history in `dir` (created when missing), unless the same
/// draft for the same question was recorded within [`DUPLICATE_WINDOW_SECS`].
pub fn append(dir: &Path, attempt: &Attempt) -> Result<Appended, StoreError> {
    let mut line = serde_json::to_vec(attempt)
        .map_err(|e| StoreError(format!("cannot encode the attempt: {e}")))?;
    line.push(b'\n');
    let _lock = lock(dir, true)?;
    let path = file_in(dir);
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, &e))?;
    if let Some(now) = attempt.unix() {
        if let Some(ago) = recent_duplicate(&mut f, attempt, now) {
            return Ok(Appended::Duplicate { seconds_ago: ago });
        }
    }
    // One write for the whole line (O_APPEND): a short write is reported, and the torn
    // line it leaves is skipped with a warning when read.
    let n = f
        .write(&line)
        .map_err(|e| io_error("cannot write to", &path, &e))?;
    if n != line.len() {
        return Err(StoreError(format!(
            "cannot write to {}: only {n} of {} bytes written (disk full?)",
            path.display(),
            line.len()
        )));
    }
    f.sync_data()
        .map_err(|e| io_error("cannot sync", &path, &e))?;
    Ok(Appended::Added(path))
}

/// Seconds since the same hash and question were recorded, when that was within the window.
fn recent_duplicate(f: &mut File, attempt: &Attempt, now: i64) -> Option<i64> {
    let len = f.metadata().ok()?.len();
    let from = len.saturating_sub(TAIL_BYTES);
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut buf = Vec::new();
    f.take(TAIL_BYTES).read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf);
    for line in text.lines().rev() {
        let Ok(a) = serde_json::from_str::<Attempt>(line) else {
            continue;
        };
        if a.hash == attempt.hash && a.question == attempt.question {
            let ago = now - a.unix()?;
            return (0..DUPLICATE_WINDOW_SECS).contains(&ago).then_some(ago);
        }
    }
    None
}

/// The attempts of a history file and what was skipped.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub attempts: Vec<Attempt>,
    /// One per skipped line: `FILE:LINE: why`.
    pub warnings: Vec<String>,
}

/// Reads the history in `dir` (no file: empty). Takes a shared lock when it can, so a
/// forget in progress is not seen half-done; never writes the data file.
pub fn load(dir: &Path) -> Result<Loaded, StoreError> {
    let path = file_in(dir);
    if !path.exists() {
        return Ok(Loaded::default());
    }
    // A read-only folder cannot hold a lock file: read without it.
    let _lock = lock(dir, false).ok();
    let bytes = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    Ok(parse(&bytes, &path))
}

/// Parses history bytes; `path` names the file in warnings.
pub fn parse(bytes: &[u8], path: &Path) -> Loaded {
    let mut out = Loaded::default();
    out.attempts
        .reserve(memchr::memchr_iter(b'\n', bytes).count() + 1);
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match read_line(raw) {
            Line::Attempt(a) => out.attempts.push(a),
            Line::Newer(v) => out.warnings.push(format!(
                "{}:{}: skipped an attempt written by a newer mlsd (schema version {v}; this mlsd reads {SCHEMA_VERSION})",
                path.display(),
                i + 1
            )),
            Line::Bad(why) => out.warnings.push(format!(
                "{}:{}: skipped a line that is not a valid attempt ({why}); the file is left as it is",
                path.display(),
                i + 1
            )),
        }
    }
    out
}

#[allow(clippy::large_enum_variant)] // one per line, moved once
enum Line {
    Attempt(Attempt),
    Newer(u64),
    Bad(String),
}

fn read_line(raw: &[u8]) -> Line {
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

/// Which attempts [`forget`] removes.
pub enum Forget<'a> {
    All,
    /// Attempts whose question key or normalised title is this (normalised).
    Question(&'a str),
}

/// What [`forget`] removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forgotten {
    pub attempts: usize,
    /// Unreadable lines dropped (only with `Forget::All`).
    pub unreadable: usize,
}

/// Removes attempts: the kept lines go to a temporary file beside the data file, which is
/// synced and renamed over it, all under the exclusive lock.
pub fn forget(dir: &Path, which: Forget) -> Result<Forgotten, StoreError> {
    let path = file_in(dir);
    if !path.exists() {
        return Ok(Forgotten {
            attempts: 0,
            unreadable: 0,
        });
    }
    let _lock = lock(dir, true)?;
    let bytes = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    let key = match &which {
        Forget::All => String::new(),
        Forget::Question(q) => normalise_question(q),
    };
    let mut kept: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut gone = Forgotten {
        attempts: 0,
        unreadable: 0,
    };
    for raw in bytes.split_inclusive(|&b| b == b'\n') {
        let body = raw.strip_suffix(b"\n").unwrap_or(raw);
        if body.iter().all(u8::is_ascii_whitespace) {
            kept.extend_from_slice(raw);
            continue;
        }
        let drop = match (read_line(body), &which) {
            (Line::Attempt(_), Forget::All) => {
                gone.attempts += 1;
                true
            }
            (_, Forget::All) => {
                gone.unreadable += 1;
                true
            }
            (Line::Attempt(a), Forget::Question(_)) => {
                let hit = a.question == key
                    || normalise_question(&a.title) == key
                    || a.bank.as_deref() == Some(key.as_str());
                if hit {
                    gone.attempts += 1;
                }
                hit
            }
            _ => false,
        };
        if !drop {
            kept.extend_from_slice(raw);
        }
    }
    if gone.attempts == 0 && gone.unreadable == 0 {
        return Ok(gone);
    }
    let tmp = dir.join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(&kept)?;
        f.sync_all()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error("cannot write", &tmp, &e));
    }
    if let Err(e) = std::fs::rename(&tmp, &path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_error("cannot replace", &path, &e));
    }
    // The rename itself survives a crash once the folder is synced (Unix only).
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(gone)
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
