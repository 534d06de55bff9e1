
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
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand record 'Append one entry to the log, in JOC''s layout'
            cand check 'Lint a log: count its entries, report malformed lines and time going backwards'
            cand reasons 'Print the predefined reasons, numbered for `record --reason-number`'
            cand generate 'Write shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'auditlog;record'= {
            cand --user 'The account [default: $SUDO_USER under sudo, else the login name of the real user]'
            cand --params 'The request body: a JSON object, or - to read it from standard input'
            cand --params-file 'Read the request body from a file'
            cand --id 'The database id to write as ` - ID: N`'
            cand --reason 'The reason for the request (at most 2000 characters)'
            cand --reason-number 'Use predefined reason N (see `auditlog reasons`)'
            cand --time-spent 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)'
            cand --ticket 'The ticket link: an http:// or https:// URL'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand --no-sync 'Do not wait for the entry to reach the disk'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;check'= {
            cand --backwards-tolerance 'Report time going backwards only by more than this many milliseconds'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;reasons'= {
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;generate'= {
            cand --dir 'The directory to write completions/ and man/ into'
            cand --file 'The audit log [default: `file` in the config, else ./audit.log]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]'
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'auditlog;help'= {
            cand record 'Append one entry to the log, in JOC''s layout'
            cand check 'Lint a log: count its entries, report malformed lines and time going backwards'
            cand reasons 'Print the predefined reasons, numbered for `record --reason-number`'
            cand generate 'Write shell completions and man pages'
            cand help 'Print this message or the help of the given subcommand(s)'
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
