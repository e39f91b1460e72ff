#!/usr/bin/env bash
# Builds the five services into dist/apps/<service>/main.js, each only when a source it is built
# from (its app, libs/, the build settings, the lock file) changed since its last build.
# SELGEO_FORCE_BUILD=1 builds everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
mkdir -p dist
# `npm start`, the tests and the drills may build at once: one build at a time, the others wait for it.
exec 9>dist/.build-lock
flock 9

# True when $1 is missing or older than any of the other paths (files, or files under folders).
stale() {
  local target="$1"
  shift
  [ "${SELGEO_FORCE_BUILD:-}" = 1 ] || [ ! -e "$target" ] || [ -n "$(find "$@" -newer "$target" -print -quit 2>/dev/null)" ]
}

shared=(libs tsconfig.json nest-cli.json .swcrc package-lock.json)
if stale dist/snippet/selgeo.js apps/tracking/snippet scripts/build-snippet.js; then
  say "Building the snippet"
  node scripts/build-snippet.js
fi
if stale dist/dashboard-web/index.html apps/dashboard/web package-lock.json; then
  say "Building the dashboard's browser app"
  npm run --silent build:dashboard-web >/dev/null
fi
for app in tracking webhook-ingest attribution commissions dashboard; do
  if stale "dist/apps/$app/main.js" "apps/$app/src" "${shared[@]}"; then
    say "Building $app"
    npx nest build "$app" >/dev/null
  fi
done
