//! A workspace rule file with a mistake gets an error naming file, line, column and what is
//! wrong — never a panic and never a silent no-op.

use mlsd::rules::{PackBuilder, PackError};

fn load(text: &str) -> Result<mlsd::Pack, PackError> {
    let mut b = PackBuilder::builtin();
    b.add_file("team.toml", text);
    b.build()
}

fn err(text: &str) -> PackError {
    load(text).expect_err("the file should not load")
}

const RULE_HEAD: &str = r##"[[rule]]
id = "team-rule"
severity = "warning"
summary = "s"
message = "m"
why = "w"
weak = ["# T\n\nfast"]
strong = ["# T"]
"##;

#[test]
fn toml_syntax_error_has_line_and_column() {
    let e = err("[[rule]]\nid = \"x\"\nseverity = = 1\n");
    assert_eq!((e.file.as_str(), e.line), ("team.toml", 3));
    assert!(e.column > 0);
    assert!(e.to_string().starts_with("team.toml:3:"), "{e}");
}

#[test]
fn unknown_key_is_named() {
    let e = err(&format!(
        "{RULE_HEAD}colour = \"red\"\n[[rule.check]]\nkind = \"no-diagram\"\n"
    ));
    assert!(e.message.contains("colour"), "{}", e.message);
    assert_eq!(e.line, 9);
}

#[test]
fn unknown_kind_lists_the_known_ones() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"word-count\"\n"
    ));
    assert!(
        e.message.contains("unknown check kind `word-count`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("term-without"));
    assert_eq!(e.line, 10, "points at the kind");
}

#[test]
fn a_parameter_of_another_kind_is_refused() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"no-diagram\"\nterms = [\"vague\"]\n"
    ));
    assert!(
        e.message
            .contains("parameter `terms` does not apply to kind `no-diagram`"),
        "{}",
        e.message
    );
}

#[test]
fn missing_required_parameter() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"missing-stage\"\n"
    ));
    assert!(
        e.message.contains("needs parameter `stage`"),
        "{}",
        e.message
    );
}

#[test]
fn unknown_vocabulary_and_stage_point_at_the_name() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"term-present\"\nterms = [\"vauge\"]\n"
    ));
    assert!(
        e.message.contains("unknown vocabulary `vauge`"),
        "{}",
        e.message
    );
    assert_eq!((e.line, e.column), (11, 10));
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"missing-stage\"\nstage = \"dataa\"\n"
    ));
    assert!(e.message.contains("unknown stage `dataa`"), "{}", e.message);
}

#[test]
fn bad_regex_is_reported_at_the_pattern() {
    let e = err("[vocab.team]\nterms = [\"x\"]\npatterns = [\"(unclosed\"]\n");
    assert!(e.message.contains("does not compile"), "{}", e.message);
    assert_eq!(e.line, 3);
}

#[test]
fn huge_regex_is_refused_not_compiled_forever() {
    let big = format!(
        "[vocab.team]\npatterns = [\"{}\"]\n",
        "(a|b|c|d)\\\\w{1000}".repeat(50)
    );
    let e = err(&big);
    assert!(e.message.contains("does not compile"), "{}", e.message);
}

#[test]
fn placeholder_the_kind_does_not_fill() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"no-diagram\"\nmessage = \"no {{term}} here\"\n"
    ));
    assert!(e.message.contains("placeholder `{term}`"), "{}", e.message);
}

#[test]
fn bad_severity_level_type_and_id() {
    let e = err(&format!(
        "{}[[rule.check]]\nkind = \"no-diagram\"\n",
        RULE_HEAD.replace("severity = \"warning\"", "severity = \"loud\"")
    ));
    assert!(
        e.message.contains("unknown severity `loud`"),
        "{}",
        e.message
    );
    let e = err(&format!(
        "{RULE_HEAD}min_level = \"L9\"\n[[rule.check]]\nkind = \"no-diagram\"\n"
    ));
    assert!(e.message.contains("unknown level `L9`"), "{}", e.message);
    let e = err(&format!(
        "{RULE_HEAD}problem_types = [\"video\"]\n[[rule.check]]\nkind = \"no-diagram\"\n"
    ));
    assert!(
        e.message.contains("unknown problem type `video`"),
        "{}",
        e.message
    );
    let e = err(&RULE_HEAD
        .replace("team-rule", "Team Rule")
        .to_string()
        .replace(
            "strong = [\"# T\"]",
            "strong = [\"# T\"]\n[[rule.check]]\nkind = \"no-diagram\"",
        ));
    assert!(e.message.contains("lowercase"), "{}", e.message);
}

