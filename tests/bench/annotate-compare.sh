#!/bin/sh
# annotate-compare.sh NEW_BENCH [BASE_REV] [MB] - annotation throughput of this build
# beside a previous one, in one run, on the same fixtures.
#
# Builds bench-annotate of BASE_REV (default: the last commit before the annotator
# became a folder of stages) from `git archive` into build/bench-base, then runs the
# two binaries in turn, three rounds each, over MB (default 50) MB of paragraph text,
# and prints MB/s and peak RSS per round, the medians, and the ratio new/base.
set -eu
new=${1:?usage: annotate-compare.sh NEW_BENCH [BASE_REV] [MB]}
rev=${2:-e08913d}
mb=${3:-50}
fixtures=tests/fixtures
base=build/bench-base

if ! git rev-parse -q --verify "$rev^{commit}" >/dev/null; then
    echo "bench: no revision $rev in this clone; skipping the side-by-side run" >&2
    exit 0
fi
stamp=$(git rev-parse "$rev")
if [ ! -x "$base/bench-annotate" ] || [ "$(cat "$base/rev" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$base"
    mkdir -p "$base/src"
    git archive "$rev" | tar -x -C "$base/src"
    make -s -C "$base/src" -j2 build/release/bench-annotate >/dev/null
    cp "$base/src/build/release/bench-annotate" "$base/bench-annotate"
    echo "$stamp" >"$base/rev"
fi

median() { sort -n | sed -n 2p; }
: >"$base/new.txt"
: >"$base/old.txt"
for round in 1 2 3; do
    for which in old new; do
        bin=$new
        [ "$which" = old ] && bin=$base/bench-annotate
        line=$("$bin" "$fixtures" "$mb")
        echo "bench: round $round $which: $line"
        mbs=$(echo "$line" | sed -n 's/.*= \([0-9.]*\) MB\/s.*/\1/p')
        rss=$(echo "$line" | sed -n 's/.*peak RSS \([0-9.]*\) MB.*/\1/p')
        echo "$mbs $rss" >>"$base/$which.txt"
    done
done
o=$(cut -d' ' -f1 "$base/old.txt" | median)
n=$(cut -d' ' -f1 "$base/new.txt" | median)
orss=$(cut -d' ' -f2 "$base/old.txt" | median)
nrss=$(cut -d' ' -f2 "$base/new.txt" | median)
echo "bench: annotate median: base $rev $o MB/s (peak RSS $orss MB), this build $n MB/s (peak RSS $nrss MB)"
echo "bench: annotate ratio this/base: $(echo "$n $o" | awk '{printf "%.2f", $1 / $2}')x"

# Wall-clock figures move with the machine's load; instruction counts do not. Where
# valgrind is installed, count both builds' instructions over the same 3 MB, inside
# annot_run only (parsing, and ICU's set-up for section slugs, are not the annotator).
if command -v valgrind >/dev/null 2>&1 && command -v callgrind_annotate >/dev/null 2>&1; then
    for which in old new; do
        bin=$new
        [ "$which" = old ] && bin=$base/bench-annotate
        valgrind -q --tool=callgrind --toggle-collect=annot_run --callgrind-out-file="$base/cg.$which" "$bin" "$fixtures" 3 >/dev/null
        callgrind_annotate "$base/cg.$which" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' |
            tr -d , >"$base/ir.$which"
    done
    echo "bench: annotate instructions inside annot_run (callgrind, 3 MB): base $(cat "$base/ir.old"), this build $(cat "$base/ir.new"), speed ratio $(echo "$(cat "$base/ir.old") $(cat "$base/ir.new")" | awk '{printf "%.2f", $1 / $2}')x"
fi
