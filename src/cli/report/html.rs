//! `--format html`: one self-contained page (inline CSS and SVG; no script, no network, no
//! external file), readable offline and from `file://`. Per draft: the scorecard with its
//! six dimensions, fix first, a time-allocation chart (speaking minutes per stage against
//! the budget for the interview's length, and the data share against its aim), the
//! findings grouped as in the terminal with links to the draft's lines, and the draft
//! itself with the flagged spans highlighted. Several drafts: a summary table first.
//!
//! Every piece of draft text goes through [`escape`]: a draft holding `<script>` or
//! `"><img onerror=…>` shows it as text.

use super::human::summary_line;
use super::{summary_counts, FileOutcome, FileStatus, Linted};
use crate::coach::{Grade, Scorecard};
use crate::engine::finding::{Finding, Severity};
use crate::engine::profile::Profile;
use crate::text_index::floor_char_boundary;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { color-scheme: light; --fg: #1d232b; --muted: #5b6573; --line: #d9dee5; --bg: #fff;
  --missing: #b42318; --weak: #b54708; --good: #067647; --great: #05603a; --bar: #3e6bd8;
  --over: #d92d20; --budget: #1d232b; --aim: #d1fadf; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px;
  border-bottom: 2px solid var(--line); padding-bottom: 4px; word-break: break-all; }
