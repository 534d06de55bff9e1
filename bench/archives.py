#!/usr/bin/env python3
"""Queries over a year of daily gzip members, beside their anchors in the same run.

Makes the year once (bench-data/year/): the 1 GB bench log split by day into one gzip member
each (gzip -1, named as JOC rotates them, audit-YYYY-MM-DD-1.log.gz), the last day the live
audit.log. Then times each query and its anchor alternately, reading their output through a
pipe, and prints medians and ratios. "summaries built" runs with a cache that `auditlog index`
filled; "no cache" runs without one (no HOME, no XDG_CACHE_HOME), where every member is read.

    python3 bench/archives.py BINARY [RUNS]
"""
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCE = os.path.join(ROOT, "bench-data", "audit-1g.log")
YEAR = os.path.join(ROOT, "bench-data", "year")
LOG = os.path.join(YEAR, "audit.log")
JUNE = ["--since", "2026-06-01", "--until", "2026-06-30"]


def make_year():
    """The 1 GB log split by day, each day but the last a gzip member."""
    if os.path.exists(LOG):
        return
    tmp = YEAR + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    day, out = None, None
    with open(SOURCE, "rb") as src:
        for line in src:
            # Every line of the bench log begins with its stamp.
            if line[:10] != day:
                if out:
                    out.close()
                day = line[:10]
                name = "audit-%s-1.log.gz" % day.decode()
                out = gzip.open(os.path.join(tmp, name), "wb", compresslevel=1)
            out.write(line)
    out.close()
    # The last day is the log itself, not yet rotated.
    last = os.path.join(tmp, "audit-%s-1.log.gz" % day.decode())
    with gzip.open(last, "rb") as src, open(os.path.join(tmp, "audit.log"), "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.remove(last)
    os.rename(tmp, YEAR)


def members():
    return sorted(
        os.path.join(YEAR, n) for n in os.listdir(YEAR) if n.endswith(".log.gz")
    )


def timed(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    while proc.stdout.read(1 << 20):
        pass
    proc.wait()
    return time.perf_counter() - start


def env_with(cache):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TZ": "UTC"}
    if cache:
        env["XDG_CACHE_HOME"] = cache
    return env


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    make_year()
    gz = members()
    cache = tempfile.mkdtemp(prefix="auditlog-bench-cache-")
    base = [binary, "--tz", "UTC", "--file", LOG, "--rotated"]
    rg = ["rg", "-z", "-c", "--no-filename"]

    # Building the summaries, and a first query that makes them on its way, each from an empty
    # cache, against a plain count of every entry without one, alternating in one loop.
    build, first, count = [], [], []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        os.makedirs(cache)
        build.append(timed(base + ["index"], env_with(cache)))
        shutil.rmtree(cache, ignore_errors=True)
        os.makedirs(cache)
        first.append(timed(base + ["list", "--count"], env_with(cache)))
        count.append(timed(base + ["list", "--count"], env_with(None)))
    rows = [
        ("building the summaries (index)", "--rotated list --count, no cache", build, count),
        ("list --count, summaries made on the way", "the same, no cache", first, count),
    ]
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache)
    timed(base + ["index"], env_with(cache))

    pairs = [
        (
            "--user li.wei " + " ".join(JUNE) + " --count (summaries built)",
            "the same without --since/--until, no cache",
            (base + ["list", "--user", "li.wei"] + JUNE + ["--count"], cache),
            (base + ["list", "--user", "li.wei", "--count"], None),
        ),
        (
            "--ticket '*OPS-7912*' --count (summaries built)",
            "rg -z -c 'OPS-7912'",
            (base + ["list", "--ticket", "*OPS-7912*", "--count"], cache),
            (rg + ["OPS-7912"] + gz + [LOG], None),
        ),
        (
            "--user nobody-here --count (summaries built)",
            "rg -z -c 'USER: nobody-here'",
            (base + ["list", "--user", "nobody-here", "--count"], cache),
            (rg + ["USER: nobody-here"] + gz + [LOG], None),
        ),
        (
            "report --by account " + " ".join(JUNE) + " (summaries built)",
            "the same without the window, no cache",
            (base + ["report", "--by", "account"] + JUNE, cache),
            (base + ["report", "--by", "account"], None),
        ),
        (
            "--user li.wei " + " ".join(JUNE) + " --count (no cache: every member read)",
            "the same without --since/--until, no cache",
            (base + ["list", "--user", "li.wei"] + JUNE + ["--count"], None),
            (base + ["list", "--user", "li.wei", "--count"], None),
        ),
    ]
    for name, anchor, (argv, c), (anchor_argv, anchor_cache) in pairs:
        mine, theirs = [], []
        for _ in range(runs):
            mine.append(timed(argv, env_with(c)))
            theirs.append(timed(anchor_argv, env_with(anchor_cache)))
        rows.append((name, anchor, mine, theirs))

    print(f"{len(gz)} gzip members, {sum(os.path.getsize(m) for m in gz) / 1e6:.0f} MB, "
          f"and the log; medians of {runs} runs")
    print(f"| query | anchor | auditlog | anchor | ratio |")
    print(f"| --- | --- | ---: | ---: | ---: |")
    for name, anchor, mine, theirs in rows:
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"| `{name}` | {anchor} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {a / b:.3f}x |")
    kept = os.path.join(cache, "auditlog", "members")
    size = sum(os.path.getsize(os.path.join(kept, n)) for n in os.listdir(kept))
    compressed = sum(os.path.getsize(m) for m in gz)
    print(f"\nthe cache for the year: {size / 1e6:.2f} MB, "
          f"{100 * size / compressed:.2f}% of the compressed members")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
