//! `company-focus`: the draft never touches what the named company listens for.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct CompanyFocus;

pub const KIND: KindInfo = KindInfo {
    name: "company-focus",
    params: &[],
    vars: &["company", "focus"],
    summary: "The draft never touches what the named company listens for.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::CompanyFocus(CompanyFocus))
}
