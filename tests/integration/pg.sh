#!/bin/sh
# pg.sh start|stop|restart DIR PORT - a throwaway PostgreSQL for the tests, from Debian's
# postgresql package: initdb and pg_ctl in DIR, on 127.0.0.1:PORT and a socket in DIR,
# trust authentication, run as the postgres user when we are root. Exit 77: not installed.
set -eu
cmd=$1 dir=$2 port=${3:-0}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg.sh: no PostgreSQL server here (apt-get install postgresql)" >&2
    exit 77
fi
as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start() {
    as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
}
case $cmd in
start)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    start ;;
restart) start ;;
stop) as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ;;
*) echo "usage: pg.sh start|stop|restart DIR PORT" >&2; exit 2 ;;
esac
