//! A summary holds every value a query can find in a body: the quick read of bodies without
//! escapes finds all that the parsed body gives, whatever the body.

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::named_in;
use crate::entry::{controller_of, workflows_of};

/// Keys that name something, others, and text with what JSON must escape.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "controllerId",
            "controllerIds",
            "jobschedulerId",
            "workflowPath",
            "orders",
            "x",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z\"\\\\ ]{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z/]{0,8}",
        "[a-z\"\\\\\n\u{1}ü ]{0,6}",
        proptest::sample::select(vec!["controllerId", "\"workflowPath\":\"x\""])
            .prop_map(str::to_owned),
    ]
}

fn body() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// What the quick read finds of a body written compactly or pretty, as a summary takes it.
fn found(written: &str) -> (Vec<String>, Vec<String>) {
    let (mut controllers, mut workflows) = (Vec::new(), Vec::new());
    named_in(written, &mut |v| controllers.push(v.to_owned()), &mut |v| {
        workflows.push(v.to_owned())
    });
    (controllers, workflows)
}

proptest! {
    #[test]
    fn the_quick_read_finds_all_a_parsed_body_names(body in body(), pretty in any::<bool>()) {
        let written = if pretty {
            serde_json::to_string_pretty(&body).unwrap()
        } else {
            serde_json::to_string(&body).unwrap()
        };
        // Bodies with an escape are parsed instead.
        prop_assume!(!written.contains('\\'));
        let parsed: Value = serde_json::from_str(&written).unwrap();
        let (controllers, workflows) = found(&written);
        if let Some(controller) = controller_of(&parsed) {
            prop_assert!(controllers.contains(&controller), "{controller:?} in {written}");
        }
        for workflow in workflows_of(&parsed) {
            prop_assert!(workflows.contains(&workflow), "{workflow:?} in {written}");
        }
    }
}

#[test]
fn the_quick_read_takes_json_as_joc_writes_it_and_with_space() {
    let body = r#"{"controllerIds" : [ "prod", "test"], "orders":[{"workflowPath":"/a/b"},{"workflowPath" :"/c"}],"x":"workflowPath"}"#;
    assert_eq!(
        found(body),
        (
            vec!["prod".to_owned()],
            vec!["/a/b".to_owned(), "/c".to_owned()]
        )
    );
}
