#!/usr/bin/env bash
# `npm test`: installs what is missing, makes sure PostgreSQL and NATS run, then runs every Jest
# tier (unit, medium, end-to-end). Extra arguments go to Jest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_node_modules
bash scripts/ensure-infra.sh
exec npx jest "$@"
