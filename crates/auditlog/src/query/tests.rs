//! Patterns as JOC takes them, and the prefilters a search looks for first.

use super::*;

fn m(patterns: &[&str]) -> Matcher {
    Matcher::new(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
}

#[test]
fn globs_work_as_jocs_do() {
    let orders = m(&["./orders/*"]);
    assert!(orders.matches(Some("./orders/add")));
    assert!(orders.matches(Some("./ORDERS/daily/x")));
    assert!(!orders.matches(Some("./inventory/store")));
    assert!(!orders.matches(None));
    let q = m(&["j?oe"]);
    assert!(q.matches(Some("jdoe")) && !q.matches(Some("jdooe")));
    let literal = m(&["[urgent] {x} a\\b"]);
    assert!(literal.matches(Some("[URGENT] {x} a\\b")));
    assert!(!literal.matches(Some("u {x} a\\b")));
    let either = m(&["root", "jdoe"]);
    assert!(
        either.matches(Some("jdoe"))
            && either.matches(Some("ROOT"))
            && !either.matches(Some("rootx"))
    );
    assert!(m(&[]).matches(None));
    assert!(m(&["*"]).matches(Some("")));
}

#[test]
fn a_question_mark_takes_one_character_and_case_is_ignored_as_unicode_folds_it() {
    let umlaut = m(&["m.m?ller"]);
    assert!(umlaut.matches(Some("m.müller")) && umlaut.matches(Some("M.MÜLLER")));
    assert!(!m(&["m.m??ller"]).matches(Some("m.müller")));
    assert!(m(&["M.MÜLLER"]).matches(Some("m.müller")));
    assert!(m(&["*f?r*"]).matches(Some("Nachlauf für Quartalsabschluss")));
    assert!(m(&["紧急?复"]).matches(Some("紧急修复")));
    // A reason's line breaks are text like any other.
    assert!(m(&["first*second"]).matches(Some("first\nsecond")));
    assert!(m(&["first?second"]).matches(Some("first\nsecond")));
}

#[test]
fn the_prefilter_finds_every_entry_the_globs_match() {
    let mut q = Query::all(crate::time::Zone::System);
    q.request = m(&["./orders/*"]);
    assert_eq!(q.prefilter().unwrap().as_str(), r"REQUEST: (?i:\./orders/)");
    q.user = m(&["jdoe", "OPS.*"]);
    assert_eq!(q.prefilter().unwrap().as_str(), r"USER: (?i:jdoe|OPS\.)");
    let re = q.prefilter().unwrap();
    for line in [
        &b"x REQUEST: ./orders/add - USER: jdoe - PARAMS: -"[..],
        b"x REQUEST: ./ORDERS/x - ID: 7 - USER: ops.night - PARAMS: -",
        b"x REQUEST: ./orders/a - USER: Ops.\xfc - PARAMS: -",
    ] {
        assert!(re.is_match(line), "{line:?}");
    }
    assert!(!re.is_match(b"x REQUEST: ./orders/a - USER: jd - PARAMS: -"));
    q.user = m(&["root"]);
    assert_eq!(q.prefilter().unwrap().as_str(), "USER: (?i:root) - ");
    q.user = m(&["*doe"]);
    assert_eq!(q.prefilter().unwrap().as_str(), r"REQUEST: (?i:\./orders/)");
    q.user = m(&["M\u{fffd}ller"]);
    q.request = Matcher::default();
    assert!(q.prefilter().is_none());
}

#[test]
fn the_prefilter_of_grep_is_the_literals_its_matches_start_with() {
    let grep = |patterns: &[&str]| {
        let mut q = Query::all(crate::time::Zone::System);
        q.grep = regexes(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap();
        q.prefilter().map(|re| re.as_str().to_owned())
    };
    assert_eq!(
        grep(&["OPS-79[0-1]{2}"]).as_deref(),
        Some(r"OPS\-7900|OPS\-7901|OPS\-7910|OPS\-7911")
    );
    assert_eq!(
        grep(&["(?i)ok", "ab+c"]).as_deref(),
        // With the Kelvin sign, which folds to k.
        Some("OK|Ok|O\u{212a}|ab|oK|ok|o\u{212a}")
    );
    // Anything that may match anywhere, or on text the bytes do not hold as they are.
    for patterns in [
        &[r"\w+"][..],
        &["x", ".*"],
        &["a?"],
        &["one\ntwo"],
        &["M\u{fffd}ller"],
    ] {
        assert_eq!(grep(patterns), None, "{patterns:?}");
    }
    // --user's literal goes first; --request's after --grep's.
    let mut q = Query::all(crate::time::Zone::System);
    q.grep = regexes(&["OPS-1".to_string()]).unwrap();
    q.request = m(&["./orders/*"]);
    assert_eq!(q.prefilter().unwrap().as_str(), r"OPS\-1");
    q.user = m(&["root"]);
    assert_eq!(q.prefilter().unwrap().as_str(), "USER: (?i:root) - ");
}

#[test]
fn many_long_patterns_work_and_one_too_large_says_so_briefly() {
    let long: Vec<String> = (0..20)
        .map(|i| format!("*{i}{}*", "?".repeat(1000)))
        .collect();
    let many = Matcher::new(&long).unwrap();
    assert!(!many.matches(Some("r1")));
    assert!(many.matches(Some(&format!("x7{}y", "é".repeat(1000)))));
    let huge = "?".repeat(100_000);
    let err = Matcher::new(&[huge]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "invalid pattern \"{}…\": it is too large to match (100000 characters; each `?` \
             counts for many)",
            "?".repeat(40)
        )
    );
}

#[test]
fn a_bad_regex_says_why() {
    let err = regexes(&["(".to_string()]).unwrap_err();
    assert!(matches!(err, QueryError::Regex { ref pattern, .. } if pattern == "("));
}
