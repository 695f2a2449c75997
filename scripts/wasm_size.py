#!/usr/bin/env python3
"""The WASM a first visit downloads, and the budget it must keep (issue 14).

    scripts/wasm_size.py [--site target/site] [--hash target/release/hash.txt] [--budget 200000]

Prints the gzip size (level 9; release builds are deterministic) of each light pages' module
(`scripts/light.sh --release`: pkg/light-<bundle>.<hash>.wasm, app/src/shell/light.rs), which is
all a first visit to those pages downloads. When the site is a `cargo leptos build --release
--split`, it also prints the whole app's main module, which a first visit to any other page
downloads, and each lazily loaded page group (app/src/shell/pages.rs) with the chunks its first
use adds.

The budget (bytes of gzip) holds for the first visit to every light page: each bundle of the
`light` crate (its features) must be within it. Exits 1 when one is over it, 2 when there is no
release light build to measure. Nothing here builds anything.
"""
import argparse
import gzip
import json
import pathlib
import re
import sys

# The bundles are the light crate's features (scripts/light.sh builds each).
LIGHT_MANIFEST = pathlib.Path(__file__).resolve().parent.parent / "light" / "Cargo.toml"
# Which pages load each bundle, for the report (app::shell::light::Bundle::of_path decides).
PAGES = {
    "basic": "/ and /orgs",
    "list": "/activities",
    "activity": "/activities/{id}",
    "org": "/orgs/{id}",
    "login": "/login",
}


def bundles() -> list:
    """The `[features]` of light/Cargo.toml, in order."""
    names, in_features = [], False
    for line in LIGHT_MANIFEST.read_text().splitlines():
        if line.startswith("["):
            in_features = line.strip() == "[features]"
        elif in_features and re.match(r"^[a-z]+ = ", line):
            names.append(line.split(" ", 1)[0])
    return names


def gz(path: pathlib.Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))


def hashes(path: pathlib.Path) -> dict:
    """`js: …`, `wasm: …`, `manifest: …` lines written by cargo-leptos's hash-files."""
    out = {}
    for line in path.read_text().splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            out[key.strip()] = value.strip()
    return out


def row(what: str, files: int, raw: int, packed: int) -> None:
    print(f"{what:<50} {files:>5} {raw:>10} {packed:>10}")


def whole_app(pkg: pathlib.Path, hash_file: pathlib.Path) -> None:
    """The whole app's modules, when the site is a release split build."""
    try:
        names = hashes(hash_file)
        main_wasm = pkg / f"sciserve.{names['wasm']}.wasm"
        manifest = json.loads((pkg / f"__wasm_split_manifest.{names['manifest']}.json").read_text())
        main_raw, main_gz = main_wasm.stat().st_size, gz(main_wasm)
    except (OSError, KeyError, ValueError):
        print("(the whole app is not a release split build here: `cargo leptos build --release --split` measures it)")
        return
    row("first visit to another page (main module)", 1, main_raw, main_gz)
    # The split point of each group is its loader function (`public_page`, `staff_page`, …);
    # wasm-split names it after the function with a hash of where it was written.
    for split, modules in sorted(manifest.items()):
        group = re.sub(r"_\d+$", "", split).strip("_")
        files = [pkg / f"{m}.wasm" for m in modules]
        row(f"+ {group} (first page of the group)", len(files), sum(f.stat().st_size for f in files), sum(gz(f) for f in files))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="target/site")
    parser.add_argument("--hash", default="target/release/hash.txt")
    parser.add_argument("--budget", type=int, default=200_000, help="bytes of gzip -9")
    args = parser.parse_args()

    pkg = pathlib.Path(args.site) / "pkg"
    sizes = {}
    for bundle in bundles():
        found = sorted(pkg.glob(f"light-{bundle}.*.wasm"))
        if len(found) != 1:
            print(f"wasm-size: {len(found)} modules for the light bundle {bundle}; run `scripts/light.sh --release`")
            return 2
        # A debug module is tens of megabytes; its size says nothing about the budget.
        if found[0].stat().st_size > 4_000_000:
            print(f"wasm-size: {found[0]} is a debug build; run `scripts/light.sh --release`")
            return 2
        sizes[bundle] = (found[0].stat().st_size, gz(found[0]))

    print(f"{'what':<50} {'files':>5} {'raw B':>10} {'gzip -9 B':>10}")
    for bundle, (raw, packed) in sizes.items():
        mark = "" if packed <= args.budget else "  over the budget"
        row(f"first visit to {PAGES.get(bundle, '?')} (light-{bundle})", 1, raw, packed)
        if mark:
            print(f"{'':<50} {mark}")
    whole_app(pkg, pathlib.Path(args.hash))

    largest = max(sizes, key=lambda b: sizes[b][1])
    over = [b for b, (_, packed) in sizes.items() if packed > args.budget]
    verdict = f"OVER the budget of {args.budget} B: {', '.join(over)}" if over else f"within the budget of {args.budget} B"
    print(f"wasm-size: the largest first visit, to {PAGES.get(largest, largest)}, downloads "
          f"{sizes[largest][1]} B of WASM (gzip -9); every light page is {verdict}")
    return 1 if over else 0

if __name__ == "__main__":
    sys.exit(main())
