//! `front-matter`: front matter that cannot be read or holds a bad value.

use super::{CheckKind, CompileError, KindInfo, Params};

#[derive(Debug, Clone)]
pub struct FrontMatter;

pub const KIND: KindInfo = KindInfo {
    name: "front-matter",
    params: &[],
    vars: &["detail"],
    summary: "Front matter that cannot be read or holds a bad value.",
    compile,
};

fn compile(_: &Params) -> Result<CheckKind, CompileError> {
    Ok(CheckKind::FrontMatter(FrontMatter))
}
