#!/bin/sh
# vs-nginx.sh [BIN] - articled side by side with nginx serving the very same bytes as static files.
#
# Both servers run pinned to CPU 0 (nginx: one process, no master), wrk -t1 -c32 runs
# pinned to CPU 1; runs alternate between the two servers, ROUNDS times per path, and
# the best run of each is kept. Prints requests/s and p99 per path and the ratio
# articled/nginx. Loopback only, bounded: each run lasts BENCH_SECONDS (default 4).
# Needs nginx (nginx-light) and wrk from Debian; as root, installs them when missing.
set -eu
bin=${1:-build/release/articled}
secs=${BENCH_SECONDS:-4}
rounds=${BENCH_ROUNDS:-2}
for p in nginx-light wrk; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        if [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >&2
        else
            echo "SKIP: vs-nginx: $p not installed (apt-get install $p)"
            exit 0
        fi
    fi
done
cpus=$(nproc)
if [ "$cpus" -ge 2 ]; then srv_cpu=0 cli_cpu=1; else srv_cpu=0 cli_cpu=0; fi
free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
tmp=$(mktemp -d)
apid= npid=
cleanup() {
    [ -n "$apid" ] && kill "$apid" 2>/dev/null && wait "$apid" 2>/dev/null
    [ -n "$npid" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

aport=$(free_port)
taskset -c $srv_cpu "$bin" serve --host 127.0.0.1 --port "$aport" --dir articles --quiet \
    >/dev/null 2>"$tmp/articled.log" </dev/null &
apid=$!
i=0
until "$bin" healthcheck "http://127.0.0.1:$aport/readyz" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 200 ] || { echo "vs-nginx: articled did not start"; exit 1; }
    sleep 0.05
done

# name|path: the first two are rendered at load, the others assembled per request.
paths='section|/v1/articles/paris-attacks/sections/response
article|/v1/articles/paris-attacks
quotes?speaker|/v1/articles/paris-attacks/quotes?speaker=buck-sexton&limit=2
quotes?offset|/v1/articles/paris-attacks/quotes?limit=5&offset=2
article?fields|/v1/articles/paris-attacks?fields=title,sections
article?pretty|/v1/articles/paris-attacks?pretty=1
search?q|/v1/quotes?q=france'
mkdir -p "$tmp/root"
n=0
echo "$paths" | while IFS='|' read -r name path; do
    n=$((n + 1))
    curl -sf -o "$tmp/root/p$n" "http://127.0.0.1:$aport$path" </dev/null
done

nport=$(free_port)
cat >"$tmp/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/cb;
    proxy_temp_path $tmp/px;
    fastcgi_temp_path $tmp/fc;
    uwsgi_temp_path $tmp/uw;
    scgi_temp_path $tmp/sc;
    default_type application/json;
    server {
        listen 127.0.0.1:$nport;
        root $tmp/root;
        etag on;
    }
}
EOF
taskset -c $srv_cpu nginx -p "$tmp" -c "$tmp/nginx.conf" 2>>"$tmp/nginx.err" &
npid=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$nport/p1"; do
    i=$((i + 1)); [ $i -lt 200 ] || { echo "vs-nginx: nginx did not start"; cat "$tmp/nginx.err"; exit 1; }
    sleep 0.05
done

# One wrk run: prints "REQS_PER_S P99_MS".
run() {
    taskset -c $cli_cpu wrk -t1 -c32 -d"${secs}s" --latency "$1" </dev/null 2>&1 | awk '
        /Requests\/sec/ { rps = $2 }
        /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
                   else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                   else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
                   p99 = v }
        /Non-2xx/ { bad = $4 }
        END { if (bad) rps = 0; printf "%s %s\n", rps, p99 }'
}

printf '%-16s %12s %9s %12s %9s %7s\n' path articled p99ms nginx p99ms ratio
n=0
echo "$paths" | while IFS='|' read -r name path; do
    n=$((n + 1))
    best_a=0 best_n=0 p_a=0 p_n=0
    r=0
    while [ $r -lt "$rounds" ]; do
        set -- $(run "http://127.0.0.1:$aport$path")
        if awk "BEGIN { exit !($1 > $best_a) }"; then best_a=$1 p_a=$2; fi
        set -- $(run "http://127.0.0.1:$nport/p$n")
        if awk "BEGIN { exit !($1 > $best_n) }"; then best_n=$1 p_n=$2; fi
        r=$((r + 1))
    done
    awk -v name="$name" -v a="$best_a" -v pa="$p_a" -v n="$best_n" -v pn="$p_n" 'BEGIN {
        printf "%-16s %12.0f %9.2f %12.0f %9.2f %6.2fx\n", name, a, pa, n, pn, (n > 0 ? a / n : 0) }'
done
