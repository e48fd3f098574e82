#!/bin/sh
# summary.sh LOG - one closing line for `make test`: the checks of every layer added up.
# Reads Check's "N%: Checks: C, Failures: F, Errors: E" lines and the "NAME: P passed, F failed"
# lines of the contract, browser, fuzz and container checks.
set -eu
awk '
/^[0-9]+%: Checks: / {
    gsub(/,/, ""); c += $3; f += $5 + $7; next
}
/^(contract|browser|docker-smoke): [0-9]+ passed, [0-9]+ failed/ {
    gsub(/,/, ""); c += $2; f += $4; next
}
END { printf "make test: %d passed, %d failed\n", c - f, f; exit f ? 1 : 0 }
' "$1"
