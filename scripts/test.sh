#!/usr/bin/env bash
# The one command that installs what the tests need and runs every test:
#   formatting, lint and types; the build; unit and engine tests (Vitest, WebGPU through Dawn);
#   end-to-end tests (Playwright in headless Chromium, with and without WebGPU).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-env.sh
echo "== npm ci"
npm ci --no-audit --no-fund
echo "== check (prettier, eslint, tsc)"
npm run check
echo "== build"
npm run build
echo "== unit and engine tests"
npm run test:unit
echo "== end-to-end tests"
npm run test:e2e
