//! docs/shipping.md against what the shippers send and what Elasticsearch and OpenSearch
//! accept. Vector, Fluent Bit, Elasticsearch and OpenSearch have no Debian package to run here:
//! what each adds to a document, and how it names an index, is taken from their source and
//! documentation (Vector's `src/sources/exec/mod.rs`, which adds `host`, `stream`, `pid` and
//! `command` beside the standard `source_type` and `timestamp`; Fluent Bit's opensearch output
//! with `Logstash_Format On`, which adds `@timestamp` and names the index
//! `PREFIX-DATEFORMAT`, and its `src/flb_strptime.c`, whose `%z` reads `Z`). The recipes'
//! own commands are run for real, and every document is checked against the template field by
//! field, as a `"dynamic": "strict"` mapping checks it.

use serde_json::{Map, Value};

use super::*;

fn doc() -> String {
    fs::read_to_string(root().join("docs/shipping.md")).unwrap()
}

/// The fenced blocks of the section under `heading`, each with its language.
fn blocks(doc: &str, heading: &str) -> Vec<(String, String)> {
    let section = doc
        .split(&format!("\n## {heading}\n"))
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("no section {heading}"));
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .map(|block| {
            let (lang, body) = block.split_once('\n').unwrap();
            (lang.to_owned(), body.to_owned())
        })
        .collect()
}

/// The `Key value` settings of one `[SECTION]` of a Fluent Bit file, in order.
fn ini_section<'a>(text: &'a str, section: &str) -> Vec<(&'a str, &'a str)> {
    text.split('[')
        .filter(|s| s.starts_with(&format!("{section}]")))
        .flat_map(|s| s.lines().skip(1))
        .filter_map(|line| line.trim().split_once(char::is_whitespace))
        .map(|(k, v)| (k, v.trim()))
        .collect()
}

fn setting<'a>(section: &[(&'a str, &'a str)], key: &str) -> &'a str {
    section
        .iter()
        .find(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("no {key} in {section:?}"))
        .1
}

/// Runs a recipe's `auditlog` command on the log at `log`, its paths moved into `env`.
fn recipe_output(env: &Env, argv: &[String], log: &str) -> Vec<Map<String, Value>> {
    let args: Vec<String> = argv[1..]
        .iter()
        .map(|a| {
            a.replace("/var/log/js7/audit.log", log).replace(
                "/var/lib/auditlog/",
                &format!("{}/", env.path("").display()),
            )
        })
        .collect();
    let follows = args.iter().any(|a| a == "-f");
    let mut child = env
        .cmd()
        .args(["--tz", "Europe/Berlin"])
        .args(&args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let wanted = fs::read_to_string(env.path(log)).unwrap().lines().count();
    let mut lines = Vec::new();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    for line in std::io::BufRead::lines(stdout) {
        lines.push(line.unwrap());
        if follows && lines.len() == wanted {
            break;
        }
    }
    let _ = child.kill();
    child.wait().unwrap();
    assert_eq!(lines.len(), wanted, "{args:?}");
    lines
        .iter()
        .map(|l| serde_json::from_str::<Map<String, Value>>(l).unwrap())
        .collect()
}

/// A log with entries that use every key: an ID, a reason, time spent, a ticket, a controller,
/// a stamp with an offset, and the hour repeated when daylight saving ends.
fn every_key_log(env: &Env) -> &'static str {
    let mut text = fs::read_to_string(env.fixture("dst.log")).unwrap();
    text.push_str("2026-10-25T03:20:00,000+01:00 INFO  REQUEST: ./controller/cluster/switchover - ID: 85941 - USER: root - PARAMS: {\"controllerId\":\"testsuite\",\"auditLog\":{\"comment\":\"System maintenance\",\"timeSpent\":5,\"ticketLink\":\"https://t/1\"}} - COMMENT: System maintenance - TIMESPENT: 5m - TICKET: https://t/1\n");
    env.write("audit.log", &text);
    "audit.log"
}

/// Whether `value` is what a field of this mapping accepts.
fn accepts(mapping: &Value, value: &Value) -> bool {
    let rfc3339 = |v: &Value| {
        v.as_str()
            .is_some_and(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok())
    };
    match (mapping["type"].as_str().unwrap(), value) {
        (_, Value::Null) => true,
        ("keyword" | "text", Value::String(_)) => true,
        ("keyword", Value::Array(items)) => items.iter().all(Value::is_string),
        ("long" | "integer", v) => v.is_i64() || v.is_u64(),
        // strict_date_time: yyyy-MM-dd'T'HH:mm:ss.SSSZ, milliseconds and an offset or Z.
        ("date", v) if mapping["format"] == "strict_date_time" => {
            rfc3339(v)
                && v.as_str()
                    .is_some_and(|t| t.len() >= 24 && t.as_bytes()[19] == b'.')
        }
        ("date", v) => rfc3339(v),
        _ => false,
    }
}

