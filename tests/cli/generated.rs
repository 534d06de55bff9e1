//! The committed completions and man pages are what the program generates now.

use super::*;

#[test]
fn completions_and_man_pages_are_current() {
    let env = Env::new();
    assert_eq!(env.run(&["generate", "--dir", "out"]), ok(""));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["completions", "man"] {
        let mut generated: Vec<_> = fs::read_dir(env.path("out").join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        generated.sort();
        let mut committed: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        committed.sort();
        assert_eq!(generated, committed, "{dir}/: run `cargo run -- generate`");
        for name in generated {
            let now = fs::read_to_string(env.path("out").join(dir).join(&name)).unwrap();
            let then = fs::read_to_string(root.join(dir).join(&name)).unwrap();
            assert!(
                now == then,
                "{dir}/{} is stale: run `cargo run -- generate`",
                name.to_string_lossy()
            );
        }
    }
}
