#!/bin/sh
# bundle.sh OUTDIR - openapi.yaml with schemas/ inlined, as OUTDIR/openapi.yaml and .json.
# `redocly bundle` (pinned in package-lock.json; run npm.sh first) names each inlined schema
# after its components.schemas entry. `make bundle` writes schemas/bundled/, which the binary
# serves; run.sh bundles into a temporary directory and compares.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1
mkdir -p "$out"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1
for ext in yaml json; do
    if ! "$here/node_modules/.bin/redocly" bundle --config "$here/redocly.yaml" --ext "$ext" \
        -o "$out/openapi.$ext" "$root/openapi.yaml" >"$out/.bundle.log" 2>&1; then
        cat "$out/.bundle.log" >&2
        rm -f "$out/.bundle.log"
        exit 1
    fi
done
rm -f "$out/.bundle.log"
