#!/usr/bin/env bash
# make bench: seeds a realistic volume into a fresh database and prints latency figures.
#   scripts/bench.sh                 SQLite (target/bench/orgs.db)
#   BENCH_PG=1 scripts/bench.sh      also PostgreSQL, in the throw-away cluster of scripts/pg.sh
#   BENCH_ARGS="--orgs 10000 --volunteers 100000" scripts/bench.sh   a smaller run
# Figures go to stdout and target/bench/*.log; nothing is asserted (speed is measured, not tested).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
scripts/setup.sh "$([[ "${BENCH_PG:-0}" == 1 ]] && echo test || echo run)" >/dev/null
mkdir -p target/bench
cargo build --release -p server --bin bench
BIN=target/release/bench
# shellcheck disable=SC2086
"$BIN" orgs ${BENCH_ARGS:-} | tee target/bench/orgs-sqlite.log
if [[ "${BENCH_PG:-0}" == 1 ]]; then
  url="$(scripts/pg.sh start)"
  base="${url%/*}"
  psql "$url" -qc "DROP DATABASE IF EXISTS sciserve_bench" -c "CREATE DATABASE sciserve_bench" >/dev/null
  # shellcheck disable=SC2086
  "$BIN" orgs --db "$base/sciserve_bench" ${BENCH_ARGS:-} | tee target/bench/orgs-postgres.log
fi
