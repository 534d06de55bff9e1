"""Reads a Parquet dataset written by `auditlog export DIR --format parquet` with a real engine
and prints, as JSON, what the test compares with auditlog's own report: entries and time spent
by account, entries by day (the partition), the earliest and latest instant, the sum of the line
numbers, and the type of the instant column. For a dataset of `executions --export DIR`: each
execution, executions by day, the numeric metrics summed by job, and the text metrics.

    python3 summarize.py duckdb|spark DIR...                  # a line of JSON for each DIR
    python3 summarize.py duckdb|spark --executions DIR..."""
import json
import sys

ENGINE, DIRS = sys.argv[1], sys.argv[2:]
EXECUTIONS = DIRS[:1] == ["--executions"]
if EXECUTIONS:
    DIRS = DIRS[1:]

BY_ACCOUNT = """SELECT "user" AS account, count(*) AS entries,
                       CAST(coalesce(sum(time_spent), 0) AS BIGINT) AS time_spent
                FROM entries GROUP BY "user" """
EACH = """SELECT execution_id, status, started_instant, duration_ms FROM entries"""
EXECUTIONS_BY_DAY = """SELECT CAST("date" AS STRING) AS day, count(*) FROM entries GROUP BY "date" """
# Maps are read apart in each engine's own words.
METRICS = {
    "duckdb": """SELECT job, m.key, sum(m.value) FROM
                 (SELECT job, unnest(map_entries(metrics)) AS m FROM entries) GROUP BY ALL""",
    "spark": """SELECT job, key, sum(value) FROM entries
                LATERAL VIEW explode(metrics) AS key, value GROUP BY job, key""",
}
TEXTS = {
    "duckdb": """SELECT execution_id, m.key, m.value FROM
                 (SELECT execution_id, unnest(map_entries(metrics_text)) AS m FROM entries)""",
    "spark": """SELECT execution_id, key, value FROM entries
                LATERAL VIEW explode(metrics_text) AS key, value""",
}
BY_DAY = """SELECT CAST("date" AS STRING) AS day, count(*) AS entries
            FROM entries GROUP BY "date" """
SPAN = """SELECT min(instant) AS first, max(instant) AS last, CAST(sum(line) AS BIGINT) AS lines
          FROM entries"""


def iso(t):
    """An instant as auditlog's JSON writes it: RFC 3339 in UTC with milliseconds."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


if ENGINE == "duckdb":
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")

    def load(path):
        con.execute("CREATE OR REPLACE VIEW entries AS SELECT * FROM "
                    f"read_parquet('{path}/**/*.parquet', hive_partitioning = true)")
        return lambda sql: con.execute(sql).fetchall()

    kind_sql = "SELECT typeof(instant) FROM entries LIMIT 1"
else:
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]").appName("auditlog")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    def load(path):
        spark.read.option("basePath", path).parquet(path).createOrReplaceTempView("entries")
        return lambda sql: [tuple(r) for r in spark.sql(sql.replace('"', "`")).collect()]

    kind_sql = None

def number(x):
    """A sum as auditlog's JSON writes it: whole numbers without a fraction."""
    return int(x) if float(x).is_integer() else x


def executions(rows):
    return {
        "each": sorted([r[0], r[1], iso(r[2]), r[3]] for r in rows(EACH)),
        "by_day": sorted(list(r) for r in rows(EXECUTIONS_BY_DAY)),
        "metrics": sorted([j, k, number(v)] for j, k, v in rows(METRICS[ENGINE])),
        "texts": sorted(list(r) for r in rows(TEXTS[ENGINE])),
    }


for path in DIRS:
    rows = load(path)
    if EXECUTIONS:
        print(json.dumps(executions(rows), ensure_ascii=False))
        continue
    if kind_sql:
        kind = rows(kind_sql)[0][0]
    else:
        kind = dict(spark.table("entries").dtypes)["instant"]
    first, last, lines = rows(SPAN)[0]
    print(json.dumps({
        "by_account": sorted(list(r) for r in rows(BY_ACCOUNT)),
        "by_day": sorted(list(r) for r in rows(BY_DAY)),
        "first": iso(first),
        "last": iso(last),
        "lines": lines,
        "instant": str(kind),
    }, ensure_ascii=False))
