#!/usr/bin/env bash
# Installs (if needed), builds and serves Cross-Entropy Lab, then prints its URL:
#   http://127.0.0.1:${PORT:-4173}${BASE:-/}  (BASE=/courses/ml/xent/ serves it under a sub-path).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-node.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
exec node scripts/serve.mjs --dir dist --port "${PORT:-4173}" --base "${BASE:-/}"
