//! The one renderer of the scorecard as text: `mlsd check` prints it (plain or with ANSI
//! colours), the language server's `mlsd.showScorecard` returns it as Markdown, and the
//! title code lens uses its one-line form. One function, so the three never drift apart.

use super::score::{Grade, Scorecard};

/// Cells of the meter.
const METER: usize = 10;

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (terminal only; never with `markdown`).
    pub color: bool,
    /// Markdown: a heading, the card in a fenced block, fix first as a numbered list.
    pub markdown: bool,
}

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";

fn grade_color(g: Grade) -> &'static str {
    match g {
        Grade::Missing => "\x1b[31m",
        Grade::Weak => "\x1b[33m",
        Grade::Good => "\x1b[32m",
        Grade::Great => "\x1b[1;32m",
    }
}

fn paint(style: Style, code: &str, text: &str) -> String {
    if style.color && !style.markdown {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// A ten-cell meter of a 0–100 score.
pub fn meter(score: u32) -> String {
    let filled = ((score.min(100) as usize * METER) + 50) / 100;
    format!("{}{}", "█".repeat(filled), "░".repeat(METER - filled))
}

/// The headline: "score 34/100 · weak at L5 (good from 60, great from 80)".
pub fn headline(card: &Scorecard) -> String {
    format!(
        "score {}/100 · {} at {} (good from {}, great from {})",
        card.overall, card.grade, card.level, card.bars.0, card.bars.1
    )
}

/// The card: a headline, one line per dimension (grade, score, meter, the main thing it
/// lacks) and "fix first" (up to three lines). Plain text, coloured text or Markdown.
pub fn card_text(card: &Scorecard, style: Style) -> String {
    let mut out = String::new();
    if style.markdown {
        out.push_str(&format!("### Scorecard — {}\n\n```text\n", headline(card)));
    } else {
        out.push_str(&paint(style, BOLD, &headline(card)));
        out.push('\n');
    }
    let width = card
        .dimensions
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0);
    for d in &card.dimensions {
        let lacks = d
            .gap
            .as_ref()
            .map(|g| format!("needs {g}"))
            .or_else(|| d.missing.first().map(|m| format!("see {}", m.rule)))
            .unwrap_or_default();
        let grade = format!("{:<7}", d.grade.as_str());
        let line = format!(
            "  {:<width$}  {}  {:>3}  {}  {}",
            d.id,
            paint(style, grade_color(d.grade), &grade),
            d.score,
            meter(d.score),
            lacks
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if style.markdown {
        out.push_str("```\n");
    }
    if !card.fix_first.is_empty() {
        if style.markdown {
            out.push_str("\n**Fix first**\n\n");
        } else {
            out.push_str(&paint(style, BOLD, "fix first"));
            out.push('\n');
        }
        for (i, f) in card.fix_first.iter().enumerate() {
            let place = match (&f.line, &f.stage_heading) {
                (Some(l), _) => format!("line {l}"),
                (None, Some(h)) => h.clone(),
                (None, None) => "the answer".to_string(),
            };
            let rule = if style.markdown {
                format!("`{}`", f.rule)
            } else {
                format!("[{}]", f.rule)
            };
            let indent = if style.markdown { "" } else { "  " };
            out.push_str(&format!("{indent}{}. {place}: {} {rule}\n", i + 1, f.how));
        }
    }
    out
}

/// The card as Markdown (the language server's `mlsd.showScorecard`).
pub fn card_markdown(card: &Scorecard) -> String {
    card_text(
        card,
        Style {
            color: false,
            markdown: true,
        },
    )
}

/// The title code lens: "Score 62 · framing good · data weak · …".
pub fn lens_title(card: &Scorecard) -> String {
    let mut parts = vec![format!("Score {}", card.overall)];
    parts.extend(
        card.dimensions
            .iter()
            .map(|d| format!("{} {}", d.id, d.grade)),
    );
    parts.join(" · ")
}

/// Practice progress as Markdown (the language server's `mlsd.showProgress`): per question
/// the attempts and the trend, per dimension first → last, best and the recent mean, the
/// weakest dimension and the rules that keep firing. The terminal and HTML views are the
/// CLI's; this one is for an editor's Markdown preview.
pub fn progress_markdown(p: &super::progress::Progress, file: &str) -> String {
    use super::progress::{sparkline, LAST_MEAN, SPARK_MAX};
    use std::fmt::Write as _;
    let mut s = String::from("### Practice progress\n\n");
    if p.attempts == 0 {
        let _ = writeln!(
            s,
            "No attempts recorded yet (history: `{file}`). Turn on `mlsd.recordOnSave` to record a draft each time you save it, or run `mlsd check --record DRAFT.md`; `mlsd next` suggests a question."
        );
        return s;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        s,
        "{} attempt{} on {} question{}.\n\n| question | attempts | last | best | since the first | trend |\n|---|---:|---:|---:|---:|---|",
        p.attempts,
        plural(p.attempts),
        p.questions.len(),
        plural(p.questions.len())
    );
    for q in &p.questions {
        let last = q.attempts.last().map_or(0, |a| a.overall);
        let _ = writeln!(
            s,
            "| {} | {} | {last} | {} | {:+} | {} |",
            table_cell(q.title),
            q.attempts.len(),
            q.best,
            q.change,
            sparkline(
                q.attempts[q.attempts.len().saturating_sub(SPARK_MAX)..]
                    .iter()
                    .map(|a| a.overall)
            )
        );
    }
    let _ = writeln!(
        s,
        "\n| dimension | first → last | best | mean of the last {LAST_MEAN} | trend |\n|---|---|---:|---:|---|"
    );
    for d in &p.dimensions {
        let _ = writeln!(
            s,
            "| {} | {} → {} | {} | {:.1} | {} |",
            table_cell(&d.name),
            d.first,
            d.last,
            d.best,
            d.last5_mean,
            sparkline(
                d.scores[d.scores.len().saturating_sub(SPARK_MAX)..]
                    .iter()
                    .copied()
            )
        );
    }
    if let Some(w) = &p.weakest {
        let _ = writeln!(
            s,
            "\n**Weakest dimension:** {} (mean {:.1} over the last {} attempts).",
            w.name,
            w.last5_mean,
            p.attempts.min(LAST_MEAN)
        );
    }
    if !p.recurring.is_empty() {
        let _ = writeln!(s, "\n**Still missing in your recent answers:**\n");
        for m in &p.recurring {
            let what = match m.summary.is_empty() {
                true => String::new(),
                false => format!(" — {}", table_cell(&m.summary)),
            };
            let _ = writeln!(
                s,
                "- `{}` in {} of your last {} answers{what}",
                m.rule, m.count, m.of
            );
        }
    }
    s
}

/// Text safe inside a Markdown table cell: pipes escaped, line breaks flattened, and no
/// raw HTML from a draft's title.
fn table_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
