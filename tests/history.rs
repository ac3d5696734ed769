//! The practice history end to end (issue 16): `mlsd check --record` / `mlsd practice`
//! append attempts to a JSON Lines file in a temporary `MLSD_DATA_DIR`; `mlsd progress`
//! reads it (terminal, JSON, HTML); `mlsd next` picks a bank question from it. Covers the
//! store's promises: concurrent appends all land, a corrupt line is skipped with its line
//! number and never rewritten, `--forget` loses none of a concurrent writer's lines, an
//! unwritable data folder exits 2 with the path while the findings are still printed.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A data folder and a user-config folder of its own, and a place for drafts.
struct Sandbox {
    tmp: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }
    fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }
    fn history(&self) -> PathBuf {
        self.data().join("history.jsonl")
    }
    fn config_dir(&self) -> PathBuf {
        self.tmp.path().join("config")
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mlsd"));
        c.args(args)
            .current_dir(self.tmp.path())
            .env("MLSD_DATA_DIR", self.data())
            .env("MLSD_CONFIG_DIR", self.config_dir())
            .env_remove("NO_COLOR")
            .stdin(Stdio::null());
        c
    }
    fn run(&self, args: &[&str]) -> Run {
        Run::of(self.cmd(args).output().expect("spawn mlsd"))
    }
    /// A draft: the weak example's body under another title.
    fn draft(&self, name: &str, title: &str) -> PathBuf {
        let weak = std::fs::read_to_string(repo("examples/weak.md")).expect("weak example");
        let body = weak.replace(
            "# Design a system to detect fraudulent product reviews",
            &format!("# {title}"),
        );
        let p = self.path(name);
        std::fs::write(&p, body).expect("write draft");
        p
    }
    fn lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.history())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
            .collect()
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        let r = Run {
            code: out.status.code().expect("exit code"),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        };
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        r
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn two_attempts_show_a_rising_score() {
    let sb = Sandbox::new();
    let weak = repo("examples/weak.md");
    let r = sb.run(&["check", "--record", s(&weak)]);
    assert_eq!(r.code, 1, "the weak example has findings: {}", r.stderr);
    assert!(r.stderr.contains("mlsd: recorded"), "{}", r.stderr);
    // The strong example answers the same question (same title): the demo of the issue.
    let better = repo("examples/strong.md");
    let r = sb.run(&["practice", s(&better)]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let lines = sb.lines();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["v"], 1);
        // A bank question: recorded by the bank's id, the same for both attempts.
        assert_eq!(
            l["question"],
            "design-a-system-to-detect-fraudulent-product-reviews"
        );
        assert_eq!(l["dimensions"].as_array().map(Vec::len), Some(6));
        assert!(l["hash"].as_str().unwrap().starts_with("fnv1a64:"));
        assert!(l.get("text").is_none(), "the draft's text is never stored");
        let t = l["time"].as_str().unwrap();
        assert!(t.ends_with('Z') && t.len() == 20, "RFC 3339 UTC: {t}");
    }
    // The recorded scores are the scorecard's: the same as `check --format json` reports.
    let card = sb.run(&["check", "--format", "json", "--exit-zero", s(&weak)]);
    let card: Value = serde_json::from_str(&card.stdout).unwrap();
    assert_eq!(
        lines[0]["overall"],
        card["files"][0]["scorecard"]["overall"]
    );
    assert_eq!(lines[0]["level"], "L5");
    assert_eq!(lines[0]["type"], "classification");

    let r = sb.run(&["progress", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p: Value = serde_json::from_str(&r.stdout).unwrap();
    let q = &p["progress"]["questions"][0];
    let scores: Vec<u64> = q["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["overall"].as_u64().unwrap())
        .collect();
    assert_eq!(scores.len(), 2);
    assert!(scores[1] > scores[0], "rising: {scores:?}");
    assert_eq!(p["progress"]["attempts"], 2);

    let r = sb.run(&["progress", "--color", "never"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("Design a system to detect fraudulent product reviews"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2 attempts"), "{}", r.stdout);
    // The sparkline rises: a low block, then a high one.
    let spark = r
        .stdout
        .lines()
        .find(|l| l.starts_with("Design a system to detect"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap();
    let blocks: Vec<char> = spark.chars().collect();
    assert_eq!(blocks.len(), 2, "{spark}");
    assert!(blocks[0] < blocks[1], "{spark}");
    assert!(r.stdout.contains("Weakest dimension:"), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'), "no colour when told so");
}

#[test]
fn the_same_draft_twice_within_ten_minutes_is_a_no_op() {
    let sb = Sandbox::new();
    let d = sb.draft("a.md", "Design a search ranking system");
    assert_eq!(sb.run(&["practice", s(&d)]).code, 1);
    let r = sb.run(&["practice", s(&d)]);
    assert_eq!(r.code, 1, "still the check's exit code: {}", r.stderr);
    assert!(r.stderr.contains("not recorded"), "{}", r.stderr);
    assert!(r.stderr.contains("recorded 0 s ago") || r.stderr.contains("s ago"));
    assert_eq!(sb.lines().len(), 1);
    // Changed text: a new attempt.
    let mut text = std::fs::read_to_string(&d).unwrap();
    text.push_str("\nWe compare against a popularity baseline.\n");
    std::fs::write(&d, text).unwrap();
    sb.run(&["practice", s(&d)]);
    assert_eq!(sb.lines().len(), 2);
}

#[test]
fn twenty_processes_recording_at_once_leave_twenty_valid_lines() {
    let sb = Sandbox::new();
    let drafts: Vec<PathBuf> = (0..20)
        .map(|i| {
            sb.draft(
                &format!("d{i}.md"),
                &format!("Practice question number {i}"),
            )
        })
        .collect();
    let children: Vec<_> = drafts
        .iter()
        .map(|d| {
            sb.cmd(&["check", "--record", "--format", "json", s(d)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let raw = std::fs::read_to_string(sb.history()).unwrap();
    assert!(raw.ends_with('\n'));
    let lines = sb.lines();
    assert_eq!(lines.len(), 20, "{raw}");
    let mut questions: Vec<&str> = lines
        .iter()
        .map(|l| l["question"].as_str().unwrap())
        .collect();
    questions.sort_unstable();
    questions.dedup();
    assert_eq!(questions.len(), 20, "each process's line, each once");
    let r = sb.run(&["progress", "--format", "json"]);
    assert!(r.stderr.is_empty(), "no line is skipped: {}", r.stderr);
    let p: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(p["progress"]["attempts"], 20);
}

#[test]
fn a_corrupt_middle_line_is_skipped_with_its_number_and_left_alone() {
    let sb = Sandbox::new();
    for (i, t) in ["First question", "Second question"].iter().enumerate() {
        sb.run(&["practice", s(&sb.draft(&format!("{i}.md"), t))]);
    }
    let mut lines: Vec<String> = std::fs::read_to_string(sb.history())
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(lines.len(), 2);
    // A torn line in the middle, and a line from a future mlsd at the end.
    let torn = lines[1][..lines[1].len() / 2].to_string();
    lines.insert(1, torn);
    lines.push(r#"{"v":99,"time":"2030-01-01T00:00:00Z","whatever":true}"#.into());
    let bytes = format!("{}\n", lines.join("\n")).into_bytes();
    std::fs::write(sb.history(), &bytes).unwrap();

    let r = sb.run(&["progress", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = sb.history();
    assert!(
        r.stderr.contains(&format!("{}:2:", file.display())),
        "names the file and line 2: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("{}:4:", file.display())),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("newer mlsd"), "{}", r.stderr);
    let p: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(p["progress"]["attempts"], 2, "the other attempts are shown");
    assert_eq!(p["skipped_lines"], 2);
    // Recording and forgetting another question keep the bad lines too.
    sb.run(&["practice", s(&sb.draft("3.md", "Third question"))]);
    let r = sb.run(&["progress", "--forget", "Third question"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("forgot 1 attempt"), "{}", r.stderr);
    assert_eq!(std::fs::read(sb.history()).unwrap(), bytes, "byte for byte");
    // `mlsd next` still picks.
    let r = sb.run(&["next", "--today", "2026-12-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Next: "), "{}", r.stdout);
}

#[test]
fn forget_under_a_concurrent_writer_loses_none_of_its_lines() {
    let sb = Sandbox::new();
    // Questions to forget, one line each, so every forget rewrites the file.
    let gone = 25;
    for i in 0..gone {
        sb.run(&[
            "practice",
            s(&sb.draft(&format!("g{i}.md"), &format!("Gone question {i}"))),
        ]);
    }
    let kept = 25;
    let kept_drafts: Vec<PathBuf> = (0..kept)
        .map(|i| sb.draft(&format!("k{i}.md"), &format!("Kept question {i}")))
        .collect();
    let writer = {
        let cmds: Vec<Command> = kept_drafts
            .iter()
            .map(|d| {
                let mut c = sb.cmd(&["check", "--record", "--format", "json", s(d)]);
                c.stdout(Stdio::null()).stderr(Stdio::null());
                c
            })
            .collect();
        std::thread::spawn(move || {
            for mut c in cmds {
                let st = c.status().expect("spawn writer");
                assert_eq!(st.code(), Some(1));
            }
        })
    };
    for i in 0..gone {
        let r = sb.run(&["progress", "--forget", &format!("gone question {i}")]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("forgot 1 attempt"), "{}", r.stderr);
    }
    writer.join().expect("writer");
    let lines = sb.lines();
    let titles: Vec<&str> = lines.iter().map(|l| l["title"].as_str().unwrap()).collect();
    assert_eq!(lines.len(), kept, "{titles:?}");
    for i in 0..kept {
        assert!(
            titles.contains(&format!("Kept question {i}").as_str()),
            "{titles:?}"
        );
    }
    assert!(!titles.iter().any(|t| t.starts_with("Gone")));
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(sb.data())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");

    let r = sb.run(&["progress", "--forget", "--all"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("forgot {kept} attempts")),
        "{}",
        r.stderr
    );
    assert!(sb.lines().is_empty());
    let r = sb.run(&["progress", "--forget"]);
    assert_eq!(r.code, 2, "a question or --all");
    assert!(r.stderr.contains("--all"), "{}", r.stderr);
}

#[test]
fn an_unwritable_data_folder_exits_2_naming_it_with_the_findings_printed() {
    let sb = Sandbox::new();
    // A file where the folder should be: nothing can be created under it (even as root).
    let blocker = sb.path("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let dir = blocker.join("mlsd");
    let weak = repo("examples/weak.md");
    let r = Run::of(
        sb.cmd(&["check", "--record", s(&weak)])
            .env("MLSD_DATA_DIR", &dir)
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(s(&dir)), "names the path: {}", r.stderr);
    assert!(r.stderr.contains("cannot record"), "{}", r.stderr);
    assert!(
        r.stdout.contains("missing-baseline"),
        "findings printed: {}",
        r.stdout
    );
    // --data-dir wins over the environment.
    let r = sb.run(&["check", "--record", "--data-dir", s(&dir), s(&weak)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(s(&dir)), "{}", r.stderr);
    assert!(!sb.history().exists());
}

#[test]
fn recording_is_opt_in_and_the_user_config_can_turn_it_on() {
    let sb = Sandbox::new();
    let d = sb.draft("a.md", "Design a spam filter");
    let r = sb.run(&["check", s(&d)]);
    assert!(!r.stderr.contains("recorded"), "{}", r.stderr);
    assert!(!sb.history().exists(), "nothing recorded without --record");
    std::fs::create_dir_all(sb.config_dir()).unwrap();
    std::fs::write(sb.config_dir().join("config.toml"), "record = true\n").unwrap();
    let r = sb.run(&["check", s(&d)]);
    assert!(r.stderr.contains("mlsd: recorded"), "{}", r.stderr);
    assert_eq!(sb.lines().len(), 1);
    // A broken user config: plain checks warn and go on; --record says what is wrong.
    std::fs::write(sb.config_dir().join("config.toml"), "record = \"yes\"\n").unwrap();
    let r = sb.run(&["check", s(&d)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("config.toml"), "{}", r.stderr);
    let r = sb.run(&["check", "--record", s(&d)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("config.toml"), "{}", r.stderr);
}

#[test]
fn progress_where_since_question_and_colours() {
    let sb = Sandbox::new();
    let r = sb.run(&["progress", "--where"]);
    assert_eq!(r.stdout.trim(), s(&sb.history()));
    let r = sb.run(&["progress"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("No attempts recorded yet"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("--record"), "{}", r.stdout);

    std::fs::create_dir_all(sb.data()).unwrap();
    std::fs::copy(repo("tests/fixtures/history/schedule.jsonl"), sb.history()).unwrap();
    sb.run(&["practice", s(&sb.draft("now.md", "Design a fraud model"))]);
    let json = |args: &[&str]| -> Value {
        let r = sb.run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    assert_eq!(
        json(&["progress", "--format", "json"])["progress"]["attempts"],
        4
    );
    assert_eq!(
        json(&["progress", "--format", "json", "--since", "1d"])["progress"]["attempts"],
        1,
        "only today's"
    );
    assert_eq!(
        json(&["progress", "--format", "json", "--since", "2026-11-02"])["progress"]["attempts"],
        3
    );
    let p = json(&["progress", "--format", "json", "--question", "news feed"]);
    assert_eq!(p["progress"]["attempts"], 2);
    assert_eq!(
        p["progress"]["questions"][0]["bank"],
        "design-the-news-feed-ranking-system"
    );
    for bad in ["yesterday", "10x", "-3d", "", "99999999999d"] {
        let r = sb.run(&["progress", &format!("--since={bad}")]);
        assert_eq!(r.code, 2, "--since {bad}");
        assert!(r.stderr.contains("--since"), "{}", r.stderr);
    }
    // Recurring misses: missing-baseline fired in all 4.
    let r = sb.run(&["progress", "--color", "always"]);
    assert!(r.stdout.contains('\x1b'), "colours when asked");
    assert!(
        r.stdout.contains("in 4 of your last 4 answers"),
        "{}",
        r.stdout
    );
    let r = Run::of(
        sb.cmd(&["progress", "--color", "always"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert!(!r.stdout.contains('\x1b'), "NO_COLOR wins");
    let r = sb.run(&["progress"]);
    assert!(!r.stdout.contains('\x1b'), "not a terminal: no colour");
}

#[test]
fn progress_json_validates_against_the_output_schema() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.data()).unwrap();
    std::fs::copy(repo("tests/fixtures/history/schedule.jsonl"), sb.history()).unwrap();
    let schema: Value =
        serde_json::from_str(&sb.run(&["schema", "--output"]).stdout).expect("schema");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V7);
    let url = "file:///mlsd-output.schema.json";
    compiler.add_resource(url, schema).unwrap();
    let index = compiler
        .compile(&format!("{url}#/definitions/progress"), &mut schemas)
        .unwrap_or_else(|e| panic!("{e:#}"));
    for args in [
        &["progress", "--format", "json"][..],
        &[
            "progress",
            "--format",
            "json",
            "--question",
            "no such thing",
        ],
    ] {
        let r = sb.run(args);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        if let Err(e) = schemas.validate(&v, index) {
            panic!("{args:?}: {e:#}\n{}", r.stdout);
        }
        // Closed: an extra field fails.
        let mut extra = v.clone();
        extra["progress"]["surprise"] = Value::Bool(true);
        assert!(schemas.validate(&extra, index).is_err());
    }
}

#[test]
fn the_html_page_has_one_point_per_attempt_and_escapes_titles() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.data()).unwrap();
    std::fs::copy(repo("tests/fixtures/history/schedule.jsonl"), sb.history()).unwrap();
    // A title as hostile as a hand-edited history can make it.
    let fixture = std::fs::read_to_string(sb.history()).unwrap();
    let first = fixture.lines().next().unwrap();
    let hostile = first
        .replace(
            "\"title\":\"Design the News Feed ranking system\"",
            r#""title":"<script>alert(1)</script> \"><img src=x onerror=alert(2)>""#,
        )
        .replace("2026-11-01", "2026-11-06")
        .replace(
            "\"question\":\"design-the-news-feed-ranking-system\"",
            r#""question":"<b>q</b>""#,
        );
    assert_ne!(hostile, first);
    std::fs::write(sb.history(), format!("{fixture}{hostile}\n")).unwrap();
    let r = sb.run(&["progress", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = &r.stdout;
    assert_eq!(html.matches("<circle class=\"point\"").count(), 4);
    assert_eq!(html.matches("<circle class=\"dim-point\"").count(), 4 * 6);
    assert!(
        !html.contains("<script"),
        "no script, and the title is escaped"
    );
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;"));
    for external in ["<link", "src=\"http", "url(http", "@import"] {
        assert!(!html.contains(external), "self-contained: {external}");
    }
    let out = sb.path("page.html");
    let r = sb.run(&["progress", "--format", "html", "--output", s(&out)]);
    assert_eq!(r.code, 0);
    assert_eq!(std::fs::read_to_string(out).unwrap(), *html);
}

fn next(sb: &Sandbox, today: &str) -> Run {
    let r = sb.run(&["next", "--why", "--today", today]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

fn first_line(r: &Run) -> &str {
    r.stdout.lines().next().unwrap_or_default()
}

#[test]
fn next_on_an_empty_history_suggests_a_first_question_and_recording() {
    let sb = Sandbox::new();
    let r = next(&sb, "2026-12-01");
    assert!(
        r.stdout
            .starts_with("Next: Design the News Feed ranking system"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("mlsd new --question 'Design the News Feed ranking system'"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("--record"),
        "the hint to record: {}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Why: no attempts recorded yet"),
        "{}",
        r.stdout
    );
    for bad in ["2026-13-01", "tomorrow", "2026-02-30"] {
        let r = sb.run(&["next", "--today", bad]);
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stderr.contains("--today"), "{}", r.stderr);
    }
}

#[test]
fn next_follows_the_schedule_and_the_weakest_dimension() {
    // The fixture: News Feed (ranking) weak on 11-01 and good on 11-02 (next interval: 3
    // days, due 11-05); fake accounts (classification) great on 11-03 (1 day, due 11-04).
    // Model selection is the weakest dimension; its type-specific rule (multi-stage
    // retrieval and ranking) makes ranking and recommendation questions exercise it.
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.data()).unwrap();
    std::fs::copy(repo("tests/fixtures/history/schedule.jsonl"), sb.history()).unwrap();

    // 11-04: fake accounts is due, but it does not exercise model selection; News Feed is
    // not due yet. A never-seen recommendation question (the least practised type that
    // exercises it) comes first.
    let r = next(&sb, "2026-11-04");
    assert_eq!(
        first_line(&r),
        "Next: Design a system to recommend Facebook Groups to users  (Meta · recommendation)",
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("not answered yet"), "{}", r.stdout);
    assert!(r.stdout.contains("model selection"), "{}", r.stdout);

    // 11-05: News Feed's 3-day interval ends: it comes back for review.
    let r = next(&sb, "2026-11-05");
    assert!(
        first_line(&r).starts_with("Next: Design the News Feed ranking system"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("due for review (the 3-day interval ended today"),
        "{}",
        r.stdout
    );
    let r = next(&sb, "2026-11-08");
    assert!(r.stdout.contains("ended 3 days ago"), "{}", r.stdout);

    // A good review on 11-05 moves it to 7 days (due 11-12); a weak one resets it to 1.
    let lines = std::fs::read_to_string(sb.history()).unwrap();
    let second = lines.lines().nth(1).unwrap();
    let good = second.replace("2026-11-02T09:00:00Z", "2026-11-05T09:00:00Z");
    std::fs::write(sb.history(), format!("{lines}{good}\n")).unwrap();
    assert!(!first_line(&next(&sb, "2026-11-11")).contains("News Feed"));
    assert!(first_line(&next(&sb, "2026-11-12")).contains("News Feed"));
    let weak = lines
        .lines()
        .next()
        .unwrap()
        .replace("2026-11-01T09:00:00Z", "2026-11-12T09:00:00Z");
    std::fs::write(sb.history(), format!("{lines}{good}\n{weak}\n")).unwrap();
    let r = next(&sb, "2026-11-13");
    assert!(first_line(&r).contains("News Feed"), "{}", r.stdout);
    assert!(r.stdout.contains("the 1-day interval"), "{}", r.stdout);

    // The same history and date: the same pick, every time.
    let a = next(&sb, "2026-11-20").stdout;
    let b = next(&sb, "2026-11-20").stdout;
    assert_eq!(a, b);
}

#[test]
fn next_with_a_corrupt_history_warns_and_still_picks() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.data()).unwrap();
    let fixture = std::fs::read_to_string(repo("tests/fixtures/history/schedule.jsonl")).unwrap();
    let broken = fixture.replacen('\n', "\n{not json\n", 1);
    std::fs::write(sb.history(), &broken).unwrap();
    let r = next(&sb, "2026-11-05");
    assert!(r.stderr.contains(":2: skipped"), "{}", r.stderr);
    assert!(first_line(&r).contains("News Feed"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(sb.history()).unwrap(), broken);
}
