"""reconcile's speed and memory against a real PostgreSQL: a log of 1,000,000 entries (four of
five with their JOC ID) and the 1,000,000 rows JOC would have stored for them. The anchor is
what reading both sides alone costs, measured in the same run: `auditlog list --count` over the
log plus `psql -c "COPY (SELECT …) TO STDOUT"` of the same rows, each read through a pipe.
Prints medians, the ratio (target ≤ 3×) and reconcile's peak resident memory (target ≤ 64 MiB).

    python3 bench/reconcile.py [RUNS]

Needs Debian's postgresql package and GNU time; starts its own server in a temporary
directory, as `nobody` when run as root, and stops it at the end."""
import csv
import glob
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
BIN = "target/release/auditlog"
LOG = "bench-data/reconcile-1m.log"
ENV = dict(os.environ, AUDITLOG_NOW="2026-11-23T12:00:00", TZ="UTC", PGPASSWORD="bench")
RSS = tempfile.NamedTemporaryFile(prefix="auditlog-rss-").name
ROOT = os.geteuid() == 0


def server_user(argv):
    return ["runuser", "-u", "nobody", "--", *argv] if ROOT else argv


def make_log():
    if os.path.exists(LOG):
        return
    os.makedirs("bench-data", exist_ok=True)
    generated = subprocess.run(
        ["bench/gen-audit-log", "--lines", "1000000", "--days", "120", "--end",
         "2026-11-23T12:00:00", "--seed", "7"], check=True, capture_output=True, text=True).stdout
    with open(LOG + ".tmp", "w") as out:
        for i, line in enumerate(generated.splitlines()):
            if i % 5:
                line = line.replace(" - USER: ", f" - ID: {i + 1} - USER: ", 1)
            out.write(line + "\n")
    os.rename(LOG + ".tmp", LOG)


def rows():
    """The rows JOC would have stored, as CSV for COPY."""
    listed = subprocess.run([BIN, "--file", LOG, "list", "--oldest-first", "-o", "ndjson"],
                            env=ENV, check=True, capture_output=True, text=True).stdout
    buf = io.StringIO()
    out = csv.writer(buf)
    for i, line in enumerate(listed.splitlines()):
        e = json.loads(line)
        params = e["params"]
        if params is not None and len(params.encode("utf-16-le")) // 2 > 4096:
            params = params[:4093] + "..."
        out.writerow([i + 1, e["controller"] or "-", e["user"], e["request"], params, 0,
                      e["comment"], e["ticket"], e["time_spent"],
                      e["instant"].replace("T", " ").rstrip("Z")])
    return buf.getvalue()


class Postgres:
    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not versions:
            sys.exit("bench/reconcile.py: needs Debian's postgresql package")
        self.bin = os.path.dirname(versions[-1])
        self.dir = tempfile.mkdtemp(prefix="auditlog-pg-")
        if ROOT:
            shutil.chown(self.dir, "nobody")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        pw = os.path.join(self.dir, "pw")
        with open(pw, "w") as f:
            f.write("bench\n")
        if ROOT:
            shutil.chown(pw, "nobody")
        data = os.path.join(self.dir, "data")
        subprocess.run(server_user([f"{self.bin}/initdb", "-D", data, "-U", "joc", "-E", "UTF8",
                                    "--locale=C.UTF-8", "--auth=scram-sha-256", f"--pwfile={pw}"]),
                       check=True, capture_output=True)
        subprocess.run(server_user([f"{self.bin}/pg_ctl", "-D", data, "-l", f"{self.dir}/log", "-w",
                                    "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                                    "start"]), check=True, capture_output=True)

    def psql(self, *args, stdin=None):
        return ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "joc", "-d", "joc", "-q",
                "-v", "ON_ERROR_STOP=1", *args]

    def stop(self):
        subprocess.run(server_user([f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast",
                                    "stop"]), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def timed(argv):
    """Seconds, reading the output through a pipe, and the peak resident memory in MiB."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", RSS, *argv], env=ENV,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed: {done.stderr.decode()}")
    with open(RSS) as f:
        return elapsed, int(f.read().split()[-1]) / 1024


def median(argv):
    runs = [timed(argv) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


make_log()
pg = Postgres()
try:
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "joc", "-d", "postgres",
                    "-q", "-c", "CREATE DATABASE joc"], env=ENV, check=True)
    subprocess.run(pg.psql("-c", 'CREATE TABLE "JOC_AUDIT_LOG" ("ID" BIGINT PRIMARY KEY, '
                           '"CONTROLLER_ID" VARCHAR(100) NOT NULL, "ACCOUNT" VARCHAR(255) NOT NULL, '
                           '"REQUEST" VARCHAR(255) NOT NULL, "PARAMETERS" VARCHAR(4096), '
                           '"CATEGORY" INTEGER NOT NULL, "COMMENT" VARCHAR(2000), '
                           '"TICKET_LINK" VARCHAR(255), "TIME_SPENT" INTEGER, "CREATED" TIMESTAMP)'),
                   env=ENV, check=True)
    subprocess.run(pg.psql("-c", 'COPY "JOC_AUDIT_LOG" FROM STDIN WITH (FORMAT csv)'), env=ENV,
                   check=True, input=rows(), text=True)
    subprocess.run(pg.psql("-c", 'VACUUM ANALYZE "JOC_AUDIT_LOG"'), env=ENV, check=True)
    url = f"postgresql://joc@127.0.0.1:{pg.port}/joc"
    count, _ = median([BIN, "--file", LOG, "list", "--count"])
    copy, _ = median(pg.psql("-c", 'COPY (SELECT "ID", "CREATED", "CONTROLLER_ID", "ACCOUNT", '
                             '"REQUEST", "PARAMETERS", "COMMENT", "TICKET_LINK", "TIME_SPENT" '
                             'FROM "JOC_AUDIT_LOG" ORDER BY "ID") TO STDOUT'))
    mine, rss = median([BIN, "--file", LOG, "reconcile", "--db", url])
    anchor = count + copy
    print(f"| reconcile, 1,000,000 lines and rows | {mine:.2f} s | list --count {count:.2f} s + "
          f"psql COPY {copy:.2f} s = {anchor:.2f} s | {mine / anchor:.2f}× (target ≤ 3×) "
          f"| {rss:.1f} MiB (target ≤ 64 MiB) |")
finally:
    pg.stop()
