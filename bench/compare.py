#!/usr/bin/env python3
"""Times two builds of auditlog on the same log, alternating, reading their output through a
pipe: the medians of each and their ratio. For a change that touches the hot path of reading.

    python3 bench/compare.py BEFORE AFTER LOG [RUNS]
"""
import statistics
import subprocess
import sys
import time

QUERIES = [
    ["list", "--count"],
    ["list", "--user", "jdoe", "--count"],
    ["list", "--oldest-first", "-o", "raw"],
    # References and instants: every entry's stamp read in a zone with daylight saving.
    ["list", "--oldest-first", "-o", "ndjson"],
    ["list", "--user", "jdoe", "-o", "ndjson"],
    ["check"],
]

# A zone with daylight saving, as JOC's logs are written in.
ZONE = "Europe/Berlin"


def timed(binary, log, query):
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "--tz", ZONE, "--file", log] + query,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    while proc.stdout.read(1 << 20):
        pass
    proc.wait()
    return time.perf_counter() - start


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    before, after, log = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    for query in QUERIES:
        times = {before: [], after: []}
        for _ in range(runs):
            for binary in (before, after):
                times[binary].append(timed(binary, log, query))
        b, a = (statistics.median(times[x]) * 1000 for x in (before, after))
        print(f"{' '.join(query):40} before {b:8.1f} ms  after {a:8.1f} ms  {a / b:.3f}x")


if __name__ == "__main__":
    main()
