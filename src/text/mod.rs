//! Text primitives below everything else: vocabulary matching, heading words and written
//! amounts. They know
//! nothing of rules, drafts or editors.

pub mod lean;
pub mod number;
pub mod terms;
pub mod words;
