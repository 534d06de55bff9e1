//! The JSON Schema files in `schemas/` against what the binary writes: every form of entry,
//! execution, report and jobs view the fixtures give, validated by Python's `jsonschema`
//! (Debian's python3-jsonschema), the reference implementation of JSON Schema 2020-12.

use std::io::Write as _;

use super::*;

/// Validates each of `docs` against `schema` (a file of `schemas/`); the errors, one a line,
/// `None` when there is no validator here.
fn validate(schema: &str, docs: &[serde_json::Value]) -> Option<String> {
    const CHECK: &str = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema, format_checker=FormatChecker())
for n, line in enumerate(sys.stdin):
    for error in validator.iter_errors(json.loads(line)):
        print(f"document {n}: {list(error.absolute_path)}: {error.message[:300]}")
"#;
    let path = root().join("schemas").join(schema);
    let mut child = Command::new("python3")
        .args(["-c", CHECK])
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take().unwrap();
    for doc in docs {
        writeln!(stdin, "{doc}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("ModuleNotFoundError") {
        return None;
    }
    assert!(out.status.success(), "{schema}: {stderr}");
    Some(String::from_utf8(out.stdout).unwrap())
}

fn parsed(out: &Out) -> Vec<serde_json::Value> {
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn one(out: &Out) -> serde_json::Value {
    assert_eq!(out.code, 0, "{out:?}");
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn every_output_with_a_schema_is_valid_against_it_and_the_schemas_refuse_what_they_should() {
    let env = Env::new();
    for fixture in [
        "week.log",
        "forms.log",
        "js1.log",
        "dst.log",
        "encoding.log",
        "joc.log",
        "jobs.log",
        "report.log",
    ] {
        env.fixture(fixture);
    }
    let berlin = |args: &[&str]| env.run(&[&["--tz", "Europe/Berlin"][..], args].concat());

    // Entries: every form the fixtures hold, listed, followed, shown and exported.
    let mut entries = Vec::new();
    for fixture in [
        "week.log",
        "forms.log",
        "js1.log",
        "dst.log",
        "encoding.log",
        "joc.log",
    ] {
        entries.extend(parsed(&berlin(&[
            "--file", fixture, "list", "-o", "ndjson",
        ])));
    }
    entries.extend(parsed(&berlin(&[
        "--file", "week.log", "tail", "-n", "5", "-o", "ndjson",
    ])));
    // Stamps with more digits than milliseconds, and offsets, as the reader takes them.
    env.write(
        "digits.log",
        "2026-11-12T03:11:00.123456789-00:30 INFO  REQUEST: ./a - USER: u - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
2026-11-12T03:11:00,5 INFO  REQUEST: ./a - USER: u - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -
",
    );
    let digits = parsed(&berlin(&["--file", "digits.log", "list", "-o", "ndjson"]));
    assert_eq!(
        digits[1]["instant"], "2026-11-12T03:41:00.123456789Z",
        "{digits:?}"
    );
    entries.extend(digits);
    let reference = entries[0]["ref"].as_str().unwrap().to_owned();
    entries.push(one(&berlin(&[
        "--file", "week.log", "show", &reference, "-o", "json",
    ])));
    let exported = berlin(&["--file", "week.log", "export", "week.ndjson"]);
    assert_eq!(exported.code, 0, "{exported:?}");
    entries.extend(
        env.read("week.ndjson")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap()),
    );
    assert!(entries.len() > 60);

    // Executions: listed, and one shown.
    let executions = parsed(&berlin(&[
        "--file",
        "jobs.log",
        "executions",
        "-o",
        "ndjson",
    ]));
    let id = executions[0]["execution_id"].as_str().unwrap().to_owned();
    let mut executions = executions;
    executions.push(one(&berlin(&[
        "--file", "jobs.log", "show", &id, "-o", "json",
    ])));

    // Reports: of entries by every key, with the rest as one group and a trend; of executions
    // with their metrics' trends.
    let keys = "account,request,category,controller,ticket,reason,workflow,folder,day,week,month,hour,weekday";
    let reports = vec![
        one(&berlin(&[
            "--file",
            "report.log",
            "report",
            "--by",
            keys,
            "-o",
            "json",
        ])),
        one(&berlin(&[
            "--file",
            "report.log",
            "report",
            "--by",
            "account",
            "--top",
            "1",
            "--trend",
            "week",
            "-o",
            "json",
        ])),
        one(&berlin(&[
            "--file",
            "jobs.log",
            "report",
            "--executions",
            "--by",
            "job,day",
            "--trend",
            "day",
            "-o",
            "json",
        ])),
    ];
    assert!(
        reports[1]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["other"] == true)
    );

    // The jobs view: configured jobs that ran, missed, never ran, and one seen in the log only.
    env.write(
        "config/jobs.toml",
        "timezone = \"Europe/Berlin\"\n[jobs.archive-spaces]\nschedule = \"0 2 * * *\"\n[jobs.backup]\nschedule = \"0 9 * * *\"\nsince = \"2026-11-01\"\n[jobs.cleanup]\nschedule = \"30 3 * * SUN\"\n",
    );
    let jobs = vec![one(&berlin(&[
        "--config",
        "config/jobs.toml",
        "--file",
        "jobs.log",
        "jobs",
        "-o",
        "json",
    ]))];

    let all = [
        ("entry.schema.json", &entries),
        ("execution.schema.json", &executions),
        ("report.schema.json", &reports),
        ("jobs.schema.json", &jobs),
    ];
    for (schema, docs) in all {
        let Some(errors) = validate(schema, docs) else {
            eprintln!(
                "skipping: Python's jsonschema is not installed (Debian: apt-get install python3-jsonschema)"
            );
            return;
        };
        assert_eq!(errors, "", "{schema}");
    }

    // Each schema can fail: a document with a key removed, one with a key added, and one
    // with a value of the wrong kind are each refused.
    let broken = |doc: &serde_json::Value, key: &str| -> Vec<serde_json::Value> {
        let object = doc.as_object().unwrap();
        let mut without = object.clone();
        without.remove(key);
        let mut with = object.clone();
        with.insert("surplus".into(), 1.into());
        let mut wrong = object.clone();
        wrong.insert(key.into(), serde_json::json!({"not": "this"}));
        [without, with, wrong]
            .map(serde_json::Value::Object)
            .to_vec()
    };
    let job = &jobs[0][0];
    for (schema, docs) in [
        ("entry.schema.json", broken(&entries[0], "instant")),
        ("execution.schema.json", broken(&executions[0], "status")),
        (
            "jobs.schema.json",
            broken(job, "state")
                .into_iter()
                .map(|j| serde_json::json!([j]))
                .collect(),
        ),
        (
            "report.schema.json",
            broken(&reports[0][0], "entries")
                .into_iter()
                .map(|g| serde_json::json!([g]))
                .collect(),
        ),
    ] {
        let errors = validate(schema, &docs).unwrap();
        for n in 0..3 {
            assert!(
                errors.contains(&format!("document {n}:")),
                "{schema} took broken document {n}: {errors}"
            );
        }
    }

    // The schema's categories are the binary's.
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("schemas/entry.schema.json")).unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = auditlog::Category::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        schema["properties"]["category"]["enum"],
        serde_json::json!(names)
    );
}
