"""`export DIR --format parquet` of every entry of the 1 GB bench log, beside its anchor
`list --oldest-first -o ndjson` read through a pipe, alternating, RUNS times; medians of the
wall time, the export's peak resident memory, and the dataset's size against the log's.

    python3 bench/parquet.py [RUNS]"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
BIG = os.path.abspath("bench-data/audit-1g.log")
AUDITLOG = os.path.abspath("target/release/auditlog")
ENV = dict(os.environ, TZ="UTC", XDG_CACHE_HOME=os.path.abspath("bench-data/cache"))
ENV.pop("AUDITLOG_CONFIG", None)


def timed(argv, **kw):
    started = time.perf_counter()
    subprocess.run(argv, env=ENV, check=True, **kw)
    return time.perf_counter() - started


def size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


exports, lists, peaks, sizes, parts = [], [], [], [], []
with tempfile.TemporaryDirectory(dir="bench-data") as tmp:
    for _ in range(RUNS):
        lake, rss = f"{tmp}/lake", f"{tmp}/rss"
        shutil.rmtree(lake, ignore_errors=True)
        exports.append(timed(["/usr/bin/time", "-f", "%M", "-o", rss, AUDITLOG, "--file", BIG,
                              "export", lake, "--format", "parquet", "--quiet"]))
        peaks.append(int(open(rss).read().split()[-1]) / 1024)
        sizes.append(size(lake))
        parts.append(sum(len(fs) for _, _, fs in os.walk(lake)))
        lists.append(timed(["sh", "-c", f"{AUDITLOG} --file {BIG} list --oldest-first -o ndjson | cat > /dev/null"]))
med = statistics.median
print(f"{RUNS} runs, alternating; medians.\n")
print("| measure | value | anchor | ratio |")
print("| --- | --- | --- | --- |")
print(f"| export --format parquet, every entry | {med(exports):.2f} s | list --oldest-first -o ndjson to a pipe: {med(lists):.2f} s | {med(exports) / med(lists):.2f}× |")
print(f"| dataset size ({med(parts):.0f} parts) | {med(sizes) / 2**20:.0f} MiB | the log: {os.path.getsize(BIG) / 2**20:.0f} MiB | {med(sizes) / os.path.getsize(BIG):.1%} |")
print(f"| peak RSS of the export | {med(peaks):.1f} MiB | — | — |")
