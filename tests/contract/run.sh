#!/bin/sh
# run.sh DUMP_DIR - the contract tests (`make test-contract`, after the integration tests).
#   1. lint openapi.yaml (and the schemas/ it refers to) with Redocly CLI, pinned in
#      tests/contract/package-lock.json and installed here on first use;
#   2. selftest: validate.py must tell hand-made good responses from bad ones;
#   3. validate every response the integration tests dumped into DUMP_DIR against
#      openapi.yaml and schemas/ (and the examples in openapi.yaml against their schemas).
# Prints one FAIL line per failure and, last, "contract: N passed, M failed".
set -u
if [ $# -ne 1 ]; then
    echo "usage: sh tests/contract/run.sh DUMP_DIR" >&2
    exit 2
fi
case "$1" in
    /*) dump=$1 ;;
    *) dump=$(pwd)/$1 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 2
PY=/usr/bin/python3   # Debian's, with python3-jsonschema and python3-yaml (see .ci/deps)
passed=0
failed=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# 1. Lint.
redocly=tests/contract/node_modules/.bin/redocly
stamp=tests/contract/node_modules/.installed-lock
if ! command -v npm >/dev/null 2>&1; then
    echo "**********************************************************************"
    echo "SKIP: lint - npm not found, openapi.yaml was NOT linted (install npm)"
    echo "**********************************************************************"
else
    if [ ! -x "$redocly" ] || ! cmp -s tests/contract/package-lock.json "$stamp"; then
        if npm ci --prefix tests/contract --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1; then
            cp tests/contract/package-lock.json "$stamp"
        else
            sed 's/^/  npm: /' "$tmp/npm.log"
        fi
    fi
    if [ ! -x "$redocly" ]; then
        fail "lint: could not install @redocly/cli (npm ci --prefix tests/contract)"
    elif REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1 \
        "$redocly" lint --config tests/contract/redocly.yaml --format=stylish openapi.yaml \
        >"$tmp/lint.log" 2>&1; then
        pass "lint: openapi.yaml ($("$redocly" --version 2>/dev/null | tail -n 1))"
    else
        grep -v '^[[:space:]]*$' "$tmp/lint.log" | grep -v '[║╔╚]' | sed 's/^/  lint: /'
        fail "lint: redocly lint openapi.yaml found errors (above)"
    fi
    # The same API bundled into one document (schemas inlined): Redocly checks the examples.
    if [ -x "$redocly" ]; then
        if ! /usr/bin/python3 schemas/bundle.py openapi.yaml >"$tmp/bundled.yaml" 2>"$tmp/bundle.log"; then
            sed 's/^/  bundle: /' "$tmp/bundle.log"
            fail "lint: schemas/bundle.py openapi.yaml failed"
        elif REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1 \
            "$redocly" lint --config tests/contract/redocly-bundled.yaml --format=stylish "$tmp/bundled.yaml" \
            >"$tmp/lint2.log" 2>&1; then
            pass "lint: bundled openapi.yaml, examples against schemas"
        else
            grep -v '^[[:space:]]*$' "$tmp/lint2.log" | grep -v '[║╔╚]' | sed 's/^/  lint: /'
            fail "lint: the bundled openapi.yaml (schemas/bundle.py) has errors (above)"
        fi
    fi
fi

# 2. The validator's selftest.
if ! "$PY" -c 'import jsonschema, yaml' 2>/dev/null; then
    fail "validate: $PY lacks jsonschema or yaml (apt-get install python3-jsonschema python3-yaml)"
else
    if "$PY" tests/contract/validate.py --selftest openapi.yaml >"$tmp/self.log" 2>&1; then
        pass "$(tail -n 1 "$tmp/self.log")"
    else
        grep -v '^selftest:' "$tmp/self.log"
        fail "selftest: validate.py misclassifies hand-made responses (above)"
    fi

    # 3. The dumped responses.
    "$PY" tests/contract/validate.py openapi.yaml "$dump" >"$tmp/validate.log" 2>&1
    grep -v '^validate: ' "$tmp/validate.log"
    summary=$(grep '^validate: [0-9]* passed, [0-9]* failed$' "$tmp/validate.log" | tail -n 1)
    if [ -n "$summary" ]; then
        p=$(echo "$summary" | sed 's/^validate: \([0-9]*\) passed.*/\1/')
        f=$(echo "$summary" | sed 's/.* \([0-9]*\) failed$/\1/')
        passed=$((passed + p))
        failed=$((failed + f))
        echo "$summary (responses in $1 and examples in openapi.yaml)"
    else
        fail "validate: validate.py crashed (output above)"
    fi
fi

echo "contract: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
