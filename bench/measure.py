"""Runs each query and its anchor alternately, RUNS times, page cache warm, and prints the
median wall time of each, their ratio, and the peak resident memory of auditlog.

    python3 bench/measure.py [RUNS] [TEXT]   # TEXT: only the queries whose name holds it"""
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
ONLY = sys.argv[2] if len(sys.argv) > 2 else ""
BIG, SMALL = "bench-data/audit-1g.log", "bench-data/audit-10m.log"
AUDITLOG = "target/release/auditlog"
CACHE = "bench-data/cache"
ENV = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC", XDG_CACHE_HOME=os.path.abspath(CACHE))
ENV.pop("AUDITLOG_CONFIG", None)
RSS = tempfile.NamedTemporaryFile(prefix="auditlog-rss-").name


def run(argv):
    """Wall seconds, peak resident KiB (as GNU time reports it), and the output's digest."""
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", RSS, *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    digest = hashlib.sha256()
    for block in iter(lambda: proc.stdout.read(1 << 16), b""):
        digest.update(block)
    status = proc.wait()
    elapsed = time.perf_counter() - start
    if status not in (0, 1):
        sys.exit(f"measure: {' '.join(argv)} failed")
    with open(RSS) as f:
        rss = int(f.read().split()[-1])
    return elapsed, rss, digest.hexdigest()


def forget_lines():
    shutil.rmtree(CACHE, ignore_errors=True)


def measure(name, ours, anchor, same_output=False, before=None):
    if ONLY not in name:
        return None
    for argv in (ours, anchor):
        if argv:
            run(argv)  # warm the page cache
    times, anchor_times, peak = [], [], 0
    for _ in range(RUNS):
        if before:
            before()
        t, rss, out = run(ours)
        times.append(t)
        peak = max(peak, rss)
        if anchor:
            a, _, anchor_out = run(anchor)
            anchor_times.append(a)
            if same_output and out != anchor_out:
                sys.exit(f"measure: {name}: output differs from {' '.join(anchor)}")
    ours_ms = statistics.median(times) * 1000
    line = f"| {name} | {ours_ms:.1f} ms | "
    if anchor:
        anchor_ms = statistics.median(anchor_times) * 1000
        line += f"{anchor_ms:.1f} ms | {ours_ms / anchor_ms:.3f}× | "
    else:
        line += "— | — | "
    print(line + f"{peak / 1024:.1f} MiB |", flush=True)
    return ours_ms


def auditlog(log, *args):
    return [AUDITLOG, "--file", log, *args]


