# shellcheck shell=bash
# Shared bootstrap of ./setup/run, ./setup/test, ./setup/lint and the benchmarks:
# find Odoo, build the virtualenv, start (or reach) PostgreSQL, write odoo.conf.
# Sourced, not executed.

set -euo pipefail

CC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CC_STATE="$CC_ROOT/.cc"            # git-ignored: cluster, config, logs
CC_PG_STARTED=0

cc_log() { printf '[cc] %s\n' "$*" >&2; }
cc_die() { printf 'error: %s\n' "$*" >&2; exit 2; }

# --- Odoo source ------------------------------------------------------------
cc_find_odoo() {
    ODOO_SRC="${ODOO_SRC:-/opt/odoo-18.0}"
    [ -f "$ODOO_SRC/odoo-bin" ] && [ -f "$ODOO_SRC/odoo/release.py" ] \
        || cc_die "no Odoo source at $ODOO_SRC: set ODOO_SRC to an Odoo 18.0 source tree"
    grep -Eq '^version_info = \(18, 0,' "$ODOO_SRC/odoo/release.py" \
        || cc_die "$ODOO_SRC is not Odoo 18.0: set ODOO_SRC to an Odoo 18.0 source tree"
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    export ODOO_SRC
}

# --- Python virtualenv ------------------------------------------------------
cc_venv() {
    local python="${PYTHON:-python3}" key
    key="$( (cat "$CC_ROOT/requirements.txt" "$CC_ROOT/requirements-oca.txt"; "$python" -VV) | sha256sum | cut -c1-12)"
    CC_VENV="${CC_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/cc-suite/venv-$key}"
    mkdir -p "$(dirname "$CC_VENV")"
    exec 8>"$CC_VENV.lock"
    flock 8    # two commands started at once build the virtualenv once
    if [ ! -f "$CC_VENV/.complete" ]; then
        cc_log "creating virtualenv $CC_VENV (first run only)"
        rm -rf "$CC_VENV"
        "$python" -m venv "$CC_VENV"
        "$CC_VENV/bin/pip" install -q --upgrade pip 2>&1 | grep -v 'is ignored' >&2 || true
        "$CC_VENV/bin/pip" install -q -r "$CC_ROOT/requirements.txt" 2>&1 \
            | grep -v 'is ignored' >&2 || true
        "$CC_VENV/bin/pip" install -q --no-deps -r "$CC_ROOT/requirements-oca.txt" 2>&1 \
            | grep -v 'is ignored' >&2 || true
        "$CC_VENV/bin/python" -c 'import psycopg2, lxml, xlsxwriter, openpyxl, pytest' \
            || cc_die "virtualenv $CC_VENV is incomplete: see pip's messages above"
        [ -d "$("$CC_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons/report_xlsx" ] \
            || cc_die "OCA addons did not install into $CC_VENV: see pip's messages above"
        touch "$CC_VENV/.complete"
    fi
    flock -u 8
    CC_OCA_ADDONS="$("$CC_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons"
    export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
    export PATH="$CC_VENV/bin:$PATH"
}

# --- PostgreSQL -------------------------------------------------------------
cc_pg_bin() {
    if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    d="$(command -v initdb || true)"
    [ -n "$d" ] || cc_die "PostgreSQL server binaries not found: install PostgreSQL or set PG_BIN"
    dirname "$(readlink -f "$d")"
}

# run a PostgreSQL server command as a non-root user (the server refuses root)
cc_pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u "${CC_PG_OSUSER:-postgres}" -- "$@"; else "$@"; fi
}

cc_free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
}

cc_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ]; then
        CC_DB_HOST="${PGHOST:-}"; CC_DB_PORT="${PGPORT:-5432}"
        CC_DB_USER="${PGUSER:-$(id -un)}"; CC_DB_PASSWORD="${PGPASSWORD:-}"
        cc_log "using PostgreSQL server ${CC_DB_HOST:-<socket>}:$CC_DB_PORT as $CC_DB_USER"
        return
    fi
    local bin data="$CC_STATE/pgdata" port
    bin="$(cc_pg_bin)"
    mkdir -p "$CC_STATE"
    exec 7>"$CC_STATE/pg.lock"
    flock 7    # two commands started at once create and start the cluster once
    if [ ! -f "$data/PG_VERSION" ]; then
        cc_log "creating embedded PostgreSQL cluster in $data (first run only)"
        rm -rf "$data"; mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown "${CC_PG_OSUSER:-postgres}" "$data"
        cc_pg_as "$bin/initdb" -D "$data" -U odoo -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 256MB
