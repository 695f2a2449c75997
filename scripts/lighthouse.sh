#!/usr/bin/env bash
# Lighthouse on the public pages, as a phone sees them (`BENCH_ONLY=lighthouse make bench`).
#
#   scripts/lighthouse.sh [SERVER_BINARY]
#
# Serves the built site (`cargo leptos build --release --split` first; scripts/bench.sh does it)
# on a fresh SQLite database with the demo data, then runs Lighthouse 12 (vendor/lighthouse,
# installed from the npm registry if missing) with its default mobile settings — simulated slow
# 4G and a 4× slower CPU — on Debian's Chromium, once per page, and prints performance score,
# LCP, time to interactive, total blocking time and bytes transferred; then, in the same
# throttling, when each page has hydrated (scripts/hydration_time.mjs). Reports go to
# target/bench/lighthouse-*.json. Nothing is asserted: these are measurements.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${1:-$ROOT/target/release/server}"
PORT="${LIGHTHOUSE_PORT:-3197}"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"

if [[ ! -x vendor/lighthouse/node_modules/.bin/lighthouse ]]; then
  (cd vendor/lighthouse && npm ci --no-audit --no-fund)
fi

db="$OUT/lighthouse.db"
rm -f "$db" "$db-wal" "$db-shm"
LEPTOS_OUTPUT_NAME=sciserve LEPTOS_SITE_ROOT="${LIGHTHOUSE_SITE_ROOT:-target/site}" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD \
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" DATABASE_URL="sqlite://$db?mode=rwc" SMS_OUTBOX="$OUT/lighthouse-sms.jsonl" \
  SCISERVE_SEED_DEMO=true "$BIN" > "$OUT/lighthouse-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

activity="$(curl -fs "$base/api/v1/activities?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
org="$(curl -fs "$base/api/v1/organisations?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])' 2>/dev/null || true)"
pages=("home /" "list /activities" "activity /activities/$activity" "orgs /orgs" "login /login")
[[ -n "$org" ]] && pages+=("org /orgs/$org")

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
for entry in "${pages[@]}"; do
  name="${entry%% *}"
  path="${entry#* }"
  # One warm-up load so the page cache and the server's first-request work are not measured.
  curl -fs "$base$path" >/dev/null
  vendor/lighthouse/node_modules/.bin/lighthouse "$base$path" --quiet --output=json \
    --output-path="$OUT/lighthouse-$name.json" --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>>"$OUT/lighthouse-errors.log"
done

python3 - "$OUT" "${pages[@]}" <<'EOF'
import json, sys
out, entries = sys.argv[1], sys.argv[2:]
print(f"{'page':<22} {'perf':>4} {'a11y':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} {'TTI s':>6} {'TBT ms':>7} {'KB sent':>8} {'WASM KB':>8}")
for entry in entries:
    name, path = entry.split(" ", 1)
    r = json.load(open(f"{out}/lighthouse-{name}.json"))
    a, c = r["audits"], r["categories"]
    def secs(key):
        v = a.get(key, {}).get("numericValue")
        return f"{v / 1000:.2f}" if v is not None else "-"
    items = a.get("network-requests", {}).get("details", {}).get("items", [])
    total = sum(i.get("transferSize", 0) for i in items) / 1024
    wasm = sum(i.get("transferSize", 0) for i in items if i.get("url", "").endswith(".wasm")) / 1024
    score = lambda k: round(c[k]["score"] * 100) if c.get(k, {}).get("score") is not None else "-"
    tbt = a.get("total-blocking-time", {}).get("numericValue", 0)
    print(f"{path:<22} {score('performance'):>4} {score('accessibility'):>4} {score('seo'):>4} {secs('first-contentful-paint'):>6} "
          f"{secs('largest-contentful-paint'):>6} {secs('interactive'):>6} {tbt:>7.0f} {total:>8.0f} {wasm:>8.0f}")
EOF
# When the page is usable: Lighthouse's "interactive" does not wait for the WASM to hydrate.
node scripts/hydration_time.mjs "$base" "${pages[@]#* }"
