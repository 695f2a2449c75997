#!/usr/bin/env bash
# Builds the light pages' browser module (the `light` crate; see app/src/ui/light.rs) into the
# site's package directory as pkg/light.<hash>.js and pkg/light.<hash>.wasm, the names the server
# looks for. Run after `cargo leptos build` (which builds the rest of the site):
#
#   scripts/light.sh            debug, beside `cargo leptos build --split`
#   scripts/light.sh --release  release (wasm-opt -Oz), beside `cargo leptos build --release --split`
#   LIGHT_PKG_DIR=dir           where the two files go (default target/site/pkg)
#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

release=false
[[ "${1:-}" == --release ]] && release=true
# Its own target directory: built for client-side rendering (app's `csr` feature), it shares no
# compiled crate with cargo-leptos's hydrating front end.
target=target/light
if $release; then
  profile=wasm-release
  cargo build --package=light --lib --target-dir="$target" --target=wasm32-unknown-unknown --profile "$profile"
else
  profile=debug
  RUSTFLAGS="--cfg erase_components" \
    cargo build --package=light --lib --target-dir="$target" --target=wasm32-unknown-unknown
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target=web --no-typescript --out-name=light --out-dir="$out" "$target/wasm32-unknown-unknown/$profile/light.wasm"
if $release; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$out/light_bg.wasm" -o "$out/light_bg.wasm"
fi

# One hash of both files names both, so a page never pairs one build's script with another's module.
hash="$(cat "$out/light.js" "$out/light_bg.wasm" | sha256sum | cut -c1-20)"
pkg="${LIGHT_PKG_DIR:-target/site/pkg}"
mkdir -p "$pkg"
rm -f "$pkg"/light.*.js "$pkg"/light.*.wasm
cp "$out/light.js" "$pkg/light.$hash.js"
cp "$out/light_bg.wasm" "$pkg/light.$hash.wasm"
echo "light: $pkg/light.$hash.{js,wasm} ($(stat -c %s "$pkg/light.$hash.wasm") B wasm, $(gzip -9 -c "$pkg/light.$hash.wasm" | wc -c) B gzip -9)"