CONF
    fi
    if cc_pg_as "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        port="$(sed -n 4p "$data/postmaster.pid")"
        cc_log "embedded PostgreSQL already running on 127.0.0.1:$port"
    else
        port="$(cc_free_port)"
        [ "$(id -u)" = 0 ] && chown "${CC_PG_OSUSER:-postgres}" "$CC_STATE"
        cc_pg_as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null \
            || { tail -20 "$data/server.log" >&2; cc_die "embedded PostgreSQL did not start (log above)"; }
        CC_PG_STARTED=1
        cc_log "embedded PostgreSQL started on 127.0.0.1:$port"
    fi
    # every command using the cluster holds a shared lock on pg.users until it
    # exits: the one that started it stops it only when nobody else uses it
    exec 6>"$CC_STATE/pg.users"
    flock -s 6
    flock -u 7
    CC_DB_HOST=127.0.0.1; CC_DB_PORT="$port"; CC_DB_USER=odoo; CC_DB_PASSWORD=""
}

cc_pg_stop() {
    if [ "$CC_PG_STARTED" = 1 ]; then
        exec 7>"$CC_STATE/pg.lock"
        flock 7
        flock -u 6
        exec 6>&-
        if ! flock -xn "$CC_STATE/pg.users" true; then
            flock -u 7
            CC_PG_STARTED=0
            cc_log "embedded PostgreSQL left running: another command is using it"
            return
        fi
        cc_pg_as "$(cc_pg_bin)/pg_ctl" -D "$CC_STATE/pgdata" -m fast -w stop >/dev/null 2>&1 || true
        CC_PG_STARTED=0
        flock -u 7
        cc_log "embedded PostgreSQL stopped"
    fi
}

cc_psql() {
    PGPASSWORD="$CC_DB_PASSWORD" "$(cc_pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 \
        ${CC_DB_HOST:+-h "$CC_DB_HOST"} -p "$CC_DB_PORT" -U "$CC_DB_USER" -d postgres "$@"
}

cc_db_exists() {
    [ "$(cc_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# --- Chromium (HttpCase tests and tours) ------------------------------------
# Odoo's ChromeBrowser runs the first of google-chrome, chromium, chromium-browser,
# google-chrome-stable found on PATH, headless with --no-sandbox (so root works).
cc_chromium() {
    local b
    cc_has_chromium() {
        for b in google-chrome chromium chromium-browser google-chrome-stable; do
            command -v "$b" >/dev/null 2>&1 && return 0
        done
        return 1
    }
    cc_has_chromium && return 0
    [ "$(id -u)" = 0 ] || cc_die "Chromium not found (the browser tests need it): install the \
Debian package chromium (sudo apt-get install chromium fonts-noto-cjk) or Google Chrome"
    command -v apt-get >/dev/null 2>&1 \
        || cc_die "Chromium not found and no apt-get to install it: install Chromium or Google Chrome"
    mkdir -p "$CC_STATE"
    exec 5>"$CC_STATE/chromium.lock"
    flock 5    # two commands started at once install it once
    if ! cc_has_chromium; then
        cc_log "installing Chromium with apt-get (first run only)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium fonts-noto-cjk; } >"$CC_STATE/chromium-install.log" 2>&1 \
            || { tail -20 "$CC_STATE/chromium-install.log" >&2; cc_die "installing Chromium failed (log above)"; }
        cc_has_chromium || cc_die "apt-get installed no chromium binary"
    fi
    flock -u 5
    exec 5>&-
}

# wkhtmltopdf: Odoo renders every PDF with it (the signed service receipts are
# rendered when the customer signs, the demo data included)
cc_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || cc_die "wkhtmltopdf not \
found (Odoo renders PDF reports with it): sudo apt-get install wkhtmltopdf"
    mkdir -p "$CC_STATE"
    exec 5>"$CC_STATE/wkhtmltopdf.lock"
    flock 5
    if ! command -v wkhtmltopdf >/dev/null 2>&1; then
        cc_log "installing wkhtmltopdf with apt-get (first run only)"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            wkhtmltopdf fonts-noto-cjk; } >"$CC_STATE/wkhtmltopdf-install.log" 2>&1 \
            || { tail -20 "$CC_STATE/wkhtmltopdf-install.log" >&2; cc_die "installing wkhtmltopdf failed (log above)"; }
        command -v wkhtmltopdf >/dev/null 2>&1 || cc_die "apt-get installed no wkhtmltopdf binary"
    fi
    flock -u 5
    exec 5>&-
}

