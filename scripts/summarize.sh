#!/usr/bin/env bash
# Sums up a test run from its steps file (written by scripts/test.sh), one step per line, tab-separated:
#
#   name  kind  rc  log  seconds  [json]
#
#   kind  cargo       count every "test result: ... N passed; M failed" line in log
#         playwright  read the stats of Playwright's JSON report (json): expected -> passed,
#                     flaky -> passed (and said so), unexpected -> failed
#         build|setup no tests: a failure counts as 1 failed
#   rc    the step's exit status, or "skip" (not run; says why in the log column)
#
# A step that fails without any failed test to show for it (a compile error, a crashed test binary,
# a time-out, a server that would not start) counts as 1 failed and is named.
# Prints a line per step, the failed tests, and last, alone on its line: "N passed, N failed".
# Exits 1 if anything failed.
set -euo pipefail

STEPS="${1:?usage: $0 STEPS_FILE}"
[[ -f "$STEPS" ]] || { echo "summarize: no steps file $STEPS" >&2; echo "0 passed, 1 failed"; exit 1; }

total_passed=0
total_failed=0
details=()
failures=()

fmt_time() { local s="${1:-0}"; [[ "$s" =~ ^[0-9]+$ ]] || s=0; printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Prints "passed failed failing_targets" for a cargo test log.
cargo_counts() {
  awk '
    /^test result: (ok|FAILED)\. [0-9]+ passed; [0-9]+ failed;/ {
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) p += $(i - 1)
        if ($(i) ~ /^failed;?$/) f += $(i - 1)
      }
      if ($3 == "FAILED.") fr++
    }
    /^error: (test|doctest) failed, to rerun pass/ { ft++ }
    END { printf "%d %d %d %d\n", p, f, ft, fr }
  ' "$1"
}

# Prints "passed failed flaky skipped globalerrors" then one failing test per line.
playwright_counts() {
  node - "$1" <<'JS'
const fs = require('fs');
let r;
try { r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')); } catch (e) { console.log('ERR'); process.exit(0); }
const s = r.stats || {};
const expected = s.expected | 0, unexpected = s.unexpected | 0, flaky = s.flaky | 0, skipped = s.skipped | 0;
console.log([expected + flaky, unexpected, flaky, skipped, (r.errors || []).length].join(' '));
// Top-level suites are files; nested suites are describe() blocks.
const walk = (suite, trail) => {
  for (const spec of suite.specs || []) {
    for (const t of spec.tests || []) {
      if (t.status === 'unexpected' || t.status === 'flaky') {
        const where = `${spec.file || suite.file || ''}:${spec.line}`;
        const flag = t.status === 'flaky' ? 'flaky: ' : '';
        console.log(`${flag}[${t.projectName}] ${where} › ${[...trail, spec.title].join(' › ')}`);
      }
    }
  }
  for (const child of suite.suites || []) walk(child, [...trail, child.title]);
};
for (const suite of r.suites || []) walk(suite, []);
for (const e of r.errors || []) console.log('error: ' + String(e.message || e.value || JSON.stringify(e)).split('\n')[0]);
JS
}

while IFS=$'\t' read -r name kind rc log secs json || [[ -n "${name:-}" ]]; do
  [[ -z "${name:-}" || "$name" == \#* ]] && continue
  passed=0 failed=0 note=""
  t="$(fmt_time "${secs:-0}")"
  if [[ "$rc" == skip ]]; then
    details+=("$(printf '%-16s skipped: %s' "$name" "$log")")
    continue
  fi
  case "$kind" in
    cargo)
      if [[ -f "$log" ]]; then read -r passed failed failing_targets failed_results < <(cargo_counts "$log"); else failing_targets=0 failed_results=0; fi
      while IFS= read -r line; do failures+=("$name: $line"); done < <(grep -E '^test .* \.\.\. FAILED$' "$log" 2>/dev/null | sed -E 's/^test (.*) \.\.\. FAILED$/\1/' | sort -u || true)
      if (( failing_targets > failed_results )); then
        # A test binary that crashed or was killed prints no "test result" line.
        note=" (of which $((failing_targets - failed_results)) for test binaries that ended without a result)"
        failed=$((failed + failing_targets - failed_results))
        failures+=("$name: $((failing_targets - failed_results)) test binary(ies) ended without a result (see $log)")
      fi
      if [[ "$rc" == 124 || "$rc" == 137 ]]; then
        note="$note; TIMED OUT (counted as 1 failed)"
        failed=$((failed + 1))
        failures+=("$name: timed out (see $log)")
      elif [[ "$rc" != 0 ]] && ((failed == 0)); then
        if grep -qE '^error(\[E[0-9]+\])?: ' "$log" 2>/dev/null && grep -q 'could not compile' "$log" 2>/dev/null; then
          note=" — ERROR: did not compile (counted as 1 failed)"
        else
          note=" — ERROR: exited $rc without failed tests (counted as 1 failed)"
        fi
        failed=1
        failures+=("$name: step failed with exit status $rc (see $log)")
      fi
      details+=("$(printf '%-16s %d passed, %d failed%s  [%s]' "$name" "$passed" "$failed" "$note" "$t")")
      ;;
    playwright)
      out="$(playwright_counts "${json:-/nonexistent}")"
      first="$(head -n 1 <<<"$out")"
      if [[ "$first" == ERR ]]; then
        failed=1
        details+=("$(printf '%-16s ERROR: no readable JSON report (exit %s; counted as 1 failed)  [%s]' "$name" "$rc" "$t")")
        failures+=("$name: no test results; see $log")
      else
        read -r passed failed flaky skipped gerrors <<<"$first"
        while IFS= read -r line; do [[ -n "$line" ]] && failures+=("$name: $line"); done < <(tail -n +2 <<<"$out")
        ((flaky > 0)) && note="$note, $flaky flaky (passed on retry, counted as passed)"
        ((skipped > 0)) && note="$note, $skipped skipped"
        if [[ "$rc" != 0 ]] && ((failed == 0)); then
          failed=1
          note="$note — ERROR: exited $rc with ${gerrors} global error(s) (counted as 1 failed)"
        fi
        details+=("$(printf '%-16s %d passed, %d failed%s  [%s]' "$name" "$passed" "$failed" "$note" "$t")")
      fi
      ;;
    *)
      if [[ "$rc" == 0 ]]; then
        details+=("$(printf '%-16s ok  [%s]' "$name" "$t")")
      else
        failed=1
        details+=("$(printf '%-16s ERROR: exited %s (counted as 1 failed)  [%s]' "$name" "$rc" "$t")")
        failures+=("$name: failed with exit status $rc (see $log)")
      fi
      ;;
  esac
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
done <"$STEPS"

echo
echo "==================== summary ===================="
for d in "${details[@]}"; do echo "  $d"; done
if ((${#failures[@]})); then
  echo "failed:"
  for f in "${failures[@]}"; do echo "  - $f"; done
fi
echo "================================================="
printf '%d passed, %d failed\n' "$total_passed" "$total_failed"
((total_failed == 0))
