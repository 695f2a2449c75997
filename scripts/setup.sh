#!/usr/bin/env bash
# Installs what `make run` / `make test` need, skipping whatever is already there.
#
#   scripts/setup.sh run    Rust wasm target, cargo-leptos, wasm-bindgen-cli, npm packages (wasm-opt)
#   scripts/setup.sh test   the same, plus leptosfmt, clippy, rustfmt, and Debian's chromium,
#                           chromium-driver and postgresql
#
# Everything comes from the registries this machine can reach (crates.io, npm, Debian).
# It changes no environment of its caller: source scripts/env.sh for PATH.
set -euo pipefail

MODE="${1:-run}"
case "$MODE" in run | test) ;; *) echo "usage: $0 [run|test]" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

CARGO_LEPTOS_VERSION=0.3.10
# fonts-noto-cjk: real Chinese glyphs, so browser tests measure layouts people actually see.
APT_PACKAGES=(chromium chromium-driver postgresql fonts-noto-cjk)
# fonts-wqy-microhei: the CJK font certificates are drawn with (SCISERVE_CERT_FONT's default);
# the server needs it to run, so it is installed in both modes.
RUN_APT_PACKAGES=(fonts-wqy-microhei)

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $*"
  fi
}

# --- Rust ------------------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust stable with rustup first)"

if command -v rustup >/dev/null 2>&1; then
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown: ok"
  else
    say "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
else
  say "rustup not found; assuming the wasm32-unknown-unknown target is installed"
fi

# The tools below are built from crates.io, without the fat LTO and single codegen unit that
# cargo-leptos's own release profile asks for. cargo-leptos is also built unoptimised: its time
# goes into the cargo, wasm-bindgen and wasm-opt it runs, and its own work (splitting the WASM)
# took 5.3 s instead of 1.8 s, while its install, the longest part of a CI run on a new machine,
# fell from 15m55s (optimised, without LTO) to 10m10s on 2 cores; ~20 min had been noted with its
# own profile.
tool_install() { # [opt-level] crate flags...
  local opt=3
  [[ "$1" =~ ^[0-3]$ ]] && { opt="$1"; shift; }
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" cargo install "$@"
}

have_version="$(cargo leptos --version 2>/dev/null || true)"
if [[ "$have_version" == "cargo-leptos $CARGO_LEPTOS_VERSION" ]]; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: ok"
else
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (had: ${have_version:-none}; takes ~10 min on 2 cores)"
  tool_install 0 cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [[ ! -f "$ROOT/Cargo.lock" ]]; then
  say "no Cargo.lock yet: cargo generate-lockfile"
  (cd "$ROOT" && cargo generate-lockfile)
fi
WB="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")"
[[ -n "$WB" ]] || die "no wasm-bindgen crate in Cargo.lock"
have_version="$(wasm-bindgen --version 2>/dev/null || true)"
if [[ "$have_version" == "wasm-bindgen $WB" ]]; then
  say "wasm-bindgen-cli $WB: ok"
else
  say "installing wasm-bindgen-cli $WB to match Cargo.lock (had: ${have_version:-none}; ~3 min)"
  # Not --locked: its lock file names a webpki-roots version that crates.io no longer has.
  tool_install wasm-bindgen-cli --version "$WB" --force
fi

# --- leptosfmt: the view! formatter `make test` checks (tests only) --------------------------------
LEPTOSFMT_VERSION=0.1.33
if [[ "$MODE" == test ]]; then
  have_version="$(leptosfmt --version 2>/dev/null || true)"
  if [[ "$have_version" == "leptosfmt $LEPTOSFMT_VERSION" ]]; then
    say "leptosfmt $LEPTOSFMT_VERSION: ok"
  else
    say "installing leptosfmt $LEPTOSFMT_VERSION (had: ${have_version:-none}; ~3 min)"
    tool_install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
  for component in clippy rustfmt; do
    if command -v rustup >/dev/null 2>&1 && ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      say "adding rust component $component"
      rustup component add "$component"
    fi
  done
fi

# --- npm: wasm-opt (binaryen) and Playwright ---------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm not found (need Node.js >= 20)"
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
(( node_major >= 20 )) || die "Node.js >= 20 needed, found $(node --version 2>/dev/null || echo none)"

E2E="$ROOT/end2end"
npm_install() {
  say "npm packages in end2end: installing"
  if [[ -f "$E2E/package-lock.json" ]]; then
    (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error)
  fi
}
stamp="$E2E/node_modules/.package-lock.json"   # npm writes this on every install
if [[ ! -f "$stamp" || "$E2E/package.json" -nt "$stamp" ||
      ( -f "$E2E/package-lock.json" && "$E2E/package-lock.json" -nt "$stamp" ) ]]; then
  npm_install
else
  say "npm packages in end2end: ok"
fi
wasm_opt="$E2E/node_modules/.bin/wasm-opt"
if ! "$wasm_opt" --version 2>/dev/null | grep -q 'version 132'; then
  say "wasm-opt does not answer; reinstalling npm packages"
  rm -rf "$E2E/node_modules"
  npm_install
  "$wasm_opt" --version | grep -q 'version 132' || die "$wasm_opt --version does not print version 132"
fi
say "wasm-opt: $("$wasm_opt" --version)"

# --- npm: Leaflet for the public map (F-41), served by us from public/vendor/leaflet -------------
MAPV="$ROOT/vendor/map"
map_stamp="$MAPV/node_modules/.package-lock.json"
if [[ ! -f "$map_stamp" || "$MAPV/package-lock.json" -nt "$map_stamp" ]]; then
  say "npm packages in vendor/map (Leaflet): installing"
  (cd "$MAPV" && npm ci --no-audit --no-fund --loglevel=error)
fi
# Copied into the assets folder cargo-leptos copies into the site; git-ignored, never a CDN.
mkdir -p "$ROOT/public/vendor/leaflet"
cp -R "$MAPV/node_modules/leaflet/dist/leaflet.js" "$MAPV/node_modules/leaflet/dist/leaflet.css" \
  "$MAPV/node_modules/leaflet/dist/images" "$MAPV/node_modules/leaflet/LICENSE" "$ROOT/public/vendor/leaflet/"
say "leaflet: $(node -p "require('$MAPV/node_modules/leaflet/package.json').version")"

# --- Debian packages: the certificate font; for the tests also Chromium and PostgreSQL -----------
wanted=("${RUN_APT_PACKAGES[@]}")
[[ "$MODE" == test ]] && wanted+=("${APT_PACKAGES[@]}")
{
  missing=()
  for pkg in "${wanted[@]}"; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      :
    else
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    # Wait for another apt/dpkg run to finish instead of failing on its lock.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q "${missing[@]}"
  else
    say "Debian packages (${wanted[*]}): ok"
  fi
}

say "done ($MODE)"
