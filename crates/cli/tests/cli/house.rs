//! The house rules of the source, held as the code grows: the library and the binary live
//! apart, the library knows no command line and output imports nothing from it; no module and
//! no folder imports one that imports it back (directly or round a circle); no command imports
//! another; no function is long, and no file is; each type name means one thing across both
//! crates; ARCHITECTURE.md names every module.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// The crates, by the name their modules are keyed under, and their folder.
const CRATES: [(&str, &str); 2] = [("lib", "crates/auditlog"), ("bin", "crates/cli")];

/// Every `.rs` file of both crates, by module path with the crate it is of (`lib` or `bin`)
/// first: `lib::scan::chunks`, `bin::cmd::list`.
fn modules() -> BTreeMap<Vec<String>, String> {
    let mut found = BTreeMap::new();
    for (crate_name, folder) in CRATES {
        let src = root().join(folder).join("src");
        let mut dirs = vec![src.clone()];
        while let Some(dir) = dirs.pop() {
            for item in fs::read_dir(&dir).unwrap() {
                let path = item.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if matches!(parts.as_slice(), [p] if p == "main" || p == "lib") {
                    parts.clear();
                }
                parts.insert(0, crate_name.to_owned());
                found.insert(parts, fs::read_to_string(&path).unwrap());
            }
        }
    }
    found
}

/// The paths a file names from its own crate, `use` trees expanded: `crate::a::b`,
/// `super::c`, `self::d`.
fn paths(text: &str) -> Vec<String> {
    // Unit tests at the end of a file may import what they like.
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        let Some(tree) = line
            .strip_prefix("use ")
            .or_else(|| line.strip_prefix("pub use "))
            .or_else(|| line.strip_prefix("pub(super) use "))
            .or_else(|| line.strip_prefix("pub(crate) use "))
        else {
            continue;
        };
        let mut tree = tree.to_owned();
        while !tree.contains(';') {
            let Some(more) = lines.next() else { break };
            tree.push_str(more);
        }
        expand("", tree.trim_end_matches(';'), &mut out);
    }
    // Paths in the code; a comment's links name no dependency.
    let code = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
        if word.starts_with("crate::") || word.starts_with("super::") {
            out.push(word.trim_end_matches(':').to_owned());
        }
    }
    out.retain(|p| p.starts_with("crate") || p.starts_with("super") || p.starts_with("self"));
    out
}

/// A `use` tree as the paths it names.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let name = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(format!("{prefix}{name}"));
        return;
    };
    let head = format!("{prefix}{}", &tree[..open]);
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&head, &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand(&head, &inner[start..], out);
}

