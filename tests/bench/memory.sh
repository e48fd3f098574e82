#!/bin/sh
# memory.sh BENCH - annotation memory for 1 KB, 1 MB and 4 MiB inputs (the last two
# of short paragraphs, the worst case per byte), stage by stage.
set -eu
bench=${1:-build/release/bench-memory}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
/usr/bin/python3 - "$tmp" <<'PY'
import sys
def mk(path, target, para):
    out, size, i = ["Many short paragraphs", ""], 23, 0
    while size < target:
        p = para % i
        out += [p, ""]
        size += len(p) + 2
        i += 1
    open(path, "w").write("\n".join(out) + "\n")
d = sys.argv[1]
mk(d + "/1k.txt", 1000, "Paragraph %d says the council met.")
mk(d + "/1m.txt", 1024 * 1024 - 64, "Line %d ok.")
mk(d + "/4m.txt", 4 * 1024 * 1024 - 64, "Line %d ok.")
PY
"$bench" "$tmp/1k.txt" "$tmp/1m.txt" "$tmp/4m.txt"
