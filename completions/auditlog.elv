
use builtin;
use str;

set edit:completion:arg-completer[auditlog] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'auditlog'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'auditlog'= {
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List entries, newest first, filtered by time and fields'
            cand show 'Show one entry in full: every field, the request body, and where it is'
            cand tail 'Print the last entries, and with -f the entries appended from then on'
            cand export 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them'
            cand executions 'List job executions, newest first: the job audit log''s table'
            cand runs 'List job executions, newest first: the job audit log''s table'
            cand run 'Run a command as a job execution, recorded in the log'
            cand metric 'Report a metric of the running execution (within `auditlog run`)'
            cand record 'Append one entry to the log, in JOC''s layout'
            cand check 'Lint a log: count its entries, report malformed lines and time going backwards'
            cand reasons 'Print the predefined reasons, numbered for `record --reason-number`'
            cand generate 'Write shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auditlog;list'= {
            cand --preset 'A date range as in JOC'
            cand --since 'Entries at or after TIME'
            cand --until 'Entries at or before TIME; a date alone means to the end of that day'
            cand --time-of-day 'Entries whose time of day lies in START-END, on every day (END not included)'
            cand --weekdays 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)'
            cand --user 'The account, as a pattern (* and ?, ignoring case)'
            cand --request 'The request, as a pattern (* also matches /): ''./orders/*'''
            cand --category 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown'
            cand --controller 'The controller named in the request body, as a pattern'
            cand --workflow 'Entries whose request body names this workflow, as a pattern'
            cand --reason 'The reason, as a pattern: ''*maintenance*'''
            cand --ticket 'The ticket link, as a pattern: ''*OPS-12*'''
            cand --id 'The JOC ID'
            cand --grep 'Entries whose text matches REGEX anywhere'
            cand -o 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand --output 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand -n 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --limit 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --has-reason 'Only entries with a reason'
            cand --oldest-first 'Oldest first (the default is newest first, as JOC shows it)'
            cand --count 'Print only the number of matching entries'
            cand --strict 'Stop with an error at the first line that is not an entry (it is reported and skipped otherwise)'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;show'= {
            cand -o 'text or json'
            cand --output 'text or json'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --log 'For a job execution: print the output it kept instead'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;tail'= {
            cand --preset 'A date range as in JOC'
            cand --since 'Entries at or after TIME'
            cand --until 'Entries at or before TIME; a date alone means to the end of that day'
            cand --time-of-day 'Entries whose time of day lies in START-END, on every day (END not included)'
            cand --weekdays 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)'
            cand --user 'The account, as a pattern (* and ?, ignoring case)'
            cand --request 'The request, as a pattern (* also matches /): ''./orders/*'''
            cand --category 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown'
            cand --controller 'The controller named in the request body, as a pattern'
            cand --workflow 'Entries whose request body names this workflow, as a pattern'
            cand --reason 'The reason, as a pattern: ''*maintenance*'''
            cand --ticket 'The ticket link, as a pattern: ''*OPS-12*'''
            cand --id 'The JOC ID'
            cand --grep 'Entries whose text matches REGEX anywhere'
            cand -n 'How many of the last matching entries to print first'
            cand --lines 'How many of the last matching entries to print first'
            cand --max 'End after printing N entries in all (for scripts waiting on an entry: -n 0 --max 1)'
            cand -o 'plain, json, ndjson, csv, raw or table (not with -f) [default: plain on a terminal, else raw]'
            cand --output 'plain, json, ndjson, csv, raw or table (not with -f) [default: plain on a terminal, else raw]'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --has-reason 'Only entries with a reason'
            cand -f 'Keep printing matching entries as they are appended'
            cand --follow 'Keep printing matching entries as they are appended'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;export'= {
            cand --preset 'A date range as in JOC'
            cand --since 'Entries at or after TIME'
            cand --until 'Entries at or before TIME; a date alone means to the end of that day'
            cand --time-of-day 'Entries whose time of day lies in START-END, on every day (END not included)'
            cand --weekdays 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)'
            cand --user 'The account, as a pattern (* and ?, ignoring case)'
            cand --request 'The request, as a pattern (* also matches /): ''./orders/*'''
            cand --category 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown'
            cand --controller 'The controller named in the request body, as a pattern'
            cand --workflow 'Entries whose request body names this workflow, as a pattern'
            cand --reason 'The reason, as a pattern: ''*maintenance*'''
            cand --ticket 'The ticket link, as a pattern: ''*OPS-12*'''
            cand --id 'The JOC ID'
            cand --grep 'Entries whose text matches REGEX anywhere'
            cand --format 'xlsx, csv or ndjson [default: from OUTPUT''s extension]'
            cand -n 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --limit 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --has-reason 'Only entries with a reason'
            cand --oldest-first 'Oldest first (the default is newest first, as JOC shows it)'
            cand --with-params 'Add the request body as a column "Request Body" (xlsx and csv)'
            cand --force 'Replace OUTPUT when it exists'
            cand -q 'No progress bar'
            cand --quiet 'No progress bar'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;executions'= {
            cand --preset 'A date range as in JOC'
            cand --since 'Entries at or after TIME'
            cand --until 'Entries at or before TIME; a date alone means to the end of that day'
            cand --time-of-day 'Entries whose time of day lies in START-END, on every day (END not included)'
            cand --weekdays 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)'
            cand --user 'The account, as a pattern (* and ?, ignoring case)'
            cand --request 'The request, as a pattern (* also matches /): ''./orders/*'''
            cand --category 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown'
            cand --controller 'The controller named in the request body, as a pattern'
            cand --workflow 'Entries whose request body names this workflow, as a pattern'
            cand --reason 'The reason, as a pattern: ''*maintenance*'''
            cand --ticket 'The ticket link, as a pattern: ''*OPS-12*'''
            cand --id 'The JOC ID'
            cand --grep 'Entries whose text matches REGEX anywhere'
            cand --job 'Only this job (a pattern; may be given more than once)'
            cand --space 'Only executions in this space: the space scope (site scope, every execution, without it)'
            cand --status 'Only executions with this status: running, successful, failed, cancelled, abandoned'
            cand --stale-after 'An execution of another host with no finish counts as Abandoned after this long'
            cand -o 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand --output 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand -n 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --limit 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --has-reason 'Only entries with a reason'
            cand --oldest-first 'Oldest first (the default is newest first, as JOC shows it)'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;runs'= {
            cand --preset 'A date range as in JOC'
            cand --since 'Entries at or after TIME'
            cand --until 'Entries at or before TIME; a date alone means to the end of that day'
            cand --time-of-day 'Entries whose time of day lies in START-END, on every day (END not included)'
            cand --weekdays 'Entries on these days of the week: a range or a list (mon-fri, sat,sun, mon,wed-fri)'
            cand --user 'The account, as a pattern (* and ?, ignoring case)'
            cand --request 'The request, as a pattern (* also matches /): ''./orders/*'''
            cand --category 'The category: deployment, controller, inventory, dailyplan, identity, certificates, settings, monitoring, others, jobs, unknown'
            cand --controller 'The controller named in the request body, as a pattern'
            cand --workflow 'Entries whose request body names this workflow, as a pattern'
            cand --reason 'The reason, as a pattern: ''*maintenance*'''
            cand --ticket 'The ticket link, as a pattern: ''*OPS-12*'''
            cand --id 'The JOC ID'
            cand --grep 'Entries whose text matches REGEX anywhere'
            cand --job 'Only this job (a pattern; may be given more than once)'
            cand --space 'Only executions in this space: the space scope (site scope, every execution, without it)'
            cand --status 'Only executions with this status: running, successful, failed, cancelled, abandoned'
            cand --stale-after 'An execution of another host with no finish counts as Abandoned after this long'
            cand -o 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand --output 'table, plain, json, ndjson, csv or raw [default: table on a terminal, else raw for entries and plain for executions]'
            cand -n 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --limit 'Only the N newest entries (shown newest first, or oldest first with --oldest-first)'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --has-reason 'Only entries with a reason'
            cand --oldest-first 'Oldest first (the default is newest first, as JOC shows it)'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;run'= {
            cand --job 'The job [default: the command''s file name]'
            cand --space 'The space the job runs in [default: none, a site-wide run, shown as (multiple)]'
            cand --reason 'The reason (at most 2000 characters)'
            cand --reason-number 'Use predefined reason N (see `auditlog reasons`)'
            cand --time-spent 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)'
            cand --ticket 'The ticket link: an http:// or https:// URL'
            cand --max-output 'Keep at most this much of the command''s output, its end: 10MiB, 512KiB, 4096'
            cand --output-dir 'Where to keep each execution''s output [default: auditlog-executions/ beside the log]'
            cand --timeout 'Stop the command after this long (TERM, then KILL after --kill-after): 90s, 5m, 2h'
            cand --kill-after 'How long a command may take to end after TERM before it is killed'
            cand --retries 'Run a failed execution again, up to N more times, each as a new execution'
            cand --retry-delay 'How long to wait before a retry'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --scheduled 'Record a scheduled execution [default when there is no terminal, as under cron]'
            cand --manual 'Record a manual execution, by the account [default on a terminal]'
            cand --wait 'Wait for a running execution of the same job to end, instead of refusing to start'
            cand --no-sync 'Do not wait for entries to reach the disk'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;metric'= {
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;record'= {
            cand --user 'The account [default: $SUDO_USER under sudo, else the login name of the real user]'
            cand --params 'The request body: a JSON object, or - to read it from standard input'
            cand --params-file 'Read the request body from a file'
            cand --id 'The database id to write as ` - ID: N`'
            cand --reason 'The reason (at most 2000 characters)'
            cand --reason-number 'Use predefined reason N (see `auditlog reasons`)'
            cand --time-spent 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)'
            cand --ticket 'The ticket link: an http:// or https:// URL'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --no-sync 'Do not wait for the entry to reach the disk'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;check'= {
            cand --backwards-tolerance 'Report time going backwards only by more than this many milliseconds'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;reasons'= {
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;generate'= {
            cand --dir 'The directory to write completions/ and man/ into'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --tz 'The zone of the log''s stamps, such as Europe/Berlin [default: `timezone` in the config, else the system''s]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --rotated 'Read each log together with its rotated siblings (audit.log.1, audit.log.2.gz, …)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;help'= {
            cand list 'List entries, newest first, filtered by time and fields'
            cand show 'Show one entry in full: every field, the request body, and where it is'
            cand tail 'Print the last entries, and with -f the entries appended from then on'
            cand export 'Export entries to .xlsx, .csv or .ndjson, exactly as list shows them'
            cand executions 'List job executions, newest first: the job audit log''s table'
            cand run 'Run a command as a job execution, recorded in the log'
            cand metric 'Report a metric of the running execution (within `auditlog run`)'
            cand record 'Append one entry to the log, in JOC''s layout'
            cand check 'Lint a log: count its entries, report malformed lines and time going backwards'
            cand reasons 'Print the predefined reasons, numbered for `record --reason-number`'
            cand generate 'Write shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auditlog;help;list'= {
        }
        &'auditlog;help;show'= {
        }
        &'auditlog;help;tail'= {
        }
        &'auditlog;help;export'= {
        }
        &'auditlog;help;executions'= {
        }
        &'auditlog;help;run'= {
        }
        &'auditlog;help;metric'= {
        }
        &'auditlog;help;record'= {
        }
        &'auditlog;help;check'= {
        }
        &'auditlog;help;reasons'= {
        }
        &'auditlog;help;generate'= {
        }
        &'auditlog;help;help'= {
        }
    ]
    $completions[$command]
}
