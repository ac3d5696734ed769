//! `mlsd check`: resolve inputs and configs, lint in parallel, fix, report, exit code.

use super::args::{CheckArgs, ColorChoice, FailOn, Format};
use super::inputs::{self, Input};
use super::report::{self, FileOutcome, FileStatus, HumanOptions, Linted, RuleMeta};
use super::write::write_fixed;
use crate::coach;
use crate::config::{self, Config, Layer};
use crate::engine::draft::Draft;
use crate::engine::fix::fix_all_detailed;
use crate::engine::{lint, Settings, Severity};
use crate::rules::Pack;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// A usage or setup problem: message for stderr, exit 2.
pub struct Fatal(pub String);

/// The configs in use, one per config file (or the built-in one), loaded once each.
struct Configs {
    explicit: Option<Result<Arc<Config>, String>>,
    by_path: HashMap<Option<PathBuf>, Result<Arc<Config>, String>>,
    /// Config file per folder, so discovery climbs each folder once.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
}

impl Configs {
    fn new(explicit: Option<&Path>) -> Configs {
        Configs {
            explicit: explicit.map(|p| Config::load(p).map(Arc::new).map_err(|e| e.to_string())),
            by_path: HashMap::new(),
            discovered: HashMap::new(),
        }
    }

    /// Metadata of every rule of every pack in use (SARIF lists them), by id, in order.
    fn rule_metas(&self) -> Vec<RuleMeta> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let packs = self
            .explicit
            .iter()
            .chain(self.by_path.values())
            .filter_map(|c| c.as_ref().ok());
        let mut packs: Vec<&Arc<Config>> = packs.collect();
        packs.sort_by_key(|c| c.path.clone());
        for c in packs {
            for r in &c.pack.rules {
                if seen.insert(r.id.clone()) {
                    out.push(RuleMeta {
                        id: r.id.clone(),
                        summary: r.summary.clone(),
                        why: r.why.clone(),
                        severity: r.severity,
                    });
                }
            }
        }
        out
    }

    /// The config governing a draft in folder `dir` (stdin: the current folder).
    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, String> {
        if let Some(c) = &self.explicit {
            return c.clone();
        }
        let found = self
            .discovered
            .entry(dir.to_path_buf())
            .or_insert_with(|| config::discover(dir))
            .clone();
        self.by_path
            .entry(found.clone())
            .or_insert_with(|| match &found {
                Some(p) => Config::load(p).map(Arc::new).map_err(|e| e.to_string()),
                None => Config::builtin(dir)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
            })
            .clone()
    }
}

fn parent_dir(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// One unit of work after config resolution.
struct Job {
    display: String,
    path: Option<PathBuf>,
    config: Result<Arc<Config>, String>,
    /// Pre-read content (stdin) or an early failure.
    preset: Option<Result<Vec<u8>, String>>,
    /// Found in a folder walk without --all: linted only if it is a draft (see
    /// [`config::is_auto_draft`]), which takes reading it.
    only_if_draft: bool,
}

/// What became of a job.
// One value per file, moved once into the report: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum JobResult {
    /// The outcome, what `--fix`/`--diff` made of it, and the attempt to record.
    Done(
        FileOutcome,
        Option<Box<FixOutcome>>,
        Option<Box<crate::coach::history::Attempt>>,
    ),
    /// Found in a folder, read, and not a draft.
    NotDraft,
}

pub fn run(args: &CheckArgs) -> Result<i32, Fatal> {
    run_with(args, false)
}

