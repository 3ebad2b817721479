#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-cluster.sh start [DIR]   start a fresh cluster; prints `export ...` lines to eval:
#                                         PARTNERSUPPORT_TEST_PG  (Npgsql connection string)
#                                         PARTNERSUPPORT_PG_DIR   (pass to `stop`)
#                                       DIR (optional, must be empty) is used instead of a new mktemp -d dir,
#                                       so a caller can arm its cleanup trap before the cluster exists.
#   scripts/pg-cluster.sh stop DIR      stop the cluster (pg_ctl stop -m immediate) and remove DIR.
#
# Can also be sourced; it then only defines pg_cluster_start / pg_cluster_stop.
# All diagnostics go to stderr; stdout of `start` carries only the export lines.
#
# Never touches the system's default cluster (pg_ctlcluster / port 5432): everything lives in DIR.

PG_CLUSTER_VERSION="${PG_CLUSTER_VERSION:-15}"
PG_CLUSTER_MARKER=".partnersupport-pg-cluster"

_pgc_log() { printf 'pg-cluster: %s\n' "$*" >&2; }

# Run a command as the cluster owner: the `postgres` system user when root (initdb and pg_ctl refuse to
# run as root), otherwise the current user. Run from inside DIR so the postgres user never needs access to
# the caller's working directory (e.g. /root).
_pgc_as_owner() {
    local dir=$1
    shift
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u postgres -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

_pgc_bindir() {
    local d="/usr/lib/postgresql/${PG_CLUSTER_VERSION}/bin"
    if [ -x "$d/initdb" ]; then
        printf '%s\n' "$d"
        return 0
    fi
    # Fallback: newest installed major version (e.g. on a newer Debian where `postgresql` is not 15).
    local newest
    newest=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$newest" ]; then
        _pgc_log "warning: PostgreSQL ${PG_CLUSTER_VERSION} not found, using ${newest%/initdb}"
        printf '%s\n' "${newest%/initdb}"
        return 0
    fi
    return 1
}

_pgc_install() {
    if [ -x "/usr/lib/postgresql/${PG_CLUSTER_VERSION}/bin/initdb" ]; then
        return 0
    fi
    _pgc_log "PostgreSQL ${PG_CLUSTER_VERSION} not found; installing with apt-get"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update >&2 </dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 </dev/null
}

_pgc_port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        ss -Hltn "sport = :$port" 2>/dev/null | grep -q .
    else
        # Something accepts connections there?
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# pg_cluster_start [DIR]  -> prints export lines on stdout; returns non-zero (and cleans up) on failure.
pg_cluster_start() (
    set -euo pipefail
    local dir="${1:-}" created_dir=0 started=0 bindir

    _pgc_install
    bindir=$(_pgc_bindir) || { _pgc_log "initdb not found after install"; exit 1; }

    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/partnersupport-pg.XXXXXX")
        created_dir=1
        # The socket path must stay short (<108 bytes) and the postgres user must be able to reach it;
        # a long or private TMPDIR (e.g. under /root) breaks either, so fall back to /tmp.
        if [ "${#dir}" -gt 70 ] || { [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; }; then
            rmdir "$dir"
            dir=$(mktemp -d /tmp/partnersupport-pg.XXXXXX)
        fi
    else
        mkdir -p "$dir"
        if [ -n "$(ls -A "$dir")" ]; then
            _pgc_log "directory $dir is not empty"
            exit 1
        fi
    fi
    dir=$(cd "$dir" && pwd -P)
    : >"$dir/$PG_CLUSTER_MARKER"

    # On any failure or interruption below, don't leave a server or directory behind.
    # shellcheck disable=SC2317  # invoked via trap
    cleanup_on_failure() {
        local rc=$?
        if [ "$started" -ne 1 ]; then
            _pgc_stop_server "$dir" "$bindir"
            if [ "$created_dir" -eq 1 ]; then rm -rf -- "$dir"; fi
        fi
        exit "$rc"
    }
    trap cleanup_on_failure EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP

    mkdir -p "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$dir"
    fi

    # initdb: C.UTF-8 locale when the system has it, otherwise --no-locale (C).
    local locale_args=(--locale=C.UTF-8)
    if ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_args=(--no-locale)
    fi
    if ! _pgc_as_owner "$dir" "$bindir/initdb" -D "$dir/data" -A trust -U postgres --encoding=UTF8 \
        "${locale_args[@]}" >"$dir/initdb.log" 2>&1; then
        if [ "${locale_args[0]}" = "--no-locale" ]; then
            cat "$dir/initdb.log" >&2
            exit 1
        fi
        _pgc_log "initdb with C.UTF-8 failed, retrying with --no-locale"
        rm -rf -- "${dir:?}/data"
        _pgc_as_owner "$dir" "$bindir/initdb" -D "$dir/data" -A trust -U postgres --encoding=UTF8 \
            --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi

    cat >>"$dir/data/postgresql.conf" <<EOF

# --- throwaway test cluster (scripts/pg-cluster.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 128MB
EOF

    # Pick a free port from 55432 upwards; if another process grabs it between the check and the bind,
    # move on to the next one.
    local port="${PG_CLUSTER_PORT_BASE:-55432}" last=$(( ${PG_CLUSTER_PORT_BASE:-55432} + 100 )) ok=0
    while [ "$port" -le "$last" ]; do
        if _pgc_port_in_use "$port"; then
            port=$((port + 1))
            continue
        fi
        : >"$dir/postgres.log"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir/postgres.log"; fi
        if _pgc_as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $port" \
            -w -t 30 start >&2 </dev/null; then
            ok=1
            break
        fi
        if grep -qiE 'could not (bind|create listen socket)|address already in use' "$dir/postgres.log"; then
            _pgc_log "port $port taken, trying the next one"
            _pgc_stop_server "$dir" "$bindir"
            port=$((port + 1))
            continue
        fi
        _pgc_log "pg_ctl start failed; server log:"
        cat "$dir/postgres.log" >&2
        exit 1
    done
    if [ "$ok" -ne 1 ]; then
        _pgc_log "no free port found in ${PG_CLUSTER_PORT_BASE:-55432}..$last"
        exit 1
    fi

    # Bounded wait (~30 s) until the server accepts connections over TCP.
    local i
    for ((i = 0; i < 60; i++)); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; then
            started=1
            break
        fi
        sleep 0.5
    done
    if [ "$started" -ne 1 ]; then
        _pgc_log "server did not become ready within 30 s; server log:"
        cat "$dir/postgres.log" >&2
        exit 1
    fi
    _pgc_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$port (dir $dir)"

    trap - EXIT INT TERM HUP
    printf 'export PARTNERSUPPORT_TEST_PG=%q\n' "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    printf 'export PARTNERSUPPORT_PG_DIR=%q\n' "$dir"
)

# Stop the server in DIR if one is running (best effort, never fails).
_pgc_stop_server() {
    local dir=$1 bindir=${2:-} pid
    [ -f "$dir/data/postmaster.pid" ] || return 0
    if [ -z "$bindir" ]; then
        bindir=$(_pgc_bindir 2>/dev/null) || bindir=""
    fi
    if [ -n "$bindir" ]; then
        _pgc_as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    # Still there (pg_ctl missing or failed)? Kill the postmaster; its children exit with it.
    if [ -f "$dir/data/postmaster.pid" ]; then
        pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    return 0
}

# pg_cluster_stop DIR  -> stops the server and removes DIR (only if it is one of ours).
pg_cluster_stop() {
    local dir=${1:-${PARTNERSUPPORT_PG_DIR:-}}
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
        return 0
    fi
    if [ ! -e "$dir/$PG_CLUSTER_MARKER" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        _pgc_log "refusing to remove $dir: not a pg-cluster.sh directory"
        return 1
    fi
    _pgc_stop_server "$dir"
    rm -rf -- "$dir"
}

# Executed (not sourced): dispatch.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start) shift; pg_cluster_start "$@" ;;
        stop) shift; pg_cluster_stop "$@" ;;
        *)
            echo "usage: $0 start [DIR] | stop DIR" >&2
            exit 2
            ;;
    esac
fi