/// Checks a document against the template's mapping as Elasticsearch would: every key
/// declared, every value of its type.
fn check(properties: &Map<String, Value>, doc: &Map<String, Value>, who: &str) {
    for (key, value) in doc {
        let mapping = properties
            .get(key)
            .unwrap_or_else(|| panic!("{who} sends `{key}`, which the strict template refuses"));
        assert!(
            accepts(mapping, value),
            "{who}: `{key}` = {value} is not a {mapping}"
        );
    }
}

#[test]
fn the_template_accepts_what_each_recipe_sends_to_the_index_it_names() {
    let doc = doc();
    let template: Value = serde_json::from_str(
        &blocks(&doc, "Mapping for Elasticsearch and OpenSearch")
            .into_iter()
            .find(|(lang, _)| lang == "json")
            .unwrap()
            .1,
    )
    .unwrap();
    let mappings = &template["template"]["mappings"];
    assert_eq!(mappings["dynamic"], "strict");
    let properties = mappings["properties"].as_object().unwrap();
    let patterns: Vec<&str> = template["index_patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let matched = |index: &str| {
        patterns.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => index.starts_with(prefix),
            None => index == *p,
        })
    };
    let env = Env::new();
    let log = every_key_log(&env);

    // Vector: the exec source's command, run; what the source and the remap add; the index.
    let vector: toml::Table = toml::from_str(&blocks(&doc, "Vector")[0].1).unwrap();
    let source = &vector["sources"]["joc_audit"];
    assert_eq!(source["include_stderr"].as_bool(), Some(false));
    let argv: Vec<String> = source["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    let remap = vector["transforms"]["joc_audit_ts"]["source"]
        .as_str()
        .unwrap();
    assert!(remap.contains(".timestamp = parse_timestamp!(.instant, format: \"%+\")"));
    let sink = &vector["sinks"]["opensearch"];
    for sink in ["opensearch", "loki"] {
        assert_eq!(
            vector["sinks"][sink]["buffer"]["type"].as_str(),
            Some("disk")
        );
    }
    let entries = recipe_output(&env, &argv, log);
    assert!(entries.len() >= 7);
    for entry in &entries {
        let mut sent = entry.clone();
        // VRL's parse_timestamp with "%+" is chrono's: the instant as RFC 3339.
        let at = chrono::DateTime::parse_from_str(entry["instant"].as_str().unwrap(), "%+")
            .unwrap()
            .to_utc();
        sent.insert("timestamp".into(), at.to_rfc3339().into());
        sent.insert("doc_id".into(), "0f1e2d".into());
        sent.insert("host".into(), "batch01".into());
        sent.insert("stream".into(), "stdout".into());
        sent.insert("pid".into(), 4242.into());
        sent.insert("command".into(), argv.clone().into());
        sent.insert("source_type".into(), "exec".into());
        check(properties, &sent, "Vector");
        let index = at
            .format(sink["bulk"]["index"].as_str().unwrap())
            .to_string();
        assert!(
            matched(&index),
            "Vector writes to {index}, outside {patterns:?}"
        );
    }

    // Fluent Bit: the exec input's command, run; the parser's time key read as Fluent Bit
    // reads it, the record keeping `created` as written; `@timestamp`; the index.
    let fluent = blocks(&doc, "Fluent Bit");
    let config = &fluent[0].1;
    let parsers = &fluent[1].1;
    let input = ini_section(config, "INPUT");
    assert_eq!(setting(&input, "storage.type"), "filesystem");
    let output = ini_section(config, "OUTPUT");
    let parser = ini_section(parsers, "PARSER");
    assert_eq!(setting(&parser, "Time_Keep"), "On");
    let key = setting(&parser, "Time_Key");
    let format = setting(&parser, "Time_Format")
        .replace("%L", "%3f")
        .replace("%z", "%:z");
    let argv: Vec<String> = setting(&input, "Command")
        .split(' ')
        .map(str::to_owned)
        .collect();
    let records = recipe_output(&env, &argv, log);
    assert_eq!(records.len(), entries.len());
    for record in &records {
        let time = record[key].as_str().unwrap().replace('Z', "+00:00");
        let at = chrono::DateTime::parse_from_str(&time, &format)
            .unwrap_or_else(|e| panic!("{time} against {format}: {e}"))
            .to_utc();
        assert!(record["created"].is_string());
        let mut sent = record.clone();
        sent.insert(
            "@timestamp".into(),
            at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into(),
        );
        check(properties, &sent, "Fluent Bit");
        let index = format!(
            "{}-{}",
            setting(&output, "Logstash_Prefix"),
            at.format(setting(&output, "Logstash_DateFormat"))
        );
        assert!(
            matched(&index),
            "Fluent Bit writes to {index}, outside {patterns:?}"
        );
    }
    // The offset a stamp was written with stays in `created`.
    assert!(
        records
            .iter()
            .any(|r| r["created"] == "2026-10-25T03:20:00.000+01:00")
    );
}