/// `mlsd check`; `practice`: `mlsd practice` (record whatever the flags and config say).
pub fn run_with(args: &CheckArgs, practice: bool) -> Result<i32, Fatal> {
    let record_dir = super::progress::record_dir(args, practice)?;
    // The process exits right after this command: freeing the compiled packs (many small
    // allocations) would only add to the run, so they are left to the exit.
    let mut configs = std::mem::ManuallyDrop::new(Configs::new(args.config.as_deref()));
    if let Some(Err(e)) = &configs.explicit {
        return Err(Fatal(format!("config error: {e}")));
    }
    let flags = flag_layer(args, &mut configs)?;
    if let Some(file) = &args.show_settings {
        return show_settings(args, file, &flags);
    }
    if let Some(file) = &args.show_stages {
        return show_stages(args, file);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(Fatal("`-` (stdin) may be given only once".into()));
    }

    // Resolve inputs to jobs (config per draft; walk results filtered by `exclude`, and to
    // drafts unless --all).
    let mut jobs = Vec::new();
    let mut excluded = 0usize;
    for input in inputs::collect(&paths, args.no_ignore) {
        match input {
            Input::Stdin => {
                let mut buf = Vec::new();
                let preset = std::io::stdin()
                    .read_to_end(&mut buf)
                    .map(|_| buf)
                    .map_err(|e| format!("cannot read stdin: {e}"));
                let dir = args
                    .stdin_filename
                    .as_deref()
                    .map(|n| parent_dir(Path::new(n)))
                    .unwrap_or_else(|| PathBuf::from("."));
                jobs.push(Job {
                    display: args.stdin_filename.clone().unwrap_or_else(|| "-".into()),
                    path: None,
                    config: configs.for_dir(&dir),
                    preset: Some(preset),
                    only_if_draft: false,
                });
            }
            Input::Skipped(p, why) => {
                eprintln!("mlsd: warning: {}: {why}", p.display());
            }
            Input::Missing(p, why) => jobs.push(Job {
                display: p.display().to_string(),
                path: Some(p),
                config: Err(String::new()),
                preset: Some(Err(why)),
                only_if_draft: false,
            }),
            Input::Named(p) => jobs.push(Job {
                display: p.display().to_string(),
                config: configs.for_dir(&parent_dir(&p)),
                path: Some(p),
                preset: None,
                only_if_draft: false,
            }),
            Input::Found(p) => {
                let config = configs.for_dir(&parent_dir(&p));
                if !args.no_ignore {
                    if let Ok(c) = &config {
                        if c.excludes(&p) {
                            excluded += 1;
                            continue;
                        }
                    }
                }
                jobs.push(Job {
                    display: p.display().to_string(),
                    path: Some(p),
                    config,
                    preset: None,
                    only_if_draft: !args.all,
                });
            }
        }
    }

    // Every config in use must know the ids named by --select/--ignore.
    let mut packs_checked = HashSet::new();
    for job in &jobs {
        if let Ok(c) = &job.config {
            if packs_checked.insert(Arc::as_ptr(&c.pack) as usize) {
                check_ids(&c.pack, &args.select, "--select")?;
                check_ids(&c.pack, &args.ignore, "--ignore")?;
            }
        }
    }
    if packs_checked.is_empty() {
        // Nothing found to lint: the ids must still name rules.
        if let Ok(c) = configs.for_dir(Path::new(".")) {
            check_ids(&c.pack, &args.select, "--select")?;
            check_ids(&c.pack, &args.ignore, "--ignore")?;
        }
    }
    let fix_mode = args.fix || args.diff;
    // --fix writes only to files whose real path lies inside these folders.
    let roots = inputs::roots(&paths);
    let results: Vec<JobResult> = jobs
        .into_par_iter()
        .map(|job| lint_job(job, args, &flags, fix_mode, &roots, record_dir.is_some()))
        .collect();
    let mut not_drafts = 0usize;
    let mut attempts = Vec::new();
    let outcomes: Vec<(FileOutcome, Option<FixOutcome>)> = results
        .into_iter()
        .filter_map(|r| match r {
            JobResult::Done(outcome, fixed, attempt) => {
                if let Some(a) = attempt {
                    attempts.push((outcome.path.clone(), *a));
                }
                Some((outcome, fixed.map(|f| *f)))
            }
            JobResult::NotDraft => {
                not_drafts += 1;
                None
            }
        })
        .collect();
    // Say what the walk left out, and say it plainly when nothing was left to lint (which is
    // not an error: exit 0).
    if let Some(note) = skipped_note(outcomes.len(), not_drafts, excluded) {
        eprintln!("{note}");
    }

    let stderr = std::io::stderr();
    let stdout = std::io::stdout();
    let mut files = Vec::with_capacity(outcomes.len());
    let mut diffs = 0;
    let mut fix_summaries = Vec::new();
    for (outcome, fixed) in outcomes {
        if let FileStatus::Failed(msg) = &outcome.status {
            if args.format != Format::Human || args.diff {
                let _ = writeln!(stderr.lock(), "mlsd: error: {}: {msg}", outcome.path);
            }
        }
        if let (Some(fx), FileStatus::Linted(linted), true) = (&fixed, &outcome.status, args.fix) {
            fix_summaries.push(fix_summary(&outcome.path, fx, linted, args.unsafe_fixes));
        }
        if let Some(fx) = fixed {
            if args.diff {
                if fx.old != fx.new {
                    diffs += 1;
                    let _ = report::write_unified_diff(
                        &mut stdout.lock(),
                        &outcome.path,
                        &fx.old,
                        &fx.new,
                        false,
                    );
                }
            } else if fx.stdin {
                // Fixed stdin goes to stdout; the report then goes to stderr.
                let _ = stdout.lock().write_all(fx.new.as_bytes());
            }
        }
        files.push(outcome);
    }
    if args.diff {
        let _ = writeln!(
            stderr.lock(),
            "mlsd: {diffs} file(s) would be changed by --fix{}",
            if args.unsafe_fixes {
                " --unsafe-fixes"
            } else {
                ""
            }
        );
        let failed = files
            .iter()
            .any(|f| matches!(f.status, FileStatus::Failed(_)));
        return Ok(if failed {
            EXIT_ERROR
        } else if diffs > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        });
    }

    let stdin_fixed = args.fix && stdin_count == 1;
    let color = args.output.is_none() && use_color(args.color, stdin_fixed);
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| {
            Fatal(format!(
                "--output {}: cannot write: {}",
                path.display(),
                inputs::describe_io(&e)
            ))
        })?),
        None if stdin_fixed => Box::new(stderr.lock()),
        None => Box::new(stdout.lock()),
    };
    // Standard output is line-buffered: buffer whole reports, or each line is a syscall.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = if files.is_empty() && args.format == Format::Human {
        // Nothing was linted; stderr said why ("All checked: no problems in 0 files" would
        // read as a pass).
        Ok(())
    } else if args.statistics {
        report::write_statistics(&mut out, &files)
    } else {
        match args.format {
            Format::Human => report::write_human(
                &mut out,
                &files,
                HumanOptions {
                    profile: args.profile,
                    color,
                    quiet: args.quiet,
                    score: !args.no_score,
                },
            ),
            Format::Json => report::write_json(&mut out, &files),
            Format::Html => report::write_html(&mut out, &files, !args.no_score),
            Format::Sarif => report::write_sarif(
                &mut out,
                &files,
                &configs.rule_metas(),
                env!("CARGO_PKG_VERSION"),
            ),
            Format::Github => report::write_github(&mut out, &files),
            Format::Junit => report::write_junit(&mut out, &files),
        }
    };
    // What --fix did: after the report on its stream in human format, else on stderr.
    let written = written.and_then(|_| {
        if !args.fix || files.is_empty() {
            Ok(())
        } else if args.format == Format::Human {
            writeln!(out)?;
            report::human::write_fix_summary(&mut out, &fix_summaries)
        } else {
            report::human::write_fix_summary(&mut stderr.lock(), &fix_summaries)
        }
    });
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Fatal(format!("cannot write output: {e}")));
        }
    }

    // The report is out: now the attempts (an error here still exits 2).
    let recorded = match &record_dir {
        Some(dir) => super::progress::record(&attempts, dir),
        None => EXIT_OK,
    };
    let failed = files
        .iter()
        .any(|f| matches!(f.status, FileStatus::Failed(_)));
    if failed || recorded == EXIT_ERROR {
        return Ok(EXIT_ERROR);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Hint => Severity::Hint,
    };
    let over = files.iter().any(|f| match &f.status {
        FileStatus::Linted(l) => l.findings.iter().any(|d| d.severity.at_least(threshold)),
        FileStatus::Failed(_) => false,
    });
    Ok(if over && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// What `--fix`/`--diff` made of one text.
struct FixOutcome {
    old: String,
    new: String,
    stdin: bool,
    /// The fixes in `new` (none when it could not be written).
    fixed: Vec<report::human::FixedItem>,
}

/// What stderr says about the Markdown files a folder walk did not lint; `None` when it
/// skipped none and found something.
fn skipped_note(linted: usize, not_drafts: usize, excluded: usize) -> Option<String> {
    let mut parts = Vec::new();
    if not_drafts > 0 {
        let (files, are, drafts) = if not_drafts == 1 {
            ("file", "is", "a draft")
        } else {
            ("files", "are", "drafts")
        };
        parts.push(format!(
            "skipped {not_drafts} Markdown {files} that {are} not {drafts} (no mlsd key in the front matter, no .mlsd.toml include glob; --all lints them)"
        ));
    }
    if excluded > 0 {
        let files = if excluded == 1 { "file" } else { "files" };
        parts.push(format!(
            "skipped {excluded} Markdown {files} excluded by .mlsd.toml (--no-ignore lints them)"
        ));
    }
    if linted == 0 {
        let why = if parts.is_empty() {
            "no Markdown files found".to_string()
        } else {
            parts.join("; ")
        };
        return Some(format!(
            "mlsd: no drafts to check: {why}. A draft starts with front matter such as `level: L5` (`mlsd new > answer.md` writes one)."
        ));
    }
    (!parts.is_empty()).then(|| format!("mlsd: {}", parts.join("; ")))
}

fn lint_job(
    job: Job,
    args: &CheckArgs,
    flags: &Layer,
    fix_mode: bool,
    roots: &[PathBuf],
    record: bool,
) -> JobResult {
    let failed = |msg: String| {
        JobResult::Done(
            FileOutcome {
                path: job.display.clone(),
                status: FileStatus::Failed(msg),
            },
            None,
            None,
        )
    };
    let bytes = match (&job.preset, &job.path) {
        (Some(Err(e)), _) => return failed(e.clone()),
        (Some(Ok(b)), _) => b.clone(),
        (None, Some(p)) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => return failed(format!("cannot read: {}", inputs::describe_io(&e))),
        },
        (None, None) => return failed("nothing to read".into()),
    };
    let config = match &job.config {
        Ok(c) => c.clone(),
        Err(e) => return failed(format!("config error: {e}")),
    };
    // The text is made from the bytes without a copy; --fix compares the file with it.
    let text = match inputs::read_text(bytes) {
        Ok(t) => t,
        Err(e) => return failed(e),
    };
    // A file mlsd cannot read is reported above: it cannot tell whether it is a draft.
    if job.only_if_draft && !config::is_auto_draft(Some(&config), job.path.as_deref(), &text) {
        return JobResult::NotDraft;
    }
    let settings = build_settings(&config, flags, args);
    let pack = &config.pack;
    let mut fixed = None;
    let mut final_text = None;
    if fix_mode {
        let outcome = fix_all_detailed(&text, pack, &settings, args.unsafe_fixes);
        let new_text = outcome.text;
        let index = crate::text_index::TextIndex::new(&new_text);
        let mut items: Vec<report::human::FixedItem> = outcome
            .applied
            .into_iter()
            .map(|a| report::human::FixedItem {
                line: index.line_of(a.range.start) + 1,
                rule: a.rule,
                title: a.title,
            })
            .collect();
        items.sort_by_key(|x| x.line);
        let stdin = job.path.is_none();
        if args.fix && !stdin && new_text != text {
            match job
                .path
                .as_deref()
                .map(|p| write_fixed(p, roots, text.as_bytes(), &new_text))
            {
                Some(Ok(())) => final_text = Some(new_text.clone()),
                Some(Err(e)) => {
                    eprintln!("mlsd: warning: {}: fixes not written: {e}", job.display);
                    items.clear();
                }
                None => {}
            }
        } else if stdin {
            final_text = Some(new_text.clone());
        }
        fixed = Some(Box::new(FixOutcome {
            old: text.clone(),
            new: new_text,
            stdin,
            fixed: items,
        }));
    }
    let final_text = final_text.unwrap_or(text);
    let coached =
        !args.statistics && matches!(args.format, Format::Human | Format::Json | Format::Html);
    let mut attempt = None;
    let mut linted = if coached {
        let draft = Draft::parse(&final_text, pack);
        // `--no-score`: the layout only (grouped findings), no scorecard.
        let a = if args.no_score {
            let report = crate::engine::lint_draft(&draft, pack, &settings);
            let layout = coach::layout(&draft, pack, &report.findings);
            coach::Assessment {
                scorecard: coach::Scorecard::empty(report.context.level),
                report,
                layout,
            }
        } else {
            coach::assess_draft(&draft, pack, &settings)
        };
        if record {
            attempt = Some(super::progress::attempt(
                &draft,
                pack,
                &settings,
                (!args.no_score).then_some(&a),
            ));
        }
        drop(draft);
        let card = (!pack.scorecard.is_empty() && !args.no_score).then_some(a.scorecard);
        Linted::new(
            final_text,
            a.report.findings,
            Some(Box::new(a.report.profile)),
        )
        .with_coach(a.layout, card)
    } else {
        if record {
            let draft = Draft::parse(&final_text, pack);
            attempt = Some(super::progress::attempt(&draft, pack, &settings, None));
        }
        let report = lint(&final_text, pack, &settings);
        Linted::new(final_text, report.findings, Some(Box::new(report.profile)))
    };
    // The report is written once every file is linted: keep only the lines it shows, not
    // every file whole (100 MB of drafts would stay in memory). The HTML page shows the
    // whole draft.
    if args.format != Format::Html {
        linted.keep_only_needed_lines();
    }
    JobResult::Done(
        FileOutcome {
            path: job.display,
            status: FileStatus::Linted(linted),
        },
        fixed,
        attempt.map(Box::new),
    )
}

