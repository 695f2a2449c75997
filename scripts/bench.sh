#!/usr/bin/env bash
# make bench: seeds a realistic volume into a fresh database and prints latency figures.
#   scripts/bench.sh                 the benchmarks on SQLite: orgs (target/bench/orgs.db),
#                                    activities (target/bench/activities.db), then check-in
#                                    (target/bench/checkin.db; BENCH_CHECKIN_ARGS for its flags), then
#                                    1,000 certificates rendered (no database)
#   BENCH_ONLY=activities scripts/bench.sh   just one of them (orgs | activities | pages | checkin |
#                                    map | matching | certificates | lighthouse); pages: the public pages of the
#                                    activities database over HTTP, loaded by oha (installed if
#                                    missing) beside a bare axum page
#   BENCH_MATCHING_ARGS="--reuse"    matching: keep target/bench/matching.db from an earlier run
#   BENCH_PG=1 scripts/bench.sh      also PostgreSQL, in the throw-away cluster of scripts/pg.sh
#   BENCH_ARGS="--volunteers 100000" scripts/bench.sh        flags for both (each ignores the other's)
#   BENCH_ORGS_ARGS="--orgs 10000"   BENCH_ACTIVITIES_ARGS="--activities 20000 --seconds 5"
#                                    flags for one of them
#   BENCH_ONLY=lighthouse            the release split site: first-load WASM per page group
#                                    (scripts/wasm_size.py) and Lighthouse mobile on the public
#                                    pages (scripts/lighthouse.sh)
# Figures go to stdout and target/bench/*.log; nothing is asserted (speed is measured, not tested).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh
only="${BENCH_ONLY:-}"
case "$only" in
  "" | orgs | activities | pages | checkin | certificates | map | matching | lighthouse) ;;
  *) echo "BENCH_ONLY must be orgs, activities, pages, checkin, certificates, map, matching or lighthouse (got '$only')" >&2; exit 2 ;;
esac
scripts/setup.sh "$([[ "${BENCH_PG:-0}" == 1 ]] && echo test || echo run)" >/dev/null
mkdir -p target/bench
cargo build --release -p server --bin bench
BIN="${CARGO_TARGET_DIR:-target}/release/bench"
if [[ "${BENCH_PG:-0}" == 1 ]]; then
  url="$(scripts/pg.sh start)"
  base="${url%/*}"
fi

# run MODE DATABASE: the SQLite run, then the PostgreSQL one in a fresh DATABASE if asked.
run() {
  local mode="$1" database="$2" extra
  [[ -n "$only" && "$only" != "$mode" ]] && return 0
  case "$mode" in
    orgs) extra="${BENCH_ORGS_ARGS:-}" ;;
    activities) extra="${BENCH_ACTIVITIES_ARGS:-}" ;;
    map) extra="${BENCH_MAP_ARGS:-}" ;;
    matching) extra="${BENCH_MATCHING_ARGS:-}" ;;
    *) extra="${BENCH_CHECKIN_ARGS:-}" ;;
  esac
  # shellcheck disable=SC2086
  "$BIN" "$mode" ${BENCH_ARGS:-} $extra | tee "target/bench/$mode-sqlite.log"
  if [[ "${BENCH_PG:-0}" == 1 ]]; then
    psql "$url" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
    # shellcheck disable=SC2086
    "$BIN" "$mode" --db "$base/$database" ${BENCH_ARGS:-} $extra | tee "target/bench/$mode-postgres.log"
  fi
}
run orgs sciserve_bench
run activities sciserve_bench_act
# The public pages over HTTP with an external load generator, on the database just seeded
# (BENCH_ONLY=pages reuses the one there).
if [[ -z "$only" || "$only" == pages ]]; then
  command -v oha >/dev/null || cargo install oha --locked --version 1.16.0
  # shellcheck disable=SC2086
  "$BIN" pages ${BENCH_ARGS:-} ${BENCH_PAGES_ARGS:-} | tee target/bench/pages-sqlite.log
  if [[ "${BENCH_PG:-0}" == 1 ]]; then
    # shellcheck disable=SC2086
    "$BIN" pages --db "$base/sciserve_bench_act" ${BENCH_ARGS:-} ${BENCH_PAGES_ARGS:-} | tee target/bench/pages-postgres.log
  fi
fi
run checkin sciserve_bench_checkin
run map sciserve_bench_map
run matching sciserve_bench_matching
# Rendering only, no database: once is enough.
if [[ -z "$only" || "$only" == certificates ]]; then
  "$BIN" certificates | tee target/bench/certificates.log
fi
# What a phone downloads and how soon it can use the page (the release site, split).
if [[ -z "$only" || "$only" == lighthouse ]]; then
  cargo leptos build --release --split
  scripts/light.sh --release
  python3 scripts/wasm_size.py | tee target/bench/wasm-size.log || true
  scripts/lighthouse.sh | tee target/bench/lighthouse.log
fi
