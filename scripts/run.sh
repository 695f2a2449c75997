#!/usr/bin/env bash
# `make run`: install what is missing, build the release site, and serve it on embedded SQLite
# with demo data. The server prints its URL. Settings can be overridden from the environment
# (DATABASE_URL, SMS_OUTBOX, LEPTOS_SITE_ADDR, … — see the README).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

"$ROOT/scripts/setup.sh" run
echo "run: cargo leptos build --release --split (the first build takes ~10 min on 2 cores)"
cargo leptos build --release --split
# The first-visit pages' small modules, one per bundle of pages (app/src/shell/light.rs).
scripts/light.sh --release

mkdir -p data
export LEPTOS_OUTPUT_NAME=sciserve
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/sciserve.db?mode=rwc}"
export SMS_OUTBOX="${SMS_OUTBOX:-data/sms-outbox.jsonl}"
export SCISERVE_SEED_DEMO="${SCISERVE_SEED_DEMO:-true}"   # clap bool: true|false
exec "$ROOT/target/release/server" "$@"
