#!/usr/bin/env bash
# `npm test`: installs what is missing, type-checks and lints (`npm run lint`: tsc, ESLint, Prettier),
# makes sure PostgreSQL and NATS run, then runs every Jest tier (unit, medium, end-to-end). Extra
# arguments go to Jest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
say "Type-checking and linting (npm run lint)"
npm run --silent lint
# The dashboard's browser tests load the built app.
say "Building the dashboard's browser app"
npm run --silent build:dashboard-web >/dev/null
bash scripts/ensure-infra.sh
# The snippet's tests drive a real headless Chromium (Debian's package; no browser download).
if [ -z "${CHROMIUM_PATH:-}" ]; then
  command -v chromium >/dev/null 2>&1 || apt_install chromium
  CHROMIUM_PATH="$(command -v chromium)"
  export CHROMIUM_PATH
fi
exec npx jest "$@"