#[test]
fn examples_are_required() {
    let e = err(&format!(
        "{}[[rule.check]]\nkind = \"no-diagram\"\n",
        RULE_HEAD.replace("weak = [\"# T\\n\\nfast\"]", "weak = []")
    ));
    assert!(e.message.contains("`weak`"), "{}", e.message);
}

#[test]
fn absurd_thresholds_are_refused() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"density\"\nmin = -3\nper_words = 500\n"
    ));
    assert!(e.message.contains("positive"), "{}", e.message);
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"share\"\nstages = [\"data\"]\nmin = 30\n"
    ));
    assert!(e.message.contains("between 0 and 1"), "{}", e.message);
}

#[test]
fn a_valid_workspace_rule_loads_and_replaces_by_id() {
    let text = format!("{RULE_HEAD}[[rule.check]]\nkind = \"term-present\"\nterms = [\"vague\"]\n");
    let pack = load(&text).unwrap();
    assert!(pack.rule("team-rule").is_some());
    // Same id as a built-in rule: the workspace version replaces it.
    let replaced = text
        .replace("team-rule", "vague-term")
        .replace("summary = \"s\"", "summary = \"ours\"");
    let pack = load(&replaced).unwrap();
    assert_eq!(pack.rule("vague-term").unwrap().summary, "ours");
    assert_eq!(
        pack.rules.iter().filter(|r| r.id == "vague-term").count(),
        1
    );
}

#[test]
fn an_overlong_pattern_is_refused_before_compiling_it() {
    let long = "a".repeat(mlsd::rules::MAX_PATTERN_LEN + 1);
    let e = err(&format!("[vocab.vague]\npatterns = [\"{long}\"]\n"));
    assert_eq!((e.line, e.column), (2, 13), "{e}");
    assert!(e.message.contains("at most 4096"), "{}", e.message);
    assert!(e.message.len() < 300, "the pattern is not echoed back");
    // One byte shorter compiles.
    let ok = "a".repeat(mlsd::rules::MAX_PATTERN_LEN);
    load(&format!("[vocab.vague]\npatterns = [\"{ok}\"]\n")).expect("at the limit");
}

#[test]
fn window_above_the_maximum_is_an_error_not_a_silent_clamp() {
    let check = |w: usize| {
        load(&format!(
            "{RULE_HEAD}[[rule.check]]\nkind = \"term-without\"\nterms = [\"vague\"]\nwindow = {w}\n"
        ))
    };
    check(mlsd::rules::check::MAX_WINDOW).expect("the maximum is accepted");
    let e = check(mlsd::rules::check::MAX_WINDOW + 1).expect_err("above it is refused");
    assert_eq!(e.line, 12, "{e}");
    assert!(e.message.contains("0 to 100"), "{}", e.message);
}

#[test]
fn ladders_extend_the_level_names_and_may_not_contradict_each_other() {
    let pack = load("[[ladder]]\nname = \"Acme\"\nL5 = [\"IC3\"]\n").unwrap();
    assert_eq!(pack.parse_level("ic-3"), Some(mlsd::rules::Level::L5));
    assert_eq!(
        pack.parse_level("E5"),
        Some(mlsd::rules::Level::L5),
        "built-in ladders stay"
    );
    let e = err("[[ladder]]\nname = \"Acme\"\nL4 = [\"E5\"]\n");
    assert!(
        e.message.contains("`E5`") && e.message.contains("Meta"),
        "{}",
        e.message
    );
    assert_eq!(e.file, "team.toml");
    let e = err("[[ladder]]\nname = \"Acme\"\nL4 = [\"L5\"]\n");
    assert!(e.message.contains("a level of its own"), "{}", e.message);
    assert_eq!((e.line, e.column), (3, 7));
    // Redefining a ladder by name replaces it.
    let pack = load("[[ladder]]\nname = \"Meta\"\nL4 = [\"E5\"]\n").unwrap();
    assert_eq!(pack.parse_level("E5"), Some(mlsd::rules::Level::L4));
    assert_eq!(pack.parse_level("E6"), None);
}

#[test]
fn interview_lengths_must_be_whole_minutes_in_range() {
    let e = err("[interview]\nminutes = 0\n");
    assert!(e.message.contains("[interview] minutes"), "{}", e.message);
    let e = err("[[company]]\nid = \"acme\"\nname = \"Acme\"\nfocus = \"f\"\nvocab = [\"vague\"]\nminutes = 601\n");
    assert!(e.message.contains("company `acme`"), "{}", e.message);
    // Budgets written for 30 minutes: a 60-minute interview doubles them.
    let pack = load("[interview]\nminutes = 30\n").unwrap();
    let model = pack.budgets.iter().find(|b| b.minutes == 8.0).unwrap();
    assert_eq!(pack.budget_for(model, 30), 8.0);
    assert_eq!(pack.budget_for(model, 60), 16.0);
    assert_eq!(pack.budget_for(model, 45), 12.0);
}

