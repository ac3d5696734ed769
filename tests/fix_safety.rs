//! `mlsd check --fix` never loses data. Each claim of `src/cli/write.rs` and of the README's
//! "Security" section, checked on the real binary:
//!
//! - a file changed on disk between mlsd's read and its write is left alone, with a warning;
//! - permissions are kept and a symlink stays a link (the write goes through to its target)
//!   when the target lies inside the folders given; outside them it is skipped with a
//!   warning, never written (nor read, in a folder walk);
//! - walks never follow a symlinked folder, so a link loop cannot make them endless and a
//!   link out of the tree cannot lead a write outside it;
//! - a run killed (SIGTERM or SIGKILL) in the middle of fixing 1,000 files leaves every
//!   file byte for byte either the old text or the fixed one.
//!
//! Two test-only hooks in `write.rs` (inert unless their variable is set) let the tests act
//! at exact moments instead of racing the binary.

#![cfg(unix)]

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A draft `--fix --select missing-data` changes (it appends a data section).
const OLD: &str = "# Design a feed ranker\n\n## Model\n\nWe train a model.\n";
/// `--all`: the drafts have no front matter, and folder walks lint only drafts without it.
const FIX_ARGS: &[&str] = &["check", "--all", "--fix", "--select", "missing-data"];

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Mlsd, Run, Sandbox, TIMEOUT};

fn tempdir() -> (Sandbox, PathBuf) {
    let s = Sandbox::new();
    let root = s.root.clone();
    (s, root)
}

/// `mlsd ARGS` in `cwd` (also its `HOME`), without colour; a run the test kills by a
/// signal is expected to end that way.
fn command(cwd: &Path, args: &[&str]) -> Mlsd {
    Mlsd::new(args)
        .cwd(cwd)
        .home(cwd)
        .env("NO_COLOR", "1")
        .signal_ok()
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    command(cwd, args).run()
}

fn fix(cwd: &Path, paths: &[&str]) -> Run {
    let mut args = FIX_ARGS.to_vec();
    args.extend_from_slice(paths);
    run(cwd, &args)
}

/// What `--fix` makes of [`OLD`], learnt from the binary itself.
fn fixed_text() -> String {
    let (_t, root) = tempdir();
    std::fs::write(root.join("a.md"), OLD).unwrap();
    let r = fix(&root, &["a.md"]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    let new = std::fs::read_to_string(root.join("a.md")).unwrap();
    assert_ne!(new, OLD, "--fix changes the draft");
    assert!(
        new.contains("## Model\n\nWe train a model.") && new.contains("## Data"),
        "{new}"
    );
    new
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_file_changed_between_read_and_write_is_left_alone_with_a_warning() {
    let (_t, root) = tempdir();
    let hook = root.join("hook");
    std::fs::create_dir(&hook).unwrap();
    let draft = root.join("a.md");
    std::fs::write(&draft, OLD).unwrap();
    let mut args = FIX_ARGS.to_vec();
    args.push("a.md");
    let child = command(&root, &args)
        .env("MLSD_TEST_PAUSE_BEFORE_WRITE", &hook)
        .spawn();
    // mlsd has read and fixed the text and is about to write it: the user saves meanwhile.
    let started = Instant::now();
    while !hook.join("paused").exists() {
        assert!(started.elapsed() < TIMEOUT, "mlsd never reached the write");
        std::thread::sleep(Duration::from_millis(10));
    }
    let edited = format!("{OLD}A line the user typed meanwhile.\n");
    std::fs::write(&draft, &edited).unwrap();
    std::fs::write(hook.join("resume"), "").unwrap();
    let r = child.finish();
    assert_eq!(read(&draft), edited, "the user's text survives");
    assert!(
        r.stderr.contains("a.md") && r.stderr.contains("changed on disk"),
        "warned: {}",
        r.stderr
    );
    assert_eq!(r.code, 1, "the unfixed finding is still reported: {r:?}");
    let names: Vec<_> = std::fs::read_dir(&root).unwrap().collect();
    assert_eq!(names.len(), 2, "no temp file left: {names:?}");
}

#[test]
fn fix_keeps_permissions_and_writes_through_a_symlink_inside_the_folder() {
    let new = fixed_text();
    let (_t, root) = tempdir();
    std::fs::create_dir_all(root.join("drafts/real")).unwrap();
    let target = root.join("drafts/real/answer.md");
    std::fs::write(&target, OLD).unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = root.join("drafts/link.md");
    symlink("real/answer.md", &link).unwrap();
    // Named on the command line: the link lies in `drafts`, and so does its target.
    let r = fix(&root, &["drafts/link.md"]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert_eq!(read(&target), new, "written through the link");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "permissions kept");
    // Found in a walk: written through as well, and once only (link and target are one).
    std::fs::write(&target, OLD).unwrap();
    let r = run(
        &root,
        &[
            "check",
            "--all",
            "--format",
            "json",
            "--fix",
            "--select",
            "missing-data",
            "drafts",
        ],
    );
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert_eq!(read(&target), new);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v:#}");
}

#[test]
fn a_symlink_whose_target_lies_outside_the_given_folders_is_never_written() {
    let (_t, root) = tempdir();
    std::fs::create_dir_all(root.join("project")).unwrap();
    std::fs::create_dir_all(root.join("elsewhere")).unwrap();
    let outside = root.join("elsewhere/secret.md");
    std::fs::write(&outside, OLD).unwrap();
    symlink("../elsewhere/secret.md", root.join("project/link.md")).unwrap();
    std::fs::write(root.join("project/own.md"), OLD).unwrap();
    let project = root.join("project");

    // Named explicitly: linted (the user asked), but --fix refuses to write through it.
    let r = fix(&project, &["link.md", "own.md"]);
    assert_eq!(read(&outside), OLD, "untouched");
    assert_ne!(
        read(&project.join("own.md")),
        OLD,
        "the file inside is fixed"
    );
    assert!(
        r.stderr.contains("link.md") && r.stderr.contains("outside the folders given"),
        "{}",
        r.stderr
    );

    // In a folder walk: neither read nor written, with a warning naming the link.
    std::fs::write(project.join("own.md"), OLD).unwrap();
    let r = run(
        &root,
        &[
            "check",
            "--all",
            "--format",
            "json",
            "--fix",
            "--select",
            "missing-data",
            "project",
        ],
    );
    assert_eq!(read(&outside), OLD, "untouched");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["project/own.md"],
        "the outside file is not even read"
    );
    assert!(
        r.stderr.contains("project/link.md") && r.stderr.contains("symlink not followed"),
        "{}",
        r.stderr
    );
    assert!(
        r.code == 0 || r.code == 1,
        "a refused link is a warning: {r:?}"
    );
}

#[test]
fn walks_never_follow_symlinked_folders_out_of_the_tree_or_around_a_loop() {
    let (_t, root) = tempdir();
    std::fs::create_dir_all(root.join("project/notes")).unwrap();
    std::fs::create_dir_all(root.join("outside")).unwrap();
    let far = root.join("outside/far.md");
    std::fs::write(&far, OLD).unwrap();
    std::fs::write(root.join("project/notes/a.md"), OLD).unwrap();
    symlink("../../outside", root.join("project/notes/ext")).unwrap();
    symlink("..", root.join("project/notes/loop")).unwrap();
    symlink("../notes", root.join("project/notes/again")).unwrap();
    let r = run(
        &root,
        &[
            "check",
            "--all",
            "--format",
            "json",
            "--fix",
            "--select",
            "missing-data",
            "project",
        ],
    );
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert_eq!(read(&far), OLD, "nothing outside the tree is written");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        1,
        "one draft, walked once: {v:#}"
    );
}

