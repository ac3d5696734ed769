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
