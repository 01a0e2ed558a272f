#!/usr/bin/env bash
# Backup and restore times of a 1,000,000-item database, SQLite and
# PostgreSQL, each next to a reference measured in the same run (a plain
# `cp` of the SQLite file; `pg_dump -Fc` / `pg_restore` run directly), so
# the ratio survives a noisy machine. Figures go to docs/src/operating/backup.md.
#
#   cargo build --release -p modctl -p modd
#   PG=postgres://postgres@127.0.0.1:5432 tools/backup-bench/run.sh [WORKDIR]
#
# WORKDIR (default /tmp/modd-backup-bench) needs ~4 GB. Seeding takes a few
# minutes and is skipped when the databases exist.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/modd-backup-bench}
pg=${PG:-postgres://postgres@127.0.0.1:5432}
modctl=${MODCTL:-$root/target/release/modctl}
modd=${MODD:-$root/target/release/modd}
mkdir -p "$work"
key="$work/backup.key"
[ -f "$key" ] || openssl rand -hex 32 > "$key"

secs() { local t0=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $t0" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
row() { printf '| %s | %.2f s | %s |\n' "$1" "$2" "$3"; }

src="$work/src/modd.db"
if [ ! -f "$src" ]; then
    "$modctl" --database-url "sqlite://$src" migrate up > /dev/null
    sqlite3 "$src" < "$here/seed-sqlite.sql" > /dev/null
fi
if ! psql -Atc "select 1" "$pg/modd_bench_src" > /dev/null 2>&1; then
    psql -qc "create database modd_bench_src" "$pg/postgres"
    "$modctl" --database-url "$pg/modd_bench_src" migrate up > /dev/null
    psql -q -f "$here/seed-postgres.sql" "$pg/modd_bench_src"
fi

echo "machine: $(nproc) cores, $(uname -sr); $(sqlite3 --version | cut -d' ' -f1) sqlite3, $(pg_dump --version)"
echo "sqlite file $(du -h "$src" | cut -f1), postgres $(psql -Atc "select pg_size_pretty(pg_database_size('modd_bench_src'))" "$pg/postgres")"
echo
echo "| what | time | vs reference |"
echo "|---|---|---|"

# SQLite.
rm -rf "$work/b" "$work/copy.db" "$work/r"; mkdir -p "$work/b" "$work/r"
ref=$(secs cp "$src" "$work/copy.db"); rm -f "$work/copy.db"
row "sqlite: cp of the file (reference)" "$ref" "1.00"
t=$(secs "$modctl" --database-url "sqlite://$src" backup --to "$work/b/plain")
row "sqlite: modctl backup" "$t" "$(ratio "$t" "$ref")"
t=$(secs "$modctl" --database-url "sqlite://$src" backup --to "$work/b/enc" --key-file "$key")
row "sqlite: modctl backup --key-file" "$t" "$(ratio "$t" "$ref")"
t=$(secs "$modctl" --database-url "sqlite://$work/r/plain.db" restore "$work/b/plain")
row "sqlite: modctl restore" "$t" "$(ratio "$t" "$ref")"
t=$(secs "$modctl" --database-url "sqlite://$work/r/enc.db" restore "$work/b/enc" --key-file "$key")
row "sqlite: modctl restore --key-file" "$t" "$(ratio "$t" "$ref")"
# RTO's second half: modd up and ready on the restored file.
port=18931
t0=$(date +%s.%N)
DATABASE_URL="sqlite://$work/r/plain.db" MODD_BIND=127.0.0.1:$port MODD_DATA_DIR="$work/r" \
    MODD_LOG_LEVEL=warn "$modd" serve > /dev/null 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/ready" > /dev/null; do sleep 0.05; done
t=$(echo "$(date +%s.%N) - $t0" | bc)
kill "$pid"; wait "$pid" 2>/dev/null || true
row "sqlite: modd start to /ready on the restored file" "$t" "$(ratio "$t" "$ref")"

# PostgreSQL.
db() { psql -qc "$1" "$pg/postgres"; }
ref=$(secs pg_dump -Fc -f "$work/ref.pgdump" "$pg/modd_bench_src")
row "postgres: pg_dump -Fc (reference)" "$ref" "1.00"
t=$(secs "$modctl" --database-url "$pg/modd_bench_src" backup --to "$work/b/pg")
row "postgres: modctl backup" "$t" "$(ratio "$t" "$ref")"
t=$(secs "$modctl" --database-url "$pg/modd_bench_src" backup --to "$work/b/pgenc" --key-file "$key")
row "postgres: modctl backup --key-file" "$t" "$(ratio "$t" "$ref")"
db "drop database if exists modd_bench_ref"; db "create database modd_bench_ref"
rref=$(secs pg_restore --single-transaction --no-owner -d "$pg/modd_bench_ref" "$work/ref.pgdump")
row "postgres: pg_restore --single-transaction (reference)" "$rref" "$(ratio "$rref" "$ref")"
db "drop database if exists modd_bench_r"; db "create database modd_bench_r"
t=$(secs "$modctl" --database-url "$pg/modd_bench_r" restore "$work/b/pg")
row "postgres: modctl restore" "$t" "$(ratio "$t" "$ref")"
db "drop database modd_bench_r"; db "create database modd_bench_r"
t=$(secs "$modctl" --database-url "$pg/modd_bench_r" restore "$work/b/pgenc" --key-file "$key")
row "postgres: modctl restore --key-file" "$t" "$(ratio "$t" "$ref")"
db "drop database modd_bench_r"; db "drop database modd_bench_ref"
echo
ls -l "$work"/b/*/ | grep -v manifest | awk 'NF > 5 {print $5, $9}'
