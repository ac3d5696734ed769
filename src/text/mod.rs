//! Text primitives below everything else: vocabulary matching and heading words. They know
//! nothing of rules, drafts or editors.

pub mod terms;
pub mod words;
