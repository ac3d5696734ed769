//! The answer skeleton: every stage in interview order with its prompt and time budget,
//! written as HTML comments so that an untouched skeleton holds no prose to lint.

use crate::pack::{Level, StageId};
use crate::rules::Pack;
use std::fmt::Write;

#[derive(Debug, Clone, Default)]
pub struct SkeletonOptions<'a> {
    pub problem_type: Option<&'a str>,
    pub level: Option<Level>,
    pub company: Option<&'a str>,
    pub question: Option<&'a str>,
    pub minutes: Option<u32>,
}

/// Minutes budgeted for a stage in an interview of `interview_minutes` (its budget group's
/// minutes, scaled) and the group's other stages.
pub fn stage_budget(
    pack: &Pack,
    stage: StageId,
    interview_minutes: u32,
) -> Option<(f64, Vec<String>)> {
    pack.budgets
        .iter()
        .find(|b| b.stages.contains(stage))
        .map(|b| {
            let others = b
                .stages
                .iter()
                .filter(|s| *s != stage)
                .map(|s| pack.stage(s).heading.clone())
                .collect();
            (pack.budget_for(b, interview_minutes), others)
        })
}

/// The front matter block.
pub fn front_matter(opts: &SkeletonOptions, nl: &str) -> String {
    let mut s = format!("---{nl}");
    let _ = write!(s, "level: {}{nl}", opts.level.unwrap_or(Level::DEFAULT));
    let _ = write!(s, "type: {}{nl}", opts.problem_type.unwrap_or("other"));
    if let Some(c) = opts.company {
        let _ = write!(s, "company: {}{nl}", yaml_scalar(c));
    }
    let _ = write!(s, "minutes: {}{nl}", opts.minutes.unwrap_or(60));
    if let Some(q) = opts.question {
        let _ = write!(s, "question: {}{nl}", yaml_scalar(q));
    }
    s.push_str("---");
    s.push_str(nl);
    s
}

fn yaml_scalar(v: &str) -> String {
    let v = v.replace(['\n', '\r'], " ");
    if v.contains(':') || v.contains('#') || v.starts_with(['"', '\'', '[', '{', '-']) {
        format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        v
    }
}

/// [`stage_section`], remembered in the pack.
pub fn cached_stage_section(
    pack: &Pack,
    stage: StageId,
    problem_type: &str,
    level: u8,
    nl: &str,
    interview_minutes: u32,
) -> String {
    let key = (
        stage,
        problem_type.to_string(),
        level,
        nl.to_string(),
        interview_minutes,
    );
    if let Some(s) = pack.section_cache.get(&key) {
        return s;
    }
    let section = stage_section(pack, stage, problem_type, level, nl, interview_minutes);
    pack.section_cache.insert(key, section.clone());
    section
}

/// One stage's section, with its budget (for an interview of `interview_minutes`) and the
/// variant's extra prompts.
pub fn stage_section(
    pack: &Pack,
    stage: StageId,
    problem_type: &str,
    level: u8,
    nl: &str,
    interview_minutes: u32,
) -> String {
    let s = pack.stage(stage);
    let mut out = format!(
        "{} {}{nl}{nl}",
        "#".repeat(level.clamp(1, 6) as usize),
        s.heading
    );
    let budget = match stage_budget(pack, stage, interview_minutes) {
        Some((m, others)) if others.is_empty() => format!("≈ {} min. ", minutes(m)),
        Some((m, others)) => format!("≈ {} min together with {}. ", minutes(m), others.join(", ")),
        None => String::new(),
    };
    let _ = write!(out, "<!-- {budget}{} -->{nl}", comment_safe(&s.prompt));
    for line in extra_lines(pack, &s.id, problem_type) {
        let _ = write!(out, "<!-- {} -->{nl}", comment_safe(line));
    }
    if let Some(line) = figures_line(pack, &s.id, problem_type) {
        let _ = write!(out, "<!-- {} -->{nl}", comment_safe(&line));
    }
    out.push_str(nl);
    out
}