print(f"{RUNS} runs each; medians. Ratio = auditlog / anchor (below 1 is faster).\n")
print("| query | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
measure(
    "count: --user jdoe --request './orders/*' --time-of-day 09:00-18:00 vs grep -c 'USER: jdoe - '",
    auditlog(BIG, "list", "--user", "jdoe", "--request", "./orders/*", "--time-of-day", "09:00-18:00", "--count"),
    ["grep", "-c", "USER: jdoe - ", BIG],
)
big = measure(
    "--preset last-hour --oldest-first -o raw vs awk '$1 >= s'",
    auditlog(BIG, "list", "--preset", "last-hour", "--oldest-first", "-o", "raw"),
    ["awk", "-v", "s=2026-11-23T11:00:00", "$1 >= s", BIG],
    same_output=True,
)
small = measure(
    "the same on the 10 MB log",
    auditlog(SMALL, "list", "--preset", "last-hour", "--oldest-first", "-o", "raw"),
    ["awk", "-v", "s=2026-11-23T11:00:00", "$1 >= s", SMALL],
    same_output=True,
)
measure(
    "-n 20 --oldest-first -o raw vs tail -n 20",
    auditlog(BIG, "list", "-n", "20", "--oldest-first", "-o", "raw"),
    ["tail", "-n", "20", BIG],
    same_output=True,
)
# An entry in the middle of the file: line 1,450,000.
with open(BIG, "rb") as f:
    f.seek(os.path.getsize(BIG) // 2)
    f.readline()
    stamp = f.readline()[:23].decode()
ref = stamp.replace("-", "").replace(":", "").replace(",", ".")
measure(f"show {ref}, the middle of the file, line numbers not yet remembered",
        auditlog(BIG, "show", ref), None, before=forget_lines)
measure(f"show {ref}, again", auditlog(BIG, "show", ref), None)
measure(f"show {ref} -o json, again", auditlog(BIG, "show", ref, "-o", "json"), None)
if big and small:
    print(f"\nlast hour on 1 GB vs 10 MB: {big / small:.2f}×")

# Printing: each output beside the rg run that prints or counts the same lines, read through a
# pipe as a pager would.
print("\n| printing | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
plain = measure("--user jdoe -o plain", auditlog(BIG, "list", "--user", "jdoe", "-o", "plain"), None)
table = measure("--user jdoe -o table", auditlog(BIG, "list", "--user", "jdoe", "-o", "table"), None)
if table and plain:
    print(f"\ntable / plain: {table / plain:.2f}×\n")
print("| printing | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
measure("--user jdoe --oldest-first -o raw vs rg 'USER: jdoe - '",
        auditlog(BIG, "list", "--user", "jdoe", "--oldest-first", "-o", "raw"),
        ["rg", "USER: jdoe - ", BIG])
measure("--oldest-first -o ndjson vs rg '^'",
        auditlog(BIG, "list", "--oldest-first", "-o", "ndjson"), ["rg", "^", BIG])
measure("--grep 'OPS-79[0-9]{2}' --count vs rg -c",
        auditlog(BIG, "list", "--grep", "OPS-79[0-9]{2}", "--count"), ["rg", "-c", "OPS-79[0-9]{2}", BIG])
measure("--user jdoe --count vs rg -c 'USER: jdoe - '",
        auditlog(BIG, "list", "--user", "jdoe", "--count"), ["rg", "-c", "USER: jdoe - ", BIG])
measure("check vs rg -c '^20'", auditlog(BIG, "check"), ["rg", "-c", "^20", BIG])

# Reports: one pass, beside a count with the same filter.
print("\n| report | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
measure("report --by account vs list --count",
        auditlog(BIG, "report", "--by", "account"), auditlog(BIG, "list", "--count"))
measure("report --by account --user jdoe vs list --count --user jdoe",
        auditlog(BIG, "report", "--by", "account", "--user", "jdoe"),
        auditlog(BIG, "list", "--count", "--user", "jdoe"))
measure("report --by category --trend week vs list --count",
        auditlog(BIG, "report", "--by", "category", "--trend", "week"), auditlog(BIG, "list", "--count"))

# Jobs: every execution paired and matched to schedules, beside the executions listing; on the
# bench log (which holds no executions: the search both share) and on a log of 100,000
# executions of 20 jobs, one every 5 minutes, written here once.
JOBS = "bench-data/jobs-100k.log"
if ONLY in "jobs vs executions" and not os.path.exists(JOBS):
    import datetime
    t = datetime.datetime(2025, 12, 1)
    with open(JOBS + ".tmp", "w") as f:
        for i in range(100_000):
            job, pid = f"job{i % 20:02d}", 10_000 + i
            body = (f'"executionId":"{t:%Y%m%d-%H%M%S}-{i:06x}","job":"{job}","trigger":"scheduled",'
                    f'"host":"batch01","pid":{pid},"command":["/bin/{job}"]')
            stamp = f"{t:%Y-%m-%dT%H:%M:%S},000"
            f.write(f"{stamp} INFO  REQUEST: ./job_executions/start - USER: Scheduled execution - PARAMS: {{{body},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n")
            end = t + datetime.timedelta(seconds=30 + i % 90)
            status = "Failed" if i % 17 == 0 else "Successful"
            f.write(f"{end:%Y-%m-%dT%H:%M:%S},000 INFO  REQUEST: ./job_executions/finish - USER: Scheduled execution - PARAMS: {{{body},\"status\":\"{status}\",\"exitCode\":{int(status == 'Failed')},\"started\":\"{t:%Y-%m-%dT%H:%M:%S}.000\",\"ended\":\"{end:%Y-%m-%dT%H:%M:%S}.000\",\"durationMs\":{(end - t).seconds * 1000},\"metrics\":{{\"Files\":{i % 1000}}},\"auditLog\":{{}}}} - COMMENT: - - TIMESPENT: - - TICKET: -\n")
            t += datetime.timedelta(minutes=5)
    os.rename(JOBS + ".tmp", JOBS)
print("\n| jobs | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
measure("jobs vs executions", auditlog(BIG, "jobs", "-o", "plain"), auditlog(BIG, "executions", "-o", "plain"))
measure("jobs vs executions, 100,000 executions", auditlog(JOBS, "jobs", "-o", "plain"),
        auditlog(JOBS, "executions", "-o", "plain"))

# Sealing: verify recomputes every sealed byte (SHA-256, each line's CRC-32, each entry's stamp)
# of the bench log, beside sha256sum of the same file. The log is linked into a directory of its
# own and sealed there once.
SEALED = "bench-data/sealed"
if ONLY in "verify vs sha256sum" and not os.path.exists(f"{SEALED}/key"):
    shutil.rmtree(SEALED, ignore_errors=True)
    os.makedirs(SEALED)
    os.link(BIG, f"{SEALED}/audit.log")
    with open(f"{SEALED}/key.tmp", "w") as key:
        subprocess.run(auditlog(f"{SEALED}/audit.log", "seal", "init"), stdout=key,
                       stderr=subprocess.DEVNULL, env=ENV, check=True)
    subprocess.run(auditlog(f"{SEALED}/audit.log", "seal", "-q"), env=ENV, check=True)
    os.rename(f"{SEALED}/key.tmp", f"{SEALED}/key")
print("\n| seal | auditlog | anchor | ratio | auditlog peak RSS |")
print("| --- | --- | --- | --- | --- |")
measure("verify vs sha256sum", auditlog(f"{SEALED}/audit.log", "verify", "--key-file", f"{SEALED}/key"),
        ["sha256sum", f"{SEALED}/audit.log"])
# sha256sum (coreutils 9.1 here) does not use the processor's SHA instructions; OpenSSL does, as
# verify does through sha2: the floor of hashing the file.
measure("verify vs openssl dgst -sha256", auditlog(f"{SEALED}/audit.log", "verify", "--key-file", f"{SEALED}/key"),
        ["openssl", "dgst", "-sha256", f"{SEALED}/audit.log"])
