//! Words of headings as stage aliases are compared: shared by the pack (its aliases) and
//! the engine (a draft's headings), so both normalise one way.

/// Words stripped from the start of a heading before it is matched to a stage.
const HEADING_DECORATION: &[&str] = &["step", "part", "section", "stage", "chapter", "phase"];
const ROMAN: &[&str] = &[
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// Normalised words of a heading (or alias): lowercase, decoration and numbering dropped.
pub fn heading_words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A lettered prefix ("C. Data & labels", "b) Serving") is numbering too.
    let trimmed = text.trim_start();
    let mut chars = trimmed.chars();
    let lettered = matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(l), Some('.' | ')' | ':'), Some(' ')) if l.is_ascii_alphabetic()
    );
    let mut i = usize::from(lettered && words.len() > 1);
    while i < words.len() {
        let w = words[i];
        let numbering = w.chars().all(|c| c.is_ascii_digit())
            || ROMAN.contains(&w)
            || HEADING_DECORATION.contains(&w);
        if !numbering || i + 1 == words.len() {
            break;
        }
        i += 1;
    }
    words[i..].iter().map(|w| w.to_string()).collect()
}
