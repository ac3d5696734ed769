//! `vague-term` on each class of sentence that real write-ups showed it getting wrong: one
//! test per class, each with a sentence that must stay quiet and, beside it, the same claim
//! made plainly, which must still be flagged (so a test cannot pass by flagging nothing).

use mlsd::engine::{lint, Settings};
use mlsd::Pack;

fn pack() -> Pack {
    Pack::builtin().expect("built-in pack")
}

/// The vague words flagged in `body` under a title that marks the draft as an answer.
fn flagged_in_answer(body: &str) -> Vec<String> {
    flagged(&format!("# Design a feed ranker\n\n{body}\n"))
}

fn flagged(text: &str) -> Vec<String> {
    lint(text, &pack(), &Settings::default())
        .findings
        .into_iter()
        .filter(|f| f.rule == "vague-term")
        .map(|f| text[f.range].to_string())
        .collect()
}

fn quiet(body: &str) {
    let got = flagged_in_answer(body);
    assert!(got.is_empty(), "flagged {got:?} in {body:?}");
}

fn loud(body: &str) {
    assert!(
        !flagged_in_answer(body).is_empty(),
        "nothing flagged in {body:?}"
    );
}

#[test]
fn a_number_in_the_same_list_item_or_table_row_quantifies() {
    quiet("## Serving\n\n- Latency: it has to feel fast, so the budget is 80 ms at p99.");
    quiet("## Serving\n\n| need | figure |\n|---|---|\n| fast responses | 80 ms p99 |");
    loud("## Serving\n\n- Latency: it has to feel fast.");
    loud("## Serving\n\n| need | figure |\n|---|---|\n| fast responses | agreed later |");
}

#[test]
fn comparisons_and_pros_and_cons_are_not_claims() {
    quiet("## Model\n\nTrees train faster than the transformer and are cheaper to serve.");
    quiet("## Model\n\nOnline augmentation is slow but needs no extra storage.");
    quiet("## Trade-offs\n\n- Pros: fast, cheap to run\n- Cons: misses long-range context");
    quiet(
        "## Options\n\n| option | speed | cost |\n|---|---|---|\n| trees | fast | cheap |\n| transformer | slow | costly |",
    );
    loud("## Model\n\nThe transformer must be fast.");
}

#[test]
fn conditions_and_negations_are_not_claims() {
    quiet("## Serving\n\nNo hard real-time needed: the list is built once a night.");
    quiet("## Serving\n\nIf traffic grows large we add replicas.");
    quiet("## Serving\n\nWe don’t need low latency here; the emails go out at 9 am.");
    loud("## Serving\n\nThe service needs low latency.");
}

#[test]
fn domain_terms_mode_labels_and_names_are_not_claims() {
    quiet("## Data\n\nSlow movers get a separate forecast with wider intervals.");
    quiet("## Model\n\nWe start from Faster R-CNN and track with Simple Online and Realtime Tracking.");
    quiet("## Serving\n\nThe auction is a real-time second-price auction over 40 bidders.");
    quiet("## Serving\n\nWe cache frequently requested user-ad pairs for 10 minutes.");
    loud("## Serving\n\nThe tracker must be real-time.");
}

#[test]
fn quoted_prompts_and_headings_are_not_claims() {
    quiet("## Clarifying questions\n\nThe prompt says \"build a fast, scalable feed\"; I ask what fast means.");
    quiet("## Fast path\n\nA cache answers 90% of requests within 5 ms.");
    loud("## Fast path\n\nThe cache must be fast.");
}

#[test]
fn topics_to_ask_about_are_not_claims() {
    quiet("## Clarifying questions\n\nClarify first: scale and low latency, since both shape the design.");
    loud("## Serving\n\nWe need low latency and scale.");
}

#[test]
fn how_fast_the_team_works_is_not_about_the_system() {
    quiet("## Wrap-up\n\nWe would quickly build a prototype to show the team 200 examples.");
    loud("## Wrap-up\n\nThe prototype must respond quickly.");
}

#[test]
fn what_happens_to_a_system_or_a_person_is_not_a_speed_claim() {
    quiet("## Training\n\nWith synchronous updates, one straggler makes the whole job slow down.");
    quiet("## Cold start\n\n- new users: quick fill of a short profile, then popular items");
    loud("## Training\n\nTraining must be quick.");
}

#[test]
fn fast_and_slow_labels_name_kinds_of_data() {
    quiet("## Labels\n\nWe lean on fast labels (analyst verdicts) until chargebacks settle.");
    loud("## Labels\n\nWe need labels fast.");
}

#[test]
fn what_a_technique_or_a_class_of_systems_is_good_for_is_not_a_target() {
    quiet("## Retrieval\n\nWe use an inverted index for efficient text search over titles.");
    quiet("## Retrieval\n\nFor large-scale systems we skip collaborative filtering.");
    loud("## Retrieval\n\nRetrieval has to be efficient.");
    loud("## Retrieval\n\nThe index must serve large scale traffic.");
}

#[test]
fn cadence_and_cost_forms_are_claims() {
    loud("## Training\n\nWe retrain the model on a regular basis.");
    loud("## Training\n\nFrequent retraining keeps the model fresh.");
    loud("## Serving\n\nThe system must run at low costs.");
    quiet("## Training\n\nWe retrain the model every 24 hours.");
}

#[test]
fn a_percentile_without_a_value_does_not_quantify() {
    loud("## Serving\n\nRanking must be fast within the p99 latency budget.");
    quiet("## Serving\n\nRanking must be fast: p99 under 60 ms.");
}

#[test]
fn a_guide_that_addresses_its_reader_makes_no_design_claims() {
    // Not an answer (no front matter, no "Design …" title) and it talks to "you".
    let guide = "# Choosing a serving pattern\n\n## Serving\n\nIf you serve online, your model must be fast. You should keep your features in a low-latency store, and you can precompute the rest so that your pages stay fast.\n";
    assert!(flagged(guide).is_empty(), "{:?}", flagged(guide));
    // The same words in an answer are claims.
    let answer = guide.replace("# Choosing a serving pattern", "# Design a feed ranker");
    assert!(!flagged(&answer).is_empty());
    // A note that does not address a reader still makes its claims.
    let note =
        "# Feed ranker notes\n\n## Serving\n\nThe model must be fast and the store is scalable.\n";
    assert!(!flagged(note).is_empty());
}

#[test]
fn typographic_apostrophes_and_text_without_spaces_read_like_plain_text() {
    quiet("## Serving\n\nWe don’t need it to be fast; results arrive by email.");
    quiet("## Clarifying questions\n\n一定要clarify: scalability, low latency.");
}