/// The module a path from module `at` leads to: the deepest module it names.
fn resolve(at: &[String], path: &str, known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut parts = path.split("::").filter(|p| !p.is_empty());
    let mut module: Vec<String> = match parts.next()? {
        "crate" => at[..1].to_vec(),
        "self" => at.to_vec(),
        "super" => at[..at.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    for part in parts {
        if part == "super" {
            module.pop();
            continue;
        }
        let mut deeper = module.clone();
        deeper.push(part.to_owned());
        if !known.contains(&deeper) {
            break;
        }
        module = deeper;
    }
    Some(module)
}

/// Who imports whom: each module (tests aside) and the modules of its crate it names.
fn imports(
    modules: &BTreeMap<Vec<String>, String>,
) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let known: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in modules {
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        for path in paths(text) {
            if let Some(target) = resolve(module, &path, &known)
                && &target != module
                && !(target.starts_with(module) && module.len() == 1)
            {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// The nodes that reach themselves, each with what it imports.
fn circles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut found = Vec::new();
    for (start, targets) in edges {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Vec<String>> = targets.iter().collect();
        while let Some(next) = stack.pop() {
            if next == start {
                let to: Vec<String> = targets.iter().map(|t| t.join("::")).collect();
                found.push(format!("{} -> {}", start.join("::"), to.join(", ")));
                break;
            }
            if seen.insert(next) {
                stack.extend(edges.get(next).into_iter().flatten());
            }
        }
    }
    found
}

#[test]
fn no_module_and_no_folder_imports_one_that_imports_it_back() {
    let edges = imports(&modules());
    assert!(edges.len() > 20, "the graph was read: {edges:?}");
    let deepest = edges.keys().map(Vec::len).max().unwrap();
    // At each depth, a module stands for the folder it is in there (`lib::scan::ranges::x`
    // for `lib::scan` at depth 2): folders that import each other round a circle are found
    // even when their files do not. The deepest is the files themselves.
    for depth in 2..=deepest {
        let at = |module: &Vec<String>| module[..depth.min(module.len())].to_vec();
        let mut folded: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (from, targets) in &edges {
            for target in targets {
                if at(from) != at(target) {
                    folded.entry(at(from)).or_default().insert(at(target));
                }
            }
        }
        let found = circles(&folded);
        assert!(
            found.is_empty(),
            "modules in a circle, as folders {depth} deep:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn no_command_imports_another() {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    for (module, text) in &modules {
        if module.len() != 3 || module[1] != "cmd" {
            continue;
        }
        for path in paths(text) {
            let target = resolve(module, &path, &known).unwrap();
            assert!(
                target.len() < 2 || target[1] != "cmd" || &target == module,
                "{} imports {}",
                module.join("::"),
                target.join("::")
            );
        }
    }
}

/// Functions that may be longer than 80 lines: flat `match`es that only map cases to text.
const LONG_BY_RIGHT: [&str; 1] = [
    // Each problem verifying can find, said.
    "lib::seal::verify::problem::fmt",
];

/// The functions of a file, tests aside: each one's first line and length in lines.
fn functions(text: &str) -> Vec<(String, usize)> {
    // Unit tests at the end of a file are tests.
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (from, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let head = ["pub(crate) ", "pub(super) ", "pub ", "const ", "async "]
            .iter()
            .fold(code, |rest, word| rest.strip_prefix(word).unwrap_or(rest));
        if !head.starts_with("fn ") {
            continue;
        }
        // A function ends at the first line that closes it at its own indent; a declaration
        // without a body ends where it is.
        let close = format!("{}}}", &line[..line.len() - code.len()]);
        let Some(length) = lines[from..].iter().position(|l| *l == close) else {
            continue;
        };
        let declared = lines[from..=from + length]
            .iter()
            .any(|l| l.trim_end().ends_with(';') && !l.contains('{'))
            && !lines[from..=from + length].iter().any(|l| l.contains('{'));
        if !declared {
            found.push((code.to_owned(), length + 1));
        }
    }
    found
}

/// Whether a module is there for tests only: `tests`, or declared under `#[cfg(test)]`.
fn test_only(module: &[String], modules: &BTreeMap<Vec<String>, String>) -> bool {
    let Some((name, parent)) = module.split_last() else {
        return false;
    };
    name == "tests"
        || modules.get(parent).is_some_and(|text| {
            let lines: Vec<&str> = text.lines().map(str::trim).collect();
            lines.windows(2).any(|w| {
                w[0] == "#[cfg(test)]"
                    && w[1]
                        .trim_start_matches("pub(crate) ")
                        .trim_start_matches("pub ")
                        == format!("mod {name};")
            })
        })
}

#[test]
fn no_file_and_no_function_is_long() {
    let mut long = Vec::new();
    let mut read = 0;
    let modules = modules();
    for (module, text) in &modules {
        let lines = text.lines().count();
        if lines > 500 {
            long.push(format!("{} has {lines} lines", module.join("::")));
        }
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        if test_only(module, &modules) {
            continue;
        }
        for (head, length) in functions(text) {
            read += 1;
            let name = head.split("fn ").nth(1).unwrap_or_default();
            let name = name.split(['(', '<']).next().unwrap_or_default();
            let named = format!("{}::{name}", module.join("::"));
            if length > 80 && !LONG_BY_RIGHT.contains(&named.as_str()) {
                long.push(format!("{named}: `{head}` has {length} lines"));
            }
        }
    }
    assert!(read > 500, "the functions were read: {read}");
    assert!(long.is_empty(), "too long:\n{}", long.join("\n"));
}

#[test]
fn the_library_knows_no_command_line_and_not_the_binary() {
    let manifest = fs::read_to_string(root().join("crates/auditlog/Cargo.toml")).unwrap();
    let depends: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.split_once(['=', '.']).map(|(name, _)| name.trim()))
        .collect();
    assert!(
        depends.contains(&"chrono"),
        "the manifest was read: {depends:?}"
    );
    for name in ["clap", "clap_complete", "clap_mangen", "auditlog-cli"] {
        assert!(!depends.contains(&name), "the library depends on {name}");
    }
    for (module, text) in modules() {
        if module[0] == "lib" {
            assert!(
                !text.contains("clap::") && !text.contains("auditlog_cli"),
                "{} names clap or the binary",
                module.join("::")
            );
        }
    }
}

#[test]
fn the_library_never_prints_and_never_reads_the_clock() {
    let forbidden = [
        "print!(",
        "println!(",
        "eprint!(",
        "eprintln!(",
        "io::stdout(",
        "io::stderr(",
        "Local::now(",
        "Utc::now(",
        "SystemTime::now(",
    ];
    let mut found = Vec::new();
    let mut read = 0;
    for (module, text) in modules() {
        if module[0] != "lib" || module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        read += 1;
        // Unit tests at the end of a file may do as they like.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if forbidden.iter().any(|word| line.contains(word)) {
                found.push(format!(
                    "{}:{}: {}",
                    module.join("::"),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(read > 20, "the library was read: {read} modules");
    assert!(
        found.is_empty(),
        "the library prints or reads the clock:\n{}",
        found.join("\n")
    );
}

#[test]
fn each_type_name_means_one_thing_across_both_crates() {
    let modules = modules();
    let mut declared: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (module, text) in &modules {
        if test_only(module, &modules) {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code.lines() {
            // Items at any depth but associated types, which a trait names.
            let item = ["pub(crate) ", "pub(super) ", "pub "]
                .iter()
                .fold(line.trim_start(), |rest, word| {
                    rest.strip_prefix(word).unwrap_or(rest)
                });
            let associated = line.starts_with(' ') && item.starts_with("type ");
            let name = ["struct ", "enum ", "trait ", "type "]
                .iter()
                .find_map(|kind| item.strip_prefix(kind))
                .filter(|_| !associated)
                .and_then(|rest| {
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                });
            if let Some(name) = name.filter(|n| n.starts_with(char::is_uppercase)) {
                declared
                    .entry(name.to_owned())
                    .or_default()
                    .push(module.join("::"));
            }
        }
    }
    assert!(
        declared.len() > 100,
        "the types were read: {}",
        declared.len()
    );
    let twice: Vec<String> = declared
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(name, at)| format!("{name}: {}", at.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "names declared twice:\n{}",
        twice.join("\n")
    );
}

#[test]
fn output_knows_no_command_line() {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let mut read = 0;
    for (module, text) in &modules {
        if module.len() < 2 || module[..2] != ["bin", "output"] {
            continue;
        }
        read += 1;
        for path in paths(text) {
            let target = resolve(module, &path, &known).unwrap();
            assert!(
                target.len() < 2 || target[1] != "cli",
                "{} imports {}: output takes its own enums, and the clap structs convert into them",
                module.join("::"),
                target.join("::")
            );
        }
    }
    assert!(read > 10, "output was read: {read} modules");
}

/// The module paths a part of ARCHITECTURE.md names in backticks, braces expanded:
/// `output/{plain,json}` names `output/plain` and `output/json`.
fn named(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, quoted) in text.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        match (quoted.find('{'), quoted.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                for one in quoted[open + 1..close].split(',') {
                    names.insert(format!("{}{one}{}", &quoted[..open], &quoted[close + 1..]));
                }
            }
            _ => {
                names.insert(quoted.to_owned());
            }
        }
    }
    names
}

#[test]
fn the_architecture_names_every_module() {
    let text = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let library = text.split("### Library").nth(1).unwrap();
    let (library, binary) = library.split_once("### Binary").unwrap();
    let binary = binary.split("## Invariants").next().unwrap();
    let (library, binary) = (named(library), named(binary));
    let mut missing = Vec::new();
    let modules = modules();
    for module in modules.keys() {
        if module.iter().any(|m| m == "tests") {
            continue;
        }
        let (crate_name, path) = module.split_first().unwrap();
        let (names, root_name) = match crate_name.as_str() {
            "lib" => (&library, "lib"),
            _ => (&binary, "main"),
        };
        let path = match path.join("/") {
            p if p.is_empty() => root_name.to_owned(),
            p => p,
        };
        if !names.contains(&path) {
            missing.push(format!("{crate_name}: {path}"));
        }
    }
    assert!(
        modules.len() > 100,
        "the modules were read: {}",
        modules.len()
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name:\n{}",
        missing.join("\n")
    );
}
