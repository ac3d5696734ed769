//! The typical-figures table (`rules/figures.toml`): every row names a public source, reads
//! as a range, uses a known unit, and every problem type of the question bank has at least
//! five quantities.

use mlsd::rules::Pack;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn every_row_has_a_source_a_range_and_a_known_unit() {
    let pack = Pack::builtin().unwrap();
    let n = &pack.numbers;
    // Every `[[figure]]` of the file made it into the pack.
    let raw: toml::Value = toml::from_str(include_str!("../rules/figures.toml")).unwrap();
    let rows = raw["figure"].as_array().unwrap();
    assert_eq!(rows.len(), n.figures.len());
    for (row, f) in rows.iter().zip(&n.figures) {
        let source = &row["source"];
        for key in ["title", "org"] {
            let v = source[key].as_str().unwrap_or("");
            assert!(v.trim().len() >= 3, "{}: source {key} missing", f.quantity);
        }
        let year = source["year"].as_integer().unwrap_or(0);
        assert!((1990..=2026).contains(&year), "{}: year {year}", f.quantity);
        let range = row["range"].as_str().unwrap();
        let (lo, hi) = mlsd::text::number::parse_amount(range)
            .unwrap_or_else(|| panic!("{}: range {range:?} does not parse", f.quantity));
        assert!(lo > 0.0 && lo <= hi, "{}: {range}", f.quantity);
        assert_eq!((f.low, f.high), (lo, hi));
        assert!(
            n.figure_units.contains(&f.unit),
            "{}: unit {}",
            f.quantity,
            f.unit
        );
        assert!(
            n.category(&f.category).is_some(),
            "{}: {}",
            f.quantity,
            f.category
        );
        // A cautious range must say so.
        if hi / lo >= 10.0 {
            assert!(
                f.note.to_lowercase().contains("order of magnitude"),
                "{}: a range this wide needs an \"order of magnitude\" note",
                f.quantity
            );
        }
    }
}

#[test]
fn every_bank_problem_type_has_five_quantities() {
    let pack = Pack::builtin().unwrap();
    let types: BTreeSet<&str> = pack
        .questions
        .iter()
        .filter_map(|q| q.problem_type.as_deref())
        .collect();
    assert!(types.len() >= 4, "{types:?}");
    let mut per_type: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in &pack.numbers.figures {
        per_type
            .entry(f.problem_type.as_str())
            .or_default()
            .insert(f.quantity.as_str());
    }
    for t in types {
        let n = per_type.get(t).map_or(0, BTreeSet::len);
        assert!(
            n >= 5,
            "problem type {t} has {n} quantities in rules/figures.toml"
        );
    }
}

#[test]
fn a_bad_row_is_an_error_with_its_line() {
    let mut b = mlsd::rules::PackBuilder::builtin();
    b.add_file(
        "extra.toml",
        "[[figure]]\nproblem_type = \"ranking\"\ncategory = \"latency\"\nquantity = \"x\"\nrange = \"fast\"\nunit = \"ms\"\nsource = { title = \"T\", org = \"O\", year = 2020 }\n",
    );
    let e = b.build().unwrap_err();
    assert_eq!(e.file, "extra.toml");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("range"), "{}", e.message);
    let mut b = mlsd::rules::PackBuilder::builtin();
    b.add_file(
        "extra.toml",
        "[[figure]]\nproblem_type = \"ranking\"\ncategory = \"latency\"\nquantity = \"x\"\nrange = \"5\"\nunit = \"furlongs\"\nsource = { title = \"T\", org = \"O\", year = 2020 }\n",
    );
    assert!(b.build().unwrap_err().message.contains("unit"));
}

#[test]
fn claim_categories_are_the_six() {
    let pack = Pack::builtin().unwrap();
    let ids: Vec<&str> = pack
        .numbers
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "latency",
            "scale",
            "data-volume",
            "cadence",
            "quality",
            "cost"
        ]
    );
    let n = &pack.numbers;
    let cat = |p: &str| n.category_of(p).map(|c| c.id.as_str());
    assert_eq!(cat("low latency"), Some("latency"));
    assert_eq!(cat("highly scalable"), Some("scale"));
    assert_eq!(cat("lots of users"), Some("scale"));
    assert_eq!(cat("huge catalogue"), Some("data-volume"));
    assert_eq!(cat("near real-time"), Some("cadence"));
    assert_eq!(cat("high accuracy"), Some("quality"));
    assert_eq!(cat("cost-effective"), Some("cost"));
    // A word no category names (a workspace addition) falls back to scale.
    assert_eq!(cat("zippy"), Some("scale"));
}
