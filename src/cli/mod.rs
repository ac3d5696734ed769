//! The command-line face: `mlsd check`, `mlsd rule`, `mlsd new`. Thin over the engine.

pub mod args;
pub mod check;
pub mod commands;
pub mod inputs;
pub mod output_schema;
pub mod progress;
pub mod report;
pub mod write;
