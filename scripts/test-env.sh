# shellcheck shell=bash
# Test environment for Madang: real PostgreSQL, a real SMTP server and Chromium.
#
# Meant to be sourced (by test.sh, or by a developer's shell before `dotnet test`):
#
#   source scripts/test-env.sh
#   madang_require_packages   # install what is missing (as root), or say what is
#   madang_start_postgres     # exports MADANG_TEST_POSTGRES
#   madang_start_smtp         # exports MADANG_TEST_SMTP_HOST/_PORT, MADANG_TEST_MAILDIR
#
# MADANG_TEST_CHROMIUM is exported as soon as /usr/bin/chromium exists.
#
# Everything started here lives in fresh temporary directories and is torn down by an
# EXIT trap (madang_cleanup), whether the tests pass, fail or the run is interrupted.
# Tests find the services only through these variables; a variable left unset means the
# service is not available on this machine (outside CI the tests may then skip).

# Where this file lives, so the catcher script is found whatever the caller's directory.
MADANG_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The Debian python3-aiosmtpd module is installed for the system interpreter; a python3
# that comes first on PATH (pyenv, a venv) would not see it, so prefer /usr/bin/python3.
if [[ -x /usr/bin/python3 ]]; then
    MADANG_PYTHON=/usr/bin/python3
else
    MADANG_PYTHON=python3
fi

madang_log() { printf 'test-env: %s\n' "$*" >&2; }

madang_is_root() { [[ "$(id -u)" -eq 0 ]]; }

madang_is_ci() { [[ "${CI:-}" == "true" ]]; }

# ---------------------------------------------------------------------------------------
# Cleanup: a list of commands run in reverse order of registration from the EXIT trap.
# ---------------------------------------------------------------------------------------

MADANG_CLEANUPS=()
MADANG_TRAP_INSTALLED=""

# madang_add_cleanup CMD [ARGS...]: run CMD ARGS at exit. Arguments are quoted now, so
# paths with spaces survive until the trap evaluates them.
madang_add_cleanup() {
    local quoted
    quoted="$(printf '%q ' "$@")"
    MADANG_CLEANUPS+=("$quoted")
    if [[ -z "$MADANG_TRAP_INSTALLED" ]]; then
        MADANG_TRAP_INSTALLED=1
        trap madang__on_exit EXIT
        # In a script, a signal would otherwise end the shell without the EXIT trap in
        # some cases; turning it into an ordinary exit guarantees the cleanup runs. Not in
        # an interactive shell, where Ctrl-C must not close the developer's terminal.
        if [[ $- != *i* ]]; then
            trap 'exit 130' INT
            trap 'exit 143' TERM
            trap 'exit 129' HUP
        fi
    fi
}

