#!/bin/sh
# `list --oldest-first -o ndjson` of every entry of the 1 GB bench log against `rg '^'`, both
# read through a pipe, alternating, five times; with OLD=path, an earlier build in the same
# rounds. Prints each one's wall seconds; quote medians.
#
#     sh bench/ndjson.sh            # or: OLD=/path/to/auditlog sh bench/ndjson.sh
set -eu
export XDG_CACHE_HOME="$PWD/bench-data/cache" TZ=UTC
LOG=bench-data/audit-1g.log
for _ in 1 2 3 4 5; do
    for bin in ${OLD:-} target/release/auditlog; do
        /usr/bin/time -f "$bin %e" sh -c "$bin --file $LOG list --oldest-first -o ndjson 2>/dev/null | cat >/dev/null"
    done
    /usr/bin/time -f "rg %e" sh -c "rg '^' $LOG | cat >/dev/null"
done