/// Starts `--fix` on 1,000 copies of [`OLD`], waits until some are fixed, sends `signal`,
/// and checks every file is wholly old or wholly new.
fn interrupted_run(signal: &str) {
    let new = fixed_text();
    let (_t, root) = tempdir();
    let dir = root.join("drafts");
    std::fs::create_dir(&dir).unwrap();
    let files: Vec<PathBuf> = (0..1000)
        .map(|i| {
            let p = dir.join(format!("d{i:04}.md"));
            std::fs::write(&p, OLD).unwrap();
            p
        })
        .collect();
    let mut args = FIX_ARGS.to_vec();
    args.push("drafts");
    // A pause between writing each temporary file and renaming it: the signal lands while
    // many writes are half done, the moment a non-atomic write would tear a file.
    let child = command(&root, &args)
        .env("MLSD_TEST_DELAY_BEFORE_RENAME_MS", "5")
        .spawn();
    let pid = child.id();
    let started = Instant::now();
    loop {
        let done = files.iter().filter(|p| read(p) == new).count();
        if done >= 5 {
            break;
        }
        assert!(started.elapsed() < TIMEOUT, "no file fixed in time");
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let r = child.finish();
    assert_ne!(r.code, 0, "the run was cut short: {r:?}");
    let (mut old, mut fixed) = (0, 0);
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        if bytes == OLD.as_bytes() {
            old += 1;
        } else if bytes == new.as_bytes() {
            fixed += 1;
        } else {
            panic!(
                "{} is torn after {signal}: {:?}",
                p.display(),
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    assert!(
        fixed >= 5 && old >= 1,
        "the signal landed mid-run: {fixed} fixed, {old} old"
    );
    // Whatever a kill leaves behind is a hidden temp file, which no walk lints; a second
    // run finishes the job.
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".md") || (name.starts_with('.') && name.ends_with(".tmp")),
            "{name}"
        );
    }
    let r = fix(&root, &["drafts"]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert!(files.iter().all(|p| read(p) == new));
}

#[test]
fn sigkill_during_fix_of_1000_files_leaves_each_wholly_old_or_new() {
    interrupted_run("KILL");
}

#[test]
fn sigterm_during_fix_of_1000_files_leaves_each_wholly_old_or_new() {
    interrupted_run("TERM");
}

// ---------------------------------------------------------------------------------------
// Untrusted workspaces: `.mlsd.toml` only adds data, reads nothing outside its tree
// ---------------------------------------------------------------------------------------

/// A valid rule file (adds one rule) for `rule_files` to point at.
const TEAM_RULES: &str = r##"[[rule]]
id = "team-rule"
severity = "warning"
summary = "s"
message = "m"
why = "w"
weak = ["# T\n\nfast"]
strong = ["# T"]
[[rule.check]]
kind = "no-diagram"
"##;

/// Runs `check` in `root/ws` with the given `rule_files` entry.
fn with_rule_file(root: &Path, entry: &str) -> Run {
    std::fs::write(
        root.join("ws/.mlsd.toml"),
        format!("rule_files = [{entry:?}]\n"),
    )
    .unwrap();
    run(&root.join("ws"), &["check", "a.md"])
}

#[test]
fn rule_files_that_escape_the_workspace_are_refused_by_dotdot_absolute_path_or_symlink() {
    let (_t, root) = tempdir();
    std::fs::create_dir_all(root.join("ws/rules/sub")).unwrap();
    std::fs::write(root.join("ws/a.md"), OLD).unwrap();
    std::fs::write(root.join("ws/rules/team.toml"), TEAM_RULES).unwrap();
    std::fs::write(root.join("outside.toml"), TEAM_RULES).unwrap();
    symlink("../../outside.toml", root.join("ws/rules/link.toml")).unwrap();
    symlink("../../..", root.join("ws/rules/sub/up")).unwrap();

    // Inside the workspace: read, and its rule reports.
    let ok = with_rule_file(&root, "rules/team.toml");
    assert_eq!(ok.code, 1, "{ok:?}");
    assert!(ok.stdout.contains("team-rule"), "{}", ok.stdout);

    let outside = root.join("outside.toml").display().to_string();
    for entry in [
        "../outside.toml",
        "rules/../../outside.toml",
        outside.as_str(),
        "rules/link.toml",
        "rules/sub/up/outside.toml",
    ] {
        let r = with_rule_file(&root, entry);
        assert_eq!(r.code, 2, "{entry}: {r:?}");
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            all.contains("lies outside the config's folder"),
            "{entry}: {all}"
        );
        assert!(all.contains(".mlsd.toml:1:"), "{entry}: position: {all}");
        assert!(!all.contains("team-rule"), "{entry}: never loaded: {all}");
    }
}

