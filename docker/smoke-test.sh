#!/bin/sh
# docker/smoke-test.sh - build the articled image, run it, and check it over HTTP.
#
#   sh docker/smoke-test.sh          (what `make docker-smoke` runs, from any directory)
#
# Uses docker when `docker info` works, else podman with runc and docker/containers.conf
# (podman, runc, debootstrap and podman-compose are installed with apt-get when root).
# Without a reachable public registry, a Debian bookworm base is made with debootstrap from
# the host's own Debian mirror and kept in the engine's image store as
# localhost/debian-base:bookworm, so later runs skip that step. Then it builds
# docker/Dockerfile (unit tests run in its build stage), starts a container on a free
# loopback port, waits for /readyz, checks every public endpoint with curl, a 404
# problem+json and a 304, checks the health check, sends SIGTERM and wants exit 0 within
# 10 s, then brings docker/compose.yaml's default service up and down. Then the cluster
# stage: the `cluster` profile's services (PostgreSQL, two replicas, nginx) are brought up
# by name (Debian's podman-compose 1.0.3 has no --profile; docker compose starts named
# profile services too); a PUT through nginx is read from each replica directly within 1 s;
# with PostgreSQL stopped, reads go on, /readyz says degraded and writes get 503; a replica
# restarted while it is down answers 503 and nginx sends reads to the other; PostgreSQL
# back, both recover, the late one loads, and a DELETE reaches both. Everything it started
# (containers, networks, volumes) is removed on exit, even on failure. It prints the image
# size and the time from container start to ready, and fails over 140 MB or 2000 ms. It
# skips, loudly, only when no engine can run a container at all.
#
# Environment: ARTICLED_IMAGE (tag to build, default localhost/articled:latest),
# ARTICLED_BASE_IMAGE / ARTICLED_RUNTIME_IMAGE (force the base images),
# ARTICLED_DEBIAN_MIRROR (debootstrap mirror), SMOKE_READY_MS (default 2000),
# SMOKE_MAX_MB (default 140: ICU, for transliterated ids, brings 35 MB of its data), SMOKE_KEEP=1 (keep the container after a failure),
# SMOKE_CLUSTER=0 (skip the cluster stage, saying so).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=${ARTICLED_IMAGE:-localhost/articled:latest}
LOCAL_BASE=localhost/debian-base:bookworm
SUITE=bookworm
NAME=articled-smoke-$$
READY_LIMIT_MS=${SMOKE_READY_MS:-2000}
MAX_MB=${SMOKE_MAX_MB:-140}
ARTICLE=paris-attacks
ARTICLE_TITLE='Paris attacks: Did ISIS strike at the heart of Europe?'
JSON_TYPE='application/json; charset=utf-8'
PROBLEM_TYPE='application/problem+json; charset=utf-8'

ENGINE=""
ENGINE_CMD=""
WORK=""
ROOTFS=""
STARTED=""
COMPOSE=""
PROJECT=articled-smoke-$$
CLUSTER=""
CPROJECT=articled-cluster-$$
CLUSTER_SERVICES="postgres articled-1 articled-2 lb"
PASSED=0
T_START=$(date +%s%3N)

# --- output ------------------------------------------------------------------------------

say() { printf 'docker-smoke: %s\n' "$*"; }

fail() {
    printf 'FAIL: docker-smoke: %s\n' "$*" >&2
    printf 'docker-smoke: %s passed, 1 failed\n' "$PASSED"
    exit 1
}

skip() {
    printf '\n**********************************************************************\n'
    printf 'SKIP: docker-smoke: %s\n' "$*"
    printf '**********************************************************************\n\n'
    exit 0
}

pass() {
    PASSED=$((PASSED + 1))
    say "ok   $*"
}

now_ms() { date +%s%3N; }

# --- clean-up ----------------------------------------------------------------------------

cleanup() {
    rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$STARTED" ]; then
        if [ "$rc" -ne 0 ]; then
            say "container logs (last 40 lines):" >&2
            eng logs --tail 40 "$NAME" >&2 2>&1 || true
        fi
        if [ "$rc" -ne 0 ] && [ "${SMOKE_KEEP:-0}" = 1 ]; then
            say "SMOKE_KEEP=1: container $NAME kept" >&2
        else
            eng rm -f -t 0 "$NAME" >/dev/null 2>&1 || eng rm -f "$NAME" >/dev/null 2>&1 || true
        fi
    fi
    if [ -n "$COMPOSE" ]; then
        compose down -v >/dev/null 2>&1 || true
        eng network rm "${PROJECT}_default" >/dev/null 2>&1 || true
    fi
    if [ -n "$CLUSTER" ]; then
        if [ "$rc" -ne 0 ]; then
            for svc in $CLUSTER_SERVICES; do
                c=$(cluster_cid "$svc" 2>/dev/null) || continue
                say "cluster: $svc logs (last 20 lines):" >&2
                eng logs --tail 20 "$c" >&2 2>&1 || true
            done
        fi
        cluster_down >/dev/null 2>&1 || true
    fi
    [ -n "$ROOTFS" ] && remove_rootfs "$ROOTFS"
    [ -n "$WORK" ] && rm -rf "$WORK"
    exit "$rc"
}

