#!/usr/bin/env bash
# Installs, builds and serves Cross-Entropy Lab on http://127.0.0.1:${PORT:-4173}/ (the book's example).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
exec node scripts/serve.mjs --port "${PORT:-4173}" --dir dist
