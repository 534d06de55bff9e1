//! The house rules of the source, held as the code grows: no module imports one that imports
//! it back (directly or round a circle), no command imports another, no function of a command
//! is long, and no file is.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Every `.rs` file under `src/`, by module path: `scan::chunks`, with the crate it is of
/// (`lib` or `bin`) first.
fn modules() -> BTreeMap<Vec<String>, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let main = fs::read_to_string(src.join("main.rs")).unwrap();
    let bin: BTreeSet<String> = main
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_owned)
        .collect();
    let mut found = BTreeMap::new();
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
            let crate_name = match parts.first().map(String::as_str) {
                Some("main") => "bin",
                Some("lib") => "lib",
                Some(first) if bin.contains(first) => "bin",
                _ => "lib",
            };
            if matches!(parts.as_slice(), [p] if p == "main" || p == "lib") {
                parts.clear();
            }
            parts.insert(0, crate_name.to_owned());
            found.insert(parts, fs::read_to_string(&path).unwrap());
        }
    }
    found
}

/// The paths a file names from its own crate, `use` trees expanded: `crate::a::b`,
/// `super::c`, `self::d`.
fn paths(text: &str) -> Vec<String> {
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

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = modules();
    let known: BTreeSet<Vec<String>> = modules.keys().cloned().collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &modules {
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
    // A circle is a module that reaches itself.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<Vec<String>> = edges[start].iter().cloned().collect();
        while let Some(next) = stack.pop() {
            if &next == start {
                circles.push(start.join("::"));
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
    }
    let shown: Vec<String> = edges
        .iter()
        .filter(|(from, _)| circles.contains(&from.join("::")))
        .map(|(from, to)| {
            let to: Vec<String> = to.iter().map(|t| t.join("::")).collect();
            format!("{} -> {}", from.join("::"), to.join(", "))
        })
        .collect();
    assert!(
        circles.is_empty(),
        "modules in a circle:\n{}",
        shown.join("\n")
    );
    assert!(edges.len() > 20, "the graph was read: {edges:?}");
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

#[test]
fn no_file_and_no_function_of_a_command_is_long() {
    for (module, text) in modules() {
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.len() <= 500,
            "{} has {} lines",
            module.join("::"),
            lines.len()
        );
        if module.len() != 3 || module[1] != "cmd" {
            continue;
        }
        // A function ends at the first line that closes it at its own indent.
        for (from, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            if !(code.starts_with("fn ") || code.starts_with("pub fn ")) {
                continue;
            }
            let close = format!("{}}}", &line[..line.len() - code.len()]);
            let length = lines[from..].iter().position(|l| *l == close).unwrap() + 1;
            assert!(
                length <= 80,
                "{}: `{code}` has {length} lines",
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
