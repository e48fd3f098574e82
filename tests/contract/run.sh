#!/bin/sh
# run.sh ARTICLED_BIN DUMP_DIR - the contract tests (`make test-contract`, after the API suite).
# Every tool is pinned in tests/contract/package-lock.json (npm.sh installs it once):
#   1. redocly lint, recommended ruleset, nothing switched off: 0 errors and 0 warnings,
#      on openapi.yaml (with schemas/) and on the served bundle; both valid against the
#      OpenAPI 3.1 schema (@seriousme/openapi-schema-validator); no $ref with siblings;
#   2. the committed bundle (schemas/bundled/) is what `redocly bundle` makes now, and the
#      binary serves exactly it;
#   3. the examples (schemas/examples.json) are what the server answers now;
#   4. openapi-typescript on openapi.yaml and on the served /openapi.json gives the same
#      types, ts/client.ts compiles with tsc --strict (no skipLibCheck) and every
#      ts/negative-*.ts fails with the error it names;
#   5. validate.mjs (ajv + ajv-formats) tells hand-made good responses from bad, and passes
#      every response the API suite dumped into DUMP_DIR.
# Prints one FAIL line per failure and, last, "contract: N passed, M failed".
set -u
if [ $# -ne 2 ]; then
    echo "usage: sh tests/contract/run.sh ARTICLED_BIN DUMP_DIR" >&2
    exit 2
fi
abs() { case "$1" in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
bin=$(abs "$1")
dump=$(abs "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
passed=0
failed=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
indent() { grep -v '^[[:space:]]*$' "$2" | grep -v '[║╔╚]' | sed "s/^/  $1: /"; }
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1
nm=tests/contract/node_modules/.bin

if ! sh tests/contract/npm.sh; then
    fail "npm: could not install the pinned tools (sh tests/contract/npm.sh)"
    echo "contract: $passed passed, $failed failed"
    exit 1
fi

# 1. Lint. Redocly exits 0 on warnings, so its summary line is read too.
lint() {
    if "$nm/redocly" lint --config tests/contract/redocly.yaml --format=stylish "$1" >"$tmp/lint.log" 2>&1 &&
        grep -q 'Your API description is valid' "$tmp/lint.log" &&
        ! grep -q 'You have [0-9]* warning' "$tmp/lint.log"; then
        pass "lint: $1, recommended rules, no warnings ($("$nm/redocly" --version 2>/dev/null | tail -n 1))"
    else
        indent lint "$tmp/lint.log"
        fail "lint: redocly lint $1 found problems (above)"
    fi
}
lint openapi.yaml
lint schemas/bundled/openapi.json
if node tests/contract/spec-valid.mjs openapi.yaml schemas/bundled/openapi.json schemas/bundled/openapi.yaml \
    >"$tmp/osv.log" 2>&1; then
    pass "schema: openapi.yaml and the bundle are valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)"
else
    grep -v '^ok ' "$tmp/osv.log"
    fail "schema: not valid against the OpenAPI 3.1 schema (above)"
fi
if node tests/contract/validate.mjs --refs schemas/bundled/openapi.json schemas/*.json >"$tmp/refs.log" 2>&1; then
    pass "refs: no \$ref with a keyword beside it that generators drop, no \$id"
else
    grep -v '^refs: ' "$tmp/refs.log"
    fail "refs: keywords beside \$ref or \$ids (above)"
fi

# 2. The committed bundle is current.
if ! sh tests/contract/bundle.sh "$tmp/bundled" 2>"$tmp/bundle.log"; then
    indent bundle "$tmp/bundle.log"
    fail "bundle: redocly bundle openapi.yaml failed"
else
    stale=""
    for f in openapi.yaml openapi.json; do
        cmp -s "$tmp/bundled/$f" "schemas/bundled/$f" || stale="$stale schemas/bundled/$f"
    done
    if [ -z "$stale" ]; then
        pass "bundle: schemas/bundled/ is what redocly bundle makes of openapi.yaml"
    else
        diff -u "schemas/bundled/openapi.yaml" "$tmp/bundled/openapi.yaml" | head -n 40 | sed 's/^/  bundle: /'
        fail "bundle:$stale older than openapi.yaml and schemas/ (run: make bundle)"
    fi
fi

# 3. The examples are the server's output; the served spec is saved on the way.
mkdir -p "$tmp/served"
if ! node tests/contract/examples.mjs "$bin" "$tmp/examples.json" "$tmp/served" >"$tmp/examples.log" 2>&1; then
    indent examples "$tmp/examples.log"
    fail "examples: could not collect the server's answers (tests/contract/examples.mjs)"
elif cmp -s "$tmp/examples.json" schemas/examples.json; then
    pass "examples: every example in openapi.yaml is what $1 answers"
else
    diff -u schemas/examples.json "$tmp/examples.json" | head -n 40 | sed 's/^/  examples: /'
    fail "examples: schemas/examples.json differs from the server's answers (run: make examples bundle)"
fi
for f in openapi.json openapi.yaml; do
    if [ -f "$tmp/served/$f" ] && cmp -s "$tmp/served/$f" "schemas/bundled/$f"; then
        pass "served: GET /$f is schemas/bundled/$f"
    else
        fail "served: GET /$f is not schemas/bundled/$f (rebuild: make)"
    fi
done

# 4. Typed client: the same types from both documents, strict, and not `any`.
tsflags="--strict --noEmit --target es2022 --module es2022 --moduleResolution bundler"
types_ok=1
for side in repo served; do
    if [ "$side" = repo ]; then src=openapi.yaml; else src=$tmp/served/openapi.json; fi
    mkdir -p "$tmp/ts-$side"
    cp tests/contract/ts/*.ts "$tmp/ts-$side/"
    if [ ! -f "$src" ] || ! "$nm/openapi-typescript" "$src" -o "$tmp/ts-$side/api.d.ts" >"$tmp/ots.log" 2>&1; then
        indent openapi-typescript "$tmp/ots.log"
        fail "types: openapi-typescript failed on $side $src"
        types_ok=0
    fi
done
if [ "$types_ok" = 1 ]; then
    if cmp -s "$tmp/ts-repo/api.d.ts" "$tmp/ts-served/api.d.ts"; then
        pass "types: openapi.yaml and the served /openapi.json give the same TypeScript"
    else
        diff -u "$tmp/ts-repo/api.d.ts" "$tmp/ts-served/api.d.ts" | head -n 30 | sed 's/^/  types: /'
        fail "types: openapi.yaml and the served /openapi.json give different TypeScript"
    fi
    echo "     Quote as tsc sees it: $(node tests/contract/ts/type-of.mjs "$tmp/ts-served" Quote 2>&1)"
    for side in repo served; do
        d=$tmp/ts-$side
        # shellcheck disable=SC2086
        if "$nm/tsc" $tsflags "$d/client.ts" >"$tmp/tsc.log" 2>&1; then
            pass "types: tsc --strict client.ts against the $side types"
        else
            indent tsc "$tmp/tsc.log"
            fail "types: client.ts does not compile against the $side types"
        fi
        for n in "$d"/negative-*.ts; do
            name=$(basename "$n")
            want=$(sed -n 's|^// expect: \(TS[0-9]*\)$|\1|p' "$n")
            # shellcheck disable=SC2086
            "$nm/tsc" $tsflags "$n" >"$tmp/tsc.log" 2>&1
            rc=$?
            if [ "$rc" -ne 0 ] && [ -n "$want" ] && grep -q "$name([0-9,]*): error $want:" "$tmp/tsc.log" &&
                ! grep -v "^.*$name(" "$tmp/tsc.log" | grep -q 'error TS'; then
                pass "types: $name fails to compile against the $side types ($want)"
            else
                indent tsc "$tmp/tsc.log"
                fail "types: $name against the $side types: expected error $want in it, got exit $rc"
            fi
        done
    done
fi

# 5. Responses: the validator's selftest, then the dumps.
if node tests/contract/validate.mjs --selftest schemas/bundled/openapi.json >"$tmp/self.log" 2>&1; then
    pass "$(tail -n 1 "$tmp/self.log")"
else
    grep -v '^selftest:' "$tmp/self.log"
    fail "selftest: validate.mjs misclassifies hand-made responses (above)"
fi
node tests/contract/validate.mjs schemas/bundled/openapi.json "$dump" >"$tmp/validate.log" 2>&1
grep -v '^validate: ' "$tmp/validate.log"
summary=$(grep '^validate: [0-9]* passed, [0-9]* failed$' "$tmp/validate.log" | tail -n 1)
if [ -n "$summary" ]; then
    p=$(echo "$summary" | sed 's/^validate: \([0-9]*\) passed.*/\1/')
    f=$(echo "$summary" | sed 's/.* \([0-9]*\) failed$/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
    echo "$summary (responses in $2, ajv against schemas/bundled/openapi.json)"
else
    fail "validate: validate.mjs crashed (output above)"
fi

echo "contract: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
