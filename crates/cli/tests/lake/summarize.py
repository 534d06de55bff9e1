"""Reads a Parquet dataset written by `auditlog export DIR --format parquet` with a real engine
and prints, as JSON, what the test compares with auditlog's own report: entries and time spent
by account, entries by day (the partition), the earliest and latest instant, the sum of the line
numbers, and the type of the instant column.

    python3 summarize.py duckdb|spark DIR...      # a line of JSON for each DIR"""
import json
import sys

ENGINE, DIRS = sys.argv[1], sys.argv[2:]

BY_ACCOUNT = """SELECT "user" AS account, count(*) AS entries,
                       CAST(coalesce(sum(time_spent), 0) AS BIGINT) AS time_spent
                FROM entries GROUP BY "user" """
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

for path in DIRS:
    rows = load(path)
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
