//! The bad-input matrix of `mlsd check`, run on the real binary.
//!
//! What a demanding user expects, case by case (each test name says it too):
//!
//! - A file mlsd *can* read as UTF-8 text is linted, however odd: empty, only front matter,
//!   unterminated or mistyped front matter (reported as findings with their line), a BOM,
//!   lone `\r` or mixed line endings, megabyte lines, 100,000 headings, 10,000 levels of
//!   nesting. Exit 0 or 1, never 2.
//! - A file it cannot lint (binary, invalid UTF-8, unreadable, a symlink loop) gets a
//!   message naming the file, the run goes on with the other files, and the exit code is 2.
//! - A config or rule file that cannot be used (bad regex, 10 MB regex, unknown key,
//!   unknown rule id, absurd threshold) names `file:line:col` and exits 2.
//! - Never a panic, never a hang: every run is killed after a timeout and the test fails.
//!
//! Where super-linear work could hide, and the input that would expose it here:
//! converting many finding offsets on one long line to columns (a 5 MB line holding
//! 50,000 findings, in every output format), printing the source line under each finding
//! (the human format), the Markdown parser on pathological nesting and delimiter runs
//! (the inputs of CommonMark's own pathological tests), the heading stack (100,000
//! headings, 10,000 nested levels) and per-line scans (100,000 one-word lines).
//! At these sizes a quadratic step takes minutes; the linear code takes seconds.

use serde_json::Value;
use std::path::Path;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Mlsd, Run, Sandbox};

/// A sandbox whose runs print no colour and may show non-UTF-8 file names lossily.
fn sandbox() -> Sandbox {
    Sandbox::new().with_env("NO_COLOR", "1").lossy()
}

/// Runs mlsd in `cwd` (also its `HOME`, so no outside config is found); the harness kills
/// it after its timeout and fails on a signal death or a panic message.
fn run_in(cwd: &Path, args: &[&str]) -> Run {
    Mlsd::new(args)
        .cwd(cwd)
        .home(cwd)
        .env("NO_COLOR", "1")
        .lossy()
        .run()
}

/// Rules reported for one file of a JSON run.
fn rules(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics (an error instead?): {file:#}"))
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_string())
        .collect()
}

/// `(rule, start line, start column)` of every finding of a file.
fn located(file: &Value) -> Vec<(String, u64, u64)> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A linted file (not a failure) with exit 0 or 1.
fn assert_linted(r: &Run, path: &str) -> Value {
    assert!(r.code == 0 || r.code == 1, "exit {}: {}", r.code, r.stderr);
    let f = r.file(path);
    assert!(f.get("error").is_none(), "{path} failed: {f:#}");
    f
}

/// A failed file, named with `needle` in the report and on stderr, exit 2.
fn assert_failed(r: &Run, path: &str, needle: &str) {
    assert_eq!(r.code, 2, "exit code: {}", r.stderr);
    let f = r.file(path);
    let msg = f["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{path} should have failed: {f:#}"));
    assert!(msg.contains(needle), "message for {path}: {msg}");
    assert!(
        r.stderr.contains(path) && r.stderr.contains(needle),
        "stderr names {path} and says {needle:?}: {}",
        r.stderr
    );
}

const MODEL: &str = "# Title\n\n## Model\n\nWe use a fast model.\n";

// ---------------------------------------------------------------------------------------
// Odd but readable drafts: linted
// ---------------------------------------------------------------------------------------

#[test]
fn empty_file_is_linted_as_a_draft_missing_every_section() {
    let s = sandbox();
    s.write("empty.md", "");
    let r = s.run(&["check", "--format", "json", "empty.md"]);
    let f = assert_linted(&r, "empty.md");
    assert_eq!(r.code, 1, "an empty answer has findings");
    let found = rules(&f);
    assert!(found.contains(&"missing-model".to_string()), "{found:?}");
    // Every finding sits at 1:1, the only position an empty text has.
    assert!(located(&f).iter().all(|(_, l, c)| (*l, *c) == (1, 1)));
}

