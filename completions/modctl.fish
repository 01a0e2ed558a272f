# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_modctl_global_optspecs
    string join \n json database-url= database-url-file= url= admin-key= h/help V/version
end

function __fish_modctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_modctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_modctl_using_subcommand
    set -l cmd (__fish_modctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c modctl -n "__fish_modctl_needs_command" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_needs_command" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_needs_command" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_needs_command" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_needs_command" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c modctl -n "__fish_modctl_needs_command" -s V -l version -d 'Print version'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "keys" -d 'Create, list, show, revoke and rotate API keys'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "migrate" -d 'Show, apply and revert database migrations'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "backup" -d 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "restore" -d 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "policy" -d 'Show, set, list and dry-run an app\'s moderation policy (admin API)'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "classify" -d 'Classify text without storing it: scores, language, decision'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "review" -d 'Review flagged items: list, show, approve, reject, batch'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "webhooks" -d 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "apps" -d 'Per-app data settings: retention and storage mode'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "content" -d 'Erase content on request'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "queue" -d 'Job queue of a running daemon: stats, live workers, dead letters'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "smoke" -d 'Smoke tests against a running daemon: rate limits and authentication'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "man" -d 'Write man pages (the main page and one per subcommand)'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "bench" -d 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "verify" -d 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "top" -d 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)'