# --- Odoo configuration -----------------------------------------------------
cc_modules() {
    local m names=()
    for m in "$CC_ROOT"/addons/*/__manifest__.py; do
        [ -f "$m" ] && names+=("$(basename "$(dirname "$m")")")
    done
    (IFS=,; echo "${names[*]}")
}

cc_odoo_conf() {
    CC_CONF="$CC_STATE/odoo.conf"
    mkdir -p "$CC_STATE/data"
    cat >"$CC_CONF" <<CONF
[options]
addons_path = $CC_ROOT/addons,$CC_OCA_ADDONS,$ODOO_SRC/addons
data_dir = $CC_STATE/data
db_host = ${CC_DB_HOST:-False}
db_port = $CC_DB_PORT
db_user = $CC_DB_USER
db_password = ${CC_DB_PASSWORD:-False}
admin_passwd = ${CC_ADMIN_PASSWD:-admin}
http_interface = ${CC_HTTP_INTERFACE:-127.0.0.1}
http_port = ${CC_HTTP_PORT:-8069}
list_db = True
without_demo = False
CONF
    export ODOO_RC="$CC_CONF"
}

cc_bootstrap() {
    cc_find_odoo
    cc_wkhtmltopdf
    cc_venv
    cc_postgres
    cc_odoo_conf
}

cc_odoo() { python "$ODOO_SRC/odoo-bin" -c "$CC_CONF" "$@"; }

# --- Scale-out: prefork workers and a streaming read replica ----------------
# Odoo options serving with N prefork HTTP workers, the gevent websocket worker
# (on its own free port unless CC_GEVENT_PORT is set) and cron threads.
cc_worker_args() {
    local workers="$1"
    [[ "$workers" =~ ^[0-9]+$ ]] && [ "$workers" -ge 1 ] \
        || cc_die "--workers needs a number of worker processes (1 or more), not '$workers'"
    python -c 'import gevent' 2>/dev/null \
        || cc_die "gevent is missing from $CC_VENV (Odoo's websocket worker needs it): add it to requirements.txt"
    CC_GEVENT_PORT="${CC_GEVENT_PORT:-$(cc_free_port)}"
    CC_WORKER_ARGS=(--workers="$workers" --max-cron-threads="${CC_CRON_THREADS:-2}"
        --gevent-port="$CC_GEVENT_PORT")
}

# start a streaming hot standby of the embedded cluster in data directory $1
# (pg_basebackup -R: a fresh copy each time), on a free port of its own;
# sets CC_REPLICA_PORT and CC_REPLICA_DATA, stopped by cc_pg_replica_stop
CC_REPLICA_DATA=""
CC_REPLICA_SLOT=""
cc_pg_replica_start() {
    local data="$1" bin port
    [ -z "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ] \
        || cc_die "--replica needs the embedded PostgreSQL cluster (unset PGHOST, PGPORT and PGUSER)"
    bin="$(cc_pg_bin)"
    if [ -f "$data/postmaster.pid" ]; then
        cc_pg_as "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown "${CC_PG_OSUSER:-postgres}" "$data"
    chmod 700 "$data"
    # a physical replication slot keeps the WAL the standby still needs (the
    # primary is busy with other commands' databases): dropped when it stops
    CC_REPLICA_SLOT="cc_replica_$(basename "$data" | tr -c 'a-z0-9_\n' '_')"
    cc_psql -tAc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
        WHERE slot_name = '$CC_REPLICA_SLOT' AND NOT active" >/dev/null
    cc_log "copying the cluster into the replica $data (pg_basebackup -R)"
    cc_pg_as "$bin/pg_basebackup" -h 127.0.0.1 -p "$CC_DB_PORT" -U odoo -D "$data" -R \
        -C -S "$CC_REPLICA_SLOT" -X stream -c fast >/dev/null 2>"$CC_STATE/replica-basebackup.log" \
        || { tail -20 "$CC_STATE/replica-basebackup.log" >&2; cc_die "pg_basebackup failed (log above)"; }
    port="$(cc_free_port)"
    CC_REPLICA_DATA="$data"
    cc_pg_as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 \
        -o "-p $port -c hot_standby=on" start >/dev/null \
        || { tail -20 "$data/server.log" >&2; cc_die "the replica did not start (log above)"; }
    [ "$(cc_psql -p "$port" -tAc 'SELECT pg_is_in_recovery()')" = t ] \
        || cc_die "the replica on port $port is not a standby"
    CC_REPLICA_PORT="$port"
    cc_log "streaming replica (hot standby) started on 127.0.0.1:$port"
}

cc_pg_replica_stop() {
    [ -n "$CC_REPLICA_DATA" ] || return 0
    cc_pg_as "$(cc_pg_bin)/pg_ctl" -D "$CC_REPLICA_DATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$CC_REPLICA_DATA"
    cc_psql -tAc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
        WHERE slot_name = '$CC_REPLICA_SLOT'" >/dev/null 2>&1 || true
    CC_REPLICA_DATA=""
    cc_log "replica stopped"
}
