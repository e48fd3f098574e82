#!/bin/sh
# http.sh [BIN] - requests/s of articled on loopback, measured with wrk.
# Bounded: each run lasts a few seconds against 127.0.0.1 only, then the server stops.
set -eu
bin=${1:-build/release/articled}
secs=${BENCH_SECONDS:-5}
if ! command -v wrk >/dev/null 2>&1; then
    echo "SKIP: bench-http: wrk not installed (apt-get install wrk)"
    exit 0
fi
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
"$bin" serve --host 127.0.0.1 --port "$port" --dir articles --quiet 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT INT TERM
i=0
until "$bin" healthcheck "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "bench-http: server did not start"; cat "$log"; exit 1; }
    sleep 0.05
done
run() {
    name=$1; shift
    out=$(wrk -t1 -c32 -d"${secs}s" "$@" 2>&1)
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    lat=$(printf '%s\n' "$out" | awk '/Latency/ {print $2}')
    non2xx=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $4}')
    printf 'bench-http: %-34s %10s req/s  avg latency %s%s\n' "$name" "$rps" "$lat" "${non2xx:+  NON-2XX: $non2xx}"
}
base=http://127.0.0.1:$port
run "article (pre-rendered, identity)" "$base/v1/articles/paris-attacks"
run "article (pre-rendered, gzip)" -H "Accept-Encoding: gzip" "$base/v1/articles/paris-attacks"
run "quote list page (assembled)" "$base/v1/articles/paris-attacks/quotes?limit=5&offset=2"
run "search (assembled)" "$base/v1/quotes?q=france"
run "healthz" "$base/healthz"
rss=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "bench-http: server peak RSS $((rss / 1024)) MB"
