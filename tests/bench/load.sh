#!/bin/sh
# load.sh [BIN] [N] [BASE_REV] [ROUNDS] - start-up load of N (default 10000) generated 5 KB
# articles (gen_corpus.py): seconds until /readyz answers, CPU seconds and peak RSS, for
# this build beside BASE_REV (default: the commit before issue 9's load work), built from
# `git archive` into build/bench-base-load like annotate-compare.sh does. ROUNDS (default 3)
# alternate base and new; the medians and the ratio close the report. BASE_REV "none":
# this build only. The corpus lives in a temporary directory removed at the end.
set -eu
bin=${1:-build/release/articled}
n=${2:-10000}
rev=${3:-da81498}
rounds=${4:-3}
here=$(dirname "$0")
base=build/bench-base-load
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

if [ "$rev" != none ]; then
    if ! git rev-parse -q --verify "$rev^{commit}" >/dev/null; then
        echo "bench-load: no revision $rev in this clone; this build only" >&2
        rev=none
    else
        stamp=$(git rev-parse "$rev")
        if [ ! -x "$base/articled" ] || [ "$(cat "$base/rev" 2>/dev/null)" != "$stamp" ]; then
            rm -rf "$base"
            mkdir -p "$base/src"
            git archive "$rev" | tar -x -C "$base/src"
            make -s -C "$base/src" -j2 build/release/articled >/dev/null
            cp "$base/src/build/release/articled" "$base/articled"
            echo "$stamp" >"$base/rev"
        fi
    fi
fi

# load NAME BIN: start the server on the corpus, wait (at most 300 s) until ready, print
# and record wall seconds, CPU seconds and peak RSS (VmHWM) under $tmp/NAME.
load() {
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    t0=$(date +%s.%N)
    "$2" serve --host 127.0.0.1 --port "$port" --dir "$tmp/gen" --quiet 2>"$tmp/log" &
    pid=$!
    i=0
    until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
        i=$((i + 1)); [ $i -lt 6000 ] || { echo "bench-load: server did not start"; cat "$tmp/log"; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s.%N)
    cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' /proc/$pid/stat)
    rss=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$pid/status)
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    wall=$(echo "$t1 - $t0" | bc)
    printf 'bench-load: %-4s ready in %6.2f s (%6.2f s CPU), peak RSS %5s MB\n' "$1" "$wall" "$cpu" "$rss"
    echo "$wall $cpu $rss" >>"$tmp/$1"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

python3 "$here/gen_corpus.py" "$tmp/gen" "$n"
echo "bench-load: $n articles, $(du -sk "$tmp/gen" | cut -f1) KB on disk, $(nproc) cores"
for r in $(seq "$rounds"); do
    [ "$rev" = none ] || load base "$base/articled"
    load new "$bin"
done
for which in base new; do
    [ -f "$tmp/$which" ] || continue
    printf 'bench-load: median %-4s ready %s s, CPU %s s, peak RSS %s MB\n' "$which" \
        "$(cut -d' ' -f1 "$tmp/$which" | median)" "$(cut -d' ' -f2 "$tmp/$which" | median)" \
        "$(cut -d' ' -f3 "$tmp/$which" | median)"
done
if [ -f "$tmp/base" ]; then
    echo "bench-load: speed-up base/new $(echo "$(cut -d' ' -f1 "$tmp/base" | median) $(cut -d' ' -f1 "$tmp/new" | median)" | awk '{printf "%.1f", $1 / $2}')x"
fi