complete -c modctl -n "__fish_modctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "create" -d 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "list" -d 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "show" -d 'Show one key (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "revoke" -d 'Revoke a key now (admin API); every replica refuses it within 2 s'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "rotate" -d 'Issue a new secret with the same settings; the old one works until the grace period ends (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and not __fish_seen_subcommand_from create list show revoke rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l name -d 'A name that says who uses the key, e.g. `forum-prod` or `alice-admin`' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l role -d 'What the key may do' -r -f -a "client\t'Submits and reads content'
admin\t'Everything a client can, plus the admin API'"
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l source-app -d 'Restrict the key to submitting content for this source app (repeat for several). Without it, the key may use any source app' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l rate-limit -d 'Per-key rate limit as N/sec, N/min or N/hour, e.g. `30/min`. Without it, the daemon\'s default limit applies' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l expires-in -d 'Expire the key after this long: a number and s, m, h, d or w, e.g. `30m`, `24h`, `90d`. Without it, the key does not expire' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l env -d 'Key prefix: `live` or `test` [default: `live` when MODD_ENV=production (the daemon\'s, through the API), else `test`]' -r -f -a "live\t'`mod_live_…`, for production'
test\t'`mod_test_…`, for development and staging'"
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l stale -d 'Only keys due for rotation: still working and created at least this long ago (a number and s, m, h, d or w, e.g. `90d`)' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l grace -d 'How long the old secret keeps working: a number and s, m, h, d or w, or 0 to stop it at once' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "list" -d 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one key (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a key now (admin API); every replica refuses it within 2 s'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Issue a new secret with the same settings; the old one works until the grace period ends (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -f -a "status" -d 'List every migration with when it was applied, or `pending`'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -f -a "up" -d 'Apply pending migrations, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -f -a "down" -d 'Revert the newest applied migrations (one by default). Drops what they created, data included'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -f -a "redo" -d 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and not __fish_seen_subcommand_from status up down redo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l steps -d 'Apply at most this many migrations [default: all pending]' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l steps -d 'How many migrations to revert, newest first' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l yes -d 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l yes -d 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from redo" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "status" -d 'List every migration with when it was applied, or `pending`'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "up" -d 'Apply pending migrations, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "down" -d 'Revert the newest applied migrations (one by default). Drops what they created, data included'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "redo" -d 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
complete -c modctl -n "__fish_modctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l to -d 'Directory to write the backup and its manifest into (created)' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l key-file -d 'Encrypt the backup with the 32-byte key in this file (64 hex digits, e.g. `openssl rand -hex 32`); restore needs the same file' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l keep -d 'After the backup, delete all but the newest N backups in the directory (of any backend)' -r
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l max-age -d 'After the backup, delete backups older than this (`7d`, `12h`)' -r
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand backup" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand backup" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l key-file -d 'The key file the backup was encrypted with' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l force -d 'Restore even though the target is live: SQLite: another process has the file open; PostgreSQL: other sessions are connected, or modd\'s tables exist (they are dropped and replaced). Stop modd first'
complete -c modctl -n "__fish_modctl_using_subcommand restore" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand restore" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -f -a "show" -d 'Print the app\'s current policy (the built-in one if it has none)'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -f -a "set" -d 'Store a new version of the app\'s policy from a TOML file'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -f -a "history" -d 'List the app\'s policy versions, newest first'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -f -a "test" -d 'Dry run: how many recent decisions a proposed policy would change'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and not __fish_seen_subcommand_from show set history test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l file -d 'Policy file (TOML; see docs/src/using/engine.md, "Policies")' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l file -d 'Proposed policy file (TOML)' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l last -d 'How many of the newest automatic decisions to re-decide' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the app\'s current policy (the built-in one if it has none)'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Store a new version of the app\'s policy from a TOML file'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the app\'s policy versions, newest first'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "test" -d 'Dry run: how many recent decisions a proposed policy would change'
complete -c modctl -n "__fish_modctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l file -d 'A file with one text per line, or JSONL objects with a "text" field' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l source-app -d 'Whose policy decides (default: the key\'s only app, else the built-in policy)' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l batch -d 'Texts per request when streaming a file (the daemon caps it too)' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l api-key -d 'API key for classify (any valid key); defaults to --admin-key' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand classify" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand classify" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "list" -d 'List flagged items waiting for a reviewer, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "show" -d 'Show one item with its text, scores and decision'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "approve" -d 'Approve a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "reject" -d 'Reject (block) a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "batch" -d 'Approve or reject every flagged item matching a filter'
complete -c modctl -n "__fish_modctl_using_subcommand review; and not __fish_seen_subcommand_from list show approve reject batch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l source-app -d 'Only items of this source app' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l category -d 'Match on this category\'s score (with --min-score / --max-score)' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l min-score -d 'Lowest score, 0..1' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l max-score -d 'Highest score, 0..1' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l after-id -d 'Items with an id above this (for paging)' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l limit -d 'At most this many items (1..500)' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l note -d 'Why, for the record' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l note -d 'Why, for the record' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from reject" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l source-app -d 'Only items of this source app' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l category -d 'Match on this category\'s score (with --min-score / --max-score)' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l min-score -d 'Lowest score, 0..1' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l max-score -d 'Highest score, 0..1' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l note -d 'Why, for the record' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l dry-run -d 'Only count the matching items'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from batch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "list" -d 'List flagged items waiting for a reviewer, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one item with its text, scores and decision'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "reject" -d 'Reject (block) a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "batch" -d 'Approve or reject every flagged item matching a filter'
complete -c modctl -n "__fish_modctl_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "set" -d 'Set an app\'s callback URL; prints the signing secret if one was created'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "unset" -d 'Remove an app\'s callback URL (events stop; the secret is kept)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "list" -d 'List apps with their webhook and data settings'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "rotate-secret" -d 'Replace an app\'s signing secret; the old one keeps signing for 24 h'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "test" -d 'Send a signed test event now and show the answer'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "deliveries" -d 'Recent delivery attempts with status codes and latency'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "events" -d 'Events in the app\'s outbox'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "replay" -d 'Send dead-lettered events again (same webhook-id)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and not __fish_seen_subcommand_from set unset list rotate-secret test deliveries events replay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from rotate-secret" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l limit -d 'At most this many attempts' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l status -d 'Only events with this status' -r -f -a "pending\t'Waiting for (another) attempt'
delivered\t'Delivered'
dead\t'Gave up after the last attempt'"
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l limit -d 'At most this many events' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l event -d 'One event, by the numeric id `webhooks events` shows' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l all-dead -d 'Every dead event of the app'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from replay" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set an app\'s callback URL; prints the signing secret if one was created'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove an app\'s callback URL (events stop; the secret is kept)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "list" -d 'List apps with their webhook and data settings'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "rotate-secret" -d 'Replace an app\'s signing secret; the old one keeps signing for 24 h'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a signed test event now and show the answer'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "deliveries" -d 'Recent delivery attempts with status codes and latency'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "events" -d 'Events in the app\'s outbox'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "replay" -d 'Send dead-lettered events again (same webhook-id)'
complete -c modctl -n "__fish_modctl_using_subcommand webhooks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'Show an app\'s settings (the defaults when none are stored)'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Change an app\'s retention or storage mode'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l retention-days -d 'Days to keep the app\'s items, or `default` for MODD_RETENTION_DAYS' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l storage-mode -d 'What to keep of the text once an item is decided' -r -f -a "text\t'The text as submitted'
redacted\t'The text with e-mails, phone and card numbers masked'
none\t'No text: only scores and decision'"
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show an app\'s settings (the defaults when none are stored)'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change an app\'s retention or storage mode'
complete -c modctl -n "__fish_modctl_using_subcommand apps; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -f -a "erase" -d 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
complete -c modctl -n "__fish_modctl_using_subcommand content; and not __fish_seen_subcommand_from erase help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l source-app -d 'The app the item belongs to' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l external-id -d 'The app\'s own id of the item' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from erase" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from help" -f -a "erase" -d 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
complete -c modctl -n "__fish_modctl_using_subcommand content; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -f -a "stats" -d 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -f -a "workers" -d 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -f -a "dlq" -d 'Jobs that ran out of attempts'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and not __fish_seen_subcommand_from stats workers dlq help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from workers" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -f -a "list" -d 'Dead letters, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'One dead letter with its full reason'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -f -a "retry" -d 'Queue the item of one dead letter (or of all) again'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -f -a "purge" -d 'Delete every dead letter (their items stay in `error`)'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from dlq" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "workers" -d 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "dlq" -d 'Jobs that ran out of attempts'
complete -c modctl -n "__fish_modctl_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -f -a "ratelimit" -d 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -f -a "auth" -d 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and not __fish_seen_subcommand_from ratelimit auth help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l key -d 'Use this client key. It must not have been used in the last minute, or part of its quota is already spent. Prefer MODCTL_SMOKE_KEY' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l requests -d 'How many requests to send; must exceed the limit' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l create-temp-key -d 'Create a temporary client key through the admin API (needs an admin key) and revoke it afterwards'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from ratelimit" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from auth" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from help" -f -a "ratelimit" -d 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from help" -f -a "auth" -d 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
complete -c modctl -n "__fish_modctl_using_subcommand smoke; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand completions" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand completions" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand completions" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand completions" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand man" -l out-dir -d 'Write `modctl.1` and one page per subcommand (`modctl-keys-create.1`, …) into this directory. Without it, print the main page to stdout' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand man" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand man" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand man" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand man" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand man" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l duration -d 'How long to send requests, e.g. 30s or 2m' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l concurrency -d 'Requests in flight at once (closed loop), or the cap on them (open loop)' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l rate -d 'Requests per second on a fixed schedule (open loop). Without it, as fast as possible' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l texts -d 'File of texts to send, one per line (default: built-in sample comments)' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l key -d 'Client API key to send with (env MODCTL_BENCH_KEY)' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l source-app -d '`source_app` of the submitted items' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l decision-sample -d 'How many accepted items to follow to their decision (0 = none)' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l fail-p95-ms -d 'Exit 1 when the p95 latency exceeds this many milliseconds' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l fail-error-rate -d 'Exit 1 when the share of failed requests (non-2xx or transport errors) exceeds this, 0..1' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l create-temp-key -d 'Create a temporary client key with no practical rate limit through the admin API (needs --admin-key), and revoke it at the end'
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l decisions-from-database -d 'Read every accepted item\'s accept→decision time, and the end-to-end decisions per second, from the database (--database-url) instead of following a sample over the API'
complete -c modctl -n "__fish_modctl_using_subcommand bench" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand bench" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l junit -d 'Also write the results as JUnit XML to this file (for CI)' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l only -d 'Run only this section (`service`, `config`, `auth`, `ratelimit`, `db`, `redis`, `queue`, `images`, `webhooks`, `perf`, `repo`, `manual`); repeatable' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l skip -d 'Do not run this check (reported as skipped); repeatable' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l repo -d 'Also check this git checkout: `.env` ignored, `.env.example` complete, no live key in the history' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l rotation-age -d 'Active keys older than this fail `auth.key-rotation-age`' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l p95-ms -d '`perf.analyse-p95` fails above this p95 in milliseconds' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l probe-requests -d 'Requests in the `perf.analyse-p95` probe' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l max-pending-secs -d '`queue.oldest-pending` fails when the oldest pending item is older than this many seconds' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l min-cert-days -d 'With an https:// URL, `config.https` fails when the certificate expires within this many days' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l ca-file -d 'Trust this PEM CA certificate (a private CA, or a self-signed certificate) in addition to the system\'s roots' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l min-delivery-rate -d '`webhooks.delivery` fails when an endpoint\'s recent delivery success rate is below this percentage' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l backup-dir -d 'Directory `modctl backup` writes to: `db.backups` fails unless it holds a backup of the deployment\'s backend younger than --backup-max-age. Unset: only PostgreSQL WAL archiving counts' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l backup-max-age -d 'With --backup-dir, `db.backups` fails when the newest backup is older' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l strict -d 'Treat warnings as failures (exit 1, not approved)'
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l list -d 'Print every check id with the checklist section it covers, and exit'
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l ping-webhooks -d 'Send a signed `webhook.test` event to every configured webhook endpoint and report each answer (`webhooks.ping`)'
complete -c modctl -n "__fish_modctl_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand verify" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand top" -l interval -d 'How often to refresh, e.g. `1s`, `500ms`, `5s`' -r
complete -c modctl -n "__fish_modctl_using_subcommand top" -l replica -d 'Only this replica (an id from the Resources panel or `--once --json`)' -r
complete -c modctl -n "__fish_modctl_using_subcommand top" -l database-url -d 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL' -r
complete -c modctl -n "__fish_modctl_using_subcommand top" -l database-url-file -d 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored' -r -F
complete -c modctl -n "__fish_modctl_using_subcommand top" -l url -d 'Base URL of the modd daemon for commands that use its HTTP API' -r
complete -c modctl -n "__fish_modctl_using_subcommand top" -l admin-key -d 'Admin API key for commands that use the daemon\'s admin API. Prefer the environment variable: flags show up in `ps` and shell history' -r
complete -c modctl -n "__fish_modctl_using_subcommand top" -l once -d 'Print one snapshot and exit (with `--json`: the raw stats document)'
complete -c modctl -n "__fish_modctl_using_subcommand top" -l json -d 'Print machine-readable JSON on stdout instead of tables'
complete -c modctl -n "__fish_modctl_using_subcommand top" -s h -l help -d 'Print help'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "keys" -d 'Create, list, show, revoke and rotate API keys'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "migrate" -d 'Show, apply and revert database migrations'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "backup" -d 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "restore" -d 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "policy" -d 'Show, set, list and dry-run an app\'s moderation policy (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "classify" -d 'Classify text without storing it: scores, language, decision'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "review" -d 'Review flagged items: list, show, approve, reject, batch'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "webhooks" -d 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "apps" -d 'Per-app data settings: retention and storage mode'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "content" -d 'Erase content on request'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "queue" -d 'Job queue of a running daemon: stats, live workers, dead letters'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "smoke" -d 'Smoke tests against a running daemon: rate limits and authentication'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "man" -d 'Write man pages (the main page and one per subcommand)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "bench" -d 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "verify" -d 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "top" -d 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and not __fish_seen_subcommand_from keys migrate backup restore policy classify review webhooks apps content queue smoke completions man bench verify top help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "create" -d 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "list" -d 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "show" -d 'Show one key (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "revoke" -d 'Revoke a key now (admin API); every replica refuses it within 2 s'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "rotate" -d 'Issue a new secret with the same settings; the old one works until the grace period ends (admin API)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "status" -d 'List every migration with when it was applied, or `pending`'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "up" -d 'Apply pending migrations, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "down" -d 'Revert the newest applied migrations (one by default). Drops what they created, data included'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "redo" -d 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the app\'s current policy (the built-in one if it has none)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Store a new version of the app\'s policy from a TOML file'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "history" -d 'List the app\'s policy versions, newest first'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "test" -d 'Dry run: how many recent decisions a proposed policy would change'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "list" -d 'List flagged items waiting for a reviewer, oldest first'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "show" -d 'Show one item with its text, scores and decision'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "approve" -d 'Approve a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "reject" -d 'Reject (block) a flagged item (final)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "batch" -d 'Approve or reject every flagged item matching a filter'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "set" -d 'Set an app\'s callback URL; prints the signing secret if one was created'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "unset" -d 'Remove an app\'s callback URL (events stop; the secret is kept)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "list" -d 'List apps with their webhook and data settings'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "rotate-secret" -d 'Replace an app\'s signing secret; the old one keeps signing for 24 h'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "test" -d 'Send a signed test event now and show the answer'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "deliveries" -d 'Recent delivery attempts with status codes and latency'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "events" -d 'Events in the app\'s outbox'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from webhooks" -f -a "replay" -d 'Send dead-lettered events again (same webhook-id)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from apps" -f -a "show" -d 'Show an app\'s settings (the defaults when none are stored)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from apps" -f -a "set" -d 'Change an app\'s retention or storage mode'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from content" -f -a "erase" -d 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "stats" -d 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "workers" -d 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "dlq" -d 'Jobs that ran out of attempts'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from smoke" -f -a "ratelimit" -d 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
complete -c modctl -n "__fish_modctl_using_subcommand help; and __fish_seen_subcommand_from smoke" -f -a "auth" -d 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
