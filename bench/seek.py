#!/usr/bin/env python3
"""Times searches by time on a large log with two builds, alternating, output read through a
pipe: what remembering the stamps of each block costs and saves. Each build has a cache
directory of its own; "warm" runs find the blocks remembered, "cold" runs remove them first.

    python3 bench/seek.py BEFORE AFTER LOG [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = [
    ["list", "--preset", "last-hour", "--oldest-first", "-o", "raw"],
    ["list", "--since", "2026-06-01", "--until", "2026-06-02", "--count"],
    ["list", "--user", "jdoe", "--since", "2026-11-01", "--count"],
]


def timed(binary, log, query, cache):
    env = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC", XDG_CACHE_HOME=cache)
    env.pop("AUDITLOG_CONFIG", None)
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "--file", log] + query, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env)
    digest = b""
    while True:
        block = proc.stdout.read(1 << 20)
        if not block:
            break
        digest = (digest + block)[-4096:]
    proc.wait()
    return time.perf_counter() - start, digest


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    before, after, log = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    caches = {b: tempfile.mkdtemp(prefix="auditlog-seek-") for b in (before, after)}
    try:
        for mode in ("warm", "cold"):
            for query in QUERIES:
                times = {before: [], after: []}
                outputs = {}
                for binary in (before, after):
                    timed(binary, log, query, caches[binary])  # page cache, and the index
                for _ in range(runs):
                    for binary in (before, after):
                        if mode == "cold":
                            shutil.rmtree(caches[binary], ignore_errors=True)
                        t, out = timed(binary, log, query, caches[binary])
                        times[binary].append(t)
                        outputs[binary] = out
                b, a = (statistics.median(times[x]) * 1000 for x in (before, after))
                same = "same output" if outputs[before] == outputs[after] else "OUTPUT DIFFERS"
                print(f"{mode} {' '.join(query):58} before {b:8.1f} ms  after {a:8.1f} ms  "
                      f"{a / b:6.3f}x  {same}")
    finally:
        for cache in caches.values():
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
