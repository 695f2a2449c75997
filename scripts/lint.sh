#!/usr/bin/env bash
# The guardrails `make test` runs beside the tests (and `make fmt` fixes what it can):
#
#   scripts/lint.sh format   rustfmt (rustfmt.toml) and leptosfmt (leptosfmt.toml) in check mode
#   scripts/lint.sh fix      rewrites the files with both formatters
#   scripts/lint.sh clippy   cargo clippy -D warnings on both feature sets of `app` (ssr, hydrate),
#                            on `server` (binaries, tests, benchmarks) and on `frontend`
#
# leptosfmt formats the `view!` macros that rustfmt leaves alone; rustfmt runs after it so the two
# agree on everything outside the macros.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

RUST_DIRS=(app/src app/tests frontend/src light/src server/src server/tests)

case "${1:-}" in
  format)
    leptosfmt --quiet --check "${RUST_DIRS[@]}"
    cargo fmt --all --check
    echo "lint: formatting ok"
    ;;
  fix)
    leptosfmt --quiet "${RUST_DIRS[@]}"
    cargo fmt --all
    ;;
  clippy)
    # The ssr side shares its flags with the test steps (see scripts/test.sh) so dependencies
    # are checked once; the browser side is the wasm target with the `hydrate` feature.
    RUSTFLAGS="${RUSTFLAGS:---cfg erase_components}" cargo clippy -p app --features ssr --tests -- -D warnings
    RUSTFLAGS="${RUSTFLAGS:---cfg erase_components}" cargo clippy -p server --bins --tests --benches -- -D warnings
    cargo clippy -p app --features hydrate -p frontend --target wasm32-unknown-unknown -- -D warnings
    # The light modules: the app built for client-side rendering, in its own target directory, as
    # scripts/light.sh --release builds it (without erase_components, which changes what `view!`
    # expands to and so what clippy sees).
    cargo clippy -p light --features list --target wasm32-unknown-unknown --target-dir target/light -- -D warnings
    echo "lint: clippy ok"
    ;;
  *)
    echo "usage: $0 format|fix|clippy" >&2
    exit 2
    ;;
esac
