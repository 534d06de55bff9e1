//! The examples each command's long help ends with.

pub(super) const RECORD_EXAMPLES: &str = "Examples:
  auditlog record ./orders/add --params '{\"controllerId\":\"prod\"}' --reason-number 1
  auditlog record ./controller/cluster/switchover --reason 'Patch day' \\
      --time-spent 1h30m --ticket https://tickets.example.com/OPS-7
  echo '{\"controllerId\":\"prod\"}' | auditlog record ./orders/cancel --params -";

pub(super) const INDEX_EXAMPLES: &str = "Examples:
  auditlog --file /var/log/sos-berlin/joc/audit.log index
  15 0 * * * /usr/local/bin/auditlog --file /var/log/sos-berlin/joc/audit.log index   # crontab, after rotation
  auditlog index --clear";

pub(super) const HISTORY_EXAMPLES: &str = "Examples:
  auditlog --rotated history /finance/eod/close
  auditlog history close --object-type workflow --since 2026-01-01 -o json
  auditlog history '#2026-11-23#T*' --object-type order";

pub(super) const LIST_EXAMPLES: &str = "Examples:
  auditlog list --preset today
  auditlog list --since -2h --user jdoe --request './orders/*'
  auditlog list --since 2026-11-10 --until 2026-11-12 --time-of-day 22:00-06:00 --weekdays mon-fri
  auditlog list --category deployment --has-reason -o csv > deployments.csv
  auditlog --rotated list --workflow /finance/eod/close --oldest-first -n 50";

pub(super) const TAIL_EXAMPLES: &str = "Examples:
  auditlog tail -f
  auditlog tail -f --user jdoe --request './orders/*' -o plain
  auditlog tail -f -n 0 --max 1 --request ./controller/cluster/switchover   # wait for the next switchover
  auditlog tail -f -n 0 --until 18:00 -o ndjson >> today.ndjson";

pub(super) const SERVE_EXAMPLES: &str = "Examples:
  auditlog --rotated serve                       # prints http://127.0.0.1:8080/?token=...
  auditlog serve --auth-file /etc/auditlog/htpasswd --listen 0.0.0.0:8443 \\
      --tls-cert /etc/auditlog/cert.pem --tls-key /etc/auditlog/key.pem
  auditlog serve --trust-proxy-header X-Remote-User   # behind nginx on this host";

pub(super) const RUN_EXAMPLES: &str = "Examples:
  auditlog run -- /usr/local/bin/archive-spaces --all
  auditlog run --job archive --space finance --timeout 2h --retries 2 --retry-delay 5m -- ./archive.sh finance
  # in the job's script: auditlog metric 'Emails sent' 3";

pub(super) const REPORT_EXAMPLES: &str = "Examples:
  auditlog report --by account --since -30d
  auditlog report --by ticket,account --since 2026-11-01 --until 2026-11-30 -o csv > billing.csv
  auditlog report --by category --trend week --since -12w
  auditlog report --gaps --since 2026-11-01
  auditlog report --executions --by job --trend week --xlsx jobs.xlsx";

pub(super) const JOBS_EXAMPLES: &str = "Examples:
  auditlog jobs                        # every job: state, last run, next start, the last 7 days
  auditlog jobs archive --since -30d   # one job's history: each expected start, missed or answered
  auditlog jobs --check                # only what needs attention; exit 1 when anything does
  auditlog jobs -o prometheus > /var/lib/node_exporter/textfile/auditlog.prom";

pub(super) const SEAL_EXAMPLES: &str = "Examples:
  auditlog seal init | ssh vault 'cat > keys/joc1-audit.key'   # the key goes off the host
  auditlog seal --quiet      # from cron, every few minutes
  auditlog seal --head       # print the head, to keep off the host too";

pub(super) const VERIFY_EXAMPLES: &str = "Examples:
  auditlog verify --key-file joc1-audit.key
  ssh vault cat keys/joc1-audit.key | auditlog verify --key-file - --head 412:88213390:9f2c…";

pub(super) const ARCHIVE_EXAMPLES: &str = "Examples:
  auditlog --file /var/log/batch/audit.log archive --before 2026-01-01
  auditlog --file /var/log/batch/audit.log archive --before -90d   # from cron, monthly";

pub(super) const RETENTION_EXAMPLES: &str = "Examples:
  auditlog retention --keep 10y --key-file joc1-audit.key
  auditlog retention --keep 10y --key-file joc1-audit.key --delete";

pub(super) const EXPORT_EXAMPLES: &str = "Examples:
  auditlog export audit-2026-11.xlsx --since 2026-11-01 --until 2026-11-30
  auditlog export deployments.csv --category deployment --has-reason
  auditlog --rotated export everything.ndjson --oldest-first";

pub(super) const RECONCILE_EXAMPLES: &str = "Examples:
  auditlog reconcile --db postgresql://joc_ro@db.example.com:5432/joc   # its password in ~/.pgpass
  auditlog --rotated reconcile --db mysql://joc_ro@db/joc --db-password-file ~/.joc-db --purged-before -90d
  auditlog reconcile --db postgresql://joc_ro@db/joc --since -7d --xlsx reconcile.xlsx";