/// One file's `--fix` summary: what was applied and what the fixed text still has.
fn fix_summary(
    path: &str,
    fx: &FixOutcome,
    linted: &Linted,
    unsafe_applied: bool,
) -> report::human::FixSummary {
    let left_unsafe = if unsafe_applied {
        0
    } else {
        linted
            .findings
            .iter()
            .filter(|f| f.fixes.iter().any(|x| !x.safe))
            .count()
    };
    report::human::FixSummary {
        path: path.to_string(),
        fixed: fx.fixed.clone(),
        left: linted.findings.len(),
        left_unsafe,
    }
}

fn build_settings(config: &Config, flags: &Layer, args: &CheckArgs) -> Settings {
    let mut s = config::settings(&config.layer, &Layer::default(), flags);
    if !args.select.is_empty() {
        s.select = Some(args.select.iter().cloned().collect());
    }
    s.ignore = args.ignore.iter().cloned().collect();
    s
}

/// The command-line layer. `--level` takes the ladder names of the pack in force in the
/// current folder (the built-in one when its config does not load).
fn flag_layer(args: &CheckArgs, configs: &mut Configs) -> Result<Layer, Fatal> {
    let mut layer = Layer::default();
    if let Some(l) = &args.level {
        let pack = match configs.for_dir(Path::new(".")) {
            Ok(c) => c.pack.clone(),
            Err(_) => {
                Arc::new(Pack::builtin().map_err(|e| Fatal(format!("built-in rule pack: {e}")))?)
            }
        };
        layer.level = Some(pack.parse_level(l).ok_or_else(|| {
            Fatal(format!(
                "--level {l}: not a level; use {}",
                pack.levels_accepted()
            ))
        })?);
    }
    Ok(layer)
}