#[test]
fn only_front_matter_is_linted_and_findings_point_after_it() {
    let s = sandbox();
    s.write("fm.md", "---\nlevel: L5\n---\n");
    let f = assert_linted(&s.run(&["check", "--format", "json", "fm.md"]), "fm.md");
    assert!(rules(&f).contains(&"missing-model".to_string()));
    assert!(!rules(&f).contains(&"invalid-front-matter".to_string()));
}

#[test]
fn unterminated_front_matter_is_a_finding_on_line_1_and_the_rest_is_still_linted() {
    let s = sandbox();
    s.write("open.md", "---\nlevel: L5\n# Title\n\nIt must be fast\n");
    let f = assert_linted(&s.run(&["check", "--format", "json", "open.md"]), "open.md");
    let found = located(&f);
    assert!(
        found.contains(&("invalid-front-matter".into(), 1, 1)),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(r, l, _)| r == "vague-term" && *l == 5),
        "the body is linted: {found:?}"
    );
}

#[test]
fn front_matter_of_the_wrong_type_names_each_key_on_its_line() {
    let s = sandbox();
    s.write("types.md", "---\nlevel: 7\nminutes: \"lots\"\n---\n# T\n");
    let f = assert_linted(
        &s.run(&["check", "--format", "json", "types.md"]),
        "types.md",
    );
    let bad: Vec<(u64, String)> = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "invalid-front-matter")
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad[0].0 == 2 && bad[0].1.contains("level"), "{bad:?}");
    assert!(bad[1].0 == 3 && bad[1].1.contains("minutes"), "{bad:?}");
}

#[test]
fn bom_is_linted_like_the_same_text_without_it() {
    let s = sandbox();
    s.write("plain.md", MODEL);
    s.write("bom.md", format!("\u{feff}{MODEL}"));
    let r = s.run(&["check", "--format", "json", "plain.md", "bom.md"]);
    let mut plain = rules(&assert_linted(&r, "plain.md"));
    let mut bom = rules(&assert_linted(&r, "bom.md"));
    plain.sort();
    bom.sort();
    assert_eq!(plain, bom, "the BOM changes nothing found");
    // The vague word keeps its line and column (the BOM is on line 1 only).
    let at = |f: &Value| {
        located(f)
            .into_iter()
            .filter(|(r, _, _)| r == "vague-term")
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&r.file("plain.md")), at(&r.file("bom.md")));
}

#[test]
fn lone_cr_and_mixed_line_endings_give_the_same_findings_on_the_same_lines() {
    let s = sandbox();
    s.write("lf.md", MODEL);
    s.write("cr.md", MODEL.replace('\n', "\r"));
    // Alternate \r\n and \n.
    let mut mixed = String::new();
    for (i, line) in MODEL.split_inclusive('\n').enumerate() {
        if i % 2 == 0 {
            mixed.push_str(&line.replace('\n', "\r\n"));
        } else {
            mixed.push_str(line);
        }
    }
    s.write("mixed.md", &mixed);
    let r = s.run(&["check", "--format", "json", "lf.md", "cr.md", "mixed.md"]);
    let want = located(&assert_linted(&r, "lf.md"));
    assert!(want
        .iter()
        .any(|(r, l, c)| r == "vague-term" && (*l, *c) == (5, 10)));
    assert_eq!(located(&assert_linted(&r, "cr.md")), want, "lone \\r");
    assert_eq!(located(&assert_linted(&r, "mixed.md")), want, "mixed");
}

#[test]
fn nul_after_the_first_8_kib_still_makes_a_file_binary() {
    // A NUL anywhere means the file is not a text mlsd should rewrite or quote.
    let s = sandbox();
    let mut late = MODEL.repeat(400).into_bytes();
    assert!(late.len() > 8192);
    late.extend_from_slice(b"\0tail\n");
    s.write("late.md", late);
    s.write("early.md", b"# T\n\0\x01 fast\n");
    s.write("ok.md", MODEL);
    let r = s.run(&["check", "--format", "json", "early.md", "late.md", "ok.md"]);
    assert_failed(&r, "early.md", "binary");
    assert_failed(&r, "late.md", "binary");
    assert_linted_in_failed_run(&r, "ok.md");
}