/// Typical published figures a stage's section shows (`[figures] in_skeleton`), two per
/// category, each with its source, in the pack's `skeleton_line`.
fn figures_line(pack: &Pack, stage: &str, problem_type: &str) -> Option<String> {
    let n = &pack.numbers;
    let shown: Vec<String> = n
        .in_skeleton
        .get(stage)?
        .iter()
        .flat_map(|c| {
            n.figures_for(problem_type, Some(c))
                .take(FIGURES_PER_CATEGORY)
        })
        .map(|f| f.brief())
        .collect();
    (!shown.is_empty() && !n.skeleton_line.is_empty())
        .then(|| n.skeleton_line.replace("{figures}", &shown.join("; ")))
}

/// Figures of one category in a skeleton section: enough to calibrate, short enough to read.
const FIGURES_PER_CATEGORY: usize = 2;

/// Minutes as `{}` prints them ("5", "7.5"), without float formatting for whole numbers
/// (this runs for every missing-section fix).
fn minutes(m: f64) -> String {
    if m.fract() == 0.0 && (0.0..1e9).contains(&m) {
        (m as u64).to_string()
    } else {
        m.to_string()
    }
}

fn extra_lines<'p>(pack: &'p Pack, stage: &str, problem_type: &str) -> &'p [String] {
    let variant = pack
        .skeletons
        .iter()
        .find(|s| s.problem_type == problem_type)
        .or_else(|| pack.skeletons.iter().find(|s| s.problem_type == "default"));
    variant
        .and_then(|v| v.extra.get(stage))
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn comment_safe(s: &str) -> String {
    if !s.contains("--") {
        return s.to_string();
    }
    s.replace("-->", "->").replace("<!--", "<!-")
}

/// The whole skeleton: front matter, title, every stage.
pub fn render(pack: &Pack, opts: &SkeletonOptions, nl: &str) -> String {
    let problem_type = opts.problem_type.unwrap_or("other");
    let mut out = front_matter(opts, nl);
    let title = opts
        .question
        .map(str::to_string)
        .unwrap_or_else(|| match problem_type {
            "other" => "Design an ML system".to_string(),
            t => format!("Design a {t} system"),
        });
    let _ = write!(out, "{nl}# {}{nl}{nl}", title.replace(['\n', '\r'], " "));
    let minutes = opts.minutes.unwrap_or(pack.budget_interview_minutes);
    for id in 0..pack.stages.len() {
        out.push_str(&stage_section(
            pack,
            id as StageId,
            problem_type,
            2,
            nl,
            minutes,
        ));
    }
    while out.ends_with(&format!("{nl}{nl}")) {
        out.truncate(out.len() - nl.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{comment_safe, minutes};

    #[test]
    fn minutes_print_as_floats_do() {
        for m in [0.0, 5.0, 7.5, 12.25, 60.0] {
            assert_eq!(minutes(m), format!("{m}"));
        }
    }

    #[test]
    fn comments_cannot_be_closed_early() {
        assert_eq!(comment_safe("a --> b <!-- c"), "a -> b <!- c");
        assert_eq!(comment_safe("plain - text"), "plain - text");
    }
}

#[cfg(test)]
mod cache_tests {
    use super::{cached_stage_section, stage_section};
    use crate::rules::Pack;

    #[test]
    fn the_cache_gives_what_rendering_gives() {
        let pack = Pack::builtin().unwrap();
        for stage in 0..pack.stages.len() as crate::pack::StageId {
            for (ty, level, nl) in [
                ("ranking", 2, "\n"),
                ("other", 3, "\r\n"),
                ("ranking", 2, "\n"),
            ] {
                for minutes in [60, 45] {
                    assert_eq!(
                        cached_stage_section(&pack, stage, ty, level, nl, minutes),
                        stage_section(&pack, stage, ty, level, nl, minutes)
                    );
                }
            }
        }
    }
}
