//! The question bank against the inference `mlsd check` uses (issue 23, item 4): every
//! question's `problem_type` is the type its title's words name, except the questions whose
//! `type_reason` says why not.

use mlsd::engine::infer_problem_type;
use mlsd::Pack;

#[test]
fn every_bank_question_has_the_type_its_title_implies_or_says_why_not() {
    let pack = Pack::builtin().unwrap();
    let mut wrong = Vec::new();
    let mut needless = Vec::new();
    for q in &pack.questions {
        let labelled = q.problem_type.as_deref().unwrap_or("other");
        let inferred = infer_problem_type(&[q.title.as_str()], &pack);
        match (&q.type_reason, labelled == inferred) {
            (None, false) => wrong.push(format!(
                "{:?} is labelled {labelled}, its words say {inferred}",
                q.title
            )),
            (Some(_), true) => needless.push(format!(
                "{:?}: `type_reason` given, but {labelled} is what its words say",
                q.title
            )),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "mislabelled:\n{}", wrong.join("\n"));
    assert!(needless.is_empty(), "{}", needless.join("\n"));
}

#[test]
fn the_questions_the_issue_names_are_labelled_as_check_infers() {
    let pack = Pack::builtin().unwrap();
    for (needle, ty) in [
        (
            "harmful content detection system for YouTube",
            "classification",
        ),
        ("dynamic pricing suggestion system for hosts", "prediction"),
    ] {
        let q = pack
            .questions
            .iter()
            .find(|q| q.title.contains(needle))
            .unwrap_or_else(|| panic!("{needle} is in the bank"));
        assert_eq!(q.problem_type.as_deref(), Some(ty), "{}", q.title);
    }
}
