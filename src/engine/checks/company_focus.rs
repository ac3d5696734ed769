//! `company-focus` at work (its parameters: `rules/check/company_focus.rs`).

use super::{Env, Gap};
use crate::rules::check::company_focus::CompanyFocus;

pub(super) fn run(env: &Env, _k: &CompanyFocus) -> Vec<Gap> {
    let d = env.draft;
    let Some(ci) = env.ctx.company else {
        return Vec::new();
    };
    let company = &env.pack.companies[ci];
    if env.any_hit(&company.vocab, None, false) {
        return Vec::new();
    }
    let range = d
        .front_matter
        .company_line
        .clone()
        .unwrap_or_else(|| env.doc_range());
    vec![Gap::new(range)
        .var("company", company.name.clone())
        .var("focus", company.focus.clone())]
}
