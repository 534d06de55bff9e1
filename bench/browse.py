"""browse on the 1 GB bench log, in a real terminal (tmux, 120x40): how long until the newest
entries show, and the peak resident memory after End and 300 PageUps, beside `list -n 37` (the
same entries, printed). RUNS times each; medians.

    python3 bench/browse.py [RUNS]"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
BIG = os.path.abspath("bench-data/audit-1g.log")
AUDITLOG = os.path.abspath("target/release/auditlog")
ENV = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC")


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, env=ENV).stdout


def wait(sock, text, timeout=120):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in tmux(sock, "capture-pane", "-p", "-t", "0"):
            return time.perf_counter() - start
        time.sleep(0.005)
    sys.exit(f"browse: {text!r} never showed")


def one_run():
    with tempfile.TemporaryDirectory() as tmp:
        sock, rss = f"{tmp}/sock", f"{tmp}/rss"
        command = f"/usr/bin/time -f %M -o {rss} {AUDITLOG} --file {BIG} browse; sleep 60"
        started = time.perf_counter()
        tmux(sock, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", command)
        wait(sock, "q quit")
        opened = time.perf_counter() - started
        tmux(sock, "send-keys", "-t", "0", "End")
        wait(sock, "(oldest)")
        for _ in range(300):
            tmux(sock, "send-keys", "-t", "0", "PageUp")
        time.sleep(1)
        tmux(sock, "send-keys", "-t", "0", "q")
        while not os.path.exists(rss) or not open(rss).read().strip():
            time.sleep(0.05)
        peak = int(open(rss).read().split()[-1])
        tmux(sock, "kill-server")
        return opened, peak


def list_run():
    start = time.perf_counter()
    subprocess.run([AUDITLOG, "--file", BIG, "list", "-n", "37", "-o", "plain"],
                   stdout=subprocess.PIPE, env=ENV, check=True)
    return time.perf_counter() - start


one_run()  # warm the page cache
opened, peaks, lists = [], [], []
for _ in range(RUNS):
    o, p = one_run()
    opened.append(o)
    peaks.append(p)
    lists.append(list_run())
print(f"{RUNS} runs; medians.\n")
print("| measure | browse | anchor: list -n 37 |")
print("| --- | --- | --- |")
print(f"| newest entries shown | {statistics.median(opened) * 1000:.0f} ms | {statistics.median(lists) * 1000:.0f} ms |")
print(f"| peak RSS after End and 300 PageUps | {statistics.median(peaks) / 1024:.1f} MiB (largest {max(peaks) / 1024:.1f}) | — |")
