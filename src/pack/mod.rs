//! The pack's data model: stages, levels, problem types and severities — the value types
//! the rules are written in and the engine reads. Below `rules` (which loads and compiles
//! a pack) and `engine` (which applies it), so neither has to import the other's model.

pub mod level;
pub mod section_cache;
pub mod severity;
pub mod stage;

pub use level::{normalize_level_name, Level, PROBLEM_TYPES};
pub use section_cache::SectionCache;
pub use severity::Severity;
pub use stage::{Budget, Stage, StageId, StageSet};
