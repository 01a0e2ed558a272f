
use builtin;
use str;

set edit:completion:arg-completer[modctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'modctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'modctl'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keys 'Create, list, show, revoke and rotate API keys'
            cand migrate 'Show, apply and revert database migrations'
            cand backup 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning'
            cand restore 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically'
            cand policy 'Show, set, list and dry-run an app''s moderation policy (admin API)'
            cand classify 'Classify text without storing it: scores, language, decision'
            cand eval 'Measure decisions on labelled JSONL: precision, recall and F1 per language and category, thresholds for a target precision'
            cand review 'Review flagged items (list, show, approve, reject, batch) and appeals'
            cand webhooks 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay'
            cand secrets 'The daemon''s SECRET_KEY rotation: reseal stored webhook secrets under the new key (resumable, audited, `--dry-run`)'
            cand apps 'Per-app data settings: retention and storage mode'
            cand content 'Erase content on request'
            cand queue 'Job queue of a running daemon: stats, live workers, dead letters'
            cand smoke 'Smoke tests against a running daemon: rate limits and authentication'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Write man pages (the main page and one per subcommand)'
            cand bench 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI'
            cand verify 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure'
            cand top 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;keys'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
            cand list 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
            cand show 'Show one key (admin API)'
            cand revoke 'Revoke a key now (admin API); every replica refuses it within 2 s'
            cand rotate 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)'
            cand extend-grace 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)'
            cand set-max-age 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;keys;create'= {
            cand --name 'A name that says who uses the key, e.g. `forum-prod` or `alice-admin`'
            cand --role 'What the key may do'
            cand --source-app 'Restrict the key to submitting content for this source app (repeat for several). Without it, the key may use any source app'
            cand --rate-limit 'Per-key rate limit as N/sec, N/min or N/hour, e.g. `30/min`. Without it, the daemon''s default limit applies'
            cand --expires-in 'Expire the key after this long: a number and s, m, h, d or w, e.g. `30m`, `24h`, `90d`. Without it, the key does not expire'
            cand --env 'Key prefix: `live` or `test` [default: `live` when MODD_ENV=production (the daemon''s, through the API), else `test`]'
            cand --person 'The person the key belongs to, e.g. `Alice Martin`: their decisions and audit entries carry this name. Required for `--role reviewer`'
            cand --max-age 'This key''s maximum age, e.g. `30d`: past it, `modctl verify` and `modctl top` report it as due for rotation. Without it, the daemon''s MODD_KEY_MAX_AGE applies'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'modctl;keys;list'= {
            cand --stale 'Only keys due for rotation: still working and created at least this long ago (a number and s, m, h, d or w, e.g. `90d`)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;revoke'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;rotate'= {
            cand --stale 'Select working keys created at least this long ago, e.g. `90d`'
            cand --name 'Select keys whose name matches PATTERN (`*` any run, `?` one character), e.g. `forum-*`'
            cand --app 'Select keys bound to this source app (keys for any app are not)'
            cand --grace 'How long the old secret keeps working: a number and s, m, h, d or w, or 0 to stop it at once'
            cand --out 'Write the new secrets to this new file (JSON, mode 0600); an existing file is never overwritten'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --all-client 'Select client keys (with the other selectors: only client keys)'
            cand --due 'Select keys past their maximum age (their own, else the daemon''s MODD_KEY_MAX_AGE): what `modctl verify` reports as `auth.key-max-age`'
            cand --dry-run 'List the keys that would be rotated and change nothing'
            cand -y 'Rotate without asking (a selection asks for confirmation first)'
            cand --yes 'Rotate without asking (a selection asks for confirmation first)'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;extend-grace'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;set-max-age'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;keys;help'= {
            cand create 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
            cand list 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
            cand show 'Show one key (admin API)'
            cand revoke 'Revoke a key now (admin API); every replica refuses it within 2 s'
            cand rotate 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)'
            cand extend-grace 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)'
            cand set-max-age 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;keys;help;create'= {
        }
        &'modctl;keys;help;list'= {
        }
        &'modctl;keys;help;show'= {
        }
        &'modctl;keys;help;revoke'= {
        }
        &'modctl;keys;help;rotate'= {
        }
        &'modctl;keys;help;extend-grace'= {
        }
        &'modctl;keys;help;set-max-age'= {
        }
        &'modctl;keys;help;help'= {
        }
        &'modctl;migrate'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'List every migration with when it was applied, or `pending`'
            cand up 'Apply pending migrations, oldest first'
            cand down 'Revert the newest applied migrations (one by default). Drops what they created, data included'
            cand redo 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;migrate;status'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;migrate;up'= {
            cand --steps 'Apply at most this many migrations [default: all pending]'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;migrate;down'= {
            cand --steps 'How many migrations to revert, newest first'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --yes 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;migrate;redo'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --yes 'Confirm reverting in production. Required when MODD_ENV=production: a down migration drops the tables, and the rows, that its up created'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;migrate;help'= {
            cand status 'List every migration with when it was applied, or `pending`'
            cand up 'Apply pending migrations, oldest first'
            cand down 'Revert the newest applied migrations (one by default). Drops what they created, data included'
            cand redo 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;migrate;help;status'= {
        }
        &'modctl;migrate;help;up'= {
        }
        &'modctl;migrate;help;down'= {
        }
        &'modctl;migrate;help;redo'= {
        }
        &'modctl;migrate;help;help'= {
        }
        &'modctl;backup'= {
            cand --to 'Directory to write the backup and its manifest into (created)'
            cand --key-file 'Encrypt the backup with the 32-byte key in this file (64 hex digits, e.g. `openssl rand -hex 32`); restore needs the same file'
            cand --keep 'After the backup, delete all but the newest N backups in the directory (of any backend)'
            cand --max-age 'After the backup, delete backups older than this (`7d`, `12h`)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;restore'= {
            cand --key-file 'The key file the backup was encrypted with'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --force 'Restore even though the target is live: SQLite: another process has the file open; PostgreSQL: other sessions are connected, or modd''s tables exist (they are dropped and replaced). Stop modd first'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;policy'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the app''s current policy (the built-in one if it has none)'
            cand set 'Store a new version of the app''s policy from a TOML file'
            cand history 'List the app''s policy versions, newest first'
            cand test 'Dry run: how many recent decisions a proposed policy would change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;policy;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;policy;set'= {
            cand --file 'Policy file (TOML; see docs/src/using/engine.md, "Policies")'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;policy;history'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;policy;test'= {
            cand --file 'Proposed policy file (TOML)'
            cand --last 'How many of the newest automatic decisions to re-decide'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;policy;help'= {
            cand show 'Print the app''s current policy (the built-in one if it has none)'
            cand set 'Store a new version of the app''s policy from a TOML file'
            cand history 'List the app''s policy versions, newest first'
            cand test 'Dry run: how many recent decisions a proposed policy would change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;policy;help;show'= {
        }
        &'modctl;policy;help;set'= {
        }
        &'modctl;policy;help;history'= {
        }
        &'modctl;policy;help;test'= {
        }
        &'modctl;policy;help;help'= {
        }
        &'modctl;classify'= {
            cand --file 'A file with one text per line, or JSONL objects with a "text" field'
            cand --source-app 'Whose policy decides (default: the key''s only app, else the built-in policy)'
            cand --batch 'Texts per request when streaming a file (the daemon caps it too)'
            cand --api-key 'API key for classify (any valid key); defaults to --admin-key'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;eval'= {
            cand --split 'Only the lines of this split (e.g. `test`)'
            cand --threshold 'Score at or above which a text counts as flagged, for precision, recall and F1'
            cand --target-precision 'The precision the suggested thresholds must reach'
            cand --concurrency 'Classify requests in flight'
            cand --source-app 'Whose policy applies (it decides, e.g., whether uncovered languages are scored anyway); default: the key''s only app, else the built-in'
            cand --baseline 'Fail (exit 1) when any F1 is below the one recorded in this file'
            cand --write-baseline 'Record this run''s F1s in this file, for later `--baseline` runs'
            cand --api-key 'API key for classify (any valid key); defaults to --admin-key'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List flagged items waiting for a reviewer, oldest first'
            cand show 'Show one item with its text, scores and decision'
            cand approve 'Approve a flagged item (final)'
            cand reject 'Reject (block) a flagged item (final)'
            cand batch 'Approve or reject every flagged item matching a filter'
            cand appeals 'Appeals of decided items: list, show, decide (uphold or overturn)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;review;list'= {
            cand --source-app 'Only items of this source app'
            cand --category 'Match on this category''s score (with --min-score / --max-score)'
            cand --min-score 'Lowest score, 0..1'
            cand --max-score 'Highest score, 0..1'
            cand --after-id 'Items with an id above this (for paging)'
            cand --limit 'At most this many items (1..500)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;approve'= {
            cand --note 'Why, for the record'
            cand --reason 'One of the item''s app''s reason codes (`modctl apps reason-codes APP`)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;reject'= {
            cand --note 'Why, for the record'
            cand --reason 'One of the item''s app''s reason codes (`modctl apps reason-codes APP`)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;batch'= {
            cand --source-app 'Only items of this source app'
            cand --category 'Match on this category''s score (with --min-score / --max-score)'
            cand --min-score 'Lowest score, 0..1'
            cand --max-score 'Highest score, 0..1'
            cand --note 'Why, for the record'
            cand --reason 'One of the app''s reason codes, for every item (needs --source-app)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --dry-run 'Only count the matching items'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'modctl;review;appeals'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List open appeals (the queue), or decided ones, oldest item first'
            cand show 'Show the appeal of an item: the statement and the decision appealed against'
            cand decide 'Uphold or overturn the decision of an appealed item'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;review;appeals;list'= {
            cand --source-app 'Only appeals of this source app'
            cand --after-id 'Appeals of items with an id above this (for paging)'
            cand --limit 'At most this many appeals (1..500)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --decided 'List decided appeals instead of the open queue'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;appeals;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;review;appeals;decide'= {
            cand --reason 'Reason code, e.g. acceptable or spam (the review reason codes)'
            cand --note 'Why, for the record'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'modctl;review;appeals;help'= {
            cand list 'List open appeals (the queue), or decided ones, oldest item first'
            cand show 'Show the appeal of an item: the statement and the decision appealed against'
            cand decide 'Uphold or overturn the decision of an appealed item'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;review;appeals;help;list'= {
        }
        &'modctl;review;appeals;help;show'= {
        }
        &'modctl;review;appeals;help;decide'= {
        }
        &'modctl;review;appeals;help;help'= {
        }
        &'modctl;review;help'= {
            cand list 'List flagged items waiting for a reviewer, oldest first'
            cand show 'Show one item with its text, scores and decision'
            cand approve 'Approve a flagged item (final)'
            cand reject 'Reject (block) a flagged item (final)'
            cand batch 'Approve or reject every flagged item matching a filter'
            cand appeals 'Appeals of decided items: list, show, decide (uphold or overturn)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;review;help;list'= {
        }
        &'modctl;review;help;show'= {
        }
        &'modctl;review;help;approve'= {
        }
        &'modctl;review;help;reject'= {
        }
        &'modctl;review;help;batch'= {
        }
        &'modctl;review;help;appeals'= {
            cand list 'List open appeals (the queue), or decided ones, oldest item first'
            cand show 'Show the appeal of an item: the statement and the decision appealed against'
            cand decide 'Uphold or overturn the decision of an appealed item'
        }
        &'modctl;review;help;appeals;list'= {
        }
        &'modctl;review;help;appeals;show'= {
        }
        &'modctl;review;help;appeals;decide'= {
        }
        &'modctl;review;help;help'= {
        }
        &'modctl;webhooks'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand set 'Set an app''s callback URL; prints the signing secret if one was created'
            cand unset 'Remove an app''s callback URL (events stop; the secret is kept)'
            cand list 'List apps with their webhook and data settings'
            cand rotate-secret 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)'
            cand test 'Send a signed test event now and show the answer'
            cand deliveries 'Recent delivery attempts with status codes and latency'
            cand events 'Events in the app''s outbox'
            cand replay 'Send dead-lettered events again (same webhook-id)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;webhooks;set'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;unset'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;list'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;rotate-secret'= {
            cand --grace 'How long the old secret keeps signing next to the new one: a number and s, m, h, d or w, or 0 to stop it at once'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;test'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;deliveries'= {
            cand --limit 'At most this many attempts'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;events'= {
            cand --status 'Only events with this status'
            cand --limit 'At most this many events'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'modctl;webhooks;replay'= {
            cand --event 'One event, by the numeric id `webhooks events` shows'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --all-dead 'Every dead event of the app'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;webhooks;help'= {
            cand set 'Set an app''s callback URL; prints the signing secret if one was created'
            cand unset 'Remove an app''s callback URL (events stop; the secret is kept)'
            cand list 'List apps with their webhook and data settings'
            cand rotate-secret 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)'
            cand test 'Send a signed test event now and show the answer'
            cand deliveries 'Recent delivery attempts with status codes and latency'
            cand events 'Events in the app''s outbox'
            cand replay 'Send dead-lettered events again (same webhook-id)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;webhooks;help;set'= {
        }
        &'modctl;webhooks;help;unset'= {
        }
        &'modctl;webhooks;help;list'= {
        }
        &'modctl;webhooks;help;rotate-secret'= {
        }
        &'modctl;webhooks;help;test'= {
        }
        &'modctl;webhooks;help;deliveries'= {
        }
        &'modctl;webhooks;help;events'= {
        }
        &'modctl;webhooks;help;replay'= {
        }
        &'modctl;webhooks;help;help'= {
        }
        &'modctl;secrets'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand rotate 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;secrets;rotate'= {
            cand --batch 'Apps per request (one transaction and one audit entry each), 1 to 1000'
            cand --after 'Resume after this app (what an interrupted run printed); default: from the first app. A plain rerun is also safe'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --dry-run 'Report what would be resealed; change nothing'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;secrets;help'= {
            cand rotate 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;secrets;help;rotate'= {
        }
        &'modctl;secrets;help;help'= {
        }
        &'modctl;apps'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Show an app''s settings (the defaults when none are stored)'
            cand set 'Change an app''s retention or storage mode'
            cand reason-codes 'Show an app''s reason codes (what reviewers pick from), or set them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;apps;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;apps;set'= {
            cand --retention-days 'Days to keep the app''s items, or `default` for MODD_RETENTION_DAYS'
            cand --storage-mode 'What to keep of the text once an item is decided'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'modctl;apps;reason-codes'= {
            cand --set 'Replace the list: CODE=LABEL, once per code, in key order (1 to 9 codes; a code is a-z, 0-9 and _, starting with a letter)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --default 'Go back to the built-in list'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;apps;help'= {
            cand show 'Show an app''s settings (the defaults when none are stored)'
            cand set 'Change an app''s retention or storage mode'
            cand reason-codes 'Show an app''s reason codes (what reviewers pick from), or set them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;apps;help;show'= {
        }
        &'modctl;apps;help;set'= {
        }
        &'modctl;apps;help;reason-codes'= {
        }
        &'modctl;apps;help;help'= {
        }
        &'modctl;content'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand erase 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;content;erase'= {
            cand --source-app 'The app the item belongs to'
            cand --external-id 'The app''s own id of the item'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;content;help'= {
            cand erase 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;content;help;erase'= {
        }
        &'modctl;content;help;help'= {
        }
        &'modctl;queue'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand stats 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
            cand workers 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
            cand dlq 'Jobs that ran out of attempts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;queue;stats'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;workers'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;dlq'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Dead letters, oldest first'
            cand show 'One dead letter with its full reason'
            cand retry 'Queue the item of one dead letter (or of all) again'
            cand purge 'Delete every dead letter (their items stay in `error`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;queue;dlq;list'= {
            cand --limit 'Show at most this many (1-1000)'
            cand --after 'Start after this dead-letter id (to page through a long list)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;dlq;show'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;dlq;retry'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --all 'Retry every dead letter'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;dlq;purge'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --yes 'Do not ask for confirmation (for scripts; required without a terminal)'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;queue;dlq;help'= {
            cand list 'Dead letters, oldest first'
            cand show 'One dead letter with its full reason'
            cand retry 'Queue the item of one dead letter (or of all) again'
            cand purge 'Delete every dead letter (their items stay in `error`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;queue;dlq;help;list'= {
        }
        &'modctl;queue;dlq;help;show'= {
        }
        &'modctl;queue;dlq;help;retry'= {
        }
        &'modctl;queue;dlq;help;purge'= {
        }
        &'modctl;queue;dlq;help;help'= {
        }
        &'modctl;queue;help'= {
            cand stats 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
            cand workers 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
            cand dlq 'Jobs that ran out of attempts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;queue;help;stats'= {
        }
        &'modctl;queue;help;workers'= {
        }
        &'modctl;queue;help;dlq'= {
            cand list 'Dead letters, oldest first'
            cand show 'One dead letter with its full reason'
            cand retry 'Queue the item of one dead letter (or of all) again'
            cand purge 'Delete every dead letter (their items stay in `error`)'
        }
        &'modctl;queue;help;dlq;list'= {
        }
        &'modctl;queue;help;dlq;show'= {
        }
        &'modctl;queue;help;dlq;retry'= {
        }
        &'modctl;queue;help;dlq;purge'= {
        }
        &'modctl;queue;help;help'= {
        }
        &'modctl;smoke'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
            cand ratelimit 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
            cand auth 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;smoke;ratelimit'= {
            cand --key 'Use this client key. It must not have been used in the last minute, or part of its quota is already spent. Prefer MODCTL_SMOKE_KEY'
            cand --requests 'How many requests to send; must exceed the limit'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --create-temp-key 'Create a temporary client key through the admin API (needs an admin key) and revoke it afterwards'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;smoke;auth'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;smoke;help'= {
            cand ratelimit 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
            cand auth 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;smoke;help;ratelimit'= {
        }
        &'modctl;smoke;help;auth'= {
        }
        &'modctl;smoke;help;help'= {
        }
        &'modctl;completions'= {
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;man'= {
            cand --out-dir 'Write `modctl.1` and one page per subcommand (`modctl-keys-create.1`, …) into this directory. Without it, print the main page to stdout'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;bench'= {
            cand --duration 'How long to send requests, e.g. 30s or 2m'
            cand --concurrency 'Requests in flight at once (closed loop), or the cap on them (open loop)'
            cand --rate 'Requests per second on a fixed schedule (open loop). Without it, as fast as possible'
            cand --texts 'File of texts to send, one per line (default: built-in sample comments)'
            cand --key 'Client API key to send with (env MODCTL_BENCH_KEY)'
            cand --source-app '`source_app` of the submitted items'
            cand --decision-sample 'How many accepted items to follow to their decision (0 = none)'
            cand --fail-p95-ms 'Exit 1 when the p95 latency exceeds this many milliseconds'
            cand --fail-error-rate 'Exit 1 when the share of failed requests (non-2xx or transport errors) exceeds this, 0..1'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --create-temp-key 'Create a temporary client key with no practical rate limit through the admin API (needs --admin-key), and revoke it at the end'
            cand --decisions-from-database 'Read every accepted item''s accept→decision time, and the end-to-end decisions per second, from the database (--database-url) instead of following a sample over the API'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;verify'= {
            cand --format 'How to print the report: `table`, `json` (as `--json`), `junit`, `github` (workflow annotations) or `markdown` (a release-ticket summary)'
            cand --junit 'Also write the results as JUnit XML to this file (for CI)'
            cand --only 'Run only this section (`service`, `deployment`, `config`, `auth`, `ratelimit`, `db`, `redis`, `queue`, `images`, `webhooks`, `perf`, `repo`, `manual`); repeatable'
            cand --skip 'Do not run this check (reported as skipped); repeatable'
            cand --repo 'Also check this git checkout: `.env` ignored, `.env.example` complete, no live key in the history'
            cand --rotation-age 'Active keys older than this fail `auth.key-rotation-age`'
            cand --p95-ms '`perf.analyse-p95` fails above this p95 in milliseconds'
            cand --probe-requests 'Requests in the `perf.analyse-p95` probe'
            cand --max-pending-secs '`queue.oldest-pending` fails when the oldest pending item is older than this many seconds'
            cand --min-cert-days 'With an https:// URL, `config.https` fails when the certificate expires within this many days'
            cand --ca-file 'Trust this PEM CA certificate (a private CA, or a self-signed certificate) in addition to the system''s roots'
            cand --min-delivery-rate '`webhooks.delivery` fails when an endpoint''s recent delivery success rate is below this percentage'
            cand --backup-dir 'Directory `modctl backup` writes to: `db.backups` fails unless it holds a backup of the deployment''s backend younger than --backup-max-age. Unset: only PostgreSQL WAL archiving counts'
            cand --backup-max-age 'With --backup-dir, `db.backups` fails when the newest backup is older'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --strict 'Treat warnings, and manual items nobody attested, as failures (exit 1, not approved)'
            cand --list 'Print every check id with the checklist section it covers, and exit'
            cand --ping-webhooks 'Send a signed `webhook.test` event to every configured webhook endpoint and report each answer (`webhooks.ping`)'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand attest 'Record that a person confirmed a manual item (admin key; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;verify;attest'= {
            cand --by 'Who confirms it'
            cand --note 'What was confirmed, e.g. a link to the load-test report'
            cand --expires-in 'How long the confirmation holds (s, m, h, d, w) [default: 30d]'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;verify;help'= {
            cand attest 'Record that a person confirmed a manual item (admin key; audited)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;verify;help;attest'= {
        }
        &'modctl;verify;help;help'= {
        }
        &'modctl;top'= {
            cand --interval 'How often to refresh, e.g. `1s`, `500ms`, `5s`'
            cand --replica 'Only this replica (an id from the Resources panel or `--once --json`)'
            cand --record 'Append every snapshot to FILE (one JSON line each; created if missing), to review an incident later with `--replay`'
            cand --replay 'Play back a file written by `--record` in the same dashboard, with no daemon and no key'
            cand --speed 'Replay speed: `2` plays twice as fast, `0.5` at half speed (long gaps, such as between appended sessions, are cut to 10 s)'
            cand --database-url 'Database to use for commands that work on it directly (`migrate`, `backup`, `restore`, and `keys create` / `keys list` when no admin key is given). `sqlite:` or `postgres://` URL'
            cand --database-url-file 'File holding the database URL (a mounted secret: Compose, Kubernetes, systemd credentials), instead of --database-url. A trailing newline is ignored'
            cand --url 'Base URL of the modd daemon for commands that use its HTTP API'
            cand --admin-key 'Key for commands that use the daemon''s admin API: an admin key, or a `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key (`review`) where the command needs no more. Prefer the environment variable: flags show up in `ps` and shell history'
            cand --once 'Print one snapshot and exit (with `--json`: the raw stats document). With `--replay`: the recording''s last screen'
            cand --json 'Print machine-readable JSON on stdout instead of tables'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'modctl;help'= {
            cand keys 'Create, list, show, revoke and rotate API keys'
            cand migrate 'Show, apply and revert database migrations'
            cand backup 'Back up the database: a consistent copy while modd runs, with a checksummed manifest; optional encryption and pruning'
            cand restore 'Restore a backup into --database-url: checksum, key, schema and liveness checked first, then replaced atomically'
            cand policy 'Show, set, list and dry-run an app''s moderation policy (admin API)'
            cand classify 'Classify text without storing it: scores, language, decision'
            cand eval 'Measure decisions on labelled JSONL: precision, recall and F1 per language and category, thresholds for a target precision'
            cand review 'Review flagged items (list, show, approve, reject, batch) and appeals'
            cand webhooks 'Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay'
            cand secrets 'The daemon''s SECRET_KEY rotation: reseal stored webhook secrets under the new key (resumable, audited, `--dry-run`)'
            cand apps 'Per-app data settings: retention and storage mode'
            cand content 'Erase content on request'
            cand queue 'Job queue of a running daemon: stats, live workers, dead letters'
            cand smoke 'Smoke tests against a running daemon: rate limits and authentication'
            cand completions 'Print a shell completion script to stdout'
            cand man 'Write man pages (the main page and one per subcommand)'
            cand bench 'Load-test `POST /api/v1/moderation/analyse`: latency percentiles, throughput, accept-to-decision latency; `--fail-*` gates for CI'
            cand verify 'Check a running deployment against the production checklist: pass/fail/warn per check, manual items listed; exit 1 on a failure'
            cand top 'Live dashboard of a deployment: traffic, queue, workers, decisions, webhooks, resources, dead letters (`--once [--json]` for scripts)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'modctl;help;keys'= {
            cand create 'Create a key and print its secret once (admin API, or the database when no admin key is given)'
            cand list 'List keys with age, last use, expiry and status, never their secrets (admin API, or the database when no admin key is given)'
            cand show 'Show one key (admin API)'
            cand revoke 'Revoke a key now (admin API); every replica refuses it within 2 s'
            cand rotate 'Issue new secrets with the same settings, for one key or a selection (`--stale`, `--name`, `--app`, `--all-client`); the old ones work until the grace period ends (admin API)'
            cand extend-grace 'Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h` for an app that could not switch in time (admin API)'
            cand set-max-age 'Set a key''s own maximum age (`30d`), or `default` for the daemon''s MODD_KEY_MAX_AGE; past it the key is reported as due for rotation (admin API)'
        }
        &'modctl;help;keys;create'= {
        }
        &'modctl;help;keys;list'= {
        }
        &'modctl;help;keys;show'= {
        }
        &'modctl;help;keys;revoke'= {
        }
        &'modctl;help;keys;rotate'= {
        }
        &'modctl;help;keys;extend-grace'= {
        }
        &'modctl;help;keys;set-max-age'= {
        }
        &'modctl;help;migrate'= {
            cand status 'List every migration with when it was applied, or `pending`'
            cand up 'Apply pending migrations, oldest first'
            cand down 'Revert the newest applied migrations (one by default). Drops what they created, data included'
            cand redo 'Revert the newest applied migration and apply it again: proves it is reversible and leaves the schema as it was (its tables come back empty)'
        }
        &'modctl;help;migrate;status'= {
        }
        &'modctl;help;migrate;up'= {
        }
        &'modctl;help;migrate;down'= {
        }
        &'modctl;help;migrate;redo'= {
        }
        &'modctl;help;backup'= {
        }
        &'modctl;help;restore'= {
        }
        &'modctl;help;policy'= {
            cand show 'Print the app''s current policy (the built-in one if it has none)'
            cand set 'Store a new version of the app''s policy from a TOML file'
            cand history 'List the app''s policy versions, newest first'
            cand test 'Dry run: how many recent decisions a proposed policy would change'
        }
        &'modctl;help;policy;show'= {
        }
        &'modctl;help;policy;set'= {
        }
        &'modctl;help;policy;history'= {
        }
        &'modctl;help;policy;test'= {
        }
        &'modctl;help;classify'= {
        }
        &'modctl;help;eval'= {
        }
        &'modctl;help;review'= {
            cand list 'List flagged items waiting for a reviewer, oldest first'
            cand show 'Show one item with its text, scores and decision'
            cand approve 'Approve a flagged item (final)'
            cand reject 'Reject (block) a flagged item (final)'
            cand batch 'Approve or reject every flagged item matching a filter'
            cand appeals 'Appeals of decided items: list, show, decide (uphold or overturn)'
        }
        &'modctl;help;review;list'= {
        }
        &'modctl;help;review;show'= {
        }
        &'modctl;help;review;approve'= {
        }
        &'modctl;help;review;reject'= {
        }
        &'modctl;help;review;batch'= {
        }
        &'modctl;help;review;appeals'= {
            cand list 'List open appeals (the queue), or decided ones, oldest item first'
            cand show 'Show the appeal of an item: the statement and the decision appealed against'
            cand decide 'Uphold or overturn the decision of an appealed item'
        }
        &'modctl;help;review;appeals;list'= {
        }
        &'modctl;help;review;appeals;show'= {
        }
        &'modctl;help;review;appeals;decide'= {
        }
        &'modctl;help;webhooks'= {
            cand set 'Set an app''s callback URL; prints the signing secret if one was created'
            cand unset 'Remove an app''s callback URL (events stop; the secret is kept)'
            cand list 'List apps with their webhook and data settings'
            cand rotate-secret 'Replace an app''s signing secret; the old one keeps signing for the grace (24 h unless `--grace` says otherwise)'
            cand test 'Send a signed test event now and show the answer'
            cand deliveries 'Recent delivery attempts with status codes and latency'
            cand events 'Events in the app''s outbox'
            cand replay 'Send dead-lettered events again (same webhook-id)'
        }
        &'modctl;help;webhooks;set'= {
        }
        &'modctl;help;webhooks;unset'= {
        }
        &'modctl;help;webhooks;list'= {
        }
        &'modctl;help;webhooks;rotate-secret'= {
        }
        &'modctl;help;webhooks;test'= {
        }
        &'modctl;help;webhooks;deliveries'= {
        }
        &'modctl;help;webhooks;events'= {
        }
        &'modctl;help;webhooks;replay'= {
        }
        &'modctl;help;secrets'= {
            cand rotate 'Re-encrypt the stored webhook secrets under the daemon''s current SECRET_KEY. Run it once every replica has the new SECRET_KEY and the old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS'
        }
        &'modctl;help;secrets;rotate'= {
        }
        &'modctl;help;apps'= {
            cand show 'Show an app''s settings (the defaults when none are stored)'
            cand set 'Change an app''s retention or storage mode'
            cand reason-codes 'Show an app''s reason codes (what reviewers pick from), or set them'
        }
        &'modctl;help;apps;show'= {
        }
        &'modctl;help;apps;set'= {
        }
        &'modctl;help;apps;reason-codes'= {
        }
        &'modctl;help;content'= {
            cand erase 'Delete an item and its scores, decision and webhook events now (audit-logged without the content)'
        }
        &'modctl;help;content;erase'= {
        }
        &'modctl;help;queue'= {
            cand stats 'Queue depth, delayed retries, jobs in flight, dead letters, counters, pending items and the age of the oldest'
            cand workers 'Workers with a fresh heartbeat: id, host, pid, uptime, jobs done, current item'
            cand dlq 'Jobs that ran out of attempts'
        }
        &'modctl;help;queue;stats'= {
        }
        &'modctl;help;queue;workers'= {
        }
        &'modctl;help;queue;dlq'= {
            cand list 'Dead letters, oldest first'
            cand show 'One dead letter with its full reason'
            cand retry 'Queue the item of one dead letter (or of all) again'
            cand purge 'Delete every dead letter (their items stay in `error`)'
        }
        &'modctl;help;queue;dlq;list'= {
        }
        &'modctl;help;queue;dlq;show'= {
        }
        &'modctl;help;queue;dlq;retry'= {
        }
        &'modctl;help;queue;dlq;purge'= {
        }
        &'modctl;help;smoke'= {
            cand ratelimit 'Send more requests than the limit allows and check that exactly the limit passes and the rest get 429 with Retry-After'
            cand auth 'Check that no key, a bad key, an expired key and a client key on an admin route are refused with the right codes (needs an admin key)'
        }
        &'modctl;help;smoke;ratelimit'= {
        }
        &'modctl;help;smoke;auth'= {
        }
        &'modctl;help;completions'= {
        }
        &'modctl;help;man'= {
        }
        &'modctl;help;bench'= {
        }
        &'modctl;help;verify'= {
            cand attest 'Record that a person confirmed a manual item (admin key; audited)'
        }
        &'modctl;help;verify;attest'= {
        }
        &'modctl;help;top'= {
        }
        &'modctl;help;help'= {
        }
    ]
    $completions[$command]
}
