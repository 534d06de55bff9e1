use super::*;

fn object(kind: &str, name: &str) -> Touched {
    Touched {
        kind: kind.into(),
        name: name.into(),
        workflow: None,
    }
}

fn order(id: &str, workflow: &str) -> Touched {
    Touched {
        kind: "order".into(),
        name: id.into(),
        workflow: Some(workflow.into()),
    }
}

/// Every type, in both separators, with and without the appender's prefix.
#[test]
fn reads_the_lines_joc_writes() {
    let line = r##"{"id":85943,"objects":[{"workflow":"pdwSequence"},{"order":"#2024-05-06#T142200001-test","workflow":"pdwSequence"},{"schedule":"daily"},{"jobresource":"eMailDefault"},{"workingdayscalendar":"AllDays"},{"lock":"l1"},{"noticeboard":"nb"},{"jobtemplate":"t"},{"fileordersource":"f"},{"includescript":"i"},{"report":"r"},{"documentation":"d"},{"nonworkingdayscalendar":"n"},{"jobclass":"c"}]}"##;
    let read = parse_line(line).unwrap();
    assert_eq!(read.id, 85943);
    assert_eq!(read.stamp, None);
    assert_eq!(
        read.objects,
        [
            object("workflow", "pdwSequence"),
            order("#2024-05-06#T142200001-test", "pdwSequence"),
            object("schedule", "daily"),
            object("jobresource", "eMailDefault"),
            object("workingdayscalendar", "AllDays"),
            object("lock", "l1"),
            object("noticeboard", "nb"),
            object("jobtemplate", "t"),
            object("fileordersource", "f"),
            object("includescript", "i"),
            object("report", "r"),
            object("documentation", "d"),
            object("nonworkingdayscalendar", "n"),
            object("jobclass", "c"),
        ]
    );
    let equals = line.replace("\":", "\"=");
    assert_eq!(parse_line(&equals).unwrap().objects, read.objects);
    for prefix in [
        "2024-05-06T14:22:10,031 INFO  ",
        "2024-05-06 14:22:10,031 [INFO ] ",
        "2024-05-06T14:22:10.031+02:00 INFO ",
    ] {
        let with = parse_line(&format!("{prefix}{line}\r")).unwrap();
        assert_eq!(with.objects, read.objects, "{prefix}");
        assert!(with.stamp.is_some());
    }
    assert_eq!(
        parse_line(r#"{"id":7,"objects":[]}"#).unwrap(),
        ObjectsLine {
            id: 7,
            stamp: None,
            objects: vec![]
        }
    );
}

/// Names are written unescaped: what they hold is read as it is, where the shape allows one
/// reading only.
#[test]
fn names_holding_what_the_shape_uses_are_read_as_written() {
    for name in [
        r#"say "hi""#,
        "a,b",
        "x=y",
        "arr]ay",
        "]}",
        "ünïcødé 😀",
        r#"a"}"#,
        r#"{"workflow":"#,
        r#"back\slash"#,
        "",
    ] {
        let line = format!(r#"{{"id":1,"objects":[{{"schedule":"{name}"}},{{"workflow":"w"}}]}}"#);
        assert_eq!(
            parse_line(&line).unwrap().objects,
            [object("schedule", name), object("workflow", "w")],
            "{line}"
        );
        let line = format!(r#"{{"id":1,"objects":[{{"order":"{name}","workflow":"{name}"}}]}}"#);
        assert_eq!(
            parse_line(&line).unwrap().objects,
            [order(name, name)],
            "{line}"
        );
    }
}

/// The plain reading, where no name holds what separates objects; else the one reading left;
/// a line that reads in two ways, or none, is unreadable: never misread.
#[test]
fn a_line_that_reads_two_ways_or_none_is_unreadable() {
    // Two workflows `a` and `b`, not one named `a"},{"workflow":"b`.
    let two = r#"{"id":1,"objects":[{"workflow":"a"},{"workflow":"b"}]}"#;
    assert_eq!(
        parse_line(two).unwrap().objects,
        [object("workflow", "a"), object("workflow", "b")]
    );
    // Read only one way: a name that holds the separator.
    let one = r#"{"id":1,"objects":[{"workflow":"a"},{"x y"}]}"#;
    assert_eq!(
        parse_line(one).unwrap().objects,
        [object("workflow", r#"a"},{"x y"#)]
    );
    // Read two ways, each with a name that holds the separator.
    let two_ways = r#"{"id":1,"objects":[{"workflow":"a"},{"workflow":"b"},{"x"}]}"#;
    assert_eq!(parse_line(two_ways), Err(Unreadable::Ambiguous));
    // An order's ID holding the joint of its workflow.
    let order = r#"{"id":1,"objects":[{"order":"x","workflow":"y","workflow":"z"}]}"#;
    assert_eq!(parse_line(order), Err(Unreadable::Ambiguous));
    for bad in [
        "",
        "{}",
        r#"{"id":,"objects":[]}"#,
        r#"{"id":1,"objects":[}"#,
        r#"{"id":1,"objects":[{"workflow":"a"}"#,
        r#"{"id":1,"objects":[{"Workflow":"a"}]}"#,
        r#"{"id":1,"objects":[{"workflow":"a"},]}"#,
        r#"{"id":99999999999999999999999,"objects":[]}"#,
        r#"{"id":1:"objects":[]}"#,
        "2024-05-06T14:22:10,031 INFO  REQUEST: ./a - USER: b",
        "2024-05-06T14:22:10,031 info {\"id\":1,\"objects\":[]}",
        r#"{"id":11,"objects":[{"workflow":"x"}]}{"id":12,"objects":[{"workflow":"y"}]}"#,
    ] {
        assert_eq!(parse_line(bad), Err(Unreadable::Shape), "{bad}");
    }
}

/// The line JOC writes for `objects`, with `sep` between keys and values.
fn render(id: u64, objects: &[Touched], sep: char) -> String {
    let items: Vec<String> = objects
        .iter()
        .map(|o| match &o.workflow {
            Some(w) => format!(r#"{{"order"{sep}"{}","workflow"{sep}"{w}"}}"#, o.name),
            None => format!(r#"{{"{}"{sep}"{}"}}"#, o.kind, o.name),
        })
        .collect();
    format!(r#"{{"id"{sep}{id},"objects"{sep}[{}]}}"#, items.join(","))
}

proptest::proptest! {
    /// Names of any characters but the quote (which JS7's names never hold) read back as
    /// written, whatever else they hold.
    #[test]
    fn names_without_quotes_read_back(
        id in 0u64..u64::MAX,
        names in proptest::collection::vec(("[a-z]{1,12}", "[^\"]{0,12}", proptest::option::of("[^\"]{0,8}")), 0..6),
        equals in proptest::bool::ANY,
    ) {
        let objects: Vec<Touched> = names
            .into_iter()
            .map(|(kind, name, workflow)| match workflow {
                Some(w) => order(&name, &w),
                None if kind == "order" => object("workflow", &name),
                None => object(&kind, &name),
            })
            .collect();
        let line = render(id, &objects, if equals { '=' } else { ':' });
        let read = parse_line(&line).unwrap();
        proptest::prop_assert_eq!(read.id, id);
        proptest::prop_assert_eq!(read.objects, objects);
    }

    /// Any text at all: read, or unreadable, never a panic.
    #[test]
    fn any_line_reads_or_is_unreadable(line in r#"(\{"id"[:=][0-9]{1,3},"objects"[:=]\[)?([{}"a-z:=,\]\[]|"\},\{"|","workflow":"){0,40}(\]\})?"#) {
        let _ = parse_line(&line);
    }
}