/// The keys `.mlsd.toml` accepts are all data. A new key must be reviewed against the
/// README's "Security" promise before this list grows.
#[test]
fn the_workspace_config_accepts_only_data_keys() {
    let (_t, root) = tempdir();
    let r = run(&root, &["schema"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut keys: Vec<&str> = v["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "allow",
            "exclude",
            "include",
            "level",
            "minutes",
            "rule_files",
            "rules",
            "vocab",
            "words_per_minute"
        ]
    );
    assert_eq!(v["additionalProperties"], false, "unknown keys are errors");
}

/// No networking: no HTTP, TLS or socket crate in the dependency graph, no socket API in
/// the source, and (where `nm` exists) no socket function imported by the binary.
#[test]
fn the_binary_makes_no_network_calls() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let networking = [
        "reqwest",
        "hyper",
        "h2",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "rustls",
        "native-tls",
        "openssl",
        "socket2",
        "mio",
        "tungstenite",
        "trust-dns-resolver",
        "hickory-resolver",
    ];
    for name in networking {
        assert!(
            !lock.contains(&format!("\nname = \"{name}\"\n")),
            "`{name}` is in Cargo.lock: mlsd must make no network calls"
        );
    }
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = read(&p);
                for api in [
                    "std::net",
                    "TcpStream",
                    "UdpSocket",
                    "TcpListener",
                    "tokio::net",
                ] {
                    assert!(!text.contains(api), "{} uses {api}", p.display());
                }
            }
        }
    }
    match Command::new("nm")
        .args(["-D", "--undefined-only", env!("CARGO_BIN_EXE_mlsd")])
        .output()
    {
        Ok(out) if out.status.success() => {
            let symbols = String::from_utf8_lossy(&out.stdout);
            for line in symbols.lines() {
                let name = line.split_whitespace().last().unwrap_or("");
                let name = name.split('@').next().unwrap_or("");
                assert!(
                    ![
                        "socket",
                        "connect",
                        "getaddrinfo",
                        "gethostbyname",
                        "sendto",
                        "recvfrom",
                        "bind",
                        "listen",
                        "accept",
                        "accept4"
                    ]
                    .contains(&name),
                    "the binary imports `{name}`"
                );
            }
        }
        _ => eprintln!("note: `nm` unavailable; symbol check skipped (the other two ran)"),
    }
}
