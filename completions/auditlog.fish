# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_auditlog_global_optspecs
    string join \n file= config= objects-file= rotated tz= color= no-pager h/help V/version
end

function __fish_auditlog_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_auditlog_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_auditlog_using_subcommand
    set -l cmd (__fish_auditlog_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c auditlog -n "__fish_auditlog_needs_command" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_needs_command" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_needs_command" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_needs_command" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_needs_command" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_needs_command" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_needs_command" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_needs_command" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "list" -d 'List entries, newest first, filtered by time and fields'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "history" -d 'Every entry that touched one object, newest first: who, when, why and the request'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "browse" -d 'JOC\'s Audit Log view in the terminal: newest first, presets, a filter line, the detail'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "serve" -d 'JOC\'s Audit Log view in a browser, read-only, served from the files'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "show" -d 'Show one entry in full: every field, the request body, and where it is'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "tail" -d 'Print the last entries, and with -f the entries appended from then on'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "export" -d 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "report" -d 'Where the time went: entries (or job executions) per group, and which way they trend'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "jobs" -d 'Is each job executing at all: state, last run, next expected start, missed starts'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "executions" -d 'List job executions, newest first: the job audit log\'s table'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "runs" -d 'List job executions, newest first: the job audit log\'s table'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "run" -d 'Run a command as a job execution, recorded in the log'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "metric" -d 'Report a metric of the running execution (within `auditlog run`)'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "record" -d 'Append one entry to the log, in JOC\'s layout'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "seal" -d 'Seal what was written since the last seal, so that verify can prove nobody edited it'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "verify" -d 'Prove that nobody edited the log since it was sealed'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "archive" -d 'Move the old entries of a log auditlog writes into a gzip archive beside it'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "retention" -d 'List the log\'s rotated files against a retention period, and delete the expired ones'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "reconcile" -d 'Compare the log with JOC\'s database: rows with no line, lines with no row, fields that differ'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "check" -d 'Lint a log: count its entries, report malformed lines and time going backwards'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "index" -d 'Summarize each gzip member of the rotated set, so that queries skip what cannot match'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "reasons" -d 'Print the predefined reasons, numbered for `record --reason-number`'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "generate" -d 'Write shell completions and man pages'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "guard" -d 'Watch `auditlog run` for it, and stop its command\'s process group should it die'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -s o -l output -d 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]' -r -f -a "table\t'JOC\'s columns, fitted to the terminal'
plain\t'One entry a line, fields separated by tabs'
json\t'A JSON array of entries'
ndjson\t'One JSON object a line'
csv\t'Comma-separated values with a header (RFC 4180)'
raw\t'The original lines, byte for byte'"
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -s n -l limit -d 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l cursor-file -d 'Print only the entries after the cursor saved in PATH, then save the new one there' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l oldest-first -d 'Oldest first (the default is newest first, as JOC shows it)'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l count -d 'Print only the number of matching entries'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l show-cursor -d 'Print the cursor after the output, on standard error'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l strict -d 'Stop with an error at the first line that is not an entry (it is reported and skipped otherwise)'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand list" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -s o -l output -d 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]' -r -f -a "table\t'JOC\'s columns, fitted to the terminal'
plain\t'One entry a line, fields separated by tabs'
json\t'A JSON array of entries'
ndjson\t'One JSON object a line'
csv\t'Comma-separated values with a header (RFC 4180)'
raw\t'The original lines, byte for byte'"
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -s n -l limit -d 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l oldest-first -d 'Oldest first (the default is newest first, as JOC shows it)'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l count -d 'Print only the number of entries'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand history" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand browse" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l listen -d 'Where to listen: ADDRESS:PORT (port 0 takes a free one)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l auth-file -d 'Accounts and their password hashes, as htpasswd writes them (bcrypt or argon2)' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l trust-proxy-header -d 'Trust a reverse proxy that authenticates, and names the account in header NAME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l tls-cert -d 'The certificate chain to serve HTTPS with (PEM)' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l tls-key -d 'The private key of --tls-cert (PEM)' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l request-timeout -d 'The longest a request may take, in seconds; a search still running then is answered 503' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l max-searches -d 'At most this many searches at once; more wait their turn up to a second, then are answered 503' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l no-auth -d 'Serve without authentication: only on loopback, where every local user can then read the log'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l behind-proxy -d 'Say that a reverse proxy in front terminates TLS, so that plain HTTP beyond loopback is allowed (with --auth-file)'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand serve" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -s o -l output -d 'text or json' -r -f -a "text\t'Every field, the request body pretty-printed'
json\t'The entry\'s JSON, as `list -o json` writes it'"
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l output-dir -d 'Where `run` kept the outputs [default: auditlog-executions/ beside the log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l log -d 'For a job execution: print the output it kept instead'
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand show" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -s n -l lines -d 'How many of the last matching entries to print first' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l max -d 'End after printing N entries in all (for scripts waiting on an entry: -n 0 --max 1)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l cursor-file -d 'Print only the entries after the cursor saved in PATH, then save the new one there' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -s o -l output -d 'plain, json, ndjson, csv, raw or table (with -f, its widths fit the first entries) [default: plain on a terminal, else raw]' -r -f -a "table\t'JOC\'s columns, fitted to the terminal'
plain\t'One entry a line, fields separated by tabs'
json\t'A JSON array of entries'
ndjson\t'One JSON object a line'
csv\t'Comma-separated values with a header (RFC 4180)'
raw\t'The original lines, byte for byte'"
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -s f -l follow -d 'Keep printing matching entries as they are appended'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l show-cursor -d 'Print the cursor after the output, on standard error'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand tail" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l format -d 'xlsx, csv, ndjson or parquet [default: from OUTPUT\'s extension]' -r -f -a "xlsx\t'An Excel workbook'
csv\t'Comma-separated values (RFC 4180), safe to open in a spreadsheet'
ndjson\t'One JSON object a line, as `list -o ndjson` writes them'
parquet\t'A Parquet dataset in the directory OUTPUT, partitioned (see --partition)'"
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l partition -d 'How a parquet dataset is split into directories: day, month or none [default: day]' -r -f -a "day\t'`date=2026-11-23/`, by the day of each entry in the zone of --tz'
month\t'`month=2026-11/`'
none\t'No directories: every part in OUTPUT'"
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -s n -l limit -d 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l cursor-file -d 'Print only the entries after the cursor saved in PATH, then save the new one there' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l oldest-first -d 'Oldest first (the default is newest first, as JOC shows it)'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l with-params -d 'Add the request body as a column "Request Body" (xlsx and csv)'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l force -d 'Replace OUTPUT when it exists; for parquet, add parts to a directory that holds some'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -s q -l quiet -d 'No progress bar'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l show-cursor -d 'Print the cursor after the output, on standard error'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand export" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l by -d 'Group by these keys, comma-separated (account,month)' -r -f -a "account\t''
request\t''
category\t''
controller\t''
ticket\t''
reason\t''
workflow\t''
folder\t''
object\t''
day\t''
week\t''
month\t''
hour\t''
weekday\t''
job\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l depth -d 'How many folder levels `--by folder` keeps: /a/b/wf is /a at 1, /a/b at 2' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l sort -d 'Order of the groups: most entries, most time spent, or by key' -r -f -a "entries\t'Most entries (or executions) first'
time\t'Most time spent first'
key\t'By key: names alphabetically, times in order'"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l top -d 'Only the first N groups, the rest as one "(other)" row' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l trend -d 'Each group\'s count per day, week or month of the window, and its direction' -r -f -a "day\t'Days'
week\t'ISO weeks, from Monday'
month\t'Months'"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l stale-after -d 'An execution of another host with no finish counts as Abandoned after this long' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -s o -l output -d 'Output: table (bars and sparklines, on a terminal), plain, csv or json' -r -f -a "table\t'Aligned columns with bars and sparklines'
plain\t'Tab-separated lines, as shown'
csv\t'CSV with a header'
json\t'A JSON array, one object per group (see the README for the schema)'"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l xlsx -d 'Also write the report to a workbook with a native chart, whole or not at all' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l gaps -d 'List the entries that need completing before they can be billed: time spent without a ticket, or a ticket without time spent'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l executions -d 'Report job executions rather than entries: per group, executions by status, success rate, duration p50/p95/max and each metric summed'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l force -d 'Replace the workbook when it exists'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand report" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l stale-after -d 'An execution of another host with no finish counts as Abandoned after this long' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -s o -l output -d 'Output: table (on a terminal), plain, json, or prometheus (node_exporter\'s textfile collector)' -r -f -a "table\t'Aligned columns'
plain\t'Tab-separated lines, as shown'
json\t'A JSON array, one object per job (see the README for the schema)'
prometheus\t'Prometheus\' text format, for node_exporter\'s textfile collector'"
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l check -d 'Print only the jobs that need attention; exit 1 when there are any, 0 when all are OK or running'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand jobs" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l job -d 'Only this job (a pattern; may be given more than once)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l space -d 'Only executions in this space: the space scope (site scope, every execution, without it)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l status -d 'Only executions with this status: running, successful, failed, cancelled, abandoned' -r -f -a "running\t'Started and not finished, and its `auditlog run` still alive'
successful\t'Ended with exit code 0'
failed\t'Ended otherwise, was killed, timed out or could not start'
cancelled\t'Stopped by a signal to `auditlog run`, or refused because the job was running'
abandoned\t'Started and never finished, and its `auditlog run` is gone'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l stale-after -d 'An execution of another host with no finish counts as Abandoned after this long' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -s o -l output -d 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]' -r -f -a "table\t'JOC\'s columns, fitted to the terminal'
plain\t'One entry a line, fields separated by tabs'
json\t'A JSON array of entries'
ndjson\t'One JSON object a line'
csv\t'Comma-separated values with a header (RFC 4180)'
raw\t'The original lines, byte for byte'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -s n -l limit -d 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l export -d 'Write the executions into DIR as a Parquet dataset, rather than list them' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l format -d 'The dataset\'s form: parquet, the only one [default: parquet]' -r -f -a "parquet\t'Apache Parquet'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l partition -d 'How the dataset is split into directories: day, month or none [default: day]' -r -f -a "day\t'`date=2026-11-23/`, by the day of each entry in the zone of --tz'
month\t'`month=2026-11/`'
none\t'No directories: every part in OUTPUT'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l oldest-first -d 'Oldest first (the default is newest first, as JOC shows it)'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l force -d 'Add parts to a dataset directory that holds some'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand executions" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l job -d 'Only this job (a pattern; may be given more than once)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l space -d 'Only executions in this space: the space scope (site scope, every execution, without it)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l status -d 'Only executions with this status: running, successful, failed, cancelled, abandoned' -r -f -a "running\t'Started and not finished, and its `auditlog run` still alive'
successful\t'Ended with exit code 0'
failed\t'Ended otherwise, was killed, timed out or could not start'
cancelled\t'Stopped by a signal to `auditlog run`, or refused because the job was running'
abandoned\t'Started and never finished, and its `auditlog run` is gone'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l stale-after -d 'An execution of another host with no finish counts as Abandoned after this long' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -s o -l output -d 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]' -r -f -a "table\t'JOC\'s columns, fitted to the terminal'
plain\t'One entry a line, fields separated by tabs'
json\t'A JSON array of entries'
ndjson\t'One JSON object a line'
csv\t'Comma-separated values with a header (RFC 4180)'
raw\t'The original lines, byte for byte'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -s n -l limit -d 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l export -d 'Write the executions into DIR as a Parquet dataset, rather than list them' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l format -d 'The dataset\'s form: parquet, the only one [default: parquet]' -r -f -a "parquet\t'Apache Parquet'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l partition -d 'How the dataset is split into directories: day, month or none [default: day]' -r -f -a "day\t'`date=2026-11-23/`, by the day of each entry in the zone of --tz'
month\t'`month=2026-11/`'
none\t'No directories: every part in OUTPUT'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l oldest-first -d 'Oldest first (the default is newest first, as JOC shows it)'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l force -d 'Add parts to a dataset directory that holds some'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand runs" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l job -d 'The job [default: the command\'s file name]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l space -d 'The space the job runs in [default: none, a site-wide run, shown as (multiple)]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l reason -d 'The reason (at most 2000 characters)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l reason-number -d 'Use predefined reason N (see `auditlog reasons`)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l time-spent -d 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l ticket -d 'The ticket link: an http:// or https:// URL' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l max-output -d 'Keep at most this much of the command\'s output, its end: 10MiB, 512KiB, 4096' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l output-dir -d 'Where to keep each execution\'s output [default: auditlog-executions/ beside the log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l keep-outputs -d 'Keep the output of this many of the job\'s latest executions; older ones are removed' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l timeout -d 'Stop the command after this long (TERM, then KILL after --kill-after): 90s, 5m, 2h' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l kill-after -d 'How long a command may take to end after TERM before it is killed' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l retries -d 'Run a failed execution again, up to N more times, each as a new execution' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l retry-delay -d 'How long to wait before a retry' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l mirror -d 'Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT [default: `mirror` in the config]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l scheduled -d 'Record a scheduled execution [default when there is no terminal, as under cron]'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l manual -d 'Record a manual execution, by the account [default on a terminal]'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l wait -d 'Wait for a running execution of the same job to end, instead of refusing to start'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l no-sync -d 'Do not wait for entries to reach the disk'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand run" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand metric" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l user -d 'The account [default: $SUDO_USER under sudo, else the login name of the real user]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l params -d 'The request body: a JSON object, or - to read it from standard input' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l params-file -d 'Read the request body from a file' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l id -d 'The database id to write as ` - ID: N`' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l reason -d 'The reason (at most 2000 characters)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l reason-number -d 'Use predefined reason N (see `auditlog reasons`)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l time-spent -d 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l ticket -d 'The ticket link: an http:// or https:// URL' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l mirror -d 'Also send each entry written to syslog: unix:/dev/log, udp://HOST:PORT or tcp://HOST:PORT [default: `mirror` in the config]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l no-sync -d 'Do not wait for the entry to reach the disk'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l head -d 'Print the seal\'s head (SEQ:BYTES:SHA256) instead of sealing, to keep elsewhere'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -s q -l quiet -d 'Print nothing unless something is wrong (for cron)'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Start sealing the log: a new key, printed once, and an empty seal'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l epoch -d 'How long an epoch lasts; when one ends, the key on the host moves on and the old one is gone' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l reason -d 'The reason (at most 2000 characters)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l reason-number -d 'Use predefined reason N (see `auditlog reasons`)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l time-spent -d 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l ticket -d 'The ticket link: an http:// or https:// URL' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l force -d 'Replace an existing seal; the old seal file is kept beside it, and an entry in the log records who did it'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "init" -d 'Start sealing the log: a new key, printed once, and an empty seal'
complete -c auditlog -n "__fish_auditlog_using_subcommand seal; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l key -d 'The verification key `seal init` printed (KEY/START-SECONDS)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l key-file -d 'Read the verification key from a file, or - for standard input' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l head -d 'A head kept elsewhere (`seal --head`): catches the newest entries deleted together with their seal records' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l max-delay -d 'How long after its stamp an entry may first be sealed [default: 2 epochs]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand verify" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l before -d 'Move the entries stamped before this time: 2026-01-01, -90d, -1M, "2 weeks ago"…' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand archive" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l keep -d 'How long rotated files are kept: 10y, 18mo, 400d (a year is 365 days, a month 30)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l key -d 'The verification key, to tell which rotated files are sealed and intact' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l key-file -d 'Read the verification key from a file, or - for standard input' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l delete -d 'Delete the rotated files past retention that verify, each recorded as an entry in the log'
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand retention" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l db -d 'JOC\'s database: postgresql://USER@HOST:PORT/DATABASE or mysql://USER@HOST:PORT/DATABASE' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l db-password-file -d 'Read the database\'s password from the first line of FILE' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l purged-before -d 'Lines without a row stamped before TIME were purged (JOC\'s Cleanup Service), and are counted apart' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l max-skew -d 'The largest difference between a line\'s stamp and its row\'s CREATED, in milliseconds (at most a day), that still pairs them by stamp (lines without an ID) and is not reported as a difference of time' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -s o -l output -d 'How to print: table (on a terminal), text (each mismatch as FILE:LINE: WHY; elsewhere) or json; the counts follow the mismatches' -r -f -a "table\t'The mismatches as a table, a row per field that differs, then the counts'
text\t'Each mismatch as FILE:LINE: WHY, then the counts'
json\t'One JSON document: the mismatches and the counts'"
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l xlsx -d 'Also write the mismatches and the counts to this workbook' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l preset -d 'A date range as in JOC' -r -f -a "all\t'Every entry'
today\t'Since midnight'
yesterday\t'The whole of yesterday'
last-hour\t'The last 60 minutes'
last-12h\t'The last 12 hours'
last-24h\t'The last 24 hours'
last-7d\t'The last 7 days'
this-week\t'Since Monday, midnight'
this-month\t'Since the first of the month, midnight'"
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l since -d 'Entries at or after TIME' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l until -d 'Entries at or before TIME; a date alone means to the end of that day' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l time-of-day -d 'Entries whose time of day lies in START-END, on every day (END not included)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l weekdays -d 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l user -d 'The account, as a pattern (* and ?, ignoring case)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l request -d 'The request, as a pattern (* also matches /): \'./orders/*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l category -d 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown' -r -f -a "deployment\t''
controller\t''
inventory\t''
dailyplan\t''
identity\t''
certificates\t''
settings\t''
monitoring\t''
others\t''
jobs\t''
unknown\t''"
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l controller -d 'The controller named in the request body, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l workflow -d 'Entries whose request body names this workflow, as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l object -d 'Entries whose action touched this object, as the objects log names it: a name or a path (its last segment), as a pattern' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l object-type -d 'Only objects of this type, as the objects log writes it: workflow, order, schedule, jobresource, lock, noticeboard, … (alone: any object of the type)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l reason -d 'The reason, as a pattern: \'*maintenance*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l ticket -d 'The ticket link, as a pattern: \'*OPS-12*\'' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l id -d 'The JOC ID' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l grep -d 'Entries whose text matches REGEX anywhere' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l has-reason -d 'Only entries with a reason'
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand reconcile" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l backwards-tolerance -d 'Report time going backwards only by more than this many milliseconds' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l clear -d 'Remove every summary kept, instead of making them'
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand index" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l dir -d 'The directory to write completions/ and man/ into' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l parent -d 'The process of `auditlog run`' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l execution -d 'The execution\'s ID, which the command has in its environment' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l kill-after -d 'How long the command may take to end after TERM, once `run` is gone' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l objects-file -d 'The objects log JOC writes beside the log (logger JOCAuditObjectsLog) [default: `objects_file` in the config, else audit-objects.log beside each log, when there]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l tz -d 'The zone of the log\'s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system\'s]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l rotated -d 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -l no-pager -d 'Print straight to the terminal, without a pager'
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand guard" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "list" -d 'List entries, newest first, filtered by time and fields'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "history" -d 'Every entry that touched one object, newest first: who, when, why and the request'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "browse" -d 'JOC\'s Audit Log view in the terminal: newest first, presets, a filter line, the detail'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "serve" -d 'JOC\'s Audit Log view in a browser, read-only, served from the files'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "show" -d 'Show one entry in full: every field, the request body, and where it is'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "tail" -d 'Print the last entries, and with -f the entries appended from then on'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "export" -d 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "report" -d 'Where the time went: entries (or job executions) per group, and which way they trend'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "jobs" -d 'Is each job executing at all: state, last run, next expected start, missed starts'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "executions" -d 'List job executions, newest first: the job audit log\'s table'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "run" -d 'Run a command as a job execution, recorded in the log'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "metric" -d 'Report a metric of the running execution (within `auditlog run`)'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "record" -d 'Append one entry to the log, in JOC\'s layout'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "seal" -d 'Seal what was written since the last seal, so that verify can prove nobody edited it'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "verify" -d 'Prove that nobody edited the log since it was sealed'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "archive" -d 'Move the old entries of a log auditlog writes into a gzip archive beside it'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "retention" -d 'List the log\'s rotated files against a retention period, and delete the expired ones'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "reconcile" -d 'Compare the log with JOC\'s database: rows with no line, lines with no row, fields that differ'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "check" -d 'Lint a log: count its entries, report malformed lines and time going backwards'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "index" -d 'Summarize each gzip member of the rotated set, so that queries skip what cannot match'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "reasons" -d 'Print the predefined reasons, numbered for `record --reason-number`'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "generate" -d 'Write shell completions and man pages'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "guard" -d 'Watch `auditlog run` for it, and stop its command\'s process group should it die'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from list history browse serve show tail export report jobs executions run metric record seal verify archive retention reconcile check index reasons generate guard help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and __fish_seen_subcommand_from seal" -f -a "init" -d 'Start sealing the log: a new key, printed once, and an empty seal'
