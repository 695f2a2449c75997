# shellcheck shell=bash
# Source this (". scripts/env.sh") to get the project's tools on PATH:
#   ~/.cargo/bin               cargo, cargo-leptos, wasm-bindgen
#   end2end/node_modules/.bin  wasm-opt (npm binaryen), playwright
# and LEPTOS_OUTPUT_NAME, which leptos reads at compile time: cargo-leptos sets it to the
# project name, so plain `cargo test` must set the same value or it rebuilds leptos.
SCISERVE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for _sciserve_dir in "$SCISERVE_ROOT/end2end/node_modules/.bin" "${CARGO_HOME:-$HOME/.cargo}/bin"; do
  case ":$PATH:" in
    *":$_sciserve_dir:"*) ;;
    *) PATH="$_sciserve_dir:$PATH" ;;
  esac
done
unset _sciserve_dir
export PATH SCISERVE_ROOT
export LEPTOS_OUTPUT_NAME=sciserve
