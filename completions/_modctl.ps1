
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'modctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'modctl'
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
        'modctl' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Create, list, show, revoke and rotate API keys')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Show, apply and revert database migrations')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show, set, list and dry-run an app''s moderation policy (admin API)')
            [CompletionResult]::new('classify', 'classify', [CompletionResultType]::ParameterValue, 'Classify text without storing it: scores, language, decision')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Measure decisions on labelled JSONL: precision, recall and F1 per language and category, thresholds for a target precision')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review flagged items (list, show, approve, reject, batch) and appeals')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'The daemon''s SECRET_KEY rotation: reseal stored webhook secrets under the new key (resumable, audited, `--dry-run`)')
            [CompletionResult]::new('apps', 'apps', [CompletionResultType]::ParameterValue, 'Per-app data settings: retention and storage mode')
            [CompletionResult]::new('content', 'content', [CompletionResultType]::ParameterValue, 'Erase content on request')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Job queue of a running daemon: stats, live workers, dead letters')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Smoke tests against a running daemon: rate limits and authentication')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (the main page and one per subcommand)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;keys' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key and print its secret once (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key (admin API)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key now (admin API); every replica refuses it within 2 s')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)')
            [CompletionResult]::new('extend-grace', 'extend-grace', [CompletionResultType]::ParameterValue, 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)')
            [CompletionResult]::new('set-max-age', 'set-max-age', [CompletionResultType]::ParameterValue, 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;keys;create' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name that says who uses the key, e.g. `forum-prod` or `alice-admin`')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'What the key may do')
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Restrict the key to submitting content for this source app (repeat for several). Without it, the key may use any source app')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Per-key rate limit as N/sec, N/min or N/hour, e.g. `30/min`. Without it, the daemon''s default limit applies')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire the key after this long: a number and s, m, h, d or w, e.g. `30m`, `24h`, `90d`. Without it, the key does not expire')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Key prefix: `live` or `test` [default: `live` when MODD_ENV=production (the daemon''s, through the API), else `test`]')
            [CompletionResult]::new('--person', '--person', [CompletionResultType]::ParameterName, 'The person the key belongs to, e.g. `Alice Martin`: their decisions and audit entries carry this name. Required for `--role reviewer`')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'This key''s maximum age, e.g. `30d`: past it, `modctl verify` and `modctl top` report it as due for rotation. Without it, the daemon''s MODD_KEY_MAX_AGE applies')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'modctl;keys;list' {
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Only keys due for rotation: still working and created at least this long ago (a number and s, m, h, d or w, e.g. `90d`)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;revoke' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;rotate' {
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Select working keys created at least this long ago, e.g. `90d`')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Select keys whose name matches PATTERN (`*` any run, `?` one character), e.g. `forum-*`')
            [CompletionResult]::new('--app', '--app', [CompletionResultType]::ParameterName, 'Select keys bound to this source app (keys for any app are not)')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long the old secret keeps working: a number and s, m, h, d or w, or 0 to stop it at once')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the new secrets to this new file (JSON, mode 0600); an existing file is never overwritten')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--all-client', '--all-client', [CompletionResultType]::ParameterName, 'Select client keys (with the other selectors: only client keys)')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Select keys past their maximum age (their own, else the daemon''s MODD_KEY_MAX_AGE): what `modctl verify` reports as `auth.key-max-age`')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the keys that would be rotated and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Rotate without asking (a selection asks for confirmation first)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Rotate without asking (a selection asks for confirmation first)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;extend-grace' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;set-max-age' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;keys;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key and print its secret once (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key (admin API)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key now (admin API); every replica refuses it within 2 s')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)')
            [CompletionResult]::new('extend-grace', 'extend-grace', [CompletionResultType]::ParameterValue, 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)')
            [CompletionResult]::new('set-max-age', 'set-max-age', [CompletionResultType]::ParameterValue, 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;keys;help;create' {
            break
        }
        'modctl;keys;help;list' {
            break
        }
        'modctl;keys;help;show' {
            break
        }
        'modctl;keys;help;revoke' {
            break
        }
        'modctl;keys;help;rotate' {
            break
        }
        'modctl;keys;help;extend-grace' {
            break
        }
        'modctl;keys;help;set-max-age' {
            break
        }
        'modctl;keys;help;help' {
            break
        }
        'modctl;migrate' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration with when it was applied, or `pending`')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Apply pending migrations, oldest first')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Revert the newest applied migrations (one by default). Drops what they created, data included')
            [CompletionResult]::new('redo', 'redo', [CompletionResultType]::ParameterValue, 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;migrate;status' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;migrate;up' {
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Apply at most this many migrations [default: all pending]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;migrate;down' {
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'How many migrations to revert, newest first')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;migrate;redo' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;migrate;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration with when it was applied, or `pending`')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Apply pending migrations, oldest first')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Revert the newest applied migrations (one by default). Drops what they created, data included')
            [CompletionResult]::new('redo', 'redo', [CompletionResultType]::ParameterValue, 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;migrate;help;status' {
            break
        }
        'modctl;migrate;help;up' {
            break
        }
        'modctl;migrate;help;down' {
            break
        }
        'modctl;migrate;help;redo' {
            break
        }
        'modctl;migrate;help;help' {
            break
        }
        'modctl;backup' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Directory to write the backup and its manifest into (created)')
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'Encrypt the backup with the 32-byte key in this file (64 hex digits, e.g. `openssl rand -hex 32`); restore needs the same file')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'After the backup, delete all but the newest N backups in the directory (of any backend)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'After the backup, delete backups older than this (`7d`, `12h`)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;restore' {
            [CompletionResult]::new('--key-file', '--key-file', [CompletionResultType]::ParameterName, 'The key file the backup was encrypted with')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restore even though the target is live: SQLite: another process has the file open; PostgreSQL: other sessions are connected, or modd''s tables exist (they are dropped and replaced). Stop modd first')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;policy' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the app''s current policy (the built-in one if it has none)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version of the app''s policy from a TOML file')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the app''s policy versions, newest first')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Dry run: how many recent decisions a proposed policy would change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;policy;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;policy;set' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Policy file (TOML; see docs/src/using/engine.md, "Policies")')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;policy;history' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;policy;test' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Proposed policy file (TOML)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'How many of the newest automatic decisions to re-decide')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the app''s current policy (the built-in one if it has none)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version of the app''s policy from a TOML file')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the app''s policy versions, newest first')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Dry run: how many recent decisions a proposed policy would change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;policy;help;show' {
            break
        }
        'modctl;policy;help;set' {
            break
        }
        'modctl;policy;help;history' {
            break
        }
        'modctl;policy;help;test' {
            break
        }
        'modctl;policy;help;help' {
            break
        }
        'modctl;classify' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A file with one text per line, or JSONL objects with a "text" field')
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Whose policy decides (default: the key''s only app, else the built-in policy)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Texts per request when streaming a file (the daemon caps it too)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for classify (any valid key); defaults to --admin-key')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;eval' {
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'Only the lines of this split (e.g. `test`)')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Score at or above which a text counts as flagged, for precision, recall and F1')
            [CompletionResult]::new('--target-precision', '--target-precision', [CompletionResultType]::ParameterName, 'The precision the suggested thresholds must reach')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Classify requests in flight')
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Whose policy applies (it decides, e.g., whether uncovered languages are scored anyway); default: the key''s only app, else the built-in')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Fail (exit 1) when any F1 is below the one recorded in this file')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Record this run''s F1s in this file, for later `--baseline` runs')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key for classify (any valid key); defaults to --admin-key')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List flagged items waiting for a reviewer, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one item with its text, scores and decision')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a flagged item (final)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject (block) a flagged item (final)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Approve or reject every flagged item matching a filter')
            [CompletionResult]::new('appeals', 'appeals', [CompletionResultType]::ParameterValue, 'Appeals of decided items: list, show, decide (uphold or overturn)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;review;list' {
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Only items of this source app')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Match on this category''s score (with --min-score / --max-score)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Lowest score, 0..1')
            [CompletionResult]::new('--max-score', '--max-score', [CompletionResultType]::ParameterName, 'Highest score, 0..1')
            [CompletionResult]::new('--after-id', '--after-id', [CompletionResultType]::ParameterName, 'Items with an id above this (for paging)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many items (1..500)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;approve' {
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why, for the record')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'One of the item''s app''s reason codes (`modctl apps reason-codes APP`)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;reject' {
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why, for the record')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'One of the item''s app''s reason codes (`modctl apps reason-codes APP`)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;batch' {
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Only items of this source app')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Match on this category''s score (with --min-score / --max-score)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Lowest score, 0..1')
            [CompletionResult]::new('--max-score', '--max-score', [CompletionResultType]::ParameterName, 'Highest score, 0..1')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why, for the record')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'One of the app''s reason codes, for every item (needs --source-app)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only count the matching items')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'modctl;review;appeals' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List open appeals (the queue), or decided ones, oldest item first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the appeal of an item: the statement and the decision appealed against')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Uphold or overturn the decision of an appealed item')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;review;appeals;list' {
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'Only appeals of this source app')
            [CompletionResult]::new('--after-id', '--after-id', [CompletionResultType]::ParameterName, 'Appeals of items with an id above this (for paging)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many appeals (1..500)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--decided', '--decided', [CompletionResultType]::ParameterName, 'List decided appeals instead of the open queue')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;appeals;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;review;appeals;decide' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Reason code, e.g. acceptable or spam (the review reason codes)')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'Why, for the record')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'modctl;review;appeals;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List open appeals (the queue), or decided ones, oldest item first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the appeal of an item: the statement and the decision appealed against')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Uphold or overturn the decision of an appealed item')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;review;appeals;help;list' {
            break
        }
        'modctl;review;appeals;help;show' {
            break
        }
        'modctl;review;appeals;help;decide' {
            break
        }
        'modctl;review;appeals;help;help' {
            break
        }
        'modctl;review;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List flagged items waiting for a reviewer, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one item with its text, scores and decision')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a flagged item (final)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject (block) a flagged item (final)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Approve or reject every flagged item matching a filter')
            [CompletionResult]::new('appeals', 'appeals', [CompletionResultType]::ParameterValue, 'Appeals of decided items: list, show, decide (uphold or overturn)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;review;help;list' {
            break
        }
        'modctl;review;help;show' {
            break
        }
        'modctl;review;help;approve' {
            break
        }
        'modctl;review;help;reject' {
            break
        }
        'modctl;review;help;batch' {
            break
        }
        'modctl;review;help;appeals' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List open appeals (the queue), or decided ones, oldest item first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the appeal of an item: the statement and the decision appealed against')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Uphold or overturn the decision of an appealed item')
            break
        }
        'modctl;review;help;appeals;list' {
            break
        }
        'modctl;review;help;appeals;show' {
            break
        }
        'modctl;review;help;appeals;decide' {
            break
        }
        'modctl;review;help;help' {
            break
        }
        'modctl;webhooks' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set an app''s callback URL; prints the signing secret if one was created')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove an app''s callback URL (events stop; the secret is kept)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List apps with their webhook and data settings')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a signed test event now and show the answer')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'Recent delivery attempts with status codes and latency')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Events in the app''s outbox')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send dead-lettered events again (same webhook-id)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;webhooks;set' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;unset' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;list' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;rotate-secret' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long the old secret keeps signing next to the new one: a number and s, m, h, d or w, or 0 to stop it at once')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;test' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;deliveries' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many attempts')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;events' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only events with this status')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'modctl;webhooks;replay' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'One event, by the numeric id `webhooks events` shows')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--all-dead', '--all-dead', [CompletionResultType]::ParameterName, 'Every dead event of the app')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;webhooks;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set an app''s callback URL; prints the signing secret if one was created')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove an app''s callback URL (events stop; the secret is kept)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List apps with their webhook and data settings')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a signed test event now and show the answer')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'Recent delivery attempts with status codes and latency')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Events in the app''s outbox')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send dead-lettered events again (same webhook-id)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;webhooks;help;set' {
            break
        }
        'modctl;webhooks;help;unset' {
            break
        }
        'modctl;webhooks;help;list' {
            break
        }
        'modctl;webhooks;help;rotate-secret' {
            break
        }
        'modctl;webhooks;help;test' {
            break
        }
        'modctl;webhooks;help;deliveries' {
            break
        }
        'modctl;webhooks;help;events' {
            break
        }
        'modctl;webhooks;help;replay' {
            break
        }
        'modctl;webhooks;help;help' {
            break
        }
        'modctl;secrets' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;secrets;rotate' {
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Apps per request (one transaction and one audit entry each), 1 to 1000')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Resume after this app (what an interrupted run printed); default: from the first app. A plain rerun is also safe')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Report what would be resealed; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;secrets;help' {
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;secrets;help;rotate' {
            break
        }
        'modctl;secrets;help;help' {
            break
        }
        'modctl;apps' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app''s settings (the defaults when none are stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an app''s retention or storage mode')
            [CompletionResult]::new('reason-codes', 'reason-codes', [CompletionResultType]::ParameterValue, 'Show an app''s reason codes (what reviewers pick from), or set them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;apps;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;apps;set' {
            [CompletionResult]::new('--retention-days', '--retention-days', [CompletionResultType]::ParameterName, 'Days to keep the app''s items, or `default` for MODD_RETENTION_DAYS')
            [CompletionResult]::new('--storage-mode', '--storage-mode', [CompletionResultType]::ParameterName, 'What to keep of the text once an item is decided')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'modctl;apps;reason-codes' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Replace the list: CODE=LABEL, once per code, in key order (1 to 9 codes; a code is a-z, 0-9 and _, starting with a letter)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--default', '--default', [CompletionResultType]::ParameterName, 'Go back to the built-in list')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;apps;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app''s settings (the defaults when none are stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an app''s retention or storage mode')
            [CompletionResult]::new('reason-codes', 'reason-codes', [CompletionResultType]::ParameterValue, 'Show an app''s reason codes (what reviewers pick from), or set them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;apps;help;show' {
            break
        }
        'modctl;apps;help;set' {
            break
        }
        'modctl;apps;help;reason-codes' {
            break
        }
        'modctl;apps;help;help' {
            break
        }
        'modctl;content' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('erase', 'erase', [CompletionResultType]::ParameterValue, 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;content;erase' {
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, 'The app the item belongs to')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The app''s own id of the item')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;content;help' {
            [CompletionResult]::new('erase', 'erase', [CompletionResultType]::ParameterValue, 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;content;help;erase' {
            break
        }
        'modctl;content;help;help' {
            break
        }
        'modctl;queue' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest')
            [CompletionResult]::new('workers', 'workers', [CompletionResultType]::ParameterValue, 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Jobs that ran out of attempts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;queue;stats' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;workers' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;dlq' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Dead letters, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dead letter with its full reason')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue the item of one dead letter (or of all) again')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete every dead letter (their items stay in `error`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;queue;dlq;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many (1-1000)')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Start after this dead-letter id (to page through a long list)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;dlq;show' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;dlq;retry' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Retry every dead letter')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;dlq;purge' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (for scripts; required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;queue;dlq;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Dead letters, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dead letter with its full reason')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue the item of one dead letter (or of all) again')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete every dead letter (their items stay in `error`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;queue;dlq;help;list' {
            break
        }
        'modctl;queue;dlq;help;show' {
            break
        }
        'modctl;queue;dlq;help;retry' {
            break
        }
        'modctl;queue;dlq;help;purge' {
            break
        }
        'modctl;queue;dlq;help;help' {
            break
        }
        'modctl;queue;help' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest')
            [CompletionResult]::new('workers', 'workers', [CompletionResultType]::ParameterValue, 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Jobs that ran out of attempts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;queue;help;stats' {
            break
        }
        'modctl;queue;help;workers' {
            break
        }
        'modctl;queue;help;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Dead letters, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dead letter with its full reason')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue the item of one dead letter (or of all) again')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete every dead letter (their items stay in `error`)')
            break
        }
        'modctl;queue;help;dlq;list' {
            break
        }
        'modctl;queue;help;dlq;show' {
            break
        }
        'modctl;queue;help;dlq;retry' {
            break
        }
        'modctl;queue;help;dlq;purge' {
            break
        }
        'modctl;queue;help;help' {
            break
        }
        'modctl;smoke' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('ratelimit', 'ratelimit', [CompletionResultType]::ParameterValue, 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;smoke;ratelimit' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Use this client key. It must not have been used in the last minute, or part of its quota is already spent. Prefer MODCTL_SMOKE_KEY')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'How many requests to send; must exceed the limit')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--create-temp-key', '--create-temp-key', [CompletionResultType]::ParameterName, 'Create a temporary client key through the admin API (needs an admin key) and revoke it afterwards')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;smoke;auth' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;smoke;help' {
            [CompletionResult]::new('ratelimit', 'ratelimit', [CompletionResultType]::ParameterValue, 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;smoke;help;ratelimit' {
            break
        }
        'modctl;smoke;help;auth' {
            break
        }
        'modctl;smoke;help;help' {
            break
        }
        'modctl;completions' {
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write `modctl.1` and one page per subcommand (`modctl-keys-create.1`, …) into this directory. Without it, print the main page to stdout')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;bench' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send requests, e.g. 30s or 2m')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once (closed loop), or the cap on them (open loop)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second on a fixed schedule (open loop). Without it, as fast as possible')
            [CompletionResult]::new('--texts', '--texts', [CompletionResultType]::ParameterName, 'File of texts to send, one per line (default: built-in sample comments)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Client API key to send with (env MODCTL_BENCH_KEY)')
            [CompletionResult]::new('--source-app', '--source-app', [CompletionResultType]::ParameterName, '`source_app` of the submitted items')
            [CompletionResult]::new('--decision-sample', '--decision-sample', [CompletionResultType]::ParameterName, 'How many accepted items to follow to their decision (0 = none)')
            [CompletionResult]::new('--fail-p95-ms', '--fail-p95-ms', [CompletionResultType]::ParameterName, 'Exit 1 when the p95 latency exceeds this many milliseconds')
            [CompletionResult]::new('--fail-error-rate', '--fail-error-rate', [CompletionResultType]::ParameterName, 'Exit 1 when the share of failed requests (non-2xx or transport errors) exceeds this, 0..1')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--create-temp-key', '--create-temp-key', [CompletionResultType]::ParameterName, 'Create a temporary client key with no practical rate limit through the admin API (needs --admin-key), and revoke it at the end')
            [CompletionResult]::new('--decisions-from-database', '--decisions-from-database', [CompletionResultType]::ParameterName, 'Read every accepted item''s accept→decision time, and the end-to-end decisions per second, from the database (--database-url) instead of following a sample over the API')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the report: `table`, `json` (as `--json`), `junit`, `github` (workflow annotations) or `markdown` (a release-ticket summary)')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the results as JUnit XML to this file (for CI)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only this section (`service`, `deployment`, `config`, `auth`, `ratelimit`, `db`, `redis`, `queue`, `images`, `webhooks`, `perf`, `repo`, `manual`); repeatable')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Do not run this check (reported as skipped); repeatable')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Also check this git checkout: `.env` ignored, `.env.example` complete, no live key in the history')
            [CompletionResult]::new('--rotation-age', '--rotation-age', [CompletionResultType]::ParameterName, 'Active keys older than this fail `auth.key-rotation-age`')
            [CompletionResult]::new('--p95-ms', '--p95-ms', [CompletionResultType]::ParameterName, '`perf.analyse-p95` fails above this p95 in milliseconds')
            [CompletionResult]::new('--probe-requests', '--probe-requests', [CompletionResultType]::ParameterName, 'Requests in the `perf.analyse-p95` probe')
            [CompletionResult]::new('--max-pending-secs', '--max-pending-secs', [CompletionResultType]::ParameterName, '`queue.oldest-pending` fails when the oldest pending item is older than this many seconds')
            [CompletionResult]::new('--min-cert-days', '--min-cert-days', [CompletionResultType]::ParameterName, 'With an https:// URL, `config.https` fails when the certificate expires within this many days')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Trust this PEM CA certificate (a private CA, or a self-signed certificate) in addition to the system''s roots')
            [CompletionResult]::new('--min-delivery-rate', '--min-delivery-rate', [CompletionResultType]::ParameterName, '`webhooks.delivery` fails when an endpoint''s recent delivery success rate is below this percentage')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Directory `modctl backup` writes to: `db.backups` fails unless it holds a backup of the deployment''s backend younger than --backup-max-age. Unset: only PostgreSQL WAL archiving counts')
            [CompletionResult]::new('--backup-max-age', '--backup-max-age', [CompletionResultType]::ParameterName, 'With --backup-dir, `db.backups` fails when the newest backup is older')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings, and manual items nobody attested, as failures (exit 1, not approved)')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print every check id with the checklist section it covers, and exit')
            [CompletionResult]::new('--ping-webhooks', '--ping-webhooks', [CompletionResultType]::ParameterName, 'Send a signed `webhook.test` event to every configured webhook endpoint and report each answer (`webhooks.ping`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('attest', 'attest', [CompletionResultType]::ParameterValue, 'Record that a person confirmed a manual item (admin key; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;verify;attest' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Who confirms it')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'What was confirmed, e.g. a link to the load-test report')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'How long the confirmation holds (s, m, h, d, w) [default: 30d]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;verify;help' {
            [CompletionResult]::new('attest', 'attest', [CompletionResultType]::ParameterValue, 'Record that a person confirmed a manual item (admin key; audited)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;verify;help;attest' {
            break
        }
        'modctl;verify;help;help' {
            break
        }
        'modctl;top' {
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often to refresh, e.g. `1s`, `500ms`, `5s`')
            [CompletionResult]::new('--replica', '--replica', [CompletionResultType]::ParameterName, 'Only this replica (an id from the Resources panel or `--once --json`)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Append every snapshot to FILE (one JSON line each; created if missing), to review an incident later with `--replay`')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'Play back a file written by `--record` in the same dashboard, with no daemon and no key')
            [CompletionResult]::new('--speed', '--speed', [CompletionResultType]::ParameterName, 'Replay speed: `2` plays twice as fast, `0.5` at half speed (long gaps, such as between appended sessions, are cut to 10 s)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL')
            [CompletionResult]::new('--database-url-file', '--database-url-file', [CompletionResultType]::ParameterName, 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Base URL of the modd daemon for commands that use its HTTP API')
            [CompletionResult]::new('--admin-key', '--admin-key', [CompletionResultType]::ParameterName, 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Print one snapshot and exit (with `--json`: the raw stats document). With `--replay`: the recording''s last screen')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of tables')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'modctl;help' {
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Create, list, show, revoke and rotate API keys')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Show, apply and revert database migrations')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show, set, list and dry-run an app''s moderation policy (admin API)')
            [CompletionResult]::new('classify', 'classify', [CompletionResultType]::ParameterValue, 'Classify text without storing it: scores, language, decision')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Measure decisions on labelled JSONL: precision, recall and F1 per language and category, thresholds for a target precision')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Review flagged items (list, show, approve, reject, batch) and appeals')
            [CompletionResult]::new('webhooks', 'webhooks', [CompletionResultType]::ParameterValue, 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'The daemon''s SECRET_KEY rotation: reseal stored webhook secrets under the new key (resumable, audited, `--dry-run`)')
            [CompletionResult]::new('apps', 'apps', [CompletionResultType]::ParameterValue, 'Per-app data settings: retention and storage mode')
            [CompletionResult]::new('content', 'content', [CompletionResultType]::ParameterValue, 'Erase content on request')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Job queue of a running daemon: stats, live workers, dead letters')
            [CompletionResult]::new('smoke', 'smoke', [CompletionResultType]::ParameterValue, 'Smoke tests against a running daemon: rate limits and authentication')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write man pages (the main page and one per subcommand)')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'modctl;help;keys' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a key and print its secret once (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one key (admin API)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a key now (admin API); every replica refuses it within 2 s')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)')
            [CompletionResult]::new('extend-grace', 'extend-grace', [CompletionResultType]::ParameterValue, 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)')
            [CompletionResult]::new('set-max-age', 'set-max-age', [CompletionResultType]::ParameterValue, 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)')
            break
        }
        'modctl;help;keys;create' {
            break
        }
        'modctl;help;keys;list' {
            break
        }
        'modctl;help;keys;show' {
            break
        }
        'modctl;help;keys;revoke' {
            break
        }
        'modctl;help;keys;rotate' {
            break
        }
        'modctl;help;keys;extend-grace' {
            break
        }
        'modctl;help;keys;set-max-age' {
            break
        }
        'modctl;help;migrate' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration with when it was applied, or `pending`')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Apply pending migrations, oldest first')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Revert the newest applied migrations (one by default). Drops what they created, data included')
            [CompletionResult]::new('redo', 'redo', [CompletionResultType]::ParameterValue, 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)')
            break
        }
        'modctl;help;migrate;status' {
            break
        }
        'modctl;help;migrate;up' {
            break
        }
        'modctl;help;migrate;down' {
            break
        }
        'modctl;help;migrate;redo' {
            break
        }
        'modctl;help;backup' {
            break
        }
        'modctl;help;restore' {
            break
        }
        'modctl;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the app''s current policy (the built-in one if it has none)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version of the app''s policy from a TOML file')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the app''s policy versions, newest first')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Dry run: how many recent decisions a proposed policy would change')
            break
        }
        'modctl;help;policy;show' {
            break
        }
        'modctl;help;policy;set' {
            break
        }
        'modctl;help;policy;history' {
            break
        }
        'modctl;help;policy;test' {
            break
        }
        'modctl;help;classify' {
            break
        }
        'modctl;help;eval' {
            break
        }
        'modctl;help;review' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List flagged items waiting for a reviewer, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one item with its text, scores and decision')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a flagged item (final)')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject (block) a flagged item (final)')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Approve or reject every flagged item matching a filter')
            [CompletionResult]::new('appeals', 'appeals', [CompletionResultType]::ParameterValue, 'Appeals of decided items: list, show, decide (uphold or overturn)')
            break
        }
        'modctl;help;review;list' {
            break
        }
        'modctl;help;review;show' {
            break
        }
        'modctl;help;review;approve' {
            break
        }
        'modctl;help;review;reject' {
            break
        }
        'modctl;help;review;batch' {
            break
        }
        'modctl;help;review;appeals' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List open appeals (the queue), or decided ones, oldest item first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the appeal of an item: the statement and the decision appealed against')
            [CompletionResult]::new('decide', 'decide', [CompletionResultType]::ParameterValue, 'Uphold or overturn the decision of an appealed item')
            break
        }
        'modctl;help;review;appeals;list' {
            break
        }
        'modctl;help;review;appeals;show' {
            break
        }
        'modctl;help;review;appeals;decide' {
            break
        }
        'modctl;help;webhooks' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set an app''s callback URL; prints the signing secret if one was created')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove an app''s callback URL (events stop; the secret is kept)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List apps with their webhook and data settings')
            [CompletionResult]::new('rotate-secret', 'rotate-secret', [CompletionResultType]::ParameterValue, 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a signed test event now and show the answer')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'Recent delivery attempts with status codes and latency')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Events in the app''s outbox')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send dead-lettered events again (same webhook-id)')
            break
        }
        'modctl;help;webhooks;set' {
            break
        }
        'modctl;help;webhooks;unset' {
            break
        }
        'modctl;help;webhooks;list' {
            break
        }
        'modctl;help;webhooks;rotate-secret' {
            break
        }
        'modctl;help;webhooks;test' {
            break
        }
        'modctl;help;webhooks;deliveries' {
            break
        }
        'modctl;help;webhooks;events' {
            break
        }
        'modctl;help;webhooks;replay' {
            break
        }
        'modctl;help;secrets' {
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS')
            break
        }
        'modctl;help;secrets;rotate' {
            break
        }
        'modctl;help;apps' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an app''s settings (the defaults when none are stored)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an app''s retention or storage mode')
            [CompletionResult]::new('reason-codes', 'reason-codes', [CompletionResultType]::ParameterValue, 'Show an app''s reason codes (what reviewers pick from), or set them')
            break
        }
        'modctl;help;apps;show' {
            break
        }
        'modctl;help;apps;set' {
            break
        }
        'modctl;help;apps;reason-codes' {
            break
        }
        'modctl;help;content' {
            [CompletionResult]::new('erase', 'erase', [CompletionResultType]::ParameterValue, 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)')
            break
        }
        'modctl;help;content;erase' {
            break
        }
        'modctl;help;queue' {
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest')
            [CompletionResult]::new('workers', 'workers', [CompletionResultType]::ParameterValue, 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Jobs that ran out of attempts')
            break
        }
        'modctl;help;queue;stats' {
            break
        }
        'modctl;help;queue;workers' {
            break
        }
        'modctl;help;queue;dlq' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Dead letters, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One dead letter with its full reason')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue the item of one dead letter (or of all) again')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Delete every dead letter (their items stay in `error`)')
            break
        }
        'modctl;help;queue;dlq;list' {
            break
        }
        'modctl;help;queue;dlq;show' {
            break
        }
        'modctl;help;queue;dlq;retry' {
            break
        }
        'modctl;help;queue;dlq;purge' {
            break
        }
        'modctl;help;smoke' {
            [CompletionResult]::new('ratelimit', 'ratelimit', [CompletionResultType]::ParameterValue, 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)')
            break
        }
        'modctl;help;smoke;ratelimit' {
            break
        }
        'modctl;help;smoke;auth' {
            break
        }
        'modctl;help;completions' {
            break
        }
        'modctl;help;man' {
            break
        }
        'modctl;help;bench' {
            break
        }
        'modctl;help;verify' {
            [CompletionResult]::new('attest', 'attest', [CompletionResultType]::ParameterValue, 'Record that a person confirmed a manual item (admin key; audited)')
            break
        }
        'modctl;help;verify;attest' {
            break
        }
        'modctl;help;top' {
            break
        }
        'modctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
