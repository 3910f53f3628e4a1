#!/usr/bin/env bash
# run.sh — the main job: `stressql run scenarios/` against local servers.
#
# Starts PostgreSQL and Redis on 127.0.0.1 when nothing answers there
# (installing Redis if needed), builds stressql, and runs every scenario.
# Extra arguments go to `stressql run` (e.g. --filter 'pool_*' --json out.json).
# With STRESSQL_POSTGRES_URL / STRESSQL_REDIS_URL set, those targets are used
# and nothing is started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-servers.sh
mkdir -p bin
go build -o bin/stressql ./cmd/stressql
exec bin/stressql run scenarios/ "$@"