# A failed debootstrap can leave proc/sys mounted inside its target: unmount before rm.
remove_rootfs() {
    [ -d "$1" ] || return 0
    awk -v d="$1" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$1"
}

# --- engine ------------------------------------------------------------------------------

# ENGINE_CMD: "docker", or "podman --runtime runc".
eng() {
    # shellcheck disable=SC2086 # the command and its flags
    $ENGINE_CMD "$@"
}

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
    say "installing $* (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || fail "apt-get update failed"
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed"
}

pick_engine() {
    if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
        ENGINE=docker
        ENGINE_CMD=docker
        return
    fi
    if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            apt_install podman runc debootstrap podman-compose ca-certificates
        else
            skip "no working Docker engine (docker info fails) and podman/runc are not installed; as root run: apt-get install -y podman runc debootstrap podman-compose"
        fi
    fi
    # Our own podman settings (runc, no default ulimits); /etc is left alone.
    export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/docker/containers.conf}"
    ENGINE=podman
    ENGINE_CMD="podman --runtime runc"
    eng info >/dev/null 2>&1 || skip "podman is installed but 'podman info' fails: $(eng info 2>&1 | tail -n 1)"
}

image_exists() {
    eng image inspect "$1" >/dev/null 2>&1
}

# True when the engine can reach the public registry the Dockerfile's defaults name.
registry_reachable() {
    curl -s -m 5 -o /dev/null https://registry-1.docker.io/v2/ 2>/dev/null
}

# --- local Debian base (debootstrap) --------------------------------------------------------

# Every Debian archive URI in the host's apt sources, one a line.
host_apt_uris() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        case $f in
            *.sources) sed -n 's/^URIs:[[:space:]]*//p' "$f" ;;
            *) sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\).*/\2/p' "$f" ;;
        esac
    done | tr -s '[:blank:]' '\n' | sed 's:/*$::'
}