fn check_ids(pack: &Pack, ids: &[String], flag: &str) -> Result<(), Fatal> {
    for id in ids {
        if !pack.has_rule(id) {
            return Err(Fatal(format!(
                "{flag} {id}: unknown rule id{} (see `mlsd rule --all`)",
                config::suggest(pack, id)
            )));
        }
    }
    Ok(())
}

fn use_color(choice: ColorChoice, to_stderr: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Never => false,
        ColorChoice::Always => !no_color,
        ColorChoice::Auto => {
            !no_color
                && if to_stderr {
                    std::io::stderr().is_terminal()
                } else {
                    std::io::stdout().is_terminal()
                }
        }
    }
}

/// The configuration that governs `file` and its text (for the one-file inspections).
fn config_and_text(args: &CheckArgs, file: &Path) -> Result<(Arc<Config>, String), Fatal> {
    let mut configs = Configs::new(args.config.as_deref());
    let config = configs
        .for_dir(&parent_dir(file))
        .map_err(|e| Fatal(format!("config error: {e}")))?;
    let bytes = std::fs::read(file).map_err(|e| {
        Fatal(format!(
            "{}: cannot read: {}",
            file.display(),
            inputs::describe_io(&e)
        ))
    })?;
    let text = inputs::read_text(bytes).map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
    Ok((config, text))
}
/// `--show-settings FILE`: the resolved settings and where each came from.
/// `--show-stages FILE`: each heading with the stages it was read as and why, then each
/// stage with what covers it.
fn show_stages(args: &CheckArgs, file: &Path) -> Result<i32, Fatal> {
    use crate::engine::stage_map;
    let (config, text) = config_and_text(args, file)?;
    let pack = &config.pack;
    let draft = crate::engine::draft::Draft::parse(&text, pack);
    let index = crate::text_index::TextIndex::new(&text);
    let mut out = format!("{}: headings\n", file.display());
    let readings = stage_map::headings(&draft, pack);
    if readings.is_empty() {
        out.push_str("  (no headings: stages are judged by content alone)\n");
    }
    for h in readings {
        let line = index.line_of(h.offset) + 1;
        let stages = if h.stages.is_empty() {
            "-".to_string()
        } else {
            h.stages.join(", ")
        };
        out.push_str(&format!(
            "  {line:>4}  {} {}  → {stages}  ({})\n",
            "#".repeat(usize::from(h.level)),
            h.text,
            h.why
        ));
    }
    out.push_str("stages\n");
    for c in stage_map::coverage(&draft, pack) {
        let how = if c.section_words >= stage_map::SECTION_WORDS_NEEDED {
            format!("a section of {} words", c.section_words)
        } else if c.evidence_needed > 0 && c.evidence as usize >= c.evidence_needed {
            format!(
                "{} sentences of evidence (needs {})",
                c.evidence, c.evidence_needed
            )
        } else if c.evidence_needed > 0 {
            format!(
                "not covered: {} words in its sections, {} of {} sentences of evidence",
                c.section_words, c.evidence, c.evidence_needed
            )
        } else {
            format!("not covered: {} words in its sections", c.section_words)
        };
        let mark = if c.covered { "covered" } else { "missing" };
        out.push_str(&format!("  {:<11} {mark:<8} {how}\n", c.stage));
    }
    print!("{out}");
    Ok(0)
}

