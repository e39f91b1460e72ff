#!/usr/bin/env bash
# `npm run bench`: the eight benchmarks, one after another (the services are built once).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-infra.sh
bash scripts/build.sh
export BENCH_SKIP_BUILD=1
for bench in clicks webhook-ingest attribution-drain end-to-end-latency unknown-click-wait commissions-drain commission-latency dashboard-lists; do
  echo "== bench/$bench.js"
  node "bench/$bench.js"
done