/// A file linted in a run that exits 2 because of another file.
fn assert_linted_in_failed_run(r: &Run, path: &str) {
    let f = r.file(path);
    assert!(f.get("error").is_none(), "{f:#}");
    assert!(rules(&f).contains(&"vague-term".to_string()), "{f:#}");
}

#[test]
fn binary_file_named_md_and_invalid_utf8_fail_while_the_folder_is_still_linted() {
    let s = sandbox();
    // The first bytes of a PNG image.
    s.write(
        "drafts/image.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
    );
    s.write("drafts/latin1.md", b"# Caf\xe9\n\nfast\n");
    s.write("drafts/ok.md", MODEL);
    let r = s.run(&["check", "--all", "--format", "json", "drafts"]);
    assert_failed(&r, "drafts/image.md", "binary");
    assert_failed(&r, "drafts/latin1.md", "UTF-8");
    assert_linted_in_failed_run(&r, "drafts/ok.md");
    // The human format says it too, with the count of files that failed.
    let h = s.run(&["check", "--all", "drafts"]);
    assert_eq!(h.code, 2);
    assert!(
        h.stdout.contains("2 files could not be checked"),
        "{}",
        h.stdout
    );
}

#[test]
fn paths_with_spaces_and_non_ascii_names_are_linted_and_reported_as_named() {
    let s = sandbox();
    s.write("my drafts/réponse 答案 🚀.md", MODEL);
    let r = s.run(&["check", "--all", "--format", "json", "my drafts"]);
    assert_linted(&r, "my drafts/réponse 答案 🚀.md");
    let h = s.run(&["check", "my drafts/réponse 答案 🚀.md"]);
    assert_eq!(h.code, 1);
    assert!(
        h.stdout.contains("my drafts/réponse 答案 🚀.md:5:10"),
        "{}",
        h.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_linted_and_fixed_in_place() {
    use std::os::unix::ffi::OsStrExt;
    let s = sandbox();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let p = s.root.join(name);
    std::fs::write(&p, "Just words.\n").unwrap();
    let r = s.run(&["check", "--all", "--format", "json", "."]);
    assert!(r.code == 1, "{r:?}");
    assert!(
        r.stdout.contains("caf\u{fffd}.md"),
        "shown lossily: {}",
        r.stdout
    );
    // --fix writes the file with the real (non-UTF-8) name, not one named after the display.
    let r = run_in(
        &s.root,
        &["check", "--all", "--fix", "--select", "missing-data", "."],
    );
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert!(fixed.contains("## Data"), "{fixed}");
    assert_eq!(
        std::fs::read_dir(&s.root).unwrap().count(),
        1,
        "no new file"
    );
}

// ---------------------------------------------------------------------------------------
// Big and deep drafts: linear, linted
// ---------------------------------------------------------------------------------------

/// A 5 MB draft on one line with a vague word every 100 bytes: 50,000 findings (and as many
/// others) whose columns all lie on the same line. Converting each from the line start was quadratic
/// (minutes); every format must stay linear, and the human format prints a window of the
/// line, not 5 MB per finding.
#[test]
fn five_megabyte_single_line_with_50_000_findings_in_every_format() {
    let s = sandbox();
    // Sentences end with a period: one five-megabyte *sentence* is far slower (an engine
    // pattern scan, reported separately); this case is about one long line.
    let unit = "we use a fast model on the data and it works for users in all markets. ";
    let unit = format!("{unit}{}", " ".repeat(100 - unit.len()));
    assert_eq!(unit.len(), 100);
    let line = unit.repeat(50_000);
    s.write("line.md", format!("# T\n\n{line}\n"));
    let j = s.run(&["check", "--format", "json", "line.md"]);
    let f = assert_linted(&j, "line.md");
    let vague: Vec<u64> = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "vague-term")
        .map(|d| d["range"]["start"]["column"].as_u64().unwrap())
        .collect();
    assert_eq!(vague.len(), 50_000);
    assert_eq!(vague[49_999], 49_999 * 100 + 10, "the last column is exact");
    let h = s.run(&["check", "line.md"]);
    assert_eq!(h.code, 1);
    let total = f["diagnostics"].as_array().unwrap().len();
    assert!(
        h.stdout.len() < total * 700,
        "human output is bounded per finding: {} bytes",
        h.stdout.len()
    );
    assert!(h
        .stdout
        .contains(&format!("line.md:3:{}", 49_999 * 100 + 10)));
    // GitHub annotations convert range ends too (SARIF and JUnit share the same code).
    let g = s.run(&["check", "--format", "github", "line.md"]);
    assert_eq!(g.code, 1, "{}", g.stderr);
    let last = 49_999 * 100 + 10;
    assert!(
        g.stdout.contains(&format!(
            "line=3,col={last},endLine=3,endColumn={}",
            last + 4
        )),
        "the last vague word's annotation"
    );
}

#[test]
fn a_100_000_heading_draft_is_linted() {
    let s = sandbox();
    let mut text = String::new();
    for i in 0..100_000 {
        let level = 1 + i % 6;
        text.push_str(&format!(
            "{} Model {i}\n\nIt must be fast\n\n",
            "#".repeat(level)
        ));
    }
    s.write("headings.md", text);
    let f = assert_linted(
        &s.run(&["check", "--format", "json", "headings.md"]),
        "headings.md",
    );
    assert!(rules(&f).iter().filter(|r| *r == "vague-term").count() >= 100_000);
}

#[test]
fn ten_thousand_levels_of_lists_and_blockquotes_are_linted() {
    let s = sandbox();
    // Nested list markers on one line, nested by indentation, and nested quotes.
    s.write("list_inline.md", format!("{}fast\n", "- ".repeat(10_000)));
    let mut indented = String::new();
    for i in 0..10_000 {
        indented.push_str(&" ".repeat(2 * (i % 500)));
        indented.push_str("- fast item\n");
    }
    s.write("list_indented.md", indented);
    s.write("quote.md", format!("{} fast\n", ">".repeat(10_000)));
    let mut quotes = String::new();
    for i in 1..=3_000 {
        quotes.push_str(&">".repeat(i));
        quotes.push_str(" fast\n");
    }
    s.write("quotes_growing.md", quotes);
    let r = s.run(&[
        "check",
        "--format",
        "json",
        "list_inline.md",
        "list_indented.md",
        "quote.md",
        "quotes_growing.md",
    ]);
    for p in [
        "list_inline.md",
        "list_indented.md",
        "quote.md",
        "quotes_growing.md",
    ] {
        assert_linted(&r, p);
    }
}

/// CommonMark's pathological inputs (cmark's `pathological_tests.py`), sized so that a
/// quadratic parser step would blow the timeout.
#[test]
fn pathological_markdown_is_linted_in_linear_time() {
    let s = sandbox();
    let mut cases: Vec<(&str, String)> = vec![
        (
            "nested_brackets.md",
            format!("{}a{}", "[".repeat(50_000), "]".repeat(50_000)),
        ),
        ("emphasis.md", "*a **a ".repeat(30_000)),
        ("closers.md", "a_ ".repeat(50_000)),
        ("openers.md", "_a ".repeat(50_000)),
        ("unclosed_links.md", "[a](<b ".repeat(30_000)),
        (
            "link_nesting.md",
            format!("{}{}", "[a](".repeat(20_000), ")".repeat(20_000)),
        ),
        ("html_comments.md", "<!-- ".repeat(50_000)),
        ("entities.md", "&#".repeat(50_000)),
        ("table.md", format!("|a|\n|-|\n{}", "|x|\n".repeat(100_000))),
        (
            "one_word_lines.md",
            "# T\n\n".to_string() + &"fast\n\n".repeat(100_000),
        ),
    ];
    // Backtick runs of growing length.
    let mut ticks = String::new();
    for i in 1..1_500 {
        ticks.push('e');
        ticks.push_str(&"`".repeat(i));
    }
    cases.push(("backticks.md", ticks));
    let mut args = vec!["check", "--format", "json"];
    for (name, text) in &cases {
        s.write(name, text);
    }
    args.extend(cases.iter().map(|(n, _)| *n));
    let r = s.run(&args);
    for (name, _) in &cases {
        assert_linted(&r, name);
    }
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read, inside a linted folder
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_folder_end_the_walk_and_the_looping_file_is_an_error() {
    use std::os::unix::fs::symlink;
    let s = sandbox();
    s.write("drafts/ok.md", MODEL);
    // A folder link back up (a walk that followed it would never end) ...
    symlink("..", s.path("drafts/up")).unwrap();
    symlink(".", s.path("drafts/self")).unwrap();
    // ... and a file link that points at itself (reading it fails with ELOOP).
    symlink("loop.md", s.path("drafts/loop.md")).unwrap();
    let r = s.run(&["check", "--all", "--format", "json", "drafts"]);
    assert_failed(&r, "drafts/loop.md", "symbolic links");
    assert_linted_in_failed_run(&r, "drafts/ok.md");
    assert_eq!(
        r.json()["files"].as_array().unwrap().len(),
        2,
        "nothing is walked twice through the folder links"
    );
}

/// Whether this process can read a file whose mode is 000 (root, or CAP_DAC_OVERRIDE).
#[cfg(unix)]
fn reads_despite_permissions(s: &Sandbox) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = s.write("probe", "x");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_in_a_folder_is_an_error_and_the_others_are_linted() {
    use std::os::unix::fs::PermissionsExt;
    let s = sandbox();
    s.write("drafts/a.md", MODEL);
    let locked = s.write("drafts/locked.md", MODEL);
    s.write("drafts/z.md", MODEL);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = s.run(&["check", "--all", "--format", "json", "drafts"]);
    if reads_despite_permissions(&s) {
        // Running as root: mode 000 does not stop reads, so the file is linted like the
        // others. (The read-error path is exercised by the next test, which works as root.)
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_linted(&r, "drafts/locked.md");
    } else {
        assert_failed(&r, "drafts/locked.md", "permission denied");
    }
    assert_linted_in_failed_run(&r, "drafts/a.md");
    assert_linted_in_failed_run(&r, "drafts/z.md");
}

/// A file whose read fails for everyone, root included: `/proc/self/mem` reads at offset 0
/// fail with EIO. Named next to good files, it is an error and they are still linted.
#[cfg(target_os = "linux")]
#[test]
fn a_file_whose_read_fails_even_for_root_is_an_error() {
    let s = sandbox();
    s.write("a.md", MODEL);
    std::os::unix::fs::symlink("/proc/self/mem", s.path("mem.md")).unwrap();
    s.write("z.md", MODEL);
    let r = s.run(&["check", "--format", "json", "a.md", "mem.md", "z.md"]);
    assert_failed(&r, "mem.md", "cannot read");
    assert_linted_in_failed_run(&r, "a.md");
    assert_linted_in_failed_run(&r, "z.md");
}

// ---------------------------------------------------------------------------------------
// Configs and rule files that cannot be used: file:line:col, exit 2
// ---------------------------------------------------------------------------------------

/// Runs `check` on a weak draft under a `.mlsd.toml` (and rule files), expecting exit 2 and
/// an error naming `where_` (file:line:col) and `needle`.
fn config_error(files: &[(&str, &str)], where_: &str, needle: &str) {
    let s = sandbox();
    s.write("a.md", MODEL);
    for (name, text) in files {
        s.write(name, text);
    }
    let r = s.run(&["check", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    let all = format!("{}{}", r.stdout, r.stderr);
    let at = format!("{}/{where_}", s.root.display());
    assert!(all.contains(&at), "names {at}: {all}");
    assert!(all.contains(needle), "says {needle:?}: {all}");
    assert!(
        all.len() < 4096,
        "the message stays short: {} bytes",
        all.len()
    );
    // The explicit --config path reports the same way, before linting anything.
    let r = s.run(&["check", "--config", ".mlsd.toml", "a.md"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains(where_), "{}", r.stderr);
}

#[test]
fn config_regex_that_does_not_compile_names_the_rule_file_line_and_column() {
    config_error(
        &[
            (".mlsd.toml", "rule_files = [\"team.toml\"]\n"),
            ("team.toml", "[vocab.vague]\npatterns = [\"(unclosed\"]\n"),
        ],
        "team.toml:2:13",
        "does not compile",
    );
}

#[test]
fn config_ten_megabyte_regex_is_refused_quickly_with_its_position() {
    // Two shapes: one huge literal, and a 10 MB alternation (which the regex engine would
    // otherwise compile for seconds at every start-up).
    for pattern in ["a".repeat(10_000_000), "ab|".repeat(3_400_000) + "x"] {
        config_error(
            &[
                (".mlsd.toml", "rule_files = [\"team.toml\"]\n"),
                (
                    "team.toml",
                    &format!("[vocab.vague]\npatterns = [\"{pattern}\"]\n"),
                ),
            ],
            "team.toml:2:13",
            "at most 4096",
        );
    }
}

#[test]
fn config_unknown_key_names_it_with_line_and_column() {
    config_error(
        &[(".mlsd.toml", "level = \"L5\"\ncolour = \"red\"\n")],
        ".mlsd.toml:2:1",
        "unknown field `colour`",
    );
}

#[test]
fn config_unknown_rule_id_suggests_the_near_one() {
    config_error(
        &[(".mlsd.toml", "[rules]\nvage-term = \"off\"\n")],
        ".mlsd.toml:2:1",
        "did you mean `vague-term`",
    );
}

#[test]
fn config_absurd_settings_are_refused_with_their_position() {
    config_error(
        &[(".mlsd.toml", "minutes = 100000000\n")],
        ".mlsd.toml:1:11",
        "out of range",
    );
    config_error(
        &[(".mlsd.toml", "words_per_minute = nan\n")],
        ".mlsd.toml:1:20",
        "out of range",
    );
}

const TEAM_RULE: &str = r##"[[rule]]
id = "team-rule"
severity = "warning"
summary = "s"
message = "m"
why = "w"
weak = ["# T\n\nfast"]
strong = ["# T"]
[[rule.check]]
"##;

#[test]
fn rule_file_with_absurd_thresholds_is_refused_with_the_line_of_the_value() {
    for (check, line, needle) in [
        (
            "kind = \"term-without\"\nterms = [\"vague\"]\nwindow = 1000000\n",
            12,
            "0 to 100",
        ),
        (
            "kind = \"monologue\"\nmax_minutes = 1e300\n",
            11,
            "below 1e9, not 1e300",
        ),
        (
            "kind = \"density\"\nmin = -5.0\nper_words = 100.0\n",
            11,
            "positive",
        ),
        (
            "kind = \"stage-time\"\nstage_factor = inf\n",
            11,
            "positive",
        ),
        (
            "kind = \"question-count\"\nscope = \"clarify\"\nmin = 0.5\n",
            12,
            "whole number",
        ),
        (
            "kind = \"share\"\nstages = [\"data\"]\nmin = 7.0\n",
            12,
            "between 0 and 1",
        ),
    ] {
        let s = sandbox();
        s.write("a.md", MODEL);
        s.write(".mlsd.toml", "rule_files = [\"team.toml\"]\n");
        s.write("team.toml", format!("{TEAM_RULE}{check}"));
        let r = s.run(&["check", "a.md"]);
        assert_eq!(r.code, 2, "{check}: {r:?}");
        let want = format!("team.toml:{line}:");
        assert!(
            r.stdout.contains(&want) || r.stderr.contains(&want),
            "{check}: names {want}: {}{}",
            r.stdout,
            r.stderr
        );
        assert!(
            r.stdout.contains(needle) || r.stderr.contains(needle),
            "{check}: says {needle}: {}{}",
            r.stdout,
            r.stderr
        );
    }
}
