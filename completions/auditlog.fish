# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_auditlog_global_optspecs
    string join \n file= config= color= h/help V/version
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
complete -c auditlog -n "__fish_auditlog_needs_command" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_needs_command" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "record" -d 'Append one entry to the log, in JOC\'s layout'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "check" -d 'Lint a log: count its entries, report malformed lines and time going backwards'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "reasons" -d 'Print the predefined reasons, numbered for `record --reason-number`'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "generate" -d 'Write shell completions and man pages'
complete -c auditlog -n "__fish_auditlog_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l user -d 'The account [default: $SUDO_USER under sudo, else the login name of the real user]' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l params -d 'The request body: a JSON object, or - to read it from standard input' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l params-file -d 'Read the request body from a file' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l id -d 'The database id to write as ` - ID: N`' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l reason -d 'The reason for the request (at most 2000 characters)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l reason-number -d 'Use predefined reason N (see `auditlog reasons`)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l time-spent -d 'Time spent: minutes (15 or 15m), hours (2h) or both (1h30m)' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l ticket -d 'The ticket link: an http:// or https:// URL' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -l no-sync -d 'Do not wait for the entry to reach the disk'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand record" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l backwards-tolerance -d 'Report time going backwards only by more than this many milliseconds' -r
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand check" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand reasons" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l dir -d 'The directory to write completions/ and man/ into' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l file -d 'The audit log [default: `file` in the config, else ./audit.log]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/auditlog/config.toml, else /etc/auditlog/config.toml]' -r -F
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always, never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set to something'
always\t'Always'
never\t'Never'"
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c auditlog -n "__fish_auditlog_using_subcommand generate" -s V -l version -d 'Print version'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from record check reasons generate help" -f -a "record" -d 'Append one entry to the log, in JOC\'s layout'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from record check reasons generate help" -f -a "check" -d 'Lint a log: count its entries, report malformed lines and time going backwards'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from record check reasons generate help" -f -a "reasons" -d 'Print the predefined reasons, numbered for `record --reason-number`'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from record check reasons generate help" -f -a "generate" -d 'Write shell completions and man pages'
complete -c auditlog -n "__fish_auditlog_using_subcommand help; and not __fish_seen_subcommand_from record check reasons generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
