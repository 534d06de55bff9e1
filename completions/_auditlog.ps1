
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'auditlog' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'auditlog'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'auditlog' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entries, newest first, filtered by time and fields')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every entry that touched one object, newest first: who, when, why and the request')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'JOC''s Audit Log view in the terminal: newest first, presets, a filter line, the detail')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'JOC''s Audit Log view in a browser, read-only, served from the files')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one entry in full: every field, the request body, and where it is')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print the last entries, and with -f the entries appended from then on')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Where the time went: entries (or job executions) per group, and which way they trend')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Is each job executing at all: state, last run, next expected start, missed starts')
            [CompletionResult]::new('executions', 'executions', [CompletionResultType]::ParameterValue, 'List job executions, newest first: the job audit log''s table')
            [CompletionResult]::new('runs', 'runs', [CompletionResultType]::ParameterValue, 'List job executions, newest first: the job audit log''s table')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command as a job execution, recorded in the log')
            [CompletionResult]::new('metric', 'metric', [CompletionResultType]::ParameterValue, 'Report a metric of the running execution (within `auditlog run`)')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Append one entry to the log, in JOC''s layout')
            [CompletionResult]::new('seal', 'seal', [CompletionResultType]::ParameterValue, 'Seal what was written since the last seal, so that verify can prove nobody edited it')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove that nobody edited the log since it was sealed')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Move the old entries of a log auditlog writes into a gzip archive beside it')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'List the log''s rotated files against a retention period, and delete the expired ones')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Compare the log with JOC''s database: rows with no line, lines with no row, fields that differ')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Lint a log: count its entries, report malformed lines and time going backwards')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Summarize each gzip member of the rotated set, so that queries skip what cannot match')
            [CompletionResult]::new('reasons', 'reasons', [CompletionResultType]::ParameterValue, 'Print the predefined reasons, numbered for `record --reason-number`')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Watch `auditlog run` for it, and stop its command''s process group should it die')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auditlog;list' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--cursor-file', '--cursor-file', [CompletionResultType]::ParameterName, 'Print only the entries after the cursor saved in PATH, then save the new one there')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--oldest-first', '--oldest-first', [CompletionResultType]::ParameterName, 'Oldest first (the default is newest first, as JOC shows it)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of matching entries')
            [CompletionResult]::new('--show-cursor', '--show-cursor', [CompletionResultType]::ParameterName, 'Print the cursor after the output, on standard error')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Stop with an error at the first line that is not an entry (it is reported and skipped otherwise)')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;history' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--oldest-first', '--oldest-first', [CompletionResultType]::ParameterName, 'Oldest first (the default is newest first, as JOC shows it)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of entries')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;browse' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where to listen: ADDRESS:PORT (port 0 takes a free one)')
            [CompletionResult]::new('--auth-file', '--auth-file', [CompletionResultType]::ParameterName, 'Accounts and their password hashes, as htpasswd writes them (bcrypt or argon2)')
            [CompletionResult]::new('--trust-proxy-header', '--trust-proxy-header', [CompletionResultType]::ParameterName, 'Trust a reverse proxy that authenticates, and names the account in header NAME')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'The certificate chain to serve HTTPS with (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The private key of --tls-cert (PEM)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'The longest a request may take, in seconds; a search still running then is answered 503')
            [CompletionResult]::new('--max-searches', '--max-searches', [CompletionResultType]::ParameterName, 'At most this many searches at once; more wait their turn up to a second, then are answered 503')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--no-auth', '--no-auth', [CompletionResultType]::ParameterName, 'Serve without authentication: only on loopback, where every local user can then read the log')
            [CompletionResult]::new('--behind-proxy', '--behind-proxy', [CompletionResultType]::ParameterName, 'Say that a reverse proxy in front terminates TLS, so that plain HTTP beyond loopback is allowed (with --auth-file)')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'text or json')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'text or json')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Where `run` kept the outputs [default: auditlog-executions/ beside the log]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'For a job execution: print the output it kept instead')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;tail' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many of the last matching entries to print first')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'How many of the last matching entries to print first')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'End after printing N entries in all (for scripts waiting on an entry: -n 0 --max 1)')
            [CompletionResult]::new('--cursor-file', '--cursor-file', [CompletionResultType]::ParameterName, 'Print only the entries after the cursor saved in PATH, then save the new one there')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'plain, json, ndjson, csv, raw or table (with -f, its widths fit the first entries) [default: plain on a terminal, else raw]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'plain, json, ndjson, csv, raw or table (with -f, its widths fit the first entries) [default: plain on a terminal, else raw]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing matching entries as they are appended')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing matching entries as they are appended')
            [CompletionResult]::new('--show-cursor', '--show-cursor', [CompletionResultType]::ParameterName, 'Print the cursor after the output, on standard error')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;export' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'xlsx, csv, ndjson or parquet [default: from OUTPUT''s extension]')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'How a parquet dataset is split into directories: day, month or none [default: day]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--cursor-file', '--cursor-file', [CompletionResultType]::ParameterName, 'Print only the entries after the cursor saved in PATH, then save the new one there')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--oldest-first', '--oldest-first', [CompletionResultType]::ParameterName, 'Oldest first (the default is newest first, as JOC shows it)')
            [CompletionResult]::new('--with-params', '--with-params', [CompletionResultType]::ParameterName, 'Add the request body as a column "Request Body" (xlsx and csv)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace OUTPUT when it exists; for parquet, add parts to a directory that holds some')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--show-cursor', '--show-cursor', [CompletionResultType]::ParameterName, 'Print the cursor after the output, on standard error')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;report' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group by these keys, comma-separated (account,month)')
            [CompletionResult]::new('--depth', '--depth', [CompletionResultType]::ParameterName, 'How many folder levels `--by folder` keeps: /a/b/wf is /a at 1, /a/b at 2')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order of the groups: most entries, most time spent, or by key')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Only the first N groups, the rest as one "(other)" row')
            [CompletionResult]::new('--trend', '--trend', [CompletionResultType]::ParameterName, 'Each group''s count per day, week or month of the window, and its direction')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'An execution of another host with no finish counts as Abandoned after this long')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: table (bars and sparklines, on a terminal), plain, csv or json')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: table (bars and sparklines, on a terminal), plain, csv or json')
            [CompletionResult]::new('--xlsx', '--xlsx', [CompletionResultType]::ParameterName, 'Also write the report to a workbook with a native chart, whole or not at all')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--gaps', '--gaps', [CompletionResultType]::ParameterName, 'List the entries that need completing before they can be billed: time spent without a ticket, or a ticket without time spent')
            [CompletionResult]::new('--executions', '--executions', [CompletionResultType]::ParameterName, 'Report job executions rather than entries: per group, executions by status, success rate, duration p50/p95/max and each metric summed')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the workbook when it exists')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;jobs' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'An execution of another host with no finish counts as Abandoned after this long')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output: table (on a terminal), plain, json, or prometheus (node_exporter''s textfile collector)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output: table (on a terminal), plain, json, or prometheus (node_exporter''s textfile collector)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Print only the jobs that need attention; exit 1 when there are any, 0 when all are OK or running')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;executions' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job (a pattern; may be given more than once)')
            [CompletionResult]::new('--space', '--space', [CompletionResultType]::ParameterName, 'Only executions in this space: the space scope (site scope, every execution, without it)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only executions with this status: running, successful, failed, cancelled, abandoned')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'An execution of another host with no finish counts as Abandoned after this long')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Write the executions into DIR as a Parquet dataset, rather than list them')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The dataset''s form: parquet, the only one [default: parquet]')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'How the dataset is split into directories: day, month or none [default: day]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--oldest-first', '--oldest-first', [CompletionResultType]::ParameterName, 'Oldest first (the default is newest first, as JOC shows it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Add parts to a dataset directory that holds some')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;runs' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'Only this job (a pattern; may be given more than once)')
            [CompletionResult]::new('--space', '--space', [CompletionResultType]::ParameterName, 'Only executions in this space: the space scope (site scope, every execution, without it)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only executions with this status: running, successful, failed, cancelled, abandoned')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'An execution of another host with no finish counts as Abandoned after this long')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Write the executions into DIR as a Parquet dataset, rather than list them')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The dataset''s form: parquet, the only one [default: parquet]')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'How the dataset is split into directories: day, month or none [default: day]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--oldest-first', '--oldest-first', [CompletionResultType]::ParameterName, 'Oldest first (the default is newest first, as JOC shows it)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Add parts to a dataset directory that holds some')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;run' {
            [CompletionResult]::new('--job', '--job', [CompletionResultType]::ParameterName, 'The job [default: the command''s file name]')
            [CompletionResult]::new('--space', '--space', [CompletionResultType]::ParameterName, 'The space the job runs in [default: none, a site-wide run, shown as (multiple)]')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason (at most 2000 characters)')
            [CompletionResult]::new('--reason-number', '--reason-number', [CompletionResultType]::ParameterName, 'Use predefined reason N (see `auditlog reasons`)')
            [CompletionResult]::new('--time-spent', '--time-spent', [CompletionResultType]::ParameterName, 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link: an http:// or https:// URL')
            [CompletionResult]::new('--max-output', '--max-output', [CompletionResultType]::ParameterName, 'Keep at most this much of the command''s output, its end: 10MiB, 512KiB, 4096')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Where to keep each execution''s output [default: auditlog-executions/ beside the log]')
            [CompletionResult]::new('--keep-outputs', '--keep-outputs', [CompletionResultType]::ParameterName, 'Keep the output of this many of the job''s latest executions; older ones are removed')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop the command after this long (TERM, then KILL after --kill-after): 90s, 5m, 2h')
            [CompletionResult]::new('--kill-after', '--kill-after', [CompletionResultType]::ParameterName, 'How long a command may take to end after TERM before it is killed')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Run a failed execution again, up to N more times, each as a new execution')
            [CompletionResult]::new('--retry-delay', '--retry-delay', [CompletionResultType]::ParameterName, 'How long to wait before a retry')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT [default: `mirror` in the config]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--scheduled', '--scheduled', [CompletionResultType]::ParameterName, 'Record a scheduled execution [default when there is no terminal, as under cron]')
            [CompletionResult]::new('--manual', '--manual', [CompletionResultType]::ParameterName, 'Record a manual execution, by the account [default on a terminal]')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for a running execution of the same job to end, instead of refusing to start')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not wait for entries to reach the disk')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;metric' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;record' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account [default: $SUDO_USER under sudo, else the login name of the real user]')
            [CompletionResult]::new('--params', '--params', [CompletionResultType]::ParameterName, 'The request body: a JSON object, or - to read it from standard input')
            [CompletionResult]::new('--params-file', '--params-file', [CompletionResultType]::ParameterName, 'Read the request body from a file')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The database id to write as ` - ID: N`')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason (at most 2000 characters)')
            [CompletionResult]::new('--reason-number', '--reason-number', [CompletionResultType]::ParameterName, 'Use predefined reason N (see `auditlog reasons`)')
            [CompletionResult]::new('--time-spent', '--time-spent', [CompletionResultType]::ParameterName, 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link: an http:// or https:// URL')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT [default: `mirror` in the config]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not wait for the entry to reach the disk')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;seal' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'Print the seal''s head (SEQ:BYTES:SHA256) instead of sealing, to keep elsewhere')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing unless something is wrong (for cron)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing unless something is wrong (for cron)')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start sealing the log: a new key, printed once, and an empty seal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auditlog;seal;init' {
            [CompletionResult]::new('--epoch', '--epoch', [CompletionResultType]::ParameterName, 'How long an epoch lasts; when one ends, the key on the host moves on and the old one is gone')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason (at most 2000 characters)')
            [CompletionResult]::new('--reason-number', '--reason-number', [CompletionResultType]::ParameterName, 'Use predefined reason N (see `auditlog reasons`)')
            [CompletionResult]::new('--time-spent', '--time-spent', [CompletionResultType]::ParameterName, 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link: an http:// or https:// URL')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing seal; the old seal file is kept beside it, and an entry in the log records who did it')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;seal;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start sealing the log: a new key, printed once, and an empty seal')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auditlog;seal;help;init' {
            break
        }
        'auditlog;seal;help;help' {
            break
        }
        'auditlog;verify' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The verification key `seal init` printed (KEY/START-SECONDS)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the verification key from a file, or - for standard input')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'A head kept elsewhere (`seal --head`): catches the newest entries deleted together with their seal records')
            [CompletionResult]::new('--max-delay', '--max-delay', [CompletionResultType]::ParameterName, 'How long after its stamp an entry may first be sealed [default: 2 epochs]')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;archive' {
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Move the entries stamped before this time: 2026-01-01, -90d, -1M, "2 weeks ago"…')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;retention' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'How long rotated files are kept: 10y, 18mo, 400d (a year is 365 days, a month 30)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The verification key, to tell which rotated files are sealed and intact')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Read the verification key from a file, or - for standard input')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the rotated files past retention that verify, each recorded as an entry in the log')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;reconcile' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'JOC''s database: postgresql://USER@HOST:PORT/DATABASE or mysql://USER@HOST:PORT/DATABASE')
            [CompletionResult]::new('--db-password-file', '--db-password-file', [CompletionResultType]::ParameterName, 'Read the database''s password from the first line of FILE')
            [CompletionResult]::new('--purged-before', '--purged-before', [CompletionResultType]::ParameterName, 'Lines without a row stamped before TIME were purged (JOC''s Cleanup Service), and are counted apart')
            [CompletionResult]::new('--max-skew', '--max-skew', [CompletionResultType]::ParameterName, 'The largest difference between a line''s stamp and its row''s CREATED, in milliseconds (at most a day), that still pairs them by stamp (lines without an ID) and is not reported as a difference of time')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print: table (on a terminal), text (each mismatch as FILE:LINE: WHY; elsewhere) or json; the counts follow the mismatches')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print: table (on a terminal), text (each mismatch as FILE:LINE: WHY; elsewhere) or json; the counts follow the mismatches')
            [CompletionResult]::new('--xlsx', '--xlsx', [CompletionResultType]::ParameterName, 'Also write the mismatches and the counts to this workbook')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'A date range as in JOC')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Entries at or after TIME')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Entries at or before TIME; a date alone means to the end of that day')
            [CompletionResult]::new('--time-of-day', '--time-of-day', [CompletionResultType]::ParameterName, 'Entries whose time of day lies in START-END, on every day (END not included)')
            [CompletionResult]::new('--weekdays', '--weekdays', [CompletionResultType]::ParameterName, 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The account, as a pattern (* and ?, ignoring case)')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'The request, as a pattern (* also matches /): ''./orders/*''')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'The controller named in the request body, as a pattern')
            [CompletionResult]::new('--workflow', '--workflow', [CompletionResultType]::ParameterName, 'Entries whose request body names this workflow, as a pattern')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern')
            [CompletionResult]::new('--object-type', '--object-type', [CompletionResultType]::ParameterName, 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason, as a pattern: ''*maintenance*''')
            [CompletionResult]::new('--ticket', '--ticket', [CompletionResultType]::ParameterName, 'The ticket link, as a pattern: ''*OPS-12*''')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The JOC ID')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Entries whose text matches REGEX anywhere')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--has-reason', '--has-reason', [CompletionResultType]::ParameterName, 'Only entries with a reason')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;check' {
            [CompletionResult]::new('--backwards-tolerance', '--backwards-tolerance', [CompletionResultType]::ParameterName, 'Report time going backwards only by more than this many milliseconds')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;index' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--clear', '--clear', [CompletionResultType]::ParameterName, 'Remove every summary kept, instead of making them')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;reasons' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;generate' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory to write completions/ and man/ into')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;guard' {
            [CompletionResult]::new('--parent', '--parent', [CompletionResultType]::ParameterName, 'The process of `auditlog run`')
            [CompletionResult]::new('--execution', '--execution', [CompletionResultType]::ParameterName, 'The execution''s ID, which the command has in its environment')
            [CompletionResult]::new('--kill-after', '--kill-after', [CompletionResultType]::ParameterName, 'How long the command may take to end after TERM, once `run` is gone')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The audit log [default: `file` in the config, else ./audit.log]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]')
            [CompletionResult]::new('--objects-file', '--objects-file', [CompletionResultType]::ParameterName, 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never')
            [CompletionResult]::new('--rotated', '--rotated', [CompletionResultType]::ParameterName, 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Print straight to the terminal, without a pager')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'auditlog;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entries, newest first, filtered by time and fields')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every entry that touched one object, newest first: who, when, why and the request')
            [CompletionResult]::new('browse', 'browse', [CompletionResultType]::ParameterValue, 'JOC''s Audit Log view in the terminal: newest first, presets, a filter line, the detail')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'JOC''s Audit Log view in a browser, read-only, served from the files')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one entry in full: every field, the request body, and where it is')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print the last entries, and with -f the entries appended from then on')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Where the time went: entries (or job executions) per group, and which way they trend')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Is each job executing at all: state, last run, next expected start, missed starts')
            [CompletionResult]::new('executions', 'executions', [CompletionResultType]::ParameterValue, 'List job executions, newest first: the job audit log''s table')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command as a job execution, recorded in the log')
            [CompletionResult]::new('metric', 'metric', [CompletionResultType]::ParameterValue, 'Report a metric of the running execution (within `auditlog run`)')
            [CompletionResult]::new('record', 'record', [CompletionResultType]::ParameterValue, 'Append one entry to the log, in JOC''s layout')
            [CompletionResult]::new('seal', 'seal', [CompletionResultType]::ParameterValue, 'Seal what was written since the last seal, so that verify can prove nobody edited it')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Prove that nobody edited the log since it was sealed')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Move the old entries of a log auditlog writes into a gzip archive beside it')
            [CompletionResult]::new('retention', 'retention', [CompletionResultType]::ParameterValue, 'List the log''s rotated files against a retention period, and delete the expired ones')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Compare the log with JOC''s database: rows with no line, lines with no row, fields that differ')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Lint a log: count its entries, report malformed lines and time going backwards')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Summarize each gzip member of the rotated set, so that queries skip what cannot match')
            [CompletionResult]::new('reasons', 'reasons', [CompletionResultType]::ParameterValue, 'Print the predefined reasons, numbered for `record --reason-number`')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write shell completions and man pages')
            [CompletionResult]::new('guard', 'guard', [CompletionResultType]::ParameterValue, 'Watch `auditlog run` for it, and stop its command''s process group should it die')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'auditlog;help;list' {
            break
        }
        'auditlog;help;history' {
            break
        }
        'auditlog;help;browse' {
            break
        }
        'auditlog;help;serve' {
            break
        }
        'auditlog;help;show' {
            break
        }
        'auditlog;help;tail' {
            break
        }
        'auditlog;help;export' {
            break
        }
        'auditlog;help;report' {
            break
        }
        'auditlog;help;jobs' {
            break
        }
        'auditlog;help;executions' {
            break
        }
        'auditlog;help;run' {
            break
        }
        'auditlog;help;metric' {
            break
        }
        'auditlog;help;record' {
            break
        }
        'auditlog;help;seal' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Start sealing the log: a new key, printed once, and an empty seal')
            break
        }
        'auditlog;help;seal;init' {
            break
        }
        'auditlog;help;verify' {
            break
        }
        'auditlog;help;archive' {
            break
        }
        'auditlog;help;retention' {
            break
        }
        'auditlog;help;reconcile' {
            break
        }
        'auditlog;help;check' {
            break
        }
        'auditlog;help;index' {
            break
        }
        'auditlog;help;reasons' {
            break
        }
        'auditlog;help;generate' {
            break
        }
        'auditlog;help;guard' {
            break
        }
        'auditlog;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