# Runs every registered cleanup once (last registered first). Each step is allowed to
# fail: a half-started service must not keep the rest from being torn down.
madang_cleanup() {
    local i
    for ((i = ${#MADANG_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${MADANG_CLEANUPS[i]}" || madang_log "cleanup step failed: ${MADANG_CLEANUPS[i]}"
    done
    MADANG_CLEANUPS=()
}

madang__on_exit() {
    local rc=$?
    # Cleanup must not be cut short by errexit, nor change the script's exit code.
    set +e
    madang_cleanup
    exit "$rc"
}

# A free TCP port on 127.0.0.1, chosen by the kernel. Another process could in principle
# take it before we bind; the start functions retry on a bind failure.
madang_free_port() {
    "$MADANG_PYTHON" -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# ---------------------------------------------------------------------------------------
# Required packages
# ---------------------------------------------------------------------------------------

madang__have_chromium() { [[ -x /usr/bin/chromium ]]; }

madang__have_cjk_fonts() {
    # Korean text must render in screenshots / PDFs made by Chromium; without a CJK font
    # it comes out as tofu boxes.
    { command -v fc-list >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } ||
        dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
}

# The newest PostgreSQL server installed under Debian's layout (15 on Debian 12).
madang__pg_bindir() {
    local initdb newest=""
    for initdb in /usr/lib/postgresql/*/bin/initdb; do
        [[ -x "$initdb" ]] && newest="$(printf '%s\n' "$newest" "$initdb" | sort -V | tail -n 1)"
    done
    [[ -n "$newest" ]] && dirname "$newest"
}

madang__have_postgres() { [[ -n "$(madang__pg_bindir)" ]]; }

madang__have_aiosmtpd() { "$MADANG_PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1; }

# The DCAT tests parse the catalogue with a real RDF parser (rdflib); the datastore benchmark
# measures sqlite3's own .import as its ceiling.
madang__have_rdflib() { "$MADANG_PYTHON" -c 'import rdflib' >/dev/null 2>&1; }

madang__have_sqlite3() { command -v sqlite3 >/dev/null; }

# Prints the Debian packages for whatever is missing, separated by spaces.
madang__missing_packages() {
    local missing=()
    madang__have_postgres || missing+=(postgresql)
    madang__have_chromium || missing+=(chromium)
    madang__have_cjk_fonts || missing+=(fonts-noto-cjk)
    madang__have_aiosmtpd || missing+=(python3-aiosmtpd)
    madang__have_rdflib || missing+=(python3-rdflib)
    madang__have_sqlite3 || missing+=(sqlite3)
    echo "${missing[*]}"
}

# Makes sure PostgreSQL, Chromium, the CJK fonts and aiosmtpd are installed. As root it
# installs what is missing from Debian (the project's machines are new every so often, so
# the project itself must bring what it needs). What still is missing afterwards fails
# the run under CI=true, and is only a warning for a developer: the matching MADANG_TEST_*
# variable then stays unset.
madang_require_packages() {
    local missing
    missing="$(madang__missing_packages)"

    if [[ -n "$missing" ]] && madang_is_root && command -v apt-get >/dev/null; then
        madang_log "installing missing packages: $missing"
        # Lock::Timeout: wait for an apt run that is already going instead of failing.
        apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 ||
            madang_log "apt-get update failed"
        # shellcheck disable=SC2086 # word splitting of the package list is wanted
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
            --no-install-recommends $missing >&2 ||
            madang_log "apt-get install failed"
        missing="$(madang__missing_packages)"
    fi

    if [[ -n "$missing" ]]; then
        if madang_is_ci; then
            madang_log "ERROR: required packages are missing: $missing"
            madang_log "CI runs every test; install them with: apt-get install $missing"
            exit 1
        fi
        madang_log "WARNING: missing packages: $missing - tests needing them will not get their MADANG_TEST_* variable"
    fi

    if madang__have_chromium; then
        export MADANG_TEST_CHROMIUM=/usr/bin/chromium
    else
        unset MADANG_TEST_CHROMIUM
    fi
}

# ---------------------------------------------------------------------------------------
# PostgreSQL: a throwaway cluster per run
# ---------------------------------------------------------------------------------------

# Runs a command as the cluster owner. PostgreSQL refuses to run as root, so as root the
# server belongs to the `postgres` user (created by Debian's postgresql package);
# otherwise the current user owns it.
madang__as_pg_owner() {
    if madang_is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

madang__stop_postgres() {
    local bindir="$1" base="$2"
    if [[ -f "$base/data/postmaster.pid" ]]; then
        # Immediate: the data is thrown away anyway, no need for a checkpoint.
        madang__as_pg_owner "$bindir/pg_ctl" -D "$base/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        # Should pg_ctl not have managed, kill the postmaster (its children follow it).
        if [[ -f "$base/data/postmaster.pid" ]]; then
            local pid
            pid="$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null)"
            [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
        fi
    fi
    rm -rf "$base"
}

# Server settings as a city would run PostgreSQL on this machine (the benchmarks use them; tests keep the defaults):
# a quarter of the memory as shared buffers, at most 8 GiB, on huge pages. Without huge pages every backend, and every
# parallel worker (a new process each query), maps each 4 KB of shared buffers it touches with a page fault of its own:
# at a million search entries that cost a fresh worker 560 ms on a scan a warm backend did in 80 (decision 0011). As root
# the huge pages are reserved here and given back when the shell exits; without enough of them the defaults stay.
# Sets MADANG_PG_OPTIONS for madang_start_postgres.
madang_tune_postgres() {
    local mem_kb buffers_mb pages total
    mem_kb="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
    buffers_mb=$(( mem_kb / 4 / 1024 ))
    (( buffers_mb > 8192 )) && buffers_mb=8192
    (( buffers_mb < 128 )) && buffers_mb=128
    # Shared memory is the buffers plus some tens of MB of other structures; pages are 2 MB on x86-64, not everywhere.
    local page_kb
    page_kb="$(awk '/^Hugepagesize:/ {print $2}' /proc/meminfo)"
    pages=$(( ((buffers_mb + buffers_mb / 16 + 64) * 1024 + ${page_kb:-2048} - 1) / ${page_kb:-2048} ))
    total="$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)"
    if (( total < pages )) && madang_is_root && [[ -w /proc/sys/vm/nr_hugepages ]]; then
        if echo "$pages" >/proc/sys/vm/nr_hugepages 2>/dev/null; then
            madang_add_cleanup madang__give_back_huge_pages "$total"
        fi
    fi
    local free
    free="$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo)"
    if (( ${free:-0} < pages )); then
        # Large buffers on 4 KB pages measured no better than the default 128 MB (p95 67–102 against 67–71 ms).
        madang_log "PostgreSQL left at its default memory: ${free:-0} huge pages free, $pages wanted (run as root to reserve them)"
        export MADANG_PG_OPTIONS=""
        return 0
    fi
    madang_log "PostgreSQL tuned: shared_buffers=${buffers_mb}MB on huge pages ($pages of ${free} free)"
    export MADANG_PG_OPTIONS="-c shared_buffers=${buffers_mb}MB -c huge_pages=on -c effective_cache_size=$(( mem_kb / 2 / 1024 ))MB"
}

madang__give_back_huge_pages() { echo "$1" >/proc/sys/vm/nr_hugepages 2>/dev/null || true; }

# Starts a fresh cluster on a free port on 127.0.0.1 and exports
#   MADANG_TEST_POSTGRES="Host=127.0.0.1;Port=PORT;Username=postgres;Password=postgres;Database=postgres"
# (an Npgsql connection string; the password is set but trust auth means it is not asked).
madang_start_postgres() {
    unset MADANG_TEST_POSTGRES
    local bindir
    bindir="$(madang__pg_bindir)" || true
    if [[ -z "$bindir" ]]; then
        if madang_is_ci; then
            madang_log "ERROR: no PostgreSQL server (/usr/lib/postgresql/*/bin/initdb)"
            exit 1
        fi
        madang_log "WARNING: no PostgreSQL server; MADANG_TEST_POSTGRES stays unset"
        return 0
    fi
    if madang_is_root && ! id postgres >/dev/null 2>&1; then
        madang_log "ERROR: running as root but there is no 'postgres' user to own the cluster"
        madang_is_ci && exit 1
        return 0
    fi

    # Layout: $base (socket dir, owned by the cluster owner) / data (cluster) / log.
    local base
    base="$(mktemp -d -t madang-pg.XXXXXXXX)"
    chmod 700 "$base"
    madang_is_root && chown postgres:postgres "$base"
    madang_add_cleanup madang__stop_postgres "$bindir" "$base"

    # C.UTF-8 keeps ordering byte-wise (like CI everywhere) while still classifying
    # non-ASCII characters; fall back to the plain C locale if it is not there.
    local locale_args=(--locale=C.UTF-8)
    locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' || locale_args=(--no-locale)

    printf 'postgres\n' >"$base/pwfile"
    madang_is_root && chown postgres:postgres "$base/pwfile"
    if ! madang__as_pg_owner "$bindir/initdb" -D "$base/data" -U postgres --pwfile="$base/pwfile" \
        -E UTF8 "${locale_args[@]}" --auth-local=trust --auth-host=trust >"$base/initdb.log" 2>&1; then
        cat "$base/initdb.log" >&2
        madang_log "ERROR: initdb failed"
        exit 1
    fi
    rm -f "$base/pwfile"

    # Only local socket and 127.0.0.1 connections, both without a password: the server
    # listens on nothing else and is gone at the end of the run.
    cat >"$base/data/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF

    # The port is only known to be free at the moment it was chosen: retry on a clash.
    local attempt port=""
    for attempt in 1 2 3 4 5; do
        port="$(madang_free_port)"
        # fsync & co. off: durability is worthless for a throwaway test database and
        # costs a lot of time. max_connections: parallel test classes each hold pools.
        if madang__as_pg_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/log" -w -t 60 \
            -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${MADANG_PG_OPTIONS:-}" \
            start >/dev/null; then
            break
        fi
        port=""
        if ! grep -qi "could not bind\|address already in use" "$base/log" 2>/dev/null; then
            break # not a port clash: retrying will not help
        fi
        madang_log "port clash on attempt $attempt, retrying"
        : >"$base/log"
    done
    if [[ -z "$port" ]]; then
        tail -n 30 "$base/log" >&2 2>/dev/null
        madang_log "ERROR: PostgreSQL did not start"
        exit 1
    fi

    export MADANG_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
    # Not exported, for a developer's shell: psql -h 127.0.0.1 -p "$MADANG_TEST_POSTGRES_PORT" -U postgres
    # shellcheck disable=SC2034
    MADANG_TEST_POSTGRES_PORT="$port"
    madang_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $base/data)"
}

# ---------------------------------------------------------------------------------------
# SMTP: scripts/smtp-catcher.py writing every message to a mail directory
# ---------------------------------------------------------------------------------------

madang__stop_smtp() {
    local pid="$1" maildir="$2" log="$3"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        # Give it up to 5 s to close its sockets, then force it.
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    rm -rf "$maildir" "$log"
}

# Starts the SMTP catcher on a free port and exports MADANG_TEST_SMTP_HOST,
# MADANG_TEST_SMTP_PORT and MADANG_TEST_MAILDIR (where each message lands as a .eml file).
madang_start_smtp() {
    unset MADANG_TEST_SMTP_HOST MADANG_TEST_SMTP_PORT MADANG_TEST_MAILDIR
    if ! madang__have_aiosmtpd; then
        if madang_is_ci; then
            madang_log "ERROR: python3-aiosmtpd is not installed"
            exit 1
        fi
        madang_log "WARNING: python3-aiosmtpd is not installed; MADANG_TEST_SMTP_* stay unset"
        return 0
    fi

    local maildir log
    maildir="$(mktemp -d -t madang-mail.XXXXXXXX)"
    log="$(mktemp -t madang-smtp-log.XXXXXXXX)"

    local attempt port="" pid=""
    for attempt in 1 2 3 4 5; do
        port="$(madang_free_port)"
        : >"$log"
        "$MADANG_PYTHON" -u "$MADANG_SCRIPTS_DIR/smtp-catcher.py" \
            --host 127.0.0.1 --port "$port" --dir "$maildir" >"$log" 2>&1 </dev/null &
        pid=$!
        madang_add_cleanup madang__stop_smtp "$pid" "$maildir" "$log"

        # Wait for its "ready" line (up to 20 s), or for it to die.
        local i
        for ((i = 0; i < 200; i++)); do
            grep -qx "ready" "$log" 2>/dev/null && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        grep -qx "ready" "$log" 2>/dev/null && break

        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        port=""
        # Only a port clash is worth another try.
        grep -qi "address already in use" "$log" || break
        madang_log "SMTP port clash on attempt $attempt, retrying"
    done
    if [[ -z "$port" ]]; then
        cat "$log" >&2
        madang_log "ERROR: the SMTP catcher did not start"
        exit 1
    fi

    export MADANG_TEST_SMTP_HOST=127.0.0.1
    export MADANG_TEST_SMTP_PORT="$port"
    export MADANG_TEST_MAILDIR="$maildir"
    # Not exported: the catcher's own log (one line per message), handy when debugging.
    # shellcheck disable=SC2034
    MADANG_TEST_SMTP_LOG="$log"
    madang_log "SMTP catcher on 127.0.0.1:$port (pid $pid, mail in $maildir)"
}
