#!/usr/bin/env bash
# Bulk-import benchmark (issue 5): generate COUNT survey records and load them three ways —
#   1. diachiso import (parse, clean, resolve units, point-in-polygon, rules, hashing, codes,
#      revisions, every index of the store);
#   2. the sqlite3 shell's .import into an equivalent indexed table (no validation at all);
#   3. PostgreSQL COPY into the same table (no validation at all);
# and print time, rate, peak RSS and database size with ratios. Results: $WORK/results-COUNT.json.
#
# Usage: bench/ingest/bulk-import.sh [COUNT=1000000] [WORK=/tmp/diachiso-bench]
# Needs a built tree (npx tsc -p .). Installs sqlite3 and postgresql from Debian when missing.
set -euo pipefail
COUNT=${1:-1000000}
WORK=${2:-/tmp/diachiso-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CLI="node $ROOT/dist/src/cli/main.js"
mkdir -p "$WORK"
CSV="$WORK/survey-$COUNT.csv"

if ! command -v sqlite3 >/dev/null || ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 postgresql >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$PGVER" main start 2>/dev/null || true

if [ ! -s "$CSV" ]; then
  echo "# generating $COUNT records → $CSV"
  /usr/bin/time -f "generate: %e s, peak RSS %M KiB" $CLI generate --count "$COUNT" --seed 2022 --out "$CSV"
fi
BYTES=$(stat -c %s "$CSV")

# Each loader starts with the same empty page cache (when allowed: root), so that none inherits the
# previous one's cached file pages or pays for evicting them: on a 24 GiB machine a 24 M run leaves
# ~20 GiB of cache behind.
fresh_cache() { sync; (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null || true; }

measure() { # label, command… → prints "seconds rss_kib"
  local label=$1; shift
  fresh_cache
  local log="$WORK/time-$label.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" >"$WORK/out-$label.log" 2>&1
  cat "$log" | tail -1
}

# 1. diachiso
DB="$WORK/diachiso-$COUNT.db"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.pii-key"
echo "# diachiso import"
read -r D_S D_RSS < <(measure diachiso $CLI import "$CSV" --db "$DB" --json)
D_SIZE=$(( $(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0) ))

# 2. sqlite3 .import into an equivalent table: the same columns, the indexes the platform serves
#    from (unique import key, unit + status, spatial tile ≈ lat/lon), no validation.
SQ="$WORK/sqlite3-$COUNT.db"
rm -f "$SQ"
COLUMNS="external_id TEXT, kind TEXT, name TEXT, house_number TEXT, alley TEXT, street TEXT, hamlet TEXT, building TEXT, unit TEXT, ward_code TEXT, ward TEXT, district_code TEXT, district TEXT, province_code TEXT, province TEXT, lat REAL, lon REAL, owner_name TEXT, owner_phone TEXT, owner_email TEXT, owner_citizen_id TEXT"
INDEXES="CREATE UNIQUE INDEX s_key ON survey(external_id); CREATE INDEX s_unit ON survey(province_code, ward_code); CREATE INDEX s_point ON survey(lat, lon);"
echo "# sqlite3 .import"
cat >"$WORK/sqlite3.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -524288;
CREATE TABLE survey ($COLUMNS);
$INDEXES
.mode csv
.import --skip 1 $CSV survey
SQL
read -r S_S S_RSS < <(measure sqlite3 sqlite3 "$SQ" ".read $WORK/sqlite3.sql")
S_SIZE=$(( $(stat -c %s "$SQ") + $(stat -c %s "$SQ-wal" 2>/dev/null || echo 0) ))
# The unique key makes .import skip duplicate ids with an error line; none are expected.

# 3. PostgreSQL COPY (client-side \copy, same table and indexes).
echo "# PostgreSQL COPY"
su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'" >/dev/null
su postgres -c "psql -q -d bench -c 'CREATE TABLE survey ($COLUMNS)' -c '$INDEXES'" >/dev/null
chmod o+r "$CSV"
read -r P_S P_RSS < <(measure postgres su postgres -c "psql -q -d bench -c \"\\copy survey FROM '$CSV' CSV HEADER\"")
P_SIZE=$(su postgres -c "psql -tA -d bench -c \"SELECT pg_database_size('bench')\"")

node - "$COUNT" "$BYTES" "$WORK" "$D_S" "$D_RSS" "$D_SIZE" "$S_S" "$S_RSS" "$S_SIZE" "$P_S" "$P_RSS" "$P_SIZE" <<'JS'
const [count, bytes, work, dS, dR, dZ, sS, sR, sZ, pS, pR, pZ] = process.argv.slice(2);
const fs = require("node:fs");
const os = require("node:os");
const summary = JSON.parse(fs.readFileSync(`${work}/out-diachiso.log`, "utf8").slice(fs.readFileSync(`${work}/out-diachiso.log`, "utf8").indexOf("{")));
const row = (name, s, rssKiB, size) => ({ name, seconds: Number(s), rows_per_second: Math.round(Number(count) / Number(s)), peak_rss_mib: Math.round(Number(rssKiB) / 1024), db_mib: Math.round(Number(size) / 1048576) });
const results = {
  count: Number(count),
  csv_mib: Math.round(Number(bytes) / 1048576),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, ram_gib: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg_at_end: os.loadavg().map((l) => l.toFixed(2)) },
  diachiso: {
    ...row("diachiso import", dS, dR, dZ),
    accepted: summary.accepted,
    rejected: summary.rejected,
    complete: summary.complete,
    bulk_load: summary.bulk_load,
    index_seconds: summary.index_seconds,
    workers: summary.workers,
    cpu_seconds: summary.cpu_seconds,
  },
  sqlite3_import: row("sqlite3 .import", sS, sR, sZ),
  postgres_copy: row("PostgreSQL \\copy", pS, pR, pZ),
};
results.ratio_vs_sqlite3 = +(results.diachiso.seconds / results.sqlite3_import.seconds).toFixed(2);
results.ratio_vs_postgres = +(results.diachiso.seconds / results.postgres_copy.seconds).toFixed(2);
fs.writeFileSync(`${work}/results-${count}.json`, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n| ${Number(count).toLocaleString("en-US")} rows (${results.csv_mib} MiB CSV) | seconds | rows/s | peak RSS MiB | DB MiB | diachiso time ÷ this |`);
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of [results.diachiso, results.sqlite3_import, results.postgres_copy]) {
  console.log(`| ${r.name} | ${r.seconds} | ${r.rows_per_second.toLocaleString("en-US")} | ${r.peak_rss_mib} | ${r.db_mib} | ${(results.diachiso.seconds / r.seconds).toFixed(2)} |`);
}
console.log(`\ndiachiso: accepted ${summary.accepted}, rejected ${summary.rejected}, complete ${summary.complete} (${((100 * summary.complete) / summary.accepted).toFixed(1)} %); load average at end ${results.machine.loadavg_at_end.join(" ")}`);
const cpu = summary.cpu_seconds ?? {};
console.log(`diachiso threads: writer ${cpu.writer} CPU-s (${((cpu.writer * 1e6) / Number(count)).toFixed(1)} µs/row), parser ${cpu.parser} CPU-s (${((cpu.parser * 1e6) / Number(count)).toFixed(1)} µs/row); bulk load ${summary.bulk_load}, index rebuild ${summary.index_seconds} s of the ${summary.seconds} s`);
JS
