#!/usr/bin/env bash
# Builds the light pages' browser modules (the `light` crate; see app/src/ui/light.rs), one per
# bundle of pages (app::shell::light::Bundle, the crate's features), into the site's package
# directory as pkg/light-<bundle>.<hash>.js and .wasm, the names the server looks for. Run after
# `cargo leptos build` (which builds the rest of the site, and empties pkg/ first):
#
#   scripts/light.sh            debug, beside `cargo leptos build --split`
#   scripts/light.sh --release  release (wasm-opt -Oz), beside `cargo leptos build --release --split`
#   LIGHT_PKG_DIR=dir           where the files go (default target/site/pkg)
#
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT"

release=false
[[ "${1:-}" == --release ]] && release=true
# Its own target directory: built for client-side rendering (app's `csr` feature), it shares no
# compiled crate with cargo-leptos's hydrating front end. The bundles share every crate but the
# small `light` one, so after the first only linking differs.
target=target/light
if $release; then
  profile=wasm-release
  build=(cargo build --package=light --lib --target-dir="$target" --target=wasm32-unknown-unknown --profile "$profile")
else
  profile=debug
  export RUSTFLAGS="--cfg erase_components"
  build=(cargo build --package=light --lib --target-dir="$target" --target=wasm32-unknown-unknown)
fi
# The bundles are the crate's features.
mapfile -t bundles < <(sed -n '/^\[features\]/,/^\[/s/^\([a-z]*\) = .*/\1/p' light/Cargo.toml)
((${#bundles[@]})) || { echo "light: no bundles in light/Cargo.toml" >&2; exit 1; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
pkg="${LIGHT_PKG_DIR:-target/site/pkg}"
mkdir -p "$pkg"
rm -f "$pkg"/light-*.js "$pkg"/light-*.wasm
for bundle in "${bundles[@]}"; do
  "${build[@]}" --features "$bundle"
  wasm-bindgen --target=web --no-typescript --out-name=light --out-dir="$out" "$target/wasm32-unknown-unknown/$profile/light.wasm"
  if $release; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$out/light_bg.wasm" -o "$out/light_bg.wasm"
  fi
  # One hash of both files names both, so a page never pairs one build's script with another's module.
  name="light-$bundle.$(cat "$out/light.js" "$out/light_bg.wasm" | sha256sum | cut -c1-20)"
  cp "$out/light.js" "$pkg/$name.js"
  cp "$out/light_bg.wasm" "$pkg/$name.wasm"
  echo "light: $pkg/$name.{js,wasm} ($(stat -c %s "$pkg/$name.wasm") B wasm, $(gzip -9 -c "$pkg/$name.wasm" | wc -c) B gzip -9)"
done
