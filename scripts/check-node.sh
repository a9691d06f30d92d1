#!/usr/bin/env bash
# Fails with one sentence unless Node.js is one that package.json's "engines" allows:
# ^20.19.0 || >=22.13.0 (the oldest releases that every dependency supports: ESLint 10 and Vite 8
# need 20.19 on the 20 line and 22.13 on the 22 line). .npmrc sets engine-strict, so npm checks
# the same range for every package; this check only says it first, in words.
set -euo pipefail
want='Node.js 20.19 or newer on the 20 line, or 22.13 or newer'
if ! command -v node >/dev/null; then
  echo "$0: $want is required (node not found)." >&2
  exit 1
fi
IFS=. read -r major minor _ <<<"$(node -p 'process.versions.node')"
if { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; } || { [ "$major" -eq 22 ] && [ "$minor" -ge 13 ]; } || [ "$major" -ge 23 ]; then
  exit 0
fi
echo "$0: $want is required (found $(node --version)); install a supported release and try again." >&2
exit 1
