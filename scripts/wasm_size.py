#!/usr/bin/env python3
"""The WASM a first visit downloads, from a `cargo leptos build --release --split` site.

    scripts/wasm_size.py [--site target/site] [--hash target/release/hash.txt] [--budget-kb 200]

Prints the gzip size (level 9; sizes are deterministic) of the light module (scripts/light.sh
--release), which is all a first visit to a light page (home, the activity list, an activity, the
organisation pages, sign-in; app/src/shell/light.rs) downloads; of the whole app's main module,
which a first visit to any other page downloads; and of each lazily loaded page group
(app/src/shell/pages.rs) with the chunks its first use adds. Exits 1 when the light module is
over the budget, 2 when the site is not a release split build with the light module. Nothing
here builds anything.
"""
import argparse
import gzip
import json
import pathlib
import re
import sys


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", default="target/site")
    parser.add_argument("--hash", default="target/release/hash.txt")
    parser.add_argument("--budget-kb", type=float, default=200.0)
    args = parser.parse_args()

    pkg = pathlib.Path(args.site) / "pkg"
    try:
        names = hashes(pathlib.Path(args.hash))
        main_wasm = pkg / f"sciserve.{names['wasm']}.wasm"
        manifest_file = pkg / f"__wasm_split_manifest.{names['manifest']}.json"
        manifest = json.loads(manifest_file.read_text())
        main_size = gz(main_wasm)
        light_wasm = next(pkg.glob("light.*.wasm"))
        light_size = gz(light_wasm)
    except StopIteration:
        print("wasm-size: no light module to measure; run `scripts/light.sh --release`")
        return 2
    except (OSError, KeyError, ValueError) as err:
        print(f"wasm-size: no release split build to measure ({err}); run `cargo leptos build --release --split`")
        return 2

    budget = int(args.budget_kb * 1024)
    print(f"{'what':<46} {'files':>5} {'raw B':>10} {'gzip -9 B':>10}")
    print(f"{'first visit to a light page (light module)':<46} {1:>5} {light_wasm.stat().st_size:>10} {light_size:>10}")
    print(f"{'first visit to another page (main module)':<46} {1:>5} {main_wasm.stat().st_size:>10} {main_size:>10}")
    # The split point of each group is its loader function (`public_page`, `staff_page`, …);
    # wasm-split names it after the function with a hash of where it was written.
    for split, modules in sorted(manifest.items()):
        group = re.sub(r"_\d+$", "", split).strip("_")
        files = [pkg / f"{m}.wasm" for m in modules]
        raw = sum(f.stat().st_size for f in files)
        print(f"{'+ ' + group + ' (first page of the group)':<46} {len(files):>5} {raw:>10} {sum(gz(f) for f in files):>10}")
    verdict = "within" if light_size <= budget else "OVER"
    print(f"wasm-size: first visit to a light page {light_size / 1024:.1f} KiB gzip, {verdict} the budget of {args.budget_kb:g} KiB")
    return 0 if light_size <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
