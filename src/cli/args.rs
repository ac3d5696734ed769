//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mlsd",
    version,
    about = "Coaches ML system design interview answers written in Markdown",
    long_about = "mlsd reads a Markdown answer to an ML system design interview question and reports \
what a demanding interviewer would notice: missing stages, vague numbers, no baseline, metrics \
that never reach the business, and more. `mlsd check` lints files in batch; `mlsd rule` \
explains a rule; `mlsd new` starts a draft from the interview skeleton."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint drafts: files, folders (recursive *.md / *.markdown drafts) or `-` for stdin.
    Check(CheckArgs),
    /// Explain a rule (why it matters, weak and strong examples), or list them all.
    Rule(RuleArgs),
    /// Print an answer skeleton: every stage in interview order with prompts and time budgets.
    New(NewArgs),
    /// Run the language server (LSP over stdio) for editors.
    #[cfg(feature = "server")]
    Server(ServerArgs),
    /// Print a shell completion script to stdout (bash, zsh, fish, elvish or powershell).
    Completions(CompletionsArgs),
    /// Lint drafts and record an attempt for each in the practice history (`check --record`).
    Practice(CheckArgs),
    /// Show the practice history: attempts per question, dimension trends, recurring misses.
    Progress(ProgressArgs),
    /// Pick the next bank question to practise (weakest dimension first, spaced reviews).
    Next(NextArgs),
    /// Print the JSON Schema of `.mlsd.toml` (for TOML editors such as taplo / Even Better TOML),
    /// or with --output the JSON Schema of `mlsd check --format json`.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of `mlsd check --format json` instead of the config's.
    #[arg(long)]
    pub output: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(feature = "server")]
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Speak LSP over stdin/stdout (the default and only transport).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    /// One self-contained HTML page: scorecard, time chart, grouped findings, the draft.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, folders or `-` (stdin). Default: the current folder. A named file is always
    /// linted; a folder's Markdown files only when they are drafts (front matter with an
    /// mlsd key, or covered by `.mlsd.toml` include/exclude globs), unless --all.
    pub paths: Vec<PathBuf>,
    /// In folders, lint every Markdown file, not only drafts (.gitignore, hidden folders and
    /// `exclude` still apply; see --no-ignore).
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Seniority level to coach for (L3-L6); overrides front matter and config.
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// Run only these rules (comma-separated ids; level gating still applies).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Never run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Use this config file instead of discovering `.mlsd.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Exit 0 even when findings are reported (errors reading files still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply safe fixes in place (e.g. insert a missing section's skeleton).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply fixes that leave placeholders for you to fill.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff; write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Print how many findings each rule produced instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the answer profile under each file (human format; JSON always has it).
    #[arg(long)]
    pub profile: bool,
    /// Human format: one line per finding (no excerpts, no grouping, no scorecard).
    #[arg(long, short)]
    pub quiet: bool,
    /// Leave the scorecard out of human and HTML output.
    #[arg(long)]
    pub no_score: bool,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Name to report stdin under.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Also lint files that .gitignore, hidden folders or `exclude` would skip.
    #[arg(long)]
    pub no_ignore: bool,
    /// Print the resolved settings for a draft and where each value came from.
    #[arg(long, value_name = "FILE")]
    pub show_settings: Option<PathBuf>,
    /// Print how each heading of a draft was read as an interview stage, and which stages
    /// its text covers (and why).
    #[arg(long, value_name = "FILE")]
    pub show_stages: Option<PathBuf>,
    /// When to use colours in human output (never when NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Record an attempt per draft in the local practice history (`mlsd progress` shows it).
    #[arg(long)]
    pub record: bool,
    /// The practice history's folder (else MLSD_DATA_DIR, else the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    Human,
    Json,
    /// One self-contained HTML page with a chart per dimension.
    Html,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProgressFormat::Human)]
    pub format: ProgressFormat,
    /// Only attempts from this recent span (30d, 2w, 12h) or since a date (YYYY-MM-DD).
    #[arg(long, value_name = "SPAN")]
    pub since: Option<String>,
    /// Only questions whose title contains this text.
    #[arg(long, value_name = "TEXT")]
    pub question: Option<String>,
    /// Print where the history file is and exit.
    #[arg(long = "where")]
    pub r#where: bool,
    /// Remove the attempts of a question (its title), or all with --all.
    #[arg(long, value_name = "QUESTION", num_args = 0..=1, default_missing_value = "")]
    pub forget: Option<String>,
    /// With --forget: remove every attempt.
    #[arg(long, requires = "forget")]
    pub all: bool,
    /// The history's folder (else MLSD_DATA_DIR, else the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colours (never when NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// Explain the choice in one line.
    #[arg(long)]
    pub why: bool,
    /// Pick as if today were this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// The history's folder (else MLSD_DATA_DIR, else the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule id, e.g. vague-term.
    #[arg(required_unless_present = "all")]
    pub id: Option<String>,
    /// List every rule with its severity and summary.
    #[arg(long, conflicts_with = "id")]
    pub all: bool,
    /// Also show typical published figures for this problem type (e.g. ranking).
    #[arg(long = "type", value_name = "TYPE", conflicts_with = "all")]
    pub problem_type: Option<String>,
    /// With --type: only figures of this kind of claim (latency, scale, data-volume …).
    #[arg(long, value_name = "CATEGORY", requires = "problem_type")]
    pub category: Option<String>,
    /// Output format for --all.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    Text,
    Json,
    /// A Markdown table (README.md embeds it).
    Markdown,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Problem type: recommendation, ranking, classification, prediction or other.
    #[arg(long = "type", value_name = "TYPE")]
    pub problem_type: Option<String>,
    /// Seniority level (L3-L6).
    #[arg(long)]
    pub level: Option<String>,
    /// Company the interview is for (e.g. Netflix).
    #[arg(long)]
    pub company: Option<String>,
    /// Interview length in minutes.
    #[arg(long)]
    pub minutes: Option<u32>,
    /// The question, as the title. Text from the question bank (see --list-questions) also
    /// fills in the company and problem type when they are not given.
    #[arg(long)]
    pub question: Option<String>,
    /// List the question bank, grouped by company, and exit.
    #[arg(long, conflicts_with_all = ["problem_type", "level", "company", "minutes", "question"])]
    pub list_questions: bool,
}
