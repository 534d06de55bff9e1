//! Throughput of the format core on the bundled sample log: cutting bytes into entries, and
//! reading entries whole or head first. Run with `cargo bench`.

use std::hint::black_box;
use std::path::Path;

use auditlog::format::{entry_text, parse_head, parse_view};
use auditlog::scan::Framer;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn sample() -> Vec<u8> {
    let path =
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures/sample/audit.log");
    std::fs::read(path).expect("the sample log is part of the repository")
}

fn frames(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|&b| b == b'\n').collect()
}

fn benches(c: &mut Criterion) {
    let data = sample();
    let lines = frames(&data);
    let mut group = c.benchmark_group("sample log");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("frame", |b| {
        b.iter(|| {
            let mut framer = Framer::new(black_box(&data[..]));
            let mut n = 0;
            while let Some(span) = framer.next_span().unwrap() {
                n += span.lines;
            }
            n
        })
    });
    group.bench_function("parse whole entries", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|line| parse_view(&entry_text(black_box(line))).is_ok())
                .count()
        })
    });
    group.bench_function("parse heads", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|line| parse_head(&entry_text(black_box(line))).is_ok())
                .count()
        })
    });
    group.finish();
}

criterion_group!(parse, benches);
criterion_main!(parse);
