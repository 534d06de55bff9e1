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

# The first screen: from starting `auditlog list` on a terminal (a pty, 120 columns, no pager)
# to its header and first 50 rows of newest-first output, on the 1 GB log.
import fcntl
import pty
import struct
import termios


def first_screen(args, rows=50):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(["target/release/auditlog", "--file", "bench-data/audit-1g.log", "--no-pager",
                             "list", *args], stdin=follower, stdout=follower, stderr=follower,
                            env=dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC"))
    os.close(follower)
    seen = 0
    while seen < rows + 1:
        ready, _, _ = select.select([leader], [], [], 10)
        if not ready:
            sys.exit("latency: no first screen within 10 s")
        seen += os.read(leader, 1 << 16).count(b"\n")
    elapsed = (time.perf_counter() - start) * 1000
    proc.kill()
    proc.wait()
    os.close(leader)
    return elapsed


for args in (["--user", "jdoe"], []):
    times = [first_screen(args) for _ in range(RUNS // 2)]
    print(f"first 50 rows of `list {' '.join(args)}` on a terminal: median {statistics.median(times):.1f} ms, "
          f"largest {max(times):.1f} ms")
