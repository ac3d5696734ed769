//! Seniority levels and problem types: small value types shared by the pack and the engine.

use std::fmt;

/// Seniority level L3–L6; ordered, so `level >= Level::L5` reads as the lesson does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    L3 = 3,
    L4 = 4,
    L5 = 5,
    L6 = 6,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::L3, Level::L4, Level::L5, Level::L6];
    pub const DEFAULT: Level = Level::L4;
    pub const ACCEPTED: &'static str = "L3, L4, L5 or L6";

    /// Accepts `L5`, `l5` and ` L5 `; nothing else.
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_uppercase().as_str() {
            "L3" => Some(Level::L3),
            "L4" => Some(Level::L4),
            "L5" => Some(Level::L5),
            "L6" => Some(Level::L6),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::L3 => "L3",
            Level::L4 => "L4",
            Level::L5 => "L5",
            Level::L6 => "L6",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level name as ladders are compared: lowercase, without whitespace, `-`, `_` or `.`
/// ("SDE II", "sde-ii" and "sdeii" are one name).
pub fn normalize_level_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The problem types a draft can declare or have inferred.
pub const PROBLEM_TYPES: [&str; 5] = [
    "recommendation",
    "ranking",
    "classification",
    "prediction",
    "other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_loosely_but_not_words() {
        assert_eq!(Level::parse(" l5 "), Some(Level::L5));
        assert_eq!(Level::parse("L6"), Some(Level::L6));
        assert_eq!(Level::parse("senior"), None);
        assert_eq!(Level::parse("7"), None);
        assert!(Level::L5 > Level::L4);
    }
}
