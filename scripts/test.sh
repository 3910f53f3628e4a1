#!/usr/bin/env bash
# test.sh — the test command: static checks, then every Go test (unit and
# integration) against real servers on 127.0.0.1, which it starts when they
# are not running. Integration tests fail (never skip) when CI=true and a
# server is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-servers.sh
bash scripts/ensure-browser.sh

export STRESSQL_TEST_POSTGRES_URL="${STRESSQL_POSTGRES_URL:-postgres://stressql:stressql@127.0.0.1:5432/stressql}"
export STRESSQL_TEST_REDIS_URL="${STRESSQL_REDIS_URL:-redis://127.0.0.1:6379/0}"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
echo "== go vet"
go vet ./...

echo "== build"
mkdir -p bin
go build -o bin/stressql ./cmd/stressql

echo "== stressql validate scenarios/"
bin/stressql validate scenarios/
echo "== stressql fmt -check scenarios/"
bin/stressql fmt -check scenarios/
echo "== stressql validate / fmt -check examples/pgbouncer/"
bin/stressql validate examples/pgbouncer/
bin/stressql fmt -check examples/pgbouncer/

echo "== go test"
# -p 1: integration tests of different packages share the two servers and
# the two cores; running packages one at a time keeps timings meaningful.
go test -p 1 -count=1 -timeout 30m ./... "$@"
