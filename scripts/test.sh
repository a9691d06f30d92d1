#!/usr/bin/env bash
# The one command that installs what the tests need and runs every test (CI runs exactly this):
#   system packages (Debian's chromium and libvulkan1, only when missing), npm ci, formatting,
#   lint and types, the build, unit and engine tests (Vitest, WebGPU through Dawn), end-to-end
#   tests (Playwright in headless Chromium, with and without WebGPU), first a short run of them
#   beside a server on 4173 (scripts/start.sh's port) to show they keep off it.
set -euo pipefail
cd "$(dirname "$0")/.."

step='start'
trap 'echo "scripts/test.sh: FAILED at step: $step" >&2' ERR

run() {
  step="$1"
  shift
  echo
  echo "== $step"
  "$@"
}

bash scripts/check-node.sh

run 'system packages' bash scripts/setup-test-env.sh
run 'npm ci' npm ci --no-audit --no-fund
run 'check (prettier, eslint, tsc)' npm run check
run 'build' npm run build
run 'unit and engine tests' npm run test:unit
run 'end-to-end tests beside port 4173' node scripts/check-e2e-ports.mjs
run 'end-to-end tests' npm run test:e2e
echo
echo "scripts/test.sh: all passed."