fn show_settings(args: &CheckArgs, file: &Path, flags: &Layer) -> Result<i32, Fatal> {
    use crate::config::Source;
    let (config, text) = config_and_text(args, file)?;
    let settings = build_settings(&config, flags, args);
    let draft = crate::engine::draft::Draft::parse(&text, &config.pack);
    let ctx = crate::engine::resolve_context(&draft, &config.pack, &settings);
    let cfg_src = || {
        Source::ConfigFile(
            config
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        )
    };
    let level_src = if flags.level.is_some() {
        Source::Flag("--level")
    } else if draft.front_matter.level.is_some() {
        Source::FrontMatter
    } else if config.layer.level.is_some() {
        cfg_src()
    } else {
        Source::Default
    };
    let company_minutes = ctx
        .company
        .and_then(|i| config.pack.companies.get(i))
        .filter(|c| c.minutes.is_some());
    let minutes_src = if draft.front_matter.minutes.is_some() {
        Source::FrontMatter
    } else if let Some(c) = company_minutes {
        Source::Company(c.name.clone())
    } else if config.layer.minutes.is_some() {
        cfg_src()
    } else {
        Source::Default
    };
    let wpm_src = if config.layer.words_per_minute.is_some() {
        cfg_src()
    } else {
        Source::Default
    };
    let type_src = if ctx.problem_type_declared {
        Source::FrontMatter
    } else {
        Source::Inferred
    };
    let mut o = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(o, "Settings for {}", file.display());
    let _ = writeln!(
        o,
        "  config file       {}",
        config
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(none found; built-in defaults)".into())
    );
    // A ladder's name (`E5`, `senior`) is shown beside the level it stands for.
    let written = if flags.level.is_some() {
        args.level.clone()
    } else if draft.front_matter.level.is_some() {
        draft.front_matter.level_written.clone()
    } else if config.layer.level.is_some() {
        config.level_written.clone()
    } else {
        None
    };
    let alias = written
        .as_deref()
        .and_then(|w| config.pack.level_name(w))
        .and_then(|(_, alias)| alias)
        .map(|(ladder, name)| format!(" ({name} on the {ladder} ladder)"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "  level             {:<16} from {level_src}{alias}",
        ctx.level.to_string()
    );
    let _ = writeln!(
        o,
        "  type              {:<16} from {type_src}",
        ctx.problem_type
    );
    let _ = writeln!(
        o,
        "  minutes           {:<16} from {minutes_src}",
        ctx.minutes
    );
    let _ = writeln!(
        o,
        "  words_per_minute  {:<16} from {wpm_src}",
        settings.words_per_minute
    );
    let company = ctx
        .company
        .map(|i| config.pack.companies[i].name.clone())
        .or_else(|| {
            draft
                .front_matter
                .company
                .clone()
                .map(|c| format!("{c} (not in the company table)"))
        })
        .unwrap_or_else(|| "(none)".into());
    let _ = writeln!(o, "  company           {company}");
    for rf in &config.rule_files {
        let _ = writeln!(o, "  rule file         {}", rf.display());
    }
    if !config.include.is_empty() {
        let _ = writeln!(o, "  include           {}", config.include.join(", "));
    }
    if !config.exclude.is_empty() {
        let _ = writeln!(o, "  exclude           {}", config.exclude.join(", "));
    }
    let _ = writeln!(o, "  level names:");
    for ladder in &config.pack.ladders {
        let mut groups: Vec<String> = Vec::new();
        for level in crate::pack::Level::ALL {
            let names: Vec<&str> = ladder
                .levels
                .iter()
                .filter(|(_, l)| *l == level)
                .map(|(n, _)| n.as_str())
                .collect();
            if !names.is_empty() {
                groups.push(format!("{level}: {}", names.join(", ")));
            }
        }
        let _ = writeln!(o, "    {:<16} {}", ladder.name, groups.join(" · "));
    }
    let _ = writeln!(o, "  rules:");
    for rule in &config.pack.rules {
        let sev = crate::engine::checks::effective_severity(rule, &settings, &ctx);
        let src = if !settings.ignore.is_empty() && settings.ignore.contains(&rule.id) {
            Source::Flag("--ignore")
        } else if settings
            .select
            .as_ref()
            .is_some_and(|s| !s.contains(&rule.id))
        {
            Source::Flag("--select")
        } else if config.layer.rules.contains_key(&rule.id) {
            cfg_src()
        } else {
            Source::Default
        };
        let shown = sev.map_or("off".to_string(), |s| s.to_string());
        let _ = writeln!(o, "    {:<32} {:<8} from {src}", rule.id, shown);
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(o.as_bytes());
    Ok(EXIT_OK)
}