make_local_base() {
    if image_exists "$LOCAL_BASE"; then
        say "base image $LOCAL_BASE is cached (remove it with '$ENGINE rmi $LOCAL_BASE' to rebuild)"
        return
    fi
    is_root || fail "no public registry and no $LOCAL_BASE image: building one with debootstrap needs root"
    command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap
    mirror=${ARTICLED_DEBIAN_MIRROR:-$(host_apt_uris | grep -E '/debian$' | head -n 1)}
    mirror=${mirror:-http://deb.debian.org/debian}
    security=$(host_apt_uris | grep -E '/debian-security$' | head -n 1)
    security=${security:-${mirror%/debian}/debian-security}

    say "building $LOCAL_BASE: debootstrap --variant=minbase $SUITE from $mirror"
    t0=$(now_ms)
    ROOTFS=$(mktemp -d /var/tmp/articled-rootfs.XXXXXX)
    if ! debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
        tail -n 30 "$WORK/debootstrap.log" >&2
        fail "debootstrap $SUITE from $mirror failed (log above)"
    fi

    # The container's apt uses the same mirror as the host, with updates and security.
    rm -f "$ROOTFS/etc/apt/sources.list"
    cat >"$ROOTFS/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    # Slim it as Debian's own -slim images are: no docs, man pages or translations, and
    # apt keeps no package cache.
    cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
    cat >"$ROOTFS/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
EOF
    find "$ROOTFS/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete
    for d in man groff info lintian linda locale; do
        rm -rf "${ROOTFS:?}/usr/share/$d"/*
    done
    rm -rf "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/log/* \
           "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old "$ROOTFS"/tmp/* \
           "$ROOTFS/etc/resolv.conf" "$ROOTFS/etc/hostname"
    : >"$ROOTFS/etc/machine-id"

    tar -C "$ROOTFS" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
        eng import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["bash"]' \
            - "$LOCAL_BASE" >/dev/null || fail "importing the debootstrap tree as $LOCAL_BASE failed"
    remove_rootfs "$ROOTFS"
    ROOTFS=""
    say "built $LOCAL_BASE in $(( ($(now_ms) - t0) / 1000 )) s"
}

choose_base_images() {
    if [ -n "${ARTICLED_BASE_IMAGE:-}" ]; then
        BASE_IMAGE=$ARTICLED_BASE_IMAGE
        RUNTIME_IMAGE=${ARTICLED_RUNTIME_IMAGE:-$ARTICLED_BASE_IMAGE}
    elif registry_reachable; then
        BASE_IMAGE=docker.io/library/debian:bookworm
        RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim
    else
        say "public registry unreachable: using a local Debian base image"
        make_local_base
        BASE_IMAGE=$LOCAL_BASE
        RUNTIME_IMAGE=$LOCAL_BASE
        # Can this engine run a container at all? If not, nothing below can be tested.
        if ! out=$(eng run --rm --network none "$LOCAL_BASE" true 2>&1); then
            skip "$ENGINE cannot run a container here: $(printf '%s\n' "$out" | tail -n 1)"
        fi
    fi
    say "base images: build $BASE_IMAGE, runtime $RUNTIME_IMAGE"
}

# --- build -------------------------------------------------------------------------------

build_image() {
    old_id=$(eng image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
    say "building $IMAGE with $ENGINE (log: build.log, shown on failure)"
    t0=$(now_ms)
    set -- -f "$ROOT/docker/Dockerfile" -t "$IMAGE" \
        --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE"
    if [ "$ENGINE" = podman ]; then
        # Docker image format: the OCI one has no HEALTHCHECK.
        set -- "$@" --format docker --layers
    fi
    if ! eng build "$@" "$ROOT" >"$WORK/build.log" 2>&1; then
        tail -n 60 "$WORK/build.log" >&2
        fail "image build failed (last lines above)"
    fi
    grep -E '^(== |[0-9]+%: Checks: )' "$WORK/build.log" | sed 's/^/docker-smoke: build: /' || true
    say "built $IMAGE in $(( ($(now_ms) - t0) / 1000 )) s"
    new_id=$(eng image inspect --format '{{.Id}}' "$IMAGE")
    if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
        eng rmi "$old_id" >/dev/null 2>&1 || true     # the previous build, now untagged
    fi

    bytes=$(eng image inspect --format '{{.Size}}' "$IMAGE")
    size_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000000 }')
    say "image size: $size_mb MB (limit $MAX_MB MB)"
    awk -v b="$bytes" -v m="$MAX_MB" 'BEGIN { exit !(b < m * 1000000) }' ||
        fail "image is $size_mb MB, over the $MAX_MB MB limit"
    pass "image size $size_mb MB < $MAX_MB MB"

    user=$(eng image inspect --format '{{.Config.User}}' "$IMAGE")
    case $user in
        "" | 0 | 0:* | root | root:*) fail "image runs as root (User='$user')" ;;
    esac
    eng image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE" | grep -q healthcheck ||
        fail "image has no HEALTHCHECK running 'articled healthcheck'"
    pass "image config: user $user, HEALTHCHECK set"
}

# --- HTTP checks -------------------------------------------------------------------------

# req METHOD PATH [curl args]: body in $WORK/body, headers in $WORK/headers; sets STATUS,
# CTYPE, ETAG.
req() {
    method=$1 path=$2
    shift 2
    LABEL="$method $path"
    : >"$WORK/body"    # curl leaves the file alone when there is no body (304)
    STATUS=$(curl -sS -m 10 -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' \
        "$@" "$BASE_URL$path" 2>"$WORK/curl.err") || fail "$LABEL: curl: $(cat "$WORK/curl.err")"
    CTYPE=$(header Content-Type)
    ETAG=$(header ETag)
}

header() {
    tr -d '\r' <"$WORK/headers" | awk -v h="$1" 'BEGIN { h = tolower(h) ":" }
        tolower(substr($0, 1, length(h))) == h { v = substr($0, length(h) + 1); sub(/^[ \t]+/, "", v) }
        END { print v }'
}

body_excerpt() { head -c 300 "$WORK/body" | tr '\n' ' '; }

expect() { # expect STATUS CONTENT-TYPE (a trailing * matches a prefix)
    [ "$STATUS" = "$1" ] || fail "$LABEL: status $STATUS, want $1; body: $(body_excerpt)"
    case $2 in
        *\*) case $CTYPE in "${2%\*}"*) ;; *) fail "$LABEL: Content-Type '$CTYPE', want '$2'" ;; esac ;;
        *) [ "$CTYPE" = "$2" ] || fail "$LABEL: Content-Type '$CTYPE', want '$2'" ;;
    esac
}

# json PATH: the value at a dotted path (items.0.id) of the body, strings bare.
json() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$WORK/body" "$1" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
for k in filter(None, sys.argv[2].split(".")):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v if isinstance(v, str) else json.dumps(v))
EOF
    elif command -v jq >/dev/null 2>&1; then
        jq -r ".$(printf '%s' "$1" | sed 's/\.\([0-9][0-9]*\)/[\1]/g')" "$WORK/body"
    else
        fail "need python3 or jq to read JSON (sh .ci/deps installs python3)"
    fi
}

expect_json() { # expect_json PATH VALUE
    got=$(json "$1" 2>/dev/null) || fail "$LABEL: no JSON field '$1'; body: $(body_excerpt)"
    [ "$got" = "$2" ] || fail "$LABEL: $1 is '$got', want '$2'"
}

expect_body() { # expect_body ERE
    grep -Eq "$1" "$WORK/body" || fail "$LABEL: body does not match /$1/: $(body_excerpt)"
}

get_json() { # get_json PATH FIELD VALUE
    req GET "$1"
    expect 200 "$JSON_TYPE"
    expect_json "$2" "$3"
    pass "GET $1 -> 200 json, $2=$3"
}

check_endpoints() {
    req GET /
    expect 200 "$JSON_TYPE"
    expect_body '/v1/articles'
    pass "GET / -> 200 json, links to /v1/articles"

    for p in /healthz /livez /readyz; do
        get_json "$p" status ok
    done

    req GET /metrics
    expect 200 'text/plain*'
    expect_body '^# (TYPE|HELP) '
    pass "GET /metrics -> 200 text/plain, Prometheus exposition"

    req GET /openapi.yaml
    expect 200 '*'
    case $CTYPE in *yaml*) ;; *) fail "$LABEL: Content-Type '$CTYPE' is not YAML" ;; esac
    expect_body '^openapi: *["'\'']?3\.'
    pass "GET /openapi.yaml -> 200 $CTYPE, openapi 3"

    req GET /v1/articles
    expect 200 "$JSON_TYPE"
    expect_body "\"id\": *\"$ARTICLE\""
    total=$(json total 2>/dev/null) || fail "$LABEL: no 'total'"
    [ "$total" -ge 1 ] 2>/dev/null || fail "$LABEL: total is '$total'"
    pass "GET /v1/articles -> 200 json, total=$total, lists $ARTICLE"

    req GET "/v1/articles/$ARTICLE"
    expect 200 "$JSON_TYPE"
    expect_json id "$ARTICLE"
    expect_json title "$ARTICLE_TITLE"
    for k in sections quotes speakers attributions; do
        json "$k" >/dev/null 2>&1 || fail "$LABEL: no '$k'"
    done
    pass "GET /v1/articles/$ARTICLE -> 200 json, title, sections/quotes/speakers/attributions"

    req GET "/v1/articles/$ARTICLE/sections"
    expect 200 "$JSON_TYPE"
    expect_body '"sleepers"'
    pass "GET /v1/articles/$ARTICLE/sections -> 200 json, has sleepers"

    get_json "/v1/articles/$ARTICLE/sections/sleepers" id sleepers

    for p in quotes speakers; do
        req GET "/v1/articles/$ARTICLE/$p"
        expect 200 "$JSON_TYPE"
        json '' >/dev/null 2>&1 || fail "$LABEL: body is not JSON: $(body_excerpt)"
        pass "GET /v1/articles/$ARTICLE/$p -> 200 json"
    done

    req GET '/v1/quotes?q=france'
    expect 200 "$JSON_TYPE"
    expect_body '[Ff]rance'
    pass "GET /v1/quotes?q=france -> 200 json, mentions France"

    req POST /v1/annotate -H 'Content-Type: text/plain; charset=utf-8' \
        --data-binary "@$ROOT/articles/$ARTICLE.txt"
    expect 200 "$JSON_TYPE"
    json sections >/dev/null 2>&1 || fail "$LABEL: no 'sections' in the annotated article"
    expect_body 'ISIS'
    pass "POST /v1/annotate (text/plain) -> 200 json, annotated article"

    req GET /v1/articles/no-such-article
    expect 404 "$PROBLEM_TYPE"
    expect_json status 404
    pass "GET /v1/articles/no-such-article -> 404 problem+json, status=404"

    req GET "/v1/articles/$ARTICLE"
    etag=$ETAG
    case $etag in
        \"*\") ;;
        *) fail "$LABEL: no strong ETag (got '$etag')" ;;
    esac
    req GET "/v1/articles/$ARTICLE" -H "If-None-Match: $etag"
    [ "$STATUS" = 304 ] || fail "$LABEL with If-None-Match $etag: status $STATUS, want 304"
    [ ! -s "$WORK/body" ] || fail "$LABEL: 304 with a body"
    pass "GET /v1/articles/$ARTICLE with If-None-Match: $etag -> 304, empty"
}

# --- container ---------------------------------------------------------------------------

# wait_ready CONTAINER: sets BASE_URL to its published 8080 and polls /readyz for 200.
wait_ready() {
    port=$(eng port "$1" 8080/tcp | head -n 1 | sed 's/.*://')
    [ -n "$port" ] || fail "$1: no host port published for 8080/tcp"
    BASE_URL="http://127.0.0.1:$port"
    deadline=$(($(now_ms) + 30000))
    while :; do
        code=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$BASE_URL/readyz" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if [ "$(eng inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" != true ]; then
            fail "$1 exited before /readyz answered 200"
        fi
        [ "$(now_ms)" -lt "$deadline" ] || fail "$1: /readyz not 200 within 30 s (last status: $code)"
        sleep 0.05
    done
}

start_container() {
    # As hardened as docker/compose.yaml: read-only root, no capabilities.
    set -- -d --name "$NAME" -p 127.0.0.1::8080 --read-only --tmpfs /tmp \
        --cap-drop ALL --security-opt no-new-privileges
    t0=$(now_ms)
    # stderr kept aside: without systemd, podman complains that it cannot schedule the
    # HEALTHCHECK timer (check_healthcheck runs it by hand).
    eng run "$@" "$IMAGE" >/dev/null 2>"$WORK/run.err" ||
        fail "$ENGINE run $IMAGE failed: $(cat "$WORK/run.err")"
    STARTED=1
    wait_ready "$NAME"
    t_ready=$(now_ms)
    run_ready_ms=$((t_ready - t0))
    # "Start" is the container's own start (its process running), as the engine records it;
    # the engine's set-up before that (network, mounts) is shown apart.
    started=$(eng inspect --format '{{.State.StartedAt}}' "$NAME")
    start_ms=$(date -d "${started% UTC}" +%s%3N 2>/dev/null) || start_ms=$t0
    ready_ms=$((t_ready - start_ms))
    say "time to ready: $ready_ms ms from container start to /readyz 200 on $BASE_URL ($run_ready_ms ms from '$ENGINE run'; limit $READY_LIMIT_MS ms)"
    [ "$ready_ms" -le "$READY_LIMIT_MS" ] || fail "ready $ready_ms ms after start, over the $READY_LIMIT_MS ms target"
    pass "ready in $ready_ms ms"

    uid=$(eng exec "$NAME" id -u) || fail "$ENGINE exec id -u failed"
    [ "$uid" != 0 ] || fail "the service runs as root inside the container"
    pass "service runs as uid $uid"
}

check_healthcheck() {
    eng exec "$NAME" /usr/local/bin/articled healthcheck http://127.0.0.1:8080/readyz >/dev/null 2>&1 ||
        fail "'articled healthcheck http://127.0.0.1:8080/readyz' exited non-zero in a healthy container"
    if eng exec "$NAME" /usr/local/bin/articled healthcheck http://127.0.0.1:1/readyz >/dev/null 2>&1; then
        fail "'articled healthcheck' exited 0 against a closed port"
    fi
    pass "articled healthcheck: 0 when ready, non-zero when nothing listens"
    if [ "$ENGINE" = podman ]; then
        # No systemd timers here: run the image's HEALTHCHECK once by hand.
        eng healthcheck run "$NAME" >/dev/null 2>&1 || fail "podman healthcheck run: unhealthy"
        pass "image HEALTHCHECK reports healthy"
    fi
}

stop_container() {
    t0=$(now_ms)
    eng kill --signal TERM "$NAME" >/dev/null || fail "could not send SIGTERM"
    # `wait` prints the exit status as soon as the container stops.
    # shellcheck disable=SC2086 # ENGINE_CMD is the command and its flags
    code=$(timeout 10 $ENGINE_CMD wait "$NAME" 2>/dev/null) ||
        fail "still running 10 s after SIGTERM"
    stop_ms=$(($(now_ms) - t0))
    [ "$(eng inspect --format '{{.State.Running}}' "$NAME")" = false ] || fail "still running 10 s after SIGTERM"
    [ "$code" = 0 ] || fail "exit status $code after SIGTERM, want 0"
    pass "SIGTERM -> exit 0 in $stop_ms ms"
}

check_compose_file() {
    if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
        docker compose -f "$ROOT/docker/compose.yaml" config -q || fail "docker compose config rejects docker/compose.yaml"
        pass "docker/compose.yaml is valid (docker compose config)"
    elif command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
        python3 - "$ROOT/docker/compose.yaml" <<'EOF' || fail "docker/compose.yaml: unexpected shape"
import sys, yaml
s = yaml.safe_load(open(sys.argv[1]))["services"]["articled"]
assert s["build"]["context"] == ".." and s["build"]["dockerfile"] == "docker/Dockerfile"
assert any(v.endswith(":/srv/articles:ro") for v in s["volumes"]), "articles not mounted read-only"
assert s["healthcheck"]["test"][1:3] == ["/usr/local/bin/articled", "healthcheck"]
assert s["restart"]
EOF
        pass "docker/compose.yaml parses: build context .., articles :ro, health check, restart"
    else
        say "note: neither docker compose nor python3-yaml: compose file not checked"
    fi
}

compose() {
    # ARTICLED_PUBLISH "127.0.0.1:" publishes 8080 on a free loopback port.
    ARTICLED_PUBLISH=127.0.0.1: ARTICLED_IMAGE=$IMAGE BASE_IMAGE=$BASE_IMAGE RUNTIME_IMAGE=$RUNTIME_IMAGE \
        $COMPOSE_CMD -p "$PROJECT" -f "$ROOT/docker/compose.yaml" "$@"
}

# `compose up` with the image just built: the service answers, with the host's articles
# mounted read-only, a restart policy and the health check.
check_compose_up() {
    if [ "$ENGINE" = podman ] && ! command -v podman-compose >/dev/null 2>&1 && is_root; then
        apt_install podman-compose
    fi
    if [ "$ENGINE" = docker ] && docker compose version >/dev/null 2>&1; then
        COMPOSE_CMD="docker compose"
    elif [ "$ENGINE" = podman ] && command -v podman-compose >/dev/null 2>&1; then
        COMPOSE_CMD=podman-compose
    else
        say "note: no compose tool for $ENGINE (docker compose / podman-compose): 'compose up' not tried"
        return 0
    fi
    COMPOSE=1
    # The service named: podman-compose 1.0.3 would start the cluster profile's too.
    compose up -d articled >"$WORK/compose.log" 2>&1 || { cat "$WORK/compose.log" >&2; fail "$COMPOSE_CMD up failed"; }
    cid=$(eng ps -q --filter "label=com.docker.compose.project=$PROJECT" | head -n 1)
    [ -n "$cid" ] || { cat "$WORK/compose.log" >&2; fail "$COMPOSE_CMD up started no container"; }
    wait_ready "$cid"
    req GET "/v1/articles/$ARTICLE"
    expect 200 "$JSON_TYPE"
    expect_json id "$ARTICLE"
    mounts=$(eng inspect --format '{{range .Mounts}}{{.Destination}}:{{.RW}} {{end}}' "$cid")
    case " $mounts " in
        *" /srv/articles:false "*) ;;
        *) fail "compose: /srv/articles is not a read-only mount (mounts: $mounts)" ;;
    esac
    policy=$(eng inspect --format '{{.HostConfig.RestartPolicy.Name}}' "$cid")
    case $policy in "" | no) fail "compose: no restart policy" ;; esac
    if [ "$ENGINE" = podman ]; then
        eng healthcheck run "$cid" >/dev/null 2>&1 || fail "compose: health check unhealthy"
    fi
    compose down -v >>"$WORK/compose.log" 2>&1 || fail "$COMPOSE_CMD down failed"
    eng network rm "${PROJECT}_default" >/dev/null 2>&1 || true
    COMPOSE=""
    pass "$COMPOSE_CMD up: ready on $BASE_URL, articles mounted read-only, restart $policy, healthy; down"
}

# --- cluster profile ---------------------------------------------------------------------

cluster_compose() {
    ARTICLED_CLUSTER_PUBLISH=127.0.0.1: ARTICLED_CLUSTER_KEYS=$WORK/cluster/keys.txt \
        ARTICLED_IMAGE=$IMAGE ARTICLED_POSTGRES_IMAGE=$PG_IMAGE ARTICLED_LB_IMAGE=$LB_IMAGE \
        BASE_IMAGE=$BASE_IMAGE RUNTIME_IMAGE=$RUNTIME_IMAGE \
        $COMPOSE_CMD -p "$CPROJECT" -f "$ROOT/docker/compose.yaml" "$@"
}

# Containers, the network and the pgdata volume, whatever state they are in.
cluster_down() {
    if [ "$COMPOSE_CMD" = podman-compose ]; then
        cluster_compose down -v -t 2 || true
    else
        cluster_compose --profile cluster down -v -t 2 --remove-orphans || true
    fi
    for c in $(eng ps -aq --filter "label=com.docker.compose.project=$CPROJECT"); do
        eng rm -f "$c" || true
    done
    eng volume rm -f "${CPROJECT}_pgdata" 2>/dev/null || true
    eng network rm "${CPROJECT}_default" 2>/dev/null || true
}

replica_url() {
    ip=$(eng inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1")
    [ -n "$ip" ] || fail "cluster: no address for container $1"
    printf 'http://%s:8080\n' "$ip"
}

cluster_cid() {
    c=$(eng ps -aq --filter "label=com.docker.compose.project=$CPROJECT" \
        --filter "label=com.docker.compose.service=$1" | head -n 1)
    [ -n "$c" ] && printf '%s\n' "$c"
}

# build_aux NAME DOCKERFILE TAG: the cluster's other images, cached layer by layer.
build_aux() {
    name=$1 tag=$3
    set -- -f "$ROOT/docker/$2" -t "$tag" --build-arg "BASE_IMAGE=$BASE_IMAGE"
    [ "$ENGINE" = podman ] && set -- "$@" --format docker --layers
    old_id=$(eng image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
    eng build "$@" "$ROOT" >"$WORK/build-$name.log" 2>&1 ||
        { tail -n 40 "$WORK/build-$name.log" >&2; fail "cluster: building the $name image failed"; }
    new_id=$(eng image inspect --format '{{.Id}}' "$tag") || fail "cluster: no image $tag after its build"
    if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
        eng rmi "$old_id" >/dev/null 2>&1 || true     # the previous build, now untagged
    fi
}

# at URL METHOD PATH [curl args]: req against another base URL.
at() {
    BASE_URL=$1
    shift
    req "$@"
}

# poll_until MS WHAT COMMAND...: run COMMAND every 50 ms until it succeeds; POLL_MS is
# how long it took. Fails after MS.
poll_until() {
    limit=$1 what=$2
    shift 2
    t_poll=$(now_ms)
    while ! "$@"; do
        [ $(($(now_ms) - t_poll)) -lt "$limit" ] || fail "cluster: $what: not within $limit ms"
        sleep 0.05
    done
    POLL_MS=$(($(now_ms) - t_poll))
}

status_is() { # status_is URL CODE [BODY-ERE]
    code=$(curl -s -m 2 -o "$WORK/poll" -w '%{http_code}' "$1" 2>/dev/null) || code=000
    [ "$code" = "$2" ] || return 1
    [ -z "${3:-}" ] || grep -Eq "$3" "$WORK/poll"
}

check_cluster() {
    if [ "${SMOKE_CLUSTER:-1}" = 0 ]; then
        say "note: SMOKE_CLUSTER=0: the cluster profile was NOT tested"
        return 0
    fi
    [ -n "${COMPOSE_CMD:-}" ] || { say "note: no compose tool: the cluster profile was NOT tested"; return 0; }
    t_cluster=$(now_ms)
    if [ "$ENGINE" = podman ] && [ -d /usr/lib/cni ] && [ ! -x /usr/lib/cni/dnsname ] &&
        eng info --format '{{.Host.NetworkBackend}}' 2>/dev/null | grep -qx cni; then
        # CNI networks resolve service names only with the dnsname plugin.
        is_root || fail "cluster: podman's CNI networks need the dnsname plugin (apt-get install golang-github-containernetworking-plugin-dnsname)"
        apt_install golang-github-containernetworking-plugin-dnsname
    fi
    PG_IMAGE=${ARTICLED_POSTGRES_IMAGE:-localhost/articled-postgres:latest}
    LB_IMAGE=${ARTICLED_LB_IMAGE:-localhost/articled-lb:latest}
    t0=$(now_ms)
    build_aux postgres postgres.Dockerfile "$PG_IMAGE"
    build_aux lb nginx.Dockerfile "$LB_IMAGE"
    say "cluster: built $PG_IMAGE and $LB_IMAGE in $(( ($(now_ms) - t0) / 1000 )) s"

    # A write key, made by the image's own binary; the file holds only its hash.
    mkdir -p "$WORK/cluster"
    chmod 0777 "$WORK/cluster"
    out=$(eng run --rm --network none -v "$WORK/cluster:/k" "$IMAGE" \
        keys add cms --scopes read,write --keys /k/keys.txt 2>&1) || fail "cluster: articled keys add: $out"
    token=${out##* }
    chmod 0644 "$WORK/cluster/keys.txt"
    auth="Authorization: Bearer $token"

    CLUSTER=1
    # The services named (see docker/compose.yaml): the one command both tools take.
    # shellcheck disable=SC2086
    cluster_compose up -d --no-build $CLUSTER_SERVICES >"$WORK/cluster.log" 2>&1 ||
        { cat "$WORK/cluster.log" >&2; fail "cluster: $COMPOSE_CMD up failed"; }
    pg=$(cluster_cid postgres) || fail "cluster: no postgres container"
    r1=$(cluster_cid articled-1) || fail "cluster: no articled-1 container"
    r2=$(cluster_cid articled-2) || fail "cluster: no articled-2 container"
    lb=$(cluster_cid lb) || fail "cluster: no lb container"
    lport=$(eng port "$lb" 8080/tcp | head -n 1 | sed 's/.*://')
    [ -n "$lport" ] || fail "cluster: nginx publishes no port"
    LB="http://127.0.0.1:$lport"
    # The replicas are not published: reached on their own addresses on the network.
    R1=$(replica_url "$r1")
    R2=$(replica_url "$r2")
    poll_until 60000 "nginx /readyz 200" status_is "$LB/readyz" 200
    poll_until 30000 "articled-1 /readyz 200" status_is "$R1/readyz" 200
    poll_until 30000 "articled-2 /readyz 200" status_is "$R2/readyz" 200
    say "cluster: up and ready in $(( ($(now_ms) - t_cluster) / 1000 )) s (nginx on $LB, replicas $R1 $R2)"
    at "$LB" GET /readyz
    expect 200 "$JSON_TYPE"
    expect_json status ok
    pass "cluster: GET /readyz through nginx -> 200, status ok"

    id=smoke-cluster-$$
    printf 'Council vote\n\n\342\200\234It passed,\342\200\235 said Ann Lee.\n' >"$WORK/article.txt"
    at "$LB" PUT "/v1/articles/$id" -H "$auth" -H 'If-None-Match: *' \
        -H 'Content-Type: text/plain; charset=utf-8' --data-binary "@$WORK/article.txt"
    expect 201 "$JSON_TYPE"
    at "$LB" PUT "/v1/articles/$id" -H 'Content-Type: text/plain; charset=utf-8' \
        --data-binary "@$WORK/article.txt"
    [ "$STATUS" = 401 ] || fail "$LABEL without a key: status $STATUS, want 401"
    for r in "$R1" "$R2"; do
        poll_until 1000 "the PUT read back from $r" status_is "$r/v1/articles/$id" 200 'It passed'
        say "cluster: $r serves the write after $POLL_MS ms"
    done
    pass "cluster: PUT through nginx -> 201 (401 without a key); read back from each replica within 1 s"

    eng stop -t 10 "$pg" >/dev/null 2>&1 || fail "cluster: cannot stop postgres"
    for r in "$R1" "$R2"; do
        poll_until 15000 "$r /readyz degraded" status_is "$r/readyz" 200 '"status": *"degraded"'
        at "$r" GET "/v1/articles/$id"
        expect 200 "$JSON_TYPE"
        at "$r" GET /metrics
        expect_body '^articled_store_up 0$'
    done
    at "$LB" GET "/v1/articles/$id"
    expect 200 "$JSON_TYPE"
    at "$LB" PUT "/v1/articles/$id" -H "$auth" -H 'Content-Type: text/plain; charset=utf-8' \
        --data-binary "@$WORK/article.txt"
    expect 503 "$PROBLEM_TYPE"
    at "$LB" DELETE "/v1/articles/$id" -H "$auth"
    expect 503 "$PROBLEM_TYPE"
    pass "cluster: postgres stopped: reads 200 on both replicas and nginx, /readyz degraded (200), articled_store_up 0, PUT and DELETE 503 problem+json"

    # A replica (re)started without its database has nothing to serve: 503, and nginx
    # takes reads to the other one.
    eng restart -t 10 "$r2" >/dev/null 2>&1 || fail "cluster: cannot restart articled-2"
    R2=$(replica_url "$r2")
    poll_until 15000 "restarted articled-2 /readyz 503" status_is "$R2/readyz" 503 'starting'
    at "$R2" GET "/v1/articles/$id"
    expect 503 "$PROBLEM_TYPE"
    for _ in 1 2 3 4 5 6; do
        at "$LB" GET "/v1/articles/$id"
        expect 200 "$JSON_TYPE"
    done
    pass "cluster: articled-2 restarted without postgres: /readyz and reads 503 on it, reads through nginx still 200"

    eng start "$pg" >/dev/null 2>&1 || fail "cluster: cannot start postgres again"
    for r in "$R1" "$R2"; do
        poll_until 30000 "$r /readyz ok after postgres restarted" status_is "$r/readyz" 200 '"status": *"ok"'
        say "cluster: $r ready again after $POLL_MS ms"
        at "$r" GET "/v1/articles/$id"
        expect 200 "$JSON_TYPE"
    done
    at "$LB" DELETE "/v1/articles/$id" -H "$auth"
    [ "$STATUS" = 204 ] || fail "$LABEL: status $STATUS, want 204; body: $(body_excerpt)"
    for r in "$R1" "$R2"; do
        poll_until 1000 "the DELETE seen on $r" status_is "$r/v1/articles/$id" 404
    done
    pass "cluster: postgres back: both replicas ok (articled-2 loaded), DELETE through nginx -> 204, 404 on each replica within 1 s"

    cluster_down >>"$WORK/cluster.log" 2>&1
    CLUSTER=""
    [ -z "$(eng ps -aq --filter "label=com.docker.compose.project=$CPROJECT")" ] ||
        fail "cluster: containers left after down"
    ! eng volume inspect "${CPROJECT}_pgdata" >/dev/null 2>&1 || fail "cluster: volume left after down"
    cluster_ms=$(($(now_ms) - t_cluster))
    pass "cluster: $COMPOSE_CMD down: no container or volume left; stage took $((cluster_ms / 1000)) s"
}

main() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    command -v curl >/dev/null 2>&1 || fail "curl is missing (sh .ci/deps installs it)"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/articled-smoke.XXXXXX")

    pick_engine
    say "engine: $ENGINE ($(eng --version 2>/dev/null | head -n 1))"
    choose_base_images
    build_image
    start_container
    check_endpoints
    check_healthcheck
    stop_container
    check_compose_file
    check_compose_up
    cluster_ms=0
    check_cluster

    say "summary: engine $ENGINE, image $size_mb MB, ready in $ready_ms ms, stopped in $stop_ms ms, cluster stage $((cluster_ms / 1000)) s, total $(( ($(now_ms) - T_START) / 1000 )) s"
    say "$PASSED passed, 0 failed"
}

main "$@"
