#!/bin/sh
# postgres-start - initdb on first start (password from POSTGRES_PASSWORD), then run the server.
set -eu
D=/var/lib/postgresql/data
if [ ! -s "$D/PG_VERSION" ]; then
    pw=$(mktemp)
    printf '%s\n' "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" >"$pw"
    initdb -D "$D" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pw"
    rm -f "$pw"
    echo "host all all 0.0.0.0/0 scram-sha-256" >>"$D/pg_hba.conf"
fi
exec postgres -D "$D" -c listen_addresses='*'
