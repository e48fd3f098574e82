#!/bin/sh
# run.sh SECONDS - build every tests/fuzz/fuzz_*.c as a libFuzzer binary (ASan+UBSan) and run
# each one for its share of SECONDS (at least 5 s). Exits non-zero when a target fails to
# build or finds a crash, leak or undefined behaviour; skips (exit 0) without clang.
set -eu

total=${1:-30}
case $total in
'' | *[!0-9]*)
    echo "usage: sh tests/fuzz/run.sh SECONDS" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/../.."

if ! command -v clang >/dev/null 2>&1; then
    echo "SKIP: fuzz: clang not installed"
    exit 0
fi

B=build/fuzz
CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -std=c11"
CPPFLAGS="-D_POSIX_C_SOURCE=200809L -DARTICLED_VERSION=\"fuzz\" -Iinclude -I$B/gen"
PKG_CFLAGS=$(pkg-config --cflags jansson libmicrohttpd zlib libpq sqlite3 icu-uc icu-i18n)
PKG_LIBS=$(pkg-config --libs jansson libmicrohttpd zlib libpq sqlite3 icu-uc icu-i18n)

mkdir -p "$B/gen" "$B/obj" "$B/bin" "$B/logs" "$B/artifacts"
sh service/lexicon/gen.sh "$B/gen/lexicon_data.c" "$B/gen/lexicon_data.h" service/lexicon/*.txt
sh service/embed.sh "$B/gen/page_assets.c" "$B/gen/page_assets.h" \
    page_css=service/assets/reader.css page_js=service/assets/reader.js

# The service (minus main.c) as an archive: each target pulls in only the objects it
# uses, so a target links as long as its own dependencies exist.
rm -f "$B/obj"/*.o "$B/libarticled-fuzz.a"
for src in service/*.c service/annotate/*.c "$B/gen/lexicon_data.c" "$B/gen/page_assets.c"; do
    [ "$src" = service/main.c ] && continue
    obj="$B/obj/$(basename "$src" .c).o"
    # shellcheck disable=SC2086 # word splitting of flag lists is intended
    clang $CFLAGS -fsanitize=fuzzer-no-link $CPPFLAGS $PKG_CFLAGS -c -o "$obj" "$src"
done
ar rcs "$B/libarticled-fuzz.a" "$B/obj"/*.o

targets=""
n=0
for src in tests/fuzz/fuzz_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    # shellcheck disable=SC2086
    if ! clang $CFLAGS -fsanitize=fuzzer $CPPFLAGS $PKG_CFLAGS -o "$B/bin/$name" "$src" \
        "$B/libarticled-fuzz.a" $PKG_LIBS -lpthread -lm; then
        echo "fuzz: building $name failed" >&2
        exit 1
    fi
    targets="$targets $name"
    n=$((n + 1))
done
if [ "$n" -eq 0 ]; then
    echo "fuzz: no targets in tests/fuzz" >&2
    exit 1
fi

per=$((total / n))
[ "$per" -lt 5 ] && per=5

# Seed corpora: the fixture articles for text targets, paths and JSON for the router.
seed() {
    dir=$B/corpus/$1
    mkdir -p "$dir"
    case $1 in
    fuzz_router)
        i=0
        for p in / /healthz /v1/articles /v1/articles/paris-attacks/ \
            /v1/articles/x/sections/intro /v1/articles/x/quotes/q1 /v1/articles/x/speakers/y \
            /v1//articles /v1/quotes '{"a":[1,{"b":"c,d:{}"}],"e":"\"}"}' '[[],{},"",null]'; do
            i=$((i + 1))
            [ -f "$dir/seed-$i" ] || printf '%s' "$p" >"$dir/seed-$i"
        done
        ;;
    *)
        for f in tests/fixtures/*/*.txt; do
            [ -f "$f" ] || continue
            [ -f "$dir/$(basename "$f")" ] || cp "$f" "$dir/"
        done
        ;;
    esac
}

for name in $targets; do
    seed "$name"
    log=$B/logs/$name.log
    echo "fuzz: $name for ${per}s"
    if ! "$B/bin/$name" -max_total_time="$per" -rss_limit_mb=2048 -timeout=25 \
        -artifact_prefix="$B/artifacts/$name-" "$B/corpus/$name" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $name FAILED (log $log, reproducer in $B/artifacts/)" >&2
        exit 1
    fi
    grep -E '^Done [0-9]+ runs' "$log" || true
done
echo "fuzz: $n targets ran clean for $((per * n)) s"
