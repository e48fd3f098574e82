#!/bin/sh
# pages.sh [BIN] - weight of the reader page and its requests/s beside the JSON of the same
# article, measured with wrk on loopback. Bounded: a few seconds a run, then the server stops.
set -eu
bin=${1:-build/release/articled}
secs=${BENCH_SECONDS:-5}
id=${BENCH_ARTICLE:-paris-attacks}
if ! command -v wrk >/dev/null 2>&1; then
    echo "SKIP: bench-pages: wrk not installed (apt-get install wrk)"
    exit 0
fi
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
"$bin" serve --host 127.0.0.1 --port "$port" --dir articles --quiet 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT INT TERM
i=0
until "$bin" healthcheck "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "bench-pages: server did not start"; cat "$log"; exit 1; }
    sleep 0.05
done
base=http://127.0.0.1:$port
size() { curl -s -o /dev/null -w '%{size_download}' "$@"; }
page=$(size "$base/read/$id"); pagez=$(size -H 'Accept-Encoding: gzip' "$base/read/$id")
css=$(size "$base/assets/reader.css"); cssz=$(size -H 'Accept-Encoding: gzip' "$base/assets/reader.css")
js=$(size "$base/assets/reader.js"); jsz=$(size -H 'Accept-Encoding: gzip' "$base/assets/reader.js")
json=$(size "$base/v1/articles/$id"); jsonz=$(size -H 'Accept-Encoding: gzip' "$base/v1/articles/$id")
echo "bench-pages: /read/$id weight: HTML $page + CSS $css + JS $js = $((page + css + js)) bytes;" \
    "gzipped $pagez + $cssz + $jsz = $((pagez + cssz + jsz)) bytes"
echo "bench-pages: /v1/articles/$id (JSON) weight: $json bytes; gzipped $jsonz bytes"
run() {
    name=$1; shift
    out=$(wrk -t1 -c32 -d"${secs}s" "$@" 2>&1)
    rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
    lat=$(printf '%s\n' "$out" | awk '/Latency/ {print $2}')
    non2xx=$(printf '%s\n' "$out" | awk '/Non-2xx/ {print $4}')
    printf 'bench-pages: %-30s %10s req/s  avg latency %s%s\n' "$name" "$rps" "$lat" "${non2xx:+  NON-2XX: $non2xx}"
}
# Side by side, the same article: the page and its JSON, gzip (as browsers ask) and identity,
# alternated over a few rounds so that a busy machine weighs on both alike.
rounds=${BENCH_ROUNDS:-2}
r=0
while [ $r -lt "$rounds" ]; do
    r=$((r + 1))
    run "JSON article, gzip" -H "Accept-Encoding: gzip" "$base/v1/articles/$id"
    run "reader page, gzip" -H "Accept-Encoding: gzip" "$base/read/$id"
    run "JSON article, identity" "$base/v1/articles/$id"
    run "reader page, identity" "$base/read/$id"
done
run "HTML index (Accept: text/html)" -H "Accept: text/html" -H "Accept-Encoding: gzip" "$base/"