#[test]
fn a_check_key_no_kind_takes_is_refused_at_its_line() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"no-diagram\"\n\ncolour = \"red\"\n"
    ));
    assert!(
        e.message
            .contains("parameter `colour` does not apply to kind `no-diagram`"),
        "{}",
        e.message
    );
    assert_eq!((e.file.as_str(), e.line, e.column), ("team.toml", 12, 1));
}

#[test]
fn a_parameter_of_the_wrong_type_points_at_its_value() {
    let e = err(&format!(
        "{RULE_HEAD}[[rule.check]]\nkind = \"term-without\"\nterms = [\"vague\"]\nwindow = \"wide\"\n"
    ));
    assert!(e.message.contains("parameter `window`"), "{}", e.message);
    assert_eq!((e.line, e.column), (12, 10), "{e}");
}

/// A rule file with `weak` (line 7 of the file) replaced and a check after it.
fn with_weak(weak: &str) -> String {
    format!(
        "{}[[rule.check]]\nkind = \"no-diagram\"\n",
        RULE_HEAD.replace("weak = [\"# T\\n\\nfast\"]", weak)
    )
}

#[test]
fn a_weak_example_may_pin_where_its_finding_starts_and_what_the_fix_gives() {
    let pack = load(&with_weak(
        "weak = [\"# T\", { at = \"3:2\", text = \"# T\\n\\nfast\", fixed = \"# T\\n\\nfast\\n\" }]",
    ))
    .expect("loads");
    let rule = pack.rule("team-rule").expect("the rule");
    let plain = &rule.weak[0];
    assert_eq!(
        (plain.text.as_str(), plain.at, &plain.fixed),
        ("# T", None, &None)
    );
    let pinned = &rule.weak[1];
    assert_eq!(pinned.text, "# T\n\nfast");
    assert_eq!(pinned.at, Some((3, 2)));
    assert_eq!(pinned.fixed.as_deref(), Some("# T\n\nfast\n"));
}

#[test]
fn an_unknown_key_in_a_weak_example_is_named_at_its_place() {
    let e = err(&with_weak(
        "weak = [{ text = \"# T\", at = \"1:1\", line = 3 }]",
    ));
    assert!(e.message.contains("unknown field `line`"), "{}", e.message);
    assert!(
        e.message.contains("`fixed`"),
        "lists the keys: {}",
        e.message
    );
    assert_eq!(
        (e.file.as_str(), e.line, e.column),
        ("team.toml", 7, 37),
        "{e}"
    );
}

#[test]
fn a_weak_example_that_is_neither_text_nor_table_is_refused() {
    let e = err(&with_weak("weak = [3]"));
    assert!(
        e.message.contains("a draft (string) or a table"),
        "{}",
        e.message
    );
    assert_eq!((e.line, e.column), (7, 9), "{e}");
}

#[test]
fn a_weak_example_table_must_pin_something() {
    let e = err(&with_weak("weak = [\"# T\", { text = \"# T\" }]"));
    assert!(
        e.message
            .contains("rule `team-rule`: weak example 2: a table needs `at` or `fixed`"),
        "{}",
        e.message
    );
    assert_eq!((e.line, e.column), (7, 16), "{e}");
}

#[test]
fn a_malformed_or_misplaced_at_is_refused_at_its_value() {
    for (at, says) in [
        ("3", "is not LINE:COL"),
        ("1:x", "is not LINE:COL"),
        ("1:2:3", "is not LINE:COL"),
        (" 1:1", "is not LINE:COL"),
        ("-1:1", "is not LINE:COL"),
        ("0:1", "count from 1"),
        ("1:0", "count from 1"),
        ("4:1", "past the example's end (it has 3 lines)"),
        ("1:5", "past the end of line 1 (it has 3 characters)"),
    ] {
        let e = err(&with_weak(&format!(
            "weak = [{{ text = \"# T\\n\\nfast\", at = \"{at}\" }}]"
        )));
        assert!(
            e.message.contains("weak example 1") && e.message.contains(says),
            "at = {at:?}: {}",
            e.message
        );
        assert_eq!(
            (e.file.as_str(), e.line, e.column),
            ("team.toml", 7, 38),
            "{e}"
        );
    }
    // The column counts characters, and the end of a line is a place.
    let ok = with_weak("weak = [{ text = \"# T\\n\\nfäst\", at = \"3:5\" }]");
    assert_eq!(
        load(&ok)
            .expect("loads")
            .rule("team-rule")
            .expect("rule")
            .weak[0]
            .at,
        Some((3, 5))
    );
}
