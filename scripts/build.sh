#!/usr/bin/env bash
# Builds the three services into dist/apps/<service>/main.js.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
say "Building the snippet"
node scripts/build-snippet.js
for app in tracking webhook-ingest attribution; do
  say "Building $app"
  npx nest build "$app" >/dev/null
done
