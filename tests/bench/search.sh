#!/bin/sh
# search.sh [BIN] [N] - full-text search requests/s and p99 latency, beside a peer, over the
# shipped articles and over N (default 10000) generated 5 KB articles; load time, CPU and
# peak memory of that corpus. Bounded: each wrk run lasts BENCH_SECONDS (default 5) against
# 127.0.0.1 only; the generated corpus lives in a temporary directory removed at the end.
set -eu
bin=${1:-build/release/articled}
n=${2:-10000}
secs=${BENCH_SECONDS:-5}
here=$(dirname "$0")
if ! command -v wrk >/dev/null 2>&1; then
    echo "SKIP: bench-search: wrk not installed (apt-get install wrk)"
    exit 0
fi
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

# serve DIR: start the server, wait (at most 120 s) until ready; prints load figures.
serve() {
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    t0=$(date +%s.%N)
    "$bin" serve --host 127.0.0.1 --port "$port" --dir "$1" --quiet 2>"$tmp/log" &
    pid=$!
    i=0
    until "$bin" healthcheck "http://127.0.0.1:$port/readyz" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 2400 ] || { echo "bench-search: server did not start"; cat "$tmp/log"; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s.%N)
    cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' /proc/$pid/stat)
    rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$pid/status)
    printf 'bench-search: %-10s ready in %.2f s (%s s CPU), peak RSS %s MB\n' "$2" "$(echo "$t1 - $t0" | bc)" "$cpu" "$rss"
}

run() {
    name=$1; shift
    out=$(wrk -t1 -c8 -d"${secs}s" --latency "$@" 2>&1)
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $4}')
    printf 'bench-search: %-50s %10s req/s  p99 %s%s\n' "$name" "$rps" "$p99" "${non2xx:+  NON-2XX: $non2xx}"
    sleep 1
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

# The peer of each search is served from the same snapshot: the pre-rendered article list.
serve articles shipped
base=http://127.0.0.1:$port
run "shipped: peer GET /v1/articles (pre-rendered)" "$base/v1/articles"
run "shipped: /v1/search?q=france" "$base/v1/search?q=france"
run "shipped: /v1/search phrase + filter" "$base/v1/search?q=%22quite%20a%20response%22&source=cnn"
run "shipped: /v1/quotes?q=french (FTS words)" "$base/v1/quotes?q=french"
stop

python3 "$here/gen_corpus.py" "$tmp/gen" "$n"
serve "$tmp/gen" "generated"
base=http://127.0.0.1:$port
run "generated: peer GET /v1/articles (pre-rendered)" "$base/v1/articles"
# Cheapest first: a run of slow queries leaves a queue that would burden the next one.
run "generated: /v1/search rare words" "$base/v1/search?q=report%201234"
run "generated: /v1/search phrase" "$base/v1/search?q=%22harbour%20master%22"
run "generated: /v1/search common word (~40% of rows)" "$base/v1/search?q=harbour"
# The runs above repeat one URL, which the snapshot's page cache answers after the first
# request; these ask for a new page each time, so every request runs the query.
run "generated: rare words, uncached" -s "$here/uncached.lua" "$base/v1/search?q=report%201234"
run "generated: phrase, uncached" -s "$here/uncached.lua" "$base/v1/search?q=%22harbour%20master%22"
run "generated: common word, uncached" -s "$here/uncached.lua" "$base/v1/search?q=harbour"
stop
