#!/bin/sh
# npm.sh - install the pinned contract tools (package-lock.json) into tests/contract/node_modules.
# Runs `npm ci` only when the lockfile changed since the last install, so later runs are offline.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stamp=$here/node_modules/.installed-lock
if [ -f "$stamp" ] && cmp -s "$here/package-lock.json" "$stamp"; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "npm.sh: npm not found (sh .ci/deps installs nodejs and npm)" >&2
    exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    sed 's/^/npm: /' "$log" >&2
    echo "npm.sh: npm ci --prefix tests/contract failed" >&2
    exit 1
fi
cp "$here/package-lock.json" "$stamp"
