"""auditlog serve on the 1 GB bench log: the first page (the 50 newest entries) and a filtered
page, in server time (the access log's) and as a client sees them, beside `list` with the same
filter and `-n 50` read through a pipe; then wrk's 64 connections for 30 s mixing presets,
filters and pages, with the server's peak resident memory. RUNS times each; medians.

    python3 bench/serve.py [RUNS] [SECONDS]"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
BIG = os.path.abspath("bench-data/audit-1g.log")
AUDITLOG = os.path.abspath("target/release/auditlog")
CACHE = os.path.abspath("bench-data/cache")
ENV = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC", XDG_CACHE_HOME=CACHE)
ENV.pop("AUDITLOG_CONFIG", None)
FILTERED = [("user", "ops.night"), ("request", "./orders/*")]
MIX = [
    "/",
    "/?preset=today",
    "/?preset=last-hour",
    "/?preset=last-7d",
    "/?user=ops.night&request=./orders/*",
    "/?category=inventory&n=20",
    "/?grep=finance",
    "/?n=50&older={older}",
]


def start(tmp):
    """The server, its address, and where its access log and peak memory go."""
    log, rss = f"{tmp}/access.log", f"{tmp}/rss"
    proc = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", "-o", rss, AUDITLOG, "--file", BIG, "serve",
         "--no-auth", "--listen", "127.0.0.1:0"],
        stdout=subprocess.PIPE, stderr=open(log, "w"), env=ENV, text=True)
    url = proc.stdout.readline().strip()
    return proc, url.rstrip("/"), log, rss


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url) as answer:
        body = answer.read()
        assert answer.status == 200, url
    return time.perf_counter() - started, body.decode()


def server_ms(log):
    """The time the last request took, as the access log says."""
    with open(log) as f:
        last = f.read().splitlines()[-1]
    return int(re.search(r" (\d+)ms$", last).group(1))


def list_run(filters):
    argv = [AUDITLOG, "--file", BIG, "list", "-n", "50", "-o", "plain"]
    for name, value in filters:
        argv += [f"--{name}", value]
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.PIPE, env=ENV, check=True)
    return time.perf_counter() - started


def older_link(body):
    """The address of the Older link of a page."""
    return re.search(r'href="([^"]+)" rel="next"', body).group(1).replace("&amp;", "&")


def pages(url, log):
    query = "&".join(f"{n}={v}" for n, v in FILTERED)
    fetch(f"{url}/")
    first, first_server, filtered, filtered_server, lists, older = [], [], [], [], [], []
    for _ in range(RUNS):
        first.append(fetch(f"{url}/")[0])
        first_server.append(server_ms(log))
        filtered.append(fetch(f"{url}/?{query}")[0])
        filtered_server.append(server_ms(log))
        lists.append(list_run(FILTERED))
        # Twenty pages down, following the Older links: each found from where the last ended.
        body = fetch(f"{url}/")[1]
        for _ in range(20):
            body = fetch(url + older_link(body))[1]
            older.append(server_ms(log))
    return first, first_server, filtered, filtered_server, lists, older


def load(url, older, tmp):
    script = f"{tmp}/mix.lua"
    paths = ", ".join(f'"{p.format(older=older)}"' for p in MIX)
    with open(script, "w") as f:
        f.write(f"""
local paths = {{{paths}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
""")
    out = subprocess.run(["wrk", "-t", "2", "-c", "64", "-d", f"{SECONDS}s", "--latency",
                          "-s", script, url], capture_output=True, text=True, check=True).stdout
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, log, rss = start(tmp)
        try:
            first, first_server, filtered, filtered_server, lists, older_pages = pages(url, log)
            body = fetch(f"{url}/?n=50")[1]
            older = re.findall(r'data-label="Ref">([^<]+)<', body)[-1]
            wrk = load(url, older, tmp)
        finally:
            # The server under GNU time: it is the one stopped, so that time writes its peak.
            subprocess.run(["pkill", "-TERM", "-P", str(proc.pid)])
            proc.wait()
        peak = int(open(rss).read().split()[-1])
    med = lambda xs: statistics.median(xs)
    print(f"{RUNS} runs; medians.\n")
    print("| measure | serve | anchor | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| first page (50 newest), server time | {med(first_server):.0f} ms | — | — |")
    print(f"| first page, as the client sees it | {med(first) * 1000:.0f} ms | — | — |")
    print(f"| filtered page ({', '.join(f'{n}={v}' for n, v in FILTERED)}), as the client sees it "
          f"| {med(filtered) * 1000:.0f} ms | list -n 50: {med(lists) * 1000:.0f} ms "
          f"| {med(filtered) / med(lists):.2f}× |")
    print(f"| filtered page, server time | {med(filtered_server):.0f} ms | — | — |")
    print(f"| an Older page (twenty down), server time | {med(older_pages):.0f} ms | — | — |")
    errors = [l.strip() for l in wrk.splitlines() if "Non-2xx" in l or "Socket errors" in l]
    print(f"\nwrk -t 2 -c 64 -d {SECONDS}s over {len(MIX)} addresses; peak RSS {peak / 1024:.1f} MiB; "
          f"errors: {'; '.join(errors) or 'none'}\n")
    print("```")
    print(wrk.strip())
    print("```")


main()
