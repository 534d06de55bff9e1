"""The time from an entry's append to `auditlog tail -f` printing it: a fresh log, RUNS appends
half a second apart, the median and the largest."""
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
ENTRY = "2026-11-23T12:00:00,{:03d} INFO  REQUEST: ./orders/add - USER: root - PARAMS: - - COMMENT: - - TIMESPENT: - - TICKET: -\n"

with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "audit.log")
    open(log, "w").close()
    env = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", XDG_CACHE_HOME=tmp)
    tail = subprocess.Popen(["target/release/auditlog", "--file", log, "tail", "-f", "-n", "0", "-o", "raw"],
                            stdout=subprocess.PIPE, env=env)
    time.sleep(0.5)
    if tail.poll() is not None:
        sys.exit("latency: auditlog tail -f ended at once")
    delays = []
    for i in range(RUNS):
        with open(log, "a") as f:
            start = time.perf_counter()
            f.write(ENTRY.format(i % 1000))
        ready, _, _ = select.select([tail.stdout], [], [], 10)
        if not ready:
            sys.exit("latency: no output within 10 s")
        if not tail.stdout.readline():
            sys.exit("latency: auditlog tail -f ended")
        delays.append((time.perf_counter() - start) * 1000)
        time.sleep(0.5)
    tail.terminate()
    tail.wait()
print(f"tail -f latency over {RUNS} appends: median {statistics.median(delays):.1f} ms, "
      f"largest {max(delays):.1f} ms")
