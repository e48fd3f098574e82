#!/bin/sh
# run.sh BIN OUT_DIR - the pages in a real browser (`make test-browser`, part of `make test`).
#   Debian's chromium (installed here when root and missing), driven by puppeteer-core and
#   checked with axe-core, both pinned in tests/browser/package-lock.json (npm ci on first use).
#   Serves articles/paris-attacks and tests/fixtures/pages/hostile from a fresh directory on a
#   free loopback port. Screenshots go to OUT_DIR. A browser that cannot start is a failure.
set -u
if [ $# -ne 2 ]; then
    echo "usage: sh tests/browser/run.sh BIN OUT_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
cd "$root" || exit 2
mkdir -p "$out"
out=$(cd "$out" && pwd)
die() { echo "FAIL $1"; echo "browser: 0 passed, 1 failed"; exit 1; }

# Only the tests need a browser and node, so they are installed here, not by .ci/deps
# (which `make run` uses too).
need=""
[ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || need="$need chromium fonts-dejavu-core"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "browser: installing$need" >&2
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >&2
    else
        die "missing packages:$need (run: sudo apt-get install -y$need)"
    fi
fi
chromium=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$chromium" ] || die "chromium: not installed and could not be installed"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || die "node and npm could not be installed"
stamp=tests/browser/node_modules/.installed-lock
if [ ! -d tests/browser/node_modules/puppeteer-core ] || ! cmp -s tests/browser/package-lock.json "$stamp"; then
    # The browser is Debian's: puppeteer must not fetch one of its own.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >&2 ||
        die "npm ci --prefix tests/browser failed"
    cp tests/browser/package-lock.json "$stamp"
fi

tmp=$(mktemp -d) || exit 2
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
cp articles/paris-attacks.txt articles/paris-attacks.meta.json tests/fixtures/pages/hostile.txt \
    tests/fixtures/pages/hostile.meta.json "$tmp/"
mkdir "$tmp/articles" && mv "$tmp"/*.txt "$tmp"/*.json "$tmp/articles/"

# A free port: ask the kernel, then start; a lost race is retried.
for try in 1 2 3; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$bin" serve --host 127.0.0.1 --port "$port" --dir "$tmp/articles" --quiet 2>"$tmp/server.log" &
    pid=$!
    for i in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
done
[ -n "$pid" ] || { cat "$tmp/server.log"; die "articled did not start"; }

# Bounded: a hung browser is a failure, not a stuck build.
CHROMIUM=$chromium timeout 300 node tests/browser/pages.test.mjs "http://127.0.0.1:$port" "$out"
rc=$?
[ $rc -eq 124 ] && echo "FAIL browser tests timed out after 300 s" && echo "browser: 0 passed, 1 failed"
exit $rc
