"""Export speed and memory: auditlog export to .xlsx beside the script an archivist writes
today (py-export-xlsx: Python's XlsxWriter in constant-memory mode), in the same run, and
auditlog's peak memory at 10,000 and 1,000,000 entries."""
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
ENV = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC")
RSS = tempfile.NamedTemporaryFile(prefix="auditlog-rss-").name
OUT = tempfile.mkdtemp(prefix="auditlog-export-")


def run(argv):
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", RSS, *argv], env=ENV,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"export: {' '.join(argv)} failed")
    with open(RSS) as f:
        return elapsed, int(f.read().split()[-1]) / 1024


def median(argv):
    runs = [run(argv) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def ours(log, out):
    return ["target/release/auditlog", "--file", log, "export", out, "--force", "--quiet"]


log = "bench-data/audit-200k.log"
mine, mine_mem = median(ours(log, f"{OUT}/a.xlsx"))
theirs, theirs_mem = median([sys.executable, "bench/py-export-xlsx", log, f"{OUT}/p.xlsx"])
print(f"| export 200,000 entries to .xlsx | {mine * 1000:.0f} ms | py-export-xlsx | {theirs * 1000:.0f} ms "
      f"| {theirs / mine:.1f}× faster | {mine_mem:.1f} MiB (Python: {theirs_mem:.1f} MiB) |")
small = median(ours("bench-data/audit-10k.log", f"{OUT}/s.xlsx"))
large = median(ours("bench-data/audit-1m.log", f"{OUT}/l.xlsx"))
print(f"| peak memory, 10,000 entries | {small[1]:.1f} MiB ({small[0] * 1000:.0f} ms) |")
print(f"| peak memory, 1,000,000 entries | {large[1]:.1f} MiB ({large[0] * 1000:.0f} ms): {large[1] / small[1]:.2f}× |")
both = median(["target/release/auditlog", "--file", "bench-data/audit-1m.log", "--file", log, "export",
               f"{OUT}/m.xlsx", "--force", "--quiet"])
print(f"| peak memory, two logs merged (1,200,000 entries) | {both[1]:.1f} MiB ({both[0] * 1000:.0f} ms) |")