h3 { font-size: 15px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.grade { font-weight: 600; white-space: nowrap; }
.grade-missing { color: var(--missing); } .grade-weak { color: var(--weak); }
.grade-good { color: var(--good); } .grade-great { color: var(--great); }
.score { font-variant-numeric: tabular-nums; text-align: right; }
.overall { font-size: 17px; margin: 4px 0 10px; }
details summary { cursor: pointer; color: var(--muted); }
blockquote { margin: 2px 0; padding-left: 8px; border-left: 3px solid var(--line); }
ol.fix-first li { margin: 4px 0; }
code, .rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.sev { font-size: 12px; font-weight: 600; text-transform: uppercase; padding: 0 4px; border-radius: 3px; }
.sev-error { background: #fee4e2; color: #912018; } .sev-warning { background: #fef0c7; color: #93370d; }
.sev-info { background: #d1e9ff; color: #194185; } .sev-hint { background: #e0f2fe; color: #0b4a6f; }
ul.findings { list-style: none; padding-left: 0; } ul.findings li { margin: 3px 0; }
pre.draft { background: #f8f9fb; border: 1px solid var(--line); padding: 8px 0; overflow-x: auto;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.draft .line { display: block; padding: 0 10px; white-space: pre-wrap; word-break: break-word; }
pre.draft .line:target { background: #fffaeb; }
pre.draft .ln { display: inline-block; width: 4ch; color: var(--muted); text-align: right;
  margin-right: 1.5ch; user-select: none; text-decoration: none; }
mark { background: #fef0c7; border-bottom: 2px solid #f79009; padding: 0; }
mark.sev-error { background: #fee4e2; border-color: #d92d20; }
mark.sev-info, mark.sev-hint { background: #e0f2fe; border-color: #2e90fa; }
svg text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg .stage-bar { fill: var(--bar); } svg .stage-bar.over { fill: var(--over); }
svg .budget { stroke: var(--budget); stroke-width: 2; } svg .aim { fill: var(--aim); }
svg .share-bar { fill: var(--bar); } svg .axis { stroke: var(--line); }
.error { color: var(--missing); font-weight: 600; }
@media print { body { max-width: none; } details { display: block; } }
"#;

/// Writes the page for every outcome; `score` false leaves the scorecards out.
pub fn write_html(out: &mut dyn io::Write, files: &[FileOutcome], score: bool) -> io::Result<()> {
    let mut page = String::new();
    let title = match files {
        [one] => format!("mlsd report — {}", one.path),
        _ => format!("mlsd report — {} drafts", files.len()),
    };
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = writeln!(
        page,
        "<header><h1>{}</h1><p class=\"muted\">{}</p></header>",
        escape(&title),
        escape(&summary_line(&summary_counts(files)))
    );
    if files.len() > 1 {
        summary_table(&mut page, files, score);
    }
    for (i, file) in files.iter().enumerate() {
        let _ = writeln!(
            page,
            "<section class=\"file\" id=\"file-{i}\">\n<h2>{}</h2>",
            escape(&file.path)
        );
        match &file.status {
            FileStatus::Failed(msg) => {
                let _ = writeln!(
                    page,
                    "<p class=\"error\">Could not be checked: {}</p>",
                    escape(msg)
                );
            }
            FileStatus::Linted(linted) => file_body(&mut page, i, linted, score),
        }
        page.push_str("</section>\n");
    }
    page.push_str("</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

fn grade_cell(g: Grade) -> String {
    format!("<span class=\"grade grade-{g}\">{g}</span>")
}

fn summary_table(page: &mut String, files: &[FileOutcome], score: bool) {
    page.push_str("<table class=\"summary\">\n<thead><tr><th>draft</th>");
    if score {
        page.push_str("<th class=\"score\">score</th><th>grade</th>");
        if let Some(card) = files.iter().find_map(|f| match &f.status {
            FileStatus::Linted(l) => l.scorecard.as_deref(),
            FileStatus::Failed(_) => None,
        }) {
            for d in &card.dimensions {
                let _ = write!(page, "<th>{}</th>", escape(&d.id));
            }
        }
    }
    page.push_str("<th class=\"score\">findings</th></tr></thead>\n<tbody>\n");
    for (i, f) in files.iter().enumerate() {
        let _ = write!(
            page,
            "<tr class=\"summary-row\"><td><a href=\"#file-{i}\">{}</a></td>",
            escape(&f.path)
        );
        match &f.status {
            FileStatus::Linted(l) => {
                if score {
                    match l.scorecard.as_deref() {
                        Some(c) => {
                            let _ = write!(
                                page,
                                "<td class=\"score\">{}</td><td>{}</td>",
                                c.overall,
                                grade_cell(c.grade)
                            );
                            for d in &c.dimensions {
                                let _ = write!(page, "<td>{}</td>", grade_cell(d.grade));
                            }
                        }
                        None => page.push_str("<td></td><td></td>"),
                    }
                }
                let _ = write!(page, "<td class=\"score\">{}</td>", l.findings.len());
            }
            FileStatus::Failed(msg) => {
                let _ = write!(
                    page,
                    "<td colspan=\"9\" class=\"error\">{}</td>",
                    escape(msg)
                );
            }
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</tbody>\n</table>\n");
}

fn file_body(page: &mut String, fi: usize, linted: &Linted, score: bool) {
    let card = linted.scorecard.as_deref().filter(|_| score);
    if let Some(card) = card {
        scorecard(page, fi, card);
    }
    if let Some(p) = linted.profile.as_deref() {
        let slack = card.map_or(1.5, |c| c.time_slack);
        time_chart(page, p, slack);
    }
    findings(page, fi, linted);
    draft(page, fi, linted);
}

fn scorecard(page: &mut String, fi: usize, card: &Scorecard) {
    let _ = writeln!(
        page,
        "<h3>Scorecard</h3>\n<p class=\"overall\"><strong>{}</strong> / 100 · {} at {} \
         <span class=\"muted\">(good from {}, great from {})</span></p>",
        card.overall,
        grade_cell(card.grade),
        escape(&card.level),
        card.bars.0,
        card.bars.1
    );
    page.push_str("<table class=\"card\">\n<thead><tr><th>dimension</th><th>grade</th><th class=\"score\">score</th><th></th><th>evidence and what is missing</th></tr></thead>\n<tbody>\n");
    for d in &card.dimensions {
        let _ = write!(
            page,
            "<tr class=\"dimension\" data-dimension=\"{}\"><th>{}<div class=\"muted\">{}</div></th><td>{}</td><td class=\"score\">{}</td><td>{}</td><td>",
            escape(&d.id),
            escape(&d.id),
            escape(&d.name),
            grade_cell(d.grade),
            d.score,
            meter_svg(d.score, d.bars)
        );
        if let Some(g) = &d.gap {
            let _ = write!(page, "<div>needs {}</div>", escape(g));
        }
        if !d.evidence.is_empty() || !d.missing.is_empty() {
            let _ = write!(
                page,
                "<details><summary>{} evidence line(s), {} rule(s) fired</summary>",
                d.evidence.len(),
                d.missing.len()
            );
            for e in &d.evidence {
                let _ = write!(
                    page,
                    "<blockquote><a href=\"#f{fi}-L{}\">line {}</a>: {}</blockquote>",
                    e.line,
                    e.line,
                    escape(&e.text)
                );
            }
            if !d.missing.is_empty() {
                page.push_str("<ul>");
                for m in &d.missing {
                    let at = m
                        .line
                        .map(|l| format!(" <a href=\"#f{fi}-L{l}\">line {l}</a>"))
                        .unwrap_or_default();
                    let _ = write!(
                        page,
                        "<li><span class=\"rule\">{}</span>{at}: {}</li>",
                        escape(&m.rule),
                        escape(&m.how)
                    );
                }
                page.push_str("</ul>");
            }
            page.push_str("</details>");
        }
        page.push_str("</td></tr>\n");
    }
    page.push_str("</tbody>\n</table>\n");
    if !card.fix_first.is_empty() {
        page.push_str("<h3>Fix first</h3>\n<ol class=\"fix-first\">\n");
        for f in &card.fix_first {
            let place = match (f.line, &f.stage_heading) {
                (Some(l), _) => format!("<a href=\"#f{fi}-L{l}\">line {l}</a>"),
                (None, Some(h)) => escape(h),
                (None, None) => "the answer".into(),
            };
            let _ = writeln!(
                page,
                "<li>{place}: {} <span class=\"rule\">[{}]</span></li>",
                escape(&f.how),
                escape(&f.rule)
            );
        }
        page.push_str("</ol>\n");
    }
}

/// A 100-pixel meter with the `good` bar marked.
fn meter_svg(score: u32, bars: (u32, u32)) -> String {
    let w = score.min(100);
    let good = bars.0.min(100);
    format!(
        "<svg class=\"meter\" width=\"104\" height=\"12\" viewBox=\"0 0 104 12\" role=\"img\" aria-label=\"{score} of 100\">\
         <rect x=\"2\" y=\"2\" width=\"100\" height=\"8\" fill=\"#eef0f3\"/>\
         <rect x=\"2\" y=\"2\" width=\"{w}\" height=\"8\" fill=\"#3e6bd8\"/>\
         <line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"12\" stroke=\"#1d232b\" stroke-width=\"1.5\"/></svg>",
        x = good + 2
    )
}

/// Speaking minutes per covered stage against its budget (for the interview's length), and
/// the data share against its aim.
fn time_chart(page: &mut String, p: &Profile, slack: f64) {
    let covered: Vec<_> = p.stages.iter().filter(|s| s.present).collect();
    page.push_str("<h3>Time</h3>\n");
    let _ = writeln!(
        page,
        "<p class=\"muted\">≈ {} of {} minutes at {} words per minute; bars are speaking time, ticks the budget for a {}-minute interview.</p>",
        p.minutes, p.interview_minutes, p.words_per_minute, p.interview_minutes
    );
    if covered.is_empty() {
        page.push_str("<p class=\"muted\">No stage sections yet.</p>\n");
    } else {
        let label_w = 90.0;
        let plot_w = 400.0;
        let row_h = 22.0;
        let max = covered
            .iter()
            .map(|s| s.minutes.max(s.budget_minutes.unwrap_or(0.0)))
            .fold(0.1f64, f64::max);
        let height = covered.len() as f64 * row_h + 24.0;
        let _ = write!(
            page,
            "<svg class=\"time-chart\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"speaking minutes per stage against the budget\">",
            w = label_w + plot_w + 260.0
        );
        for (i, s) in covered.iter().enumerate() {
            let y = i as f64 * row_h + 4.0;
            let bw = (s.minutes / max * plot_w).max(1.0);
            let budget = s.budget_minutes;
            let over = budget.is_some_and(|b| s.minutes > b * slack);
            let _ = write!(
                page,
                "<text x=\"0\" y=\"{ty}\">{}</text><rect class=\"stage-bar{}\" data-stage=\"{}\" x=\"{label_w}\" y=\"{y}\" width=\"{bw:.1}\" height=\"14\"><title>{}: ≈ {} min{}</title></rect>",
                escape(&s.id),
                if over { " over" } else { "" },
                escape(&s.id),
                escape(&s.heading),
                s.minutes,
                budget.map(|b| format!(" of {b:.1}")).unwrap_or_default(),
                ty = y + 12.0
            );
            if let Some(b) = budget {
                let x = label_w + b / max * plot_w;
                let _ = write!(
                    page,
                    "<line class=\"budget\" x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\"/>",
                    y - 2.0,
                    y + 16.0
                );
            }
            let shared = if s.budget_shared_with.is_empty() {
                String::new()
            } else {
                format!(" (shared with {})", s.budget_shared_with.join(", "))
            };
            let _ = write!(
                page,
                "<text x=\"{}\" y=\"{}\">{} / {} min{}</text>",
                label_w + plot_w + 6.0,
                y + 12.0,
                s.minutes,
                budget
                    .map(|b| format!("{b:.1}"))
                    .unwrap_or_else(|| "–".into()),
                escape(&shared)
            );
        }
        page.push_str("</svg>\n");
    }
    if let (Some(share), Some((lo, hi))) = (p.data_share, p.data_share_aim) {
        let w = 440.0;
        let _ = writeln!(
            page,
            "<p>Data and features: {:.0}% of the solution (aim {:.0}–{:.0}%)</p>\
             <svg class=\"share-chart\" width=\"{}\" height=\"26\" viewBox=\"0 0 {} 26\" role=\"img\" aria-label=\"data share against the aim\">\
             <rect x=\"0\" y=\"4\" width=\"{w}\" height=\"14\" fill=\"#eef0f3\"/>\
             <rect class=\"aim\" x=\"{:.1}\" y=\"2\" width=\"{:.1}\" height=\"18\"/>\
             <rect class=\"share-bar\" x=\"0\" y=\"7\" width=\"{:.1}\" height=\"8\"/></svg>",
            share * 100.0,
            lo * 100.0,
            hi * 100.0,
            w + 4.0,
            w + 4.0,
            lo * w,
            ((hi - lo) * w).max(2.0),
            (share.clamp(0.0, 1.0) * w).max(1.0)
        );
    }
}

fn sev_tag(s: Severity) -> String {
    format!("<span class=\"sev sev-{s}\">{s}</span>")
}

fn findings(page: &mut String, fi: usize, linted: &Linted) {
    let (lines, document): (Vec<usize>, Vec<usize>) = match &linted.layout {
        Some(l) => (l.lines.clone(), l.document.clone()),
        None => ((0..linted.findings.len()).collect(), Vec::new()),
    };
    let line_no = |f: &Finding| super::position(linted, f.range.start).line;
    if !lines.is_empty() {
        let _ = writeln!(
            page,
            "<h3>Findings on lines ({})</h3>\n<ul class=\"findings\">",
            lines.len()
        );
        for &i in &lines {
            let Some(f) = linted.findings.get(i) else {
                continue;
            };
            let l = line_no(f);
            let _ = writeln!(
                page,
                "<li><a href=\"#f{fi}-L{l}\">line {l}</a> {} <span class=\"rule\">{}</span> {}</li>",
                sev_tag(f.severity),
                escape(&f.rule),
                escape(&f.message)
            );
        }
        page.push_str("</ul>\n");
    }
    if !document.is_empty() {
        let _ = writeln!(
            page,
            "<h3>Missing from this answer ({})</h3>\n<ul class=\"findings missing\">",
            document.len()
        );
        let layout = linted.layout.as_ref();
        for &i in &document {
            let Some(f) = linted.findings.get(i) else {
                continue;
            };
            let stage = layout.and_then(|l| l.stage_of(i)).unwrap_or_default();
            let at = match layout.and_then(|l| l.places.get(i)) {
                Some(p) if p.section => {
                    let l = line_no(f);
                    format!(" (<a href=\"#f{fi}-L{l}\">line {l}</a>)")
                }
                _ => String::new(),
            };
            let _ = writeln!(
                page,
                "<li><code>{}</code> {} <span class=\"rule\">{}</span> {}{at}</li>",
                escape(stage),
                sev_tag(f.severity),
                escape(&f.rule),
                escape(&f.message)
            );
        }
        page.push_str("</ul>\n");
    }
}

/// The draft, line by line, each line an anchor, the line findings' spans marked.
fn draft(page: &mut String, fi: usize, linted: &Linted) {
    let Some(text) = linted.text() else {
        return;
    };
    // Marked spans: the ranges of line findings (whole-answer ones would mark the title).
    let marked: Vec<usize> = match &linted.layout {
        Some(l) => l.lines.clone(),
        None => (0..linted.findings.len()).collect(),
    };
    let mut spans: Vec<(Range<usize>, Severity, String)> = marked
        .iter()
        .filter_map(|&i| linted.findings.get(i))
        .map(|f| {
            let start = floor_char_boundary(text, f.range.start.min(text.len()));
            let end = floor_char_boundary(text, f.range.end.min(text.len())).max(start);
            (start..end, f.severity, format!("{}: {}", f.rule, f.message))
        })
        .filter(|(r, _, _)| !r.is_empty())
        .collect();
    spans.sort_by_key(|(r, _, _)| (r.start, r.end));
    // Merge overlapping spans (the most severe colour, every title).
    let mut merged: Vec<(Range<usize>, Severity, String)> = Vec::new();
    for (r, sev, title) in spans {
        match merged.last_mut() {
            Some((last, s, t)) if r.start < last.end => {
                last.end = last.end.max(r.end);
                *s = (*s).min(sev);
                t.push('\n');
                t.push_str(&title);
            }
            _ => merged.push((r, sev, title)),
        }
    }
    page.push_str("<h3>Draft</h3>\n<pre class=\"draft\">");
    let index = &linted.index;
    let mut next_span = 0;
    for line in 0..index.line_count() {
        let bounds = index.line_range(text, line);
        let n = line + 1;
        let _ = write!(
            page,
            "<span class=\"line\" id=\"f{fi}-L{n}\"><a class=\"ln\" href=\"#f{fi}-L{n}\">{n}</a>"
        );
        let mut pos = bounds.start;
        // Spans that end before this line are done.
        while merged
            .get(next_span)
            .is_some_and(|(r, _, _)| r.end <= bounds.start)
        {
            next_span += 1;
        }
        let mut k = next_span;
        while let Some((r, sev, title)) = merged.get(k) {
            if r.start >= bounds.end {
                break;
            }
            let s = r.start.max(bounds.start).max(pos);
            let e = r.end.min(bounds.end);
            if s < e {
                page.push_str(&escape(&text[pos..s]));
                let _ = write!(
                    page,
                    "<mark class=\"sev-{sev}\" title=\"{}\">{}</mark>",
                    escape(title),
                    escape(&text[s..e])
                );
                pos = e;
            }
            k += 1;
        }
        page.push_str(&escape(&text[pos..bounds.end]));
        page.push_str("</span>");
    }
    page.push_str("</pre>\n");
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{finding, linted, range_of};
    use super::*;

    fn render(files: &[FileOutcome]) -> String {
        let mut out = Vec::new();
        write_html(&mut out, files, true).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn draft_text_is_escaped_everywhere() {
        let text =
            "# <script>alert(1)</script>\n\n\"><img src=x onerror=alert(2)> is fast & 'cheap'\n";
        let html = render(&[linted(
            "<b>x</b>.md",
            text,
            vec![finding(
                "vague-term",
                Severity::Warning,
                "“fast” <i>states</i> no number",
                range_of(text, "fast"),
            )],
        )]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>x</b>"));
        assert!(!html.contains("<i>states"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
        assert!(html.contains("<mark class=\"sev-warning\""));
        assert!(html.contains("&amp; &#39;cheap&#39;"));
    }

    #[test]
    fn every_line_is_an_anchor_and_crlf_is_not_shown() {
        let text = "a\r\nb\r\n数据 c";
        let html = render(&[linted("a.md", text, vec![])]);
        for n in 1..=3 {
            assert!(html.contains(&format!("id=\"f0-L{n}\"")), "{n}");
        }
        assert!(!html.contains('\r'));
        assert!(html.contains("数据 c"));
    }

    #[test]
    fn several_files_get_a_summary_table() {
        let html = render(&[
            linted("a.md", "x", vec![]),
            super::super::test_support::failed("b.md", "gone"),
        ]);
        assert_eq!(html.matches("class=\"summary-row\"").count(), 2);
        assert!(html.contains("href=\"#file-1\""));
    }
}
