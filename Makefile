# sciserve — the two commands of the README quick start:
#   make run    build the release site and serve it on embedded SQLite with demo data (prints the URL)
#   make test   run the whole test suite; ends with "N passed, N failed"
# Both install whatever is missing first (scripts/setup.sh).

SHELL := /bin/bash

.PHONY: run test setup bench clean fmt lint

run:
	@scripts/run.sh

test:
	@scripts/test.sh

# Formats the code as `make test` checks it (rustfmt + leptosfmt); `make lint` runs clippy alone.
fmt:
	@scripts/lint.sh fix

lint:
	@scripts/lint.sh clippy

setup:
	@scripts/setup.sh test

# Not part of the test suite: seeds 100,000 organisations and 1,000,000 volunteers, then
# 200,000 activities with sign-ups under HTTP load, and prints latency figures (BENCH_PG=1 adds
# PostgreSQL; BENCH_ONLY=orgs or BENCH_ONLY=activities runs one). See the README's "Measured" section.
bench:
	@scripts/bench.sh

clean:
	@scripts/pg.sh stop >/dev/null 2>&1 || true
	rm -rf target/site target/test-logs target/pg end2end/.tmp end2end/test-results end2end/playwright-report
	cargo clean
